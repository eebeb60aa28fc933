/*
 * sanitize.h: turns untrusted text (kernel output, reprs, tracebacks,
 * names, commit messages, audit fields) into lines that are safe to draw.
 * Rules: spec security.md section 7.2. No byte of the input ever reaches
 * the terminal: the output is new UTF-8 text holding only printable code
 * points (never below U+0020, never U+007F-U+009F), in runs of styles
 * that come from a fixed set of attributes. Escape sequences either
 * change that style (SGR, where allowed), edit the line model (EL and CR
 * in streams), or are shown as visible markers.
 *
 * It works incrementally, so a stream can be fed chunk by chunk as the
 * kernel sends it: a sequence or a UTF-8 character split across chunks
 * is put back together, and only the end of the item cuts it.
 */
#ifndef QUIRE_SANITIZE_H
#define QUIRE_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct sanitize;

enum sanitize_context {
	SANITIZE_STREAM,	/* kernel stdout/stderr: CR and EL edit lines */
	SANITIZE_TEXT,		/* reprs, tracebacks, Markdown as text */
	SANITIZE_CODE,		/* cell source: never SGR */
	SANITIZE_FIELD		/* one-line items: names, subjects, fields */
};

/* Style flags. MARKER is quire's own "this was not text" attribute;
 * SGR can never produce it. */
#define SANITIZE_BOLD		0x01
#define SANITIZE_DIM		0x02
#define SANITIZE_ITALIC		0x04
#define SANITIZE_UNDERLINE	0x08
#define SANITIZE_REVERSE	0x10
#define SANITIZE_MARKER		0x20

/* Colours: SANITIZE_COLOR_DEFAULT, 0-255 palette, or
 * SANITIZE_COLOR_RGB | 0xRRGGBB. Mapping to what the terminal has is
 * the drawing code's job. */
#define SANITIZE_COLOR_DEFAULT (-1)
#define SANITIZE_COLOR_RGB 0x1000000

struct sanitize_style {
	uint8_t flags;
	int32_t fg, bg;
};

/* A run of text in one style; off/len are bytes of the line's text. */
struct sanitize_run {
	size_t off, len;
	struct sanitize_style style;
	size_t src_off;		/* input byte offset where the run began */
};

struct sanitize_line {
	char *text;		/* printable UTF-8, NUL-terminated */
	size_t len;		/* bytes */
	size_t width;		/* columns (tabs already expanded) */
	struct sanitize_run *runs;
	size_t nruns;
	unsigned rewrites;	/* times CR or EL rewrote it (STREAM) */
	size_t text_alloc;	/* internal: bytes allocated for text */
	size_t runs_alloc;	/* internal: runs allocated */
};

struct sanitize_options {
	enum sanitize_context context;
	bool sgr;		/* honour SGR colours (STREAM, or TEXT that is
				   terminal text: text/plain, tracebacks) */
	unsigned tab_width;	/* CODE context; 8 elsewhere. 0 means 8 */
};

/*
 * Classes of code points a terminal may draw at another width than the
 * width table gives (security.md 7.2.4). The editor's start-up width
 * probe measures one character of each; a class the terminal disagrees
 * on is "distrusted" and every code point in it is drawn as a <U+XXXX>
 * marker instead, whose width nobody can get wrong. The bits are those
 * of tui/widthprobe.h's classes (1 << class).
 */
#define SANITIZE_DISTRUST_WIDE		0x01	/* East Asian Wide and
						   Fullwidth, not emoji */
#define SANITIZE_DISTRUST_EMOJI		0x02	/* wide symbols (So):
						   emoji presentation */
#define SANITIZE_DISTRUST_AMBIGUOUS	0x04	/* East Asian Ambiguous,
						   one column here */
#define SANITIZE_DISTRUST_COMBINING	0x08	/* combining marks (Mn,
						   Me) */
#define SANITIZE_DISTRUST_ALL		0x0f

/*
 * The classes every sanitiser made from now on distrusts. The width
 * probe sets them once at start-up, before anything is drawn; they are
 * a fact about the terminal, process-wide like the locale, which is why
 * this is the one setting kept outside struct sanitize_options (every
 * caller would otherwise have to carry it). Default 0: nothing.
 */
void sanitize_default_distrust_set(unsigned classes);
unsigned sanitize_default_distrust(void);

struct sanitize *sanitize_new(const struct sanitize_options *);
void sanitize_free(struct sanitize *);	/* NULL is a no-op */

/* Feed len more bytes of the item. */
void sanitize_feed(struct sanitize *, const char *p, size_t len);
/* The item is complete: cut what is still open (a sequence, a partial
 * UTF-8 character, a CR waiting for its LF). */
void sanitize_finish(struct sanitize *);

/* The lines so far (the last one may still grow); borrowed until the
 * next feed. An empty item has one empty line. */
const struct sanitize_line *sanitize_lines(const struct sanitize *,
    size_t *n);
/* How many escape sequences were shown as text instead of executed. */
size_t sanitize_nshown(const struct sanitize *);

/*
 * The sequences an item held and what was done to each (the :inspect
 * view). Recorded only once sanitize_record_seqs() is called, right
 * after sanitize_new(); borrowed until the next feed.
 */
struct sanitize_seq {
	size_t off;		/* input byte offset of its first byte */
	char *text;		/* the sequence in caret form, printable */
	const char *fate;	/* "shown as text", "style applied (SGR)",
				   "erased the line (EL)" */
};
void sanitize_record_seqs(struct sanitize *);

/* Distrust these classes (SANITIZE_DISTRUST_*) in this item instead of
 * the default; call right after sanitize_new(). */
void sanitize_distrust_set(struct sanitize *, unsigned classes);
const struct sanitize_seq *sanitize_seqs(const struct sanitize *,
    size_t *n);

/*
 * One-shot helper for FIELD and TEXT items: sanitise len bytes of p and
 * append the plain text of all lines, joined by '\n', to out (markers in
 * their ASCII spelling). Styles are dropped.
 */
void sanitize_to_buf(struct buf *out, enum sanitize_context,
    const char *p, size_t len);

#endif
