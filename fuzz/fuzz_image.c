/*
 * fuzz_image.c: PNG and JPEG bytes from the kernel (src/imgrender.c,
 * decoded with libpng and libjpeg, drawn by libchafa) on any bytes.
 * libjpeg reports errors by longjmp out of the decoder: under the
 * sanitizers and the leak checker a run shows that path leaks nothing
 * and reads nothing it should not. Beyond "no crash":
 *
 * - bytes that are not an image fail with a message;
 * - an accepted image has a size; one beyond the limits of spec
 *   security.md 7.2.6 is not decoded (the header check refuses it
 *   before a pixel is allocated), one within them is;
 * - it fits every box at least 1 x 1 and never beyond the box;
 * - rendered as symbols into small boxes (1 x 1 to 40 x 12 cells) in
 *   each colour mode, it gives exactly the rows it fits, each no wider
 *   than the box and holding printable code points only;
 * - in sixel or kitty mode it stays in its box;
 * - a one-line description always exists, printable.
 *
 * Byte 0 picks the colour mode, the symbols, zoom and ASCII; byte 1 the
 * box. The rest is the image.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "imgrender.h"
#include "richtext.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char *__lsan_default_suppressions(void);

/*
 * libchafa's worker threads make glib allocate per-thread state once,
 * at a moment that depends on the run (a CI run reported 2,032 bytes
 * from g_malloc0 with no caller, and no input repeats it alone). Blocks
 * glib allocates are not checked for leaks here; quire's own (xmalloc)
 * still are.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libglib-2.0.so\n";
}

static void
fuzz_image_printable(const char *p, size_t len)
{
	size_t off;
	uint32_t cp;
	bool ok;

	for (off = 0; off < len;) {
		off += utf8_next(p + off, len - off, &cp, &ok);
		if (!ok || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			abort();
	}
}

static void
fuzz_image_render(const struct imgrender *img, struct imgrender_options *o)
{
	struct richtext *rt = richtext_new();
	size_t cols, rows, i;

	imgrender_fit(img, o, &cols, &rows);
	if (imgrender_is_shown(img) && (cols < 1 || rows < 1 ||
	    cols > o->cols || rows > o->rows))
		abort();
	imgrender_render(rt, img, o);
	if (imgrender_is_shown(img) && richtext_nlines(rt) != rows)
		abort();
	if (!imgrender_is_shown(img) && richtext_nlines(rt) != 1)
		abort();
	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *l = richtext_line(rt, i);

		fuzz_image_printable(l->line.text, l->line.len);
		if (l->line.width != utf8_str_width(l->line.text, l->line.len))
			abort();
		if (imgrender_is_shown(img) && l->line.width > cols)
			abort();
	}
	richtext_free(rt);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int colors[] = { RICHTEXT_TRUECOLOR, 256, 16, 8, 0 };
	struct imgrender_options o;
	struct imgrender *img;
	struct buf b = BUF_INIT;
	size_t w, h;

	if (size < 2)
		return 0;
	if (imgrender_load(&img, data + 2, size - 2) < 0) {
		if (img != NULL || *err_last() == '\0')
			abort();
		return 0;
	}
	imgrender_size(img, &w, &h);
	if (imgrender_is_shown(img) != (w >= 1 && h >= 1 &&
	    w <= IMGRENDER_MAX_SIDE && h <= IMGRENDER_MAX_SIDE &&
	    w * h * 4 <= IMGRENDER_MAX_BYTES))
		abort();
	if (strcmp(imgrender_format_name(img), "PNG") != 0 &&
	    strcmp(imgrender_format_name(img), "JPEG") != 0)
		abort();

	memset(&o, 0, sizeof o);
	o.ncolors = colors[data[0] % 5];
	o.symbols = (enum imgrender_symbols)(data[0] / 5 % 3);
	o.zoom = (data[0] & 0x40) != 0;
	o.ascii = (data[0] & 0x80) != 0;
	o.cols = 1 + data[1] % 40;
	o.rows = 1 + data[1] / 40 % 12;
	fuzz_image_render(img, &o);
	o.cols = o.rows = 1;
	fuzz_image_render(img, &o);
	o.cols = 40;
	o.rows = 12;
	o.zoom = true;
	o.cell_width = 1 + (data[1] & 7);
	o.cell_height = 1 + (data[1] >> 3 & 15);
	fuzz_image_render(img, &o);

	if (imgrender_is_shown(img) && (data[0] & 0x20)) {
		/* Sixel or kitty, into a small box: the sequence is
		 * libchafa's, from pixels; the cells stay in the box. */
		o.cols = 1 + data[1] % 8;
		o.rows = 1 + data[1] / 8 % 4;
		if (imgrender_render_graphics(&b, img, &o, (data[0] & 0x10) ?
		    IMGRENDER_KITTY : IMGRENDER_SIXEL, &w, &h) == 0 &&
		    (w < 1 || h < 1 || w > o.cols || h > o.rows || b.len == 0))
			abort();
		buf_reset(&b);
	}
	imgrender_describe(&b, img, o.ascii);
	if (b.len == 0)
		abort();
	fuzz_image_printable(b.ptr, b.len);
	buf_release(&b);
	imgrender_free(img);
	return 0;
}
