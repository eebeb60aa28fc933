/*
 * vcs_int.h: what the files of the vcs module share (vcs.c: opening,
 * state and committing; vcs_hist.c: revisions, history and blame;
 * vcs_nb.c: gutter marks and restore plans). Not for other modules.
 */
#ifndef QUIRE_VCS_INT_H
#define QUIRE_VCS_INT_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct nb;

struct vcs_pair {
	uint32_t id;		/* model cell id */
	size_t head_idx;	/* HEAD cell it pairs with, or CELLDIFF_NONE */
};

struct vcs {
	git_repository *repo;
	char *workdir;		/* real path, ends in '/' */
	char *path;		/* relative to workdir, '/'-separated */
	char *abspath;		/* workdir + path */

	/* HEAD's version of the file, parsed, for marks and messages. */
	bool head_cached;
	git_oid head_blob;	/* zero when the file is not in HEAD */
	struct nb *head_nb;	/* NULL when not in HEAD */

	/* The model's cells paired with head_nb's, sorted by id. */
	struct vcs_pair *pairs;
	size_t npairs;
	size_t pairs_ncells;	/* the model's cell count when made */
	git_oid pairs_head;	/* head_blob when made */
	bool pairs_valid;

	/* The last two notebooks parsed from blobs (least recent first):
	 * walking history newest first, each version is parsed once. */
	struct vcs_parsed {
		git_oid blob;
		struct nb *nb;
	} parsed[2];
};

/* Record libgit2's last error as "git: what: message"; returns -1 (or
 * VCS_NOTFOUND when code is GIT_ENOTFOUND). */
int vcs_git_error(int code, const char *what);

/* The blob id of the file in commit's tree; GIT_ENOTFOUND when absent. */
int vcs_tree_blob(struct vcs *, const git_commit *, git_oid *out);
/* The blob's bytes as checked out (filters applied), appended to out. */
int vcs_blob_read(struct vcs *, const git_oid *, struct buf *out);
/* The blob parsed as a notebook (kind from the file name). */
int vcs_blob_nb(struct vcs *, const git_oid *, struct nb **out);
/* HEAD's notebook, cached (borrowed; *out NULL when not in HEAD). */
int vcs_head_nb(struct vcs *, const struct nb **out);
/* A copy of a notebook's cells, names, configs and header. */
struct nb *vcs_nb_copy(const struct nb *);

#endif
