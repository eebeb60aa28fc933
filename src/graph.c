/*
 * graph.c: the reactive dependency graph. Owns the definer -> reader
 * edges between cells, keyed by cell id, and answers "what runs after
 * this cell changes, in what order", plus the semantic errors marimo
 * reports: names defined by several cells, cycles, and a setup cell with
 * parents. Parsing is ana's, running the scheduler's. Rules: spec
 * notebook-format.md 6.1 and the del rule of 5.3.
 *
 * The one idea to hold first: an edge A -> B depends only on A's names
 * and B's names (A defines x and B refs x, or A refs x and B deletes x).
 * So changing one cell can only change the edges that touch it, and two
 * indexes, name -> definers and name -> readers (plus name -> deleters),
 * find those edges without looking at any other cell. Everything global
 * (strongly connected components, topological order, multiple
 * definitions, setup parents) is derived lazily from the edges on the
 * next query and cached until the graph changes again; a generation
 * counter, bumped by every change, says which caches are stale.
 *
 * Inside the graph a cell lives in a slot (an index into g->cells, reused
 * after a removal) and a name in a name slot; edges and indexes hold
 * slots, sorted by slot number so that adding, removing and diffing them
 * are binary searches and merges. Only results handed to callers are
 * cell ids, sorted by rank (then id) where the header asks for it.
 *
 * Every traversal is iterative (Tarjan, depth-first searches, Kahn), so a
 * chain of any length uses heap memory, never the C stack.
 */
#include "config.h"
#include "graph.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define GRAPH_NONE UINT32_MAX

/* A growable array of slots, sorted where the comment on its use says so. */
struct graph_vec {
	uint32_t *v;
	size_t n;
	size_t alloc;
};

/* Cached names of the edge from a cell to its i-th child. */
struct graph_ename {
	const char **names;	/* owned array of borrowed names; NULL: unset */
	size_t n;
};

struct graph_cell {
	uint32_t id;
	long rank;
	bool live;
	bool setup;
	uint32_t hnext;		/* next slot + 1 in the id bucket, 0: end */

	/* Name slots, sorted and unique. refs includes every deleted name. */
	struct graph_vec defs;
	struct graph_vec refs;
	struct graph_vec dels;

	/* Cell slots, sorted by slot. */
	struct graph_vec parents;
	struct graph_vec children;

	/* Query caches, valid while their generation equals g->gen. */
	uint32_t *rparents;	/* ids sorted by rank */
	uint64_t rparents_gen;
	uint32_t *rchildren;
	uint64_t rchildren_gen;
	struct graph_ename *enames;	/* parallel to children */
	size_t nenames;
	uint64_t enames_gen;
};

struct graph_name {
	char *s;		/* owned; NULL while the slot is free */
	uint32_t hash;
	uint32_t hnext;		/* next name slot + 1 in the bucket, 0: end */
	struct graph_vec definers;	/* cell slots, sorted by slot */
	struct graph_vec readers;
	struct graph_vec deleters;
	uint32_t *rdefiners;	/* ids sorted by rank, cached */
	uint64_t rdefiners_gen;
};

struct graph {
	struct graph_cell *cells;
	size_t nslots;		/* slots in use or free */
	size_t slotalloc;
	struct graph_vec freeslots;
	size_t ncells;
	uint32_t *idbuckets;	/* slot + 1, 0: empty */
	size_t nidbuckets;	/* a power of two */

	struct graph_name *names;
	size_t nnameslots;
	size_t namealloc;
	struct graph_vec freenames;
	size_t nnames;
	uint32_t *namebuckets;	/* name slot + 1, 0: empty */
	size_t nnamebuckets;	/* a power of two */

	uint64_t gen;		/* bumped by every change */

	/* Visit stamps per slot for traversals: mark[s] == markgen. */
	uint32_t *mark;
	size_t markalloc;
	uint32_t markgen;

	/* Strongly connected components. */
	uint64_t scc_gen;
	uint32_t *comp;		/* per slot: component number */
	uint32_t *compsize;	/* per component */
	size_t compalloc;
	struct graph_cycle *cycles;
	size_t ncycles;
	uint32_t *cyclecells;

	/* Topological order. */
	uint64_t topo_gen;
	uint32_t *topo;		/* ids */
	size_t ntopo;
	uint32_t *pos;		/* per slot: index in topo */
	size_t posalloc;

	/* Multiple definitions. */
	uint64_t md_gen;
	struct graph_multidef *mds;
	size_t nmds;
	uint32_t *mdcells;

	/* Setup cells' parents. */
	uint64_t setup_gen;
	uint32_t *setupparents;
	size_t nsetupparents;
};

/*
 * Small arrays.
 */

static void
graph_vec_reserve(struct graph_vec *a, size_t extra)
{
	size_t want;

	if (a->n + extra <= a->alloc)
		return;
	want = a->alloc ? a->alloc * 2 : 4;
	while (want < a->n + extra)
		want *= 2;
	a->v = xreallocarray(a->v, want, sizeof *a->v);
	a->alloc = want;
}

static void
graph_vec_push(struct graph_vec *a, uint32_t x)
{
	graph_vec_reserve(a, 1);
	a->v[a->n++] = x;
}

static void
graph_vec_release(struct graph_vec *a)
{
	free(a->v);
	a->v = NULL;
	a->n = a->alloc = 0;
}

/* Index of the first element >= x in a sorted array. */
static size_t
graph_vec_lower(const struct graph_vec *a, uint32_t x)
{
	size_t lo = 0, hi = a->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Insert x into a sorted array. Appending in increasing order, as a
 * build from the first cell to the last does, costs O(1).
 */
static void
graph_vec_insert(struct graph_vec *a, uint32_t x)
{
	size_t i;

	if (a->n == 0 || a->v[a->n - 1] < x) {
		graph_vec_push(a, x);
		return;
	}
	i = graph_vec_lower(a, x);
	if (i < a->n && a->v[i] == x)
		return;
	graph_vec_reserve(a, 1);
	memmove(a->v + i + 1, a->v + i, (a->n - i) * sizeof *a->v);
	a->v[i] = x;
	a->n++;
}

static void
graph_vec_remove(struct graph_vec *a, uint32_t x)
{
	size_t i = graph_vec_lower(a, x);

	if (i == a->n || a->v[i] != x)
		return;
	memmove(a->v + i, a->v + i + 1, (a->n - i - 1) * sizeof *a->v);
	a->n--;
}

static int
graph_u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort and drop duplicates; input already sorted costs one pass. */
static void
graph_vec_sort_unique(struct graph_vec *a)
{
	size_t i, j;
	bool sorted = true;

	for (i = 1; i < a->n && sorted; i++)
		if (a->v[i - 1] >= a->v[i])
			sorted = false;
	if (sorted)
		return;
	qsort(a->v, a->n, sizeof *a->v, graph_u32_cmp);
	for (i = j = 0; i < a->n; i++)
		if (j == 0 || a->v[j - 1] != a->v[i])
			a->v[j++] = a->v[i];
	a->n = j;
}

/*
 * Hashing.
 */

static uint32_t
graph_hash_id(uint32_t id)
{
	id ^= id >> 16;
	id *= 0x7feb352dU;
	id ^= id >> 15;
	id *= 0x846ca68bU;
	id ^= id >> 16;
	return id;
}

static uint32_t
graph_hash_str(const char *s)
{
	uint32_t h = 2166136261U;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619U;
	}
	return h;
}

/*
 * Cells by id.
 */

static uint32_t
graph_slot_find(const struct graph *g, uint32_t id)
{
	uint32_t s;

	if (g->nidbuckets == 0)
		return GRAPH_NONE;
	s = g->idbuckets[graph_hash_id(id) & (g->nidbuckets - 1)];
	while (s != 0) {
		if (g->cells[s - 1].id == id)
			return s - 1;
		s = g->cells[s - 1].hnext;
	}
	return GRAPH_NONE;
}

static void
graph_idhash_link(struct graph *g, uint32_t slot)
{
	size_t b = graph_hash_id(g->cells[slot].id) & (g->nidbuckets - 1);

	g->cells[slot].hnext = g->idbuckets[b];
	g->idbuckets[b] = slot + 1;
}

static void
graph_idhash_grow(struct graph *g)
{
	size_t s;

	if (g->ncells + 1 <= g->nidbuckets)
		return;
	g->nidbuckets = g->nidbuckets ? g->nidbuckets * 2 : 64;
	free(g->idbuckets);
	g->idbuckets = xcalloc(g->nidbuckets, sizeof *g->idbuckets);
	for (s = 0; s < g->nslots; s++)
		if (g->cells[s].live)
			graph_idhash_link(g, (uint32_t)s);
}

static void
graph_idhash_unlink(struct graph *g, uint32_t slot)
{
	uint32_t *p;

	p = &g->idbuckets[graph_hash_id(g->cells[slot].id) &
	    (g->nidbuckets - 1)];
	while (*p != slot + 1) {
		assert(*p != 0);
		p = &g->cells[*p - 1].hnext;
	}
	*p = g->cells[slot].hnext;
}

static uint32_t
graph_slot_new(struct graph *g, uint32_t id)
{
	struct graph_cell *c;
	uint32_t slot;

	graph_idhash_grow(g);
	if (g->freeslots.n > 0)
		slot = g->freeslots.v[--g->freeslots.n];
	else {
		if (g->nslots == g->slotalloc) {
			g->slotalloc = g->slotalloc ? g->slotalloc * 2 : 16;
			g->cells = xreallocarray(g->cells, g->slotalloc,
			    sizeof *g->cells);
		}
		assert(g->nslots < GRAPH_NONE);
		slot = (uint32_t)g->nslots++;
	}
	c = &g->cells[slot];
	memset(c, 0, sizeof *c);
	c->id = id;
	c->live = true;
	graph_idhash_link(g, slot);
	g->ncells++;
	return slot;
}

/*
 * Names.
 */

static void
graph_namehash_link(struct graph *g, uint32_t ns)
{
	size_t b = g->names[ns].hash & (g->nnamebuckets - 1);

	g->names[ns].hnext = g->namebuckets[b];
	g->namebuckets[b] = ns + 1;
}

static uint32_t
graph_name_find(const struct graph *g, const char *s)
{
	uint32_t h, ns;

	if (g->nnamebuckets == 0)
		return GRAPH_NONE;
	h = graph_hash_str(s);
	ns = g->namebuckets[h & (g->nnamebuckets - 1)];
	while (ns != 0) {
		if (g->names[ns - 1].hash == h &&
		    strcmp(g->names[ns - 1].s, s) == 0)
			return ns - 1;
		ns = g->names[ns - 1].hnext;
	}
	return GRAPH_NONE;
}

/* The name slot of s, made when s is new. */
static uint32_t
graph_name_intern(struct graph *g, const char *s)
{
	struct graph_name *nm;
	uint32_t ns;
	size_t i;

	if ((ns = graph_name_find(g, s)) != GRAPH_NONE)
		return ns;
	if (g->nnames + 1 > g->nnamebuckets) {
		g->nnamebuckets = g->nnamebuckets ? g->nnamebuckets * 2 : 64;
		free(g->namebuckets);
		g->namebuckets = xcalloc(g->nnamebuckets,
		    sizeof *g->namebuckets);
		for (i = 0; i < g->nnameslots; i++)
			if (g->names[i].s != NULL)
				graph_namehash_link(g, (uint32_t)i);
	}
	if (g->freenames.n > 0)
		ns = g->freenames.v[--g->freenames.n];
	else {
		if (g->nnameslots == g->namealloc) {
			g->namealloc = g->namealloc ? g->namealloc * 2 : 16;
			g->names = xreallocarray(g->names, g->namealloc,
			    sizeof *g->names);
		}
		assert(g->nnameslots < GRAPH_NONE);
		ns = (uint32_t)g->nnameslots++;
	}
	nm = &g->names[ns];
	memset(nm, 0, sizeof *nm);
	nm->s = xstrdup(s);
	nm->hash = graph_hash_str(s);
	graph_namehash_link(g, ns);
	g->nnames++;
	return ns;
}

/*
 * Drop a name no cell mentions any more, so a long session of edits does
 * not accumulate every name ever typed.
 */
static void
graph_name_collect(struct graph *g, uint32_t ns)
{
	struct graph_name *nm = &g->names[ns];
	uint32_t *p;

	if (nm->s == NULL || nm->definers.n > 0 || nm->readers.n > 0 ||
	    nm->deleters.n > 0)
		return;
	p = &g->namebuckets[nm->hash & (g->nnamebuckets - 1)];
	while (*p != ns + 1) {
		assert(*p != 0);
		p = &g->names[*p - 1].hnext;
	}
	*p = nm->hnext;
	free(nm->s);
	nm->s = NULL;
	graph_vec_release(&nm->definers);
	graph_vec_release(&nm->readers);
	graph_vec_release(&nm->deleters);
	free(nm->rdefiners);
	nm->rdefiners = NULL;
	graph_vec_push(&g->freenames, ns);
	g->nnames--;
}

/*
 * Traversal stamps.
 */

static void
graph_mark_begin(struct graph *g)
{
	if (g->markalloc < g->nslots) {
		g->mark = xreallocarray(g->mark, g->nslots, sizeof *g->mark);
		memset(g->mark + g->markalloc, 0,
		    (g->nslots - g->markalloc) * sizeof *g->mark);
		g->markalloc = g->nslots;
	}
	if (++g->markgen == 0) {
		memset(g->mark, 0, g->markalloc * sizeof *g->mark);
		g->markgen = 1;
	}
}

/* Mark slot s; true when it was not marked yet in this traversal. */
static bool
graph_mark(struct graph *g, uint32_t s)
{
	if (g->mark[s] == g->markgen)
		return false;
	g->mark[s] = g->markgen;
	return true;
}

/*
 * Ordering by rank.
 */

struct graph_rankkey {
	long rank;
	uint32_t id;
	uint32_t slot;
};

static int
graph_rankkey_cmp(const void *a, const void *b)
{
	const struct graph_rankkey *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

static bool
graph_before(const struct graph *g, uint32_t a, uint32_t b)
{
	const struct graph_cell *x = &g->cells[a], *y = &g->cells[b];

	if (x->rank != y->rank)
		return x->rank < y->rank;
	return x->id < y->id;
}

/* Sort slots in place by (rank, id). */
static void
graph_slots_sort(const struct graph *g, uint32_t *slots, size_t n)
{
	struct graph_rankkey *k;
	size_t i;

	if (n < 2)
		return;
	k = xreallocarray(NULL, n, sizeof *k);
	for (i = 0; i < n; i++) {
		k[i].rank = g->cells[slots[i]].rank;
		k[i].id = g->cells[slots[i]].id;
		k[i].slot = slots[i];
	}
	qsort(k, n, sizeof *k, graph_rankkey_cmp);
	for (i = 0; i < n; i++)
		slots[i] = k[i].slot;
	free(k);
}

/* A new array of the ids of slots, sorted by (rank, id). */
static uint32_t *
graph_ids_by_rank(const struct graph *g, const uint32_t *slots, size_t n)
{
	uint32_t *out;
	size_t i;

	out = xreallocarray(NULL, n ? n : 1, sizeof *out);
	if (n > 0)
		memcpy(out, slots, n * sizeof *out);
	graph_slots_sort(g, out, n);
	for (i = 0; i < n; i++)
		out[i] = g->cells[out[i]].id;
	return out;
}

/*
 * Changes.
 */

/* Make *out the sorted, unique name slots of names[0..n). */
static void
graph_names_collect(struct graph *g, struct graph_vec *out,
    const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		assert(names[i] != NULL);
		graph_vec_push(out, graph_name_intern(g, names[i]));
	}
}

/*
 * Bring one name index (definers, readers or deleters, chosen by which)
 * from the cell's old name list to its new one. Both lists are sorted,
 * so a merge visits each name once and leaves unchanged names alone.
 */
enum graph_index {
	GRAPH_DEFINERS,
	GRAPH_READERS,
	GRAPH_DELETERS
};

static struct graph_vec *
graph_name_index(struct graph *g, uint32_t ns, enum graph_index which)
{
	switch (which) {
	case GRAPH_DEFINERS:
		return &g->names[ns].definers;
	case GRAPH_READERS:
		return &g->names[ns].readers;
	case GRAPH_DELETERS:
		break;
	}
	return &g->names[ns].deleters;
}

static void
graph_index_update(struct graph *g, uint32_t slot, const struct graph_vec *old,
    const struct graph_vec *new, enum graph_index which)
{
	size_t i = 0, j = 0;

	while (i < old->n || j < new->n) {
		if (j == new->n || (i < old->n && old->v[i] < new->v[j])) {
			graph_vec_remove(graph_name_index(g, old->v[i], which),
			    slot);
			i++;
		} else if (i == old->n || new->v[j] < old->v[i]) {
			graph_vec_insert(graph_name_index(g, new->v[j], which),
			    slot);
			j++;
		} else {
			i++;
			j++;
		}
	}
}

/* Append every slot of src except self that is not marked yet. */
static void
graph_gather(struct graph *g, struct graph_vec *out,
    const struct graph_vec *src, uint32_t self)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		if (src->v[i] != self && graph_mark(g, src->v[i]))
			graph_vec_push(out, src->v[i]);
}

/*
 * Replace the edge list *cur of slot (its parents when parents is true,
 * else its children) by *new, updating the other end of every edge that
 * appears or disappears. *new is consumed.
 */
static void
graph_edges_replace(struct graph *g, uint32_t slot, bool parents,
    struct graph_vec *new)
{
	struct graph_vec *cur;
	struct graph_vec *other;
	size_t i = 0, j = 0;

	cur = parents ? &g->cells[slot].parents : &g->cells[slot].children;
	while (i < cur->n || j < new->n) {
		if (j == new->n || (i < cur->n && cur->v[i] < new->v[j])) {
			other = parents ? &g->cells[cur->v[i]].children :
			    &g->cells[cur->v[i]].parents;
			graph_vec_remove(other, slot);
			i++;
		} else if (i == cur->n || new->v[j] < cur->v[i]) {
			other = parents ? &g->cells[new->v[j]].children :
			    &g->cells[new->v[j]].parents;
			graph_vec_insert(other, slot);
			j++;
		} else {
			i++;
			j++;
		}
	}
	graph_vec_release(cur);
	*cur = *new;
	memset(new, 0, sizeof *new);
}

/*
 * Recompute the edges of one cell from the name indexes:
 *   parents:  definers of its refs, readers of its deleted names;
 *   children: readers of its defs, deleters of its refs.
 * No other cell's edges among themselves can change.
 */
static void
graph_cell_relink(struct graph *g, uint32_t slot)
{
	struct graph_vec np = { NULL, 0, 0 }, nc = { NULL, 0, 0 };
	struct graph_cell *c = &g->cells[slot];
	size_t i;

	graph_mark_begin(g);
	for (i = 0; i < c->refs.n; i++)
		graph_gather(g, &np, &g->names[c->refs.v[i]].definers, slot);
	for (i = 0; i < c->dels.n; i++)
		graph_gather(g, &np, &g->names[c->dels.v[i]].readers, slot);
	graph_vec_sort_unique(&np);

	graph_mark_begin(g);
	for (i = 0; i < c->defs.n; i++)
		graph_gather(g, &nc, &g->names[c->defs.v[i]].readers, slot);
	for (i = 0; i < c->refs.n; i++)
		graph_gather(g, &nc, &g->names[c->refs.v[i]].deleters, slot);
	graph_vec_sort_unique(&nc);

	graph_edges_replace(g, slot, true, &np);
	graph_edges_replace(g, slot, false, &nc);
}

static void
graph_cell_caches_release(struct graph_cell *c)
{
	size_t i;

	free(c->rparents);
	c->rparents = NULL;
	free(c->rchildren);
	c->rchildren = NULL;
	for (i = 0; i < c->nenames; i++)
		free(c->enames[i].names);
	free(c->enames);
	c->enames = NULL;
	c->nenames = 0;
}

static void
graph_changed(struct graph *g)
{
	g->gen++;
}

void
graph_cell_set(struct graph *g, uint32_t id, long rank,
    const char *const *defs, size_t ndefs,
    const char *const *refs, size_t nrefs,
    const char *const *deleted_refs, size_t ndeleted)
{
	struct graph_vec nd = { NULL, 0, 0 }, nr = { NULL, 0, 0 };
	struct graph_vec nx = { NULL, 0, 0 };
	struct graph_vec olddefs, oldrefs, olddels;
	struct graph_cell *c;
	uint32_t slot;
	size_t i;

	if ((slot = graph_slot_find(g, id)) == GRAPH_NONE)
		slot = graph_slot_new(g, id);

	/*
	 * Intern first: a name in both the old and the new lists must not
	 * be collected in between.
	 */
	graph_names_collect(g, &nd, defs, ndefs);
	graph_names_collect(g, &nr, refs, nrefs);
	graph_names_collect(g, &nr, deleted_refs, ndeleted);
	graph_names_collect(g, &nx, deleted_refs, ndeleted);
	graph_vec_sort_unique(&nd);
	graph_vec_sort_unique(&nr);
	graph_vec_sort_unique(&nx);

	c = &g->cells[slot];
	c->rank = rank;
	olddefs = c->defs;
	oldrefs = c->refs;
	olddels = c->dels;
	graph_index_update(g, slot, &olddefs, &nd, GRAPH_DEFINERS);
	graph_index_update(g, slot, &oldrefs, &nr, GRAPH_READERS);
	graph_index_update(g, slot, &olddels, &nx, GRAPH_DELETERS);
	c->defs = nd;
	c->refs = nr;
	c->dels = nx;

	graph_cell_relink(g, slot);

	for (i = 0; i < olddefs.n; i++)
		graph_name_collect(g, olddefs.v[i]);
	for (i = 0; i < oldrefs.n; i++)
		graph_name_collect(g, oldrefs.v[i]);
	for (i = 0; i < olddels.n; i++)
		graph_name_collect(g, olddels.v[i]);
	graph_vec_release(&olddefs);
	graph_vec_release(&oldrefs);
	graph_vec_release(&olddels);
	graph_changed(g);
}

void
graph_cell_set_rank(struct graph *g, uint32_t id, long rank)
{
	uint32_t slot;

	if ((slot = graph_slot_find(g, id)) == GRAPH_NONE)
		return;
	g->cells[slot].rank = rank;
	graph_changed(g);
}

void
graph_cell_set_setup(struct graph *g, uint32_t id, bool setup)
{
	uint32_t slot;

	if ((slot = graph_slot_find(g, id)) == GRAPH_NONE)
		return;
	g->cells[slot].setup = setup;
	graph_changed(g);
}

void
graph_cell_remove(struct graph *g, uint32_t id)
{
	struct graph_vec empty = { NULL, 0, 0 };
	struct graph_cell *c;
	uint32_t slot;
	size_t i;

	if ((slot = graph_slot_find(g, id)) == GRAPH_NONE)
		return;
	c = &g->cells[slot];
	graph_index_update(g, slot, &c->defs, &empty, GRAPH_DEFINERS);
	graph_index_update(g, slot, &c->refs, &empty, GRAPH_READERS);
	graph_index_update(g, slot, &c->dels, &empty, GRAPH_DELETERS);
	graph_edges_replace(g, slot, true, &empty);
	graph_edges_replace(g, slot, false, &empty);
	for (i = 0; i < c->defs.n; i++)
		graph_name_collect(g, c->defs.v[i]);
	for (i = 0; i < c->refs.n; i++)
		graph_name_collect(g, c->refs.v[i]);
	for (i = 0; i < c->dels.n; i++)
		graph_name_collect(g, c->dels.v[i]);
	graph_vec_release(&c->defs);
	graph_vec_release(&c->refs);
	graph_vec_release(&c->dels);
	graph_vec_release(&c->parents);
	graph_vec_release(&c->children);
	graph_cell_caches_release(c);
	graph_idhash_unlink(g, slot);
	c->live = false;
	graph_vec_push(&g->freeslots, slot);
	g->ncells--;
	graph_changed(g);
}

/*
 * Life cycle and simple queries.
 */

struct graph *
graph_new(void)
{
	struct graph *g = xcalloc(1, sizeof *g);

	g->gen = 1;
	return g;
}

void
graph_free(struct graph *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nslots; i++) {
		struct graph_cell *c = &g->cells[i];

		if (!c->live)
			continue;
		graph_vec_release(&c->defs);
		graph_vec_release(&c->refs);
		graph_vec_release(&c->dels);
		graph_vec_release(&c->parents);
		graph_vec_release(&c->children);
		graph_cell_caches_release(c);
	}
	for (i = 0; i < g->nnameslots; i++) {
		struct graph_name *nm = &g->names[i];

		if (nm->s == NULL)
			continue;
		free(nm->s);
		graph_vec_release(&nm->definers);
		graph_vec_release(&nm->readers);
		graph_vec_release(&nm->deleters);
		free(nm->rdefiners);
	}
	free(g->cells);
	graph_vec_release(&g->freeslots);
	free(g->idbuckets);
	free(g->names);
	graph_vec_release(&g->freenames);
	free(g->namebuckets);
	free(g->mark);
	free(g->comp);
	free(g->compsize);
	free(g->cycles);
	free(g->cyclecells);
	free(g->topo);
	free(g->pos);
	free(g->mds);
	free(g->mdcells);
	free(g->setupparents);
	free(g);
}

bool
graph_has_cell(const struct graph *g, uint32_t id)
{
	return graph_slot_find(g, id) != GRAPH_NONE;
}

size_t
graph_ncells(const struct graph *g)
{
	return g->ncells;
}

const uint32_t *
graph_parents(struct graph *g, uint32_t id, size_t *n)
{
	struct graph_cell *c;
	uint32_t slot;

	*n = 0;
	if ((slot = graph_slot_find(g, id)) == GRAPH_NONE)
		return NULL;
	c = &g->cells[slot];
	if (c->rparents_gen != g->gen) {
		free(c->rparents);
		c->rparents = graph_ids_by_rank(g, c->parents.v, c->parents.n);
		c->rparents_gen = g->gen;
	}
	*n = c->parents.n;
	return c->rparents;
}

const uint32_t *
graph_children(struct graph *g, uint32_t id, size_t *n)
{
	struct graph_cell *c;
	uint32_t slot;

	*n = 0;
	if ((slot = graph_slot_find(g, id)) == GRAPH_NONE)
		return NULL;
	c = &g->cells[slot];
	if (c->rchildren_gen != g->gen) {
		free(c->rchildren);
		c->rchildren = graph_ids_by_rank(g, c->children.v,
		    c->children.n);
		c->rchildren_gen = g->gen;
	}
	*n = c->children.n;
	return c->rchildren;
}

static const uint32_t *
graph_name_definers(struct graph *g, uint32_t ns, size_t *n)
{
	struct graph_name *nm = &g->names[ns];

	if (nm->rdefiners_gen != g->gen) {
		free(nm->rdefiners);
		nm->rdefiners = graph_ids_by_rank(g, nm->definers.v,
		    nm->definers.n);
		nm->rdefiners_gen = g->gen;
	}
	*n = nm->definers.n;
	return nm->rdefiners;
}

const uint32_t *
graph_definers(struct graph *g, const char *name, size_t *n)
{
	uint32_t ns;

	*n = 0;
	if (name == NULL || (ns = graph_name_find(g, name)) == GRAPH_NONE)
		return NULL;
	return graph_name_definers(g, ns, n);
}

/*
 * Strongly connected components: Tarjan's algorithm with an explicit
 * stack of frames (slot, next child to look at) in place of recursion.
 */

struct graph_frame {
	uint32_t slot;
	uint32_t next;
};

/*
 * Walk one component from its lowest-ranked cell, always following the
 * lowest-ranked unvisited child inside the component, and list the cells
 * in the order first reached. For a simple cycle this is the cycle
 * itself: a -> b -> c (-> a). For a tangle of several cycles it is a
 * path along edges as far as one goes, then the branches.
 */
static void
graph_cycle_order(struct graph *g, const uint32_t *members, size_t n,
    uint32_t compno, uint32_t *out)
{
	struct graph_vec stack = { NULL, 0, 0 }, kids = { NULL, 0, 0 };
	struct graph_cell *c;
	uint32_t start, s;
	size_t i, k, nout = 0;

	start = members[0];
	for (i = 1; i < n; i++)
		if (graph_before(g, members[i], start))
			start = members[i];
	graph_mark_begin(g);
	graph_vec_push(&stack, start);
	while (stack.n > 0) {
		s = stack.v[--stack.n];
		if (!graph_mark(g, s))
			continue;
		out[nout++] = g->cells[s].id;
		c = &g->cells[s];
		kids.n = 0;
		for (k = 0; k < c->children.n; k++)
			if (g->comp[c->children.v[k]] == compno &&
			    g->mark[c->children.v[k]] != g->markgen)
				graph_vec_push(&kids, c->children.v[k]);
		graph_slots_sort(g, kids.v, kids.n);
		/* Push in reverse so the lowest rank is popped first. */
		for (k = kids.n; k > 0; k--)
			graph_vec_push(&stack, kids.v[k - 1]);
	}
	assert(nout == n);
	graph_vec_release(&stack);
	graph_vec_release(&kids);
}

static void
graph_derive_scc(struct graph *g)
{
	struct graph_frame *frames;
	uint32_t *index, *low, *stack, *members;
	bool *onstack;
	struct graph_cycle *cycles;
	struct graph_rankkey *keys;
	uint32_t *flat;
	size_t nframes, nstack, counter = 0, ncomp = 0, nflat, ncyc, i, k;
	uint32_t s, w, v;
	struct graph_cell *c;

	if (g->scc_gen == g->gen)
		return;
	g->comp = xreallocarray(g->comp, g->nslots ? g->nslots : 1,
	    sizeof *g->comp);
	g->compsize = xreallocarray(g->compsize, g->nslots ? g->nslots : 1,
	    sizeof *g->compsize);
	index = xcalloc(g->nslots ? g->nslots : 1, sizeof *index);
	low = xcalloc(g->nslots ? g->nslots : 1, sizeof *low);
	onstack = xcalloc(g->nslots ? g->nslots : 1, sizeof *onstack);
	stack = xreallocarray(NULL, g->nslots ? g->nslots : 1,
	    sizeof *stack);
	frames = xreallocarray(NULL, g->nslots ? g->nslots : 1,
	    sizeof *frames);

	/* index[] holds the DFS number + 1, so 0 means unvisited. */
	nstack = 0;
	for (s = 0; s < g->nslots; s++) {
		if (!g->cells[s].live || index[s] != 0)
			continue;
		nframes = 0;
		frames[nframes].slot = s;
		frames[nframes++].next = 0;
		index[s] = low[s] = (uint32_t)++counter;
		stack[nstack++] = s;
		onstack[s] = true;
		while (nframes > 0) {
			v = frames[nframes - 1].slot;
			c = &g->cells[v];
			if (frames[nframes - 1].next < c->children.n) {
				w = c->children.v[frames[nframes - 1].next++];
				if (index[w] == 0) {
					index[w] = low[w] = (uint32_t)++counter;
					stack[nstack++] = w;
					onstack[w] = true;
					frames[nframes].slot = w;
					frames[nframes++].next = 0;
				} else if (onstack[w] && index[w] < low[v])
					low[v] = index[w];
				continue;
			}
			if (low[v] == index[v]) {
				g->compsize[ncomp] = 0;
				do {
					w = stack[--nstack];
					onstack[w] = false;
					g->comp[w] = (uint32_t)ncomp;
					g->compsize[ncomp]++;
				} while (w != v);
				ncomp++;
			}
			nframes--;
			if (nframes > 0) {
				w = frames[nframes - 1].slot;
				if (low[v] < low[w])
					low[w] = low[v];
			}
		}
	}
	free(index);
	free(low);
	free(onstack);
	free(frames);

	/*
	 * Components of more than one cell are the cycles. Group their
	 * members by component (stack is free again: reuse it), then order
	 * each one and sort the cycles by their first cell.
	 */
	ncyc = 0;
	nflat = 0;
	for (s = 0; s < g->nslots; s++)
		if (g->cells[s].live && g->compsize[g->comp[s]] > 1)
			nflat++;
	flat = xreallocarray(NULL, nflat ? nflat : 1, sizeof *flat);
	members = stack;
	for (i = 0; i < ncomp; i++)
		if (g->compsize[i] > 1)
			ncyc++;
	cycles = xcalloc(ncyc ? ncyc : 1, sizeof *cycles);
	keys = xcalloc(ncyc ? ncyc : 1, sizeof *keys);
	if (ncyc > 0) {
		/* Counting sort of cycle members by component. */
		uint32_t *start = xcalloc(ncomp + 1, sizeof *start);
		uint32_t *fill = xcalloc(ncomp + 1, sizeof *fill);
		size_t off = 0, ci = 0;

		for (i = 0; i < ncomp; i++) {
			start[i] = (uint32_t)off;
			if (g->compsize[i] > 1)
				off += g->compsize[i];
		}
		for (s = 0; s < g->nslots; s++) {
			if (!g->cells[s].live || g->compsize[g->comp[s]] < 2)
				continue;
			k = g->comp[s];
			members[start[k] + fill[k]++] = s;
		}
		for (i = 0; i < ncomp; i++) {
			if (g->compsize[i] < 2)
				continue;
			graph_cycle_order(g, members + start[i],
			    g->compsize[i], (uint32_t)i, flat + start[i]);
			keys[ci].slot = (uint32_t)ci;
			s = graph_slot_find(g, flat[start[i]]);
			keys[ci].rank = g->cells[s].rank;
			keys[ci].id = flat[start[i]];
			cycles[ci].cells = flat + start[i];
			cycles[ci].ncells = g->compsize[i];
			ci++;
		}
		free(start);
		free(fill);
		qsort(keys, ncyc, sizeof *keys, graph_rankkey_cmp);
		free(g->cycles);
		g->cycles = xcalloc(ncyc, sizeof *g->cycles);
		for (i = 0; i < ncyc; i++)
			g->cycles[i] = cycles[keys[i].slot];
	} else {
		free(g->cycles);
		g->cycles = NULL;
	}
	free(cycles);
	free(keys);
	free(stack);
	free(g->cyclecells);
	g->cyclecells = flat;
	g->ncycles = ncyc;
	g->scc_gen = g->gen;
}

static bool
graph_on_cycle(const struct graph *g, uint32_t slot)
{
	return g->compsize[g->comp[slot]] > 1;
}

/*
 * Topological order: Kahn's algorithm with a binary heap of ready cells
 * keyed by (rank, id), except that a ready setup cell goes before any
 * other: spec 6.2 has it run before everything, wherever it is shown.
 */

static bool
graph_ready_before(const struct graph *g, uint32_t a, uint32_t b)
{
	if (g->cells[a].setup != g->cells[b].setup)
		return g->cells[a].setup;
	return graph_before(g, a, b);
}

static void
graph_heap_push(const struct graph *g, uint32_t *heap, size_t *n, uint32_t s)
{
	size_t i = (*n)++, p;

	heap[i] = s;
	while (i > 0) {
		p = (i - 1) / 2;
		if (!graph_ready_before(g, heap[i], heap[p]))
			break;
		heap[i] = heap[p];
		heap[p] = s;
		i = p;
	}
}

static uint32_t
graph_heap_pop(const struct graph *g, uint32_t *heap, size_t *n)
{
	uint32_t top = heap[0], t;
	size_t i = 0, l, m;

	heap[0] = heap[--*n];
	for (;;) {
		l = 2 * i + 1;
		m = i;
		if (l < *n && graph_ready_before(g, heap[l], heap[m]))
			m = l;
		if (l + 1 < *n && graph_ready_before(g, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			break;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
	return top;
}

/*
 * Cells on a cycle can never become ready, and neither could anything
 * downstream of them. So in-degrees count only edges from cells that
 * are not on a cycle: every other cell is ordered by Kahn (all the
 * edges among them respected), and the cycle members, which the
 * scheduler will not run, go last in rank order as the header promises.
 */
static void
graph_derive_topo(struct graph *g)
{
	uint32_t *indeg, *heap, *rest;
	size_t nheap = 0, nrest = 0, nout = 0, i;
	uint32_t s, w;
	struct graph_cell *c;

	graph_derive_scc(g);
	if (g->topo_gen == g->gen)
		return;
	indeg = xcalloc(g->nslots ? g->nslots : 1, sizeof *indeg);
	heap = xreallocarray(NULL, g->nslots ? g->nslots : 1, sizeof *heap);
	rest = xreallocarray(NULL, g->nslots ? g->nslots : 1, sizeof *rest);
	free(g->topo);
	g->topo = xreallocarray(NULL, g->ncells ? g->ncells : 1,
	    sizeof *g->topo);
	if (g->posalloc < g->nslots) {
		g->pos = xreallocarray(g->pos, g->nslots, sizeof *g->pos);
		g->posalloc = g->nslots;
	}
	for (s = 0; s < g->nslots; s++) {
		c = &g->cells[s];
		if (!c->live || graph_on_cycle(g, s))
			continue;
		for (i = 0; i < c->children.n; i++)
			indeg[c->children.v[i]]++;
	}
	for (s = 0; s < g->nslots; s++) {
		if (!g->cells[s].live)
			continue;
		if (graph_on_cycle(g, s))
			rest[nrest++] = s;
		else if (indeg[s] == 0)
			graph_heap_push(g, heap, &nheap, s);
	}
	while (nheap > 0) {
		s = graph_heap_pop(g, heap, &nheap);
		g->pos[s] = (uint32_t)nout;
		g->topo[nout++] = g->cells[s].id;
		c = &g->cells[s];
		for (i = 0; i < c->children.n; i++) {
			w = c->children.v[i];
			if (graph_on_cycle(g, w))
				continue;
			if (--indeg[w] == 0)
				graph_heap_push(g, heap, &nheap, w);
		}
	}
	graph_slots_sort(g, rest, nrest);
	for (i = 0; i < nrest; i++) {
		g->pos[rest[i]] = (uint32_t)nout;
		g->topo[nout++] = g->cells[rest[i]].id;
	}
	assert(nout == g->ncells);
	g->ntopo = nout;
	free(indeg);
	free(heap);
	free(rest);
	g->topo_gen = g->gen;
}

const uint32_t *
graph_topo_order(struct graph *g, size_t *n)
{
	graph_derive_topo(g);
	*n = g->ntopo;
	return g->topo;
}

/*
 * Reachability: an iterative depth-first search over children (forward)
 * or parents, then the reached cells sorted by topological position.
 */

struct graph_poskey {
	uint32_t pos;
	uint32_t id;
};

static int
graph_poskey_cmp(const void *a, const void *b)
{
	const struct graph_poskey *x = a, *y = b;

	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static uint32_t *
graph_reach(struct graph *g, const uint32_t *roots, size_t nroots,
    bool forward, bool keep_roots, size_t *n)
{
	struct graph_vec stack = { NULL, 0, 0 }, found = { NULL, 0, 0 };
	struct graph_poskey *keys;
	const struct graph_vec *next;
	uint32_t *out;
	uint32_t s;
	size_t i;

	graph_derive_topo(g);
	graph_mark_begin(g);
	for (i = 0; i < nroots; i++) {
		if ((s = graph_slot_find(g, roots[i])) == GRAPH_NONE)
			continue;
		if (keep_roots) {
			if (graph_mark(g, s)) {
				graph_vec_push(&found, s);
				graph_vec_push(&stack, s);
			}
		} else
			graph_vec_push(&stack, s);
	}
	while (stack.n > 0) {
		s = stack.v[--stack.n];
		next = forward ? &g->cells[s].children : &g->cells[s].parents;
		for (i = 0; i < next->n; i++) {
			if (graph_mark(g, next->v[i])) {
				graph_vec_push(&found, next->v[i]);
				graph_vec_push(&stack, next->v[i]);
			}
		}
	}
	graph_vec_release(&stack);

	keys = xreallocarray(NULL, found.n ? found.n : 1, sizeof *keys);
	for (i = 0; i < found.n; i++) {
		keys[i].pos = g->pos[found.v[i]];
		keys[i].id = g->cells[found.v[i]].id;
	}
	qsort(keys, found.n, sizeof *keys, graph_poskey_cmp);
	out = xreallocarray(NULL, found.n ? found.n : 1, sizeof *out);
	for (i = 0; i < found.n; i++)
		out[i] = keys[i].id;
	*n = found.n;
	free(keys);
	graph_vec_release(&found);
	return out;
}

uint32_t *
graph_descendants(struct graph *g, const uint32_t *roots, size_t nroots,
    size_t *n)
{
	return graph_reach(g, roots, nroots, true, true, n);
}

uint32_t *
graph_ancestors(struct graph *g, uint32_t id, size_t *n)
{
	uint32_t *out;
	size_t i, j;

	out = graph_reach(g, &id, 1, false, false, n);
	/* On a cycle a cell reaches itself; it is not its own ancestor. */
	for (i = j = 0; i < *n; i++)
		if (out[i] != id)
			out[j++] = out[i];
	*n = j;
	return out;
}

/*
 * Multiple definitions, sorted by name.
 */

struct graph_mdkey {
	const char *name;
	uint32_t ns;
};

static int
graph_mdkey_cmp(const void *a, const void *b)
{
	const struct graph_mdkey *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void
graph_derive_multidefs(struct graph *g)
{
	struct graph_mdkey *keys;
	const uint32_t *ids;
	size_t nkeys = 0, ncells = 0, off = 0, i, n;

	if (g->md_gen == g->gen)
		return;
	for (i = 0; i < g->nnameslots; i++)
		if (g->names[i].s != NULL && g->names[i].definers.n > 1) {
			nkeys++;
			ncells += g->names[i].definers.n;
		}
	keys = xreallocarray(NULL, nkeys ? nkeys : 1, sizeof *keys);
	nkeys = 0;
	for (i = 0; i < g->nnameslots; i++)
		if (g->names[i].s != NULL && g->names[i].definers.n > 1) {
			keys[nkeys].name = g->names[i].s;
			keys[nkeys++].ns = (uint32_t)i;
		}
	qsort(keys, nkeys, sizeof *keys, graph_mdkey_cmp);
	free(g->mds);
	free(g->mdcells);
	g->mds = xcalloc(nkeys ? nkeys : 1, sizeof *g->mds);
	g->mdcells = xreallocarray(NULL, ncells ? ncells : 1,
	    sizeof *g->mdcells);
	for (i = 0; i < nkeys; i++) {
		ids = graph_name_definers(g, keys[i].ns, &n);
		memcpy(g->mdcells + off, ids, n * sizeof *ids);
		g->mds[i].name = keys[i].name;
		g->mds[i].cells = g->mdcells + off;
		g->mds[i].ncells = n;
		off += n;
	}
	g->nmds = nkeys;
	free(keys);
	g->md_gen = g->gen;
}

const struct graph_multidef *
graph_multidefs(struct graph *g, size_t *n)
{
	graph_derive_multidefs(g);
	*n = g->nmds;
	return g->mds;
}

const struct graph_cycle *
graph_cycles(struct graph *g, size_t *n)
{
	graph_derive_scc(g);
	*n = g->ncycles;
	return g->cycles;
}

/*
 * The parents of every cell marked setup (normally one), sorted by rank.
 */
static void
graph_derive_setup(struct graph *g)
{
	struct graph_vec all = { NULL, 0, 0 };
	size_t s;

	if (g->setup_gen == g->gen)
		return;
	graph_mark_begin(g);
	for (s = 0; s < g->nslots; s++)
		if (g->cells[s].live && g->cells[s].setup)
			graph_gather(g, &all, &g->cells[s].parents, GRAPH_NONE);
	free(g->setupparents);
	g->setupparents = graph_ids_by_rank(g, all.v, all.n);
	g->nsetupparents = all.n;
	graph_vec_release(&all);
	g->setup_gen = g->gen;
}

const uint32_t *
graph_setup_parents(struct graph *g, size_t *n)
{
	graph_derive_setup(g);
	*n = g->nsetupparents;
	return g->setupparents;
}

bool
graph_cell_has_error(struct graph *g, uint32_t id)
{
	struct graph_cell *c;
	uint32_t slot;
	size_t i;

	if ((slot = graph_slot_find(g, id)) == GRAPH_NONE)
		return false;
	c = &g->cells[slot];
	for (i = 0; i < c->defs.n; i++)
		if (g->names[c->defs.v[i]].definers.n > 1)
			return true;
	if (c->setup && c->parents.n > 0)
		return true;
	graph_derive_scc(g);
	return graph_on_cycle(g, slot);
}

/*
 * Edge names: what the parent defines that the child refs, plus what the
 * parent refs that the child deletes (the del rule), as marimo lists them
 * in its cycle error. Cached per edge until the next change.
 */

static int
graph_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append the name slots in both sorted lists a and b to out. */
static void
graph_intersect(struct graph_vec *out, const struct graph_vec *a,
    const struct graph_vec *b)
{
	size_t i = 0, j = 0;

	while (i < a->n && j < b->n) {
		if (a->v[i] < b->v[j])
			i++;
		else if (b->v[j] < a->v[i])
			j++;
		else {
			graph_vec_push(out, a->v[i]);
			i++;
			j++;
		}
	}
}

const char *const *
graph_edge_names(struct graph *g, uint32_t parent, uint32_t child, size_t *n)
{
	struct graph_vec common = { NULL, 0, 0 };
	struct graph_cell *p, *c;
	struct graph_ename *e;
	uint32_t ps, cs;
	size_t k, i;

	*n = 0;
	if ((ps = graph_slot_find(g, parent)) == GRAPH_NONE ||
	    (cs = graph_slot_find(g, child)) == GRAPH_NONE)
		return NULL;
	p = &g->cells[ps];
	c = &g->cells[cs];
	k = graph_vec_lower(&p->children, cs);
	if (k == p->children.n || p->children.v[k] != cs)
		return NULL;
	if (p->enames_gen != g->gen) {
		for (i = 0; i < p->nenames; i++)
			free(p->enames[i].names);
		free(p->enames);
		p->nenames = p->children.n;
		p->enames = xcalloc(p->nenames, sizeof *p->enames);
		p->enames_gen = g->gen;
	}
	e = &p->enames[k];
	if (e->names == NULL) {
		graph_intersect(&common, &p->defs, &c->refs);
		graph_intersect(&common, &p->refs, &c->dels);
		graph_vec_sort_unique(&common);
		e->names = xreallocarray(NULL, common.n ? common.n : 1,
		    sizeof *e->names);
		for (i = 0; i < common.n; i++)
			e->names[i] = g->names[common.v[i]].s;
		e->n = common.n;
		qsort(e->names, e->n, sizeof *e->names, graph_str_cmp);
		graph_vec_release(&common);
	}
	*n = e->n;
	return e->names;
}
