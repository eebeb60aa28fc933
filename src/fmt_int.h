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

/* fmt_marimo.c */
int fmt_marimo_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *);
int fmt_marimo_format(struct buf *out, struct nb *, struct ana *);
/* Does text look like a marimo notebook (imports marimo, has an App)? */
bool fmt_marimo_detect(const char *text, size_t len);
/* Would the fast path (the generated form, read from its tokens) take
 * text? A read takes it when an analyzer is at hand and every cell then
 * parses. For tests. */
bool fmt_marimo_fast_accepts(const char *text, size_t len);

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

/* fmt.c: bytes of the character at p if Python's str.isspace() holds
 * for it, else 0 (the readers strip text as Python does). */
size_t fmt_py_space(const char *p, size_t len);

#endif
