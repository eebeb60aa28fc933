/*
 * check_layout.c: the editor's screen geometry (tui/layout.c): the bars
 * and the column at 80x24 and at the 40x10 minimum, the side view beside
 * or over the column, pane heights, which panes a scroll offset shows,
 * and scrolling the focus into view.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "layout.h"

START_TEST(test_layout_80x24)
{
	struct layout l;

	layout_screen(&l, 80, 24, false);
	ck_assert(!l.too_small);
	ck_assert_int_eq(l.top.y, 0);
	ck_assert_int_eq(l.top.rows, 1);
	ck_assert_int_eq(l.bottom.y, 23);
	ck_assert_int_eq(l.column.y, 1);
	ck_assert_int_eq(l.column.rows, 22);
	ck_assert_int_eq(l.column.cols, 80);
	ck_assert_int_eq(l.box_x, 1);
	ck_assert_int_eq(l.box_cols, 79);
	ck_assert_int_eq(l.text_x, 3);
	ck_assert_int_eq(l.text_cols, 75);
	ck_assert_int_eq(l.side.rows, 0);
}
END_TEST

START_TEST(test_layout_minimum_size)
{
	struct layout l;

	layout_screen(&l, 40, 10, false);
	ck_assert(!l.too_small);
	ck_assert_int_eq(l.column.rows, 8);
	ck_assert_int_eq(l.text_cols, 35);
	layout_screen(&l, 39, 10, false);
	ck_assert(l.too_small);
	layout_screen(&l, 40, 9, false);
	ck_assert(l.too_small);
	/* Nonsense sizes never give negative rectangles. */
	layout_screen(&l, 0, 0, true);
	ck_assert(l.too_small);
	ck_assert_int_ge(l.column.rows, 0);
	ck_assert_int_ge(l.bottom.y, 0);
	ck_assert_int_ge(l.text_cols, 1);
}
END_TEST

START_TEST(test_layout_side_beside_when_wide)
{
	struct layout l;

	layout_screen(&l, 120, 30, true);
	ck_assert_int_eq(l.side.rows, 28);
	ck_assert_int_gt(l.side.x, 0);
	ck_assert_int_eq(l.side.x + l.side.cols, 120);
	ck_assert_int_eq(l.column.cols, l.side.x);
	ck_assert_int_ge(l.column.cols, 60);
	ck_assert_int_eq(l.text_cols, l.column.cols - 5);
}
END_TEST

START_TEST(test_layout_side_over_when_narrow)
{
	struct layout l;

	layout_screen(&l, 80, 24, true);
	ck_assert_int_eq(l.side.x, 0);
	ck_assert_int_eq(l.side.cols, 80);
	ck_assert_int_eq(l.side.rows, 22);
	/* The column keeps its width behind it. */
	ck_assert_int_eq(l.column.cols, 80);
	layout_screen(&l, 39, 24, true);
	ck_assert_int_eq(l.side.rows, 0);	/* too small: no side view */
}
END_TEST

START_TEST(test_layout_pane_rows)
{
	struct layout_cell c;

	c.code_rows = 3;
	c.out_rows = 0;
	ck_assert_int_eq(layout_pane_rows(&c), 5);
	c.out_rows = 2;
	ck_assert_int_eq(layout_pane_rows(&c), 8);	/* + separator */
	c.code_rows = 0;
	ck_assert_int_eq(layout_pane_rows(&c), 4);	/* no separator */
	c.out_rows = 0;
	ck_assert_int_eq(layout_pane_rows(&c), 3);	/* an empty cell */
	c.code_rows = LAYOUT_HIDDEN;
	ck_assert_int_eq(layout_pane_rows(&c), 0);
	c.out_rows = 1;
	ck_assert_int_eq(layout_pane_rows(&c), 3);
}
END_TEST

START_TEST(test_layout_offsets)
{
	struct layout_cell cells[3] = { { 1, 0 }, { 2, 1 }, { 1, 0 } };

	ck_assert_int_eq(layout_offset(cells, 3, 0), 0);
	ck_assert_int_eq(layout_offset(cells, 3, 1), 3);
	ck_assert_int_eq(layout_offset(cells, 3, 2), 9);
	ck_assert_int_eq(layout_offset(cells, 3, 3), 12);
	ck_assert_int_eq(layout_offset(cells, 3, 99), 12);
}
END_TEST

START_TEST(test_layout_scroll_to)
{
	/* Already visible: no change. */
	ck_assert_int_eq(layout_scroll_to(5, 6, 8, 10, 100), 5);
	/* Below the view: just enough to show its end. */
	ck_assert_int_eq(layout_scroll_to(0, 20, 23, 10, 100), 13);
	/* Above: its start at the top. */
	ck_assert_int_eq(layout_scroll_to(50, 20, 23, 10, 100), 20);
	/* Taller than the view: its start wins. */
	ck_assert_int_eq(layout_scroll_to(0, 30, 60, 10, 100), 30);
	/* Clamped to the end and to zero. */
	ck_assert_int_eq(layout_scroll_to(0, 98, 100, 10, 100), 90);
	ck_assert_int_eq(layout_scroll_to(80, 0, 0, 10, 5), 0);
	ck_assert_int_eq(layout_scroll_to(3, 0, 1, 0, 100), 0);
}
END_TEST

START_TEST(test_layout_visible_clips_first_pane)
{
	struct layout l;
	struct layout_cell cells[4] = { { 3, 0 }, { 3, 0 }, { 3, 0 },
		{ 3, 0 } };
	struct layout_pane p[8];
	size_t n;

	layout_screen(&l, 80, 10, false);	/* 8 column rows */
	n = layout_visible(&l, cells, 4, 2, p, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(p[0].idx, 0);
	ck_assert_int_eq(p[0].y, l.column.y - 2);	/* clipped title */
	ck_assert_int_eq(p[0].code_y, l.column.y - 1);
	ck_assert_int_eq(p[0].sep_y, -1);
	ck_assert_uint_eq(p[1].idx, 1);
	ck_assert_int_eq(p[1].y, l.column.y + 3);
	/* max bounds the output. */
	ck_assert_uint_eq(layout_visible(&l, cells, 4, 0, p, 1), 1);
}
END_TEST

START_TEST(test_layout_visible_output_rows)
{
	struct layout l;
	struct layout_cell cells[2] = { { 2, 3 }, { LAYOUT_HIDDEN, 0 } };
	struct layout_pane p[4];
	size_t n;

	layout_screen(&l, 80, 24, false);
	n = layout_visible(&l, cells, 2, 0, p, 4);
	ck_assert_uint_eq(n, 1);	/* the hidden cell has no pane */
	ck_assert_int_eq(p[0].code_y, 2);
	ck_assert_int_eq(p[0].sep_y, 4);
	ck_assert_int_eq(p[0].out_y, 5);
	ck_assert_int_eq(p[0].rows, 8);
}
END_TEST

START_TEST(test_layout_cell_at_row)
{
	struct layout l;
	struct layout_cell cells[3] = { { 1, 0 }, { LAYOUT_HIDDEN, 0 },
		{ 2, 0 } };

	layout_screen(&l, 80, 24, false);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 0, 0), (size_t)-1);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 0, 1), 0);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 0, 3), 0);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 0, 4), 2);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 0, 7), 2);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 0, 8), (size_t)-1);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 3, 1), 2);
	ck_assert_uint_eq(layout_cell_at(&l, cells, 3, 0, 23), (size_t)-1);
}
END_TEST

static Suite *
layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("screen");

	tcase_add_test(tc, test_layout_80x24);
	tcase_add_test(tc, test_layout_minimum_size);
	tcase_add_test(tc, test_layout_side_beside_when_wide);
	tcase_add_test(tc, test_layout_side_over_when_narrow);
	suite_add_tcase(s, tc);
	tc = tcase_create("column");
	tcase_add_test(tc, test_layout_pane_rows);
	tcase_add_test(tc, test_layout_offsets);
	tcase_add_test(tc, test_layout_scroll_to);
	tcase_add_test(tc, test_layout_visible_clips_first_pane);
	tcase_add_test(tc, test_layout_visible_output_rows);
	tcase_add_test(tc, test_layout_cell_at_row);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(layout_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
