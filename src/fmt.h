/*
 * fmt.h: notebook file formats. Reads marimo .py, py:percent, .ipynb
 * (nbformat 4) and plain scripts into the notebook model, and writes the
 * model back out. The marimo writer regenerates the whole file from the
 * model as marimo's code generator does (spec notebook-format.md section
 * 4), so a file marimo wrote reads and writes back byte for byte.
 *
 * Readers never fail on Python they cannot parse (that becomes an
 * unparsable cell or a diagnostic on the notebook); they fail (-1, with
 * err_last() naming file and line) only on input that is not a notebook
 * of the format at all, or not text.
 */
#ifndef QUIRE_FMT_H
#define QUIRE_FMT_H

#include <stddef.h>

struct ana;
struct buf;
struct nb;

enum fmt_kind {
	FMT_UNKNOWN,
	FMT_MARIMO,		/* marimo .py */
	FMT_PERCENT,		/* jupytext py:percent .py */
	FMT_IPYNB,		/* Jupyter nbformat 4 */
	FMT_SCRIPT		/* plain Python script (export only, or import
				   of a .py that is neither of the above) */
};

/* The version written into new notebooks' __generated_with. */
#define FMT_MARIMO_VERSION "0.24.0"

/* "marimo", "percent", "ipynb", "script"; and back (FMT_UNKNOWN). */
const char *fmt_kind_name(enum fmt_kind);
enum fmt_kind fmt_kind_parse(const char *);

/* Guess from the path's suffix, and for .py from the text when given
 * (text may be NULL): marimo if it imports marimo and builds an App,
 * percent if it has "# %%" lines, else script. */
enum fmt_kind fmt_guess(const char *path, const char *text, size_t len);

/*
 * Parse text as kind (FMT_UNKNOWN: guess from path and text) into a new
 * notebook (*out, caller frees with nb_free). path names the file in
 * messages. Returns 0, or -1 with err_last() set.
 */
int fmt_parse(struct nb **out, enum fmt_kind kind, const char *path,
    const char *text, size_t len, struct ana *);

/* Read the file at path and parse it; 0 or -1 (err_last()). */
int fmt_load(struct nb **out, enum fmt_kind kind, const char *path,
    struct ana *);

/* Append the notebook in format kind to out. 0, or -1 (err_last()), e.g.
 * a notebook with async cells cannot be a script. */
int fmt_format(struct buf *out, struct nb *, enum fmt_kind kind,
    struct ana *);

/*
 * Write the notebook to path atomically: a temporary file in the same
 * directory, fsync, rename over the target, keeping the target's mode.
 * 0, or -1 (err_last()) with the target untouched.
 */
int fmt_save(struct nb *, enum fmt_kind kind, const char *path,
    struct ana *);

/* Write bytes to path atomically, as fmt_save does. */
int fmt_write_atomic(const char *path, const char *data, size_t len);

/* marimo's fixed_dedent (spec 3.6) of len bytes of text, appended to out. */
void fmt_fixed_dedent(struct buf *out, const char *text, size_t len);

#endif
