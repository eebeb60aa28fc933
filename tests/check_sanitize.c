/*
 * check_sanitize.c: the output sanitiser against the test vectors of
 * security.md section 10 ("Output sanitising"). Rendered as text with
 * every marker run between braces, lines joined by '\n', and for STREAM
 * the rewrite count of a line as " ↻n". Every vector also checks the
 * invariant: no output code point below U+0020 or in U+007F-U+009F.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "utf8.h"

static struct buf rendered = BUF_INIT;

/* Checked without an assertion per code point: Check records every
 * assertion, which would make the random test slow. */
static void
check_invariant(const struct sanitize_line *l, size_t n)
{
	uint32_t cp, bad = 0;
	size_t i, off;
	bool ok, all_ok = true;

	for (i = 0; i < n; i++)
		for (off = 0; off < l[i].len;) {
			off += utf8_next(l[i].text + off, l[i].len - off, &cp,
			    &ok);
			if (!ok)
				all_ok = false;
			if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				bad = cp ? cp : 0x100;
		}
	ck_assert_msg(all_ok, "ill-formed UTF-8 in output");
	ck_assert_msg(bad == 0, "control U+%04X in output", (unsigned)bad);
}

/* Feed the chunks (NULL-terminated, with explicit lengths) and render. */
static const char *
render_chunks(enum sanitize_context ctx, bool sgr, const char **chunks,
    const size_t *lens)
{
	struct sanitize_options opt = { ctx, sgr, 8 };
	struct sanitize *s = sanitize_new(&opt);
	const struct sanitize_line *l;
	size_t i, j, n;

	for (i = 0; chunks[i] != NULL; i++)
		sanitize_feed(s, chunks[i], lens[i]);
	sanitize_finish(s);
	l = sanitize_lines(s, &n);
	check_invariant(l, n);
	buf_reset(&rendered);
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&rendered, '\n');
		for (j = 0; j < l[i].nruns; j++) {
			const struct sanitize_run *r = &l[i].runs[j];
			bool m = r->style.flags & SANITIZE_MARKER;

			if (m)
				buf_addc(&rendered, '{');
			buf_add(&rendered, l[i].text + r->off, r->len);
			if (m)
				buf_addc(&rendered, '}');
		}
		if (ctx == SANITIZE_STREAM && l[i].rewrites)
			buf_addf(&rendered, " \xe2\x86\xbb%u", l[i].rewrites);
	}
	sanitize_free(s);
	return rendered.ptr;
}

static const char *
render_n(enum sanitize_context ctx, const char *p, size_t len)
{
	const char *chunks[2] = { p, NULL };
	size_t lens[2] = { len, 0 };

	return render_chunks(ctx, true, chunks, lens);
}

#define R(ctx, lit) render_n((ctx), (lit), sizeof(lit) - 1)
#define STREAM(lit) R(SANITIZE_STREAM, lit)

START_TEST(test_sanitize_string_sequences_shown)
{
	ck_assert_str_eq(STREAM("\033]52;c;ZXZpbA==\a"),
	    "{^[]52;\xe2\x80\xa6[10 B]^G}");
	ck_assert_str_eq(STREAM("\033]0;owned\a"),
	    "{^[]0;\xe2\x80\xa6[5 B]^G}");
	ck_assert_str_eq(STREAM("\033[21t"), "{^[[21t}");
	ck_assert_str_eq(STREAM("\033P$qm\033\\"),
	    "{^[P$q\xe2\x80\xa6[1 B]^[\\}");
	ck_assert_str_eq(STREAM("\033[>0q"), "{^[[>0q}");
	ck_assert_str_eq(STREAM("\033]50;?\a"),
	    "{^[]50;\xe2\x80\xa6[1 B]^G}");
	ck_assert_str_eq(STREAM("\033_Gf=100;AAAA\033\\"),
	    "{^[_\xe2\x80\xa6[11 B]^[\\}");
}
END_TEST

START_TEST(test_sanitize_tmux_passthrough_not_interpreted)
{
	ck_assert_str_eq(STREAM("\033Ptmux;\033\033]52;c;ZXZpbA==\a\033\\"),
	    "{^[Pt\xe2\x80\xa6[4 B, unterminated]}{^[}"
	    "{^[]52;\xe2\x80\xa6[10 B]^G}{^[\\}");
}
END_TEST

START_TEST(test_sanitize_osc8_link_not_clickable)
{
	ck_assert_str_eq(STREAM("\033]8;;http://x.example/\033\\click"
	    "\033]8;;\033\\"),
	    "{^[]8;\xe2\x80\xa6[18 B]^[\\}click{^[]8;\xe2\x80\xa6[1 B]^[\\}");
}
END_TEST

START_TEST(test_sanitize_unterminated_strings_are_cut)
{
	struct buf in = BUF_INIT, want = BUF_INIT;
	int i;

	ck_assert_str_eq(STREAM("\033]0;abc\ndef"),
	    "{^[]0;\xe2\x80\xa6[3 B, unterminated]}\ndef");
	buf_adds(&in, "\033]52;c;");
	for (i = 0; i < 5000; i++)
		buf_addc(&in, 'A');
	buf_addc(&in, '\a');
	buf_adds(&want, "{^[]52;\xe2\x80\xa6[4093 B, unterminated]}");
	for (i = 0; i < 909; i++)
		buf_addc(&want, 'A');
	buf_adds(&want, "{^G}");
	ck_assert_str_eq(render_n(SANITIZE_STREAM, in.ptr, in.len), want.ptr);
	buf_release(&in);
	buf_release(&want);
}
END_TEST

START_TEST(test_sanitize_screen_control_shown)
{
	ck_assert_str_eq(STREAM("\033[2J\033[H"), "{^[[2J}{^[[H}");
	ck_assert_str_eq(STREAM("\033c"), "{^[c}");
	ck_assert_str_eq(STREAM("\033(0"), "{^[(0}");
	ck_assert_str_eq(STREAM("\033[?1049h"), "{^[[?1049h}");
	ck_assert_str_eq(STREAM("\033[1A"), "{^[[1A}");
}
END_TEST

START_TEST(test_sanitize_c1_and_ill_formed)
{
	ck_assert_str_eq(STREAM("\x9b" "31mX"), "{\xef\xbf\xbd}31mX");
	ck_assert_str_eq(STREAM("\xc2\x9b" "31mX"), "{<U+009B>31m}X");
	ck_assert_str_eq(STREAM("\xc0\x9b[2J"),
	    "{\xef\xbf\xbd}{\xef\xbf\xbd}[2J");
	ck_assert_str_eq(STREAM("\xe0\x80\x9b"),
	    "{\xef\xbf\xbd}{\xef\xbf\xbd}{\xef\xbf\xbd}");
	ck_assert_str_eq(STREAM("\xed\xa0\x80"),
	    "{\xef\xbf\xbd}{\xef\xbf\xbd}{\xef\xbf\xbd}");
	ck_assert_str_eq(STREAM("\xf4\x90\x80\x80"),
	    "{\xef\xbf\xbd}{\xef\xbf\xbd}{\xef\xbf\xbd}{\xef\xbf\xbd}");
	ck_assert_str_eq(STREAM("\xf0\x9f\x98" "A"), "{\xef\xbf\xbd}A");
	ck_assert_str_eq(STREAM("\xef\xbf\xbe"), "{<U+FFFE>}");
	ck_assert_str_eq(R(SANITIZE_FIELD, "fo\xc0\x80"), "fo{\\xC0}{\\x80}");
	/* The 9C inside "Ü" (C3 9C) never ends the OSC. */
	ck_assert_str_eq(STREAM("\033]0;\xc3\x9c\a"),
	    "{^[]0;\xe2\x80\xa6[2 B]^G}");
}
END_TEST

/* The style of the run holding text[off] on the first line. */
static struct sanitize_style
style_at(const char *in, size_t len, enum sanitize_context ctx, size_t off)
{
	struct sanitize_options opt = { ctx, true, 8 };
	struct sanitize *s = sanitize_new(&opt);
	const struct sanitize_line *l;
	struct sanitize_style st = { 0xFF, 0, 0 };
	size_t n, j;

	sanitize_feed(s, in, len);
	sanitize_finish(s);
	l = sanitize_lines(s, &n);
	for (j = 0; j < l[0].nruns; j++)
		if (off >= l[0].runs[j].off &&
		    off < l[0].runs[j].off + l[0].runs[j].len)
			st = l[0].runs[j].style;
	sanitize_free(s);
	return st;
}

#define STYLE(lit, off) style_at((lit), sizeof(lit) - 1, SANITIZE_STREAM, (off))

START_TEST(test_sanitize_sgr_to_attributes)
{
	struct sanitize_style st;

	ck_assert_str_eq(STREAM("\033[1;31mred\033[0m plain"), "red plain");
	st = STYLE("\033[1;31mred\033[0m plain", 0);
	ck_assert_int_eq(st.flags, SANITIZE_BOLD);
	ck_assert_int_eq(st.fg, 1);
	st = STYLE("\033[1;31mred\033[0m plain", 4);
	ck_assert_int_eq(st.flags, 0);
	ck_assert_int_eq(st.fg, SANITIZE_COLOR_DEFAULT);
	/* Conceal and blink have no effect. */
	ck_assert_str_eq(STREAM("\033[8mhidden"), "hidden");
	ck_assert_int_eq(STYLE("\033[8mhidden", 0).flags, 0);
	ck_assert_int_eq(STYLE("\033[5mx", 0).flags, 0);
	/* Black on black: the foreground goes back to the default. */
	st = STYLE("\033[30;40mx", 0);
	ck_assert_int_eq(st.fg, SANITIZE_COLOR_DEFAULT);
	ck_assert_int_eq(st.bg, 0);
	st = STYLE("\033[38;2;255;0;0mx", 0);
	ck_assert_int_eq(st.fg, SANITIZE_COLOR_RGB | 0xFF0000);
	ck_assert_int_eq(STYLE("\033[38:5:21mx", 0).fg, 21);
	ck_assert_int_eq(STYLE("\033[38:2::1:2:3mx", 0).fg,
	    SANITIZE_COLOR_RGB | 0x010203);
	/* 33 parameters: malformed, shown whole. */
	ck_assert_str_eq(STREAM("\033[1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;"
	    "1;1;1;1;1;1;1;1;1;1;1;1;1mx"),
	    "{^[[1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;"
	    "1;1;1m}x");
	ck_assert_str_eq(R(SANITIZE_CODE, "\033[31m"), "{^[[31m}");
	ck_assert_str_eq(R(SANITIZE_FIELD, "\033[31mEve"), "{^[[31m}Eve");
}
END_TEST

START_TEST(test_sanitize_sgr_ends_with_the_item)
{
	/* A new item starts from the default style. */
	ck_assert_int_eq(STYLE("\033[31m", 0).fg, (int32_t)0);
	ck_assert_int_eq(STYLE("next", 0).fg, SANITIZE_COLOR_DEFAULT);
}
END_TEST

START_TEST(test_sanitize_cr_progress_lines)
{
	const char *c1[] = { "abc\r", "\ndef", NULL };
	size_t l1[] = { 4, 4, 0 };

	ck_assert_str_eq(STREAM(" 10%\r 20%\r100%\n"),
	    "100% \xe2\x86\xbb" "2\n");
	ck_assert_str_eq(STREAM("rm -rf ~\rls -l\n"),
	    "ls -l \xe2\x86\xbb" "1\n");
	ck_assert_str_eq(render_chunks(SANITIZE_STREAM, true, c1, l1),
	    "abc\ndef");
	ck_assert_str_eq(STREAM("abc\r\n"), "abc\n");
	ck_assert_str_eq(R(SANITIZE_TEXT, "a\rb"), "a{^M}b");
	ck_assert_str_eq(STREAM("a\bb"), "a{^H}b");
	ck_assert_str_eq(R(SANITIZE_FIELD, "a\bb"), "a{^H}b");
	ck_assert_str_eq(STREAM("50%\033[2Kdone"), "done \xe2\x86\xbb" "1");
}
END_TEST

START_TEST(test_sanitize_bidi_and_invisible)
{
	ck_assert_str_eq(R(SANITIZE_CODE,
	    "if x != \"user\xe2\x80\xae \xe2\x81\xa6# admin\xe2\x81\xa9 "
	    "\xe2\x81\xa6\":"),
	    "if x != \"user{<RLO>} {<LRI>}# admin{<PDI>} {<LRI>}\":");
	ck_assert_str_eq(STREAM("ad\xe2\x80\x8bmin"), "ad{<U+200B>}min");
	ck_assert_str_eq(STREAM("\xf3\xa0\x81\x81"), "{<U+E0041>}");
	ck_assert_str_eq(STREAM("\xe3\x85\xa4"), "{<U+3164>}");
	ck_assert_str_eq(STREAM("\xc2\xad"), "{<U+00AD>}");
	ck_assert_str_eq(STREAM("\xe2\x80\x8e"), "{<LRM>}");
	ck_assert_str_eq(STREAM("\xef\xbb\xbfok\xef\xbb\xbf"),
	    "ok{<U+FEFF>}");
}
END_TEST

static size_t
width_of(const char *in, size_t len)
{
	struct sanitize_options opt = { SANITIZE_STREAM, true, 8 };
	struct sanitize *s = sanitize_new(&opt);
	const struct sanitize_line *l;
	size_t n, w;

	sanitize_feed(s, in, len);
	sanitize_finish(s);
	l = sanitize_lines(s, &n);
	w = l[0].width;
	sanitize_free(s);
	return w;
}

#define WIDTH(lit) width_of((lit), sizeof(lit) - 1)

START_TEST(test_sanitize_widths_and_clusters)
{
	ck_assert_str_eq(STREAM("\xe2\x9d\xa4\xef\xb8\x8f"), "\xe2\x9d\xa4");
	ck_assert_uint_eq(WIDTH("\xe2\x9d\xa4\xef\xb8\x8f"), 1);
	ck_assert_str_eq(STREAM("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"),
	    "\xf0\x9f\x91\xa8\xf0\x9f\x91\xa9");
	ck_assert_uint_eq(WIDTH("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"),
	    4);
	ck_assert_str_eq(STREAM("\xf0\x9f\x87\xb3\xf0\x9f\x87\xb4"), "{NO}");
	ck_assert_str_eq(STREAM("a\xe2\x80\x8d" "b"), "a{<U+200D>}b");
	ck_assert_str_eq(STREAM("e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
	    "\xcc\x81"), "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81{<+2>}");
	ck_assert_str_eq(STREAM("\xcc\x81"), "\xe2\x97\x8c\xcc\x81");
	ck_assert_uint_eq(WIDTH("\xe4\xb8\x80"), 2);
	ck_assert_str_eq(STREAM("\xee\x80\x80"), "{<U+E000>}");
}
END_TEST

START_TEST(test_sanitize_field_items)
{
	struct buf b = BUF_INIT;

	ck_assert_str_eq(R(SANITIZE_FIELD, "a\nb.py"), "a{^J}b.py");
	ck_assert_str_eq(R(SANITIZE_FIELD, "fix\033]0;x\a"),
	    "fix{^[]0;\xe2\x80\xa6[1 B]^G}");
	ck_assert_str_eq(R(SANITIZE_FIELD, "1\t2"), "1{^I}2");
	sanitize_to_buf(&b, SANITIZE_FIELD, "report.py ", 10);
	ck_assert_str_eq(b.ptr, "'report.py '");
	buf_reset(&b);
	sanitize_to_buf(&b, SANITIZE_FIELD, "", 0);
	ck_assert_str_eq(b.ptr, "''");
	buf_release(&b);
}
END_TEST

START_TEST(test_sanitize_split_feeds_reassemble)
{
	/* A UTF-8 character and an escape sequence split across feeds. */
	const char *c1[] = { "\xe4", "\xb8\x80", "\033[3", "1mx", NULL };
	size_t l1[] = { 1, 2, 3, 3, 0 };

	ck_assert_str_eq(render_chunks(SANITIZE_STREAM, true, c1, l1),
	    "\xe4\xb8\x80x");
}
END_TEST

START_TEST(test_sanitize_tabs_and_counts)
{
	struct sanitize_options opt = { SANITIZE_CODE, false, 4 };
	struct sanitize *s = sanitize_new(&opt);
	const struct sanitize_line *l;
	size_t n;

	sanitize_feed(s, "\tx\n\033[2J", 8);
	sanitize_finish(s);
	l = sanitize_lines(s, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(l[0].text, "    x");
	ck_assert_uint_eq(sanitize_nshown(s), 1);
	sanitize_free(s);
}
END_TEST

START_TEST(test_sanitize_random_bytes_keep_invariant)
{
	struct sanitize_options opt = { SANITIZE_STREAM, true, 8 };
	unsigned seed = 12345;
	char chunk[257];
	int round, i, ctx;

	for (ctx = 0; ctx < 4; ctx++)
		for (round = 0; round < 200; round++) {
			struct sanitize *s;
			const struct sanitize_line *l;
			size_t n;

			opt.context = (enum sanitize_context)ctx;
			s = sanitize_new(&opt);
			for (i = 0; i < 8; i++) {
				size_t len = (size_t)(rand_r(&seed) % 257), k;

				for (k = 0; k < len; k++) {
					unsigned r = (unsigned)rand_r(&seed);
					/* Bias to the interesting bytes. */
					chunk[k] = (char)(r % 4 == 0 ? 0x1B :
					    r % 4 == 1 ? (0x80 + r % 64) : r);
				}
				sanitize_feed(s, chunk, len);
			}
			sanitize_finish(s);
			l = sanitize_lines(s, &n);
			check_invariant(l, n);
			sanitize_free(s);
		}
}
END_TEST

START_TEST(test_sanitize_records_sequences_and_fates)
{
	static const char in[] = "\x1b[1ma\x1b]0;x\x07" "b\x1b[K\x1b[9999999z";
	struct sanitize_options opt = { SANITIZE_STREAM, true, 8 };
	const struct sanitize_seq *q;
	struct sanitize *s;
	size_t n;

	s = sanitize_new(&opt);
	sanitize_feed(s, in, sizeof in - 1);
	sanitize_finish(s);
	q = sanitize_seqs(s, &n);
	ck_assert_uint_eq(n, 0);	/* not asked to record */
	sanitize_free(s);

	s = sanitize_new(&opt);
	sanitize_record_seqs(s);
	sanitize_feed(s, in, 7);	/* split inside the OSC */
	sanitize_feed(s, in + 7, sizeof in - 1 - 7);
	sanitize_finish(s);
	q = sanitize_seqs(s, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(q[0].off, 0);
	ck_assert_str_eq(q[0].text, "^[[1m");
	ck_assert_str_eq(q[0].fate, "style applied (SGR)");
	ck_assert_uint_eq(q[1].off, 5);
	ck_assert_str_eq(q[1].text, "^[]0;\xe2\x80\xa6[1 B]^G");
	ck_assert_str_eq(q[1].fate, "shown as text");
	ck_assert_uint_eq(q[2].off, 12);
	ck_assert_str_eq(q[2].fate, "erased the line (EL)");
	ck_assert_uint_eq(q[3].off, 15);
	ck_assert_str_eq(q[3].fate, "shown as text");
	sanitize_free(s);
}
END_TEST

/* Render lit in STREAM context with these classes distrusted for the
 * item, and its width in columns. */
static const char *
render_distrust(unsigned classes, const char *p, size_t len, size_t *width)
{
	struct sanitize_options opt = { SANITIZE_STREAM, true, 8 };
	struct sanitize *s;
	const char *chunks[2] = { p, NULL };
	size_t lens[2] = { len, 0 };
	const struct sanitize_line *l;
	size_t n;

	s = sanitize_new(&opt);
	sanitize_distrust_set(s, classes);
	sanitize_feed(s, p, len);
	sanitize_finish(s);
	l = sanitize_lines(s, &n);
	check_invariant(l, n);
	*width = l[0].width;
	sanitize_free(s);
	/* The same through the session default, as the editor sets it. */
	sanitize_default_distrust_set(classes);
	render_chunks(SANITIZE_STREAM, true, chunks, lens);
	sanitize_default_distrust_set(0);
	return rendered.ptr;
}

#define DISTRUST(classes, lit, w) \
	render_distrust((classes), (lit), sizeof(lit) - 1, (w))

START_TEST(test_sanitize_distrusted_wide_become_markers)
{
	size_t w;

	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_WIDE,
	    "a\xe4\xb8\x80" "b\xef\xbc\xa1", &w),
	    "a{<U+4E00>}b{<U+FF21>}");
	ck_assert_uint_eq(w, 1 + 8 + 1 + 8);
	/* Emoji are a class of their own. */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_WIDE,
	    "\xf0\x9f\x98\x80", &w), "\xf0\x9f\x98\x80");
	ck_assert_uint_eq(w, 2);
}
END_TEST

START_TEST(test_sanitize_distrusted_emoji_become_markers)
{
	size_t w;

	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_EMOJI,
	    "\xf0\x9f\x98\x80\xe4\xb8\x80", &w), "{<U+1F600>}\xe4\xb8\x80");
	ck_assert_uint_eq(w, 11);
	/* A ZWJ sequence: each part spelled out, the joiner too. */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_EMOJI,
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", &w),
	    "{<U+1F468>}{<U+200D>}{<U+1F469>}");
	/* A skin tone no longer has an emoji to sit on. */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_EMOJI,
	    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", &w),
	    "{<U+1F44D>}{<U+1F3FD>}");
}
END_TEST

START_TEST(test_sanitize_distrusted_ambiguous_become_markers)
{
	size_t w;

	/* U+00A7 and U+044F are Ambiguous; U+00F1 and ASCII are not. */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_AMBIGUOUS,
	    "\xc2\xa7 \xd1\x8f \xc3\xb1 x", &w),
	    "{<U+00A7>} {<U+044F>} \xc3\xb1 x");
	ck_assert_uint_eq(w, 8 + 1 + 8 + 4);
	/* The sanitiser's own ellipsis is Ambiguous too. */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_AMBIGUOUS,
	    "\033]0;owned\a", &w), "{^[]0;...[5 B]^G}");
	/* Wide characters are not Ambiguous. */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_AMBIGUOUS,
	    "\xe4\xb8\x80", &w), "\xe4\xb8\x80");
	/* Nor is U+FFFD drawn for an ill-formed byte: it is Ambiguous
	 * too (found by fuzz_sanitize). */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_AMBIGUOUS,
	    "a\xff", &w), "a{<U+FFFD>}");
	ck_assert_uint_eq(w, 1 + 8);
}
END_TEST

START_TEST(test_sanitize_distrusted_marks_become_markers)
{
	size_t w;

	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_COMBINING,
	    "e\xcc\x81x", &w), "e{<U+0301>}x");
	ck_assert_uint_eq(w, 1 + 8 + 1);
	/* No dotted circle: the mark is spelled out on its own. */
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_COMBINING, "\xcc\x81",
	    &w), "{<U+0301>}");
	ck_assert_str_eq(DISTRUST(SANITIZE_DISTRUST_COMBINING,
	    "\xe4\xb8\x80", &w), "\xe4\xb8\x80");
}
END_TEST

START_TEST(test_sanitize_distrust_default_and_override)
{
	struct sanitize_options opt = { SANITIZE_CODE, false, 4 };
	struct sanitize *s;
	const struct sanitize_line *l;
	size_t n;

	ck_assert_uint_eq(sanitize_default_distrust(), 0);
	sanitize_default_distrust_set(SANITIZE_DISTRUST_ALL | 0x100);
	ck_assert_uint_eq(sanitize_default_distrust(), SANITIZE_DISTRUST_ALL);
	/* An item may ask for the table's widths whatever the session. */
	s = sanitize_new(&opt);
	sanitize_distrust_set(s, 0);
	sanitize_feed(s, "\xe4\xb8\x80", 3);
	sanitize_finish(s);
	l = sanitize_lines(s, &n);
	ck_assert_str_eq(l[0].text, "\xe4\xb8\x80");
	ck_assert_uint_eq(l[0].width, 2);
	sanitize_free(s);
	/* Every context follows the session's classes. */
	ck_assert_str_eq(R(SANITIZE_CODE, "x = '\xe4\xb8\x80'"),
	    "x = '{<U+4E00>}'");
	ck_assert_str_eq(R(SANITIZE_FIELD, "\xe4\xb8\x80.py"),
	    "{<U+4E00>}.py");
	sanitize_default_distrust_set(0);
	ck_assert_str_eq(R(SANITIZE_FIELD, "\xe4\xb8\x80.py"),
	    "\xe4\xb8\x80.py");
}
END_TEST

static Suite *
sanitize_suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, test_sanitize_string_sequences_shown);
	tcase_add_test(tc, test_sanitize_tmux_passthrough_not_interpreted);
	tcase_add_test(tc, test_sanitize_osc8_link_not_clickable);
	tcase_add_test(tc, test_sanitize_unterminated_strings_are_cut);
	tcase_add_test(tc, test_sanitize_screen_control_shown);
	tcase_add_test(tc, test_sanitize_c1_and_ill_formed);
	tcase_add_test(tc, test_sanitize_sgr_to_attributes);
	tcase_add_test(tc, test_sanitize_sgr_ends_with_the_item);
	tcase_add_test(tc, test_sanitize_cr_progress_lines);
	tcase_add_test(tc, test_sanitize_bidi_and_invisible);
	tcase_add_test(tc, test_sanitize_widths_and_clusters);
	tcase_add_test(tc, test_sanitize_field_items);
	tcase_add_test(tc, test_sanitize_split_feeds_reassemble);
	tcase_add_test(tc, test_sanitize_tabs_and_counts);
	tcase_add_test(tc, test_sanitize_random_bytes_keep_invariant);
	tcase_add_test(tc, test_sanitize_records_sequences_and_fates);
	suite_add_tcase(s, tc);
	tc = tcase_create("distrust");
	tcase_add_test(tc, test_sanitize_distrusted_wide_become_markers);
	tcase_add_test(tc, test_sanitize_distrusted_emoji_become_markers);
	tcase_add_test(tc, test_sanitize_distrusted_ambiguous_become_markers);
	tcase_add_test(tc, test_sanitize_distrusted_marks_become_markers);
	tcase_add_test(tc, test_sanitize_distrust_default_and_override);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sanitize_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	buf_release(&rendered);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
