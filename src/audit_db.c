/*
 * audit_db.c: the audit store's SQLite side. Owns the schema, the
 * settings every connection gets (WAL, synchronous=FULL, recursive
 * triggers, defensive mode, no double-quoted strings, an authorizer) and
 * small helpers for statements and transactions. These are guard rails
 * against accidents: anyone who can write the file can rewrite it, and
 * the cryptography in audit_crypto.c is what makes that evident.
 */
#include "config.h"
#include "audit_int.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>
#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "xmalloc.h"

/*
 * Every table is STRICT and append-only: the triggers make UPDATE and
 * DELETE fail (prune drops and recreates the entries one inside its own
 * transaction), and an INSERT must extend the sequence by exactly one.
 * With recursive_triggers on, INSERT OR REPLACE runs the delete trigger
 * and fails too. The partial index finds epoch seals without a scan.
 */
#define AUDIT_DB_DELETE_GUARD \
    "CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries" \
    " BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"

static const char audit_db_schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value ANY NOT NULL) STRICT;"
    "CREATE TABLE entries("
    " seq INTEGER PRIMARY KEY,"
    " ts_utc INTEGER NOT NULL,"
    " epoch INTEGER NOT NULL,"
    " event_type TEXT NOT NULL,"
    " outcome TEXT NOT NULL,"
    " nonce BLOB NOT NULL,"
    " payload BLOB NOT NULL,"
    " hash BLOB NOT NULL,"
    " mac BLOB NOT NULL) STRICT;"
    "CREATE INDEX entries_seals ON entries(epoch)"
    " WHERE event_type = 'EPOCH_SEAL';"
    "CREATE TABLE checkpoints("
    " seq INTEGER PRIMARY KEY,"
    " ts_utc INTEGER NOT NULL,"
    " epoch INTEGER NOT NULL,"
    " head BLOB NOT NULL,"
    " sig BLOB NOT NULL) STRICT;"
    "CREATE TABLE prunes("
    " cut_seq INTEGER PRIMARY KEY,"
    " cut_epoch INTEGER NOT NULL,"
    " cut_ts INTEGER NOT NULL,"
    " cut_hash BLOB NOT NULL,"
    " ts_utc INTEGER NOT NULL,"
    " sig BLOB NOT NULL) STRICT;"
    "CREATE TRIGGER entries_append BEFORE INSERT ON entries"
    " WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) FROM entries) + 1"
    " BEGIN SELECT RAISE(ABORT, 'audit entries must extend the sequence');"
    " END;"
    "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries"
    " BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
    AUDIT_DB_DELETE_GUARD
    "CREATE TRIGGER meta_no_update BEFORE UPDATE ON meta"
    " BEGIN SELECT RAISE(ABORT, 'audit settings are append-only'); END;"
    "CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta"
    " BEGIN SELECT RAISE(ABORT, 'audit settings are append-only'); END;"
    "CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints"
    " BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"
    "CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints"
    " BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"
    "CREATE TRIGGER prunes_no_update BEFORE UPDATE ON prunes"
    " BEGIN SELECT RAISE(ABORT, 'audit prune records are append-only');"
    " END;"
    "CREATE TRIGGER prunes_no_delete BEFORE DELETE ON prunes"
    " BEGIN SELECT RAISE(ABORT, 'audit prune records are append-only');"
    " END;";

/* Pragmas quire's own code may run on an audit connection. */
static const char *const audit_db_pragmas[] = {
	"integrity_check", "quick_check", "table_info", "journal_mode",
	"page_count", "page_size", "freelist_count", "max_page_count",
	"wal_checkpoint", "data_version", NULL
};

static int
audit_db_authorize(void *arg, int action, const char *a1, const char *a2,
    const char *dbname, const char *trigger)
{
	struct audit *a = arg;
	size_t i;

	(void)a2;
	(void)dbname;
	(void)trigger;
	if (a->auth == AUDIT_AUTH_ADMIN)
		return action == SQLITE_ATTACH || action == SQLITE_DETACH ?
		    SQLITE_DENY : SQLITE_OK;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		for (i = 0; audit_db_pragmas[i] != NULL; i++)
			if (a1 != NULL && strcmp(a1, audit_db_pragmas[i]) == 0)
				return SQLITE_OK;
		return SQLITE_DENY;
	case SQLITE_INSERT:
		if (a->auth == AUDIT_AUTH_APPEND && a1 != NULL &&
		    (strcmp(a1, "entries") == 0 ||
		    strcmp(a1, "checkpoints") == 0))
			return SQLITE_OK;
		return SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

int
audit_db_error(struct audit *a, const char *what)
{
	int code = sqlite3_extended_errcode(a->db);

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		err_set("%s: %s: the audit store is locked by another writer "
		    "(waited %d ms)", a->path, what, a->busy_ms);
	else if ((code & 0xff) == SQLITE_FULL)
		err_set("%s: %s: disk full: %s", a->path, what,
		    sqlite3_errmsg(a->db));
	else if ((code & 0xff) == SQLITE_CORRUPT ||
	    (code & 0xff) == SQLITE_NOTADB)
		err_set("%s: %s: database damaged: %s", a->path, what,
		    sqlite3_errmsg(a->db));
	else
		err_set("%s: %s: %s", a->path, what, sqlite3_errmsg(a->db));
	return -1;
}

int
audit_db_exec(struct audit *a, const char *sql)
{
	if (sqlite3_exec(a->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return audit_db_error(a, "sql");
	return 0;
}

int
audit_db_prepare(struct audit *a, sqlite3_stmt **out, const char *sql)
{
	if (sqlite3_prepare_v3(a->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out,
	    NULL) != SQLITE_OK) {
		*out = NULL;
		return audit_db_error(a, "prepare");
	}
	return 0;
}

int
audit_db_open(struct audit *a, bool create)
{
	struct stat st;
	int flags, rc, on = 1, off = 0;
	sqlite3_stmt *st_mode = NULL;

	if (!create && stat(a->path, &st) < 0) {
		if (errno == ENOENT)
			err_set("%s: no audit store (create one with quire "
			    "audit init)", a->path);
		else
			err_errno("%s", a->path);
		return -1;
	}
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(a->path, &a->db, flags, NULL);
	if (rc != SQLITE_OK && !create && !(a->flags & AUDIT_OPEN_WRITE)) {
		/* An auditor may read a copy it cannot write. */
		sqlite3_close(a->db);
		a->db = NULL;
		rc = sqlite3_open_v2(a->path, &a->db,
		    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	}
	if (rc != SQLITE_OK) {
		if (a->db != NULL)
			err_set("%s: %s", a->path, sqlite3_errmsg(a->db));
		else
			err_set("%s: cannot open", a->path);
		return -1;
	}
	sqlite3_extended_result_codes(a->db, 1);
	sqlite3_busy_timeout(a->db, a->busy_ms);
	sqlite3_db_config(a->db, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
	sqlite3_db_config(a->db, SQLITE_DBCONFIG_DQS_DML, off, NULL);
	sqlite3_db_config(a->db, SQLITE_DBCONFIG_DQS_DDL, off, NULL);
	sqlite3_db_config(a->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL);
	sqlite3_db_config(a->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, off,
	    NULL);
	if (audit_db_exec(a, "PRAGMA synchronous=FULL;"
	    "PRAGMA recursive_triggers=ON;"
	    "PRAGMA cell_size_check=ON;") < 0)
		return -1;
	if (create || (a->flags & AUDIT_OPEN_WRITE)) {
		/*
		 * WAL is a property of the file; reading it first avoids
		 * asking for a lock another writer may hold.
		 */
		if (sqlite3_prepare_v2(a->db, "PRAGMA journal_mode", -1,
		    &st_mode, NULL) != SQLITE_OK)
			return audit_db_error(a, "journal mode");
		rc = sqlite3_step(st_mode);
		if (rc != SQLITE_ROW) {
			sqlite3_finalize(st_mode);
			return audit_db_error(a, "journal mode");
		}
		if (strcmp((const char *)sqlite3_column_text(st_mode, 0),
		    "wal") != 0) {
			sqlite3_finalize(st_mode);
			if (audit_db_exec(a, "PRAGMA journal_mode=WAL") < 0)
				return -1;
		} else
			sqlite3_finalize(st_mode);
	}
	a->auth = create ? AUDIT_AUTH_ADMIN :
	    (a->flags & AUDIT_OPEN_WRITE) ? AUDIT_AUTH_APPEND : AUDIT_AUTH_READ;
	sqlite3_set_authorizer(a->db, audit_db_authorize, a);
	return 0;
}

int
audit_db_create_schema(struct audit *a)
{
	return audit_db_exec(a, audit_db_schema);
}

static int
audit_meta_blob(struct audit *a, sqlite3_stmt *st, const char *key,
    unsigned char *out, size_t len)
{
	const void *p;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		if (sqlite3_errcode(a->db) != SQLITE_DONE &&
		    sqlite3_errcode(a->db) != SQLITE_OK)
			return audit_db_error(a, "read settings");
		err_set("%s: store settings lack '%s' (not a quire audit "
		    "store, or damaged)", a->path, key);
		return -1;
	}
	p = sqlite3_column_blob(st, 0);
	if (sqlite3_column_type(st, 0) != SQLITE_BLOB ||
	    (size_t)sqlite3_column_bytes(st, 0) != len || p == NULL) {
		err_set("%s: store setting '%s' damaged", a->path, key);
		return -1;
	}
	memcpy(out, p, len);
	return 0;
}

static int
audit_meta_int(struct audit *a, sqlite3_stmt *st, const char *key,
    int64_t *out)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_type(st, 0) != SQLITE_INTEGER) {
		err_set("%s: store setting '%s' missing or damaged", a->path,
		    key);
		return -1;
	}
	*out = sqlite3_column_int64(st, 0);
	return 0;
}

int
audit_db_load_meta(struct audit *a)
{
	sqlite3_stmt *st = NULL;
	struct buf msg = BUF_INIT;
	int64_t v[4];
	const unsigned char *fmt;
	int rc = -1;

	if (sqlite3_prepare_v2(a->db, "SELECT value FROM meta WHERE key = ?",
	    -1, &st, NULL) != SQLITE_OK) {
		if (sqlite3_errcode(a->db) == SQLITE_NOTADB ||
		    sqlite3_errcode(a->db) == SQLITE_CORRUPT)
			audit_db_error(a, "open");
		else
			err_set("%s: not a quire audit store (%s)", a->path,
			    sqlite3_errmsg(a->db));
		goto done;
	}
	sqlite3_bind_text(st, 1, "format", -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    (fmt = sqlite3_column_text(st, 0)) == NULL ||
	    strcmp((const char *)fmt, AUDIT_FORMAT_NAME) != 0) {
		err_set("%s: not a quire audit store (format)", a->path);
		goto done;
	}
	if (audit_meta_blob(a, st, "log_id", a->log_id, AUDIT_LOG_ID_LEN) < 0 ||
	    audit_meta_blob(a, st, "box_pk", a->box_pk, AUDIT_BOX_PK_LEN) < 0 ||
	    audit_meta_blob(a, st, "sign_pk", a->sign_pk,
	    AUDIT_SIGN_PK_LEN) < 0 ||
	    audit_meta_blob(a, st, "sealed_a0", a->sealed_a0,
	    AUDIT_SEALED_KEY_LEN) < 0 ||
	    audit_meta_blob(a, st, "manifest_sig", a->manifest_sig,
	    AUDIT_SIG_LEN) < 0 ||
	    audit_meta_int(a, st, "created_us", &a->created_us) < 0 ||
	    audit_meta_int(a, st, "epoch_us", &a->epoch_us) < 0 ||
	    audit_meta_int(a, st, "epoch_entries", &v[0]) < 0 ||
	    audit_meta_int(a, st, "ckpt_entries", &v[1]) < 0 ||
	    audit_meta_int(a, st, "ckpt_us", &a->ckpt_us) < 0)
		goto done;
	if (a->epoch_us <= 0 || v[0] <= 0 || v[1] <= 0 || a->ckpt_us <= 0) {
		err_set("%s: store settings out of range", a->path);
		goto done;
	}
	a->epoch_entries = (uint64_t)v[0];
	a->ckpt_entries = (uint64_t)v[1];
	audit_manifest_message(&msg, a);
	if (crypto_sign_verify_detached(a->manifest_sig,
	    (unsigned char *)msg.ptr, msg.len, a->sign_pk) != 0) {
		err_set("%s: store settings were altered (manifest signature)",
		    a->path);
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(st);
	buf_release(&msg);
	return rc;
}

int
audit_db_delete_guard(struct audit *a, bool on)
{
	return audit_db_exec(a, on ? AUDIT_DB_DELETE_GUARD :
	    "DROP TRIGGER entries_no_delete;");
}

int
audit_db_begin(struct audit *a)
{
	/*
	 * IMMEDIATE takes the write lock now, so reading the head and
	 * appending after it are one atomic step across processes.
	 */
	return audit_db_exec(a, "BEGIN IMMEDIATE");
}

int
audit_db_commit(struct audit *a)
{
	return audit_db_exec(a, "COMMIT");
}

void
audit_db_rollback(struct audit *a)
{
	if (!sqlite3_get_autocommit(a->db))
		(void)sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
}

int
audit_db_head(struct audit *a, struct audit_head *out)
{
	const unsigned char *type;
	int rc;

	memset(out, 0, sizeof *out);
	if (a->st_head == NULL && audit_db_prepare(a, &a->st_head,
	    "SELECT seq, ts_utc, epoch, event_type, hash FROM entries"
	    " ORDER BY seq DESC LIMIT 1") < 0)
		return -1;
	sqlite3_reset(a->st_head);
	rc = sqlite3_step(a->st_head);
	if (rc == SQLITE_DONE) {
		out->ts_us = a->created_us;
		sqlite3_reset(a->st_head);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		audit_db_error(a, "read head");
		sqlite3_reset(a->st_head);
		return -1;
	}
	type = sqlite3_column_text(a->st_head, 3);
	if (sqlite3_column_int64(a->st_head, 0) <= 0 ||
	    sqlite3_column_int64(a->st_head, 2) < 0 ||
	    sqlite3_column_bytes(a->st_head, 4) != AUDIT_HASH_LEN ||
	    type == NULL) {
		err_set("%s: newest entry damaged", a->path);
		sqlite3_reset(a->st_head);
		return -1;
	}
	out->seq = (uint64_t)sqlite3_column_int64(a->st_head, 0);
	out->ts_us = sqlite3_column_int64(a->st_head, 1);
	out->epoch = (uint64_t)sqlite3_column_int64(a->st_head, 2);
	out->is_seal = strcmp((const char *)type, "EPOCH_SEAL") == 0;
	memcpy(out->hash, sqlite3_column_blob(a->st_head, 4), AUDIT_HASH_LEN);
	sqlite3_reset(a->st_head);
	return 0;
}
