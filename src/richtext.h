/*
 * richtext.h: rendered rich output as styled lines, the one form every
 * renderer of rich output produces (Markdown in mdrender.c, tables in
 * tablerender.c, images in imgrender.c), and the headless rendering of
 * a display bundle for `quire run`.
 *
 * A line is a struct sanitize_line, the sanitiser's own form (text of
 * printable code points, width, runs with a style from the fixed set of
 * attributes), plus a role per run that says what the run is (heading,
 * code, link, table header...), so the editor draws rendered output
 * exactly like any other output and its theme colours it by role. Every
 * string that came from outside quire went through the sanitiser before
 * it became part of a line; code points quire picked (bullets, rules,
 * image symbols) are checked one by one.
 *
 * A rendered block may also hold anchors: where a link's text or a live
 * widget sits (line, columns), with its target, so the editor can show
 * a link's URL on demand (never as an OSC 8 sequence) and draw a widget
 * in the place Markdown kept for it.
 */
#ifndef QUIRE_RICHTEXT_H
#define QUIRE_RICHTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sanitize.h"

struct buf;
struct richtext;

/* What a run of a rendered line is; the editor's theme picks its look. */
enum richtext_role {
	RICHTEXT_TEXT,		/* body text */
	RICHTEXT_HEADING,	/* Markdown headings and their underlines */
	RICHTEXT_CODE,		/* inline code, code blocks */
	RICHTEXT_KEYWORD,	/* Python in code blocks, by token class */
	RICHTEXT_BUILTIN,
	RICHTEXT_STRING,
	RICHTEXT_NUMBER,
	RICHTEXT_COMMENT,
	RICHTEXT_OPERATOR,
	RICHTEXT_LINK,		/* link text; the target is an anchor */
	RICHTEXT_MATH,		/* TeX source of inline and display math */
	RICHTEXT_QUOTE,		/* block quote bars */
	RICHTEXT_BULLET,	/* list bullets, numbers and task boxes */
	RICHTEXT_RULE,		/* thematic breaks, table rules */
	RICHTEXT_HEADER,	/* table column headers */
	RICHTEXT_INDEX,		/* table index columns */
	RICHTEXT_NULL,		/* None and NaN in a table */
	RICHTEXT_DIM,		/* footers, notes, placeholders */
	RICHTEXT_SELECTED,	/* selected table rows */
	RICHTEXT_CURSOR,	/* the table row under the cursor */
	RICHTEXT_WIDGET,	/* where a live widget goes */
	RICHTEXT_IMAGE,		/* image cells: the colours are the style's */
	RICHTEXT_MARKER,	/* the sanitiser's markers ("not text") */
	RICHTEXT_NROLES
};

/* The theme-style name of a role ("heading", "table.header"). */
const char *richtext_role_name(enum richtext_role);

/*
 * One styled line. line.runs[i] has role roles[i]; runs never overlap
 * and cover the text. A run with SANITIZE_MARKER in its flags always
 * has role RICHTEXT_MARKER. line.src_off of each run is 0: rendered
 * output has no single source offset.
 */
struct richtext_line {
	struct sanitize_line line;
	uint8_t *roles;		/* one per run */
};

void richtext_line_init(struct richtext_line *);
void richtext_line_release(struct richtext_line *);
void richtext_line_reset(struct richtext_line *);	/* empty, keep memory */

/*
 * Sanitise len bytes of p in context ctx (no SGR) and append the result
 * in role with the style flags (SANITIZE_BOLD...). Line breaks that the
 * context keeps (TEXT, CODE) become one space each: a line is one line.
 * Markers get the marker role.
 */
void richtext_line_add(struct richtext_line *, enum sanitize_context ctx,
    const char *p, size_t len, enum richtext_role role, uint8_t flags);
/*
 * Append one code point that quire chose (a bullet, a rule, an image
 * symbol) in role and style (NULL: plain). A code point that is not
 * printable with a width of 1 or 2 is appended as a "?" marker instead.
 */
void richtext_line_add_cp(struct richtext_line *, uint32_t cp,
    enum richtext_role role, const struct sanitize_style *style);
/* Append n spaces in role, unstyled. */
void richtext_line_pad(struct richtext_line *, size_t n,
    enum richtext_role role);
/* Append bytes [off, off + len) of src (whole code points) with their
 * runs, styles and roles. */
void richtext_line_append(struct richtext_line *dst,
    const struct richtext_line *src, size_t off, size_t len);
/*
 * Append at most ncols columns of src. When src is wider, it is cut so
 * that "…" (in the marker role when marker is true, else in src's last
 * role) fills the last column; a wide character is never split. Returns
 * the columns appended (at most ncols; less when src is narrower).
 */
size_t richtext_line_append_cut(struct richtext_line *dst,
    const struct richtext_line *src, size_t ncols, bool marker);
/* Give runs from index first on (markers excepted) the role. */
void richtext_line_set_role(struct richtext_line *, size_t first,
    enum richtext_role role);
/* The byte offset of the first code point starting at or after column
 * col of l (l's length when col is past its width). */
size_t richtext_line_col_off(const struct richtext_line *l, size_t col);

/*
 * A rendered block: lines, plus links and widgets with their anchors.
 */
struct richtext *richtext_new(void);
void richtext_free(struct richtext *);	/* NULL is a no-op */
void richtext_clear(struct richtext *);	/* no lines, links or widgets */

size_t richtext_nlines(const struct richtext *);
/* Line i (< richtext_nlines); borrowed until the block changes. */
const struct richtext_line *richtext_line(const struct richtext *, size_t i);
/* Columns of the widest line. */
size_t richtext_width(const struct richtext *);

/* Start a new, empty last line and return it for appending; borrowed
 * until the next line is added. */
struct richtext_line *richtext_add_line(struct richtext *);
/* The last line (a new one when there is none). */
struct richtext_line *richtext_last_line(struct richtext *);
/*
 * Sanitise len bytes of p in ctx and append them to the last line in
 * role and flags; each line break the context keeps (TEXT, CODE) starts
 * a new line.
 */
void richtext_add(struct richtext *, enum sanitize_context ctx,
    const char *p, size_t len, enum richtext_role role, uint8_t flags);
/* richtext_add of terminal text (text/plain, tracebacks: security.md
 * 7.2), in TEXT context with its SGR colours kept as styles. */
void richtext_add_terminal(struct richtext *, const char *p, size_t len);
/* Append a copy of every line, link, widget and anchor of src. */
void richtext_append(struct richtext *dst, const struct richtext *src);

/* Anchors: a link or widget, and where its text is drawn. */
enum richtext_anchor_kind {
	RICHTEXT_ANCHOR_LINK,
	RICHTEXT_ANCHOR_WIDGET
};

/* Where (part of) an anchor's text is: one span per line it covers. */
struct richtext_span {
	enum richtext_anchor_kind kind;
	size_t index;		/* of the link or widget */
	size_t line;
	size_t col, width;	/* columns on that line */
};

/* Record a link target (URL) or widget id, raw bytes as the source had
 * them (sanitise as a FIELD to show them); returns its index. */
size_t richtext_anchor_add(struct richtext *, enum richtext_anchor_kind,
    const char *target, size_t len);
void richtext_span_add(struct richtext *, enum richtext_anchor_kind,
    size_t index, size_t line, size_t col, size_t width);

/* Links, numbered from 0 (shown as [1], [2]...); widgets likewise. */
size_t richtext_nanchors(const struct richtext *,
    enum richtext_anchor_kind);
/* The target of anchor i; borrowed; *len its length (may be NULL). */
const char *richtext_anchor(const struct richtext *,
    enum richtext_anchor_kind, size_t i, size_t *len);
size_t richtext_nspans(const struct richtext *);
const struct richtext_span *richtext_span(const struct richtext *, size_t i);
/* The span covering column col of line, or NULL. */
const struct richtext_span *richtext_span_at(const struct richtext *,
    size_t line, size_t col);

/*
 * Writers. plain: the text of every line, trailing spaces dropped, each
 * line ending in '\n' (markers in their ASCII spelling). ansi: the same
 * with SGR sequences generated from the styles and roles (never copied
 * from any input), for a terminal: ncolors is 0 (attributes only), 8,
 * 16, 256, or RICHTEXT_TRUECOLOR; each line ends with a reset.
 */
#define RICHTEXT_TRUECOLOR (1 << 24)
void richtext_format_plain(const struct richtext *, struct buf *out);
void richtext_format_ansi(const struct richtext *, struct buf *out,
    int ncolors);

/*
 * Headless rendering of one display bundle (the representations of one
 * value, richest first, as a DISPLAY message carries them).
 */
struct richtext_mime {
	const char *mime;	/* "text/markdown", "image/png"... */
	const char *data;
	size_t len;
};

#define RICHTEXT_MIME_TABLE "application/vnd.quire.table+json"
#define RICHTEXT_MIME_WIDGET "application/vnd.quire.widget+json"

struct richtext_bundle_options {
	size_t width;		/* columns; 0: 80 */
	bool images;		/* images as symbols (quire run --images),
				   else a one-line description */
	int ncolors;		/* for images as symbols: as in
				   richtext_format_ansi; 0: shapes only */
	size_t image_rows;	/* rows an image may take; 0: 24 */
	size_t table_head;	/* rows shown from a long table's start and */
	size_t table_tail;	/* end; 0 and 0: 10 and 5 */
	bool ascii;		/* only ASCII glyphs (rules, bullets) */
};

/*
 * Render the best representation quire can show as text: a widget as
 * "label: value", Markdown formatted, a table aligned (first and last
 * rows with a count when long), an image as one line naming it (or as
 * symbols), text/plain and text/html as text; anything else as one line
 * naming its type. A representation that cannot be read (bad JSON, a
 * broken image) falls back to the next one. Appends to out; returns the
 * index of the item used, or -1 when nothing could be shown (out then
 * has the one-line fallback).
 */
int richtext_bundle_render(struct richtext *out,
    const struct richtext_mime *items, size_t n,
    const struct richtext_bundle_options *opt);

#endif
