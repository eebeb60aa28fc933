/*
 * ana_dump.c: print quire's analysis of one cell (read from stdin, or
 * from each file named on the command line) as one line of JSON per
 * cell, keys sorted, for tests/ana_vs_marimo.sh and for humans.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "py.h"

static json_t *
dump_names(const struct ana_names *ns)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < ns->n; i++)
		json_array_append_new(a, json_string(ns->v[i]));
	return a;
}

static int
dump_file(struct ana *a, FILE *fp, const char *path)
{
	struct buf src = BUF_INIT;
	char chunk[4096];
	size_t n, i;
	const struct ana_cell *c;
	json_t *o, *anns;
	char *s;

	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&src, chunk, n);
	if (ferror(fp)) {
		fprintf(stderr, "ana_dump: %s: read error\n", path);
		buf_release(&src);
		return -1;
	}
	c = ana_cell(a, src.ptr, src.len);
	if (c == NULL) {
		fprintf(stderr, "ana_dump: %s: %s\n", path, err_last());
		buf_release(&src);
		return -1;
	}
	o = json_object();
	json_object_set_new(o, "parses", json_boolean(c->parses));
	if (!c->parses) {
		json_object_set_new(o, "error", json_string(c->error));
		json_object_set_new(o, "error_line",
		    json_integer((json_int_t)c->error_line));
		json_object_set_new(o, "error_col",
		    json_integer((json_int_t)c->error_col));
	}
	json_object_set_new(o, "import_star", json_boolean(c->import_star));
	json_object_set_new(o, "defs", dump_names(&c->defs));
	json_object_set_new(o, "refs", dump_names(&c->refs));
	json_object_set_new(o, "deleted_refs", dump_names(&c->deleted_refs));
	json_object_set_new(o, "private_defs", dump_names(&c->private_defs));
	json_object_set_new(o, "sql_defs", dump_names(&c->sql_defs));
	json_object_set_new(o, "sql_refs", dump_names(&c->sql_refs));
	json_object_set_new(o, "sql_qualified_defs",
	    dump_names(&c->sql_qualified_defs));
	json_object_set_new(o, "sql_first_defs",
	    dump_names(&c->sql_first_defs));
	anns = json_object();
	for (i = 0; i < c->nannotations; i++) {
		json_t *an = json_object();

		json_object_set_new(an, "text",
		    json_string(c->annotations[i].text));
		json_object_set_new(an, "refs",
		    dump_names(&c->annotations[i].refs));
		json_object_set_new(anns, c->annotations[i].name, an);
	}
	json_object_set_new(o, "annotations", anns);
	json_object_set_new(o, "is_async", json_boolean(c->is_async));
	json_object_set_new(o, "nstatements",
	    json_integer((json_int_t)c->nstatements));
	json_object_set_new(o, "single", json_string(
	    c->single == ANA_SINGLE_DEF ? "def" :
	    c->single == ANA_SINGLE_CLASS ? "class" : "none"));
	if (c->single_name != NULL)
		json_object_set_new(o, "single_name",
		    json_string(c->single_name));
	json_object_set_new(o, "nbound", json_integer((json_int_t)c->nbound));
	json_object_set_new(o, "deftime_refs", dump_names(&c->deftime_refs));
	json_object_set_new(o, "ends_with_import_or_def",
	    json_boolean(c->ends_with_import_or_def));
	json_object_set_new(o, "has_last_expr",
	    json_boolean(c->has_last_expr));
	json_object_set_new(o, "is_markdown", json_boolean(c->is_markdown));
	if (c->is_markdown)
		json_object_set_new(o, "markdown", json_string(c->markdown));
	s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
	printf("%s\n", s);
	free(s);
	json_decref(o);
	buf_release(&src);
	return 0;
}

int
main(int argc, char **argv)
{
	struct ana *a;
	FILE *fp;
	int i, rc = 0;

	a = ana_new();
	if (a == NULL) {
		fprintf(stderr, "ana_dump: %s\n", err_last());
		return 1;
	}
	if (argc < 2)
		rc = dump_file(a, stdin, "<stdin>") < 0;
	for (i = 1; i < argc; i++) {
		fp = fopen(argv[i], "rb");
		if (fp == NULL) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		if (dump_file(a, fp, argv[i]) < 0)
			rc = 1;
		fclose(fp);
	}
	ana_free(a);
	py_finalize();
	return rc;
}
