/*
 * check_ana.c: the cell analyzer, one test per rule of spec section 5
 * (and the writer facts of 4.3-4.5). Expected names are written as one
 * space-separated string in code-point order, so a failure shows both
 * sets whole.
 */
#include "config.h"

#include <check.h>
#include <patchlevel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "err.h"

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

static const struct ana_cell *
an(const char *src)
{
	const struct ana_cell *c = ana_cell(A, src, strlen(src));

	ck_assert_msg(c != NULL, "ana_cell: %s", err_last());
	return c;
}

/* The names joined by single spaces; static storage, one per slot. */
static const char *
joined(const struct ana_names *ns, int slot)
{
	static struct buf b[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	size_t i;

	buf_reset(&b[slot]);
	for (i = 0; i < ns->n; i++) {
		if (i > 0)
			buf_addc(&b[slot], ' ');
		buf_adds(&b[slot], ns->v[i]);
	}
	return b[slot].ptr;
}

#define NAMES_EQ(ns, want) ck_assert_str_eq(joined(&(ns), 0), (want))

/* Defs and refs of src in one go. */
static void
check_dr(const char *src, const char *defs, const char *refs)
{
	const struct ana_cell *c = an(src);

	ck_assert_msg(c->parses, "%s: %s", src, c->error ? c->error : "");
	ck_assert_msg(strcmp(joined(&c->defs, 0), defs) == 0,
	    "defs of <%s>: got [%s], want [%s]", src, joined(&c->defs, 0),
	    defs);
	ck_assert_msg(strcmp(joined(&c->refs, 1), refs) == 0,
	    "refs of <%s>: got [%s], want [%s]", src, joined(&c->refs, 1),
	    refs);
}

static const struct ana_annotation *
annotation(const struct ana_cell *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nannotations; i++)
		if (strcmp(c->annotations[i].name, name) == 0)
			return &c->annotations[i];
	return NULL;
}

/* 5.1 Definitions */

START_TEST(test_ana_def_assignment_unpacking)
{
	check_dr("a, (b, c), *d = f()\n[e, g] = h", "a b c d e g", "f h");
}
END_TEST

START_TEST(test_ana_def_attribute_and_item_targets_define_nothing)
{
	check_dr("obj.attr = 1\nd[k] = v", "", "d k obj v");
}
END_TEST

START_TEST(test_ana_def_augmented_assignment_is_not_a_ref)
{
	check_dr("x += 1", "x", "");
	check_dr("y = 1\ny *= z", "y", "z");
}
END_TEST

START_TEST(test_ana_def_annotated_assignment)
{
	check_dr("x: int = 0\ny: str", "x y", "int str");
}
END_TEST

START_TEST(test_ana_def_for_with_walrus_targets)
{
	check_dr("for i, j in pairs:\n    pass\nwith ctx() as (w, v):\n"
	    "    pass\nif (n := 3):\n    pass", "i j n v w", "ctx pairs");
}
END_TEST

START_TEST(test_ana_def_walrus_in_comprehension_binds_the_cell)
{
	check_dr("vals = [y := f(v) for v in seq]", "vals y", "f seq");
	check_dr("out = [[(w := a) for a in r1] for b in r2]", "out w",
	    "r1 r2");
}
END_TEST

START_TEST(test_ana_def_import_forms)
{
	check_dr("import os\nimport a.b.c\nimport numpy.linalg as la\n"
	    "from m import x, y as z\nfrom . import rel\n"
	    "from ..p.q import thing as other", "a la os other rel x z", "");
}
END_TEST

START_TEST(test_ana_def_import_star_is_flagged_with_its_line)
{
	const struct ana_cell *c = an("import os\nfrom math import *\n"
	    "x = sqrt(2)");

	ck_assert(c->import_star);
	ck_assert_uint_eq(c->import_star_line, 2);
	ck_assert(!an("from math import sqrt")->import_star);
}
END_TEST

START_TEST(test_ana_def_function_and_class_names)
{
	check_dr("def f():\n    pass\nasync def g():\n    pass\n"
	    "class C:\n    pass", "C f g", "");
}
END_TEST

START_TEST(test_ana_def_match_capture_patterns)
{
	check_dr("match cmd:\n    case Point(x=px, y=0):\n        pass\n"
	    "    case [first, *rest]:\n        pass\n"
	    "    case {'k': v, **kw}:\n        pass\n"
	    "    case str() as s:\n        pass\n    case other:\n"
	    "        pass", "first kw other px rest s v", "Point cmd str");
}
END_TEST

START_TEST(test_ana_def_global_in_function)
{
	/*
	 * The function's binding is a top-level binding, so (as in
	 * marimo) the global statement's ref is withdrawn by it.
	 */
	check_dr("def setup():\n    global counter\n    counter = 0",
	    "counter setup", "");
	check_dr("def setup():\n    global counter\n    counter += 1",
	    "counter setup", "");
	/* Bound at top level before: not a ref. */
	check_dr("n = 0\ndef bump():\n    global n\n    n = n + 1", "bump n",
	    "");
}
END_TEST

START_TEST(test_ana_def_type_alias)
{
#if PY_VERSION_HEX >= 0x030c0000
	check_dr("type Vector = list[T]", "Vector", "T list");
#else
	/* Python 3.11 has no type statement. */
	ck_assert(!an("type Vector = list[float]")->parses);
#endif
}
END_TEST

START_TEST(test_ana_def_function_locals_are_not_defs)
{
	check_dr("def f(a, *args, b=1, **kw):\n    c = a\n    return c",
	    "f", "");
	check_dr("g = lambda p: p\nclass K:\n    attr = 1", "K g", "");
	check_dr("sq = [i * i for i in range(3)]", "sq", "range");
}
END_TEST

START_TEST(test_ana_def_except_name_is_invisible)
{
	check_dr("try:\n    pass\nexcept ValueError as e:\n    print(e)",
	    "", "ValueError print");
}
END_TEST

/* 5.2 Private names */

START_TEST(test_ana_private_names_are_cell_local)
{
	const struct ana_cell *c = an("_tmp = 1\n__ = 2\n_ = 3\n"
	    "__all__ = 4\n__x = 5\nr = _tmp + __ + _");

	NAMES_EQ(c->defs, "__all__ __x r");
	NAMES_EQ(c->private_defs, "_ __ _tmp");
	NAMES_EQ(c->refs, "");
}
END_TEST

START_TEST(test_ana_private_read_is_never_a_ref)
{
	check_dr("value = _missing + 1", "value", "");
	check_dr("def f():\n    return _elsewhere", "f", "");
}
END_TEST

START_TEST(test_ana_private_import_without_alias)
{
	const struct ana_cell *c = an("from pkg import _c\nimport json as _j");

	NAMES_EQ(c->defs, "");
	NAMES_EQ(c->private_defs, "_c _j");
}
END_TEST

START_TEST(test_ana_is_private)
{
	ck_assert(ana_is_private("_"));
	ck_assert(ana_is_private("__"));
	ck_assert(ana_is_private("_tmp"));
	ck_assert(!ana_is_private("__all__"));
	ck_assert(!ana_is_private("__x"));
	ck_assert(!ana_is_private("x_"));
	ck_assert(!ana_is_private(""));
}
END_TEST

/* 5.3 References */

START_TEST(test_ana_ref_order_matters)
{
	check_dr("y = x + 1\nx = 2", "x y", "x");
	check_dr("x = 2\ny = x + 1", "x y", "");
}
END_TEST

START_TEST(test_ana_ref_attribute_chain_refs_its_base)
{
	check_dr("obj.attr.sub.method(arg)", "", "arg obj");
}
END_TEST

START_TEST(test_ana_ref_subscript_base_and_indices)
{
	check_dr("part = arr[lo:hi:step][k]", "part", "arr hi k lo step");
}
END_TEST

START_TEST(test_ana_ref_nested_unbound_name)
{
	check_dr("def f():\n    return undefined + len(x)", "f",
	    "len undefined x");
}
END_TEST

START_TEST(test_ana_ref_nested_use_of_later_binding)
{
	check_dr("def f():\n    return k\n\nk = 3", "f k", "");
	check_dr("f = lambda: later\nlater = 1", "f later", "");
	check_dr("print(total)\ntotal = 0", "total", "print total");
}
END_TEST

START_TEST(test_ana_ref_defaults_and_decorators_enclosing_scope)
{
	check_dr("@deco(label)\ndef f(x=x, *, y=dflt):\n    return x",
	    "f", "deco dflt label x");
	check_dr("x = 1\ndef f(x=x):\n    return x", "f x", "");
}
END_TEST

START_TEST(test_ana_ref_comprehension_iterable_first)
{
	check_dr("r = [v for v in v]", "r", "v");
	check_dr("s = {k: k * 2 for k in keys if k > lo}", "s", "keys lo");
	check_dr("g = [q for q in qs]\nprint(q)", "g", "print q qs");
}
END_TEST

START_TEST(test_ana_ref_del_of_unbound_name_is_deleted)
{
	const struct ana_cell *c = an("del z");

	NAMES_EQ(c->refs, "z");
	ck_assert_str_eq(joined(&c->deleted_refs, 1), "z");
	c = an("z = 1\ndel z");
	NAMES_EQ(c->refs, "");
	ck_assert_str_eq(joined(&c->deleted_refs, 1), "");
	c = an("print(w)\ndel w");
	ck_assert_str_eq(joined(&c->deleted_refs, 1), "w");
}
END_TEST

START_TEST(test_ana_ref_builtins_are_refs)
{
	check_dr("n = len(items)\nprint(n, max(items))", "n",
	    "items len max print");
}
END_TEST

START_TEST(test_ana_ref_nested_parameters_are_not_refs)
{
	check_dr("def outer(a):\n    def inner(b):\n        return a + b + c\n"
	    "    return inner", "outer", "c");
	check_dr("def f(data):\n    return [d * s for d in data]", "f", "s");
}
END_TEST

START_TEST(test_ana_ref_class_body_and_methods)
{
	check_dr("class Config(Base, metaclass=Meta):\n    size = DEFAULT\n"
	    "    twice = size * 2\n    def m(self):\n"
	    "        return helper(self.size)",
	    "Config", "Base DEFAULT Meta helper");
	/*
	 * marimo lets a method's bare names see the class body's bindings
	 * (Python does not); quire follows marimo.
	 */
	check_dr("class A:\n    x = 1\n    def m(self):\n        return x",
	    "A", "");
}
END_TEST

START_TEST(test_ana_ref_global_declaration_without_binding)
{
	check_dr("def show():\n    global shared\n    print(shared)", "show",
	    "print shared");
}
END_TEST

/* 5.4 SQL */

START_TEST(test_ana_sql_refs_are_refs)
{
	const struct ana_cell *c = an("out = mo.sql(f\"SELECT * FROM sales "
	    "JOIN regions USING (region) LIMIT {limit.value}\")");

	NAMES_EQ(c->defs, "out");
	ck_assert_str_eq(joined(&c->refs, 1), "limit mo regions sales");
	ck_assert_str_eq(joined(&c->sql_refs, 2), "regions sales");
}
END_TEST

START_TEST(test_ana_sql_create_defines_and_hides_later_refs)
{
	const struct ana_cell *c = an("mo.sql(\"\"\"\n"
	    "CREATE OR REPLACE TABLE Summary AS SELECT * FROM raw;\n"
	    "SELECT * FROM summary\n\"\"\")");

	NAMES_EQ(c->sql_defs, "summary");
	ck_assert_str_eq(joined(&c->defs, 1), "summary");
	ck_assert_str_eq(joined(&c->sql_refs, 2), "raw");
}
END_TEST

START_TEST(test_ana_sql_names_lower_case_and_qualified)
{
	const struct ana_cell *c = an("t = duckdb.sql(\"SELECT * FROM MyTable "
	    "e JOIN Analytics.Events AS x ON 1 JOIN c.s.t ON 1\")");

	NAMES_EQ(c->sql_refs, "analytics.events c.s.t mytable");
}
END_TEST

START_TEST(test_ana_sql_view_schema_attach)
{
	const struct ana_cell *c = an("mo.sql(\"\"\"\n"
	    "CREATE SCHEMA IF NOT EXISTS Staging;\n"
	    "CREATE TEMP VIEW recent AS SELECT * FROM orders;\n"
	    "ATTACH 'warehouse.db' AS wh;\nATTACH 'md:lake';\n\"\"\")");

	NAMES_EQ(c->sql_defs, "Staging lake recent wh");
	ck_assert_str_eq(joined(&c->sql_refs, 1), "orders");
	c = an("mo.sql(\"CREATE TABLE Cat.Sch.T1 AS SELECT 1; "
	    "CREATE VIEW s.v AS SELECT 2\")");
	NAMES_EQ(c->sql_defs, "t1 v");
	ck_assert_str_eq(joined(&c->sql_qualified_defs, 1), "cat.sch.t1 s.v");
}
END_TEST

START_TEST(test_ana_sql_cte_subquery_table_function_file)
{
	const struct ana_cell *c = an("q = mo.sql(\"WITH c AS (SELECT * FROM "
	    "base) SELECT * FROM c, (SELECT 1 FROM other) s, "
	    "read_csv('x.csv') JOIN 'f.parquet' ON 1 "
	    "WHERE EXTRACT(year FROM d) > 1\")");

	NAMES_EQ(c->sql_refs, "base other");
	c = an("q = mo.sql(\"WITH RECURSIVE a AS (SELECT * FROM x), "
	    "b (c1) AS (SELECT f(a.v), 2 FROM a) SELECT * FROM b, y\")");
	NAMES_EQ(c->sql_refs, "x y");
}
END_TEST

START_TEST(test_ana_sql_write_targets_are_refs)
{
	const struct ana_cell *c = an("mo.sql(\"INSERT INTO log SELECT * "
	    "FROM src; UPDATE stats SET n = 1; DROP TABLE IF EXISTS old\")");

	NAMES_EQ(c->sql_refs, "log old src stats");
}
END_TEST

START_TEST(test_ana_sql_only_known_receivers_with_one_literal)
{
	ck_assert_str_eq(joined(&an("duckdb.execute('SELECT * FROM a')")->
	    sql_refs, 0), "a");
	ck_assert_str_eq(joined(&an("marimo.sql('SELECT * FROM a')")->
	    sql_refs, 0), "a");
	ck_assert_str_eq(joined(&an("con.sql('SELECT * FROM a')")->
	    sql_refs, 0), "");
	ck_assert_str_eq(joined(&an("mo.sql('SELECT * FROM a', b)")->
	    sql_refs, 0), "");
	check_dr("q = mo.sql(query)", "q", "mo query");
}
END_TEST

START_TEST(test_ana_sql_in_function_refs_the_cell)
{
	const struct ana_cell *c = an("def run():\n"
	    "    return mo.sql(\"CREATE TABLE t2 AS SELECT * FROM inner_t\")");

	NAMES_EQ(c->refs, "inner_t mo");
	ck_assert_str_eq(joined(&c->sql_defs, 1), "");
	ck_assert_str_eq(joined(&c->defs, 2), "run");
}
END_TEST

START_TEST(test_ana_sql_python_def_wins_over_table)
{
	/* The value runs first: the table, then the Python binding. */
	const struct ana_cell *c = an("df = mo.sql(\"CREATE TABLE df AS "
	    "SELECT 1\")");

	NAMES_EQ(c->defs, "df");
	ck_assert_str_eq(joined(&c->sql_defs, 1), "");
	/* ... but the first binding, which marimo's writer looks at. */
	ck_assert_str_eq(joined(&c->sql_first_defs, 2), "df");
}
END_TEST

/* 4.4 Markdown */

START_TEST(test_ana_markdown_simple)
{
	const struct ana_cell *c = an("mo.md(\"Hello **world**\")");

	ck_assert(c->is_markdown);
	ck_assert_str_eq(c->markdown, "Hello **world**");
}
END_TEST

START_TEST(test_ana_markdown_processing)
{
	const struct ana_cell *c = an("mo.md(\n    \"\"\"\n    # Title\n\n"
	    "    Some *text*   \n      indented\n    \"\"\"\n)");

	ck_assert(c->is_markdown);
	ck_assert_str_eq(c->markdown, "# Title\n\nSome *text*\n  indented");
	/* The first line is dedented alone. */
	c = an("mo.md(\"\"\"  First line\n    second\n    third\"\"\")");
	ck_assert_str_eq(c->markdown, "First line\nsecond\nthird");
}
END_TEST

START_TEST(test_ana_markdown_string_forms)
{
	ck_assert_str_eq(an("mo.md(f\"\"\"\n    ## Plain\n    \"\"\")")->
	    markdown, "## Plain");
	ck_assert_str_eq(an("mo.md(r\"$\\alpha$\")")->markdown, "$\\alpha$");
	ck_assert_str_eq(an("mo.md(\"a \" 'b')")->markdown, "a b");
	ck_assert_str_eq(an("# above\nmo.md(\"x\")  # after")->markdown,
	    "x");
	ck_assert_str_eq(an("mo.md(\"a\\tb\")")->markdown, "a\tb");
}
END_TEST

START_TEST(test_ana_markdown_negative_cases)
{
	static const char *const not_md[] = {
		"title = mo.md(\"Title\")",
		"mo.md(f\"Value: {x}\")",
		"mo.md(text)",
		"mo.md(\"a\")\nmo.md(\"b\")",
		"marimo.md(\"a\")",
		"md(\"a\")",
		"mo.md(\"   \")",
		"mo.md(\"a\", \"b\")",
		"mo.md(b\"bytes\")",
		"mo.md()",
	};
	size_t i;

	for (i = 0; i < sizeof not_md / sizeof not_md[0]; i++) {
		const struct ana_cell *c = an(not_md[i]);

		ck_assert_msg(!c->is_markdown, "%s is markdown", not_md[i]);
		ck_assert_ptr_null(c->markdown);
	}
}
END_TEST

/* Facts for the writer */

START_TEST(test_ana_async_cells)
{
	ck_assert(an("await asyncio.sleep(0)")->is_async);
	ck_assert(an("async for x in s():\n    pass")->is_async);
	ck_assert(an("async with lock:\n    pass")->is_async);
	ck_assert(an("v = [await f(x) for x in xs]")->is_async);
	ck_assert(!an("async def g():\n    await h()")->is_async);
	ck_assert(!an("x = 1")->is_async);
}
END_TEST

START_TEST(test_ana_statements_and_last_expression)
{
	const struct ana_cell *c = an("x = 1\nx");

	ck_assert_uint_eq(c->nstatements, 2);
	ck_assert(c->has_last_expr);
	ck_assert(!an("x = 1\nx;")->has_last_expr);
	ck_assert(!an("y = 2\ny;  # hidden\n")->has_last_expr);
	ck_assert(an("value  # shown; not hidden")->has_last_expr);
	ck_assert(!an("x = 1")->has_last_expr);
	ck_assert(an("a; b")->has_last_expr);
	ck_assert_uint_eq(an("a; b")->nstatements, 2);
	ck_assert_uint_eq(an("# only a comment\n")->nstatements, 0);
	ck_assert_uint_eq(an("")->nstatements, 0);
}
END_TEST

START_TEST(test_ana_single_def_and_its_deftime_refs)
{
	const struct ana_cell *c = an("@functools.cache\n"
	    "def compute(n: Num = dflt) -> Res:\n    return n * factor");

	ck_assert_int_eq(c->single, ANA_SINGLE_DEF);
	ck_assert_str_eq(c->single_name, "compute");
	ck_assert_uint_eq(c->nbound, 1);
	NAMES_EQ(c->deftime_refs, "Num Res dflt functools");
	ck_assert_str_eq(joined(&c->refs, 1), "Num Res dflt factor functools");
	ck_assert_int_eq(an("def a():\n    pass\ndef b():\n    pass")->single,
	    ANA_SINGLE_NONE);
	ck_assert_int_eq(an("x = 1")->single, ANA_SINGLE_NONE);
}
END_TEST

START_TEST(test_ana_single_class_deftime_refs)
{
	const struct ana_cell *c = an("@dataclass\nclass Model(nn.Module):\n"
	    "    size = DEFAULT\n    def forward(self, x):\n"
	    "        return self.layer(x) + late");

	ck_assert_int_eq(c->single, ANA_SINGLE_CLASS);
	ck_assert_str_eq(c->single_name, "Model");
	NAMES_EQ(c->deftime_refs, "DEFAULT dataclass nn");
	ck_assert_str_eq(joined(&c->refs, 1), "DEFAULT dataclass late nn");
}
END_TEST

START_TEST(test_ana_nbound_counts_private_names)
{
	ck_assert_uint_eq(an("_helper = 1\ndef f():\n    pass")->nbound, 2);
	ck_assert_uint_eq(an("def _f():\n    pass")->nbound, 1);
	ck_assert_uint_eq(an("x = 1\nx = 2")->nbound, 1);
}
END_TEST

START_TEST(test_ana_ends_with_import_or_def)
{
	ck_assert(an("x = 1\nimport os")->ends_with_import_or_def);
	ck_assert(an("from a import b")->ends_with_import_or_def);
	ck_assert(an("def f():\n    pass\n# c")->ends_with_import_or_def);
	ck_assert(an("class C:\n    pass")->ends_with_import_or_def);
	ck_assert(!an("import os\nx = 1")->ends_with_import_or_def);
}
END_TEST

START_TEST(test_ana_annotation_text_and_refs)
{
	const struct ana_cell *c = an("a: Literal['x', 'y'] = 'x'\n"
	    "b: dict[\n    str,\n    'Foo',\n] = {}\n"
	    "c: Annotated[int, 'say \"hi\"'] = 1\nd: pl.DataFrame = None");
	const struct ana_annotation *x;

	ck_assert_uint_eq(c->nannotations, 4);
	x = annotation(c, "a");
	ck_assert_str_eq(x->text, "Literal[\"x\", \"y\"]");
	ck_assert_str_eq(joined(&x->refs, 0), "Literal");
	x = annotation(c, "b");
	ck_assert_str_eq(x->text, "dict[str, \"Foo\"]");
	x = annotation(c, "c");
	ck_assert_str_eq(x->text, "Annotated[int, 'say \"hi\"']");
	x = annotation(c, "d");
	ck_assert_str_eq(x->text, "pl.DataFrame");
	ck_assert_str_eq(joined(&x->refs, 0), "pl");
}
END_TEST

START_TEST(test_ana_annotation_only_on_first_binding)
{
	const struct ana_cell *c = an("x = 1\nx: int = 2\ny: float = 1\n"
	    "y: str = 'a'\n_p: int = 3\ndef f():\n    z: int = 1");

	ck_assert_uint_eq(c->nannotations, 1);
	ck_assert_str_eq(c->annotations[0].name, "y");
	ck_assert_str_eq(c->annotations[0].text, "float");
}
END_TEST

/* Errors, caching, helpers */

START_TEST(test_ana_syntax_error_line_and_column)
{
	const struct ana_cell *c = an("x = 1\ny = (\n");

	ck_assert(!c->parses);
	ck_assert_str_eq(c->error, "'(' was never closed");
	ck_assert_uint_eq(c->error_line, 2);
	ck_assert_uint_eq(c->error_col, 5);
	NAMES_EQ(c->defs, "");
	c = an("def f():\nreturn 1");
	ck_assert(!c->parses);
	ck_assert_uint_eq(c->error_line, 2);
}
END_TEST

START_TEST(test_ana_compile_errors_are_syntax_errors)
{
	static const char *const bad[] = {
		"x = 1\nreturn x", "break", "yield 1", "nonlocal x",
		"f(a=1, a=2)", "__debug__ = 1", "*a = b",
		"def f(a, a):\n    pass", "from __future__ import braces",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const struct ana_cell *c = an(bad[i]);

		ck_assert_msg(!c->parses, "<%s> parses", bad[i]);
		ck_assert_ptr_nonnull(c->error);
	}
	ck_assert_uint_eq(an("x = 1\nreturn x")->error_line, 2);
}
END_TEST

START_TEST(test_ana_nbsp_reads_as_space)
{
	/* U+00A0 in UTF-8 is C2 A0. */
	const struct ana_cell *c = an("x\xc2\xa0= 1\ny = x");

	ck_assert(c->parses);
	NAMES_EQ(c->defs, "x y");
}
END_TEST

START_TEST(test_ana_bad_bytes_are_errors_not_crashes)
{
	const struct ana_cell *c = ana_cell(A, "x = 1\0y", 7);

	ck_assert_ptr_nonnull(c);
	ck_assert(!c->parses);
	ck_assert_uint_eq(c->error_line, 1);
	ck_assert_uint_eq(c->error_col, 6);
	ck_assert(!an("x = '\xff\xfe'")->parses);
	/* A coding cookie does not change how the cell is read. */
	ck_assert(!an("# coding: latin-1\nx = '\xe9'")->parses);
}
END_TEST

START_TEST(test_ana_deep_input_is_an_error_not_a_crash)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "x = ");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "1+");
	buf_adds(&b, "1");
	ck_assert(!an(b.ptr)->parses);
	buf_reset(&b);
	buf_adds(&b, "x = ");
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "-");
	buf_adds(&b, "1");
	ck_assert_ptr_nonnull(ana_cell(A, b.ptr, b.len));
	buf_release(&b);
}
END_TEST

START_TEST(test_ana_nested_classes_cost_linear_time)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	/* Each class body is visited on its own too: 40 levels must not
	 * mean 2^40 visits (the test would time out). */
	for (i = 0; i < 40; i++) {
		for (j = 0; j < i; j++)
			buf_addc(&b, ' ');
		buf_addf(&b, "class C%zu(B%zu):\n", i, i);
	}
	for (j = 0; j < i; j++)
		buf_addc(&b, ' ');
	buf_adds(&b, "x: T = y\n");
	check_dr(b.ptr, "C0", "B0 B1 B10 B11 B12 B13 B14 B15 B16 B17 B18 "
	    "B19 B2 B20 B21 B22 B23 B24 B25 B26 B27 B28 B29 B3 B30 B31 B32 "
	    "B33 B34 B35 B36 B37 B38 B39 B4 B5 B6 B7 B8 B9 T y");
	ck_assert_str_eq(joined(&an(b.ptr)->deftime_refs, 0),
	    joined(&an(b.ptr)->refs, 1));
	buf_release(&b);
}
END_TEST

START_TEST(test_ana_many_functions_stay_fast)
{
	struct buf b = BUF_INIT;
	const struct ana_cell *c;
	size_t i;

	/* CPython compiles this in time quadratic in the defs. */
	for (i = 0; i < 6000; i++)
		buf_addf(&b, "def f%zu():\n    return x\n", i);
	buf_adds(&b, "await g()\n");
	c = an(b.ptr);
	ck_assert(c->parses);
	ck_assert(c->is_async);
	ck_assert_uint_eq(c->nbound, 6000);
	NAMES_EQ(c->refs, "g x");
	buf_release(&b);
}
END_TEST

START_TEST(test_ana_cache_returns_the_same_result)
{
	const char *src = "a = b + 1";
	char copy[16];
	const struct ana_cell *c1, *c2;

	c1 = an(src);
	memcpy(copy, src, strlen(src) + 1);
	c2 = ana_cell(A, copy, strlen(copy));
	ck_assert_ptr_eq(c1, c2);
	ck_assert_ptr_ne(an("a = b + 2"), c1);
	/* Only the first len bytes count. */
	ck_assert_ptr_eq(ana_cell(A, "a = b + 1 and more", 9), c1);
}
END_TEST

START_TEST(test_ana_cache_survives_growth)
{
	const struct ana_cell *first = an("v0 = 0");
	char src[32], want[16];
	int i;

	for (i = 1; i < 500; i++) {
		snprintf(src, sizeof src, "v%d = v%d + 1", i, i - 1);
		snprintf(want, sizeof want, "v%d", i - 1);
		ck_assert_str_eq(joined(&an(src)->refs, 0), want);
	}
	ck_assert_ptr_eq(an("v0 = 0"), first);
	NAMES_EQ(first->defs, "v0");
}
END_TEST

START_TEST(test_ana_is_builtin)
{
	ck_assert(ana_is_builtin(A, "print"));
	ck_assert(ana_is_builtin(A, "len"));
	ck_assert(ana_is_builtin(A, "__builtins__"));
	ck_assert(ana_is_builtin(A, "__file__"));
	ck_assert(ana_is_builtin(A, "__class__"));
	ck_assert(ana_is_builtin(A, "__builtin__"));
	ck_assert(ana_is_builtin(A, "exit"));	/* site adds it */
	ck_assert(ana_is_builtin(A, "display") == false);
	ck_assert(!ana_is_builtin(A, "mo"));
}
END_TEST

START_TEST(test_ana_is_identifier)
{
	ck_assert(ana_is_identifier(A, "x"));
	ck_assert(ana_is_identifier(A, "_private"));
	ck_assert(ana_is_identifier(A, "donn\xc3\xa9" "es"));
	ck_assert(ana_is_identifier(A, "match"));	/* soft keyword */
	ck_assert(!ana_is_identifier(A, "class"));
	ck_assert(!ana_is_identifier(A, "None"));
	ck_assert(!ana_is_identifier(A, "schema.table"));
	ck_assert(!ana_is_identifier(A, "1x"));
	ck_assert(!ana_is_identifier(A, ""));
	ck_assert(!ana_is_identifier(A, "\xff"));
}
END_TEST

START_TEST(test_ana_names_has)
{
	const struct ana_cell *c = an("b = 1\na = 2\nc = 3");

	ck_assert(ana_names_has(&c->defs, "a"));
	ck_assert(ana_names_has(&c->defs, "c"));
	ck_assert(!ana_names_has(&c->defs, "d"));
	ck_assert(!ana_names_has(&c->refs, "a"));
}
END_TEST

START_TEST(test_ana_names_sorted_by_code_point)
{
	const struct ana_cell *c = an("\xc3\xa9t\xc3\xa9 = 1\nZ = 2\na = 3\n"
	    "_b = 4\nB = 5");

	NAMES_EQ(c->defs, "B Z a \xc3\xa9t\xc3\xa9");
}
END_TEST

static Suite *
ana_suite(void)
{
	Suite *s = suite_create("ana");
	TCase *defs = tcase_create("defs");
	TCase *refs = tcase_create("refs");
	TCase *sql = tcase_create("sql");
	TCase *facts = tcase_create("facts");
	TCase *misc = tcase_create("errors-cache-helpers");

	tcase_add_checked_fixture(defs, setup, teardown);
	tcase_add_test(defs, test_ana_def_assignment_unpacking);
	tcase_add_test(defs,
	    test_ana_def_attribute_and_item_targets_define_nothing);
	tcase_add_test(defs, test_ana_def_augmented_assignment_is_not_a_ref);
	tcase_add_test(defs, test_ana_def_annotated_assignment);
	tcase_add_test(defs, test_ana_def_for_with_walrus_targets);
	tcase_add_test(defs,
	    test_ana_def_walrus_in_comprehension_binds_the_cell);
	tcase_add_test(defs, test_ana_def_import_forms);
	tcase_add_test(defs, test_ana_def_import_star_is_flagged_with_its_line);
	tcase_add_test(defs, test_ana_def_function_and_class_names);
	tcase_add_test(defs, test_ana_def_match_capture_patterns);
	tcase_add_test(defs, test_ana_def_global_in_function);
	tcase_add_test(defs, test_ana_def_type_alias);
	tcase_add_test(defs, test_ana_def_function_locals_are_not_defs);
	tcase_add_test(defs, test_ana_def_except_name_is_invisible);
	tcase_add_test(defs, test_ana_private_names_are_cell_local);
	tcase_add_test(defs, test_ana_private_read_is_never_a_ref);
	tcase_add_test(defs, test_ana_private_import_without_alias);
	tcase_add_test(defs, test_ana_is_private);
	suite_add_tcase(s, defs);

	tcase_add_checked_fixture(refs, setup, teardown);
	tcase_add_test(refs, test_ana_ref_order_matters);
	tcase_add_test(refs, test_ana_ref_attribute_chain_refs_its_base);
	tcase_add_test(refs, test_ana_ref_subscript_base_and_indices);
	tcase_add_test(refs, test_ana_ref_nested_unbound_name);
	tcase_add_test(refs, test_ana_ref_nested_use_of_later_binding);
	tcase_add_test(refs,
	    test_ana_ref_defaults_and_decorators_enclosing_scope);
	tcase_add_test(refs, test_ana_ref_comprehension_iterable_first);
	tcase_add_test(refs, test_ana_ref_del_of_unbound_name_is_deleted);
	tcase_add_test(refs, test_ana_ref_builtins_are_refs);
	tcase_add_test(refs, test_ana_ref_nested_parameters_are_not_refs);
	tcase_add_test(refs, test_ana_ref_class_body_and_methods);
	tcase_add_test(refs, test_ana_ref_global_declaration_without_binding);
	suite_add_tcase(s, refs);

	tcase_add_checked_fixture(sql, setup, teardown);
	tcase_add_test(sql, test_ana_sql_refs_are_refs);
	tcase_add_test(sql, test_ana_sql_create_defines_and_hides_later_refs);
	tcase_add_test(sql, test_ana_sql_names_lower_case_and_qualified);
	tcase_add_test(sql, test_ana_sql_view_schema_attach);
	tcase_add_test(sql, test_ana_sql_cte_subquery_table_function_file);
	tcase_add_test(sql, test_ana_sql_write_targets_are_refs);
	tcase_add_test(sql, test_ana_sql_only_known_receivers_with_one_literal);
	tcase_add_test(sql, test_ana_sql_in_function_refs_the_cell);
	tcase_add_test(sql, test_ana_sql_python_def_wins_over_table);
	suite_add_tcase(s, sql);

	tcase_add_checked_fixture(facts, setup, teardown);
	tcase_add_test(facts, test_ana_markdown_simple);
	tcase_add_test(facts, test_ana_markdown_processing);
	tcase_add_test(facts, test_ana_markdown_string_forms);
	tcase_add_test(facts, test_ana_markdown_negative_cases);
	tcase_add_test(facts, test_ana_async_cells);
	tcase_add_test(facts, test_ana_statements_and_last_expression);
	tcase_add_test(facts, test_ana_single_def_and_its_deftime_refs);
	tcase_add_test(facts, test_ana_single_class_deftime_refs);
	tcase_add_test(facts, test_ana_nbound_counts_private_names);
	tcase_add_test(facts, test_ana_ends_with_import_or_def);
	tcase_add_test(facts, test_ana_annotation_text_and_refs);
	tcase_add_test(facts, test_ana_annotation_only_on_first_binding);
	suite_add_tcase(s, facts);

	tcase_add_checked_fixture(misc, setup, teardown);
	tcase_add_test(misc, test_ana_syntax_error_line_and_column);
	tcase_add_test(misc, test_ana_compile_errors_are_syntax_errors);
	tcase_add_test(misc, test_ana_nbsp_reads_as_space);
	tcase_add_test(misc, test_ana_bad_bytes_are_errors_not_crashes);
	tcase_add_test(misc, test_ana_deep_input_is_an_error_not_a_crash);
	tcase_add_test(misc, test_ana_nested_classes_cost_linear_time);
	tcase_add_test(misc, test_ana_many_functions_stay_fast);
	tcase_add_test(misc, test_ana_cache_returns_the_same_result);
	tcase_add_test(misc, test_ana_cache_survives_growth);
	tcase_add_test(misc, test_ana_is_builtin);
	tcase_add_test(misc, test_ana_is_identifier);
	tcase_add_test(misc, test_ana_names_has);
	tcase_add_test(misc, test_ana_names_sorted_by_code_point);
	suite_add_tcase(s, misc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ana_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
