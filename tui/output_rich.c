/*
 * output_rich.c: one rich output item: a widget tree, Markdown (with the
 * widgets it embeds), a table window or a decoded image, rendered into
 * styled lines by src/'s renderers (widget.c for widgets) at the look
 * the pane gives, and rendered again only when the look, the focus or
 * the item's state changed. Tables keep the one window the kernel sent
 * and a cursor; scrolling past it asks the kernel (output_rich_table_
 * want), so a million-row frame costs the editor one window.
 */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "imgrender.h"
#include "keys.h"
#include "mdrender.h"
#include "richtext.h"
#include "sanitize.h"
#include "tablerender.h"
#include "widget.h"
#include "xmalloc.h"

#include "output_int.h"

#define OUTPUT_MIME_WIDGETS "application/vnd.quire.widgets+json"
/* Rows asked for around the one shown at the top, and how many. */
#define OUTPUT_TABLE_BEFORE 200
#define OUTPUT_TABLE_LIMIT 500
#define OUTPUT_TABLE_COLS 50

enum output_rich_kind {
	OUTPUT_RICH_WIDGET,
	OUTPUT_RICH_MARKDOWN,
	OUTPUT_RICH_TABLE,
	OUTPUT_RICH_IMAGE
};

struct output_rich {
	enum output_rich_kind kind;
	const char *mime;		/* static */
	struct buf src;			/* MARKDOWN: the text */
	struct widget *widget;		/* WIDGET; TABLE of mo.ui.table */
	struct widget **embedded;	/* MARKDOWN: widgets+json */
	size_t nembedded;
	struct buf scratch;		/* widget_text's answer */

	struct tablerender *table;	/* TABLE */
	char *table_id;			/* NULL: no live table to ask */
	size_t first_row, first_col, cursor;
	size_t cur_col;			/* the column cursor: `s` sorts by
					   it; absolute data column */
	bool col_follow;		/* the view scrolls to cur_col (after
					   < >), else cur_col stays in the
					   view (after the arrows) */
	size_t col_offset;		/* first data column held */
	size_t sort_col;		/* wanted; TABLERENDER_NONE */
	bool sort_desc;
	char *sort_name;		/* sort_col's name, for the kernel */
	size_t held_sort;		/* the order of the rows held */
	bool held_desc;
	size_t asked_sort;		/* the order asked for */
	bool asked_desc;
	bool asked;			/* a window is on its way */
	unsigned long nanswers;		/* answers taken */
	unsigned long want_at;		/* nanswers at the last want */
	size_t *sel;			/* selected rows (mo.ui.table), by
					   absolute index, ascending */
	size_t nsel;
	size_t *row_ids;		/* sorted window: the absolute index
					   of each row held; NULL: rows are
					   in the table's own order */
	size_t nrow_ids;
	size_t ids_offset;		/* the position of row_ids[0] */
	const char *selmode;		/* the element's "selection", static;
					   NULL: none */

	struct imgrender *img;		/* IMAGE */
	struct buf gfx;			/* IMAGE: the picture, when the
					   look asks for graphics */
	size_t gfx_rows, gfx_cols;
	uint64_t gfx_id;

	struct richtext *rt;
	struct output_look look;
	bool stale;
	const struct widget *focus_w;	/* as rendered */
	bool focus_table;
};

static const char *
output_rich_cb(void *ctx, const char *id, size_t idlen, size_t *len)
{
	struct output_rich *r = ctx;
	size_t i;

	for (i = 0; i < r->nembedded; i++) {
		const char *wid = widget_id(r->embedded[i]);

		if (strlen(wid) == idlen && memcmp(wid, id, idlen) == 0) {
			buf_reset(&r->scratch);
			widget_text(&r->scratch, r->embedded[i],
			    r->look.ascii);
			*len = r->scratch.len;
			return r->scratch.ptr;
		}
	}
	return NULL;
}

/* Is absolute row id selected? */
static bool
output_rich_sel_has(const struct output_rich *r, size_t id)
{
	size_t lo = 0, hi = r->nsel, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->sel[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nsel && r->sel[lo] == id;
}

/* Add or drop absolute row id, keeping r->sel ascending. */
static void
output_rich_sel_set(struct output_rich *r, size_t id, bool on)
{
	size_t i;

	for (i = 0; i < r->nsel && r->sel[i] < id; i++)
		;
	if (on && (i == r->nsel || r->sel[i] != id)) {
		r->sel = xreallocarray(r->sel, r->nsel + 1, sizeof *r->sel);
		memmove(r->sel + i + 1, r->sel + i,
		    (r->nsel - i) * sizeof *r->sel);
		r->sel[i] = id;
		r->nsel++;
	} else if (!on && i < r->nsel && r->sel[i] == id) {
		memmove(r->sel + i, r->sel + i + 1,
		    (r->nsel - i - 1) * sizeof *r->sel);
		r->nsel--;
	}
}

static int
output_rich_cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The name of the column the table came sorted by, kept to ask again
 * for rows in that order. */
static void
output_rich_sort_name(struct output_rich *r)
{
	const struct richtext_line *l = NULL;

	free(r->sort_name);
	r->sort_name = NULL;
	if (r->sort_col != TABLERENDER_NONE)
		l = tablerender_column_name(r->table,
		    tablerender_nindex(r->table) + r->sort_col);
	if (l != NULL)
		r->sort_name = xstrdup(l->line.text);
}

/*
 * What the window's JSON says beyond the model: the table's id (first
 * window only: answers name the same table), the absolute row index of
 * each row of a sorted window ("row_ids"), and, when sel is true, the
 * selected rows, absolute indices (the model takes "selected" for row
 * positions, which they are only in the table's own order).
 */
static void
output_rich_table_meta(struct output_rich *r, const char *json, size_t len,
    bool id, bool sel)
{
	json_t *o = json_loadb(json, len, 0, NULL), *a, *v;
	const char *s;
	size_t i, n;

	free(r->row_ids);
	r->row_ids = NULL;
	r->nrow_ids = 0;
	if (o == NULL)
		return;
	if (id && (s = json_string_value(json_object_get(o, "table_id"))) !=
	    NULL)
		r->table_id = xstrdup(s);
	v = json_object_get(o, "offset");
	r->ids_offset = json_is_integer(v) && json_integer_value(v) > 0 ?
	    (size_t)json_integer_value(v) : 0;
	a = json_object_get(o, "row_ids");
	if (json_is_array(a) && (n = json_array_size(a)) > 0) {
		r->row_ids = xreallocarray(NULL, n, sizeof *r->row_ids);
		json_array_foreach(a, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				break;
			r->row_ids[i] = (size_t)json_integer_value(v);
		}
		r->nrow_ids = i;
		if (i == 0) {
			free(r->row_ids);
			r->row_ids = NULL;
		}
	}
	a = json_object_get(o, "selected");
	if (sel) {
		free(r->sel);
		r->sel = NULL;
		r->nsel = 0;
		n = json_is_array(a) ? json_array_size(a) : 0;
		if (n > 0)
			r->sel = xreallocarray(NULL, n, sizeof *r->sel);
		json_array_foreach(a, i, v)
			if (json_is_integer(v) && json_integer_value(v) >= 0)
				r->sel[r->nsel++] = (size_t)
				    json_integer_value(v);
		if (r->nsel > 1)
			qsort(r->sel, r->nsel, sizeof *r->sel,
			    output_rich_cmp_size);
	}
	json_decref(o);
}

/* The absolute index of the row at position pos of the order held, or
 * TABLERENDER_NONE when it is sorted and pos is not held. */
static size_t
output_rich_row_id(const struct output_rich *r, size_t pos)
{
	if (r->row_ids == NULL)
		return pos;
	if (pos < r->ids_offset || pos - r->ids_offset >= r->nrow_ids)
		return TABLERENDER_NONE;
	return r->row_ids[pos - r->ids_offset];
}

/* Mark in the model (by position) the rows selected (by id). */
static void
output_rich_sel_marks(struct output_rich *r)
{
	const size_t *s;
	size_t *old, i, n, id;

	s = tablerender_selected(r->table, &n);
	old = n > 0 ? xreallocarray(NULL, n, sizeof *old) : NULL;
	if (n > 0)
		memcpy(old, s, n * sizeof *old);
	for (i = 0; i < n; i++)
		(void)tablerender_select(r->table, old[i], false);
	free(old);
	if (r->row_ids == NULL) {
		for (i = 0; i < r->nsel; i++)
			(void)tablerender_select(r->table, r->sel[i], true);
		return;
	}
	for (i = 0; i < r->nrow_ids; i++) {
		id = r->row_ids[i];
		if (output_rich_sel_has(r, id))
			(void)tablerender_select(r->table, r->ids_offset + i,
			    true);
	}
}

static bool
output_rich_table_init(struct output_rich *r, const char *json, size_t len)
{
	if (tablerender_parse(&r->table, json, len) < 0)
		return false;
	output_rich_table_meta(r, json, len, true, true);
	r->kind = OUTPUT_RICH_TABLE;
	switch (tablerender_selection(r->table)) {
	case TABLERENDER_SELECT_SINGLE:
		r->selmode = "single";
		break;
	case TABLERENDER_SELECT_MULTI:
		r->selmode = "multi";
		break;
	case TABLERENDER_SELECT_NONE:
		break;
	}
	tablerender_sort(r->table, &r->sort_col, &r->sort_desc);
	output_rich_sort_name(r);
	r->held_sort = r->sort_col;
	r->held_desc = r->sort_desc;
	tablerender_window(r->table, &r->first_row, &len);
	r->cursor = r->first_row;
	output_rich_sel_marks(r);
	return true;
}

static void
output_rich_embedded(struct output_rich *r, const char *json, size_t len)
{
	json_t *a = json_loadb(json, len, 0, NULL), *e;
	struct widget *w;
	size_t i;
	char *s;

	json_array_foreach(a, i, e) {
		s = json_dumps(e, JSON_COMPACT);
		if (s != NULL && widget_parse(&w, s, strlen(s)) == 0) {
			r->embedded = xreallocarray(r->embedded,
			    r->nembedded + 1, sizeof *r->embedded);
			r->embedded[r->nembedded++] = w;
		}
		free(s);
	}
	json_decref(a);
}

static const struct output_mime *
output_rich_find(const struct output_mime *items, size_t n, const char *mime)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (items[i].mime != NULL && strcmp(items[i].mime, mime) == 0)
			return &items[i];
	return NULL;
}

struct output_rich *
output_rich_new(const struct output_mime *items, size_t n)
{
	struct output_rich *r = xcalloc(1, sizeof *r);
	const struct output_mime *m;
	struct buf tj = BUF_INIT;

	buf_init(&r->src);
	buf_init(&r->scratch);
	buf_init(&r->gfx);
	r->rt = richtext_new();
	r->stale = true;
	r->sort_col = TABLERENDER_NONE;
	r->col_follow = true;
	if ((m = output_rich_find(items, n, RICHTEXT_MIME_WIDGET)) != NULL &&
	    widget_parse(&r->widget, m->data, m->len) == 0) {
		r->mime = RICHTEXT_MIME_WIDGET;
		r->kind = OUTPUT_RICH_WIDGET;
		if (widget_kind(r->widget) != WIDGET_TABLE)
			return r;
		if (widget_table_dump(r->widget, &tj) == 0 &&
		    output_rich_table_init(r, tj.ptr, tj.len)) {
			buf_release(&tj);
			return r;
		}
		buf_release(&tj);
		r->kind = OUTPUT_RICH_WIDGET;	/* drawn as label: value */
		return r;
	}
	widget_free(r->widget);
	r->widget = NULL;
	if ((m = output_rich_find(items, n, "text/markdown")) != NULL) {
		r->mime = "text/markdown";
		r->kind = OUTPUT_RICH_MARKDOWN;
		buf_add(&r->src, m->data, m->len);
		if ((m = output_rich_find(items, n, OUTPUT_MIME_WIDGETS)) !=
		    NULL)
			output_rich_embedded(r, m->data, m->len);
		return r;
	}
	if ((m = output_rich_find(items, n, RICHTEXT_MIME_TABLE)) != NULL &&
	    output_rich_table_init(r, m->data, m->len)) {
		r->mime = RICHTEXT_MIME_TABLE;
		return r;
	}
	if (((m = output_rich_find(items, n, "image/png")) != NULL ||
	    (m = output_rich_find(items, n, "image/jpeg")) != NULL) &&
	    imgrender_load(&r->img, m->data, m->len) == 0) {
		r->mime = m->mime[6] == 'p' ? "image/png" : "image/jpeg";
		r->kind = OUTPUT_RICH_IMAGE;
		return r;
	}
	output_rich_free(r);
	return NULL;
}

void
output_rich_free(struct output_rich *r)
{
	size_t i;

	if (r == NULL)
		return;
	buf_release(&r->src);
	buf_release(&r->scratch);
	buf_release(&r->gfx);
	widget_free(r->widget);
	for (i = 0; i < r->nembedded; i++)
		widget_free(r->embedded[i]);
	free(r->embedded);
	tablerender_free(r->table);
	free(r->table_id);
	free(r->sort_name);
	free(r->sel);
	free(r->row_ids);
	imgrender_free(r->img);
	richtext_free(r->rt);
	free(r);
}

const char *
output_rich_mime(const struct output_rich *r)
{
	return r->mime;
}

void
output_rich_invalidate(struct output_rich *r)
{
	r->stale = true;
}

static size_t
output_rich_rows(const struct output_rich *r)
{
	return r->look.table_rows > 0 ? r->look.table_rows : 10;
}

/* The data columns a render at to shows from first_col. */
static void
output_rich_col_view(struct output_rich *r, struct tablerender_options *to,
    size_t first_col, struct tablerender_view *view)
{
	struct richtext *rt = richtext_new();

	to->first_col = first_col;
	tablerender_render(rt, r->table, to, view);
	richtext_free(rt);
}

/*
 * Keep the column cursor and the view together: after < and > the view
 * scrolls (as little as it can) until cur_col shows; after the arrows
 * cur_col moves into the view.
 */
static void
output_rich_col_show(struct output_rich *r, struct tablerender_options *to)
{
	struct tablerender_view v;
	size_t ncols = tablerender_ncols(r->table);

	if (ncols == 0)
		return;
	if (r->cur_col >= ncols)
		r->cur_col = ncols - 1;
	if (r->first_col >= ncols)
		r->first_col = ncols - 1;
	if (r->col_follow) {
		if (r->cur_col < r->first_col)
			r->first_col = r->cur_col;
		for (;;) {
			output_rich_col_view(r, to, r->first_col, &v);
			if (r->first_col >= r->cur_col || v.ncols == 0 ||
			    r->cur_col < v.first_col + v.ncols)
				break;
			r->first_col++;
		}
		return;
	}
	output_rich_col_view(r, to, r->first_col, &v);
	if (v.ncols == 0)
		return;
	if (r->cur_col < v.first_col)
		r->cur_col = v.first_col;
	else if (r->cur_col >= v.first_col + v.ncols)
		r->cur_col = v.first_col + v.ncols - 1;
}

static void
output_rich_render_table(struct output_rich *r, bool focus)
{
	struct tablerender_options to;
	struct tablerender_view view;
	struct buf b = BUF_INIT;

	if (r->widget != NULL && widget_label(r->widget)[0] != '\0') {
		buf_adds(&b, widget_label(r->widget));
		richtext_add(r->rt, SANITIZE_FIELD, b.ptr, b.len,
		    RICHTEXT_TEXT, 0);
		(void)richtext_add_line(r->rt);
		buf_release(&b);
	}
	memset(&to, 0, sizeof to);
	to.width = r->look.width;
	to.first_row = r->first_row;
	to.max_rows = output_rich_rows(r);
	to.cursor = focus ? r->cursor : TABLERENDER_NONE;
	to.footer = true;
	to.ascii = r->look.ascii;
	if (focus)
		output_rich_col_show(r, &to);
	to.first_col = r->first_col;
	to.mark_col = focus;
	to.cursor_col = r->cur_col;
	tablerender_render(r->rt, r->table, &to, &view);
}

/*
 * The picture over the symbols just rendered (same options, so the same
 * cells), when the look asks for one and the symbols are the image
 * itself (not a placeholder line).
 */
static void
output_rich_render_graphics(struct output_rich *r,
    const struct imgrender_options *io)
{
	static uint64_t ids;
	size_t cols, rows;

	buf_reset(&r->gfx);
	if ((r->look.graphics != IMGRENDER_SIXEL && r->look.graphics !=
	    IMGRENDER_KITTY) || !imgrender_is_shown(r->img))
		return;
	imgrender_fit(r->img, io, &cols, &rows);
	if (rows != richtext_nlines(r->rt) || imgrender_render_graphics(
	    &r->gfx, r->img, io, (enum imgrender_mode)r->look.graphics,
	    &r->gfx_cols, &r->gfx_rows) < 0 || r->gfx_rows != rows) {
		buf_reset(&r->gfx);
		return;
	}
	r->gfx_id = ++ids;
}

const struct richtext *
output_rich_text(struct output_rich *r, const struct output_look *look,
    const struct output_elem *focus)
{
	const struct widget *fw = focus != NULL ? focus->widget : NULL;
	bool ft = focus != NULL && focus->kind == OUTPUT_ELEM_TABLE;
	struct mdrender_options mo;
	struct widget_render_options wo;
	struct imgrender_options io;

	if (!r->stale && r->look.width == look->width &&
	    r->look.ncolors == look->ncolors && r->look.ascii == look->ascii &&
	    r->look.image_rows == look->image_rows &&
	    r->look.table_rows == look->table_rows &&
	    r->look.graphics == look->graphics &&
	    r->look.cell_width == look->cell_width &&
	    r->look.cell_height == look->cell_height &&
	    (r->kind == OUTPUT_RICH_MARKDOWN || r->kind ==
	    OUTPUT_RICH_IMAGE || (r->focus_w == fw && r->focus_table == ft)))
		return r->rt;
	r->look = *look;
	r->focus_w = fw;
	r->focus_table = ft;
	r->stale = false;
	richtext_clear(r->rt);
	switch (r->kind) {
	case OUTPUT_RICH_WIDGET:
		memset(&wo, 0, sizeof wo);
		wo.width = look->width;
		wo.ascii = look->ascii;
		wo.focus = fw;
		widget_render(r->rt, r->widget, &wo);
		break;
	case OUTPUT_RICH_MARKDOWN:
		memset(&mo, 0, sizeof mo);
		mo.width = look->width;
		mo.links = MDRENDER_LINKS_TEXT;
		mo.ascii = look->ascii;
		mo.widget_text = r->nembedded > 0 ? output_rich_cb : NULL;
		mo.widget_ctx = r;
		mdrender_render(r->rt, r->src.ptr, r->src.len, &mo);
		break;
	case OUTPUT_RICH_TABLE:
		output_rich_render_table(r, ft);
		break;
	case OUTPUT_RICH_IMAGE:
		memset(&io, 0, sizeof io);
		io.cols = look->width;
		io.rows = look->image_rows > 0 ? look->image_rows : 20;
		io.ncolors = look->ncolors;
		io.symbols = look->ascii ? IMGRENDER_ASCII : IMGRENDER_BLOCKS;
		io.ascii = look->ascii;
		io.zoom = true;
		io.cell_width = look->cell_width;
		io.cell_height = look->cell_height;
		imgrender_render(r->rt, r->img, &io);
		output_rich_render_graphics(r, &io);
		break;
	}
	return r->rt;
}

bool
output_rich_graphics(struct output_rich *r, size_t line,
    struct output_graphics *g)
{
	if (r->kind != OUTPUT_RICH_IMAGE || line != 0 || r->gfx.len == 0)
		return false;
	g->seq = r->gfx.ptr;
	g->len = r->gfx.len;
	g->rows = r->gfx_rows;
	g->cols = r->gfx_cols;
	g->id = r->gfx_id;
	return true;
}

enum draw_role
output_rich_role(const struct output_rich *r, uint8_t role)
{
	switch ((enum richtext_role)role) {
	case RICHTEXT_TEXT:
		return DRAW_TEXT;
	case RICHTEXT_HEADING:
		return DRAW_HEADING;
	case RICHTEXT_CODE:
		return DRAW_CODE;
	case RICHTEXT_KEYWORD:
		return DRAW_KEYWORD;
	case RICHTEXT_BUILTIN:
		return DRAW_BUILTIN;
	case RICHTEXT_STRING:
		return DRAW_STRING;
	case RICHTEXT_NUMBER:
		return DRAW_NUMBER;
	case RICHTEXT_COMMENT:
		return DRAW_COMMENT;
	case RICHTEXT_OPERATOR:
		return DRAW_OPERATOR;
	case RICHTEXT_LINK:
		return DRAW_LINK;
	case RICHTEXT_MATH:
		return DRAW_MATH;
	case RICHTEXT_QUOTE:
		return DRAW_QUOTE;
	case RICHTEXT_BULLET:
		return DRAW_BULLET;
	case RICHTEXT_RULE:
		return DRAW_RULE;
	case RICHTEXT_HEADER:
		return DRAW_TABLE_HEADER;
	case RICHTEXT_INDEX:
		return DRAW_TABLE_INDEX;
	case RICHTEXT_NULL:
		return DRAW_TABLE_NULL;
	case RICHTEXT_DIM:
		return DRAW_DIM;
	case RICHTEXT_SELECTED:
		return DRAW_TABLE_SELECTED;
	case RICHTEXT_CURSOR:
		/* widget.c marks the focused element with the cursor role;
		 * tablerender the cursor row. */
		return r->kind == OUTPUT_RICH_WIDGET ? DRAW_WIDGET_FOCUS :
		    DRAW_TABLE_CURSOR;
	case RICHTEXT_WIDGET:
		return DRAW_WIDGET;
	case RICHTEXT_IMAGE:
		return DRAW_IMAGE;
	case RICHTEXT_MARKER:
	case RICHTEXT_NROLES:
		break;
	}
	return DRAW_MARKER;
}

static void
output_rich_push(struct output_elem **v, size_t *n, size_t *alloc,
    const struct output_elem *e)
{
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 8;
		*v = xreallocarray(*v, *alloc, sizeof **v);
	}
	(*v)[(*n)++] = *e;
}

static struct widget *
output_rich_embedded_find(struct output_rich *r, const char *id,
    size_t idlen)
{
	size_t i;

	for (i = 0; i < r->nembedded; i++) {
		const char *wid = widget_id(r->embedded[i]);

		if (strlen(wid) == idlen && memcmp(wid, id, idlen) == 0)
			return r->embedded[i];
	}
	return NULL;
}

void
output_rich_elems(struct output_rich *r, size_t item, struct output_elem **v,
    size_t *n, size_t *alloc)
{
	struct output_elem e;
	struct widget **stops, *w;
	const struct richtext_span *sp;
	const char *id;
	size_t i, k, ns, idlen, nlinks;
	bool *seen_w = NULL, *seen_l = NULL;

	memset(&e, 0, sizeof e);
	e.item = item;
	switch (r->kind) {
	case OUTPUT_RICH_WIDGET:
		e.kind = OUTPUT_ELEM_WIDGET;
		ns = widget_stops(r->widget, &stops);
		for (i = 0; i < ns; i++) {
			e.widget = stops[i];
			output_rich_push(v, n, alloc, &e);
		}
		break;
	case OUTPUT_RICH_TABLE:
		e.kind = OUTPUT_ELEM_TABLE;
		e.widget = r->widget;
		output_rich_push(v, n, alloc, &e);
		break;
	case OUTPUT_RICH_MARKDOWN:
		/* In the order they are drawn: widgets and links. */
		seen_w = xcalloc(r->nembedded + 1, sizeof *seen_w);
		nlinks = richtext_nanchors(r->rt, RICHTEXT_ANCHOR_LINK);
		seen_l = xcalloc(nlinks + 1, sizeof *seen_l);
		for (i = 0; i < richtext_nspans(r->rt); i++) {
			sp = richtext_span(r->rt, i);
			if (sp->kind == RICHTEXT_ANCHOR_LINK) {
				if (sp->index >= nlinks || seen_l[sp->index])
					continue;
				seen_l[sp->index] = true;
				e.kind = OUTPUT_ELEM_LINK;
				e.widget = NULL;
				e.link = sp->index;
				output_rich_push(v, n, alloc, &e);
				continue;
			}
			id = richtext_anchor(r->rt, RICHTEXT_ANCHOR_WIDGET,
			    sp->index, &idlen);
			if (id == NULL || (w = output_rich_embedded_find(r, id,
			    idlen)) == NULL)
				continue;
			for (k = 0; k < r->nembedded; k++)
				if (r->embedded[k] == w)
					break;
			if (seen_w[k])
				continue;
			seen_w[k] = true;
			e.kind = OUTPUT_ELEM_WIDGET;
			ns = widget_stops(w, &stops);
			for (k = 0; k < ns; k++) {
				e.widget = stops[k];
				output_rich_push(v, n, alloc, &e);
			}
		}
		free(seen_w);
		free(seen_l);
		break;
	case OUTPUT_RICH_IMAGE:
		break;
	}
}

/* Does the span's widget anchor hold w (it, or an ancestor of it)? */
static bool
output_rich_span_holds(struct output_rich *r, const struct richtext_span *sp,
    const struct widget *w)
{
	const char *id;
	size_t idlen;
	const struct widget *p;

	if (sp->kind != RICHTEXT_ANCHOR_WIDGET)
		return false;
	id = richtext_anchor(r->rt, RICHTEXT_ANCHOR_WIDGET, sp->index, &idlen);
	for (p = w; p != NULL; p = widget_parent(p))
		if (strlen(widget_id(p)) == idlen &&
		    memcmp(widget_id(p), id, idlen) == 0)
			return true;
	return false;
}

/* Is the span's widget anchor w itself? */
static bool
output_rich_span_is(struct output_rich *r, const struct richtext_span *sp,
    const struct widget *w)
{
	const char *id;
	size_t idlen;

	if (sp->kind != RICHTEXT_ANCHOR_WIDGET)
		return false;
	id = richtext_anchor(r->rt, RICHTEXT_ANCHOR_WIDGET, sp->index, &idlen);
	return strlen(widget_id(w)) == idlen && memcmp(widget_id(w), id,
	    idlen) == 0;
}

bool
output_rich_elem_span(struct output_rich *r, const struct output_elem *e,
    size_t line, size_t *col, size_t *width)
{
	const struct richtext_span *sp;
	size_t i;

	/* Markdown, and a tab's Markdown inside a tabs element: the
	 * elements it embeds do not mark themselves. */
	if (r->kind != OUTPUT_RICH_MARKDOWN && !(r->kind ==
	    OUTPUT_RICH_WIDGET && e->kind == OUTPUT_ELEM_WIDGET &&
	    widget_parent(e->widget) != NULL &&
	    widget_kind(widget_parent(e->widget)) == WIDGET_TABS))
		return false;
	for (i = 0; i < richtext_nspans(r->rt); i++) {
		sp = richtext_span(r->rt, i);
		if (sp->line != line)
			continue;
		if ((e->kind == OUTPUT_ELEM_LINK && sp->kind ==
		    RICHTEXT_ANCHOR_LINK && sp->index == e->link) ||
		    (e->kind == OUTPUT_ELEM_WIDGET && (r->kind ==
		    OUTPUT_RICH_MARKDOWN ? output_rich_span_holds(r, sp,
		    e->widget) : output_rich_span_is(r, sp, e->widget)))) {
			*col = sp->col;
			*width = sp->width;
			return true;
		}
	}
	return false;
}

size_t
output_rich_elem_line(struct output_rich *r, const struct output_elem *e)
{
	const struct richtext_span *sp;
	const char *id;
	size_t i, idlen;

	if (e->kind == OUTPUT_ELEM_TABLE)
		return 0;
	for (i = 0; i < richtext_nspans(r->rt); i++) {
		sp = richtext_span(r->rt, i);
		if (e->kind == OUTPUT_ELEM_LINK) {
			if (sp->kind == RICHTEXT_ANCHOR_LINK &&
			    sp->index == e->link)
				return sp->line;
			continue;
		}
		if (r->kind == OUTPUT_RICH_MARKDOWN) {
			if (output_rich_span_holds(r, sp, e->widget))
				return sp->line;
			continue;
		}
		id = richtext_anchor(r->rt, RICHTEXT_ANCHOR_WIDGET, sp->index,
		    &idlen);
		if (sp->kind == RICHTEXT_ANCHOR_WIDGET &&
		    strlen(widget_id(e->widget)) == idlen &&
		    memcmp(widget_id(e->widget), id, idlen) == 0)
			return sp->line;
	}
	return 0;
}

const char *
output_rich_link(struct output_rich *r, size_t link, size_t *len)
{
	if (link >= richtext_nanchors(r->rt, RICHTEXT_ANCHOR_LINK))
		return NULL;
	return richtext_anchor(r->rt, RICHTEXT_ANCHOR_LINK, link, len);
}

static void
output_rich_each_in(struct widget *root, const char *id,
    void (*fn)(struct widget *, void *), void *arg)
{
	struct widget *w;

	if (root != NULL && (w = widget_find(root, id)) != NULL)
		fn(w, arg);
}

void
output_rich_widgets_each(struct output_rich *r, const char *id,
    void (*fn)(struct widget *, void *), void *arg)
{
	size_t i;

	output_rich_each_in(r->widget, id, fn, arg);
	for (i = 0; i < r->nembedded; i++)
		output_rich_each_in(r->embedded[i], id, fn, arg);
}

static void
output_rich_refresh_in(struct widget *w,
    void (*fn)(struct widget *, void *), void *arg)
{
	struct widget **stops;
	size_t i, n;

	if (w == NULL)
		return;
	n = widget_stops(w, &stops);
	for (i = 0; i < n; i++)
		if (widget_kind(stops[i]) == WIDGET_REFRESH &&
		    widget_interval(stops[i]) > 0)
			fn(stops[i], arg);
}

void
output_rich_refresh_each(struct output_rich *r,
    void (*fn)(struct widget *, void *), void *arg)
{
	size_t i;

	output_rich_refresh_in(r->widget, fn, arg);
	for (i = 0; i < r->nembedded; i++)
		output_rich_refresh_in(r->embedded[i], fn, arg);
}

/*
 * Tables.
 */

/* Keep the cursor row in the rows shown. */
static void
output_rich_table_follow(struct output_rich *r)
{
	size_t rows = output_rich_rows(r);

	if (r->cursor < r->first_row)
		r->first_row = r->cursor;
	else if (r->cursor >= r->first_row + rows)
		r->first_row = r->cursor - rows + 1;
}

bool
output_rich_table_key(struct output_rich *r, int key)
{
	size_t nrows, ncols, rows = output_rich_rows(r);

	if (r->kind != OUTPUT_RICH_TABLE)
		return false;
	nrows = tablerender_nrows(r->table);
	ncols = tablerender_ncols(r->table);
	switch (key) {
	case KEYS_DOWN:
	case 'j':
		if (r->cursor + 1 < nrows)
			r->cursor++;
		break;
	case KEYS_UP:
	case 'k':
		if (r->cursor > 0)
			r->cursor--;
		break;
	case KEYS_PGDN:
		r->cursor = r->cursor + rows < nrows ? r->cursor + rows :
		    nrows > 0 ? nrows - 1 : 0;
		r->first_row = r->cursor >= r->first_row + rows ?
		    r->cursor : r->first_row;
		break;
	case KEYS_PGUP:
		r->cursor = r->cursor > rows ? r->cursor - rows : 0;
		break;
	case KEYS_HOME:
	case 'g':
		r->cursor = 0;
		break;
	case KEYS_END:
	case 'G':
		r->cursor = nrows > 0 ? nrows - 1 : 0;
		break;
	case KEYS_RIGHT:
	case 'l':
		if (r->first_col + 1 < ncols)
			r->first_col++;
		r->col_follow = false;
		break;
	case KEYS_LEFT:
	case 'h':
		if (r->first_col > 0)
			r->first_col--;
		r->col_follow = false;
		break;
	case '>':
		if (r->cur_col + 1 < ncols)
			r->cur_col++;
		r->col_follow = true;
		break;
	case '<':
		if (r->cur_col > 0)
			r->cur_col--;
		r->col_follow = true;
		break;
	default:
		return false;
	}
	if (nrows > 0 && r->cursor >= nrows)
		r->cursor = nrows - 1;
	output_rich_table_follow(r);
	r->stale = true;
	return true;
}

bool
output_rich_table_sort(struct output_rich *r)
{
	const char *name;

	if (r->kind != OUTPUT_RICH_TABLE || tablerender_ncols(r->table) == 0 ||
	    r->table_id == NULL)
		return false;
	/* The kernel sorts by name: a column not held yet (its window is
	 * on its way) waits. */
	if ((name = output_rich_table_column(r))[0] == '\0')
		return true;
	if (r->sort_col != r->cur_col) {
		r->sort_col = r->cur_col;
		r->sort_desc = false;
	} else if (!r->sort_desc)
		r->sort_desc = true;
	else
		r->sort_col = TABLERENDER_NONE;
	free(r->sort_name);
	r->sort_name = r->sort_col != TABLERENDER_NONE ? xstrdup(name) : NULL;
	tablerender_set_sort(r->table, r->sort_col, r->sort_desc);
	r->stale = true;
	return true;
}

bool
output_rich_table_select(struct output_rich *r, struct buf *json)
{
	enum tablerender_selection mode;
	bool on;
	size_t i, id;

	if (r->kind != OUTPUT_RICH_TABLE ||
	    (mode = tablerender_selection(r->table)) ==
	    TABLERENDER_SELECT_NONE || r->cursor >= tablerender_nrows(r->table))
		return false;
	/* The kernel selects by absolute index: in a sorted window, the
	 * cursor's position is not that; row_ids says what is. */
	if ((id = output_rich_row_id(r, r->cursor)) == TABLERENDER_NONE)
		return false;
	on = !output_rich_sel_has(r, id);
	if (on && mode == TABLERENDER_SELECT_SINGLE)
		r->nsel = 0;
	output_rich_sel_set(r, id, on);
	output_rich_sel_marks(r);
	buf_addc(json, '[');
	for (i = 0; i < r->nsel; i++)
		buf_addf(json, "%s%zu", i > 0 ? "," : "", r->sel[i]);
	buf_addc(json, ']');
	r->stale = true;
	return true;
}

/* The element's selected rows as the kernel has them (absolute
 * indices: "selected" of its table, else its value) become the
 * selection. */
void
output_rich_table_sync(struct output_rich *r, const char *id)
{
	struct buf b = BUF_INIT;
	json_t *o, *a, *v;
	size_t i;

	if (r->kind != OUTPUT_RICH_TABLE || r->widget == NULL ||
	    strcmp(widget_id(r->widget), id) != 0 ||
	    widget_table_dump(r->widget, &b) < 0) {
		buf_release(&b);
		return;
	}
	o = json_loadb(b.ptr, b.len, 0, NULL);
	buf_release(&b);
	a = json_object_get(o, "selected");
	if (!json_is_array(a)) {
		json_decref(o);
		return;
	}
	r->nsel = 0;
	json_array_foreach(a, i, v)
		if (json_is_integer(v) && json_integer_value(v) >= 0)
			output_rich_sel_set(r, (size_t)json_integer_value(v),
			    true);
	json_decref(o);
	output_rich_sel_marks(r);
	r->stale = true;
}

const char *
output_rich_table_column(struct output_rich *r)
{
	const struct richtext_line *l;

	if (r->kind != OUTPUT_RICH_TABLE)
		return "";
	l = tablerender_column_name(r->table, tablerender_nindex(r->table) +
	    r->cur_col);
	return l != NULL ? l->line.text : "";
}

bool
output_rich_table_want(struct output_rich *r, struct output_table_want *want)
{
	size_t rows = output_rich_rows(r), nrows;
	bool need = false, cols;

	if (r->kind != OUTPUT_RICH_TABLE || r->table_id == NULL || r->asked)
		return false;
	nrows = tablerender_nrows(r->table);
	if (r->first_row + rows > nrows)
		rows = nrows > r->first_row ? nrows - r->first_row : 0;
	if (rows > 0 && !tablerender_has_rows(r->table, r->first_row, rows))
		need = true;
	cols = tablerender_ncols(r->table) > 0 && tablerender_column_name(
	    r->table, tablerender_nindex(r->table) + r->first_col) == NULL;
	if (r->sort_col != r->held_sort || (r->sort_col != TABLERENDER_NONE &&
	    r->sort_desc != r->held_desc))
		need = true;
	if (!need && !cols)
		return false;
	memset(want, 0, sizeof *want);
	want->table = r->table_id;
	want->offset = r->first_row > OUTPUT_TABLE_BEFORE ? r->first_row -
	    OUTPUT_TABLE_BEFORE : 0;
	want->limit = OUTPUT_TABLE_LIMIT;
	if (cols)
		r->col_offset = r->first_col > OUTPUT_TABLE_COLS / 2 ?
		    r->first_col - OUTPUT_TABLE_COLS / 2 : 0;
	want->col_offset = r->col_offset;
	want->col_limit = OUTPUT_TABLE_COLS;
	want->sort_column = r->sort_col != TABLERENDER_NONE ?
	    r->sort_name : NULL;
	want->descending = r->sort_desc;
	r->asked_sort = r->sort_col;
	r->asked_desc = r->sort_desc;
	r->want_at = r->nanswers;
	return true;
}

void
output_rich_table_asked(struct output_rich *r)
{
	/* The runner may take the answer before the request returns:
	 * then nothing is on its way. */
	if (r->nanswers == r->want_at)
		r->asked = true;
}

bool
output_rich_table_answer(struct output_rich *r, const char *table_id,
    const char *json, size_t len)
{
	struct tablerender *t;
	json_t *o;
	char *fixed = NULL;

	if (r->kind != OUTPUT_RICH_TABLE || r->table_id == NULL ||
	    strcmp(r->table_id, table_id) != 0)
		return false;
	r->asked = false;
	r->nanswers++;
	/* Rows can be selected whatever window shows them: a window
	 * without "selection" (the kernel sends it only for some) keeps
	 * the element's. */
	if (json != NULL && r->selmode != NULL && (o = json_loadb(json, len,
	    0, NULL)) != NULL) {
		if (json_object_get(o, "selection") == NULL &&
		    json_object_set_new(o, "selection",
		    json_string(r->selmode)) == 0 && (fixed = json_dumps(o,
		    JSON_COMPACT)) != NULL) {
			json = fixed;
			len = strlen(fixed);
		}
		json_decref(o);
	}
	if (json == NULL || tablerender_parse(&t, json, len) < 0) {
		free(fixed);
		/* Gone, or unreadable: stop asking; rows stay "…". */
		free(r->table_id);
		r->table_id = NULL;
		r->stale = true;
		return true;
	}
	tablerender_free(r->table);
	r->table = t;
	r->held_sort = r->asked_sort;
	r->held_desc = r->asked_desc;
	tablerender_set_sort(t, r->sort_col, r->sort_desc);
	/* The selection is the editor's (a SET_WIDGET may be on its way);
	 * the marks follow the new window's order. */
	output_rich_table_meta(r, json, len, false, false);
	output_rich_sel_marks(r);
	free(fixed);
	r->stale = true;
	return true;
}
