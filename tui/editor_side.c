/*
 * editor_side.c: what the side views say. Help lists the live keymap
 * (every binding of every mode, read from tui/keymap.c's tables, then
 * every command); variables lists the names cells define with who
 * defines and who reads them; graph shows the focused cell's parents and
 * children with the names on each edge. Lines are built fresh when
 * drawn; a line may name a cell that Enter goes to.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "draw.h"
#include "graph.h"
#include "keymap.h"
#include "nb.h"
#include "output.h"
#include "run.h"
#include "sanitize.h"
#include "xmalloc.h"

#include "editor_int.h"

struct editor_side_list {
	struct editor_side_line *v;
	size_t n, alloc;
};

static void
editor_side_add(struct editor_side_list *l, int role, size_t cell,
    const char *text)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 32;
		l->v = xreallocarray(l->v, l->alloc, sizeof *l->v);
	}
	l->v[l->n].text = xstrdup(text);
	l->v[l->n].role = role;
	l->v[l->n].cell = cell;
	l->n++;
}

void
editor_side_lines_free(struct editor_side_line *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

const char *
editor_side_title(struct editor *ed)
{
	switch (ed->side) {
	case EDITOR_SIDE_HELP:
		return keymap_style(ed->km) == KEYMAP_VI ? " keys (vi) " :
		    " keys (plain) ";
	case EDITOR_SIDE_VARS:
		return " variables ";
	case EDITOR_SIDE_GRAPH:
		return " dependencies ";
	case EDITOR_SIDE_INSPECT:
		return " inspect output ";
	case EDITOR_SIDE_NONE:
		break;
	}
	return "";
}

static void
editor_side_help(struct editor *ed, struct editor_side_list *l)
{
	static const char *const heads[KEYMAP_NMODES] = {
		[KEYMAP_NAV] = "Between cells",
		[KEYMAP_EDIT] = "Inside a cell",
		[KEYMAP_SIDE] = "In a side view",
	};
	const char **names;
	struct buf b = BUF_INIT;
	size_t m, i, n, ncmds;

	names = editor_cmd_names(&ncmds);
	for (m = 0; m < KEYMAP_NMODES; m++) {
		if (m > 0)
			editor_side_add(l, DRAW_TEXT, (size_t)-1, "");
		editor_side_add(l, DRAW_TITLE_FOCUS, (size_t)-1, heads[m]);
		n = keymap_nbindings(ed->km, (enum keymap_mode)m);
		for (i = 0; i < n; i++) {
			const struct keymap_binding *kb = keymap_binding(ed->km,
			    (enum keymap_mode)m, i);
			const char *help = editor_cmd_help(kb->cmd);
			size_t w;

			buf_reset(&b);
			buf_adds(&b, "  ");
			keymap_binding_name(kb, &b);
			for (w = b.len; w < 14; w++)
				buf_addc(&b, ' ');
			buf_addf(&b, " %s", help != NULL ? help : kb->cmd);
			editor_side_add(l, DRAW_TEXT, (size_t)-1, b.ptr);
		}
	}
	editor_side_add(l, DRAW_TEXT, (size_t)-1, "");
	editor_side_add(l, DRAW_TITLE_FOCUS, (size_t)-1,
	    "Commands (: then Tab completes)");
	for (i = 0; i < ncmds; i++) {
		size_t w;

		buf_reset(&b);
		buf_addf(&b, "  :%s", names[i]);
		for (w = b.len; w < 20; w++)
			buf_addc(&b, ' ');
		buf_addf(&b, " %s", editor_cmd_help(names[i]));
		editor_side_add(l, DRAW_TEXT, (size_t)-1, b.ptr);
	}
	free(names);
	buf_release(&b);
}

/* "3 name" for the cell with this id. */
static void
editor_side_cell(struct editor *ed, uint32_t id, struct buf *out)
{
	size_t idx = nb_cell_index(ed->nb, id);

	if (idx == (size_t)-1)
		buf_addf(out, "cell #%u", (unsigned)id);
	else
		editor_cell_title(ed, idx, out);
}

void
editor_side_vars_free(struct editor *ed)
{
	size_t i;

	for (i = 0; i < ed->nvars; i++) {
		free(ed->vars[i].name);
		free(ed->vars[i].type);
		free(ed->vars[i].repr);
	}
	free(ed->vars);
	ed->vars = NULL;
	ed->nvars = 0;
}

void
editor_side_vars_request(struct editor *ed)
{
	const char **names = NULL;
	size_t i, k, n = 0, alloc = 0;

	if (ed->run == NULL || run_is_busy(ed->run))
		return;
	for (i = 0; i < ed->ncells; i++) {
		struct nb_cell *c = nb_cell_at(ed->nb, i);
		const struct ana_cell *ac;
		const char *src;
		size_t len;

		src = nb_cell_source(c, &len);
		if ((ac = ana_cell(ed->ana, src, len)) == NULL)
			continue;
		for (k = 0; k < ac->defs.n; k++) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 32;
				names = xreallocarray(names, alloc,
				    sizeof *names);
			}
			names[n++] = ac->defs.v[k];
		}
	}
	if (n > 0)
		(void)run_variables(ed->run, names, n);
	free(names);
}

static char *
editor_side_clean(const char *s)
{
	struct buf b = BUF_INIT;
	char *r;

	sanitize_to_buf(&b, SANITIZE_FIELD, s, strlen(s));
	r = xstrdup(b.ptr != NULL ? b.ptr : "");
	buf_release(&b);
	return r;
}

void
editor_side_vars_store(struct editor *ed, const struct run_event *ev)
{
	size_t i;

	editor_side_vars_free(ed);
	if (ev->nvars == 0)
		return;
	ed->vars = xreallocarray(NULL, ev->nvars, sizeof *ed->vars);
	for (i = 0; i < ev->nvars; i++) {
		ed->vars[i].name = xstrdup(ev->vars[i].name);
		ed->vars[i].type = editor_side_clean(ev->vars[i].type);
		ed->vars[i].repr = editor_side_clean(ev->vars[i].repr);
	}
	ed->nvars = ev->nvars;
	ed->dirty_screen = true;
}

static const struct editor_var *
editor_side_var(struct editor *ed, const char *name)
{
	size_t i;

	for (i = 0; i < ed->nvars; i++)
		if (strcmp(ed->vars[i].name, name) == 0)
			return &ed->vars[i];
	return NULL;
}

static void
editor_side_vars(struct editor *ed, struct editor_side_list *l)
{
	struct graph *g = editor_graph(ed);
	struct buf b = BUF_INIT;
	size_t i, k, j, nch, nnames;
	const uint32_t *ch;
	const char *const *names;

	editor_side_add(l, DRAW_DIM, (size_t)-1,
	    "name type value = defined by -> read by");
	for (i = 0; i < ed->ncells; i++) {
		struct nb_cell *c = nb_cell_at(ed->nb, i);
		const struct ana_cell *ac;
		const char *src;
		size_t len;

		src = nb_cell_source(c, &len);
		if ((ac = ana_cell(ed->ana, src, len)) == NULL)
			continue;
		for (k = 0; k < ac->defs.n; k++) {
			const struct editor_var *var;
			bool any = false;

			buf_reset(&b);
			buf_adds(&b, ac->defs.v[k]);
			if ((var = editor_side_var(ed, ac->defs.v[k])) != NULL)
				buf_addf(&b, " %s %s", var->type, var->repr);
			buf_adds(&b, " = ");
			editor_cell_title(ed, i, &b);
			ch = graph_children(g, nb_cell_id(c), &nch);
			for (j = 0; j < nch; j++) {
				size_t e;

				names = graph_edge_names(g, nb_cell_id(c),
				    ch[j], &nnames);
				for (e = 0; e < nnames; e++)
					if (strcmp(names[e], ac->defs.v[k]) ==
					    0)
						break;
				if (e == nnames)
					continue;
				buf_adds(&b, any ? ", " : " -> ");
				editor_side_cell(ed, ch[j], &b);
				any = true;
				ch = graph_children(g, nb_cell_id(c), &nch);
			}
			editor_side_add(l, DRAW_TEXT, i, b.ptr);
		}
	}
	if (l->n == 1)
		editor_side_add(l, DRAW_DIM, (size_t)-1,
		    "no cell defines a name yet");
	buf_release(&b);
}

static void
editor_side_edges(struct editor *ed, struct editor_side_list *l,
    uint32_t id, bool parents)
{
	struct graph *g = editor_graph(ed);
	struct buf b = BUF_INIT;
	const uint32_t *v;
	uint32_t *copy;
	const char *const *names;
	size_t n, i, k, nn;

	v = parents ? graph_parents(g, id, &n) : graph_children(g, id, &n);
	copy = xreallocarray(NULL, n + 1, sizeof *copy);
	memcpy(copy, v, n * sizeof *copy);
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		buf_adds(&b, "  ");
		editor_side_cell(ed, copy[i], &b);
		names = parents ? graph_edge_names(g, copy[i], id, &nn) :
		    graph_edge_names(g, id, copy[i], &nn);
		for (k = 0; k < nn; k++)
			buf_addf(&b, "%s%s", k ? ", " : ": ", names[k]);
		editor_side_add(l, DRAW_TEXT, nb_cell_index(ed->nb, copy[i]),
		    b.ptr);
	}
	if (n == 0)
		editor_side_add(l, DRAW_DIM, (size_t)-1, "  none");
	free(copy);
	buf_release(&b);
}

static void
editor_side_graph(struct editor *ed, struct editor_side_list *l)
{
	struct nb_cell *c = editor_focus_nb(ed);
	struct buf b = BUF_INIT;
	uint32_t id;

	if (c == NULL)
		return;
	id = nb_cell_id(c);
	buf_adds(&b, "cell ");
	editor_cell_title(ed, ed->focus, &b);
	editor_side_add(l, DRAW_TITLE_FOCUS, ed->focus, b.ptr);
	if (graph_cell_has_error(editor_graph(ed), id))
		editor_side_add(l, DRAW_ERROR, (size_t)-1, "  in a cycle or "
		    "defines a name another cell defines (quire check)");
	editor_side_add(l, DRAW_TEXT, (size_t)-1, "");
	editor_side_add(l, DRAW_TITLE, (size_t)-1, "reads from");
	editor_side_edges(ed, l, id, true);
	editor_side_add(l, DRAW_TEXT, (size_t)-1, "");
	editor_side_add(l, DRAW_TITLE, (size_t)-1, "read by");
	editor_side_edges(ed, l, id, false);
	buf_release(&b);
}

#define EDITOR_INSPECT_ROW 8		/* bytes per hex line */
#define EDITOR_INSPECT_MAX (64u << 10)	/* bytes shown per item */

/* One item of :inspect: offsets, hex and ASCII, then the sequences the
 * sanitiser found and what it did to each (security.md 7.3). */
static void
editor_side_inspect_item(struct editor_side_list *l, struct output *out,
    size_t item)
{
	static const char *const kinds[] = {
		[OUTPUT_STDOUT] = "stdout", [OUTPUT_STDERR] = "stderr",
		[OUTPUT_VALUE] = "value", [OUTPUT_MARKDOWN] = "markdown",
		[OUTPUT_TRACEBACK] = "traceback", [OUTPUT_NOTE] = "note",
		[OUTPUT_RICH] = "rich value",
	};
	struct buf b = BUF_INIT;
	enum output_kind kind = OUTPUT_NOTE;
	const struct sanitize_seq *seqs;
	struct sanitize *san;
	const unsigned char *p;
	size_t len, shown, off, i, n;

	p = (const unsigned char *)output_item_bytes(out, item, &kind, &len);
	if (p == NULL)
		return;
	buf_addf(&b, "%s, %zu bytes", kinds[kind], len);
	editor_side_add(l, DRAW_TITLE, (size_t)-1, b.ptr);
	shown = len < EDITOR_INSPECT_MAX ? len : EDITOR_INSPECT_MAX;
	for (off = 0; off < shown; off += EDITOR_INSPECT_ROW) {
		n = shown - off < EDITOR_INSPECT_ROW ? shown - off :
		    EDITOR_INSPECT_ROW;
		buf_reset(&b);
		buf_addf(&b, "%08zx ", off);
		for (i = 0; i < EDITOR_INSPECT_ROW; i++) {
			if (i < n)
				buf_addf(&b, " %02x", p[off + i]);
			else
				buf_adds(&b, "   ");
		}
		buf_adds(&b, "  ");
		for (i = 0; i < n; i++)
			buf_addc(&b, p[off + i] >= 0x20 && p[off + i] < 0x7f ?
			    (char)p[off + i] : '.');
		editor_side_add(l, DRAW_TEXT, (size_t)-1, b.ptr);
	}
	if (shown < len) {
		buf_reset(&b);
		buf_addf(&b, "(%zu more bytes not shown)", len - shown);
		editor_side_add(l, DRAW_DIM, (size_t)-1, b.ptr);
	}
	san = output_item_inspect(out, item);
	seqs = san != NULL ? sanitize_seqs(san, &n) : NULL;
	if (seqs == NULL)
		n = 0;
	editor_side_add(l, DRAW_DIM, (size_t)-1, n == 0 ?
	    "no escape sequences" : "escape sequences:");
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		buf_addf(&b, "  %08zx ", seqs[i].off);
		/* Already printable; the sanitiser keeps it so. */
		sanitize_to_buf(&b, SANITIZE_FIELD, seqs[i].text,
		    strlen(seqs[i].text));
		buf_addf(&b, ": %s", seqs[i].fate);
		editor_side_add(l, DRAW_TEXT, (size_t)-1, b.ptr);
	}
	sanitize_free(san);
	buf_release(&b);
}

static void
editor_side_inspect(struct editor *ed, struct editor_side_list *l)
{
	struct editor_cell *ec = editor_cell_find(ed, ed->inspect_id);
	struct buf b = BUF_INIT;
	size_t idx, i, n;

	idx = nb_cell_index(ed->nb, ed->inspect_id);
	buf_adds(&b, "cell ");
	if (idx != (size_t)-1)
		editor_cell_title(ed, idx, &b);
	else
		buf_addf(&b, "#%u (deleted)", (unsigned)ed->inspect_id);
	editor_side_add(l, DRAW_TITLE_FOCUS, idx, b.ptr);
	buf_release(&b);
	n = ec != NULL ? output_nitems(ec->out) : 0;
	if (n == 0) {
		editor_side_add(l, DRAW_DIM, (size_t)-1, "no output");
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			editor_side_add(l, DRAW_TEXT, (size_t)-1, "");
		editor_side_inspect_item(l, ec->out, i);
	}
}

size_t
editor_side_lines(struct editor *ed, struct editor_side_line **out)
{
	struct editor_side_list l = { NULL, 0, 0 };

	switch (ed->side) {
	case EDITOR_SIDE_HELP:
		editor_side_help(ed, &l);
		break;
	case EDITOR_SIDE_VARS:
		editor_side_vars(ed, &l);
		break;
	case EDITOR_SIDE_GRAPH:
		editor_side_graph(ed, &l);
		break;
	case EDITOR_SIDE_INSPECT:
		editor_side_inspect(ed, &l);
		break;
	case EDITOR_SIDE_NONE:
		break;
	}
	*out = l.v;
	return l.n;
}

void
editor_side_select(struct editor *ed)
{
	struct editor_side_line *lines;
	size_t n = editor_side_lines(ed, &lines), cell = (size_t)-1;

	if (ed->side_sv.sel < n)
		cell = lines[ed->side_sv.sel].cell;
	editor_side_lines_free(lines, n);
	if (cell == (size_t)-1 || cell >= ed->ncells)
		return;
	if (ed->side != EDITOR_SIDE_HELP && ed->lay.side.x == 0)
		ed->side = EDITOR_SIDE_NONE;	/* it covered the cells */
	editor_focus_set(ed, cell);
	scrollview_reset(&ed->side_sv);
}
