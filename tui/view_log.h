/*
 * view_log.h: the log view (`:log`, C-l): the notebook's commits, newest
 * first, with hash, date, author and message, and for the selected one
 * its author's address and the cells it changed. Enter shows the diff of
 * a commit against the working copy; marking two (Space) and Enter
 * diffs them against each other (tui/view_diff.c).
 */
#ifndef QUIRE_TUI_VIEW_LOG_H
#define QUIRE_TUI_VIEW_LOG_H

#include <stdbool.h>

struct editor;
struct keys_event;

/* Read the history and open the view; a message says why not. */
void view_log_open(struct editor *);
bool view_log_is_open(const struct editor *);
/* A key while the view is open; false when it is not open. */
bool view_log_key(struct editor *, const struct keys_event *);
/* Draw over the notebook column and the bottom bar. */
void view_log_draw(struct editor *);
void view_log_free(struct editor *);

#endif
