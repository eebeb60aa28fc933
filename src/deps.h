/*
 * deps.h: keeps a reactive graph in step with a notebook. The graph knows
 * only ids and names, the notebook only text; this module runs each cell
 * through the analyzer and hands the graph the names marimo's rules say
 * make edges, so every user of the graph (check, scheduler, editor) builds
 * it the same way.
 */
#ifndef QUIRE_DEPS_H
#define QUIRE_DEPS_H

#include <stdint.h>

struct ana;
struct graph;
struct nb;
struct nb_cell;

/* Prefix of graph names that stand for SQL tables, views and schemas, so
 * a SQL definition never makes an edge to a Python reference. */
#define DEPS_SQL_PREFIX "sql:"

/*
 * Make g hold exactly the notebook's cells, each with its current names
 * and its display position as rank; cells gone from the notebook leave
 * the graph. A cell that does not parse, or uses "import *", is in the
 * graph with no names. 0, or -1 when the analyzer fails (err_last()).
 */
int deps_sync(struct graph *g, const struct nb *nb, struct ana *a);

/* Update one cell after its source changed (cheaper than deps_sync). */
int deps_sync_cell(struct graph *g, const struct nb *nb,
    const struct nb_cell *c, struct ana *a);

#endif
