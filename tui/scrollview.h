/*
 * scrollview.h: the position in a scrolling list that a full-screen or
 * side view shows a page of: the cursor's row, the first row on screen,
 * the page (rows on screen) and the list's length, with the keys that
 * move them. The view owns its rows and draws them; this owns only
 * where they are, so every view pages, stops at both ends and survives
 * its list shrinking the same way.
 *
 * A plain value embedded in the view (STYLE.md's struct pos): read the
 * fields, change them only through these functions.
 */
#ifndef QUIRE_TUI_SCROLLVIEW_H
#define QUIRE_TUI_SCROLLVIEW_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What scrollview_key() takes besides Up, Down, PgUp and PgDn. The
 * letters are taken in both keymaps, as the views always did.
 */
#define SCROLLVIEW_HOME_END 0x1	/* Home and End */
#define SCROLLVIEW_LETTERS 0x2	/* k and j; g and G with HOME_END */
#define SCROLLVIEW_SPACE 0x4	/* Space is PgDn */
/*
 * No cursor: the keys scroll the first row instead (sel stays equal to
 * top), End shows the last full page, and PgDn may go past it as far as
 * the last row at the top.
 */
#define SCROLLVIEW_NO_CURSOR 0x8

struct scrollview {
	size_t n;		/* rows in the list */
	size_t page;		/* rows on screen, at least 1 */
	size_t sel;		/* the cursor's row: < n, 0 when n is 0 */
	size_t top;		/* first row on screen */
	unsigned flags;		/* SCROLLVIEW_* */
};

/* An empty list, cursor and first row at 0, a page of one row. A
 * zeroed struct is the same with flags 0 (a page of 0 counts as 1). */
void scrollview_init(struct scrollview *, unsigned flags);

/* Back to the first row, keeping length and page. */
void scrollview_reset(struct scrollview *);

/* The list now has n rows: the cursor stays on its row, or on the last
 * one when the list shrank past it. */
void scrollview_set_rows(struct scrollview *, size_t n);

/* The screen now shows page rows (0 counts as 1): the first row moves
 * so the cursor stays on screen. */
void scrollview_set_page(struct scrollview *, size_t page);

/* Make the fields agree again: the cursor on a row, the first row at or
 * above it and the cursor within a page of it. */
void scrollview_clamp(struct scrollview *);

/* Move the cursor by delta rows (the first row, with NO_CURSOR),
 * stopping at both ends. Nothing moves in an empty list. */
void scrollview_move(struct scrollview *, long delta);

/* Put the cursor on row i, or the last row when i is past it; with
 * NO_CURSOR, row i goes to the top of the screen. */
void scrollview_goto(struct scrollview *, size_t i);

/* Act on key (a keys.h key) when it is one of the view's moving keys;
 * false, with nothing changed, for any other key. */
bool scrollview_key(struct scrollview *, int key);

/* The rows on screen: first up to, not including, end (end - first
 * may be less than a page at the end of the list, 0 when empty). */
void scrollview_visible_range(const struct scrollview *, size_t *first,
    size_t *end);

#endif
