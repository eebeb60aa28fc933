/*
 * outfocus.h: the keyboard inside a cell's output. `:output` (Tab or
 * C-o between cells) moves the keys into the focused cell's output:
 * Tab and Shift-Tab step between its widgets, tables and links, arrows,
 * Enter, Space and typing change the focused widget, Esc leaves. Each
 * change goes to the kernel as SET_WIDGET (at most one in flight per
 * element; the latest value follows when the answer comes), and the
 * answer redraws the element; tables scroll, sort and select and ask
 * the kernel for the rows they lack. In `quire view` Tab walks the
 * widgets of the whole notebook.
 */
#ifndef QUIRE_TUI_OUTFOCUS_H
#define QUIRE_TUI_OUTFOCUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct editor;
struct keys_event;
struct outfocus;
struct run_event;

void outfocus_free(struct editor *);

/* Move the keys into the focused cell's output (in view mode: the
 * first cell from the focus on that has elements). 0, or -1 with a
 * message shown when there is nothing to focus. */
int outfocus_enter(struct editor *);
/* Give the keys back to the cells (a text field sends what was typed). */
void outfocus_leave(struct editor *);
bool outfocus_active(const struct editor *);
/* The cell whose output has the keys, or 0. */
uint32_t outfocus_cell(const struct editor *);

/* A key while the output has the keys; false when it is not one for
 * the output (it then goes to the keymap: C-s, C-q...). */
bool outfocus_key(struct editor *, const struct keys_event *);

/* Run events: widget and table answers; a cell that starts again. */
void outfocus_on_run(struct editor *, const struct run_event *);

/* Before a frame: the focus follows outputs that changed, refresh
 * elements tick, tables ask for their rows. */
void outfocus_before_draw(struct editor *);

/* The bottom bar's text while the output has the keys. */
void outfocus_hints(struct editor *, struct buf *out);

/* How many elements have a record (a request in flight or waiting, a
 * refresh element's pace): bounded by those, not by the reruns. */
size_t outfocus_npend(const struct editor *);

#endif
