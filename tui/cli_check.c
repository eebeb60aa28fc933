/*
 * cli_check.c: `quire check NB.py...`. Reads each notebook with the same
 * library the editor uses and prints what would stop it from running as
 * the author meant: `file:line:col: message`, or one JSON object per file
 * with --json. No kernel is started; analysis uses the embedded parser.
 */
#include "config.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "cli.h"
#include "deps.h"
#include "err.h"
#include "fmt.h"
#include "graph.h"
#include "lint.h"
#include "nb.h"

#define CHECK_CLEAN 0
#define CHECK_FINDINGS 1
#define CHECK_UNUSABLE 2

static const char *
check_cell_kind(const struct nb_cell *c, const struct ana_cell *r)
{
	if (nb_cell_kind(c) == NB_CELL_SETUP)
		return "setup";
	if (r == NULL || !r->parses || nb_cell_kind(c) == NB_CELL_UNPARSABLE)
		return "unparsable";
	switch (nb_cell_kind(c)) {
	case NB_CELL_FUNCTION:
		return "function";
	case NB_CELL_CLASS:
		return "class";
	default:
		return "cell";
	}
}

/* refs as --json shows them: read, not defined by the cell itself, and
 * not a builtin that no cell shadows. */
static json_t *
check_json_refs(const struct ana_cell *r, struct ana *a, struct graph *g)
{
	json_t *arr = json_array();
	size_t i, n;

	for (i = 0; r != NULL && i < r->refs.n; i++) {
		const char *name = r->refs.v[i];

		if (ana_names_has(&r->defs, name))
			continue;
		if (ana_is_builtin(a, name)) {
			(void)graph_definers(g, name, &n);
			if (n == 0)
				continue;
		}
		json_array_append_new(arr, json_string(name));
	}
	return arr;
}

static json_t *
check_json_names(const struct ana_names *names)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < names->n; i++)
		json_array_append_new(arr, json_string(names->v[i]));
	return arr;
}

static json_t *
check_json_cells(const struct nb *nb, struct ana *a, struct graph *g)
{
	json_t *cells = json_array();
	size_t i;

	for (i = 0; i < nb_ncells(nb); i++) {
		const struct nb_cell *c = nb_cell_at(nb, i);
		const struct ana_cell *r;
		const char *src;
		char id[16];
		size_t len;
		json_t *o;

		src = nb_cell_source(c, &len);
		r = ana_cell(a, src, len);
		(void)snprintf(id, sizeof id, "%u", nb_cell_id(c));
		o = json_object();
		json_object_set_new(o, "id", json_string(id));
		json_object_set_new(o, "name", json_string(nb_cell_name(c)));
		json_object_set_new(o, "kind",
		    json_string(check_cell_kind(c, r)));
		json_object_set_new(o, "line",
		    json_integer((json_int_t)nb_cell_line(c)));
		if (r != NULL && r->parses && !r->import_star) {
			json_object_set_new(o, "defs",
			    check_json_names(&r->defs));
			json_object_set_new(o, "refs",
			    check_json_refs(r, a, g));
		} else {
			json_object_set_new(o, "defs", json_array());
			json_object_set_new(o, "refs", json_array());
		}
		json_array_append_new(cells, o);
	}
	return cells;
}

static json_t *
check_json_findings(const struct lint *l)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < lint_nfindings(l); i++) {
		const struct lint_finding *f = lint_finding_at(l, i);
		json_t *o = json_object();

		json_object_set_new(o, "line", json_integer((json_int_t)f->line));
		json_object_set_new(o, "col", json_integer((json_int_t)f->col));
		json_object_set_new(o, "kind", json_string(f->kind));
		json_object_set_new(o, "message", json_string(f->message));
		if (f->warning)
			json_object_set_new(o, "warning", json_true());
		json_array_append_new(arr, o);
	}
	return arr;
}

static void
check_print_json(const char *path, json_t *cells, json_t *findings)
{
	json_t *o = json_object();
	char *s;

	json_object_set_new(o, "file", json_string(path));
	json_object_set_new(o, "cells", cells);
	json_object_set_new(o, "findings", findings);
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	if (s != NULL) {
		puts(s);
		free(s);
	}
	json_decref(o);
}

/* Check one file; returns one of the CHECK_ codes. */
static int
check_file(const char *path, bool as_json, struct ana *a)
{
	struct nb *nb = NULL;
	struct graph *g = NULL;
	struct lint *l = NULL;
	int status = CHECK_UNUSABLE;
	size_t i;

	if (fmt_load(&nb, FMT_UNKNOWN, path, a) < 0) {
		fprintf(stderr, "%s\n", err_last());
		if (as_json) {
			json_t *f = json_array(), *o = json_object();

			json_object_set_new(o, "line", json_integer(0));
			json_object_set_new(o, "col", json_integer(0));
			json_object_set_new(o, "kind", json_string("unusable"));
			json_object_set_new(o, "message",
			    json_string(err_last()));
			json_array_append_new(f, o);
			check_print_json(path, json_array(), f);
		}
		goto done;
	}
	g = graph_new();
	if (deps_sync(g, nb, a) < 0 || lint_notebook(&l, nb, a, g) < 0) {
		fprintf(stderr, "%s: %s\n", path, err_last());
		goto done;
	}
	if (as_json)
		check_print_json(path, check_json_cells(nb, a, g),
		    check_json_findings(l));
	else
		for (i = 0; i < lint_nfindings(l); i++) {
			const struct lint_finding *f = lint_finding_at(l, i);

			printf("%s:%zu:%zu: %s%s\n", path, f->line, f->col,
			    f->warning ? "warning: " : "", f->message);
		}
	status = lint_nerrors(l) ? CHECK_FINDINGS : CHECK_CLEAN;
done:
	lint_free(l);
	graph_free(g);
	nb_free(nb);
	return status;
}

int
cli_check(int argc, char **argv)
{
	struct ana *a;
	bool as_json = false, options = true;
	char **files;
	int i, nfiles = 0, status = CHECK_CLEAN, s;

	files = calloc((size_t)argc, sizeof *files);
	if (files == NULL)
		return CHECK_UNUSABLE;
	for (i = 1; i < argc; i++) {
		if (options && strcmp(argv[i], "--") == 0)
			options = false;
		else if (options && strcmp(argv[i], "--json") == 0)
			as_json = true;
		else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
			free(files);
			return cli_usage_error("check", "unknown option %s",
			    argv[i]);
		} else
			files[nfiles++] = argv[i];
	}
	if (nfiles == 0) {
		free(files);
		return cli_usage_error("check", "no notebook given");
	}
	if ((a = ana_new()) == NULL) {
		fprintf(stderr, "quire check: %s\n", err_last());
		free(files);
		return CHECK_UNUSABLE;
	}
	for (i = 0; i < nfiles; i++) {
		s = check_file(files[i], as_json, a);
		if (s > status)
			status = s;
	}
	ana_free(a);
	free(files);
	if (fflush(stdout) != 0)
		status = CHECK_UNUSABLE;
	return status;
}
