/*
 * vcsbar.h: the editor's side of versioning (issue 7; src/vcs.h does the
 * git work). The top bar's branch and count of cells that differ from
 * HEAD, the gutter's + ~ - marks against HEAD, a commit after every
 * save (asking first where the settings say so), and the git commands
 * of the `:` line: log, diff, restore, restore-all and blame. The log
 * and diff views are tui/view_log.c's and tui/view_diff.c's; this module
 * gives them the repository and routes keys and drawing to them.
 *
 * The editor calls in at a handful of places (save, a key, the top bar,
 * a gutter row, the end of a frame, the end of the session); everything
 * else is here.
 */
#ifndef QUIRE_TUI_VCSBAR_H
#define QUIRE_TUI_VCSBAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct editor;
struct keys_event;
struct vcs;
struct vcs_restore;

/*
 * The notebook was just written to ed->path: commit it, then record the
 * save in the audit trail with the commit's id. Outside any repository
 * git.auto_init decides (ask: a question on the bottom line, once per
 * session); with git.commit_message = prompt the message is asked
 * first. The save stands whatever happens here: a failed commit is said
 * on the bottom line and tried again at the next save.
 */
void vcsbar_saved(struct editor *);

/*
 * The repository of ed->path, opened on first use and again after a
 * save elsewhere (never created here). NULL when there is none or it
 * cannot be used, err_last() saying why. Borrowed.
 */
struct vcs *vcsbar_vcs(struct editor *);

/*
 * For the top bar: sep (" · ") and "git main +2" appended to out, where
 * +2 counts the cells (and the file header) that differ from HEAD.
 * Nothing outside a repository. Recounted shortly after the notebook
 * changes, never on a keystroke inside a cell.
 */
void vcsbar_top(struct editor *, struct buf *out, const char *sep);

/* Draw the gutter mark of line (0-based) of cell idx at screen row y:
 * + added, ~ changed, - lines removed there. */
void vcsbar_gutter(struct editor *, size_t idx, size_t line, int y);

/* The notebook changed in a way the marks and the count must see now. */
void vcsbar_changed(struct editor *);

/*
 * A key: the bottom line's git questions and the log and diff views take
 * keys before the editor. False when the key is the editor's.
 */
bool vcsbar_key(struct editor *, const struct keys_event *);
/* Draw the open view and the commit-message line over the frame. */
void vcsbar_draw(struct editor *);
/* Record a save still waiting for its commit, close the repository and
 * the views. ed->vcs becomes NULL; NULL-safe. */
void vcsbar_free(struct editor *);

/*
 * Apply a restore plan to the notebook as one undoable edit (C-z takes
 * all of it back), running the cells it changed unless in lazy mode.
 * what names the source in the message ("cell 3 from a1b2c3d").
 * 0, or -1 when the plan names a cell that is gone.
 */
int vcsbar_restore_apply(struct editor *, const struct vcs_restore *,
    const char *what);

/* The `:` commands (vcsbar_cmd.c). */
void vcsbar_cmd_log(struct editor *, const char *arg);
void vcsbar_cmd_diff(struct editor *, const char *arg);
void vcsbar_cmd_restore(struct editor *, const char *arg);
void vcsbar_cmd_restore_all(struct editor *, const char *arg);
void vcsbar_cmd_blame(struct editor *, const char *arg);

/* Append "HEAD~1 (a1b2c3d)": rev as typed, sanitised, and the commit it
 * names when that is not what was typed. */
void vcsbar_rev_label(struct vcs *, const char *rev, struct buf *out);
/* Append a short form of a 40-digit id ("a1b2c3d"). */
void vcsbar_short_id(struct buf *out, const char *id);
/* Append "2026-11-23 13:43": time (seconds since the epoch) in the zone
 * offset minutes east of UTC, as git shows an author's date. */
void vcsbar_date(struct buf *out, int64_t time, int offset);

#endif
