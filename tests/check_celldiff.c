/*
 * check_celldiff.c: the cell-aware diff. Pairing (ids, names, text,
 * similarity, moves, renames, splits, merges), the line script against a
 * brute-force LCS, word spans, whitespace-only changes, hunks, the
 * summary line, and the 1,000-cell time budget.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "celldiff.h"
#include "checklib.h"
#include "nb.h"

static const struct celldiff_entry *
by_new(const struct celldiff *d, size_t i)
{
	const struct celldiff_entry *e = celldiff_entry_new(d, i);

	ck_assert_ptr_nonnull(e);
	return e;
}

static const struct celldiff_entry *
by_old(const struct celldiff *d, size_t i)
{
	const struct celldiff_entry *e = celldiff_entry_old(d, i);

	ck_assert_ptr_nonnull(e);
	return e;
}

/* Whether span k of line l covers exactly the text want. */
static bool
span_is(const struct celldiff_line *l, size_t k, const char *want)
{
	return k < l->nspans && l->spans[k].len == strlen(want) &&
	    memcmp(l->text + l->spans[k].off, want, l->spans[k].len) == 0;
}

static char *
summary(const struct celldiff *d)
{
	struct buf b = BUF_INIT;

	celldiff_summary(d, &b, 0);
	return buf_detach(&b, NULL);
}

START_TEST(test_celldiff_identical_is_empty)
{
	struct nb *a = CHECKLIB_NB("import marimo as mo", "x = 1\ny = 2",
	    "x + y");
	struct nb *b = CHECKLIB_NB("import marimo as mo", "x = 1\ny = 2",
	    "x + y");
	struct celldiff *d = celldiff_new(a, b, NULL);
	size_t i;

	ck_assert(celldiff_is_empty(d));
	ck_assert_uint_eq(celldiff_nentries(d), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(by_new(d, i)->kind, CELLDIFF_UNCHANGED);
		ck_assert_uint_eq(by_new(d, i)->old_idx, i);
		ck_assert_uint_eq(by_new(d, i)->nhunks, 0);
	}
	ck_assert_uint_eq(by_new(d, 1)->nlines, 2);
	ck_assert_int_eq(by_new(d, 1)->lines[1].op, CELLDIFF_EQUAL);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_changed_line_has_hunk_and_words)
{
	struct nb *a = CHECKLIB_NB("import pandas as pd",
	    "load=|df = pd.read_csv('loans.csv')\nn = len(df)",
	    "df.head()");
	struct nb *b = CHECKLIB_NB("import pandas as pd",
	    "load=|df = pd.read_csv('loans_2026.csv')\nn = len(df)",
	    "df.head()");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e = by_new(d, 1);
	const struct celldiff_line *del, *add;
	char *s;

	ck_assert(!celldiff_is_empty(d));
	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(e->flags, 0);
	ck_assert_uint_eq(e->nhunks, 1);
	ck_assert_uint_eq(e->hunks[0].old_start, 1);
	ck_assert_uint_eq(e->hunks[0].old_count, 2);
	ck_assert_uint_eq(e->hunks[0].new_count, 2);
	ck_assert_uint_eq(e->nadded, 1);
	ck_assert_uint_eq(e->nremoved, 1);
	del = &e->lines[0];
	add = &e->lines[1];
	ck_assert_int_eq(del->op, CELLDIFF_DEL);
	ck_assert_int_eq(add->op, CELLDIFF_ADD);
	ck_assert_int_eq(e->lines[2].op, CELLDIFF_EQUAL);
	/* Only the file name's word differs. */
	ck_assert_uint_eq(del->nspans, 1);
	ck_assert_uint_eq(add->nspans, 1);
	ck_assert(span_is(del, 0, "loans"));
	ck_assert(span_is(add, 0, "loans_2026"));
	ck_assert(!add->ws_only);
	s = summary(d);
	ck_assert_str_eq(s, "changed: load");
	free(s);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_added_and_removed_in_place)
{
	struct nb *a = CHECKLIB_NB("a = 1", "b = a + 1", "c = b * 2",
	    "print(c)");
	struct nb *b = CHECKLIB_NB("a = 1", "summary=|total = a + c\ntotal",
	    "c = b * 2", "print(c)");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e;
	char *s;

	/* Display order: a, b (removed), summary (added), c, print: as in
	 * a unified diff, what went comes before what came. */
	ck_assert_uint_eq(celldiff_nentries(d), 5);
	e = celldiff_entry_at(d, 2);
	ck_assert_int_eq(e->kind, CELLDIFF_ADDED);
	ck_assert_str_eq(e->new_name, "summary");
	ck_assert_uint_eq(e->nadded, 2);
	ck_assert_uint_eq(e->old_idx, CELLDIFF_NONE);
	e = celldiff_entry_at(d, 1);
	ck_assert_int_eq(e->kind, CELLDIFF_REMOVED);
	ck_assert_uint_eq(e->old_idx, 1);
	ck_assert_uint_eq(e->nremoved, 1);
	ck_assert_int_eq(e->lines[0].op, CELLDIFF_DEL);
	ck_assert_int_eq(by_new(d, 2)->kind, CELLDIFF_UNCHANGED);
	s = summary(d);
	ck_assert_str_eq(s, "added: summary; removed: cell 2");
	free(s);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_removed_first_cell_sorts_first)
{
	struct nb *a = CHECKLIB_NB("gone = 0", "x = 1", "y = 2");
	struct nb *b = CHECKLIB_NB("x = 1", "y = 2");
	struct celldiff *d = celldiff_new(a, b, NULL);

	ck_assert_int_eq(celldiff_entry_at(d, 0)->kind, CELLDIFF_REMOVED);
	ck_assert_uint_eq(celldiff_entry_at(d, 0)->old_idx, 0);
	ck_assert_uint_eq(celldiff_entry_at(d, 1)->new_idx, 0);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_move_marks_only_the_moved_cell)
{
	struct nb *a = CHECKLIB_NB("a = 1", "b = 2", "c = 3", "d = 4", "e = 5");
	struct nb *b = CHECKLIB_NB("a = 1", "c = 3", "d = 4", "b = 2", "e = 5");
	struct celldiff *d = celldiff_new(a, b, NULL);
	char *s;

	ck_assert_int_eq(by_new(d, 0)->kind, CELLDIFF_UNCHANGED);
	ck_assert_int_eq(by_new(d, 1)->kind, CELLDIFF_UNCHANGED);
	ck_assert_int_eq(by_new(d, 2)->kind, CELLDIFF_UNCHANGED);
	ck_assert_int_eq(by_new(d, 3)->kind, CELLDIFF_MOVED);
	ck_assert_uint_eq(by_new(d, 3)->old_idx, 1);
	ck_assert(by_new(d, 3)->flags & CELLDIFF_F_MOVED);
	ck_assert_int_eq(by_new(d, 4)->kind, CELLDIFF_UNCHANGED);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_MOVED), 1);
	ck_assert(!celldiff_is_empty(d));
	s = summary(d);
	ck_assert_str_eq(s, "moved: cell 4");
	free(s);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_moved_and_edited_cell_is_changed_and_moved)
{
	struct nb *a = CHECKLIB_NB("import numpy as np",
	    "rates = np.linspace(0, 1, 11)\nscaled = rates * 100\n"
	    "mean = scaled.mean()\nprint(mean)",
	    "threshold = 30", "flag = mean > threshold");
	struct nb *b = CHECKLIB_NB("import numpy as np", "threshold = 30",
	    "flag = mean > threshold",
	    "rates = np.linspace(0, 1, 21)\nscaled = rates * 100\n"
	    "mean = scaled.mean()\nprint(mean)");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e = by_new(d, 3);

	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(e->old_idx, 1);
	ck_assert(e->flags & CELLDIFF_F_MOVED);
	ck_assert_uint_eq(e->nadded, 1);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_ADDED), 0);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_REMOVED), 0);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_rename_same_text)
{
	struct nb *a = CHECKLIB_NB("x = 1", "load=|df = read()\ndf", "y = 2");
	struct nb *b = CHECKLIB_NB("x = 1", "load_data=|df = read()\ndf",
	    "y = 2");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e = by_new(d, 1);
	char *s;

	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(e->flags, CELLDIFF_F_RENAMED);
	ck_assert_str_eq(e->old_name, "load");
	ck_assert_str_eq(e->new_name, "load_data");
	ck_assert_uint_eq(e->nhunks, 0);
	s = summary(d);
	ck_assert_str_eq(s, "changed: load_data");
	free(s);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_config_change)
{
	struct nb *a = CHECKLIB_NB("x = 1", "y = 2");
	struct nb *b = CHECKLIB_NB("x = 1", "y = 2");
	struct nb_cell_config cfg = nb_cell_config_default;
	struct celldiff *d;

	cfg.hide_code = true;
	nb_cell_set_config(nb_cell_at(b, 1), cfg);
	d = celldiff_new(a, b, NULL);
	ck_assert_int_eq(by_new(d, 1)->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(by_new(d, 1)->flags, CELLDIFF_F_CONFIG);
	ck_assert_uint_eq(by_new(d, 1)->nhunks, 0);
	ck_assert_int_eq(by_new(d, 0)->kind, CELLDIFF_UNCHANGED);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_name_pairs_rewritten_cell)
{
	/* Named cells pair by name even when the text is all new, and
	 * even when they swapped places with an unnamed one. */
	struct nb *a = CHECKLIB_NB("report=|print('old report')", "z = 3");
	struct nb *b = CHECKLIB_NB("z = 3",
	    "report=|summary = make()\nshow(summary)");
	struct celldiff *d = celldiff_new(a, b, NULL);

	ck_assert_uint_eq(by_new(d, 1)->old_idx, 0);
	ck_assert_int_eq(by_new(d, 1)->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(by_new(d, 0)->old_idx, 1);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_ADDED), 0);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_rename_and_edit_pairs_by_content)
{
	struct nb *a = CHECKLIB_NB("a = 1",
	    "load=|import csv\nrows = list(csv.reader(open('x.csv')))\n"
	    "header = rows[0]\nbody = rows[1:]\nprint(len(body))",
	    "b = 2");
	struct nb *b = CHECKLIB_NB("a = 1",
	    "read_rows=|import csv\nrows = list(csv.reader(open('y.csv')))\n"
	    "header = rows[0]\nbody = rows[1:]\nprint(len(body))",
	    "b = 2");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e = by_new(d, 1);

	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(e->old_idx, 1);
	ck_assert(e->flags & CELLDIFF_F_RENAMED);
	ck_assert_uint_eq(e->nadded, 1);
	ck_assert_uint_eq(e->nremoved, 1);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_small_cell_edit_in_place)
{
	/* One-line cells share no line: bigrams pair them in their gap. */
	struct nb *a = CHECKLIB_NB("x = 10", "threshold = 30", "y = x * 2");
	struct nb *b = CHECKLIB_NB("x = 10", "threshold = 35", "y = x * 2");
	struct celldiff *d = celldiff_new(a, b, NULL);

	ck_assert_uint_eq(celldiff_nentries(d), 3);
	ck_assert_int_eq(by_new(d, 1)->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(by_new(d, 1)->old_idx, 1);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_unrelated_cells_are_not_paired)
{
	struct nb *a = CHECKLIB_NB("x = 10",
	    "import json\nwith open('c.json') as f:"
	    "\n    cfg = json.load(f)", "y = x * 2", "zz = 1");
	struct nb *b = CHECKLIB_NB("x = 10",
	    "plt.plot(range(5))\nplt.title('t')",
	    "y = x * 2", "zz = 1", "q = 1");
	struct celldiff *d = celldiff_new(a, b, NULL);

	ck_assert_int_eq(by_new(d, 1)->kind, CELLDIFF_ADDED);
	ck_assert_int_eq(by_old(d, 1)->kind, CELLDIFF_REMOVED);
	ck_assert_int_eq(by_new(d, 4)->kind, CELLDIFF_ADDED);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_split_cell)
{
	struct nb *a = CHECKLIB_NB("import pandas as pd",
	    "df = pd.read_csv('loans.csv')\ndf = df.dropna()\n"
	    "df['ratio'] = df.debt / df.income\n"
	    "flagged = df[df.ratio > 0.4]\ncount = len(flagged)\n"
	    "share = count / len(df)",
	    "print(share)");
	struct nb *b = CHECKLIB_NB("import pandas as pd",
	    "df = pd.read_csv('loans.csv')\ndf = df.dropna()\n"
	    "df['ratio'] = df.debt / df.income",
	    "flagged = df[df.ratio > 0.4]\ncount = len(flagged)\n"
	    "share = count / len(df)",
	    "print(share)");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e1 = by_new(d, 1), *e2 = by_new(d, 2);
	const struct celldiff_entry *kept, *piece;

	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_REMOVED), 0);
	/* One piece keeps the old cell, the other is added, split from it. */
	kept = e1->kind == CELLDIFF_CHANGED ? e1 : e2;
	piece = kept == e1 ? e2 : e1;
	ck_assert_int_eq(kept->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(kept->old_idx, 1);
	ck_assert(kept->flags & CELLDIFF_F_SPLIT);
	ck_assert_uint_eq(kept->nremoved, 3);
	ck_assert_uint_eq(kept->nadded, 0);
	ck_assert_int_eq(piece->kind, CELLDIFF_ADDED);
	ck_assert(piece->flags & CELLDIFF_F_SPLIT);
	ck_assert_uint_eq(piece->other_idx, 1);
	ck_assert_int_eq(by_new(d, 3)->kind, CELLDIFF_UNCHANGED);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_split_in_four_small_pieces)
{
	/* No piece reaches half of the old cell's lines by Dice; the
	 * biggest piece still keeps it and the rest are splits. */
	struct nb *a = CHECKLIB_NB("a1 = 1\na2 = 2\na3 = 3\nb1 = 1\nb2 = 2\n"
	    "c1 = 1\nc2 = 2\nd1 = 1\nd2 = 2");
	struct nb *b = CHECKLIB_NB("a1 = 1\na2 = 2\na3 = 3", "b1 = 1\nb2 = 2",
	    "c1 = 1\nc2 = 2", "d1 = 1\nd2 = 2");
	struct celldiff *d = celldiff_new(a, b, NULL);
	size_t i;

	ck_assert_int_eq(by_new(d, 0)->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(by_new(d, 0)->old_idx, 0);
	for (i = 1; i < 4; i++) {
		ck_assert_int_eq(by_new(d, i)->kind, CELLDIFF_ADDED);
		ck_assert(by_new(d, i)->flags & CELLDIFF_F_SPLIT);
		ck_assert_uint_eq(by_new(d, i)->other_idx, 0);
	}
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_merged_cells)
{
	struct nb *a = CHECKLIB_NB("x = 0",
	    "total = 0\nfor r in rows:\n    total += r.amount",
	    "avg = total / len(rows)\nprint(avg)", "y = 1");
	struct nb *b = CHECKLIB_NB("x = 0",
	    "total = 0\nfor r in rows:\n    total += r.amount\n"
	    "avg = total / len(rows)\nprint(avg)", "y = 1");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *m = by_new(d, 1), *gone;

	ck_assert_int_eq(m->kind, CELLDIFF_CHANGED);
	ck_assert(m->flags & CELLDIFF_F_MERGED);
	gone = by_old(d, m->old_idx == 1 ? 2 : 1);
	ck_assert_int_eq(gone->kind, CELLDIFF_REMOVED);
	ck_assert(gone->flags & CELLDIFF_F_MERGED);
	ck_assert_uint_eq(gone->other_idx, 1);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_ADDED), 0);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_copy_is_not_a_split)
{
	struct nb *a = CHECKLIB_NB(
	    "setup=|import os\nimport sys\nprint(os.sep)");
	struct nb *b = CHECKLIB_NB(
	    "setup=|import os\nimport sys\nprint(os.sep)",
	    "import os\nimport sys\nprint(os.sep)");
	struct celldiff *d = celldiff_new(a, b, NULL);

	ck_assert_int_eq(by_new(d, 0)->kind, CELLDIFF_UNCHANGED);
	ck_assert_int_eq(by_new(d, 1)->kind, CELLDIFF_ADDED);
	ck_assert_uint_eq(by_new(d, 1)->flags, 0);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_whitespace_only)
{
	struct nb *a = CHECKLIB_NB("a = 1",
	    "x=compute(a,2)\nif x:\n  print(x)");
	struct nb *b = CHECKLIB_NB("a = 1",
	    "x = compute(a, 2)\nif x:\n    print(x)");
	struct celldiff *d = celldiff_new(a, b, NULL);
	const struct celldiff_entry *e = by_new(d, 1);
	size_t i, nws = 0;

	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	ck_assert(e->flags & CELLDIFF_F_WHITESPACE);
	for (i = 0; i < e->nlines; i++)
		if (e->lines[i].op != CELLDIFF_EQUAL) {
			ck_assert(e->lines[i].ws_only);
			nws++;
		}
	ck_assert_uint_eq(nws, 4);
	ck_assert(!(by_new(d, 0)->flags & CELLDIFF_F_WHITESPACE));
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_not_whitespace_only)
{
	struct nb *a = CHECKLIB_NB("x = 1\ny = 2");
	struct nb *b = CHECKLIB_NB("x = 1\ny = 3");
	struct celldiff *d = celldiff_new(a, b, NULL);

	ck_assert(!(by_new(d, 0)->flags & CELLDIFF_F_WHITESPACE));
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_ids_shared)
{
	/* The same model before and after swapping two cells' texts: by
	 * id they are the same cells, changed in place. */
	struct nb *a = CHECKLIB_NB("alpha = 1\nprint(alpha)",
	    "beta = 2\nprint(beta)");
	struct nb *b = nb_new();
	struct celldiff_options o = { .ids_shared = true };
	struct celldiff *d;
	size_t len;
	const char *s;

	nb_cell_insert(b, 0, "", 0);
	nb_cell_insert(b, 1, "", 0);
	s = nb_cell_source(nb_cell_at(a, 1), &len);
	nb_cell_set_source(nb_cell_at(b, 0), s, len);
	s = nb_cell_source(nb_cell_at(a, 0), &len);
	nb_cell_set_source(nb_cell_at(b, 1), s, len);
	/* Without the option, text wins: a move. */
	d = celldiff_new(a, b, NULL);
	ck_assert_uint_eq(by_new(d, 0)->old_idx, 1);
	celldiff_free(d);
	d = celldiff_new(a, b, &o);
	ck_assert_uint_eq(by_new(d, 0)->old_idx, 0);
	ck_assert_int_eq(by_new(d, 0)->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(by_new(d, 0)->old_id, by_new(d, 0)->new_id);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_null_sides)
{
	struct nb *a = CHECKLIB_NB("a = 1", "b = 2");
	struct celldiff *d = celldiff_new(NULL, a, NULL);
	char *s;

	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_ADDED), 2);
	s = summary(d);
	ck_assert_str_eq(s, "added: cell 1, cell 2");
	free(s);
	celldiff_free(d);
	d = celldiff_new(a, NULL, NULL);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_REMOVED), 2);
	celldiff_free(d);
	d = celldiff_new(NULL, NULL, NULL);
	ck_assert(celldiff_is_empty(d));
	celldiff_free(d);
	nb_free(a);
}
END_TEST

START_TEST(test_celldiff_summary_limit)
{
	struct nb *a = CHECKLIB_NB("a", "b", "c", "d", "e");
	struct nb *b = nb_new();
	struct celldiff *d = celldiff_new(a, b, NULL);
	struct buf s = BUF_INIT;

	celldiff_summary(d, &s, 2);
	ck_assert_str_eq(s.ptr, "removed: cell 1, cell 2 +3 more");
	buf_release(&s);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_header_change)
{
	struct nb *a = CHECKLIB_NB("a = 1");
	struct nb *b = CHECKLIB_NB("a = 1");
	struct celldiff *d;
	char *s;

	nb_set_header(b, "# /// script\n# ///", 18);
	d = celldiff_new(a, b, NULL);
	ck_assert(celldiff_header_changed(d));
	ck_assert(!celldiff_is_empty(d));
	s = summary(d);
	ck_assert_str_eq(s, "changed: header");
	free(s);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_text_hunks_with_context)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct celldiff *d;
	const struct celldiff_entry *e;
	struct celldiff_options o = { .context = 2 };
	int i;

	for (i = 1; i <= 30; i++) {
		buf_addf(&a, "%sline %d", i > 1 ? "\n" : "", i);
		if (i == 10)
			buf_adds(&b, "\nline ten");
		else if (i != 25)
			buf_addf(&b, "%sline %d", i > 1 ? "\n" : "", i);
	}
	d = celldiff_text(a.ptr, a.len, b.ptr, b.len, &o);
	e = celldiff_entry_at(d, 0);
	ck_assert_int_eq(e->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(e->nhunks, 2);
	ck_assert_uint_eq(e->hunks[0].old_start, 8);
	ck_assert_uint_eq(e->hunks[0].old_count, 5);
	ck_assert_uint_eq(e->hunks[0].new_start, 8);
	ck_assert_uint_eq(e->hunks[0].new_count, 5);
	ck_assert_uint_eq(e->hunks[1].old_start, 23);
	ck_assert_uint_eq(e->hunks[1].old_count, 5);
	ck_assert_uint_eq(e->hunks[1].new_start, 23);
	ck_assert_uint_eq(e->hunks[1].new_count, 4);
	ck_assert_uint_eq(e->hunks[0].n, 6);
	ck_assert_int_eq(e->lines[e->hunks[0].first + 2].op, CELLDIFF_DEL);
	celldiff_free(d);
	/* Adding to an empty text: hunk "-0,0 +1,2". */
	d = celldiff_text("", 0, "x\ny", 3, NULL);
	e = celldiff_entry_at(d, 0);
	ck_assert_uint_eq(e->nhunks, 1);
	ck_assert_uint_eq(e->hunks[0].old_start, 0);
	ck_assert_uint_eq(e->hunks[0].old_count, 0);
	ck_assert_uint_eq(e->hunks[0].new_start, 1);
	ck_assert_uint_eq(e->hunks[0].new_count, 2);
	celldiff_free(d);
	buf_release(&a);
	buf_release(&b);
}
END_TEST

/* Length of the longest common subsequence of two line arrays. */
static size_t
lcs(char **a, size_t n, char **b, size_t m)
{
	size_t *t = calloc((n + 1) * (m + 1), sizeof *t), i, j, r;

	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			size_t *c = &t[i * (m + 1) + j];

			if (strcmp(a[i - 1], b[j - 1]) == 0)
				*c = t[(i - 1) * (m + 1) + j - 1] + 1;
			else
				*c = t[(i - 1) * (m + 1) + j] >
				    t[i * (m + 1) + j - 1] ?
				    t[(i - 1) * (m + 1) + j] :
				    t[i * (m + 1) + j - 1];
		}
	r = t[n * (m + 1) + m];
	free(t);
	return r;
}

START_TEST(test_celldiff_line_script_is_minimal)
{
	/* Random texts over a tiny alphabet: the script must rebuild both
	 * sides and have exactly n + m - 2 * LCS edits. */
	unsigned seed = 12345;
	int round;

	for (round = 0; round < 300; round++) {
		char *la[40], *lb[40];
		struct buf a = BUF_INIT, b = BUF_INIT, ra = BUF_INIT,
		    rb = BUF_INIT;
		size_t n, m, i, edits = 0;
		struct celldiff *d;
		const struct celldiff_entry *e;

		seed = seed * 1103515245 + 12345;
		n = 1 + (seed >> 16) % 30;
		seed = seed * 1103515245 + 12345;
		m = 1 + (seed >> 16) % 30;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			la[i] = strdup((const char *[]){ "a", "b", "c",
			    "d" }[(seed >> 16) % 4]);
			buf_addf(&a, "%s%s", i ? "\n" : "", la[i]);
		}
		for (i = 0; i < m; i++) {
			seed = seed * 1103515245 + 12345;
			lb[i] = strdup((const char *[]){ "a", "b", "c",
			    "e" }[(seed >> 16) % 4]);
			buf_addf(&b, "%s%s", i ? "\n" : "", lb[i]);
		}
		d = celldiff_text(a.ptr, a.len, b.ptr, b.len, NULL);
		e = celldiff_entry_at(d, 0);
		for (i = 0; i < e->nlines; i++) {
			const struct celldiff_line *l = &e->lines[i];

			if (l->op != CELLDIFF_ADD) {
				buf_addf(&ra, "%s", ra.len ? "\n" : "");
				buf_add(&ra, l->text, l->len);
			}
			if (l->op != CELLDIFF_DEL) {
				buf_addf(&rb, "%s", rb.len ? "\n" : "");
				buf_add(&rb, l->text, l->len);
			}
			if (l->op != CELLDIFF_EQUAL)
				edits++;
		}
		ck_assert_str_eq(ra.ptr, a.ptr);
		ck_assert_str_eq(rb.ptr, b.ptr);
		ck_assert_uint_eq(edits, n + m - 2 * lcs(la, n, lb, m));
		celldiff_free(d);
		for (i = 0; i < n; i++)
			free(la[i]);
		for (i = 0; i < m; i++)
			free(lb[i]);
		buf_release(&a);
		buf_release(&b);
		buf_release(&ra);
		buf_release(&rb);
	}
}
END_TEST

/* A 1,000-cell notebook like bench/gen-notebook.py makes: a chain of
 * cells of a few lines each. */
static struct nb *
big(int variant)
{
	struct nb *nb = nb_new();
	struct buf s = BUF_INIT;
	int i;

	for (i = 0; i < 1000; i++) {
		int k = i;

		buf_reset(&s);
		if (variant == 1 && i == 500)
			continue;	/* removed */
		if (variant == 1 && i == 100)
			k = 900;	/* 900 moved up here */
		else if (variant == 1 && i == 900)
			k = 100;
		buf_addf(&s, "v%d = v%d + %d\n", k, k ? k - 1 : 0, k);
		buf_addf(&s, "w%d = [x * %d for x in range(10)]\n", k,
		    variant == 1 && k % 100 == 7 ? k + 1 : k);
		buf_addf(&s, "print(v%d, sum(w%d))", k, k);
		nb_cell_insert(nb, nb_ncells(nb), s.ptr, s.len);
		if (k % 10 == 0) {
			char name[32];

			(void)snprintf(name, sizeof name, "step%d", k);
			nb_cell_set_name(nb_cell_at(nb, nb_ncells(nb) - 1),
			    name);
		}
	}
	if (variant == 1)
		nb_cell_insert(nb, 300, "new_cell = 1", 12);
	buf_release(&s);
	return nb;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

START_TEST(test_celldiff_thousand_cells)
{
	struct nb *a = big(0), *b = big(1);
	struct celldiff *d;
	double t0, ms, best = 1e9;
	int r;

	for (r = 0; r < 3; r++) {
		t0 = now_ms();
		d = celldiff_new(a, b, NULL);
		ms = now_ms() - t0;
		if (ms < best)
			best = ms;
		if (r < 2)
			celldiff_free(d);
	}
	/* The budget is 50 ms on the standard machine; sanitizers and
	 * a loaded machine get room, the bench reports the real figure. */
	ck_assert_msg(best < 250.0, "1,000-cell diff took %.1f ms", best);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_ADDED), 1);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_REMOVED), 1);
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_CHANGED), 10);
	/* 100 and 900 swapped: neither is in the longest ordered run. */
	ck_assert_uint_eq(celldiff_count(d, CELLDIFF_MOVED), 2);
	ck_assert_uint_eq(by_old(d, 500)->kind, CELLDIFF_REMOVED);
	ck_assert_uint_eq(by_new(d, 300)->kind, CELLDIFF_ADDED);
	ck_assert_uint_eq(by_old(d, 107)->kind, CELLDIFF_CHANGED);
	ck_assert_uint_eq(by_old(d, 900)->new_idx, 100);
	celldiff_free(d);
	nb_free(a);
	nb_free(b);
}
END_TEST

START_TEST(test_celldiff_large_rewrite_is_bounded)
{
	/* Two 20,000-line cells with nothing in common finish quickly. */
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct celldiff *d;
	double t0;
	int i;

	for (i = 0; i < 20000; i++) {
		buf_addf(&a, "a%d\n", i);
		buf_addf(&b, "b%d\n", i % 7 == 0 ? i : i + 1);
	}
	t0 = now_ms();
	d = celldiff_text(a.ptr, a.len, b.ptr, b.len, NULL);
	ck_assert_msg(now_ms() - t0 < 5000.0, "took %.0f ms", now_ms() - t0);
	ck_assert_uint_eq(celldiff_entry_at(d, 0)->nremoved, 20000);
	celldiff_free(d);
	buf_release(&a);
	buf_release(&b);
}
END_TEST

static Suite *
celldiff_suite(void)
{
	Suite *s = suite_create("celldiff");
	TCase *tc;

	tc = tcase_create("pairing");
	tcase_add_test(tc, test_celldiff_identical_is_empty);
	tcase_add_test(tc, test_celldiff_added_and_removed_in_place);
	tcase_add_test(tc, test_celldiff_removed_first_cell_sorts_first);
	tcase_add_test(tc, test_celldiff_move_marks_only_the_moved_cell);
	tcase_add_test(tc,
	    test_celldiff_moved_and_edited_cell_is_changed_and_moved);
	tcase_add_test(tc, test_celldiff_rename_same_text);
	tcase_add_test(tc, test_celldiff_config_change);
	tcase_add_test(tc, test_celldiff_name_pairs_rewritten_cell);
	tcase_add_test(tc, test_celldiff_rename_and_edit_pairs_by_content);
	tcase_add_test(tc, test_celldiff_small_cell_edit_in_place);
	tcase_add_test(tc, test_celldiff_unrelated_cells_are_not_paired);
	tcase_add_test(tc, test_celldiff_split_cell);
	tcase_add_test(tc, test_celldiff_split_in_four_small_pieces);
	tcase_add_test(tc, test_celldiff_merged_cells);
	tcase_add_test(tc, test_celldiff_copy_is_not_a_split);
	tcase_add_test(tc, test_celldiff_ids_shared);
	tcase_add_test(tc, test_celldiff_null_sides);
	tcase_add_test(tc, test_celldiff_header_change);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_celldiff_changed_line_has_hunk_and_words);
	tcase_add_test(tc, test_celldiff_whitespace_only);
	tcase_add_test(tc, test_celldiff_not_whitespace_only);
	tcase_add_test(tc, test_celldiff_text_hunks_with_context);
	tcase_add_test(tc, test_celldiff_line_script_is_minimal);
	tcase_add_test(tc, test_celldiff_summary_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("scale");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_celldiff_thousand_cells);
	tcase_add_test(tc, test_celldiff_large_rewrite_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(celldiff_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
