/*
 * check_scrollview.c: the position in a scrolling list (tui/scrollview.c)
 * that the log, diff, audit and side views share: moving and paging to
 * both ends, an empty list, a page taller than the list, the list
 * shrinking under the cursor, the screen resized, and which keys each
 * kind of view takes.
 */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdlib.h>

#include "keys.h"
#include "scrollview.h"

/* A list of n rows, page rows on screen. */
static void
make(struct scrollview *sv, unsigned flags, size_t n, size_t page)
{
	scrollview_init(sv, flags);
	scrollview_set_rows(sv, n);
	scrollview_set_page(sv, page);
}

START_TEST(test_scrollview_move_stops_at_ends)
{
	struct scrollview sv;

	make(&sv, 0, 5, 3);
	scrollview_move(&sv, -1);
	ck_assert_uint_eq(sv.sel, 0);
	scrollview_move(&sv, 1);
	scrollview_move(&sv, 1);
	scrollview_move(&sv, 1);
	ck_assert_uint_eq(sv.sel, 3);
	ck_assert_uint_eq(sv.top, 1);	/* the cursor pulled it down */
	scrollview_move(&sv, 1);
	scrollview_move(&sv, 1);
	ck_assert_uint_eq(sv.sel, 4);
	ck_assert_uint_eq(sv.top, 2);
	scrollview_move(&sv, LONG_MAX);
	ck_assert_uint_eq(sv.sel, 4);
	scrollview_move(&sv, LONG_MIN);
	ck_assert_uint_eq(sv.sel, 0);
	ck_assert_uint_eq(sv.top, 0);
}
END_TEST

START_TEST(test_scrollview_paging_at_both_ends)
{
	struct scrollview sv;

	make(&sv, 0, 10, 4);
	ck_assert(scrollview_key(&sv, KEYS_PGDN));
	ck_assert_uint_eq(sv.sel, 4);
	ck_assert_uint_eq(sv.top, 1);
	ck_assert(scrollview_key(&sv, KEYS_PGDN));
	ck_assert_uint_eq(sv.sel, 8);
	/* Less than a page left: the last row, no further. */
	ck_assert(scrollview_key(&sv, KEYS_PGDN));
	ck_assert_uint_eq(sv.sel, 9);
	ck_assert_uint_eq(sv.top, 6);
	ck_assert(scrollview_key(&sv, KEYS_PGDN));
	ck_assert_uint_eq(sv.sel, 9);
	ck_assert(scrollview_key(&sv, KEYS_PGUP));
	ck_assert_uint_eq(sv.sel, 5);
	ck_assert_uint_eq(sv.top, 5);
	ck_assert(scrollview_key(&sv, KEYS_PGUP));
	ck_assert_uint_eq(sv.sel, 1);
	ck_assert(scrollview_key(&sv, KEYS_PGUP));
	ck_assert_uint_eq(sv.sel, 0);
	ck_assert_uint_eq(sv.top, 0);
	ck_assert(scrollview_key(&sv, KEYS_PGUP));
	ck_assert_uint_eq(sv.sel, 0);
}
END_TEST

START_TEST(test_scrollview_empty_list)
{
	struct scrollview sv;
	size_t first, end;
	static const int keys[] = { KEYS_UP, KEYS_DOWN, KEYS_PGUP, KEYS_PGDN,
		KEYS_HOME, KEYS_END, 'j', 'k', 'g', 'G', ' ' };
	size_t i;

	make(&sv, SCROLLVIEW_HOME_END | SCROLLVIEW_LETTERS |
	    SCROLLVIEW_SPACE, 0, 5);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		ck_assert(scrollview_key(&sv, keys[i]));
		ck_assert_uint_eq(sv.sel, 0);
		ck_assert_uint_eq(sv.top, 0);
	}
	scrollview_move(&sv, 3);
	scrollview_goto(&sv, 7);
	ck_assert_uint_eq(sv.sel, 0);
	scrollview_visible_range(&sv, &first, &end);
	ck_assert_uint_eq(first, 0);
	ck_assert_uint_eq(end, 0);
	/* Rows arrive: the cursor is on the first. */
	scrollview_set_rows(&sv, 3);
	ck_assert_uint_eq(sv.sel, 0);
	scrollview_visible_range(&sv, &first, &end);
	ck_assert_uint_eq(end, 3);
}
END_TEST

START_TEST(test_scrollview_page_taller_than_list)
{
	struct scrollview sv;
	size_t first, end;

	make(&sv, SCROLLVIEW_HOME_END, 3, 20);
	ck_assert(scrollview_key(&sv, KEYS_PGDN));
	ck_assert_uint_eq(sv.sel, 2);
	ck_assert_uint_eq(sv.top, 0);
	scrollview_visible_range(&sv, &first, &end);
	ck_assert_uint_eq(first, 0);
	ck_assert_uint_eq(end, 3);
	ck_assert(scrollview_key(&sv, KEYS_HOME));
	ck_assert_uint_eq(sv.sel, 0);
	ck_assert(scrollview_key(&sv, KEYS_END));
	ck_assert_uint_eq(sv.sel, 2);
	ck_assert_uint_eq(sv.top, 0);
	/* Without a cursor, End cannot scroll a short list at all. */
	make(&sv, SCROLLVIEW_HOME_END | SCROLLVIEW_NO_CURSOR, 3, 20);
	ck_assert(scrollview_key(&sv, KEYS_END));
	ck_assert_uint_eq(sv.top, 0);
}
END_TEST

START_TEST(test_scrollview_clamps_when_list_shrinks)
{
	struct scrollview sv;
	size_t first, end;

	make(&sv, SCROLLVIEW_HOME_END, 100, 10);
	scrollview_goto(&sv, 80);
	ck_assert_uint_eq(sv.top, 71);
	/* Shrinks past the cursor: the last row, shown. */
	scrollview_set_rows(&sv, 40);
	ck_assert_uint_eq(sv.sel, 39);
	ck_assert_uint_eq(sv.top, 39);
	scrollview_visible_range(&sv, &first, &end);
	ck_assert_uint_eq(first, 39);
	ck_assert_uint_eq(end, 40);
	/* Shrinks but keeps the cursor's row: nothing moves. */
	scrollview_goto(&sv, 35);
	ck_assert_uint_eq(sv.top, 35);
	scrollview_set_rows(&sv, 38);
	ck_assert_uint_eq(sv.sel, 35);
	ck_assert_uint_eq(sv.top, 35);
	/* Grows: nothing moves either. */
	scrollview_set_rows(&sv, 1000);
	ck_assert_uint_eq(sv.sel, 35);
	ck_assert_uint_eq(sv.top, 35);
	/* Empties. */
	scrollview_set_rows(&sv, 0);
	ck_assert_uint_eq(sv.sel, 0);
	ck_assert_uint_eq(sv.top, 0);
}
END_TEST

START_TEST(test_scrollview_resize_keeps_cursor_on_screen)
{
	struct scrollview sv;
	size_t first, end;

	make(&sv, 0, 50, 20);
	scrollview_goto(&sv, 30);
	ck_assert_uint_eq(sv.top, 11);
	/* Shorter: the first row comes down to the cursor. */
	scrollview_set_page(&sv, 5);
	ck_assert_uint_eq(sv.sel, 30);
	ck_assert_uint_eq(sv.top, 26);
	scrollview_visible_range(&sv, &first, &end);
	ck_assert_uint_eq(first, 26);
	ck_assert_uint_eq(end, 31);
	/* Taller: nothing moves, more shows below. */
	scrollview_set_page(&sv, 40);
	ck_assert_uint_eq(sv.top, 26);
	scrollview_visible_range(&sv, &first, &end);
	ck_assert_uint_eq(end, 50);
	/* A page of 0 rows is one. */
	scrollview_set_page(&sv, 0);
	ck_assert_uint_eq(sv.page, 1);
	ck_assert_uint_eq(sv.top, 30);
	ck_assert(scrollview_key(&sv, KEYS_PGDN));
	ck_assert_uint_eq(sv.sel, 31);
}
END_TEST

START_TEST(test_scrollview_keys_per_view)
{
	struct scrollview sv;

	/* The side views: arrows and pages only. */
	make(&sv, 0, 10, 3);
	ck_assert(!scrollview_key(&sv, 'j'));
	ck_assert(!scrollview_key(&sv, KEYS_END));
	ck_assert(!scrollview_key(&sv, ' '));
	ck_assert(!scrollview_key(&sv, 'q'));
	ck_assert_uint_eq(sv.sel, 0);
	/* The log: letters, Home and End, but Space is its own. */
	make(&sv, SCROLLVIEW_HOME_END | SCROLLVIEW_LETTERS, 10, 3);
	ck_assert(scrollview_key(&sv, 'j'));
	ck_assert(scrollview_key(&sv, 'j'));
	ck_assert_uint_eq(sv.sel, 2);
	ck_assert(scrollview_key(&sv, 'k'));
	ck_assert_uint_eq(sv.sel, 1);
	ck_assert(scrollview_key(&sv, 'G'));
	ck_assert_uint_eq(sv.sel, 9);
	ck_assert(scrollview_key(&sv, 'g'));
	ck_assert_uint_eq(sv.sel, 0);
	ck_assert(!scrollview_key(&sv, ' '));
	ck_assert_uint_eq(sv.sel, 0);
	/* Letters without Home and End: g and G are not taken. */
	make(&sv, SCROLLVIEW_LETTERS, 10, 3);
	ck_assert(!scrollview_key(&sv, 'G'));
	ck_assert(!scrollview_key(&sv, KEYS_END));
	ck_assert_uint_eq(sv.sel, 0);
	/* The audit view: Space pages down. */
	make(&sv, SCROLLVIEW_HOME_END | SCROLLVIEW_LETTERS |
	    SCROLLVIEW_SPACE, 10, 3);
	ck_assert(scrollview_key(&sv, ' '));
	ck_assert_uint_eq(sv.sel, 3);
}
END_TEST

START_TEST(test_scrollview_no_cursor_scrolls_top)
{
	struct scrollview sv;

	/* The diff view: keys move the first row. */
	make(&sv, SCROLLVIEW_HOME_END | SCROLLVIEW_LETTERS |
	    SCROLLVIEW_SPACE | SCROLLVIEW_NO_CURSOR, 30, 10);
	ck_assert(scrollview_key(&sv, KEYS_DOWN));
	ck_assert_uint_eq(sv.top, 1);
	ck_assert(scrollview_key(&sv, KEYS_END));
	ck_assert_uint_eq(sv.top, 20);	/* the last full page */
	/* PgDn may go past End, as far as the last row at the top. */
	ck_assert(scrollview_key(&sv, ' '));
	ck_assert_uint_eq(sv.top, 29);
	ck_assert(scrollview_key(&sv, KEYS_PGDN));
	ck_assert_uint_eq(sv.top, 29);
	ck_assert(scrollview_key(&sv, KEYS_PGUP));
	ck_assert_uint_eq(sv.top, 19);
	ck_assert_uint_eq(sv.sel, sv.top);
	ck_assert(scrollview_key(&sv, 'g'));
	ck_assert_uint_eq(sv.top, 0);
	scrollview_goto(&sv, 25);
	ck_assert_uint_eq(sv.top, 25);
	/* The list shrinks under it. */
	scrollview_set_rows(&sv, 12);
	ck_assert_uint_eq(sv.top, 11);
	scrollview_set_page(&sv, 3);
	ck_assert_uint_eq(sv.top, 11);
}
END_TEST

static Suite *
scrollview_suite(void)
{
	Suite *s = suite_create("scrollview");
	TCase *tc = tcase_create("move");

	tcase_add_test(tc, test_scrollview_move_stops_at_ends);
	tcase_add_test(tc, test_scrollview_paging_at_both_ends);
	tcase_add_test(tc, test_scrollview_empty_list);
	tcase_add_test(tc, test_scrollview_page_taller_than_list);
	suite_add_tcase(s, tc);
	tc = tcase_create("clamp");
	tcase_add_test(tc, test_scrollview_clamps_when_list_shrinks);
	tcase_add_test(tc, test_scrollview_resize_keeps_cursor_on_screen);
	suite_add_tcase(s, tc);
	tc = tcase_create("keys");
	tcase_add_test(tc, test_scrollview_keys_per_view);
	tcase_add_test(tc, test_scrollview_no_cursor_scrolls_top);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(scrollview_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
