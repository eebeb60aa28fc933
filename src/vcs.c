/*
 * vcs.c: a notebook's repository: finding or making it, where it stands
 * (branch, HEAD, conflicts) and committing the file on save. History and
 * blame are vcs_hist.c's, gutter marks and restore plans vcs_nb.c's.
 *
 * The one idea of a commit on save: git's plumbing, one path at a time.
 * The new tree is HEAD's tree with one blob replaced (git_tree_update),
 * the commit is written without touching any ref, and only then is the
 * branch moved, by compare-and-swap against the HEAD we started from. The
 * index is the user's: quire changes only this path's entry (new blob,
 * fresh stat data, as `git commit PATH` does) and checks first that it
 * could take the index lock, so a locked or read-only index stops the
 * commit before anything moved. If the index still cannot be written
 * after the branch moved (a race), the branch is moved back: the commit
 * object stays behind unreferenced, which git's gc removes and fsck
 * accepts.
 */
#include "config.h"

#include "vcs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "celldiff.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "vcs_int.h"
#include "xmalloc.h"

int
vcs_git_error(int code, const char *what)
{
	const git_error *e = git_error_last();

	err_set("git: %s: %s", what, e != NULL && e->message != NULL ?
	    e->message : "unknown error");
	git_error_clear();
	return code == GIT_ENOTFOUND ? VCS_NOTFOUND : -1;
}

/* Split path into its folder's real path (ending in '/') and base name. */
static int
vcs_path_split(const char *path, char **dir, char **base)
{
	const char *slash = strrchr(path, '/');
	char *d, *real;

	*dir = *base = NULL;
	if (slash != NULL && slash[1] == '\0') {
		err_set("%s: not a file name", path);
		return -1;
	}
	if (slash == NULL)
		d = xstrdup(".");
	else if (slash == path)
		d = xstrdup("/");
	else
		d = xstrndup(path, (size_t)(slash - path));
	real = realpath(d, NULL);
	if (real == NULL) {
		err_errno("%s", d);
		free(d);
		return -1;
	}
	free(d);
	*dir = xasprintf("%s%s", real, strcmp(real, "/") == 0 ? "" : "/");
	free(real);
	*base = xstrdup(slash != NULL ? slash + 1 : path);
	return 0;
}

static struct vcs *
vcs_alloc(git_repository *repo)
{
	struct vcs *v = xcalloc(1, sizeof *v);

	v->repo = repo;
	return v;
}

/* Fill workdir, path and abspath; refuse bare repositories and files
 * inside the git directory. */
static int
vcs_locate(struct vcs *v, const char *path, const char *dir,
    const char *base)
{
	const char *wd = git_repository_workdir(v->repo);
	char *real;
	size_t n;

	if (git_repository_is_bare(v->repo) || wd == NULL) {
		err_set("%s: the repository at %s is bare: it has no work "
		    "tree to commit from", path, git_repository_path(v->repo));
		return -1;
	}
	real = realpath(wd, NULL);
	if (real == NULL) {
		err_errno("%s", wd);
		return -1;
	}
	v->workdir = xasprintf("%s%s", real, strcmp(real, "/") == 0 ? "" :
	    "/");
	free(real);
	n = strlen(v->workdir);
	if (strncmp(dir, v->workdir, n) != 0) {
		err_set("%s: outside the work tree %s", path, v->workdir);
		return -1;
	}
	v->path = xasprintf("%s%s", dir + n, base);
	if (strcmp(v->path, ".git") == 0 || strncmp(v->path, ".git/", 5) == 0) {
		err_set("%s: inside the repository's .git folder", path);
		return -1;
	}
	v->abspath = xasprintf("%s%s", v->workdir, v->path);
	return 0;
}

void
vcs_free(struct vcs *v)
{
	if (v == NULL)
		return;
	git_repository_free(v->repo);
	free(v->workdir);
	free(v->path);
	free(v->abspath);
	nb_free(v->head_nb);
	nb_free(v->parsed[0].nb);
	nb_free(v->parsed[1].nb);
	free(v->pairs);
	free(v);
	(void)git_libgit2_shutdown();
}

int
vcs_open(struct vcs **out, const char *path)
{
	git_repository *repo = NULL;
	struct vcs *v = NULL;
	char *dir = NULL, *base = NULL;
	int error;

	*out = NULL;
	if (git_libgit2_init() < 0)
		return vcs_git_error(-1, "init");
	if (vcs_path_split(path, &dir, &base) < 0) {
		error = -1;
		(void)git_libgit2_shutdown();
		goto done;
	}
	/* As git does, never look above GIT_CEILING_DIRECTORIES. */
	error = git_repository_open_ext(&repo, dir, 0,
	    getenv("GIT_CEILING_DIRECTORIES"));
	if (error == GIT_ENOTFOUND) {
		git_error_clear();
		err_set("%s: not in a git work tree", path);
		error = VCS_NOREPO;
		(void)git_libgit2_shutdown();
		goto done;
	}
	if (error < 0) {
		error = vcs_git_error(-1, path);
		(void)git_libgit2_shutdown();
		goto done;
	}
	v = vcs_alloc(repo);
	if ((error = vcs_locate(v, path, dir, base)) < 0)
		goto done;
	*out = v;
	v = NULL;
done:
	vcs_free(v);
	free(dir);
	free(base);
	return error;
}

int
vcs_init(struct vcs **out, const char *path)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	struct vcs *v = NULL;
	char *dir = NULL, *base = NULL;
	int error = -1;

	*out = NULL;
	if (git_libgit2_init() < 0)
		return vcs_git_error(-1, "init");
	if (vcs_path_split(path, &dir, &base) < 0) {
		(void)git_libgit2_shutdown();
		goto done;
	}
	/* git init's defaults: reuse an existing repository, never bare,
	 * the branch from init.defaultBranch (else libgit2's, "master"). */
	(void)git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKDIR;
	if (git_repository_init_ext(&repo, dir, &opts) < 0) {
		error = vcs_git_error(-1, dir);
		(void)git_libgit2_shutdown();
		goto done;
	}
	v = vcs_alloc(repo);
	if ((error = vcs_locate(v, path, dir, base)) < 0)
		goto done;
	*out = v;
	v = NULL;
done:
	vcs_free(v);
	free(dir);
	free(base);
	return error;
}

int
vcs_open_auto(struct vcs **out, const char *path, enum vcs_auto_init auto_init)
{
	int error = vcs_open(out, path);

	if (error != VCS_NOREPO)
		return error;
	if (auto_init == VCS_AUTO_INIT_YES)
		return vcs_init(out, path);
	return VCS_NOREPO;
}

const char *
vcs_path(const struct vcs *v)
{
	return v->path;
}

const char *
vcs_workdir(const struct vcs *v)
{
	return v->workdir;
}

/* ---------------------------------------------------------------- */
/* HEAD and the file in it.                                          */

int
vcs_tree_blob(struct vcs *v, const git_commit *commit, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	int error;

	if ((error = git_commit_tree(&tree, commit)) < 0)
		return error;
	error = git_tree_entry_bypath(&te, tree, v->path);
	if (error == 0 && git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		error = GIT_ENOTFOUND;
	if (error == 0)
		git_oid_cpy(out, git_tree_entry_id(te));
	git_tree_entry_free(te);
	git_tree_free(tree);
	return error;
}

int
vcs_blob_read(struct vcs *v, const git_oid *id, struct buf *out)
{
	git_blob_filter_options opts;
	git_blob *blob = NULL;
	git_buf gb = { 0 };
	int error;

	(void)git_blob_filter_options_init(&opts,
	    GIT_BLOB_FILTER_OPTIONS_VERSION);
	if ((error = git_blob_lookup(&blob, v->repo, id)) < 0)
		return vcs_git_error(error, "read blob");
	error = git_blob_filter(&gb, blob, v->path, &opts);
	if (error < 0) {
		git_blob_free(blob);
		return vcs_git_error(error, v->path);
	}
	buf_add(out, gb.ptr, gb.size);
	git_buf_dispose(&gb);
	git_blob_free(blob);
	return 0;
}

int
vcs_blob_nb(struct vcs *v, const git_oid *id, struct nb **out)
{
	struct buf text = BUF_INIT;
	int error;

	*out = NULL;
	if ((error = vcs_blob_read(v, id, &text)) < 0)
		return error;
	error = fmt_parse(out, FMT_UNKNOWN, v->path, text.ptr, text.len,
	    NULL);
	buf_release(&text);
	return error < 0 ? -1 : 0;
}

/* HEAD's commit, or *out NULL on an unborn branch. */
static int
vcs_head_commit(struct vcs *v, git_commit **out)
{
	git_reference *head = NULL;
	git_object *obj = NULL;
	int error;

	*out = NULL;
	error = git_repository_head(&head, v->repo);
	if (error == GIT_EUNBORNBRANCH || error == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (error < 0)
		return vcs_git_error(error, "HEAD");
	error = git_reference_peel(&obj, head, GIT_OBJECT_COMMIT);
	git_reference_free(head);
	if (error < 0)
		return vcs_git_error(-1, "HEAD");
	*out = (git_commit *)obj;
	return 0;
}

int
vcs_head_nb(struct vcs *v, const struct nb **out)
{
	git_commit *c = NULL;
	git_oid blob;
	struct nb *nb = NULL;
	int error;

	*out = NULL;
	if ((error = vcs_head_commit(v, &c)) < 0)
		return error;
	memset(&blob, 0, sizeof blob);
	if (c != NULL) {
		error = vcs_tree_blob(v, c, &blob);
		git_commit_free(c);
		if (error == GIT_ENOTFOUND) {
			git_error_clear();
			memset(&blob, 0, sizeof blob);
		} else if (error < 0)
			return vcs_git_error(error, v->path);
	}
	if (v->head_cached && git_oid_equal(&blob, &v->head_blob)) {
		*out = v->head_nb;
		return 0;
	}
	if (!git_oid_is_zero(&blob) && vcs_blob_nb(v, &blob, &nb) < 0)
		return -1;
	nb_free(v->head_nb);
	v->head_nb = nb;
	git_oid_cpy(&v->head_blob, &blob);
	v->head_cached = true;
	*out = nb;
	return 0;
}

struct nb *
vcs_nb_copy(const struct nb *from)
{
	struct nb *nb = nb_new();
	size_t i, len;

	if (nb_header(from) != NULL)
		nb_set_header(nb, nb_header(from), strlen(nb_header(from)));
	if (nb_version(from) != NULL)
		nb_set_version(nb, nb_version(from));
	for (i = 0; i < nb_ncells(from); i++) {
		const struct nb_cell *c = nb_cell_at(from, i);
		const char *src = nb_cell_source(c, &len);
		struct nb_cell *d = nb_cell_insert(nb, i, src, len);

		nb_cell_set_name(d, nb_cell_name(c));
		nb_cell_set_name_derived(d, nb_cell_name_is_derived(c));
		nb_cell_set_config(d, nb_cell_config(c));
		nb_cell_set_kind(d, nb_cell_kind(c));
		nb_cell_set_line(d, nb_cell_line(c));
	}
	return nb;
}

static const char *
vcs_busy_name(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_NONE:
		return NULL;
	case GIT_REPOSITORY_STATE_MERGE:
		return "merge";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		return "revert";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		return "cherry-pick";
	case GIT_REPOSITORY_STATE_BISECT:
		return "bisect";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		return "am";
	default:
		return "rebase";
	}
}

/* Whether the index holds conflict stages for the file. */
static int
vcs_conflicted(struct vcs *v, git_index *idx, bool *out)
{
	const git_index_entry *anc, *ours, *theirs;
	int error;

	*out = false;
	error = git_index_conflict_get(&anc, &ours, &theirs, idx, v->path);
	if (error == 0)
		*out = true;
	else if (error == GIT_ENOTFOUND)
		git_error_clear();
	else
		return vcs_git_error(error, "index");
	return 0;
}

int
vcs_state_get(struct vcs *v, struct vcs_state *st)
{
	git_reference *head = NULL;
	git_commit *c = NULL;
	git_index *idx = NULL;
	git_oid blob, disk;
	struct stat sb;
	char hex[VCS_ID_LEN + 1];
	int error = -1, r;

	memset(st, 0, sizeof *st);
	memset(&blob, 0, sizeof blob);
	st->busy = vcs_busy_name(git_repository_state(v->repo));
	r = git_reference_lookup(&head, v->repo, "HEAD");
	if (r < 0) {
		(void)vcs_git_error(r, "HEAD");
		goto done;
	}
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *t = git_reference_symbolic_target(head);

		st->branch = xstrdup(strncmp(t, "refs/heads/", 11) == 0 ?
		    t + 11 : t);
		r = git_repository_head_unborn(v->repo);
		if (r < 0) {
			(void)vcs_git_error(r, "HEAD");
			goto done;
		}
		st->unborn = r == 1;
	} else {
		st->detached = true;
		git_oid_tostr(hex, VCS_SHORT_LEN + 1,
		    git_reference_target(head));
		st->branch = xstrdup(hex);
	}
	if (vcs_head_commit(v, &c) < 0)
		goto done;
	if (c != NULL) {
		r = vcs_tree_blob(v, c, &blob);
		if (r == 0)
			st->tracked = true;
		else if (r == GIT_ENOTFOUND)
			git_error_clear();
		else {
			(void)vcs_git_error(r, v->path);
			goto done;
		}
	}
	if (stat(v->abspath, &sb) == 0) {
		r = git_repository_hashfile(&disk, v->repo, v->abspath,
		    GIT_OBJECT_BLOB, v->path);
		if (r < 0) {
			(void)vcs_git_error(r, v->path);
			goto done;
		}
		st->differs = !st->tracked || !git_oid_equal(&disk, &blob);
	} else
		st->differs = st->tracked;
	if ((r = git_repository_index(&idx, v->repo)) < 0 ||
	    (r = git_index_read(idx, 0)) < 0) {
		(void)vcs_git_error(r, "index");
		goto done;
	}
	if (vcs_conflicted(v, idx, &st->conflicted) < 0)
		goto done;
	error = 0;
done:
	git_index_free(idx);
	git_commit_free(c);
	git_reference_free(head);
	if (error < 0)
		vcs_state_release(st);
	return error;
}

void
vcs_state_release(struct vcs_state *st)
{
	free(st->branch);
	memset(st, 0, sizeof *st);
}

/* ---------------------------------------------------------------- */
/* Committing.                                                       */

/*
 * One identity, as git makes it: the environment (GIT_AUTHOR_NAME or
 * GIT_COMMITTER_NAME, and _EMAIL), then user.name/user.email, then the
 * OS account (the GECOS name or the login; login@host).
 */
static int
vcs_signature(struct vcs *v, git_config *cfg, const char *who,
    git_signature **out)
{
	struct passwd *pw = getpwuid(geteuid());
	git_buf name = { 0 }, email = { 0 };
	struct buf env = BUF_INIT;
	char *n = NULL, *e = NULL, host[256];
	const char *s;
	int error;

	(void)v;
	buf_addf(&env, "GIT_%s_NAME", who);
	if ((s = getenv(env.ptr)) != NULL && *s != '\0')
		n = xstrdup(s);
	else if (cfg != NULL && git_config_get_string_buf(&name, cfg,
	    "user.name") == 0 && name.size > 0)
		n = xstrndup(name.ptr, name.size);
	buf_reset(&env);
	buf_addf(&env, "GIT_%s_EMAIL", who);
	if ((s = getenv(env.ptr)) != NULL)
		e = xstrdup(s);
	else if (cfg != NULL && git_config_get_string_buf(&email, cfg,
	    "user.email") == 0)
		e = xstrndup(email.ptr, email.size);
	git_error_clear();
	if (n == NULL) {
		if (pw != NULL && pw->pw_gecos != NULL &&
		    pw->pw_gecos[0] != '\0' && pw->pw_gecos[0] != ',')
			n = xstrndup(pw->pw_gecos, strcspn(pw->pw_gecos, ","));
		else if (pw != NULL)
			n = xstrdup(pw->pw_name);
		else
			n = xasprintf("uid %u", (unsigned)geteuid());
	}
	if (e == NULL) {
		if (gethostname(host, sizeof host) < 0)
			host[0] = '\0';
		host[sizeof host - 1] = '\0';
		e = xasprintf("%s@%s", pw != NULL ? pw->pw_name : "user",
		    host[0] != '\0' ? host : "localhost");
	}
	error = git_signature_now(out, n, e);
	if (error < 0)
		error = vcs_git_error(error, "author");
	free(n);
	free(e);
	buf_release(&env);
	git_buf_dispose(&name);
	git_buf_dispose(&email);
	return error;
}

void
vcs_message_generate(struct buf *out, const char *file,
    const struct nb *old, const struct nb *new)
{
	struct celldiff *d;
	size_t mark;

	if (old == NULL) {
		buf_addf(out, "quire: add %s (%zu cell%s)", file,
		    new != NULL ? nb_ncells(new) : 0,
		    new != NULL && nb_ncells(new) == 1 ? "" : "s");
		return;
	}
	buf_addf(out, "quire: save %s", file);
	d = celldiff_new(old, new, NULL);
	buf_adds(out, " (");
	mark = out->len;
	celldiff_summary(d, out, 6);
	if (out->len == mark)
		buf_truncate(out, mark - 2);
	else
		buf_addc(out, ')');
	celldiff_free(d);
}

/*
 * Can the index be locked? Take git's lock file and let it go at once:
 * a lock held by another process, or a repository we may not write,
 * stops the commit before anything moved.
 */
static int
vcs_index_probe(struct vcs *v)
{
	struct buf lock = BUF_INIT;
	int fd, error = 0;

	buf_addf(&lock, "%sindex.lock", git_repository_path(v->repo));
	fd = open(lock.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST) {
		err_set("git: the index is locked by another git process "
		    "(%s exists; if no git command is running, remove it)",
		    lock.ptr);
		error = -1;
	} else if (fd < 0) {
		err_errno("git: cannot write the index (%s)", lock.ptr);
		error = -1;
	} else {
		(void)close(fd);
		(void)unlink(lock.ptr);
	}
	buf_release(&lock);
	return error;
}

/* The index entry for the new blob, with the file's stat data. */
static void
vcs_index_entry(git_index_entry *ie, const git_index_entry *old,
    const struct stat *sb, const char *path, const git_oid *blob,
    uint32_t mode)
{
	memset(ie, 0, sizeof *ie);
	if (old != NULL) {
		ie->flags = old->flags & ~GIT_INDEX_ENTRY_STAGEMASK;
		ie->flags_extended = old->flags_extended &
		    ~GIT_INDEX_ENTRY_INTENT_TO_ADD;
	}
	ie->ctime.seconds = (int32_t)sb->st_ctim.tv_sec;
	ie->ctime.nanoseconds = (uint32_t)sb->st_ctim.tv_nsec;
	ie->mtime.seconds = (int32_t)sb->st_mtim.tv_sec;
	ie->mtime.nanoseconds = (uint32_t)sb->st_mtim.tv_nsec;
	ie->dev = (uint32_t)sb->st_dev;
	ie->ino = (uint32_t)sb->st_ino;
	ie->uid = (uint32_t)sb->st_uid;
	ie->gid = (uint32_t)sb->st_gid;
	ie->file_size = (uint32_t)sb->st_size;
	ie->mode = mode;
	git_oid_cpy(&ie->id, blob);
	ie->path = path;
}

/* Move the branch (or detached HEAD) back after a failed index write. */
static void
vcs_ref_undo(struct vcs *v, const char *refname, bool unborn,
    const git_oid *old, const git_oid *made)
{
	git_reference *ref = NULL;

	if (unborn) {
		if (git_reference_lookup(&ref, v->repo, refname) == 0 &&
		    git_reference_target(ref) != NULL &&
		    git_oid_equal(git_reference_target(ref), made))
			(void)git_reference_delete(ref);
	} else
		(void)git_reference_create_matching(&ref, v->repo, refname,
		    old, 1, made, "quire: undo commit, index not written");
	git_reference_free(ref);
	git_error_clear();
}

int
vcs_commit_file(struct vcs *v, const struct nb *saved, const char *message,
    struct vcs_commit_info *info)
{
	git_reference *head = NULL, *newref = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_index *idx = NULL;
	git_config *cfg = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_tree_update upd;
	git_index_entry ie;
	git_oid blob, old_blob, old_tip, tree_id, commit_id;
	const git_index_entry *old_ie;
	const struct nb *head_nb = NULL;
	struct nb *parsed = NULL;
	struct buf msg = BUF_INIT, reflog = BUF_INIT;
	struct stat sb;
	const char *refname, *busy, *base_name;
	const git_commit *parents[1];
	char *target = NULL;
	bool unborn = false, conflicted, tracked = false;
	uint32_t mode;
	int error = -1, r;

	memset(info, 0, sizeof *info);
	if ((r = git_repository_index(&idx, v->repo)) < 0 ||
	    (r = git_index_read(idx, 0)) < 0) {
		(void)vcs_git_error(r, "index");
		goto done;
	}
	if (vcs_conflicted(v, idx, &conflicted) < 0)
		goto done;
	if (conflicted) {
		err_set("git: %s has an unresolved merge conflict: resolve it "
		    "and git add it, then save again", v->path);
		goto done;
	}
	busy = vcs_busy_name(git_repository_state(v->repo));
	if (busy != NULL) {
		err_set("git: a %s is in progress in %s: not committing %s "
		    "until it is finished", busy, v->workdir, v->path);
		goto done;
	}
	if (vcs_index_probe(v) < 0)
		goto done;

	/* Where HEAD is: a branch (maybe unborn) or a detached commit. */
	if ((r = git_reference_lookup(&head, v->repo, "HEAD")) < 0) {
		(void)vcs_git_error(r, "HEAD");
		goto done;
	}
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		git_reference *tip = NULL;

		target = xstrdup(git_reference_symbolic_target(head));
		refname = target;
		r = git_reference_lookup(&tip, v->repo, refname);
		if (r == GIT_ENOTFOUND) {
			git_error_clear();
			unborn = true;
		} else if (r < 0) {
			(void)vcs_git_error(r, refname);
			goto done;
		} else {
			git_reference *res = NULL;

			r = git_reference_resolve(&res, tip);
			git_reference_free(tip);
			if (r < 0) {
				(void)vcs_git_error(r, refname);
				goto done;
			}
			git_oid_cpy(&old_tip, git_reference_target(res));
			git_reference_free(res);
		}
	} else {
		refname = "HEAD";
		info->detached = true;
		git_oid_cpy(&old_tip, git_reference_target(head));
	}
	if (!unborn) {
		if ((r = git_commit_lookup(&parent, v->repo, &old_tip)) < 0 ||
		    (r = git_commit_tree(&base, parent)) < 0) {
			(void)vcs_git_error(r, "HEAD");
			goto done;
		}
		r = vcs_tree_blob(v, parent, &old_blob);
		if (r == 0)
			tracked = true;
		else if (r == GIT_ENOTFOUND)
			git_error_clear();
		else {
			(void)vcs_git_error(r, v->path);
			goto done;
		}
	}

	/* An ignored file the user never added stays out, as git add
	 * without -f leaves it. */
	if (!tracked && git_index_get_bypath(idx, v->path, 0) == NULL) {
		int ign = 0;

		if ((r = git_ignore_path_is_ignored(&ign, v->repo,
		    v->path)) < 0) {
			(void)vcs_git_error(r, v->path);
			goto done;
		}
		if (ign) {
			info->ignored = true;
			error = 0;
			goto done;
		}
	}

	/* The file as git add would store it. */
	if (stat(v->abspath, &sb) < 0) {
		err_errno("%s", v->abspath);
		goto done;
	}
	if ((r = git_blob_create_from_workdir(&blob, v->repo, v->path)) < 0) {
		(void)vcs_git_error(r, v->path);
		goto done;
	}
	mode = (sb.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE :
	    GIT_FILEMODE_BLOB;
	if (tracked) {
		git_tree_entry *te = NULL;
		int trust = 1;

		/* core.filemode false: the executable bit on disk means
		 * nothing, keep what HEAD has. */
		if (git_repository_config_snapshot(&cfg, v->repo) == 0 &&
		    git_config_get_bool(&trust, cfg, "core.filemode") < 0)
			trust = 1;
		git_error_clear();
		if (git_tree_entry_bypath(&te, base, v->path) == 0) {
			if (!trust)
				mode = (uint32_t)git_tree_entry_filemode(te);
			if (git_oid_equal(&blob, &old_blob) &&
			    (uint32_t)git_tree_entry_filemode(te) == mode) {
				git_tree_entry_free(te);
				error = 0;	/* nothing new to commit */
				goto done;
			}
			git_tree_entry_free(te);
		}
		git_error_clear();
	}

	/* HEAD's tree with this one path replaced. */
	memset(&upd, 0, sizeof upd);
	upd.action = GIT_TREE_UPDATE_UPSERT;
	git_oid_cpy(&upd.id, &blob);
	upd.filemode = (git_filemode_t)mode;
	upd.path = v->path;
	if (base == NULL) {
		git_treebuilder *tb = NULL;
		git_oid empty;

		if ((r = git_treebuilder_new(&tb, v->repo, NULL)) < 0 ||
		    (r = git_treebuilder_write(&empty, tb)) < 0 ||
		    (r = git_tree_lookup(&base, v->repo, &empty)) < 0) {
			git_treebuilder_free(tb);
			(void)vcs_git_error(r, "tree");
			goto done;
		}
		git_treebuilder_free(tb);
	}
	if ((r = git_tree_create_updated(&tree_id, v->repo, base, 1,
	    &upd)) < 0 ||
	    (r = git_tree_lookup(&tree, v->repo, &tree_id)) < 0) {
		(void)vcs_git_error(r, "tree");
		goto done;
	}

	/* The message. */
	base_name = strrchr(v->path, '/');
	base_name = base_name != NULL ? base_name + 1 : v->path;
	if (message != NULL && *message != '\0')
		buf_adds(&msg, message);
	else {
		if (tracked && vcs_head_nb(v, &head_nb) < 0) {
			/* An unreadable old version: say less. */
			err_clear();
			head_nb = NULL;
		}
		if (saved == NULL) {
			struct buf text = BUF_INIT;

			if (vcs_blob_read(v, &blob, &text) == 0 &&
			    fmt_parse(&parsed, FMT_UNKNOWN, v->path, text.ptr,
			    text.len, NULL) == 0)
				saved = parsed;
			err_clear();
			buf_release(&text);
		}
		if (tracked && head_nb != NULL && saved != NULL)
			vcs_message_generate(&msg, base_name, head_nb, saved);
		else if (!tracked)
			vcs_message_generate(&msg, base_name, NULL, saved);
		else
			buf_addf(&msg, "quire: save %s", base_name);
	}
	if (msg.len == 0 || msg.ptr[msg.len - 1] != '\n')
		buf_addc(&msg, '\n');

	if (cfg == NULL && git_repository_config_snapshot(&cfg, v->repo) < 0)
		git_error_clear();
	if (vcs_signature(v, cfg, "AUTHOR", &author) < 0 ||
	    vcs_signature(v, cfg, "COMMITTER", &committer) < 0)
		goto done;
	parents[0] = parent;
	if ((r = git_commit_create(&commit_id, v->repo, NULL, author,
	    committer, NULL, msg.ptr, tree, parent != NULL ? 1 : 0,
	    parents)) < 0) {
		(void)vcs_git_error(r, "commit");
		goto done;
	}

	/* Nothing visible has changed yet: now the ref, then the index. */
	buf_addf(&reflog, "commit%s: %.*s", unborn ? " (initial)" : "",
	    (int)strcspn(msg.ptr, "\n"), msg.ptr);
	if (unborn)
		r = git_reference_create(&newref, v->repo, refname, &commit_id,
		    0, reflog.ptr);
	else
		r = git_reference_create_matching(&newref, v->repo, refname,
		    &commit_id, 1, &old_tip, reflog.ptr);
	if (r == GIT_EMODIFIED || r == GIT_EEXISTS) {
		git_error_clear();
		err_set("git: %s moved while quire was committing; save "
		    "again to commit on top of it", refname);
		goto done;
	}
	if (r < 0) {
		(void)vcs_git_error(r, refname);
		goto done;
	}
	old_ie = git_index_get_bypath(idx, v->path, 0);
	vcs_index_entry(&ie, old_ie, &sb, v->path, &blob, mode);
	if ((r = git_index_add(idx, &ie)) < 0 ||
	    (r = git_index_write(idx)) < 0) {
		(void)vcs_git_error(r, "index");
		err_prefix("committed, but the index could not be written, so "
		    "the commit was taken back");
		vcs_ref_undo(v, refname, unborn, &old_tip, &commit_id);
		goto done;
	}

	/* The saved notebook is HEAD's now: keep it for marks. */
	if (saved != NULL) {
		nb_free(v->head_nb);
		v->head_nb = vcs_nb_copy(saved);
		git_oid_cpy(&v->head_blob, &blob);
		v->head_cached = true;
	} else
		v->head_cached = false;
	info->committed = true;
	git_oid_tostr(info->id, sizeof info->id, &commit_id);
	buf_rtrim(&msg);
	info->message = buf_detach(&msg, NULL);
	error = 0;
done:
	nb_free(parsed);
	git_signature_free(author);
	git_signature_free(committer);
	git_config_free(cfg);
	git_reference_free(newref);
	git_reference_free(head);
	git_commit_free(parent);
	git_tree_free(base);
	git_tree_free(tree);
	git_index_free(idx);
	buf_release(&msg);
	buf_release(&reflog);
	free(target);
	return error;
}

void
vcs_commit_info_release(struct vcs_commit_info *info)
{
	free(info->message);
	memset(info, 0, sizeof *info);
}
