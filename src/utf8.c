/*
 * utf8.c: decoding and display width. Everything that turns bytes into
 * code points goes through utf8_next(), so one rule decides what is
 * ill-formed everywhere: the file readers, the sanitiser, the screen.
 */
#include "config.h"
#include "utf8.h"

struct utf8_range {
	uint32_t lo, hi;
};

#include "utf8_width.h"

size_t
utf8_next(const char *s, size_t len, uint32_t *cp, bool *ok)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t c;
	size_t need, i;

	if (ok)
		*ok = true;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	/* Lead bytes and the range each allows for its second byte, which
	 * is what rules out overlongs, surrogates and > U+10FFFF. */
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		need = 1;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		need = 2;
		c = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		need = 3;
		c = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else
		goto bad1;
	for (i = 1; i <= need; i++) {
		if (i >= len || p[i] < lo || p[i] > hi) {
			/* A maximal subpart: the lead and the valid bytes. */
			if (ok)
				*ok = false;
			*cp = UTF8_REPLACEMENT;
			return i;
		}
		c = (c << 6) | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return need + 1;
bad1:
	if (ok)
		*ok = false;
	*cp = UTF8_REPLACEMENT;
	return 1;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static bool
utf8_in(const struct utf8_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < r[0].lo || cp > r[n - 1].hi)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

#define UTF8_NELEM(a) (sizeof(a) / sizeof((a)[0]))

int
utf8_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return -1;
	if (cp < 0x300)
		return 1;	/* the common case, before any search */
	if (utf8_in(utf8_zero_width, UTF8_NELEM(utf8_zero_width), cp))
		return 0;
	if (utf8_in(utf8_double_width, UTF8_NELEM(utf8_double_width), cp))
		return 2;
	return 1;
}

enum utf8_class
utf8_class(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return UTF8_CLASS_CONTROL;
	if (cp < 0x300)
		return cp == 0xAD ? UTF8_CLASS_FORMAT : UTF8_CLASS_PRINT;
	if (cp > 0x10FFFF ||
	    utf8_in(utf8_unassigned, UTF8_NELEM(utf8_unassigned), cp))
		return UTF8_CLASS_UNASSIGNED;
	if (utf8_in(utf8_marks, UTF8_NELEM(utf8_marks), cp))
		return UTF8_CLASS_MARK;
	if (utf8_in(utf8_format, UTF8_NELEM(utf8_format), cp))
		return UTF8_CLASS_FORMAT;
	if (utf8_in(utf8_private, UTF8_NELEM(utf8_private), cp))
		return UTF8_CLASS_PRIVATE;
	return UTF8_CLASS_PRINT;
}

bool
utf8_is_emoji(uint32_t cp)
{
	return utf8_width(cp) == 2 &&
	    utf8_in(utf8_symbols, UTF8_NELEM(utf8_symbols), cp);
}

bool
utf8_is_ambiguous(uint32_t cp)
{
	return utf8_in(utf8_ambiguous, UTF8_NELEM(utf8_ambiguous), cp);
}

bool
utf8_valid(const char *p, size_t len)
{
	size_t off = 0;
	uint32_t cp;
	bool ok;

	while (off < len) {
		off += utf8_next(p + off, len - off, &cp, &ok);
		if (!ok)
			return false;
	}
	return true;
}

size_t
utf8_str_width(const char *p, size_t len)
{
	size_t off = 0, cols = 0;
	uint32_t cp;
	int w;

	while (off < len) {
		off += utf8_next(p + off, len - off, &cp, NULL);
		w = utf8_width(cp);
		if (w > 0)
			cols += (size_t)w;
	}
	return cols;
}
