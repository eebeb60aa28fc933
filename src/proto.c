/*
 * proto.c: frames between quire and its kernel. Owns the byte layout
 * (doc/kernel-protocol.md), the stream decoder and the typed views of
 * each message; sockets and processes are kern.c's and kernel.c's.
 *
 * The one idea: the length word is a claim by the other side, and the
 * other side may be a crashed or hostile process, so the decoder checks
 * it against a limit before it waits for, copies or parses anything.
 */
#include "config.h"
#include "proto.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "xmalloc.h"

struct proto_dec {
	struct buf in;		/* bytes fed and not yet consumed */
	size_t off;		/* start of the next frame in in */
	size_t max;		/* largest frame accepted, bytes */
	struct buf error;	/* sticky: set once the stream is bad */
};

static uint32_t
proto_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
proto_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

const char *
proto_type_name(enum proto_type t)
{
	switch (t) {
	case PROTO_CONFIG:
		return "config";
	case PROTO_RUN:
		return "run";
	case PROTO_DELETE:
		return "delete";
	case PROTO_SET_WIDGET:
		return "set-widget";
	case PROTO_COMPLETE:
		return "complete";
	case PROTO_SHUTDOWN:
		return "shutdown";
	case PROTO_VARIABLES:
		return "variables";
	case PROTO_TABLE_WINDOW:
		return "table-window";
	case PROTO_READY:
		return "ready";
	case PROTO_STREAM:
		return "stream";
	case PROTO_DISPLAY:
		return "display";
	case PROTO_DONE:
		return "done";
	case PROTO_ERROR:
		return "error";
	case PROTO_COMPLETIONS:
		return "completions";
	case PROTO_STATE:
		return "state";
	case PROTO_VARS:
		return "vars";
	case PROTO_WIDGET:
		return "widget";
	case PROTO_TABLE:
		return "table";
	}
	return "unknown";
}

static bool
proto_type_is_known(unsigned t)
{
	return (t >= PROTO_CONFIG && t <= PROTO_TABLE_WINDOW) ||
	    (t >= PROTO_READY && t <= PROTO_TABLE);
}

const char *
proto_status_name(enum proto_status s)
{
	switch (s) {
	case PROTO_STATUS_OK:
		return "ok";
	case PROTO_STATUS_EXCEPTION:
		return "exception";
	case PROTO_STATUS_STOPPED:
		return "stopped";
	case PROTO_STATUS_INTERRUPTED:
		return "interrupted";
	case PROTO_STATUS_SKIPPED:
		return "skipped";
	}
	return "unknown";
}

void
proto_msg_release(struct proto_msg *m)
{
	if (m->json != NULL)
		json_decref(m->json);
	free(m->body);
	m->type = 0;
	m->json = NULL;
	m->body = NULL;
	m->bodylen = 0;
}

int
proto_encode(struct buf *out, enum proto_type type, const struct json_t *json,
    const void *body, size_t bodylen)
{
	unsigned char hdr[PROTO_HEADER_LEN];
	char *text = NULL;
	size_t jsonlen = 0, total;

	if (json != NULL && json_object_size(json) > 0) {
		text = json_dumps(json, JSON_COMPACT);
		if (text == NULL) {
			err_set("kernel frame: cannot encode %s fields",
			    proto_type_name(type));
			return -1;
		}
		jsonlen = strlen(text);
	}
	if (jsonlen > PROTO_JSON_MAX) {
		err_set("kernel frame: %s fields are %zu bytes, over the "
		    "%u-byte limit", proto_type_name(type), jsonlen,
		    PROTO_JSON_MAX);
		free(text);
		return -1;
	}
	total = 5 + jsonlen;
	if (bodylen > PROTO_FRAME_MAX - total) {
		err_set("kernel frame: %s is %zu bytes, over the %u-byte "
		    "limit", proto_type_name(type), total + bodylen,
		    PROTO_FRAME_MAX);
		free(text);
		return -1;
	}
	total += bodylen;
	proto_put32(hdr, (uint32_t)total);
	hdr[4] = (unsigned char)type;
	proto_put32(hdr + 5, (uint32_t)jsonlen);
	buf_grow(out, PROTO_HEADER_LEN + total - 5);
	buf_add(out, hdr, sizeof hdr);
	buf_add(out, text, jsonlen);
	buf_add(out, body, bodylen);
	free(text);
	return 0;
}

struct proto_dec *
proto_dec_new(size_t max_frame)
{
	struct proto_dec *d = xcalloc(1, sizeof *d);

	buf_init(&d->in);
	buf_init(&d->error);
	d->max = max_frame == 0 || max_frame > PROTO_FRAME_MAX ?
	    PROTO_FRAME_MAX : max_frame;
	return d;
}

void
proto_dec_free(struct proto_dec *d)
{
	if (d == NULL)
		return;
	buf_release(&d->in);
	buf_release(&d->error);
	free(d);
}

void
proto_dec_feed(struct proto_dec *d, const void *p, size_t len)
{
	if (d->error.len > 0)
		return;
	/* Move the unread tail to the front before growing, so a long
	 * stream of small frames does not grow the buffer without end. */
	if (d->off > 0 && (d->off == d->in.len || d->off >= 65536)) {
		memmove(d->in.ptr, d->in.ptr + d->off, d->in.len - d->off);
		buf_truncate(&d->in, d->in.len - d->off);
		d->off = 0;
	}
	buf_add(&d->in, p, len);
}

size_t
proto_dec_pending(const struct proto_dec *d)
{
	return d->in.len - d->off;
}

static int
proto_dec_fail(struct proto_dec *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
proto_dec_fail(struct proto_dec *d, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&d->error);
	buf_addf(&d->error, "kernel frame at byte %zu: ", d->off);
	va_start(ap, fmt);
	buf_vaddf(&d->error, fmt, ap);
	va_end(ap);
	err_set("%s", d->error.ptr);
	return -1;
}

/* Parse one frame of exactly 4 + len bytes at p (len from the header). */
static int
proto_frame_parse(struct proto_dec *d, struct proto_msg *out,
    const unsigned char *p, uint32_t len)
{
	json_error_t jerr;
	json_t *json;
	uint32_t jsonlen;
	unsigned type = p[4];
	size_t bodylen;

	if (!proto_type_is_known(type))
		return proto_dec_fail(d, "unknown message type %u", type);
	jsonlen = proto_get32(p + 5);
	if (jsonlen > len - 5)
		return proto_dec_fail(d, "fields of %" PRIu32 " bytes do not "
		    "fit a %" PRIu32 "-byte frame", jsonlen, len);
	if (jsonlen > PROTO_JSON_MAX)
		return proto_dec_fail(d, "fields of %" PRIu32 " bytes exceed "
		    "the %u-byte limit", jsonlen, PROTO_JSON_MAX);
	if (jsonlen == 0)
		json = json_object();
	else {
		json = json_loadb((const char *)p + PROTO_HEADER_LEN, jsonlen,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (json == NULL)
			return proto_dec_fail(d, "%s fields: %s at column %d",
			    proto_type_name(type), jerr.text, jerr.column);
		if (!json_is_object(json)) {
			json_decref(json);
			return proto_dec_fail(d, "%s fields are not a JSON "
			    "object", proto_type_name(type));
		}
	}
	bodylen = len - 5 - jsonlen;
	out->type = type;
	out->json = json;
	out->body = xmalloc(bodylen + 1);
	memcpy(out->body, p + PROTO_HEADER_LEN + jsonlen, bodylen);
	out->body[bodylen] = '\0';
	out->bodylen = bodylen;
	return 0;
}

int
proto_dec_next(struct proto_dec *d, struct proto_msg *out)
{
	const unsigned char *p;
	size_t avail;
	uint32_t len;

	if (d->error.len > 0) {
		err_set("%s", d->error.ptr);
		return -1;
	}
	avail = d->in.len - d->off;
	if (avail < 4)
		return 0;
	p = (const unsigned char *)d->in.ptr + d->off;
	len = proto_get32(p);
	if (len < 5)
		return proto_dec_fail(d, "length %" PRIu32 " is below the "
		    "5-byte minimum", len);
	if (len > d->max)
		return proto_dec_fail(d, "length %" PRIu32 " exceeds the "
		    "%zu-byte limit", len, d->max);
	if (avail - 4 < len)
		return 0;
	if (proto_frame_parse(d, out, p, len) < 0)
		return -1;
	d->off += 4 + (size_t)len;
	if (d->off == d->in.len) {
		buf_reset(&d->in);
		d->off = 0;
	}
	return 1;
}

int
proto_decode(struct proto_msg *out, const void *p, size_t len,
    size_t max_frame)
{
	struct proto_dec *d = proto_dec_new(max_frame);
	int r;

	proto_dec_feed(d, p, len);
	r = proto_dec_next(d, out);
	if (r == 0) {
		err_set("kernel frame: truncated (%zu bytes)", len);
		r = -1;
	} else if (r == 1 && proto_dec_pending(d) > 0) {
		err_set("kernel frame: %zu bytes after the frame",
		    proto_dec_pending(d));
		proto_msg_release(out);
		r = -1;
	} else if (r == 1)
		r = 0;
	proto_dec_free(d);
	return r;
}

/*
 * JSON strings must be UTF-8; what user code prints or raises need not
 * be. Invalid sequences become U+FFFD so the frame can always be built.
 */
static size_t
proto_utf8_valid_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n, i;
	uint32_t cp;

	if (c < 0x80)
		return c == 0 ? 0 : 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static json_t *
proto_jstr(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *j;
	size_t i, n;

	if (memchr(s, '\0', len) == NULL && (j = json_stringn(s, len)) != NULL)
		return j;
	for (i = 0; i < len; i += n) {
		n = proto_utf8_valid_len((const unsigned char *)s + i,
		    len - i);
		if (n == 0) {
			buf_adds(&b, "\xef\xbf\xbd");
			n = 1;
		} else
			buf_add(&b, s + i, n);
	}
	j = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return j;
}

static void
proto_set_str(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(o, key, proto_jstr(s, strlen(s)));
}

static void
proto_set_int(json_t *o, const char *key, uint64_t v)
{
	json_object_set_new(o, key, json_integer((json_int_t)v));
}

static json_t *
proto_str_array(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, proto_jstr(v[i], strlen(v[i])));
	return a;
}

static int
proto_emit(struct buf *out, enum proto_type type, json_t *o,
    const void *body, size_t bodylen)
{
	int r = proto_encode(out, type, o, body, bodylen);

	json_decref(o);
	return r;
}

/* Field readers: -1 with a message naming the message and the field. */

static int
proto_bad(const struct proto_msg *m, const char *key, const char *what)
{
	err_set("kernel %s message: field \"%s\" %s",
	    proto_type_name(m->type), key, what);
	return -1;
}

static int
proto_get_uint(const struct proto_msg *m, const char *key, uint64_t max,
    bool required, uint64_t *out)
{
	json_t *v = json_object_get(m->json, key);
	json_int_t i;

	if (v == NULL) {
		if (required)
			return proto_bad(m, key, "is missing");
		*out = 0;
		return 0;
	}
	if (!json_is_integer(v))
		return proto_bad(m, key, "is not an integer");
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i > max)
		return proto_bad(m, key, "is out of range");
	*out = (uint64_t)i;
	return 0;
}

static int
proto_get_u32(const struct proto_msg *m, const char *key, bool required,
    uint32_t *out)
{
	uint64_t v;

	if (proto_get_uint(m, key, UINT32_MAX, required, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int
proto_get_str(const struct proto_msg *m, const char *key, bool required,
    const char **out)
{
	json_t *v = json_object_get(m->json, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return proto_bad(m, key, "is missing");
		return 0;
	}
	if (!json_is_string(v))
		return proto_bad(m, key, "is not a string");
	*out = json_string_value(v);
	return 0;
}

static int
proto_get_bool(const struct proto_msg *m, const char *key, bool *out)
{
	json_t *v = json_object_get(m->json, key);

	*out = false;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return proto_bad(m, key, "is not a boolean");
	*out = json_is_true(v);
	return 0;
}

/* An array of strings; *out allocated (free()), NULL when empty. */
static int
proto_get_strs(const struct proto_msg *m, const char *key,
    const char *const **out, size_t *n)
{
	json_t *v = json_object_get(m->json, key), *e;
	const char **a;
	size_t i;

	*out = NULL;
	*n = 0;
	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return proto_bad(m, key, "is not an array");
	if (json_array_size(v) == 0)
		return 0;
	a = xreallocarray(NULL, json_array_size(v), sizeof *a);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			free(a);
			return proto_bad(m, key, "holds a non-string");
		}
		a[i] = json_string_value(e);
	}
	*out = a;
	*n = json_array_size(v);
	return 0;
}

static int
proto_expect(const struct proto_msg *m, enum proto_type t)
{
	if (m->type != t) {
		err_set("kernel message: expected %s, got %s",
		    proto_type_name(t), proto_type_name(m->type));
		return -1;
	}
	return 0;
}

/* CONFIG */

int
proto_config_encode(struct buf *out, const struct proto_config *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "argv", proto_str_array(c->argv, c->nargv));
	proto_set_str(o, "notebook", c->notebook_path);
	proto_set_str(o, "mode", c->mode);
	proto_set_int(o, "output_max", c->output_max);
	proto_set_int(o, "cpu_max_s", c->cpu_max_s);
	proto_set_int(o, "as_max", c->as_max);
	return proto_emit(out, PROTO_CONFIG, o, NULL, 0);
}

int
proto_config_parse(struct proto_config *c, const struct proto_msg *m)
{
	memset(c, 0, sizeof *c);
	if (proto_expect(m, PROTO_CONFIG) < 0 ||
	    proto_get_strs(m, "argv", &c->argv, &c->nargv) < 0)
		return -1;
	if (proto_get_str(m, "notebook", false, &c->notebook_path) < 0 ||
	    proto_get_str(m, "mode", false, &c->mode) < 0 ||
	    proto_get_uint(m, "output_max", INT64_MAX, false,
	    &c->output_max) < 0 ||
	    proto_get_u32(m, "cpu_max_s", false, &c->cpu_max_s) < 0 ||
	    proto_get_uint(m, "as_max", INT64_MAX, false, &c->as_max) < 0) {
		proto_config_release(c);
		return -1;
	}
	return 0;
}

void
proto_config_release(struct proto_config *c)
{
	free((void *)c->argv);
	c->argv = NULL;
	c->nargv = 0;
}

/*
 * RUN and DONE go by the thousand in a run of a notebook, so their fields
 * have a fixed binary layout at the start of the body instead of a JSON
 * part (J = 0): building, writing and parsing JSON was most of what a
 * cell cost the protocol. Integers are big-endian like the length word;
 * a string is a 4-byte length, its bytes and a NUL (so the views can lend
 * it out as a C string), 0xffffffff when absent; strings are UTF-8,
 * repaired as the JSON ones are. The fixed part starts with its own
 * length, so fields can be added at its end.
 */

#define PROTO_NONE UINT32_MAX
#define PROTO_RUN_FIXED 19	/* hlen, cell, batch, flags, ndel, nafter */
#define PROTO_RUN_NO_EXPR 0x01
#define PROTO_RUN_FILENAME 0x02
#define PROTO_DONE_FIXED 31	/* hlen, cell, batch, status, duration,
				   blocker, dropped */

static void
proto_put_u16(struct buf *b, unsigned v)
{
	unsigned char p[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	buf_add(b, p, sizeof p);
}

static void
proto_put_u32(struct buf *b, uint32_t v)
{
	unsigned char p[4];

	proto_put32(p, v);
	buf_add(b, p, sizeof p);
}

static void
proto_put_u64(struct buf *b, uint64_t v)
{
	proto_put_u32(b, (uint32_t)(v >> 32));
	proto_put_u32(b, (uint32_t)v);
}

/* A string as UTF-8 with a NUL after it; NULL is "absent". */
static void
proto_put_str(struct buf *b, const char *s)
{
	size_t at, len, i, n;

	if (s == NULL) {
		proto_put_u32(b, PROTO_NONE);
		return;
	}
	at = b->len;
	proto_put_u32(b, 0);
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = proto_utf8_valid_len((const unsigned char *)s + i,
		    len - i);
		if (n == 0) {
			buf_adds(b, "\xef\xbf\xbd");
			n = 1;
		} else
			buf_add(b, s + i, n);
	}
	proto_put32((unsigned char *)b->ptr + at,
	    (uint32_t)(b->len - at - 4));
	buf_addc(b, '\0');
}

/* A frame without JSON fields: head, then tail, as the body. */
static int
proto_emit_binary(struct buf *out, enum proto_type type,
    const struct buf *head, const void *tail, size_t taillen)
{
	unsigned char hdr[PROTO_HEADER_LEN];
	size_t total = 5 + head->len;

	if (taillen > PROTO_FRAME_MAX - total) {
		err_set("kernel frame: %s is %zu bytes, over the %u-byte "
		    "limit", proto_type_name(type), total + taillen,
		    PROTO_FRAME_MAX);
		return -1;
	}
	total += taillen;
	proto_put32(hdr, (uint32_t)total);
	hdr[4] = (unsigned char)type;
	proto_put32(hdr + 5, 0);
	buf_grow(out, PROTO_HEADER_LEN + total - 5);
	buf_add(out, hdr, sizeof hdr);
	buf_add(out, head->ptr, head->len);
	buf_add(out, tail, taillen);
	return 0;
}

/* Reading the fixed layouts: a cursor over the body that fails once. */
struct proto_rd {
	const unsigned char *p;
	size_t len, off;
	bool bad;
};

static bool
proto_rd_need(struct proto_rd *r, size_t n)
{
	if (r->bad || r->len - r->off < n) {
		r->bad = true;
		return false;
	}
	return true;
}

static uint32_t
proto_rd_u32(struct proto_rd *r)
{
	uint32_t v;

	if (!proto_rd_need(r, 4))
		return 0;
	v = proto_get32(r->p + r->off);
	r->off += 4;
	return v;
}

static uint64_t
proto_rd_u64(struct proto_rd *r)
{
	uint64_t hi = proto_rd_u32(r);

	return hi << 32 | proto_rd_u32(r);
}

/* A string lent from the body: its bytes, a NUL after them and none
 * among them; NULL when absent (or on failure: see r->bad). */
static const char *
proto_rd_str(struct proto_rd *r)
{
	uint32_t n = proto_rd_u32(r);
	const char *s;

	if (r->bad || n == PROTO_NONE)
		return NULL;
	if (!proto_rd_need(r, (size_t)n + 1))
		return NULL;
	s = (const char *)r->p + r->off;
	if (s[n] != '\0' || memchr(s, '\0', n) != NULL) {
		r->bad = true;
		return NULL;
	}
	r->off += (size_t)n + 1;
	return s;
}

/* The fixed part: its length, at least min and inside the body. */
static size_t
proto_rd_fixed(struct proto_rd *r, size_t min)
{
	size_t hlen;

	if (!proto_rd_need(r, 2))
		return 0;
	hlen = (size_t)r->p[0] << 8 | r->p[1];
	r->off = 2;
	if (hlen < min || hlen > r->len)
		r->bad = true;
	return hlen;
}

static int
proto_binary_bad(const struct proto_msg *m, const char *what)
{
	err_set("kernel %s message: %s", proto_type_name(m->type), what);
	return -1;
}

/* RUN */

int
proto_run_encode(struct buf *out, const struct proto_run *r)
{
	struct buf h = BUF_INIT;
	size_t i;
	int rc;

	proto_put_u16(&h, PROTO_RUN_FIXED);
	proto_put_u32(&h, r->cell);
	proto_put_u32(&h, r->batch);
	buf_addc(&h, (char)((r->no_expr ? PROTO_RUN_NO_EXPR : 0) |
	    (r->filename != NULL ? PROTO_RUN_FILENAME : 0)));
	proto_put_u32(&h, (uint32_t)r->ndel);
	proto_put_u32(&h, (uint32_t)r->nafter);
	if (r->filename != NULL)
		proto_put_str(&h, r->filename);
	for (i = 0; i < r->ndel; i++)
		proto_put_str(&h, r->del[i]);
	for (i = 0; i < r->nafter; i++)
		proto_put_u32(&h, r->after[i]);
	rc = proto_emit_binary(out, PROTO_RUN, &h, r->code, r->codelen);
	buf_release(&h);
	return rc;
}

int
proto_run_parse(struct proto_run *r, const struct proto_msg *m)
{
	struct proto_rd rd = { (const unsigned char *)m->body, m->bodylen, 0,
	    false };
	size_t hlen, ndel, nafter, i;
	unsigned flags;
	const char **del = NULL;
	uint32_t *after = NULL;

	memset(r, 0, sizeof *r);
	if (proto_expect(m, PROTO_RUN) < 0)
		return -1;
	hlen = proto_rd_fixed(&rd, PROTO_RUN_FIXED);
	r->cell = proto_rd_u32(&rd);
	r->batch = proto_rd_u32(&rd);
	flags = proto_rd_need(&rd, 1) ? rd.p[rd.off++] : 0;
	ndel = proto_rd_u32(&rd);
	nafter = proto_rd_u32(&rd);
	if (rd.bad)
		return proto_binary_bad(m, "the fixed fields are cut short");
	rd.off = hlen;
	/* Each name takes 5 bytes at least, each id 4: counts that cannot
	 * fit are refused before anything is allocated. */
	if (ndel > (rd.len - rd.off) / 5 || nafter > (rd.len - rd.off) / 4)
		return proto_binary_bad(m, "more names or cells than bytes");
	r->no_expr = (flags & PROTO_RUN_NO_EXPR) != 0;
	if (flags & PROTO_RUN_FILENAME) {
		r->filename = proto_rd_str(&rd);
		if (r->filename == NULL)
			rd.bad = true;
	}
	if (ndel > 0)
		del = xreallocarray(NULL, ndel, sizeof *del);
	for (i = 0; i < ndel && !rd.bad; i++)
		if ((del[i] = proto_rd_str(&rd)) == NULL)
			rd.bad = true;
	if (nafter > 0 && !rd.bad)
		after = xreallocarray(NULL, nafter, sizeof *after);
	for (i = 0; i < nafter && !rd.bad; i++)
		after[i] = proto_rd_u32(&rd);
	if (rd.bad) {
		free(del);
		free(after);
		r->filename = NULL;
		return proto_binary_bad(m, "a name or cell id runs past the "
		    "body");
	}
	r->del = del;
	r->ndel = ndel;
	r->after = after;
	r->nafter = nafter;
	r->code = m->body + rd.off;
	r->codelen = m->bodylen - rd.off;
	return 0;
}

void
proto_run_release(struct proto_run *r)
{
	free((void *)r->del);
	free((void *)r->after);
	r->del = NULL;
	r->ndel = 0;
	r->after = NULL;
	r->nafter = 0;
}

/* DELETE */

int
proto_delete_encode(struct buf *out, const struct proto_delete *d)
{
	json_t *o = json_object();

	proto_set_int(o, "cell", d->cell);
	json_object_set_new(o, "names", proto_str_array(d->names,
	    d->nnames));
	return proto_emit(out, PROTO_DELETE, o, NULL, 0);
}

int
proto_delete_parse(struct proto_delete *d, const struct proto_msg *m)
{
	memset(d, 0, sizeof *d);
	if (proto_expect(m, PROTO_DELETE) < 0 ||
	    proto_get_u32(m, "cell", false, &d->cell) < 0 ||
	    proto_get_strs(m, "names", &d->names, &d->nnames) < 0)
		return -1;
	return 0;
}

void
proto_delete_release(struct proto_delete *d)
{
	free((void *)d->names);
	d->names = NULL;
	d->nnames = 0;
}

/* COMPLETE */

int
proto_complete_encode(struct buf *out, const struct proto_complete *c)
{
	json_t *o = json_object();

	proto_set_int(o, "id", c->id);
	proto_set_int(o, "pos", c->pos);
	if (c->hint)
		json_object_set_new(o, "hint", json_true());
	return proto_emit(out, PROTO_COMPLETE, o, c->code, c->codelen);
}

int
proto_complete_parse(struct proto_complete *c, const struct proto_msg *m)
{
	uint64_t pos;

	memset(c, 0, sizeof *c);
	if (proto_expect(m, PROTO_COMPLETE) < 0 ||
	    proto_get_u32(m, "id", false, &c->id) < 0 ||
	    proto_get_uint(m, "pos", m->bodylen, true, &pos) < 0 ||
	    proto_get_bool(m, "hint", &c->hint) < 0)
		return -1;
	c->pos = (size_t)pos;
	c->code = m->body;
	c->codelen = m->bodylen;
	return 0;
}

/* READY */

int
proto_ready_encode(struct buf *out, const struct proto_ready *r)
{
	json_t *o = json_object();

	proto_set_int(o, "pid", (uint64_t)r->pid);
	proto_set_str(o, "python", r->python);
	proto_set_str(o, "executable", r->executable);
	proto_set_str(o, "venv", r->venv);
	return proto_emit(out, PROTO_READY, o, NULL, 0);
}

int
proto_ready_parse(struct proto_ready *r, const struct proto_msg *m)
{
	uint64_t pid;

	memset(r, 0, sizeof *r);
	if (proto_expect(m, PROTO_READY) < 0 ||
	    proto_get_uint(m, "pid", INT32_MAX, true, &pid) < 0 ||
	    proto_get_str(m, "python", false, &r->python) < 0 ||
	    proto_get_str(m, "executable", false, &r->executable) < 0 ||
	    proto_get_str(m, "venv", false, &r->venv) < 0)
		return -1;
	r->pid = (int64_t)pid;
	return 0;
}

/* STREAM */

int
proto_stream_encode(struct buf *out, const struct proto_stream *s)
{
	json_t *o = json_object();

	proto_set_int(o, "cell", s->cell);
	json_object_set_new(o, "name", json_string(s->name == PROTO_STDERR ?
	    "stderr" : "stdout"));
	return proto_emit(out, PROTO_STREAM, o, s->data, s->len);
}

int
proto_stream_parse(struct proto_stream *s, const struct proto_msg *m)
{
	const char *name;

	memset(s, 0, sizeof *s);
	if (proto_expect(m, PROTO_STREAM) < 0 ||
	    proto_get_u32(m, "cell", false, &s->cell) < 0 ||
	    proto_get_str(m, "name", true, &name) < 0)
		return -1;
	if (strcmp(name, "stdout") == 0)
		s->name = PROTO_STDOUT;
	else if (strcmp(name, "stderr") == 0)
		s->name = PROTO_STDERR;
	else
		return proto_bad(m, "name", "is neither stdout nor stderr");
	s->data = m->body;
	s->len = m->bodylen;
	return 0;
}

/* DISPLAY */

static const char *const proto_display_ops[] = { "replace", "append",
	"clear" };

int
proto_display_encode(struct buf *out, const struct proto_display *d)
{
	struct buf body = BUF_INIT;
	json_t *o = json_object(), *a = json_array(), *item;
	size_t i;
	int r;

	proto_set_int(o, "cell", d->cell);
	json_object_set_new(o, "op", json_string(proto_display_ops[d->op]));
	for (i = 0; i < d->nitems; i++) {
		item = json_array();
		json_array_append_new(item, proto_jstr(d->items[i].mime,
		    strlen(d->items[i].mime)));
		json_array_append_new(item, json_integer((json_int_t)
		    d->items[i].len));
		json_array_append_new(a, item);
		buf_add(&body, d->items[i].data, d->items[i].len);
	}
	json_object_set_new(o, "mimes", a);
	r = proto_emit(out, PROTO_DISPLAY, o, body.ptr, body.len);
	buf_release(&body);
	return r;
}

int
proto_display_parse(struct proto_display *d, const struct proto_msg *m)
{
	const char *op;
	json_t *a, *item, *mime, *len;
	size_t i, off = 0;

	memset(d, 0, sizeof *d);
	if (proto_expect(m, PROTO_DISPLAY) < 0 ||
	    proto_get_u32(m, "cell", false, &d->cell) < 0 ||
	    proto_get_str(m, "op", true, &op) < 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (strcmp(op, proto_display_ops[i]) == 0)
			break;
	if (i == 3)
		return proto_bad(m, "op", "is not replace, append or clear");
	d->op = (enum proto_display_op)i;
	a = json_object_get(m->json, "mimes");
	if (a == NULL)
		a = json_array();
	else
		json_incref(a);
	if (!json_is_array(a)) {
		json_decref(a);
		return proto_bad(m, "mimes", "is not an array");
	}
	if (json_array_size(a) > 0)
		d->items = xreallocarray(NULL, json_array_size(a),
		    sizeof *d->items);
	json_array_foreach(a, i, item) {
		mime = json_array_get(item, 0);
		len = json_array_get(item, 1);
		if (!json_is_array(item) || json_array_size(item) != 2 ||
		    !json_is_string(mime) || !json_is_integer(len) ||
		    json_integer_value(len) < 0 ||
		    (uint64_t)json_integer_value(len) > m->bodylen - off) {
			json_decref(a);
			proto_display_release(d);
			return proto_bad(m, "mimes", "holds a bad item");
		}
		d->items[i].mime = json_string_value(mime);
		d->items[i].data = m->body + off;
		d->items[i].len = (size_t)json_integer_value(len);
		off += d->items[i].len;
		d->nitems = i + 1;
	}
	json_decref(a);
	if (off != m->bodylen) {
		proto_display_release(d);
		return proto_bad(m, "mimes", "do not cover the body");
	}
	return 0;
}

void
proto_display_release(struct proto_display *d)
{
	free(d->items);
	d->items = NULL;
	d->nitems = 0;
}

/* DONE */

int
proto_done_encode(struct buf *out, const struct proto_done *d)
{
	struct buf h = BUF_INIT;
	int rc;

	proto_put_u16(&h, PROTO_DONE_FIXED);
	proto_put_u32(&h, d->cell);
	proto_put_u32(&h, d->batch);
	buf_addc(&h, (char)d->status);
	proto_put_u64(&h, d->duration_us);
	proto_put_u32(&h, d->status == PROTO_STATUS_SKIPPED ? d->blocker : 0);
	proto_put_u64(&h, d->dropped_len);
	proto_put_str(&h, d->exc_type);
	proto_put_str(&h, d->exc_msg);
	rc = proto_emit_binary(out, PROTO_DONE, &h, d->traceback,
	    d->traceback_len);
	buf_release(&h);
	return rc;
}

int
proto_done_parse(struct proto_done *d, const struct proto_msg *m)
{
	struct proto_rd rd = { (const unsigned char *)m->body, m->bodylen, 0,
	    false };
	size_t hlen;
	unsigned status;

	memset(d, 0, sizeof *d);
	if (proto_expect(m, PROTO_DONE) < 0)
		return -1;
	hlen = proto_rd_fixed(&rd, PROTO_DONE_FIXED);
	d->cell = proto_rd_u32(&rd);
	d->batch = proto_rd_u32(&rd);
	status = proto_rd_need(&rd, 1) ? rd.p[rd.off++] : 0;
	d->duration_us = proto_rd_u64(&rd);
	d->blocker = proto_rd_u32(&rd);
	d->dropped_len = proto_rd_u64(&rd);
	if (rd.bad)
		return proto_binary_bad(m, "the fixed fields are cut short");
	if (status > PROTO_STATUS_SKIPPED)
		return proto_binary_bad(m, "the status is not a known one");
	if (d->duration_us > INT64_MAX || d->dropped_len > INT64_MAX)
		return proto_binary_bad(m, "a count is out of range");
	rd.off = hlen;
	d->status = (enum proto_status)status;
	d->exc_type = proto_rd_str(&rd);
	d->exc_msg = proto_rd_str(&rd);
	if (rd.bad) {
		d->exc_type = d->exc_msg = NULL;
		return proto_binary_bad(m, "a string runs past the body");
	}
	d->traceback = m->body + rd.off;
	d->traceback_len = m->bodylen - rd.off;
	return 0;
}

/* ERROR */

int
proto_error_encode(struct buf *out, const struct proto_error *e)
{
	json_t *o = json_object();

	proto_set_str(o, "message", e->message);
	if (e->fatal)
		json_object_set_new(o, "fatal", json_true());
	return proto_emit(out, PROTO_ERROR, o, NULL, 0);
}

int
proto_error_parse(struct proto_error *e, const struct proto_msg *m)
{
	memset(e, 0, sizeof *e);
	if (proto_expect(m, PROTO_ERROR) < 0 ||
	    proto_get_str(m, "message", true, &e->message) < 0 ||
	    proto_get_bool(m, "fatal", &e->fatal) < 0)
		return -1;
	return 0;
}

/* COMPLETIONS */

int
proto_completions_encode(struct buf *out, const struct proto_completions *c)
{
	json_t *o = json_object();

	proto_set_int(o, "id", c->id);
	proto_set_int(o, "replace", c->replace_len);
	json_object_set_new(o, "items", proto_str_array(c->items, c->nitems));
	proto_set_str(o, "signature", c->signature);
	proto_set_str(o, "doc", c->doc);
	return proto_emit(out, PROTO_COMPLETIONS, o, NULL, 0);
}

int
proto_completions_parse(struct proto_completions *c,
    const struct proto_msg *m)
{
	uint64_t replace;

	memset(c, 0, sizeof *c);
	if (proto_expect(m, PROTO_COMPLETIONS) < 0 ||
	    proto_get_u32(m, "id", false, &c->id) < 0 ||
	    proto_get_uint(m, "replace", UINT32_MAX, false, &replace) < 0 ||
	    proto_get_str(m, "signature", false, &c->signature) < 0 ||
	    proto_get_str(m, "doc", false, &c->doc) < 0 ||
	    proto_get_strs(m, "items", &c->items, &c->nitems) < 0)
		return -1;
	c->replace_len = (size_t)replace;
	return 0;
}

void
proto_completions_release(struct proto_completions *c)
{
	free((void *)c->items);
	c->items = NULL;
	c->nitems = 0;
}

/* STATE */

int
proto_state_encode(struct buf *out, const struct proto_state *s)
{
	json_t *o = json_object();

	proto_set_int(o, "cell", s->cell);
	json_object_set_new(o, "names", proto_str_array(s->names,
	    s->nnames));
	return proto_emit(out, PROTO_STATE, o, NULL, 0);
}

int
proto_state_parse(struct proto_state *s, const struct proto_msg *m)
{
	memset(s, 0, sizeof *s);
	if (proto_expect(m, PROTO_STATE) < 0 ||
	    proto_get_u32(m, "cell", false, &s->cell) < 0 ||
	    proto_get_strs(m, "names", &s->names, &s->nnames) < 0)
		return -1;
	return 0;
}

void
proto_state_release(struct proto_state *s)
{
	free((void *)s->names);
	s->names = NULL;
	s->nnames = 0;
}

/* VARIABLES */

int
proto_variables_encode(struct buf *out, const struct proto_variables *v)
{
	json_t *o = json_object();

	proto_set_int(o, "id", v->id);
	json_object_set_new(o, "names", proto_str_array(v->names,
	    v->nnames));
	return proto_emit(out, PROTO_VARIABLES, o, NULL, 0);
}

int
proto_variables_parse(struct proto_variables *v, const struct proto_msg *m)
{
	memset(v, 0, sizeof *v);
	if (proto_expect(m, PROTO_VARIABLES) < 0 ||
	    proto_get_u32(m, "id", false, &v->id) < 0 ||
	    proto_get_strs(m, "names", &v->names, &v->nnames) < 0)
		return -1;
	return 0;
}

void
proto_variables_release(struct proto_variables *v)
{
	free((void *)v->names);
	v->names = NULL;
	v->nnames = 0;
}

/* VARS */

int
proto_vars_encode(struct buf *out, const struct proto_vars *v)
{
	json_t *o = json_object(), *a = json_array(), *item;
	size_t i;

	proto_set_int(o, "id", v->id);
	for (i = 0; i < v->nvars; i++) {
		const struct proto_var *e = &v->vars[i];

		item = json_array();
		json_array_append_new(item, proto_jstr(e->name,
		    strlen(e->name)));
		json_array_append_new(item, proto_jstr(e->type,
		    strlen(e->type)));
		json_array_append_new(item, proto_jstr(e->repr,
		    strlen(e->repr)));
		json_array_append_new(a, item);
	}
	json_object_set_new(o, "vars", a);
	return proto_emit(out, PROTO_VARS, o, NULL, 0);
}

int
proto_vars_parse(struct proto_vars *v, const struct proto_msg *m)
{
	json_t *a, *item;
	size_t i, k;
	const char *f[3];

	memset(v, 0, sizeof *v);
	if (proto_expect(m, PROTO_VARS) < 0 ||
	    proto_get_u32(m, "id", false, &v->id) < 0)
		return -1;
	a = json_object_get(m->json, "vars");
	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return proto_bad(m, "vars", "is not an array");
	if (json_array_size(a) == 0)
		return 0;
	v->vars = xreallocarray(NULL, json_array_size(a), sizeof *v->vars);
	json_array_foreach(a, i, item) {
		if (!json_is_array(item) || json_array_size(item) != 3) {
			proto_vars_release(v);
			return proto_bad(m, "vars", "holds a bad item");
		}
		for (k = 0; k < 3; k++) {
			json_t *e = json_array_get(item, k);

			if (!json_is_string(e)) {
				proto_vars_release(v);
				return proto_bad(m, "vars",
				    "holds a non-string");
			}
			f[k] = json_string_value(e);
		}
		v->vars[i].name = f[0];
		v->vars[i].type = f[1];
		v->vars[i].repr = f[2];
		v->nvars = i + 1;
	}
	return 0;
}

void
proto_vars_release(struct proto_vars *v)
{
	free(v->vars);
	v->vars = NULL;
	v->nvars = 0;
}

/* Widgets and tables */

/* A widget or table id: the kernel's "ui-3" or "tbl-4". Refusing
 * anything else keeps ids safe to show and to put in a path or key. */
static int
proto_get_id(const struct proto_msg *m, const char *key, const char **out)
{
	const char *s;
	size_t i, len;

	if (proto_get_str(m, key, true, out) < 0)
		return -1;
	s = *out;
	len = strlen(s);
	if (len == 0 || len > PROTO_ID_MAX)
		return proto_bad(m, key, "is not a widget or table id");
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_' || s[i] == '.'))
			return proto_bad(m, key, "is not a widget or table id");
	return 0;
}

/* The body must be JSON: any value (object false) or an object. An empty
 * body is allowed only when empty_ok. */
static int
proto_body_json(const struct proto_msg *m, bool object, bool empty_ok)
{
	json_error_t jerr;
	json_t *j;
	bool ok;

	if (m->bodylen == 0) {
		if (empty_ok)
			return 0;
		err_set("kernel %s message: the body is empty, not JSON",
		    proto_type_name(m->type));
		return -1;
	}
	j = json_loadb(m->body, m->bodylen,
	    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL) {
		err_set("kernel %s message: body: %s at column %d",
		    proto_type_name(m->type), jerr.text, jerr.column);
		return -1;
	}
	ok = !object || json_is_object(j);
	json_decref(j);
	if (!ok) {
		err_set("kernel %s message: the body is not a JSON object",
		    proto_type_name(m->type));
		return -1;
	}
	return 0;
}

/* SET_WIDGET */

int
proto_set_widget_encode(struct buf *out, const struct proto_set_widget *w)
{
	json_t *o = json_object();

	proto_set_int(o, "id", w->id);
	proto_set_int(o, "cell", w->cell);
	proto_set_str(o, "widget", w->widget);
	return proto_emit(out, PROTO_SET_WIDGET, o, w->value, w->valuelen);
}

int
proto_set_widget_parse(struct proto_set_widget *w, const struct proto_msg *m)
{
	memset(w, 0, sizeof *w);
	if (proto_expect(m, PROTO_SET_WIDGET) < 0 ||
	    proto_get_u32(m, "id", false, &w->id) < 0 ||
	    proto_get_u32(m, "cell", false, &w->cell) < 0 ||
	    proto_get_id(m, "widget", &w->widget) < 0 ||
	    proto_body_json(m, false, false) < 0)
		return -1;
	w->value = m->body;
	w->valuelen = m->bodylen;
	return 0;
}

/* WIDGET */

int
proto_widget_encode(struct buf *out, const struct proto_widget *w)
{
	json_t *o = json_object();

	proto_set_int(o, "id", w->id);
	proto_set_str(o, "widget", w->widget);
	json_object_set_new(o, "names", proto_str_array(w->names,
	    w->nnames));
	proto_set_int(o, "cell", w->cell);
	proto_set_str(o, "error", w->error);
	return proto_emit(out, PROTO_WIDGET, o, w->json, w->jsonlen);
}

int
proto_widget_parse(struct proto_widget *w, const struct proto_msg *m)
{
	size_t i;

	memset(w, 0, sizeof *w);
	if (proto_expect(m, PROTO_WIDGET) < 0 ||
	    proto_get_u32(m, "id", false, &w->id) < 0 ||
	    proto_get_id(m, "widget", &w->widget) < 0 ||
	    proto_get_u32(m, "cell", false, &w->cell) < 0 ||
	    proto_get_str(m, "error", false, &w->error) < 0 ||
	    proto_body_json(m, true, w->error != NULL) < 0 ||
	    proto_get_strs(m, "names", &w->names, &w->nnames) < 0)
		return -1;
	for (i = 0; i < w->nnames; i++)
		if (w->names[i][0] == '\0') {
			proto_widget_release(w);
			return proto_bad(m, "names", "holds an empty name");
		}
	w->json = m->body;
	w->jsonlen = m->bodylen;
	return 0;
}

void
proto_widget_release(struct proto_widget *w)
{
	free((void *)w->names);
	w->names = NULL;
	w->nnames = 0;
}

/* TABLE_WINDOW */

int
proto_table_window_encode(struct buf *out, const struct proto_table_window *t)
{
	json_t *o = json_object();

	proto_set_int(o, "id", t->id);
	proto_set_str(o, "table", t->table);
	proto_set_int(o, "offset", t->offset);
	proto_set_int(o, "limit", t->limit);
	proto_set_int(o, "col_offset", t->col_offset);
	proto_set_int(o, "col_limit", t->col_limit);
	proto_set_str(o, "sort_column", t->sort_column);
	if (t->descending)
		json_object_set_new(o, "descending", json_true());
	return proto_emit(out, PROTO_TABLE_WINDOW, o, NULL, 0);
}

int
proto_table_window_parse(struct proto_table_window *t,
    const struct proto_msg *m)
{
	memset(t, 0, sizeof *t);
	if (proto_expect(m, PROTO_TABLE_WINDOW) < 0 ||
	    proto_get_u32(m, "id", false, &t->id) < 0 ||
	    proto_get_id(m, "table", &t->table) < 0 ||
	    proto_get_uint(m, "offset", INT64_MAX, false, &t->offset) < 0 ||
	    proto_get_uint(m, "limit", PROTO_TABLE_ROWS_MAX, true,
	    &t->limit) < 0 ||
	    proto_get_uint(m, "col_offset", INT64_MAX, false,
	    &t->col_offset) < 0 ||
	    proto_get_uint(m, "col_limit", PROTO_TABLE_COLS_MAX, true,
	    &t->col_limit) < 0 ||
	    proto_get_str(m, "sort_column", false, &t->sort_column) < 0 ||
	    proto_get_bool(m, "descending", &t->descending) < 0)
		return -1;
	return 0;
}

/* TABLE */

int
proto_table_encode(struct buf *out, const struct proto_table *t)
{
	json_t *o = json_object();

	proto_set_int(o, "id", t->id);
	proto_set_str(o, "table", t->table);
	proto_set_str(o, "error", t->error);
	return proto_emit(out, PROTO_TABLE, o, t->json, t->jsonlen);
}

int
proto_table_parse(struct proto_table *t, const struct proto_msg *m)
{
	memset(t, 0, sizeof *t);
	if (proto_expect(m, PROTO_TABLE) < 0 ||
	    proto_get_u32(m, "id", false, &t->id) < 0 ||
	    proto_get_id(m, "table", &t->table) < 0 ||
	    proto_get_str(m, "error", false, &t->error) < 0 ||
	    proto_body_json(m, true, t->error != NULL) < 0)
		return -1;
	t->json = m->body;
	t->jsonlen = m->bodylen;
	return 0;
}
