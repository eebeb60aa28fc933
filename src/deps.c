/*
 * deps.c: notebook -> graph. The one place that decides which analyzer
 * names become graph names: Python defs and refs as they are, SQL
 * tables under DEPS_SQL_PREFIX so they only meet other SQL names (spec
 * notebook-format.md 5.4 and 6.1).
 */
#include "config.h"
#include "deps.h"

#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "err.h"
#include "graph.h"
#include "nb.h"
#include "xmalloc.h"

struct deps_names {
	const char **v;
	size_t n;
	char **owned;		/* prefixed SQL names we allocated */
	size_t nowned;
};

static void
deps_names_add(struct deps_names *d, const char *s)
{
	d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
	d->v[d->n++] = s;
}

static void
deps_names_add_sql(struct deps_names *d, const char *s)
{
	char *p = xasprintf("%s%s", DEPS_SQL_PREFIX, s);

	d->owned = xreallocarray(d->owned, d->nowned + 1, sizeof *d->owned);
	d->owned[d->nowned++] = p;
	deps_names_add(d, p);
}

static void
deps_names_release(struct deps_names *d)
{
	size_t i;

	for (i = 0; i < d->nowned; i++)
		free(d->owned[i]);
	free(d->owned);
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* Sync cell c, whose display position is rank. */
static int
deps_sync_ranked(struct graph *g, const struct nb_cell *c, long rank,
    struct ana *a)
{
	struct deps_names defs = { 0 }, refs = { 0 }, dels = { 0 };
	const struct ana_cell *r;
	const char *src;
	uint32_t id = nb_cell_id(c);
	size_t len, i;

	src = nb_cell_source(c, &len);
	if ((r = ana_cell(a, src, len)) == NULL)
		return -1;
	if (r->parses && !r->import_star) {
		/* defs and refs hold the SQL names too (as marimo's do); the
		 * SQL ones go in again under the prefix so they meet only
		 * SQL, while a SQL read of a dataframe still finds the
		 * Python cell that defines it. */
		for (i = 0; i < r->defs.n; i++)
			if (!ana_names_has(&r->sql_defs, r->defs.v[i]))
				deps_names_add(&defs, r->defs.v[i]);
		for (i = 0; i < r->sql_defs.n; i++)
			deps_names_add_sql(&defs, r->sql_defs.v[i]);
		for (i = 0; i < r->sql_qualified_defs.n; i++)
			if (!ana_names_has(&r->sql_defs,
			    r->sql_qualified_defs.v[i]))
				deps_names_add_sql(&defs,
				    r->sql_qualified_defs.v[i]);
		for (i = 0; i < r->refs.n; i++)
			deps_names_add(&refs, r->refs.v[i]);
		for (i = 0; i < r->sql_refs.n; i++)
			deps_names_add_sql(&refs, r->sql_refs.v[i]);
		for (i = 0; i < r->deleted_refs.n; i++)
			deps_names_add(&dels, r->deleted_refs.v[i]);
	}
	graph_cell_set(g, id, rank, defs.v, defs.n, refs.v, refs.n, dels.v,
	    dels.n);
	graph_cell_set_setup(g, id, nb_cell_kind(c) == NB_CELL_SETUP);
	deps_names_release(&defs);
	deps_names_release(&refs);
	deps_names_release(&dels);
	return 0;
}

int
deps_sync_cell(struct graph *g, const struct nb *nb, const struct nb_cell *c,
    struct ana *a)
{
	return deps_sync_ranked(g, c, (long)nb_cell_index(nb, nb_cell_id(c)),
	    a);
}

int
deps_sync(struct graph *g, const struct nb *nb, struct ana *a)
{
	const uint32_t *order;
	uint32_t *gone = NULL;
	size_t i, n, ngone = 0;

	/* Ranks from the loop index: a lookup per cell would make a large
	 * notebook quadratic. */
	for (i = 0; i < nb_ncells(nb); i++)
		if (deps_sync_ranked(g, nb_cell_at(nb, i), (long)i, a) < 0)
			return -1;
	if (graph_ncells(g) == nb_ncells(nb))
		return 0;
	/* Some graph cells are no longer in the notebook: drop them. */
	order = graph_topo_order(g, &n);
	gone = xreallocarray(NULL, n, sizeof *gone);
	for (i = 0; i < n; i++)
		if (nb_cell_find(nb, order[i]) == NULL)
			gone[ngone++] = order[i];
	for (i = 0; i < ngone; i++)
		graph_cell_remove(g, gone[i]);
	free(gone);
	return 0;
}
