/*
 * run.c: the editor's runner over src/sched.c and src/kern.c. The
 * kernel's socket and pidfd are watched by the editor's loop; whatever
 * arrives is handed to sched_pump(), whose events become run events.
 * After every request and every pump the watched descriptors are
 * brought in step with the kernel (it may have started, died or been
 * replaced by a restart), and POLLOUT is asked for only while frames
 * wait to be sent, so the loop never spins and never blocks.
 */
#include "config.h"
#include "run.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "kern.h"
#include "loop.h"
#include "proto.h"
#include "sched.h"
#include "xmalloc.h"

struct run {
	struct kern *kern;
	struct sched *sched;
	struct loop *loop;
	run_event_cb cb;
	void *arg;
	int sock_fd;		/* watched, or -1 */
	short sock_events;
	int pid_fd;		/* watched, or -1 */
	struct run_mime *mimes;
	size_t nmimes;
};

static void run_watch(struct run *);

static void
run_on_sched(const struct sched_event *sev, void *arg)
{
	struct run *r = arg;
	struct run_event ev;
	struct run_var *vars = NULL;
	size_t i;

	memset(&ev, 0, sizeof ev);
	ev.cell = sev->cell;
	switch (sev->type) {
	case SCHED_EV_STATUS:
		ev.type = RUN_EV_STATUS;
		break;
	case SCHED_EV_START:
		ev.type = RUN_EV_START;
		break;
	case SCHED_EV_STREAM:
		if (sev->stream == NULL)
			return;
		ev.type = RUN_EV_STREAM;
		ev.stream = sev->stream->name == PROTO_STDERR ? 2 : 1;
		ev.data = sev->stream->data;
		ev.len = sev->stream->len;
		break;
	case SCHED_EV_DISPLAY:
		if (sev->display == NULL)
			return;
		ev.type = RUN_EV_DISPLAY;
		switch (sev->display->op) {
		case PROTO_DISPLAY_REPLACE:
			ev.op = RUN_DISPLAY_REPLACE;
			break;
		case PROTO_DISPLAY_APPEND:
			ev.op = RUN_DISPLAY_APPEND;
			break;
		case PROTO_DISPLAY_CLEAR:
			ev.op = RUN_DISPLAY_CLEAR;
			break;
		}
		if (r->nmimes < sev->display->nitems) {
			r->mimes = xreallocarray(r->mimes,
			    sev->display->nitems, sizeof *r->mimes);
			r->nmimes = sev->display->nitems;
		}
		for (i = 0; i < sev->display->nitems; i++) {
			r->mimes[i].mime = sev->display->items[i].mime;
			r->mimes[i].data = sev->display->items[i].data;
			r->mimes[i].len = sev->display->items[i].len;
		}
		ev.items = r->mimes;
		ev.nitems = sev->display->nitems;
		break;
	case SCHED_EV_DONE:
		ev.type = RUN_EV_DONE;
		break;
	case SCHED_EV_KERNEL:
		ev.type = RUN_EV_KERNEL;
		ev.data = sev->message;
		ev.len = sev->message != NULL ? strlen(sev->message) : 0;
		break;
	case SCHED_EV_IDLE:
		ev.type = RUN_EV_IDLE;
		break;
	case SCHED_EV_COMPLETIONS:
		if (sev->completions == NULL)
			return;
		ev.type = RUN_EV_COMPLETIONS;
		ev.complete_id = sev->completions->id;
		ev.replace_len = sev->completions->replace_len;
		ev.words = sev->completions->items;
		ev.nwords = sev->completions->nitems;
		ev.signature = sev->completions->signature;
		ev.doc = sev->completions->doc;
		break;
	case SCHED_EV_VARS:
		if (sev->vars == NULL)
			return;
		ev.type = RUN_EV_VARS;
		vars = xreallocarray(NULL, sev->vars->nvars + 1,
		    sizeof *vars);
		for (i = 0; i < sev->vars->nvars; i++) {
			vars[i].name = sev->vars->vars[i].name;
			vars[i].type = sev->vars->vars[i].type;
			vars[i].repr = sev->vars->vars[i].repr;
		}
		ev.vars = vars;
		ev.nvars = sev->vars->nvars;
		break;
	case SCHED_EV_WIDGET:
		if (sev->widget == NULL)
			return;
		ev.type = RUN_EV_WIDGET;
		ev.req = sev->widget->id;
		ev.target = sev->widget->widget;
		ev.error = sev->widget->error;
		ev.json = sev->widget->jsonlen > 0 ? sev->widget->json : NULL;
		ev.jsonlen = sev->widget->jsonlen;
		break;
	case SCHED_EV_TABLE:
		if (sev->table == NULL)
			return;
		ev.type = RUN_EV_TABLE;
		ev.req = sev->table->id;
		ev.target = sev->table->table;
		ev.error = sev->table->error;
		ev.json = sev->table->jsonlen > 0 ? sev->table->json : NULL;
		ev.jsonlen = sev->table->jsonlen;
		break;
	}
	r->cb(&ev, r->arg);
	free(vars);
}

static void
run_on_fd(struct loop *l, int fd, short revents, void *arg)
{
	struct run *r = arg;

	(void)l;
	(void)fd;
	(void)revents;
	(void)sched_pump(r->sched);
	run_watch(r);
}

/* Watch the kernel's current descriptors, and only those. */
static void
run_watch(struct run *r)
{
	int sock = kern_fd(r->kern), pid = kern_pidfd(r->kern);
	short ev = POLLIN | (kern_wants_write(r->kern) ? POLLOUT : 0);

	if (r->sock_fd != sock) {
		if (r->sock_fd >= 0)
			loop_remove_fd(r->loop, r->sock_fd);
		r->sock_fd = sock;
		r->sock_events = 0;
	}
	if (sock >= 0 && r->sock_events != ev) {
		loop_add_fd(r->loop, sock, ev, run_on_fd, r);
		r->sock_events = ev;
	}
	if (r->pid_fd != pid) {
		if (r->pid_fd >= 0 && r->pid_fd != sock)
			loop_remove_fd(r->loop, r->pid_fd);
		r->pid_fd = pid;
		if (pid >= 0)
			loop_add_fd(r->loop, pid, POLLIN, run_on_fd, r);
	}
}

struct run *
run_new(struct nb *nb, struct ana *a, struct loop *l,
    const struct run_opts *opts, run_event_cb cb, void *arg)
{
	struct run *r = xcalloc(1, sizeof *r);
	struct kern_opts ko;

	memset(&ko, 0, sizeof ko);
	ko.mode = "edit";
	if (opts != NULL) {
		ko.notebook_path = opts->notebook_path;
		ko.as_max = opts->memory_mb << 20;
		ko.cpu_max_s = opts->cpu_seconds;
		ko.output_max = opts->output_bytes;
	}
	r->kern = kern_new(&ko);
	r->sched = sched_new(nb, a, r->kern);
	r->loop = l;
	r->cb = cb;
	r->arg = arg;
	r->sock_fd = -1;
	r->pid_fd = -1;
	sched_set_callback(r->sched, run_on_sched, r);
	sched_set_restart_on_death(r->sched, false);
	if (opts != NULL)
		sched_set_lazy(r->sched, opts->lazy);
	return r;
}

void
run_free(struct run *r)
{
	if (r == NULL)
		return;
	if (r->sock_fd >= 0)
		loop_remove_fd(r->loop, r->sock_fd);
	if (r->pid_fd >= 0)
		loop_remove_fd(r->loop, r->pid_fd);
	sched_free(r->sched);
	kern_free(r->kern);
	free(r->mimes);
	free(r);
}

void
run_set_lazy(struct run *r, bool lazy)
{
	sched_set_lazy(r->sched, lazy);
}

/* After a request: watch what the kernel now has, and send. */
static int
run_after(struct run *r, int status)
{
	if (status == 0)
		(void)sched_pump(r->sched);
	run_watch(r);
	return status;
}

int
run_load(struct run *r)
{
	return run_after(r, sched_load(r->sched));
}

int
run_cells(struct run *r, const uint32_t *ids, size_t n)
{
	return run_after(r, sched_run_cells(r->sched, ids, n));
}

int
run_all(struct run *r)
{
	return run_after(r, sched_run_all(r->sched));
}

int
run_stale(struct run *r)
{
	return run_after(r, sched_run_stale(r->sched));
}

int
run_delete_cell(struct run *r, uint32_t id)
{
	/* A kernel that never started holds nothing to delete. */
	if (kern_generation(r->kern) == 0)
		return 0;
	return run_after(r, sched_delete_cell(r->sched, id));
}

int
run_config_changed(struct run *r, uint32_t id)
{
	if (kern_generation(r->kern) == 0)
		return 0;
	return run_after(r, sched_config_changed(r->sched, id));
}

int
run_interrupt(struct run *r)
{
	return run_after(r, sched_interrupt(r->sched));
}

int
run_restart(struct run *r)
{
	return run_after(r, sched_restart(r->sched));
}

static int
run_complete_send(struct run *r, uint32_t id, const char *code, size_t len,
    size_t pos, bool hint)
{
	struct proto_complete c;
	struct buf frame = BUF_INIT;
	int rc;

	if (!kern_is_alive(r->kern) || sched_is_busy(r->sched)) {
		err_set("no idle kernel");
		return -1;
	}
	memset(&c, 0, sizeof c);
	c.id = id;
	c.code = code;
	c.codelen = len;
	c.pos = pos;
	c.hint = hint;
	if ((rc = proto_complete_encode(&frame, &c)) == 0)
		rc = kern_send_frame(r->kern, frame.ptr, frame.len);
	buf_release(&frame);
	run_watch(r);
	return rc;
}

int
run_complete(struct run *r, uint32_t id, const char *code, size_t len,
    size_t pos)
{
	return run_complete_send(r, id, code, len, pos, false);
}

int
run_complete_hint(struct run *r, uint32_t id, const char *code, size_t len,
    size_t pos)
{
	return run_complete_send(r, id, code, len, pos, true);
}

int
run_variables(struct run *r, const char *const *names, size_t n)
{
	struct proto_variables q;
	struct buf frame = BUF_INIT;
	int rc;

	if (!kern_is_alive(r->kern) || sched_is_busy(r->sched)) {
		err_set("no idle kernel");
		return -1;
	}
	q.id = 0;
	q.names = names;
	q.nnames = n;
	if ((rc = proto_variables_encode(&frame, &q)) == 0)
		rc = kern_send_frame(r->kern, frame.ptr, frame.len);
	buf_release(&frame);
	run_watch(r);
	return rc;
}

int
run_set_widget(struct run *r, uint32_t cell, const char *widget,
    const char *json, size_t len, uint32_t *req)
{
	return run_after(r, sched_set_widget(r->sched, cell, widget, json, len,
	    req));
}

int
run_table_window(struct run *r, const struct run_table_window *w,
    uint32_t *req)
{
	struct proto_table_window tw;

	memset(&tw, 0, sizeof tw);
	tw.table = w->table;
	tw.offset = w->offset;
	tw.limit = w->limit;
	tw.col_offset = w->col_offset;
	tw.col_limit = w->col_limit;
	tw.sort_column = w->sort_column;
	tw.descending = w->descending;
	return run_after(r, sched_table_window(r->sched, &tw, req));
}

bool
run_is_busy(const struct run *r)
{
	return sched_is_busy(r->sched);
}

const char *
run_kernel_state(const struct run *r)
{
	if (kern_generation(r->kern) == 0)
		return "none";
	if (!kern_is_alive(r->kern))
		return "dead";
	return sched_is_busy(r->sched) ? "busy" : "idle";
}

static enum run_result
run_result_of(enum sched_result s)
{
	switch (s) {
	case SCHED_NONE:
		return RUN_NONE;
	case SCHED_SUCCESS:
		return RUN_OK;
	case SCHED_EXCEPTION:
	case SCHED_MARIMO_ERROR:
		return RUN_ERROR;
	case SCHED_STOPPED:
		return RUN_STOPPED;
	case SCHED_CANCELLED:
		return RUN_CANCELLED;
	case SCHED_INTERRUPTED:
		return RUN_INTERRUPTED;
	case SCHED_DISABLED:
		return RUN_DISABLED;
	case SCHED_KILLED:
		return RUN_KILLED;
	}
	return RUN_NONE;
}

bool
run_cell_info(struct run *r, uint32_t id, struct run_info *out)
{
	const struct sched_cell_info *i = sched_cell_info(r->sched, id);

	if (i == NULL)
		return false;
	memset(out, 0, sizeof *out);
	out->state = i->state == SCHED_RUNNING ? RUN_RUNNING :
	    i->state == SCHED_QUEUED ? RUN_QUEUED : RUN_IDLE;
	out->stale = i->stale;
	out->disabled = i->disabled;
	out->result = run_result_of(i->result);
	out->message = i->message != NULL ? i->message : "";
	out->traceback = i->traceback != NULL ? i->traceback : "";
	out->blamed = i->blamed;
	out->duration_us = i->duration_us;
	out->nruns = i->nruns;
	return true;
}

void
run_shutdown(struct run *r, int timeout_ms)
{
	if (kern_is_alive(r->kern))
		kern_shutdown(r->kern, timeout_ms);
	run_watch(r);
}
