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
	/* Four zeros can never become a row or column: no waiting for
	 * more (found by fuzz_termreply). */
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[0000", 6, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[1;0000", 8, &row, &col,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_cpr("\x1b[0001", 6, &row, &col,
	    &used), 0);
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

START_TEST(test_widthprobe_da1_parse_takes_only_well_formed_answers)
{
	bool sixel;
	size_t used;

	/* xterm -ti vt340: sixel (4) among the attributes. */
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?63;1;2;4;6;9;15;22c",
	    22, &sixel, &used), 1);
	ck_assert(sixel);
	ck_assert_uint_eq(used, 22);
	/* A VT220-class answer without 4; 44 is not 4. */
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?62;44;22cX", 14, &sixel,
	    &used), 1);
	ck_assert(!sixel);
	ck_assert_uint_eq(used, 12);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?6c", 5, &sixel, &used),
	    1);
	ck_assert(!sixel);
	/* Prefixes wait for more. */
	ck_assert_int_eq(widthprobe_parse_da1("", 0, &sixel, &used), 0);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?62;4", 7, &sixel,
	    &used), 0);
	ck_assert(!sixel);
	/* Not an answer: a cursor report, a secondary DA answer, empty or
	 * over-long parameters, another final, no "?". */
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[1;2R", 6, &sixel, &used),
	    -1);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[>41;4c", 8, &sixel,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?;4c", 6, &sixel, &used),
	    -1);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?4;;c", 7, &sixel,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?123456c", 11, &sixel,
	    &used), -1);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[?4x", 5, &sixel, &used),
	    -1);
	ck_assert_int_eq(widthprobe_parse_da1("\x1b[4c", 4, &sixel, &used),
	    -1);
	ck_assert_int_eq(widthprobe_parse_da1("a\x1b[?4c", 6, &sixel, &used),
	    -1);
}
END_TEST

static struct widthprobe_env
env_of(const char *term, const char *kitty, const char *tmux, bool tty)
{
	struct widthprobe_env e;

	e.term = term;
	e.kitty_window_id = kitty;
	e.tmux = tmux;
	e.tty = tty;
	e.tmux_parent = false;
	return e;
}

START_TEST(test_widthprobe_graphics_never_inside_tmux)
{
	struct widthprobe_env e;

	/* tmux named by $TMUX or by TERM: symbols whatever the setting,
	 * the DA1 answer or a kitty outside it. */
	e = env_of("xterm-kitty", "1", "/tmp/tmux-1/default,1,0", true);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "auto", 1),
	    WIDTHPROBE_SYMBOLS);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "kitty", 1),
	    WIDTHPROBE_SYMBOLS);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "sixel", 1),
	    WIDTHPROBE_SYMBOLS);
	ck_assert(!widthprobe_da1_wanted(&e, "auto"));
	e = env_of("tmux-256color", NULL, NULL, true);
	ck_assert(widthprobe_in_tmux(&e));
	ck_assert_int_eq(widthprobe_graphics_decide(&e, NULL, 1),
	    WIDTHPROBE_SYMBOLS);
	ck_assert(!widthprobe_da1_wanted(&e, NULL));
	e = env_of("screen.xterm-256color", NULL, NULL, true);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "sixel", 1),
	    WIDTHPROBE_SYMBOLS);
	e = env_of("xterm-256color", NULL, "", true);
	ck_assert(!widthprobe_in_tmux(&e));
	/* An emptied environment (env -i) inside tmux: the process tree
	 * still says so. */
	e = env_of("xterm-kitty", "1", NULL, true);
	e.tmux_parent = true;
	ck_assert(widthprobe_in_tmux(&e));
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "auto", 1),
	    WIDTHPROBE_SYMBOLS);
}
END_TEST

START_TEST(test_widthprobe_graphics_auto_from_terminal)
{
	struct widthprobe_env e;

	/* kitty from TERM or KITTY_WINDOW_ID, without asking DA1. */
	e = env_of("xterm-kitty", NULL, NULL, true);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "auto", -1),
	    WIDTHPROBE_KITTY);
	ck_assert(!widthprobe_da1_wanted(&e, "auto"));
	e = env_of("xterm-256color", "3", NULL, true);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, NULL, -1),
	    WIDTHPROBE_KITTY);
	/* sixel only when DA1 listed 4. */
	e = env_of("xterm-256color", NULL, NULL, true);
	ck_assert(widthprobe_da1_wanted(&e, "auto"));
	ck_assert(widthprobe_da1_wanted(&e, NULL));
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "auto", 1),
	    WIDTHPROBE_SIXEL);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "auto", 0),
	    WIDTHPROBE_SYMBOLS);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "auto", -1),
	    WIDTHPROBE_SYMBOLS);
	/* Not a terminal: symbols, nothing asked. */
	e = env_of("xterm-kitty", "1", NULL, false);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "kitty", 1),
	    WIDTHPROBE_SYMBOLS);
	ck_assert(!widthprobe_da1_wanted(&e, "auto"));
	e = env_of("dumb", NULL, NULL, true);
	ck_assert(!widthprobe_da1_wanted(&e, "auto"));
}
END_TEST

START_TEST(test_widthprobe_graphics_setting_overrides_auto)
{
	struct widthprobe_env e = env_of("xterm-kitty", "1", NULL, true);

	ck_assert_int_eq(widthprobe_graphics_decide(&e, "symbols", 1),
	    WIDTHPROBE_SYMBOLS);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "sixel", -1),
	    WIDTHPROBE_SIXEL);
	e = env_of("xterm-256color", NULL, NULL, true);
	ck_assert_int_eq(widthprobe_graphics_decide(&e, "kitty", 0),
	    WIDTHPROBE_KITTY);
	/* Only auto asks the terminal. */
	ck_assert(!widthprobe_da1_wanted(&e, "symbols"));
	ck_assert(!widthprobe_da1_wanted(&e, "sixel"));
	ck_assert_str_eq(widthprobe_graphics_name(WIDTHPROBE_SIXEL), "sixel");
	ck_assert_str_eq(widthprobe_graphics_name(WIDTHPROBE_KITTY), "kitty");
	ck_assert_str_eq(widthprobe_graphics_name(WIDTHPROBE_SYMBOLS),
	    "symbols");
}
END_TEST

/* A terminal that answers DA1 after junk and a cursor report. */
static void
fake_da1_terminal(int fd, const char *answer)
{
	char b[64];
	ssize_t n;

	n = read(fd, b, sizeof b);
	if (n != 3 || memcmp(b, "\x1b[c", 3) != 0)
		_exit(2);
	if (answer != NULL && write(fd, answer, strlen(answer)) < 0)
		_exit(3);
	/* Wait for the other end to close. */
	while (read(fd, b, sizeof b) > 0)
		;
	_exit(0);
}

START_TEST(test_widthprobe_da1_exchange)
{
	static const struct {
		const char *answer;
		int want;
	} cases[] = {
		{ "x\x1b[5;5R\x1b[?62;4;22c", 1 },
		{ "\x1b[?65;1;9c", 0 },
		{ "\x1b[?62;4", -1 },	/* never finished: no answer */
		{ NULL, -1 },
	};
	int sv[2], status;
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		if ((pid = fork()) == 0) {
			close(sv[0]);
			fake_da1_terminal(sv[1], cases[i].answer);
		}
		close(sv[1]);
		ck_assert_int_eq(widthprobe_da1(sv[0], sv[0], 200),
		    cases[i].want);
		close(sv[0]);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_int_eq(WEXITSTATUS(status), 0);
	}
}
END_TEST

static Suite *
widthprobe_suite(void)
{
	Suite *s = suite_create("widthprobe");
	TCase *tc = tcase_create("decide");

	tcase_add_test(tc, test_widthprobe_agreeing_terminal_marks_nothing);
	tcase_add_test(tc,
	    test_widthprobe_da1_parse_takes_only_well_formed_answers);
	tcase_add_test(tc, test_widthprobe_graphics_never_inside_tmux);
	tcase_add_test(tc, test_widthprobe_graphics_auto_from_terminal);
	tcase_add_test(tc, test_widthprobe_graphics_setting_overrides_auto);
	tcase_add_test(tc, test_widthprobe_da1_exchange);
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
