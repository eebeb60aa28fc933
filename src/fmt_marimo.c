/*
 * fmt_marimo.c: marimo's notebook .py format, read and written as marimo
 * 0.24 does (spec notebook-format.md sections 2-4). Owns the static
 * reader (the file is parsed, never run), the recovery scanner for files
 * that are not valid Python, and the writer that regenerates the whole
 * file from the model. Cell analysis (defs, refs, markdown) is ana.c's,
 * tokens are pytok.c's, the model is nb.c's.
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

#define MO_INDENT "    "
#define MO_MAX_LINE 80
/*
 * The recovery scanner tokenizes again from each place it restarts; a
 * pathological file could make that quadratic. Its work stays within
 * this many times the file's length (plus a constant): real files need
 * one or two passes.
 */
#define MO_SCAN_WORK_FACTOR 8
#define MO_SCAN_WORK_SLACK ((size_t)1 << 20)

/* marimo's violation messages (marimo/_ast/parse.py). */
#define MO_V_ALIAS "`marimo` is typically not imported with an alias."
#define MO_V_IMPORT "Unexpected statement (expected marimo import)"
#define MO_V_VERSION \
	"Expected `__generated_with` assignment for marimo version number."
#define MO_V_APP "Unexpected statement, expected App initialization."
#define MO_V_CELLDEF "Unexpected statement, expected cell definitions."
#define MO_V_BODY "Unexpected statement, expected body cell definition."
#define MO_V_KWARG "Unexpected value for keyword argument"
#define MO_V_GUARD "Expected run guard statement"
#define MO_V_SCANNER "Cell contains a syntax error and could not be parsed"
#define MO_V_DECORATORS \
	"Multiple decorators found, only @app.cell is valid."

/*
 * Small helpers on Python-style text.
 */

/* Bytes of leading Python whitespace in p[0..len). */
static size_t
mo_lspace(const char *p, size_t len)
{
	size_t i = 0, k;

	while (i < len && (k = fmt_py_space(p + i, len - i)) > 0)
		i += k;
	return i;
}

/* Length of p[0..len) without its trailing Python whitespace. */
static size_t
mo_rstrip_len(const char *p, size_t len)
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
mo_strip(const char *p, size_t len, size_t *start)
{
	size_t s = mo_lspace(p, len);

	*start = s;
	return mo_rstrip_len(p + s, len - s);
}

static bool
mo_is_blank(const char *p, size_t len)
{
	return mo_lspace(p, len) == len;
}

/* Python's len() of UTF-8 text: code points. */
static size_t
mo_cplen(const char *p, size_t len)
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
mo_splitlines_break(const char *p, size_t len)
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
mo_indent(struct buf *out, const char *p, size_t len)
{
	size_t i = 0, s, k;

	while (i < len) {
		s = i;
		while (i < len &&
		    (k = mo_splitlines_break(p + i, len - i)) == 0)
			i++;
		if (i < len)
			i += k;
		if (!mo_is_blank(p + s, i - s))
			buf_adds(out, MO_INDENT);
		buf_add(out, p + s, i - s);
	}
}

static bool
mo_starts(const char *p, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(p, prefix, n) == 0;
}

static bool
mo_eq(const char *p, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(p, s, len) == 0;
}

/* Is s an identifier by str.isidentifier() (non-ASCII taken on trust)? */
static bool
mo_is_identifier(const char *s)
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
struct mo_set {
	const char **keys;
	size_t *vals;
	size_t cap, n, used;	/* used counts tombstones too */
};

static const char mo_tomb[] = "";

static uint64_t
mo_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
mo_set_free(struct mo_set *s)
{
	free(s->keys);
	free(s->vals);
	memset(s, 0, sizeof *s);
}

static size_t
mo_set_slot(const struct mo_set *s, const char *k)
{
	size_t i = (size_t)mo_hash(k) & (s->cap - 1), tomb = SIZE_MAX;

	for (;; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == NULL)
			return tomb != SIZE_MAX ? tomb : i;
		if (s->keys[i] == mo_tomb) {
			if (tomb == SIZE_MAX)
				tomb = i;
		} else if (strcmp(s->keys[i], k) == 0)
			return i;
	}
}

static bool
mo_set_get(const struct mo_set *s, const char *k, size_t *val)
{
	size_t i;

	if (s->cap == 0)
		return false;
	i = (size_t)mo_hash(k) & (s->cap - 1);
	for (;; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == NULL)
			return false;
		if (s->keys[i] != mo_tomb && strcmp(s->keys[i], k) == 0) {
			if (val)
				*val = s->vals[i];
			return true;
		}
	}
}

static bool
mo_set_has(const struct mo_set *s, const char *k)
{
	return mo_set_get(s, k, NULL);
}

static void
mo_set_put(struct mo_set *s, const char *k, size_t val)
{
	struct mo_set old;
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
			if (old.keys[i] != NULL && old.keys[i] != mo_tomb)
				mo_set_put(s, old.keys[i], old.vals[i]);
		mo_set_free(&old);
	}
	i = mo_set_slot(s, k);
	if (s->keys[i] == NULL || s->keys[i] == mo_tomb) {
		if (s->keys[i] == NULL)
			s->used++;
		s->n++;
		s->keys[i] = k;
	}
	s->vals[i] = val;
}

static void
mo_set_add(struct mo_set *s, const char *k)
{
	mo_set_put(s, k, 0);
}

static bool
mo_set_del(struct mo_set *s, const char *k)
{
	size_t i;

	if (s->cap == 0)
		return false;
	i = (size_t)mo_hash(k) & (s->cap - 1);
	for (;; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == NULL)
			return false;
		if (s->keys[i] != mo_tomb && strcmp(s->keys[i], k) == 0) {
			s->keys[i] = mo_tomb;
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
struct mo_text {
	char *s;
	size_t len;
	size_t *line;		/* offsets of line starts; line[n] = len + 1 */
	size_t nlines;
	size_t lead;		/* file lines before the first kept line */
};

static void
mo_text_release(struct mo_text *t)
{
	free(t->s);
	free(t->line);
	memset(t, 0, sizeof *t);
}

static void
mo_text_index(struct mo_text *t)
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
mo_text_prepare(struct mo_text *t, const char *text, size_t len)
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
	n = mo_strip(b.ptr, b.len, &s);
	memset(t, 0, sizeof *t);
	for (i = 0; i < s; i++)
		if (b.ptr[i] == '\n')
			t->lead++;
	t->s = xmalloc(n + 1);
	memcpy(t->s, b.ptr + s, n);
	t->s[n] = '\0';
	t->len = n;
	buf_release(&b);
	mo_text_index(t);
}

/* Line i (0-based) without its break. */
static const char *
mo_line(const struct mo_text *t, size_t i, size_t *len)
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
mo_extract(struct buf *out, const struct mo_text *t, size_t l0, size_t c0,
    size_t l1, size_t c1)
{
	const char *p;
	size_t n, a, i;

	if (l1 < l0)
		return;
	if (l0 < t->nlines)
		p = mo_line(t, l0, &n);
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
			p = mo_line(t, i, &n);
			buf_add(out, p, n);
		}
	}
	buf_addc(out, '\n');
	if (l1 < t->nlines) {
		p = mo_line(t, l1, &n);
		buf_add(out, p, c1 < n ? c1 : n);
	}
}

/*
 * Statements, as far as the reader needs them: what CPython's ast says
 * about each top-level statement, copied into C so that the parsed tree
 * and the recovery scanner's synthetic statements look the same.
 */

enum mo_val {
	MO_VAL_BAD,		/* not a literal (a violation) */
	MO_VAL_STR,
	MO_VAL_INT,
	MO_VAL_BOOL,
	MO_VAL_NONE,
	MO_VAL_OTHER,		/* another constant (float, bytes, ...) */
	MO_VAL_LIST		/* a list of constants */
};

struct mo_pos {
	size_t line, col;	/* 1-based line, 0-based byte column */
};

struct mo_kw {
	char *arg;		/* NULL for **mapping */
	enum mo_val type;
	char *s;		/* MO_VAL_STR */
	long long i;		/* MO_VAL_INT */
	bool b;			/* MO_VAL_BOOL */
	char **items;		/* MO_VAL_LIST: its string constants */
	size_t nitems;
	bool nonstr_item;	/* the list holds another constant */
	struct mo_pos pos;
};

struct mo_kwargs {
	struct mo_kw *v;
	size_t n;
	struct mo_pos *bad;	/* where values were not literals */
	size_t nbad;
};

struct mo_dec {
	char *attr;		/* the attribute, or the called attribute */
	bool app;		/* ... of the name "app" */
	bool is_call;
	struct mo_pos pos;	/* of the expression (after the "@") */
	size_t end_line;
	struct mo_kwargs kw;
};

enum mo_node_type {
	MO_NODE_OTHER,
	MO_NODE_EXPR,
	MO_NODE_IMPORT,
	MO_NODE_ASSIGN,
	MO_NODE_DEF,
	MO_NODE_ASYNCDEF,
	MO_NODE_CLASS,
	MO_NODE_WITH,
	MO_NODE_ASYNCWITH,
	MO_NODE_IF
};

struct mo_span {
	size_t line, col, end_line, end_col;
};

struct mo_node {
	enum mo_node_type type;
	struct mo_span at;
	bool scanner;		/* made by the recovery scanner */

	bool str_const;		/* EXPR: a bare string */
	bool expr_const;	/* EXPR: any bare constant */
	bool unparsable;	/* EXPR: app._unparsable_cell(<one arg>) */
	bool unp_str;		/* ... whose argument is a string */
	char *unp_code;
	size_t unp_len;
	struct mo_pos unp_pos;
	struct mo_kwargs kw;	/* unparsable cell or App keywords */

	char *imp_name;		/* IMPORT: the first name and its alias */
	char *imp_as;

	char *target;		/* ASSIGN: the single Name target */
	char *version;		/* ... str() of a constant value */
	char *app_alias;	/* ... X in "X.App(...)" */

	char *name;		/* DEF/CLASS */
	struct mo_dec *decs;
	size_t ndecs;
	size_t nbody;		/* DEF/CLASS/WITH */
	struct mo_span body0, prev, last;
	bool last_is_return;

	size_t nitems;		/* WITH */
	bool setup;		/* ... app.setup or app.setup(...) */
	bool setup_call;
	struct mo_kwargs setup_kw;

	bool run_guard;		/* IF: if __name__ <op> ...: */
};

static void
mo_kwargs_release(struct mo_kwargs *k)
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
mo_node_release(struct mo_node *n)
{
	size_t i;

	free(n->unp_code);
	mo_kwargs_release(&n->kw);
	free(n->imp_name);
	free(n->imp_as);
	free(n->target);
	free(n->version);
	free(n->app_alias);
	free(n->name);
	for (i = 0; i < n->ndecs; i++) {
		free(n->decs[i].attr);
		mo_kwargs_release(&n->decs[i].kw);
	}
	free(n->decs);
	mo_kwargs_release(&n->setup_kw);
	memset(n, 0, sizeof *n);
}

struct mo_nodes {
	struct mo_node *v;
	size_t n, alloc;
};

static struct mo_node *
mo_nodes_add(struct mo_nodes *ns)
{
	if (ns->n == ns->alloc) {
		ns->alloc = ns->alloc ? ns->alloc * 2 : 32;
		ns->v = xreallocarray(ns->v, ns->alloc, sizeof *ns->v);
	}
	memset(&ns->v[ns->n], 0, sizeof ns->v[ns->n]);
	return &ns->v[ns->n++];
}

static void
mo_nodes_release(struct mo_nodes *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		mo_node_release(&ns->v[i]);
	free(ns->v);
	memset(ns, 0, sizeof *ns);
}

/*
 * The CPython side. The editor process holds the GIL on its one thread;
 * PyGILState keeps this correct should that ever change.
 */

static const char *
mo_py_type(PyObject *o)
{
	return o == NULL ? "" : Py_TYPE(o)->tp_name;
}

static bool
mo_py_is(PyObject *o, const char *type)
{
	return o != NULL && strcmp(Py_TYPE(o)->tp_name, type) == 0;
}

/* A new reference to o.name, or NULL (no exception left pending). */
static PyObject *
mo_py_get(PyObject *o, const char *name)
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
mo_py_size(PyObject *o, const char *name)
{
	PyObject *v = mo_py_get(o, name);
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

static struct mo_span
mo_py_span(PyObject *o, size_t loff)
{
	struct mo_span s;

	s.line = mo_py_size(o, "lineno") + loff;
	s.col = mo_py_size(o, "col_offset");
	s.end_line = mo_py_size(o, "end_lineno") + loff;
	s.end_col = mo_py_size(o, "end_col_offset");
	return s;
}

/* A copy of a str object's UTF-8 (lone surrogates become U+FFFD). */
static char *
mo_py_strdup(PyObject *s, size_t *lenp)
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
mo_py_strattr(PyObject *o, const char *name)
{
	PyObject *v = mo_py_get(o, name);
	char *r = NULL;

	if (v != NULL && PyUnicode_Check(v))
		r = mo_py_strdup(v, NULL);
	Py_XDECREF(v);
	return r;
}

/* Is o the Name node with this id? */
static bool
mo_py_is_name(PyObject *o, const char *id)
{
	char *s;
	bool r;

	if (!mo_py_is(o, "Name"))
		return false;
	s = mo_py_strattr(o, "id");
	r = s != NULL && strcmp(s, id) == 0;
	free(s);
	return r;
}

static void
mo_kwargs_bad(struct mo_kwargs *k, PyObject *o, size_t loff)
{
	struct mo_span s = mo_py_span(o, loff);

	k->bad = xreallocarray(k->bad, k->nbad + 1, sizeof *k->bad);
	k->bad[k->nbad].line = s.line;
	k->bad[k->nbad].col = s.col;
	k->nbad++;
}

/* Fill kw from a Constant node; false if it is not one. */
static bool
mo_py_const(struct mo_kw *kw, PyObject *o)
{
	PyObject *v;
	int overflow;

	if (!mo_py_is(o, "Constant"))
		return false;
	v = mo_py_get(o, "value");
	if (v == NULL)
		return false;
	if (PyUnicode_Check(v)) {
		kw->type = MO_VAL_STR;
		kw->s = mo_py_strdup(v, NULL);
	} else if (PyBool_Check(v)) {
		kw->type = MO_VAL_BOOL;
		kw->b = v == Py_True;
	} else if (PyLong_Check(v)) {
		kw->i = PyLong_AsLongLongAndOverflow(v, &overflow);
		kw->type = overflow ? MO_VAL_OTHER : MO_VAL_INT;
		if (PyErr_Occurred())
			PyErr_Clear();
	} else if (v == Py_None)
		kw->type = MO_VAL_NONE;
	else
		kw->type = MO_VAL_OTHER;
	Py_DECREF(v);
	return true;
}

/* marimo's _eval_kwargs over a list of keyword nodes. */
static void
mo_py_kwargs(struct mo_kwargs *k, PyObject *call, size_t loff)
{
	PyObject *kws = mo_py_get(call, "keywords"), *kwn, *val, *elts, *e;
	struct mo_kw *kw;
	struct mo_kw item;
	struct mo_span s;
	Py_ssize_t i, j;

	if (kws == NULL || !PyList_Check(kws)) {
		Py_XDECREF(kws);
		return;
	}
	for (i = 0; i < PyList_GET_SIZE(kws); i++) {
		kwn = PyList_GET_ITEM(kws, i);
		val = mo_py_get(kwn, "value");
		s = mo_py_span(kwn, loff);
		k->v = xreallocarray(k->v, k->n + 1, sizeof *k->v);
		kw = &k->v[k->n];
		memset(kw, 0, sizeof *kw);
		kw->arg = mo_py_strattr(kwn, "arg");
		kw->pos.line = s.line;
		kw->pos.col = s.col;
		if (kw->arg != NULL && mo_py_const(kw, val))
			k->n++;
		else if (kw->arg != NULL && mo_py_is(val, "List")) {
			kw->type = MO_VAL_LIST;
			elts = mo_py_get(val, "elts");
			for (j = 0; elts != NULL && PyList_Check(elts) &&
			    j < PyList_GET_SIZE(elts); j++) {
				e = PyList_GET_ITEM(elts, j);
				memset(&item, 0, sizeof item);
				if (!mo_py_const(&item, e)) {
					mo_kwargs_bad(k, e, loff);
					continue;
				}
				if (item.type == MO_VAL_STR) {
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
			mo_kwargs_bad(k, kwn, loff);
		}
		Py_XDECREF(val);
	}
	Py_DECREF(kws);
}

/* A decorator expression: @X.attr or @X.attr(...). */
static void
mo_py_dec(struct mo_dec *d, PyObject *o, size_t loff)
{
	PyObject *func = NULL, *attr_node, *value;
	struct mo_span s = mo_py_span(o, loff);

	d->pos.line = s.line;
	d->pos.col = s.col;
	d->end_line = s.end_line;
	if (mo_py_is(o, "Call")) {
		d->is_call = true;
		func = mo_py_get(o, "func");
		attr_node = func;
		mo_py_kwargs(&d->kw, o, loff);
	} else
		attr_node = o;
	if (mo_py_is(attr_node, "Attribute")) {
		d->attr = mo_py_strattr(attr_node, "attr");
		value = mo_py_get(attr_node, "value");
		d->app = mo_py_is_name(value, "app");
		Py_XDECREF(value);
	}
	Py_XDECREF(func);
}

/* Spans of the first, next-to-last and last statements of o.body. */
static void
mo_py_body(struct mo_node *n, PyObject *o, size_t loff)
{
	PyObject *body = mo_py_get(o, "body"), *last;
	Py_ssize_t k;

	if (body == NULL || !PyList_Check(body) ||
	    (k = PyList_GET_SIZE(body)) == 0) {
		Py_XDECREF(body);
		return;
	}
	n->nbody = (size_t)k;
	n->body0 = mo_py_span(PyList_GET_ITEM(body, 0), loff);
	last = PyList_GET_ITEM(body, k - 1);
	n->last = mo_py_span(last, loff);
	n->last_is_return = mo_py_is(last, "Return");
	if (k > 1)
		n->prev = mo_py_span(PyList_GET_ITEM(body, k - 2), loff);
	Py_DECREF(body);
}

/* Convert one top-level statement; loff is added to its line numbers. */
static void
mo_py_node(struct mo_node *n, PyObject *o, size_t loff)
{
	const char *type = mo_py_type(o);
	PyObject *v, *w, *x, *y;
	Py_ssize_t i;

	n->at = mo_py_span(o, loff);
	if (strcmp(type, "Expr") == 0) {
		n->type = MO_NODE_EXPR;
		v = mo_py_get(o, "value");
		if (mo_py_is(v, "Constant")) {
			w = mo_py_get(v, "value");
			n->expr_const = true;
			n->str_const = w != NULL && PyUnicode_Check(w);
			Py_XDECREF(w);
		} else if (mo_py_is(v, "Call")) {
			w = mo_py_get(v, "func");
			x = mo_py_get(v, "args");
			y = mo_py_get(w, "value");
			if (mo_py_is(w, "Attribute") &&
			    mo_py_is_name(y, "app") &&
			    x != NULL && PyList_Check(x) &&
			    PyList_GET_SIZE(x) == 1) {
				char *attr = mo_py_strattr(w, "attr");

				n->unparsable = attr != NULL &&
				    strcmp(attr, "_unparsable_cell") == 0;
				free(attr);
			}
			if (n->unparsable) {
				PyObject *arg = PyList_GET_ITEM(x, 0), *c;
				struct mo_span as = mo_py_span(arg, loff);

				n->unp_pos.line = as.line;
				n->unp_pos.col = as.col;
				c = mo_py_get(arg, "value");
				if (mo_py_is(arg, "Constant") && c != NULL &&
				    PyUnicode_Check(c)) {
					n->unp_str = true;
					n->unp_code = mo_py_strdup(c,
					    &n->unp_len);
				}
				Py_XDECREF(c);
				mo_py_kwargs(&n->kw, v, loff);
			}
			Py_XDECREF(w);
			Py_XDECREF(x);
			Py_XDECREF(y);
		}
		Py_XDECREF(v);
	} else if (strcmp(type, "Import") == 0) {
		n->type = MO_NODE_IMPORT;
		v = mo_py_get(o, "names");
		if (v != NULL && PyList_Check(v) && PyList_GET_SIZE(v) > 0) {
			n->imp_name = mo_py_strattr(PyList_GET_ITEM(v, 0),
			    "name");
			n->imp_as = mo_py_strattr(PyList_GET_ITEM(v, 0),
			    "asname");
		}
		Py_XDECREF(v);
	} else if (strcmp(type, "Assign") == 0) {
		n->type = MO_NODE_ASSIGN;
		v = mo_py_get(o, "targets");
		if (v != NULL && PyList_Check(v) && PyList_GET_SIZE(v) == 1 &&
		    mo_py_is(PyList_GET_ITEM(v, 0), "Name"))
			n->target = mo_py_strattr(PyList_GET_ITEM(v, 0), "id");
		Py_XDECREF(v);
		v = mo_py_get(o, "value");
		if (mo_py_is(v, "Constant")) {
			w = mo_py_get(v, "value");
			x = w != NULL ? PyObject_Str(w) : NULL;
			if (x != NULL && PyUnicode_Check(x))
				n->version = mo_py_strdup(x, NULL);
			else
				PyErr_Clear();
			Py_XDECREF(x);
			Py_XDECREF(w);
		} else if (mo_py_is(v, "Call")) {
			w = mo_py_get(v, "func");
			x = mo_py_get(w, "value");
			if (mo_py_is(w, "Attribute") && mo_py_is(x, "Name")) {
				char *attr = mo_py_strattr(w, "attr");

				if (attr != NULL && strcmp(attr, "App") == 0) {
					n->app_alias = mo_py_strattr(x, "id");
					mo_py_kwargs(&n->kw, v, loff);
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
		n->type = type[0] == 'F' ? MO_NODE_DEF : type[0] == 'A' ?
		    MO_NODE_ASYNCDEF : MO_NODE_CLASS;
		n->name = mo_py_strattr(o, "name");
		v = mo_py_get(o, "decorator_list");
		if (v != NULL && PyList_Check(v) && PyList_GET_SIZE(v) > 0) {
			n->ndecs = (size_t)PyList_GET_SIZE(v);
			n->decs = xcalloc(n->ndecs, sizeof *n->decs);
			for (i = 0; i < PyList_GET_SIZE(v); i++)
				mo_py_dec(&n->decs[i], PyList_GET_ITEM(v, i),
				    loff);
		}
		Py_XDECREF(v);
		mo_py_body(n, o, loff);
	} else if (strcmp(type, "With") == 0 ||
	    strcmp(type, "AsyncWith") == 0) {
		n->type = type[0] == 'W' ? MO_NODE_WITH : MO_NODE_ASYNCWITH;
		mo_py_body(n, o, loff);
		v = mo_py_get(o, "items");
		if (v != NULL && PyList_Check(v))
			n->nitems = (size_t)PyList_GET_SIZE(v);
		if (n->nitems == 1) {
			/* app.setup, app.setup(...), app.setup(...)(...) */
			w = mo_py_get(PyList_GET_ITEM(v, 0), "context_expr");
			x = w;
			Py_XINCREF(x);
			n->setup_call = mo_py_is(w, "Call");
			if (n->setup_call)
				mo_py_kwargs(&n->setup_kw, w, loff);
			while (mo_py_is(x, "Call")) {
				y = mo_py_get(x, "func");
				Py_DECREF(x);
				x = y;
			}
			if (mo_py_is(x, "Attribute")) {
				char *attr = mo_py_strattr(x, "attr");

				y = mo_py_get(x, "value");
				n->setup = attr != NULL &&
				    strcmp(attr, "setup") == 0 &&
				    mo_py_is_name(y, "app");
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
		n->type = MO_NODE_IF;
		v = mo_py_get(o, "test");
		w = mo_py_get(v, "left");
		n->run_guard = mo_py_is(v, "Compare") &&
		    mo_py_is_name(w, "__name__");
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
mo_py_parse(struct mo_nodes *ns, const char *src, size_t len,
    const char *path, size_t loff, struct mo_pos *epos, struct buf *emsg)
{
	PyCompilerFlags cf;
	PyObject *mod, *body, *type, *value, *tb, *m;
	PyGILState_STATE gs;
	const char *nul;
	Py_ssize_t i;
	int error = -1;

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
	mod = Py_CompileStringExFlags(src, path, Py_file_input, &cf, -1);
	if (mod == NULL) {
		PyErr_Fetch(&type, &value, &tb);
		PyErr_NormalizeException(&type, &value, &tb);
		if (value != NULL) {
			epos->line = mo_py_size(value, "lineno") + loff;
			if (epos->line == loff)
				epos->line = loff + 1;
			epos->col = mo_py_size(value, "offset");
			if (epos->col > 0)
				epos->col--;
			m = mo_py_get(value, "msg");
			if (m != NULL && PyUnicode_Check(m)) {
				char *s = mo_py_strdup(m, NULL);

				buf_adds(emsg, s);
				free(s);
			} else
				buf_adds(emsg, mo_py_type(value));
			Py_XDECREF(m);
		} else
			buf_adds(emsg, "invalid syntax");
		Py_XDECREF(type);
		Py_XDECREF(value);
		Py_XDECREF(tb);
		goto done;
	}
	body = mo_py_get(mod, "body");
	for (i = 0; body != NULL && PyList_Check(body) &&
	    i < PyList_GET_SIZE(body); i++)
		mo_py_node(mo_nodes_add(ns), PyList_GET_ITEM(body, i), loff);
	Py_XDECREF(body);
	Py_DECREF(mod);
	error = 0;
done:
	PyGILState_Release(gs);
	return error;
}

/* Does src parse as Python (ast.parse, not compile)? */
static bool
mo_py_parses(const char *src, size_t len)
{
	struct mo_nodes ns = { 0 };
	struct buf msg = BUF_INIT;
	struct mo_pos pos;
	bool r;

	r = mo_py_parse(&ns, src, len, "<cell>", 0, &pos, &msg) == 0;
	mo_nodes_release(&ns);
	buf_release(&msg);
	return r;
}

static int
mo_py_start(void)
{
	if (py_init_isolated() < 0) {
		err_prefix("marimo format");
		return -1;
	}
	return 0;
}

/*
 * The reader: marimo's parse_notebook (marimo/_ast/parse.py) over the
 * statements, with cell text cut from the prepared text.
 */

struct mo_reader {
	const char *path;
	struct mo_text t;
	struct mo_nodes ns;
	size_t pos;		/* next statement to hand out */
	struct mo_node *last;	/* the statement handed out last */
	struct nb *nb;
	bool hard, soft;	/* violations seen */
};

static struct mo_node *
mo_next(struct mo_reader *r)
{
	r->last = r->pos < r->ns.n ? &r->ns.v[r->pos++] : NULL;
	return r->last;
}

static struct mo_node *
mo_peek(struct mo_reader *r)
{
	return r->pos < r->ns.n ? &r->ns.v[r->pos] : NULL;
}

/* A violation at a 1-based line of the prepared text (0: unknown). */
static void
mo_violation(struct mo_reader *r, bool hard, size_t line, size_t col,
    const char *msg)
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
static void mo_warn(struct mo_reader *, size_t, size_t, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static void
mo_warn(struct mo_reader *r, size_t line, size_t col, const char *fmt, ...)
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
mo_kwargs_violations(struct mo_reader *r, const struct mo_kwargs *k)
{
	size_t i;

	for (i = 0; i < k->nbad; i++)
		mo_violation(r, true, k->bad[i].line, k->bad[i].col,
		    MO_V_KWARG);
}

static bool
mo_is_cell_attr(const char *attr)
{
	return attr != NULL && (strcmp(attr, "cell") == 0 ||
	    strcmp(attr, "function") == 0 ||
	    strcmp(attr, "class_definition") == 0);
}

/* marimo's get_valid_decorator: the first @X.cell/function/
 * class_definition, called or not; -1 if none. */
static ssize_t
mo_valid_dec(const struct mo_node *n)
{
	size_t i;

	for (i = 0; i < n->ndecs; i++)
		if (mo_is_cell_attr(n->decs[i].attr))
			return (ssize_t)i;
	return -1;
}

static bool
mo_is_defnode(const struct mo_node *n)
{
	return n->type == MO_NODE_DEF || n->type == MO_NODE_ASYNCDEF ||
	    n->type == MO_NODE_CLASS;
}

static bool
mo_is_body_cell(const struct mo_node *n)
{
	ssize_t d;

	if (n == NULL)
		return false;
	if (n->type == MO_NODE_EXPR && n->unparsable)
		return true;
	return mo_is_defnode(n) && (d = mo_valid_dec(n)) >= 0 &&
	    n->decs[d].app;
}

static bool
mo_is_setup(const struct mo_node *n)
{
	return n != NULL && (n->type == MO_NODE_WITH ||
	    n->type == MO_NODE_ASYNCWITH) && n->nitems == 1 && n->setup;
}

static bool
mo_is_guard(const struct mo_node *n)
{
	return n != NULL && n->type == MO_NODE_IF && n->run_guard;
}

/*
 * The 1-based line of the ":" that ends the def/with header at n, found
 * with tokens so that colons inside brackets, strings and comments do
 * not count.
 */
static size_t
mo_header_colon(const struct mo_reader *r, const struct mo_node *n)
{
	const struct mo_text *t = &r->t;
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
mo_trailing_lines(struct buf *code, const struct mo_reader *r, size_t from,
    const char *indent, size_t ilen)
{
	const struct mo_text *t = &r->t;
	const char *p;
	size_t i, n, start, end;

	for (i = from; i < t->nlines; i++) {
		p = mo_line(t, i, &n);
		if (mo_is_blank(p, n) || (n >= ilen && memcmp(p, indent,
		    ilen) == 0))
			continue;
		break;
	}
	if (i <= from)
		return;
	start = t->line[from];
	end = t->line[i] - 1;
	n = mo_rstrip_len(t->s + start, end - start);
	if (n == 0)
		return;
	buf_addc(code, '\n');
	buf_add(code, t->s + start, n);
}

/* The leading whitespace of 1-based line l. */
static const char *
mo_line_indent(const struct mo_reader *r, size_t l, size_t *ilen)
{
	const char *p;
	size_t n;

	if (l == 0 || l > r->t.nlines) {
		*ilen = 0;
		return "";
	}
	p = mo_line(&r->t, l - 1, &n);
	*ilen = mo_lspace(p, n);
	return p;
}

/*
 * The code of an @app.cell function (spec 3.3): from after the header's
 * colon to before the final return, or to the end with trailing comment
 * lines when there is none. *line is the 1-based first line.
 */
static void
mo_cell_body(struct buf *out, struct mo_reader *r, const struct mo_node *n,
    size_t *line)
{
	struct buf code = BUF_INIT;
	size_t colon, sl, sc, el, ec, ilen;
	const char *ind;

	colon = mo_header_colon(r, n);
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
	mo_extract(&code, &r->t, sl - 1, sc, el - 1, ec);
	if (!n->last_is_return && n->at.line != n->last.line) {
		ind = mo_line_indent(r, n->body0.line, &ilen);
		if (ilen > 0)
			mo_trailing_lines(&code, r, n->at.end_line, ind, ilen);
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
mo_stmt_body(struct buf *out, struct mo_reader *r, const struct mo_node *n,
    ssize_t d, size_t *line)
{
	struct buf code = BUF_INIT;
	size_t sl, sc, colon, ilen;
	const char *ind;

	if (d >= 0) {
		sl = n->decs[d].end_line;	/* 0-based: the next line */
		sc = n->decs[d].pos.col > 0 ? n->decs[d].pos.col - 1 : 0;
	} else {
		colon = mo_header_colon(r, n);
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
	mo_extract(&code, &r->t, sl, sc, n->at.end_line - 1, n->at.end_col);
	if (n->nbody > 0) {
		ind = mo_line_indent(r, n->body0.line, &ilen);
		if (ilen > 0)
			mo_trailing_lines(&code, r, n->at.end_line, ind, ilen);
	}
	fmt_fixed_dedent(out, code.ptr, code.len);
	buf_release(&code);
}

/* Read config keywords into cfg; *name gets a name= string if wanted. */
static void
mo_read_config(struct mo_reader *r, const struct mo_kwargs *k,
    struct nb_cell_config *cfg, char **name)
{
	const struct mo_kw *kw;
	size_t i;

	mo_kwargs_violations(r, k);
	for (i = 0; i < k->n; i++) {
		kw = &k->v[i];
		if (strcmp(kw->arg, "column") == 0) {
			if (kw->type == MO_VAL_NONE)
				cfg->column = NB_COLUMN_NONE;
			else if (kw->type == MO_VAL_INT && kw->i >= 0 &&
			    kw->i <= INT_MAX)
				cfg->column = (int)kw->i;
			else
				mo_warn(r, kw->pos.line, kw->pos.col,
				    "cell option %s: not a column number",
				    kw->arg);
		} else if (strcmp(kw->arg, "disabled") == 0 ||
		    strcmp(kw->arg, "hide_code") == 0 ||
		    strcmp(kw->arg, "expand_output") == 0) {
			bool v;

			if (kw->type == MO_VAL_BOOL)
				v = kw->b;
			else if (kw->type == MO_VAL_INT)
				v = kw->i != 0;
			else if (kw->type == MO_VAL_NONE)
				v = false;
			else {
				mo_warn(r, kw->pos.line, kw->pos.col,
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
			if (kw->type == MO_VAL_STR) {
				free(*name);
				*name = xstrdup(kw->s);
			}
		} else
			mo_warn(r, kw->pos.line, kw->pos.col,
			    "unknown cell option %s ignored", kw->arg);
	}
}

static struct nb_cell *
mo_add_cell(struct mo_reader *r, const struct buf *code, const char *name,
    enum nb_cell_kind kind, struct nb_cell_config cfg, size_t line)
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
mo_read_cell(struct mo_reader *r, const struct mo_node *n)
{
	struct nb_cell_config cfg = nb_cell_config_default;
	struct buf code = BUF_INIT;
	struct nb_cell *c;
	const struct mo_dec *dec;
	char *name = NULL;
	size_t line = 0, s, k;
	ssize_t d;

	if (n->type == MO_NODE_EXPR) {
		mo_read_config(r, &n->kw, &cfg, &name);
		if (!n->unp_str) {
			mo_violation(r, true, n->at.line, n->at.col,
			    "Expected string constant in unparsable cell");
			line = n->at.line;
		} else {
			struct buf ded = BUF_INIT;

			fmt_fixed_dedent(&ded, n->unp_code, n->unp_len);
			k = mo_strip(ded.ptr, ded.len, &s);
			buf_add(&code, ded.ptr + s, k);
			buf_release(&ded);
			line = n->scanner ? n->at.line : n->unp_pos.line +
			    (n->unp_len > 0 && n->unp_code[0] == '\n');
		}
		if (n->scanner)
			mo_violation(r, true, n->at.line, 0, MO_V_SCANNER);
		mo_add_cell(r, &code, name, NB_CELL_UNPARSABLE, cfg, line);
		free(name);
		buf_release(&code);
		return 0;
	}
	d = mo_valid_dec(n);
	dec = &n->decs[d];
	mo_read_config(r, &dec->kw, &cfg, NULL);
	if (strcmp(dec->attr, "cell") == 0) {
		if (n->type == MO_NODE_CLASS) {
			err_set("%s:%zu:%zu: @app.cell cannot decorate a class",
			    r->path, n->at.line + r->t.lead, n->at.col + 1);
			return -1;
		}
		if (n->ndecs > 1)
			mo_violation(r, true, dec->pos.line, dec->pos.col,
			    MO_V_DECORATORS);
		mo_cell_body(&code, r, n, &line);
		mo_add_cell(r, &code, n->name, NB_CELL_CODE, cfg, line);
	} else {
		mo_stmt_body(&code, r, n, d, &line);
		c = mo_add_cell(r, &code, n->name, dec->attr[0] == 'f' ?
		    NB_CELL_FUNCTION : NB_CELL_CLASS, cfg, line);
		nb_cell_set_name_derived(c, true);
	}
	buf_release(&code);
	return 0;
}

static int
mo_read_setup(struct mo_reader *r, const struct mo_node *n)
{
	struct nb_cell_config cfg = nb_cell_config_default;
	struct buf code = BUF_INIT;
	size_t line;

	mo_read_config(r, &n->setup_kw, &cfg, NULL);
	mo_stmt_body(&code, r, n, -1, &line);
	if (code.len >= 5 && memcmp(code.ptr + code.len - 5, "\npass", 5) == 0)
		buf_truncate(&code, code.len - 5);
	mo_add_cell(r, &code, "setup", NB_CELL_SETUP, cfg, line);
	buf_release(&code);
	return 0;
}

static void
mo_read_app(struct mo_reader *r, const struct mo_node *n)
{
	struct nb_app_options *o = nb_app_options(r->nb);
	static const char *const strkeys[] = { "width", "app_title",
	    "layout_file", "css_file", "html_head_file", "sql_output" };
	char **slots[6];
	const struct mo_kw *kw;
	size_t i, j;

	slots[0] = &o->width;
	slots[1] = &o->app_title;
	slots[2] = &o->layout_file;
	slots[3] = &o->css_file;
	slots[4] = &o->html_head_file;
	slots[5] = &o->sql_output;
	mo_kwargs_violations(r, &n->kw);
	for (i = 0; i < n->kw.n; i++) {
		kw = &n->kw.v[i];
		for (j = 0; j < 6; j++)
			if (strcmp(kw->arg, strkeys[j]) == 0)
				break;
		if (j < 6) {
			if (kw->type == MO_VAL_STR) {
				free(*slots[j]);
				*slots[j] = xstrdup(kw->s);
			} else if (kw->type == MO_VAL_NONE && j >= 1 &&
			    j <= 4) {
				free(*slots[j]);
				*slots[j] = NULL;
			} else
				mo_warn(r, kw->pos.line, kw->pos.col,
				    "App option %s: not a string, ignored",
				    kw->arg);
		} else if (strcmp(kw->arg, "auto_download") == 0) {
			if (kw->type != MO_VAL_LIST || kw->nonstr_item) {
				mo_warn(r, kw->pos.line, kw->pos.col,
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
			mo_warn(r, kw->pos.line, kw->pos.col,
			    "unknown App option %s dropped", kw->arg);
	}
}

/*
 * The recovery scanner (spec 3.5, marimo/_ast/scanner.py): when the file
 * is not valid Python, cut it at column-0 cell boundaries found with the
 * tokenizer, parse each piece on its own, and keep a piece that fails as
 * an unparsable cell holding its body.
 */

enum mo_bkind {
	MO_B_CELL,
	MO_B_FUNCTION,
	MO_B_CLASS,
	MO_B_SETUP,
	MO_B_UNPARSABLE
};

struct mo_bound {
	size_t start;		/* 1-based line */
	enum mo_bkind kind;
	size_t seq;		/* order found, for a stable sort */
};

enum mo_dstate {
	MO_D_IDLE,
	MO_D_AT,
	MO_D_AT_APP,
	MO_D_AT_APP_DOT,
	MO_D_AT_KIND,
	MO_D_AT_ARGS,
	MO_D_WITH,
	MO_D_WITH_APP,
	MO_D_WITH_APP_DOT,
	MO_D_WITH_SETUP,
	MO_D_APP,
	MO_D_APP_DOT,
	MO_D_APP_UNPARSABLE,
	MO_D_IF,
	MO_D_IF_NAME
};

struct mo_detector {
	enum mo_dstate state;
	size_t start;
	enum mo_bkind kind;
	int depth;
	struct mo_bound *b;
	size_t nb, alloc;
	size_t guard;		/* 1-based line of the last "if __name__ ==" */
};

static void
mo_det_found(struct mo_detector *d)
{
	if (d->nb == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->b = xreallocarray(d->b, d->alloc, sizeof *d->b);
	}
	d->b[d->nb].start = d->start;
	d->b[d->nb].kind = d->kind;
	d->b[d->nb].seq = d->nb;
	d->nb++;
	d->state = MO_D_IDLE;
}

/* Feed one token (text is the chunk the token indexes). */
static void
mo_det_feed(struct mo_detector *d, const struct pytok *tok, const char *text)
{
	const char *s = text + tok->off;
	size_t n = tok->len;
	bool name = tok->type == PYTOK_NAME, op = tok->type == PYTOK_OP;

	switch (d->state) {
	case MO_D_IDLE:
		if (tok->col != 0)
			return;
		d->start = tok->line;
		if (op && mo_eq(s, n, "@"))
			d->state = MO_D_AT;
		else if (name && mo_eq(s, n, "with"))
			d->state = MO_D_WITH;
		else if (name && mo_eq(s, n, "app"))
			d->state = MO_D_APP;
		else if (name && mo_eq(s, n, "if"))
			d->state = MO_D_IF;
		return;
	case MO_D_AT:
		d->state = name && mo_eq(s, n, "app") ? MO_D_AT_APP : MO_D_IDLE;
		return;
	case MO_D_AT_APP:
		d->state = op && mo_eq(s, n, ".") ? MO_D_AT_APP_DOT : MO_D_IDLE;
		return;
	case MO_D_AT_APP_DOT:
		d->state = MO_D_IDLE;
		if (!name)
			return;
		if (mo_eq(s, n, "cell"))
			d->kind = MO_B_CELL;
		else if (mo_eq(s, n, "function"))
			d->kind = MO_B_FUNCTION;
		else if (mo_eq(s, n, "class_definition"))
			d->kind = MO_B_CLASS;
		else
			return;
		d->state = MO_D_AT_KIND;
		return;
	case MO_D_AT_KIND:
		if (op && mo_eq(s, n, "(")) {
			d->depth = 1;
			d->state = MO_D_AT_ARGS;
		} else if (tok->type == PYTOK_NEWLINE ||
		    tok->type == PYTOK_NL || tok->type == PYTOK_COMMENT)
			mo_det_found(d);
		else
			d->state = MO_D_IDLE;
		return;
	case MO_D_AT_ARGS:
		if (op && mo_eq(s, n, "("))
			d->depth++;
		else if (op && mo_eq(s, n, ")") && --d->depth == 0)
			mo_det_found(d);
		return;
	case MO_D_WITH:
		d->state = name && mo_eq(s, n, "app") ? MO_D_WITH_APP :
		    MO_D_IDLE;
		return;
	case MO_D_WITH_APP:
		d->state = op && mo_eq(s, n, ".") ? MO_D_WITH_APP_DOT :
		    MO_D_IDLE;
		return;
	case MO_D_WITH_APP_DOT:
		d->state = name && mo_eq(s, n, "setup") ? MO_D_WITH_SETUP :
		    MO_D_IDLE;
		d->kind = MO_B_SETUP;
		return;
	case MO_D_WITH_SETUP:
		if (op && mo_eq(s, n, ":"))
			mo_det_found(d);
		else if (tok->type == PYTOK_NEWLINE || tok->type == PYTOK_NL)
			d->state = MO_D_IDLE;
		return;
	case MO_D_APP:
		d->state = op && mo_eq(s, n, ".") ? MO_D_APP_DOT : MO_D_IDLE;
		return;
	case MO_D_APP_DOT:
		d->state = name && mo_eq(s, n, "_unparsable_cell") ?
		    MO_D_APP_UNPARSABLE : MO_D_IDLE;
		d->kind = MO_B_UNPARSABLE;
		return;
	case MO_D_APP_UNPARSABLE:
		if (op && mo_eq(s, n, "("))
			mo_det_found(d);
		else
			d->state = MO_D_IDLE;
		return;
	case MO_D_IF:
		d->state = name && mo_eq(s, n, "__name__") ? MO_D_IF_NAME :
		    MO_D_IDLE;
		return;
	case MO_D_IF_NAME:
		if (op && mo_eq(s, n, "=="))
			d->guard = d->start;
		d->state = MO_D_IDLE;
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
mo_tok_cut(const char *text, size_t len, const struct pytok *t, size_t n,
    size_t *cut, size_t *eline)
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
mo_boundary_line(const char *p, size_t n)
{
	size_t i, k;

	if (mo_starts(p, n, "@app.") || mo_starts(p, n, "app._unparsable_cell"))
		return true;
	if (mo_starts(p, n, "with")) {
		i = 4;
		if ((k = fmt_py_space(p + i, n - i)) == 0)
			return false;
		i += mo_lspace(p + i, n - i);
		return mo_starts(p + i, n - i, "app.");
	}
	if (mo_starts(p, n, "if")) {
		i = 2;
		if (i >= n || (k = fmt_py_space(p + i, n - i)) == 0)
			return false;
		i += mo_lspace(p + i, n - i);
		if (!mo_starts(p + i, n - i, "__name__"))
			return false;
		i += 8;
		i += mo_lspace(p + i, n - i);
		return mo_starts(p + i, n - i, "==");
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
mo_scan_chunk(const struct mo_text *t, size_t off, struct mo_detector *d,
    bool probe, size_t *eline)
{
	const char *chunk = t->s + t->line[off];
	size_t len = t->len - t->line[off], n, cut, i, nb0 = d->nb;
	struct pytok *tok;
	bool raised;

	tok = pytok_scan(chunk, len, &n, NULL);
	raised = mo_tok_cut(chunk, len, tok, n, &cut, eline);
	for (i = 0; i < cut; i++) {
		mo_det_feed(d, &tok[i], chunk);
		if (probe && (d->nb > nb0 || d->guard != 0))
			break;
	}
	free(tok);
	return raised;
}

static int
mo_bound_cmp(const void *a, const void *b)
{
	const struct mo_bound *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Is this a Python \w byte (ASCII word character, or any non-ASCII)? */
static bool
mo_word(unsigned char c)
{
	return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* scanner.py _extract_name_from_cell over 0-based lines [a, b). */
static char *
mo_scan_name(const struct mo_text *t, enum mo_bkind kind, size_t a, size_t b)
{
	const char *p;
	size_t i, j, k, n, s;

	if (kind == MO_B_SETUP)
		return NULL;
	if (kind == MO_B_UNPARSABLE) {
		/* name\s*=\s*["'](\w+)["'] anywhere on a line */
		for (i = a; i < b && i < t->nlines; i++) {
			p = mo_line(t, i, &n);
			for (j = 0; j + 4 <= n; j++) {
				if (memcmp(p + j, "name", 4) != 0)
					continue;
				k = j + 4;
				k += mo_lspace(p + k, n - k);
				if (k >= n || p[k] != '=')
					continue;
				k++;
				k += mo_lspace(p + k, n - k);
				if (k >= n || (p[k] != '"' && p[k] != '\''))
					continue;
				s = ++k;
				while (k < n && mo_word((unsigned char)p[k]))
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
		p = mo_line(t, i, &n);
		k = mo_lspace(p, n);
		if (mo_starts(p + k, n - k, "async") && k + 5 < n &&
		    fmt_py_space(p + k + 5, n - k - 5) > 0) {
			k += 5;
			k += mo_lspace(p + k, n - k);
		}
		if (mo_starts(p + k, n - k, "def"))
			k += 3;
		else if (mo_starts(p + k, n - k, "class"))
			k += 5;
		else
			continue;
		if (k >= n || fmt_py_space(p + k, n - k) == 0)
			continue;
		k += mo_lspace(p + k, n - k);
		s = k;
		while (k < n && mo_word((unsigned char)p[k]))
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
mo_scan_body(struct buf *out, const char *src, size_t len,
    enum mo_bkind kind)
{
	struct buf ded = BUF_INIT;
	size_t *ls = NULL, nl = 0, i, j, start = 0, body, last, n, k, s;
	size_t bi_len = 0, li_len;
	const char *bi = "", *p;
	int depth = 0;
	bool found = false;
	char q;

	if (kind == MO_B_UNPARSABLE) {
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
#define MO_LINE_LEN(x) (ls[(x) + 1] - ls[x])
	i = 0;
	if (kind != MO_B_SETUP)
		while (i < nl) {
			p = src + ls[i];
			n = MO_LINE_LEN(i);
			k = mo_strip(p, n, &s);
			if (k == 0 || p[s] == '@')
				i++;
			else
				break;
		}
	for (; i < nl && !found; i++) {
		p = src + ls[i];
		n = MO_LINE_LEN(i);
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
		n = MO_LINE_LEN(i);
		if (!mo_is_blank(p, n)) {
			bi = p;
			bi_len = mo_lspace(p, n);
			break;
		}
	}
	last = nl;
	for (i = nl; i > body; i--) {
		p = src + ls[i - 1];
		n = MO_LINE_LEN(i - 1);
		if (mo_is_blank(p, n))
			continue;
		li_len = mo_lspace(p, n);
		k = mo_strip(p, n, &s);
		if (li_len == bi_len && memcmp(p, bi, bi_len) == 0 &&
		    (mo_eq(p + s, k, "return") || mo_starts(p + s, k,
		    "return ") || mo_starts(p + s, k, "return\t") ||
		    mo_starts(p + s, k, "return(")))
			last = i - 1;
		break;
	}
	fmt_fixed_dedent(&ded, src + ls[body], ls[last] - ls[body]);
	k = mo_strip(ded.ptr, ded.len, &s);
	buf_add(out, ded.ptr + s, k);
done:
#undef MO_LINE_LEN
	buf_release(&ded);
	free(ls);
}

static bool
mo_has_markers(const char *s, size_t len)
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
mo_scan(struct mo_reader *r)
{
	struct mo_text *t = &r->t;
	struct mo_detector d = { 0 };
	struct mo_detector probe;
	struct buf piece = BUF_INIT, msg = BUF_INIT;
	struct mo_pos epos;
	struct mo_node *n;
	size_t off = 0, eline, cand, work = 0, guard = 0, i, j, a, b, s;
	size_t budget = t->len * MO_SCAN_WORK_FACTOR + MO_SCAN_WORK_SLACK;
	size_t next, pstart, pend, nb0;
	bool raised, found;
	int error = -1;

	if (!mo_has_markers(t->s, t->len))
		return 1;
	while (off < t->nlines) {
		nb0 = d.nb;
		d.state = MO_D_IDLE;
		d.guard = 0;
		raised = mo_scan_chunk(t, off, &d, false, &eline);
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

			p = mo_line(t, cand, &pn);
			if (!mo_boundary_line(p, pn))
				continue;
			memset(&probe, 0, sizeof probe);
			(void)mo_scan_chunk(t, cand, &probe, true, &e2);
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
		qsort(d.b, d.nb, sizeof *d.b, mo_bound_cmp);

	/* Stacked decorators above @app.<kind> belong to the cell. */
	for (i = 0; i < d.nb; i++) {
		if (d.b[i].kind > MO_B_CLASS)
			continue;
		for (j = d.b[i].start - 1; j > 0; j--) {
			const char *p;
			size_t pn, k;

			p = mo_line(t, j - 1, &pn);
			k = mo_strip(p, pn, &s);
			if (k > 0 && p[s] == '@')
				d.b[i].start = j;
			else if (k > 0)
				break;
		}
	}

	/* The preamble, which must parse. */
	pend = d.nb > 0 ? t->line[d.b[0].start - 1] : t->len;
	buf_add(&piece, t->s, pend);
	a = mo_strip(piece.ptr, piece.len, &s);
	if (a > 0 && mo_py_parse(&r->ns, piece.ptr, piece.len, r->path, 0,
	    &epos, &msg) < 0) {
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
		if (mo_py_parse(&r->ns, piece.ptr, piece.len, r->path, a,
		    &epos, &msg) == 0)
			continue;
		n = mo_nodes_add(&r->ns);
		n->type = MO_NODE_EXPR;
		n->unparsable = true;
		n->unp_str = true;
		n->scanner = true;
		n->at.line = n->at.end_line = d.b[i].start;
		{
			struct buf body = BUF_INIT;
			char *name;

			mo_scan_body(&body, piece.ptr, piece.len, d.b[i].kind);
			n->unp_len = body.len;
			n->unp_code = buf_detach(&body, NULL);
			name = mo_scan_name(t, d.b[i].kind, a, b);
			if (name != NULL) {
				n->kw.v = xcalloc(1, sizeof *n->kw.v);
				n->kw.n = 1;
				n->kw.v[0].arg = xstrdup("name");
				n->kw.v[0].type = MO_VAL_STR;
				n->kw.v[0].s = name;
				n->kw.v[0].pos.line = d.b[i].start;
			}
		}
	}
	if (guard != 0) {
		n = mo_nodes_add(&r->ns);
		n->type = MO_NODE_IF;
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
mo_header_len(const char *s, size_t len, bool whole)
{
	struct mo_nodes ns = { 0 };
	struct buf h = BUF_INIT, msg = BUF_INIT;
	struct mo_pos pos;
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
	if (mo_py_parse(&ns, h.ptr, h.len, "<header>", 0, &pos, &msg) < 0)
		goto done;
	for (i = 0; i < ns.n; i++)
		if (ns.v[i].type != MO_NODE_EXPR || !ns.v[i].expr_const)
			goto done;
	n = mo_rstrip_len(s, end);
done:
	mo_nodes_release(&ns);
	buf_release(&h);
	buf_release(&msg);
	return n;
}

static int
mo_read(struct mo_reader *r)
{
	struct mo_text *t = &r->t;
	struct mo_node *n, *setup = NULL;
	struct buf msg = BUF_INIT;
	struct mo_pos epos;
	const char *alias = "marimo";
	size_t hlen, hend, s;
	int rc;

	if (mo_py_parse(&r->ns, t->s, t->len, r->path, 0, &epos, &msg) < 0) {
		mo_nodes_release(&r->ns);
		rc = mo_scan(r);
		if (rc < 0)
			goto fail;
		if (rc > 0) {
			err_set("%s:%zu:%zu: %s (not a marimo notebook)",
			    r->path, epos.line + t->lead, epos.col + 1,
			    msg.ptr);
			goto fail;
		}
	}

	/* Header: leading bare strings; comments are not statements. */
	while ((n = mo_next(r)) != NULL)
		if (!(n->type == MO_NODE_EXPR && n->str_const))
			break;
	hend = n != NULL && n->at.line > 0 && n->at.line <= t->nlines ?
	    t->line[n->at.line - 1] + n->at.col : t->len;
	if (hend > t->len)
		hend = t->len;

	/* import marimo [as X] */
	for (n = r->last; n != NULL; n = mo_next(r)) {
		if (n->type == MO_NODE_IMPORT && n->imp_name != NULL &&
		    strcmp(n->imp_name, "marimo") == 0)
			break;
		mo_violation(r, true, n->at.line, n->at.col, MO_V_IMPORT);
	}
	if (n == NULL) {
		/* Only a header (empty), or a script that is not marimo. */
		for (s = 0; s < r->ns.n; s++)
			if (!(r->ns.v[s].type == MO_NODE_EXPR &&
			    r->ns.v[s].str_const))
				break;
		if (s < r->ns.n) {
			err_set("%s:%zu:%zu: not a marimo notebook (no "
			    "\"import marimo\"; convert the script first)",
			    r->path, r->ns.v[s].at.line + t->lead,
			    r->ns.v[s].at.col + 1);
			goto fail;
		}
		hlen = mo_header_len(t->s, t->len, true);
		if (hlen != (size_t)-1 && hlen > 0)
			nb_set_header(r->nb, t->s, hlen);
		nb_set_load_status(r->nb, NB_LOAD_EMPTY);
		(void)nb_cell_insert(r->nb, 0, "", 0);
		buf_release(&msg);
		return 0;
	}
	if (n->imp_as != NULL) {
		mo_violation(r, false, n->at.line, n->at.col, MO_V_ALIAS);
		alias = n->imp_as;
	}

	/* __generated_with = "..." */
	n = mo_next(r);
	if (n != NULL && n->type == MO_NODE_ASSIGN && n->target != NULL &&
	    strcmp(n->target, "__generated_with") == 0 && n->version != NULL &&
	    n->version[0] != '\0') {
		nb_set_version(r->nb, n->version);
		(void)mo_next(r);
	} else
		mo_violation(r, false, n != NULL ? n->at.line : 0, 0,
		    MO_V_VERSION);

	/* app = marimo.App(...) */
	for (n = r->last; n != NULL; n = mo_next(r)) {
		if (n->type == MO_NODE_ASSIGN && n->target != NULL &&
		    strcmp(n->target, "app") == 0 && n->app_alias != NULL &&
		    strcmp(n->app_alias, alias) == 0)
			break;
		mo_violation(r, true, n->at.line, n->at.col, MO_V_APP);
	}
	if (n == NULL) {
		err_set("%s: `marimo.App` definition expected", r->path);
		goto fail;
	}
	mo_read_app(r, n);

	/* Statements before the first cell; the setup block. */
	setup = NULL;
	for (n = r->last; n != NULL;) {
		struct mo_node *p = mo_peek(r);

		if (p != NULL && (mo_is_setup(p) || mo_is_body_cell(p))) {
			if (mo_is_setup(p)) {
				setup = mo_next(r);
				if (mo_read_setup(r, setup) < 0)
					goto fail;
			}
			break;
		}
		n = mo_next(r);
		if (n != NULL)
			mo_violation(r, true, n->at.line, n->at.col,
			    MO_V_CELLDEF);
	}
	if (!mo_is_guard(r->last)) {
		while ((n = mo_next(r)) != NULL) {
			if (mo_is_body_cell(n)) {
				if (mo_read_cell(r, n) < 0)
					goto fail;
			} else if (mo_is_guard(n))
				break;
			else
				mo_violation(r, true, n->at.line, n->at.col,
				    MO_V_BODY);
		}
		if (!mo_is_guard(r->last))
			mo_violation(r, false, 0, 0, MO_V_GUARD);
	}

	/*
	 * marimo's editor writes back the text before "import marimo" when
	 * that is only comments and strings, else the header it read.
	 */
	hlen = mo_header_len(t->s, t->len, false);
	if (hlen == (size_t)-1 || hlen == 0)
		hlen = mo_rstrip_len(t->s, hend);
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

int
fmt_marimo_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *ana)
{
	struct mo_reader r;
	int error;

	(void)ana;
	*out = NULL;
	memset(&r, 0, sizeof r);
	r.path = path != NULL ? path : "<notebook>";
	r.nb = nb_new();
	mo_text_prepare(&r.t, text != NULL ? text : "", text != NULL ?
	    len : 0);
	if (r.t.len == 0) {
		nb_set_load_status(r.nb, NB_LOAD_EMPTY);
		(void)nb_cell_insert(r.nb, 0, "", 0);
		error = 0;
	} else if (mo_py_start() < 0)
		error = -1;
	else
		error = mo_read(&r);
	if (error == 0) {
		nb_set_dirty(r.nb, false);
		*out = r.nb;
	} else
		nb_free(r.nb);
	mo_nodes_release(&r.ns);
	mo_text_release(&r.t);
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

#define MO_TOK(k, s) (t[k].len == strlen(s) && \
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
		if (!imp && MO_TOK(i, "import") && MO_TOK(i + 1, "marimo") &&
		    !(t[i + 2].type == PYTOK_OP && MO_TOK(i + 2, ".")))
			imp = true;
		else if (imp && i + 5 < n && MO_TOK(i, "app") &&
		    MO_TOK(i + 1, "=") && t[i + 2].type == PYTOK_NAME &&
		    MO_TOK(i + 3, ".") && MO_TOK(i + 4, "App") &&
		    MO_TOK(i + 5, "("))
			app = true;
	}
#undef MO_TOK
	free(t);
	return imp && app;
}

/*
 * The writer: marimo's generate_filecontents (marimo/_ast/codegen.py)
 * with its TopLevelExtraction (marimo/_ast/toplevel.py), which decides
 * per cell between @app.cell, @app.function/@app.class_definition and
 * the unparsable form, in file order.
 */

enum mo_wtype {
	MO_W_UNPARSABLE,
	MO_W_CELL,
	MO_W_TOPLEVEL,
	MO_W_UNRESOLVED
};

struct mo_wcell {
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
	enum mo_wtype type;
	int comment;		/* trailing column-0 comment; -1 unknown */
	bool risky;		/* its written form might not parse */
};

struct mo_writer {
	struct ana *ana;
	struct mo_wcell *w;
	size_t nw;
	struct mo_set setup_defs, all_defs, used, added, sql_defs;
	struct mo_set dict[4];	/* type -> name -> cell index */
	struct mo_set potential, unresolved, visited;
	const char **uorder;	/* unresolved names in first-seen order */
	size_t nuorder;
	bool builtins;		/* unshadowed builtins are allowed */
	struct mo_set ann;	/* name -> cell whose annotation counts */
};

static bool
mo_allowed(const struct mo_writer *wr, const char *name)
{
	return mo_set_has(&wr->setup_defs, name) ||
	    mo_set_has(&wr->added, name) || (wr->builtins &&
	    ana_is_builtin(wr->ana, name) && !mo_set_has(&wr->all_defs, name));
}

/* code.strip() ends with a comment at column 0 (toplevel.py). */
static bool
mo_trailing_comment(struct mo_wcell *w)
{
	struct pytok *t;
	size_t n, i, s, len;

	if (w->comment >= 0)
		return w->comment;
	len = mo_strip(w->src, w->srclen, &s);
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
mo_update(struct mo_writer *wr, size_t i, bool ctx)
{
	struct mo_wcell *w = &wr->w[i];
	const struct ana_cell *a = w->a;
	const char *r;
	size_t k;
	bool dependent = false, defined = false;

	if (a == NULL) {
		w->type = MO_W_UNPARSABLE;
		return;
	}
	w->type = MO_W_CELL;
	if (a->nbound != 1 || a->single == ANA_SINGLE_NONE ||
	    a->single_name == NULL || a->single_name[0] == '_')
		return;
	w->name = a->single_name;
	if (strcmp(w->name, "app") == 0 ||
	    strcmp(w->name, "__generated_with") == 0 ||
	    strcmp(w->name, "__name__") == 0 || mo_trailing_comment(w))
		return;
	/* Definition-time refs must already be importable. */
	for (k = 0; k < a->deftime_refs.n; k++) {
		r = a->deftime_refs.v[k];
		if (mo_allowed(wr, r) || strcmp(r, w->name) == 0 ||
		    strcmp(r, "_lambda") == 0)
			continue;
		if (!ctx || !mo_set_has(&wr->unresolved, r))
			return;
	}
	for (k = 0; k < a->refs.n; k++) {
		r = a->refs.v[k];
		if (ana_names_has(&a->sql_refs, r) || mo_allowed(wr, r) ||
		    strcmp(r, w->name) == 0 || strcmp(r, "_lambda") == 0 ||
		    (ctx && mo_set_has(&wr->dict[MO_W_TOPLEVEL], r)))
			continue;
		dependent = true;
		if (!ctx || !mo_set_has(&wr->potential, r))
			defined = true;
	}
	if (!dependent)
		w->type = MO_W_TOPLEVEL;
	else if (!defined)
		w->type = MO_W_UNRESOLVED;
}

/* _resolve_dependencies: the value of a name that needs no frame. */
static bool
mo_resolve_leaf(struct mo_writer *wr, const char *name, bool *val)
{
	size_t v;

	if (mo_set_has(&wr->dict[MO_W_UNRESOLVED], name))
		return false;
	if (mo_set_get(&wr->visited, name, &v))
		*val = v != 0;
	else if (mo_set_has(&wr->dict[MO_W_TOPLEVEL], name))
		*val = true;
	else if (mo_set_has(&wr->dict[MO_W_CELL], name) ||
	    mo_set_has(&wr->dict[MO_W_UNPARSABLE], name))
		*val = false;
	else
		*val = true;	/* a cycle: fine for a library */
	return true;
}

struct mo_frame {
	size_t cell;
	const char *name;
	size_t ref;		/* next ref to look at (refs, then sql_refs) */
	bool resolved;
};

/* Resolve candidates recursively, with an explicit stack: a chain of
 * thousands of functions must not exhaust the C stack. */
static void
mo_resolve(struct mo_writer *wr, const char *start)
{
	struct mo_frame *st = NULL, *f;
	size_t nst = 0, alloc = 0, idx, nrefs;
	const struct ana_cell *a;
	const char *ref, *name = start;
	bool val;

	for (;;) {
		if (name != NULL) {
			(void)mo_set_get(&wr->dict[MO_W_UNRESOLVED], name,
			    &idx);
			(void)mo_set_del(&wr->dict[MO_W_UNRESOLVED], name);
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
			if (mo_resolve_leaf(wr, ref, &val)) {
				if (!val)
					f->resolved = false;
			} else
				name = ref;
			continue;
		}
		val = f->resolved;
		wr->w[f->cell].type = val ? MO_W_TOPLEVEL : MO_W_CELL;
		if (val)
			mo_set_add(&wr->added, f->name);
		mo_set_put(&wr->dict[wr->w[f->cell].type], f->name, f->cell);
		mo_set_put(&wr->visited, f->name, val);
		nst--;
		if (nst > 0 && !val)
			st[nst - 1].resolved = false;
	}
	free(st);
}

/* TopLevelExtraction.__init__ over wr->w. */
static void
mo_extract_toplevel(struct mo_writer *wr)
{
	struct mo_wcell *w;
	const struct ana_cell *a;
	size_t i, k;
	enum mo_wtype old;

	for (i = 0; i < wr->nw; i++) {
		w = &wr->w[i];
		mo_update(wr, i, false);
		mo_set_put(&wr->dict[w->type], w->name, i);
		if ((a = w->a) == NULL)
			continue;
		for (k = 0; k < a->defs.n; k++)
			mo_set_add(&wr->all_defs, a->defs.v[k]);
		for (k = 0; k < a->sql_defs.n; k++) {
			mo_set_add(&wr->all_defs, a->sql_defs.v[k]);
			mo_set_add(&wr->sql_defs, a->sql_defs.v[k]);
		}
		for (k = 0; k < a->refs.n; k++)
			mo_set_add(&wr->used, a->refs.v[k]);
		for (k = 0; k < a->sql_refs.n; k++)
			mo_set_add(&wr->used, a->sql_refs.v[k]);
	}
	for (i = 0; i < wr->nw; i++)
		if (wr->w[i].type != MO_W_TOPLEVEL)
			mo_set_add(&wr->potential, wr->w[i].name);
	wr->builtins = true;
	for (i = 0; i < wr->nw; i++) {
		w = &wr->w[i];
		old = w->type;
		if (old != MO_W_CELL && old != MO_W_UNRESOLVED) {
			mo_set_add(&wr->added, w->name);
			continue;
		}
		(void)mo_set_del(&wr->dict[old], w->name);
		mo_update(wr, i, true);
		if (w->type == MO_W_TOPLEVEL)
			mo_set_add(&wr->added, w->name);
		else if (w->type == MO_W_UNRESOLVED) {
			mo_set_add(&wr->unresolved, w->name);
			if (!mo_set_has(&wr->dict[MO_W_UNRESOLVED], w->name)) {
				wr->uorder = xreallocarray(wr->uorder,
				    wr->nuorder + 1, sizeof *wr->uorder);
				wr->uorder[wr->nuorder++] = w->name;
			}
		}
		mo_set_put(&wr->dict[w->type], w->name, i);
	}
	for (i = 0; i < wr->nuorder; i++)
		if (mo_set_has(&wr->dict[MO_W_UNRESOLVED], wr->uorder[i]))
			mo_resolve(wr, wr->uorder[i]);
	/* Names: a cell keeps its own (a derived one reverts to "_"). */
	for (i = 0; i < wr->nw; i++) {
		w = &wr->w[i];
		if (w->type == MO_W_TOPLEVEL)
			w->wname = w->name;
		else
			w->wname = w->derived ? "_" : w->dname;
	}
	/* Which cell's annotation describes a name: the first definer. */
	for (i = 0; i < wr->nw; i++)
		if ((a = wr->w[i].a) != NULL)
			for (k = 0; k < a->defs.n; k++)
				if (!mo_set_has(&wr->ann, a->defs.v[k]))
					mo_set_put(&wr->ann, a->defs.v[k], i);
}

/*
 * _format_arg for a string: in double quotes, backslashes doubled, and
 * (quire's one intentional divergence, spec 2.3) double quotes escaped,
 * as are line breaks and control characters, which marimo would write
 * raw into a broken file.
 */
static void
mo_format_str(struct buf *out, const char *s)
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
mo_format_tuple(struct buf *out, const char *pre, const char *post,
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
			buf_truncate(&s, mo_rstrip_len(s.ptr, s.len));
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
		buf_truncate(&s, mo_rstrip_len(s.ptr, s.len));
	if (mo_cplen(s.ptr, s.len) + (indent ? 4 : 0) < MO_MAX_LINE)
		goto emit;
	buf_reset(&s);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&lst, ",\n");
		buf_adds(&lst, e[i]);
	}
	buf_adds(&s, pre);
	buf_adds(&s, "(\n");
	mo_indent(&s, lst.ptr, lst.len);
	buf_adds(&s, ",\n)");
	buf_adds(&s, post);
emit:
	if (indent)
		mo_indent(out, s.ptr, s.len);
	else
		buf_add(out, s.ptr, s.len);
	buf_release(&s);
	buf_release(&lst);
}

/* to_decorator: @app.<fn> or @app.<fn>(non-default options). */
static void
mo_decorator(struct buf *out, struct nb_cell_config cfg, const char *fn)
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
	mo_format_tuple(out, pre, "", e, n, false, false);
	for (i = 0; i < n; i++)
		free(e[i]);
}

/* generate_unparsable_cell (spec 2.7). */
static void
mo_unparsable(struct buf *out, const char *code, size_t len,
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
	mo_format_str(&kw, name);
	buf_adds(out, "app._unparsable_cell(\n");
	mo_indent(out, lit.ptr, lit.len);
	buf_addc(out, '\n');
	mo_indent(out, kw.ptr, kw.len);
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
mo_markdown(struct buf *out, const struct mo_wcell *w)
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
		} else if (t[i].type == PYTOK_NAME && mo_eq(s, t[i].len, "mo")) {
			start = t[i].off;
			depth = 0;
		} else if (t[i].type == PYTOK_OP && mo_eq(s, t[i].len, "("))
			depth++;
		else if (t[i].type == PYTOK_OP && mo_eq(s, t[i].len, ")") &&
		    --depth == 0)
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
mo_needs_blank(const struct mo_wcell *w)
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
	len = mo_rstrip_len(w->code, w->codelen);
	for (i = 0; i < len; i++)
		if (w->code[i] == '\n')
			lines++;
	return end == lines;
}

/* "x: annotation" for a parameter, if its first definer annotated it. */
static char *
mo_param(const struct mo_writer *wr, const struct mo_wcell *w,
    const char *p)
{
	const struct ana_cell *d;
	const struct ana_annotation *an = NULL;
	struct buf b = BUF_INIT;
	size_t i, k;
	bool quote = false;
	const char *s;

	if (!mo_set_get(&wr->ann, p, &i) || (d = wr->w[i].a) == NULL)
		return xstrdup(p);
	for (k = 0; k < d->nannotations; k++)
		if (strcmp(d->annotations[k].name, p) == 0)
			an = &d->annotations[k];
	if (an == NULL || an->text == NULL)
		return xstrdup(p);
	for (k = 0; k < an->refs.n; k++) {
		s = an->refs.v[k];
		if (!mo_allowed(wr, s) && !ana_names_has(&w->a->defs, s) &&
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
mo_union(const struct ana_names *x, const struct ana_names *y, size_t *n)
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
mo_is_keyword(const char *s)
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
mo_risky_code(const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\t' || c == '\v' || c == '\f' || c == '\r' ||
		    (c >= 0x1C && c <= 0x1E) || c == 0xC2 || c == 0xE2)
			if (c < 0x80 || mo_splitlines_break(s + i, len - i) > 0)
				return true;
	}
	return !utf8_valid(s, len);
}

/* to_functiondef (spec 2.5, 4.3). */
static void
mo_functiondef(struct buf *out, const struct mo_writer *wr,
    struct mo_wcell *w)
{
	const struct ana_cell *a = w->a;
	struct buf sig = BUF_INIT, body = BUF_INIT;
	const char **refs, **defs;
	char **params, **rets;
	size_t nrefs, ndefs, np = 0, nr = 0, i;

	refs = mo_union(&a->refs, &a->sql_refs, &nrefs);
	defs = mo_union(&a->defs, &a->sql_defs, &ndefs);
	params = xreallocarray(NULL, nrefs + 1, sizeof *params);
	rets = xreallocarray(NULL, ndefs + 1, sizeof *rets);
	for (i = 0; i < nrefs; i++) {
		if (mo_allowed(wr, refs[i]) || ana_names_has(&a->defs,
		    refs[i]) || ana_names_has(&a->sql_defs, refs[i]))
			continue;
		if (!mo_is_identifier(refs[i]))
			continue;
		params[np] = mo_param(wr, w, refs[i]);
		if (mo_is_keyword(refs[i]) || strchr(params[np], ':') != NULL)
			w->risky = true;
		np++;
	}
	if (!mo_is_identifier(w->wname) || mo_is_keyword(w->wname) ||
	    mo_risky_code(w->code, w->codelen))
		w->risky = true;
	for (i = 0; i < ndefs; i++)
		if (!mo_set_has(&wr->sql_defs, defs[i]) &&
		    mo_set_has(&wr->used, defs[i]))
			rets[nr++] = (char *)defs[i];

	mo_decorator(out, w->cfg, "cell");
	buf_addc(out, '\n');
	buf_addf(&sig, "%sdef %s", a->is_async ? "async " : "", w->wname);
	mo_format_tuple(out, sig.ptr, ":", params, np, false, false);
	if (a->is_markdown && a->markdown != NULL && a->markdown[0] != '\0') {
		const char *m;

		/* escapes and control characters are the string's risk */
		for (m = a->markdown; *m != '\0'; m++)
			if (*m == '\\' || ((unsigned char)*m < 0x20 &&
			    *m != '\n'))
				w->risky = true;
		mo_markdown(&body, w);
		buf_addc(out, '\n');
		mo_indent(out, body.ptr, body.len);
	} else if (w->codelen > 0) {
		buf_addc(out, '\n');
		mo_indent(out, w->code, w->codelen);
	}
	if (mo_needs_blank(w))
		buf_addc(out, '\n');
	buf_addc(out, '\n');
	mo_format_tuple(out, "return ", "", rets, nr, true, true);

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
mo_topdef(struct buf *out, const struct mo_wcell *w)
{
	size_t s, n;

	mo_decorator(out, w->cfg, w->a->single == ANA_SINGLE_CLASS ?
	    "class_definition" : "function");
	buf_addc(out, '\n');
	n = mo_strip(w->code, w->codelen, &s);
	buf_add(out, w->code + s, n);
}

static void
mo_serialize(struct buf *out, const struct mo_writer *wr,
    struct mo_wcell *w)
{
	switch (w->type) {
	case MO_W_UNPARSABLE:
		mo_unparsable(out, w->src, w->srclen, w->wname, w->cfg);
		break;
	case MO_W_TOPLEVEL:
		mo_topdef(out, w);
		break;
	case MO_W_CELL:
	case MO_W_UNRESOLVED:
		mo_functiondef(out, wr, w);
		break;
	}
}

/* The source with every U+00A0 as a space, as compile_cell reads it. */
static char *
mo_nbsp(const char *s, size_t len, size_t *outlen)
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
mo_setup_section(struct buf *out, const char *code, size_t len,
    const struct ana_cell *a, struct nb_cell_config cfg)
{
	struct buf block = BUF_INIT;
	size_t s, e, k, st;
	bool only_comments = true;

	if (mo_is_blank(code, len))
		return;
	/* Every line (str.splitlines) blank or a comment? */
	for (s = 0; s < len; s = e) {
		for (e = s; e < len && mo_splitlines_break(code + e,
		    len - e) == 0; e++)
			;
		k = mo_strip(code + s, e - s, &st);
		if (k > 0 && code[s + st] != '#')
			only_comments = false;
		if (e < len)
			e += mo_splitlines_break(code + e, len - e);
	}
	buf_add(&block, code, len);
	if (only_comments)
		buf_adds(&block, "\npass");
	buf_addf(out, "%swith app.setup%s:\n", a->is_async ? "async " : "",
	    cfg.hide_code ? "(hide_code=True)" : "");
	mo_indent(out, block.ptr, block.len);
	buf_adds(out, "\n\n");
	buf_release(&block);
}

/* The App constructor line(s) (spec 2.3). */
static void
mo_app(struct buf *out, struct nb *nb)
{
	struct nb_app_options *o = nb_app_options(nb);
	struct buf v = BUF_INIT;
	char *e[7];
	size_t n = 0, i;

#define MO_OPT(key, val) do {						\
	buf_reset(&v);							\
	buf_adds(&v, key "=");						\
	mo_format_str(&v, (val));					\
	e[n++] = xstrdup(v.ptr);					\
} while (0)
	if (o->width != NULL && strcmp(o->width, "compact") != 0)
		MO_OPT("width", o->width);
	if (o->app_title != NULL)
		MO_OPT("app_title", o->app_title);
	if (o->layout_file != NULL)
		MO_OPT("layout_file", o->layout_file);
	if (o->css_file != NULL)
		MO_OPT("css_file", o->css_file);
	if (o->html_head_file != NULL)
		MO_OPT("html_head_file", o->html_head_file);
	if (o->nauto_download > 0) {
		buf_reset(&v);
		buf_adds(&v, "auto_download=[");
		for (i = 0; i < o->nauto_download; i++) {
			if (i > 0)
				buf_adds(&v, ", ");
			mo_format_str(&v, o->auto_download[i]);
		}
		buf_addc(&v, ']');
		e[n++] = xstrdup(v.ptr);
	}
	if (o->sql_output != NULL && strcmp(o->sql_output, "auto") != 0)
		MO_OPT("sql_output", o->sql_output);
#undef MO_OPT
	mo_format_tuple(out, "app = marimo.App", "", e, n, false, false);
	for (i = 0; i < n; i++)
		free(e[i]);
	buf_release(&v);
}

/* A version string as a double-quoted literal that reads back as itself. */
static void
mo_version(struct buf *out, const char *s)
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
mo_writer_release(struct mo_writer *wr)
{
	size_t i;

	for (i = 0; i < wr->nw; i++) {
		free(wr->w[i].code);
		free(wr->w[i].dname);
	}
	free(wr->w);
	mo_set_free(&wr->setup_defs);
	mo_set_free(&wr->all_defs);
	mo_set_free(&wr->used);
	mo_set_free(&wr->added);
	mo_set_free(&wr->sql_defs);
	for (i = 0; i < 4; i++)
		mo_set_free(&wr->dict[i]);
	mo_set_free(&wr->potential);
	mo_set_free(&wr->unresolved);
	mo_set_free(&wr->visited);
	mo_set_free(&wr->ann);
	free(wr->uorder);
}

/* Assemble the file (spec 2.1) from the serialized cells. */
static void
mo_assemble(struct buf *out, struct nb *nb, const struct mo_writer *wr,
    const struct buf *cells, const struct buf *setup)
{
	struct buf f = BUF_INIT;
	const char *h = nb_header(nb);
	size_t i, hl, s;

	if (h != NULL && (hl = mo_header_len(h, strlen(h), true)) !=
	    (size_t)-1) {
		buf_add(&f, h, hl);
		buf_adds(&f, "\n\n");
	}
	buf_adds(&f, "import marimo\n\n");
	mo_version(&f, nb_version(nb) != NULL ? nb_version(nb) :
	    FMT_MARIMO_VERSION);
	mo_app(&f, nb);
	buf_adds(&f, "\n\n");
	buf_add(&f, setup->ptr, setup->len);
	buf_addc(&f, '\n');
	for (i = 0; i < wr->nw; i++) {
		if (i > 0)
			buf_adds(&f, "\n\n\n");
		buf_add(&f, cells[i].ptr, cells[i].len);
	}
	buf_adds(&f, "\n\n\nif __name__ == \"__main__\":\n    app.run()\n");
	s = mo_lspace(f.ptr, f.len);
	buf_add(out, f.ptr + s, f.len - s);
	buf_release(&f);
}

int
fmt_marimo_format(struct buf *out, struct nb *nb, struct ana *ana)
{
	struct mo_writer wr;
	struct buf setup = BUF_INIT, file = BUF_INIT, *cells = NULL;
	const struct ana_cell *sa = NULL;
	struct nb_cell *c, *sc = NULL;
	struct mo_wcell *w;
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
	if (mo_py_start() < 0)
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
		scode = mo_nbsp(src, len, &slen);
		for (k = 0; k < sa->defs.n; k++)
			mo_set_add(&wr.setup_defs, sa->defs.v[k]);
		mo_setup_section(&setup, scode, slen, sa, nb_cell_config(sc));
	}

	wr.w = xcalloc(nb_ncells(nb) + 1, sizeof *wr.w);
	for (i = 0; i < nb_ncells(nb); i++) {
		c = nb_cell_at(nb, i);
		if (c == sc)
			continue;
		w = &wr.w[wr.nw++];
		w->src = nb_cell_source(c, &w->srclen);
		w->code = mo_nbsp(w->src, w->srclen, &w->codelen);
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
	mo_extract_toplevel(&wr);

	cells = xcalloc(wr.nw + 1, sizeof *cells);
	for (i = 0; i < wr.nw; i++) {
		buf_init(&cells[i]);
		mo_serialize(&cells[i], &wr, &wr.w[i]);
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
		if (!w->risky || mo_py_parses(cells[i].ptr, cells[i].len))
			continue;
		buf_reset(&cells[i]);
		mo_unparsable(&cells[i], w->src, w->srclen,
		    w->type == MO_W_TOPLEVEL ? w->name : w->wname, w->cfg);
	}
	mo_assemble(&file, nb, &wr, cells, &setup);
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
	mo_writer_release(&wr);
	return error;
}
