/*
 * mdrender.h: Markdown (GitHub Flavored, as cmark-gfm reads it) to
 * styled lines at a width: headings, emphasis, inline code, lists
 * (nested, ordered, task lists), block quotes, code blocks (Python
 * highlighted by quire's tokenizer), tables fitted to the width,
 * thematic breaks, links shown as their text with the target kept as an
 * anchor (never as an OSC 8 sequence), and inline and display math
 * shown as their TeX source. Every piece of text goes through the
 * sanitiser before it becomes part of a line.
 *
 * A live widget sits in Markdown as an inline element
 *
 *	<quire-widget id="ID">fallback text</quire-widget>
 *
 * (doc/rich-outputs.md): the fallback text, or what widget_text gives
 * for the id, is drawn in the widget role and recorded as a widget
 * anchor, so the editor can draw the widget there.
 */
#ifndef QUIRE_MDRENDER_H
#define QUIRE_MDRENDER_H

#include <stdbool.h>
#include <stddef.h>

struct richtext;

/* Markdown longer than this is cut (spec security.md 7.2.6). */
#define MDRENDER_MAX_LEN (4u << 20)
/* Rows one paragraph line or code line may take when wrapped. */
#define MDRENDER_MAX_ROWS 256

enum mdrender_links {
	MDRENDER_LINKS_TEXT,		/* the link's text only */
	MDRENDER_LINKS_NUMBERED,	/* its text and "[n]" */
	MDRENDER_LINKS_FOOTNOTES	/* "[n]", and the targets listed at
					   the end (plain text) */
};

/*
 * The current one-line text of widget id (idlen bytes), len bytes, or
 * NULL to keep the fallback text. The text is sanitised like any other.
 */
typedef const char *(*mdrender_widget_cb)(void *ctx, const char *id,
    size_t idlen, size_t *len);

struct mdrender_options {
	size_t width;		/* columns; 0: 80 */
	enum mdrender_links links;
	bool ascii;		/* ASCII bullets, rules and quote bars */
	bool plain;		/* for text without styles: code spans keep
				   their backticks */
	mdrender_widget_cb widget_text;	/* may be NULL */
	void *widget_ctx;
};

/*
 * Render len bytes of Markdown, appending lines, links and anchors to
 * out. Never fails: any bytes are Markdown. Input beyond
 * MDRENDER_MAX_LEN is left out, with a note saying how much.
 */
void mdrender_render(struct richtext *out, const char *md, size_t len,
    const struct mdrender_options *opt);

#endif
