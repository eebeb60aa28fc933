/*
 * vcs_nb.c: versioning seen cell by cell. Gutter marks of a cell against
 * HEAD, and restore plans (a cell or the whole notebook from a revision)
 * as lists of ordinary edits the editor can undo. Both rest on
 * celldiff.c's pairing; reading the repository is vcs.c's.
 */
#include "config.h"

#include "vcs.h"

#include <stdlib.h>
#include <string.h>

#include "celldiff.h"
#include "err.h"
#include "nb.h"
#include "vcs_int.h"
#include "xmalloc.h"

/* ---------------------------------------------------------------- */
/* Gutter marks.                                                     */

static int
vcs_pair_cmp(const void *pa, const void *pb)
{
	const struct vcs_pair *a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

static const struct vcs_pair *
vcs_pair_find(const struct vcs *v, uint32_t id)
{
	struct vcs_pair key = { id, 0 };

	if (v->pairs == NULL)
		return NULL;
	return bsearch(&key, v->pairs, v->npairs, sizeof *v->pairs,
	    vcs_pair_cmp);
}

static void
vcs_pairs_make(struct vcs *v, const struct nb *head, const struct nb *model)
{
	struct celldiff *d = celldiff_new(head, model, NULL);
	size_t i;

	free(v->pairs);
	v->npairs = nb_ncells(model);
	v->pairs = xcalloc(v->npairs + 1, sizeof *v->pairs);
	for (i = 0; i < v->npairs; i++) {
		const struct celldiff_entry *e = celldiff_entry_new(d, i);

		v->pairs[i].id = nb_cell_id(nb_cell_at(model, i));
		v->pairs[i].head_idx = e != NULL ? e->old_idx : CELLDIFF_NONE;
	}
	qsort(v->pairs, v->npairs, sizeof *v->pairs, vcs_pair_cmp);
	v->pairs_ncells = nb_ncells(model);
	git_oid_cpy(&v->pairs_head, &v->head_blob);
	v->pairs_valid = true;
	celldiff_free(d);
}

void
vcs_marks_reset(struct vcs *v)
{
	v->pairs_valid = false;
}

static size_t
vcs_count_lines(const char *p, size_t len)
{
	size_t i, n = 1;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (p[i] == '\n')
			n++;
	return n;
}

int
vcs_head(struct vcs *v, const struct nb **out)
{
	return vcs_head_nb(v, out);
}

int
vcs_marks_get(struct vcs *v, const struct nb *model, uint32_t cell_id,
    struct vcs_marks *out)
{
	const struct nb_cell *c = nb_cell_find(model, cell_id);
	const char *src;
	size_t len;

	if (c == NULL) {
		memset(out, 0, sizeof *out);
		out->head_idx = CELLDIFF_NONE;
		err_set("no cell %u", (unsigned)cell_id);
		return -1;
	}
	src = nb_cell_source(c, &len);
	return vcs_marks_text(v, model, cell_id, src, len, out);
}

int
vcs_marks_text(struct vcs *v, const struct nb *model, uint32_t cell_id,
    const char *src, size_t len, struct vcs_marks *out)
{
	const struct nb *head;
	const struct nb_cell *c = nb_cell_find(model, cell_id);
	const struct vcs_pair *p;
	const struct celldiff_entry *e;
	struct celldiff *d;
	const char *old;
	size_t oldlen, i, k, nd, na;

	memset(out, 0, sizeof *out);
	out->head_idx = CELLDIFF_NONE;
	if (c == NULL) {
		err_set("no cell %u", (unsigned)cell_id);
		return -1;
	}
	if (vcs_head_nb(v, &head) < 0)
		return -1;
	out->n = vcs_count_lines(src, len);
	out->v = xcalloc(out->n + 1, 1);
	if (head == NULL) {
		memset(out->v, VCS_MARK_ADDED, out->n);
		return 0;
	}
	if (!v->pairs_valid || v->pairs_ncells != nb_ncells(model) ||
	    !git_oid_equal(&v->pairs_head, &v->head_blob) ||
	    vcs_pair_find(v, cell_id) == NULL)
		vcs_pairs_make(v, head, model);
	p = vcs_pair_find(v, cell_id);
	if (p == NULL || p->head_idx == CELLDIFF_NONE ||
	    p->head_idx >= nb_ncells(head)) {
		memset(out->v, VCS_MARK_ADDED, out->n);
		return 0;
	}
	out->paired = true;
	out->head_idx = p->head_idx;
	old = nb_cell_source(nb_cell_at(head, p->head_idx), &oldlen);
	d = celldiff_text(old, oldlen, src, len, NULL);
	e = celldiff_entry_at(d, 0);
	/* Each change group: its first additions replace its removals
	 * (CHANGED), the rest are new (ADDED); removals left over mark
	 * the line after the group, or the last line when at the end. */
	i = 0;
	while (i < e->nlines) {

		if (e->lines[i].op == CELLDIFF_EQUAL) {
			i++;
			continue;
		}
		nd = na = 0;
		while (i < e->nlines && e->lines[i].op == CELLDIFF_DEL) {
			nd++;
			i++;
		}
		while (i < e->nlines && e->lines[i].op == CELLDIFF_ADD) {
			size_t ln = e->lines[i].new_lineno - 1;

			out->v[ln] |= na < nd ? VCS_MARK_CHANGED :
			    VCS_MARK_ADDED;
			na++;
			i++;
		}
		if (nd > na) {
			/* The next line on the new side, if any. */
			for (k = i; k < e->nlines; k++)
				if (e->lines[k].op != CELLDIFF_DEL)
					break;
			if (k < e->nlines)
				out->v[e->lines[k].new_lineno - 1] |=
				    VCS_MARK_REMOVED_ABOVE;
			else if (out->n > 0)
				out->v[out->n - 1] |= VCS_MARK_REMOVED_BELOW;
		}
	}
	celldiff_free(d);
	return 0;
}

void
vcs_marks_release(struct vcs_marks *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- */
/* Restore plans.                                                    */

static struct vcs_edit *
vcs_edit_add(struct vcs_restore *plan, enum vcs_edit_type type, uint32_t id)
{
	struct vcs_edit *e;

	if (plan->n == plan->alloc) {
		plan->alloc = plan->alloc ? 2 * plan->alloc : 16;
		plan->v = xreallocarray(plan->v, plan->alloc, sizeof *plan->v);
	}
	e = &plan->v[plan->n++];
	memset(e, 0, sizeof *e);
	e->type = type;
	e->id = id;
	e->config = nb_cell_config_default;
	return e;
}

/* The name as the user gave it: a name derived from a def is the
 * writer's business, not something to restore. */
static const char *
vcs_user_name(const struct nb_cell *c)
{
	return nb_cell_name_is_derived(c) ? "_" : nb_cell_name(c);
}

static bool
vcs_config_equal(struct nb_cell_config a, struct nb_cell_config b)
{
	return a.column == b.column && a.disabled == b.disabled &&
	    a.hide_code == b.hide_code && a.expand_output == b.expand_output;
}

/* Edits that make model cell to look like from cell fc. */
static void
vcs_restore_into(struct vcs_restore *plan, const struct nb_cell *fc,
    const struct nb_cell *to)
{
	const char *a, *b;
	size_t alen, blen;
	struct vcs_edit *e;

	a = nb_cell_source(fc, &alen);
	b = nb_cell_source(to, &blen);
	if (alen != blen || memcmp(a, b, alen) != 0) {
		e = vcs_edit_add(plan, VCS_EDIT_SOURCE, nb_cell_id(to));
		e->text = xstrndup(a, alen);
		e->len = alen;
	}
	if (strcmp(vcs_user_name(fc), vcs_user_name(to)) != 0) {
		e = vcs_edit_add(plan, VCS_EDIT_NAME, nb_cell_id(to));
		e->name = xstrdup(vcs_user_name(fc));
	}
	if (!vcs_config_equal(nb_cell_config(fc), nb_cell_config(to))) {
		e = vcs_edit_add(plan, VCS_EDIT_CONFIG, nb_cell_id(to));
		e->config = nb_cell_config(fc);
	}
}

static void
vcs_restore_insert(struct vcs_restore *plan, const struct nb_cell *fc,
    size_t idx)
{
	struct vcs_edit *e = vcs_edit_add(plan, VCS_EDIT_INSERT, 0);
	const char *a;
	size_t alen;

	a = nb_cell_source(fc, &alen);
	e->idx = idx;
	e->text = xstrndup(a, alen);
	e->len = alen;
	e->name = xstrdup(vcs_user_name(fc));
	e->config = nb_cell_config(fc);
}

void
vcs_restore_notebook(struct vcs_restore *plan, const struct nb *from,
    const struct nb *model)
{
	struct celldiff *d = celldiff_new(from, model, NULL);
	uint32_t *order;
	size_t i, j, n = 0, p;

	/* Cells with no partner in from go. */
	for (i = 0; i < nb_ncells(model); i++) {
		const struct celldiff_entry *e = celldiff_entry_new(d, i);

		if (e->old_idx == CELLDIFF_NONE)
			(void)vcs_edit_add(plan, VCS_EDIT_REMOVE,
			    nb_cell_id(nb_cell_at(model, i)));
	}
	/* Partners take from's text, name and config. */
	for (i = 0; i < nb_ncells(from); i++) {
		const struct celldiff_entry *e = celldiff_entry_old(d, i);

		if (e->new_idx != CELLDIFF_NONE)
			vcs_restore_into(plan, nb_cell_at(from, i),
			    nb_cell_at(model, e->new_idx));
	}
	/* Then from's order: put the right cell at each place in turn,
	 * following the positions as the edits change them (0 stands for
	 * an inserted cell). */
	order = xcalloc(nb_ncells(model) + nb_ncells(from) + 1, sizeof *order);
	for (i = 0; i < nb_ncells(model); i++)
		if (celldiff_entry_new(d, i)->old_idx != CELLDIFF_NONE)
			order[n++] = nb_cell_id(nb_cell_at(model, i));
	for (j = 0; j < nb_ncells(from); j++) {
		const struct celldiff_entry *e = celldiff_entry_old(d, j);

		if (e->new_idx == CELLDIFF_NONE) {
			vcs_restore_insert(plan, nb_cell_at(from, j), j);
			memmove(order + j + 1, order + j,
			    (n - j) * sizeof *order);
			order[j] = 0;
			n++;
			continue;
		}
		for (p = j; p < n; p++)
			if (order[p] == e->new_id)
				break;
		if (p == j || p == n)
			continue;
		vcs_edit_add(plan, VCS_EDIT_MOVE, e->new_id)->idx = j;
		memmove(order + j + 1, order + j, (p - j) * sizeof *order);
		order[j] = e->new_id;
	}
	free(order);
	celldiff_free(d);
}

size_t
vcs_restore_find(const struct nb *from, const struct nb *model, uint32_t id)
{
	size_t idx = nb_cell_index(model, id), r;
	struct celldiff *d;

	if (idx == (size_t)-1)
		return CELLDIFF_NONE;
	d = celldiff_new(from, model, NULL);
	r = celldiff_entry_new(d, idx)->old_idx;
	celldiff_free(d);
	return r;
}

int
vcs_restore_cell(struct vcs_restore *plan, const struct nb *from,
    size_t from_idx, const struct nb *model)
{
	struct celldiff *d;
	const struct celldiff_entry *e;
	size_t p, at = 0;

	if (from_idx >= nb_ncells(from)) {
		err_set("no cell %zu in that version", from_idx + 1);
		return -1;
	}
	d = celldiff_new(from, model, NULL);
	e = celldiff_entry_old(d, from_idx);
	if (e->new_idx != CELLDIFF_NONE)
		vcs_restore_into(plan, nb_cell_at(from, from_idx),
		    nb_cell_at(model, e->new_idx));
	else {
		for (p = from_idx; p-- > 0;) {
			const struct celldiff_entry *q;

			q = celldiff_entry_old(d, p);
			if (q->new_idx != CELLDIFF_NONE) {
				at = q->new_idx + 1;
				break;
			}
		}
		vcs_restore_insert(plan, nb_cell_at(from, from_idx), at);
	}
	celldiff_free(d);
	return 0;
}

int
vcs_restore_apply(const struct vcs_restore *plan, struct nb *model)
{
	size_t i;

	for (i = 0; i < plan->n; i++) {
		const struct vcs_edit *e = &plan->v[i];
		struct nb_cell *c = NULL;

		if (e->type != VCS_EDIT_INSERT) {
			c = nb_cell_find(model, e->id);
			if (c == NULL) {
				err_set("restore: cell %u is gone",
				    (unsigned)e->id);
				return -1;
			}
		}
		switch (e->type) {
		case VCS_EDIT_SOURCE:
			nb_cell_set_source(c, e->text, e->len);
			break;
		case VCS_EDIT_NAME:
			nb_cell_set_name(c, e->name);
			nb_cell_set_name_derived(c, false);
			break;
		case VCS_EDIT_CONFIG:
			nb_cell_set_config(c, e->config);
			break;
		case VCS_EDIT_INSERT:
			c = nb_cell_insert(model, e->idx, e->text, e->len);
			nb_cell_set_name(c, e->name);
			nb_cell_set_config(c, e->config);
			break;
		case VCS_EDIT_REMOVE:
			(void)nb_cell_remove(model, e->id);
			break;
		case VCS_EDIT_MOVE:
			(void)nb_cell_move(model, e->id, e->idx);
			break;
		}
	}
	nb_set_dirty(model, true);
	return 0;
}

void
vcs_restore_release(struct vcs_restore *plan)
{
	size_t i;

	for (i = 0; i < plan->n; i++) {
		free(plan->v[i].text);
		free(plan->v[i].name);
	}
	free(plan->v);
	memset(plan, 0, sizeof *plan);
}
