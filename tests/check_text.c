/*
 * check_text.c: the cell editor's text: edits, undo groups, redo, the
 * clean mark and the line index.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define TEXT_IS(t, s) ck_assert_str_eq(text_bytes((t), NULL), (s))

START_TEST(test_text_insert_delete)
{
	struct text *t = text_new("x = 1", 5);

	text_insert(t, 5, "\ny = 2", 6);
	TEXT_IS(t, "x = 1\ny = 2");
	text_delete(t, 0, 6);
	TEXT_IS(t, "y = 2");
	text_delete(t, 3, 100);		/* clamped */
	TEXT_IS(t, "y =");
	text_insert(t, 100, "!", 1);	/* clamped to the end */
	TEXT_IS(t, "y =!");
	ck_assert_uint_eq(text_len(t), 4);
	text_free(t);
}
END_TEST

START_TEST(test_text_typing_is_one_undo_step)
{
	struct text *t = text_new("", 0);
	size_t cur = 99;

	text_insert(t, 0, "a", 1);
	text_insert(t, 1, "b", 1);
	text_insert(t, 2, "c", 1);
	text_snapshot(t);
	text_insert(t, 3, "d", 1);
	ck_assert(text_undo(t, &cur));
	TEXT_IS(t, "abc");
	ck_assert_uint_eq(cur, 3);
	ck_assert(text_undo(t, &cur));
	TEXT_IS(t, "");
	ck_assert_uint_eq(cur, 0);
	ck_assert(!text_undo(t, NULL));
	ck_assert(text_redo(t, &cur));
	TEXT_IS(t, "abc");
	ck_assert_uint_eq(cur, 3);
	ck_assert(text_redo(t, NULL));
	TEXT_IS(t, "abcd");
	ck_assert(!text_redo(t, NULL));
	text_free(t);
}
END_TEST

START_TEST(test_text_undo_restores_deleted_bytes)
{
	struct text *t = text_new("def f():\n    return 1", 21);

	text_delete(t, 9, 4);
	text_insert(t, 9, "\t", 1);
	text_snapshot(t);
	TEXT_IS(t, "def f():\n\treturn 1");
	ck_assert(text_undo(t, NULL));
	TEXT_IS(t, "def f():\n    return 1");
	text_free(t);
}
END_TEST

START_TEST(test_text_new_edit_drops_redo)
{
	struct text *t = text_new("a", 1);

	text_insert(t, 1, "b", 1);
	text_snapshot(t);
	ck_assert(text_undo(t, NULL));
	text_insert(t, 1, "c", 1);
	ck_assert(!text_redo(t, NULL));
	TEXT_IS(t, "ac");
	text_free(t);
}
END_TEST

START_TEST(test_text_clean_mark_follows_undo)
{
	struct text *t = text_new("a", 1);

	ck_assert(!text_is_modified(t));
	text_insert(t, 1, "b", 1);
	ck_assert(text_is_modified(t));
	text_mark_clean(t);
	ck_assert(!text_is_modified(t));
	text_insert(t, 2, "c", 1);
	ck_assert(text_is_modified(t));
	ck_assert(text_undo(t, NULL));
	ck_assert(!text_is_modified(t));	/* back at the saved text */
	ck_assert(text_undo(t, NULL));
	ck_assert(text_is_modified(t));
	/* A new edit from here makes the saved state unreachable. */
	text_insert(t, 1, "z", 1);
	ck_assert(text_is_modified(t));
	text_free(t);
}
END_TEST

START_TEST(test_text_lines)
{
	struct text *t = text_new("ab\ncd\n\nef", 9);

	ck_assert_uint_eq(text_nlines(t), 4);
	ck_assert_uint_eq(text_line_start(t, 1), 3);
	ck_assert_uint_eq(text_line_end(t, 1), 5);
	ck_assert_uint_eq(text_line_start(t, 2), 6);
	ck_assert_uint_eq(text_line_end(t, 2), 6);
	ck_assert_uint_eq(text_line_end(t, 3), 9);
	ck_assert_uint_eq(text_line_of(t, 0), 0);
	ck_assert_uint_eq(text_line_of(t, 2), 0);
	ck_assert_uint_eq(text_line_of(t, 3), 1);
	ck_assert_uint_eq(text_line_of(t, 9), 3);
	text_insert(t, 0, "\n", 1);	/* the index follows edits */
	ck_assert_uint_eq(text_nlines(t), 5);
	ck_assert_uint_eq(text_line_of(t, 4), 2);
	text_free(t);
}
END_TEST

START_TEST(test_text_set_is_one_step)
{
	struct text *t = text_new("old", 3);

	text_set(t, "new text", 8);
	TEXT_IS(t, "new text");
	ck_assert(text_undo(t, NULL));
	TEXT_IS(t, "old");
	text_free(t);
}
END_TEST

static Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_text_insert_delete);
	tcase_add_test(tc, test_text_typing_is_one_undo_step);
	tcase_add_test(tc, test_text_undo_restores_deleted_bytes);
	tcase_add_test(tc, test_text_new_edit_drops_redo);
	tcase_add_test(tc, test_text_clean_mark_follows_undo);
	tcase_add_test(tc, test_text_lines);
	tcase_add_test(tc, test_text_set_is_one_step);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(text_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
