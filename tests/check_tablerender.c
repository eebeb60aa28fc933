/*
 * check_tablerender.c: the table model and its layout: JSON windows
 * (and their errors), column widths with wide characters, cutting with
 * "…", the vertical window and the horizontal offset, alignment, the
 * sort indicator, selection and the footer. Lines are compared as plain
 * text; every render is also checked to stay within its width.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "richtext.h"
#include "tablerender.h"

static struct buf text = BUF_INIT;

static struct tablerender *
parse(const char *json)
{
	struct tablerender *t;

	ck_assert_msg(tablerender_parse(&t, json, strlen(json)) == 0,
	    "parse failed: %s", err_last());
	return t;
}

static void
parse_fails(const char *json, const char *msg)
{
	struct tablerender *t = (struct tablerender *)&text;

	ck_assert_int_eq(tablerender_parse(&t, json, strlen(json)), -1);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(err_last(), msg);
}

static void
default_options(struct tablerender_options *o, size_t width)
{
	memset(o, 0, sizeof *o);
	o->width = width;
	o->cursor = TABLERENDER_NONE;
}

/* Render t with o; plain text in text, the view in *v (may be NULL). */
static const char *
render_view(const struct tablerender *t, const struct tablerender_options *o,
    struct tablerender_view *v)
{
	struct richtext *rt = richtext_new();
	size_t i;

	tablerender_render(rt, t, o, v);
	for (i = 0; i < richtext_nlines(rt); i++)
		ck_assert_msg(richtext_line(rt, i)->line.width <= o->width,
		    "line %zu is %zu wide, more than %zu", i,
		    richtext_line(rt, i)->line.width, o->width);
	buf_reset(&text);
	richtext_format_plain(rt, &text);
	richtext_free(rt);
	return text.ptr;
}

static const char *
render(const struct tablerender *t, size_t width)
{
	struct tablerender_options o;

	default_options(&o, width);
	return render_view(t, &o, NULL);
}

START_TEST(test_tablerender_alignment)
{
	struct tablerender *t = parse("{\"columns\": [\"name\", \"n\", \"x\"],"
	    "\"rows\": [[\"Alice\", 31, 0.5], [\"Bob\", 4, -12.25],"
	    "[null, 1000, 1e16]]}");

	ck_assert_str_eq(render(t, 40),
	    "name      n       x\n"
	    "─────  ────  ──────\n"
	    "Alice    31     0.5\n"
	    "Bob       4  -12.25\n"
	    "None   1000   1e+16\n");
	ck_assert_uint_eq(tablerender_nrows(t), 3);
	ck_assert_uint_eq(tablerender_ncols(t), 3);
	ck_assert(tablerender_column_is_numeric(t, 1));
	ck_assert(!tablerender_column_is_numeric(t, 0));
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_footer)
{
	struct tablerender *t = parse("{\"columns\": [\"a\"],"
	    "\"rows\": [[1], [2]], \"nrows\": 1234567}");
	struct tablerender_options o;

	default_options(&o, 40);
	o.footer = true;
	ck_assert_str_eq(render_view(t, &o, NULL),
	    "a\n─\n1\n2\nrows 1-2 of 1,234,567 · 1 column\n");
	tablerender_free(t);
	t = parse("{\"columns\": [\"a\", \"b\"], \"rows\": [[1, 2]]}");
	ck_assert_str_eq(render_view(t, &o, NULL),
	    "a  b\n─  ─\n1  2\n1 row · 2 columns\n");
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_wide_characters)
{
	struct tablerender *t = parse("{\"columns\": [\"名前\", \"v\"],"
	    "\"rows\": [[\"中文字符\", 1], [\"e\\u0301t\\u00e9\", 2],"
	    "[\"\\ud83d\\ude00!\", 3]]}");

	ck_assert_str_eq(render(t, 40),
	    "名前      v\n"
	    "────────  ─\n"
	    "中文字符  1\n"
	    "e\xcc\x81" "t\xc3\xa9       2\n"
	    "\xf0\x9f\x98\x80!       3\n");
	/* Cut to 5 columns: two characters and the "…". */
	ck_assert_str_eq(render(t, 8),
	    "名前   v\n"
	    "─────  ─\n"
	    "中文…  1\n"
	    "e\xcc\x81" "t\xc3\xa9    2\n"
	    "\xf0\x9f\x98\x80!    3\n");
	/* At 6 columns the third character would be split: a space pads
	 * before the "…". */
	ck_assert_str_eq(render(t, 9),
	    "名前    v\n"
	    "──────  ─\n"
	    "中文 …  1\n"
	    "e\xcc\x81" "t\xc3\xa9     2\n"
	    "\xf0\x9f\x98\x80!     3\n");
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_shrink_wide_columns)
{
	struct tablerender *t = parse("{\"columns\": [\"id\", \"text\","
	    "\"note\"], \"rows\": [[1, \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
	    "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"]]}");

	/* The widest columns give way first, narrow ones keep their size. */
	ck_assert_str_eq(render(t, 30),
	    "id  text          note\n"
	    "──  ────────────  ────────────\n"
	    " 1  aaaaaaaaaaa…  bbbbbbbbbbb…\n");
	tablerender_free(t);
	/* No cell is wider than TABLERENDER_CELL_WIDTH columns. */
	t = parse("{\"columns\": [\"x\"], \"rows\": [[\"0123456789012345678901"
	    "2345678901234567890123456789\"]]}");
	render(t, 200);
	ck_assert_ptr_nonnull(strstr(text.ptr,
	    "\n012345678901234567890123456789012345678…\n"));
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_cell_limits)
{
	struct buf json = BUF_INIT;
	struct tablerender *t;
	const struct richtext_line *c;
	size_t i;

	/* A cell keeps at most TABLERENDER_CELL_CPS code points. */
	buf_adds(&json, "{\"columns\": [\"x\"], \"rows\": [[\"");
	for (i = 0; i < 3000; i++)
		buf_adds(&json, "é");
	buf_adds(&json, "\"]]}");
	t = parse(json.ptr);
	ck_assert_ptr_nonnull(c = tablerender_cell(t, 0, 0, NULL));
	ck_assert_uint_eq(c->line.width, TABLERENDER_CELL_CPS + 1);
	tablerender_free(t);
	/* Controls in cells are markers, never sent. */
	t = parse("{\"columns\": [\"a\\u001b[2J\"], \"rows\": [[\"x\\ny\"]]}");
	ck_assert_str_eq(render(t, 40), "a^[[2J\n──────\nx^Jy\n");
	tablerender_free(t);
	buf_release(&json);
}
END_TEST

START_TEST(test_tablerender_model_holds_a_window)
{
	struct buf json = BUF_INIT;
	struct tablerender *t;
	size_t off, n, i;

	/* More rows or columns than the limits: the rest are counted,
	 * not kept. */
	buf_adds(&json, "{\"columns\": [");
	for (i = 0; i < 60; i++)
		buf_addf(&json, "%s\"c%zu\"", i ? "," : "", i);
	buf_adds(&json, "], \"nrows\": 1000000, \"rows\": [");
	for (i = 0; i < 1500; i++)
		buf_addf(&json, "%s[%zu]", i ? "," : "", i);
	buf_adds(&json, "]}");
	t = parse(json.ptr);
	tablerender_window(t, &off, &n);
	ck_assert_uint_eq(off, 0);
	ck_assert_uint_eq(n, TABLERENDER_MAX_ROWS);
	ck_assert_uint_eq(tablerender_nrows(t), 1000000);
	ck_assert_uint_eq(tablerender_ncols(t), 60);
	ck_assert_ptr_nonnull(tablerender_column_name(t, 49));
	ck_assert_ptr_null(tablerender_column_name(t, 50));
	ck_assert(tablerender_has_rows(t, 990, 10));
	ck_assert(!tablerender_has_rows(t, 995, 10));
	ck_assert_ptr_null(tablerender_cell(t, 1000, 0, NULL));
	tablerender_free(t);
	buf_release(&json);
}
END_TEST

START_TEST(test_tablerender_vertical_window)
{
	struct tablerender *t = parse("{\"columns\": [\"v\"], \"offset\": 500,"
	    "\"nrows\": 1000000, \"rows\": [[500], [501], [502], [503]]}");
	struct tablerender_options o;
	struct tablerender_view v;

	default_options(&o, 40);
	o.footer = true;
	o.first_row = 501;
	o.max_rows = 2;
	ck_assert_str_eq(render_view(t, &o, &v),
	    "  v\n───\n501\n502\nrows 502-503 of 1,000,000 · 1 column\n");
	ck_assert_uint_eq(v.first_row, 501);
	ck_assert_uint_eq(v.nrows, 2);
	ck_assert(!v.missing);
	/* Rows outside the window show as "…" and ask for another. */
	o.first_row = 502;
	o.max_rows = 4;
	ck_assert_str_eq(render_view(t, &o, &v),
	    "  v\n───\n502\n503\n  …\n  …\n"
	    "rows 503-506 of 1,000,000 · 1 column\n");
	ck_assert(v.missing);
	/* The whole window from first_row when max_rows is 0. */
	o.first_row = 500;
	o.max_rows = 0;
	o.footer = false;
	ck_assert_str_eq(render_view(t, &o, &v),
	    "  v\n───\n500\n501\n502\n503\n");
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_horizontal_offset)
{
	struct tablerender *t = parse("{\"columns\": [\"idx\", \"a\", \"b\","
	    "\"c\", \"d\"], \"index_columns\": 1, \"ncols\": 8,"
	    "\"rows\": [[\"r0\", 1, 2, 3, 4]]}");
	struct tablerender_options o;
	struct tablerender_view v;

	default_options(&o, 40);
	o.footer = true;
	o.first_col = 2;
	/* The index column stays; data columns start at the third. */
	ck_assert_str_eq(render_view(t, &o, &v),
	    "idx  c  d\n───  ─  ─\nr0   3  4\n1 row · columns 3-4 of 8\n");
	ck_assert_uint_eq(v.first_col, 2);
	ck_assert_uint_eq(v.ncols, 2);
	/* Columns that do not fit are left for scrolling. */
	o.first_col = 0;
	o.width = 10;
	ck_assert_str_eq(render_view(t, &o, &v),
	    "idx  a  b\n───  ─  ─\nr0   1  2\n1 row · c…\n");
	ck_assert_uint_eq(v.ncols, 2);
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_sort_and_selection)
{
	struct tablerender *t = parse("{\"columns\": [\"a\", \"b\"],"
	    "\"rows\": [[1, \"x\"], [2, \"y\"], [3, \"z\"]],"
	    "\"sort\": {\"column\": \"b\", \"descending\": true},"
	    "\"selection\": \"multi\", \"selected\": [0, 2]}");
	const size_t *sel;
	size_t n, col;
	bool desc;

	tablerender_sort(t, &col, &desc);
	ck_assert_uint_eq(col, 1);
	ck_assert(desc);
	ck_assert_str_eq(render(t, 40),
	    "  a  b ▼\n  ─  ───\n✓ 1  x\n  2  y\n✓ 3  z\n");
	ck_assert(tablerender_select(t, 1, true));
	sel = tablerender_selected(t, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(sel[1], 1);
	ck_assert(tablerender_select(t, 0, false));
	ck_assert(!tablerender_is_selected(t, 0));
	ck_assert(!tablerender_select(t, 99, true));
	tablerender_set_sort(t, 0, false);
	ck_assert_ptr_nonnull(strstr(render(t, 40), "a ▲"));
	tablerender_free(t);
	/* Single selection keeps one row; none keeps none. */
	t = parse("{\"columns\": [\"a\"], \"rows\": [[1], [2]],"
	    "\"selection\": \"single\"}");
	ck_assert(tablerender_select(t, 0, true));
	ck_assert(tablerender_select(t, 1, true));
	sel = tablerender_selected(t, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(sel[0], 1);
	tablerender_free(t);
	t = parse("{\"columns\": [\"a\"], \"rows\": [[1]]}");
	ck_assert(!tablerender_select(t, 0, true));
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_cursor_role)
{
	struct tablerender *t = parse("{\"columns\": [\"a\"], \"rows\": [[1],"
	    "[2]]}");
	struct tablerender_options o;
	struct richtext *rt = richtext_new();
	const struct richtext_line *l;
	size_t k;

	default_options(&o, 20);
	o.cursor = 1;
	tablerender_render(rt, t, &o, NULL);
	l = richtext_line(rt, 3);
	ck_assert_str_eq(l->line.text, "  2");
	for (k = 0; k < l->line.nruns; k++)
		ck_assert_uint_eq(l->roles[k], RICHTEXT_CURSOR);
	l = richtext_line(rt, 2);
	for (k = 0; k < l->line.nruns; k++)
		ck_assert_uint_ne(l->roles[k], RICHTEXT_CURSOR);
	richtext_free(rt);
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_summary)
{
	struct tablerender *t = parse("{\"columns\": [\"i\"], \"nrows\": 1000,"
	    "\"rows\": [[0], [1], [2], [3]],"
	    "\"tail\": {\"offset\": 998, \"rows\": [[998], [999]]}}");
	struct tablerender_options o;

	default_options(&o, 40);
	o.head = 3;
	o.tail = 2;
	o.footer = true;
	ck_assert_str_eq(render_view(t, &o, NULL),
	    "  i\n───\n  0\n  1\n  2\n… 995 rows not shown\n998\n999\n"
	    "1,000 rows × 1 column\n");
	tablerender_free(t);
	/* Without a tail, the count says what is left. */
	t = parse("{\"columns\": [\"i\"], \"nrows\": 50,"
	    "\"rows\": [[0], [1]]}");
	ck_assert_str_eq(render_view(t, &o, NULL),
	    "i\n─\n0\n1\n… 48 rows not shown\n50 rows × 1 column\n");
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_types)
{
	struct tablerender *t = parse("{\"columns\": [\"f\", \"s\", \"o\"],"
	    "\"dtypes\": [\"float64\", \"object\", \"object\"],"
	    "\"rows\": [[1.5, \"1\", true], [\"nan\", \"22\", [1, 2]],"
	    "[\"inf\", \"x\", {\"k\": null}]]}");
	struct richtext *rt = richtext_new();
	struct tablerender_options o;
	bool numeric;

	ck_assert_str_eq(render(t, 40),
	    "  f  s   o\n───  ──  ──────────\n"
	    "1.5  1   True\nnan  22  [1,2]\ninf  x   {\"k\":null}\n");
	ck_assert_ptr_nonnull(tablerender_cell(t, 1, 0, &numeric));
	ck_assert(numeric);
	ck_assert_ptr_nonnull(tablerender_cell(t, 0, 1, &numeric));
	ck_assert(!numeric);
	ck_assert_str_eq(tablerender_column_dtype(t, 0), "float64");
	/* "nan" in a numeric column is drawn as a missing value. */
	default_options(&o, 40);
	tablerender_render(rt, t, &o, NULL);
	ck_assert_uint_eq(richtext_line(rt, 3)->roles[0], RICHTEXT_NULL);
	richtext_free(rt);
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_parse_errors)
{
	parse_fails("{\"columns\": [\"a\"], \"rows\": [[1]", "table:1:31: "
	    "']' expected near end of file");
	parse_fails("[1]", "table: the JSON is not an object");
	parse_fails("{\"rows\": []}", "table: no \"columns\"");
	parse_fails("{\"columns\": 3}",
	    "table: \"columns\" must be an array of names");
	parse_fails("{\"columns\": [\"a\"], \"rows\": [1]}",
	    "table: row 0 of \"rows\" is not an array");
	parse_fails("{\"columns\": [\"a\"], \"nrows\": -1}",
	    "table: \"nrows\" must be a count (an integer >= 0)");
	parse_fails("{\"columns\": [\"a\"], \"index_columns\": 2}",
	    "table: \"index_columns\" is 2, but there are only 1 columns");
	parse_fails("{\"columns\": [\"a\"], \"selection\": \"all\"}",
	    "table: \"selection\" must be \"none\", \"single\" or \"multi\"");
	parse_fails("{\"columns\": [], \"columns\": []}", "table:1:25: "
	    "duplicate object key near '\"columns\"'");
}
END_TEST

START_TEST(test_tablerender_width_invariant)
{
	struct tablerender *t = parse("{\"columns\": [\"ix\", \"name\", "
	    "\"中文\", \"value\", \"e\"], \"index_columns\": 1,"
	    "\"selection\": \"multi\", \"selected\": [1], \"nrows\": 99,"
	    "\"rows\": [[\"a\", \"Alice Liddell\", \"中文字符测试\", 3.25, 1],"
	    "[\"b\", \"x\", \"\\ud83d\\ude00\\ud83d\\ude00\", -1e-7, 22]]}");
	struct tablerender_options o;
	size_t w, f;

	for (f = 0; f < 4; f++)
		for (w = 1; w <= 70; w++) {
			default_options(&o, w);
			o.footer = true;
			o.first_col = f;
			o.cursor = 1;
			(void)render_view(t, &o, NULL);
		}
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_built_by_hand)
{
	struct tablerender *t = tablerender_new();
	struct richtext_line l;

	richtext_line_init(&l);
	richtext_line_add(&l, SANITIZE_FIELD, "left", 4, RICHTEXT_HEADER, 0);
	tablerender_column_add(t, &l, TABLERENDER_LEFT);
	richtext_line_reset(&l);
	richtext_line_add(&l, SANITIZE_FIELD, "mid", 3, RICHTEXT_HEADER, 0);
	tablerender_column_add(t, &l, TABLERENDER_CENTER);
	ck_assert(tablerender_row_add(t));
	richtext_line_reset(&l);
	richtext_line_add(&l, SANITIZE_FIELD, "x", 1, RICHTEXT_TEXT, 0);
	tablerender_cell_set(t, 0, &l, false);
	tablerender_cell_set(t, 1, &l, false);
	ck_assert_str_eq(render(t, 40), "left  mid\n────  ───\nx      x\n");
	richtext_line_release(&l);
	tablerender_free(t);
}
END_TEST

START_TEST(test_tablerender_number_formats)
{
	static const struct {
		double x;
		const char *s;
	} floats[] = {
		{ 0.1, "0.1" }, { 1.0, "1.0" }, { -2.5, "-2.5" },
		{ 1e16, "1e+16" }, { 1e15, "1000000000000000.0" },
		{ 1e-5, "1e-05" }, { 0.0001, "0.0001" },
		{ 123456789.125, "123456789.125" },
		{ 1.0 / 3, "0.3333333333333333" },
		{ 0.1 + 0.2, "0.30000000000000004" }, { 5e-324, "5e-324" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof floats / sizeof floats[0]; i++) {
		buf_reset(&b);
		tablerender_float_format(&b, floats[i].x);
		ck_assert_str_eq(b.ptr, floats[i].s);
	}
	buf_reset(&b);
	tablerender_count_format(&b, 0);
	buf_addc(&b, ' ');
	tablerender_count_format(&b, 999);
	buf_addc(&b, ' ');
	tablerender_count_format(&b, 1000);
	buf_addc(&b, ' ');
	tablerender_count_format(&b, 12345678);
	ck_assert_str_eq(b.ptr, "0 999 1,000 12,345,678");
	buf_release(&b);
}
END_TEST

static Suite *
tablerender_suite(void)
{
	Suite *s = suite_create("tablerender");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tablerender_alignment);
	tcase_add_test(tc, test_tablerender_footer);
	tcase_add_test(tc, test_tablerender_wide_characters);
	tcase_add_test(tc, test_tablerender_shrink_wide_columns);
	tcase_add_test(tc, test_tablerender_cell_limits);
	tcase_add_test(tc, test_tablerender_model_holds_a_window);
	tcase_add_test(tc, test_tablerender_vertical_window);
	tcase_add_test(tc, test_tablerender_horizontal_offset);
	tcase_add_test(tc, test_tablerender_sort_and_selection);
	tcase_add_test(tc, test_tablerender_cursor_role);
	tcase_add_test(tc, test_tablerender_summary);
	tcase_add_test(tc, test_tablerender_types);
	tcase_add_test(tc, test_tablerender_parse_errors);
	tcase_add_test(tc, test_tablerender_width_invariant);
	tcase_add_test(tc, test_tablerender_built_by_hand);
	tcase_add_test(tc, test_tablerender_number_formats);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(tablerender_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
