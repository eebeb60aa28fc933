/*
 * celldiff.c: the cell-aware diff. Owns pairing the cells of two
 * notebooks and the line and word diffs inside a pair; reading files and
 * git are vcs.c's, drawing the result is the caller's.
 *
 * The one idea: pair cells first, diff text second. Pairing runs in
 * passes, each over the cells the earlier ones left alone:
 *
 *  1. ids, when the caller says both sides come from one model;
 *  2. names: a named cell pairs with the first unpaired cell of the same
 *     name on the other side;
 *  3. identical text, in order;
 *  4. line similarity: the Dice coefficient of the two multisets of
 *     non-blank lines (each trimmed of surrounding whitespace), at least
 *     0.5, best pairs first (ties: the pair nearer in position);
 *  5. between two pairs kept in order, the unpaired cells on each side
 *     pair by the Dice coefficient of their character bigrams (at least
 *     0.5; 0.4 when exactly one cell is left on each side; whitespace
 *     is dropped first): this catches small cells whose only line was
 *     edited;
 *  6. splits and merges: an unpaired old cell and an unpaired new cell
 *     pair when they share at least two lines and at least half of the
 *     smaller one's lines (the biggest piece first).
 *
 * Then the rule for splits and merges: a new cell left unpaired whose
 * lines mostly (at least half) come from one old cell is ADDED with
 * CELLDIFF_F_SPLIT and other_idx naming that old cell, and the entry of
 * that old cell gets CELLDIFF_F_SPLIT too; an old cell left unpaired whose
 * lines mostly went to one new cell is REMOVED with CELLDIFF_F_MERGED and
 * other_idx naming that new cell, whose entry gets CELLDIFF_F_MERGED.
 * So "a -> a1, a2" reads as a changed (lines removed) plus a2 added, split
 * from a; "a, b -> ab" as ab changed (lines added) plus b removed, merged
 * into ab.
 *
 * Moves: among the pairs, the longest run that kept its order (longest
 * increasing subsequence of old positions in new order) stays put; every
 * other pair has moved.
 *
 * Lines are diffed with Myers' algorithm in linear space (the middle
 * snake, as in GNU diff's analyze.c, with its cut-off for very costly
 * inputs), on integer ids given to equal lines, after trimming the
 * common head and tail. Words inside a pair of changed lines are diffed
 * the same way, over tokens: runs of letters, digits, '_' and non-ASCII
 * bytes; runs of whitespace; single other bytes.
 */
#include "config.h"

#include "celldiff.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "nb.h"
#include "xmalloc.h"

#define CD_NONE CELLDIFF_NONE
#define CD_COMMON_LINE 100	/* a line in more cells is no evidence */
#define CD_GAP_PAIRS 4096	/* bigram scoring bound per gap */
#define CD_TOO_EXPENSIVE 4096	/* Myers cost before the heuristic */

/* One cell of one side while pairing. */
struct cd_cell {
	uint32_t id;
	size_t idx;
	const char *src;	/* borrowed from the notebook while building */
	size_t len;
	const char *name;	/* borrowed likewise */
	bool named;
	struct nb_cell_config cfg;
	uint64_t hash;		/* of the whole text */
	size_t nlines;		/* non-blank lines */
	size_t match;		/* index on the other side, or CD_NONE */
	bool moved;
	uint32_t *bigrams;	/* sorted, made on demand */
	size_t nbigrams;
	bool has_bigrams;
};

/* (line hash, cell, count): the postings of one side, sorted by hash. */
struct cd_post {
	uint64_t hash;
	size_t cell;
	size_t count;
};

struct cd_side {
	struct cd_cell *c;
	size_t n;
	struct cd_post *post;
	size_t npost;
};

/* What an entry owns. */
struct cd_store {
	char *old_text, *new_text;
	char *old_name, *new_name;
	struct celldiff_line *lines;
	struct celldiff_span *spans;
	struct celldiff_hunk *hunks;
};

struct celldiff {
	struct celldiff_entry *entries;
	struct cd_store *store;
	size_t nentries;
	size_t *old_entry, *new_entry;	/* position -> entry */
	size_t nold, nnew;
	bool header_changed;
};

/* A candidate pair. */
struct cd_cand {
	double score;
	size_t o, n;
	size_t dist;
};

static uint64_t
celldiff_hash(const char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static bool
celldiff_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* ---------------------------------------------------------------- */
/* Interning: equal byte strings get equal small ids.                */

struct cd_intern {
	struct cd_slot {
		uint64_t hash;
		const char *p;
		size_t len;
		uint32_t id;
		bool used;
	} *slot;
	size_t mask;
	uint32_t next;
};

static void
celldiff_intern_init(struct cd_intern *t, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n + 2)
		cap *= 2;
	t->slot = xcalloc(cap, sizeof *t->slot);
	t->mask = cap - 1;
	t->next = 0;
}

static uint32_t
celldiff_intern(struct cd_intern *t, const char *p, size_t len)
{
	uint64_t h = celldiff_hash(p, len);
	size_t i = (size_t)h & t->mask;

	while (t->slot[i].used) {
		if (t->slot[i].hash == h && t->slot[i].len == len &&
		    memcmp(t->slot[i].p, p, len) == 0)
			return t->slot[i].id;
		i = (i + 1) & t->mask;
	}
	t->slot[i].used = true;
	t->slot[i].hash = h;
	t->slot[i].p = p;
	t->slot[i].len = len;
	t->slot[i].id = t->next++;
	return t->slot[i].id;
}

/* ---------------------------------------------------------------- */
/* Myers' diff over id sequences; marks deleted and inserted items.  */

struct cd_myers {
	const uint32_t *a, *b;
	bool *adel, *badd;
	long *fd, *bd;		/* indexed by diagonal, offset applied */
};

/*
** Find the midpoint of the shortest edit script of a[xoff, xlim) and
** b[yoff, ylim): GNU diff's diag() without its speed heuristics except
** the cut-off, past which the furthest-reaching diagonal is taken (a
** correct but perhaps longer script).
*/
static void
celldiff_myers_split(struct cd_myers *m, long xoff, long xlim, long yoff,
    long ylim, long *xmid, long *ymid)
{
	long *fd = m->fd, *bd = m->bd;
	const uint32_t *a = m->a, *b = m->b;
	long dmin = xoff - ylim, dmax = xlim - yoff;
	long fmid = xoff - yoff, bmid = xlim - ylim;
	long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	long c, d, x, y;
	bool odd = ((fmid - bmid) & 1) != 0;

	fd[fmid] = xoff;
	bd[bmid] = xlim;
	for (c = 1;; c++) {
		if (fmin > dmin)
			fd[--fmin - 1] = -1;
		else
			++fmin;
		if (fmax < dmax)
			fd[++fmax + 1] = -1;
		else
			--fmax;
		for (d = fmax; d >= fmin; d -= 2) {
			long tlo = fd[d - 1], thi = fd[d + 1];

			x = tlo >= thi ? tlo + 1 : thi;
			y = x - d;
			while (x < xlim && y < ylim && a[x] == b[y]) {
				x++;
				y++;
			}
			fd[d] = x;
			if (odd && bmin <= d && d <= bmax && bd[d] <= x) {
				*xmid = x;
				*ymid = y;
				return;
			}
		}
		if (bmin > dmin)
			bd[--bmin - 1] = LONG_MAX;
		else
			++bmin;
		if (bmax < dmax)
			bd[++bmax + 1] = LONG_MAX;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			long tlo = bd[d - 1], thi = bd[d + 1];

			x = tlo < thi ? tlo : thi - 1;
			y = x - d;
			while (x > xoff && y > yoff && a[x - 1] == b[y - 1]) {
				x--;
				y--;
			}
			bd[d] = x;
			if (!odd && fmin <= d && d <= fmax && x <= fd[d]) {
				*xmid = x;
				*ymid = y;
				return;
			}
		}
		if (c >= CD_TOO_EXPENSIVE) {
			long fxybest = -1, fxbest = xoff;
			long bxybest = LONG_MAX, bxbest = xlim;

			for (d = fmax; d >= fmin; d -= 2) {
				x = fd[d] < xlim ? fd[d] : xlim;
				y = x - d;
				if (ylim < y) {
					x = ylim + d;
					y = ylim;
				}
				if (fxybest < x + y) {
					fxybest = x + y;
					fxbest = x;
				}
			}
			for (d = bmax; d >= bmin; d -= 2) {
				x = bd[d] > xoff ? bd[d] : xoff;
				y = x - d;
				if (y < yoff) {
					x = yoff + d;
					y = yoff;
				}
				if (x + y < bxybest) {
					bxybest = x + y;
					bxbest = x;
				}
			}
			if ((xlim + ylim) - bxybest < fxybest - (xoff + yoff)) {
				*xmid = fxbest;
				*ymid = fxybest - fxbest;
			} else {
				*xmid = bxbest;
				*ymid = bxybest - bxbest;
			}
			return;
		}
	}
}

static void
celldiff_myers_rec(struct cd_myers *m, long xoff, long xlim, long yoff,
    long ylim)
{
	long xmid, ymid;

	for (;;) {
		while (xoff < xlim && yoff < ylim &&
		    m->a[xoff] == m->b[yoff]) {
			xoff++;
			yoff++;
		}
		while (xlim > xoff && ylim > yoff &&
		    m->a[xlim - 1] == m->b[ylim - 1]) {
			xlim--;
			ylim--;
		}
		if (xoff == xlim) {
			while (yoff < ylim)
				m->badd[yoff++] = true;
			return;
		}
		if (yoff == ylim) {
			while (xoff < xlim)
				m->adel[xoff++] = true;
			return;
		}
		celldiff_myers_split(m, xoff, xlim, yoff, ylim, &xmid, &ymid);
		/* Recurse on the smaller half, loop on the other. */
		if (xmid - xoff + ymid - yoff < xlim - xmid + ylim - ymid) {
			celldiff_myers_rec(m, xoff, xmid, yoff, ymid);
			xoff = xmid;
			yoff = ymid;
		} else {
			celldiff_myers_rec(m, xmid, xlim, ymid, ylim);
			xlim = xmid;
			ylim = ymid;
		}
	}
}

/* adel[n] and badd[m] must be zeroed by the caller. */
static void
celldiff_myers(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
    bool *adel, bool *badd)
{
	struct cd_myers my;
	long *fd, *bd;
	size_t diags = n + m + 3;

	if (n == 0 || m == 0) {
		memset(adel, 1, n * sizeof *adel);
		memset(badd, 1, m * sizeof *badd);
		return;
	}
	fd = xreallocarray(NULL, diags, sizeof *fd);
	bd = xreallocarray(NULL, diags, sizeof *bd);
	my.a = a;
	my.b = b;
	my.adel = adel;
	my.badd = badd;
	my.fd = fd + m + 1;
	my.bd = bd + m + 1;
	celldiff_myers_rec(&my, 0, (long)n, 0, (long)m);
	free(fd);
	free(bd);
}

/* ---------------------------------------------------------------- */
/* Splitting text.                                                   */

struct cd_piece {
	size_t off, len;
};

/* Lines of a text: none when empty, else count('\n') + 1. */
static struct cd_piece *
celldiff_lines_split(const char *p, size_t len, size_t *n)
{
	struct cd_piece *v;
	size_t i, k = 1, start = 0;

	*n = 0;
	if (len == 0)
		return NULL;
	for (i = 0; i < len; i++)
		if (p[i] == '\n')
			k++;
	v = xreallocarray(NULL, k, sizeof *v);
	for (i = 0; i <= len; i++) {
		if (i == len || p[i] == '\n') {
			v[*n].off = start;
			v[*n].len = i - start;
			(*n)++;
			start = i + 1;
		}
	}
	return v;
}

static int
celldiff_token_class(unsigned char c)
{
	if (c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c >= 0x80)
		return 1;
	if (celldiff_is_space((char)c))
		return 2;
	return 0;
}

static struct cd_piece *
celldiff_tokens_split(const char *p, size_t len, size_t *n)
{
	struct cd_piece *v = NULL;
	size_t i = 0, alloc = 0;
	int cls;

	*n = 0;
	while (i < len) {
		size_t start = i;

		cls = celldiff_token_class((unsigned char)p[i]);
		i++;
		if (cls != 0)
			while (i < len &&
			    celldiff_token_class((unsigned char)p[i]) == cls)
				i++;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			v = xreallocarray(v, alloc, sizeof *v);
		}
		v[*n].off = start;
		v[*n].len = i - start;
		(*n)++;
	}
	return v;
}

/* Equal once every whitespace byte is dropped. */
static bool
celldiff_ws_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < alen && (celldiff_is_space(a[i]) || a[i] == '\n'))
			i++;
		while (j < blen && (celldiff_is_space(b[j]) || b[j] == '\n'))
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (a[i] != b[j])
			return false;
		i++;
		j++;
	}
}

/* ---------------------------------------------------------------- */
/* One entry's line script, word spans and hunks.                    */

struct cd_spanv {
	struct celldiff_span *v;
	size_t n, alloc;
};

/* Add a span; it joins the previous one when they touch and that one
 * is past floor (the first span of the current line). */
static void
celldiff_span_add(struct cd_spanv *sv, size_t floor, size_t off,
    size_t len)
{
	if (sv->n > floor &&
	    sv->v[sv->n - 1].off + sv->v[sv->n - 1].len == off) {
		sv->v[sv->n - 1].len += len;
		return;
	}
	if (sv->n == sv->alloc) {
		sv->alloc = sv->alloc ? 2 * sv->alloc : 16;
		sv->v = xreallocarray(sv->v, sv->alloc, sizeof *sv->v);
	}
	sv->v[sv->n].off = off;
	sv->v[sv->n].len = len;
	sv->n++;
}

/*
 * Word diff of a paired DEL line a and ADD line b. Spans go to sv; the
 * lines record where theirs start (as indices, made pointers later).
 */
static void
celldiff_words(struct celldiff_line *la, struct celldiff_line *lb,
    struct cd_spanv *sv, size_t *afirst, size_t *bfirst)
{
	struct cd_piece *ta, *tb;
	struct cd_intern t;
	uint32_t *ia, *ib;
	bool *adel, *badd;
	size_t na, nb, i, common = 0, solid_a = 0, solid_b = 0;

	la->ws_only = lb->ws_only = celldiff_ws_equal(la->text, la->len,
	    lb->text, lb->len);
	ta = celldiff_tokens_split(la->text, la->len, &na);
	tb = celldiff_tokens_split(lb->text, lb->len, &nb);
	celldiff_intern_init(&t, na + nb);
	ia = xreallocarray(NULL, na + 1, sizeof *ia);
	ib = xreallocarray(NULL, nb + 1, sizeof *ib);
	for (i = 0; i < na; i++)
		ia[i] = celldiff_intern(&t, la->text + ta[i].off, ta[i].len);
	for (i = 0; i < nb; i++)
		ib[i] = celldiff_intern(&t, lb->text + tb[i].off, tb[i].len);
	adel = xcalloc(na + 1, sizeof *adel);
	badd = xcalloc(nb + 1, sizeof *badd);
	celldiff_myers(ia, na, ib, nb, adel, badd);
	for (i = 0; i < na; i++) {
		bool solid = celldiff_token_class(
		    (unsigned char)la->text[ta[i].off]) != 2;

		if (solid)
			solid_a += ta[i].len;
		if (!adel[i] && solid)
			common += ta[i].len;
	}
	for (i = 0; i < nb; i++)
		if (celldiff_token_class(
		    (unsigned char)lb->text[tb[i].off]) != 2)
			solid_b += tb[i].len;
	/* Mark words only when the lines are recognisably the same line:
	 * at least a third of the shorter one's non-blank bytes kept. */
	*afirst = *bfirst = sv->n;
	if (la->ws_only || 3 * common >= (solid_a < solid_b ? solid_a :
	    solid_b)) {
		*afirst = sv->n;
		for (i = 0; i < na; i++)
			if (adel[i])
				celldiff_span_add(sv, *afirst, ta[i].off,
				    ta[i].len);
		la->nspans = sv->n - *afirst;
		*bfirst = sv->n;
		for (i = 0; i < nb; i++)
			if (badd[i])
				celldiff_span_add(sv, *bfirst, tb[i].off,
				    tb[i].len);
		lb->nspans = sv->n - *bfirst;
	}
	free(ta);
	free(tb);
	free(ia);
	free(ib);
	free(adel);
	free(badd);
	free(t.slot);
}

static void
celldiff_hunks_make(struct celldiff_entry *e, struct cd_store *st,
    size_t ctx)
{
	struct celldiff_hunk *h = NULL;
	size_t i, j, nh = 0, alloc = 0, first, last;
	size_t oldline, newline;

	i = 0;
	while (i < e->nlines) {
		while (i < e->nlines && e->lines[i].op == CELLDIFF_EQUAL)
			i++;
		if (i == e->nlines)
			break;
		first = i > ctx ? i - ctx : 0;
		last = i;
		/* Extend while the next change is within 2 * ctx lines. */
		for (j = i; j < e->nlines; j++) {
			if (e->lines[j].op != CELLDIFF_EQUAL)
				last = j;
			else if (j - last > 2 * ctx)
				break;
		}
		last = last + ctx < e->nlines - 1 ? last + ctx :
		    e->nlines - 1;
		if (nh == alloc) {
			alloc = alloc ? 2 * alloc : 4;
			h = xreallocarray(h, alloc, sizeof *h);
		}
		h[nh].first = first;
		h[nh].n = last - first + 1;
		h[nh].old_count = h[nh].new_count = 0;
		h[nh].old_start = h[nh].new_start = 0;
		/* Lines before the hunk on each side give empty starts. */
		oldline = newline = 0;
		for (j = 0; j < first; j++) {
			if (e->lines[j].op != CELLDIFF_ADD)
				oldline++;
			if (e->lines[j].op != CELLDIFF_DEL)
				newline++;
		}
		for (j = first; j <= last; j++) {
			if (e->lines[j].op != CELLDIFF_ADD)
				h[nh].old_count++;
			if (e->lines[j].op != CELLDIFF_DEL)
				h[nh].new_count++;
		}
		h[nh].old_start = h[nh].old_count ? oldline + 1 : oldline;
		h[nh].new_start = h[nh].new_count ? newline + 1 : newline;
		nh++;
		i = last + 1;
	}
	st->hunks = h;
	e->hunks = h;
	e->nhunks = nh;
}

/*
 * Fill e's lines (and spans and hunks) from the old and new texts, which
 * st already owns (either may be NULL for a lone cell).
 */
static void
celldiff_entry_lines(struct celldiff_entry *e, struct cd_store *st,
    size_t oldlen, size_t newlen, size_t ctx)
{
	struct cd_piece *pa = NULL, *pb = NULL;
	struct celldiff_line *l;
	struct cd_spanv sv = { NULL, 0, 0 };
	struct cd_intern t;
	uint32_t *ia = NULL, *ib = NULL;
	bool *adel, *badd;
	size_t *sfirst;
	size_t na = 0, nb = 0, i, j, k, nl;
	const char *a = st->old_text, *b = st->new_text;

	if (a != NULL)
		pa = celldiff_lines_split(a, oldlen, &na);
	if (b != NULL)
		pb = celldiff_lines_split(b, newlen, &nb);
	adel = xcalloc(na + 1, sizeof *adel);
	badd = xcalloc(nb + 1, sizeof *badd);
	if (a != NULL && b != NULL && !(oldlen == newlen &&
	    memcmp(a, b, oldlen) == 0)) {
		celldiff_intern_init(&t, na + nb);
		ia = xreallocarray(NULL, na + 1, sizeof *ia);
		ib = xreallocarray(NULL, nb + 1, sizeof *ib);
		for (i = 0; i < na; i++)
			ia[i] = celldiff_intern(&t, a + pa[i].off, pa[i].len);
		for (i = 0; i < nb; i++)
			ib[i] = celldiff_intern(&t, b + pb[i].off, pb[i].len);
		celldiff_myers(ia, na, ib, nb, adel, badd);
		free(t.slot);
	} else if (a == NULL) {
		for (j = 0; j < nb; j++)
			badd[j] = true;
	} else if (b == NULL) {
		for (i = 0; i < na; i++)
			adel[i] = true;
	}

	l = xcalloc(na + nb + 1, sizeof *l);
	sfirst = xcalloc(na + nb + 1, sizeof *sfirst);
	nl = i = j = 0;
	while (i < na || j < nb) {
		size_t d0 = nl, nd, na0;

		if (i < na && adel[i]) {
			while (i < na && adel[i]) {
				l[nl].op = CELLDIFF_DEL;
				l[nl].old_lineno = i + 1;
				l[nl].text = a + pa[i].off;
				l[nl].len = pa[i].len;
				nl++;
				i++;
			}
		}
		nd = nl - d0;
		na0 = nl;
		while (j < nb && badd[j]) {
			l[nl].op = CELLDIFF_ADD;
			l[nl].new_lineno = j + 1;
			l[nl].text = b + pb[j].off;
			l[nl].len = pb[j].len;
			nl++;
			j++;
		}
		/* Pair the k-th removed line with the k-th added one. */
		for (k = 0; k < nd && na0 + k < nl; k++)
			celldiff_words(&l[d0 + k], &l[na0 + k], &sv,
			    &sfirst[d0 + k], &sfirst[na0 + k]);
		if (nl == d0 && (i < na || j < nb)) {
			assert(i < na && j < nb);
			l[nl].op = CELLDIFF_EQUAL;
			l[nl].old_lineno = i + 1;
			l[nl].new_lineno = j + 1;
			l[nl].text = b + pb[j].off;
			l[nl].len = pb[j].len;
			nl++;
			i++;
			j++;
		}
	}
	for (k = 0; k < nl; k++) {
		if (l[k].op == CELLDIFF_ADD)
			e->nadded++;
		else if (l[k].op == CELLDIFF_DEL)
			e->nremoved++;
		if (l[k].nspans > 0)
			l[k].spans = sv.v + sfirst[k];
	}
	st->lines = l;
	st->spans = sv.v;
	e->lines = l;
	e->nlines = nl;
	celldiff_hunks_make(e, st, ctx);
	free(pa);
	free(pb);
	free(ia);
	free(ib);
	free(adel);
	free(badd);
	free(sfirst);
}

/* ---------------------------------------------------------------- */
/* Pairing.                                                          */

static int
celldiff_post_cmp(const void *pa, const void *pb)
{
	const struct cd_post *a = pa, *b = pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->cell != b->cell)
		return a->cell < b->cell ? -1 : 1;
	return 0;
}

/* Normalised non-blank lines of every cell, as sorted postings with
 * counts (duplicates within a cell folded). */
static void
celldiff_side_post(struct cd_side *s)
{
	struct cd_post *p = NULL;
	size_t n = 0, alloc = 0, i, k, out;

	for (i = 0; i < s->n; i++) {
		const char *src = s->c[i].src;
		size_t len = s->c[i].len, pos = 0;

		while (pos < len) {
			size_t end = pos, a, b;

			while (end < len && src[end] != '\n')
				end++;
			a = pos;
			b = end;
			while (a < b && celldiff_is_space(src[a]))
				a++;
			while (b > a && celldiff_is_space(src[b - 1]))
				b--;
			if (b > a) {
				if (n == alloc) {
					alloc = alloc ? 2 * alloc : 64;
					p = xreallocarray(p, alloc, sizeof *p);
				}
				p[n].hash = celldiff_hash(src + a, b - a);
				p[n].cell = i;
				p[n].count = 1;
				n++;
				s->c[i].nlines++;
			}
			pos = end + 1;
		}
	}
	if (n > 0)
		qsort(p, n, sizeof *p, celldiff_post_cmp);
	/* Fold duplicates of one (hash, cell). */
	for (out = 0, k = 0; k < n; k++) {
		if (out > 0 && p[out - 1].hash == p[k].hash &&
		    p[out - 1].cell == p[k].cell)
			p[out - 1].count++;
		else
			p[out++] = p[k];
	}
	s->post = p;
	s->npost = out;
}

/* The postings of hash on side s: [*lo, *hi). */
static void
celldiff_post_range(const struct cd_side *s, uint64_t hash, size_t *lo,
    size_t *hi)
{
	size_t a = 0, b = s->npost;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (s->post[mid].hash < hash)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = s->npost;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (s->post[mid].hash <= hash)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

/*
 * Shared non-blank lines between cell i of side s and every cell of side
 * t: shared[k] for the cells in touched[0, *ntouched). The postings of s
 * for cell i are found by scanning (s's postings are by hash, so each
 * cell's own lines are gathered first into mine).
 */
struct cd_share {
	size_t *shared;		/* per cell of t */
	size_t *touched;
	size_t ntouched;
	struct cd_post **mine;	/* per cell of s: its postings */
	size_t *nmine;
};

static void
celldiff_share_init(struct cd_share *sh, const struct cd_side *s,
    const struct cd_side *t)
{
	size_t i, *fill;

	sh->shared = xcalloc(t->n + 1, sizeof *sh->shared);
	sh->touched = xcalloc(t->n + 1, sizeof *sh->touched);
	sh->ntouched = 0;
	sh->mine = xcalloc(s->n + 1, sizeof *sh->mine);
	sh->nmine = xcalloc(s->n + 1, sizeof *sh->nmine);
	fill = xcalloc(s->n + 1, sizeof *fill);
	for (i = 0; i < s->npost; i++)
		sh->nmine[s->post[i].cell]++;
	for (i = 0; i < s->n; i++)
		sh->mine[i] = xcalloc(sh->nmine[i] + 1, sizeof **sh->mine);
	for (i = 0; i < s->npost; i++) {
		size_t c = s->post[i].cell;

		sh->mine[c][fill[c]++] = s->post[i];
	}
	free(fill);
}

static void
celldiff_share_release(struct cd_share *sh, const struct cd_side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(sh->mine[i]);
	free(sh->mine);
	free(sh->nmine);
	free(sh->shared);
	free(sh->touched);
}

static void
celldiff_share(struct cd_share *sh, size_t i, const struct cd_side *t,
    bool common_too)
{
	size_t k, lo, hi, q;

	for (k = 0; k < sh->ntouched; k++)
		sh->shared[sh->touched[k]] = 0;
	sh->ntouched = 0;
	for (k = 0; k < sh->nmine[i]; k++) {
		const struct cd_post *mp = &sh->mine[i][k];

		celldiff_post_range(t, mp->hash, &lo, &hi);
		if (!common_too && hi - lo > CD_COMMON_LINE)
			continue;
		for (q = lo; q < hi; q++) {
			size_t c = t->post[q].cell;

			if (sh->shared[c] == 0)
				sh->touched[sh->ntouched++] = c;
			sh->shared[c] += mp->count < t->post[q].count ?
			    mp->count : t->post[q].count;
		}
	}
}

static int
celldiff_cand_cmp(const void *pa, const void *pb)
{
	const struct cd_cand *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->o < b->o ? -1 : a->o > b->o;
}

struct cd_candv {
	struct cd_cand *v;
	size_t n, alloc;
};

static void
celldiff_cand_add(struct cd_candv *cv, double score, size_t o, size_t n)
{
	if (cv->n == cv->alloc) {
		cv->alloc = cv->alloc ? 2 * cv->alloc : 64;
		cv->v = xreallocarray(cv->v, cv->alloc, sizeof *cv->v);
	}
	cv->v[cv->n].score = score;
	cv->v[cv->n].o = o;
	cv->v[cv->n].n = n;
	cv->v[cv->n].dist = o > n ? o - n : n - o;
	cv->n++;
}

static void
celldiff_pair(struct cd_side *os, struct cd_side *ns, size_t o, size_t n)
{
	os->c[o].match = n;
	ns->c[n].match = o;
}

/* Pair the candidates best first; cv is emptied. */
static void
celldiff_cand_take(struct cd_candv *cv, struct cd_side *os,
    struct cd_side *ns)
{
	size_t k;

	if (cv->n > 1)
		qsort(cv->v, cv->n, sizeof *cv->v, celldiff_cand_cmp);
	for (k = 0; k < cv->n; k++)
		if (os->c[cv->v[k].o].match == CD_NONE &&
		    ns->c[cv->v[k].n].match == CD_NONE)
			celldiff_pair(os, ns, cv->v[k].o, cv->v[k].n);
	cv->n = 0;
}

struct cd_key {
	const char *s;		/* name, or NULL for id/hash keys */
	uint64_t k;
	size_t idx;
};

static int
celldiff_key_cmp(const void *pa, const void *pb)
{
	const struct cd_key *a = pa, *b = pb;
	int r;

	if (a->s != NULL && b->s != NULL) {
		r = strcmp(a->s, b->s);
		if (r != 0)
			return r;
	} else if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/*
 * Passes 1-3: pair by key. mode 0: id, 1: name, 2: identical text. Each
 * new cell takes the first unpaired old cell with its key.
 */
static void
celldiff_pair_keyed(struct cd_side *os, struct cd_side *ns, int mode)
{
	struct cd_key *keys, probe;
	size_t i, nk = 0, lo, hi;

	keys = xcalloc(os->n + 1, sizeof *keys);
	for (i = 0; i < os->n; i++) {
		struct cd_cell *c = &os->c[i];

		if (c->match != CD_NONE || (mode == 1 && !c->named))
			continue;
		keys[nk].s = mode == 1 ? c->name : NULL;
		keys[nk].k = mode == 0 ? c->id : c->hash;
		keys[nk].idx = i;
		nk++;
	}
	if (nk > 1)
		qsort(keys, nk, sizeof *keys, celldiff_key_cmp);
	for (i = 0; i < ns->n && nk > 0; i++) {
		struct cd_cell *c = &ns->c[i];

		if (c->match != CD_NONE || (mode == 1 && !c->named))
			continue;
		probe.s = mode == 1 ? c->name : NULL;
		probe.k = mode == 0 ? c->id : c->hash;
		probe.idx = 0;
		lo = 0;
		hi = nk;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (celldiff_key_cmp(&keys[mid], &probe) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nk; lo++) {
			struct cd_cell *oc = &os->c[keys[lo].idx];

			if (mode == 1 ? strcmp(keys[lo].s, probe.s) != 0 :
			    keys[lo].k != probe.k)
				break;
			if (oc->match != CD_NONE)
				continue;
			if (mode == 2 && (oc->len != c->len ||
			    memcmp(oc->src, c->src, c->len) != 0))
				continue;
			celldiff_pair(os, ns, keys[lo].idx, i);
			break;
		}
	}
	free(keys);
}

/* Pass 4: line similarity. */
static void
celldiff_pair_lines(struct cd_side *os, struct cd_side *ns,
    struct cd_share *sh, struct cd_candv *cv)
{
	size_t i, k;

	for (i = 0; i < ns->n; i++) {
		if (ns->c[i].match != CD_NONE || ns->c[i].nlines == 0)
			continue;
		celldiff_share(sh, i, os, false);
		for (k = 0; k < sh->ntouched; k++) {
			size_t o = sh->touched[k];
			double dice;

			if (os->c[o].match != CD_NONE)
				continue;
			dice = 2.0 * (double)sh->shared[o] /
			    (double)(os->c[o].nlines + ns->c[i].nlines);
			if (dice >= 0.5)
				celldiff_cand_add(cv, dice, o, i);
		}
	}
	celldiff_cand_take(cv, os, ns);
}

static int
celldiff_u32_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

/* Bigrams of the text with whitespace dropped: spacing around "=" would
 * otherwise make any two assignments look alike. */
static void
celldiff_bigrams(struct cd_cell *c)
{
	size_t i, n = 0;
	int prev = -1;

	if (c->has_bigrams)
		return;
	c->has_bigrams = true;
	if (c->len < 2)
		return;
	c->bigrams = xreallocarray(NULL, c->len, sizeof *c->bigrams);
	for (i = 0; i < c->len; i++) {
		unsigned char ch = (unsigned char)c->src[i];

		if (celldiff_is_space((char)ch) || ch == '\n')
			continue;
		if (prev >= 0)
			c->bigrams[n++] = (uint32_t)prev << 8 | ch;
		prev = ch;
	}
	c->nbigrams = n;
	qsort(c->bigrams, c->nbigrams, sizeof *c->bigrams, celldiff_u32_cmp);
}

static double
celldiff_bigram_dice(struct cd_cell *a, struct cd_cell *b)
{
	size_t i = 0, j = 0, common = 0;

	celldiff_bigrams(a);
	celldiff_bigrams(b);
	if (a->nbigrams + b->nbigrams == 0)
		return a->len == b->len ? 1.0 : 0.0;
	while (i < a->nbigrams && j < b->nbigrams) {
		if (a->bigrams[i] == b->bigrams[j]) {
			common++;
			i++;
			j++;
		} else if (a->bigrams[i] < b->bigrams[j])
			i++;
		else
			j++;
	}
	return 2.0 * (double)common / (double)(a->nbigrams + b->nbigrams);
}

/*
 * The pairs in the longest run kept in order: keep[n] set for new cells
 * whose pair is in it. Patience sorting over old positions in new order.
 */
static void
celldiff_lis(const struct cd_side *ns, bool *keep)
{
	size_t *tails, *prev, *pos, i, len = 0, k;

	tails = xcalloc(ns->n + 1, sizeof *tails);
	prev = xcalloc(ns->n + 1, sizeof *prev);
	pos = xcalloc(ns->n + 1, sizeof *pos);
	for (i = 0; i < ns->n; i++) {
		size_t lo = 0, hi = len, v = ns->c[i].match;

		keep[i] = false;
		if (v == CD_NONE)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (ns->c[tails[mid]].match < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		tails[lo] = i;
		prev[i] = lo > 0 ? tails[lo - 1] : CD_NONE;
		if (lo == len)
			len++;
		pos[i] = lo;
	}
	if (len > 0) {
		k = tails[len - 1];
		while (k != CD_NONE) {
			keep[k] = true;
			k = prev[k];
		}
	}
	free(tails);
	free(prev);
	free(pos);
}

/* Pass 5: in each gap between pairs kept in order, bigram similarity. */
static void
celldiff_pair_gaps(struct cd_side *os, struct cd_side *ns,
    struct cd_candv *cv)
{
	bool *keep = xcalloc(ns->n + 1, sizeof *keep);
	size_t *go = xcalloc(os->n + 1, sizeof *go);
	size_t *gn = xcalloc(ns->n + 1, sizeof *gn);
	size_t i, a, b, ngo, ngn, olo = 0, nlo = 0;

	celldiff_lis(ns, keep);
	for (i = 0; i <= ns->n; i++) {
		size_t ohi, nhi = i;

		if (i < ns->n && !keep[i])
			continue;
		ohi = i < ns->n ? ns->c[i].match : os->n;
		ngo = ngn = 0;
		for (a = olo; a < ohi; a++)
			if (os->c[a].match == CD_NONE)
				go[ngo++] = a;
		for (b = nlo; b < nhi; b++)
			if (ns->c[b].match == CD_NONE)
				gn[ngn++] = b;
		if (ngo > 0 && ngn > 0 && ngo * ngn <= CD_GAP_PAIRS) {
			double min = ngo == 1 && ngn == 1 ? 0.4 : 0.5;

			for (a = 0; a < ngo; a++)
				for (b = 0; b < ngn; b++) {
					double s = celldiff_bigram_dice(
					    &os->c[go[a]], &ns->c[gn[b]]);

					if (s >= min)
						celldiff_cand_add(cv, s, go[a],
						    gn[b]);
				}
			celldiff_cand_take(cv, os, ns);
		}
		if (i < ns->n) {
			olo = ohi + 1;
			nlo = nhi + 1;
		}
	}
	free(keep);
	free(go);
	free(gn);
}

/* Pass 6: the biggest pieces of splits and merges. */
static void
celldiff_pair_pieces(struct cd_side *os, struct cd_side *ns,
    struct cd_share *sh, struct cd_candv *cv)
{
	size_t i, k;

	for (i = 0; i < ns->n; i++) {
		if (ns->c[i].match != CD_NONE || ns->c[i].nlines < 2)
			continue;
		celldiff_share(sh, i, os, true);
		for (k = 0; k < sh->ntouched; k++) {
			size_t o = sh->touched[k], s = sh->shared[o];
			size_t min = os->c[o].nlines < ns->c[i].nlines ?
			    os->c[o].nlines : ns->c[i].nlines;

			if (os->c[o].match != CD_NONE || s < 2 || 2 * s < min)
				continue;
			celldiff_cand_add(cv, (double)s, o, i);
		}
	}
	celldiff_cand_take(cv, os, ns);
}

/* The cell of t sharing the most lines with cell i of s, if they make at
 * least half of cell i's lines; else CD_NONE. */
static size_t
celldiff_best_source(struct cd_share *sh, const struct cd_side *s,
    size_t i, const struct cd_side *t)
{
	size_t k, best = CD_NONE, bests = 0;

	if (s->c[i].nlines == 0)
		return CD_NONE;
	celldiff_share(sh, i, t, true);
	for (k = 0; k < sh->ntouched; k++) {
		size_t c = sh->touched[k];

		if (sh->shared[c] > bests || (sh->shared[c] == bests &&
		    c < best)) {
			bests = sh->shared[c];
			best = c;
		}
	}
	if (best == CD_NONE || 2 * bests < s->c[i].nlines)
		return CD_NONE;
	return best;
}

/* ---------------------------------------------------------------- */
/* Building the diff.                                                */

static void
celldiff_side_load(struct cd_side *s, const struct nb *nb)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->n = nb != NULL ? nb_ncells(nb) : 0;
	s->c = xcalloc(s->n + 1, sizeof *s->c);
	for (i = 0; i < s->n; i++) {
		const struct nb_cell *cell = nb_cell_at(nb, i);
		struct cd_cell *c = &s->c[i];

		c->id = nb_cell_id(cell);
		c->idx = i;
		c->src = nb_cell_source(cell, &c->len);
		c->name = nb_cell_name(cell);
		c->named = nb_cell_is_named(cell);
		c->cfg = nb_cell_config(cell);
		c->hash = celldiff_hash(c->src, c->len);
		c->match = CD_NONE;
	}
}

static void
celldiff_side_release(struct cd_side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->c[i].bigrams);
	free(s->c);
	free(s->post);
}

struct cd_order {
	size_t major;		/* new position the entry sorts at (+1) */
	int minor;		/* 0: the new cell's own entry, 1: removed */
	size_t old;
	size_t entry;
};

static int
celldiff_order_cmp(const void *pa, const void *pb)
{
	const struct cd_order *a = pa, *b = pb;

	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor - b->minor;
	return a->old < b->old ? -1 : a->old > b->old;
}

static bool
celldiff_cfg_equal(struct nb_cell_config a, struct nb_cell_config b)
{
	return a.column == b.column && a.disabled == b.disabled &&
	    a.hide_code == b.hide_code && a.expand_output == b.expand_output;
}

static char *
celldiff_dup(const char *p, size_t len)
{
	char *s = xmalloc(len + 1);

	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

static void
celldiff_entry_fill(struct celldiff_entry *e, struct cd_store *st,
    const struct cd_cell *oc, const struct cd_cell *nc, size_t ctx)
{
	memset(e, 0, sizeof *e);
	memset(st, 0, sizeof *st);
	e->old_idx = e->new_idx = e->other_idx = CD_NONE;
	if (oc != NULL) {
		e->old_idx = oc->idx;
		e->old_id = oc->id;
		st->old_text = celldiff_dup(oc->src, oc->len);
		st->old_name = xstrdup(oc->name);
		e->old_name = st->old_name;
	}
	if (nc != NULL) {
		e->new_idx = nc->idx;
		e->new_id = nc->id;
		st->new_text = celldiff_dup(nc->src, nc->len);
		st->new_name = xstrdup(nc->name);
		e->new_name = st->new_name;
	}
	if (oc != NULL && nc != NULL) {
		bool same = oc->len == nc->len &&
		    memcmp(oc->src, nc->src, oc->len) == 0;

		if (strcmp(oc->name, nc->name) != 0)
			e->flags |= CELLDIFF_F_RENAMED;
		if (!celldiff_cfg_equal(oc->cfg, nc->cfg))
			e->flags |= CELLDIFF_F_CONFIG;
		if (nc->moved)
			e->flags |= CELLDIFF_F_MOVED;
		if (!same && celldiff_ws_equal(oc->src, oc->len, nc->src,
		    nc->len))
			e->flags |= CELLDIFF_F_WHITESPACE;
		if (!same || (e->flags & (CELLDIFF_F_RENAMED |
		    CELLDIFF_F_CONFIG)))
			e->kind = CELLDIFF_CHANGED;
		else if (nc->moved)
			e->kind = CELLDIFF_MOVED;
		else
			e->kind = CELLDIFF_UNCHANGED;
	} else
		e->kind = oc != NULL ? CELLDIFF_REMOVED : CELLDIFF_ADDED;
	celldiff_entry_lines(e, st, oc != NULL ? oc->len : 0,
	    nc != NULL ? nc->len : 0, ctx);
}

static bool
celldiff_str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL || *a == '\0') && (b == NULL || *b == '\0');
	return strcmp(a, b) == 0;
}

struct celldiff *
celldiff_new(const struct nb *old, const struct nb *new,
    const struct celldiff_options *opts)
{
	struct celldiff *d = xcalloc(1, sizeof *d);
	struct cd_side os, ns;
	struct cd_share sh_n, sh_o;
	struct cd_candv cv = { NULL, 0, 0 };
	struct cd_order *ord;
	bool *keep;
	size_t ctx = 3, i, k, nord = 0;

	if (opts != NULL)
		ctx = opts->no_context ? 0 : opts->context ? opts->context : 3;
	celldiff_side_load(&os, old);
	celldiff_side_load(&ns, new);
	celldiff_side_post(&os);
	celldiff_side_post(&ns);
	celldiff_share_init(&sh_n, &ns, &os);	/* new cell -> old cells */
	celldiff_share_init(&sh_o, &os, &ns);	/* old cell -> new cells */

	if (opts != NULL && opts->ids_shared)
		celldiff_pair_keyed(&os, &ns, 0);
	celldiff_pair_keyed(&os, &ns, 1);
	celldiff_pair_keyed(&os, &ns, 2);
	celldiff_pair_lines(&os, &ns, &sh_n, &cv);
	celldiff_pair_gaps(&os, &ns, &cv);
	celldiff_pair_pieces(&os, &ns, &sh_n, &cv);

	keep = xcalloc(ns.n + 1, sizeof *keep);
	celldiff_lis(&ns, keep);
	for (i = 0; i < ns.n; i++)
		ns.c[i].moved = ns.c[i].match != CD_NONE && !keep[i];
	free(keep);

	/* Entries: one per new cell, one per removed old cell. */
	d->nold = os.n;
	d->nnew = ns.n;
	d->old_entry = xcalloc(os.n + 1, sizeof *d->old_entry);
	d->new_entry = xcalloc(ns.n + 1, sizeof *d->new_entry);
	d->entries = xcalloc(os.n + ns.n + 1, sizeof *d->entries);
	d->store = xcalloc(os.n + ns.n + 1, sizeof *d->store);
	ord = xcalloc(os.n + ns.n + 1, sizeof *ord);
	for (i = 0; i < ns.n; i++) {
		size_t m = ns.c[i].match;

		celldiff_entry_fill(&d->entries[d->nentries],
		    &d->store[d->nentries], m != CD_NONE ? &os.c[m] : NULL,
		    &ns.c[i], ctx);
		ord[nord].major = i + 1;
		ord[nord].minor = 0;
		ord[nord].old = 0;
		ord[nord].entry = d->nentries;
		nord++;
		d->nentries++;
	}
	for (i = 0; i < os.n; i++) {
		size_t p;

		if (os.c[i].match != CD_NONE)
			continue;
		celldiff_entry_fill(&d->entries[d->nentries],
		    &d->store[d->nentries], &os.c[i], NULL, ctx);
		/* After the nearest earlier old cell still in place. */
		ord[nord].major = 0;
		for (p = i; p-- > 0;)
			if (os.c[p].match != CD_NONE &&
			    !ns.c[os.c[p].match].moved) {
				ord[nord].major = os.c[p].match + 1;
				break;
			}
		ord[nord].minor = 1;
		ord[nord].old = i;
		ord[nord].entry = d->nentries;
		nord++;
		d->nentries++;
	}

	/* Display order, and the index maps. */
	qsort(ord, nord, sizeof *ord, celldiff_order_cmp);
	{
		struct celldiff_entry *ev = xcalloc(nord + 1, sizeof *ev);
		struct cd_store *sv = xcalloc(nord + 1, sizeof *sv);

		for (k = 0; k < nord; k++) {
			ev[k] = d->entries[ord[k].entry];
			sv[k] = d->store[ord[k].entry];
		}
		free(d->entries);
		free(d->store);
		d->entries = ev;
		d->store = sv;
	}
	for (i = 0; i < os.n; i++)
		d->old_entry[i] = CD_NONE;
	for (k = 0; k < d->nentries; k++) {
		if (d->entries[k].old_idx != CD_NONE)
			d->old_entry[d->entries[k].old_idx] = k;
		if (d->entries[k].new_idx != CD_NONE)
			d->new_entry[d->entries[k].new_idx] = k;
	}
	/*
	 * Splits and merges among the cells left alone. A split needs a
	 * source that lost lines (changed or removed), a merge a target
	 * that gained some (changed or added): a copy of a cell that stayed
	 * as it was is just an added cell.
	 */
	for (k = 0; k < d->nentries; k++) {
		struct celldiff_entry *e = &d->entries[k], *o;
		size_t src;

		if (e->kind == CELLDIFF_ADDED) {
			src = celldiff_best_source(&sh_n, &ns, e->new_idx, &os);
			if (src == CD_NONE)
				continue;
			o = &d->entries[d->old_entry[src]];
			if (o->kind != CELLDIFF_CHANGED &&
			    o->kind != CELLDIFF_REMOVED)
				continue;
			e->flags |= CELLDIFF_F_SPLIT;
			e->other_idx = src;
			if (o->kind == CELLDIFF_CHANGED)
				o->flags |= CELLDIFF_F_SPLIT;
		} else if (e->kind == CELLDIFF_REMOVED) {
			src = celldiff_best_source(&sh_o, &os, e->old_idx, &ns);
			if (src == CD_NONE)
				continue;
			o = &d->entries[d->new_entry[src]];
			if (o->kind != CELLDIFF_CHANGED &&
			    o->kind != CELLDIFF_ADDED)
				continue;
			e->flags |= CELLDIFF_F_MERGED;
			e->other_idx = src;
			if (o->kind == CELLDIFF_CHANGED)
				o->flags |= CELLDIFF_F_MERGED;
		}
	}

	/* A notebook that came or went has no header change to show. */
	d->header_changed = old != NULL && new != NULL &&
	    (!celldiff_str_equal(nb_header(old), nb_header(new)) ||
	    !celldiff_str_equal(nb_version(old), nb_version(new)));

	free(ord);
	free(cv.v);
	celldiff_share_release(&sh_n, &ns);
	celldiff_share_release(&sh_o, &os);
	celldiff_side_release(&os);
	celldiff_side_release(&ns);
	return d;
}

struct celldiff *
celldiff_text(const char *old, size_t oldlen, const char *new,
    size_t newlen, const struct celldiff_options *opts)
{
	struct celldiff *d = xcalloc(1, sizeof *d);
	struct cd_cell oc, nc;
	size_t ctx = 3;

	if (opts != NULL)
		ctx = opts->no_context ? 0 : opts->context ? opts->context : 3;
	memset(&oc, 0, sizeof oc);
	memset(&nc, 0, sizeof nc);
	oc.src = old != NULL ? old : "";
	oc.len = old != NULL ? oldlen : 0;
	nc.src = new != NULL ? new : "";
	nc.len = new != NULL ? newlen : 0;
	oc.name = nc.name = "_";
	oc.cfg = nc.cfg = nb_cell_config_default;
	d->entries = xcalloc(1, sizeof *d->entries);
	d->store = xcalloc(1, sizeof *d->store);
	d->old_entry = xcalloc(1, sizeof *d->old_entry);
	d->new_entry = xcalloc(1, sizeof *d->new_entry);
	celldiff_entry_fill(&d->entries[0], &d->store[0], &oc, &nc, ctx);
	d->nentries = d->nold = d->nnew = 1;
	return d;
}

void
celldiff_free(struct celldiff *d)
{
	size_t k;

	if (d == NULL)
		return;
	for (k = 0; k < d->nentries; k++) {
		free(d->store[k].old_text);
		free(d->store[k].new_text);
		free(d->store[k].old_name);
		free(d->store[k].new_name);
		free(d->store[k].lines);
		free(d->store[k].spans);
		free(d->store[k].hunks);
	}
	free(d->entries);
	free(d->store);
	free(d->old_entry);
	free(d->new_entry);
	free(d);
}

size_t
celldiff_nentries(const struct celldiff *d)
{
	return d->nentries;
}

const struct celldiff_entry *
celldiff_entry_at(const struct celldiff *d, size_t idx)
{
	return idx < d->nentries ? &d->entries[idx] : NULL;
}

const struct celldiff_entry *
celldiff_entry_old(const struct celldiff *d, size_t old_idx)
{
	if (old_idx >= d->nold || d->old_entry[old_idx] == CD_NONE)
		return NULL;
	return &d->entries[d->old_entry[old_idx]];
}

const struct celldiff_entry *
celldiff_entry_new(const struct celldiff *d, size_t new_idx)
{
	if (new_idx >= d->nnew)
		return NULL;
	return &d->entries[d->new_entry[new_idx]];
}

bool
celldiff_header_changed(const struct celldiff *d)
{
	return d->header_changed;
}

size_t
celldiff_count(const struct celldiff *d, enum celldiff_kind kind)
{
	size_t k, n = 0;

	for (k = 0; k < d->nentries; k++)
		if (d->entries[k].kind == kind)
			n++;
	return n;
}

bool
celldiff_is_empty(const struct celldiff *d)
{
	return !d->header_changed &&
	    celldiff_count(d, CELLDIFF_UNCHANGED) == d->nentries;
}

const char *
celldiff_kind_name(enum celldiff_kind kind)
{
	switch (kind) {
	case CELLDIFF_UNCHANGED:
		return "unchanged";
	case CELLDIFF_MOVED:
		return "moved";
	case CELLDIFF_CHANGED:
		return "changed";
	case CELLDIFF_ADDED:
		return "added";
	case CELLDIFF_REMOVED:
		return "removed";
	}
	return "?";
}

void
celldiff_summary(const struct celldiff *d, struct buf *out, size_t max)
{
	static const enum celldiff_kind order[] = { CELLDIFF_CHANGED,
	    CELLDIFF_ADDED, CELLDIFF_REMOVED, CELLDIFF_MOVED };
	size_t g, k, n;
	bool first_group = true;

	for (g = 0; g < sizeof order / sizeof order[0]; g++) {
		bool header = order[g] == CELLDIFF_CHANGED &&
		    d->header_changed;

		n = celldiff_count(d, order[g]) + (header ? 1 : 0);
		if (n == 0)
			continue;
		if (!first_group)
			buf_adds(out, "; ");
		first_group = false;
		buf_addf(out, "%s: ", celldiff_kind_name(order[g]));
		n = 0;
		if (header) {
			buf_adds(out, "header");
			n++;
		}
		for (k = 0; k < d->nentries; k++) {
			const struct celldiff_entry *e = &d->entries[k];
			bool is_old = e->kind == CELLDIFF_REMOVED;
			const char *name = is_old ? e->old_name : e->new_name;
			size_t idx = is_old ? e->old_idx : e->new_idx;

			if (e->kind != order[g])
				continue;
			if (max > 0 && n == max) {
				size_t rest = celldiff_count(d, order[g]) +
				    (header ? 1 : 0) - n;

				buf_addf(out, " +%zu more", rest);
				break;
			}
			if (n > 0)
				buf_adds(out, ", ");
			if (name != NULL && strcmp(name, "_") != 0)
				buf_adds(out, name);
			else
				buf_addf(out, "cell %zu", idx + 1);
			n++;
		}
	}
}
