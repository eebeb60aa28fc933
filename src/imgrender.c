/*
 * imgrender.c: images to terminal cells. Owns decoding (PNG with
 * libpng's simplified API, JPEG with libjpeg), the size limits, the fit
 * of an image into a box of cells, and the calls into libchafa that turn
 * pixels into symbols or into sixel and kitty sequences. Where and when
 * to draw, and whether the terminal takes graphics, is the editor's.
 *
 * The idea to hold first: the size in the image's header is checked
 * against the limits before a single pixel is decoded or a byte
 * allocated for them, so a small file that claims a huge image costs
 * nothing; and what reaches a line is only what libchafa made from
 * pixels, each code point checked again on its way in.
 */
#include "config.h"
#include "imgrender.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <chafa.h>
#include <jpeglib.h>
#include <png.h>

#include "buf.h"
#include "err.h"
#include "richtext.h"
#include "xmalloc.h"

enum imgrender_format {
	IMGRENDER_PNG,
	IMGRENDER_JPEG
};

#define IMGRENDER_MIN_CELL_HEIGHT 6

struct imgrender {
	enum imgrender_format format;
	size_t width, height;	/* pixels */
	unsigned char *pixels;	/* RGBA, unassociated; NULL: not shown */
};

static bool
imgrender_within_limits(size_t w, size_t h)
{
	return w > 0 && h > 0 && w <= IMGRENDER_MAX_SIDE &&
	    h <= IMGRENDER_MAX_SIDE && w * h <= IMGRENDER_MAX_BYTES / 4;
}

static int
imgrender_load_png(struct imgrender *img, const void *p, size_t len)
{
	png_image pi;

	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&pi, p, len)) {
		err_set("image: PNG: %s", pi.message);
		png_image_free(&pi);
		return -1;
	}
	img->width = pi.width;
	img->height = pi.height;
	if (!imgrender_within_limits(img->width, img->height)) {
		png_image_free(&pi);
		return 0;
	}
	pi.format = PNG_FORMAT_RGBA;
	img->pixels = xmalloc(PNG_IMAGE_SIZE(pi));
	if (!png_image_finish_read(&pi, NULL, img->pixels, 0, NULL)) {
		err_set("image: PNG: %s", pi.message);
		png_image_free(&pi);
		free(img->pixels);
		img->pixels = NULL;
		return -1;
	}
	png_image_free(&pi);
	return 0;
}

struct imgrender_jpeg_err {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
};

static void
imgrender_jpeg_fail(j_common_ptr c)
{
	struct imgrender_jpeg_err *e = (struct imgrender_jpeg_err *)c->err;

	(*c->err->format_message)(c, e->msg);
	longjmp(e->jb, 1);
}

/* libjpeg would print warnings on stderr; src/ never prints. */
static void
imgrender_jpeg_quiet(j_common_ptr c)
{
	(void)c;
}

static int
imgrender_load_jpeg(struct imgrender *img, const void *p, size_t len)
{
	struct jpeg_decompress_struct ci;
	struct imgrender_jpeg_err e;
	unsigned char *volatile pixels = NULL;
	JSAMPROW row;
	size_t stride;

	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = imgrender_jpeg_fail;
	e.mgr.output_message = imgrender_jpeg_quiet;
	e.msg[0] = '\0';
	if (setjmp(e.jb)) {
		jpeg_destroy_decompress(&ci);
		free(pixels);
		err_set("image: JPEG: %s", e.msg);
		return -1;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, (const unsigned char *)p, (unsigned long)len);
	(void)jpeg_read_header(&ci, TRUE);
	img->width = ci.image_width;
	img->height = ci.image_height;
	if (!imgrender_within_limits(img->width, img->height)) {
		jpeg_destroy_decompress(&ci);
		return 0;
	}
	ci.out_color_space = JCS_EXT_RGBA;
	(void)jpeg_start_decompress(&ci);
	if (ci.output_width != img->width ||
	    ci.output_height != img->height || ci.output_components != 4) {
		jpeg_destroy_decompress(&ci);
		err_set("image: JPEG: unexpected output geometry");
		return -1;
	}
	stride = img->width * 4;
	pixels = xmalloc(stride * img->height);
	while (ci.output_scanline < ci.output_height) {
		row = pixels + (size_t)ci.output_scanline * stride;
		if (jpeg_read_scanlines(&ci, &row, 1) != 1)
			break;
	}
	if (ci.output_scanline < ci.output_height)
		jpeg_abort_decompress(&ci);
	else
		(void)jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	img->pixels = pixels;
	return 0;
}

int
imgrender_load(struct imgrender **out, const void *p, size_t len)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r',
		'\n', 0x1a, '\n' };
	const unsigned char *b = p;
	struct imgrender *img;
	int rc;

	*out = NULL;
	img = xcalloc(1, sizeof *img);
	if (len >= 8 && memcmp(b, png_sig, 8) == 0) {
		img->format = IMGRENDER_PNG;
		rc = imgrender_load_png(img, p, len);
	} else if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
		img->format = IMGRENDER_JPEG;
		rc = imgrender_load_jpeg(img, p, len);
	} else {
		err_set("image: neither PNG nor JPEG");
		rc = -1;
	}
	if (rc < 0) {
		imgrender_free(img);
		return -1;
	}
	*out = img;
	return 0;
}

void
imgrender_free(struct imgrender *img)
{
	if (img == NULL)
		return;
	free(img->pixels);
	free(img);
}

void
imgrender_size(const struct imgrender *img, size_t *width, size_t *height)
{
	*width = img->width;
	*height = img->height;
}

bool
imgrender_is_shown(const struct imgrender *img)
{
	return img->pixels != NULL;
}

const char *
imgrender_format_name(const struct imgrender *img)
{
	return img->format == IMGRENDER_PNG ? "PNG" : "JPEG";
}

/*
 * Sizing.
 */

static void
imgrender_box(const struct imgrender_options *o, size_t *cols, size_t *rows,
    size_t *cw, size_t *ch)
{
	*cols = o->cols ? o->cols : 80;
	*rows = o->rows ? o->rows : 24;
	if (*cols > IMGRENDER_MAX_CELLS)
		*cols = IMGRENDER_MAX_CELLS;
	if (*rows > IMGRENDER_MAX_CELLS)
		*rows = IMGRENDER_MAX_CELLS;
	*cw = o->cell_width ? o->cell_width : 10;
	*ch = o->cell_height ? o->cell_height : 20;
	/* A sixel band is 6 pixels high: libchafa divides by the bands of
	 * a canvas, so a cell lower than that (a size the terminal
	 * reported) would leave none. No real font is smaller. */
	if (*ch < IMGRENDER_MIN_CELL_HEIGHT)
		*ch = IMGRENDER_MIN_CELL_HEIGHT;
}

void
imgrender_fit(const struct imgrender *img, const struct imgrender_options *o,
    size_t *cols, size_t *rows)
{
	size_t bc, br, cw, ch, c, r;
	double aspect;

	if (!imgrender_is_shown(img)) {
		*cols = 0;
		*rows = 1;
		return;
	}
	imgrender_box(o, &bc, &br, &cw, &ch);
	if (!o->zoom) {
		/* Its own size in cells, when that is smaller. */
		c = (img->width + cw - 1) / cw;
		r = (img->height + ch - 1) / ch;
		if (c < bc)
			bc = c;
		if (r < br)
			br = r;
	}
	/* Columns per row that keep the picture's proportions. */
	aspect = ((double)img->width / (double)cw) /
	    ((double)img->height / (double)ch);
	c = bc;
	r = (size_t)((double)c / aspect + 0.5);
	if (r > br) {
		r = br;
		c = (size_t)((double)r * aspect + 0.5);
	}
	*cols = c < 1 ? 1 : c > bc ? bc : c;
	*rows = r < 1 ? 1 : r > br ? br : r;
}

/*
 * Rendering.
 */

static ChafaCanvasMode
imgrender_canvas_mode(int ncolors)
{
	if (ncolors >= RICHTEXT_TRUECOLOR)
		return CHAFA_CANVAS_MODE_TRUECOLOR;
	if (ncolors >= 256)
		return CHAFA_CANVAS_MODE_INDEXED_256;
	if (ncolors >= 16)
		return CHAFA_CANVAS_MODE_INDEXED_16;
	if (ncolors >= 8)
		return CHAFA_CANVAS_MODE_INDEXED_8;
	return CHAFA_CANVAS_MODE_FGBG;
}

static ChafaCanvas *
imgrender_canvas(const struct imgrender *img, const struct imgrender_options *o,
    ChafaPixelMode pixel_mode, size_t cols, size_t rows)
{
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	ChafaSymbolMap *map = chafa_symbol_map_new();
	ChafaCanvas *canvas;
	size_t bc, br, cw, ch;

	imgrender_box(o, &bc, &br, &cw, &ch);
	switch (o->symbols) {
	case IMGRENDER_BRAILLE:
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BRAILLE |
		    CHAFA_SYMBOL_TAG_SPACE);
		break;
	case IMGRENDER_ASCII:
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_ASCII);
		break;
	case IMGRENDER_BLOCKS:
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK |
		    CHAFA_SYMBOL_TAG_BORDER | CHAFA_SYMBOL_TAG_SPACE);
		break;
	}
	/* Every symbol one column wide, whatever the terminal thinks of
	 * East Asian Ambiguous characters. */
	chafa_symbol_map_remove_by_tags(map, CHAFA_SYMBOL_TAG_WIDE);
	chafa_canvas_config_set_geometry(cfg, (gint)cols, (gint)rows);
	chafa_canvas_config_set_cell_geometry(cfg, (gint)cw, (gint)ch);
	chafa_canvas_config_set_canvas_mode(cfg,
	    imgrender_canvas_mode(o->ncolors));
	chafa_canvas_config_set_pixel_mode(cfg, pixel_mode);
	chafa_canvas_config_set_symbol_map(cfg, map);
	canvas = chafa_canvas_new(cfg);
	chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED,
	    img->pixels, (gint)img->width, (gint)img->height,
	    (gint)(img->width * 4));
	chafa_symbol_map_unref(map);
	chafa_canvas_config_unref(cfg);
	return canvas;
}

/* A chafa colour as a sanitiser colour. */
static int32_t
imgrender_color(gint c, ChafaCanvasMode mode)
{
	if (c < 0 || mode == CHAFA_CANVAS_MODE_FGBG)
		return SANITIZE_COLOR_DEFAULT;
	if (mode == CHAFA_CANVAS_MODE_TRUECOLOR)
		return SANITIZE_COLOR_RGB | (int32_t)(c & 0xffffff);
	return c < 256 ? (int32_t)c : SANITIZE_COLOR_DEFAULT;
}

static void
imgrender_placeholder(struct richtext *out, const struct imgrender *img,
    bool ascii)
{
	struct buf b = BUF_INIT;

	imgrender_describe(&b, img, ascii);
	richtext_line_add(richtext_add_line(out), SANITIZE_FIELD, b.ptr, b.len,
	    RICHTEXT_DIM, 0);
	buf_release(&b);
}

void
imgrender_render(struct richtext *out, const struct imgrender *img,
    const struct imgrender_options *o)
{
	ChafaCanvasMode mode = imgrender_canvas_mode(o->ncolors);
	ChafaCanvas *canvas;
	size_t cols, rows, x, y;
	gint fg, bg;

	if (!imgrender_is_shown(img)) {
		imgrender_placeholder(out, img, o->ascii);
		return;
	}
	imgrender_fit(img, o, &cols, &rows);
	canvas = imgrender_canvas(img, o, CHAFA_PIXEL_MODE_SYMBOLS, cols,
	    rows);
	for (y = 0; y < rows; y++) {
		struct richtext_line *l = richtext_add_line(out);

		for (x = 0; x < cols; x++) {
			gunichar c = chafa_canvas_get_char_at(canvas, (gint)x,
			    (gint)y);
			struct sanitize_style st;

			if (c == 0)
				continue;	/* right half of a wide one */
			if (mode == CHAFA_CANVAS_MODE_TRUECOLOR)
				chafa_canvas_get_colors_at(canvas, (gint)x,
				    (gint)y, &fg, &bg);
			else
				chafa_canvas_get_raw_colors_at(canvas, (gint)x,
				    (gint)y, &fg, &bg);
			st.flags = 0;
			st.fg = imgrender_color(fg, mode);
			st.bg = imgrender_color(bg, mode);
			richtext_line_add_cp(l, (uint32_t)c, RICHTEXT_IMAGE,
			    &st);
		}
	}
	chafa_canvas_unref(canvas);
}

int
imgrender_render_graphics(struct buf *out, const struct imgrender *img,
    const struct imgrender_options *o, enum imgrender_mode mode,
    size_t *cols, size_t *rows)
{
	ChafaTermDb *db;
	ChafaTermInfo *ti;
	ChafaCanvas *canvas;
	GString *gs;

	if (mode == IMGRENDER_SYMBOLS) {
		err_set("image: symbols are lines, not a sequence");
		return -1;
	}
	if (!imgrender_is_shown(img)) {
		err_set("image: %zu x %zu is beyond the limits", img->width,
		    img->height);
		return -1;
	}
	imgrender_fit(img, o, cols, rows);
	canvas = imgrender_canvas(img, o, mode == IMGRENDER_SIXEL ?
	    CHAFA_PIXEL_MODE_SIXELS : CHAFA_PIXEL_MODE_KITTY, *cols, *rows);
	/* The fallback description knows every sequence chafa can emit;
	 * whether the terminal takes them is the caller's question. */
	db = chafa_term_db_get_default();
	ti = chafa_term_db_get_fallback_info(db);
	gs = chafa_canvas_print(canvas, ti);
	buf_add(out, gs->str, gs->len);
	g_string_free(gs, TRUE);
	chafa_term_info_unref(ti);
	chafa_canvas_unref(canvas);
	return 0;
}

void
imgrender_describe(struct buf *out, const struct imgrender *img, bool ascii)
{
	const char *x = ascii ? "x" : "\xc3\x97";

	if (!imgrender_is_shown(img))
		buf_addf(out, "[image %zu%s%zu not shown]", img->width, x,
		    img->height);
	else
		buf_addf(out, "[image %zu%s%zu %s]", img->width, x,
		    img->height, imgrender_format_name(img));
}
