/*
 * output.c: a cell's output items. Streams are fed to a STREAM-context
 * sanitiser chunk by chunk as the kernel sends them; displayed values
 * and tracebacks are TEXT items with SGR honoured (they are terminal
 * text), Markdown is TEXT without SGR, and quire's own notes are FIELD
 * lines. The item list answers "line i" through a table of first lines,
 * rebuilt only when an item is added, so drawing a pane touches only the
 * lines it shows. Rich items (output_rich.c) render at the look the pane
 * set, lazily, when the index is rebuilt.
 */
#include "config.h"
#include "output.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "richtext.h"
#include "sanitize.h"
#include "xmalloc.h"

#include "output_int.h"

struct output_item {
	enum output_kind kind;
	struct sanitize *san;
	bool finished;
	uint8_t *headings;	/* MARKDOWN: per line, 1 for a heading */
	size_t nheadings;
	struct buf raw;		/* the bytes fed, for :inspect */
	bool sgr;
	struct output_rich *rich;	/* OUTPUT_RICH */
};

struct output {
	struct output_item *items;
	size_t nitems, alloc;
	size_t kept;		/* bytes fed to sanitisers */
	size_t dropped;		/* bytes over OUTPUT_CELL_MAX */
	unsigned long version;
	/* First global line of each item, valid for index_version. */
	size_t *first;
	size_t nfirst;
	unsigned long index_version;
	size_t nlines;
	/* Rich items: how they are drawn, their elements, the focus. */
	struct output_look look;
	struct output_elem *elems;
	size_t nelems, elems_alloc;
	size_t focus;			/* element, or OUTPUT_NONE */
	uint8_t *run_roles;		/* output_line_info's answer */
	size_t run_roles_alloc;
};

struct output *
output_new(void)
{
	struct output *o = xcalloc(1, sizeof *o);

	o->version = 1;
	o->focus = OUTPUT_NONE;
	o->look.width = 80;
	return o;
}

void
output_clear(struct output *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++) {
		sanitize_free(o->items[i].san);
		free(o->items[i].headings);
		buf_release(&o->items[i].raw);
		output_rich_free(o->items[i].rich);
	}
	o->nitems = 0;
	o->nelems = 0;
	o->focus = OUTPUT_NONE;
	o->kept = 0;
	o->dropped = 0;
	o->version++;
}

void
output_free(struct output *o)
{
	if (o == NULL)
		return;
	output_clear(o);
	free(o->items);
	free(o->first);
	free(o->elems);
	free(o->run_roles);
	free(o);
}

void
output_clear_values(struct output *o)
{
	size_t i, j = 0;

	for (i = 0; i < o->nitems; i++) {
		enum output_kind k = o->items[i].kind;

		if (k == OUTPUT_STDOUT || k == OUTPUT_STDERR)
			o->items[j++] = o->items[i];
		else {
			sanitize_free(o->items[i].san);
			free(o->items[i].headings);
			buf_release(&o->items[i].raw);
			output_rich_free(o->items[i].rich);
		}
	}
	o->nitems = j;
	o->nelems = 0;
	o->focus = OUTPUT_NONE;
	o->version++;
}

static struct output_item *
output_item_new(struct output *o, enum output_kind kind, bool sgr)
{
	struct sanitize_options opt = { SANITIZE_TEXT, sgr, 8 };
	struct output_item *it;

	if (kind == OUTPUT_STDOUT || kind == OUTPUT_STDERR)
		opt.context = SANITIZE_STREAM;
	if (o->nitems == o->alloc) {
		o->alloc = o->alloc ? o->alloc * 2 : 4;
		o->items = xreallocarray(o->items, o->alloc, sizeof *o->items);
	}
	it = &o->items[o->nitems++];
	it->kind = kind;
	it->san = sanitize_new(&opt);
	it->finished = false;
	it->headings = NULL;
	it->nheadings = 0;
	buf_init(&it->raw);
	it->sgr = sgr;
	it->rich = NULL;
	return it;
}

/* Feed within the per-cell limit; what is over it is only counted. */
static void
output_feed(struct output *o, struct output_item *it, const char *p,
    size_t len)
{
	size_t room = o->kept < OUTPUT_CELL_MAX ? OUTPUT_CELL_MAX - o->kept : 0;

	if (len > room) {
		o->dropped += len - room;
		len = room;
	}
	if (len > 0) {
		sanitize_feed(it->san, p, len);
		buf_add(&it->raw, p, len);
	}
	o->kept += len;
	o->version++;
}

/* A rich item's bytes, kept for :inspect only (within the limit). */
static void
output_feed_raw(struct output *o, struct output_item *it, const char *p,
    size_t len)
{
	size_t room = o->kept < OUTPUT_CELL_MAX ? OUTPUT_CELL_MAX - o->kept : 0;

	if (len > room) {
		o->dropped += len - room;
		len = room;
	}
	buf_add(&it->raw, p, len);
	o->kept += len;
}

void
output_stream(struct output *o, enum output_kind kind, const char *p,
    size_t len)
{
	struct output_item *it = NULL;

	if (o->nitems > 0 && o->items[o->nitems - 1].kind == kind &&
	    !o->items[o->nitems - 1].finished)
		it = &o->items[o->nitems - 1];
	else {
		if (o->nitems > 0 && !o->items[o->nitems - 1].finished &&
		    (o->items[o->nitems - 1].kind == OUTPUT_STDOUT ||
		    o->items[o->nitems - 1].kind == OUTPUT_STDERR)) {
			/* The other stream's line is complete only at a
			 * line break; cutting here keeps the order. */
			sanitize_finish(o->items[o->nitems - 1].san);
			o->items[o->nitems - 1].finished = true;
		}
		it = output_item_new(o, kind, true);
	}
	output_feed(o, it, p, len);
}

/* Strip HTML tags and decode the common entities: a value that only
 * has an HTML form still reads as text. */
static void
output_html_text(struct buf *out, const char *p, size_t len)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&nbsp;", ' ' } };
	size_t i, k;
	bool tag = false;

	for (i = 0; i < len; i++) {
		if (tag) {
			if (p[i] == '>')
				tag = false;
			continue;
		}
		if (p[i] == '<') {
			tag = true;
			if (len - i >= 3 && (strncmp(p + i, "<br", 3) == 0 ||
			    strncmp(p + i, "<p>", 3) == 0 ||
			    strncmp(p + i, "</p", 3) == 0 ||
			    strncmp(p + i, "<tr", 3) == 0 ||
			    strncmp(p + i, "<li", 3) == 0 ||
			    strncmp(p + i, "</h", 3) == 0))
				buf_addc(out, '\n');
			continue;
		}
		if (p[i] == '&') {
			for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
				size_t el = strlen(ents[k].ent);

				if (len - i >= el &&
				    memcmp(p + i, ents[k].ent, el) == 0) {
					buf_addc(out, ents[k].c);
					i += el - 1;
					break;
				}
			}
			if (k < sizeof ents / sizeof ents[0])
				continue;
		}
		buf_addc(out, p[i]);
	}
}

/* Drop inline emphasis and code markers: "**a**", "__a__", "`a`". */
static void
output_md_inline(struct buf *out, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((p[i] == '*' || p[i] == '_') && i + 1 < len &&
		    p[i + 1] == p[i]) {
			i++;
			continue;
		}
		if (p[i] == '`')
			continue;
		buf_addc(out, p[i]);
	}
}

/*
 * Markdown, simply: headings lose their '#' and are remembered to be
 * drawn as titles, list items get a bullet, emphasis and code markers
 * go. Everything else is shown as written (the rich-output work will
 * render it properly). Whatever the text holds is still sanitised after.
 */
static void
output_markdown(struct output_item *it, struct buf *out, const char *p,
    size_t len)
{
	size_t i = 0, e, h, lines = 0;

	while (i <= len) {
		e = i;
		while (e < len && p[e] != '\n')
			e++;
		it->headings = xreallocarray(it->headings, lines + 1, 1);
		it->headings[lines] = 0;
		for (h = i; h < e && h - i < 6 && p[h] == '#'; h++)
			;
		if (h > i && h < e && p[h] == ' ') {
			it->headings[lines] = 1;
			i = h + 1;
		} else {
			size_t b = i;

			while (b < e && p[b] == ' ')
				b++;
			if (b + 1 < e && (p[b] == '-' || p[b] == '*') &&
			    p[b + 1] == ' ') {
				buf_add(out, p + i, b - i);
				buf_adds(out, "\xe2\x80\xa2 ");
				i = b + 2;
			}
		}
		output_md_inline(out, p + i, e - i);
		lines++;
		if (e >= len)
			break;
		buf_addc(out, '\n');
		i = e + 1;
	}
	it->nheadings = lines;
}

void
output_add(struct output *o, enum output_kind kind, const char *mime,
    const char *p, size_t len)
{
	struct output_item *it;
	struct buf b = BUF_INIT;
	bool sgr = kind == OUTPUT_TRACEBACK ||
	    (kind == OUTPUT_VALUE && mime != NULL &&
	    strcmp(mime, "text/plain") == 0);

	if (kind == OUTPUT_NOTE)
		sgr = false;
	it = output_item_new(o, kind, sgr);
	if (mime != NULL && strcmp(mime, "text/html") == 0) {
		output_html_text(&b, p, len);
		output_feed(o, it, b.ptr, b.len);
	} else if (kind == OUTPUT_MARKDOWN) {
		output_markdown(it, &b, p, len);
		output_feed(o, it, b.ptr, b.len);
	} else
		output_feed(o, it, p, len);
	sanitize_finish(it->san);
	it->finished = true;
	buf_release(&b);
}

void
output_finish(struct output *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		if (!o->items[i].finished) {
			sanitize_finish(o->items[i].san);
			o->items[i].finished = true;
		}
	o->version++;
}

bool
output_is_empty(const struct output *o)
{
	return o->nitems == 0 && o->dropped == 0;
}

bool
output_is_rich(const struct output *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		if (o->items[i].rich != NULL)
			return true;
	return false;
}

unsigned long
output_version(const struct output *o)
{
	return o->version;
}

/* Lines of an item that are shown: a stream's last line is dropped
 * while empty (the text so far ended with a line break). */
static size_t
output_item_lines(const struct output_item *it, const struct output_look *look,
    const struct output_elem *focus)
{
	const struct sanitize_line *l;
	size_t n;

	if (it->rich != NULL)
		return richtext_nlines(output_rich_text(it->rich, look,
		    focus));
	l = sanitize_lines(it->san, &n);
	if (n > 0 && l[n - 1].len == 0 && (n > 1 ||
	    it->kind == OUTPUT_STDOUT || it->kind == OUTPUT_STDERR))
		n--;
	return n;
}

/* The focused element when it is in item i, else NULL. */
static const struct output_elem *
output_focus_in(const struct output *o, size_t i)
{
	if (o->focus == OUTPUT_NONE || o->focus >= o->nelems ||
	    o->elems[o->focus].item != i)
		return NULL;
	return &o->elems[o->focus];
}

static void
output_index(struct output *o)
{
	size_t i, total = 0;

	if (o->index_version == o->version)
		return;
	if (o->nfirst < o->nitems + 1) {
		o->first = xreallocarray(o->first, o->nitems + 1,
		    sizeof *o->first);
		o->nfirst = o->nitems + 1;
	}
	for (i = 0; i < o->nitems; i++) {
		o->first[i] = total;
		total += output_item_lines(&o->items[i], &o->look,
		    output_focus_in(o, i));
	}
	o->first[o->nitems] = total;
	o->nlines = total;
	o->index_version = o->version;
	/* Elements come from the lines just rendered. */
	o->nelems = 0;
	for (i = 0; i < o->nitems; i++)
		if (o->items[i].rich != NULL)
			output_rich_elems(o->items[i].rich, i, &o->elems,
			    &o->nelems, &o->elems_alloc);
	if (o->focus != OUTPUT_NONE && o->focus >= o->nelems)
		o->focus = o->nelems > 0 ? o->nelems - 1 : OUTPUT_NONE;
}

size_t
output_nlines(struct output *o)
{
	output_index(o);
	return o->nlines;
}

static enum draw_role
output_role(const struct output_item *it, size_t idx)
{
	switch (it->kind) {
	case OUTPUT_STDERR:
		return DRAW_STDERR;
	case OUTPUT_TRACEBACK:
		return DRAW_ERROR;
	case OUTPUT_NOTE:
		return DRAW_DIM;
	case OUTPUT_MARKDOWN:
		return idx < it->nheadings && it->headings[idx] ?
		    DRAW_TITLE_FOCUS : DRAW_TEXT;
	default:
		return DRAW_TEXT;
	}
}

/* The item holding global line idx (o indexed, idx < nlines). */
static size_t
output_item_of(const struct output *o, size_t idx)
{
	size_t lo = 0, hi = o->nitems;

	/* The item whose first line is the last one <= idx. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (o->first[mid] <= idx)
			lo = mid;
		else
			hi = mid;
	}
	while (lo + 1 < o->nitems && o->first[lo + 1] <= idx)
		lo++;
	return lo;
}

const struct sanitize_line *
output_line_info(struct output *o, size_t idx, struct output_line_info *info)
{
	static const struct sanitize_line none;
	const struct richtext_line *rl;
	const struct richtext *rt;
	const struct sanitize_line *l;
	const struct output_elem *f;
	struct output_item *it;
	size_t lo, n, i;

	output_index(o);
	memset(info, 0, sizeof *info);
	info->role = DRAW_TEXT;
	if (idx >= o->first[o->nitems])
		return &none;
	lo = output_item_of(o, idx);
	it = &o->items[lo];
	idx -= o->first[lo];
	if (it->rich != NULL) {
		f = output_focus_in(o, lo);
		rt = output_rich_text(it->rich, &o->look, f);
		if (idx >= richtext_nlines(rt))
			return &none;
		rl = richtext_line(rt, idx);
		if (o->run_roles_alloc < rl->line.nruns + 1) {
			o->run_roles_alloc = rl->line.nruns + 1;
			o->run_roles = xreallocarray(o->run_roles,
			    o->run_roles_alloc, 1);
		}
		for (i = 0; i < rl->line.nruns; i++)
			o->run_roles[i] = (uint8_t)output_rich_role(it->rich,
			    rl->roles[i]);
		info->run_roles = o->run_roles;
		info->rich = true;
		if (f != NULL)
			(void)output_rich_elem_span(it->rich, f, idx,
			    &info->hl_col, &info->hl_width);
		return &rl->line;
	}
	l = sanitize_lines(it->san, &n);
	if (idx >= n)
		return &none;
	info->role = output_role(it, idx);
	return &l[idx];
}

bool
output_line_graphics(struct output *o, size_t idx, struct output_graphics *g)
{
	struct output_item *it;
	size_t lo;

	output_index(o);
	memset(g, 0, sizeof *g);
	if (o->look.graphics == 0 || idx >= o->first[o->nitems])
		return false;
	lo = output_item_of(o, idx);
	it = &o->items[lo];
	if (it->rich == NULL)
		return false;
	(void)output_rich_text(it->rich, &o->look, output_focus_in(o, lo));
	return output_rich_graphics(it->rich, idx - o->first[lo], g);
}

const struct sanitize_line *
output_line(struct output *o, size_t idx, enum draw_role *role)
{
	struct output_line_info info;
	const struct sanitize_line *l = output_line_info(o, idx, &info);

	*role = info.role;
	return l;
}

void
output_add_bundle(struct output *o, const struct output_mime *items,
    size_t n)
{
	static const char *const text[] = { "text/plain", "text/html",
		"text/markdown", NULL };
	struct output_rich *r = output_rich_new(items, n);
	struct output_item *it;
	struct buf note = BUF_INIT;
	size_t i, k;

	if (r != NULL) {
		it = output_item_new(o, OUTPUT_RICH, false);
		it->rich = r;
		for (i = 0; i < n; i++)
			if (strcmp(items[i].mime, output_rich_mime(r)) == 0) {
				output_feed_raw(o, it, items[i].data,
				    items[i].len);
				break;
			}
		sanitize_finish(it->san);
		it->finished = true;
		o->version++;
		return;
	}
	for (k = 0; text[k] != NULL; k++)
		for (i = 0; i < n; i++)
			if (strcmp(items[i].mime, text[k]) == 0) {
				output_add(o, k == 2 ? OUTPUT_MARKDOWN :
				    OUTPUT_VALUE, text[k], items[i].data,
				    items[i].len);
				return;
			}
	if (n > 0) {
		buf_addf(&note, "[%s output, %zu bytes: not shown here]",
		    items[0].mime, items[0].len);
		output_add(o, OUTPUT_NOTE, NULL, note.ptr, note.len);
		buf_release(&note);
	}
}

void
output_set_look(struct output *o, const struct output_look *look)
{
	if (o->look.width == look->width && o->look.ncolors ==
	    look->ncolors && o->look.ascii == look->ascii &&
	    o->look.image_rows == look->image_rows &&
	    o->look.table_rows == look->table_rows &&
	    o->look.graphics == look->graphics &&
	    o->look.cell_width == look->cell_width &&
	    o->look.cell_height == look->cell_height)
		return;
	o->look = *look;
	if (o->look.width < 2)
		o->look.width = 2;
	o->version++;
}

size_t
output_nelems(struct output *o)
{
	output_index(o);
	return o->nelems;
}

const struct output_elem *
output_elem(struct output *o, size_t i)
{
	output_index(o);
	return i < o->nelems ? &o->elems[i] : NULL;
}

void
output_set_focus(struct output *o, size_t i)
{
	output_index(o);
	if (i != OUTPUT_NONE && i >= o->nelems)
		i = OUTPUT_NONE;
	if (o->focus == i)
		return;
	o->focus = i;
	o->version++;
}

size_t
output_focus(const struct output *o)
{
	return o->focus;
}

size_t
output_elem_line(struct output *o, size_t i)
{
	const struct output_elem *e = output_elem(o, i);

	if (e == NULL)
		return 0;
	return o->first[e->item] + output_rich_elem_line(
	    o->items[e->item].rich, e);
}

const char *
output_elem_link(struct output *o, size_t i, size_t *len)
{
	const struct output_elem *e = output_elem(o, i);

	if (e == NULL || e->kind != OUTPUT_ELEM_LINK)
		return NULL;
	return output_rich_link(o->items[e->item].rich, e->link, len);
}

void
output_widgets_each(struct output *o, const char *id,
    void (*fn)(struct widget *, void *), void *arg)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		if (o->items[i].rich != NULL)
			output_rich_widgets_each(o->items[i].rich, id, fn, arg);
}

void
output_refresh_each(struct output *o, void (*fn)(struct widget *, void *),
    void *arg)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		if (o->items[i].rich != NULL)
			output_rich_refresh_each(o->items[i].rich, fn, arg);
}

void
output_touch(struct output *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		if (o->items[i].rich != NULL)
			output_rich_invalidate(o->items[i].rich);
	o->version++;
}

void
output_table_sync(struct output *o, const char *id)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		if (o->items[i].rich != NULL)
			output_rich_table_sync(o->items[i].rich, id);
	o->version++;
}

static struct output_rich *
output_elem_rich(struct output *o, size_t i)
{
	const struct output_elem *e = output_elem(o, i);

	return e != NULL ? o->items[e->item].rich : NULL;
}

bool
output_table_key(struct output *o, size_t i, int key)
{
	struct output_rich *r = output_elem_rich(o, i);

	if (r == NULL || !output_rich_table_key(r, key))
		return false;
	o->version++;
	return true;
}

bool
output_table_sort(struct output *o, size_t i)
{
	struct output_rich *r = output_elem_rich(o, i);

	if (r == NULL || !output_rich_table_sort(r))
		return false;
	o->version++;
	return true;
}

bool
output_table_select(struct output *o, size_t i, struct buf *json)
{
	struct output_rich *r = output_elem_rich(o, i);

	if (r == NULL || !output_rich_table_select(r, json))
		return false;
	o->version++;
	return true;
}

const char *
output_table_column(struct output *o, size_t i)
{
	struct output_rich *r = output_elem_rich(o, i);

	return r != NULL ? output_rich_table_column(r) : "";
}

bool
output_table_want(struct output *o, size_t i, struct output_table_want *want)
{
	struct output_rich *r = output_elem_rich(o, i);

	return r != NULL && output_rich_table_want(r, want);
}

void
output_table_asked(struct output *o, size_t i)
{
	struct output_rich *r = output_elem_rich(o, i);

	if (r != NULL)
		output_rich_table_asked(r);
}

bool
output_table_answer(struct output *o, const char *table_id, const char *json,
    size_t len)
{
	size_t i;
	bool took = false;

	for (i = 0; i < o->nitems; i++)
		if (o->items[i].rich != NULL && output_rich_table_answer(
		    o->items[i].rich, table_id, json, len))
			took = true;
	if (took)
		o->version++;
	return took;
}

size_t
output_nshown(const struct output *o)
{
	size_t i, n = 0;

	for (i = 0; i < o->nitems; i++)
		n += sanitize_nshown(o->items[i].san);
	return n;
}

size_t
output_ndropped(const struct output *o)
{
	return o->dropped;
}

void
output_text(struct output *o, struct buf *out)
{
	enum draw_role role;
	size_t i, n = output_nlines(o);

	for (i = 0; i < n; i++) {
		const struct sanitize_line *l = output_line(o, i, &role);

		buf_add(out, l->text, l->len);
		buf_addc(out, '\n');
	}
}

size_t
output_nitems(const struct output *o)
{
	return o->nitems;
}

const char *
output_item_bytes(const struct output *o, size_t i, enum output_kind *kind,
    size_t *len)
{
	if (i >= o->nitems) {
		*len = 0;
		return NULL;
	}
	*kind = o->items[i].kind;
	*len = o->items[i].raw.len;
	return o->items[i].raw.ptr != NULL ? o->items[i].raw.ptr : "";
}

struct sanitize *
output_item_inspect(const struct output *o, size_t i)
{
	struct sanitize_options opt = { SANITIZE_TEXT, false, 8 };
	const struct output_item *it;
	struct sanitize *s;

	if (i >= o->nitems)
		return NULL;
	it = &o->items[i];
	opt.sgr = it->sgr;
	if (it->kind == OUTPUT_STDOUT || it->kind == OUTPUT_STDERR)
		opt.context = SANITIZE_STREAM;
	s = sanitize_new(&opt);
	sanitize_record_seqs(s);
	sanitize_feed(s, it->raw.ptr != NULL ? it->raw.ptr : "", it->raw.len);
	sanitize_finish(s);
	return s;
}
