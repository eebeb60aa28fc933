/*
 * check_vcs.c: versioning with libgit2. Repositories are made and
 * inspected with the git program (quire itself never runs it); every
 * test that touched a repository ends with `git fsck` clean. The fault
 * tests save the file first, as the editor does (fmt_write_atomic, what
 * fmt_save uses), and check that the save stands while the commit fails
 * plainly and succeeds on the next try.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "celldiff.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "vcs.h"

static char *tmp;		/* this test's scratch folder */

/* ---------------------------------------------------------------- */
/* Helpers.                                                          */

static int
sh(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	va_list ap;
	int st;

	buf_addf(&cmd, "cd '%s' && ", tmp);
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	buf_adds(&cmd, " >/dev/null 2>&1");
	st = system(cmd.ptr);
	buf_release(&cmd);
	return st == -1 ? -1 : WEXITSTATUS(st);
}

/* The first line a shell command prints, trailing newline dropped. */
static char *
sh_out(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	char line[4096];
	va_list ap;
	FILE *f;

	buf_addf(&cmd, "cd '%s' && ", tmp);
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	buf_adds(&cmd, " 2>&1");
	f = popen(cmd.ptr, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL)
		buf_adds(&out, line);
	(void)pclose(f);
	buf_release(&cmd);
	buf_rtrim(&out);
	return buf_detach(&out, NULL);
}

static void
setup(void)
{
	char tmpl[] = "vcs-test.XXXXXX";
	char *cwd = getcwd(NULL, 0);

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	tmp = malloc(strlen(cwd) + strlen(tmpl) + 2);
	sprintf(tmp, "%s/%s", cwd, tmpl);
	/* The search for a repository never leaves tmp: the build tree
	 * may lie inside one (make distcheck builds inside the source
	 * tree's), and a test must never commit to it. */
	setenv("GIT_CEILING_DIRECTORIES", cwd, 1);
	free(cwd);
	/* No user or system git config leaks in: each test says who it
	 * is; the editor, the pager and the colours are off. */
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", tmp, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	setenv("GIT_PAGER", "cat", 1);
	setenv("GIT_EDITOR", "true", 1);
}

static void
fsck_clean(void)
{
	char *out = sh_out("git fsck --no-dangling --strict; echo rc=$?");

	ck_assert_msg(strstr(out, "rc=0") != NULL, "git fsck: %s", out);
	ck_assert_msg(strstr(out, "error") == NULL &&
	    strstr(out, "missing") == NULL && strstr(out, "broken") == NULL,
	    "git fsck: %s", out);
	free(out);
}

/* Whether as_user() ran: root is still the saved user id. */
static bool
getresuid_saved_root(void)
{
	uid_t r, e, sv;

	return getresuid(&r, &e, &sv) == 0 && sv == 0;
}

static void
teardown(void)
{
	struct buf cmd = BUF_INIT, dotgit = BUF_INIT;

	/* Whatever a test did, git must still find the repository sound
	 * (as the user the test ran as: git refuses others' repositories). */
	buf_addf(&dotgit, "%s/.git", tmp);
	if (access(dotgit.ptr, F_OK) == 0)
		fsck_clean();
	buf_release(&dotgit);
	if (getuid() == 65534 && getresuid_saved_root()) {
		(void)setresuid(0, 0, 0);
		(void)setresgid(0, 0, 0);
	}

	buf_addf(&cmd, "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", tmp, tmp);
	if (system(cmd.ptr) == -1)
		perror("rm");
	buf_release(&cmd);
	free(tmp);
}

/* A repository in tmp with one commit of README on branch main. */
static void
repo_make(void)
{
	ck_assert_int_eq(sh("git init -q -b main . && "
	    "git config user.name 'Tess Ter' && "
	    "git config user.email tess@example.com && "
	    "echo hello > README && git add README && "
	    "git commit -q -m 'first'"), 0);
}

/* marimo text for cells "name=|source" (no "=|": anonymous). */
static char *
nbtext(const char *const *cells, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "import marimo\n\n__generated_with = \"0.24.0\"\n"
	    "app = marimo.App()\n");
	for (i = 0; i < n; i++) {
		const char *bar = strstr(cells[i], "=|"), *src = cells[i], *p;

		buf_adds(&b, "\n\n@app.cell\ndef ");
		if (bar != NULL) {
			buf_add(&b, cells[i], (size_t)(bar - cells[i]));
			src = bar + 2;
		} else
			buf_adds(&b, "_");
		buf_adds(&b, "():\n    ");
		for (p = src; *p != '\0'; p++) {
			buf_addc(&b, *p);
			if (*p == '\n')
				buf_adds(&b, "    ");
		}
		buf_adds(&b, "\n    return\n");
	}
	buf_adds(&b, "\n\nif __name__ == \"__main__\":\n    app.run()\n");
	return buf_detach(&b, NULL);
}

#define NBTEXT(...) nbtext((const char *const[]){ __VA_ARGS__ }, \
    sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static char *
path_of(const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", tmp, name);
	return buf_detach(&b, NULL);
}

/* Save as the editor does: atomically. */
static void
save(const char *name, char *text)
{
	char *p = path_of(name);

	ck_assert_msg(fmt_write_atomic(p, text, strlen(text)) == 0,
	    "save: %s", err_last());
	free(p);
	free(text);
}

static struct nb *
parse(const char *text)
{
	struct nb *nb = NULL;

	ck_assert_msg(fmt_parse(&nb, FMT_MARIMO, "t.py", text, strlen(text),
	    NULL) == 0, "%s", err_last());
	return nb;
}

static struct vcs *
open_nb(const char *name)
{
	struct vcs *v = NULL;
	char *p = path_of(name);

	ck_assert_msg(vcs_open(&v, p) == 0, "vcs_open: %s", err_last());
	free(p);
	return v;
}

/* Commit name; returns the message, or NULL when nothing was new. */
static char *
commit(struct vcs *v, const char *message)
{
	struct vcs_commit_info info;
	char *m;

	ck_assert_msg(vcs_commit_file(v, NULL, message, &info) == 0,
	    "commit: %s", err_last());
	m = info.committed ? strdup(info.message) : NULL;
	vcs_commit_info_release(&info);
	return m;
}

static void
commit_fails(struct vcs *v, const char *want)
{
	struct vcs_commit_info info;

	ck_assert_int_eq(vcs_commit_file(v, NULL, NULL, &info), -1);
	ck_assert_msg(strstr(err_last(), want) != NULL,
	    "error \"%s\" lacks \"%s\"", err_last(), want);
	ck_assert(!info.committed);
	vcs_commit_info_release(&info);
}

/* Permission bits mean nothing to root: become nobody, owning tmp. */
static void
as_user(void)
{
	struct buf cmd = BUF_INIT;

	if (geteuid() != 0)
		return;
	buf_addf(&cmd, "chown -R 65534:65534 '%s'", tmp);
	ck_assert_int_eq(system(cmd.ptr), 0);
	buf_release(&cmd);
	ck_assert_int_eq(setgroups(0, NULL), 0);
	/* Root stays the saved id, so teardown can take it back and
	 * remove tmp from the build tree. */
	ck_assert_int_eq(setresgid(65534, 65534, 0), 0);
	ck_assert_int_eq(setresuid(65534, 65534, 0), 0);
}

/* ---------------------------------------------------------------- */
/* Finding the repository.                                           */

START_TEST(test_vcs_open_finds_work_tree)
{
	struct vcs *v;
	char *p;

	repo_make();
	ck_assert_int_eq(sh("mkdir -p sub/deeper"), 0);
	v = open_nb("sub/deeper/nb.py");
	ck_assert_str_eq(vcs_path(v), "sub/deeper/nb.py");
	ck_assert_int_eq(strncmp(vcs_workdir(v), tmp, strlen(tmp)), 0);
	ck_assert_str_eq(vcs_workdir(v) + strlen(tmp), "/");
	vcs_free(v);
	/* A relative path through "." and "..". */
	ck_assert_int_eq(chdir(tmp), 0);
	ck_assert_int_eq(vcs_open(&v, "sub/../sub/deeper/nb.py"), 0);
	ck_assert_str_eq(vcs_path(v), "sub/deeper/nb.py");
	vcs_free(v);
	p = path_of(".git/x.py");
	ck_assert_int_eq(vcs_open(&v, p), -1);
	ck_assert_ptr_null(v);
	free(p);
}
END_TEST

START_TEST(test_vcs_open_outside_any_repo)
{
	struct vcs *v = (struct vcs *)1;
	char *p = path_of("nb.py");

	ck_assert_int_eq(vcs_open(&v, p), VCS_NOREPO);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(vcs_open_auto(&v, p, VCS_AUTO_INIT_NO), VCS_NOREPO);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(vcs_open_auto(&v, p, VCS_AUTO_INIT_ASK), VCS_NOREPO);
	ck_assert_ptr_null(v);
	/* A missing folder is an error, not "no repository". */
	free(p);
	p = path_of("no/such/dir/nb.py");
	ck_assert_int_eq(vcs_open(&v, p), -1);
	free(p);
}
END_TEST

START_TEST(test_vcs_auto_init_yes_makes_repo_and_commits)
{
	struct vcs *v = NULL;
	char *p = path_of("nb.py"), *m, *out;

	save("nb.py", NBTEXT("a = 1", "b=|b = a + 1"));
	ck_assert_int_eq(vcs_open_auto(&v, p, VCS_AUTO_INIT_YES), 0);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(vcs_path(v), "nb.py");
	m = commit(v, NULL);
	ck_assert_str_eq(m, "quire: add nb.py (2 cells)");
	out = sh_out("git log --format=%%s");
	ck_assert_str_eq(out, "quire: add nb.py (2 cells)");
	free(out);
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, "");
	free(out);
	fsck_clean();
	free(m);
	free(p);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_bare_repository_refused)
{
	struct vcs *v = NULL;
	char *p;

	ck_assert_int_eq(sh("git init -q --bare bare.git"), 0);
	p = path_of("bare.git/nb.py");
	ck_assert_int_eq(vcs_open(&v, p), -1);
	ck_assert_msg(strstr(err_last(), "bare") != NULL, "%s", err_last());
	ck_assert_ptr_null(v);
	free(p);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Committing.                                                       */

START_TEST(test_vcs_commit_on_save_messages)
{
	struct vcs *v;
	char *m, *out;

	repo_make();
	save("loan_risk.py", NBTEXT("import pandas as pd",
	    "load=|df = pd.read_csv('loans.csv')",
	    "flagged=|f = df[df.r > 1]"));
	v = open_nb("loan_risk.py");
	m = commit(v, NULL);
	ck_assert_str_eq(m, "quire: add loan_risk.py (3 cells)");
	free(m);
	/* Nothing new: no commit. */
	ck_assert_ptr_null(commit(v, NULL));
	save("loan_risk.py", NBTEXT("import pandas as pd",
	    "load=|df = pd.read_csv('loans_2026.csv')",
	    "flagged=|f = df[df.r > 2]", "summary=|len(f)"));
	m = commit(v, NULL);
	ck_assert_str_eq(m, "quire: save loan_risk.py (changed: load, "
	    "flagged; added: summary)");
	free(m);
	out = sh_out("git log --format=%%s | head -1");
	ck_assert_str_eq(out, "quire: save loan_risk.py (changed: load, "
	    "flagged; added: summary)");
	free(out);
	out = sh_out("git log --format=%%an/%%ae/%%cn | head -1");
	ck_assert_str_eq(out, "Tess Ter/tess@example.com/Tess Ter");
	free(out);
	/* The working copy is clean and the reflog says what happened. */
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, "");
	free(out);
	out = sh_out("git reflog -1 --format=%%gs");
	ck_assert_int_eq(strncmp(out, "commit: quire: save loan_risk.py", 32),
	    0);
	free(out);
	/* A message of the user's own. */
	save("loan_risk.py", NBTEXT("import pandas as pd"));
	m = commit(v, "trim to the imports");
	ck_assert_str_eq(m, "trim to the imports");
	free(m);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_commit_uses_saved_model_for_message)
{
	struct vcs *v;
	struct vcs_commit_info info;
	char *text = NBTEXT("x=|x = 1", "y=|y = x");
	struct nb *nb;

	repo_make();
	save("nb.py", NBTEXT("x=|x = 1"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	nb = parse(text);
	save("nb.py", text);
	ck_assert_int_eq(vcs_commit_file(v, nb, NULL, &info), 0);
	ck_assert(info.committed);
	ck_assert_str_eq(info.message, "quire: save nb.py (added: y)");
	ck_assert_int_eq(strlen(info.id), VCS_ID_LEN);
	vcs_commit_info_release(&info);
	nb_free(nb);
	vcs_free(v);
	fsck_clean();
}
END_TEST

START_TEST(test_vcs_commit_leaves_other_changes_alone)
{
	struct vcs *v;
	char *before, *after, *out, *m;

	repo_make();
	ck_assert_int_eq(sh("printf 'a\\n' > a.txt && printf 'b\\n' > b.txt "
	    "&& mkdir d && printf 'c\\n' > d/c.txt && "
	    "git add . && git commit -q -m files"), 0);
	save("nb.py", NBTEXT("a = 1"));
	ck_assert_int_eq(sh("git add nb.py && git commit -q -m nb"), 0);
	/* Staged, unstaged, both, untracked, deleted. */
	ck_assert_int_eq(sh("printf 'A\\n' > a.txt && git add a.txt && "
	    "printf 'B\\n' > b.txt && printf 'C\\n' > d/c.txt && "
	    "git add d/c.txt && printf 'CC\\n' > d/c.txt && "
	    "printf 'u\\n' > untracked.txt && git rm -q --cached README"), 0);
	before = sh_out("git status --porcelain | grep -v nb.py");
	save("nb.py", NBTEXT("a = 2"));
	v = open_nb("nb.py");
	m = commit(v, NULL);
	ck_assert_ptr_nonnull(m);
	free(m);
	after = sh_out("git status --porcelain | grep -v nb.py");
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	/* nb.py itself is clean in both index and work tree. */
	out = sh_out("git status --porcelain nb.py");
	ck_assert_str_eq(out, "");
	free(out);
	/* The commit changed nb.py only, against the earlier tree. */
	out = sh_out("git diff --name-only HEAD~1 HEAD | tr '\\n' ' '");
	ck_assert_str_eq(out, "nb.py");
	free(out);
	out = sh_out("git show HEAD:a.txt");
	ck_assert_str_eq(out, "a");
	free(out);
	out = sh_out("git diff --cached --name-only | tr '\\n' ' '");
	ck_assert_str_eq(out, "README a.txt d/c.txt");
	free(out);
	/* git itself still sees the index as valid and refreshed. */
	ck_assert_int_eq(sh("git diff-files --quiet -- nb.py"), 0);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_commit_new_file_in_subfolder)
{
	struct vcs *v;
	char *m, *out;

	repo_make();
	ck_assert_int_eq(sh("mkdir -p notebooks/2026"), 0);
	save("notebooks/2026/q1.py", NBTEXT("q = 1"));
	v = open_nb("notebooks/2026/q1.py");
	m = commit(v, NULL);
	ck_assert_str_eq(m, "quire: add q1.py (1 cell)");
	free(m);
	out = sh_out("git ls-files | tr '\\n' ' '");
	ck_assert_str_eq(out, "README notebooks/2026/q1.py");
	free(out);
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, "");
	free(out);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_commit_skips_ignored_file)
{
	struct vcs *v;
	struct vcs_commit_info info;
	char *out;

	repo_make();
	ck_assert_int_eq(sh("echo 'scratch*.py' > .gitignore && "
	    "git add .gitignore && git commit -qm ignore"), 0);
	save("scratch1.py", NBTEXT("a = 1"));
	v = open_nb("scratch1.py");
	ck_assert_int_eq(vcs_commit_file(v, NULL, NULL, &info), 0);
	ck_assert(!info.committed);
	ck_assert(info.ignored);
	vcs_commit_info_release(&info);
	out = sh_out("git rev-list --count HEAD");
	ck_assert_str_eq(out, "2");
	free(out);
	/* Once the user adds it anyway, it is tracked and committed. */
	ck_assert_int_eq(sh("git add -f scratch1.py && git commit -qm add"),
	    0);
	save("scratch1.py", NBTEXT("a = 2"));
	ck_assert_int_eq(vcs_commit_file(v, NULL, NULL, &info), 0);
	ck_assert(info.committed && !info.ignored);
	vcs_commit_info_release(&info);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_commit_on_unborn_branch)
{
	struct vcs *v;
	struct vcs_state st;
	char *m, *out;

	ck_assert_int_eq(sh("git init -q -b trunk . && "
	    "git config user.name U && git config user.email u@x"), 0);
	save("nb.py", NBTEXT("a = 1"));
	v = open_nb("nb.py");
	ck_assert_int_eq(vcs_state_get(v, &st), 0);
	ck_assert(st.unborn);
	ck_assert_str_eq(st.branch, "trunk");
	ck_assert(!st.tracked);
	ck_assert(st.differs);
	vcs_state_release(&st);
	m = commit(v, NULL);
	ck_assert_ptr_nonnull(m);
	free(m);
	out = sh_out("git rev-list --count trunk");
	ck_assert_str_eq(out, "1");
	free(out);
	out = sh_out("git reflog -1 --format=%%gs");
	ck_assert_int_eq(strncmp(out, "commit (initial): quire: add", 28), 0);
	free(out);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_author_from_os_account)
{
	struct vcs *v;
	struct passwd *pw = getpwuid(geteuid());
	char *out, *m;
	size_t n;

	ck_assert_int_eq(sh("git init -q -b main ."), 0);
	save("nb.py", NBTEXT("a = 1"));
	v = open_nb("nb.py");
	m = commit(v, NULL);
	free(m);
	out = sh_out("git log -1 --format='%%an|%%ae'");
	ck_assert_ptr_nonnull(pw);
	n = strcspn(pw->pw_gecos, ",");
	if (n > 0)
		ck_assert_int_eq(strncmp(out, pw->pw_gecos, n), 0);
	else
		ck_assert_int_eq(strncmp(out, pw->pw_name,
		    strlen(pw->pw_name)), 0);
	ck_assert_msg(strstr(out, "|") != NULL && strstr(strstr(out, "|"),
	    pw->pw_name) != NULL, "%s", out);
	free(out);
	/* The environment wins over config and account, as in git. */
	setenv("GIT_AUTHOR_NAME", "Env Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "env@example.com", 1);
	save("nb.py", NBTEXT("a = 2"));
	free(commit(v, NULL));
	out = sh_out("git log -1 --format='%%an|%%ae'");
	ck_assert_str_eq(out, "Env Author|env@example.com");
	free(out);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_detached_head)
{
	struct vcs *v;
	struct vcs_commit_info info;
	struct vcs_state st;
	char *main_before, *main_after, *head;

	repo_make();
	save("nb.py", NBTEXT("a = 1"));
	ck_assert_int_eq(sh("git add nb.py && git commit -q -m nb && "
	    "git checkout -q --detach"), 0);
	main_before = sh_out("git rev-parse main");
	v = open_nb("nb.py");
	ck_assert_int_eq(vcs_state_get(v, &st), 0);
	ck_assert(st.detached);
	ck_assert_uint_eq(strlen(st.branch), VCS_SHORT_LEN);
	ck_assert_int_eq(strncmp(st.branch, main_before, VCS_SHORT_LEN), 0);
	vcs_state_release(&st);
	save("nb.py", NBTEXT("a = 2"));
	ck_assert_int_eq(vcs_commit_file(v, NULL, NULL, &info), 0);
	ck_assert(info.committed);
	ck_assert(info.detached);
	head = sh_out("git rev-parse HEAD");
	ck_assert_str_eq(head, info.id);
	main_after = sh_out("git rev-parse main");
	ck_assert_str_eq(main_before, main_after);
	free(head);
	head = sh_out("git symbolic-ref -q HEAD || echo detached");
	ck_assert_str_eq(head, "detached");
	free(head);
	head = sh_out("git rev-parse HEAD~1");
	ck_assert_str_eq(head, main_before);
	vcs_commit_info_release(&info);
	free(head);
	free(main_before);
	free(main_after);
	fsck_clean();
	vcs_free(v);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Faults: the save stands, the commit fails plainly, the next save   */
/* commits.                                                          */

static void
saved_text_is(const char *name, const char *want)
{
	char *p = path_of(name);
	FILE *f = fopen(p, "r");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	ck_assert_ptr_nonnull(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	ck_assert_str_eq(b.ptr, want);
	buf_release(&b);
	free(p);
}

START_TEST(test_vcs_fault_index_locked)
{
	struct vcs *v;
	char *head, *head2, *want, *out;

	repo_make();
	save("nb.py", NBTEXT("a = 1"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	head = sh_out("git rev-parse HEAD");
	ck_assert_int_eq(sh("touch .git/index.lock"), 0);
	want = NBTEXT("a = 2");
	save("nb.py", strdup(want));
	saved_text_is("nb.py", want);
	commit_fails(v, "index is locked");
	head2 = sh_out("git rev-parse HEAD");
	ck_assert_str_eq(head, head2);
	free(head2);
	/* The other process finishes; the next save commits. */
	ck_assert_int_eq(sh("rm .git/index.lock"), 0);
	free(commit(v, NULL));
	head2 = sh_out("git rev-parse HEAD~1");
	ck_assert_str_eq(head, head2);
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, "");
	free(out);
	free(head);
	free(head2);
	free(want);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_fault_merge_conflict)
{
	struct vcs *v;
	char *head, *head2, *out, *want;

	repo_make();
	save("nb.py", NBTEXT("a = 1"));
	ck_assert_int_eq(sh("git add nb.py && git commit -q -m base && "
	    "git checkout -q -b other"), 0);
	save("nb.py", NBTEXT("a = 2"));
	ck_assert_int_eq(sh("git commit -q -am other && git checkout -q main"),
	    0);
	save("nb.py", NBTEXT("a = 3"));
	ck_assert_int_eq(sh("git commit -q -am mine"), 0);
	ck_assert_int_ne(sh("git merge other"), 0);
	head = sh_out("git rev-parse HEAD");
	v = open_nb("nb.py");
	{
		struct vcs_state st;

		ck_assert_int_eq(vcs_state_get(v, &st), 0);
		ck_assert(st.conflicted);
		ck_assert_str_eq(st.busy, "merge");
		vcs_state_release(&st);
	}
	want = NBTEXT("a = 4");
	save("nb.py", strdup(want));
	saved_text_is("nb.py", want);
	commit_fails(v, "merge conflict");
	head2 = sh_out("git rev-parse HEAD");
	ck_assert_str_eq(head, head2);
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, "UU nb.py");
	free(out);
	/* Resolved but the merge not yet committed: still not ours. */
	ck_assert_int_eq(sh("git add nb.py"), 0);
	commit_fails(v, "merge is in progress");
	ck_assert_int_eq(sh("git commit -q --no-edit"), 0);
	save("nb.py", NBTEXT("a = 5"));
	free(commit(v, NULL));
	free(head);
	free(head2);
	free(want);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_fault_readonly_git_dir)
{
	struct vcs *v;
	char *head, *head2, *want;

	as_user();
	repo_make();
	save("nb.py", NBTEXT("a = 1"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	head = sh_out("git rev-parse HEAD");
	ck_assert_int_eq(sh("chmod -R a-w .git"), 0);
	want = NBTEXT("a = 2");
	save("nb.py", strdup(want));
	saved_text_is("nb.py", want);
	commit_fails(v, "git: ");
	head2 = sh_out("git rev-parse HEAD");
	ck_assert_str_eq(head, head2);
	free(head2);
	ck_assert_int_eq(sh("chmod -R u+w .git"), 0);
	free(commit(v, NULL));
	head2 = sh_out("git rev-parse HEAD~1");
	ck_assert_str_eq(head, head2);
	free(head);
	free(head2);
	free(want);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_fault_no_write_permission)
{
	/* Objects may be written but not the .git folder itself (no
	 * index lock): nothing moves, nothing is left half done. */
	struct vcs *v;
	char *head, *head2, *out;

	as_user();
	repo_make();
	save("nb.py", NBTEXT("a = 1"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	head = sh_out("git rev-parse HEAD");
	ck_assert_int_eq(sh("chmod a-w .git"), 0);
	save("nb.py", NBTEXT("a = 2"));
	commit_fails(v, "cannot write the index");
	head2 = sh_out("git rev-parse HEAD");
	ck_assert_str_eq(head, head2);
	free(head2);
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, " M nb.py");
	free(out);
	ck_assert_int_eq(sh("chmod u+w .git"), 0);
	free(commit(v, NULL));
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, "");
	free(out);
	free(head);
	fsck_clean();
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_fault_git_dir_on_other_device)
{
	/* The repository's objects on another file system (/dev/shm is a
	 * tmpfs here; a separate git dir as `git init --separate-git-dir`
	 * makes it): renames never cross devices, so commits work. */
	struct buf gd = BUF_INIT;
	struct stat a, b;
	struct vcs *v;
	char *out;

	if (stat("/dev/shm", &b) < 0 || stat(tmp, &a) < 0 ||
	    a.st_dev == b.st_dev || access("/dev/shm", W_OK) < 0) {
		fprintf(stderr, "skipped: no /dev/shm on another device\n");
		return;
	}
	buf_addf(&gd, "/dev/shm/quire-vcs-%ld.git", (long)getpid());
	ck_assert_int_eq(sh("git init -q -b main --separate-git-dir '%s' . && "
	    "git config user.name D && git config user.email d@x", gd.ptr), 0);
	save("nb.py", NBTEXT("a = 1"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	save("nb.py", NBTEXT("a = 2", "b = 3"));
	free(commit(v, NULL));
	out = sh_out("git rev-list --count HEAD");
	ck_assert_str_eq(out, "2");
	free(out);
	out = sh_out("git status --porcelain");
	ck_assert_str_eq(out, "");
	free(out);
	fsck_clean();
	vcs_free(v);
	ck_assert_int_eq(sh("rm -rf '%s' .git", gd.ptr), 0);
	buf_release(&gd);
}
END_TEST

/* ---------------------------------------------------------------- */
/* State, history, revisions, blame.                                 */

START_TEST(test_vcs_state_tracks_differences)
{
	struct vcs *v;
	struct vcs_state st;

	repo_make();
	save("nb.py", NBTEXT("a = 1"));
	v = open_nb("nb.py");
	ck_assert_int_eq(vcs_state_get(v, &st), 0);
	ck_assert_str_eq(st.branch, "main");
	ck_assert(!st.detached && !st.unborn && !st.tracked && st.differs);
	ck_assert_ptr_null(st.busy);
	vcs_state_release(&st);
	free(commit(v, NULL));
	ck_assert_int_eq(vcs_state_get(v, &st), 0);
	ck_assert(st.tracked && !st.differs && !st.conflicted);
	vcs_state_release(&st);
	save("nb.py", NBTEXT("a = 2"));
	ck_assert_int_eq(vcs_state_get(v, &st), 0);
	ck_assert(st.tracked && st.differs);
	vcs_state_release(&st);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_log_lists_commits_of_the_file)
{
	struct vcs *v;
	struct vcs_log_entry *ev;
	struct celldiff *d;
	struct buf s = BUF_INIT;
	size_t n;

	repo_make();
	save("nb.py", NBTEXT("x=|x = 1"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	save("nb.py", NBTEXT("x=|x = 1", "y=|y = 2"));
	free(commit(v, NULL));
	ck_assert_int_eq(sh("echo more >> README && git commit -qam other"),
	    0);
	save("nb.py", NBTEXT("x=|x = 10", "y=|y = 2"));
	free(commit(v, "tune x"));
	ck_assert_int_eq(vcs_log(v, 0, &ev, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(ev[0].summary, "tune x");
	ck_assert_str_eq(ev[0].author, "Tess Ter");
	ck_assert_str_eq(ev[0].email, "tess@example.com");
	ck_assert(ev[0].time > 1700000000);
	ck_assert_str_eq(ev[1].summary, "quire: save nb.py (added: y)");
	ck_assert_str_eq(ev[2].summary, "quire: add nb.py (1 cell)");
	ck_assert(ev[2].added && !ev[1].added && !ev[0].added);
	ck_assert_int_eq(vcs_log_diff(v, &ev[0], &d), 0);
	celldiff_summary(d, &s, 0);
	ck_assert_str_eq(s.ptr, "changed: x");
	celldiff_free(d);
	buf_reset(&s);
	ck_assert_int_eq(vcs_log_diff(v, &ev[2], &d), 0);
	celldiff_summary(d, &s, 0);
	ck_assert_str_eq(s.ptr, "added: x");
	celldiff_free(d);
	vcs_log_free(ev, n);
	ck_assert_int_eq(vcs_log(v, 2, &ev, &n), 0);
	ck_assert_uint_eq(n, 2);
	vcs_log_free(ev, n);
	buf_release(&s);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_log_deleted_and_unborn)
{
	struct vcs *v;
	struct vcs_log_entry *ev;
	size_t n;

	ck_assert_int_eq(sh("git init -q -b main ."), 0);
	v = open_nb("nb.py");
	ck_assert_int_eq(vcs_log(v, 0, &ev, &n), 0);
	ck_assert_uint_eq(n, 0);
	vcs_log_free(ev, n);
	ck_assert_int_eq(sh("git config user.name U && "
	    "git config user.email u@x"), 0);
	save("nb.py", NBTEXT("a = 1"));
	free(commit(v, NULL));
	ck_assert_int_eq(sh("git rm -q nb.py && git commit -qm gone"), 0);
	ck_assert_int_eq(vcs_log(v, 0, &ev, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(ev[0].deleted);
	ck_assert_str_eq(ev[0].summary, "gone");
	vcs_log_free(ev, n);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_blob_at_revisions)
{
	struct vcs *v;
	struct buf b = BUF_INIT;
	char *t1 = NBTEXT("a = 1"), *t2 = NBTEXT("a = 2"), id[VCS_ID_LEN + 1];
	char *head;
	struct nb *nb;
	size_t len;

	repo_make();
	save("nb.py", strdup(t1));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	ck_assert_int_eq(sh("git tag v1"), 0);
	save("nb.py", strdup(t2));
	free(commit(v, NULL));
	ck_assert_int_eq(vcs_blob_at(v, "HEAD", &b), 0);
	ck_assert_str_eq(b.ptr, t2);
	buf_reset(&b);
	ck_assert_int_eq(vcs_blob_at(v, "HEAD~1", &b), 0);
	ck_assert_str_eq(b.ptr, t1);
	buf_reset(&b);
	ck_assert_int_eq(vcs_blob_at(v, "v1", &b), 0);
	ck_assert_str_eq(b.ptr, t1);
	buf_reset(&b);
	head = sh_out("git rev-parse HEAD");
	ck_assert_int_eq(vcs_blob_at(v, head, &b), 0);
	ck_assert_str_eq(b.ptr, t2);
	buf_reset(&b);
	ck_assert_int_eq(vcs_rev_id(v, "HEAD", id), 0);
	ck_assert_str_eq(id, head);
	free(head);
	ck_assert_int_eq(vcs_blob_at(v, "no-such-rev", &b), VCS_NOTFOUND);
	ck_assert_msg(strstr(err_last(), "no such revision") != NULL, "%s",
	    err_last());
	/* The file is not in the first commit. */
	ck_assert_int_eq(vcs_blob_at(v, "HEAD~2", &b), VCS_NOTFOUND);
	ck_assert_msg(strstr(err_last(), "not in") != NULL, "%s", err_last());
	ck_assert_int_eq(vcs_nb_at(v, "HEAD~1", &nb), 0);
	ck_assert_uint_eq(nb_ncells(nb), 1);
	ck_assert_str_eq(nb_cell_source(nb_cell_at(nb, 0), &len), "a = 1");
	nb_free(nb);
	buf_release(&b);
	free(t1);
	free(t2);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_blame_per_cell)
{
	struct vcs *v;
	struct vcs_blame *bv;
	char *text;
	size_t n;

	repo_make();
	save("nb.py", NBTEXT("load=|a = 1\nb = 2", "show=|print(a)"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	setenv("GIT_AUTHOR_NAME", "Second Person", 1);
	setenv("GIT_AUTHOR_EMAIL", "second@example.com", 1);
	save("nb.py", NBTEXT("load=|a = 1\nb = 2", "show=|print(a, b)"));
	free(commit(v, NULL));
	text = NBTEXT("load=|a = 1\nb = 3", "show=|print(a, b)", "c = 0");
	ck_assert_int_eq(vcs_blame_cells(v, text, strlen(text), &bv, &n), 0);
	ck_assert_uint_eq(n, 3);
	/* load's second line is not committed; show is the second
	 * person's; the new cell is not committed. */
	ck_assert(!bv[0].committed);
	ck_assert(bv[1].committed);
	ck_assert_str_eq(bv[1].author, "Second Person");
	ck_assert(!bv[2].committed);
	vcs_blame_free(bv, n);
	free(text);
	text = NBTEXT("load=|a = 1\nb = 2", "show=|print(a, b)");
	ck_assert_int_eq(vcs_blame_cells(v, text, strlen(text), &bv, &n), 0);
	ck_assert(bv[0].committed);
	ck_assert_str_eq(bv[0].author, "Tess Ter");
	ck_assert_str_eq(bv[0].summary, "quire: add nb.py (2 cells)");
	ck_assert_str_eq(bv[1].author, "Second Person");
	ck_assert_str_eq(bv[1].email, "second@example.com");
	ck_assert(bv[1].time >= bv[0].time);
	vcs_blame_free(bv, n);
	free(text);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_blame_uncommitted_file)
{
	struct vcs *v;
	struct vcs_blame *bv;
	char *text = NBTEXT("a = 1", "b = 2");
	size_t n;

	repo_make();
	v = open_nb("nb.py");
	ck_assert_int_eq(vcs_blame_cells(v, text, strlen(text), &bv, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(!bv[0].committed && !bv[1].committed);
	vcs_blame_free(bv, n);
	free(text);
	vcs_free(v);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Gutter marks and restore.                                         */

START_TEST(test_vcs_marks_against_head)
{
	struct vcs *v;
	struct vcs_marks m;
	struct nb *model;
	char *text;

	repo_make();
	save("nb.py", NBTEXT("a = 1", "x = 1\ny = 2\nz = 3\nw = 4"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	text = NBTEXT("a = 1", "x = 1\ny = 20\nw = 4\nnew = 5", "fresh = 1");
	model = parse(text);
	free(text);
	ck_assert_int_eq(vcs_marks_get(v, model,
	    nb_cell_id(nb_cell_at(model, 0)), &m), 0);
	ck_assert(m.paired);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_int_eq(m.v[0], 0);
	vcs_marks_release(&m);
	ck_assert_int_eq(vcs_marks_get(v, model,
	    nb_cell_id(nb_cell_at(model, 1)), &m), 0);
	ck_assert(m.paired);
	ck_assert_uint_eq(m.head_idx, 1);
	ck_assert_uint_eq(m.n, 4);
	ck_assert_int_eq(m.v[0], 0);
	ck_assert_int_eq(m.v[1], VCS_MARK_CHANGED);
	/* "z = 3" went from between y and w. */
	ck_assert_int_eq(m.v[2], VCS_MARK_REMOVED_ABOVE);
	ck_assert_int_eq(m.v[3], VCS_MARK_ADDED);
	vcs_marks_release(&m);
	ck_assert_int_eq(vcs_marks_get(v, model,
	    nb_cell_id(nb_cell_at(model, 2)), &m), 0);
	ck_assert(!m.paired);
	ck_assert_int_eq(m.v[0], VCS_MARK_ADDED);
	vcs_marks_release(&m);
	/* Typing in a cell: the pairing is kept, only the text rediffed. */
	nb_cell_set_source(nb_cell_at(model, 1), "x = 1\ny = 2\nz = 3", 17);
	ck_assert_int_eq(vcs_marks_get(v, model,
	    nb_cell_id(nb_cell_at(model, 1)), &m), 0);
	ck_assert_uint_eq(m.n, 3);
	ck_assert_int_eq(m.v[0] | m.v[1], 0);
	ck_assert_int_eq(m.v[2], VCS_MARK_REMOVED_BELOW);
	vcs_marks_release(&m);
	/* Text still in the cell editor, not yet in the model. */
	ck_assert_int_eq(vcs_marks_text(v, model,
	    nb_cell_id(nb_cell_at(model, 1)), "x = 1\nq = 0\ny = 2\nz = 3\n"
	    "w = 4", 29, &m), 0);
	ck_assert_uint_eq(m.n, 5);
	ck_assert_int_eq(m.v[1], VCS_MARK_ADDED);
	ck_assert_int_eq(m.v[0] | m.v[2] | m.v[3] | m.v[4], 0);
	vcs_marks_release(&m);
	/* HEAD's notebook, for the status bar's count. */
	{
		const struct nb *head;
		struct celldiff *d;

		ck_assert_int_eq(vcs_head(v, &head), 0);
		ck_assert_ptr_nonnull(head);
		ck_assert_uint_eq(nb_ncells(head), 2);
		d = celldiff_new(head, model, NULL);
		ck_assert_uint_eq(celldiff_count(d, CELLDIFF_CHANGED), 1);
		ck_assert_uint_eq(celldiff_count(d, CELLDIFF_ADDED), 1);
		celldiff_free(d);
	}
	nb_free(model);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_marks_file_not_in_head)
{
	struct vcs *v;
	struct vcs_marks m;
	char *text = NBTEXT("a = 1\nb = 2");
	struct nb *model = parse(text);

	repo_make();
	v = open_nb("nb.py");
	ck_assert_int_eq(vcs_marks_get(v, model,
	    nb_cell_id(nb_cell_at(model, 0)), &m), 0);
	ck_assert_uint_eq(m.n, 2);
	ck_assert_int_eq(m.v[0] & m.v[1], VCS_MARK_ADDED);
	vcs_marks_release(&m);
	ck_assert_int_eq(vcs_marks_get(v, model, 9999, &m), -1);
	nb_free(model);
	free(text);
	vcs_free(v);
}
END_TEST

/* Cell sources joined by '|' and names, for comparing notebooks. */
static char *
shape(const struct nb *nb)
{
	struct buf b = BUF_INIT;
	size_t i, len;

	for (i = 0; i < nb_ncells(nb); i++) {
		const struct nb_cell *c = nb_cell_at(nb, i);

		buf_addf(&b, "%s%s:%s", i ? "|" : "", nb_cell_name(c),
		    nb_cell_source(c, &len));
	}
	return buf_detach(&b, NULL);
}

START_TEST(test_vcs_restore_notebook)
{
	struct vcs *v;
	struct vcs_restore plan = { 0 };
	struct nb *from, *model;
	char *text, *a, *b;
	uint32_t kept;

	repo_make();
	save("nb.py", NBTEXT("setup=|import os", "load=|rows = read()",
	    "x = len(rows)", "show=|print(x)"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	/* Since then: load edited and moved last, x removed, a new cell,
	 * show renamed. */
	text = NBTEXT("setup=|import os", "display=|print(x)", "extra = 1",
	    "load=|rows = read_all()");
	model = parse(text);
	free(text);
	kept = nb_cell_id(nb_cell_at(model, 3));
	ck_assert_int_eq(vcs_nb_at(v, "HEAD", &from), 0);
	vcs_restore_notebook(&plan, from, model);
	ck_assert_uint_gt(plan.n, 0);
	ck_assert_int_eq(vcs_restore_apply(&plan, model), 0);
	a = shape(from);
	b = shape(model);
	ck_assert_str_eq(a, b);
	/* The edited cell kept its id: outputs and undo stay attached. */
	ck_assert_uint_eq(nb_cell_id(nb_cell_at(model, 1)), kept);
	ck_assert(nb_is_dirty(model));
	free(a);
	free(b);
	vcs_restore_release(&plan);
	/* Restoring again plans nothing. */
	vcs_restore_notebook(&plan, from, model);
	ck_assert_uint_eq(plan.n, 0);
	vcs_restore_release(&plan);
	nb_free(from);
	nb_free(model);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_restore_one_cell)
{
	struct vcs *v;
	struct vcs_restore plan = { 0 };
	struct nb *from, *model;
	char *text, *s;
	size_t idx;

	repo_make();
	save("nb.py", NBTEXT("a = 1", "load=|rows = read()", "gone = 3",
	    "z = 9"));
	v = open_nb("nb.py");
	free(commit(v, NULL));
	text = NBTEXT("a = 1", "load=|rows = read_all()\nrows.sort()",
	    "z = 9");
	model = parse(text);
	free(text);
	ck_assert_int_eq(vcs_nb_at(v, "HEAD", &from), 0);
	/* The editor asks which old cell its cell pairs with. */
	idx = vcs_restore_find(from, model, nb_cell_id(nb_cell_at(model, 1)));
	ck_assert_uint_eq(idx, 1);
	ck_assert_int_eq(vcs_restore_cell(&plan, from, idx, model), 0);
	ck_assert_uint_eq(plan.n, 1);
	ck_assert_int_eq(plan.v[0].type, VCS_EDIT_SOURCE);
	ck_assert_uint_eq(plan.v[0].id, nb_cell_id(nb_cell_at(model, 1)));
	ck_assert_str_eq(plan.v[0].text, "rows = read()");
	ck_assert_int_eq(vcs_restore_apply(&plan, model), 0);
	vcs_restore_release(&plan);
	/* A cell removed since comes back after its old neighbour. */
	ck_assert_int_eq(vcs_restore_cell(&plan, from, 2, model), 0);
	ck_assert_int_eq(plan.v[0].type, VCS_EDIT_INSERT);
	ck_assert_uint_eq(plan.v[0].idx, 2);
	ck_assert_int_eq(vcs_restore_apply(&plan, model), 0);
	vcs_restore_release(&plan);
	s = shape(model);
	ck_assert_str_eq(s, "_:a = 1|load:rows = read()|_:gone = 3|_:z = 9");
	free(s);
	ck_assert_int_eq(vcs_restore_cell(&plan, from, 99, model), -1);
	vcs_restore_release(&plan);
	nb_free(from);
	nb_free(model);
	vcs_free(v);
}
END_TEST

START_TEST(test_vcs_message_generate)
{
	const char *o[] = { "load=|a = 1", "b = 2", "flagged=|f = 1" };
	const char *n[] = { "load=|a = 10", "flagged=|f = 2", "summary=|s" };
	char *to = nbtext(o, 3), *tn = nbtext(n, 3);
	struct nb *a = parse(to), *b = parse(tn);
	struct buf m = BUF_INIT;

	vcs_message_generate(&m, "loan_risk.py", a, b);
	ck_assert_str_eq(m.ptr, "quire: save loan_risk.py (changed: load, "
	    "flagged; added: summary; removed: cell 2)");
	buf_reset(&m);
	vcs_message_generate(&m, "loan_risk.py", a, a);
	ck_assert_str_eq(m.ptr, "quire: save loan_risk.py");
	buf_release(&m);
	nb_free(a);
	nb_free(b);
	free(to);
	free(tn);
}
END_TEST

static Suite *
vcs_suite(void)
{
	Suite *s = suite_create("vcs");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vcs_open_finds_work_tree);
	tcase_add_test(tc, test_vcs_open_outside_any_repo);
	tcase_add_test(tc, test_vcs_auto_init_yes_makes_repo_and_commits);
	tcase_add_test(tc, test_vcs_bare_repository_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("commit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vcs_commit_on_save_messages);
	tcase_add_test(tc, test_vcs_commit_uses_saved_model_for_message);
	tcase_add_test(tc, test_vcs_commit_leaves_other_changes_alone);
	tcase_add_test(tc, test_vcs_commit_new_file_in_subfolder);
	tcase_add_test(tc, test_vcs_commit_on_unborn_branch);
	tcase_add_test(tc, test_vcs_commit_skips_ignored_file);
	tcase_add_test(tc, test_vcs_author_from_os_account);
	tcase_add_test(tc, test_vcs_detached_head);
	tcase_add_test(tc, test_vcs_message_generate);
	suite_add_tcase(s, tc);

	tc = tcase_create("faults");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vcs_fault_index_locked);
	tcase_add_test(tc, test_vcs_fault_merge_conflict);
	tcase_add_test(tc, test_vcs_fault_readonly_git_dir);
	tcase_add_test(tc, test_vcs_fault_no_write_permission);
	tcase_add_test(tc, test_vcs_fault_git_dir_on_other_device);
	suite_add_tcase(s, tc);

	tc = tcase_create("history");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vcs_state_tracks_differences);
	tcase_add_test(tc, test_vcs_log_lists_commits_of_the_file);
	tcase_add_test(tc, test_vcs_log_deleted_and_unborn);
	tcase_add_test(tc, test_vcs_blob_at_revisions);
	tcase_add_test(tc, test_vcs_blame_per_cell);
	tcase_add_test(tc, test_vcs_blame_uncommitted_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("cells");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vcs_marks_against_head);
	tcase_add_test(tc, test_vcs_marks_file_not_in_head);
	tcase_add_test(tc, test_vcs_restore_notebook);
	tcase_add_test(tc, test_vcs_restore_one_cell);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int nfailed;

	if (system("git --version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "check_vcs: no git program to set up "
		    "repositories with: skipped\n");
		return 77;
	}
	sr = srunner_create(vcs_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
