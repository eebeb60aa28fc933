/*
 * check_graph.c: the reactive dependency graph (src/graph.c).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

START_TEST(test_graph_chain_edges)
{
	struct graph *g = graph_new();
	const char *a[] = { "a" }, *b[] = { "b" };
	const uint32_t *p;
	size_t n;

	graph_cell_set(g, 1, 0, a, 1, NULL, 0, NULL, 0);
	graph_cell_set(g, 2, 1, b, 1, a, 1, NULL, 0);
	p = graph_parents(g, 2, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(p[0], 1);
	graph_free(g);
}
END_TEST

static Suite *
graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("edges");

	tcase_add_test(tc, test_graph_chain_edges);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(graph_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
