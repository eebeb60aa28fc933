/*
 * diffview.c: the rows of the editor's diff view, from a cell-aware diff
 * (src/celldiff.c does the pairing and the line scripts; tui/view_diff.c
 * draws). Kept apart from the drawing so what a diff looks like, row by
 * row, is tested without a terminal.
 *
 * The one idea: a row names what it shows (an entry, a line of that
 * entry, a count of lines left out) rather than holding text, so the
 * rows of a thousand-cell diff cost a few words each and the view
 * renders only the rows on screen.
 */
#include "config.h"
#include "diffview.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celldiff.h"
#include "celledit.h"
#include "draw.h"
#include "render.h"
#include "sanitize.h"
#include "xmalloc.h"

static void
diffview_add(struct diffview_rows *rows, enum diffview_row_kind kind,
    size_t entry, size_t line)
{
	struct diffview_row *r;

	if (rows->n == rows->alloc) {
		rows->alloc = rows->alloc ? rows->alloc * 2 : 64;
		rows->v = xreallocarray(rows->v, rows->alloc, sizeof *rows->v);
	}
	r = &rows->v[rows->n++];
	r->kind = kind;
	r->entry = entry;
	r->line = line;
}

/* Lines [from, to) of entry k, one row each. */
static void
diffview_add_lines(struct diffview_rows *rows, size_t k, size_t from,
    size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		diffview_add(rows, DIFFVIEW_LINE, k, i);
}

/* A changed entry: its hunks, and what lies between them as counts. */
static void
diffview_add_hunks(struct diffview_rows *rows, size_t k,
    const struct celldiff_entry *e)
{
	size_t h, done = 0;

	for (h = 0; h < e->nhunks; h++) {
		const struct celldiff_hunk *hk = &e->hunks[h];

		if (hk->first > done)
			diffview_add(rows, DIFFVIEW_SKIP, k, hk->first - done);
		diffview_add_lines(rows, k, hk->first, hk->first + hk->n);
		done = hk->first + hk->n;
	}
	if (done < e->nlines)
		diffview_add(rows, DIFFVIEW_SKIP, k, e->nlines - done);
}

void
diffview_rows_make(struct diffview_rows *rows, const struct celldiff *d,
    bool unchanged)
{
	size_t k, n = celldiff_nentries(d);
	struct buf notes = BUF_INIT;

	if (celldiff_header_changed(d))
		diffview_add(rows, DIFFVIEW_HEADER, 0, 0);
	for (k = 0; k < n; k++) {
		const struct celldiff_entry *e = celldiff_entry_at(d, k);

		diffview_add(rows, DIFFVIEW_TOP, k, 0);
		buf_reset(&notes);
		diffview_notes(&notes, e, unchanged);
		if (notes.len > 0)
			diffview_add(rows, DIFFVIEW_NOTE, k, 0);
		switch (e->kind) {
		case CELLDIFF_ADDED:
		case CELLDIFF_REMOVED:
			diffview_add_lines(rows, k, 0, e->nlines);
			break;
		case CELLDIFF_UNCHANGED:
		case CELLDIFF_MOVED:
			if (unchanged)
				diffview_add_lines(rows, k, 0, e->nlines);
			break;
		case CELLDIFF_CHANGED:
			if (unchanged)
				diffview_add_lines(rows, k, 0, e->nlines);
			else if (e->nhunks > 0)
				diffview_add_hunks(rows, k, e);
			break;
		}
		diffview_add(rows, DIFFVIEW_BOTTOM, k, 0);
	}
	buf_release(&notes);
}

void
diffview_rows_release(struct diffview_rows *rows)
{
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

size_t
diffview_next_change(const struct diffview_rows *rows,
    const struct celldiff *d, size_t from, bool backward)
{
	size_t i;

	if (rows->n == 0)
		return (size_t)-1;
	if (backward) {
		for (i = from < rows->n ? from : rows->n; i-- > 0;)
			if (rows->v[i].kind == DIFFVIEW_TOP &&
			    celldiff_entry_at(d, rows->v[i].entry)->kind !=
			    CELLDIFF_UNCHANGED)
				return i;
		return (size_t)-1;
	}
	for (i = from == (size_t)-1 ? 0 : from + 1; i < rows->n; i++)
		if (rows->v[i].kind == DIFFVIEW_TOP &&
		    celldiff_entry_at(d, rows->v[i].entry)->kind !=
		    CELLDIFF_UNCHANGED)
			return i;
	return (size_t)-1;
}

size_t
diffview_entry_row(const struct diffview_rows *rows, size_t idx)
{
	size_t lo = 0, hi = rows->n, mid;

	/* Rows are in entry order: find the first row of entry idx. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (rows->v[mid].kind == DIFFVIEW_HEADER ||
		    rows->v[mid].entry < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rows->n && rows->v[lo].kind == DIFFVIEW_TOP &&
	    rows->v[lo].entry == idx)
		return lo;
	return (size_t)-1;
}

static bool
diffview_named(const char *name)
{
	return name != NULL && name[0] != '\0' && strcmp(name, "_") != 0;
}

/* A name from a notebook: user data, shown as a field. */
static void
diffview_field(struct buf *out, const char *s)
{
	sanitize_to_buf(out, SANITIZE_FIELD, s, strlen(s));
}

void
diffview_title(struct buf *out, const struct celldiff_entry *e)
{
	bool old = e->kind == CELLDIFF_REMOVED;
	size_t idx = old ? e->old_idx : e->new_idx;
	const char *name = old ? e->old_name : e->new_name;

	buf_addf(out, "%zu", idx + 1);
	if (diffview_named(name)) {
		buf_addc(out, ' ');
		diffview_field(out, name);
	}
}

void
diffview_kind(struct buf *out, const struct celldiff_entry *e)
{
	buf_adds(out, celldiff_kind_name(e->kind));
	if (e->kind == CELLDIFF_CHANGED && e->nadded + e->nremoved > 0) {
		if (e->nadded > 0)
			buf_addf(out, " +%zu", e->nadded);
		if (e->nremoved > 0)
			buf_addf(out, " -%zu", e->nremoved);
	}
}

static void
diffview_sep(struct buf *out, size_t start)
{
	if (out->len > start)
		buf_adds(out, ", ");
}

void
diffview_notes(struct buf *out, const struct celldiff_entry *e, bool shown)
{
	size_t start = out->len;

	switch (e->kind) {
	case CELLDIFF_CHANGED:
	case CELLDIFF_MOVED:
		if (e->flags & CELLDIFF_F_MOVED)
			buf_addf(out, "%swas cell %zu", e->kind ==
			    CELLDIFF_CHANGED ? "moved, " : "", e->old_idx + 1);
		if ((e->flags & CELLDIFF_F_RENAMED) &&
		    !diffview_named(e->old_name)) {
			diffview_sep(out, start);
			buf_adds(out, "named");
		} else if (e->flags & CELLDIFF_F_RENAMED) {
			diffview_sep(out, start);
			buf_adds(out, diffview_named(e->new_name) ?
			    "renamed from " : "unnamed, was ");
			diffview_field(out, e->old_name);
		}
		if (e->flags & CELLDIFF_F_CONFIG) {
			diffview_sep(out, start);
			buf_adds(out, "config changed");
		}
		if (e->flags & CELLDIFF_F_WHITESPACE) {
			diffview_sep(out, start);
			buf_adds(out, "whitespace only");
		}
		if (e->flags & CELLDIFF_F_SPLIT) {
			diffview_sep(out, start);
			buf_adds(out, "some lines went to another cell");
		}
		if (e->flags & CELLDIFF_F_MERGED) {
			diffview_sep(out, start);
			buf_adds(out, "took in lines of another cell");
		}
		break;
	case CELLDIFF_ADDED:
		if (e->flags & CELLDIFF_F_SPLIT)
			buf_addf(out, "split from old cell %zu",
			    e->other_idx + 1);
		break;
	case CELLDIFF_REMOVED:
		if (e->flags & CELLDIFF_F_MERGED)
			buf_addf(out, "merged into cell %zu",
			    e->other_idx + 1);
		break;
	case CELLDIFF_UNCHANGED:
		break;
	}
	if (e->nlines == 0) {
		diffview_sep(out, start);
		buf_adds(out, "empty cell");
	} else if (!shown && (e->kind == CELLDIFF_UNCHANGED ||
	    e->kind == CELLDIFF_MOVED || (e->kind == CELLDIFF_CHANGED &&
	    e->nhunks == 0))) {
		diffview_sep(out, start);
		buf_addf(out, "%zu line%s unchanged", e->nlines,
		    e->nlines == 1 ? "" : "s");
	}
}

int
diffview_line_role(const struct celldiff_line *l)
{
	switch (l->op) {
	case CELLDIFF_ADD:
		return DRAW_GUTTER_ADD;
	case CELLDIFF_DEL:
		return DRAW_GUTTER_REMOVE;
	case CELLDIFF_EQUAL:
		break;
	}
	return DRAW_TEXT;
}

void
diffview_line_render(struct render_line *out, const struct celldiff_line *l,
    bool ascii)
{
	uint8_t *roles = xmalloc(l->len + 1);
	size_t i, k, off, first = out->n;

	memset(roles, diffview_line_role(l), l->len + 1);
	render_code(out, l->text, l->len, 0, roles, CELLEDIT_TAB_WIDTH, ascii);
	free(roles);
	if (l->nspans == 0)
		return;
	/* Word-level changes in reverse video: seen without colour too. */
	for (i = first; i < out->n; i++) {
		if (out->cells[i].role == DRAW_MARKER)
			continue;
		off = out->src[i];
		for (k = 0; k < l->nspans; k++)
			if (off >= l->spans[k].off &&
			    off < l->spans[k].off + l->spans[k].len) {
				out->cells[i].flags |= SANITIZE_REVERSE;
				break;
			}
	}
}
