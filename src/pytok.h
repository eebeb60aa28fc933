/*
 * pytok.h: a Python tokenizer in C, for the parts of quire that must
 * understand Python text without an interpreter at hand: the notebook
 * readers (cell boundaries, multi-line strings for fixed_dedent, the
 * recovery scanner), markdown cell canonicalisation and, later, syntax
 * highlighting. It follows CPython 3.11's tokenize module: the same
 * token kinds, and an f-string is one STRING token.
 *
 * It never fails: text that Python would reject still tokenizes (an
 * unterminated string runs to the end of the text as PYTOK_ERRORTOKEN,
 * an unexpected character is a one-character PYTOK_ERRORTOKEN), so
 * callers can always walk the tokens of a broken file.
 */
#ifndef QUIRE_PYTOK_H
#define QUIRE_PYTOK_H

#include <stdbool.h>
#include <stddef.h>

enum pytok_type {
	PYTOK_ENDMARKER,
	PYTOK_NAME,		/* identifiers and keywords */
	PYTOK_NUMBER,
	PYTOK_STRING,		/* with prefix and quotes; may span lines */
	PYTOK_OP,		/* operators and delimiters */
	PYTOK_COMMENT,		/* "#..." without the line break */
	PYTOK_NEWLINE,		/* end of a logical line */
	PYTOK_NL,		/* line break inside brackets, or blank line */
	PYTOK_INDENT,
	PYTOK_DEDENT,
	PYTOK_ERRORTOKEN
};

struct pytok {
	enum pytok_type type;
	size_t off;		/* byte offset of the first byte */
	size_t len;		/* bytes */
	size_t line;		/* 1-based line of the first byte */
	size_t col;		/* 0-based byte column of the first byte */
	size_t end_line;	/* 1-based line of the last byte */
	size_t end_col;		/* byte column just past the last byte */
	int depth;		/* bracket depth before this token */
};

/*
 * Tokenize len bytes of src. Lines end at "\r\n", "\r" or "\n". Returns
 * an array of *n tokens ending with PYTOK_ENDMARKER, which the caller
 * frees with free(). *ok (may be NULL) is set false when the text has a
 * tokenizer error (unterminated string, bad dedent, unclosed bracket).
 */
struct pytok *pytok_scan(const char *src, size_t len, size_t *n, bool *ok);

/* Is the NAME token's text a Python keyword (hard or soft)? */
bool pytok_is_keyword(const char *s, size_t len);

/* The prefix letters of a STRING token ("", "r", "rb", "f", "Rf"...). */
size_t pytok_string_prefix_len(const char *tok, size_t len);

#endif
