/*
 * layout.c: screen geometry. Pure arithmetic on sizes: nothing here
 * draws, reads the notebook or keeps state, so tests/check_layout.c can
 * pin every rule (minimum size, side view placement, pane heights,
 * scrolling a focused row into view) without a terminal.
 */
#include "config.h"
#include "layout.h"

static int
layout_max(int a, int b)
{
	return a > b ? a : b;
}

void
layout_screen(struct layout *out, int width, int height, bool side)
{
	int colw;

	width = layout_max(width, 0);
	height = layout_max(height, 0);
	out->width = width;
	out->height = height;
	out->too_small = width < LAYOUT_MIN_WIDTH ||
	    height < LAYOUT_MIN_HEIGHT;
	out->top = (struct layout_rect){ 0, 0, height > 0 ? 1 : 0, width };
	out->bottom = (struct layout_rect){ layout_max(height - 1, 0), 0,
	    height > 1 ? 1 : 0, width };
	out->column = (struct layout_rect){ 1, 0, layout_max(height - 2, 0),
	    width };
	out->side = (struct layout_rect){ 1, 0, 0, 0 };
	if (side && !out->too_small) {
		out->side.rows = out->column.rows;
		if (width >= LAYOUT_SIDE_MIN_WIDTH) {
			/* Beside: the column keeps at least 60 columns. */
			out->side.cols = width - layout_max(60, width * 3 / 5);
			out->side.x = width - out->side.cols;
			out->column.cols = out->side.x;
		} else {
			/* Over the column, which stays behind it. */
			out->side.x = 0;
			out->side.cols = width;
		}
	}
	colw = out->column.cols;
	out->gutter_x = 0;
	out->box_x = 1;
	out->box_cols = layout_max(colw - 1, 0);
	out->text_x = 3;
	out->text_cols = layout_max(colw - 5, 1);
}

int
layout_pane_rows(const struct layout_cell *c)
{
	int code = c->code_rows > 0 ? c->code_rows : 0;
	int out = c->out_rows > 0 ? c->out_rows : 0;

	if (c->code_rows < 0 && out == 0)
		return 0;	/* not shown at all */
	if (code == 0 && out == 0)
		code = 1;
	return 2 + code + (code > 0 && out > 0 ? 1 : 0) + out;
}

long
layout_offset(const struct layout_cell *cells, size_t n, size_t idx)
{
	long y = 0;
	size_t i;

	for (i = 0; i < idx && i < n; i++)
		y += layout_pane_rows(&cells[i]);
	return y;
}

long
layout_scroll_to(long scroll, long y0, long y1, int rows, long total)
{
	long max;

	if (rows <= 0)
		return 0;
	if (y1 < y0)
		y1 = y0;
	if (y1 - y0 > rows)
		scroll = y0;
	else if (y0 < scroll)
		scroll = y0;
	else if (y1 > scroll + rows)
		scroll = y1 - rows;
	max = total - rows;
	if (scroll > max)
		scroll = max;
	if (scroll < 0)
		scroll = 0;
	return scroll;
}

size_t
layout_visible(const struct layout *l, const struct layout_cell *cells,
    size_t n, long scroll, struct layout_pane *out, size_t max)
{
	long y = 0, bottom = scroll + l->column.rows;
	size_t i, count = 0;

	for (i = 0; i < n && count < max && y < bottom; i++) {
		int h = layout_pane_rows(&cells[i]);
		int code = cells[i].code_rows > 0 ? cells[i].code_rows : 0;
		int outr = cells[i].out_rows > 0 ? cells[i].out_rows : 0;
		struct layout_pane *p;

		if (code == 0 && outr == 0)
			code = 1;
		if (h > 0 && y + h > scroll) {
			p = &out[count++];
			p->idx = i;
			p->y = (int)(y - scroll) + l->column.y;
			p->rows = h;
			p->code_y = p->y + 1;
			p->sep_y = code > 0 && outr > 0 ? p->code_y + code : -1;
			p->out_y = p->code_y + code + (p->sep_y >= 0 ? 1 : 0);
		}
		y += h;
	}
	return count;
}

size_t
layout_cell_at(const struct layout *l, const struct layout_cell *cells,
    size_t n, long scroll, int y)
{
	long vy, top = 0;
	size_t i;

	if (y < l->column.y || y >= l->column.y + l->column.rows)
		return (size_t)-1;
	vy = scroll + (y - l->column.y);
	for (i = 0; i < n; i++) {
		long h = layout_pane_rows(&cells[i]);

		if (h > 0 && vy >= top && vy < top + h)
			return i;
		top += h;
	}
	return (size_t)-1;
}
