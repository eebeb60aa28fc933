/*
 * check_journal.c: not losing work. Edits journalled and flushed come
 * back after a crash (a real SIGKILL in the middle of appending among
 * them), a torn or corrupt tail is ignored and every prefix of a journal
 * replays to a prefix of the edits, a journal older than the file is
 * left alone, the lock file tells who has a notebook open and gives way
 * when its owner is dead, and a change on disk is told from a touch.
 */
#include "config.h"
#include "journal.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "nb.h"

static char scratch[PATH_MAX];
static struct buf nbpath = BUF_INIT;

static void
setup(void)
{
	char cwd[PATH_MAX / 2];
	char tmpl[] = "tmp-check_journal-XXXXXX";

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	snprintf(scratch, sizeof scratch, "%s/%s", cwd, tmpl);
	buf_reset(&nbpath);
	buf_addf(&nbpath, "%s/nb.py", scratch);
	/* Nothing of the user's: state and config go to the scratch dir. */
	ck_assert_int_eq(setenv("HOME", scratch, 1), 0);
	ck_assert_int_eq(unsetenv("XDG_STATE_HOME"), 0);
}

static void
teardown(void)
{
	struct buf cmd = BUF_INIT;

	buf_addf(&cmd, "chmod -R u+w '%s'; rm -rf '%s'", scratch, scratch);
	ck_assert_int_eq(system(cmd.ptr), 0);
	buf_release(&cmd);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static void
read_file(struct buf *out, const char *path)
{
	char chunk[4096];
	size_t n;
	FILE *f;

	buf_reset(out);
	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	(void)fclose(f);
}

/* A notebook of the given sources, named c0, c1, ... */
static struct nb *
make_nb(const char *const *srcs, size_t n)
{
	struct nb *nb = nb_new();
	struct nb_cell *c;
	char name[24];
	size_t i;

	for (i = 0; i < n; i++) {
		c = nb_cell_insert(nb, i, srcs[i], strlen(srcs[i]));
		snprintf(name, sizeof name, "c%zu", i);
		nb_cell_set_name(c, name);
	}
	nb_set_dirty(nb, false);
	return nb;
}

static const char *const three[] = { "a = 1", "b = a + 1", "print(b)" };

/* The notebook as a file and as loaded. */
static struct nb *
start_nb(void)
{
	write_file(nbpath.ptr, "# a notebook\na = 1\nb = a + 1\nprint(b)\n");
	return make_nb(three, 3);
}

static uint32_t
id_at(const struct nb *nb, size_t i)
{
	return nb_cell_id(nb_cell_at(nb, i));
}

static const char *
src_at(const struct nb *nb, size_t i)
{
	size_t len;

	return nb_cell_source(nb_cell_at(nb, i), &len);
}

/* "name:source|name:source..." with [d] for disabled, [h] hide_code. */
static void
describe(struct buf *out, const struct nb *nb)
{
	struct nb_cell_config cfg;
	size_t i;

	buf_reset(out);
	for (i = 0; i < nb_ncells(nb); i++) {
		cfg = nb_cell_config(nb_cell_at(nb, i));
		buf_addf(out, "%s%s:%s%s%s", i ? "|" : "",
		    nb_cell_name(nb_cell_at(nb, i)), src_at(nb, i),
		    cfg.disabled ? "[d]" : "", cfg.hide_code ? "[h]" : "");
	}
}

static struct buf *
journal_name(struct buf *out)
{
	buf_reset(out);
	buf_addf(out, "%s/.nb.py.quire-journal", scratch);
	return out;
}

static off_t
file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	return st.st_size;
}

START_TEST(test_journal_nothing_written_without_edits)
{
	struct nb *nb = start_nb(), *nb2 = make_nb(three, 3);
	struct journal_recovery *rec = NULL;
	struct journal *j;
	struct buf jn = BUF_INIT;

	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	ck_assert_str_eq(journal_file(j), journal_name(&jn)->ptr);
	ck_assert(!journal_is_pending(j));
	ck_assert_int_eq(journal_flush(j), 0);
	ck_assert_int_eq(access(jn.ptr, F_OK), -1);
	journal_free(j);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_null(rec);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&jn);
}
END_TEST

START_TEST(test_journal_recovers_source_edits)
{
	struct nb *nb = start_nb(), *nb2 = make_nb(three, 3);
	struct journal_recovery *rec = NULL;
	struct journal *j;
	struct buf jn = BUF_INIT;

	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 1), "b = a + ",
	    8), 0);
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 1), "b = a + 2",
	    9), 0);
	ck_assert(journal_is_pending(j));
	ck_assert_int_eq(journal_flush(j), 0);
	ck_assert(!journal_is_pending(j));
	ck_assert_int_gt(file_size(journal_name(&jn)->ptr), 0);
	/* Killed here: nothing else happens to the journal. */
	journal_free(j);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec->file, jn.ptr);
	ck_assert_uint_eq(rec->nchanged, 1);
	ck_assert_uint_eq(rec->ninserted + rec->ndeleted + rec->nmoved, 0);
	ck_assert(!rec->truncated);
	ck_assert(!rec->base_changed);
	ck_assert_uint_eq(rec->ncells, 1);
	ck_assert_uint_eq(rec->cells[0], id_at(nb2, 1));
	ck_assert_str_eq(src_at(nb2, 1), "b = a + 2");
	ck_assert_str_eq(src_at(nb2, 0), "a = 1");
	ck_assert(nb_is_dirty(nb2));
	journal_recovery_free(rec);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&jn);
}
END_TEST

START_TEST(test_journal_recovers_cell_operations)
{
	struct nb *nb = start_nb(), *nb2 = make_nb(three, 3);
	struct journal_recovery *rec = NULL;
	struct nb_cell_config cfg = nb_cell_config_default;
	struct nb_cell *c;
	struct journal *j;
	struct buf want = BUF_INIT, got = BUF_INIT;
	uint32_t a, b, p;

	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	a = id_at(nb, 0);
	b = id_at(nb, 1);
	p = id_at(nb, 2);
	/* Each edit on the editor's notebook, then on the journal. */
	c = nb_cell_insert(nb, 1, "import os", 9);
	nb_cell_set_name(c, "setup2");
	ck_assert_int_eq(journal_cell_insert(j, nb_cell_id(c), 1, "setup2",
	    "import os", 9), 0);
	ck_assert_int_eq(nb_cell_move(nb, p, 0), 0);
	ck_assert_int_eq(journal_cell_move(j, p, 0), 0);
	ck_assert_int_eq(nb_cell_remove(nb, b), 0);
	ck_assert_int_eq(journal_cell_delete(j, b), 0);
	nb_cell_set_name(nb_cell_find(nb, a), "first");
	ck_assert_int_eq(journal_cell_rename(j, a, "first"), 0);
	cfg.disabled = true;
	cfg.hide_code = true;
	nb_cell_set_config(nb_cell_find(nb, a), cfg);
	ck_assert_int_eq(journal_cell_set_config(j, a, &cfg), 0);
	nb_cell_set_source(nb_cell_find(nb, a), "a = 10", 6);
	ck_assert_int_eq(journal_cell_source(j, a, "a = 10", 6), 0);
	/* An id the journal never saw is refused, not recorded. */
	ck_assert_int_eq(journal_cell_source(j, 9999, "x", 1), -1);
	ck_assert_int_eq(journal_cell_delete(j, 9999), -1);
	ck_assert_int_eq(journal_flush(j), 0);
	journal_free(j);

	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_nonnull(rec);
	describe(&want, nb);
	describe(&got, nb2);
	ck_assert_str_eq(got.ptr, want.ptr);
	ck_assert_str_eq(got.ptr,
	    "c2:print(b)|first:a = 10[d][h]|setup2:import os");
	ck_assert_uint_eq(rec->nchanged, 1);
	ck_assert_uint_eq(rec->ninserted, 1);
	ck_assert_uint_eq(rec->ndeleted, 1);
	ck_assert_uint_eq(rec->nmoved, 1);
	ck_assert_uint_eq(rec->nrenamed, 1);
	ck_assert_uint_eq(rec->ncells, 2);
	journal_recovery_free(rec);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&want);
	buf_release(&got);
}
END_TEST

START_TEST(test_journal_coalesces_typing)
{
	struct nb *nb = start_nb();
	struct journal *j;
	struct buf jn = BUF_INIT, src = BUF_INIT;
	off_t one, many;
	int i;

	journal_name(&jn);
	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 0), "a = 2", 5), 0);
	ck_assert_int_eq(journal_flush(j), 0);
	one = file_size(jn.ptr);
	/* A hundred keys within one second are one record. */
	for (i = 0; i < 100; i++) {
		buf_reset(&src);
		buf_addf(&src, "a = %03d", i);
		ck_assert_int_eq(journal_cell_source(j, id_at(nb, 0), src.ptr,
		    src.len), 0);
	}
	ck_assert_int_eq(journal_flush(j), 0);
	many = file_size(jn.ptr);
	ck_assert_int_le(many - one, one / 2);
	ck_assert_int_gt(many, one);
	journal_free(j);
	nb_free(nb);
	buf_release(&jn);
	buf_release(&src);
}
END_TEST

/*
 * A journal of n flushes, each one edit "v1", "v2", ... of cell 0;
 * sizes[i] is the file's size after flush i (sizes[0]: nothing yet).
 */
static void
journal_of_versions(struct buf *bytes, off_t *sizes, int n)
{
	struct nb *nb = start_nb();
	struct journal *j;
	struct buf jn = BUF_INIT;
	char v[16];
	int i;

	journal_name(&jn);
	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	sizes[0] = 0;
	for (i = 1; i <= n; i++) {
		snprintf(v, sizeof v, "v%d", i);
		ck_assert_int_eq(journal_cell_source(j, id_at(nb, 0), v,
		    strlen(v)), 0);
		ck_assert_int_eq(journal_flush(j), 0);
		sizes[i] = file_size(jn.ptr);
	}
	journal_free(j);
	read_file(bytes, jn.ptr);
	nb_free(nb);
	buf_release(&jn);
}

START_TEST(test_journal_every_prefix_replays_a_prefix)
{
	struct buf bytes = BUF_INIT;
	struct journal_stat base;
	struct journal_recovery *rec;
	off_t sizes[6];
	struct nb *nb;
	size_t len;
	char want[16];
	int k, rc;

	journal_of_versions(&bytes, sizes, 5);
	ck_assert_int_eq(journal_stat_snapshot(&base, nbpath.ptr), 0);
	for (len = 0; len <= bytes.len; len++) {
		nb = make_nb(three, 3);
		rc = journal_replay(&rec, bytes.ptr, len, &base, nb);
		/* The complete edit records within the prefix. */
		for (k = 0; k < 5 && (size_t)sizes[k + 1] <= len; k++)
			;
		if (len > 0 && len < 8) {
			ck_assert_int_eq(rc, -1);
			ck_assert_str_eq(err_last(), "not a quire journal");
		} else
			ck_assert_int_eq(rc, 0);
		if (k == 0)
			ck_assert_ptr_null(rec);
		else {
			ck_assert_ptr_nonnull(rec);
			snprintf(want, sizeof want, "v%d", k);
			ck_assert_str_eq(src_at(nb, 0), want);
			ck_assert_uint_eq(rec->nrecords, (size_t)k);
			ck_assert(rec->truncated == (len != (size_t)sizes[k]));
			ck_assert(!rec->base_changed);
		}
		journal_recovery_free(rec);
		nb_free(nb);
	}
	buf_release(&bytes);
}
END_TEST

START_TEST(test_journal_corrupt_record_stops_replay)
{
	struct buf bytes = BUF_INIT, jn = BUF_INIT;
	struct journal_recovery *rec = NULL;
	off_t sizes[4];
	struct nb *nb = make_nb(three, 3);

	journal_of_versions(&bytes, sizes, 3);
	/* Flip a bit inside the second edit's record. */
	bytes.ptr[sizes[1] + (sizes[2] - sizes[1]) / 2] ^= 0x10;
	journal_name(&jn);
	{
		FILE *f = fopen(jn.ptr, "wb");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(bytes.ptr, 1, bytes.len, f),
		    bytes.len);
		ck_assert_int_eq(fclose(f), 0);
	}
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert(rec->truncated);
	ck_assert_uint_eq(rec->nrecords, 1);
	ck_assert_str_eq(src_at(nb, 0), "v1");
	journal_recovery_free(rec);
	nb_free(nb);
	buf_release(&bytes);
	buf_release(&jn);
}
END_TEST

START_TEST(test_journal_torn_tail_is_ignored)
{
	struct buf bytes = BUF_INIT, jn = BUF_INIT;
	struct journal_recovery *rec = NULL;
	off_t sizes[3];
	struct nb *nb = make_nb(three, 3);
	FILE *f;

	journal_of_versions(&bytes, sizes, 2);
	/* A crash in the middle of a third append: half a record. */
	journal_name(&jn);
	ck_assert_ptr_nonnull(f = fopen(jn.ptr, "ab"));
	ck_assert_uint_eq(fwrite(bytes.ptr + sizes[1], 1,
	    (size_t)(sizes[2] - sizes[1]) / 2, f),
	    (size_t)(sizes[2] - sizes[1]) / 2);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert(rec->truncated);
	ck_assert_str_eq(src_at(nb, 0), "v2");
	journal_recovery_free(rec);
	nb_free(nb);
	buf_release(&bytes);
	buf_release(&jn);
}
END_TEST

START_TEST(test_journal_not_a_journal_is_an_error)
{
	struct buf jn = BUF_INIT;
	struct journal_recovery *rec = NULL;
	struct nb *nb = start_nb();

	write_file(journal_name(&jn)->ptr, "hello, not a journal\n");
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb), -1);
	ck_assert_ptr_null(rec);
	ck_assert_str_eq(strstr(err_last(), ".quire-journal: "),
	    ".quire-journal: not a quire journal");
	/* An empty journal (created, killed before any write) is none. */
	write_file(jn.ptr, "");
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb), 0);
	ck_assert_ptr_null(rec);
	nb_free(nb);
	buf_release(&jn);
}
END_TEST

START_TEST(test_journal_older_than_file_is_left_alone)
{
	struct nb *nb = start_nb(), *nb2 = make_nb(three, 3);
	struct journal_recovery *rec = NULL;
	struct timespec ts[2];
	struct journal *j;

	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 0), "a = 5", 5), 0);
	ck_assert_int_eq(journal_flush(j), 0);
	journal_free(j);
	/* Saved afterwards (by this quire before it died, or another). */
	ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &ts[0]), 0);
	ts[0].tv_sec += 10;
	ts[1] = ts[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, nbpath.ptr, ts, 0), 0);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_null(rec);
	ck_assert_str_eq(src_at(nb2, 0), "a = 1");
	nb_free(nb);
	nb_free(nb2);
}
END_TEST

START_TEST(test_journal_discard_starts_from_the_save)
{
	static const char *const saved[] = { "a = 5", "b = a + 1",
	    "print(b)" };
	struct nb *nb = start_nb(), *nb2;
	struct journal_recovery *rec = NULL;
	struct journal *j;
	struct buf jn = BUF_INIT, d = BUF_INIT;

	journal_name(&jn);
	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	nb_cell_set_source(nb_cell_at(nb, 0), "a = 5", 5);
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 0), "a = 5", 5), 0);
	ck_assert_int_eq(journal_flush(j), 0);
	ck_assert_int_eq(access(jn.ptr, F_OK), 0);
	/* The editor saves, then discards. */
	write_file(nbpath.ptr, "# saved\na = 5\nb = a + 1\nprint(b)\n");
	ck_assert_int_eq(journal_discard(j, nb), 0);
	ck_assert_int_eq(access(jn.ptr, F_OK), -1);
	ck_assert(!journal_is_pending(j));
	/* More typing after the save, then a crash. */
	nb_cell_set_source(nb_cell_at(nb, 2), "print(b * 2)", 12);
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 2), "print(b * 2)",
	    12), 0);
	ck_assert_int_eq(journal_flush(j), 0);
	journal_free(j);
	nb2 = make_nb(saved, 3);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(rec->nchanged, 1);
	ck_assert(!rec->base_changed);
	describe(&d, nb2);
	ck_assert_str_eq(d.ptr, "c0:a = 5|c1:b = a + 1|c2:print(b * 2)");
	journal_recovery_free(rec);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&jn);
	buf_release(&d);
}
END_TEST

START_TEST(test_journal_changed_base_matches_cells_by_content)
{
	static const char *const theirs[] = { "import sys", "a = 1",
	    "b = a + 1", "print(b)" };
	struct nb *nb = start_nb(), *nb2;
	struct journal_recovery *rec = NULL;
	struct timespec ts[2];
	struct journal *j;
	struct buf d = BUF_INIT;

	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 1), "b = a * 3",
	    9), 0);
	ck_assert_int_eq(journal_flush(j), 0);
	journal_free(j);
	/* Meanwhile someone else's version landed, dated before our
	 * last edit (a git pull while we typed). */
	write_file(nbpath.ptr, "# theirs\nimport sys\na = 1\n...\n");
	ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &ts[0]), 0);
	ts[0].tv_sec -= 60;
	ts[1] = ts[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, nbpath.ptr, ts, 0), 0);
	nb2 = make_nb(theirs, 4);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert(rec->base_changed);
	describe(&d, nb2);
	/* Our notebook, whole: the unsaved work wins, the editor warns. */
	ck_assert_str_eq(d.ptr, "c0:a = 1|c1:b = a * 3|c2:print(b)");
	ck_assert_uint_eq(rec->ndeleted, 2);
	ck_assert_uint_eq(rec->ninserted, 1);
	journal_recovery_free(rec);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&d);
}
END_TEST

/* n seconds of edits to an 8 KiB cell 0; stop early (at the first
 * rewrite) when stop_at_compaction. The last source into src. */
static void
journal_grow(struct journal *j, struct nb *nb, struct buf *src, int n,
    bool stop_at_compaction)
{
	struct buf jn = BUF_INIT;
	off_t size, last = 0;
	int i;

	journal_name(&jn);
	for (i = 0; i < n; i++) {
		buf_reset(src);
		buf_addf(src, "x = %d\n", i);
		while (src->len < 8192)
			buf_adds(src, "# padding padding padding\n");
		ck_assert_int_eq(journal_cell_source(j, id_at(nb, 0), src->ptr,
		    src->len), 0);
		ck_assert_int_eq(journal_flush(j), 0);
		size = file_size(jn.ptr);
		ck_assert_int_lt(size, (1 << 20) + 16384);
		if (stop_at_compaction && size < last)
			break;
		last = size;
	}
	if (stop_at_compaction)
		ck_assert_int_lt(i, n);
	buf_release(&jn);
}

START_TEST(test_journal_compacts_when_grown)
{
	struct nb *nb = start_nb(), *nb2 = make_nb(three, 3);
	struct journal_recovery *rec = NULL;
	struct journal *j;
	struct buf src = BUF_INIT, jn = BUF_INIT;

	journal_name(&jn);
	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	/* 400 seconds of edits to an 8 KiB cell: 3 MiB appended. */
	journal_grow(j, nb, &src, 400, false);
	journal_free(j);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(src_at(nb2, 0), src.ptr);
	ck_assert_str_eq(src_at(nb2, 1), "b = a + 1");
	journal_recovery_free(rec);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&src);
	buf_release(&jn);
}
END_TEST

/* A crash just after a rewrite: the journal is a snapshot alone. */
START_TEST(test_journal_recovers_right_after_compaction)
{
	struct nb *nb = start_nb(), *nb2 = make_nb(three, 3);
	struct journal_recovery *rec = NULL;
	struct journal *j;
	struct buf src = BUF_INIT;

	ck_assert_ptr_nonnull(j = journal_open(nbpath.ptr, nb));
	journal_grow(j, nb, &src, 400, true);
	journal_free(j);
	ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb2), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(rec->nrecords, 0);
	ck_assert_uint_eq(rec->nchanged, 1);
	ck_assert_str_eq(src_at(nb2, 0), src.ptr);
	journal_recovery_free(rec);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&src);
}
END_TEST

/*
 * The child of the SIGKILL test: type into cell 0 as fast as it can,
 * flushing after each edit and reporting each flushed version on fd.
 * Big sources make it likely the kill lands inside a write.
 */
static void
journal_typist(int fd)
{
	struct nb *nb = make_nb(three, 3);
	struct journal *j = journal_open(nbpath.ptr, nb);
	struct buf src = BUF_INIT;
	uint32_t v;

	if (j == NULL)
		_exit(3);
	for (v = 1;; v++) {
		buf_reset(&src);
		buf_addf(&src, "x = %u\n", (unsigned)v);
		while (src.len < 65536)
			buf_adds(&src, "# typing typing typing typing\n");
		if (journal_cell_source(j, id_at(nb, 0), src.ptr,
		    src.len) < 0 || journal_flush(j) < 0)
			_exit(4);
		if (write(fd, &v, sizeof v) != sizeof v)
			_exit(5);
	}
}

START_TEST(test_journal_survives_sigkill_while_appending)
{
	struct journal_recovery *rec;
	struct nb *nb;
	uint32_t v, last;
	unsigned got;
	int fds[2], round, status;
	pid_t pid;

	for (round = 0; round < 4; round++) {
		write_file(nbpath.ptr, "a = 1\nb = a + 1\nprint(b)\n");
		ck_assert_int_eq(pipe(fds), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			(void)close(fds[0]);
			journal_typist(fds[1]);
		}
		(void)close(fds[1]);
		/* Let it flush a number of versions, then kill it at a
		 * moment that differs from round to round. */
		last = 0;
		while (last < 20 + 7 * (uint32_t)round &&
		    read(fds[0], &v, sizeof v) == sizeof v)
			last = v;
		ck_assert_uint_gt(last, 0);
		usleep((useconds_t)(round * 1700));
		ck_assert_int_eq(kill(pid, SIGKILL), 0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		while (read(fds[0], &v, sizeof v) == sizeof v)
			last = v;
		(void)close(fds[0]);

		nb = make_nb(three, 3);
		ck_assert_int_eq(journal_recover(&rec, nbpath.ptr, nb), 0);
		ck_assert_ptr_nonnull(rec);
		ck_assert_int_eq(sscanf(src_at(nb, 0), "x = %u", &got), 1);
		/* Everything flushed is back; at most the one edit that was
		 * being written when the kill came is lost or kept. */
		ck_assert_uint_ge(got, last);
		ck_assert_uint_le(got, last + 1);
		ck_assert_str_eq(src_at(nb, 1), "b = a + 1");
		journal_recovery_free(rec);
		nb_free(nb);
		(void)unlink(nbpath.ptr);
	}
}
END_TEST

START_TEST(test_journal_lives_in_state_dir_when_dir_is_read_only)
{
	struct buf ro = BUF_INIT, p = BUF_INIT, nbp = BUF_INIT;
	struct journal_recovery *rec = NULL;
	struct nb *nb = make_nb(three, 3), *nb2 = make_nb(three, 3);
	struct journal *j;
	const char *base;

	buf_addf(&ro, "%s/ro", scratch);
	ck_assert_int_eq(mkdir(ro.ptr, 0555), 0);
	/* root writes anywhere; /proc/1 refuses even root. */
	if (access(ro.ptr, W_OK) == 0) {
		buf_reset(&ro);
		buf_adds(&ro, "/proc/1");
		if (access(ro.ptr, W_OK) == 0)
			goto done;
	}
	buf_addf(&nbp, "%s/nb.py", ro.ptr);
	buf_reset(&p);
	buf_addf(&p, "%s/state", scratch);
	ck_assert_int_eq(setenv("XDG_STATE_HOME", p.ptr, 1), 0);
	ck_assert_int_eq(journal_path(&p, nbp.ptr), 0);
	base = strrchr(p.ptr, '/') + 1;
	ck_assert_int_eq(strncmp(p.ptr, scratch, strlen(scratch)), 0);
	ck_assert_int_eq(strncmp(p.ptr + strlen(scratch),
	    "/state/quire/journal/nb.py-", 27), 0);
	ck_assert_uint_eq(strlen(base), strlen("nb.py-") + 16 +
	    strlen(".quire-journal"));
	ck_assert_str_eq(base + strlen(base) - 14, ".quire-journal");
	ck_assert_ptr_nonnull(j = journal_open(nbp.ptr, nb));
	ck_assert_str_eq(journal_file(j), p.ptr);
	ck_assert_int_eq(journal_cell_source(j, id_at(nb, 2), "pass", 4), 0);
	ck_assert_int_eq(journal_flush(j), 0);
	journal_free(j);
	ck_assert_int_eq(access(p.ptr, R_OK), 0);
	ck_assert_int_eq(journal_recover(&rec, nbp.ptr, nb2), 0);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(src_at(nb2, 2), "pass");
	journal_recovery_free(rec);
done:
	nb_free(nb);
	nb_free(nb2);
	buf_release(&ro);
	buf_release(&p);
	buf_release(&nbp);
}
END_TEST

static void
lock_name(struct buf *out)
{
	buf_reset(out);
	buf_addf(out, "%s/.nb.py.quire-lock", scratch);
}

START_TEST(test_journal_lock_tells_who_holds_it)
{
	struct journal_lock *l, *l2;
	struct journal_lock_holder h;
	struct buf ln = BUF_INIT, text = BUF_INIT, want = BUF_INIT;
	char host[256];

	write_file(nbpath.ptr, "x = 1\n");
	lock_name(&ln);
	ck_assert_int_eq(journal_lock(&l, NULL, nbpath.ptr, false), 0);
	ck_assert_str_eq(journal_lock_file(l), ln.ptr);
	read_file(&text, ln.ptr);
	buf_addf(&want, "quire-lock\npid %ld\n", (long)getpid());
	ck_assert_int_eq(strncmp(text.ptr, want.ptr, want.len), 0);
	/* A second quire, here the same process, is told who has it. */
	ck_assert_int_eq(journal_lock(&l2, &h, nbpath.ptr, false),
	    JOURNAL_LOCKED);
	ck_assert_ptr_null(l2);
	ck_assert_int_eq(h.pid, (long)getpid());
	ck_assert_int_eq(gethostname(host, sizeof host), 0);
	ck_assert_str_eq(h.host, host);
	ck_assert_str_ne(h.user, "");
	ck_assert_int_le(h.started, (int64_t)time(NULL));
	ck_assert_int_gt(h.started, (int64_t)time(NULL) - 60);
	journal_lock_holder_release(&h);
	journal_unlock(l);
	ck_assert_int_eq(access(ln.ptr, F_OK), -1);
	journal_unlock(NULL);
	buf_release(&ln);
	buf_release(&text);
	buf_release(&want);
}
END_TEST

START_TEST(test_journal_stale_lock_is_taken_over)
{
	struct journal_lock *l;
	struct buf ln = BUF_INIT, text = BUF_INIT;
	char host[256];
	pid_t dead;
	int status;

	lock_name(&ln);
	/* A pid that surely is gone: a child we reaped. */
	dead = fork();
	ck_assert_int_ge(dead, 0);
	if (dead == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(dead, &status, 0), dead);
	ck_assert_int_eq(gethostname(host, sizeof host), 0);
	buf_addf(&text, "quire-lock\npid %ld\nuser bob\nhost %s\n"
	    "started 1\n", (long)dead, host);
	write_file(ln.ptr, text.ptr);
	ck_assert_int_eq(journal_lock(&l, NULL, nbpath.ptr, false), 0);
	read_file(&text, ln.ptr);
	ck_assert_ptr_null(strstr(text.ptr, "user bob"));
	ck_assert_ptr_nonnull(strstr(text.ptr, "pid "));
	journal_unlock(l);
	buf_release(&ln);
	buf_release(&text);
}
END_TEST

START_TEST(test_journal_lock_of_another_host_holds)
{
	struct journal_lock *l;
	struct journal_lock_holder h;
	struct buf ln = BUF_INIT;

	lock_name(&ln);
	write_file(ln.ptr, "quire-lock\npid 1\nuser carol\n"
	    "host elsewhere.invalid\nstarted 1700000000\n");
	ck_assert_int_eq(journal_lock(&l, &h, nbpath.ptr, false),
	    JOURNAL_LOCKED);
	ck_assert_str_eq(h.user, "carol");
	ck_assert_str_eq(h.host, "elsewhere.invalid");
	ck_assert_int_eq(h.pid, 1);
	ck_assert_int_eq(h.started, 1700000000);
	journal_lock_holder_release(&h);
	/* Taken anyway when the user says so. */
	ck_assert_int_eq(journal_lock(&l, &h, nbpath.ptr, true), 0);
	journal_lock_holder_release(&h);
	journal_unlock(l);
	ck_assert_int_eq(access(ln.ptr, F_OK), -1);
	buf_release(&ln);
}
END_TEST

START_TEST(test_journal_unlock_leaves_a_lock_taken_from_us)
{
	struct journal_lock *l, *l2;
	struct buf ln = BUF_INIT, text = BUF_INIT, want = BUF_INIT;
	pid_t pid;
	int status;

	lock_name(&ln);
	ck_assert_int_eq(journal_lock(&l, NULL, nbpath.ptr, false), 0);
	/* Another process forces its way in and keeps the lock. */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(journal_lock(&l2, NULL, nbpath.ptr, true) == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	journal_unlock(l);
	read_file(&text, ln.ptr);
	buf_addf(&want, "quire-lock\npid %ld\n", (long)pid);
	ck_assert_int_eq(strncmp(text.ptr, want.ptr, want.len), 0);
	buf_release(&ln);
	buf_release(&text);
	buf_release(&want);
}
END_TEST

START_TEST(test_journal_unreadable_lock_waits_then_gives_way)
{
	struct journal_lock *l;
	struct journal_lock_holder h;
	struct buf ln = BUF_INIT;
	struct timespec ts[2];

	lock_name(&ln);
	/* Just created, not yet written: someone is taking it. */
	write_file(ln.ptr, "");
	ck_assert_int_eq(journal_lock(&l, &h, nbpath.ptr, false),
	    JOURNAL_LOCKED);
	ck_assert_int_eq(h.pid, 0);
	journal_lock_holder_release(&h);
	/* A minute old and still garbage: nobody's. */
	write_file(ln.ptr, "garbage");
	ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &ts[0]), 0);
	ts[0].tv_sec -= 60;
	ts[1] = ts[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, ln.ptr, ts, 0), 0);
	ck_assert_int_eq(journal_lock(&l, NULL, nbpath.ptr, false), 0);
	journal_unlock(l);
	buf_release(&ln);
}
END_TEST

START_TEST(test_journal_stat_tells_change_from_touch)
{
	struct journal_stat s, gone;
	struct timespec ts[2];
	struct stat st;

	write_file(nbpath.ptr, "a = 1\n");
	ck_assert_int_eq(journal_stat_snapshot(&s, nbpath.ptr), 0);
	ck_assert(s.exists);
	ck_assert_uint_eq(s.size, 6);
	ck_assert_int_eq(journal_changed_on_disk(&s, nbpath.ptr), 0);
	/* Touched, or rewritten with the same bytes: not a change. */
	ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &ts[0]), 0);
	ts[0].tv_sec += 5;
	ts[1] = ts[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, nbpath.ptr, ts, 0), 0);
	ck_assert_int_eq(journal_changed_on_disk(&s, nbpath.ptr), 0);
	write_file(nbpath.ptr, "a = 1\n");
	ck_assert_int_eq(journal_changed_on_disk(&s, nbpath.ptr), 0);
	/* Same size, new bytes, and even the old time put back. */
	ck_assert_int_eq(journal_stat_snapshot(&s, nbpath.ptr), 0);
	ck_assert_int_eq(stat(nbpath.ptr, &st), 0);
	write_file(nbpath.ptr, "a = 2\n");
	ts[0] = st.st_mtim;
	ts[1] = st.st_mtim;
	ck_assert_int_eq(utimensat(AT_FDCWD, nbpath.ptr, ts, 0), 0);
	ck_assert_int_eq(journal_changed_on_disk(&s, nbpath.ptr), 1);
	/* Removed. */
	ck_assert_int_eq(unlink(nbpath.ptr), 0);
	ck_assert_int_eq(journal_changed_on_disk(&s, nbpath.ptr), 1);
	/* Absent, then created. */
	ck_assert_int_eq(journal_stat_snapshot(&gone, nbpath.ptr), 0);
	ck_assert(!gone.exists);
	ck_assert_int_eq(journal_changed_on_disk(&gone, nbpath.ptr), 0);
	write_file(nbpath.ptr, "");
	ck_assert_int_eq(journal_changed_on_disk(&gone, nbpath.ptr), 1);
}
END_TEST

static Suite *
journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("recovery");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_journal_nothing_written_without_edits);
	tcase_add_test(tc, test_journal_recovers_source_edits);
	tcase_add_test(tc, test_journal_recovers_cell_operations);
	tcase_add_test(tc, test_journal_coalesces_typing);
	tcase_add_test(tc, test_journal_every_prefix_replays_a_prefix);
	tcase_add_test(tc, test_journal_corrupt_record_stops_replay);
	tcase_add_test(tc, test_journal_torn_tail_is_ignored);
	tcase_add_test(tc, test_journal_not_a_journal_is_an_error);
	tcase_add_test(tc, test_journal_older_than_file_is_left_alone);
	tcase_add_test(tc, test_journal_discard_starts_from_the_save);
	tcase_add_test(tc, test_journal_changed_base_matches_cells_by_content);
	tcase_add_test(tc, test_journal_compacts_when_grown);
	tcase_add_test(tc, test_journal_recovers_right_after_compaction);
	tcase_add_test(tc, test_journal_survives_sigkill_while_appending);
	tcase_add_test(tc,
	    test_journal_lives_in_state_dir_when_dir_is_read_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("lock");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_journal_lock_tells_who_holds_it);
	tcase_add_test(tc, test_journal_stale_lock_is_taken_over);
	tcase_add_test(tc, test_journal_lock_of_another_host_holds);
	tcase_add_test(tc, test_journal_unlock_leaves_a_lock_taken_from_us);
	tcase_add_test(tc, test_journal_unreadable_lock_waits_then_gives_way);
	suite_add_tcase(s, tc);

	tc = tcase_create("disk");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_journal_stat_tells_change_from_touch);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(journal_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
