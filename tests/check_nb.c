/*
 * check_nb.c: the notebook model: cell order, ids, names, configs and the
 * file-level facts.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "nb.h"

START_TEST(test_nb_insert_keeps_display_order)
{
	struct nb *nb = nb_new();

	nb_cell_insert(nb, 0, "b = 1", 5);
	nb_cell_insert(nb, 0, "a = 1", 5);
	nb_cell_insert(nb, 99, "c = 1", 5);
	ck_assert_uint_eq(nb_ncells(nb), 3);
	ck_assert_str_eq(nb_cell_source(nb_cell_at(nb, 0), NULL), "a = 1");
	ck_assert_str_eq(nb_cell_source(nb_cell_at(nb, 1), NULL), "b = 1");
	ck_assert_str_eq(nb_cell_source(nb_cell_at(nb, 2), NULL), "c = 1");
	ck_assert_ptr_null(nb_cell_at(nb, 3));
	ck_assert(nb_is_dirty(nb));
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_ids_are_stable_and_never_reused)
{
	struct nb *nb = nb_new();
	uint32_t a = nb_cell_id(nb_cell_insert(nb, 0, "a", 1));
	uint32_t b = nb_cell_id(nb_cell_insert(nb, 1, "b", 1));
	uint32_t c;

	ck_assert_uint_ne(a, b);
	ck_assert_int_eq(nb_cell_remove(nb, a), 0);
	c = nb_cell_id(nb_cell_insert(nb, 0, "c", 1));
	ck_assert_uint_ne(c, a);
	ck_assert_ptr_null(nb_cell_find(nb, a));
	ck_assert_int_eq(nb_cell_remove(nb, a), -1);
	ck_assert_str_eq(nb_cell_source(nb_cell_find(nb, b), NULL), "b");
	ck_assert_uint_eq(nb_cell_index(nb, b), 1);
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_move_both_directions)
{
	struct nb *nb = nb_new();
	uint32_t id[4];
	int i;

	for (i = 0; i < 4; i++)
		id[i] = nb_cell_id(nb_cell_insert(nb, (size_t)i, "x", 1));
	ck_assert_int_eq(nb_cell_move(nb, id[0], 3), 0);
	ck_assert_uint_eq(nb_cell_index(nb, id[0]), 3);
	ck_assert_uint_eq(nb_cell_index(nb, id[1]), 0);
	ck_assert_int_eq(nb_cell_move(nb, id[0], 0), 0);
	ck_assert_uint_eq(nb_cell_index(nb, id[0]), 0);
	ck_assert_uint_eq(nb_cell_index(nb, id[3]), 3);
	ck_assert_int_eq(nb_cell_move(nb, id[2], 100), 0);
	ck_assert_uint_eq(nb_cell_index(nb, id[2]), 3);
	ck_assert_int_eq(nb_cell_move(nb, 9999, 0), -1);
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_source_may_hold_nul)
{
	struct nb *nb = nb_new();
	struct nb_cell *c = nb_cell_insert(nb, 0, "a\0b", 3);
	size_t len;

	ck_assert_int_eq(memcmp(nb_cell_source(c, &len), "a\0b", 3), 0);
	ck_assert_uint_eq(len, 3);
	nb_cell_set_source(c, "xyz", 2);
	ck_assert_str_eq(nb_cell_source(c, &len), "xy");
	ck_assert_uint_eq(len, 2);
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_names_legacy_anonymous)
{
	struct nb *nb = nb_new();
	struct nb_cell *c = nb_cell_insert(nb, 0, "", 0);

	ck_assert_str_eq(nb_cell_name(c), "_");
	ck_assert(!nb_cell_is_named(c));
	nb_cell_set_name(c, "__");
	ck_assert_str_eq(nb_cell_name(c), "_");
	nb_cell_set_name(c, "load");
	ck_assert_str_eq(nb_cell_name(c), "load");
	ck_assert(nb_cell_is_named(c));
	nb_cell_set_name(c, "");
	ck_assert(!nb_cell_is_named(c));
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_config_default)
{
	struct nb *nb = nb_new();
	struct nb_cell *c = nb_cell_insert(nb, 0, "", 0);
	struct nb_cell_config cfg = nb_cell_config(c);

	ck_assert(nb_cell_config_is_default(cfg));
	ck_assert_int_eq(cfg.column, NB_COLUMN_NONE);
	cfg.hide_code = true;
	nb_cell_set_config(c, cfg);
	ck_assert(!nb_cell_config_is_default(nb_cell_config(c)));
	cfg = nb_cell_config_default;
	cfg.column = 0;
	ck_assert(!nb_cell_config_is_default(cfg));
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_setup_cell_found_by_kind)
{
	struct nb *nb = nb_new();
	struct nb_cell *c;

	ck_assert_ptr_null(nb_setup_cell(nb));
	nb_cell_insert(nb, 0, "x = 1", 5);
	c = nb_cell_insert(nb, 0, "import math", 11);
	nb_cell_set_kind(c, NB_CELL_SETUP);
	nb_cell_set_name(c, "setup");
	ck_assert_ptr_eq(nb_setup_cell(nb), c);
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_file_facts_and_diags)
{
	struct nb *nb = nb_new();
	struct nb_app_options *o = nb_app_options(nb);

	ck_assert_ptr_null(nb_header(nb));
	nb_set_header(nb, "# hi\n", 4);
	ck_assert_str_eq(nb_header(nb), "# hi");
	nb_set_version(nb, "0.24.0");
	ck_assert_str_eq(nb_version(nb), "0.24.0");
	o->width = strdup("medium");
	ck_assert_str_eq(nb_app_options(nb)->width, "medium");
	nb_diag_add(nb, NB_DIAG_WARNING, 3, 1, "missing %s", "guard");
	ck_assert_uint_eq(nb_ndiags(nb), 1);
	ck_assert_str_eq(nb_diag_at(nb, 0)->message, "missing guard");
	ck_assert_uint_eq(nb_diag_at(nb, 0)->line, 3);
	ck_assert_ptr_null(nb_diag_at(nb, 1));
	nb_set_load_status(nb, NB_LOAD_HAS_WARNINGS);
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_HAS_WARNINGS);
	nb_free(nb);
}
END_TEST

START_TEST(test_nb_many_cells)
{
	struct nb *nb = nb_new();
	size_t i;

	for (i = 0; i < 50000; i++)
		nb_cell_insert(nb, i, "x", 1);
	ck_assert_uint_eq(nb_ncells(nb), 50000);
	ck_assert_uint_eq(nb_cell_id(nb_cell_at(nb, 49999)), 50000);
	nb_free(nb);
}
END_TEST

static Suite *
nb_suite(void)
{
	Suite *s = suite_create("nb");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, test_nb_insert_keeps_display_order);
	tcase_add_test(tc, test_nb_ids_are_stable_and_never_reused);
	tcase_add_test(tc, test_nb_move_both_directions);
	tcase_add_test(tc, test_nb_source_may_hold_nul);
	tcase_add_test(tc, test_nb_names_legacy_anonymous);
	tcase_add_test(tc, test_nb_config_default);
	tcase_add_test(tc, test_nb_setup_cell_found_by_kind);
	tcase_add_test(tc, test_nb_file_facts_and_diags);
	tcase_add_test(tc, test_nb_many_cells);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nb_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
