/*
 * vcsbar.c: the editor's side of versioning. Owns the editor's handle on
 * the repository (src/vcs.h), what the top bar says about it, the gutter
 * marks of each cell against HEAD, the commit after a save with the
 * questions it may need (create a repository? what message?), and the
 * routing of keys and drawing to the log and diff views. The commands
 * are vcsbar_cmd.c's, the views view_log.c's and view_diff.c's.
 *
 * The one idea: nothing here runs on a keystroke unless it is cheap.
 * The count of changed cells needs a diff of the whole notebook, so it
 * is redone on a short timer after the model changes (typing inside a
 * cell does not change the model); the marks of a cell are cached by
 * the text they were made from, so only the cell being typed in is
 * diffed again, one line diff per key.
 *
 * Questions never block the editor: "create a repository?" is asked on
 * the bottom line and any key but y or n goes on to the editor, leaving
 * the question for the next save; the commit message is typed on the
 * bottom line and Esc leaves the save uncommitted until the next one.
 */
#include "config.h"
#include "vcsbar.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auditlog.h"
#include "buf.h"
#include "celldiff.h"
#include "celledit.h"
#include "draw.h"
#include "err.h"
#include "keymap.h"
#include "keys.h"
#include "loop.h"
#include "nb.h"
#include "run.h"
#include "sanitize.h"
#include "utf8.h"
#include "vcs.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "view_audit.h"
#include "view_diff.h"
#include "view_log.h"

/* How long the model rests before the top bar's count is redone. */
#define VCSBAR_RECOUNT_MS 150

/* A cell's gutter marks and what they were made from. */
struct vcsbar_cached {
	uint32_t id;			/* 0: a free slot */
	unsigned long gen;		/* vcsbar gen when made */
	const void *src;		/* source pointer, or the cell editor */
	size_t len;
	unsigned long version;		/* the cell editor's text version */
	struct vcs_marks m;
};

struct vcsbar {
	struct vcs *v;
	char *path;		/* the ed->path the repository is for */
	bool tried;		/* opening was tried for path */

	/* The top bar. */
	struct vcs_state st;
	bool have_state;
	size_t nchanged;	/* cells (and header) differing from HEAD */
	bool counted;
	uint64_t sig;		/* of the model when counted */
	uint64_t timer;		/* the recount, or 0 */
	unsigned long gen;	/* bumped whenever marks may be stale */

	/* Gutter marks by cell id: open addressing, a power of two. */
	struct vcsbar_cached *marks;
	size_t marks_alloc, marks_used;

	/* Questions after a save. */
	bool asking_init;	/* "create a repository?" on the bottom line */
	char *question;		/* its text, drawn while it is asked */
	bool declined;		/* answered no: not asked again */
	bool prompting;		/* the commit message is being typed */
	struct keymap_line *line;
	bool audit_pending;	/* the save waits for its commit's id */
};

static struct vcsbar *
vcsbar_get(struct editor *ed)
{
	if (ed->vcs == NULL)
		ed->vcs = xcalloc(1, sizeof *ed->vcs);
	return ed->vcs;
}

void
vcsbar_short_id(struct buf *out, const char *id)
{
	buf_add(out, id, strnlen(id, VCS_SHORT_LEN));
}

/* err_last() as a field for the bottom line. */
static void
vcsbar_err(struct buf *out)
{
	const char *e = err_last();

	sanitize_to_buf(out, SANITIZE_FIELD, e, strlen(e));
}

static void
vcsbar_marks_clear(struct vcsbar *vb)
{
	size_t i;

	for (i = 0; i < vb->marks_alloc; i++)
		vcs_marks_release(&vb->marks[i].m);
	free(vb->marks);
	vb->marks = NULL;
	vb->marks_alloc = vb->marks_used = 0;
}

static void
vcsbar_close_repo(struct editor *ed, struct vcsbar *vb)
{
	vcs_free(vb->v);
	vb->v = NULL;
	if (vb->have_state)
		vcs_state_release(&vb->st);
	vb->have_state = false;
	vb->counted = false;
	vb->gen++;
	vcsbar_marks_clear(vb);
	view_diff_free(ed);
	view_log_free(ed);
}

struct vcs *
vcsbar_vcs(struct editor *ed)
{
	struct vcsbar *vb = vcsbar_get(ed);
	int r;

	if (vb->path != NULL && strcmp(vb->path, ed->path) != 0) {
		/* Saved elsewhere: another repository, or none. */
		vcsbar_close_repo(ed, vb);
		free(vb->path);
		vb->path = NULL;
		vb->tried = false;
		vb->declined = false;
	}
	if (vb->v != NULL)
		return vb->v;
	if (vb->tried) {
		err_set("%s is not in a git work tree", ed->path);
		return NULL;
	}
	vb->tried = true;
	free(vb->path);
	vb->path = xstrdup(ed->path);
	r = vcs_open(&vb->v, ed->path);
	if (r == VCS_NOREPO)
		err_set("%s is not in a git work tree", ed->path);
	if (r != 0)
		return NULL;
	vb->gen++;
	return vb->v;
}

/* The repository, without trying to open it again. */
static struct vcs *
vcsbar_open_now(struct editor *ed)
{
	return ed->vcs != NULL && ed->vcs->path != NULL &&
	    strcmp(ed->vcs->path, ed->path) == 0 ? ed->vcs->v : NULL;
}

/*
 * A cheap fingerprint of the model: ids, source pointers and lengths,
 * names, configs. nb_cell_set_source() copies before it frees, so a
 * change gives a new pointer; only a cell changed twice between two
 * frames, ending at the address and length it started from, goes
 * unseen until the next change (the editor's caches share this).
 */
static uint64_t
vcsbar_sig(const struct nb *nb)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i, n = nb_ncells(nb), len;
	const char *s;

#define VCSBAR_MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211ULL)
	VCSBAR_MIX(n);
	for (i = 0; i < n; i++) {
		const struct nb_cell *c = nb_cell_at(nb, i);
		struct nb_cell_config cfg = nb_cell_config(c);
		const char *name = nb_cell_name(c);

		s = nb_cell_source(c, &len);
		VCSBAR_MIX(nb_cell_id(c));
		VCSBAR_MIX((uintptr_t)s);
		VCSBAR_MIX(len);
		for (; *name != '\0'; name++)
			VCSBAR_MIX((unsigned char)*name);
		VCSBAR_MIX(cfg.hide_code | cfg.disabled << 1 |
		    cfg.expand_output << 2);
		VCSBAR_MIX(cfg.column);
	}
	s = nb_header(nb);
	VCSBAR_MIX((uintptr_t)s);
#undef VCSBAR_MIX
	return h;
}

/* Branch, and how many cells differ from HEAD. */
static void
vcsbar_count(struct editor *ed, struct vcsbar *vb)
{
	const struct nb *head = NULL;
	struct celldiff *d;
	size_t n, k;

	if (vb->v == NULL)
		return;
	if (vb->have_state)
		vcs_state_release(&vb->st);
	vb->have_state = vcs_state_get(vb->v, &vb->st) == 0;
	if (!vb->have_state)
		err_clear();	/* the bar shows "git ?" */
	vb->sig = vcsbar_sig(ed->nb);
	vb->counted = true;
	vb->nchanged = 0;
	if (vcs_head(vb->v, &head) < 0) {
		err_clear();
		return;
	}
	d = celldiff_new(head, ed->nb, NULL);
	n = celldiff_nentries(d);
	for (k = 0; k < n; k++)
		if (celldiff_entry_at(d, k)->kind != CELLDIFF_UNCHANGED)
			vb->nchanged++;
	if (celldiff_header_changed(d))
		vb->nchanged++;
	celldiff_free(d);
}

static void
vcsbar_on_recount(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;
	struct vcsbar *vb = ed->vcs;

	(void)l;
	(void)id;
	if (vb == NULL)
		return;
	vb->timer = 0;
	vcsbar_count(ed, vb);
	ed->dirty_screen = true;
}

void
vcsbar_changed(struct editor *ed)
{
	struct vcsbar *vb = ed->vcs;

	if (vb == NULL)
		return;
	vb->gen++;
	if (vb->v != NULL)
		vcsbar_count(ed, vb);
	ed->dirty_screen = true;
}

void
vcsbar_top(struct editor *ed, struct buf *out, const char *sep)
{
	struct vcsbar *vb;
	uint64_t sig;

	if (vcsbar_vcs(ed) == NULL) {
		err_clear();
		return;
	}
	vb = ed->vcs;
	if (!vb->counted) {
		/* Reading HEAD's notebook can take a while: after the first
		 * paint, as the editor builds its graph. */
		if (vb->timer == 0 && ed->loop != NULL)
			vb->timer = loop_add_timer(ed->loop, 0,
			    vcsbar_on_recount, ed);
		return;
	}
	if ((sig = vcsbar_sig(ed->nb)) != vb->sig) {
		/* The model changed: marks now, the count after a pause. */
		vb->sig = sig;
		vb->gen++;
		if (vb->timer == 0 && ed->loop != NULL)
			vb->timer = loop_add_timer(ed->loop,
			    VCSBAR_RECOUNT_MS, vcsbar_on_recount, ed);
	}
	buf_adds(out, sep);
	buf_adds(out, "git ");
	if (!vb->have_state || vb->st.branch == NULL)
		buf_adds(out, "?");
	else
		sanitize_to_buf(out, SANITIZE_FIELD, vb->st.branch,
		    strlen(vb->st.branch));
	if (vb->have_state && vb->st.detached)
		buf_adds(out, " (detached)");
	if (vb->have_state && vb->st.busy != NULL)
		buf_addf(out, " %s", vb->st.busy);
	if (vb->have_state && vb->st.conflicted)
		buf_adds(out, " conflict");
	if (vb->nchanged > 0)
		buf_addf(out, " +%zu", vb->nchanged);
}

/* Gutter marks. */

static uint32_t
vcsbar_hash(uint32_t id)
{
	id ^= id >> 16;
	id *= 0x45d9f3bU;
	id ^= id >> 16;
	return id;
}

static struct vcsbar_cached *
vcsbar_slot(struct vcsbar *vb, uint32_t id)
{
	size_t i, mask;

	if (vb->marks_alloc == 0 || (vb->marks_used + 1) * 2 >
	    vb->marks_alloc) {
		struct vcsbar_cached *old = vb->marks;
		size_t nold = vb->marks_alloc, k;

		vb->marks_alloc = nold ? nold * 2 : 64;
		vb->marks = xcalloc(vb->marks_alloc, sizeof *vb->marks);
		vb->marks_used = 0;
		mask = vb->marks_alloc - 1;
		for (k = 0; k < nold; k++) {
			if (old[k].id == 0)
				continue;
			for (i = vcsbar_hash(old[k].id) & mask;
			    vb->marks[i].id != 0; i = (i + 1) & mask)
				;
			vb->marks[i] = old[k];
			vb->marks_used++;
		}
		free(old);
	}
	mask = vb->marks_alloc - 1;
	for (i = vcsbar_hash(id) & mask; vb->marks[i].id != 0;
	    i = (i + 1) & mask)
		if (vb->marks[i].id == id)
			return &vb->marks[i];
	vb->marks[i].id = id;
	vb->marks[i].gen = vb->gen - 1;	/* stale: made below */
	vb->marks_used++;
	return &vb->marks[i];
}

/* The marks of cell idx, made again only when its text changed. */
static const struct vcs_marks *
vcsbar_marks(struct editor *ed, struct vcsbar *vb, size_t idx)
{
	const struct nb_cell *c = nb_cell_at(ed->nb, idx);
	uint32_t id = nb_cell_id(c);
	bool editing = ed->ce != NULL && ed->ce_cell == id;
	struct vcsbar_cached *e = vcsbar_slot(vb, id);
	const char *src;
	const void *key;
	size_t len;
	unsigned long version = 0;

	if (editing) {
		src = celledit_bytes(ed->ce, &len);
		key = ed->ce;
		version = celledit_text_version(ed->ce);
	} else {
		src = nb_cell_source(c, &len);
		key = src;
	}
	if (e->gen == vb->gen && e->src == key && e->len == len &&
	    e->version == version)
		return &e->m;
	vcs_marks_release(&e->m);
	if (vcs_marks_text(vb->v, ed->nb, id, src, len, &e->m) < 0)
		err_clear();	/* no marks rather than a message per row */
	e->gen = vb->gen;
	e->src = key;
	e->len = len;
	e->version = version;
	return &e->m;
}

void
vcsbar_gutter(struct editor *ed, size_t idx, size_t line, int y)
{
	struct vcsbar *vb = ed->vcs;
	const struct vcs_marks *m;
	unsigned char f;

	if (vb == NULL || !vb->counted || vcsbar_open_now(ed) == NULL ||
	    idx >= nb_ncells(ed->nb))
		return;
	m = vcsbar_marks(ed, vb, idx);
	if (line >= m->n || (f = m->v[line]) == 0)
		return;
	if (f & VCS_MARK_CHANGED)
		(void)draw_str(ed->draw, y, ed->lay.gutter_x, 1, DRAW_GUTTER,
		    "~");
	else if (f & VCS_MARK_ADDED)
		(void)draw_str(ed->draw, y, ed->lay.gutter_x, 1,
		    DRAW_GUTTER_ADD, "+");
	else
		(void)draw_str(ed->draw, y, ed->lay.gutter_x, 1,
		    DRAW_GUTTER_REMOVE, "-");
}

/* Committing after a save. */

/* The save's audit record, once its commit is known (id NULL: none). */
static void
vcsbar_audit(struct editor *ed, const char *id)
{
	struct vcsbar *vb = vcsbar_get(ed);

	vb->audit_pending = false;
	view_audit_on_save(ed, id);
}

static void
vcsbar_commit(struct editor *ed, const char *message)
{
	struct vcsbar *vb = vcsbar_get(ed);
	struct vcs_commit_info info;
	struct buf e = BUF_INIT;

	memset(&info, 0, sizeof info);
	if (vb->v == NULL) {
		vcsbar_audit(ed, NULL);
		return;
	}
	if (vcs_commit_file(vb->v, message == NULL ? ed->nb : NULL, message,
	    &info) < 0) {
		vcsbar_err(&e);
		editor_message(ed, true, "saved %s, but not committed: %s "
		    "(the next save tries again)", ed->path, e.ptr);
		buf_release(&e);
		vcsbar_audit(ed, NULL);
		vcsbar_changed(ed);
		return;
	}
	if (info.committed) {
		buf_adds(&ed->msg, ", committed ");
		vcsbar_short_id(&ed->msg, info.id);
		if (info.detached)
			buf_adds(&ed->msg, " on a detached HEAD");
		ed->dirty_screen = true;
	} else if (info.ignored) {
		buf_adds(&ed->msg, "; not committed: git ignores it");
		ed->dirty_screen = true;
	}
	vcsbar_audit(ed, info.committed ? info.id : NULL);
	vcs_commit_info_release(&info);
	vcsbar_changed(ed);
}

/* Ask for the commit message on the bottom line. */
static void
vcsbar_prompt(struct editor *ed, struct vcsbar *vb)
{
	if (vb->line == NULL)
		vb->line = keymap_line_new();
	/* Enter on nothing: the generated message; Esc: no commit. */
	keymap_line_open(vb->line, "commit message: ", NULL);
	keys_discard(ed->keys);
	vb->prompting = true;
	ed->dirty_screen = true;
}

/* Commit now, or first ask for the message when the settings say so. */
static void
vcsbar_commit_or_ask(struct editor *ed, struct vcsbar *vb)
{
	if (strcmp(config_get(ed->cfg, "git.commit_message", "generated"),
	    "prompt") == 0) {
		vb->audit_pending = true;
		vcsbar_prompt(ed, vb);
		return;
	}
	vcsbar_commit(ed, NULL);
}

static void
vcsbar_init_answer(struct editor *ed, struct vcsbar *vb, bool yes)
{
	struct buf e = BUF_INIT;

	vb->asking_init = false;
	if (!yes) {
		vb->declined = true;
		editor_message(ed, false, "saved %s; no repository made "
		    "(git.auto_init = yes or no decides for good)", ed->path);
		vcsbar_audit(ed, NULL);
		return;
	}
	vcsbar_close_repo(ed, vb);
	free(vb->path);
	vb->path = xstrdup(ed->path);
	vb->tried = true;
	if (vcs_init(&vb->v, ed->path) < 0) {
		vcsbar_err(&e);
		editor_message(ed, true, "saved %s, but no repository: %s",
		    ed->path, e.ptr);
		buf_release(&e);
		vcsbar_audit(ed, NULL);
		return;
	}
	editor_message(ed, false, "saved %s in a new repository",
	    ed->path);
	vcsbar_commit_or_ask(ed, vb);
}

static enum vcs_auto_init
vcsbar_auto_init(struct editor *ed)
{
	const char *a = config_get(ed->cfg, "git.auto_init", "ask");

	if (strcmp(a, "yes") == 0)
		return VCS_AUTO_INIT_YES;
	if (strcmp(a, "no") == 0)
		return VCS_AUTO_INIT_NO;
	return VCS_AUTO_INIT_ASK;
}

void
vcsbar_saved(struct editor *ed)
{
	struct vcsbar *vb = vcsbar_get(ed);
	enum vcs_auto_init ai = vcsbar_auto_init(ed);
	struct buf e = BUF_INIT;
	struct buf q = BUF_INIT;
	int r;

	/* A question of an earlier save goes unanswered: its record is
	 * made now, without a commit. */
	if (vb->audit_pending)
		vcsbar_audit(ed, NULL);
	vb->asking_init = false;
	vb->prompting = false;
	if (vcsbar_vcs(ed) != NULL) {
		vcsbar_commit_or_ask(ed, vb);
		return;
	}
	/* No usable repository: why? A broken one is said plainly. */
	r = vcs_open_auto(&vb->v, ed->path, ai == VCS_AUTO_INIT_YES ?
	    VCS_AUTO_INIT_YES : VCS_AUTO_INIT_NO);
	if (r == 0) {
		vb->gen++;
		vcsbar_commit_or_ask(ed, vb);
		return;
	}
	if (r != VCS_NOREPO) {
		vcsbar_err(&e);
		editor_message(ed, true, "saved %s, but not committed: %s "
		    "(the next save tries again)", ed->path, e.ptr);
		buf_release(&e);
		vb->tried = false;
		vcsbar_audit(ed, NULL);
		return;
	}
	err_clear();
	/* Asked only between cells: y and n typed into a cell are text. */
	if (ai != VCS_AUTO_INIT_ASK || vb->declined || ed->ce != NULL) {
		vcsbar_audit(ed, NULL);
		return;
	}
	/* The save's message, then the question: drawn over the bottom
	 * line while it is asked, so a later message cannot hide it. */
	buf_add(&q, ed->msg.ptr, ed->msg.len);
	buf_adds(&q, "; create a git repository here? (y)es, (n)o");
	editor_message(ed, ed->msg_error, "%s", q.ptr);
	free(vb->question);
	vb->question = buf_detach(&q, NULL);
	keys_discard(ed->keys);
	vb->asking_init = true;
	vb->audit_pending = true;
}

/* Keys. */

static bool
vcsbar_prompt_key(struct editor *ed, struct vcsbar *vb,
    const struct keys_event *ev)
{
	char *msg;

	if (ev->kind == KEYS_EV_PASTE) {
		keymap_line_paste(vb->line, ev->paste, ev->paste_len);
		return true;
	}
	if (ev->kind != KEYS_EV_KEY)
		return true;
	switch (keymap_line_key(vb->line, ev->key)) {
	case KEYMAP_LINE_DONE:
		vb->prompting = false;
		msg = xstrdup(keymap_line_text(vb->line));
		buf_reset(&ed->msg);
		buf_addf(&ed->msg, "saved %s", ed->path);
		ed->msg_error = false;
		vcsbar_commit(ed, msg[0] != '\0' ? msg : NULL);
		free(msg);
		break;
	case KEYMAP_LINE_CANCEL:
		vb->prompting = false;
		editor_message(ed, false, "saved %s, not committed (the next "
		    "save asks again)", ed->path);
		vcsbar_audit(ed, NULL);
		break;
	case KEYMAP_LINE_COMPLETE:
	case KEYMAP_LINE_EDITING:
		break;
	}
	return true;
}

bool
vcsbar_key(struct editor *ed, const struct keys_event *ev)
{
	struct vcsbar *vb = ed->vcs;
	bool taken;

	if (vb == NULL)
		return false;
	if (vb->prompting) {
		taken = vcsbar_prompt_key(ed, vb, ev);
		ed->dirty_screen = true;
		return taken;
	}
	if (vb->asking_init && ev->kind == KEYS_EV_KEY &&
	    ed->input == EDITOR_INPUT_KEYS) {
		if (ev->key == 'y' || ev->key == 'Y') {
			vcsbar_init_answer(ed, vb, true);
			return true;
		}
		if (ev->key == 'n' || ev->key == 'N') {
			vcsbar_init_answer(ed, vb, false);
			return true;
		}
		/* Not an answer: asked again at the next save. */
		vb->asking_init = false;
		vcsbar_audit(ed, NULL);
	}
	if (ed->input != EDITOR_INPUT_KEYS)
		return false;
	if ((ed->vdiff != NULL || ed->vlog != NULL) &&
	    ev->kind == KEYS_EV_KEY) {
		/* As the editor does: a key clears the last message. */
		buf_reset(&ed->msg);
		ed->msg_error = false;
	}
	if (view_diff_key(ed, ev))
		return true;
	return view_log_key(ed, ev);
}

void
vcsbar_draw(struct editor *ed)
{
	struct vcsbar *vb = ed->vcs;
	const char *pr, *tx;
	int y, x, w;

	if (vb == NULL || ed->lay.too_small)
		return;
	if (view_diff_is_open(ed))
		view_diff_draw(ed);
	else if (view_log_is_open(ed))
		view_log_draw(ed);
	y = ed->lay.bottom.y;
	w = ed->lay.width;
	if (vb->asking_init && vb->question != NULL &&
	    ed->input == EDITOR_INPUT_KEYS && ed->lay.bottom.rows > 0) {
		draw_fill(ed->draw, y, 0, w, DRAW_BAR);
		x = draw_str(ed->draw, y, 0, w, DRAW_BAR_KEY, " ");
		(void)draw_str(ed->draw, y, x, w - x, DRAW_BAR_KEY,
		    vb->question);
		return;
	}
	if (!vb->prompting || ed->lay.bottom.rows == 0)
		return;
	pr = keymap_line_prompt(vb->line);
	tx = keymap_line_text(vb->line);
	draw_fill(ed->draw, y, 0, w, DRAW_BAR);
	x = draw_str(ed->draw, y, 0, w, DRAW_BAR_KEY, pr);
	(void)draw_text(ed->draw, y, x, w - x - 1, DRAW_BAR, tx, strlen(tx));
	draw_cursor(ed->draw, y, x + (int)utf8_str_width(tx,
	    keymap_line_cursor(vb->line)));
}

void
vcsbar_free(struct editor *ed)
{
	struct vcsbar *vb = ed->vcs;

	if (vb == NULL)
		return;
	if (vb->audit_pending)
		vcsbar_audit(ed, NULL);
	if (vb->timer != 0 && ed->loop != NULL)
		loop_cancel_timer(ed->loop, vb->timer);
	vcsbar_close_repo(ed, vb);
	keymap_line_free(vb->line);
	free(vb->question);
	free(vb->path);
	free(vb);
	ed->vcs = NULL;
}

/* Restoring. */

static void
vcsbar_ids_add(uint32_t **ids, size_t *n, uint32_t id)
{
	*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
	(*ids)[(*n)++] = id;
}

int
vcsbar_restore_apply(struct editor *ed, const struct vcs_restore *plan,
    const char *what)
{
	struct editor_op op;
	struct nb_cell *c;
	struct nb_cell_config cfg;
	uint32_t *run = NULL, focus = 0;
	size_t i, nrun = 0;
	const char *s;
	size_t len;
	bool failed = false;

	if (plan->n == 0) {
		editor_message(ed, false, "%s: already the same", what);
		return 0;
	}
	for (i = 0; i < plan->n; i++) {
		const struct vcs_edit *e = &plan->v[i];

		if (e->type != VCS_EDIT_INSERT &&
		    nb_cell_find(ed->nb, e->id) == NULL) {
			editor_message(ed, true, "restore: cell %u is gone",
			    (unsigned)e->id);
			return -1;
		}
	}
	if (ed->ce != NULL)
		editor_edit_end(ed, false);
	for (i = 0; i < plan->n; i++) {
		const struct vcs_edit *e = &plan->v[i];

		memset(&op, 0, sizeof op);
		op.id = e->id;
		c = nb_cell_find(ed->nb, e->id);
		switch (e->type) {
		case VCS_EDIT_SOURCE:
			s = nb_cell_source(c, &len);
			op.type = EDITOR_OP_SOURCE;
			op.old_text = xstrndup(s, len);
			op.old_len = len;
			op.new_text = xstrndup(e->text, e->len);
			op.new_len = e->len;
			editor_history_do(ed, &op);
			vcsbar_ids_add(&run, &nrun, e->id);
			break;
		case VCS_EDIT_NAME:
			op.type = EDITOR_OP_NAME;
			op.old_text = xstrdup(nb_cell_name(c));
			op.new_text = xstrdup(e->name);
			editor_history_do(ed, &op);
			nb_cell_set_name_derived(c, false);
			break;
		case VCS_EDIT_CONFIG:
			cfg = nb_cell_config(c);
			op.type = EDITOR_OP_CONFIG;
			op.old_hide = cfg.hide_code;
			op.old_disabled = cfg.disabled;
			op.new_hide = e->config.hide_code;
			op.new_disabled = e->config.disabled;
			editor_history_do(ed, &op);
			/* The editor's undo knows hide and disable only; the
			 * column and expand_output come back as they are. */
			c = nb_cell_find(ed->nb, e->id);
			cfg = nb_cell_config(c);
			cfg.column = e->config.column;
			cfg.expand_output = e->config.expand_output;
			nb_cell_set_config(c, cfg);
			break;
		case VCS_EDIT_INSERT:
			op.type = EDITOR_OP_INSERT;
			op.id = 0;
			op.from = e->idx;
			op.old_text = xstrndup(e->text, e->len);
			op.old_len = e->len;
			op.name = e->name != NULL && strcmp(e->name, "_") != 0 ?
			    xstrdup(e->name) : NULL;
			op.hide = e->config.hide_code;
			op.disabled = e->config.disabled;
			editor_history_do(ed, &op);
			if ((c = nb_cell_find(ed->nb, op.id)) != NULL) {
				cfg = nb_cell_config(c);
				cfg.column = e->config.column;
				cfg.expand_output = e->config.expand_output;
				nb_cell_set_config(c, cfg);
			}
			if (e->len > 0)
				vcsbar_ids_add(&run, &nrun, op.id);
			focus = op.id;
			break;
		case VCS_EDIT_REMOVE:
			op.type = EDITOR_OP_REMOVE;
			editor_history_do(ed, &op);
			break;
		case VCS_EDIT_MOVE:
			op.type = EDITOR_OP_MOVE;
			op.from = nb_cell_index(ed->nb, e->id);
			op.to = e->idx;
			editor_history_do(ed, &op);
			break;
		}
		if (focus == 0 && e->type != VCS_EDIT_REMOVE)
			focus = e->type == VCS_EDIT_INSERT ? op.id : e->id;
	}
	if (nb_ncells(ed->nb) == 0) {
		/* A notebook keeps one cell to type in. */
		memset(&op, 0, sizeof op);
		op.type = EDITOR_OP_INSERT;
		op.old_text = xstrdup("");
		editor_history_do(ed, &op);
	}
	editor_history_end(ed);
	editor_sync_cells(ed);
	nb_set_dirty(ed->nb, true);
	if (focus != 0 && nb_cell_index(ed->nb, focus) != (size_t)-1)
		editor_focus_set(ed, nb_cell_index(ed->nb, focus));
	/* Cells already gone again (an insert removed later) are not run. */
	for (i = 0; i < nrun; i++)
		if (nb_cell_find(ed->nb, run[i]) == NULL)
			run[i--] = run[--nrun];
	if (!ed->lazy && nrun > 0) {
		if (run_cells(ed->run, run, nrun) < 0) {
			editor_message(ed, true, "run: %s", err_last());
			failed = true;
		} else
			for (i = 0; i < nrun; i++) {
				struct editor_cell *ec = editor_cell_find(ed,
				    run[i]);

				if (ec != NULL)
					ec->needs_run = false;
			}
	}
	free(run);
	vcsbar_changed(ed);
	if (!failed)
		editor_message(ed, false, "restored %s (%s undoes)", what,
		    keymap_style(ed->km) == KEYMAP_VI ? "u" : "C-z");
	return 0;
}
