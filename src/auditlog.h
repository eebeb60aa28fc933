/*
 * auditlog.h: what quire does, recorded in the audit trail. This module
 * owns the process's one handle on the audit store (src/audit.h), opens
 * it at the first event from the same place `quire audit` looks
 * ($QUIRE_AUDIT_STORE, else audit.store in the config file, else the
 * default location), and gives every part of quire a typed call per
 * kind of event, so a call site is one line:
 *
 *	auditlog_session_start("run");
 *	auditlog_notebook_open(path, NULL);
 *	...
 *	if (auditlog_export(nb, "ipynb", out, text.len, NULL) < 0)
 *		... do not write: err_last() says why ...
 *	auditlog_session_end();
 *
 * Two rules from security.md 2 decide what a failure means:
 *
 * - An action that leaves quire (an export, a copy) is recorded before
 *   it happens and happens only when that worked: auditlog_export()
 *   returns -1 and the caller stops (fail closed).
 * - Anything else is recorded right after it happened; a failure is
 *   told through the report callback, once until recording works
 *   again, and never stops the user.
 *
 * Without a store (`quire audit init` never run) nothing is recorded,
 * no call fails, and a line in the debug log ($QUIRE_DEBUG_LOG) says
 * so once. Identity, clocks and integrity are the store's, not ours.
 *
 * Local events are queued and written together at most
 * AUDITLOG_FLUSH_MS later (on the editor's loop, or when auditlog_tick()
 * is called), so a thousand cells do not cost a thousand fsyncs; an
 * export never waits in the queue.
 *
 * Every recording function returns 0 when the event was recorded (or
 * queued) or there is no store, and -1 with err_last() when the store
 * cannot be opened; a queued event that cannot be written is told
 * through the report callback.
 */
#ifndef QUIRE_AUDITLOG_H
#define QUIRE_AUDITLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"	/* enum audit_outcome, by value below */

struct buf;
struct config;
struct loop;
struct nb;
struct sched_cell_info;

/* Hex digits of a content or code hash (BLAKE2b-256). */
#define AUDITLOG_HASH_HEX_LEN 64

/* How often the editor's loop lets the store seal an idle epoch. */
#define AUDITLOG_TICK_MS 10000

/*
 * Where failures to record a local action are told (the editor's bottom
 * line, a command's stderr): msg is one line, borrowed for the call.
 * Called once per run of failures. NULL fn: failures are only returned.
 */
typedef void (*auditlog_report_fn)(const char *msg, void *arg);
void auditlog_set_report(auditlog_report_fn, void *arg);

/*
 * The store's path as every part of quire finds it: $QUIRE_AUDIT_STORE,
 * else audit.store from cfg (NULL: the user's config file, read now),
 * else the default. 0, or -1 when there is no location at all.
 */
int auditlog_store_path(struct buf *out, const struct config *cfg);
/* Should appends copy digests to syslog: $QUIRE_AUDIT_SYSLOG when set,
 * else audit.syslog from cfg (NULL: no config, off). */
bool auditlog_syslog_wanted(const struct config *cfg);

/* Is an audit store there to record to (it is opened if need be)? */
bool auditlog_is_active(void);
/*
 * Close the handle (a final checkpoint when it appended). The next event
 * opens it again. Also done at exit, by the process that opened it.
 */
void auditlog_close(void);

/* Hex BLAKE2b-256 of len bytes at p, into out. */
void auditlog_hash(char out[AUDITLOG_HASH_HEX_LEN + 1], const void *p,
    size_t len);
/* The same of a file's bytes. 0, or -1 with err_last(). */
int auditlog_hash_file(char out[AUDITLOG_HASH_HEX_LEN + 1],
    const char *path);

/*
 * A session is one quire command: what ("edit", "view", "run") is kept
 * with it. Session end closes the handle (a signed checkpoint).
 */
int auditlog_session_start(const char *command);
int auditlog_session_end(void);

/*
 * A notebook was read or written. The path is recorded absolute;
 * content_hash NULL hashes the file as it is now. It becomes the
 * notebook later calls mean when they pass NULL. commit: the git commit
 * the save made, or NULL.
 */
int auditlog_notebook_open(const char *path, const char *content_hash);
int auditlog_notebook_save(const char *path, const char *content_hash,
    const char *commit);

/*
 * A cell ran (notebook NULL: the one opened last). cell_id is quire's id
 * of the cell in this session; name NULL or "_" for an anonymous cell;
 * code_hash of the code that ran (auditlog_hash). reason: why it failed,
 * never the text of an exception, which may hold data (say its type).
 */
int auditlog_cell_run(const char *notebook, uint32_t cell_id,
    const char *name, const char *code_hash, uint64_t duration_us,
    enum audit_outcome, const char *reason);
/* The same, with name, position and code hash taken from the cell of nb
 * (its source now). -1 also when nb has no such cell. */
int auditlog_cell_run_nb(const char *notebook, const struct nb *,
    uint32_t cell_id, uint64_t duration_us, enum audit_outcome,
    const char *reason);
/*
 * A cell's turn as the scheduler reports it (quire run): recorded when it
 * ran (success, exception, mo.stop, interrupt, killed), with the outcome
 * and reason from its result. A cell that killed the kernel also records
 * KERNEL_CRASH. Cells that never started record nothing.
 */
int auditlog_cell_sched(const char *notebook, const struct nb *,
    const struct sched_cell_info *);
/* "ValueError" from "ValueError: ...", for reason; NULL when the
 * message does not start with an exception's name. Copied into out. */
const char *auditlog_exc_name(struct buf *out, const char *message);

/* The kernel died (reason: how), or was started again. */
int auditlog_kernel_crash(const char *notebook, const char *reason);
int auditlog_kernel_restart(const char *notebook, const char *reason);

/*
 * Something is about to leave quire: the notebook (NULL: the one opened
 * last) as format to target ("-" standard output), size bytes, dlp the
 * scanner's outcome (NULL: "none", there is no scanner yet). Call before
 * writing; on -1 do not write: err_last() is a message for the user.
 * Without a store it is 0: nothing is audited, nothing is blocked.
 */
int auditlog_export(const char *notebook, const char *format,
    const char *target, uint64_t size, const char *dlp);

/* The policy said no: permission asked for, on object, and why. */
int auditlog_denial(const char *permission, const char *object,
    const char *reason);
/*
 * A policy file was loaded (outcome AUDIT_OK: its hex hash is stamped on
 * every later entry) or refused (AUDIT_FAILED, with reason).
 */
int auditlog_policy_load(const char *path, const char *policy_hash,
    enum audit_outcome, const char *reason);

/* Write the queued events now. 0, or -1 (reported) when they could not
 * be. */
int auditlog_flush(void);
/*
 * Write queued events that have waited AUDITLOG_FLUSH_MS, and let the
 * store seal an epoch or checkpoint that is due by time (every
 * AUDITLOG_TICK_MS at most). Cheap: a command without a loop calls it
 * as often as it likes.
 */
void auditlog_tick(void);
/* On this loop from now on: flush queued events on time, and tick every
 * ms milliseconds. */
void auditlog_tick_every(struct loop *, uint64_t ms);
/* Forget the loop (its timers are cancelled); session end does it. */
void auditlog_loop_detach(void);

#endif
