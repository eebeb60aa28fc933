/*
 * fmt_percent.c: py:percent notebooks (jupytext, Spyder, VS Code) in and
 * out, plain Python scripts in, and marimo's "export script" shape out
 * (spec notebook-format.md 7.4).
 *
 * The one idea to hold first: marimo reads a percent file by letting
 * jupytext turn it into a Jupyter notebook and importing that. quire does
 * the same in memory: this file cuts the text into cells the way
 * jupytext's percent reader does (markers found with the Python
 * tokenizer, so a "# %%" inside a triple-quoted string is text), builds
 * the nbformat cells as JSON values and hands them to the ipynb importer
 * (fmt_ipynb_import), which runs marimo's conversion pipeline.
 *
 * What quire reads beyond jupytext, or differently:
 *
 * - The marker line's title is the cell's name when it is a Python
 *   identifier ("# %% load_data", "# %% [markdown] intro"); jupytext keeps
 *   it as metadata.title, which marimo ignores. A title that is not an
 *   identifier is dropped with a warning.
 * - Leading text that is only comments, blank lines and docstrings (a PEP
 *   723 block, a licence) is the notebook header, not a first cell, so
 *   that the header survives percent -> quire -> percent.
 * - Commented magics are uncommented ("# %pip install x" -> "%pip install
 *   x") only for the "%" and "!" forms; jupytext also uncomments
 *   "# cd ..", "# ls" and the like, which turns ordinary comments into
 *   code.
 * - The YAML header jupytext writes ("# ---" ... "# ---") is skipped.
 *
 * The writer puts the name in the marker line and the cell's options in
 * marimo={...}, as jupytext would write the metadata.marimo of marimo's
 * ipynb export, so jupytext users keep them too.
 */
#include "config.h"
#include "fmt_int.h"
#include "fmt_conv.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "graph.h"
#include "nb.h"
#include "pytok.h"
#include "xmalloc.h"

/* A physical line of the text: [off, off + len), break excluded. */
struct fmt_percent_line {
	size_t off, len;
	size_t next;		/* offset of the following line */
};

static bool
fmt_percent_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' ||
	    c == '\n';
}

static size_t
fmt_percent_lines(struct fmt_percent_line **out, const char *s, size_t len)
{
	struct fmt_percent_line *v = NULL;
	size_t n = 0, alloc = 0, i = 0, start;

	while (i < len) {
		start = i;
		while (i < len && s[i] != '\n' && s[i] != '\r')
			i++;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			v = xreallocarray(v, alloc, sizeof *v);
		}
		v[n].off = start;
		v[n].len = i - start;
		if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i += 2;
		else if (i < len)
			i++;
		v[n].next = i;
		n++;
	}
	*out = v;
	return n;
}

static bool
fmt_percent_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!fmt_percent_space(s[i]))
			return false;
	return true;
}

/*
 * jupytext's cell markers: "^\s*#\s*%%(%*)\s(.*)$" (options after it) or
 * "^\s*#\s*(%%|<codecell>|In\[[0-9 ]*\]:?)\s*$". Sets *opt to where the
 * options start (after the "%%") when there are any.
 */
static bool
fmt_percent_marker(const char *s, size_t len, size_t *opt)
{
	size_t i = 0, j;

	*opt = len;
	while (i < len && fmt_percent_space(s[i]))
		i++;
	if (i >= len || s[i] != '#')
		return false;
	i++;
	while (i < len && fmt_percent_space(s[i]))
		i++;
	if (i + 2 <= len && s[i] == '%' && s[i + 1] == '%') {
		j = i + 2;
		if (fmt_percent_blank(s + j, len - j))
			return true;
		*opt = j;
		while (j < len && s[j] == '%')
			j++;
		return j < len && fmt_percent_space(s[j]);
	}
	if (len - i >= 10 && memcmp(s + i, "<codecell>", 10) == 0)
		return fmt_percent_blank(s + i + 10, len - i - 10);
	if (len - i >= 3 && memcmp(s + i, "In[", 3) == 0) {
		for (j = i + 3; j < len && ((s[j] >= '0' && s[j] <= '9') ||
		    s[j] == ' '); j++)
			;
		if (j >= len || s[j] != ']')
			return false;
		j++;
		if (j < len && s[j] == ':')
			j++;
		return fmt_percent_blank(s + j, len - j);
	}
	return false;
}

bool
fmt_percent_detect(const char *text, size_t len)
{
	struct fmt_percent_line *l = NULL;
	size_t n, i, opt;
	bool found = false;

	n = fmt_percent_lines(&l, text, len);
	for (i = 0; i < n && !found; i++)
		if (fmt_percent_marker(text + l[i].off, l[i].len, &opt) &&
		    (opt < l[i].len || memchr(text + l[i].off, '%',
		    l[i].len) != NULL))
			found = true;
	free(l);
	return found;
}

/*
 * Cell options: jupytext's text_to_metadata(allow_title=True) and
 * parse_key_equal_value, with relax_json_loads reading JSON or, failing
 * that, simple Python literals.
 */

/* Python literal (True/False/None, quotes of either kind) as JSON. */
static json_t *
fmt_percent_literal(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_error_t jerr;
	json_t *v;
	size_t i = 0;

	while (len > 0 && fmt_percent_space(*s))
		s++, len--;
	while (len > 0 && fmt_percent_space(s[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	v = json_loadb(s, len, JSON_DECODE_ANY, &jerr);
	if (v != NULL)
		return v;
	while (i < len) {
		char c = s[i];

		if (c == '\'' || c == '"') {
			buf_addc(&b, '"');
			for (i++; i < len && s[i] != c; i++) {
				if (s[i] == '\\' && i + 1 < len) {
					if (s[i + 1] == '\'')
						buf_addc(&b, '\'');
					else
						buf_add(&b, s + i, 2);
					i++;
				} else if (s[i] == '"')
					buf_adds(&b, "\\\"");
				else
					buf_addc(&b, s[i]);
			}
			if (i >= len)
				goto fail;
			buf_addc(&b, '"');
			i++;
		} else if (len - i >= 4 && memcmp(s + i, "True", 4) == 0) {
			buf_adds(&b, "true");
			i += 4;
		} else if (len - i >= 5 && memcmp(s + i, "False", 5) == 0) {
			buf_adds(&b, "false");
			i += 5;
		} else if (len - i >= 4 && memcmp(s + i, "None", 4) == 0) {
			buf_adds(&b, "null");
			i += 4;
		} else if (c == '(' || c == ')') {
			buf_addc(&b, c == '(' ? '[' : ']');
			i++;
		} else {
			buf_addc(&b, c);
			i++;
		}
	}
	v = json_loadb(b.ptr, b.len, JSON_DECODE_ANY, &jerr);
	buf_release(&b);
	return v;
fail:
	buf_release(&b);
	return NULL;
}

static bool
fmt_percent_is_ident(const char *s, size_t len)
{
	size_t i;

	/* jupytext's ^[a-zA-Z_\.]+[a-zA-Z0-9_\.]*$ */
	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '.'))
			return false;
	return true;
}

static bool
fmt_percent_is_key(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr("_.@/-", s[i]) != NULL))
			return false;
	return true;
}

/* Add "key=value key2" pairs of s to meta (parse_key_equal_value). */
static void
fmt_percent_keyvals(json_t *meta, const char *s, size_t len, int depth)
{
	size_t last, eq, pw, i;
	json_t *v;
	char *key;

	while (len > 0 && fmt_percent_space(*s))
		s++, len--;
	while (len > 0 && fmt_percent_space(s[len - 1]))
		len--;
	if (len == 0 || depth > 64)
		return;
	for (last = len; last > 0 && s[last - 1] != ' '; last--)
		;
	if (!(len >= 2 && s[0] == '-' && s[1] == '-') &&
	    fmt_percent_is_ident(s + last, len - last)) {
		key = xstrndup(s + last, len - last);
		json_object_set_new(meta, key, json_null());
		free(key);
		if (last > 1)
			fmt_percent_keyvals(meta, s, last - 1, depth + 1);
		return;
	}
	eq = len;
	for (;;) {
		while (eq > 0 && s[eq - 1] != '=')
			eq--;
		if (eq == 0) {
			json_object_set_new(meta, "incorrectly_encoded_metadata",
			    json_stringn(s, len));
			return;
		}
		eq--;
		/* The key: the word before "=" (after right-stripping). */
		for (i = eq; i > 0 && fmt_percent_space(s[i - 1]); i--)
			;
		for (pw = i; pw > 0 && s[pw - 1] != ' '; pw--)
			;
		{
			const char *k = s + pw;
			size_t kl = eq - pw;

			while (kl > 0 && fmt_percent_space(k[kl - 1]))
				kl--;
			while (kl > 0 && fmt_percent_space(*k))
				k++, kl--;
			if (!fmt_percent_is_key(k, kl))
				continue;
			v = fmt_percent_literal(s + eq + 1, len - eq - 1);
			if (v == NULL)
				continue;
			if (pw > 1)
				fmt_percent_keyvals(meta, s, pw - 1, depth + 1);
			key = xstrndup(k, kl);
			json_object_set_new(meta, key, v);
			free(key);
			return;
		}
	}
}

/* Title and metadata of a marker's options (text_to_metadata). */
static json_t *
fmt_percent_options(struct buf *title, const char *s, size_t len)
{
	json_t *meta = json_object(), *v;
	const char *lb, *eqp, *w, *end;
	size_t tl;

	while (len > 0 && fmt_percent_space(*s))
		s++, len--;
	while (len > 0 && fmt_percent_space(s[len - 1]))
		len--;
	lb = memchr(s, '{', len);
	eqp = memchr(s, '=', len);
	if (lb == NULL || (eqp != NULL && eqp < lb)) {
		/* Title words, then key=value pairs. */
		end = eqp != NULL ? eqp : s + len;
		if (eqp != NULL) {
			/* Drop the key word right before the "=". */
			while (end > s && end[-1] == ' ')
				end--;
			while (end > s && end[-1] != ' ')
				end--;
		}
		for (;;) {
			while (end > s && end[-1] == ' ')
				end--;
			for (w = end; w > s && w[-1] != ' '; w--)
				;
			if (w < end && *w == '.')
				end = w;
			else
				break;
		}
		tl = (size_t)(end - s);
		buf_add(title, s, tl);
		fmt_percent_keyvals(meta, s + tl, len - tl, 0);
		return meta;
	}
	tl = (size_t)(lb - s);
	buf_add(title, s, tl);
	while (title->len > 0 && fmt_percent_space(title->ptr[title->len - 1]))
		buf_truncate(title, title->len - 1);
	v = fmt_percent_literal(lb, len - tl);
	if (json_is_object(v)) {
		json_decref(meta);
		return v;
	}
	json_decref(v);
	json_object_set_new(meta, "incorrectly_encoded_metadata",
	    json_stringn(lb, len - tl));
	return meta;
}

/*
 * jupytext's escaped magics, the forms quire reads back: a comment that
 * holds "%name", "%%name", "!cmd" or "x = %name" / "x = !cmd". Returns
 * the length of the one "# " or "#" to remove (after the indentation at
 * *indent), or 0.
 */
static size_t
fmt_percent_escaped_magic(const char *s, size_t len, size_t *indent)
{
	size_t i = 0, first, j;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*indent = i;
	if (i >= len || s[i] != '#')
		return 0;
	first = i + 1 < len && s[i + 1] == ' ' ? 2 : 1;
	/* (# |#)* */
	while (i < len && s[i] == '#')
		i += i + 1 < len && s[i + 1] == ' ' ? 2 : 1;
	j = i;
	if (j < len && s[j] == '%') {
		while (j < len && s[j] == '%' && j - i < 3)
			j++;
		if (j < len && ((s[j] >= 'a' && s[j] <= 'z') ||
		    (s[j] >= 'A' && s[j] <= 'Z')))
			return first;
		return 0;
	}
	while (j < len && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (j < len && s[j] == '!') {
		for (j++; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' &&
		    s[j] <= 'Z') || strchr(".~$\\/{}", s[j]) != NULL))
			return first;
		return 0;
	}
	/* name = %magic / name = !cmd */
	if (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' &&
	    s[j] <= 'Z') || s[j] == '_')) {
		while (j < len && ((s[j] >= 'a' && s[j] <= 'z') ||
		    (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' &&
		    s[j] <= '9') || s[j] == '_' || s[j] == '$'))
			j++;
		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j >= len || s[j] != '=' || (j + 1 < len && s[j + 1] == '='))
			return 0;
		for (j++; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j < len && (s[j] == '%' || s[j] == '!')) {
			while (j < len && (s[j] == '%' || s[j] == '!'))
				j++;
			if (j < len && ((s[j] >= 'a' && s[j] <= 'z') ||
			    (s[j] >= 'A' && s[j] <= 'Z')))
				return first;
		}
	}
	return 0;
}

/* Does the line end in a backslash (a magic continued on the next)? */
static bool
fmt_percent_continued(const char *s, size_t len)
{
	while (len > 0 && fmt_percent_space(s[len - 1]))
		len--;
	return len > 0 && s[len - 1] == '\\';
}

/*
 * Reading.
 */

enum fmt_percent_type { FMT_PERCENT_CODE, FMT_PERCENT_MARKDOWN,
    FMT_PERCENT_RAW };

/* Is line i of the text the start of a line outside any string, i.e.
 * does a token begin on it at or before its first non-blank byte? */
struct fmt_percent_text {
	const char *s;
	size_t len;
	struct fmt_percent_line *l;
	size_t nl;
	bool *free_line;	/* per line: not inside a string */
};

static void
fmt_percent_text_init(struct fmt_percent_text *t, const char *s, size_t len)
{
	struct pytok *tok;
	size_t ntok, i, k = 0, first;
	bool ok;

	t->s = s;
	t->len = len;
	t->nl = fmt_percent_lines(&t->l, s, len);
	t->free_line = xcalloc(t->nl + 1, sizeof *t->free_line);
	tok = pytok_scan(s, len, &ntok, &ok);
	/* A line is free unless a string token covers its first byte. */
	for (i = 0; i < t->nl; i++) {
		first = t->l[i].off;
		while (first < t->l[i].off + t->l[i].len &&
		    (s[first] == ' ' || s[first] == '\t'))
			first++;
		while (k < ntok && tok[k].off + tok[k].len <= first &&
		    tok[k].type != PYTOK_ENDMARKER)
			k++;
		t->free_line[i] = !(k < ntok && tok[k].off < first &&
		    (tok[k].type == PYTOK_STRING ||
		    tok[k].type == PYTOK_ERRORTOKEN));
	}
	free(tok);
}

static void
fmt_percent_text_release(struct fmt_percent_text *t)
{
	free(t->l);
	free(t->free_line);
}

/* Lines [a, b) of one cell's body, as its source. */
static void
fmt_percent_body(struct buf *out, const struct fmt_percent_text *t,
    size_t a, size_t b, enum fmt_percent_type type)
{
	size_t i, rm, indent;
	bool next_magic = false;
	const char *s;

	/* Trailing blank lines belong to the gap before the next marker. */
	while (b > a && fmt_percent_blank(t->s + t->l[b - 1].off,
	    t->l[b - 1].len))
		b--;
	for (i = a; i < b; i++) {
		s = t->s + t->l[i].off;
		if (type != FMT_PERCENT_CODE) {
			/* uncomment(): "# " or "#" at the line start. */
			if (t->l[i].len >= 2 && s[0] == '#' && s[1] == ' ')
				buf_add(out, s + 2, t->l[i].len - 2);
			else if (t->l[i].len >= 1 && s[0] == '#')
				buf_add(out, s + 1, t->l[i].len - 1);
			else
				buf_add(out, s, t->l[i].len);
		} else if (t->free_line[i] && (next_magic ||
		    (rm = fmt_percent_escaped_magic(s, t->l[i].len,
		    &indent)) > 0)) {
			if (next_magic) {
				indent = 0;
				while (indent < t->l[i].len &&
				    (s[indent] == ' ' || s[indent] == '\t'))
					indent++;
				rm = indent < t->l[i].len && s[indent] == '#' ?
				    (indent + 1 < t->l[i].len &&
				    s[indent + 1] == ' ' ? 2 : 1) : 0;
			}
			buf_add(out, s, indent);
			buf_add(out, s + indent + rm, t->l[i].len - indent - rm);
			next_magic = fmt_percent_continued(s, t->l[i].len);
		} else {
			buf_add(out, s, t->l[i].len);
			next_magic = false;
		}
		if (i + 1 < b)
			buf_addc(out, '\n');
	}
	if (type == FMT_PERCENT_MARKDOWN) {
		/* A markdown cell written as one triple-quoted string. */
		static const char *const opens[] = { "\"\"\"", "'''",
		    "r\"\"\"", "r'''", "R\"\"\"", "R'''" };
		const char *c = out->ptr;
		size_t n = out->len, k, ol;

		while (n > 0 && fmt_percent_space(*c))
			c++, n--;
		while (n > 0 && fmt_percent_space(c[n - 1]))
			n--;
		for (k = 0; k < sizeof opens / sizeof opens[0]; k++) {
			ol = strlen(opens[k]);
			if (n >= ol + 3 && memcmp(c, opens[k], ol) == 0 &&
			    memcmp(c + n - 3, opens[k] + ol - 3, 3) == 0) {
				struct buf in = BUF_INIT;

				c += ol;
				n -= ol + 3;
				if (n > 0 && *c == '\n')
					c++, n--;
				if (n > 0 && c[n - 1] == '\n')
					n--;
				buf_add(&in, c, n);
				buf_release(out);
				*out = in;
				break;
			}
		}
	}
}

/* Is the text only comments, blank lines and bare strings? */
static bool
fmt_percent_header_like(const char *s, size_t len)
{
	struct pytok *t;
	size_t n, i;
	bool ok, like = true;

	t = pytok_scan(s, len, &n, &ok);
	if (!ok)
		like = false;
	for (i = 0; i < n && like; i++)
		if (t[i].type != PYTOK_COMMENT && t[i].type != PYTOK_NL &&
		    t[i].type != PYTOK_NEWLINE && t[i].type != PYTOK_STRING &&
		    t[i].type != PYTOK_ENDMARKER && t[i].type != PYTOK_INDENT &&
		    t[i].type != PYTOK_DEDENT)
			like = false;
	free(t);
	return like;
}

static void
fmt_percent_add_cell(json_t *cells, enum fmt_percent_type type,
    const struct buf *src, json_t *meta)
{
	static const char *const names[] = { "code", "markdown", "raw" };
	struct buf fixed = BUF_INIT;
	json_t *c = json_object();

	fmt_conv_utf8_fix(&fixed, src->ptr, src->len);
	json_object_set_new(c, "cell_type", json_string(names[type]));
	json_object_set_new(c, "source", json_stringn(fixed.ptr, fixed.len));
	json_object_set_new(c, "metadata", meta != NULL ? meta : json_object());
	json_array_append_new(cells, c);
	buf_release(&fixed);
}

/* Skip the shebang, coding line and jupytext's YAML header; returns the
 * first line of the notebook proper. */
static size_t
fmt_percent_skip_preamble(const struct fmt_percent_text *t)
{
	size_t i = 0, j;
	const char *s;

	if (t->nl > 0 && t->l[0].len >= 2 && t->s[t->l[0].off] == '#' &&
	    t->s[t->l[0].off + 1] == '!')
		i = 1;
	for (j = i; j < t->nl && j < 2; j++) {
		s = t->s + t->l[j].off;
		if (t->l[j].len > 0 && s[0] == '#' && (memmem(s, t->l[j].len,
		    "coding:", 7) != NULL || memmem(s, t->l[j].len,
		    "coding=", 7) != NULL))
			i = j + 1;
		else
			break;
	}
	/* "# ---" ... "# ---", every line a comment. */
	if (i < t->nl) {
		s = t->s + t->l[i].off;
		if (t->l[i].len >= 5 && memcmp(s, "# ---", 5) == 0 &&
		    fmt_percent_blank(s + 5, t->l[i].len - 5)) {
			for (j = i + 1; j < t->nl; j++) {
				s = t->s + t->l[j].off;
				if (t->l[j].len == 0 || s[0] != '#')
					return i;
				if (t->l[j].len >= 5 &&
				    memcmp(s, "# ---", 5) == 0 &&
				    fmt_percent_blank(s + 5, t->l[j].len - 5)) {
					j++;
					if (j < t->nl && fmt_percent_blank(t->s +
					    t->l[j].off, t->l[j].len))
						j++;
					return j;
				}
			}
		}
	}
	return i;
}

int
fmt_percent_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *ana)
{
	struct fmt_percent_text t;
	struct fmt_diag {
		size_t line;
		char *msg;
	} *diags = NULL;
	struct buf src = BUF_INIT, title = BUF_INIT, header = BUF_INIT;
	json_t *root, *cells, *meta;
	enum fmt_percent_type type = FMT_PERCENT_CODE;
	size_t start, i, body, opt, ndiags = 0;
	bool have_header = false, in_cell = false;
	int rc;

	*out = NULL;
	if (path == NULL)
		path = "<percent>";
	fmt_percent_text_init(&t, text, len);
	root = json_object();
	cells = json_array();
	json_object_set_new(root, "cells", cells);
	start = fmt_percent_skip_preamble(&t);
	body = start;
	meta = NULL;
	for (i = start; i <= t.nl; i++) {
		const char *s = i < t.nl ? text + t.l[i].off : NULL;

		if (i < t.nl && !(t.free_line[i] &&
		    fmt_percent_marker(s, t.l[i].len, &opt)))
			continue;
		/* End of the previous cell (or of the leading text). */
		buf_reset(&src);
		fmt_percent_body(&src, &t, body, i, type);
		if (!in_cell) {
			if (!fmt_percent_blank(src.ptr, src.len)) {
				if (fmt_percent_header_like(src.ptr, src.len)) {
					buf_add(&header, src.ptr, src.len);
					have_header = true;
				} else
					fmt_percent_add_cell(cells,
					    FMT_PERCENT_CODE, &src, NULL);
			}
		} else
			fmt_percent_add_cell(cells, type, &src, meta);
		meta = NULL;
		if (i == t.nl)
			break;
		in_cell = true;
		body = i + 1;
		/* The marker's options: title, [markdown], key=value. */
		buf_reset(&title);
		type = FMT_PERCENT_CODE;
		if (opt < t.l[i].len) {
			const char *tp;
			size_t tl;
			char *p;

			meta = fmt_percent_options(&title, s + opt,
			    t.l[i].len - opt);
			if ((p = strstr(title.ptr, "[markdown]")) != NULL ||
			    (p = strstr(title.ptr, "[md]")) != NULL) {
				type = FMT_PERCENT_MARKDOWN;
				memmove(p, p + (p[1] == 'm' && p[2] == 'd' &&
				    p[3] == ']' ? 4 : 10), strlen(p) -
				    (p[1] == 'm' && p[2] == 'd' && p[3] == ']' ?
				    4 : 10) + 1);
				title.len = strlen(title.ptr);
			} else if ((p = strstr(title.ptr, "[raw]")) != NULL) {
				type = FMT_PERCENT_RAW;
				memmove(p, p + 5, strlen(p) - 5 + 1);
				title.len = strlen(title.ptr);
			}
			tp = title.ptr;
			tl = title.len;
			while (tl > 0 && (fmt_percent_space(*tp) || *tp == '%'))
				tp++, tl--;
			while (tl > 0 && fmt_percent_space(tp[tl - 1]))
				tl--;
			if (tl > 0) {
				char *nm = xstrndup(tp, tl);

				/* jupytext's metadata.title; the importer
				 * takes an identifier title as the name. */
				json_object_set_new(meta, "title",
				    json_string(nm));
				if (ana != NULL && !ana_is_identifier(ana, nm)) {
					diags = xreallocarray(diags, ndiags + 1,
					    sizeof *diags);
					diags[ndiags].line = i + 1;
					diags[ndiags].msg = xasprintf("cell title "
					    "\"%s\" is not a Python identifier; "
					    "dropped", nm);
					ndiags++;
				}
				free(nm);
			}
			/* Options of the wrong type are dropped, not fatal:
			 * this is a text file someone typed. */
			if (fmt_ipynb_check_meta(path, meta, "options") < 0) {
				diags = xreallocarray(diags, ndiags + 1,
				    sizeof *diags);
				diags[ndiags].line = i + 1;
				diags[ndiags].msg = xasprintf("%s; ignored",
				    err_last());
				ndiags++;
				err_clear();
				json_object_del(meta, "tags");
				json_object_del(meta, "jupyter");
				json_object_del(meta, "marimo");
			}
		}
	}
	rc = fmt_ipynb_import(out, path, root, have_header ? header.ptr : NULL,
	    true, ana);
	for (i = 0; i < ndiags; i++) {
		if (rc == 0)
			nb_diag_add(*out, NB_DIAG_WARNING, diags[i].line, 1,
			    "%s", diags[i].msg);
		free(diags[i].msg);
	}
	free(diags);
	json_decref(root);
	fmt_percent_text_release(&t);
	buf_release(&src);
	buf_release(&title);
	buf_release(&header);
	return rc;
}

int
fmt_script_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *ana)
{
	struct buf fixed = BUF_INIT;
	json_t *root, *cell;
	int rc;

	*out = NULL;
	if (path == NULL)
		path = "<script>";
	fmt_conv_utf8_fix(&fixed, text, len);
	root = json_object();
	cell = json_pack("{s:s,s:s%,s:{}}", "cell_type", "code", "source",
	    fixed.ptr, fixed.len, "metadata");
	json_object_set_new(root, "cells", json_pack("[o]", cell));
	rc = fmt_ipynb_import(out, path, root, NULL, true, ana);
	json_decref(root);
	buf_release(&fixed);
	return rc;
}

/*
 * Writing.
 */

/* The string prefix of the first mo.md( call, lower-cased (marimo's
 * _extract_markdown_prefix). */
static void
fmt_percent_md_prefix(struct buf *out, const char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i + 6 < len; i++) {
		if (memcmp(s + i, "mo.md(", 6) != 0)
			continue;
		for (j = i + 6; j < len && strchr("fFrR", s[j]) != NULL; j++)
			;
		if (j < len && (s[j] == '"' || s[j] == '\'')) {
			for (i += 6; i < j; i++)
				buf_addc(out, s[i] >= 'A' && s[i] <= 'Z' ?
				    (char)(s[i] - 'A' + 'a') : s[i]);
			return;
		}
	}
}

/* Does the cell end inside a def/class body, or start with one (jupytext
 * then leaves two blank lines, as PEP 8 wants)? */
static bool
fmt_percent_pep8_gap(const char *prev, size_t plen, const char *next,
    size_t nlen)
{
	size_t i, ls = 0;

	for (i = 0; i < plen; i++)
		if (prev[i] == '\n' && i + 1 < plen)
			ls = i + 1;
	while (plen > 0 && fmt_percent_space(prev[plen - 1]))
		plen--;
	for (i = ls; i < plen && prev[i] == '\n'; i++)
		;
	if (plen > ls && (prev[ls] == ' ' || prev[ls] == '\t'))
		return true;
	while (nlen > 0 && fmt_percent_space(*next))
		next++, nlen--;
	return (nlen >= 4 && memcmp(next, "def ", 4) == 0) ||
	    (nlen >= 6 && memcmp(next, "class ", 6) == 0) ||
	    (nlen >= 10 && memcmp(next, "async def ", 10) == 0) ||
	    (nlen >= 1 && next[0] == '@');
}

/* Code lines that the reader would take for escaped magics get one more
 * "# " (jupytext's comment_magic), so they read back unchanged. */
static void
fmt_percent_code(struct buf *out, const char *s, size_t len)
{
	struct fmt_percent_text t;
	size_t i, indent, rm;

	fmt_percent_text_init(&t, s, len);
	for (i = 0; i < t.nl; i++) {
		const char *l = s + t.l[i].off;

		rm = t.free_line[i] ? fmt_percent_escaped_magic(l, t.l[i].len,
		    &indent) : 0;
		if (rm > 0) {
			buf_add(out, l, indent);
			buf_adds(out, "# ");
			buf_add(out, l + indent, t.l[i].len - indent);
		} else
			buf_add(out, l, t.l[i].len);
		if (i + 1 < t.nl)
			buf_addc(out, '\n');
	}
	if (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		buf_addc(out, '\n');
	fmt_percent_text_release(&t);
}

int
fmt_percent_format(struct buf *out, struct nb *nb, struct ana *ana)
{
	const char *h = nb_header(nb), *prev = NULL;
	size_t i, hl, plen = 0;

	hl = h != NULL ? strlen(h) : 0;
	while (hl > 0 && fmt_percent_space(h[hl - 1]))
		hl--;
	if (hl > 0) {
		buf_add(out, h, hl);
		buf_adds(out, "\n\n");
	}
	for (i = 0; i < nb_ncells(nb); i++) {
		struct nb_cell *c = nb_cell_at(nb, i);
		struct nb_cell_config conf = nb_cell_config(c);
		enum nb_cell_kind kind = nb_cell_kind(c);
		const struct ana_cell *ac = NULL;
		struct buf prefix = BUF_INIT;
		json_t *m = json_object(), *cfg = json_object();
		const char *src;
		size_t len;
		bool md;
		char *js;

		src = nb_cell_source(c, &len);
		if (ana != NULL && kind != NB_CELL_UNPARSABLE &&
		    kind != NB_CELL_SETUP)
			ac = ana_cell(ana, src, len);
		md = ac != NULL && ac->parses && ac->is_markdown &&
		    ac->markdown != NULL && ac->defs.n == 0;
		if (prev != NULL)
			buf_adds(out, fmt_percent_pep8_gap(prev, plen, src,
			    len) ? "\n\n\n" : "\n\n");
		buf_adds(out, "# %%");
		if (nb_cell_is_named(c) || kind == NB_CELL_SETUP) {
			buf_addc(out, ' ');
			buf_adds(out, nb_cell_name(c));
		}
		if (md)
			buf_adds(out, " [markdown]");
		/* Options as the marimo metadata of the ipynb export; a
		 * markdown cell needs them only when it differs from what an
		 * imported markdown cell gets (hidden, prefix r). */
		if (conf.column != NB_COLUMN_NONE)
			json_object_set_new(cfg, "column",
			    json_integer(conf.column));
		if (conf.disabled)
			json_object_set_new(cfg, "disabled", json_true());
		if (conf.hide_code)
			json_object_set_new(cfg, "hide_code", json_true());
		if (md) {
			fmt_percent_md_prefix(&prefix, src, len);
			if (strcmp(prefix.ptr, "r") != 0 || !conf.hide_code ||
			    json_object_size(cfg) > 1) {
				if (json_object_size(cfg) > 0)
					json_object_set(m, "config", cfg);
				json_object_set_new(m, "md_prefix",
				    json_string(prefix.ptr));
			}
		} else if (json_object_size(cfg) > 0)
			json_object_set(m, "config", cfg);
		if (json_object_size(m) > 0 &&
		    (js = json_dumps(m, JSON_SORT_KEYS)) != NULL) {
			buf_adds(out, " marimo=");
			buf_adds(out, js);
			free(js);
		}
		json_decref(m);
		json_decref(cfg);
		buf_release(&prefix);
		buf_addc(out, '\n');
		if (md) {
			const char *p = ac->markdown, *nl;
			struct buf text = BUF_INIT;

			/* Undo 7.1's escaping of triple quotes, which the
			 * importer will apply again. */
			for (; *p != '\0'; p++) {
				if (strncmp(p, "\\\"\\\"\\\"", 6) == 0) {
					buf_adds(&text, "\"\"\"");
					p += 5;
				} else
					buf_addc(&text, *p);
			}
			for (p = text.ptr;;) {
				nl = strchr(p, '\n');
				len = nl ? (size_t)(nl - p) : strlen(p);
				buf_adds(out, len > 0 ? "# " : "#");
				buf_add(out, p, len);
				if (nl == NULL)
					break;
				buf_addc(out, '\n');
				p = nl + 1;
			}
			buf_release(&text);
		} else
			fmt_percent_code(out, src, len);
		prev = src;
		plen = nb_cell_source(c, &plen) ? plen : 0;
	}
	buf_addc(out, '\n');
	return 0;
}

/*
 * marimo's "export script": the cells in topological order, each as
 * "# %%" and its code, joined by a blank line (spec 7.4).
 */
int
fmt_script_format(struct buf *out, struct nb *nb, struct ana *ana)
{
	struct graph *g;
	const uint32_t *order;
	const struct graph_multidef *md;
	const struct graph_cycle *cy;
	size_t i, n, nmd, ncy, hl;
	const char *h = nb_header(nb);
	int rc = -1;

	if (ana == NULL) {
		err_set("script: the analyzer is needed to order the cells");
		return -1;
	}
	g = graph_new();
	for (i = 0; i < nb_ncells(nb); i++) {
		struct nb_cell *c = nb_cell_at(nb, i);
		const struct ana_cell *ac;
		const char *src;
		size_t len;

		if (nb_cell_kind(c) == NB_CELL_UNPARSABLE)
			continue;
		src = nb_cell_source(c, &len);
		ac = ana_cell(ana, src, len);
		if (ac == NULL)
			goto done;
		if (!ac->parses)
			continue;
		if (ac->is_async) {
			err_set("cannot export a notebook with async code to a "
			    "flat script (cell %zu)", i + 1);
			goto done;
		}
		graph_cell_set(g, nb_cell_id(c), (long)i,
		    (const char *const *)ac->defs.v, ac->defs.n,
		    (const char *const *)ac->refs.v, ac->refs.n,
		    (const char *const *)ac->deleted_refs.v,
		    ac->deleted_refs.n);
		if (nb_cell_kind(c) == NB_CELL_SETUP)
			graph_cell_set_setup(g, nb_cell_id(c), true);
	}
	md = graph_multidefs(g, &nmd);
	if (nmd > 0) {
		err_set("cannot export a notebook with multiple definitions of "
		    "the name %s to a flat script", md[0].name);
		goto done;
	}
	cy = graph_cycles(g, &ncy);
	if (ncy > 0) {
		err_set("cannot export a notebook whose cells form a cycle "
		    "(cell %zu and %zu more) to a flat script",
		    nb_cell_index(nb, cy[0].cells[0]) + 1, cy[0].ncells - 1);
		goto done;
	}
	hl = h != NULL ? strlen(h) : 0;
	while (hl > 0 && fmt_percent_space(h[hl - 1]))
		hl--;
	if (hl > 0) {
		/* marimo keeps the header with the blank line after it. */
		buf_add(out, h, hl);
		buf_adds(out, "\n\n");
	}
	buf_addf(out, "\n__generated_with = \"%s\"\n\n",
	    nb_version(nb) != NULL ? nb_version(nb) : FMT_MARIMO_VERSION);
	order = graph_topo_order(g, &n);
	for (i = 0; i < n; i++) {
		struct nb_cell *c = nb_cell_find(nb, order[i]);
		const char *src;
		size_t len;

		if (c == NULL)
			continue;
		src = nb_cell_source(c, &len);
		if (i > 0)
			buf_adds(out, "\n\n");
		buf_adds(out, "# %%\n");
		buf_add(out, src, len);
	}
	rc = 0;
done:
	graph_free(g);
	return rc;
}
