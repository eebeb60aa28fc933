/*
 * utf8.h: the one place that decodes UTF-8 and measures display width.
 * Decoding is strict (RFC 3629): each maximal ill-formed subpart becomes
 * one U+FFFD, as Python and WHATWG do. Widths come from one generated
 * table, never from the host's locale or libc.
 */
#ifndef QUIRE_UTF8_H
#define QUIRE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFD

/*
 * Decode the code point at the start of p (len > 0 bytes). Stores it in
 * *cp (U+FFFD for an ill-formed subpart) and returns the number of bytes
 * consumed (1-4, never more than len). *ok (may be NULL) is false when
 * the bytes were ill-formed.
 */
size_t utf8_next(const char *p, size_t len, uint32_t *cp, bool *ok);

/* Encode cp (<= U+10FFFF, not a surrogate) into out; returns 1-4 bytes,
 * or 0 for a value that is not a scalar value. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Columns cp takes: 0 (combining, format), 1 or 2; -1 for C0/C1
 * controls and DEL, which callers must never draw as they are. */
int utf8_width(uint32_t cp);

/* What kind of code point cp is, for the sanitiser. */
enum utf8_class {
	UTF8_CLASS_CONTROL,	/* C0, DEL, C1 */
	UTF8_CLASS_PRINT,	/* graphic: letters, digits, symbols, spaces */
	UTF8_CLASS_MARK,	/* combining (Mn, Me) */
	UTF8_CLASS_FORMAT,	/* Cf: zero-width, bidi controls, tags */
	UTF8_CLASS_PRIVATE,	/* private use (Co) */
	UTF8_CLASS_UNASSIGNED	/* unassigned, noncharacters, surrogates */
};
enum utf8_class utf8_class(uint32_t cp);
/* Is cp an emoji-like symbol (So, drawn two columns wide)? */
bool utf8_is_emoji(uint32_t cp);

/* Is cp East Asian Ambiguous (one column here, two in a terminal set to
 * draw them wide)? */
bool utf8_is_ambiguous(uint32_t cp);

/* Is len bytes of p well-formed UTF-8? */
bool utf8_valid(const char *p, size_t len);

/* Columns of len bytes of p; controls count as 0 (callers sanitise
 * first), ill-formed subparts as 1 (their U+FFFD). */
size_t utf8_str_width(const char *p, size_t len);

#endif
