/*
 * bench_graph.c: how the reactive graph scales. For each shape (a chain
 * where cell i reads cell i-1, a fan where one cell is read by all the
 * others, independent cells that read only a builtin) and each size it
 * times a build (every cell set, the topological order, the descendants
 * of the first cell) and one incremental update, and prints the medians
 * of several runs:
 *
 *	graph chain 10000 build_ms=12.345 update_us=4.567
 *
 * The update re-sets one cell with one more ref, as an edit does: the
 * middle cell of a chain or of independent cells, and the hub of the fan
 * (its worst case, 9,999 children to diff). It should stay far below the
 * build, which is what graph.c's incremental indexes are for.
 *
 * Usage: bench_graph [runs]	(default 7)
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "graph.h"
#include "xmalloc.h"

#define BENCH_UPDATES 101

enum bench_shape {
	BENCH_CHAIN,
	BENCH_FAN,
	BENCH_INDEPENDENT
};

static const char *const bench_shape_names[] = { "chain", "fan",
	"independent" };

struct bench_cell {
	const char *defs[1];
	const char *refs[2];	/* the second is the update's extra ref */
	size_t nrefs;
};

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
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The names each cell defines and reads, made before any timing. */
static struct bench_cell *
bench_cells_new(enum bench_shape shape, size_t n, char ***namesp)
{
	struct bench_cell *cells = xcalloc(n, sizeof *cells);
	char **names = xcalloc(n, sizeof *names);
	size_t i;

	for (i = 0; i < n; i++) {
		names[i] = xasprintf("v%zu", i);
		cells[i].defs[0] = names[i];
	}
	for (i = 0; i < n; i++) {
		switch (shape) {
		case BENCH_CHAIN:
			cells[i].refs[0] = i > 0 ? names[i - 1] : "print";
			break;
		case BENCH_FAN:
			cells[i].refs[0] = i > 0 ? names[0] : "print";
			break;
		case BENCH_INDEPENDENT:
			cells[i].refs[0] = "print";
			break;
		}
		cells[i].nrefs = 1;
		cells[i].refs[1] = "len";
	}
	*namesp = names;
	return cells;
}

static struct graph *
bench_build(const struct bench_cell *cells, size_t n)
{
	struct graph *g = graph_new();
	size_t i;

	for (i = 0; i < n; i++)
		graph_cell_set(g, (uint32_t)i, (long)i, cells[i].defs, 1,
		    cells[i].refs, cells[i].nrefs, NULL, 0);
	return g;
}

static void
bench_run(enum bench_shape shape, size_t n, size_t runs)
{
	struct bench_cell *cells;
	struct graph *g = NULL;
	char **names;
	double *build, update[BENCH_UPDATES], t0;
	const uint32_t *order;
	uint32_t *desc, root = 0, target;
	size_t i, r, norder, ndesc;

	cells = bench_cells_new(shape, n, &names);
	build = xcalloc(runs, sizeof *build);
	for (r = 0; r < runs; r++) {
		graph_free(g);
		t0 = bench_now_us();
		g = bench_build(cells, n);
		order = graph_topo_order(g, &norder);
		desc = graph_descendants(g, &root, 1, &ndesc);
		build[r] = (bench_now_us() - t0) / 1e3;
		if (norder != n || order[0] != 0) {
			fprintf(stderr, "bench_graph: bad order\n");
			exit(1);
		}
		free(desc);
	}

	target = shape == BENCH_FAN ? 0 : (uint32_t)(n / 2);
	for (i = 0; i < BENCH_UPDATES; i++) {
		/* Alternate: add the extra ref, then take it away again. */
		cells[target].nrefs = i % 2 ? 1 : 2;
		t0 = bench_now_us();
		graph_cell_set(g, target, (long)target, cells[target].defs, 1,
		    cells[target].refs, cells[target].nrefs, NULL, 0);
		update[i] = bench_now_us() - t0;
		/* A query between edits, so no update meets a warm cache. */
		(void)graph_topo_order(g, &norder);
	}
	printf("graph %s %zu build_ms=%.3f update_us=%.3f\n",
	    bench_shape_names[shape], n, bench_median(build, runs),
	    bench_median(update, BENCH_UPDATES));
	(void)fflush(stdout);

	graph_free(g);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(cells);
	free(build);
}

int
main(int argc, char **argv)
{
	static const size_t sizes[] = { 100, 1000, 10000 };
	size_t runs = 7, s, k;
	long v;

	if (argc > 1) {
		v = strtol(argv[1], NULL, 10);
		if (v < 1 || v > 1000) {
			fprintf(stderr, "usage: bench_graph [runs 1..1000]\n");
			return 2;
		}
		runs = (size_t)v;
	}
	for (s = 0; s < 3; s++)
		for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
			bench_run((enum bench_shape)s, sizes[k], runs);
	return 0;
}
