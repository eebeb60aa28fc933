/*
 * check_fileio.c: files written so that they last. Every byte arrives
 * across signals, directories are made with the mode asked and a file in
 * the way is named, and a replace leaves either the old file or the new
 * one: never a part, never a temporary file, never a planted name
 * followed, and errors that name the file.
 */
#include "config.h"
#include "fileio.h"

#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "checklib.h"
#include "err.h"

static char scratch[PATH_MAX];

/*
 * Temporary names come from getentropy(). While fake_entropy is set this
 * program's own getentropy() answers instead: call k fills every byte
 * with k (or with 0 for ever when fake_entropy_stuck), so the test knows
 * the names fileio will try.
 */
static bool fake_entropy, fake_entropy_stuck;
static unsigned fake_entropy_calls;

int
getentropy(void *buf, size_t len)
{
	int fd;
	ssize_t n;

	if (fake_entropy) {
		memset(buf, fake_entropy_stuck ? 0 : (int)fake_entropy_calls,
		    len);
		fake_entropy_calls++;
		return 0;
	}
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, len);
	(void)close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static void
setup(void)
{
	char cwd[PATH_MAX / 2];
	char tmpl[] = "tmp-check_fileio-XXXXXX";

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	snprintf(scratch, sizeof scratch, "%s/%s", cwd, tmpl);
	(void)umask(022);
	fake_entropy = fake_entropy_stuck = false;
	fake_entropy_calls = 0;
}

static void
teardown(void)
{
	struct buf cmd = BUF_INIT;

	(void)checklib_dir_lock(scratch, false);
	buf_addf(&cmd, "chmod -R u+w '%s'; rm -rf '%s'", scratch, scratch);
	ck_assert_int_eq(system(cmd.ptr), 0);
	buf_release(&cmd);
}

/* scratch/name; borrowed until the next call. */
static const char *
at(const char *name)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	buf_addf(&b, "%s/%s", scratch, name);
	return b.ptr;
}

static void
spew(const char *path, const char *text)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* The whole file; the caller frees. */
static char *
slurp(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	(void)fclose(f);
	return buf_detach(&b, NULL);
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/* err_last() begins with s. */
#define ck_assert_err_starts(s)                                           \
	ck_assert_msg(strncmp(err_last(), (s), strlen(s)) == 0,          \
	    "\"%s\" does not begin with \"%s\"", err_last(), (s))

/* write_all */

static void
fileio_on_alarm(int sig)
{
	(void)sig;
}

START_TEST(test_fileio_write_all_across_signals)
{
	enum { LEN = 1 << 20 };
	struct sigaction sa;
	struct itimerval it;
	char *data = malloc(LEN), chunk[4096];
	size_t i, got = 0;
	ssize_t n;
	int pfd[2], st;
	pid_t pid;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < LEN; i++)
		data[i] = (char)(i * 7 + i / 4096);
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* A slow reader: the writer blocks, and signals cut in. */
		(void)close(pfd[1]);
		while ((n = read(pfd[0], chunk, sizeof chunk)) > 0) {
			if (memcmp(chunk, data + got, (size_t)n) != 0)
				_exit(2);
			got += (size_t)n;
			usleep(200);
		}
		_exit(got == LEN ? 0 : 1);
	}
	(void)close(pfd[0]);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fileio_on_alarm;	/* no SA_RESTART: EINTR */
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	it.it_interval.tv_sec = it.it_value.tv_sec = 0;
	it.it_interval.tv_usec = it.it_value.tv_usec = 1000;
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	ck_assert_int_eq(fileio_write_all(pfd[1], data, LEN), 0);
	memset(&it, 0, sizeof it);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	(void)close(pfd[1]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	free(data);
}
END_TEST

START_TEST(test_fileio_write_all_reports_errno)
{
	int fd;

	ck_assert_int_eq(fileio_write_all(-1, "x", 1), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_err_starts("write: ");
	/* A full disk, where the system offers one. */
	if ((fd = open("/dev/full", O_WRONLY | O_CLOEXEC)) < 0)
		return;
	ck_assert_int_eq(fileio_write_all(fd, "x", 1), -1);
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_err_starts("write: ");
	(void)close(fd);
}
END_TEST

/* mkdirs */

START_TEST(test_fileio_mkdirs_makes_parents_with_mode)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/a/b/c", scratch);
	ck_assert_int_eq(fileio_mkdirs(p.ptr, 0700), 0);
	ck_assert_uint_eq(mode_of(at("a")), 0700);
	ck_assert_uint_eq(mode_of(at("a/b/c")), 0700);
	/* Existing directories are fine and keep their mode. */
	ck_assert_int_eq(chmod(at("a"), 0750), 0);
	ck_assert_int_eq(fileio_mkdirs(p.ptr, 0700), 0);
	ck_assert_uint_eq(mode_of(at("a")), 0750);
	/* A trailing slash, and the umask applies. */
	buf_reset(&p);
	buf_addf(&p, "%s/a/d/", scratch);
	ck_assert_int_eq(fileio_mkdirs(p.ptr, 0777), 0);
	ck_assert_uint_eq(mode_of(at("a/d")), 0755);
	ck_assert_int_eq(fileio_mkdirs("", 0700), 0);
	buf_release(&p);
}
END_TEST

START_TEST(test_fileio_mkdirs_file_in_the_way)
{
	struct buf p = BUF_INIT, want = BUF_INIT;

	spew(at("f"), "x");
	/* The parent is a file: it is the one named. */
	buf_addf(&p, "%s/f/sub", scratch);
	buf_addf(&want, "create directory %s: ", at("f"));
	ck_assert_int_eq(fileio_mkdirs(p.ptr, 0700), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	ck_assert_err_starts(want.ptr);
	ck_assert_int_eq(access(p.ptr, F_OK), -1);
	/* The last component is a file: not a directory either. */
	ck_assert_int_eq(fileio_mkdirs(at("f"), 0700), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	ck_assert_err_starts(want.ptr);
	buf_release(&p);
	buf_release(&want);
}
END_TEST

START_TEST(test_fileio_mkdirs_readonly_dir)
{
	struct buf p = BUF_INIT, want = BUF_INIT;

	ck_assert_int_eq(mkdir(at("ro"), 0700), 0);
	if (!checklib_dir_lock(at("ro"), true))
		return;	/* nothing stops root here: nothing to test */
	buf_addf(&p, "%s/new/deeper", at("ro"));
	buf_addf(&want, "create directory %s/new: ", at("ro"));
	ck_assert_int_eq(fileio_mkdirs(p.ptr, 0700), -1);
	ck_assert_err_starts(want.ptr);
	ck_assert_uint_eq(checklib_dir_count(at("ro")), 0);
	ck_assert(checklib_dir_lock(at("ro"), false));
	buf_release(&p);
	buf_release(&want);
}
END_TEST

/* replace */

START_TEST(test_fileio_replace_new_and_old)
{
	char b[8], *text;
	int fd;

	/* A new file: mode less the umask, as open(2). */
	ck_assert_int_eq(fileio_replace(at("k"), "one", 3, 0666, 0), 0);
	text = slurp(at("k"));
	ck_assert_str_eq(text, "one");
	free(text);
	ck_assert_uint_eq(mode_of(at("k")), 0644);
	/* Without FILEIO_KEEP the mode asked replaces the old one. */
	ck_assert_int_eq(fileio_replace(at("k"), "two\0x", 5,
	    0600, FILEIO_DURABLE | FILEIO_STRICT_DIR), 0);
	ck_assert_uint_eq(mode_of(at("k")), 0600);
	fd = open(at("k"), O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, b, sizeof b), 5);
	ck_assert_int_eq(memcmp(b, "two\0x", 5), 0);
	(void)close(fd);
	/* Empty contents are contents. */
	ck_assert_int_eq(fileio_replace(at("k"), "", 0, 0600, 0), 0);
	text = slurp(at("k"));
	ck_assert_str_eq(text, "");
	free(text);
	ck_assert_uint_eq(checklib_dir_count(scratch), 1);
}
END_TEST

START_TEST(test_fileio_replace_keep_mode_and_link)
{
	struct stat st;
	char *text;

	spew(at("nb.py"), "old");
	ck_assert_int_eq(chmod(at("nb.py"), 0640), 0);
	ck_assert_int_eq(fileio_replace(at("nb.py"), "new", 3, 0666,
	    FILEIO_DURABLE | FILEIO_KEEP), 0);
	ck_assert_uint_eq(mode_of(at("nb.py")), 0640);
	/* A new file under FILEIO_KEEP: mode less the umask. */
	ck_assert_int_eq(fileio_replace(at("other.py"), "x", 1, 0666,
	    FILEIO_KEEP), 0);
	ck_assert_uint_eq(mode_of(at("other.py")), 0644);
	/* Through a link in another directory: the target is replaced, in
	 * its own directory, and the link stays a link. */
	ck_assert_int_eq(mkdir(at("sub"), 0700), 0);
	ck_assert_int_eq(symlink("../nb.py", at("sub/link.py")), 0);
	ck_assert_int_eq(fileio_replace(at("sub/link.py"), "linked", 6,
	    0666, FILEIO_KEEP), 0);
	ck_assert_int_eq(lstat(at("sub/link.py"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	text = slurp(at("nb.py"));
	ck_assert_str_eq(text, "linked");
	free(text);
	ck_assert_uint_eq(mode_of(at("nb.py")), 0640);
	ck_assert_uint_eq(checklib_dir_count(scratch), 3);
	ck_assert_uint_eq(checklib_dir_count(at("sub")), 1);
	/* Without FILEIO_KEEP the link itself is replaced. */
	ck_assert_int_eq(fileio_replace(at("sub/link.py"), "own", 3, 0600,
	    0), 0);
	text = slurp(at("nb.py"));
	ck_assert_str_eq(text, "linked");
	free(text);
	text = slurp(at("sub/link.py"));
	ck_assert_str_eq(text, "own");
	free(text);
}
END_TEST

START_TEST(test_fileio_replace_keep_refuses_non_files)
{
	struct buf want = BUF_INIT;

	ck_assert_int_eq(mkdir(at("d.py"), 0700), 0);
	buf_addf(&want, "%s: not a regular file", at("d.py"));
	ck_assert_int_eq(fileio_replace(at("d.py"), "x", 1, 0666,
	    FILEIO_KEEP), -1);
	ck_assert_str_eq(err_last(), want.ptr);
	/* Without FILEIO_KEEP rename(2) refuses it, and says where. */
	buf_reset(&want);
	buf_addf(&want, "%s: rename ", at("d.py"));
	ck_assert_int_eq(fileio_replace(at("d.py"), "x", 1, 0666, 0), -1);
	ck_assert_err_starts(want.ptr);
	ck_assert_uint_eq(checklib_dir_count(scratch), 1);
	ck_assert_uint_eq(checklib_dir_count(at("d.py")), 0);
	buf_release(&want);
}
END_TEST

START_TEST(test_fileio_replace_readonly_dir_untouched)
{
	struct buf want = BUF_INIT;
	char *text;

	spew(at("nb.py"), "old");
	if (!checklib_dir_lock(scratch, true))
		return;	/* nothing stops root here: nothing to test */
	buf_addf(&want, "%s: create %s/.nb.py.", at("nb.py"), scratch);
	ck_assert_int_eq(fileio_replace(at("nb.py"), "new", 3, 0666,
	    FILEIO_DURABLE | FILEIO_KEEP), -1);
	ck_assert_err_starts(want.ptr);
	text = slurp(at("nb.py"));
	ck_assert_str_eq(text, "old");
	free(text);
	ck_assert_uint_eq(checklib_dir_count(scratch), 1);
	ck_assert(checklib_dir_lock(scratch, false));
	buf_release(&want);
}
END_TEST

START_TEST(test_fileio_replace_parent_is_a_file)
{
	struct buf p = BUF_INIT;
	int fd;

	spew(at("f"), "x");
	buf_addf(&p, "%s/f/nb.py", scratch);
	ck_assert_int_eq(fileio_replace(p.ptr, "new", 3, 0600, 0), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	ck_assert_err_starts(p.ptr);
	ck_assert_int_eq(fileio_replace_open(&fd, p.ptr, "new", 3, 0600,
	    FILEIO_KEEP), -1);
	ck_assert_int_eq(fd, -1);
	ck_assert_err_starts(p.ptr);
	/* A missing directory is named the same way. */
	buf_reset(&p);
	buf_addf(&p, "%s/nodir/nb.py", scratch);
	ck_assert_int_eq(fileio_replace(p.ptr, "new", 3, 0600, 0), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_err_starts(p.ptr);
	ck_assert_uint_eq(checklib_dir_count(scratch), 1);
	buf_release(&p);
}
END_TEST

START_TEST(test_fileio_replace_existing_temp_name)
{
	char *text;

	spew(at("victim"), "precious");
	spew(at("k"), "old");
	/* The first two names fileio will try are taken: a link planted
	 * to redirect the write, and a stale file. */
	ck_assert_int_eq(symlink("victim", at(".k.AAAAAA")), 0);
	spew(at(".k.BBBBBB"), "stale");
	fake_entropy = true;
	ck_assert_int_eq(fileio_replace(at("k"), "new", 3, 0600,
	    FILEIO_DURABLE), 0);
	ck_assert_uint_ge(fake_entropy_calls, 3);
	text = slurp(at("k"));
	ck_assert_str_eq(text, "new");
	free(text);
	text = slurp(at("victim"));
	ck_assert_str_eq(text, "precious");
	free(text);
	text = slurp(at(".k.BBBBBB"));
	ck_assert_str_eq(text, "stale");
	free(text);
	ck_assert_uint_eq(checklib_dir_count(scratch), 4);
}
END_TEST

START_TEST(test_fileio_replace_every_name_taken)
{
	struct buf want = BUF_INIT;
	char *text;

	spew(at("k"), "old");
	spew(at(".k.AAAAAA"), "stale");
	fake_entropy = fake_entropy_stuck = true;
	buf_addf(&want, "%s: create %s/.k.AAAAAA: ", at("k"), scratch);
	ck_assert_int_eq(fileio_replace(at("k"), "new", 3, 0600, 0), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_err_starts(want.ptr);
	/* It gave up rather than loop for ever, and touched nothing. */
	ck_assert_uint_gt(fake_entropy_calls, 1);
	ck_assert_uint_le(fake_entropy_calls, 1000);
	text = slurp(at("k"));
	ck_assert_str_eq(text, "old");
	free(text);
	text = slurp(at(".k.AAAAAA"));
	ck_assert_str_eq(text, "stale");
	free(text);
	buf_release(&want);
}
END_TEST

START_TEST(test_fileio_replace_open_hands_back_the_file)
{
	char *text;
	int fd;

	spew(at("j"), "old journal");
	ck_assert_int_eq(fileio_replace_open(&fd, at("j"), "head\n", 5, 0600,
	    FILEIO_DURABLE), 0);
	ck_assert_int_ge(fd, 0);
	/* Open at its end: what follows is appended. */
	ck_assert_int_eq(fileio_write_all(fd, "rec\n", 4), 0);
	ck_assert_int_eq(close(fd), 0);
	text = slurp(at("j"));
	ck_assert_str_eq(text, "head\nrec\n");
	free(text);
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
	ck_assert_uint_eq(checklib_dir_count(scratch), 1);
}
END_TEST

START_TEST(test_fileio_sync_dir_names_the_directory)
{
	struct buf p = BUF_INIT, want = BUF_INIT;

	spew(at("f"), "x");
	ck_assert_int_eq(fileio_sync_dir(at("f")), 0);
	ck_assert_int_eq(fileio_sync_dir("bare-name"), 0);
	buf_addf(&p, "%s/nodir/f", scratch);
	buf_addf(&want, "sync directory %s/nodir: ", scratch);
	ck_assert_int_eq(fileio_sync_dir(p.ptr), -1);
	ck_assert_err_starts(want.ptr);
	buf_release(&p);
	buf_release(&want);
}
END_TEST

static Suite *
fileio_suite(void)
{
	Suite *s = suite_create("fileio");
	TCase *tc;

	tc = tcase_create("write_all");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fileio_write_all_across_signals);
	tcase_add_test(tc, test_fileio_write_all_reports_errno);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("mkdirs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fileio_mkdirs_makes_parents_with_mode);
	tcase_add_test(tc, test_fileio_mkdirs_file_in_the_way);
	tcase_add_test(tc, test_fileio_mkdirs_readonly_dir);
	suite_add_tcase(s, tc);

	tc = tcase_create("replace");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fileio_replace_new_and_old);
	tcase_add_test(tc, test_fileio_replace_keep_mode_and_link);
	tcase_add_test(tc, test_fileio_replace_keep_refuses_non_files);
	tcase_add_test(tc, test_fileio_replace_readonly_dir_untouched);
	tcase_add_test(tc, test_fileio_replace_parent_is_a_file);
	tcase_add_test(tc, test_fileio_replace_existing_temp_name);
	tcase_add_test(tc, test_fileio_replace_every_name_taken);
	tcase_add_test(tc, test_fileio_replace_open_hands_back_the_file);
	tcase_add_test(tc, test_fileio_sync_dir_names_the_directory);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fileio_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
