/*
 * graph.h: the reactive dependency graph. Owns the definer -> reader
 * edges between cells, keyed by cell id, and answers "what runs after
 * this cell changes, in what order", plus the semantic errors marimo
 * reports on a graph: names defined by several cells, cycles, and a
 * setup cell that reads other cells. Parsing is ana's, running the
 * scheduler's. Rules: spec notebook-format.md section 6.1.
 *
 * Updating one cell touches only that cell's edges; the checks and the
 * orders are recomputed lazily on the next query.
 */
#ifndef QUIRE_GRAPH_H
#define QUIRE_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct graph;

struct graph *graph_new(void);
void graph_free(struct graph *);	/* NULL is a no-op */

/*
 * Add cell id, or replace its names when it is already there. The graph
 * copies the names. deleted_refs are the refs that are "del x" of a name
 * the cell does not bind (the cell becomes a child of every other cell
 * that refs x). Builtins may be passed as refs: they make edges only to
 * cells that define (shadow) them. rank orders ties in topological
 * order: lower first (use the display position).
 */
void graph_cell_set(struct graph *, uint32_t id, long rank,
    const char *const *defs, size_t ndefs,
    const char *const *refs, size_t nrefs,
    const char *const *deleted_refs, size_t ndeleted);
void graph_cell_set_rank(struct graph *, uint32_t id, long rank);
/* Mark the setup cell (a root that may not have parents). */
void graph_cell_set_setup(struct graph *, uint32_t id, bool);
void graph_cell_remove(struct graph *, uint32_t id);	/* absent: no-op */
bool graph_has_cell(const struct graph *, uint32_t id);
size_t graph_ncells(const struct graph *);

/* Parents / children of id, sorted by rank; borrowed until the next
 * change to the graph. n is set to 0 for an unknown id. */
const uint32_t *graph_parents(struct graph *, uint32_t id, size_t *n);
const uint32_t *graph_children(struct graph *, uint32_t id, size_t *n);

/* The cells that define name (sorted by rank); borrowed as above. */
const uint32_t *graph_definers(struct graph *, const char *name, size_t *n);

/*
 * Topological order of every cell (Kahn; among ready cells the lowest
 * rank first, so display order is kept where it is free). Cells on a
 * cycle come last, in rank order. Borrowed until the next change.
 */
const uint32_t *graph_topo_order(struct graph *, size_t *n);

/*
 * The roots and every cell reachable from them, in topological order.
 * Caller frees with free(); *n set. Unknown ids are ignored.
 */
uint32_t *graph_descendants(struct graph *, const uint32_t *roots,
    size_t nroots, size_t *n);
/* Ancestors of id (not id itself), in topological order; caller frees. */
uint32_t *graph_ancestors(struct graph *, uint32_t id, size_t *n);

/* A name defined by more than one cell. */
struct graph_multidef {
	const char *name;
	const uint32_t *cells;	/* sorted by rank */
	size_t ncells;
};
/* One strongly connected component of more than one cell (or a cell
 * whose deleted_refs loop back to itself). */
struct graph_cycle {
	const uint32_t *cells;	/* in cycle order, starting at lowest rank */
	size_t ncells;
};
/* All borrowed until the next change to the graph. */
const struct graph_multidef *graph_multidefs(struct graph *, size_t *n);
const struct graph_cycle *graph_cycles(struct graph *, size_t *n);
/* Parents of the setup cell (setup-refs error), borrowed; 0 when fine. */
const uint32_t *graph_setup_parents(struct graph *, size_t *n);
/* Does id take part in a multiple definition, a cycle or setup-refs? */
bool graph_cell_has_error(struct graph *, uint32_t id);
/* The names that make the edge parent -> child (sorted), borrowed. */
const char *const *graph_edge_names(struct graph *, uint32_t parent,
    uint32_t child, size_t *n);

#endif
