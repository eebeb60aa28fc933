/*
 * check_mdrender.c: the Markdown renderer, one construct at a time,
 * through the plain text of its lines and the role and style of the run
 * a piece of text landed in. Every render is also checked for the
 * invariants the editor relies on: no line wider than the width asked
 * for, no control code point, every run with a known role, markers in
 * the marker role.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mdrender.h"
#include "richtext.h"
#include "utf8.h"

static struct buf text = BUF_INIT;

static void
check_lines(const struct richtext *rt, size_t width)
{
	size_t i, k, off;
	uint32_t cp, bad = 0;
	size_t wide = 0;

	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *l = richtext_line(rt, i);

		if (l->line.width > width)
			wide = i + 1;
		ck_assert_uint_eq(l->line.width,
		    utf8_str_width(l->line.text, l->line.len));
		for (off = 0; off < l->line.len;) {
			off += utf8_next(l->line.text + off, l->line.len - off,
			    &cp, NULL);
			if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				bad = cp ? cp : 0x100;
		}
		for (k = 0; k < l->line.nruns; k++) {
			ck_assert_uint_lt(l->roles[k], RICHTEXT_NROLES);
			if (l->line.runs[k].style.flags & SANITIZE_MARKER)
				ck_assert_uint_eq(l->roles[k], RICHTEXT_MARKER);
		}
	}
	ck_assert_msg(wide == 0, "line %zu wider than %zu", wide, width);
	ck_assert_msg(bad == 0, "control U+%04X in a line", (unsigned)bad);
}

static struct richtext *
render_opt(const char *md, const struct mdrender_options *o)
{
	struct richtext *rt = richtext_new();

	mdrender_render(rt, md, strlen(md), o);
	check_lines(rt, o->width ? o->width : 80);
	buf_reset(&text);
	richtext_format_plain(rt, &text);
	return rt;
}

/* Render md at width (links as text) and return the plain text. */
static const char *
render(const char *md, size_t width)
{
	struct mdrender_options o;

	memset(&o, 0, sizeof o);
	o.width = width;
	richtext_free(render_opt(md, &o));
	return text.ptr;
}

/* The run holding the first occurrence of s: its role and flags. */
static bool
find_run(const struct richtext *rt, const char *s, enum richtext_role *role,
    uint8_t *flags)
{
	size_t i, k, off;
	const char *p;

	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *l = richtext_line(rt, i);

		if ((p = strstr(l->line.text, s)) == NULL)
			continue;
		off = (size_t)(p - l->line.text);
		for (k = 0; k < l->line.nruns; k++)
			if (off < l->line.runs[k].off + l->line.runs[k].len) {
				*role = l->roles[k];
				*flags = l->line.runs[k].style.flags;
				return true;
			}
	}
	return false;
}

#define ROLE_IS(rt, s, r) do {						\
	enum richtext_role role_;					\
	uint8_t flags_;							\
									\
	ck_assert_msg(find_run((rt), (s), &role_, &flags_),		\
	    "no \"%s\"", (s));						\
	ck_assert_msg(role_ == (r), "\"%s\" is %s, not %s", (s),	\
	    richtext_role_name(role_), richtext_role_name(r));		\
} while (0)

#define FLAGS_HAVE(rt, s, f) do {					\
	enum richtext_role role_;					\
	uint8_t flags_;							\
									\
	ck_assert_msg(find_run((rt), (s), &role_, &flags_),		\
	    "no \"%s\"", (s));						\
	ck_assert_msg((flags_ & (f)) == (f), "\"%s\" flags %x",	\
	    (s), flags_);						\
} while (0)

static struct richtext *
render_rt(const char *md, size_t width)
{
	struct mdrender_options o;

	memset(&o, 0, sizeof o);
	o.width = width;
	return render_opt(md, &o);
}

START_TEST(test_mdrender_headings)
{
	struct richtext *rt;

	ck_assert_str_eq(render("# Title\n\n## Sub part\n\n### Third\n\ntext",
	    40), "Title\n═════\n\nSub part\n────────\n\nThird\n\ntext\n");
	rt = render_rt("# Big *one*\n\n#### Small", 40);
	ROLE_IS(rt, "Big", RICHTEXT_HEADING);
	FLAGS_HAVE(rt, "Big", SANITIZE_BOLD);
	FLAGS_HAVE(rt, "one", SANITIZE_BOLD | SANITIZE_ITALIC);
	ROLE_IS(rt, "═", RICHTEXT_HEADING);
	ROLE_IS(rt, "Small", RICHTEXT_HEADING);
	richtext_free(rt);
	/* An empty heading in a quote has nothing to underline (its row
	 * is narrower than the prefix once trimmed: this once looped). */
	ck_assert_str_eq(render("> #\n> # x\n", 7), "│\n│\n│ x\n│ ═\n");
	/* Setext headings are headings too; the rule spans the text. */
	ck_assert_str_eq(render("A much longer title\n===\n", 40),
	    "A much longer title\n═══════════════════\n");
}
END_TEST

START_TEST(test_mdrender_emphasis_and_code)
{
	struct richtext *rt = render_rt("a *it* **bo** ~~st~~ `co de` z", 40);
	struct mdrender_options o;

	ck_assert_str_eq(text.ptr, "a it bo st co de z\n");
	FLAGS_HAVE(rt, "it", SANITIZE_ITALIC);
	FLAGS_HAVE(rt, "bo", SANITIZE_BOLD);
	FLAGS_HAVE(rt, "st", SANITIZE_DIM);
	ROLE_IS(rt, "co de", RICHTEXT_CODE);
	ROLE_IS(rt, "a ", RICHTEXT_TEXT);
	richtext_free(rt);
	/* For plain text, code spans keep their backticks. */
	memset(&o, 0, sizeof o);
	o.plain = true;
	richtext_free(render_opt("run `make` now", &o));
	ck_assert_str_eq(text.ptr, "run `make` now\n");
}
END_TEST

START_TEST(test_mdrender_lists)
{
	struct richtext *rt;

	ck_assert_str_eq(render("- a\n- b\n  - c\n    - d\n- e\n", 40),
	    "• a\n• b\n  ◦ c\n    ▪ d\n• e\n");
	ck_assert_str_eq(render("9. nine\n10. ten\n", 40),
	    " 9. nine\n10. ten\n");
	ck_assert_str_eq(render("1) x\n2) y\n", 40), "1) x\n2) y\n");
	/* A loose list keeps its blank lines, a tight one has none. */
	ck_assert_str_eq(render("- a\n\n- b\n", 40), "• a\n\n• b\n");
	ck_assert_str_eq(render("para\n- a\n- b\n\nafter", 40),
	    "para\n\n• a\n• b\n\nafter\n");
	/* Continuation lines line up under the item's text. */
	ck_assert_str_eq(render("- one two three four five six", 14),
	    "• one two\n  three four\n  five six\n");
	ck_assert_str_eq(render("1. first para\n\n   second para\n", 40),
	    "1. first para\n\n   second para\n");
	rt = render_rt("- item\n", 40);
	ROLE_IS(rt, "•", RICHTEXT_BULLET);
	richtext_free(rt);
	/* An empty item still shows its bullet. */
	ck_assert_str_eq(render("- \n- b\n", 40), "•\n• b\n");
}
END_TEST

START_TEST(test_mdrender_task_list)
{
	struct richtext *rt;

	ck_assert_str_eq(render("- [x] done\n- [ ] todo\n", 40),
	    "[x] done\n[ ] todo\n");
	ck_assert_str_eq(render("1. [x] a\n", 40), "1. [x] a\n");
	rt = render_rt("- [x] done\n", 40);
	ROLE_IS(rt, "[x]", RICHTEXT_BULLET);
	richtext_free(rt);
}
END_TEST

START_TEST(test_mdrender_block_quote)
{
	struct richtext *rt;

	ck_assert_str_eq(render("> a\n> b\n>\n> c\n>> d\n", 40),
	    "│ a b\n│\n│ c\n│\n│ │ d\n");
	ck_assert_str_eq(render("> one two three four", 12),
	    "│ one two\n│ three four\n");
	rt = render_rt("> quoted\n", 40);
	ROLE_IS(rt, "│", RICHTEXT_QUOTE);
	ROLE_IS(rt, "quoted", RICHTEXT_TEXT);
	richtext_free(rt);
	/* A list in a quote, a quote in a list. */
	ck_assert_str_eq(render("> - x\n> - y\n", 40), "│ • x\n│ • y\n");
	ck_assert_str_eq(render("- > q\n", 40), "• │ q\n");
}
END_TEST

START_TEST(test_mdrender_code_python)
{
	struct richtext *rt = render_rt("```python\ndef f(x):\n\treturn "
	    "\"hi\" + 42  # note\n```\n", 60);

	ck_assert_str_eq(text.ptr,
	    "  def f(x):\n      return \"hi\" + 42  # note\n");
	ROLE_IS(rt, "def", RICHTEXT_KEYWORD);
	ROLE_IS(rt, "return", RICHTEXT_KEYWORD);
	ROLE_IS(rt, "\"hi\"", RICHTEXT_STRING);
	ROLE_IS(rt, "42", RICHTEXT_NUMBER);
	ROLE_IS(rt, "# note", RICHTEXT_COMMENT);
	ROLE_IS(rt, "+", RICHTEXT_OPERATOR);
	ROLE_IS(rt, "f(", RICHTEXT_CODE);
	richtext_free(rt);
	rt = render_rt("```py\nprint(len(x))\n```\n", 60);
	ROLE_IS(rt, "print", RICHTEXT_BUILTIN);
	richtext_free(rt);
}
END_TEST

START_TEST(test_mdrender_code_other)
{
	struct richtext *rt = render_rt("```sh\necho def \"x\"\n```\n\n"
	    "    indented\n", 60);

	ck_assert_str_eq(text.ptr, "  echo def \"x\"\n\n  indented\n");
	ROLE_IS(rt, "def", RICHTEXT_CODE);
	richtext_free(rt);
	/* Long code lines are cut, not word-wrapped, and nothing is lost. */
	ck_assert_str_eq(render("```\nabcdefghij klm\n```\n", 8),
	    "  abcdef\n  ghij k\n  lm\n");
	/* At two columns the indent gives way to a wide character. */
	ck_assert_str_eq(render("```\na中b\n```\n", 2), "a\n中\nb\n");
	/* Escape sequences in code are shown, never sent. */
	rt = render_rt("```\nx\033[2Jy\n```\n", 40);
	ck_assert_str_eq(text.ptr, "  x^[[2Jy\n");
	ROLE_IS(rt, "^[[2J", RICHTEXT_MARKER);
	richtext_free(rt);
}
END_TEST

START_TEST(test_mdrender_table)
{
	struct richtext *rt;

	ck_assert_str_eq(render("| name | n |\n|:-----|--:|\n| Alice | 31 |\n"
	    "| Bob | 4 |\n", 40),
	    "name    n\n─────  ──\nAlice  31\nBob     4\n");
	rt = render_rt("| a | b |\n|---|:-:|\n| *x* | y |\n", 40);
	ROLE_IS(rt, "a", RICHTEXT_HEADER);
	ROLE_IS(rt, "─", RICHTEXT_RULE);
	FLAGS_HAVE(rt, "x", SANITIZE_ITALIC);
	richtext_free(rt);
	/* Wide columns shrink with "…" to fit the width. */
	ck_assert_str_eq(render("| a | b |\n|---|---|\n"
	    "| aaaaaaaaaaaaaaaaaaaa | bbbbbbbbbbbbbbbbbbbb |\n", 20),
	    "a          b\n─────────  ─────────\n"
	    "aaaaaaaa…  bbbbbbbb…\n");
	/* A table does not scroll in Markdown: what is left out is said. */
	ck_assert_str_eq(render("| a | b | c | d |\n|---|---|---|---|\n"
	    "| xxxxxx | yyyyyy | zzzzzz | wwwwww |\n", 16),
	    "a       b\n──────  ──────\nxxxxxx  yyyyyy\n"
	    "… 2 more column…\n");
	/* Wide characters count two columns and are never split. */
	ck_assert_str_eq(render("| x | y |\n|---|---|\n| 中文字 | 1 |\n", 40),
	    "x       y\n──────  ─\n中文字  1\n");
	ck_assert_str_eq(render("| x |\n|---|\n| 中文字中文字 |\n", 6),
	    "x\n──────\n中文 …\n");
}
END_TEST

START_TEST(test_mdrender_thematic_break)
{
	struct richtext *rt = render_rt("a\n\n---\n\nb", 10);
	struct mdrender_options o;

	ck_assert_str_eq(text.ptr, "a\n\n──────────\n\nb\n");
	ROLE_IS(rt, "─", RICHTEXT_RULE);
	richtext_free(rt);
	memset(&o, 0, sizeof o);
	o.width = 5;
	o.ascii = true;
	richtext_free(render_opt("***\n- a\n> b\n# H", &o));
	ck_assert_str_eq(text.ptr, "-----\n\n* a\n\n> b\n\nH\n=\n");
}
END_TEST

START_TEST(test_mdrender_links)
{
	struct mdrender_options o;
	struct richtext *rt;
	const struct richtext_span *s;
	const char *url;
	size_t len;

	rt = render_rt("see [the docs](https://x.org/d) now", 40);
	ck_assert_str_eq(text.ptr, "see the docs now\n");
	ROLE_IS(rt, "the docs", RICHTEXT_LINK);
	FLAGS_HAVE(rt, "the docs", SANITIZE_UNDERLINE);
	ck_assert_uint_eq(richtext_nanchors(rt, RICHTEXT_ANCHOR_LINK), 1);
	url = richtext_anchor(rt, RICHTEXT_ANCHOR_LINK, 0, &len);
	ck_assert_str_eq(url, "https://x.org/d");
	ck_assert_uint_eq(richtext_nspans(rt), 1);
	s = richtext_span(rt, 0);
	ck_assert_uint_eq(s->line, 0);
	ck_assert_uint_eq(s->col, 4);
	ck_assert_uint_eq(s->width, 8);
	ck_assert_ptr_eq(richtext_span_at(rt, 0, 11), s);
	ck_assert_ptr_null(richtext_span_at(rt, 0, 12));
	richtext_free(rt);

	/* A link wrapped over two lines has a span on each. */
	rt = render_rt("aaaa [bb cc](u) dd", 7);
	ck_assert_str_eq(text.ptr, "aaaa bb\ncc dd\n");
	ck_assert_uint_eq(richtext_nspans(rt), 2);
	ck_assert_uint_eq(richtext_span(rt, 0)->col, 5);
	ck_assert_uint_eq(richtext_span(rt, 1)->line, 1);
	ck_assert_uint_eq(richtext_span(rt, 1)->width, 2);
	richtext_free(rt);

	memset(&o, 0, sizeof o);
	o.width = 60;
	o.links = MDRENDER_LINKS_NUMBERED;
	richtext_free(render_opt("[a](http://x.org/a) and <http://b.org> and "
	    "www.c.org", &o));
	ck_assert_str_eq(text.ptr, "a[1] and http://b.org and www.c.org\n");
	o.links = MDRENDER_LINKS_FOOTNOTES;
	richtext_free(render_opt("[a](http://x/a) [b](http://x/b)", &o));
	ck_assert_str_eq(text.ptr,
	    "a[1] b[2]\n\n[1] http://x/a\n[2] http://x/b\n");
	/* Images show their alt text. */
	ck_assert_str_eq(render("![a plot](p.png)", 40),
	    "[image: a plot]\n");
}
END_TEST

START_TEST(test_mdrender_link_never_osc8)
{
	struct mdrender_options o;
	struct richtext *rt;
	const char *url;

	memset(&o, 0, sizeof o);
	o.width = 80;
	o.links = MDRENDER_LINKS_FOOTNOTES;
	rt = render_opt("[x](<http://a/\033]8;;evil\033\\>) and "
	    "\033]8;;http://b\033\\y\033]8;;\033\\", &o);
	ck_assert_ptr_null(strstr(text.ptr, "\033"));
	ck_assert_ptr_nonnull(strstr(text.ptr, "^[]8;"));
	/* The target is kept as it was, for the editor to show sanitised. */
	url = richtext_anchor(rt, RICHTEXT_ANCHOR_LINK, 0, NULL);
	ck_assert_ptr_nonnull(url);
	ck_assert_ptr_nonnull(strstr(url, "\033]8"));
	richtext_free(rt);
}
END_TEST

START_TEST(test_mdrender_math)
{
	struct richtext *rt;

	/* Stars in math are not emphasis; the source shows as it is. */
	rt = render_rt("area $a*b*c$ and $$x_1 + x_2$$ ok", 60);
	ck_assert_str_eq(text.ptr, "area $a*b*c$ and $$x_1 + x_2$$ ok\n");
	ROLE_IS(rt, "$a*b*c$", RICHTEXT_MATH);
	ROLE_IS(rt, "$$x_1", RICHTEXT_MATH);
	ROLE_IS(rt, "area", RICHTEXT_TEXT);
	richtext_free(rt);
	/* Prices are not math; an escaped dollar neither. */
	ck_assert_str_eq(render("costs $5 and $6 or more", 60),
	    "costs $5 and $6 or more\n");
	ck_assert_str_eq(render("an \\$x$ y", 60), "an $x$ y\n");
	/* \( \) and \[ \] as marimo writes them. */
	rt = render_rt("so \\(a_b\\) holds", 60);
	ck_assert_str_eq(text.ptr, "so \\(a_b\\) holds\n");
	ROLE_IS(rt, "\\(a_b\\)", RICHTEXT_MATH);
	richtext_free(rt);
	/* Display math is a block of its source lines. */
	rt = render_rt("before\n\n$$\n\\int_0^1 f(x)\\,dx\n$$\n\nafter", 60);
	ck_assert_str_eq(text.ptr,
	    "before\n\n  $$\n  \\int_0^1 f(x)\\,dx\n  $$\n\nafter\n");
	ROLE_IS(rt, "\\int", RICHTEXT_MATH);
	richtext_free(rt);
	ck_assert_str_eq(render("\\[\ny = x\n\\]\n", 60),
	    "  \\[\n  y = x\n  \\]\n");
	/* Math inside code stays code. */
	rt = render_rt("`$x*y$` and\n\n```\n$a$\n```\n", 60);
	ck_assert_str_eq(text.ptr, "$x*y$ and\n\n  $a$\n");
	ROLE_IS(rt, "$x*y$", RICHTEXT_CODE);
	richtext_free(rt);
	/* A private-use character in the input is never a sentinel. */
	ck_assert_str_eq(render("a \xee\x80\x80" "0\xee\x80\x81 $q$", 60),
	    "a <U+E000>0<U+E001> $q$\n");
}
END_TEST

START_TEST(test_mdrender_sanitised)
{
	struct richtext *rt;

	rt = render_rt("x &#x1b;[31mred &#x202e;rev &#x200b;z &#7;", 60);
	ck_assert_str_eq(text.ptr, "x ^[[31mred <RLO>rev <U+200B>z ^G\n");
	ROLE_IS(rt, "^[[31m", RICHTEXT_MARKER);
	ROLE_IS(rt, "<RLO>", RICHTEXT_MARKER);
	richtext_free(rt);
	/* Raw HTML never shows: tags go, their text stays. */
	ck_assert_str_eq(render("a <b>bold</b> <script>x</script> c", 60),
	    "a bold x c\n");
	ck_assert_str_eq(render("<div>\nin a <i>block</i> &amp; more\n"
	    "</div>\n\nnext", 60), "in a block & more\n\nnext\n");
	ck_assert_str_eq(render("one<br>two", 60), "one\ntwo\n");
	ck_assert_str_eq(render("<!-- hidden -->\n\nshown", 60), "shown\n");
}
END_TEST

START_TEST(test_mdrender_wrap_widths)
{
	/* CJK breaks between characters; each counts two columns. */
	ck_assert_str_eq(render("中文字符测试", 7), "中文字\n符测试\n");
	ck_assert_str_eq(render("ab 中文字符", 6), "ab 中\n文字符\n");
	/* Emoji are two columns wide, combining marks none. */
	ck_assert_str_eq(render("\xf0\x9f\x98\x80\xf0\x9f\x98\x80 "
	    "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 4),
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\n"
	    "e\xcc\x81" "e\xcc\x81" "e\xcc\x81\n");
	/* A word longer than the width is cut where it must be. */
	ck_assert_str_eq(render("x https://example.com/a/long/path y", 10),
	    "x\nhttps://ex\nample.com/\na/long/pat\nh y\n");
	/* Spaces at a break are dropped, and hard breaks kept. */
	ck_assert_str_eq(render("aa  bb\\\ncc", 3), "aa\nbb\ncc\n");
}
END_TEST

START_TEST(test_mdrender_width_invariant)
{
	static const char *const docs[] = {
		"# Heading with several words\n\n- a list item that wraps "
		"around\n  1. nested ordered\n\n> quote with `code` and "
		"[link](u)\n\n| a | b | c |\n|---|--:|---|\n| 1 | 2 | 中文 |\n",
		"```python\nx = [1, 2, 3]  # a comment that is long\n```\n"
		"$$\n\\sum_{i=0}^{n} i\n$$\n",
		"中文字符测试中文字符测试 emoji \xf0\x9f\x98\x80 mixed text "
		"and e\xcc\x81 marks\n\n---\n",
		NULL,
	};
	struct richtext *rt;
	size_t w, i;

	/* check_lines in render_rt asserts the width at every size. */
	for (i = 0; docs[i] != NULL; i++)
		for (w = 2; w <= 90; w++) {
			rt = render_rt(docs[i], w);
			richtext_free(rt);
		}
}
END_TEST

static const char *
widget_text(void *ctx, const char *id, size_t idlen, size_t *len)
{
	(void)ctx;
	if (idlen == 2 && memcmp(id, "s1", 2) == 0) {
		*len = strlen("[━━●──] 30");
		return "[━━●──] 30";
	}
	return NULL;
}

START_TEST(test_mdrender_widget_anchor)
{
	struct mdrender_options o;
	struct richtext *rt;
	const struct richtext_span *s;

	rt = render_rt("cut-off <quire-widget id=\"s1\">slider: 30"
	    "</quire-widget> ok", 40);
	ck_assert_str_eq(text.ptr, "cut-off slider: 30 ok\n");
	ROLE_IS(rt, "slider", RICHTEXT_WIDGET);
	ck_assert_uint_eq(richtext_nanchors(rt, RICHTEXT_ANCHOR_WIDGET), 1);
	ck_assert_str_eq(richtext_anchor(rt, RICHTEXT_ANCHOR_WIDGET, 0, NULL),
	    "s1");
	ck_assert_uint_eq(richtext_nspans(rt), 1);
	s = richtext_span(rt, 0);
	ck_assert_int_eq(s->kind, RICHTEXT_ANCHOR_WIDGET);
	ck_assert_uint_eq(s->col, 8);
	ck_assert_uint_eq(s->width, 10);
	richtext_free(rt);
	/* The editor's live text replaces the fallback. */
	memset(&o, 0, sizeof o);
	o.width = 40;
	o.widget_text = widget_text;
	rt = render_opt("x <quire-widget id='s1'>old</quire-widget> y", &o);
	ck_assert_str_eq(text.ptr, "x [━━●──] 30 y\n");
	ck_assert_uint_eq(richtext_span(rt, 0)->width, 10);
	richtext_free(rt);
}
END_TEST

START_TEST(test_mdrender_limits)
{
	struct buf md = BUF_INIT;
	struct richtext *rt;
	size_t i, n;

	/* One paragraph line takes at most MDRENDER_MAX_ROWS rows. */
	for (i = 0; i < 2000; i++)
		buf_adds(&md, "word ");
	rt = render_rt(md.ptr, 10);
	n = richtext_nlines(rt);
	ck_assert_uint_eq(n, MDRENDER_MAX_ROWS + 1);
	ck_assert_ptr_nonnull(strstr(richtext_line(rt, n - 1)->line.text,
	    "[+"));
	richtext_free(rt);
	/* Deep nesting neither overflows the stack nor the width. */
	buf_reset(&md);
	for (i = 0; i < 5000; i++)
		buf_adds(&md, "> ");
	buf_adds(&md, "deep\n");
	for (i = 0; i < 3000; i++)
		buf_adds(&md, "  - ");
	richtext_free(render_rt(md.ptr, 40));
	/* Input beyond the limit is cut, with a note. */
	buf_reset(&md);
	while (md.len <= MDRENDER_MAX_LEN)
		buf_adds(&md, "text\n\n");
	rt = render_rt(md.ptr, 40);
	ck_assert_ptr_nonnull(strstr(text.ptr, "more bytes of Markdown not "
	    "shown"));
	richtext_free(rt);
	buf_release(&md);
}
END_TEST

START_TEST(test_mdrender_empty)
{
	ck_assert_str_eq(render("", 40), "");
	ck_assert_str_eq(render("\n\n   \n", 40), "");
}
END_TEST

static Suite *
mdrender_suite(void)
{
	Suite *s = suite_create("mdrender");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mdrender_headings);
	tcase_add_test(tc, test_mdrender_emphasis_and_code);
	tcase_add_test(tc, test_mdrender_lists);
	tcase_add_test(tc, test_mdrender_task_list);
	tcase_add_test(tc, test_mdrender_block_quote);
	tcase_add_test(tc, test_mdrender_code_python);
	tcase_add_test(tc, test_mdrender_code_other);
	tcase_add_test(tc, test_mdrender_table);
	tcase_add_test(tc, test_mdrender_thematic_break);
	tcase_add_test(tc, test_mdrender_links);
	tcase_add_test(tc, test_mdrender_link_never_osc8);
	tcase_add_test(tc, test_mdrender_math);
	tcase_add_test(tc, test_mdrender_sanitised);
	tcase_add_test(tc, test_mdrender_wrap_widths);
	tcase_add_test(tc, test_mdrender_width_invariant);
	tcase_add_test(tc, test_mdrender_widget_anchor);
	tcase_add_test(tc, test_mdrender_limits);
	tcase_add_test(tc, test_mdrender_empty);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mdrender_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
