/*
 * view_audit.h: the audit trail in the editor. Two halves: what the
 * editor records (its session, the notebook opened and saved, each cell
 * run as its result arrives, kernel crashes and restarts; src/auditlog.c
 * does the recording), and the :audit view, where whoever holds the
 * auditor's passphrase reads the entries and sees whether the store
 * verifies. The editor calls in at a handful of places; all the rest is
 * here.
 */
#ifndef QUIRE_TUI_VIEW_AUDIT_H
#define QUIRE_TUI_VIEW_AUDIT_H

#include <stdbool.h>

struct editor;
struct keys_event;
struct run_event;

/*
 * An auditlog report callback for commands without a screen: writes
 * "ARG: MSG" to stderr, where arg is the command ("quire run").
 */
void view_audit_report_cli(const char *msg, void *arg);

/*
 * The editor's session: from here on failures to record show on the
 * bottom line; SESSION_START ("edit" or "view"), NOTEBOOK_OPEN of the
 * file as read, and audit_tick() every AUDITLOG_TICK_MS on the loop.
 * session_end records SESSION_END and closes the store.
 */
void view_audit_session_start(struct editor *);
void view_audit_session_end(struct editor *);
/* Every runner event: cell runs when their result arrives, kernel
 * crashes and restarts. */
void view_audit_on_run(struct editor *, const struct run_event *);
/* The notebook was just saved to ed->path; commit: the id of the commit
 * the save made, or NULL. */
void view_audit_on_save(struct editor *, const char *commit);

/* The :audit command: ask the auditor's passphrase, then show. */
void view_audit_cmd(struct editor *, const char *arg);
/* Is the view open (it takes every key and draws over the editor)? */
bool view_audit_is_open(const struct editor *);
/* A key while the view is open; false when it is not open. */
bool view_audit_key(struct editor *, const struct keys_event *);
/* Draw the view over the frame when it is open (before the flush). */
void view_audit_draw(struct editor *);
/* Wipe and free all of it; ed->audit becomes NULL. */
void view_audit_free(struct editor *);

#endif
