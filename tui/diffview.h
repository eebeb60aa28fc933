/*
 * diffview.h: how a cell-aware diff (src/celldiff.h) becomes the rows of
 * the editor's diff view. Pure: no editor, no curses, so the layout of a
 * diff is tested on its own (tests/check_diffview.c); tui/view_diff.c
 * draws the rows.
 *
 * Every entry of the diff is a box like a notebook pane: a title row
 * (number, name, what happened to the cell), dim notes (moved from,
 * renamed from, split, N lines unchanged), the lines that matter, and a
 * bottom border. An added or removed cell shows all its lines, a changed
 * one its hunks with "N unchanged lines" rows between them, an unchanged
 * or merely moved one no lines at all unless asked.
 */
#ifndef QUIRE_TUI_DIFFVIEW_H
#define QUIRE_TUI_DIFFVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct celldiff;
struct celldiff_entry;
struct celldiff_line;
struct render_line;

enum diffview_row_kind {
	DIFFVIEW_HEADER,	/* the file header (PEP 723, version) changed */
	DIFFVIEW_TOP,		/* an entry's title border */
	DIFFVIEW_NOTE,		/* one dim line of notes */
	DIFFVIEW_LINE,		/* one line of the entry's script */
	DIFFVIEW_SKIP,		/* lines left out between hunks */
	DIFFVIEW_BOTTOM		/* the entry's bottom border */
};

struct diffview_row {
	enum diffview_row_kind kind;
	size_t entry;		/* display index of the entry (not HEADER) */
	size_t line;		/* LINE: index in the entry's lines;
				   SKIP: how many lines are left out */
};

struct diffview_rows {
	struct diffview_row *v;
	size_t n, alloc;
};

/*
 * The rows of d, appended to rows (diffview_rows_release). unchanged:
 * show the text of unchanged and moved cells too (all lines, EQUAL).
 */
void diffview_rows_make(struct diffview_rows *rows, const struct celldiff *d,
    bool unchanged);
void diffview_rows_release(struct diffview_rows *);

/*
 * The TOP row of the next entry after row from (backward: before it)
 * that is not unchanged, or (size_t)-1 when there is none.
 */
size_t diffview_next_change(const struct diffview_rows *,
    const struct celldiff *d, size_t from, bool backward);
/* The TOP row of entry idx, or (size_t)-1. */
size_t diffview_entry_row(const struct diffview_rows *, size_t idx);

/*
 * An entry's title, "3 load" (the new side's number and name; the old
 * side's for a removed cell), names sanitised. Appended to out.
 */
void diffview_title(struct buf *out, const struct celldiff_entry *e);
/* What happened, for the title's right end: "changed +2 -1", "added",
 * "removed", "moved", "unchanged". Appended to out. */
void diffview_kind(struct buf *out, const struct celldiff_entry *e);
/*
 * The notes of an entry, "moved, was cell 2; renamed from load; 4 lines
 * unchanged", appended to out (nothing when there are none). shown: the
 * text of unchanged cells is shown (no "N lines unchanged").
 */
void diffview_notes(struct buf *out, const struct celldiff_entry *e,
    bool shown);

/*
 * One line of a script as draw cells: its text in the role of its op
 * (added, removed or plain), tabs expanded, with the spans that differ
 * from its partner in reverse video. The sign (' ', '+', '-') is not
 * part of it: the view puts it in the gutter. ascii as render_code().
 */
void diffview_line_render(struct render_line *out,
    const struct celldiff_line *l, bool ascii);
/* The role of a line's sign and text: DRAW_GUTTER_ADD, _REMOVE, or
 * DRAW_TEXT (an int: enum draw_role). */
int diffview_line_role(const struct celldiff_line *l);

#endif
