/*
 * audit_verify.c: `quire audit verify`. Walks the store from its first
 * entry (or the signed prune record at the cut) to its head and checks
 * everything that can be checked with what the caller holds: sequence,
 * hash chain, epoch continuity and seals, each entry's time against its
 * epoch, checkpoint signatures and heads, the writer's head mark and key
 * epoch (truncation), anchors gathered off the host, and, when unlocked
 * with the auditor passphrase, every MAC and payload. The walk stops at
 * the first damage and names its sequence number; a store missing its
 * integrity columns or its entries fails, never passes.
 */
#include "config.h"
#include "audit.h"
#include "audit_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "xmalloc.h"

/* Anchor files are syslog extracts; bound what one line may hold. */
#define AUDIT_ANCHOR_LINE_MAX 4096

/* Something outside the entries that states "seq N had hash H". */
struct audit_expect {
	uint64_t seq;
	uint64_t epoch;		/* checkpoints only */
	bool has_epoch;
	unsigned char hash[AUDIT_HASH_LEN];
	const char *what;	/* "checkpoint", "head mark", "anchor" */
	size_t line;		/* anchor file line, or 0 */
};

struct audit_walk {
	struct audit *a;
	struct audit_verify_report *r;
	struct audit_expect *exp;
	size_t nexp, iexp;
	/* The latest prune record, if any. */
	bool pruned;
	uint64_t cut_seq, cut_epoch;
	int64_t cut_ts;
	unsigned char cut_hash[AUDIT_HASH_LEN];
	bool cut_confirmed;
	/* Writer key epoch read from PATH.writer, if readable. */
	bool has_writer_epoch;
	uint64_t writer_epoch;
	size_t anchor_lines;	/* anchor lines for this store */
	size_t anchor_other;	/* lines for other stores */
};

static void
audit_fail(struct audit_walk *w, uint64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
audit_fail(struct audit_walk *w, uint64_t seq, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (!w->r->ok)
		return;		/* the first damage is the one named */
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	w->r->ok = false;
	w->r->bad_seq = seq;
	free(w->r->problem);
	w->r->problem = buf_detach(&b, NULL);
}

static void
audit_expect_add(struct audit_walk *w, uint64_t seq, const unsigned char *h,
    const char *what, size_t line, bool has_epoch, uint64_t epoch)
{
	struct audit_expect *e;

	w->exp = xreallocarray(w->exp, w->nexp + 1, sizeof *w->exp);
	e = &w->exp[w->nexp++];
	e->seq = seq;
	memcpy(e->hash, h, AUDIT_HASH_LEN);
	e->what = what;
	e->line = line;
	e->has_epoch = has_epoch;
	e->epoch = epoch;
}

static int
audit_expect_cmp(const void *x, const void *y)
{
	const struct audit_expect *a = x, *b = y;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The entries table must have every integrity column. */
static void
audit_check_schema(struct audit_walk *w)
{
	static const char *const cols[] = { "seq", "ts_utc", "epoch",
		"event_type", "outcome", "nonce", "payload", "hash", "mac",
		NULL };
	sqlite3_stmt *st = NULL;
	unsigned seen = 0;
	size_t i;
	int rc;

	if (sqlite3_prepare_v2(w->a->db, "PRAGMA table_info(entries)", -1,
	    &st, NULL) != SQLITE_OK) {
		audit_fail(w, 0, "cannot read the schema: %s",
		    sqlite3_errmsg(w->a->db));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);

		for (i = 0; cols[i] != NULL && name != NULL; i++)
			if (strcmp(name, cols[i]) == 0)
				seen |= 1u << i;
	}
	sqlite3_finalize(st);
	for (i = 0; cols[i] != NULL; i++)
		if (!(seen & (1u << i))) {
			audit_fail(w, 0, "the entries table has no '%s' column "
			    "(integrity columns stripped or store replaced)",
			    cols[i]);
			return;
		}
}

static void
audit_check_pub(struct audit_walk *w)
{
	struct buf p = BUF_INIT;
	unsigned char log_id[AUDIT_LOG_ID_LEN], box_pk[AUDIT_BOX_PK_LEN];
	unsigned char sign_pk[AUDIT_SIGN_PK_LEN];
	int rc;

	audit_side_path(&p, w->a->path, ".pub");
	rc = audit_pub_load(p.ptr, log_id, box_pk, sign_pk);
	if (rc < 0)
		audit_fail(w, 0, "%s", err_last());
	else if (rc == 0 && (memcmp(log_id, w->a->log_id, sizeof log_id) ||
	    memcmp(box_pk, w->a->box_pk, sizeof box_pk) ||
	    memcmp(sign_pk, w->a->sign_pk, sizeof sign_pk)))
		audit_fail(w, 0, "%s does not match the store (store "
		    "replaced?)", p.ptr);
	buf_release(&p);
}

static void
audit_load_prunes(struct audit_walk *w)
{
	struct audit *a = w->a;
	struct buf msg = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(a->db, "SELECT cut_seq, cut_epoch, cut_ts,"
	    " cut_hash, ts_utc, sig FROM prunes ORDER BY cut_seq", -1, &st,
	    NULL) != SQLITE_OK) {
		audit_fail(w, 0, "cannot read prune records: %s",
		    sqlite3_errmsg(a->db));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t cut = (uint64_t)sqlite3_column_int64(st, 0);
		int64_t ts = sqlite3_column_int64(st, 4);

		if (sqlite3_column_bytes(st, 3) != AUDIT_HASH_LEN ||
		    sqlite3_column_bytes(st, 5) != AUDIT_SIG_LEN) {
			audit_fail(w, cut + 1, "prune record damaged");
			break;
		}
		w->pruned = true;
		w->cut_seq = cut;
		w->cut_epoch = (uint64_t)sqlite3_column_int64(st, 1);
		w->cut_ts = sqlite3_column_int64(st, 2);
		memcpy(w->cut_hash, sqlite3_column_blob(st, 3), AUDIT_HASH_LEN);
		audit_prune_message(&msg, a->log_id, cut, w->cut_epoch,
		    w->cut_ts, w->cut_hash, ts);
		if (crypto_sign_verify_detached(sqlite3_column_blob(st, 5),
		    (unsigned char *)msg.ptr, msg.len, a->sign_pk) != 0) {
			audit_fail(w, cut + 1, "prune record signature does "
			    "not verify");
			break;
		}
		/* Retention is checked here too, not only by prune. */
		if (ts - w->cut_ts < AUDIT_RETENTION_MIN_DAYS *
		    AUDIT_US_PER_DAY) {
			audit_fail(w, cut + 1, "entries younger than %d days "
			    "were pruned", AUDIT_RETENTION_MIN_DAYS);
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		audit_fail(w, 0, "cannot read prune records: %s",
		    sqlite3_errmsg(a->db));
	sqlite3_finalize(st);
	buf_release(&msg);
}

static void
audit_load_checkpoints(struct audit_walk *w)
{
	struct audit *a = w->a;
	struct buf msg = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(a->db, "SELECT seq, ts_utc, epoch, head, sig"
	    " FROM checkpoints ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
		audit_fail(w, 0, "cannot read checkpoints: %s",
		    sqlite3_errmsg(a->db));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t seq = (uint64_t)sqlite3_column_int64(st, 0);
		uint64_t epoch = (uint64_t)sqlite3_column_int64(st, 2);

		if (sqlite3_column_bytes(st, 3) != AUDIT_HASH_LEN ||
		    sqlite3_column_bytes(st, 4) != AUDIT_SIG_LEN) {
			audit_fail(w, seq, "checkpoint damaged");
			break;
		}
		audit_ckpt_message(&msg, a->log_id, seq,
		    sqlite3_column_int64(st, 1), epoch,
		    sqlite3_column_blob(st, 3));
		if (crypto_sign_verify_detached(sqlite3_column_blob(st, 4),
		    (unsigned char *)msg.ptr, msg.len, a->sign_pk) != 0) {
			audit_fail(w, seq, "checkpoint signature does not "
			    "verify");
			break;
		}
		if (w->pruned && seq < w->cut_seq)
			continue;	/* its entries were pruned */
		if (w->pruned && seq == w->cut_seq) {
			if (memcmp(sqlite3_column_blob(st, 3), w->cut_hash,
			    AUDIT_HASH_LEN) != 0)
				audit_fail(w, seq + 1, "checkpoint at the "
				    "prune cut does not match it");
			continue;
		}
		audit_expect_add(w, seq, sqlite3_column_blob(st, 3),
		    "checkpoint", 0, true, epoch);
		w->r->ncheckpoints++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		audit_fail(w, 0, "cannot read checkpoints: %s",
		    sqlite3_errmsg(a->db));
	sqlite3_finalize(st);
	buf_release(&msg);
}

/* The writer's own record of what it last committed, and its epoch. */
static void
audit_load_writer_marks(struct audit_walk *w)
{
	struct buf p = BUF_INIT;
	unsigned char h[AUDIT_HASH_LEN];
	uint64_t seq;
	int rc;

	audit_side_path(&p, w->a->path, ".head");
	rc = audit_head_load(p.ptr, w->a->log_id, &seq, h);
	if (rc == 0 && (!w->pruned || seq > w->cut_seq))
		audit_expect_add(w, seq, h, "the writer's head mark", 0, false,
		    0);
	else if (rc < 0)
		audit_fail(w, 0, "%s", err_last());
	audit_side_path(&p, w->a->path, ".writer");
	if (audit_writer_load(p.ptr, w->a->log_id, &w->writer_epoch, NULL,
	    NULL) == 0)
		w->has_writer_epoch = true;
	err_clear();
	buf_release(&p);
}

/* Find "name=" in a line of space-separated fields; its value in out. */
static bool
audit_anchor_field(const char *line, const char *name, struct buf *out)
{
	size_t n = strlen(name);
	const char *p = line, *end;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[n] == '=') {
			p += n + 1;
			end = strchr(p, ' ');
			if (end == NULL)
				end = p + strlen(p);
			buf_reset(out);
			buf_add(out, p, (size_t)(end - p));
			return true;
		}
		p += n;
	}
	return false;
}

static bool
audit_anchor_u64(const char *line, const char *name, struct buf *tmp,
    uint64_t *out)
{
	char *end;

	if (!audit_anchor_field(line, name, tmp) || tmp->len == 0 ||
	    tmp->ptr[0] == '-')
		return false;
	errno = 0;
	*out = strtoull(tmp->ptr, &end, 10);
	return errno == 0 && *end == '\0';
}

int
audit_anchor_parse(const char *line, struct audit_anchor *out)
{
	struct buf v = BUF_INIT;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->ckpt = strstr(line, "checkpoint log=") != NULL;
	if (!out->ckpt && strstr(line, "entry log=") == NULL)
		goto done;
	if (!audit_anchor_field(line, "log", &v))
		goto done;
	if (v.len == sizeof out->log - 1)
		memcpy(out->log, v.ptr, v.len);
	rc = -1;
	if (!audit_anchor_u64(line, "seq", &v, &out->seq) ||
	    !audit_anchor_field(line, out->ckpt ? "head" : "hash", &v) ||
	    audit_unhex(out->hash, sizeof out->hash, v.ptr) < 0)
		goto done;
	if (out->ckpt && (!audit_anchor_u64(line, "epoch", &v, &out->epoch) ||
	    !audit_anchor_u64(line, "ts", &v, &out->ts) ||
	    !audit_anchor_field(line, "sig", &v) ||
	    audit_unhex(out->sig, sizeof out->sig, v.ptr) < 0))
		goto done;
	rc = 1;
done:
	buf_release(&v);
	return rc;
}

/*
 * Read syslog lines (or bare "checkpoint ..." and "entry ..." lines) of
 * this store. A checkpoint line must carry a good signature; a line of
 * ours that does not parse is damage too.
 */
static int
audit_load_anchors(struct audit_walk *w, const char *path)
{
	struct audit *a = w->a;
	struct buf line = BUF_INIT, msg = BUF_INIT, logid = BUF_INIT;
	struct audit_anchor an;
	size_t lineno = 0;
	FILE *f;
	int c, r;

	if ((f = fopen(path, "re")) == NULL) {
		err_errno("anchor file %s", path);
		return -1;
	}
	audit_hex(&logid, a->log_id, AUDIT_LOG_ID_LEN);
	for (;;) {
		buf_reset(&line);
		while ((c = getc(f)) != EOF && c != '\n')
			if (line.len < AUDIT_ANCHOR_LINE_MAX)
				buf_addc(&line, (char)c);
		if (c == EOF && line.len == 0)
			break;
		lineno++;
		if ((r = audit_anchor_parse(line.ptr, &an)) == 0)
			continue;
		err_clear();
		if (strcmp(an.log, logid.ptr) != 0) {
			w->anchor_other++;
			continue;
		}
		w->anchor_lines++;
		if (r < 0) {
			audit_fail(w, 0, "%s:%zu: anchor line does not parse",
			    path, lineno);
			continue;
		}
		if (an.ckpt) {
			audit_ckpt_message(&msg, a->log_id, an.seq,
			    (int64_t)an.ts, an.epoch, an.hash);
			if (crypto_sign_verify_detached(an.sig,
			    (unsigned char *)msg.ptr, msg.len,
			    a->sign_pk) != 0) {
				audit_fail(w, an.seq, "%s:%zu: anchor "
				    "checkpoint signature does not verify "
				    "with this store's key (store replaced?)",
				    path, lineno);
				continue;
			}
		}
		if (w->pruned && an.seq <= w->cut_seq)
			continue;
		audit_expect_add(w, an.seq, an.hash, "an anchor", lineno,
		    an.ckpt, an.epoch);
		w->r->nanchors++;
	}
	(void)fclose(f);
	if (w->anchor_lines == 0 && w->anchor_other > 0)
		audit_fail(w, 0, "%s: no anchor names this store's log id "
		    "(store replaced?)", path);
	buf_release(&line);
	buf_release(&msg);
	buf_release(&logid);
	return 0;
}

/* Does a decrypted seal describe the epoch it closes? */
static bool
audit_seal_matches(const char *plain, size_t len, uint64_t epoch,
    uint64_t last_seq, const unsigned char *prev, int64_t start_us,
    uint64_t nentries)
{
	json_t *obj = json_loadb(plain, len, 0, NULL);
	struct buf hex = BUF_INIT;
	const char *head;
	bool ok;

	if (obj == NULL)
		return false;
	audit_hex(&hex, prev, AUDIT_HASH_LEN);
	head = json_string_value(json_object_get(obj, "head"));
	ok = json_integer_value(json_object_get(obj, "epoch")) ==
	    (json_int_t)epoch &&
	    json_integer_value(json_object_get(obj, "last_seq")) ==
	    (json_int_t)last_seq &&
	    json_integer_value(json_object_get(obj, "start_us")) ==
	    (json_int_t)start_us &&
	    json_integer_value(json_object_get(obj, "nentries")) ==
	    (json_int_t)nentries &&
	    head != NULL && strcmp(head, hex.ptr) == 0;
	json_decref(obj);
	buf_release(&hex);
	return ok;
}

/* The AUDIT_INIT entry states the settings the store was created with. */
static bool
audit_init_matches(struct audit *a, const char *plain, size_t len)
{
	json_t *obj = json_loadb(plain, len, 0, NULL);
	struct buf want = BUF_INIT;
	const char *s;
	bool ok = obj != NULL;

	if (ok) {
		audit_hex(&want, a->log_id, AUDIT_LOG_ID_LEN);
		s = json_string_value(json_object_get(obj, "log_id"));
		ok = s != NULL && strcmp(s, want.ptr) == 0;
	}
	if (ok) {
		buf_reset(&want);
		audit_hex(&want, a->sign_pk, AUDIT_SIGN_PK_LEN);
		s = json_string_value(json_object_get(obj, "sign_pk"));
		ok = s != NULL && strcmp(s, want.ptr) == 0;
	}
	if (ok) {
		buf_reset(&want);
		buf_addf(&want, "%lld", (long long)a->epoch_us);
		s = json_string_value(json_object_get(obj, "epoch_us"));
		ok = s != NULL && strcmp(s, want.ptr) == 0;
	}
	if (ok) {
		buf_reset(&want);
		buf_addf(&want, "%llu", (unsigned long long)a->epoch_entries);
		s = json_string_value(json_object_get(obj, "epoch_entries"));
		ok = s != NULL && strcmp(s, want.ptr) == 0;
	}
	json_decref(obj);
	buf_release(&want);
	return ok;
}

static void
audit_prune_confirm(struct audit_walk *w, const char *plain, size_t len)
{
	json_t *obj = json_loadb(plain, len, 0, NULL);
	struct buf hex = BUF_INIT, seq = BUF_INIT;
	const char *h, *s;

	if (obj == NULL)
		return;
	audit_hex(&hex, w->cut_hash, AUDIT_HASH_LEN);
	buf_addf(&seq, "%llu", (unsigned long long)w->cut_seq);
	h = json_string_value(json_object_get(obj, "cut_hash"));
	s = json_string_value(json_object_get(obj, "cut_seq"));
	if (w->pruned && s != NULL && strcmp(s, seq.ptr) == 0 && h != NULL &&
	    strcmp(h, hex.ptr) == 0)
		w->cut_confirmed = true;
	json_decref(obj);
	buf_release(&hex);
	buf_release(&seq);
}

/* Compare the expectations at seq with the entry's hash and epoch. */
static void
audit_expect_check(struct audit_walk *w, uint64_t seq, uint64_t epoch,
    const unsigned char *hash)
{
	struct audit_expect *e;

	while (w->iexp < w->nexp && w->exp[w->iexp].seq <= seq) {
		e = &w->exp[w->iexp++];
		if (e->seq < seq)
			continue;	/* before the first entry: reported */
		if (memcmp(e->hash, hash, AUDIT_HASH_LEN) != 0 ||
		    (e->has_epoch && e->epoch != epoch)) {
			if (e->line > 0)
				audit_fail(w, seq, "does not match %s (line "
				    "%zu): entries up to here were changed",
				    e->what, e->line);
			else
				audit_fail(w, seq, "does not match %s: "
				    "entries up to here were changed", e->what);
		}
	}
}

static void
audit_walk_entries(struct audit_walk *w)
{
	struct audit *a = w->a;
	struct audit_verify_report *r = w->r;
	struct buf header = BUF_INIT, plain = BUF_INIT;
	sqlite3_stmt *st = NULL;
	unsigned char prev[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
	unsigned char mac[AUDIT_HASH_LEN];
	uint64_t expect, epoch, count = 0, seq, row_epoch;
	int64_t start_ts, prev_ts, ts;
	const char *type, *outcome;
	bool is_seal;
	int rc;

	if (w->pruned) {
		expect = w->cut_seq + 1;
		epoch = w->cut_epoch + 1;
		start_ts = prev_ts = w->cut_ts;
		memcpy(prev, w->cut_hash, sizeof prev);
	} else {
		expect = 1;
		epoch = 0;
		start_ts = prev_ts = a->created_us;
		memset(prev, 0, sizeof prev);
	}
	r->first_seq = expect;
	r->nepochs = 1;
	if (a->unlocked)
		audit_key_at_epoch(a->sec->walk_key, a->sec->a0, epoch);
	if (sqlite3_prepare_v2(a->db, "SELECT seq, ts_utc, epoch, event_type,"
	    " outcome, nonce, payload, hash, mac FROM entries ORDER BY seq",
	    -1, &st, NULL) != SQLITE_OK) {
		audit_fail(w, expect, "cannot read entries: %s",
		    sqlite3_errmsg(a->db));
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = (uint64_t)sqlite3_column_int64(st, 0);
		ts = sqlite3_column_int64(st, 1);
		row_epoch = (uint64_t)sqlite3_column_int64(st, 2);
		type = (const char *)sqlite3_column_text(st, 3);
		outcome = (const char *)sqlite3_column_text(st, 4);
		if (seq != expect) {
			if (seq > expect)
				audit_fail(w, expect, "entries missing (seq "
				    "%llu to %llu)", (unsigned long long)expect,
				    (unsigned long long)(seq - 1));
			else
				audit_fail(w, seq, "entry out of sequence");
			break;
		}
		if (type == NULL || outcome == NULL ||
		    sqlite3_column_type(st, 5) != SQLITE_BLOB ||
		    sqlite3_column_bytes(st, 5) != AUDIT_NONCE_LEN ||
		    sqlite3_column_type(st, 6) != SQLITE_BLOB ||
		    sqlite3_column_bytes(st, 6) < AUDIT_TAG_LEN ||
		    sqlite3_column_bytes(st, 7) != AUDIT_HASH_LEN ||
		    sqlite3_column_bytes(st, 8) != AUDIT_HASH_LEN ||
		    strlen(type) > 255 || strlen(outcome) > 255) {
			audit_fail(w, seq, "entry damaged (a column has the "
			    "wrong type or size)");
			break;
		}
		is_seal = strcmp(type, "EPOCH_SEAL") == 0;
		if (row_epoch != epoch) {
			if (row_epoch == epoch + 1)
				audit_fail(w, seq, "epoch %llu ends without "
				    "its seal", (unsigned long long)epoch);
			else
				audit_fail(w, seq, "epoch jumps from %llu to "
				    "%llu", (unsigned long long)epoch,
				    (unsigned long long)row_epoch);
			break;
		}
		if (seq == 1 && strcmp(type, "AUDIT_INIT") != 0) {
			audit_fail(w, seq, "the first entry is not AUDIT_INIT");
			break;
		}
		if (ts < prev_ts) {
			audit_fail(w, seq, "time goes backwards");
			break;
		}
		if (!is_seal && (ts - start_ts >= a->epoch_us ||
		    count + 1 > a->epoch_entries)) {
			audit_fail(w, seq, "entry does not fit its epoch %llu "
			    "(%s)", (unsigned long long)epoch,
			    count + 1 > a->epoch_entries ? "too many entries" :
			    "time after the epoch's end");
			break;
		}
		audit_header_encode(&header, a->log_id, seq, ts, row_epoch,
		    type, outcome);
		audit_entry_hash(hash, prev, &header,
		    sqlite3_column_blob(st, 5), sqlite3_column_blob(st, 6),
		    (size_t)sqlite3_column_bytes(st, 6));
		if (memcmp(hash, sqlite3_column_blob(st, 7), sizeof hash)) {
			audit_fail(w, seq, "hash chain broken (entry changed, "
			    "inserted, removed or reordered)");
			break;
		}
		if (a->unlocked) {
			audit_entry_keys(a->sec->enc_key, a->sec->mac_key,
			    a->sec->walk_key, seq);
			audit_entry_mac(mac, hash, a->sec->mac_key);
			if (sodium_memcmp(mac, sqlite3_column_blob(st, 8),
			    sizeof mac) != 0) {
				audit_fail(w, seq, "MAC does not match (entry "
				    "forged or re-MACed)");
				break;
			}
			if (audit_payload_open(&plain,
			    sqlite3_column_blob(st, 6),
			    (size_t)sqlite3_column_bytes(st, 6), &header, prev,
			    sqlite3_column_blob(st, 5), a->sec->enc_key) < 0) {
				audit_fail(w, seq, "payload does not decrypt");
				break;
			}
			if (is_seal && !audit_seal_matches(plain.ptr, plain.len,
			    epoch, seq - 1, prev, start_ts, count)) {
				audit_fail(w, seq, "epoch seal does not match "
				    "its epoch");
				break;
			}
			if (seq == 1 && !audit_init_matches(a, plain.ptr,
			    plain.len)) {
				audit_fail(w, seq, "AUDIT_INIT does not match "
				    "the store's settings");
				break;
			}
			if (strcmp(type, "AUDIT_PRUNE") == 0)
				audit_prune_confirm(w, plain.ptr, plain.len);
			buf_wipe(&plain);
		}
		audit_expect_check(w, seq, row_epoch, hash);
		if (!r->ok)
			break;
		memcpy(prev, hash, sizeof prev);
		prev_ts = ts;
		r->last_seq = seq;
		r->nentries++;
		expect = seq + 1;
		if (is_seal) {
			epoch++;
			r->nepochs++;
			start_ts = ts;
			count = 0;
			if (a->unlocked)
				audit_key_evolve(a->sec->walk_key, epoch);
		} else
			count++;
	}
	if (r->ok && rc != SQLITE_DONE)
		audit_fail(w, expect, "database damaged: %s",
		    sqlite3_errmsg(a->db));
	if (!r->ok)
		goto done;
	if (r->nentries == 0) {
		audit_fail(w, expect, "the store has no entries");
		goto done;
	}
	/* Anything that knew of a later entry than the head: truncation. */
	if (w->iexp < w->nexp) {
		struct audit_expect *e = &w->exp[w->nexp - 1];

		audit_fail(w, r->last_seq + 1, "the store ends at seq %llu but "
		    "%s names seq %llu: entries were removed from the end",
		    (unsigned long long)r->last_seq, e->what,
		    (unsigned long long)e->seq);
		goto done;
	}
	if (w->has_writer_epoch && w->writer_epoch > epoch) {
		audit_fail(w, r->last_seq + 1, "the writer key is at epoch "
		    "%llu but the store ends in epoch %llu: entries were "
		    "removed", (unsigned long long)w->writer_epoch,
		    (unsigned long long)epoch);
		goto done;
	}
	if (w->pruned && a->unlocked && !w->cut_confirmed)
		audit_fail(w, w->cut_seq + 1, "no AUDIT_PRUNE entry confirms "
		    "the prune record");
done:
	sodium_memzero(a->sec->walk_key, AUDIT_KEY_LEN);
	sodium_memzero(a->sec->enc_key, AUDIT_KEY_LEN);
	sodium_memzero(a->sec->mac_key, AUDIT_KEY_LEN);
	buf_wipe(&plain);
	buf_release(&header);
	sqlite3_finalize(st);
}

static void
audit_integrity(struct audit_walk *w)
{
	sqlite3_stmt *st = NULL;
	const char *msg;

	if (sqlite3_prepare_v2(w->a->db, "PRAGMA integrity_check(1)", -1, &st,
	    NULL) != SQLITE_OK) {
		audit_fail(w, 0, "database damaged: %s",
		    sqlite3_errmsg(w->a->db));
		return;
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		audit_fail(w, 0, "database damaged: %s",
		    sqlite3_errmsg(w->a->db));
	else if ((msg = (const char *)sqlite3_column_text(st, 0)) == NULL ||
	    strcmp(msg, "ok") != 0)
		audit_fail(w, 0, "database damaged: %s",
		    msg != NULL ? msg : "?");
	sqlite3_finalize(st);
}

static void
audit_verify_record(struct audit *a, const struct audit_verify_report *r)
{
	struct buf n[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	struct audit_kv kv[3];
	size_t i;

	buf_addf(&n[0], "%llu", (unsigned long long)r->nentries);
	buf_addf(&n[1], "%llu", (unsigned long long)r->bad_seq);
	buf_adds(&n[2], r->macs_checked ? "checked" : "not checked");
	kv[0] = (struct audit_kv){ "entries", n[0].ptr };
	kv[1] = (struct audit_kv){ "macs", n[2].ptr };
	kv[2] = (struct audit_kv){ "bad_seq", n[1].ptr };
	if (audit_record(a, &(struct audit_event){
	    .type = AUDIT_AUDIT_VERIFY,
	    .outcome = r->ok ? AUDIT_OK : AUDIT_FAILED,
	    .reason = r->problem, .extra = kv,
	    .nextra = r->ok ? 2 : 3 }) < 0)
		err_clear();	/* a damaged store may refuse appends */
	for (i = 0; i < 3; i++)
		buf_release(&n[i]);
}

int
audit_verify(struct audit *a, const struct audit_verify_opts *o,
    struct audit_verify_report *r)
{
	struct audit_walk w;

	memset(r, 0, sizeof *r);
	memset(&w, 0, sizeof w);
	r->ok = true;
	r->macs_checked = a->unlocked;
	w.a = a;
	w.r = r;
	audit_check_schema(&w);
	if (r->ok)
		audit_check_pub(&w);
	if (r->ok)
		audit_load_prunes(&w);
	if (r->ok)
		audit_load_checkpoints(&w);
	if (r->ok)
		audit_load_writer_marks(&w);
	if (r->ok && o != NULL && o->anchor_path != NULL &&
	    audit_load_anchors(&w, o->anchor_path) < 0) {
		free(w.exp);
		free(r->problem);
		r->problem = NULL;
		return -1;
	}
	if (r->ok) {
		if (w.nexp > 1)
			qsort(w.exp, w.nexp, sizeof *w.exp, audit_expect_cmp);
		audit_walk_entries(&w);
	}
	if (r->ok)
		audit_integrity(&w);
	free(w.exp);
	if (o != NULL && o->record && a->writable)
		audit_verify_record(a, r);
	return 0;
}

void
audit_verify_report_release(struct audit_verify_report *r)
{
	free(r->problem);
	memset(r, 0, sizeof *r);
}
