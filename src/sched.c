/*
 * sched.c: the scheduler, marimo's runtime rules in C. Owns the
 * registered code of each cell and the graph built from it, each cell's
 * run status, and the plan of the run in progress; analysis is ana's,
 * edges and orders the graph's, the process kern's. Rules: spec
 * notebook-format.md 6.2-6.4, after marimo/_runtime/runtime.py
 * (mutate_graph) and runner/ (cells to run, cancellation).
 *
 * The one idea: a request first *mutates* the graph (register the code
 * of the cells asked for, drop deleted ones, recompute the semantic
 * errors without touching cells that were fine and are not downstream of
 * the change), which yields the roots that must run; then the roots grow
 * by their stale ancestors and (unless lazy) their descendants, lose the
 * blocked and disabled cells, and are sent in topological order. Cells
 * are sent a few ahead of the one running, each naming the cells in
 * flight it depends on, so the kernel skips them itself when one of
 * those fails and no round trip is spent between cells.
 */
#include "config.h"
#include "sched.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "graph.h"
#include "kern.h"
#include "nb.h"
#include "proto.h"
#include "xmalloc.h"

#define SCHED_WINDOW 8
/* Kernel deaths one run may survive by restarting (quire run). */
#define SCHED_MAX_RESTARTS 16

struct sched_cell {
	uint32_t id;
	bool registered;	/* code registered (in the graph, or failed
				   registration: syntax, import *) */
	bool in_graph;
	bool errored;		/* marimo-error: blocked from running */
	char *code;		/* registered code */
	const struct ana_cell *ana;	/* its analysis (ana's cache) */
	char **defs_run;	/* names its last run put in the kernel */
	size_t ndefs_run;

	bool setup;		/* registered as the setup cell */
	long rank;		/* display position at the last index */
	bool planned;		/* waiting in the queue, not yet sent */
	bool cancelled;		/* in flight, its result already set */
	uint64_t run_seq;	/* when it last started (state updates) */

	struct sched_cell_info info;
	struct buf message, exc_type, traceback;
};

/* A set of cell ids with O(1) membership, in insertion order. */
struct sched_set {
	uint32_t *v;
	size_t n, alloc;
	uint8_t *mark;		/* indexed by id */
	size_t nmark;
};

struct sched_state_update {
	char *name;
	uint32_t setter;	/* 0: none (a widget) */
	uint64_t seq;		/* run_seq of the setter when it set */
};

struct sched {
	struct nb *nb;
	struct ana *ana;
	struct kern *kern;
	struct graph *g;
	sched_event_cb cb;
	void *cb_arg;
	bool lazy;
	bool restart_on_death;
	unsigned window;

	struct sched_cell **cells;	/* indexed by id; NULL: unknown */
	size_t ncells;			/* slots in cells */

	/* The run in progress. */
	uint32_t *queue;	/* to send, in order */
	size_t nqueue, qpos, queue_alloc;
	uint32_t *inflight;	/* sent, DONE not yet back, in order */
	size_t ninflight, inflight_alloc;
	uint32_t *flying;	/* by id: times in inflight */
	uint32_t flight_batch;	/* the batch of what is in flight... */
	bool flight_mixed;	/* ...unless it holds several */
	uint32_t batch;
	bool interrupted;	/* this run was interrupted */
	uint64_t seq;		/* run starts so far */
	unsigned restarts;

	struct sched_state_update *updates;
	size_t nupdates, updates_alloc;

	/* SET_WIDGET and TABLE_WINDOW requests not answered yet. */
	uint32_t next_req;
	unsigned npending;

	unsigned kernel_gen;	/* kern_generation holding the names */
	bool ready;		/* READY seen from this generation */
	bool was_busy;

	uint32_t *visit;	/* scratch for ancestor searches, by id */
	uint32_t visit_gen;

	/* id -> the notebook's cell, rebuilt by sched_index() at the start
	 * of each request and plan: nb_cell_find() is a scan, and asking it
	 * once per cell made a run quadratic. Never kept across calls. */
	struct nb_cell **nbcells;
	long *nbrank;		/* display position by id */
	size_t nnbcells;
};

/* Sets */

static void
sched_set_add(struct sched_set *s, uint32_t id)
{
	if (id >= s->nmark) {
		size_t n = s->nmark ? s->nmark : 64;

		while (n <= id)
			n *= 2;
		s->mark = xrealloc(s->mark, n);
		memset(s->mark + s->nmark, 0, n - s->nmark);
		s->nmark = n;
	}
	if (s->mark[id])
		return;
	s->mark[id] = 1;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 16;
		s->v = xreallocarray(s->v, s->alloc, sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static bool
sched_set_has(const struct sched_set *s, uint32_t id)
{
	return id < s->nmark && s->mark[id];
}

static void
sched_set_release(struct sched_set *s)
{
	free(s->v);
	free(s->mark);
	memset(s, 0, sizeof *s);
}

/* Cells */

static struct sched_cell *
sched_cell(struct sched *s, uint32_t id)
{
	return id < s->ncells ? s->cells[id] : NULL;
}

static struct sched_cell *
sched_cell_make(struct sched *s, uint32_t id)
{
	struct sched_cell *c;

	if (id >= s->ncells) {
		size_t n = s->ncells ? s->ncells : 64;

		while (n <= id)
			n *= 2;
		s->cells = xreallocarray(s->cells, n, sizeof *s->cells);
		memset(s->cells + s->ncells, 0, (n - s->ncells) *
		    sizeof *s->cells);
		s->visit = xreallocarray(s->visit, n, sizeof *s->visit);
		memset(s->visit + s->ncells, 0, (n - s->ncells) *
		    sizeof *s->visit);
		s->flying = xreallocarray(s->flying, n, sizeof *s->flying);
		memset(s->flying + s->ncells, 0, (n - s->ncells) *
		    sizeof *s->flying);
		s->ncells = n;
	}
	if ((c = s->cells[id]) != NULL)
		return c;
	c = xcalloc(1, sizeof *c);
	c->id = id;
	buf_init(&c->message);
	buf_init(&c->exc_type);
	buf_init(&c->traceback);
	c->info.id = id;
	c->info.message = c->info.exc_type = c->info.traceback = "";
	s->cells[id] = c;
	return c;
}

static void
sched_defs_clear(struct sched_cell *c)
{
	size_t i;

	for (i = 0; i < c->ndefs_run; i++)
		free(c->defs_run[i]);
	free(c->defs_run);
	c->defs_run = NULL;
	c->ndefs_run = 0;
}

static void
sched_cell_free(struct sched_cell *c)
{
	if (c == NULL)
		return;
	sched_defs_clear(c);
	free(c->code);
	buf_release(&c->message);
	buf_release(&c->exc_type);
	buf_release(&c->traceback);
	free(c);
}

static void
sched_emit(struct sched *s, enum sched_event_type type, uint32_t cell,
    const struct proto_stream *st, const struct proto_display *d,
    const char *message)
{
	struct sched_event ev;

	if (s->cb == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.cell = cell;
	ev.stream = st;
	ev.display = d;
	ev.message = message;
	s->cb(&ev, s->cb_arg);
}

static void
sched_status(struct sched *s, struct sched_cell *c)
{
	sched_emit(s, SCHED_EV_STATUS, c->id, NULL, NULL, NULL);
}

/* Set a result and its message (printf-style; NULL fmt: none). */
static void
sched_result(struct sched_cell *c, enum sched_result r, enum sched_error e,
    uint32_t blamed, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
sched_result(struct sched_cell *c, enum sched_result r, enum sched_error e,
    uint32_t blamed, const char *fmt, ...)
{
	va_list ap;

	c->info.result = r;
	c->info.error = e;
	c->info.blamed = blamed;
	buf_reset(&c->message);
	buf_reset(&c->exc_type);
	buf_reset(&c->traceback);
	if (fmt != NULL) {
		va_start(ap, fmt);
		buf_vaddf(&c->message, fmt, ap);
		va_end(ap);
	}
	c->info.message = c->message.ptr;
	c->info.exc_type = c->exc_type.ptr;
	c->info.traceback = c->traceback.ptr;
}

struct sched *
sched_new(struct nb *nb, struct ana *ana, struct kern *kern)
{
	struct sched *s = xcalloc(1, sizeof *s);

	s->nb = nb;
	s->ana = ana;
	s->kern = kern;
	s->g = graph_new();
	s->window = SCHED_WINDOW;
	return s;
}

void
sched_free(struct sched *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ncells; i++)
		sched_cell_free(s->cells[i]);
	for (i = 0; i < s->nupdates; i++)
		free(s->updates[i].name);
	free(s->updates);
	free(s->cells);
	free(s->visit);
	free(s->flying);
	free(s->nbcells);
	free(s->nbrank);
	free(s->queue);
	free(s->inflight);
	graph_free(s->g);
	free(s);
}

void
sched_set_callback(struct sched *s, sched_event_cb cb, void *arg)
{
	s->cb = cb;
	s->cb_arg = arg;
}

void
sched_set_lazy(struct sched *s, bool lazy)
{
	s->lazy = lazy;
}

void
sched_set_restart_on_death(struct sched *s, bool on)
{
	s->restart_on_death = on;
}

void
sched_set_window(struct sched *s, unsigned n)
{
	s->window = n == 0 ? 1 : n;
}

struct graph *
sched_graph(struct sched *s)
{
	return s->g;
}

const struct sched_cell_info *
sched_cell_info(struct sched *s, uint32_t id)
{
	struct sched_cell *c = sched_cell(s, id);

	return c != NULL ? &c->info : NULL;
}

bool
sched_is_busy(const struct sched *s)
{
	return s->qpos < s->nqueue || s->ninflight > 0;
}

/* The kernel */

/* Make sure a kernel runs; a new one holds no names. */
static int
sched_kernel(struct sched *s)
{
	size_t i;

	if (kern_is_alive(s->kern))
		return 0;
	if (kern_start(s->kern) < 0)
		return -1;
	s->kernel_gen = kern_generation(s->kern);
	s->ready = false;
	for (i = 0; i < s->ncells; i++)
		if (s->cells[i] != NULL)
			sched_defs_clear(s->cells[i]);
	return 0;
}

/* DELETE the names a cell's last run left in the kernel. */
static void
sched_invalidate(struct sched *s, struct sched_cell *c,
    const struct sched_set *keep_names_of)
{
	struct proto_delete d = { 0 };
	struct buf frame = BUF_INIT;
	const char **names;
	size_t i, j, n = 0;

	if (!kern_is_alive(s->kern)) {
		sched_defs_clear(c);
		return;
	}
	names = xreallocarray(NULL, c->ndefs_run + 1, sizeof *names);
	for (i = 0; i < c->ndefs_run; i++) {
		bool keep = false;

		/* A name another (valid) cell still defines stays. */
		for (j = 0; keep_names_of != NULL && j < keep_names_of->n;
		    j++) {
			struct sched_cell *o = sched_cell(s,
			    keep_names_of->v[j]);

			if (o != NULL && o->ana != NULL &&
			    ana_names_has(&o->ana->defs, c->defs_run[i]))
				keep = true;
		}
		if (!keep)
			names[n++] = c->defs_run[i];
	}
	d.cell = c->id;
	d.names = names;
	d.nnames = n;
	if (proto_delete_encode(&frame, &d) == 0)
		(void)kern_send_frame(s->kern, frame.ptr, frame.len);
	buf_release(&frame);
	free(names);
	sched_defs_clear(c);
}

/* The notebook's cells by id, and their display ranks. */
static void
sched_index(struct sched *s)
{
	size_t i, n = nb_ncells(s->nb);

	if (s->nnbcells > 0)
		memset(s->nbcells, 0, s->nnbcells * sizeof *s->nbcells);
	for (i = 0; i < n; i++) {
		struct nb_cell *nc = nb_cell_at(s->nb, i);
		uint32_t id = nb_cell_id(nc);
		struct sched_cell *c;

		if (id >= s->nnbcells) {
			size_t m = s->nnbcells ? s->nnbcells : 64;

			while (m <= id)
				m *= 2;
			s->nbcells = xreallocarray(s->nbcells, m,
			    sizeof *s->nbcells);
			s->nbrank = xreallocarray(s->nbrank, m,
			    sizeof *s->nbrank);
			memset(s->nbcells + s->nnbcells, 0, (m - s->nnbcells) *
			    sizeof *s->nbcells);
			s->nnbcells = m;
		}
		s->nbcells[id] = nc;
		s->nbrank[id] = (long)i;
		if ((c = sched_cell(s, id)) != NULL)
			c->rank = (long)i;
	}
}

static struct nb_cell *
sched_nb(const struct sched *s, uint32_t id)
{
	return id < s->nnbcells ? s->nbcells[id] : NULL;
}

/* Registration (marimo's _maybe_register_cell) */

/*
 * Register cell id's current source. Adds to old_children the cells
 * that were its children and are not any more. Returns 0 when it is in
 * the graph, 1 when it could not be registered (syntax, import *), -1
 * when the notebook has no such cell.
 */
static int
sched_register(struct sched *s, uint32_t id, struct sched_set *old_children)
{
	struct nb_cell *nc = sched_nb(s, id);
	struct sched_cell *c;
	struct sched_set before = { 0 };
	const struct ana_cell *a;
	const uint32_t *kids;
	const char **refs = NULL;
	const char *src;
	size_t len, n, i;

	if (nc == NULL)
		return -1;
	c = sched_cell_make(s, id);
	c->rank = s->nbrank[id];
	src = nb_cell_source(nc, &len);
	if (c->registered && c->code != NULL && strlen(c->code) == len &&
	    memcmp(c->code, src, len) == 0)
		return c->in_graph ? 0 : 1;
	if (c->in_graph) {
		kids = graph_children(s->g, id, &n);
		for (i = 0; i < n; i++)
			sched_set_add(&before, kids[i]);
		if (!c->errored)
			sched_invalidate(s, c, NULL);
		graph_cell_remove(s->g, id);
		c->in_graph = false;
	}
	free(c->code);
	c->code = xstrndup(src, len);
	c->registered = true;
	c->ana = NULL;
	a = ana_cell(s->ana, src, len);
	if (a == NULL) {
		sched_result(c, SCHED_MARIMO_ERROR, SCHED_ERR_SYNTAX, 0,
		    "%s", err_last());
		goto unregistered;
	}
	if (nb_cell_kind(nc) == NB_CELL_UNPARSABLE || !a->parses) {
		sched_result(c, SCHED_MARIMO_ERROR, SCHED_ERR_SYNTAX, 0,
		    "SyntaxError: %s (line %zu)", a->error != NULL ? a->error :
		    "invalid syntax", a->error_line);
		goto unregistered;
	}
	if (a->import_star) {
		sched_result(c, SCHED_MARIMO_ERROR, SCHED_ERR_IMPORT_STAR, 0,
		    "line %zu: Importing symbols with `import *` is not "
		    "allowed", a->import_star_line);
		goto unregistered;
	}
	c->ana = a;
	/* A SQL cell's tables read Python dataframes like names do. */
	n = a->refs.n + a->sql_refs.n;
	refs = xreallocarray(NULL, n + 1, sizeof *refs);
	for (i = 0; i < a->refs.n; i++)
		refs[i] = a->refs.v[i];
	for (i = 0; i < a->sql_refs.n; i++)
		refs[a->refs.n + i] = a->sql_refs.v[i];
	graph_cell_set(s->g, id, c->rank,
	    (const char *const *)a->defs.v, a->defs.n, refs, n,
	    (const char *const *)a->deleted_refs.v, a->deleted_refs.n);
	free(refs);
	c->setup = nb_cell_kind(nc) == NB_CELL_SETUP;
	graph_cell_set_setup(s->g, id, c->setup);
	c->in_graph = true;
	kids = graph_children(s->g, id, &n);
	{
		struct sched_set now = { 0 };

		for (i = 0; i < n; i++)
			sched_set_add(&now, kids[i]);
		for (i = 0; i < before.n; i++)
			if (!sched_set_has(&now, before.v[i]))
				sched_set_add(old_children, before.v[i]);
		sched_set_release(&now);
	}
	sched_set_release(&before);
	return 0;
unregistered:
	for (i = 0; i < before.n; i++)
		sched_set_add(old_children, before.v[i]);
	sched_set_release(&before);
	c->errored = true;
	c->info.stale = false;
	return 1;
}

/* Why graph says id is blocked, as marimo words it. */
static void
sched_semantic_error(struct sched *s, struct sched_cell *c)
{
	const struct graph_multidef *md;
	const struct graph_cycle *cy;
	size_t n, i, j;

	md = graph_multidefs(s->g, &n);
	for (i = 0; i < n; i++)
		for (j = 0; j < md[i].ncells; j++)
			if (md[i].cells[j] == c->id) {
				uint32_t other = md[i].cells[j == 0 ? 1 : 0];

				sched_result(c, SCHED_MARIMO_ERROR,
				    SCHED_ERR_MULTIPLE_DEFS, other,
				    "The variable '%s' was defined by another "
				    "cell", md[i].name);
				return;
			}
	cy = graph_cycles(s->g, &n);
	for (i = 0; i < n; i++)
		for (j = 0; j < cy[i].ncells; j++)
			if (cy[i].cells[j] == c->id) {
				sched_result(c, SCHED_MARIMO_ERROR,
				    SCHED_ERR_CYCLE, cy[i].cells[(j + 1) %
				    cy[i].ncells], "This cell is in a cycle");
				return;
			}
	sched_result(c, SCHED_MARIMO_ERROR, SCHED_ERR_SETUP_REFS, 0,
	    "The setup cell cannot have references");
}

/*
 * marimo's mutate_graph: register reg, delete del, recompute errors
 * without "action at a distance", and add to roots the cells that must
 * run. stale_new marks newly registered cells stale (a load).
 */
static void
sched_mutate(struct sched *s, const uint32_t *reg, size_t nreg,
    const uint32_t *del, size_t ndel, bool stale_new,
    struct sched_set *roots)
{
	struct sched_set before = { 0 }, err_before = { 0 };
	struct sched_set ok = { 0 }, syntax = { 0 }, old_children = { 0 };
	struct sched_set err_after = { 0 }, downstream = { 0 };
	struct sched_set keep = { 0 }, stale = { 0 };
	const uint32_t *topo;
	uint32_t *down;
	size_t i, j, n, ndown;

	for (i = 0; i < s->ncells; i++) {
		struct sched_cell *c = s->cells[i];

		if (c == NULL)
			continue;
		if (c->in_graph)
			sched_set_add(&before, c->id);
		if (c->errored)
			sched_set_add(&err_before, c->id);
	}
	for (i = 0; i < nreg; i++) {
		int r = sched_register(s, reg[i], &old_children);

		if (r == 0)
			sched_set_add(&ok, reg[i]);
		else if (r == 1)
			sched_set_add(&syntax, reg[i]);
		if (r >= 0 && stale_new)
			sched_cell(s, reg[i])->info.stale = r == 0;
	}
	for (i = 0; i < ndel; i++) {
		struct sched_cell *c = sched_cell(s, del[i]);
		const uint32_t *kids;

		if (c == NULL)
			continue;
		if (c->in_graph) {
			kids = graph_children(s->g, c->id, &n);
			for (j = 0; j < n; j++)
				sched_set_add(&old_children, kids[j]);
			graph_cell_remove(s->g, c->id);
		}
		/* Its names go; an errored cell has none left, but the
		 * kernel still forgets the private names it kept. */
		sched_invalidate(s, c, NULL);
		s->cells[c->id] = NULL;
		sched_cell_free(c);
	}

	/* Semantic errors, pruned: a previously valid cell keeps its state
	 * unless a newly registered cell reaches it. */
	down = graph_descendants(s->g, ok.v, ok.n, &ndown);
	for (i = 0; i < ndown; i++)
		sched_set_add(&downstream, down[i]);
	free(down);
	topo = graph_topo_order(s->g, &n);
	for (i = 0; i < n; i++) {
		struct sched_cell *c = sched_cell(s, topo[i]);

		if (c == NULL || !graph_cell_has_error(s->g, c->id))
			continue;
		if (!sched_set_has(&ok, c->id) &&
		    !sched_set_has(&err_before, c->id) &&
		    !sched_set_has(&downstream, c->id)) {
			sched_set_add(&keep, c->id);
			continue;
		}
		sched_set_add(&err_after, c->id);
	}
	for (i = 0; i < syntax.n; i++)
		sched_set_add(&err_after, syntax.v[i]);

	/* Cells that were blocked and are not any more rerun; cells newly
	 * blocked lose their names (unless a valid cell defines them) and
	 * their children rerun to fail visibly. */
	for (i = 0; i < err_before.n; i++) {
		struct sched_cell *c = sched_cell(s, err_before.v[i]);

		if (c == NULL || sched_set_has(&err_after, c->id))
			continue;
		c->errored = false;
		if (c->in_graph)
			sched_set_add(&stale, c->id);
	}
	for (i = 0; i < err_after.n; i++) {
		struct sched_cell *c = sched_cell(s, err_after.v[i]);
		const uint32_t *kids;

		if (c == NULL)
			continue;
		if (c->in_graph) {
			if (!sched_set_has(&err_before, c->id) &&
			    sched_set_has(&before, c->id)) {
				kids = graph_children(s->g, c->id, &n);
				for (j = 0; j < n; j++)
					sched_set_add(&old_children, kids[j]);
			}
			sched_semantic_error(s, c);
			sched_invalidate(s, c, &keep);
		}
		c->errored = true;
		c->info.stale = false;
		sched_status(s, c);
	}
	for (i = 0; i < old_children.n; i++)
		if (!sched_set_has(&err_after, old_children.v[i]))
			sched_set_add(&stale, old_children.v[i]);
	for (i = 0; i < stale.n; i++) {
		struct sched_cell *c = sched_cell(s, stale.v[i]);

		if (c == NULL || !c->in_graph || sched_set_has(&ok, c->id))
			continue;
		if (s->lazy) {
			c->info.stale = true;
			sched_status(s, c);
		} else
			sched_set_add(roots, c->id);
	}
	for (i = 0; i < ok.n; i++)
		if (!sched_set_has(&err_after, ok.v[i]))
			sched_set_add(roots, ok.v[i]);
	/* A stale setup cell joins every run. */
	for (i = 0; i < s->ncells && roots->n > 0; i++) {
		struct sched_cell *c = s->cells[i];

		if (c != NULL && c->in_graph && c->setup && c->info.stale &&
		    !c->errored)
			sched_set_add(roots, c->id);
	}
	sched_set_release(&before);
	sched_set_release(&err_before);
	sched_set_release(&ok);
	sched_set_release(&syntax);
	sched_set_release(&old_children);
	sched_set_release(&err_after);
	sched_set_release(&downstream);
	sched_set_release(&keep);
	sched_set_release(&stale);
}

/*
 * Bring the scheduler up to date with the notebook: cells it has never
 * seen are registered (stale, as marimo's uninstantiated cells), cells
 * gone from the notebook are deleted, ranks follow display order.
 */
static void
sched_sync(struct sched *s, struct sched_set *roots)
{
	struct sched_set fresh = { 0 }, gone = { 0 }, present = { 0 };
	size_t i, n = nb_ncells(s->nb);

	sched_index(s);
	for (i = 0; i < n; i++) {
		uint32_t id = nb_cell_id(nb_cell_at(s->nb, i));
		struct sched_cell *c = sched_cell(s, id);

		sched_set_add(&present, id);
		if (c == NULL || !c->registered)
			sched_set_add(&fresh, id);
		else if (c->in_graph)
			graph_cell_set_rank(s->g, id, (long)i);
	}
	for (i = 0; i < s->ncells; i++)
		if (s->cells[i] != NULL &&
		    !sched_set_has(&present, (uint32_t)i))
			sched_set_add(&gone, (uint32_t)i);
	if (gone.n > 0) {
		struct sched_set dummy = { 0 };

		/* Their former children rerun, as after sched_delete_cell. */
		sched_mutate(s, NULL, 0, gone.v, gone.n, false,
		    roots != NULL ? roots : &dummy);
		sched_set_release(&dummy);
	}
	if (fresh.n > 0) {
		struct sched_set dummy = { 0 };

		/* New cells are registered, not run. */
		sched_mutate(s, fresh.v, fresh.n, NULL, 0, true, &dummy);
		sched_set_release(&dummy);
	}
	sched_set_release(&fresh);
	sched_set_release(&gone);
	sched_set_release(&present);
}

/* Planning (marimo's Runner.compute_cells_to_run) */

/* Disabled through the config or through an ancestor. */
static void
sched_mark_disabled(struct sched *s, struct sched_set *disabled)
{
	const uint32_t *topo, *par;
	size_t i, j, n, np;

	topo = graph_topo_order(s->g, &n);
	for (i = 0; i < n; i++) {
		struct nb_cell *nc = sched_nb(s, topo[i]);
		struct sched_cell *c = sched_cell(s, topo[i]);
		bool d = nc != NULL && nb_cell_config(nc).disabled;

		par = graph_parents(s->g, topo[i], &np);
		for (j = 0; !d && j < np; j++)
			d = sched_set_has(disabled, par[j]);
		if (d)
			sched_set_add(disabled, topo[i]);
		if (c != NULL && c->info.disabled != d) {
			c->info.disabled = d;
			sched_status(s, c);
		}
	}
}

static void
sched_queue_push(struct sched *s, uint32_t id)
{
	if (s->nqueue == s->queue_alloc) {
		s->queue_alloc = s->queue_alloc ? 2 * s->queue_alloc : 64;
		s->queue = xreallocarray(s->queue, s->queue_alloc,
		    sizeof *s->queue);
	}
	s->queue[s->nqueue++] = id;
}

static void sched_advance(struct sched *);

/*
 * Run roots: add stale ancestors (through stale cells only) and, unless
 * lazy, descendants; drop blocked and disabled cells; queue the rest in
 * topological order, merged with what is still queued.
 */
static void
sched_plan(struct sched *s, const struct sched_set *roots, bool descendants)
{
	struct sched_set want = { 0 }, disabled = { 0 }, all = { 0 };
	const uint32_t *topo, *par;
	uint32_t *order = NULL;
	size_t i, j, n, np, norder = 0;

	if (roots->n == 0)
		return;
	sched_index(s);
	/* BFS up through stale ancestors. */
	for (i = 0; i < roots->n; i++)
		sched_set_add(&want, roots->v[i]);
	for (i = 0; i < want.n; i++) {
		par = graph_parents(s->g, want.v[i], &np);
		for (j = 0; j < np; j++) {
			struct sched_cell *p = sched_cell(s, par[j]);

			if (p != NULL && p->info.stale && !p->errored)
				sched_set_add(&want, par[j]);
		}
	}
	if (descendants) {
		order = graph_descendants(s->g, want.v, want.n, &norder);
		for (i = 0; i < norder; i++)
			sched_set_add(&want, order[i]);
		free(order);
	} else if (s->lazy) {
		/* Lazy: what would have run downstream goes stale. */
		order = graph_descendants(s->g, want.v, want.n, &norder);
		for (i = 0; i < norder; i++) {
			struct sched_cell *c = sched_cell(s, order[i]);

			if (c != NULL && !sched_set_has(&want, c->id) &&
			    !c->errored && !c->info.stale) {
				c->info.stale = true;
				sched_status(s, c);
			}
		}
		free(order);
	}
	sched_mark_disabled(s, &disabled);
	/* Merge with the cells still waiting to be sent. */
	for (i = s->qpos; i < s->nqueue; i++) {
		struct sched_cell *c = sched_cell(s, s->queue[i]);

		if (c != NULL && c->planned)
			sched_set_add(&want, c->id);
	}
	topo = graph_topo_order(s->g, &n);
	s->nqueue = s->qpos = 0;
	for (i = 0; i < n; i++) {
		struct sched_cell *c = sched_cell(s, topo[i]);

		if (c == NULL || !sched_set_has(&want, topo[i]))
			continue;
		sched_set_add(&all, c->id);
		if (c->errored)
			continue;
		if (sched_set_has(&disabled, c->id)) {
			/* It would have run: it is stale until enabled. */
			c->planned = false;
			c->info.stale = true;
			sched_result(c, SCHED_DISABLED, SCHED_ERR_NONE, 0,
			    sched_nb(s, c->id) != NULL &&
			    nb_cell_config(sched_nb(s, c->id)).disabled
			    ? "This cell is disabled" :
			    "An ancestor of this cell is disabled");
			sched_status(s, c);
			sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
			continue;
		}
		c->planned = true;
		if (c->info.state != SCHED_RUNNING)
			c->info.state = SCHED_QUEUED;
		sched_queue_push(s, c->id);
		sched_status(s, c);
	}
	/* Requested cells that cannot run still get their turn reported. */
	for (i = 0; i < roots->n; i++) {
		struct sched_cell *c = sched_cell(s, roots->v[i]);

		if (c != NULL && c->errored && !sched_set_has(&all, c->id))
			sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
	}
	s->batch++;
	s->interrupted = false;
	sched_set_release(&want);
	sched_set_release(&disabled);
	sched_set_release(&all);
}

/* Report requested cells blocked by errors (not in the graph). */
static void
sched_report_blocked(struct sched *s, const uint32_t *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct sched_cell *c = sched_cell(s, ids[i]);

		if (c != NULL && c->errored && !c->in_graph)
			sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
	}
}

/* Sending */

static bool
sched_in_flight(const struct sched *s, uint32_t id, size_t *pos)
{
	size_t i;

	for (i = 0; i < s->ninflight; i++)
		if (s->inflight[i] == id) {
			if (pos != NULL)
				*pos = i;
			return true;
		}
	return false;
}

/*
 * The cells in flight that id depends on: if one of them fails, the
 * kernel must skip id. A bounded upward search: it stops once every cell
 * in flight was found or the ancestors run out. When everything in
 * flight was sent in this batch's topological order, the search also
 * stops at each cell in flight it finds: that cell's own list covers
 * what is in flight above it, and the kernel marks a skipped cell as
 * failed, so naming it is enough. A chain then names one cell per RUN,
 * however far ahead the scheduler sends.
 */
static size_t
sched_after(struct sched *s, uint32_t id, uint32_t *out)
{
	uint32_t *stack;
	const uint32_t *par;
	size_t nstack = 0, alloc = 16, nout = 0, np, j;
	bool stop = !s->flight_mixed && s->flight_batch == s->batch;

	if (s->ninflight == 0)
		return 0;
	if (++s->visit_gen == 0) {
		memset(s->visit, 0, s->ncells * sizeof *s->visit);
		s->visit_gen = 1;
	}
	stack = xreallocarray(NULL, alloc, sizeof *stack);
	stack[nstack++] = id;
	while (nstack > 0 && nout < s->ninflight) {
		uint32_t x = stack[--nstack];

		par = graph_parents(s->g, x, &np);
		for (j = 0; j < np; j++) {
			uint32_t p = par[j];

			if (p >= s->ncells || s->visit[p] == s->visit_gen)
				continue;
			s->visit[p] = s->visit_gen;
			if (s->flying[p] > 0) {
				out[nout++] = p;
				if (stop)
					continue;
			}
			if (nstack == alloc) {
				alloc *= 2;
				stack = xreallocarray(stack, alloc,
				    sizeof *stack);
			}
			stack[nstack++] = p;
		}
	}
	free(stack);
	return nout;
}

/* Nothing is in flight any more (a death, a restart). */
static void
sched_flight_clear(struct sched *s)
{
	size_t i;

	for (i = 0; i < s->ninflight; i++)
		if (s->inflight[i] < s->ncells)
			s->flying[s->inflight[i]] = 0;
	s->ninflight = 0;
}

static void
sched_start_head(struct sched *s)
{
	struct sched_cell *c;

	if (s->ninflight == 0)
		return;
	c = sched_cell(s, s->inflight[0]);
	if (c == NULL || c->cancelled || c->info.state == SCHED_RUNNING)
		return;
	c->info.state = SCHED_RUNNING;
	c->run_seq = ++s->seq;
	c->info.nruns++;
	sched_status(s, c);
	sched_emit(s, SCHED_EV_START, c->id, NULL, NULL, NULL);
}

/* Queue cell c's RUN frame in frames; kern gets them all at once. */
static void
sched_send(struct sched *s, struct sched_cell *c, struct buf *frames)
{
	struct proto_run r = { 0 };
	uint32_t *after;
	size_t i;

	after = xreallocarray(NULL, s->ninflight + 1, sizeof *after);
	r.cell = c->id;
	r.batch = s->batch;
	r.code = c->code;
	r.codelen = strlen(c->code);
	r.no_expr = c->ana != NULL && !c->ana->has_last_expr;
	r.del = (const char *const *)c->defs_run;
	r.ndel = c->ndefs_run;
	r.after = after;
	r.nafter = sched_after(s, c->id, after);
	if (proto_run_encode(frames, &r) < 0) {
		/* Too large to send: a cell error, not a kernel one. */
		c->planned = false;
		c->info.state = SCHED_IDLE;
		sched_result(c, SCHED_EXCEPTION, SCHED_ERR_EXCEPTION, 0,
		    "%s", err_last());
		sched_status(s, c);
		sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
		goto done;
	}
	c->planned = false;
	/* The names it will define replace the ones deleted. */
	sched_defs_clear(c);
	if (c->ana != NULL && c->ana->defs.n > 0) {
		c->defs_run = xreallocarray(NULL, c->ana->defs.n,
		    sizeof *c->defs_run);
		for (i = 0; i < c->ana->defs.n; i++)
			c->defs_run[i] = xstrdup(c->ana->defs.v[i]);
		c->ndefs_run = c->ana->defs.n;
	}
	if (s->ninflight == s->inflight_alloc) {
		s->inflight_alloc = s->inflight_alloc ? 2 * s->inflight_alloc :
		    16;
		s->inflight = xreallocarray(s->inflight, s->inflight_alloc,
		    sizeof *s->inflight);
	}
	if (s->ninflight == 0) {
		s->flight_batch = s->batch;
		s->flight_mixed = false;
	} else if (s->flight_batch != s->batch)
		s->flight_mixed = true;
	s->inflight[s->ninflight++] = c->id;
	s->flying[c->id]++;
	sched_start_head(s);
done:
	free(after);
}

static void sched_finish_run(struct sched *);

static void
sched_advance(struct sched *s)
{
	struct buf frames = BUF_INIT;
	/* A wide window is refilled once half of it has come back, so RUN
	 * frames go out many to a write and the kernel reads many per
	 * read(); a narrow one (the editor's) is kept full. */
	size_t low = s->window >= 64 ? s->window / 2 : s->window - 1;

	while (s->qpos < s->nqueue && s->ninflight < s->window &&
	    (s->ninflight <= low || frames.len > 0) &&
	    kern_is_alive(s->kern)) {
		struct sched_cell *c = sched_cell(s, s->queue[s->qpos++]);

		if (c == NULL || !c->planned)
			continue;
		sched_send(s, c, &frames);
	}
	/* Fails only when the kernel is gone: the pump then finds it dead
	 * and puts what was in flight back in the queue. */
	if (frames.len > 0)
		(void)kern_send_frame(s->kern, frames.ptr, frames.len);
	buf_release(&frames);
	if (!sched_is_busy(s))
		sched_finish_run(s);
}

/* Results */

/* Take a planned cell out of the run with result r. */
static void
sched_drop(struct sched *s, struct sched_cell *c, enum sched_result r,
    enum sched_error e, uint32_t blamed, const char *msg, bool stale)
{
	bool flying = c->id < s->ncells && s->flying[c->id] > 0;

	sched_result(c, r, e, blamed, "%s", msg);
	c->planned = false;
	c->info.stale = stale;
	if (flying)
		c->cancelled = true;	/* its DONE will be ignored */
	else {
		c->info.state = SCHED_IDLE;
		/* marimo frees a cancelled cell's state before the run. */
		sched_invalidate(s, c, NULL);
	}
	sched_status(s, c);
	sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
}

/* Cancel what the run still holds downstream of cell id. */
static void
sched_cancel_descendants(struct sched *s, uint32_t id, enum sched_error e,
    const char *msg)
{
	struct sched_set down = { 0 };
	uint32_t *d;
	size_t i, n;

	d = graph_descendants(s->g, &id, 1, &n);
	for (i = 0; i < n; i++)
		if (d[i] != id)
			sched_set_add(&down, d[i]);
	free(d);
	for (i = s->qpos; i < s->nqueue; i++) {
		struct sched_cell *c = sched_cell(s, s->queue[i]);

		if (c != NULL && c->planned && sched_set_has(&down, c->id))
			sched_drop(s, c, SCHED_CANCELLED, e, id, msg, false);
	}
	for (i = 0; i < s->ninflight; i++) {
		struct sched_cell *c = sched_cell(s, s->inflight[i]);

		if (c != NULL && !c->cancelled && sched_set_has(&down, c->id))
			sched_drop(s, c, SCHED_CANCELLED, e, id, msg, false);
	}
	sched_set_release(&down);
}

/* Everything not yet run in this run is interrupted. */
static void
sched_interrupt_rest(struct sched *s, size_t from_inflight)
{
	static const char msg[] = "This cell was interrupted and needs to "
	    "be re-run";
	size_t i;

	for (i = from_inflight; i < s->ninflight; i++) {
		struct sched_cell *c = sched_cell(s, s->inflight[i]);

		if (c != NULL && !c->cancelled)
			sched_drop(s, c, SCHED_INTERRUPTED,
			    SCHED_ERR_INTERRUPTION, 0, msg, true);
	}
	for (i = s->qpos; i < s->nqueue; i++) {
		struct sched_cell *c = sched_cell(s, s->queue[i]);

		if (c != NULL && c->planned)
			sched_drop(s, c, SCHED_INTERRUPTED,
			    SCHED_ERR_INTERRUPTION, 0, msg, true);
	}
	s->qpos = s->nqueue = 0;
}

static void
sched_on_done(struct sched *s, const struct proto_msg *m)
{
	struct proto_done d;
	struct sched_cell *c;
	size_t pos;

	if (proto_done_parse(&d, m) < 0 || !sched_in_flight(s, d.cell, &pos))
		return;
	memmove(s->inflight + pos, s->inflight + pos + 1,
	    (s->ninflight - pos - 1) * sizeof *s->inflight);
	s->ninflight--;
	if (d.cell < s->ncells && s->flying[d.cell] > 0)
		s->flying[d.cell]--;
	c = sched_cell(s, d.cell);
	if (c == NULL)
		goto next;
	c->info.state = SCHED_IDLE;
	if (c->cancelled) {
		c->cancelled = false;
		sched_status(s, c);
		goto next;
	}
	c->info.duration_us = d.duration_us;
	c->info.dropped_len = d.dropped_len;
	switch (d.status) {
	case PROTO_STATUS_OK:
		c->info.stale = false;
		sched_result(c, SCHED_SUCCESS, SCHED_ERR_NONE, 0, NULL);
		break;
	case PROTO_STATUS_EXCEPTION:
		c->info.stale = false;
		sched_result(c, SCHED_EXCEPTION, SCHED_ERR_EXCEPTION, 0,
		    "%s%s%s", d.exc_type != NULL ? d.exc_type : "Exception",
		    d.exc_msg != NULL && *d.exc_msg != '\0' ? ": " : "",
		    d.exc_msg != NULL ? d.exc_msg : "");
		buf_adds(&c->exc_type, d.exc_type != NULL ? d.exc_type :
		    "Exception");
		buf_add(&c->traceback, d.traceback, d.traceback_len);
		c->info.exc_type = c->exc_type.ptr;
		c->info.traceback = c->traceback.ptr;
		{
			struct buf msg = BUF_INIT;

			buf_addf(&msg, "An ancestor raised an exception (%s)",
			    c->exc_type.ptr);
			sched_status(s, c);
			sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
			sched_cancel_descendants(s, c->id,
			    SCHED_ERR_ANCESTOR_RAISED, msg.ptr);
			buf_release(&msg);
		}
		goto next;
	case PROTO_STATUS_STOPPED:
		c->info.stale = false;
		sched_result(c, SCHED_STOPPED, SCHED_ERR_NONE, 0, NULL);
		sched_status(s, c);
		sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
		sched_cancel_descendants(s, c->id, SCHED_ERR_ANCESTOR_STOPPED,
		    "This cell wasn't run because an ancestor was stopped "
		    "with `mo.stop`");
		goto next;
	case PROTO_STATUS_INTERRUPTED:
	case PROTO_STATUS_SKIPPED:
		c->info.stale = true;
		sched_result(c, SCHED_INTERRUPTED, SCHED_ERR_INTERRUPTION, 0,
		    "This cell was interrupted and needs to be re-run");
		sched_status(s, c);
		sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
		s->interrupted = true;
		sched_interrupt_rest(s, 0);
		goto next;
	}
	sched_status(s, c);
	sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
next:
	sched_start_head(s);
}

static void
sched_on_state(struct sched *s, const struct proto_msg *m)
{
	struct proto_state st;
	struct sched_cell *setter;
	size_t i;

	if (proto_state_parse(&st, m) < 0)
		return;
	setter = sched_cell(s, st.cell);
	for (i = 0; i < st.nnames; i++) {
		struct sched_state_update *u;

		if (s->nupdates == s->updates_alloc) {
			s->updates_alloc = s->updates_alloc ?
			    2 * s->updates_alloc : 8;
			s->updates = xreallocarray(s->updates,
			    s->updates_alloc, sizeof *s->updates);
		}
		u = &s->updates[s->nupdates++];
		u->name = xstrdup(st.names[i]);
		u->setter = st.cell;
		u->seq = setter != NULL ? setter->run_seq : s->seq;
	}
	proto_state_release(&st);
}

/*
 * Readers of changed names rerun (marimo's resolve_state_updates): not
 * the setter itself, not a cell that already ran after the setter in
 * this run, not a blocked cell.
 */
static void
sched_readers(struct sched *s, const char *name, uint32_t setter,
    uint64_t seq, bool check_seq, struct sched_set *out)
{
	size_t i;

	for (i = 0; i < s->ncells; i++) {
		struct sched_cell *c = s->cells[i];

		if (c == NULL || !c->in_graph || c->errored || c->ana == NULL ||
		    c->id == setter)
			continue;
		if (check_seq && c->run_seq > seq)
			continue;
		if (c->info.result == SCHED_CANCELLED)
			continue;
		if (ana_names_has(&c->ana->refs, name))
			sched_set_add(out, c->id);
	}
}

static void
sched_run_roots(struct sched *s, struct sched_set *roots)
{
	if (roots->n == 0)
		return;
	if (s->lazy) {
		size_t i;

		for (i = 0; i < roots->n; i++) {
			struct sched_cell *c = sched_cell(s, roots->v[i]);

			if (c != NULL && !c->info.stale) {
				c->info.stale = true;
				sched_status(s, c);
			}
		}
		return;
	}
	sched_plan(s, roots, true);
}

static void
sched_finish_run(struct sched *s)
{
	struct sched_set roots = { 0 };
	size_t i;

	if (s->nupdates > 0) {
		if (!s->interrupted)
			for (i = 0; i < s->nupdates; i++)
				sched_readers(s, s->updates[i].name,
				    s->updates[i].setter, s->updates[i].seq,
				    true, &roots);
		for (i = 0; i < s->nupdates; i++)
			free(s->updates[i].name);
		s->nupdates = 0;
		if (roots.n > 0 && kern_is_alive(s->kern)) {
			sched_run_roots(s, &roots);
			sched_set_release(&roots);
			if (sched_is_busy(s)) {
				sched_advance(s);
				return;
			}
		}
	}
	sched_set_release(&roots);
	s->qpos = s->nqueue = 0;
	s->restarts = 0;
	if (s->was_busy) {
		s->was_busy = false;
		sched_emit(s, SCHED_EV_IDLE, 0, NULL, NULL, NULL);
	}
}

/* Kernel death */

static void
sched_on_death(struct sched *s)
{
	struct buf msg = BUF_INIT, why = BUF_INIT;
	struct sched_set rest = { 0 };
	struct sched_cell *killer = NULL;
	const char *death = kern_death(s->kern);
	size_t i;

	s->npending = 0;	/* no answer will come */
	buf_adds(&why, death != NULL ? death : "the kernel died");
	/* A kernel that died before READY never ran the cell sent to it:
	 * it could not start (a bad virtualenv), and restarting would only
	 * fail again. */
	if (s->ninflight > 0 && s->ready) {
		killer = sched_cell(s, s->inflight[0]);
		if (killer != NULL && killer->cancelled)
			killer = NULL;
	}
	/* Every name the kernel held is gone. */
	for (i = 0; i < s->ncells; i++) {
		struct sched_cell *c = s->cells[i];

		if (c == NULL)
			continue;
		if (c->ndefs_run > 0 || c->info.result == SCHED_SUCCESS ||
		    c->info.result == SCHED_EXCEPTION ||
		    c->info.result == SCHED_STOPPED)
			if (c->in_graph && !c->errored) {
				c->info.stale = true;
				sched_status(s, c);
			}
		sched_defs_clear(c);
	}
	sched_emit(s, SCHED_EV_KERNEL, 0, NULL, NULL, why.ptr);
	if (killer != NULL) {
		killer->planned = false;
		killer->info.state = SCHED_IDLE;
		killer->info.stale = true;
		sched_result(killer, SCHED_KILLED, SCHED_ERR_KERNEL_DIED, 0,
		    "The kernel died while this cell was running: %s",
		    why.ptr);
		sched_status(s, killer);
		sched_emit(s, SCHED_EV_DONE, killer->id, NULL, NULL, NULL);
		sched_cancel_descendants(s, killer->id,
		    SCHED_ERR_ANCESTOR_DIED, "This cell wasn't run because an "
		    "ancestor crashed the kernel");
	}
	/* What was in flight did not run: it goes back to the queue. */
	for (i = 0; i < s->ninflight; i++) {
		struct sched_cell *c = sched_cell(s, s->inflight[i]);

		if (c == NULL || c == killer)
			continue;
		c->info.state = SCHED_IDLE;
		if (!c->cancelled)
			sched_set_add(&rest, c->id);
		c->cancelled = false;
	}
	sched_flight_clear(s);
	for (i = s->qpos; i < s->nqueue; i++) {
		struct sched_cell *c = sched_cell(s, s->queue[i]);

		if (c != NULL && c->planned)
			sched_set_add(&rest, c->id);
	}
	s->qpos = s->nqueue = 0;
	for (i = 0; i < rest.n; i++)
		sched_cell(s, rest.v[i])->planned = false;

	if (rest.n > 0 && killer != NULL && s->restart_on_death &&
	    s->restarts < SCHED_MAX_RESTARTS && sched_kernel(s) == 0) {
		/* Go on in a fresh kernel; the ancestors of what is left are
		 * all stale now, so planning reruns them. */
		s->restarts++;
		sched_emit(s, SCHED_EV_KERNEL, 0, NULL, NULL,
		    "the kernel was restarted");
		sched_plan(s, &rest, false);
		sched_advance(s);
	} else {
		buf_addf(&msg, s->ready ? "The kernel died before this cell "
		    "could run: %s" : "The kernel could not start: %s",
		    why.ptr);
		for (i = 0; i < rest.n; i++) {
			struct sched_cell *c = sched_cell(s, rest.v[i]);

			sched_result(c, killer != NULL ? SCHED_INTERRUPTED :
			    SCHED_KILLED, killer != NULL ?
			    SCHED_ERR_INTERRUPTION : s->ready ?
			    SCHED_ERR_KERNEL_DIED : SCHED_ERR_KERNEL_START, 0,
			    "%s", msg.ptr);
			c->info.state = SCHED_IDLE;
			c->info.stale = true;
			sched_status(s, c);
			sched_emit(s, SCHED_EV_DONE, c->id, NULL, NULL, NULL);
		}
		for (i = 0; i < s->nupdates; i++)
			free(s->updates[i].name);
		s->nupdates = 0;
		sched_finish_run(s);
	}
	sched_set_release(&rest);
	buf_release(&msg);
	buf_release(&why);
}

/* Widgets */

/*
 * A WIDGET answer: the element's value changed in the kernel, so the
 * readers of the names bound to it rerun (not the cell that defined
 * them). While a run goes on they are recorded as mo.state updates are,
 * and planned when it ends: cells that start after the answer already
 * saw the new value and are not run twice.
 */
static void
sched_on_widget(struct sched *s, const struct proto_msg *m)
{
	struct proto_widget w;
	struct sched_event ev;
	size_t i;

	if (s->npending > 0)
		s->npending--;
	if (proto_widget_parse(&w, m) < 0)
		return;
	if (w.error == NULL && w.nnames > 0) {
		if (sched_is_busy(s)) {
			for (i = 0; i < w.nnames; i++) {
				struct sched_state_update *u;

				if (s->nupdates == s->updates_alloc) {
					s->updates_alloc = s->updates_alloc ?
					    2 * s->updates_alloc : 8;
					s->updates = xreallocarray(s->updates,
					    s->updates_alloc,
					    sizeof *s->updates);
				}
				u = &s->updates[s->nupdates++];
				u->name = xstrdup(w.names[i]);
				u->setter = w.cell;
				u->seq = s->seq;
			}
		} else
			(void)sched_names_changed(s, w.names, w.nnames,
			    w.cell);
	}
	if (s->cb != NULL) {
		memset(&ev, 0, sizeof ev);
		ev.type = SCHED_EV_WIDGET;
		ev.cell = w.cell;
		ev.widget = &w;
		s->cb(&ev, s->cb_arg);
	}
	proto_widget_release(&w);
}

/* Driving */

static void
sched_handle(struct sched *s, const struct proto_msg *m)
{
	switch (m->type) {
	case PROTO_READY:
		s->ready = true;
		break;
	case PROTO_STREAM: {
		struct proto_stream st;

		if (proto_stream_parse(&st, m) == 0)
			sched_emit(s, SCHED_EV_STREAM, st.cell, &st, NULL,
			    NULL);
		break;
	}
	case PROTO_DISPLAY: {
		struct proto_display d;

		if (proto_display_parse(&d, m) == 0) {
			sched_emit(s, SCHED_EV_DISPLAY, d.cell, NULL, &d,
			    NULL);
			proto_display_release(&d);
		}
		break;
	}
	case PROTO_DONE:
		sched_on_done(s, m);
		break;
	case PROTO_STATE:
		sched_on_state(s, m);
		break;
	case PROTO_COMPLETIONS: {
		/* Not the scheduler's business: handed to whoever asked. */
		struct proto_completions c;
		struct sched_event ev;

		if (s->cb != NULL && proto_completions_parse(&c, m) == 0) {
			memset(&ev, 0, sizeof ev);
			ev.type = SCHED_EV_COMPLETIONS;
			ev.completions = &c;
			s->cb(&ev, s->cb_arg);
			proto_completions_release(&c);
		}
		break;
	}
	case PROTO_VARS: {
		struct proto_vars v;
		struct sched_event ev;

		if (s->cb != NULL && proto_vars_parse(&v, m) == 0) {
			memset(&ev, 0, sizeof ev);
			ev.type = SCHED_EV_VARS;
			ev.vars = &v;
			s->cb(&ev, s->cb_arg);
			proto_vars_release(&v);
		}
		break;
	}
	case PROTO_WIDGET:
		sched_on_widget(s, m);
		break;
	case PROTO_TABLE: {
		struct proto_table t;
		struct sched_event ev;

		if (s->npending > 0)
			s->npending--;
		if (s->cb != NULL && proto_table_parse(&t, m) == 0) {
			memset(&ev, 0, sizeof ev);
			ev.type = SCHED_EV_TABLE;
			ev.table = &t;
			s->cb(&ev, s->cb_arg);
		}
		break;
	}
	case PROTO_ERROR: {
		struct proto_error e;

		if (proto_error_parse(&e, m) == 0 && !e.fatal)
			sched_emit(s, SCHED_EV_KERNEL, 0, NULL, NULL,
			    e.message);
		break;
	}
	default:
		break;
	}
}

int
sched_pump(struct sched *s)
{
	struct proto_msg m = PROTO_MSG_INIT;
	int r;

	if (!kern_is_alive(s->kern)) {
		if (sched_is_busy(s))
			sched_on_death(s);
		return 0;
	}
	(void)kern_flush(s->kern);
	while ((r = kern_next(s->kern, &m)) == 1) {
		sched_handle(s, &m);
		proto_msg_release(&m);
		sched_advance(s);
	}
	if (r < 0) {
		sched_on_death(s);
		return 0;
	}
	sched_advance(s);
	return 0;
}

int
sched_wait(struct sched *s, int timeout_ms)
{
	struct proto_msg m = PROTO_MSG_INIT;
	struct timespec t0, t1;
	int r, left = timeout_ms, elapsed;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	(void)sched_pump(s);
	while (sched_is_busy(s) || s->npending > 0) {
		if (!kern_is_alive(s->kern)) {
			sched_on_death(s);
			continue;
		}
		if (timeout_ms >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			elapsed = (int)((t1.tv_sec - t0.tv_sec) * 1000 +
			    (t1.tv_nsec - t0.tv_nsec) / 1000000);
			if (elapsed >= timeout_ms)
				return 1;
			left = timeout_ms - elapsed;
		}
		r = kern_wait(s->kern, &m, left);
		if (r == 1) {
			sched_handle(s, &m);
			proto_msg_release(&m);
			(void)sched_pump(s);
		} else if (r < 0)
			sched_on_death(s);
	}
	return 0;
}

/* Requests */

static int
sched_begin(struct sched *s)
{
	if (sched_kernel(s) < 0)
		return -1;
	if (!s->was_busy && sched_is_busy(s))
		s->was_busy = true;
	return 0;
}

static int
sched_go(struct sched *s)
{
	if (sched_is_busy(s))
		s->was_busy = true;
	sched_advance(s);
	return 0;
}

int
sched_load(struct sched *s)
{
	uint32_t *ids;
	size_t i, n = nb_ncells(s->nb);
	struct sched_set roots = { 0 };

	sched_sync(s, NULL);
	ids = xreallocarray(NULL, n + 1, sizeof *ids);
	for (i = 0; i < n; i++)
		ids[i] = nb_cell_id(nb_cell_at(s->nb, i));
	sched_mutate(s, ids, n, NULL, 0, true, &roots);
	free(ids);
	sched_set_release(&roots);
	return 0;
}

int
sched_run_cells(struct sched *s, const uint32_t *ids, size_t n)
{
	struct sched_set roots = { 0 };

	if (sched_begin(s) < 0)
		return -1;
	sched_sync(s, &roots);
	sched_mutate(s, ids, n, NULL, 0, false, &roots);
	sched_report_blocked(s, ids, n);
	sched_plan(s, &roots, !s->lazy);
	sched_set_release(&roots);
	return sched_go(s);
}

int
sched_run_all(struct sched *s)
{
	uint32_t *ids;
	size_t i, n = nb_ncells(s->nb);
	int r;

	ids = xreallocarray(NULL, n + 1, sizeof *ids);
	for (i = 0; i < n; i++)
		ids[i] = nb_cell_id(nb_cell_at(s->nb, i));
	/* Run all: every cell runs, lazy or not. */
	{
		struct sched_set roots = { 0 };

		if (sched_begin(s) < 0) {
			free(ids);
			return -1;
		}
		sched_sync(s, &roots);
		sched_mutate(s, ids, n, NULL, 0, false, &roots);
		sched_report_blocked(s, ids, n);
		for (i = 0; i < n; i++) {
			struct sched_cell *c = sched_cell(s, ids[i]);

			if (c != NULL && c->in_graph && !c->errored)
				sched_set_add(&roots, ids[i]);
		}
		sched_plan(s, &roots, true);
		sched_set_release(&roots);
		r = sched_go(s);
	}
	free(ids);
	return r;
}

int
sched_run_stale(struct sched *s)
{
	struct sched_set roots = { 0 };
	struct sched_set disabled = { 0 };
	size_t i;

	if (sched_begin(s) < 0)
		return -1;
	sched_sync(s, &roots);
	sched_mark_disabled(s, &disabled);
	for (i = 0; i < s->ncells; i++) {
		struct sched_cell *c = s->cells[i];

		if (c != NULL && c->in_graph && !c->errored && c->info.stale &&
		    !sched_set_has(&disabled, c->id))
			sched_set_add(&roots, c->id);
	}
	sched_plan(s, &roots, true);
	sched_set_release(&roots);
	sched_set_release(&disabled);
	return sched_go(s);
}

int
sched_delete_cell(struct sched *s, uint32_t id)
{
	struct sched_set roots = { 0 };

	if (sched_cell(s, id) == NULL)
		return 0;
	if (sched_begin(s) < 0)
		return -1;
	/* A DONE still coming for it finds no cell and is dropped. */
	sched_mutate(s, NULL, 0, &id, 1, false, &roots);
	sched_plan(s, &roots, true);
	sched_set_release(&roots);
	return sched_go(s);
}

int
sched_config_changed(struct sched *s, uint32_t id)
{
	struct sched_set disabled = { 0 }, roots = { 0 };
	uint32_t *d;
	size_t i, n;

	if (sched_cell(s, id) == NULL || !sched_cell(s, id)->in_graph)
		return 0;
	sched_index(s);
	sched_mark_disabled(s, &disabled);
	if (sched_set_has(&disabled, id)) {
		sched_set_release(&disabled);
		return 0;
	}
	/* Enabled: what went stale while disabled runs now. */
	d = graph_descendants(s->g, &id, 1, &n);
	for (i = 0; i < n; i++) {
		struct sched_cell *c = sched_cell(s, d[i]);

		if (c != NULL && c->info.stale && !c->errored &&
		    !sched_set_has(&disabled, d[i])) {
			if (c->info.result == SCHED_DISABLED) {
				sched_result(c, SCHED_NONE, SCHED_ERR_NONE, 0,
				    NULL);
				sched_status(s, c);
			}
			sched_set_add(&roots, d[i]);
		}
	}
	free(d);
	sched_set_release(&disabled);
	if (roots.n > 0 && !s->lazy) {
		if (sched_begin(s) < 0) {
			sched_set_release(&roots);
			return -1;
		}
		sched_plan(s, &roots, true);
	}
	sched_set_release(&roots);
	return sched_go(s);
}

int
sched_names_changed(struct sched *s, const char *const *names, size_t n,
    uint32_t origin)
{
	struct sched_set roots = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		sched_readers(s, names[i], origin, 0, false, &roots);
	if (roots.n > 0 && !s->lazy && sched_begin(s) < 0) {
		sched_set_release(&roots);
		return -1;
	}
	sched_run_roots(s, &roots);
	sched_set_release(&roots);
	return sched_go(s);
}

/*
 * Queue a widget or table request for the kernel that holds them. The
 * frame is parsed back first: one the kernel would refuse (a bad id, a
 * value that is not JSON, too many rows) is refused here, since the
 * kernel's refusal would be an ERROR no answer waits for.
 */
static int
sched_request(struct sched *s, const struct buf *frame)
{
	struct proto_msg m = PROTO_MSG_INIT;
	struct proto_set_widget w;
	struct proto_table_window t;
	int r;

	if (proto_decode(&m, frame->ptr, frame->len, 0) < 0)
		return -1;
	r = m.type == PROTO_SET_WIDGET ? proto_set_widget_parse(&w, &m) :
	    proto_table_window_parse(&t, &m);
	proto_msg_release(&m);
	if (r < 0)
		return -1;
	if (!kern_is_alive(s->kern)) {
		err_set("the kernel is not running");
		return -1;
	}
	if (kern_send_frame(s->kern, frame->ptr, frame->len) < 0)
		return -1;
	s->npending++;
	(void)kern_flush(s->kern);
	return 0;
}

int
sched_set_widget(struct sched *s, uint32_t cell, const char *widget,
    const char *json, size_t len, uint32_t *req)
{
	struct proto_set_widget w = { 0 };
	struct buf frame = BUF_INIT;
	int r;

	w.id = ++s->next_req;
	w.cell = cell;
	w.widget = widget;
	w.value = json;
	w.valuelen = len;
	r = proto_set_widget_encode(&frame, &w);
	if (r == 0)
		r = sched_request(s, &frame);
	if (r == 0 && req != NULL)
		*req = w.id;
	buf_release(&frame);
	return r;
}

int
sched_table_window(struct sched *s, const struct proto_table_window *q,
    uint32_t *req)
{
	struct proto_table_window t = *q;
	struct buf frame = BUF_INIT;
	int r;

	t.id = ++s->next_req;
	r = proto_table_window_encode(&frame, &t);
	if (r == 0)
		r = sched_request(s, &frame);
	if (r == 0 && req != NULL)
		*req = t.id;
	buf_release(&frame);
	return r;
}

int
sched_interrupt(struct sched *s)
{
	if (!sched_is_busy(s))
		return 0;
	s->interrupted = true;
	sched_interrupt_rest(s, 1);
	if (s->ninflight > 0)
		return kern_interrupt(s->kern);
	sched_advance(s);
	return 0;
}

int
sched_restart(struct sched *s)
{
	size_t i;

	if (sched_is_busy(s)) {
		s->interrupted = true;
		sched_interrupt_rest(s, 0);
		sched_flight_clear(s);
	}
	kern_stop(s->kern);
	for (i = 0; i < s->ncells; i++) {
		struct sched_cell *c = s->cells[i];

		if (c == NULL)
			continue;
		sched_defs_clear(c);
		c->cancelled = false;
		c->info.state = SCHED_IDLE;
		if (c->in_graph && !c->errored && !c->info.stale) {
			c->info.stale = true;
			sched_status(s, c);
		}
	}
	if (sched_kernel(s) < 0)
		return -1;
	sched_emit(s, SCHED_EV_KERNEL, 0, NULL, NULL,
	    "the kernel was restarted");
	sched_finish_run(s);
	return 0;
}
