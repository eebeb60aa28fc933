/*
 * view_diff.h: the cell-aware diff in the editor (`:diff [REV [REV]]`,
 * C-d): the notebook's cells as panes, each marked added, removed,
 * moved, changed or unchanged, changed ones with their line hunks and
 * the words that changed in reverse video. n and p go from change to
 * change, r restores the selected cell from the older side (undoable),
 * Enter goes to the cell in the notebook.
 */
#ifndef QUIRE_TUI_VIEW_DIFF_H
#define QUIRE_TUI_VIEW_DIFF_H

#include <stdbool.h>

struct editor;
struct keys_event;

/*
 * Open the diff of old_rev (NULL: HEAD) against new_rev (NULL: the
 * notebook as it is in the editor, unsaved edits included). 0, or -1
 * with a message on the bottom line.
 */
int view_diff_open(struct editor *, const char *old_rev,
    const char *new_rev);
bool view_diff_is_open(const struct editor *);
bool view_diff_key(struct editor *, const struct keys_event *);
void view_diff_draw(struct editor *);
void view_diff_free(struct editor *);

#endif
