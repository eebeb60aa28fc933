/*
 * kern.h: the editor's handle on its kernel process. Spawns `quire
 * --kernel` (fork+exec of this binary, or of the program the options
 * name), queues frames to it, decodes frames from it without ever
 * blocking, and notices at once when it dies (EOF on the socket, a
 * pidfd, waitpid), with the signal or exit status and the last words it
 * wrote to stderr. Interrupt is SIGINT; restart is kill and spawn.
 */
#ifndef QUIRE_KERN_H
#define QUIRE_KERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proto.h"

struct kern;
struct json_t;

struct kern_opts {
	/* The program and its arguments; NULL: this binary (/proc/self/exe)
	 * with "--kernel". "--fd N" is appended either way. */
	const char *exe;
	const char *const *argv;	/* NULL-terminated, argv[0] first */
	const char *venv;		/* --venv DIR, or NULL */
	uint64_t as_max;		/* RLIMIT_AS bytes, 0: none */
	uint32_t cpu_max_s;		/* CPU seconds per cell, 0: none */
	uint64_t output_max;		/* output bytes per cell, 0: none */
	size_t frame_max;		/* largest frame taken, 0: default */
	/* What the CONFIG frame sent at each start carries. */
	const char *const *cli_args;	/* mo.cli_args() */
	size_t ncli_args;
	const char *notebook_path;	/* NULL when unsaved */
	const char *mode;		/* mo.app_meta().mode: "edit" */
};

/* The options are copied. Nothing is started yet. */
struct kern *kern_new(const struct kern_opts *);
void kern_free(struct kern *);	/* kills a running kernel; NULL no-op */

/*
 * Spawn the kernel and queue a CONFIG frame for it. 0, or -1
 * (err_last()) when no process could be made; a kernel that starts and
 * then fails (a bad virtualenv) is reported as a death instead.
 */
int kern_start(struct kern *);
/*
 * kern_prestart: start a kernel for the program's default options before
 * the program knows its own (tui/launch.c does, for quire run), and hand
 * it over in the environment; kern_prestart_take (early in the program
 * proper) takes it out of the environment, and the first kern_start of a
 * kernel with the default program and virtualenv adopts it, or kills it
 * when the options differ. Its limits come with CONFIG, as always.
 */
void kern_prestart(void);
void kern_prestart_take(void);
/* Kill (SIGKILL) and reap the kernel if it runs; the handle stays
 * usable for kern_start. */
void kern_stop(struct kern *);
/* kern_stop, then kern_start. */
int kern_restart(struct kern *);
/* Ask politely (SHUTDOWN), wait up to timeout_ms, then kern_stop. */
void kern_shutdown(struct kern *, int timeout_ms);
/* Send SHUTDOWN now, so the kernel ends while this process finishes its
 * own work; kern_shutdown waits for it later. */
void kern_shutdown_begin(struct kern *);

bool kern_is_alive(const struct kern *);
pid_t kern_pid(const struct kern *);	/* -1 when not running */
/* Starts since kern_new: tells a restarted kernel from the old one. */
unsigned kern_generation(const struct kern *);

/*
 * The descriptors to poll: the socket (POLLIN, and POLLOUT while
 * kern_wants_write) and, where the system has them, a pidfd that is
 * readable once the process has exited. -1 when not running.
 */
int kern_fd(const struct kern *);
int kern_pidfd(const struct kern *);
bool kern_wants_write(const struct kern *);

/* Queue one frame; never blocks. -1 (err_last()) when the kernel is not
 * running or the frame is too large. */
int kern_send(struct kern *, enum proto_type, const struct json_t *,
    const void *body, size_t bodylen);
/* Queue an already encoded frame (proto_*_encode output). */
int kern_send_frame(struct kern *, const void *frame, size_t len);
/* Write what the socket takes now. -1 when the kernel is gone. */
int kern_flush(struct kern *);

/*
 * The next message from the kernel into *out (caller releases it), read
 * without blocking. Returns 1 for a message, 0 when none is ready, -1
 * when the kernel has died or broke the protocol (then kern_death()
 * says what happened; a broken kernel is killed). Memory stays bounded:
 * at most one frame is buffered beyond what was returned.
 */
int kern_next(struct kern *, struct proto_msg *out);

/*
 * For callers without an event loop: wait up to timeout_ms (-1 forever)
 * until a message is ready or the kernel dies, flushing queued frames
 * meanwhile. Returns as kern_next does; 0 on timeout.
 */
int kern_wait(struct kern *, struct proto_msg *out, int timeout_ms);

/* Check for an exit without reading (after SIGCHLD); true if it died. */
bool kern_reap(struct kern *);

/* SIGINT to the kernel: KeyboardInterrupt in the running cell. */
int kern_interrupt(struct kern *);

/*
 * Why the last kernel ended, once it has: "the kernel was killed by
 * signal 11 (Segmentation fault)", "the kernel exited with status 3",
 * with its fatal ERROR message or last stderr words appended. NULL while
 * it runs or before it ever ran.
 */
const char *kern_death(const struct kern *);
int kern_exit_status(const struct kern *);	/* -1 unless it exited */
int kern_term_signal(const struct kern *);	/* 0 unless killed */
/* The tail of what the kernel wrote to its stderr (crash traces). */
const char *kern_log(const struct kern *);

#endif
