/*
 * check_fmt_marimo.c: marimo's .py format, read and written byte for
 * byte as marimo does (spec notebook-format.md sections 2-4, with the
 * 0.25 rules of doc/marimo-versions.md): the worked examples of 4.7,
 * marimo's own golden files, reader fixtures with the cell codes marimo
 * reads from them, the recovery scanner, fixed_dedent, the synthetic
 * notebooks of 9.5, bad input and the atomic save.
 *
 * Expected files live in tests/data/fmt/ (see its README for where each
 * came from). `check_fmt_marimo --dump FILE` prints what the reader makes
 * of FILE in the format of the .cells fixtures.
 */
#include "config.h"

#include <sys/stat.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ana.h"
#include "buf.h"
#include "checklib.h"
#include "err.h"
#include "fmt.h"
#include "fmt_int.h"
#include "nb.h"
#include "xmalloc.h"

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

/* tests/data/fmt/rel under the source tree; static, one at a time. */
static const char *
data_path(const char *rel)
{
	static struct buf b = BUF_INIT;
	const char *top = getenv("srcdir");

	buf_reset(&b);
	buf_addf(&b, "%s/tests/data/fmt/%s", top != NULL ? top : ".", rel);
	return b.ptr;
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	ssize_t r;
	int fd = open(path, O_RDONLY);

	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	while ((r = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)r);
	ck_assert_int_eq(r, 0);
	close(fd);
	return buf_detach(&b, len);
}

static void
spew(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static struct nb *
parse_len(const char *text, size_t len)
{
	struct nb *nb;

	ck_assert_msg(fmt_marimo_parse(&nb, "test.py", text, len, A) == 0,
	    "parse: %s", err_last());
	return nb;
}

static struct nb *
parse(const char *text)
{
	return parse_len(text, strlen(text));
}

/* The notebook written out; caller frees. */
static char *
format(struct nb *nb)
{
	struct buf b = BUF_INIT;

	ck_assert_msg(fmt_marimo_format(&b, nb, A) == 0, "format: %s",
	    err_last());
	return buf_detach(&b, NULL);
}

/* Where two texts first differ, for failure messages. */
static const char *
first_diff(const char *want, const char *got)
{
	static struct buf b = BUF_INIT;
	size_t line = 1, i = 0, s = 0, e1, e2;

	while (want[i] != '\0' && want[i] == got[i]) {
		if (want[i] == '\n') {
			line++;
			s = i + 1;
		}
		i++;
	}
	for (e1 = s; want[e1] != '\0' && want[e1] != '\n'; e1++)
		;
	for (e2 = s; got[e2] != '\0' && got[e2] != '\n'; e2++)
		;
	buf_reset(&b);
	buf_addf(&b, "line %zu: want \"%.*s\", got \"%.*s\"", line,
	    (int)(e1 - s), want + s, (int)(e2 - s), got + s);
	return b.ptr;
}

#define TEXT_EQ(got, want) do {						\
	const char *g_ = (got), *w_ = (want);				\
	ck_assert_msg(strcmp(g_, w_) == 0, "%s", first_diff(w_, g_));	\
} while (0)

/* text reads and writes back unchanged. */
static void
assert_roundtrip(const char *text)
{
	struct nb *nb = parse(text);
	char *out = format(nb);

	TEXT_EQ(out, text);
	free(out);
	nb_free(nb);
}

static struct nb_cell *
add_cell(struct nb *nb, const char *code, const char *name)
{
	struct nb_cell *c = nb_cell_insert(nb, nb_ncells(nb), code,
	    strlen(code));

	if (name != NULL)
		nb_cell_set_name(c, name);
	return c;
}

static const char *
cell_code(struct nb *nb, size_t i)
{
	struct nb_cell *c = nb_cell_at(nb, i);

	ck_assert_ptr_nonnull(c);
	return nb_cell_source(c, NULL);
}

static struct nb_cell_config
config(int column, bool disabled, bool hide_code)
{
	struct nb_cell_config c;

	c.column = column;
	c.disabled = disabled;
	c.hide_code = hide_code;
	c.expand_output = false;
	return c;
}

/*
 * The .cells fixture format: what the reader made of a file, each text
 * with its length so that any bytes survive.
 */
static void dump_nb(struct buf *, struct nb *);

static void
dump(struct buf *out, const char *path)
{
	struct nb *nb;
	const char *s;

	if (fmt_load(&nb, FMT_MARIMO, path, A) < 0) {
		/* The message names the file; keep only what follows it. */
		s = strstr(err_last(), ".py");
		buf_addf(out, "error %s\n", s != NULL ? s + 3 : err_last());
		return;
	}
	dump_nb(out, nb);
}

/* What a read made of a notebook, as text; frees nb. */
static void
dump_nb(struct buf *out, struct nb *nb)
{
	static const char *const status[] = { "valid", "has_warnings",
	    "has_errors", "invalid", "empty" };
	static const char *const kind[] = { "cell", "function", "class",
	    "unparsable", "setup" };
	struct nb_app_options *o;
	const struct nb_diag *d;
	struct nb_cell_config cf;
	struct nb_cell *c;
	const char *s;
	size_t i, len;

	buf_addf(out, "status %s\n", status[nb_load_status(nb)]);
	for (i = 0; i < nb_ndiags(nb); i++) {
		d = nb_diag_at(nb, i);
		buf_addf(out, "diag %s %zu:%zu %s\n", d->severity ==
		    NB_DIAG_ERROR ? "error" : "warning", d->line, d->col,
		    d->message);
	}
	s = nb_header(nb);
	if (s != NULL)
		buf_addf(out, "header %zu\n%s\n", strlen(s), s);
	buf_addf(out, "version %s\n", nb_version(nb) != NULL ?
	    nb_version(nb) : "none");
	o = nb_app_options(nb);
	buf_adds(out, "app");
#define OPT(k) if (o->k != NULL) buf_addf(out, " " #k "=%s", o->k)
	OPT(width);
	OPT(app_title);
	OPT(layout_file);
	OPT(css_file);
	OPT(html_head_file);
	OPT(sql_output);
#undef OPT
	for (i = 0; i < o->nauto_download; i++)
		buf_addf(out, " auto_download=%s", o->auto_download[i]);
	buf_addc(out, '\n');
	for (i = 0; i < nb_ncells(nb); i++) {
		c = nb_cell_at(nb, i);
		cf = nb_cell_config(c);
		s = nb_cell_source(c, &len);
		buf_addf(out, "cell %s %s derived=%d column=",
		    kind[nb_cell_kind(c)],
		    nb_cell_name(c), nb_cell_name_is_derived(c));
		if (cf.column == NB_COLUMN_NONE)
			buf_adds(out, "none");
		else
			buf_addf(out, "%d", cf.column);
		buf_addf(out, " disabled=%d hide_code=%d expand_output=%d "
		    "line=%zu %zu\n", cf.disabled, cf.hide_code,
		    cf.expand_output, nb_cell_line(c), len);
		buf_add(out, s, len);
		buf_addc(out, '\n');
	}
	nb_free(nb);
}

/*
 * Examples 1-8 of spec 4.7, both ways: the model writes exactly the
 * text, and the text reads back to a model that writes it again.
 */

static const char ex1[] =
    "import marimo\n"
    "\n"
    "__generated_with = \"0.24.0\"\n"
    "app = marimo.App()\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _():\n"
    "    import marimo as mo\n"
    "\n"
    "    return (mo,)\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _(mo):\n"
    "    mo.md(\"\"\"\n"
    "    # Hi\n"
    "    \"\"\")\n"
    "    return\n"
    "\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    app.run()\n";

START_TEST(test_fmt_marimo_example1_import_markdown)
{
	struct nb *nb = nb_new();
	char *out;

	add_cell(nb, "import marimo as mo", NULL);
	add_cell(nb, "mo.md(\"# Hi\")", NULL);
	out = format(nb);
	TEXT_EQ(out, ex1);
	free(out);
	nb_free(nb);
	assert_roundtrip(ex1);
}
END_TEST

#define HEAD "import marimo\n\n__generated_with = \"0.24.0\"\n" \
    "app = marimo.App()\n\n\n"
#define TAIL "\n\nif __name__ == \"__main__\":\n    app.run()\n"

static const char ex2[] = HEAD
    "@app.cell\n"
    "def _():\n"
    "    _scale = 3\n"
    "    z = 5\n"
    "    y = 1\n"
    "    x = _scale * 2\n"
    "    return x, y\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _(x, y):\n"
    "    print(x, y)\n"
    "    return\n" TAIL;

START_TEST(test_fmt_marimo_example2_returns_filtered_sorted)
{
	struct nb *nb = nb_new();
	char *out;

	add_cell(nb, "_scale = 3\nz = 5\ny = 1\nx = _scale * 2", NULL);
	add_cell(nb, "print(x, y)", NULL);
	out = format(nb);
	TEXT_EQ(out, ex2);
	free(out);
	nb_free(nb);
	assert_roundtrip(ex2);
}
END_TEST

static const char ex3[] = HEAD
    "@app.cell\n"
    "def _():\n"
    "    alpha_coefficient, beta_coefficient = 1, 2\n"
    "    gamma_coefficient, delta_coefficient = 3, 4\n"
    "    return (\n"
    "        alpha_coefficient,\n"
    "        beta_coefficient,\n"
    "        delta_coefficient,\n"
    "        gamma_coefficient,\n"
    "    )\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _(\n"
    "    alpha_coefficient,\n"
    "    beta_coefficient,\n"
    "    delta_coefficient,\n"
    "    gamma_coefficient,\n"
    "):\n"
    "    total = alpha_coefficient + beta_coefficient + "
    "gamma_coefficient + delta_coefficient\n"
    "    return\n" TAIL;

START_TEST(test_fmt_marimo_example3_long_signature_and_return)
{
	struct nb *nb = nb_new();
	char *out;

	add_cell(nb, "alpha_coefficient, beta_coefficient = 1, 2\n"
	    "gamma_coefficient, delta_coefficient = 3, 4", NULL);
	add_cell(nb, "total = alpha_coefficient + beta_coefficient + "
	    "gamma_coefficient + delta_coefficient", NULL);
	out = format(nb);
	TEXT_EQ(out, ex3);
	free(out);
	nb_free(nb);
	assert_roundtrip(ex3);
}
END_TEST

static const char ex4[] =
    "# /// script\n"
    "# dependencies = [\"marimo\"]\n"
    "# ///\n"
    "\n"
    "import marimo\n"
    "\n"
    "__generated_with = \"0.24.0\"\n"
    "app = marimo.App()\n"
    "\n"
    "with app.setup(hide_code=True):\n"
    "    import math\n"
    "\n"
    "\n"
    "@app.function\n"
    "def area(r):\n"
    "    return math.pi * r**2\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _():\n"
    "    data = [1, 2, 3]\n"
    "    return (data,)\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _(data):\n"
    "    def total():\n"
    "        return sum(data)\n"
    "\n"
    "    return (total,)\n"
    "\n"
    "\n"
    "@app.cell\n"
    "def _(total):\n"
    "    area(2) + total()\n"
    "    return\n" TAIL;

START_TEST(test_fmt_marimo_example4_setup_function_header)
{
	static const char header[] =
	    "# /// script\n# dependencies = [\"marimo\"]\n# ///";
	struct nb *nb = nb_new();
	struct nb_cell *c;
	char *out;

	nb_set_header(nb, header, strlen(header));
	c = add_cell(nb, "import math", "setup");
	nb_cell_set_kind(c, NB_CELL_SETUP);
	nb_cell_set_config(c, config(NB_COLUMN_NONE, false, true));
	add_cell(nb, "def area(r):\n    return math.pi * r**2", NULL);
	add_cell(nb, "data = [1, 2, 3]", NULL);
	add_cell(nb, "def total():\n    return sum(data)", NULL);
	add_cell(nb, "area(2) + total()", NULL);
	out = format(nb);
	TEXT_EQ(out, ex4);
	free(out);
	nb_free(nb);

	nb = parse(ex4);
	ck_assert_str_eq(nb_header(nb), header);
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 0)), "setup");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 0)), NB_CELL_SETUP);
	ck_assert(nb_cell_config(nb_cell_at(nb, 0)).hide_code);
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 1)), "area");
	ck_assert(nb_cell_name_is_derived(nb_cell_at(nb, 1)));
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 1)), NB_CELL_FUNCTION);
	ck_assert_str_eq(cell_code(nb, 1),
	    "def area(r):\n    return math.pi * r**2");
	ck_assert_str_eq(cell_code(nb, 3),
	    "def total():\n    return sum(data)");
	nb_free(nb);
	assert_roundtrip(ex4);
}
END_TEST

static const char ex5[] = HEAD
    "app._unparsable_cell(\n"
    "    r\"\"\"\n"
    "    x = (\n"
    "    \"\"\",\n"
    "    column=None, disabled=False, hide_code=True, "
    "expand_output=False, name=\"_\"\n"
    ")\n"
    "\n"
    "\n"
    "@app.cell(column=1, disabled=True)\n"
    "def _():\n"
    "    y = 1\n"
    "    return\n"
    "\n"
    "\n"
    "app._unparsable_cell(\n"
    "    \"\"\"\n"
    "    s = \\\"\\\"\\\"a\\\"\\\"\\\"\n"
    "    t = (\n"
    "    \"\"\",\n"
    "    name=\"broken\"\n"
    ")\n" TAIL;

START_TEST(test_fmt_marimo_example5_options_unparsable)
{
	struct nb *nb = nb_new();
	struct nb_cell *c;
	char *out;

	c = add_cell(nb, "x = (", NULL);
	nb_cell_set_config(c, config(NB_COLUMN_NONE, false, true));
	c = add_cell(nb, "y = 1", NULL);
	nb_cell_set_config(c, config(1, true, false));
	add_cell(nb, "s = \"\"\"a\"\"\"\nt = (", "broken");
	out = format(nb);
	TEXT_EQ(out, ex5);
	free(out);
	nb_free(nb);

	nb = parse(ex5);
	ck_assert_uint_eq(nb_ncells(nb), 3);
	ck_assert_str_eq(cell_code(nb, 0), "x = (");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 0)), NB_CELL_UNPARSABLE);
	ck_assert(nb_cell_config(nb_cell_at(nb, 0)).hide_code);
	ck_assert_int_eq(nb_cell_config(nb_cell_at(nb, 1)).column, 1);
	ck_assert(nb_cell_config(nb_cell_at(nb, 1)).disabled);
	ck_assert_str_eq(cell_code(nb, 2), "s = \"\"\"a\"\"\"\nt = (");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 2)), "broken");
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_VALID);
	nb_free(nb);
	assert_roundtrip(ex5);
}
END_TEST

START_TEST(test_fmt_marimo_example6_legacy_cell_normalized)
{
	static const char in[] =
	    "import marimo\n"
	    "\n"
	    "__generated_with = \"0.1.0\"\n"
	    "app = marimo.App()\n"
	    "\n"
	    "\n"
	    "@app.cell\n"
	    "def __():\n"
	    "    import numpy as np\n"
	    "    import pandas as pd\n"
	    "    return np, pd\n"
	    "\n"
	    "\n"
	    "@app.cell\n"
	    "def __(pd, np):   # my cell\n"
	    "    # load\n"
	    "    df = pd.DataFrame({\"a\": np.arange(3)})\n"
	    "\n"
	    "    return df,\n"
	    "    # trailing note\n"
	    "\n"
	    "\n"
	    "@app.cell\n"
	    "def __(df):\n"
	    "    df\n"
	    "    return\n"
	    "\n"
	    "\n"
	    "if __name__ == \"__main__\":\n"
	    "    app.run()\n";
	struct nb *nb = parse(in);
	char *out;

	ck_assert_str_eq(cell_code(nb, 1),
	    "# load\ndf = pd.DataFrame({\"a\": np.arange(3)})");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 1)), "_");
	ck_assert_uint_eq(nb_cell_line(nb_cell_at(nb, 1)), 16);
	out = format(nb);
	ck_assert_msg(strstr(out,
	    "@app.cell\n"
	    "def _(np, pd):\n"
	    "    # load\n"
	    "    df = pd.DataFrame({\"a\": np.arange(3)})\n"
	    "    return (df,)\n") != NULL, "%s", out);
	ck_assert_ptr_null(strstr(out, "trailing note"));
	ck_assert_ptr_null(strstr(out, "def __"));
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_example7_markdown_raw_comment)
{
	static const char code[] =
	    "# intro\n"
	    "mo.md(\n"
	    "    r\"\"\"\n"
	    "    ## Results\n"
	    "\n"
	    "    See `C:\\data`.\n"
	    "    \"\"\"\n"
	    ")";
	static const char body[] =
	    "def _(mo):\n"
	    "    # intro\n"
	    "    mo.md(r\"\"\"\n"
	    "    ## Results\n"
	    "\n"
	    "    See `C:\\data`.\n"
	    "    \"\"\")\n"
	    "    return\n";
	struct nb *nb = nb_new();
	char *out;

	add_cell(nb, "import marimo as mo", NULL);
	add_cell(nb, code, NULL);
	out = format(nb);
	ck_assert_msg(strstr(out, body) != NULL, "%s", out);
	nb_free(nb);
	nb = parse(out);
	ck_assert_str_eq(cell_code(nb, 1),
	    "# intro\nmo.md(r\"\"\"\n## Results\n"
	    "\nSee `C:\\data`.\n\"\"\")");
	assert_roundtrip(out);
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_example8_app_options)
{
	struct nb *nb = nb_new();
	struct nb_app_options *o = nb_app_options(nb);
	char *out;

	o->width = xstrdup("medium");
	o->app_title = xstrdup("Sales");
	o->auto_download = xcalloc(1, sizeof *o->auto_download);
	o->auto_download[0] = xstrdup("html");
	o->nauto_download = 1;
	o->sql_output = xstrdup("auto");
	add_cell(nb, "x = 1", NULL);
	out = format(nb);
	ck_assert_msg(strstr(out, "\napp = marimo.App(width=\"medium\", "
	    "app_title=\"Sales\", auto_download=[\"html\"])\n") != NULL, "%s",
	    out);
	nb_free(nb);
	nb = parse(out);
	o = nb_app_options(nb);
	ck_assert_str_eq(o->width, "medium");
	ck_assert_str_eq(o->app_title, "Sales");
	ck_assert_uint_eq(o->nauto_download, 1);
	ck_assert_str_eq(o->auto_download[0], "html");
	assert_roundtrip(out);
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_zero_cells_five_blank_lines)
{
	struct nb *nb = nb_new();
	char *out = format(nb);

	TEXT_EQ(out, "import marimo\n\n__generated_with = \"0.24.0\"\n"
	    "app = marimo.App()\n\n\n\n\n\nif __name__ == \"__main__\":\n"
	    "    app.run()\n");
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_app_title_quote_escaped)
{
	struct nb *nb = nb_new();
	char *out;

	nb_app_options(nb)->app_title = xstrdup("say \"hi\" \\o/");
	out = format(nb);
	/* backslashes doubled as marimo does; quotes escaped (spec 2.3) */
	ck_assert_msg(strstr(out, "app = marimo.App(app_title=\"say \\\"hi\\\" "
	    "\\\\o/\")\n") != NULL, "%s", out);
	nb_free(nb);
	nb = parse(out);
	ck_assert_str_eq(nb_app_options(nb)->app_title, "say \"hi\" \\o/");
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_version_kept_or_default)
{
	struct nb *nb = parse("import marimo\n__generated_with = '0.1.0'\n"
	    "app = marimo.App()\n");
	char *out;

	ck_assert_str_eq(nb_version(nb), "0.1.0");
	out = format(nb);
	ck_assert_ptr_nonnull(strstr(out, "\n__generated_with = \"0.1.0\"\n"));
	free(out);
	nb_free(nb);
	nb = parse("import marimo\napp = marimo.App()\n");
	ck_assert_ptr_null(nb_version(nb));
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_HAS_WARNINGS);
	out = format(nb);
	ck_assert_ptr_nonnull(strstr(out, "\n__generated_with = \""
	    FMT_MARIMO_VERSION "\"\n"));
	free(out);
	nb_free(nb);
}
END_TEST

/*
 * fixed_dedent (spec 3.6): each effect it lists. The expected values
 * are what marimo's own fixed_dedent returns.
 */
static const char *
dedent(const char *s)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	fmt_fixed_dedent(&b, s, strlen(s));
	return b.ptr;
}

START_TEST(test_fmt_dedent_drops_one_final_newline)
{
	ck_assert_str_eq(dedent("    x = 1\n    y = 2\n"), "x = 1\ny = 2");
	ck_assert_str_eq(dedent("    x\n\n"), "x\n");
	ck_assert_str_eq(dedent("x"), "x");
	ck_assert_str_eq(dedent(""), "");
	ck_assert_str_eq(dedent("\n"), "\n");
}
END_TEST

START_TEST(test_fmt_dedent_blank_and_whitespace_lines)
{
	/* an empty line stays empty */
	ck_assert_str_eq(dedent("    a\n\n    b"), "a\n\nb");
	/* k >= 4 spaces keep k - 4, k < 4 keep k */
	ck_assert_str_eq(dedent("    a\n      \n    b"), "a\n  \nb");
	ck_assert_str_eq(dedent("    a\n  \n    b"), "a\n  \nb");
	/* nothing but blank lines: textwrap.dedent */
	ck_assert_str_eq(dedent("   \n  "), "\n");
}
END_TEST

START_TEST(test_fmt_dedent_refills_less_indented_lines)
{
	ck_assert_str_eq(dedent("    x = 1\n# c\n    y"), "x = 1\n# c\ny");
	ck_assert_str_eq(dedent("  x\n    y\n  z"), "x\n  y\nz");
	ck_assert_str_eq(dedent("        x\n    y"), "x\n    y");
	ck_assert_str_eq(dedent("    if a:\n  b"), "if a:\n  b");
}
END_TEST

START_TEST(test_fmt_dedent_strings_dedented_or_kept)
{
	/* a string indented with the code is dedented with it */
	ck_assert_str_eq(dedent("    s = \"\"\"\n    a\n      b\n    \"\"\""),
	    "s = \"\"\"\na\n  b\n\"\"\"");
	ck_assert_str_eq(dedent("    f = f\"\"\"\n    {x}\n    \"\"\""),
	    "f = f\"\"\"\n{x}\n\"\"\"");
	/* one indented less than the code is kept verbatim */
	ck_assert_str_eq(dedent("    s = \"\"\"\na\n  b\n\"\"\"\n    t = 1"),
	    "s = \"\"\"\na\n  b\n\"\"\"\nt = 1");
	ck_assert_str_eq(dedent("    s = (\"a\"\n\"b\")"),
	    "s = (\"a\"\n\"b\")");
	/* an unterminated string: plain dedent, no protected lines */
	ck_assert_str_eq(dedent("    s = \"\"\"\n    a"), "s = \"\"\"\na");
}
END_TEST

START_TEST(test_fmt_dedent_tabs_and_line_breaks)
{
	/* a tab is one character of indentation */
	ck_assert_str_eq(dedent("\tx\n\ty"), "x\ny");
	ck_assert_str_eq(dedent("\tx\n    y"), "x\n    y");
	/* "\r\n" and "\r" break lines and come out as "\n" */
	ck_assert_str_eq(dedent("    a\r\n    b"), "a\nb");
	ck_assert_str_eq(dedent("    a\r    b"), "a\nb");
	/* a form feed is no line break */
	ck_assert_str_eq(dedent("    a\fb\n    c"), "a\fb\nc");
}
END_TEST

/*
 * marimo's golden files (tests/data/fmt/codegen/, spec 9.1): each reads
 * and writes back byte for byte. marimo's own test substitutes its
 * version into the file; quire keeps the version it read, so the file
 * itself is the expected output.
 */
static const char *const golden[] = {
	"test_generate_filecontents.py",
	"test_generate_filecontents_async.py",
	"test_generate_filecontents_async_long_signature.py",
	"test_generate_filecontents_single_cell.py",
	"test_generate_filecontents_with_syntax_error.py",
	"test_generate_filecontents_shadowed_builtin.py",
	"test_generate_filecontents_unshadowed_builtin.py",
	"test_generate_filecontents_toplevel.py",
	"test_generate_filecontents_toplevel_pytest.py",
	"test_long_line_in_main.py",
	"test_app_with_annotation_typing.py",
	"test_unparsable_cell_with_triple_quotes.py",
};

START_TEST(test_fmt_marimo_golden_roundtrip)
{
	struct buf path = BUF_INIT;
	char *text;

	buf_addf(&path, "codegen/%s", golden[_i]);
	text = slurp(data_path(path.ptr), NULL);
	assert_roundtrip(text);
	free(text);
	buf_release(&path);
}
END_TEST

/* The two golden files without cells: the reader gives a notebook one
 * empty cell (as marimo's loader does), so write them from the model. */
START_TEST(test_fmt_marimo_golden_empty)
{
	static const char *const files[] = {
		"codegen/test_generate_filecontents_empty.py",
		"codegen/test_generate_filecontents_empty_with_config.py",
	};
	struct nb *nb;
	char *want, *out;
	size_t i;

	for (i = 0; i < 2; i++) {
		want = slurp(data_path(files[i]), NULL);
		nb = parse(want);
		ck_assert_uint_eq(nb_ncells(nb), 1);
		ck_assert_str_eq(cell_code(nb, 0), "");
		ck_assert_int_eq(nb_cell_remove(nb,
		    nb_cell_id(nb_cell_at(nb, 0))), 0);
		out = format(nb);
		TEXT_EQ(out, want);
		free(want);
		free(out);
		nb_free(nb);
	}
}
END_TEST

/*
 * tests/data/fmt/writer_cases.json: cell lists and what marimo 0.24's
 * generate_filecontents wrote for them (version "0.0.0"), made by
 * make-writer-cases.py. Where quire departs on purpose the case says
 * why in "note" and keeps marimo's text in "marimo".
 */
START_TEST(test_fmt_marimo_writer_cases)
{
	json_error_t jerr;
	json_t *root, *c, *codes, *names, *der, *cfgs, *app, *h, *v;
	struct nb_app_options *o;
	struct nb_cell *cell;
	struct nb *nb;
	const char *key;
	size_t k, i, n = 0;
	char *out;

	root = json_load_file(data_path("writer_cases.json"), 0, &jerr);
	ck_assert_msg(root != NULL, "writer_cases.json: %s", jerr.text);
	json_array_foreach(root, k, c) {
		nb = nb_new();
		nb_set_version(nb, "0.0.0");
		codes = json_object_get(c, "codes");
		names = json_object_get(c, "names");
		der = json_object_get(c, "derived");
		cfgs = json_object_get(c, "configs");
		for (i = 0; i < json_array_size(codes); i++) {
			json_t *g = json_array_get(cfgs, i);
			struct nb_cell_config cf = nb_cell_config_default;

			v = json_array_get(codes, i);
			cell = nb_cell_insert(nb, i, json_string_value(v),
			    json_string_length(v));
			nb_cell_set_name(cell, json_string_value(
			    json_array_get(names, i)));
			nb_cell_set_name_derived(cell,
			    json_is_true(json_array_get(der, i)));
			if (json_is_integer(json_array_get(g, 0)))
				cf.column = (int)json_integer_value(
				    json_array_get(g, 0));
			cf.disabled = json_is_true(json_array_get(g, 1));
			cf.hide_code = json_is_true(json_array_get(g, 2));
			cf.expand_output = json_is_true(json_array_get(g, 3));
			nb_cell_set_config(cell, cf);
		}
		h = json_object_get(c, "header");
		if (json_is_string(h))
			nb_set_header(nb, json_string_value(h),
			    json_string_length(h));
		app = json_object_get(c, "app");
		o = nb_app_options(nb);
		json_object_foreach(app, key, v) {
			char **slot = NULL;

			if (strcmp(key, "width") == 0)
				slot = &o->width;
			else if (strcmp(key, "app_title") == 0)
				slot = &o->app_title;
			else if (strcmp(key, "layout_file") == 0)
				slot = &o->layout_file;
			else if (strcmp(key, "css_file") == 0)
				slot = &o->css_file;
			else if (strcmp(key, "html_head_file") == 0)
				slot = &o->html_head_file;
			else if (strcmp(key, "sql_output") == 0)
				slot = &o->sql_output;
			if (slot != NULL)
				*slot = xstrdup(json_string_value(v));
			if (strcmp(key, "auto_download") == 0) {
				o->nauto_download = json_array_size(v);
				o->auto_download = xcalloc(o->nauto_download +
				    1, sizeof *o->auto_download);
				for (i = 0; i < o->nauto_download; i++)
					o->auto_download[i] = xstrdup(
					    json_string_value(
					    json_array_get(v, i)));
			}
		}
		out = format(nb);
		ck_assert_msg(strcmp(out, json_string_value(json_object_get(c,
		    "expected"))) == 0, "case %zu: %s", k, first_diff(
		    json_string_value(json_object_get(c, "expected")), out));
		free(out);
		nb_free(nb);
		n++;
	}
	ck_assert_uint_gt(n, 100);
	json_decref(root);
}
END_TEST

/*
 * Reader fixtures (spec 9.2): every X.py in codegen/ and reader/ with an
 * X.cells beside it reads to exactly that (cell codes, names, kinds,
 * options, first lines, load status and diagnostics).
 */
static size_t
reader_dir(const char *dir)
{
	struct buf want = BUF_INIT, got = BUF_INIT, path = BUF_INIT;
	struct dirent *e;
	DIR *d;
	size_t n = 0, len;
	char *text, *base;

	d = opendir(data_path(dir));
	ck_assert_msg(d != NULL, "%s: %s", data_path(dir), strerror(errno));
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".py") != 0)
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%.*s.cells", dir, (int)(len - 3),
		    e->d_name);
		base = xstrdup(data_path(path.ptr));
		if (access(base, R_OK) != 0) {
			free(base);
			continue;
		}
		text = slurp(base, NULL);
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, e->d_name);
		buf_reset(&got);
		dump(&got, data_path(path.ptr));
		ck_assert_msg(strcmp(got.ptr, text) == 0, "%s: %s", e->d_name,
		    first_diff(text, got.ptr));
		free(text);
		free(base);
		n++;
	}
	closedir(d);
	buf_release(&want);
	buf_release(&got);
	buf_release(&path);
	return n;
}

/*
 * The fast path (fmt_marimo.c) reads a file in marimo's generated form
 * from its tokens. A read with an analyzer at hand, which may take it,
 * must make exactly what a read without one makes from CPython's tree:
 * the same cells, lines, options, diagnostics and written-back file, for
 * every notebook in the tree and for the cases below, at its edges.
 */
#define FAST_HEAD "import marimo\n\n__generated_with = \"0.9.0\"\n" \
	"app = marimo.App()\n\n\n"
#define FAST_TAIL "\n\nif __name__ == \"__main__\":\n    app.run()\n"

static const char *const fast_cases[] = {
	/* comments first in a body, after the colon, between clauses */
	FAST_HEAD "@app.cell\ndef _():  # why\n    # first\n    x = 1\n"
	"    if x:\n        # inner\n        y = 2\n    # between\n"
	"    else:\n        y = 3\n    return (x, y)\n" FAST_TAIL,
	/* try, for/else, while, with, match, a decorated def, a class */
	FAST_HEAD "@app.cell\ndef _(np):\n    try:\n        a = 1\n"
	"    except ValueError:\n        a = 2\n    finally:\n        pass\n"
	"    for i in range(3):\n        pass\n    else:\n        b = i\n"
	"    while False:\n        pass\n    with open(__file__) as f:\n"
	"        c = f.read(1)\n    match a:\n        case 1:\n"
	"            d = 1\n        case _:\n            d = 2\n"
	"    @staticmethod\n    def g(match, case):\n        return 1\n"
	"    class K:\n        z = 1\n    return a, b, c, d, g, K\n"
	FAST_TAIL,
	/* strings over lines, brackets, a backslash, non-ASCII */
	FAST_HEAD "@app.cell\ndef _(mo):\n    mo.md(\"\"\"\n    # Title\n"
	"    done \"\"\")\n    t = (1,\n         2)  # after\n"
	"    u = 1 + \\\n        2\n    é = f\"{t!r} ü\"\n    return\n"
	FAST_TAIL,
	/* options, a named cell, an async cell, an empty one */
	"import marimo\n\n__generated_with = \"0.9.0\"\n"
	"app = marimo.App(width=\"medium\", app_title=\"T\",\n"
	"    auto_download=[\"html\", \"ipynb\"])\n\n\n"
	"@app.cell(hide_code=True, disabled=True)\ndef _():\n    x = 1\n"
	"    return (x,)\n\n\n@app.cell(column=1)\ndef named(x):\n    x\n"
	"    return\n\n\n@app.cell()\nasync def _():\n"
	"    import asyncio\n    await asyncio.sleep(0)\n    return\n\n\n"
	"@app.cell\ndef _():\n    return\n" FAST_TAIL,
	/* the last statement an expression; return spread over lines */
	FAST_HEAD "@app.cell\ndef _(x):\n    y = x\n    y + 1\n\n\n"
	"@app.cell\ndef _():\n    p, q = 1, 2\n    return (\n        p,\n"
	"        q,\n    )\n" FAST_TAIL,
	/* CPython refuses these: the fast path must not hide it */
	FAST_HEAD "@app.cell\ndef _():\n    x = = 1\n    return\n" FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n    x = 1\n  y = 2\n    return\n"
	FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n    x = 1\n    return x y\n" FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _(a a):\n    return\n" FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n    x = \xc2\xa0" "1\n    return\n"
	FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n    return\n"
	"\n\nif __name__ == \"__main__\":\n    app.run() x\n",
	/* outside the form: CPython reads them */
	FAST_HEAD "@app.cell\ndef _():\n    x = 1; y = 2\n    return\n"
	FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n\tx = 1\n\treturn\n" FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n    return 1\n    x = 2\n" FAST_TAIL,
	FAST_HEAD "@app.function\ndef f(a=1):\n    return a\n" FAST_TAIL,
	"\"\"\"Doc.\"\"\"\n" FAST_HEAD "@app.cell\ndef _():\n    return\n"
	FAST_TAIL,
	"import marimo as mo\n\n__generated_with = \"0.9.0\"\n"
	"app = mo.App()\n" FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n    return\n" FAST_TAIL "x = 1\n",
	FAST_HEAD "x = 1\n\n@app.cell\ndef _():\n    return\n" FAST_TAIL,
	FAST_HEAD "@app.cell\ndef _():\n    from m import *\n    return\n"
	FAST_TAIL,
};

/* Read text with and without the analyzer; true if the fast path would
 * take it. */
static bool
fast_same_both_ways(const char *name, const char *text, size_t len)
{
	struct buf with = BUF_INIT, without = BUF_INIT;
	struct ana *none = NULL;
	struct buf *out;
	struct nb *nb;
	int k;

	for (k = 0; k < 2; k++) {
		out = k == 0 ? &with : &without;
		if (fmt_marimo_parse(&nb, "t.py", text, len, k == 0 ? A :
		    none) < 0) {
			buf_addf(out, "error %s\n", err_last());
			continue;
		}
		ck_assert_int_eq(fmt_marimo_format(out, nb, A), 0);
		dump_nb(out, nb);
	}
	ck_assert_msg(strcmp(with.ptr, without.ptr) == 0, "%s: %s", name,
	    first_diff(without.ptr, with.ptr));
	buf_release(&with);
	buf_release(&without);
	return fmt_marimo_fast_accepts(text, len);
}

/* Every X.py under dir (relative to the source tree); how many the fast
 * path would take. */
static size_t
fast_dir(const char *dir, size_t *files)
{
	const char *top = getenv("srcdir");
	struct buf path = BUF_INIT;
	struct dirent *e;
	size_t n = 0, len, tlen;
	char *text;
	DIR *d;

	buf_addf(&path, "%s/%s", top != NULL ? top : ".", dir);
	d = opendir(path.ptr);
	ck_assert_msg(d != NULL, "%s: %s", path.ptr, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".py") != 0)
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s/%s", top != NULL ? top : ".", dir,
		    e->d_name);
		text = slurp(path.ptr, &tlen);
		n += fast_same_both_ways(path.ptr, text, tlen);
		(*files)++;
		free(text);
	}
	closedir(d);
	buf_release(&path);
	return n;
}

START_TEST(test_fmt_marimo_fast_path_reads_as_cpython)
{
	static const char *const dirs[] = { "tests/data/fmt",
	    "tests/data/fmt/codegen", "tests/data/fmt/reader",
	    "tests/notebooks", "tests/data/run/conform", "examples" };
	/* Whether the tokens take each case; the fifth's cell then fails
	 * to parse, and CPython reads it. */
	static const bool taken[] = { true, true, true, true, true, true,
	    false, false, false, false, false, false, false, false, false,
	    false, false, false, false, true };
	size_t i, fast = 0, files = 0;
	char name[32];

	ck_assert_uint_eq(sizeof taken / sizeof taken[0],
	    sizeof fast_cases / sizeof fast_cases[0]);
	for (i = 0; i < sizeof fast_cases / sizeof fast_cases[0]; i++) {
		(void)snprintf(name, sizeof name, "case %zu", i);
		ck_assert_msg(fast_same_both_ways(name, fast_cases[i],
		    strlen(fast_cases[i])) == taken[i], "%s: fast path %s",
		    name, taken[i] ? "refused" : "taken");
	}
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		fast += fast_dir(dirs[i], &files);
	/* Half the notebooks in the tree are in the generated form. */
	ck_assert_msg(fast * 3 > files, "fast path took %zu of %zu", fast,
	    files);
}
END_TEST

START_TEST(test_fmt_marimo_reader_fixtures)
{
	ck_assert_uint_ge(reader_dir("codegen"), 30);
	ck_assert_uint_ge(reader_dir("reader"), 12);
}
END_TEST

/* Older variants that must load (spec 2.9). */
START_TEST(test_fmt_marimo_legacy_variants)
{
	static const char in[] =
	    "import marimo\n"
	    "__generated_with = '0.1.0'\n"
	    "app = marimo.App(width=\"full\", unknown_key=3)\n"
	    "\n"
	    "@app.cell\n"
	    "def __(mo):\n"
	    "    x = 1\n"
	    "    return x,\n"
	    "\n"
	    "@app.cell\n"
	    "def named(\n"
	    "    a,  # comment\n"
	    "    b: int,\n"
	    ") -> int:\n"
	    "    y = a + b\n"
	    "    return (y, )\n"
	    "\n"
	    "@app.cell\n"
	    "def _():\n"
	    "    z = 3\n"
	    "\n"
	    "@app.cell\n"
	    "def one(): return\n"
	    "\n"
	    "@app.cell\n"
	    "def f(): w = 1; return w\n"
	    "\n"
	    "app._unparsable_cell(r\"\"\"x = (\"\"\", name=\"__\")\n"
	    "\n"
	    "@app.cell\n"
	    "def _():\n"
	    "    # only a comment\n"
	    "    return\n";
	struct nb *nb = parse(in);

	ck_assert_uint_eq(nb_ncells(nb), 7);
	ck_assert_str_eq(nb_version(nb), "0.1.0");
	ck_assert_str_eq(nb_app_options(nb)->width, "full");
	ck_assert_str_eq(cell_code(nb, 0), "x = 1");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 0)), "_");
	ck_assert(!nb_cell_is_named(nb_cell_at(nb, 0)));
	ck_assert_str_eq(cell_code(nb, 1), "y = a + b");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 1)), "named");
	ck_assert_str_eq(cell_code(nb, 2), "z = 3");
	ck_assert_str_eq(cell_code(nb, 3), "");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 3)), "one");
	ck_assert_str_eq(cell_code(nb, 4), "w = 1; ");
	ck_assert_str_eq(cell_code(nb, 5), "x = (");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 5)), NB_CELL_UNPARSABLE);
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 5)), "_");
	ck_assert_str_eq(cell_code(nb, 6), "# only a comment");
	/* no run guard: a warning, added on save */
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_HAS_WARNINGS);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_setup_variants)
{
	struct nb *nb;
	char *out;

	nb = parse("import marimo\n__generated_with = \"0.14.0\"\n"
	    "app = marimo.App()\n\nwith app.setup():\n    import os\n    pass\n"
	    "\n@app.cell\ndef _():\n    os\n    return\n");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 0)), NB_CELL_SETUP);
	ck_assert_str_eq(cell_code(nb, 0), "import os");
	out = format(nb);
	ck_assert_ptr_nonnull(strstr(out, "\nwith app.setup:\n    import os\n"
	    "\n\n@app.cell\ndef _():\n    os\n    return\n"));
	free(out);
	nb_free(nb);

	/* async with; comments only need "pass", removed on reading */
	nb = parse("import marimo\n__generated_with = \"0.14.0\"\n"
	    "app = marimo.App()\n\nasync with app.setup(hide_code=True):\n"
	    "    # nothing yet\n    pass\n");
	ck_assert_str_eq(cell_code(nb, 0), "# nothing yet");
	ck_assert(nb_cell_config(nb_cell_at(nb, 0)).hide_code);
	out = format(nb);
	ck_assert_ptr_nonnull(strstr(out, "\nwith app.setup(hide_code=True):\n"
	    "    # nothing yet\n    pass\n\n\n"));
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_lines_and_diagnostics)
{
	/* file lines count the blank lines the reader strips */
	struct nb *nb = parse("\n\n\nimport marimo as mo\n"
	    "app = mo.App()\nx = 1\n\n@app.cell\ndef _():\n    # hi\n"
	    "    y = 1\n    return\n\nif __name__ == \"__main__\":\n"
	    "    app.run()\n");
	const struct nb_diag *d;

	ck_assert_uint_eq(nb_cell_line(nb_cell_at(nb, 0)), 10);
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_HAS_ERRORS);
	ck_assert_uint_eq(nb_ndiags(nb), 3);
	d = nb_diag_at(nb, 0);
	ck_assert_int_eq(d->severity, NB_DIAG_WARNING);
	ck_assert_uint_eq(d->line, 4);
	d = nb_diag_at(nb, 1);
	ck_assert_int_eq(d->severity, NB_DIAG_WARNING);
	ck_assert_uint_eq(d->line, 5);
	d = nb_diag_at(nb, 2);
	ck_assert_int_eq(d->severity, NB_DIAG_ERROR);
	ck_assert_uint_eq(d->line, 6);
	ck_assert_str_eq(d->message,
	    "Unexpected statement, expected cell definitions.");
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_function_cells_and_demotion)
{
	static const char in[] = HEAD
	    "@app.function\n"
	    "@functools.cache\n"
	    "def area(r):\n"
	    "    return r * r\n"
	    "    # inside\n"
	    "\n"
	    "\n"
	    "@app.class_definition(hide_code=True)\n"
	    "class Point:\n"
	    "    x: int\n" TAIL;
	struct nb *nb = parse(in);
	char *out;

	ck_assert_str_eq(cell_code(nb, 0), "@functools.cache\ndef area(r):\n"
	    "    return r * r\n    # inside");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 1)), NB_CELL_CLASS);
	ck_assert(nb_cell_config(nb_cell_at(nb, 1)).hide_code);
	/* functools is no setup name: area is demoted, and its name goes */
	out = format(nb);
	ck_assert_msg(strstr(out, "@app.cell\ndef _(functools):\n"
	    "    @functools.cache\n") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "\n    return (area,)\n") == NULL, "%s", out);
	ck_assert_msg(strstr(out, "@app.class_definition(hide_code=True)\n"
	    "class Point:\n    x: int\n") != NULL, "%s", out);
	free(out);
	nb_free(nb);
}
END_TEST

/* A function cell whose code does not compile keeps its name as its own
 * (marimo registers it so), and is written unparsable under it. */
START_TEST(test_fmt_marimo_function_that_does_not_compile)
{
	struct nb *nb = parse(HEAD "@app.function\ndef f():\n    nonlocal x\n"
	    "    return 1\n" TAIL);
	char *out;

	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 0)), "f");
	ck_assert(!nb_cell_name_is_derived(nb_cell_at(nb, 0)));
	out = format(nb);
	ck_assert_msg(strstr(out, "app._unparsable_cell(\n    r\"\"\"\n"
	    "    def f():\n        nonlocal x\n        return 1\n    \"\"\",\n"
	    "    name=\"f\"\n)") != NULL, "%s", out);
	free(out);
	nb_free(nb);
}
END_TEST

/*
 * The recovery scanner (spec 3.5): a file that is not valid Python still
 * loads, the broken cell as an unparsable one.
 */
START_TEST(test_fmt_marimo_scanner_broken_cell)
{
	static const char in[] = HEAD
	    "@app.cell\n"
	    "def _():\n"
	    "    x = 1\n"
	    "    return (x,)\n"
	    "\n"
	    "\n"
	    "@app.cell\n"
	    "def broken(x):\n"
	    "    y = (x +\n"
	    "    print(y)\n"
	    "    return\n"
	    "\n"
	    "\n"
	    "@app.cell\n"
	    "def _(x):\n"
	    "    s = \"@app.cell\"\n"
	    "    return\n" TAIL;
	struct nb *nb = parse(in);
	const struct nb_diag *d;
	char *out;

	ck_assert_uint_eq(nb_ncells(nb), 3);
	ck_assert_str_eq(cell_code(nb, 0), "x = 1");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 1)), NB_CELL_UNPARSABLE);
	ck_assert_str_eq(cell_code(nb, 1), "y = (x +\nprint(y)");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 1)), "broken");
	ck_assert_str_eq(cell_code(nb, 2), "s = \"@app.cell\"");
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_HAS_ERRORS);
	ck_assert_uint_eq(nb_ndiags(nb), 1);
	d = nb_diag_at(nb, 0);
	ck_assert_uint_eq(d->line, 13);
	ck_assert_str_eq(d->message,
	    "Cell contains a syntax error and could not be parsed");
	out = format(nb);
	ck_assert_msg(strstr(out, "app._unparsable_cell(\n    r\"\"\"\n"
	    "    y = (x +\n    print(y)\n    \"\"\",\n    name=\"broken\"\n)")
	    !=
	    NULL, "%s", out);
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_scanner_unterminated_string)
{
	/* tokenizing stops at the string; the scan restarts at a boundary */
	static const char in[] = HEAD
	    "@app.cell\n"
	    "def _():\n"
	    "    s = \"\"\"never closed\n"
	    "    return\n"
	    "\n"
	    "\n"
	    "@app.function\n"
	    "def f():\n"
	    "    return 1\n"
	    "\n"
	    "\n"
	    "@app.cell\n"
	    "def _():\n"
	    "    t = 2\n"
	    "    return\n" TAIL;
	struct nb *nb = parse(in);

	ck_assert_uint_eq(nb_ncells(nb), 3);
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 0)), NB_CELL_UNPARSABLE);
	ck_assert_str_eq(cell_code(nb, 0), "s = \"\"\"never closed");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 1)), NB_CELL_FUNCTION);
	ck_assert_str_eq(cell_code(nb, 1), "def f():\n    return 1");
	ck_assert_str_eq(cell_code(nb, 2), "t = 2");
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_scanner_decorators_and_setup)
{
	static const char in[] = HEAD
	    "with app.setup:\n"
	    "    import (\n"
	    "\n"
	    "\n"
	    "@wrapper\n"
	    "@app.function\n"
	    "def g():\n"
	    "    x = (\n"
	    "    return 1\n" TAIL;
	struct nb *nb = parse(in);

	ck_assert_uint_eq(nb_ncells(nb), 2);
	/* a broken setup block is an unparsable cell named "_" */
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 0)), NB_CELL_UNPARSABLE);
	ck_assert_str_eq(cell_code(nb, 0), "import (");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 0)), "_");
	/* decorators above @app.function belong to its piece */
	ck_assert_str_eq(cell_code(nb, 1), "x = (");
	ck_assert_str_eq(nb_cell_name(nb_cell_at(nb, 1)), "g");
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_marimo_scanner_fatal_preamble)
{
	struct nb *nb = NULL;
	static const char in[] = "import marimo\napp = marimo.App(\n\n"
	    "@app.cell\ndef _():\n    return\n";

	ck_assert_int_eq(fmt_marimo_parse(&nb, "p.py", in, strlen(in), A), -1);
	ck_assert_ptr_null(nb);
	ck_assert_msg(strncmp(err_last(), "p.py:2:", 7) == 0, "%s", err_last());
}
END_TEST

/*
 * Synthetic notebooks (spec 9.5): generated cell lists, written as
 * marimo writes them (golden files for N = 10, 100, 1000 made with
 * marimo's generator by make-synthetic.py), and a fixed point of load
 * then save.
 */
static struct nb *
synthetic(size_t n)
{
	struct nb *nb = nb_new();
	struct nb_cell *c;
	struct buf code = BUF_INIT, name = BUF_INIT;
	size_t i, p;

	nb_set_version(nb, "0.24.0");
	for (i = 0; i < n; i++) {
		buf_reset(&code);
		if (i == 0)
			buf_adds(&code, "import marimo as mo\nimport math");
		else if (i == 1)
			buf_adds(&code, "v1 = 0");
		else {
			p = 1 + (i * 7919) % (i - 1);
			switch (i % 4) {
			case 0:
				buf_addf(&code, "v%zu = v%zu + 1", i, p);
				break;
			case 1:
				buf_addf(&code, "_t = %zu\nv%zu = v%zu * _t", i,
				    i, p);
				break;
			case 2:
				buf_addf(&code, "v%zu = sum(math.sqrt(x) for x "
				    "in range(%zu)) + v%zu", i, i % 17, p);
				break;
			default:
				buf_addf(&code, "def f%zu(x):\n    return x + "
				    "v%zu\n\nv%zu = f%zu(1)", i, p, i, i);
				break;
			}
		}
		c = add_cell(nb, code.ptr, NULL);
		if (i > 0 && i % 37 == 0) {
			buf_reset(&name);
			buf_addf(&name, "c%zu", i);
			nb_cell_set_name(c, name.ptr);
		}
		if (i > 0 && i % 53 == 0)
			nb_cell_set_config(c, config(NB_COLUMN_NONE, true,
			    false));
		if (i > 0 && i % 10 == 0) {
			buf_reset(&code);
			buf_addf(&code,
			    "mo.md(\"\"\"\nSection %zu\n\"\"\")", i);
			c = add_cell(nb, code.ptr, NULL);
			nb_cell_set_config(c, config(NB_COLUMN_NONE, false,
			    true));
		}
		if (i > 0 && i % 101 == 0) {
			buf_reset(&name);
			buf_addf(&name, "broken%zu", i);
			add_cell(nb, "x = (", name.ptr);
		}
	}
	buf_release(&code);
	buf_release(&name);
	return nb;
}

static const size_t synthetic_n[] = { 10, 100, 1000 };

START_TEST(test_fmt_marimo_synthetic)
{
	struct buf path = BUF_INIT;
	struct nb *nb = synthetic(synthetic_n[_i]);
	char *want, *out, *again;

	buf_addf(&path, "synthetic_%zu.py", synthetic_n[_i]);
	want = slurp(data_path(path.ptr), NULL);
	out = format(nb);
	TEXT_EQ(out, want);
	nb_free(nb);
	nb = parse(out);
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_VALID);
	again = format(nb);
	TEXT_EQ(again, out);
	free(again);
	free(out);
	free(want);
	nb_free(nb);
	buf_release(&path);
}
END_TEST

static double
cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* No quadratic work: 1,000 cells read, analysed and written quickly
 * (well under 100 ms on an idle machine; generous here for sanitizers
 * and busy build hosts). */
START_TEST(test_fmt_marimo_synthetic_1000_is_fast)
{
	struct buf out = BUF_INIT;
	struct nb *nb;
	double t;
	char *text;
	size_t len;

	text = slurp(data_path("synthetic_1000.py"), &len);
	t = cpu_ms();
	nb = parse_len(text, len);
	ck_assert_int_eq(fmt_marimo_format(&out, nb, A), 0);
	t = cpu_ms() - t;
	ck_assert_uint_eq(out.len, len);
	ck_assert_msg(t < 1000, "1,000 cells took %.0f ms", t);
	buf_release(&out);
	nb_free(nb);
	free(text);
}
END_TEST

/*
 * Bad input: a clear error or a faithful load, never a crash or a hang.
 */
START_TEST(test_fmt_bad_truncated_anywhere)
{
	struct buf out = BUF_INIT;
	struct nb *nb;
	size_t n, len = strlen(ex4);

	for (n = 0; n <= len; n++) {
		if (fmt_marimo_parse(&nb, "t.py", ex4, n, A) < 0) {
			ck_assert_msg(strncmp(err_last(), "t.py", 4) == 0,
			    "%zu: %s", n, err_last());
			continue;
		}
		buf_reset(&out);
		ck_assert_msg(fmt_marimo_format(&out, nb, A) == 0, "%zu: %s",
		    n, err_last());
		nb_free(nb);
	}
	buf_release(&out);
}
END_TEST

START_TEST(test_fmt_bad_nul_bytes)
{
	static const char in[] = HEAD "@app.cell\ndef _():\n    x = 1\x00\n"
	    "    return\n\n\n@app.cell\ndef _():\n    y = 2\n    return\n" TAIL;
	struct nb *nb = parse_len(in, sizeof in - 1);
	const char *code;
	size_t len;
	char *out;

	ck_assert_uint_eq(nb_ncells(nb), 2);
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 0)), NB_CELL_UNPARSABLE);
	code = nb_cell_source(nb_cell_at(nb, 0), &len);
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(memcmp(code, "x = 1\0", 6), 0);
	ck_assert_str_eq(cell_code(nb, 1), "y = 2");
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_HAS_ERRORS);
	out = format(nb);
	free(out);
	nb_free(nb);
	/* before the first cell, it is an error that names the place */
	ck_assert_int_eq(fmt_marimo_parse(&nb, "n.py", "import marimo\n\x00\n"
	    "@app.cell\ndef _():\n    return\n", 37, A), -1);
	ck_assert_msg(strncmp(err_last(), "n.py:2:1:", 9) == 0, "%s",
	    err_last());
}
END_TEST

START_TEST(test_fmt_bad_invalid_utf8)
{
	static const char in[] = HEAD
	    "@app.cell\ndef _():\n    # caf\xe9 \xff\n"
	    "    x = '\xc3'\n    return\n" TAIL;
	struct nb *nb = parse(in);

	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_VALID);
	ck_assert_str_eq(cell_code(nb, 0),
	    "# caf\xef\xbf\xbd \xef\xbf\xbd\nx = '\xef\xbf\xbd'");
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_bad_crlf_and_bom)
{
	struct buf in = BUF_INIT;
	struct nb *nb;
	const char *p;
	char *out;

	buf_adds(&in, "\xef\xbb\xbf");
	for (p = ex2; *p != '\0'; p++) {
		if (*p == '\n')
			buf_addc(&in, '\r');
		buf_addc(&in, *p);
	}
	nb = parse_len(in.ptr, in.len);
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_VALID);
	out = format(nb);
	TEXT_EQ(out, ex2);
	free(out);
	nb_free(nb);
	buf_release(&in);
}
END_TEST

START_TEST(test_fmt_bad_tabs)
{
	static const char in[] = HEAD "@app.cell\ndef _():\n\tif True:\n"
	    "\t\tx = 1\n\treturn (x,)\n\n\n@app.cell\ndef _(x):\n    x\n"
	    "    return\n" TAIL;
	struct nb *nb = parse(in);
	char *out;

	ck_assert_str_eq(cell_code(nb, 0), "if True:\n\tx = 1");
	out = format(nb);
	ck_assert_msg(strstr(out, "def _():\n    if True:\n    \tx = 1\n"
	    "    return (x,)\n") != NULL, "%s", out);
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_bad_huge_line)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	const size_t n = 10 * 1024 * 1024;
	struct nb *nb;

	/* 10 MB on one line inside a cell: read and written back */
	buf_adds(&in, HEAD "@app.cell\ndef _():\n    s = \"");
	buf_grow(&in, n);
	memset(in.ptr + in.len, 'a', n);
	in.len += n;
	in.ptr[in.len] = '\0';
	buf_adds(&in, "\"\n    return\n" TAIL);
	nb = parse_len(in.ptr, in.len);
	ck_assert_uint_eq(strlen(cell_code(nb, 0)), n + 6);
	ck_assert_int_eq(fmt_marimo_format(&out, nb, A), 0);
	ck_assert_uint_eq(out.len, in.len);
	ck_assert_int_eq(memcmp(out.ptr, in.ptr, in.len), 0);
	nb_free(nb);
	/* and 10 MB of one line that is no notebook */
	buf_reset(&in);
	buf_grow(&in, n);
	memset(in.ptr, 'x', n);
	in.len = n;
	in.ptr[n] = '\0';
	in.ptr[n / 2] = '(';
	ck_assert_int_eq(fmt_marimo_parse(&nb, "x.py", in.ptr, in.len, A), -1);
	buf_release(&in);
	buf_release(&out);
}
END_TEST

START_TEST(test_fmt_bad_many_cells)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct nb *nb;
	size_t i;

	buf_adds(&in, HEAD);
	for (i = 0; i < 50000; i++)
		buf_addf(&in, "%s@app.cell\ndef _():\n    x%zu = %zu\n"
		    "    return\n", i > 0 ? "\n\n" : "", i, i);
	buf_adds(&in, TAIL);
	nb = parse_len(in.ptr, in.len);
	ck_assert_uint_eq(nb_ncells(nb), 50000);
	ck_assert_str_eq(cell_code(nb, 49999), "x49999 = 49999");
	ck_assert_int_eq(fmt_marimo_format(&out, nb, A), 0);
	ck_assert_uint_eq(out.len, in.len);
	ck_assert_int_eq(memcmp(out.ptr, in.ptr, in.len), 0);
	nb_free(nb);
	buf_release(&in);
	buf_release(&out);
}
END_TEST

START_TEST(test_fmt_bad_decorator_without_function)
{
	struct nb *nb = parse(HEAD "@app.cell\ndef _():\n    x = 1\n"
	    "    return\n\n\n@app.cell\n");
	char *out;

	ck_assert_uint_eq(nb_ncells(nb), 2);
	ck_assert_str_eq(cell_code(nb, 0), "x = 1");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 1)), NB_CELL_UNPARSABLE);
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_HAS_ERRORS);
	out = format(nb);
	free(out);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_bad_unbalanced_brackets)
{
	struct nb *nb = parse(HEAD "@app.cell\ndef _():\n    x = (1\n"
	    "    return\n\n\n@app.cell\ndef _():\n    y = 1)\n    return\n\n\n"
	    "@app.cell\ndef _():\n    z = [}\n    return\n\n\n@app.cell\n"
	    "def _():\n    ok = 1\n    return\n" TAIL);

	ck_assert_uint_eq(nb_ncells(nb), 4);
	ck_assert_str_eq(cell_code(nb, 0), "x = (1");
	ck_assert_str_eq(cell_code(nb, 1), "y = 1)");
	ck_assert_str_eq(cell_code(nb, 2), "z = [}");
	ck_assert_str_eq(cell_code(nb, 3), "ok = 1");
	ck_assert_int_eq(nb_cell_kind(nb_cell_at(nb, 3)), NB_CELL_CODE);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_bad_not_a_notebook)
{
	struct nb *nb = NULL;

	ck_assert_int_eq(fmt_marimo_parse(&nb, "s.py", "import os\nprint(1)\n",
	    19, A), -1);
	ck_assert_msg(strstr(err_last(), "s.py:1:1: not a marimo notebook") ==
	    err_last(), "%s", err_last());
	ck_assert_int_eq(fmt_marimo_parse(&nb, "s.py", "import marimo\nx = 1\n",
	    20, A), -1);
	ck_assert_str_eq(err_last(), "s.py: `marimo.App` definition expected");
	/* only comments and blank space: an empty notebook, one cell */
	ck_assert_int_eq(fmt_marimo_parse(&nb, "s.py", "  \n# hi\n", 7, A), 0);
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_EMPTY);
	ck_assert_uint_eq(nb_ncells(nb), 1);
	ck_assert_str_eq(nb_header(nb), "# hi");
	nb_free(nb);
	ck_assert_int_eq(fmt_marimo_parse(&nb, "s.py", "", 0, A), 0);
	ck_assert_int_eq(nb_load_status(nb), NB_LOAD_EMPTY);
	nb_free(nb);
}
END_TEST

/*
 * Saving: atomic, mode kept, the old file untouched on failure.
 */
static char tmpdir[] = "/tmp/check_fmt_XXXXXX";

static void
save_setup(void)
{
	setup();
	/* a fresh template each time, for CK_FORK=no runs */
	snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/check_fmt_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
save_teardown(void)
{
	struct buf cmd = BUF_INIT;

	(void)checklib_dir_lock(tmpdir, false);
	(void)chmod(tmpdir, 0700);
	buf_addf(&cmd, "rm -rf '%s'", tmpdir);
	(void)system(cmd.ptr);
	buf_release(&cmd);
	teardown();
}

static const char *
tmp_path(const char *name)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	buf_addf(&b, "%s/%s", tmpdir, name);
	return b.ptr;
}

START_TEST(test_fmt_save_new_and_mode_kept)
{
	struct nb *nb = parse(ex2);
	struct stat st;
	char *text, path[256];
	mode_t mask = umask(022);

	snprintf(path, sizeof path, "%s", tmp_path("nb.py"));
	ck_assert_int_eq(fmt_save(nb, FMT_UNKNOWN, path, A), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	text = slurp(path, NULL);
	TEXT_EQ(text, ex2);
	free(text);
	ck_assert_int_eq(chmod(path, 0640), 0);
	nb_cell_set_source(nb_cell_at(nb, 1), "print(x)", 8);
	ck_assert_int_eq(fmt_save(nb, FMT_MARIMO, path, A), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	text = slurp(path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "def _(x):\n    print(x)\n"));
	free(text);
	ck_assert_uint_eq(checklib_dir_count(tmpdir), 1);
	(void)umask(mask);
	nb_free(nb);
}
END_TEST

START_TEST(test_fmt_save_readonly_dir_untouched)
{
	char path[256], *text;

	snprintf(path, sizeof path, "%s", tmp_path("nb.py"));
	spew(path, "old", 3);
	if (!checklib_dir_lock(tmpdir, true))
		return;	/* nothing stops root here: nothing to test */
	ck_assert_int_eq(fmt_write_atomic(path, "new", 3), -1);
	ck_assert_msg(strstr(err_last(), path) == err_last(), "%s",
	    err_last());
	text = slurp(path, NULL);
	ck_assert_str_eq(text, "old");
	free(text);
	ck_assert_uint_eq(checklib_dir_count(tmpdir), 1);
	ck_assert(checklib_dir_lock(tmpdir, false));
}
END_TEST

START_TEST(test_fmt_save_failure_leaves_no_temp)
{
	char path[256], *text;

	/* the target is a directory: rename fails after the write */
	snprintf(path, sizeof path, "%s", tmp_path("d.py"));
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(fmt_write_atomic(path, "new", 3), -1);
	ck_assert_uint_eq(checklib_dir_count(tmpdir), 1);
	/* a missing directory names the path */
	snprintf(path, sizeof path, "%s", tmp_path("nodir/x.py"));
	ck_assert_int_eq(fmt_write_atomic(path, "new", 3), -1);
	ck_assert_msg(strstr(err_last(), path) == err_last(), "%s",
	    err_last());
	/* through a symbolic link: the file it names is replaced */
	snprintf(path, sizeof path, "%s", tmp_path("real.py"));
	spew(path, "old", 3);
	ck_assert_int_eq(symlink("real.py", tmp_path("link.py")), 0);
	snprintf(path, sizeof path, "%s", tmp_path("link.py"));
	ck_assert_int_eq(fmt_write_atomic(path, "new", 3), 0);
	text = slurp(tmp_path("real.py"), NULL);
	ck_assert_str_eq(text, "new");
	free(text);
	ck_assert_uint_eq(checklib_dir_count(tmpdir), 3);
}
END_TEST

START_TEST(test_fmt_load_errors_name_the_file)
{
	struct nb *nb = NULL;
	char path[256];

	snprintf(path, sizeof path, "%s", tmp_path("missing.py"));
	ck_assert_int_eq(fmt_load(&nb, FMT_UNKNOWN, path, A), -1);
	ck_assert_msg(strstr(err_last(), path) == err_last(), "%s",
	    err_last());
	ck_assert_int_eq(fmt_load(&nb, FMT_MARIMO, tmpdir, A), -1);
	ck_assert_msg(strstr(err_last(), "is a directory") != NULL, "%s",
	    err_last());
	snprintf(path, sizeof path, "%s", tmp_path("nb.py"));
	spew(path, ex1, strlen(ex1));
	ck_assert_int_eq(fmt_load(&nb, FMT_UNKNOWN, path, A), 0);
	ck_assert_uint_eq(nb_ncells(nb), 2);
	nb_free(nb);
	/* a file too large to be a notebook is refused before reading */
	snprintf(path, sizeof path, "%s", tmp_path("huge.py"));
	spew(path, "", 0);
	ck_assert_int_eq(truncate(path, (off_t)300 * 1024 * 1024), 0);
	ck_assert_int_eq(fmt_load(&nb, FMT_MARIMO, path, A), -1);
	ck_assert_msg(strstr(err_last(), "too large") != NULL &&
	    strstr(err_last(), path) == err_last(), "%s", err_last());
}
END_TEST

START_TEST(test_fmt_guess_and_kinds)
{
	static const char in_string[] = "s = '''\nimport marimo\n"
	    "app = marimo.App()\n'''\n";
	static const char bom[] = "\xef\xbb\xbfimport marimo\n"
	    "app = marimo.App()\n";

	ck_assert_int_eq(fmt_guess("a.ipynb", NULL, 0), FMT_IPYNB);
	ck_assert_int_eq(fmt_guess("a.py", NULL, 0), FMT_MARIMO);
	ck_assert_int_eq(fmt_guess("a.py", ex1, strlen(ex1)), FMT_MARIMO);
	ck_assert_int_eq(fmt_guess("a.py", "# %%\nx = 1\n", 11), FMT_PERCENT);
	ck_assert_int_eq(fmt_guess("a.py", "x = 1\n", 6), FMT_SCRIPT);
	/* "import marimo" in a string is no import */
	ck_assert_int_eq(fmt_guess("a.py", in_string, strlen(in_string)),
	    FMT_SCRIPT);
	ck_assert_int_eq(fmt_guess("a.txt", ex1, strlen(ex1)), FMT_UNKNOWN);
	ck_assert(fmt_marimo_detect(bom, strlen(bom)));
	ck_assert(!fmt_marimo_detect("import marimo.x\napp = marimo.App()\n",
	    35));
	ck_assert_str_eq(fmt_kind_name(FMT_PERCENT), "percent");
	ck_assert_int_eq(fmt_kind_parse("marimo"), FMT_MARIMO);
	ck_assert_int_eq(fmt_kind_parse("ipynb"), FMT_IPYNB);
	ck_assert_int_eq(fmt_kind_parse("script"), FMT_SCRIPT);
	ck_assert_int_eq(fmt_kind_parse("nope"), FMT_UNKNOWN);
	ck_assert_int_eq(fmt_kind_parse(NULL), FMT_UNKNOWN);
}
END_TEST

static Suite *
fmt_marimo_suite(void)
{
	Suite *s = suite_create("fmt_marimo");
	TCase *tc;

	tc = tcase_create("examples");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fmt_marimo_example1_import_markdown);
	tcase_add_test(tc, test_fmt_marimo_example2_returns_filtered_sorted);
	tcase_add_test(tc, test_fmt_marimo_example3_long_signature_and_return);
	tcase_add_test(tc, test_fmt_marimo_example4_setup_function_header);
	tcase_add_test(tc, test_fmt_marimo_example5_options_unparsable);
	tcase_add_test(tc, test_fmt_marimo_example6_legacy_cell_normalized);
	tcase_add_test(tc, test_fmt_marimo_example7_markdown_raw_comment);
	tcase_add_test(tc, test_fmt_marimo_example8_app_options);
	tcase_add_test(tc, test_fmt_marimo_zero_cells_five_blank_lines);
	tcase_add_test(tc, test_fmt_marimo_app_title_quote_escaped);
	tcase_add_test(tc, test_fmt_marimo_version_kept_or_default);
	suite_add_tcase(s, tc);

	tc = tcase_create("golden");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_fmt_marimo_golden_roundtrip, 0,
	    sizeof golden / sizeof *golden);
	tcase_add_test(tc, test_fmt_marimo_golden_empty);
	tcase_add_test(tc, test_fmt_marimo_writer_cases);
	tcase_add_loop_test(tc, test_fmt_marimo_synthetic, 0,
	    sizeof synthetic_n / sizeof *synthetic_n);
	tcase_add_test(tc, test_fmt_marimo_synthetic_1000_is_fast);
	suite_add_tcase(s, tc);

	tc = tcase_create("reader");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fmt_marimo_reader_fixtures);
	tcase_add_test(tc, test_fmt_marimo_fast_path_reads_as_cpython);
	tcase_add_test(tc, test_fmt_marimo_legacy_variants);
	tcase_add_test(tc, test_fmt_marimo_setup_variants);
	tcase_add_test(tc, test_fmt_marimo_lines_and_diagnostics);
	tcase_add_test(tc, test_fmt_marimo_function_cells_and_demotion);
	tcase_add_test(tc, test_fmt_marimo_function_that_does_not_compile);
	suite_add_tcase(s, tc);

	tc = tcase_create("scanner");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fmt_marimo_scanner_broken_cell);
	tcase_add_test(tc, test_fmt_marimo_scanner_unterminated_string);
	tcase_add_test(tc, test_fmt_marimo_scanner_decorators_and_setup);
	tcase_add_test(tc, test_fmt_marimo_scanner_fatal_preamble);
	suite_add_tcase(s, tc);

	tc = tcase_create("dedent");
	tcase_add_test(tc, test_fmt_dedent_drops_one_final_newline);
	tcase_add_test(tc, test_fmt_dedent_blank_and_whitespace_lines);
	tcase_add_test(tc, test_fmt_dedent_refills_less_indented_lines);
	tcase_add_test(tc, test_fmt_dedent_strings_dedented_or_kept);
	tcase_add_test(tc, test_fmt_dedent_tabs_and_line_breaks);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_fmt_bad_truncated_anywhere);
	tcase_add_test(tc, test_fmt_bad_nul_bytes);
	tcase_add_test(tc, test_fmt_bad_invalid_utf8);
	tcase_add_test(tc, test_fmt_bad_crlf_and_bom);
	tcase_add_test(tc, test_fmt_bad_tabs);
	tcase_add_test(tc, test_fmt_bad_huge_line);
	tcase_add_test(tc, test_fmt_bad_many_cells);
	tcase_add_test(tc, test_fmt_bad_decorator_without_function);
	tcase_add_test(tc, test_fmt_bad_unbalanced_brackets);
	tcase_add_test(tc, test_fmt_bad_not_a_notebook);
	suite_add_tcase(s, tc);

	tc = tcase_create("save");
	tcase_add_checked_fixture(tc, save_setup, save_teardown);
	tcase_add_test(tc, test_fmt_save_new_and_mode_kept);
	tcase_add_test(tc, test_fmt_save_readonly_dir_untouched);
	tcase_add_test(tc, test_fmt_save_failure_leaves_no_temp);
	tcase_add_test(tc, test_fmt_load_errors_name_the_file);
	tcase_add_test(tc, test_fmt_guess_and_kinds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(int argc, char **argv)
{
	SRunner *sr;
	struct buf out = BUF_INIT;
	int i, nfailed;

	if (argc > 2 && strcmp(argv[1], "--dump") == 0) {
		if ((A = ana_new()) == NULL) {
			fprintf(stderr, "ana_new: %s\n", err_last());
			return EXIT_FAILURE;
		}
		for (i = 2; i < argc; i++)
			dump(&out, argv[i]);
		fwrite(out.ptr, 1, out.len, stdout);
		buf_release(&out);
		ana_free(A);
		return 0;
	}
	sr = srunner_create(fmt_marimo_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
