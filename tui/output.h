/*
 * output.h: what one cell printed and displayed, ready to draw. Each
 * item (a stretch of stdout or stderr, a displayed value, a traceback,
 * a note from quire) keeps its own sanitiser, fed as bytes arrive, so a
 * progress line rewritten with \r shows only its last state and nothing
 * the kernel sends reaches the terminal unsanitised (security.md 7.2).
 */
#ifndef QUIRE_TUI_OUTPUT_H
#define QUIRE_TUI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "draw.h"

struct buf;
struct output;
struct sanitize_line;

enum output_kind {
	OUTPUT_STDOUT,
	OUTPUT_STDERR,
	OUTPUT_VALUE,		/* a displayed value (text/plain) */
	OUTPUT_MARKDOWN,	/* text/markdown, drawn simply */
	OUTPUT_TRACEBACK,
	OUTPUT_NOTE,		/* quire's own remark (error, placeholder) */
	OUTPUT_RICH		/* a bundle rendered at the pane's width */
};

/* Bytes kept per cell before further output is counted, not kept. */
#define OUTPUT_CELL_MAX (8u << 20)

struct output *output_new(void);
void output_free(struct output *);	/* NULL is a no-op */
/* No items. */
void output_clear(struct output *);
/* Drop the displayed values but keep streams (a REPLACE display). */
void output_clear_values(struct output *);
/* Append stream bytes (they join the last item when it is the same
 * stream). */
void output_stream(struct output *, enum output_kind, const char *p,
    size_t len);
/* Add a whole item of a kind; mime is the representation's type. */
void output_add(struct output *, enum output_kind, const char *mime,
    const char *p, size_t len);
/* A run is over: cut open sequences and partial characters. */
void output_finish(struct output *);

/*
 * A displayed value: its representations, richest first (a DISPLAY
 * message's items). The richest one quire can draw is kept: a widget,
 * Markdown, a table, a PNG or JPEG image as a rich item; else
 * text/plain, text/html as text; else one line naming the type. Copies
 * what it keeps.
 */
struct output_mime {
	const char *mime;
	const char *data;
	size_t len;
};
void output_add_bundle(struct output *, const struct output_mime *items,
    size_t n);

/* How rich items are drawn: set before asking for lines; a change of
 * width (or colours) renders them again. */
struct output_look {
	size_t width;		/* columns of the pane's text */
	int ncolors;		/* images: 0, 8, 16, 256 or 1 << 24 */
	bool ascii;		/* ASCII glyphs only */
	size_t image_rows;	/* rows an image may take; 0: 20 */
	size_t table_rows;	/* rows of a table window shown; 0: 10 */
	int graphics;		/* images also as a picture: 0 none, else
				   IMGRENDER_SIXEL or IMGRENDER_KITTY */
	size_t cell_width;	/* pixels of a cell; 0: 10 x 20 */
	size_t cell_height;
};
void output_set_look(struct output *, const struct output_look *);

/*
 * Elements of rich items that take keys, in order: widgets (and their
 * children), tables, links of Markdown. Borrowed until the output
 * changes (output_version).
 */
enum output_elem_kind {
	OUTPUT_ELEM_WIDGET,
	OUTPUT_ELEM_TABLE,	/* widget set when it is a mo.ui.table */
	OUTPUT_ELEM_LINK
};
struct widget;
struct output_elem {
	enum output_elem_kind kind;
	size_t item;		/* index of the item holding it */
	struct widget *widget;	/* WIDGET, TABLE of mo.ui.table */
	size_t link;		/* LINK: anchor index in the item */
};
#define OUTPUT_NONE ((size_t)-1)
size_t output_nelems(struct output *);
const struct output_elem *output_elem(struct output *, size_t i);
/* Mark element i as having the keys (OUTPUT_NONE: none). */
void output_set_focus(struct output *, size_t i);
size_t output_focus(const struct output *);
/* The first output line showing element i (for scrolling to it). */
size_t output_elem_line(struct output *, size_t i);
/* The target of link element i, raw bytes (sanitise to show); NULL. */
const char *output_elem_link(struct output *, size_t i, size_t *len);
/* Every widget with this id, in any item (embedded ones too); call
 * fn for each. */
void output_widgets_each(struct output *, const char *id,
    void (*fn)(struct widget *, void *), void *arg);
/* Some widget changed its picture: render again. */
void output_touch(struct output *);
/* The kernel's answer updated widget id: a mo.ui.table with this id
 * takes its value (the selected rows) as its selection again. */
void output_table_sync(struct output *, const char *id);
/* Refresh elements shown, for the tick timer: fn for each. */
void output_refresh_each(struct output *,
    void (*fn)(struct widget *, void *), void *arg);

/*
 * Tables. Keys that move in table element i: arrows, PgUp/PgDn,
 * Home/End, and < > for the column cursor (the view scrolls to show
 * it; its header has the cursor role); true when the key was one.
 * output_table_sort cycles the sort of the cursor's column (ascending,
 * descending, none); output_table_select toggles the cursor row (false
 * when the table allows no selection) and appends the selected rows as
 * JSON.
 */
bool output_table_key(struct output *, size_t i, int key);
bool output_table_sort(struct output *, size_t i);
bool output_table_select(struct output *, size_t i, struct buf *json);
/* The name of the column cursor's column ("" none); borrowed. */
const char *output_table_column(struct output *, size_t i);
/* A window the table needs from the kernel (TABLE_WINDOW). */
struct output_table_want {
	const char *table;	/* table_id; borrowed */
	size_t offset, limit;
	size_t col_offset, col_limit;
	const char *sort_column;	/* NULL: the table's order; borrowed */
	bool descending;
};
/* True, with *want filled, when table element i shows rows or columns
 * not held and no request for them is waiting. */
bool output_table_want(struct output *, size_t i,
    struct output_table_want *want);
/* A request was sent for element i's table; its answer is awaited. */
void output_table_asked(struct output *, size_t i);
/* The kernel's answer for table_id: the new window (JSON), or error
 * (json NULL). Returns true when a table here took it. */
bool output_table_answer(struct output *, const char *table_id,
    const char *json, size_t len);

bool output_is_empty(const struct output *);
/* Does it hold a rich item (a widget, Markdown, a table, an image)? */
bool output_is_rich(const struct output *);
/* Changes with every edit, for caches. */
unsigned long output_version(const struct output *);
/* Lines of all items, in order, with the role to draw each in. */
size_t output_nlines(struct output *);
const struct sanitize_line *output_line(struct output *, size_t idx,
    enum draw_role *role);
/*
 * Line idx with what it takes to draw it: the line's role; for a rich
 * line the draw role of each run (NULL otherwise: every run in the
 * line's role), and columns [hl_col, hl_col + hl_width) to draw in the
 * focus role (hl_width 0: none). A rich line is never wider than the
 * look's width.
 */
struct output_line_info {
	enum draw_role role;
	const uint8_t *run_roles;	/* enum draw_role per run; borrowed */
	size_t hl_col, hl_width;
	bool rich;
};
const struct sanitize_line *output_line_info(struct output *, size_t idx,
    struct output_line_info *);
/*
 * Line idx is the first line of an image drawn as a picture as well
 * (the look's graphics): the sequence drawing it over its symbols, the
 * rows (lines from idx on) and columns of those symbols, and an id that
 * changes with the sequence. The sequence is borrowed until the output
 * changes; it is libchafa's, from decoded pixels, for tui/draw.c only.
 */
struct output_graphics {
	const char *seq;
	size_t len;
	size_t rows, cols;
	uint64_t id;
};
bool output_line_graphics(struct output *, size_t idx,
    struct output_graphics *);

/* Escape sequences shown as text rather than done; bytes dropped. */
size_t output_nshown(const struct output *);
size_t output_ndropped(const struct output *);
/* The plain text of all lines (for copy), appended to out. */
struct buf;
void output_text(struct output *, struct buf *out);

/* :inspect. The items; item i's kind and the bytes fed to its sanitiser
 * (as the kernel sent them, within the limit; NULL past the end); and a
 * fresh sanitiser over those bytes that recorded the sequences it found
 * (sanitize_seqs(); the caller frees it; NULL past the end). */
struct sanitize;
size_t output_nitems(const struct output *);
const char *output_item_bytes(const struct output *, size_t i,
    enum output_kind *, size_t *len);
struct sanitize *output_item_inspect(const struct output *, size_t i);

#endif
