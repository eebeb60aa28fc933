/*
 * check_audit.c: the audit trail. The construction against known answers
 * computed elsewhere (tests/data/audit/construction.py), recording and
 * reading back, every kind of tampering at random positions of a
 * 10,000-entry store (each must be detected at the right sequence
 * number), and the faults a real jump host sees: a wrong passphrase, a
 * truncated key file, a clock set back, another writer holding the lock,
 * a full disk, a damaged page, kill -9 in a burst of appends, several
 * processes appending at once, and pruning under the retention rule.
 *
 * Random positions come from a seed printed on failure; set
 * QUIRE_TEST_SEED to replay one.
 */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <pwd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "audit_int.h"
#include "buf.h"
#include "err.h"
#include "ident.h"

#ifndef AUDIT_TEST_SRCDIR
#define AUDIT_TEST_SRCDIR "."
#endif
#define PASS "correct horse battery staple"
#define BIG_N 10000		/* entries in the tampering store */
#define CODE_HASH \
	"e6c1191483d0a9cec302e67d9715839fed2d9ef12c9f5289d9d59393101aa309"

struct fake_clock {
	int64_t now;
	int64_t step;		/* added after every reading */
};

static int64_t
fake_clock_now(void *arg)
{
	struct fake_clock *c = arg;
	int64_t t = c->now;

	c->now += c->step;
	return t;
}

static int64_t
real_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static unsigned test_seed;

static void
seed_init(void)
{
	const char *s = getenv("QUIRE_TEST_SEED");

	test_seed = s != NULL ? (unsigned)strtoul(s, NULL, 10) :
	    (unsigned)time(NULL) ^ (unsigned)getpid();
	srandom(test_seed);
}

/* A scratch directory in the build tree, removed by scratch_free. */
static char *
scratch_new(void)
{
	char tmpl[] = "check_audit.XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static int
scratch_rm(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
scratch_free(char *d)
{
	if (d != NULL)
		nftw(d, scratch_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(d);
}

static char *
path_in(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

static void
init_store(const char *path, struct fake_clock *clk, uint64_t epoch_entries,
    int64_t epoch_seconds, uint64_t ckpt_entries)
{
	struct audit_init_opts o;

	memset(&o, 0, sizeof o);
	o.passphrase = PASS;
	o.passphrase_len = strlen(PASS);
	o.kdf_ops = crypto_pwhash_OPSLIMIT_MIN;
	o.kdf_mem = crypto_pwhash_MEMLIMIT_MIN;
	o.epoch_entries = epoch_entries;
	o.epoch_seconds = epoch_seconds;
	o.checkpoint_entries = ckpt_entries;
	ck_assert_msg(audit_store_init_clock(path, &o,
	    clk != NULL ? fake_clock_now : NULL, clk) == 0, "init: %s",
	    err_last());
}

static struct audit *
open_writer(const char *path, struct fake_clock *clk)
{
	struct audit *a;

	ck_assert_msg(audit_log_open(&a, path, AUDIT_OPEN_WRITE) == 0,
	    "open: %s", err_last());
	if (clk != NULL)
		audit_log_set_clock(a, fake_clock_now, clk);
	return a;
}

static struct audit *
open_reader(const char *path, bool unlock)
{
	struct audit *a;

	ck_assert_msg(audit_log_open(&a, path, 0) == 0, "open: %s",
	    err_last());
	if (unlock)
		ck_assert_msg(audit_log_unlock(a, NULL, PASS,
		    strlen(PASS)) == 0, "unlock: %s", err_last());
	return a;
}

/* Verify without recording; the report is the caller's. */
static void
verify_path(const char *path, bool unlock, struct audit_verify_report *r)
{
	struct audit *a;
	struct audit_verify_opts o = { NULL, false };

	if (audit_log_open(&a, path, 0) < 0) {
		memset(r, 0, sizeof *r);
		r->problem = strdup(err_last());
		r->ok = false;
		return;
	}
	if (unlock)
		ck_assert_msg(audit_log_unlock(a, NULL, PASS,
		    strlen(PASS)) == 0, "unlock: %s", err_last());
	ck_assert_int_eq(audit_verify(a, &o, r), 0);
	audit_log_close(a);
}

static void
assert_verifies(const char *path, bool unlock)
{
	struct audit_verify_report r;

	verify_path(path, unlock, &r);
	ck_assert_msg(r.ok, "verify failed at seq %llu: %s",
	    (unsigned long long)r.bad_seq, r.problem);
	ck_assert(r.macs_checked == unlock);
	audit_verify_report_release(&r);
}

static struct audit_event
cell_event(uint64_t i)
{
	static char id[32];

	snprintf(id, sizeof id, "cell-%llu", (unsigned long long)i);
	return (struct audit_event){ .type = AUDIT_CELL_RUN,
		.notebook = "/home/alice/nb/loan_risk.py", .cell_id = id,
		.cell_name = "threshold", .code_hash = CODE_HASH,
		.duration_us = (int64_t)(i % 1000) * 7 };
}

static void
record_cells(struct audit *a, uint64_t n)
{
	struct audit_event ev[500];
	char ids[500][32];
	uint64_t done = 0, k, i;

	while (done < n) {
		k = n - done < 500 ? n - done : 500;
		for (i = 0; i < k; i++) {
			ev[i] = cell_event(done + i);
			snprintf(ids[i], sizeof ids[i], "cell-%llu",
			    (unsigned long long)(done + i));
			ev[i].cell_id = ids[i];
		}
		ck_assert_msg(audit_record_batch(a, ev, k) == 0, "batch: %s",
		    err_last());
		done += k;
	}
}

static void
copy_file(const char *from, const char *to)
{
	char chunk[65536];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	if (in == NULL)
		return;		/* a side file that is not there */
	out = fopen(to, "wb");
	ck_assert_ptr_nonnull(out);
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		ck_assert_uint_eq(fwrite(chunk, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* Copy a (checkpointed, closed) store and its key files. */
static void
copy_store(const char *from, const char *to)
{
	static const char *const sfx[] = { "", "-wal", ".key", ".writer",
		".pub", ".head", NULL };
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t i;

	for (i = 0; sfx[i] != NULL; i++) {
		buf_reset(&a);
		buf_reset(&b);
		buf_addf(&a, "%s%s", from, sfx[i]);
		buf_addf(&b, "%s%s", to, sfx[i]);
		copy_file(a.ptr, b.ptr);
	}
	buf_release(&a);
	buf_release(&b);
}

/* A plain connection, as an attacker with the sqlite3 shell has. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	/* Tampering needs no durability, and the suite has a time budget. */
	sqlite3_exec(db, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
	return db;
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg != NULL ? msg : "?");
}

static void
raw_drop_triggers(sqlite3 *db)
{
	raw_exec(db, "DROP TRIGGER IF EXISTS entries_no_update;"
	    "DROP TRIGGER IF EXISTS entries_no_delete;"
	    "DROP TRIGGER IF EXISTS entries_append;"
	    "DROP TRIGGER IF EXISTS checkpoints_no_delete;"
	    "DROP TRIGGER IF EXISTS prunes_no_delete;");
}

static int64_t
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Flip one bit of a blob column of one row. */
static void
raw_flip(sqlite3 *db, const char *col, uint64_t seq)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	unsigned char *p;
	int n;

	buf_addf(&sql, "SELECT %s FROM entries WHERE seq = %llu", col,
	    (unsigned long long)seq);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql.ptr, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_bytes(st, 0);
	ck_assert_int_gt(n, 0);
	p = malloc((size_t)n);
	memcpy(p, sqlite3_column_blob(st, 0), (size_t)n);
	sqlite3_finalize(st);
	p[random() % n] ^= (unsigned char)(1u << (random() % 8));
	buf_reset(&sql);
	buf_addf(&sql, "UPDATE entries SET %s = ? WHERE seq = %llu", col,
	    (unsigned long long)seq);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql.ptr, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(st, 1, p, n, SQLITE_TRANSIENT);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(p);
	buf_release(&sql);
}

/* Move rows with seq >= from by delta without primary key clashes. */
static void
raw_shift(sqlite3 *db, uint64_t from, int delta)
{
	struct buf sql = BUF_INIT;

	buf_addf(&sql, "UPDATE entries SET seq = -(seq + %d) WHERE seq >= %llu;"
	    "UPDATE entries SET seq = -seq WHERE seq < 0;", delta,
	    (unsigned long long)from);
	raw_exec(db, sql.ptr);
	buf_release(&sql);
}

/*
 * What an attacker without keys can still do: recompute the unkeyed
 * hash chain from seq on, so that the chain is whole again. Only the
 * MACs (and anything outside the file) can tell.
 */
static void
raw_rechain(sqlite3 *db, const char *store, uint64_t from)
{
	struct audit *a;
	struct buf header = BUF_INIT;
	sqlite3_stmt *st, *up;
	unsigned char prev[AUDIT_HASH_LEN], h[AUDIT_HASH_LEN];
	unsigned char log_id[AUDIT_LOG_ID_LEN];

	a = open_reader(store, false);
	memcpy(log_id, a->log_id, sizeof log_id);
	audit_log_close(a);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT seq, ts_utc, epoch,"
	    " event_type, outcome, nonce, payload FROM entries WHERE seq >= ?"
	    " ORDER BY seq", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "UPDATE entries SET hash = ?"
	    " WHERE seq = ?", -1, &up, NULL), SQLITE_OK);
	{
		sqlite3_stmt *p;

		ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT hash FROM"
		    " entries WHERE seq = ?", -1, &p, NULL), SQLITE_OK);
		sqlite3_bind_int64(p, 1, (sqlite3_int64)from - 1);
		if (sqlite3_step(p) == SQLITE_ROW)
			memcpy(prev, sqlite3_column_blob(p, 0), sizeof prev);
		else
			memset(prev, 0, sizeof prev);
		sqlite3_finalize(p);
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	raw_exec(db, "BEGIN");
	while (sqlite3_step(st) == SQLITE_ROW) {
		audit_header_encode(&header, log_id,
		    (uint64_t)sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1),
		    (uint64_t)sqlite3_column_int64(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4));
		audit_entry_hash(h, prev, &header, sqlite3_column_blob(st, 5),
		    sqlite3_column_blob(st, 6),
		    (size_t)sqlite3_column_bytes(st, 6));
		sqlite3_reset(up);
		sqlite3_bind_blob(up, 1, h, sizeof h, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 2, sqlite3_column_int64(st, 0));
		ck_assert_int_eq(sqlite3_step(up), SQLITE_DONE);
		memcpy(prev, h, sizeof prev);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	raw_exec(db, "COMMIT");
	buf_release(&header);
}

static void
assert_bad_at(const char *path, uint64_t seq, const char *what)
{
	struct audit_verify_report r;

	verify_path(path, true, &r);
	ck_assert_msg(!r.ok, "seed %u: %s at seq %llu not detected", test_seed,
	    what, (unsigned long long)seq);
	ck_assert_msg(r.bad_seq == seq, "seed %u: %s at seq %llu reported at "
	    "seq %llu: %s", test_seed, what, (unsigned long long)seq,
	    (unsigned long long)r.bad_seq, r.problem);
	audit_verify_report_release(&r);
}

/* ---- construction ---------------------------------------------------- */

static void
hex_eq(const unsigned char *p, size_t len, const char *want)
{
	char got[1024];

	ck_assert_uint_lt(len * 2, sizeof got);
	sodium_bin2hex(got, sizeof got, p, len);
	ck_assert_str_eq(got, want);
}

static void
unhex(unsigned char *out, size_t len, const char *hex)
{
	ck_assert_int_eq(audit_unhex(out, len, hex), 0);
}

START_TEST(test_audit_crypto_known_answers)
{
	unsigned char out[64], seed[32], pk[32], sk[64], sig[64];
	unsigned char key[32], nonce[24], ad[12], ct[256], pt2[256];
	unsigned long long clen;
	const char *pt = "Ladies and Gentlemen of the class of '99: If I could "
	    "offer you only one tip for the future, sunscreen would be it.";
	char str[crypto_pwhash_STRBYTES];
	size_t i;

	ck_assert_int_ge(sodium_init(), 0);
	crypto_generichash(out, 64, (const unsigned char *)"abc", 3, NULL, 0);
	hex_eq(out, 64, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb"
	    "6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386e"
	    "dd4009923");
	crypto_generichash(out, 32, NULL, 0, NULL, 0);
	hex_eq(out, 32, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab4"
	    "5cdf12fe3a8");
	unhex(seed, 32, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703ba"
	    "c031cae7f60");
	crypto_sign_seed_keypair(pk, sk, seed);
	hex_eq(pk, 32, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a"
	    "68f707511a");
	crypto_sign_detached(sig, NULL, (const unsigned char *)"", 0, sk);
	hex_eq(sig, 64, "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e0"
	    "65224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2465514143"
	    "8e7a100b");
	for (i = 0; i < 32; i++)
		key[i] = (unsigned char)(0x80 + i);
	unhex(nonce, 24, "404142434445464748494a4b4c4d4e4f5051525354555657");
	unhex(ad, 12, "50515253c0c1c2c3c4c5c6c7");
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &clen,
	    (const unsigned char *)pt, strlen(pt), ad, sizeof ad, NULL, nonce,
	    key);
	ck_assert_uint_eq(clen, strlen(pt) + 16);
	hex_eq(ct, strlen(pt), "bd6d179d3e83d43b9576579493c0e939572a1700252bf"
	    "accbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c2"
	    "16cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f"
	    "76b2383565d3fff921f9664c97637da9768812f615c68b13b52e");
	hex_eq(ct + strlen(pt), 16, "c0875924c1c7987947deafd8780acf49");
	ad[0] ^= 1;
	ck_assert_int_ne(crypto_aead_xchacha20poly1305_ietf_decrypt(pt2, NULL,
	    NULL, ct, clen, ad, sizeof ad, nonce, key), 0);
	for (i = 0; i < 32; i++)
		key[i] = (unsigned char)i;
	crypto_kdf_derive_from_key(out, 64, 0, "KDF test", key);
	hex_eq(out, 64, "a0c724404728c8bb95e5433eb6a9716171144d61efb23e74b873f"
	    "cbeda51d8071b5d70aae12066dfc94ce943f145aa176c055040c3dd73b0a15e36"
	    "254d450614");
	crypto_kdf_derive_from_key(out, 16, 16, "KDF test", key);
	hex_eq(out, 16, "a529216624ef9161e4cf117272aafff2");
	ck_assert_int_eq(crypto_pwhash_str(str, "x", 1,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	ck_assert_int_eq(strncmp(str, "$argon2id$v=19$m=65536,t=2,p=1$", 31),
	    0);
}
END_TEST

/* Read "name hex" lines of tests/data/audit/construction.txt. */
static void
vector_get(const char *name, struct buf *out)
{
	struct buf path = BUF_INIT;
	const char *srcdir = getenv("srcdir");
	char line[1024];
	size_t n = strlen(name);
	FILE *f;

	buf_addf(&path, "%s/tests/data/audit/construction.txt",
	    srcdir != NULL ? srcdir : ".");
	f = fopen(path.ptr, "r");
	if (f == NULL) {
		/* Run by hand, outside the harness. */
		buf_reset(&path);
		buf_adds(&path, AUDIT_TEST_SRCDIR
		    "/tests/data/audit/construction.txt");
		f = fopen(path.ptr, "r");
	}
	ck_assert_msg(f != NULL, "cannot open %s", path.ptr);
	buf_reset(out);
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, name, n) == 0 && line[n] == ' ') {
			buf_adds(out, line + n + 1);
			buf_rtrim(out);
		}
	fclose(f);
	ck_assert_msg(out->len > 0, "no %s in %s", name, path.ptr);
	buf_release(&path);
}

START_TEST(test_audit_construction_vector)
{
	unsigned char a0[32], key[32], enc[32], mac_key[32];
	unsigned char log_id[16], prev[32], nonce[24], h[32], mac[32];
	struct buf header = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	const char *cipher = "ciphertext-bytes";
	size_t i;

	for (i = 0; i < 32; i++)
		a0[i] = (unsigned char)i;
	for (i = 0; i < 16; i++)
		log_id[i] = (unsigned char)(0x40 + i);
	for (i = 0; i < 24; i++)
		nonce[i] = (unsigned char)(0x60 + i);
	memset(prev, 0xaa, sizeof prev);
	audit_key_at_epoch(key, a0, 1);
	vector_get("a1", &want);
	hex_eq(key, 32, want.ptr);
	audit_entry_keys(enc, mac_key, key, 2);
	vector_get("enc", &want);
	hex_eq(enc, 32, want.ptr);
	vector_get("mac_key", &want);
	hex_eq(mac_key, 32, want.ptr);
	audit_header_encode(&header, log_id, 2, 1700000000000000LL, 1,
	    "CELL_RUN", "ok");
	audit_hex(&got, (unsigned char *)header.ptr, header.len);
	vector_get("header", &want);
	ck_assert_str_eq(got.ptr, want.ptr);
	audit_entry_hash(h, prev, &header, nonce,
	    (const unsigned char *)cipher, strlen(cipher));
	vector_get("hash", &want);
	hex_eq(h, 32, want.ptr);
	audit_entry_mac(mac, h, mac_key);
	vector_get("mac", &want);
	hex_eq(mac, 32, want.ptr);
	buf_release(&header);
	buf_release(&want);
	buf_release(&got);
}
END_TEST

/*
 * A stored row recomputed from scratch with libsodium: the chain hash,
 * the MAC under the key derived from A_0, and the payload decrypted with
 * the spec's associated data. A_0 comes from the sealed box in the
 * store, opened with the auditor key.
 */
START_TEST(test_audit_row_is_the_spec_construction)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit *a;
	sqlite3 *db;
	sqlite3_stmt *st;
	unsigned char prev[32], h[32], mac[32], key[32], enc[32], mk[32];
	unsigned char log_id[16], *plain;
	unsigned long long plen;
	crypto_generichash_state hs;
	struct buf ad = BUF_INIT;
	json_t *obj;
	struct passwd *pw = getpwuid(getuid());
	uint64_t seq;
	int64_t ts;
	int n;

	init_store(store, NULL, 0, 0, 0);
	a = open_writer(store, NULL);
	ck_assert_int_eq(audit_record(a, &(struct audit_event){
	    .type = AUDIT_NOTEBOOK_OPEN, .notebook = "/tmp/nb.py",
	    .content_hash = "00ff", .trust = "no record" }), 0);
	audit_log_close(a);
	a = open_reader(store, true);
	memcpy(log_id, a->log_id, 16);
	db = raw_open(store);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT seq, ts_utc, epoch,"
	    " event_type, outcome, nonce, payload, hash, mac FROM entries"
	    " ORDER BY seq", -1, &st, NULL), SQLITE_OK);
	memset(prev, 0, sizeof prev);
	while (sqlite3_step(st) == SQLITE_ROW) {
		seq = (uint64_t)sqlite3_column_int64(st, 0);
		ts = sqlite3_column_int64(st, 1);
		ck_assert_int_eq(sqlite3_column_int64(st, 2), 0);
		/* header built by hand: log_id, u64 seq, i64 ts, u64 epoch,
		 * length-prefixed type and outcome */
		buf_reset(&ad);
		buf_add(&ad, log_id, 16);
		for (n = 0; n < 8; n++)
			buf_addc(&ad, (char)(seq >> (8 * n)));
		for (n = 0; n < 8; n++)
			buf_addc(&ad, (char)((uint64_t)ts >> (8 * n)));
		for (n = 0; n < 8; n++)
			buf_addc(&ad, 0);
		buf_addc(&ad, (char)strlen((const char *)
		    sqlite3_column_text(st, 3)));
		buf_adds(&ad, (const char *)sqlite3_column_text(st, 3));
		buf_addc(&ad, (char)strlen((const char *)
		    sqlite3_column_text(st, 4)));
		buf_adds(&ad, (const char *)sqlite3_column_text(st, 4));
		crypto_generichash_init(&hs, NULL, 0, 32);
		crypto_generichash_update(&hs, prev, 32);
		crypto_generichash_update(&hs, (unsigned char *)ad.ptr, ad.len);
		crypto_generichash_update(&hs, sqlite3_column_blob(st, 5), 24);
		crypto_generichash_update(&hs, sqlite3_column_blob(st, 6),
		    (size_t)sqlite3_column_bytes(st, 6));
		crypto_generichash_final(&hs, h, 32);
		ck_assert_int_eq(memcmp(h, sqlite3_column_blob(st, 7), 32), 0);
		memcpy(key, a->sec->a0, 32);
		crypto_kdf_derive_from_key(mk, 32, seq, "QAMAC001", key);
		crypto_kdf_derive_from_key(enc, 32, seq, "QAENC001", key);
		crypto_generichash(mac, 32, h, 32, mk, 32);
		ck_assert_int_eq(memcmp(mac, sqlite3_column_blob(st, 8), 32),
		    0);
		buf_add(&ad, prev, 32);
		n = sqlite3_column_bytes(st, 6);
		plain = malloc((size_t)n + 1);
		ck_assert_int_eq(crypto_aead_xchacha20poly1305_ietf_decrypt(
		    plain, &plen, NULL, sqlite3_column_blob(st, 6),
		    (unsigned long long)n, (unsigned char *)ad.ptr, ad.len,
		    sqlite3_column_blob(st, 5), enc), 0);
		obj = json_loadb((char *)plain, plen, 0, NULL);
		ck_assert_ptr_nonnull(obj);
		ck_assert_int_eq(json_integer_value(json_object_get(obj,
		    "uid")), getuid());
		ck_assert_str_eq(json_string_value(json_object_get(obj,
		    "user")), pw->pw_name);
		ck_assert_ptr_nonnull(json_object_get(obj, "mono_us"));
		if (seq == 2)
			ck_assert_str_eq(json_string_value(json_object_get(obj,
			    "notebook")), "/tmp/nb.py");
		json_decref(obj);
		free(plain);
		memcpy(prev, h, 32);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	audit_log_close(a);
	buf_release(&ad);
	free(store);
	scratch_free(dir);
}
END_TEST

/* ---- recording and reading -------------------------------------------- */

struct rows {
	size_t n;
	struct buf text;
	uint64_t last_seq;
};

static int
rows_collect(const struct audit_row *row, void *arg)
{
	struct rows *r = arg;

	r->n++;
	r->last_seq = row->seq;
	audit_row_format(&r->text, row, AUDIT_FORMAT_JSONL);
	return 0;
}

START_TEST(test_audit_record_and_query)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct fake_clock clk = { 1700000000000000LL, 1000 };
	const char *params[] = { "x' OR 1=1 --", "42" };
	struct audit_kv via = { "via", "move" };
	struct audit *a;
	struct audit_filter f;
	struct rows r = { 0, BUF_INIT, 0 };
	int t;

	init_store(store, &clk, 0, 0, 0);
	a = open_writer(store, &clk);
	/* Every recordable type once, the first with typed fields. */
	for (t = 0; t < AUDIT_NTYPES; t++) {
		if (t == AUDIT_EPOCH_SEAL)
			continue;
		ck_assert_msg(audit_record(a, &(struct audit_event){
		    .type = (enum audit_type)t,
		    .outcome = t == AUDIT_AUTHZ_DENY ? AUDIT_DENIED : AUDIT_OK,
		    .notebook = t % 2 ? "/srv/nb/a.py" : "/srv/nb/b.py",
		    .sql = t == AUDIT_SQL_EXEC ? "SELECT * FROM t WHERE a = ?" :
		    NULL, .sql_params = params, .nsql_params =
		    t == AUDIT_SQL_EXEC ? 2 : 0,
		    .extra = &via, .nextra = 1 }) == 0, "%s", err_last());
	}
	ck_assert_int_eq(audit_record(a, &(struct audit_event){
	    .type = AUDIT_SECRET_READ, .secret = "db_password" }), 0);
	/* The store makes seals; a caller may not. */
	ck_assert_int_eq(audit_record(a, &(struct audit_event){
	    .type = AUDIT_EPOCH_SEAL }), -1);
	audit_log_close(a);

	a = open_writer(store, &clk);
	ck_assert_int_eq(audit_log_unlock(a, NULL, PASS, strlen(PASS)), 0);
	ck_assert_int_eq(audit_query(a, NULL, NULL, rows_collect, &r), 0);
	/* AUDIT_INIT, 23 recorded types, SECRET_READ, and the read itself */
	ck_assert_uint_eq(r.n, 1 + 23 + 1 + 1);
	ck_assert_ptr_nonnull(strstr(r.text.ptr, "\"sql_params\":[\"x' OR 1=1 "
	    "--\",\"42\"]"));
	ck_assert_ptr_nonnull(strstr(r.text.ptr, "\"secret\":\"db_password\""));
	ck_assert_ptr_nonnull(strstr(r.text.ptr, "\"type\":\"AUDIT_READ\""));
	ck_assert_ptr_nonnull(strstr(r.text.ptr, "\"via\":\"move\""));

	memset(&f, 0, sizeof f);
	f.by_type = true;
	f.type = AUDIT_AUTHZ_DENY;
	r.n = 0;
	buf_reset(&r.text);
	ck_assert_int_eq(audit_query(a, &f, NULL, rows_collect, &r), 0);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_ptr_nonnull(strstr(r.text.ptr, "\"outcome\":\"denied\""));

	memset(&f, 0, sizeof f);
	f.notebook = "a.py";
	r.n = 0;
	ck_assert_int_eq(audit_query(a, &f, NULL, rows_collect, &r), 0);
	ck_assert_uint_eq(r.n, 11);	/* the odd types 1..21 */

	memset(&f, 0, sizeof f);
	f.user = "no-such-user-here";
	r.n = 0;
	ck_assert_int_eq(audit_query(a, &f, NULL, rows_collect, &r), 0);
	ck_assert_uint_eq(r.n, 0);
	f.user = getpwuid(getuid())->pw_name;
	ck_assert_int_eq(audit_query(a, &f, NULL, rows_collect, &r), 0);
	ck_assert_uint_gt(r.n, 20);

	memset(&f, 0, sizeof f);
	f.since_us = 1700000000000000LL + 1000000000LL;	/* the future */
	r.n = 0;
	ck_assert_int_eq(audit_query(a, &f, "jsonl", rows_collect, &r), 0);
	ck_assert_uint_eq(r.n, 0);
	audit_log_close(a);
	assert_verifies(store, true);
	assert_verifies(store, false);
	buf_release(&r.text);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_query_needs_passphrase)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit *a;
	struct rows r = { 0, BUF_INIT, 0 };

	init_store(store, NULL, 0, 0, 0);
	a = open_reader(store, false);
	ck_assert_int_eq(audit_query(a, NULL, NULL, rows_collect, &r), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "passphrase"));
	audit_log_close(a);
	free(store);
	scratch_free(dir);
}
END_TEST

struct fmt_rows {
	enum audit_format fmt;
	struct buf out;
};

static int
fmt_collect(const struct audit_row *row, void *arg)
{
	struct fmt_rows *f = arg;

	audit_row_format(&f->out, row, f->fmt);
	return 0;
}

START_TEST(test_audit_formats_escape_controls)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit *a;
	struct fmt_rows f = { AUDIT_FORMAT_TEXT, BUF_INIT };
	json_t *obj;
	size_t i;

	init_store(store, NULL, 0, 0, 0);
	a = open_writer(store, NULL);
	ck_assert_int_eq(audit_record(a, &(struct audit_event){
	    .type = AUDIT_EXPORT_BLOCKED, .outcome = AUDIT_DENIED,
	    .notebook = "/tmp/\x1b]0;owned\x07x\n.py",
	    .target = "elsewhere", .reason = "=HYPERLINK(\"http://x\"), bad "
	    "\xc2\x9b" "31m \xe2\x80\xae" }), 0);
	ck_assert_int_eq(audit_log_unlock(a, NULL, PASS, strlen(PASS)), 0);
	ck_assert_int_eq(audit_query(a, NULL, NULL, fmt_collect, &f), 0);
	for (i = 0; i < f.out.len; i++)
		ck_assert_msg((unsigned char)f.out.ptr[i] >= 0x20 ||
		    f.out.ptr[i] == '\n', "control byte %02x in text output",
		    (unsigned char)f.out.ptr[i]);
	ck_assert_ptr_null(strstr(f.out.ptr, "\xc2\x9b"));
	ck_assert_ptr_nonnull(strstr(f.out.ptr, "EXPORT_BLOCKED denied"));

	f.fmt = AUDIT_FORMAT_JSONL;
	buf_reset(&f.out);
	ck_assert_int_eq(audit_query(a, NULL, NULL, fmt_collect, &f), 0);
	ck_assert_ptr_null(strstr(f.out.ptr, "\x1b"));
	ck_assert_ptr_null(strstr(f.out.ptr, "\xc2\x9b"));
	ck_assert_ptr_null(strstr(f.out.ptr, "\xe2\x80\xae"));
	ck_assert_ptr_nonnull(strstr(f.out.ptr, "\\u009b"));
	/* Each line is one JSON object with the exact bytes inside. */
	obj = json_loads(strchr(f.out.ptr, '\n') + 1, JSON_DISABLE_EOF_CHECK,
	    NULL);
	ck_assert_ptr_nonnull(obj);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(obj,
	    "fields"), "notebook")), "/tmp/\x1b]0;owned\x07x\n.py");
	json_decref(obj);

	f.fmt = AUDIT_FORMAT_CSV;
	buf_reset(&f.out);
	audit_format_header(&f.out, AUDIT_FORMAT_CSV);
	ck_assert_int_eq(strncmp(f.out.ptr, "seq,time,epoch,type,outcome,user",
	    32), 0);
	ck_assert_int_eq(audit_query(a, NULL, "csv", fmt_collect, &f), 0);
	ck_assert_ptr_null(strchr(f.out.ptr, '\x1b'));
	/* The formula is defused and the field quoted. */
	ck_assert_ptr_nonnull(strstr(f.out.ptr, "'=HYPERLINK"));
	audit_log_close(a);
	buf_release(&f.out);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_triggers_refuse_changes)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit *a;
	sqlite3 *db;

	init_store(store, NULL, 0, 0, 0);
	a = open_writer(store, NULL);
	record_cells(a, 5);
	audit_log_close(a);
	db = raw_open(store);
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE entries SET outcome = 'ok'",
	    NULL, NULL, NULL), SQLITE_OK);
	ck_assert_ptr_nonnull(strstr(sqlite3_errmsg(db), "append-only"));
	ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM entries WHERE seq = 3",
	    NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "INSERT OR REPLACE INTO entries"
	    " SELECT * FROM entries WHERE seq = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	raw_exec(db, "PRAGMA recursive_triggers = ON");
	ck_assert_int_ne(sqlite3_exec(db, "INSERT OR REPLACE INTO entries"
	    " SELECT * FROM entries WHERE seq = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "INSERT INTO entries SELECT seq + 10,"
	    " ts_utc, epoch, event_type, outcome, nonce, payload, hash, mac"
	    " FROM entries WHERE seq = 2", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM checkpoints", NULL,
	    NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE meta SET value = 1 WHERE"
	    " key = 'epoch_entries'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM entries"), 6);
	sqlite3_close(db);
	assert_verifies(store, true);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_epochs_seal_and_evolve)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct fake_clock clk = { 1700000000000000LL, 10 };
	struct audit *a;
	sqlite3 *db;
	unsigned char key[32], want[32];
	uint64_t fe;
	int64_t seals, e;

	init_store(store, &clk, 10, 60, 0);
	a = open_writer(store, &clk);
	record_cells(a, 35);	/* 36 entries: seals after 10, 20, 30 */
	/* A minute passes: the next append seals by time. */
	clk.now += 61 * 1000000LL;
	record_cells(a, 1);
	/* Idle for another minute: a tick seals the empty epoch too. */
	clk.now += 61 * 1000000LL;
	ck_assert_int_eq(audit_tick(a), 0);
	audit_log_close(a);
	db = raw_open(store);
	seals = raw_int(db, "SELECT count(*) FROM entries WHERE event_type ="
	    " 'EPOCH_SEAL'");
	e = raw_int(db, "SELECT max(epoch) FROM entries");
	sqlite3_close(db);
	ck_assert_int_eq(seals, 5);
	ck_assert_int_eq(e, 4);
	/* The writer key on disk is the current epoch's, and only that. */
	a = open_reader(store, true);
	{
		struct buf p = BUF_INIT;

		buf_addf(&p, "%s.writer", store);
		ck_assert_int_eq(audit_writer_load(p.ptr, a->log_id, &fe, key,
		    NULL), 0);
		buf_release(&p);
	}
	ck_assert_uint_eq(fe, 5);
	audit_key_at_epoch(want, a->sec->a0, 5);
	ck_assert_int_eq(memcmp(key, want, 32), 0);
	audit_key_at_epoch(want, a->sec->a0, 4);
	ck_assert_int_ne(memcmp(key, want, 32), 0);
	audit_log_close(a);
	assert_verifies(store, true);
	assert_verifies(store, false);
	free(store);
	scratch_free(dir);
}
END_TEST

struct sink {
	struct buf lines;
	size_t n;
};

static void
sink_line(void *arg, const char *line)
{
	struct sink *s = arg;

	buf_addf(&s->lines, "Nov 23 13:43:35 host quire-audit[1]: %s\n", line);
	s->n++;
}

START_TEST(test_audit_syslog_anchors)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	char *anchors = path_in(dir, "syslog.txt"), *other = path_in(dir,
	    "b.db");
	struct sink s = { BUF_INIT, 0 };
	struct audit *a;
	struct audit_verify_report r;
	struct audit_verify_opts o = { NULL, false };
	sqlite3 *db;
	FILE *f;

	o.anchor_path = anchors;
	init_store(store, NULL, 0, 0, 5);
	a = open_writer(store, NULL);
	audit_log_set_syslog(a, sink_line, &s);
	record_cells(a, 12);
	ck_assert_int_eq(audit_record(a, &(struct audit_event){
	    .type = AUDIT_SESSION_END }), 0);
	audit_log_close(a);
	/* 13 entry digests and checkpoints at 6, 11 (every 5) and 14. */
	ck_assert_ptr_nonnull(strstr(s.lines.ptr, "entry log="));
	ck_assert_ptr_nonnull(strstr(s.lines.ptr, "checkpoint log="));
	ck_assert_ptr_null(strstr(s.lines.ptr, "cell-"));	/* no content */
	f = fopen(anchors, "w");
	fputs(s.lines.ptr, f);
	fclose(f);
	a = open_reader(store, true);
	ck_assert_int_eq(audit_verify(a, &o, &r), 0);
	ck_assert_msg(r.ok, "%s", r.problem);
	ck_assert_uint_ge(r.nanchors, 13);
	audit_verify_report_release(&r);
	audit_log_close(a);

	/* Truncated, with the checkpoints and head mark cleaned up too:
	 * only the anchors off the host still know. */
	db = raw_open(store);
	raw_drop_triggers(db);
	raw_exec(db, "DELETE FROM entries WHERE seq > 9;"
	    "DELETE FROM checkpoints WHERE seq > 9");
	sqlite3_close(db);
	{
		struct buf p = BUF_INIT;

		buf_addf(&p, "%s.head", store);
		unlink(p.ptr);
		buf_release(&p);
	}
	a = open_reader(store, false);
	ck_assert_int_eq(audit_verify(a, &o, &r), 0);
	ck_assert(!r.ok);
	ck_assert_uint_eq(r.bad_seq, 10);
	audit_verify_report_release(&r);
	audit_log_close(a);

	/* A whole other store in its place: no anchor names its log. */
	init_store(other, NULL, 0, 0, 0);
	copy_file(other, store);
	{
		struct buf p = BUF_INIT;

		buf_addf(&p, "%s.pub", store);
		unlink(p.ptr);
		buf_release(&p);
	}
	a = open_reader(store, false);
	ck_assert_int_eq(audit_verify(a, &o, &r), 0);
	ck_assert(!r.ok);
	ck_assert_ptr_nonnull(strstr(r.problem, "replaced"));
	audit_verify_report_release(&r);
	audit_log_close(a);
	buf_release(&s.lines);
	free(anchors);
	free(other);
	free(store);
	scratch_free(dir);
}
END_TEST

/* ---- tampering in a 10,000-entry store ------------------------------- */

static char *big_dir, *big_store;

static void
big_setup(void)
{
	struct fake_clock clk = { 1700000000000000LL, 50 };
	struct audit *a;
	sqlite3 *db;

	seed_init();
	big_dir = scratch_new();
	big_store = path_in(big_dir, "big.db");
	/* Ten epochs of 1,000 entries, checkpoints every 500. */
	init_store(big_store, &clk, 1000, 0, 500);
	a = open_writer(big_store, &clk);
	record_cells(a, BIG_N);
	audit_log_close(a);
	db = raw_open(big_store);
	raw_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);
}

static void
big_teardown(void)
{
	scratch_free(big_dir);
	free(big_store);
}

/* A fresh copy of the big store to damage. */
static char *
big_copy(const char *tag, int i)
{
	struct buf b = BUF_INIT;
	char *p;

	buf_addf(&b, "%s/%s-%d.db", big_dir, tag, i);
	p = buf_detach(&b, NULL);
	copy_store(big_store, p);
	return p;
}

static uint64_t
big_last(void)
{
	sqlite3 *db = raw_open(big_store);
	uint64_t n = (uint64_t)raw_int(db, "SELECT max(seq) FROM entries");

	sqlite3_close(db);
	return n;
}

static void
big_remove(const char *p)
{
	static const char *const sfx[] = { "", "-wal", "-shm", ".key",
		".writer", ".pub", ".head", NULL };
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; sfx[i] != NULL; i++) {
		buf_reset(&b);
		buf_addf(&b, "%s%s", p, sfx[i]);
		unlink(b.ptr);
	}
	buf_release(&b);
}

START_TEST(test_audit_big_store_verifies)
{
	struct audit_verify_report r;

	verify_path(big_store, true, &r);
	ck_assert_msg(r.ok, "%s", r.problem);
	ck_assert_uint_ge(r.nentries, BIG_N + 1);
	ck_assert_uint_ge(r.nepochs, 10);
	ck_assert_uint_ge(r.ncheckpoints, 20);
	audit_verify_report_release(&r);
	assert_verifies(big_store, false);
}
END_TEST

START_TEST(test_audit_tamper_modify_detected)
{
	static const char *const cols[] = { "payload", "nonce", "hash", "mac",
		"ts_utc", "epoch", "event_type", "outcome" };
	uint64_t last = big_last(), seq;
	struct buf sql = BUF_INIT;
	const char *col;
	sqlite3 *db;
	char *p;
	int i;

	for (i = 0; i < 32; i++) {
		p = big_copy("mod", i);
		seq = 2 + (uint64_t)random() % (last - 1);
		col = cols[i % 8];
		db = raw_open(p);
		raw_drop_triggers(db);
		buf_reset(&sql);
		if (i % 8 < 4)
			raw_flip(db, col, seq);
		else if (i % 8 == 4)
			buf_addf(&sql, "UPDATE entries SET ts_utc = ts_utc + %d"
			    " WHERE seq = %llu", random() % 2 ? 1 : -1,
			    (unsigned long long)seq);
		else if (i % 8 == 5)
			buf_addf(&sql, "UPDATE entries SET epoch = epoch + 1"
			    " WHERE seq = %llu", (unsigned long long)seq);
		else if (i % 8 == 6)
			buf_addf(&sql, "UPDATE entries SET event_type = CASE"
			    " event_type WHEN 'CELL_RUN' THEN 'NOTEBOOK_OPEN'"
			    " ELSE 'CELL_RUN' END WHERE seq = %llu",
			    (unsigned long long)seq);
		else
			buf_addf(&sql, "UPDATE entries SET outcome = CASE"
			    " outcome WHEN 'ok' THEN 'failed' ELSE 'ok' END"
			    " WHERE seq = %llu", (unsigned long long)seq);
		if (sql.len > 0)
			raw_exec(db, sql.ptr);
		sqlite3_close(db);
		buf_reset(&sql);
		buf_addf(&sql, "modified %s", col);
		assert_bad_at(p, seq, sql.ptr);
		big_remove(p);
		free(p);
	}
	buf_release(&sql);
}
END_TEST

START_TEST(test_audit_tamper_delete_detected)
{
	uint64_t last = big_last(), seq;
	struct buf sql = BUF_INIT;
	sqlite3 *db;
	char *p;
	int i;

	for (i = 0; i < 12; i++) {
		p = big_copy("del", i);
		seq = 2 + (uint64_t)random() % (last - 2);
		db = raw_open(p);
		raw_drop_triggers(db);
		buf_reset(&sql);
		buf_addf(&sql, "DELETE FROM entries WHERE seq = %llu",
		    (unsigned long long)seq);
		raw_exec(db, sql.ptr);
		/* Half the time close the gap, as a careful attacker would. */
		if (i % 2)
			raw_shift(db, seq + 1, -1);
		sqlite3_close(db);
		assert_bad_at(p, seq, i % 2 ? "deletion, renumbered" :
		    "deletion");
		big_remove(p);
		free(p);
	}
	buf_release(&sql);
}
END_TEST

START_TEST(test_audit_tamper_insert_detected)
{
	uint64_t last = big_last(), seq, src;
	struct buf sql = BUF_INIT;
	sqlite3 *db;
	char *p;
	int i;

	for (i = 0; i < 12; i++) {
		p = big_copy("ins", i);
		seq = 2 + (uint64_t)random() % (last - 1);
		src = 2 + (uint64_t)random() % (last - 1);
		db = raw_open(p);
		raw_drop_triggers(db);
		raw_shift(db, seq, 1);
		buf_reset(&sql);
		/* A copy of a real entry (i even) or of its neighbour. */
		buf_addf(&sql, "INSERT INTO entries SELECT %llu, ts_utc, epoch,"
		    " event_type, outcome, nonce, payload, hash, mac FROM"
		    " entries WHERE seq = %llu", (unsigned long long)seq,
		    (unsigned long long)(i % 2 ? seq - 1 :
		    src >= seq ? src + 1 : src));
		raw_exec(db, sql.ptr);
		sqlite3_close(db);
		assert_bad_at(p, seq, "insertion");
		big_remove(p);
		free(p);
	}
	buf_release(&sql);
}
END_TEST

START_TEST(test_audit_tamper_reorder_detected)
{
	uint64_t last = big_last(), x, y;
	struct buf sql = BUF_INIT;
	sqlite3 *db;
	char *p;
	int i;

	for (i = 0; i < 12; i++) {
		p = big_copy("reo", i);
		x = 2 + (uint64_t)random() % (last - 1);
		do
			y = 2 + (uint64_t)random() % (last - 1);
		while (y == x);
		if (i % 3 == 0)
			y = x + 1 <= last ? x + 1 : x - 1;	/* neighbours */
		db = raw_open(p);
		raw_drop_triggers(db);
		buf_reset(&sql);
		buf_addf(&sql, "UPDATE entries SET seq = -1 WHERE seq = %llu;"
		    "UPDATE entries SET seq = %llu WHERE seq = %llu;"
		    "UPDATE entries SET seq = %llu WHERE seq = -1;",
		    (unsigned long long)x, (unsigned long long)x,
		    (unsigned long long)y, (unsigned long long)y);
		raw_exec(db, sql.ptr);
		sqlite3_close(db);
		assert_bad_at(p, x < y ? x : y, "reordering");
		big_remove(p);
		free(p);
	}
	buf_release(&sql);
}
END_TEST

START_TEST(test_audit_tamper_truncate_detected)
{
	uint64_t last = big_last(), keep;
	struct buf sql = BUF_INIT;
	sqlite3 *db;
	char *p;
	int i;

	for (i = 0; i < 12; i++) {
		p = big_copy("tru", i);
		keep = 1 + (uint64_t)random() % (last - 1);
		if (i == 0)
			keep = last - 1;	/* just the head */
		db = raw_open(p);
		raw_drop_triggers(db);
		buf_reset(&sql);
		/* The attacker tidies the checkpoints away as well. */
		buf_addf(&sql, "DELETE FROM entries WHERE seq > %llu;"
		    "DELETE FROM checkpoints WHERE seq > %llu;",
		    (unsigned long long)keep, (unsigned long long)keep);
		raw_exec(db, sql.ptr);
		sqlite3_close(db);
		assert_bad_at(p, keep + 1, "truncation");
		big_remove(p);
		free(p);
	}
	buf_release(&sql);
}
END_TEST

/* The tampering vectors of security.md 10, each named. */
START_TEST(test_audit_tamper_spec_vectors)
{
	uint64_t last = big_last(), seal, x;
	struct buf sql = BUF_INIT, side = BUF_INIT;
	struct audit_verify_report r;
	sqlite3 *db;
	char *p;

	/* Two rows' payloads (and nonces) swapped. */
	p = big_copy("vec", 1);
	db = raw_open(p);
	raw_drop_triggers(db);
	raw_exec(db, "CREATE TEMP TABLE t AS SELECT seq, nonce, payload FROM"
	    " entries WHERE seq IN (100, 200);"
	    "UPDATE entries SET nonce = (SELECT nonce FROM t WHERE seq = 200),"
	    " payload = (SELECT payload FROM t WHERE seq = 200)"
	    " WHERE seq = 100;"
	    "UPDATE entries SET nonce = (SELECT nonce FROM t WHERE seq = 100),"
	    " payload = (SELECT payload FROM t WHERE seq = 100)"
	    " WHERE seq = 200;");
	sqlite3_close(db);
	assert_bad_at(p, 100, "payloads swapped");
	big_remove(p);
	free(p);

	/* A row duplicated (and the rest renumbered). */
	p = big_copy("vec", 2);
	db = raw_open(p);
	raw_drop_triggers(db);
	raw_shift(db, 301, 1);
	raw_exec(db, "INSERT INTO entries SELECT 301, ts_utc, epoch,"
	    " event_type, outcome, nonce, payload, hash, mac FROM entries"
	    " WHERE seq = 300");
	sqlite3_close(db);
	assert_bad_at(p, 301, "row duplicated");
	big_remove(p);
	free(p);

	/* An epoch seal removed, the rest renumbered and re-chained: only
	 * the epoch rule can tell, with or without the passphrase. */
	p = big_copy("vec", 3);
	db = raw_open(p);
	seal = (uint64_t)raw_int(db, "SELECT min(seq) FROM entries WHERE"
	    " event_type = 'EPOCH_SEAL' AND epoch = 4");
	raw_drop_triggers(db);
	buf_addf(&sql, "DELETE FROM entries WHERE seq = %llu;",
	    (unsigned long long)seal);
	raw_exec(db, sql.ptr);
	raw_shift(db, seal + 1, -1);
	raw_rechain(db, p, seal);
	raw_exec(db, "DELETE FROM checkpoints");
	sqlite3_close(db);
	buf_addf(&side, "%s.head", p);
	unlink(side.ptr);
	assert_bad_at(p, seal, "seal removed");
	verify_path(p, false, &r);
	ck_assert(!r.ok);
	ck_assert_uint_eq(r.bad_seq, seal);
	ck_assert_ptr_nonnull(strstr(r.problem, "without its seal"));
	audit_verify_report_release(&r);
	big_remove(p);
	free(p);

	/* An entry re-MACed with a later epoch's key. */
	p = big_copy("vec", 4);
	{
		struct audit *a = open_reader(p, true);
		unsigned char k[32], enc[32], mk[32], mac[32];
		sqlite3_stmt *st;

		x = 2500;	/* epoch 2 */
		db = raw_open(p);
		raw_drop_triggers(db);
		ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT hash, epoch"
		    " FROM entries WHERE seq = 2500", -1, &st, NULL),
		    SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		audit_key_at_epoch(k, a->sec->a0,
		    (uint64_t)sqlite3_column_int64(st, 1) + 3);
		audit_entry_keys(enc, mk, k, x);
		audit_entry_mac(mac, sqlite3_column_blob(st, 0), mk);
		sqlite3_finalize(st);
		ck_assert_int_eq(sqlite3_prepare_v2(db, "UPDATE entries SET"
		    " mac = ? WHERE seq = 2500", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_blob(st, 1, mac, 32, SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		sqlite3_close(db);
		audit_log_close(a);
	}
	assert_bad_at(p, x, "re-MACed with a later key");
	big_remove(p);
	free(p);

	/* A payload changed and the chain recomputed: the MAC names it. */
	p = big_copy("vec", 5);
	x = 2 + (uint64_t)random() % (last - 1);
	db = raw_open(p);
	raw_drop_triggers(db);
	raw_flip(db, "payload", x);
	raw_rechain(db, p, x);
	sqlite3_close(db);
	assert_bad_at(p, x, "payload changed, chain recomputed");
	verify_path(p, false, &r);
	ck_assert(!r.ok);	/* checkpoints and head mark still know */
	audit_verify_report_release(&r);
	big_remove(p);
	free(p);

	/* Tail truncated below the last checkpoint, head mark gone. */
	p = big_copy("vec", 6);
	db = raw_open(p);
	raw_drop_triggers(db);
	raw_exec(db, "DELETE FROM entries WHERE seq > 9700");
	sqlite3_close(db);
	buf_reset(&side);
	buf_addf(&side, "%s.head", p);
	unlink(side.ptr);
	assert_bad_at(p, 9701, "truncated below a checkpoint");
	big_remove(p);
	free(p);

	/* Integrity columns stripped: FAIL, never PASS. */
	p = big_copy("vec", 7);
	db = raw_open(p);
	raw_drop_triggers(db);
	raw_exec(db, "CREATE TABLE e2(seq INTEGER PRIMARY KEY, ts_utc INTEGER,"
	    " epoch INTEGER, event_type TEXT, outcome TEXT, nonce BLOB,"
	    " payload BLOB);"
	    "INSERT INTO e2 SELECT seq, ts_utc, epoch, event_type, outcome,"
	    " nonce, payload FROM entries;"
	    "DROP TABLE entries; ALTER TABLE e2 RENAME TO entries;");
	sqlite3_close(db);
	verify_path(p, true, &r);
	ck_assert(!r.ok);
	ck_assert_ptr_nonnull(strstr(r.problem, "integrity columns"));
	audit_verify_report_release(&r);
	verify_path(p, false, &r);
	ck_assert(!r.ok);
	audit_verify_report_release(&r);
	big_remove(p);
	free(p);

	/* Every entry removed: no entries is a failure. */
	p = big_copy("vec", 8);
	db = raw_open(p);
	raw_drop_triggers(db);
	raw_exec(db, "DELETE FROM entries; DELETE FROM checkpoints;");
	sqlite3_close(db);
	verify_path(p, false, &r);
	ck_assert(!r.ok);
	audit_verify_report_release(&r);
	big_remove(p);
	free(p);

	/* A store setting changed: the manifest signature catches it. */
	p = big_copy("vec", 9);
	db = raw_open(p);
	raw_exec(db, "DROP TRIGGER meta_no_update; UPDATE meta SET value ="
	    " 100000 WHERE key = 'epoch_entries'");
	sqlite3_close(db);
	verify_path(p, false, &r);
	ck_assert(!r.ok);
	ck_assert_ptr_nonnull(strstr(r.problem, "altered"));
	audit_verify_report_release(&r);
	big_remove(p);
	free(p);
	buf_release(&sql);
	buf_release(&side);
}
END_TEST

/* ---- faults ----------------------------------------------------------- */

START_TEST(test_audit_wrong_passphrase)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit *a;

	init_store(store, NULL, 0, 0, 0);
	a = open_reader(store, false);
	ck_assert_int_eq(audit_log_unlock(a, NULL, "wrong", 5), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "wrong passphrase"));
	ck_assert(!audit_log_is_unlocked(a));
	ck_assert_int_eq(audit_log_unlock(a, NULL, PASS, strlen(PASS) - 1),
	    -1);
	ck_assert_int_eq(audit_log_unlock(a, NULL, PASS, strlen(PASS)), 0);
	audit_log_close(a);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_truncated_key_files)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct buf key = BUF_INIT, writer = BUF_INIT, saved = BUF_INIT;
	struct audit *a;
	struct stat st;
	char chunk[8192];
	size_t n, cut;
	FILE *f;
	int fd;

	init_store(store, NULL, 0, 0, 0);
	buf_addf(&key, "%s.key", store);
	buf_addf(&writer, "%s.writer", store);
	f = fopen(key.ptr, "rb");
	n = fread(chunk, 1, sizeof chunk, f);
	fclose(f);
	buf_add(&saved, chunk, n);
	/* Every length short of the whole file fails cleanly, naming it. */
	for (cut = 0; cut < saved.len; cut += 7) {
		fd = open(key.ptr, O_WRONLY | O_TRUNC);
		ck_assert_int_eq(write(fd, saved.ptr, cut), (ssize_t)cut);
		close(fd);
		a = open_reader(store, false);
		ck_assert_int_eq(audit_log_unlock(a, NULL, PASS, strlen(PASS)),
		    -1);
		ck_assert_msg(strstr(err_last(), key.ptr) != NULL, "%zu: %s",
		    cut, err_last());
		audit_log_close(a);
	}
	/* The writer key cut short: the store refuses to append. */
	ck_assert_int_eq(stat(writer.ptr, &st), 0);
	ck_assert_int_eq(truncate(writer.ptr, st.st_size - 1), 0);
	ck_assert_int_eq(audit_log_open(&a, store, AUDIT_OPEN_WRITE), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "truncated"));
	ck_assert_int_eq(truncate(writer.ptr, 0), 0);
	ck_assert_int_eq(audit_log_open(&a, store, AUDIT_OPEN_WRITE), -1);
	/* Reading still works without it. */
	assert_verifies(store, false);
	buf_release(&key);
	buf_release(&writer);
	buf_release(&saved);
	free(store);
	scratch_free(dir);
}
END_TEST

static int
rows_wall(const struct audit_row *row, void *arg)
{
	int64_t *prev = arg;
	json_t *obj = json_loadb(row->fields, row->fields_len, 0, NULL);

	ck_assert_int_ge(row->ts_us, *prev);
	*prev = row->ts_us;
	if (json_object_get(obj, "wall_us") != NULL)
		ck_assert_int_lt(json_integer_value(json_object_get(obj,
		    "wall_us")), row->ts_us);
	json_decref(obj);
	return 0;
}

static void
write_bytes(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

static size_t
read_bytes(const char *path, unsigned char *p, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(p, 1, max, f);
	fclose(f);
	return n;
}

/*
 * Key files, the head mark and anchor files are input quire did not
 * write: mutated and random bytes are refused with a message, never a
 * crash, and never taken for good ones.
 */
START_TEST(test_audit_side_files_bad_bytes)
{
	static const char *const sfx[] = { ".key", ".pub", ".writer",
		".head" };
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	char *anchors = path_in(dir, "anchors");
	unsigned char good[4][8192], buf[8192];
	size_t len[4], n, i, j, k;
	bool same;
	struct buf p = BUF_INIT;
	struct audit *a;
	struct audit_verify_report r;
	struct audit_verify_opts o = { NULL, false };
	int rc;

	seed_init();
	init_store(store, NULL, 0, 0, 0);
	for (k = 0; k < 4; k++) {
		buf_reset(&p);
		buf_addf(&p, "%s%s", store, sfx[k]);
		len[k] = read_bytes(p.ptr, good[k], sizeof good[k]);
	}
	o.anchor_path = anchors;
	for (i = 0; i < 200; i++) {
		k = i % 4;
		memcpy(buf, good[k], len[k]);
		n = len[k];
		if (i % 8 < 4) {
			/* A few flipped bytes of the real file. */
			size_t flips = 1 + (size_t)random() % 3;

			for (j = 0; j < flips; j++)
				buf[(size_t)random() % n] ^=
				    (unsigned char)(1 + random() % 255);
		} else {
			n = (size_t)random() % 300;
			randombytes_buf(buf, n);
		}
		buf_reset(&p);
		buf_addf(&p, "%s%s", store, sfx[k]);
		write_bytes(p.ptr, buf, n);
		write_bytes(anchors, buf, n);
		a = open_reader(store, false);
		rc = audit_log_unlock(a, NULL, PASS, strlen(PASS));
		/* Hex in upper case is the same key: only that may pass. */
		same = n == len[k];
		for (j = 0; same && j < n; j++)
			same = tolower(buf[j]) == good[k][j];
		if (k == 0)
			ck_assert_msg(rc == -1 || same,
			    "a damaged key file unlocked");
		ck_assert_int_eq(audit_verify(a, &o, &r), 0);
		if (k == 1 || k == 3)
			ck_assert_msg(!r.ok || same, "a damaged %s verified",
			    sfx[k]);
		audit_verify_report_release(&r);
		audit_log_close(a);
		if (audit_log_open(&a, store, AUDIT_OPEN_WRITE) == 0) {
			ck_assert_msg(k != 2, "a damaged writer key opened");
			audit_log_close(a);
		}
		write_bytes(p.ptr, good[k], len[k]);
	}
	assert_verifies(store, true);
	buf_release(&p);
	free(anchors);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_clock_backwards)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct fake_clock clk = { 1700000000000000LL, 1000 };
	struct audit *a;
	sqlite3 *db;
	int64_t prev = 0;

	init_store(store, &clk, 0, 60, 0);
	a = open_writer(store, &clk);
	record_cells(a, 5);
	clk.now -= 3600 * 1000000LL;	/* an hour back (NTP step, VM) */
	record_cells(a, 5);
	clk.now -= 86400 * 1000000LL * 365;	/* a year back */
	record_cells(a, 3);
	clk.now += 86400 * 1000000LL * 366;	/* and forward again */
	record_cells(a, 3);
	audit_log_close(a);
	db = raw_open(store);
	/* The clamped entries kept the real reading. */
	ck_assert_int_ge(raw_int(db, "SELECT count(*) FROM entries"), 16);
	sqlite3_close(db);
	assert_verifies(store, true);
	a = open_reader(store, true);
	ck_assert_int_eq(audit_query(a, NULL, NULL, rows_wall, &prev), 0);
	audit_log_close(a);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_locked_database)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit *a;
	sqlite3 *db;
	int pfd[2];
	pid_t pid;
	char c;
	int status;
	int64_t t0;

	init_store(store, NULL, 0, 0, 0);
	a = open_writer(store, NULL);
	/* Another connection holds the write lock past our timeout. */
	db = raw_open(store);
	raw_exec(db, "BEGIN IMMEDIATE");
	audit_log_set_busy_timeout(a, 150);
	t0 = real_now_us();
	ck_assert_int_eq(audit_record(a, &(struct audit_event){
	    .type = AUDIT_CELL_RUN }), -1);
	ck_assert_msg(strstr(err_last(), "locked") != NULL, "%s", err_last());
	ck_assert_int_ge(real_now_us() - t0, 100000);
	raw_exec(db, "ROLLBACK");
	sqlite3_close(db);

	/* Another process holds it for a while: we wait, then append. */
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		db = raw_open(store);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK)
			_exit(1);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		usleep(300000);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	close(pfd[1]);
	ck_assert_int_eq(read(pfd[0], &c, 1), 1);
	audit_log_set_busy_timeout(a, 5000);
	t0 = real_now_us();
	ck_assert_msg(audit_record(a, &(struct audit_event){
	    .type = AUDIT_CELL_RUN }) == 0, "%s", err_last());
	ck_assert_int_ge(real_now_us() - t0, 150000);
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(pfd[0]);
	audit_log_close(a);
	assert_verifies(store, true);
	/* The append that failed is on record, once, with its reason. */
	{
		struct rows r = { 0, BUF_INIT, 0 };
		struct audit_filter f;

		memset(&f, 0, sizeof f);
		f.by_type = true;
		f.type = AUDIT_AUDIT_FAIL;
		a = open_reader(store, true);
		ck_assert_int_eq(audit_query(a, &f, NULL, rows_collect, &r),
		    0);
		ck_assert_uint_eq(r.n, 1);
		ck_assert_ptr_nonnull(strstr(r.text.ptr, "locked"));
		audit_log_close(a);
		buf_release(&r.text);
	}
	free(store);
	scratch_free(dir);
}
END_TEST

/* Append until the write fails; report successes through the pipe. */
static void
child_fill(const char *store, int fd, bool page_limit)
{
	struct audit *a;
	struct rlimit rl;
	struct stat st;
	struct buf wal = BUF_INIT;
	uint64_t ok = 0;
	char msg[256];
	size_t len;
	int rc = 0;

	if (audit_log_open(&a, store, AUDIT_OPEN_WRITE) < 0)
		_exit(3);
	if (page_limit) {
		sqlite3_exec(audit_log_db(a), "PRAGMA max_page_count = 40",
		    NULL, NULL, NULL);
	} else {
		buf_addf(&wal, "%s-wal", store);
		signal(SIGXFSZ, SIG_IGN);
		rl.rlim_cur = rl.rlim_max = (stat(wal.ptr, &st) == 0 ?
		    (rlim_t)st.st_size : 0) + 96 * 1024;
		if (stat(store, &st) == 0 && (rlim_t)st.st_size + 96 * 1024 >
		    rl.rlim_cur)
			rl.rlim_cur = rl.rlim_max = (rlim_t)st.st_size +
			    96 * 1024;
		setrlimit(RLIMIT_FSIZE, &rl);
	}
	while (ok < 100000 && (rc = audit_record(a, &(struct audit_event){
	    .type = AUDIT_CELL_RUN, .cell_id = "filler",
	    .notebook = "/a/long/path/to/a/notebook/that/fills/the/disk.py" }))
	    == 0)
		ok++;
	snprintf(msg, sizeof msg, "%s", err_last());
	len = strlen(msg);
	if (write(fd, &ok, sizeof ok) != sizeof ok ||
	    write(fd, msg, len) != (ssize_t)len)
		_exit(4);
	audit_log_close(a);
	_exit(rc < 0 ? 0 : 5);
}

static void
disk_full_case(bool page_limit)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit_verify_report r;
	struct audit *a;
	uint64_t ok = 0;
	char msg[256];
	ssize_t n;
	int pfd[2], status;
	pid_t pid;

	init_store(store, NULL, 0, 0, 0);
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		child_fill(store, pfd[1], page_limit);
	}
	close(pfd[1]);
	ck_assert_int_eq(read(pfd[0], &ok, sizeof ok), sizeof ok);
	n = read(pfd[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	waitpid(pid, &status, 0);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child status %d", status);
	ck_assert_uint_gt(ok, 0);
	ck_assert_msg(strstr(msg, "full") != NULL || strstr(msg, "disk") !=
	    NULL || strstr(msg, "write") != NULL || strstr(msg, "I/O") != NULL,
	    "%s", msg);
	/* Every entry the writer saw committed is there, and verifies. */
	verify_path(store, true, &r);
	ck_assert_msg(r.ok, "%s", r.problem);
	ck_assert_uint_ge(r.last_seq, 1 + ok);
	audit_verify_report_release(&r);
	/* Space again: appending resumes on the same chain. */
	a = open_writer(store, NULL);
	ck_assert_int_eq(audit_record(a, &(struct audit_event){
	    .type = AUDIT_AUDIT_FAIL, .reason = "disk was full" }), 0);
	audit_log_close(a);
	assert_verifies(store, true);
	free(store);
	scratch_free(dir);
}

START_TEST(test_audit_disk_full_fsize)
{
	disk_full_case(false);
}
END_TEST

START_TEST(test_audit_disk_full_page_limit)
{
	disk_full_case(true);
}
END_TEST

START_TEST(test_audit_corrupted_page)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit_verify_report r;
	struct audit *a;
	sqlite3 *db;
	unsigned char junk[4096];
	int64_t pages, page_size, pg;
	int fd, round;

	init_store(store, NULL, 100, 0, 0);
	a = open_writer(store, NULL);
	record_cells(a, 600);
	audit_log_close(a);
	db = raw_open(store);
	raw_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	pages = raw_int(db, "PRAGMA page_count");
	page_size = raw_int(db, "PRAGMA page_size");
	sqlite3_close(db);
	ck_assert_int_gt(pages, 10);
	ck_assert_int_le(page_size, (int64_t)sizeof junk);
	for (round = 0; round < 3; round++) {
		/* A page in the middle, then the root pages. */
		pg = round == 0 ? pages / 2 : round;
		randombytes_buf(junk, sizeof junk);
		fd = open(store, O_WRONLY);
		ck_assert_int_eq(pwrite(fd, junk, (size_t)page_size,
		    (off_t)(pg * page_size)), page_size);
		close(fd);
		verify_path(store, round == 0, &r);
		ck_assert_msg(!r.ok, "damaged page %lld not detected",
		    (long long)pg);
		ck_assert_ptr_nonnull(r.problem);
		audit_verify_report_release(&r);
		/* Appending to a damaged store fails; it never crashes. */
		if (audit_log_open(&a, store, AUDIT_OPEN_WRITE) == 0) {
			(void)audit_record(a, &(struct audit_event){
			    .type = AUDIT_CELL_RUN });
			audit_log_close(a);
		}
	}
	free(store);
	scratch_free(dir);
}
END_TEST

/* kill -9 lands anywhere in a burst of durable appends. */
START_TEST(test_audit_kill9_burst)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit_verify_report r;
	uint64_t seq, max_acked;
	int pfd[2], round, status;
	pid_t pid;
	int64_t t0, wait_us;
	ssize_t n;

	seed_init();
	/* Small epochs and checkpoints, so kills land in seals too. */
	init_store(store, NULL, 7, 0, 5);
	for (round = 0; round < 4; round++) {
		ck_assert_int_eq(pipe(pfd), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			struct audit *a;
			struct audit_head h;

			close(pfd[0]);
			if (audit_log_open(&a, store, AUDIT_OPEN_WRITE) < 0)
				_exit(3);
			for (;;) {
				if (audit_record(a, &(struct audit_event){
				    .type = AUDIT_CELL_RUN,
				    .cell_id = "burst" }) < 0)
					_exit(4);
				if (audit_db_head(a, &h) < 0)
					_exit(5);
				if (write(pfd[1], &h.seq, sizeof h.seq) !=
				    sizeof h.seq)
					_exit(6);
			}
		}
		close(pfd[1]);
		wait_us = 20000 + random() % 200000;
		t0 = real_now_us();
		max_acked = 0;
		while (real_now_us() - t0 < wait_us &&
		    read(pfd[0], &seq, sizeof seq) == sizeof seq)
			max_acked = seq;
		kill(pid, SIGKILL);
		while ((n = read(pfd[0], &seq, sizeof seq)) == sizeof seq)
			max_acked = seq;
		close(pfd[0]);
		waitpid(pid, &status, 0);
		ck_assert(WIFSIGNALED(status));
		verify_path(store, true, &r);
		ck_assert_msg(r.ok, "seed %u round %d: %s at %llu", test_seed,
		    round, r.problem, (unsigned long long)r.bad_seq);
		ck_assert_uint_ge(r.last_seq, max_acked);
		audit_verify_report_release(&r);
	}
	free(store);
	scratch_free(dir);
}
END_TEST

#define NPROC 4
#define NEACH 60

static int
rows_count_ids(const struct audit_row *row, void *arg)
{
	int *seen = arg;
	json_t *obj = json_loadb(row->fields, row->fields_len, 0, NULL);
	const char *id = json_string_value(json_object_get(obj, "cell_id"));
	int p, i;

	if (id != NULL && sscanf(id, "p%d-%d", &p, &i) == 2 && p >= 0 &&
	    p < NPROC && i >= 0 && i < NEACH)
		seen[p * NEACH + i]++;
	json_decref(obj);
	return 0;
}

START_TEST(test_audit_concurrent_appenders)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct audit_verify_report r;
	struct audit *a;
	int seen[NPROC * NEACH], p, i, status;
	pid_t pids[NPROC];

	/* Epochs of 9 and checkpoints every 13: processes keep sealing
	 * epochs and moving the key under each other. */
	init_store(store, NULL, 9, 0, 13);
	for (p = 0; p < NPROC; p++) {
		pids[p] = fork();
		ck_assert_int_ge(pids[p], 0);
		if (pids[p] == 0) {
			char id[32];

			if (audit_log_open(&a, store, AUDIT_OPEN_WRITE) < 0)
				_exit(3);
			audit_log_set_busy_timeout(a, 30000);
			for (i = 0; i < NEACH; i++) {
				snprintf(id, sizeof id, "p%d-%d", p, i);
				if (audit_record(a, &(struct audit_event){
				    .type = AUDIT_CELL_RUN, .cell_id = id })
				    < 0)
					_exit(4);
			}
			audit_log_close(a);
			_exit(0);
		}
	}
	for (p = 0; p < NPROC; p++) {
		waitpid(pids[p], &status, 0);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "appender %d: status %d", p, status);
	}
	verify_path(store, true, &r);
	ck_assert_msg(r.ok, "%s at %llu", r.problem,
	    (unsigned long long)r.bad_seq);
	audit_verify_report_release(&r);
	memset(seen, 0, sizeof seen);
	a = open_reader(store, true);
	ck_assert_int_eq(audit_query(a, NULL, NULL, rows_count_ids, seen), 0);
	audit_log_close(a);
	for (i = 0; i < NPROC * NEACH; i++)
		ck_assert_msg(seen[i] == 1, "entry p%d-%d seen %d times",
		    i / NEACH, i % NEACH, seen[i]);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_prune_retention)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	const int64_t day = 86400LL * 1000000LL;
	int64_t now = real_now_us();
	struct fake_clock clk = { now - 400 * day, 1000 };
	struct audit_verify_report r;
	struct audit *a;
	sqlite3 *db;
	uint64_t removed = 99;
	int64_t young, d;

	/* Epochs of one day; an entry a day for 400 days, ten today. */
	init_store(store, &clk, 0, 86400, 0);
	a = open_writer(store, &clk);
	for (d = 0; d < 400; d++) {
		clk.now = now - (400 - d) * day;
		record_cells(a, 1);
	}
	clk.now = now;
	record_cells(a, 10);
	ck_assert_int_eq(audit_prune(a, 179, &removed), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "180"));
	audit_log_close(a);

	db = raw_open(store);
	{
		struct buf q = BUF_INIT;

		buf_addf(&q, "SELECT count(*) FROM entries"
		    " WHERE ts_utc >= %lld",
		    (long long)(now - 179 * day));
		young = raw_int(db, q.ptr);
		buf_release(&q);
	}
	sqlite3_close(db);
	a = open_writer(store, &clk);
	ck_assert_msg(audit_prune(a, 180, &removed) == 0, "%s", err_last());
	ck_assert_uint_gt(removed, 300);
	audit_log_close(a);
	db = raw_open(store);
	{
		struct buf q = BUF_INIT;

		buf_addf(&q, "SELECT count(*) FROM entries"
		    " WHERE ts_utc >= %lld",
		    (long long)(now - 179 * day));
		/* Nothing younger than retention went (a day of slack: the
		 * prune's clock ran on); the prune entry came. */
		ck_assert_int_eq(raw_int(db, q.ptr), young + 1);
		buf_reset(&q);
		buf_addf(&q, "SELECT min(ts_utc) FROM entries");
		ck_assert_int_ge(raw_int(db, q.ptr), now - 182 * day);
		buf_release(&q);
	}
	ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM prunes"), 1);
	ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM entries WHERE"
	    " event_type = 'AUDIT_PRUNE'"), 1);
	sqlite3_close(db);
	assert_verifies(store, true);
	assert_verifies(store, false);

	/* Again: nothing more is old enough. */
	a = open_writer(store, &clk);
	ck_assert_int_eq(audit_prune(a, 365, &removed), 0);
	ck_assert_uint_eq(removed, 0);
	record_cells(a, 3);
	audit_log_close(a);
	assert_verifies(store, true);

	/* A prune record removed: the cut no longer verifies. */
	db = raw_open(store);
	raw_drop_triggers(db);
	raw_exec(db, "DELETE FROM prunes");
	sqlite3_close(db);
	verify_path(store, false, &r);
	ck_assert(!r.ok);
	audit_verify_report_release(&r);
	free(store);
	scratch_free(dir);
}
END_TEST

/*
 * A prune record that cut entries younger than the retention minimum
 * fails verification, even when it is signed with the writer's key (an
 * insider holding it).
 */
START_TEST(test_audit_prune_too_young_detected)
{
	char *dir = scratch_new(), *store = path_in(dir, "a.db");
	struct fake_clock clk = { 1700000000000000LL, 1000 };
	struct audit *a;
	struct audit_verify_report r;
	struct buf msg = BUF_INIT, sql = BUF_INIT;
	unsigned char sk[64], key[32], hash[32], sig[64], log_id[16];
	sqlite3 *db;
	sqlite3_stmt *st;
	uint64_t fe, cut, cut_epoch;
	int64_t cut_ts;

	init_store(store, &clk, 5, 0, 0);
	a = open_writer(store, &clk);
	record_cells(a, 20);
	memcpy(log_id, a->log_id, 16);
	audit_log_close(a);
	buf_addf(&sql, "%s.writer", store);
	ck_assert_int_eq(audit_writer_load(sql.ptr, log_id, &fe, key, sk), 0);
	db = raw_open(store);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT seq, epoch, ts_utc,"
	    " hash FROM entries WHERE event_type = 'EPOCH_SEAL' ORDER BY seq"
	    " LIMIT 1 OFFSET 1", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	cut = (uint64_t)sqlite3_column_int64(st, 0);
	cut_epoch = (uint64_t)sqlite3_column_int64(st, 1);
	cut_ts = sqlite3_column_int64(st, 2);
	memcpy(hash, sqlite3_column_blob(st, 3), 32);
	sqlite3_finalize(st);
	audit_prune_message(&msg, log_id, cut, cut_epoch, cut_ts, hash,
	    cut_ts + 86400LL * 1000000);
	crypto_sign_detached(sig, NULL, (unsigned char *)msg.ptr, msg.len, sk);
	raw_drop_triggers(db);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "INSERT INTO prunes VALUES"
	    " (?, ?, ?, ?, ?, ?)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)cut);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)cut_epoch);
	sqlite3_bind_int64(st, 3, cut_ts);
	sqlite3_bind_blob(st, 4, hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, cut_ts + 86400LL * 1000000);
	sqlite3_bind_blob(st, 6, sig, 64, SQLITE_TRANSIENT);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	buf_reset(&sql);
	buf_addf(&sql, "DELETE FROM entries WHERE seq <= %llu",
	    (unsigned long long)cut);
	raw_exec(db, sql.ptr);
	sqlite3_close(db);
	verify_path(store, false, &r);
	ck_assert(!r.ok);
	ck_assert_msg(strstr(r.problem, "younger") != NULL, "%s", r.problem);
	audit_verify_report_release(&r);
	buf_release(&msg);
	buf_release(&sql);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_store_path_order)
{
	struct buf p = BUF_INIT;

	setenv("QUIRE_AUDIT_STORE", "/x/env.db", 1);
	setenv("XDG_STATE_HOME", "/x/state", 1);
	ck_assert_int_eq(audit_store_path(&p, "/x/opt.db"), 0);
	ck_assert_str_eq(p.ptr, "/x/opt.db");
	ck_assert_int_eq(audit_store_path(&p, NULL), 0);
	ck_assert_str_eq(p.ptr, "/x/env.db");
	unsetenv("QUIRE_AUDIT_STORE");
	ck_assert_int_eq(audit_store_path(&p, NULL), 0);
	ck_assert_str_eq(p.ptr, "/x/state/quire/audit.db");
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/home/q", 1);
	ck_assert_int_eq(audit_store_path(&p, NULL), 0);
	ck_assert_str_eq(p.ptr, "/home/q/.local/state/quire/audit.db");
	buf_release(&p);
}
END_TEST

START_TEST(test_audit_init_refuses_existing)
{
	char *dir = scratch_new(), *store = path_in(dir, "sub/dir/a.db");
	struct audit_init_opts o;
	struct stat st;

	init_store(store, NULL, 0, 0, 0);
	ck_assert_int_eq(stat(store, &st), 0);
	memset(&o, 0, sizeof o);
	o.passphrase = PASS;
	o.passphrase_len = strlen(PASS);
	o.kdf_ops = crypto_pwhash_OPSLIMIT_MIN;
	o.kdf_mem = crypto_pwhash_MEMLIMIT_MIN;
	ck_assert_int_eq(audit_store_init(store, &o), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "already exists"));
	o.passphrase_len = 0;
	ck_assert_int_eq(audit_store_init("x.db", &o), -1);
	assert_verifies(store, true);
	free(store);
	scratch_free(dir);
}
END_TEST

START_TEST(test_audit_time_parse)
{
	int64_t t;

	ck_assert_int_eq(audit_time_parse("2023-11-14", &t), 0);
	ck_assert_int_eq(t, 1699920000LL * 1000000);
	ck_assert_int_eq(audit_time_parse("2023-11-14T22:13:20Z", &t), 0);
	ck_assert_int_eq(t, 1700000000LL * 1000000);
	ck_assert_int_eq(audit_time_parse("2023-11-14 22:13", &t), 0);
	ck_assert_int_eq(audit_time_parse("@1700000000", &t), 0);
	ck_assert_int_eq(t, 1700000000LL * 1000000);
	ck_assert_int_eq(audit_time_parse("7d", &t), 0);
	ck_assert_int_lt(t, real_now_us() - 6 * 86400LL * 1000000);
	ck_assert_int_eq(audit_time_parse("yesterday", &t), -1);
	ck_assert_int_eq(audit_time_parse("2023-13-01", &t), -1);
	ck_assert_int_eq(audit_time_parse("2023-11-14T25:00", &t), -1);
	ck_assert_int_eq(audit_time_parse("7w", &t), -1);
	ck_assert_int_eq(audit_time_parse("", &t), -1);
}
END_TEST

START_TEST(test_ident_is_the_real_user)
{
	struct ident *id;
	struct passwd *pw = getpwuid(getuid());
	size_t n;

	setenv("SSH_CONNECTION", "10.1.2.3 51234 10.0.0.1 22", 1);
	setenv("USER", "someone-else", 1);
	ck_assert_int_eq(ident_load(&id), 0);
	ck_assert_int_eq(ident_uid(id), getuid());
	ck_assert_str_eq(ident_user(id), pw->pw_name);
	ck_assert_str_eq(ident_ssh_origin(id), "10.1.2.3 51234");
	ck_assert_ptr_nonnull(ident_groups(id, &n));
	ck_assert_uint_ge(n, 1);
	ck_assert_int_eq(ident_gids(id, &n)[0], pw->pw_gid);
	ck_assert_ptr_nonnull(ident_host(id));
	ident_free(id);
	unsetenv("SSH_CONNECTION");
	ck_assert_int_eq(ident_load(&id), 0);
	ck_assert_ptr_null(ident_ssh(id));
	ident_free(id);
}
END_TEST

static Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc;

	tc = tcase_create("construction");
	tcase_add_test(tc, test_audit_crypto_known_answers);
	tcase_add_test(tc, test_audit_construction_vector);
	tcase_add_test(tc, test_audit_row_is_the_spec_construction);
	suite_add_tcase(s, tc);

	tc = tcase_create("record");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_audit_record_and_query);
	tcase_add_test(tc, test_audit_query_needs_passphrase);
	tcase_add_test(tc, test_audit_formats_escape_controls);
	tcase_add_test(tc, test_audit_triggers_refuse_changes);
	tcase_add_test(tc, test_audit_epochs_seal_and_evolve);
	tcase_add_test(tc, test_audit_syslog_anchors);
	tcase_add_test(tc, test_audit_store_path_order);
	tcase_add_test(tc, test_audit_init_refuses_existing);
	tcase_add_test(tc, test_audit_time_parse);
	tcase_add_test(tc, test_ident_is_the_real_user);
	suite_add_tcase(s, tc);

	tc = tcase_create("tamper");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, big_setup, big_teardown);
	tcase_add_test(tc, test_audit_big_store_verifies);
	tcase_add_test(tc, test_audit_tamper_modify_detected);
	tcase_add_test(tc, test_audit_tamper_delete_detected);
	tcase_add_test(tc, test_audit_tamper_insert_detected);
	tcase_add_test(tc, test_audit_tamper_reorder_detected);
	tcase_add_test(tc, test_audit_tamper_truncate_detected);
	tcase_add_test(tc, test_audit_tamper_spec_vectors);
	suite_add_tcase(s, tc);

	tc = tcase_create("faults");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_audit_wrong_passphrase);
	tcase_add_test(tc, test_audit_truncated_key_files);
	tcase_add_test(tc, test_audit_side_files_bad_bytes);
	tcase_add_test(tc, test_audit_clock_backwards);
	tcase_add_test(tc, test_audit_locked_database);
	tcase_add_test(tc, test_audit_disk_full_fsize);
	tcase_add_test(tc, test_audit_disk_full_page_limit);
	tcase_add_test(tc, test_audit_corrupted_page);
	tcase_add_test(tc, test_audit_kill9_burst);
	tcase_add_test(tc, test_audit_concurrent_appenders);
	tcase_add_test(tc, test_audit_prune_retention);
	tcase_add_test(tc, test_audit_prune_too_young_detected);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(audit_suite());
	int failed;

	seed_init();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (failed > 0)
		fprintf(stderr, "check_audit: seed %u (QUIRE_TEST_SEED)\n",
		    test_seed);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
