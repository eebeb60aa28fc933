/*
 * vcsbar_cmd.c: the git commands of the editor's `:` line. log and diff
 * open their views (tui/view_log.c, tui/view_diff.c); restore and
 * restore-all turn a revision into a plan of ordinary edits
 * (src/vcs.h) that vcsbar.c applies as one undo group; blame says who
 * last changed the focused cell. Everything read from the repository
 * (names, messages, errors quoting refs) is sanitised as a field before
 * it reaches the bottom line.
 */
#include "config.h"
#include "vcsbar.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "celldiff.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "sanitize.h"
#include "vcs.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "view_diff.h"
#include "view_log.h"

void
vcsbar_date(struct buf *out, int64_t t, int offset)
{
	time_t when = (time_t)(t + (int64_t)offset * 60);
	char s[32];
	struct tm tm;

	/* In the author's own zone, as git shows it. */
	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm) == 0) {
		buf_adds(out, "?");
		return;
	}
	buf_adds(out, s);
}

static void
vcsbar_field(struct buf *out, const char *s)
{
	if (s != NULL)
		sanitize_to_buf(out, SANITIZE_FIELD, s, strlen(s));
}

/* The repository for a command, or NULL with the reason shown. */
static struct vcs *
vcsbar_need(struct editor *ed, const char *cmd)
{
	struct vcs *v = vcsbar_vcs(ed);
	struct buf e = BUF_INIT;

	if (v != NULL)
		return v;
	vcsbar_field(&e, err_last());
	editor_message(ed, true, "%s: %s", cmd, e.ptr);
	buf_release(&e);
	return NULL;
}

static void
vcsbar_fail(struct editor *ed, const char *cmd)
{
	struct buf e = BUF_INIT;

	vcsbar_field(&e, err_last());
	editor_message(ed, true, "%s: %s", cmd, e.ptr);
	buf_release(&e);
}

void
vcsbar_cmd_log(struct editor *ed, const char *arg)
{
	(void)arg;
	if (vcsbar_need(ed, "log") == NULL)
		return;
	view_log_open(ed);
}

void
vcsbar_cmd_diff(struct editor *ed, const char *arg)
{
	char *words[3] = { NULL, NULL, NULL }, *copy, *tok, *save = NULL;
	size_t n = 0;

	if (vcsbar_need(ed, "diff") == NULL)
		return;
	copy = xstrdup(arg != NULL ? arg : "");
	for (tok = strtok_r(copy, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (n == 2) {
			editor_message(ed, true, "diff: at most two "
			    "revisions (:diff, :diff REV, :diff REV REV)");
			free(copy);
			return;
		}
		words[n++] = tok;
	}
	(void)view_diff_open(ed, words[0], words[1]);
	free(copy);
}

void
vcsbar_rev_label(struct vcs *v, const char *rev, struct buf *out)
{
	char id[VCS_ID_LEN + 1];

	if (vcs_rev_id(v, rev, id) < 0) {
		err_clear();
		vcsbar_field(out, rev);
		return;
	}
	if (strncmp(rev, id, strlen(rev)) == 0) {
		/* An id: its short form says it all. */
		vcsbar_short_id(out, id);
		return;
	}
	vcsbar_field(out, rev);
	buf_adds(out, " (");
	vcsbar_short_id(out, id);
	buf_adds(out, ")");
}

static void
vcsbar_restore(struct editor *ed, const char *rev, bool all)
{
	const char *cmd = all ? "restore-all" : "restore";
	struct vcs_restore plan = { NULL, 0, 0 };
	struct buf what = BUF_INIT, label = BUF_INIT;
	struct nb *from = NULL;
	struct nb_cell *c;
	struct vcs *v;
	size_t idx;

	if (rev == NULL || *rev == '\0') {
		editor_message(ed, true, "%s: which revision? (:%s HEAD, "
		    ":%s HEAD~2, :%s a1b2c3d)", cmd, cmd, cmd, cmd);
		return;
	}
	if (strchr(rev, ' ') != NULL) {
		editor_message(ed, true, "%s: one revision", cmd);
		return;
	}
	if ((v = vcsbar_need(ed, cmd)) == NULL)
		return;
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	if (vcs_nb_at(v, rev, &from) < 0) {
		vcsbar_fail(ed, cmd);
		return;
	}
	vcsbar_rev_label(v, rev, &label);
	if (all) {
		vcs_restore_notebook(&plan, from, ed->nb);
		buf_addf(&what, "the notebook from %s", label.ptr);
	} else {
		c = editor_focus_nb(ed);
		idx = c != NULL ? vcs_restore_find(from, ed->nb,
		    nb_cell_id(c)) : CELLDIFF_NONE;
		if (idx == CELLDIFF_NONE) {
			editor_message(ed, true, "restore: cell %zu has no "
			    "counterpart in %s (:diff shows what it has)",
			    ed->focus + 1, label.ptr);
			goto done;
		}
		if (vcs_restore_cell(&plan, from, idx, ed->nb) < 0) {
			vcsbar_fail(ed, cmd);
			goto done;
		}
		buf_addf(&what, "cell %zu from %s", ed->focus + 1, label.ptr);
	}
	(void)vcsbar_restore_apply(ed, &plan, what.ptr);
done:
	vcs_restore_release(&plan);
	nb_free(from);
	buf_release(&what);
	buf_release(&label);
}

void
vcsbar_cmd_restore(struct editor *ed, const char *arg)
{
	vcsbar_restore(ed, arg, false);
}

void
vcsbar_cmd_restore_all(struct editor *ed, const char *arg)
{
	vcsbar_restore(ed, arg, true);
}

void
vcsbar_cmd_blame(struct editor *ed, const char *arg)
{
	struct buf text = BUF_INIT, m = BUF_INIT;
	struct vcs_blame *b = NULL;
	const struct vcs_blame *e;
	struct vcs *v;
	size_t n = 0, len;

	(void)arg;
	if ((v = vcsbar_need(ed, "blame")) == NULL)
		return;
	(void)editor_commit_text(ed);
	/* The notebook as a save would write it: its cells line up with
	 * the model's, and the lines git knows are the ones compared. */
	if (fmt_format(&text, ed->nb, ed->kind, ed->ana) < 0 ||
	    vcs_blame_cells(v, text.ptr, text.len, &b, &n) < 0) {
		vcsbar_fail(ed, "blame");
		goto done;
	}
	if (n != nb_ncells(ed->nb) || ed->focus >= n) {
		editor_message(ed, true, "blame: the file's cells do not line "
		    "up with the notebook's (%zu, %zu)", n,
		    nb_ncells(ed->nb));
		goto done;
	}
	e = &b[ed->focus];
	buf_adds(&m, "cell ");
	editor_cell_title(ed, ed->focus, &m);
	(void)nb_cell_source(nb_cell_at(ed->nb, ed->focus), &len);
	if (e->committed) {
		buf_adds(&m, ": last changed by ");
		vcsbar_field(&m, e->author);
		buf_adds(&m, ", ");
		vcsbar_date(&m, e->time, e->offset);
		buf_adds(&m, ", ");
		vcsbar_short_id(&m, e->id);
		buf_adds(&m, " ");
		vcsbar_field(&m, e->summary);
	} else if (len == 0)
		buf_adds(&m, ": empty");
	else
		buf_adds(&m, ": changed since the last commit");
	/* The title holds the cell's name: shown as a field too. */
	buf_reset(&text);
	sanitize_to_buf(&text, SANITIZE_FIELD, m.ptr, m.len);
	editor_message(ed, false, "%s", text.ptr);
done:
	vcs_blame_free(b, n);
	buf_release(&text);
	buf_release(&m);
}
