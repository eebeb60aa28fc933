/*
 * check_graph.c: the reactive dependency graph (src/graph.c). Each rule
 * of spec notebook-format.md 6.1 and the del rule of 5.3 has a test, each
 * query has a test, and a randomised run checks that the incremental
 * updates always agree with a naive model and with a graph built afresh.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "graph.h"
#include "xmalloc.h"

/*
 * Helpers: names are given as one space-separated string, ids likewise.
 */

struct names {
	char *copy;
	const char **v;
	size_t n;
};

static void
names_parse(struct names *nm, const char *s)
{
	char *p, *save = NULL;

	nm->copy = xstrdup(s ? s : "");
	nm->v = xcalloc(strlen(nm->copy) + 1, sizeof *nm->v);
	nm->n = 0;
	for (p = strtok_r(nm->copy, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save))
		nm->v[nm->n++] = p;
}

static void
names_release(struct names *nm)
{
	free(nm->copy);
	free(nm->v);
}

/* Set cell id with the names in defs, refs and dels ("a b c"). */
static void
set(struct graph *g, uint32_t id, long rank, const char *defs,
    const char *refs, const char *dels)
{
	struct names d, r, x;

	names_parse(&d, defs);
	names_parse(&r, refs);
	names_parse(&x, dels);
	graph_cell_set(g, id, rank, d.v, d.n, r.v, r.n, x.v, x.n);
	names_release(&d);
	names_release(&r);
	names_release(&x);
}

/* "1 2 3" for ids[0..n). */
static char *
ids_format(const uint32_t *ids, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%u", i ? " " : "", (unsigned)ids[i]);
	return buf_detach(&b, NULL);
}

#define ck_ids(ids, n, want) do {					\
	char *got_ = ids_format((ids), (n));				\
	ck_assert_msg(strcmp(got_, (want)) == 0,			\
	    "got \"%s\", want \"%s\"", got_, (want));			\
	free(got_);							\
} while (0)

static char *
strs_format(const char *const *v, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", v[i]);
	return buf_detach(&b, NULL);
}

#define ck_strs(v, n, want) do {					\
	char *got_ = strs_format((v), (n));				\
	ck_assert_msg(strcmp(got_, (want)) == 0,			\
	    "got \"%s\", want \"%s\"", got_, (want));			\
	free(got_);							\
} while (0)

#define ck_parents(g, id, want) do {					\
	size_t n_;							\
	const uint32_t *p_ = graph_parents((g), (id), &n_);		\
	ck_ids(p_, n_, (want));						\
} while (0)

#define ck_children(g, id, want) do {					\
	size_t n_;							\
	const uint32_t *p_ = graph_children((g), (id), &n_);		\
	ck_ids(p_, n_, (want));						\
} while (0)

#define ck_topo(g, want) do {						\
	size_t n_;							\
	const uint32_t *p_ = graph_topo_order((g), &n_);		\
	ck_ids(p_, n_, (want));						\
} while (0)

#define ck_descendants(g, roots, nroots, want) do {			\
	size_t n_;							\
	uint32_t *p_ = graph_descendants((g), (roots), (nroots), &n_);	\
	ck_ids(p_, n_, (want));						\
	free(p_);							\
} while (0)

#define ck_ancestors(g, id, want) do {					\
	size_t n_;							\
	uint32_t *p_ = graph_ancestors((g), (id), &n_);			\
	ck_ids(p_, n_, (want));						\
	free(p_);							\
} while (0)

#define ck_edge_names(g, a, b, want) do {				\
	size_t n_;							\
	const char *const *p_ = graph_edge_names((g), (a), (b), &n_);	\
	ck_strs(p_, n_, (want));					\
} while (0)

/*
 * Edges.
 */

START_TEST(test_graph_empty)
{
	struct graph *g = graph_new();
	uint32_t root = 1, *d;
	size_t n = 99;

	ck_assert_uint_eq(graph_ncells(g), 0);
	(void)graph_topo_order(g, &n);
	ck_assert_uint_eq(n, 0);
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 0);
	(void)graph_multidefs(g, &n);
	ck_assert_uint_eq(n, 0);
	(void)graph_setup_parents(g, &n);
	ck_assert_uint_eq(n, 0);
	d = graph_descendants(g, &root, 1, &n);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(n, 0);
	free(d);
	(void)graph_definers(g, "x", &n);
	ck_assert_uint_eq(n, 0);
	graph_free(g);
	graph_free(NULL);
}
END_TEST

START_TEST(test_graph_unknown_ids)
{
	struct graph *g = graph_new();
	uint32_t *d;
	size_t n;

	set(g, 1, 0, "a", "", "");
	ck_assert(graph_has_cell(g, 1));
	ck_assert(!graph_has_cell(g, 7));
	n = 99;
	(void)graph_parents(g, 7, &n);
	ck_assert_uint_eq(n, 0);
	n = 99;
	(void)graph_children(g, 7, &n);
	ck_assert_uint_eq(n, 0);
	n = 99;
	(void)graph_edge_names(g, 7, 1, &n);
	ck_assert_uint_eq(n, 0);
	d = graph_ancestors(g, 7, &n);
	ck_assert_uint_eq(n, 0);
	free(d);
	ck_assert(!graph_cell_has_error(g, 7));
	/* Changes to an unknown id are no-ops. */
	graph_cell_remove(g, 7);
	graph_cell_set_rank(g, 7, 3);
	graph_cell_set_setup(g, 7, true);
	ck_assert(!graph_has_cell(g, 7));
	ck_assert_uint_eq(graph_ncells(g), 1);
	(void)graph_setup_parents(g, &n);
	ck_assert_uint_eq(n, 0);
	graph_free(g);
}
END_TEST

START_TEST(test_graph_ncells_counts_cells)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 2, 1, "c", "a", "");	/* a replacement, not a new cell */
	ck_assert_uint_eq(graph_ncells(g), 2);
	graph_cell_remove(g, 1);
	ck_assert_uint_eq(graph_ncells(g), 1);
	ck_assert(!graph_has_cell(g, 1));
	graph_cell_remove(g, 1);
	ck_assert_uint_eq(graph_ncells(g), 1);
	graph_free(g);
}
END_TEST

START_TEST(test_graph_chain_edges)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "b", "");
	ck_parents(g, 1, "");
	ck_children(g, 1, "2");
	ck_parents(g, 2, "1");
	ck_children(g, 2, "3");
	ck_parents(g, 3, "2");
	ck_children(g, 3, "");
	ck_topo(g, "1 2 3");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_chain_registered_out_of_order)
{
	struct graph *g = graph_new();

	/* Readers before their definers: edges appear when definers do. */
	set(g, 3, 2, "c", "b", "");
	set(g, 2, 1, "b", "a", "");
	ck_parents(g, 2, "");
	set(g, 1, 0, "a", "", "");
	ck_parents(g, 2, "1");
	ck_parents(g, 3, "2");
	ck_topo(g, "1 2 3");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_diamond)
{
	struct graph *g = graph_new();
	uint32_t top = 1;

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "a", "");
	set(g, 4, 3, "d", "b c", "");
	ck_children(g, 1, "2 3");
	ck_parents(g, 4, "2 3");
	ck_topo(g, "1 2 3 4");
	ck_descendants(g, &top, 1, "1 2 3 4");
	ck_ancestors(g, 4, "1 2 3");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_no_self_edge)
{
	struct graph *g = graph_new();
	size_t n;

	/* y = x + 1; x = 2: the cell refs and defines x. */
	set(g, 1, 0, "y x", "x", "");
	ck_parents(g, 1, "");
	ck_children(g, 1, "");
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(!graph_cell_has_error(g, 1));
	graph_free(g);
}
END_TEST

START_TEST(test_graph_duplicate_names_one_edge)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "x x", "", "");
	set(g, 2, 1, "", "x x x", "");
	ck_parents(g, 2, "1");
	ck_edge_names(g, 1, 2, "x");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_undefined_ref_no_edge)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "a", "nowhere", "");
	set(g, 2, 1, "b", "nowhere", "");
	ck_parents(g, 1, "");
	ck_parents(g, 2, "");
	(void)graph_definers(g, "nowhere", &n);
	ck_assert_uint_eq(n, 0);
	graph_free(g);
}
END_TEST

/*
 * Multiple definitions.
 */

START_TEST(test_graph_multidef_edges_from_all_definers)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "x", "", "");
	set(g, 3, 2, "", "x", "");
	ck_parents(g, 3, "1 2");
	ck_children(g, 1, "3");
	ck_children(g, 2, "3");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_multidef_reports_all_cells)
{
	struct graph *g = graph_new();
	const struct graph_multidef *md;
	size_t n;

	/* Ranks deliberately unlike the ids: cells come sorted by rank. */
	set(g, 1, 5, "x", "", "");
	set(g, 2, 1, "x y", "", "");
	set(g, 3, 3, "x", "", "");
	set(g, 4, 4, "y", "", "");
	set(g, 5, 0, "z", "x", "");
	md = graph_multidefs(g, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(md[0].name, "x");
	ck_ids(md[0].cells, md[0].ncells, "2 3 1");
	ck_assert_str_eq(md[1].name, "y");
	ck_ids(md[1].cells, md[1].ncells, "2 4");
	ck_assert(graph_cell_has_error(g, 1));
	ck_assert(graph_cell_has_error(g, 2));
	ck_assert(graph_cell_has_error(g, 4));
	ck_assert(!graph_cell_has_error(g, 5));
	graph_free(g);
}
END_TEST

START_TEST(test_graph_multidef_resolved_by_remove)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "x", "", "");
	set(g, 3, 2, "", "x", "");
	(void)graph_multidefs(g, &n);
	ck_assert_uint_eq(n, 1);
	graph_cell_remove(g, 2);
	(void)graph_multidefs(g, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(!graph_cell_has_error(g, 1));
	ck_parents(g, 3, "1");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_multidef_resolved_by_edit)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "x", "", "");
	(void)graph_multidefs(g, &n);
	ck_assert_uint_eq(n, 1);
	set(g, 2, 1, "x2", "", "");
	(void)graph_multidefs(g, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(!graph_cell_has_error(g, 2));
	graph_free(g);
}
END_TEST

START_TEST(test_graph_definers_sorted_by_rank)
{
	struct graph *g = graph_new();
	const uint32_t *d;
	size_t n;

	set(g, 1, 9, "x", "", "");
	set(g, 2, 3, "x", "", "");
	set(g, 3, 6, "x", "", "");
	d = graph_definers(g, "x", &n);
	ck_ids(d, n, "2 3 1");
	graph_cell_set_rank(g, 1, 0);
	d = graph_definers(g, "x", &n);
	ck_ids(d, n, "1 2 3");
	graph_free(g);
}
END_TEST

/*
 * Cycles.
 */

START_TEST(test_graph_cycle_of_two)
{
	struct graph *g = graph_new();
	const struct graph_cycle *cy;
	size_t n;

	set(g, 1, 0, "a", "b", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "", "");
	cy = graph_cycles(g, &n);
	ck_assert_uint_eq(n, 1);
	ck_ids(cy[0].cells, cy[0].ncells, "1 2");
	ck_assert(graph_cell_has_error(g, 1));
	ck_assert(graph_cell_has_error(g, 2));
	ck_assert(!graph_cell_has_error(g, 3));
	graph_free(g);
}
END_TEST

START_TEST(test_graph_cycle_of_three_in_cycle_order)
{
	struct graph *g = graph_new();
	const struct graph_cycle *cy;
	size_t n;

	/*
	 * 1 reads b, 2 reads c, 3 reads a: the edges run 1 -> 3 -> 2 -> 1,
	 * so cycle order from the lowest rank is 1 3 2, not rank order.
	 */
	set(g, 1, 0, "a", "b", "");
	set(g, 2, 1, "b", "c", "");
	set(g, 3, 2, "c", "a", "");
	cy = graph_cycles(g, &n);
	ck_assert_uint_eq(n, 1);
	ck_ids(cy[0].cells, cy[0].ncells, "1 3 2");
	ck_edge_names(g, 1, 3, "a");
	ck_edge_names(g, 3, 2, "c");
	ck_edge_names(g, 2, 1, "b");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_cycle_starts_at_lowest_rank)
{
	struct graph *g = graph_new();
	const struct graph_cycle *cy;
	size_t n;

	set(g, 1, 7, "a", "b", "");
	set(g, 2, 5, "b", "c", "");
	set(g, 3, 6, "c", "a", "");
	cy = graph_cycles(g, &n);
	ck_assert_uint_eq(n, 1);
	ck_ids(cy[0].cells, cy[0].ncells, "2 1 3");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_two_cycles_listed_by_rank)
{
	struct graph *g = graph_new();
	const struct graph_cycle *cy;
	size_t n;

	set(g, 10, 4, "p", "q", "");
	set(g, 11, 5, "q", "p", "");
	set(g, 20, 1, "a", "b", "");
	set(g, 21, 2, "b", "a", "");
	set(g, 30, 3, "z", "a p", "");	/* downstream of both, on none */
	cy = graph_cycles(g, &n);
	ck_assert_uint_eq(n, 2);
	ck_ids(cy[0].cells, cy[0].ncells, "20 21");
	ck_ids(cy[1].cells, cy[1].ncells, "10 11");
	ck_assert(!graph_cell_has_error(g, 30));
	graph_free(g);
}
END_TEST

START_TEST(test_graph_remove_breaks_cycle)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "a", "c", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "b", "");
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 1);
	graph_cell_remove(g, 3);
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(!graph_cell_has_error(g, 1));
	ck_parents(g, 1, "");
	ck_children(g, 2, "");
	ck_topo(g, "1 2");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_edit_breaks_cycle)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "a", "b", "");
	set(g, 2, 1, "b", "a", "");
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 1);
	set(g, 1, 0, "a", "", "");
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 0);
	ck_topo(g, "1 2");
	graph_free(g);
}
END_TEST

/*
 * The del rule (spec 5.3): a cell with "del x" of a name it does not bind
 * is a child of every other cell that refs x.
 */

START_TEST(test_graph_del_child_of_readers)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "y", "x", "");
	set(g, 3, 2, "", "x", "x");
	ck_parents(g, 3, "1 2");
	ck_children(g, 2, "3");
	ck_edge_names(g, 2, 3, "x");
	ck_edge_names(g, 1, 3, "x");
	ck_topo(g, "1 2 3");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_del_runs_after_readers_ranked_later)
{
	struct graph *g = graph_new();

	/* The deleting cell sits above the reader; it still runs after. */
	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "", "x", "x");
	set(g, 3, 2, "y", "x", "");
	ck_topo(g, "1 3 2");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_deleted_refs_count_as_refs)
{
	struct graph *g = graph_new();

	/* Given only as a deleted ref, x is still a ref of cell 2. */
	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "", "", "x");
	ck_parents(g, 2, "1");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_del_without_definer)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "", "x", "");
	set(g, 2, 1, "", "x", "x");
	ck_parents(g, 2, "1");
	ck_parents(g, 1, "");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_two_deleters_form_cycle)
{
	struct graph *g = graph_new();
	const struct graph_cycle *cy;
	size_t n;

	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "", "x", "x");
	set(g, 3, 2, "", "x", "x");
	cy = graph_cycles(g, &n);
	ck_assert_uint_eq(n, 1);
	ck_ids(cy[0].cells, cy[0].ncells, "2 3");
	ck_edge_names(g, 2, 3, "x");
	ck_edge_names(g, 3, 2, "x");
	ck_assert(!graph_cell_has_error(g, 1));
	graph_cell_remove(g, 3);
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 0);
	graph_free(g);
}
END_TEST

START_TEST(test_graph_del_edge_follows_reader_edit)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "", "x", "x");
	set(g, 2, 1, "", "x", "");
	ck_parents(g, 1, "2");
	/* The reader stops reading x: the deleter loses that parent. */
	set(g, 2, 1, "", "w", "");
	ck_parents(g, 1, "");
	ck_children(g, 2, "");
	graph_free(g);
}
END_TEST

/*
 * Builtins.
 */

START_TEST(test_graph_builtin_without_definer_no_edge)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "print len", "");
	set(g, 2, 1, "b", "print", "");
	ck_parents(g, 1, "");
	ck_parents(g, 2, "");
	ck_children(g, 1, "");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_builtin_shadowed_makes_edges)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "print", "");
	set(g, 2, 1, "b", "print", "");
	set(g, 3, 2, "print", "", "");
	ck_children(g, 3, "1 2");
	ck_edge_names(g, 3, 1, "print");
	ck_topo(g, "3 1 2");
	graph_cell_remove(g, 3);
	ck_parents(g, 1, "");
	ck_parents(g, 2, "");
	ck_topo(g, "1 2");
	graph_free(g);
}
END_TEST

/*
 * The setup cell.
 */

START_TEST(test_graph_setup_parents_reported)
{
	struct graph *g = graph_new();
	const uint32_t *p;
	size_t n;

	set(g, 1, 0, "mo", "df", "");
	set(g, 2, 2, "df", "", "");
	set(g, 3, 1, "cfg", "", "");
	set(g, 1, 0, "mo", "df cfg", "");
	graph_cell_set_setup(g, 1, true);
	p = graph_setup_parents(g, &n);
	ck_ids(p, n, "3 2");
	ck_assert(graph_cell_has_error(g, 1));
	ck_assert(!graph_cell_has_error(g, 2));
	ck_edge_names(g, 2, 1, "df");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_setup_without_parents_is_fine)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "mo pd", "", "");
	graph_cell_set_setup(g, 1, true);
	set(g, 2, 1, "x", "mo", "");
	(void)graph_setup_parents(g, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(!graph_cell_has_error(g, 1));
	ck_children(g, 1, "2");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_setup_error_cleared)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "mo", "x", "");
	set(g, 2, 1, "x", "", "");
	graph_cell_set_setup(g, 1, true);
	(void)graph_setup_parents(g, &n);
	ck_assert_uint_eq(n, 1);
	/* Either fixing the reference or unmarking the cell clears it. */
	graph_cell_set_setup(g, 1, false);
	(void)graph_setup_parents(g, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert(!graph_cell_has_error(g, 1));
	graph_cell_set_setup(g, 1, true);
	set(g, 1, 0, "mo", "", "");
	(void)graph_setup_parents(g, &n);
	ck_assert_uint_eq(n, 0);
	graph_free(g);
}
END_TEST

/*
 * Topological order.
 */

START_TEST(test_graph_topo_rank_order_when_free)
{
	struct graph *g = graph_new();

	set(g, 1, 3, "a", "", "");
	set(g, 2, 1, "b", "", "");
	set(g, 3, 2, "c", "", "");
	set(g, 4, 0, "d", "", "");
	ck_topo(g, "4 2 3 1");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_topo_respects_edges)
{
	struct graph *g = graph_new();

	/* Cell 1 is shown first but reads what cell 3 defines. */
	set(g, 1, 0, "a", "c", "");
	set(g, 2, 1, "b", "", "");
	set(g, 3, 2, "c", "", "");
	set(g, 4, 3, "d", "", "");
	ck_topo(g, "2 3 1 4");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_topo_rank_change_reorders_ties)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "a", "");
	ck_topo(g, "1 2 3");
	graph_cell_set_rank(g, 3, -1);
	ck_topo(g, "1 3 2");
	ck_children(g, 1, "3 2");
	/* A rank cannot lift a cell above its parent. */
	graph_cell_set_rank(g, 1, 100);
	ck_topo(g, "1 3 2");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_topo_equal_ranks_by_id)
{
	struct graph *g = graph_new();

	set(g, 9, 0, "a", "", "");
	set(g, 4, 0, "b", "", "");
	set(g, 6, 0, "c", "", "");
	ck_topo(g, "4 6 9");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_topo_cycle_members_last)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "b", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "", "");
	set(g, 4, 3, "d", "c", "");
	ck_topo(g, "3 4 1 2");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_topo_setup_first)
{
	struct graph *g = graph_new();

	/* Shown last, the setup cell still runs before every other. */
	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "mo", "", "");
	graph_cell_set_setup(g, 3, true);
	ck_topo(g, "3 1 2");
	graph_cell_set_setup(g, 3, false);
	ck_topo(g, "1 2 3");
	graph_free(g);
}
END_TEST

/*
 * Reachability.
 */

START_TEST(test_graph_descendants_of_several_roots)
{
	struct graph *g = graph_new();
	uint32_t roots[] = { 5, 2, 2, 99 };

	/* 1 -> 2 -> 4, 1 -> 3, 5 -> 4, 6 alone. */
	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "a", "");
	set(g, 4, 3, "d", "b e", "");
	set(g, 5, 4, "e", "", "");
	set(g, 6, 5, "f", "", "");
	/* 4 is reached twice and listed once, after both of its parents. */
	ck_descendants(g, roots, 4, "2 5 4");
	ck_descendants(g, roots, 0, "");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_descendants_through_cycle)
{
	struct graph *g = graph_new();
	uint32_t root = 1;

	set(g, 1, 0, "x", "", "");
	set(g, 2, 1, "a", "x b", "");
	set(g, 3, 2, "b", "a", "");
	ck_descendants(g, &root, 1, "1 2 3");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_ancestors)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "", "");
	set(g, 4, 3, "d", "b c", "");
	set(g, 5, 4, "e", "d", "");
	ck_ancestors(g, 5, "1 2 3 4");
	ck_ancestors(g, 2, "1");
	ck_ancestors(g, 1, "");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_ancestors_on_cycle_exclude_self)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "b", "");
	set(g, 2, 1, "b", "a", "");
	ck_ancestors(g, 1, "2");
	graph_free(g);
}
END_TEST

/*
 * Incremental changes.
 */

START_TEST(test_graph_remove_cell_drops_edges)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "b", "");
	graph_cell_remove(g, 2);
	ck_children(g, 1, "");
	ck_parents(g, 3, "");
	(void)graph_edge_names(g, 1, 2, &n);
	ck_assert_uint_eq(n, 0);
	(void)graph_definers(g, "b", &n);
	ck_assert_uint_eq(n, 0);
	/* Back again under the same id. */
	set(g, 2, 1, "b", "a", "");
	ck_parents(g, 3, "2");
	ck_children(g, 1, "2");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_replace_names_drops_old_edges)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "", "");
	set(g, 3, 2, "c", "a", "");
	set(g, 4, 3, "", "c", "");
	ck_parents(g, 3, "1");
	set(g, 3, 2, "z", "b", "");
	ck_parents(g, 3, "2");
	ck_children(g, 1, "");
	ck_children(g, 3, "");
	ck_parents(g, 4, "");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_replace_keeps_other_edges)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "a b", "");
	set(g, 2, 1, "b2", "a", "");
	ck_children(g, 1, "2 3");
	ck_parents(g, 3, "1");
	ck_edge_names(g, 1, 3, "a");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_edge_names_sorted)
{
	struct graph *g = graph_new();
	size_t n;

	set(g, 1, 0, "zeta alpha Beta _x mid", "", "");
	set(g, 2, 1, "", "mid zeta Beta alpha", "");
	ck_edge_names(g, 1, 2, "Beta alpha mid zeta");
	/* Not an edge (either way round). */
	(void)graph_edge_names(g, 2, 1, &n);
	ck_assert_uint_eq(n, 0);
	graph_free(g);
}
END_TEST

START_TEST(test_graph_edge_names_follow_edits)
{
	struct graph *g = graph_new();

	set(g, 1, 0, "a b", "", "");
	set(g, 2, 1, "", "a b", "");
	ck_edge_names(g, 1, 2, "a b");
	set(g, 2, 1, "", "b", "");
	ck_edge_names(g, 1, 2, "b");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_parents_children_sorted_by_rank)
{
	struct graph *g = graph_new();

	set(g, 1, 10, "a", "", "");
	set(g, 2, 5, "b", "", "");
	set(g, 3, 7, "c", "", "");
	set(g, 4, 20, "d", "a b c", "");
	set(g, 5, 1, "", "a", "");
	set(g, 6, 30, "", "a", "");
	ck_parents(g, 4, "2 3 1");
	ck_children(g, 1, "5 4 6");
	graph_free(g);
}
END_TEST

START_TEST(test_graph_borrowed_results_survive_queries)
{
	struct graph *g = graph_new();
	const uint32_t *p1, *p2, *t;
	size_t n1, n2, nt;

	set(g, 1, 0, "a", "", "");
	set(g, 2, 1, "b", "a", "");
	set(g, 3, 2, "c", "a b", "");
	p1 = graph_parents(g, 2, &n1);
	p2 = graph_parents(g, 3, &n2);
	t = graph_topo_order(g, &nt);
	(void)graph_children(g, 1, &nt);
	(void)graph_cycles(g, &nt);
	(void)graph_multidefs(g, &nt);
	t = graph_topo_order(g, &nt);
	ck_ids(p1, n1, "1");
	ck_ids(p2, n2, "1 2");
	ck_ids(t, nt, "1 2 3");
	graph_free(g);
}
END_TEST

/*
 * Scale: 10,000 cells. The traversals must not recurse per cell, so they
 * run here on a thread with a small stack, where 10,000 nested calls
 * would overflow it.
 */

#define BIG 10000
#define SMALL_STACK (256 * 1024)

static char *
big_name(size_t i)
{
	return xasprintf("v%zu", i);
}

static void *
big_chain_run(void *arg)
{
	struct graph *g = graph_new();
	const struct graph_cycle *cy;
	const uint32_t *order;
	uint32_t root = 0, *d;
	char *def, *ref;
	size_t i, n;

	(void)arg;
	for (i = 0; i < BIG; i++) {
		def = big_name(i);
		ref = big_name(i ? i - 1 : BIG - 1);
		/* Registered in reverse, so no cell is ready in rank order. */
		graph_cell_set(g, (uint32_t)(BIG - 1 - i), 0,
		    (const char *const *)&def, 1,
		    (const char *const *)&ref, i > 0, NULL, 0);
		free(def);
		free(ref);
	}
	order = graph_topo_order(g, &n);
	ck_assert_uint_eq(n, BIG);
	for (i = 0; i < BIG; i++)
		ck_assert_uint_eq(order[i], BIG - 1 - i);
	(void)graph_cycles(g, &n);
	ck_assert_uint_eq(n, 0);
	root = BIG - 1;
	d = graph_descendants(g, &root, 1, &n);
	ck_assert_uint_eq(n, BIG);
	ck_assert_uint_eq(d[BIG - 1], 0);
	free(d);
	d = graph_ancestors(g, 0, &n);
	ck_assert_uint_eq(n, BIG - 1);
	ck_assert_uint_eq(d[0], BIG - 1);
	free(d);

	/* Close the ring: one cycle of 10,000 cells, in cycle order. */
	def = big_name(0);
	ref = big_name(BIG - 1);
	graph_cell_set(g, BIG - 1, 0, (const char *const *)&def, 1,
	    (const char *const *)&ref, 1, NULL, 0);
	free(def);
	free(ref);
	cy = graph_cycles(g, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(cy[0].ncells, BIG);
	ck_assert_uint_eq(cy[0].cells[0], 0);
	ck_assert_uint_eq(cy[0].cells[1], BIG - 1);
	ck_assert_uint_eq(cy[0].cells[BIG - 1], 1);
	(void)graph_topo_order(g, &n);
	ck_assert_uint_eq(n, BIG);
	graph_free(g);
	return NULL;
}

static void
on_small_stack(void *(*fn)(void *))
{
	pthread_attr_t attr;
	pthread_t t;

	ck_assert_int_eq(pthread_attr_init(&attr), 0);
	ck_assert_int_eq(pthread_attr_setstacksize(&attr, SMALL_STACK), 0);
	ck_assert_int_eq(pthread_create(&t, &attr, fn, NULL), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	(void)pthread_attr_destroy(&attr);
}

START_TEST(test_graph_chain_10000_no_deep_recursion)
{
	on_small_stack(big_chain_run);
}
END_TEST

START_TEST(test_graph_fan_10000)
{
	struct graph *g = graph_new();
	const char *x = "x", *print = "print";
	const uint32_t *c;
	uint32_t root = 0, *d;
	char *def;
	size_t i, n;

	graph_cell_set(g, 0, 0, &x, 1, NULL, 0, NULL, 0);
	for (i = 1; i < BIG; i++) {
		def = big_name(i);
		graph_cell_set(g, (uint32_t)i, (long)i,
		    (const char *const *)&def, 1, &x, 1, NULL, 0);
		free(def);
	}
	c = graph_children(g, 0, &n);
	ck_assert_uint_eq(n, BIG - 1);
	ck_assert_uint_eq(c[0], 1);
	ck_assert_uint_eq(c[BIG - 2], BIG - 1);
	/* Editing the hub keeps every edge; editing a leaf keeps its one. */
	graph_cell_set(g, 0, 0, &x, 1, &print, 1, NULL, 0);
	(void)graph_children(g, 0, &n);
	ck_assert_uint_eq(n, BIG - 1);
	graph_cell_set(g, 5000, 5000, NULL, 0, &x, 1, NULL, 0);
	ck_parents(g, 5000, "0");
	d = graph_descendants(g, &root, 1, &n);
	ck_assert_uint_eq(n, BIG);
	ck_assert_uint_eq(d[0], 0);
	ck_assert_uint_eq(d[1], 1);
	free(d);
	graph_free(g);
}
END_TEST

/*
 * Randomised: after every change the graph must agree with a naive model
 * (edges from the definition, cycles from a transitive closure) and with
 * a graph built afresh from the same cells.
 */

#define RND_CELLS 24
#define RND_NAMES 10
#define RND_STEPS 400

struct rnd_cell {
	bool live;
	bool setup;
	long rank;
	unsigned defs, refs, dels;	/* bit sets over the name pool */
};

static uint32_t
rnd_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static unsigned
rnd_bits(uint32_t *s, unsigned max)
{
	unsigned b = 0, k = rnd_next(s) % (max + 1);

	while (k-- > 0)
		b |= 1U << (rnd_next(s) % RND_NAMES);
	return b;
}

static void
rnd_apply(struct graph *g, uint32_t id, const struct rnd_cell *c)
{
	static const char *const pool[RND_NAMES] = { "a", "b", "c", "d",
		"e", "f", "print", "h", "i", "j" };
	const char *d[RND_NAMES], *r[RND_NAMES], *x[RND_NAMES];
	size_t nd = 0, nr = 0, nx = 0, k;

	for (k = 0; k < RND_NAMES; k++) {
		if (c->defs & (1U << k))
			d[nd++] = pool[k];
		if (c->refs & (1U << k))
			r[nr++] = pool[k];
		if (c->dels & (1U << k))
			x[nx++] = pool[k];
	}
	graph_cell_set(g, id, c->rank, d, nd, r, nr, x, nx);
	graph_cell_set_setup(g, id, c->setup);
}

static bool
rnd_edge(const struct rnd_cell *m, size_t a, size_t b)
{
	unsigned refs_b = m[b].refs | m[b].dels;
	unsigned refs_a = m[a].refs | m[a].dels;

	return a != b && m[a].live && m[b].live &&
	    ((m[a].defs & refs_b) != 0 || (refs_a & m[b].dels) != 0);
}

static void
rnd_check(struct graph *g, const struct rnd_cell *m)
{
	bool reach[RND_CELLS][RND_CELLS];
	struct graph *fresh = graph_new();
	const uint32_t *p, *q, *order;
	uint32_t pos[RND_CELLS];
	size_t a, b, k, n, nq, nlive = 0;
	char *s1, *s2;

	for (a = 0; a < RND_CELLS; a++)
		if (m[a].live) {
			rnd_apply(fresh, (uint32_t)a, &m[a]);
			nlive++;
		}
	ck_assert_uint_eq(graph_ncells(g), nlive);

	/* Edges against the definition, and against the fresh graph. */
	for (a = 0; a < RND_CELLS; a++) {
		ck_assert(graph_has_cell(g, (uint32_t)a) == m[a].live);
		if (!m[a].live)
			continue;
		p = graph_parents(g, (uint32_t)a, &n);
		for (b = 0, k = 0; b < RND_CELLS; b++)
			if (rnd_edge(m, b, a))
				k++;
		ck_assert_uint_eq(n, k);
		for (k = 0; k < n; k++)
			ck_assert(rnd_edge(m, p[k], a));
		q = graph_parents(fresh, (uint32_t)a, &nq);
		s1 = ids_format(p, n);
		s2 = ids_format(q, nq);
		ck_assert_str_eq(s1, s2);
		free(s1);
		free(s2);
		p = graph_children(g, (uint32_t)a, &n);
		q = graph_children(fresh, (uint32_t)a, &nq);
		s1 = ids_format(p, n);
		s2 = ids_format(q, nq);
		ck_assert_str_eq(s1, s2);
		free(s1);
		free(s2);
		ck_assert(graph_cell_has_error(g, (uint32_t)a) ==
		    graph_cell_has_error(fresh, (uint32_t)a));
	}

	/* Cycles: a cell is on one exactly when it reaches itself. */
	for (a = 0; a < RND_CELLS; a++)
		for (b = 0; b < RND_CELLS; b++)
			reach[a][b] = rnd_edge(m, a, b);
	for (k = 0; k < RND_CELLS; k++)
		for (a = 0; a < RND_CELLS; a++)
			for (b = 0; b < RND_CELLS; b++)
				if (reach[a][k] && reach[k][b])
					reach[a][b] = true;
	{
		const struct graph_cycle *cy, *cf;
		size_t ncy, ncf, oncycle = 0, listed = 0;

		cy = graph_cycles(g, &ncy);
		cf = graph_cycles(fresh, &ncf);
		ck_assert_uint_eq(ncy, ncf);
		for (a = 0; a < RND_CELLS; a++)
			if (m[a].live && reach[a][a])
				oncycle++;
		for (k = 0; k < ncy; k++) {
			listed += cy[k].ncells;
			s1 = ids_format(cy[k].cells, cy[k].ncells);
			s2 = ids_format(cf[k].cells, cf[k].ncells);
			ck_assert_str_eq(s1, s2);
			free(s1);
			free(s2);
			for (a = 0; a < cy[k].ncells; a++)
				ck_assert(reach[cy[k].cells[a]]
				    [cy[k].cells[(a + 1) % cy[k].ncells]]);
		}
		ck_assert_uint_eq(listed, oncycle);
	}

	/* Topological order: a permutation respecting acyclic edges. */
	order = graph_topo_order(g, &n);
	ck_assert_uint_eq(n, nlive);
	for (k = 0; k < n; k++)
		pos[order[k]] = (uint32_t)k;
	for (a = 0; a < RND_CELLS; a++)
		for (b = 0; b < RND_CELLS; b++)
			if (rnd_edge(m, a, b) && !reach[a][a] && !reach[b][b])
				ck_assert_uint_lt(pos[a], pos[b]);
	q = graph_topo_order(fresh, &nq);
	s1 = ids_format(order, n);
	s2 = ids_format(q, nq);
	ck_assert_str_eq(s1, s2);
	free(s1);
	free(s2);

	/* Descendants of each cell: itself and what it reaches. */
	for (a = 0; a < RND_CELLS; a++) {
		uint32_t id = (uint32_t)a, *d;

		if (!m[a].live)
			continue;
		d = graph_descendants(g, &id, 1, &n);
		for (b = 0, k = 0; b < RND_CELLS; b++)
			if (b == a || reach[a][b])
				k++;
		ck_assert_uint_eq(n, k);
		for (k = 1; k < n; k++)
			ck_assert_uint_lt(pos[d[k - 1]], pos[d[k]]);
		free(d);
	}

	/* Multiple definitions and setup parents agree with a rebuild. */
	{
		const struct graph_multidef *ma, *mb;
		size_t na, nb;

		ma = graph_multidefs(g, &na);
		mb = graph_multidefs(fresh, &nb);
		ck_assert_uint_eq(na, nb);
		for (k = 0; k < na; k++) {
			ck_assert_str_eq(ma[k].name, mb[k].name);
			s1 = ids_format(ma[k].cells, ma[k].ncells);
			s2 = ids_format(mb[k].cells, mb[k].ncells);
			ck_assert_str_eq(s1, s2);
			free(s1);
			free(s2);
		}
		p = graph_setup_parents(g, &na);
		q = graph_setup_parents(fresh, &nb);
		s1 = ids_format(p, na);
		s2 = ids_format(q, nb);
		ck_assert_str_eq(s1, s2);
		free(s1);
		free(s2);
	}
	graph_free(fresh);
}

START_TEST(test_graph_incremental_matches_rebuild)
{
	struct rnd_cell m[RND_CELLS];
	struct graph *g = graph_new();
	uint32_t seed = 0x2545f491U;
	size_t step, a;

	memset(m, 0, sizeof m);
	for (step = 0; step < RND_STEPS; step++) {
		a = rnd_next(&seed) % RND_CELLS;
		switch (rnd_next(&seed) % 8) {
		case 0:
			m[a].live = false;
			graph_cell_remove(g, (uint32_t)a);
			break;
		case 1:
			if (!m[a].live)
				break;
			m[a].rank = (long)(rnd_next(&seed) % 8);
			graph_cell_set_rank(g, (uint32_t)a, m[a].rank);
			break;
		case 2:
			if (!m[a].live)
				break;
			m[a].setup = !m[a].setup;
			graph_cell_set_setup(g, (uint32_t)a, m[a].setup);
			break;
		default:
			m[a].live = true;
			m[a].rank = (long)(rnd_next(&seed) % 8);
			m[a].defs = rnd_bits(&seed, 2);
			m[a].refs = rnd_bits(&seed, 3);
			m[a].dels = rnd_next(&seed) % 6 == 0 ?
			    rnd_bits(&seed, 1) & ~m[a].defs : 0;
			rnd_apply(g, (uint32_t)a, &m[a]);
			break;
		}
		rnd_check(g, m);
	}
	graph_free(g);
}
END_TEST

static Suite *
graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc;

	tc = tcase_create("edges");
	tcase_add_test(tc, test_graph_empty);
	tcase_add_test(tc, test_graph_unknown_ids);
	tcase_add_test(tc, test_graph_ncells_counts_cells);
	tcase_add_test(tc, test_graph_chain_edges);
	tcase_add_test(tc, test_graph_chain_registered_out_of_order);
	tcase_add_test(tc, test_graph_diamond);
	tcase_add_test(tc, test_graph_no_self_edge);
	tcase_add_test(tc, test_graph_duplicate_names_one_edge);
	tcase_add_test(tc, test_graph_undefined_ref_no_edge);
	tcase_add_test(tc, test_graph_parents_children_sorted_by_rank);
	tcase_add_test(tc, test_graph_edge_names_sorted);
	tcase_add_test(tc, test_graph_edge_names_follow_edits);
	tcase_add_test(tc, test_graph_borrowed_results_survive_queries);
	suite_add_tcase(s, tc);

	tc = tcase_create("multidef");
	tcase_add_test(tc, test_graph_multidef_edges_from_all_definers);
	tcase_add_test(tc, test_graph_multidef_reports_all_cells);
	tcase_add_test(tc, test_graph_multidef_resolved_by_remove);
	tcase_add_test(tc, test_graph_multidef_resolved_by_edit);
	tcase_add_test(tc, test_graph_definers_sorted_by_rank);
	suite_add_tcase(s, tc);

	tc = tcase_create("cycle");
	tcase_add_test(tc, test_graph_cycle_of_two);
	tcase_add_test(tc, test_graph_cycle_of_three_in_cycle_order);
	tcase_add_test(tc, test_graph_cycle_starts_at_lowest_rank);
	tcase_add_test(tc, test_graph_two_cycles_listed_by_rank);
	tcase_add_test(tc, test_graph_remove_breaks_cycle);
	tcase_add_test(tc, test_graph_edit_breaks_cycle);
	suite_add_tcase(s, tc);

	tc = tcase_create("del");
	tcase_add_test(tc, test_graph_del_child_of_readers);
	tcase_add_test(tc, test_graph_del_runs_after_readers_ranked_later);
	tcase_add_test(tc, test_graph_deleted_refs_count_as_refs);
	tcase_add_test(tc, test_graph_del_without_definer);
	tcase_add_test(tc, test_graph_two_deleters_form_cycle);
	tcase_add_test(tc, test_graph_del_edge_follows_reader_edit);
	suite_add_tcase(s, tc);

	tc = tcase_create("builtin");
	tcase_add_test(tc, test_graph_builtin_without_definer_no_edge);
	tcase_add_test(tc, test_graph_builtin_shadowed_makes_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("setup");
	tcase_add_test(tc, test_graph_setup_parents_reported);
	tcase_add_test(tc, test_graph_setup_without_parents_is_fine);
	tcase_add_test(tc, test_graph_setup_error_cleared);
	suite_add_tcase(s, tc);

	tc = tcase_create("topo");
	tcase_add_test(tc, test_graph_topo_rank_order_when_free);
	tcase_add_test(tc, test_graph_topo_respects_edges);
	tcase_add_test(tc, test_graph_topo_rank_change_reorders_ties);
	tcase_add_test(tc, test_graph_topo_equal_ranks_by_id);
	tcase_add_test(tc, test_graph_topo_cycle_members_last);
	tcase_add_test(tc, test_graph_topo_setup_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("reach");
	tcase_add_test(tc, test_graph_descendants_of_several_roots);
	tcase_add_test(tc, test_graph_descendants_through_cycle);
	tcase_add_test(tc, test_graph_ancestors);
	tcase_add_test(tc, test_graph_ancestors_on_cycle_exclude_self);
	suite_add_tcase(s, tc);

	tc = tcase_create("incremental");
	tcase_add_test(tc, test_graph_remove_cell_drops_edges);
	tcase_add_test(tc, test_graph_replace_names_drops_old_edges);
	tcase_add_test(tc, test_graph_replace_keeps_other_edges);
	tcase_add_test(tc, test_graph_incremental_matches_rebuild);
	suite_add_tcase(s, tc);

	tc = tcase_create("scale");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_graph_chain_10000_no_deep_recursion);
	tcase_add_test(tc, test_graph_fan_10000);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(graph_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
