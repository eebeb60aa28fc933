/*
 * check_outfocus.c: the keys inside a cell's output (tui/outfocus.c)
 * with the real outputs and widgets (tui/output.c, output_rich.c,
 * widget.c) and the real loop, and small fakes of the rest: an editor
 * with a few cells, and a runner that records each SET_WIDGET and
 * TABLE_WINDOW and can answer a SET_WIDGET before it returns, as the
 * real one does when the kernel is quick (it reads the kernel as soon
 * as it sends).
 *
 * Tab and Shift-Tab order across widgets, tables and links (and into
 * tabs), the change each kind of widget sends, at most one SET_WIDGET
 * in flight per element with the latest value sent after the answer, an
 * answer that comes before its id, error answers, a dead kernel, and
 * records of elements that stay as many as the requests awaited however
 * often the cells rerun.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "keys.h"
#include "loop.h"
#include "outfocus.h"
#include "output.h"
#include "run.h"
#include "widget.h"
#include "xmalloc.h"

#include "editor_int.h"

#define WIDGET_MIME "application/vnd.quire.widget+json"

/* The fake runner: what was sent, and how to answer. */
struct sent {
	uint32_t cell, req;
	char id[32];
	char json[256];
};

static struct {
	struct editor *ed;
	struct sent sent[64];
	size_t nsent;
	size_t nwindows;
	char win_sort[32];	/* the last window's sort_column ("" none) */
	bool win_desc;
	uint32_t next_req;
	const char *answer_now;	/* answer the next send with this JSON
				   before returning (its value) */
	bool fail;
	char msg[512];
	bool msg_error;
} F;

struct run {
	int unused;
};
static struct run fake_run;

/* An answer as the kernel gives it: the element's widget JSON. */
static void
answer(uint32_t req, const char *id, const char *error, const char *json)
{
	struct run_event ev;

	memset(&ev, 0, sizeof ev);
	ev.type = RUN_EV_WIDGET;
	ev.req = req;
	ev.target = id;
	ev.error = error;
	ev.json = json;
	ev.jsonlen = json != NULL ? strlen(json) : 0;
	outfocus_on_run(F.ed, &ev);
}

int
run_set_widget(struct run *r, uint32_t cell, const char *widget,
    const char *json, size_t len, uint32_t *req)
{
	struct sent *s;
	const char *now = F.answer_now;

	ck_assert_ptr_eq(r, &fake_run);
	if (F.fail) {
		err_set("the kernel is not running");
		return -1;
	}
	ck_assert_uint_lt(F.nsent, 64);
	s = &F.sent[F.nsent++];
	s->cell = cell;
	s->req = ++F.next_req;
	snprintf(s->id, sizeof s->id, "%s", widget);
	snprintf(s->json, sizeof s->json, "%.*s", (int)len, json);
	if (now != NULL) {
		/* The runner pumps the kernel before it returns. */
		F.answer_now = NULL;
		answer(s->req, widget, NULL, now);
	}
	*req = s->req;
	return 0;
}

int
run_table_window(struct run *r, const struct run_table_window *w,
    uint32_t *req)
{
	(void)r;
	F.nwindows++;
	snprintf(F.win_sort, sizeof F.win_sort, "%s", w->sort_column != NULL ?
	    w->sort_column : "");
	F.win_desc = w->descending;
	*req = ++F.next_req;
	return 0;
}

/* The fake editor. */
void
editor_message(struct editor *ed, bool error, const char *fmt, ...)
{
	va_list ap;

	(void)ed;
	va_start(ap, fmt);
	vsnprintf(F.msg, sizeof F.msg, fmt, ap);
	va_end(ap);
	F.msg_error = error;
}

struct editor_cell *
editor_cell_find(struct editor *ed, uint32_t id)
{
	size_t i;

	for (i = 0; i < ed->ncells; i++)
		if (ed->cells[i]->id == id)
			return ed->cells[i];
	return NULL;
}

struct editor_cell *
editor_focus_cell(struct editor *ed)
{
	return ed->focus < ed->ncells ? ed->cells[ed->focus] : NULL;
}

void
editor_edit_end(struct editor *ed, bool run)
{
	(void)ed;
	(void)run;
}

void
editor_focus_set(struct editor *ed, size_t idx)
{
	ed->focus = idx;
}

void
editor_output_look(struct editor *ed, struct editor_cell *ec)
{
	struct output_look look;

	(void)ed;
	memset(&look, 0, sizeof look);
	look.width = 60;
	look.table_rows = 5;
	output_set_look(ec->out, &look);
	(void)output_nlines(ec->out);
}

void
editor_scroll_to_output(struct editor *ed, size_t row)
{
	(void)ed;
	(void)row;
}

/* Set-up. */

static void
setup(void)
{
	memset(&F, 0, sizeof F);
	F.ed = xcalloc(1, sizeof *F.ed);
	F.ed->loop = loop_new();
	F.ed->run = &fake_run;
	F.ed->input = EDITOR_INPUT_KEYS;
}

static void
teardown(void)
{
	size_t i;

	outfocus_free(F.ed);
	for (i = 0; i < F.ed->ncells; i++) {
		output_free(F.ed->cells[i]->out);
		free(F.ed->cells[i]);
	}
	free(F.ed->cells);
	loop_free(F.ed->loop);
	free(F.ed);
}

/* A cell (id) whose output shows these bundles: each a mime and its
 * data, text/plain added. */
static struct editor_cell *
cell(uint32_t id)
{
	struct editor_cell *ec = xcalloc(1, sizeof *ec);

	ec->id = id;
	ec->out = output_new();
	F.ed->cells = xreallocarray(F.ed->cells, F.ed->ncells + 1,
	    sizeof *F.ed->cells);
	F.ed->cells[F.ed->ncells++] = ec;
	return ec;
}

static void
show(struct editor_cell *ec, const char *mime, const char *data)
{
	struct output_mime m[2];

	m[0].mime = mime;
	m[0].data = data;
	m[0].len = strlen(data);
	m[1].mime = "text/plain";
	m[1].data = "shown";
	m[1].len = 5;
	output_add_bundle(ec->out, m, 2);
	editor_output_look(F.ed, ec);
}

static void
key(int k)
{
	struct keys_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = KEYS_EV_KEY;
	ev.key = k;
	ck_assert_msg(outfocus_key(F.ed, &ev), "key %#x not taken", k);
}

static void
type(const char *s)
{
	while (*s != '\0')
		key((unsigned char)*s++);
}

/* The focused element. */
static const struct output_elem *
focused(void)
{
	struct editor_cell *ec = editor_cell_find(F.ed, outfocus_cell(F.ed));

	ck_assert_ptr_nonnull(ec);
	ck_assert_uint_ne(output_focus(ec->out), OUTPUT_NONE);
	return output_elem(ec->out, output_focus(ec->out));
}

static const char *
focused_id(void)
{
	const struct output_elem *e = focused();

	return e->widget != NULL ? widget_id(e->widget) : "";
}

/* The last SET_WIDGET sent. */
static void
assert_sent(size_t n, const char *id, const char *json)
{
	ck_assert_uint_eq(F.nsent, n);
	ck_assert_str_eq(F.sent[n - 1].id, id);
	ck_assert_str_eq(F.sent[n - 1].json, json);
}

/* The output's text (what the screen shows of it). */
static char *
text_of(struct editor_cell *ec)
{
	struct buf b = BUF_INIT;

	editor_output_look(F.ed, ec);
	output_text(ec->out, &b);
	buf_addc(&b, '\0');
	return buf_detach(&b, NULL);
}

static void
assert_shows(struct editor_cell *ec, const char *what)
{
	char *t = text_of(ec);

	ck_assert_msg(strstr(t, what) != NULL, "no \"%s\" in:\n%s", what, t);
	free(t);
}

static void
flush(void)
{
	(void)loop_once(F.ed->loop, 0);
}

#define SLIDER(id, v) "{\"kind\":\"slider\",\"id\":\"" id "\"," \
	"\"label\":\"cut\",\"value\":" #v ",\"start\":0,\"stop\":10," \
	"\"step\":1,\"steps\":null}"

/* The sequence that lost the value: the kernel answered inside the
 * send, before its id was known; the element then waited forever and
 * every later change was kept, never sent. */
START_TEST(test_outfocus_answer_before_the_id_comes)
{
	struct editor_cell *ec = cell(2);

	show(ec, WIDGET_MIME, SLIDER("ui-1", 3));
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	F.answer_now = SLIDER("ui-1", 4);
	key(KEYS_RIGHT);
	assert_sent(1, "ui-1", "4");
	assert_shows(ec, "] 4");
	/* Nothing is in flight now: the next change goes at once. */
	key(KEYS_RIGHT);
	assert_sent(2, "ui-1", "5");
	answer(F.sent[1].req, "ui-1", NULL, SLIDER("ui-1", 5));
	key(KEYS_LEFT);
	assert_sent(3, "ui-1", "4");
	flush();
	ck_assert_uint_eq(F.nsent, 3);
}
END_TEST

/* The same with a mo.ui.table: rows selected, then one unselected. */
START_TEST(test_outfocus_table_selection_follows_the_kernel)
{
	struct editor_cell *ec = cell(2);
	static const char tbl[] = "{\"kind\":\"table\",\"id\":\"ui-1\","
	    "\"label\":\"\",\"value\":[],\"selection\":\"multi\",\"table\":"
	    "{\"table_id\":\"tbl-1\",\"columns\":[\"x\"],\"nrows\":3,"
	    "\"rows\":[[10],[20],[30]],\"selection\":\"multi\","
	    "\"selected\":[]}}";
	static const char one[] = "{\"kind\":\"table\",\"id\":\"ui-1\","
	    "\"label\":\"\",\"value\":[1],\"selection\":\"multi\",\"table\":"
	    "{\"table_id\":\"tbl-1\",\"columns\":[\"x\"],\"nrows\":3,"
	    "\"rows\":[[10],[20],[30]],\"selection\":\"multi\","
	    "\"selected\":[1]}}";
	static const char two[] = "{\"kind\":\"table\",\"id\":\"ui-1\","
	    "\"label\":\"\",\"value\":[1,2],\"selection\":\"multi\",\"table\":"
	    "{\"table_id\":\"tbl-1\",\"columns\":[\"x\"],\"nrows\":3,"
	    "\"rows\":[[10],[20],[30]],\"selection\":\"multi\","
	    "\"selected\":[1,2]}}";

	show(ec, WIDGET_MIME, tbl);
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	ck_assert_int_eq(focused()->kind, OUTPUT_ELEM_TABLE);
	key(KEYS_DOWN);
	F.answer_now = one;
	key(' ');
	assert_sent(1, "ui-1", "[1]");
	key(KEYS_DOWN);
	F.answer_now = two;
	key(' ');
	assert_sent(2, "ui-1", "[1,2]");
	assert_shows(ec, "✓ 30");
	key(' ');
	assert_sent(3, "ui-1", "[1]");
	answer(F.sent[2].req, "ui-1", NULL, one);
	assert_shows(ec, "✓ 20");
	{
		char *t = text_of(ec);

		ck_assert_ptr_null(strstr(t, "✓ 30"));
		free(t);
	}
}
END_TEST

/* A slider held down: one SET_WIDGET in flight, the keys' latest value
 * after the answer, and the answer to an older value never undoes the
 * keys on the screen. */
START_TEST(test_outfocus_one_in_flight_latest_follows)
{
	struct editor_cell *ec = cell(2);

	show(ec, WIDGET_MIME, SLIDER("ui-1", 3));
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	key(KEYS_RIGHT);
	key(KEYS_RIGHT);
	key(KEYS_RIGHT);
	assert_sent(1, "ui-1", "4");
	assert_shows(ec, "] 6");
	answer(F.sent[0].req, "ui-1", NULL, SLIDER("ui-1", 4));
	assert_shows(ec, "] 6");		/* not back to 4 */
	ck_assert_uint_eq(F.nsent, 1);		/* not from the callback */
	key(KEYS_RIGHT);			/* while the flush waits */
	flush();
	assert_sent(2, "ui-1", "7");
	flush();
	ck_assert_uint_eq(F.nsent, 2);
	answer(F.sent[1].req, "ui-1", NULL, SLIDER("ui-1", 7));
	assert_shows(ec, "] 7");
	key(KEYS_LEFT);
	assert_sent(3, "ui-1", "6");
	/* An answer nobody waits for (an old request, an element gone)
	 * changes nothing else. */
	answer(999, "ui-9", NULL, SLIDER("ui-9", 1));
	assert_shows(ec, "] 6");
}
END_TEST

/* Every copy of the element takes the answer; an error answer shows the
 * message and restores the kernel's value. */
START_TEST(test_outfocus_error_restores_the_kernels_value)
{
	struct editor_cell *a = cell(2), *b = cell(3);

	show(a, WIDGET_MIME, SLIDER("ui-1", 3));
	show(b, WIDGET_MIME, SLIDER("ui-1", 3));
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	key(KEYS_RIGHT);
	assert_sent(1, "ui-1", "4");
	answer(F.sent[0].req, "ui-1", NULL, SLIDER("ui-1", 4));
	assert_shows(b, "] 4");
	key(KEYS_RIGHT);
	assert_shows(a, "] 5");
	answer(F.sent[1].req, "ui-1", "5 is not allowed", SLIDER("ui-1", 4));
	ck_assert(F.msg_error);
	ck_assert_ptr_nonnull(strstr(F.msg, "5 is not allowed"));
	assert_shows(a, "] 4");
	assert_shows(b, "] 4");
	/* Not stuck: the next change goes. */
	key(KEYS_RIGHT);
	assert_sent(3, "ui-1", "5");
}
END_TEST

/* A dead kernel never answers: nothing waits for it. */
START_TEST(test_outfocus_kernel_death_forgets_the_flight)
{
	struct editor_cell *ec = cell(2);
	struct run_event ev;

	show(ec, WIDGET_MIME, SLIDER("ui-1", 3));
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	key(KEYS_RIGHT);
	key(KEYS_RIGHT);
	ck_assert_uint_eq(F.nsent, 1);
	memset(&ev, 0, sizeof ev);
	ev.type = RUN_EV_KERNEL;
	outfocus_on_run(F.ed, &ev);
	key(KEYS_RIGHT);
	assert_sent(2, "ui-1", "6");
	/* A send that fails says why and keeps nothing in flight. */
	answer(F.sent[1].req, "ui-1", NULL, SLIDER("ui-1", 6));
	F.fail = true;
	key(KEYS_RIGHT);
	ck_assert_ptr_nonnull(strstr(F.msg, "not running"));
	F.fail = false;
	key(KEYS_RIGHT);
	assert_sent(3, "ui-1", "8");
}
END_TEST

/* A slider's JSON with a run-time id. */
static const char *
slider_json(char *b, size_t size, const char *id, int v)
{
	snprintf(b, size, "{\"kind\":\"slider\",\"id\":\"%s\","
	    "\"label\":\"cut\",\"value\":%d,\"start\":0,\"stop\":10,"
	    "\"step\":1,\"steps\":null}", id, v);
	return b;
}

/* The cell ran again: its output is replaced by a new element (a new
 * id, as the kernel makes on each run), which the focus follows. */
static void
rerun(struct editor_cell *ec, const char *mime, const char *json)
{
	output_clear(ec->out);
	show(ec, mime, json);
	outfocus_before_draw(F.ed);
}

/*
 * Each rerun makes new elements with new ids; the record of an old one
 * goes when its answer comes (also when its output was replaced while
 * the request was in flight), so there are never more records than
 * requests awaited. The flight itself is as before: one in flight, the
 * latest value after the answer, an answer before the id.
 */
START_TEST(test_outfocus_records_stay_bounded_over_reruns)
{
	struct editor_cell *ec = cell(2);
	char id[16], js[256], shown[8];
	uint32_t stale = 0;
	int k;

	show(ec, WIDGET_MIME, slider_json(js, sizeof js, "ui-start", 3));
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	for (k = 0; k < 300; k++) {
		snprintf(id, sizeof id, "ui-%d", k);
		rerun(ec, WIDGET_MIME, slider_json(js, sizeof js, id, 3));
		ck_assert_str_eq(focused_id(), id);
		if (stale != 0) {
			/* The replaced element's late answer: its record
			 * goes, the new element keeps its value. */
			ck_assert_uint_eq(outfocus_npend(F.ed), 1);
			snprintf(shown, sizeof shown, "ui-%d", k - 1);
			answer(stale, shown, NULL, slider_json(js, sizeof js,
			    shown, 5));
			stale = 0;
			assert_shows(ec, "] 3");
		}
		ck_assert_uint_eq(outfocus_npend(F.ed), 0);
		F.nsent = 0;
		switch (k % 3) {
		case 0:
			key(KEYS_RIGHT);
			assert_sent(1, id, "4");
			ck_assert_uint_eq(outfocus_npend(F.ed), 1);
			answer(F.sent[0].req, id, NULL, slider_json(js,
			    sizeof js, id, 4));
			break;
		case 1:
			/* Held down: one in flight, the latest after. */
			key(KEYS_RIGHT);
			key(KEYS_RIGHT);
			assert_sent(1, id, "4");
			ck_assert_uint_eq(outfocus_npend(F.ed), 1);
			answer(F.sent[0].req, id, NULL, slider_json(js,
			    sizeof js, id, 4));
			ck_assert_uint_eq(outfocus_npend(F.ed), 1);
			flush();
			assert_sent(2, id, "5");
			answer(F.sent[1].req, id, NULL, slider_json(js,
			    sizeof js, id, 5));
			assert_shows(ec, "] 5");
			break;
		case 2:
			/* Answered before the id came: nothing waits, the
			 * next change goes at once, and is still in flight
			 * when the cell reruns. */
			F.answer_now = slider_json(js, sizeof js, id, 4);
			key(KEYS_RIGHT);
			assert_sent(1, id, "4");
			ck_assert_uint_eq(outfocus_npend(F.ed), 0);
			key(KEYS_RIGHT);
			assert_sent(2, id, "5");
			ck_assert_uint_eq(outfocus_npend(F.ed), 1);
			stale = F.sent[1].req;
			continue;
		}
		ck_assert_uint_eq(outfocus_npend(F.ed), 0);
		flush();
		ck_assert_uint_eq(outfocus_npend(F.ed), 0);
	}
	/* A dead kernel answers nothing: no record waits for it. */
	ck_assert_uint_eq(outfocus_npend(F.ed), 1);
	{
		struct run_event ev;

		memset(&ev, 0, sizeof ev);
		ev.type = RUN_EV_KERNEL;
		outfocus_on_run(F.ed, &ev);
	}
	ck_assert_uint_eq(outfocus_npend(F.ed), 0);
}
END_TEST

/* A refresh element's JSON: a tick every 0.1 s. */
static const char *
refresh_json(char *b, size_t size, const char *id)
{
	snprintf(b, size, "{\"kind\":\"refresh\",\"id\":\"%s\","
	    "\"label\":\"\",\"value\":0,\"options\":[],"
	    "\"interval_s\":0.1}", id);
	return b;
}

/* Run the loop until n SET_WIDGETs were sent (two seconds at most). */
static void
wait_sent(size_t n)
{
	int i;

	for (i = 0; i < 20 && F.nsent < n; i++)
		(void)loop_once(F.ed->loop, 100);
	ck_assert_uint_ge(F.nsent, n);
}

/*
 * A refresh element on screen keeps its record (its pace) between
 * ticks; one whose output was replaced or cleared loses it at the next
 * tick, so reruns leave nothing behind.
 */
START_TEST(test_outfocus_refresh_records_follow_the_screen)
{
	struct editor_cell *ec = cell(2);
	char id[16], js[256];
	size_t i;
	int k;

	show(ec, WIDGET_MIME, refresh_json(js, sizeof js, "r-0"));
	outfocus_before_draw(F.ed);		/* starts the ticks */
	ck_assert_uint_eq(outfocus_npend(F.ed), 1);
	wait_sent(1);
	ck_assert_str_eq(F.sent[0].id, "r-0");
	answer(F.sent[0].req, "r-0", NULL, js);
	ck_assert_uint_eq(outfocus_npend(F.ed), 1);	/* still paced */
	wait_sent(2);				/* and ticking */
	ck_assert_str_eq(F.sent[1].id, "r-0");
	answer(F.sent[1].req, "r-0", NULL, js);
	for (k = 1; k <= 8; k++) {
		snprintf(id, sizeof id, "r-%d", k);
		output_clear(ec->out);
		show(ec, WIDGET_MIME, refresh_json(js, sizeof js, id));
		(void)loop_once(F.ed->loop, 200);	/* one tick */
		ck_assert_uint_le(outfocus_npend(F.ed), 1 + F.nsent - 2);
	}
	/* Cleared: once the ticks in flight are answered, nothing. */
	output_clear(ec->out);
	(void)loop_once(F.ed->loop, 200);
	for (i = 2; i < F.nsent; i++)
		answer(F.sent[i].req, F.sent[i].id, NULL, refresh_json(js,
		    sizeof js, F.sent[i].id));
	ck_assert_uint_eq(outfocus_npend(F.ed), 0);
}
END_TEST

/* Tab and Shift-Tab: widgets, a table and a link in order, wrapping in
 * the cell; Esc gives the keys back. */
START_TEST(test_outfocus_tab_order)
{
	struct editor_cell *ec = cell(2);
	struct buf hint = BUF_INIT;

	show(ec, WIDGET_MIME, SLIDER("ui-1", 3));
	show(ec, "application/vnd.quire.table+json",
	    "{\"table_id\":\"tbl-1\",\"columns\":[\"a\"],\"rows\":[[1],[2]]}");
	show(ec, "text/markdown", "see [the docs](https://example.org/x) "
	    "and <quire-widget id=\"ui-2\">on: False</quire-widget>");
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	ck_assert(outfocus_active(F.ed));
	ck_assert_uint_eq(outfocus_cell(F.ed), 2);
	ck_assert_uint_eq(output_nelems(ec->out), 3);
	ck_assert_int_eq(focused()->kind, OUTPUT_ELEM_WIDGET);
	ck_assert_str_eq(focused_id(), "ui-1");
	key(KEYS_TAB);
	ck_assert_int_eq(focused()->kind, OUTPUT_ELEM_TABLE);
	outfocus_hints(F.ed, &hint);
	ck_assert_ptr_nonnull(strstr(hint.ptr, "s sort"));
	buf_reset(&hint);
	key(KEYS_TAB);
	ck_assert_int_eq(focused()->kind, OUTPUT_ELEM_LINK);
	outfocus_hints(F.ed, &hint);
	ck_assert_ptr_nonnull(strstr(hint.ptr, "https://example.org/x"));
	key(KEYS_TAB);
	ck_assert_str_eq(focused_id(), "ui-1");
	key(KEYS_BTAB);
	ck_assert_int_eq(focused()->kind, OUTPUT_ELEM_LINK);
	key(KEYS_BTAB);
	ck_assert_int_eq(focused()->kind, OUTPUT_ELEM_TABLE);
	/* Ctrl keys go to the keymap. */
	{
		struct keys_event ev;

		memset(&ev, 0, sizeof ev);
		ev.kind = KEYS_EV_KEY;
		ev.key = KEYS_CTRL('s');
		ck_assert(!outfocus_key(F.ed, &ev));
	}
	key(KEYS_ESC);
	ck_assert(!outfocus_active(F.ed));
	ck_assert_uint_eq(outfocus_cell(F.ed), 0);
	ck_assert_uint_eq(output_focus(ec->out), OUTPUT_NONE);
	buf_release(&hint);
}
END_TEST

/* Nothing to focus: a message, the keys stay with the cells. */
START_TEST(test_outfocus_nothing_to_focus)
{
	struct editor_cell *ec = cell(2);

	output_stream(ec->out, OUTPUT_STDOUT, "plain\n", 6);
	ck_assert_int_eq(outfocus_enter(F.ed), -1);
	ck_assert(!outfocus_active(F.ed));
	ck_assert_ptr_nonnull(strstr(F.msg, "no widgets"));
}
END_TEST

/* In view mode Tab walks the widgets of the whole notebook. */
START_TEST(test_outfocus_view_mode_crosses_cells)
{
	struct editor_cell *a = cell(1), *b = cell(2), *c = cell(3);

	(void)b;
	F.ed->view_only = true;
	show(a, WIDGET_MIME, SLIDER("ui-1", 1));
	output_stream(b->out, OUTPUT_STDOUT, "x\n", 2);
	show(c, WIDGET_MIME, "{\"kind\":\"checkbox\",\"id\":\"ui-2\","
	    "\"label\":\"ok\",\"value\":false}");
	show(c, WIDGET_MIME, "{\"kind\":\"switch\",\"id\":\"ui-3\","
	    "\"label\":\"on\",\"value\":false}");
	F.ed->focus = 1;
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	ck_assert_uint_eq(outfocus_cell(F.ed), 3);
	ck_assert_str_eq(focused_id(), "ui-2");
	key(KEYS_TAB);
	ck_assert_str_eq(focused_id(), "ui-3");
	key(KEYS_TAB);
	ck_assert_uint_eq(outfocus_cell(F.ed), 1);
	ck_assert_str_eq(focused_id(), "ui-1");
	key(KEYS_BTAB);
	ck_assert_uint_eq(outfocus_cell(F.ed), 3);
	ck_assert_str_eq(focused_id(), "ui-3");
}
END_TEST

/* Tab goes into the shown tab's content after the bar. */
START_TEST(test_outfocus_tabs_content_takes_the_keys)
{
	struct editor_cell *ec = cell(2);

	show(ec, WIDGET_MIME, "{\"kind\":\"tabs\",\"id\":\"t\",\"label\":\"\","
	    "\"value\":\"A\",\"tabs\":[\"A\",\"B\"],\"children\":["
	    "{\"mime\":\"text/plain\",\"text\":\"n: 1\",\"widget\":"
	    "{\"kind\":\"slider\",\"id\":\"ui-1\",\"label\":\"n\",\"value\":1,"
	    "\"start\":0,\"stop\":9,\"step\":1,\"steps\":null}},"
	    "{\"mime\":\"text/plain\",\"text\":\"nothing\"}]}");
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	ck_assert_str_eq(focused_id(), "t");
	key(KEYS_TAB);
	ck_assert_str_eq(focused_id(), "ui-1");
	key(KEYS_RIGHT);
	assert_sent(1, "ui-1", "2");
	key(KEYS_BTAB);
	ck_assert_str_eq(focused_id(), "t");
	key(KEYS_RIGHT);		/* another element: its own flight */
	ck_assert_uint_eq(F.nsent, 2);
	ck_assert_str_eq(F.sent[1].id, "t");
	ck_assert_str_eq(F.sent[1].json, "\"B\"");
}
END_TEST

/* Sliders step and stop at their bounds. */
START_TEST(test_outfocus_slider_steps_and_bounds)
{
	struct editor_cell *ec = cell(2);
	size_t n;

	show(ec, WIDGET_MIME, SLIDER("ui-1", 9));
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	key(KEYS_RIGHT);
	assert_sent(1, "ui-1", "10");
	answer(F.sent[0].req, "ui-1", NULL, SLIDER("ui-1", 10));
	n = F.nsent;
	key(KEYS_RIGHT);		/* at the top: nothing to send */
	flush();
	ck_assert_uint_eq(F.nsent, n);
	key(KEYS_HOME);
	assert_sent(2, "ui-1", "0");
	answer(F.sent[1].req, "ui-1", NULL, SLIDER("ui-1", 0));
	key(KEYS_LEFT);
	ck_assert_uint_eq(F.nsent, 2);
	assert_shows(ec, "] 0");
}
END_TEST

/* Fields: typing is local, Enter sends, leaving sends what was typed. */
START_TEST(test_outfocus_fields_send_on_enter_or_leaving)
{
	struct editor_cell *ec = cell(2);

	show(ec, WIDGET_MIME, "{\"kind\":\"number\",\"id\":\"n\",\"label\":"
	    "\"k\",\"value\":1,\"start\":0,\"stop\":100,\"step\":1}");
	show(ec, WIDGET_MIME, "{\"kind\":\"text\",\"id\":\"x\",\"label\":"
	    "\"name\",\"value\":\"\",\"placeholder\":\"\",\"max_length\":null}");
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	key(KEYS_BACKSPACE);
	type("42");
	ck_assert_uint_eq(F.nsent, 0);
	key(KEYS_ENTER);
	assert_sent(1, "n", "42");
	key(KEYS_TAB);
	ck_assert_str_eq(focused_id(), "x");
	type("ada");
	ck_assert_uint_eq(F.nsent, 1);
	assert_shows(ec, "name [ada");
	key(KEYS_ENTER);
	assert_sent(2, "x", "\"ada\"");
	answer(F.sent[1].req, "x", NULL, "{\"kind\":\"text\",\"id\":\"x\","
	    "\"label\":\"name\",\"value\":\"ada\"}");
	type("m");
	key(KEYS_BACKSPACE);
	type("!");
	key(KEYS_TAB);			/* leaving sends */
	assert_sent(3, "x", "\"ada!\"");
	/* Esc too. */
	ck_assert_str_eq(focused_id(), "n");
	key(KEYS_BTAB);
	ck_assert_str_eq(focused_id(), "x");
	type("?");
	key(KEYS_ESC);
	ck_assert_uint_eq(F.nsent, 3);	/* x is still in flight */
	answer(F.sent[2].req, "x", NULL, "{\"kind\":\"text\",\"id\":\"x\","
	    "\"label\":\"name\",\"value\":\"ada!\"}");
	flush();
	assert_sent(4, "x", "\"ada!?\"");
}
END_TEST

/* Choices, boxes, buttons, dates and ranges send what the contract
 * says. */
START_TEST(test_outfocus_each_kind_sends_its_value)
{
	struct editor_cell *ec = cell(2);

	show(ec, WIDGET_MIME, "{\"kind\":\"dropdown\",\"id\":\"d\","
	    "\"label\":\"fruit\",\"value\":\"pear\",\"options\":[\"apple\","
	    "\"pear\",\"fig\"],\"allow_select_none\":false}");
	show(ec, WIDGET_MIME, "{\"kind\":\"radio\",\"id\":\"r\",\"label\":\"\","
	    "\"value\":\"a\",\"options\":[\"a\",\"b\"],"
	    "\"allow_select_none\":false}");
	show(ec, WIDGET_MIME, "{\"kind\":\"multiselect\",\"id\":\"m\","
	    "\"value\":[\"b\"],\"options\":[\"a\",\"b\",\"c\"]}");
	show(ec, WIDGET_MIME, "{\"kind\":\"checkbox\",\"id\":\"c\","
	    "\"label\":\"loud\",\"value\":false}");
	show(ec, WIDGET_MIME, "{\"kind\":\"switch\",\"id\":\"s\","
	    "\"label\":\"on\",\"value\":true}");
	show(ec, WIDGET_MIME, "{\"kind\":\"button\",\"id\":\"b\","
	    "\"label\":\"go\",\"value\":null,\"clicks\":2}");
	show(ec, WIDGET_MIME, "{\"kind\":\"run_button\",\"id\":\"rb\","
	    "\"value\":false,\"clicks\":0}");
	show(ec, WIDGET_MIME, "{\"kind\":\"date\",\"id\":\"t\","
	    "\"value\":\"2024-02-28\",\"start\":null,\"stop\":null}");
	show(ec, WIDGET_MIME, "{\"kind\":\"range_slider\",\"id\":\"g\","
	    "\"value\":[2,5],\"start\":0,\"stop\":9,\"step\":1}");
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	key(KEYS_DOWN);
	assert_sent(1, "d", "\"apple\"");
	key(KEYS_TAB);
	key(KEYS_RIGHT);
	assert_sent(2, "r", "\"b\"");
	key(KEYS_TAB);
	key(KEYS_RIGHT);
	key(KEYS_RIGHT);
	ck_assert_uint_eq(F.nsent, 2);	/* the cursor moves only */
	key(' ');
	assert_sent(3, "m", "[\"b\",\"c\"]");
	key(KEYS_TAB);
	key(' ');
	assert_sent(4, "c", "true");
	key(KEYS_TAB);
	key(KEYS_ENTER);
	assert_sent(5, "s", "false");
	key(KEYS_TAB);
	key(' ');
	assert_sent(6, "b", "3");
	key(KEYS_TAB);
	key(KEYS_ENTER);
	assert_sent(7, "rb", "true");
	key(KEYS_TAB);
	key(KEYS_RIGHT);
	assert_sent(8, "t", "\"2024-02-29\"");
	key(KEYS_TAB);
	key(KEYS_RIGHT);
	assert_sent(9, "g", "[3,5]");
	answer(F.sent[8].req, "g", NULL, "{\"kind\":\"range_slider\","
	    "\"id\":\"g\",\"value\":[3,5],\"start\":0,\"stop\":9,\"step\":1}");
	key(' ');			/* the other end */
	key(KEYS_RIGHT);
	assert_sent(10, "g", "[3,6]");
}
END_TEST

/* A form keeps its element's changes until submit; children of an array
 * send through their own ids. */
START_TEST(test_outfocus_form_and_array)
{
	struct editor_cell *ec = cell(2);

	show(ec, WIDGET_MIME, "{\"kind\":\"form\",\"id\":\"f\","
	    "\"value\":null,\"submit_label\":\"Go\",\"submitted\":false,"
	    "\"element\":{\"kind\":\"text\",\"id\":\"ft\",\"label\":\"name\","
	    "\"value\":\"\"}}");
	show(ec, WIDGET_MIME, "{\"kind\":\"array\",\"id\":\"a\","
	    "\"label\":\"\",\"value\":[1,true],\"elements\":["
	    "{\"kind\":\"number\",\"id\":\"n\",\"value\":1,\"start\":null,"
	    "\"stop\":null,\"step\":1},"
	    "{\"kind\":\"switch\",\"id\":\"w\",\"value\":true}]}");
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	ck_assert_str_eq(focused_id(), "ft");
	type("ada");
	key(KEYS_TAB);			/* leaving a form's field: local */
	ck_assert_uint_eq(F.nsent, 0);
	ck_assert_str_eq(focused_id(), "f");
	key(KEYS_ENTER);
	assert_sent(1, "f", "\"ada\"");
	key(KEYS_TAB);
	ck_assert_str_eq(focused_id(), "n");
	key(KEYS_UP);
	assert_sent(2, "n", "2");
	key(KEYS_TAB);
	ck_assert_str_eq(focused_id(), "w");
	key(' ');
	assert_sent(3, "w", "false");
}
END_TEST

/* A table asks the kernel for the rows it shows but lacks, once. */
START_TEST(test_outfocus_table_asks_for_rows)
{
	struct editor_cell *ec = cell(2);

	show(ec, "application/vnd.quire.table+json",
	    "{\"table_id\":\"tbl-1\",\"columns\":[\"a\"],\"nrows\":100,"
	    "\"rows\":[[0],[1],[2],[3],[4],[5]]}");
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	outfocus_before_draw(F.ed);
	ck_assert_uint_eq(F.nwindows, 0);
	key(KEYS_PGDN);
	key(KEYS_PGDN);
	ck_assert_uint_eq(F.nwindows, 1);
	key(KEYS_DOWN);
	outfocus_before_draw(F.ed);
	ck_assert_uint_eq(F.nwindows, 1);	/* one on its way */
	key(' ');
	ck_assert_ptr_nonnull(strstr(F.msg, "no row selection"));
}
END_TEST

/* The kernel's answer to a TABLE_WINDOW. */
static void
answer_table(const char *table, const char *json)
{
	struct run_event ev;

	memset(&ev, 0, sizeof ev);
	ev.type = RUN_EV_TABLE;
	ev.target = table;
	ev.json = json;
	ev.jsonlen = strlen(json);
	outfocus_on_run(F.ed, &ev);
}

/* < and > move the column cursor (clamped at both ends), the bottom bar
 * names it, and s asks the kernel to sort by it, then descending. */
START_TEST(test_outfocus_table_sorts_by_the_column_cursor)
{
	struct editor_cell *ec = cell(2);
	struct buf hint = BUF_INIT;

	show(ec, "application/vnd.quire.table+json",
	    "{\"table_id\":\"tbl-1\",\"columns\":[\"a\",\"b\"],"
	    "\"nrows\":2,\"rows\":[[1,\"z\"],[2,\"y\"]]}");
	ck_assert_int_eq(outfocus_enter(F.ed), 0);
	outfocus_hints(F.ed, &hint);
	ck_assert_ptr_nonnull(strstr(hint.ptr, "< > column"));
	ck_assert_ptr_nonnull(strstr(hint.ptr, "s sort (a)"));
	key('>');
	key('>');	/* the last column: stays */
	buf_reset(&hint);
	outfocus_hints(F.ed, &hint);
	ck_assert_ptr_nonnull(strstr(hint.ptr, "s sort (b)"));
	ck_assert_uint_eq(F.nwindows, 0);
	key('s');
	ck_assert_uint_eq(F.nwindows, 1);
	ck_assert_str_eq(F.win_sort, "b");
	ck_assert(!F.win_desc);
	answer_table("tbl-1", "{\"table_id\":\"tbl-1\",\"columns\":"
	    "[\"a\",\"b\"],\"nrows\":2,\"rows\":[[2,\"y\"],[1,\"z\"]],"
	    "\"sort\":{\"column\":\"b\",\"descending\":false},"
	    "\"row_ids\":[1,0]}");
	key('s');
	ck_assert_uint_eq(F.nwindows, 2);
	ck_assert_str_eq(F.win_sort, "b");
	ck_assert(F.win_desc);
	key('<');
	key('<');	/* the first column: stays */
	buf_reset(&hint);
	outfocus_hints(F.ed, &hint);
	ck_assert_ptr_nonnull(strstr(hint.ptr, "s sort (a)"));
	buf_release(&hint);
}
END_TEST

static Suite *
outfocus_suite(void)
{
	Suite *s = suite_create("outfocus");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_outfocus_answer_before_the_id_comes);
	tcase_add_test(tc, test_outfocus_table_selection_follows_the_kernel);
	tcase_add_test(tc, test_outfocus_one_in_flight_latest_follows);
	tcase_add_test(tc, test_outfocus_error_restores_the_kernels_value);
	tcase_add_test(tc, test_outfocus_kernel_death_forgets_the_flight);
	tcase_add_test(tc, test_outfocus_tab_order);
	tcase_add_test(tc, test_outfocus_nothing_to_focus);
	tcase_add_test(tc, test_outfocus_view_mode_crosses_cells);
	tcase_add_test(tc, test_outfocus_tabs_content_takes_the_keys);
	tcase_add_test(tc, test_outfocus_slider_steps_and_bounds);
	tcase_add_test(tc, test_outfocus_fields_send_on_enter_or_leaving);
	tcase_add_test(tc, test_outfocus_each_kind_sends_its_value);
	tcase_add_test(tc, test_outfocus_form_and_array);
	tcase_add_test(tc, test_outfocus_table_asks_for_rows);
	tcase_add_test(tc, test_outfocus_table_sorts_by_the_column_cursor);
	tcase_add_test(tc, test_outfocus_records_stay_bounded_over_reruns);
	tcase_add_test(tc, test_outfocus_refresh_records_follow_the_screen);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(outfocus_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
