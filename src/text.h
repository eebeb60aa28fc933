/*
 * text.h: an editable text with undo and redo, for the cell editor. The
 * bytes stay contiguous (cells are small; a memmove per keystroke costs
 * less than the bookkeeping of a piece chain), positions are byte
 * offsets, and lines are found through an index rebuilt lazily after an
 * edit. Edits are grouped into undo steps by text_snapshot(): the editor
 * closes a group when the user pauses, moves the cursor or leaves.
 */
#ifndef QUIRE_TEXT_H
#define QUIRE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct text;

#define TEXT_EPOS ((size_t)-1)	/* "no position" */

struct text *text_new(const char *s, size_t len);
void text_free(struct text *);	/* NULL is a no-op */

/* The whole text, NUL-terminated; borrowed until the next edit. */
const char *text_bytes(const struct text *, size_t *len);
size_t text_len(const struct text *);

/* Insert n bytes of s at pos (clamped to the end). */
void text_insert(struct text *, size_t pos, const char *s, size_t n);
/* Delete n bytes at pos (clamped). */
void text_delete(struct text *, size_t pos, size_t n);
/* Replace everything (one undo step). */
void text_set(struct text *, const char *s, size_t len);

/* Close the current undo group: the next edit starts a new step. */
void text_snapshot(struct text *);
/* Undo / redo one step; *cursor (may be NULL) gets where the change
 * was. False when there is nothing to undo / redo. */
bool text_undo(struct text *, size_t *cursor);
bool text_redo(struct text *, size_t *cursor);

/* Has the text changed since text_new or the last text_mark_clean? */
bool text_is_modified(const struct text *);
void text_mark_clean(struct text *);

/* Lines: 0-based; a text of n line breaks has n + 1 lines. */
size_t text_nlines(struct text *);
/* Byte offset where line starts / ends (before its '\n'). */
size_t text_line_start(struct text *, size_t line);
size_t text_line_end(struct text *, size_t line);
/* The line holding pos. */
size_t text_line_of(struct text *, size_t pos);

#endif
