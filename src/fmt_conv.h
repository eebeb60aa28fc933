/*
 * fmt_conv.h: what fmt_ipynb.c lends fmt_percent.c. marimo converts a
 * py:percent file by turning it into a Jupyter notebook in memory and
 * importing that (spec notebook-format.md 7.4), and so does quire: the
 * percent reader builds nbformat 4 cells as jansson values and hands
 * them to the ipynb importer's pipeline (7.2).
 */
#ifndef QUIRE_FMT_CONV_H
#define QUIRE_FMT_CONV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct ana;
struct buf;
struct nb;

/*
 * Import a parsed nbformat 4 notebook (root is the whole document; only
 * "cells" and "metadata" are read, "nbformat" is the caller's to check).
 * header, when not NULL, is the notebook header to use unless the
 * notebook's metadata.marimo.header says otherwise (py:percent files keep
 * their leading comments there). main_rewrite applies the
 * if __name__ == "__main__": rewrite of 7.4 to every cell. On success *out
 * is a new notebook (caller frees with nb_free); -1 with err_last()
 * naming path and the JSON field when a field has the wrong type.
 */
int fmt_ipynb_import(struct nb **out, const char *path, json_t *root,
    const char *header, bool main_rewrite, struct ana *);

/* Check the types of one cell's metadata (tags, jupyter, marimo); -1
 * with err_last() naming path and field (e.g. "cells[2].metadata"). */
int fmt_ipynb_check_meta(const char *path, json_t *meta, const char *field);

/* Python's repr() of a str, for the code the converters write. */
void fmt_conv_py_repr(struct buf *out, const char *s, size_t len);

/* Append s to out, replacing invalid UTF-8 with U+FFFD (jansson and the
 * JSON it writes want valid UTF-8). */
void fmt_conv_utf8_fix(struct buf *out, const char *s, size_t len);

#endif
