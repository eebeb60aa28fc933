/*
 * lint.c: findings for `quire check`. The rules themselves live where
 * they belong (syntax in the analyzer, multiple definitions and cycles in
 * the graph, reader violations in the notebook's diagnostics); this
 * module gathers them, puts each at a file position and words it the way
 * a person fixing the file wants to read it.
 */
#include "config.h"
#include "lint.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "deps.h"
#include "graph.h"
#include "nb.h"
#include "xmalloc.h"

struct lint {
	struct lint_finding *v;
	size_t n;
	size_t nerrors;
};

static void
lint_add(struct lint *l, size_t line, size_t col, const char *kind,
    uint32_t cell, bool warning, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void
lint_add(struct lint *l, size_t line, size_t col, const char *kind,
    uint32_t cell, bool warning, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	struct lint_finding *f;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	f = &l->v[l->n++];
	f->line = line ? line : 1;
	f->col = col ? col : 1;
	f->kind = kind;
	f->message = buf_detach(&msg, NULL);
	f->cell = cell;
	f->warning = warning;
	if (!warning)
		l->nerrors++;
}

/* "cell 3" or "cell 3 (load)": the number a person sees on screen. */
static void
lint_cell_label(struct buf *b, const struct nb *nb, uint32_t id)
{
	const struct nb_cell *c = nb_cell_find(nb, id);

	buf_addf(b, "cell %zu", nb_cell_index(nb, id) + 1);
	if (c != NULL && nb_cell_is_named(c))
		buf_addf(b, " (%s)", nb_cell_name(c));
}

static size_t
lint_cell_file_line(const struct nb *nb, uint32_t id, size_t cell_line)
{
	const struct nb_cell *c = nb_cell_find(nb, id);
	size_t first = c ? nb_cell_line(c) : 0;

	if (first == 0)
		return cell_line ? cell_line : 1;
	return first + (cell_line ? cell_line - 1 : 0);
}

/*
 * The file column of a position in a cell read from a marimo file. The
 * writer indents @app.cell, setup and unparsable bodies by four spaces
 * and leaves @app.function and @app.class_definition as they are; an
 * unparsable cell holding a triple quote is written as an escaped string,
 * where every backslash and quote before the column takes two bytes.
 * Cells that came from no file (line 0) keep their own columns.
 */
static size_t
lint_cell_file_col(const struct nb_cell *c, size_t cell_line, size_t col)
{
	const char *src, *p, *end;
	size_t len, line = 1, extra = 0, i;

	if (nb_cell_line(c) == 0 || col == 0)
		return col;
	switch (nb_cell_kind(c)) {
	case NB_CELL_FUNCTION:
	case NB_CELL_CLASS:
		return col;
	case NB_CELL_UNPARSABLE:
		src = nb_cell_source(c, &len);
		end = src + len;
		if (memmem(src, len, "\"\"\"", 3) == NULL)
			break;
		for (p = src; p < end && line < cell_line; p++)
			if (*p == '\n')
				line++;
		for (i = 0; i + 1 < col && p + i < end && p[i] != '\n'; i++)
			if (p[i] == '\\' || p[i] == '"')
				extra++;
		break;
	default:
		break;
	}
	return col + 4 + extra;
}

static void
lint_cells(struct lint *l, const struct nb *nb, struct ana *a,
    struct graph *g)
{
	struct buf label = BUF_INIT;
	size_t i, j, k, n;

	for (i = 0; i < nb_ncells(nb); i++) {
		const struct nb_cell *c = nb_cell_at(nb, i);
		uint32_t id = nb_cell_id(c);
		const struct ana_cell *r;
		const char *src;
		size_t len;

		src = nb_cell_source(c, &len);
		if ((r = ana_cell(a, src, len)) == NULL)
			continue;
		buf_reset(&label);
		lint_cell_label(&label, nb, id);
		if (!r->parses) {
			lint_add(l, lint_cell_file_line(nb, id, r->error_line),
			    lint_cell_file_col(c, r->error_line, r->error_col),
			    "syntax", id, false,
			    "syntax error in %s: %s", label.ptr,
			    r->error ? r->error : "invalid syntax");
			continue;
		}
		if (r->import_star)
			lint_add(l, lint_cell_file_line(nb, id,
			    r->import_star_line), 1, "import-star", id, false,
			    "%s: importing symbols with `import *` is not "
			    "allowed", label.ptr);
		for (j = 0; j < r->deleted_refs.n; j++) {
			const char *name = r->deleted_refs.v[j];
			const uint32_t *def = graph_definers(g, name, &n);

			for (k = 0; k < n; k++) {
				struct buf other = BUF_INIT;

				if (def[k] == id)
					continue;
				lint_cell_label(&other, nb, def[k]);
				lint_add(l, lint_cell_file_line(nb, id, 0), 1,
				    "delete", id, false,
				    "%s deletes '%s', which %s defines",
				    label.ptr, name, other.ptr);
				buf_release(&other);
			}
		}
	}
	buf_release(&label);
}

static void
lint_multidefs(struct lint *l, const struct nb *nb, struct graph *g)
{
	const struct graph_multidef *md;
	struct buf others = BUF_INIT, label = BUF_INIT;
	size_t i, j, k, n;

	md = graph_multidefs(g, &n);
	for (i = 0; i < n; i++) {
		const char *name = md[i].name;
		bool sql = strncmp(name, DEPS_SQL_PREFIX,
		    strlen(DEPS_SQL_PREFIX)) == 0;

		if (sql)
			name += strlen(DEPS_SQL_PREFIX);
		for (j = 0; j < md[i].ncells; j++) {
			buf_reset(&others);
			for (k = 0; k < md[i].ncells; k++) {
				if (k == j)
					continue;
				if (others.len)
					buf_adds(&others, ", ");
				lint_cell_label(&others, nb, md[i].cells[k]);
				buf_addf(&others, " at line %zu",
				    lint_cell_file_line(nb, md[i].cells[k], 0));
			}
			buf_reset(&label);
			lint_cell_label(&label, nb, md[i].cells[j]);
			lint_add(l, lint_cell_file_line(nb, md[i].cells[j], 0),
			    1, "multiple-defs", md[i].cells[j], false,
			    "%s: the %s '%s' is also defined by %s", label.ptr,
			    sql ? "SQL table" : "variable", name, others.ptr);
		}
	}
	buf_release(&others);
	buf_release(&label);
}

/* "cell 2 -> cell 3 (y) -> cell 2 (x)": the edges and their names. */
static void
lint_cycle_path(struct buf *b, const struct nb *nb, struct graph *g,
    const struct graph_cycle *cy)
{
	size_t i, j, nnames;

	lint_cell_label(b, nb, cy->cells[0]);
	for (i = 0; i < cy->ncells; i++) {
		uint32_t from = cy->cells[i];
		uint32_t to = cy->cells[(i + 1) % cy->ncells];
		const char *const *names;

		names = graph_edge_names(g, from, to, &nnames);
		buf_adds(b, " -> ");
		lint_cell_label(b, nb, to);
		if (nnames == 0)
			continue;
		buf_adds(b, " via ");
		for (j = 0; j < nnames; j++)
			buf_addf(b, "%s%s", j ? ", " : "", names[j]);
	}
}

static void
lint_cycles(struct lint *l, const struct nb *nb, struct graph *g)
{
	const struct graph_cycle *cy;
	struct buf path = BUF_INIT, label = BUF_INIT;
	size_t i, j, n;

	cy = graph_cycles(g, &n);
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		lint_cycle_path(&path, nb, g, &cy[i]);
		for (j = 0; j < cy[i].ncells; j++) {
			buf_reset(&label);
			lint_cell_label(&label, nb, cy[i].cells[j]);
			lint_add(l, lint_cell_file_line(nb, cy[i].cells[j], 0),
			    1, "cycle", cy[i].cells[j], false,
			    "%s is in a cycle: %s", label.ptr, path.ptr);
		}
	}
	buf_release(&path);
	buf_release(&label);
}

static void
lint_setup(struct lint *l, const struct nb *nb, struct graph *g)
{
	const struct nb_cell *setup = nb_setup_cell(nb);
	const uint32_t *parents;
	struct buf who = BUF_INIT;
	size_t i, n;

	if (setup == NULL)
		return;
	parents = graph_setup_parents(g, &n);
	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&who, ", ");
		lint_cell_label(&who, nb, parents[i]);
	}
	lint_add(l, lint_cell_file_line(nb, nb_cell_id(setup), 0), 1,
	    "setup-refs", nb_cell_id(setup), false,
	    "the setup cell cannot have references: it reads names "
	    "defined by %s", who.ptr);
	buf_release(&who);
}

static int
lint_cmp(const void *pa, const void *pb)
{
	const struct lint_finding *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->message, b->message);
}

int
lint_notebook(struct lint **out, const struct nb *nb, struct ana *a,
    struct graph *g)
{
	struct lint *l = xcalloc(1, sizeof *l);
	size_t i;

	for (i = 0; i < nb_ndiags(nb); i++) {
		const struct nb_diag *d = nb_diag_at(nb, i);

		lint_add(l, d->line, d->col, "parse", 0,
		    d->severity == NB_DIAG_WARNING, "%s", d->message);
	}
	lint_cells(l, nb, a, g);
	lint_multidefs(l, nb, g);
	lint_cycles(l, nb, g);
	lint_setup(l, nb, g);
	qsort(l->v, l->n, sizeof *l->v, lint_cmp);
	*out = l;
	return 0;
}

void
lint_free(struct lint *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].message);
	free(l->v);
	free(l);
}

size_t
lint_nfindings(const struct lint *l)
{
	return l->n;
}

const struct lint_finding *
lint_finding_at(const struct lint *l, size_t idx)
{
	return idx < l->n ? &l->v[idx] : NULL;
}

size_t
lint_nerrors(const struct lint *l)
{
	return l->nerrors;
}
