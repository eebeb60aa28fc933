/*
 * cli_vcs.c: `quire log`, `quire diff` and `quire show`: the notebook's
 * history, cell-aware diffs and old versions on the command line, with
 * the library the editor uses (src/vcs.c, src/celldiff.c). Everything
 * that comes from the repository or a notebook (names, messages, code)
 * is sanitised before it is printed; colour only on a terminal, unless
 * --color says otherwise or NO_COLOR is set.
 *
 * `quire diff` takes what git gives it: two files (`git difftool -x
 * 'quire diff'`), or the seven arguments of an external diff driver
 * (path old-file old-hex old-mode new-file new-hex new-mode), so a
 * `diff=quire` attribute makes `git diff` cell-aware.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ana.h"
#include "buf.h"
#include "celldiff.h"
#include "cli.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "sanitize.h"
#include "vcs.h"

#define VCS_CLI_OK 0
#define VCS_CLI_FAIL 1
#define VCS_CLI_USAGE 2

/* SGR sequences quire writes itself. */
#define C_RESET "\033[m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_REVERSE "\033[7m"

struct cli_vcs_out {
	bool color;
	unsigned context;
	struct buf b;		/* the output so far */
};

/* --color=WHEN, NO_COLOR and the terminal decide. -1: a bad WHEN. */
static int
cli_vcs_color(const char *when)
{
	const char *nc = getenv("NO_COLOR");

	if (when == NULL || strcmp(when, "auto") == 0)
		return isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	return -1;
}

static void
cli_vcs_flush(struct cli_vcs_out *o)
{
	if (o->b.len > 0)
		(void)fwrite(o->b.ptr, 1, o->b.len, stdout);
	buf_reset(&o->b);
}

static void
cli_vcs_sgr(struct cli_vcs_out *o, const char *sgr)
{
	if (o->color)
		buf_adds(&o->b, sgr);
}

/* One untrusted one-line item (name, author, subject). */
static void
cli_vcs_field(struct buf *b, const char *s)
{
	sanitize_to_buf(b, SANITIZE_FIELD, s, strlen(s));
}

/* Untrusted text: no control character reaches the terminal. */
static void
cli_vcs_text(struct buf *b, const char *s, size_t len)
{
	if (len > 0)
		sanitize_to_buf(b, SANITIZE_TEXT, s, len);
}

static void
cli_vcs_date(struct buf *b, int64_t t, int offset)
{
	time_t local = (time_t)(t + (int64_t)offset * 60);
	struct tm tm;
	char when[64];
	int off = offset < 0 ? -offset : offset;

	if (gmtime_r(&local, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		buf_addf(b, "@%lld", (long long)t);
		return;
	}
	buf_addf(b, "%s %c%02d%02d", when, offset < 0 ? '-' : '+', off / 60,
	    off % 60);
}

/* "cell 2 load" / "cell 3": how the output names a cell. */
static void
cli_vcs_cell(struct buf *b, size_t idx, const char *name)
{
	buf_addf(b, "cell %zu", idx + 1);
	if (name != NULL && strcmp(name, "_") != 0) {
		buf_addc(b, ' ');
		cli_vcs_field(b, name);
	}
}

/* ---------------------------------------------------------------- */
/* Printing a cell-aware diff.                                       */

static void
cli_vcs_line(struct cli_vcs_out *o, const struct celldiff_line *l)
{
	const char *color = l->op == CELLDIFF_DEL ? C_RED :
	    l->op == CELLDIFF_ADD ? C_GREEN : NULL;
	size_t k, at = 0;

	if (color != NULL)
		cli_vcs_sgr(o, color);
	buf_addc(&o->b, (char)l->op);
	if (!o->color || l->nspans == 0)
		cli_vcs_text(&o->b, l->text, l->len);
	else {
		/* Words that changed inside the line, in reverse video. */
		for (k = 0; k < l->nspans; k++) {
			const struct celldiff_span *sp = &l->spans[k];

			cli_vcs_text(&o->b, l->text + at, sp->off - at);
			cli_vcs_sgr(o, C_REVERSE);
			cli_vcs_text(&o->b, l->text + sp->off, sp->len);
			cli_vcs_sgr(o, C_RESET);
			cli_vcs_sgr(o, color);
			at = sp->off + sp->len;
		}
		cli_vcs_text(&o->b, l->text + at, l->len - at);
	}
	if (color != NULL)
		cli_vcs_sgr(o, C_RESET);
	buf_addc(&o->b, '\n');
}

static void
cli_vcs_hunks(struct cli_vcs_out *o, const struct celldiff_entry *e)
{
	size_t h, k;

	for (h = 0; h < e->nhunks; h++) {
		const struct celldiff_hunk *hk = &e->hunks[h];

		cli_vcs_sgr(o, C_CYAN);
		buf_addf(&o->b, "@@ -%zu,%zu +%zu,%zu @@", hk->old_start,
		    hk->old_count, hk->new_start, hk->new_count);
		cli_vcs_sgr(o, C_RESET);
		buf_addc(&o->b, '\n');
		for (k = hk->first; k < hk->first + hk->n; k++)
			cli_vcs_line(o, &e->lines[k]);
	}
}

static void
cli_vcs_entry(struct cli_vcs_out *o, const struct celldiff_entry *e)
{
	struct buf notes = BUF_INIT;
	bool is_old = e->kind == CELLDIFF_REMOVED;
	size_t k;

	cli_vcs_sgr(o, C_BOLD);
	buf_adds(&o->b, "## ");
	cli_vcs_cell(&o->b, is_old ? e->old_idx : e->new_idx,
	    is_old ? e->old_name : e->new_name);
	buf_addf(&o->b, ": %s", celldiff_kind_name(e->kind));
	if (e->kind == CELLDIFF_CHANGED || e->kind == CELLDIFF_MOVED) {
		if (e->flags & CELLDIFF_F_MOVED)
			buf_addf(&notes, "%swas cell %zu",
			    e->kind == CELLDIFF_CHANGED ? "moved, " : "",
			    e->old_idx + 1);
		if ((e->flags & CELLDIFF_F_RENAMED) &&
		    strcmp(e->old_name, "_") == 0)
			buf_addf(&notes, "%snamed", notes.len ? ", " : "");
		else if (e->flags & CELLDIFF_F_RENAMED) {
			buf_addf(&notes, "%s%s ", notes.len ? ", " : "",
			    strcmp(e->new_name, "_") == 0 ? "unnamed, was" :
			    "renamed from");
			cli_vcs_field(&notes, e->old_name);
		}
		if (e->flags & CELLDIFF_F_CONFIG)
			buf_addf(&notes, "%sconfig changed",
			    notes.len ? ", " : "");
		if (e->flags & CELLDIFF_F_WHITESPACE)
			buf_addf(&notes, "%swhitespace only",
			    notes.len ? ", " : "");
		if (e->flags & CELLDIFF_F_SPLIT)
			buf_addf(&notes, "%ssplit", notes.len ? ", " : "");
		if (e->flags & CELLDIFF_F_MERGED)
			buf_addf(&notes, "%smerged", notes.len ? ", " : "");
	} else if (e->kind == CELLDIFF_ADDED &&
	    (e->flags & CELLDIFF_F_SPLIT))
		buf_addf(&notes, "split from old cell %zu", e->other_idx + 1);
	else if (e->kind == CELLDIFF_REMOVED &&
	    (e->flags & CELLDIFF_F_MERGED))
		buf_addf(&notes, "merged into cell %zu", e->other_idx + 1);
	if (notes.len > 0)
		buf_addf(&o->b, " (%s)", notes.ptr);
	cli_vcs_sgr(o, C_RESET);
	buf_addc(&o->b, '\n');
	if (e->kind == CELLDIFF_ADDED || e->kind == CELLDIFF_REMOVED)
		for (k = 0; k < e->nlines; k++)
			cli_vcs_line(o, &e->lines[k]);
	else
		cli_vcs_hunks(o, e);
	buf_release(&notes);
}

/* The header (PEP 723 block, version) as a text diff. */
static void
cli_vcs_header(struct cli_vcs_out *o, const struct nb *a, const struct nb *b)
{
	struct celldiff_options opts = { .context = o->context };
	struct buf ta = BUF_INIT, tb = BUF_INIT;
	struct celldiff *d;

	if (nb_header(a) != NULL)
		buf_addf(&ta, "%s\n", nb_header(a));
	buf_addf(&ta, "__generated_with = \"%s\"", nb_version(a) ?
	    nb_version(a) : "");
	if (nb_header(b) != NULL)
		buf_addf(&tb, "%s\n", nb_header(b));
	buf_addf(&tb, "__generated_with = \"%s\"", nb_version(b) ?
	    nb_version(b) : "");
	d = celldiff_text(ta.ptr, ta.len, tb.ptr, tb.len, &opts);
	cli_vcs_sgr(o, C_BOLD);
	buf_adds(&o->b, "## header: changed");
	cli_vcs_sgr(o, C_RESET);
	buf_addc(&o->b, '\n');
	cli_vcs_hunks(o, celldiff_entry_at(d, 0));
	celldiff_free(d);
	buf_release(&ta);
	buf_release(&tb);
}

static void
cli_vcs_labels(struct cli_vcs_out *o, const char *a, const char *b)
{
	cli_vcs_sgr(o, C_BOLD);
	buf_adds(&o->b, "--- ");
	cli_vcs_field(&o->b, a);
	buf_adds(&o->b, "\n+++ ");
	cli_vcs_field(&o->b, b);
	buf_addc(&o->b, '\n');
	cli_vcs_sgr(o, C_RESET);
}

static void
cli_vcs_print_diff(struct cli_vcs_out *o, const struct nb *a,
    const struct nb *b, const char *la, const char *lb)
{
	struct celldiff_options opts = { .context = o->context,
		.no_context = o->context == 0 };
	struct celldiff *d = celldiff_new(a, b, &opts);
	struct buf sum = BUF_INIT;
	size_t k;

	cli_vcs_labels(o, la, lb);
	if (celldiff_is_empty(d)) {
		buf_adds(&o->b, "no cell changed\n");
		goto done;
	}
	celldiff_summary(d, &sum, 0);
	buf_adds(&o->b, "cells: ");
	cli_vcs_text(&o->b, sum.ptr, sum.len);
	buf_addc(&o->b, '\n');
	if (celldiff_header_changed(d) && a != NULL && b != NULL)
		cli_vcs_header(o, a, b);
	for (k = 0; k < celldiff_nentries(d); k++) {
		const struct celldiff_entry *e = celldiff_entry_at(d, k);

		if (e->kind != CELLDIFF_UNCHANGED)
			cli_vcs_entry(o, e);
		if (o->b.len > 65536)
			cli_vcs_flush(o);
	}
done:
	cli_vcs_flush(o);
	buf_release(&sum);
	celldiff_free(d);
}

/* Two texts that are not both notebooks: an ordinary line diff. */
static void
cli_vcs_print_text(struct cli_vcs_out *o, const struct buf *a,
    const struct buf *b, const char *la, const char *lb)
{
	struct celldiff_options opts = { .context = o->context,
		.no_context = o->context == 0 };
	struct celldiff *d = celldiff_text(a->ptr, a->len, b->ptr, b->len,
	    &opts);

	cli_vcs_labels(o, la, lb);
	cli_vcs_hunks(o, celldiff_entry_at(d, 0));
	cli_vcs_flush(o);
	celldiff_free(d);
}

/* ---------------------------------------------------------------- */
/* Reading both sides.                                               */

static int
cli_vcs_read(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		err_errno("%s", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	if (ferror(f)) {
		err_errno("%s", path);
		(void)fclose(f);
		return -1;
	}
	(void)fclose(f);
	return 0;
}

/* A notebook kind the cell diff understands. */
static bool
cli_vcs_is_notebook(const char *name, const struct buf *t)
{
	enum fmt_kind k = fmt_guess(name, t->ptr, t->len);

	return k == FMT_MARIMO || k == FMT_PERCENT || k == FMT_IPYNB;
}

/*
 * Diff two texts: cell-aware when both are notebooks (name gives the
 * suffix that picks the format), else line by line. A NULL text is an
 * absent file.
 */
static int
cli_vcs_diff_texts(struct cli_vcs_out *o, const char *name,
    const struct buf *ta, const struct buf *tb, const char *la,
    const char *lb)
{
	struct nb *a = NULL, *b = NULL;
	static const struct buf empty = BUF_INIT;
	int error = -1;

	if ((ta != NULL && !cli_vcs_is_notebook(name, ta)) ||
	    (tb != NULL && !cli_vcs_is_notebook(name, tb))) {
		cli_vcs_print_text(o, ta != NULL ? ta : &empty,
		    tb != NULL ? tb : &empty, la, lb);
		return 0;
	}
	/* The kind from the real name; the labels name sides in messages. */
	if (ta != NULL && fmt_parse(&a, fmt_guess(name, ta->ptr, ta->len), la,
	    ta->ptr, ta->len, NULL) < 0)
		goto done;
	if (tb != NULL && fmt_parse(&b, fmt_guess(name, tb->ptr, tb->len), lb,
	    tb->ptr, tb->len, NULL) < 0)
		goto done;
	cli_vcs_print_diff(o, a, b, la, lb);
	error = 0;
done:
	nb_free(a);
	nb_free(b);
	return error;
}

static bool
cli_vcs_is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Open the repository of path for a command; prints why not. */
static int
cli_vcs_open(const char *cmd, const char *path, struct vcs **v)
{
	int r = vcs_open(v, path);
	struct buf msg = BUF_INIT;

	if (r == 0)
		return VCS_CLI_OK;
	cli_vcs_text(&msg, err_last(), strlen(err_last()));
	fprintf(stderr, "quire %s: %s\n", cmd, msg.ptr);
	buf_release(&msg);
	return r == VCS_NOREPO ? VCS_CLI_USAGE : VCS_CLI_FAIL;
}

static int
cli_vcs_fail(const char *cmd, int r)
{
	struct buf msg = BUF_INIT;

	cli_vcs_text(&msg, err_last(), strlen(err_last()));
	fprintf(stderr, "quire %s: %s\n", cmd, msg.ptr);
	buf_release(&msg);
	return r == VCS_NOTFOUND ? VCS_CLI_USAGE : VCS_CLI_FAIL;
}

/* ---------------------------------------------------------------- */
/* The commands.                                                     */

/* Shared options: --color[=WHEN], -U N / --unified=N. Returns the index
 * of the first operand, or -1 after a usage error (status in *st). */
static int
cli_vcs_options(const char *cmd, int argc, char **argv,
    struct cli_vcs_out *o, size_t *max, bool *oneline, int *st)
{
	const char *when = NULL;
	int i, c;

	o->context = 3;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--color") == 0)
			when = "always";
		else if (strncmp(a, "--color=", 8) == 0)
			when = a + 8;
		else if (strcmp(a, "--no-color") == 0)
			when = "never";
		else if (max != NULL && strcmp(a, "--oneline") == 0)
			*oneline = true;
		else if ((max != NULL && strcmp(a, "-n") == 0) ||
		    (max == NULL && strcmp(a, "-U") == 0)) {
			if (i + 1 == argc) {
				*st = cli_usage_error(cmd, "%s needs a number",
				    a);
				return -1;
			}
			val = argv[++i];
		} else if (max == NULL && strncmp(a, "--unified=", 10) == 0)
			val = a + 10;
		else if (max == NULL && strncmp(a, "-U", 2) == 0)
			val = a + 2;
		else {
			*st = cli_usage_error(cmd, "unknown option %s", a);
			return -1;
		}
		if (val != NULL) {
			char *end;
			unsigned long n = strtoul(val, &end, 10);

			if (*val == '\0' || *end != '\0' || n > 100000) {
				*st = cli_usage_error(cmd, "bad number %s",
				    val);
				return -1;
			}
			if (max != NULL)
				*max = (size_t)n;
			else
				o->context = (unsigned)n;
		}
	}
	c = cli_vcs_color(when);
	if (c < 0) {
		*st = cli_usage_error(cmd, "--color takes always, never or "
		    "auto");
		return -1;
	}
	o->color = c == 1;
	return i;
}

int
cli_log(int argc, char **argv)
{
	struct cli_vcs_out o = { false, 3, BUF_INIT };
	struct vcs_log_entry *ev = NULL;
	struct vcs *v = NULL;
	struct celldiff *d;
	struct buf cells = BUF_INIT;
	size_t max = 0, n = 0, i;
	bool oneline = false;
	int first, st = VCS_CLI_USAGE;

	first = cli_vcs_options("log", argc, argv, &o, &max, &oneline, &st);
	if (first < 0)
		return st;
	if (argc - first != 1)
		return cli_usage_error("log", "need one notebook");
	if ((st = cli_vcs_open("log", argv[first], &v)) != VCS_CLI_OK)
		return st;
	if (vcs_log(v, max, &ev, &n) < 0) {
		st = cli_vcs_fail("log", -1);
		goto done;
	}
	for (i = 0; i < n; i++) {
		const struct vcs_log_entry *e = &ev[i];

		buf_reset(&cells);
		if (e->deleted)
			buf_adds(&cells, "file deleted");
		else if (vcs_log_diff(v, e, &d) == 0) {
			celldiff_summary(d, &cells, 8);
			if (cells.len == 0)
				buf_adds(&cells, "none");
			celldiff_free(d);
		} else {
			buf_adds(&cells, "? (");
			buf_adds(&cells, err_last());
			buf_adds(&cells, ")");
		}
		cli_vcs_sgr(&o, C_YELLOW);
		if (oneline)
			buf_add(&o.b, e->id, VCS_SHORT_LEN);
		else
			buf_addf(&o.b, "commit %s", e->id);
		cli_vcs_sgr(&o, C_RESET);
		if (oneline) {
			buf_addc(&o.b, ' ');
			cli_vcs_date(&o.b, e->time, e->offset);
			buf_addc(&o.b, ' ');
			cli_vcs_field(&o.b, e->author);
			buf_adds(&o.b, ": ");
			cli_vcs_field(&o.b, e->summary);
			buf_adds(&o.b, " [");
			cli_vcs_text(&o.b, cells.ptr, cells.len);
			buf_adds(&o.b, "]\n");
		} else {
			const char *p = e->message, *nl;

			buf_adds(&o.b, "\nAuthor: ");
			cli_vcs_field(&o.b, e->author);
			buf_adds(&o.b, " <");
			cli_vcs_field(&o.b, e->email);
			buf_adds(&o.b, ">\nDate:   ");
			cli_vcs_date(&o.b, e->time, e->offset);
			buf_adds(&o.b, "\nCells:  ");
			cli_vcs_text(&o.b, cells.ptr, cells.len);
			buf_adds(&o.b, "\n\n");
			/* The message, indented as git log does. */
			while (*p != '\0') {
				nl = strchr(p, '\n');
				if (nl == NULL)
					nl = p + strlen(p);
				buf_adds(&o.b, "    ");
				cli_vcs_text(&o.b, p, (size_t)(nl - p));
				buf_addc(&o.b, '\n');
				p = *nl != '\0' ? nl + 1 : nl;
			}
			if (i + 1 < n)
				buf_addc(&o.b, '\n');
		}
		cli_vcs_flush(&o);
	}
	st = VCS_CLI_OK;
done:
	buf_release(&cells);
	buf_release(&o.b);
	vcs_log_free(ev, n);
	vcs_free(v);
	return st;
}

/* `quire diff NB.py [REV [REV]]`: against HEAD, a revision, or two. */
static int
cli_vcs_diff_revs(struct cli_vcs_out *o, const char *path,
    const char *rev1, const char *rev2)
{
	struct vcs *v = NULL;
	struct buf ta = BUF_INIT, tb = BUF_INIT, la = BUF_INIT, lb = BUF_INIT;
	bool has_a = true;
	int r, st;

	if ((st = cli_vcs_open("diff", path, &v)) != VCS_CLI_OK)
		return st;
	r = vcs_blob_at(v, rev1 != NULL ? rev1 : "HEAD", &ta);
	if (r == VCS_NOTFOUND && rev1 == NULL) {
		/* Not committed yet: everything is new. */
		err_clear();
		has_a = false;
	} else if (r < 0) {
		st = cli_vcs_fail("diff", r);
		goto done;
	}
	buf_addf(&la, "a/%s@%s", vcs_path(v), rev1 != NULL ? rev1 : "HEAD");
	if (rev2 != NULL) {
		if ((r = vcs_blob_at(v, rev2, &tb)) < 0) {
			st = cli_vcs_fail("diff", r);
			goto done;
		}
		buf_addf(&lb, "b/%s@%s", vcs_path(v), rev2);
	} else {
		if (cli_vcs_read(path, &tb) < 0) {
			st = cli_vcs_fail("diff", -1);
			goto done;
		}
		buf_addf(&lb, "b/%s", vcs_path(v));
	}
	if (cli_vcs_diff_texts(o, vcs_path(v), has_a ? &ta : NULL, &tb,
	    la.ptr, lb.ptr) < 0) {
		st = cli_vcs_fail("diff", -1);
		goto done;
	}
	st = VCS_CLI_OK;
done:
	buf_release(&ta);
	buf_release(&tb);
	buf_release(&la);
	buf_release(&lb);
	vcs_free(v);
	return st;
}

/* Two files; name picks the format (git's temporary files keep the
 * real name's suffix). "/dev/null" is an absent side. */
static int
cli_vcs_diff_files(struct cli_vcs_out *o, const char *name, const char *fa,
    const char *fb, const char *la, const char *lb)
{
	struct buf ta = BUF_INIT, tb = BUF_INIT;
	bool na = strcmp(fa, "/dev/null") == 0;
	bool nb = strcmp(fb, "/dev/null") == 0;
	int st = VCS_CLI_FAIL;

	if ((!na && cli_vcs_read(fa, &ta) < 0) ||
	    (!nb && cli_vcs_read(fb, &tb) < 0)) {
		st = cli_vcs_fail("diff", VCS_NOTFOUND);
		goto done;
	}
	if (cli_vcs_diff_texts(o, name, na ? NULL : &ta, nb ? NULL : &tb, la,
	    lb) < 0) {
		st = cli_vcs_fail("diff", -1);
		goto done;
	}
	st = VCS_CLI_OK;
done:
	buf_release(&ta);
	buf_release(&tb);
	return st;
}

int
cli_diff(int argc, char **argv)
{
	struct cli_vcs_out o = { false, 3, BUF_INIT };
	struct buf la = BUF_INIT, lb = BUF_INIT;
	int first, n, st = VCS_CLI_USAGE;

	first = cli_vcs_options("diff", argc, argv, &o, NULL, NULL, &st);
	if (first < 0)
		return st;
	n = argc - first;
	argv += first;
	if (n == 7) {
		/* git's external diff: path old-file old-hex old-mode
		 * new-file new-hex new-mode. */
		buf_addf(&la, "a/%s", argv[0]);
		buf_addf(&lb, "b/%s", argv[0]);
		st = cli_vcs_diff_files(&o, argv[0], argv[1], argv[4], la.ptr,
		    lb.ptr);
	} else if (n == 2 && cli_vcs_is_file(argv[1]))
		st = cli_vcs_diff_files(&o, argv[1], argv[0], argv[1],
		    argv[0], argv[1]);
	else if (n >= 1 && n <= 3)
		st = cli_vcs_diff_revs(&o, argv[0], n > 1 ? argv[1] : NULL,
		    n > 2 ? argv[2] : NULL);
	else
		st = cli_usage_error("diff", "need a notebook and up to two "
		    "revisions, or two files");
	buf_release(&la);
	buf_release(&lb);
	buf_release(&o.b);
	return st;
}

int
cli_show(int argc, char **argv)
{
	struct cli_vcs_out o = { false, 3, BUF_INIT };
	struct buf text = BUF_INIT, out = BUF_INIT;
	struct vcs *v = NULL;
	struct nb *nb = NULL;
	struct ana *a = NULL;
	char *path = NULL;
	const char *rev = "HEAD", *at;
	int first, r, st = VCS_CLI_USAGE;

	first = cli_vcs_options("show", argc, argv, &o, NULL, NULL, &st);
	if (first < 0)
		return st;
	if (argc - first != 1)
		return cli_usage_error("show", "need NB.py@REV");
	/* The last '@' splits: a notebook's name may hold one, a
	 * revision such as main@{1} holds one too, after a '{'. */
	at = strrchr(argv[first], '@');
	while (at != NULL && at > argv[first] && at[1] == '{') {
		const char *p = at;

		at = NULL;
		while (p-- > argv[first])
			if (*p == '@') {
				at = p;
				break;
			}
	}
	if (at != NULL && at[1] != '\0' && !cli_vcs_is_file(argv[first])) {
		path = strndup(argv[first], (size_t)(at - argv[first]));
		rev = at + 1;
	} else
		path = strdup(argv[first]);
	if (path == NULL)
		return VCS_CLI_FAIL;
	if ((st = cli_vcs_open("show", path, &v)) != VCS_CLI_OK)
		goto done;
	if ((r = vcs_blob_at(v, rev, &text)) < 0) {
		st = cli_vcs_fail("show", r);
		goto done;
	}
	if (fmt_guess(path, text.ptr, text.len) == FMT_MARIMO)
		buf_add(&out, text.ptr, text.len);	/* as it was */
	else if ((a = ana_new()) == NULL ||
	    fmt_parse(&nb, FMT_UNKNOWN, path, text.ptr, text.len, a) < 0 ||
	    fmt_format(&out, nb, FMT_MARIMO, a) < 0) {
		st = cli_vcs_fail("show", -1);
		goto done;
	}
	/* A terminal gets sanitised text; a pipe the exact bytes. */
	if (isatty(STDOUT_FILENO)) {
		struct buf clean = BUF_INIT;

		cli_vcs_text(&clean, out.ptr, out.len);
		if (clean.len > 0 && clean.ptr[clean.len - 1] != '\n')
			buf_addc(&clean, '\n');
		(void)fwrite(clean.ptr, 1, clean.len, stdout);
		buf_release(&clean);
	} else
		(void)fwrite(out.ptr, 1, out.len, stdout);
	st = fflush(stdout) == 0 ? VCS_CLI_OK : VCS_CLI_FAIL;
done:
	free(path);
	buf_release(&text);
	buf_release(&out);
	buf_release(&o.b);
	nb_free(nb);
	ana_free(a);
	vcs_free(v);
	return st;
}
