/*
 * pytok_dump.c: print the tokens pytok_scan() cuts from a file in the
 * format of `python3 -m tokenize -e`, so tests/pytok_vs_cpython.sh can
 * compare the two line by line. Not installed.
 *
 * Usage: pytok_dump [file]   (standard input without a file)
 *
 * Each line is "L,C-L,C:" padded to 20 columns, the exact token type
 * name (LPAR, EQUAL... for operators, as -e prints them) padded to 15,
 * then the token text quoted roughly as Python's repr() would. What is
 * normalised to match tokenize:
 *
 * - columns are counted in code points of UTF-8 text, not bytes (pytok
 *   reports bytes), and a byte-order mark on line 1 counts for nothing;
 * - the implicit NEWLINE at the end of a file without a final line break
 *   ends one column after it starts, as tokenize reports it;
 * - an ENCODING line comes first, always 'utf-8'.
 *
 * The text column is for people: the comparison script ignores it, since
 * repr() of non-ASCII and control characters is not worth copying here.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pytok.h"

static const char *const pytok_dump_ops[][2] = {
	{ "!=", "NOTEQUAL" }, { "%", "PERCENT" }, { "%=", "PERCENTEQUAL" },
	{ "&", "AMPER" }, { "&=", "AMPEREQUAL" }, { "(", "LPAR" },
	{ ")", "RPAR" }, { "*", "STAR" }, { "**", "DOUBLESTAR" },
	{ "**=", "DOUBLESTAREQUAL" }, { "*=", "STAREQUAL" }, { "+", "PLUS" },
	{ "+=", "PLUSEQUAL" }, { ",", "COMMA" }, { "-", "MINUS" },
	{ "-=", "MINEQUAL" }, { "->", "RARROW" }, { ".", "DOT" },
	{ "...", "ELLIPSIS" }, { "/", "SLASH" }, { "//", "DOUBLESLASH" },
	{ "//=", "DOUBLESLASHEQUAL" }, { "/=", "SLASHEQUAL" },
	{ ":", "COLON" }, { ":=", "COLONEQUAL" }, { ";", "SEMI" },
	{ "<", "LESS" }, { "<<", "LEFTSHIFT" }, { "<<=", "LEFTSHIFTEQUAL" },
	{ "<=", "LESSEQUAL" }, { "=", "EQUAL" }, { "==", "EQEQUAL" },
	{ ">", "GREATER" }, { ">=", "GREATEREQUAL" }, { ">>", "RIGHTSHIFT" },
	{ ">>=", "RIGHTSHIFTEQUAL" }, { "@", "AT" }, { "@=", "ATEQUAL" },
	{ "[", "LSQB" }, { "]", "RSQB" }, { "^", "CIRCUMFLEX" },
	{ "^=", "CIRCUMFLEXEQUAL" }, { "{", "LBRACE" }, { "|", "VBAR" },
	{ "|=", "VBAREQUAL" }, { "}", "RBRACE" }, { "~", "TILDE" }
};

static const char *
pytok_dump_type(const char *src, const struct pytok *t)
{
	static const char *const names[] = {
		"ENDMARKER", "NAME", "NUMBER", "STRING", "OP", "COMMENT",
		"NEWLINE", "NL", "INDENT", "DEDENT", "ERRORTOKEN"
	};
	const size_t nops = sizeof pytok_dump_ops / sizeof pytok_dump_ops[0];
	size_t i;

	if (t->type == PYTOK_OP)
		for (i = 0; i < nops; i++)
			if (strlen(pytok_dump_ops[i][0]) == t->len &&
			    memcmp(pytok_dump_ops[i][0], src + t->off,
			    t->len) == 0)
				return pytok_dump_ops[i][1];
	return names[t->type];
}

/* The code-point column of byte column col on the line starting at ls. */
static size_t
pytok_dump_column(const char *src, size_t len, size_t ls, size_t col)
{
	size_t i, n;

	i = ls;
	if (ls == 0 && len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (n = 0; i < ls + col && i < len; i++)
		if (((unsigned char)src[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void
pytok_dump_repr(struct buf *out, const char *p, size_t len)
{
	char q;
	size_t i;
	unsigned char c;

	q = memchr(p, '\'', len) != NULL && memchr(p, '"', len) == NULL ?
	    '"' : '\'';
	buf_addc(out, q);
	for (i = 0; i < len; i++) {
		c = p[i];
		if (c == '\\' || c == (unsigned char)q)
			buf_addf(out, "\\%c", c);
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if (c == '\t')
			buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(out, "\\x%02x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, q);
}

static int
pytok_dump_read(struct buf *b, FILE *fp)
{
	char chunk[65536];
	size_t got;

	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(b, chunk, got);
	return ferror(fp) ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct buf src = BUF_INIT, out = BUF_INIT, range = BUF_INIT;
	struct pytok *toks;
	const struct pytok *t;
	FILE *fp;
	size_t n, i, ls, els, sc, ec;
	bool ok;

	fp = argc > 1 ? fopen(argv[1], "rb") : stdin;
	if (fp == NULL) {
		fprintf(stderr, "pytok_dump: %s: %s\n", argv[1],
		    strerror(errno));
		return 2;
	}
	if (pytok_dump_read(&src, fp) == -1) {
		fprintf(stderr, "pytok_dump: read error\n");
		return 2;
	}
	if (fp != stdin)
		fclose(fp);

	toks = pytok_scan(src.ptr, src.len, &n, &ok);
	buf_addf(&out, "%-20s%-15s%-15s\n", "0,0-0,0:", "ENCODING",
	    "'utf-8'");
	for (i = 0; i < n; i++) {
		t = &toks[i];
		ls = t->off - t->col;
		els = t->off + t->len - t->end_col;
		sc = pytok_dump_column(src.ptr, src.len, ls, t->col);
		ec = pytok_dump_column(src.ptr, src.len, els, t->end_col);
		if (t->type == PYTOK_NEWLINE && t->len == 0)
			ec++;
		buf_reset(&range);
		buf_addf(&range, "%zu,%zu-%zu,%zu:", t->line, sc, t->end_line,
		    ec);
		buf_addf(&out, "%-20s%-15s", range.ptr,
		    pytok_dump_type(src.ptr, t));
		buf_reset(&range);
		pytok_dump_repr(&range, src.ptr + t->off, t->len);
		buf_addf(&out, "%-15s\n", range.ptr);
	}
	fwrite(out.ptr, 1, out.len, stdout);
	free(toks);
	buf_release(&src);
	buf_release(&out);
	buf_release(&range);
	return ok ? 0 : 1;
}
