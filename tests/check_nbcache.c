/*
 * check_nbcache.c: the notebook cache. A hit must give back exactly what
 * the load it replays gave (the model and every analysis), without the
 * editor-side interpreter; anything wrong with an entry (changed file,
 * corrupt or truncated bytes, someone else's directory or file) must be
 * a miss that loads the notebook as usual, never an error or a crash.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "nbcache.h"
#include "py.h"
#include "xmalloc.h"

/* A notebook that exercises most of what an entry stores: a setup
 * cell, names, configs, private names, a markdown cell, an async cell,
 * SQL, an annotation, a syntax error, a function cell. */
static const char nbtext[] =
    "# /// script\n"
    "# dependencies = [\"marimo\"]\n"
    "# ///\n"
    "\n"
    "import marimo\n"
    "\n"
    "__generated_with = \"0.25.2\"\n"
    "app = marimo.App(width=\"medium\", app_title=\"T\")\n"
    "\n"
    "with app.setup:\n"
    "    import os\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _():\n"
    "    import marimo as mo\n"
    "    return (mo,)\n"
    "\n"
    "\n"
    "@app.cell(hide_code=True)\n"
    "def _(mo):\n"
    "    mo.md(r\"\"\"# Title\"\"\")\n"
    "    return\n"
    "\n"
    "\n"
    "@app.cell(disabled=True)\n"
    "def load(mo):\n"
    "    x: int = 1\n"
    "    _tmp = x + 1\n"
    "    df = mo.sql(f\"SELECT * FROM t WHERE a = {x}\")\n"
    "    return df, x\n"
    "\n"
    "\n"
    "@app.cell\n"
    "async def _(x):\n"
    "    import asyncio\n"
    "    await asyncio.sleep(0)\n"
    "    x + 1\n"
    "    return (asyncio,)\n"
    "\n"
    "\n"
    "@app.function\n"
    "def area(r):\n"
    "    return 3 * r * r\n"
    "\n"
    "\n"
    "app._unparsable_cell(\n"
    "    r\"\"\"\n"
    "    def broken(:\n"
    "    \"\"\",\n"
    "    name=\"_\"\n"
    ")\n"
    "\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    app.run()\n";

static char *tmpdir;

static void
setup_dir(void)
{
	char tmpl[] = "/tmp/check_nbcache.XXXXXX";
	struct buf b = BUF_INIT;

	tmpdir = xstrdup(mkdtemp(tmpl));
	ck_assert_ptr_nonnull(tmpdir);
	buf_addf(&b, "%s/cache", tmpdir);
	ck_assert_int_eq(setenv("XDG_CACHE_HOME", b.ptr, 1), 0);
	buf_release(&b);
}

static void
teardown_dir(void)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "rm -rf '%s'", tmpdir);
	(void)!system(b.ptr);
	buf_release(&b);
	free(tmpdir);
}

static char *
write_nb(const char *name, const char *text)
{
	struct buf p = BUF_INIT;
	FILE *f;

	buf_addf(&p, "%s/%s", tmpdir, name);
	f = fopen(p.ptr, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return buf_detach(&p, NULL);
}

static void
names_eq(const struct ana_names *a, const struct ana_names *b)
{
	size_t i;

	ck_assert_uint_eq(a->n, b->n);
	for (i = 0; i < a->n; i++)
		ck_assert_str_eq(a->v[i], b->v[i]);
}

static void
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		ck_assert_ptr_eq(a, b);
	else
		ck_assert_str_eq(a, b);
}

static void
ana_eq(const struct ana_cell *a, const struct ana_cell *b)
{
	size_t i;

	ck_assert_int_eq(a->parses, b->parses);
	str_eq(a->error, b->error);
	ck_assert_uint_eq(a->error_line, b->error_line);
	ck_assert_uint_eq(a->error_col, b->error_col);
	ck_assert_int_eq(a->import_star, b->import_star);
	ck_assert_uint_eq(a->import_star_line, b->import_star_line);
	names_eq(&a->defs, &b->defs);
	names_eq(&a->refs, &b->refs);
	names_eq(&a->deleted_refs, &b->deleted_refs);
	names_eq(&a->private_defs, &b->private_defs);
	names_eq(&a->sql_defs, &b->sql_defs);
	names_eq(&a->sql_refs, &b->sql_refs);
	ck_assert_uint_eq(a->nannotations, b->nannotations);
	for (i = 0; i < a->nannotations; i++) {
		ck_assert_str_eq(a->annotations[i].name,
		    b->annotations[i].name);
		ck_assert_str_eq(a->annotations[i].text,
		    b->annotations[i].text);
		names_eq(&a->annotations[i].refs, &b->annotations[i].refs);
	}
	ck_assert_int_eq(a->is_async, b->is_async);
	ck_assert_uint_eq(a->nstatements, b->nstatements);
	ck_assert_int_eq(a->single, b->single);
	str_eq(a->single_name, b->single_name);
	ck_assert_uint_eq(a->nbound, b->nbound);
	names_eq(&a->deftime_refs, &b->deftime_refs);
	ck_assert_int_eq(a->ends_with_import_or_def,
	    b->ends_with_import_or_def);
	ck_assert_int_eq(a->has_last_expr, b->has_last_expr);
	ck_assert_int_eq(a->is_markdown, b->is_markdown);
	str_eq(a->markdown, b->markdown);
	names_eq(&a->sql_qualified_defs, &b->sql_qualified_defs);
	names_eq(&a->sql_first_defs, &b->sql_first_defs);
}

/* Everything fmt_parse put in the model is back. */
static void
nb_eq(struct nb *a, struct nb *b)
{
	struct nb_app_options *x = nb_app_options(a), *y = nb_app_options(b);
	size_t i, la, lb;

	ck_assert_uint_eq(nb_ncells(a), nb_ncells(b));
	for (i = 0; i < nb_ncells(a); i++) {
		struct nb_cell *c = nb_cell_at(a, i), *d = nb_cell_at(b, i);
		struct nb_cell_config cc = nb_cell_config(c);
		struct nb_cell_config dc = nb_cell_config(d);
		const char *sa = nb_cell_source(c, &la);
		const char *sb = nb_cell_source(d, &lb);

		ck_assert_uint_eq(nb_cell_id(c), nb_cell_id(d));
		ck_assert_uint_eq(la, lb);
		ck_assert(memcmp(sa, sb, la) == 0);
		ck_assert_str_eq(nb_cell_name(c), nb_cell_name(d));
		ck_assert_int_eq(nb_cell_name_is_derived(c),
		    nb_cell_name_is_derived(d));
		ck_assert(memcmp(&cc, &dc, sizeof cc) == 0);
		ck_assert_int_eq(nb_cell_kind(c), nb_cell_kind(d));
		ck_assert_uint_eq(nb_cell_line(c), nb_cell_line(d));
	}
	str_eq(nb_header(a), nb_header(b));
	str_eq(nb_version(a), nb_version(b));
	str_eq(x->width, y->width);
	str_eq(x->app_title, y->app_title);
	str_eq(x->layout_file, y->layout_file);
	str_eq(x->css_file, y->css_file);
	str_eq(x->html_head_file, y->html_head_file);
	ck_assert_uint_eq(x->nauto_download, y->nauto_download);
	str_eq(x->sql_output, y->sql_output);
	ck_assert_int_eq(nb_load_status(a), nb_load_status(b));
	ck_assert_uint_eq(nb_ndiags(a), nb_ndiags(b));
	for (i = 0; i < nb_ndiags(a); i++)
		ck_assert_str_eq(nb_diag_at(a, i)->message,
		    nb_diag_at(b, i)->message);
	ck_assert_int_eq(nb_is_dirty(a), nb_is_dirty(b));
}

/* The entry of nbtext, made in a child so that this process never
 * starts an interpreter. */
static void
entry_in_child(struct buf *out, const unsigned char key[NBCACHE_KEY_LEN])
{
	int p[2], status;
	pid_t pid;
	char chunk[4096];
	ssize_t n;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ana *a = ana_new();
		struct nb *nb = NULL;
		struct buf e = BUF_INIT;

		(void)close(p[0]);
		if (a == NULL || fmt_parse(&nb, FMT_MARIMO, "nb.py", nbtext,
		    sizeof nbtext - 1, a) < 0 ||
		    nbcache_encode(&e, key, nb, a) < 0)
			_exit(1);
		if (write(p[1], e.ptr, e.len) != (ssize_t)e.len)
			_exit(1);
		_exit(0);
	}
	(void)close(p[1]);
	while ((n = read(p[0], chunk, sizeof chunk)) > 0)
		buf_add(out, chunk, (size_t)n);
	(void)close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(test_nbcache_layout_known)
{
	/* Failing here means a field was added to one of these structures:
	 * teach nbcache.c to store it, bump NBCACHE_FORMAT, and update the
	 * sizes in nbcache.c and here. Until then the cache is off. */
	ck_assert_uint_eq(sizeof(struct ana_cell), 264);
	ck_assert_uint_eq(sizeof(struct nb_app_options), 64);
	ck_assert_uint_eq(sizeof(struct nb_cell_config), 8);
}
END_TEST

START_TEST(test_nbcache_round_trip_is_exact)
{
	unsigned char key[NBCACHE_KEY_LEN] = { 1, 2, 3 };
	struct ana *a = ana_new(), *lazy = ana_new_lazy();
	struct nb *nb = NULL, *back = NULL;
	struct buf e = BUF_INIT;
	size_t i, len;

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(fmt_parse(&nb, FMT_MARIMO, "nb.py", nbtext,
	    sizeof nbtext - 1, a), 0);
	ck_assert_uint_ge(nb_ncells(nb), 6);
	ck_assert_int_eq(nbcache_encode(&e, key, nb, a), 0);
	ck_assert_int_eq(nbcache_decode(&back, lazy, key, e.ptr, e.len), 0);
	nb_eq(nb, back);
	for (i = 0; i < nb_ncells(nb); i++) {
		const char *src = nb_cell_source(nb_cell_at(nb, i), &len);

		ana_eq(ana_cell(a, src, len), ana_cell(lazy, src, len));
	}
	nb_free(nb);
	nb_free(back);
	ana_free(a);
	ana_free(lazy);
	buf_release(&e);
}
END_TEST

START_TEST(test_nbcache_hit_starts_no_interpreter)
{
	unsigned char key[NBCACHE_KEY_LEN] = { 7 };
	struct ana *lazy = ana_new_lazy();
	struct nb *nb = NULL;
	struct buf e = BUF_INIT;
	const struct ana_cell *ac;
	size_t i, len;

	entry_in_child(&e, key);
	ck_assert(!py_is_running());
	ck_assert_int_eq(nbcache_decode(&nb, lazy, key, e.ptr, e.len), 0);
	for (i = 0; i < nb_ncells(nb); i++) {
		const char *src = nb_cell_source(nb_cell_at(nb, i), &len);

		ac = ana_cell(lazy, src, len);
		ck_assert_ptr_nonnull(ac);
	}
	/* The disabled cell's analysis came back from the entry. */
	ac = ana_cell(lazy, nb_cell_source(nb_cell_at(nb, 3), NULL),
	    strlen(nb_cell_source(nb_cell_at(nb, 3), NULL)));
	ck_assert(ana_names_has(&ac->defs, "df"));
	ck_assert(ana_names_has(&ac->refs, "mo"));
	ck_assert(!py_is_running());
	/* A miss still works: the interpreter starts then. */
	ac = ana_cell(lazy, "y = z", 5);
	ck_assert_ptr_nonnull(ac);
	ck_assert(ana_names_has(&ac->refs, "z"));
	ck_assert(py_is_running());
	nb_free(nb);
	ana_free(lazy);
	buf_release(&e);
}
END_TEST

START_TEST(test_nbcache_load_miss_then_hit)
{
	char *path = write_nb("nb.py", nbtext);
	struct ana *a = ana_new_lazy();
	struct nb *cold = NULL, *warm = NULL;
	struct buf dir = BUF_INIT;
	struct stat st;
	bool hit = true;

	ck_assert_int_eq(nbcache_load(&cold, FMT_UNKNOWN, path, a, &hit), 0);
	ck_assert(!hit);
	ck_assert_int_eq(nbcache_load(&warm, FMT_UNKNOWN, path, a, &hit), 0);
	ck_assert(hit);
	nb_eq(cold, warm);
	ck_assert_int_eq(nbcache_dir(&dir), 0);
	ck_assert_int_eq(stat(dir.ptr, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	buf_adds(&dir, "/*.nbc");
	{
		struct buf cmd = BUF_INIT;

		/* One entry, private to the user. */
		buf_addf(&cmd, "test $(ls %s | wc -l) = 1 && "
		    "test \"$(stat -c %%a %s)\" = 600", dir.ptr, dir.ptr);
		ck_assert_int_eq(system(cmd.ptr), 0);
		buf_release(&cmd);
	}
	nb_free(cold);
	nb_free(warm);
	ana_free(a);
	buf_release(&dir);
	free(path);
}
END_TEST

START_TEST(test_nbcache_parse_of_read_text_hits)
{
	char *path = write_nb("nb.py", nbtext);
	struct ana *a = ana_new_lazy();
	struct nb *cold = NULL, *warm = NULL;
	bool hit = true;

	/* The editor reads the file itself and hands over the text. */
	ck_assert_int_eq(nbcache_parse(&cold, FMT_MARIMO, path, nbtext,
	    sizeof nbtext - 1, a, &hit), 0);
	ck_assert(!hit);
	ck_assert_int_eq(nbcache_parse(&warm, FMT_MARIMO, path, nbtext,
	    sizeof nbtext - 1, a, &hit), 0);
	ck_assert(hit);
	nb_eq(cold, warm);
	nb_free(cold);
	nb_free(warm);
	/* Another format for the same bytes is another entry's business. */
	ck_assert_int_eq(nbcache_parse(&warm, FMT_SCRIPT, path, nbtext,
	    sizeof nbtext - 1, a, &hit), 0);
	ck_assert(!hit);
	nb_free(warm);
	ana_free(a);
	free(path);
}
END_TEST

START_TEST(test_nbcache_prunes_least_recently_used)
{
	char *path;
	struct ana *a = ana_new_lazy();
	struct nb *nb = NULL;
	struct buf dir = BUF_INIT, cmd = BUF_INIT;
	bool hit = true;

	ck_assert_int_eq(nbcache_dir(&dir), 0);
	/* 300 entries of notebooks gone, oldest first, a writer's temporary
	 * file from two hours ago and a file that is not the cache's. */
	buf_addf(&cmd, "mkdir -p '%s' && chmod 700 '%s' && cd '%s' && "
	    "t=$(($(date +%%s) - 100000)) && i=0 && "
	    "while [ $i -lt 300 ]; do n=$(printf 'old%%03d.nbc' $i); "
	    ": > $n; touch -d @$((t + i)) $n; i=$((i + 1)); done && "
	    ": > x.nbc.AbCdEf && touch -d @$((t + 92800)) x.nbc.AbCdEf && "
	    ": > notes.txt && touch -d @$t notes.txt",
	    dir.ptr, dir.ptr, dir.ptr);
	ck_assert_int_eq(system(cmd.ptr), 0);
	path = write_nb("nb.py", nbtext);
	ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a, &hit), 0);
	ck_assert(!hit);
	nb_free(nb);
	buf_reset(&cmd);
	/* 256 left: the new entry and the 255 most recent old ones. */
	buf_addf(&cmd, "cd '%s' && test $(ls *.nbc | wc -l) = 256 && "
	    "test ! -e old044.nbc && test -e old045.nbc && "
	    "test ! -e x.nbc.AbCdEf && test -e notes.txt", dir.ptr);
	ck_assert_int_eq(system(cmd.ptr), 0);
	/* A hit refreshes its entry, so it outlives older ones. */
	ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a, &hit), 0);
	ck_assert(hit);
	nb_free(nb);
	ana_free(a);
	buf_release(&dir);
	buf_release(&cmd);
	free(path);
}
END_TEST

/* Run a shell command on the one entry file ($f is its path). */
static void
on_entry(const char *sh)
{
	struct buf dir = BUF_INIT, cmd = BUF_INIT;

	ck_assert_int_eq(nbcache_dir(&dir), 0);
	buf_addf(&cmd, "f=$(ls %s/*.nbc) && %s", dir.ptr, sh);
	ck_assert_int_eq(system(cmd.ptr), 0);
	buf_release(&dir);
	buf_release(&cmd);
}

START_TEST(test_nbcache_damaged_entry_is_a_miss)
{
	static const char *const damage[] = {
		/* a byte of the body flipped */
		"printf 'ZZ' | dd of=\"$f\" bs=1 seek=100 conv=notrunc "
		    "2>/dev/null",
		/* cut short */
		"truncate -s 200 \"$f\"",
		/* emptied */
		": > \"$f\"",
		/* readable by others */
		"chmod 644 \"$f\"",
		/* a symbolic link in its place */
		"mv \"$f\" \"$f.x\" && ln -s \"$f.x\" \"$f\"",
	};
	size_t i;

	for (i = 0; i < sizeof damage / sizeof damage[0]; i++) {
		char *path = write_nb("nb.py", nbtext);
		struct ana *a = ana_new_lazy();
		struct nb *nb = NULL, *ref = NULL;
		struct buf cmd = BUF_INIT;
		bool hit = true;

		ck_assert_int_eq(nbcache_load(&ref, FMT_UNKNOWN, path, a,
		    &hit), 0);
		on_entry(damage[i]);
		ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a,
		    &hit), 0);
		ck_assert_msg(!hit, "damage %zu was not noticed", i);
		nb_eq(ref, nb);
		nb_free(nb);
		/* The miss wrote a sound entry again. */
		ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a,
		    &hit), 0);
		ck_assert_msg(hit, "damage %zu was not repaired", i);
		nb_free(nb);
		nb_free(ref);
		ana_free(a);
		free(path);
		buf_addf(&cmd, "rm -rf '%s'/cache/quire/*", tmpdir);
		ck_assert_int_eq(system(cmd.ptr), 0);
		buf_release(&cmd);
	}
}
END_TEST

START_TEST(test_nbcache_changed_file_is_a_miss)
{
	char *path = write_nb("nb.py", nbtext);
	struct ana *a = ana_new_lazy();
	struct nb *nb = NULL;
	struct buf text = BUF_INIT;
	bool hit = true;
	char *p;

	ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a, &hit), 0);
	nb_free(nb);
	buf_adds(&text, nbtext);
	p = strstr(text.ptr, "x: int = 1");
	ck_assert_ptr_nonnull(p);
	p[9] = '2';
	free(write_nb("nb.py", text.ptr));
	ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a, &hit), 0);
	ck_assert(!hit);
	ck_assert_ptr_nonnull(strstr(nb_cell_source(nb_cell_at(nb, 3), NULL),
	    "x: int = 2"));
	/* The old entry lent the analyses of the cells that did not change:
	 * the load is still exactly a fresh one. */
	{
		struct ana *fresh_ana = ana_new();
		struct nb *fresh = NULL;
		size_t i, len;

		ck_assert_int_eq(fmt_parse(&fresh, FMT_MARIMO, path, text.ptr,
		    text.len, fresh_ana), 0);
		nb_eq(fresh, nb);
		for (i = 0; i < nb_ncells(nb); i++) {
			const char *src = nb_cell_source(nb_cell_at(nb, i),
			    &len);

			ana_eq(ana_cell(fresh_ana, src, len),
			    ana_cell(a, src, len));
		}
		nb_free(fresh);
		ana_free(fresh_ana);
	}
	nb_free(nb);
	ana_free(a);
	buf_release(&text);
	free(path);
}
END_TEST

START_TEST(test_nbcache_shared_directory_is_not_used)
{
	char *path = write_nb("nb.py", nbtext);
	struct ana *a = ana_new_lazy();
	struct nb *nb = NULL;
	struct buf dir = BUF_INIT;
	bool hit = true;

	ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a, &hit), 0);
	nb_free(nb);
	ck_assert_int_eq(nbcache_dir(&dir), 0);
	ck_assert_int_eq(chmod(dir.ptr, 0777), 0);
	ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path, a, &hit), 0);
	ck_assert(!hit);
	ck_assert_uint_eq(nb_ncells(nb), 7);
	nb_free(nb);
	ana_free(a);
	buf_release(&dir);
	free(path);
}
END_TEST

START_TEST(test_nbcache_errors_are_fmt_load_errors)
{
	struct ana *a = ana_new_lazy();
	struct nb *nb = NULL;
	struct buf path = BUF_INIT, want = BUF_INIT;

	buf_addf(&path, "%s/absent.py", tmpdir);
	ck_assert_int_eq(fmt_load(&nb, FMT_UNKNOWN, path.ptr, a), -1);
	buf_adds(&want, err_last());
	ck_assert_int_eq(nbcache_load(&nb, FMT_UNKNOWN, path.ptr, a, NULL),
	    -1);
	ck_assert_str_eq(err_last(), want.ptr);
	ck_assert_ptr_null(nb);
	ana_free(a);
	buf_release(&path);
	buf_release(&want);
}
END_TEST

START_TEST(test_nbcache_every_cut_is_rejected)
{
	unsigned char key[NBCACHE_KEY_LEN] = { 9 };
	struct ana *a = ana_new();
	struct nb *nb = NULL, *back = NULL;
	struct buf e = BUF_INIT, w = BUF_INIT;
	size_t body, cut;

	ck_assert_int_eq(fmt_parse(&nb, FMT_MARIMO, "nb.py", nbtext,
	    sizeof nbtext - 1, a), 0);
	ck_assert_int_eq(nbcache_encode(&e, key, nb, a), 0);
	/* Every shorter body, with a sound header and checksum, is
	 * refused cleanly: lengths and counts never run past the end. */
	body = e.len - 84 - 32;
	for (cut = 0; cut < body; cut++) {
		struct ana *lazy = ana_new_lazy();

		buf_reset(&w);
		nbcache_wrap(&w, key, e.ptr + 84, cut);
		ck_assert_int_eq(nbcache_decode(&back, lazy, key, w.ptr,
		    w.len), -1);
		ck_assert_ptr_null(back);
		ana_free(lazy);
	}
	/* Another key is another notebook. */
	key[0] = 10;
	ck_assert_int_eq(nbcache_decode(&back, a, key, e.ptr, e.len), -1);
	nb_free(nb);
	ana_free(a);
	buf_release(&e);
	buf_release(&w);
}
END_TEST

static Suite *
nbcache_suite(void)
{
	Suite *s = suite_create("nbcache");
	TCase *tc = tcase_create("entries");
	TCase *tf = tcase_create("files");

	tcase_add_test(tc, test_nbcache_layout_known);
	tcase_add_test(tc, test_nbcache_round_trip_is_exact);
	tcase_add_test(tc, test_nbcache_hit_starts_no_interpreter);
	tcase_add_test(tc, test_nbcache_every_cut_is_rejected);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tf, setup_dir, teardown_dir);
	tcase_add_test(tf, test_nbcache_load_miss_then_hit);
	tcase_add_test(tf, test_nbcache_parse_of_read_text_hits);
	tcase_add_test(tf, test_nbcache_prunes_least_recently_used);
	tcase_add_test(tf, test_nbcache_damaged_entry_is_a_miss);
	tcase_add_test(tf, test_nbcache_changed_file_is_a_miss);
	tcase_add_test(tf, test_nbcache_shared_directory_is_not_used);
	tcase_add_test(tf, test_nbcache_errors_are_fmt_load_errors);
	suite_add_tcase(s, tf);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nbcache_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
