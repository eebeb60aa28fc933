/*
 * check_imgrender.c: images as cells. Decoding of the small PNG and
 * JPEG fixtures in tests/data/rich/ (made by mkfixtures.c there), the
 * limits (a header claiming a huge image is refused before anything is
 * decoded), sizing into a box of cells with the aspect ratio kept, the
 * colours libchafa picks for the fixture's two halves, the symbol sets,
 * and sixel and kitty output.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "imgrender.h"
#include "richtext.h"
#include "utf8.h"

static void
fixture(struct buf *out, const char *name)
{
	const char *srcdir = getenv("srcdir");
	struct buf path = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	buf_addf(&path, "%s/tests/data/rich/%s", srcdir != NULL ? srcdir : ".",
	    name);
	f = fopen(path.ptr, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path.ptr);
	buf_reset(out);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	(void)fclose(f);
	buf_release(&path);
}

static struct imgrender *
load(const char *name)
{
	struct buf b = BUF_INIT;
	struct imgrender *img;

	fixture(&b, name);
	ck_assert_msg(imgrender_load(&img, b.ptr, b.len) == 0, "%s: %s", name,
	    err_last());
	buf_release(&b);
	return img;
}

static void
options(struct imgrender_options *o, size_t cols, size_t rows, int ncolors)
{
	memset(o, 0, sizeof *o);
	o->cols = cols;
	o->rows = rows;
	o->ncolors = ncolors;
}

START_TEST(test_imgrender_decode_png_and_jpeg)
{
	struct imgrender *img;
	size_t w, h;

	img = load("quad.png");
	imgrender_size(img, &w, &h);
	ck_assert_uint_eq(w, 40);
	ck_assert_uint_eq(h, 20);
	ck_assert(imgrender_is_shown(img));
	ck_assert_str_eq(imgrender_format_name(img), "PNG");
	imgrender_free(img);
	img = load("quad.jpg");
	imgrender_size(img, &w, &h);
	ck_assert_uint_eq(w, 40);
	ck_assert_uint_eq(h, 20);
	ck_assert_str_eq(imgrender_format_name(img), "JPEG");
	imgrender_free(img);
}
END_TEST

/* The colours of the cell at x, y of a one-line truecolour render. */
static void
cell_colors(const struct richtext *rt, size_t y, size_t x, int32_t *fg,
    int32_t *bg)
{
	const struct richtext_line *l = richtext_line(rt, y);
	size_t off = richtext_line_col_off(l, x), k;

	for (k = 0; k < l->line.nruns; k++)
		if (off < l->line.runs[k].off + l->line.runs[k].len) {
			ck_assert_uint_eq(l->roles[k], RICHTEXT_IMAGE);
			*fg = l->line.runs[k].style.fg;
			*bg = l->line.runs[k].style.bg;
			return;
		}
	ck_abort_msg("no cell at %zu, %zu", x, y);
}

/* Is colour c (as a cell has it) close to r, g, b? */
static bool
near(int32_t c, int r, int g, int b)
{
	int cr = (c >> 16) & 0xff, cg = (c >> 8) & 0xff, cb = c & 0xff;

	return (c & SANITIZE_COLOR_RGB) && abs(cr - r) < 40 &&
	    abs(cg - g) < 40 && abs(cb - b) < 40;
}

START_TEST(test_imgrender_colors_of_halves)
{
	static const char *const names[] = { "quad.png", "quad.jpg" };
	struct imgrender_options o;
	struct richtext *rt;
	struct imgrender *img;
	int32_t fg, bg;
	size_t i;

	for (i = 0; i < 2; i++) {
		img = load(names[i]);
		rt = richtext_new();
		options(&o, 8, 2, RICHTEXT_TRUECOLOR);
		o.zoom = true;
		imgrender_render(rt, img, &o);
		ck_assert_uint_eq(richtext_nlines(rt), 2);
		/* The left edge is red, the right edge blue. */
		cell_colors(rt, 0, 0, &fg, &bg);
		ck_assert_msg(near(bg, 255, 0, 0), "%s: left %06x", names[i],
		    (unsigned)bg);
		cell_colors(rt, 1, 7, &fg, &bg);
		ck_assert_msg(near(bg, 0, 0, 255), "%s: right %06x", names[i],
		    (unsigned)bg);
		richtext_free(rt);
		imgrender_free(img);
	}
}
END_TEST

START_TEST(test_imgrender_palette_modes)
{
	struct imgrender_options o;
	struct richtext *rt = richtext_new();
	struct imgrender *img = load("quad.png");
	int32_t fg, bg;

	options(&o, 8, 2, 256);
	o.zoom = true;
	imgrender_render(rt, img, &o);
	cell_colors(rt, 0, 0, &fg, &bg);
	ck_assert_int_eq(bg, 196);	/* xterm's pure red */
	richtext_clear(rt);
	/* Without colours, only shapes: every colour is the default. */
	options(&o, 8, 2, 0);
	o.zoom = true;
	imgrender_render(rt, img, &o);
	cell_colors(rt, 0, 0, &fg, &bg);
	ck_assert_int_eq(fg, SANITIZE_COLOR_DEFAULT);
	ck_assert_int_eq(bg, SANITIZE_COLOR_DEFAULT);
	richtext_free(rt);
	imgrender_free(img);
}
END_TEST

START_TEST(test_imgrender_transparency)
{
	struct imgrender_options o;
	struct richtext *rt = richtext_new();
	struct imgrender *img = load("alpha.png");
	int32_t fg, bg;

	options(&o, 4, 2, RICHTEXT_TRUECOLOR);
	o.zoom = true;
	imgrender_render(rt, img, &o);
	cell_colors(rt, 0, 0, &fg, &bg);
	ck_assert(near(bg, 0, 200, 0));
	/* The transparent half shows the terminal's own background. */
	cell_colors(rt, 0, 3, &fg, &bg);
	ck_assert_int_eq(bg, SANITIZE_COLOR_DEFAULT);
	richtext_free(rt);
	imgrender_free(img);
}
END_TEST

START_TEST(test_imgrender_fit_keeps_aspect)
{
	struct imgrender_options o;
	struct imgrender *quad = load("quad.png"), *tall = load("tall.png");
	size_t c, r;

	/* 40 x 20 pixels at 10 x 20 per cell: 4 cells wide per row. */
	options(&o, 80, 24, 256);
	o.zoom = true;
	imgrender_fit(quad, &o, &c, &r);
	ck_assert_uint_eq(c, 80);
	ck_assert_uint_eq(r, 20);
	options(&o, 20, 24, 256);
	o.zoom = true;
	imgrender_fit(quad, &o, &c, &r);
	ck_assert_uint_eq(c, 20);
	ck_assert_uint_eq(r, 5);
	/* A tall image is bounded by the rows. */
	options(&o, 80, 24, 256);
	o.zoom = true;
	imgrender_fit(tall, &o, &c, &r);
	ck_assert_uint_eq(r, 24);
	ck_assert_uint_eq(c, 5);
	/* Without zoom an image keeps its own size in cells. */
	options(&o, 80, 24, 256);
	imgrender_fit(quad, &o, &c, &r);
	ck_assert_uint_eq(c, 4);
	ck_assert_uint_eq(r, 1);
	/* The cell's shape matters: square cells, twice the rows. */
	options(&o, 80, 24, 256);
	o.zoom = true;
	o.cell_width = 10;
	o.cell_height = 10;
	imgrender_fit(quad, &o, &c, &r);
	ck_assert_uint_eq(c, 48);
	ck_assert_uint_eq(r, 24);
	/* A box of nothing still gets one cell. */
	options(&o, 1, 1, 0);
	o.zoom = true;
	imgrender_fit(tall, &o, &c, &r);
	ck_assert_uint_eq(c, 1);
	ck_assert_uint_eq(r, 1);
	imgrender_free(quad);
	imgrender_free(tall);
}
END_TEST

START_TEST(test_imgrender_lines_fill_the_fit)
{
	static const enum imgrender_symbols sets[] = { IMGRENDER_BLOCKS,
		IMGRENDER_BRAILLE, IMGRENDER_ASCII };
	struct imgrender_options o;
	struct imgrender *img = load("quad.jpg");
	struct richtext *rt = richtext_new();
	size_t s, i, off, c, r;
	uint32_t cp;

	for (s = 0; s < 3; s++) {
		richtext_clear(rt);
		options(&o, 30, 10, s == 0 ? 16 : 0);
		o.zoom = true;
		o.symbols = sets[s];
		imgrender_fit(img, &o, &c, &r);
		imgrender_render(rt, img, &o);
		ck_assert_uint_eq(richtext_nlines(rt), r);
		for (i = 0; i < r; i++) {
			const struct richtext_line *l = richtext_line(rt, i);

			ck_assert_uint_eq(l->line.width, c);
			for (off = 0; off < l->line.len;) {
				off += utf8_next(l->line.text + off,
				    l->line.len - off, &cp, NULL);
				ck_assert_int_eq(utf8_width(cp), 1);
				if (sets[s] == IMGRENDER_ASCII)
					ck_assert_uint_lt(cp, 0x7f);
				if (sets[s] == IMGRENDER_BRAILLE)
					ck_assert(cp == ' ' || (cp >= 0x2800 &&
					    cp <= 0x28ff));
			}
		}
	}
	richtext_free(rt);
	imgrender_free(img);
}
END_TEST

START_TEST(test_imgrender_limits)
{
	struct imgrender_options o;
	struct richtext *rt = richtext_new();
	struct imgrender *img;
	struct buf d = BUF_INIT;
	size_t w, h, c, r;

	img = load("huge.png");
	ck_assert(!imgrender_is_shown(img));
	imgrender_size(img, &w, &h);
	ck_assert_uint_eq(w, 5000);
	ck_assert_uint_eq(h, 5000);
	options(&o, 80, 24, 256);
	imgrender_fit(img, &o, &c, &r);
	ck_assert_uint_eq(r, 1);
	imgrender_render(rt, img, &o);
	ck_assert_uint_eq(richtext_nlines(rt), 1);
	ck_assert_str_eq(richtext_line(rt, 0)->line.text,
	    "[image 5000×5000 not shown]");
	ck_assert_int_eq(imgrender_render_graphics(&d, img, &o,
	    IMGRENDER_SIXEL, &c, &r), -1);
	imgrender_free(img);
	img = load("huge.jpg");
	ck_assert(!imgrender_is_shown(img));
	imgrender_describe(&d, img, true);
	ck_assert_str_eq(d.ptr, "[image 5000x3000 not shown]");
	imgrender_free(img);
	richtext_free(rt);
	buf_release(&d);
}
END_TEST

/* The CRC of a PNG chunk (type and data), as zlib's crc32 computes it. */
static uint32_t
png_crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffff;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffff;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

START_TEST(test_imgrender_limit_edges)
{
	static const struct {
		uint32_t w, h;
		bool shown;
	} sizes[] = {
		{ 4097, 1, false }, { 1, 4097, false }, { 4096, 4097, false },
	};
	struct buf b = BUF_INIT;
	struct imgrender *img;
	size_t i;

	/* The header is read and judged; nothing is decoded. */
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		unsigned char *p;

		fixture(&b, "quad.png");
		p = (unsigned char *)b.ptr;
		put32(p + 16, sizes[i].w);
		put32(p + 20, sizes[i].h);
		put32(p + 29, png_crc(p + 12, 17));
		ck_assert_int_eq(imgrender_load(&img, b.ptr, b.len), 0);
		ck_assert(imgrender_is_shown(img) == sizes[i].shown);
		imgrender_free(img);
	}
	/* 4096 x 4096 is within the limits: decoding is tried (and fails,
	 * the data being 40 x 20). */
	fixture(&b, "quad.png");
	put32((unsigned char *)b.ptr + 16, 4096);
	put32((unsigned char *)b.ptr + 20, 4096);
	put32((unsigned char *)b.ptr + 29, png_crc((unsigned char *)b.ptr + 12,
	    17));
	ck_assert_int_eq(imgrender_load(&img, b.ptr, b.len), -1);
	ck_assert_msg(strncmp(err_last(), "image: PNG: ", 12) == 0, "%s",
	    err_last());
	buf_release(&b);
}
END_TEST

START_TEST(test_imgrender_bad_input)
{
	struct imgrender *img = (struct imgrender *)&img;
	struct buf b = BUF_INIT;

	fixture(&b, "broken.png");
	ck_assert_int_eq(imgrender_load(&img, b.ptr, b.len), -1);
	ck_assert_ptr_null(img);
	ck_assert_msg(strncmp(err_last(), "image: PNG: ", 12) == 0, "%s",
	    err_last());
	ck_assert_int_eq(imgrender_load(&img, "GIF89a", 6), -1);
	ck_assert_str_eq(err_last(), "image: neither PNG nor JPEG");
	ck_assert_int_eq(imgrender_load(&img, "", 0), -1);
	fixture(&b, "quad.jpg");
	ck_assert_int_eq(imgrender_load(&img, b.ptr, 200), -1);
	ck_assert_msg(strncmp(err_last(), "image: JPEG: ", 13) == 0, "%s",
	    err_last());
	buf_release(&b);
}
END_TEST

START_TEST(test_imgrender_graphics)
{
	struct imgrender_options o;
	struct imgrender *img = load("quad.png");
	struct buf d = BUF_INIT;
	size_t c, r;

	options(&o, 20, 10, 256);
	o.zoom = true;
	ck_assert_int_eq(imgrender_render_graphics(&d, img, &o,
	    IMGRENDER_SIXEL, &c, &r), 0);
	ck_assert_uint_eq(c, 20);
	ck_assert_uint_eq(r, 5);
	/* One DCS sixel sequence: ESC P ... q ... ESC \. */
	ck_assert_msg(d.len > 10 && d.ptr[0] == '\033' && d.ptr[1] == 'P',
	    "not a DCS");
	ck_assert_ptr_nonnull(memchr(d.ptr, 'q', d.len));
	ck_assert_mem_eq(d.ptr + d.len - 2, "\033\\", 2);
	buf_reset(&d);
	ck_assert_int_eq(imgrender_render_graphics(&d, img, &o,
	    IMGRENDER_KITTY, &c, &r), 0);
	ck_assert_ptr_nonnull(strstr(d.ptr, "\033_G"));
	buf_reset(&d);
	ck_assert_int_eq(imgrender_render_graphics(&d, img, &o,
	    IMGRENDER_SYMBOLS, &c, &r), -1);
	/* A cell lower than a sixel band (a size the terminal reported)
	 * once made libchafa divide by zero (found by fuzz_image). */
	buf_reset(&d);
	o.cols = 5;
	o.rows = 1;
	o.cell_width = 8;
	o.cell_height = 5;
	ck_assert_int_eq(imgrender_render_graphics(&d, img, &o,
	    IMGRENDER_SIXEL, &c, &r), 0);
	ck_assert_uint_eq(r, 1);
	ck_assert_msg(d.len > 10 && d.ptr[0] == '\033' && d.ptr[1] == 'P',
	    "not a DCS");
	buf_release(&d);
	imgrender_free(img);
}
END_TEST

START_TEST(test_imgrender_describe)
{
	struct imgrender *img = load("quad.jpg");
	struct buf d = BUF_INIT;

	imgrender_describe(&d, img, false);
	ck_assert_str_eq(d.ptr, "[image 40×20 JPEG]");
	imgrender_free(img);
	buf_release(&d);
}
END_TEST

static Suite *
imgrender_suite(void)
{
	Suite *s = suite_create("imgrender");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_imgrender_decode_png_and_jpeg);
	tcase_add_test(tc, test_imgrender_colors_of_halves);
	tcase_add_test(tc, test_imgrender_palette_modes);
	tcase_add_test(tc, test_imgrender_transparency);
	tcase_add_test(tc, test_imgrender_fit_keeps_aspect);
	tcase_add_test(tc, test_imgrender_lines_fill_the_fit);
	tcase_add_test(tc, test_imgrender_limits);
	tcase_add_test(tc, test_imgrender_limit_edges);
	tcase_add_test(tc, test_imgrender_bad_input);
	tcase_add_test(tc, test_imgrender_graphics);
	tcase_add_test(tc, test_imgrender_describe);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(imgrender_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
