/*
 * draw_stub.c: the few drawing calls tui/render.c makes, without curses,
 * for Check suites of modules that render but never draw.
 */
#include "config.h"

#include <string.h>

#include "draw.h"
#include "sanitize.h"

void
draw_cell_set(struct draw_cell *c, uint32_t cp, int width,
    enum draw_role role)
{
	memset(c, 0, sizeof *c);
	c->cp = cp;
	c->width = (uint8_t)(width == 2 ? 2 : 1);
	c->role = (uint8_t)role;
	c->fg = SANITIZE_COLOR_DEFAULT;
	c->bg = SANITIZE_COLOR_DEFAULT;
}

int
draw_cells(struct draw *d, int y, int x, int maxcols,
    const struct draw_cell *c, size_t n)
{
	(void)d;
	(void)y;
	(void)x;
	(void)maxcols;
	(void)c;
	return (int)n;
}

void
draw_fill(struct draw *d, int y, int x, int cols, enum draw_role role)
{
	(void)d;
	(void)y;
	(void)x;
	(void)cols;
	(void)role;
}
