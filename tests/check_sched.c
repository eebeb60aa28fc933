/*
 * check_sched.c: marimo's runtime rules (spec notebook-format.md 6.2-6.4)
 * as the scheduler applies them, one test per rule, against the real
 * kernel ($QUIRE; SKIP without it). Cells print or define names so each
 * test can see what ran, in which order, and with which result.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "kern.h"
#include "nb.h"
#include "proto.h"
#include "sched.h"

#define WAIT_MS 30000
#define MAXCELLS 64

struct t {
	struct nb *nb;
	struct ana *ana;
	struct kern *kern;
	struct sched *s;
	struct buf out[MAXCELLS];	/* stdout of each cell's latest run */
	struct buf disp[MAXCELLS];	/* text/plain of its latest output */
	struct buf order;		/* "1 2 3 " in start order */
	struct buf events;		/* "K:message\n" for kernel events */
	int idle;
	/* The latest WIDGET and TABLE answers, and table JSON displayed. */
	struct buf widget, widget_error, widget_names, table, table_error;
	struct buf shown_table;
	unsigned nwidget, ntable;
};

/* A mo.ui.table shows its table inside its widget JSON. */
static void
t_keep_widget_table(struct t *t, const struct proto_mime *m)
{
	json_t *w = json_loadb(m->data, m->len, 0, NULL);
	char *s;

	if (w != NULL && json_is_object(json_object_get(w, "table")) &&
	    (s = json_dumps(json_object_get(w, "table"), 0)) != NULL) {
		buf_reset(&t->shown_table);
		buf_adds(&t->shown_table, s);
		free(s);
	}
	json_decref(w);
}

static void
on_event(const struct sched_event *ev, void *arg)
{
	struct t *t = arg;
	size_t i;

	switch (ev->type) {
	case SCHED_EV_START:
		if (ev->cell < MAXCELLS) {
			buf_reset(&t->out[ev->cell]);
			buf_reset(&t->disp[ev->cell]);
		}
		buf_addf(&t->order, "%u ", ev->cell);
		break;
	case SCHED_EV_STREAM:
		if (ev->cell < MAXCELLS && ev->stream->name == PROTO_STDOUT)
			buf_add(&t->out[ev->cell], ev->stream->data,
			    ev->stream->len);
		break;
	case SCHED_EV_DISPLAY:
		if (ev->cell >= MAXCELLS)
			break;
		for (i = 0; i < ev->display->nitems; i++)
			if (strcmp(ev->display->items[i].mime, "text/plain")
			    == 0) {
				buf_reset(&t->disp[ev->cell]);
				buf_add(&t->disp[ev->cell],
				    ev->display->items[i].data,
				    ev->display->items[i].len);
			}
		break;
	case SCHED_EV_KERNEL:
		buf_addf(&t->events, "K:%s\n", ev->message);
		break;
	case SCHED_EV_IDLE:
		t->idle++;
		break;
	case SCHED_EV_WIDGET:
		t->nwidget++;
		buf_reset(&t->widget);
		buf_add(&t->widget, ev->widget->json, ev->widget->jsonlen);
		buf_reset(&t->widget_error);
		if (ev->widget->error != NULL)
			buf_adds(&t->widget_error, ev->widget->error);
		buf_reset(&t->widget_names);
		for (i = 0; i < ev->widget->nnames; i++)
			buf_addf(&t->widget_names, "%s ", ev->widget->names[i]);
		break;
	case SCHED_EV_TABLE:
		t->ntable++;
		buf_reset(&t->table);
		buf_add(&t->table, ev->table->json, ev->table->jsonlen);
		buf_reset(&t->table_error);
		if (ev->table->error != NULL)
			buf_adds(&t->table_error, ev->table->error);
		break;
	default:
		break;
	}
	if (ev->type != SCHED_EV_DISPLAY)
		return;
	for (i = 0; i < ev->display->nitems; i++) {
		if (strcmp(ev->display->items[i].mime,
		    "application/vnd.quire.table+json") == 0) {
			buf_reset(&t->shown_table);
			buf_add(&t->shown_table, ev->display->items[i].data,
			    ev->display->items[i].len);
		} else if (strcmp(ev->display->items[i].mime,
		    "application/vnd.quire.widget+json") == 0)
			t_keep_widget_table(t, &ev->display->items[i]);
	}
}

static const char *
quire_exe(void)
{
	const char *q = getenv("QUIRE");

	return q != NULL && access(q, X_OK) == 0 ? q : NULL;
}

/* A notebook of the given cells (ids 1, 2, ... in order), NULL-ended. */
static struct t *
t_new(const char *first, ...)
{
	struct t *t = calloc(1, sizeof *t);
	struct kern_opts o = { 0 };
	const char *src;
	va_list ap;
	size_t i;

	t->nb = nb_new();
	va_start(ap, first);
	for (src = first; src != NULL; src = va_arg(ap, const char *))
		nb_cell_insert(t->nb, nb_ncells(t->nb), src, strlen(src));
	va_end(ap);
	t->ana = ana_new();
	ck_assert_msg(t->ana != NULL, "ana: %s", err_last());
	o.exe = quire_exe();
	o.mode = "edit";
	t->kern = kern_new(&o);
	t->s = sched_new(t->nb, t->ana, t->kern);
	sched_set_callback(t->s, on_event, t);
	for (i = 0; i < MAXCELLS; i++) {
		buf_init(&t->out[i]);
		buf_init(&t->disp[i]);
	}
	buf_init(&t->order);
	buf_init(&t->events);
	buf_init(&t->widget);
	buf_init(&t->widget_error);
	buf_init(&t->widget_names);
	buf_init(&t->table);
	buf_init(&t->table_error);
	buf_init(&t->shown_table);
	return t;
}

static void
t_free(struct t *t)
{
	size_t i;

	sched_free(t->s);
	kern_free(t->kern);
	ana_free(t->ana);
	nb_free(t->nb);
	for (i = 0; i < MAXCELLS; i++) {
		buf_release(&t->out[i]);
		buf_release(&t->disp[i]);
	}
	buf_release(&t->order);
	buf_release(&t->events);
	buf_release(&t->widget);
	buf_release(&t->widget_error);
	buf_release(&t->widget_names);
	buf_release(&t->table);
	buf_release(&t->table_error);
	buf_release(&t->shown_table);
	free(t);
}

static void
t_wait(struct t *t)
{
	ck_assert_int_eq(sched_wait(t->s, WAIT_MS), 0);
}

static void
t_run_all(struct t *t)
{
	ck_assert_int_eq(sched_run_all(t->s), 0);
	t_wait(t);
}

static void
t_run(struct t *t, uint32_t id)
{
	ck_assert_int_eq(sched_run_cells(t->s, &id, 1), 0);
	t_wait(t);
}

static void
t_edit(struct t *t, uint32_t id, const char *src)
{
	nb_cell_set_source(nb_cell_find(t->nb, id), src, strlen(src));
}

static const struct sched_cell_info *
info(struct t *t, uint32_t id)
{
	const struct sched_cell_info *i = sched_cell_info(t->s, id);

	ck_assert_msg(i != NULL, "no info for cell %u", id);
	return i;
}

static void
expect(struct t *t, uint32_t id, enum sched_result r)
{
	const struct sched_cell_info *i = info(t, id);

	ck_assert_msg(i->result == r, "cell %u: result %d, want %d (%s)", id,
	    i->result, r, i->message);
}

static unsigned
nruns(struct t *t, uint32_t id)
{
	return info(t, id)->nruns;
}

static void
t_set_disabled(struct t *t, uint32_t id, bool d)
{
	struct nb_cell *c = nb_cell_find(t->nb, id);
	struct nb_cell_config cfg = nb_cell_config(c);

	cfg.disabled = d;
	nb_cell_set_config(c, cfg);
}

/* Order and reactivity */

START_TEST(test_sched_run_all_topological_order)
{
	struct t *t = t_new("print('c3'); z = y + 1", "print('c2'); y = x + 1",
	    "print('c1'); x = 1", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->order.ptr, "3 2 1 ");
	expect(t, 1, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_display_order_when_free)
{
	struct t *t = t_new("a = 1", "b = 2", "c = a + b", "d = 4", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->order.ptr, "1 2 3 4 ");
	t_free(t);
}
END_TEST

START_TEST(test_sched_rerun_runs_descendants)
{
	struct t *t = t_new("x = 1", "y = x + 1", "z = y + 1", "w = 7", NULL);

	t_run_all(t);
	buf_reset(&t->order);
	t_run(t, 1);
	ck_assert_str_eq(t->order.ptr, "1 2 3 ");
	ck_assert_uint_eq(nruns(t, 4), 1);
	t_free(t);
}
END_TEST

START_TEST(test_sched_run_leaf_runs_only_it)
{
	struct t *t = t_new("x = 1", "y = x + 1", "z = y + 1", NULL);

	t_run_all(t);
	buf_reset(&t->order);
	t_run(t, 3);
	ck_assert_str_eq(t->order.ptr, "3 ");
	t_free(t);
}
END_TEST

START_TEST(test_sched_stale_ancestors_run_first)
{
	struct t *t = t_new("x = 1", "y = x + 1", "print(y)", NULL);

	ck_assert_int_eq(sched_load(t->s), 0);
	ck_assert(info(t, 1)->stale);
	ck_assert(info(t, 3)->stale);
	t_run(t, 3);
	ck_assert_str_eq(t->order.ptr, "1 2 3 ");
	ck_assert_str_eq(t->out[3].ptr, "2\n");
	ck_assert(!info(t, 1)->stale);
	t_free(t);
}
END_TEST

START_TEST(test_sched_edit_registers_new_code)
{
	struct t *t = t_new("x = 1", "print(x * 10)", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[2].ptr, "10\n");
	t_edit(t, 1, "x = 5");
	t_run(t, 1);
	ck_assert_str_eq(t->out[2].ptr, "50\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_old_defs_deleted_and_lost_child_reruns)
{
	struct t *t = t_new("x = 1\ny = 2", "print(y)", "print(x)", NULL);

	t_run_all(t);
	ck_assert_uint_eq(nruns(t, 2), 1);
	t_edit(t, 1, "x = 1");
	t_run(t, 1);
	/* Cell 2 lost its parent: it reruns and fails visibly. */
	ck_assert_uint_eq(nruns(t, 2), 2);
	expect(t, 2, SCHED_EXCEPTION);
	ck_assert_str_eq(info(t, 2)->exc_type, "NameError");
	expect(t, 3, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_last_expression_output)
{
	struct t *t = t_new("x = 6", "x * 7", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->disp[2].ptr, "42");
	t_free(t);
}
END_TEST

/* Deleting cells */

START_TEST(test_sched_delete_cell_removes_names)
{
	struct t *t = t_new("x = 1", "print(x)", NULL);

	t_run_all(t);
	ck_assert_int_eq(nb_cell_remove(t->nb, 1), 0);
	ck_assert_int_eq(sched_delete_cell(t->s, 1), 0);
	t_wait(t);
	ck_assert_uint_eq(nruns(t, 2), 2);
	expect(t, 2, SCHED_EXCEPTION);
	ck_assert_str_eq(info(t, 2)->exc_type, "NameError");
	ck_assert_ptr_null(sched_cell_info(t->s, 1));
	t_free(t);
}
END_TEST

START_TEST(test_sched_delete_resolves_multiple_definition)
{
	struct t *t = t_new("x = 1", "x = 2", "print(x)", NULL);

	t_run_all(t);
	expect(t, 1, SCHED_MARIMO_ERROR);
	expect(t, 2, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(nb_cell_remove(t->nb, 2), 0);
	ck_assert_int_eq(sched_delete_cell(t->s, 2), 0);
	t_wait(t);
	expect(t, 1, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[3].ptr, "1\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_sync_notices_removed_cells)
{
	struct t *t = t_new("x = 1", "y = 2", "print(x)", NULL);

	t_run_all(t);
	ck_assert_int_eq(nb_cell_remove(t->nb, 1), 0);
	/* Any request brings the scheduler up to date. */
	t_run(t, 2);
	ck_assert_ptr_null(sched_cell_info(t->s, 1));
	expect(t, 3, SCHED_EXCEPTION);
	t_free(t);
}
END_TEST

/* Multiple definitions and cycles */

START_TEST(test_sched_multiple_definitions_block_all_at_load)
{
	struct t *t = t_new("x = 1", "x = 2", "y = 3", NULL);

	t_run_all(t);
	expect(t, 1, SCHED_MARIMO_ERROR);
	expect(t, 2, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(info(t, 1)->error, SCHED_ERR_MULTIPLE_DEFS);
	ck_assert_str_eq(info(t, 1)->message,
	    "The variable 'x' was defined by another cell");
	ck_assert_uint_eq(info(t, 1)->blamed, 2);
	ck_assert_uint_eq(nruns(t, 1), 0);
	expect(t, 3, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_multiple_definition_no_action_at_distance)
{
	struct t *t = t_new("x = 1", "print(x)", NULL);
	uint32_t id;

	t_run_all(t);
	nb_cell_insert(t->nb, 2, "x = 2", 5);
	id = nb_cell_id(nb_cell_at(t->nb, 2));
	t_run(t, id);
	expect(t, id, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(info(t, id)->error, SCHED_ERR_MULTIPLE_DEFS);
	/* The cell that was fine keeps its state and result. */
	expect(t, 1, SCHED_SUCCESS);
	ck_assert(!info(t, 1)->stale);
	ck_assert_uint_eq(nruns(t, 1), 1);
	t_free(t);
}
END_TEST

START_TEST(test_sched_valid_definer_keeps_name_in_kernel)
{
	struct t *t = t_new("x = 1", "print('x' in globals())", NULL);
	uint32_t id;

	t_run_all(t);
	nb_cell_insert(t->nb, 2, "x = 2", 5);
	id = nb_cell_id(nb_cell_at(t->nb, 2));
	t_run(t, id);
	t_run(t, 2);
	ck_assert_str_eq(t->out[2].ptr, "True\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_augmented_assignment_is_multiple_definition)
{
	struct t *t = t_new("x = 1", "x += 1", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(info(t, 2)->error, SCHED_ERR_MULTIPLE_DEFS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_cycle_blocks_cells)
{
	struct t *t = t_new("a = b + 1", "b = a + 1", "c = 1", NULL);

	t_run_all(t);
	expect(t, 1, SCHED_MARIMO_ERROR);
	expect(t, 2, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(info(t, 1)->error, SCHED_ERR_CYCLE);
	ck_assert_str_eq(info(t, 2)->message, "This cell is in a cycle");
	expect(t, 3, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_cycle_broken_by_edit_reruns_other)
{
	struct t *t = t_new("a = b + 1", "b = a + 1", NULL);

	t_run_all(t);
	t_edit(t, 2, "b = 1");
	t_run(t, 2);
	expect(t, 2, SCHED_SUCCESS);
	expect(t, 1, SCHED_SUCCESS);
	ck_assert_str_eq(t->order.ptr, "2 1 ");
	t_free(t);
}
END_TEST

START_TEST(test_sched_two_cells_deleting_name_form_cycle)
{
	struct t *t = t_new("x = 1", "del x", "print(x)", NULL);

	t_run_all(t);
	/* "del x" makes cell 2 a child of every reader of x (cell 3), and
	 * cell 3 is a child of cell 1 only, so cell 2 runs last. */
	ck_assert_str_eq(t->order.ptr, "1 3 2 ");
	ck_assert_str_eq(t->out[3].ptr, "1\n");
	t_free(t);
}
END_TEST

/* Registration errors */

START_TEST(test_sched_syntax_error_blocks_cell)
{
	struct t *t = t_new("x = (", "y = 1", NULL);

	t_run_all(t);
	expect(t, 1, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(info(t, 1)->error, SCHED_ERR_SYNTAX);
	ck_assert_ptr_nonnull(strstr(info(t, 1)->message, "SyntaxError"));
	ck_assert_uint_eq(nruns(t, 1), 0);
	expect(t, 2, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_import_star_blocks_cell)
{
	struct t *t = t_new("from os.path import *", NULL);

	t_run_all(t);
	expect(t, 1, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(info(t, 1)->error, SCHED_ERR_IMPORT_STAR);
	ck_assert_ptr_nonnull(strstr(info(t, 1)->message, "import *"));
	t_free(t);
}
END_TEST

START_TEST(test_sched_fixed_syntax_error_runs)
{
	struct t *t = t_new("x = (", "print(x)", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_EXCEPTION);
	t_edit(t, 1, "x = (1)");
	t_run(t, 1);
	expect(t, 1, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[2].ptr, "1\n");
	t_free(t);
}
END_TEST

/* Private names */

START_TEST(test_sched_private_names_do_not_conflict)
{
	struct t *t = t_new("_t = 1\na = _t", "_t = 2\nb = _t", "print(a, b)",
	    NULL);

	t_run_all(t);
	expect(t, 1, SCHED_SUCCESS);
	expect(t, 2, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[3].ptr, "1 2\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_private_names_invisible_elsewhere)
{
	struct t *t = t_new("_secret = 1", "print(_secret)", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_EXCEPTION);
	ck_assert_str_eq(info(t, 2)->message,
	    "NameError: name '_secret' is not defined");
	t_free(t);
}
END_TEST

/* Errors, mo.stop, interruption */

START_TEST(test_sched_exception_cancels_descendants)
{
	struct t *t = t_new("x = 1 / 0", "y = x + 1", "z = y + 1", "w = 2",
	    NULL);

	t_run_all(t);
	expect(t, 1, SCHED_EXCEPTION);
	ck_assert_str_eq(info(t, 1)->exc_type, "ZeroDivisionError");
	ck_assert_ptr_nonnull(strstr(info(t, 1)->traceback, "<cell-1>"));
	expect(t, 2, SCHED_CANCELLED);
	expect(t, 3, SCHED_CANCELLED);
	ck_assert_int_eq(info(t, 2)->error, SCHED_ERR_ANCESTOR_RAISED);
	ck_assert_str_eq(info(t, 3)->message,
	    "An ancestor raised an exception (ZeroDivisionError)");
	ck_assert_uint_eq(info(t, 3)->blamed, 1);
	ck_assert_uint_eq(nruns(t, 2), 0);
	expect(t, 4, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_cancelled_cell_loses_old_names)
{
	struct t *t = t_new("x = 1", "y = x + 1", "print('y' in globals())",
	    NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[3].ptr, "True\n");
	t_edit(t, 1, "x = 1 / 0");
	t_run(t, 1);
	expect(t, 2, SCHED_CANCELLED);
	t_run(t, 3);
	ck_assert_str_eq(t->out[3].ptr, "False\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_fixing_raiser_reruns_descendants)
{
	struct t *t = t_new("x = 1 / 0", "print(x + 1)", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_CANCELLED);
	t_edit(t, 1, "x = 1");
	t_run(t, 1);
	expect(t, 2, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[2].ptr, "2\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_missing_import_fails_only_its_branch)
{
	struct t *t = t_new("import no_such_module_qq", "no_such_module_qq.f()",
	    "print('independent')", NULL);

	t_run_all(t);
	expect(t, 1, SCHED_EXCEPTION);
	ck_assert_str_eq(info(t, 1)->exc_type, "ModuleNotFoundError");
	expect(t, 2, SCHED_CANCELLED);
	expect(t, 3, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[3].ptr, "independent\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_mo_stop_cancels_with_message)
{
	struct t *t = t_new("import marimo as mo", "mo.stop(True)\nx = 1",
	    "print(x)", "print('free')", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_STOPPED);
	ck_assert_str_eq(info(t, 2)->message, "");
	expect(t, 3, SCHED_CANCELLED);
	ck_assert_int_eq(info(t, 3)->error, SCHED_ERR_ANCESTOR_STOPPED);
	ck_assert_str_eq(info(t, 3)->message, "This cell wasn't run because "
	    "an ancestor was stopped with `mo.stop`");
	ck_assert_uint_eq(info(t, 3)->blamed, 2);
	expect(t, 4, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_mo_stop_false_runs_on)
{
	struct t *t = t_new("import marimo as mo", "mo.stop(False)\nx = 1",
	    "print(x)", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[3].ptr, "1\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_interrupt_marks_running_and_queued)
{
	struct t *t = t_new("import time\nx = 1\ntime.sleep(30)", "y = x",
	    "z = 3", NULL);

	ck_assert_int_eq(sched_run_all(t->s), 0);
	ck_assert_int_eq(sched_wait(t->s, 500), 1);
	ck_assert_int_eq(info(t, 1)->state, SCHED_RUNNING);
	ck_assert_int_eq(sched_interrupt(t->s), 0);
	t_wait(t);
	expect(t, 1, SCHED_INTERRUPTED);
	expect(t, 2, SCHED_INTERRUPTED);
	expect(t, 3, SCHED_INTERRUPTED);
	ck_assert_str_eq(info(t, 3)->message,
	    "This cell was interrupted and needs to be re-run");
	ck_assert(info(t, 3)->stale);
	ck_assert_uint_eq(nruns(t, 3), 0);
	ck_assert(kern_is_alive(t->kern));
	/* Running stale afterwards finishes the job. */
	t_edit(t, 1, "x = 1");
	t_run(t, 1);
	ck_assert_int_eq(sched_run_stale(t->s), 0);
	t_wait(t);
	expect(t, 3, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

/* Disabled cells */

START_TEST(test_sched_disabled_cell_and_descendants_skipped)
{
	struct t *t = t_new("x = 1", "y = x + 1", "print(y)", "print(x)", NULL);

	t_set_disabled(t, 2, true);
	t_run_all(t);
	expect(t, 1, SCHED_SUCCESS);
	expect(t, 2, SCHED_DISABLED);
	expect(t, 3, SCHED_DISABLED);
	ck_assert(info(t, 3)->disabled);
	ck_assert_str_eq(info(t, 3)->message,
	    "An ancestor of this cell is disabled");
	ck_assert(info(t, 2)->stale);
	ck_assert_uint_eq(nruns(t, 2), 0);
	ck_assert_uint_eq(nruns(t, 3), 0);
	expect(t, 4, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_disabled_defs_count_for_multidef)
{
	struct t *t = t_new("x = 1", "x = 2", NULL);

	t_set_disabled(t, 2, true);
	t_run_all(t);
	expect(t, 1, SCHED_MARIMO_ERROR);
	expect(t, 2, SCHED_MARIMO_ERROR);
	t_free(t);
}
END_TEST

START_TEST(test_sched_enabling_runs_stale_cells)
{
	struct t *t = t_new("x = 1", "y = x + 1", "print(y)", NULL);

	t_set_disabled(t, 2, true);
	t_run_all(t);
	t_set_disabled(t, 2, false);
	ck_assert_int_eq(sched_config_changed(t->s, 2), 0);
	t_wait(t);
	expect(t, 2, SCHED_SUCCESS);
	expect(t, 3, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[3].ptr, "2\n");
	ck_assert(!info(t, 3)->disabled);
	t_free(t);
}
END_TEST

/* Lazy mode */

START_TEST(test_sched_lazy_marks_descendants_stale)
{
	struct t *t = t_new("x = 1", "y = x + 1", "print(y)", NULL);

	t_run_all(t);
	sched_set_lazy(t->s, true);
	t_edit(t, 1, "x = 10");
	buf_reset(&t->order);
	t_run(t, 1);
	ck_assert_str_eq(t->order.ptr, "1 ");
	ck_assert(info(t, 2)->stale);
	ck_assert(info(t, 3)->stale);
	ck_assert(!info(t, 1)->stale);
	ck_assert_int_eq(sched_run_stale(t->s), 0);
	t_wait(t);
	ck_assert_str_eq(t->order.ptr, "1 2 3 ");
	ck_assert_str_eq(t->out[3].ptr, "11\n");
	ck_assert(!info(t, 3)->stale);
	t_free(t);
}
END_TEST

START_TEST(test_sched_lazy_runs_stale_ancestors)
{
	struct t *t = t_new("x = 1", "y = x + 1", "print(y)", NULL);

	t_run_all(t);
	sched_set_lazy(t->s, true);
	t_edit(t, 1, "x = 2");
	t_run(t, 1);
	buf_reset(&t->order);
	t_run(t, 3);
	ck_assert_str_eq(t->order.ptr, "2 3 ");
	ck_assert_str_eq(t->out[3].ptr, "3\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_run_stale_leaves_fresh_cells)
{
	struct t *t = t_new("a = 1", "b = 2", NULL);

	t_run_all(t);
	sched_set_lazy(t->s, true);
	t_edit(t, 1, "a = 3");
	t_run(t, 1);
	buf_reset(&t->order);
	ck_assert_int_eq(sched_run_stale(t->s), 0);
	t_wait(t);
	ck_assert_str_eq(t->order.ptr, "");
	t_free(t);
}
END_TEST

/* Merging requests */

START_TEST(test_sched_second_request_is_merged)
{
	struct t *t = t_new("import time\ntime.sleep(0.4)\nprint('slow')",
	    "print('other')", NULL);
	uint32_t two = 2;

	ck_assert_int_eq(sched_load(t->s), 0);
	ck_assert_int_eq(sched_run_cells(t->s, (uint32_t[]){ 1 }, 1), 0);
	ck_assert_int_eq(sched_wait(t->s, 100), 1);
	ck_assert(sched_is_busy(t->s));
	ck_assert_int_eq(sched_run_cells(t->s, &two, 1), 0);
	t_wait(t);
	ck_assert_str_eq(t->out[1].ptr, "slow\n");
	ck_assert_str_eq(t->out[2].ptr, "other\n");
	ck_assert_int_eq(t->idle, 1);
	t_free(t);
}
END_TEST

START_TEST(test_sched_rerun_of_running_cell_runs_again)
{
	struct t *t = t_new("import time\ntime.sleep(0.3)\nn = 1", "print(n)",
	    NULL);
	uint32_t one = 1;

	t_run_all(t);
	t_edit(t, 1, "import time\ntime.sleep(0.3)\nn = 2");
	ck_assert_int_eq(sched_run_cells(t->s, &one, 1), 0);
	ck_assert_int_eq(sched_wait(t->s, 100), 1);
	t_edit(t, 1, "n = 3");
	ck_assert_int_eq(sched_run_cells(t->s, &one, 1), 0);
	t_wait(t);
	ck_assert_uint_eq(nruns(t, 1), 3);
	ck_assert_str_eq(t->out[2].ptr, "3\n");
	t_free(t);
}
END_TEST

/* mo.state and changed names */

START_TEST(test_sched_state_setter_reruns_readers)
{
	struct t *t = t_new("import marimo as mo\nget_n, set_n = mo.state(0)",
	    "print('reader', get_n())", "set_n(5)\nprint('setter')", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[2].ptr, "reader 5\n");
	ck_assert_uint_eq(nruns(t, 2), 2);
	/* The setter does not rerun itself. */
	ck_assert_uint_eq(nruns(t, 3), 1);
	t_free(t);
}
END_TEST

/* A thread a cell started keeps running while the kernel waits for
 * the next request (the wait does not hold Python's lock). */
START_TEST(test_sched_threads_run_while_idle)
{
	struct t *t = t_new("import threading, time\nticks = [0]\n"
	    "def _tick():\n    for _ in range(20):\n"
	    "        ticks[0] += 1\n        time.sleep(0.01)\n"
	    "worker = threading.Thread(target=_tick, daemon=True)\n"
	    "worker.start()",
	    "print('ticks', ticks[0])", NULL);

	t_run(t, 1);
	/* Idle: nothing runs in the kernel for a second. */
	usleep(1000 * 1000);
	t_run(t, 2);
	ck_assert_str_eq(t->out[2].ptr, "ticks 20\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_state_reader_after_setter_not_rerun)
{
	/* The reader already ran after the setter in the same run. */
	struct t *t = t_new("import marimo as mo\nget_n, set_n = mo.state(0)",
	    "set_n(7)\ndone = True", "print(done, get_n())", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[3].ptr, "True 7\n");
	ck_assert_uint_eq(nruns(t, 3), 1);
	t_free(t);
}
END_TEST

START_TEST(test_sched_lazy_state_marks_stale)
{
	struct t *t = t_new("import marimo as mo\nget_n, set_n = mo.state(0)",
	    "print(get_n())", "set_n(1)", NULL);

	sched_set_lazy(t->s, true);
	t_run_all(t);
	ck_assert_uint_eq(nruns(t, 2), 1);
	ck_assert(info(t, 2)->stale);
	t_free(t);
}
END_TEST

START_TEST(test_sched_names_changed_reruns_readers_not_origin)
{
	struct t *t = t_new("w = 1", "print('r', w)", "print('o', w)", NULL);
	static const char *const names[] = { "w" };

	t_run_all(t);
	ck_assert_int_eq(sched_names_changed(t->s, names, 1, 3), 0);
	t_wait(t);
	ck_assert_uint_eq(nruns(t, 2), 2);
	ck_assert_uint_eq(nruns(t, 3), 1);
	ck_assert_uint_eq(nruns(t, 1), 1);
	t_free(t);
}
END_TEST

/* Kernel death */

START_TEST(test_sched_kernel_death_marks_cells)
{
	struct t *t = t_new("x = 1", "import os\nos._exit(3)\ny = x",
	    "print(y)", "print('free', x)", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_KILLED);
	ck_assert_int_eq(info(t, 2)->error, SCHED_ERR_KERNEL_DIED);
	ck_assert_ptr_nonnull(strstr(info(t, 2)->message,
	    "exited with status 3"));
	expect(t, 3, SCHED_CANCELLED);
	ck_assert_int_eq(info(t, 3)->error, SCHED_ERR_ANCESTOR_DIED);
	ck_assert_uint_eq(info(t, 3)->blamed, 2);
	/* Without restart-on-death the rest waits, marked. */
	expect(t, 4, SCHED_INTERRUPTED);
	ck_assert(info(t, 4)->stale);
	ck_assert(info(t, 1)->stale);
	ck_assert_ptr_nonnull(strstr(t->events.ptr, "exited with status 3"));
	ck_assert(!sched_is_busy(t->s));
	t_free(t);
}
END_TEST

/* The kernel sends DONEs in batches (the spill area, proto.h): when it
 * dies, the quick cells it finished but had not reported yet are still
 * reported as done, and the death is the killer's alone. */
START_TEST(test_sched_death_after_quick_cells_blames_the_killer)
{
	struct t *t;
	struct buf src = BUF_INIT;
	uint32_t i;

	t = t_new("q1 = 1", NULL);
	for (i = 2; i <= 60; i++) {
		buf_reset(&src);
		buf_addf(&src, "q%u = %u", i, i);
		nb_cell_insert(t->nb, i - 1, src.ptr, src.len);
	}
	/* No last expression: its compile needs no module import, which
	 * would give the kernel time to send what went before. */
	nb_cell_insert(t->nb, 60, "import os\nz = os._exit(3)", 25);
	/* All sent at once, as quire run does: the kernel never waits for
	 * more, so nothing makes it send what it finished before it dies. */
	sched_set_window(t->s, 1024);
	t_run_all(t);
	for (i = 1; i <= 60; i++)
		expect(t, i, SCHED_SUCCESS);
	expect(t, 61, SCHED_KILLED);
	ck_assert_ptr_nonnull(strstr(info(t, 61)->message,
	    "exited with status 3"));
	buf_release(&src);
	t_free(t);
}
END_TEST

/* Batching never holds a DONE back while a long cell runs after it. */
START_TEST(test_sched_done_arrives_while_next_cell_runs)
{
	struct t *t = t_new("x = 1", "import time\ntime.sleep(3)", NULL);
	int waited = 0;

	ck_assert_int_eq(sched_run_all(t->s), 0);
	while (info(t, 1)->result != SCHED_SUCCESS && waited < 2500) {
		(void)sched_wait(t->s, 20);
		waited += 20;
	}
	expect(t, 1, SCHED_SUCCESS);
	ck_assert_int_eq(info(t, 2)->state, SCHED_RUNNING);
	t_wait(t);
	expect(t, 2, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_restart_on_death_continues_independent)
{
	struct t *t = t_new("x = 1\nprint('x set')",
	    "import ctypes\nctypes.string_at(0)\ny = x", "print(y)",
	    "print('free', x)", NULL);

	sched_set_restart_on_death(t->s, true);
	t_run_all(t);
	expect(t, 2, SCHED_KILLED);
	ck_assert_ptr_nonnull(strstr(info(t, 2)->message, "signal 11"));
	expect(t, 3, SCHED_CANCELLED);
	expect(t, 4, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[4].ptr, "free 1\n");
	/* The ancestor reran in the new kernel. */
	ck_assert_uint_eq(nruns(t, 1), 2);
	ck_assert_ptr_nonnull(strstr(t->events.ptr, "restarted"));
	t_free(t);
}
END_TEST

START_TEST(test_sched_request_after_death_starts_new_kernel)
{
	struct t *t = t_new("x = 1", "import os\nos._exit(1)", "print(x + 1)",
	    NULL);
	uint32_t three = 3;

	t_run_all(t);
	ck_assert(!kern_is_alive(t->kern));
	ck_assert_int_eq(sched_run_cells(t->s, &three, 1), 0);
	t_wait(t);
	ck_assert(kern_is_alive(t->kern));
	ck_assert_str_eq(t->out[3].ptr, "2\n");
	ck_assert_uint_eq(nruns(t, 1), 2);
	t_free(t);
}
END_TEST

START_TEST(test_sched_restart_makes_everything_stale)
{
	struct t *t = t_new("x = 1", "print(x)", NULL);

	t_run_all(t);
	ck_assert_int_eq(sched_restart(t->s), 0);
	ck_assert(info(t, 1)->stale);
	ck_assert(info(t, 2)->stale);
	t_run(t, 2);
	ck_assert_str_eq(t->order.ptr, "1 2 1 2 ");
	t_free(t);
}
END_TEST

/* Setup cell */

START_TEST(test_sched_setup_cell_runs_first)
{
	struct t *t = t_new("y = base * 2", NULL);
	struct nb_cell *c;

	c = nb_cell_insert(t->nb, 0, "base = 21", 9);
	nb_cell_set_kind(c, NB_CELL_SETUP);
	nb_cell_set_name(c, "setup");
	t_run_all(t);
	ck_assert_str_eq(t->order.ptr, "2 1 ");
	expect(t, 1, SCHED_SUCCESS);
	t_free(t);
}
END_TEST

START_TEST(test_sched_setup_cell_with_refs_is_error)
{
	struct t *t = t_new("k = 1", NULL);
	struct nb_cell *c;
	uint32_t id;

	c = nb_cell_insert(t->nb, 0, "base = k", 8);
	nb_cell_set_kind(c, NB_CELL_SETUP);
	id = nb_cell_id(c);
	t_run_all(t);
	expect(t, id, SCHED_MARIMO_ERROR);
	ck_assert_int_eq(info(t, id)->error, SCHED_ERR_SETUP_REFS);
	t_free(t);
}
END_TEST

/* Sending ahead */

START_TEST(test_sched_window_sizes_agree)
{
	static const unsigned windows[] = { 1, 2, 8, 64 };
	size_t w;

	for (w = 0; w < 4; w++) {
		struct t *t = t_new("a = 1", "b = a + 1", "c = 1 / 0",
		    "d = c + b", "e = b * 2", "print(e, b)", "f = d", NULL);

		sched_set_window(t->s, windows[w]);
		t_run_all(t);
		expect(t, 2, SCHED_SUCCESS);
		expect(t, 3, SCHED_EXCEPTION);
		expect(t, 4, SCHED_CANCELLED);
		expect(t, 7, SCHED_CANCELLED);
		ck_assert_uint_eq(info(t, 7)->blamed, 3);
		ck_assert_uint_eq(nruns(t, 4), 0);
		ck_assert_uint_eq(nruns(t, 7), 0);
		ck_assert_str_eq(t->out[6].ptr, "4 2\n");
		t_free(t);
	}
}
END_TEST

START_TEST(test_sched_long_chain_runs_in_order)
{
	struct t *tp;
	struct buf src = BUF_INIT, want = BUF_INIT;
	size_t i;

	tp = t_new("v0 = 0", NULL);
	for (i = 1; i < 40; i++) {
		buf_reset(&src);
		buf_addf(&src, "v%zu = v%zu + 1", i, i - 1);
		nb_cell_insert(tp->nb, i, src.ptr, src.len);
	}
	nb_cell_insert(tp->nb, 40, "print(v39)", 10);
	t_run_all(tp);
	for (i = 1; i <= 41; i++)
		buf_addf(&want, "%zu ", i);
	ck_assert_str_eq(tp->order.ptr, want.ptr);
	ck_assert_str_eq(tp->out[41].ptr, "39\n");
	buf_release(&src);
	buf_release(&want);
	t_free(tp);
}
END_TEST


/* Widgets and tables */

/* The element id a cell printed as its first line ("ui-3"). */
static char *
printed_id(struct t *t, uint32_t cell)
{
	const char *p = t->out[cell].ptr;
	size_t n = strcspn(p, "\n");

	ck_assert_msg(strncmp(p, "ui-", 3) == 0, "cell %u printed %s", cell,
	    p);
	return strndup(p, n);
}

/* Set the element a cell printed the id of; wait for the answer and
 * the reruns. */
static void
t_set(struct t *t, uint32_t cell, const char *json)
{
	char *id = printed_id(t, cell);
	uint32_t req = 0;

	ck_assert_msg(sched_set_widget(t->s, cell, id, json, strlen(json),
	    &req) == 0, "%s", err_last());
	ck_assert_uint_ne(req, 0);
	t_wait(t);
	free(id);
}

START_TEST(test_sched_slider_reruns_readers_not_definer)
{
	struct t *t = t_new("import marimo as mo\n"
	    "s = mo.ui.slider(0, 10, label='n')\nprint(s._id)",
	    "print('got', s.value)", "print('free')", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[2].ptr, "got 0\n");
	t_set(t, 1, "7");
	ck_assert_uint_eq(t->nwidget, 1);
	ck_assert_str_eq(t->widget_error.ptr, "");
	ck_assert_str_eq(t->widget_names.ptr, "s ");
	ck_assert_ptr_nonnull(strstr(t->widget.ptr, "\"value\": 7"));
	ck_assert_uint_eq(nruns(t, 2), 2);
	ck_assert_str_eq(t->out[2].ptr, "got 7\n");
	ck_assert_uint_eq(nruns(t, 1), 1);
	ck_assert_uint_eq(nruns(t, 3), 1);
	/* The value survives a rerun of an unrelated cell. */
	t_run(t, 3);
	t_run(t, 2);
	ck_assert_str_eq(t->out[2].ptr, "got 7\n");
	/* Re-running the defining cell makes a new element. */
	t_run(t, 1);
	ck_assert_str_eq(t->out[2].ptr, "got 0\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_widget_refused_value_reruns_nothing)
{
	struct t *t = t_new("import marimo as mo\n"
	    "s = mo.ui.slider(0, 10)\nprint(s._id)",
	    "print('got', s.value)", NULL);
	uint32_t req;

	t_run_all(t);
	t_set(t, 1, "70");
	ck_assert_ptr_nonnull(strstr(t->widget_error.ptr, "outside"));
	t_set(t, 1, "\"x\"");
	ck_assert_str_ne(t->widget_error.ptr, "");
	ck_assert_int_eq(sched_set_widget(t->s, 1, "ui-99999", "1", 1, &req),
	    0);
	t_wait(t);
	ck_assert_ptr_nonnull(strstr(t->widget_error.ptr, "no element"));
	ck_assert_uint_eq(t->nwidget, 3);
	ck_assert_uint_eq(nruns(t, 2), 1);
	ck_assert_str_eq(t->out[2].ptr, "got 0\n");
	/* Requests the kernel would refuse are refused before sending. */
	ck_assert_int_eq(sched_set_widget(t->s, 1, "ui 3", "1", 1, &req), -1);
	ck_assert_int_eq(sched_set_widget(t->s, 1, "ui-3", "{", 1, &req), -1);
	t_free(t);
}
END_TEST

START_TEST(test_sched_widget_on_change_runs)
{
	struct t *t = t_new("import marimo as mo\n"
	    "log = []\n"
	    "c = mo.ui.checkbox(on_change=lambda v: (log.append(v), "
	    "print('changed', v)))\nprint(c._id)",
	    "print('c', c.value, log)", NULL);

	t_run_all(t);
	t_set(t, 1, "true");
	ck_assert_str_eq(t->out[2].ptr, "c True [True]\n");
	/* on_change printed to the console of the element's cell. */
	ck_assert_ptr_nonnull(strstr(t->out[1].ptr, "changed True\n"));
	t_free(t);
}
END_TEST

START_TEST(test_sched_form_submit_sets_value)
{
	struct t *t = t_new("import marimo as mo\n"
	    "f = mo.ui.text(label='name').form()\nprint(f._id)",
	    "print('f', f.value)", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[2].ptr, "f None\n");
	t_set(t, 1, "\"bob\"");
	ck_assert_str_eq(t->out[2].ptr, "f bob\n");
	ck_assert_ptr_nonnull(strstr(t->widget.ptr, "\"submitted\": true"));
	t_free(t);
}
END_TEST

START_TEST(test_sched_array_child_reruns_array_readers)
{
	struct t *t = t_new("import marimo as mo\n"
	    "a = mo.ui.array([mo.ui.slider(0, 5), mo.ui.text()])\n"
	    "print(a[1]._id)",
	    "print('a', a.value)", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[2].ptr, "a [0, '']\n");
	t_set(t, 1, "\"hi\"");
	ck_assert_str_eq(t->widget_names.ptr, "a ");
	ck_assert_str_eq(t->out[2].ptr, "a [0, 'hi']\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_dropdown_dict_options)
{
	struct t *t = t_new("import marimo as mo\n"
	    "d = mo.ui.dropdown({'one': 1, 'two': 2}, value='one')\n"
	    "print(d._id)",
	    "print('d', d.value, d.selected_key)", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[2].ptr, "d 1 one\n");
	t_set(t, 1, "\"two\"");
	ck_assert_str_eq(t->out[2].ptr, "d 2 two\n");
	ck_assert_ptr_nonnull(strstr(t->widget.ptr, "\"display\": \"two\""));
	t_set(t, 1, "\"three\"");
	ck_assert_str_ne(t->widget_error.ptr, "");
	ck_assert_str_eq(t->out[2].ptr, "d 2 two\n");
	t_free(t);
}
END_TEST

START_TEST(test_sched_state_setter_from_on_change)
{
	struct t *t = t_new("import marimo as mo\n"
	    "get_n, set_n = mo.state(0)",
	    "b = mo.ui.button(on_change=lambda v: set_n(lambda n: n + 1))\n"
	    "print(b._id)",
	    "print('n', get_n())", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[3].ptr, "n 0\n");
	t_set(t, 2, "1");
	ck_assert_str_eq(t->out[3].ptr, "n 1\n");
	ck_assert_uint_eq(nruns(t, 2), 1);
	t_free(t);
}
END_TEST

START_TEST(test_sched_run_button_gates_with_stop)
{
	struct t *t = t_new("import marimo as mo\n"
	    "go = mo.ui.run_button()\nprint(go._id)",
	    "mo.stop(not go.value)\nprint('ran')", "x = 1", NULL);

	t_run_all(t);
	expect(t, 2, SCHED_STOPPED);
	t_set(t, 1, "true");
	expect(t, 2, SCHED_SUCCESS);
	ck_assert_str_eq(t->out[2].ptr, "ran\n");
	/* Back to false once its readers ran: the next run stops again. */
	t_run(t, 3);
	t_run(t, 2);
	expect(t, 2, SCHED_STOPPED);
	t_free(t);
}
END_TEST

/* The JSON object the text holds; fails the test when it does not. */
static json_t *
json_of(const struct buf *b)
{
	json_error_t e;
	json_t *j = json_loadb(b->ptr, b->len, 0, &e);

	ck_assert_msg(j != NULL, "bad JSON: %s: %.200s", e.text, b->ptr);
	return j;
}

static void
skip_without_pandas(void)
{
	if (system("/usr/bin/python3 -c 'import pandas' 2>/dev/null") != 0) {
		fprintf(stderr, "pandas is missing: skipping\n");
		exit(77);
	}
}

START_TEST(test_sched_table_window_of_million_rows)
{
	struct t *t;
	struct proto_table_window q = { .limit = 10, .col_limit = 50 };
	json_t *j, *rows;
	uint32_t req;

	skip_without_pandas();
	t = t_new("import pandas as pd\n"
	    "df = pd.DataFrame({'i': range(1_000_000), "
	    "'k': [(n * 7919) % 1000 for n in range(1_000_000)]})",
	    "df", NULL);
	t_run_all(t);
	j = json_of(&t->shown_table);
	/* The first display sends at most 1,000 rows. */
	ck_assert_int_eq(json_integer_value(json_object_get(j, "nrows")),
	    1000000);
	ck_assert_uint_le(json_array_size(json_object_get(j, "rows")), 1000);
	ck_assert_ptr_nonnull(json_string_value(json_object_get(j,
	    "table_id")));
	q.table = strdup(json_string_value(json_object_get(j, "table_id")));
	json_decref(j);

	q.offset = 500000;
	ck_assert_int_eq(sched_table_window(t->s, &q, &req), 0);
	t_wait(t);
	ck_assert_uint_eq(t->ntable, 1);
	ck_assert_str_eq(t->table_error.ptr, "");
	j = json_of(&t->table);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "offset")),
	    500000);
	rows = json_object_get(j, "rows");
	ck_assert_uint_eq(json_array_size(rows), 10);
	ck_assert_int_eq(json_integer_value(json_array_get(json_array_get(
	    rows, 0), 0)), 500000);
	json_decref(j);

	/* Sorted by k, descending: the largest k first; the frame itself
	 * keeps its order. */
	q.offset = 0;
	q.sort_column = "k";
	q.descending = true;
	ck_assert_int_eq(sched_table_window(t->s, &q, &req), 0);
	t_wait(t);
	j = json_of(&t->table);
	rows = json_object_get(j, "rows");
	ck_assert_int_eq(json_integer_value(json_array_get(json_array_get(
	    rows, 0), 1)), 999);
	ck_assert_int_eq(json_integer_value(json_array_get(json_array_get(
	    rows, 9), 1)), 999);
	ck_assert_ptr_nonnull(json_object_get(j, "row_ids"));
	json_decref(j);
	q.sort_column = NULL;
	q.descending = false;
	ck_assert_int_eq(sched_table_window(t->s, &q, &req), 0);
	t_wait(t);
	j = json_of(&t->table);
	ck_assert_int_eq(json_integer_value(json_array_get(json_array_get(
	    json_object_get(j, "rows"), 0), 1)), 0);
	json_decref(j);

	/* Once its cell reruns, the old table is gone. */
	t_run(t, 2);
	free((void *)q.table);
	q.table = "tbl-1";
	ck_assert_int_eq(sched_table_window(t->s, &q, &req), 0);
	t_wait(t);
	ck_assert_ptr_nonnull(strstr(t->table_error.ptr, "gone"));
	t_free(t);
}
END_TEST

START_TEST(test_sched_table_window_sorts_records)
{
	struct t *t = t_new("rows = [{'n': 'b', 'v': 2}, {'n': 'a', 'v': 3}, "
	    "{'n': 'c'}]", "rows", "print(rows[0]['n'])", NULL);
	struct proto_table_window q = { .limit = 10, .col_limit = 50,
	    .sort_column = "v" };
	json_t *j, *rows;
	uint32_t req;

	t_run_all(t);
	j = json_of(&t->shown_table);
	q.table = strdup(json_string_value(json_object_get(j, "table_id")));
	json_decref(j);
	ck_assert_int_eq(sched_table_window(t->s, &q, &req), 0);
	t_wait(t);
	j = json_of(&t->table);
	rows = json_object_get(j, "rows");
	/* Missing values sort last. */
	ck_assert_str_eq(json_string_value(json_array_get(json_array_get(rows,
	    0), 0)), "b");
	ck_assert_str_eq(json_string_value(json_array_get(json_array_get(rows,
	    2), 0)), "c");
	json_decref(j);
	t_run(t, 3);
	ck_assert_str_eq(t->out[3].ptr, "b\n");
	free((void *)q.table);
	t_free(t);
}
END_TEST

START_TEST(test_sched_ui_table_selection)
{
	struct t *t = t_new("import marimo as mo\n"
	    "tb = mo.ui.table([{'a': 1}, {'a': 2}, {'a': 3}])\nprint(tb._id)",
	    "print('sel', tb.value)", NULL);

	t_run_all(t);
	ck_assert_str_eq(t->out[2].ptr, "sel []\n");
	t_set(t, 1, "[0, 2]");
	ck_assert_str_eq(t->out[2].ptr, "sel [{'a': 1}, {'a': 3}]\n");
	t_set(t, 1, "[7]");
	ck_assert_str_ne(t->widget_error.ptr, "");
	t_free(t);
}
END_TEST

START_TEST(test_sched_ui_table_sorted_window_keeps_selection)
{
	struct t *t = t_new("import marimo as mo\n"
	    "tb = mo.ui.table([{'a': 2}, {'a': 1}, {'a': 3}])\ntb", NULL);
	struct proto_table_window q = { .limit = 10, .col_limit = 50,
	    .sort_column = "a" };
	json_t *j, *ids;
	uint32_t req;

	t_run_all(t);
	j = json_of(&t->shown_table);
	ck_assert_ptr_nonnull(json_object_get(j, "table_id"));
	q.table = strdup(json_string_value(json_object_get(j, "table_id")));
	json_decref(j);
	ck_assert_int_eq(sched_table_window(t->s, &q, &req), 0);
	t_wait(t);
	ck_assert_str_eq(t->table_error.ptr, "");
	j = json_of(&t->table);
	/* Sorted, yet still the selectable table it was. */
	ck_assert_str_eq(json_string_value(json_object_get(j, "selection")),
	    "multi");
	ids = json_object_get(j, "row_ids");
	ck_assert_int_eq(json_integer_value(json_array_get(ids, 0)), 1);
	json_decref(j);
	free((void *)q.table);
	t_free(t);
}
END_TEST

#ifdef __SANITIZE_ADDRESS__
const char *__asan_default_options(void);

/* The analyzer's embedded CPython keeps its allocations until exit by
 * design; LeakSanitizer would report them from every test. */
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

static void
skip_without_quire(void)
{
	if (quire_exe() == NULL) {
		fprintf(stderr, "QUIRE is not set: skipping\n");
		exit(77);
	}
}

static Suite *
sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc;

	tc = tcase_create("reactive");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sched_run_all_topological_order);
	tcase_add_test(tc, test_sched_display_order_when_free);
	tcase_add_test(tc, test_sched_rerun_runs_descendants);
	tcase_add_test(tc, test_sched_run_leaf_runs_only_it);
	tcase_add_test(tc, test_sched_stale_ancestors_run_first);
	tcase_add_test(tc, test_sched_edit_registers_new_code);
	tcase_add_test(tc, test_sched_old_defs_deleted_and_lost_child_reruns);
	tcase_add_test(tc, test_sched_last_expression_output);
	tcase_add_test(tc, test_sched_delete_cell_removes_names);
	tcase_add_test(tc, test_sched_delete_resolves_multiple_definition);
	tcase_add_test(tc, test_sched_sync_notices_removed_cells);
	tcase_add_test(tc, test_sched_long_chain_runs_in_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sched_multiple_definitions_block_all_at_load);
	tcase_add_test(tc,
	    test_sched_multiple_definition_no_action_at_distance);
	tcase_add_test(tc, test_sched_valid_definer_keeps_name_in_kernel);
	tcase_add_test(tc,
	    test_sched_augmented_assignment_is_multiple_definition);
	tcase_add_test(tc, test_sched_cycle_blocks_cells);
	tcase_add_test(tc, test_sched_cycle_broken_by_edit_reruns_other);
	tcase_add_test(tc, test_sched_two_cells_deleting_name_form_cycle);
	tcase_add_test(tc, test_sched_syntax_error_blocks_cell);
	tcase_add_test(tc, test_sched_import_star_blocks_cell);
	tcase_add_test(tc, test_sched_fixed_syntax_error_runs);
	tcase_add_test(tc, test_sched_private_names_do_not_conflict);
	tcase_add_test(tc, test_sched_private_names_invisible_elsewhere);
	tcase_add_test(tc, test_sched_exception_cancels_descendants);
	tcase_add_test(tc, test_sched_cancelled_cell_loses_old_names);
	tcase_add_test(tc, test_sched_fixing_raiser_reruns_descendants);
	tcase_add_test(tc, test_sched_missing_import_fails_only_its_branch);
	tcase_add_test(tc, test_sched_mo_stop_cancels_with_message);
	tcase_add_test(tc, test_sched_mo_stop_false_runs_on);
	tcase_add_test(tc, test_sched_interrupt_marks_running_and_queued);
	tcase_add_test(tc, test_sched_window_sizes_agree);
	suite_add_tcase(s, tc);

	tc = tcase_create("modes");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sched_disabled_cell_and_descendants_skipped);
	tcase_add_test(tc, test_sched_disabled_defs_count_for_multidef);
	tcase_add_test(tc, test_sched_enabling_runs_stale_cells);
	tcase_add_test(tc, test_sched_lazy_marks_descendants_stale);
	tcase_add_test(tc, test_sched_lazy_runs_stale_ancestors);
	tcase_add_test(tc, test_sched_run_stale_leaves_fresh_cells);
	tcase_add_test(tc, test_sched_second_request_is_merged);
	tcase_add_test(tc, test_sched_rerun_of_running_cell_runs_again);
	tcase_add_test(tc, test_sched_state_setter_reruns_readers);
	tcase_add_test(tc, test_sched_threads_run_while_idle);
	tcase_add_test(tc, test_sched_state_reader_after_setter_not_rerun);
	tcase_add_test(tc, test_sched_lazy_state_marks_stale);
	tcase_add_test(tc, test_sched_names_changed_reruns_readers_not_origin);
	tcase_add_test(tc, test_sched_setup_cell_runs_first);
	tcase_add_test(tc, test_sched_setup_cell_with_refs_is_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("widgets");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sched_slider_reruns_readers_not_definer);
	tcase_add_test(tc, test_sched_widget_refused_value_reruns_nothing);
	tcase_add_test(tc, test_sched_widget_on_change_runs);
	tcase_add_test(tc, test_sched_form_submit_sets_value);
	tcase_add_test(tc, test_sched_array_child_reruns_array_readers);
	tcase_add_test(tc, test_sched_dropdown_dict_options);
	tcase_add_test(tc, test_sched_state_setter_from_on_change);
	tcase_add_test(tc, test_sched_run_button_gates_with_stop);
	tcase_add_test(tc, test_sched_table_window_of_million_rows);
	tcase_add_test(tc, test_sched_table_window_sorts_records);
	tcase_add_test(tc, test_sched_ui_table_selection);
	tcase_add_test(tc, test_sched_ui_table_sorted_window_keeps_selection);
	suite_add_tcase(s, tc);

	tc = tcase_create("death");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sched_kernel_death_marks_cells);
	tcase_add_test(tc, test_sched_death_after_quick_cells_blames_the_killer);
	tcase_add_test(tc, test_sched_done_arrives_while_next_cell_runs);
	tcase_add_test(tc, test_sched_restart_on_death_continues_independent);
	tcase_add_test(tc, test_sched_request_after_death_starts_new_kernel);
	tcase_add_test(tc, test_sched_restart_makes_everything_stale);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	skip_without_quire();
#ifdef __SANITIZE_ADDRESS__
	/* A crashing cell must die by its signal, as without ASan. */
	setenv("ASAN_OPTIONS", "handle_segv=0:detect_leaks=0", 1);
#endif
	sr = srunner_create(sched_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
