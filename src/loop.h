/*
 * loop.h: the one event loop of a quire process: poll() over registered
 * file descriptors, timers, and signals delivered through a self-pipe.
 * Callbacks never block; the before-poll hook is where the screen is
 * redrawn once per pass if anything changed.
 */
#ifndef QUIRE_LOOP_H
#define QUIRE_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

typedef void (*loop_fd_cb)(struct loop *, int fd, short revents, void *);
typedef void (*loop_timer_cb)(struct loop *, uint64_t id, void *);
typedef void (*loop_signal_cb)(struct loop *, int signo, void *);
typedef void (*loop_hook_cb)(struct loop *, void *);

/* NULL with err_last() set when the self-pipe cannot be made. */
struct loop *loop_new(void);
/* Restores the signal dispositions it changed. NULL is a no-op. */
void loop_free(struct loop *);

/* Watch fd for events (POLLIN, POLLOUT); replaces an earlier watch of
 * the same fd. */
void loop_add_fd(struct loop *, int fd, short events, loop_fd_cb, void *);
void loop_set_fd_events(struct loop *, int fd, short events);
void loop_remove_fd(struct loop *, int fd);

/* Call cb once after ms milliseconds; returns an id for loop_cancel. */
uint64_t loop_add_timer(struct loop *, uint64_t ms, loop_timer_cb, void *);
void loop_cancel_timer(struct loop *, uint64_t id);

/* Deliver signo through the self-pipe to cb (SIGWINCH, SIGCHLD, ...). */
int loop_add_signal(struct loop *, int signo, loop_signal_cb, void *);

void loop_set_before_poll(struct loop *, loop_hook_cb, void *);

/* One pass: wait at most timeout_ms (-1: until something happens), then
 * run what is ready. 0, or -1 on a poll error (err_last()). */
int loop_once(struct loop *, int timeout_ms);
/* Run passes until loop_stop(). */
int loop_run(struct loop *);
void loop_stop(struct loop *);
bool loop_is_running(const struct loop *);

/* Milliseconds on the monotonic clock. */
uint64_t loop_now_ms(void);

#endif
