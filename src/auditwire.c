/*
 * auditwire.c: the pipe between quire and quire-audit-writer: frames,
 * the RECORD parser the helper runs on every message, and the client
 * quire uses to start the helper and wait for its acks.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "auditwire.h"
#include "buf.h"
#include "err.h"
#include "xmalloc.h"

#ifndef QUIRE_LIBEXECDIR
#define QUIRE_LIBEXECDIR "/usr/local/libexec"
#endif

/* Longest ack reason kept. */
#define AUDITWIRE_REASON_MAX 1024

/* Field tags of a RECORD. */
enum {
	AUDITWIRE_F_REASON = 1,
	AUDITWIRE_F_NOTEBOOK,
	AUDITWIRE_F_CONTENT_HASH,
	AUDITWIRE_F_COMMIT,
	AUDITWIRE_F_CELL_ID,
	AUDITWIRE_F_CELL_NAME,
	AUDITWIRE_F_CODE_HASH,
	AUDITWIRE_F_SQL,
	AUDITWIRE_F_FORMAT,
	AUDITWIRE_F_TARGET,
	AUDITWIRE_F_DLP,
	AUDITWIRE_F_PERMISSION,
	AUDITWIRE_F_OBJECT,
	AUDITWIRE_F_DECISION,
	AUDITWIRE_F_SECRET,
	AUDITWIRE_F_FINGERPRINT,
	AUDITWIRE_F_TRUST,
	AUDITWIRE_F_NSINGLE,		/* tags below are one-time */
	AUDITWIRE_F_SQL_PARAM = 30,	/* repeated, in order */
	AUDITWIRE_F_EXTRA_KEY = 31,	/* then its value */
	AUDITWIRE_F_EXTRA_VALUE = 32
};

/* Where each one-time field goes in an event. */
static const char **
auditwire_slot(struct audit_event *ev, unsigned tag)
{
	switch (tag) {
	case AUDITWIRE_F_REASON:	return &ev->reason;
	case AUDITWIRE_F_NOTEBOOK:	return &ev->notebook;
	case AUDITWIRE_F_CONTENT_HASH:	return &ev->content_hash;
	case AUDITWIRE_F_COMMIT:	return &ev->commit;
	case AUDITWIRE_F_CELL_ID:	return &ev->cell_id;
	case AUDITWIRE_F_CELL_NAME:	return &ev->cell_name;
	case AUDITWIRE_F_CODE_HASH:	return &ev->code_hash;
	case AUDITWIRE_F_SQL:		return &ev->sql;
	case AUDITWIRE_F_FORMAT:	return &ev->format;
	case AUDITWIRE_F_TARGET:	return &ev->target;
	case AUDITWIRE_F_DLP:		return &ev->dlp;
	case AUDITWIRE_F_PERMISSION:	return &ev->permission;
	case AUDITWIRE_F_OBJECT:	return &ev->object;
	case AUDITWIRE_F_DECISION:	return &ev->decision;
	case AUDITWIRE_F_SECRET:	return &ev->secret;
	case AUDITWIRE_F_FINGERPRINT:	return &ev->fingerprint;
	case AUDITWIRE_F_TRUST:		return &ev->trust;
	default:			return NULL;
	}
}

static void
auditwire_put_u16(struct buf *b, size_t v)
{
	unsigned char c[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	buf_add(b, c, 2);
}

static void
auditwire_put_u32(struct buf *b, size_t v)
{
	unsigned char c[4] = { (unsigned char)(v >> 24),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v };

	buf_add(b, c, 4);
}

static void
auditwire_put_u64(struct buf *b, uint64_t v)
{
	unsigned char c[8];
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		c[i] = (unsigned char)v;
	buf_add(b, c, 8);
}

static uint64_t
auditwire_get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int
auditwire_put_field(struct buf *b, unsigned tag, const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n > AUDITWIRE_FIELD_MAX) {
		err_set("audit field %u is %zu bytes, more than %d", tag, n,
		    AUDITWIRE_FIELD_MAX);
		return -1;
	}
	buf_addc(b, (char)tag);
	auditwire_put_u16(b, n);
	buf_add(b, s, n);
	return 0;
}

int
auditwire_encode(struct buf *out, const struct audit_event *ev)
{
	struct buf body = BUF_INIT;
	struct audit_event tmp = *ev;
	unsigned tag;
	size_t i;
	int rc = -1;

	if ((unsigned)ev->type >= AUDIT_NTYPES ||
	    (unsigned)ev->outcome > AUDIT_DENIED) {
		err_set("audit event of unknown type or outcome");
		goto out;
	}
	buf_addc(&body, AUDITWIRE_RECORD);
	buf_addc(&body, (char)ev->type);
	buf_addc(&body, (char)ev->outcome);
	auditwire_put_u64(&body, (uint64_t)ev->duration_us);
	auditwire_put_u64(&body, ev->size);
	for (tag = 1; tag < AUDITWIRE_F_NSINGLE; tag++)
		if (auditwire_put_field(&body, tag,
		    *auditwire_slot(&tmp, tag)) < 0)
			goto out;
	if (ev->nsql_params > AUDITWIRE_PARAMS_MAX ||
	    ev->nextra > AUDITWIRE_EXTRA_MAX) {
		err_set("audit event with too many parameters");
		goto out;
	}
	for (i = 0; i < ev->nsql_params; i++)
		if (auditwire_put_field(&body, AUDITWIRE_F_SQL_PARAM,
		    ev->sql_params[i] != NULL ? ev->sql_params[i] : "") < 0)
			goto out;
	for (i = 0; i < ev->nextra; i++)
		if (auditwire_put_field(&body, AUDITWIRE_F_EXTRA_KEY,
		    ev->extra[i].key != NULL ? ev->extra[i].key : "") < 0 ||
		    auditwire_put_field(&body, AUDITWIRE_F_EXTRA_VALUE,
		    ev->extra[i].value != NULL ? ev->extra[i].value : "") < 0)
			goto out;
	if (body.len > AUDITWIRE_FRAME_MAX) {
		err_set("audit event of %zu bytes, more than %d", body.len,
		    AUDITWIRE_FRAME_MAX);
		goto out;
	}
	auditwire_put_u32(out, body.len);
	buf_add(out, body.ptr, body.len);
	rc = 0;
out:
	buf_release(&body);
	return rc;
}

void
auditwire_encode_tick(struct buf *out)
{
	auditwire_put_u32(out, 1);
	buf_addc(out, AUDITWIRE_TICK);
}

void
auditwire_encode_ack(struct buf *out, enum auditwire_status st,
    const char *reason)
{
	size_t n = reason != NULL ? strlen(reason) : 0;

	if (n > AUDITWIRE_REASON_MAX)
		n = AUDITWIRE_REASON_MAX;
	auditwire_put_u32(out, 1 + n);
	buf_addc(out, (char)st);
	if (n > 0)
		buf_add(out, reason, n);
}

void
auditwire_msg_release(struct auditwire_msg *m)
{
	free(m->text);
	free(m->params);
	free(m->extra);
	memset(m, 0, sizeof *m);
}

int
auditwire_decode(struct auditwire_msg *m, const unsigned char *p,
    size_t len)
{
	struct audit_event *ev = &m->ev;
	const char **slot;
	size_t off, flen, cur = 0, pending = 0;
	bool have_key = false;
	unsigned tag;
	char *s;

	memset(m, 0, sizeof *m);
	if (len == 0 || len > AUDITWIRE_FRAME_MAX) {
		err_set("audit message of %zu bytes", len);
		return -1;
	}
	if (p[0] == AUDITWIRE_TICK) {
		if (len != 1) {
			err_set("audit message: byte 1: a tick has no body");
			return -1;
		}
		m->kind = AUDITWIRE_TICK;
		return 0;
	}
	if (p[0] != AUDITWIRE_RECORD) {
		err_set("audit message: byte 0: unknown kind %u", p[0]);
		return -1;
	}
	m->kind = AUDITWIRE_RECORD;
	if (len < 19) {
		err_set("audit message: byte %zu: record cut short", len);
		return -1;
	}
	if (p[1] >= AUDIT_NTYPES || p[1] == AUDIT_EPOCH_SEAL ||
	    p[1] == AUDIT_AUDIT_INIT) {
		err_set("audit message: byte 1: type %u not accepted", p[1]);
		return -1;
	}
	if (p[2] > AUDIT_DENIED) {
		err_set("audit message: byte 2: unknown outcome %u", p[2]);
		return -1;
	}
	ev->type = (enum audit_type)p[1];
	ev->outcome = (enum audit_outcome)p[2];
	ev->duration_us = (int64_t)auditwire_get_u64(p + 3);
	ev->size = auditwire_get_u64(p + 11);
	if (ev->duration_us < 0) {
		err_set("audit message: byte 3: negative duration");
		return -1;
	}
	/* Every field has a 3-byte header, so its text and NUL fit. */
	m->text = xmalloc(len);
	for (off = 19; off < len; off += 3 + flen) {
		if (len - off < 3) {
			err_set("audit message: byte %zu: field header cut "
			    "short", off);
			return -1;
		}
		tag = p[off];
		flen = (size_t)p[off + 1] << 8 | p[off + 2];
		if (flen > len - off - 3) {
			err_set("audit message: byte %zu: field of %zu bytes "
			    "past the end", off, flen);
			return -1;
		}
		if (memchr(p + off + 3, '\0', flen) != NULL) {
			err_set("audit message: byte %zu: NUL in a field",
			    off);
			return -1;
		}
		s = m->text + cur;
		memcpy(s, p + off + 3, flen);
		s[flen] = '\0';
		cur += flen + 1;
		if (have_key && tag != AUDITWIRE_F_EXTRA_VALUE) {
			err_set("audit message: byte %zu: a key without its "
			    "value", off);
			return -1;
		}
		if (tag == AUDITWIRE_F_SQL_PARAM) {
			if (ev->nsql_params == AUDITWIRE_PARAMS_MAX) {
				err_set("audit message: byte %zu: too many "
				    "parameters", off);
				return -1;
			}
			m->params = xreallocarray(m->params,
			    ev->nsql_params + 1, sizeof *m->params);
			m->params[ev->nsql_params++] = s;
			ev->sql_params = m->params;
		} else if (tag == AUDITWIRE_F_EXTRA_KEY) {
			if (ev->nextra == AUDITWIRE_EXTRA_MAX || flen == 0) {
				err_set("audit message: byte %zu: extra key "
				    "refused", off);
				return -1;
			}
			pending = (size_t)(s - m->text);
			have_key = true;
		} else if (tag == AUDITWIRE_F_EXTRA_VALUE) {
			if (!have_key) {
				err_set("audit message: byte %zu: a value "
				    "without its key", off);
				return -1;
			}
			m->extra = xreallocarray(m->extra, ev->nextra + 1,
			    sizeof *m->extra);
			m->extra[ev->nextra].key = m->text + pending;
			m->extra[ev->nextra++].value = s;
			ev->extra = m->extra;
			have_key = false;
		} else if ((slot = auditwire_slot(ev, tag)) != NULL) {
			if (*slot != NULL) {
				err_set("audit message: byte %zu: field %u "
				    "twice", off, tag);
				return -1;
			}
			*slot = s;
		} else {
			err_set("audit message: byte %zu: unknown field %u",
			    off, tag);
			return -1;
		}
	}
	if (have_key) {
		err_set("audit message: byte %zu: a key without its value",
		    len);
		return -1;
	}
	return 0;
}

/* Read exactly n bytes: n, or fewer at end of input, or -1. */
static ssize_t
auditwire_read_all(int fd, void *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, (char *)p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_errno("audit pipe: read");
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int
auditwire_read_frame(int fd, struct buf *out, size_t max)
{
	unsigned char h[4];
	size_t n;
	ssize_t r;

	buf_reset(out);
	if ((r = auditwire_read_all(fd, h, 4)) < 0)
		return -1;
	if (r == 0)
		return 0;
	if (r < 4) {
		err_set("audit pipe: frame header cut short");
		return -1;
	}
	n = (size_t)h[0] << 24 | (size_t)h[1] << 16 | (size_t)h[2] << 8 |
	    h[3];
	if (n == 0 || n > max) {
		err_set("audit pipe: frame of %zu bytes refused", n);
		return -1;
	}
	buf_grow(out, n + 1);
	if ((r = auditwire_read_all(fd, out->ptr, n)) < 0)
		return -1;
	if ((size_t)r < n) {
		err_set("audit pipe: frame cut short");
		return -1;
	}
	out->len = n;
	out->ptr[n] = '\0';
	return 1;
}

int
auditwire_write_all(int fd, const void *p, size_t len)
{
	size_t done = 0;
	ssize_t r;

	while (done < len) {
		r = write(fd, (const char *)p + done, len - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_errno("audit pipe: write");
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

/* --- the client ---------------------------------------------------- */

struct auditwire {
	pid_t pid;
	int to, from;		/* our ends of the pipes */
	char *helper;
};

const char *
auditwire_helper_path(void)
{
	const char *env = getenv("QUIRE_AUDIT_WRITER");

	if (env != NULL && *env != '\0')
		return env;
	return QUIRE_LIBEXECDIR "/quire-audit-writer";
}

int
auditwire_open(struct auditwire **out, const char *helper,
    const char *store)
{
	struct auditwire *w;
	int in[2], back[2];
	char *argv[4], *envp[] = { NULL };
	pid_t pid;

	*out = NULL;
	if (helper == NULL)
		helper = auditwire_helper_path();
	if (access(helper, X_OK) < 0) {
		err_errno("the audit helper %s is unavailable", helper);
		return -1;
	}
	if (pipe2(in, O_CLOEXEC) < 0) {
		err_errno("audit pipe");
		return -1;
	}
	if (pipe2(back, O_CLOEXEC) < 0) {
		err_errno("audit pipe");
		(void)close(in[0]);
		(void)close(in[1]);
		return -1;
	}
	argv[0] = (char *)"quire-audit-writer";
	argv[1] = store != NULL ? (char *)"--store" : NULL;
	argv[2] = (char *)store;
	argv[3] = NULL;
	if ((pid = fork()) < 0) {
		err_errno("fork the audit helper");
		(void)close(in[0]);
		(void)close(in[1]);
		(void)close(back[0]);
		(void)close(back[1]);
		return -1;
	}
	if (pid == 0) {
		if (dup2(in[0], 0) < 0 || dup2(back[1], 1) < 0)
			_exit(127);
		execve(helper, argv, envp);
		_exit(127);
	}
	(void)close(in[0]);
	(void)close(back[1]);
	w = xcalloc(1, sizeof *w);
	w->pid = pid;
	w->to = in[1];
	w->from = back[0];
	w->helper = xstrdup(helper);
	*out = w;
	return 0;
}

/* Send one frame and read its ack. */
static int
auditwire_exchange(struct auditwire *w, const struct buf *frame)
{
	struct buf ack = BUF_INIT;
	void (*old)(int);
	int r, rc = -1;

	old = signal(SIGPIPE, SIG_IGN);
	if (auditwire_write_all(w->to, frame->ptr, frame->len) < 0) {
		err_set("the audit helper %s is unavailable (it did not "
		    "take the event)", w->helper);
		goto out;
	}
	r = auditwire_read_frame(w->from, &ack, 1 + AUDITWIRE_REASON_MAX);
	if (r <= 0) {
		err_set("the audit helper %s is unavailable (no answer)",
		    w->helper);
		goto out;
	}
	if ((unsigned char)ack.ptr[0] == AUDITWIRE_ACK_OK)
		rc = 0;
	else if (ack.len > 1)
		err_set("audit helper: %s", ack.ptr + 1);
	else
		err_set("audit helper: event not recorded");
out:
	(void)signal(SIGPIPE, old);
	buf_release(&ack);
	return rc;
}

int
auditwire_record(struct auditwire *w, const struct audit_event *ev)
{
	struct buf f = BUF_INIT;
	int rc = -1;

	if (auditwire_encode(&f, ev) == 0)
		rc = auditwire_exchange(w, &f);
	buf_release(&f);
	return rc;
}

int
auditwire_record_batch(struct auditwire *w, const struct audit_event *ev,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (auditwire_record(w, &ev[i]) < 0)
			return -1;
	return 0;
}

int
auditwire_tick(struct auditwire *w)
{
	struct buf f = BUF_INIT;
	int rc;

	auditwire_encode_tick(&f);
	rc = auditwire_exchange(w, &f);
	buf_release(&f);
	return rc;
}

void
auditwire_close(struct auditwire *w)
{
	int st;

	if (w == NULL)
		return;
	(void)close(w->to);
	(void)close(w->from);
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	free(w->helper);
	free(w);
}
