/*
 * loop.c: poll() loop with timers and signals. Signal handlers only write
 * the signal number to a non-blocking self-pipe; the loop reads it and
 * calls the registered callback in normal context, so no callback ever
 * runs inside a handler. The self-pipe is the one piece of file-scope
 * mutable state (a handler cannot be given a context pointer).
 */
#include "config.h"
#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "xmalloc.h"

#define LOOP_NSIG 65

struct loop_fd {
	int fd;
	short events;
	loop_fd_cb cb;
	void *arg;
	bool removed;
};

struct loop_timer {
	uint64_t id;
	uint64_t due_ms;
	loop_timer_cb cb;
	void *arg;
};

struct loop_sig {
	loop_signal_cb cb;
	void *arg;
	struct sigaction old;
	bool set;
};

struct loop {
	struct loop_fd *fds;
	size_t nfds;
	struct loop_timer *timers;
	size_t ntimers;
	uint64_t next_timer_id;
	struct loop_sig sigs[LOOP_NSIG];
	int pipe_rd;
	loop_hook_cb before_poll;
	void *before_poll_arg;
	bool running;
};

static int loop_pipe_wr = -1;

static void
loop_on_signal(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;

	if (loop_pipe_wr >= 0)
		(void)write(loop_pipe_wr, &b, 1);
	errno = saved;
}

uint64_t
loop_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
loop_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -1;
	return 0;
}

struct loop *
loop_new(void)
{
	struct loop *l;
	int p[2];

	if (pipe(p) < 0) {
		err_errno("loop: pipe");
		return NULL;
	}
	if (loop_set_nonblock(p[0]) < 0 || loop_set_nonblock(p[1]) < 0) {
		err_errno("loop: fcntl");
		(void)close(p[0]);
		(void)close(p[1]);
		return NULL;
	}
	l = xcalloc(1, sizeof *l);
	l->pipe_rd = p[0];
	if (loop_pipe_wr >= 0)
		(void)close(loop_pipe_wr);
	loop_pipe_wr = p[1];
	l->next_timer_id = 1;
	return l;
}

void
loop_free(struct loop *l)
{
	int i;

	if (l == NULL)
		return;
	for (i = 0; i < LOOP_NSIG; i++)
		if (l->sigs[i].set)
			(void)sigaction(i, &l->sigs[i].old, NULL);
	(void)close(l->pipe_rd);
	if (loop_pipe_wr >= 0) {
		(void)close(loop_pipe_wr);
		loop_pipe_wr = -1;
	}
	free(l->fds);
	free(l->timers);
	free(l);
}

static struct loop_fd *
loop_fd_find(struct loop *l, int fd)
{
	size_t i;

	for (i = 0; i < l->nfds; i++)
		if (l->fds[i].fd == fd && !l->fds[i].removed)
			return &l->fds[i];
	return NULL;
}

void
loop_add_fd(struct loop *l, int fd, short events, loop_fd_cb cb, void *arg)
{
	struct loop_fd *f = loop_fd_find(l, fd);

	if (f == NULL) {
		l->fds = xreallocarray(l->fds, l->nfds + 1, sizeof *l->fds);
		f = &l->fds[l->nfds++];
	}
	f->fd = fd;
	f->events = events;
	f->cb = cb;
	f->arg = arg;
	f->removed = false;
}

void
loop_set_fd_events(struct loop *l, int fd, short events)
{
	struct loop_fd *f = loop_fd_find(l, fd);

	if (f != NULL)
		f->events = events;
}

void
loop_remove_fd(struct loop *l, int fd)
{
	struct loop_fd *f = loop_fd_find(l, fd);

	/* Marked, not removed: a pass may be iterating over the array. */
	if (f != NULL)
		f->removed = true;
}

uint64_t
loop_add_timer(struct loop *l, uint64_t ms, loop_timer_cb cb, void *arg)
{
	struct loop_timer *t;

	l->timers = xreallocarray(l->timers, l->ntimers + 1,
	    sizeof *l->timers);
	t = &l->timers[l->ntimers++];
	t->id = l->next_timer_id++;
	t->due_ms = loop_now_ms() + ms;
	t->cb = cb;
	t->arg = arg;
	return t->id;
}

void
loop_cancel_timer(struct loop *l, uint64_t id)
{
	size_t i;

	for (i = 0; i < l->ntimers; i++)
		if (l->timers[i].id == id) {
			l->timers[i] = l->timers[--l->ntimers];
			return;
		}
}

int
loop_add_signal(struct loop *l, int signo, loop_signal_cb cb, void *arg)
{
	struct sigaction sa;

	if (signo <= 0 || signo >= LOOP_NSIG) {
		err_set("loop: signal %d out of range", signo);
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_on_signal;
	sa.sa_flags = SA_RESTART;
	(void)sigemptyset(&sa.sa_mask);
	if (sigaction(signo, &sa, l->sigs[signo].set ? NULL :
	    &l->sigs[signo].old) < 0) {
		err_errno("loop: sigaction %d", signo);
		return -1;
	}
	l->sigs[signo].set = true;
	l->sigs[signo].cb = cb;
	l->sigs[signo].arg = arg;
	return 0;
}

void
loop_set_before_poll(struct loop *l, loop_hook_cb cb, void *arg)
{
	l->before_poll = cb;
	l->before_poll_arg = arg;
}

static void
loop_compact(struct loop *l)
{
	size_t i, j = 0;

	for (i = 0; i < l->nfds; i++)
		if (!l->fds[i].removed)
			l->fds[j++] = l->fds[i];
	l->nfds = j;
}

static int
loop_timeout(struct loop *l, int timeout_ms)
{
	uint64_t now = loop_now_ms(), soonest = UINT64_MAX;
	size_t i;

	for (i = 0; i < l->ntimers; i++)
		if (l->timers[i].due_ms < soonest)
			soonest = l->timers[i].due_ms;
	if (soonest == UINT64_MAX)
		return timeout_ms;
	if (soonest <= now)
		return 0;
	if (timeout_ms < 0 || soonest - now < (uint64_t)timeout_ms)
		return (int)(soonest - now);
	return timeout_ms;
}

static void
loop_run_timers(struct loop *l)
{
	uint64_t now = loop_now_ms();
	size_t i = 0;

	while (i < l->ntimers) {
		if (l->timers[i].due_ms <= now) {
			struct loop_timer t = l->timers[i];

			l->timers[i] = l->timers[--l->ntimers];
			t.cb(l, t.id, t.arg);
			i = 0;	/* the callback may have changed the array */
			now = loop_now_ms();
		} else
			i++;
	}
}

static void
loop_run_signals(struct loop *l)
{
	unsigned char b[64];
	ssize_t n, i;

	while ((n = read(l->pipe_rd, b, sizeof b)) > 0)
		for (i = 0; i < n; i++)
			if (b[i] < LOOP_NSIG && l->sigs[b[i]].cb != NULL)
				l->sigs[b[i]].cb(l, b[i], l->sigs[b[i]].arg);
}

int
loop_once(struct loop *l, int timeout_ms)
{
	struct pollfd *pfd;
	size_t i, n;
	int r;

	if (l->before_poll != NULL)
		l->before_poll(l, l->before_poll_arg);
	loop_compact(l);
	n = l->nfds;
	pfd = xreallocarray(NULL, n + 1, sizeof *pfd);
	pfd[0].fd = l->pipe_rd;
	pfd[0].events = POLLIN;
	for (i = 0; i < n; i++) {
		pfd[i + 1].fd = l->fds[i].fd;
		pfd[i + 1].events = l->fds[i].events;
		pfd[i + 1].revents = 0;
	}
	r = poll(pfd, n + 1, loop_timeout(l, timeout_ms));
	if (r < 0) {
		free(pfd);
		if (errno == EINTR)
			return 0;
		err_errno("loop: poll");
		return -1;
	}
	if (pfd[0].revents & POLLIN)
		loop_run_signals(l);
	for (i = 0; i < n && i < l->nfds; i++) {
		struct loop_fd *f = &l->fds[i];

		if (pfd[i + 1].revents == 0 || f->removed ||
		    f->fd != pfd[i + 1].fd)
			continue;
		f->cb(l, f->fd, pfd[i + 1].revents, f->arg);
	}
	free(pfd);
	loop_run_timers(l);
	return 0;
}

int
loop_run(struct loop *l)
{
	l->running = true;
	while (l->running)
		if (loop_once(l, -1) < 0) {
			l->running = false;
			return -1;
		}
	return 0;
}

void
loop_stop(struct loop *l)
{
	l->running = false;
}

bool
loop_is_running(const struct loop *l)
{
	return l->running;
}
