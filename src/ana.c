/*
 * ana.c: static analysis of one cell, by marimo's rules (spec
 * notebook-format.md section 5; marimo's marimo/_ast/visitor.py,
 * compiler.py and sql_visitor.py). Owns parsing a cell with CPython's own
 * parser, walking the resulting AST to find the names the cell defines and
 * reads, the facts the marimo writer needs (markdown, async, last
 * expression, single def/class), and a cache keyed by the source text.
 * Deciding what those names mean across cells is graph.c's; writing
 * files is fmt's.
 *
 * The one idea: references are order dependent. The walk keeps a stack
 * of scopes ("blocks": the cell's top level, then one per function,
 * lambda, class body and comprehension); a name loaded while no block on
 * the stack binds it is recorded as a reference together with the
 * blocks that enclosed it, and a later binding in one of those enclosing
 * blocks withdraws it (a function body may use a name the cell binds
 * after the def). Everything else in marimo's visitor follows from that
 * and from the order in which it visits a node's children, which this
 * walk reproduces field by field.
 *
 * Where marimo's visitor changed between the commit the spec studied
 * (3955fdf, 0.24) and 0.25.2 (the test venv's, our oracle), the walk
 * follows 0.25.2: a function's name is bound before its body is walked,
 * and a method's name does not withdraw a bare-name ref made in the
 * class's other methods. Two marimo quirks are not copied (see
 * tests/data/ana/known-differences): private names never become refs,
 * and annotations keep the private names the user wrote.
 *
 * The AST is walked from C through the ordinary object API: node types
 * are looked up once in a table built from the _ast module, so analysing
 * a cell costs two compile() calls and one pass over the nodes, never a
 * Python-level function call (except ast.unparse for annotations).
 */
#include "config.h"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "ana.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "py.h"
#include "xmalloc.h"

/*
 * Deeper ASTs than this are reported as a syntax error: marimo's own
 * (recursive, Python) visitor fails far earlier, and the C stack must
 * stay bounded whatever the input.
 */
#define ANA_MAX_DEPTH 2000

/*
 * The file name compile() is given. On a syntax error CPython opens that
 * file to quote the offending line; the empty name opens nothing, so the
 * editor never reads a stray "<cell>" from the current directory.
 */
#define ANA_FILENAME ""
#define ANA_TYPE_SLOTS 512	/* power of two, > 2 * number of AST types */

/*
 * Private names bound at the cell's top level are renamed, as marimo
 * renames them to _cell_<id>_x. The prefix holds a character no Python
 * identifier can, so a renamed name never meets a real one.
 */
#define ANA_MANGLE "_$"

/* Interned attribute names, looked up once. */
enum ana_str {
	S_ID,
	S_CTX,
	S_NAME,
	S_NAMES,
	S_ASNAME,
	S_BODY,
	S_ARGS,
	S_DEFAULTS,
	S_KW_DEFAULTS,
	S_POSONLYARGS,
	S_KWONLYARGS,
	S_VARARG,
	S_KWARG,
	S_ARG,
	S_ANNOTATION,
	S_TARGETS,
	S_TARGET,
	S_VALUE,
	S_VALUES,
	S_GENERATORS,
	S_ELT,
	S_KEY,
	S_ITER,
	S_IFS,
	S_HANDLERS,
	S_ORELSE,
	S_FINALBODY,
	S_FUNC,
	S_ATTR,
	S_TYPE_PARAMS,
	S_BOUND,
	S_LINENO,
	S_END_LINENO,
	S_END_COL_OFFSET,
	S_PATTERN,
	S_REST,
	S_KEYS,
	S_PATTERNS,
	S_MSG,
	S_OFFSET,
	S_KEYWORDS,
	S_IS_ASYNC,
	S_LAMBDA,
	S_COUNT
};

static const char *const ana_str_text[S_COUNT] = {
	"id", "ctx", "name", "names", "asname", "body", "args", "defaults",
	"kw_defaults", "posonlyargs", "kwonlyargs", "vararg", "kwarg", "arg",
	"annotation", "targets", "target", "value", "values", "generators",
	"elt", "key", "iter", "ifs", "handlers", "orelse", "finalbody", "func",
	"attr", "type_params", "bound", "lineno", "end_lineno",
	"end_col_offset", "pattern", "rest", "keys", "patterns", "msg",
	"offset", "keywords", "is_async", "_lambda"
};

/* The node types the walk treats specially; everything else is K_OTHER. */
enum ana_kind {
	K_OTHER,
	K_CLASSDEF,
	K_FUNCDEF,
	K_ASYNCFUNCDEF,
	K_LAMBDA,
	K_LISTCOMP,
	K_SETCOMP,
	K_GENEXP,
	K_DICTCOMP,
	K_TRY,
	K_TRYSTAR,
	K_TYPEALIAS,
	K_CALL,
	K_ARG,
	K_ARGUMENTS,
	K_ASSIGN,
	K_AUGASSIGN,
	K_ANNASSIGN,
	K_COMPREHENSION,
	K_NAMEDEXPR,
	K_NAME,
	K_GLOBAL,
	K_IMPORT,
	K_IMPORTFROM,
	K_MATCHAS,
	K_MATCHMAPPING,
	K_MATCHSTAR,
	K_TYPEVAR,
	K_PARAMSPEC,
	K_TYPEVARTUPLE,
	K_EXPR,
	K_BLOCK,
	K_AWAIT,
	K_CONSTANT,
	K_JOINEDSTR,
	K_FORMATTEDVALUE,
	K_ATTRIBUTE,
	K_STORE,
	K_LOAD,
	K_DEL
};

static const struct {
	const char *name;
	enum ana_kind kind;
} ana_kind_names[] = {
	{ "ClassDef", K_CLASSDEF },
	{ "FunctionDef", K_FUNCDEF },
	{ "AsyncFunctionDef", K_ASYNCFUNCDEF },
	{ "Lambda", K_LAMBDA },
	{ "ListComp", K_LISTCOMP },
	{ "SetComp", K_SETCOMP },
	{ "GeneratorExp", K_GENEXP },
	{ "DictComp", K_DICTCOMP },
	{ "Try", K_TRY },
	{ "TryStar", K_TRYSTAR },
	{ "TypeAlias", K_TYPEALIAS },
	{ "Call", K_CALL },
	{ "arg", K_ARG },
	{ "arguments", K_ARGUMENTS },
	{ "Assign", K_ASSIGN },
	{ "AugAssign", K_AUGASSIGN },
	{ "AnnAssign", K_ANNASSIGN },
	{ "comprehension", K_COMPREHENSION },
	{ "NamedExpr", K_NAMEDEXPR },
	{ "Name", K_NAME },
	{ "Global", K_GLOBAL },
	{ "Import", K_IMPORT },
	{ "ImportFrom", K_IMPORTFROM },
	{ "MatchAs", K_MATCHAS },
	{ "MatchMapping", K_MATCHMAPPING },
	{ "MatchStar", K_MATCHSTAR },
	{ "TypeVar", K_TYPEVAR },
	{ "ParamSpec", K_PARAMSPEC },
	{ "TypeVarTuple", K_TYPEVARTUPLE },
	{ "Expr", K_EXPR },
	{ "For", K_BLOCK },
	{ "Await", K_AWAIT },
	{ "AsyncFor", K_AWAIT },
	{ "AsyncWith", K_AWAIT },
	{ "While", K_BLOCK },
	{ "With", K_BLOCK },
	{ "Constant", K_CONSTANT },
	{ "JoinedStr", K_JOINEDSTR },
	{ "FormattedValue", K_FORMATTEDVALUE },
	{ "Attribute", K_ATTRIBUTE },
	{ "Store", K_STORE },
	{ "Load", K_LOAD },
	{ "Del", K_DEL },
};

/* One AST node type: its kind and its fields in visiting order. */
struct ana_type {
	PyTypeObject *type;	/* NULL: empty slot */
	enum ana_kind kind;
	bool plain;		/* compiling adds no error to parsing */
	PyObject *fields;	/* tuple of str, owned */
};

/*
 * Node types whose compilation cannot fail once the parser accepted
 * them, and cannot make the cell a coroutine. A cell made of nothing
 * else (most cells: assignments, calls, imports) is not compiled a second
 * time, which halves the cost of analysing it. Everything the compiler
 * and the symbol table reject lives under the other types: return,
 * yield, await, break/continue, global/nonlocal, defs, lambdas, classes,
 * comprehensions, try, match, starred targets, plus three checks made
 * during the walk (repeated keyword arguments, __debug__, __future__,
 * and too many nested blocks).
 */
static const char *const ana_plain_types[] = {
	"Module", "Expr", "Assign", "AugAssign", "AnnAssign", "For", "While",
	"If", "With", "Raise", "Assert", "Import", "ImportFrom", "Pass",
	"Delete", "BoolOp", "BinOp", "UnaryOp", "IfExp", "Dict", "Set",
	"Call", "Constant", "Attribute", "Subscript", "Name", "List", "Tuple",
	"Slice", "JoinedStr", "FormattedValue", "Compare", "alias",
	"withitem", "keyword", "Load", "Store", "Del", "And", "Or", "Add",
	"Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift",
	"BitOr", "BitXor", "BitAnd", "FloorDiv", "Invert", "Not", "UAdd",
	"USub", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In",
	"NotIn"
};

/*
 * Loops and with-blocks nested deeper than this are left to the compiler
 * to judge (it allows 20 blocks).
 */
#define ANA_PLAIN_BLOCKS 16

/*
 * CPython's compiler takes time quadratic in the number of functions,
 * lambdas, classes and comprehensions in one module (10,000 defs: 5 s).
 * Past this many, the cell is not compiled a second time: compile-time
 * errors go unseen and "async" is read from the AST instead, so that
 * pasting a generated file cannot freeze the editor.
 */
#define ANA_COMPILE_MAX_SCOPES 2000

/* One cached analysis. */
struct ana_entry {
	struct ana_entry *next;
	uint64_t hash;
	char *src;		/* the source as given, owned */
	size_t len;
	struct ana_cell cell;
};

struct ana {
	PyObject *str[S_COUNT];
	struct ana_type types[ANA_TYPE_SLOTS];
	PyObject *unparse;	/* ast.unparse, imported on first use */
	char **builtins;	/* sorted */
	size_t nbuiltins;
	struct ana_entry **buckets;
	size_t nbuckets;
	size_t nentries;
	bool started;		/* interpreter, names and types loaded */
	bool start_failed;	/* tried once: err_last() said why */
};

/*
 * Python keywords (keyword.kwlist; soft keywords are identifiers), for
 * ana_is_identifier. Sorted for bsearch.
 */
static const char *const ana_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield"
};

/*
 * Names marimo treats as builtins beyond the builtins module of an
 * isolated interpreter: its four extras, and the six that site.py adds
 * (marimo always runs with site; quire's parser never does).
 */
static const char *const ana_extra_builtins[] = {
	"__builtin__", "__file__", "__builtins__", "__class__", "copyright",
	"credits", "license", "exit", "quit", "help"
};

/* ------------------------------------------------------------------ */
/* Small helpers */

static int
ana_strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* UTF-8 of a str object, borrowed from it; "" when that fails. */
static const char *
ana_utf8(PyObject *s, Py_ssize_t *n)
{
	const char *p;
	Py_ssize_t len;

	if (s == NULL || !PyUnicode_Check(s)) {
		if (n != NULL)
			*n = 0;
		return "";
	}
	p = PyUnicode_AsUTF8AndSize(s, &len);
	if (p == NULL) {
		PyErr_Clear();
		len = 0;
		p = "";
	}
	if (n != NULL)
		*n = len;
	return p;
}

static bool
ana_is_private_utf8(const char *s)
{
	return strcmp(s, "__") == 0 || (s[0] == '_' && s[1] != '_');
}

bool
ana_is_private(const char *s)
{
	return s != NULL && ana_is_private_utf8(s);
}

static bool
ana_is_local(PyObject *name)
{
	return ana_is_private_utf8(ana_utf8(name, NULL));
}

/* Does set s hold key k? Keys are str, whose hashing cannot fail. */
static bool
ana_set_has(PyObject *s, PyObject *k)
{
	int r;

	if (s == NULL)
		return false;
	r = PySet_Contains(s, k);
	if (r < 0) {
		PyErr_Clear();
		return false;
	}
	return r == 1;
}

/* dst |= src (src may be NULL: nothing). */
static int
ana_set_update(PyObject *dst, PyObject *src)
{
	PyObject *it, *k;
	int rc = 0;

	if (src == NULL)
		return 0;
	it = PyObject_GetIter(src);
	if (it == NULL)
		return -1;
	while (rc == 0 && (k = PyIter_Next(it)) != NULL) {
		rc = PySet_Add(dst, k);
		Py_DECREF(k);
	}
	Py_DECREF(it);
	return rc == 0 && PyErr_Occurred() ? -1 : rc;
}

/*
 * The members of set s as a new list (sets have no public iteration
 * by position), NULL on failure.
 */
static PyObject *
ana_set_list(PyObject *s)
{
	return PySequence_List(s);
}

static const struct ana_type *
ana_type_find(const struct ana *a, PyObject *o)
{
	PyTypeObject *t = Py_TYPE(o);
	size_t i = ((uintptr_t)t >> 4) & (ANA_TYPE_SLOTS - 1);

	while (a->types[i].type != NULL) {
		if (a->types[i].type == t)
			return &a->types[i];
		i = (i + 1) & (ANA_TYPE_SLOTS - 1);
	}
	return NULL;
}

static enum ana_kind
ana_kind_of(const struct ana *a, PyObject *o)
{
	const struct ana_type *t;

	if (o == NULL || o == Py_None)
		return K_OTHER;
	t = ana_type_find(a, o);
	return t != NULL ? t->kind : K_OTHER;
}

/* Attribute of an AST node (new reference); NULL with no error set when
 * the node lacks it. */
static PyObject *
ana_get(const struct ana *a, PyObject *node, enum ana_str s)
{
	PyObject *v;

	v = PyObject_GetAttr(node, a->str[s]);
	if (v == NULL && PyErr_ExceptionMatches(PyExc_AttributeError))
		PyErr_Clear();
	return v;
}

/* Integer attribute (lineno and friends); dflt when absent or None. */
static long
ana_get_long(const struct ana *a, PyObject *node, enum ana_str s, long dflt)
{
	PyObject *v;
	long r = dflt;

	v = ana_get(a, node, s);
	if (v != NULL && PyLong_Check(v)) {
		r = PyLong_AsLong(v);
		if (r == -1 && PyErr_Occurred()) {
			PyErr_Clear();
			r = dflt;
		}
	}
	Py_XDECREF(v);
	if (PyErr_Occurred())
		PyErr_Clear();
	return r;
}

/* ------------------------------------------------------------------ */
/* Name sets handed out in struct ana_cell */

struct ana_list {
	char **v;
	size_t n, alloc;
};

static void
ana_list_add(struct ana_list *l, const char *s, size_t len)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->v = xreallocarray(l->v, l->alloc, sizeof *l->v);
	}
	l->v[l->n++] = xstrndup(s, len);
}

/* Sort, drop duplicates, and hand the strings to out. */
static void
ana_list_finish(struct ana_list *l, struct ana_names *out)
{
	size_t i, j;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, ana_strcmp_p);
	for (i = j = 0; i < l->n; i++) {
		if (j > 0 && strcmp(l->v[j - 1], l->v[i]) == 0) {
			free(l->v[i]);
			continue;
		}
		l->v[j++] = l->v[i];
	}
	out->v = l->v;
	out->n = j;
	l->v = NULL;
	l->n = l->alloc = 0;
}

static void
ana_names_release(struct ana_names *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	ns->v = NULL;
	ns->n = 0;
}

bool
ana_names_has(const struct ana_names *ns, const char *s)
{
	size_t lo = 0, hi, mid;
	int c;

	if (ns == NULL || s == NULL)
		return false;
	hi = ns->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(ns->v[mid], s);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Add a (possibly renamed) name to l under the name the user wrote. */
static void
ana_list_add_demangled(struct ana_list *l, PyObject *name)
{
	Py_ssize_t n;
	const char *s = ana_utf8(name, &n);
	size_t m = strlen(ANA_MANGLE);

	if ((size_t)n > m && strncmp(s, ANA_MANGLE, m) == 0)
		ana_list_add(l, s + m, (size_t)n - m);
	else
		ana_list_add(l, s, (size_t)n);
}

/* ------------------------------------------------------------------ */
/* Unicode whitespace and textwrap.dedent, for markdown text */

/*
 * Length of the UTF-8 whitespace character (by str.isspace) that starts
 * at p, or 0.
 */
static size_t
ana_space_at(const unsigned char *p, size_t n)
{
	uint32_t c;

	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return (p[0] >= 0x09 && p[0] <= 0x0d) ||
		    (p[0] >= 0x1c && p[0] <= 0x20) ? 1 : 0;
	if ((p[0] & 0xe0) == 0xc0 && n >= 2) {
		c = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		return c == 0x85 || c == 0xa0 ? 2 : 0;
	}
	if ((p[0] & 0xf0) == 0xe0 && n >= 3) {
		c = ((uint32_t)(p[0] & 0x0f) << 12) |
		    ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
		    c == 0x2028 || c == 0x2029 || c == 0x202f ||
		    c == 0x205f || c == 0x3000 ? 3 : 0;
	}
	return 0;
}

/* Length of the whitespace character that ends p[0..n), or 0. */
static size_t
ana_space_before(const unsigned char *p, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++) {
		if (k > 1 && (p[n - k] & 0xc0) == 0x80)
			continue;
		if (k > 1 && (p[n - k + 1] & 0xc0) != 0x80)
			return 0;
		return ana_space_at(p + n - k, k) == k ? k : 0;
	}
	return 0;
}

/* str.strip() bounds of p[0..n). */
static void
ana_strip(const char *p, size_t n, size_t *start, size_t *end)
{
	size_t s = 0, e = n, k;

	while (e > 0 && (k = ana_space_before((const unsigned char *)p, e)))
		e -= k;
	while (s < e &&
	    (k = ana_space_at((const unsigned char *)p + s, e - s)))
		s += k;
	*start = s;
	*end = e;
}

/* Append textwrap.dedent(p[0..n)) to out. */
static void
ana_dedent(struct buf *out, const char *p, size_t n)
{
	const char *margin = NULL, *line, *nl, *q;
	size_t mlen = 0, llen, i, ws;
	bool blank;

	/* The margin: common [ \t]* prefix of lines that have more. */
	for (line = p; line <= p + n; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(p + n - line));
		if (nl == NULL)
			nl = p + n;
		llen = (size_t)(nl - line);
		for (ws = 0; ws < llen && (line[ws] == ' ' || line[ws] == '\t');
		    ws++)
			;
		if (ws < llen) {
			if (margin == NULL) {
				margin = line;
				mlen = ws;
			} else {
				for (i = 0; i < mlen && i < ws &&
				    margin[i] == line[i]; i++)
					;
				mlen = i;
			}
		}
		if (nl == p + n)
			break;
	}
	for (line = p; line <= p + n; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(p + n - line));
		if (nl == NULL)
			nl = p + n;
		llen = (size_t)(nl - line);
		/* Lines of nothing but blanks and tabs become empty. */
		blank = true;
		for (q = line; q < nl; q++)
			if (*q != ' ' && *q != '\t')
				blank = false;
		if (blank)
			llen = 0;
		else if (mlen > 0 && llen >= mlen &&
		    memcmp(line, margin, mlen) == 0) {
			line += mlen;
			llen -= mlen;
		}
		buf_add(out, line, llen);
		if (nl == p + n)
			break;
		buf_addc(out, '\n');
	}
}

/*
 * The processed markdown text M of spec 4.4: split on \n, right-strip
 * every line, dedent the first line alone and the rest together, join,
 * strip.
 */
static char *
ana_markdown_text(const char *p, size_t n)
{
	struct buf rest = BUF_INIT, tail = BUF_INIT, md = BUF_INIT;
	const char *line, *nl, *first = p;
	size_t llen, k, firstlen = 0, s, e, nlines = 0;
	char *out;

	for (line = p; line <= p + n; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(p + n - line));
		if (nl == NULL)
			nl = p + n;
		llen = (size_t)(nl - line);
		while (llen > 0 &&
		    (k = ana_space_before((const unsigned char *)line, llen)))
			llen -= k;
		if (nlines == 0) {
			first = line;
			firstlen = llen;
		} else {
			if (nlines > 1)
				buf_addc(&rest, '\n');
			buf_add(&rest, line, llen);
		}
		nlines++;
		if (nl == p + n)
			break;
	}
	ana_dedent(&md, first, firstlen);
	buf_addc(&md, '\n');
	ana_dedent(&tail, rest.ptr, rest.len);
	buf_add(&md, tail.ptr, tail.len);
	ana_strip(md.ptr, md.len, &s, &e);
	out = e > s ? xstrndup(md.ptr + s, e - s) : NULL;
	buf_release(&rest);
	buf_release(&tail);
	buf_release(&md);
	return out;
}

/*
 * marimo's standardize_annotation_quotes: single-quoted string literals
 * in an annotation become double-quoted unless they hold an unescaped
 * double quote.
 */
static void
ana_standardize_quotes(struct buf *out, const char *p, size_t n)
{
	size_t i = 0, j, k;
	bool ok, has_dq, has_esc_dq;
	char q;

	while (i < n) {
		q = p[i];
		if (q != '\'' && q != '"') {
			buf_addc(out, q);
			i++;
			continue;
		}
		/* Try to match a whole literal: escapes are \ + any but \n. */
		ok = false;
		for (j = i + 1; j < n; j++) {
			if (p[j] == '\\') {
				if (j + 1 >= n || p[j + 1] == '\n')
					break;
				j++;
			} else if (p[j] == q) {
				ok = true;
				break;
			}
		}
		if (!ok) {
			buf_addc(out, q);
			i++;
			continue;
		}
		if (q == '"') {
			buf_add(out, p + i, j + 1 - i);
			i = j + 1;
			continue;
		}
		has_dq = has_esc_dq = false;
		for (k = i + 1; k < j; k++) {
			if (p[k] == '"')
				has_dq = true;
			if (p[k] == '\\' && k + 1 < j && p[k + 1] == '"')
				has_esc_dq = true;
		}
		if (has_dq && !has_esc_dq) {
			buf_add(out, p + i, j + 1 - i);
			i = j + 1;
			continue;
		}
		buf_addc(out, '"');
		for (k = i + 1; k < j; k++) {
			if (p[k] == '\\' && k + 1 < j && p[k + 1] == '\'') {
				buf_addc(out, '\'');
				k++;
			} else if (p[k] == '"')
				buf_adds(out, "\\\"");
			else
				buf_addc(out, p[k]);
		}
		buf_addc(out, '"');
		i = j + 1;
	}
}

/* ------------------------------------------------------------------ */
/* SQL: a tokenizer and the few statement shapes marimo extracts */

enum sql_tok_type {
	SQL_WORD,	/* identifier or keyword */
	SQL_QIDENT,	/* "quoted identifier" */
	SQL_STRING,	/* 'string' */
	SQL_NUMBER,
	SQL_PUNCT	/* one character */
};

struct sql_tok {
	enum sql_tok_type type;
	const char *p;		/* into the SQL text */
	size_t len;		/* whole token, quotes included */
};

struct sql_toks {
	struct sql_tok *v;
	size_t n, alloc;
};

enum sql_def_kind {
	SQL_DEF_TABLE,
	SQL_DEF_VIEW,
	SQL_DEF_SCHEMA,
	SQL_DEF_CATALOG
};

struct sql_def {
	enum sql_def_kind kind;
	char *name;		/* what the cell defines */
	char *qualified;	/* conflict key: "schema.table", or name */
};

/* A set of strings (open addressing), so huge queries stay linear. */
struct sql_set {
	char **slots;
	size_t n, cap;
};

struct sql_result {
	struct sql_def *defs;
	size_t ndefs, adefs;
	struct ana_list refs;	/* qualified, lower case, in order found */
	struct sql_set seen;	/* the same names, for lookups */
};

static size_t
sql_set_slot(const struct sql_set *set, const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;
	size_t i;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	i = (size_t)h & (set->cap - 1);
	while (set->slots[i] != NULL && strcmp(set->slots[i], s) != 0)
		i = (i + 1) & (set->cap - 1);
	return i;
}

static bool
sql_set_has(const struct sql_set *set, const char *s)
{
	return set->cap > 0 && set->slots[sql_set_slot(set, s)] != NULL;
}

/* Add a copy of s; false when it was there already. */
static bool
sql_set_add(struct sql_set *set, const char *s)
{
	char **old = set->slots;
	size_t i, ocap = set->cap;

	if (2 * (set->n + 1) > set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->slots = xcalloc(set->cap, sizeof *set->slots);
		for (i = 0; i < ocap; i++)
			if (old[i] != NULL)
				set->slots[sql_set_slot(set, old[i])] = old[i];
		free(old);
	}
	i = sql_set_slot(set, s);
	if (set->slots[i] != NULL)
		return false;
	set->slots[i] = xstrdup(s);
	set->n++;
	return true;
}

static void
sql_set_release(struct sql_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	memset(set, 0, sizeof *set);
}

static bool
sql_is_word_char(unsigned char c, bool first)
{
	if (c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '$');
}

static void
sql_tokenize(struct sql_toks *t, const char *s, size_t n)
{
	size_t i = 0, j;
	enum sql_tok_type type;
	char q;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			i++;
			continue;
		}
		if (c == '-' && i + 1 < n && s[i + 1] == '-') {
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			for (i += 2; i + 1 < n &&
			    !(s[i] == '*' && s[i + 1] == '/'); i++)
				;
			i = i + 2 < n ? i + 2 : n;
			continue;
		}
		j = i;
		if ((c == 'e' || c == 'E') && i + 1 < n && s[i + 1] == '\'')
			j++;
		if (s[j] == '\'' || s[j] == '"') {
			q = s[j];
			type = q == '"' ? SQL_QIDENT : SQL_STRING;
			for (j++; j < n; j++) {
				if (s[j] == q) {
					if (j + 1 < n && s[j + 1] == q) {
						j++;
						continue;
					}
					j++;
					break;
				}
			}
		} else if (sql_is_word_char(c, true)) {
			type = SQL_WORD;
			for (j = i + 1; j < n &&
			    sql_is_word_char((unsigned char)s[j], false); j++)
				;
		} else if (c >= '0' && c <= '9') {
			type = SQL_NUMBER;
			for (j = i + 1; j < n && (sql_is_word_char(
			    (unsigned char)s[j], false) || s[j] == '.'); j++)
				;
		} else {
			type = SQL_PUNCT;
			j = i + 1;
		}
		if (t->n == t->alloc) {
			t->alloc = t->alloc ? 2 * t->alloc : 64;
			t->v = xreallocarray(t->v, t->alloc, sizeof *t->v);
		}
		t->v[t->n].type = type;
		t->v[t->n].p = s + i;
		t->v[t->n].len = j - i;
		t->n++;
		i = j;
	}
}

static bool
sql_is_kw(const struct sql_tok *t, const char *kw)
{
	size_t n = strlen(kw);

	return t->type == SQL_WORD && t->len == n &&
	    strncasecmp(t->p, kw, n) == 0;
}

static bool
sql_is_punct(const struct sql_tok *t, char c)
{
	return t->type == SQL_PUNCT && t->p[0] == c;
}

/*
 * A token's text as marimo's token_str + strip_quotes see it: a quoted
 * token up to its next quote character, without the quotes.
 */
static void
sql_tok_text(struct buf *b, const struct sql_tok *t)
{
	const char *p = t->p, *e = t->p + t->len, *q;

	if (t->type == SQL_STRING && (*p == 'e' || *p == 'E'))
		p++;
	if (t->type == SQL_QIDENT || t->type == SQL_STRING) {
		q = memchr(p + 1, *p, (size_t)(e - p - 1));
		if (q == NULL)
			q = e;
		buf_add(b, p + 1, (size_t)(q - p - 1));
		return;
	}
	buf_add(b, p, t->len);
}

static void
sql_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static void
sql_def_add(struct sql_result *r, enum sql_def_kind kind, const char *name,
    const char *qualified)
{
	if (r->ndefs == r->adefs) {
		r->adefs = r->adefs ? 2 * r->adefs : 4;
		r->defs = xreallocarray(r->defs, r->adefs, sizeof *r->defs);
	}
	r->defs[r->ndefs].kind = kind;
	r->defs[r->ndefs].name = xstrdup(name);
	r->defs[r->ndefs].qualified = xstrdup(qualified);
	r->ndefs++;
}

static void
sql_result_release(struct sql_result *r)
{
	size_t i;

	for (i = 0; i < r->ndefs; i++) {
		free(r->defs[i].name);
		free(r->defs[i].qualified);
	}
	free(r->defs);
	for (i = 0; i < r->refs.n; i++)
		free(r->refs.v[i]);
	free(r->refs.v);
	sql_set_release(&r->seen);
	memset(r, 0, sizeof *r);
}

/*
 * CREATE [OR REPLACE] [TEMP|TEMPORARY] TABLE|VIEW|SCHEMA [IF NOT EXISTS]
 * a[.b[.c]] and ATTACH [DATABASE] [IF NOT EXISTS] path [AS name], read
 * the way marimo's find_sql_defs reads duckdb's tokens. Definitions go to
 * r and their keys to defined (for the reference filter).
 */
static void
sql_find_defs(const struct sql_tok *t, size_t n, struct sql_result *r,
    struct sql_set *defined)
{
	struct buf part = BUF_INIT, qual = BUF_INIT, name = BUF_INIT;
	size_t i, nparts;
	int what;
	char *s, *c;

	for (i = 0; i < n; i++) {
		if (sql_is_kw(&t[i], "create")) {
			i++;
			if (i < n && sql_is_kw(&t[i], "or"))
				i += 2;
			if (i < n && (sql_is_kw(&t[i], "temporary") ||
			    sql_is_kw(&t[i], "temp")))
				i++;
			if (i >= n)
				break;
			if (sql_is_kw(&t[i], "table"))
				what = SQL_DEF_TABLE;
			else if (sql_is_kw(&t[i], "view"))
				what = SQL_DEF_VIEW;
			else if (sql_is_kw(&t[i], "schema"))
				what = SQL_DEF_SCHEMA;
			else
				continue;
			i++;
			if (i < n && sql_is_kw(&t[i], "if"))
				i += 3;
			if (i >= n)
				break;
			buf_reset(&qual);
			nparts = 0;
			for (;;) {
				buf_reset(&part);
				sql_tok_text(&part, &t[i]);
				if (nparts++ > 0)
					buf_addc(&qual, '.');
				buf_add(&qual, part.ptr, part.len);
				if (i + 1 < n && sql_is_punct(&t[i + 1], '.') &&
				    i + 2 < n) {
					i += 2;
					continue;
				}
				break;
			}
			if (what == SQL_DEF_SCHEMA) {
				/* Schema names keep their case in marimo. */
				sql_def_add(r, SQL_DEF_SCHEMA, part.ptr,
				    part.ptr);
				(void)sql_set_add(defined, part.ptr);
				continue;
			}
			s = xstrdup(qual.ptr);
			sql_lower(s);
			c = xstrdup(part.ptr);
			sql_lower(c);
			sql_def_add(r, (enum sql_def_kind)what, c, s);
			(void)sql_set_add(defined, s);
			free(s);
			free(c);
		} else if (sql_is_kw(&t[i], "attach")) {
			bool have = false;

			i++;
			if (i < n && sql_is_kw(&t[i], "database"))
				i++;
			if (i < n && sql_is_kw(&t[i], "if"))
				i += 3;
			buf_reset(&name);
			if (i < n) {
				sql_tok_text(&name, &t[i]);
				have = true;
				if ((c = memchr(name.ptr, '.', name.len)))
					buf_truncate(&name,
					    (size_t)(c - name.ptr));
				if ((c = memchr(name.ptr, ':', name.len))) {
					s = c + 1;
					c = memchr(s, ':',
					    name.len - (size_t)(s - name.ptr));
					if (c != NULL)
						*c = '\0';
					s = xstrdup(s);
					buf_reset(&name);
					buf_adds(&name, s);
					free(s);
				}
			}
			if (i + 1 < n && sql_is_kw(&t[i + 1], "as")) {
				i += 2;
				if (i < n) {
					buf_reset(&name);
					sql_tok_text(&name, &t[i]);
					have = true;
				}
			}
			if (have) {
				sql_def_add(r, SQL_DEF_CATALOG, name.ptr,
				    name.ptr);
				(void)sql_set_add(defined, name.ptr);
			}
		}
	}
	buf_release(&part);
	buf_release(&qual);
	buf_release(&name);
}

/* Words that end a FROM item instead of naming its alias. */
static bool
sql_is_clause_word(const struct sql_tok *t)
{
	static const char *const words[] = {
		"where", "group", "having", "order", "limit", "offset", "join",
		"inner", "left", "right", "full", "outer", "cross", "natural",
		"on", "using", "union", "intersect", "except", "window",
		"qualify", "select", "from", "semi", "anti", "asof",
		"positional", "lateral", "pivot", "unpivot", "sample",
		"tablesample", "returning", "set", "values", "with", "fetch",
		"for", "and", "or", "not", "into", "by", "default", "as"
	};
	size_t i;

	if (t->type != SQL_WORD)
		return false;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (sql_is_kw(t, words[i]))
			return true;
	return false;
}

/* Does a table name look like a file or URL (marimo skips those)? */
static bool
sql_is_file_name(const char *s)
{
	static const char *const ext[] = { ".csv", ".parquet", ".json",
		".txt", ".db", ".tsv", ".xlsx" };
	size_t i, n = strlen(s), m;

	if (strstr(s, "://") != NULL)
		return true;
	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		m = strlen(ext[i]);
		if (n >= m && strcmp(s + n - m, ext[i]) == 0)
			return true;
	}
	return false;
}

/*
 * Read one table reference at t[*i]: a[.b[.c]] not followed by "(" (a
 * table function), or a quoted name or string. Adds it to r unless it is
 * a CTE name, a file, or defined earlier in the call. Leaves *i after
 * the reference and its alias.
 */
static void
sql_table_ref(const struct sql_tok *t, size_t n, size_t *i,
    const struct sql_set *ctes, const struct sql_set *defined,
    struct sql_result *r)
{
	struct buf qual = BUF_INIT, part = BUF_INIT;
	size_t j = *i, nparts = 0;
	bool skip = false;

	if (j >= n || (t[j].type != SQL_WORD && t[j].type != SQL_QIDENT &&
	    t[j].type != SQL_STRING) || sql_is_clause_word(&t[j]))
		return;
	for (;;) {
		buf_reset(&part);
		sql_tok_text(&part, &t[j]);
		if (nparts++ > 0)
			buf_addc(&qual, '.');
		buf_add(&qual, part.ptr, part.len);
		if (j + 2 < n && sql_is_punct(&t[j + 1], '.') &&
		    (t[j + 2].type == SQL_WORD ||
		    t[j + 2].type == SQL_QIDENT)) {
			j += 2;
			continue;
		}
		break;
	}
	j++;
	if (j < n && sql_is_punct(&t[j], '('))
		skip = true;	/* read_csv(...), range(...) */
	if (!skip && part.len > 0 && !sql_is_file_name(part.ptr)) {
		sql_lower(qual.ptr);
		if (!(nparts == 1 && sql_set_has(ctes, qual.ptr)) &&
		    !sql_set_has(defined, qual.ptr) &&
		    sql_set_add(&r->seen, qual.ptr))
			ana_list_add(&r->refs, qual.ptr, qual.len);
	}
	/* The alias, with an optional column list. */
	if (j < n && sql_is_kw(&t[j], "as"))
		j++;
	if (j < n && (t[j].type == SQL_QIDENT ||
	    (t[j].type == SQL_WORD && !sql_is_clause_word(&t[j])))) {
		j++;
		if (j < n && sql_is_punct(&t[j], '(')) {
			int depth = 0;

			for (; j < n; j++) {
				if (sql_is_punct(&t[j], '('))
					depth++;
				else if (sql_is_punct(&t[j], ')') &&
				    --depth == 0) {
					j++;
					break;
				}
			}
		}
	}
	*i = j;
	buf_release(&qual);
	buf_release(&part);
}

/*
 * Tables a statement reads, as marimo finds them with sqlglot: the
 * sources of every SELECT (FROM and JOIN items, at any depth, CTE names
 * excluded), and the targets of INSERT, UPDATE, DELETE, DROP, TRUNCATE,
 * DESCRIBE, SUMMARIZE, COPY and PIVOT. A FROM inside a function call
 * (EXTRACT(year FROM d)) is not a source: a FROM counts at the top level
 * of the statement, right after "(", or in a parenthesised group that
 * holds a SELECT.
 */
static void
sql_find_refs(const struct sql_tok *t, size_t n,
    const struct sql_set *defined, struct sql_result *r)
{
	struct sql_set ctes = { NULL, 0, 0 };
	struct buf b = BUF_INIT;
	bool *sel, *with, expect = false;
	size_t i, depth = 0, j;

	/*
	 * CTE names: WITH [RECURSIVE] name [(cols)] AS (...) [, name ...],
	 * in one pass: after WITH, and after a ")" that closes a CTE back
	 * to the WITH's depth and is followed by ",", comes a name.
	 */
	with = xcalloc(n + 2, sizeof *with);
	for (i = 0; i < n; i++) {
		const struct sql_tok *k = &t[i];

		if (sql_is_kw(k, "with")) {
			expect = true;
			with[depth] = true;
			continue;
		}
		if (expect && sql_is_kw(k, "recursive"))
			continue;
		if (expect && (k->type == SQL_WORD || k->type == SQL_QIDENT)) {
			buf_reset(&b);
			sql_tok_text(&b, k);
			sql_lower(b.ptr);
			(void)sql_set_add(&ctes, b.ptr);
		}
		expect = false;
		if (sql_is_punct(k, '(')) {
			with[++depth] = false;
		} else if (sql_is_punct(k, ')') && depth > 0) {
			depth--;
			if (with[depth] && i + 1 < n &&
			    sql_is_punct(&t[i + 1], ',')) {
				expect = true;
				i++;	/* past the comma */
			}
			else if (with[depth] && !(i + 1 < n &&
			    sql_is_kw(&t[i + 1], "as")))
				with[depth] = false;
		}
	}
	free(with);
	depth = 0;

	sel = xcalloc(n + 1, sizeof *sel);
	for (i = 0; i < n; i++) {
		const struct sql_tok *k = &t[i];

		if (sql_is_punct(k, '(')) {
			depth++;
			sel[depth] = false;
			continue;
		}
		if (sql_is_punct(k, ')')) {
			if (depth > 0)
				depth--;
			continue;
		}
		if (sql_is_kw(k, "select") || sql_is_kw(k, "delete") ||
		    sql_is_kw(k, "update") || sql_is_kw(k, "values"))
			sel[depth] = true;
		if (sql_is_kw(k, "from")) {
			if (depth == 0 || sel[depth] ||
			    (i > 0 && sql_is_punct(&t[i - 1], '('))) {
				sel[depth] = true;
				j = i + 1;
				for (;;) {
					sql_table_ref(t, n, &j, &ctes, defined,
					    r);
					if (j < n && sql_is_punct(&t[j], ',')) {
						j++;
						continue;
					}
					break;
				}
			}
		} else if (sql_is_kw(k, "join")) {
			j = i + 1;
			sql_table_ref(t, n, &j, &ctes, defined, r);
		} else if (depth == 0 && (sql_is_kw(k, "into") ||
		    sql_is_kw(k, "update") || sql_is_kw(k, "truncate") ||
		    sql_is_kw(k, "describe") || sql_is_kw(k, "summarize") ||
		    sql_is_kw(k, "copy") || sql_is_kw(k, "pivot") ||
		    sql_is_kw(k, "unpivot"))) {
			j = i + 1;
			if (j < n && sql_is_kw(&t[j], "table"))
				j++;
			sql_table_ref(t, n, &j, &ctes, defined, r);
		} else if (depth == 0 && sql_is_kw(k, "drop") && i + 1 < n &&
		    (sql_is_kw(&t[i + 1], "table") ||
		    sql_is_kw(&t[i + 1], "view"))) {
			j = i + 2;
			if (j + 1 < n && sql_is_kw(&t[j], "if"))
				j += 2;
			sql_table_ref(t, n, &j, &ctes, defined, r);
		}
	}
	free(sel);
	sql_set_release(&ctes);
	buf_release(&b);
}

/*
 * Would a SQL parser reject these tokens? marimo's reference extraction
 * (sqlglot) finds no tables at all in SQL it cannot parse, which happens
 * mostly when an f-string placeholder (read as 1) lands where no literal
 * may: "... AND 1 1 ORDER BY", "FROM db.1". Those shapes, and unbalanced
 * parentheses, count as unparsable; anything subtler is read leniently.
 */
static bool
sql_is_broken(const struct sql_toks *t)
{
	size_t i;
	long depth = 0;

	for (i = 0; i < t->n; i++) {
		const struct sql_tok *k = &t->v[i];

		if (sql_is_punct(k, '('))
			depth++;
		else if (sql_is_punct(k, ')') && --depth < 0)
			return true;
		if (i + 1 < t->n && k->type == SQL_NUMBER &&
		    t->v[i + 1].type == SQL_NUMBER)
			return true;
		if (i + 2 < t->n && (k->type == SQL_WORD ||
		    k->type == SQL_QIDENT) && sql_is_punct(&t->v[i + 1], '.') &&
		    t->v[i + 2].type == SQL_NUMBER)
			return true;
	}
	return depth != 0;
}

/*
 * Analyse the SQL text of one mo.sql(...) call: split it into statements
 * at top-level semicolons, then per statement find its definitions, then
 * the tables it reads that no earlier statement of the call defined.
 */
static void
sql_analyse(const char *s, size_t len, struct sql_result *r)
{
	struct sql_toks toks = { NULL, 0, 0 };
	struct sql_set defined = { NULL, 0, 0 };
	size_t start = 0, depth = 0, i;

	sql_tokenize(&toks, s, len);
	if (sql_is_broken(&toks)) {
		/* Definitions come from tokens and survive; refs do not. */
		sql_find_defs(toks.v, toks.n, r, &defined);
		goto done;
	}
	for (i = 0; i <= toks.n; i++) {
		if (i < toks.n) {
			if (sql_is_punct(&toks.v[i], '('))
				depth++;
			else if (sql_is_punct(&toks.v[i], ')') && depth > 0)
				depth--;
			if (!sql_is_punct(&toks.v[i], ';') || depth > 0)
				continue;
		}
		if (i > start) {
			sql_find_defs(toks.v + start, i - start, r, &defined);
			sql_find_refs(toks.v + start, i - start, &defined, r);
		}
		start = i + 1;
	}
done:
	sql_set_release(&defined);
	free(toks.v);
}

/* ------------------------------------------------------------------ */
/* The scoped visitor (marimo's ScopedVisitor) */

enum vis_scope {
	VB_MODULE,
	VB_FUNCTION,
	VB_CLASS,
	VB_COMP,
	VB_ANNOT
};

enum vis_var {
	VK_VARIABLE,
	VK_FUNCTION,
	VK_METHOD,
	VK_CLASS,
	VK_IMPORT,
	VK_TABLE,
	VK_VIEW,
	VK_SCHEMA,
	VK_CATALOG
};

struct vis_block {
	PyObject *defs;		/* set of names bound here */
	PyObject *globals;	/* set of names declared global here */
	enum vis_scope scope;
	unsigned long serial;	/* identity: grows with every push */
};

/*
 * Where a name was read before any enclosing block bound it (marimo's
 * RefData). marimo keeps the enclosing blocks with each; they are not
 * needed here, because serials grow with every push: while block B is on
 * the stack, the refs made since B was pushed are exactly those with a
 * serial >= B's, they sit at the end of the array, and those made inside
 * B (serial > B's) are the ones B's bindings withdraw.
 */
struct vis_ref {
	unsigned long block;	/* serial of the block it was made in */
	bool deleted;
	bool sql;
};

struct vis_refs {
	PyObject *name;
	struct vis_ref *v;	/* in the order they were made */
	size_t n, alloc;
	/* At stack depth k, v[at[k]] is the ref of block serial ser[k]
	 * (stale when that block is gone: its serial differs). */
	size_t *at;
	unsigned long *ser;
	size_t ndepth;
};

/* One binding at the visitor's top level (marimo's VariableData). */
struct vis_datum {
	PyObject *name;
	enum vis_var kind;
	PyObject *required;	/* set, shared as in marimo; or NULL */
	PyObject *unbounded;	/* set or NULL */
	char *qualified;	/* SQL tables and views */
	char *ann_text;		/* annotation, normalised */
	PyObject *ann_refs;	/* set or NULL */
};

struct vis {
	struct ana *a;
	struct vis_block *blocks;
	size_t nblocks, ablocks;
	PyObject **rstack;	/* ref_stack: sets of names */
	size_t nrstack, arstack;
	PyObject **obscured;	/* except-handler names, borrowed */
	size_t nobscured, aobscured;
	PyObject *refindex;	/* dict: name -> index into refs */
	struct vis_refs *refs;
	size_t nrefs, arefs;
	struct vis_datum *data;
	size_t ndata, adata;
	PyObject *firstdef;	/* dict: name -> index of its first datum */
	PyObject *classes;	/* borrowed dict: ClassDef -> its body's refs */
	unsigned long serial;
	unsigned depth;
	bool mock;		/* a class body on its own (marimo's mock
				   visitor): keeps what each binding
				   requires, records no annotations */
	bool compile;		/* saw what only the compiler can judge */
	unsigned nloops;	/* For/While/With around the current node */
	size_t nscopes;		/* defs, lambdas, classes, comprehensions */
	unsigned nfuncs;	/* function blocks on the stack */
	bool awaits;		/* await, async for/with outside functions */
	bool too_deep;
	bool import_star;
	long import_star_line;
};

static int vis_visit(struct vis *, PyObject *);
static int vis_generic(struct vis *, PyObject *, const struct ana_type *,
    bool);

static int
vis_push_block(struct vis *v, enum vis_scope scope)
{
	struct vis_block *b;

	if (v->nblocks == v->ablocks) {
		v->ablocks = v->ablocks ? 2 * v->ablocks : 8;
		v->blocks = xreallocarray(v->blocks, v->ablocks,
		    sizeof *v->blocks);
	}
	b = &v->blocks[v->nblocks];
	b->defs = PySet_New(NULL);
	if (b->defs == NULL)
		return -1;
	b->globals = NULL;	/* made by the first "global" */
	b->scope = scope;
	b->serial = ++v->serial;
	v->nblocks++;
	v->nscopes++;
	if (scope == VB_FUNCTION)
		v->nfuncs++;
	return 0;
}

static void
vis_pop_block(struct vis *v)
{
	struct vis_block *b = &v->blocks[--v->nblocks];

	if (b->scope == VB_FUNCTION)
		v->nfuncs--;
	Py_DECREF(b->defs);
	Py_XDECREF(b->globals);
}

/* Push a new ref_stack set (takes the reference s, or makes one). */
static int
vis_push_refs(struct vis *v, PyObject *s)
{
	if (s == NULL && (s = PySet_New(NULL)) == NULL)
		return -1;
	if (v->nrstack == v->arstack) {
		v->arstack = v->arstack ? 2 * v->arstack : 8;
		v->rstack = xreallocarray(v->rstack, v->arstack,
		    sizeof *v->rstack);
	}
	v->rstack[v->nrstack++] = s;
	return 0;
}

/* Pop the top ref_stack set; the caller owns the returned reference. */
static PyObject *
vis_pop_refs(struct vis *v)
{
	return v->rstack[--v->nrstack];
}

static PyObject *
vis_top_refs(struct vis *v)
{
	return v->rstack[v->nrstack - 1];
}

static int
vis_init(struct vis *v, struct ana *a)
{
	memset(v, 0, sizeof *v);
	v->a = a;
	v->refindex = PyDict_New();
	v->firstdef = PyDict_New();
	if (v->refindex == NULL || v->firstdef == NULL ||
	    vis_push_block(v, VB_MODULE) < 0 ||
	    vis_push_refs(v, NULL) < 0)
		return -1;
	return 0;
}

static void
vis_release(struct vis *v)
{
	size_t i;

	while (v->nblocks > 0)
		vis_pop_block(v);
	free(v->blocks);
	while (v->nrstack > 0)
		Py_DECREF(vis_pop_refs(v));
	free(v->rstack);
	free(v->obscured);
	Py_XDECREF(v->refindex);
	Py_XDECREF(v->firstdef);
	for (i = 0; i < v->nrefs; i++) {
		free(v->refs[i].v);
		free(v->refs[i].at);
		free(v->refs[i].ser);
		Py_DECREF(v->refs[i].name);
	}
	free(v->refs);
	for (i = 0; i < v->ndata; i++) {
		Py_DECREF(v->data[i].name);
		Py_XDECREF(v->data[i].required);
		Py_XDECREF(v->data[i].unbounded);
		Py_XDECREF(v->data[i].ann_refs);
		free(v->data[i].qualified);
		free(v->data[i].ann_text);
	}
	free(v->data);
	memset(v, 0, sizeof *v);
}

static bool
vis_is_defined(const struct vis *v, PyObject *name)
{
	size_t i;

	for (i = 0; i < v->nblocks; i++)
		if (ana_set_has(v->blocks[i].defs, name))
			return true;
	return false;
}

/*
 * marimo's _if_local_then_mangle: a private name bound at the top level
 * (or anywhere, with ignore_scope) is renamed. Returns a new reference.
 */
static PyObject *
vis_mangle(const struct vis *v, PyObject *name, bool ignore_scope)
{
	if (ana_is_local(name) && (v->nblocks == 1 || ignore_scope))
		return PyUnicode_FromFormat("%s%U", ANA_MANGLE, name);
	Py_INCREF(name);
	return name;
}

static struct vis_refs *
vis_refs_find(const struct vis *v, PyObject *name)
{
	PyObject *ix;

	ix = PyDict_GetItemWithError(v->refindex, name);
	if (ix == NULL) {
		PyErr_Clear();
		return NULL;
	}
	return &v->refs[PyLong_AsSsize_t(ix)];
}

/* marimo's _add_ref: the name is read where nothing binds it. */
static int
vis_add_ref(struct vis *v, PyObject *name, bool deleted, bool sql)
{
	struct vis_refs *rs;
	struct vis_ref *found = NULL, *r;
	size_t k = v->nblocks - 1, i;
	unsigned long cur = v->blocks[k].serial;
	PyObject *ix;

	rs = vis_refs_find(v, name);
	if (rs == NULL) {
		if (v->nrefs == v->arefs) {
			v->arefs = v->arefs ? 2 * v->arefs : 16;
			v->refs = xreallocarray(v->refs, v->arefs,
			    sizeof *v->refs);
		}
		ix = PyLong_FromSize_t(v->nrefs);
		if (ix == NULL || PyDict_SetItem(v->refindex, name, ix) < 0) {
			Py_XDECREF(ix);
			return -1;
		}
		Py_DECREF(ix);
		rs = &v->refs[v->nrefs++];
		memset(rs, 0, sizeof *rs);
		Py_INCREF(name);
		rs->name = name;
	}
	/* One ref per name and block: the first one made there. */
	if (k < rs->ndepth && rs->ser[k] == cur)
		found = &rs->v[rs->at[k]];
	if (found != NULL && deleted)
		found->deleted = true;
	else if (found == NULL) {
		if (rs->n == rs->alloc) {
			rs->alloc = rs->alloc ? 2 * rs->alloc : 2;
			rs->v = xreallocarray(rs->v, rs->alloc, sizeof *rs->v);
		}
		if (k >= rs->ndepth) {
			rs->at = xreallocarray(rs->at, k + 1, sizeof *rs->at);
			rs->ser = xreallocarray(rs->ser, k + 1,
			    sizeof *rs->ser);
			for (i = rs->ndepth; i <= k; i++)
				rs->ser[i] = 0;
			rs->ndepth = k + 1;
		}
		rs->at[k] = rs->n;
		rs->ser[k] = cur;
		r = &rs->v[rs->n++];
		r->block = cur;
		r->deleted = deleted;
		r->sql = sql;
	}
	return PySet_Add(vis_top_refs(v), name);
}

/* marimo's _define_in_block. required is borrowed (and shared). */
static int
vis_define_in_block(struct vis *v, PyObject *name, enum vis_var kind,
    PyObject *required, PyObject *unbounded, size_t bi)
{
	struct vis_block *b = &v->blocks[bi];
	struct vis_datum *d;
	struct vis_refs *rs;
	size_t i, j, start;
	bool any = false;

	if (PySet_Add(b->defs, name) < 0)
		return -1;
	if (bi == 0) {
		PyObject *ix = PyLong_FromSize_t(v->ndata);

		if (ix == NULL ||
		    PyDict_SetDefault(v->firstdef, name, ix) == NULL) {
			Py_XDECREF(ix);
			return -1;
		}
		Py_DECREF(ix);
		if (v->ndata == v->adata) {
			v->adata = v->adata ? 2 * v->adata : 8;
			v->data = xreallocarray(v->data, v->adata,
			    sizeof *v->data);
		}
		d = &v->data[v->ndata++];
		memset(d, 0, sizeof *d);
		Py_INCREF(name);
		d->name = name;
		d->kind = kind;
		Py_XINCREF(required);
		d->required = required;
		Py_XINCREF(unbounded);
		d->unbounded = unbounded;
	}
	/*
	 * A name read in a nested block before this binding was a capture,
	 * not a reference. (Methods never capture: a method's name is not
	 * visible to bare names inside the class's other methods.)
	 */
	if (kind == VK_METHOD || (rs = vis_refs_find(v, name)) == NULL)
		return 0;
	/* The refs made since b was pushed: the tail of the array. */
	for (start = rs->n; start > 0 && rs->v[start - 1].block >= b->serial;
	    start--)
		if (rs->v[start - 1].block > b->serial)
			any = true;
	if (!any)
		return 0;
	/* Keep b's own ref (at most one), drop those made inside b. */
	for (i = j = start; i < rs->n; i++) {
		if (rs->v[i].block != b->serial)
			continue;
		if (bi < rs->ndepth && rs->ser[bi] == b->serial)
			rs->at[bi] = j;
		rs->v[j++] = rs->v[i];
	}
	rs->n = j;
	for (i = bi + 1; i < rs->ndepth; i++)
		rs->ser[i] = 0;
	return 0;
}

/* marimo's _define: names declared global go to the top level. */
static int
vis_define(struct vis *v, PyObject *name, enum vis_var kind,
    PyObject *required, PyObject *unbounded)
{
	size_t bi = v->nblocks - 1;

	if (ana_set_has(v->blocks[bi].globals, name))
		bi = 0;
	return vis_define_in_block(v, name, kind, required, unbounded, bi);
}

/* Visit an attribute of node: an AST node, a list of them, or None. */
static int
vis_visit_attr(struct vis *v, PyObject *node, enum ana_str s)
{
	PyObject *val, *item;
	Py_ssize_t i;
	int rc = 0;

	val = ana_get(v->a, node, s);
	if (val == NULL)
		return PyErr_Occurred() ? -1 : 0;
	if (PyList_Check(val) || PyTuple_Check(val)) {
		PyObject *seq = PySequence_Fast(val, "");

		if (seq == NULL) {
			Py_DECREF(val);
			return -1;
		}
		for (i = 0; rc == 0 && i < PySequence_Fast_GET_SIZE(seq);
		    i++) {
			item = PySequence_Fast_GET_ITEM(seq, i);
			if (ana_type_find(v->a, item) != NULL)
				rc = vis_visit(v, item);
		}
		Py_DECREF(seq);
	} else if (ana_type_find(v->a, val) != NULL)
		rc = vis_visit(v, val);
	Py_DECREF(val);
	return rc;
}

/* ast.NodeVisitor.generic_visit: every field in order (body optional). */
static int
vis_fields(struct vis *v, PyObject *node, const struct ana_type *t,
    bool skip_body)
{
	PyObject *f, *val, *item;
	Py_ssize_t i, j, n;
	int rc = 0;

	n = PyTuple_GET_SIZE(t->fields);
	for (i = 0; rc == 0 && i < n; i++) {
		f = PyTuple_GET_ITEM(t->fields, i);
		if (skip_body &&
		    PyUnicode_Compare(f, v->a->str[S_BODY]) == 0)
			continue;
		val = PyObject_GetAttr(node, f);
		if (val == NULL) {
			if (!PyErr_ExceptionMatches(PyExc_AttributeError))
				return -1;
			PyErr_Clear();
			continue;
		}
		if (PyList_Check(val)) {
			for (j = 0; rc == 0 && j < PyList_GET_SIZE(val); j++) {
				item = PyList_GET_ITEM(val, j);
				if (ana_type_find(v->a, item) != NULL)
					rc = vis_visit(v, item);
			}
		} else if (ana_type_find(v->a, val) != NULL)
			rc = vis_visit(v, val);
		Py_DECREF(val);
	}
	return rc;
}

/* marimo's generic_visit: the nodes that open a scope, and try. */
static int
vis_generic(struct vis *v, PyObject *node, const struct ana_type *t,
    bool skip_body)
{
	PyObject *handlers, *h, *hname;
	Py_ssize_t i;
	int rc = 0;

	switch (t->kind) {
	case K_CLASSDEF:
	case K_LAMBDA:
		if (vis_push_block(v, t->kind == K_CLASSDEF ? VB_CLASS :
		    VB_FUNCTION) < 0)
			return -1;
		rc = vis_fields(v, node, t, skip_body);
		vis_pop_block(v);
		return rc;
	case K_FUNCDEF:
	case K_ASYNCFUNCDEF:
		if (vis_push_block(v, VB_FUNCTION) < 0)
			return -1;
		/* Generic parameters first (3.12), so they are not refs. */
		rc = vis_visit_attr(v, node, S_TYPE_PARAMS);
		if (rc == 0)
			rc = vis_fields(v, node, t, skip_body);
		vis_pop_block(v);
		return rc;
	case K_LISTCOMP:
	case K_SETCOMP:
	case K_GENEXP:
	case K_DICTCOMP:
		/* Generators bind the targets the element reads. */
		if (vis_push_block(v, VB_COMP) < 0)
			return -1;
		rc = vis_visit_attr(v, node, S_GENERATORS);
		if (rc == 0 && t->kind == K_DICTCOMP) {
			rc = vis_visit_attr(v, node, S_VALUE);
			if (rc == 0)
				rc = vis_visit_attr(v, node, S_KEY);
		} else if (rc == 0)
			rc = vis_visit_attr(v, node, S_ELT);
		vis_pop_block(v);
		return rc;
	case K_TRY:
	case K_TRYSTAR:
		/* "except E as e": e is neither a def nor a ref inside. */
		if ((rc = vis_visit_attr(v, node, S_BODY)) < 0)
			return rc;
		handlers = ana_get(v->a, node, S_HANDLERS);
		if (handlers == NULL)
			return PyErr_Occurred() ? -1 : 0;
		for (i = 0; rc == 0 && PyList_Check(handlers) &&
		    i < PyList_GET_SIZE(handlers); i++) {
			h = PyList_GET_ITEM(handlers, i);
			hname = ana_get(v->a, h, S_NAME);
			if (v->nobscured == v->aobscured) {
				v->aobscured = v->aobscured ?
				    2 * v->aobscured : 4;
				v->obscured = xreallocarray(v->obscured,
				    v->aobscured, sizeof *v->obscured);
			}
			v->obscured[v->nobscured++] = hname;
			rc = vis_visit(v, h);
			v->nobscured--;
			Py_XDECREF(hname);
		}
		Py_DECREF(handlers);
		if (rc == 0)
			rc = vis_visit_attr(v, node, S_ORELSE);
		if (rc == 0)
			rc = vis_visit_attr(v, node, S_FINALBODY);
		return rc;
	case K_TYPEALIAS:
		if ((rc = vis_visit_attr(v, node, S_NAME)) < 0)
			return rc;
		if (vis_push_block(v, VB_ANNOT) < 0)
			return -1;
		rc = vis_visit_attr(v, node, S_TYPE_PARAMS);
		if (rc == 0)
			rc = vis_visit_attr(v, node, S_VALUE);
		vis_pop_block(v);
		return rc;
	default:
		return vis_fields(v, node, t, skip_body);
	}
}

/*
 * The definition-time refs of a class: what its body reads at class
 * level, as marimo computes them by visiting the body as a module of its
 * own. Adds them to unbounded.
 *
 * That visit depends on nothing but the body, and a class nested in a
 * class is visited once for its parent's body and once for real, so the
 * answer is kept per ClassDef node for the rest of the cell: without
 * that, n nested classes cost 2^n visits.
 */
static int
vis_class_body_refs(struct vis *v, PyObject *node, PyObject *out)
{
	struct vis mv;
	PyObject *ignore = NULL, *class_def = NULL, *groups = NULL, *tmp;
	PyObject *name, *list, *own = NULL;
	Py_ssize_t pos;
	size_t i, j;
	int rc = -1;

	if (v->classes != NULL) {
		tmp = PyDict_GetItemWithError(v->classes, node);
		if (tmp != NULL)
			return ana_set_update(out, tmp);
		if (PyErr_Occurred())
			return -1;
	}
	if (vis_init(&mv, v->a) < 0)
		goto done;
	mv.depth = v->depth;
	mv.mock = true;
	mv.classes = v->classes;
	if ((own = PySet_New(NULL)) == NULL)
		goto done;
	if (vis_visit_attr(&mv, node, S_BODY) < 0) {
		v->too_deep |= mv.too_deep;
		goto done;
	}
	ignore = PySet_New(NULL);
	class_def = PySet_New(NULL);
	if (ignore == NULL || class_def == NULL)
		goto done;
	/* Names in order of first binding, each with all its bindings. */
	groups = PyDict_New();
	if (groups == NULL)
		goto done;
	for (i = 0; i < mv.ndata; i++) {
		PyObject *l = PyDict_GetItemWithError(groups, mv.data[i].name);
		PyObject *ix;

		if (l == NULL) {
			if (PyErr_Occurred() || (l = PyList_New(0)) == NULL)
				goto done;
			if (PyDict_SetItem(groups, mv.data[i].name, l) < 0) {
				Py_DECREF(l);
				goto done;
			}
			Py_DECREF(l);
		}
		ix = PyLong_FromSize_t(i);
		if (ix == NULL || PyList_Append(l, ix) < 0) {
			Py_XDECREF(ix);
			goto done;
		}
		Py_DECREF(ix);
	}
	pos = 0;
	while (PyDict_Next(groups, &pos, &name, &list)) {
		for (j = 0; j < (size_t)PyList_GET_SIZE(list); j++) {
			struct vis_datum *d = &mv.data[PyLong_AsSsize_t(
			    PyList_GET_ITEM(list, (Py_ssize_t)j))];

			if (d->kind == VK_FUNCTION || d->kind == VK_METHOD ||
			    d->kind == VK_CLASS) {
				if (d->unbounded != NULL) {
					tmp = PyNumber_Subtract(d->unbounded,
					    class_def);
					if (tmp == NULL || ana_set_update(
					    own, tmp) < 0) {
						Py_XDECREF(tmp);
						goto done;
					}
					Py_DECREF(tmp);
				}
				if (ana_set_update(ignore, d->required) < 0)
					goto done;
			} else if (d->required != NULL) {
				tmp = PyNumber_Subtract(d->required, class_def);
				if (tmp == NULL ||
				    PySet_Discard(tmp, name) < 0 ||
				    ana_set_update(own, tmp) < 0) {
					Py_XDECREF(tmp);
					goto done;
				}
				Py_DECREF(tmp);
			}
			if (PySet_Add(class_def, name) < 0)
				goto done;
		}
	}
	for (i = 0; i < mv.nrefs; i++)
		if (mv.refs[i].n > 0 && !ana_set_has(ignore, mv.refs[i].name) &&
		    PySet_Add(own, mv.refs[i].name) < 0)
			goto done;
	if (v->classes != NULL &&
	    PyDict_SetItem(v->classes, node, own) < 0)
		goto done;
	rc = ana_set_update(out, own);
done:
	Py_XDECREF(own);
	Py_XDECREF(ignore);
	Py_XDECREF(class_def);
	Py_XDECREF(groups);
	vis_release(&mv);
	return rc;
}

/*
 * marimo's _visit_and_get_refs for a def or class: the signature (with
 * the body removed) is visited first to learn what the definition needs
 * when it runs, then the whole node. Returns the refs of the whole
 * definition and its definition-time refs (new references).
 */
static int
vis_def_refs(struct vis *v, PyObject *node, const struct ana_type *t,
    PyObject *name, PyObject **refs_out, PyObject **unbounded_out)
{
	PyObject *unbounded, *refs;
	int rc;

	*refs_out = *unbounded_out = NULL;
	if (vis_push_refs(v, NULL) < 0)
		return -1;
	unbounded = PySet_New(NULL);
	if (unbounded == NULL)
		goto fail;
	if (t->kind == K_CLASSDEF &&
	    vis_class_body_refs(v, node, unbounded) < 0)
		goto fail;
	if (vis_generic(v, node, t, true) < 0 ||
	    ana_set_update(unbounded, vis_top_refs(v)) < 0)
		goto fail;
	/*
	 * A function body may call the function itself; its name is bound
	 * in the enclosing scope before the body runs (not in a class:
	 * methods do not see the class namespace).
	 */
	if (t->kind != K_CLASSDEF &&
	    v->blocks[v->nblocks - 1].scope != VB_CLASS &&
	    PySet_Add(v->blocks[v->nblocks - 1].defs, name) < 0)
		goto fail;
	if (vis_generic(v, node, t, false) < 0)
		goto fail;
	refs = vis_pop_refs(v);
	rc = ana_set_update(vis_top_refs(v), refs);
	if (rc < 0) {
		Py_DECREF(refs);
		Py_DECREF(unbounded);
		return -1;
	}
	*refs_out = refs;
	*unbounded_out = unbounded;
	return 0;
fail:
	Py_XDECREF(unbounded);
	Py_DECREF(vis_pop_refs(v));
	return -1;
}

static int
vis_visit_def(struct vis *v, PyObject *node, const struct ana_type *t)
{
	PyObject *raw, *name, *refs, *unbounded;
	enum vis_var kind;
	int rc;

	raw = ana_get(v->a, node, S_NAME);
	if (raw == NULL)
		return PyErr_Occurred() ? -1 : 0;
	name = vis_mangle(v, raw, false);
	Py_DECREF(raw);
	if (name == NULL)
		return -1;
	if (vis_def_refs(v, node, t, name, &refs, &unbounded) < 0) {
		Py_DECREF(name);
		return -1;
	}
	if (t->kind == K_CLASSDEF)
		kind = VK_CLASS;
	else
		kind = v->blocks[v->nblocks - 1].scope == VB_CLASS ?
		    VK_METHOD : VK_FUNCTION;
	rc = vis_define(v, name, kind, refs, unbounded);
	Py_DECREF(refs);
	Py_DECREF(unbounded);
	Py_DECREF(name);
	return rc;
}

/* marimo's normalize_sql_f_string: placeholders become "1". */
static int
vis_fstring_text(struct vis *v, PyObject *node, struct buf *out)
{
	PyObject *values, *part, *inner, *s;
	Py_ssize_t i, n;
	const char *p;
	enum ana_kind k;

	values = ana_get(v->a, node, S_VALUES);
	if (values == NULL || !PyList_Check(values)) {
		Py_XDECREF(values);
		return PyErr_Occurred() ? -1 : 0;
	}
	for (i = 0; i < PyList_GET_SIZE(values); i++) {
		part = PyList_GET_ITEM(values, i);
		Py_INCREF(part);
		while (ana_kind_of(v->a, part) == K_FORMATTEDVALUE) {
			inner = ana_get(v->a, part, S_VALUE);
			Py_DECREF(part);
			if (inner == NULL) {
				Py_DECREF(values);
				return -1;
			}
			part = inner;
		}
		k = ana_kind_of(v->a, part);
		if (k == K_JOINEDSTR) {
			if (vis_fstring_text(v, part, out) < 0) {
				Py_DECREF(part);
				Py_DECREF(values);
				return -1;
			}
		} else if (k == K_CONSTANT) {
			inner = ana_get(v->a, part, S_VALUE);
			s = inner != NULL ? PyObject_Str(inner) : NULL;
			Py_XDECREF(inner);
			if (s == NULL) {
				Py_DECREF(part);
				Py_DECREF(values);
				return -1;
			}
			p = ana_utf8(s, &n);
			buf_add(out, p, (size_t)n);
			Py_DECREF(s);
		} else
			buf_addc(out, '1');
		Py_DECREF(part);
	}
	Py_DECREF(values);
	return 0;
}

/*
 * mo.sql("...") and friends: the SQL's tables, views, schemas and
 * catalogs are defined in the current block, and the tables it reads are
 * refs. marimo adds a SQL ref to the ordinary refs; so do we, so that a
 * query FROM df gets an edge from the cell that defines the dataframe df
 * (spec 5.4). Dotted names ("schema.table") are refs too; the writer
 * drops them from parameter lists because they are not identifiers.
 */
static int
vis_sql_call(struct vis *v, PyObject *node)
{
	static const char *const calls[] = { "marimo.sql", "mo.sql",
		"duckdb.execute", "duckdb.sql" };
	PyObject *func = NULL, *recv = NULL, *id = NULL, *attr = NULL;
	PyObject *args = NULL, *arg, *val = NULL, *name;
	struct buf sql = BUF_INIT, callee = BUF_INIT;
	struct sql_result r;
	const char *p;
	Py_ssize_t n;
	size_t i;
	bool match = false;
	int rc = -1;
	enum vis_var kind;

	memset(&r, 0, sizeof r);
	func = ana_get(v->a, node, S_FUNC);
	if (func == NULL || ana_kind_of(v->a, func) != K_ATTRIBUTE)
		goto ok;
	recv = ana_get(v->a, func, S_VALUE);
	if (recv == NULL || ana_kind_of(v->a, recv) != K_NAME)
		goto ok;
	id = ana_get(v->a, recv, S_ID);
	attr = ana_get(v->a, func, S_ATTR);
	if (id == NULL || attr == NULL)
		goto ok;
	p = ana_utf8(id, &n);
	buf_add(&callee, p, (size_t)n);
	buf_addc(&callee, '.');
	p = ana_utf8(attr, &n);
	buf_add(&callee, p, (size_t)n);
	for (i = 0; i < sizeof calls / sizeof calls[0]; i++)
		if (strcmp(callee.ptr, calls[i]) == 0)
			match = true;
	args = ana_get(v->a, node, S_ARGS);
	if (!match || args == NULL || !PyList_Check(args) ||
	    PyList_GET_SIZE(args) != 1)
		goto ok;
	arg = PyList_GET_ITEM(args, 0);
	switch (ana_kind_of(v->a, arg)) {
	case K_CONSTANT:
		val = ana_get(v->a, arg, S_VALUE);
		if (val == NULL || !PyUnicode_Check(val))
			goto ok;
		p = ana_utf8(val, &n);
		buf_add(&sql, p, (size_t)n);
		break;
	case K_JOINEDSTR:
		if (vis_fstring_text(v, arg, &sql) < 0)
			goto done;
		break;
	default:
		goto ok;
	}
	if (sql.len == 0)
		goto ok;
	sql_analyse(sql.ptr, sql.len, &r);
	for (i = 0; i < r.ndefs; i++) {
		name = PyUnicode_FromString(r.defs[i].name);
		if (name == NULL)
			goto done;
		kind = r.defs[i].kind == SQL_DEF_TABLE ? VK_TABLE :
		    r.defs[i].kind == SQL_DEF_VIEW ? VK_VIEW :
		    r.defs[i].kind == SQL_DEF_SCHEMA ? VK_SCHEMA : VK_CATALOG;
		if (vis_define(v, name, kind, NULL, NULL) < 0) {
			Py_DECREF(name);
			goto done;
		}
		Py_DECREF(name);
		if (v->nblocks == 1 && v->ndata > 0 &&
		    v->data[v->ndata - 1].qualified == NULL)
			v->data[v->ndata - 1].qualified =
			    xstrdup(r.defs[i].qualified);
	}
	for (i = 0; i < r.refs.n; i++) {
		name = PyUnicode_FromString(r.refs.v[i]);
		if (name == NULL || vis_add_ref(v, name, false, true) < 0) {
			Py_XDECREF(name);
			goto done;
		}
		Py_DECREF(name);
	}
ok:
	if (PyErr_Occurred())
		PyErr_Clear();
	rc = 0;
done:
	sql_result_release(&r);
	buf_release(&sql);
	buf_release(&callee);
	Py_XDECREF(func);
	Py_XDECREF(recv);
	Py_XDECREF(id);
	Py_XDECREF(attr);
	Py_XDECREF(args);
	Py_XDECREF(val);
	return rc;
}

static int
vis_visit_name(struct vis *v, PyObject *node)
{
	PyObject *id, *ctx, *cur = NULL;
	enum ana_kind k;
	size_t i;
	int rc = 0;

	id = ana_get(v->a, node, S_ID);
	ctx = ana_get(v->a, node, S_CTX);
	if (id == NULL || ctx == NULL || !PyUnicode_Check(id)) {
		Py_XDECREF(id);
		Py_XDECREF(ctx);
		return PyErr_Occurred() ? -1 : 0;
	}
	for (i = 0; i < v->nobscured; i++) {
		if (v->obscured[i] != NULL && PyUnicode_Check(v->obscured[i]) &&
		    PyUnicode_Compare(v->obscured[i], id) == 0)
			goto done;
	}
	k = ana_kind_of(v->a, ctx);
	if (k == K_STORE) {
		cur = vis_mangle(v, id, false);
		if (cur == NULL ||
		    vis_define(v, cur, VK_VARIABLE, vis_top_refs(v), NULL) < 0)
			rc = -1;
		goto done;
	}
	if ((k == K_LOAD || k == K_DEL) && !vis_is_defined(v, id) &&
	    !ana_is_local(id)) {
		rc = vis_add_ref(v, id, k == K_DEL, false);
		Py_INCREF(id);
		cur = id;
	} else if (ana_is_local(id)) {
		/*
		 * A private name read in this cell resolves to the renamed
		 * top-level binding unless a nested block binds it (or the
		 * raw name was imported without "as").
		 */
		Py_INCREF(id);
		cur = id;
		for (i = v->nblocks; i-- > 0;) {
			if (i == 0) {
				PyObject *m = vis_mangle(v, id, true);

				if (m == NULL) {
					rc = -1;
					goto done;
				}
				if (ana_set_has(v->blocks[0].defs, m) ||
				    !ana_set_has(v->blocks[0].defs, id)) {
					Py_DECREF(cur);
					cur = m;
				} else
					Py_DECREF(m);
			} else if (ana_set_has(v->blocks[i].defs, id))
				break;
		}
	} else {
		Py_INCREF(id);
		cur = id;
	}
	/* The names this statement's value depends on (ref_stack). */
	if (rc == 0 && k == K_LOAD && vis_is_defined(v, cur) &&
	    !ana_set_has(vis_top_refs(v), cur)) {
		bool nested = false;

		for (i = 1; i < v->nblocks; i++)
			if (ana_set_has(v->blocks[i].defs, cur))
				nested = true;
		if (!nested || v->nblocks == 1)
			rc = PySet_Add(vis_top_refs(v), cur);
	}
done:
	Py_XDECREF(cur);
	Py_DECREF(id);
	Py_DECREF(ctx);
	return rc;
}

static int
vis_visit_annassign(struct vis *v, PyObject *node)
{
	PyObject *target = NULL, *name = NULL, *ann = NULL, *ann_refs = NULL;
	PyObject *text = NULL, *refs;
	struct buf flat = BUF_INIT, norm = BUF_INIT;
	const char *p;
	Py_ssize_t n, i;
	size_t s, e, d;
	bool record = false;
	int rc = -1;

	if (vis_push_refs(v, NULL) < 0)
		return -1;
	if (vis_visit_attr(v, node, S_VALUE) < 0 || vis_push_refs(v, NULL) < 0)
		goto done;
	if (vis_visit_attr(v, node, S_ANNOTATION) < 0) {
		Py_DECREF(vis_pop_refs(v));
		goto done;
	}
	ann_refs = vis_pop_refs(v);
	if (ana_set_update(vis_top_refs(v), ann_refs) < 0)
		goto done;
	target = ana_get(v->a, node, S_TARGET);
	if (target == NULL)
		goto done;
	/*
	 * The annotation of a name's first top-level binding is kept for
	 * the writer (a private name is renamed first, so never matches).
	 */
	if (ana_kind_of(v->a, target) == K_NAME) {
		name = ana_get(v->a, target, S_ID);
		if (name == NULL)
			goto done;
		record = !v->mock && v->nblocks == 1 &&
		    !ana_is_local(name) && !ana_set_has(v->blocks[0].defs, name);
	}
	if (vis_visit(v, target) < 0)
		goto done;
	if (record) {
		PyObject *ix = PyDict_GetItemWithError(v->firstdef, name);

		d = ix != NULL ? (size_t)PyLong_AsSsize_t(ix) : v->ndata;
		if (PyErr_Occurred())
			goto done;
		ann = ana_get(v->a, node, S_ANNOTATION);
		if (d < v->ndata && ann != NULL) {
			if (v->a->unparse == NULL) {
				PyObject *mod = PyImport_ImportModule("ast");

				if (mod == NULL)
					goto done;
				v->a->unparse = PyObject_GetAttrString(mod,
				    "unparse");
				Py_DECREF(mod);
				if (v->a->unparse == NULL)
					goto done;
			}
			text = PyObject_CallOneArg(v->a->unparse, ann);
			if (text == NULL)
				goto done;
			p = ana_utf8(text, &n);
			for (i = 0; i < n; i++)
				if (p[i] != '\n')
					buf_addc(&flat, p[i]);
			ana_strip(flat.ptr, flat.len, &s, &e);
			ana_standardize_quotes(&norm, flat.ptr + s, e - s);
			free(v->data[d].ann_text);
			v->data[d].ann_text = buf_detach(&norm, NULL);
			Py_XDECREF(v->data[d].ann_refs);
			Py_INCREF(ann_refs);
			v->data[d].ann_refs = ann_refs;
		}
	}
	rc = 0;
done:
	refs = vis_pop_refs(v);
	if (rc == 0 && ana_set_update(vis_top_refs(v), refs) < 0)
		rc = -1;
	Py_DECREF(refs);
	Py_XDECREF(ann_refs);
	Py_XDECREF(target);
	Py_XDECREF(name);
	Py_XDECREF(ann);
	Py_XDECREF(text);
	buf_release(&flat);
	buf_release(&norm);
	return rc;
}

/* Assign and AugAssign: the value before the targets, in one ref set. */
static int
vis_visit_assign(struct vis *v, PyObject *node, enum ana_kind k)
{
	PyObject *refs;
	int rc;

	/*
	 * The statement's own set only matters to what its targets require,
	 * which only a class body's definition-time refs look at; elsewhere
	 * its names end up in the enclosing set all the same.
	 */
	if (!v->mock) {
		rc = vis_visit_attr(v, node, S_VALUE);
		if (rc == 0)
			rc = vis_visit_attr(v, node, k == K_ASSIGN ?
			    S_TARGETS : S_TARGET);
		return rc;
	}
	if (vis_push_refs(v, NULL) < 0)
		return -1;
	rc = vis_visit_attr(v, node, S_VALUE);
	if (rc == 0)
		rc = vis_visit_attr(v, node, k == K_ASSIGN ? S_TARGETS :
		    S_TARGET);
	refs = vis_pop_refs(v);
	if (rc == 0)
		rc = ana_set_update(vis_top_refs(v), refs);
	Py_DECREF(refs);
	return rc;
}

static int
vis_visit_namedexpr(struct vis *v, PyObject *node)
{
	PyObject *target, *id, *name;
	size_t bi;
	int rc;

	if (vis_visit_attr(v, node, S_VALUE) < 0)
		return -1;
	target = ana_get(v->a, node, S_TARGET);
	if (target == NULL)
		return PyErr_Occurred() ? -1 : 0;
	if (v->blocks[v->nblocks - 1].scope != VB_COMP ||
	    ana_kind_of(v->a, target) != K_NAME) {
		rc = vis_visit(v, target);
		Py_DECREF(target);
		return rc;
	}
	/* In a comprehension, := binds in the nearest enclosing block. */
	rc = 0;
	id = ana_get(v->a, target, S_ID);
	for (bi = v->nblocks; id != NULL && bi-- > 0;) {
		if (v->blocks[bi].scope == VB_COMP)
			continue;
		name = vis_mangle(v, id, bi == 0);
		if (name == NULL || vis_define_in_block(v, name, VK_VARIABLE,
		    NULL, NULL, bi) < 0)
			rc = -1;
		Py_XDECREF(name);
		break;
	}
	if (id == NULL && PyErr_Occurred())
		rc = -1;
	Py_XDECREF(id);
	Py_DECREF(target);
	return rc;
}

static int
vis_visit_global(struct vis *v, PyObject *node)
{
	PyObject *names, *m;
	Py_ssize_t i;
	int rc = 0;

	names = ana_get(v->a, node, S_NAMES);
	if (names == NULL || !PyList_Check(names)) {
		Py_XDECREF(names);
		return PyErr_Occurred() ? -1 : 0;
	}
	for (i = 0; rc == 0 && i < PyList_GET_SIZE(names); i++) {
		PyObject *name = PyList_GET_ITEM(names, i);

		m = vis_mangle(v, name, true);
		if (m != NULL && v->blocks[v->nblocks - 1].globals == NULL &&
		    (v->blocks[v->nblocks - 1].globals = PySet_New(NULL)) ==
		    NULL)
			Py_CLEAR(m);
		if (m == NULL ||
		    PySet_Add(v->blocks[v->nblocks - 1].globals, m) < 0) {
			Py_XDECREF(m);
			rc = -1;
			break;
		}
		/*
		 * marimo would record a renamed private name here, a ref no
		 * cell can ever define (and that would name a parameter);
		 * private names are never refs in quire.
		 */
		if (!ana_set_has(v->blocks[0].defs, m) && !ana_is_local(name))
			rc = vis_add_ref(v, m, false, false);
		Py_DECREF(m);
	}
	Py_DECREF(names);
	return rc;
}

static int
vis_visit_import(struct vis *v, PyObject *node, bool from)
{
	PyObject *names, *alias, *asname, *full, *name;
	Py_ssize_t i, n;
	const char *p, *dot;
	int rc = 0;

	names = ana_get(v->a, node, S_NAMES);
	if (names == NULL || !PyList_Check(names)) {
		Py_XDECREF(names);
		return PyErr_Occurred() ? -1 : 0;
	}
	for (i = 0; rc == 0 && i < PyList_GET_SIZE(names); i++) {
		alias = PyList_GET_ITEM(names, i);
		asname = ana_get(v->a, alias, S_ASNAME);
		if (asname != NULL && asname != Py_None) {
			name = vis_mangle(v, asname, false);
		} else {
			/* "import a.b.c" binds a; the user chose no name. */
			full = ana_get(v->a, alias, S_NAME);
			p = ana_utf8(full, &n);
			dot = memchr(p, '.', (size_t)n);
			if (strcmp(p, "*") == 0) {
				if (from && !v->import_star) {
					v->import_star = true;
					v->import_star_line = ana_get_long(v->a,
					    node, S_LINENO, 0);
				}
				Py_XDECREF(full);
				Py_XDECREF(asname);
				continue;
			}
			name = PyUnicode_FromStringAndSize(p, dot != NULL ?
			    dot - p : n);
			Py_XDECREF(full);
		}
		Py_XDECREF(asname);
		if (name == NULL ||
		    vis_define(v, name, VK_IMPORT, NULL, NULL) < 0)
			rc = -1;
		Py_XDECREF(name);
	}
	Py_DECREF(names);
	return rc;
}

/* MatchAs, MatchStar, MatchMapping: capture names are bindings. */
static int
vis_visit_capture(struct vis *v, PyObject *node, enum ana_str field)
{
	PyObject *raw, *name;
	int rc = 0;

	raw = ana_get(v->a, node, field);
	if (raw == NULL)
		return PyErr_Occurred() ? -1 : 0;
	if (PyUnicode_Check(raw)) {
		name = vis_mangle(v, raw, false);
		if (name == NULL ||
		    vis_define(v, name, VK_VARIABLE, NULL, NULL) < 0)
			rc = -1;
		Py_XDECREF(name);
	}
	Py_DECREF(raw);
	return rc;
}

/* Does a call repeat a keyword argument (a compile-time error)? */
static bool
vis_keywords_repeat(struct vis *v, PyObject *node)
{
	PyObject *kws, *a1, *a2;
	Py_ssize_t i, j, n;
	bool rep = false;

	kws = ana_get(v->a, node, S_KEYWORDS);
	if (kws == NULL || !PyList_Check(kws) ||
	    (n = PyList_GET_SIZE(kws)) < 2) {
		Py_XDECREF(kws);
		PyErr_Clear();
		return false;
	}
	for (i = 0; !rep && i < n; i++) {
		a1 = ana_get(v->a, PyList_GET_ITEM(kws, i), S_ARG);
		for (j = i + 1; a1 != NULL && a1 != Py_None && !rep && j < n;
		    j++) {
			a2 = ana_get(v->a, PyList_GET_ITEM(kws, j), S_ARG);
			if (a2 != NULL && a2 != Py_None &&
			    PyUnicode_Compare(a1, a2) == 0)
				rep = true;
			Py_XDECREF(a2);
		}
		Py_XDECREF(a1);
	}
	Py_DECREF(kws);
	PyErr_Clear();
	return rep;
}

static int
vis_visit(struct vis *v, PyObject *node)
{
	const struct ana_type *t;
	int rc = 0;

	t = ana_type_find(v->a, node);
	if (t == NULL)
		return 0;
	if (!t->plain)
		v->compile = true;
	if (PyTuple_GET_SIZE(t->fields) == 0)
		return 0;	/* Load, Add, ...: nothing inside */
	if (++v->depth > ANA_MAX_DEPTH) {
		v->too_deep = true;
		v->depth--;
		return -1;
	}
	switch (t->kind) {
	case K_CLASSDEF:
	case K_FUNCDEF:
	case K_ASYNCFUNCDEF:
		rc = vis_visit_def(v, node, t);
		break;
	case K_CALL:
		if (!v->compile && vis_keywords_repeat(v, node))
			v->compile = true;
		rc = vis_sql_call(v, node);
		if (rc == 0)
			rc = vis_generic(v, node, t, false);
		break;
	case K_LAMBDA:
		/* marimo marks "a callable needs more refs" this way. */
		rc = PySet_Add(vis_top_refs(v), v->a->str[S_LAMBDA]);
		if (rc == 0)
			rc = vis_generic(v, node, t, false);
		break;
	case K_ARG:
		rc = vis_visit_capture(v, node, S_ARG);
		if (rc == 0)
			rc = vis_visit_attr(v, node, S_ANNOTATION);
		break;
	case K_ARGUMENTS:
		/* Defaults first: def f(x=x) reads the outer x. */
		if ((rc = vis_visit_attr(v, node, S_KW_DEFAULTS)) == 0 &&
		    (rc = vis_visit_attr(v, node, S_DEFAULTS)) == 0 &&
		    (rc = vis_visit_attr(v, node, S_POSONLYARGS)) == 0 &&
		    (rc = vis_visit_attr(v, node, S_ARGS)) == 0 &&
		    (rc = vis_visit_attr(v, node, S_KWONLYARGS)) == 0 &&
		    (rc = vis_visit_attr(v, node, S_VARARG)) == 0)
			rc = vis_visit_attr(v, node, S_KWARG);
		break;
	case K_ASSIGN:
	case K_AUGASSIGN:
		rc = vis_visit_assign(v, node, t->kind);
		break;
	case K_ANNASSIGN:
		rc = vis_visit_annassign(v, node);
		break;
	case K_COMPREHENSION:
		if (v->nfuncs == 0 && !v->awaits &&
		    ana_get_long(v->a, node, S_IS_ASYNC, 0) != 0)
			v->awaits = true;
		/* [x for x in x]: the iterable is read before x is bound. */
		if ((rc = vis_visit_attr(v, node, S_ITER)) == 0 &&
		    (rc = vis_visit_attr(v, node, S_TARGET)) == 0)
			rc = vis_visit_attr(v, node, S_IFS);
		break;
	case K_NAMEDEXPR:
		rc = vis_visit_namedexpr(v, node);
		break;
	case K_NAME:
		rc = vis_visit_name(v, node);
		break;
	case K_GLOBAL:
		rc = vis_visit_global(v, node);
		break;
	case K_IMPORT:
	case K_IMPORTFROM:
		rc = vis_visit_import(v, node, t->kind == K_IMPORTFROM);
		break;
	case K_MATCHAS:
		rc = vis_visit_capture(v, node, S_NAME);
		if (rc == 0)
			rc = vis_visit_attr(v, node, S_PATTERN);
		break;
	case K_MATCHMAPPING:
		if ((rc = vis_visit_capture(v, node, S_REST)) == 0 &&
		    (rc = vis_visit_attr(v, node, S_KEYS)) == 0)
			rc = vis_visit_attr(v, node, S_PATTERNS);
		break;
	case K_MATCHSTAR:
		rc = vis_visit_capture(v, node, S_NAME);
		break;
	case K_TYPEVAR:
	case K_PARAMSPEC:
	case K_TYPEVARTUPLE: {
		PyObject *name = ana_get(v->a, node, S_NAME);

		if (name != NULL && PyUnicode_Check(name))
			rc = vis_define(v, name, VK_VARIABLE, vis_top_refs(v),
			    NULL);
		Py_XDECREF(name);
		if (rc == 0 && PyErr_Occurred())
			rc = -1;
		if (rc == 0 && t->kind == K_TYPEVAR)
			rc = vis_visit_attr(v, node, S_BOUND);
		break;
	}
	case K_BLOCK:
		if (++v->nloops > ANA_PLAIN_BLOCKS)
			v->compile = true;
		rc = vis_generic(v, node, t, false);
		v->nloops--;
		break;
	case K_AWAIT:
		if (v->nfuncs == 0)
			v->awaits = true;
		rc = vis_generic(v, node, t, false);
		break;
	default:
		rc = vis_generic(v, node, t, false);
		break;
	}
	v->depth--;
	return rc;
}

/* ------------------------------------------------------------------ */
/* One cell */

/* Byte offset of the start of 1-based line in text (\n, \r\n, \r end
 * lines, as CPython's tokenizer reads them). */
static size_t
ana_line_start(const char *text, size_t len, long line)
{
	size_t i = 0;
	long cur = 1;

	while (cur < line && i < len) {
		if (text[i] == '\r') {
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
			cur++;
		} else if (text[i] == '\n')
			cur++;
		i++;
	}
	return i;
}

/*
 * Does the code end with ";" (ignoring comments and whitespace)? The
 * text after the last statement holds only separators, closing
 * parentheses and comments, so scanning it is tokenizing it.
 */
static bool
ana_ends_with_semicolon(struct ana *a, PyObject *stmt, const char *text,
    size_t len)
{
	long line, col;
	size_t i;
	bool semi = false;

	line = ana_get_long(a, stmt, S_END_LINENO, -1);
	col = ana_get_long(a, stmt, S_END_COL_OFFSET, -1);
	if (line < 1 || col < 0)
		return false;
	i = ana_line_start(text, len, line) + (size_t)col;
	while (i < len) {
		if (text[i] == '#') {
			while (i < len && text[i] != '\n' && text[i] != '\r')
				i++;
			continue;
		}
		if (text[i] == ';')
			semi = true;
		i++;
	}
	return semi;
}

/* Record the pending exception as the cell's syntax error. */
static void
ana_syntax_error(struct ana *a, struct ana_cell *c)
{
	PyObject *type, *value, *tb, *msg;
	struct buf b = BUF_INIT;
	const char *p;
	Py_ssize_t n;
	long line = 1, col = 1;

	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	c->parses = false;
	if (value != NULL && PyErr_GivenExceptionMatches(type,
	    PyExc_SyntaxError)) {
		msg = ana_get(a, value, S_MSG);
		if (msg != NULL && PyUnicode_Check(msg)) {
			p = ana_utf8(msg, &n);
			buf_add(&b, p, (size_t)n);
		}
		Py_XDECREF(msg);
		line = ana_get_long(a, value, S_LINENO, 1);
		col = ana_get_long(a, value, S_OFFSET, 1);
	} else if (value != NULL) {
		/* RecursionError, MemoryError: still "does not compile". */
		msg = PyObject_Str(value);
		buf_addf(&b, "%s", ((PyTypeObject *)type)->tp_name);
		if (msg != NULL) {
			p = ana_utf8(msg, &n);
			if (n > 0) {
				buf_adds(&b, ": ");
				buf_add(&b, p, (size_t)n);
			}
		}
		Py_XDECREF(msg);
	}
	if (PyErr_Occurred())
		PyErr_Clear();
	if (b.len == 0)
		buf_adds(&b, "invalid syntax");
	c->error = buf_detach(&b, NULL);
	c->error_line = line > 0 ? (size_t)line : 1;
	c->error_col = col > 0 ? (size_t)col : 1;
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
}

/*
 * Is the module exactly mo.md(<string>)? Returns the string value (new
 * reference) or NULL, as marimo's _extract_markdown decides: one
 * expression statement, a call of attribute md on the name mo, a first
 * positional argument that is the only one and is a str constant or an
 * f-string whose only part is one.
 */
static PyObject *
ana_markdown_value(struct ana *a, PyObject *body)
{
	PyObject *stmt, *call = NULL, *func = NULL, *recv = NULL, *id = NULL;
	PyObject *attr = NULL, *args = NULL, *arg, *vals = NULL, *val = NULL;

	if (PyList_GET_SIZE(body) != 1)
		return NULL;
	stmt = PyList_GET_ITEM(body, 0);
	if (ana_kind_of(a, stmt) != K_EXPR)
		return NULL;
	call = ana_get(a, stmt, S_VALUE);
	if (ana_kind_of(a, call) != K_CALL)
		goto done;
	func = ana_get(a, call, S_FUNC);
	if (ana_kind_of(a, func) != K_ATTRIBUTE)
		goto done;
	attr = ana_get(a, func, S_ATTR);
	recv = ana_get(a, func, S_VALUE);
	if (attr == NULL || !PyUnicode_Check(attr) ||
	    strcmp(ana_utf8(attr, NULL), "md") != 0 ||
	    ana_kind_of(a, recv) != K_NAME)
		goto done;
	id = ana_get(a, recv, S_ID);
	if (id == NULL || strcmp(ana_utf8(id, NULL), "mo") != 0)
		goto done;
	args = ana_get(a, call, S_ARGS);
	if (args == NULL || !PyList_Check(args) || PyList_GET_SIZE(args) != 1)
		goto done;
	arg = PyList_GET_ITEM(args, 0);
	Py_INCREF(arg);
	if (ana_kind_of(a, arg) == K_JOINEDSTR) {
		vals = ana_get(a, arg, S_VALUES);
		Py_DECREF(arg);
		if (vals == NULL || !PyList_Check(vals) ||
		    PyList_GET_SIZE(vals) != 1)
			goto done;
		arg = PyList_GET_ITEM(vals, 0);
		Py_INCREF(arg);
	}
	if (ana_kind_of(a, arg) == K_CONSTANT) {
		val = ana_get(a, arg, S_VALUE);
		if (val != NULL && !PyUnicode_Check(val))
			Py_CLEAR(val);
	}
	Py_DECREF(arg);
done:
	if (PyErr_Occurred())
		PyErr_Clear();
	Py_XDECREF(call);
	Py_XDECREF(func);
	Py_XDECREF(recv);
	Py_XDECREF(id);
	Py_XDECREF(attr);
	Py_XDECREF(args);
	Py_XDECREF(vals);
	return val;
}

/* Fill c from a finished walk over the module. */
static int
ana_collect(struct ana *a, struct vis *v, PyObject *body, struct ana_cell *c)
{
	struct ana_list defs = { NULL, 0, 0 }, priv = { NULL, 0, 0 };
	struct ana_list refs = { NULL, 0, 0 }, dels = { NULL, 0, 0 };
	struct ana_list sqld = { NULL, 0, 0 }, sqlr = { NULL, 0, 0 };
	struct ana_list dt = { NULL, 0, 0 }, sqlq = { NULL, 0, 0 }, ar;
	struct ana_list sqlf = { NULL, 0, 0 };
	PyObject *key, *first, *last, *name, *item, *seen, *items;
	Py_ssize_t pos = 0, n;
	const char *p;
	size_t i, j;
	enum ana_kind k;

	if ((items = ana_set_list(v->blocks[0].defs)) == NULL)
		return -1;
	for (pos = 0; pos < PyList_GET_SIZE(items); pos++) {
		key = PyList_GET_ITEM(items, pos);
		if (ana_is_local(key))
			ana_list_add_demangled(&priv, key);
		else {
			p = ana_utf8(key, &n);
			ana_list_add(&defs, p, (size_t)n);
		}
	}
	Py_DECREF(items);
	c->nbound = (size_t)PySet_GET_SIZE(v->blocks[0].defs);
	for (i = 0; i < v->nrefs; i++) {
		const struct vis_refs *rs = &v->refs[i];

		if (rs->n == 0)
			continue;
		p = ana_utf8(rs->name, &n);
		ana_list_add(&refs, p, (size_t)n);
		for (j = 0; j < rs->n; j++)
			if (rs->v[j].deleted) {
				ana_list_add(&dels, p, (size_t)n);
				break;
			}
		if (rs->v[rs->n - 1].sql)
			ana_list_add(&sqlr, p, (size_t)n);
	}

	/*
	 * SQL definitions: names whose last top-level binding is a table,
	 * view, schema or catalog (marimo's graph looks at the last one).
	 */
	seen = PySet_New(NULL);
	if (seen == NULL)
		return -1;
	for (i = v->ndata; i-- > 0;) {
		const struct vis_datum *d = &v->data[i];

		if (ana_set_has(seen, d->name))
			continue;
		if (PySet_Add(seen, d->name) < 0) {
			Py_DECREF(seen);
			return -1;
		}
		if (d->kind < VK_TABLE || ana_is_local(d->name))
			continue;
		p = ana_utf8(d->name, &n);
		ana_list_add(&sqld, p, (size_t)n);
		if (d->qualified != NULL)
			ana_list_add(&sqlq, d->qualified, strlen(d->qualified));
		else
			ana_list_add(&sqlq, p, (size_t)n);
	}
	Py_DECREF(seen);
	/* And the names whose first binding is SQL (the writer's rule). */
	if ((seen = PySet_New(NULL)) == NULL)
		return -1;
	for (i = 0; i < v->ndata; i++) {
		const struct vis_datum *d = &v->data[i];

		if (ana_set_has(seen, d->name))
			continue;
		if (PySet_Add(seen, d->name) < 0) {
			Py_DECREF(seen);
			return -1;
		}
		if (d->kind < VK_TABLE || ana_is_local(d->name))
			continue;
		p = ana_utf8(d->name, &n);
		ana_list_add(&sqlf, p, (size_t)n);
	}
	Py_DECREF(seen);
	ana_list_finish(&defs, &c->defs);
	ana_list_finish(&priv, &c->private_defs);
	ana_list_finish(&refs, &c->refs);
	ana_list_finish(&dels, &c->deleted_refs);
	ana_list_finish(&sqld, &c->sql_defs);
	ana_list_finish(&sqlr, &c->sql_refs);
	ana_list_finish(&sqlq, &c->sql_qualified_defs);
	ana_list_finish(&sqlf, &c->sql_first_defs);

	/* Annotations: on a name's first binding, public names only. */
	for (i = 0; i < v->ndata; i++) {
		const struct vis_datum *d = &v->data[i];
		struct ana_annotation *an;

		if (d->ann_text == NULL)
			continue;
		c->annotations = xreallocarray(c->annotations,
		    c->nannotations + 1, sizeof *c->annotations);
		an = &c->annotations[c->nannotations++];
		p = ana_utf8(d->name, &n);
		an->name = xstrndup(p, (size_t)n);
		an->text = xstrdup(d->ann_text);
		memset(&ar, 0, sizeof ar);
		if (d->ann_refs != NULL) {
			if ((items = ana_set_list(d->ann_refs)) == NULL)
				return -1;
			for (pos = 0; pos < PyList_GET_SIZE(items); pos++)
				ana_list_add_demangled(&ar,
				    PyList_GET_ITEM(items, pos));
			Py_DECREF(items);
		}
		ana_list_finish(&ar, &an->refs);
	}

	/* Facts about the top-level statements. */
	n = PyList_GET_SIZE(body);
	c->nstatements = (size_t)n;
	if (n == 0)
		return 0;
	first = PyList_GET_ITEM(body, 0);
	last = PyList_GET_ITEM(body, n - 1);
	k = ana_kind_of(a, last);
	c->ends_with_import_or_def = k == K_IMPORT || k == K_IMPORTFROM ||
	    k == K_FUNCDEF || k == K_ASYNCFUNCDEF || k == K_CLASSDEF;
	k = ana_kind_of(a, first);
	if (n == 1 && (k == K_FUNCDEF || k == K_ASYNCFUNCDEF ||
	    k == K_CLASSDEF)) {
		c->single = k == K_CLASSDEF ? ANA_SINGLE_CLASS :
		    ANA_SINGLE_DEF;
		name = ana_get(a, first, S_NAME);
		if (name == NULL)
			return -1;
		p = ana_utf8(name, &n);
		c->single_name = xstrndup(p, (size_t)n);
		/* Its definition-time refs: the last binding of the name. */
		for (i = v->ndata; i-- > 0;) {
			const struct vis_datum *d = &v->data[i];
			PyObject *m = vis_mangle(v, name, false);
			bool same;

			if (m == NULL) {
				Py_DECREF(name);
				return -1;
			}
			same = PyUnicode_Compare(d->name, m) == 0;
			Py_DECREF(m);
			if (!same || d->unbounded == NULL)
				continue;
			if ((items = ana_set_list(d->unbounded)) == NULL) {
				Py_DECREF(name);
				return -1;
			}
			for (pos = 0; pos < PyList_GET_SIZE(items); pos++) {
				item = PyList_GET_ITEM(items, pos);
				if (PyUnicode_Compare(item,
				    a->str[S_LAMBDA]) != 0)
					ana_list_add_demangled(&dt, item);
			}
			Py_DECREF(items);
			break;
		}
		Py_DECREF(name);
	}
	ana_list_finish(&dt, &c->deftime_refs);
	return 0;
}

void
ana_cell_release(struct ana_cell *c)
{
	size_t i;

	free(c->error);
	ana_names_release(&c->defs);
	ana_names_release(&c->refs);
	ana_names_release(&c->deleted_refs);
	ana_names_release(&c->private_defs);
	ana_names_release(&c->sql_defs);
	ana_names_release(&c->sql_refs);
	ana_names_release(&c->deftime_refs);
	ana_names_release(&c->sql_qualified_defs);
	ana_names_release(&c->sql_first_defs);
	for (i = 0; i < c->nannotations; i++) {
		free(c->annotations[i].name);
		free(c->annotations[i].text);
		ana_names_release(&c->annotations[i].refs);
	}
	free(c->annotations);
	free(c->single_name);
	free(c->markdown);
	memset(c, 0, sizeof *c);
}

/*
 * Analyse text (NUL-terminated, len bytes, U+00A0 already replaced) into
 * c. Returns -1 only when Python itself fails.
 */
static int
ana_run(struct ana *a, const char *text, size_t len, struct ana_cell *c)
{
	PyCompilerFlags flags = _PyCompilerFlags_INIT;
	PyObject *code = NULL, *mod = NULL, *body = NULL, *md;
	PyObject *classes = NULL;
	struct vis v;
	const char *nul, *p;
	Py_ssize_t n;
	int rc = -1;
	bool have_vis = false;

	memset(c, 0, sizeof *c);
	c->parses = true;
	nul = memchr(text, '\0', len);
	if (nul != NULL) {
		size_t off = (size_t)(nul - text), ls;
		long line = 1;

		for (p = text; p < nul; p++)
			if (*p == '\n')
				line++;
		ls = ana_line_start(text, len, line);
		c->parses = false;
		c->error = xstrdup("source code cannot contain null bytes");
		c->error_line = (size_t)line;
		c->error_col = off - ls + 1;
		return 0;
	}

	flags.cf_flags = PyCF_ALLOW_TOP_LEVEL_AWAIT | PyCF_IGNORE_COOKIE |
	    PyCF_SOURCE_IS_UTF8 | PyCF_ONLY_AST;
	mod = Py_CompileStringExFlags(text, ANA_FILENAME, Py_file_input,
	    &flags, 0);
	if (mod == NULL) {
		ana_syntax_error(a, c);
		return 0;
	}
	body = ana_get(a, mod, S_BODY);
	if (body == NULL || !PyList_Check(body))
		goto done;

	have_vis = true;	/* vis_init leaves v releasable even on failure */
	if (vis_init(&v, a) < 0 || (classes = PyDict_New()) == NULL)
		goto done;
	v.classes = classes;
	if (vis_visit(&v, mod) < 0) {
		if (!v.too_deep)
			goto done;
		if (PyErr_Occurred())
			PyErr_Clear();
		c->parses = false;
		c->error = xstrdup("too deeply nested to analyse");
		c->error_line = 1;
		c->error_col = 1;
		rc = 0;
		goto done;
	}

	c->import_star = v.import_star;
	c->import_star_line = v.import_star_line > 0 ?
	    (size_t)v.import_star_line : 0;

	/*
	 * The compiler rejects more than the parser ("return" outside a
	 * function, "break" outside a loop), and marimo compiles every
	 * cell, so those cells are unparsable there too; the code object
	 * also says whether the cell is a coroutine. Cells of plain
	 * statements (see ana_plain_types) need neither check.
	 */
	if (v.nscopes > ANA_COMPILE_MAX_SCOPES)
		c->is_async = v.awaits;
	else if (v.compile || strstr(text, "__debug__") != NULL ||
	    strstr(text, "__future__") != NULL) {
		flags.cf_flags &= ~PyCF_ONLY_AST;
		code = Py_CompileStringExFlags(text, ANA_FILENAME,
		    Py_file_input, &flags, 0);
		if (code == NULL) {
			ana_syntax_error(a, c);
			rc = 0;
			goto done;
		}
		c->is_async = (((PyCodeObject *)code)->co_flags &
		    CO_COROUTINE) != 0;
	}
	if (ana_collect(a, &v, body, c) < 0)
		goto done;
	if (c->nstatements > 0) {
		PyObject *last = PyList_GET_ITEM(body, c->nstatements - 1);

		c->has_last_expr = ana_kind_of(a, last) == K_EXPR &&
		    !ana_ends_with_semicolon(a, last, text, len);
	}
	md = ana_markdown_value(a, body);
	if (md != NULL) {
		p = ana_utf8(md, &n);
		c->markdown = ana_markdown_text(p, (size_t)n);
		c->is_markdown = c->markdown != NULL;
		Py_DECREF(md);
	}
	rc = 0;
done:
	if (rc < 0) {
		py_error_to_err("analyse cell");
		ana_cell_release(c);
	}
	if (have_vis)
		vis_release(&v);
	Py_XDECREF(classes);
	Py_XDECREF(body);
	Py_XDECREF(mod);
	Py_XDECREF(code);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The analyzer and its cache */

static uint64_t
ana_hash(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p + i, n - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return h;
}

static int
ana_types_load(struct ana *a)
{
	PyObject *mod, *dict, *base, *key, *val, *fields;
	Py_ssize_t pos = 0;
	size_t i, slot;
	int rc = -1;

	mod = PyImport_ImportModule("_ast");
	if (mod == NULL)
		return -1;
	base = PyObject_GetAttrString(mod, "AST");
	dict = PyModule_GetDict(mod);
	if (base == NULL || dict == NULL)
		goto done;
	while (PyDict_Next(dict, &pos, &key, &val)) {
		const char *name;
		enum ana_kind kind = K_OTHER;

		if (!PyType_Check(val) ||
		    !PyType_IsSubtype((PyTypeObject *)val,
		    (PyTypeObject *)base))
			continue;
		fields = PyObject_GetAttrString(val, "_fields");
		if (fields == NULL || !PyTuple_Check(fields)) {
			Py_XDECREF(fields);
			PyErr_Clear();
			continue;
		}
		name = ana_utf8(key, NULL);
		for (i = 0; i < sizeof ana_kind_names /
		    sizeof ana_kind_names[0]; i++)
			if (strcmp(name, ana_kind_names[i].name) == 0)
				kind = ana_kind_names[i].kind;
		slot = ((uintptr_t)val >> 4) & (ANA_TYPE_SLOTS - 1);
		while (a->types[slot].type != NULL &&
		    a->types[slot].type != (PyTypeObject *)val)
			slot = (slot + 1) & (ANA_TYPE_SLOTS - 1);
		if (a->types[slot].type != NULL) {
			Py_DECREF(fields);
			continue;
		}
		Py_INCREF(val);
		a->types[slot].type = (PyTypeObject *)val;
		a->types[slot].kind = kind;
		for (i = 0; i < sizeof ana_plain_types /
		    sizeof ana_plain_types[0]; i++)
			if (strcmp(name, ana_plain_types[i]) == 0)
				a->types[slot].plain = true;
		a->types[slot].fields = fields;
	}
	rc = 0;
done:
	Py_XDECREF(base);
	Py_DECREF(mod);
	return rc;
}

static int
ana_builtins_load(struct ana *a)
{
	PyObject *dict, *key, *val;
	Py_ssize_t pos = 0, n;
	size_t i, next, j;
	const char *p;

	dict = PyEval_GetBuiltins();
	if (dict == NULL) {
		PyObject *mod = PyImport_ImportModule("builtins");

		if (mod == NULL)
			return -1;
		dict = PyModule_GetDict(mod);
		Py_DECREF(mod);	/* the module lives in sys.modules */
	}
	n = PyDict_Size(dict);
	next = sizeof ana_extra_builtins / sizeof ana_extra_builtins[0];
	a->builtins = xreallocarray(NULL, (size_t)n + next,
	    sizeof *a->builtins);
	while (PyDict_Next(dict, &pos, &key, &val)) {
		if (!PyUnicode_Check(key))
			continue;
		p = ana_utf8(key, NULL);
		a->builtins[a->nbuiltins++] = xstrdup(p);
	}
	for (i = 0; i < next; i++)
		a->builtins[a->nbuiltins++] = xstrdup(ana_extra_builtins[i]);
	qsort(a->builtins, a->nbuiltins, sizeof *a->builtins, ana_strcmp_p);
	for (i = j = 0; i < a->nbuiltins; i++) {
		if (j > 0 && strcmp(a->builtins[j - 1], a->builtins[i]) == 0) {
			free(a->builtins[i]);
			continue;
		}
		a->builtins[j++] = a->builtins[i];
	}
	a->nbuiltins = j;
	return 0;
}

/*
 * Start the interpreter and load what analysis needs from it: the
 * attribute names, the AST types and the builtins. A lazy analyzer does
 * this at its first cache miss, so a notebook whose analysis came from
 * nbcache runs without an editor-side interpreter at all.
 */
static int
ana_start(struct ana *a)
{
	size_t i;

	if (a->started)
		return 0;
	if (a->start_failed) {
		err_set("analyzer: the interpreter could not start");
		return -1;
	}
	if (py_init_isolated() < 0)
		goto fail;
	for (i = 0; i < S_COUNT; i++) {
		a->str[i] = PyUnicode_InternFromString(ana_str_text[i]);
		if (a->str[i] == NULL)
			goto fail_py;
	}
	if (ana_types_load(a) < 0 || ana_builtins_load(a) < 0)
		goto fail_py;
	a->started = true;
	return 0;
fail_py:
	py_error_to_err("analyzer");
fail:
	a->start_failed = true;
	return -1;
}

struct ana *
ana_new_lazy(void)
{
	struct ana *a = xcalloc(1, sizeof *a);

	a->nbuckets = 64;
	a->buckets = xcalloc(a->nbuckets, sizeof *a->buckets);
	return a;
}

struct ana *
ana_new(void)
{
	struct ana *a = ana_new_lazy();

	if (ana_start(a) < 0) {
		ana_free(a);
		return NULL;
	}
	return a;
}

void
ana_free(struct ana *a)
{
	struct ana_entry *e, *next;
	size_t i;
	bool live;

	if (a == NULL)
		return;
	live = py_is_running();
	for (i = 0; i < a->nbuckets; i++) {
		for (e = a->buckets[i]; e != NULL; e = next) {
			next = e->next;
			ana_cell_release(&e->cell);
			free(e->src);
			free(e);
		}
	}
	free(a->buckets);
	for (i = 0; i < a->nbuiltins; i++)
		free(a->builtins[i]);
	free(a->builtins);
	if (live) {
		for (i = 0; i < S_COUNT; i++)
			Py_XDECREF(a->str[i]);
		for (i = 0; i < ANA_TYPE_SLOTS; i++) {
			Py_XDECREF(a->types[i].type);
			Py_XDECREF(a->types[i].fields);
		}
		Py_XDECREF(a->unparse);
	}
	free(a);
}

static void
ana_cache_grow(struct ana *a)
{
	struct ana_entry **nb, *e, *next;
	size_t i, n = a->nbuckets * 2;

	nb = xcalloc(n, sizeof *nb);
	for (i = 0; i < a->nbuckets; i++) {
		for (e = a->buckets[i]; e != NULL; e = next) {
			next = e->next;
			e->next = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	}
	free(a->buckets);
	a->buckets = nb;
	a->nbuckets = n;
}

const struct ana_cell *
ana_cell(struct ana *a, const char *src, size_t len)
{
	struct ana_entry *e;
	struct buf text = BUF_INIT;
	uint64_t h;
	size_t i;

	if (src == NULL) {
		src = "";
		len = 0;
	}
	h = ana_hash(src, len);
	for (e = a->buckets[h & (a->nbuckets - 1)]; e != NULL; e = e->next)
		if (e->hash == h && e->len == len &&
		    memcmp(e->src, src, len) == 0)
			return &e->cell;

	if (ana_start(a) < 0)
		return NULL;
	/* Some front ends type U+00A0 for a space; CPython rejects it. */
	buf_grow(&text, len);
	for (i = 0; i < len; i++) {
		if ((unsigned char)src[i] == 0xc2 && i + 1 < len &&
		    (unsigned char)src[i + 1] == 0xa0) {
			buf_addc(&text, ' ');
			i++;
		} else
			buf_addc(&text, src[i]);
	}
	e = xcalloc(1, sizeof *e);
	if (ana_run(a, text.ptr, text.len, &e->cell) < 0) {
		buf_release(&text);
		free(e);
		return NULL;
	}
	buf_release(&text);
	e->hash = h;
	e->src = xmalloc(len + 1);
	memcpy(e->src, src, len);
	e->src[len] = '\0';
	e->len = len;
	if (a->nentries + 1 > a->nbuckets)
		ana_cache_grow(a);
	e->next = a->buckets[h & (a->nbuckets - 1)];
	a->buckets[h & (a->nbuckets - 1)] = e;
	a->nentries++;
	return &e->cell;
}

void
ana_cell_add(struct ana *a, const char *src, size_t len, struct ana_cell *c)
{
	struct ana_entry *e;
	uint64_t h;

	if (src == NULL) {
		src = "";
		len = 0;
	}
	h = ana_hash(src, len);
	for (e = a->buckets[h & (a->nbuckets - 1)]; e != NULL; e = e->next)
		if (e->hash == h && e->len == len &&
		    memcmp(e->src, src, len) == 0) {
			ana_cell_release(c);
			return;
		}
	e = xcalloc(1, sizeof *e);
	e->cell = *c;
	memset(c, 0, sizeof *c);
	e->hash = h;
	e->src = xmalloc(len + 1);
	memcpy(e->src, src, len);
	e->src[len] = '\0';
	e->len = len;
	if (a->nentries + 1 > a->nbuckets)
		ana_cache_grow(a);
	e->next = a->buckets[h & (a->nbuckets - 1)];
	a->buckets[h & (a->nbuckets - 1)] = e;
	a->nentries++;
}

bool
ana_is_builtin(struct ana *a, const char *s)
{
	if (s == NULL || ana_start(a) < 0) {
		err_clear();
		return false;
	}
	return bsearch(&s, a->builtins, a->nbuiltins,
	    sizeof *a->builtins, ana_strcmp_p) != NULL;
}

bool
ana_is_identifier(struct ana *a, const char *s)
{
	PyObject *u;
	int ok;

	if (s == NULL || *s == '\0')
		return false;
	if (ana_start(a) < 0) {
		err_clear();
		return false;
	}
	if (bsearch(&s, ana_keywords, sizeof ana_keywords /
	    sizeof ana_keywords[0], sizeof ana_keywords[0],
	    ana_strcmp_p) != NULL)
		return false;
	u = PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "strict");
	if (u == NULL) {
		PyErr_Clear();
		return false;
	}
	ok = PyUnicode_IsIdentifier(u);
	Py_DECREF(u);
	return ok == 1;
}
