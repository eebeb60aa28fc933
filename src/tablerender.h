/*
 * tablerender.h: tables as styled lines. A table model holds a window
 * of a table that may be far larger (a pandas DataFrame of a million
 * rows): its column names and types, the total row and column counts,
 * and the rows of one window, each cell as sanitised text plus whether
 * it is a number. The kernel sends the window as JSON (the shape is in
 * doc/rich-outputs.md); Markdown tables build a model cell by cell.
 *
 * Rendering fits the columns to a width: right-aligned numbers, wide
 * columns shrunk with "…", index columns kept at the left while the
 * others scroll sideways from a first visible column, the rows of a
 * vertical window, a header with a sort indicator, selected rows and a
 * cursor row marked, and a footer such as "rows 1-20 of 1,000,000".
 * Nothing here asks for rows: the view a render returns says which rows
 * were wanted but not held, and the editor asks the kernel for them.
 */
#ifndef QUIRE_TABLERENDER_H
#define QUIRE_TABLERENDER_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct richtext;
struct richtext_line;
struct tablerender;

/* Limits (spec security.md 7.2.6): rows and columns a model holds,
 * columns and code points of one cell. */
#define TABLERENDER_MAX_ROWS 1000
#define TABLERENDER_MAX_COLS 50
#define TABLERENDER_CELL_WIDTH 40
#define TABLERENDER_CELL_CPS 1024
/* A JSON window larger than this is refused before it is parsed. */
#define TABLERENDER_MAX_JSON (16u << 20)

#define TABLERENDER_NONE ((size_t)-1)

enum tablerender_align {
	TABLERENDER_AUTO,	/* numbers right, other text left */
	TABLERENDER_LEFT,
	TABLERENDER_RIGHT,
	TABLERENDER_CENTER
};

enum tablerender_selection {
	TABLERENDER_SELECT_NONE,
	TABLERENDER_SELECT_SINGLE,
	TABLERENDER_SELECT_MULTI
};

/*
 * Parse a JSON window (doc/rich-outputs.md). Rows and columns beyond
 * the limits are dropped (the counts still say how many there are).
 * Returns 0 and the model in *out (caller frees with tablerender_free),
 * or -1 with err_last() naming the line and column of bad JSON or the
 * field that is wrong.
 */
int tablerender_parse(struct tablerender **out, const char *json,
    size_t len);

/* An empty model, for building a table cell by cell (Markdown). */
struct tablerender *tablerender_new(void);
void tablerender_free(struct tablerender *);	/* NULL is a no-op */
/* Add a column (before any row); name is copied. */
void tablerender_column_add(struct tablerender *,
    const struct richtext_line *name, enum tablerender_align);
/* Add a row of empty cells; false when the model is full. */
bool tablerender_row_add(struct tablerender *);
/* Set cell col of the last row; text is copied. */
void tablerender_cell_set(struct tablerender *, size_t col,
    const struct richtext_line *text, bool numeric);

/* Rows and data columns of the whole table, and index columns. */
size_t tablerender_nrows(const struct tablerender *);
size_t tablerender_ncols(const struct tablerender *);
size_t tablerender_nindex(const struct tablerender *);
/* The window held: its first row and row count. */
void tablerender_window(const struct tablerender *, size_t *offset,
    size_t *n);
/* Are rows [first, first + n) all held? */
bool tablerender_has_rows(const struct tablerender *, size_t first,
    size_t n);
/* Name, dtype ("" when unknown) and numeric type of a column: index
 * columns first (0 .. nindex-1), then data columns by absolute number
 * (nindex + j); NULL when that column is not held. Borrowed. */
const struct richtext_line *tablerender_column_name(
    const struct tablerender *, size_t col);
const char *tablerender_column_dtype(const struct tablerender *, size_t col);
bool tablerender_column_is_numeric(const struct tablerender *, size_t col);
/* The cell at an absolute row and column as above; NULL when not held.
 * *numeric (may be NULL) says whether it is a number. */
const struct richtext_line *tablerender_cell(const struct tablerender *,
    size_t row, size_t col, bool *numeric);

/* Sorting is the kernel's; the model shows the indicator. col is an
 * absolute data column or TABLERENDER_NONE. */
void tablerender_sort(const struct tablerender *, size_t *col,
    bool *descending);
void tablerender_set_sort(struct tablerender *, size_t col, bool descending);

/* Selection of rows by absolute index, where the table allows it. */
enum tablerender_selection tablerender_selection(const struct tablerender *);
bool tablerender_is_selected(const struct tablerender *, size_t row);
/* Select or unselect a row (single selection drops the others); false
 * when the table allows no selection or row is out of range. */
bool tablerender_select(struct tablerender *, size_t row, bool on);
/* The selected rows, ascending; borrowed. */
const size_t *tablerender_selected(const struct tablerender *, size_t *n);

struct tablerender_options {
	size_t width;		/* columns available; 0: 80 */
	size_t first_row;	/* absolute row at the top */
	size_t max_rows;	/* rows drawn; 0: all held from first_row */
	size_t first_col;	/* first data column (absolute) drawn;
				   index columns always show */
	size_t cursor;		/* absolute row under the cursor, or
				   TABLERENDER_NONE */
	bool mark_col;		/* draw the header of cursor_col in the
				   cursor role (a column cursor) */
	size_t cursor_col;	/* absolute data column, when mark_col */
	bool footer;		/* "rows 1-20 of 1,000,000" */
	bool ascii;		/* ASCII rules and marks */
	size_t head, tail;	/* when head > 0: the first head and the
				   last tail rows, with a count of those
				   between (headless), instead of the
				   window above */
};

/* What a render drew, for scrolling. */
struct tablerender_view {
	size_t first_row, nrows;	/* absolute rows drawn */
	size_t first_col, ncols;	/* data columns drawn */
	bool missing;		/* some rows drawn were not held: ask the
				   kernel for the window at first_row */
};

/*
 * Append the table as lines to out, each at most opt->width columns
 * wide (when the width can hold one column of one character). view
 * (may be NULL) gets what was drawn.
 */
void tablerender_render(struct richtext *out, const struct tablerender *,
    const struct tablerender_options *opt, struct tablerender_view *view);

/* Append n with a comma every three digits ("1,000,000"). */
void tablerender_count_format(struct buf *out, size_t n);
/* Append x as Python's repr() writes a float ("0.1", "1e+16"). */
void tablerender_float_format(struct buf *out, double x);

#endif
