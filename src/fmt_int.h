/*
 * fmt_int.h: what the format modules share and nobody else sees.
 * fmt.c dispatches to one reader/writer pair per format.
 */
#ifndef QUIRE_FMT_INT_H
#define QUIRE_FMT_INT_H

#include <stdbool.h>
#include <stddef.h>

struct ana;
struct buf;
struct nb;
struct pytok;

/* fmt_marimo.c */
int fmt_marimo_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *);
int fmt_marimo_format(struct buf *out, struct nb *, struct ana *);
/* Does text look like a marimo notebook (imports marimo, has an App)? */
bool fmt_marimo_detect(const char *text, size_t len);

/* fmt_percent.c: py:percent in and out, and plain scripts. */
int fmt_percent_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *);
int fmt_percent_format(struct buf *out, struct nb *, struct ana *);
int fmt_script_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *);
/* marimo's "export script" shape (spec 7.4). */
int fmt_script_format(struct buf *out, struct nb *, struct ana *);
bool fmt_percent_detect(const char *text, size_t len);

/* fmt_ipynb.c: nbformat 4 in and out. */
int fmt_ipynb_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *);
int fmt_ipynb_format(struct buf *out, struct nb *, struct ana *);

/* The code of a markdown cell made from markdown text (spec 7.1). */
void fmt_markdown_cell_code(struct buf *out, const char *md, size_t len,
    const char *prefix);

/* fmt.c: Python's view of text, shared by the readers. */
/* Bytes of the character at p if Python's str.isspace() holds, else 0. */
size_t fmt_py_space(const char *p, size_t len);
/* Would Python's tokenize module raise on this text, given pytok's
 * tokens of it (unterminated multi-line string, unbalanced brackets or a
 * continuation at the end, an inconsistent dedent)? */
bool fmt_py_tok_raises(const char *text, size_t len, const struct pytok *,
    size_t n);

#endif
