/*
 * outfocus.c: the keys inside a cell's output (tui/outfocus.h). The
 * elements themselves (widgets, tables, links) belong to the output
 * (output.c, widget.c); this file moves the focus among them, turns
 * keys into their changes, and talks to the kernel through the runner:
 * SET_WIDGET for a changed value, TABLE_WINDOW for rows a table lacks.
 *
 * A slider held down sends a key every few milliseconds, faster than
 * the kernel reruns its readers; so each element has at most one
 * SET_WIDGET in flight, and what the keys did meanwhile is kept as one
 * latest value, sent when the answer comes. The screen follows the keys
 * at once (the element's local value), the readers' outputs follow the
 * kernel.
 *
 * The runner reads what the kernel has as soon as a request is sent, so
 * the answer to a SET_WIDGET may come (outfocus_on_run) before
 * run_set_widget() returns its id: while the call runs, the element is
 * marked as sending, and an answer naming it is that request's. (Taking
 * the id only after the call left such an element waiting forever for
 * an answer that had come, and every later change was kept, never sent:
 * the readers and the screen diverged.)
 *
 * A record lives only while it carries something: a request in flight
 * or being sent, a value waiting for the flush, or the pace of a
 * refresh element on screen. Re-running a cell makes new elements with
 * new ids (doc/kernel-protocol.md, SET_WIDGET), so records kept past
 * their answer grew with every rerun; outfocus_pend_sweep drops the
 * idle ones, which a fresh record replaces exactly. A record in flight
 * stays until its answer, since the kernel answers every SET_WIDGET
 * (with an error when the element is gone), or until the kernel dies.
 */
#include "config.h"
#include "outfocus.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "keys.h"
#include "loop.h"
#include "output.h"
#include "run.h"
#include "utf8.h"
#include "widget.h"
#include "xmalloc.h"

#include "editor_int.h"

/* How often refresh elements are looked at. */
#define OUTFOCUS_TICK_MS 100

/* One element's traffic with the kernel. */
struct outfocus_pend {
	char *id;		/* the element */
	uint32_t cell;
	uint32_t req;		/* in flight, when inflight and not sending */
	bool inflight;		/* a SET_WIDGET awaits its answer */
	bool sending;		/* run_set_widget() is running for it */
	bool answered;		/* ...and its answer came meanwhile */
	bool queued;		/* answered; next goes at the flush timer */
	bool has_next;		/* a newer value waits for the answer */
	struct buf next;
	uint64_t last_tick_ms;	/* refresh: the last tick sent, 0 none */
	bool seen;		/* refresh: on screen at this timer pass */
};

struct outfocus {
	bool active;
	uint32_t cell;		/* whose output has the keys */
	size_t elem;		/* the element, or OUTPUT_NONE */
	struct outfocus_pend *pend;
	size_t npend;
	uint64_t timer;		/* refresh ticks */
	uint64_t flush_timer;	/* sends that waited for an answer */
	int busy;		/* a send or the flush holds a pend index */
};

static struct outfocus *
outfocus_get(struct editor *ed)
{
	if (ed->of == NULL) {
		ed->of = xcalloc(1, sizeof *ed->of);
		ed->of->elem = OUTPUT_NONE;
	}
	return ed->of;
}

void
outfocus_free(struct editor *ed)
{
	struct outfocus *of = ed->of;
	size_t i;

	if (of == NULL)
		return;
	for (i = 0; i < of->npend; i++) {
		free(of->pend[i].id);
		buf_release(&of->pend[i].next);
	}
	free(of->pend);
	if (of->timer != 0 && ed->loop != NULL)
		loop_cancel_timer(ed->loop, of->timer);
	if (of->flush_timer != 0 && ed->loop != NULL)
		loop_cancel_timer(ed->loop, of->flush_timer);
	free(of);
	ed->of = NULL;
}

bool
outfocus_active(const struct editor *ed)
{
	return ed->of != NULL && ed->of->active;
}

uint32_t
outfocus_cell(const struct editor *ed)
{
	return outfocus_active(ed) ? ed->of->cell : 0;
}

static struct outfocus_pend *
outfocus_pend(struct outfocus *of, const char *id)
{
	struct outfocus_pend *p;
	size_t i;

	for (i = 0; i < of->npend; i++)
		if (strcmp(of->pend[i].id, id) == 0)
			return &of->pend[i];
	of->pend = xreallocarray(of->pend, of->npend + 1, sizeof *of->pend);
	p = &of->pend[of->npend++];
	memset(p, 0, sizeof *p);
	p->id = xstrdup(id);
	buf_init(&p->next);
	return p;
}

size_t
outfocus_npend(const struct editor *ed)
{
	return ed->of != NULL ? ed->of->npend : 0;
}

/*
 * Drop the records that carry nothing: no request in flight or being
 * sent, none queued for the flush (a waiting value exists only beside
 * one of those), no refresh element on screen to pace. Not while a send
 * or the flush runs: they hold an index into the array; whoever called
 * them sweeps after.
 */
static void
outfocus_pend_sweep(struct outfocus *of)
{
	struct outfocus_pend *p;
	size_t i, j;

	if (of == NULL || of->busy > 0)
		return;
	for (i = j = 0; i < of->npend; i++) {
		p = &of->pend[i];
		if (p->inflight || p->sending || p->queued ||
		    p->last_tick_ms != 0) {
			if (i != j)
				of->pend[j] = *p;
			j++;
			continue;
		}
		free(p->id);
		buf_release(&p->next);
	}
	of->npend = j;
}

static void outfocus_on_flush(struct loop *, uint64_t, void *);

/* Send the values kept for elements whose answer came, at the flush
 * timer: out of the scheduler's callback, which takes no requests. */
static void
outfocus_flush_later(struct editor *ed)
{
	struct outfocus *of = ed->of;

	if (of->flush_timer == 0)
		of->flush_timer = loop_add_timer(ed->loop, 0, outfocus_on_flush,
		    ed);
}

/*
 * Send json for pend element i now. Its answer may come before the
 * runner returns the request's id (the runner reads the kernel at
 * once); outfocus_on_widget then finds the element by its id.
 */
static void
outfocus_pend_send(struct editor *ed, size_t i, const char *json, size_t len)
{
	struct outfocus_pend *p = &ed->of->pend[i];
	uint32_t req = 0;
	int rc;

	p->inflight = true;
	p->sending = true;
	p->answered = false;
	p->req = 0;
	ed->of->busy++;
	rc = run_set_widget(ed->run, p->cell, p->id, json, len, &req);
	ed->of->busy--;
	p = &ed->of->pend[i];
	p->sending = false;
	if (rc < 0) {
		p->inflight = false;
		editor_message(ed, true, "widget: %s", err_last());
		return;
	}
	if (p->answered) {
		p->answered = false;
		p->inflight = false;
		if (p->has_next) {
			p->queued = true;
			outfocus_flush_later(ed);
		}
		return;
	}
	if (p->inflight)
		p->req = req;
}

/* Send (or keep as the latest) a value for element id. */
static void
outfocus_send(struct editor *ed, uint32_t cell, const char *id,
    const char *json, size_t len)
{
	struct outfocus *of = outfocus_get(ed);
	struct outfocus_pend *p = outfocus_pend(of, id);

	p->cell = cell;
	if (p->inflight || p->queued) {
		buf_reset(&p->next);
		buf_add(&p->next, json, len);
		p->has_next = true;
		return;
	}
	outfocus_pend_send(ed, (size_t)(p - of->pend), json, len);
	outfocus_pend_sweep(of);
}

static struct editor_cell *
outfocus_ec(struct editor *ed)
{
	return ed->of != NULL && ed->of->active ? editor_cell_find(ed,
	    ed->of->cell) : NULL;
}

/* The focused element, or NULL. */
static const struct output_elem *
outfocus_elem(struct editor *ed)
{
	struct editor_cell *ec = outfocus_ec(ed);

	if (ec == NULL || ed->of->elem == OUTPUT_NONE)
		return NULL;
	return output_elem(ec->out, ed->of->elem);
}

/* Scroll so the focused element shows: inside a capped output, then
 * the screen. */
static void
outfocus_show(struct editor *ed)
{
	struct editor_cell *ec = outfocus_ec(ed);
	size_t line;

	if (ec == NULL || ed->of->elem == OUTPUT_NONE)
		return;
	editor_output_look(ed, ec);
	line = output_elem_line(ec->out, ed->of->elem);
	if (ec->out_mode == EDITOR_OUT_COLLAPSED)
		ec->out_mode = EDITOR_OUT_CAPPED;
	if (ec->out_mode == EDITOR_OUT_CAPPED && (line < ec->out_scroll ||
	    line >= ec->out_scroll + EDITOR_OUT_CAP - 2))
		ec->out_scroll = line > 0 && line + EDITOR_OUT_CAP - 2 >
		    output_nlines(ec->out) ? ec->out_scroll : line;
	if (line < ec->out_scroll)
		ec->out_scroll = line;
	editor_scroll_to_output(ed, line >= ec->out_scroll ? line -
	    ec->out_scroll : 0);
}

/* Tables of the focused output ask for the rows they show but lack. */
static void
outfocus_tables(struct editor *ed, struct editor_cell *ec)
{
	struct output_table_want want;
	struct run_table_window w;
	size_t i, n = output_nelems(ec->out);
	uint32_t req;

	for (i = 0; i < n; i++) {
		if (output_elem(ec->out, i)->kind != OUTPUT_ELEM_TABLE ||
		    !output_table_want(ec->out, i, &want))
			continue;
		w.table = want.table;
		w.offset = want.offset;
		w.limit = want.limit;
		w.col_offset = want.col_offset;
		w.col_limit = want.col_limit;
		w.sort_column = want.sort_column;
		w.descending = want.descending;
		if (run_table_window(ed->run, &w, &req) == 0)
			output_table_asked(ec->out, i);
	}
}

/* Leave the focused element: a field sends what was typed. */
static void
outfocus_blur(struct editor *ed)
{
	struct editor_cell *ec = outfocus_ec(ed);
	const struct output_elem *e = outfocus_elem(ed);
	struct widget *target;
	struct buf json = BUF_INIT;

	if (e == NULL || e->kind != OUTPUT_ELEM_WIDGET)
		return;
	if (widget_leave(e->widget, &target, &json) == WIDGET_SEND)
		outfocus_send(ed, ec->id, widget_id(target), json.ptr,
		    json.len);
	output_touch(ec->out);
	buf_release(&json);
}

static void
outfocus_set(struct editor *ed, size_t cell_idx, size_t elem)
{
	struct outfocus *of = outfocus_get(ed);
	struct editor_cell *old = outfocus_ec(ed);

	if (old != NULL)
		output_set_focus(old->out, OUTPUT_NONE);
	if (cell_idx != ed->focus)
		editor_focus_set(ed, cell_idx);
	of->active = true;
	of->cell = ed->cells[cell_idx]->id;
	of->elem = elem;
	output_set_focus(ed->cells[cell_idx]->out, elem);
	outfocus_show(ed);
	ed->dirty_screen = true;
}

/* The cell index from start on (wrapping in view mode) whose output
 * has elements; (size_t)-1 when none. */
static size_t
outfocus_find_cell(struct editor *ed, size_t start, bool forward, bool wrap)
{
	size_t k, i, n = ed->ncells;

	for (k = 0; k < n; k++) {
		if (forward)
			i = start + k;
		else
			i = start >= k ? start - k : start + n - k;
		if (i >= n) {
			if (!wrap)
				break;
			i -= n;
		}
		editor_output_look(ed, ed->cells[i]);
		if (output_nelems(ed->cells[i]->out) > 0)
			return i;
		if (!forward && !wrap && i == 0)
			break;
	}
	return (size_t)-1;
}

int
outfocus_enter(struct editor *ed)
{
	struct editor_cell *ec = editor_focus_cell(ed);
	size_t i;

	if (ec == NULL)
		return -1;
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	if (ed->view_only)
		i = outfocus_find_cell(ed, ed->focus, true, true);
	else {
		editor_output_look(ed, ec);
		i = output_nelems(ec->out) > 0 ? ed->focus : (size_t)-1;
	}
	if (i == (size_t)-1) {
		editor_message(ed, false, "no widgets, tables or links in %s",
		    ed->view_only ? "this notebook" : "this cell's output");
		return -1;
	}
	outfocus_set(ed, i, 0);
	return 0;
}

void
outfocus_leave(struct editor *ed)
{
	struct editor_cell *ec = outfocus_ec(ed);

	if (ec == NULL) {
		if (ed->of != NULL)
			ed->of->active = false;
		return;
	}
	outfocus_blur(ed);
	output_set_focus(ec->out, OUTPUT_NONE);
	ed->of->active = false;
	ed->dirty_screen = true;
}

/* Tab and Shift-Tab: the next element, in view mode across cells. */
static void
outfocus_step(struct editor *ed, bool forward)
{
	struct editor_cell *ec = outfocus_ec(ed);
	size_t n = output_nelems(ec->out), e = ed->of->elem, idx, i;

	outfocus_blur(ed);
	if (forward && (e == OUTPUT_NONE || e + 1 < n)) {
		outfocus_set(ed, ed->focus, e == OUTPUT_NONE ? 0 : e + 1);
		return;
	}
	if (!forward && e != OUTPUT_NONE && e > 0) {
		outfocus_set(ed, ed->focus, e - 1);
		return;
	}
	if (!ed->view_only) {
		/* Wrap within the cell. */
		outfocus_set(ed, ed->focus, forward || n == 0 ? 0 : n - 1);
		return;
	}
	idx = ed->focus;
	i = outfocus_find_cell(ed, forward ? (idx + 1) % ed->ncells :
	    (idx + ed->ncells - 1) % ed->ncells, forward, true);
	if (i == (size_t)-1)
		return;
	outfocus_set(ed, i, forward ? 0 : output_nelems(ed->cells[i]->out) -
	    1);
}

/* Keys the output never takes: Ctrl, Alt and function keys (C-s, C-q,
 * F1...) still reach the keymap. */
static bool
outfocus_passes(int key)
{
	int base = KEYS_BASE(key);

	if (key & (KEYS_MOD_CTRL | KEYS_MOD_ALT))
		return true;
	if (base >= KEYS_F1 && base <= KEYS_F12)
		return true;
	return base < 0x20 && base != KEYS_TAB && base != KEYS_ENTER &&
	    base != KEYS_ESC && base != KEYS_CTRL('j') &&
	    base != KEYS_CTRL('h');
}

static void
outfocus_widget_key(struct editor *ed, struct editor_cell *ec,
    const struct output_elem *e, int key)
{
	struct widget *target = NULL;
	struct buf json = BUF_INIT;
	enum widget_result r;
	char u[4];
	size_t n;
	enum widget_kind k = widget_kind(e->widget);
	bool field = k == WIDGET_TEXT || k == WIDGET_TEXT_AREA ||
	    k == WIDGET_NUMBER;

	if (field && key >= 0x20 && key < KEYS_SPECIAL && key != 0x7f &&
	    (n = utf8_encode((uint32_t)key, u)) > 0)
		r = widget_type(e->widget, u, n);
	else
		r = widget_key(e->widget, key == KEYS_CTRL('h') ?
		    KEYS_BACKSPACE : key, &target, &json);
	if (r == WIDGET_SEND && target != NULL)
		outfocus_send(ed, ec->id, widget_id(target), json.ptr,
		    json.len);
	if (r != WIDGET_IGNORED)
		output_touch(ec->out);
	buf_release(&json);
}

static void
outfocus_table_key(struct editor *ed, struct editor_cell *ec,
    const struct output_elem *e, int key)
{
	struct buf json = BUF_INIT;
	size_t i = ed->of->elem;

	if (key == 's') {
		if (!output_table_sort(ec->out, i))
			editor_message(ed, false, "this table cannot be sorted "
			    "here (the kernel keeps no live table for it)");
	} else if (key == ' ' || key == KEYS_ENTER) {
		if (e->widget == NULL || !output_table_select(ec->out, i,
		    &json))
			editor_message(ed, false, "this table has no row "
			    "selection");
		else
			outfocus_send(ed, ec->id, widget_id(e->widget),
			    json.ptr, json.len);
	} else
		(void)output_table_key(ec->out, i, key);
	outfocus_tables(ed, ec);
	buf_release(&json);
}

bool
outfocus_key(struct editor *ed, const struct keys_event *ev)
{
	struct editor_cell *ec;
	const struct output_elem *e;

	if (!outfocus_active(ed) || ed->input != EDITOR_INPUT_KEYS ||
	    ed->ce != NULL)
		return false;
	ec = outfocus_ec(ed);
	if (ec == NULL) {
		ed->of->active = false;
		return false;
	}
	e = outfocus_elem(ed);
	if (ev->kind == KEYS_EV_PASTE) {
		if (e != NULL && e->kind == OUTPUT_ELEM_WIDGET &&
		    widget_type(e->widget, ev->paste, ev->paste_len) !=
		    WIDGET_IGNORED)
			output_touch(ec->out);
		return true;
	}
	if (ev->kind != KEYS_EV_KEY)
		return false;
	if (ev->key == KEYS_ESC || ev->key == KEYS_CTRL('g')) {
		outfocus_leave(ed);
		return true;
	}
	if (ev->key == KEYS_TAB || ev->key == KEYS_BTAB) {
		outfocus_step(ed, ev->key == KEYS_TAB);
		return true;
	}
	if (outfocus_passes(ev->key))
		return false;
	if (e == NULL)
		return true;
	switch (e->kind) {
	case OUTPUT_ELEM_WIDGET:
		outfocus_widget_key(ed, ec, e, ev->key);
		break;
	case OUTPUT_ELEM_TABLE:
		outfocus_table_key(ed, ec, e, ev->key);
		break;
	case OUTPUT_ELEM_LINK:
		break;	/* its target is in the bottom bar */
	}
	ed->dirty_screen = true;
	return true;
}

struct outfocus_update {
	const char *json;
	size_t len;
	bool changed;
};

static void
outfocus_update_one(struct widget *w, void *arg)
{
	struct outfocus_update *u = arg;

	if (widget_update(w, u->json, u->len, true) == 0)
		u->changed = true;
}

/* Send the values that waited for an answer. */
static void
outfocus_on_flush(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;
	struct outfocus *of = ed->of;
	struct buf json = BUF_INIT;
	size_t i;

	(void)l;
	(void)id;
	of->flush_timer = 0;
	of->busy++;
	for (i = 0; i < of->npend; i++) {
		if (!of->pend[i].queued)
			continue;
		of->pend[i].queued = false;
		if (!of->pend[i].has_next)
			continue;
		of->pend[i].has_next = false;
		buf_reset(&json);
		buf_add(&json, of->pend[i].next.ptr, of->pend[i].next.len);
		outfocus_pend_send(ed, i, json.ptr, json.len);
	}
	of->busy--;
	outfocus_pend_sweep(of);
	buf_release(&json);
}

/* The element a WIDGET answer is for: by request id, or the one being
 * sent (its id not known yet) by element id; NULL when none waits. */
static struct outfocus_pend *
outfocus_answered(struct outfocus *of, const struct run_event *ev)
{
	size_t i;

	for (i = 0; i < of->npend; i++)
		if (of->pend[i].inflight && !of->pend[i].sending &&
		    of->pend[i].req != 0 && of->pend[i].req == ev->req)
			return &of->pend[i];
	if (ev->target == NULL)
		return NULL;
	for (i = 0; i < of->npend; i++)
		if (of->pend[i].sending && !of->pend[i].answered &&
		    strcmp(of->pend[i].id, ev->target) == 0)
			return &of->pend[i];
	return NULL;
}

/*
 * The kernel's answer to a SET_WIDGET. When the keys went on meanwhile,
 * where they got to goes next and that answer will redraw; else every
 * copy of the element takes the kernel's state, also after an error
 * (the value refused is replaced by the one the kernel keeps).
 */
static void
outfocus_on_widget(struct editor *ed, const struct run_event *ev)
{
	struct outfocus *of = outfocus_get(ed);
	struct outfocus_pend *p;
	struct outfocus_update u;
	size_t i;

	if ((p = outfocus_answered(of, ev)) != NULL) {
		if (p->sending)
			p->answered = true;	/* outfocus_pend_send goes on */
		else {
			p->inflight = false;
			p->req = 0;
			if (p->has_next) {
				p->queued = true;
				outfocus_flush_later(ed);
			}
		}
		if (p->has_next)
			return;
	}
	if (ev->error != NULL)
		editor_message(ed, true, "widget %s: %s", ev->target != NULL ?
		    ev->target : "?", ev->error);
	if (ev->json == NULL || ev->target == NULL)
		return;
	u.json = ev->json;
	u.len = ev->jsonlen;
	u.changed = false;
	for (i = 0; i < ed->ncells; i++) {
		output_widgets_each(ed->cells[i]->out, ev->target,
		    outfocus_update_one, &u);
		if (u.changed) {
			output_table_sync(ed->cells[i]->out, ev->target);
			output_touch(ed->cells[i]->out);
		}
		u.changed = false;
	}
	ed->dirty_screen = true;
}

void
outfocus_on_run(struct editor *ed, const struct run_event *ev)
{
	size_t i;

	switch (ev->type) {
	case RUN_EV_WIDGET:
		outfocus_on_widget(ed, ev);
		outfocus_pend_sweep(ed->of);
		break;
	case RUN_EV_TABLE:
		for (i = 0; i < ed->ncells; i++)
			(void)output_table_answer(ed->cells[i]->out,
			    ev->target != NULL ? ev->target : "",
			    ev->error == NULL ? ev->json : NULL, ev->jsonlen);
		if (ev->error != NULL)
			editor_message(ed, true, "table: %s", ev->error);
		ed->dirty_screen = true;
		break;
	case RUN_EV_KERNEL:
		/* Answers from a dead kernel never come. */
		if (ed->of != NULL)
			for (i = 0; i < ed->of->npend; i++) {
				ed->of->pend[i].inflight = false;
				ed->of->pend[i].req = 0;
				ed->of->pend[i].queued = false;
				ed->of->pend[i].has_next = false;
			}
		outfocus_pend_sweep(ed->of);
		break;
	default:
		break;
	}
}

struct outfocus_tick {
	struct editor *ed;
	uint32_t cell;
	uint64_t now;
	bool any;
};

static void
outfocus_tick_one(struct widget *w, void *arg)
{
	struct outfocus_tick *t = arg;
	struct outfocus_pend *p = outfocus_pend(outfocus_get(t->ed),
	    widget_id(w));
	struct buf json = BUF_INIT;

	t->any = true;
	p->seen = true;
	if (p->last_tick_ms == 0)
		p->last_tick_ms = t->now;
	if (t->now - p->last_tick_ms < (uint64_t)(widget_interval(w) * 1000))
		return;
	p->last_tick_ms = t->now;
	if (p->inflight || p->queued)
		return;		/* the kernel is behind: skip a tick */
	widget_tick_json(w, &json);
	outfocus_send(t->ed, t->cell, widget_id(w), json.ptr, json.len);
	buf_release(&json);
}

static void
outfocus_on_timer(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;
	struct outfocus_tick t;
	size_t i;

	(void)l;
	(void)id;
	ed->of->timer = 0;
	t.ed = ed;
	t.now = loop_now_ms();
	t.any = false;
	for (i = 0; i < ed->of->npend; i++)
		ed->of->pend[i].seen = false;
	/* Only outputs on screen in the last frame tick. */
	for (i = 0; i < ed->ncells; i++) {
		if (ed->cells[i]->drawn_frame != ed->nframes)
			continue;
		t.cell = ed->cells[i]->id;
		output_refresh_each(ed->cells[i]->out, outfocus_tick_one, &t);
	}
	/* A refresh element gone from the screen (scrolled away, or its
	 * output replaced) paces nothing: its interval starts again when
	 * it shows. */
	for (i = 0; i < ed->of->npend; i++)
		if (!ed->of->pend[i].seen)
			ed->of->pend[i].last_tick_ms = 0;
	outfocus_pend_sweep(ed->of);
	if (t.any)
		ed->of->timer = loop_add_timer(ed->loop, OUTFOCUS_TICK_MS,
		    outfocus_on_timer, ed);
}

void
outfocus_before_draw(struct editor *ed)
{
	struct editor_cell *ec;
	struct outfocus_tick t;
	size_t i, n;

	/* A refresh element on screen starts the ticks. */
	if (ed->of == NULL || ed->of->timer == 0) {
		memset(&t, 0, sizeof t);
		for (i = 0; i < ed->ncells && !t.any; i++)
			if (ed->cells[i]->drawn_frame == ed->nframes &&
			    output_is_rich(ed->cells[i]->out)) {
				t.ed = ed;
				t.now = loop_now_ms();
				output_refresh_each(ed->cells[i]->out,
				    outfocus_tick_one, &t);
			}
		if (t.any)
			outfocus_get(ed)->timer = loop_add_timer(ed->loop,
			    OUTFOCUS_TICK_MS, outfocus_on_timer, ed);
	}
	if (!outfocus_active(ed))
		return;
	if ((ec = outfocus_ec(ed)) == NULL) {
		ed->of->active = false;
		return;
	}
	/* The output may have been replaced (its cell ran again). */
	editor_output_look(ed, ec);
	n = output_nelems(ec->out);
	if (ed->of->elem != OUTPUT_NONE && ed->of->elem >= n)
		ed->of->elem = n > 0 ? n - 1 : OUTPUT_NONE;
	if (ed->of->elem == OUTPUT_NONE && n > 0)
		ed->of->elem = 0;
	output_set_focus(ec->out, ed->of->elem);
	outfocus_tables(ed, ec);
}

void
outfocus_hints(struct editor *ed, struct buf *out)
{
	const struct output_elem *e = outfocus_elem(ed);
	struct editor_cell *ec = outfocus_ec(ed);
	const char *link;
	size_t len;

	buf_adds(out, " OUTPUT ");
	if (e == NULL) {
		buf_adds(out, " nothing to focus  Esc leave");
		return;
	}
	switch (e->kind) {
	case OUTPUT_ELEM_LINK:
		link = output_elem_link(ec->out, ed->of->elem, &len);
		buf_adds(out, " link: ");
		if (link != NULL)
			buf_add(out, link, len);
		buf_adds(out, "  Tab next  Esc leave");
		return;
	case OUTPUT_ELEM_TABLE:
		buf_adds(out, " arrows scroll  < > column  s sort");
		if (output_table_column(ec->out, ed->of->elem)[0] != '\0') {
			buf_addf(out, " (%s)", output_table_column(ec->out,
			    ed->of->elem));
		}
		if (e->widget != NULL)
			buf_adds(out, "  Space select");
		buf_adds(out, "  Tab next  Esc leave");
		return;
	case OUTPUT_ELEM_WIDGET:
		switch (widget_kind(e->widget)) {
		case WIDGET_TEXT:
		case WIDGET_TEXT_AREA:
		case WIDGET_NUMBER:
			buf_adds(out, " type  Enter send");
			break;
		case WIDGET_CHECKBOX:
		case WIDGET_SWITCH:
		case WIDGET_BUTTON:
		case WIDGET_RUN_BUTTON:
		case WIDGET_FORM:
		case WIDGET_REFRESH:
			buf_adds(out, " Space/Enter press");
			break;
		case WIDGET_MULTISELECT:
			buf_adds(out, " arrows move  Space toggle");
			break;
		case WIDGET_RANGE_SLIDER:
			buf_adds(out, " arrows move  Space other end");
			break;
		default:
			buf_adds(out, " arrows change");
			break;
		}
		buf_adds(out, "  Tab next  Esc leave");
		return;
	}
}
