/*
 * fuzz_sanitize.c: the output sanitiser (src/sanitize.c, spec
 * security.md 7.2) on any bytes, in every context, with the distrusted
 * width classes on and off. Every byte the kernel prints goes through
 * it, so this is where "no byte of untrusted content reaches the
 * terminal" is held to account:
 *
 * - every line is valid UTF-8 of printable code points only (none
 *   below U+0020, none in U+007F-U+009F, so no ESC ever), NUL-terminated
 *   at its length;
 * - its width is the sum of its code points' widths;
 * - its runs cover the text in order; SGR never makes a marker, and
 *   without SGR (CODE, FIELD, or sgr off) every other run is plain;
 * - a distrusted class never reaches a line: it is a marker;
 * - FIELD never breaks a line; the output is bounded by the input;
 * - feeding in chunks (sizes from the input) gives the same lines as
 *   one feed: a sequence or a character split across feeds is put back
 *   together;
 * - the :inspect record and sanitize_to_buf() hold the same promises.
 *
 * Byte 0: context (bits 0-1), sgr (bit 2), distrusted classes (bits
 * 4-7). Byte 1: seed of the chunk sizes, and the CODE tab width. The
 * rest is the item.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_SANITIZE_FLAGS (SANITIZE_BOLD | SANITIZE_DIM | \
	SANITIZE_ITALIC | SANITIZE_UNDERLINE | SANITIZE_REVERSE)

/* Printable UTF-8 only: no C0, no DEL, no C1, no ill-formed byte. */
static void
fuzz_sanitize_printable(const char *p, size_t len, bool newlines)
{
	size_t off;
	uint32_t cp;
	bool ok;

	for (off = 0; off < len;) {
		off += utf8_next(p + off, len - off, &cp, &ok);
		if (!ok)
			abort();
		if (newlines && cp == '\n')
			continue;
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			abort();
	}
}

/* No code point of a distrusted class is drawn as itself. */
static void
fuzz_sanitize_distrust_ok(const struct sanitize_line *l, unsigned distrust)
{
	size_t off;
	uint32_t cp;
	int w;

	for (off = 0; off < l->len;) {
		off += utf8_next(l->text + off, l->len - off, &cp, NULL);
		if (cp < 0xA1)
			continue;
		w = utf8_width(cp);
		if (w == 2 && (distrust & SANITIZE_DISTRUST_WIDE) &&
		    !utf8_is_emoji(cp) && !(cp >= 0x1F3FB && cp <= 0x1F3FF))
			abort();
		if (w == 2 && (distrust & SANITIZE_DISTRUST_EMOJI) &&
		    utf8_is_emoji(cp))
			abort();
		if (w == 1 && (distrust & SANITIZE_DISTRUST_AMBIGUOUS) &&
		    utf8_is_ambiguous(cp))
			abort();
		if (w <= 0 && (distrust & SANITIZE_DISTRUST_COMBINING))
			abort();
	}
}

static void
fuzz_sanitize_line_ok(const struct sanitize_line *l,
    const struct sanitize_options *o, unsigned distrust)
{
	size_t i, end = 0;

	if (l->text == NULL || l->text[l->len] != '\0' ||
	    strlen(l->text) != l->len)
		abort();
	fuzz_sanitize_printable(l->text, l->len, false);
	if (l->width != utf8_str_width(l->text, l->len))
		abort();
	for (i = 0; i < l->nruns; i++) {
		const struct sanitize_run *r = &l->runs[i];

		if (r->off != end || r->len == 0 || r->off + r->len > l->len)
			abort();
		end = r->off + r->len;
		if (r->style.flags & SANITIZE_MARKER) {
			if (r->style.flags != SANITIZE_MARKER ||
			    r->style.fg != SANITIZE_COLOR_DEFAULT ||
			    r->style.bg != SANITIZE_COLOR_DEFAULT)
				abort();
			continue;
		}
		if (r->style.flags & ~FUZZ_SANITIZE_FLAGS)
			abort();
		if ((!o->sgr || o->context == SANITIZE_CODE ||
		    o->context == SANITIZE_FIELD) &&
		    (r->style.flags != 0 ||
		    r->style.fg != SANITIZE_COLOR_DEFAULT ||
		    r->style.bg != SANITIZE_COLOR_DEFAULT))
			abort();
		if (r->style.fg != SANITIZE_COLOR_DEFAULT &&
		    r->style.fg == r->style.bg)
			abort();
	}
	if (end != l->len)
		abort();
	fuzz_sanitize_distrust_ok(l, distrust);
}

static struct sanitize *
fuzz_sanitize_run(const struct sanitize_options *o, unsigned distrust,
    const char *p, size_t len, unsigned seed, bool record)
{
	struct sanitize *s = sanitize_new(o);
	size_t off, n;

	if (record)
		sanitize_record_seqs(s);
	sanitize_distrust_set(s, distrust);
	if (seed == 0)
		sanitize_feed(s, p, len);
	else {
		/* Chunks of 0 to 7 bytes, sizes from the seed. */
		for (off = 0; off < len; off += n) {
			seed = seed * 1103515245u + 12345u;
			n = (seed >> 16) % 8;
			if (n > len - off)
				n = len - off;
			sanitize_feed(s, p + off, n);
		}
	}
	sanitize_finish(s);
	return s;
}

static void
fuzz_sanitize_check(const struct sanitize *s, const struct sanitize_options *o,
    unsigned distrust, size_t len)
{
	const struct sanitize_line *l;
	const struct sanitize_seq *q;
	size_t n, i, total = 0;

	l = sanitize_lines(s, &n);
	if (n == 0 || n > len + 1)
		abort();
	if (o->context == SANITIZE_FIELD && n != 1)
		abort();
	for (i = 0; i < n; i++) {
		fuzz_sanitize_line_ok(&l[i], o, distrust);
		total += l[i].len;
	}
	/* The longest spelling of one input byte is a string sequence's
	 * marker after a two-byte C1 introducer. */
	if (total > 32 * len + 64)
		abort();
	if (sanitize_nshown(s) > len)
		abort();
	q = sanitize_seqs(s, &n);
	for (i = 0; i < n; i++) {
		if (q[i].off > len || q[i].fate == NULL || q[i].text == NULL)
			abort();
		fuzz_sanitize_printable(q[i].text, strlen(q[i].text), false);
	}
}

static bool
fuzz_sanitize_same(const struct sanitize *a, const struct sanitize *b)
{
	const struct sanitize_line *la, *lb;
	size_t na, nb, i, j;

	la = sanitize_lines(a, &na);
	lb = sanitize_lines(b, &nb);
	if (na != nb || sanitize_nshown(a) != sanitize_nshown(b))
		return false;
	for (i = 0; i < na; i++) {
		if (la[i].len != lb[i].len || la[i].width != lb[i].width ||
		    memcmp(la[i].text, lb[i].text, la[i].len) != 0 ||
		    la[i].nruns != lb[i].nruns)
			return false;
		for (j = 0; j < la[i].nruns; j++)
			if (la[i].runs[j].off != lb[i].runs[j].off ||
			    la[i].runs[j].len != lb[i].runs[j].len ||
			    la[i].runs[j].style.flags !=
			    lb[i].runs[j].style.flags)
				return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum sanitize_context ctxs[] = { SANITIZE_STREAM,
		SANITIZE_TEXT, SANITIZE_CODE, SANITIZE_FIELD };
	struct sanitize_options o;
	struct sanitize *whole, *chunked;
	struct buf b = BUF_INIT;
	unsigned distrust;
	const char *p;
	size_t len, i;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof o);
	o.context = ctxs[data[0] & 3];
	o.sgr = (data[0] & 4) != 0;
	o.tab_width = data[1] % 17;
	distrust = data[0] >> 4;
	p = (const char *)data + 2;
	len = size - 2;

	whole = fuzz_sanitize_run(&o, distrust, p, len, 0, true);
	fuzz_sanitize_check(whole, &o, distrust, len);
	chunked = fuzz_sanitize_run(&o, distrust, p, len, data[1] | 0x100,
	    false);
	fuzz_sanitize_check(chunked, &o, distrust, len);
	if (!fuzz_sanitize_same(whole, chunked))
		abort();
	sanitize_free(chunked);
	sanitize_free(whole);

	/* The same bytes with nothing distrusted, and with everything. */
	whole = fuzz_sanitize_run(&o, 0, p, len, 0, false);
	fuzz_sanitize_check(whole, &o, 0, len);
	sanitize_free(whole);
	whole = fuzz_sanitize_run(&o, SANITIZE_DISTRUST_ALL, p, len,
	    data[1] + 1, false);
	fuzz_sanitize_check(whole, &o, SANITIZE_DISTRUST_ALL, len);
	sanitize_free(whole);

	/* The one-shot helper: FIELD is one line, TEXT printable lines. */
	sanitize_to_buf(&b, SANITIZE_FIELD, p, len);
	fuzz_sanitize_printable(b.ptr, b.len, false);
	buf_reset(&b);
	sanitize_to_buf(&b, SANITIZE_TEXT, p, len);
	fuzz_sanitize_printable(b.ptr, b.len, true);
	for (i = 0; i < b.len; i++)
		if (b.ptr[i] == '\x1b')
			abort();
	buf_release(&b);
	return 0;
}
