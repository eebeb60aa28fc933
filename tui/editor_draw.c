/*
 * editor_draw.c: the editor's screen. Each frame is drawn whole into
 * curses' picture of the screen (tui/draw.c), which sends the terminal
 * only what changed; so drawing is simple and a frame that looks the
 * same costs no bytes. Only the panes in view are rendered: heights of
 * the others come from per-cell caches (lines of code, rows of output),
 * so a key costs the same in a notebook of ten cells or a thousand.
 *
 * A pane: title row with number, name, state and duration; code rows;
 * a separator; output rows; bottom border. Column 0 is a gutter for
 * marks (the error line, rewritten progress lines).
 */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "celledit.h"
#include "draw.h"
#include "imgrender.h"
#include "keymap.h"
#include "layout.h"
#include "nb.h"
#include "output.h"
#include "render.h"
#include "run.h"
#include "sanitize.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "outfocus.h"
#include "vcsbar.h"
#include "view_audit.h"

/* Count lines of len bytes. */
static size_t
editor_count_lines(const char *s, size_t len)
{
	size_t n = 1, i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

static bool
editor_shows_code(struct editor *ed, size_t idx)
{
	struct nb_cell *c = nb_cell_at(ed->nb, idx);

	if (ed->view_only)
		return ed->view_code;
	if (ed->ce != NULL && ed->ce_cell == nb_cell_id(c))
		return true;
	return !nb_cell_config(c).hide_code;
}

/* The source shown for cell idx (the editor's text while editing). */
static const char *
editor_source(struct editor *ed, size_t idx, size_t *len)
{
	struct nb_cell *c = nb_cell_at(ed->nb, idx);

	if (ed->ce != NULL && ed->ce_cell == nb_cell_id(c))
		return celledit_bytes(ed->ce, len);
	return nb_cell_source(c, len);
}

/* Keep a cell's caches in step with its source. */
static void
editor_cell_refresh(struct editor *ed, size_t idx)
{
	struct editor_cell *ec = ed->cells[idx];
	const char *src;
	size_t len;

	src = nb_cell_source(nb_cell_at(ed->nb, idx), &len);
	if (ec->src_seen == src && ec->src_len_seen == len)
		return;
	ec->src_seen = src;
	ec->src_len_seen = len;
	ec->nlines = editor_count_lines(src, len);
	free(ec->roles);
	ec->roles = NULL;
	ec->code_rows_width = -1;
}

static const uint8_t *
editor_roles(struct editor *ed, size_t idx)
{
	struct editor_cell *ec = ed->cells[idx];
	const char *src;
	size_t len;

	if (ed->ce != NULL && ed->ce_cell == ec->id)
		return celledit_roles(ed->ce);
	editor_cell_refresh(ed, idx);
	if (ec->roles == NULL) {
		src = nb_cell_source(nb_cell_at(ed->nb, idx), &len);
		ec->roles = xmalloc(len + 1);
		celledit_highlight(src, len, ec->roles);
	}
	return ec->roles;
}

/* Rows of code of a cell at the current width. */
static int
editor_code_rows(struct editor *ed, size_t idx)
{
	struct editor_cell *ec = ed->cells[idx];
	bool editing = ed->ce != NULL && ed->ce_cell == ec->id;
	struct render_line rl;
	const char *src;
	size_t len, i, start, rows = 0;
	int width = ed->lay.text_cols;

	if (!editor_shows_code(ed, idx))
		return 0;
	if (editing) {
		if (!ed->wrap)
			return (int)text_nlines(celledit_text(ed->ce));
	} else {
		editor_cell_refresh(ed, idx);
		if (!ed->wrap)
			return (int)ec->nlines;
		if (ec->code_rows_width == width)
			return ec->code_rows;
	}
	src = editor_source(ed, idx, &len);
	render_line_init(&rl);
	for (start = 0, i = 0; i <= len; i++)
		if (i == len || src[i] == '\n') {
			render_line_reset(&rl);
			render_code(&rl, src + start, i - start, start, NULL,
			    CELLEDIT_TAB_WIDTH, false);
			rows += render_wrap_rows(&rl, width,
			    EDITOR_LINE_ROWS_MAX);
			start = i + 1;
		}
	render_line_release(&rl);
	if (!editing) {
		ec->code_rows = (int)rows;
		ec->code_rows_width = width;
	}
	return (int)rows;
}

/*
 * How rich outputs are drawn in this pane: at the text width, in the
 * terminal's colours, images at most half the screen high (at least 6
 * rows) so the pane keeps its title in view, tables ten rows (fewer on
 * a small screen).
 */
void
editor_output_look(struct editor *ed, struct editor_cell *ec)
{
	struct output_look look;
	int rows = ed->lay.column.rows, cw, ch;

	memset(&look, 0, sizeof look);
	look.width = ed->lay.text_cols > 2 ? (size_t)ed->lay.text_cols : 2;
	look.ncolors = draw_truecolor(ed->draw) ? (1 << 24) :
	    draw_ncolors(ed->draw);
	look.ascii = !draw_utf8(ed->draw);
	look.image_rows = rows > 16 ? (size_t)(rows - 8) : 8;
	if (look.image_rows > 40)
		look.image_rows = 40;
	look.table_rows = rows > 20 ? 10 : rows > 10 ? (size_t)(rows - 10) :
	    2;
	look.graphics = ed->graphics;
	if (ed->graphics != 0) {
		draw_cell_pixels(ed->draw, &cw, &ch);
		look.cell_width = cw > 0 ? (size_t)cw : 0;
		look.cell_height = ch > 0 ? (size_t)ch : 0;
	}
	output_set_look(ec->out, &look);
}

/* The rows a capped output shows: more for rich outputs (a plot, a
 * table window), as many as fit with the pane's borders and title. */
static size_t
editor_output_cap(struct editor *ed, struct editor_cell *ec)
{
	int rows = ed->lay.column.rows - 4;

	if (!output_is_rich(ec->out) || rows <= EDITOR_OUT_CAP)
		return EDITOR_OUT_CAP;
	return (size_t)rows;
}

/* Output rows from line first on, counting up to limit. */
static size_t
editor_output_rows_from(struct output *o, size_t first, int width,
    size_t limit)
{
	size_t n = output_nlines(o), i, rows = 0;
	enum draw_role role;

	for (i = first; i < n && rows < limit; i++)
		rows += render_sline_rows(output_line(o, i, &role), width,
		    EDITOR_LINE_ROWS_MAX);
	return rows;
}

static size_t
editor_output_rows(struct output *o, int width, size_t limit)
{
	return editor_output_rows_from(o, 0, width, limit);
}

static bool
editor_output_footer(struct editor_cell *ec)
{
	return output_nshown(ec->out) > 0 || output_ndropped(ec->out) > 0;
}

static int
editor_out_rows(struct editor *ed, size_t idx)
{
	struct editor_cell *ec = ed->cells[idx];
	int width = ed->lay.text_cols;
	size_t rows;

	if (output_is_empty(ec->out))
		return 0;
	editor_output_look(ed, ec);
	if (ec->out_rows_width == width && ec->out_rows_mode == ec->out_mode &&
	    ec->out_rows_version == output_version(ec->out))
		return ec->out_rows;
	if (ec->out_mode == EDITOR_OUT_COLLAPSED)
		rows = 1;
	else {
		size_t cap = ec->out_mode == EDITOR_OUT_EXPANDED ?
		    EDITOR_OUT_MAX : editor_output_cap(ed, ec);

		rows = editor_output_rows(ec->out, width, cap + 1);
		if (rows > cap)
			rows = cap;	/* the last row says how much more */
		if (rows == 0)
			rows = 1;
		if (editor_output_footer(ec))
			rows++;
	}
	ec->out_rows = (int)rows;
	ec->out_rows_width = width;
	ec->out_rows_mode = ec->out_mode;
	ec->out_rows_version = output_version(ec->out);
	return ec->out_rows;
}

void
editor_cell_rows(struct editor *ed, size_t idx, struct layout_cell *out)
{
	out->code_rows = editor_code_rows(ed, idx);
	out->out_rows = editor_out_rows(ed, idx);
}

static void
editor_layout_screen(struct editor *ed)
{
	int rows, cols;

	draw_size(ed->draw, &rows, &cols);
	layout_screen(&ed->lay, cols, rows, ed->side != EDITOR_SIDE_NONE);
}

void
editor_layout_cells(struct editor *ed)
{
	size_t i;

	if (ed->draw != NULL)
		editor_layout_screen(ed);
	if (ed->lcells_alloc < ed->ncells + 1) {
		ed->lcells_alloc = ed->ncells + 1;
		ed->lcells = xreallocarray(ed->lcells, ed->lcells_alloc,
		    sizeof *ed->lcells);
	}
	for (i = 0; i < ed->ncells; i++)
		editor_cell_rows(ed, i, &ed->lcells[i]);
	if (ed->view_only)
		/* The app view: a cell without output takes no room. */
		for (i = 0; i < ed->ncells; i++)
			if (ed->lcells[i].code_rows == 0 &&
			    ed->lcells[i].out_rows == 0)
				ed->lcells[i].code_rows = LAYOUT_HIDDEN;
}

/* Which row of the cell's code holds the cursor (editing only). */
static long
editor_cursor_row(struct editor *ed)
{
	struct text *t = celledit_text(ed->ce);
	struct render_line rl;
	size_t line = celledit_line(ed->ce), l, rows = 0, s, e, col;
	const char *src = celledit_bytes(ed->ce, NULL);

	if (!ed->wrap)
		return (long)line;
	render_line_init(&rl);
	for (l = 0; l <= line; l++) {
		s = text_line_start(t, l);
		e = text_line_end(t, l);
		render_line_reset(&rl);
		render_code(&rl, src + s, e - s, s, NULL, CELLEDIT_TAB_WIDTH,
		    false);
		if (l < line)
			rows += render_wrap_rows(&rl, ed->lay.text_cols,
			    EDITOR_LINE_ROWS_MAX);
	}
	col = render_col_of_src(&rl, celledit_cursor(ed->ce));
	for (l = 1; l < EDITOR_LINE_ROWS_MAX; l++) {
		size_t st = render_wrap_start(&rl, ed->lay.text_cols, l);

		if (st >= rl.n || render_col_of(&rl, st) > col)
			break;
		rows++;
	}
	render_line_release(&rl);
	return (long)rows;
}

void
editor_scroll_to_focus(struct editor *ed)
{
	long y0, total, h, cy;

	if (ed->draw == NULL || ed->ncells == 0)
		return;
	editor_layout_cells(ed);
	y0 = layout_offset(ed->lcells, ed->ncells, ed->focus);
	total = layout_offset(ed->lcells, ed->ncells, ed->ncells);
	h = layout_pane_rows(&ed->lcells[ed->focus]);
	ed->scroll = layout_scroll_to(ed->scroll, y0, y0 + h,
	    ed->lay.column.rows, total);
	if (ed->ce != NULL) {
		cy = y0 + 1 + editor_cursor_row(ed);
		ed->scroll = layout_scroll_to(ed->scroll, cy, cy + 1,
		    ed->lay.column.rows, total);
	}
}

void
editor_scroll_to_output(struct editor *ed, size_t row)
{
	const struct layout_cell *lc;
	long y0, total, cy;

	if (ed->draw == NULL || ed->ncells == 0)
		return;
	editor_layout_cells(ed);
	lc = &ed->lcells[ed->focus];
	y0 = layout_offset(ed->lcells, ed->ncells, ed->focus);
	total = layout_offset(ed->lcells, ed->ncells, ed->ncells);
	/* Title, code, separator, then the output's rows. */
	cy = y0 + 1 + (lc->code_rows > 0 ? lc->code_rows + 1 : 0) +
	    (long)row;
	ed->scroll = layout_scroll_to(ed->scroll, y0, y0 + 1,
	    ed->lay.column.rows, total);
	ed->scroll = layout_scroll_to(ed->scroll, cy, cy + 2,
	    ed->lay.column.rows, total);
}

void
editor_cell_title(struct editor *ed, size_t idx, struct buf *out)
{
	struct nb_cell *c = nb_cell_at(ed->nb, idx);

	buf_addf(out, "%zu", idx + 1);
	if (nb_cell_is_named(c))
		buf_addf(out, " %s", nb_cell_name(c));
}

/* The state shown at the right of a title, and its role. */
static void
editor_cell_state(struct editor *ed, size_t idx, struct buf *out,
    enum draw_role *role)
{
	struct editor_cell *ec = ed->cells[idx];
	struct nb_cell *c = nb_cell_at(ed->nb, idx);
	const struct run_info *in = &ec->info;
	bool u = draw_utf8(ed->draw);

	*role = DRAW_DIM;
	if (nb_cell_config(c).disabled) {
		buf_adds(out, u ? "\xe2\x8a\x98 disabled" : "- disabled");
		*role = DRAW_STATE_DISABLED;
		return;
	}
	if (in->state == RUN_RUNNING) {
		buf_adds(out, u ? "\xe2\x97\x8f running" : "* running");
		*role = DRAW_STATE_RUNNING;
		return;
	}
	if (in->state == RUN_QUEUED) {
		buf_adds(out, u ? "\xe2\x97\x8c queued" : "o queued");
		*role = DRAW_STATE_QUEUED;
		return;
	}
	/* A failure says so until the cell runs again; otherwise a cell
	 * whose code or inputs changed since it ran is stale. */
	if (in->result == RUN_OK || in->result == RUN_NONE ||
	    in->result == RUN_STOPPED) {
		if ((ec->needs_run && in->nruns > 0) || (in->stale &&
		    in->result != RUN_NONE)) {
			buf_adds(out, u ? "\xe2\x97\x8f stale" : "* stale");
			*role = DRAW_STATE_STALE;
			return;
		}
	}
	switch (in->result) {
	case RUN_NONE:
		if (ec->needs_run && !ed->view_only)
			buf_adds(out, "not run");
		return;
	case RUN_OK:
		buf_addf(out, "%s %.2fs", u ? "\xe2\x9c\x93" : "ok",
		    (double)in->duration_us / 1e6);
		*role = DRAW_STATE_OK;
		return;
	case RUN_ERROR:
		buf_addf(out, "%s error", u ? "\xe2\x9c\x97" : "x");
		break;
	case RUN_STOPPED:
		buf_adds(out, "stopped");
		*role = DRAW_STATE_STALE;
		return;
	case RUN_CANCELLED:
		buf_addf(out, "%s blocked", u ? "\xe2\x9c\x97" : "x");
		break;
	case RUN_INTERRUPTED:
		buf_addf(out, "%s interrupted", u ? "\xe2\x9c\x97" : "x");
		break;
	case RUN_DISABLED:
		buf_adds(out, u ? "\xe2\x8a\x98 disabled" : "- disabled");
		*role = DRAW_STATE_DISABLED;
		return;
	case RUN_KILLED:
		buf_addf(out, "%s kernel died", u ? "\xe2\x9c\x97" : "x");
		break;
	}
	*role = DRAW_STATE_ERROR;
}

static bool
editor_row_visible(struct editor *ed, int y)
{
	return y >= ed->lay.column.y &&
	    y < ed->lay.column.y + ed->lay.column.rows;
}

/* The focused pane is drawn with heavy lines: visible without colour. */
static int
editor_glyph(enum draw_glyph g, enum draw_role role)
{
	return role == DRAW_BORDER_FOCUS ? (int)g | DRAW_G_HEAVY : (int)g;
}

/* A horizontal border row: left glyph, line, right glyph. */
static void
editor_border(struct editor *ed, int y, enum draw_glyph l, enum draw_glyph r,
    enum draw_role role)
{
	int x = ed->lay.box_x, w = ed->lay.box_cols;

	if (w < 2)
		return;
	draw_glyph(ed->draw, y, x, editor_glyph(l, role), 1, role);
	draw_glyph(ed->draw, y, x + 1, editor_glyph(DRAW_G_HLINE, role),
	    w - 2, role);
	draw_glyph(ed->draw, y, x + w - 1, editor_glyph(r, role), 1, role);
}

/* The sides of a content row. */
static void
editor_sides(struct editor *ed, int y, enum draw_role role)
{
	int x = ed->lay.box_x, w = ed->lay.box_cols;

	draw_glyph(ed->draw, y, x, editor_glyph(DRAW_G_VLINE, role), 1, role);
	draw_glyph(ed->draw, y, x + w - 1, editor_glyph(DRAW_G_VLINE, role),
	    1, role);
}

static void
editor_draw_title(struct editor *ed, size_t idx, int y, bool focus)
{
	struct buf t = BUF_INIT, st = BUF_INIT;
	enum draw_role brole = focus ? DRAW_BORDER_FOCUS : DRAW_BORDER;
	enum draw_role srole;
	int x = ed->lay.box_x, w = ed->lay.box_cols, used, sw, room;

	editor_border(ed, y, DRAW_G_ULCORNER, DRAW_G_URCORNER, brole);
	editor_cell_state(ed, idx, &st, &srole);
	sw = st.len > 0 ? (int)utf8_str_width(st.ptr, st.len) + 2 : 0;
	room = w - 4 - sw - (sw > 0 ? 1 : 0);
	buf_addc(&t, ' ');
	editor_cell_title(ed, idx, &t);
	buf_addc(&t, ' ');
	if (room > 3)
		used = draw_text(ed->draw, y, x + 2, room, focus ?
		    DRAW_TITLE_FOCUS : DRAW_TITLE, t.ptr, t.len);
	else
		used = 0;
	(void)used;
	if (sw > 0 && sw < w - 4) {
		buf_reset(&t);
		buf_addf(&t, " %s ", st.ptr);
		(void)draw_text(ed->draw, y, x + w - 2 - sw, sw, srole, t.ptr,
		    t.len);
	}
	buf_release(&t);
	buf_release(&st);
}

/* Mark cells of l in [s, e) (source offsets) with role. */
static void
editor_overlay(struct render_line *l, size_t s, size_t e,
    enum draw_role role)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->src[i] >= s && l->src[i] < e) {
			l->cells[i].role = (uint8_t)role;
			l->cells[i].fg = SANITIZE_COLOR_DEFAULT;
			l->cells[i].bg = SANITIZE_COLOR_DEFAULT;
		}
}

/* Search matches inside [ls, le) of src. */
static void
editor_overlay_search(struct editor *ed, struct render_line *rl,
    const char *src, size_t ls, size_t le)
{
	size_t i, n = ed->search.len;

	if (n == 0 || le - ls < n)
		return;
	for (i = ls; i + n <= le; i++)
		if (memcmp(src + i, ed->search.ptr, n) == 0)
			editor_overlay(rl, i, i + n, DRAW_SEARCH);
}

/* Draw the code rows of pane p; returns nothing, may set the cursor. */
static void
editor_draw_code(struct editor *ed, size_t idx, const struct layout_pane *p,
    int nrows, enum draw_role side_role)
{
	struct editor_cell *ec = ed->cells[idx];
	bool editing = ed->ce != NULL && ed->ce_cell == ec->id;
	const uint8_t *roles = editor_roles(ed, idx);
	struct render_line rl;
	const char *src;
	size_t len, ls, le, line = 0, sel_s = 0, sel_e = 0, br_at = 0,
	    br_match = 0, cursor = 0, cur_line = 0, row_start, next, skip;
	bool sel = false, br = false;
	int row = 0, y, width = ed->lay.text_cols, cols;

	src = editor_source(ed, idx, &len);
	if (editing) {
		sel = celledit_selection(ed->ce, &sel_s, &sel_e);
		br = celledit_bracket(ed->ce, &br_at, &br_match);
		cursor = celledit_cursor(ed->ce);
		cur_line = celledit_line(ed->ce);
	}
	render_line_init(&rl);
	if (editing && !ed->wrap) {
		/* Keep the cursor's column in view. */
		struct text *t = celledit_text(ed->ce);
		size_t col;

		ls = text_line_start(t, cur_line);
		le = text_line_end(t, cur_line);
		render_code(&rl, src + ls, le - ls, ls, NULL,
		    CELLEDIT_TAB_WIDTH, !draw_utf8(ed->draw));
		col = render_col_of_src(&rl, cursor);
		if (col < ec->hscroll)
			ec->hscroll = col > 8 ? col - 8 : 0;
		else if (col >= ec->hscroll + (size_t)width)
			ec->hscroll = col - (size_t)width + 8 < col ?
			    col - (size_t)width + 8 : 0;
	} else if (!editing)
		ec->hscroll = 0;
	skip = editing ? ec->hscroll : 0;
	for (ls = 0; ls <= len && row < nrows; line++) {
		le = ls;
		while (le < len && src[le] != '\n')
			le++;
		y = p->code_y + row;
		if (!ed->wrap && !editor_row_visible(ed, y)) {
			row++;
			ls = le + 1;
			continue;
		}
		render_line_reset(&rl);
		render_code(&rl, src + ls, le - ls, ls, roles + ls,
		    CELLEDIT_TAB_WIDTH, !draw_utf8(ed->draw));
		if (ed->search.len > 0)
			editor_overlay_search(ed, &rl, src, ls, le);
		if (br) {
			editor_overlay(&rl, br_at, br_at + 1, DRAW_BRACKET);
			editor_overlay(&rl, br_match, br_match + 1,
			    DRAW_BRACKET);
		}
		if (sel) {
			editor_overlay(&rl, sel_s, sel_e, DRAW_SELECTION);
			/* A selected line break shows as one cell. */
			if (le >= sel_s && le < sel_e && le < len) {
				render_line_add(&rl, ' ', DRAW_SELECTION, le);
			}
		}
		if (ec->err_line == line + 1 && editor_row_visible(ed, y))
			draw_str(ed->draw, y, ed->lay.gutter_x, 1, DRAW_ERROR,
			    draw_utf8(ed->draw) ? "\xe2\x96\xb6" : ">");
		else if (editor_row_visible(ed, y))
			vcsbar_gutter(ed, idx, line, y);	/* + ~ - */
		if (!ed->wrap) {
			cols = render_draw(ed->draw, y, ed->lay.text_x, width,
			    &rl, skip);
			(void)cols;
			if (rl.width > skip + (size_t)width)
				draw_str(ed->draw, y, ed->lay.text_x + width,
				    1, DRAW_DIM, draw_utf8(ed->draw) ?
				    "\xc2\xbb" : ">");
			if (editing && line == cur_line)
				draw_cursor(ed->draw, y, ed->lay.text_x +
				    (int)(render_col_of_src(&rl, cursor) -
				    skip));
			editor_sides(ed, y, side_role);
			row++;
		} else {
			size_t r, nr = render_wrap_rows(&rl, width,
			    EDITOR_LINE_ROWS_MAX);

			for (r = 0; r < nr && row < nrows; r++, row++) {
				y = p->code_y + row;
				row_start = render_wrap_start(&rl, width, r);
				next = r + 1 < nr ? render_wrap_start(&rl,
				    width, r + 1) : rl.n;
				if (!editor_row_visible(ed, y))
					continue;
				(void)render_draw_cells(ed->draw, y,
				    ed->lay.text_x, width, &rl, row_start,
				    next);
				editor_sides(ed, y, side_role);
				if (editing && line == cur_line) {
					size_t cc = render_col_of_src(&rl,
					    cursor), rc = render_col_of(&rl,
					    row_start), nc = render_col_of(&rl,
					    next);

					if (cc >= rc && (cc < nc || r + 1 ==
					    nr))
						draw_cursor(ed->draw, y,
						    ed->lay.text_x +
						    (int)(cc - rc));
				}
			}
		}
		ls = le + 1;
		if (le >= len)
			break;
	}
	render_line_release(&rl);
}

/*
 * Give the cells of a rendered rich line their run's role (markers
 * keep theirs), and the focused element's columns the focus role.
 */
static void
editor_rich_roles(struct render_line *rl, const struct sanitize_line *sl,
    const struct output_line_info *info)
{
	size_t k, r = 0, col = 0;

	for (k = 0; k < rl->n; k++) {
		struct draw_cell *c = &rl->cells[k];

		while (r + 1 < sl->nruns && rl->src[k] >= sl->runs[r].off +
		    sl->runs[r].len)
			r++;
		if (c->role != DRAW_MARKER && r < sl->nruns)
			c->role = info->run_roles[r];
		if (info->hl_width > 0 && col >= info->hl_col &&
		    col < info->hl_col + info->hl_width &&
		    c->role != DRAW_MARKER) {
			c->role = DRAW_WIDGET_FOCUS;
			c->fg = c->bg = SANITIZE_COLOR_DEFAULT;
		}
		col += c->width;
	}
}

/*
 * Line i of o starts a picture (sixel or kitty): it goes over its
 * symbols at row y when all of its rows show (rows_left of the pane
 * from y, each on screen); else the symbols alone show.
 */
static void
editor_draw_picture(struct editor *ed, struct output *o, size_t i, int y,
    int rows_left)
{
	struct output_graphics g;
	size_t r;

	if (!output_line_graphics(o, i, &g) || g.rows > (size_t)rows_left)
		return;
	for (r = 0; r < g.rows; r++)
		if (!editor_row_visible(ed, y + (int)r))
			return;
	draw_graphics(ed->draw, y, ed->lay.text_x, (int)g.rows, (int)g.cols,
	    g.seq, g.len, g.id, ed->graphics == IMGRENDER_KITTY);
}

/* Draw the output rows of pane p. */
static void
editor_draw_output(struct editor *ed, size_t idx, const struct layout_pane *p,
    int nrows, enum draw_role side_role)
{
	struct editor_cell *ec = ed->cells[idx];
	struct output *o = ec->out;
	struct render_line rl;
	struct buf note = BUF_INIT;
	size_t n, i, r, nr, start, next, total, first;
	struct output_line_info info;
	int row = 0, width = ed->lay.text_cols, body = nrows, content, y;
	bool footer = ec->out_mode != EDITOR_OUT_COLLAPSED &&
	    editor_output_footer(ec);

	editor_output_look(ed, ec);
	n = output_nlines(o);
	for (y = p->out_y; y < p->out_y + nrows; y++)
		if (editor_row_visible(ed, y))
			editor_sides(ed, y, side_role);
	if (ec->out_mode == EDITOR_OUT_COLLAPSED) {
		buf_addf(&note, "output collapsed (%zu lines)", n);
		if (editor_row_visible(ed, p->out_y))
			(void)draw_text(ed->draw, p->out_y, ed->lay.text_x,
			    width, DRAW_DIM, note.ptr, note.len);
		buf_release(&note);
		return;
	}
	if (footer)
		body--;
	/* Lines scrolled off the top (capped view) say so on the first
	 * row, lines left below on the last. */
	first = ec->out_mode == EDITOR_OUT_CAPPED && n > 0 ?
	    (ec->out_scroll < n ? ec->out_scroll : n - 1) : 0;
	if (first > 0) {
		buf_addf(&note, "%s %zu line%s above", draw_utf8(ed->draw) ?
		    "\xe2\x8b\xaf" : "...", first, first == 1 ? "" : "s");
		if (editor_row_visible(ed, p->out_y))
			(void)draw_text(ed->draw, p->out_y, ed->lay.text_x,
			    width, DRAW_DIM, note.ptr, note.len);
		buf_reset(&note);
		row = 1;
	}
	/* Counted no further than needed: a huge output costs only the
	 * rows on screen. */
	total = (size_t)row + editor_output_rows_from(o, first, width,
	    (size_t)(body - row) + 1);
	content = total > (size_t)body ? body - 1 : body;
	render_line_init(&rl);
	for (i = first; i < n && row < content; i++) {
		const struct sanitize_line *sl = output_line_info(o, i, &info);

		nr = render_sline_rows(sl, width, EDITOR_LINE_ROWS_MAX);
		if (p->out_y + row + (int)nr <= ed->lay.column.y) {
			row += (int)nr;	/* above the screen: not rendered */
			continue;
		}
		render_line_reset(&rl);
		render_sline(&rl, sl, info.role, !draw_utf8(ed->draw));
		if (info.rich)
			editor_rich_roles(&rl, sl, &info);
		if (info.rich && ed->graphics != 0)
			editor_draw_picture(ed, o, i, p->out_y + row,
			    content - row);
		for (r = 0; r < nr && row < content; r++, row++) {
			y = p->out_y + row;
			if (!editor_row_visible(ed, y))
				continue;
			start = render_wrap_start(&rl, width, r);
			next = r + 1 < nr ? render_wrap_start(&rl, width,
			    r + 1) : rl.n;
			(void)render_draw_cells(ed->draw, y, ed->lay.text_x,
			    width, &rl, start, next);
			if (sl->rewrites > 0 && r == 0)
				draw_str(ed->draw, y, ed->lay.gutter_x, 1,
				    DRAW_GUTTER, draw_utf8(ed->draw) ?
				    "\xe2\x86\xbb" : "r");
		}
	}
	render_line_release(&rl);
	if (total > (size_t)body) {
		y = p->out_y + body - 1;
		buf_addf(&note, "%s %zu more line%s (%s)", draw_utf8(ed->draw) ?
		    "\xe2\x8b\xaf" : "...", n - i, n - i == 1 ? "" : "s",
		    ec->out_mode == EDITOR_OUT_EXPANDED ? "limit reached" :
		    "expand shows all");
		if (editor_row_visible(ed, y))
			(void)draw_text(ed->draw, y, ed->lay.text_x, width,
			    DRAW_DIM, note.ptr, note.len);
		buf_reset(&note);
	}
	if (footer) {
		y = p->out_y + nrows - 1;
		if (output_nshown(o) > 0)
			buf_addf(&note, "%zu control sequence%s shown as text",
			    output_nshown(o), output_nshown(o) == 1 ? "" :
			    "s");
		if (output_ndropped(o) > 0)
			buf_addf(&note, "%s%zu bytes not kept",
			    note.len ? "; " : "", output_ndropped(o));
		if (editor_row_visible(ed, y))
			(void)draw_text(ed->draw, y, ed->lay.text_x, width,
			    DRAW_DIM, note.ptr, note.len);
	}
	buf_release(&note);
}

static void
editor_draw_pane(struct editor *ed, const struct layout_pane *p)
{
	size_t idx = p->idx;
	const struct layout_cell *lc = &ed->lcells[idx];
	bool focus = idx == ed->focus;
	enum draw_role brole = focus ? DRAW_BORDER_FOCUS : DRAW_BORDER;
	int y, code = lc->code_rows > 0 ? lc->code_rows : 0;
	int outr = lc->out_rows > 0 ? lc->out_rows : 0;

	ed->cells[idx]->drawn_frame = ed->nframes + 1;
	if (editor_row_visible(ed, p->y))
		editor_draw_title(ed, idx, p->y, focus);
	if (code > 0)
		editor_draw_code(ed, idx, p, code, brole);
	else if (outr == 0 && editor_row_visible(ed, p->code_y)) {
		/* Nothing to show: say why. */
		const char *why = nb_cell_config(nb_cell_at(ed->nb,
		    idx)).hide_code ? "code hidden" : "";

		(void)draw_str(ed->draw, p->code_y, ed->lay.text_x,
		    ed->lay.text_cols, DRAW_DIM, why);
		editor_sides(ed, p->code_y, brole);
	}
	if (p->sep_y >= 0 && editor_row_visible(ed, p->sep_y))
		editor_border(ed, p->sep_y, DRAW_G_LTEE, DRAW_G_RTEE, brole);
	if (outr > 0)
		editor_draw_output(ed, idx, p, outr, brole);
	y = p->y + p->rows - 1;
	if (editor_row_visible(ed, y))
		editor_border(ed, y, DRAW_G_LLCORNER, DRAW_G_LRCORNER, brole);
}

static void
editor_draw_top(struct editor *ed)
{
	struct buf b = BUF_INIT;
	const char *base = strrchr(ed->path, '/');
	const char *mode;
	int x = 0, w = ed->lay.width;

	base = base != NULL ? base + 1 : ed->path;
	draw_fill(ed->draw, 0, 0, w, DRAW_BAR);
	buf_adds(&b, " quire \xc2\xb7 ");
	if (!draw_utf8(ed->draw)) {
		buf_reset(&b);
		buf_adds(&b, " quire - ");
	}
	x += draw_text(ed->draw, 0, x, w - x, DRAW_BAR, b.ptr, b.len);
	x += draw_text(ed->draw, 0, x, w - x - 20 > 10 ? w - x - 20 : 10,
	    DRAW_BAR, base, strlen(base));
	if (editor_is_modified(ed))
		x += draw_str(ed->draw, 0, x, w - x, DRAW_BAR, " [+]");
	x += draw_str(ed->draw, 0, x, w - x, DRAW_BAR,
	    draw_utf8(ed->draw) ? " \xc2\xb7 " : " - ");
	mode = ed->view_only ? "VIEW" : ed->ce != NULL ? "INSERT" : "EDIT";
	x += draw_text(ed->draw, 0, x, w - x, DRAW_MODE, mode, strlen(mode));
	buf_reset(&b);
	buf_addf(&b, " %s %s", draw_utf8(ed->draw) ? "\xc2\xb7" : "-",
	    ed->user);
	vcsbar_top(ed, &b, draw_utf8(ed->draw) ? " \xc2\xb7 " : " - ");
	buf_addf(&b, " %s kernel %s ",
	    draw_utf8(ed->draw) ? "\xc2\xb7" : "-",
	    run_kernel_state(ed->run));
	if (ed->lazy)
		buf_adds(&b, "lazy ");
	(void)draw_text(ed->draw, 0, x, w - x, DRAW_BAR, b.ptr, b.len);
	buf_release(&b);
}

struct editor_hint {
	const char *cmd, *label;
};

static const struct editor_hint editor_hints_nav[] = {
	{ "help", "help" }, { "run-all", "run all" }, { "save", "save" },
	{ "edit-cell", "edit" }, { "command", "command" },
	{ "quit", "quit" },
	{ NULL, NULL }
};
static const struct editor_hint editor_hints_edit[] = {
	{ "leave", "done" }, { "run", "run" }, { "undo", "undo" },
	{ "save", "save" }, { "help", "help" }, { NULL, NULL }
};
static const struct editor_hint editor_hints_side[] = {
	{ "close", "close" }, { "side-select", "go" }, { "help", "help" },
	{ NULL, NULL }
};
static const struct editor_hint editor_hints_view[] = {
	{ "help", "help" }, { "run-all", "run all" },
	{ "view-code", "code" }, { "command", "command" },
	{ "quit", "quit" }, { NULL, NULL }
};

/* "key label" pairs from the live keymap. */
static void
editor_hints(struct editor *ed, struct buf *out)
{
	enum keymap_mode mode = ed->ce != NULL ? KEYMAP_EDIT : KEYMAP_NAV;
	const struct editor_hint *h;
	size_t before;

	if (ed->side != EDITOR_SIDE_NONE && ed->ce == NULL) {
		h = editor_hints_side;
		mode = KEYMAP_SIDE;
	} else if (ed->view_only)
		h = editor_hints_view;
	else if (ed->ce != NULL)
		h = editor_hints_edit;
	else
		h = editor_hints_nav;
	for (; h->cmd != NULL; h++) {
		before = out->len;
		buf_addc(out, ' ');
		if (!keymap_keys_for(ed->km, mode, h->cmd, out) &&
		    !(mode == KEYMAP_SIDE && keymap_keys_for(ed->km,
		    KEYMAP_NAV, h->cmd, out))) {
			buf_truncate(out, before);
			continue;
		}
		buf_addf(out, " %s ", h->label);
	}
}

static void
editor_draw_bottom(struct editor *ed)
{
	struct buf b = BUF_INIT, right = BUF_INIT;
	int y = ed->lay.bottom.y, w = ed->lay.width, x, rw;
	enum draw_role role = DRAW_BAR;

	if (ed->lay.bottom.rows == 0)
		return;
	draw_fill(ed->draw, y, 0, w, DRAW_BAR);
	buf_addf(&right, " %zu/%zu ", ed->focus + 1, ed->ncells);
	if (ed->ce != NULL) {
		struct text *t = celledit_text(ed->ce);
		size_t line = celledit_line(ed->ce), s, e;
		struct render_line rl;
		const char *src = celledit_bytes(ed->ce, NULL);

		/* Line and screen column, as the cursor stands on screen. */
		s = text_line_start(t, line);
		e = text_line_end(t, line);
		render_line_init(&rl);
		render_code(&rl, src + s, e - s, s, NULL, CELLEDIT_TAB_WIDTH,
		    false);
		buf_truncate(&right, right.len - 1);
		buf_addf(&right, " %zu:%zu ", line + 1,
		    render_col_of_src(&rl, celledit_cursor(ed->ce)) + 1);
		render_line_release(&rl);
	}
	if (ed->input == EDITOR_INPUT_LINE) {
		const char *pr = keymap_line_prompt(ed->line);
		const char *tx = keymap_line_text(ed->line);
		size_t cur = keymap_line_cursor(ed->line);

		x = draw_str(ed->draw, y, 0, w, DRAW_BAR, pr);
		(void)draw_text(ed->draw, y, x, w - x - 1, DRAW_BAR, tx,
		    strlen(tx));
		draw_cursor(ed->draw, y, x + (int)utf8_str_width(tx, cur));
		if (ed->msg.len > 0 && (int)(x + utf8_str_width(tx,
		    strlen(tx)) + 4) < w) {
			int mx = x + (int)utf8_str_width(tx, strlen(tx)) + 3;

			(void)draw_text(ed->draw, y, mx, w - mx, DRAW_DIM,
			    ed->msg.ptr, ed->msg.len);
		}
		goto done;
	}
	if (ed->input == EDITOR_INPUT_PROMPT) {
		buf_addf(&b, " %s ", ed->question);
		(void)draw_text(ed->draw, y, 0, w, DRAW_BAR_KEY, b.ptr, b.len);
		draw_cursor(ed->draw, y, (int)utf8_str_width(b.ptr, b.len) <
		    w ? (int)utf8_str_width(b.ptr, b.len) : w - 1);
		goto done;
	}
	if (ed->msg.len > 0) {
		buf_addc(&b, ' ');
		buf_add(&b, ed->msg.ptr, ed->msg.len);
		role = ed->msg_error ? DRAW_ERROR : DRAW_BAR;
	} else if (ed->pending.len > 0)
		buf_addf(&b, " %s-", ed->pending.ptr);
	else if (outfocus_active(ed))
		outfocus_hints(ed, &b);
	else
		editor_hints(ed, &b);
	rw = (int)utf8_str_width(right.ptr, right.len);
	if (rw > w / 3)
		rw = 0;
	(void)draw_text(ed->draw, y, 0, w - rw, role == DRAW_ERROR ?
	    DRAW_ERROR : DRAW_BAR, b.ptr, b.len);
	if (rw > 0)
		(void)draw_text(ed->draw, y, w - rw, rw, DRAW_BAR, right.ptr,
		    right.len);
done:
	buf_release(&b);
	buf_release(&right);
}

static void
editor_draw_side(struct editor *ed)
{
	struct editor_side_line *lines;
	const struct layout_rect *r = &ed->lay.side;
	const char *title = editor_side_title(ed);
	size_t n, i, first, end;
	int y, inner = r->rows - 2;

	if (r->rows < 3 || r->cols < 10)
		return;
	n = editor_side_lines(ed, &lines);
	for (y = r->y; y < r->y + r->rows; y++)
		draw_fill(ed->draw, y, r->x, r->cols, DRAW_TEXT);
	draw_glyph(ed->draw, r->y, r->x, DRAW_G_ULCORNER, 1,
	    DRAW_BORDER_FOCUS);
	draw_glyph(ed->draw, r->y, r->x + 1, DRAW_G_HLINE, r->cols - 2,
	    DRAW_BORDER_FOCUS);
	draw_glyph(ed->draw, r->y, r->x + r->cols - 1, DRAW_G_URCORNER, 1,
	    DRAW_BORDER_FOCUS);
	(void)draw_str(ed->draw, r->y, r->x + 2, r->cols - 4,
	    DRAW_TITLE_FOCUS, title);
	scrollview_set_rows(&ed->side_sv, n);
	scrollview_set_page(&ed->side_sv, (size_t)inner);
	scrollview_visible_range(&ed->side_sv, &first, &end);
	for (i = 0; (int)i < inner; i++) {
		y = r->y + 1 + (int)i;
		draw_glyph(ed->draw, y, r->x, DRAW_G_VLINE, 1,
		    DRAW_BORDER_FOCUS);
		draw_glyph(ed->draw, y, r->x + r->cols - 1, DRAW_G_VLINE, 1,
		    DRAW_BORDER_FOCUS);
		if (first + i >= end)
			continue;
		if (first + i == ed->side_sv.sel)
			draw_fill(ed->draw, y, r->x + 1, r->cols - 2,
			    DRAW_SELECTION);
		(void)draw_str(ed->draw, y, r->x + 2, r->cols - 4,
		    first + i == ed->side_sv.sel ? DRAW_SELECTION :
		    (enum draw_role)lines[first + i].role,
		    lines[first + i].text);
	}
	draw_glyph(ed->draw, r->y + r->rows - 1, r->x, DRAW_G_LLCORNER, 1,
	    DRAW_BORDER_FOCUS);
	draw_glyph(ed->draw, r->y + r->rows - 1, r->x + 1, DRAW_G_HLINE,
	    r->cols - 2, DRAW_BORDER_FOCUS);
	draw_glyph(ed->draw, r->y + r->rows - 1, r->x + r->cols - 1,
	    DRAW_G_LRCORNER, 1, DRAW_BORDER_FOCUS);
	editor_side_lines_free(lines, n);
}

void
editor_draw(struct editor *ed)
{
	struct layout_pane panes[128];
	struct buf b = BUF_INIT;
	size_t n, i;
	long total;

	draw_erase(ed->draw);
	draw_cursor(ed->draw, -1, -1);
	outfocus_before_draw(ed);
	editor_layout_cells(ed);
	if (ed->lay.too_small) {
		buf_addf(&b, "quire needs %dx%d (now %dx%d)", LAYOUT_MIN_WIDTH,
		    LAYOUT_MIN_HEIGHT, ed->lay.width, ed->lay.height);
		(void)draw_text(ed->draw, 0, 0, ed->lay.width, DRAW_ERROR,
		    b.ptr, b.len);
		buf_release(&b);
		draw_flush(ed->draw);
		return;
	}
	total = layout_offset(ed->lcells, ed->ncells, ed->ncells);
	ed->scroll = layout_scroll_to(ed->scroll, ed->scroll, ed->scroll,
	    ed->lay.column.rows, total);
	editor_draw_top(ed);
	n = layout_visible(&ed->lay, ed->lcells, ed->ncells, ed->scroll,
	    panes, sizeof panes / sizeof panes[0]);
	for (i = 0; i < n; i++)
		if (ed->lcells[panes[i].idx].code_rows >= 0)
			editor_draw_pane(ed, &panes[i]);
	if (ed->view_only && n == 0)
		(void)draw_str(ed->draw, ed->lay.column.y + 1, 2,
		    ed->lay.width - 4, DRAW_DIM, "nothing to show yet: the "
		    "notebook has not run (C-r runs it)");
	if (ed->side != EDITOR_SIDE_NONE)
		editor_draw_side(ed);
	editor_draw_bottom(ed);
	vcsbar_draw(ed);
	view_audit_draw(ed);
	draw_flush(ed->draw);
}
