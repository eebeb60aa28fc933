/*
 * bench_editor.c: the editor under a scripted user. quire edit runs on a
 * pseudo-terminal (80x24) on a generated notebook of 1,000 cells; keys
 * are written one at a time and the terminal output read until it goes
 * quiet, so each key's time is from the write to the last byte of the
 * redraw it caused, as a person at the terminal would see it. Reports
 * the time to first paint, the median and 95th percentile time per key
 * (moving between cells, typing in a cell, moving the cursor), the bytes
 * written to the terminal per key (minimal redraw) and the editor's
 * resident memory.
 *
 *	bench/bench_editor [QUIRE [NCELLS]]
 *
 * QUIRE defaults to $top_builddir/quire; NCELLS (1 or more) to 1,000.
 * Lazy mode is set in a private config so that committing a cell runs
 * nothing: no kernel starts, and what is measured is the editor alone.
 *
 * Every key sent must change the screen: the walk goes down at most to
 * the last cell, since Down there is a no-op the editor rightly does not
 * redraw for. A key that draws nothing within BENCH_SILENT_MS is counted
 * as silent (not timed as 0 ms), and BENCH_SILENT_MAX of them in a row
 * end the run, so a replay that stops redrawing fails in seconds
 * instead of waiting out every key.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BENCH_QUIET_MS 40	/* no output this long: the redraw is over */
#define BENCH_FIRST_MS 20000	/* give up on the first paint after this */
#define BENCH_STARTS 5		/* starts timed for the first paint */
#define BENCH_SILENT_MS 2000	/* no first byte this long: a silent key */
#define BENCH_SILENT_MAX 3	/* silent keys in a row that end the run */
#define BENCH_WALK 300		/* Down keys, at most: one fewer than cells */

struct bench_sample {
	double ms;
	size_t bytes;
};

struct bench_set {
	const char *name;
	struct bench_sample *v;
	size_t n, alloc;
};

static int bench_silent;	/* silent keys in a row */
static int bench_silent_total;	/* silent keys in the whole replay */

static double
bench_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * Read what the editor writes until it has been quiet for quiet_ms (or
 * limit_ms passed). *last gets the time of the last byte (0 if none);
 * returns the bytes read, or -1 when the editor went away.
 */
/*
 * Answer the editor's start-up width probe (CSI 6 n after each probe
 * string) as a terminal that agrees with the width table would: column
 * 3 after the wide and emoji probes, 2 after the others; and the DA1
 * query (CSI c, asked for pictures) as an xterm without sixel would, so
 * quire never waits out its 300 ms for an answer. tail keeps the last
 * bytes seen, since a probe may come in more than one read.
 */
static void
bench_answer_probe(int fd, const char *b, size_t n)
{
	static char tail[16];
	static size_t ntail;
	char w[sizeof tail + 64];
	size_t len, i;

	len = ntail;
	memcpy(w, tail, ntail);
	for (i = 0; i < n; i++) {
		if (len == sizeof w) {
			memmove(w, w + len - sizeof tail, sizeof tail);
			len = sizeof tail;
		}
		w[len++] = b[i];
		if (len >= 4 && memcmp(w + len - 4, "\033[6n", 4) == 0) {
			bool wide = (len >= 7 && memcmp(w + len - 7,
			    "\xe4\xb8\x80", 3) == 0) || (len >= 8 &&
			    memcmp(w + len - 8, "\xf0\x9f\x98\x80", 4) == 0);

			if (write(fd, wide ? "\033[1;3R" : "\033[1;2R", 6) < 0)
				return;
		}
		if (len >= 3 && memcmp(w + len - 3, "\033[c", 3) == 0 &&
		    write(fd, "\033[?62;22c", 10) < 0)
			return;
	}
	ntail = len < sizeof tail ? len : sizeof tail;
	memcpy(tail, w + len - ntail, ntail);
}

static long
bench_drain(int fd, int quiet_ms, int limit_ms, double *last)
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
		r = poll(&p, 1, total == 0 && limit_ms > quiet_ms ?
		    limit_ms : quiet_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return total;
		n = read(fd, b, sizeof b);
		if (n <= 0)
			return total > 0 ? total : -1;
		bench_answer_probe(fd, b, (size_t)n);
		total += n;
		*last = bench_now_ms();
		if (*last - start > limit_ms)
			return total;
	}
}

static void
bench_add(struct bench_set *s, double ms, size_t bytes)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 64;
		s->v = realloc(s->v, s->alloc * sizeof *s->v);
		if (s->v == NULL)
			abort();
	}
	s->v[s->n].ms = ms;
	s->v[s->n].bytes = bytes;
	s->n++;
}

static int
bench_cmp_ms(const void *a, const void *b)
{
	double x = ((const struct bench_sample *)a)->ms;
	double y = ((const struct bench_sample *)b)->ms;

	return x < y ? -1 : x > y;
}

static int
bench_cmp_bytes(const void *a, const void *b)
{
	size_t x = ((const struct bench_sample *)a)->bytes;
	size_t y = ((const struct bench_sample *)b)->bytes;

	return x < y ? -1 : x > y;
}

/* Median and p95 of a set, in ms; median bytes. */
static void
bench_report(struct bench_set *s, double *med, double *p95, size_t *bytes)
{
	*med = *p95 = 0;
	*bytes = 0;
	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof *s->v, bench_cmp_ms);
	*med = s->v[s->n / 2].ms;
	*p95 = s->v[(s->n * 95) / 100 < s->n ? (s->n * 95) / 100 :
	    s->n - 1].ms;
	qsort(s->v, s->n, sizeof *s->v, bench_cmp_bytes);
	*bytes = s->v[s->n / 2].bytes;
}

/*
 * Send one key and time its redraw into set. A key that draws nothing is
 * not a sample; BENCH_SILENT_MAX of them in a row fail the replay.
 */
static int
bench_key(int fd, const char *key, struct bench_set *set)
{
	double t0, last;
	long n;

	t0 = bench_now_ms();
	if (write(fd, key, strlen(key)) != (ssize_t)strlen(key))
		return -1;
	n = bench_drain(fd, BENCH_QUIET_MS, BENCH_SILENT_MS, &last);
	if (n < 0)
		return -1;
	if (n == 0) {
		bench_silent_total++;
		if (++bench_silent < BENCH_SILENT_MAX)
			return 0;
		fprintf(stderr, "bench_editor: %d keys in a row (the last "
		    "in \"%s\") drew nothing\n", bench_silent, set->name);
		return -1;
	}
	bench_silent = 0;
	bench_add(set, last - t0, (size_t)n);
	return 0;
}

/*
 * Stop the editor: SIGTERM, then SIGKILL if it is still there after a
 * second, so the bench never waits on an editor that will not go.
 */
static void
bench_stop(pid_t pid)
{
	int i, st;

	(void)kill(pid, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(pid, &st, WNOHANG) != 0)
			return;
		(void)poll(NULL, 0, 10);
	}
	(void)kill(pid, SIGKILL);
	(void)waitpid(pid, &st, 0);
}

static long
bench_status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	size_t flen = strlen(field);
	long kb = -1;
	FILE *f;

	(void)snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, flen) == 0 && line[flen] == ':')
			kb = strtol(line + flen + 1, NULL, 10);
	(void)fclose(f);
	return kb;
}

/* A chain of cells, each a few lines, in marimo's format. */
static int
bench_notebook(const char *path, int ncells)
{
	FILE *f = fopen(path, "w");
	int i;

	if (f == NULL)
		return -1;
	fprintf(f, "import marimo\n\n__generated_with = \"0.24.0\"\n"
	    "app = marimo.App()\n\n");
	for (i = 0; i < ncells; i++) {
		fprintf(f, "\n@app.cell\ndef c%d():\n", i);
		if (i == 0)
			fprintf(f, "    v0 = 1\n");
		else
			fprintf(f, "    # step %d of the chain\n"
			    "    v%d = v%d + %d\n    total_%d = v%d * 2\n",
			    i, i, i - 1, i, i, i);
		fprintf(f, "    return\n\n");
	}
	fprintf(f, "\nif __name__ == \"__main__\":\n    app.run()\n");
	return fclose(f);
}

/* Start quire edit path on a new 80x24 pseudo-terminal. */
static pid_t
bench_spawn(const char *quire, const char *path, const char *confdir,
    int *fd, double *t0)
{
	struct winsize ws = { 24, 80, 0, 0 };
	pid_t pid;

	*t0 = bench_now_ms();
	pid = forkpty(fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("bench_editor: forkpty");
		return -1;
	}
	if (pid == 0) {
		(void)setenv("TERM", "xterm-256color", 1);
		(void)setenv("XDG_CONFIG_HOME", confdir, 1);
		(void)setenv("LANG", "C.UTF-8", 1);
		(void)setenv("LC_ALL", "C.UTF-8", 1);
		(void)unsetenv("NO_COLOR");
		execl(quire, quire, "edit", path, (char *)NULL);
		_exit(127);
	}
	return pid;
}

int
main(int argc, char **argv)
{
	const char *quire = argc > 1 ? argv[1] : NULL;
	int ncells = 1000, nwalk, fd, i, rc = 1;
	char dir[] = "/tmp/quire-bench-editor.XXXXXX", path[512], conf[512];
	char exe[512];
	struct bench_set nav = { "move between cells (Down)", NULL, 0, 0 };
	struct bench_set type = { "type in a cell", NULL, 0, 0 };
	struct bench_set cursor = { "move the cursor (Left)", NULL, 0, 0 };
	struct bench_set all = { "all keys", NULL, 0, 0 };
	struct bench_set first = { "first paint", NULL, 0, 0 };
	struct bench_set *sets[] = { &nav, &type, &cursor, &all };
	double t0, last, med, p95, first_ms;
	size_t bytes, k;
	long first_bytes, rss, hwm;
	pid_t pid;

	if (argc > 2) {
		char *end;
		long v;

		errno = 0;
		v = strtol(argv[2], &end, 10);
		if (errno != 0 || end == argv[2] || *end != '\0' || v < 1 ||
		    v > 1000000) {
			fprintf(stderr, "bench_editor: %s: NCELLS must be a "
			    "number from 1 to 1000000\n", argv[2]);
			return 1;
		}
		ncells = (int)v;
	}
	nwalk = ncells - 1 < BENCH_WALK ? ncells - 1 : BENCH_WALK;
	if (quire == NULL) {
		const char *b = getenv("top_builddir");

		(void)snprintf(exe, sizeof exe, "%s/quire", b ? b : ".");
		quire = exe;
	}
	if (access(quire, X_OK) < 0) {
		fprintf(stderr, "bench_editor: %s: not executable\n", quire);
		return 1;
	}
	if (mkdtemp(dir) == NULL)
		return 1;
	(void)snprintf(path, sizeof path, "%s/nb.py", dir);
	(void)snprintf(conf, sizeof conf, "%s/quire", dir);
	if (bench_notebook(path, ncells) != 0 || mkdir(conf, 0700) < 0)
		goto done;
	(void)snprintf(conf, sizeof conf, "%s/quire/config", dir);
	{
		FILE *f = fopen(conf, "w");

		if (f == NULL)
			goto done;
		fprintf(f, "run.on_change = lazy\neditor.mouse = no\n");
		(void)fclose(f);
	}
	(void)snprintf(conf, sizeof conf, "%s", dir);
	/* Time to first paint: the median of five starts. */
	for (i = 0; i < BENCH_STARTS; i++) {
		if ((pid = bench_spawn(quire, path, conf, &fd, &t0)) < 0)
			goto done;
		first_bytes = bench_drain(fd, 200, BENCH_FIRST_MS, &last);
		if (first_bytes <= 0) {
			fprintf(stderr, "bench_editor: no first paint\n");
			bench_stop(pid);
			goto done;
		}
		bench_add(&first, last - t0, (size_t)first_bytes);
		if (i == BENCH_STARTS - 1)
			break;	/* this one takes the keys */
		bench_stop(pid);
		(void)close(fd);
	}
	bench_report(&first, &first_ms, &p95, &bytes);
	printf("first_paint_ms=%.1f first_paint_max_ms=%.1f "
	    "first_paint_bytes=%zu cells=%d\n", first_ms,
	    first.v[first.n - 1].ms, bytes, ncells);
	/* Walk down 300 cells (or to the last), scrolling the column. */
	for (i = 0; i < nwalk; i++)
		if (bench_key(fd, "\033[B", &nav) < 0)
			goto gone;
	/* Edit a cell: type 100 characters, move back over 50. */
	if (bench_key(fd, "\r", &all) < 0)
		goto gone;
	for (i = 0; i < 100; i++)
		if (bench_key(fd, i % 10 == 9 ? " " : "x", &type) < 0)
			goto gone;
	for (i = 0; i < 50; i++)
		if (bench_key(fd, "\033[D", &cursor) < 0)
			goto gone;
	rss = bench_status_kb(pid, "VmRSS");
	hwm = bench_status_kb(pid, "VmHWM");
	for (k = 0; k < 3; k++) {
		size_t j;

		for (j = 0; j < sets[k]->n; j++)
			bench_add(&all, sets[k]->v[j].ms, sets[k]->v[j].bytes);
	}
	for (k = 0; k < sizeof sets / sizeof sets[0]; k++) {
		bench_report(sets[k], &med, &p95, &bytes);
		printf("%-28s keys=%zu median_ms=%.3f p95_ms=%.3f "
		    "median_bytes=%zu\n", sets[k]->name, sets[k]->n, med, p95,
		    bytes);
	}
	bench_report(&all, &med, &p95, &bytes);
	if (bench_silent_total > 0)
		printf("silent_keys=%d (drew nothing, not timed)\n",
		    bench_silent_total);
	printf("rss_mb=%.1f peak_rss_mb=%.1f\n", (double)rss / 1024,
	    (double)hwm / 1024);
	printf("target for %d cells: key+redraw median < 1 ms: %s; first "
	    "paint < 150 ms: %s; RSS < 40 MB: %s\n", ncells,
	    med < 1.0 ? "met" : "MISSED", first_ms < 150 ? "met" : "MISSED",
	    hwm > 0 && hwm < 40 * 1024 ? "met" : "MISSED");
	/* Quit without saving. */
	(void)write(fd, "\033", 1);
	(void)bench_drain(fd, 100, 500, &last);
	(void)write(fd, "\021", 1);
	(void)bench_drain(fd, 100, 1000, &last);
	(void)write(fd, "n", 1);
	(void)bench_drain(fd, 100, 1000, &last);
	bench_stop(pid);
	rc = 0;
	goto done;
gone:
	fprintf(stderr, "bench_editor: the editor went away or stopped "
	    "drawing\n");
	bench_stop(pid);
done:
	(void)snprintf(path, sizeof path, "%s/nb.py", dir);
	(void)unlink(path);
	(void)snprintf(path, sizeof path, "%s/quire/config", dir);
	(void)unlink(path);
	(void)snprintf(path, sizeof path, "%s/quire", dir);
	(void)rmdir(path);
	(void)rmdir(dir);
	return rc;
}
