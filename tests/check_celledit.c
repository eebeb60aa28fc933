/*
 * check_celledit.c: the in-pane cell editor (tui/celledit.c) and the
 * rendering it measures columns with (tui/render.c): typing and undo
 * steps, auto-indent, Tab and Shift-Tab, backspace to indent stops,
 * cursor movement over wide and combining characters, cut and paste,
 * bracket matching, highlighting, and rendered code keeping source
 * offsets through tabs and markers.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celledit.h"
#include "draw.h"
#include "render.h"

#define TEXT_IS(ce, s) ck_assert_str_eq(celledit_bytes((ce), NULL), (s))

static void
type(struct celledit *ce, const char *s)
{
	celledit_insert(ce, s, strlen(s));
}

START_TEST(test_celledit_typing_and_word_undo)
{
	struct celledit *ce = celledit_new("", 0);

	type(ce, "x");
	type(ce, " ");
	type(ce, "=");
	type(ce, " ");
	type(ce, "1");
	TEXT_IS(ce, "x = 1");
	ck_assert(celledit_is_modified(ce));
	ck_assert(celledit_undo(ce));
	TEXT_IS(ce, "x =");
	ck_assert(celledit_undo(ce));
	TEXT_IS(ce, "x");
	ck_assert(celledit_redo(ce));
	TEXT_IS(ce, "x =");
	while (celledit_undo(ce))
		;
	TEXT_IS(ce, "");
	ck_assert(!celledit_is_modified(ce));
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_auto_indent)
{
	struct celledit *ce = celledit_new("", 0);

	type(ce, "def f(x):");
	celledit_newline(ce);
	TEXT_IS(ce, "def f(x):\n    ");
	type(ce, "if x:");
	celledit_newline(ce);
	type(ce, "return 1");
	celledit_newline(ce);
	/* After return, one level less. */
	TEXT_IS(ce, "def f(x):\n    if x:\n        return 1\n    ");
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_backspace_to_indent_stop)
{
	struct celledit *ce = celledit_new("if x:\n        y", 15);

	celledit_set_cursor(ce, 14, false);	/* before y */
	celledit_backspace(ce);
	TEXT_IS(ce, "if x:\n    y");
	celledit_backspace(ce);
	TEXT_IS(ce, "if x:\ny");
	celledit_backspace(ce);
	TEXT_IS(ce, "if x:y");
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_tab_and_dedent)
{
	struct celledit *ce = celledit_new("a\nb\n\nc", 6);

	celledit_set_cursor(ce, 0, false);
	ck_assert(celledit_tab_indents(ce));
	celledit_indent(ce);
	TEXT_IS(ce, "    a\nb\n\nc");
	celledit_set_cursor(ce, 5, false);
	ck_assert(!celledit_tab_indents(ce));	/* after a name: complete */
	/* Indent a selection: blank lines stay empty. */
	celledit_select_all(ce);
	celledit_indent(ce);
	TEXT_IS(ce, "        a\n    b\n\n    c");
	celledit_dedent(ce);
	TEXT_IS(ce, "    a\nb\n\nc");
	celledit_dedent(ce);
	TEXT_IS(ce, "a\nb\n\nc");
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_moves_over_wide_and_combining)
{
	/* "e" + U+0301, a CJK character, then x. */
	static const char s[] = "e\xcc\x81\xe4\xb8\x80x";
	struct celledit *ce = celledit_new(s, sizeof s - 1);

	celledit_set_cursor(ce, 0, false);
	ck_assert(celledit_move(ce, CELLEDIT_RIGHT, false, 1));
	ck_assert_uint_eq(celledit_cursor(ce), 3);	/* over the mark */
	ck_assert(celledit_move(ce, CELLEDIT_RIGHT, false, 1));
	ck_assert_uint_eq(celledit_cursor(ce), 6);
	ck_assert(celledit_move(ce, CELLEDIT_LEFT, false, 1));
	ck_assert(celledit_move(ce, CELLEDIT_LEFT, false, 1));
	ck_assert_uint_eq(celledit_cursor(ce), 0);
	ck_assert(!celledit_move(ce, CELLEDIT_LEFT, false, 1));
	/* A position inside a character snaps to its start. */
	celledit_set_cursor(ce, 2, false);
	ck_assert_uint_eq(celledit_cursor(ce), 0);
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_up_down_keep_column)
{
	/* Line 2 starts with a wide character (2 columns). */
	static const char s[] = "abcdef\n\xe4\xb8\x80xyz\nab";
	struct celledit *ce = celledit_new(s, sizeof s - 1);

	celledit_set_cursor(ce, 4, false);		/* column 4 */
	ck_assert(celledit_move(ce, CELLEDIT_DOWN, false, 1));
	ck_assert_uint_eq(celledit_cursor(ce), 7 + 3 + 2);	/* "y" */
	ck_assert(celledit_move(ce, CELLEDIT_DOWN, false, 1));
	ck_assert_uint_eq(celledit_cursor(ce), sizeof s - 1);	/* end */
	ck_assert(!celledit_move(ce, CELLEDIT_DOWN, false, 1));
	ck_assert(celledit_move(ce, CELLEDIT_UP, false, 2));
	ck_assert_uint_eq(celledit_cursor(ce), 4);	/* column kept */
	ck_assert(!celledit_move(ce, CELLEDIT_UP, false, 1));
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_selection_cut_paste)
{
	struct celledit *ce = celledit_new("one two", 7);
	struct buf clip = BUF_INIT;
	size_t s, e;

	celledit_set_cursor(ce, 0, false);
	ck_assert(celledit_move(ce, CELLEDIT_WORD_RIGHT, true, 1));
	ck_assert(celledit_selection(ce, &s, &e));
	ck_assert_uint_eq(s, 0);
	ck_assert_uint_eq(e, 3);
	ck_assert(celledit_cut(ce, &clip));
	ck_assert_str_eq(clip.ptr, "one");
	TEXT_IS(ce, " two");
	celledit_set_cursor(ce, 4, false);
	celledit_paste(ce, clip.ptr, clip.len);
	TEXT_IS(ce, " twoone");
	ck_assert(celledit_undo(ce));
	TEXT_IS(ce, " two");
	/* Typing replaces a selection. */
	celledit_select_all(ce);
	type(ce, "z");
	TEXT_IS(ce, "z");
	/* With no selection, cut takes the line. */
	celledit_free(ce);
	ce = celledit_new("a\nb\nc", 5);
	celledit_set_cursor(ce, 2, false);
	ck_assert(celledit_cut(ce, &clip));
	ck_assert_str_eq(clip.ptr, "b\n");
	TEXT_IS(ce, "a\nc");
	buf_release(&clip);
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_bracket_match)
{
	static const char s[] = "f(a[1], \"(\")";
	struct celledit *ce = celledit_new(s, sizeof s - 1);
	size_t at, match;

	celledit_set_cursor(ce, 1, false);
	ck_assert(celledit_bracket(ce, &at, &match));
	ck_assert_uint_eq(at, 1);
	ck_assert_uint_eq(match, sizeof s - 2);	/* not the one in "(" */
	celledit_set_cursor(ce, 6, false);	/* just after ']' */
	ck_assert(celledit_bracket(ce, &at, &match));
	ck_assert_uint_eq(at, 5);
	ck_assert_uint_eq(match, 3);
	celledit_set_cursor(ce, 10, false);	/* inside the string */
	ck_assert(!celledit_bracket(ce, &at, &match));
	celledit_free(ce);
}
END_TEST

START_TEST(test_celledit_highlight_roles)
{
	static const char s[] = "if x: print('a') # c";
	uint8_t roles[sizeof s];

	celledit_highlight(s, sizeof s - 1, roles);
	ck_assert_int_eq(roles[0], DRAW_KEYWORD);
	ck_assert_int_eq(roles[3], DRAW_TEXT);
	ck_assert_int_eq(roles[4], DRAW_OPERATOR);
	ck_assert_int_eq(roles[6], DRAW_BUILTIN);
	ck_assert_int_eq(roles[12], DRAW_STRING);
	ck_assert_int_eq(roles[19], DRAW_COMMENT);
}
END_TEST

START_TEST(test_render_code_offsets_through_tabs_and_markers)
{
	/* TAB, then C-a (drawn as a ^A marker), then x. */
	static const char s[] = "\tA\x01" "x";
	struct render_line rl;

	render_line_init(&rl);
	render_code(&rl, s, sizeof s - 1, 100, NULL, 8, false);
	ck_assert_uint_eq(rl.width, 8 + 1 + 2 + 1);
	ck_assert_uint_eq(render_col_of_src(&rl, 100), 0);
	ck_assert_uint_eq(render_col_of_src(&rl, 101), 8);
	ck_assert_uint_eq(render_col_of_src(&rl, 102), 9);
	ck_assert_uint_eq(render_col_of_src(&rl, 103), 11);
	ck_assert_uint_eq(render_src_at_col(&rl, 5), 100);
	ck_assert_int_eq(rl.cells[9].role, DRAW_MARKER);
	ck_assert_uint_eq(rl.cells[9].cp, '^');
	ck_assert_uint_eq(render_src_at_col(&rl, 20), (size_t)-1);
	render_line_release(&rl);
}
END_TEST

START_TEST(test_render_wrap_never_splits_wide)
{
	/* a, then three 2-column characters, in 4 columns: "a" + one wide
	 * fits 3; the next row takes two wide. */
	static const char s[] = "a\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80";
	struct render_line rl;

	render_line_init(&rl);
	render_code(&rl, s, sizeof s - 1, 0, NULL, 8, false);
	ck_assert_uint_eq(render_wrap_rows(&rl, 4, 0), 2);
	ck_assert_uint_eq(render_wrap_start(&rl, 4, 1), 2);
	ck_assert_uint_eq(render_wrap_rows(&rl, 4, 1), 1);
	render_line_release(&rl);
}
END_TEST

/* The call around the cursor placed at the '|' of text. */
static bool
call_at(const char *text, size_t *open, size_t *name)
{
	const char *bar = strchr(text, '|');
	struct buf b = BUF_INIT;
	struct celledit *ce;
	bool r;

	buf_add(&b, text, (size_t)(bar - text));
	buf_adds(&b, bar + 1);
	ce = celledit_new(b.ptr, b.len);
	celledit_set_cursor(ce, (size_t)(bar - text), false);
	r = celledit_call(ce, open, name);
	celledit_free(ce);
	buf_release(&b);
	return r;
}

START_TEST(test_celledit_call_around_the_cursor)
{
	size_t open, name;

	ck_assert(call_at("json.dumps(|", &open, &name));
	ck_assert_uint_eq(open, 10);
	ck_assert_uint_eq(name, 0);
	ck_assert(call_at("x = f(1, g(2), |)", &open, &name));
	ck_assert_uint_eq(open, 5);
	ck_assert_uint_eq(name, 4);
	ck_assert(call_at("x = f(1, g(|", &open, &name));
	ck_assert_uint_eq(open, 10);
	ck_assert_uint_eq(name, 9);
	/* Brackets in strings and comments do not count. */
	ck_assert(call_at("f(\"(\", ')', |", &open, &name));
	ck_assert_uint_eq(open, 1);
	ck_assert(call_at("f(a,  # )\n  |", &open, &name));
	ck_assert_uint_eq(open, 1);
	/* Outside any call, or in brackets that are not a call. */
	ck_assert(!call_at("(x)|", &open, &name));
	ck_assert(!call_at("f(x)|", &open, &name));
	ck_assert(!call_at("(1, |", &open, &name));
	ck_assert(!call_at("f([1, |", &open, &name));
	ck_assert(!call_at("x = 1|", &open, &name));
	ck_assert(!call_at("|", &open, &name));
	ck_assert(!call_at("3(|", &open, &name));
}
END_TEST

static Suite *
celledit_suite(void)
{
	Suite *s = suite_create("celledit");
	TCase *tc = tcase_create("edit");

	tcase_add_test(tc, test_celledit_typing_and_word_undo);
	tcase_add_test(tc, test_celledit_auto_indent);
	tcase_add_test(tc, test_celledit_backspace_to_indent_stop);
	tcase_add_test(tc, test_celledit_tab_and_dedent);
	tcase_add_test(tc, test_celledit_moves_over_wide_and_combining);
	tcase_add_test(tc, test_celledit_up_down_keep_column);
	tcase_add_test(tc, test_celledit_selection_cut_paste);
	tcase_add_test(tc, test_celledit_bracket_match);
	tcase_add_test(tc, test_celledit_highlight_roles);
	tcase_add_test(tc, test_celledit_call_around_the_cursor);
	suite_add_tcase(s, tc);
	tc = tcase_create("render");
	tcase_add_test(tc, test_render_code_offsets_through_tabs_and_markers);
	tcase_add_test(tc, test_render_wrap_never_splits_wide);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(celledit_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
