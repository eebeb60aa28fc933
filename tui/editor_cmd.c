/*
 * editor_cmd.c: every action of the editor as a named command. Keys
 * (tui/keymap.c), the `:` command line and the help screen all reach
 * them through the table below, so each action exists once. Also the
 * notebook-level undo history: cell operations and committed text are
 * recorded as primitive ops (source, insert, remove, move, name, config)
 * grouped per user action, and undone by applying their inverses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "celledit.h"
#include "deps.h"
#include "draw.h"
#include "err.h"
#include "graph.h"
#include "keys.h"
#include "keymap.h"
#include "nb.h"
#include "output.h"
#include "pytok.h"
#include "run.h"
#include "text.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "outfocus.h"
#include "vcsbar.h"
#include "view_audit.h"

#define EDITOR_HISTORY_MAX 1000	/* user actions kept for undo */

enum {
	CMD_CHANGES = 0x01,	/* changes the notebook: not in view mode */
	CMD_CELL = 0x02,	/* only while editing a cell */
	CMD_ARG = 0x04		/* takes the rest of the line */
};

struct editor_cmd {
	const char *name;
	void (*fn)(struct editor *, const char *arg);
	unsigned flags;
	const char *help;
};

/* History. */

static void
editor_op_release(struct editor_op *op)
{
	free(op->old_text);
	free(op->new_text);
	free(op->name);
	output_free(op->out);
	memset(op, 0, sizeof *op);
}

void
editor_history_release(struct editor_history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		editor_op_release(&h->v[i]);
	free(h->v);
	memset(h, 0, sizeof *h);
}

static void
editor_history_add(struct editor_history *h, struct editor_op *op)
{
	if (h->n == h->alloc) {
		h->alloc = h->alloc ? h->alloc * 2 : 16;
		h->v = xreallocarray(h->v, h->alloc, sizeof *h->v);
	}
	/* The history owns op's pointers from here; the caller's copy
	 * may still be read (its id, positions) but not freed. */
	h->v[h->n++] = *op;
}

/* Drop the oldest user action when there are too many. */
static void
editor_history_trim(struct editor_history *h)
{
	size_t groups = 0, i, cut;

	for (i = 0; i < h->n; i++)
		if (h->v[i].group_end)
			groups++;
	if (groups <= EDITOR_HISTORY_MAX)
		return;
	for (cut = 0; cut < h->n && !h->v[cut].group_end; cut++)
		;
	cut++;
	for (i = 0; i < cut; i++)
		editor_op_release(&h->v[i]);
	memmove(h->v, h->v + cut, (h->n - cut) * sizeof *h->v);
	h->n -= cut;
}

void
editor_history_push(struct editor *ed, struct editor_op *op)
{
	editor_history_release(&ed->redo);
	op->group_end = false;
	editor_history_add(&ed->undo, op);
}

void
editor_history_end(struct editor *ed)
{
	if (ed->undo.n > 0)
		ed->undo.v[ed->undo.n - 1].group_end = true;
	editor_history_trim(&ed->undo);
}

/* A cell came back with a new id: ops naming the old one follow. */
static void
editor_history_remap(struct editor *ed, uint32_t from, uint32_t to)
{
	struct editor_history *hs[2] = { &ed->undo, &ed->redo };
	size_t k, i;

	for (k = 0; k < 2; k++)
		for (i = 0; i < hs[k]->n; i++)
			if (hs[k]->v[i].id == from)
				hs[k]->v[i].id = to;
}

/* Insert a cell with this content at idx; returns its new id. */
static uint32_t
editor_cell_put(struct editor *ed, size_t idx, const char *src, size_t len,
    const char *name, bool hide, bool disabled, struct output **out)
{
	struct nb_cell *c = nb_cell_insert(ed->nb, idx, src, len);
	struct nb_cell_config cfg = nb_cell_config(c);
	struct editor_cell *ec;

	if (name != NULL)
		nb_cell_set_name(c, name);
	cfg.hide_code = hide;
	cfg.disabled = disabled;
	nb_cell_set_config(c, cfg);
	editor_cells_changed(ed);
	editor_journal_insert(ed, nb_cell_id(c));
	ec = editor_cell_find(ed, nb_cell_id(c));
	if (ec != NULL) {
		ec->needs_run = true;
		if (out != NULL && *out != NULL) {
			output_free(ec->out);
			ec->out = *out;
			*out = NULL;
		}
	}
	return nb_cell_id(c);
}

/* Remove a cell, keeping what undo needs in op. */
static void
editor_cell_take(struct editor *ed, uint32_t id, struct editor_op *op)
{
	struct nb_cell *c = nb_cell_find(ed->nb, id);
	struct editor_cell *ec = editor_cell_find(ed, id);
	struct nb_cell_config cfg;
	const char *src;
	size_t len;

	if (c == NULL)
		return;
	src = nb_cell_source(c, &len);
	free(op->old_text);
	op->old_text = xstrndup(src, len);
	op->old_len = len;
	free(op->name);
	op->name = nb_cell_is_named(c) ? xstrdup(nb_cell_name(c)) : NULL;
	cfg = nb_cell_config(c);
	op->hide = cfg.hide_code;
	op->disabled = cfg.disabled;
	op->from = nb_cell_index(ed->nb, id);
	if (ec != NULL) {
		output_free(op->out);
		op->out = ec->out;
		ec->out = output_new();
	}
	if (ed->ce != NULL && ed->ce_cell == id) {
		celledit_free(ed->ce);
		ed->ce = NULL;
		ed->ce_cell = 0;
	}
	(void)run_delete_cell(ed->run, id);
	editor_journal_delete(ed, id);
	(void)nb_cell_remove(ed->nb, id);
	editor_cells_changed(ed);
}

static void
editor_set_source(struct editor *ed, uint32_t id, const char *s, size_t len)
{
	struct nb_cell *c = nb_cell_find(ed->nb, id);
	struct editor_cell *ec = editor_cell_find(ed, id);

	if (c == NULL)
		return;
	if (ed->ce != NULL && ed->ce_cell == id) {
		celledit_free(ed->ce);
		ed->ce = NULL;
		ed->ce_cell = 0;
	}
	nb_cell_set_source(c, s, len);
	editor_journal_source(ed, id);
	if (ec != NULL) {
		ec->src_seen = NULL;
		ec->code_rows_width = -1;
		ec->needs_run = true;
	}
	editor_graph_cell(ed, c);
	nb_set_dirty(ed->nb, true);
}

/* Apply op forwards (redo) or backwards (undo). */
static void
editor_op_apply(struct editor *ed, struct editor_op *op, bool undo)
{
	struct nb_cell *c;
	struct nb_cell_config cfg;
	uint32_t id;
	bool insert;

	switch (op->type) {
	case EDITOR_OP_SOURCE:
		editor_set_source(ed, op->id, undo ? op->old_text :
		    op->new_text, undo ? op->old_len : op->new_len);
		break;
	case EDITOR_OP_INSERT:
	case EDITOR_OP_REMOVE:
		insert = (op->type == EDITOR_OP_INSERT) != undo;
		if (insert) {
			id = editor_cell_put(ed, op->from, op->old_text,
			    op->old_len, op->name, op->hide, op->disabled,
			    &op->out);
			editor_history_remap(ed, op->id, id);
			op->id = id;
		} else
			editor_cell_take(ed, op->id, op);
		break;
	case EDITOR_OP_MOVE:
		(void)nb_cell_move(ed->nb, op->id, undo ? op->from : op->to);
		editor_cells_changed(ed);
		editor_journal_move(ed, op->id);
		break;
	case EDITOR_OP_NAME:
		if ((c = nb_cell_find(ed->nb, op->id)) != NULL) {
			nb_cell_set_name(c, undo ? op->old_text : op->new_text);
			editor_graph_cell(ed, c);
			nb_set_dirty(ed->nb, true);
			editor_journal_meta(ed, op->id);
		}
		break;
	case EDITOR_OP_CONFIG:
		if ((c = nb_cell_find(ed->nb, op->id)) != NULL) {
			cfg = nb_cell_config(c);
			cfg.hide_code = undo ? op->old_hide : op->new_hide;
			cfg.disabled = undo ? op->old_disabled :
			    op->new_disabled;
			nb_cell_set_config(c, cfg);
			nb_set_dirty(ed->nb, true);
			editor_journal_meta(ed, op->id);
			(void)run_config_changed(ed->run, op->id);
		}
		break;
	}
}

void
editor_history_do(struct editor *ed, struct editor_op *op)
{
	editor_op_apply(ed, op, false);
	editor_history_push(ed, op);
}

/* Move one user action from one history to the other, applying it. */
static bool
editor_history_step(struct editor *ed, bool undo)
{
	struct editor_history *from = undo ? &ed->undo : &ed->redo;
	struct editor_history *to = undo ? &ed->redo : &ed->undo;
	struct editor_op op;
	size_t start, i;
	uint32_t last = 0;

	if (from->n == 0)
		return false;
	/* The group: back to the previous group end. Both stacks keep
	 * a group's ops in the order they were first done. */
	start = from->n - 1;
	while (start > 0 && !from->v[start - 1].group_end)
		start--;
	if (undo) {
		for (i = from->n; i-- > start;)
			editor_op_apply(ed, &from->v[i], true);
	} else {
		for (i = start; i < from->n; i++)
			editor_op_apply(ed, &from->v[i], false);
	}
	for (i = start; i < from->n; i++) {
		op = from->v[i];
		last = op.id;
		editor_history_add(to, &op);
	}
	if (to->n > 0)
		to->v[to->n - 1].group_end = true;
	from->n = start;
	if (last != 0 && nb_cell_index(ed->nb, last) != (size_t)-1)
		editor_focus_set(ed, nb_cell_index(ed->nb, last));
	editor_sync_cells(ed);
	return true;
}

/* Commands. */

static void
cmd_cell_next(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->focus + 1 < ed->ncells)
		editor_focus_set(ed, ed->focus + 1);
}

static void
cmd_cell_prev(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->focus > 0)
		editor_focus_set(ed, ed->focus - 1);
}

static void
cmd_cell_first(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_focus_set(ed, 0);
}

static void
cmd_cell_last(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->ncells > 0)
		editor_focus_set(ed, ed->ncells - 1);
}

/* Scroll a page and focus the first cell whose title is in view. */
static void
editor_page(struct editor *ed, bool down)
{
	long rows = ed->lay.column.rows > 2 ? ed->lay.column.rows - 2 : 1;
	long total, y;
	size_t i;

	editor_layout_cells(ed);
	total = layout_offset(ed->lcells, ed->ncells, ed->ncells);
	ed->scroll = layout_scroll_to(ed->scroll + (down ? rows : -rows),
	    ed->scroll + (down ? rows : -rows),
	    ed->scroll + (down ? rows : -rows), ed->lay.column.rows, total);
	y = 0;
	for (i = 0; i < ed->ncells; i++) {
		if (y >= ed->scroll)
			break;
		y += layout_pane_rows(&ed->lcells[i]);
	}
	if (i >= ed->ncells)
		i = ed->ncells - 1;
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	ed->focus = i;
	ed->dirty_screen = true;
}

static void
cmd_page_down(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_page(ed, true);
}

static void
cmd_page_up(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_page(ed, false);
}

static void
cmd_edit(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_edit_begin(ed, (size_t)-1);
}

static void
cmd_leave(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_edit_end(ed, false);
}

static void
cmd_close(struct editor *ed, const char *arg)
{
	(void)arg;
	ed->side = EDITOR_SIDE_NONE;
	keymap_reset(ed->km);
	ed->dirty_screen = true;
}

static void
cmd_run(struct editor *ed, const char *arg)
{
	struct nb_cell *c = editor_focus_nb(ed);

	(void)arg;
	if (c == NULL)
		return;
	(void)editor_commit_text(ed);
	editor_run_cell(ed, nb_cell_id(c));
}

static void
cmd_run_all(struct editor *ed, const char *arg)
{
	size_t i;

	(void)arg;
	(void)editor_commit_text(ed);
	if (run_all(ed->run) < 0) {
		editor_message(ed, true, "run: %s", err_last());
		return;
	}
	for (i = 0; i < ed->ncells; i++)
		ed->cells[i]->needs_run = false;
}

static void
cmd_run_stale(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_commit_text(ed);
	if (run_stale(ed->run) < 0)
		editor_message(ed, true, "run: %s", err_last());
}

static void
cmd_interrupt(struct editor *ed, const char *arg)
{
	(void)arg;
	if (!run_is_busy(ed->run)) {
		editor_message(ed, false, "nothing is running");
		return;
	}
	if (run_interrupt(ed->run) < 0)
		editor_message(ed, true, "interrupt: %s", err_last());
	else
		editor_message(ed, false, "interrupted");
}

static void
cmd_restart(struct editor *ed, const char *arg)
{
	(void)arg;
	if (run_restart(ed->run) < 0)
		editor_message(ed, true, "restart: %s", err_last());
	else
		editor_message(ed, false, "kernel restarted: every cell is "
		    "stale (C-r runs all)");
}

static void
cmd_lazy(struct editor *ed, const char *arg)
{
	if (arg != NULL && *arg != '\0')
		ed->lazy = strcmp(arg, "on") == 0 || strcmp(arg, "yes") == 0;
	else
		ed->lazy = !ed->lazy;
	run_set_lazy(ed->run, ed->lazy);
	editor_message(ed, false, "on change: %s", ed->lazy ?
	    "mark stale (lazy)" : "run (autorun)");
}

static void
cmd_save(struct editor *ed, const char *arg)
{
	(void)editor_save(ed, arg != NULL && *arg != '\0' ? arg : ed->path,
	    false);
}

static void
cmd_save_as(struct editor *ed, const char *arg)
{
	if (arg != NULL && *arg != '\0')
		(void)editor_save(ed, arg, false);
	else
		editor_open_line(ed, EDITOR_LINE_SAVE_AS, "save as: ",
		    ed->path);
}

static void
cmd_quit(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_quit(ed, false);
}

static void
cmd_quit_force(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_quit(ed, true);
}

static void
cmd_wq(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->view_only || editor_save(ed, ed->path, false) == 0)
		editor_quit(ed, true);
}

static void
cmd_external(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_external(ed);
}

/* Add a new empty cell at idx, focus it and start editing. */
static void
editor_add(struct editor *ed, size_t idx, const char *src, size_t len,
    bool edit)
{
	struct editor_op op;

	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_INSERT;
	op.from = idx;
	op.old_text = xstrndup(src, len);
	op.old_len = len;
	op.id = editor_cell_put(ed, idx, src, len, NULL, false, false, NULL);
	if (len == 0)
		editor_cell_find(ed, op.id)->needs_run = false;
	editor_history_push(ed, &op);
	editor_history_end(ed);
	editor_focus_set(ed, nb_cell_index(ed->nb, op.id));
	if (edit)
		editor_edit_begin(ed, (size_t)-1);
}

static void
cmd_add_below(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_add(ed, ed->ncells == 0 ? 0 : ed->focus + 1, "", 0, true);
}

static void
cmd_add_above(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_add(ed, ed->focus, "", 0, true);
}

static void
cmd_delete(struct editor *ed, const char *arg)
{
	struct nb_cell *c = editor_focus_nb(ed);
	struct editor_op op;
	size_t idx = ed->focus;

	(void)arg;
	if (c == NULL)
		return;
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_REMOVE;
	op.id = nb_cell_id(c);
	editor_cell_take(ed, op.id, &op);
	editor_history_push(ed, &op);
	if (nb_ncells(ed->nb) == 0) {
		/* A notebook keeps one cell to type in. */
		memset(&op, 0, sizeof op);
		op.type = EDITOR_OP_INSERT;
		op.old_text = xstrdup("");
		op.id = editor_cell_put(ed, 0, "", 0, NULL, false, false,
		    NULL);
		editor_cell_find(ed, op.id)->needs_run = false;
		editor_history_push(ed, &op);
	}
	editor_history_end(ed);
	editor_focus_set(ed, idx < ed->ncells ? idx : ed->ncells - 1);
	editor_message(ed, false, "cell deleted (%s undoes)",
	    keymap_style(ed->km) == KEYMAP_VI ? "u" : "C-z");
}

static void
cmd_yank(struct editor *ed, const char *arg)
{
	struct nb_cell *c = editor_focus_nb(ed);
	const char *src;
	size_t len;

	(void)arg;
	if (c == NULL)
		return;
	(void)editor_commit_text(ed);
	src = nb_cell_source(c, &len);
	buf_reset(&ed->clip_cell);
	buf_add(&ed->clip_cell, src, len);
	ed->clip_has_cell = true;
	editor_message(ed, false, "cell copied");
}

static void
editor_paste_cell(struct editor *ed, bool above)
{
	if (!ed->clip_has_cell) {
		editor_message(ed, false, "no cell copied yet");
		return;
	}
	editor_add(ed, above ? ed->focus : ed->focus + 1, ed->clip_cell.ptr,
	    ed->clip_cell.len, false);
}

static void
cmd_paste(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->ce != NULL) {
		if (ed->clip.len > 0)
			celledit_paste(ed->ce, ed->clip.ptr, ed->clip.len);
		return;
	}
	editor_paste_cell(ed, false);
}

static void
cmd_paste_above(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_paste_cell(ed, true);
}

static void
editor_move(struct editor *ed, bool up)
{
	struct nb_cell *c = editor_focus_nb(ed);
	struct editor_op op;

	if (c == NULL || (up && ed->focus == 0) ||
	    (!up && ed->focus + 1 >= ed->ncells))
		return;
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_MOVE;
	op.id = nb_cell_id(c);
	op.from = ed->focus;
	op.to = up ? ed->focus - 1 : ed->focus + 1;
	(void)nb_cell_move(ed->nb, op.id, op.to);
	editor_history_push(ed, &op);
	editor_history_end(ed);
	editor_cells_changed(ed);
	editor_journal_move(ed, op.id);
	editor_focus_set(ed, op.to);
}

static void
cmd_move_up(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_move(ed, true);
}

static void
cmd_move_down(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_move(ed, false);
}

static void
cmd_split(struct editor *ed, const char *arg)
{
	struct nb_cell *c = editor_focus_nb(ed);
	struct editor_op op;
	const char *src;
	size_t len, at, tail;
	char *copy;
	uint32_t id;

	(void)arg;
	if (c == NULL)
		return;
	if (ed->ce == NULL) {
		editor_message(ed, false, "split: edit the cell and put the "
		    "cursor where it should split");
		return;
	}
	at = celledit_cursor(ed->ce);
	(void)editor_commit_text(ed);
	src = nb_cell_source(c, &len);
	copy = xstrndup(src, len);
	id = nb_cell_id(c);
	tail = at;
	if (tail < len && copy[tail] == '\n')
		tail++;
	/* The first part keeps the cell; the rest goes below. */
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_SOURCE;
	op.id = id;
	op.old_text = xstrndup(copy, len);
	op.old_len = len;
	op.new_text = xstrndup(copy, at > 0 && copy[at - 1] == '\n' ? at - 1 :
	    at);
	op.new_len = strlen(op.new_text);
	editor_set_source(ed, id, op.new_text, op.new_len);
	editor_history_push(ed, &op);
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_INSERT;
	op.from = ed->focus + 1;
	op.old_text = xstrndup(copy + tail, len - tail);
	op.old_len = len - tail;
	op.id = editor_cell_put(ed, op.from, op.old_text, op.old_len, NULL,
	    false, false, NULL);
	editor_history_push(ed, &op);
	editor_history_end(ed);
	free(copy);
	editor_focus_set(ed, op.from);
	editor_edit_begin(ed, 0);
}

static void
cmd_merge(struct editor *ed, const char *arg)
{
	struct nb_cell *a = editor_focus_nb(ed), *b;
	struct editor_op op;
	struct buf joined = BUF_INIT;
	const char *s;
	size_t len;
	uint32_t ida;

	(void)arg;
	if (a == NULL || ed->focus + 1 >= ed->ncells) {
		editor_message(ed, false, "merge: no cell below");
		return;
	}
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	b = nb_cell_at(ed->nb, ed->focus + 1);
	ida = nb_cell_id(a);
	s = nb_cell_source(a, &len);
	buf_add(&joined, s, len);
	buf_addc(&joined, '\n');
	s = nb_cell_source(b, &len);
	buf_add(&joined, s, len);
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_REMOVE;
	op.id = nb_cell_id(b);
	editor_cell_take(ed, op.id, &op);
	editor_history_push(ed, &op);
	a = nb_cell_find(ed->nb, ida);
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_SOURCE;
	op.id = ida;
	s = nb_cell_source(a, &len);
	op.old_text = xstrndup(s, len);
	op.old_len = len;
	op.new_text = xstrndup(joined.ptr, joined.len);
	op.new_len = joined.len;
	editor_set_source(ed, ida, joined.ptr, joined.len);
	editor_history_push(ed, &op);
	editor_history_end(ed);
	buf_release(&joined);
	if (!ed->lazy)
		editor_run_cell(ed, ida);
}

void
editor_rename(struct editor *ed, const char *name)
{
	struct nb_cell *c = editor_focus_nb(ed), *o;
	struct editor_op op;
	size_t i;

	if (c == NULL || ed->view_only)
		return;
	if (name[0] == '\0')
		name = "_";
	if (strcmp(name, "_") != 0 && !ana_is_identifier(ed->ana, name)) {
		editor_message(ed, true, "rename: %s is not a Python name",
		    name);
		return;
	}
	for (i = 0; i < ed->ncells && strcmp(name, "_") != 0; i++) {
		o = nb_cell_at(ed->nb, i);
		if (o != c && strcmp(nb_cell_name(o), name) == 0) {
			editor_message(ed, true, "rename: cell %zu is already "
			    "called %s", i + 1, name);
			return;
		}
	}
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_NAME;
	op.id = nb_cell_id(c);
	op.old_text = xstrdup(nb_cell_name(c));
	op.new_text = xstrdup(name);
	nb_cell_set_name(c, name);
	nb_set_dirty(ed->nb, true);
	editor_journal_meta(ed, op.id);
	editor_history_push(ed, &op);
	editor_history_end(ed);
	ed->dirty_screen = true;
}

static void
cmd_rename(struct editor *ed, const char *arg)
{
	struct nb_cell *c = editor_focus_nb(ed);

	if (arg != NULL && *arg != '\0')
		editor_rename(ed, arg);
	else if (c != NULL)
		editor_open_line(ed, EDITOR_LINE_RENAME, "rename cell: ",
		    nb_cell_is_named(c) ? nb_cell_name(c) : "");
}

static void
editor_toggle_config(struct editor *ed, bool hide)
{
	struct nb_cell *c = editor_focus_nb(ed);
	struct nb_cell_config cfg;
	struct editor_op op;

	if (c == NULL)
		return;
	if (ed->ce != NULL && !hide)
		editor_edit_end(ed, false);
	cfg = nb_cell_config(c);
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_CONFIG;
	op.id = nb_cell_id(c);
	op.old_hide = op.new_hide = cfg.hide_code;
	op.old_disabled = op.new_disabled = cfg.disabled;
	if (hide)
		op.new_hide = cfg.hide_code = !cfg.hide_code;
	else
		op.new_disabled = cfg.disabled = !cfg.disabled;
	nb_cell_set_config(c, cfg);
	nb_set_dirty(ed->nb, true);
	editor_journal_meta(ed, op.id);
	editor_history_push(ed, &op);
	editor_history_end(ed);
	if (!hide)
		(void)run_config_changed(ed->run, op.id);
	editor_message(ed, false, hide ? (cfg.hide_code ? "code hidden" :
	    "code shown") : (cfg.disabled ? "cell disabled" :
	    "cell enabled"));
	editor_cell_find(ed, op.id)->code_rows_width = -1;
}

static void
cmd_hide_code(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_toggle_config(ed, true);
}

static void
cmd_disable(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_toggle_config(ed, false);
}

static void
cmd_collapse(struct editor *ed, const char *arg)
{
	struct editor_cell *ec = editor_focus_cell(ed);

	(void)arg;
	if (ec == NULL)
		return;
	ec->out_mode = ec->out_mode == EDITOR_OUT_COLLAPSED ?
	    EDITOR_OUT_CAPPED : EDITOR_OUT_COLLAPSED;
	ec->out_scroll = 0;
}

static void
cmd_expand(struct editor *ed, const char *arg)
{
	struct editor_cell *ec = editor_focus_cell(ed);

	(void)arg;
	if (ec == NULL)
		return;
	ec->out_mode = ec->out_mode == EDITOR_OUT_EXPANDED ?
	    EDITOR_OUT_CAPPED : EDITOR_OUT_EXPANDED;
	ec->out_scroll = 0;
}

/* Scroll a capped output inside its pane by a few lines. */
static void
editor_output_scroll(struct editor *ed, bool down)
{
	struct editor_cell *ec = editor_focus_cell(ed);
	size_t n, step = EDITOR_OUT_CAP - 2;

	if (ec == NULL || output_is_empty(ec->out))
		return;
	if (ec->out_mode != EDITOR_OUT_CAPPED)
		ec->out_mode = EDITOR_OUT_CAPPED;
	n = output_nlines(ec->out);
	if (down)
		ec->out_scroll = ec->out_scroll + step < n ?
		    ec->out_scroll + step : (n > 0 ? n - 1 : 0);
	else
		ec->out_scroll = ec->out_scroll > step ?
		    ec->out_scroll - step : 0;
}

static void
cmd_output_down(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_output_scroll(ed, true);
}

static void
cmd_output_up(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_output_scroll(ed, false);
}

static void
cmd_output(struct editor *ed, const char *arg)
{
	(void)arg;
	if (outfocus_active(ed))
		outfocus_leave(ed);
	else
		(void)outfocus_enter(ed);
}

static void
cmd_undo(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->ce != NULL) {
		if (!celledit_undo(ed->ce))
			editor_message(ed, false, "nothing to undo in this "
			    "cell");
		return;
	}
	if (!editor_history_step(ed, true))
		editor_message(ed, false, "nothing to undo");
}

static void
cmd_redo(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->ce != NULL) {
		if (!celledit_redo(ed->ce))
			editor_message(ed, false, "nothing to redo in this "
			    "cell");
		return;
	}
	if (!editor_history_step(ed, false))
		editor_message(ed, false, "nothing to redo");
}

static void
editor_side_toggle(struct editor *ed, enum editor_side s)
{
	ed->side = ed->side == s ? EDITOR_SIDE_NONE : s;
	scrollview_reset(&ed->side_sv);
	ed->dirty_screen = true;
}

static void
cmd_help(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	editor_side_toggle(ed, EDITOR_SIDE_HELP);
}

static void
cmd_inspect(struct editor *ed, const char *arg)
{
	struct nb_cell *c = editor_focus_nb(ed);

	(void)arg;
	if (c == NULL) {
		editor_message(ed, true, "no cell to inspect");
		return;
	}
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	if (ed->side == EDITOR_SIDE_INSPECT &&
	    ed->inspect_id != nb_cell_id(c))
		ed->side = EDITOR_SIDE_NONE;	/* another cell: reopen */
	ed->inspect_id = nb_cell_id(c);
	editor_side_toggle(ed, EDITOR_SIDE_INSPECT);
}

static void
cmd_variables(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	editor_side_toggle(ed, EDITOR_SIDE_VARS);
	if (ed->side == EDITOR_SIDE_VARS)
		editor_side_vars_request(ed);
}

static void
cmd_graph(struct editor *ed, const char *arg)
{
	(void)arg;
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	editor_side_toggle(ed, EDITOR_SIDE_GRAPH);
}

static void
cmd_side_move(struct editor *ed, long delta)
{
	struct editor_side_line *lines;
	size_t n = editor_side_lines(ed, &lines);

	editor_side_lines_free(lines, n);
	scrollview_set_rows(&ed->side_sv, n);
	scrollview_move(&ed->side_sv, delta);
}

static void
cmd_side_up(struct editor *ed, const char *arg)
{
	(void)arg;
	cmd_side_move(ed, -1);
}

static void
cmd_side_down(struct editor *ed, const char *arg)
{
	(void)arg;
	cmd_side_move(ed, 1);
}

static void
cmd_side_page_up(struct editor *ed, const char *arg)
{
	(void)arg;
	cmd_side_move(ed, -(long)(ed->lay.side.rows > 3 ?
	    ed->lay.side.rows - 3 : 1));
}

static void
cmd_side_page_down(struct editor *ed, const char *arg)
{
	(void)arg;
	cmd_side_move(ed, ed->lay.side.rows > 3 ? ed->lay.side.rows - 3 : 1);
}

static void
cmd_side_select(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_side_select(ed);
}

/* Find needle in len bytes of hay from offset from; its offset or -1. */
static size_t
editor_find(const char *hay, size_t len, size_t from, const char *needle,
    size_t nlen)
{
	size_t i;

	if (nlen == 0 || nlen > len)
		return (size_t)-1;
	for (i = from; i + nlen <= len; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return i;
	return (size_t)-1;
}

static size_t
editor_rfind(const char *hay, size_t len, size_t before, const char *needle,
    size_t nlen)
{
	size_t i;

	if (nlen == 0 || nlen > len)
		return (size_t)-1;
	if (before > len - nlen + 1)
		before = len - nlen + 1;
	for (i = before; i-- > 0;)
		if (memcmp(hay + i, needle, nlen) == 0)
			return i;
	return (size_t)-1;
}

/* 0-based line of byte off. */
static size_t
editor_line_of(const char *s, size_t off)
{
	size_t i, line = 0;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

void
editor_search_next(struct editor *ed, bool backward)
{
	size_t n = ed->ncells, k, idx, off, len, from;
	const char *src;

	if (ed->search.len == 0 || n == 0) {
		editor_message(ed, false, "no search yet (/)");
		return;
	}
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	idx = ed->focus;
	from = ed->search_cell == idx ? ed->search_off : (size_t)-1;
	for (k = 0; k <= n; k++) {
		src = nb_cell_source(nb_cell_at(ed->nb, idx), &len);
		if (!backward) {
			off = editor_find(src, len, from == (size_t)-1 ? 0 :
			    from + 1, ed->search.ptr, ed->search.len);
		} else
			off = editor_rfind(src, len, from == (size_t)-1 ? len :
			    from, ed->search.ptr, ed->search.len);
		if (off != (size_t)-1) {
			ed->search_cell = idx;
			ed->search_off = off;
			editor_focus_set(ed, idx);
			editor_message(ed, false, "/%s: cell %zu, line %zu",
			    ed->search.ptr, idx + 1,
			    editor_line_of(src, off) + 1);
			return;
		}
		idx = backward ? (idx == 0 ? n - 1 : idx - 1) :
		    (idx + 1) % n;
		from = (size_t)-1;
	}
	editor_message(ed, true, "not found: %s", ed->search.ptr);
}

static void
cmd_search(struct editor *ed, const char *arg)
{
	if (arg != NULL && *arg != '\0') {
		buf_reset(&ed->search);
		buf_adds(&ed->search, arg);
		ed->search_cell = (size_t)-1;
		editor_search_next(ed, false);
		return;
	}
	ed->search_cell = (size_t)-1;
	editor_open_line(ed, EDITOR_LINE_SEARCH, "/", NULL);
}

static void
cmd_search_next(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_search_next(ed, false);
}

static void
cmd_search_prev(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_search_next(ed, true);
}

void
editor_goto(struct editor *ed, const char *name)
{
	size_t i;
	char *end;
	unsigned long num;

	if (name[0] == '\0')
		return;
	for (i = 0; i < ed->ncells; i++)
		if (strcmp(nb_cell_name(nb_cell_at(ed->nb, i)), name) == 0) {
			editor_focus_set(ed, i);
			return;
		}
	num = strtoul(name, &end, 10);
	if (*end == '\0' && num >= 1 && num <= ed->ncells) {
		editor_focus_set(ed, num - 1);
		return;
	}
	editor_message(ed, true, "no cell called %s", name);
}

static void
cmd_goto(struct editor *ed, const char *arg)
{
	if (arg != NULL && *arg != '\0')
		editor_goto(ed, arg);
	else
		editor_open_line(ed, EDITOR_LINE_GOTO, "go to cell: ", NULL);
}

static void
cmd_keymap(struct editor *ed, const char *arg)
{
	int style;

	if (arg == NULL || *arg == '\0')
		style = keymap_style(ed->km) == KEYMAP_VI ? KEYMAP_PLAIN :
		    KEYMAP_VI;
	else if ((style = keymap_style_parse(arg)) < 0) {
		editor_message(ed, true, "keymap: plain or vi, not %s", arg);
		return;
	}
	editor_set_keymap(ed, (enum keymap_style)style);
	editor_message(ed, false, "keymap: %s",
	    keymap_style_name((enum keymap_style)style));
}

static void
cmd_wrap(struct editor *ed, const char *arg)
{
	size_t i;

	(void)arg;
	ed->wrap = !ed->wrap;
	for (i = 0; i < ed->ncells; i++) {
		ed->cells[i]->code_rows_width = -1;
		ed->cells[i]->hscroll = 0;
	}
	editor_message(ed, false, "long lines %s", ed->wrap ? "wrap" :
	    "scroll sideways");
}

static void
cmd_redraw(struct editor *ed, const char *arg)
{
	(void)arg;
	draw_repaint(ed->draw);
}

static void
cmd_command(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_open_line(ed, EDITOR_LINE_COMMAND, ":", NULL);
}

static void
cmd_view_code(struct editor *ed, const char *arg)
{
	size_t i;

	(void)arg;
	if (!ed->view_only) {
		editor_message(ed, false, "view-code is for view mode; M-h "
		    "hides one cell's code");
		return;
	}
	ed->view_code = !ed->view_code;
	for (i = 0; i < ed->ncells; i++)
		ed->cells[i]->code_rows_width = -1;
}

/* Commands inside a cell. */

static bool
editor_move_cursor(struct editor *ed, enum celledit_move m, bool extend)
{
	return celledit_move(ed->ce, m, extend, 1);
}

static void
cmd_left(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_LEFT, false);
}

static void
cmd_right(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_RIGHT, false);
}

/* Up on the first line and down on the last go to the next cell. */
static void
cmd_up(struct editor *ed, const char *arg)
{
	(void)arg;
	if (editor_move_cursor(ed, CELLEDIT_UP, false) || ed->focus == 0)
		return;
	editor_focus_set(ed, ed->focus - 1);
	editor_edit_begin(ed, (size_t)-1);
	if (ed->ce != NULL)
		(void)celledit_move(ed->ce, CELLEDIT_HOME, false, 1);
}

static void
cmd_down(struct editor *ed, const char *arg)
{
	(void)arg;
	if (editor_move_cursor(ed, CELLEDIT_DOWN, false) ||
	    ed->focus + 1 >= ed->ncells)
		return;
	editor_focus_set(ed, ed->focus + 1);
	editor_edit_begin(ed, 0);
}

static void
cmd_home(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_HOME, false);
}

static void
cmd_end(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_END, false);
}

static void
cmd_word_left(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_WORD_LEFT, false);
}

static void
cmd_word_right(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_WORD_RIGHT, false);
}

static void
cmd_top(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_TOP, false);
}

static void
cmd_bottom(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_BOTTOM, false);
}

static void
editor_page_text(struct editor *ed, bool down)
{
	size_t rows = ed->lay.column.rows > 4 ?
	    (size_t)ed->lay.column.rows - 4 : 1;

	if (!celledit_move(ed->ce, down ? CELLEDIT_DOWN : CELLEDIT_UP, false,
	    rows))
		(void)celledit_move(ed->ce, down ? CELLEDIT_BOTTOM :
		    CELLEDIT_TOP, false, 1);
}

static void
cmd_page_up_text(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_page_text(ed, false);
}

static void
cmd_page_down_text(struct editor *ed, const char *arg)
{
	(void)arg;
	editor_page_text(ed, true);
}

static void
cmd_select_left(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_LEFT, true);
}

static void
cmd_select_right(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_RIGHT, true);
}

static void
cmd_select_up(struct editor *ed, const char *arg)
{
	(void)arg;
	if (!editor_move_cursor(ed, CELLEDIT_UP, true))
		(void)editor_move_cursor(ed, CELLEDIT_TOP, true);
}

static void
cmd_select_down(struct editor *ed, const char *arg)
{
	(void)arg;
	if (!editor_move_cursor(ed, CELLEDIT_DOWN, true))
		(void)editor_move_cursor(ed, CELLEDIT_BOTTOM, true);
}

static void
cmd_select_home(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_HOME, true);
}

static void
cmd_select_end(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_END, true);
}

static void
cmd_select_word_left(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_WORD_LEFT, true);
}

static void
cmd_select_word_right(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)editor_move_cursor(ed, CELLEDIT_WORD_RIGHT, true);
}

static void
cmd_select_all(struct editor *ed, const char *arg)
{
	(void)arg;
	celledit_select_all(ed->ce);
}

static void
cmd_newline(struct editor *ed, const char *arg)
{
	(void)arg;
	celledit_newline(ed->ce);
}

static void
cmd_backspace(struct editor *ed, const char *arg)
{
	(void)arg;
	celledit_backspace(ed->ce);
}

static void
cmd_delete_char(struct editor *ed, const char *arg)
{
	(void)arg;
	celledit_delete(ed->ce);
}

static void
cmd_tab(struct editor *ed, const char *arg)
{
	(void)arg;
	if (celledit_tab_indents(ed->ce))
		celledit_indent(ed->ce);
	else
		editor_complete(ed);
}

static void
cmd_dedent(struct editor *ed, const char *arg)
{
	(void)arg;
	celledit_dedent(ed->ce);
}

static void
cmd_copy(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)celledit_copy(ed->ce, &ed->clip);
	celledit_select_none(ed->ce);
	editor_message(ed, false, "copied %zu bytes", ed->clip.len);
}

static void
cmd_cut(struct editor *ed, const char *arg)
{
	(void)arg;
	(void)celledit_cut(ed->ce, &ed->clip);
}

/*
 * After "name(" is typed: if a cell defines name with def, show its
 * signature and the first line of its docstring in the bottom bar.
 */
void
editor_signature_hint(struct editor *ed)
{
	const char *src, *s, *p, *e, *d, *end;
	size_t len, cur, start, i, sl, depth;
	struct buf pat = BUF_INIT, hint = BUF_INIT;

	src = celledit_bytes(ed->ce, &len);
	cur = celledit_cursor(ed->ce);
	if (cur == 0 || src[cur - 1] != '(')
		return;
	start = cur - 1;
	while (start > 0 && (src[start - 1] == '_' ||
	    (src[start - 1] >= 'a' && src[start - 1] <= 'z') ||
	    (src[start - 1] >= 'A' && src[start - 1] <= 'Z') ||
	    (src[start - 1] >= '0' && src[start - 1] <= '9')))
		start--;
	if (start == cur - 1)
		return;
	buf_adds(&pat, "def ");
	buf_add(&pat, src + start, cur - start);
	for (i = 0; i < ed->ncells && hint.len == 0; i++) {
		s = nb_cell_source(nb_cell_at(ed->nb, i), &sl);
		for (p = s; (p = strstr(p, pat.ptr)) != NULL; p += pat.len) {
			if (p != s && p[-1] != '\n' && p[-1] != ' ')
				continue;
			/* To the bracket that closes the parameters. */
			depth = 1;
			for (e = p + pat.len; *e != '\0' && depth > 0; e++)
				if (*e == '(')
					depth++;
				else if (*e == ')')
					depth--;
			buf_add(&hint, p + 4, (size_t)(e - p - 4));
			while (*e != '\0' && *e != '\n')
				e++;
			while (*e == '\n' || *e == ' ')
				e++;
			if (strncmp(e, "\"\"\"", 3) == 0 ||
			    strncmp(e, "'''", 3) == 0) {
				d = end = e + 3;
				while (*end != '\0' && *end != '\n' &&
				    strncmp(end, e, 3) != 0)
					end++;
				if (end > d)
					buf_addf(&hint, "  %.*s", (int)(end - d),
					    d);
			}
			break;
		}
	}
	if (hint.len > 0)
		editor_message(ed, false, "%s", hint.ptr);
	buf_release(&pat);
	buf_release(&hint);
}

/* Completion of names: the notebook's definitions, builtins, keywords. */

static int
editor_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *const editor_words[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", "abs", "all", "any", "bool", "dict",
	"enumerate", "filter", "float", "int", "isinstance", "len", "list",
	"map", "max", "min", "print", "range", "repr", "round", "set",
	"sorted", "str", "sum", "tuple", "type", "zip", NULL
};

/*
 * Replace bytes [start, cursor) with the longest common prefix of the n
 * candidates (sorted, duplicates dropped here) and list them when there
 * are several.
 */
static void
editor_complete_apply(struct editor *ed, size_t start, char **cands,
    size_t n)
{
	struct buf list = BUF_INIT;
	size_t i, k, common, plen = celledit_cursor(ed->ce) - start;

	if (n == 0) {
		editor_message(ed, false, "no completion");
		return;
	}
	qsort(cands, n, sizeof *cands, editor_strcmp);
	for (i = k = 0; i < n; i++)
		if (k == 0 || strcmp(cands[k - 1], cands[i]) != 0)
			cands[k++] = cands[i];
	n = k;
	common = strlen(cands[0]);
	for (i = 1; i < n; i++) {
		k = 0;
		while (k < common && cands[i][k] == cands[0][k])
			k++;
		common = k;
	}
	if (common > plen || (common == plen && n == 1))
		celledit_complete(ed->ce, start, cands[0], common);
	if (n > 1) {
		for (i = 0; i < n && i < 10; i++)
			buf_addf(&list, "%s%s", i ? " " : "", cands[i]);
		if (n > 10)
			buf_addf(&list, " (+%zu)", n - 10);
		editor_message(ed, false, "%s", list.ptr);
	}
	buf_release(&list);
}

void
editor_complete_free(struct editor *ed)
{
	size_t i;

	for (i = 0; i < ed->complete_nlocal; i++)
		free(ed->complete_local[i]);
	free(ed->complete_local);
	ed->complete_local = NULL;
	ed->complete_nlocal = 0;
	ed->complete_pending = 0;
}

void
editor_complete(struct editor *ed)
{
	const char *src;
	size_t len, start, cur, plen, i, k, n = 0;
	char **cands = NULL, *prefix;

	editor_complete_free(ed);
	src = celledit_bytes(ed->ce, &len);
	cur = celledit_cursor(ed->ce);
	start = celledit_word_start(ed->ce);
	/* After a dot only the kernel knows the attributes. */
	for (i = start; i < cur; i++)
		if (src[i] == '.')
			start = i + 1;
	plen = cur - start;
	prefix = xstrndup(src + start, plen);
	for (i = 0; i < ed->ncells; i++) {
		const char *s;
		size_t sl;
		const struct ana_cell *ac;

		s = nb_cell_source(nb_cell_at(ed->nb, i), &sl);
		if ((ac = ana_cell(ed->ana, s, sl)) == NULL)
			continue;
		for (k = 0; k < ac->defs.n; k++)
			if (strncmp(ac->defs.v[k], prefix, plen) == 0) {
				cands = xreallocarray(cands, n + 1,
				    sizeof *cands);
				cands[n++] = xstrdup(ac->defs.v[k]);
			}
	}
	for (i = 0; editor_words[i] != NULL; i++)
		if (strncmp(editor_words[i], prefix, plen) == 0) {
			cands = xreallocarray(cands, n + 1, sizeof *cands);
			cands[n++] = xstrdup(editor_words[i]);
		}
	free(prefix);
	/* With an idle kernel, its namespace joins in when it answers. */
	ed->complete_seq++;
	if (run_complete(ed->run, ed->complete_seq, src, len, cur) == 0) {
		ed->complete_pending = ed->complete_seq;
		ed->complete_text_version = celledit_text_version(ed->ce);
		ed->complete_cursor = cur;
		ed->complete_start = start;
		ed->complete_local = cands;
		ed->complete_nlocal = n;
		return;
	}
	if (plen == 0 && n == 0)
		celledit_indent(ed->ce);
	else
		editor_complete_apply(ed, start, cands, n);
	for (i = 0; i < n; i++)
		free(cands[i]);
	free(cands);
}

void
editor_complete_answer(struct editor *ed, uint32_t id, size_t replace_len,
    const char *const *words, size_t nwords)
{
	size_t cur, i, n, start;
	char **cands;

	if (id == 0 || id != ed->complete_pending || ed->ce == NULL ||
	    celledit_text_version(ed->ce) != ed->complete_text_version ||
	    celledit_cursor(ed->ce) != ed->complete_cursor) {
		if (id == ed->complete_pending)
			editor_complete_free(ed);
		return;	/* the user moved on */
	}
	cur = ed->complete_cursor;
	start = replace_len <= cur ? cur - replace_len : cur;
	cands = ed->complete_local;
	n = ed->complete_nlocal;
	ed->complete_local = NULL;
	ed->complete_nlocal = 0;
	if (start != ed->complete_start) {
		/* A dotted name: the kernel's answer alone fits. */
		for (i = 0; i < n; i++)
			free(cands[i]);
		n = 0;
	}
	cands = xreallocarray(cands, n + nwords + 1, sizeof *cands);
	for (i = 0; i < nwords; i++)
		cands[n++] = xstrdup(words[i]);
	editor_complete_apply(ed, start, cands, n);
	for (i = 0; i < n; i++)
		free(cands[i]);
	free(cands);
	ed->complete_pending = 0;
	ed->dirty_screen = true;
}

static const struct editor_cmd editor_cmds[] = {
	{ "cell-next", cmd_cell_next, 0, "focus the next cell" },
	{ "cell-prev", cmd_cell_prev, 0, "focus the previous cell" },
	{ "cell-first", cmd_cell_first, 0, "focus the first cell" },
	{ "cell-last", cmd_cell_last, 0, "focus the last cell" },
	{ "page-down", cmd_page_down, 0, "scroll down a page" },
	{ "page-up", cmd_page_up, 0, "scroll up a page" },
	{ "edit-cell", cmd_edit, CMD_CHANGES, "edit the focused cell here" },
	{ "leave", cmd_leave, CMD_CELL, "leave the cell (runs it if "
	    "changed)" },
	{ "close", cmd_close, 0, "close the side view" },
	{ "run", cmd_run, 0, "run the focused cell and its dependents" },
	{ "run-all", cmd_run_all, 0, "run every cell" },
	{ "run-stale", cmd_run_stale, 0, "run the stale cells" },
	{ "interrupt", cmd_interrupt, 0, "interrupt the running cell" },
	{ "restart", cmd_restart, 0, "restart the kernel" },
	{ "lazy", cmd_lazy, CMD_ARG, "toggle lazy mode: mark dependents "
	    "stale instead of running them" },
	{ "save", cmd_save, CMD_CHANGES | CMD_ARG, "save the notebook "
	    "(or to FILE)" },
	{ "w", cmd_save, CMD_CHANGES | CMD_ARG, "save (as :save)" },
	{ "save-as", cmd_save_as, CMD_CHANGES | CMD_ARG, "save to another "
	    "file and keep editing it" },
	{ "quit", cmd_quit, 0, "quit (asks when there are unsaved "
	    "changes)" },
	{ "q", cmd_quit, 0, "quit (as :quit)" },
	{ "q!", cmd_quit_force, 0, "quit without saving" },
	{ "quit!", cmd_quit_force, 0, "quit without saving" },
	{ "wq", cmd_wq, 0, "save and quit" },
	{ "x", cmd_wq, 0, "save and quit" },
	{ "edit", cmd_external, CMD_CHANGES, "edit the cell in $VISUAL or "
	    "$EDITOR" },
	{ "add-below", cmd_add_below, CMD_CHANGES, "add a cell below" },
	{ "add-above", cmd_add_above, CMD_CHANGES, "add a cell above" },
	{ "delete", cmd_delete, CMD_CHANGES, "delete the cell (undoable)" },
	{ "yank", cmd_yank, 0, "copy the cell" },
	{ "paste", cmd_paste, CMD_CHANGES, "paste (a copied cell below, or "
	    "text in a cell)" },
	{ "paste-above", cmd_paste_above, CMD_CHANGES, "paste a copied cell "
	    "above" },
	{ "move-up", cmd_move_up, CMD_CHANGES, "move the cell up" },
	{ "move-down", cmd_move_down, CMD_CHANGES, "move the cell down" },
	{ "split", cmd_split, CMD_CHANGES, "split the cell at the cursor" },
	{ "merge", cmd_merge, CMD_CHANGES, "merge the cell with the one "
	    "below" },
	{ "rename", cmd_rename, CMD_CHANGES | CMD_ARG, "rename the cell" },
	{ "hide-code", cmd_hide_code, CMD_CHANGES, "hide or show the "
	    "cell's code" },
	{ "disable", cmd_disable, CMD_CHANGES, "disable or enable the "
	    "cell" },
	{ "collapse", cmd_collapse, 0, "collapse or show the output" },
	{ "expand", cmd_expand, 0, "show all of a long output, or cap it" },
	{ "output-down", cmd_output_down, 0, "scroll the output down" },
	{ "output-up", cmd_output_up, 0, "scroll the output up" },
	{ "output", cmd_output, 0, "keys into the output's widgets, tables "
	    "and links (Tab next, Esc back)" },
	{ "undo", cmd_undo, CMD_CHANGES, "undo" },
	{ "redo", cmd_redo, CMD_CHANGES, "redo" },
	{ "help", cmd_help, 0, "show or hide the keys" },
	{ "variables", cmd_variables, 0, "show or hide the variables" },
	{ "inspect", cmd_inspect, 0, "the focused cell's output as bytes, "
	    "with the escape sequences found" },
	{ "graph", cmd_graph, 0, "show or hide the focused cell's "
	    "dependencies" },
	{ "audit", view_audit_cmd, 0, "the audit trail (auditor's "
	    "passphrase)" },
	{ "log", vcsbar_cmd_log, 0, "the notebook's git history" },
	{ "diff", vcsbar_cmd_diff, CMD_ARG, "what changed, cell by cell: "
	    "since HEAD, since REV, or REV to REV" },
	{ "restore", vcsbar_cmd_restore, CMD_CHANGES | CMD_ARG, "the cell "
	    "as revision REV has it (undoable)" },
	{ "restore-all", vcsbar_cmd_restore_all, CMD_CHANGES | CMD_ARG,
	    "the whole notebook as revision REV has it (undoable)" },
	{ "blame", vcsbar_cmd_blame, 0, "who last changed the cell, and "
	    "when" },
	{ "search", cmd_search, CMD_ARG, "search the cells" },
	{ "search-next", cmd_search_next, 0, "next match" },
	{ "search-prev", cmd_search_prev, 0, "previous match" },
	{ "goto", cmd_goto, CMD_ARG, "go to a cell by name or number" },
	{ "keymap", cmd_keymap, CMD_ARG, "switch keymap (plain or vi)" },
	{ "wrap", cmd_wrap, 0, "wrap long lines or scroll sideways" },
	{ "redraw", cmd_redraw, 0, "redraw the screen" },
	{ "command", cmd_command, 0, "type a command" },
	{ "view-code", cmd_view_code, 0, "view mode: show the code "
	    "(read-only) or hide it" },
	{ "side-up", cmd_side_up, 0, "side view: up" },
	{ "side-down", cmd_side_down, 0, "side view: down" },
	{ "side-page-up", cmd_side_page_up, 0, "side view: page up" },
	{ "side-page-down", cmd_side_page_down, 0, "side view: page down" },
	{ "side-select", cmd_side_select, 0, "side view: go to the "
	    "selected cell" },
	{ "left", cmd_left, CMD_CELL, "cursor left" },
	{ "right", cmd_right, CMD_CELL, "cursor right" },
	{ "up", cmd_up, CMD_CELL, "cursor up (to the cell above at the "
	    "top)" },
	{ "down", cmd_down, CMD_CELL, "cursor down (to the cell below at "
	    "the bottom)" },
	{ "home", cmd_home, CMD_CELL, "start of line (indent first)" },
	{ "end", cmd_end, CMD_CELL, "end of line" },
	{ "word-left", cmd_word_left, CMD_CELL, "word left" },
	{ "word-right", cmd_word_right, CMD_CELL, "word right" },
	{ "top", cmd_top, CMD_CELL, "start of the cell" },
	{ "bottom", cmd_bottom, CMD_CELL, "end of the cell" },
	{ "page-up-text", cmd_page_up_text, CMD_CELL, "cursor up a page" },
	{ "page-down-text", cmd_page_down_text, CMD_CELL, "cursor down a "
	    "page" },
	{ "select-left", cmd_select_left, CMD_CELL, "select left" },
	{ "select-right", cmd_select_right, CMD_CELL, "select right" },
	{ "select-up", cmd_select_up, CMD_CELL, "select up" },
	{ "select-down", cmd_select_down, CMD_CELL, "select down" },
	{ "select-home", cmd_select_home, CMD_CELL, "select to line start" },
	{ "select-end", cmd_select_end, CMD_CELL, "select to line end" },
	{ "select-word-left", cmd_select_word_left, CMD_CELL, "select a "
	    "word left" },
	{ "select-word-right", cmd_select_word_right, CMD_CELL, "select a "
	    "word right" },
	{ "select-all", cmd_select_all, CMD_CELL, "select the whole cell" },
	{ "newline", cmd_newline, CMD_CELL, "new line, indented" },
	{ "backspace", cmd_backspace, CMD_CELL, "delete left (to the "
	    "indent stop in blanks)" },
	{ "delete-char", cmd_delete_char, CMD_CELL, "delete right" },
	{ "tab", cmd_tab, CMD_CELL, "indent, or complete the name" },
	{ "dedent", cmd_dedent, CMD_CELL, "dedent the line or selection" },
	{ "copy", cmd_copy, CMD_CELL, "copy the selection (or line)" },
	{ "cut", cmd_cut, CMD_CELL, "cut the selection (or line)" },
	{ NULL, NULL, 0, NULL }
};

const char **
editor_cmd_names(size_t *n)
{
	const char **names;
	size_t i;

	/* Built on each call: no mutable state outside struct editor. */
	names = xreallocarray(NULL, sizeof editor_cmds / sizeof editor_cmds[0],
	    sizeof *names);
	for (i = 0; editor_cmds[i].name != NULL; i++)
		names[i] = editor_cmds[i].name;
	names[i] = NULL;
	*n = i;
	return names;
}

const char *
editor_cmd_help(const char *name)
{
	size_t i;

	for (i = 0; editor_cmds[i].name != NULL; i++)
		if (strcmp(editor_cmds[i].name, name) == 0)
			return editor_cmds[i].help;
	return NULL;
}

int
editor_cmd_run(struct editor *ed, const char *line)
{
	struct buf name = BUF_INIT;
	const char *arg, *sp;
	size_t i;

	while (*line == ' ')
		line++;
	sp = strchr(line, ' ');
	buf_add(&name, line, sp != NULL ? (size_t)(sp - line) : strlen(line));
	arg = sp != NULL ? sp + 1 : NULL;
	while (arg != NULL && *arg == ' ')
		arg++;
	for (i = 0; editor_cmds[i].name != NULL; i++)
		if (strcmp(editor_cmds[i].name, name.ptr) == 0)
			break;
	if (editor_cmds[i].name == NULL) {
		editor_message(ed, true, "unknown command: %s (F1 lists them)",
		    name.ptr);
		buf_release(&name);
		return -1;
	}
	buf_release(&name);
	if ((editor_cmds[i].flags & CMD_CHANGES) && ed->view_only) {
		editor_message(ed, true, "view mode: %s is not available",
		    editor_cmds[i].name);
		return -1;
	}
	if ((editor_cmds[i].flags & CMD_CELL) && ed->ce == NULL)
		return 0;
	if (arg != NULL && *arg != '\0' && !(editor_cmds[i].flags & CMD_ARG)) {
		editor_message(ed, true, "%s takes no argument",
		    editor_cmds[i].name);
		return -1;
	}
	editor_cmds[i].fn(ed, arg);
	ed->dirty_screen = true;
	return 0;
}
