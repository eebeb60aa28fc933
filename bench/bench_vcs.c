/*
 * bench_vcs.c: what versioning costs. Commit on save of a 1,000-cell
 * notebook in a repository that already holds 1,000 commits of it (made
 * here, with the same commit path, one changed cell each), and the
 * cell-aware diff of two 1,000-cell versions; beside them, for scale,
 * `git diff --no-index` of the same two files and `git commit` of the
 * same kind of change (the only uses of the git program). One line per
 * figure, with the target. Run by bench/run.sh (`make bench`);
 * never by `make check`.
 *
 *	bench_vcs [NCELLS [NHISTORY [NRUNS]]]	(defaults 1000, 1000, 21)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "celldiff.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "vcs.h"

static double
bench_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of the process: what a commit costs whatever else runs. */
static double
bench_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
bench_dbl_cmp(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? -1 : a > b;
}

static double
bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_dbl_cmp);
	return v[n / 2];
}

static void
bench_die(const char *what)
{
	fprintf(stderr, "bench_vcs: %s: %s\n", what, err_last());
	exit(1);
}

/*
 * The notebook as marimo writes it: a chain like bench/gen-notebook.py
 * makes (cell i reads cell i-1), every tenth cell named; stamp[i] is a
 * number in cell i's first line, bumped to change the cell. order, when
 * not NULL, lists the cells to write (norder of them; BENCH_FRESH is a
 * new cell).
 */
#define BENCH_FRESH ((size_t)-1)

static void
bench_text_order(struct buf *out, const size_t *order, size_t norder,
    const unsigned *stamp)
{
	size_t k, i;

	buf_reset(out);
	buf_adds(out, "import marimo\n\n__generated_with = \"0.24.0\"\n"
	    "app = marimo.App()\n");
	for (k = 0; k < norder; k++) {
		i = order != NULL ? order[k] : k;
		buf_adds(out, "\n\n@app.cell\n");
		if (i == BENCH_FRESH) {
			buf_adds(out, "def _():\n    fresh = 1\n    fresh\n"
			    "    return\n");
			continue;
		}
		if (i % 10 == 0)
			buf_addf(out, "def step_%zu(", i);
		else
			buf_adds(out, "def _(");
		if (i > 0)
			buf_addf(out, "v%zu", i - 1);
		buf_addf(out, "):\n    v%zu = %s%zu + %u\n", i,
		    i > 0 ? "v" : "", i > 0 ? i - 1 : 0, stamp[i]);
		buf_addf(out, "    w%zu = [x * %zu for x in range(10)]\n", i,
		    i);
		buf_addf(out, "    print(v%zu, sum(w%zu))\n", i, i);
		buf_addf(out, "    return (v%zu,)\n", i);
	}
	buf_adds(out, "\n\nif __name__ == \"__main__\":\n    app.run()\n");
}

static void
bench_text(struct buf *out, size_t ncells, const unsigned *stamp)
{
	bench_text_order(out, NULL, ncells, stamp);
}

/*
 * Write the notebook (atomically, as a save does) and build the model the
 * editor would hold: the same cells, made directly rather than parsed
 * back (parsing is the formats' cost, not versioning's).
 */
static struct nb *
bench_save(const char *path, struct buf *text, size_t ncells,
    const unsigned *stamp)
{
	struct nb *nb = nb_new();
	struct buf src = BUF_INIT;
	size_t i;

	bench_text(text, ncells, stamp);
	if (fmt_write_atomic(path, text->ptr, text->len) < 0)
		bench_die("save");
	for (i = 0; i < ncells; i++) {
		struct nb_cell *c;
		char name[32];

		buf_reset(&src);
		buf_addf(&src, "v%zu = %s%zu + %u\n", i, i > 0 ? "v" : "",
		    i > 0 ? i - 1 : 0, stamp[i]);
		buf_addf(&src, "w%zu = [x * %zu for x in range(10)]\n", i, i);
		buf_addf(&src, "print(v%zu, sum(w%zu))", i, i);
		c = nb_cell_insert(nb, i, src.ptr, src.len);
		if (i % 10 == 0) {
			(void)snprintf(name, sizeof name, "step_%zu", i);
			nb_cell_set_name(c, name);
		}
	}
	nb_set_version(nb, "0.24.0");
	buf_release(&src);
	return nb;
}

static int
bench_sh(const char *dir, const char *cmd)
{
	struct buf b = BUF_INIT;
	int st;

	buf_addf(&b, "cd '%s' && %s >/dev/null 2>&1", dir, cmd);
	st = system(b.ptr);
	buf_release(&b);
	return st;
}

int
main(int argc, char **argv)
{
	size_t ncells = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
	size_t nhist = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
	size_t nruns = argc > 3 ? strtoul(argv[3], NULL, 10) : 21;
	char tmpl[] = "/tmp/quire-bench-vcs.XXXXXX";
	struct buf path = BUF_INIT, text = BUF_INIT, cmd = BUF_INIT;
	struct buf v1 = BUF_INIT, v2 = BUF_INIT;
	struct vcs_commit_info info;
	struct vcs *v = NULL;
	struct nb *nb, *a, *b;
	struct celldiff *d;
	unsigned *stamp;
	size_t *order;
	double *cpu;
	double *t, t0, hist_ms, med, worst;
	size_t i, k;
	bool have_git;

	if (ncells < 10 || nruns < 1 || argc > 4) {
		fprintf(stderr, "usage: bench_vcs [NCELLS >= 10 [NHISTORY "
		    "[NRUNS >= 1]]]\n");
		return 2;
	}
	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* Nothing from the user's git config, a fixed identity. */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", tmpl, 1);
	setenv("XDG_CONFIG_HOME", tmpl, 1);
	setenv("GIT_AUTHOR_NAME", "Bench", 1);
	setenv("GIT_AUTHOR_EMAIL", "bench@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Bench", 1);
	setenv("GIT_COMMITTER_EMAIL", "bench@example.com", 1);
	have_git = system("git --version >/dev/null 2>&1") == 0;
	t = calloc(nruns + 1, sizeof *t);
	stamp = calloc(ncells, sizeof *stamp);
	buf_addf(&path, "%s/nb.py", tmpl);

	/* The history: one changed cell per commit, as saves make it. */
	nb = bench_save(path.ptr, &text, ncells, stamp);
	if (vcs_open_auto(&v, path.ptr, VCS_AUTO_INIT_YES) < 0)
		bench_die("init");
	t0 = bench_ms();
	for (i = 0; i <= nhist; i++) {
		if (i > 0) {
			stamp[(i * 7) % ncells]++;
			nb_free(nb);
			nb = bench_save(path.ptr, &text, ncells, stamp);
		}
		if (vcs_commit_file(v, nb, NULL, &info) < 0 || !info.committed)
			bench_die("commit");
		vcs_commit_info_release(&info);
	}
	hist_ms = bench_ms() - t0;
	printf("history: %zu commits of a %zu-cell notebook (%zu bytes) in "
	    "%.0f ms, %.1f ms per save\n", nhist + 1, ncells, text.len,
	    hist_ms, hist_ms / (double)(nhist + 1));

	/* Commit on save, as the editor does it: the saved model in hand. */
	cpu = calloc(nruns + 1, sizeof *cpu);
	for (k = 0; k < nruns; k++) {
		double c0;

		stamp[(k * 13 + 5) % ncells]++;
		nb_free(nb);
		nb = bench_save(path.ptr, &text, ncells, stamp);
		c0 = bench_cpu_ms();
		t0 = bench_ms();
		if (vcs_commit_file(v, nb, NULL, &info) < 0 || !info.committed)
			bench_die("commit");
		t[k] = bench_ms() - t0;
		cpu[k] = bench_cpu_ms() - c0;
		vcs_commit_info_release(&info);
	}
	med = bench_median(t, nruns);
	worst = t[nruns - 1];
	printf("commit_on_save_median_ms=%.2f max=%.2f cpu_median_ms=%.2f "
	    "n=%zu cells=%zu history=%zu (target < 20 ms: %s)\n", med, worst,
	    bench_median(cpu, nruns), nruns, ncells, nhist + 1,
	    med < 20.0 ? "met" : "MISSED");
	free(cpu);

	/* The same without the model: quire reads the file back. */
	for (k = 0; k < nruns; k++) {
		stamp[(k * 17 + 3) % ncells]++;
		nb_free(nb);
		nb = bench_save(path.ptr, &text, ncells, stamp);
		t0 = bench_ms();
		if (vcs_commit_file(v, NULL, NULL, &info) < 0 ||
		    !info.committed)
			bench_die("commit");
		t[k] = bench_ms() - t0;
		vcs_commit_info_release(&info);
	}
	printf("commit_reparsing_file_median_ms=%.2f n=%zu\n",
	    bench_median(t, nruns), nruns);

	/* git commit of the same kind of change, for scale. */
	if (have_git) {
		for (k = 0; k < nruns; k++) {
			stamp[(k * 19 + 1) % ncells]++;
			nb_free(nb);
			nb = bench_save(path.ptr, &text, ncells, stamp);
			t0 = bench_ms();
			if (bench_sh(tmpl, "git commit -q -m x nb.py") != 0) {
				fprintf(stderr, "bench_vcs: git commit "
				    "failed\n");
				return 1;
			}
			t[k] = bench_ms() - t0;
		}
		printf("git_commit_path_median_ms=%.2f n=%zu (the git program, "
		    "process start included)\n", bench_median(t, nruns), nruns);
	}

	/* Two versions: a tenth of the cells edited, two moved far, one
	 * removed, one added. */
	memset(stamp, 0, ncells * sizeof *stamp);
	bench_text(&v1, ncells, stamp);
	for (i = 3; i < ncells; i += 10)
		stamp[i] = 1;
	order = calloc(ncells + 1, sizeof *order);
	for (i = 0, k = 0; i < ncells; i++) {
		if (i == ncells / 10 || i == ncells * 555 / 1000 ||
		    i == ncells * 7 / 10)
			continue;	/* moved below, or removed */
		if (k == ncells / 50)
			order[k++] = ncells * 555 / 1000;
		if (k == ncells * 2 / 5)
			order[k++] = BENCH_FRESH;
		order[k++] = i;
		if (i == ncells * 9 / 10)
			order[k++] = ncells / 10;
	}
	bench_text_order(&v2, order, k, stamp);
	free(order);
	if (fmt_parse(&a, FMT_MARIMO, "v1.py", v1.ptr, v1.len, NULL) < 0 ||
	    fmt_parse(&b, FMT_MARIMO, "v2.py", v2.ptr, v2.len, NULL) < 0)
		bench_die("parse");
	for (k = 0; k < nruns; k++) {
		t0 = bench_ms();
		d = celldiff_new(a, b, NULL);
		t[k] = bench_ms() - t0;
		if (k == 0) {
			struct buf s = BUF_INIT;

			celldiff_summary(d, &s, 3);
			printf("diff: %s\n", s.ptr);
			buf_release(&s);
		}
		celldiff_free(d);
	}
	med = bench_median(t, nruns);
	printf("celldiff_median_ms=%.2f max=%.2f n=%zu cells=%zu "
	    "(target < 50 ms: %s)\n", med, t[nruns - 1], nruns, ncells,
	    med < 50.0 ? "met" : "MISSED");
	for (k = 0; k < nruns; k++) {
		t0 = bench_ms();
		d = celldiff_new(a, a, NULL);
		t[k] = bench_ms() - t0;
		celldiff_free(d);
	}
	printf("celldiff_identical_median_ms=%.2f n=%zu\n",
	    bench_median(t, nruns), nruns);

	/* git diff of the same two versions as files, for scale. */
	if (have_git) {
		struct buf f1 = BUF_INIT, f2 = BUF_INIT;

		buf_addf(&f1, "%s/v1.py", tmpl);
		buf_addf(&f2, "%s/v2.py", tmpl);
		if (fmt_write_atomic(f1.ptr, v1.ptr, v1.len) < 0 ||
		    fmt_write_atomic(f2.ptr, v2.ptr, v2.len) < 0)
			bench_die("write");
		for (k = 0; k < nruns; k++) {
			t0 = bench_ms();
			/* Exit status 1 means "differences". */
			(void)bench_sh(tmpl, "git diff --no-index v1.py v2.py");
			t[k] = bench_ms() - t0;
		}
		printf("git_diff_no_index_median_ms=%.2f n=%zu (line diff of "
		    "the files, process start included)\n",
		    bench_median(t, nruns), nruns);
		buf_release(&f1);
		buf_release(&f2);
	}

	nb_free(nb);
	nb_free(a);
	nb_free(b);
	vcs_free(v);
	buf_addf(&cmd, "rm -rf '%s'", tmpl);
	if (system(cmd.ptr) != 0)
		fprintf(stderr, "bench_vcs: could not remove %s\n", tmpl);
	buf_release(&cmd);
	buf_release(&path);
	buf_release(&text);
	buf_release(&v1);
	buf_release(&v2);
	free(stamp);
	free(t);
	return 0;
}
