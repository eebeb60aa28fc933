/*
 * bench_render.c: what a redraw of rich output costs (issue 6). For each
 * renderer it times the work done once per output (reading a table's
 * JSON, decoding a PNG) and the work done on every redraw (laying out
 * the rows on screen, drawing the image's cells, wrapping Markdown), and
 * prints medians of several runs:
 *
 *	render table parse rows=10000 kept=1000 ms=12.3
 *	render table redraw rows=20 width=80 us=45.6
 *
 * The table is 10,000 rows of 8 columns (numbers, names, floats, text
 * with some CJK), sent as one JSON window; the model keeps the first
 * 1,000 (the spec's limit) and a redraw lays out 20 or all 1,000 of
 * them. The plot is a 640 x 480 PNG drawn here (axes, grid, two
 * curves), as matplotlib's Agg would send it, drawn into a 100 x 30
 * cell box in truecolour, 256 colours and braille, and as sixels.
 *
 * Usage: bench_render [runs]	(default 15)
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <png.h>

#include "buf.h"
#include "err.h"
#include "imgrender.h"
#include "mdrender.h"
#include "richtext.h"
#include "tablerender.h"
#include "xmalloc.h"

#define BENCH_MAX_RUNS 101

static double
bench_now_us(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
bench_double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_double_cmp);
	return v[n / 2];
}

/* The table: 10,000 rows of mixed columns as the kernel sends them. */
static void
bench_table_json(struct buf *b, size_t nsent, size_t nrows)
{
	static const char *const names[] = { "Alice", "Bob", "Chandra",
		"Dmitri", "Eun-ji", "François", "李小龙", "Zoë" };
	size_t i;

	buf_adds(b, "{\"columns\": [\"id\", \"name\", \"age\", \"balance\","
	    "\"score\", \"city\", \"flag\", \"note\"], \"dtypes\": [\"int64\","
	    "\"object\", \"int64\", \"float64\", \"float64\", \"object\","
	    "\"bool\", \"object\"], \"rows\": [");
	for (i = 0; i < nsent; i++)
		buf_addf(b, "%s[%zu, \"%s %zu\", %zu, %.2f, %.6f, \"%s\", %s,"
		    " \"note %zu: %s\"]", i ? "," : "", i, names[i % 8], i,
		    20 + i % 60, (double)i * 13.37 - 5000.0,
		    sin((double)i) / 3.0, i % 3 ? "Paris" : "東京",
		    i % 2 ? "true" : "false", i, i % 5 ? "ok" :
		    "a longer remark that will not fit in its column");
	buf_addf(b, "], \"nrows\": %zu}", nrows);
}

static void
bench_table(size_t runs)
{
	static const struct {
		size_t rows, width;
	} views[] = { { 20, 80 }, { 20, 200 }, { 1000, 80 }, { 1000, 200 } };
	double t[BENCH_MAX_RUNS];
	struct buf json = BUF_INIT;
	struct tablerender *tr = NULL;
	struct tablerender_options o;
	struct richtext *rt = richtext_new();
	size_t r, v, off, n;
	double t0;

	/* What the kernel sends (one window of 1,000 rows of a 10,000-row
	 * table), then all 10,000 rows at once, of which 1,000 are kept. */
	for (v = 0; v < 2; v++) {
		buf_reset(&json);
		bench_table_json(&json, v == 0 ? 1000 : 10000, 10000);
		for (r = 0; r < runs; r++) {
			tablerender_free(tr);
			t0 = bench_now_us();
			if (tablerender_parse(&tr, json.ptr, json.len) < 0) {
				fprintf(stderr, "bench_render: %s\n",
				    err_last());
				exit(1);
			}
			t[r] = bench_now_us() - t0;
		}
		tablerender_window(tr, &off, &n);
		printf("render table parse sent=%d bytes=%zu kept=%zu "
		    "ms=%.2f\n", v == 0 ? 1000 : 10000, json.len, n,
		    bench_median(t, runs) / 1e3);
	}
	for (v = 0; v < sizeof views / sizeof views[0]; v++) {
		memset(&o, 0, sizeof o);
		o.width = views[v].width;
		o.max_rows = views[v].rows;
		o.cursor = 5;
		o.footer = true;
		for (r = 0; r < runs; r++) {
			/* A redraw scrolled somewhere inside the window. */
			o.first_row = (r * 37) % (1000 - views[v].rows + 1);
			richtext_clear(rt);
			t0 = bench_now_us();
			tablerender_render(rt, tr, &o, NULL);
			t[r] = bench_now_us() - t0;
		}
		printf("render table redraw rows=%zu width=%zu us=%.1f\n",
		    views[v].rows, views[v].width, bench_median(t, runs));
	}
	tablerender_free(tr);
	richtext_free(rt);
	buf_release(&json);
}

static void
bench_plot_pixel(unsigned char *px, int x, int y, unsigned rgb)
{
	unsigned char *p;

	if (x < 0 || y < 0 || x >= 640 || y >= 480)
		return;
	p = px + ((size_t)y * 640 + (size_t)x) * 4;
	p[0] = (unsigned char)(rgb >> 16);
	p[1] = (unsigned char)(rgb >> 8);
	p[2] = (unsigned char)rgb;
	p[3] = 255;
}

/* A 640 x 480 line plot, PNG-encoded, in *png (free with free()). */
static size_t
bench_plot_png(void **png)
{
	unsigned char *px = xmalloc(640 * 480 * 4);
	png_alloc_size_t size = 0;
	png_image pi;
	int x, y, k;

	memset(px, 255, 640 * 480 * 4);
	for (k = 1; k < 8; k++)
		for (x = 60; x < 620; x++)
			bench_plot_pixel(px, x, 40 + k * 50, 0xdddddd);
	for (x = 60; x < 620; x++)
		for (k = 0; k < 2; k++) {
			bench_plot_pixel(px, x, 440 + k, 0x000000);
			bench_plot_pixel(px, 60 + k, x * 480 / 640 - 20,
			    0x000000);
		}
	for (x = 62; x < 620; x++) {
		double u = (double)(x - 62) / 80.0;

		for (k = -1; k <= 1; k++) {
			y = 240 - (int)(150.0 * sin(u));
			bench_plot_pixel(px, x, y + k, 0x1f77b4);
			y = 240 - (int)(100.0 * cos(u * 0.7) * exp(-u / 8));
			bench_plot_pixel(px, x, y + k, 0xff7f0e);
		}
	}
	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	pi.width = 640;
	pi.height = 480;
	pi.format = PNG_FORMAT_RGBA;
	if (!png_image_write_get_memory_size(pi, size, 0, px, 0, NULL)) {
		fprintf(stderr, "bench_render: %s\n", pi.message);
		exit(1);
	}
	*png = xmalloc(size);
	if (!png_image_write_to_memory(&pi, *png, &size, 0, px, 0, NULL)) {
		fprintf(stderr, "bench_render: %s\n", pi.message);
		exit(1);
	}
	free(px);
	return size;
}

static void
bench_image(size_t runs)
{
	static const struct {
		const char *name;
		int ncolors;
		enum imgrender_symbols symbols;
	} modes[] = {
		{ "truecolor", RICHTEXT_TRUECOLOR, IMGRENDER_BLOCKS },
		{ "256", 256, IMGRENDER_BLOCKS },
		{ "braille", 16, IMGRENDER_BRAILLE },
		{ "none", 0, IMGRENDER_BLOCKS },
	};
	double t[BENCH_MAX_RUNS];
	struct imgrender_options o;
	struct imgrender *img = NULL;
	struct richtext *rt = richtext_new();
	struct buf seq = BUF_INIT;
	void *png;
	size_t len, r, m, c, rows;
	double t0;

	len = bench_plot_png(&png);
	for (r = 0; r < runs; r++) {
		imgrender_free(img);
		t0 = bench_now_us();
		if (imgrender_load(&img, png, len) < 0) {
			fprintf(stderr, "bench_render: %s\n", err_last());
			exit(1);
		}
		t[r] = bench_now_us() - t0;
	}
	printf("render image decode 640x480 png_bytes=%zu ms=%.2f\n", len,
	    bench_median(t, runs) / 1e3);
	for (m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		memset(&o, 0, sizeof o);
		o.cols = 100;
		o.rows = 30;
		o.zoom = true;
		o.ncolors = modes[m].ncolors;
		o.symbols = modes[m].symbols;
		for (r = 0; r < runs; r++) {
			richtext_clear(rt);
			t0 = bench_now_us();
			imgrender_render(rt, img, &o);
			t[r] = bench_now_us() - t0;
		}
		imgrender_fit(img, &o, &c, &rows);
		printf("render image redraw box=100x30 cells=%zux%zu mode=%s "
		    "ms=%.2f\n", c, rows, modes[m].name,
		    bench_median(t, runs) / 1e3);
	}
	for (r = 0; r < runs; r++) {
		buf_reset(&seq);
		t0 = bench_now_us();
		(void)imgrender_render_graphics(&seq, img, &o, IMGRENDER_SIXEL,
		    &c, &rows);
		t[r] = bench_now_us() - t0;
	}
	printf("render image redraw box=100x30 mode=sixel bytes=%zu ms=%.2f\n",
	    seq.len, bench_median(t, runs) / 1e3);
	free(png);
	imgrender_free(img);
	richtext_free(rt);
	buf_release(&seq);
}

static void
bench_markdown(size_t runs)
{
	static const char *const section =
	    "## Section\n\nThe **loan book** grew by *4.2%* this quarter; "
	    "see [the dashboard](https://intranet/dash) and `df.describe()`."
	    " Defaults stay below $\\alpha = 0.05$ for every segment.\n\n"
	    "- retail: stable\n- corporate: up\n  - energy: up sharply\n"
	    "- [x] reviewed\n\n> Note: figures are preliminary.\n\n"
	    "| segment | loans | default rate |\n|:--|--:|--:|\n"
	    "| retail | 12,345 | 1.2% |\n| corporate | 678 | 0.4% |\n\n"
	    "```python\nrate = defaults / loans  # per segment\n```\n\n";
	double t[BENCH_MAX_RUNS];
	struct mdrender_options o;
	struct richtext *rt = richtext_new();
	struct buf md = BUF_INIT;
	size_t r, i;
	double t0;

	buf_adds(&md, "# Quarterly report\n\n");
	for (i = 0; i < 12; i++)
		buf_adds(&md, section);
	memset(&o, 0, sizeof o);
	o.width = 80;
	for (r = 0; r < runs; r++) {
		richtext_clear(rt);
		t0 = bench_now_us();
		mdrender_render(rt, md.ptr, md.len, &o);
		t[r] = bench_now_us() - t0;
	}
	printf("render markdown bytes=%zu lines=%zu width=80 ms=%.2f\n",
	    md.len, richtext_nlines(rt), bench_median(t, runs) / 1e3);
	richtext_free(rt);
	buf_release(&md);
}

int
main(int argc, char **argv)
{
	size_t runs = argc > 1 ? (size_t)atoi(argv[1]) : 15;

	if (runs < 1 || runs > BENCH_MAX_RUNS)
		runs = 15;
	bench_table(runs);
	bench_image(runs);
	bench_markdown(runs);
	return 0;
}
