/*
 * audit.h: the audit trail. An append-only SQLite store whose rows are
 * encrypted to the auditor (libsodium), hash-chained, and MACed with a
 * key that evolves forward every epoch, so that a user who can write the
 * database file can neither read earlier entries nor change, remove,
 * insert or reorder them without `quire audit verify` naming the first
 * bad sequence number. The construction is the one in the security
 * specification, section 2; doc/quire-audit.md describes the files.
 *
 * Recording an event (editor, kernel, export, policy modules):
 *
 *	struct audit *a;
 *
 *	if (audit_log_open(&a, NULL, AUDIT_OPEN_WRITE) < 0)
 *		... fail closed for actions that leave quire ...
 *	audit_record(a, &(struct audit_event){ .type = AUDIT_SESSION_START });
 *	audit_record(a, &(struct audit_event){ .type = AUDIT_CELL_RUN,
 *	    .notebook = path, .cell_id = id, .cell_name = name,
 *	    .code_hash = hex, .duration_us = us,
 *	    .outcome = failed ? AUDIT_FAILED : AUDIT_OK });
 *	...
 *	audit_record(a, &(struct audit_event){ .type = AUDIT_SESSION_END });
 *	audit_log_close(a);
 *
 * audit_record() returns only once the entry is durable (WAL with
 * synchronous=FULL), so an action that leaves quire (export, copy, SQL to
 * an outside database) records first and proceeds only on 0; other
 * actions record right after they happen. The user's identity (uid,
 * name, host, tty, pid, SSH origin, boot id) and the clocks are stamped
 * by the store, never taken from the caller. Call audit_tick() from the
 * event loop now and then (a minute is plenty) so an idle session still
 * seals its epoch on time.
 *
 * Every function returns 0 on success and -1 on failure with err_last()
 * saying why, unless its comment says otherwise.
 */
#ifndef QUIRE_AUDIT_H
#define QUIRE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct audit;
struct buf;

/* Retention can never be set below this (the seed asks 180 days). */
#define AUDIT_RETENTION_MIN_DAYS 180
#define AUDIT_RETENTION_DEFAULT_DAYS 180
/* Length of a chain hash and of a MAC, in bytes. */
#define AUDIT_HASH_LEN 32

/* The closed list of event types (security spec 2.1). */
enum audit_type {
	AUDIT_SESSION_START,
	AUDIT_SESSION_END,
	AUDIT_NOTEBOOK_OPEN,
	AUDIT_NOTEBOOK_SAVE,
	AUDIT_NOTEBOOK_COMMIT,
	AUDIT_CELL_RUN,
	AUDIT_SQL_EXEC,
	AUDIT_EXPORT_REQUEST,
	AUDIT_EXPORT_ALLOWED,
	AUDIT_EXPORT_BLOCKED,
	AUDIT_DLP_OVERRIDE,
	AUDIT_SECRET_READ,
	AUDIT_AUTHZ_DENY,
	AUDIT_TRUST_CHANGE,
	AUDIT_POLICY_LOAD,
	AUDIT_KERNEL_CRASH,
	AUDIT_KERNEL_RESTART,
	AUDIT_AUDIT_INIT,
	AUDIT_AUDIT_READ,
	AUDIT_AUDIT_VERIFY,
	AUDIT_AUDIT_EXPORT,
	AUDIT_AUDIT_PRUNE,
	AUDIT_AUDIT_FAIL,
	AUDIT_EPOCH_SEAL,	/* written by the store itself only */
	AUDIT_NTYPES
};

/* Success or failure of the recorded action; kept in clear. */
enum audit_outcome {
	AUDIT_OK,
	AUDIT_FAILED,
	AUDIT_DENIED
};

/* "CELL_RUN"; NULL for a value out of range. */
const char *audit_type_name(enum audit_type);
/* Parse a type name, case-insensitive; -1 when unknown. */
int audit_type_parse(const char *name, enum audit_type *out);
/* "ok", "failed", "denied". */
const char *audit_outcome_name(enum audit_outcome);

/* One extra name=value pair for fields the struct below lacks. */
struct audit_kv {
	const char *key;
	const char *value;
};

/*
 * What happened. Every pointer is borrowed for the call and may be NULL
 * (absent); text is UTF-8 (other bytes are kept as hex). Integer fields
 * are recorded when nonzero, and always for the types that call for them
 * (duration_us for CELL_RUN, size for EXPORT_* and copies). Designated
 * initialisers keep calls readable and everything else zero.
 */
struct audit_event {
	enum audit_type type;
	enum audit_outcome outcome;	/* AUDIT_OK unless set */
	const char *reason;		/* why it failed or was denied */
	const char *notebook;		/* path of the notebook */
	const char *content_hash;	/* hex BLAKE2b-256 of its bytes */
	const char *commit;		/* git commit id */
	const char *cell_id;
	const char *cell_name;
	const char *code_hash;		/* hex hash of the cell's code */
	int64_t duration_us;		/* how long the action took */
	const char *sql;		/* SQL text with its placeholders */
	const char *const *sql_params;	/* the bound values, as text */
	size_t nsql_params;
	const char *format;		/* export or copy format */
	const char *target;		/* destination of an export or copy */
	uint64_t size;			/* bytes exported or copied */
	const char *dlp;		/* DLP outcome: counts, masked ones */
	const char *permission;		/* permission asked for */
	const char *object;		/* what the action was on */
	const char *decision;		/* policy decision: allow, deny, ... */
	const char *secret;		/* secret name, never its value */
	const char *fingerprint;	/* secret fingerprint */
	const char *trust;		/* trust state and its reason */
	const struct audit_kv *extra;	/* more pairs, e.g. { "via", "move" } */
	size_t nextra;
};

/*
 * The store's path: override when not NULL, else $QUIRE_AUDIT_STORE, else
 * $XDG_STATE_HOME/quire/audit.db (~/.local/state/quire/audit.db). The
 * key files sit beside it: PATH.pub, PATH.key, PATH.writer, PATH.head.
 */
int audit_store_path(struct buf *out, const char *override);

/* Settings fixed when the store is created; zero means the default. */
struct audit_init_opts {
	const char *passphrase;		/* the auditor's; required */
	size_t passphrase_len;
	unsigned long long kdf_ops;	/* Argon2id; default MODERATE */
	size_t kdf_mem;			/* bytes; default MODERATE */
	int64_t epoch_seconds;		/* default 900 */
	uint64_t epoch_entries;		/* default 10,000 */
	uint64_t checkpoint_entries;	/* default 1,000 */
	int64_t checkpoint_seconds;	/* default 900 */
};

/*
 * Create the store at path (its directory too, mode 0700) with a new
 * auditor key pair, writer key and AUDIT_INIT entry. Fails if a store or
 * key file is already there.
 */
int audit_store_init(const char *path, const struct audit_init_opts *);

#define AUDIT_OPEN_WRITE	0x1	/* load the writer key: may append */
#define AUDIT_OPEN_SYSLOG	0x2	/* digests, checkpoints to syslog */

/*
 * Open the store at path (NULL: audit_store_path(NULL)). A caller holding
 * the user's config passes its audit.store when $QUIRE_AUDIT_STORE is
 * unset, as `quire audit` does, so every part agrees on the store. With
 * AUDIT_OPEN_WRITE the writer key must be readable; without it the store
 * is only read (verify, status, and with audit_log_unlock() show and
 * export). Caller closes with audit_log_close().
 */
int audit_log_open(struct audit **out, const char *path, unsigned flags);
/*
 * Write a final checkpoint if this handle appended since the last one,
 * wipe the keys and close. NULL is a no-op. Never fails: a checkpoint that
 * cannot be written leaves the chain as it was.
 */
void audit_log_close(struct audit *);
/* The path the handle was opened on; borrowed. */
const char *audit_log_path(const struct audit *);
/* May this handle append (opened with the writer key)? */
bool audit_log_is_writable(const struct audit *);
/*
 * Unlock the auditor's private key with the passphrase (from PATH.key,
 * or key_path when not NULL), which lets the handle decrypt entries and
 * check their MACs. -1 with "wrong passphrase" or a message naming the
 * key file and what is wrong with it.
 */
int audit_log_unlock(struct audit *, const char *key_path,
    const char *passphrase, size_t len);
bool audit_log_is_unlocked(const struct audit *);
/* Hex hash of the policy in force, stamped on later entries; copied. */
void audit_log_set_policy_hash(struct audit *, const char *hex);
/* How long an append waits for another writer's lock (default 5000). */
void audit_log_set_busy_timeout(struct audit *, int ms);

/*
 * Append one event, durable when this returns 0. -1 when the store cannot
 * be written (locked past the busy timeout, disk full, damaged, writer key
 * missing or ahead of the store); the caller must then fail closed for
 * actions that leave quire. The next append on this handle that works
 * records the failure first, as AUDIT_FAIL with its reason.
 */
int audit_record(struct audit *, const struct audit_event *);
/* Append n events in one transaction: all of them or none. */
int audit_record_batch(struct audit *, const struct audit_event *, size_t n);
/* Seal the epoch or write a checkpoint if one is due by time. */
int audit_tick(struct audit *);
/* Write a signed checkpoint of the current head now. */
int audit_checkpoint(struct audit *);

struct audit_verify_opts {
	/* Syslog lines or checkpoint lines gathered off this host. */
	const char *anchor_path;
	/* Append an AUDIT_VERIFY entry (when the handle is writable). */
	bool record;
};

struct audit_verify_report {
	bool ok;
	bool macs_checked;	/* unlocked: MACs and payloads were checked */
	uint64_t bad_seq;	/* first bad sequence number; 0 if none named */
	char *problem;		/* what is wrong, or NULL; owned */
	uint64_t nentries;
	uint64_t first_seq, last_seq;
	uint64_t nepochs;	/* epochs seen, sealed or open */
	uint64_t ncheckpoints;	/* checkpoints compared */
	uint64_t nanchors;	/* anchor lines compared */
};

/*
 * Walk the whole store: sequence gaps, the hash chain, MACs and payloads
 * (when unlocked), epoch continuity and seals, the time of each entry
 * against its epoch, checkpoints and their signatures, prune records,
 * the writer's head mark and key epoch, anchors, and SQLite's integrity
 * check. Returns 0 when the walk was done (the report says whether the
 * store is sound) and -1 only when it could not start (anchor file
 * unreadable). Release the report with audit_verify_report_release().
 */
int audit_verify(struct audit *, const struct audit_verify_opts *,
    struct audit_verify_report *out);
void audit_verify_report_release(struct audit_verify_report *);

/* Which entries to read; zero or NULL members do not filter. */
struct audit_filter {
	int64_t since_us, until_us;	/* UTC microseconds, inclusive */
	const char *user;		/* name or numeric uid */
	bool by_type;
	enum audit_type type;
	const char *notebook;		/* path, or its last components */
};

/* One decrypted entry, borrowed for the callback only. */
struct audit_row {
	uint64_t seq;
	int64_t ts_us;
	uint64_t epoch;
	const char *type;
	const char *outcome;
	const char *fields;	/* JSON object of the decrypted fields */
	size_t fields_len;
	const unsigned char *hash;	/* AUDIT_HASH_LEN bytes */
};

/* Return nonzero to stop the walk (audit_query then returns 0). */
typedef int (*audit_row_cb)(const struct audit_row *, void *arg);

/*
 * Decrypt the entries the filter selects, oldest first, and hand each to
 * cb. Needs audit_log_unlock(). Records AUDIT_READ first, or AUDIT_EXPORT
 * when export_format is not NULL (on a writable handle; a read-only copy
 * is read without a record). -1 when an entry does not decrypt.
 */
int audit_query(struct audit *, const struct audit_filter *,
    const char *export_format, audit_row_cb cb, void *arg);

enum audit_format {
	AUDIT_FORMAT_TEXT,	/* one line for people, controls escaped */
	AUDIT_FORMAT_JSONL,	/* one JSON object per line */
	AUDIT_FORMAT_CSV	/* RFC 4180, with a header line */
};

int audit_format_parse(const char *name, enum audit_format *out);
/* Append the header line of a format (empty for all but CSV). */
void audit_format_header(struct buf *out, enum audit_format);
/* Append one row, newline included. */
void audit_row_format(struct buf *out, const struct audit_row *,
    enum audit_format);

/* What `quire audit status` shows; no passphrase needed. */
struct audit_status {
	char log_id[33];		/* hex */
	int64_t created_us;
	uint64_t nentries;
	uint64_t first_seq, last_seq;
	int64_t last_ts_us;
	uint64_t epoch;			/* epoch of the head entry */
	unsigned char head[AUDIT_HASH_LEN];
	uint64_t ncheckpoints;
	uint64_t nprunes;
	bool has_verify;		/* an AUDIT_VERIFY entry exists */
	int64_t verify_ts_us;		/* the last one's time ... */
	bool verify_ok;			/* ... and outcome */
	int64_t db_bytes;		/* database and WAL on disk */
	bool has_writer_key, has_auditor_key, has_pub;
};

int audit_log_status(struct audit *, struct audit_status *out);

/*
 * Remove whole epochs sealed more than retention_days ago (never below
 * AUDIT_RETENTION_MIN_DAYS), keeping a signed prune record with the chain
 * head at the cut so the rest still verifies, and record AUDIT_PRUNE.
 * *nremoved (may be NULL) gets the number of entries removed.
 */
int audit_prune(struct audit *, unsigned retention_days, uint64_t *nremoved);

/* "2026-11-23T13:43:35.123456Z" for UTC microseconds. */
void audit_time_format(struct buf *out, int64_t us);
/*
 * Parse a time for --since/--until: "2026-11-23", "2026-11-23T13:43[:35]"
 * (UTC, optional "Z"), "@SECONDS", or an age "30d", "12h", "15m", "90s"
 * before now. -1 with a message for anything else.
 */
int audit_time_parse(const char *s, int64_t *us_out);

#endif
