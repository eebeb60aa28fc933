/*
 * view_log.c: the log view. Lists the commits that changed the notebook
 * (src/vcs.h's history, newest first) over the notebook column: hash,
 * the author's date, author and first line of the message; under the
 * list, the selected commit's author address and the cells it changed.
 * Enter opens the diff of the selected commit against the working copy,
 * or of two commits marked with Space (tui/view_diff.c, drawn over this
 * view; closing it comes back here).
 *
 * Every field comes from the repository, so each is sanitised as a FIELD
 * when the history is read, and draw.c checks it again. Which cells a
 * commit changed costs parsing two versions of the notebook, so it is
 * worked out only for the commit selected, once.
 */
#include "config.h"
#include "view_log.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celldiff.h"
#include "draw.h"
#include "err.h"
#include "keys.h"
#include "sanitize.h"
#include "vcs.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "scrollview.h"
#include "vcsbar.h"
#include "view_diff.h"

/* Commits read; `quire log` has them all. */
#define VIEW_LOG_MAX 5000
/* Rows that are not the list: title and header above; a rule and two
 * detail rows below. */
#define VIEW_LOG_ABOVE 2
#define VIEW_LOG_BELOW 3

/* One commit as shown; strings sanitised, owned. */
struct view_log_row {
	char *hash;		/* short */
	char *date;
	char *author;
	char *email;
	char *summary;
	char *cells;		/* NULL until worked out */
};

struct view_log {
	struct vcs_log_entry *log;
	size_t nlog;		/* as vcs_log gave them (for freeing) */
	size_t n;		/* shown */
	bool truncated;
	struct view_log_row *rows;
	char *file;		/* the notebook's path in the repository */
	struct scrollview sv;	/* over rows */
	size_t marks[2];	/* marked rows, in the order marked */
	size_t nmarks;
};

static char *
view_log_field(const char *s)
{
	struct buf b = BUF_INIT;

	if (s != NULL)
		sanitize_to_buf(&b, SANITIZE_FIELD, s, strlen(s));
	return buf_detach(&b, NULL);
}

void
view_log_free(struct editor *ed)
{
	struct view_log *vl = ed->vlog;
	size_t i;

	if (vl == NULL)
		return;
	for (i = 0; i < vl->n; i++) {
		free(vl->rows[i].hash);
		free(vl->rows[i].date);
		free(vl->rows[i].author);
		free(vl->rows[i].email);
		free(vl->rows[i].summary);
		free(vl->rows[i].cells);
	}
	free(vl->rows);
	vcs_log_free(vl->log, vl->nlog);
	free(vl->file);
	free(vl);
	ed->vlog = NULL;
	ed->dirty_screen = true;
}

bool
view_log_is_open(const struct editor *ed)
{
	return ed->vlog != NULL;
}

void
view_log_open(struct editor *ed)
{
	struct vcs *v = vcsbar_vcs(ed);
	struct view_log *vl;
	struct vcs_log_entry *log = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	if (v == NULL) {
		sanitize_to_buf(&b, SANITIZE_FIELD, err_last(),
		    strlen(err_last()));
		editor_message(ed, true, "log: %s", b.ptr);
		buf_release(&b);
		return;
	}
	if (vcs_log(v, VIEW_LOG_MAX + 1, &log, &n) < 0) {
		sanitize_to_buf(&b, SANITIZE_FIELD, err_last(),
		    strlen(err_last()));
		editor_message(ed, true, "log: %s", b.ptr);
		buf_release(&b);
		return;
	}
	if (n == 0) {
		vcs_log_free(log, n);
		editor_message(ed, false, "log: no commit has this notebook "
		    "yet (a save commits it)");
		return;
	}
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	view_log_free(ed);
	vl = xcalloc(1, sizeof *vl);
	vl->log = log;
	vl->nlog = n;
	vl->n = n > VIEW_LOG_MAX ? VIEW_LOG_MAX : n;
	vl->truncated = n > VIEW_LOG_MAX;
	vl->rows = xcalloc(vl->n, sizeof *vl->rows);
	scrollview_init(&vl->sv, SCROLLVIEW_HOME_END | SCROLLVIEW_LETTERS);
	scrollview_set_rows(&vl->sv, vl->n);
	vl->file = view_log_field(vcs_path(v));
	for (i = 0; i < vl->n; i++) {
		struct view_log_row *r = &vl->rows[i];

		buf_reset(&b);
		vcsbar_short_id(&b, log[i].id);
		r->hash = xstrdup(b.ptr);
		buf_reset(&b);
		vcsbar_date(&b, log[i].time, log[i].offset);
		r->date = xstrdup(b.ptr);
		r->author = view_log_field(log[i].author);
		r->email = view_log_field(log[i].email);
		r->summary = view_log_field(log[i].summary);
	}
	buf_release(&b);
	ed->vlog = vl;
	ed->dirty_screen = true;
}

/* The cells commit i changed, worked out once. */
static const char *
view_log_cells(struct editor *ed, struct view_log *vl, size_t i)
{
	const struct vcs_log_entry *e = &vl->log[i];
	struct vcs *v = vcsbar_vcs(ed);
	struct celldiff *d = NULL;
	struct buf s = BUF_INIT, b = BUF_INIT;

	if (vl->rows[i].cells != NULL)
		return vl->rows[i].cells;
	if (e->deleted)
		buf_adds(&s, "removed the notebook");
	else if (v == NULL || vcs_log_diff(v, e, &d) < 0) {
		buf_adds(&s, "cells: ");
		buf_adds(&s, err_last());
		err_clear();
	} else {
		if (e->added)
			buf_adds(&s, "added the notebook: ");
		celldiff_summary(d, &s, 8);
		if (celldiff_is_empty(d))
			buf_adds(&s, "no cell changed");
	}
	celldiff_free(d);
	sanitize_to_buf(&b, SANITIZE_FIELD, s.ptr, s.len);
	buf_release(&s);
	vl->rows[i].cells = buf_detach(&b, NULL);
	return vl->rows[i].cells;
}

/* Rows of the list on screen now. */
static size_t
view_log_list_rows(const struct editor *ed)
{
	int rows = ed->lay.bottom.y - ed->lay.top.rows - VIEW_LOG_ABOVE -
	    VIEW_LOG_BELOW;

	return rows > 1 ? (size_t)rows : 1;
}

static void
view_log_mark(struct editor *ed, struct view_log *vl)
{
	size_t i;

	for (i = 0; i < vl->nmarks; i++)
		if (vl->marks[i] == vl->sv.sel) {
			/* Marked already: unmark. */
			vl->marks[i] = vl->marks[--vl->nmarks];
			return;
		}
	if (vl->nmarks == 2) {
		vl->marks[0] = vl->marks[1];
		vl->nmarks = 1;
	}
	vl->marks[vl->nmarks++] = vl->sv.sel;
	if (vl->nmarks == 2)
		editor_message(ed, false, "two commits marked: Enter shows "
		    "what changed from the older to the newer");
}

static void
view_log_choose(struct editor *ed, struct view_log *vl)
{
	size_t older, newer;

	if (vl->nmarks == 2) {
		/* Newest first: the larger row is the older commit. */
		older = vl->marks[0] > vl->marks[1] ? vl->marks[0] :
		    vl->marks[1];
		newer = vl->marks[0] > vl->marks[1] ? vl->marks[1] :
		    vl->marks[0];
		(void)view_diff_open(ed, vl->log[older].id,
		    vl->log[newer].id);
		return;
	}
	(void)view_diff_open(ed, vl->log[vl->sv.sel].id, NULL);
}

bool
view_log_key(struct editor *ed, const struct keys_event *ev)
{
	struct view_log *vl = ed->vlog;

	if (vl == NULL)
		return false;
	if (ev->kind != KEYS_EV_KEY)
		return true;
	scrollview_set_page(&vl->sv, view_log_list_rows(ed));
	if (scrollview_key(&vl->sv, ev->key)) {
		ed->dirty_screen = true;
		return true;
	}
	switch (ev->key) {
	case 'q':
	case KEYS_ESC:
		view_log_free(ed);
		return true;
	case ' ':
	case 'm':
		view_log_mark(ed, vl);
		break;
	case KEYS_ENTER:
	case 'd':
		view_log_choose(ed, vl);
		break;
	case ':':
		editor_open_line(ed, EDITOR_LINE_COMMAND, ":", NULL);
		break;
	case KEYS_CTRL('q'):
		return false;	/* quitting is the editor's */
	default:
		editor_message(ed, false, "log: Enter shows a commit's "
		    "changes, Space marks two to compare, q closes");
		break;
	}
	ed->dirty_screen = true;
	return true;
}

/* Drawing. */

static void
view_log_hints(struct editor *ed)
{
	static const char *const keys[] = { "Enter", "diff", "Space",
		"mark two", "j/k", "move", ":", "command", "q", "close", NULL };
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

/* Column positions at this width. */
struct view_log_cols {
	int mark, hash, date, author, summary, author_w;
};

static void
view_log_widths(struct view_log_cols *c, int w)
{
	c->mark = 1;
	c->hash = 3;
	c->date = c->hash + VCS_SHORT_LEN + 2;
	c->author_w = w >= 100 ? 20 : 14;
	if (w < 70) {
		/* Narrow: the date only under the list. */
		c->author = c->date;
		c->date = -1;
		c->author_w = 10;
	} else
		c->author = c->date + 18;
	c->summary = c->author + c->author_w + 2;
}

static void
view_log_row_draw(struct editor *ed, struct view_log *vl, size_t i, int y,
    const struct view_log_cols *c, int w)
{
	const struct view_log_row *r = &vl->rows[i];
	bool sel = i == vl->sv.sel;
	enum draw_role role = sel ? DRAW_SELECTION : DRAW_TEXT;
	const char *mark = " ";
	size_t k;

	if (sel)
		draw_fill(ed->draw, y, 0, w, DRAW_SELECTION);
	for (k = 0; k < vl->nmarks; k++)
		if (vl->marks[k] == i)
			mark = "*";
	(void)draw_str(ed->draw, y, c->mark, 1, sel ? DRAW_SELECTION :
	    DRAW_MODE, mark);
	(void)draw_str(ed->draw, y, c->hash, VCS_SHORT_LEN, sel ? role :
	    DRAW_TITLE, r->hash);
	if (c->date >= 0 && c->date < w)
		(void)draw_str(ed->draw, y, c->date, w - c->date, role,
		    r->date);
	if (c->author < w)
		(void)draw_str(ed->draw, y, c->author, w - c->author <
		    c->author_w ? w - c->author : c->author_w, role,
		    r->author);
	if (c->summary < w - 1)
		(void)draw_str(ed->draw, y, c->summary, w - c->summary - 1,
		    role, r->summary);
}

void
view_log_draw(struct editor *ed)
{
	struct view_log *vl = ed->vlog;
	struct view_log_cols c;
	struct buf t = BUF_INIT;
	int y0 = ed->lay.top.rows, w = ed->lay.width, y, bottom;
	size_t first, end, i;
	const struct view_log_row *r;

	if (vl == NULL)
		return;
	bottom = ed->lay.bottom.y;
	for (y = y0; y < bottom; y++)
		draw_fill(ed->draw, y, 0, w, DRAW_TEXT);
	buf_addf(&t, " log %s %s %s %zu commit%s%s", draw_utf8(ed->draw) ?
	    "\xc2\xb7" : "-", vl->file, draw_utf8(ed->draw) ? "\xc2\xb7" :
	    "-", vl->n, vl->n == 1 ? "" : "s", vl->truncated ? " (the "
	    "newest)" : "");
	if (vl->nmarks > 0)
		buf_addf(&t, " %s %zu marked", draw_utf8(ed->draw) ?
		    "\xc2\xb7" : "-", vl->nmarks);
	draw_fill(ed->draw, y0, 0, w, DRAW_BAR);
	(void)draw_str(ed->draw, y0, 0, w, DRAW_BAR, t.ptr);
	view_log_widths(&c, w);
	(void)draw_str(ed->draw, y0 + 1, c.hash, w - c.hash, DRAW_DIM,
	    "commit");
	if (c.date >= 0 && c.date < w)
		(void)draw_str(ed->draw, y0 + 1, c.date, w - c.date, DRAW_DIM,
		    "date");
	if (c.author < w)
		(void)draw_str(ed->draw, y0 + 1, c.author, w - c.author,
		    DRAW_DIM, "author");
	if (c.summary < w)
		(void)draw_str(ed->draw, y0 + 1, c.summary, w - c.summary,
		    DRAW_DIM, "message");
	scrollview_set_page(&vl->sv, view_log_list_rows(ed));
	scrollview_visible_range(&vl->sv, &first, &end);
	for (i = first; i < end; i++)
		view_log_row_draw(ed, vl, i,
		    y0 + VIEW_LOG_ABOVE + (int)(i - first), &c, w);
	/* The selected commit in full. */
	y = bottom - VIEW_LOG_BELOW;
	if (y > y0 + VIEW_LOG_ABOVE) {
		r = &vl->rows[vl->sv.sel];
		draw_glyph(ed->draw, y, 0, DRAW_G_HLINE, w, DRAW_BORDER);
		buf_reset(&t);
		buf_addf(&t, " %s  %s <%s>  %s", r->hash, r->author, r->email,
		    r->date);
		(void)draw_str(ed->draw, y + 1, 0, w, DRAW_TEXT, t.ptr);
		buf_reset(&t);
		buf_addf(&t, " %s", view_log_cells(ed, vl, vl->sv.sel));
		(void)draw_str(ed->draw, y + 2, 0, w, DRAW_DIM, t.ptr);
	}
	buf_release(&t);
	view_log_hints(ed);
}
