/*
 * view_diff.c: the cell-aware diff inside the editor. Two versions of
 * the notebook (a revision, or the notebook as it stands in the editor)
 * are compared by src/celldiff.c; tui/diffview.c lays the result out as
 * rows, and this file draws them over the notebook column as panes like
 * the notebook's own: a title with the cell's number, name and what
 * happened to it, dim notes, and the changed lines with + and - in the
 * gutter and the changed words in reverse video.
 *
 * The selected cell is the one at the top of the view (heavy borders);
 * n and p bring the next and previous change to the top. r restores the
 * selected cell as the older side has it, through the editor's undo
 * (tui/vcsbar.c), and the diff is made again when its newer side is the
 * working copy. Everything shown was sanitised: names and notes as
 * fields (diffview.c), code as code (render.c).
 */
#include "config.h"
#include "view_diff.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celldiff.h"
#include "diffview.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"
#include "keys.h"
#include "layout.h"
#include "nb.h"
#include "render.h"
#include "sanitize.h"
#include "utf8.h"
#include "vcs.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "scrollview.h"
#include "vcsbar.h"
#include "view_log.h"

#define VIEW_DIFF_HSTEP 8	/* columns Left and Right scroll by */

struct view_diff {
	struct celldiff *d;
	struct diffview_rows rows;
	struct nb *old;		/* the older side; NULL: no file there */
	struct nb *new;		/* the newer side when it is a revision;
				   NULL: the editor's notebook */
	char *old_label;	/* "HEAD (a1b2c3d)", sanitised */
	char *new_label;
	bool all;		/* show the text of unchanged cells */
	struct scrollview sv;	/* over rows: the first row shown */
	size_t sel;		/* selected entry */
	size_t hscroll;		/* columns of code scrolled */
};

void
view_diff_free(struct editor *ed)
{
	struct view_diff *vd = ed->vdiff;

	if (vd == NULL)
		return;
	celldiff_free(vd->d);
	diffview_rows_release(&vd->rows);
	nb_free(vd->old);
	nb_free(vd->new);
	free(vd->old_label);
	free(vd->new_label);
	free(vd);
	ed->vdiff = NULL;
	ed->dirty_screen = true;
}

bool
view_diff_is_open(const struct editor *ed)
{
	return ed->vdiff != NULL;
}

static void
view_diff_fail(struct editor *ed)
{
	struct buf e = BUF_INIT;

	sanitize_to_buf(&e, SANITIZE_FIELD, err_last(), strlen(err_last()));
	editor_message(ed, true, "diff: %s", e.ptr);
	buf_release(&e);
}

/* The row of entry sel, or the nearest before it. */
static size_t
view_diff_sel_row(const struct view_diff *vd)
{
	size_t r = diffview_entry_row(&vd->rows, vd->sel);

	return r != (size_t)-1 ? r : 0;
}

/* Diff the two sides again and lay them out, keeping the selection. */
static void
view_diff_make(struct editor *ed, struct view_diff *vd)
{
	size_t n;

	celldiff_free(vd->d);
	diffview_rows_release(&vd->rows);
	/* A notebook begun in the editor has no version until read back;
	 * the writer gives it FMT_MARIMO_VERSION, so that is no change. */
	if (vd->new == NULL && vd->old != NULL && nb_version(ed->nb) == NULL &&
	    nb_version(vd->old) != NULL &&
	    strcmp(nb_version(vd->old), FMT_MARIMO_VERSION) == 0)
		nb_set_version(vd->old, NULL);
	vd->d = celldiff_new(vd->old, vd->new != NULL ? vd->new : ed->nb,
	    NULL);
	diffview_rows_make(&vd->rows, vd->d, vd->all);
	scrollview_set_rows(&vd->sv, vd->rows.n);
	n = celldiff_nentries(vd->d);
	if (vd->sel >= n)
		vd->sel = n > 0 ? n - 1 : 0;
}

int
view_diff_open(struct editor *ed, const char *old_rev, const char *new_rev)
{
	struct vcs *v = vcsbar_vcs(ed);
	struct view_diff *vd;
	struct buf b = BUF_INIT;
	struct nb *old = NULL, *new = NULL;
	size_t r;
	int error;

	if (v == NULL) {
		view_diff_fail(ed);
		return -1;
	}
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	error = vcs_nb_at(v, old_rev != NULL ? old_rev : "HEAD", &old);
	if (error == VCS_NOTFOUND && old_rev == NULL) {
		/* Not committed yet (or no commit at all): all is new. */
		err_clear();
		old = NULL;
	} else if (error < 0) {
		view_diff_fail(ed);
		return -1;
	}
	if (new_rev != NULL && vcs_nb_at(v, new_rev, &new) < 0) {
		view_diff_fail(ed);
		nb_free(old);
		return -1;
	}
	view_diff_free(ed);
	vd = xcalloc(1, sizeof *vd);
	scrollview_init(&vd->sv, SCROLLVIEW_HOME_END | SCROLLVIEW_LETTERS |
	    SCROLLVIEW_SPACE | SCROLLVIEW_NO_CURSOR);
	vd->old = old;
	vd->new = new;
	vcsbar_rev_label(v, old_rev != NULL ? old_rev : "HEAD", &b);
	if (old == NULL)
		buf_adds(&b, ", without the notebook");
	vd->old_label = buf_detach(&b, NULL);
	if (new_rev != NULL)
		vcsbar_rev_label(v, new_rev, &b);
	else
		buf_adds(&b, "working copy");
	vd->new_label = buf_detach(&b, NULL);
	view_diff_make(ed, vd);
	/* Start at the first change. */
	r = diffview_next_change(&vd->rows, vd->d, (size_t)-1, false);
	if (r != (size_t)-1) {
		scrollview_goto(&vd->sv, r);
		vd->sel = vd->rows.v[r].entry;
	}
	ed->vdiff = vd;
	if (celldiff_is_empty(vd->d))
		editor_message(ed, false, "diff: no difference between %s and "
		    "%s", vd->old_label, vd->new_label);
	ed->dirty_screen = true;
	return 0;
}

/* Rows of diff on screen (the column less its title row). */
static size_t
view_diff_page(const struct editor *ed)
{
	int rows = ed->lay.bottom.y - ed->lay.top.rows - 1;

	return rows > 1 ? (size_t)rows : 1;
}

/* The selection follows the row at the top. */
static void
view_diff_follow(struct view_diff *vd)
{
	size_t r;

	if (vd->rows.n == 0)
		return;
	for (r = vd->sv.top; r < vd->rows.n; r++)
		if (vd->rows.v[r].kind != DIFFVIEW_HEADER) {
			vd->sel = vd->rows.v[r].entry;
			return;
		}
}

static void
view_diff_jump(struct editor *ed, struct view_diff *vd, bool backward)
{
	size_t r = diffview_next_change(&vd->rows, vd->d, vd->sv.top,
	    backward);

	if (r == (size_t)-1) {
		editor_message(ed, false, "diff: no %s change", backward ?
		    "earlier" : "later");
		return;
	}
	scrollview_goto(&vd->sv, r);
	vd->sel = vd->rows.v[r].entry;
}

/* r: the selected cell as the older side has it. */
static void
view_diff_restore(struct editor *ed, struct view_diff *vd)
{
	const struct celldiff_entry *e;
	struct vcs_restore plan = { NULL, 0, 0 };
	struct buf what = BUF_INIT;

	if (celldiff_nentries(vd->d) == 0)
		return;
	e = celldiff_entry_at(vd->d, vd->sel);
	if (e->old_idx == CELLDIFF_NONE || vd->old == NULL) {
		editor_message(ed, true, "restore: %s has no such cell",
		    vd->old_label);
		return;
	}
	if (e->kind == CELLDIFF_UNCHANGED && vd->new == NULL) {
		editor_message(ed, false, "restore: the cell is the same");
		return;
	}
	if (vcs_restore_cell(&plan, vd->old, e->old_idx, ed->nb) < 0) {
		view_diff_fail(ed);
		return;
	}
	buf_addf(&what, "cell %zu from %s", e->old_idx + 1, vd->old_label);
	(void)vcsbar_restore_apply(ed, &plan, what.ptr);
	vcs_restore_release(&plan);
	buf_release(&what);
	if (vd->new == NULL) {
		view_diff_make(ed, vd);
		scrollview_goto(&vd->sv, view_diff_sel_row(vd));
	}
}

/* Enter: the selected cell in the notebook. */
static void
view_diff_goto(struct editor *ed, struct view_diff *vd)
{
	const struct celldiff_entry *e;
	size_t idx;

	if (celldiff_nentries(vd->d) == 0)
		return;
	e = celldiff_entry_at(vd->d, vd->sel);
	if (vd->new != NULL) {
		editor_message(ed, false, "diff: both sides are commits; r "
		    "restores the older one's cell");
		return;
	}
	if (e->new_idx == CELLDIFF_NONE) {
		editor_message(ed, false, "diff: a removed cell (r restores "
		    "it)");
		return;
	}
	idx = e->new_idx;
	view_diff_free(ed);
	view_log_free(ed);
	editor_focus_set(ed, idx);
}

bool
view_diff_key(struct editor *ed, const struct keys_event *ev)
{
	struct view_diff *vd = ed->vdiff;

	if (vd == NULL)
		return false;
	if (ev->kind != KEYS_EV_KEY)
		return true;
	scrollview_set_page(&vd->sv, view_diff_page(ed));
	if (scrollview_key(&vd->sv, ev->key)) {
		view_diff_follow(vd);
		ed->dirty_screen = true;
		return true;
	}
	switch (ev->key) {
	case 'q':
	case KEYS_ESC:
		view_diff_free(ed);
		return true;
	case 'n':
	case KEYS_TAB:
		view_diff_jump(ed, vd, false);
		break;
	case 'p':
	case 'N':
	case KEYS_BTAB:
		view_diff_jump(ed, vd, true);
		break;
	case KEYS_LEFT:
	case 'h':
		vd->hscroll = vd->hscroll > VIEW_DIFF_HSTEP ?
		    vd->hscroll - VIEW_DIFF_HSTEP : 0;
		break;
	case KEYS_RIGHT:
	case 'l':
		vd->hscroll += VIEW_DIFF_HSTEP;
		break;
	case 'a':
		vd->all = !vd->all;
		view_diff_make(ed, vd);
		scrollview_goto(&vd->sv, view_diff_sel_row(vd));
		editor_message(ed, false, "diff: %s", vd->all ? "whole cells" :
		    "changes only");
		break;
	case 'r':
		if (ed->view_only) {
			editor_message(ed, true, "view mode: restore is not "
			    "available");
			break;
		}
		view_diff_restore(ed, vd);
		break;
	case KEYS_ENTER:
		view_diff_goto(ed, vd);
		return true;
	case ':':
		editor_open_line(ed, EDITOR_LINE_COMMAND, ":", NULL);
		break;
	case KEYS_CTRL('q'):
		return false;	/* quitting is the editor's */
	default:
		editor_message(ed, false, "diff: n/p next and previous change, "
		    "r restores the cell, q closes");
		break;
	}
	ed->dirty_screen = true;
	return true;
}

/* Drawing. */

static int
view_diff_glyph(enum draw_glyph g, bool heavy)
{
	return heavy ? (int)g | DRAW_G_HEAVY : (int)g;
}

static void
view_diff_border(struct editor *ed, const struct layout *lay, int y,
    enum draw_glyph l, enum draw_glyph r, bool heavy)
{
	enum draw_role role = heavy ? DRAW_BORDER_FOCUS : DRAW_BORDER;
	int x = lay->box_x, w = lay->box_cols;

	if (w < 2)
		return;
	draw_glyph(ed->draw, y, x, view_diff_glyph(l, heavy), 1, role);
	draw_glyph(ed->draw, y, x + 1, view_diff_glyph(DRAW_G_HLINE, heavy),
	    w - 2, role);
	draw_glyph(ed->draw, y, x + w - 1, view_diff_glyph(r, heavy), 1,
	    role);
}

static void
view_diff_sides(struct editor *ed, const struct layout *lay, int y,
    bool heavy)
{
	enum draw_role role = heavy ? DRAW_BORDER_FOCUS : DRAW_BORDER;

	draw_glyph(ed->draw, y, lay->box_x, view_diff_glyph(DRAW_G_VLINE,
	    heavy), 1, role);
	draw_glyph(ed->draw, y, lay->box_x + lay->box_cols - 1,
	    view_diff_glyph(DRAW_G_VLINE, heavy), 1, role);
}

static enum draw_role
view_diff_kind_role(enum celldiff_kind k)
{
	switch (k) {
	case CELLDIFF_ADDED:
		return DRAW_GUTTER_ADD;
	case CELLDIFF_REMOVED:
		return DRAW_GUTTER_REMOVE;
	case CELLDIFF_CHANGED:
		return DRAW_GUTTER;
	case CELLDIFF_MOVED:
		return DRAW_STATE_QUEUED;
	case CELLDIFF_UNCHANGED:
		break;
	}
	return DRAW_DIM;
}

static void
view_diff_top(struct editor *ed, const struct layout *lay, int y,
    const struct celldiff_entry *e, bool heavy)
{
	struct buf t = BUF_INIT, k = BUF_INIT;
	int x = lay->box_x, w = lay->box_cols, kw, room;
	static const char sign[] = { [CELLDIFF_UNCHANGED] = ' ',
		[CELLDIFF_MOVED] = ' ', [CELLDIFF_CHANGED] = '~',
		[CELLDIFF_ADDED] = '+', [CELLDIFF_REMOVED] = '-' };
	char g[2] = { sign[e->kind], '\0' };

	view_diff_border(ed, lay, y, DRAW_G_ULCORNER, DRAW_G_URCORNER, heavy);
	buf_addc(&k, ' ');
	diffview_kind(&k, e);
	buf_addc(&k, ' ');
	kw = (int)utf8_str_width(k.ptr, k.len);
	room = w - 4 - kw - 1;
	buf_addc(&t, ' ');
	diffview_title(&t, e);
	buf_addc(&t, ' ');
	if (room > 3)
		(void)draw_text(ed->draw, y, x + 2, room, heavy ?
		    DRAW_TITLE_FOCUS : DRAW_TITLE, t.ptr, t.len);
	if (kw < w - 4)
		(void)draw_text(ed->draw, y, x + w - 2 - kw, kw,
		    view_diff_kind_role(e->kind), k.ptr, k.len);
	if (g[0] != ' ')
		(void)draw_str(ed->draw, y, lay->gutter_x, 1,
		    view_diff_kind_role(e->kind), g);
	buf_release(&t);
	buf_release(&k);
}

static void
view_diff_line(struct editor *ed, const struct layout *lay,
    struct view_diff *vd, int y, const struct celldiff_line *l,
    struct render_line *rl)
{
	char sign[2] = { (char)l->op, '\0' };
	bool u = draw_utf8(ed->draw);

	if (l->op != CELLDIFF_EQUAL)
		(void)draw_str(ed->draw, y, lay->gutter_x, 1,
		    (enum draw_role)diffview_line_role(l), sign);
	render_line_reset(rl);
	diffview_line_render(rl, l, !u);
	(void)render_draw(ed->draw, y, lay->text_x, lay->text_cols, rl,
	    vd->hscroll);
	if (rl->width > vd->hscroll + (size_t)lay->text_cols)
		(void)draw_str(ed->draw, y, lay->text_x + lay->text_cols, 1,
		    DRAW_DIM, u ? "\xc2\xbb" : ">");
}

static void
view_diff_row(struct editor *ed, const struct layout *lay,
    struct view_diff *vd, size_t r, int y, struct render_line *rl)
{
	const struct diffview_row *row = &vd->rows.v[r];
	const struct celldiff_entry *e;
	struct buf t = BUF_INIT;
	bool heavy;

	if (row->kind == DIFFVIEW_HEADER) {
		(void)draw_str(ed->draw, y, lay->text_x, lay->text_cols,
		    DRAW_DIM, "the file header changed (PEP 723 block or "
		    "marimo version)");
		return;
	}
	e = celldiff_entry_at(vd->d, row->entry);
	heavy = row->entry == vd->sel;
	switch (row->kind) {
	case DIFFVIEW_TOP:
		view_diff_top(ed, lay, y, e, heavy);
		break;
	case DIFFVIEW_NOTE:
		view_diff_sides(ed, lay, y, heavy);
		diffview_notes(&t, e, vd->all);
		(void)draw_text(ed->draw, y, lay->text_x, lay->text_cols,
		    DRAW_DIM, t.ptr, t.len);
		break;
	case DIFFVIEW_LINE:
		view_diff_sides(ed, lay, y, heavy);
		view_diff_line(ed, lay, vd, y, &e->lines[row->line], rl);
		break;
	case DIFFVIEW_SKIP:
		view_diff_sides(ed, lay, y, heavy);
		buf_addf(&t, "%s %zu unchanged line%s", draw_utf8(ed->draw) ?
		    "\xe2\x8b\xaf" : "...", row->line, row->line == 1 ? "" :
		    "s");
		(void)draw_text(ed->draw, y, lay->text_x, lay->text_cols,
		    DRAW_DIM, t.ptr, t.len);
		break;
	case DIFFVIEW_BOTTOM:
		view_diff_border(ed, lay, y, DRAW_G_LLCORNER, DRAW_G_LRCORNER,
		    heavy);
		break;
	case DIFFVIEW_HEADER:
		break;
	}
	buf_release(&t);
}

static void
view_diff_hints(struct editor *ed)
{
	static const char *const keys[] = { "n/p", "next/prev change", "r",
		"restore cell", "a", "all text", "Enter", "go to", "q",
		"close", NULL };
	int y = ed->lay.bottom.y, w = ed->lay.width, x = 1;
	size_t i;

	if (ed->lay.bottom.rows == 0 || ed->msg.len > 0)
		return;
	draw_fill(ed->draw, y, 0, w, DRAW_BAR);
	for (i = 0; keys[i] != NULL && keys[i + 1] != NULL && x < w; i += 2) {
		x += draw_str(ed->draw, y, x, w - x, DRAW_BAR_KEY, keys[i]);
		x += draw_str(ed->draw, y, x, w - x, DRAW_BAR, " ");
		x += draw_str(ed->draw, y, x, w - x, DRAW_BAR, keys[i + 1]);
		x += draw_str(ed->draw, y, x, w - x, DRAW_BAR, "  ");
	}
}

/* " diff · HEAD (a1b2c3d) → working copy · 2 changed, 1 added". */
static void
view_diff_title(struct editor *ed, struct view_diff *vd, struct buf *t)
{
	static const enum celldiff_kind kinds[] = { CELLDIFF_CHANGED,
		CELLDIFF_ADDED, CELLDIFF_REMOVED, CELLDIFF_MOVED };
	bool u = draw_utf8(ed->draw);
	size_t i, c, before;

	buf_addf(t, " diff %s %s %s %s", u ? "\xc2\xb7" : "-", vd->old_label,
	    u ? "\xe2\x86\x92" : "->", vd->new_label);
	before = t->len;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if ((c = celldiff_count(vd->d, kinds[i])) > 0)
			buf_addf(t, "%s%zu %s", t->len == before ? (u ?
			    " \xc2\xb7 " : " - ") : ", ", c,
			    celldiff_kind_name(kinds[i]));
	if (celldiff_is_empty(vd->d))
		buf_addf(t, " %s no difference", u ? "\xc2\xb7" : "-");
}

void
view_diff_draw(struct editor *ed)
{
	struct view_diff *vd = ed->vdiff;
	struct layout lay;
	struct render_line rl;
	struct buf t = BUF_INIT;
	int y0 = ed->lay.top.rows, bottom = ed->lay.bottom.y, y;
	size_t r, end;

	if (vd == NULL)
		return;
	/* The whole width, as if no side view were open. */
	layout_screen(&lay, ed->lay.width, ed->lay.height, false);
	for (y = y0; y < bottom; y++)
		draw_fill(ed->draw, y, 0, ed->lay.width, DRAW_TEXT);
	view_diff_title(ed, vd, &t);
	draw_fill(ed->draw, y0, 0, ed->lay.width, DRAW_BAR);
	(void)draw_text(ed->draw, y0, 0, ed->lay.width, DRAW_BAR, t.ptr,
	    t.len);
	render_line_init(&rl);
	scrollview_set_page(&vd->sv, view_diff_page(ed));
	scrollview_visible_range(&vd->sv, &r, &end);
	for (y = y0 + 1; r < end && y < bottom; r++, y++)
		view_diff_row(ed, &lay, vd, r, y, &rl);
	render_line_release(&rl);
	buf_release(&t);
	view_diff_hints(ed);
}
