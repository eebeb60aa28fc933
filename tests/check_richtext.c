/*
 * check_richtext.c: styled lines (what enters them is sanitised or
 * checked, cutting never splits a character), anchors, the plain and
 * ANSI writers (no byte of the content is ever an escape sequence), and
 * the headless rendering of display bundles that `quire run` prints.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "richtext.h"

static struct buf text = BUF_INIT;

START_TEST(test_richtext_line_add_sanitises)
{
	struct richtext_line l;

	richtext_line_init(&l);
	ck_assert_str_eq(l.line.text, "");
	richtext_line_add(&l, SANITIZE_FIELD, "a\033[31mb\nc\t", 10,
	    RICHTEXT_HEADING, SANITIZE_BOLD);
	ck_assert_str_eq(l.line.text, "a^[[31mb^Jc^I");
	ck_assert_uint_eq(l.line.width, 13);
	ck_assert_uint_eq(l.line.nruns, 6);
	ck_assert_uint_eq(l.roles[0], RICHTEXT_HEADING);
	ck_assert_uint_eq(l.line.runs[0].style.flags, SANITIZE_BOLD);
	ck_assert_uint_eq(l.roles[1], RICHTEXT_MARKER);
	ck_assert_uint_eq(l.line.runs[1].style.flags, SANITIZE_MARKER);
	/* In TEXT context a line break is one space: a line stays one. */
	richtext_line_reset(&l);
	richtext_line_add(&l, SANITIZE_TEXT, "x\ny\r\nz", 6, RICHTEXT_TEXT,
	    0);
	ck_assert_str_eq(l.line.text, "x y z");
	richtext_line_release(&l);
}
END_TEST

START_TEST(test_richtext_line_add_cp_checks)
{
	struct richtext_line l;
	struct sanitize_style st = { SANITIZE_MARKER, 3, 4 };

	richtext_line_init(&l);
	richtext_line_add_cp(&l, 0x2022, RICHTEXT_BULLET, NULL);
	richtext_line_add_cp(&l, 0x1b, RICHTEXT_BULLET, NULL);
	richtext_line_add_cp(&l, 0x9b, RICHTEXT_BULLET, NULL);
	richtext_line_add_cp(&l, 0x202e, RICHTEXT_BULLET, NULL);
	richtext_line_add_cp(&l, 0x0301, RICHTEXT_BULLET, NULL);
	richtext_line_add_cp(&l, 0x4e00, RICHTEXT_BULLET, NULL);
	ck_assert_str_eq(l.line.text, "•????一");
	ck_assert_uint_eq(l.line.width, 7);
	ck_assert_uint_eq(l.roles[1], RICHTEXT_MARKER);
	/* Only the sanitiser makes markers. */
	richtext_line_add_cp(&l, 'x', RICHTEXT_IMAGE, &st);
	ck_assert_uint_eq(l.roles[l.line.nruns - 1], RICHTEXT_IMAGE);
	ck_assert_uint_eq(l.line.runs[l.line.nruns - 1].style.flags, 0);
	ck_assert_int_eq(l.line.runs[l.line.nruns - 1].style.fg, 3);
	richtext_line_release(&l);
}
END_TEST

START_TEST(test_richtext_line_cut)
{
	struct richtext_line src, dst;

	richtext_line_init(&src);
	richtext_line_init(&dst);
	richtext_line_add(&src, SANITIZE_FIELD, "ab中文cd", 10, RICHTEXT_TEXT,
	    SANITIZE_ITALIC);
	ck_assert_uint_eq(richtext_line_append_cut(&dst, &src, 20, true), 8);
	ck_assert_str_eq(dst.line.text, "ab中文cd");
	richtext_line_reset(&dst);
	/* "ab中" is 4 columns, then the "…": 5. */
	ck_assert_uint_eq(richtext_line_append_cut(&dst, &src, 5, true), 5);
	ck_assert_str_eq(dst.line.text, "ab中…");
	ck_assert_uint_eq(dst.roles[dst.line.nruns - 1], RICHTEXT_MARKER);
	richtext_line_reset(&dst);
	/* 4 columns: "中" does not fit in 3, a space takes its place. */
	ck_assert_uint_eq(richtext_line_append_cut(&dst, &src, 4, false), 4);
	ck_assert_str_eq(dst.line.text, "ab …");
	ck_assert_uint_eq(dst.line.width, 4);
	ck_assert_uint_eq(dst.roles[dst.line.nruns - 1], RICHTEXT_TEXT);
	ck_assert_uint_eq(dst.line.runs[dst.line.nruns - 1].style.flags,
	    SANITIZE_ITALIC);
	richtext_line_reset(&dst);
	ck_assert_uint_eq(richtext_line_append_cut(&dst, &src, 0, true), 0);
	ck_assert_str_eq(dst.line.text, "");
	/* Combining marks stay with their base. */
	richtext_line_reset(&src);
	richtext_line_add(&src, SANITIZE_FIELD, "e\xcc\x81" "e\xcc\x81" "xyz",
	    9, RICHTEXT_TEXT, 0);
	ck_assert_uint_eq(richtext_line_col_off(&src, 1), 3);
	richtext_line_reset(&dst);
	(void)richtext_line_append_cut(&dst, &src, 3, false);
	ck_assert_str_eq(dst.line.text, "e\xcc\x81" "e\xcc\x81" "\xe2\x80\xa6");
	richtext_line_release(&src);
	richtext_line_release(&dst);
}
END_TEST

START_TEST(test_richtext_block_and_anchors)
{
	struct richtext *rt = richtext_new(), *copy = richtext_new();
	const struct richtext_span *s;
	size_t i;

	richtext_add(rt, SANITIZE_TEXT, "one\ntwo\r\nthree", 14,
	    RICHTEXT_TEXT, 0);
	ck_assert_uint_eq(richtext_nlines(rt), 3);
	ck_assert_str_eq(richtext_line(rt, 2)->line.text, "three");
	ck_assert_uint_eq(richtext_width(rt), 5);
	i = richtext_anchor_add(rt, RICHTEXT_ANCHOR_LINK, "http://a", 8);
	ck_assert_uint_eq(i, 0);
	richtext_span_add(rt, RICHTEXT_ANCHOR_LINK, i, 1, 0, 3);
	i = richtext_anchor_add(rt, RICHTEXT_ANCHOR_WIDGET, "w", 1);
	ck_assert_uint_eq(i, 0);
	richtext_span_add(rt, RICHTEXT_ANCHOR_WIDGET, i, 2, 1, 2);
	ck_assert_ptr_null(richtext_span_at(rt, 1, 3));
	ck_assert_ptr_nonnull(s = richtext_span_at(rt, 2, 2));
	ck_assert_int_eq(s->kind, RICHTEXT_ANCHOR_WIDGET);
	/* Appending shifts lines and anchor numbers. */
	richtext_add(copy, SANITIZE_TEXT, "first", 5, RICHTEXT_TEXT, 0);
	(void)richtext_anchor_add(copy, RICHTEXT_ANCHOR_LINK, "x", 1);
	richtext_append(copy, rt);
	ck_assert_uint_eq(richtext_nlines(copy), 4);
	ck_assert_uint_eq(richtext_nanchors(copy, RICHTEXT_ANCHOR_LINK), 2);
	ck_assert_str_eq(richtext_anchor(copy, RICHTEXT_ANCHOR_LINK, 1, NULL),
	    "http://a");
	ck_assert_ptr_nonnull(s = richtext_span_at(copy, 2, 1));
	ck_assert_uint_eq(s->index, 1);
	ck_assert_ptr_null(richtext_anchor(copy, RICHTEXT_ANCHOR_LINK, 5,
	    NULL));
	richtext_free(rt);
	richtext_free(copy);
}
END_TEST

START_TEST(test_richtext_terminal_text)
{
	struct richtext *rt = richtext_new();
	const struct richtext_line *l;

	/* text/plain keeps its colours as styles; a cursor move is shown. */
	richtext_add_terminal(rt, "\033[31mred\033[0m \033[2Jx",
	    strlen("\033[31mred\033[0m \033[2Jx"));
	l = richtext_line(rt, 0);
	ck_assert_str_eq(l->line.text, "red ^[[2Jx");
	ck_assert_int_eq(l->line.runs[0].style.fg, 1);
	ck_assert_uint_eq(l->roles[0], RICHTEXT_TEXT);
	buf_reset(&text);
	richtext_format_ansi(rt, &text, 16);
	ck_assert_str_eq(text.ptr, "\033[0;31mred\033[0m \033[0;7m^[[2J"
	    "\033[0mx\033[0m\n");
	richtext_free(rt);
}
END_TEST

START_TEST(test_richtext_format_plain)
{
	struct richtext *rt = richtext_new();

	richtext_add(rt, SANITIZE_TEXT, "a  \n\033]0;title\007b",
	    strlen("a  \n\033]0;title\007b"), RICHTEXT_TEXT, 0);
	buf_reset(&text);
	richtext_format_plain(rt, &text);
	ck_assert_str_eq(text.ptr, "a\n^[]0;…[5 B]^Gb\n");
	richtext_free(rt);
}
END_TEST

START_TEST(test_richtext_format_ansi)
{
	struct richtext *rt = richtext_new();
	struct richtext_line *l;
	struct sanitize_style red = { 0, SANITIZE_COLOR_RGB | 0xff0000,
		SANITIZE_COLOR_DEFAULT };
	struct sanitize_style bg = { 0, SANITIZE_COLOR_DEFAULT, 21 };

	l = richtext_add_line(rt);
	richtext_line_add(l, SANITIZE_FIELD, "h\033[2J", 5, RICHTEXT_HEADING,
	    SANITIZE_BOLD);
	richtext_line_add_cp(l, 'x', RICHTEXT_IMAGE, &red);
	richtext_line_add_cp(l, ' ', RICHTEXT_IMAGE, &bg);
	buf_reset(&text);
	richtext_format_ansi(rt, &text, RICHTEXT_TRUECOLOR);
	/* The content's escape is a marker in reverse video; quire's own
	 * SGR come only from styles, and a coloured space is kept. */
	ck_assert_str_eq(text.ptr, "\033[0;1;34mh\033[0;7m^[[2J"
	    "\033[0;38;2;255;0;0mx\033[0;48;5;21m \033[0m\n");
	richtext_free(rt);
}
END_TEST

START_TEST(test_richtext_ansi_palettes)
{
	struct richtext *rt = richtext_new();
	struct sanitize_style red = { 0, SANITIZE_COLOR_RGB | 0xff0000,
		SANITIZE_COLOR_DEFAULT };

	richtext_line_add_cp(richtext_add_line(rt), 'x', RICHTEXT_IMAGE, &red);
	buf_reset(&text);
	richtext_format_ansi(rt, &text, 256);
	ck_assert_str_eq(text.ptr, "\033[0;38;5;196mx\033[0m\n");
	buf_reset(&text);
	richtext_format_ansi(rt, &text, 16);
	ck_assert_str_eq(text.ptr, "\033[0;91mx\033[0m\n");
	buf_reset(&text);
	richtext_format_ansi(rt, &text, 8);
	ck_assert_str_eq(text.ptr, "\033[0;31mx\033[0m\n");
	buf_reset(&text);
	richtext_format_ansi(rt, &text, 0);
	ck_assert_str_eq(text.ptr, "\033[0mx\033[0m\n");
	richtext_free(rt);
}
END_TEST

/* Render a bundle of (mime, text) pairs, NULL-terminated, headless. */
static int
bundle(const struct richtext_bundle_options *o, ...)
{
	struct richtext_mime items[8];
	struct richtext *rt = richtext_new();
	size_t n = 0;
	va_list ap;
	int rc;

	va_start(ap, o);
	while ((items[n].mime = va_arg(ap, const char *)) != NULL) {
		items[n].data = va_arg(ap, const char *);
		items[n].len = strlen(items[n].data);
		n++;
	}
	va_end(ap);
	rc = richtext_bundle_render(rt, items, n, o);
	buf_reset(&text);
	richtext_format_plain(rt, &text);
	richtext_free(rt);
	return rc;
}

START_TEST(test_richtext_bundle_markdown)
{
	struct richtext_bundle_options o;

	memset(&o, 0, sizeof o);
	o.width = 30;
	ck_assert_int_eq(bundle(&o, "text/plain", "<md>", "text/markdown",
	    "# Report\n\nSee [the data](http://x/d) and `df`.\n\n- a\n- b\n",
	    NULL), 1);
	ck_assert_str_eq(text.ptr, "Report\n══════\n\n"
	    "See the data[1] and `df`.\n\n• a\n• b\n\n[1] http://x/d\n");
}
END_TEST

START_TEST(test_richtext_bundle_table)
{
	struct richtext_bundle_options o;
	struct buf json = BUF_INIT;
	size_t i;

	memset(&o, 0, sizeof o);
	o.width = 40;
	o.table_head = 2;
	o.table_tail = 1;
	buf_adds(&json, "{\"columns\": [\"n\", \"sq\"], \"nrows\": 1000000,"
	    "\"rows\": [");
	for (i = 0; i < 20; i++)
		buf_addf(&json, "%s[%zu, %zu]", i ? "," : "", i, i * i);
	buf_adds(&json, "], \"tail\": {\"offset\": 999999, \"rows\": "
	    "[[999999, 999998000001]]}}");
	ck_assert_int_eq(bundle(&o, RICHTEXT_MIME_TABLE, json.ptr,
	    "text/plain", "DataFrame", NULL), 0);
	ck_assert_str_eq(text.ptr,
	    "     n            sq\n"
	    "──────  ────────────\n"
	    "     0             0\n"
	    "     1             1\n"
	    "… 999,997 rows not shown\n"
	    "999999  999998000001\n"
	    "1,000,000 rows × 2 columns\n");
	/* A table that cannot be read falls back to the text. */
	ck_assert_int_eq(bundle(&o, RICHTEXT_MIME_TABLE, "{\"columns\": 1}",
	    "text/plain", "   a\n0  1", NULL), 1);
	ck_assert_str_eq(text.ptr, "   a\n0  1\n");
	buf_release(&json);
}
END_TEST

static void
fixture(struct buf *out, const char *name)
{
	const char *srcdir = getenv("srcdir");
	struct buf path = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	buf_addf(&path, "%s/tests/data/rich/%s", srcdir != NULL ? srcdir : ".",
	    name);
	f = fopen(path.ptr, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path.ptr);
	buf_reset(out);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	(void)fclose(f);
	buf_release(&path);
}

START_TEST(test_richtext_bundle_image)
{
	struct richtext_bundle_options o;
	struct richtext_mime items[2];
	struct richtext *rt = richtext_new();
	struct buf png = BUF_INIT;
	size_t i;

	fixture(&png, "quad.png");
	items[0].mime = "image/png";
	items[0].data = png.ptr;
	items[0].len = png.len;
	items[1].mime = "text/plain";
	items[1].data = "<Figure size 40x20 with 1 Axes>\nmore";
	items[1].len = strlen(items[1].data);
	memset(&o, 0, sizeof o);
	o.width = 80;
	ck_assert_int_eq(richtext_bundle_render(rt, items, 2, &o), 0);
	buf_reset(&text);
	richtext_format_plain(rt, &text);
	ck_assert_str_eq(text.ptr,
	    "[image 40×20 PNG] <Figure size 40x20 with 1 Axes>\n");
	/* --images: symbols, filling the width, keeping the aspect. */
	richtext_clear(rt);
	o.images = true;
	o.width = 20;
	o.ncolors = 256;
	ck_assert_int_eq(richtext_bundle_render(rt, items, 2, &o), 0);
	ck_assert_uint_eq(richtext_nlines(rt), 5);
	for (i = 0; i < 5; i++)
		ck_assert_uint_eq(richtext_line(rt, i)->line.width, 20);
	/* A broken image falls back to the text. */
	richtext_clear(rt);
	items[0].len = 30;
	ck_assert_int_eq(richtext_bundle_render(rt, items, 2, &o), 1);
	richtext_free(rt);
	buf_release(&png);
}
END_TEST

START_TEST(test_richtext_bundle_widget)
{
	struct richtext_bundle_options o;

	memset(&o, 0, sizeof o);
	o.width = 40;
	ck_assert_int_eq(bundle(&o, RICHTEXT_MIME_WIDGET, "{\"kind\": "
	    "\"slider\", \"label\": \"cut-off\", \"value\": 30}",
	    "text/plain", "slider", NULL), 0);
	ck_assert_str_eq(text.ptr, "cut-off: 30\n");
	ck_assert_int_eq(bundle(&o, RICHTEXT_MIME_WIDGET, "{\"kind\": "
	    "\"multiselect\", \"label\": \"fruits\", \"value\": [\"apple\", "
	    "\"pear\"]}", NULL), 0);
	ck_assert_str_eq(text.ptr, "fruits: apple, pear\n");
	ck_assert_int_eq(bundle(&o, RICHTEXT_MIME_WIDGET, "{\"kind\": "
	    "\"checkbox\", \"value\": true}", NULL), 0);
	ck_assert_str_eq(text.ptr, "checkbox: True\n");
	ck_assert_int_eq(bundle(&o, RICHTEXT_MIME_WIDGET, "{\"kind\": "
	    "\"dropdown\", \"label\": \"pick\\u001b[2J\", \"value\": \"b\","
	    "\"display\": \"Bravo\"}", NULL), 0);
	ck_assert_str_eq(text.ptr, "pick^[[2J: Bravo\n");
	ck_assert_int_eq(bundle(&o, RICHTEXT_MIME_WIDGET, "{\"value\": "
	    "{\"a\": [1, 2.5], \"b\": null}}", NULL), 0);
	ck_assert_str_eq(text.ptr, "widget: a: [1, 2.5], b: None\n");
}
END_TEST

START_TEST(test_richtext_bundle_fallbacks)
{
	struct richtext_bundle_options o;

	memset(&o, 0, sizeof o);
	ck_assert_int_eq(bundle(&o, "application/x-thing", "\x01\x02", NULL),
	    -1);
	ck_assert_str_eq(text.ptr, "[application/x-thing output]\n");
	ck_assert_int_eq(bundle(&o, NULL), -1);
	ck_assert_str_eq(text.ptr, "[empty output]\n");
	/* text/plain keeps its lines and colours; other controls become
	 * markers. */
	ck_assert_int_eq(bundle(&o, "text/plain", "a\033[31mb\033[Hc\nd",
	    NULL), 0);
	ck_assert_str_eq(text.ptr, "ab^[[Hc\nd\n");
	/* HTML alone shows as its text, never as tags. */
	ck_assert_int_eq(bundle(&o, "text/html", "<p>x <b>y</b></p>", NULL),
	    0);
	ck_assert_str_eq(text.ptr, "x y\n");
}
END_TEST

static Suite *
richtext_suite(void)
{
	Suite *s = suite_create("richtext");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_richtext_line_add_sanitises);
	tcase_add_test(tc, test_richtext_line_add_cp_checks);
	tcase_add_test(tc, test_richtext_line_cut);
	tcase_add_test(tc, test_richtext_block_and_anchors);
	tcase_add_test(tc, test_richtext_terminal_text);
	tcase_add_test(tc, test_richtext_format_plain);
	tcase_add_test(tc, test_richtext_format_ansi);
	tcase_add_test(tc, test_richtext_ansi_palettes);
	tcase_add_test(tc, test_richtext_bundle_markdown);
	tcase_add_test(tc, test_richtext_bundle_table);
	tcase_add_test(tc, test_richtext_bundle_image);
	tcase_add_test(tc, test_richtext_bundle_widget);
	tcase_add_test(tc, test_richtext_bundle_fallbacks);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(richtext_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
