/*
 * sched.h: the scheduler. Turns "run this cell", "run all", "run stale",
 * "this cell was deleted", "these names changed" into ordered runs in the
 * kernel by marimo's runtime rules (spec notebook-format.md 6.2-6.4):
 * descendants rerun (or go stale in lazy mode), a failing cell cancels
 * its descendants, disabled cells and their descendants are skipped,
 * multiple definitions and cycles block the cells involved, mo.state
 * setters rerun the readers, and a second request while one runs is
 * merged into it. It also owns what happens when the kernel dies.
 *
 * It keeps its own graph of the code each cell last *registered* (ran or
 * was loaded with), because marimo's rules are about what the kernel
 * holds, not about text being edited. Cells are referred to by id.
 */
#ifndef QUIRE_SCHED_H
#define QUIRE_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ana;
struct graph;
struct kern;
struct nb;
struct proto_completions;
struct proto_display;
struct proto_stream;
struct proto_table;
struct proto_table_window;
struct proto_widget;
struct sched;

enum sched_state {
	SCHED_IDLE,
	SCHED_QUEUED,
	SCHED_RUNNING
};

/* How the cell's latest run ended (marimo's run result statuses). */
enum sched_result {
	SCHED_NONE,		/* never ran */
	SCHED_SUCCESS,
	SCHED_EXCEPTION,	/* it raised */
	SCHED_STOPPED,		/* mo.stop */
	SCHED_CANCELLED,	/* an ancestor raised, stopped or crashed */
	SCHED_INTERRUPTED,	/* interrupted, running or queued */
	SCHED_MARIMO_ERROR,	/* blocked: definitions, cycle, syntax */
	SCHED_DISABLED,		/* disabled, itself or by an ancestor */
	SCHED_KILLED		/* the kernel died while it ran */
};

/* The user-visible error kind (spec 6.4), for the message. */
enum sched_error {
	SCHED_ERR_NONE,
	SCHED_ERR_MULTIPLE_DEFS,	/* "The variable 'x' was defined by
					   another cell" */
	SCHED_ERR_CYCLE,		/* "This cell is in a cycle" */
	SCHED_ERR_SETUP_REFS,
	SCHED_ERR_IMPORT_STAR,
	SCHED_ERR_SYNTAX,
	SCHED_ERR_EXCEPTION,		/* type, message, traceback */
	SCHED_ERR_ANCESTOR_RAISED,	/* blamed: the raising cell */
	SCHED_ERR_ANCESTOR_STOPPED,
	SCHED_ERR_INTERRUPTION,
	SCHED_ERR_KERNEL_DIED,		/* this cell crashed the kernel */
	SCHED_ERR_ANCESTOR_DIED,	/* blamed: the crashing cell */
	SCHED_ERR_KERNEL_START		/* the kernel could not start */
};

/* What the scheduler knows of one cell; borrowed until the next call
 * that runs or changes anything. */
struct sched_cell_info {
	uint32_t id;
	enum sched_state state;
	bool stale;		/* needs a run to be up to date */
	bool disabled;		/* itself or through an ancestor */
	enum sched_result result;
	enum sched_error error;
	const char *message;	/* the error as shown; "" when none */
	const char *exc_type;	/* "ValueError"; "" unless an exception */
	const char *traceback;	/* "" unless an exception */
	uint32_t blamed;	/* the other cell an error names, 0 none */
	uint64_t duration_us;	/* of the latest run */
	uint64_t dropped_len;	/* output bytes over the limit */
	unsigned nruns;		/* times it started, in any kernel */
};

enum sched_event_type {
	SCHED_EV_STATUS,	/* state, stale flag or result changed */
	SCHED_EV_START,		/* it starts: clear its output */
	SCHED_EV_STREAM,	/* stdout/stderr chunk (stream is set) */
	SCHED_EV_DISPLAY,	/* an output (display is set) */
	SCHED_EV_DONE,		/* its turn in a run is over, run or not
				   (cancelled, blocked, interrupted) */
	SCHED_EV_KERNEL,	/* the kernel died or restarted (message) */
	SCHED_EV_IDLE,		/* nothing queued or running any more */
	SCHED_EV_COMPLETIONS,	/* the kernel answered a COMPLETE frame that
				   was sent with kern_send (completions) */
	SCHED_EV_VARS,		/* the kernel answered a VARIABLES frame
				   (vars) */
	SCHED_EV_WIDGET,	/* the kernel answered SET_WIDGET (widget):
				   redraw the element from its JSON; the
				   readers of its names are already
				   planned (unless it carries an error) */
	SCHED_EV_TABLE		/* the kernel answered TABLE_WINDOW
				   (table) */
};

struct sched_event {
	enum sched_event_type type;
	uint32_t cell;			/* 0 for KERNEL and IDLE */
	const struct proto_stream *stream;	/* borrowed */
	const struct proto_display *display;	/* borrowed */
	const char *message;			/* KERNEL: what happened */
	const struct proto_completions *completions;	/* borrowed */
	const struct proto_vars *vars;			/* borrowed */
	const struct proto_widget *widget;		/* borrowed */
	const struct proto_table *table;		/* borrowed */
};

/* Called from inside sched_pump()/sched_wait(); it may read
 * sched_cell_info() but must not make requests. */
typedef void (*sched_event_cb)(const struct sched_event *, void *);

/*
 * A scheduler for nb, analysing with ana, running in kern (which it
 * starts when needed). All three are borrowed and must outlive it.
 */
struct sched *sched_new(struct nb *, struct ana *, struct kern *);
void sched_free(struct sched *);	/* NULL is a no-op */

void sched_set_callback(struct sched *, sched_event_cb, void *);
/* Lazy mode: descendants go stale instead of running. */
void sched_set_lazy(struct sched *, bool);
/*
 * When the kernel dies mid-run: restart it and go on with the cells that
 * do not depend on the one that killed it, rerunning their ancestors in
 * the new kernel (quire run). Off (the editor): stop and mark the cells.
 */
void sched_set_restart_on_death(struct sched *, bool);
/* Cells sent ahead of the running one (default 8; 1 = one at a time). */
void sched_set_window(struct sched *, unsigned);

/* The graph of registered code; borrowed. */
struct graph *sched_graph(struct sched *);

/*
 * Requests. Each returns 0, or -1 (err_last()) when the kernel cannot
 * be started. Cells of the notebook the scheduler has not seen are
 * registered first, stale. A request while a run is going is merged
 * into it.
 *
 * sched_load: register every cell, run nothing, mark all stale.
 * sched_run_cells: run these cells (their current source) and, unless
 * lazy, their descendants, plus any stale ancestors.
 * sched_run_all: register every cell's current source and run all.
 * sched_run_stale: run the stale cells (and their descendants).
 * sched_delete_cell: the cell is gone from the notebook (or is about to
 * be): delete its names in the kernel and rerun its former children.
 * sched_config_changed: a cell's config (disabled) changed: enabling
 * runs what went stale meanwhile.
 * sched_names_changed: these globals changed outside a run of their
 * definer (a widget moved): rerun the cells that read them, except
 * origin.
 */
int sched_load(struct sched *);
int sched_run_cells(struct sched *, const uint32_t *ids, size_t n);
int sched_run_all(struct sched *);
int sched_run_stale(struct sched *);
int sched_delete_cell(struct sched *, uint32_t id);
int sched_config_changed(struct sched *, uint32_t id);
int sched_names_changed(struct sched *, const char *const *names, size_t n,
    uint32_t origin);

/*
 * Widgets and tables. Each encodes the request, queues it for the kernel
 * (at once, even while cells run: the kernel answers between cells) and
 * puts its id, echoed in the answer, in *req. Returns -1 (err_last())
 * when no kernel is running (a widget lives in the kernel that made it)
 * or the request is too large.
 *
 * sched_set_widget: the element widget ("ui-3", shown in cell's output)
 * takes the value json (len bytes). The answer comes as SCHED_EV_WIDGET;
 * before it is emitted, when the answer has no error, the cells reading
 * its names rerun as sched_names_changed would have them (the cell that
 * defined the element does not); while a run goes on they are merged
 * into it at its end, as mo.state updates are.
 * sched_table_window: another window of a displayed table; the answer
 * comes as SCHED_EV_TABLE.
 * sched_wait() also waits for these answers.
 */
int sched_set_widget(struct sched *, uint32_t cell, const char *widget,
    const char *json, size_t len, uint32_t *req);
int sched_table_window(struct sched *, const struct proto_table_window *,
    uint32_t *req);

/* Interrupt the running cell; queued cells become interrupted. */
int sched_interrupt(struct sched *);
/* Restart the kernel: every cell goes stale, nothing runs. */
int sched_restart(struct sched *);

/*
 * Drive: handle what the kernel sent, send what is due. sched_pump never
 * blocks (call it when kern_fd or kern_pidfd is ready, or after a
 * request); sched_wait blocks until idle or timeout_ms (-1: no limit)
 * and returns 0 when idle, 1 on timeout, -1 on error.
 */
int sched_pump(struct sched *);
int sched_wait(struct sched *, int timeout_ms);
bool sched_is_busy(const struct sched *);

/* NULL for a cell the scheduler does not know. */
const struct sched_cell_info *sched_cell_info(struct sched *, uint32_t id);

#endif
