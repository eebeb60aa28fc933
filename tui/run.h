/*
 * run.h: the editor's way to run cells. A thin layer over the kernel
 * handle and the scheduler (src/kern.h, src/sched.h) that registers
 * their descriptors with the editor's loop and turns what they report
 * into events for the editor, so the editor never blocks on the kernel
 * and knows nothing of frames.
 */
#ifndef QUIRE_TUI_RUN_H
#define QUIRE_TUI_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ana;
struct loop;
struct nb;
struct run;

enum run_state {
	RUN_IDLE,
	RUN_QUEUED,
	RUN_RUNNING
};

/* How a cell's latest run ended. */
enum run_result {
	RUN_NONE,		/* never ran */
	RUN_OK,
	RUN_ERROR,		/* raised, or blocked by a notebook error */
	RUN_STOPPED,		/* mo.stop */
	RUN_CANCELLED,		/* an ancestor failed */
	RUN_INTERRUPTED,
	RUN_DISABLED,
	RUN_KILLED		/* the kernel died while it ran */
};

struct run_info {
	enum run_state state;
	bool stale;
	bool disabled;
	enum run_result result;
	const char *message;	/* error as shown, "" none; borrowed */
	const char *traceback;	/* "" none; borrowed */
	uint32_t blamed;	/* the other cell an error names, 0 none */
	uint64_t duration_us;
	unsigned nruns;
};

enum run_event_type {
	RUN_EV_STATUS,		/* a cell's state changed */
	RUN_EV_START,		/* a cell starts: clear its output */
	RUN_EV_STREAM,		/* stdout (1) or stderr (2) bytes */
	RUN_EV_DISPLAY,		/* an output: replace, append or clear */
	RUN_EV_DONE,		/* the cell's turn is over */
	RUN_EV_KERNEL,		/* the kernel started, died or restarted */
	RUN_EV_IDLE,		/* nothing queued or running */
	RUN_EV_COMPLETIONS,	/* the answer to run_complete() */
	RUN_EV_VARS,		/* the answer to run_variables() */
	RUN_EV_WIDGET,		/* the answer to run_set_widget() */
	RUN_EV_TABLE		/* the answer to run_table_window() */
};

enum run_display_op {
	RUN_DISPLAY_REPLACE,
	RUN_DISPLAY_APPEND,
	RUN_DISPLAY_CLEAR
};

struct run_mime {
	const char *mime;
	const char *data;
	size_t len;
};

/* One global as the kernel describes it; untrusted text. */
struct run_var {
	const char *name;
	const char *type;
	const char *repr;
};

struct run_event {
	enum run_event_type type;
	uint32_t cell;
	int stream;			/* STREAM: 1 stdout, 2 stderr */
	const char *data;		/* STREAM bytes; KERNEL message */
	size_t len;
	enum run_display_op op;		/* DISPLAY */
	const struct run_mime *items;	/* DISPLAY, richest first */
	size_t nitems;
	uint32_t complete_id;		/* COMPLETIONS: the request */
	size_t replace_len;		/* bytes before pos replaced */
	const char *const *words;	/* the candidates, borrowed */
	size_t nwords;
	const char *signature;		/* COMPLETIONS of run_complete_hint:
					   "name(signature)", or NULL;
					   untrusted text, borrowed */
	const char *doc;		/* and the docstring's first
					   paragraph, or NULL */
	const struct run_var *vars;	/* VARS, borrowed */
	size_t nvars;
	uint32_t req;			/* WIDGET, TABLE: the request's id */
	const char *target;		/* WIDGET: the element's id; TABLE:
					   the table's id; borrowed */
	const char *error;		/* WIDGET, TABLE: NULL, or why the
					   kernel refused (untrusted text) */
	const char *json;		/* WIDGET: the element's widget JSON;
					   TABLE: the window; may be NULL */
	size_t jsonlen;
};

typedef void (*run_event_cb)(const struct run_event *, void *);

struct run_opts {
	const char *notebook_path;
	bool lazy;		/* mark descendants stale, do not run them */
	uint64_t memory_mb;	/* kernel address space; 0: no limit */
	uint32_t cpu_seconds;	/* per cell; 0: no limit */
	uint64_t output_bytes;	/* kept per cell; 0: the built-in limit */
};

/*
 * A runner for nb (borrowed, must outlive it) on the editor's loop.
 * Nothing starts until the first request. NULL never; a runner that
 * cannot run (no kernel in this build) answers requests with -1.
 */
struct run *run_new(struct nb *, struct ana *, struct loop *,
    const struct run_opts *, run_event_cb, void *);
void run_free(struct run *);	/* stops the kernel; NULL is a no-op */

void run_set_lazy(struct run *, bool);
/* Register every cell without running anything. */
int run_load(struct run *);
/* Requests; 0, or -1 with err_last() (the kernel cannot start). */
int run_cells(struct run *, const uint32_t *ids, size_t n);
int run_all(struct run *);
int run_stale(struct run *);
int run_delete_cell(struct run *, uint32_t id);
int run_config_changed(struct run *, uint32_t id);
int run_interrupt(struct run *);
int run_restart(struct run *);

/*
 * Ask the kernel for the names that complete the word before byte pos of
 * code (its live namespace); the answer comes as RUN_EV_COMPLETIONS with
 * this id. -1 when no kernel is running or it is busy (a long cell would
 * delay the answer).
 */
int run_complete(struct run *, uint32_t id, const char *code, size_t len,
    size_t pos);
/*
 * As run_complete, and also ask for the signature and doc of the call
 * the cursor is inside (f(a, |): the answer's signature and doc. The
 * kernel looks the name up without running user code.
 */
int run_complete_hint(struct run *, uint32_t id, const char *code,
    size_t len, size_t pos);
/*
 * Ask the kernel for the type and a short repr of these globals; the
 * answer comes as RUN_EV_VARS. -1 when no kernel is running or it is busy.
 */
int run_variables(struct run *, const char *const *names, size_t n);
/*
 * A widget's new value (JSON text) for the kernel, and a window of a
 * displayed table; the id of the request goes into *req and comes back
 * with the answer (RUN_EV_WIDGET, RUN_EV_TABLE). Sent at once, even
 * while cells run. -1 with err_last() when no kernel runs.
 */
int run_set_widget(struct run *, uint32_t cell, const char *widget,
    const char *json, size_t len, uint32_t *req);
struct run_table_window {
	const char *table;	/* table_id */
	size_t offset, limit;	/* rows; limit <= 1000 */
	size_t col_offset, col_limit;	/* data columns; col_limit <= 50 */
	const char *sort_column;	/* NULL: the table's own order */
	bool descending;
};
int run_table_window(struct run *, const struct run_table_window *,
    uint32_t *req);
bool run_is_busy(const struct run *);
/* "none" (never started), "starting", "idle", "busy", "dead". */
const char *run_kernel_state(const struct run *);
/* What the runner knows of a cell; false when nothing. */
bool run_cell_info(struct run *, uint32_t id, struct run_info *out);

/* Ask the kernel to stop (at exit); waits up to timeout_ms. */
void run_shutdown(struct run *, int timeout_ms);

#endif
