/*
 * vcs.h: versioning of one notebook file with libgit2. Finds the work
 * tree the file lies in (or makes one), commits the file on save without
 * touching anything else in the repository, and answers the editor's and
 * the command line's questions about it: branch, whether it differs from
 * HEAD, per-line gutter marks, history, the file at a revision, blame per
 * cell, and what restoring a cell or the notebook from a revision takes.
 *
 * quire never runs the git program: everything goes through libgit2.
 * Errors are translated where they leave libgit2 ("git: ..."): messages
 * may quote paths, ref names or config values from the repository, so
 * whoever shows them sanitises them first (src/sanitize.h).
 */
#ifndef QUIRE_VCS_H
#define QUIRE_VCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nb.h"		/* struct nb_cell_config, by value below */

struct buf;
struct celldiff;
struct vcs;

#define VCS_NOREPO	(-2)	/* the file lies in no git work tree */
#define VCS_NOTFOUND	(-3)	/* no such revision, or no such file in it */

#define VCS_ID_LEN 40		/* hex digits of a commit or blob id */
#define VCS_SHORT_LEN 7

/* What to do on a save outside any repository (config git.auto_init). */
enum vcs_auto_init {
	VCS_AUTO_INIT_NO,	/* leave it alone */
	VCS_AUTO_INIT_ASK,	/* the caller asks, then calls vcs_init() */
	VCS_AUTO_INIT_YES	/* make a repository in the file's folder */
};

/*
 * Open the repository whose work tree holds path (the file need not exist
 * yet; its folder must). Returns 0 with *out set (free with vcs_free()),
 * VCS_NOREPO when there is none, or -1 (err_last()) when there is one
 * quire cannot use: a bare repository, a file inside .git, a repository
 * libgit2 cannot read or does not trust.
 */
int vcs_open(struct vcs **out, const char *path);
/*
 * Create a repository in path's folder (as git init: non-bare, the
 * branch from init.defaultBranch, else libgit2's "master") and open it.
 * 0 or -1.
 */
int vcs_init(struct vcs **out, const char *path);
/*
 * vcs_open(), then by auto: NO leaves *out NULL and returns VCS_NOREPO;
 * ASK returns VCS_NOREPO for the caller to ask; YES calls vcs_init().
 */
int vcs_open_auto(struct vcs **out, const char *path, enum vcs_auto_init);
void vcs_free(struct vcs *);		/* NULL is a no-op */

/* The file's path inside the work tree, '/'-separated; borrowed. */
const char *vcs_path(const struct vcs *);
/* The work tree's absolute path, ending in '/'; borrowed. */
const char *vcs_workdir(const struct vcs *);

/* Where the work tree stands, for the status bar. */
struct vcs_state {
	char *branch;		/* short branch name; the short commit id
				   when detached; NULL when HEAD is unknown */
	bool detached;
	bool unborn;		/* the branch has no commit yet */
	bool tracked;		/* the file is in HEAD's tree */
	bool differs;		/* the file on disk differs from HEAD's (or
				   is not in HEAD); false when it is absent
				   from both */
	bool conflicted;	/* the index holds a merge conflict for it */
	const char *busy;	/* "merge", "rebase", ... in progress, or NULL
				   (static string) */
};
/* 0 or -1 (err_last()); release with vcs_state_release(). */
int vcs_state_get(struct vcs *, struct vcs_state *out);
void vcs_state_release(struct vcs_state *);

/* What a commit did. */
struct vcs_commit_info {
	bool committed;		/* false: the file already matched HEAD, or
				   is untracked and ignored */
	bool ignored;		/* untracked and matched by .gitignore: never
				   committed (git add would refuse it too) */
	char id[VCS_ID_LEN + 1];	/* the new commit ("" if none) */
	bool detached;		/* made on a detached HEAD */
	char *message;		/* the message used; caller frees */
};

/*
 * Commit the file as it is on disk now (right after fmt_save()), and
 * nothing else: the tree is HEAD's tree with only this path's blob
 * replaced, the branch (or a detached HEAD) moves only if it still points
 * where it did, and in the index only this path's entry changes (to the
 * new blob, with fresh stat data) so `git status` stays right; other
 * staged and unstaged changes are left exactly as they were.
 *
 * message NULL: generated from the cell-aware diff against HEAD, as
 * "quire: save loan_risk.py (changed: load, flagged; added: summary)";
 * saved, when given, is the notebook just written (saves parsing the
 * file again for that message). Author and committer come from git
 * config user.name/user.email, else the OS account.
 *
 * Returns 0 (info->committed tells whether anything was new), or -1 with
 * err_last() saying plainly why not (bare repository, merge conflict,
 * index locked by another process, read-only repository, ...): the file
 * itself is untouched and the next save simply tries again.
 */
int vcs_commit_file(struct vcs *, const struct nb *saved,
    const char *message, struct vcs_commit_info *info);
void vcs_commit_info_release(struct vcs_commit_info *);

/*
 * The generated commit message for a save of file (a base name) from old
 * (NULL: a new file) to new, appended to out.
 */
void vcs_message_generate(struct buf *out, const char *file,
    const struct nb *old, const struct nb *new);

/*
 * The file at a revision: rev as git understands it (HEAD, HEAD~2, a
 * hash, a tag, a branch, "main@{1}"). Appends the bytes to out, as they
 * would be checked out (filters such as core.autocrlf applied). 0,
 * VCS_NOTFOUND (no such revision, or the file is not in it; err_last()
 * says which), or -1.
 */
int vcs_blob_at(struct vcs *, const char *rev, struct buf *out);
/* Same, parsed as a notebook (format from the file name and text).
 * *out is the caller's (nb_free). */
int vcs_nb_at(struct vcs *, const char *rev, struct nb **out);
/* The full id of what rev names (a commit), into id. 0/VCS_NOTFOUND/-1. */
int vcs_rev_id(struct vcs *, const char *rev, char id[VCS_ID_LEN + 1]);

/* One commit of the file's history. */
struct vcs_log_entry {
	char id[VCS_ID_LEN + 1];
	char parent[VCS_ID_LEN + 1];	/* first parent, "" for a root */
	char *author;		/* name; caller's (vcs_log_free) */
	char *email;
	int64_t time;		/* author time, seconds since the epoch */
	int offset;		/* author's UTC offset, minutes */
	char *summary;		/* first line of the message */
	char *message;		/* the whole message */
	bool added;		/* the file first appears here */
	bool deleted;		/* the file is gone after this commit */
};

/*
 * Commits reachable from HEAD that changed the file (its blob differs
 * from every parent's), newest first, at most max (0: all). Renames are
 * not followed: history stops at the commit that added the file under
 * this name. 0 with *out and *n set (vcs_log_free), or -1; an unborn branch
 * gives an empty history.
 */
int vcs_log(struct vcs *, size_t max, struct vcs_log_entry **out,
    size_t *n);
void vcs_log_free(struct vcs_log_entry *, size_t n);
/*
 * The cell-aware diff of one history entry against its first parent
 * (*out, celldiff_free), e.g. for "cells changed". 0 or -1.
 */
int vcs_log_diff(struct vcs *, const struct vcs_log_entry *,
    struct celldiff **out);

/* Who last changed a cell. */
struct vcs_blame {
	bool committed;		/* false: some line of the cell is not
				   committed yet (then the fields below
				   are empty) */
	char id[VCS_ID_LEN + 1];
	char *author;
	char *email;
	int64_t time;		/* seconds since the epoch */
	int offset;		/* minutes */
	char *summary;
};

/*
 * Blame per cell of the notebook whose file text is text (normally the
 * model formatted as it would be saved, or the file on disk): for each
 * cell of that text in order, the most recent commit among those that
 * last touched its code lines (decorator, def and return lines are left
 * out: they change when other cells do). An empty cell has committed
 * false and an empty id. *out has *n entries, one per cell
 * (vcs_blame_free). 0 or -1.
 */
int vcs_blame_cells(struct vcs *, const char *text, size_t len,
    struct vcs_blame **out, size_t *n);
void vcs_blame_free(struct vcs_blame *, size_t n);

/*
 * Gutter marks: for a cell's current text, one byte of VCS_MARK_* flags
 * per line (its lines as split at '\n'), against the cell it pairs with
 * in HEAD. A cell with no partner in HEAD (or a file not in HEAD) is all
 * ADDED. HEAD's notebook is read once and kept until HEAD moves; the
 * pairing of the model's cells to HEAD's is kept by cell id and redone
 * when the model gains or loses cells or vcs_marks_reset() is called, so
 * calling this on every keystroke costs one line diff of one cell.
 */
#define VCS_MARK_ADDED		0x01	/* a new line */
#define VCS_MARK_CHANGED	0x02	/* a line that replaced another */
#define VCS_MARK_REMOVED_ABOVE	0x04	/* lines were removed before it */
#define VCS_MARK_REMOVED_BELOW	0x08	/* (last line) ... after it */

struct vcs_marks {
	unsigned char *v;	/* one per line; caller's (vcs_marks_release) */
	size_t n;
	bool paired;		/* the cell has a partner in HEAD */
	size_t head_idx;	/* its position in HEAD, if paired */
};

int vcs_marks_get(struct vcs *, const struct nb *model, uint32_t cell_id,
    struct vcs_marks *out);
/* The same for text being typed into cell_id (not yet in the model). */
int vcs_marks_text(struct vcs *, const struct nb *model, uint32_t cell_id,
    const char *text, size_t len, struct vcs_marks *out);
void vcs_marks_release(struct vcs_marks *);
/* Forget the pairing (after cells were added, removed, pasted). */
void vcs_marks_reset(struct vcs *);
/*
 * HEAD's version of the file as a notebook, read once per HEAD (for the
 * status bar's count of changed cells, or a diff view against HEAD with
 * celldiff_new(head, model)). Borrowed until HEAD moves or vcs_free();
 * *out is NULL when the file is not in HEAD. 0 or -1.
 */
int vcs_head(struct vcs *, const struct nb **out);

/*
 * Restoring from a revision. Rather than changing the model itself, a
 * restore is a plan of ordinary edits, in order, that the editor applies
 * through its own undo history (vcs_restore_apply() applies one directly
 * to a model, for headless callers and tests).
 */
enum vcs_edit_type {
	VCS_EDIT_SOURCE,	/* set cell id's text */
	VCS_EDIT_NAME,		/* set cell id's name */
	VCS_EDIT_CONFIG,	/* set cell id's config */
	VCS_EDIT_INSERT,	/* insert a cell (text, name, config) at idx */
	VCS_EDIT_REMOVE,	/* remove cell id */
	VCS_EDIT_MOVE		/* move cell id to idx */
};

struct vcs_edit {
	enum vcs_edit_type type;
	uint32_t id;		/* the model's cell (not INSERT) */
	size_t idx;		/* INSERT, MOVE: position after the edits
				   before this one */
	char *text;		/* SOURCE, INSERT; owned by the plan */
	size_t len;
	char *name;		/* NAME, INSERT */
	struct nb_cell_config config;	/* CONFIG, INSERT */
};

struct vcs_restore {
	struct vcs_edit *v;
	size_t n, alloc;
};

/*
 * Plan restoring the whole notebook to rev's version (from, parsed by
 * vcs_nb_at()): cells that pair with one of from's keep their ids and
 * take its text, name and config; the others are removed; from's cells
 * with no partner are inserted; then the order is made from's. The
 * header is not part of the plan (nb_set_header with from's). Appends to
 * plan; never fails.
 */
void vcs_restore_notebook(struct vcs_restore *plan, const struct nb *from,
    const struct nb *model);
/*
 * Plan restoring one cell: from_idx is the cell's position in from. If
 * it pairs with a model cell, that cell takes its text, name and config;
 * if not (it was removed since), it is inserted after the model cell
 * paired with its nearest earlier neighbour. 0, or -1 if from_idx is out
 * of range.
 */
int vcs_restore_cell(struct vcs_restore *plan, const struct nb *from,
    size_t from_idx, const struct nb *model);
/* Position in from of the cell that model cell id pairs with, or
 * CELLDIFF_NONE ((size_t)-1). */
size_t vcs_restore_find(const struct nb *from, const struct nb *model,
    uint32_t id);
/* Apply plan to model. 0, or -1 if a cell it names is gone. */
int vcs_restore_apply(const struct vcs_restore *plan, struct nb *model);
void vcs_restore_release(struct vcs_restore *);

#endif
