/*
 * layout.h: the geometry of the editor's screen, as pure functions so
 * they can be tested without a terminal. The screen is a top bar, a
 * column of cell panes that scrolls by rows, and a bottom bar; a side
 * view (variables, graph, help) takes the right part of a wide screen
 * or covers the column of a narrow one.
 *
 * A pane is a box: a title row, the code rows, a separator when there is
 * output too, the output rows and a bottom border. Positions in the
 * column are "virtual rows" (long) from the top of the first pane; the
 * scroll offset is the virtual row shown first.
 */
#ifndef QUIRE_TUI_LAYOUT_H
#define QUIRE_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Smallest screen quire draws a notebook on; smaller shows a notice. */
#define LAYOUT_MIN_WIDTH 40
#define LAYOUT_MIN_HEIGHT 10
/* A side view goes beside the column from this width on. */
#define LAYOUT_SIDE_MIN_WIDTH 100
/* A layout_cell code_rows value: the pane takes no room without output. */
#define LAYOUT_HIDDEN (-1)

struct layout_rect {
	int y, x, rows, cols;
};

struct layout {
	int width, height;		/* the screen, columns and rows */
	bool too_small;			/* below LAYOUT_MIN_*: draw a notice */
	struct layout_rect top;		/* top bar (one row) */
	struct layout_rect bottom;	/* bottom bar (one row) */
	struct layout_rect column;	/* where panes go */
	struct layout_rect side;	/* side view; rows 0 when closed */
	/* Inside the column: box edges and the text area of a pane. */
	int gutter_x;			/* one column for change marks */
	int box_x, box_cols;		/* left border .. right border */
	int text_x, text_cols;		/* code and output text */
};

/*
 * Compute the screen layout for a width x height terminal, with a side
 * view open or not. Always fills *out; too_small is set below the
 * minimum, and every rectangle then has at least zero size.
 */
void layout_screen(struct layout *out, int width, int height, bool side);

/* What the layout needs to know of one cell. */
struct layout_cell {
	int code_rows;		/* rows of code shown; 0 when hidden;
				   LAYOUT_HIDDEN: no pane at all when there
				   is no output either */
	int out_rows;		/* rows of output shown; 0 when none */
};

/* Rows a pane takes: borders, code (at least one row when output is
 * absent too, so an empty cell is visible), separator, output; 0 for a
 * LAYOUT_HIDDEN cell without output. */
int layout_pane_rows(const struct layout_cell *);

/* Virtual row where pane idx starts (idx == n: the total height). */
long layout_offset(const struct layout_cell *cells, size_t n, size_t idx);

/*
 * The scroll offset closest to scroll that shows virtual rows [y0, y1)
 * in a viewport of rows rows; when the range is taller than the
 * viewport its start wins. The result is clamped to [0, total - rows]
 * (0 when everything fits).
 */
long layout_scroll_to(long scroll, long y0, long y1, int rows, long total);

/* A pane that is at least partly inside the viewport. */
struct layout_pane {
	size_t idx;		/* cell position */
	int y;			/* screen row of its title; may lie above the
				   column when the pane is clipped */
	int rows;		/* its full height */
	int code_y;		/* screen row of its first code row */
	int sep_y;		/* separator row, or -1 when none */
	int out_y;		/* screen row of its first output row */
};

/*
 * The panes visible in the column when scrolled to scroll, in order,
 * at most max of them, into out. Returns how many.
 */
size_t layout_visible(const struct layout *, const struct layout_cell *cells,
    size_t n, long scroll, struct layout_pane *out, size_t max);

/* The cell whose pane covers screen row y, or (size_t)-1. */
size_t layout_cell_at(const struct layout *, const struct layout_cell *cells,
    size_t n, long scroll, int y);

#endif
