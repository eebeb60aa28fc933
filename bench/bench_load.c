/*
 * bench_load.c: how long quire takes to open a notebook. One run is what
 * `quire check` and the editor do before they can show anything: read
 * and parse the marimo file (fmt_load), analyse every cell and build the
 * reactive graph (deps_sync), and order it (graph_topo_order). Each run
 * uses a fresh analyzer, so its source-hash cache does not hide the
 * analysis; the embedded interpreter, once started, stays (as it does in
 * the editor).
 *
 * It prints the first, cold run (interpreter start-up included), the
 * median of RUNS runs after one warm-up, the medians of its three phases
 * (fmt_load, deps_sync, graph_topo_order), and the peak resident set size
 * of the whole process, in one line bench/run.sh reads:
 *
 *	load nb.py cells=1000 cold_ms=81.2 median_ms=35.0 parse_ms=20.1
 *	    analyse_ms=14.0 graph_ms=0.9 peak_rss_mb=21.3
 *
 * bench/marimo_load.py prints the same line for marimo doing the same work.
 *
 * Usage: bench_load NOTEBOOK [RUNS]	(RUNS default 5)
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ana.h"
#include "deps.h"
#include "err.h"
#include "fmt.h"
#include "graph.h"
#include "nb.h"
#include "xmalloc.h"

static double
bench_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
bench_double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The wall times of one load, in milliseconds. */
struct bench_run {
	double total, parse, analyse, graph;
};

/* One load; its times in *r and the cell count in *ncells. */
static int
bench_load_once(const char *path, struct bench_run *r, size_t *ncells)
{
	struct ana *a = NULL;
	struct graph *g = NULL;
	struct nb *nb = NULL;
	size_t norder;
	double t0, t1, t2;
	int rc = -1;

	t0 = bench_now_ms();
	if ((a = ana_new()) == NULL)
		goto done;
	if (fmt_load(&nb, FMT_MARIMO, path, a) == -1)
		goto done;
	t1 = bench_now_ms();
	g = graph_new();
	if (deps_sync(g, nb, a) == -1)
		goto done;
	t2 = bench_now_ms();
	(void)graph_topo_order(g, &norder);
	r->graph = bench_now_ms() - t2;
	r->total = bench_now_ms() - t0;
	r->parse = t1 - t0;
	r->analyse = t2 - t1;
	*ncells = nb_ncells(nb);
	if (norder != *ncells) {
		err_set("%s: topological order has %zu of %zu cells", path,
		    norder, *ncells);
		goto done;
	}
	rc = 0;
done:
	graph_free(g);
	nb_free(nb);
	ana_free(a);
	return rc;
}

/* The median of field off of runs r[0..n). Sorts a scratch copy. */
static double
bench_median(const struct bench_run *r, size_t n, size_t off, double *tmp)
{
	size_t i;

	for (i = 0; i < n; i++)
		memcpy(&tmp[i], (const char *)&r[i] + off, sizeof tmp[i]);
	qsort(tmp, n, sizeof *tmp, bench_double_cmp);
	return tmp[n / 2];
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	struct bench_run cold, warm, *t;
	double *tmp;
	size_t i, runs = 5, ncells = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_load NOTEBOOK [RUNS]\n");
		return 2;
	}
	if (argc == 3 && (runs = strtoul(argv[2], NULL, 10)) == 0)
		runs = 1;
	t = xcalloc(runs, sizeof *t);
	tmp = xcalloc(runs, sizeof *tmp);
	if (bench_load_once(argv[1], &cold, &ncells) == -1 ||
	    bench_load_once(argv[1], &warm, &ncells) == -1)
		goto fail;
	for (i = 0; i < runs; i++) {
		if (bench_load_once(argv[1], &t[i], &ncells) == -1)
			goto fail;
	}
	(void)getrusage(RUSAGE_SELF, &ru);
	printf("load %s cells=%zu cold_ms=%.1f median_ms=%.1f parse_ms=%.1f "
	    "analyse_ms=%.1f graph_ms=%.1f peak_rss_mb=%.1f\n", argv[1],
	    ncells, cold.total,
	    bench_median(t, runs, offsetof(struct bench_run, total), tmp),
	    bench_median(t, runs, offsetof(struct bench_run, parse), tmp),
	    bench_median(t, runs, offsetof(struct bench_run, analyse), tmp),
	    bench_median(t, runs, offsetof(struct bench_run, graph), tmp),
	    (double)ru.ru_maxrss / 1024.0);
	free(tmp);
	free(t);
	return 0;
fail:
	fprintf(stderr, "bench_load: %s\n", err_last());
	free(tmp);
	free(t);
	return 1;
}
