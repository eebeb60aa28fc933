/*
 * rerun_latency.c: how long a reactive rerun takes beyond the Python
 * work. A chain notebook of N cells (x_0 = K, x_i = x_{i-1} + 1, and a
 * last cell that prints) runs once; then, R times, the first cell is
 * edited and run, and the clock stops when the last cell's output
 * arrives. The kernel reports each cell's own run time; their sum is the
 * Python work, the rest is quire's overhead (scheduling, frames, the
 * process boundary). bench/bench_run.sh runs it.
 *
 *	rerun_latency QUIRE [N [R]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "kern.h"
#include "nb.h"
#include "proto.h"
#include "sched.h"

struct bench {
	uint32_t last;		/* id of the printing cell */
	bool got;		/* its output arrived */
	uint64_t t_out;		/* when, ns */
};

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
on_event(const struct sched_event *ev, void *arg)
{
	struct bench *b = arg;

	if (ev->type == SCHED_EV_STREAM && ev->cell == b->last && !b->got) {
		b->got = true;
		b->t_out = now_ns();
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct kern_opts o = { 0 };
	struct bench b = { 0 };
	struct buf src = BUF_INIT;
	struct nb *nb;
	struct ana *ana;
	struct kern *kern;
	struct sched *s;
	uint64_t *wall, *work, t0;
	uint32_t first;
	int n = argc > 2 ? atoi(argv[2]) : 200;
	int reps = argc > 3 ? atoi(argv[3]) : 20;
	int i, r;

	if (argc < 2 || n < 2 || reps < 1) {
		fprintf(stderr, "usage: rerun_latency QUIRE [N [R]]\n");
		return 2;
	}
	nb = nb_new();
	for (i = 0; i < n - 1; i++) {
		buf_reset(&src);
		if (i == 0)
			buf_adds(&src, "x_0 = 0");
		else
			buf_addf(&src, "x_%d = x_%d + 1", i, i - 1);
		nb_cell_insert(nb, (size_t)i, src.ptr, src.len);
	}
	buf_reset(&src);
	buf_addf(&src, "print(x_%d)", n - 2);
	b.last = nb_cell_id(nb_cell_insert(nb, (size_t)n, src.ptr, src.len));
	first = nb_cell_id(nb_cell_at(nb, 0));
	if ((ana = ana_new()) == NULL) {
		fprintf(stderr, "rerun_latency: %s\n", err_last());
		return 1;
	}
	o.exe = argv[1];
	kern = kern_new(&o);
	s = sched_new(nb, ana, kern);
	sched_set_callback(s, on_event, &b);
	if (sched_run_all(s) < 0 || sched_wait(s, 60000) != 0) {
		fprintf(stderr, "rerun_latency: first run: %s\n", err_last());
		return 1;
	}
	wall = calloc((size_t)reps, sizeof *wall);
	work = calloc((size_t)reps, sizeof *work);
	for (r = 0; r < reps; r++) {
		buf_reset(&src);
		buf_addf(&src, "x_0 = %d", r + 1);
		nb_cell_set_source(nb_cell_find(nb, first), src.ptr, src.len);
		b.got = false;
		t0 = now_ns();
		if (sched_run_cells(s, &first, 1) < 0 ||
		    sched_wait(s, 60000) != 0 || !b.got) {
			fprintf(stderr, "rerun_latency: rerun failed\n");
			return 1;
		}
		wall[r] = b.t_out - t0;
		for (i = 0; i < n; i++)
			work[r] += sched_cell_info(s, nb_cell_id(nb_cell_at(nb,
			    (size_t)i)))->duration_us * 1000u;
	}
	qsort(wall, (size_t)reps, sizeof *wall, cmp_u64);
	qsort(work, (size_t)reps, sizeof *work, cmp_u64);
	printf("cells=%d reps=%d wall_ms=%.2f work_ms=%.2f overhead_ms=%.2f "
	    "overhead_per_cell_us=%.1f\n", n, reps,
	    (double)wall[reps / 2] / 1e6, (double)work[reps / 2] / 1e6,
	    (double)(wall[reps / 2] - work[reps / 2]) / 1e6,
	    (double)(wall[reps / 2] - work[reps / 2]) / 1e3 / n);
	kern_shutdown(kern, 2000);
	sched_free(s);
	kern_free(kern);
	ana_free(ana);
	nb_free(nb);
	buf_release(&src);
	free(wall);
	free(work);
	return 0;
}
