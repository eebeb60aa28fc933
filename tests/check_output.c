/*
 * check_output.c: a cell's output as the editor keeps it (tui/output.c,
 * tui/output_rich.c): stream items and their line index, the per-cell
 * byte limit, which representation of a bundle is drawn (and the line
 * when none can be), rich items rendered again when the width changes,
 * that no string from the kernel reaches a line unsanitised, tables of
 * mo.ui.table selecting by absolute row (row_ids in a sorted window),
 * and pictures as sixel or kitty sequences over their symbols.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "imgrender.h"
#include "keys.h"
#include "output.h"
#include "richtext.h"
#include "sanitize.h"

#define WIDGET_MIME "application/vnd.quire.widget+json"
#define TABLE_MIME "application/vnd.quire.table+json"

/* No code point below U+0020 or in U+007F-U+009F on any line, and no
 * line wider than the look's width when it is rich. */
static void
assert_clean(struct output *o, size_t width)
{
	struct output_line_info info;
	const struct sanitize_line *l;
	size_t i, k, n = output_nlines(o);
	const unsigned char *p;

	for (i = 0; i < n; i++) {
		l = output_line_info(o, i, &info);
		p = (const unsigned char *)l->text;
		for (k = 0; k < l->len; k++) {
			ck_assert_msg(p[k] >= 0x20 && p[k] != 0x7f,
			    "line %zu has byte %#x", i, p[k]);
			ck_assert_msg(!(p[k] == 0xc2 && k + 1 < l->len &&
			    p[k + 1] >= 0x80 && p[k + 1] <= 0x9f),
			    "line %zu has a C1 code point", i);
		}
		if (info.rich && width > 0)
			ck_assert_msg(l->width <= width, "line %zu is %zu wide",
			    i, l->width);
	}
}

/* The whole output as text, for searching. */
static char *
text_of(struct output *o)
{
	struct buf b = BUF_INIT;

	output_text(o, &b);
	buf_addc(&b, '\0');
	return buf_detach(&b, NULL);
}

static void
look_at(struct output *o, size_t width, int graphics)
{
	struct output_look look;

	memset(&look, 0, sizeof look);
	look.width = width;
	look.ncolors = 256;
	look.image_rows = 10;
	look.table_rows = 10;
	look.graphics = graphics;
	output_set_look(o, &look);
}

static void
bundle2(struct output *o, const char *m1, const char *d1, size_t l1,
    const char *m2, const char *d2)
{
	struct output_mime items[2];

	items[0].mime = m1;
	items[0].data = d1;
	items[0].len = l1;
	items[1].mime = m2;
	items[1].data = d2;
	items[1].len = d2 != NULL ? strlen(d2) : 0;
	output_add_bundle(o, items, m2 != NULL ? 2 : 1);
}

static void
read_fixture(struct buf *b, const char *name)
{
	const char *src = getenv("srcdir");
	struct buf path = BUF_INIT;

	buf_addf(&path, "%s/tests/data/rich/%s", src != NULL ? src : "..",
	    name);
	ck_assert_msg(buf_read_file(b, path.ptr, 1u << 20, NULL) == 0,
	    "cannot read %s", path.ptr);
	buf_release(&path);
}

START_TEST(test_output_streams_join_and_keep_their_order)
{
	struct output *o = output_new();
	enum draw_role role;
	char *t;

	ck_assert(output_is_empty(o));
	output_stream(o, OUTPUT_STDOUT, "a\nb", 3);
	output_stream(o, OUTPUT_STDOUT, "c\n", 2);	/* joins "b" */
	output_stream(o, OUTPUT_STDERR, "oops\n", 5);
	output_stream(o, OUTPUT_STDOUT, "d\n", 2);
	output_finish(o);
	ck_assert_uint_eq(output_nitems(o), 3);
	ck_assert_uint_eq(output_nlines(o), 4);
	ck_assert_str_eq(output_line(o, 0, &role)->text, "a");
	ck_assert_int_eq(role, DRAW_TEXT);
	ck_assert_str_eq(output_line(o, 1, &role)->text, "bc");
	ck_assert_str_eq(output_line(o, 2, &role)->text, "oops");
	ck_assert_int_eq(role, DRAW_STDERR);
	ck_assert_str_eq(output_line(o, 3, &role)->text, "d");
	/* Past the end: an empty line, never a crash. */
	ck_assert_uint_eq(output_line(o, 4, &role)->len, 0);
	t = text_of(o);
	ck_assert_str_eq(t, "a\nbc\noops\nd\n");
	free(t);
	ck_assert(!output_is_rich(o));
	output_free(o);
}
END_TEST

START_TEST(test_output_progress_line_shows_its_last_state)
{
	struct output *o = output_new();
	enum draw_role role;

	output_stream(o, OUTPUT_STDOUT, " 10%\r 20%\r", 10);
	output_stream(o, OUTPUT_STDOUT, "100%\n", 5);
	ck_assert_uint_eq(output_nlines(o), 1);
	ck_assert_str_eq(output_line(o, 0, &role)->text, "100%");
	ck_assert_uint_eq(output_line(o, 0, &role)->rewrites, 2);
	output_free(o);
}
END_TEST

START_TEST(test_output_line_index_follows_every_change)
{
	struct output *o = output_new();
	enum draw_role role;
	unsigned long v;

	output_add(o, OUTPUT_VALUE, "text/plain", "1\n2\n3", 5);
	output_add(o, OUTPUT_TRACEBACK, NULL, "Traceback\nValueError", 20);
	output_add(o, OUTPUT_NOTE, NULL, "note", 4);
	ck_assert_uint_eq(output_nlines(o), 6);
	ck_assert_str_eq(output_line(o, 3, &role)->text, "Traceback");
	ck_assert_int_eq(role, DRAW_ERROR);
	ck_assert_str_eq(output_line(o, 5, &role)->text, "note");
	ck_assert_int_eq(role, DRAW_DIM);
	v = output_version(o);
	output_clear_values(o);
	ck_assert_uint_ne(output_version(o), v);
	ck_assert_uint_eq(output_nlines(o), 0);
	output_stream(o, OUTPUT_STDOUT, "x\n", 2);
	output_add(o, OUTPUT_VALUE, "text/plain", "42", 2);
	/* A REPLACE display keeps the streams, drops the values. */
	output_clear_values(o);
	ck_assert_uint_eq(output_nlines(o), 1);
	ck_assert_str_eq(output_line(o, 0, &role)->text, "x");
	output_clear(o);
	ck_assert(output_is_empty(o));
	ck_assert_uint_eq(output_nlines(o), 0);
	output_free(o);
}
END_TEST

START_TEST(test_output_bytes_over_the_cell_limit_are_counted_not_kept)
{
	struct output *o = output_new();
	char *chunk = malloc(1u << 20);
	enum output_kind kind;
	size_t i, len;

	memset(chunk, 'y', 1u << 20);
	for (i = 0; i < (1u << 20); i += 64)
		chunk[i] = '\n';
	for (i = 0; i < 10; i++)
		output_stream(o, OUTPUT_STDOUT, chunk, 1u << 20);
	ck_assert_uint_eq(output_ndropped(o), (10u << 20) - OUTPUT_CELL_MAX);
	ck_assert_ptr_nonnull(output_item_bytes(o, 0, &kind, &len));
	ck_assert_uint_eq(len, OUTPUT_CELL_MAX);
	ck_assert_int_eq(kind, OUTPUT_STDOUT);
	ck_assert(!output_is_empty(o));
	/* Further items are counted too. */
	output_add(o, OUTPUT_VALUE, "text/plain", "zz", 2);
	ck_assert_uint_eq(output_ndropped(o), (10u << 20) -
	    OUTPUT_CELL_MAX + 2);
	free(chunk);
	output_free(o);
}
END_TEST

START_TEST(test_output_bundle_prefers_widget_then_markdown)
{
	static const char slider[] = "{\"kind\": \"slider\", \"id\": \"ui-1\","
	    " \"label\": \"speed\", \"value\": 3, \"start\": 0, \"stop\": 10,"
	    " \"step\": 1, \"steps\": null}";
	struct output *o = output_new();
	char *t;

	look_at(o, 60, 0);
	bundle2(o, WIDGET_MIME, slider, strlen(slider), "text/plain",
	    "speed: 3");
	ck_assert(output_is_rich(o));
	t = text_of(o);
	ck_assert_ptr_nonnull(strstr(t, "speed"));
	ck_assert_ptr_nonnull(strstr(t, "3"));
	ck_assert_ptr_null(strstr(t, "speed: 3"));	/* not the plain form */
	free(t);
	ck_assert_uint_eq(output_nelems(o), 1);
	ck_assert_int_eq(output_elem(o, 0)->kind, OUTPUT_ELEM_WIDGET);
	output_clear(o);
	/* Unreadable widget JSON: the next representation. */
	bundle2(o, WIDGET_MIME, "{\"kind\":", 8, "text/markdown",
	    "# Title\n\nbody");
	t = text_of(o);
	ck_assert_ptr_nonnull(strstr(t, "Title"));
	ck_assert_ptr_null(strstr(t, "# Title"));
	ck_assert_ptr_nonnull(strstr(t, "\xe2\x95\x90"));	/* ═ rule */
	free(t);
	output_free(o);
}
END_TEST

START_TEST(test_output_bundle_table_image_and_text_fallbacks)
{
	static const char table[] = "{\"columns\": [\"x\", \"name\"],"
	    " \"rows\": [[1, \"a\"], [22, \"b\"]], \"nrows\": 2}";
	struct output *o = output_new();
	struct buf png = BUF_INIT;
	enum draw_role role;
	char *t;

	look_at(o, 60, 0);
	bundle2(o, TABLE_MIME, table, strlen(table), "text/plain", "df");
	t = text_of(o);
	ck_assert_ptr_nonnull(strstr(t, "name"));
	ck_assert_ptr_nonnull(strstr(t, "22"));
	ck_assert_ptr_nonnull(strstr(t, "2 rows"));
	free(t);
	ck_assert_int_eq(output_elem(o, 0)->kind, OUTPUT_ELEM_TABLE);
	output_clear(o);

	read_fixture(&png, "quad.png");
	bundle2(o, "image/png", png.ptr, png.len, "text/plain", "<Figure>");
	ck_assert(output_is_rich(o));
	ck_assert_uint_ge(output_nlines(o), 1);
	t = text_of(o);
	ck_assert_ptr_null(strstr(t, "Figure"));
	free(t);
	output_clear(o);

	/* A broken image: text/plain instead. */
	bundle2(o, "image/png", "\x89PNG\r\n\x1a\n broken", 16,
	    "text/plain", "<Figure>");
	ck_assert(!output_is_rich(o));
	ck_assert_str_eq(output_line(o, 0, &role)->text, "<Figure>");
	output_clear(o);

	/* Metadata is never the thing drawn. */
	bundle2(o, "application/vnd.quire.widgets+json", "[]", 2,
	    "text/plain", "plain");
	ck_assert_str_eq(output_line(o, 0, &role)->text, "plain");
	output_clear(o);

	/* HTML only: its text. */
	bundle2(o, "text/html", "<p>a &amp; b</p><br>c", 21, NULL, NULL);
	t = text_of(o);
	ck_assert_ptr_nonnull(strstr(t, "a & b"));
	ck_assert_ptr_null(strstr(t, "<p>"));
	free(t);
	output_clear(o);

	/* Nothing quire can draw: one line naming it. */
	bundle2(o, "application/x-foo", "\x01\x02", 2, NULL, NULL);
	ck_assert_uint_eq(output_nlines(o), 1);
	ck_assert_str_eq(output_line(o, 0, &role)->text,
	    "[application/x-foo output, 2 bytes: not shown here]");
	ck_assert_int_eq(role, DRAW_DIM);
	buf_release(&png);
	output_free(o);
}
END_TEST

START_TEST(test_output_rich_items_render_again_at_a_new_width)
{
	static const char md[] = "A paragraph of several words that wraps "
	    "at the width of the pane, whatever that width is today.";
	struct output *o = output_new();
	size_t wide, narrow;
	unsigned long v;

	look_at(o, 80, 0);
	bundle2(o, "text/markdown", md, strlen(md), NULL, NULL);
	wide = output_nlines(o);
	assert_clean(o, 80);
	v = output_version(o);
	look_at(o, 20, 0);
	ck_assert_uint_ne(output_version(o), v);
	narrow = output_nlines(o);
	ck_assert_uint_gt(narrow, wide);
	assert_clean(o, 20);
	/* The same look again changes nothing. */
	v = output_version(o);
	look_at(o, 20, 0);
	ck_assert_uint_eq(output_version(o), v);
	look_at(o, 80, 0);
	ck_assert_uint_eq(output_nlines(o), wide);
	output_free(o);
}
END_TEST

START_TEST(test_output_sanitises_every_string)
{
	static const char widget[] = "{\"kind\": \"dropdown\", \"id\": \"ui-2\","
	    " \"label\": \"pick\\u001b[2J\\u009b\", \"value\": \"a\\u0007\","
	    " \"options\": [\"a\\u0007\", \"b\"], \"allow_select_none\": false}";
	static const char table[] = "{\"columns\": [\"c\\u001b]0;t\\u0007\"],"
	    " \"rows\": [[\"\\u001b[31mred\\r\"]], \"nrows\": 1}";
	static const char md[] = "# Hi\x1b[2J\n\n[link\x1b]52;c;ZXZpbA==\x07]"
	    "(http://x.example/\x1b[H)\n\n```python\nx = '\x1b[1A'\n```\n";
	struct output *o = output_new();
	size_t n;
	char *t;

	look_at(o, 40, 0);
	output_stream(o, OUTPUT_STDOUT, "\x1b]0;title\x07\x1b[2Jplain\x9b\n",
	    21);
	output_stream(o, OUTPUT_STDERR, "\x1b""c\x00\x7f\n", 5);
	output_add(o, OUTPUT_VALUE, "text/plain", "\x1b[?1049h", 8);
	output_add(o, OUTPUT_TRACEBACK, NULL, "\x1bP$qm\x1b\\", 7);
	output_add(o, OUTPUT_VALUE, "text/html", "<b>\x1b[5n</b>", 12);
	bundle2(o, WIDGET_MIME, widget, strlen(widget), NULL, NULL);
	bundle2(o, TABLE_MIME, table, strlen(table), NULL, NULL);
	bundle2(o, "text/markdown", md, strlen(md), NULL, NULL);
	bundle2(o, "application/x-\x1b[2J", "x", 1, NULL, NULL);
	n = output_nlines(o);
	ck_assert_uint_gt(n, 8);
	assert_clean(o, 40);
	ck_assert_uint_gt(output_nshown(o), 3);
	t = text_of(o);
	ck_assert_ptr_nonnull(strstr(t, "plain"));
	ck_assert_ptr_nonnull(strstr(t, "^[[2J"));	/* shown, not done */
	ck_assert_ptr_nonnull(strstr(t, "red"));
	ck_assert_ptr_nonnull(strstr(t, "pick"));
	free(t);
	output_free(o);
}
END_TEST

START_TEST(test_output_elements_in_drawing_order)
{
	static const char md[] = "See [docs](http://docs.example/) and "
	    "<quire-widget id=\"ui-7\">n: 1</quire-widget> here.";
	static const char ws[] = "[{\"kind\": \"slider\", \"id\": \"ui-7\","
	    " \"label\": \"n\", \"value\": 1, \"start\": 0, \"stop\": 5,"
	    " \"step\": 1, \"steps\": null}]";
	struct output *o = output_new();
	const char *target;
	size_t len;

	look_at(o, 80, 0);
	bundle2(o, "text/markdown", md, strlen(md),
	    "application/vnd.quire.widgets+json", ws);
	ck_assert_uint_eq(output_nelems(o), 2);
	ck_assert_int_eq(output_elem(o, 0)->kind, OUTPUT_ELEM_LINK);
	ck_assert_int_eq(output_elem(o, 1)->kind, OUTPUT_ELEM_WIDGET);
	target = output_elem_link(o, 0, &len);
	ck_assert_ptr_nonnull(target);
	ck_assert_int_eq((int)len, 20);
	ck_assert(memcmp(target, "http://docs.example/", 20) == 0);
	/* Focus marks the element's columns. */
	output_set_focus(o, 1);
	ck_assert_uint_eq(output_focus(o), 1);
	ck_assert_uint_eq(output_elem_line(o, 1), 0);
	{
		struct output_line_info info;

		(void)output_line_info(o, 0, &info);
		ck_assert_uint_gt(info.hl_width, 0);
	}
	output_free(o);
}
END_TEST

/* The table lines as text; the row holding needle, or NULL. */
static char *
table_row(struct output *o, const char *needle)
{
	enum draw_role role;
	size_t i, n = output_nlines(o);
	const char *s;

	for (i = 0; i < n; i++) {
		s = output_line(o, i, &role)->text;
		if (strstr(s, needle) != NULL)
			return strdup(s);
	}
	return NULL;
}

START_TEST(test_output_table_selects_by_row_ids_when_sorted)
{
	static const char widget[] = "{\"kind\": \"table\", \"id\": \"ui-9\","
	    " \"label\": \"\", \"value\": [], \"selection\": \"multi\","
	    " \"table\": {\"table_id\": \"tbl-1\", \"columns\": [\"x\"],"
	    " \"rows\": [[30], [10], [20]], \"nrows\": 3}}";
	/* The sorted window, as the kernel sends it: no "selection", the
	 * rows' own indices in row_ids, the kernel's "selected" by index. */
	static const char sorted[] = "{\"table_id\": \"tbl-1\", \"columns\":"
	    " [\"x\"], \"rows\": [[10], [20], [30]], \"nrows\": 3,"
	    " \"offset\": 0, \"sort\": {\"column\": \"x\", \"descending\":"
	    " false}, \"row_ids\": [1, 2, 0], \"selected\": [0]}";
	struct output *o = output_new();
	struct output_table_want want;
	struct buf json = BUF_INIT;
	char *row;

	look_at(o, 40, 0);
	bundle2(o, WIDGET_MIME, widget, strlen(widget), NULL, NULL);
	ck_assert_uint_eq(output_nelems(o), 1);
	ck_assert_int_eq(output_elem(o, 0)->kind, OUTPUT_ELEM_TABLE);
	output_set_focus(o, 0);
	/* Row 0 (30), in the table's own order. */
	ck_assert(output_table_select(o, 0, &json));
	ck_assert_str_eq(json.ptr, "[0]");
	/* Sort: a window is wanted, sorted by x. */
	ck_assert(output_table_sort(o, 0));
	ck_assert(output_table_want(o, 0, &want));
	ck_assert_str_eq(want.table, "tbl-1");
	ck_assert_str_eq(want.sort_column, "x");
	ck_assert(!want.descending);
	output_table_asked(o, 0);
	ck_assert(!output_table_want(o, 0, &want));
	ck_assert(output_table_answer(o, "tbl-1", sorted, strlen(sorted)));
	/* The ✓ is on 30, now the last row shown. */
	row = table_row(o, "30");
	ck_assert_ptr_nonnull(row);
	ck_assert_ptr_nonnull(strstr(row, "\xe2\x9c\x93"));
	free(row);
	row = table_row(o, "10");
	ck_assert_ptr_null(strstr(row, "\xe2\x9c\x93"));
	free(row);
	/* The cursor's row (10, the first shown) is row 1 of the table. */
	buf_reset(&json);
	ck_assert(output_table_select(o, 0, &json));
	ck_assert_str_eq(json.ptr, "[0,1]");
	ck_assert(output_table_key(o, 0, KEYS_DOWN));
	buf_reset(&json);
	ck_assert(output_table_select(o, 0, &json));	/* 20: row 2 */
	ck_assert_str_eq(json.ptr, "[0,1,2]");
	buf_reset(&json);
	ck_assert(output_table_select(o, 0, &json));	/* again: off */
	ck_assert_str_eq(json.ptr, "[0,1]");
	row = table_row(o, "20");
	ck_assert_ptr_null(strstr(row, "\xe2\x9c\x93"));
	free(row);
	/* An answer for another table changes nothing here. */
	ck_assert(!output_table_answer(o, "tbl-2", sorted, strlen(sorted)));
	buf_release(&json);
	output_free(o);
}
END_TEST

/* The header line (the first holding name); the draw role of the run
 * where name starts there, or -1 when no line holds it. */
static int
header_role(struct output *o, const char *name)
{
	struct output_line_info info;
	const struct sanitize_line *l;
	size_t i, k, n = output_nlines(o), off;
	const char *p;

	for (i = 0; i < n; i++) {
		l = output_line_info(o, i, &info);
		if ((p = strstr(l->text, name)) == NULL)
			continue;
		off = (size_t)(p - l->text);
		for (k = 0; k + 1 < l->nruns && off >= l->runs[k].off +
		    l->runs[k].len; k++)
			continue;
		return info.run_roles != NULL ? info.run_roles[k] : -1;
	}
	return -1;
}

/* A column cursor: < and > move it, clamped at both ends, the view
 * scrolls so it shows, its header has the cursor role, and s sorts by
 * it (again: descending) with the indicator on its header. */
START_TEST(test_output_table_column_cursor_sorts_its_column)
{
	static const char table[] = "{\"table_id\": \"tbl-5\", \"columns\":"
	    " [\"alpha\", \"bravo\", \"charlie\", \"delta\", \"echo\","
	    " \"foxtrot\", \"golf\", \"hotel\"], \"rows\": [[1, 2, 3, 4, 5,"
	    " 6, 7, 8], [2, 1, 0, 9, 9, 9, 9, 7]], \"nrows\": 2, \"offset\": 0}";
	struct output *o = output_new();
	struct output_table_want want;
	char *text;
	size_t i;

	look_at(o, 30, 0);
	bundle2(o, TABLE_MIME, table, strlen(table), NULL, NULL);
	output_set_focus(o, 0);
	ck_assert_str_eq(output_table_column(o, 0), "alpha");
	ck_assert_int_eq(header_role(o, "alpha"), DRAW_TABLE_CURSOR);
	ck_assert_int_eq(header_role(o, "bravo"), DRAW_TABLE_HEADER);
	ck_assert(output_table_key(o, 0, '<'));
	ck_assert_str_eq(output_table_column(o, 0), "alpha");
	ck_assert(output_table_key(o, 0, '>'));
	ck_assert_str_eq(output_table_column(o, 0), "bravo");
	ck_assert_int_eq(header_role(o, "bravo"), DRAW_TABLE_CURSOR);
	ck_assert_int_eq(header_role(o, "alpha"), DRAW_TABLE_HEADER);
	/* To the far end and past it: hotel, scrolled into view. */
	for (i = 0; i < 8; i++) {
		ck_assert(output_table_key(o, 0, '>'));
		(void)output_nlines(o);
	}
	ck_assert_str_eq(output_table_column(o, 0), "hotel");
	ck_assert_int_eq(header_role(o, "hotel"), DRAW_TABLE_CURSOR);
	ck_assert_int_eq(header_role(o, "alpha"), -1);
	assert_clean(o, 30);
	/* Back one: golf shows and has the cursor. */
	ck_assert(output_table_key(o, 0, '<'));
	ck_assert_str_eq(output_table_column(o, 0), "golf");
	ck_assert_int_eq(header_role(o, "golf"), DRAW_TABLE_CURSOR);
	/* s: the kernel sorts by golf; again: descending. */
	ck_assert(output_table_sort(o, 0));
	ck_assert(output_table_want(o, 0, &want));
	ck_assert_str_eq(want.table, "tbl-5");
	ck_assert_str_eq(want.sort_column, "golf");
	ck_assert(!want.descending);
	text = table_row(o, "golf");
	ck_assert_ptr_nonnull(strstr(text, "golf \xe2\x96\xb2"));
	free(text);
	output_table_asked(o, 0);
	ck_assert(output_table_answer(o, "tbl-5", table, strlen(table)));
	ck_assert(output_table_sort(o, 0));
	ck_assert(output_table_want(o, 0, &want));
	ck_assert_str_eq(want.sort_column, "golf");
	ck_assert(want.descending);
	text = table_row(o, "golf");
	ck_assert_ptr_nonnull(strstr(text, "golf \xe2\x96\xbc"));
	free(text);
	/* The arrows still scroll; the cursor stays in the view (at its
	 * right edge). */
	for (i = 0; i < 8; i++) {
		ck_assert(output_table_key(o, 0, KEYS_LEFT));
		(void)output_nlines(o);
	}
	ck_assert_int_eq(header_role(o, "alpha"), DRAW_TABLE_HEADER);
	ck_assert_str_ne(output_table_column(o, 0), "golf");
	ck_assert_int_eq(header_role(o, output_table_column(o, 0)),
	    DRAW_TABLE_CURSOR);
	output_free(o);
}
END_TEST

/* The runner may take the kernel's answer before the request returns:
 * the table is then waiting for nothing and asks again when it must. */
START_TEST(test_output_table_answer_before_asked_keeps_asking)
{
	static const char table[] = "{\"table_id\": \"tbl-6\", \"columns\":"
	    " [\"x\", \"y\"], \"rows\": [[1, \"b\"], [2, \"a\"]],"
	    " \"nrows\": 2, \"offset\": 0}";
	struct output *o = output_new();
	struct output_table_want want;

	look_at(o, 40, 0);
	bundle2(o, TABLE_MIME, table, strlen(table), NULL, NULL);
	output_set_focus(o, 0);
	ck_assert(output_table_key(o, 0, '>'));
	ck_assert(output_table_sort(o, 0));
	ck_assert(output_table_want(o, 0, &want));
	ck_assert(output_table_answer(o, "tbl-6", table, strlen(table)));
	output_table_asked(o, 0);
	ck_assert(output_table_sort(o, 0));	/* descending */
	ck_assert(output_table_want(o, 0, &want));
	ck_assert_str_eq(want.sort_column, "y");
	ck_assert(want.descending);
	output_free(o);
}
END_TEST

START_TEST(test_output_table_gone_stops_asking)
{
	static const char table[] = "{\"table_id\": \"tbl-3\", \"columns\":"
	    " [\"x\"], \"rows\": [[1], [2]], \"nrows\": 5000, \"offset\": 0}";
	struct output *o = output_new();
	struct output_table_want want;
	size_t i;

	look_at(o, 40, 0);
	bundle2(o, TABLE_MIME, table, strlen(table), NULL, NULL);
	output_set_focus(o, 0);
	for (i = 0; i < 20; i++)
		ck_assert(output_table_key(o, 0, KEYS_DOWN));
	ck_assert(output_table_want(o, 0, &want));
	ck_assert_uint_le(want.offset, 20);
	ck_assert_uint_ge(want.offset + want.limit, 30);
	output_table_asked(o, 0);
	/* The kernel forgot it: no more asking, rows stay "…". */
	ck_assert(output_table_answer(o, "tbl-3", NULL, 0));
	ck_assert(!output_table_want(o, 0, &want));
	ck_assert(!output_table_sort(o, 0));
	assert_clean(o, 40);
	output_free(o);
}
END_TEST

static void
check_picture(int mode, const char *start, size_t startlen)
{
	struct output *o = output_new();
	struct output_graphics g;
	struct buf png = BUF_INIT;
	size_t i, n;

	read_fixture(&png, "quad.png");
	look_at(o, 40, mode);
	bundle2(o, "image/png", png.ptr, png.len, "text/plain", "quad");
	n = output_nlines(o);
	ck_assert(output_line_graphics(o, 0, &g));
	ck_assert_uint_eq(g.rows, n);
	ck_assert_uint_ge(g.cols, 1);
	ck_assert_uint_le(g.cols, 40);
	ck_assert_uint_gt(g.len, startlen + 2);
	ck_assert_msg(memcmp(g.seq, start, startlen) == 0,
	    "the picture does not start as it should");
	/* It ends with ST (ESC \). */
	ck_assert(g.seq[g.len - 2] == '\x1b' && g.seq[g.len - 1] == '\\');
	for (i = 1; i < n; i++)
		ck_assert(!output_line_graphics(o, i, &g));
	/* The symbols stay underneath, clean. */
	assert_clean(o, 40);
	/* Without graphics: none. */
	look_at(o, 40, 0);
	ck_assert(!output_line_graphics(o, 0, &g));
	buf_release(&png);
	output_free(o);
}

START_TEST(test_output_picture_as_sixel_is_a_dcs_q_to_st)
{
	struct output *o = output_new();
	struct output_graphics g;
	struct buf png = BUF_INIT;
	size_t i;

	check_picture(IMGRENDER_SIXEL, "\x1bP", 2);
	/* DCS, then parameters (digits and ';'), then 'q'. */
	read_fixture(&png, "quad.png");
	look_at(o, 40, IMGRENDER_SIXEL);
	bundle2(o, "image/png", png.ptr, png.len, NULL, NULL);
	ck_assert(output_line_graphics(o, 0, &g));
	for (i = 2; i < g.len && ((g.seq[i] >= '0' && g.seq[i] <= '9') ||
	    g.seq[i] == ';'); i++)
		;
	ck_assert_int_eq(g.seq[i], 'q');
	buf_release(&png);
	output_free(o);
}
END_TEST

START_TEST(test_output_picture_as_kitty_is_an_apc_g)
{
	check_picture(IMGRENDER_KITTY, "\x1b_G", 3);
}
END_TEST

START_TEST(test_output_picture_not_for_what_is_not_an_image)
{
	struct output *o = output_new();
	struct output_graphics g;

	look_at(o, 40, IMGRENDER_SIXEL);
	output_add(o, OUTPUT_VALUE, "text/plain", "\x1bPq#0!9~\x1b\\", 10);
	bundle2(o, "text/markdown", "# x", 3, NULL, NULL);
	ck_assert(!output_line_graphics(o, 0, &g));
	ck_assert(!output_line_graphics(o, 1, &g));
	ck_assert(!output_line_graphics(o, 99, &g));
	assert_clean(o, 40);
	output_free(o);
}
END_TEST

static Suite *
output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("output");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_output_streams_join_and_keep_their_order);
	tcase_add_test(tc, test_output_progress_line_shows_its_last_state);
	tcase_add_test(tc, test_output_line_index_follows_every_change);
	tcase_add_test(tc,
	    test_output_bytes_over_the_cell_limit_are_counted_not_kept);
	tcase_add_test(tc, test_output_bundle_prefers_widget_then_markdown);
	tcase_add_test(tc,
	    test_output_bundle_table_image_and_text_fallbacks);
	tcase_add_test(tc, test_output_rich_items_render_again_at_a_new_width);
	tcase_add_test(tc, test_output_sanitises_every_string);
	tcase_add_test(tc, test_output_elements_in_drawing_order);
	tcase_add_test(tc, test_output_table_selects_by_row_ids_when_sorted);
	tcase_add_test(tc, test_output_table_gone_stops_asking);
	tcase_add_test(tc, test_output_table_column_cursor_sorts_its_column);
	tcase_add_test(tc,
	    test_output_table_answer_before_asked_keeps_asking);
	tcase_add_test(tc, test_output_picture_as_sixel_is_a_dcs_q_to_st);
	tcase_add_test(tc, test_output_picture_as_kitty_is_an_apc_g);
	tcase_add_test(tc, test_output_picture_not_for_what_is_not_an_image);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(output_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
