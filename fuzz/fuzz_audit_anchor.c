/*
 * fuzz_audit_anchor.c: the anchor-line parser of `quire audit verify
 * --anchor FILE` on any bytes. Anchor files are syslog extracts
 * gathered from anywhere, so each line of the input goes through
 * audit_anchor_parse() as audit_verify() reads it (cut at 4096 bytes,
 * up to a NUL). Beyond "no crash": a line it takes for an anchor of a
 * well-formed log id, written out again bare, parses to the same fields;
 * and a line that is no anchor has no log id.
 */
#include "config.h"
#include "audit_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

/* As audit_verify.c bounds one line of an anchor file. */
#define FUZZ_LINE_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_hex(struct buf *b, const char *name, const unsigned char *p, size_t n)
{
	size_t i;

	buf_addf(b, " %s=", name);
	for (i = 0; i < n; i++)
		buf_addf(b, "%02x", p[i]);
}

/* The line as audit.c sends it to syslog, without syslog's prefix. */
static void
fuzz_anchor_write(struct buf *b, const struct audit_anchor *an)
{
	if (an->ckpt) {
		buf_addf(b, "checkpoint log=%s seq=%llu epoch=%llu ts=%llu",
		    an->log, (unsigned long long)an->seq,
		    (unsigned long long)an->epoch,
		    (unsigned long long)an->ts);
		fuzz_hex(b, "head", an->hash, sizeof an->hash);
		fuzz_hex(b, "sig", an->sig, sizeof an->sig);
	} else {
		buf_addf(b, "entry log=%s seq=%llu", an->log,
		    (unsigned long long)an->seq);
		fuzz_hex(b, "hash", an->hash, sizeof an->hash);
	}
}

static void
fuzz_anchor_line(const char *line)
{
	struct audit_anchor an, again;
	struct buf b = BUF_INIT;
	int r;

	r = audit_anchor_parse(line, &an);
	err_clear();
	if (r == 0) {
		if (an.log[0] != '\0')
			abort();
		return;
	}
	if (r < 0 || an.log[0] == '\0' || strchr(an.log, ' ') != NULL)
		return;
	fuzz_anchor_write(&b, &an);
	if (audit_anchor_parse(b.ptr, &again) != 1 ||
	    memcmp(&an, &again, sizeof an) != 0)
		abort();
	err_clear();
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf line = BUF_INIT;
	size_t i = 0;

	while (i < size) {
		buf_reset(&line);
		for (; i < size && data[i] != '\n'; i++)
			if (line.len < FUZZ_LINE_MAX)
				buf_addc(&line, (char)data[i]);
		i++;
		fuzz_anchor_line(line.ptr);
	}
	buf_release(&line);
	return 0;
}
