/*
 * check_widthprobe.c: the start-up width probe's decisions: when to
 * probe, which answers are cursor position reports, and which classes
 * of characters become markers for given measured widths; and the
 * probe itself against fake terminals on sockets and pseudo-terminals.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "widthprobe.h"

START_TEST(test_widthprobe_agreeing_terminal_marks_nothing)
{
	const int expected[WIDTHPROBE_NCLASSES] = { 2, 2, 1, 1 };
	const int measured[WIDTHPROBE_NCLASSES] = { 2, 2, 1, 1 };

	ck_assert_uint_eq(widthprobe_decide(measured, expected), 0);
}
END_TEST

START_TEST(test_widthprobe_differing_classes_become_markers)
{
	const int expected[WIDTHPROBE_NCLASSES] = { 2, 2, 1, 1 };
	/* An old terminal: emoji one column, ambiguous two, the combining
	 * mark drawn as a column of its own. */
	const int measured[WIDTHPROBE_NCLASSES] = { 2, 1, 2, 2 };
	unsigned m = widthprobe_decide(measured, expected);

	ck_assert_uint_eq(m, (1u << WIDTHPROBE_EMOJI) |
	    (1u << WIDTHPROBE_AMBIGUOUS) | (1u << WIDTHPROBE_COMBINING));
	ck_assert_uint_eq(m & (1u << WIDTHPROBE_WIDE), 0);
}
END_TEST

START_TEST(test_widthprobe_no_answer_changes_nothing)
{
	const int expected[WIDTHPROBE_NCLASSES] = { 2, 2, 1, 1 };
	const int none[WIDTHPROBE_NCLASSES] = { -1, -1, -1, -1 };
	const int some[WIDTHPROBE_NCLASSES] = { 1, -1, -1, -1 };

	ck_assert_uint_eq(widthprobe_decide(none, expected), 0);
	ck_assert_uint_eq(widthprobe_decide(some, expected),
	    1u << WIDTHPROBE_WIDE);
}
END_TEST

START_TEST(test_widthprobe_wanted_only_on_terminals_in_auto)
{
	ck_assert(widthprobe_wanted(true, true, false, "auto"));
	ck_assert(widthprobe_wanted(true, true, false, NULL));
	ck_assert(!widthprobe_wanted(true, true, true, "auto"));
	ck_assert(!widthprobe_wanted(true, true, false, "ascii"));
	ck_assert(!widthprobe_wanted(false, true, false, "auto"));
	ck_assert(!widthprobe_wanted(true, false, false, "auto"));
}
END_TEST

START_TEST(test_widthprobe_cpr_only_well_formed)
{
	unsigned row = 0, col = 0;
	size_t used = 0;

	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[12;34Rx", 9, &row, &col,
	    &used), 1);
	ck_assert_uint_eq(row, 12);
	ck_assert_uint_eq(col, 34);
	ck_assert_uint_eq(used, 8);
	/* Prefixes wait for more. */
	ck_assert_int_eq(widthprobe_parse_cpr("", 0, &row, &col, &used), 0);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b", 1, &row, &col, &used),
	    0);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[1;", 4, &row, &col,
	    &used), 0);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[1;2", 5, &row, &col,
	    &used), 0);
	/* Anything else is not an answer. */
	ck_assert_int_eq(widthprobe_parse_cpr("a", 1, &row, &col, &used),
	    -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1bOA", 3, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[A", 3, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[1;2~", 6, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[;2R", 5, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[0;2R", 6, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[12345;2R", 10, &row,
	    &col, &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[1;2;3R", 8, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[?1;2R", 7, &row, &col,
	    &used), -1);
}
END_TEST

START_TEST(test_widthprobe_strings_are_the_spec_probes)
{
	ck_assert_str_eq(widthprobe_string(WIDTHPROBE_WIDE), "\xe4\xb8\x80");
	ck_assert_str_eq(widthprobe_string(WIDTHPROBE_EMOJI),
	    "\xf0\x9f\x98\x80");
	ck_assert_str_eq(widthprobe_string(WIDTHPROBE_COMBINING),
	    "e\xcc\x81");
	ck_assert_str_eq(widthprobe_name(WIDTHPROBE_AMBIGUOUS), "ambiguous");
}
END_TEST

static const char *const fake_answers[] = {
	"\x1b[7;3R",			/* wide: 2 columns */
	"xy\x1b[5;R\x1b[7;2R",		/* emoji: 1, after junk */
	"\x1b[7;2R",			/* ambiguous: 1 */
};

/* A fake terminal: answers the first nanswers probes, never the rest;
 * exits at EOF (or EIO, a pseudo-terminal's) with the number of probes
 * it saw. */
static void
fake_terminal_answering(int fd, const char *const *answers,
    size_t nanswers)
{
	char b[256];
	size_t seen = 0, len = 0;
	ssize_t n;

	while ((n = read(fd, b + len, sizeof b - len)) > 0) {
		len += (size_t)n;
		while (len >= 4 && memmem(b, len, "\x1b[6n", 4) != NULL) {
			char *q = memmem(b, len, "\x1b[6n", 4);
			size_t rest = len - (size_t)(q + 4 - b);

			memmove(b, q + 4, rest);
			len = rest;
			if (seen < nanswers && write(fd, answers[seen],
			    strlen(answers[seen])) < 0)
				_exit(100);
			seen++;
		}
		if (len == sizeof b)
			len = 0;
	}
	_exit((int)seen);
}

/* The first three probes answered (one after junk and a malformed
 * report), never the fourth. */
static void
fake_terminal(int fd)
{
	fake_terminal_answering(fd, fake_answers, 3);
}

START_TEST(test_widthprobe_measure_reads_only_reports)
{
	int sv[2], measured[WIDTHPROBE_NCLASSES], status;
	pid_t pid;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		fake_terminal(sv[1]);
	}
	close(sv[1]);
	widthprobe_measure(sv[0], sv[0], 300, measured);
	ck_assert_int_eq(measured[WIDTHPROBE_WIDE], 2);
	ck_assert_int_eq(measured[WIDTHPROBE_EMOJI], 1);
	ck_assert_int_eq(measured[WIDTHPROBE_AMBIGUOUS], 1);
	ck_assert_int_eq(measured[WIDTHPROBE_COMBINING], -1);	/* timeout */
	close(sv[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}
END_TEST

START_TEST(test_widthprobe_silent_terminal_asked_once)
{
	int sv[2], measured[WIDTHPROBE_NCLASSES], status, c;
	struct timespec t0, t1;
	long ms;
	pid_t pid;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		fake_terminal_answering(sv[1], NULL, 0);
	}
	close(sv[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	widthprobe_measure(sv[0], sv[0], 300, measured);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(sv[0]);
	for (c = 0; c < WIDTHPROBE_NCLASSES; c++)
		ck_assert_int_eq(measured[c], -1);
	/* One timeout, not four: start-up waits 300 ms at most. */
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	ck_assert_int_ge(ms, 290);
	ck_assert_int_lt(ms, 600);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
}
END_TEST

START_TEST(test_widthprobe_expected_from_the_width_table)
{
	ck_assert_int_eq(widthprobe_expected(WIDTHPROBE_WIDE), 2);
	ck_assert_int_eq(widthprobe_expected(WIDTHPROBE_EMOJI), 2);
	ck_assert_int_eq(widthprobe_expected(WIDTHPROBE_AMBIGUOUS), 1);
	ck_assert_int_eq(widthprobe_expected(WIDTHPROBE_COMBINING), 1);
}
END_TEST

START_TEST(test_widthprobe_fake_overrides_named_classes)
{
	int m[WIDTHPROBE_NCLASSES] = { 2, 2, 1, 1 };
	bool f[WIDTHPROBE_NCLASSES] = { false, false, false, false };

	widthprobe_fake("wide=1,bogus=3,emoji=,ambiguous=22,combining=2",
	    m, f);
	ck_assert_int_eq(m[WIDTHPROBE_WIDE], 1);
	ck_assert(f[WIDTHPROBE_WIDE]);
	ck_assert_int_eq(m[WIDTHPROBE_EMOJI], 2);
	ck_assert(!f[WIDTHPROBE_EMOJI]);
	ck_assert_int_eq(m[WIDTHPROBE_AMBIGUOUS], 1);
	ck_assert(!f[WIDTHPROBE_AMBIGUOUS]);
	ck_assert_int_eq(m[WIDTHPROBE_COMBINING], 2);
	widthprobe_fake(NULL, m, f);
	widthprobe_fake("", m, f);
	ck_assert_int_eq(m[WIDTHPROBE_WIDE], 1);
}
END_TEST

START_TEST(test_widthprobe_run_skips_what_is_not_a_terminal)
{
	struct widthprobe_result r;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	widthprobe_run(&r, p[0], p[1], false, "auto");
	ck_assert(!r.ran);
	ck_assert_str_eq(r.why, "not a terminal");
	ck_assert_uint_eq(r.distrust, 0);
	ck_assert_int_eq(r.measured[WIDTHPROBE_WIDE], -1);
	ck_assert_int_eq(r.expected[WIDTHPROBE_WIDE], 2);
	widthprobe_run(&r, p[0], p[1], true, "auto");
	ck_assert_str_eq(r.why, "--no-probe");
	close(p[0]);
	close(p[1]);
}
END_TEST

/* The whole probe on a pseudo-terminal whose "terminal" draws
 * East Asian Ambiguous two columns wide. */
START_TEST(test_widthprobe_run_on_a_terminal_distrusts_ambiguous)
{
	static const char *const wide_ambiguous[] = {
		"\x1b[1;3R", "\x1b[1;3R", "\x1b[1;3R", "\x1b[1;2R"
	};
	struct widthprobe_result r;
	int master, slave, status;
	pid_t pid;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		return;
	ck_assert_int_ge(master = posix_openpt(O_RDWR | O_NOCTTY), 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	ck_assert_int_ge(slave = open(ptsname(master), O_RDWR | O_NOCTTY),
	    0);
	if ((pid = fork()) == 0) {
		close(slave);
		fake_terminal_answering(master, wide_ambiguous, 4);
	}
	close(master);
	unsetenv("QUIRE_TEST_WIDTHPROBE");
	widthprobe_run(&r, slave, slave, false, "auto");
	ck_assert(r.ran);
	ck_assert_int_eq(r.measured[WIDTHPROBE_WIDE], 2);
	ck_assert_int_eq(r.measured[WIDTHPROBE_AMBIGUOUS], 2);
	ck_assert_int_eq(r.measured[WIDTHPROBE_COMBINING], 1);
	ck_assert_uint_eq(r.distrust, 1u << WIDTHPROBE_AMBIGUOUS);
	close(slave);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 4);
}
END_TEST

/* The test-only override on a real run: wide measured 1 is distrusted. */
START_TEST(test_widthprobe_run_applies_the_test_override)
{
	static const char *const agree[] = {
		"\x1b[1;3R", "\x1b[1;3R", "\x1b[1;2R", "\x1b[1;2R"
	};
	struct widthprobe_result r;
	int master, slave;
	pid_t pid;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		return;
	ck_assert_int_ge(master = posix_openpt(O_RDWR | O_NOCTTY), 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	ck_assert_int_ge(slave = open(ptsname(master), O_RDWR | O_NOCTTY),
	    0);
	if ((pid = fork()) == 0) {
		close(slave);
		fake_terminal_answering(master, agree, 4);
	}
	close(master);
	setenv("QUIRE_TEST_WIDTHPROBE", "wide=1", 1);
	widthprobe_run(&r, slave, slave, false, NULL);
	ck_assert(r.ran);
	ck_assert_uint_eq(r.distrust, 1u << WIDTHPROBE_WIDE);
	ck_assert(r.faked[WIDTHPROBE_WIDE]);
	/* Without the probe the override does nothing. */
	widthprobe_run(&r, slave, slave, false, "ascii");
	ck_assert(!r.ran);
	ck_assert_uint_eq(r.distrust, 0);
	close(slave);
	(void)waitpid(pid, NULL, 0);
}
END_TEST

static Suite *
widthprobe_suite(void)
{
	Suite *s = suite_create("widthprobe");
	TCase *tc = tcase_create("decide");

	tcase_add_test(tc, test_widthprobe_agreeing_terminal_marks_nothing);
	tcase_add_test(tc, test_widthprobe_differing_classes_become_markers);
	tcase_add_test(tc, test_widthprobe_no_answer_changes_nothing);
	tcase_add_test(tc, test_widthprobe_wanted_only_on_terminals_in_auto);
	tcase_add_test(tc, test_widthprobe_cpr_only_well_formed);
	tcase_add_test(tc, test_widthprobe_strings_are_the_spec_probes);
	tcase_add_test(tc, test_widthprobe_measure_reads_only_reports);
	tcase_add_test(tc, test_widthprobe_silent_terminal_asked_once);
	tcase_add_test(tc, test_widthprobe_expected_from_the_width_table);
	tcase_add_test(tc, test_widthprobe_fake_overrides_named_classes);
	tcase_add_test(tc, test_widthprobe_run_skips_what_is_not_a_terminal);
	tcase_add_test(tc,
	    test_widthprobe_run_on_a_terminal_distrusts_ambiguous);
	tcase_add_test(tc, test_widthprobe_run_applies_the_test_override);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(widthprobe_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
