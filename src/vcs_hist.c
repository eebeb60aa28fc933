/*
 * vcs_hist.c: the file's past. Revisions (what git's revparse accepts),
 * the file's bytes at one, its history (commits that changed its blob)
 * and blame per cell. Committing is vcs.c's.
 *
 * History does not follow renames: git's --follow is a guess made per
 * commit and cannot be made exact, and a notebook's identity here is its
 * path. A renamed notebook's log stops at the commit that added it under
 * the new name (marked "added"), where `git log --follow` takes over.
 */
#include "config.h"

#include "vcs.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "celldiff.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "vcs_int.h"
#include "xmalloc.h"

/* The commit rev names. */
static int
vcs_rev_commit(struct vcs *v, const char *rev, git_commit **out)
{
	git_object *obj = NULL, *peeled = NULL;
	int r;

	*out = NULL;
	if ((r = git_revparse_single(&obj, v->repo, rev)) < 0) {
		if (r == GIT_ENOTFOUND || r == GIT_EINVALIDSPEC ||
		    r == GIT_EAMBIGUOUS) {
			git_error_clear();
			err_set("git: %s: no such revision", rev);
			return VCS_NOTFOUND;
		}
		return vcs_git_error(r, rev);
	}
	r = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (r < 0) {
		git_error_clear();
		err_set("git: %s: not a commit", rev);
		return VCS_NOTFOUND;
	}
	*out = (git_commit *)peeled;
	return 0;
}

int
vcs_rev_id(struct vcs *v, const char *rev, char id[VCS_ID_LEN + 1])
{
	git_commit *c = NULL;
	int error;

	id[0] = '\0';
	if ((error = vcs_rev_commit(v, rev, &c)) < 0)
		return error;
	git_oid_tostr(id, VCS_ID_LEN + 1, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int
vcs_blob_at(struct vcs *v, const char *rev, struct buf *out)
{
	git_commit *c = NULL;
	git_oid blob;
	int error;

	if ((error = vcs_rev_commit(v, rev, &c)) < 0)
		return error;
	error = vcs_tree_blob(v, c, &blob);
	git_commit_free(c);
	if (error == GIT_ENOTFOUND) {
		git_error_clear();
		err_set("git: %s is not in %s", v->path, rev);
		return VCS_NOTFOUND;
	}
	if (error < 0)
		return vcs_git_error(error, rev);
	return vcs_blob_read(v, &blob, out);
}

int
vcs_nb_at(struct vcs *v, const char *rev, struct nb **out)
{
	struct buf text = BUF_INIT;
	struct buf name = BUF_INIT;
	int error;

	*out = NULL;
	if ((error = vcs_blob_at(v, rev, &text)) < 0)
		goto done;
	buf_addf(&name, "%s@%s", v->path, rev);
	/* The kind comes from the real name's suffix and the text. */
	error = fmt_parse(out, fmt_guess(v->path, text.ptr, text.len),
	    name.ptr, text.ptr, text.len, NULL);
	if (error < 0)
		error = -1;
done:
	buf_release(&text);
	buf_release(&name);
	return error;
}

/* ---------------------------------------------------------------- */
/* History.                                                          */

static void
vcs_log_fill(struct vcs_log_entry *e, const git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const char *msg = git_commit_message(c);
	const char *sum = git_commit_summary((git_commit *)c);

	git_oid_tostr(e->id, sizeof e->id, git_commit_id(c));
	if (git_commit_parentcount(c) > 0)
		git_oid_tostr(e->parent, sizeof e->parent,
		    git_commit_parent_id(c, 0));
	e->author = xstrdup(a != NULL && a->name != NULL ? a->name : "");
	e->email = xstrdup(a != NULL && a->email != NULL ? a->email : "");
	e->time = a != NULL ? (int64_t)a->when.time : 0;
	e->offset = a != NULL ? a->when.offset : 0;
	e->summary = xstrdup(sum != NULL ? sum : "");
	e->message = xstrdup(msg != NULL ? msg : "");
}

int
vcs_log(struct vcs *v, size_t max, struct vcs_log_entry **out, size_t *n)
{
	git_revwalk *walk = NULL;
	git_commit *c = NULL, *p = NULL;
	git_oid id, blob, pblob;
	struct vcs_log_entry *ev = NULL;
	size_t ne = 0, alloc = 0;
	unsigned k, np;
	int error = -1, r;

	*out = NULL;
	*n = 0;
	if ((r = git_revwalk_new(&walk, v->repo)) < 0) {
		(void)vcs_git_error(r, "log");
		goto done;
	}
	(void)git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (git_repository_head_unborn(v->repo) == 1) {
		error = 0;
		goto done;
	}
	r = git_revwalk_push_head(walk);
	if (r < 0) {
		(void)vcs_git_error(r, "HEAD");
		goto done;
	}
	while ((r = git_revwalk_next(&id, walk)) == 0) {
		bool has, touched, padded = false;

		if ((r = git_commit_lookup(&c, v->repo, &id)) < 0)
			break;
		r = vcs_tree_blob(v, c, &blob);
		if (r < 0 && r != GIT_ENOTFOUND)
			break;
		has = r == 0;
		np = git_commit_parentcount(c);
		/* Changed: differs from every parent (a merge that took one
		 * side's version changed nothing). */
		touched = true;
		for (k = 0; k < np && touched; k++) {
			bool phas;

			if ((r = git_commit_parent(&p, c, k)) < 0)
				goto walk_done;
			r = vcs_tree_blob(v, p, &pblob);
			git_commit_free(p);
			p = NULL;
			if (r < 0 && r != GIT_ENOTFOUND)
				goto walk_done;
			phas = r == 0;
			if (has == phas && (!has || git_oid_equal(&blob,
			    &pblob)))
				touched = false;
			if (k == 0)
				padded = phas;
		}
		git_error_clear();
		if (np == 0)
			touched = has;
		if (touched) {
			if (ne == alloc) {
				alloc = alloc ? 2 * alloc : 32;
				ev = xreallocarray(ev, alloc, sizeof *ev);
			}
			memset(&ev[ne], 0, sizeof ev[ne]);
			vcs_log_fill(&ev[ne], c);
			ev[ne].added = has && !padded;
			ev[ne].deleted = !has;
			ne++;
		}
		git_commit_free(c);
		c = NULL;
		if (max > 0 && ne == max)
			break;
	}
walk_done:
	if (r < 0 && r != GIT_ITEROVER) {
		(void)vcs_git_error(r, "log");
		goto done;
	}
	git_error_clear();
	*out = ev;
	*n = ne;
	ev = NULL;
	ne = 0;
	error = 0;
done:
	vcs_log_free(ev, ne);
	git_commit_free(c);
	git_commit_free(p);
	git_revwalk_free(walk);
	return error;
}

void
vcs_log_free(struct vcs_log_entry *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ev[i].author);
		free(ev[i].email);
		free(ev[i].summary);
		free(ev[i].message);
	}
	free(ev);
}

/*
 * The notebook at commit id (hex), or NULL when the file is not there;
 * borrowed from the two-entry cache until the next call.
 */
static int
vcs_nb_at_id(struct vcs *v, const char *hex, const struct nb **out)
{
	git_commit *c = NULL;
	git_oid id, blob;
	struct vcs_parsed *p = v->parsed;
	struct nb *nb;
	int r;

	*out = NULL;
	if (hex[0] == '\0')
		return 0;
	if ((r = git_oid_fromstr(&id, hex)) < 0 ||
	    (r = git_commit_lookup(&c, v->repo, &id)) < 0)
		return vcs_git_error(r, hex);
	r = vcs_tree_blob(v, c, &blob);
	git_commit_free(c);
	if (r == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (r < 0)
		return vcs_git_error(r, hex);
	if (p[1].nb != NULL && git_oid_equal(&p[1].blob, &blob)) {
		*out = p[1].nb;
		return 0;
	}
	if (p[0].nb != NULL && git_oid_equal(&p[0].blob, &blob)) {
		struct vcs_parsed t = p[0];

		p[0] = p[1];
		p[1] = t;
		*out = p[1].nb;
		return 0;
	}
	if (vcs_blob_nb(v, &blob, &nb) < 0)
		return -1;
	nb_free(p[0].nb);
	p[0] = p[1];
	p[1].nb = nb;
	git_oid_cpy(&p[1].blob, &blob);
	*out = nb;
	return 0;
}

int
vcs_log_diff(struct vcs *v, const struct vcs_log_entry *e,
    struct celldiff **out)
{
	const struct nb *old = NULL, *new = NULL;

	*out = NULL;
	/* This version first: walking newest first, it was the parent
	 * side of the entry before, so it is still cached. */
	if (vcs_nb_at_id(v, e->id, &new) < 0)
		return -1;
	if (e->parent[0] != '\0') {
		/* Keep new alive: a miss evicts the older slot only. */
		if (vcs_nb_at_id(v, e->parent, &old) < 0)
			return -1;
	}
	*out = celldiff_new(old, new, NULL);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Blame per cell.                                                   */

static size_t
vcs_nlines(const char *p, size_t len)
{
	size_t i, n = 1;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (p[i] == '\n')
			n++;
	return n;
}

/* The author signature of the commit a hunk names (the hunk's own, when
 * libgit2 filled it in). */
static int
vcs_hunk_author(struct vcs *v, const git_blame_hunk *h, git_signature **out)
{
	git_commit *c = NULL;
	int r;

	if (h->final_signature != NULL)
		return git_signature_dup(out, h->final_signature);
	if ((r = git_commit_lookup(&c, v->repo, &h->final_commit_id)) < 0)
		return r;
	r = git_signature_dup(out, git_commit_author(c));
	git_commit_free(c);
	return r;
}

/*
 * Blame HEAD's version of the file (git_blame_file), then carry it over
 * to text through a line diff: a line equal to one of HEAD's has its
 * blame, any other line is not committed. (libgit2 1.5's own
 * git_blame_buffer loses lines and signatures after the first change.)
 */
int
vcs_blame_cells(struct vcs *v, const char *text, size_t len,
    struct vcs_blame **out, size_t *n)
{
	git_blame_options opts;
	git_blame *blame = NULL;
	struct nb *nb = NULL;
	struct vcs_blame *bv = NULL;
	struct buf head = BUF_INIT;
	struct celldiff *d = NULL;
	const struct celldiff_entry *e;
	size_t *map = NULL, i, k, nc = 0, nlines;
	int error = -1, r;

	*out = NULL;
	*n = 0;
	if (fmt_parse(&nb, fmt_guess(v->path, text, len), v->path, text, len,
	    NULL) < 0)
		goto done;
	nc = nb_ncells(nb);
	bv = xcalloc(nc + 1, sizeof *bv);
	r = vcs_blob_at(v, "HEAD", &head);
	if (r == VCS_NOTFOUND) {
		/* Not committed yet (or no HEAD): nothing is. */
		err_clear();
		error = 0;
		goto done;
	}
	if (r < 0)
		goto done;
	(void)git_blame_options_init(&opts, GIT_BLAME_OPTIONS_VERSION);
	if ((r = git_blame_file(&blame, v->repo, v->path, &opts)) < 0) {
		(void)vcs_git_error(r, v->path);
		goto done;
	}
	d = celldiff_text(head.ptr, head.len, text, len, NULL);
	e = celldiff_entry_at(d, 0);
	nlines = vcs_nlines(text, len);
	map = xcalloc(nlines + 2, sizeof *map);
	for (k = 0; k < e->nlines; k++)
		if (e->lines[k].op == CELLDIFF_EQUAL &&
		    e->lines[k].new_lineno <= nlines)
			map[e->lines[k].new_lineno] = e->lines[k].old_lineno;
	for (i = 0; i < nc; i++) {
		const struct nb_cell *c = nb_cell_at(nb, i);
		const git_blame_hunk *best = NULL;
		git_signature *sig = NULL, *bsig = NULL;
		size_t slen, first = nb_cell_line(c), nl;
		const char *src = nb_cell_source(c, &slen);
		bool all;

		nl = vcs_nlines(src, slen);
		all = first > 0 && nl > 0;
		for (k = 0; k < nl && all; k++) {
			const git_blame_hunk *h = NULL;

			if (first + k <= nlines && map[first + k] > 0)
				h = git_blame_get_hunk_byline(blame,
				    map[first + k]);
			if (h == NULL || git_oid_is_zero(&h->final_commit_id) ||
			    vcs_hunk_author(v, h, &sig) < 0) {
				git_error_clear();
				all = false;
				break;
			}
			if (bsig == NULL || sig->when.time > bsig->when.time) {
				git_signature_free(bsig);
				bsig = sig;
				best = h;
			} else
				git_signature_free(sig);
			sig = NULL;
		}
		if (all && best != NULL) {
			git_commit *cm = NULL;

			bv[i].committed = true;
			git_oid_tostr(bv[i].id, sizeof bv[i].id,
			    &best->final_commit_id);
			bv[i].author = xstrdup(bsig->name);
			bv[i].email = xstrdup(bsig->email);
			bv[i].time = (int64_t)bsig->when.time;
			bv[i].offset = bsig->when.offset;
			if (git_commit_lookup(&cm, v->repo,
			    &best->final_commit_id) == 0 &&
			    git_commit_summary(cm) != NULL)
				bv[i].summary = xstrdup(git_commit_summary(cm));
			else
				bv[i].summary = xstrdup("");
			git_commit_free(cm);
			git_error_clear();
		}
		git_signature_free(bsig);
	}
	error = 0;
done:
	if (error == 0) {
		*out = bv;
		*n = nc;
		bv = NULL;
	}
	vcs_blame_free(bv, nc);
	celldiff_free(d);
	free(map);
	buf_release(&head);
	git_blame_free(blame);
	nb_free(nb);
	return error;
}

void
vcs_blame_free(struct vcs_blame *bv, size_t n)
{
	size_t i;

	if (bv == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(bv[i].author);
		free(bv[i].email);
		free(bv[i].summary);
	}
	free(bv);
}
