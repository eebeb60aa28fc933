/*
 * tablerender.c: the table model (a window of a table, from the
 * kernel's JSON or built cell by cell for Markdown) and its rendering
 * into styled lines at a width. Owns column fitting, alignment, the
 * vertical window, the horizontal offset, the sort indicator, the
 * selection marks and the footer. Asking the kernel for another window
 * is the editor's; the JSON shape is doc/rich-outputs.md's.
 *
 * The idea to hold first: the model never holds more than
 * TABLERENDER_MAX_ROWS rows and TABLERENDER_MAX_COLS columns, whatever
 * the table's size, and every cell is sanitised once, when it enters
 * the model, into a line whose width is known. Rendering then only
 * copies and cuts lines, so a redraw costs the rows on screen, and
 * column widths, measured over the whole window as cells arrive, stay
 * put while the rows scroll.
 */
#include "config.h"
#include "tablerender.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "pyrepr.h"
#include "richtext.h"
#include "utf8.h"
#include "xmalloc.h"

#define TABLERENDER_GAP 2	/* spaces between columns */
#define TABLERENDER_MIN_WIDTH 5	/* a shrunk column keeps this much */

struct tablerender_col {
	struct richtext_line name;
	char *dtype;
	enum tablerender_align align;
	bool numeric;		/* numbers: right-aligned */
	size_t cellw;		/* widest cell held, columns */
};

struct tablerender_cell {
	struct richtext_line text;
	bool numeric;
	bool null;
};

/* A block of held rows: the window, or the table's last rows. */
struct tablerender_rows {
	size_t offset;		/* absolute row of the first */
	size_t n;
	size_t alloc;		/* rows allocated */
	struct tablerender_cell *cells;	/* n rows of ncols cells */
};

struct tablerender {
	struct tablerender_col *cols;	/* index columns, then data */
	size_t ncols, acols;
	size_t nindex;
	size_t col_offset;	/* absolute data column of the first held */
	size_t ncols_total;	/* data columns in the table */
	struct tablerender_rows win, tail;
	size_t nrows;		/* rows in the table */
	size_t sort_col;	/* absolute data column, or NONE */
	bool sort_desc;
	enum tablerender_selection selmode;
	size_t *sel;		/* selected rows, ascending */
	size_t nsel, asel;
};

/*
 * The model.
 */

struct tablerender *
tablerender_new(void)
{
	struct tablerender *t = xcalloc(1, sizeof *t);

	t->sort_col = TABLERENDER_NONE;
	return t;
}

static void
tablerender_rows_release(struct tablerender_rows *r, size_t ncols)
{
	size_t i;

	for (i = 0; i < r->n * ncols; i++)
		richtext_line_release(&r->cells[i].text);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

void
tablerender_free(struct tablerender *t)
{
	size_t i;

	if (t == NULL)
		return;
	tablerender_rows_release(&t->win, t->ncols);
	tablerender_rows_release(&t->tail, t->ncols);
	for (i = 0; i < t->ncols; i++) {
		richtext_line_release(&t->cols[i].name);
		free(t->cols[i].dtype);
	}
	free(t->cols);
	free(t->sel);
	free(t);
}

static struct tablerender_col *
tablerender_col_push(struct tablerender *t)
{
	struct tablerender_col *c;

	assert(t->win.n == 0 && t->tail.n == 0);
	if (t->ncols == t->acols) {
		t->acols = t->acols ? t->acols * 2 : 8;
		t->cols = xreallocarray(t->cols, t->acols, sizeof *t->cols);
	}
	c = &t->cols[t->ncols++];
	memset(c, 0, sizeof *c);
	richtext_line_init(&c->name);
	c->dtype = xstrdup("");
	return c;
}

void
tablerender_column_add(struct tablerender *t,
    const struct richtext_line *name, enum tablerender_align align)
{
	struct tablerender_col *c;

	if (t->ncols >= TABLERENDER_MAX_COLS)
		return;
	c = tablerender_col_push(t);
	richtext_line_append(&c->name, name, 0, name->line.len);
	c->align = align;
	c->numeric = align == TABLERENDER_RIGHT;
	t->ncols_total = t->ncols - t->nindex;
}

/* Add a row of empty cells to r; false when r is full. */
static bool
tablerender_rows_push(struct tablerender_rows *r, size_t ncols)
{
	size_t i;

	if (r->n >= TABLERENDER_MAX_ROWS)
		return false;
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 16;
		r->cells = xreallocarray(r->cells,
		    r->alloc * (ncols ? ncols : 1), sizeof *r->cells);
	}
	for (i = 0; i < ncols; i++) {
		struct tablerender_cell *c = &r->cells[r->n * ncols + i];

		richtext_line_init(&c->text);
		c->numeric = false;
		c->null = false;
	}
	r->n++;
	return true;
}

bool
tablerender_row_add(struct tablerender *t)
{
	if (!tablerender_rows_push(&t->win, t->ncols))
		return false;
	t->nrows = t->win.offset + t->win.n;
	return true;
}

/* Note a cell's width in its column's measure. */
static void
tablerender_measure(struct tablerender *t, size_t col,
    const struct tablerender_cell *c)
{
	if (c->text.line.width > t->cols[col].cellw)
		t->cols[col].cellw = c->text.line.width;
}

void
tablerender_cell_set(struct tablerender *t, size_t col,
    const struct richtext_line *text, bool numeric)
{
	struct tablerender_cell *c;

	assert(t->win.n > 0);
	if (col >= t->ncols)
		return;
	c = &t->win.cells[(t->win.n - 1) * t->ncols + col];
	richtext_line_reset(&c->text);
	richtext_line_append(&c->text, text, 0, text->line.len);
	c->numeric = numeric;
	tablerender_measure(t, col, c);
}

size_t
tablerender_nrows(const struct tablerender *t)
{
	return t->nrows;
}

size_t
tablerender_ncols(const struct tablerender *t)
{
	return t->ncols_total;
}

size_t
tablerender_nindex(const struct tablerender *t)
{
	return t->nindex;
}

void
tablerender_window(const struct tablerender *t, size_t *offset, size_t *n)
{
	*offset = t->win.offset;
	*n = t->win.n;
}

/* The held row block and row within it for an absolute row, or NULL. */
static const struct tablerender_cell *
tablerender_row(const struct tablerender *t, size_t row)
{
	if (row >= t->win.offset && row - t->win.offset < t->win.n)
		return &t->win.cells[(row - t->win.offset) * t->ncols];
	if (row >= t->tail.offset && row - t->tail.offset < t->tail.n)
		return &t->tail.cells[(row - t->tail.offset) * t->ncols];
	return NULL;
}

bool
tablerender_has_rows(const struct tablerender *t, size_t first, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tablerender_row(t, first + i) == NULL)
			return false;
	return true;
}

/* The held column for a public column number, or NONE. */
static size_t
tablerender_held(const struct tablerender *t, size_t col)
{
	size_t j;

	if (col < t->nindex)
		return col;
	j = col - t->nindex;
	if (j < t->col_offset || j - t->col_offset >= t->ncols - t->nindex)
		return TABLERENDER_NONE;
	return t->nindex + j - t->col_offset;
}

const struct richtext_line *
tablerender_column_name(const struct tablerender *t, size_t col)
{
	size_t k = tablerender_held(t, col);

	return k == TABLERENDER_NONE ? NULL : &t->cols[k].name;
}

const char *
tablerender_column_dtype(const struct tablerender *t, size_t col)
{
	size_t k = tablerender_held(t, col);

	return k == TABLERENDER_NONE ? NULL : t->cols[k].dtype;
}

bool
tablerender_column_is_numeric(const struct tablerender *t, size_t col)
{
	size_t k = tablerender_held(t, col);

	return k != TABLERENDER_NONE && t->cols[k].numeric;
}

const struct richtext_line *
tablerender_cell(const struct tablerender *t, size_t row, size_t col,
    bool *numeric)
{
	const struct tablerender_cell *r = tablerender_row(t, row);
	size_t k = tablerender_held(t, col);

	if (r == NULL || k == TABLERENDER_NONE)
		return NULL;
	if (numeric != NULL)
		*numeric = r[k].numeric;
	return &r[k].text;
}

void
tablerender_sort(const struct tablerender *t, size_t *col, bool *descending)
{
	*col = t->sort_col;
	*descending = t->sort_desc;
}

void
tablerender_set_sort(struct tablerender *t, size_t col, bool descending)
{
	t->sort_col = col;
	t->sort_desc = descending;
}

enum tablerender_selection
tablerender_selection(const struct tablerender *t)
{
	return t->selmode;
}

/* Where row is, or would go, in the sorted selection. */
static size_t
tablerender_sel_find(const struct tablerender *t, size_t row)
{
	size_t lo = 0, hi = t->nsel, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->sel[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
tablerender_is_selected(const struct tablerender *t, size_t row)
{
	size_t i = tablerender_sel_find(t, row);

	return i < t->nsel && t->sel[i] == row;
}

bool
tablerender_select(struct tablerender *t, size_t row, bool on)
{
	size_t i;

	if (t->selmode == TABLERENDER_SELECT_NONE || row >= t->nrows)
		return false;
	if (on && t->selmode == TABLERENDER_SELECT_SINGLE)
		t->nsel = 0;
	i = tablerender_sel_find(t, row);
	if (on && (i == t->nsel || t->sel[i] != row)) {
		if (t->nsel == t->asel) {
			t->asel = t->asel ? t->asel * 2 : 8;
			t->sel = xreallocarray(t->sel, t->asel, sizeof *t->sel);
		}
		memmove(t->sel + i + 1, t->sel + i,
		    (t->nsel - i) * sizeof *t->sel);
		t->sel[i] = row;
		t->nsel++;
	} else if (!on && i < t->nsel && t->sel[i] == row) {
		memmove(t->sel + i, t->sel + i + 1,
		    (t->nsel - i - 1) * sizeof *t->sel);
		t->nsel--;
	}
	return true;
}

const size_t *
tablerender_selected(const struct tablerender *t, size_t *n)
{
	*n = t->nsel;
	return t->sel;
}

/*
 * JSON.
 */

/* pyrepr_float_format's, under the name tablerender.h gave it first. */
void
tablerender_float_format(struct buf *out, double x)
{
	pyrepr_float_format(out, x);
}

/* Is s (a cell of a numeric column) a number pandas writes as text? */
static bool
tablerender_is_numeric_text(const char *s, size_t len, bool *null)
{
	static const char *const nulls[] = { "nan", "NaN", "NaT", "<NA>",
		"None", NULL };
	char *end;
	size_t i;

	*null = false;
	for (i = 0; nulls[i] != NULL; i++)
		if (strlen(nulls[i]) == len && memcmp(nulls[i], s, len) == 0) {
			*null = true;
			return true;
		}
	if (len == 0 || len > 64 || memchr(s, '\0', len) != NULL)
		return false;
	errno = 0;
	(void)strtod(s, &end);
	return end == s + len;
}

static bool
tablerender_dtype_is_numeric(const char *d)
{
	static const char *const prefixes[] = { "int", "uint", "float",
		"complex", "Int", "UInt", "Float", "Decimal", "decimal",
		"number", NULL };
	size_t i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(d, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* The text of a JSON value as a cell shows it: Python's spelling of
 * scalars, lists and dicts as compact JSON. */
static void
tablerender_json_text(struct buf *out, json_t *v, bool *number, bool *null)
{
	*number = json_is_number(v);
	*null = json_is_null(v);
	pyrepr_json_format(out, v, PYREPR_BARE | PYREPR_JSON_CONTAINERS);
}

/* Cut out (a cell's text) after TABLERENDER_CELL_CPS code points. */
static void
tablerender_cut_cps(struct buf *b)
{
	size_t off = 0, n = 0;
	uint32_t cp;

	while (off < b->len && n < TABLERENDER_CELL_CPS) {
		off += utf8_next(b->ptr + off, b->len - off, &cp, NULL);
		n++;
	}
	if (off < b->len) {
		buf_truncate(b, off);
		buf_adds(b, "\xe2\x80\xa6");
	}
}

static int
tablerender_json_size(json_t *root, const char *key, size_t dflt,
    size_t *out)
{
	json_t *v = json_object_get(root, key);

	if (v == NULL || json_is_null(v)) {
		*out = dflt;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		err_set("table: \"%s\" must be a count (an integer >= 0)",
		    key);
		return -1;
	}
	*out = (size_t)json_integer_value(v);
	return 0;
}

/* Fill the cells of rows (a JSON array of arrays) into r. */
static int
tablerender_json_rows(struct tablerender *t, struct tablerender_rows *r,
    json_t *rows, const char *what)
{
	struct buf b = BUF_INIT;
	size_t i, k, ncells;
	json_t *row, *v;
	bool number, null;

	if (!json_is_array(rows)) {
		err_set("table: \"%s\" must be an array of rows", what);
		return -1;
	}
	json_array_foreach(rows, i, row) {
		if (!json_is_array(row)) {
			buf_release(&b);
			err_set("table: row %zu of \"%s\" is not an array", i,
			    what);
			return -1;
		}
		if (!tablerender_rows_push(r, t->ncols))
			break;
		ncells = json_array_size(row);
		for (k = 0; k < t->ncols && k < ncells; k++) {
			struct tablerender_cell *c =
			    &r->cells[(r->n - 1) * t->ncols + k];

			v = json_array_get(row, k);
			buf_reset(&b);
			tablerender_json_text(&b, v, &number, &null);
			tablerender_cut_cps(&b);
			c->numeric = number;
			c->null = null;
			richtext_line_add(&c->text, SANITIZE_FIELD, b.ptr,
			    b.len, null ? RICHTEXT_NULL : RICHTEXT_TEXT, 0);
		}
	}
	buf_release(&b);
	return 0;
}

/* Decide which columns are numeric, then measure every cell. */
static void
tablerender_json_types(struct tablerender *t)
{
	struct tablerender_rows *blocks[2] = { &t->win, &t->tail };
	size_t k, b, i;

	for (k = 0; k < t->ncols; k++) {
		struct tablerender_col *c = &t->cols[k];
		bool any = false, all = true;

		for (b = 0; b < 2; b++)
			for (i = 0; i < blocks[b]->n; i++) {
				struct tablerender_cell *cell =
				    &blocks[b]->cells[i * t->ncols + k];

				if (cell->null)
					continue;
				if (cell->numeric)
					any = true;
				else
					all = false;
			}
		c->numeric = *c->dtype != '\0' ?
		    tablerender_dtype_is_numeric(c->dtype) : any && all;
		for (b = 0; b < 2; b++)
			for (i = 0; i < blocks[b]->n; i++) {
				struct tablerender_cell *cell =
				    &blocks[b]->cells[i * t->ncols + k];
				bool null;

				/* "nan" or "1e400" sent as text in a
				 * numeric column is a number too. */
				if (c->numeric && !cell->numeric &&
				    !cell->null &&
				    tablerender_is_numeric_text(
				    cell->text.line.text, cell->text.line.len,
				    &null)) {
					cell->numeric = true;
					if (null) {
						cell->null = true;
						richtext_line_set_role(
						    &cell->text, 0,
						    RICHTEXT_NULL);
					}
				}
				tablerender_measure(t, k, cell);
			}
	}
}

static int
tablerender_json_sort(struct tablerender *t, json_t *root, json_t *cols)
{
	json_t *sort = json_object_get(root, "sort"), *col, *desc;
	size_t i;

	if (sort == NULL || json_is_null(sort))
		return 0;
	if (!json_is_object(sort)) {
		err_set("table: \"sort\" must be an object");
		return -1;
	}
	col = json_object_get(sort, "column");
	desc = json_object_get(sort, "descending");
	t->sort_desc = desc != NULL && json_is_true(desc);
	if (json_is_integer(col) && json_integer_value(col) >= 0)
		t->sort_col = (size_t)json_integer_value(col);
	else if (json_is_string(col)) {
		/* By name: the first data column of that name held. */
		for (i = t->nindex; i < json_array_size(cols) &&
		    i < t->ncols; i++)
			if (json_equal(json_array_get(cols, i), col)) {
				t->sort_col = t->col_offset + i - t->nindex;
				break;
			}
	} else if (col != NULL && !json_is_null(col)) {
		err_set("table: \"sort.column\" must be a number or a name");
		return -1;
	}
	return 0;
}

static int
tablerender_json_selection(struct tablerender *t, json_t *root)
{
	json_t *mode = json_object_get(root, "selection");
	json_t *sel = json_object_get(root, "selected"), *v;
	const char *m;
	size_t i;

	if (mode != NULL && !json_is_null(mode)) {
		m = json_string_value(mode);
		if (m == NULL || (strcmp(m, "none") != 0 &&
		    strcmp(m, "single") != 0 && strcmp(m, "multi") != 0)) {
			err_set("table: \"selection\" must be \"none\", "
			    "\"single\" or \"multi\"");
			return -1;
		}
		t->selmode = strcmp(m, "single") == 0 ?
		    TABLERENDER_SELECT_SINGLE : strcmp(m, "multi") == 0 ?
		    TABLERENDER_SELECT_MULTI : TABLERENDER_SELECT_NONE;
	}
	if (sel == NULL || json_is_null(sel))
		return 0;
	if (!json_is_array(sel)) {
		err_set("table: \"selected\" must be an array of rows");
		return -1;
	}
	json_array_foreach(sel, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			err_set("table: \"selected\" item %zu is not a row", i);
			return -1;
		}
		(void)tablerender_select(t, (size_t)json_integer_value(v),
		    true);
	}
	return 0;
}

static int
tablerender_json_columns(struct tablerender *t, json_t *root, json_t *cols)
{
	json_t *dtypes = json_object_get(root, "dtypes"), *v;
	struct buf b = BUF_INIT;
	size_t i, nindex, held;
	bool number, null;

	if (!json_is_array(cols)) {
		err_set("table: \"columns\" must be an array of names");
		return -1;
	}
	if (dtypes != NULL && !json_is_null(dtypes) &&
	    !json_is_array(dtypes)) {
		err_set("table: \"dtypes\" must be an array of names");
		return -1;
	}
	if (tablerender_json_size(root, "index_columns", 0, &nindex) < 0)
		return -1;
	held = json_array_size(cols);
	if (nindex > held) {
		err_set("table: \"index_columns\" is %zu, but there are "
		    "only %zu columns", nindex, held);
		return -1;
	}
	if (held > TABLERENDER_MAX_COLS)
		held = TABLERENDER_MAX_COLS;
	t->nindex = nindex < held ? nindex : held;
	for (i = 0; i < held; i++) {
		struct tablerender_col *c = tablerender_col_push(t);
		const char *d;

		v = json_array_get(cols, i);
		buf_reset(&b);
		tablerender_json_text(&b, v, &number, &null);
		tablerender_cut_cps(&b);
		richtext_line_add(&c->name, SANITIZE_FIELD, b.ptr, b.len,
		    RICHTEXT_HEADER, 0);
		d = dtypes != NULL ? json_string_value(json_array_get(dtypes,
		    i)) : NULL;
		if (d != NULL) {
			free(c->dtype);
			c->dtype = xstrndup(d, strnlen(d, 64));
		}
		c->align = TABLERENDER_AUTO;
	}
	buf_release(&b);
	if (tablerender_json_size(root, "col_offset", 0, &t->col_offset) < 0 ||
	    tablerender_json_size(root, "ncols", json_array_size(cols) -
	    nindex + t->col_offset, &t->ncols_total) < 0)
		return -1;
	if (t->ncols_total < t->col_offset + (t->ncols - t->nindex))
		t->ncols_total = t->col_offset + (t->ncols - t->nindex);
	return 0;
}

int
tablerender_parse(struct tablerender **out, const char *json, size_t len)
{
	struct tablerender *t = NULL;
	json_t *root, *cols, *rows, *tail;
	json_error_t e;
	size_t nrows;
	int rc = -1;

	*out = NULL;
	if (len > TABLERENDER_MAX_JSON) {
		err_set("table: %zu bytes of JSON, over the limit of %u", len,
		    TABLERENDER_MAX_JSON);
		return -1;
	}
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &e);
	if (root == NULL) {
		err_set("table:%d:%d: %s", e.line, e.column, e.text);
		return -1;
	}
	if (!json_is_object(root)) {
		err_set("table: the JSON is not an object");
		goto done;
	}
	t = tablerender_new();
	cols = json_object_get(root, "columns");
	if (cols == NULL) {
		err_set("table: no \"columns\"");
		goto done;
	}
	if (tablerender_json_columns(t, root, cols) < 0)
		goto done;
	if (tablerender_json_size(root, "offset", 0, &t->win.offset) < 0)
		goto done;
	rows = json_object_get(root, "rows");
	if (rows != NULL && tablerender_json_rows(t, &t->win, rows,
	    "rows") < 0)
		goto done;
	tail = json_object_get(root, "tail");
	if (tail != NULL && !json_is_null(tail)) {
		if (!json_is_object(tail)) {
			err_set("table: \"tail\" must be an object");
			goto done;
		}
		if (tablerender_json_size(tail, "offset", 0,
		    &t->tail.offset) < 0 ||
		    tablerender_json_rows(t, &t->tail, json_object_get(tail,
		    "rows"), "tail.rows") < 0)
			goto done;
	}
	if (tablerender_json_size(root, "nrows", t->win.offset + t->win.n,
	    &nrows) < 0)
		goto done;
	/* Rows beyond the window the JSON held may still be counted. */
	if (nrows < t->win.offset + t->win.n)
		nrows = t->win.offset + t->win.n;
	if (t->tail.n > 0 && nrows < t->tail.offset + t->tail.n)
		nrows = t->tail.offset + t->tail.n;
	t->nrows = nrows;
	tablerender_json_types(t);
	if (tablerender_json_sort(t, root, cols) < 0 ||
	    tablerender_json_selection(t, root) < 0)
		goto done;
	*out = t;
	t = NULL;
	rc = 0;
done:
	tablerender_free(t);
	json_decref(root);
	return rc;
}

/*
 * Rendering.
 */

void
tablerender_count_format(struct buf *out, size_t n)
{
	char d[32];
	size_t len, i;

	len = (size_t)snprintf(d, sizeof d, "%zu", n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_addc(out, ',');
		buf_addc(out, d[i]);
	}
}

/* One column as a render lays it out. */
struct tablerender_slot {
	size_t k;		/* held column */
	size_t natural, min, width;
	enum tablerender_align align;
};

static enum tablerender_align
tablerender_col_align(const struct tablerender_col *c)
{
	if (c->align != TABLERENDER_AUTO)
		return c->align;
	return c->numeric ? TABLERENDER_RIGHT : TABLERENDER_LEFT;
}

static size_t
tablerender_total(const struct tablerender_slot *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		w += s[i].width + (i > 0 ? TABLERENDER_GAP : 0);
	return w;
}

/*
 * Give every slot a width so that all fit in avail columns: when the
 * natural widths do not fit, find the highest cap that does (columns
 * wider than it are cut to it, but never below their minimum) and hand
 * what is left over, one column each, to the columns that were cut.
 * If even the minimums do not fit, shrink the widest column by one
 * until they do or all are one column wide.
 */
static void
tablerender_fit(struct tablerender_slot *s, size_t n, size_t avail)
{
	size_t cap, i, left;

	for (i = 0; i < n; i++)
		s[i].width = s[i].natural;
	if (tablerender_total(s, n) <= avail)
		return;
	for (cap = TABLERENDER_CELL_WIDTH; cap > 0; cap--) {
		for (i = 0; i < n; i++) {
			s[i].width = s[i].natural < cap ? s[i].natural : cap;
			if (s[i].width < s[i].min)
				s[i].width = s[i].min;
		}
		if (tablerender_total(s, n) <= avail)
			break;
	}
	if (cap > 0) {
		left = avail - tablerender_total(s, n);
		for (i = 0; i < n && left > 0; i++)
			if (s[i].width < s[i].natural) {
				s[i].width++;
				left--;
			}
		return;
	}
	while (tablerender_total(s, n) > avail) {
		size_t widest = 0;

		for (i = 1; i < n; i++)
			if (s[i].width > s[widest].width)
				widest = i;
		if (s[widest].width <= 1)
			break;
		s[widest].width--;
	}
}

/* Append src cut to width columns and aligned, in role (unless
 * TABLERENDER_NONE-like RICHTEXT_NROLES: keep src's roles). */
static void
tablerender_put_cell(struct richtext_line *dst,
    const struct richtext_line *src, size_t width,
    enum tablerender_align align, enum richtext_role role)
{
	struct richtext_line cut;
	size_t w, pad, first;

	richtext_line_init(&cut);
	w = richtext_line_append_cut(&cut, src, width, false);
	pad = width - w;
	if (align == TABLERENDER_RIGHT)
		richtext_line_pad(dst, pad, RICHTEXT_TEXT);
	else if (align == TABLERENDER_CENTER)
		richtext_line_pad(dst, pad / 2, RICHTEXT_TEXT);
	first = dst->line.nruns;
	richtext_line_append(dst, &cut, 0, cut.line.len);
	if (role != RICHTEXT_NROLES)
		richtext_line_set_role(dst, first, role);
	if (align == TABLERENDER_LEFT)
		richtext_line_pad(dst, pad, RICHTEXT_TEXT);
	else if (align == TABLERENDER_CENTER)
		richtext_line_pad(dst, pad - pad / 2, RICHTEXT_TEXT);
	richtext_line_release(&cut);
}

/* Append glyph (or ascii when asked) n times in role. */
static void
tablerender_put_glyphs(struct richtext_line *l, uint32_t glyph, char ascii,
    bool use_ascii, size_t n, enum richtext_role role)
{
	size_t i;

	for (i = 0; i < n; i++)
		richtext_line_add_cp(l, use_ascii ? (uint32_t)ascii : glyph,
		    role, NULL);
}

/* The natural and minimum widths of held column k. */
static void
tablerender_slot_init(const struct tablerender *t, size_t k,
    const size_t *rows, size_t nrows, struct tablerender_slot *s)
{
	const struct tablerender_col *c = &t->cols[k];
	const struct tablerender_cell *r;
	size_t name = c->name.line.width, cellw = c->cellw, i;

	if (k >= t->nindex && t->sort_col == t->col_offset + k - t->nindex)
		name += 2;	/* " ▲" */
	if (rows != NULL) {
		/* Measured over the rows shown, not the whole window. */
		cellw = 0;
		for (i = 0; i < nrows; i++)
			if ((r = tablerender_row(t, rows[i])) != NULL &&
			    r[k].text.line.width > cellw)
				cellw = r[k].text.line.width;
	}
	s->k = k;
	s->natural = cellw > name ? cellw : name;
	if (s->natural > TABLERENDER_CELL_WIDTH)
		s->natural = TABLERENDER_CELL_WIDTH;
	s->min = s->natural < TABLERENDER_MIN_WIDTH ? s->natural :
	    TABLERENDER_MIN_WIDTH;
	if (s->min == 0)
		s->min = 1;
	s->align = tablerender_col_align(c);
}

/* The columns of s at their minimum widths. */
static size_t
tablerender_total_min(const struct tablerender_slot *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		w += s[i].min + (i > 0 ? TABLERENDER_GAP : 0);
	return w;
}

/*
 * Choose the columns to draw: the index columns, then data columns from
 * first_col on while their minimum widths fit (always at least one);
 * index columns give way when even that does not fit. Widths are
 * measured over the whole window, so they stay put while rows scroll,
 * or over rows (nrows of them) when that is not NULL. Returns the
 * number of slots, fitted, and sets *first to the first data column
 * drawn.
 */
static size_t
tablerender_layout(const struct tablerender *t, size_t first_col,
    size_t avail, const size_t *rows, size_t nrows,
    struct tablerender_slot *s, size_t *first)
{
	size_t n = 0, k, start, ndata = t->ncols - t->nindex;

	for (k = 0; k < t->nindex; k++)
		tablerender_slot_init(t, k, rows, nrows, &s[n++]);
	if (first_col < t->col_offset)
		first_col = t->col_offset;
	if (ndata > 0 && first_col - t->col_offset >= ndata)
		first_col = t->col_offset + ndata - 1;
	*first = first_col;
	start = t->nindex + (first_col - t->col_offset);
	for (k = start; k < t->ncols; k++) {
		tablerender_slot_init(t, k, rows, nrows, &s[n]);
		if (k > start && tablerender_total_min(s, n + 1) > avail)
			break;
		n++;
	}
	while (n > 1 && s[0].k < t->nindex &&
	    tablerender_total_min(s, n) > avail) {
		memmove(s, s + 1, (n - 1) * sizeof *s);
		n--;
	}
	tablerender_fit(s, n, avail);
	return n;
}

static void
tablerender_header(struct richtext *out, const struct tablerender *t,
    const struct tablerender_options *opt, const struct tablerender_slot *s,
    size_t n, size_t gutter)
{
	struct richtext_line *l = richtext_add_line(out), name;
	bool ascii = opt->ascii;
	size_t i, first;

	richtext_line_pad(l, gutter, RICHTEXT_TEXT);
	richtext_line_init(&name);
	for (i = 0; i < n; i++) {
		const struct tablerender_col *c = &t->cols[s[i].k];
		struct sanitize_style bold = { SANITIZE_BOLD,
			SANITIZE_COLOR_DEFAULT, SANITIZE_COLOR_DEFAULT };

		if (i > 0)
			richtext_line_pad(l, TABLERENDER_GAP, RICHTEXT_TEXT);
		richtext_line_reset(&name);
		richtext_line_append(&name, &c->name, 0, c->name.line.len);
		if (s[i].k >= t->nindex && t->sort_col == t->col_offset +
		    s[i].k - t->nindex) {
			richtext_line_pad(&name, 1, RICHTEXT_HEADER);
			richtext_line_add_cp(&name, ascii ?
			    (uint32_t)(t->sort_desc ? 'v' : '^') :
			    t->sort_desc ? 0x25BC : 0x25B2, RICHTEXT_HEADER,
			    &bold);
		}
		first = l->line.nruns;
		tablerender_put_cell(l, &name, s[i].width, s[i].align,
		    RICHTEXT_HEADER);
		if (opt->mark_col && s[i].k >= t->nindex && opt->cursor_col ==
		    t->col_offset + s[i].k - t->nindex)
			richtext_line_set_role(l, first, RICHTEXT_CURSOR);
	}
	richtext_line_release(&name);
	/* Bold comes from the role; a plain writer shows the rule. */
	l = richtext_add_line(out);
	richtext_line_pad(l, gutter, RICHTEXT_TEXT);
	for (i = 0; i < n; i++) {
		if (i > 0)
			richtext_line_pad(l, TABLERENDER_GAP, RICHTEXT_TEXT);
		tablerender_put_glyphs(l, 0x2500, '-', ascii, s[i].width,
		    RICHTEXT_RULE);
	}
}

static void
tablerender_row_line(struct richtext *out, const struct tablerender *t,
    const struct tablerender_options *opt, const struct tablerender_slot *s,
    size_t n, size_t gutter, size_t row)
{
	const struct tablerender_cell *cells = tablerender_row(t, row);
	struct richtext_line *l = richtext_add_line(out), dots;
	bool selected = tablerender_is_selected(t, row);
	bool cursor = opt->cursor == row;
	enum richtext_role over = cursor ? RICHTEXT_CURSOR : selected ?
	    RICHTEXT_SELECTED : RICHTEXT_NROLES;
	size_t i, first;

	if (gutter > 0) {
		first = l->line.nruns;
		if (selected)
			richtext_line_add_cp(l, opt->ascii ? 'x' : 0x2713,
			    RICHTEXT_SELECTED, NULL);
		else
			richtext_line_pad(l, 1, RICHTEXT_TEXT);
		richtext_line_pad(l, gutter - 1, RICHTEXT_TEXT);
		if (cursor)
			richtext_line_set_role(l, first, RICHTEXT_CURSOR);
	}
	richtext_line_init(&dots);
	if (cells == NULL)
		richtext_line_add_cp(&dots, opt->ascii ? '.' : 0x2026,
		    RICHTEXT_DIM, NULL);
	for (i = 0; i < n; i++) {
		enum richtext_role role = over;

		if (i > 0) {
			first = l->line.nruns;
			richtext_line_pad(l, TABLERENDER_GAP, RICHTEXT_TEXT);
			if (cursor)
				richtext_line_set_role(l, first, over);
		}
		if (role == RICHTEXT_NROLES && s[i].k < t->nindex)
			role = RICHTEXT_INDEX;
		if (cells == NULL)
			tablerender_put_cell(l, &dots, s[i].width, s[i].align,
			    cursor ? over : RICHTEXT_DIM);
		else {
			first = l->line.nruns;
			tablerender_put_cell(l, &cells[s[i].k].text,
			    s[i].width, s[i].align, role);
			if (cursor)
				richtext_line_set_role(l, first, over);
		}
	}
	richtext_line_release(&dots);
}

/* A dim line of text that quire wrote, cut to width. */
static void
tablerender_note(struct richtext *out, const char *text, size_t width)
{
	struct richtext_line note, *l;

	richtext_line_init(&note);
	richtext_line_add(&note, SANITIZE_FIELD, text, strlen(text),
	    RICHTEXT_DIM, 0);
	l = richtext_add_line(out);
	(void)richtext_line_append_cut(l, &note, width, false);
	richtext_line_release(&note);
}

static void
tablerender_footer(struct buf *f, const struct tablerender *t,
    const struct tablerender_view *v, bool summary, bool ascii)
{
	const char *sep = ascii ? ", " : " \xc2\xb7 ";

	if (summary || (v->first_row == 0 && v->nrows >= t->nrows)) {
		tablerender_count_format(f, t->nrows);
		buf_adds(f, t->nrows == 1 ? " row" : " rows");
	} else if (v->nrows == 0) {
		buf_adds(f, "no rows of ");
		tablerender_count_format(f, t->nrows);
	} else {
		buf_adds(f, "rows ");
		tablerender_count_format(f, v->first_row + 1);
		buf_addc(f, '-');
		tablerender_count_format(f, v->first_row + v->nrows);
		buf_adds(f, " of ");
		tablerender_count_format(f, t->nrows);
	}
	if (v->first_col == 0 && v->ncols >= t->ncols_total) {
		buf_adds(f, summary ? (ascii ? " x " : " \xc3\x97 ") : sep);
		tablerender_count_format(f, t->ncols_total);
		buf_adds(f, t->ncols_total == 1 ? " column" : " columns");
	} else {
		buf_adds(f, sep);
		buf_adds(f, "columns ");
		if (v->ncols > 0) {
			tablerender_count_format(f, v->first_col + 1);
			buf_addc(f, '-');
			tablerender_count_format(f, v->first_col + v->ncols);
		} else
			buf_adds(f, "none");
		buf_adds(f, " of ");
		tablerender_count_format(f, t->ncols_total);
	}
}

/* The rows a render draws, ascending; TABLERENDER_NONE marks a gap. */
static size_t *
tablerender_rows_pick(const struct tablerender *t,
    const struct tablerender_options *opt, size_t *n)
{
	size_t *rows, cap, i, k = 0, first, count, head, tail;

	if (opt->head > 0) {
		head = opt->head < t->nrows ? opt->head : t->nrows;
		tail = opt->tail;
		if (head + tail >= t->nrows)
			tail = t->nrows - head;
		rows = xreallocarray(NULL, head + tail + 2, sizeof *rows);
		for (i = 0; i < head; i++)
			if (tablerender_row(t, i) != NULL)
				rows[k++] = i;
		for (i = t->nrows - tail; i < t->nrows; i++)
			if (tablerender_row(t, i) != NULL)
				rows[k++] = i;
		*n = k;
		return rows;
	}
	first = opt->first_row;
	if (first >= t->nrows)
		first = t->nrows > 0 ? t->nrows - 1 : 0;
	if (opt->max_rows > 0)
		count = opt->max_rows;
	else if (first >= t->win.offset && first < t->win.offset + t->win.n)
		count = t->win.offset + t->win.n - first;
	else
		count = TABLERENDER_MAX_ROWS;
	if (count > TABLERENDER_MAX_ROWS)
		count = TABLERENDER_MAX_ROWS;
	if (count > t->nrows - first)
		count = t->nrows - first;
	cap = count ? count : 1;
	rows = xreallocarray(NULL, cap, sizeof *rows);
	for (i = 0; i < count; i++)
		rows[k++] = first + i;
	*n = k;
	return rows;
}

void
tablerender_render(struct richtext *out, const struct tablerender *t,
    const struct tablerender_options *opt, struct tablerender_view *view)
{
	struct tablerender_slot s[TABLERENDER_MAX_COLS];
	struct tablerender_view v;
	struct buf note = BUF_INIT;
	size_t width = opt->width ? opt->width : 80, gutter, avail, n = 0;
	size_t *rows, nrows, i, first_col = 0;
	bool summary = opt->head > 0;

	memset(&v, 0, sizeof v);
	gutter = !summary && (t->selmode != TABLERENDER_SELECT_NONE ||
	    opt->cursor != TABLERENDER_NONE) && width > 4 ? 2 : 0;
	avail = width > gutter ? width - gutter : 1;
	rows = tablerender_rows_pick(t, opt, &nrows);
	if (t->ncols > 0) {
		n = tablerender_layout(t, opt->first_col, avail,
		    summary ? rows : NULL, nrows, s, &first_col);
		tablerender_header(out, t, opt, s, n, gutter);
	}
	for (i = 0; i < nrows; i++) {
		size_t gap = i > 0 ? rows[i] - rows[i - 1] - 1 : rows[i];

		if (summary && gap > 0) {
			buf_reset(&note);
			buf_adds(&note, opt->ascii ? "... " : "\xe2\x80\xa6 ");
			tablerender_count_format(&note, gap);
			buf_adds(&note, gap == 1 ? " row not shown" :
			    " rows not shown");
			tablerender_note(out, note.ptr, width);
		}
		if (tablerender_row(t, rows[i]) == NULL)
			v.missing = true;
		if (t->ncols > 0)
			tablerender_row_line(out, t, opt, s, n, gutter,
			    rows[i]);
	}
	if (summary && t->nrows > (nrows ? rows[nrows - 1] + 1 : 0) &&
	    nrows < t->nrows) {
		size_t gap = t->nrows - (nrows ? rows[nrows - 1] + 1 : 0);

		buf_reset(&note);
		buf_adds(&note, opt->ascii ? "... " : "\xe2\x80\xa6 ");
		tablerender_count_format(&note, gap);
		buf_adds(&note, gap == 1 ? " row not shown" :
		    " rows not shown");
		tablerender_note(out, note.ptr, width);
	}
	v.first_row = nrows > 0 ? rows[0] : opt->first_row;
	v.nrows = nrows;
	v.first_col = first_col;
	for (i = 0; i < n; i++)
		if (s[i].k >= t->nindex)
			v.ncols++;
	if (opt->footer) {
		buf_reset(&note);
		tablerender_footer(&note, t, &v, summary, opt->ascii);
		tablerender_note(out, note.ptr, width);
	}
	free(rows);
	buf_release(&note);
	if (view != NULL)
		*view = v;
}
