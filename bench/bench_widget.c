/*
 * bench_widget.c: rich outputs in the editor.
 *
 * 1. Widget latency: quire edit runs on a pseudo-terminal (80x24) on a
 *    notebook of a slider and a cell that prints its value; the keys go
 *    into the slider's output (Tab) and Right is pressed again and
 *    again. Each press is timed from the write to the last byte of the
 *    redraw the reader's new output caused (the terminal goes quiet),
 *    so it holds the local redraw, SET_WIDGET, the kernel setting the
 *    value, the rerun of the reader (a print: its Python work is well
 *    under a millisecond, not subtracted) and the redraw. Needs a
 *    kernel (Debian's python3); skipped without one.
 * 2. Redraw of a table window: a 10,000-row table (the model keeps the
 *    window of 1,000 rows) laid out again at a new width, every line
 *    fetched as the editor draws it.
 * 3. Redraw of a plot: a 1000x600 PNG decoded once, drawn again as
 *    symbols in a 100x30 box at a new width each time.
 *
 *	bench/bench_widget [QUIRE]
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <math.h>
#include <png.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "output.h"

#define BENCH_QUIET_MS 100	/* no output this long: the redraw is over */
#define BENCH_PRESSES 40
#define BENCH_REDRAWS 200

static double
bench_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Answer the width probe as a terminal agreeing with the table would,
 * and the DA1 query (CSI c) as an xterm without sixel, so quire never
 * waits out its 300 ms for an answer. */
static void
bench_probe(int fd, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++) {
		if (i + 3 < n && memcmp(b + i, "\033[6n", 4) == 0 &&
		    write(fd, "\033[1;2R", 6) < 0)
			return;
		if (memcmp(b + i, "\033[c", 3) == 0 &&
		    write(fd, "\033[?62;22c", 10) < 0)
			return;
	}
}

/* Read until quiet; the time of the last byte in *last; bytes, -1 gone.
 * seen (may be NULL) is searched for in what arrives: *found says. */
static long
bench_drain(int fd, int quiet_ms, int limit_ms, double *last,
    const char *seen, int *found)
{
	char b[65536];
	struct pollfd p;
	double start = bench_now_ms();
	long total = 0;
	ssize_t n;
	int r;

	*last = 0;
	for (;;) {
		p.fd = fd;
		p.events = POLLIN;
		r = poll(&p, 1, total == 0 ? limit_ms : quiet_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return total;
		n = read(fd, b, sizeof b);
		if (n <= 0)
			return total > 0 ? total : -1;
		bench_probe(fd, b, (size_t)n);
		if (seen != NULL && memmem(b, (size_t)n, seen, strlen(seen)))
			*found = 1;
		total += n;
		*last = bench_now_ms();
		if (*last - start > limit_ms)
			return total;
	}
}

static int
bench_latency(const char *quire)
{
	char dir[] = "/tmp/quire-bench-widget.XXXXXX", path[600], conf[600];
	struct winsize ws = { 24, 80, 0, 0 };
	double t0, last, v[BENCH_PRESSES];
	int fd, found = 0, i, n = 0, st;
	long nb;
	FILE *f;
	pid_t pid;

	if (access("/usr/bin/python3", X_OK) < 0 || mkdtemp(dir) == NULL) {
		printf("widget latency: skipped (no /usr/bin/python3)\n");
		return 0;
	}
	(void)snprintf(path, sizeof path, "%s/nb.py", dir);
	(void)snprintf(conf, sizeof conf, "%s/quire", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "import marimo\n\n__generated_with = \"0.24.0\"\n"
	    "app = marimo.App()\n\n\n@app.cell\ndef _():\n"
	    "    import marimo as mo\n    s = mo.ui.slider(0, 1000, value=0,"
	    " label=\"n\")\n    s\n    return (s,)\n\n\n@app.cell\n"
	    "def _(s):\n    print(\"value\", s.value * 3)\n    return\n\n\n"
	    "if __name__ == \"__main__\":\n    app.run()\n");
	(void)fclose(f);
	(void)mkdir(conf, 0700);
	(void)snprintf(conf, sizeof conf, "%s/quire/config", dir);
	if ((f = fopen(conf, "w")) == NULL)
		return -1;
	fprintf(f, "run.on_open = yes\n");
	(void)fclose(f);
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		(void)setenv("TERM", "xterm-256color", 1);
		(void)setenv("XDG_CONFIG_HOME", dir, 1);
		(void)setenv("LANG", "C.UTF-8", 1);
		(void)setenv("LC_ALL", "C.UTF-8", 1);
		execl(quire, quire, "edit", path, (char *)NULL);
		_exit(127);
	}
	/* Until the reader has printed its first value. */
	t0 = bench_now_ms();
	while (!found && bench_now_ms() - t0 < 30000)
		if (bench_drain(fd, 200, 1000, &last, "value 0", &found) < 0)
			break;
	if (!found) {
		printf("widget latency: skipped (the kernel did not run the "
		    "notebook)\n");
		goto done;
	}
	(void)bench_drain(fd, 300, 1000, &last, NULL, NULL);
	if (write(fd, "\t", 1) != 1)
		goto done;
	(void)bench_drain(fd, 200, 1000, &last, NULL, NULL);
	for (i = 0; i < BENCH_PRESSES; i++) {
		t0 = bench_now_ms();
		if (write(fd, "\033[C", 3) != 3)
			break;
		if ((nb = bench_drain(fd, BENCH_QUIET_MS, 3000, &last, NULL,
		    NULL)) < 0)
			break;
		if (getenv("BENCH_DEBUG") != NULL)
			fprintf(stderr, "%ld bytes, %.1f ms\n", nb, last - t0);
		if (last > 0)
			v[n++] = last - t0;
	}
	if (n > 0) {
		qsort(v, (size_t)n, sizeof v[0], bench_cmp);
		printf("widget key to reader's output on screen: median %.1f "
		    "ms, p95 %.1f ms (%d presses, 80x24; includes the "
		    "rerun of a print cell)\n", v[n / 2],
		    v[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1], n);
	}
done:
	(void)write(fd, "\021", 1);
	(void)kill(pid, SIGTERM);
	(void)waitpid(pid, &st, 0);
	(void)close(fd);
	(void)snprintf(path, sizeof path, "rm -rf '%s'", dir);
	(void)system(path);
	return 0;
}

/* Lay out and fetch every line of o at widths alternating around w. */
static double
bench_redraw(struct output *o, size_t w, size_t rows)
{
	struct output_look look;
	struct output_line_info info;
	double t0, v[BENCH_REDRAWS];
	size_t i, k, n;

	memset(&look, 0, sizeof look);
	look.ncolors = 256;
	look.image_rows = rows;
	look.table_rows = rows;
	for (i = 0; i < BENCH_REDRAWS; i++) {
		look.width = w - (i & 1);
		t0 = bench_now_ms();
		output_set_look(o, &look);
		n = output_nlines(o);
		for (k = 0; k < n; k++)
			(void)output_line_info(o, k, &info);
		v[i] = bench_now_ms() - t0;
	}
	qsort(v, BENCH_REDRAWS, sizeof v[0], bench_cmp);
	return v[BENCH_REDRAWS / 2];
}

static void
bench_table(void)
{
	struct output *o = output_new();
	struct output_mime m = { "application/vnd.quire.table+json", NULL, 0 };
	struct buf j = BUF_INIT;
	size_t i;

	buf_adds(&j, "{\"columns\":[\"id\",\"name\",\"score\",\"flag\"],"
	    "\"dtypes\":[\"int64\",\"object\",\"float64\",\"bool\"],"
	    "\"nrows\":10000,\"rows\":[");
	for (i = 0; i < 10000; i++)
		buf_addf(&j, "%s[%zu,\"name %zu\",%zu.25,%s]", i ? "," : "", i,
		    i * 7, i % 977, i % 3 ? "true" : "false");
	buf_adds(&j, "]}");
	m.data = j.ptr;
	m.len = j.len;
	output_add_bundle(o, &m, 1);
	printf("redraw of a 10,000-row table window (10 rows shown, 80 "
	    "columns): median %.3f ms\n", bench_redraw(o, 80, 10));
	output_free(o);
	buf_release(&j);
}

static void
bench_plot(void)
{
	png_image img;
	png_alloc_size_t size = 0;
	unsigned char *px, *png;
	struct output *o;
	struct output_mime m = { "image/png", NULL, 0 };
	size_t x, y, w = 1000, h = 600;

	px = malloc(w * h * 4);
	if (px == NULL)
		return;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			unsigned char *p = px + (y * w + x) * 4;
			double fy = (double)h / 2 - sin((double)x / 60) * 200;
			int on = fabs((double)y - fy) < 3;

			p[0] = on ? 30 : 255;
			p[1] = on ? 90 : 255;
			p[2] = on ? 200 : (unsigned char)(255 - x / 8);
			p[3] = 255;
		}
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_RGBA;
	if (!png_image_write_to_memory(&img, NULL, &size, 0, px, 0, NULL) ||
	    (png = malloc(size)) == NULL) {
		free(px);
		return;
	}
	if (!png_image_write_to_memory(&img, png, &size, 0, px, 0, NULL)) {
		free(png);
		free(px);
		return;
	}
	o = output_new();
	m.data = (const char *)png;
	m.len = size;
	output_add_bundle(o, &m, 1);
	printf("redraw of a plot in 100x30 cells (1000x600 PNG, 256 "
	    "colours): median %.3f ms\n", bench_redraw(o, 100, 30));
	output_free(o);
	free(png);
	free(px);
}

int
main(int argc, char **argv)
{
	const char *quire = argc > 1 ? argv[1] : NULL;
	char exe[512];

	if (quire == NULL) {
		const char *b = getenv("top_builddir");

		(void)snprintf(exe, sizeof exe, "%s/quire", b ? b : ".");
		quire = exe;
	}
	bench_table();
	bench_plot();
	if (access(quire, X_OK) == 0)
		(void)bench_latency(quire);
	else
		printf("widget latency: skipped (%s not built)\n", quire);
	return 0;
}
