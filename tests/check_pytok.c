/*
 * check_pytok.c: the Python tokenizer. Most tests cut a short text and
 * compare a compact rendering of its tokens ("NAME:x OP:= NUMBER:1
 * NEWLINE ENDMARKER") with what CPython 3.11's tokenize module gives for
 * the same text; the rest check positions, the error flag, the
 * invariants every token list keeps, and linear time on huge inputs.
 * tests/pytok_vs_cpython.sh compares whole files with tokenize itself.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pytok.h"
#include "xmalloc.h"

static const char *const type_names[] = {
	"ENDMARKER", "NAME", "NUMBER", "STRING", "OP", "COMMENT", "NEWLINE",
	"NL", "INDENT", "DEDENT", "ERRORTOKEN"
};

/*
 * Tokenize a private copy of exactly len bytes (so a sanitizer or
 * valgrind catches any read past the end) and check the invariants every
 * token list must keep: in order, inside the text, line and column
 * agreeing with the offsets, brackets never negative, INDENTs and
 * DEDENTs balanced, one ENDMARKER last.
 */
static struct pytok *
scan(const char *src, size_t len, size_t *n, bool *ok)
{
	struct pytok *toks;
	char *copy;
	const char *bad;
	size_t *starts, nlines, i, end, last;
	long indents;

	copy = xmalloc(len ? len : 1);
	memcpy(copy, src, len);
	toks = pytok_scan(copy, len, n, ok);

	/* Line starts, with "\r\n", "\r" and "\n" as line breaks. */
	nlines = 1;
	for (i = 0; i < len; i++)
		if (src[i] == '\n' || (src[i] == '\r' &&
		    (i + 1 == len || src[i + 1] != '\n')))
			nlines++;
	starts = xreallocarray(NULL, nlines, sizeof *starts);
	nlines = 0;
	starts[nlines++] = 0;
	for (i = 0; i < len; i++) {
		if (src[i] == '\r' && i + 1 < len && src[i + 1] == '\n')
			continue;
		if (src[i] == '\n' || src[i] == '\r')
			starts[nlines++] = i + 1;
	}

	/*
	 * Plain tests, not ck_assert: Check marks every assertion through
	 * a pipe, too slow for a million tokens.
	 */
	bad = NULL;
	indents = 0;
	last = 0;
	for (i = 0; i < *n && bad == NULL; i++) {
		const struct pytok *t = &toks[i];

		if (t->type < PYTOK_ENDMARKER || t->type > PYTOK_ERRORTOKEN)
			bad = "type out of range";
		else if ((t->type == PYTOK_ENDMARKER) != (i == *n - 1))
			bad = "ENDMARKER not last";
		else if (t->off > len || t->len > len - t->off)
			bad = "token outside the text";
		else if (t->off < last)
			bad = "tokens out of order";
		else if (t->depth < 0)
			bad = "negative depth";
		else if (t->line < 1 || t->end_line < t->line)
			bad = "bad line numbers";
		last = t->off + t->len;
		if (t->type == PYTOK_INDENT)
			indents++;
		if (t->type == PYTOK_DEDENT && --indents < 0)
			bad = "DEDENT without INDENT";
		if (bad != NULL || (t->off == len && t->len == 0))
			continue;	/* tokens after the text */
		end = t->off + t->len;
		if (t->line > nlines || starts[t->line - 1] + t->col != t->off)
			bad = "line and col disagree with off";
		else if (t->end_line > nlines ||
		    starts[t->end_line - 1] + t->end_col != end)
			bad = "end_line and end_col disagree with off + len";
	}
	if (bad == NULL && *n == 0)
		bad = "no tokens";
	if (bad == NULL && indents != 0)
		bad = "INDENTs and DEDENTs do not balance";
	ck_assert_msg(bad == NULL, "%s at token %zu of %zu", bad, i - 1, *n);
	free(starts);
	free(copy);
	return toks;
}

/*
 * The tokens of src rendered as "TYPE:text" words (text left out for
 * NEWLINE, NL, INDENT, DEDENT, ENDMARKER; line breaks inside a token
 * shown as "\n"). Checks *ok against want_ok. Caller frees.
 */
static char *
render_ok(const char *src, size_t len, bool want_ok)
{
	struct buf b = BUF_INIT;
	struct pytok *toks;
	size_t n, i, j;
	bool ok;

	toks = scan(src, len, &n, &ok);
	for (i = 0; i < n; i++) {
		const struct pytok *t = &toks[i];

		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, type_names[t->type]);
		switch (t->type) {
		case PYTOK_NEWLINE:
		case PYTOK_NL:
		case PYTOK_INDENT:
		case PYTOK_DEDENT:
		case PYTOK_ENDMARKER:
			continue;
		default:
			break;
		}
		buf_addc(&b, ':');
		for (j = 0; j < t->len; j++) {
			char c = src[t->off + j];

			if (c == '\n')
				buf_adds(&b, "\\n");
			else if (c == '\r')
				buf_adds(&b, "\\r");
			else if (c == '\0')
				buf_adds(&b, "\\0");
			else
				buf_addc(&b, c);
		}
	}
	free(toks);
	ck_assert_msg(ok == want_ok, "ok is %d for \"%s\"", ok, b.ptr);
	return buf_detach(&b, NULL);
}

#define ck_tokens(src, want) do { \
	char *got_ = render_ok((src), strlen(src), true); \
	ck_assert_str_eq(got_, (want)); \
	free(got_); \
} while (0)

#define ck_tokens_bad(src, want) do { \
	char *got_ = render_ok((src), strlen(src), false); \
	ck_assert_str_eq(got_, (want)); \
	free(got_); \
} while (0)

START_TEST(test_pytok_empty_input)
{
	struct pytok *t;
	size_t n;
	bool ok = false;

	t = scan("", 0, &n, &ok);
	ck_assert(ok);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(t[0].type, PYTOK_ENDMARKER);
	ck_assert_uint_eq(t[0].line, 1);
	ck_assert_uint_eq(t[0].col, 0);
	free(t);

	t = pytok_scan(NULL, 0, &n, NULL);
	ck_assert_uint_eq(n, 1);
	free(t);
}
END_TEST

START_TEST(test_pytok_statement_positions)
{
	struct pytok *t;
	size_t n;
	bool ok;

	t = scan("x = 1\n", 6, &n, &ok);
	ck_assert(ok);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(t[1].type, PYTOK_OP);
	ck_assert_uint_eq(t[1].off, 2);
	ck_assert_uint_eq(t[1].len, 1);
	ck_assert_int_eq(t[3].type, PYTOK_NEWLINE);
	ck_assert_uint_eq(t[3].col, 5);
	ck_assert_uint_eq(t[3].end_col, 6);
	ck_assert_uint_eq(t[4].line, 2);
	ck_assert_uint_eq(t[4].col, 0);
	ck_assert_uint_eq(t[4].off, 6);
	free(t);
}
END_TEST

START_TEST(test_pytok_def_and_return_inside_strings)
{
	const char *src =
	    "s = \"def f():\"\n"
	    "t = '''\n"
	    "def g():\n"
	    "    return 1\n"
	    "'''\n"
	    "# def h(): return\n"
	    "u = r'\\'return'\n";
	struct pytok *t;
	size_t n, i;
	bool ok;

	ck_tokens(src,
	    "NAME:s OP:= STRING:\"def f():\" NEWLINE "
	    "NAME:t OP:= STRING:'''\\ndef g():\\n    return 1\\n''' NEWLINE "
	    "COMMENT:# def h(): return NL "
	    "NAME:u OP:= STRING:r'\\'return' NEWLINE ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	for (i = 0; i < n; i++)
		ck_assert(t[i].type != PYTOK_INDENT);
	ck_assert_int_eq(t[6].type, PYTOK_STRING);
	ck_assert_uint_eq(t[6].line, 2);
	ck_assert_uint_eq(t[6].col, 4);
	ck_assert_uint_eq(t[6].end_line, 5);
	ck_assert_uint_eq(t[6].end_col, 3);
	free(t);
}
END_TEST

START_TEST(test_pytok_nested_brackets_across_lines)
{
	const char *src = "f(a, [1,\n  2], {\n\n 'k': (3)})\nx\n";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens(src,
	    "NAME:f OP:( NAME:a OP:, OP:[ NUMBER:1 OP:, NL NUMBER:2 OP:] "
	    "OP:, OP:{ NL NL STRING:'k' OP:: OP:( NUMBER:3 OP:) OP:} OP:) "
	    "NEWLINE NAME:x NEWLINE ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	ck_assert_int_eq(t[0].depth, 0);	/* f */
	ck_assert_int_eq(t[1].depth, 0);	/* ( */
	ck_assert_int_eq(t[4].depth, 1);	/* [ */
	ck_assert_int_eq(t[5].depth, 2);	/* 1 */
	ck_assert_int_eq(t[7].depth, 2);	/* NL */
	ck_assert_int_eq(t[9].depth, 2);	/* ] */
	ck_assert_int_eq(t[18].depth, 3);	/* ) of (3) */
	ck_assert_int_eq(t[21].type, PYTOK_NEWLINE);
	ck_assert_int_eq(t[21].depth, 0);
	free(t);
}
END_TEST

START_TEST(test_pytok_continuation_lines)
{
	ck_tokens("x = 1 + \\\n        2\ny\n",
	    "NAME:x OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE NAME:y NEWLINE "
	    "ENDMARKER");
	/* A backslash continues a line that would start a block. */
	ck_tokens("if a and \\\n  b:\n    pass\n",
	    "NAME:if NAME:a NAME:and NAME:b OP:: NEWLINE INDENT NAME:pass "
	    "NEWLINE DEDENT ENDMARKER");
	/* A backslash not before a line break is an error token. */
	ck_tokens_bad("a \\ b\n",
	    "NAME:a ERRORTOKEN:  ERRORTOKEN:\\ NAME:b NEWLINE ENDMARKER");
	/* A trailing backslash at the end of the text: EOF in statement. */
	ck_tokens_bad("x = \\\n", "NAME:x OP:= ENDMARKER");
}
END_TEST

START_TEST(test_pytok_comments_inside_brackets)
{
	ck_tokens("f(a,  # first\n  # alone\n  b)  # end\n",
	    "NAME:f OP:( NAME:a OP:, COMMENT:# first NL COMMENT:# alone NL "
	    "NAME:b OP:) COMMENT:# end NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_newline_versus_nl)
{
	ck_tokens("\n  \n# c\nx\n\n",
	    "NL NL COMMENT:# c NL NAME:x NEWLINE NL ENDMARKER");
	/* A comment-only line inside a block gives no DEDENT. */
	ck_tokens("if x:\n    a\n# c\n    b\nc\n",
	    "NAME:if NAME:x OP:: NEWLINE INDENT NAME:a NEWLINE COMMENT:# c "
	    "NL NAME:b NEWLINE DEDENT NAME:c NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_fstrings_are_one_token)
{
	ck_tokens("f\"{x['a']} {y!r:>{w}}\" + rf'{z}\\n' + "
	    "F'''{a[\"b\"]}\n'''\n",
	    "STRING:f\"{x['a']} {y!r:>{w}}\" OP:+ STRING:rf'{z}\\n' OP:+ "
	    "STRING:F'''{a[\"b\"]}\\n''' NEWLINE ENDMARKER");
	/* 3.11 ends an f-string at its quote, even inside braces. */
	ck_tokens("f\"{d[\"k\"]}\"\n",
	    "STRING:f\"{d[\" NAME:k STRING:\"]}\" NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_string_prefixes)
{
	ck_tokens("r'a' b'a' u'a' f'a' rb'a' br'a' fr'a' rf'a'\n",
	    "STRING:r'a' STRING:b'a' STRING:u'a' STRING:f'a' STRING:rb'a' "
	    "STRING:br'a' STRING:fr'a' STRING:rf'a' NEWLINE ENDMARKER");
	ck_tokens("R\"a\" B\"a\" U\"a\" F\"a\" Rb\"a\" bR\"a\" fR\"\"\"a\"\"\" "
	    "RF'''a'''\n",
	    "STRING:R\"a\" STRING:B\"a\" STRING:U\"a\" STRING:F\"a\" "
	    "STRING:Rb\"a\" STRING:bR\"a\" STRING:fR\"\"\"a\"\"\" "
	    "STRING:RF'''a''' NEWLINE ENDMARKER");
	/* Not prefixes: the letters are a name, the string stands alone. */
	ck_tokens("ur'a' bu'a' fb'a' rbx'a' x'a'\n",
	    "NAME:ur STRING:'a' NAME:bu STRING:'a' NAME:fb STRING:'a' "
	    "NAME:rbx STRING:'a' NAME:x STRING:'a' NEWLINE ENDMARKER");
	ck_tokens("'' \"\" '''''' ''''''''\n",
	    "STRING:'' STRING:\"\" STRING:'''''' STRING:'''''' STRING:'' "
	    "NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_string_prefix_len)
{
	ck_assert_uint_eq(pytok_string_prefix_len("'x'", 3), 0);
	ck_assert_uint_eq(pytok_string_prefix_len("f'x'", 4), 1);
	ck_assert_uint_eq(pytok_string_prefix_len("Rb\"x\"", 5), 2);
	ck_assert_uint_eq(pytok_string_prefix_len("rf'''x'''", 9), 2);
	ck_assert_uint_eq(pytok_string_prefix_len("fb'x'", 5), 0);
	ck_assert_uint_eq(pytok_string_prefix_len("rb", 2), 0);
	ck_assert_uint_eq(pytok_string_prefix_len("", 0), 0);
}
END_TEST

START_TEST(test_pytok_keywords)
{
	ck_assert(pytok_is_keyword("def", 3));
	ck_assert(pytok_is_keyword("return", 6));
	ck_assert(pytok_is_keyword("None", 4));
	ck_assert(pytok_is_keyword("async", 5));
	ck_assert(pytok_is_keyword("match", 5));
	ck_assert(pytok_is_keyword("case", 4));
	ck_assert(pytok_is_keyword("_", 1));
	ck_assert(!pytok_is_keyword("none", 4));
	ck_assert(!pytok_is_keyword("print", 5));
	ck_assert(!pytok_is_keyword("de", 2));
	ck_assert(!pytok_is_keyword("define", 6));
	ck_assert(pytok_is_keyword("defx", 3));	/* only len bytes count */
	ck_assert(!pytok_is_keyword("", 0));
	ck_assert(!pytok_is_keyword("type", 4));
}
END_TEST

START_TEST(test_pytok_numbers)
{
	ck_tokens("1_000 0x1F 0XdeAD_beef 0o17 0b1010 1e-3 1E+10 3j 2.5J .5 "
	    "1. 1.e5 0 00 0_0 1_000.000_1e1_0\n",
	    "NUMBER:1_000 NUMBER:0x1F NUMBER:0XdeAD_beef NUMBER:0o17 "
	    "NUMBER:0b1010 NUMBER:1e-3 NUMBER:1E+10 NUMBER:3j NUMBER:2.5J "
	    "NUMBER:.5 NUMBER:1. NUMBER:1.e5 NUMBER:0 NUMBER:00 NUMBER:0_0 "
	    "NUMBER:1_000.000_1e1_0 NEWLINE ENDMARKER");
	/* tokenize takes the first form that matches, not the longest. */
	ck_tokens("0777 1e 1_ 0x 0b12 1__0 1if x.real ...\n",
	    "NUMBER:0 NUMBER:777 NUMBER:1 NAME:e NUMBER:1 NAME:_ NUMBER:0 "
	    "NAME:x NUMBER:0b1 NUMBER:2 NUMBER:1 NAME:__0 NUMBER:1 NAME:if "
	    "NAME:x OP:. NAME:real OP:... NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_operators_longest_first)
{
	ck_tokens("a**=b//=c>>=d<<=e->f:=g!=h...i..j@=k\n",
	    "NAME:a OP:**= NAME:b OP://= NAME:c OP:>>= NAME:d OP:<<= NAME:e "
	    "OP:-> NAME:f OP::= NAME:g OP:!= NAME:h OP:... NAME:i OP:. OP:. "
	    "NAME:j OP:@= NAME:k NEWLINE ENDMARKER");
	ck_tokens_bad("a ! b ? $\n",
	    "NAME:a ERRORTOKEN:  ERRORTOKEN:! NAME:b ERRORTOKEN:  ERRORTOKEN:? "
	    "ERRORTOKEN:  ERRORTOKEN:$ NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_crlf_line_breaks)
{
	const char *src = "if x:\r\n    y = (1,\r\n 2)\r\n\r\nz\r\n";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens(src,
	    "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y OP:= OP:( NUMBER:1 "
	    "OP:, NL NUMBER:2 OP:) NEWLINE NL DEDENT NAME:z NEWLINE ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	ck_assert_int_eq(t[3].type, PYTOK_NEWLINE);
	ck_assert_uint_eq(t[3].len, 2);
	ck_assert_uint_eq(t[3].end_col, 7);
	ck_assert_uint_eq(t[n - 1].line, 6);
	free(t);
}
END_TEST

START_TEST(test_pytok_lone_cr_line_breaks)
{
	const char *src = "a = 1\rif a:\r  b = '''x\ry'''\rc\r";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens(src,
	    "NAME:a OP:= NUMBER:1 NEWLINE NAME:if NAME:a OP:: NEWLINE INDENT "
	    "NAME:b OP:= STRING:'''x\\ry''' NEWLINE DEDENT NAME:c NEWLINE "
	    "ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	ck_assert_int_eq(t[11].type, PYTOK_STRING);
	ck_assert_uint_eq(t[11].line, 3);
	ck_assert_uint_eq(t[11].end_line, 4);
	ck_assert_uint_eq(t[14].line, 5);	/* c */
	free(t);
}
END_TEST

START_TEST(test_pytok_tabs_in_indentation)
{
	/* A tab goes to the next multiple of 8: "\t" and 8 spaces agree. */
	ck_tokens("if x:\n\ty\n        z\n  \tw\nv\n",
	    "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE NAME:z "
	    "NEWLINE NAME:w NEWLINE DEDENT NAME:v NEWLINE ENDMARKER");
	/* A form feed resets the column. */
	ck_tokens("if x:\n    y\n    \fz\n",
	    "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE DEDENT NAME:z "
	    "NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_dedent_to_unknown_level)
{
	const char *src = "if x:\n        a\n    b\nc\n";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens_bad(src,
	    "NAME:if NAME:x OP:: NEWLINE INDENT NAME:a NEWLINE DEDENT INDENT "
	    "NAME:b NEWLINE DEDENT NAME:c NEWLINE ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	ck_assert_int_eq(t[8].type, PYTOK_INDENT);
	ck_assert_uint_eq(t[8].line, 3);
	ck_assert_uint_eq(t[8].col, 4);
	ck_assert_uint_eq(t[8].len, 0);
	free(t);
}
END_TEST

START_TEST(test_pytok_dedents_at_end)
{
	const char *src = "def f():\n    if x:\n        return 1";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens(src,
	    "NAME:def NAME:f OP:( OP:) OP:: NEWLINE INDENT NAME:if NAME:x "
	    "OP:: NEWLINE INDENT NAME:return NUMBER:1 NEWLINE DEDENT DEDENT "
	    "ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	/* The implicit NEWLINE sits at the end of the last line. */
	ck_assert_int_eq(t[n - 4].type, PYTOK_NEWLINE);
	ck_assert_uint_eq(t[n - 4].len, 0);
	ck_assert_uint_eq(t[n - 4].line, 3);
	ck_assert_uint_eq(t[n - 4].col, 16);
	ck_assert_uint_eq(t[n - 1].line, 4);
	ck_assert_uint_eq(t[n - 1].off, strlen(src));
	free(t);
}
END_TEST

START_TEST(test_pytok_last_line_without_break)
{
	ck_tokens("# only", "COMMENT:# only NL ENDMARKER");
	ck_tokens("x = 1  # c", "NAME:x OP:= NUMBER:1 COMMENT:# c NEWLINE "
	    "ENDMARKER");
	ck_tokens("x\n   ", "NAME:x NEWLINE ENDMARKER");
	ck_tokens("   ", "ENDMARKER");
	/* tokenize looks at the text of the last line, even in a string. */
	ck_tokens("x = '''\n#'''", "NAME:x OP:= STRING:'''\\n#''' ENDMARKER");
}
END_TEST

START_TEST(test_pytok_unterminated_triple_quote)
{
	const char *src = "x = 1\ns = \"\"\"never\nclosed\n";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens_bad(src,
	    "NAME:x OP:= NUMBER:1 NEWLINE NAME:s OP:= "
	    "ERRORTOKEN:\"\"\"never\\nclosed\\n ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	ck_assert_int_eq(t[6].type, PYTOK_ERRORTOKEN);
	ck_assert_uint_eq(t[6].off + t[6].len, strlen(src));
	ck_assert_uint_eq(t[6].line, 2);
	ck_assert_uint_eq(t[6].end_line, 3);
	free(t);
	ck_tokens_bad("'''", "ERRORTOKEN:''' NEWLINE ENDMARKER");
	ck_tokens_bad("r'''\\", "ERRORTOKEN:r'''\\ NEWLINE ENDMARKER");
}
END_TEST

START_TEST(test_pytok_unterminated_single_quote)
{
	/* As tokenize: the quote alone is the error, the rest tokenizes. */
	ck_tokens_bad("x = 'abc def\ny = 2\n",
	    "NAME:x OP:= ERRORTOKEN:  ERRORTOKEN:' NAME:abc NAME:def NEWLINE "
	    "NAME:y OP:= "
	    "NUMBER:2 NEWLINE ENDMARKER");
	ck_tokens_bad("x = rb\"abc\n",
	    "NAME:x OP:= NAME:rb ERRORTOKEN:\" NAME:abc NEWLINE ENDMARKER");
	/* A backslash carries a string to the next line... */
	ck_tokens("s = 'abc\\\ndef'\n",
	    "NAME:s OP:= STRING:'abc\\\\ndef' NEWLINE ENDMARKER");
	/* ...and a next line that neither ends nor continues it is lost. */
	ck_tokens_bad("s = 'abc\\\ndef\nt = 1\n",
	    "NAME:s OP:= ERRORTOKEN:'abc\\\\ndef\\n NAME:t OP:= NUMBER:1 "
	    "NEWLINE ENDMARKER");
	ck_tokens_bad("s = 'abc\\\n",
	    "NAME:s OP:= ERRORTOKEN:'abc\\\\n ENDMARKER");
}
END_TEST

START_TEST(test_pytok_unclosed_and_stray_brackets)
{
	ck_tokens_bad("f(a,\n  b\n", "NAME:f OP:( NAME:a OP:, NL NAME:b NL "
	    "ENDMARKER");
	ck_tokens_bad("a)\nif b:\n    c\n",
	    "NAME:a OP:) NEWLINE NAME:if NAME:b OP:: NEWLINE INDENT NAME:c "
	    "NEWLINE DEDENT ENDMARKER");
}
END_TEST

START_TEST(test_pytok_nul_bytes)
{
	static const char src[] = "x = '\0' # \0\n\0y\n";
	char *got;

	got = render_ok(src, sizeof src - 1, false);
	ck_assert_str_eq(got, "NAME:x OP:= STRING:'\\0' COMMENT:# \\0 NEWLINE "
	    "ERRORTOKEN:\\0 NAME:y NEWLINE ENDMARKER");
	free(got);
	/* A NUL does not end the text: tokens run to len. */
	got = render_ok("a\0b = 1", 7, false);
	ck_assert_str_eq(got, "NAME:a ERRORTOKEN:\\0 NAME:b OP:= NUMBER:1 "
	    "NEWLINE ENDMARKER");
	free(got);
}
END_TEST

START_TEST(test_pytok_non_ascii_identifiers)
{
	const char *src =
	    "caf\xc3\xa9 = \xce\xbb\xce\xb1 + 1  # \xe2\x86\x92\n";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens(src, "NAME:caf\xc3\xa9 OP:= NAME:\xce\xbb\xce\xb1 OP:+ "
	    "NUMBER:1 COMMENT:# \xe2\x86\x92 NEWLINE ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	ck_assert_uint_eq(t[0].len, 5);
	ck_assert_uint_eq(t[1].col, 6);		/* byte columns */
	free(t);
}
END_TEST

START_TEST(test_pytok_byte_order_mark)
{
	const char *src = "\xef\xbb\xbfimport os\n";
	struct pytok *t;
	size_t n;
	bool ok;

	ck_tokens(src, "NAME:import NAME:os NEWLINE ENDMARKER");
	t = scan(src, strlen(src), &n, &ok);
	ck_assert_uint_eq(t[0].off, 3);
	ck_assert_uint_eq(t[0].col, 3);
	free(t);
}
END_TEST

START_TEST(test_pytok_marimo_cell)
{
	/* The shape the notebook reader walks: decorators, def, return. */
	ck_tokens("@app.cell\ndef _(mo):\n    mo.md(\"\"\"\n    # Title\n"
	    "    \"\"\")\n    return\n",
	    "OP:@ NAME:app OP:. NAME:cell NEWLINE NAME:def NAME:_ OP:( "
	    "NAME:mo OP:) OP:: NEWLINE INDENT NAME:mo OP:. NAME:md OP:( "
	    "STRING:\"\"\"\\n    # Title\\n    \"\"\" OP:) NEWLINE "
	    "NAME:return NEWLINE DEDENT ENDMARKER");
}
END_TEST

/* Every byte string tokenizes, keeping the invariants scan() checks. */
START_TEST(test_pytok_random_bytes_keep_invariants)
{
	static const char alphabet[] = "'\"\\#()[]{}\n\r\t \f\0fbrux0123._"
	    "eEjJ=+-*:;@\x80\xc3\xa9";
	char text[64];
	struct pytok *t;
	unsigned long seed = 12345;
	size_t n, len, i;
	bool ok;
	int round;

	for (round = 0; round < 20000; round++) {
		len = round % (sizeof text + 1);
		for (i = 0; i < len; i++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			text[i] = alphabet[(seed >> 33) %
			    (sizeof alphabet - 1)];
		}
		t = scan(text, len, &n, &ok);
		free(t);
	}
}
END_TEST

START_TEST(test_pytok_ten_megabyte_line)
{
	const size_t target = 10 * 1024 * 1024;
	struct buf b = BUF_INIT;
	struct pytok *t;
	size_t n, i, strings;
	bool ok;

	buf_adds(&b, "x = [");
	while (b.len < target) {
		buf_adds(&b, "'a string with # and def inside', "
		    "some_rather_long_identifier_name_0123456789, 1_000.5e3, ");
	}
	buf_adds(&b, "]");
	t = scan(b.ptr, b.len, &n, &ok);
	ck_assert(ok);
	strings = 0;
	for (i = 0; i < n; i++)
		if (t[i].type == PYTOK_STRING)
			strings++;
	ck_assert_uint_gt(strings, 100000);
	ck_assert_int_eq(t[n - 2].type, PYTOK_NEWLINE);
	ck_assert_uint_eq(t[n - 2].col, b.len);
	free(t);
	buf_release(&b);
}
END_TEST

/*
 * Lines full of quotes that never close would make a naive tokenizer
 * rescan to the end of the line from every quote: quadratic.
 */
START_TEST(test_pytok_unclosed_quotes_stay_linear)
{
	const size_t target = 4 * 1024 * 1024;
	struct buf b = BUF_INIT;
	struct pytok *t;
	size_t n;
	bool ok;

	buf_adds(&b, "x = ");
	while (b.len < target)
		buf_adds(&b, "'\\' \"\\\" ");
	buf_adds(&b, "\n");
	t = pytok_scan(b.ptr, b.len, &n, &ok);
	ck_assert(!ok);
	ck_assert_int_eq(t[n - 1].type, PYTOK_ENDMARKER);
	free(t);

	buf_reset(&b);
	while (b.len < target)
		buf_adds(&b, "'''\n");
	t = pytok_scan(b.ptr, b.len, &n, &ok);
	ck_assert(ok);
	free(t);
	buf_release(&b);
}
END_TEST

/* Many short lines: the shape of a 50,000-cell notebook. */
START_TEST(test_pytok_many_lines)
{
	struct buf b = BUF_INIT;
	struct pytok *t;
	size_t n, i, newlines;
	bool ok;

	for (i = 0; i < 200000; i++)
		buf_addf(&b, "@app.cell\ndef _():\n    x%zu = %zu\n"
		    "    return\n\n", i, i);
	t = pytok_scan(b.ptr, b.len, &n, &ok);
	ck_assert(ok);
	newlines = 0;
	for (i = 0; i < n; i++)
		if (t[i].type == PYTOK_NEWLINE)
			newlines++;
	ck_assert_uint_eq(newlines, 4 * 200000);
	ck_assert_uint_eq(t[n - 1].line, 5 * 200000 + 1);
	free(t);
	buf_release(&b);
}
END_TEST

static Suite *
pytok_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("pytok");

	tc = tcase_create("tokens");
	tcase_add_test(tc, test_pytok_empty_input);
	tcase_add_test(tc, test_pytok_statement_positions);
	tcase_add_test(tc, test_pytok_def_and_return_inside_strings);
	tcase_add_test(tc, test_pytok_nested_brackets_across_lines);
	tcase_add_test(tc, test_pytok_continuation_lines);
	tcase_add_test(tc, test_pytok_comments_inside_brackets);
	tcase_add_test(tc, test_pytok_newline_versus_nl);
	tcase_add_test(tc, test_pytok_fstrings_are_one_token);
	tcase_add_test(tc, test_pytok_string_prefixes);
	tcase_add_test(tc, test_pytok_string_prefix_len);
	tcase_add_test(tc, test_pytok_keywords);
	tcase_add_test(tc, test_pytok_numbers);
	tcase_add_test(tc, test_pytok_operators_longest_first);
	tcase_add_test(tc, test_pytok_non_ascii_identifiers);
	tcase_add_test(tc, test_pytok_byte_order_mark);
	tcase_add_test(tc, test_pytok_marimo_cell);
	suite_add_tcase(s, tc);

	tc = tcase_create("lines");
	tcase_add_test(tc, test_pytok_crlf_line_breaks);
	tcase_add_test(tc, test_pytok_lone_cr_line_breaks);
	tcase_add_test(tc, test_pytok_tabs_in_indentation);
	tcase_add_test(tc, test_pytok_dedents_at_end);
	tcase_add_test(tc, test_pytok_last_line_without_break);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_pytok_dedent_to_unknown_level);
	tcase_add_test(tc, test_pytok_unterminated_triple_quote);
	tcase_add_test(tc, test_pytok_unterminated_single_quote);
	tcase_add_test(tc, test_pytok_unclosed_and_stray_brackets);
	tcase_add_test(tc, test_pytok_nul_bytes);
	tcase_add_test(tc, test_pytok_random_bytes_keep_invariants);
	suite_add_tcase(s, tc);

	tc = tcase_create("scale");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_pytok_ten_megabyte_line);
	tcase_add_test(tc, test_pytok_unclosed_quotes_stay_linear);
	tcase_add_test(tc, test_pytok_many_lines);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(pytok_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
