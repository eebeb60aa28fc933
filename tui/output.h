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

#include "draw.h"

struct output;
struct sanitize_line;

enum output_kind {
	OUTPUT_STDOUT,
	OUTPUT_STDERR,
	OUTPUT_VALUE,		/* a displayed value (text/plain) */
	OUTPUT_MARKDOWN,	/* text/markdown, drawn simply */
	OUTPUT_TRACEBACK,
	OUTPUT_NOTE		/* quire's own remark (error, placeholder) */
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

bool output_is_empty(const struct output *);
/* Changes with every edit, for caches. */
unsigned long output_version(const struct output *);
/* Lines of all items, in order, with the role to draw each in. */
size_t output_nlines(struct output *);
const struct sanitize_line *output_line(struct output *, size_t idx,
    enum draw_role *role);
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
