/*
 * audit_int.h: what the audit_*.c files share and the tests may reach.
 * audit.c appends (epochs, checkpoints, the head mark, syslog),
 * audit_crypto.c holds the construction and the key files, audit_db.c the
 * schema and the connection's guard rails, audit_verify.c the walk,
 * audit_query.c reading, formats, status and prune. Nothing here is for
 * other modules: they use audit.h.
 */
#ifndef QUIRE_AUDIT_INT_H
#define QUIRE_AUDIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "audit.h"
#include "buf.h"

struct ident;

#define AUDIT_LOG_ID_LEN 16
#define AUDIT_KEY_LEN 32		/* epoch keys, entry keys, the KEK */
#define AUDIT_NONCE_LEN 24		/* XChaCha20-Poly1305-IETF */
#define AUDIT_TAG_LEN 16
#define AUDIT_BOX_PK_LEN 32
#define AUDIT_BOX_SK_LEN 32
#define AUDIT_SIGN_PK_LEN 32
#define AUDIT_SIGN_SK_LEN 64
#define AUDIT_SIG_LEN 64
#define AUDIT_SEALED_KEY_LEN (AUDIT_KEY_LEN + 48)	/* box_seal overhead */

/* The KDF contexts of the specification, exactly eight bytes each. */
#define AUDIT_CTX_EVOLVE "QAEVOLV1"
#define AUDIT_CTX_ENC "QAENC001"
#define AUDIT_CTX_MAC "QAMAC001"

#define AUDIT_FORMAT_NAME "quire-audit-1"
#define AUDIT_DEFAULT_EPOCH_SECONDS 900
#define AUDIT_DEFAULT_EPOCH_ENTRIES 10000
#define AUDIT_DEFAULT_CKPT_ENTRIES 1000
#define AUDIT_DEFAULT_CKPT_SECONDS 900
#define AUDIT_DEFAULT_BUSY_MS 5000
#define AUDIT_US_PER_DAY (86400LL * 1000000LL)

/* Writer state file: magic, log id, epoch, A_e, signing key, checksum. */
#define AUDIT_WRITER_MAGIC "QAWRITR1"
#define AUDIT_WRITER_FILE_LEN (8 + AUDIT_LOG_ID_LEN + 8 + AUDIT_KEY_LEN + \
	AUDIT_SIGN_SK_LEN + AUDIT_HASH_LEN)
/* Head mark file: magic, log id, seq, hash, checksum. */
#define AUDIT_HEAD_MAGIC "QAHEAD01"
#define AUDIT_HEAD_FILE_LEN (8 + AUDIT_LOG_ID_LEN + 8 + AUDIT_HASH_LEN + \
	AUDIT_HASH_LEN)

/* What the authorizer lets the connection do. */
enum audit_auth_mode {
	AUDIT_AUTH_READ,	/* SELECT and read-only pragmas */
	AUDIT_AUTH_APPEND,	/* ... and INSERT into the audit tables */
	AUDIT_AUTH_ADMIN	/* anything: schema creation and prune */
};

/* Secret material, in one sodium_malloc() block (guard pages, mlock). */
struct audit_secrets {
	unsigned char epoch_key[AUDIT_KEY_LEN];		/* writer: A_e */
	unsigned char saved_key[AUDIT_KEY_LEN];		/* A_e at BEGIN */
	unsigned char sign_sk[AUDIT_SIGN_SK_LEN];	/* writer */
	unsigned char a0[AUDIT_KEY_LEN];		/* auditor: A_0 */
	unsigned char walk_key[AUDIT_KEY_LEN];		/* readers: A_e */
	unsigned char enc_key[AUDIT_KEY_LEN];		/* per entry */
	unsigned char mac_key[AUDIT_KEY_LEN];		/* per entry */
};

/* The clear part of the newest entry, read at the start of an append. */
struct audit_head {
	uint64_t seq;		/* 0: empty store, nothing appended yet */
	int64_t ts_us;
	uint64_t epoch;
	bool is_seal;
	unsigned char hash[AUDIT_HASH_LEN];
};

typedef int64_t (*audit_clock_fn)(void *arg);
typedef void (*audit_syslog_fn)(void *arg, const char *line);

struct audit {
	char *path;
	sqlite3 *db;
	unsigned flags;
	enum audit_auth_mode auth;
	int busy_ms;

	/* The store's settings (meta table). */
	unsigned char log_id[AUDIT_LOG_ID_LEN];
	unsigned char box_pk[AUDIT_BOX_PK_LEN];
	unsigned char sign_pk[AUDIT_SIGN_PK_LEN];
	unsigned char sealed_a0[AUDIT_SEALED_KEY_LEN];
	unsigned char manifest_sig[AUDIT_SIG_LEN];
	int64_t created_us;
	int64_t epoch_us;
	uint64_t epoch_entries;
	uint64_t ckpt_entries;
	int64_t ckpt_us;

	struct audit_secrets *sec;
	bool writable;		/* writer key loaded */
	uint64_t key_epoch;	/* epoch of sec->epoch_key */
	uint64_t saved_epoch;
	uint64_t file_epoch;	/* epoch last seen in PATH.writer */
	bool unlocked;		/* sec->a0 holds A_0 */

	struct ident *ident;
	char *policy_hash;
	char *fail_reason;	/* why the last append failed, until told */
	uint64_t appended;	/* entries since the last checkpoint */

	/* Epoch of the open epoch: where it started, cached per epoch. */
	bool have_epoch_start;
	uint64_t cached_epoch;
	int64_t epoch_start_us;
	uint64_t epoch_start_seq;	/* seq of the seal before it, or 0 */

	/* Statements every append runs, prepared once. */
	sqlite3_stmt *st_head;
	sqlite3_stmt *st_insert;
	sqlite3_stmt *st_seal;
	sqlite3_stmt *st_ckpt_last;
	sqlite3_stmt *st_ckpt_insert;

	audit_clock_fn clock;
	void *clock_arg;
	audit_syslog_fn syslog_fn;
	void *syslog_arg;
	struct buf syslog_pending;	/* lines to send after COMMIT */
};

/* audit_crypto.c: the construction of section 2.2. */
void audit_header_encode(struct buf *out, const unsigned char *log_id,
    uint64_t seq, int64_t ts_us, uint64_t epoch, const char *type,
    const char *outcome);
void audit_entry_hash(unsigned char out[AUDIT_HASH_LEN],
    const unsigned char prev[AUDIT_HASH_LEN], const struct buf *header,
    const unsigned char *nonce, const unsigned char *payload,
    size_t payload_len);
void audit_entry_keys(unsigned char enc[AUDIT_KEY_LEN],
    unsigned char mac[AUDIT_KEY_LEN], const unsigned char *epoch_key,
    uint64_t seq);
void audit_entry_mac(unsigned char out[AUDIT_HASH_LEN],
    const unsigned char hash[AUDIT_HASH_LEN], const unsigned char *mac_key);
/* A_{e+1} = KDF(A_e, e+1, "QAEVOLV1"), in place; old bytes wiped. */
void audit_key_evolve(unsigned char *key, uint64_t next_epoch);
/* Derive A_epoch from A_0 into out. */
void audit_key_at_epoch(unsigned char *out, const unsigned char *a0,
    uint64_t epoch);
/* Encrypt plain into out (plain_len + AUDIT_TAG_LEN bytes). */
void audit_payload_seal(struct buf *out, const char *plain, size_t plain_len,
    const struct buf *header, const unsigned char prev[AUDIT_HASH_LEN],
    const unsigned char *nonce, const unsigned char *enc_key);
int audit_payload_open(struct buf *out, const unsigned char *cipher,
    size_t cipher_len, const struct buf *header,
    const unsigned char prev[AUDIT_HASH_LEN], const unsigned char *nonce,
    const unsigned char *enc_key);
void audit_ckpt_message(struct buf *out, const unsigned char *log_id,
    uint64_t seq, int64_t ts_us, uint64_t epoch,
    const unsigned char head[AUDIT_HASH_LEN]);
void audit_prune_message(struct buf *out, const unsigned char *log_id,
    uint64_t cut_seq, uint64_t cut_epoch, int64_t cut_ts,
    const unsigned char cut_hash[AUDIT_HASH_LEN], int64_t ts_us);
void audit_manifest_message(struct buf *out, const struct audit *);
void audit_hex(struct buf *out, const unsigned char *p, size_t len);
int audit_unhex(unsigned char *out, size_t len, const char *hex);

/* Key files beside the store: PATH + suffix. */
void audit_side_path(struct buf *out, const char *store, const char *suffix);
int audit_writer_save(const char *path, const unsigned char *log_id,
    uint64_t epoch, const unsigned char *key, const unsigned char *sign_sk);
int audit_writer_load(const char *path, const unsigned char *log_id,
    uint64_t *epoch, unsigned char *key, unsigned char *sign_sk);
int audit_head_save(const char *path, const unsigned char *log_id,
    uint64_t seq, const unsigned char hash[AUDIT_HASH_LEN]);
/* 0 and the mark; -1 unreadable or damaged; ERR_NOTFOUND-like 1: none. */
int audit_head_load(const char *path, const unsigned char *log_id,
    uint64_t *seq, unsigned char hash[AUDIT_HASH_LEN]);
int audit_pub_save(const char *path, const struct audit *);
int audit_pub_load(const char *path, unsigned char *log_id,
    unsigned char *box_pk, unsigned char *sign_pk);
int audit_akey_save(const char *path, const struct audit *,
    const unsigned char *box_sk, const char *pass, size_t pass_len,
    unsigned long long ops, size_t mem);
/* The fields of an auditor key file (PATH.key), in file order. */
#define AUDIT_SALT_LEN 16		/* crypto_pwhash_SALTBYTES */
struct audit_akey {
	unsigned char log_id[AUDIT_LOG_ID_LEN];
	unsigned char box_pk[AUDIT_BOX_PK_LEN];
	unsigned char sign_pk[AUDIT_SIGN_PK_LEN];
	uint64_t ops, mem;		/* Argon2id limits, as written */
	unsigned char salt[AUDIT_SALT_LEN];
	unsigned char kek_nonce[AUDIT_NONCE_LEN];
	unsigned char kek[AUDIT_KEY_LEN + AUDIT_TAG_LEN];
	unsigned char sk_nonce[AUDIT_NONCE_LEN];
	unsigned char box_sk[AUDIT_BOX_SK_LEN + AUDIT_TAG_LEN];
};
/*
 * Parse len bytes of a key file; path names it in messages. Only the
 * form is checked ("PATH:LINE: expected 'salt'"): audit_akey_load()
 * checks the store, the limits and the passphrase. 0 or -1.
 */
int audit_akey_parse(struct audit_akey *out, const char *path,
    const char *p, size_t len);
int audit_akey_load(const char *path, const struct audit *,
    unsigned char *box_sk, const char *pass, size_t pass_len);

/* audit_verify.c: one line of an anchor file (syslog lines, or bare
 * "checkpoint log=..." and "entry log=..." lines). */
struct audit_anchor {
	bool ckpt;			/* checkpoint; else an entry digest */
	char log[2 * AUDIT_LOG_ID_LEN + 1];	/* hex as written; "" when
					   it is not 32 characters */
	uint64_t seq;
	uint64_t epoch, ts;		/* checkpoints */
	unsigned char hash[AUDIT_HASH_LEN];	/* head, or the entry hash */
	unsigned char sig[AUDIT_SIG_LEN];	/* checkpoints */
};
/*
 * 0: not an anchor line (no "checkpoint log=" or "entry log=" field);
 * 1: an anchor, every field parsed; -1: an anchor line (out->log set)
 * whose other fields do not parse. The signature is not checked.
 */
int audit_anchor_parse(const char *line, struct audit_anchor *out);

/* audit_db.c: the schema and the connection's guard rails. */
int audit_db_open(struct audit *, bool create);
int audit_db_create_schema(struct audit *);
int audit_db_load_meta(struct audit *);
int audit_db_exec(struct audit *, const char *sql);
int audit_db_prepare(struct audit *, sqlite3_stmt **out, const char *sql);
/* Set err from the connection's last error, prefixed with what. */
int audit_db_error(struct audit *, const char *what);
int audit_db_begin(struct audit *);
int audit_db_commit(struct audit *);
void audit_db_rollback(struct audit *);
int audit_db_head(struct audit *, struct audit_head *out);
/* Drop (on = false) or recreate the trigger that stops DELETE: prune. */
int audit_db_delete_guard(struct audit *, bool on);

/* audit.c: shared by the others. */
int audit_store_init_clock(const char *path, const struct audit_init_opts *,
    audit_clock_fn, void *clock_arg);
int64_t audit_now(struct audit *);
/* Append a store-made event (AUDIT_VERIFY, PRUNE, ...) inside a
 * transaction the caller holds; like audit_record otherwise. */
int audit_append_in_txn(struct audit *, const struct audit_event *,
    struct audit_head *head);
int audit_txn_start(struct audit *, struct audit_head *head);
int audit_txn_finish(struct audit *, const struct audit_head *head);
void audit_txn_abort(struct audit *);
/* Escape text for a terminal: C0/C1 controls, bidi controls, bad UTF-8. */
void audit_escape(struct buf *out, const char *s, size_t len);

/*
 * Test and helper hooks. The clock returns UTC microseconds; the syslog
 * sink receives each line that would go to syslog(3).
 */
void audit_log_set_clock(struct audit *, audit_clock_fn, void *arg);
void audit_log_set_syslog(struct audit *, audit_syslog_fn, void *arg);
sqlite3 *audit_log_db(struct audit *);

#endif
