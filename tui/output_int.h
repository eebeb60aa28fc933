/*
 * output_int.h: private to tui/output.c and tui/output_rich.c. A rich
 * item (struct output_rich) is one displayed value kept in its parsed
 * form and rendered into styled lines (struct richtext) at a look; the
 * item list in output.c asks it for lines, elements and table windows.
 */
#ifndef QUIRE_TUI_OUTPUT_INT_H
#define QUIRE_TUI_OUTPUT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"

struct richtext;
struct output_rich;

/* The rich item for a bundle, or NULL when nothing in it is richer
 * than text (or nothing rich could be read). */
struct output_rich *output_rich_new(const struct output_mime *, size_t n);
void output_rich_free(struct output_rich *);	/* NULL is a no-op */
/* The representation used ("text/markdown"); borrowed. */
const char *output_rich_mime(const struct output_rich *);

/* Render again at the next output_rich_text. */
void output_rich_invalidate(struct output_rich *);
/* The lines at look, focus the element of this item that has the keys
 * (NULL: none); rendered only when something changed. Borrowed. */
const struct richtext *output_rich_text(struct output_rich *,
    const struct output_look *, const struct output_elem *focus);
/* Line of the item's lines (as last rendered) that starts a picture:
 * true with *g filled. */
bool output_rich_graphics(struct output_rich *, size_t line,
    struct output_graphics *g);
/* The draw role of a run role of this item's lines. */
enum draw_role output_rich_role(const struct output_rich *, uint8_t role);

/* Append the item's elements (item is its index) to *v. */
void output_rich_elems(struct output_rich *, size_t item,
    struct output_elem **v, size_t *n, size_t *alloc);
/* Where element e is drawn on line (columns), for the focus mark;
 * false when it is not on that line or marks itself. */
bool output_rich_elem_span(struct output_rich *, const struct output_elem *,
    size_t line, size_t *col, size_t *width);
/* The first line of element e. */
size_t output_rich_elem_line(struct output_rich *, const struct output_elem *);
const char *output_rich_link(struct output_rich *, size_t link, size_t *len);

void output_rich_widgets_each(struct output_rich *, const char *id,
    void (*fn)(struct widget *, void *), void *arg);
void output_rich_refresh_each(struct output_rich *,
    void (*fn)(struct widget *, void *), void *arg);

bool output_rich_table_key(struct output_rich *, int key);
bool output_rich_table_sort(struct output_rich *);
bool output_rich_table_select(struct output_rich *, struct buf *json);
void output_rich_table_sync(struct output_rich *, const char *id);
const char *output_rich_table_column(struct output_rich *);
bool output_rich_table_want(struct output_rich *,
    struct output_table_want *);
void output_rich_table_asked(struct output_rich *);
bool output_rich_table_answer(struct output_rich *, const char *table_id,
    const char *json, size_t len);

#endif
