/*
 * check_widthprobe.c: the start-up width probe's decisions: when to
 * probe, which answers are cursor position reports, and which classes
 * of characters become markers for given measured widths.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

/* A fake terminal: answers the first three probes (one after junk and
 * a malformed report), never the fourth; exits at EOF. */
static void
fake_terminal(int fd)
{
	static const char *const answers[] = {
		"\x1b[7;3R",			/* wide: 2 columns */
		"xy\x1b[5;R\x1b[7;2R",		/* emoji: 1, after junk */
		"\x1b[7;2R",			/* ambiguous: 1 */
	};
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
			if (seen < 3 && write(fd, answers[seen],
			    strlen(answers[seen])) < 0)
				_exit(1);
			seen++;
		}
		if (len == sizeof b)
			len = 0;
	}
	_exit(0);
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
