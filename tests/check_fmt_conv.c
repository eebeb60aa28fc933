/*
 * check_fmt_conv.c: the other notebook formats against marimo's own
 * conversion fixtures (tests/data/fmtconv/, see its README): Jupyter
 * notebooks to marimo files, marimo files to Jupyter notebooks (compared
 * as parsed JSON), marimo's "export script", py:percent both ways, round
 * trips, and bad input that must fail with a message naming the file and
 * the field, never crash.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"

static struct ana *A;

static void
setup(void)
{
	A = ana_new();
	ck_assert_msg(A != NULL, "ana_new: %s", err_last());
}

static void
teardown(void)
{
	ana_free(A);
	A = NULL;
}

/* The fixture at tests/data/fmtconv/<name>, whole. */
static void
slurp(struct buf *out, const char *name)
{
	const char *srcdir = getenv("srcdir");
	struct buf path = BUF_INIT;
	char tmp[8192];
	size_t n;
	FILE *f;

	buf_addf(&path, "%s/tests/data/fmtconv/%s",
	    srcdir != NULL ? srcdir : ".", name);
	f = fopen(path.ptr, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path.ptr);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(out, tmp, n);
	fclose(f);
	buf_release(&path);
}

static bool
exists(const char *name)
{
	const char *srcdir = getenv("srcdir");
	struct buf path = BUF_INIT;
	FILE *f;

	buf_addf(&path, "%s/tests/data/fmtconv/%s",
	    srcdir != NULL ? srcdir : ".", name);
	f = fopen(path.ptr, "rb");
	buf_release(&path);
	if (f == NULL)
		return false;
	fclose(f);
	return true;
}

static struct nb *
parse(enum fmt_kind kind, const char *path, const char *text, size_t len)
{
	struct nb *nb = NULL;

	ck_assert_msg(fmt_parse(&nb, kind, path, text, len, A) == 0,
	    "parse %s: %s", path, err_last());
	return nb;
}

static struct nb *
parse_file(enum fmt_kind kind, const char *name)
{
	struct buf in = BUF_INIT;
	struct nb *nb;

	slurp(&in, name);
	nb = parse(kind, name, in.ptr, in.len);
	buf_release(&in);
	return nb;
}

static void
format(struct buf *out, struct nb *nb, enum fmt_kind kind)
{
	ck_assert_msg(fmt_format(out, nb, kind, A) == 0, "format: %s",
	    err_last());
}

/* Drop the __generated_with line, as marimo's snapshots do. */
static void
drop_version(struct buf *b)
{
	char *p = strstr(b->ptr, "__generated_with = ");
	char *e;

	if (p == NULL)
		return;
	e = strchr(p, '\n');
	e = e != NULL ? e + 1 : b->ptr + b->len;
	memmove(p, e, (size_t)(b->ptr + b->len - e) + 1);
	b->len -= (size_t)(e - p);
}

/* Report the first differing line of two texts. */
static void
assert_text_eq(const char *what, const char *want, const char *got)
{
	size_t line = 1, i;

	if (strcmp(want, got) == 0)
		return;
	for (i = 0; want[i] != '\0' && want[i] == got[i]; i++)
		if (want[i] == '\n')
			line++;
	ck_abort_msg("%s: first difference at line %zu:\n--- want\n%.200s\n"
	    "--- got\n%.200s", what, line, want + i, got + i);
}

/*
 * ipynb -> marimo (spec 9.3): marimo's snapshots, except where quire's
 * token-level transforms knowingly differ from ast.unparse (a
 * quire_converted_ file then holds the expected text; see the README).
 */
static const char *const ipynb_fixtures[] = {
	"cell_metadata", "comments_preservation",
	"duplicate_definitions_and_aug_assign",
	"duplicate_definitions_read_before_write",
	"duplicate_definitions_syntax_error", "hides_markdown_cells",
	"multiple_definitions", "multiple_definitions_multiline",
	"pip_commands",
};

START_TEST(test_fmtconv_ipynb_to_marimo)
{
	const char *name = ipynb_fixtures[_i];
	struct buf path = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	struct nb *nb;

	buf_addf(&path, "ipynb/%s.ipynb", name);
	nb = parse_file(FMT_IPYNB, path.ptr);
	buf_reset(&path);
	buf_addf(&path, "ipynb/quire_converted_%s.py.txt", name);
	if (!exists(path.ptr)) {
		buf_reset(&path);
		buf_addf(&path, "ipynb/converted_%s.py.txt", name);
	}
	slurp(&want, path.ptr);
	format(&got, nb, FMT_MARIMO);
	drop_version(&got);
	assert_text_eq(name, want.ptr, got.ptr);
	nb_free(nb);
	buf_release(&path);
	buf_release(&want);
	buf_release(&got);
}
END_TEST

/* The comparison marimo's own test makes: JSON, ids and the version
 * aside (marimo's ids are random, the version is its own). */
static void
normalize_ipynb(json_t *nb)
{
	json_t *cells = json_object_get(nb, "cells"), *c, *src;
	size_t i;

	json_array_foreach(cells, i, c) {
		json_object_del(c, "id");
		src = json_object_get(c, "source");
		if (json_is_string(src) && json_string_length(src) == 0)
			json_object_set_new(c, "source", json_array());
	}
	json_object_del(json_object_get(json_object_get(nb, "metadata"),
	    "marimo"), "marimo_version");
}

static const char *const py_fixtures[] = {
	"cell_config", "cell_names_and_defs", "complex_file_format",
	"complex_outputs", "markdown_variants", "notebook_metadata",
	"setup_cell", "simple",
};

START_TEST(test_fmtconv_marimo_to_ipynb)
{
	const char *name = py_fixtures[_i];
	struct buf path = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	json_t *jw, *jg;
	json_error_t jerr;
	struct nb *nb;
	char *a, *b;

	buf_addf(&path, "py/%s.py", name);
	nb = parse_file(FMT_MARIMO, path.ptr);
	format(&got, nb, FMT_IPYNB);
	buf_reset(&path);
	buf_addf(&path, "py/%s_top_down.ipynb.txt", name);
	slurp(&want, path.ptr);
	jw = json_loadb(want.ptr, want.len, 0, &jerr);
	ck_assert_msg(jw != NULL, "%s: %s", path.ptr, jerr.text);
	jg = json_loadb(got.ptr, got.len, 0, &jerr);
	ck_assert_msg(jg != NULL, "our JSON: %s", jerr.text);
	normalize_ipynb(jw);
	normalize_ipynb(jg);
	if (!json_equal(jw, jg)) {
		a = json_dumps(jw, JSON_INDENT(1) | JSON_SORT_KEYS);
		b = json_dumps(jg, JSON_INDENT(1) | JSON_SORT_KEYS);
		assert_text_eq(name, a, b);
		free(a);
		free(b);
	}
	json_decref(jw);
	json_decref(jg);
	nb_free(nb);
	buf_release(&path);
	buf_release(&want);
	buf_release(&got);
}
END_TEST

/* nbformat's own layout: sorted keys, one-space indent, non-ASCII kept,
 * a final newline, nbformat 4.5, unique cell ids, "setup" for setup. */
START_TEST(test_fmtconv_ipynb_layout)
{
	static const char src[] = "import marimo\n\n"
	    "__generated_with = \"0.24.0\"\n"
	    "app = marimo.App(width=\"medium\")\n\n"
	    "with app.setup:\n    import marimo as mo\n\n\n"
	    "@app.cell\ndef _():\n    x = \"caf\xc3\xa9\"\n    return (x,)\n\n\n"
	    "@app.cell\ndef _(x):\n    y = x\n    return\n\n\n"
	    "if __name__ == \"__main__\":\n    app.run()\n";
	struct buf out = BUF_INIT;
	struct nb *nb = parse(FMT_MARIMO, "l.py", src, sizeof src - 1);
	json_error_t jerr;
	json_t *j, *cells;
	const char *id0, *id1, *id2;

	format(&out, nb, FMT_IPYNB);
	ck_assert(strncmp(out.ptr, "{\n \"cells\": [\n  {\n   \"cell_type\": "
	    "\"code\",\n   \"execution_count\": null,\n   \"id\": \"setup\","
	    "\n", 85) == 0);
	ck_assert(out.len > 2 && strcmp(out.ptr + out.len - 2, "}\n") == 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "caf\xc3\xa9"));
	ck_assert_ptr_nonnull(strstr(out.ptr, " \"nbformat\": 4,\n"
	    " \"nbformat_minor\": 5\n}\n"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "\"width\": \"medium\""));
	j = json_loadb(out.ptr, out.len, 0, &jerr);
	ck_assert_ptr_nonnull(j);
	cells = json_object_get(j, "cells");
	ck_assert_uint_eq(json_array_size(cells), 3);
	id0 = json_string_value(json_object_get(json_array_get(cells, 0), "id"));
	id1 = json_string_value(json_object_get(json_array_get(cells, 1), "id"));
	id2 = json_string_value(json_object_get(json_array_get(cells, 2), "id"));
	ck_assert_str_eq(id0, "setup");
	ck_assert_uint_eq(strlen(id1), 4);
	ck_assert_uint_eq(strlen(id2), 4);
	ck_assert_str_ne(id1, id2);
	json_decref(j);
	buf_release(&out);
	nb_free(nb);
}
END_TEST

/* marimo -> ipynb -> marimo keeps code, names, configs, header and App
 * options (spec 7.3). */
START_TEST(test_fmtconv_ipynb_roundtrip)
{
	const char *name = py_fixtures[_i];
	struct buf path = BUF_INIT, a = BUF_INIT, j = BUF_INIT, b = BUF_INIT;
	struct nb *nb, *back;

	buf_addf(&path, "py/%s.py", name);
	nb = parse_file(FMT_MARIMO, path.ptr);
	format(&a, nb, FMT_MARIMO);
	format(&j, nb, FMT_IPYNB);
	back = parse(FMT_IPYNB, "rt.ipynb", j.ptr, j.len);
	format(&b, back, FMT_MARIMO);
	/* An import is a new notebook: it gets quire's version. */
	drop_version(&a);
	drop_version(&b);
	assert_text_eq(name, a.ptr, b.ptr);
	nb_free(nb);
	nb_free(back);
	buf_release(&path);
	buf_release(&a);
	buf_release(&j);
	buf_release(&b);
}
END_TEST

START_TEST(test_fmtconv_ipynb_roundtrip_header_and_options)
{
	static const char src[] = "# /// script\n# dependencies = [\"x\"]\n"
	    "# ///\n\nimport marimo\n\n__generated_with = \"0.24.0\"\n"
	    "app = marimo.App(\n    width=\"full\",\n    app_title=\"T\",\n"
	    "    auto_download=[\"html\"],\n    sql_output=\"polars\",\n)"
	    "\n\n\n"
	    "@app.cell(column=1, disabled=True, hide_code=True)\n"
	    "def load():\n    x = 1\n    return\n\n\n"
	    "@app.function\ndef f(a):\n    return a + 1\n\n\n"
	    "app._unparsable_cell(\n    r\"\"\"\n    x = (\n    \"\"\",\n"
	    "    name=\"broken\"\n)\n\n\n"
	    "if __name__ == \"__main__\":\n    app.run()\n";
	struct buf a = BUF_INIT, j = BUF_INIT, b = BUF_INIT;
	struct nb *nb = parse(FMT_MARIMO, "h.py", src, sizeof src - 1);
	struct nb *back;

	format(&a, nb, FMT_MARIMO);
	assert_text_eq("canonical", src, a.ptr);
	format(&j, nb, FMT_IPYNB);
	back = parse(FMT_IPYNB, "h.ipynb", j.ptr, j.len);
	format(&b, back, FMT_MARIMO);
	drop_version(&a);
	drop_version(&b);
	assert_text_eq("round trip", a.ptr, b.ptr);
	nb_free(nb);
	nb_free(back);
	buf_release(&a);
	buf_release(&j);
	buf_release(&b);
}
END_TEST

/* marimo's "export script" snapshots (tests/_cli/snapshots/export). */
static const char *const script_fixtures[][2] = {
	{ "notebook", "script" },
	{ "notebook_sandboxed", "script_sandboxed" },
	{ "notebook_with_errors", "script_with_errors" },
};

START_TEST(test_fmtconv_script_export)
{
	struct buf path = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	struct nb *nb;

	buf_addf(&path, "script/%s.py", script_fixtures[_i][0]);
	nb = parse_file(FMT_MARIMO, path.ptr);
	nb_set_version(nb, "0.0.0");
	format(&got, nb, FMT_SCRIPT);
	/* The snapshot is what the CLI printed: one more newline. */
	buf_addc(&got, '\n');
	buf_reset(&path);
	buf_addf(&path, "script/%s.txt", script_fixtures[_i][1]);
	slurp(&want, path.ptr);
	assert_text_eq(path.ptr, want.ptr, got.ptr);
	nb_free(nb);
	buf_release(&path);
	buf_release(&want);
	buf_release(&got);
}
END_TEST

START_TEST(test_fmtconv_script_refuses_async_and_redefinition)
{
	struct buf out = BUF_INIT;
	struct nb *nb = parse_file(FMT_MARIMO, "script/notebook_async.py");

	ck_assert_int_eq(fmt_format(&out, nb, FMT_SCRIPT, A), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "cannot export a notebook "
	    "with async code to a flat script"));
	nb_free(nb);
	nb = parse_file(FMT_MARIMO,
	    "script/notebook_with_multiple_definitions.py");
	ck_assert_int_eq(fmt_format(&out, nb, FMT_SCRIPT, A), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "multiple definitions of "
	    "the name x"));
	nb_free(nb);
	buf_release(&out);
}
END_TEST

START_TEST(test_fmtconv_script_topological_order)
{
	static const char src[] = "import marimo\n\n"
	    "__generated_with = \"0.24.0\"\napp = marimo.App()\n\n\n"
	    "@app.cell\ndef _(y):\n    z = y + 1\n    return\n\n\n"
	    "@app.cell\ndef _():\n    y = 2\n    return (y,)\n\n\n"
	    "app._unparsable_cell(\n    r\"\"\"\n    x = (\n    \"\"\",\n"
	    "    name=\"_\"\n)\n\n\n"
	    "if __name__ == \"__main__\":\n    app.run()\n";
	struct buf out = BUF_INIT;
	struct nb *nb = parse(FMT_MARIMO, "t.py", src, sizeof src - 1);

	format(&out, nb, FMT_SCRIPT);
	assert_text_eq("script", "\n__generated_with = \"0.24.0\"\n\n"
	    "# %%\ny = 2\n\n# %%\nz = y + 1", out.ptr);
	nb_free(nb);
	buf_release(&out);
}
END_TEST

/* percent -> quire -> percent, and percent -> marimo -> percent. */
START_TEST(test_fmtconv_percent_roundtrip)
{
	struct buf in = BUF_INIT, out = BUF_INIT, mo = BUF_INIT;
	struct buf out2 = BUF_INIT;
	struct nb *nb, *nb2;

	slurp(&in, "percent/roundtrip.py");
	nb = parse(FMT_PERCENT, "roundtrip.py", in.ptr, in.len);
	format(&out, nb, FMT_PERCENT);
	assert_text_eq("percent", in.ptr, out.ptr);
	format(&mo, nb, FMT_MARIMO);
	nb2 = parse(FMT_MARIMO, "roundtrip.marimo.py", mo.ptr, mo.len);
	format(&out2, nb2, FMT_PERCENT);
	assert_text_eq("via marimo", in.ptr, out2.ptr);
	nb_free(nb);
	nb_free(nb2);
	buf_release(&in);
	buf_release(&out);
	buf_release(&mo);
	buf_release(&out2);
}
END_TEST

START_TEST(test_fmtconv_percent_cells_and_options)
{
	static const char src[] =
	    "#!/usr/bin/env python\n"
	    "# ---\n# jupyter:\n#   jupytext:\n#     formats: py:percent\n"
	    "# ---\n\n"
	    "# %% load tags=[\"a\", \"b\"]\n"
	    "x = 1\n"
	    "s = \"\"\"\n# %% not a marker\n\"\"\"\n\n"
	    "# %% [markdown] intro\n# # Title\n#\n# text\n\n"
	    "# %% Load the data [markdown]\n# hello\n\n"
	    "# %% marimo={\"config\": {\"hide_code\": true}, \"name\": \"foo\"}\n"
	    "y = 2\n";
	struct nb *nb = parse(FMT_PERCENT, "c.py", src, sizeof src - 1);
	const char *code;
	size_t len;

	/* The marimo import is added for the markdown cells. */
	ck_assert_uint_eq(nb_ncells(nb), 5);
	code = nb_cell_source(nb_cell_at(nb, 0), &len);
	ck_assert_str_eq(code, "import marimo as mo");
	code = nb_cell_source(nb_cell_at(nb, 1), &len);
	ck_assert_str_eq(code, "# Cell tags: a, b\nx = 1\n"
	    "s = \"\"\"\n# %% not a marker\n\"\"\"");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 1)), "load");
	code = nb_cell_source(nb_cell_at(nb, 2), &len);
	ck_assert_str_eq(code, "mo.md(r\"\"\"\n# Title\n\ntext\n\"\"\")");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 2)), "intro");
	ck_assert(nb_cell_config(nb_cell_at(nb, 2)).hide_code);
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 3)), "_");
	ck_assert_uint_ge(nb_ndiags(nb), 1);
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 4)), "foo");
	ck_assert(nb_cell_config(nb_cell_at(nb, 4)).hide_code);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmtconv_percent_magics_and_main)
{
	static const char src[] =
	    "# %%\n# %pip install requests\n!ls -la\n\n"
	    "# %%\ndef main():\n    print(1)\n\n"
	    "if __name__ == \"__main__\":\n    main()\n";
	struct nb *nb = parse(FMT_PERCENT, "m.py", src, sizeof src - 1);
	const char *code;
	size_t len;

	ck_assert_uint_eq(nb_ncells(nb), 3);
	code = nb_cell_source(nb_cell_at(nb, 0), &len);
	ck_assert_str_eq(code, "import subprocess");
	code = nb_cell_source(nb_cell_at(nb, 1), &len);
	ck_assert_str_eq(code, "# '%pip install requests' command supported "
	    "automatically in marimo\n#! ls -la\n"
	    "subprocess.call(['ls', '-la'])");
	code = nb_cell_source(nb_cell_at(nb, 2), &len);
	ck_assert_str_eq(code, "def main():\n    print(1)\n\n"
	    "def _main_():\n    main()\n\n_main_()");
	nb_free(nb);
}
END_TEST

START_TEST(test_fmtconv_script_import)
{
	static const char ok[] = "# /// script\n# dependencies = [\"a\"]\n"
	    "# ///\nimport os\nprint(os.getcwd())\n";
	static const char bad[] = "x = (\n\ny = 1\n";
	struct nb *nb;
	const char *code;
	size_t len;

	nb = parse(FMT_SCRIPT, "s.py", ok, sizeof ok - 1);
	ck_assert_uint_eq(nb_ncells(nb), 1);
	code = nb_cell_source(nb_cell_at(nb, 0), &len);
	ck_assert_str_eq(code, "import os\nprint(os.getcwd())");
	ck_assert_str_eq(nb_header(nb), "# /// script\n# dependencies = "
	    "[\"a\"]\n# ///");
	nb_free(nb);
	nb = parse(FMT_SCRIPT, "b.py", bad, sizeof bad - 1);
	ck_assert_uint_eq(nb_ncells(nb), 1);
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 0)), NB_CELL_UNPARSABLE);
	nb_free(nb);
}
END_TEST

/* Names defined twice: scopes, keyword arguments and attributes. */
START_TEST(test_fmtconv_rename_respects_scopes)
{
	static const char src[] = "{\"nbformat\": 4, \"nbformat_minor\": 5,"
	    " \"metadata\": {}, \"cells\": ["
	    "{\"cell_type\": \"code\", \"metadata\": {}, \"source\":"
	    " \"df = load()\"},"
	    "{\"cell_type\": \"code\", \"metadata\": {}, \"source\":"
	    " \"print(df)\"},"
	    "{\"cell_type\": \"code\", \"metadata\": {}, \"source\":"
	    " \"df = df.df + f(df=1)\\ndef g(df):\\n    return df\\n"
	    "h = lambda df: df\\nk = [df for df in df]\\ndf += 2\"},"
	    "{\"cell_type\": \"code\", \"metadata\": {}, \"source\":"
	    " \"print(df, g, h, k)\"}]}";
	struct nb *nb = parse(FMT_IPYNB, "r.ipynb", src, sizeof src - 1);
	const char *code;
	size_t len;

	ck_assert_uint_eq(nb_ncells(nb), 4);
	code = nb_cell_source(nb_cell_at(nb, 1), &len);
	ck_assert_str_eq(code, "print(df)");
	code = nb_cell_source(nb_cell_at(nb, 2), &len);
	ck_assert_str_eq(code, "df_1 = df.df + f(df=1)\ndef g(df):\n"
	    "    return df\nh = lambda df: df\nk = [df for df in df_1]\n"
	    "df_1 = df_1 + 2");
	code = nb_cell_source(nb_cell_at(nb, 3), &len);
	ck_assert_str_eq(code, "print(df_1, g, h, k)");
	nb_free(nb);
}
END_TEST

START_TEST(test_fmtconv_duplicate_imports)
{
	static const char src[] = "{\"nbformat\": 4, \"nbformat_minor\": 5,"
	    " \"metadata\": {}, \"cells\": ["
	    "{\"cell_type\": \"code\", \"metadata\": {}, \"source\":"
	    " \"import numpy as np\\nimport os\"},"
	    "{\"cell_type\": \"code\", \"metadata\": {}, \"source\":"
	    " \"import numpy as np  # again\\nimport sys, os\\n"
	    "if True:\\n    import os\\nx = np.pi\"}]}";
	struct nb *nb = parse(FMT_IPYNB, "d.ipynb", src, sizeof src - 1);
	const char *code;
	size_t len;

	code = nb_cell_source(nb_cell_at(nb, 1), &len);
	ck_assert_str_eq(code, "import sys\nif True:\n    pass\nx = np.pi");
	nb_free(nb);
}
END_TEST

/*
 * Bad input: -1 and a message naming the file and the field (or line and
 * column for JSON that does not parse); never a crash.
 */
static void
bad_ipynb(const char *text, size_t len, const char *msg)
{
	struct nb *nb = NULL;

	ck_assert_int_eq(fmt_parse(&nb, FMT_IPYNB, "bad.ipynb", text, len,
	    A), -1);
	ck_assert_ptr_null(nb);
	ck_assert_msg(strstr(err_last(), msg) != NULL,
	    "want \"%s\" in \"%s\"", msg, err_last());
	ck_assert_msg(strncmp(err_last(), "bad.ipynb", 9) == 0,
	    "no file name in \"%s\"", err_last());
}

#define BAD(text, msg) bad_ipynb(text, sizeof text - 1, msg)
#define CELLS(c) "{\"nbformat\": 4, \"nbformat_minor\": 5, " \
	"\"metadata\": {}, \"cells\": [" c "]}"

START_TEST(test_fmtconv_bad_ipynb)
{
	BAD("{\"nbformat\": 4,\n \"cells\": [}", "bad.ipynb:2:");
	BAD("", "invalid JSON");
	BAD("[1, 2]", "not a Jupyter notebook");
	BAD("{\"cells\": []}", "nbformat: missing");
	BAD("{\"nbformat\": \"4\", \"cells\": []}", "nbformat: expected an "
	    "integer");
	BAD("{\"nbformat\": 3, \"worksheets\": []}", "nbformat 3 is not "
	    "supported");
	BAD("{\"nbformat\": 4}", "cells: missing");
	BAD("{\"nbformat\": 4, \"cells\": {}}", "cells: expected a list");
	BAD(CELLS("1"), "cells[0]: expected an object");
	BAD(CELLS("{\"source\": \"x\"}"), "cells[0].cell_type: missing");
	BAD(CELLS("{\"cell_type\": 7, \"source\": \"x\"}"),
	    "cells[0].cell_type: expected a string");
	BAD(CELLS("{\"cell_type\": \"code\"}"), "cells[0].source: missing");
	BAD(CELLS("{\"cell_type\": \"code\", \"source\": 5}"),
	    "cells[0].source: expected a string or a list of strings");
	BAD(CELLS("{\"cell_type\": \"code\", \"source\": [\"a\", 1]}"),
	    "cells[0].source[1]: expected a string");
	BAD(CELLS("{\"cell_type\": \"code\", \"source\": \"\","
	    " \"metadata\": []}"), "cells[0].metadata: expected an object");
	BAD(CELLS("{\"cell_type\": \"code\", \"source\": \"x\","
	    " \"metadata\": {\"tags\": \"a\"}}"),
	    "cells[0].metadata.tags: expected a list of strings");
	BAD(CELLS("{\"cell_type\": \"code\", \"source\": \"x\", \"metadata\":"
	    " {\"marimo\": {\"config\": {\"hide_code\": \"yes\"}}}}"),
	    "cells[0].metadata.marimo.config.hide_code: expected true or "
	    "false");
	BAD(CELLS("{\"cell_type\": \"markdown\", \"source\": \"x\", "
	    "\"metadata\": {\"marimo\": {\"md_prefix\": \"\\\"\\\"\\\")\\n"
	    "import os\\n(\"}}}"), "md_prefix");
	BAD("{\"nbformat\": 4, \"cells\": [], \"metadata\": {\"marimo\":"
	    " {\"app_config\": {\"width\": 3}}}}",
	    "metadata.marimo.app_config.width: expected a string");
	BAD("{\"nbformat\": 4, \"cells\": [], \"metadata\": {\"marimo\":"
	    " {\"header\": []}}}", "metadata.marimo.header: expected a "
	    "string");
	/* Not UTF-8: jansson says where. */
	BAD(CELLS("{\"cell_type\": \"code\", \"source\": \"\xff\xfe\"}"),
	    "invalid JSON");
	BAD(CELLS("{\"cell_type\": \"code\", \"source\": \"a\\u0000b\"}"),
	    "invalid JSON");
}
END_TEST

START_TEST(test_fmtconv_bad_ipynb_huge_cell)
{
	struct buf text = BUF_INIT;
	size_t i;

	/* 17 MiB of source in 1 KiB lines. */
	buf_adds(&text, "{\"nbformat\": 4, \"cells\": [{\"cell_type\": "
	    "\"code\", \"source\": [\"x\"");
	for (i = 0; i < 17 * 1024; i++) {
		buf_adds(&text, ", \"");
		buf_grow(&text, 1024);
		memset(text.ptr + text.len, 'y', 1022);
		text.len += 1022;
		text.ptr[text.len] = '\0';
		buf_adds(&text, "\\n\"");
	}
	buf_adds(&text, "]}]}");
	bad_ipynb(text.ptr, text.len, "cells[0].source: cell of more than");
	buf_release(&text);
}
END_TEST

/* A percent or plain file that is not UTF-8 or not Python still loads. */
START_TEST(test_fmtconv_percent_bad_bytes)
{
	static const char src[] = "# %% \xff\xfe name=\"\n\"\"\"\x80\n# %%\n"
	    "x = (\n# %% [markdown]\n#\xc3\n";
	struct nb *nb = parse(FMT_PERCENT, "b.py", src, sizeof src - 1);
	struct buf out = BUF_INIT;

	ck_assert_uint_ge(nb_ncells(nb), 1);
	format(&out, nb, FMT_PERCENT);
	format(&out, nb, FMT_IPYNB);
	nb_free(nb);
	buf_release(&out);
}
END_TEST

static Suite *
fmtconv_suite(void)
{
	Suite *s = suite_create("fmtconv");
	TCase *tc;

	tc = tcase_create("ipynb");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_fmtconv_ipynb_to_marimo, 0,
	    sizeof ipynb_fixtures / sizeof ipynb_fixtures[0]);
	tcase_add_loop_test(tc, test_fmtconv_marimo_to_ipynb, 0,
	    sizeof py_fixtures / sizeof py_fixtures[0]);
	tcase_add_test(tc, test_fmtconv_ipynb_layout);
	tcase_add_loop_test(tc, test_fmtconv_ipynb_roundtrip, 0,
	    sizeof py_fixtures / sizeof py_fixtures[0]);
	tcase_add_test(tc, test_fmtconv_ipynb_roundtrip_header_and_options);
	tcase_add_test(tc, test_fmtconv_rename_respects_scopes);
	tcase_add_test(tc, test_fmtconv_duplicate_imports);
	suite_add_tcase(s, tc);

	tc = tcase_create("script");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_fmtconv_script_export, 0,
	    sizeof script_fixtures / sizeof script_fixtures[0]);
	tcase_add_test(tc, test_fmtconv_script_refuses_async_and_redefinition);
	tcase_add_test(tc, test_fmtconv_script_topological_order);
	tcase_add_test(tc, test_fmtconv_script_import);
	suite_add_tcase(s, tc);

	tc = tcase_create("percent");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fmtconv_percent_roundtrip);
	tcase_add_test(tc, test_fmtconv_percent_cells_and_options);
	tcase_add_test(tc, test_fmtconv_percent_magics_and_main);
	tcase_add_test(tc, test_fmtconv_percent_bad_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fmtconv_bad_ipynb);
	tcase_add_test(tc, test_fmtconv_bad_ipynb_huge_cell);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fmtconv_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
