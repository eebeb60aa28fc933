/*
 * pytok.c: a Python tokenizer that follows CPython 3.11's tokenize module
 * (Lib/tokenize.py, the regular-expression tokenizer `python3 -m
 * tokenize` runs), so the notebook readers, fixed_dedent and the
 * highlighter see the same tokens marimo sees. Parsing into a tree is
 * ana.c's business; this file only cuts text into tokens.
 *
 * The one idea to hold first: tokenize.py works a physical line at a
 * time, and so does this file. Each line starts in one of three states:
 * inside a string that began on an earlier line, at the start of a new
 * statement (indentation is measured, comment-only and blank lines give
 * NL), or in the middle of a statement (inside brackets or after a
 * backslash). Tokens are then cut from the rest of the line with the
 * same precedence as tokenize's PseudoToken expression: backslash-newline
 * and comments, triple-quoted string openers, numbers, newlines and
 * operators, single-quoted strings, names.
 *
 * Where this file departs from tokenize.py, on purpose:
 *
 * - A lone "\r" ends a line, as it does for the compiler (tokenize.py
 *   reads lines split at "\n" only and would see "\r" as an error token).
 * - Every byte >= 0x80 is an identifier character; tokenize.py asks
 *   Unicode whether the character is a word character.
 * - tokenize.py raises where we recover, and reports the recovery through
 *   *ok = false: an unterminated triple-quoted (or backslash-continued)
 *   string at the end of the text is one ERRORTOKEN to the end; an
 *   unclosed bracket or a trailing backslash at the end of the text ends
 *   the token list normally; a dedent to a column no enclosing block used
 *   gives the DEDENTs down to the next lower level and then one empty
 *   INDENT for the new column (so INDENTs and DEDENTs still balance); a
 *   closing
 *   bracket with no opener is an OP that leaves the depth at 0 (tokenize
 *   lets the depth go negative and then never measures indentation again).
 * - Positions are byte offsets and byte columns, never code points.
 * - A UTF-8 byte-order mark at offset 0 is skipped like whitespace (so
 *   tokens on line 1 start at byte column 3 or later).
 *
 * Zero-length tokens at the end (the implicit NEWLINE of a last line
 * without a line break, the closing DEDENTs, ENDMARKER) have off == len;
 * their line and col are tokenize's, except that the implicit NEWLINE
 * ends where it starts (tokenize reports one column more).
 *
 * Everything is linear in the length of the text: each byte is looked at
 * a bounded number of times. The one place that could go quadratic, a
 * line full of unterminated quotes each scanning to the end of the line,
 * remembers that a scan for that quote already failed on this line.
 */
#include "config.h"
#include "pytok.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define PYTOK_TABSIZE 8
#define PYTOK_NOTFOUND SIZE_MAX

struct pytok_scanner {
	const char *src;
	size_t len;		/* bytes of src */
	struct pytok *toks;	/* owned until handed to the caller */
	size_t ntoks;
	size_t cap;
	bool ok;
	size_t lnum;		/* current line, 1-based; 0 before the first */
	size_t ls;		/* offset of the current line's first byte */
	size_t eol;		/* offset of its line break, or len */
	size_t le;		/* offset just past its line break */
	int depth;		/* bracket depth, never negative */
	size_t *indents;	/* columns of the open blocks, [0] == 0 */
	size_t nindents;
	size_t capindents;
	size_t sq_fail_line;	/* line where a ' string scan failed */
	size_t dq_fail_line;	/* line where a " string scan failed */
	size_t tokend;		/* offset past the last token on this line */
	bool continued;		/* the line ended in a backslash */
	bool instr;		/* a string runs on from an earlier line */
	bool str_triple;	/* ...triple-quoted */
	bool str_cont;		/* ...single-quoted, continued by a backslash */
	char str_quote;
	size_t str_off;		/* where it started */
	size_t str_line;
	size_t str_col;
};

static const char *const pytok_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield",
	/* soft keywords, keyword.softkwlist of 3.11 */
	"_", "case", "match"
};

static bool
pytok_is_digit(unsigned char c, int base)
{
	switch (base) {
	case 2:
		return c == '0' || c == '1';
	case 8:
		return c >= '0' && c <= '7';
	case 16:
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F');
	default:
		return c >= '0' && c <= '9';
	}
}

static bool
pytok_is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static struct pytok *
pytok_scanner_push(struct pytok_scanner *s, enum pytok_type type,
    size_t off, size_t len)
{
	struct pytok *t;

	if (s->ntoks == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->toks = xreallocarray(s->toks, s->cap, sizeof *s->toks);
	}
	t = &s->toks[s->ntoks++];
	t->type = type;
	t->off = off;
	t->len = len;
	t->depth = s->depth;
	if (type == PYTOK_ERRORTOKEN)
		s->ok = false;
	return t;
}

/* A token that starts and ends on the current line. */
static void
pytok_scanner_emit(struct pytok_scanner *s, enum pytok_type type,
    size_t off, size_t len)
{
	struct pytok *t;

	t = pytok_scanner_push(s, type, off, len);
	s->tokend = off + len;
	t->line = t->end_line = s->lnum;
	t->col = off - s->ls;
	t->end_col = t->col + len;
}

/* A token from (line, col) at off to end, which is on the current line. */
static void
pytok_scanner_emit_span(struct pytok_scanner *s, enum pytok_type type,
    size_t off, size_t line, size_t col, size_t end)
{
	struct pytok *t;

	t = pytok_scanner_push(s, type, off, end - off);
	t->line = line;
	t->col = col;
	t->end_line = s->lnum;
	t->end_col = end - s->ls;
}

/* A zero-length token after the text (closing DEDENTs, ENDMARKER...). */
static void
pytok_scanner_emit_end(struct pytok_scanner *s, enum pytok_type type,
    size_t line, size_t col)
{
	struct pytok *t;

	t = pytok_scanner_push(s, type, s->len, 0);
	t->line = t->end_line = line;
	t->col = t->end_col = col;
}

static void
pytok_scanner_indent_push(struct pytok_scanner *s, size_t column)
{
	if (s->nindents == s->capindents) {
		s->capindents *= 2;
		s->indents = xreallocarray(s->indents, s->capindents,
		    sizeof *s->indents);
	}
	s->indents[s->nindents++] = column;
}

/* Find the end of the line that starts at or contains pos. */
static void
pytok_scanner_find_eol(struct pytok_scanner *s, size_t pos)
{
	const char *src = s->src;
	size_t i;

	for (i = pos; i < s->len; i++)
		if (src[i] == '\n' || src[i] == '\r')
			break;
	s->eol = i;
	if (i == s->len)
		s->le = i;
	else if (src[i] == '\r' && i + 1 < s->len && src[i + 1] == '\n')
		s->le = i + 2;
	else
		s->le = i + 1;
}

/* [d](?:_?[d])* at i: the end of the match, or i when there is none. */
static size_t
pytok_digits(const char *src, size_t i, size_t len, int base)
{
	size_t j;

	if (i >= len || !pytok_is_digit(src[i], base))
		return i;
	j = i + 1;
	for (;;) {
		if (j < len && pytok_is_digit(src[j], base))
			j++;
		else if (j + 1 < len && src[j] == '_' &&
		    pytok_is_digit(src[j + 1], base))
			j += 2;
		else
			break;
	}
	return j;
}

/* [eE][-+]?[0-9](?:_?[0-9])* at i, or i. */
static size_t
pytok_exponent(const char *src, size_t i, size_t len)
{
	size_t k, d;

	if (i >= len || (src[i] != 'e' && src[i] != 'E'))
		return i;
	k = i + 1;
	if (k < len && (src[k] == '+' || src[k] == '-'))
		k++;
	d = pytok_digits(src, k, len, 10);
	return d > k ? d : i;
}

static size_t
pytok_imaginary(const char *src, size_t i, size_t len)
{
	if (i < len && (src[i] == 'j' || src[i] == 'J'))
		return i + 1;
	return i;
}

/*
 * The end of the number at i (a digit, or "." before a digit). tokenize
 * tries imaginary, then float, then integer literals and takes the first
 * that matches, not the longest: "0777" is "0" then "777", "1e" is "1"
 * then the name "e", "0x" is "0" then "x".
 */
static size_t
pytok_number_end(const char *src, size_t i, size_t len)
{
	size_t d, f, e;
	int base;

	if (src[i] == '.') {
		d = pytok_digits(src, i + 1, len, 10);
		return pytok_imaginary(src, pytok_exponent(src, d, len), len);
	}
	d = pytok_digits(src, i, len, 10);
	if (d < len && (src[d] == 'j' || src[d] == 'J'))
		return d + 1;
	if (d < len && src[d] == '.') {
		f = pytok_digits(src, d + 1, len, 10);
		return pytok_imaginary(src, pytok_exponent(src, f, len), len);
	}
	e = pytok_exponent(src, d, len);
	if (e > d)
		return pytok_imaginary(src, e, len);
	if (src[i] != '0')
		return d;
	base = 0;
	if (i + 1 < len) {
		switch (src[i + 1]) {
		case 'x':
		case 'X':
			base = 16;
			break;
		case 'o':
		case 'O':
			base = 8;
			break;
		case 'b':
		case 'B':
			base = 2;
			break;
		}
	}
	if (base != 0) {
		/* 0[xX](?:_?[0-9a-fA-F])+ and its octal and binary kin */
		f = i + 2;
		if (f < len && src[f] == '_')
			f++;
		e = pytok_digits(src, f, len, base);
		if (e > f)
			return e;
	}
	/* 0(?:_?0)* */
	e = i + 1;
	for (;;) {
		if (e < len && src[e] == '0')
			e++;
		else if (e + 1 < len && src[e] == '_' && src[e + 1] == '0')
			e += 2;
		else
			break;
	}
	return e;
}

/* The length of the operator at p, longest first, or 0. */
static size_t
pytok_op_len(const char *p, size_t avail)
{
	static const char *const ops3[] = {
		"**=", "...", "//=", "<<=", ">>="
	};
	static const char *const ops2[] = {
		"!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=",
		":=", "<<", "<=", "==", ">=", ">>", "@=", "^=", "|="
	};
	size_t i;

	if (avail >= 3)
		for (i = 0; i < sizeof ops3 / sizeof ops3[0]; i++)
			if (memcmp(p, ops3[i], 3) == 0)
				return 3;
	if (avail >= 2)
		for (i = 0; i < sizeof ops2 / sizeof ops2[0]; i++)
			if (memcmp(p, ops2[i], 2) == 0)
				return 2;
	if (*p != '\0' && strchr("%&()*+,-./:;<=>@[]^{|}~", *p) != NULL)
		return 1;
	return 0;
}

/*
 * Is src[i..i+k) a string prefix (any case, any order of r/b/u/f/rb/fr)
 * followed by a quote? Returns k (0 for a bare quote), or -1.
 */
static int
pytok_prefix_at(const char *src, size_t i, size_t len)
{
	size_t k;
	unsigned char a, b;

	for (k = 0; k < 3 && i + k < len; k++) {
		a = src[i + k];
		if (a == '\'' || a == '"')
			break;
		if (!((a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z')))
			return -1;
	}
	if (i + k >= len || k == 3)
		return -1;
	if (src[i + k] != '\'' && src[i + k] != '"')
		return -1;
	if (k == 0)
		return 0;
	a = src[i] | 0x20;
	if (k == 1)
		return (a == 'r' || a == 'b' || a == 'u' || a == 'f') ? 1 : -1;
	b = src[i + 1] | 0x20;
	if ((a == 'r' && (b == 'b' || b == 'f')) ||
	    (b == 'r' && (a == 'b' || a == 'f')))
		return 2;
	return -1;
}

/*
 * Look for the closing quote of a single-quoted string on the current
 * line, from i. Returns the offset past the closing quote; or
 * PYTOK_NOTFOUND with *cont set when a backslash before the line break
 * continues the string on the next line, clear when the string is
 * unterminated.
 */
static size_t
pytok_single_end(struct pytok_scanner *s, size_t i, char quote, bool *cont)
{
	const char *src = s->src;

	*cont = false;
	while (i < s->eol) {
		if (src[i] == quote)
			return i + 1;
		if (src[i] == '\\') {
			if (i + 1 >= s->eol) {
				*cont = s->eol < s->len;
				return PYTOK_NOTFOUND;
			}
			i += 2;
		} else
			i++;
	}
	return PYTOK_NOTFOUND;
}

/*
 * The closing quote of a string continued from an earlier line, looked
 * for from i to the end of the current line. Triple quotes close at the
 * first unescaped run of three; a backslash escapes any byte, the line
 * break included.
 */
static size_t
pytok_cont_end(struct pytok_scanner *s, size_t i, char quote, bool triple)
{
	const char *src = s->src;

	while (i < s->le) {
		if (src[i] == '\\')
			i += 2;
		else if (src[i] != quote)
			i++;
		else if (!triple)
			return i + 1;
		else if (i + 2 < s->le && src[i + 1] == quote &&
		    src[i + 2] == quote)
			return i + 3;
		else
			i++;
	}
	return PYTOK_NOTFOUND;
}

/* Does the last line (from ls to the end) start, stripped, with '#'? */
static bool
pytok_line_is_comment(const char *src, size_t ls, size_t len)
{
	unsigned char c;

	for (; ls < len; ls++) {
		c = src[ls];
		if (c != ' ' && c != '\t' && c != '\f' && c != '\v' &&
		    !(c >= 0x1c && c <= 0x1f))
			break;
	}
	return ls < len && src[ls] == '#';
}

/*
 * A string that does not end on the line where it starts: remember where
 * it started and go on with the next line.
 */
static void
pytok_scanner_string_open(struct pytok_scanner *s, size_t start, char quote,
    bool triple)
{
	s->instr = true;
	s->str_triple = triple;
	s->str_cont = !triple;
	s->str_quote = quote;
	s->str_off = start;
	s->str_line = s->lnum;
	s->str_col = start - s->ls;
}

/*
 * The string whose prefix (if any) starts at *pos, with its quote at
 * q. Returns true with *pos past what was consumed: the whole string, or
 * the rest of the line for a string that goes on. Returns false for a
 * single-quoted string left open on this line: then, as in tokenize, the
 * prefix is a name and the quote an error token.
 */
static bool
pytok_scanner_string(struct pytok_scanner *s, size_t *pos, size_t q)
{
	const char *src = s->src;
	size_t *fail_line, e;
	char quote = src[q];
	bool cont;

	if (q + 2 < s->len && src[q + 1] == quote && src[q + 2] == quote) {
		e = pytok_cont_end(s, q + 3, quote, true);
		if (e != PYTOK_NOTFOUND) {
			pytok_scanner_emit(s, PYTOK_STRING, *pos, e - *pos);
			*pos = e;
		} else {
			pytok_scanner_string_open(s, *pos, quote, true);
			*pos = s->le;
		}
		return true;
	}

	/*
	 * Once a scan for one kind of quote failed on this line, a scan
	 * from any later quote of that kind fails too: it would fall in
	 * step with the first one at that quote (which the first scan met
	 * as an escaped byte) and reach the same end of the line.
	 */
	fail_line = quote == '\'' ? &s->sq_fail_line : &s->dq_fail_line;
	if (*fail_line == s->lnum)
		return false;
	e = pytok_single_end(s, q + 1, quote, &cont);
	if (e != PYTOK_NOTFOUND) {
		pytok_scanner_emit(s, PYTOK_STRING, *pos, e - *pos);
		*pos = e;
		return true;
	}
	if (cont) {
		pytok_scanner_string_open(s, *pos, quote, false);
		*pos = s->le;
		return true;
	}
	*fail_line = s->lnum;
	return false;
}

/*
 * The line continues a string from an earlier line. Returns the offset
 * where the string ended on it, or PYTOK_NOTFOUND when the whole line
 * was consumed.
 */
static size_t
pytok_scanner_string_more(struct pytok_scanner *s)
{
	const char *src = s->src;
	size_t e;

	e = pytok_cont_end(s, s->ls, s->str_quote, s->str_triple);
	if (e != PYTOK_NOTFOUND) {
		pytok_scanner_emit_span(s, PYTOK_STRING, s->str_off,
		    s->str_line, s->str_col, e);
		s->instr = false;
		return e;
	}
	if (s->str_cont && !(s->le > s->eol && s->eol > s->ls &&
	    src[s->eol - 1] == '\\')) {
		/*
		 * A backslash-continued string whose next line neither
		 * closes nor continues it: the whole line goes into an
		 * error token, and tokenize goes on with the next line.
		 */
		pytok_scanner_emit_span(s, PYTOK_ERRORTOKEN, s->str_off,
		    s->str_line, s->str_col, s->le);
		s->instr = false;
	}
	return PYTOK_NOTFOUND;
}

/*
 * A line that starts a statement: measure its indentation (a tab goes
 * to the next multiple of 8, a form feed back to 0) and emit INDENT or
 * DEDENTs, or give a comment-only or blank line its NL. Returns the
 * offset where the line's tokens start, or PYTOK_NOTFOUND when the line
 * is done with.
 */
static size_t
pytok_scanner_indent(struct pytok_scanner *s, size_t pos)
{
	const char *src = s->src;
	size_t column, p;

	column = 0;
	for (p = pos; p < s->le; p++) {
		if (src[p] == ' ')
			column++;
		else if (src[p] == '\t')
			column = (column / PYTOK_TABSIZE + 1) * PYTOK_TABSIZE;
		else if (src[p] == '\f')
			column = 0;
		else
			break;
	}
	if (src[p] == '#' || src[p] == '\r' || src[p] == '\n') {
		if (src[p] == '#') {
			pytok_scanner_emit(s, PYTOK_COMMENT, p, s->eol - p);
			p = s->eol;
		}
		pytok_scanner_emit(s, PYTOK_NL, p, s->le - p);
		return PYTOK_NOTFOUND;
	}
	if (column > s->indents[s->nindents - 1]) {
		pytok_scanner_indent_push(s, column);
		pytok_scanner_emit(s, PYTOK_INDENT, pos, p - pos);
	}
	while (column < s->indents[s->nindents - 1]) {
		s->nindents--;
		pytok_scanner_emit(s, PYTOK_DEDENT, p, 0);
	}
	if (column > s->indents[s->nindents - 1]) {
		/*
		 * The dedent matches no outer level: a new block at this
		 * column, opened by an empty INDENT after the DEDENTs.
		 */
		s->ok = false;
		pytok_scanner_indent_push(s, column);
		pytok_scanner_emit(s, PYTOK_INDENT, p, 0);
	}
	return p;
}

/* The tokens of the current line from pos to its end. */
static void
pytok_scanner_line(struct pytok_scanner *s, size_t pos)
{
	const char *src = s->src;
	size_t e;
	unsigned char c;
	int k;

	s->tokend = pos;
	while (pos < s->le) {
		c = src[pos];
		if (c == ' ' || c == '\t' || c == '\f') {
			pos++;
			continue;
		}
		if (c == '\n' || c == '\r') {
			pytok_scanner_emit(s, s->depth > 0 ? PYTOK_NL :
			    PYTOK_NEWLINE, pos, s->le - pos);
			return;
		}
		if (c == '#') {
			pytok_scanner_emit(s, PYTOK_COMMENT, pos, s->eol - pos);
			pos = s->eol;
			continue;
		}
		if (c == '\\' && pos + 1 == s->eol && s->eol < s->len) {
			s->continued = true;
			return;
		}
		if ((c >= '0' && c <= '9') || (c == '.' && pos + 1 < s->len &&
		    src[pos + 1] >= '0' && src[pos + 1] <= '9')) {
			e = pytok_number_end(src, pos, s->len);
			pytok_scanner_emit(s, PYTOK_NUMBER, pos, e - pos);
			pos = e;
			continue;
		}
		if ((k = pytok_prefix_at(src, pos, s->len)) >= 0 &&
		    pytok_scanner_string(s, &pos, pos + (size_t)k))
			continue;
		if (pytok_is_name_char(c)) {
			for (e = pos + 1; e < s->len; e++)
				if (!pytok_is_name_char(src[e]))
					break;
			pytok_scanner_emit(s, PYTOK_NAME, pos, e - pos);
			pos = e;
			continue;
		}
		if ((e = pytok_op_len(src + pos, s->len - pos)) > 0) {
			pytok_scanner_emit(s, PYTOK_OP, pos, e);
			if (c == '(' || c == '[' || c == '{')
				s->depth++;
			else if (c == ')' || c == ']' || c == '}') {
				if (s->depth > 0)
					s->depth--;
				else
					s->ok = false;
			}
			pos += e;
			continue;
		}
		/*
		 * Nothing matches here. tokenize's pattern had eaten the
		 * whitespace before this byte, so on failure it reports each
		 * of those bytes as an error token too.
		 */
		for (e = s->tokend; e < pos; e++)
			pytok_scanner_emit(s, PYTOK_ERRORTOKEN, e, 1);
		pytok_scanner_emit(s, PYTOK_ERRORTOKEN, pos, 1);
		pos++;
	}
}

struct pytok *
pytok_scan(const char *src, size_t len, size_t *n, bool *ok)
{
	struct pytok_scanner s;
	size_t pos, p, eof_line;
	bool ws_break;

	memset(&s, 0, sizeof s);
	s.src = src;
	s.len = src != NULL ? len : 0;
	s.ok = true;
	s.capindents = 16;
	s.indents = xreallocarray(NULL, s.capindents, sizeof *s.indents);
	s.indents[s.nindents++] = 0;
	ws_break = false;

	pos = 0;
	if (s.len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (;; pos = s.le) {
		if (pos >= s.len) {
			if (s.instr) {
				/* EOF in multi-line string */
				pytok_scanner_emit_span(&s, PYTOK_ERRORTOKEN,
				    s.str_off, s.str_line, s.str_col, s.len);
			}
			break;
		}
		s.ls = s.lnum == 0 ? 0 : pos;
		pytok_scanner_find_eol(&s, pos);
		s.lnum++;

		if (s.instr) {
			if ((p = pytok_scanner_string_more(&s)) ==
			    PYTOK_NOTFOUND)
				continue;
		} else if (s.depth == 0 && !s.continued) {
			for (p = pos; p < s.le; p++)
				if (src[p] != ' ' && src[p] != '\t' &&
				    src[p] != '\f')
					break;
			if (p == s.le) {
				/*
				 * Whitespace without a line break ends the
				 * text: tokenize stops here, on this line.
				 */
				ws_break = true;
				break;
			}
			if ((p = pytok_scanner_indent(&s, pos)) ==
			    PYTOK_NOTFOUND)
				continue;
		} else {
			s.continued = false;
			p = pos;
		}
		pytok_scanner_line(&s, p);
	}

	/*
	 * At the end: a string, a bracket or a backslash left open is an
	 * error; tokenize adds a NEWLINE after a last line without a line
	 * break unless that line, stripped, starts with '#'; then the
	 * DEDENTs of the open blocks and ENDMARKER, on the line after the
	 * last (or on the whitespace line that ended the text).
	 */
	if (s.instr || s.continued || s.depth > 0)
		s.ok = false;
	if (!ws_break && s.lnum > 0 && src[s.len - 1] != '\n' &&
	    src[s.len - 1] != '\r' && !pytok_line_is_comment(src, s.ls, s.len))
		pytok_scanner_emit_end(&s, PYTOK_NEWLINE, s.lnum,
		    s.len - s.ls);
	eof_line = ws_break ? s.lnum : s.lnum + 1;
	s.depth = 0;
	while (s.nindents > 1) {
		s.nindents--;
		pytok_scanner_emit_end(&s, PYTOK_DEDENT, eof_line, 0);
	}
	pytok_scanner_emit_end(&s, PYTOK_ENDMARKER, eof_line, 0);

	free(s.indents);
	if (ok != NULL)
		*ok = s.ok;
	*n = s.ntoks;
	return s.toks;
}

bool
pytok_is_keyword(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof pytok_keywords / sizeof pytok_keywords[0]; i++)
		if (strlen(pytok_keywords[i]) == len &&
		    memcmp(pytok_keywords[i], s, len) == 0)
			return true;
	return false;
}

size_t
pytok_string_prefix_len(const char *tok, size_t len)
{
	int k;

	k = pytok_prefix_at(tok, 0, len);
	return k > 0 ? (size_t)k : 0;
}
