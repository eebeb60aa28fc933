/*
 * imgrender.h: PNG and JPEG images as terminal cells. An image is
 * decoded once (libpng, libjpeg) into RGBA pixels, within the limits of
 * spec security.md 7.2.6 (4,096 x 4,096 pixels and 64 MiB decoded; a
 * larger image is kept as its size only and shows a placeholder), then
 * rendered as often as the pane changes size, by libchafa:
 *
 * - as symbols (Unicode blocks, braille or ASCII, coloured per cell in
 *   truecolour, 256, 16 or 8 colours, or shapes only), which work in
 *   every terminal and through tmux, as styled lines like any other
 *   rendered output;
 * - or as sixel or kitty graphics: escape sequences libchafa generates
 *   from the decoded pixels, for an editor that knows its terminal
 *   takes them (never through tmux, which would need passthrough).
 */
#ifndef QUIRE_IMGRENDER_H
#define QUIRE_IMGRENDER_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct imgrender;
struct richtext;

#define IMGRENDER_MAX_SIDE 4096
#define IMGRENDER_MAX_BYTES (64u << 20)
/* Cells a render may fill at most, either way. */
#define IMGRENDER_MAX_CELLS 1000

/*
 * Decode len bytes of PNG or JPEG (told apart by their signature, not by
 * a MIME type). Returns 0 and the image in *out (free with
 * imgrender_free); an image beyond the limits is not decoded, only
 * measured (imgrender_is_shown says false). Returns -1 with err_last()
 * set for bytes that are neither, or a broken image.
 */
int imgrender_load(struct imgrender **out, const void *p, size_t len);
void imgrender_free(struct imgrender *);	/* NULL is a no-op */

/* Pixel size, and whether it is within the limits (decoded). */
void imgrender_size(const struct imgrender *, size_t *width,
    size_t *height);
bool imgrender_is_shown(const struct imgrender *);
/* "PNG" or "JPEG". */
const char *imgrender_format_name(const struct imgrender *);

enum imgrender_symbols {
	IMGRENDER_BLOCKS,	/* block elements and box pieces */
	IMGRENDER_BRAILLE,	/* braille dots: finer shapes */
	IMGRENDER_ASCII		/* letters and punctuation only */
};

enum imgrender_mode {
	IMGRENDER_SYMBOLS,
	IMGRENDER_SIXEL,
	IMGRENDER_KITTY
};

struct imgrender_options {
	size_t cols, rows;	/* the box, in cells; 0: 80 x 24 */
	int ncolors;		/* 0 (shapes only), 8, 16, 256 or
				   RICHTEXT_TRUECOLOR */
	enum imgrender_symbols symbols;
	size_t cell_width;	/* pixels of a cell; 0: 10 x 20 */
	size_t cell_height;
	bool zoom;		/* grow an image smaller than the box to
				   fill it (else it keeps its own size) */
	bool ascii;		/* the placeholder in ASCII */
};

/*
 * The cells the image takes in the box: as large as its own size at the
 * cell size allows (or the whole box with zoom), never larger than the
 * box, keeping its aspect ratio; at least 1 x 1. A placeholder takes
 * one row.
 */
void imgrender_fit(const struct imgrender *, const struct imgrender_options *,
    size_t *cols, size_t *rows);

/*
 * Append the image as lines of symbols (imgrender_fit's size), each
 * cell a code point in the image role with its colours in the style;
 * an image beyond the limits as the line "[image W×H not shown]".
 */
void imgrender_render(struct richtext *out, const struct imgrender *,
    const struct imgrender_options *);

/*
 * Append the escape sequence that draws the image in sixel or kitty
 * mode into out, for the cells imgrender_fit gives (*cols, *rows).
 * Returns -1 with err_last() set for IMGRENDER_SYMBOLS or an image
 * that is not shown.
 */
int imgrender_render_graphics(struct buf *out, const struct imgrender *,
    const struct imgrender_options *, enum imgrender_mode, size_t *cols,
    size_t *rows);

/* Append a one-line description: "[image 640×480 PNG]", or the
 * placeholder for one beyond the limits. */
void imgrender_describe(struct buf *out, const struct imgrender *,
    bool ascii);

#endif
