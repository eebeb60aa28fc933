/*
 * scrollview.c: the cursor and first row of a scrolling list, and the
 * keys that move them (Up, Down, PgUp, PgDn, and per view Home, End,
 * the letters and Space). The views (log, diff, audit and the side
 * views) keep their rows and draw them; they tell this how many rows
 * there are and how many fit, and ask which to draw.
 *
 * The one rule: the first row follows the cursor only as far as it must
 * to keep it on screen, never to fill the last page, so a list that
 * shrinks or a screen that grows leaves the cursor where the eye was.
 */
#include "config.h"
#include "scrollview.h"

#include "keys.h"

void
scrollview_init(struct scrollview *sv, unsigned flags)
{
	sv->n = 0;
	sv->page = 1;
	sv->sel = 0;
	sv->top = 0;
	sv->flags = flags;
}

void
scrollview_reset(struct scrollview *sv)
{
	sv->sel = 0;
	sv->top = 0;
}

void
scrollview_clamp(struct scrollview *sv)
{
	if (sv->page == 0)
		sv->page = 1;
	if (sv->sel >= sv->n)
		sv->sel = sv->n > 0 ? sv->n - 1 : 0;
	if (sv->flags & SCROLLVIEW_NO_CURSOR) {
		sv->top = sv->sel;
		return;
	}
	if (sv->sel < sv->top)
		sv->top = sv->sel;
	if (sv->sel >= sv->top + sv->page)
		sv->top = sv->sel - sv->page + 1;
}

void
scrollview_set_rows(struct scrollview *sv, size_t n)
{
	sv->n = n;
	scrollview_clamp(sv);
}

void
scrollview_set_page(struct scrollview *sv, size_t page)
{
	sv->page = page > 0 ? page : 1;
	scrollview_clamp(sv);
}

void
scrollview_move(struct scrollview *sv, long delta)
{
	size_t d;

	if (sv->n == 0)
		return;
	if (sv->sel >= sv->n)
		sv->sel = sv->n - 1;
	if (delta < 0) {
		/* -(delta + 1) + 1: LONG_MIN has no positive twin. */
		d = (size_t)-(delta + 1) + 1;
		sv->sel = d > sv->sel ? 0 : sv->sel - d;
	} else {
		d = (size_t)delta;
		sv->sel = d >= sv->n - 1 - sv->sel ? sv->n - 1 : sv->sel + d;
	}
	scrollview_clamp(sv);
}

void
scrollview_goto(struct scrollview *sv, size_t i)
{
	sv->sel = i;
	scrollview_clamp(sv);
}

/* End: the last row, or without a cursor the last full page. */
static void
scrollview_end(struct scrollview *sv)
{
	if (sv->flags & SCROLLVIEW_NO_CURSOR)
		sv->sel = sv->n > sv->page ? sv->n - sv->page : 0;
	else
		sv->sel = sv->n > 0 ? sv->n - 1 : 0;
	scrollview_clamp(sv);
}

bool
scrollview_key(struct scrollview *sv, int key)
{
	bool letters = (sv->flags & SCROLLVIEW_LETTERS) != 0;
	bool home_end = (sv->flags & SCROLLVIEW_HOME_END) != 0;
	long page = sv->page > 0 ? (long)sv->page : 1;

	if (key == KEYS_UP || (letters && key == 'k'))
		scrollview_move(sv, -1);
	else if (key == KEYS_DOWN || (letters && key == 'j'))
		scrollview_move(sv, 1);
	else if (key == KEYS_PGUP)
		scrollview_move(sv, -page);
	else if (key == KEYS_PGDN ||
	    ((sv->flags & SCROLLVIEW_SPACE) && key == ' '))
		scrollview_move(sv, page);
	else if (home_end && (key == KEYS_HOME || (letters && key == 'g')))
		scrollview_goto(sv, 0);
	else if (home_end && (key == KEYS_END || (letters && key == 'G')))
		scrollview_end(sv);
	else
		return false;
	return true;
}

void
scrollview_visible_range(const struct scrollview *sv, size_t *first,
    size_t *end)
{
	size_t page = sv->page > 0 ? sv->page : 1;

	*first = sv->top < sv->n ? sv->top : sv->n;
	*end = sv->n - *first > page ? *first + page : sv->n;
}
