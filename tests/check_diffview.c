/*
 * check_diffview.c: how a cell-aware diff becomes the rows of the
 * editor's diff view (tui/diffview.c): which rows each kind of entry
 * gets, the counts of lines left out between hunks, the header row,
 * moving from change to change, the titles and notes (names sanitised),
 * and a changed line's cells with its new words in reverse video.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celldiff.h"
#include "checklib.h"
#include "diffview.h"
#include "draw.h"
#include "nb.h"
#include "render.h"
#include "sanitize.h"

/* The rows' kinds as letters: H T N L S B. */
static char *
shape(const struct diffview_rows *rows)
{
	static const char letter[] = { [DIFFVIEW_HEADER] = 'H',
		[DIFFVIEW_TOP] = 'T', [DIFFVIEW_NOTE] = 'N',
		[DIFFVIEW_LINE] = 'L', [DIFFVIEW_SKIP] = 'S',
		[DIFFVIEW_BOTTOM] = 'B' };
	char *s = calloc(rows->n + 1, 1);
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < rows->n; i++)
		s[i] = letter[rows->v[i].kind];
	return s;
}

static char *
notes(const struct celldiff_entry *e, bool shown)
{
	struct buf b = BUF_INIT;

	diffview_notes(&b, e, shown);
	return buf_detach(&b, NULL);
}

START_TEST(test_diffview_unchanged_cell_is_one_note)
{
	struct nb *a = CHECKLIB_NB("x = 1\ny = 2"),
	    *b = CHECKLIB_NB("x = 1\ny = 2");
	struct celldiff *d = celldiff_new(a, b, NULL);
	struct diffview_rows rows = { NULL, 0, 0 };
	char *s, *n;

	diffview_rows_make(&rows, d, false);
	s = shape(&rows);
	ck_assert_str_eq(s, "TNB");
	n = notes(celldiff_entry_at(d, 0), false);
	ck_assert_str_eq(n, "2 lines unchanged");
	free(s);
	free(n);
	/* Asked for: the text itself, and no count. */
	diffview_rows_release(&rows);
	diffview_rows_make(&rows, d, true);
	s = shape(&rows);
	ck_assert_str_eq(s, "TLLB");
	ck_assert_uint_eq(rows.v[2].line, 1);
	free(s);
	diffview_rows_release(&rows);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_diffview_hunks_count_left_out_lines)
{
	struct nb *a = CHECKLIB_NB("l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10");
	struct nb *b = CHECKLIB_NB("l1\nl2\nl3\nl4\nl5\nl6\nl7\nL8\nl9\nl10");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e = celldiff_entry_at(d, 0);
	struct diffview_rows rows = { NULL, 0, 0 };
	struct buf k = BUF_INIT;
	char *s;

	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	diffview_rows_make(&rows, d, false);
	s = shape(&rows);
	/* Three lines of context each side: l1-l4 left out. */
	ck_assert_str_eq(s, "TSLLLLLLLB");
	ck_assert_uint_eq(rows.v[1].line, 4);
	ck_assert_int_eq(e->lines[rows.v[5].line].op, CELLDIFF_DEL);
	ck_assert_int_eq(e->lines[rows.v[6].line].op, CELLDIFF_ADD);
	diffview_kind(&k, e);
	ck_assert_str_eq(k.ptr, "changed +1 -1");
	free(s);
	buf_release(&k);
	diffview_rows_release(&rows);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_diffview_changes_far_apart_have_a_gap)
{
	struct nb *a = CHECKLIB_NB("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl");
	struct nb *b = CHECKLIB_NB("A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL");
	struct celldiff *d = celldiff_new(a, b, NULL);
	struct diffview_rows rows = { NULL, 0, 0 };
	char *s;

	diffview_rows_make(&rows, d, false);
	s = shape(&rows);
	/* a/A and three after; four between; three before and l/L. */
	ck_assert_str_eq(s, "TLLLLLSLLLLLB");
	ck_assert_uint_eq(rows.v[6].line, 4);
	free(s);
	diffview_rows_release(&rows);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_diffview_added_and_removed_show_every_line)
{
	struct nb *a = CHECKLIB_NB("keep = 1", "gone = 2\ngone_too = 3");
	struct nb *b = CHECKLIB_NB("keep = 1");
	struct nb *c = CHECKLIB_NB("keep = 1",
	    "new = 4\nnew_too = 5\nthird = 6");
	struct celldiff *d = celldiff_new(a, b, NULL);
	struct diffview_rows rows = { NULL, 0, 0 };
	char *s;

	diffview_rows_make(&rows, d, false);
	s = shape(&rows);
	ck_assert_str_eq(s, "TNBTLLB");
	ck_assert_int_eq(celldiff_entry_at(d, 1)->kind, CELLDIFF_REMOVED);
	ck_assert_int_eq(diffview_line_role(&celldiff_entry_at(d,
	    1)->lines[0]), DRAW_GUTTER_REMOVE);
	free(s);
	diffview_rows_release(&rows);
	celldiff_free(d);
	d = celldiff_new(a, c, NULL);
	diffview_rows_make(&rows, d, false);
	s = shape(&rows);
	/* The removed cell, then the added one after it. */
	ck_assert_int_eq(celldiff_nentries(d), 3);
	ck_assert_str_eq(s, "TNBTLLBTLLLB");
	ck_assert_int_eq(diffview_line_role(&celldiff_entry_at(d,
	    2)->lines[0]), DRAW_GUTTER_ADD);
	free(s);
	diffview_rows_release(&rows);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
	nb_free(c);
}
END_TEST

START_TEST(test_diffview_next_change_skips_unchanged)
{
	struct nb *a = CHECKLIB_NB("a = 1", "b = 2", "c = 3", "d = 4");
	struct nb *b = CHECKLIB_NB("a = 1", "b = 20", "c = 3", "d = 40");
	struct celldiff *d = celldiff_new(a, b, NULL);
	struct diffview_rows rows = { NULL, 0, 0 };
	size_t r1, r3, r;

	diffview_rows_make(&rows, d, false);
	r1 = diffview_entry_row(&rows, 1);
	r3 = diffview_entry_row(&rows, 3);
	ck_assert_uint_ne(r1, (size_t)-1);
	ck_assert_uint_eq(rows.v[r1].entry, 1);
	ck_assert_int_eq(rows.v[r3].kind, DIFFVIEW_TOP);
	ck_assert_uint_eq(diffview_entry_row(&rows, 0), 0);
	ck_assert_uint_eq(diffview_entry_row(&rows, 4), (size_t)-1);
	ck_assert_uint_eq(diffview_next_change(&rows, d, (size_t)-1, false),
	    r1);
	ck_assert_uint_eq(diffview_next_change(&rows, d, r1, false), r3);
	ck_assert_uint_eq(diffview_next_change(&rows, d, r3, false),
	    (size_t)-1);
	/* Backward from inside entry 3 finds its own title first. */
	ck_assert_uint_eq(diffview_next_change(&rows, d, r3 + 1, true), r3);
	ck_assert_uint_eq(diffview_next_change(&rows, d, r3, true), r1);
	r = diffview_next_change(&rows, d, r1, true);
	ck_assert_uint_eq(r, (size_t)-1);
	diffview_rows_release(&rows);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_diffview_header_row_comes_first)
{
	struct nb *a = CHECKLIB_NB("x = 1"), *b = CHECKLIB_NB("x = 1");
	struct celldiff *d;
	struct diffview_rows rows = { NULL, 0, 0 };
	char *s;

	nb_set_header(b, "# /// script\n# ///\n", 19);
	d = celldiff_new(a, b, NULL);
	diffview_rows_make(&rows, d, false);
	s = shape(&rows);
	ck_assert_str_eq(s, "HTNB");
	ck_assert_uint_eq(diffview_entry_row(&rows, 0), 1);
	/* An unchanged cell is no change, the header no entry. */
	ck_assert_uint_eq(diffview_next_change(&rows, d, (size_t)-1, false),
	    (size_t)-1);
	free(s);
	diffview_rows_release(&rows);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_diffview_titles_and_notes)
{
	struct nb *a = CHECKLIB_NB("load=|df = read()", "b = 2", "c = 3");
	struct nb *b = CHECKLIB_NB("c = 3", "loader=|df = read()", "b = 2");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e;
	struct buf t = BUF_INIT;
	char *n;

	e = celldiff_entry_new(d, 1);
	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	diffview_title(&t, e);
	ck_assert_str_eq(t.ptr, "2 loader");
	n = notes(e, false);
	ck_assert_str_eq(n, "renamed from load, 1 line unchanged");
	free(n);
	e = celldiff_entry_new(d, 0);
	ck_assert_int_eq(e->kind, CELLDIFF_MOVED);
	buf_reset(&t);
	diffview_kind(&t, e);
	ck_assert_str_eq(t.ptr, "moved");
	n = notes(e, true);
	ck_assert_str_eq(n, "was cell 3");
	free(n);
	buf_release(&t);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_diffview_names_are_sanitised)
{
	struct nb *a = CHECKLIB_NB("x = 1");
	struct nb *b = CHECKLIB_NB("x = 1");
	struct celldiff *d;
	struct buf t = BUF_INIT;
	size_t i;

	nb_cell_set_name(nb_cell_at(b, 0), "evil\033]2;pwned\007");
	d = celldiff_new(a, b, NULL);
	diffview_title(&t, celldiff_entry_at(d, 0));
	for (i = 0; i < t.len; i++)
		ck_assert_int_ge((unsigned char)t.ptr[i], 0x20);
	ck_assert_ptr_nonnull(strstr(t.ptr, "evil"));
	buf_release(&t);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_diffview_line_reverses_only_new_words)
{
	static const char old[] = "total = rate * years";
	static const char new[] = "total = rate * years * 2";
	struct celldiff *d = celldiff_text(old, strlen(old), new, strlen(new),
	    NULL);
	const struct celldiff_entry *e = celldiff_entry_at(d, 0);
	const struct celldiff_line *add = NULL;
	struct render_line rl;
	size_t i;

	for (i = 0; i < e->nlines; i++)
		if (e->lines[i].op == CELLDIFF_ADD)
			add = &e->lines[i];
	ck_assert_ptr_nonnull(add);
	render_line_init(&rl);
	diffview_line_render(&rl, add, false);
	ck_assert_uint_eq(rl.n, strlen(new));
	for (i = 0; i < rl.n; i++) {
		bool rev = (rl.cells[i].flags & SANITIZE_REVERSE) != 0;

		ck_assert_int_eq(rl.cells[i].role, DRAW_GUTTER_ADD);
		ck_assert_msg(rev == (i >= strlen(old)), "cell %zu", i);
	}
	render_line_release(&rl);
	celldiff_free(d);
}
END_TEST

START_TEST(test_diffview_line_expands_tabs_and_marks_controls)
{
	static const char old[] = "a";
	static const char new[] = "\tb\033[2J";
	struct celldiff *d = celldiff_text(old, strlen(old), new, strlen(new),
	    NULL);
	const struct celldiff_entry *e = celldiff_entry_at(d, 0);
	struct render_line rl;
	size_t i;
	bool marker = false;

	render_line_init(&rl);
	for (i = 0; i < e->nlines; i++)
		if (e->lines[i].op == CELLDIFF_ADD)
			diffview_line_render(&rl, &e->lines[i], false);
	/* Eight columns of tab, then b, then the escape as a marker. */
	ck_assert_uint_ge(rl.n, 10);
	for (i = 0; i < 8; i++)
		ck_assert_uint_eq(rl.cells[i].cp, ' ');
	ck_assert_uint_eq(rl.cells[8].cp, 'b');
	for (i = 0; i < rl.n; i++) {
		ck_assert_uint_ne(rl.cells[i].cp, 0x1b);
		if (rl.cells[i].role == DRAW_MARKER)
			marker = true;
	}
	ck_assert(marker);
	render_line_release(&rl);
	celldiff_free(d);
}
END_TEST

START_TEST(test_diffview_thousand_cells_cost_rows_not_text)
{
	struct nb *a = nb_new(), *b = nb_new();
	struct celldiff *d;
	struct diffview_rows rows = { NULL, 0, 0 };
	char src[64];
	size_t i, n;

	for (i = 0; i < 1000; i++) {
		n = (size_t)snprintf(src, sizeof src, "v%zu = %zu", i, i);
		(void)nb_cell_insert(a, i, src, n);
		if (i == 500)
			n = (size_t)snprintf(src, sizeof src, "v%zu = -1", i);
		(void)nb_cell_insert(b, i, src, n);
	}
	d = celldiff_new(a, b, NULL);
	diffview_rows_make(&rows, d, false);
	/* 999 unchanged cells of three rows, one changed of five. */
	ck_assert_uint_eq(rows.n, 999 * 3 + 4);
	ck_assert_uint_eq(diffview_next_change(&rows, d, (size_t)-1, false),
	    500 * 3);
	diffview_rows_release(&rows);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

static Suite *
diffview_suite(void)
{
	Suite *s = suite_create("diffview");
	TCase *tc = tcase_create("rows");

	tcase_add_test(tc, test_diffview_unchanged_cell_is_one_note);
	tcase_add_test(tc, test_diffview_hunks_count_left_out_lines);
	tcase_add_test(tc, test_diffview_changes_far_apart_have_a_gap);
	tcase_add_test(tc, test_diffview_added_and_removed_show_every_line);
	tcase_add_test(tc, test_diffview_next_change_skips_unchanged);
	tcase_add_test(tc, test_diffview_header_row_comes_first);
	tcase_add_test(tc, test_diffview_thousand_cells_cost_rows_not_text);
	suite_add_tcase(s, tc);
	tc = tcase_create("text");
	tcase_add_test(tc, test_diffview_titles_and_notes);
	tcase_add_test(tc, test_diffview_names_are_sanitised);
	tcase_add_test(tc, test_diffview_line_reverses_only_new_words);
	tcase_add_test(tc, test_diffview_line_expands_tabs_and_marks_controls);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(diffview_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
