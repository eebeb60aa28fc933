/*
 * render.h: text to draw cells. Everything shown in a pane goes through
 * the sanitiser first (src/sanitize.c: CODE context for cell source,
 * STREAM and TEXT for outputs, FIELD for names); this module turns the
 * sanitiser's lines into rows of struct draw_cell with roles, keeping
 * for each cell the byte offset it came from, so the cell editor can put
 * its cursor and selection on screen and a click can find a byte.
 */
#ifndef QUIRE_TUI_RENDER_H
#define QUIRE_TUI_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "draw.h"

struct sanitize_line;

/* One line of cells. */
struct render_line {
	struct draw_cell *cells;
	size_t *src;		/* per cell: byte offset it came from */
	size_t n, alloc;	/* cells */
	size_t width;		/* columns of all cells */
};

void render_line_init(struct render_line *);
void render_line_release(struct render_line *);
void render_line_reset(struct render_line *);

/*
 * Append a code point (with no marks) in a role; src is its offset.
 * The caller guarantees it is printable with width 1 or 2 (labels,
 * glyphs); draw_cells() checks again.
 */
void render_line_add(struct render_line *, uint32_t cp, enum draw_role,
    size_t src);
/* Append ASCII/UTF-8 text that quire itself wrote (labels): sanitised
 * as a FIELD, markers in the marker role. */
void render_line_adds(struct render_line *, const char *s, size_t len,
    enum draw_role);

/*
 * Render one line of cell source (len bytes at line, no line break),
 * sanitised in CODE context with tabs to tab_width. base is added to
 * every src offset (the line's offset in the cell). roles, when not
 * NULL, gives a role per byte of the line (syntax highlighting);
 * markers keep the marker role. ascii: draw every non-ASCII code point
 * as a <U+XXXX> marker (a terminal whose locale is not UTF-8).
 */
void render_code(struct render_line *out, const char *line, size_t len,
    size_t base, const uint8_t *roles, unsigned tab_width, bool ascii);

/*
 * Append a sanitised line: runs with the marker flag get the marker
 * role, others role and the run's SGR style. src offsets are byte
 * offsets in the line's text.
 */
void render_sline(struct render_line *out, const struct sanitize_line *,
    enum draw_role role, bool ascii);

/*
 * Wrapping a line into rows of cols columns (a wide cell never split):
 * the index of the first cell of row r in *start and the rows needed.
 * render_wrap_rows counts rows (at least 1), stopping at max (0: none).
 */
size_t render_wrap_rows(const struct render_line *, int cols, size_t max);
size_t render_wrap_start(const struct render_line *, int cols, size_t row);
/* Rows a sanitised line takes wrapped at cols, at most max (0: none);
 * cheaper than rendering it. */
size_t render_sline_rows(const struct sanitize_line *, int cols, size_t max);

/* Column where cell idx starts. */
size_t render_col_of(const struct render_line *, size_t idx);
/* The column of byte offset off (the first cell from it or after; the
 * line's width past the end). */
size_t render_col_of_src(const struct render_line *, size_t off);
/* The byte offset shown at column col (the cell covering it; TEXT_EPOS
 * style (size_t)-1 past the end). */
size_t render_src_at_col(const struct render_line *, size_t col);

/*
 * Draw the cells of l from column skip (a wide cell cut at either edge
 * becomes a space) into at most cols columns at y, x. Returns the
 * columns drawn.
 */
int render_draw(struct draw *, int y, int x, int cols,
    const struct render_line *l, size_t skip);
/* Draw cells [from, to) of l at y, x within cols. */
int render_draw_cells(struct draw *, int y, int x, int cols,
    const struct render_line *l, size_t from, size_t to);

#endif
