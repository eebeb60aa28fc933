/*
 * fmt_marimo.c: marimo's notebook .py format, read and written as marimo
 * does (spec notebook-format.md sections 2-4, with the two rules marimo
 * 0.25 changed: doc/marimo-versions.md). Owns the static reader (the file
 * is parsed, never run), the recovery scanner for files that are not
 * valid Python, and the writer that regenerates the whole file from the
 * model. Cell analysis (defs, refs, markdown) is ana.c's, tokens are
 * pytok.c's, the model is nb.c's.
 *
 * The one idea: the reader takes each cell's text from the file's own
 * bytes, using CPython's parser only to learn where statements begin and
 * end; the writer derives everything else (parameters, return lines,
 * which cells become @app.function) from the cells' sources alone, so a
 * file marimo wrote reads and writes back byte for byte.
 *
 * Text is handled as Python str would be: "whitespace" is str.isspace(),
 * lengths compared with 80 are code points, lines are split where Python
 * splits them. Positions from the parser are byte columns into the
 * prepared text (UTF-8, "\n" line breaks, stripped), which is also what
 * cells are cut from.
 */
#include "config.h"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <sys/types.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "fmt_int.h"
#include "nb.h"
#include "py.h"
#include "pytok.h"
#include "utf8.h"
#include "xmalloc.h"

#define FMT_MARIMO_INDENT "    "
#define FMT_MARIMO_MAX_LINE 80
/*
 * The recovery scanner tokenizes again from each place it restarts; a
 * pathological file could make that quadratic. Its work stays within
 * this many times the file's length (plus a constant): real files need
 * one or two passes.
 */
#define FMT_MARIMO_SCAN_WORK_FACTOR 8
#define FMT_MARIMO_SCAN_WORK_SLACK ((size_t)1 << 20)

/* marimo's violation messages (marimo/_ast/parse.py). */
#define FMT_MARIMO_V_ALIAS "`marimo` is typically not imported with an alias."
#define FMT_MARIMO_V_IMPORT "Unexpected statement (expected marimo import)"
#define FMT_MARIMO_V_VERSION \
	"Expected `__generated_with` assignment for marimo version number."
#define FMT_MARIMO_V_APP "Unexpected statement, expected App initialization."
#define FMT_MARIMO_V_CELLDEF "Unexpected statement, expected cell definitions."
#define FMT_MARIMO_V_BODY "Unexpected statement, expected body cell definition."
#define FMT_MARIMO_V_KWARG "Unexpected value for keyword argument"
#define FMT_MARIMO_V_GUARD "Expected run guard statement"
#define FMT_MARIMO_V_SCANNER \
	"Cell contains a syntax error and could not be parsed"
#define FMT_MARIMO_V_DECORATORS \
	"Multiple decorators found, only @app.cell is valid."

/*
 * Small helpers on Python-style text.
 */

/* Bytes of leading Python whitespace in p[0..len). */
static size_t
fmt_marimo_lspace(const char *p, size_t len)
{
	size_t i = 0, k;

	while (i < len && (k = fmt_py_space(p + i, len - i)) > 0)
		i += k;
	return i;
}

/* Length of p[0..len) without its trailing Python whitespace. */
static size_t
fmt_marimo_rstrip_len(const char *p, size_t len)
{
	size_t i = 0, end = 0, k;

	while (i < len) {
		k = fmt_py_space(p + i, len - i);
		if (k > 0) {
			i += k;
			continue;
		}
		i++;
		while (i < len && ((unsigned char)p[i] & 0xC0) == 0x80)
			i++;
		end = i;
	}
	return end;
}

/* str.strip(): *start and the returned length. */
static size_t
fmt_marimo_strip(const char *p, size_t len, size_t *start)
{
	size_t s = fmt_marimo_lspace(p, len);

	*start = s;
	return fmt_marimo_rstrip_len(p + s, len - s);
}

static bool
fmt_marimo_is_blank(const char *p, size_t len)
{
	return fmt_marimo_lspace(p, len) == len;
}

/* Python's len() of UTF-8 text: code points. */
static size_t
fmt_marimo_cplen(const char *p, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Bytes of the line break at p (str.splitlines() breaks: \n \r \r\n \v
 * \f \x1c \x1d \x1e U+0085 U+2028 U+2029), or 0.
 */
static size_t
fmt_marimo_splitlines_break(const char *p, size_t len)
{
	unsigned char c = (unsigned char)p[0];

	if (c == '\r')
		return len > 1 && p[1] == '\n' ? 2 : 1;
	if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1C && c <= 0x1E))
		return 1;
	if (c == 0xC2 && len > 1 && (unsigned char)p[1] == 0x85)
		return 2;
	if (c == 0xE2 && len > 2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
		return 3;
	return 0;
}

/*
 * textwrap.indent(text, "    "): every line (str.splitlines(True)) that
 * is not whitespace only gets four spaces.
 */
static void
fmt_marimo_indent(struct buf *out, const char *p, size_t len)
{
	size_t i = 0, s, k;

	while (i < len) {
		s = i;
		while (i < len &&
		    (k = fmt_marimo_splitlines_break(p + i, len - i)) == 0)
			i++;
		if (i < len)
			i += k;
		if (!fmt_marimo_is_blank(p + s, i - s))
			buf_adds(out, FMT_MARIMO_INDENT);
		buf_add(out, p + s, i - s);
	}
}

static bool
fmt_marimo_starts(const char *p, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(p, prefix, n) == 0;
}

static bool
fmt_marimo_eq(const char *p, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(p, s, len) == 0;
}

/* Is s an identifier by str.isidentifier() (non-ASCII taken on trust)? */
static bool
fmt_marimo_is_identifier(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == '\0' || (*p >= '0' && *p <= '9'))
		return false;
	for (; *p != '\0'; p++)
		if (!(*p >= 0x80 || *p == '_' || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/*
 * A set of strings (open addressing), with an index per entry so that it
 * doubles as a map. Keys are borrowed.
 */
struct fmt_marimo_set {
	const char **keys;
	size_t *vals;
	size_t cap, n, used;	/* used counts tombstones too */
};

static const char fmt_marimo_tomb[] = "";

static uint64_t
fmt_marimo_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
fmt_marimo_set_free(struct fmt_marimo_set *s)
{
	free(s->keys);
	free(s->vals);
	memset(s, 0, sizeof *s);
}

static size_t
fmt_marimo_set_slot(const struct fmt_marimo_set *s, const char *k)
{
	size_t i = (size_t)fmt_marimo_hash(k) & (s->cap - 1), tomb = SIZE_MAX;

	for (;; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == NULL)
			return tomb != SIZE_MAX ? tomb : i;
		if (s->keys[i] == fmt_marimo_tomb) {
			if (tomb == SIZE_MAX)
				tomb = i;
		} else if (strcmp(s->keys[i], k) == 0)
			return i;
	}
}

static bool
fmt_marimo_set_get(const struct fmt_marimo_set *s, const char *k, size_t *val)
{
	size_t i;

	if (s->cap == 0)
		return false;
	i = (size_t)fmt_marimo_hash(k) & (s->cap - 1);
	for (;; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == NULL)
			return false;
		if (s->keys[i] != fmt_marimo_tomb &&
		    strcmp(s->keys[i], k) == 0) {
			if (val)
				*val = s->vals[i];
			return true;
		}
	}
}

static bool
fmt_marimo_set_has(const struct fmt_marimo_set *s, const char *k)
{
	return fmt_marimo_set_get(s, k, NULL);
}

static void
fmt_marimo_set_put(struct fmt_marimo_set *s, const char *k, size_t val)
{
	struct fmt_marimo_set old;
	size_t i;

	if ((s->used + 1) * 2 > s->cap) {
		old = *s;
		s->cap = old.cap ? old.cap * 2 : 16;
		while (old.n * 4 > s->cap)
			s->cap *= 2;
		s->keys = xcalloc(s->cap, sizeof *s->keys);
		s->vals = xcalloc(s->cap, sizeof *s->vals);
		s->n = s->used = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i] != NULL &&
			    old.keys[i] != fmt_marimo_tomb)
				fmt_marimo_set_put(s, old.keys[i], old.vals[i]);
		fmt_marimo_set_free(&old);
	}
	i = fmt_marimo_set_slot(s, k);
	if (s->keys[i] == NULL || s->keys[i] == fmt_marimo_tomb) {
		if (s->keys[i] == NULL)
			s->used++;
		s->n++;
		s->keys[i] = k;
	}
	s->vals[i] = val;
}

static void
fmt_marimo_set_add(struct fmt_marimo_set *s, const char *k)
{
	fmt_marimo_set_put(s, k, 0);
}

static bool
fmt_marimo_set_del(struct fmt_marimo_set *s, const char *k)
{
	size_t i;

	if (s->cap == 0)
		return false;
	i = (size_t)fmt_marimo_hash(k) & (s->cap - 1);
	for (;; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == NULL)
			return false;
		if (s->keys[i] != fmt_marimo_tomb &&
		    strcmp(s->keys[i], k) == 0) {
			s->keys[i] = fmt_marimo_tomb;
			s->n--;
			return true;
		}
	}
}

/*
 * The prepared text (spec 3.1): UTF-8 with each ill-formed subpart as
 * U+FFFD, a leading byte-order mark dropped, "\r\n" and "\r" as "\n",
 * stripped; lines index it.
 */
struct fmt_marimo_text {
	char *s;
	size_t len;
	size_t *line;		/* offsets of line starts; line[n] = len + 1 */
	size_t nlines;
	size_t lead;		/* file lines before the first kept line */
};

static void
fmt_marimo_text_release(struct fmt_marimo_text *t)
{
	free(t->s);
	free(t->line);
	memset(t, 0, sizeof *t);
}

static void
fmt_marimo_text_index(struct fmt_marimo_text *t)
{
	size_t i, n = 1, k = 0;

	for (i = 0; i < t->len; i++)
		if (t->s[i] == '\n')
			n++;
	t->line = xreallocarray(NULL, n + 1, sizeof *t->line);
	t->line[k++] = 0;
	for (i = 0; i < t->len; i++)
		if (t->s[i] == '\n')
			t->line[k++] = i + 1;
	t->line[k] = t->len + 1;
	t->nlines = n;
}

static void
fmt_marimo_text_prepare(struct fmt_marimo_text *t, const char *text, size_t len)
{
	struct buf b = BUF_INIT;
	uint32_t cp;
	size_t i = 0, k, s, n;
	bool ok;
	char enc[4];

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	buf_grow(&b, len);
	while (i < len) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\r') {
			buf_addc(&b, '\n');
			i += (i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		if (c < 0x80) {
			buf_addc(&b, (char)c);
			i++;
			continue;
		}
		k = utf8_next(text + i, len - i, &cp, &ok);
		if (ok)
			buf_add(&b, text + i, k);
		else
			buf_add(&b, enc, utf8_encode(UTF8_REPLACEMENT, enc));
		i += k;
	}
	n = fmt_marimo_strip(b.ptr, b.len, &s);
	memset(t, 0, sizeof *t);
	for (i = 0; i < s; i++)
		if (b.ptr[i] == '\n')
			t->lead++;
	t->s = xmalloc(n + 1);
	memcpy(t->s, b.ptr + s, n);
	t->s[n] = '\0';
	t->len = n;
	buf_release(&b);
	fmt_marimo_text_index(t);
}

/* Line i (0-based) without its break. */
static const char *
fmt_marimo_line(const struct fmt_marimo_text *t, size_t i, size_t *len)
{
	*len = t->line[i + 1] - 1 - t->line[i];
	return t->s + t->line[i];
}

/*
 * marimo's Extractor.extract_from_offsets: lines are 0-based, columns
 * byte offsets (Python slices: clamped), end_col SIZE_MAX for "to the end
 * of the line". Lines past the end are empty.
 */
static void
fmt_marimo_extract(struct buf *out, const struct fmt_marimo_text *t, size_t l0,
    size_t c0, size_t l1, size_t c1)
{
	const char *p;
	size_t n, a, i;

	if (l1 < l0)
		return;
	if (l0 < t->nlines)
		p = fmt_marimo_line(t, l0, &n);
	else {
		p = "";
		n = 0;
	}
	a = c0 < n ? c0 : n;
	if (l0 == l1) {
		n = c1 < n ? c1 : n;
		if (n > a)
			buf_add(out, p + a, n - a);
		return;
	}
	buf_add(out, p + a, n - a);
	for (i = l0 + 1; i < l1; i++) {
		buf_addc(out, '\n');
		if (i < t->nlines) {
			p = fmt_marimo_line(t, i, &n);
			buf_add(out, p, n);
		}
	}
	buf_addc(out, '\n');
	if (l1 < t->nlines) {
		p = fmt_marimo_line(t, l1, &n);
		buf_add(out, p, c1 < n ? c1 : n);
	}
}

/*
 * Statements, as far as the reader needs them: what CPython's ast says
 * about each top-level statement, copied into C so that the parsed tree
 * and the recovery scanner's synthetic statements look the same.
 */

enum fmt_marimo_val {
	FMT_MARIMO_VAL_BAD,		/* not a literal (a violation) */
	FMT_MARIMO_VAL_STR,
	FMT_MARIMO_VAL_INT,
	FMT_MARIMO_VAL_BOOL,
	FMT_MARIMO_VAL_NONE,
	FMT_MARIMO_VAL_OTHER,		/* another constant (float, ...) */
	FMT_MARIMO_VAL_LIST		/* a list of constants */
};

struct fmt_marimo_pos {
	size_t line, col;	/* 1-based line, 0-based byte column */
};

struct fmt_marimo_kw {
	char *arg;		/* NULL for **mapping */
	enum fmt_marimo_val type;
	char *s;		/* FMT_MARIMO_VAL_STR */
	long long i;		/* FMT_MARIMO_VAL_INT */
	bool b;			/* FMT_MARIMO_VAL_BOOL */
	char **items;		/* FMT_MARIMO_VAL_LIST: its string constants */
	size_t nitems;
	bool nonstr_item;	/* the list holds another constant */
	struct fmt_marimo_pos pos;
};

struct fmt_marimo_kwargs {
	struct fmt_marimo_kw *v;
	size_t n;
	struct fmt_marimo_pos *bad;	/* where values were not literals */
	size_t nbad;
};

struct fmt_marimo_dec {
	char *attr;		/* the attribute, or the called attribute */
	bool app;		/* ... of the name "app" */
	bool is_call;
	struct fmt_marimo_pos pos;	/* of the expression (after the "@") */
	size_t end_line;
	struct fmt_marimo_kwargs kw;
};

enum fmt_marimo_node_type {
	FMT_MARIMO_NODE_OTHER,
	FMT_MARIMO_NODE_EXPR,
	FMT_MARIMO_NODE_IMPORT,
	FMT_MARIMO_NODE_ASSIGN,
	FMT_MARIMO_NODE_DEF,
	FMT_MARIMO_NODE_ASYNCDEF,
	FMT_MARIMO_NODE_CLASS,
	FMT_MARIMO_NODE_WITH,
	FMT_MARIMO_NODE_ASYNCWITH,
	FMT_MARIMO_NODE_IF
};

struct fmt_marimo_span {
	size_t line, col, end_line, end_col;
};

struct fmt_marimo_node {
	enum fmt_marimo_node_type type;
	struct fmt_marimo_span at;
	bool scanner;		/* made by the recovery scanner */

	bool str_const;		/* EXPR: a bare string */
	bool expr_const;	/* EXPR: any bare constant */
	bool unparsable;	/* EXPR: app._unparsable_cell(<one arg>) */
	bool unp_str;		/* ... whose argument is a string */
	char *unp_code;
	size_t unp_len;
	struct fmt_marimo_pos unp_pos;
	struct fmt_marimo_kwargs kw;	/* unparsable cell or App keywords */

	char *imp_name;		/* IMPORT: the first name and its alias */
	char *imp_as;

	char *target;		/* ASSIGN: the single Name target */
	char *version;		/* ... str() of a constant value */
	char *app_alias;	/* ... X in "X.App(...)" */

	char *name;		/* DEF/CLASS */
	struct fmt_marimo_dec *decs;
	size_t ndecs;
	size_t nbody;		/* DEF/CLASS/WITH */
	struct fmt_marimo_span body0, prev, last;
	bool last_is_return;

	size_t nitems;		/* WITH */
	bool setup;		/* ... app.setup or app.setup(...) */
	bool setup_call;
	struct fmt_marimo_kwargs setup_kw;

	bool run_guard;		/* IF: if __name__ <op> ...: */
};

static void
fmt_marimo_kwargs_release(struct fmt_marimo_kwargs *k)
{
	size_t i, j;

	for (i = 0; i < k->n; i++) {
		free(k->v[i].arg);
		free(k->v[i].s);
		for (j = 0; j < k->v[i].nitems; j++)
			free(k->v[i].items[j]);
		free(k->v[i].items);
	}
	free(k->v);
	free(k->bad);
	memset(k, 0, sizeof *k);
}

static void
fmt_marimo_node_release(struct fmt_marimo_node *n)
{
	size_t i;

	free(n->unp_code);
	fmt_marimo_kwargs_release(&n->kw);
	free(n->imp_name);
	free(n->imp_as);
	free(n->target);
	free(n->version);
	free(n->app_alias);
	free(n->name);
	for (i = 0; i < n->ndecs; i++) {
		free(n->decs[i].attr);
		fmt_marimo_kwargs_release(&n->decs[i].kw);
	}
	free(n->decs);
	fmt_marimo_kwargs_release(&n->setup_kw);
	memset(n, 0, sizeof *n);
}

struct fmt_marimo_nodes {
	struct fmt_marimo_node *v;
	size_t n, alloc;
};

static struct fmt_marimo_node *
fmt_marimo_nodes_add(struct fmt_marimo_nodes *ns)
{
	if (ns->n == ns->alloc) {
		ns->alloc = ns->alloc ? ns->alloc * 2 : 32;
		ns->v = xreallocarray(ns->v, ns->alloc, sizeof *ns->v);
	}
	memset(&ns->v[ns->n], 0, sizeof ns->v[ns->n]);
	return &ns->v[ns->n++];
}

static void
fmt_marimo_nodes_release(struct fmt_marimo_nodes *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		fmt_marimo_node_release(&ns->v[i]);
	free(ns->v);
	memset(ns, 0, sizeof *ns);
}

/*
 * The CPython side. The editor process holds the GIL on its one thread;
 * PyGILState keeps this correct should that ever change.
 */

static const char *
fmt_marimo_py_type(PyObject *o)
{
	return o == NULL ? "" : Py_TYPE(o)->tp_name;
}

static bool
fmt_marimo_py_is(PyObject *o, const char *type)
{
	return o != NULL && strcmp(Py_TYPE(o)->tp_name, type) == 0;
}

/* A new reference to o.name, or NULL (no exception left pending). */
static PyObject *
fmt_marimo_py_get(PyObject *o, const char *name)
{
	PyObject *v;

	if (o == NULL)
		return NULL;
	v = PyObject_GetAttrString(o, name);
	if (v == NULL)
		PyErr_Clear();
	return v;
}

static size_t
fmt_marimo_py_size(PyObject *o, const char *name)
{
	PyObject *v = fmt_marimo_py_get(o, name);
	Py_ssize_t n = 0;

	if (v != NULL && PyLong_Check(v)) {
		n = PyLong_AsSsize_t(v);
		if (n < 0) {
			PyErr_Clear();
			n = 0;
		}
	}
	Py_XDECREF(v);
	return (size_t)n;
}

static struct fmt_marimo_span
fmt_marimo_py_span(PyObject *o, size_t loff)
{
	struct fmt_marimo_span s;

	s.line = fmt_marimo_py_size(o, "lineno") + loff;
	s.col = fmt_marimo_py_size(o, "col_offset");
	s.end_line = fmt_marimo_py_size(o, "end_lineno") + loff;
	s.end_col = fmt_marimo_py_size(o, "end_col_offset");
	return s;
}

/* A copy of a str object's UTF-8 (lone surrogates become U+FFFD). */
static char *
fmt_marimo_py_strdup(PyObject *s, size_t *lenp)
{
	const char *p;
	Py_ssize_t n;
	PyObject *b;
	char *r;

	p = PyUnicode_AsUTF8AndSize(s, &n);
	if (p != NULL) {
		if (lenp)
			*lenp = (size_t)n;
		return xstrndup(p, (size_t)n);
	}
	PyErr_Clear();
	b = PyUnicode_AsEncodedString(s, "utf-8", "replace");
	if (b == NULL) {
		PyErr_Clear();
		if (lenp)
			*lenp = 0;
		return xstrdup("");
	}
	r = xstrndup(PyBytes_AS_STRING(b), (size_t)PyBytes_GET_SIZE(b));
	if (lenp)
		*lenp = (size_t)PyBytes_GET_SIZE(b);
	Py_DECREF(b);
	return r;
}

/* A copy of the str attribute o.name, or NULL. */
static char *
fmt_marimo_py_strattr(PyObject *o, const char *name)
{
	PyObject *v = fmt_marimo_py_get(o, name);
	char *r = NULL;

	if (v != NULL && PyUnicode_Check(v))
		r = fmt_marimo_py_strdup(v, NULL);
	Py_XDECREF(v);
	return r;
}

/* Is o the Name node with this id? */
static bool
fmt_marimo_py_is_name(PyObject *o, const char *id)
{
	char *s;
	bool r;

	if (!fmt_marimo_py_is(o, "Name"))
		return false;
	s = fmt_marimo_py_strattr(o, "id");
	r = s != NULL && strcmp(s, id) == 0;
	free(s);
	return r;
}

static void
fmt_marimo_kwargs_bad(struct fmt_marimo_kwargs *k, PyObject *o, size_t loff)
{
	struct fmt_marimo_span s = fmt_marimo_py_span(o, loff);

	k->bad = xreallocarray(k->bad, k->nbad + 1, sizeof *k->bad);
	k->bad[k->nbad].line = s.line;
	k->bad[k->nbad].col = s.col;
	k->nbad++;
}

/* Fill kw from a Constant node; false if it is not one. */
static bool
fmt_marimo_py_const(struct fmt_marimo_kw *kw, PyObject *o)
{
	PyObject *v;
	int overflow;

	if (!fmt_marimo_py_is(o, "Constant"))
		return false;
	v = fmt_marimo_py_get(o, "value");
	if (v == NULL)
		return false;
	if (PyUnicode_Check(v)) {
		kw->type = FMT_MARIMO_VAL_STR;
		kw->s = fmt_marimo_py_strdup(v, NULL);
	} else if (PyBool_Check(v)) {
		kw->type = FMT_MARIMO_VAL_BOOL;
		kw->b = v == Py_True;
	} else if (PyLong_Check(v)) {
		kw->i = PyLong_AsLongLongAndOverflow(v, &overflow);
		kw->type = overflow ? FMT_MARIMO_VAL_OTHER : FMT_MARIMO_VAL_INT;
		if (PyErr_Occurred())
			PyErr_Clear();
	} else if (v == Py_None)
		kw->type = FMT_MARIMO_VAL_NONE;
	else
		kw->type = FMT_MARIMO_VAL_OTHER;
	Py_DECREF(v);
	return true;
}

/* marimo's _eval_kwargs over a list of keyword nodes. */
static void
fmt_marimo_py_kwargs(struct fmt_marimo_kwargs *k, PyObject *call, size_t loff)
{
	PyObject *kws = fmt_marimo_py_get(call, "keywords"), *kwn, *val, *elts,
	    *e;
	struct fmt_marimo_kw *kw;
	struct fmt_marimo_kw item;
	struct fmt_marimo_span s;
	Py_ssize_t i, j;

	if (kws == NULL || !PyList_Check(kws)) {
		Py_XDECREF(kws);
		return;
	}
	for (i = 0; i < PyList_GET_SIZE(kws); i++) {
		kwn = PyList_GET_ITEM(kws, i);
		val = fmt_marimo_py_get(kwn, "value");
		s = fmt_marimo_py_span(kwn, loff);
		k->v = xreallocarray(k->v, k->n + 1, sizeof *k->v);
		kw = &k->v[k->n];
		memset(kw, 0, sizeof *kw);
		kw->arg = fmt_marimo_py_strattr(kwn, "arg");
		kw->pos.line = s.line;
		kw->pos.col = s.col;
		if (kw->arg != NULL && fmt_marimo_py_const(kw, val))
			k->n++;
		else if (kw->arg != NULL && fmt_marimo_py_is(val, "List")) {
			kw->type = FMT_MARIMO_VAL_LIST;
			elts = fmt_marimo_py_get(val, "elts");
			for (j = 0; elts != NULL && PyList_Check(elts) &&
			    j < PyList_GET_SIZE(elts); j++) {
				e = PyList_GET_ITEM(elts, j);
				memset(&item, 0, sizeof item);
				if (!fmt_marimo_py_const(&item, e)) {
					fmt_marimo_kwargs_bad(k, e, loff);
					continue;
				}
				if (item.type == FMT_MARIMO_VAL_STR) {
					kw->items = xreallocarray(kw->items,
					    kw->nitems + 1, sizeof *kw->items);
					kw->items[kw->nitems++] = item.s;
				} else
					kw->nonstr_item = true;
			}
			Py_XDECREF(elts);
			k->n++;
		} else {
			free(kw->arg);
			kw->arg = NULL;
			fmt_marimo_kwargs_bad(k, kwn, loff);
		}
		Py_XDECREF(val);
	}
	Py_DECREF(kws);
}

/* A decorator expression: @X.attr or @X.attr(...). */
static void
fmt_marimo_py_dec(struct fmt_marimo_dec *d, PyObject *o, size_t loff)
{
	PyObject *func = NULL, *attr_node, *value;
	struct fmt_marimo_span s = fmt_marimo_py_span(o, loff);

	d->pos.line = s.line;
	d->pos.col = s.col;
	d->end_line = s.end_line;
	if (fmt_marimo_py_is(o, "Call")) {
		d->is_call = true;
		func = fmt_marimo_py_get(o, "func");
		attr_node = func;
		fmt_marimo_py_kwargs(&d->kw, o, loff);
	} else
		attr_node = o;
	if (fmt_marimo_py_is(attr_node, "Attribute")) {
		d->attr = fmt_marimo_py_strattr(attr_node, "attr");
		value = fmt_marimo_py_get(attr_node, "value");
		d->app = fmt_marimo_py_is_name(value, "app");
		Py_XDECREF(value);
	}
	Py_XDECREF(func);
}

/* Spans of the first, next-to-last and last statements of o.body. */
static void
fmt_marimo_py_body(struct fmt_marimo_node *n, PyObject *o, size_t loff)
{
	PyObject *body = fmt_marimo_py_get(o, "body"), *last;
	Py_ssize_t k;

	if (body == NULL || !PyList_Check(body) ||
	    (k = PyList_GET_SIZE(body)) == 0) {
		Py_XDECREF(body);
		return;
	}
	n->nbody = (size_t)k;
	n->body0 = fmt_marimo_py_span(PyList_GET_ITEM(body, 0), loff);
	last = PyList_GET_ITEM(body, k - 1);
	n->last = fmt_marimo_py_span(last, loff);
	n->last_is_return = fmt_marimo_py_is(last, "Return");
	if (k > 1)
		n->prev = fmt_marimo_py_span(PyList_GET_ITEM(body, k - 2),
		    loff);
	Py_DECREF(body);
}

/* Convert one top-level statement; loff is added to its line numbers. */
static void
fmt_marimo_py_node(struct fmt_marimo_node *n, PyObject *o, size_t loff)
{
	const char *type = fmt_marimo_py_type(o);
	PyObject *v, *w, *x, *y;
	Py_ssize_t i;

	n->at = fmt_marimo_py_span(o, loff);
	if (strcmp(type, "Expr") == 0) {
		n->type = FMT_MARIMO_NODE_EXPR;
		v = fmt_marimo_py_get(o, "value");
		if (fmt_marimo_py_is(v, "Constant")) {
			w = fmt_marimo_py_get(v, "value");
			n->expr_const = true;
			n->str_const = w != NULL && PyUnicode_Check(w);
			Py_XDECREF(w);
		} else if (fmt_marimo_py_is(v, "Call")) {
			w = fmt_marimo_py_get(v, "func");
			x = fmt_marimo_py_get(v, "args");
			y = fmt_marimo_py_get(w, "value");
			if (fmt_marimo_py_is(w, "Attribute") &&
			    fmt_marimo_py_is_name(y, "app") &&
			    x != NULL && PyList_Check(x) &&
			    PyList_GET_SIZE(x) == 1) {
				char *attr = fmt_marimo_py_strattr(w, "attr");

				n->unparsable = attr != NULL &&
				    strcmp(attr, "_unparsable_cell") == 0;
				free(attr);
			}
			if (n->unparsable) {
				PyObject *arg = PyList_GET_ITEM(x, 0), *c;
				struct fmt_marimo_span as =
				    fmt_marimo_py_span(arg, loff);

				n->unp_pos.line = as.line;
				n->unp_pos.col = as.col;
				c = fmt_marimo_py_get(arg, "value");
				if (fmt_marimo_py_is(arg, "Constant") &&
				    c != NULL && PyUnicode_Check(c)) {
					n->unp_str = true;
					n->unp_code = fmt_marimo_py_strdup(c,
					    &n->unp_len);
				}
				Py_XDECREF(c);
				fmt_marimo_py_kwargs(&n->kw, v, loff);
			}
			Py_XDECREF(w);
			Py_XDECREF(x);
			Py_XDECREF(y);
		}
		Py_XDECREF(v);
	} else if (strcmp(type, "Import") == 0) {
		n->type = FMT_MARIMO_NODE_IMPORT;
		v = fmt_marimo_py_get(o, "names");
		if (v != NULL && PyList_Check(v) && PyList_GET_SIZE(v) > 0) {
			n->imp_name = fmt_marimo_py_strattr(
			    PyList_GET_ITEM(v, 0), "name");
			n->imp_as = fmt_marimo_py_strattr(
			    PyList_GET_ITEM(v, 0), "asname");
		}
		Py_XDECREF(v);
	} else if (strcmp(type, "Assign") == 0) {
		n->type = FMT_MARIMO_NODE_ASSIGN;
		v = fmt_marimo_py_get(o, "targets");
		if (v != NULL && PyList_Check(v) && PyList_GET_SIZE(v) == 1 &&
		    fmt_marimo_py_is(PyList_GET_ITEM(v, 0), "Name"))
			n->target = fmt_marimo_py_strattr(PyList_GET_ITEM(v, 0),
			    "id");
		Py_XDECREF(v);
		v = fmt_marimo_py_get(o, "value");
		if (fmt_marimo_py_is(v, "Constant")) {
			w = fmt_marimo_py_get(v, "value");
			x = w != NULL ? PyObject_Str(w) : NULL;
			if (x != NULL && PyUnicode_Check(x))
				n->version = fmt_marimo_py_strdup(x, NULL);
			else
				PyErr_Clear();
			Py_XDECREF(x);
			Py_XDECREF(w);
		} else if (fmt_marimo_py_is(v, "Call")) {
			w = fmt_marimo_py_get(v, "func");
			x = fmt_marimo_py_get(w, "value");
			if (fmt_marimo_py_is(w, "Attribute") &&
			    fmt_marimo_py_is(x, "Name")) {
				char *attr = fmt_marimo_py_strattr(w, "attr");

				if (attr != NULL && strcmp(attr, "App") == 0) {
					n->app_alias = fmt_marimo_py_strattr(x,
					    "id");
					fmt_marimo_py_kwargs(&n->kw, v, loff);
				}
				free(attr);
			}
			Py_XDECREF(w);
			Py_XDECREF(x);
		}
		Py_XDECREF(v);
	} else if (strcmp(type, "FunctionDef") == 0 ||
	    strcmp(type, "AsyncFunctionDef") == 0 ||
	    strcmp(type, "ClassDef") == 0) {
		n->type = type[0] == 'F' ? FMT_MARIMO_NODE_DEF :
		    type[0] == 'A' ? FMT_MARIMO_NODE_ASYNCDEF :
		    FMT_MARIMO_NODE_CLASS;
		n->name = fmt_marimo_py_strattr(o, "name");
		v = fmt_marimo_py_get(o, "decorator_list");
		if (v != NULL && PyList_Check(v) && PyList_GET_SIZE(v) > 0) {
			n->ndecs = (size_t)PyList_GET_SIZE(v);
			n->decs = xcalloc(n->ndecs, sizeof *n->decs);
			for (i = 0; i < PyList_GET_SIZE(v); i++)
				fmt_marimo_py_dec(&n->decs[i],
				    PyList_GET_ITEM(v, i), loff);
		}
		Py_XDECREF(v);
		fmt_marimo_py_body(n, o, loff);
	} else if (strcmp(type, "With") == 0 ||
	    strcmp(type, "AsyncWith") == 0) {
		n->type = type[0] == 'W' ? FMT_MARIMO_NODE_WITH :
		    FMT_MARIMO_NODE_ASYNCWITH;
		fmt_marimo_py_body(n, o, loff);
		v = fmt_marimo_py_get(o, "items");
		if (v != NULL && PyList_Check(v))
			n->nitems = (size_t)PyList_GET_SIZE(v);
		if (n->nitems == 1) {
			/* app.setup, app.setup(...), app.setup(...)(...) */
			w = fmt_marimo_py_get(PyList_GET_ITEM(v, 0),
			    "context_expr");
			x = w;
			Py_XINCREF(x);
			n->setup_call = fmt_marimo_py_is(w, "Call");
			if (n->setup_call)
				fmt_marimo_py_kwargs(&n->setup_kw, w, loff);
			while (fmt_marimo_py_is(x, "Call")) {
				y = fmt_marimo_py_get(x, "func");
				Py_DECREF(x);
				x = y;
			}
			if (fmt_marimo_py_is(x, "Attribute")) {
				char *attr = fmt_marimo_py_strattr(x, "attr");

				y = fmt_marimo_py_get(x, "value");
				n->setup = attr != NULL &&
				    strcmp(attr, "setup") == 0 &&
				    fmt_marimo_py_is_name(y, "app");
				Py_XDECREF(y);
				free(attr);
			}
			Py_XDECREF(x);
			Py_XDECREF(w);
		}
		Py_XDECREF(v);
	} else if (strcmp(type, "If") == 0) {
		/*
		 * marimo compares with ast equality, but its comparison stops
		 * at the first child node: any "if __name__ <op> ...:" is the
		 * run guard.
		 */
		n->type = FMT_MARIMO_NODE_IF;
		v = fmt_marimo_py_get(o, "test");
		w = fmt_marimo_py_get(v, "left");
		n->run_guard = fmt_marimo_py_is(v, "Compare") &&
		    fmt_marimo_py_is_name(w, "__name__");
		Py_XDECREF(w);
		Py_XDECREF(v);
	}
}

/*
 * Parse src (NUL-terminated, len bytes) as a module and append its
 * top-level statements, lines shifted by loff. Returns 0, or -1 for a
 * syntax error (or source CPython refuses), with *epos and emsg set.
 */
static int
fmt_marimo_py_parse(struct fmt_marimo_nodes *ns, const char *src, size_t len,
    const char *path, size_t loff, struct fmt_marimo_pos *epos,
    struct buf *emsg)
{
	PyCompilerFlags cf;
	PyObject *mod, *body, *type, *value, *tb, *m;
	PyGILState_STATE gs;
	const char *nul;
	Py_ssize_t i;
	int error = -1, gc_was_on;

	epos->line = loff + 1;
	epos->col = 0;
	nul = memchr(src, '\0', len);
	if (nul != NULL) {
		size_t k, l = 1, c = 0;

		for (k = 0; k < (size_t)(nul - src); k++) {
			if (src[k] == '\n') {
				l++;
				c = 0;
			} else
				c++;
		}
		epos->line = loff + l;
		epos->col = c;
		buf_adds(emsg, "source code cannot contain null bytes");
		return -1;
	}
	gs = PyGILState_Ensure();
	cf.cf_flags = PyCF_ONLY_AST;
	cf.cf_feature_version = PY_MINOR_VERSION;
	/*
	 * A notebook's AST is hundreds of thousands of small objects and
	 * none of them form cycles, so the cyclic collector only burns time
	 * walking them while they are made: off, the parse of a 1,000-cell
	 * notebook took 25-40% less here.
	 */
	gc_was_on = PyGC_Disable();
	mod = Py_CompileStringExFlags(src, path, Py_file_input, &cf, -1);
	if (mod == NULL) {
		PyErr_Fetch(&type, &value, &tb);
		PyErr_NormalizeException(&type, &value, &tb);
		if (value != NULL) {
			epos->line = fmt_marimo_py_size(value, "lineno") + loff;
			if (epos->line == loff)
				epos->line = loff + 1;
			epos->col = fmt_marimo_py_size(value, "offset");
			if (epos->col > 0)
				epos->col--;
			m = fmt_marimo_py_get(value, "msg");
			if (m != NULL && PyUnicode_Check(m)) {
				char *s = fmt_marimo_py_strdup(m, NULL);

				buf_adds(emsg, s);
				free(s);
			} else
				buf_adds(emsg, fmt_marimo_py_type(value));
			Py_XDECREF(m);
		} else
			buf_adds(emsg, "invalid syntax");
		Py_XDECREF(type);
		Py_XDECREF(value);
		Py_XDECREF(tb);
		goto done;
	}
	body = fmt_marimo_py_get(mod, "body");
	for (i = 0; body != NULL && PyList_Check(body) &&
	    i < PyList_GET_SIZE(body); i++)
		fmt_marimo_py_node(fmt_marimo_nodes_add(ns),
		    PyList_GET_ITEM(body, i), loff);
	Py_XDECREF(body);
	Py_DECREF(mod);
	error = 0;
done:
	if (gc_was_on)
		(void)PyGC_Enable();
	PyGILState_Release(gs);
	return error;
}

/* Does src parse as Python (ast.parse, not compile)? */
static bool
fmt_marimo_py_parses(const char *src, size_t len)
{
	struct fmt_marimo_nodes ns = { 0 };
	struct buf msg = BUF_INIT;
	struct fmt_marimo_pos pos;
	bool r;

	r = fmt_marimo_py_parse(&ns, src, len, "<cell>", 0, &pos, &msg) == 0;
	fmt_marimo_nodes_release(&ns);
	buf_release(&msg);
	return r;
}

static int
fmt_marimo_py_start(void)
{
	if (py_init_isolated() < 0) {
		err_prefix("marimo format");
		return -1;
	}
	return 0;
}

/*
 * The fast path. A file in the form marimo writes (import marimo,
 * __generated_with, app = marimo.App(...), @app.cell functions, the run
 * guard) is read from its tokens alone: CPython building the whole
 * file's AST was two thirds of a first load of a large notebook, and the
 * reader needs only where the top-level statements and the cells' first
 * and last statements begin and end. The statements made here are the
 * ones fmt_marimo_py_node makes from CPython's tree; anything outside
 * that form, or that the tokens cannot settle, returns -1 and CPython
 * reads the file. What the tokens cannot check, that each cell's code is
 * valid Python, fmt_marimo_parse checks after the read with the analysis
 * every load does anyway, and reads the file again through CPython when a
 * cell does not parse.
 */

struct fmt_marimo_fast {
	const char *s;
	const struct pytok *tok;
	size_t i;		/* the next token */
};

static const struct pytok *
fmt_marimo_fast_tok(const struct fmt_marimo_fast *f)
{
	return &f->tok[f->i];
}

static bool
fmt_marimo_fast_is(const struct fmt_marimo_fast *f, enum pytok_type type,
    const char *text)
{
	const struct pytok *t = fmt_marimo_fast_tok(f);

	return t->type == type && (text == NULL || (t->len == strlen(text) &&
	    memcmp(f->s + t->off, text, t->len) == 0));
}

/* Take the token if it is this one. */
static bool
fmt_marimo_fast_eat(struct fmt_marimo_fast *f, enum pytok_type type,
    const char *text)
{
	if (!fmt_marimo_fast_is(f, type, text))
		return false;
	f->i++;
	return true;
}

/* Line breaks and comments inside brackets. */
static void
fmt_marimo_fast_skip_nl(struct fmt_marimo_fast *f)
{
	while (fmt_marimo_fast_is(f, PYTOK_NL, NULL) ||
	    fmt_marimo_fast_is(f, PYTOK_COMMENT, NULL))
		f->i++;
}

/* An ASCII identifier that is not a keyword, copied. */
static char *
fmt_marimo_fast_name(struct fmt_marimo_fast *f)
{
	const struct pytok *t = fmt_marimo_fast_tok(f);
	const char *p = f->s + t->off;
	size_t k;
	char *s;

	if (t->type != PYTOK_NAME)
		return NULL;
	/* Soft keywords (match, case, _) are names here. */
	if (pytok_is_keyword(p, t->len) && !(t->len == 1 && p[0] == '_') &&
	    !(t->len == 5 && memcmp(p, "match", 5) == 0) &&
	    !(t->len == 4 && memcmp(p, "case", 4) == 0))
		return NULL;
	/* Which other characters make a name is CPython's to say. */
	for (k = 0; k < t->len; k++)
		if ((unsigned char)p[k] >= 0x80)
			return NULL;
	s = xstrndup(p, t->len);
	if (!fmt_marimo_is_identifier(s)) {
		free(s);
		return NULL;
	}
	f->i++;
	return s;
}

/* A one-line string without prefix or backslash: its contents. */
static char *
fmt_marimo_fast_str(struct fmt_marimo_fast *f)
{
	const struct pytok *t = fmt_marimo_fast_tok(f);
	const char *p = f->s + t->off;

	if (t->type != PYTOK_STRING || t->len < 2 || (p[0] != '"' &&
	    p[0] != '\'') || p[t->len - 1] != p[0] ||
	    (t->len >= 3 && p[1] == p[0]) || t->line != t->end_line ||
	    memchr(p, '\\', t->len) != NULL)
		return NULL;
	f->i++;
	return xstrndup(p + 1, t->len - 2);
}

/* A keyword's value: True, False, None, a decimal int or a plain string;
 * a list of plain strings for App's auto_download. */
static bool
fmt_marimo_fast_value(struct fmt_marimo_fast *f, struct fmt_marimo_kw *kw)
{
	const struct pytok *t = fmt_marimo_fast_tok(f);
	const char *p = f->s + t->off;
	char *s, *end;
	size_t k;

	if (fmt_marimo_fast_eat(f, PYTOK_NAME, "True") ||
	    fmt_marimo_fast_eat(f, PYTOK_NAME, "False")) {
		kw->type = FMT_MARIMO_VAL_BOOL;
		kw->b = p[0] == 'T';
		return true;
	}
	if (fmt_marimo_fast_eat(f, PYTOK_NAME, "None")) {
		kw->type = FMT_MARIMO_VAL_NONE;
		return true;
	}
	if (t->type == PYTOK_NUMBER) {
		/* 0 or digits without a leading zero, small enough. */
		if (t->len > 15 || (p[0] == '0' && t->len > 1))
			return false;
		for (k = 0; k < t->len; k++)
			if (p[k] < '0' || p[k] > '9')
				return false;
		kw->type = FMT_MARIMO_VAL_INT;
		kw->i = strtoll(p, &end, 10);
		f->i++;
		return true;
	}
	if (fmt_marimo_fast_eat(f, PYTOK_OP, "[")) {
		kw->type = FMT_MARIMO_VAL_LIST;
		for (;;) {
			fmt_marimo_fast_skip_nl(f);
			if (fmt_marimo_fast_eat(f, PYTOK_OP, "]"))
				return true;
			if ((s = fmt_marimo_fast_str(f)) == NULL)
				return false;
			kw->items = xreallocarray(kw->items, kw->nitems + 1,
			    sizeof *kw->items);
			kw->items[kw->nitems++] = s;
			fmt_marimo_fast_skip_nl(f);
			if (!fmt_marimo_fast_eat(f, PYTOK_OP, ",") &&
			    !fmt_marimo_fast_is(f, PYTOK_OP, "]"))
				return false;
		}
	}
	if ((kw->s = fmt_marimo_fast_str(f)) == NULL)
		return false;
	kw->type = FMT_MARIMO_VAL_STR;
	return true;
}

/* "(name=value, ...)" after the "(" of a call, to its ")". */
static bool
fmt_marimo_fast_kwargs(struct fmt_marimo_fast *f, struct fmt_marimo_kwargs *k)
{
	struct fmt_marimo_kw *kw;
	const struct pytok *t;

	for (;;) {
		fmt_marimo_fast_skip_nl(f);
		if (fmt_marimo_fast_eat(f, PYTOK_OP, ")"))
			return true;
		t = fmt_marimo_fast_tok(f);
		k->v = xreallocarray(k->v, k->n + 1, sizeof *k->v);
		kw = &k->v[k->n];
		memset(kw, 0, sizeof *kw);
		kw->pos.line = t->line;
		kw->pos.col = t->col;
		if ((kw->arg = fmt_marimo_fast_name(f)) == NULL)
			return false;
		k->n++;
		fmt_marimo_fast_skip_nl(f);
		if (!fmt_marimo_fast_eat(f, PYTOK_OP, "="))
			return false;
		fmt_marimo_fast_skip_nl(f);
		if (!fmt_marimo_fast_value(f, kw))
			return false;
		fmt_marimo_fast_skip_nl(f);
		if (!fmt_marimo_fast_eat(f, PYTOK_OP, ",") &&
		    !fmt_marimo_fast_is(f, PYTOK_OP, ")"))
			return false;
	}
}

static bool
fmt_marimo_fast_significant(const struct pytok *t)
{
	return t->type != PYTOK_NL && t->type != PYTOK_COMMENT &&
	    t->type != PYTOK_NEWLINE && t->type != PYTOK_INDENT &&
	    t->type != PYTOK_DEDENT && t->type != PYTOK_ENDMARKER;
}

/* The end of statement s so far: its last significant token up to f->i. */
static void
fmt_marimo_fast_end(const struct fmt_marimo_fast *f, size_t from,
    struct fmt_marimo_span *s)
{
	size_t i;

	for (i = f->i; i > from; i--)
		if (fmt_marimo_fast_significant(&f->tok[i - 1])) {
			s->end_line = f->tok[i - 1].end_line;
			s->end_col = f->tok[i - 1].end_col;
			return;
		}
}

/* Skip one indented block, from its INDENT through its DEDENT. */
static bool
fmt_marimo_fast_block(struct fmt_marimo_fast *f)
{
	int level = 0;

	do {
		switch (fmt_marimo_fast_tok(f)->type) {
		case PYTOK_INDENT:
			level++;
			break;
		case PYTOK_DEDENT:
			level--;
			break;
		case PYTOK_ENDMARKER:
			return false;
		default:
			break;
		}
		f->i++;
	} while (level > 0);
	return true;
}

static bool
fmt_marimo_fast_is_clause(const struct fmt_marimo_fast *f)
{
	return fmt_marimo_fast_is(f, PYTOK_NAME, "else") ||
	    fmt_marimo_fast_is(f, PYTOK_NAME, "elif") ||
	    fmt_marimo_fast_is(f, PYTOK_NAME, "except") ||
	    fmt_marimo_fast_is(f, PYTOK_NAME, "finally");
}

/*
 * One statement of a function body, from f->i: its span as CPython's
 * ast gives it (a decorated definition begins at "def" or "class"),
 * whether it is a return, and f->i past it. One logical line, or a
 * header with its block and the else/elif/except/finally clauses after
 * it; several statements on one line (";") are left to CPython.
 */
static bool
fmt_marimo_fast_stmt(struct fmt_marimo_fast *f, struct fmt_marimo_span *s,
    bool *is_return)
{
	size_t from = f->i, col, save;
	const struct pytok *t;

	while (fmt_marimo_fast_is(f, PYTOK_OP, "@")) {
		while (!fmt_marimo_fast_is(f, PYTOK_NEWLINE, NULL))
			if (fmt_marimo_fast_tok(f)->type == PYTOK_ENDMARKER)
				return false;
			else
				f->i++;
		f->i++;
		fmt_marimo_fast_skip_nl(f);
		if (!fmt_marimo_fast_is(f, PYTOK_OP, "@") &&
		    !fmt_marimo_fast_is(f, PYTOK_NAME, "def") &&
		    !fmt_marimo_fast_is(f, PYTOK_NAME, "async") &&
		    !fmt_marimo_fast_is(f, PYTOK_NAME, "class"))
			return false;
	}
	t = fmt_marimo_fast_tok(f);
	if (!fmt_marimo_fast_significant(t))
		return false;
	s->line = t->line;
	s->col = col = t->col;
	*is_return = fmt_marimo_fast_is(f, PYTOK_NAME, "return");
	for (;;) {
		/* One logical line. */
		for (;;) {
			t = fmt_marimo_fast_tok(f);
			if (t->type == PYTOK_ENDMARKER ||
			    t->type == PYTOK_INDENT || t->type == PYTOK_DEDENT)
				return false;
			if (t->type == PYTOK_OP && t->depth == 0 &&
			    t->len == 1 && f->s[t->off] == ';')
				return false;
			if (t->type == PYTOK_NEWLINE)
				break;
			f->i++;
		}
		fmt_marimo_fast_end(f, from, s);
		f->i++;		/* NEWLINE */
		/* Comment lines come before the block's INDENT and before
		 * the DEDENT that ends it. */
		save = f->i;
		fmt_marimo_fast_skip_nl(f);
		if (fmt_marimo_fast_is(f, PYTOK_INDENT, NULL)) {
			if (!fmt_marimo_fast_block(f))
				return false;
			fmt_marimo_fast_end(f, from, s);
			save = f->i;
			fmt_marimo_fast_skip_nl(f);
		}
		if (!fmt_marimo_fast_is_clause(f) ||
		    fmt_marimo_fast_tok(f)->col != col) {
			f->i = save;
			return true;
		}
	}
}

/* "return", "return a, b" or "return (a, b,)" to its NEWLINE. */
static bool
fmt_marimo_fast_return_ok(const struct fmt_marimo_fast *g)
{
	struct fmt_marimo_fast f = *g;
	bool paren;
	char *n;

	if (!fmt_marimo_fast_eat(&f, PYTOK_NAME, "return"))
		return false;
	if (fmt_marimo_fast_is(&f, PYTOK_NEWLINE, NULL) ||
	    fmt_marimo_fast_is(&f, PYTOK_COMMENT, NULL))
		return true;
	paren = fmt_marimo_fast_eat(&f, PYTOK_OP, "(");
	for (;;) {
		if (paren)
			fmt_marimo_fast_skip_nl(&f);
		if (paren && fmt_marimo_fast_eat(&f, PYTOK_OP, ")"))
			break;
		if ((n = fmt_marimo_fast_name(&f)) == NULL)
			return false;
		free(n);
		if (paren)
			fmt_marimo_fast_skip_nl(&f);
		if (!fmt_marimo_fast_eat(&f, PYTOK_OP, ",")) {
			if (paren && !fmt_marimo_fast_eat(&f, PYTOK_OP, ")"))
				return false;
			break;
		}
		if (!paren && (fmt_marimo_fast_is(&f, PYTOK_NEWLINE, NULL) ||
		    fmt_marimo_fast_is(&f, PYTOK_COMMENT, NULL)))
			break;
	}
	return fmt_marimo_fast_is(&f, PYTOK_NEWLINE, NULL) ||
	    fmt_marimo_fast_is(&f, PYTOK_COMMENT, NULL);
}

/* "@app.cell" or "@app.cell(...)" lines, then "[async] def name(a, b):"
 * and its body. */
static bool
fmt_marimo_fast_cell(struct fmt_marimo_fast *f, struct fmt_marimo_node *n)
{
	struct fmt_marimo_span s;
	struct fmt_marimo_dec *d;
	const struct pytok *t;
	bool is_return = false;
	char *p;

	while (fmt_marimo_fast_eat(f, PYTOK_OP, "@")) {
		n->decs = xreallocarray(n->decs, n->ndecs + 1, sizeof *n->decs);
		d = &n->decs[n->ndecs++];
		memset(d, 0, sizeof *d);
		t = fmt_marimo_fast_tok(f);
		d->pos.line = t->line;
		d->pos.col = t->col;
		if (!fmt_marimo_fast_eat(f, PYTOK_NAME, "app") ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, ".") ||
		    !fmt_marimo_fast_is(f, PYTOK_NAME, "cell"))
			return false;
		d->app = true;
		d->attr = xstrdup("cell");
		d->end_line = fmt_marimo_fast_tok(f)->end_line;
		f->i++;
		if (fmt_marimo_fast_eat(f, PYTOK_OP, "(")) {
			d->is_call = true;
			if (!fmt_marimo_fast_kwargs(f, &d->kw))
				return false;
			d->end_line = f->tok[f->i - 1].end_line;
		}
		if (!fmt_marimo_fast_eat(f, PYTOK_NEWLINE, NULL))
			return false;
		fmt_marimo_fast_skip_nl(f);
	}
	t = fmt_marimo_fast_tok(f);
	n->at.line = t->line;
	n->at.col = t->col;
	n->type = fmt_marimo_fast_eat(f, PYTOK_NAME, "async") ?
	    FMT_MARIMO_NODE_ASYNCDEF : FMT_MARIMO_NODE_DEF;
	if (!fmt_marimo_fast_eat(f, PYTOK_NAME, "def") ||
	    (n->name = fmt_marimo_fast_name(f)) == NULL ||
	    !fmt_marimo_fast_eat(f, PYTOK_OP, "("))
		return false;
	for (;;) {
		fmt_marimo_fast_skip_nl(f);
		if (fmt_marimo_fast_eat(f, PYTOK_OP, ")"))
			break;
		if ((p = fmt_marimo_fast_name(f)) == NULL)
			return false;
		free(p);
		fmt_marimo_fast_skip_nl(f);
		if (!fmt_marimo_fast_eat(f, PYTOK_OP, ",") &&
		    !fmt_marimo_fast_is(f, PYTOK_OP, ")"))
			return false;
	}
	if (!fmt_marimo_fast_eat(f, PYTOK_OP, ":"))
		return false;
	fmt_marimo_fast_skip_nl(f);	/* a comment after the colon */
	if (!fmt_marimo_fast_eat(f, PYTOK_NEWLINE, NULL))
		return false;
	fmt_marimo_fast_skip_nl(f);
	if (!fmt_marimo_fast_eat(f, PYTOK_INDENT, NULL))
		return false;
	for (;;) {
		fmt_marimo_fast_skip_nl(f);
		if (fmt_marimo_fast_eat(f, PYTOK_DEDENT, NULL))
			break;
		if (fmt_marimo_fast_is(f, PYTOK_NAME, "return") &&
		    !fmt_marimo_fast_return_ok(f))
			return false;
		memset(&s, 0, sizeof s);
		if (!fmt_marimo_fast_stmt(f, &s, &is_return))
			return false;
		if (n->nbody > 0)
			n->prev = n->last;
		else
			n->body0 = s;
		n->last = s;
		n->nbody++;
	}
	n->last_is_return = is_return;
	n->at.end_line = n->last.end_line;
	n->at.end_col = n->last.end_col;
	return n->nbody > 0;
}

/* One top-level statement of the generated form into n. */
static bool
fmt_marimo_fast_top(struct fmt_marimo_fast *f, struct fmt_marimo_node *n)
{
	const struct pytok *t = fmt_marimo_fast_tok(f);
	size_t from = f->i;

	if (t->col != 0 || t->depth != 0)
		return false;
	n->at.line = t->line;
	n->at.col = 0;
	if (fmt_marimo_fast_is(f, PYTOK_OP, "@"))
		return fmt_marimo_fast_cell(f, n);
	if (fmt_marimo_fast_eat(f, PYTOK_NAME, "import")) {
		n->type = FMT_MARIMO_NODE_IMPORT;
		if (!fmt_marimo_fast_is(f, PYTOK_NAME, "marimo"))
			return false;
		n->imp_name = fmt_marimo_fast_name(f);
	} else if (fmt_marimo_fast_is(f, PYTOK_NAME, "__generated_with")) {
		n->type = FMT_MARIMO_NODE_ASSIGN;
		n->target = fmt_marimo_fast_name(f);
		if (!fmt_marimo_fast_eat(f, PYTOK_OP, "=") ||
		    (n->version = fmt_marimo_fast_str(f)) == NULL)
			return false;
	} else if (fmt_marimo_fast_is(f, PYTOK_NAME, "app")) {
		n->type = FMT_MARIMO_NODE_ASSIGN;
		n->target = fmt_marimo_fast_name(f);
		if (!fmt_marimo_fast_eat(f, PYTOK_OP, "=") ||
		    (n->app_alias = fmt_marimo_fast_name(f)) == NULL ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, ".") ||
		    !fmt_marimo_fast_eat(f, PYTOK_NAME, "App") ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, "(") ||
		    !fmt_marimo_fast_kwargs(f, &n->kw))
			return false;
	} else if (fmt_marimo_fast_eat(f, PYTOK_NAME, "if")) {
		/* Exactly: if __name__ == "__main__": app.run() */
		char *main = NULL;

		n->type = FMT_MARIMO_NODE_IF;
		n->run_guard = true;
		if (!fmt_marimo_fast_eat(f, PYTOK_NAME, "__name__") ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, "==") ||
		    (main = fmt_marimo_fast_str(f)) == NULL ||
		    strcmp(main, "__main__") != 0 ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, ":") ||
		    !fmt_marimo_fast_eat(f, PYTOK_NEWLINE, NULL)) {
			free(main);
			return false;
		}
		fmt_marimo_fast_skip_nl(f);
		if (!fmt_marimo_fast_eat(f, PYTOK_INDENT, NULL) ||
		    !fmt_marimo_fast_eat(f, PYTOK_NAME, "app") ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, ".") ||
		    !fmt_marimo_fast_eat(f, PYTOK_NAME, "run") ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, "(") ||
		    !fmt_marimo_fast_eat(f, PYTOK_OP, ")")) {
			free(main);
			return false;
		}
		free(main);
		fmt_marimo_fast_end(f, from, &n->at);
		fmt_marimo_fast_skip_nl(f);
		if (!fmt_marimo_fast_eat(f, PYTOK_NEWLINE, NULL))
			return false;
		fmt_marimo_fast_skip_nl(f);
		return fmt_marimo_fast_eat(f, PYTOK_DEDENT, NULL);
	} else
		return false;
	fmt_marimo_fast_end(f, from, &n->at);
	fmt_marimo_fast_skip_nl(f);
	return fmt_marimo_fast_eat(f, PYTOK_NEWLINE, NULL);
}

/* Is there anything in the text the tokens could read otherwise than
 * CPython does? */
static bool
fmt_marimo_fast_text_ok(const struct fmt_marimo_text *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->s[i];

		/* Tabs and form feeds in indentation, NUL, U+00A0 (which
		 * the analysis reads as a space, CPython does not). */
		if (c == '\t' || c == '\f' || c == '\v' || c == '\0' ||
		    (c == 0xC2 && i + 1 < t->len &&
		    (unsigned char)t->s[i + 1] == 0xA0))
			return false;
	}
	/* An encoding declaration on line 1 or 2. */
	for (i = 0; i < 2 && i < t->nlines; i++) {
		size_t n;
		const char *p = fmt_marimo_line(t, i, &n);
		const char *h = memchr(p, '#', n);

		if (h != NULL && memmem(h, n - (size_t)(h - p), "coding",
		    6) != NULL)
			return false;
	}
	return true;
}

/* The statements of a generated file into ns: 0, or -1 (nothing kept)
 * when the file is not in that form. */
static int
fmt_marimo_fast_nodes(struct fmt_marimo_nodes *ns,
    const struct fmt_marimo_text *t)
{
	struct fmt_marimo_fast f = { t->s, NULL, 0 };
	struct pytok *tok;
	size_t ntok, k;
	bool ok;

	if (!fmt_marimo_fast_text_ok(t))
		return -1;
	tok = pytok_scan(t->s, t->len, &ntok, &ok);
	for (k = 0; ok && k < ntok; k++)
		if (tok[k].type == PYTOK_ERRORTOKEN)
			ok = false;
	f.tok = tok;
	while (ok) {
		fmt_marimo_fast_skip_nl(&f);
		if (fmt_marimo_fast_is(&f, PYTOK_ENDMARKER, NULL))
			break;
		ok = fmt_marimo_fast_top(&f, fmt_marimo_nodes_add(ns));
	}
	free(tok);
	if (!ok) {
		fmt_marimo_nodes_release(ns);
		return -1;
	}
	return 0;
}

/*
 * The reader: marimo's parse_notebook (marimo/_ast/parse.py) over the
 * statements, with cell text cut from the prepared text.
 */

struct fmt_marimo_reader {
	const char *path;
	struct fmt_marimo_text t;
	struct fmt_marimo_nodes ns;
	size_t pos;		/* next statement to hand out */
	struct fmt_marimo_node *last;	/* the statement handed out last */
	struct nb *nb;
	struct ana *ana;	/* may be NULL */
	bool hard, soft;	/* violations seen */
	bool fast;		/* may try the fast path */
	bool used_fast;		/* the statements came from it */
};

static struct fmt_marimo_node *
fmt_marimo_next(struct fmt_marimo_reader *r)
{
	r->last = r->pos < r->ns.n ? &r->ns.v[r->pos++] : NULL;
	return r->last;
}

static struct fmt_marimo_node *
fmt_marimo_peek(struct fmt_marimo_reader *r)
{
	return r->pos < r->ns.n ? &r->ns.v[r->pos] : NULL;
}

/* A violation at a 1-based line of the prepared text (0: unknown). */
static void
fmt_marimo_violation(struct fmt_marimo_reader *r, bool hard, size_t line,
    size_t col, const char *msg)
{
	if (hard)
		r->hard = true;
	else
		r->soft = true;
	nb_diag_add(r->nb, hard ? NB_DIAG_ERROR : NB_DIAG_WARNING,
	    line > 0 ? line + r->t.lead : 0, line > 0 ? col + 1 : 0, "%s",
	    msg);
}

/* A remark that changes nothing about the load status. */
static void fmt_marimo_warn(struct fmt_marimo_reader *, size_t, size_t,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
fmt_marimo_warn(struct fmt_marimo_reader *r, size_t line, size_t col,
    const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	nb_diag_add(r->nb, NB_DIAG_WARNING, line > 0 ? line + r->t.lead : 0,
	    line > 0 ? col + 1 : 0, "%s", msg.ptr);
	buf_release(&msg);
}

static void
fmt_marimo_kwargs_violations(struct fmt_marimo_reader *r,
    const struct fmt_marimo_kwargs *k)
{
	size_t i;

	for (i = 0; i < k->nbad; i++)
		fmt_marimo_violation(r, true, k->bad[i].line, k->bad[i].col,
		    FMT_MARIMO_V_KWARG);
}

static bool
fmt_marimo_is_cell_attr(const char *attr)
{
	return attr != NULL && (strcmp(attr, "cell") == 0 ||
	    strcmp(attr, "function") == 0 ||
	    strcmp(attr, "class_definition") == 0);
}

/* marimo's get_valid_decorator: the first @X.cell/function/
 * class_definition, called or not; -1 if none. */
static ssize_t
fmt_marimo_valid_dec(const struct fmt_marimo_node *n)
{
	size_t i;

	for (i = 0; i < n->ndecs; i++)
		if (fmt_marimo_is_cell_attr(n->decs[i].attr))
			return (ssize_t)i;
	return -1;
}

static bool
fmt_marimo_is_defnode(const struct fmt_marimo_node *n)
{
	return n->type == FMT_MARIMO_NODE_DEF ||
	    n->type == FMT_MARIMO_NODE_ASYNCDEF ||
	    n->type == FMT_MARIMO_NODE_CLASS;
}

static bool
fmt_marimo_is_body_cell(const struct fmt_marimo_node *n)
{
	ssize_t d;

	if (n == NULL)
		return false;
	if (n->type == FMT_MARIMO_NODE_EXPR && n->unparsable)
		return true;
	return fmt_marimo_is_defnode(n) && (d = fmt_marimo_valid_dec(n)) >= 0 &&
	    n->decs[d].app;
}

static bool
fmt_marimo_is_setup(const struct fmt_marimo_node *n)
{
	return n != NULL && (n->type == FMT_MARIMO_NODE_WITH ||
	    n->type == FMT_MARIMO_NODE_ASYNCWITH) && n->nitems == 1 && n->setup;
}

static bool
fmt_marimo_is_guard(const struct fmt_marimo_node *n)
{
	return n != NULL && n->type == FMT_MARIMO_NODE_IF && n->run_guard;
}

/*
 * The 1-based line of the ":" that ends the def/with header at n, found
 * with tokens so that colons inside brackets, strings and comments do
 * not count.
 */
static size_t
fmt_marimo_header_colon(const struct fmt_marimo_reader *r,
    const struct fmt_marimo_node *n)
{
	const struct fmt_marimo_text *t = &r->t;
	struct pytok *tok;
	size_t ntok, i, a, b, line = n->at.line;

	if (n->at.line == 0 || n->at.line > t->nlines || n->nbody == 0)
		return n->at.line;
	a = t->line[n->at.line - 1];
	b = n->body0.line < t->nlines ? t->line[n->body0.line] - 1 : t->len;
	if (b < a)
		return n->at.line;
	tok = pytok_scan(t->s + a, b - a, &ntok, NULL);
	for (i = 0; i < ntok; i++) {
		if (tok[i].type == PYTOK_OP && tok[i].len == 1 &&
		    t->s[a + tok[i].off] == ':' && tok[i].depth == 0) {
			line = n->at.line + tok[i].line - 1;
			break;
		}
	}
	free(tok);
	return line;
}

/*
 * Append to code the lines after a statement that still belong to its
 * body (blank, or starting with the body's indentation: trailing
 * comments), right-stripped, after a "\n". from is the 0-based index of
 * the first line after the statement.
 */
static void
fmt_marimo_trailing_lines(struct buf *code, const struct fmt_marimo_reader *r,
    size_t from, const char *indent, size_t ilen)
{
	const struct fmt_marimo_text *t = &r->t;
	const char *p;
	size_t i, n, start, end;

	for (i = from; i < t->nlines; i++) {
		p = fmt_marimo_line(t, i, &n);
		if (fmt_marimo_is_blank(p, n) || (n >= ilen && memcmp(p, indent,
		    ilen) == 0))
			continue;
		break;
	}
	if (i <= from)
		return;
	start = t->line[from];
	end = t->line[i] - 1;
	n = fmt_marimo_rstrip_len(t->s + start, end - start);
	if (n == 0)
		return;
	buf_addc(code, '\n');
	buf_add(code, t->s + start, n);
}

/* The leading whitespace of 1-based line l. */
static const char *
fmt_marimo_line_indent(const struct fmt_marimo_reader *r, size_t l,
    size_t *ilen)
{
	const char *p;
	size_t n;

	if (l == 0 || l > r->t.nlines) {
		*ilen = 0;
		return "";
	}
	p = fmt_marimo_line(&r->t, l - 1, &n);
	*ilen = fmt_marimo_lspace(p, n);
	return p;
}

/*
 * The code of an @app.cell function (spec 3.3): from after the header's
 * colon to before the final return, or to the end with trailing comment
 * lines when there is none. *line is the 1-based first line.
 */
static void
fmt_marimo_cell_body(struct buf *out, struct fmt_marimo_reader *r,
    const struct fmt_marimo_node *n, size_t *line)
{
	struct buf code = BUF_INIT;
	size_t colon, sl, sc, el, ec, ilen;
	const char *ind;

	colon = fmt_marimo_header_colon(r, n);
	if (n->body0.line == colon) {
		sl = colon;
		sc = n->body0.col;
	} else {
		sl = colon + 1;
		sc = 0;
	}
	*line = sl;
	if (n->last_is_return) {
		if (n->nbody > 1) {
			if (n->last.line == n->prev.end_line) {
				el = n->last.line;
				ec = n->last.col;
			} else {
				el = n->last.line - 1;
				ec = SIZE_MAX;
			}
		} else if (sl == n->body0.line)
			return;	/* just "return": an empty cell */
		else {
			el = n->last.line - 1;
			ec = SIZE_MAX;
		}
	} else {
		el = n->at.end_line;
		ec = n->at.end_col;
	}
	if (sl == 0 || el == 0)
		return;
	fmt_marimo_extract(&code, &r->t, sl - 1, sc, el - 1, ec);
	if (!n->last_is_return && n->at.line != n->last.line) {
		ind = fmt_marimo_line_indent(r, n->body0.line, &ilen);
		if (ilen > 0)
			fmt_marimo_trailing_lines(&code, r, n->at.end_line, ind,
			    ilen);
	}
	fmt_fixed_dedent(out, code.ptr, code.len);
	buf_release(&code);
}

/*
 * The code of an @app.function/@app.class_definition (from the line after
 * the marimo decorator d) or of the setup block (d < 0: the body of the
 * with), with trailing comment lines (spec 3.4).
 */
static void
fmt_marimo_stmt_body(struct buf *out, struct fmt_marimo_reader *r,
    const struct fmt_marimo_node *n, ssize_t d, size_t *line)
{
	struct buf code = BUF_INIT;
	size_t sl, sc, colon, ilen;
	const char *ind;

	if (d >= 0) {
		sl = n->decs[d].end_line;	/* 0-based: the next line */
		sc = n->decs[d].pos.col > 0 ? n->decs[d].pos.col - 1 : 0;
	} else {
		colon = fmt_marimo_header_colon(r, n);
		if (n->nbody > 0 && n->body0.line == colon) {
			sl = colon - 1;
			sc = n->body0.col;
		} else {
			sl = colon;
			sc = 0;
		}
	}
	*line = sl + 1;
	if (n->at.end_line == 0) {
		buf_release(&code);
		return;
	}
	fmt_marimo_extract(&code, &r->t, sl, sc, n->at.end_line - 1,
	    n->at.end_col);
	if (n->nbody > 0) {
		ind = fmt_marimo_line_indent(r, n->body0.line, &ilen);
		if (ilen > 0)
			fmt_marimo_trailing_lines(&code, r, n->at.end_line, ind,
			    ilen);
	}
	fmt_fixed_dedent(out, code.ptr, code.len);
	buf_release(&code);
}

/* Read config keywords into cfg; *name gets a name= string if wanted. */
static void
fmt_marimo_read_config(struct fmt_marimo_reader *r,
    const struct fmt_marimo_kwargs *k, struct nb_cell_config *cfg, char **name)
{
	const struct fmt_marimo_kw *kw;
	size_t i;

	fmt_marimo_kwargs_violations(r, k);
	for (i = 0; i < k->n; i++) {
		kw = &k->v[i];
		if (strcmp(kw->arg, "column") == 0) {
			if (kw->type == FMT_MARIMO_VAL_NONE)
				cfg->column = NB_COLUMN_NONE;
			else if (kw->type == FMT_MARIMO_VAL_INT && kw->i >= 0 &&
			    kw->i <= INT_MAX)
				cfg->column = (int)kw->i;
			else
				fmt_marimo_warn(r, kw->pos.line, kw->pos.col,
				    "cell option %s: not a column number",
				    kw->arg);
		} else if (strcmp(kw->arg, "disabled") == 0 ||
		    strcmp(kw->arg, "hide_code") == 0 ||
		    strcmp(kw->arg, "expand_output") == 0) {
			bool v;

			if (kw->type == FMT_MARIMO_VAL_BOOL)
				v = kw->b;
			else if (kw->type == FMT_MARIMO_VAL_INT)
				v = kw->i != 0;
			else if (kw->type == FMT_MARIMO_VAL_NONE)
				v = false;
			else {
				fmt_marimo_warn(r, kw->pos.line, kw->pos.col,
				    "cell option %s: not True or False",
				    kw->arg);
				continue;
			}
			if (kw->arg[0] == 'd')
				cfg->disabled = v;
			else if (kw->arg[0] == 'h')
				cfg->hide_code = v;
			else
				cfg->expand_output = v;
		} else if (name != NULL && strcmp(kw->arg, "name") == 0) {
			if (kw->type == FMT_MARIMO_VAL_STR) {
				free(*name);
				*name = xstrdup(kw->s);
			}
		} else
			fmt_marimo_warn(r, kw->pos.line, kw->pos.col,
			    "unknown cell option %s ignored", kw->arg);
	}
}

static struct nb_cell *
fmt_marimo_add_cell(struct fmt_marimo_reader *r, const struct buf *code,
    const char *name, enum nb_cell_kind kind, struct nb_cell_config cfg,
    size_t line)
{
	struct nb_cell *c;

	c = nb_cell_insert(r->nb, nb_ncells(r->nb), code->ptr, code->len);
	nb_cell_set_name(c, name);
	nb_cell_set_kind(c, kind);
	nb_cell_set_config(c, cfg);
	nb_cell_set_line(c, line > 0 ? line + r->t.lead : 0);
	return c;
}

/* marimo's Extractor.to_cell: one body cell. */
static int
fmt_marimo_read_cell(struct fmt_marimo_reader *r,
    const struct fmt_marimo_node *n)
{
	struct nb_cell_config cfg = nb_cell_config_default;
	struct buf code = BUF_INIT;
	struct nb_cell *c;
	const struct fmt_marimo_dec *dec;
	char *name = NULL;
	size_t line = 0, s, k;
	ssize_t d;

	if (n->type == FMT_MARIMO_NODE_EXPR) {
		fmt_marimo_read_config(r, &n->kw, &cfg, &name);
		if (!n->unp_str) {
			fmt_marimo_violation(r, true, n->at.line, n->at.col,
			    "Expected string constant in unparsable cell");
			line = n->at.line;
		} else {
			struct buf ded = BUF_INIT;

			fmt_fixed_dedent(&ded, n->unp_code, n->unp_len);
			k = fmt_marimo_strip(ded.ptr, ded.len, &s);
			buf_add(&code, ded.ptr + s, k);
			buf_release(&ded);
			line = n->scanner ? n->at.line : n->unp_pos.line +
			    (n->unp_len > 0 && n->unp_code[0] == '\n');
		}
		if (n->scanner)
			fmt_marimo_violation(r, true, n->at.line, 0,
			    FMT_MARIMO_V_SCANNER);
		fmt_marimo_add_cell(r, &code, name, NB_CELL_UNPARSABLE, cfg,
		    line);
		free(name);
		buf_release(&code);
		return 0;
	}
	d = fmt_marimo_valid_dec(n);
	dec = &n->decs[d];
	fmt_marimo_read_config(r, &dec->kw, &cfg, NULL);
	if (strcmp(dec->attr, "cell") == 0) {
		if (n->type == FMT_MARIMO_NODE_CLASS) {
			err_set("%s:%zu:%zu: @app.cell cannot decorate a class",
			    r->path, n->at.line + r->t.lead, n->at.col + 1);
			return -1;
		}
		if (n->ndecs > 1)
			fmt_marimo_violation(r, true, dec->pos.line,
			    dec->pos.col, FMT_MARIMO_V_DECORATORS);
		fmt_marimo_cell_body(&code, r, n, &line);
		fmt_marimo_add_cell(r, &code, n->name, NB_CELL_CODE, cfg, line);
	} else {
		fmt_marimo_stmt_body(&code, r, n, d, &line);
		c = fmt_marimo_add_cell(r, &code, n->name, dec->attr[0] == 'f' ?
		    NB_CELL_FUNCTION : NB_CELL_CLASS, cfg, line);
		/*
		 * marimo registers a cell whose code does not compile under
		 * its plain name: only a compiling one has a derived name,
		 * which reverts to "_" should the cell be demoted.
		 */
		if (r->ana != NULL) {
			const struct ana_cell *a = ana_cell(r->ana, code.ptr,
			    code.len);

			if (a == NULL) {
				buf_release(&code);
				return -1;
			}
			nb_cell_set_name_derived(c, a->parses &&
			    !a->import_star);
		} else
			nb_cell_set_name_derived(c, true);
	}
	buf_release(&code);
	return 0;
}

static int
fmt_marimo_read_setup(struct fmt_marimo_reader *r,
    const struct fmt_marimo_node *n)
{
	struct nb_cell_config cfg = nb_cell_config_default;
	struct buf code = BUF_INIT;
	size_t line;

	fmt_marimo_read_config(r, &n->setup_kw, &cfg, NULL);
	fmt_marimo_stmt_body(&code, r, n, -1, &line);
	if (code.len >= 5 && memcmp(code.ptr + code.len - 5, "\npass", 5) == 0)
		buf_truncate(&code, code.len - 5);
	fmt_marimo_add_cell(r, &code, "setup", NB_CELL_SETUP, cfg, line);
	buf_release(&code);
	return 0;
}

static void
fmt_marimo_read_app(struct fmt_marimo_reader *r,
    const struct fmt_marimo_node *n)
{
	struct nb_app_options *o = nb_app_options(r->nb);
	static const char *const strkeys[] = { "width", "app_title",
	    "layout_file", "css_file", "html_head_file", "sql_output" };
	char **slots[6];
	const struct fmt_marimo_kw *kw;
	size_t i, j;

	slots[0] = &o->width;
	slots[1] = &o->app_title;
	slots[2] = &o->layout_file;
	slots[3] = &o->css_file;
	slots[4] = &o->html_head_file;
	slots[5] = &o->sql_output;
	fmt_marimo_kwargs_violations(r, &n->kw);
	for (i = 0; i < n->kw.n; i++) {
		kw = &n->kw.v[i];
		for (j = 0; j < 6; j++)
			if (strcmp(kw->arg, strkeys[j]) == 0)
				break;
		if (j < 6) {
			if (kw->type == FMT_MARIMO_VAL_STR) {
				free(*slots[j]);
				*slots[j] = xstrdup(kw->s);
			} else if (kw->type == FMT_MARIMO_VAL_NONE && j >= 1 &&
			    j <= 4) {
				free(*slots[j]);
				*slots[j] = NULL;
			} else
				fmt_marimo_warn(r, kw->pos.line, kw->pos.col,
				    "App option %s: not a string, ignored",
				    kw->arg);
		} else if (strcmp(kw->arg, "auto_download") == 0) {
			if (kw->type != FMT_MARIMO_VAL_LIST ||
			    kw->nonstr_item) {
				fmt_marimo_warn(r, kw->pos.line, kw->pos.col,
				    "App option %s: not a list of strings, "
				    "ignored", kw->arg);
				continue;
			}
			for (j = 0; j < o->nauto_download; j++)
				free(o->auto_download[j]);
			free(o->auto_download);
			o->auto_download = NULL;
			o->nauto_download = kw->nitems;
			if (kw->nitems > 0)
				o->auto_download = xcalloc(kw->nitems,
				    sizeof *o->auto_download);
			for (j = 0; j < kw->nitems; j++)
				o->auto_download[j] = xstrdup(kw->items[j]);
		} else if (strcmp(kw->arg, "_filename") != 0)
			fmt_marimo_warn(r, kw->pos.line, kw->pos.col,
			    "unknown App option %s dropped", kw->arg);
	}
}

/*
 * The recovery scanner (spec 3.5, marimo/_ast/scanner.py): when the file
 * is not valid Python, cut it at column-0 cell boundaries found with the
 * tokenizer, parse each piece on its own, and keep a piece that fails as
 * an unparsable cell holding its body.
 */

enum fmt_marimo_bkind {
	FMT_MARIMO_B_CELL,
	FMT_MARIMO_B_FUNCTION,
	FMT_MARIMO_B_CLASS,
	FMT_MARIMO_B_SETUP,
	FMT_MARIMO_B_UNPARSABLE
};

struct fmt_marimo_bound {
	size_t start;		/* 1-based line */
	enum fmt_marimo_bkind kind;
	size_t seq;		/* order found, for a stable sort */
};

enum fmt_marimo_dstate {
	FMT_MARIMO_D_IDLE,
	FMT_MARIMO_D_AT,
	FMT_MARIMO_D_AT_APP,
	FMT_MARIMO_D_AT_APP_DOT,
	FMT_MARIMO_D_AT_KIND,
	FMT_MARIMO_D_AT_ARGS,
	FMT_MARIMO_D_WITH,
	FMT_MARIMO_D_WITH_APP,
	FMT_MARIMO_D_WITH_APP_DOT,
	FMT_MARIMO_D_WITH_SETUP,
	FMT_MARIMO_D_APP,
	FMT_MARIMO_D_APP_DOT,
	FMT_MARIMO_D_APP_UNPARSABLE,
	FMT_MARIMO_D_IF,
	FMT_MARIMO_D_IF_NAME
};

struct fmt_marimo_detector {
	enum fmt_marimo_dstate state;
	size_t start;
	enum fmt_marimo_bkind kind;
	int depth;
	struct fmt_marimo_bound *b;
	size_t nb, alloc;
	size_t guard;		/* 1-based line of the last "if __name__ ==" */
};

static void
fmt_marimo_det_found(struct fmt_marimo_detector *d)
{
	if (d->nb == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->b = xreallocarray(d->b, d->alloc, sizeof *d->b);
	}
	d->b[d->nb].start = d->start;
	d->b[d->nb].kind = d->kind;
	d->b[d->nb].seq = d->nb;
	d->nb++;
	d->state = FMT_MARIMO_D_IDLE;
}

/* Feed one token (text is the chunk the token indexes). */
static void
fmt_marimo_det_feed(struct fmt_marimo_detector *d, const struct pytok *tok,
    const char *text)
{
	const char *s = text + tok->off;
	size_t n = tok->len;
	bool name = tok->type == PYTOK_NAME, op = tok->type == PYTOK_OP;

	switch (d->state) {
	case FMT_MARIMO_D_IDLE:
		if (tok->col != 0)
			return;
		d->start = tok->line;
		if (op && fmt_marimo_eq(s, n, "@"))
			d->state = FMT_MARIMO_D_AT;
		else if (name && fmt_marimo_eq(s, n, "with"))
			d->state = FMT_MARIMO_D_WITH;
		else if (name && fmt_marimo_eq(s, n, "app"))
			d->state = FMT_MARIMO_D_APP;
		else if (name && fmt_marimo_eq(s, n, "if"))
			d->state = FMT_MARIMO_D_IF;
		return;
	case FMT_MARIMO_D_AT:
		d->state = name && fmt_marimo_eq(s, n, "app") ?
		    FMT_MARIMO_D_AT_APP : FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_AT_APP:
		d->state = op && fmt_marimo_eq(s, n, ".") ?
		    FMT_MARIMO_D_AT_APP_DOT : FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_AT_APP_DOT:
		d->state = FMT_MARIMO_D_IDLE;
		if (!name)
			return;
		if (fmt_marimo_eq(s, n, "cell"))
			d->kind = FMT_MARIMO_B_CELL;
		else if (fmt_marimo_eq(s, n, "function"))
			d->kind = FMT_MARIMO_B_FUNCTION;
		else if (fmt_marimo_eq(s, n, "class_definition"))
			d->kind = FMT_MARIMO_B_CLASS;
		else
			return;
		d->state = FMT_MARIMO_D_AT_KIND;
		return;
	case FMT_MARIMO_D_AT_KIND:
		if (op && fmt_marimo_eq(s, n, "(")) {
			d->depth = 1;
			d->state = FMT_MARIMO_D_AT_ARGS;
		} else if (tok->type == PYTOK_NEWLINE ||
		    tok->type == PYTOK_NL || tok->type == PYTOK_COMMENT)
			fmt_marimo_det_found(d);
		else
			d->state = FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_AT_ARGS:
		if (op && fmt_marimo_eq(s, n, "("))
			d->depth++;
		else if (op && fmt_marimo_eq(s, n, ")") && --d->depth == 0)
			fmt_marimo_det_found(d);
		return;
	case FMT_MARIMO_D_WITH:
		d->state = name && fmt_marimo_eq(s, n, "app") ?
		    FMT_MARIMO_D_WITH_APP : FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_WITH_APP:
		d->state = op && fmt_marimo_eq(s, n, ".") ?
		    FMT_MARIMO_D_WITH_APP_DOT : FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_WITH_APP_DOT:
		d->state = name && fmt_marimo_eq(s, n, "setup") ?
		    FMT_MARIMO_D_WITH_SETUP : FMT_MARIMO_D_IDLE;
		d->kind = FMT_MARIMO_B_SETUP;
		return;
	case FMT_MARIMO_D_WITH_SETUP:
		if (op && fmt_marimo_eq(s, n, ":"))
			fmt_marimo_det_found(d);
		else if (tok->type == PYTOK_NEWLINE || tok->type == PYTOK_NL)
			d->state = FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_APP:
		d->state = op && fmt_marimo_eq(s, n, ".") ?
		    FMT_MARIMO_D_APP_DOT : FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_APP_DOT:
		d->state = name && fmt_marimo_eq(s, n, "_unparsable_cell") ?
		    FMT_MARIMO_D_APP_UNPARSABLE : FMT_MARIMO_D_IDLE;
		d->kind = FMT_MARIMO_B_UNPARSABLE;
		return;
	case FMT_MARIMO_D_APP_UNPARSABLE:
		if (op && fmt_marimo_eq(s, n, "("))
			fmt_marimo_det_found(d);
		else
			d->state = FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_IF:
		d->state = name && fmt_marimo_eq(s, n, "__name__") ?
		    FMT_MARIMO_D_IF_NAME : FMT_MARIMO_D_IDLE;
		return;
	case FMT_MARIMO_D_IF_NAME:
		if (op && fmt_marimo_eq(s, n, "=="))
			d->guard = d->start;
		d->state = FMT_MARIMO_D_IDLE;
		return;
	}
}

/*
 * Where Python's tokenize would stop on this text and raise in a way the
 * scanner recovers from: the index of the first token it would not
 * produce (*cut) and the 1-based line of the error (*eline), for an
 * unterminated multi-line string or an inconsistent dedent. Returns
 * false (and *cut = n) when it would not, or when it would only at the
 * very end (nothing to restart from).
 */
static bool
fmt_marimo_tok_cut(const char *text, size_t len, const struct pytok *t,
    size_t n, size_t *cut, size_t *eline)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (t[i].type == PYTOK_ERRORTOKEN && t[i].len > 1 &&
		    t[i].off + t[i].len >= len) {
			*cut = i;
			*eline = t[i].line;
			return true;
		}
		if (t[i].type == PYTOK_DEDENT) {
			for (j = i; j < n && t[j].type == PYTOK_DEDENT; j++)
				;
			if (j < n && t[j].type == PYTOK_INDENT &&
			    t[j].line == t[i].line) {
				*cut = i;
				*eline = t[i].line;
				return true;
			}
			i = j - 1;
		}
	}
	*cut = n;
	return false;
}

/* Does the line start like a boundary (scanner.py _BOUNDARY_LINE_RE)? */
static bool
fmt_marimo_boundary_line(const char *p, size_t n)
{
	size_t i, k;

	if (fmt_marimo_starts(p, n, "@app.") ||
	    fmt_marimo_starts(p, n, "app._unparsable_cell"))
		return true;
	if (fmt_marimo_starts(p, n, "with")) {
		i = 4;
		if ((k = fmt_py_space(p + i, n - i)) == 0)
			return false;
		i += fmt_marimo_lspace(p + i, n - i);
		return fmt_marimo_starts(p + i, n - i, "app.");
	}
	if (fmt_marimo_starts(p, n, "if")) {
		i = 2;
		if (i >= n || (k = fmt_py_space(p + i, n - i)) == 0)
			return false;
		i += fmt_marimo_lspace(p + i, n - i);
		if (!fmt_marimo_starts(p + i, n - i, "__name__"))
			return false;
		i += 8;
		i += fmt_marimo_lspace(p + i, n - i);
		return fmt_marimo_starts(p + i, n - i, "==");
	}
	return false;
}

/*
 * Tokenize from 0-based line off to the end and feed the detector with
 * what tokenize would produce; stop after the first boundary when
 * probe. Returns true when tokenize would raise (with *eline, 1-based
 * within the chunk).
 */
static bool
fmt_marimo_scan_chunk(const struct fmt_marimo_text *t, size_t off,
    struct fmt_marimo_detector *d, bool probe, size_t *eline)
{
	const char *chunk = t->s + t->line[off];
	size_t len = t->len - t->line[off], n, cut, i, nb0 = d->nb;
	struct pytok *tok;
	bool raised;

	tok = pytok_scan(chunk, len, &n, NULL);
	raised = fmt_marimo_tok_cut(chunk, len, tok, n, &cut, eline);
	for (i = 0; i < cut; i++) {
		fmt_marimo_det_feed(d, &tok[i], chunk);
		if (probe && (d->nb > nb0 || d->guard != 0))
			break;
	}
	free(tok);
	return raised;
}

static int
fmt_marimo_bound_cmp(const void *a, const void *b)
{
	const struct fmt_marimo_bound *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Is this a Python \w byte (ASCII word character, or any non-ASCII)? */
static bool
fmt_marimo_word(unsigned char c)
{
	return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* scanner.py _extract_name_from_cell over 0-based lines [a, b). */
static char *
fmt_marimo_scan_name(const struct fmt_marimo_text *t,
    enum fmt_marimo_bkind kind, size_t a, size_t b)
{
	const char *p;
	size_t i, j, k, n, s;

	if (kind == FMT_MARIMO_B_SETUP)
		return NULL;
	if (kind == FMT_MARIMO_B_UNPARSABLE) {
		/* name\s*=\s*["'](\w+)["'] anywhere on a line */
		for (i = a; i < b && i < t->nlines; i++) {
			p = fmt_marimo_line(t, i, &n);
			for (j = 0; j + 4 <= n; j++) {
				if (memcmp(p + j, "name", 4) != 0)
					continue;
				k = j + 4;
				k += fmt_marimo_lspace(p + k, n - k);
				if (k >= n || p[k] != '=')
					continue;
				k++;
				k += fmt_marimo_lspace(p + k, n - k);
				if (k >= n || (p[k] != '"' && p[k] != '\''))
					continue;
				s = ++k;
				while (k < n &&
				    fmt_marimo_word((unsigned char)p[k]))
					k++;
				if (k > s && k < n && (p[k] == '"' ||
				    p[k] == '\''))
					return xstrndup(p + s, k - s);
			}
		}
		return NULL;
	}
	/* ^\s*(?:async\s+)?(?:def|class)\s+(\w+) after the decorator */
	for (i = a + 1; i < b && i < t->nlines; i++) {
		p = fmt_marimo_line(t, i, &n);
		k = fmt_marimo_lspace(p, n);
		if (fmt_marimo_starts(p + k, n - k, "async") && k + 5 < n &&
		    fmt_py_space(p + k + 5, n - k - 5) > 0) {
			k += 5;
			k += fmt_marimo_lspace(p + k, n - k);
		}
		if (fmt_marimo_starts(p + k, n - k, "def"))
			k += 3;
		else if (fmt_marimo_starts(p + k, n - k, "class"))
			k += 5;
		else
			continue;
		if (k >= n || fmt_py_space(p + k, n - k) == 0)
			continue;
		k += fmt_marimo_lspace(p + k, n - k);
		s = k;
		while (k < n && fmt_marimo_word((unsigned char)p[k]))
			k++;
		if (k > s)
			return xstrndup(p + s, k - s);
	}
	return NULL;
}

/*
 * scanner.py _extract_body_code: skip decorators and the header up to its
 * top-level colon (a character scan that knows quotes), drop a final
 * return at the body's indentation, fixed_dedent, strip. src is the
 * piece, "\n" line breaks.
 */
static void
fmt_marimo_scan_body(struct buf *out, const char *src, size_t len,
    enum fmt_marimo_bkind kind)
{
	struct buf ded = BUF_INIT;
	size_t *ls = NULL, nl = 0, i, j, start = 0, body, last, n, k, s;
	size_t bi_len = 0, li_len;
	const char *bi = "", *p;
	int depth = 0;
	bool found = false;
	char q;

	if (kind == FMT_MARIMO_B_UNPARSABLE) {
		buf_add(out, src, len);
		return;
	}
	/* Line starts; ls[nl] = len. */
	ls = xreallocarray(NULL, len + 2, sizeof *ls);
	for (i = 0; i <= len; i++)
		if (i == 0 || src[i - 1] == '\n')
			if (i < len || i == 0)
				ls[nl++] = i;
	ls[nl] = len;
#define FMT_MARIMO_LINE_LEN(x) (ls[(x) + 1] - ls[x])
	i = 0;
	if (kind != FMT_MARIMO_B_SETUP)
		while (i < nl) {
			p = src + ls[i];
			n = FMT_MARIMO_LINE_LEN(i);
			k = fmt_marimo_strip(p, n, &s);
			if (k == 0 || p[s] == '@')
				i++;
			else
				break;
		}
	for (; i < nl && !found; i++) {
		p = src + ls[i];
		n = FMT_MARIMO_LINE_LEN(i);
		for (j = 0; j < n; j++) {
			char ch = p[j];

			if (ch == '"' || ch == '\'') {
				q = ch;
				j++;
				if (j + 1 < n && p[j] == q && p[j + 1] == q) {
					const char *e;

					j += 2;
					e = NULL;
					for (k = j; k + 3 <= n; k++)
						if (p[k] == q &&
						    p[k + 1] == q &&
						    p[k + 2] == q) {
							e = p + k;
							break;
						}
					j = e != NULL ? (size_t)(e - p) + 3 : n;
					j--;
					continue;
				}
				while (j < n && p[j] != q) {
					if (p[j] == '\\')
						j++;
					j++;
				}
				continue;
			}
			if (ch == '#')
				break;
			if (ch == '(' || ch == '[' || ch == '{')
				depth++;
			else if (ch == ')' || ch == ']' || ch == '}')
				depth--;
			else if (ch == ':' && depth == 0) {
				start = i + 1;
				found = true;
				break;
			}
		}
	}
	body = found ? start : 0;
	if (body >= nl)
		goto done;
	/* The body's indentation: that of its first non-blank line. */
	for (i = body; i < nl; i++) {
		p = src + ls[i];
		n = FMT_MARIMO_LINE_LEN(i);
		if (!fmt_marimo_is_blank(p, n)) {
			bi = p;
			bi_len = fmt_marimo_lspace(p, n);
			break;
		}
	}
	last = nl;
	for (i = nl; i > body; i--) {
		p = src + ls[i - 1];
		n = FMT_MARIMO_LINE_LEN(i - 1);
		if (fmt_marimo_is_blank(p, n))
			continue;
		li_len = fmt_marimo_lspace(p, n);
		k = fmt_marimo_strip(p, n, &s);
		if (li_len == bi_len && memcmp(p, bi, bi_len) == 0 &&
		    (fmt_marimo_eq(p + s, k, "return") ||
		    fmt_marimo_starts(p + s, k, "return ") ||
		    fmt_marimo_starts(p + s, k, "return\t") ||
		    fmt_marimo_starts(p + s, k, "return(")))
			last = i - 1;
		break;
	}
	fmt_fixed_dedent(&ded, src + ls[body], ls[last] - ls[body]);
	k = fmt_marimo_strip(ded.ptr, ded.len, &s);
	buf_add(out, ded.ptr + s, k);
done:
#undef FMT_MARIMO_LINE_LEN
	buf_release(&ded);
	free(ls);
}

static bool
fmt_marimo_has_markers(const char *s, size_t len)
{
	static const char *const marks[] = { "@app.cell", "@app.function",
	    "@app.class_definition", "with app.setup", "app._unparsable_cell" };
	size_t i;

	for (i = 0; i < sizeof marks / sizeof *marks; i++)
		if (memmem(s, len, marks[i], strlen(marks[i])) != NULL)
			return true;
	return false;
}

/*
 * scan_parse_fallback: fill r->ns from the pieces. Returns 0, -1 when
 * the text before the first cell does not parse (fatal, as in marimo),
 * and 1 when there is nothing the scanner recognises.
 */
static int
fmt_marimo_scan(struct fmt_marimo_reader *r)
{
	struct fmt_marimo_text *t = &r->t;
	struct fmt_marimo_detector d = { 0 };
	struct fmt_marimo_detector probe;
	struct buf piece = BUF_INIT, msg = BUF_INIT;
	struct fmt_marimo_pos epos;
	struct fmt_marimo_node *n;
	size_t off = 0, eline, cand, work = 0, guard = 0, i, j, a, b, s;
	size_t budget =
	    t->len * FMT_MARIMO_SCAN_WORK_FACTOR + FMT_MARIMO_SCAN_WORK_SLACK;
	size_t next, pstart, pend, nb0;
	bool raised, found;
	int error = -1;

	if (!fmt_marimo_has_markers(t->s, t->len))
		return 1;
	while (off < t->nlines) {
		nb0 = d.nb;
		d.state = FMT_MARIMO_D_IDLE;
		d.guard = 0;
		raised = fmt_marimo_scan_chunk(t, off, &d, false, &eline);
		work += t->len - t->line[off];
		if (d.guard != 0 && guard == 0)
			guard = d.guard + off;
		for (i = nb0; i < d.nb; i++)
			d.b[i].start += off;
		if (!raised || work > budget)
			break;
		found = false;
		for (cand = eline + off; cand < t->nlines; cand++) {
			const char *p;
			size_t pn, e2;

			p = fmt_marimo_line(t, cand, &pn);
			if (!fmt_marimo_boundary_line(p, pn))
				continue;
			memset(&probe, 0, sizeof probe);
			(void)fmt_marimo_scan_chunk(t, cand, &probe, true, &e2);
			work += t->len - t->line[cand];
			found = probe.nb > 0 || probe.guard != 0;
			free(probe.b);
			if (found || work > budget)
				break;
		}
		if (!found)
			break;
		off = cand;
	}
	for (i = 0; i < d.nb; i++)
		d.b[i].seq = i;
	if (d.nb > 1)
		qsort(d.b, d.nb, sizeof *d.b, fmt_marimo_bound_cmp);

	/* Stacked decorators above @app.<kind> belong to the cell. */
	for (i = 0; i < d.nb; i++) {
		if (d.b[i].kind > FMT_MARIMO_B_CLASS)
			continue;
		for (j = d.b[i].start - 1; j > 0; j--) {
			const char *p;
			size_t pn, k;

			p = fmt_marimo_line(t, j - 1, &pn);
			k = fmt_marimo_strip(p, pn, &s);
			if (k > 0 && p[s] == '@')
				d.b[i].start = j;
			else if (k > 0)
				break;
		}
	}

	/* The preamble, which must parse. */
	pend = d.nb > 0 ? t->line[d.b[0].start - 1] : t->len;
	buf_add(&piece, t->s, pend);
	a = fmt_marimo_strip(piece.ptr, piece.len, &s);
	if (a > 0 &&
	    fmt_marimo_py_parse(&r->ns, piece.ptr, piece.len, r->path, 0, &epos,
	    &msg) < 0) {
		err_set("%s:%zu:%zu: %s", r->path, epos.line + t->lead,
		    epos.col + 1, msg.ptr);
		goto done;
	}
	for (i = 0; i < d.nb; i++) {
		if (i + 1 < d.nb)
			next = d.b[i + 1].start;
		else if (guard != 0)
			next = guard;
		else
			next = t->nlines + 1;
		a = d.b[i].start - 1;
		b = next - 1;
		buf_reset(&piece);
		if (b > a) {
			pstart = t->line[a];
			pend = b < t->nlines ? t->line[b] : t->len;
			buf_add(&piece, t->s + pstart, pend - pstart);
			while (piece.len > 0 &&
			    piece.ptr[piece.len - 1] == '\n')
				buf_truncate(&piece, piece.len - 1);
		}
		buf_reset(&msg);
		if (fmt_marimo_py_parse(&r->ns, piece.ptr, piece.len, r->path,
		    a, &epos, &msg) == 0)
			continue;
		n = fmt_marimo_nodes_add(&r->ns);
		n->type = FMT_MARIMO_NODE_EXPR;
		n->unparsable = true;
		n->unp_str = true;
		n->scanner = true;
		n->at.line = n->at.end_line = d.b[i].start;
		{
			struct buf body = BUF_INIT;
			char *name;

			fmt_marimo_scan_body(&body, piece.ptr, piece.len,
			    d.b[i].kind);
			n->unp_len = body.len;
			n->unp_code = buf_detach(&body, NULL);
			name = fmt_marimo_scan_name(t, d.b[i].kind, a, b);
			if (name != NULL) {
				n->kw.v = xcalloc(1, sizeof *n->kw.v);
				n->kw.n = 1;
				n->kw.v[0].arg = xstrdup("name");
				n->kw.v[0].type = FMT_MARIMO_VAL_STR;
				n->kw.v[0].s = name;
				n->kw.v[0].pos.line = d.b[i].start;
			}
		}
	}
	if (guard != 0) {
		n = fmt_marimo_nodes_add(&r->ns);
		n->type = FMT_MARIMO_NODE_IF;
		n->run_guard = true;
		n->at.line = n->at.end_line = guard;
	}
	error = 0;
done:
	free(d.b);
	buf_release(&piece);
	buf_release(&msg);
	return error;
}

/*
 * The header marimo writes back (codegen.get_header_comments): the text
 * before the first line that begins "import marimo", kept only when it
 * is comments, blank lines and bare constants. Returns its length with
 * trailing whitespace dropped, or (size_t)-1 when there is none.
 */
static size_t
fmt_marimo_header_len(const char *s, size_t len, bool whole)
{
	struct fmt_marimo_nodes ns = { 0 };
	struct buf h = BUF_INIT, msg = BUF_INIT;
	struct fmt_marimo_pos pos;
	size_t i, end = len, n = (size_t)-1;
	const char *p;

	if (!whole) {
		for (p = s;; p++) {
			p = memmem(p, len - (size_t)(p - s), "import marimo",
			    13);
			if (p == NULL)
				return (size_t)-1;
			if (p == s || p[-1] == '\n')
				break;
		}
		end = (size_t)(p - s);
	}
	buf_add(&h, s, end);
	if (fmt_marimo_py_parse(&ns, h.ptr, h.len, "<header>", 0, &pos,
	    &msg) < 0)
		goto done;
	for (i = 0; i < ns.n; i++)
		if (ns.v[i].type != FMT_MARIMO_NODE_EXPR || !ns.v[i].expr_const)
			goto done;
	n = fmt_marimo_rstrip_len(s, end);
done:
	fmt_marimo_nodes_release(&ns);
	buf_release(&h);
	buf_release(&msg);
	return n;
}

static int
fmt_marimo_read(struct fmt_marimo_reader *r)
{
	struct fmt_marimo_text *t = &r->t;
	struct fmt_marimo_node *n, *setup = NULL;
	struct buf msg = BUF_INIT;
	struct fmt_marimo_pos epos;
	const char *alias = "marimo";
	size_t hlen, hend, s;
	int rc;

	if (r->fast && fmt_marimo_fast_nodes(&r->ns, t) == 0)
		r->used_fast = true;
	else if (fmt_marimo_py_parse(&r->ns, t->s, t->len, r->path, 0, &epos,
	    &msg) < 0) {
		fmt_marimo_nodes_release(&r->ns);
		rc = fmt_marimo_scan(r);
		if (rc < 0)
			goto fail;
		if (rc > 0) {
			/* No cell to recover: refuse rather than open an
			 * empty notebook that a save would write over it. */
			err_set("%s:%zu:%zu: %s (%s)", r->path,
			    epos.line + t->lead, epos.col + 1, msg.ptr,
			    memmem(t->s, t->len, "import marimo", 13) != NULL ?
			    "no cell to recover" : "not a marimo notebook");
			goto fail;
		}
	}

	/* Header: leading bare strings; comments are not statements. */
	while ((n = fmt_marimo_next(r)) != NULL)
		if (!(n->type == FMT_MARIMO_NODE_EXPR && n->str_const))
			break;
	hend = n != NULL && n->at.line > 0 && n->at.line <= t->nlines ?
	    t->line[n->at.line - 1] + n->at.col : t->len;
	if (hend > t->len)
		hend = t->len;

	/* import marimo [as X] */
	for (n = r->last; n != NULL; n = fmt_marimo_next(r)) {
		if (n->type == FMT_MARIMO_NODE_IMPORT && n->imp_name != NULL &&
		    strcmp(n->imp_name, "marimo") == 0)
			break;
		fmt_marimo_violation(r, true, n->at.line, n->at.col,
		    FMT_MARIMO_V_IMPORT);
	}
	if (n == NULL) {
		/* Only a header (empty), or a script that is not marimo. */
		for (s = 0; s < r->ns.n; s++)
			if (!(r->ns.v[s].type == FMT_MARIMO_NODE_EXPR &&
			    r->ns.v[s].str_const))
				break;
		if (s < r->ns.n) {
			err_set("%s:%zu:%zu: not a marimo notebook (no "
			    "\"import marimo\"; convert the script first)",
			    r->path, r->ns.v[s].at.line + t->lead,
			    r->ns.v[s].at.col + 1);
			goto fail;
		}
		hlen = fmt_marimo_header_len(t->s, t->len, true);
		if (hlen != (size_t)-1 && hlen > 0)
			nb_set_header(r->nb, t->s, hlen);
		nb_set_load_status(r->nb, NB_LOAD_EMPTY);
		(void)nb_cell_insert(r->nb, 0, "", 0);
		buf_release(&msg);
		return 0;
	}
	if (n->imp_as != NULL) {
		fmt_marimo_violation(r, false, n->at.line, n->at.col,
		    FMT_MARIMO_V_ALIAS);
		alias = n->imp_as;
	}

	/* __generated_with = "..." */
	n = fmt_marimo_next(r);
	if (n != NULL && n->type == FMT_MARIMO_NODE_ASSIGN &&
	    n->target != NULL && strcmp(n->target, "__generated_with") == 0 &&
	    n->version != NULL && n->version[0] != '\0') {
		nb_set_version(r->nb, n->version);
		(void)fmt_marimo_next(r);
	} else
		fmt_marimo_violation(r, false, n != NULL ? n->at.line : 0, 0,
		    FMT_MARIMO_V_VERSION);

	/* app = marimo.App(...) */
	for (n = r->last; n != NULL; n = fmt_marimo_next(r)) {
		if (n->type == FMT_MARIMO_NODE_ASSIGN && n->target != NULL &&
		    strcmp(n->target, "app") == 0 && n->app_alias != NULL &&
		    strcmp(n->app_alias, alias) == 0)
			break;
		fmt_marimo_violation(r, true, n->at.line, n->at.col,
		    FMT_MARIMO_V_APP);
	}
	if (n == NULL) {
		err_set("%s: `marimo.App` definition expected", r->path);
		goto fail;
	}
	fmt_marimo_read_app(r, n);

	/* Statements before the first cell; the setup block. */
	setup = NULL;
	for (n = r->last; n != NULL;) {
		struct fmt_marimo_node *p = fmt_marimo_peek(r);

		if (p != NULL &&
		    (fmt_marimo_is_setup(p) || fmt_marimo_is_body_cell(p))) {
			if (fmt_marimo_is_setup(p)) {
				setup = fmt_marimo_next(r);
				if (fmt_marimo_read_setup(r, setup) < 0)
					goto fail;
			}
			break;
		}
		n = fmt_marimo_next(r);
		if (n != NULL)
			fmt_marimo_violation(r, true, n->at.line, n->at.col,
			    FMT_MARIMO_V_CELLDEF);
	}
	if (!fmt_marimo_is_guard(r->last)) {
		while ((n = fmt_marimo_next(r)) != NULL) {
			if (fmt_marimo_is_body_cell(n)) {
				if (fmt_marimo_read_cell(r, n) < 0)
					goto fail;
			} else if (fmt_marimo_is_guard(n))
				break;
			else
				fmt_marimo_violation(r, true, n->at.line,
				    n->at.col, FMT_MARIMO_V_BODY);
		}
		if (!fmt_marimo_is_guard(r->last))
			fmt_marimo_violation(r, false, 0, 0,
			    FMT_MARIMO_V_GUARD);
	}

	/*
	 * marimo's editor writes back the text before "import marimo" when
	 * that is only comments and strings, else the header it read.
	 */
	hlen = fmt_marimo_header_len(t->s, t->len, false);
	if (hlen == (size_t)-1 || hlen == 0)
		hlen = fmt_marimo_rstrip_len(t->s, hend);
	if (hlen > 0)
		nb_set_header(r->nb, t->s, hlen);
	nb_set_load_status(r->nb, r->hard ? NB_LOAD_HAS_ERRORS : r->soft ?
	    NB_LOAD_HAS_WARNINGS : NB_LOAD_VALID);
	if (nb_ncells(r->nb) == 0)
		(void)nb_cell_insert(r->nb, 0, "", 0);
	buf_release(&msg);
	return 0;
fail:
	buf_release(&msg);
	return -1;
}

bool
fmt_marimo_fast_accepts(const char *text, size_t len)
{
	struct fmt_marimo_text t;
	struct fmt_marimo_nodes ns = { 0 };
	bool r;

	fmt_marimo_text_prepare(&t, text, len);
	r = t.len > 0 && fmt_marimo_fast_nodes(&ns, &t) == 0;
	fmt_marimo_nodes_release(&ns);
	fmt_marimo_text_release(&t);
	return r;
}

/* A read from the start: a new notebook, no statements, no violations;
 * the path, the prepared text and the analyzer stay. */
static void
fmt_marimo_reader_begin(struct fmt_marimo_reader *r, bool fast)
{
	struct fmt_marimo_reader keep = { 0 };

	nb_free(r->nb);
	fmt_marimo_nodes_release(&r->ns);
	keep.path = r->path;
	keep.t = r->t;
	keep.ana = r->ana;
	*r = keep;
	r->nb = nb_new();
	r->fast = fast;
}

/*
 * After a read from the fast path: does every cell parse, as it must in a
 * file CPython parses? The analysis keeps what it learns for the load.
 */
static bool
fmt_marimo_cells_parse(struct fmt_marimo_reader *r)
{
	const struct ana_cell *a;
	const char *src;
	size_t i, len;

	for (i = 0; i < nb_ncells(r->nb); i++) {
		src = nb_cell_source(nb_cell_at(r->nb, i), &len);
		a = ana_cell(r->ana, src, len);
		if (a == NULL || !a->parses)
			return false;
	}
	return true;
}

int
fmt_marimo_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *ana)
{
	struct fmt_marimo_reader r;
	int error;

	*out = NULL;
	memset(&r, 0, sizeof r);
	r.path = path != NULL ? path : "<notebook>";
	r.ana = ana;
	fmt_marimo_text_prepare(&r.t, text != NULL ? text : "", text != NULL ?
	    len : 0);
	fmt_marimo_reader_begin(&r, ana != NULL);
	if (r.t.len == 0) {
		nb_set_load_status(r.nb, NB_LOAD_EMPTY);
		(void)nb_cell_insert(r.nb, 0, "", 0);
		error = 0;
	} else if (fmt_marimo_py_start() < 0)
		error = -1;
	else {
		error = fmt_marimo_read(&r);
		if (r.used_fast && (error < 0 || !fmt_marimo_cells_parse(&r))) {
			/* CPython reads it, and says what is wrong. */
			err_clear();
			fmt_marimo_reader_begin(&r, false);
			error = fmt_marimo_read(&r);
		}
	}
	if (error == 0) {
		nb_set_dirty(r.nb, false);
		*out = r.nb;
	} else
		nb_free(r.nb);
	fmt_marimo_nodes_release(&r.ns);
	fmt_marimo_text_release(&r.t);
	return error;
}

/*
 * A cheap look at the tokens: a column-0 "import marimo" (not
 * "import marimo.x") and, after it, a column-0 "app = X.App(".
 */
bool
fmt_marimo_detect(const char *text, size_t len)
{
	struct pytok *t;
	size_t n, i;
	bool imp = false, app = false;

#define FMT_MARIMO_TOK(k, s) (t[k].len == strlen(s) && \
	memcmp(text + t[k].off, s, t[k].len) == 0)
	if (text == NULL)
		return false;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;	/* so that line 1 starts at column 0 */
		len -= 3;
	}
	t = pytok_scan(text, len, &n, NULL);
	for (i = 0; i + 2 < n && !app; i++) {
		if (t[i].col != 0 || t[i].type != PYTOK_NAME || t[i].depth != 0)
			continue;
		if (!imp && FMT_MARIMO_TOK(i, "import") &&
		    FMT_MARIMO_TOK(i + 1, "marimo") &&
		    !(t[i + 2].type == PYTOK_OP && FMT_MARIMO_TOK(i + 2, ".")))
			imp = true;
		else if (imp && i + 5 < n && FMT_MARIMO_TOK(i, "app") &&
		    FMT_MARIMO_TOK(i + 1, "=") && t[i + 2].type == PYTOK_NAME &&
		    FMT_MARIMO_TOK(i + 3, ".") &&
		    FMT_MARIMO_TOK(i + 4, "App") && FMT_MARIMO_TOK(i + 5, "("))
			app = true;
	}
#undef FMT_MARIMO_TOK
	free(t);
	return imp && app;
}

/*
 * The writer: marimo's generate_filecontents (marimo/_ast/codegen.py)
 * with its TopLevelExtraction (marimo/_ast/toplevel.py), which decides
 * per cell between @app.cell, @app.function/@app.class_definition and
 * the unparsable form, in file order.
 */

enum fmt_marimo_wtype {
	FMT_MARIMO_W_UNPARSABLE,
	FMT_MARIMO_W_CELL,
	FMT_MARIMO_W_TOPLEVEL,
	FMT_MARIMO_W_UNRESOLVED
};

struct fmt_marimo_wcell {
	const char *src;	/* the cell's source, borrowed */
	size_t srclen;
	char *code;		/* src with U+00A0 read as spaces */
	size_t codelen;
	const struct ana_cell *a;	/* NULL when not parsable */
	char *dname;		/* marimo's name: "*f" for derived names */
	const char *name;	/* name in the bookkeeping, borrowed */
	const char *wname;	/* name written */
	bool derived;
	struct nb_cell_config cfg;
	enum fmt_marimo_wtype type;
	int comment;		/* trailing column-0 comment; -1 unknown */
	bool risky;		/* its written form might not parse */
};

struct fmt_marimo_writer {
	struct ana *ana;
	struct fmt_marimo_wcell *w;
	size_t nw;
	struct fmt_marimo_set setup_defs, all_defs, used, added, sql_defs;
	struct fmt_marimo_set dict[4];	/* type -> name -> cell index */
	struct fmt_marimo_set potential, unresolved, visited;
	const char **uorder;	/* unresolved names in first-seen order */
	size_t nuorder;
	bool builtins;		/* unshadowed builtins are allowed */
	struct fmt_marimo_set ann;	/* name -> cell of its annotation */
};

static bool
fmt_marimo_allowed(const struct fmt_marimo_writer *wr, const char *name)
{
	return fmt_marimo_set_has(&wr->setup_defs, name) ||
	    fmt_marimo_set_has(&wr->added, name) ||
	    (wr->builtins && ana_is_builtin(wr->ana, name) &&
	    !fmt_marimo_set_has(&wr->all_defs, name));
}

/* code.strip() ends with a comment at column 0 (toplevel.py). */
static bool
fmt_marimo_trailing_comment(struct fmt_marimo_wcell *w)
{
	struct pytok *t;
	size_t n, i, s, len;

	if (w->comment >= 0)
		return w->comment;
	len = fmt_marimo_strip(w->src, w->srclen, &s);
	t = pytok_scan(w->src + s, len, &n, NULL);
	w->comment = 0;
	for (i = n; i > 0; i--) {
		enum pytok_type k = t[i - 1].type;

		if (k == PYTOK_ENDMARKER || k == PYTOK_NEWLINE ||
		    k == PYTOK_NL || k == PYTOK_INDENT || k == PYTOK_DEDENT)
			continue;
		w->comment = k == PYTOK_COMMENT && t[i - 1].col == 0;
		break;
	}
	free(t);
	return w->comment;
}

/* TopLevelStatus.update for cell i. */
static void
fmt_marimo_update(struct fmt_marimo_writer *wr, size_t i, bool ctx)
{
	struct fmt_marimo_wcell *w = &wr->w[i];
	const struct ana_cell *a = w->a;
	const char *r;
	size_t k;
	bool dependent = false, defined = false;

	if (a == NULL) {
		w->type = FMT_MARIMO_W_UNPARSABLE;
		return;
	}
	w->type = FMT_MARIMO_W_CELL;
	if (a->nbound != 1 || a->single == ANA_SINGLE_NONE ||
	    a->single_name == NULL || a->single_name[0] == '_')
		return;
	w->name = a->single_name;
	if (strcmp(w->name, "app") == 0 ||
	    strcmp(w->name, "__generated_with") == 0 ||
	    strcmp(w->name, "__name__") == 0 || fmt_marimo_trailing_comment(w))
		return;
	/* Definition-time refs must already be importable. */
	for (k = 0; k < a->deftime_refs.n; k++) {
		r = a->deftime_refs.v[k];
		if (fmt_marimo_allowed(wr, r) || strcmp(r, w->name) == 0 ||
		    strcmp(r, "_lambda") == 0)
			continue;
		if (!ctx || !fmt_marimo_set_has(&wr->unresolved, r))
			return;
	}
	for (k = 0; k < a->refs.n; k++) {
		r = a->refs.v[k];
		if (ana_names_has(&a->sql_refs, r) ||
		    fmt_marimo_allowed(wr, r) || strcmp(r, w->name) == 0 ||
		    strcmp(r, "_lambda") == 0 ||
		    (ctx &&
		    fmt_marimo_set_has(&wr->dict[FMT_MARIMO_W_TOPLEVEL], r)))
			continue;
		dependent = true;
		if (!ctx || !fmt_marimo_set_has(&wr->potential, r))
			defined = true;
	}
	if (!dependent)
		w->type = FMT_MARIMO_W_TOPLEVEL;
	else if (!defined)
		w->type = FMT_MARIMO_W_UNRESOLVED;
}

/* _resolve_dependencies: the value of a name that needs no frame. */
static bool
fmt_marimo_resolve_leaf(struct fmt_marimo_writer *wr, const char *name,
    bool *val)
{
	size_t v;

	if (fmt_marimo_set_has(&wr->dict[FMT_MARIMO_W_UNRESOLVED], name))
		return false;
	if (fmt_marimo_set_get(&wr->visited, name, &v))
		*val = v != 0;
	else if (fmt_marimo_set_has(&wr->dict[FMT_MARIMO_W_TOPLEVEL], name))
		*val = true;
	else if (fmt_marimo_set_has(&wr->dict[FMT_MARIMO_W_CELL], name) ||
	    fmt_marimo_set_has(&wr->dict[FMT_MARIMO_W_UNPARSABLE], name))
		*val = false;
	else
		*val = true;	/* a cycle: fine for a library */
	return true;
}

struct fmt_marimo_frame {
	size_t cell;
	const char *name;
	size_t ref;		/* next ref to look at (refs, then sql_refs) */
	bool resolved;
};

/* Resolve candidates recursively, with an explicit stack: a chain of
 * thousands of functions must not exhaust the C stack. */
static void
fmt_marimo_resolve(struct fmt_marimo_writer *wr, const char *start)
{
	struct fmt_marimo_set *unres = &wr->dict[FMT_MARIMO_W_UNRESOLVED];
	struct fmt_marimo_frame *st = NULL, *f;
	size_t nst = 0, alloc = 0, idx, nrefs;
	const struct ana_cell *a;
	const char *ref, *name = start;
	bool val;

	for (;;) {
		if (name != NULL) {
			(void)fmt_marimo_set_get(unres, name, &idx);
			(void)fmt_marimo_set_del(unres, name);
			if (nst == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				st = xreallocarray(st, alloc, sizeof *st);
			}
			st[nst].cell = idx;
			st[nst].name = name;
			st[nst].ref = 0;
			st[nst].resolved = true;
			nst++;
			name = NULL;
		}
		if (nst == 0)
			break;
		f = &st[nst - 1];
		a = wr->w[f->cell].a;
		nrefs = a->refs.n + a->sql_refs.n;
		if (f->ref < nrefs) {
			ref = f->ref < a->refs.n ? a->refs.v[f->ref] :
			    a->sql_refs.v[f->ref - a->refs.n];
			f->ref++;
			if (f->ref > a->refs.n && ana_names_has(&a->refs, ref))
				continue;
			if (fmt_marimo_resolve_leaf(wr, ref, &val)) {
				if (!val)
					f->resolved = false;
			} else
				name = ref;
			continue;
		}
		val = f->resolved;
		wr->w[f->cell].type = val ? FMT_MARIMO_W_TOPLEVEL :
		    FMT_MARIMO_W_CELL;
		if (val)
			fmt_marimo_set_add(&wr->added, f->name);
		fmt_marimo_set_put(&wr->dict[wr->w[f->cell].type], f->name,
		    f->cell);
		fmt_marimo_set_put(&wr->visited, f->name, val);
		nst--;
		if (nst > 0 && !val)
			st[nst - 1].resolved = false;
	}
	free(st);
}

/* TopLevelExtraction.__init__ over wr->w. */
static void
fmt_marimo_extract_toplevel(struct fmt_marimo_writer *wr)
{
	struct fmt_marimo_wcell *w;
	const struct ana_cell *a;
	size_t i, k;
	enum fmt_marimo_wtype old;

	for (i = 0; i < wr->nw; i++) {
		w = &wr->w[i];
		fmt_marimo_update(wr, i, false);
		fmt_marimo_set_put(&wr->dict[w->type], w->name, i);
		if ((a = w->a) == NULL)
			continue;
		for (k = 0; k < a->defs.n; k++)
			fmt_marimo_set_add(&wr->all_defs, a->defs.v[k]);
		for (k = 0; k < a->sql_defs.n; k++) {
			fmt_marimo_set_add(&wr->all_defs, a->sql_defs.v[k]);
			fmt_marimo_set_add(&wr->sql_defs, a->sql_defs.v[k]);
		}
		for (k = 0; k < a->refs.n; k++)
			fmt_marimo_set_add(&wr->used, a->refs.v[k]);
		for (k = 0; k < a->sql_refs.n; k++)
			fmt_marimo_set_add(&wr->used, a->sql_refs.v[k]);
	}
	for (i = 0; i < wr->nw; i++)
		if (wr->w[i].type != FMT_MARIMO_W_TOPLEVEL)
			fmt_marimo_set_add(&wr->potential, wr->w[i].name);
	wr->builtins = true;
	for (i = 0; i < wr->nw; i++) {
		w = &wr->w[i];
		old = w->type;
		if (old != FMT_MARIMO_W_CELL &&
		    old != FMT_MARIMO_W_UNRESOLVED) {
			fmt_marimo_set_add(&wr->added, w->name);
			continue;
		}
		(void)fmt_marimo_set_del(&wr->dict[old], w->name);
		fmt_marimo_update(wr, i, true);
		if (w->type == FMT_MARIMO_W_TOPLEVEL)
			fmt_marimo_set_add(&wr->added, w->name);
		else if (w->type == FMT_MARIMO_W_UNRESOLVED) {
			fmt_marimo_set_add(&wr->unresolved, w->name);
			if (!fmt_marimo_set_has(
			    &wr->dict[FMT_MARIMO_W_UNRESOLVED], w->name)) {
				wr->uorder = xreallocarray(wr->uorder,
				    wr->nuorder + 1, sizeof *wr->uorder);
				wr->uorder[wr->nuorder++] = w->name;
			}
		}
		fmt_marimo_set_put(&wr->dict[w->type], w->name, i);
	}
	for (i = 0; i < wr->nuorder; i++)
		if (fmt_marimo_set_has(&wr->dict[FMT_MARIMO_W_UNRESOLVED],
		    wr->uorder[i]))
			fmt_marimo_resolve(wr, wr->uorder[i]);
	/* Names: a cell keeps its own (a derived one reverts to "_"). */
	for (i = 0; i < wr->nw; i++) {
		w = &wr->w[i];
		if (w->type == FMT_MARIMO_W_TOPLEVEL)
			w->wname = w->name;
		else
			w->wname = w->derived ? "_" : w->dname;
	}
	/* Which cell's annotation describes a name: the first definer. */
	for (i = 0; i < wr->nw; i++)
		if ((a = wr->w[i].a) != NULL)
			for (k = 0; k < a->defs.n; k++)
				if (!fmt_marimo_set_has(&wr->ann, a->defs.v[k]))
					fmt_marimo_set_put(&wr->ann,
					    a->defs.v[k], i);
}

/*
 * _format_arg for a string: in double quotes, backslashes doubled, and
 * (quire's one intentional divergence, spec 2.3) double quotes escaped,
 * as are line breaks and control characters, which marimo would write
 * raw into a broken file.
 */
static void
fmt_marimo_format_str(struct buf *out, const char *s)
{
	unsigned char c;

	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '\\')
			buf_adds(out, "\\\\");
		else if (c == '"')
			buf_adds(out, "\\\"");
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if ((c < 0x20 && c != '\t') || c == 0x7F)
			buf_addf(out, "\\x%02x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, '"');
}

/*
 * format_tuple_elements: pre(e1, e2, ...)post on one line when shorter
 * than 80 characters (after the optional indent), else one element per
 * line. naked: "return a, b" without parentheses, "return" when empty.
 */
static void
fmt_marimo_format_tuple(struct buf *out, const char *pre, const char *post,
    char **e, size_t n, bool indent, bool naked)
{
	struct buf s = BUF_INIT, lst = BUF_INIT;
	size_t i;

	if (n == 0) {
		buf_adds(&s, pre);
		if (!naked)
			buf_adds(&s, "()");
		buf_adds(&s, post);
		if (naked)
			buf_truncate(&s, fmt_marimo_rstrip_len(s.ptr, s.len));
		goto emit;
	}
	buf_adds(&s, pre);
	if (!naked || n == 1)
		buf_addc(&s, '(');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&s, ", ");
		buf_adds(&s, e[i]);
	}
	if (naked && n == 1)
		buf_addc(&s, ',');
	if (!naked || n == 1)
		buf_addc(&s, ')');
	buf_adds(&s, post);
	if (naked && n > 1)
		buf_truncate(&s, fmt_marimo_rstrip_len(s.ptr, s.len));
	if (fmt_marimo_cplen(s.ptr, s.len) + (indent ? 4 :
	    0) < FMT_MARIMO_MAX_LINE)
		goto emit;
	buf_reset(&s);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&lst, ",\n");
		buf_adds(&lst, e[i]);
	}
	buf_adds(&s, pre);
	buf_adds(&s, "(\n");
	fmt_marimo_indent(&s, lst.ptr, lst.len);
	buf_adds(&s, ",\n)");
	buf_adds(&s, post);
emit:
	if (indent)
		fmt_marimo_indent(out, s.ptr, s.len);
	else
		buf_add(out, s.ptr, s.len);
	buf_release(&s);
	buf_release(&lst);
}

/* to_decorator: @app.<fn> or @app.<fn>(non-default options). */
static void
fmt_marimo_decorator(struct buf *out, struct nb_cell_config cfg, const char *fn)
{
	char *e[4], pre[32];
	size_t n = 0, i;

	if (nb_cell_config_is_default(cfg)) {
		buf_addf(out, "@app.%s", fn);
		return;
	}
	if (cfg.column != NB_COLUMN_NONE)
		e[n++] = xasprintf("column=%d", cfg.column);
	if (cfg.disabled)
		e[n++] = xstrdup("disabled=True");
	if (cfg.hide_code)
		e[n++] = xstrdup("hide_code=True");
	if (cfg.expand_output)
		e[n++] = xstrdup("expand_output=True");
	(void)snprintf(pre, sizeof pre, "@app.%s", fn);
	fmt_marimo_format_tuple(out, pre, "", e, n, false, false);
	for (i = 0; i < n; i++)
		free(e[i]);
}

/* generate_unparsable_cell (spec 2.7). */
static void
fmt_marimo_unparsable(struct buf *out, const char *code, size_t len,
    const char *name, struct nb_cell_config cfg)
{
	struct buf lit = BUF_INIT, kw = BUF_INIT;
	size_t i;

	if (memmem(code, len, "\"\"\"", 3) != NULL) {
		buf_adds(&lit, "\"\"\"\n");
		for (i = 0; i < len; i++) {
			if (code[i] == '\\')
				buf_adds(&lit, "\\\\");
			else if (code[i] == '"')
				buf_adds(&lit, "\\\"");
			else
				buf_addc(&lit, code[i]);
		}
		buf_adds(&lit, "\n\"\"\",");
	} else {
		buf_adds(&lit, "r\"\"\"\n");
		buf_add(&lit, code, len);
		buf_adds(&lit, "\n\"\"\",");
	}
	if (!nb_cell_config_is_default(cfg)) {
		if (cfg.column != NB_COLUMN_NONE)
			buf_addf(&kw, "column=%d, ", cfg.column);
		else
			buf_adds(&kw, "column=None, ");
		buf_addf(&kw, "disabled=%s, hide_code=%s, expand_output=%s, ",
		    cfg.disabled ? "True" : "False",
		    cfg.hide_code ? "True" : "False",
		    cfg.expand_output ? "True" : "False");
	}
	buf_adds(&kw, "name=");
	fmt_marimo_format_str(&kw, name);
	buf_adds(out, "app._unparsable_cell(\n");
	fmt_marimo_indent(out, lit.ptr, lit.len);
	buf_addc(out, '\n');
	fmt_marimo_indent(out, kw.ptr, kw.len);
	buf_adds(out, "\n)");
	buf_release(&lit);
	buf_release(&kw);
}

/*
 * format_markdown (spec 4.4, as marimo 0.25 has it): the call is written
 * anew, everything around it (comments, and the whitespace with them)
 * stays byte for byte. The call runs from the last "mo" token to the ")"
 * that brings the parentheses counted from there back to zero; TAG is
 * the prefix of the last string token.
 */
static void
fmt_marimo_markdown(struct buf *out, const struct fmt_marimo_wcell *w)
{
	struct pytok *t;
	const char *md = w->a->markdown, *s;
	char tag[3] = "";
	size_t n, i, j, k, start = 0, end = w->codelen;
	long depth = 0;
	bool f = false;

	t = pytok_scan(w->code, w->codelen, &n, NULL);
	for (i = 0; i < n; i++) {
		s = w->code + t[i].off;
		if (t[i].type == PYTOK_STRING) {
			/* Up to two of r, t, f leading the string. */
			k = 0;
			for (j = 0; j < 2 && j < t[i].len; j++) {
				char c = s[j];

				if (c != 'r' && c != 'R' && c != 't' &&
				    c != 'T' && c != 'f' && c != 'F')
					break;
				tag[k++] = c;
			}
			tag[k] = '\0';
			f = strchr(tag, 'f') != NULL ||
			    strchr(tag, 'F') != NULL;
		} else if (t[i].type == PYTOK_NAME &&
		    fmt_marimo_eq(s, t[i].len, "mo")) {
			start = t[i].off;
			depth = 0;
		} else if (t[i].type == PYTOK_OP &&
		    fmt_marimo_eq(s, t[i].len, "("))
			depth++;
		else if (t[i].type == PYTOK_OP &&
		    fmt_marimo_eq(s, t[i].len, ")") && --depth == 0)
			end = t[i].off + t[i].len;
	}
	free(t);
	if (end < start)
		end = start;
	buf_add(out, w->code, start);
	buf_addf(out, "mo.md(%s\"\"\"\n", tag);
	for (s = md; *s != '\0'; s++) {
		if (f && (*s == '{' || *s == '}')) {
			buf_addc(out, *s);
			buf_addc(out, *s);
		} else if (s[0] == '"' && s[1] == '"') {
			buf_adds(out, "\"\\\"");
			s++;
		} else
			buf_addc(out, *s);
	}
	buf_adds(out, "\n\"\"\")");
	buf_add(out, w->code + end, w->codelen - end);
}

/*
 * _needs_trailing_blank_line: the last statement is an import, def or
 * class and nothing but whitespace follows it.
 */
static bool
fmt_marimo_needs_blank(const struct fmt_marimo_wcell *w)
{
	struct pytok *t;
	size_t n, i, end = 0, lines = 1, len;

	if (!w->a->ends_with_import_or_def)
		return false;
	t = pytok_scan(w->code, w->codelen, &n, NULL);
	for (i = n; i > 0; i--) {
		enum pytok_type k = t[i - 1].type;

		if (k == PYTOK_ENDMARKER || k == PYTOK_NEWLINE ||
		    k == PYTOK_NL || k == PYTOK_INDENT ||
		    k == PYTOK_DEDENT || k == PYTOK_COMMENT)
			continue;
		end = t[i - 1].end_line;
		break;
	}
	free(t);
	len = fmt_marimo_rstrip_len(w->code, w->codelen);
	for (i = 0; i < len; i++)
		if (w->code[i] == '\n')
			lines++;
	return end == lines;
}

/* "x: annotation" for a parameter, if its first definer annotated it. */
static char *
fmt_marimo_param(const struct fmt_marimo_writer *wr,
    const struct fmt_marimo_wcell *w, const char *p)
{
	const struct ana_cell *d;
	const struct ana_annotation *an = NULL;
	struct buf b = BUF_INIT;
	size_t i, k;
	bool quote = false;
	const char *s;

	if (!fmt_marimo_set_get(&wr->ann, p, &i) || (d = wr->w[i].a) == NULL)
		return xstrdup(p);
	for (k = 0; k < d->nannotations; k++)
		if (strcmp(d->annotations[k].name, p) == 0)
			an = &d->annotations[k];
	if (an == NULL || an->text == NULL)
		return xstrdup(p);
	for (k = 0; k < an->refs.n; k++) {
		s = an->refs.v[k];
		if (!fmt_marimo_allowed(wr, s) &&
		    !ana_names_has(&w->a->defs, s) &&
		    !ana_names_has(&w->a->sql_defs, s))
			quote = true;
	}
	buf_addf(&b, "%s: ", p);
	if (!quote)
		buf_adds(&b, an->text);
	else {
		/* '"' not after a backslash becomes '\"' */
		buf_addc(&b, '"');
		for (s = an->text; *s != '\0'; s++) {
			if (*s == '"' && (s == an->text || s[-1] != '\\'))
				buf_addc(&b, '\\');
			buf_addc(&b, *s);
		}
		buf_addc(&b, '"');
	}
	return buf_detach(&b, NULL);
}

/* Merge two sorted name sets (a ∪ b), sorted, borrowed strings. */
static const char **
fmt_marimo_union(const struct ana_names *x, const struct ana_names *y,
    size_t *n)
{
	const char **v = xreallocarray(NULL, x->n + y->n + 1, sizeof *v);
	size_t i = 0, j = 0, k = 0;
	int c;

	while (i < x->n || j < y->n) {
		if (i == x->n)
			c = 1;
		else if (j == y->n)
			c = -1;
		else
			c = strcmp(x->v[i], y->v[j]);
		if (c <= 0) {
			v[k++] = x->v[i++];
			if (c == 0)
				j++;
		} else
			v[k++] = y->v[j++];
	}
	*n = k;
	return v;
}

/* Python's hard keywords: not names, not parameters. */
static bool
fmt_marimo_is_keyword(const char *s)
{
	static const char *const kw[] = { "False", "None", "True", "and",
	    "as", "assert", "async", "await", "break", "class", "continue",
	    "def", "del", "elif", "else", "except", "finally", "for", "from",
	    "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
	    "or", "pass", "raise", "return", "try", "while", "with", "yield" };
	size_t i;

	for (i = 0; i < sizeof kw / sizeof *kw; i++)
		if (strcmp(s, kw[i]) == 0)
			return true;
	return false;
}

/*
 * Could indenting this code change how it tokenizes? Only characters
 * other than spaces in indentation, or line breaks Python and
 * str.splitlines() disagree on, can; ill-formed UTF-8 cannot be parsed.
 */
static bool
fmt_marimo_risky_code(const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\t' || c == '\v' || c == '\f' || c == '\r' ||
		    (c >= 0x1C && c <= 0x1E) || c == 0xC2 || c == 0xE2)
			if (c < 0x80 ||
			    fmt_marimo_splitlines_break(s + i, len - i) > 0)
				return true;
	}
	return !utf8_valid(s, len);
}

/* to_functiondef (spec 2.5, 4.3). */
static void
fmt_marimo_functiondef(struct buf *out, const struct fmt_marimo_writer *wr,
    struct fmt_marimo_wcell *w)
{
	const struct ana_cell *a = w->a;
	struct buf sig = BUF_INIT, body = BUF_INIT;
	const char **refs, **defs;
	char **params, **rets;
	size_t nrefs, ndefs, np = 0, nr = 0, i;

	refs = fmt_marimo_union(&a->refs, &a->sql_refs, &nrefs);
	defs = fmt_marimo_union(&a->defs, &a->sql_defs, &ndefs);
	params = xreallocarray(NULL, nrefs + 1, sizeof *params);
	rets = xreallocarray(NULL, ndefs + 1, sizeof *rets);
	for (i = 0; i < nrefs; i++) {
		if (fmt_marimo_allowed(wr, refs[i]) || ana_names_has(&a->defs,
		    refs[i]) || ana_names_has(&a->sql_defs, refs[i]))
			continue;
		if (!fmt_marimo_is_identifier(refs[i]))
			continue;
		params[np] = fmt_marimo_param(wr, w, refs[i]);
		if (fmt_marimo_is_keyword(refs[i]) ||
		    strchr(params[np], ':') != NULL)
			w->risky = true;
		np++;
	}
	if (!fmt_marimo_is_identifier(w->wname) ||
	    fmt_marimo_is_keyword(w->wname) ||
	    fmt_marimo_risky_code(w->code, w->codelen))
		w->risky = true;
	for (i = 0; i < ndefs; i++)
		if (!fmt_marimo_set_has(&wr->sql_defs, defs[i]) &&
		    fmt_marimo_set_has(&wr->used, defs[i]))
			rets[nr++] = (char *)defs[i];

	fmt_marimo_decorator(out, w->cfg, "cell");
	buf_addc(out, '\n');
	buf_addf(&sig, "%sdef %s", a->is_async ? "async " : "", w->wname);
	fmt_marimo_format_tuple(out, sig.ptr, ":", params, np, false, false);
	if (a->is_markdown && a->markdown != NULL && a->markdown[0] != '\0') {
		const char *m;

		/* escapes and control characters are the string's risk */
		for (m = a->markdown; *m != '\0'; m++)
			if (*m == '\\' || ((unsigned char)*m < 0x20 &&
			    *m != '\n'))
				w->risky = true;
		fmt_marimo_markdown(&body, w);
		buf_addc(out, '\n');
		fmt_marimo_indent(out, body.ptr, body.len);
	} else if (w->codelen > 0) {
		buf_addc(out, '\n');
		fmt_marimo_indent(out, w->code, w->codelen);
	}
	if (fmt_marimo_needs_blank(w))
		buf_addc(out, '\n');
	buf_addc(out, '\n');
	fmt_marimo_format_tuple(out, "return ", "", rets, nr, true, true);

	for (i = 0; i < np; i++)
		free(params[i]);
	free(params);
	free(rets);
	free(refs);
	free(defs);
	buf_release(&sig);
	buf_release(&body);
}

/* to_top_functiondef: the decorator and the stripped code. */
static void
fmt_marimo_topdef(struct buf *out, const struct fmt_marimo_wcell *w)
{
	size_t s, n;

	fmt_marimo_decorator(out, w->cfg, w->a->single == ANA_SINGLE_CLASS ?
	    "class_definition" : "function");
	buf_addc(out, '\n');
	n = fmt_marimo_strip(w->code, w->codelen, &s);
	buf_add(out, w->code + s, n);
}

static void
fmt_marimo_serialize(struct buf *out, const struct fmt_marimo_writer *wr,
    struct fmt_marimo_wcell *w)
{
	switch (w->type) {
	case FMT_MARIMO_W_UNPARSABLE:
		fmt_marimo_unparsable(out, w->src, w->srclen, w->wname, w->cfg);
		break;
	case FMT_MARIMO_W_TOPLEVEL:
		fmt_marimo_topdef(out, w);
		break;
	case FMT_MARIMO_W_CELL:
	case FMT_MARIMO_W_UNRESOLVED:
		fmt_marimo_functiondef(out, wr, w);
		break;
	}
}

/* The source with every U+00A0 as a space, as compile_cell reads it. */
static char *
fmt_marimo_nbsp(const char *s, size_t len, size_t *outlen)
{
	char *r = xmalloc(len + 1);
	size_t i, k = 0;

	for (i = 0; i < len; i++) {
		if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
		    (unsigned char)s[i + 1] == 0xA0) {
			r[k++] = ' ';
			i++;
		} else
			r[k++] = s[i];
	}
	r[k] = '\0';
	*outlen = k;
	return r;
}

/* build_setup_section (spec 2.4). */
static void
fmt_marimo_setup_section(struct buf *out, const char *code, size_t len,
    const struct ana_cell *a, struct nb_cell_config cfg)
{
	struct buf block = BUF_INIT;
	size_t s, e, k, st;
	bool only_comments = true;

	if (fmt_marimo_is_blank(code, len))
		return;
	/* Every line (str.splitlines) blank or a comment? */
	for (s = 0; s < len; s = e) {
		for (e = s; e < len && fmt_marimo_splitlines_break(code + e,
		    len - e) == 0; e++)
			;
		k = fmt_marimo_strip(code + s, e - s, &st);
		if (k > 0 && code[s + st] != '#')
			only_comments = false;
		if (e < len)
			e += fmt_marimo_splitlines_break(code + e, len - e);
	}
	buf_add(&block, code, len);
	if (only_comments)
		buf_adds(&block, "\npass");
	buf_addf(out, "%swith app.setup%s:\n", a->is_async ? "async " : "",
	    cfg.hide_code ? "(hide_code=True)" : "");
	fmt_marimo_indent(out, block.ptr, block.len);
	buf_adds(out, "\n\n");
	buf_release(&block);
}

/* One "key=value" App argument, appended to e[*n]. */
static void
fmt_marimo_app_opt(struct buf *v, char **e, size_t *n, const char *key,
    const char *val)
{
	buf_reset(v);
	buf_addf(v, "%s=", key);
	fmt_marimo_format_str(v, val);
	e[(*n)++] = xstrdup(v->ptr);
}

/* The App constructor line(s) (spec 2.3). */
static void
fmt_marimo_app(struct buf *out, struct nb *nb)
{
	struct nb_app_options *o = nb_app_options(nb);
	struct buf v = BUF_INIT;
	char *e[7];
	size_t n = 0, i;

	if (o->width != NULL && strcmp(o->width, "compact") != 0)
		fmt_marimo_app_opt(&v, e, &n, "width", o->width);
	if (o->app_title != NULL)
		fmt_marimo_app_opt(&v, e, &n, "app_title", o->app_title);
	if (o->layout_file != NULL)
		fmt_marimo_app_opt(&v, e, &n, "layout_file", o->layout_file);
	if (o->css_file != NULL)
		fmt_marimo_app_opt(&v, e, &n, "css_file", o->css_file);
	if (o->html_head_file != NULL)
		fmt_marimo_app_opt(&v, e, &n, "html_head_file",
		    o->html_head_file);
	if (o->nauto_download > 0) {
		buf_reset(&v);
		buf_adds(&v, "auto_download=[");
		for (i = 0; i < o->nauto_download; i++) {
			if (i > 0)
				buf_adds(&v, ", ");
			fmt_marimo_format_str(&v, o->auto_download[i]);
		}
		buf_addc(&v, ']');
		e[n++] = xstrdup(v.ptr);
	}
	if (o->sql_output != NULL && strcmp(o->sql_output, "auto") != 0)
		fmt_marimo_app_opt(&v, e, &n, "sql_output", o->sql_output);
	fmt_marimo_format_tuple(out, "app = marimo.App", "", e, n, false,
	    false);
	for (i = 0; i < n; i++)
		free(e[i]);
	buf_release(&v);
}

/* A version string as a double-quoted literal that reads back as itself. */
static void
fmt_marimo_version(struct buf *out, const char *s)
{
	buf_adds(out, "__generated_with = \"");
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == '"')
			buf_addf(out, "\\%c", c);
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if (c < 0x20 || c == 0x7F)
			buf_addf(out, "\\x%02x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_adds(out, "\"\n");
}

static void
fmt_marimo_writer_release(struct fmt_marimo_writer *wr)
{
	size_t i;

	for (i = 0; i < wr->nw; i++) {
		free(wr->w[i].code);
		free(wr->w[i].dname);
	}
	free(wr->w);
	fmt_marimo_set_free(&wr->setup_defs);
	fmt_marimo_set_free(&wr->all_defs);
	fmt_marimo_set_free(&wr->used);
	fmt_marimo_set_free(&wr->added);
	fmt_marimo_set_free(&wr->sql_defs);
	for (i = 0; i < 4; i++)
		fmt_marimo_set_free(&wr->dict[i]);
	fmt_marimo_set_free(&wr->potential);
	fmt_marimo_set_free(&wr->unresolved);
	fmt_marimo_set_free(&wr->visited);
	fmt_marimo_set_free(&wr->ann);
	free(wr->uorder);
}

/* Assemble the file (spec 2.1) from the serialized cells. */
static void
fmt_marimo_assemble(struct buf *out, struct nb *nb,
    const struct fmt_marimo_writer *wr, const struct buf *cells,
    const struct buf *setup)
{
	struct buf f = BUF_INIT;
	const char *h = nb_header(nb);
	size_t i, hl, s;

	if (h != NULL && (hl = fmt_marimo_header_len(h, strlen(h), true)) !=
	    (size_t)-1) {
		buf_add(&f, h, hl);
		buf_adds(&f, "\n\n");
	}
	buf_adds(&f, "import marimo\n\n");
	fmt_marimo_version(&f, nb_version(nb) != NULL ? nb_version(nb) :
	    FMT_MARIMO_VERSION);
	fmt_marimo_app(&f, nb);
	buf_adds(&f, "\n\n");
	buf_add(&f, setup->ptr, setup->len);
	buf_addc(&f, '\n');
	for (i = 0; i < wr->nw; i++) {
		if (i > 0)
			buf_adds(&f, "\n\n\n");
		buf_add(&f, cells[i].ptr, cells[i].len);
	}
	buf_adds(&f, "\n\n\nif __name__ == \"__main__\":\n    app.run()\n");
	s = fmt_marimo_lspace(f.ptr, f.len);
	buf_add(out, f.ptr + s, f.len - s);
	buf_release(&f);
}

int
fmt_marimo_format(struct buf *out, struct nb *nb, struct ana *ana)
{
	struct fmt_marimo_writer wr;
	struct buf setup = BUF_INIT, file = BUF_INIT, *cells = NULL;
	const struct ana_cell *sa = NULL;
	struct nb_cell *c, *sc = NULL;
	struct fmt_marimo_wcell *w;
	const char *src, *name;
	char *scode = NULL;
	size_t i, k, len, slen = 0;
	int error = -1;

	memset(&wr, 0, sizeof wr);
	wr.ana = ana;
	if (ana == NULL) {
		err_set("marimo format: no analyzer");
		return -1;
	}
	if (fmt_marimo_py_start() < 0)
		return -1;

	/* The setup cell: the first named "setup" that parses. */
	for (i = 0; i < nb_ncells(nb) && sc == NULL; i++) {
		c = nb_cell_at(nb, i);
		if (nb_cell_name_is_derived(c) ||
		    strcmp(nb_cell_name(c), "setup") != 0)
			continue;
		src = nb_cell_source(c, &len);
		sa = ana_cell(ana, src, len);
		if (sa == NULL)
			goto done;
		if (sa->parses && !sa->import_star)
			sc = c;
		break;
	}
	if (sc != NULL) {
		src = nb_cell_source(sc, &len);
		scode = fmt_marimo_nbsp(src, len, &slen);
		for (k = 0; k < sa->defs.n; k++)
			fmt_marimo_set_add(&wr.setup_defs, sa->defs.v[k]);
		fmt_marimo_setup_section(&setup, scode, slen, sa,
		    nb_cell_config(sc));
	}

	wr.w = xcalloc(nb_ncells(nb) + 1, sizeof *wr.w);
	for (i = 0; i < nb_ncells(nb); i++) {
		c = nb_cell_at(nb, i);
		if (c == sc)
			continue;
		w = &wr.w[wr.nw++];
		w->src = nb_cell_source(c, &w->srclen);
		w->code = fmt_marimo_nbsp(w->src, w->srclen, &w->codelen);
		w->a = ana_cell(ana, w->src, w->srclen);
		if (w->a == NULL)
			goto done;
		/* compile_cell raises for a star import, as for bad syntax */
		if (!w->a->parses || w->a->import_star)
			w->a = NULL;
		name = nb_cell_name(c);
		if (name[0] == '\0' || strcmp(name, "__") == 0)
			name = "_";
		w->derived = nb_cell_name_is_derived(c);
		w->dname = w->derived ? xasprintf("*%s", name) : xstrdup(name);
		w->name = w->dname;
		w->cfg = nb_cell_config(c);
		w->comment = -1;
	}
	fmt_marimo_extract_toplevel(&wr);

	cells = xcalloc(wr.nw + 1, sizeof *cells);
	for (i = 0; i < wr.nw; i++) {
		buf_init(&cells[i]);
		fmt_marimo_serialize(&cells[i], &wr, &wr.w[i]);
	}
	/*
	 * marimo re-parses each generated cell and falls back to the
	 * unparsable form for one that does not parse. A cell whose code
	 * parses keeps parsing once indented inside "def _():" unless its
	 * name, a parameter, its indentation characters or a re-emitted
	 * markdown string get in the way; only such cells are re-parsed,
	 * which spares a second parse of the whole file on every save.
	 */
	for (i = 0; i < wr.nw; i++) {
		w = &wr.w[i];
		if (!w->risky ||
		    fmt_marimo_py_parses(cells[i].ptr, cells[i].len))
			continue;
		buf_reset(&cells[i]);
		fmt_marimo_unparsable(&cells[i], w->src, w->srclen,
		    w->type == FMT_MARIMO_W_TOPLEVEL ? w->name : w->wname,
		    w->cfg);
	}
	fmt_marimo_assemble(&file, nb, &wr, cells, &setup);
	buf_add(out, file.ptr, file.len);
	error = 0;
done:
	if (cells != NULL)
		for (i = 0; i < wr.nw; i++)
			buf_release(&cells[i]);
	free(cells);
	free(scode);
	buf_release(&setup);
	buf_release(&file);
	fmt_marimo_writer_release(&wr);
	return error;
}
