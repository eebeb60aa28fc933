/*
 * audit.c: the audit trail's writer. Owns opening a store, creating one
 * (audit init), and appending: each append takes SQLite's write lock
 * (BEGIN IMMEDIATE), reads the head, seals the epoch when it is due,
 * inserts the encrypted, chained, MACed entry, writes a signed checkpoint
 * every so often, and commits with synchronous=FULL. Processes appending
 * at once queue on the lock, so the chain never forks.
 *
 * The one idea to hold: the writer key file (PATH.writer) may lag the
 * store but never lead it. An epoch is sealed and committed first; only
 * then, under the lock again, is A_{e+1} written over A_e. A writer that
 * finds the store ahead of its key derives forward (the KDF only runs
 * forward); a key ahead of the store means entries were removed, and the
 * writer refuses to append. Verifying is audit_verify.c's, reading
 * audit_query.c's, the byte layouts audit_crypto.c's.
 */
#include "config.h"
#include "audit.h"
#include "audit_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "fileio.h"
#include "ident.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const audit_type_names[AUDIT_NTYPES] = {
	[AUDIT_SESSION_START] = "SESSION_START",
	[AUDIT_SESSION_END] = "SESSION_END",
	[AUDIT_NOTEBOOK_OPEN] = "NOTEBOOK_OPEN",
	[AUDIT_NOTEBOOK_SAVE] = "NOTEBOOK_SAVE",
	[AUDIT_NOTEBOOK_COMMIT] = "NOTEBOOK_COMMIT",
	[AUDIT_CELL_RUN] = "CELL_RUN",
	[AUDIT_SQL_EXEC] = "SQL_EXEC",
	[AUDIT_EXPORT_REQUEST] = "EXPORT_REQUEST",
	[AUDIT_EXPORT_ALLOWED] = "EXPORT_ALLOWED",
	[AUDIT_EXPORT_BLOCKED] = "EXPORT_BLOCKED",
	[AUDIT_DLP_OVERRIDE] = "DLP_OVERRIDE",
	[AUDIT_SECRET_READ] = "SECRET_READ",
	[AUDIT_AUTHZ_DENY] = "AUTHZ_DENY",
	[AUDIT_TRUST_CHANGE] = "TRUST_CHANGE",
	[AUDIT_POLICY_LOAD] = "POLICY_LOAD",
	[AUDIT_KERNEL_CRASH] = "KERNEL_CRASH",
	[AUDIT_KERNEL_RESTART] = "KERNEL_RESTART",
	[AUDIT_AUDIT_INIT] = "AUDIT_INIT",
	[AUDIT_AUDIT_READ] = "AUDIT_READ",
	[AUDIT_AUDIT_VERIFY] = "AUDIT_VERIFY",
	[AUDIT_AUDIT_EXPORT] = "AUDIT_EXPORT",
	[AUDIT_AUDIT_PRUNE] = "AUDIT_PRUNE",
	[AUDIT_AUDIT_FAIL] = "AUDIT_FAIL",
	[AUDIT_EPOCH_SEAL] = "EPOCH_SEAL",
};

const char *
audit_type_name(enum audit_type t)
{
	if ((int)t < 0 || t >= AUDIT_NTYPES)
		return NULL;
	return audit_type_names[t];
}

int
audit_type_parse(const char *name, enum audit_type *out)
{
	int i;

	for (i = 0; i < AUDIT_NTYPES; i++)
		if (strcasecmp(name, audit_type_names[i]) == 0) {
			*out = (enum audit_type)i;
			return 0;
		}
	err_set("unknown event type '%s'", name);
	return -1;
}

const char *
audit_outcome_name(enum audit_outcome o)
{
	switch (o) {
	case AUDIT_OK:
		return "ok";
	case AUDIT_FAILED:
		return "failed";
	case AUDIT_DENIED:
		return "denied";
	}
	return "failed";
}

int
audit_store_path(struct buf *out, const char *override)
{
	const char *env, *home;
	struct passwd *pw;

	buf_reset(out);
	if (override != NULL && *override != '\0') {
		buf_adds(out, override);
		return 0;
	}
	if ((env = getenv("QUIRE_AUDIT_STORE")) != NULL && *env != '\0') {
		buf_adds(out, env);
		return 0;
	}
	/* The XDG spec says to ignore a relative XDG_STATE_HOME. */
	if ((env = getenv("XDG_STATE_HOME")) != NULL && env[0] == '/') {
		buf_addf(out, "%s/quire/audit.db", env);
		return 0;
	}
	home = getenv("HOME");
	if ((home == NULL || home[0] != '/') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL || home[0] != '/') {
		err_set("no audit store location: set QUIRE_AUDIT_STORE or "
		    "HOME, or give --store");
		return -1;
	}
	buf_addf(out, "%s/.local/state/quire/audit.db", home);
	return 0;
}

static int64_t
audit_clock_real(void *arg)
{
	struct timespec ts;

	(void)arg;
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t
audit_clock_mono(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
audit_syslog_default(void *arg, const char *line)
{
	(void)arg;
	syslog(LOG_AUTHPRIV | LOG_INFO, "%s", line);
}

int64_t
audit_now(struct audit *a)
{
	return a->clock(a->clock_arg);
}

void
audit_log_set_clock(struct audit *a, audit_clock_fn fn, void *arg)
{
	a->clock = fn != NULL ? fn : audit_clock_real;
	a->clock_arg = arg;
}

void
audit_log_set_syslog(struct audit *a, audit_syslog_fn fn, void *arg)
{
	a->syslog_fn = fn != NULL ? fn : audit_syslog_default;
	a->syslog_arg = arg;
	if (fn != NULL)
		a->flags |= AUDIT_OPEN_SYSLOG;
}

sqlite3 *
audit_log_db(struct audit *a)
{
	return a->db;
}

const char *
audit_log_path(const struct audit *a)
{
	return a->path;
}

bool
audit_log_is_writable(const struct audit *a)
{
	return a->writable;
}

bool
audit_log_is_unlocked(const struct audit *a)
{
	return a->unlocked;
}

void
audit_log_set_policy_hash(struct audit *a, const char *hex)
{
	free(a->policy_hash);
	a->policy_hash = hex != NULL ? xstrdup(hex) : NULL;
}

void
audit_log_set_busy_timeout(struct audit *a, int ms)
{
	a->busy_ms = ms < 0 ? 0 : ms;
	if (a->db != NULL)
		sqlite3_busy_timeout(a->db, a->busy_ms);
}

/* A new handle with nothing open yet. */
static struct audit *
audit_alloc(const char *path, unsigned flags)
{
	struct audit *a = xcalloc(1, sizeof *a);

	a->path = xstrdup(path);
	a->flags = flags;
	a->busy_ms = AUDIT_DEFAULT_BUSY_MS;
	a->clock = audit_clock_real;
	a->syslog_fn = audit_syslog_default;
	buf_init(&a->syslog_pending);
	a->sec = sodium_malloc(sizeof *a->sec);
	if (a->sec == NULL)
		abort();
	sodium_memzero(a->sec, sizeof *a->sec);
	return a;
}

static void
audit_free(struct audit *a)
{
	if (a == NULL)
		return;
	sqlite3_finalize(a->st_head);
	sqlite3_finalize(a->st_insert);
	sqlite3_finalize(a->st_seal);
	sqlite3_finalize(a->st_ckpt_last);
	sqlite3_finalize(a->st_ckpt_insert);
	if (a->db != NULL)
		sqlite3_close(a->db);
	if (a->flags & AUDIT_OPEN_SYSLOG)
		closelog();
	sodium_free(a->sec);
	ident_free(a->ident);
	free(a->policy_hash);
	free(a->fail_reason);
	free(a->path);
	buf_release(&a->syslog_pending);
	free(a);
}

static int
audit_sodium_init(void)
{
	if (sodium_init() < 0) {
		err_set("libsodium failed to initialise");
		return -1;
	}
	return 0;
}

/*
 * Load the writer key and check that it belongs to this store: the
 * signing key's public half must be the one in the store's settings.
 */
static int
audit_load_writer(struct audit *a)
{
	struct buf p = BUF_INIT;
	unsigned char pk[AUDIT_SIGN_PK_LEN];
	int rc = -1;

	audit_side_path(&p, a->path, ".writer");
	if (audit_writer_load(p.ptr, a->log_id, &a->file_epoch,
	    a->sec->epoch_key, a->sec->sign_sk) < 0)
		goto done;
	crypto_sign_ed25519_sk_to_pk(pk, a->sec->sign_sk);
	if (memcmp(pk, a->sign_pk, sizeof pk) != 0) {
		err_set("%s: writer key does not match the store", p.ptr);
		goto done;
	}
	a->key_epoch = a->file_epoch;
	a->writable = true;
	rc = 0;
done:
	buf_release(&p);
	return rc;
}

/* A writer refuses a store whose public key file says it is another. */
static int
audit_check_pub(struct audit *a)
{
	struct buf p = BUF_INIT;
	unsigned char log_id[AUDIT_LOG_ID_LEN], box_pk[AUDIT_BOX_PK_LEN];
	unsigned char sign_pk[AUDIT_SIGN_PK_LEN];
	int rc;

	audit_side_path(&p, a->path, ".pub");
	rc = audit_pub_load(p.ptr, log_id, box_pk, sign_pk);
	if (rc == 0 && (memcmp(log_id, a->log_id, sizeof log_id) != 0 ||
	    memcmp(box_pk, a->box_pk, sizeof box_pk) != 0 ||
	    memcmp(sign_pk, a->sign_pk, sizeof sign_pk) != 0)) {
		err_set("%s: does not match the store (was the store "
		    "replaced?)", p.ptr);
		rc = -1;
	}
	buf_release(&p);
	return rc < 0 ? -1 : 0;
}

int
audit_log_open(struct audit **out, const char *path, unsigned flags)
{
	struct buf p = BUF_INIT;
	struct audit *a = NULL;
	int rc = -1;

	*out = NULL;
	if (audit_sodium_init() < 0)
		goto done;
	if (audit_store_path(&p, path) < 0)
		goto done;
	a = audit_alloc(p.ptr, flags & ~AUDIT_OPEN_SYSLOG);
	if (audit_db_open(a, false) < 0 || audit_db_load_meta(a) < 0)
		goto done;
	if (flags & AUDIT_OPEN_WRITE) {
		if (audit_check_pub(a) < 0 || audit_load_writer(a) < 0)
			goto done;
		if (ident_load(&a->ident) < 0)
			goto done;
	} else if (ident_load(&a->ident) < 0)
		err_clear();
	if (flags & AUDIT_OPEN_SYSLOG) {
		a->flags |= AUDIT_OPEN_SYSLOG;
		openlog("quire-audit", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
	}
	*out = a;
	a = NULL;
	rc = 0;
done:
	audit_free(a);
	buf_release(&p);
	return rc;
}

int
audit_log_unlock(struct audit *a, const char *key_path,
    const char *passphrase, size_t len)
{
	struct buf p = BUF_INIT;
	unsigned char *box_sk;
	int rc = -1;

	box_sk = sodium_malloc(AUDIT_BOX_SK_LEN);
	if (box_sk == NULL)
		abort();
	if (key_path != NULL)
		buf_adds(&p, key_path);
	else
		audit_side_path(&p, a->path, ".key");
	if (audit_akey_load(p.ptr, a, box_sk, passphrase, len) < 0)
		goto done;
	if (crypto_box_seal_open(a->sec->a0, a->sealed_a0,
	    sizeof a->sealed_a0, a->box_pk, box_sk) != 0) {
		err_set("%s: the store's epoch key does not open with the "
		    "auditor key (store replaced?)", a->path);
		goto done;
	}
	a->unlocked = true;
	rc = 0;
done:
	sodium_free(box_sk);
	buf_release(&p);
	return rc;
}

void
audit_log_close(struct audit *a)
{
	if (a == NULL)
		return;
	if (a->writable && a->appended > 0 && audit_checkpoint(a) < 0)
		err_clear();
	audit_free(a);
}

/* Set a string member, keeping bytes that are not UTF-8 as hex. */
static void
audit_json_str(json_t *obj, const char *key, const char *s)
{
	struct buf k = BUF_INIT, hex = BUF_INIT;
	size_t len;

	if (s == NULL)
		return;
	len = strlen(s);
	if (utf8_valid(s, len)) {
		json_object_set_new(obj, key, json_stringn(s, len));
		return;
	}
	buf_addf(&k, "%s_hex", key);
	audit_hex(&hex, (const unsigned char *)s, len);
	json_object_set_new(obj, k.ptr, json_string(hex.ptr));
	buf_release(&k);
	buf_release(&hex);
}

static void
audit_json_int(json_t *obj, const char *key, int64_t v)
{
	json_object_set_new(obj, key, json_integer((json_int_t)v));
}

/* The fields every entry carries: who, where, which clocks, policy. */
static json_t *
audit_payload_base(struct audit *a, int64_t wall_us, bool clamped)
{
	json_t *obj = json_object();
	struct ident *id = a->ident;

	if (id != NULL) {
		audit_json_int(obj, "uid", (int64_t)ident_uid(id));
		audit_json_str(obj, "user", ident_user(id));
		audit_json_str(obj, "host", ident_host(id));
		audit_json_str(obj, "tty", ident_tty(id));
		audit_json_int(obj, "pid", (int64_t)ident_pid(id));
		audit_json_str(obj, "ssh", ident_ssh(id));
		audit_json_str(obj, "boot", ident_boot_id(id));
	}
	audit_json_int(obj, "mono_us", audit_clock_mono());
	if (clamped)
		audit_json_int(obj, "wall_us", wall_us);
	audit_json_str(obj, "policy", a->policy_hash);
	return obj;
}

static void
audit_payload_event(struct audit *a, json_t *obj, const struct audit_event *ev)
{
	json_t *params;
	size_t i, ng;
	const char *const *groups;
	struct buf k = BUF_INIT;

	if (ev->type == AUDIT_SESSION_START && a->ident != NULL) {
		json_t *arr = json_array();

		groups = ident_groups(a->ident, &ng);
		for (i = 0; i < ng; i++)
			if (utf8_valid(groups[i], strlen(groups[i])))
				json_array_append_new(arr,
				    json_string(groups[i]));
		json_object_set_new(obj, "groups", arr);
		audit_json_str(obj, "ssh_origin",
		    ident_ssh_origin(a->ident));
		if (ident_loginuid(a->ident) >= 0)
			audit_json_int(obj, "loginuid",
			    ident_loginuid(a->ident));
	}
	audit_json_str(obj, "reason", ev->reason);
	audit_json_str(obj, "notebook", ev->notebook);
	audit_json_str(obj, "content_hash", ev->content_hash);
	audit_json_str(obj, "commit", ev->commit);
	audit_json_str(obj, "cell_id", ev->cell_id);
	audit_json_str(obj, "cell_name", ev->cell_name);
	audit_json_str(obj, "code_hash", ev->code_hash);
	if (ev->duration_us != 0 || ev->type == AUDIT_CELL_RUN ||
	    ev->type == AUDIT_SQL_EXEC)
		audit_json_int(obj, "duration_us", ev->duration_us);
	audit_json_str(obj, "sql", ev->sql);
	if (ev->nsql_params > 0 && ev->sql_params != NULL) {
		json_t *tmp = json_object();

		params = json_array();
		for (i = 0; i < ev->nsql_params; i++) {
			audit_json_str(tmp, "v", ev->sql_params[i] != NULL ?
			    ev->sql_params[i] : "");
			if (json_object_get(tmp, "v") != NULL)
				json_array_append(params,
				    json_object_get(tmp, "v"));
			else
				json_array_append(params,
				    json_object_get(tmp, "v_hex"));
			json_object_clear(tmp);
		}
		json_decref(tmp);
		json_object_set_new(obj, "sql_params", params);
	}
	audit_json_str(obj, "format", ev->format);
	audit_json_str(obj, "target", ev->target);
	if (ev->size != 0 || ev->type == AUDIT_EXPORT_REQUEST ||
	    ev->type == AUDIT_EXPORT_ALLOWED ||
	    ev->type == AUDIT_EXPORT_BLOCKED)
		audit_json_int(obj, "size", (int64_t)ev->size);
	audit_json_str(obj, "dlp", ev->dlp);
	audit_json_str(obj, "permission", ev->permission);
	audit_json_str(obj, "object", ev->object);
	audit_json_str(obj, "decision", ev->decision);
	audit_json_str(obj, "secret", ev->secret);
	audit_json_str(obj, "fingerprint", ev->fingerprint);
	audit_json_str(obj, "trust", ev->trust);
	for (i = 0; i < ev->nextra && ev->extra != NULL; i++) {
		const char *key = ev->extra[i].key;

		if (key == NULL || !utf8_valid(key, strlen(key)))
			continue;
		/* An extra never hides a field the store stamped. */
		buf_reset(&k);
		if (json_object_get(obj, key) != NULL)
			buf_addf(&k, "extra_%s", key);
		else
			buf_adds(&k, key);
		audit_json_str(obj, k.ptr, ev->extra[i].value);
	}
	buf_release(&k);
}

static char *
audit_payload_dump(json_t *obj, size_t *len)
{
	char *s = json_dumps(obj, JSON_COMPACT);

	if (s == NULL)
		abort();
	*len = strlen(s);
	return s;
}

/*
 * Insert one entry after head, under the current epoch key, and move head
 * to it. The caller holds the write lock.
 */
static int
audit_insert(struct audit *a, struct audit_head *head, const char *type,
    const char *outcome, int64_t ts_us, const char *plain, size_t plain_len)
{
	struct buf header = BUF_INIT, cipher = BUF_INIT, line = BUF_INIT;
	unsigned char nonce[AUDIT_NONCE_LEN];
	unsigned char hash[AUDIT_HASH_LEN], mac[AUDIT_HASH_LEN];
	uint64_t seq = head->seq + 1;
	int rc = -1;

	if (a->st_insert == NULL && audit_db_prepare(a, &a->st_insert,
	    "INSERT INTO entries(seq, ts_utc, epoch, event_type, outcome,"
	    " nonce, payload, hash, mac) VALUES (?,?,?,?,?,?,?,?,?)") < 0)
		return -1;
	audit_header_encode(&header, a->log_id, seq, ts_us, a->key_epoch,
	    type, outcome);
	randombytes_buf(nonce, sizeof nonce);
	audit_entry_keys(a->sec->enc_key, a->sec->mac_key, a->sec->epoch_key,
	    seq);
	audit_payload_seal(&cipher, plain, plain_len, &header, head->hash,
	    nonce, a->sec->enc_key);
	audit_entry_hash(hash, head->hash, &header, nonce,
	    (unsigned char *)cipher.ptr, cipher.len);
	audit_entry_mac(mac, hash, a->sec->mac_key);
	sodium_memzero(a->sec->enc_key, AUDIT_KEY_LEN);
	sodium_memzero(a->sec->mac_key, AUDIT_KEY_LEN);

	sqlite3_reset(a->st_insert);
	sqlite3_bind_int64(a->st_insert, 1, (sqlite3_int64)seq);
	sqlite3_bind_int64(a->st_insert, 2, ts_us);
	sqlite3_bind_int64(a->st_insert, 3, (sqlite3_int64)a->key_epoch);
	sqlite3_bind_text(a->st_insert, 4, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->st_insert, 5, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_blob(a->st_insert, 6, nonce, sizeof nonce, SQLITE_STATIC);
	sqlite3_bind_blob(a->st_insert, 7, cipher.ptr, (int)cipher.len,
	    SQLITE_STATIC);
	sqlite3_bind_blob(a->st_insert, 8, hash, sizeof hash, SQLITE_STATIC);
	sqlite3_bind_blob(a->st_insert, 9, mac, sizeof mac, SQLITE_STATIC);
	if (sqlite3_step(a->st_insert) != SQLITE_DONE) {
		audit_db_error(a, "append");
		sqlite3_reset(a->st_insert);
		goto done;
	}
	sqlite3_reset(a->st_insert);
	head->seq = seq;
	head->ts_us = ts_us;
	head->epoch = a->key_epoch;
	head->is_seal = strcmp(type, "EPOCH_SEAL") == 0;
	memcpy(head->hash, hash, sizeof hash);
	if (a->flags & AUDIT_OPEN_SYSLOG) {
		buf_adds(&line, "entry log=");
		audit_hex(&line, a->log_id, AUDIT_LOG_ID_LEN);
		buf_addf(&line, " seq=%llu hash=", (unsigned long long)seq);
		audit_hex(&line, hash, sizeof hash);
		buf_add(&a->syslog_pending, line.ptr, line.len + 1);
	}
	rc = 0;
done:
	buf_release(&header);
	buf_release(&cipher);
	buf_release(&line);
	return rc;
}

/*
 * Where the open epoch began (the seal before it, or the store's
 * creation, or a prune cut) and the seq of that seal; cached per epoch.
 */
static int
audit_epoch_start(struct audit *a, const struct audit_head *head,
    uint64_t open_epoch)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (a->have_epoch_start && a->cached_epoch == open_epoch)
		return 0;
	a->have_epoch_start = false;
	if (head->is_seal) {
		a->epoch_start_seq = head->seq;
		a->epoch_start_us = head->ts_us;
	} else if (open_epoch == 0) {
		a->epoch_start_seq = 0;
		a->epoch_start_us = a->created_us;
	} else {
		if (a->st_seal == NULL && audit_db_prepare(a, &a->st_seal,
		    "SELECT seq, ts_utc FROM entries"
		    " WHERE event_type = 'EPOCH_SEAL' AND epoch = ?1"
		    " UNION ALL SELECT cut_seq, cut_ts FROM prunes"
		    " WHERE cut_epoch = ?1 LIMIT 1") < 0)
			return -1;
		st = a->st_seal;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)(open_epoch - 1));
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			if (rc != SQLITE_DONE)
				audit_db_error(a, "find epoch seal");
			else
				err_set("%s: the seal of epoch %llu is missing "
				    "(run quire audit verify)", a->path,
				    (unsigned long long)(open_epoch - 1));
			sqlite3_reset(st);
			return -1;
		}
		a->epoch_start_seq = (uint64_t)sqlite3_column_int64(st, 0);
		a->epoch_start_us = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	}
	a->cached_epoch = open_epoch;
	a->have_epoch_start = true;
	return 0;
}

static uint64_t
audit_open_epoch(const struct audit_head *head)
{
	return head->is_seal ? head->epoch + 1 : head->epoch;
}

/* Bring the in-memory key to the store's open epoch. */
static int
audit_key_sync(struct audit *a, const struct audit_head *head)
{
	uint64_t open = audit_open_epoch(head);

	if (a->key_epoch > open) {
		err_set("%s: the writer key is at epoch %llu but the store "
		    "ends in epoch %llu: entries were removed (run quire "
		    "audit verify)", a->path, (unsigned long long)a->key_epoch,
		    (unsigned long long)open);
		return -1;
	}
	while (a->key_epoch < open) {
		a->key_epoch++;
		audit_key_evolve(a->sec->epoch_key, a->key_epoch);
	}
	return 0;
}

static int
audit_ckpt_last(struct audit *a, uint64_t *seq, int64_t *ts)
{
	int rc;

	if (a->st_ckpt_last == NULL && audit_db_prepare(a, &a->st_ckpt_last,
	    "SELECT seq, ts_utc FROM checkpoints"
	    " ORDER BY seq DESC LIMIT 1") < 0)
		return -1;
	sqlite3_reset(a->st_ckpt_last);
	rc = sqlite3_step(a->st_ckpt_last);
	if (rc == SQLITE_ROW) {
		*seq = (uint64_t)sqlite3_column_int64(a->st_ckpt_last, 0);
		*ts = sqlite3_column_int64(a->st_ckpt_last, 1);
	} else if (rc == SQLITE_DONE) {
		*seq = 0;
		*ts = a->created_us;
	} else {
		sqlite3_reset(a->st_ckpt_last);
		return audit_db_error(a, "read checkpoints");
	}
	sqlite3_reset(a->st_ckpt_last);
	return 0;
}

/* Sign the head and store the checkpoint; queue its syslog line. */
static int
audit_ckpt_write(struct audit *a, const struct audit_head *head, int64_t ts)
{
	struct buf msg = BUF_INIT, line = BUF_INIT;
	unsigned char sig[AUDIT_SIG_LEN];
	int rc = -1;

	if (a->st_ckpt_insert == NULL && audit_db_prepare(a,
	    &a->st_ckpt_insert, "INSERT INTO checkpoints(seq, ts_utc, epoch,"
	    " head, sig) VALUES (?,?,?,?,?)") < 0)
		return -1;
	audit_ckpt_message(&msg, a->log_id, head->seq, ts, head->epoch,
	    head->hash);
	crypto_sign_detached(sig, NULL, (unsigned char *)msg.ptr, msg.len,
	    a->sec->sign_sk);
	sqlite3_reset(a->st_ckpt_insert);
	sqlite3_bind_int64(a->st_ckpt_insert, 1, (sqlite3_int64)head->seq);
	sqlite3_bind_int64(a->st_ckpt_insert, 2, ts);
	sqlite3_bind_int64(a->st_ckpt_insert, 3, (sqlite3_int64)head->epoch);
	sqlite3_bind_blob(a->st_ckpt_insert, 4, head->hash, AUDIT_HASH_LEN,
	    SQLITE_STATIC);
	sqlite3_bind_blob(a->st_ckpt_insert, 5, sig, sizeof sig,
	    SQLITE_STATIC);
	if (sqlite3_step(a->st_ckpt_insert) != SQLITE_DONE) {
		audit_db_error(a, "write checkpoint");
		sqlite3_reset(a->st_ckpt_insert);
		goto done;
	}
	sqlite3_reset(a->st_ckpt_insert);
	if (a->flags & AUDIT_OPEN_SYSLOG) {
		buf_adds(&line, "checkpoint log=");
		audit_hex(&line, a->log_id, AUDIT_LOG_ID_LEN);
		buf_addf(&line, " seq=%llu epoch=%llu ts=%lld head=",
		    (unsigned long long)head->seq,
		    (unsigned long long)head->epoch, (long long)ts);
		audit_hex(&line, head->hash, AUDIT_HASH_LEN);
		buf_adds(&line, " sig=");
		audit_hex(&line, sig, sizeof sig);
		buf_add(&a->syslog_pending, line.ptr, line.len + 1);
	}
	rc = 0;
done:
	buf_release(&msg);
	buf_release(&line);
	return rc;
}

/* Seal the open epoch at ts and move the key to the next one. */
static int
audit_seal(struct audit *a, struct audit_head *head, int64_t ts_us)
{
	json_t *obj;
	struct buf hex = BUF_INIT;
	char *plain;
	size_t len;
	uint64_t e = a->key_epoch;
	int rc;

	obj = audit_payload_base(a, ts_us, false);
	audit_json_int(obj, "epoch", (int64_t)e);
	audit_json_int(obj, "last_seq", (int64_t)head->seq);
	audit_hex(&hex, head->hash, AUDIT_HASH_LEN);
	json_object_set_new(obj, "head", json_string(hex.ptr));
	audit_json_int(obj, "start_us", a->epoch_start_us);
	audit_json_int(obj, "nentries",
	    (int64_t)(head->seq - a->epoch_start_seq));
	plain = audit_payload_dump(obj, &len);
	json_decref(obj);
	rc = audit_insert(a, head, "EPOCH_SEAL", "ok", ts_us, plain, len);
	free(plain);
	buf_release(&hex);
	if (rc < 0)
		return -1;
	a->key_epoch = e + 1;
	audit_key_evolve(a->sec->epoch_key, a->key_epoch);
	a->cached_epoch = a->key_epoch;
	a->epoch_start_seq = head->seq;
	a->epoch_start_us = head->ts_us;
	a->have_epoch_start = true;
	return 0;
}

static bool
audit_seal_due(const struct audit *a, const struct audit_head *head,
    int64_t now)
{
	uint64_t n = head->seq - a->epoch_start_seq;

	if (head->seq == 0)
		return false;	/* nothing to seal before AUDIT_INIT */
	return n >= a->epoch_entries || now - a->epoch_start_us >= a->epoch_us;
}

int
audit_txn_start(struct audit *a, struct audit_head *head)
{
	if (!a->writable) {
		err_set("%s: opened without the writer key", a->path);
		return -1;
	}
	buf_reset(&a->syslog_pending);
	memcpy(a->sec->saved_key, a->sec->epoch_key, AUDIT_KEY_LEN);
	a->saved_epoch = a->key_epoch;
	if (audit_db_begin(a) < 0)
		return -1;
	if (audit_db_head(a, head) < 0 || audit_key_sync(a, head) < 0 ||
	    audit_epoch_start(a, head, audit_open_epoch(head)) < 0) {
		audit_txn_abort(a);
		return -1;
	}
	return 0;
}

void
audit_txn_abort(struct audit *a)
{
	audit_db_rollback(a);
	memcpy(a->sec->epoch_key, a->sec->saved_key, AUDIT_KEY_LEN);
	a->key_epoch = a->saved_epoch;
	a->have_epoch_start = false;
	buf_reset(&a->syslog_pending);
}

/*
 * After a seal committed, write the new epoch key over the old one. Done
 * under the write lock, and only if the store is still in our epoch, so
 * two writers can never leave an older key on disk than the store needs.
 */
static void
audit_writer_advance(struct audit *a)
{
	struct buf p = BUF_INIT;
	struct audit_head head;
	uint64_t fe = 0;

	if (a->key_epoch <= a->file_epoch)
		return;
	audit_side_path(&p, a->path, ".writer");
	if (audit_db_begin(a) < 0)
		goto done;
	if (audit_db_head(a, &head) == 0 &&
	    audit_open_epoch(&head) == a->key_epoch &&
	    audit_writer_load(p.ptr, a->log_id, &fe, NULL, NULL) == 0) {
		if (fe < a->key_epoch &&
		    audit_writer_save(p.ptr, a->log_id, a->key_epoch,
		    a->sec->epoch_key, a->sec->sign_sk) == 0)
			fe = a->key_epoch;
		a->file_epoch = fe;
	}
	audit_db_rollback(a);
done:
	/* The entries are committed; a key left behind is retried later. */
	err_clear();
	buf_release(&p);
}

int
audit_txn_finish(struct audit *a, const struct audit_head *head)
{
	struct buf p = BUF_INIT;
	const char *line, *end;

	if (audit_db_commit(a) < 0) {
		audit_txn_abort(a);
		return -1;
	}
	sodium_memzero(a->sec->saved_key, AUDIT_KEY_LEN);
	line = a->syslog_pending.ptr;
	end = line + a->syslog_pending.len;
	while (line < end) {
		a->syslog_fn(a->syslog_arg, line);
		line += strlen(line) + 1;
	}
	buf_reset(&a->syslog_pending);
	/* Written after COMMIT, so it can only lag the store. */
	audit_side_path(&p, a->path, ".head");
	if (head->seq > 0 &&
	    audit_head_save(p.ptr, a->log_id, head->seq, head->hash) < 0)
		err_clear();
	buf_release(&p);
	audit_writer_advance(a);
	return 0;
}

int
audit_append_in_txn(struct audit *a, const struct audit_event *ev,
    struct audit_head *head)
{
	const char *type = audit_type_name(ev->type);
	json_t *obj;
	char *plain;
	size_t len;
	int64_t now, ts;
	uint64_t ckpt_seq;
	int64_t ckpt_ts;
	int rc;

	if (type == NULL || ev->type == AUDIT_EPOCH_SEAL) {
		err_set("audit: cannot record event type %d", (int)ev->type);
		return -1;
	}
	if (head->seq == 0 && ev->type != AUDIT_AUDIT_INIT) {
		err_set("%s: the store has no entries (emptied? run quire "
		    "audit verify)", a->path);
		return -1;
	}
	now = audit_now(a);
	/*
	 * Time in the chain never goes backwards: a clock set back keeps
	 * the head's time, and the real reading goes into the payload.
	 */
	ts = now < head->ts_us ? head->ts_us : now;
	if (audit_seal_due(a, head, ts) && audit_seal(a, head, ts) < 0)
		return -1;
	obj = audit_payload_base(a, now, now != ts);
	audit_payload_event(a, obj, ev);
	plain = audit_payload_dump(obj, &len);
	json_decref(obj);
	rc = audit_insert(a, head, type, audit_outcome_name(ev->outcome), ts,
	    plain, len);
	sodium_memzero(plain, len);
	free(plain);
	if (rc < 0)
		return -1;
	a->appended++;
	if (audit_ckpt_last(a, &ckpt_seq, &ckpt_ts) < 0)
		return -1;
	if (head->seq > ckpt_seq && (ev->type == AUDIT_SESSION_END ||
	    ev->type == AUDIT_AUDIT_INIT ||
	    head->seq - ckpt_seq >= a->ckpt_entries ||
	    ts - ckpt_ts >= a->ckpt_us)) {
		if (audit_ckpt_write(a, head, ts) < 0)
			return -1;
		a->appended = 0;
	}
	return 0;
}

/* Remember why an append failed, to record it once appending works. */
static int
audit_failed(struct audit *a, uint64_t appended)
{
	a->appended = appended;
	if (a->fail_reason == NULL)
		a->fail_reason = xstrdup(err_last());
	return -1;
}

int
audit_record_batch(struct audit *a, const struct audit_event *evs, size_t n)
{
	struct audit_head head;
	uint64_t appended = a->appended;
	size_t i;

	if (n == 0)
		return 0;
	/* A caller's mistake is not a failure of audit logging. */
	for (i = 0; i < n; i++)
		if (audit_type_name(evs[i].type) == NULL ||
		    evs[i].type == AUDIT_EPOCH_SEAL) {
			err_set("audit: cannot record event type %d",
			    (int)evs[i].type);
			return -1;
		}
	if (!a->writable)
		return audit_txn_start(a, &head);
	if (audit_txn_start(a, &head) < 0)
		return audit_failed(a, appended);
	/*
	 * PCI DSS 10.2.1 asks for failures of audit logging to be logged:
	 * the first append that works again says what went wrong before.
	 */
	if (a->fail_reason != NULL && audit_append_in_txn(a,
	    &(struct audit_event){ .type = AUDIT_AUDIT_FAIL,
	    .outcome = AUDIT_FAILED, .reason = a->fail_reason }, &head) < 0) {
		audit_txn_abort(a);
		return audit_failed(a, appended);
	}
	for (i = 0; i < n; i++)
		if (audit_append_in_txn(a, &evs[i], &head) < 0) {
			audit_txn_abort(a);
			return audit_failed(a, appended);
		}
	if (audit_txn_finish(a, &head) < 0)
		return audit_failed(a, appended);
	free(a->fail_reason);
	a->fail_reason = NULL;
	return 0;
}

int
audit_record(struct audit *a, const struct audit_event *ev)
{
	return audit_record_batch(a, ev, 1);
}

int
audit_checkpoint(struct audit *a)
{
	struct audit_head head;
	uint64_t seq;
	int64_t ts, now;

	if (audit_txn_start(a, &head) < 0)
		return -1;
	if (audit_ckpt_last(a, &seq, &ts) < 0)
		goto fail;
	now = audit_now(a);
	if (now < head.ts_us)
		now = head.ts_us;
	if (head.seq > seq && audit_ckpt_write(a, &head, now) < 0)
		goto fail;
	if (audit_txn_finish(a, &head) < 0)
		return -1;
	a->appended = 0;
	return 0;
fail:
	audit_txn_abort(a);
	return -1;
}

int
audit_tick(struct audit *a)
{
	struct audit_head head;
	uint64_t seq;
	int64_t ts, now;
	bool seal, ckpt;

	if (!a->writable)
		return 0;
	now = audit_now(a);
	if (audit_txn_start(a, &head) < 0)
		return -1;
	if (now < head.ts_us)
		now = head.ts_us;
	if (audit_ckpt_last(a, &seq, &ts) < 0)
		goto fail;
	seal = audit_seal_due(a, &head, now);
	ckpt = head.seq > seq && now - ts >= a->ckpt_us;
	if (!seal && !ckpt) {
		audit_txn_abort(a);
		return 0;
	}
	if (seal && audit_seal(a, &head, now) < 0)
		goto fail;
	if ((ckpt || seal) && audit_ckpt_write(a, &head, now) < 0)
		goto fail;
	return audit_txn_finish(a, &head);
fail:
	audit_txn_abort(a);
	return -1;
}

/* Create the directories of path's parent, mode 0700. */
static int
audit_mkdirs(const char *path)
{
	struct buf dir = BUF_INIT;
	const char *slash = strrchr(path, '/');
	int rc;

	if (slash != NULL)
		buf_add(&dir, path, (size_t)(slash - path) + 1);
	rc = fileio_mkdirs(dir.ptr, 0700);
	buf_release(&dir);
	return rc;
}

static const char *const audit_side_suffixes[] = {
	"", "-wal", "-shm", "-journal", ".key", ".writer", ".pub", ".head",
	NULL
};

static void
audit_remove_store(const char *path)
{
	struct buf p = BUF_INIT;
	size_t i;

	for (i = 0; audit_side_suffixes[i] != NULL; i++) {
		audit_side_path(&p, path, audit_side_suffixes[i]);
		(void)unlink(p.ptr);
	}
	buf_release(&p);
}

static int
audit_meta_put(struct audit *a, sqlite3_stmt *st, const char *key,
    const void *blob, size_t len, int64_t num, const char *text)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (blob != NULL)
		sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	else if (text != NULL)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, num);
	if (sqlite3_step(st) != SQLITE_DONE)
		return audit_db_error(a, "write settings");
	return 0;
}

static int
audit_init_db(struct audit *a)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, fd;

	/*
	 * Create the file first, 0600: SQLite would make it 0644, and the
	 * clear columns (times, types, outcomes) are nobody else's business.
	 * Its -wal and -shm files take the same mode.
	 */
	fd = open(a->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0) {
		err_errno("create %s", a->path);
		return -1;
	}
	(void)close(fd);
	if (audit_db_open(a, true) < 0 || audit_db_create_schema(a) < 0 ||
	    audit_db_begin(a) < 0)
		return -1;
	if (audit_db_prepare(a, &st,
	    "INSERT INTO meta(key, value) VALUES (?, ?)") < 0)
		goto done;
	if (audit_meta_put(a, st, "format", NULL, 0, 0,
	    AUDIT_FORMAT_NAME) < 0 ||
	    audit_meta_put(a, st, "log_id", a->log_id, AUDIT_LOG_ID_LEN, 0,
	    NULL) < 0 ||
	    audit_meta_put(a, st, "box_pk", a->box_pk, AUDIT_BOX_PK_LEN, 0,
	    NULL) < 0 ||
	    audit_meta_put(a, st, "sign_pk", a->sign_pk, AUDIT_SIGN_PK_LEN, 0,
	    NULL) < 0 ||
	    audit_meta_put(a, st, "sealed_a0", a->sealed_a0,
	    AUDIT_SEALED_KEY_LEN, 0, NULL) < 0 ||
	    audit_meta_put(a, st, "manifest_sig", a->manifest_sig,
	    AUDIT_SIG_LEN, 0, NULL) < 0 ||
	    audit_meta_put(a, st, "created_us", NULL, 0, a->created_us,
	    NULL) < 0 ||
	    audit_meta_put(a, st, "epoch_us", NULL, 0, a->epoch_us, NULL) < 0 ||
	    audit_meta_put(a, st, "epoch_entries", NULL, 0,
	    (int64_t)a->epoch_entries, NULL) < 0 ||
	    audit_meta_put(a, st, "ckpt_entries", NULL, 0,
	    (int64_t)a->ckpt_entries, NULL) < 0 ||
	    audit_meta_put(a, st, "ckpt_us", NULL, 0, a->ckpt_us, NULL) < 0)
		goto done;
	if (audit_db_commit(a) < 0)
		goto done;
	rc = 0;
done:
	sqlite3_finalize(st);
	if (rc < 0)
		audit_db_rollback(a);
	return rc;
}

int
audit_store_init_clock(const char *path, const struct audit_init_opts *o,
    audit_clock_fn clock, void *clock_arg)
{
	struct buf p = BUF_INIT, hex[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf msg = BUF_INIT, num = BUF_INIT;
	struct audit *a = NULL;
	unsigned char *box_sk = NULL;
	unsigned long long ops;
	size_t mem, i;
	bool created = false;
	struct audit_kv kv[8];
	int rc = -1;

	if (audit_sodium_init() < 0)
		return -1;
	if (o == NULL || o->passphrase == NULL || o->passphrase_len == 0) {
		err_set("audit init: the auditor passphrase is empty");
		return -1;
	}
	if (audit_store_path(&p, path) < 0)
		goto done;
	for (i = 0; audit_side_suffixes[i] != NULL; i++) {
		struct buf side = BUF_INIT;

		audit_side_path(&side, p.ptr, audit_side_suffixes[i]);
		if (access(side.ptr, F_OK) == 0) {
			err_set("%s already exists: not overwriting an audit "
			    "store", side.ptr);
			buf_release(&side);
			goto done;
		}
		buf_release(&side);
	}
	if (audit_mkdirs(p.ptr) < 0)
		goto done;
	a = audit_alloc(p.ptr, AUDIT_OPEN_WRITE);
	audit_log_set_clock(a, clock, clock_arg);
	a->created_us = audit_now(a);
	a->epoch_us = (o->epoch_seconds > 0 ? o->epoch_seconds :
	    AUDIT_DEFAULT_EPOCH_SECONDS) * 1000000LL;
	a->epoch_entries = o->epoch_entries > 0 ? o->epoch_entries :
	    AUDIT_DEFAULT_EPOCH_ENTRIES;
	a->ckpt_entries = o->checkpoint_entries > 0 ? o->checkpoint_entries :
	    AUDIT_DEFAULT_CKPT_ENTRIES;
	a->ckpt_us = (o->checkpoint_seconds > 0 ? o->checkpoint_seconds :
	    AUDIT_DEFAULT_CKPT_SECONDS) * 1000000LL;
	ops = o->kdf_ops > 0 ? o->kdf_ops : crypto_pwhash_OPSLIMIT_MODERATE;
	mem = o->kdf_mem > 0 ? o->kdf_mem : crypto_pwhash_MEMLIMIT_MODERATE;

	box_sk = sodium_malloc(AUDIT_BOX_SK_LEN);
	if (box_sk == NULL)
		abort();
	randombytes_buf(a->log_id, AUDIT_LOG_ID_LEN);
	crypto_box_keypair(a->box_pk, box_sk);
	crypto_sign_keypair(a->sign_pk, a->sec->sign_sk);
	crypto_kdf_keygen(a->sec->epoch_key);
	crypto_box_seal(a->sealed_a0, a->sec->epoch_key, AUDIT_KEY_LEN,
	    a->box_pk);
	audit_manifest_message(&msg, a);
	crypto_sign_detached(a->manifest_sig, NULL, (unsigned char *)msg.ptr,
	    msg.len, a->sec->sign_sk);

	created = true;
	audit_side_path(&msg, p.ptr, ".writer");
	if (audit_writer_save(msg.ptr, a->log_id, 0, a->sec->epoch_key,
	    a->sec->sign_sk) < 0)
		goto done;
	audit_side_path(&msg, p.ptr, ".pub");
	if (audit_pub_save(msg.ptr, a) < 0)
		goto done;
	audit_side_path(&msg, p.ptr, ".key");
	if (audit_akey_save(msg.ptr, a, box_sk, o->passphrase,
	    o->passphrase_len, ops, mem) < 0)
		goto done;
	if (audit_init_db(a) < 0)
		goto done;
	a->writable = true;
	a->key_epoch = a->file_epoch = 0;
	a->auth = AUDIT_AUTH_APPEND;
	if (ident_load(&a->ident) < 0)
		goto done;

	audit_hex(&hex[0], a->log_id, AUDIT_LOG_ID_LEN);
	audit_hex(&hex[1], a->box_pk, AUDIT_BOX_PK_LEN);
	audit_hex(&hex[2], a->sign_pk, AUDIT_SIGN_PK_LEN);
	buf_addf(&num, "%lld", (long long)a->epoch_us);
	buf_addc(&num, '\0');
	buf_addf(&num, "%llu", (unsigned long long)a->epoch_entries);
	buf_addc(&num, '\0');
	buf_addf(&num, "%llu", (unsigned long long)a->ckpt_entries);
	buf_addc(&num, '\0');
	buf_addf(&num, "%lld", (long long)a->ckpt_us);
	buf_addc(&num, '\0');
	buf_addf(&num, "%lld", (long long)a->created_us);
	kv[0] = (struct audit_kv){ "log_id", hex[0].ptr };
	kv[1] = (struct audit_kv){ "box_pk", hex[1].ptr };
	kv[2] = (struct audit_kv){ "sign_pk", hex[2].ptr };
	{
		const char *q = num.ptr;

		kv[3] = (struct audit_kv){ "epoch_us", q };
		q += strlen(q) + 1;
		kv[4] = (struct audit_kv){ "epoch_entries", q };
		q += strlen(q) + 1;
		kv[5] = (struct audit_kv){ "ckpt_entries", q };
		q += strlen(q) + 1;
		kv[6] = (struct audit_kv){ "ckpt_us", q };
		q += strlen(q) + 1;
		kv[7] = (struct audit_kv){ "created_us", q };
	}
	if (audit_record(a, &(struct audit_event){ .type = AUDIT_AUDIT_INIT,
	    .extra = kv, .nextra = 8 }) < 0)
		goto done;
	rc = 0;
done:
	if (box_sk != NULL)
		sodium_free(box_sk);
	audit_free(a);
	if (rc < 0 && created) {
		struct buf saved = BUF_INIT;

		buf_adds(&saved, err_last());
		audit_remove_store(p.ptr);
		err_set("%s", saved.ptr);
		buf_release(&saved);
	}
	for (i = 0; i < 3; i++)
		buf_release(&hex[i]);
	buf_release(&num);
	buf_release(&msg);
	buf_release(&p);
	return rc;
}

int
audit_store_init(const char *path, const struct audit_init_opts *o)
{
	return audit_store_init_clock(path, o, NULL, NULL);
}
