/*
 * check_loop.c: the event loop delivers fd readiness, timers in order and
 * signals through the self-pipe, and never busy-waits.
 */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "loop.h"

struct seen {
	int reads;
	int order[4];
	int norder;
	int signo;
	int hooks;
};

static void
on_read(struct loop *l, int fd, short revents, void *arg)
{
	struct seen *s = arg;
	char c;

	if (revents & POLLIN && read(fd, &c, 1) == 1)
		s->reads++;
	loop_remove_fd(l, fd);
}

static void
on_timer(struct loop *l, uint64_t id, void *arg)
{
	struct seen *s = arg;

	s->order[s->norder++] = (int)id;
}

static void
on_signal(struct loop *l, int signo, void *arg)
{
	struct seen *s = arg;

	s->signo = signo;
	loop_stop(l);
}

static void
on_hook(struct loop *l, void *arg)
{
	struct seen *s = arg;

	s->hooks++;
}

START_TEST(test_loop_fd_ready_and_removed_in_callback)
{
	struct loop *l = loop_new();
	struct seen s = { 0 };
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "ab", 2), 2);
	loop_add_fd(l, p[0], POLLIN, on_read, &s);
	ck_assert_int_eq(loop_once(l, 1000), 0);
	ck_assert_int_eq(s.reads, 1);
	/* Removed by its callback: the second byte is not read. */
	ck_assert_int_eq(loop_once(l, 0), 0);
	ck_assert_int_eq(s.reads, 1);
	close(p[0]);
	close(p[1]);
	loop_free(l);
}
END_TEST

START_TEST(test_loop_timers_fire_in_due_order)
{
	struct loop *l = loop_new();
	struct seen s = { 0 };
	uint64_t late, early, cancelled;
	uint64_t start = loop_now_ms();

	late = loop_add_timer(l, 40, on_timer, &s);
	early = loop_add_timer(l, 10, on_timer, &s);
	cancelled = loop_add_timer(l, 20, on_timer, &s);
	loop_cancel_timer(l, cancelled);
	while (s.norder < 2 && loop_now_ms() - start < 20000)
		ck_assert_int_eq(loop_once(l, -1), 0);
	ck_assert_int_eq(s.norder, 2);
	ck_assert_int_eq(s.order[0], (int)early);
	ck_assert_int_eq(s.order[1], (int)late);
	ck_assert_uint_ge(loop_now_ms() - start, 40);
	loop_free(l);
}
END_TEST

START_TEST(test_loop_signal_through_self_pipe)
{
	struct loop *l = loop_new();
	struct seen s = { 0 };

	ck_assert_int_eq(loop_add_signal(l, SIGUSR1, on_signal, &s), 0);
	loop_set_before_poll(l, on_hook, &s);
	ck_assert_int_eq(raise(SIGUSR1), 0);
	ck_assert_int_eq(loop_run(l), 0);
	ck_assert_int_eq(s.signo, SIGUSR1);
	ck_assert_int_ge(s.hooks, 1);
	ck_assert(!loop_is_running(l));
	loop_free(l);
}
END_TEST

START_TEST(test_loop_waits_without_spinning)
{
	struct loop *l = loop_new();
	uint64_t start = loop_now_ms();

	/* Nothing registered: one pass waits the whole timeout. */
	ck_assert_int_eq(loop_once(l, 30), 0);
	ck_assert_uint_ge(loop_now_ms() - start, 29);
	loop_free(l);
}
END_TEST

static Suite *
loop_suite(void)
{
	Suite *s = suite_create("loop");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_loop_fd_ready_and_removed_in_callback);
	tcase_add_test(tc, test_loop_timers_fire_in_due_order);
	tcase_add_test(tc, test_loop_signal_through_self_pipe);
	tcase_add_test(tc, test_loop_waits_without_spinning);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(loop_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
