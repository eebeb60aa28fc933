/*
 * editor.c: `quire edit` and `quire view`. Owns struct editor, the one
 * top-level state of the program, and its life: reading the notebook,
 * taking the terminal, the event loop's callbacks (keys from fd 0,
 * signals, timers, the kernel through tui/run.c), input dispatch through
 * the keymap, committing edited text into the model, saving, quitting
 * and the external editor. The commands are in editor_cmd.c, the screen
 * in editor_draw.c, the side views in editor_side.c.
 *
 * The one idea: the editor only ever changes the model in response to an
 * event, marks the screen dirty, and draws once per loop pass (the loop's
 * before-poll hook); nothing here waits for the kernel.
 */
#include "config.h"
#include "cli.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ana.h"
#include "buf.h"
#include "celledit.h"
#include "deps.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"
#include "graph.h"
#include "journal.h"
#include "keys.h"
#include "keymap.h"
#include "loop.h"
#include "nb.h"
#include "nbcache.h"
#include "output.h"
#include "render.h"
#include "run.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "outfocus.h"
#include "vcsbar.h"
#include "view_audit.h"
#include "widthprobe.h"
#include "imgrender.h"

#define EDITOR_ESC_MS 30	/* a lone ESC is the Escape key after this */
#define EDITOR_READ_MAX 4096
#define EDITOR_JOURNAL_MS 1000	/* at most this much typing is lost */
#define EDITOR_OUTPUT_REDRAW_MS 50	/* streaming output: 20 frames/s */
#define EDITOR_FILE_MAX ((size_t)256 * 1024 * 1024)
#define EDITOR_PATH_SHOWN 40	/* a longer path in a warning: its tail */

static void editor_on_key(struct editor *, const struct keys_event *);

void
editor_message(struct editor *ed, bool error, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&ed->msg);
	va_start(ap, fmt);
	buf_vaddf(&ed->msg, fmt, ap);
	va_end(ap);
	ed->msg_error = error;
	ed->dirty_screen = true;
}

/*
 * msg with each line's leading "PATH:LINE:" path, when long, shown from
 * its last two parts (".../quire/config:2:5: ..."): under a deep
 * $XDG_CONFIG_HOME the config warnings' paths pushed the line number and
 * the problem off the bottom bar.
 */
static void
editor_short_paths(struct buf *out, const char *msg)
{
	const char *line = msg, *end, *p, *colon, *cut;
	int slashes;

	buf_adds(out, "");
	while (*line != '\0') {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		colon = NULL;
		for (p = line; p < end && colon == NULL; p++)
			if (p[0] == ':' && p + 1 < end && isdigit(
			    (unsigned char)p[1])) {
				const char *q = p + 1;

				while (q < end && isdigit((unsigned char)*q))
					q++;
				if (q < end && *q == ':')
					colon = p;
			}
		cut = NULL;
		if (colon != NULL && colon - line > EDITOR_PATH_SHOWN) {
			for (p = colon, slashes = 0; p > line; p--)
				if (p[-1] == '/' && ++slashes == 2) {
					cut = p - 1;
					break;
				}
		}
		if (cut != NULL) {
			buf_adds(out, "...");
			buf_add(out, cut, (size_t)(end - cut));
		} else
			buf_add(out, line, (size_t)(end - line));
		if (*end == '\n')
			buf_addc(out, *end++);
		line = end;
	}
}

void
editor_ask(struct editor *ed, const char *question, const char *answers,
    editor_answer_fn fn)
{
	/* A question that decides something must not be answered by
	 * input that was queued before it was drawn (security.md 7.4):
	 * what the decoder holds goes now, what the terminal still holds
	 * once the question is on screen (editor_before_poll). */
	keys_discard(ed->keys);
	ed->prompt_armed = false;
	ed->input = EDITOR_INPUT_PROMPT;
	ed->question = question;
	ed->answers = answers;
	ed->answer = fn;
	ed->dirty_screen = true;
}

void
editor_open_line(struct editor *ed, enum editor_line_purpose purpose,
    const char *prompt, const char *text)
{
	keymap_line_open(ed->line, prompt, text);
	ed->line_purpose = purpose;
	ed->input = EDITOR_INPUT_LINE;
	ed->dirty_screen = true;
}

struct editor_cell *
editor_cell_find(struct editor *ed, uint32_t id)
{
	size_t i;

	/* Most lookups are for the focused cell or one near it. */
	if (ed->focus < ed->ncells && ed->cells[ed->focus]->id == id)
		return ed->cells[ed->focus];
	for (i = 0; i < ed->ncells; i++)
		if (ed->cells[i]->id == id)
			return ed->cells[i];
	return NULL;
}

struct editor_cell *
editor_focus_cell(struct editor *ed)
{
	return ed->focus < ed->ncells ? ed->cells[ed->focus] : NULL;
}

struct nb_cell *
editor_focus_nb(struct editor *ed)
{
	return nb_cell_at(ed->nb, ed->focus);
}

static struct editor_cell *
editor_cell_new(uint32_t id)
{
	struct editor_cell *c = xcalloc(1, sizeof *c);

	c->id = id;
	c->out = output_new();
	c->code_rows_width = -1;
	c->out_rows_width = -1;
	return c;
}

static void
editor_cell_free(struct editor_cell *c)
{
	if (c == NULL)
		return;
	output_free(c->out);
	free(c->roles);
	free(c->message);
	free(c);
}

static int
editor_cell_cmp(const void *a, const void *b)
{
	uint32_t x = (*(struct editor_cell *const *)a)->id;
	uint32_t y = (*(struct editor_cell *const *)b)->id;

	return x < y ? -1 : x > y;
}

void
editor_sync_cells(struct editor *ed)
{
	size_t n = nb_ncells(ed->nb), i, lo, hi, mid;
	struct editor_cell **old = ed->cells, **fresh;
	size_t nold = ed->ncells;
	bool *used;

	/* Old cells sorted by id, to match in O(n log n). */
	if (nold > 0)
		qsort(old, nold, sizeof *old, editor_cell_cmp);
	used = xcalloc(nold + 1, sizeof *used);
	fresh = xreallocarray(NULL, n + 1, sizeof *fresh);
	for (i = 0; i < n; i++) {
		uint32_t id = nb_cell_id(nb_cell_at(ed->nb, i));

		lo = 0;
		hi = nold;
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (old[mid]->id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nold && old[lo]->id == id && !used[lo]) {
			fresh[i] = old[lo];
			used[lo] = true;
		} else
			fresh[i] = editor_cell_new(id);
	}
	for (i = 0; i < nold; i++)
		if (!used[i])
			editor_cell_free(old[i]);
	free(used);
	free(old);
	ed->cells = fresh;
	ed->ncells = n;
	ed->cells_alloc = n + 1;
	if (ed->focus >= n)
		ed->focus = n > 0 ? n - 1 : 0;
	ed->dirty_screen = true;
}

struct graph *
editor_graph(struct editor *ed)
{
	if (!ed->graph_synced) {
		if (deps_sync(ed->graph, ed->nb, ed->ana) < 0)
			editor_message(ed, true, "%s", err_last());
		ed->graph_synced = true;
	}
	return ed->graph;
}

void
editor_graph_cell(struct editor *ed, struct nb_cell *c)
{
	if (ed->graph_synced &&
	    deps_sync_cell(ed->graph, ed->nb, c, ed->ana) < 0)
		editor_message(ed, true, "%s", err_last());
}

void
editor_cells_changed(struct editor *ed)
{
	editor_sync_cells(ed);
	if (ed->graph_synced && deps_sync(ed->graph, ed->nb, ed->ana) < 0)
		editor_message(ed, true, "%s", err_last());
	nb_set_dirty(ed->nb, true);
}

void
editor_focus_set(struct editor *ed, size_t idx)
{
	if (ed->ncells == 0)
		return;
	if (idx >= ed->ncells)
		idx = ed->ncells - 1;
	if (ed->ce != NULL && idx != ed->focus)
		editor_edit_end(ed, false);
	ed->focus = idx;
	ed->dirty_screen = true;
	editor_scroll_to_focus(ed);
}

void
editor_edit_begin(struct editor *ed, size_t pos)
{
	struct nb_cell *c = editor_focus_nb(ed);
	const char *src;
	size_t len;

	if (c == NULL || ed->view_only)
		return;
	if (ed->ce != NULL) {
		if (ed->ce_cell == nb_cell_id(c))
			return;
		editor_edit_end(ed, false);
	}
	src = nb_cell_source(c, &len);
	ed->ce = celledit_new(src, len);
	celledit_set_indent(ed->ce, ed->indent);
	ed->ce_cell = nb_cell_id(c);
	ed->ce_journaled = celledit_text_version(ed->ce);
	celledit_set_cursor(ed->ce, pos == (size_t)-1 ? len : pos, false);
	keymap_reset(ed->km);
	ed->dirty_screen = true;
	editor_scroll_to_focus(ed);
}

/* A cell's source changed: caches and the graph follow. */
static void
editor_source_changed(struct editor *ed, struct nb_cell *c)
{
	struct editor_cell *ec = editor_cell_find(ed, nb_cell_id(c));

	if (ec != NULL) {
		ec->src_seen = NULL;
		ec->code_rows_width = -1;
		ec->needs_run = true;
	}
	editor_graph_cell(ed, c);
	nb_set_dirty(ed->nb, true);
	ed->dirty_screen = true;
}

bool
editor_commit_text(struct editor *ed)
{
	struct nb_cell *c;
	struct editor_op op;
	const char *old, *new;
	size_t oldlen, newlen;

	if (ed->ce == NULL || !celledit_is_modified(ed->ce))
		return false;
	c = nb_cell_find(ed->nb, ed->ce_cell);
	if (c == NULL)
		return false;
	old = nb_cell_source(c, &oldlen);
	new = celledit_bytes(ed->ce, &newlen);
	text_mark_clean(celledit_text(ed->ce));
	celledit_snapshot(ed->ce);
	if (oldlen == newlen && memcmp(old, new, newlen) == 0)
		return false;
	memset(&op, 0, sizeof op);
	op.type = EDITOR_OP_SOURCE;
	op.id = ed->ce_cell;
	op.old_text = xstrndup(old, oldlen);
	op.old_len = oldlen;
	op.new_text = xstrndup(new, newlen);
	op.new_len = newlen;
	editor_history_push(ed, &op);
	editor_history_end(ed);
	nb_cell_set_source(c, new, newlen);
	editor_source_changed(ed, c);
	editor_journal_source(ed, nb_cell_id(c));
	return true;
}

void
editor_run_cell(struct editor *ed, uint32_t id)
{
	struct editor_cell *ec = editor_cell_find(ed, id);

	if (run_cells(ed->run, &id, 1) < 0) {
		editor_message(ed, true, "run: %s", err_last());
		return;
	}
	if (ec != NULL)
		ec->needs_run = false;
	ed->dirty_screen = true;
}

void
editor_edit_end(struct editor *ed, bool run)
{
	uint32_t id = ed->ce_cell;
	struct editor_cell *ec;

	if (ed->ce == NULL)
		return;
	(void)editor_commit_text(ed);
	celledit_free(ed->ce);
	ed->ce = NULL;
	ed->ce_cell = 0;
	keymap_reset(ed->km);
	ec = editor_cell_find(ed, id);
	if (ec != NULL && (run || (ec->needs_run && !ed->lazy)))
		editor_run_cell(ed, id);
	ed->dirty_screen = true;
}

bool
editor_is_modified(struct editor *ed)
{
	return nb_is_dirty(ed->nb) ||
	    (ed->ce != NULL && celledit_is_modified(ed->ce));
}

void
editor_set_keymap(struct editor *ed, enum keymap_style style)
{
	keymap_free(ed->km);
	ed->km = keymap_new(style);
	ed->dirty_screen = true;
}

/* Remember what the file on disk holds as we read or wrote it. */
static void
editor_disk_note(struct editor *ed)
{
	if (journal_stat_snapshot(ed->disk, ed->path) < 0)
		memset(ed->disk, 0, sizeof *ed->disk);
}

/* Has someone else changed the file since (its bytes, not its time)? */
static bool
editor_disk_changed(struct editor *ed)
{
	return journal_changed_on_disk(ed->disk, ed->path) != 0;
}

/* The journal: every edit is queued, and written within a second. */

static void
editor_on_journal_timer(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;

	(void)l;
	(void)id;
	ed->journal_timer = 0;
	if (ed->journal != NULL && journal_flush(ed->journal) < 0)
		editor_message(ed, true, "journal: %s", err_last());
}

static void
editor_journal_queued(struct editor *ed, int rc)
{
	if (rc < 0)
		editor_message(ed, true, "journal: %s", err_last());
	if (ed->journal_timer == 0 && journal_is_pending(ed->journal))
		ed->journal_timer = loop_add_timer(ed->loop,
		    EDITOR_JOURNAL_MS, editor_on_journal_timer, ed);
}

void
editor_journal_source(struct editor *ed, uint32_t id)
{
	struct nb_cell *c;
	const char *src;
	size_t len;

	if (ed->journal == NULL)
		return;
	if (ed->ce != NULL && ed->ce_cell == id) {
		src = celledit_bytes(ed->ce, &len);
		ed->ce_journaled = celledit_text_version(ed->ce);
	} else if ((c = nb_cell_find(ed->nb, id)) != NULL)
		src = nb_cell_source(c, &len);
	else
		return;
	editor_journal_queued(ed, journal_cell_source(ed->journal, id, src,
	    len));
}

void
editor_journal_insert(struct editor *ed, uint32_t id)
{
	struct nb_cell *c = nb_cell_find(ed->nb, id);
	const char *src;
	size_t len;

	if (ed->journal == NULL || c == NULL)
		return;
	src = nb_cell_source(c, &len);
	editor_journal_queued(ed, journal_cell_insert(ed->journal, id,
	    nb_cell_index(ed->nb, id), nb_cell_is_named(c) ? nb_cell_name(c) :
	    NULL, src, len));
	editor_journal_meta(ed, id);
}

void
editor_journal_delete(struct editor *ed, uint32_t id)
{
	if (ed->journal != NULL)
		editor_journal_queued(ed, journal_cell_delete(ed->journal,
		    id));
}

void
editor_journal_move(struct editor *ed, uint32_t id)
{
	if (ed->journal != NULL)
		editor_journal_queued(ed, journal_cell_move(ed->journal, id,
		    nb_cell_index(ed->nb, id)));
}

void
editor_journal_meta(struct editor *ed, uint32_t id)
{
	struct nb_cell *c = nb_cell_find(ed->nb, id);
	struct nb_cell_config cfg;

	if (ed->journal == NULL || c == NULL)
		return;
	cfg = nb_cell_config(c);
	editor_journal_queued(ed, journal_cell_rename(ed->journal, id,
	    nb_cell_name(c)));
	editor_journal_queued(ed, journal_cell_set_config(ed->journal, id,
	    &cfg));
}

static int
editor_read_file(struct buf *out, const char *path)
{
	char chunk[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		err_errno("%s", path);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_errno("%s", path);
			(void)close(fd);
			return -1;
		}
		if (out->len + (size_t)n > EDITOR_FILE_MAX) {
			err_set("%s: larger than %zu bytes", path,
			    EDITOR_FILE_MAX);
			(void)close(fd);
			return -1;
		}
		buf_add(out, chunk, (size_t)n);
	}
	(void)close(fd);
	return 0;
}

/* Read path into a new notebook; *kind gets the format to save in. */
static int
editor_load(struct editor *ed, struct nb **out, enum fmt_kind *kind)
{
	struct buf text = BUF_INIT;
	int error;

	if (editor_read_file(&text, ed->path) < 0) {
		buf_release(&text);
		return -1;
	}
	*kind = fmt_guess(ed->path, text.ptr, text.len);
	/* An unchanged file comes from the cache with its analysis, and
	 * the interpreter starts only when an edit needs it. */
	error = nbcache_parse(out, *kind, ed->path, text.ptr, text.len,
	    ed->ana, NULL);
	buf_release(&text);
	if (error < 0)
		return -1;
	if (nb_ncells(*out) == 0) {
		(void)nb_cell_insert(*out, 0, "", 0);
		nb_set_dirty(*out, false);
	}
	return 0;
}

/* Read the file again into the notebook, dropping unsaved work. */
static int
editor_reload(struct editor *ed)
{
	struct nb *fresh = NULL;
	enum fmt_kind kind;
	size_t i, n;

	if (ed->ce != NULL) {
		celledit_free(ed->ce);
		ed->ce = NULL;
		ed->ce_cell = 0;
	}
	if (editor_load(ed, &fresh, &kind) < 0) {
		editor_message(ed, true, "reload: %s", err_last());
		return -1;
	}
	/* Replace the cells in place: the runner and the graph hold this
	 * notebook. */
	while (nb_ncells(ed->nb) > 0) {
		uint32_t id = nb_cell_id(nb_cell_at(ed->nb, 0));

		(void)run_delete_cell(ed->run, id);
		(void)nb_cell_remove(ed->nb, id);
	}
	n = nb_ncells(fresh);
	for (i = 0; i < n; i++) {
		struct nb_cell *src = nb_cell_at(fresh, i), *dst;
		const char *s;
		size_t len;

		s = nb_cell_source(src, &len);
		dst = nb_cell_insert(ed->nb, i, s, len);
		nb_cell_set_name(dst, nb_cell_name(src));
		nb_cell_set_name_derived(dst, nb_cell_name_is_derived(src));
		nb_cell_set_config(dst, nb_cell_config(src));
		nb_cell_set_kind(dst, nb_cell_kind(src));
	}
	if (nb_header(fresh) != NULL)
		nb_set_header(ed->nb, nb_header(fresh),
		    strlen(nb_header(fresh)));
	nb_free(fresh);
	editor_history_release(&ed->undo);
	editor_history_release(&ed->redo);
	editor_cells_changed(ed);
	nb_set_dirty(ed->nb, false);
	editor_disk_note(ed);
	if (ed->journal != NULL)
		(void)journal_discard(ed->journal, ed->nb);
	ed->focus = 0;
	ed->scroll = 0;
	return 0;
}

static void
editor_on_changed_answer(struct editor *ed, int key)
{

	switch (key) {
	case 'o':
		(void)editor_save(ed, ed->path, true);
		break;
	case 'r':
		if (editor_reload(ed) == 0)
			editor_message(ed, false, "reloaded %s", ed->path);
		break;
	case 's':
		editor_open_line(ed, EDITOR_LINE_SAVE_AS, "save as: ",
		    ed->path);
		break;
	default:
		editor_message(ed, false, "not saved");
		break;
	}
}

int
editor_save(struct editor *ed, const char *path, bool force)
{
	bool same = strcmp(path, ed->path) == 0;
	enum fmt_kind kind = ed->kind;

	if (ed->view_only) {
		editor_message(ed, true, "view mode: saving is off");
		return -1;
	}
	(void)editor_commit_text(ed);
	if (same && !force && !ed->is_new && editor_disk_changed(ed)) {
		editor_ask(ed, "the file changed on disk: (o)verwrite, "
		    "(r)eload, (s)ave as, (c)ancel?", "orsc",
		    editor_on_changed_answer);
		return -1;
	}
	if (!same)
		kind = fmt_guess(path, NULL, 0);
	if (kind == FMT_UNKNOWN || kind == FMT_SCRIPT)
		kind = FMT_MARIMO;
	if (fmt_save(ed->nb, kind, path, ed->ana) < 0) {
		editor_message(ed, true, "save: %s", err_last());
		return -1;
	}
	if (!same) {
		free(ed->path);
		ed->path = xstrdup(path);
		ed->kind = kind;
	}
	ed->is_new = false;
	nb_set_dirty(ed->nb, false);
	editor_disk_note(ed);
	if (ed->journal != NULL && journal_discard(ed->journal, ed->nb) < 0)
		editor_message(ed, true, "saved %s, but the journal: %s",
		    ed->path, err_last());
	else
		editor_message(ed, false, "saved %s (%zu cells)", ed->path,
		    nb_ncells(ed->nb));
	/* Commit it, then record the save with the commit's id. */
	vcsbar_saved(ed);
	return 0;
}

static void
editor_on_quit_answer(struct editor *ed, int key)
{
	switch (key) {
	case 'y':
		if (editor_save(ed, ed->path, false) == 0)
			ed->quit = true;
		break;
	case 'n':
		/* Unsaved work thrown away on purpose is not recovered. */
		if (ed->journal != NULL)
			(void)journal_discard(ed->journal, ed->nb);
		ed->quit = true;
		break;
	default:
		editor_message(ed, false, "quit cancelled");
		break;
	}
	if (ed->quit)
		loop_stop(ed->loop);
}

void
editor_quit(struct editor *ed, bool force)
{
	if (!force && !ed->view_only && editor_is_modified(ed)) {
		editor_ask(ed, "save changes before quitting? (y)es, (n)o, "
		    "(c)ancel", "ync", editor_on_quit_answer);
		return;
	}
	/* Quitting on purpose leaves nothing to recover. */
	if (ed->journal != NULL)
		(void)journal_discard(ed->journal, ed->nb);
	ed->quit = true;
	loop_stop(ed->loop);
}

/* The program to edit with: $VISUAL, $EDITOR, then vi. */
static const char *
editor_external_program(void)
{
	const char *e = getenv("VISUAL");

	if (e == NULL || e[0] == '\0')
		e = getenv("EDITOR");
	if (e == NULL || e[0] == '\0')
		e = "vi";
	return e;
}

void
editor_external(struct editor *ed)
{
	struct nb_cell *c = editor_focus_nb(ed);
	struct buf path = BUF_INIT, text = BUF_INIT;
	const char *tmp = getenv("TMPDIR"), *src;
	size_t len;
	pid_t pid;
	int fd, st = 0;
	bool reading = false;

	if (c == NULL || ed->view_only)
		return;
	if (ed->ce != NULL && ed->ce_cell == nb_cell_id(c))
		(void)editor_commit_text(ed);
	else if (ed->ce != NULL)
		editor_edit_end(ed, false);
	buf_addf(&path, "%s/quire-cell-XXXXXX.py",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if ((fd = mkstemps(path.ptr, 3)) < 0) {
		editor_message(ed, true, "edit: %s: %s", path.ptr,
		    strerror(errno));
		buf_release(&path);
		return;
	}
	src = nb_cell_source(c, &len);
	if (write(fd, src, len) != (ssize_t)len || (len > 0 &&
	    src[len - 1] != '\n' && write(fd, "\n", 1) != 1)) {
		editor_message(ed, true, "edit: %s: %s", path.ptr,
		    strerror(errno));
		(void)close(fd);
		(void)unlink(path.ptr);
		buf_release(&path);
		return;
	}
	(void)close(fd);
	draw_suspend(ed->draw);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "sh", "-c", NULL, "sh", NULL, NULL };
		struct buf cmd = BUF_INIT;

		(void)signal(SIGINT, SIG_DFL);
		(void)signal(SIGQUIT, SIG_DFL);
		(void)signal(SIGTSTP, SIG_DFL);
		(void)signal(SIGWINCH, SIG_DFL);
		buf_addf(&cmd, "%s \"$1\"", editor_external_program());
		argv[2] = cmd.ptr;
		argv[4] = path.ptr;
		execv("/bin/sh", argv);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	draw_resume(ed->draw);
	draw_resize(ed->draw);
	ed->dirty_screen = true;
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		editor_message(ed, true, "%s did not finish cleanly; the cell "
		    "is unchanged", editor_external_program());
	} else if (editor_read_file(&text, path.ptr) < 0) {
		editor_message(ed, true, "edit: %s", err_last());
	} else
		reading = true;
	(void)unlink(path.ptr);
	if (reading) {
		/* Editors add a final newline; cells do not keep one. */
		if (text.len > 0 && text.ptr[text.len - 1] == '\n')
			buf_truncate(&text, text.len - 1);
		src = nb_cell_source(c, &len);
		if (len == text.len && memcmp(src, text.ptr, len) == 0)
			editor_message(ed, false, "cell unchanged");
		else {
			struct editor_op op;

			memset(&op, 0, sizeof op);
			op.type = EDITOR_OP_SOURCE;
			op.id = nb_cell_id(c);
			op.old_text = xstrndup(src, len);
			op.old_len = len;
			op.new_text = xstrndup(text.ptr, text.len);
			op.new_len = text.len;
			editor_history_push(ed, &op);
			editor_history_end(ed);
			nb_cell_set_source(c, text.ptr, text.len);
			editor_source_changed(ed, c);
			editor_journal_source(ed, nb_cell_id(c));
			if (ed->ce != NULL) {
				celledit_free(ed->ce);
				ed->ce = NULL;
				ed->ce_cell = 0;
			}
			editor_message(ed, false, "cell updated from %s",
			    editor_external_program());
			if (!ed->lazy)
				editor_run_cell(ed, nb_cell_id(c));
		}
	}
	buf_release(&text);
	buf_release(&path);
}

/* Run events. */

static void
editor_cell_info(struct editor *ed, struct editor_cell *ec)
{
	struct run_info info;

	if (!run_cell_info(ed->run, ec->id, &info))
		return;
	ec->info = info;
	free(ec->message);
	ec->message = xstrdup(info.message != NULL ? info.message : "");
	ec->info.message = ec->message;
	ec->info.traceback = NULL;	/* borrowed: not kept */
}

/* The line of this cell a traceback points at (its last mention). */
static size_t
editor_traceback_line(uint32_t id, const char *tb)
{
	struct buf pat = BUF_INIT;
	const char *p = tb, *hit;
	size_t line = 0;

	buf_addf(&pat, "\"<cell-%u>\", line ", (unsigned)id);
	while ((hit = strstr(p, pat.ptr)) != NULL) {
		line = (size_t)strtoul(hit + pat.len, NULL, 10);
		p = hit + pat.len;
	}
	buf_release(&pat);
	return line;
}

/* Keep the richest representation the editor can draw (output.c). */
static void
editor_display(struct editor_cell *ec, const struct run_event *ev)
{
	struct output_mime *m;
	size_t i;

	if (ev->nitems == 0)
		return;
	m = xreallocarray(NULL, ev->nitems, sizeof *m);
	for (i = 0; i < ev->nitems; i++) {
		m[i].mime = ev->items[i].mime;
		m[i].data = ev->items[i].data;
		m[i].len = ev->items[i].len;
	}
	output_add_bundle(ec->out, m, ev->nitems);
	free(m);
}

static void
editor_on_redraw_timer(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;

	(void)l;
	(void)id;
	ed->redraw_timer = 0;
	ed->dirty_screen = true;
}

static void
editor_on_run(const struct run_event *ev, void *arg)
{
	struct editor *ed = arg;
	struct editor_cell *ec = ev->cell ? editor_cell_find(ed, ev->cell) :
	    NULL;
	struct run_info info;

	view_audit_on_run(ed, ev);
	/* Output that streams in is drawn at most 20 times a second, so
	 * a flood costs the terminal (and a slow SSH link) little; state
	 * changes are drawn at once. */
	if (ev->type == RUN_EV_STREAM || ev->type == RUN_EV_DISPLAY) {
		if (ed->redraw_timer == 0)
			ed->redraw_timer = loop_add_timer(ed->loop,
			    EDITOR_OUTPUT_REDRAW_MS, editor_on_redraw_timer,
			    ed);
	} else
		ed->dirty_screen = true;
	switch (ev->type) {
	case RUN_EV_STATUS:
		if (ec != NULL)
			editor_cell_info(ed, ec);
		break;
	case RUN_EV_START:
		if (ec != NULL) {
			output_clear(ec->out);
			ec->err_line = 0;
			ec->needs_run = false;
			ec->out_scroll = 0;
			editor_cell_info(ed, ec);
		}
		break;
	case RUN_EV_STREAM:
		if (ec != NULL)
			output_stream(ec->out, ev->stream == 2 ?
			    OUTPUT_STDERR : OUTPUT_STDOUT, ev->data, ev->len);
		break;
	case RUN_EV_DISPLAY:
		if (ec == NULL)
			break;
		if (ev->op != RUN_DISPLAY_APPEND)
			output_clear_values(ec->out);
		if (ev->op != RUN_DISPLAY_CLEAR)
			editor_display(ec, ev);
		break;
	case RUN_EV_DONE:
		if (ec == NULL)
			break;
		output_finish(ec->out);
		if (!run_cell_info(ed->run, ec->id, &info))
			break;
		if (info.traceback != NULL && info.traceback[0] != '\0') {
			output_add(ec->out, OUTPUT_TRACEBACK, NULL,
			    info.traceback, strlen(info.traceback));
			ec->err_line = editor_traceback_line(ec->id,
			    info.traceback);
		} else if (info.message != NULL && info.message[0] != '\0' &&
		    info.result != RUN_OK)
			output_add(ec->out, OUTPUT_NOTE, NULL, info.message,
			    strlen(info.message));
		editor_cell_info(ed, ec);
		break;
	case RUN_EV_KERNEL:
		editor_message(ed, true, "%.*s", (int)ev->len,
		    ev->data != NULL ? ev->data : "");
		outfocus_on_run(ed, ev);
		break;
	case RUN_EV_IDLE:
		/* Only while the view shows them: describing a value runs
		 * its __len__ or __repr__. */
		if (ed->side == EDITOR_SIDE_VARS)
			editor_side_vars_request(ed);
		break;
	case RUN_EV_VARS:
		editor_side_vars_store(ed, ev);
		break;
	case RUN_EV_COMPLETIONS:
		if (editor_hint_answer(ed, ev))
			break;
		editor_complete_answer(ed, ev->complete_id, ev->replace_len,
		    ev->words, ev->nwords);
		break;
	case RUN_EV_WIDGET:
	case RUN_EV_TABLE:
		outfocus_on_run(ed, ev);
		break;
	}
}

/* Loop callbacks. */

static void
editor_keys_drain(struct editor *ed);

static void
editor_on_esc_timer(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;

	(void)l;
	(void)id;
	ed->esc_timer = 0;
	keys_timeout(ed->keys);
	editor_keys_drain(ed);
}

static void
editor_keys_drain(struct editor *ed)
{
	struct keys_event ev;

	while (!ed->quit && keys_next(ed->keys, &ev) == 1) {
		editor_on_key(ed, &ev);
		ed->dirty_screen = true;
	}
	if (!ed->quit && keys_waiting(ed->keys) && ed->esc_timer == 0) {
		ed->esc_due_ms = loop_now_ms() + EDITOR_ESC_MS;
		ed->esc_timer = loop_add_timer(ed->loop, EDITOR_ESC_MS,
		    editor_on_esc_timer, ed);
	}
}

static void
editor_on_autosave(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;

	(void)l;
	(void)id;
	ed->autosave_timer = 0;
	if (!ed->view_only && editor_is_modified(ed) &&
	    ed->input == EDITOR_INPUT_KEYS)
		(void)editor_save(ed, ed->path, false);
}

static void
editor_on_tty(struct loop *l, int fd, short revents, void *arg)
{
	struct editor *ed = arg;
	char b[EDITOR_READ_MAX];
	ssize_t n;

	(void)l;
	(void)revents;
	n = read(fd, b, sizeof b);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		/* The terminal is gone: nobody can answer a question. */
		ed->quit = true;
		ed->exit_status = 1;
		loop_stop(ed->loop);
		return;
	}
	/* A lone ESC whose wait ran out while we were busy is the Escape
	 * key, though the loop reached these bytes before its timer. */
	if (ed->esc_timer != 0 && loop_now_ms() >= ed->esc_due_ms) {
		loop_cancel_timer(ed->loop, ed->esc_timer);
		ed->esc_timer = 0;
		keys_timeout(ed->keys);
		editor_keys_drain(ed);
	}
	keys_feed(ed->keys, b, (size_t)n);
	editor_keys_drain(ed);
	if (ed->autosave_s > 0) {
		if (ed->autosave_timer != 0)
			loop_cancel_timer(ed->loop, ed->autosave_timer);
		ed->autosave_timer = loop_add_timer(ed->loop,
		    (uint64_t)ed->autosave_s * 1000, editor_on_autosave, ed);
	}
}

static void
editor_on_signal(struct loop *l, int signo, void *arg)
{
	struct editor *ed = arg;

	(void)l;
	switch (signo) {
	case SIGWINCH:
		draw_resize(ed->draw);
		ed->dirty_screen = true;
		break;
	case SIGTERM:
	case SIGHUP:
		ed->quit = true;
		ed->exit_status = 1;
		loop_stop(ed->loop);
		break;
	}
}

static void
editor_before_poll(struct loop *l, void *arg)
{
	struct editor *ed = arg;

	(void)l;
	if (!ed->dirty_screen || ed->quit)
		return;
	editor_draw(ed);
	ed->dirty_screen = false;
	ed->nframes++;
	if (ed->input == EDITOR_INPUT_PROMPT && !ed->prompt_armed) {
		draw_discard_input(ed->draw);
		keys_discard(ed->keys);
		ed->prompt_armed = true;
	}
}

/* Input. */

static void
editor_insert_key(struct editor *ed, int key)
{
	char u[4];
	size_t n;

	if (key < 0x20 || key >= KEYS_SPECIAL || key == 0x7f)
		return;
	n = utf8_encode((uint32_t)key, u);
	if (n > 0)
		celledit_insert(ed->ce, u, n);
}

static void
editor_on_line_done(struct editor *ed)
{
	char *text = xstrdup(keymap_line_text(ed->line));
	size_t n = strlen(text);

	ed->input = EDITOR_INPUT_KEYS;
	keymap_line_remember(ed->line);
	/* Completion leaves a space after a word; names have none. */
	if (ed->line_purpose != EDITOR_LINE_SEARCH)
		while (n > 0 && text[n - 1] == ' ')
			text[--n] = '\0';
	switch (ed->line_purpose) {
	case EDITOR_LINE_COMMAND:
		if (text[0] != '\0')
			(void)editor_cmd_run(ed, text);
		break;
	case EDITOR_LINE_SEARCH:
		if (text[0] != '\0') {
			buf_reset(&ed->search);
			buf_adds(&ed->search, text);
		}
		editor_search_next(ed, false);
		break;
	case EDITOR_LINE_RENAME:
		editor_rename(ed, text);
		break;
	case EDITOR_LINE_GOTO:
		editor_goto(ed, text);
		break;
	case EDITOR_LINE_SAVE_AS:
		if (text[0] != '\0')
			(void)editor_save(ed, text, false);
		break;
	}
	free(text);
}

/* Tab on the bottom line: complete commands, or cell names. */
static void
editor_line_complete(struct editor *ed)
{
	const char **matches = NULL, **cmds = NULL;
	const char *const *words;
	char **names = NULL;
	size_t n = 0, nm, i;
	struct buf list = BUF_INIT;
	const char *text = keymap_line_text(ed->line);

	if (ed->line_purpose == EDITOR_LINE_COMMAND && strchr(text, ' ') ==
	    NULL) {
		cmds = editor_cmd_names(&n);
		words = cmds;
	} else {
		static const char *const styles[] = { "plain", "vi", NULL };

		if (strncmp(text, "keymap ", 7) == 0) {
			words = styles;
			n = 2;
		} else {
			names = xreallocarray(NULL, ed->ncells + 1,
			    sizeof *names);
			for (i = 0; i < ed->ncells; i++) {
				struct nb_cell *c = nb_cell_at(ed->nb, i);

				if (nb_cell_is_named(c))
					names[n++] = (char *)nb_cell_name(c);
			}
			words = (const char *const *)names;
		}
	}
	nm = keymap_line_complete(ed->line, words, n, &matches);
	if (nm > 1) {
		for (i = 0; i < nm && i < 12; i++)
			buf_addf(&list, "%s%s", i ? " " : "", matches[i]);
		if (nm > 12)
			buf_addf(&list, " (+%zu)", nm - 12);
		editor_message(ed, false, "%s", list.ptr);
	} else if (nm == 0)
		editor_message(ed, false, "no completion");
	buf_release(&list);
	free(matches);
	free(names);
	free(cmds);
}

static void
editor_on_line_key(struct editor *ed, const struct keys_event *ev)
{
	if (ev->kind == KEYS_EV_PASTE) {
		keymap_line_paste(ed->line, ev->paste, ev->paste_len);
		return;
	}
	if (ev->kind != KEYS_EV_KEY)
		return;
	switch (keymap_line_key(ed->line, ev->key)) {
	case KEYMAP_LINE_DONE:
		editor_on_line_done(ed);
		break;
	case KEYMAP_LINE_CANCEL:
		ed->input = EDITOR_INPUT_KEYS;
		break;
	case KEYMAP_LINE_COMPLETE:
		editor_line_complete(ed);
		break;
	case KEYMAP_LINE_EDITING:
		if (ed->line_purpose == EDITOR_LINE_SEARCH) {
			/* Search as you type. */
			buf_reset(&ed->search);
			buf_adds(&ed->search, keymap_line_text(ed->line));
		}
		break;
	}
}

/* The byte of line [ls, le) of src under column c of its rendering;
 * past the end of what is drawn there, le. */
static size_t
editor_mouse_byte(const struct render_line *rl, size_t c, size_t le)
{
	size_t off = render_src_at_col(rl, c);

	return off == (size_t)-1 || off > le ? le : off;
}

/*
 * The byte of cell idx's code under screen position (y, x), found the
 * way editor_draw.c lays code out (a row per line scrolled sideways by
 * the editing cell's hscroll, or wrapped lines); (size_t)-1 when (y, x)
 * is not on the cell's code. A click past a line's end gives its end.
 */
static size_t
editor_mouse_code_at(struct editor *ed, size_t idx, int y, int x)
{
	struct nb_cell *c = nb_cell_at(ed->nb, idx);
	struct editor_cell *ec = ed->cells[idx];
	struct layout_pane *panes;
	struct render_line rl;
	const char *src;
	size_t n, i, len, ls, le, nr, r, st, next, skip, col, off = (size_t)-1;
	long row = -1, at = 0;
	int width = ed->lay.text_cols;

	if (ed->lcells[idx].code_rows <= 0 || width <= 0 ||
	    x < ed->lay.box_x || x >= ed->lay.box_x + ed->lay.box_cols)
		return (size_t)-1;
	panes = xreallocarray(NULL, (size_t)ed->lay.column.rows + 2,
	    sizeof *panes);
	n = layout_visible(&ed->lay, ed->lcells, ed->ncells, ed->scroll,
	    panes, (size_t)ed->lay.column.rows + 2);
	for (i = 0; i < n; i++)
		if (panes[i].idx == idx && y >= panes[i].code_y &&
		    y < panes[i].code_y + ed->lcells[idx].code_rows)
			row = y - panes[i].code_y;
	free(panes);
	if (row < 0)
		return (size_t)-1;
	/* Columns of the text area; the borders count as its edges. */
	col = x <= ed->lay.text_x ? 0 : (size_t)(x - ed->lay.text_x);
	if (col >= (size_t)width)
		col = (size_t)width - 1;
	if (ed->ce != NULL && ed->ce_cell == nb_cell_id(c))
		src = celledit_bytes(ed->ce, &len);
	else
		src = nb_cell_source(c, &len);
	skip = ed->ce != NULL && ed->ce_cell == nb_cell_id(c) ?
	    ec->hscroll : 0;
	render_line_init(&rl);
	for (ls = 0; ls <= len && off == (size_t)-1; ls = le + 1) {
		for (le = ls; le < len && src[le] != '\n'; le++)
			continue;
		nr = 1;
		if (ed->wrap || at == row) {
			render_line_reset(&rl);
			render_code(&rl, src + ls, le - ls, ls, NULL,
			    CELLEDIT_TAB_WIDTH, !draw_utf8(ed->draw));
		}
		if (ed->wrap)
			nr = render_wrap_rows(&rl, width,
			    EDITOR_LINE_ROWS_MAX);
		if (row < at + (long)nr) {
			if (!ed->wrap) {
				off = editor_mouse_byte(&rl, skip + col, le);
				break;
			}
			r = (size_t)(row - at);
			st = render_wrap_start(&rl, width, r);
			next = r + 1 < nr ? render_wrap_start(&rl, width,
			    r + 1) : rl.n;
			/* Past a wrapped row's end: its last character. */
			if (next < rl.n && next > st && render_col_of(&rl,
			    st) + col >= render_col_of(&rl, next))
				off = rl.src[next - 1];
			else
				off = editor_mouse_byte(&rl,
				    render_col_of(&rl, st) + col, le);
			break;
		}
		at += (long)nr;
		if (le >= len)
			break;
	}
	render_line_release(&rl);
	return off;
}

/*
 * A click focuses the pane under it; on a cell's code it also edits
 * that cell with the cursor where the click was (not in view mode).
 * The wheel scrolls the column by three rows.
 */
static void
editor_on_mouse(struct editor *ed, const struct keys_event *ev)
{
	size_t idx, off;

	if (ev->mouse == KEYS_MOUSE_WHEEL_UP ||
	    ev->mouse == KEYS_MOUSE_WHEEL_DOWN) {
		long total = layout_offset(ed->lcells, ed->ncells, ed->ncells);

		ed->scroll += ev->mouse == KEYS_MOUSE_WHEEL_UP ? -3 : 3;
		ed->scroll = layout_scroll_to(ed->scroll, ed->scroll,
		    ed->scroll, ed->lay.column.rows, total);
		return;
	}
	if (ev->mouse != KEYS_MOUSE_PRESS || ev->button != 0 ||
	    ed->input != EDITOR_INPUT_KEYS)
		return;
	idx = layout_cell_at(&ed->lay, ed->lcells, ed->ncells, ed->scroll,
	    ev->row);
	if (idx == (size_t)-1 || ev->col >= ed->lay.column.cols)
		return;
	/* Where in the text, before focusing scrolls the column. */
	off = ed->view_only ? (size_t)-1 :
	    editor_mouse_code_at(ed, idx, ev->row, ev->col);
	if (off != (size_t)-1 && ed->ce != NULL &&
	    ed->ce_cell == nb_cell_id(nb_cell_at(ed->nb, idx))) {
		celledit_set_cursor(ed->ce, off, false);
		ed->dirty_screen = true;
		return;
	}
	if (idx != ed->focus)
		editor_focus_set(ed, idx);
	if (off != (size_t)-1)
		editor_edit_begin(ed, off);
}

/* Pasted text: terminals send line breaks as CR; cells keep LF. */
static void
editor_paste(struct editor *ed, const char *p, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\r') {
			buf_addc(&b, '\n');
			if (i + 1 < len && p[i + 1] == '\n')
				i++;
		} else
			buf_addc(&b, p[i]);
	}
	celledit_paste(ed->ce, b.ptr, b.len);
	editor_journal_source(ed, ed->ce_cell);
	buf_release(&b);
}

static void
editor_on_key(struct editor *ed, const struct keys_event *ev)
{
	enum keymap_mode mode;
	enum keymap_result r;
	const char *cmd = NULL;
	char name[32];

	if (view_audit_key(ed, ev))
		return;
	if (vcsbar_key(ed, ev))
		return;
	if (outfocus_key(ed, ev))
		return;
	if (ed->input != EDITOR_INPUT_PROMPT && ev->kind == KEYS_EV_KEY) {
		buf_reset(&ed->msg);
		ed->msg_error = false;
	}
	if (ed->input == EDITOR_INPUT_PROMPT) {
		int key = ev->kind == KEYS_EV_KEY ? ev->key : 0;

		if (!ed->prompt_armed)
			return;	/* typed before the question showed */

		if (key >= 'A' && key <= 'Z')
			key += 'a' - 'A';
		if (key == KEYS_ESC || key == KEYS_CTRL('c') ||
		    key == KEYS_CTRL('g'))
			key = 'c';
		if (key == 0 || strchr(ed->answers, key) == NULL)
			return;
		ed->input = EDITOR_INPUT_KEYS;
		ed->answer(ed, key);
		return;
	}
	if (ed->input == EDITOR_INPUT_LINE) {
		editor_on_line_key(ed, ev);
		return;
	}
	if (ev->kind == KEYS_EV_MOUSE) {
		editor_on_mouse(ed, ev);
		return;
	}
	if (ev->kind == KEYS_EV_PASTE) {
		if (ed->ce != NULL)
			editor_paste(ed, ev->paste, ev->paste_len);
		else if (!ed->view_only)
			editor_message(ed, false, "paste: edit a cell first "
			    "(Enter)");
		return;
	}
	if (ed->side != EDITOR_SIDE_NONE && ed->ce == NULL) {
		r = keymap_feed(ed->km, KEYMAP_SIDE, ev->key, &cmd);
		if (r == KEYMAP_MATCH) {
			buf_reset(&ed->pending);
			(void)editor_cmd_run(ed, cmd);
			return;
		}
		if (r == KEYMAP_PENDING)
			return;
	}
	mode = ed->ce != NULL ? KEYMAP_EDIT : KEYMAP_NAV;
	r = keymap_feed(ed->km, mode, ev->key, &cmd);
	buf_reset(&ed->pending);
	switch (r) {
	case KEYMAP_MATCH:
		(void)editor_cmd_run(ed, cmd);
		break;
	case KEYMAP_PENDING:
		keymap_pending_name(ed->km, &ed->pending);
		break;
	case KEYMAP_NONE:
		if (ed->ce != NULL && ev->key >= 0x20 &&
		    ev->key < KEYS_SPECIAL && ev->key != 0x7f) {
			editor_insert_key(ed, ev->key);
			if (ev->key == '(')
				editor_signature_hint(ed);
		}
		else if (ed->ce != NULL && (ev->key & KEYS_MOD_SHIFT) &&
		    KEYS_BASE(ev->key) >= 0x20 &&
		    KEYS_BASE(ev->key) < KEYS_SPECIAL &&
		    !(ev->key & (KEYS_MOD_ALT | KEYS_MOD_CTRL)))
			editor_insert_key(ed, KEYS_BASE(ev->key));
		else {
			(void)keys_name(ev->key, name, sizeof name);
			editor_message(ed, false, "%s is not bound here%s",
			    name, ed->ce == NULL ? " (F1: keys)" : "");
		}
		break;
	}
	editor_hint_after_key(ed, ev->key);
	if (ed->ce != NULL) {
		if (celledit_text_version(ed->ce) != ed->ce_journaled)
			editor_journal_source(ed, ed->ce_cell);
		editor_scroll_to_focus(ed);
	}
}

/* Set-up and tear-down. */

static void
editor_free(struct editor *ed)
{
	size_t i;

	if (ed == NULL)
		return;
	vcsbar_free(ed);
	view_audit_free(ed);
	outfocus_free(ed);
	run_free(ed->run);
	editor_hint_clear(ed);
	editor_side_vars_free(ed);
	if (ed->journal != NULL && journal_flush(ed->journal) < 0)
		fprintf(stderr, "quire: journal: %s\n", err_last());
	journal_free(ed->journal);
	journal_unlock(ed->lock);
	free(ed->disk);
	celledit_free(ed->ce);
	for (i = 0; i < ed->ncells; i++)
		editor_cell_free(ed->cells[i]);
	free(ed->cells);
	free(ed->lcells);
	editor_history_release(&ed->undo);
	editor_history_release(&ed->redo);
	graph_free(ed->graph);
	nb_free(ed->nb);
	ana_free(ed->ana);
	keys_free(ed->keys);
	keymap_free(ed->km);
	keymap_line_free(ed->line);
	loop_free(ed->loop);
	config_free(ed->cfg);
	buf_release(&ed->msg);
	buf_release(&ed->clip);
	buf_release(&ed->clip_cell);
	buf_release(&ed->pending);
	buf_release(&ed->search);
	editor_complete_free(ed);
	free(ed->clip_cell_name);
	free(ed->question_buf);
	free(ed->path);
	free(ed->user);
	free(ed);
}

/* Read the notebook and settings; nothing touches the terminal yet. */
static int
editor_prepare(struct editor *ed, const char *keymap_opt)
{
	struct buf warn = BUF_INIT;
	const char *v;
	int style;
	struct stat st;

	/* A mistake in the settings must not keep anyone from their
	 * notebook: it is shown, and the defaults stand in. */
	if ((ed->cfg = config_load_lenient(NULL, &warn)) == NULL) {
		buf_addf(&warn, "%s", err_last());
		ed->cfg = config_new();
	}
	buf_rtrim(&warn);
	if (warn.len > 0) {
		struct buf shown = BUF_INIT;

		editor_short_paths(&shown, warn.ptr);
		editor_message(ed, true, "%s", shown.ptr);
		buf_release(&shown);
	}
	buf_release(&warn);
	v = keymap_opt != NULL ? keymap_opt :
	    config_get(ed->cfg, "editor.keymap", "plain");
	if ((style = keymap_style_parse(v)) < 0)
		style = KEYMAP_PLAIN;
	ed->km = keymap_new((enum keymap_style)style);
	ed->wrap = config_get_bool(ed->cfg, "editor.wrap", 0) == 1;
	ed->lazy = strcmp(config_get(ed->cfg, "run.on_change", "autorun"),
	    "lazy") == 0;
	ed->autosave_s = (unsigned)config_get_long(ed->cfg,
	    "editor.autosave_seconds", 0, 86400, 0);
	ed->indent = (unsigned)config_get_long(ed->cfg, "editor.tab_width", 1,
	    16, CELLEDIT_INDENT);
	ed->ana = ana_new_lazy();
	if (stat(ed->path, &st) < 0) {
		if (errno != ENOENT || ed->view_only) {
			err_errno("%s", ed->path);
			return -1;
		}
		/* A new notebook: one empty cell, nothing to save yet. */
		ed->nb = nb_new();
		(void)nb_cell_insert(ed->nb, 0, "", 0);
		nb_set_dirty(ed->nb, false);
		ed->kind = fmt_guess(ed->path, NULL, 0);
		ed->is_new = true;
	} else {
		if (S_ISDIR(st.st_mode)) {
			err_set("%s: is a directory", ed->path);
			return -1;
		}
		if (editor_load(ed, &ed->nb, &ed->kind) < 0)
			return -1;
		editor_disk_note(ed);
	}
	if (ed->kind == FMT_UNKNOWN || ed->kind == FMT_SCRIPT)
		ed->kind = FMT_MARIMO;
	/* The graph is built after the first paint (editor_on_graph). */
	ed->graph = graph_new();
	editor_sync_cells(ed);
	ed->keys = keys_new();
	ed->line = keymap_line_new();
	if ((ed->loop = loop_new()) == NULL)
		return -1;
	return 0;
}

static void
editor_on_recovery_answer(struct editor *ed, int key)
{
	if (key == 'd') {
		if (editor_reload(ed) == 0)
			editor_message(ed, false, "recovered work discarded");
		return;
	}
	editor_message(ed, false, "recovered work kept (%zu changed, %zu "
	    "added, %zu removed): C-s saves it", ed->recovered_changed,
	    ed->recovered_added, ed->recovered_removed);
}

/*
 * Recover what a crashed quire left in the journal, then start the
 * journal of this session. Runs once the screen is up, so the question
 * can be asked.
 */
static void
editor_journal_start(struct editor *ed)
{
	struct journal_recovery *rec = NULL;
	struct buf q = BUF_INIT;
	char when[32];
	struct tm tm;
	time_t t;
	size_t i;

	if (journal_recover(&rec, ed->path, ed->nb) < 0)
		editor_message(ed, true, "recovery: %s", err_last());
	if (rec != NULL) {
		editor_cells_changed(ed);	/* marks it modified too */
		for (i = 0; i < ed->ncells; i++)
			ed->cells[i]->src_seen = NULL;
	}
	if ((ed->journal = journal_open(ed->path, ed->nb)) == NULL)
		editor_message(ed, true, "no recovery journal: %s",
		    err_last());
	if (rec == NULL)
		return;
	t = (time_t)(rec->time_ns / 1000000000);
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof when, "%H:%M:%S", &tm) == 0)
		(void)snprintf(when, sizeof when, "before");
	buf_addf(&q, "recovered unsaved work of %s (%zu cell%s): (k)eep, "
	    "(d)iscard?", when, rec->nchanged + rec->ninserted +
	    rec->ndeleted + rec->nmoved + rec->nrenamed,
	    rec->nchanged + rec->ninserted + rec->ndeleted + rec->nmoved +
	    rec->nrenamed == 1 ? "" : "s");
	ed->recovered_changed = rec->nchanged;
	ed->recovered_added = rec->ninserted;
	ed->recovered_removed = rec->ndeleted;
	free(ed->question_buf);
	ed->question_buf = buf_detach(&q, NULL);
	editor_ask(ed, ed->question_buf, "kd", editor_on_recovery_answer);
	/* The journal restarts from the recovered notebook: record it. */
	if (ed->journal != NULL)
		for (i = 0; i < rec->ncells; i++)
			editor_journal_source(ed, rec->cells[i]);
	journal_recovery_free(rec);
}

static void
editor_on_lock_answer(struct editor *ed, int key)
{
	switch (key) {
	case 'e':
		if (journal_lock(&ed->lock, NULL, ed->path, true) != 0)
			editor_message(ed, true, "lock: %s", err_last());
		editor_journal_start(ed);
		break;
	case 'v':
		ed->view_only = true;
		editor_message(ed, false, "read-only: another quire edits "
		    "this notebook");
		break;
	default:
		ed->quit = true;
		loop_stop(ed->loop);
		break;
	}
}

/* Take the lock, or ask what to do when another quire holds it. */
static void
editor_lock(struct editor *ed)
{
	struct journal_lock_holder h;
	struct buf q = BUF_INIT;
	int r;

	memset(&h, 0, sizeof h);
	r = journal_lock(&ed->lock, &h, ed->path, false);
	if (r < 0) {
		editor_message(ed, true, "lock: %s", err_last());
		journal_lock_holder_release(&h);
		editor_journal_start(ed);
		return;
	}
	if (r != JOURNAL_LOCKED) {
		journal_lock_holder_release(&h);
		editor_journal_start(ed);
		return;
	}
	buf_addf(&q, "in use by %s@%s pid %ld: (e)dit anyway, (v)iew only, "
	    "(q)uit?", h.user != NULL && h.user[0] ? h.user : "?",
	    h.host != NULL && h.host[0] ? h.host : "?", h.pid);
	journal_lock_holder_release(&h);
	free(ed->question_buf);
	ed->question_buf = buf_detach(&q, NULL);
	editor_ask(ed, ed->question_buf, "evq", editor_on_lock_answer);
}

/* Build the graph once the screen is up: opening shows sooner. */
static void
editor_on_graph(struct loop *l, uint64_t id, void *arg)
{
	struct editor *ed = arg;

	(void)l;
	(void)id;
	(void)editor_graph(ed);
}

static void
editor_on_view_run_answer(struct editor *ed, int key)
{
	if (key == 'y' && run_all(ed->run) < 0)
		editor_message(ed, true, "run: %s", err_last());
	else if (key != 'y')
		editor_message(ed, false, "not run: C-r runs the notebook");
}

static int
editor_main(int argc, char **argv, bool view)
{
	const char *cmd = view ? "view" : "edit";
	const char *keymap_opt = NULL, *path = NULL, *notice = NULL, *v;
	struct editor *ed;
	struct passwd *pw;
	struct run_opts ro;
	struct draw_opts dopts;
	enum widthprobe_graphics gfx = WIDTHPROBE_SYMBOLS;
	bool no_probe = false;
	int i, status;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-k") == 0 ||
		    strcmp(argv[i], "--keymap") == 0) {
			if (++i == argc)
				return cli_usage_error(cmd, "%s needs plain or "
				    "vi", argv[i - 1]);
			if (keymap_style_parse(argv[i]) < 0)
				return cli_usage_error(cmd, "unknown keymap "
				    "%s", argv[i]);
			keymap_opt = argv[i];
		} else if (strcmp(argv[i], "--no-probe") == 0)
			no_probe = true;
		else if (strcmp(argv[i], "--") == 0) {
			if (i + 1 < argc && path == NULL)
				path = argv[++i];
			if (i + 1 < argc)
				return cli_usage_error(cmd, "one notebook at "
				    "a time");
			break;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error(cmd, "unknown option %s",
			    argv[i]);
		else if (path != NULL)
			return cli_usage_error(cmd, "one notebook at a time");
		else
			path = argv[i];
	}
	if (path == NULL)
		return cli_usage_error(cmd, "no notebook named");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "quire %s: standard input and output must be "
		    "a terminal\n", cmd);
		return 2;
	}
	ed = xcalloc(1, sizeof *ed);
	ed->path = xstrdup(path);
	/* Once: getpwuid may read /etc/passwd, and the bar is drawn on
	 * every key. */
	pw = getpwuid(geteuid());
	ed->user = xstrdup(pw != NULL ? pw->pw_name : "?");
	ed->disk = xcalloc(1, sizeof *ed->disk);
	ed->view_only = view;
	buf_init(&ed->msg);
	buf_init(&ed->clip);
	buf_init(&ed->clip_cell);
	buf_init(&ed->pending);
	buf_init(&ed->search);
	if (editor_prepare(ed, keymap_opt) < 0) {
		fprintf(stderr, "quire %s: %s\n", cmd, err_last());
		editor_free(ed);
		return 2;
	}
	memset(&ro, 0, sizeof ro);
	ro.notebook_path = ed->path;
	ro.lazy = ed->lazy;
	ro.memory_mb = (uint64_t)config_get_long(ed->cfg, "kernel.memory_mb",
	    0, 16777216, 0);
	ro.cpu_seconds = (uint32_t)config_get_long(ed->cfg,
	    "kernel.cpu_seconds", 0, 604800, 0);
	ro.output_bytes = (uint64_t)config_get_long(ed->cfg,
	    "kernel.output_bytes", 0, 1099511627776L, 0);
	ed->run = run_new(ed->nb, ed->ana, ed->loop, &ro, editor_on_run, ed);
	memset(&dopts, 0, sizeof dopts);
	dopts.mouse = config_get_bool(ed->cfg, "editor.mouse", 1) == 1;
	dopts.theme = config_get(ed->cfg, "theme", NULL);
	dopts.ascii = strcmp(config_get(ed->cfg, "display.unicode", "auto"),
	    "ascii") == 0;
	/* The width probe, before curses takes the terminal (7.2.4), and
	 * how pictures are drawn (7.4: never sixel or kitty in tmux). */
	if (widthprobe_session_graphics(no_probe, config_get(ed->cfg,
	    "display.unicode", "auto"), config_get(ed->cfg,
	    "display.graphics", "auto"), &gfx))
		dopts.ascii = true;
	ed->graphics = gfx == WIDTHPROBE_SIXEL ? IMGRENDER_SIXEL :
	    gfx == WIDTHPROBE_KITTY ? IMGRENDER_KITTY : 0;
	if ((ed->draw = draw_open(&dopts)) == NULL) {
		fprintf(stderr, "quire %s: %s\n", cmd, err_last());
		editor_free(ed);
		return 2;
	}
	if (draw_theme_error(ed->draw) != NULL)
		editor_message(ed, true, "%s", draw_theme_error(ed->draw));
	loop_add_fd(ed->loop, STDIN_FILENO, POLLIN, editor_on_tty, ed);
	(void)loop_add_signal(ed->loop, SIGWINCH, editor_on_signal, ed);
	(void)loop_add_signal(ed->loop, SIGTERM, editor_on_signal, ed);
	(void)loop_add_signal(ed->loop, SIGHUP, editor_on_signal, ed);
	loop_set_before_poll(ed->loop, editor_before_poll, ed);
	(void)loop_add_timer(ed->loop, 0, editor_on_graph, ed);
	view_audit_session_start(ed);
	if (nb_load_status(ed->nb) == NB_LOAD_HAS_ERRORS)
		notice = "the file has statements quire could not place in "
		    "cells; saving may drop them (quire check)";
	else if (ed->is_new)
		notice = "new notebook";
	if (notice != NULL && ed->msg.len == 0)
		editor_message(ed, nb_load_status(ed->nb) ==
		    NB_LOAD_HAS_ERRORS, "%s", notice);
	if (!view)
		editor_lock(ed);
	/* Running on open: view mode asks unless told; editing runs only
	 * when the settings say yes (notebook trust will decide later). */
	v = config_get(ed->cfg, "run.on_open", "ask");
	if (strcmp(v, "yes") == 0) {
		if (run_all(ed->run) < 0)
			editor_message(ed, true, "run: %s", err_last());
	} else if (view && strcmp(v, "ask") == 0)
		editor_ask(ed, "run this notebook now? (y)es, (n)o", "yn",
		    editor_on_view_run_answer);
	ed->dirty_screen = true;
	if (loop_run(ed->loop) < 0)
		ed->exit_status = 1;
	draw_close(ed->draw);
	ed->draw = NULL;
	run_shutdown(ed->run, 500);
	vcsbar_free(ed);	/* a save waiting for its commit is recorded */
	view_audit_session_end(ed);
	status = ed->exit_status;
	editor_free(ed);
	return status;
}

int
cli_edit(int argc, char **argv)
{
	return editor_main(argc, argv, false);
}

int
cli_view(int argc, char **argv)
{
	return editor_main(argc, argv, true);
}
