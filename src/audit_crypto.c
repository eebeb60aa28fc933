/*
 * audit_crypto.c: the audit trail's construction (security spec 2.2) and
 * the key files beside the store. Everything that touches a key or a
 * byte layout that a verifier must reproduce lives here, so the layouts
 * are written down once:
 *
 *	header = log_id[16] || u64le seq || i64le ts_us || u64le epoch ||
 *	         u8 len || event_type || u8 len || outcome
 *	AD     = header || prev_hash[32]
 *	hash   = BLAKE2b-256(prev_hash || header || nonce || payload)
 *	mac    = BLAKE2b-256 keyed with KDF(A_e, seq, "QAMAC001") of hash
 *	payload= XChaCha20-Poly1305-IETF(KDF(A_e, seq, "QAENC001"), nonce, AD)
 *	A_e+1  = KDF(A_e, e + 1, "QAEVOLV1")
 *
 * The first entry's prev_hash is 32 zero bytes. Storage, SQL and policy
 * are elsewhere; nothing here prints.
 */
#include "config.h"
#include "audit_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "err.h"
#include "fileio.h"
#include "xmalloc.h"

/* Key files are small; anything bigger is not one of ours. */
#define AUDIT_KEYFILE_MAX 8192

static void
audit_put_u64(struct buf *b, uint64_t v)
{
	unsigned char le[8];
	int i;

	for (i = 0; i < 8; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, le, sizeof le);
}

static uint64_t
audit_get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void
audit_put_str8(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	/* Types and outcomes are short names of ours. */
	assert(n <= 255);
	buf_addc(b, (char)(unsigned char)n);
	buf_add(b, s, n);
}

void
audit_header_encode(struct buf *out, const unsigned char *log_id,
    uint64_t seq, int64_t ts_us, uint64_t epoch, const char *type,
    const char *outcome)
{
	buf_reset(out);
	buf_add(out, log_id, AUDIT_LOG_ID_LEN);
	audit_put_u64(out, seq);
	audit_put_u64(out, (uint64_t)ts_us);
	audit_put_u64(out, epoch);
	audit_put_str8(out, type);
	audit_put_str8(out, outcome);
}

void
audit_entry_hash(unsigned char out[AUDIT_HASH_LEN],
    const unsigned char prev[AUDIT_HASH_LEN], const struct buf *header,
    const unsigned char *nonce, const unsigned char *payload,
    size_t payload_len)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, AUDIT_HASH_LEN);
	crypto_generichash_update(&st, prev, AUDIT_HASH_LEN);
	crypto_generichash_update(&st, (const unsigned char *)header->ptr,
	    header->len);
	crypto_generichash_update(&st, nonce, AUDIT_NONCE_LEN);
	crypto_generichash_update(&st, payload, payload_len);
	crypto_generichash_final(&st, out, AUDIT_HASH_LEN);
}

void
audit_entry_keys(unsigned char enc[AUDIT_KEY_LEN],
    unsigned char mac[AUDIT_KEY_LEN], const unsigned char *epoch_key,
    uint64_t seq)
{
	crypto_kdf_derive_from_key(enc, AUDIT_KEY_LEN, seq, AUDIT_CTX_ENC,
	    epoch_key);
	crypto_kdf_derive_from_key(mac, AUDIT_KEY_LEN, seq, AUDIT_CTX_MAC,
	    epoch_key);
}

void
audit_entry_mac(unsigned char out[AUDIT_HASH_LEN],
    const unsigned char hash[AUDIT_HASH_LEN], const unsigned char *mac_key)
{
	crypto_generichash(out, AUDIT_HASH_LEN, hash, AUDIT_HASH_LEN, mac_key,
	    AUDIT_KEY_LEN);
}

void
audit_key_evolve(unsigned char *key, uint64_t next_epoch)
{
	unsigned char next[AUDIT_KEY_LEN];

	crypto_kdf_derive_from_key(next, sizeof next, next_epoch,
	    AUDIT_CTX_EVOLVE, key);
	memcpy(key, next, sizeof next);
	sodium_memzero(next, sizeof next);
}

void
audit_key_at_epoch(unsigned char *out, const unsigned char *a0,
    uint64_t epoch)
{
	uint64_t e;

	memcpy(out, a0, AUDIT_KEY_LEN);
	for (e = 1; e <= epoch; e++)
		audit_key_evolve(out, e);
}

static void
audit_ad(struct buf *ad, const struct buf *header,
    const unsigned char prev[AUDIT_HASH_LEN])
{
	buf_reset(ad);
	buf_add(ad, header->ptr, header->len);
	buf_add(ad, prev, AUDIT_HASH_LEN);
}

void
audit_payload_seal(struct buf *out, const char *plain, size_t plain_len,
    const struct buf *header, const unsigned char prev[AUDIT_HASH_LEN],
    const unsigned char *nonce, const unsigned char *enc_key)
{
	struct buf ad = BUF_INIT;
	unsigned long long clen;

	audit_ad(&ad, header, prev);
	buf_reset(out);
	buf_grow(out, plain_len + AUDIT_TAG_LEN);
	crypto_aead_xchacha20poly1305_ietf_encrypt((unsigned char *)out->ptr,
	    &clen, (const unsigned char *)plain, plain_len,
	    (const unsigned char *)ad.ptr, ad.len, NULL, nonce, enc_key);
	out->len = (size_t)clen;
	out->ptr[out->len] = '\0';
	buf_release(&ad);
}

int
audit_payload_open(struct buf *out, const unsigned char *cipher,
    size_t cipher_len, const struct buf *header,
    const unsigned char prev[AUDIT_HASH_LEN], const unsigned char *nonce,
    const unsigned char *enc_key)
{
	struct buf ad = BUF_INIT;
	unsigned long long plen;
	int rc;

	buf_reset(out);
	if (cipher_len < AUDIT_TAG_LEN) {
		err_set("payload shorter than its tag");
		return -1;
	}
	audit_ad(&ad, header, prev);
	buf_grow(out, cipher_len);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
	    (unsigned char *)out->ptr, &plen, NULL, cipher, cipher_len,
	    (const unsigned char *)ad.ptr, ad.len, nonce, enc_key);
	buf_release(&ad);
	if (rc != 0) {
		buf_wipe(out);
		err_set("payload does not decrypt");
		return -1;
	}
	out->len = (size_t)plen;
	out->ptr[out->len] = '\0';
	return 0;
}

void
audit_ckpt_message(struct buf *out, const unsigned char *log_id,
    uint64_t seq, int64_t ts_us, uint64_t epoch,
    const unsigned char head[AUDIT_HASH_LEN])
{
	buf_reset(out);
	buf_add(out, "QACKPT01", 8);
	buf_add(out, log_id, AUDIT_LOG_ID_LEN);
	audit_put_u64(out, seq);
	audit_put_u64(out, (uint64_t)ts_us);
	audit_put_u64(out, epoch);
	buf_add(out, head, AUDIT_HASH_LEN);
}

void
audit_prune_message(struct buf *out, const unsigned char *log_id,
    uint64_t cut_seq, uint64_t cut_epoch, int64_t cut_ts,
    const unsigned char cut_hash[AUDIT_HASH_LEN], int64_t ts_us)
{
	buf_reset(out);
	buf_add(out, "QAPRUNE1", 8);
	buf_add(out, log_id, AUDIT_LOG_ID_LEN);
	audit_put_u64(out, cut_seq);
	audit_put_u64(out, cut_epoch);
	audit_put_u64(out, (uint64_t)cut_ts);
	buf_add(out, cut_hash, AUDIT_HASH_LEN);
	audit_put_u64(out, (uint64_t)ts_us);
}

void
audit_manifest_message(struct buf *out, const struct audit *a)
{
	unsigned char h[AUDIT_HASH_LEN];

	crypto_generichash(h, sizeof h, a->sealed_a0, sizeof a->sealed_a0,
	    NULL, 0);
	buf_reset(out);
	buf_add(out, "QAMANIF1", 8);
	buf_add(out, a->log_id, AUDIT_LOG_ID_LEN);
	audit_put_u64(out, (uint64_t)a->created_us);
	buf_add(out, a->box_pk, AUDIT_BOX_PK_LEN);
	buf_add(out, a->sign_pk, AUDIT_SIGN_PK_LEN);
	buf_add(out, h, sizeof h);
	audit_put_u64(out, (uint64_t)a->epoch_us);
	audit_put_u64(out, a->epoch_entries);
	audit_put_u64(out, a->ckpt_entries);
	audit_put_u64(out, (uint64_t)a->ckpt_us);
}

void
audit_hex(struct buf *out, const unsigned char *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	buf_grow(out, len * 2);
	for (i = 0; i < len; i++) {
		buf_addc(out, digits[p[i] >> 4]);
		buf_addc(out, digits[p[i] & 15]);
	}
}

int
audit_unhex(unsigned char *out, size_t len, const char *hex)
{
	size_t got = 0;
	const char *end;

	if (strlen(hex) != len * 2 ||
	    sodium_hex2bin(out, len, hex, len * 2, NULL, &got, &end) != 0 ||
	    got != len || *end != '\0') {
		err_set("expected %zu hex digits", len * 2);
		return -1;
	}
	return 0;
}

void
audit_side_path(struct buf *out, const char *store, const char *suffix)
{
	buf_reset(out);
	buf_adds(out, store);
	buf_adds(out, suffix);
}

/*
 * Read a whole small file into b. Returns 1 when it does not exist, 0 when
 * read, -1 on error.
 */
static int
audit_file_read(struct buf *b, const char *path)
{
	char chunk[1024];
	ssize_t n;
	int fd;

	buf_reset(b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return 1;
		err_errno("open %s", path);
		return -1;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_errno("read %s", path);
			(void)close(fd);
			return -1;
		}
		if (n == 0)
			break;
		buf_add(b, chunk, (size_t)n);
		if (b->len > AUDIT_KEYFILE_MAX) {
			err_set("%s: too large for a key file", path);
			(void)close(fd);
			return -1;
		}
	}
	(void)close(fd);
	return 0;
}

int
audit_writer_save(const char *path, const unsigned char *log_id,
    uint64_t epoch, const unsigned char *key, const unsigned char *sign_sk)
{
	unsigned char *f;
	unsigned char check[AUDIT_HASH_LEN];
	struct buf b = BUF_INIT;
	size_t off;
	int rc;

	/* The file image holds keys: build it in guarded memory. */
	f = sodium_malloc(AUDIT_WRITER_FILE_LEN);
	if (f == NULL)
		abort();
	memcpy(f, AUDIT_WRITER_MAGIC, 8);
	off = 8;
	memcpy(f + off, log_id, AUDIT_LOG_ID_LEN);
	off += AUDIT_LOG_ID_LEN;
	audit_put_u64(&b, epoch);
	memcpy(f + off, b.ptr, 8);
	off += 8;
	memcpy(f + off, key, AUDIT_KEY_LEN);
	off += AUDIT_KEY_LEN;
	memcpy(f + off, sign_sk, AUDIT_SIGN_SK_LEN);
	off += AUDIT_SIGN_SK_LEN;
	crypto_generichash(check, sizeof check, f, off, NULL, 0);
	memcpy(f + off, check, sizeof check);
	rc = fileio_replace(path, f, AUDIT_WRITER_FILE_LEN, 0600,
	    FILEIO_DURABLE | FILEIO_STRICT_DIR);
	sodium_free(f);
	buf_release(&b);
	return rc;
}

int
audit_writer_load(const char *path, const unsigned char *log_id,
    uint64_t *epoch, unsigned char *key, unsigned char *sign_sk)
{
	struct buf b = BUF_INIT;
	unsigned char check[AUDIT_HASH_LEN];
	const unsigned char *f;
	size_t off;
	int rc;

	rc = audit_file_read(&b, path);
	if (rc == 1) {
		err_set("%s: no writer key (is the store initialised? "
		    "run quire audit init)", path);
		rc = -1;
	}
	if (rc < 0)
		goto done;
	rc = -1;
	f = (const unsigned char *)b.ptr;
	if (b.len != AUDIT_WRITER_FILE_LEN) {
		err_set("%s: truncated or damaged writer key (%zu of %d bytes)",
		    path, b.len, AUDIT_WRITER_FILE_LEN);
		goto done;
	}
	if (memcmp(f, AUDIT_WRITER_MAGIC, 8) != 0) {
		err_set("%s: not a quire audit writer key", path);
		goto done;
	}
	off = AUDIT_WRITER_FILE_LEN - AUDIT_HASH_LEN;
	crypto_generichash(check, sizeof check, f, off, NULL, 0);
	if (sodium_memcmp(check, f + off, sizeof check) != 0) {
		err_set("%s: writer key damaged (checksum)", path);
		goto done;
	}
	if (memcmp(f + 8, log_id, AUDIT_LOG_ID_LEN) != 0) {
		err_set("%s: writer key belongs to another store", path);
		goto done;
	}
	off = 8 + AUDIT_LOG_ID_LEN;
	*epoch = audit_get_u64(f + off);
	off += 8;
	if (key != NULL)
		memcpy(key, f + off, AUDIT_KEY_LEN);
	off += AUDIT_KEY_LEN;
	if (sign_sk != NULL)
		memcpy(sign_sk, f + off, AUDIT_SIGN_SK_LEN);
	rc = 0;
done:
	buf_wipe(&b);
	return rc;
}

int
audit_head_save(const char *path, const unsigned char *log_id,
    uint64_t seq, const unsigned char hash[AUDIT_HASH_LEN])
{
	struct buf b = BUF_INIT;
	unsigned char check[AUDIT_HASH_LEN];
	struct stat st;
	int fd, rc;

	buf_add(&b, AUDIT_HEAD_MAGIC, 8);
	buf_add(&b, log_id, AUDIT_LOG_ID_LEN);
	audit_put_u64(&b, seq);
	buf_add(&b, hash, AUDIT_HASH_LEN);
	crypto_generichash(check, sizeof check, (unsigned char *)b.ptr, b.len,
	    NULL, 0);
	buf_add(&b, check, sizeof check);
	/*
	 * Not synced, and written in place: the mark is written after the
	 * entry's COMMIT, so on any crash it can only lag the store, which
	 * verify accepts. A rename per append would cost a journal commit on
	 * ext4 (auto_da_alloc) and double the latency of a durable append.
	 */
	rc = -1;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		err_errno("open %s", path);
	else if (pwrite(fd, b.ptr, b.len, 0) != (ssize_t)b.len)
		err_errno("write %s", path);
	else if (fstat(fd, &st) == 0 && st.st_size != (off_t)b.len &&
	    ftruncate(fd, (off_t)b.len) < 0)
		err_errno("truncate %s", path);
	else
		rc = 0;
	if (fd >= 0)
		(void)close(fd);
	buf_release(&b);
	return rc;
}

int
audit_head_load(const char *path, const unsigned char *log_id,
    uint64_t *seq, unsigned char hash[AUDIT_HASH_LEN])
{
	struct buf b = BUF_INIT;
	unsigned char check[AUDIT_HASH_LEN];
	const unsigned char *f;
	size_t off = AUDIT_HEAD_FILE_LEN - AUDIT_HASH_LEN;
	int rc, tries;

	/*
	 * A writer may be rewriting the mark as we read it: a bad checksum
	 * is only damage when it persists.
	 */
	for (tries = 0; tries < 3; tries++) {
		if (tries > 0)
			(void)usleep(2000);
		rc = audit_file_read(&b, path);
		if (rc != 0)
			goto done;
		f = (const unsigned char *)b.ptr;
		if (b.len != AUDIT_HEAD_FILE_LEN)
			continue;
		crypto_generichash(check, sizeof check, f, off, NULL, 0);
		if (memcmp(check, f + off, sizeof check) == 0)
			break;
	}
	rc = -1;
	f = (const unsigned char *)b.ptr;
	if (b.len != AUDIT_HEAD_FILE_LEN ||
	    memcmp(f, AUDIT_HEAD_MAGIC, 8) != 0) {
		err_set("%s: damaged head mark", path);
		goto done;
	}
	if (tries == 3) {
		err_set("%s: damaged head mark (checksum)", path);
		goto done;
	}
	if (memcmp(f + 8, log_id, AUDIT_LOG_ID_LEN) != 0) {
		err_set("%s: head mark of another store", path);
		goto done;
	}
	*seq = audit_get_u64(f + 8 + AUDIT_LOG_ID_LEN);
	memcpy(hash, f + 16 + AUDIT_LOG_ID_LEN, AUDIT_HASH_LEN);
	rc = 0;
done:
	buf_release(&b);
	return rc;
}

static void
audit_line_hex(struct buf *b, const char *name, const unsigned char *p,
    size_t len)
{
	buf_adds(b, name);
	buf_addc(b, ' ');
	audit_hex(b, p, len);
	buf_addc(b, '\n');
}

int
audit_pub_save(const char *path, const struct audit *a)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_adds(&b, "quire-audit-pub 1\n");
	audit_line_hex(&b, "log_id", a->log_id, AUDIT_LOG_ID_LEN);
	audit_line_hex(&b, "box_pk", a->box_pk, AUDIT_BOX_PK_LEN);
	audit_line_hex(&b, "sign_pk", a->sign_pk, AUDIT_SIGN_PK_LEN);
	rc = fileio_replace(path, b.ptr, b.len, 0644,
	    FILEIO_DURABLE | FILEIO_STRICT_DIR);
	buf_release(&b);
	return rc;
}

/*
 * A reader of "name value" lines, one expected name after another, so
 * that a truncated or edited file is named with its line.
 */
struct audit_lines {
	const char *path;
	const char *p, *end;
	size_t lineno;
	struct buf value;
};

static int
audit_lines_expect(struct audit_lines *l, const char *name)
{
	const char *nl, *sp;
	size_t nlen = strlen(name);

	l->lineno++;
	if (l->p >= l->end) {
		err_set("%s:%zu: truncated: expected '%s'", l->path, l->lineno,
		    name);
		return -1;
	}
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	if (nl == NULL) {
		err_set("%s:%zu: truncated line (expected '%s')", l->path,
		    l->lineno, name);
		return -1;
	}
	sp = l->p + nlen;
	if ((size_t)(nl - l->p) < nlen + 1 || memcmp(l->p, name, nlen) != 0 ||
	    *sp != ' ') {
		err_set("%s:%zu: expected '%s'", l->path, l->lineno, name);
		return -1;
	}
	buf_reset(&l->value);
	buf_add(&l->value, sp + 1, (size_t)(nl - sp - 1));
	l->p = nl + 1;
	return 0;
}

static int
audit_lines_hex(struct audit_lines *l, const char *name, unsigned char *out,
    size_t len)
{
	if (audit_lines_expect(l, name) < 0)
		return -1;
	if (audit_unhex(out, len, l->value.ptr) < 0) {
		err_prefix("%s:%zu: %s", l->path, l->lineno, name);
		return -1;
	}
	return 0;
}

static int
audit_lines_u64(struct audit_lines *l, const char *name, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (audit_lines_expect(l, name) < 0)
		return -1;
	errno = 0;
	v = strtoull(l->value.ptr, &end, 10);
	if (errno != 0 || end == l->value.ptr || *end != '\0' ||
	    l->value.ptr[0] == '-') {
		err_set("%s:%zu: %s: not a number", l->path, l->lineno, name);
		return -1;
	}
	*out = v;
	return 0;
}

int
audit_pub_load(const char *path, unsigned char *log_id,
    unsigned char *box_pk, unsigned char *sign_pk)
{
	struct buf b = BUF_INIT;
	struct audit_lines l = { path, NULL, NULL, 0, BUF_INIT };
	int rc;

	rc = audit_file_read(&b, path);
	if (rc != 0)
		goto done;
	rc = -1;
	l.p = b.ptr;
	l.end = b.ptr + b.len;
	if (audit_lines_expect(&l, "quire-audit-pub") < 0 ||
	    strcmp(l.value.ptr, "1") != 0) {
		err_set("%s: not a quire audit public key file", path);
		goto done;
	}
	if (audit_lines_hex(&l, "log_id", log_id, AUDIT_LOG_ID_LEN) < 0 ||
	    audit_lines_hex(&l, "box_pk", box_pk, AUDIT_BOX_PK_LEN) < 0 ||
	    audit_lines_hex(&l, "sign_pk", sign_pk, AUDIT_SIGN_PK_LEN) < 0)
		goto done;
	rc = 0;
done:
	buf_release(&l.value);
	buf_release(&b);
	return rc;
}

/* What binds the auditor key file to its store: AD of both layers. */
static void
audit_akey_ad(struct buf *ad, const char *tag, const struct audit *a,
    uint64_t ops, uint64_t mem, const unsigned char *salt)
{
	buf_reset(ad);
	buf_adds(ad, tag);
	buf_add(ad, a->log_id, AUDIT_LOG_ID_LEN);
	buf_add(ad, a->box_pk, AUDIT_BOX_PK_LEN);
	buf_add(ad, a->sign_pk, AUDIT_SIGN_PK_LEN);
	audit_put_u64(ad, ops);
	audit_put_u64(ad, mem);
	buf_add(ad, salt, crypto_pwhash_SALTBYTES);
}

/*
 * The auditor's private key file. The passphrase, through Argon2id,
 * gives a key that wraps a random key K; K wraps the X25519 secret key.
 * Changing the passphrase rewraps K only.
 */
int
audit_akey_save(const char *path, const struct audit *a,
    const unsigned char *box_sk, const char *pass, size_t pass_len,
    unsigned long long ops, size_t mem)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char kek_nonce[AUDIT_NONCE_LEN], sk_nonce[AUDIT_NONCE_LEN];
	unsigned char kek_ct[AUDIT_KEY_LEN + AUDIT_TAG_LEN];
	unsigned char sk_ct[AUDIT_BOX_SK_LEN + AUDIT_TAG_LEN];
	unsigned char *keys;	/* pwkey || K */
	struct buf ad = BUF_INIT, b = BUF_INIT;
	int rc = -1;

	keys = sodium_malloc(2 * AUDIT_KEY_LEN);
	if (keys == NULL)
		abort();
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(kek_nonce, sizeof kek_nonce);
	randombytes_buf(sk_nonce, sizeof sk_nonce);
	if (crypto_pwhash(keys, AUDIT_KEY_LEN, pass, pass_len, salt, ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		err_set("Argon2id: out of memory (%zu bytes asked)", mem);
		goto done;
	}
	crypto_aead_xchacha20poly1305_ietf_keygen(keys + AUDIT_KEY_LEN);
	audit_akey_ad(&ad, "QAKEK001", a, ops, mem, salt);
	crypto_aead_xchacha20poly1305_ietf_encrypt(kek_ct, NULL,
	    keys + AUDIT_KEY_LEN, AUDIT_KEY_LEN, (unsigned char *)ad.ptr,
	    ad.len, NULL, kek_nonce, keys);
	audit_akey_ad(&ad, "QAKSK001", a, ops, mem, salt);
	crypto_aead_xchacha20poly1305_ietf_encrypt(sk_ct, NULL, box_sk,
	    AUDIT_BOX_SK_LEN, (unsigned char *)ad.ptr, ad.len, NULL, sk_nonce,
	    keys + AUDIT_KEY_LEN);

	buf_adds(&b, "quire-audit-key 1\n");
	audit_line_hex(&b, "log_id", a->log_id, AUDIT_LOG_ID_LEN);
	audit_line_hex(&b, "box_pk", a->box_pk, AUDIT_BOX_PK_LEN);
	audit_line_hex(&b, "sign_pk", a->sign_pk, AUDIT_SIGN_PK_LEN);
	buf_adds(&b, "alg argon2id13\n");
	buf_addf(&b, "ops %llu\n", ops);
	buf_addf(&b, "mem %zu\n", mem);
	audit_line_hex(&b, "salt", salt, sizeof salt);
	audit_line_hex(&b, "kek_nonce", kek_nonce, sizeof kek_nonce);
	audit_line_hex(&b, "kek", kek_ct, sizeof kek_ct);
	audit_line_hex(&b, "sk_nonce", sk_nonce, sizeof sk_nonce);
	audit_line_hex(&b, "box_sk", sk_ct, sizeof sk_ct);
	buf_adds(&b, "end 1\n");
	rc = fileio_replace(path, b.ptr, b.len, 0600,
	    FILEIO_DURABLE | FILEIO_STRICT_DIR);
done:
	sodium_free(keys);
	buf_release(&ad);
	buf_release(&b);
	return rc;
}

_Static_assert(AUDIT_SALT_LEN == crypto_pwhash_SALTBYTES,
    "the key file's salt is Argon2id's");

int
audit_akey_parse(struct audit_akey *k, const char *path, const char *p,
    size_t len)
{
	struct audit_lines l = { path, p, p + len, 0, BUF_INIT };
	int rc = -1;

	memset(k, 0, sizeof *k);
	if (audit_lines_expect(&l, "quire-audit-key") < 0)
		goto done;
	if (strcmp(l.value.ptr, "1") != 0) {
		err_set("%s:1: unknown key file version", path);
		goto done;
	}
	if (audit_lines_hex(&l, "log_id", k->log_id, sizeof k->log_id) < 0 ||
	    audit_lines_hex(&l, "box_pk", k->box_pk, sizeof k->box_pk) < 0 ||
	    audit_lines_hex(&l, "sign_pk", k->sign_pk, sizeof k->sign_pk) < 0 ||
	    audit_lines_expect(&l, "alg") < 0)
		goto done;
	if (strcmp(l.value.ptr, "argon2id13") != 0) {
		err_set("%s:%zu: unknown algorithm", path, l.lineno);
		goto done;
	}
	if (audit_lines_u64(&l, "ops", &k->ops) < 0 ||
	    audit_lines_u64(&l, "mem", &k->mem) < 0 ||
	    audit_lines_hex(&l, "salt", k->salt, sizeof k->salt) < 0 ||
	    audit_lines_hex(&l, "kek_nonce", k->kek_nonce,
	    sizeof k->kek_nonce) < 0 ||
	    audit_lines_hex(&l, "kek", k->kek, sizeof k->kek) < 0 ||
	    audit_lines_hex(&l, "sk_nonce", k->sk_nonce,
	    sizeof k->sk_nonce) < 0 ||
	    audit_lines_hex(&l, "box_sk", k->box_sk, sizeof k->box_sk) < 0 ||
	    audit_lines_expect(&l, "end") < 0)
		goto done;
	rc = 0;
done:
	buf_release(&l.value);
	return rc;
}

int
audit_akey_load(const char *path, const struct audit *a,
    unsigned char *box_sk, const char *pass, size_t pass_len)
{
	struct buf b = BUF_INIT, ad = BUF_INIT;
	struct audit_akey k;
	unsigned char pk[AUDIT_BOX_PK_LEN];
	unsigned char *keys = NULL;
	int rc;

	memset(&k, 0, sizeof k);
	rc = audit_file_read(&b, path);
	if (rc == 1) {
		err_set("%s: no auditor key", path);
		rc = -1;
	}
	if (rc < 0)
		goto done;
	rc = -1;
	if (audit_akey_parse(&k, path, b.ptr, b.len) < 0)
		goto done;
	if (memcmp(k.log_id, a->log_id, sizeof k.log_id) != 0 ||
	    memcmp(k.box_pk, a->box_pk, sizeof k.box_pk) != 0 ||
	    memcmp(k.sign_pk, a->sign_pk, sizeof k.sign_pk) != 0) {
		err_set("%s: the auditor key of another store (or the store "
		    "was replaced)", path);
		goto done;
	}
	/* Limits come from the file: bound them before Argon2id runs. */
	if (k.ops < crypto_pwhash_OPSLIMIT_MIN ||
	    k.ops > crypto_pwhash_OPSLIMIT_SENSITIVE * 4 ||
	    k.mem < crypto_pwhash_MEMLIMIT_MIN ||
	    k.mem > (uint64_t)crypto_pwhash_MEMLIMIT_SENSITIVE * 2) {
		err_set("%s: Argon2id limits out of range", path);
		goto done;
	}
	keys = sodium_malloc(2 * AUDIT_KEY_LEN);
	if (keys == NULL)
		abort();
	if (crypto_pwhash(keys, AUDIT_KEY_LEN, pass, pass_len, k.salt, k.ops,
	    (size_t)k.mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		err_set("Argon2id: out of memory (%llu bytes asked)",
		    (unsigned long long)k.mem);
		goto done;
	}
	audit_akey_ad(&ad, "QAKEK001", a, k.ops, k.mem, k.salt);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(keys + AUDIT_KEY_LEN,
	    NULL, NULL, k.kek, sizeof k.kek, (unsigned char *)ad.ptr, ad.len,
	    k.kek_nonce, keys) != 0) {
		err_set("wrong passphrase for %s", path);
		goto done;
	}
	audit_akey_ad(&ad, "QAKSK001", a, k.ops, k.mem, k.salt);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(box_sk, NULL, NULL,
	    k.box_sk, sizeof k.box_sk, (unsigned char *)ad.ptr, ad.len,
	    k.sk_nonce, keys + AUDIT_KEY_LEN) != 0) {
		err_set("%s: auditor key damaged", path);
		goto done;
	}
	if (crypto_scalarmult_base(pk, box_sk) != 0 ||
	    memcmp(pk, a->box_pk, sizeof pk) != 0) {
		sodium_memzero(box_sk, AUDIT_BOX_SK_LEN);
		err_set("%s: auditor key does not match its public key", path);
		goto done;
	}
	rc = 0;
done:
	if (keys != NULL)
		sodium_free(keys);
	sodium_memzero(&k, sizeof k);
	buf_release(&ad);
	buf_wipe(&b);
	return rc;
}
