/*
 * audit_query.c: reading the audit trail. Owns decrypting entries for
 * `quire audit show` and `export` (with the auditor key; each read is
 * itself recorded), the text, JSON Lines and CSV renderings, `status`,
 * pruning past the retention period, and the time syntax of --since and
 * --until. Everything rendered for a terminal goes through
 * audit_escape(), since notebook paths, SQL text and SSH_CONNECTION are
 * whatever a user made them.
 */
#include "config.h"
#include "audit.h"
#include "audit_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "sanitize.h"
#include "utf8.h"
#include "xmalloc.h"

/* Payload fields the text view leaves to export: identity and clocks. */
static const char *const audit_text_hidden[] = {
	"uid", "user", "host", "tty", "pid", "ssh", "boot", "mono_us",
	"policy", NULL
};

/* Payload fields CSV gives their own columns, in column order. */
static const char *const audit_csv_columns[] = {
	"user", "uid", "host", "tty", "pid", "ssh", "notebook", "reason", NULL
};

static bool
audit_is_bidi_or_invisible(uint32_t cp)
{
	return (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0x00ad ||
	    (cp >= 0xe0000 && cp <= 0xe007f);
}

/*
 * Text for a terminal goes through the output sanitiser's FIELD rules
 * (security spec 7.2): controls, bidi and invisible characters and bad
 * UTF-8 become visible markers.
 */
void
audit_escape(struct buf *out, const char *s, size_t len)
{
	sanitize_to_buf(out, SANITIZE_FIELD, s, len);
}

/*
 * jansson escapes C0 controls; also escape DEL, C1 controls, line and
 * paragraph separators and bidi controls, so a JSON line is safe on a
 * terminal and in a browser. They only occur inside strings.
 */
static void
audit_json_safe(struct buf *out, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	bool ok;

	while (i < len) {
		n = utf8_next(s + i, len - i, &cp, &ok);
		if (ok && (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    audit_is_bidi_or_invisible(cp)) && cp <= 0xffff)
			buf_addf(out, "\\u%04x", (unsigned)cp);
		else
			buf_add(out, s + i, n);
		i += n;
	}
}

void
audit_time_format(struct buf *out, int64_t us)
{
	time_t secs = (time_t)(us / 1000000);
	int64_t frac = us % 1000000;
	struct tm tm;

	if (frac < 0) {
		frac += 1000000;
		secs--;
	}
	if (gmtime_r(&secs, &tm) == NULL) {
		buf_addf(out, "@%lld", (long long)secs);
		return;
	}
	buf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long long)frac);
}

int
audit_time_parse(const char *s, int64_t *us_out)
{
	struct tm tm;
	struct timespec now;
	long long n;
	char unit, sep, z;
	int len = 0, cnt;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (s[0] == '@') {
		if (sscanf(s + 1, "%lld%n", &n, &len) == 1 &&
		    s[1 + len] == '\0' && n >= 0 && n < 253402300800LL) {
			*us_out = n * 1000000;
			return 0;
		}
	} else if (sscanf(s, "%lld%c%n", &n, &unit, &len) == 2 &&
	    s[len] == '\0' && n >= 0 && n < 100000 * 86400LL &&
	    strchr("dhms", unit) != NULL) {
		int64_t mul = unit == 'd' ? 86400 : unit == 'h' ? 3600 :
		    unit == 'm' ? 60 : 1;

		(void)clock_gettime(CLOCK_REALTIME, &now);
		*us_out = ((int64_t)now.tv_sec - n * mul) * 1000000;
		return 0;
	} else {
		cnt = sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon,
		    &tm.tm_mday, &len);
		if (cnt == 3 && s[len] != '\0') {
			const char *p = s + len;
			int l2 = 0;

			cnt = sscanf(p, "%c%2d:%2d%n", &sep, &tm.tm_hour,
			    &tm.tm_min, &l2);
			if (cnt != 3 || (sep != 'T' && sep != ' '))
				cnt = 0;
			else {
				p += l2;
				if (*p == ':' && sscanf(p + 1, "%2d%n",
				    &tm.tm_sec, &l2) == 1)
					p += 1 + l2;
				z = *p;
				if (z == 'Z')
					p++;
				cnt = *p == '\0' ? 3 : 0;
			}
		}
		if (cnt == 3 && tm.tm_mon >= 1 && tm.tm_mon <= 12 &&
		    tm.tm_mday >= 1 && tm.tm_mday <= 31 && tm.tm_hour < 24 &&
		    tm.tm_min < 60 && tm.tm_sec < 61 && tm.tm_year >= 1970) {
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			t = timegm(&tm);
			if (t != (time_t)-1) {
				*us_out = (int64_t)t * 1000000;
				return 0;
			}
		}
	}
	err_set("bad time '%s' (want 2026-11-23, 2026-11-23T13:45[:07][Z], "
	    "@SECONDS or an age such as 30d, 12h, 15m)", s);
	return -1;
}

int
audit_format_parse(const char *name, enum audit_format *out)
{
	if (strcmp(name, "jsonl") == 0)
		*out = AUDIT_FORMAT_JSONL;
	else if (strcmp(name, "csv") == 0)
		*out = AUDIT_FORMAT_CSV;
	else if (strcmp(name, "text") == 0)
		*out = AUDIT_FORMAT_TEXT;
	else {
		err_set("unknown format '%s' (want jsonl or csv)", name);
		return -1;
	}
	return 0;
}

void
audit_format_header(struct buf *out, enum audit_format f)
{
	size_t i;

	if (f != AUDIT_FORMAT_CSV)
		return;
	buf_adds(out, "seq,time,epoch,type,outcome");
	for (i = 0; audit_csv_columns[i] != NULL; i++)
		buf_addf(out, ",%s", audit_csv_columns[i]);
	buf_adds(out, ",fields\r\n");
}

/*
 * One CSV field. Controls are escaped as on a terminal, and a text that
 * a spreadsheet would take for a formula gets a leading quote.
 */
static void
audit_csv_field(struct buf *out, const char *s, bool text)
{
	struct buf esc = BUF_INIT;
	size_t i;
	bool quote;

	if (text && strchr("=+-@", s[0]) != NULL && s[0] != '\0')
		buf_addc(&esc, '\'');
	audit_escape(&esc, s, strlen(s));
	quote = strpbrk(esc.ptr, ",\"") != NULL || esc.ptr[0] == ' ' ||
	    (esc.len > 0 && esc.ptr[esc.len - 1] == ' ');
	if (!quote) {
		buf_add(out, esc.ptr, esc.len);
		buf_release(&esc);
		return;
	}
	buf_addc(out, '"');
	for (i = 0; i < esc.len; i++) {
		if (esc.ptr[i] == '"')
			buf_addc(out, '"');
		buf_addc(out, esc.ptr[i]);
	}
	buf_addc(out, '"');
	buf_release(&esc);
}

/* A JSON value as text: strings as themselves, the rest as JSON. */
static void
audit_json_text(struct buf *out, json_t *v)
{
	char *s;

	if (json_is_string(v)) {
		buf_add(out, json_string_value(v), json_string_length(v));
		return;
	}
	if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		abort();
	buf_adds(out, s);
	free(s);
}

static bool
audit_in_list(const char *const *list, const char *key)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], key) == 0)
			return true;
	return false;
}

static void
audit_format_text(struct buf *out, const struct audit_row *row, json_t *obj)
{
	struct buf tmp = BUF_INIT;
	const char *key, *user;
	json_t *v;

	buf_addf(out, "%llu ", (unsigned long long)row->seq);
	audit_time_format(&tmp, row->ts_us);
	buf_add(out, tmp.ptr, 19);	/* to the second */
	buf_addf(out, "Z %s %s", row->type, row->outcome);
	user = obj != NULL ? json_string_value(json_object_get(obj, "user")) :
	    NULL;
	if (user != NULL) {
		buf_addc(out, ' ');
		audit_escape(out, user, strlen(user));
	}
	if (obj != NULL)
		json_object_foreach(obj, key, v) {
			if (audit_in_list(audit_text_hidden, key))
				continue;
			buf_reset(&tmp);
			audit_json_text(&tmp, v);
			buf_addc(out, ' ');
			audit_escape(out, key, strlen(key));
			buf_addc(out, '=');
			if (tmp.len == 0 || strpbrk(tmp.ptr, " \"") != NULL) {
				struct buf q = BUF_INIT;
				size_t i;

				for (i = 0; i < tmp.len; i++) {
					if (tmp.ptr[i] == '"' ||
					    tmp.ptr[i] == '\\')
						buf_addc(&q, '\\');
					buf_addc(&q, tmp.ptr[i]);
				}
				buf_addc(out, '"');
				audit_escape(out, q.ptr, q.len);
				buf_addc(out, '"');
				buf_release(&q);
			} else
				audit_escape(out, tmp.ptr, tmp.len);
		}
	buf_addc(out, '\n');
	buf_release(&tmp);
}

static void
audit_format_jsonl(struct buf *out, const struct audit_row *row, json_t *obj)
{
	struct buf t = BUF_INIT, h = BUF_INIT;
	json_t *line = json_object();
	char *s;

	audit_time_format(&t, row->ts_us);
	audit_hex(&h, row->hash, AUDIT_HASH_LEN);
	json_object_set_new(line, "seq", json_integer((json_int_t)row->seq));
	json_object_set_new(line, "time", json_string(t.ptr));
	json_object_set_new(line, "ts_us", json_integer(row->ts_us));
	json_object_set_new(line, "epoch",
	    json_integer((json_int_t)row->epoch));
	json_object_set_new(line, "type", json_string(row->type));
	json_object_set_new(line, "outcome", json_string(row->outcome));
	json_object_set_new(line, "hash", json_string(h.ptr));
	json_object_set(line, "fields", obj != NULL ? obj : json_null());
	if ((s = json_dumps(line, JSON_COMPACT)) == NULL)
		abort();
	audit_json_safe(out, s);
	buf_addc(out, '\n');
	free(s);
	json_decref(line);
	buf_release(&t);
	buf_release(&h);
}

static void
audit_format_csv(struct buf *out, const struct audit_row *row, json_t *obj)
{
	struct buf t = BUF_INIT, rest = BUF_INIT;
	json_t *others = json_object(), *v;
	const char *key;
	char *s;
	size_t i;

	audit_time_format(&t, row->ts_us);
	buf_addf(out, "%llu,%s,%llu,", (unsigned long long)row->seq, t.ptr,
	    (unsigned long long)row->epoch);
	audit_csv_field(out, row->type, false);
	buf_addc(out, ',');
	audit_csv_field(out, row->outcome, false);
	for (i = 0; audit_csv_columns[i] != NULL; i++) {
		buf_addc(out, ',');
		v = obj != NULL ? json_object_get(obj, audit_csv_columns[i]) :
		    NULL;
		if (v == NULL)
			continue;
		buf_reset(&rest);
		audit_json_text(&rest, v);
		audit_csv_field(out, rest.ptr, json_is_string(v));
	}
	if (obj != NULL)
		json_object_foreach(obj, key, v)
			if (!audit_in_list(audit_csv_columns, key))
				json_object_set(others, key, v);
	if ((s = json_dumps(others, JSON_COMPACT)) == NULL)
		abort();
	buf_addc(out, ',');
	audit_csv_field(out, s, false);
	buf_adds(out, "\r\n");
	free(s);
	json_decref(others);
	buf_release(&t);
	buf_release(&rest);
}

void
audit_row_format(struct buf *out, const struct audit_row *row,
    enum audit_format f)
{
	json_t *obj = json_loadb(row->fields, row->fields_len, 0, NULL);

	if (obj != NULL && !json_is_object(obj)) {
		json_decref(obj);
		obj = NULL;
	}
	switch (f) {
	case AUDIT_FORMAT_TEXT:
		audit_format_text(out, row, obj);
		break;
	case AUDIT_FORMAT_JSONL:
		audit_format_jsonl(out, row, obj);
		break;
	case AUDIT_FORMAT_CSV:
		audit_format_csv(out, row, obj);
		break;
	}
	json_decref(obj);
}

/* Record the read before it happens: access to the log is audited. */
static int
audit_query_record(struct audit *a, const struct audit_filter *f,
    const char *export_format)
{
	struct audit_kv kv[6];
	struct buf since = BUF_INIT, until = BUF_INIT;
	size_t n = 0;
	int rc;

	if (f->since_us != 0) {
		audit_time_format(&since, f->since_us);
		kv[n++] = (struct audit_kv){ "since", since.ptr };
	}
	if (f->until_us != 0) {
		audit_time_format(&until, f->until_us);
		kv[n++] = (struct audit_kv){ "until", until.ptr };
	}
	if (f->user != NULL)
		kv[n++] = (struct audit_kv){ "filter_user", f->user };
	if (f->by_type)
		kv[n++] = (struct audit_kv){ "filter_type",
		    audit_type_name(f->type) };
	if (f->notebook != NULL)
		kv[n++] = (struct audit_kv){ "filter_notebook", f->notebook };
	rc = audit_record(a, &(struct audit_event){
	    .type = export_format != NULL ? AUDIT_AUDIT_EXPORT :
	    AUDIT_AUDIT_READ, .format = export_format, .extra = kv,
	    .nextra = n });
	buf_release(&since);
	buf_release(&until);
	return rc;
}

static bool
audit_row_selected(const struct audit_filter *f, json_t *obj)
{
	const char *s;
	size_t n, m;

	if (f->user != NULL) {
		char *end;
		long long uid = strtoll(f->user, &end, 10);

		s = json_string_value(json_object_get(obj, "user"));
		if (*end == '\0' && end != f->user) {
			if (json_integer_value(json_object_get(obj, "uid")) !=
			    uid || json_object_get(obj, "uid") == NULL)
				return false;
		} else if (s == NULL || strcmp(s, f->user) != 0)
			return false;
	}
	if (f->notebook != NULL) {
		s = json_string_value(json_object_get(obj, "notebook"));
		if (s == NULL)
			return false;
		n = strlen(s);
		m = strlen(f->notebook);
		if (strcmp(s, f->notebook) != 0 && !(n > m &&
		    strcmp(s + n - m, f->notebook) == 0 && s[n - m - 1] == '/'))
			return false;
	}
	return true;
}

int
audit_query(struct audit *a, const struct audit_filter *f,
    const char *export_format, audit_row_cb cb, void *arg)
{
	static const struct audit_filter none;
	struct buf header = BUF_INIT, plain = BUF_INIT;
	sqlite3_stmt *st = NULL;
	unsigned char zero[AUDIT_HASH_LEN] = { 0 };
	const unsigned char *prev;
	struct audit_row row;
	uint64_t key_epoch = 0;
	bool have_key = false;
	json_t *obj;
	int rc = -1, step;

	if (f == NULL)
		f = &none;
	if (!a->unlocked) {
		err_set("%s: reading entries needs the auditor passphrase",
		    a->path);
		return -1;
	}
	if (a->writable && audit_query_record(a, f, export_format) < 0)
		return -1;
	if (sqlite3_prepare_v2(a->db, "SELECT e.seq, e.ts_utc, e.epoch,"
	    " e.event_type, e.outcome, e.nonce, e.payload, e.hash,"
	    " coalesce((SELECT p.hash FROM entries p WHERE p.seq = e.seq - 1),"
	    " (SELECT cut_hash FROM prunes WHERE cut_seq = e.seq - 1))"
	    " FROM entries e WHERE e.ts_utc >= ?1 AND e.ts_utc <= ?2"
	    " AND (?3 IS NULL OR e.event_type = ?3) ORDER BY e.seq", -1, &st,
	    NULL) != SQLITE_OK) {
		audit_db_error(a, "query");
		goto done;
	}
	sqlite3_bind_int64(st, 1, f->since_us);
	sqlite3_bind_int64(st, 2, f->until_us != 0 ? f->until_us : INT64_MAX);
	if (f->by_type)
		sqlite3_bind_text(st, 3, audit_type_name(f->type), -1,
		    SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		row.seq = (uint64_t)sqlite3_column_int64(st, 0);
		row.ts_us = sqlite3_column_int64(st, 1);
		row.epoch = (uint64_t)sqlite3_column_int64(st, 2);
		row.type = (const char *)sqlite3_column_text(st, 3);
		row.outcome = (const char *)sqlite3_column_text(st, 4);
		prev = sqlite3_column_blob(st, 8);
		if (row.seq == 1)
			prev = zero;
		if (row.type == NULL || row.outcome == NULL ||
		    strlen(row.type) > 255 || strlen(row.outcome) > 255 ||
		    sqlite3_column_bytes(st, 5) != AUDIT_NONCE_LEN ||
		    sqlite3_column_bytes(st, 7) != AUDIT_HASH_LEN ||
		    prev == NULL || (prev != zero &&
		    sqlite3_column_bytes(st, 8) != AUDIT_HASH_LEN)) {
			err_set("%s: entry %llu is damaged or its predecessor "
			    "is missing (run quire audit verify)", a->path,
			    (unsigned long long)row.seq);
			goto done;
		}
		if (!have_key || row.epoch < key_epoch) {
			audit_key_at_epoch(a->sec->walk_key, a->sec->a0,
			    row.epoch);
			key_epoch = row.epoch;
			have_key = true;
		}
		while (key_epoch < row.epoch)
			audit_key_evolve(a->sec->walk_key, ++key_epoch);
		audit_header_encode(&header, a->log_id, row.seq, row.ts_us,
		    row.epoch, row.type, row.outcome);
		audit_entry_keys(a->sec->enc_key, a->sec->mac_key,
		    a->sec->walk_key, row.seq);
		if (audit_payload_open(&plain, sqlite3_column_blob(st, 6),
		    (size_t)sqlite3_column_bytes(st, 6), &header, prev,
		    sqlite3_column_blob(st, 5), a->sec->enc_key) < 0) {
			err_set("%s: entry %llu does not decrypt (run quire "
			    "audit verify)", a->path,
			    (unsigned long long)row.seq);
			goto done;
		}
		obj = json_loadb(plain.ptr, plain.len, 0, NULL);
		if (obj == NULL || !audit_row_selected(f, obj)) {
			json_decref(obj);
			continue;
		}
		json_decref(obj);
		row.fields = plain.ptr;
		row.fields_len = plain.len;
		row.hash = sqlite3_column_blob(st, 7);
		if (cb(&row, arg) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		audit_db_error(a, "query");
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(a->sec->walk_key, AUDIT_KEY_LEN);
	sodium_memzero(a->sec->enc_key, AUDIT_KEY_LEN);
	sodium_memzero(a->sec->mac_key, AUDIT_KEY_LEN);
	buf_wipe(&plain);
	buf_release(&header);
	sqlite3_finalize(st);
	return rc;
}

static int64_t
audit_file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
}

static bool
audit_side_exists(const char *store, const char *suffix)
{
	struct buf p = BUF_INIT;
	bool yes;

	audit_side_path(&p, store, suffix);
	yes = access(p.ptr, F_OK) == 0;
	buf_release(&p);
	return yes;
}

int
audit_log_status(struct audit *a, struct audit_status *s)
{
	struct audit_head head;
	struct buf p = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	memset(s, 0, sizeof *s);
	sodium_bin2hex(s->log_id, sizeof s->log_id, a->log_id,
	    AUDIT_LOG_ID_LEN);
	s->created_us = a->created_us;
	if (audit_db_head(a, &head) < 0)
		goto done;
	s->last_seq = head.seq;
	s->last_ts_us = head.ts_us;
	s->epoch = head.epoch;
	memcpy(s->head, head.hash, AUDIT_HASH_LEN);
	if (sqlite3_prepare_v2(a->db, "SELECT count(*), coalesce(min(seq), 0),"
	    " (SELECT count(*) FROM checkpoints),"
	    " (SELECT count(*) FROM prunes) FROM entries", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		audit_db_error(a, "status");
		goto done;
	}
	s->nentries = (uint64_t)sqlite3_column_int64(st, 0);
	s->first_seq = (uint64_t)sqlite3_column_int64(st, 1);
	s->ncheckpoints = (uint64_t)sqlite3_column_int64(st, 2);
	s->nprunes = (uint64_t)sqlite3_column_int64(st, 3);
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(a->db, "SELECT ts_utc, outcome FROM entries"
	    " WHERE event_type = 'AUDIT_VERIFY' ORDER BY seq DESC LIMIT 1", -1,
	    &st, NULL) != SQLITE_OK) {
		audit_db_error(a, "status");
		goto done;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *o = sqlite3_column_text(st, 1);

		s->has_verify = true;
		s->verify_ts_us = sqlite3_column_int64(st, 0);
		s->verify_ok = o != NULL && strcmp((const char *)o, "ok") == 0;
	}
	s->db_bytes = audit_file_size(a->path);
	audit_side_path(&p, a->path, "-wal");
	s->db_bytes += audit_file_size(p.ptr);
	s->has_writer_key = audit_side_exists(a->path, ".writer");
	s->has_auditor_key = audit_side_exists(a->path, ".key");
	s->has_pub = audit_side_exists(a->path, ".pub");
	rc = 0;
done:
	sqlite3_finalize(st);
	buf_release(&p);
	return rc;
}

static int
audit_prune_cut(struct audit *a, int64_t cutoff, uint64_t first_seq,
    struct audit_head *head, uint64_t *nremoved, unsigned days)
{
	sqlite3_stmt *st = NULL;
	struct buf msg = BUF_INIT, hex = BUF_INIT, n[4] = { BUF_INIT,
		BUF_INIT, BUF_INIT, BUF_INIT };
	unsigned char cut_hash[AUDIT_HASH_LEN], sig[AUDIT_SIG_LEN];
	uint64_t cut_seq = 0, cut_epoch = 0;
	int64_t cut_ts = 0, now;
	struct audit_kv kv[6];
	size_t i, nkv = 1;
	int rc = -1;

	*nremoved = 0;
	if (audit_db_prepare(a, &st, "SELECT seq, epoch, ts_utc, hash"
	    " FROM entries WHERE event_type = 'EPOCH_SEAL' AND ts_utc < ?"
	    " ORDER BY seq DESC LIMIT 1") < 0)
		goto done;
	sqlite3_bind_int64(st, 1, cutoff);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 3) == AUDIT_HASH_LEN) {
		cut_seq = (uint64_t)sqlite3_column_int64(st, 0);
		cut_epoch = (uint64_t)sqlite3_column_int64(st, 1);
		cut_ts = sqlite3_column_int64(st, 2);
		memcpy(cut_hash, sqlite3_column_blob(st, 3), AUDIT_HASH_LEN);
	}
	sqlite3_finalize(st);
	st = NULL;
	buf_addf(&n[0], "%u", days);
	kv[0] = (struct audit_kv){ "retention_days", n[0].ptr };
	if (cut_seq >= first_seq) {
		now = audit_now(a);
		if (now < head->ts_us)
			now = head->ts_us;
		audit_prune_message(&msg, a->log_id, cut_seq, cut_epoch, cut_ts,
		    cut_hash, now);
		crypto_sign_detached(sig, NULL, (unsigned char *)msg.ptr,
		    msg.len, a->sec->sign_sk);
		if (audit_db_prepare(a, &st, "INSERT INTO prunes(cut_seq,"
		    " cut_epoch, cut_ts, cut_hash, ts_utc, sig)"
		    " VALUES (?,?,?,?,?,?)") < 0)
			goto done;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)cut_seq);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)cut_epoch);
		sqlite3_bind_int64(st, 3, cut_ts);
		sqlite3_bind_blob(st, 4, cut_hash, AUDIT_HASH_LEN,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, now);
		sqlite3_bind_blob(st, 6, sig, sizeof sig, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			audit_db_error(a, "write prune record");
			goto done;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (audit_db_delete_guard(a, false) < 0)
			goto done;
		if (audit_db_prepare(a, &st,
		    "DELETE FROM entries WHERE seq <= ?") < 0)
			goto done;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)cut_seq);
		if (sqlite3_step(st) != SQLITE_DONE) {
			audit_db_error(a, "prune");
			goto done;
		}
		*nremoved = (uint64_t)sqlite3_changes64(a->db);
		if (audit_db_delete_guard(a, true) < 0)
			goto done;
		audit_hex(&hex, cut_hash, AUDIT_HASH_LEN);
		buf_addf(&n[1], "%llu", (unsigned long long)cut_seq);
		buf_addf(&n[2], "%llu", (unsigned long long)cut_epoch);
		buf_addf(&n[3], "%llu", (unsigned long long)*nremoved);
		kv[nkv++] = (struct audit_kv){ "cut_seq", n[1].ptr };
		kv[nkv++] = (struct audit_kv){ "cut_epoch", n[2].ptr };
		kv[nkv++] = (struct audit_kv){ "cut_hash", hex.ptr };
		kv[nkv++] = (struct audit_kv){ "removed", n[3].ptr };
	} else {
		buf_adds(&n[3], "0");
		kv[nkv++] = (struct audit_kv){ "removed", n[3].ptr };
	}
	if (audit_append_in_txn(a, &(struct audit_event){
	    .type = AUDIT_AUDIT_PRUNE, .extra = kv, .nextra = nkv }, head) < 0)
		goto done;
	rc = 0;
done:
	sqlite3_finalize(st);
	buf_release(&msg);
	buf_release(&hex);
	for (i = 0; i < 4; i++)
		buf_release(&n[i]);
	return rc;
}

int
audit_prune(struct audit *a, unsigned retention_days, uint64_t *nremoved)
{
	struct audit_head head;
	sqlite3_stmt *st = NULL;
	uint64_t removed = 0, first = 0;
	int64_t now;
	int rc = -1;

	if (retention_days < AUDIT_RETENTION_MIN_DAYS) {
		err_set("retention of %u days is below the minimum of %d days",
		    retention_days, AUDIT_RETENTION_MIN_DAYS);
		return -1;
	}
	if (audit_txn_start(a, &head) < 0)
		return -1;
	a->auth = AUDIT_AUTH_ADMIN;
	now = audit_now(a);
	if (sqlite3_prepare_v2(a->db, "SELECT min(seq) FROM entries", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		audit_db_error(a, "prune");
		goto done;
	}
	first = (uint64_t)sqlite3_column_int64(st, 0);
	if (audit_prune_cut(a, now - (int64_t)retention_days *
	    AUDIT_US_PER_DAY, first, &head, &removed, retention_days) < 0)
		goto done;
	rc = 0;
done:
	sqlite3_finalize(st);
	if (rc == 0)
		rc = audit_txn_finish(a, &head);
	else
		audit_txn_abort(a);
	a->auth = AUDIT_AUTH_APPEND;
	if (rc == 0 && nremoved != NULL)
		*nremoved = removed;
	return rc;
}
