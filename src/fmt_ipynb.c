/*
 * fmt_ipynb.c: Jupyter notebooks (nbformat 4) in and out, by marimo's
 * rules (spec notebook-format.md 7.2 and 7.3, marimo's
 * marimo/_convert/ipynb/ at 3955fdf). The importer is also the back end
 * of the py:percent and plain-script readers (fmt_percent.c), which
 * build notebook JSON in memory and call fmt_ipynb_import().
 *
 * The one idea to hold first: marimo imports a notebook as a list of
 * source strings pushed through whole-notebook transforms (strip, IPython
 * magics, "!" shell lines, duplicate imports, names defined in several
 * cells), then binds each source to its cell metadata. quire runs the
 * same transforms in the same order, but where marimo rewrites a cell
 * with ast.unparse() (and then tries to put the comments back), quire
 * edits the tokens it must change and leaves every other byte alone. The
 * result defines and reads the same names as marimo's; it differs in
 * layout only, and only in cells marimo would have re-printed:
 *
 * - marimo re-prints a renamed or import-stripped cell with ast.unparse:
 *   quotes become single quotes, spacing and parentheses are normalised
 *   (": K + 1" becomes ":K + 1"), and its comment restorer moves
 *   standalone comments to the line number they had before and appends
 *   inline comments of vanished lines to other lines. quire keeps the
 *   cell's text and comments where they were.
 * - marimo turns every augmented assignment into a plain one once any
 *   name is defined twice ("a.b += 1" becomes "a.b = a.b + 1" too);
 *   quire rewrites only plain names ("x += 1" becomes "x = x + 1"), the
 *   only targets that bind a name, and parenthesises the right-hand side
 *   by operator precedence as ast.unparse does.
 * - Renaming is scope-aware in both, but quire decides scopes from
 *   tokens: parameters, names bound inside a def, class, lambda or
 *   comprehension, attributes and keyword arguments are never renamed.
 *   marimo's "private" fix-up (x -> _x for a name defined twice and read
 *   by no cell) renames every ast.Name, even a parameter's uses; quire
 *   renames only the module-level uses.
 * - A removed import that was the only statement of a block becomes
 *   "pass" (marimo would leave an empty block, which does not parse).
 * - "!pip install" packages are not resolved with uv (quire never runs
 *   outside tools): they are normalised and sorted, marimo's fallback
 *   when uv is missing; merged into an existing PEP 723 block they are
 *   sorted too (marimo leaves them in set order).
 * - Where marimo's transforms raise and the whole transform is skipped
 *   for the notebook (a "%%magic" cell with no second line, a "%env"
 *   without "=", a bare "%"), quire handles that one cell and goes on.
 *
 * Cell ids on export: marimo writes random four-letter ids. quire writes
 * four letters derived from the cell's position in file order (a
 * bijection of the index onto [A-Za-z]^4, so ids are unique up to 52^4
 * cells and the same notebook always exports the same ids), and "setup"
 * for the setup cell, as marimo does.
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
#include "nb.h"
#include "pytok.h"
#include "xmalloc.h"

/* The largest cell source the importer accepts: far beyond any real
 * notebook, small enough that the transforms stay quick. */
#define FMT_IPYNB_MAX_SOURCE (16u * 1024 * 1024)
/* Cell ids are four letters from this alphabet. */
#define FMT_IPYNB_ID_LEN 4

static const char fmt_ipynb_magic_msg[] = "# magic command not supported in "
    "marimo; please file an issue to add support";

/* A growable list of strings. */
struct fmt_ipynb_strv {
	char **v;
	size_t n, alloc;
};

/* One cell on its way through the import pipeline. */
struct fmt_ipynb_cell {
	struct buf src;
	json_t *meta;		/* cell metadata object, borrowed, or NULL */
	bool hide;		/* hide_code default (markdown cells) */
	char *name;		/* after binding; NULL means "_" */
	bool derived;		/* name from @app.function ("*name") */
	struct nb_cell_config config;
};

struct fmt_ipynb_conv {
	const char *path;
	struct ana *ana;
	struct fmt_ipynb_cell *v;
	size_t n, alloc;
	struct fmt_ipynb_strv pip;	/* "!pip install" packages, as given */
	bool needs_subprocess;
};

/*
 * Small string helpers.
 */

static void
fmt_ipynb_strv_add(struct fmt_ipynb_strv *sv, const char *s, size_t len)
{
	if (sv->n == sv->alloc) {
		sv->alloc = sv->alloc ? sv->alloc * 2 : 8;
		sv->v = xreallocarray(sv->v, sv->alloc, sizeof *sv->v);
	}
	sv->v[sv->n++] = xstrndup(s, len);
}

static bool
fmt_ipynb_strv_has(const struct fmt_ipynb_strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

static void
fmt_ipynb_strv_release(struct fmt_ipynb_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

static int
fmt_ipynb_strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Python's str.isspace() for the ASCII range, which is what str.strip()
 * and str.split() see in source text. */
static bool
fmt_ipynb_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f' || (c >= 0x1c && c <= 0x1f);
}

static void
fmt_ipynb_strip(const char **s, size_t *len)
{
	while (*len > 0 && fmt_ipynb_is_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && fmt_ipynb_is_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static bool
fmt_ipynb_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool
fmt_ipynb_contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return true;
	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

/* Replace the whole buffer with (s, len), which may point into it. */
static void
fmt_ipynb_buf_set(struct buf *b, const char *s, size_t len)
{
	struct buf tmp = BUF_INIT;

	buf_add(&tmp, s, len);
	buf_release(b);
	*b = tmp;
}

void
fmt_conv_py_repr(struct buf *out, const char *s, size_t len)
{
	char quote = '\'';
	size_t i;

	/* repr() picks double quotes only to avoid escaping single ones. */
	if (memchr(s, '\'', len) != NULL && memchr(s, '"', len) == NULL)
		quote = '"';
	buf_addc(out, quote);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == (unsigned char)quote) {
			buf_addc(out, '\\');
			buf_addc(out, (char)c);
		} else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if (c == '\t')
			buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(out, "\\x%02x", c);
		else if (c == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0xa0) {
			/* C1 controls and U+00A0 are not printable. */
			buf_addf(out, "\\x%02x", (unsigned char)s[i + 1]);
			i++;
		} else
			buf_addc(out, (char)c);
	}
	buf_addc(out, quote);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t
fmt_ipynb_utf8_len(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

void
fmt_conv_utf8_fix(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = fmt_ipynb_utf8_len(p + i, len - i);
		if (n == 0 || (n == 1 && p[i] == 0)) {
			buf_adds(out, "\xef\xbf\xbd");
			i++;
		} else {
			buf_add(out, s + i, n);
			i += n;
		}
	}
}

static bool
fmt_ipynb_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = fmt_ipynb_utf8_len(p + i, len - i);
		if (n == 0 || (n == 1 && p[i] == 0))
			return false;
		i += n;
	}
	return true;
}

/* Does cell code parse as Python? */
static bool
fmt_ipynb_parses(struct ana *ana, const char *s, size_t len)
{
	const struct ana_cell *ac;

	if (ana == NULL)
		return true;
	ac = ana_cell(ana, s, len);
	return ac != NULL && ac->parses;
}

/*
 * IPython magics (marimo's transform_magic_commands). "%%name" at the
 * start of a cell applies to the whole cell; "%name" lines one at a time.
 */

enum fmt_ipynb_magic {
	FMT_IPYNB_MAGIC_REMOVE,		/* commented out, with a note */
	FMT_IPYNB_MAGIC_SUPPORTED,	/* commented out: marimo does it */
	FMT_IPYNB_MAGIC_SQL,
	FMT_IPYNB_MAGIC_MKDIR,
	FMT_IPYNB_MAGIC_CD,
	FMT_IPYNB_MAGIC_HTML,
	FMT_IPYNB_MAGIC_BASH,
	FMT_IPYNB_MAGIC_LS,
	FMT_IPYNB_MAGIC_ENV
};

static const struct {
	const char *name;
	enum fmt_ipynb_magic kind;
} fmt_ipynb_magics[] = {
	{ "sql", FMT_IPYNB_MAGIC_SQL },
	{ "mkdir", FMT_IPYNB_MAGIC_MKDIR },
	{ "cd", FMT_IPYNB_MAGIC_CD },
	{ "html", FMT_IPYNB_MAGIC_HTML },
	{ "bash", FMT_IPYNB_MAGIC_BASH },
	{ "!", FMT_IPYNB_MAGIC_BASH },
	{ "ls", FMT_IPYNB_MAGIC_LS },
	{ "load_ext", FMT_IPYNB_MAGIC_REMOVE },
	{ "env", FMT_IPYNB_MAGIC_ENV },
	{ "pip", FMT_IPYNB_MAGIC_SUPPORTED },
	{ "matplotlib", FMT_IPYNB_MAGIC_SUPPORTED },
	{ "autoreload", FMT_IPYNB_MAGIC_SUPPORTED },
	{ "timeit", FMT_IPYNB_MAGIC_REMOVE },
	{ "time", FMT_IPYNB_MAGIC_REMOVE },
};

/* The magic's kind; false when marimo does not know it. */
static bool
fmt_ipynb_magic_find(const char *name, size_t len, enum fmt_ipynb_magic *kind)
{
	size_t i;

	for (i = 0; i < sizeof fmt_ipynb_magics / sizeof fmt_ipynb_magics[0];
	    i++) {
		if (strlen(fmt_ipynb_magics[i].name) == len &&
		    memcmp(fmt_ipynb_magics[i].name, name, len) == 0) {
			*kind = fmt_ipynb_magics[i].kind;
			return true;
		}
	}
	*kind = FMT_IPYNB_MAGIC_REMOVE;
	return false;
}

/*
 * Emit the replacement of one magic. command is "%name args" for a line
 * magic, the whole first line for a cell magic; source is the arguments
 * of a line magic or the rest of the cell.
 */
static void
fmt_ipynb_magic_emit(struct buf *out, enum fmt_ipynb_magic kind,
    const char *source, size_t srclen, const char *command, size_t cmdlen)
{
	bool dbl = cmdlen >= 2 && command[0] == '%' && command[1] == '%';
	struct buf tmp = BUF_INIT;
	const char *eq, *s;
	size_t n;

	switch (kind) {
	case FMT_IPYNB_MAGIC_SQL:
		s = source;
		n = srclen;
		fmt_ipynb_strip(&s, &n);
		buf_adds(out, "_df = mo.sql(\"\"\"\n");
		buf_add(out, s, n);
		buf_adds(out, "\n\"\"\")");
		break;
	case FMT_IPYNB_MAGIC_SUPPORTED:
		buf_adds(out, "# ");
		if (!dbl) {
			buf_add(&tmp, command, cmdlen);
			buf_addc(&tmp, ' ');
			buf_add(&tmp, source, srclen);
			fmt_conv_py_repr(out, tmp.ptr, tmp.len);
		} else
			fmt_conv_py_repr(out, command, cmdlen);
		buf_adds(out, " command supported automatically in marimo");
		if (dbl && srclen > 0) {
			buf_addc(out, '\n');
			buf_add(out, source, srclen);
		}
		break;
	case FMT_IPYNB_MAGIC_MKDIR:
		buf_adds(out, "import os\nos.makedirs(");
		fmt_conv_py_repr(out, source, srclen);
		buf_adds(out, ", exist_ok=True)");
		break;
	case FMT_IPYNB_MAGIC_CD:
		buf_adds(out, "import os\nos.chdir(");
		fmt_conv_py_repr(out, source, srclen);
		buf_addc(out, ')');
		break;
	case FMT_IPYNB_MAGIC_HTML:
		buf_adds(out, "mo.Html(");
		fmt_conv_py_repr(out, source, srclen);
		buf_addc(out, ')');
		break;
	case FMT_IPYNB_MAGIC_BASH:
		buf_adds(out, "import subprocess\nsubprocess.run(");
		fmt_conv_py_repr(out, source, srclen);
		buf_adds(out, ", shell=True)");
		break;
	case FMT_IPYNB_MAGIC_LS:
		buf_adds(out, "import os\nos.listdir()");
		break;
	case FMT_IPYNB_MAGIC_ENV:
		eq = memchr(source, '=', srclen);
		if (eq != NULL) {
			buf_adds(out, "import os\nos.environ[");
			fmt_conv_py_repr(out, source, (size_t)(eq - source));
			buf_adds(out, "] = ");
			fmt_conv_py_repr(out, eq + 1,
			    srclen - (size_t)(eq - source) - 1);
			break;
		}
		/* marimo raises here; keep the line as a comment instead. */
		/* FALLTHROUGH */
	case FMT_IPYNB_MAGIC_REMOVE:
		buf_adds(out, fmt_ipynb_magic_msg);
		buf_adds(out, "\n# ");
		buf_add(out, command, cmdlen);
		if (!dbl) {
			buf_addc(out, ' ');
			buf_add(out, source, srclen);
		} else if (srclen > 0) {
			buf_addc(out, '\n');
			buf_add(out, source, srclen);
		}
		break;
	}
	buf_release(&tmp);
}

/* "%name args" (one line, already known to start with "%"). */
static void
fmt_ipynb_magic_line(struct buf *out, const char *line, size_t len)
{
	struct buf rest = BUF_INIT, cmd = BUF_INIT;
	enum fmt_ipynb_magic kind;
	const char *name = NULL;
	size_t i = 0, start, namelen = 0;

	/* line.strip().lstrip("%").split() */
	while (i < len && (fmt_ipynb_is_space((unsigned char)line[i]) ||
	    line[i] == '%'))
		i++;
	while (i < len) {
		while (i < len && fmt_ipynb_is_space((unsigned char)line[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !fmt_ipynb_is_space((unsigned char)line[i]))
			i++;
		if (name == NULL) {
			name = line + start;
			namelen = i - start;
		} else {
			if (rest.len > 0)
				buf_addc(&rest, ' ');
			buf_add(&rest, line + start, i - start);
		}
	}
	if (name == NULL) {
		/* A bare "%": marimo fails on it; leave the line alone. */
		buf_add(out, line, len);
		return;
	}
	fmt_ipynb_magic_find(name, namelen, &kind);
	buf_addc(&cmd, '%');
	buf_add(&cmd, name, namelen);
	fmt_ipynb_magic_emit(out, kind, rest.ptr, rest.len, cmd.ptr, cmd.len);
	buf_release(&rest);
	buf_release(&cmd);
}

static void
fmt_ipynb_comment_out(struct buf *out, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *nl;
	const char *t = s;
	size_t tl = len;

	fmt_ipynb_strip(&t, &tl);
	if (tl == 0) {
		buf_add(out, s, len);
		return;
	}
	for (;;) {
		nl = memchr(p, '\n', (size_t)(end - p));
		buf_adds(out, "# ");
		buf_add(out, p, nl ? (size_t)(nl - p) : (size_t)(end - p));
		if (nl == NULL)
			break;
		buf_addc(out, '\n');
		p = nl + 1;
	}
}

static void
fmt_ipynb_magics_cell(struct buf *src)
{
	struct buf out = BUF_INIT, rest = BUF_INIT;
	enum fmt_ipynb_magic kind;
	const char *s = src->ptr, *nl, *p, *end, *name, *magic;
	size_t len = src->len, mlen, n, rlen;
	bool any = false;

	fmt_ipynb_strip(&s, &len);
	if (fmt_ipynb_starts(s, len, "%%")) {
		nl = memchr(s, '\n', len);
		magic = s;
		mlen = nl ? (size_t)(nl - s) : len;
		p = nl ? nl + 1 : s + len;
		rlen = (size_t)(s + len - p);
		/* magic.strip().split(" ")[0].lstrip("%") */
		name = magic;
		n = mlen;
		fmt_ipynb_strip(&name, &n);
		end = memchr(name, ' ', n);
		if (end != NULL)
			n = (size_t)(end - name);
		while (n > 0 && *name == '%')
			name++, n--;
		if (fmt_ipynb_magic_find(name, n, &kind))
			fmt_ipynb_magic_emit(&out, kind, p, rlen, magic, mlen);
		else {
			fmt_ipynb_comment_out(&rest, p, rlen);
			fmt_ipynb_magic_emit(&out, FMT_IPYNB_MAGIC_REMOVE,
			    rest.ptr, rest.len, magic, mlen);
		}
		fmt_ipynb_buf_set(src, out.ptr, out.len);
		buf_release(&out);
		buf_release(&rest);
		return;
	}
	for (p = s, end = s + len; p <= end; p = nl + 1) {
		if (p < end && *p == '%')
			any = true;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			break;
	}
	if (!any)
		return;
	for (p = s; ; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && *p == '%')
			fmt_ipynb_magic_line(&out, p, n);
		else
			buf_add(&out, p, n);
		if (nl == NULL)
			break;
		buf_addc(&out, '\n');
	}
	fmt_ipynb_buf_set(src, out.ptr, out.len);
	buf_release(&out);
}

/*
 * "!command" lines (marimo's transform_exclamation_mark): "!pip install"
 * becomes a comment and its packages go to the PEP 723 header, anything
 * else becomes subprocess.call([...]) with the words split as shlex does.
 */

/* shlex.split() in POSIX mode; -1 where shlex raises ValueError. */
static int
fmt_ipynb_shlex(struct fmt_ipynb_strv *out, const char *s, size_t len)
{
	struct buf cur = BUF_INIT;
	bool in_token = false;
	size_t i = 0;
	int rc = -1;

	while (i < len) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (in_token)
				fmt_ipynb_strv_add(out, cur.ptr, cur.len);
			buf_reset(&cur);
			in_token = false;
			i++;
		} else if (c == '\\') {
			if (i + 1 >= len)
				goto done;
			buf_addc(&cur, s[i + 1]);
			in_token = true;
			i += 2;
		} else if (c == '\'') {
			const char *q = memchr(s + i + 1, '\'', len - i - 1);

			if (q == NULL)
				goto done;
			buf_add(&cur, s + i + 1, (size_t)(q - s - i - 1));
			in_token = true;
			i = (size_t)(q - s) + 1;
		} else if (c == '"') {
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len &&
				    (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				buf_addc(&cur, s[i]);
			}
			if (i >= len)
				goto done;
			in_token = true;
			i++;
		} else {
			buf_addc(&cur, c);
			in_token = true;
			i++;
		}
	}
	if (in_token)
		fmt_ipynb_strv_add(out, cur.ptr, cur.len);
	rc = 0;
done:
	buf_release(&cur);
	return rc;
}

/* str.split(): words between runs of whitespace. */
static void
fmt_ipynb_split_ws(struct fmt_ipynb_strv *out, const char *s, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && fmt_ipynb_is_space((unsigned char)s[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !fmt_ipynb_is_space((unsigned char)s[i]))
			i++;
		fmt_ipynb_strv_add(out, s + start, i - start);
	}
}

/* "git+https://host/user/repo.git" -> "repo @ git+https://...". */
static void
fmt_ipynb_git_package(struct buf *out, const char *pkg)
{
	size_t len = strlen(pkg), n;
	const char *url, *path, *end, *last;
	bool git = false;

	n = len;
	while (n > 0 && pkg[n - 1] == '/')
		n--;
	if (strncmp(pkg, "git+", 4) == 0)
		git = true;
	else if (strstr(pkg, "://") != NULL && n >= 4 &&
	    memcmp(pkg + n - 4, ".git", 4) == 0 && strstr(pkg, " @ ") == NULL)
		git = true;
	if (!git) {
		buf_adds(out, pkg);
		return;
	}
	url = strncmp(pkg, "git+", 4) == 0 ? pkg + 4 : pkg;
	/* urlparse(url).path: after "scheme://netloc", up to ?, # or ;. */
	path = strstr(url, "://");
	path = path ? strchr(path + 3, '/') : NULL;
	if (path == NULL)
		path = url + strlen(url);
	end = path + strcspn(path, "?#;");
	while (end > path && end[-1] == '/')
		end--;
	for (last = end; last > path && last[-1] != '/'; last--)
		;
	n = (size_t)(end - last);
	if (n >= 4 && memcmp(end - 4, ".git", 4) == 0)
		n -= 4;
	if (n == 0)
		buf_adds(out, "package");
	else
		buf_add(out, last, n);
	buf_adds(out, " @ ");
	if (strncmp(pkg, "git+", 4) != 0)
		buf_adds(out, "git+");
	buf_adds(out, pkg);
}

/* Is text one Python expression (compile(text, "<string>", "eval"))? */
static bool
fmt_ipynb_is_expression(struct ana *ana, const char *s, size_t len)
{
	const struct ana_cell *ac;
	struct buf b = BUF_INIT;
	const char *t = s;
	size_t n = len;
	bool ok;

	fmt_ipynb_strip(&t, &n);
	if (n == 0)
		return false;
	if (ana == NULL)
		return true;
	buf_addc(&b, '(');
	buf_add(&b, s, len);
	buf_adds(&b, "\n)");
	ac = ana_cell(ana, b.ptr, b.len);
	ok = ac != NULL && ac->parses && ac->nstatements == 1;
	buf_release(&b);
	return ok;
}

static bool
fmt_ipynb_is_template(const char *t)
{
	size_t n = strlen(t);

	return n >= 1 && t[0] == '{' && t[n - 1] == '}';
}

/* The replacement of one "!command" line; indented: the "!" was not in
 * column 0 (a comment alone would leave an empty block, so add pass). */
static void
fmt_ipynb_bang_command(struct fmt_ipynb_conv *cv, struct buf *out,
    const char *cmd, size_t cmdlen, bool indented)
{
	struct fmt_ipynb_strv words = { 0 };
	struct buf pkg = BUF_INIT;
	size_t i, j, first = 0;
	bool pip = false, install = false, any = false;

	if (fmt_ipynb_shlex(&words, cmd, cmdlen) < 0) {
		fmt_ipynb_strv_release(&words);
		fmt_ipynb_split_ws(&words, cmd, cmdlen);
	}
	if (words.n == 0) {
		buf_adds(out, "# !");
		buf_add(out, cmd, cmdlen);
		goto done;
	}
	for (i = 0; i < words.n && !pip; i++)
		if (strncmp(words.v[i], "pip", 3) == 0) {
			pip = true;
			first = i;
		}
	for (i = first; pip && i < words.n; i++)
		if (strcmp(words.v[i], "install") == 0) {
			install = true;
			break;
		}
	if (pip && install) {
		/* Packages after "install": flags skipped, a {template}
		 * stops the list and is shown only when nothing else is. */
		if (indented)
			buf_adds(out, "pass  ");
		buf_adds(out, "# packages added via marimo's package "
		    "management:");
		for (j = i + 1; j < words.n; j++) {
			if (words.v[j][0] == '-')
				continue;
			if (fmt_ipynb_is_template(words.v[j]))
				break;
			buf_reset(&pkg);
			fmt_ipynb_git_package(&pkg, words.v[j]);
			fmt_ipynb_strv_add(&cv->pip, pkg.ptr, pkg.len);
			buf_addc(out, ' ');
			buf_adds(out, words.v[j]);
			any = true;
		}
		if (!any && j < words.n) {
			buf_addc(out, ' ');
			buf_adds(out, words.v[j]);
		}
		buf_adds(out, " !");
		buf_add(out, cmd, cmdlen);
		goto done;
	}
	for (i = 0; i < words.n; i++) {
		if (fmt_ipynb_is_template(words.v[i]) &&
		    !fmt_ipynb_is_expression(cv->ana, words.v[i] + 1,
		    strlen(words.v[i]) - 2)) {
			buf_adds(out, "# Note: Command contains invalid "
			    "template expression\n");
			if (indented)
				buf_adds(out, "pass  ");
			buf_adds(out, "# !");
			buf_add(out, cmd, cmdlen);
			goto done;
		}
	}
	buf_adds(out, "#! ");
	buf_add(out, cmd, cmdlen);
	buf_adds(out, "\nsubprocess.call([");
	for (i = 0; i < words.n; i++) {
		if (i > 0)
			buf_adds(out, ", ");
		if (fmt_ipynb_is_template(words.v[i])) {
			buf_adds(out, "str(");
			buf_add(out, words.v[i] + 1, strlen(words.v[i]) - 2);
			buf_addc(out, ')');
		} else
			fmt_conv_py_repr(out, words.v[i], strlen(words.v[i]));
	}
	buf_adds(out, "])");
	cv->needs_subprocess = true;
done:
	buf_release(&pkg);
	fmt_ipynb_strv_release(&words);
}

/*
 * Would Python's tokenize module raise on this text? It does at the end
 * of the text inside a string or brackets (pytok's other complaints, a
 * stray "!" or "$", are error tokens tokenize yields and goes on).
 */
static bool
fmt_ipynb_tok_fatal(const char *s, size_t len, const struct pytok *t,
    size_t n)
{
	size_t i;

	if (n > 0 && t[n - 1].depth > 0)
		return true;
	for (i = 0; i < n; i++)
		if (t[i].type == PYTOK_ERRORTOKEN && t[i].len > 1 &&
		    memchr(s + t[i].off, '\n', t[i].len) != NULL)
			return true;
	/* A backslash continuing the last line into nothing. */
	while (len > 0 && fmt_ipynb_is_space((unsigned char)s[len - 1]))
		len--;
	return len > 0 && s[len - 1] == '\\';
}

/* One line's fate in the "!" transform. */
struct fmt_ipynb_linerep {
	bool set;
	bool drop;		/* continuation line of a command */
	struct buf text;
};

static void
fmt_ipynb_bang_cell(struct fmt_ipynb_conv *cv, struct buf *src)
{
	struct fmt_ipynb_linerep *rep = NULL;
	struct pytok *t = NULL;
	struct buf out = BUF_INIT, cmd = BUF_INIT;
	size_t ntok = 0, i, k, first, last, nlines = 0, line, start, n;
	const char *s = src->ptr, *p, *nl, *end = src->ptr + src->len;
	bool ok = true, any = false, comment;

	t = pytok_scan(src->ptr, src->len, &ntok, &ok);
	if (!ok && fmt_ipynb_tok_fatal(s, src->len, t, ntok))
		goto done;
	for (i = 0; i < ntok; i++)
		if (t[i].type == PYTOK_ERRORTOKEN && t[i].len == 1 &&
		    s[t[i].off] == '!')
			any = true;
	if (!any)
		goto done;
	nlines = 1;
	for (p = s; p < end; p++)
		if (*p == '\n')
			nlines++;
	rep = xcalloc(nlines + 1, sizeof *rep);
	for (i = 0; i <= nlines; i++)
		buf_init(&rep[i].text);
	any = false;
	for (i = 0; i < ntok; i++) {
		if (!(t[i].type == PYTOK_ERRORTOKEN && t[i].len == 1 &&
		    s[t[i].off] == '!'))
			continue;
		if (i > 0 && t[i - 1].type != PYTOK_NEWLINE &&
		    t[i - 1].type != PYTOK_NL && t[i - 1].type != PYTOK_INDENT)
			continue;
		line = t[i].line;
		/* The command: tokens up to the end of the logical line,
		 * less a trailing comment. */
		first = i + 1;
		for (k = first; k < ntok && t[k].type != PYTOK_NEWLINE &&
		    t[k].type != PYTOK_NL && t[k].type != PYTOK_ENDMARKER; k++)
			;
		last = k;
		comment = k > first && t[k - 1].type == PYTOK_COMMENT;
		if (comment)
			last--;
		buf_reset(&cmd);
		if (last > first) {
			const char *a = s + t[first].off;
			const char *b = s + t[last - 1].off + t[last - 1].len;

			if (t[first].line == t[last - 1].end_line) {
				n = (size_t)(b - a);
				fmt_ipynb_strip(&a, &n);
				buf_add(&cmd, a, n);
			} else {
				/* Join continuation lines, normalise spaces. */
				struct buf joined = BUF_INIT;
				struct fmt_ipynb_strv w = { 0 };
				size_t j;

				for (p = a; p < b; p++) {
					if (*p == '\\' && p + 1 < b &&
					    p[1] == '\n') {
						buf_addc(&joined, ' ');
						p++;
					} else
						buf_addc(&joined, *p);
				}
				fmt_ipynb_split_ws(&w, joined.ptr, joined.len);
				for (j = 0; j < w.n; j++) {
					if (j > 0)
						buf_addc(&cmd, ' ');
					buf_adds(&cmd, w.v[j]);
				}
				fmt_ipynb_strv_release(&w);
				buf_release(&joined);
			}
		}
		if (line > nlines)
			continue;
		rep[line].set = true;
		buf_reset(&rep[line].text);
		fmt_ipynb_bang_command(cv, &rep[line].text, cmd.ptr, cmd.len,
		    t[i].col > 0);
		if (comment) {
			buf_addc(&rep[line].text, '\n');
			buf_add(&rep[line].text, s + t[k - 1].off,
			    t[k - 1].len);
		}
		if (last > first)
			for (n = line + 1; n <= t[last - 1].end_line &&
			    n <= nlines; n++)
				rep[n].drop = true;
		any = true;
		i = k;
	}
	if (!any)
		goto done;
	for (p = s, line = 1; ; line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (rep[line].set) {
			const char *q = rep[line].text.ptr, *qe, *qn;
			size_t indent = 0;

			/* Python counts leading whitespace characters and
			 * indents the replacement with as many spaces. */
			while (indent < n &&
			    fmt_ipynb_is_space((unsigned char)p[indent]))
				indent++;
			qe = q + rep[line].text.len;
			for (;;) {
				qn = memchr(q, '\n', (size_t)(qe - q));
				for (start = 0; start < indent; start++)
					buf_addc(&out, ' ');
				buf_add(&out, q, qn ? (size_t)(qn - q) :
				    (size_t)(qe - q));
				if (qn == NULL)
					break;
				buf_addc(&out, '\n');
				q = qn + 1;
			}
			buf_addc(&out, '\n');
		} else if (!rep[line].drop) {
			buf_add(&out, p, n);
			buf_addc(&out, '\n');
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (out.len > 0)
		buf_truncate(&out, out.len - 1);
	fmt_ipynb_buf_set(src, out.ptr, out.len);
done:
	if (rep != NULL) {
		for (i = 0; i <= nlines; i++)
			buf_release(&rep[i].text);
		free(rep);
	}
	buf_release(&out);
	buf_release(&cmd);
	free(t);
}

/*
 * A scope-aware look at one cell's names, from tokens. marimo renames
 * with its AST visitor; quire needs the same answers for the tokens it
 * rewrites: is this NAME a variable at all (not an attribute, keyword
 * argument, parameter or keyword), does it bind the name, and is it a
 * local of a def, class, lambda or comprehension (then it is not the
 * module-level name and must not be renamed)?
 */

#define FMT_IPYNB_OCC_SKIP	0x01u	/* not a variable use */
#define FMT_IPYNB_OCC_STORE	0x02u	/* binds the name */
#define FMT_IPYNB_OCC_LOCAL	0x04u	/* a local of a nested scope */
#define FMT_IPYNB_OCC_IMPORT	0x08u	/* bound by "import x" without as */
/* Deeper brackets than this are not searched for comprehensions. */
#define FMT_IPYNB_MAX_COMP_DEPTH 200

enum fmt_ipynb_scope_kind {
	FMT_IPYNB_SCOPE_DEF,		/* def and class bodies */
	FMT_IPYNB_SCOPE_LAMBDA,
	FMT_IPYNB_SCOPE_COMP
};

struct fmt_ipynb_scope {
	enum fmt_ipynb_scope_kind kind;
	int parent;			/* -1: module */
	int indent;			/* DEF: indentation level of the def */
	int depth;			/* LAMBDA, COMP: bracket depth */
	bool oneline;			/* DEF: body on the header's line */
	size_t outer_a, outer_b;	/* COMP: its first iterable, which is
					   evaluated in the enclosing scope */
	struct fmt_ipynb_strv locals, globals;
};

struct fmt_ipynb_scan {
	const char *src;
	struct pytok *t;
	size_t ntok;
	unsigned *flags;		/* per token */
	size_t *effect;			/* per token: stores take effect here */
	int *scope;			/* per token: innermost scope, -1 module */
	struct fmt_ipynb_scope *scopes;
	size_t nscopes, alloc;
};

static bool
fmt_ipynb_tok_is(const struct fmt_ipynb_scan *sc, size_t i, const char *s)
{
	size_t n = strlen(s);

	return i < sc->ntok && sc->t[i].len == n &&
	    memcmp(sc->src + sc->t[i].off, s, n) == 0 &&
	    (sc->t[i].type == PYTOK_OP || sc->t[i].type == PYTOK_NAME ||
	    sc->t[i].type == PYTOK_ERRORTOKEN);
}

/* A keyword that can never be a variable (soft keywords can). */
static bool
fmt_ipynb_hard_keyword(const char *s, size_t len)
{
	if ((len == 1 && s[0] == '_') || (len == 4 &&
	    (memcmp(s, "case", 4) == 0)) || (len == 5 &&
	    memcmp(s, "match", 5) == 0))
		return false;
	return pytok_is_keyword(s, len);
}

static bool
fmt_ipynb_tok_name(const struct fmt_ipynb_scan *sc, size_t i)
{
	return i < sc->ntok && sc->t[i].type == PYTOK_NAME &&
	    !fmt_ipynb_hard_keyword(sc->src + sc->t[i].off, sc->t[i].len);
}

/* Tokens that only format the text: skipped when looking at neighbours. */
static bool
fmt_ipynb_tok_trivia(const struct pytok *t)
{
	return t->type == PYTOK_NL || t->type == PYTOK_COMMENT;
}

static size_t
fmt_ipynb_next(const struct fmt_ipynb_scan *sc, size_t i)
{
	for (i++; i < sc->ntok && fmt_ipynb_tok_trivia(&sc->t[i]); i++)
		;
	return i;
}

/* Previous significant token, or SIZE_MAX. */
static size_t
fmt_ipynb_prev(const struct fmt_ipynb_scan *sc, size_t i)
{
	while (i > 0) {
		i--;
		if (!fmt_ipynb_tok_trivia(&sc->t[i]))
			return i;
	}
	return SIZE_MAX;
}

static int
fmt_ipynb_scope_new(struct fmt_ipynb_scan *sc, enum fmt_ipynb_scope_kind kind,
    int parent)
{
	struct fmt_ipynb_scope *s;

	if (sc->nscopes == sc->alloc) {
		sc->alloc = sc->alloc ? sc->alloc * 2 : 8;
		sc->scopes = xreallocarray(sc->scopes, sc->alloc,
		    sizeof *sc->scopes);
	}
	s = &sc->scopes[sc->nscopes];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->parent = parent;
	return (int)sc->nscopes++;
}

static void
fmt_ipynb_scope_local(struct fmt_ipynb_scan *sc, int scope, size_t tok)
{
	struct fmt_ipynb_scope *s;
	char *name;

	if (scope < 0)
		return;
	s = &sc->scopes[scope];
	/* A walrus in a comprehension binds in the enclosing scope; a
	 * comprehension's own targets are added by the caller. */
	name = xstrndup(sc->src + sc->t[tok].off, sc->t[tok].len);
	if (!fmt_ipynb_strv_has(&s->locals, name))
		fmt_ipynb_strv_add(&s->locals, name, strlen(name));
	free(name);
}

/* Mark a binding of token tok, seen in scope; effect: where it holds. */
static void
fmt_ipynb_store(struct fmt_ipynb_scan *sc, int scope, size_t tok,
    size_t effect)
{
	if (!fmt_ipynb_tok_name(sc, tok) ||
	    (sc->flags[tok] & FMT_IPYNB_OCC_SKIP))
		return;
	sc->flags[tok] |= FMT_IPYNB_OCC_STORE;
	sc->effect[tok] = effect;
	fmt_ipynb_scope_local(sc, scope, tok);
}

/*
 * Is the bare name at tok a binding target (not the base of an
 * attribute, subscript or call, and not inside a call's or subscript's
 * brackets)? open is the token index of the innermost open bracket of
 * the statement, or SIZE_MAX.
 */
static bool
fmt_ipynb_bare_target(const struct fmt_ipynb_scan *sc, size_t tok,
    const size_t *opens, size_t nopens, size_t base)
{
	size_t nx = fmt_ipynb_next(sc, tok), pv = fmt_ipynb_prev(sc, tok), j;

	if (!fmt_ipynb_tok_name(sc, tok))
		return false;
	if (pv != SIZE_MAX && fmt_ipynb_tok_is(sc, pv, "."))
		return false;
	if (fmt_ipynb_tok_is(sc, nx, ".") || fmt_ipynb_tok_is(sc, nx, "(") ||
	    fmt_ipynb_tok_is(sc, nx, "["))
		return false;
	/* Every bracket around it must be a tuple or list display. */
	for (j = base; j < nopens; j++) {
		size_t b = fmt_ipynb_prev(sc, opens[j]);

		if (fmt_ipynb_tok_is(sc, opens[j], "{"))
			return false;
		if (b != SIZE_MAX && (fmt_ipynb_tok_name(sc, b) ||
		    fmt_ipynb_tok_is(sc, b, ")") || fmt_ipynb_tok_is(sc, b, "]") ||
		    sc->t[b].type == PYTOK_STRING))
			return false;
	}
	return true;
}

static bool
fmt_ipynb_aug_op(const struct fmt_ipynb_scan *sc, size_t i)
{
	static const char *const ops[] = { "+=", "-=", "*=", "/=", "//=",
	    "%=", "**=", ">>=", "<<=", "&=", "^=", "|=", "@=" };
	size_t k;

	if (i >= sc->ntok || sc->t[i].type != PYTOK_OP)
		return false;
	for (k = 0; k < sizeof ops / sizeof ops[0]; k++)
		if (fmt_ipynb_tok_is(sc, i, ops[k]))
			return true;
	return false;
}

/*
 * One simple or compound statement from token s to token e (exclusive,
 * e is its NEWLINE, ";" or header ":"), at bracket depth 0, in scope.
 * Marks its bindings and, for def/class/lambda headers, parameters.
 */
static void
fmt_ipynb_scan_stmt(struct fmt_ipynb_scan *sc, size_t s, size_t e, int scope,
    int newscope)
{
	size_t opens[64], nopens = 0, i, last_eq = SIZE_MAX, nx;
	bool is_for = false, is_import = false, is_from = false, in_for = false;
	bool after_import = false, want_alias = true;
	int depth = 0;

	if (s >= e)
		return;
	if (fmt_ipynb_tok_is(sc, s, "async"))
		s = fmt_ipynb_next(sc, s);
	if (fmt_ipynb_tok_is(sc, s, "def") || fmt_ipynb_tok_is(sc, s, "class")) {
		bool def = fmt_ipynb_tok_is(sc, s, "def");

		nx = fmt_ipynb_next(sc, s);
		fmt_ipynb_store(sc, scope, nx, nx);
		if (!def)
			return;
		/* Parameters: names at depth 1 after "(", ",", "*", "**". */
		for (i = fmt_ipynb_next(sc, nx); i < e; i++) {
			size_t pv;

			if (sc->t[i].type == PYTOK_OP && sc->t[i].len == 1 &&
			    strchr("([{", sc->src[sc->t[i].off]) != NULL)
				depth++;
			else if (sc->t[i].type == PYTOK_OP && sc->t[i].len == 1 &&
			    strchr(")]}", sc->src[sc->t[i].off]) != NULL)
				depth--;
			if (depth != 1 || !fmt_ipynb_tok_name(sc, i))
				continue;
			pv = fmt_ipynb_prev(sc, i);
			if (fmt_ipynb_tok_is(sc, pv, "(") ||
			    fmt_ipynb_tok_is(sc, pv, ",") ||
			    fmt_ipynb_tok_is(sc, pv, "*") ||
			    fmt_ipynb_tok_is(sc, pv, "**")) {
				sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
				fmt_ipynb_scope_local(sc, newscope, i);
			}
		}
		return;
	}
	if (fmt_ipynb_tok_is(sc, s, "global") ||
	    fmt_ipynb_tok_is(sc, s, "nonlocal")) {
		for (i = s + 1; i < e; i++) {
			if (!fmt_ipynb_tok_name(sc, i))
				continue;
			sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
			if (scope >= 0) {
				struct fmt_ipynb_scope *sp = &sc->scopes[scope];

				fmt_ipynb_strv_add(&sp->globals,
				    sc->src + sc->t[i].off, sc->t[i].len);
			}
		}
		return;
	}
	is_import = fmt_ipynb_tok_is(sc, s, "import");
	is_from = fmt_ipynb_tok_is(sc, s, "from");
	if (is_import || is_from) {
		/* import a.b as c, d / from m import (x as y, z) */
		after_import = is_import;
		for (i = s + 1; i < e; i++) {
			if (fmt_ipynb_tok_is(sc, i, "import")) {
				after_import = true;
				want_alias = true;
				continue;
			}
			if (!after_import) {
				if (sc->t[i].type == PYTOK_NAME)
					sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
				continue;
			}
			if (fmt_ipynb_tok_is(sc, i, ",")) {
				want_alias = true;
				continue;
			}
			if (sc->t[i].type != PYTOK_NAME)
				continue;
			if (fmt_ipynb_tok_is(sc, i, "as"))
				continue;
			nx = fmt_ipynb_next(sc, i);
			if (fmt_ipynb_tok_is(sc, fmt_ipynb_prev(sc, i), "as")) {
				fmt_ipynb_store(sc, scope, i, i);
			} else if (want_alias) {
				/* The first name binds unless "as" follows the
				 * dotted name; dotted tails never bind. */
				size_t j = i;

				while (fmt_ipynb_tok_is(sc, fmt_ipynb_next(sc, j),
				    ".") && fmt_ipynb_next(sc,
				    fmt_ipynb_next(sc, j)) < e)
					j = fmt_ipynb_next(sc,
					    fmt_ipynb_next(sc, j));
				if (fmt_ipynb_tok_is(sc, fmt_ipynb_next(sc, j),
				    "as") || j != i)
					sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
				else {
					fmt_ipynb_store(sc, scope, i, i);
					sc->flags[i] |= FMT_IPYNB_OCC_IMPORT;
				}
				want_alias = false;
			} else
				sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
		}
		return;
	}
	is_for = fmt_ipynb_tok_is(sc, s, "for");
	if (fmt_ipynb_tok_is(sc, s, "with") || fmt_ipynb_tok_is(sc, s, "except")) {
		for (i = s + 1; i < e; i++)
			if (fmt_ipynb_tok_is(sc, i, "as"))
				fmt_ipynb_store(sc, scope, fmt_ipynb_next(sc, i),
				    fmt_ipynb_next(sc, i));
		return;
	}
	if (is_for) {
		in_for = true;
		for (i = s + 1; i < e && in_for; i++) {
			if (fmt_ipynb_tok_is(sc, i, "in") && nopens == 0)
				break;
			if (fmt_ipynb_tok_is(sc, i, "(") ||
			    fmt_ipynb_tok_is(sc, i, "[")) {
				if (nopens < sizeof opens / sizeof opens[0])
					opens[nopens++] = i;
			} else if ((fmt_ipynb_tok_is(sc, i, ")") ||
			    fmt_ipynb_tok_is(sc, i, "]")) && nopens > 0)
				nopens--;
			else if (fmt_ipynb_bare_target(sc, i, opens, nopens, 0))
				fmt_ipynb_store(sc, scope, i, i);
		}
		return;
	}
	/* Simple statement: targets are before the last "=" at depth 0. */
	for (i = s; i < e; i++) {
		if (sc->t[i].type == PYTOK_OP && sc->t[i].len == 1 &&
		    strchr("([{", sc->src[sc->t[i].off]) != NULL)
			depth++;
		else if (sc->t[i].type == PYTOK_OP && sc->t[i].len == 1 &&
		    strchr(")]}", sc->src[sc->t[i].off]) != NULL)
			depth--;
		else if (depth == 0 && fmt_ipynb_tok_is(sc, i, "="))
			last_eq = i;
		else if (depth == 0 && fmt_ipynb_tok_is(sc, i, "lambda"))
			break;
	}
	nx = fmt_ipynb_next(sc, s);
	if (fmt_ipynb_tok_name(sc, s) && (fmt_ipynb_aug_op(sc, nx) ||
	    (fmt_ipynb_tok_is(sc, nx, ":") && nx < e))) {
		fmt_ipynb_store(sc, scope, s, e);
		return;
	}
	if (last_eq == SIZE_MAX)
		return;
	for (i = s; i < last_eq; i++) {
		if (fmt_ipynb_tok_is(sc, i, "(") || fmt_ipynb_tok_is(sc, i, "[") ||
		    fmt_ipynb_tok_is(sc, i, "{")) {
			if (nopens < sizeof opens / sizeof opens[0])
				opens[nopens++] = i;
		} else if ((fmt_ipynb_tok_is(sc, i, ")") ||
		    fmt_ipynb_tok_is(sc, i, "]") ||
		    fmt_ipynb_tok_is(sc, i, "}")) && nopens > 0)
			nopens--;
		else if (fmt_ipynb_bare_target(sc, i, opens, nopens, 0))
			fmt_ipynb_store(sc, scope, i, e);
	}
}

/* End of the statement starting at s: its NEWLINE, a ";" at depth 0, or
 * the ":" ending a compound statement's header. *compound is set. */
static size_t
fmt_ipynb_stmt_end(const struct fmt_ipynb_scan *sc, size_t s, bool *compound)
{
	static const char *const kw[] = { "if", "elif", "else", "while", "for",
	    "try", "except", "finally", "with", "def", "class", "async" };
	size_t j, k, lambdas = 0;

	*compound = false;
	for (k = 0; k < sizeof kw / sizeof kw[0]; k++)
		if (fmt_ipynb_tok_is(sc, s, kw[k]))
			*compound = true;
	for (j = s; j < sc->ntok; j++) {
		const struct pytok *t = &sc->t[j];

		if (t->type == PYTOK_NEWLINE || t->type == PYTOK_ENDMARKER)
			return j;
		if (t->depth != 0)
			continue;
		if (fmt_ipynb_tok_is(sc, j, ";"))
			return j;
		if (fmt_ipynb_tok_is(sc, j, "lambda"))
			lambdas++;
		else if (*compound && fmt_ipynb_tok_is(sc, j, ":")) {
			if (lambdas == 0)
				return j;
			lambdas--;
		}
	}
	return sc->ntok;
}

static bool
fmt_ipynb_tok_open(const struct fmt_ipynb_scan *sc, size_t i)
{
	return sc->t[i].type == PYTOK_OP && sc->t[i].len == 1 &&
	    strchr("([{", sc->src[sc->t[i].off]) != NULL;
}

static bool
fmt_ipynb_tok_close(const struct fmt_ipynb_scan *sc, size_t i)
{
	return sc->t[i].type == PYTOK_OP && sc->t[i].len == 1 &&
	    strchr(")]}", sc->src[sc->t[i].off]) != NULL;
}

static void
fmt_ipynb_scan_free(struct fmt_ipynb_scan *sc)
{
	size_t i;

	for (i = 0; i < sc->nscopes; i++) {
		fmt_ipynb_strv_release(&sc->scopes[i].locals);
		fmt_ipynb_strv_release(&sc->scopes[i].globals);
	}
	free(sc->scopes);
	free(sc->t);
	free(sc->flags);
	free(sc->effect);
	free(sc->scope);
	memset(sc, 0, sizeof *sc);
}

/* Tokenize and classify; -1 when the text does not tokenize cleanly. */
static int
fmt_ipynb_scan(struct fmt_ipynb_scan *sc, const char *src, size_t len)
{
	size_t i, j, e, stmt_e = 0, header = SIZE_MAX, nactive = 0, nb = 0;
	size_t *bstack = NULL, balloc = 0;
	int *active = NULL, *comp_of = NULL, cur, pending = -1, indent = 0;
	int lambda_params = -1;
	bool ok = true, start = true, compound;

	memset(sc, 0, sizeof *sc);
	sc->src = src;
	sc->t = pytok_scan(src, len, &sc->ntok, &ok);
	if (!ok) {
		fmt_ipynb_scan_free(sc);
		return -1;
	}
	sc->flags = xcalloc(sc->ntok + 1, sizeof *sc->flags);
	sc->effect = xcalloc(sc->ntok + 1, sizeof *sc->effect);
	sc->scope = xcalloc(sc->ntok + 1, sizeof *sc->scope);
	comp_of = xcalloc(sc->ntok + 1, sizeof *comp_of);
	active = xcalloc(sc->ntok + 1, sizeof *active);
	for (i = 0; i < sc->ntok; i++)
		comp_of[i] = -1;
#define CUR() (nactive > 0 ? active[nactive - 1] : -1)
	for (i = 0; i < sc->ntok; i++) {
		const struct pytok *t = &sc->t[i];

		/* Scopes that end before this token. */
		while (nactive > 0) {
			struct fmt_ipynb_scope *s = &sc->scopes[CUR()];

			if (s->kind == FMT_IPYNB_SCOPE_LAMBDA &&
			    lambda_params != CUR() &&
			    ((t->depth == s->depth && (fmt_ipynb_tok_is(sc, i,
			    ",") || fmt_ipynb_tok_close(sc, i) ||
			    fmt_ipynb_tok_is(sc, i, "for") ||
			    fmt_ipynb_tok_is(sc, i, ":"))) ||
			    t->type == PYTOK_NEWLINE || t->depth < s->depth ||
			    (t->depth == 0 && fmt_ipynb_tok_is(sc, i, ";")))) {
				nactive--;
				continue;
			}
			if (s->kind == FMT_IPYNB_SCOPE_DEF && s->oneline &&
			    t->type == PYTOK_NEWLINE) {
				nactive--;
				continue;
			}
			if (s->kind == FMT_IPYNB_SCOPE_DEF && !s->oneline &&
			    t->type == PYTOK_DEDENT && indent - 1 <= s->indent) {
				nactive--;
				continue;
			}
			if (s->kind == FMT_IPYNB_SCOPE_COMP &&
			    t->depth < s->depth) {
				nactive--;
				continue;
			}
			break;
		}
		if (t->type == PYTOK_INDENT)
			indent++;
		else if (t->type == PYTOK_DEDENT)
			indent--;
		cur = CUR();
		sc->scope[i] = cur;
		if (cur >= 0 && sc->scopes[cur].kind == FMT_IPYNB_SCOPE_COMP &&
		    i >= sc->scopes[cur].outer_a && i < sc->scopes[cur].outer_b)
			sc->scope[i] = sc->scopes[cur].parent;
		if (fmt_ipynb_tok_open(sc, i)) {
			if (nb == balloc) {
				balloc = balloc ? balloc * 2 : 16;
				bstack = xreallocarray(bstack, balloc,
				    sizeof *bstack);
			}
			bstack[nb++] = i;
		} else if (fmt_ipynb_tok_close(sc, i) && nb > 0)
			nb--;
		if (t->type == PYTOK_NEWLINE ||
		    (t->depth == 0 && fmt_ipynb_tok_is(sc, i, ";"))) {
			start = true;
			continue;
		}
		if (i == header) {
			/* The ":" of a compound header: a def's body opens. */
			header = SIZE_MAX;
			j = fmt_ipynb_next(sc, i);
			if (pending >= 0) {
				sc->scopes[pending].oneline =
				    j < sc->ntok &&
				    sc->t[j].type != PYTOK_NEWLINE;
				sc->scopes[pending].parent = cur;
				active[nactive++] = pending;
				pending = -1;
			}
			start = true;
			continue;
		}
		if (t->type == PYTOK_NL || t->type == PYTOK_COMMENT ||
		    t->type == PYTOK_INDENT || t->type == PYTOK_DEDENT ||
		    t->type == PYTOK_ENDMARKER)
			continue;
		if (start && t->depth == 0) {
			int ns = -1;

			start = false;
			e = fmt_ipynb_stmt_end(sc, i, &compound);
			stmt_e = e;
			j = fmt_ipynb_tok_is(sc, i, "async") ?
			    fmt_ipynb_next(sc, i) : i;
			if (compound && (fmt_ipynb_tok_is(sc, j, "def") ||
			    fmt_ipynb_tok_is(sc, j, "class"))) {
				ns = fmt_ipynb_scope_new(sc,
				    FMT_IPYNB_SCOPE_DEF, cur);
				sc->scopes[ns].indent = indent;
				pending = ns;
			}
			fmt_ipynb_scan_stmt(sc, i, e, cur, ns);
			if (compound)
				header = e;
		}
		if (t->type != PYTOK_NAME && !fmt_ipynb_tok_is(sc, i, ":"))
			continue;
		if (fmt_ipynb_tok_is(sc, i, ":")) {
			if (lambda_params >= 0 &&
			    t->depth == sc->scopes[lambda_params].depth)
				lambda_params = -1;
			continue;
		}
		if (fmt_ipynb_tok_is(sc, i, "lambda")) {
			int ls = fmt_ipynb_scope_new(sc, FMT_IPYNB_SCOPE_LAMBDA,
			    cur);

			sc->scopes[ls].depth = t->depth;
			active[nactive++] = ls;
			lambda_params = ls;
			continue;
		}
		if (fmt_ipynb_tok_is(sc, i, "for") && t->depth > 0 && nb > 0 &&
		    t->depth <= FMT_IPYNB_MAX_COMP_DEPTH) {
			size_t ob = bstack[nb - 1], k;
			int cs = comp_of[ob], parent;

			if (cs < 0) {
				parent = sc->scope[ob];
				cs = fmt_ipynb_scope_new(sc,
				    FMT_IPYNB_SCOPE_COMP, parent);
				sc->scopes[cs].depth = (int)sc->t[ob].depth + 1;
				comp_of[ob] = cs;
				for (k = ob + 1; k < i; k++)
					if (sc->scope[k] == parent)
						sc->scope[k] = cs;
				for (k = 0; k + 1 < sc->nscopes; k++)
					if ((int)k != cs &&
					    sc->scopes[k].parent == parent &&
					    sc->scopes[k].kind !=
					    FMT_IPYNB_SCOPE_DEF &&
					    sc->scopes[k].depth > (int)
					    sc->t[ob].depth)
						sc->scopes[k].parent = cs;
				active[nactive++] = cs;
			}
			/* Targets up to "in" at this depth are its locals. */
			for (k = i + 1; k < sc->ntok && !(fmt_ipynb_tok_is(sc,
			    k, "in") && sc->t[k].depth == t->depth); k++) {
				if (sc->t[k].type == PYTOK_NEWLINE)
					break;
				if (fmt_ipynb_tok_name(sc, k) &&
				    !fmt_ipynb_tok_is(sc, fmt_ipynb_prev(sc, k),
				    "."))
					fmt_ipynb_scope_local(sc, cs, k);
			}
			if (sc->scopes[cs].outer_b == 0 && k < sc->ntok) {
				size_t m;

				/* The first iterable: to the next for, if or
				 * the closing bracket at this depth. */
				for (m = k + 1; m < sc->ntok &&
				    sc->t[m].depth >= t->depth; m++)
					if (sc->t[m].depth == t->depth &&
					    (fmt_ipynb_tok_is(sc, m, "for") ||
					    fmt_ipynb_tok_is(sc, m, "if") ||
					    fmt_ipynb_tok_is(sc, m, "async")))
						break;
				sc->scopes[cs].outer_a = k + 1;
				sc->scopes[cs].outer_b = m;
			}
			sc->scope[i] = cs;
			continue;
		}
		if (fmt_ipynb_hard_keyword(src + t->off, t->len)) {
			sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
			continue;
		}
		j = fmt_ipynb_prev(sc, i);
		if (j != SIZE_MAX && fmt_ipynb_tok_is(sc, j, ".")) {
			sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
			continue;
		}
		if (lambda_params >= 0 && (j == SIZE_MAX ||
		    fmt_ipynb_tok_is(sc, j, "lambda") ||
		    fmt_ipynb_tok_is(sc, j, ",") ||
		    fmt_ipynb_tok_is(sc, j, "*") ||
		    fmt_ipynb_tok_is(sc, j, "**"))) {
			sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
			fmt_ipynb_scope_local(sc, lambda_params, i);
			continue;
		}
		e = fmt_ipynb_next(sc, i);
		if (fmt_ipynb_tok_is(sc, e, "=") && t->depth > 0 && nb > 0 &&
		    fmt_ipynb_tok_is(sc, bstack[nb - 1], "(") && j != SIZE_MAX &&
		    (fmt_ipynb_tok_is(sc, j, "(") ||
		    fmt_ipynb_tok_is(sc, j, ","))) {
			/* A keyword argument. */
			sc->flags[i] |= FMT_IPYNB_OCC_SKIP;
			continue;
		}
		if (fmt_ipynb_tok_is(sc, e, ":=")) {
			int ws = cur;

			while (ws >= 0 &&
			    sc->scopes[ws].kind == FMT_IPYNB_SCOPE_COMP)
				ws = sc->scopes[ws].parent;
			fmt_ipynb_store(sc, ws, i, stmt_e);
		}
	}
#undef CUR
	/* Which names are locals of a nested scope. */
	for (i = 0; i < sc->ntok; i++) {
		char *name;
		int s;

		if (sc->t[i].type != PYTOK_NAME ||
		    (sc->flags[i] & FMT_IPYNB_OCC_SKIP))
			continue;
		name = xstrndup(src + sc->t[i].off, sc->t[i].len);
		for (s = sc->scope[i]; s >= 0; s = sc->scopes[s].parent) {
			if (fmt_ipynb_strv_has(&sc->scopes[s].globals, name))
				break;
			if (fmt_ipynb_strv_has(&sc->scopes[s].locals, name)) {
				sc->flags[i] |= FMT_IPYNB_OCC_LOCAL;
				break;
			}
		}
		free(name);
	}
	free(bstack);
	free(comp_of);
	free(active);
	return 0;
}

/* One renaming: occurrences before the cell's first binding of name
 * become before, the binding and later ones after (NULL: unchanged). */
struct fmt_ipynb_ren {
	const char *name;
	const char *before;
	const char *after;
};

/* Apply renamings to the module-level uses of names in src; returns
 * whether anything changed (a text that does not tokenize is left). */
static bool
fmt_ipynb_rename(struct buf *src, const struct fmt_ipynb_ren *r, size_t nr)
{
	struct fmt_ipynb_scan sc;
	struct buf out = BUF_INIT;
	size_t *eff, i, k, pos = 0;
	bool changed = false;

	if (nr == 0 || fmt_ipynb_scan(&sc, src->ptr, src->len) < 0)
		return false;
	eff = xcalloc(nr, sizeof *eff);
	for (k = 0; k < nr; k++)
		eff[k] = SIZE_MAX;
	for (i = 0; i < sc.ntok; i++) {
		if (sc.t[i].type != PYTOK_NAME || (sc.flags[i] &
		    (FMT_IPYNB_OCC_SKIP | FMT_IPYNB_OCC_LOCAL)) ||
		    !(sc.flags[i] & FMT_IPYNB_OCC_STORE))
			continue;
		for (k = 0; k < nr; k++)
			if (strlen(r[k].name) == sc.t[i].len &&
			    memcmp(r[k].name, src->ptr + sc.t[i].off,
			    sc.t[i].len) == 0 && sc.effect[i] < eff[k])
				eff[k] = sc.effect[i];
	}
	for (i = 0; i < sc.ntok; i++) {
		const char *to;

		if (sc.t[i].type != PYTOK_NAME || (sc.flags[i] &
		    (FMT_IPYNB_OCC_SKIP | FMT_IPYNB_OCC_LOCAL)))
			continue;
		for (k = 0; k < nr; k++)
			if (strlen(r[k].name) == sc.t[i].len &&
			    memcmp(r[k].name, src->ptr + sc.t[i].off,
			    sc.t[i].len) == 0)
				break;
		if (k == nr)
			continue;
		to = (sc.flags[i] & FMT_IPYNB_OCC_STORE) || i >= eff[k] ?
		    r[k].after : r[k].before;
		if (to == NULL || strcmp(to, r[k].name) == 0)
			continue;
		buf_add(&out, src->ptr + pos, sc.t[i].off - pos);
		if (sc.flags[i] & FMT_IPYNB_OCC_IMPORT) {
			buf_add(&out, src->ptr + sc.t[i].off, sc.t[i].len);
			buf_adds(&out, " as ");
		}
		buf_adds(&out, to);
		pos = sc.t[i].off + sc.t[i].len;
		changed = true;
	}
	if (changed) {
		buf_add(&out, src->ptr + pos, src->len - pos);
		fmt_ipynb_buf_set(src, out.ptr, out.len);
	}
	buf_release(&out);
	free(eff);
	fmt_ipynb_scan_free(&sc);
	return changed;
}

/* ast._Precedence, as ast.unparse uses it to decide on parentheses. */
enum fmt_ipynb_prec {
	FMT_IPYNB_P_TUPLE = 2, FMT_IPYNB_P_YIELD, FMT_IPYNB_P_TEST,
	FMT_IPYNB_P_OR, FMT_IPYNB_P_AND, FMT_IPYNB_P_NOT, FMT_IPYNB_P_CMP,
	FMT_IPYNB_P_BOR, FMT_IPYNB_P_BXOR, FMT_IPYNB_P_BAND, FMT_IPYNB_P_SHIFT,
	FMT_IPYNB_P_ARITH, FMT_IPYNB_P_TERM, FMT_IPYNB_P_FACTOR,
	FMT_IPYNB_P_POWER, FMT_IPYNB_P_AWAIT, FMT_IPYNB_P_ATOM
};

static int
fmt_ipynb_binop_prec(const char *op, size_t len)
{
	if (len == 1 && (*op == '+' || *op == '-'))
		return FMT_IPYNB_P_ARITH;
	if ((len == 1 && strchr("*/%@", *op) != NULL) ||
	    (len == 2 && memcmp(op, "//", 2) == 0))
		return FMT_IPYNB_P_TERM;
	if (len == 2 && memcmp(op, "**", 2) == 0)
		return FMT_IPYNB_P_POWER;
	if (len == 2 && (memcmp(op, "<<", 2) == 0 || memcmp(op, ">>", 2) == 0))
		return FMT_IPYNB_P_SHIFT;
	if (len == 1 && *op == '|')
		return FMT_IPYNB_P_BOR;
	if (len == 1 && *op == '^')
		return FMT_IPYNB_P_BXOR;
	if (len == 1 && *op == '&')
		return FMT_IPYNB_P_BAND;
	return 0;
}

/* The precedence of the expression in tokens [a, b). */
static int
fmt_ipynb_expr_prec(const struct fmt_ipynb_scan *sc, size_t a, size_t b)
{
	int p = FMT_IPYNB_P_ATOM, q, base = a < b ? sc->t[a].depth : 0;
	bool operand = false;
	size_t i;

	for (i = a; i < b; i++) {
		const struct pytok *t = &sc->t[i];
		const char *s = sc->src + t->off;

		if (fmt_ipynb_tok_trivia(t))
			continue;
		if (t->depth != base) {
			operand = true;
			continue;
		}
		q = FMT_IPYNB_P_ATOM;
		if (fmt_ipynb_tok_open(sc, i)) {
			operand = false;
			continue;
		}
		if (fmt_ipynb_tok_close(sc, i)) {
			operand = true;
			continue;
		}
		if (t->type == PYTOK_NAME) {
			if (fmt_ipynb_tok_is(sc, i, "lambda") ||
			    fmt_ipynb_tok_is(sc, i, "if"))
				q = FMT_IPYNB_P_TEST;
			else if (fmt_ipynb_tok_is(sc, i, "yield"))
				q = FMT_IPYNB_P_YIELD;
			else if (fmt_ipynb_tok_is(sc, i, "or"))
				q = FMT_IPYNB_P_OR;
			else if (fmt_ipynb_tok_is(sc, i, "and"))
				q = FMT_IPYNB_P_AND;
			else if (fmt_ipynb_tok_is(sc, i, "not"))
				q = operand ? FMT_IPYNB_P_CMP : FMT_IPYNB_P_NOT;
			else if (fmt_ipynb_tok_is(sc, i, "in") ||
			    fmt_ipynb_tok_is(sc, i, "is"))
				q = FMT_IPYNB_P_CMP;
			else if (fmt_ipynb_tok_is(sc, i, "await"))
				q = FMT_IPYNB_P_AWAIT;
			else {
				operand = true;
				continue;
			}
			operand = false;
		} else if (t->type == PYTOK_OP) {
			if (fmt_ipynb_tok_is(sc, i, ",") ||
			    fmt_ipynb_tok_is(sc, i, ":="))
				q = FMT_IPYNB_P_TUPLE;
			else if (fmt_ipynb_tok_is(sc, i, ".")) {
				operand = false;
				continue;
			} else if (fmt_ipynb_tok_is(sc, i, "<") ||
			    fmt_ipynb_tok_is(sc, i, ">") ||
			    fmt_ipynb_tok_is(sc, i, "==") ||
			    fmt_ipynb_tok_is(sc, i, ">=") ||
			    fmt_ipynb_tok_is(sc, i, "<=") ||
			    fmt_ipynb_tok_is(sc, i, "!="))
				q = FMT_IPYNB_P_CMP;
			else if (!operand && (fmt_ipynb_tok_is(sc, i, "-") ||
			    fmt_ipynb_tok_is(sc, i, "+") ||
			    fmt_ipynb_tok_is(sc, i, "~")))
				q = FMT_IPYNB_P_FACTOR;
			else if ((q = fmt_ipynb_binop_prec(s, t->len)) == 0)
				q = FMT_IPYNB_P_TUPLE;
			operand = false;
		} else {
			operand = true;
			continue;
		}
		if (q < p)
			p = q;
	}
	return p;
}

/*
 * marimo's _transform_aug_assign: "x += v" becomes "x = x + v", so that
 * the renaming below can give the new binding its own name. Only plain
 * names are rewritten (see the top of this file).
 */
static void
fmt_ipynb_aug_cell(struct buf *src)
{
	struct fmt_ipynb_scan sc;
	struct buf out = BUF_INIT;
	size_t i, pv, op, vs, e, last, pos = 0;
	bool changed = false;
	int p, need;

	if (fmt_ipynb_scan(&sc, src->ptr, src->len) < 0)
		return;
	for (i = 0; i < sc.ntok; i++) {
		if (!fmt_ipynb_tok_name(&sc, i) || sc.t[i].depth != 0)
			continue;
		pv = fmt_ipynb_prev(&sc, i);
		if (pv != SIZE_MAX && sc.t[pv].type != PYTOK_NEWLINE &&
		    sc.t[pv].type != PYTOK_INDENT &&
		    sc.t[pv].type != PYTOK_DEDENT &&
		    !fmt_ipynb_tok_is(&sc, pv, ";"))
			continue;
		op = fmt_ipynb_next(&sc, i);
		if (!fmt_ipynb_aug_op(&sc, op))
			continue;
		for (e = op + 1; e < sc.ntok && sc.t[e].type != PYTOK_NEWLINE &&
		    sc.t[e].type != PYTOK_ENDMARKER &&
		    !(sc.t[e].depth == 0 && fmt_ipynb_tok_is(&sc, e, ";")); e++)
			;
		vs = fmt_ipynb_next(&sc, op);
		last = e;
		while (last > vs && fmt_ipynb_tok_trivia(&sc.t[last - 1]))
			last--;
		if (last <= vs)
			continue;
		p = fmt_ipynb_expr_prec(&sc, vs, last);
		need = fmt_ipynb_binop_prec(src->ptr + sc.t[op].off,
		    sc.t[op].len - 1);
		if (need != FMT_IPYNB_P_POWER)
			need++;
		buf_add(&out, src->ptr + pos, sc.t[i].off - pos);
		buf_add(&out, src->ptr + sc.t[i].off, sc.t[i].len);
		buf_adds(&out, " = ");
		buf_add(&out, src->ptr + sc.t[i].off, sc.t[i].len);
		buf_addc(&out, ' ');
		buf_add(&out, src->ptr + sc.t[op].off, sc.t[op].len - 1);
		buf_addc(&out, ' ');
		if (p < need)
			buf_addc(&out, '(');
		buf_add(&out, src->ptr + sc.t[vs].off,
		    sc.t[last - 1].off + sc.t[last - 1].len - sc.t[vs].off);
		if (p < need)
			buf_addc(&out, ')');
		pos = sc.t[last - 1].off + sc.t[last - 1].len;
		changed = true;
		i = e;
	}
	if (changed) {
		buf_add(&out, src->ptr + pos, src->len - pos);
		fmt_ipynb_buf_set(src, out.ptr, out.len);
	}
	buf_release(&out);
	fmt_ipynb_scan_free(&sc);
}

/*
 * Duplicate imports (marimo's transform_remove_duplicate_imports): an
 * import of a name an earlier cell defined is dropped; a name imported
 * twice in one cell keeps its first import statement.
 */

struct fmt_ipynb_alias {
	size_t a, b;		/* its tokens [a, b) */
	char *cmp;		/* the "as" name, or the dotted name */
	size_t stmt;
	bool removed;
};

struct fmt_ipynb_import {
	size_t s, e;		/* first token; its NEWLINE or ";" */
	size_t last;		/* last token before a trailing comment */
	size_t mod_a, mod_b;	/* from: the module's tokens */
	bool from;
	size_t nalias, nremoved;
};

static void
fmt_ipynb_dedup_cell(struct buf *src, struct fmt_ipynb_strv *imports,
    const struct ana_cell *ac)
{
	struct fmt_ipynb_scan sc;
	struct fmt_ipynb_import *st = NULL;
	struct fmt_ipynb_alias *al = NULL;
	struct fmt_ipynb_strv done = { 0 };
	struct buf out = BUF_INIT;
	size_t nst = 0, nal = 0, i, j, k, pv, e, pos = 0;
	bool changed = false, keep_one;

	if (fmt_ipynb_scan(&sc, src->ptr, src->len) < 0)
		goto defs;
	for (i = 0; i < sc.ntok; i++) {
		bool from;

		if (sc.scope[i] != -1 || sc.t[i].depth != 0)
			continue;
		from = fmt_ipynb_tok_is(&sc, i, "from");
		if (!from && !fmt_ipynb_tok_is(&sc, i, "import"))
			continue;
		pv = fmt_ipynb_prev(&sc, i);
		if (pv != SIZE_MAX && sc.t[pv].type != PYTOK_NEWLINE &&
		    sc.t[pv].type != PYTOK_INDENT &&
		    sc.t[pv].type != PYTOK_DEDENT &&
		    !fmt_ipynb_tok_is(&sc, pv, ";") &&
		    !fmt_ipynb_tok_is(&sc, pv, ":"))
			continue;
		for (e = i; e < sc.ntok && sc.t[e].type != PYTOK_NEWLINE &&
		    sc.t[e].type != PYTOK_ENDMARKER &&
		    !(sc.t[e].depth == 0 && fmt_ipynb_tok_is(&sc, e, ";")); e++)
			;
		st = xreallocarray(st, nst + 1, sizeof *st);
		memset(&st[nst], 0, sizeof st[nst]);
		st[nst].s = i;
		st[nst].e = e;
		st[nst].from = from;
		st[nst].last = e;
		while (st[nst].last > i &&
		    fmt_ipynb_tok_trivia(&sc.t[st[nst].last - 1]))
			st[nst].last--;
		j = i + 1;
		if (from) {
			st[nst].mod_a = j;
			while (j < e && !fmt_ipynb_tok_is(&sc, j, "import"))
				j++;
			st[nst].mod_b = j;
			j++;
		}
		/* Aliases separated by "," (parentheses in "from" skipped). */
		while (j < e) {
			struct buf cmp = BUF_INIT;
			size_t a;

			while (j < e && (fmt_ipynb_tok_is(&sc, j, "(") ||
			    fmt_ipynb_tok_is(&sc, j, ",") ||
			    fmt_ipynb_tok_trivia(&sc.t[j])))
				j++;
			if (j >= e || fmt_ipynb_tok_is(&sc, j, ")"))
				break;
			a = j;
			while (j < e && !fmt_ipynb_tok_is(&sc, j, ",") &&
			    !fmt_ipynb_tok_is(&sc, j, ")") &&
			    !fmt_ipynb_tok_trivia(&sc.t[j])) {
				if (fmt_ipynb_tok_is(&sc, j, "as")) {
					buf_reset(&cmp);
					j++;
					continue;
				}
				buf_add(&cmp, sc.src + sc.t[j].off, sc.t[j].len);
				j++;
			}
			al = xreallocarray(al, nal + 1, sizeof *al);
			al[nal].a = a;
			al[nal].b = j;
			al[nal].cmp = buf_detach(&cmp, NULL);
			al[nal].stmt = nst;
			al[nal].removed = false;
			nal++;
			st[nst].nalias++;
		}
		nst++;
		i = e;
	}
	for (i = 0; i < nal; i++) {
		const char *v = al[i].cmp;
		size_t count = 0, restored = SIZE_MAX;

		if (fmt_ipynb_strv_has(&done, v) || strchr(v, '.') != NULL ||
		    v[0] == '_')
			continue;
		fmt_ipynb_strv_add(&done, v, strlen(v));
		for (j = i; j < nal; j++)
			if (strcmp(al[j].cmp, v) == 0 && !al[j].removed)
				count++;
		keep_one = !fmt_ipynb_strv_has(imports, v);
		if (keep_one && count < 2)
			continue;
		for (j = i; j < nal; j++) {
			if (strcmp(al[j].cmp, v) != 0 || al[j].removed)
				continue;
			al[j].removed = true;
			st[al[j].stmt].nremoved++;
			changed = true;
		}
		if (!keep_one)
			continue;
		/* The first statement emptied by this pass keeps its names. */
		for (j = i; j < nal && restored == SIZE_MAX; j++)
			if (strcmp(al[j].cmp, v) == 0 &&
			    st[al[j].stmt].nremoved == st[al[j].stmt].nalias)
				restored = al[j].stmt;
		for (j = i; j < nal && restored != SIZE_MAX; j++)
			if (al[j].stmt == restored && al[j].removed &&
			    strcmp(al[j].cmp, v) == 0) {
				al[j].removed = false;
				st[restored].nremoved--;
			}
	}
	if (!changed)
		goto defs;
	for (k = 0; k < nst; k++) {
		const struct pytok *s = &sc.t[st[k].s];
		const struct pytok *l = &sc.t[st[k].last - 1];
		bool whole, first = true;

		if (st[k].nremoved == 0)
			continue;
		pv = fmt_ipynb_prev(&sc, st[k].s);
		whole = (pv == SIZE_MAX || sc.t[pv].type == PYTOK_NEWLINE ||
		    sc.t[pv].type == PYTOK_INDENT ||
		    sc.t[pv].type == PYTOK_DEDENT) &&
		    sc.t[st[k].e].type != PYTOK_OP;
		if (st[k].nremoved == st[k].nalias && whole && s->col == 0) {
			/* Drop the whole line(s), with the line break. */
			size_t end = sc.t[st[k].e].off + sc.t[st[k].e].len;

			buf_add(&out, src->ptr + pos, s->off - pos);
			if (end < src->len && src->ptr[end] == '\n')
				end++;
			else if (end >= src->len && out.len > 0 &&
			    out.ptr[out.len - 1] == '\n')
				buf_truncate(&out, out.len - 1);
			pos = end > src->len ? src->len : end;
			continue;
		}
		buf_add(&out, src->ptr + pos, s->off - pos);
		pos = l->off + l->len;
		if (st[k].nremoved == st[k].nalias) {
			buf_adds(&out, "pass");
			continue;
		}
		if (st[k].from) {
			buf_adds(&out, "from ");
			buf_add(&out, src->ptr + sc.t[st[k].mod_a].off,
			    sc.t[st[k].mod_b - 1].off + sc.t[st[k].mod_b - 1].len -
			    sc.t[st[k].mod_a].off);
			buf_adds(&out, " import ");
		} else
			buf_adds(&out, "import ");
		for (j = 0; j < nal; j++) {
			if (al[j].stmt != k || al[j].removed)
				continue;
			if (!first)
				buf_adds(&out, ", ");
			first = false;
			buf_add(&out, src->ptr + sc.t[al[j].a].off,
			    sc.t[al[j].b - 1].off + sc.t[al[j].b - 1].len -
			    sc.t[al[j].a].off);
		}
	}
	buf_add(&out, src->ptr + pos, src->len - pos);
	fmt_ipynb_buf_set(src, out.ptr, out.len);
defs:
	if (sc.t != NULL)
		fmt_ipynb_scan_free(&sc);
	for (i = 0; i < nal; i++)
		free(al[i].cmp);
	free(al);
	free(st);
	buf_release(&out);
	fmt_ipynb_strv_release(&done);
	/* Every name the cell defines counts as imported for later cells. */
	for (i = 0; ac != NULL && i < ac->defs.n; i++)
		if (!fmt_ipynb_strv_has(imports, ac->defs.v[i]))
			fmt_ipynb_strv_add(imports, ac->defs.v[i],
			    strlen(ac->defs.v[i]));
}

/*
 * Names defined by several cells. First marimo's fix-up: a name that no
 * cell reads becomes private to each cell (x -> _x). Then every later
 * definition gets a fresh name (x -> x_1, x_2, ...) and the cells after
 * it read that name: the notebook was written to run top to bottom.
 */

static void
fmt_ipynb_fixup_private(struct fmt_ipynb_conv *cv)
{
	const struct ana_cell **ac;
	struct fmt_ipynb_ren *ren = NULL;
	struct fmt_ipynb_strv seen = { 0 }, newnames = { 0 };
	size_t i, j, k, nren = 0, count;
	bool read;

	if (cv->ana == NULL || cv->n == 0)
		return;
	ac = xcalloc(cv->n, sizeof *ac);
	for (i = 0; i < cv->n; i++) {
		ac[i] = ana_cell(cv->ana, cv->v[i].src.ptr, cv->v[i].src.len);
		if (ac[i] == NULL || !ac[i]->parses)
			goto done;
	}
	for (i = 0; i < cv->n; i++) {
		for (j = 0; j < ac[i]->defs.n; j++) {
			const char *name = ac[i]->defs.v[j];

			if (fmt_ipynb_strv_has(&seen, name))
				continue;
			fmt_ipynb_strv_add(&seen, name, strlen(name));
			count = 0;
			read = false;
			for (k = 0; k < cv->n; k++) {
				if (ana_names_has(&ac[k]->defs, name))
					count++;
				if (ana_names_has(&ac[k]->refs, name))
					read = true;
			}
			if (count < 2 || read)
				continue;
			ren = xreallocarray(ren, nren + 1, sizeof *ren);
			ren[nren].name = name;
			fmt_ipynb_strv_add(&newnames, "_", 1);
			free(newnames.v[newnames.n - 1]);
			newnames.v[newnames.n - 1] = xasprintf("_%s", name);
			ren[nren].before = ren[nren].after =
			    newnames.v[newnames.n - 1];
			nren++;
		}
	}
	for (i = 0; i < cv->n && nren > 0; i++)
		fmt_ipynb_rename(&cv->v[i].src, ren, nren);
done:
	free(ren);
	free(ac);
	fmt_ipynb_strv_release(&seen);
	fmt_ipynb_strv_release(&newnames);
}

struct fmt_ipynb_mapping {
	size_t cell;
	const char *name;	/* borrowed from the analyzer */
	char *to;
};

/* The newest mapping of name among cells before `before`, or NULL. */
static const char *
fmt_ipynb_mapping_find(const struct fmt_ipynb_mapping *m, size_t n,
    const char *name, size_t before)
{
	const char *to = NULL;
	size_t best = 0, i;

	for (i = 0; i < n; i++)
		if (m[i].cell < before && strcmp(m[i].name, name) == 0 &&
		    (to == NULL || m[i].cell >= best)) {
			to = m[i].to;
			best = m[i].cell;
		}
	return to;
}

static void
fmt_ipynb_rename_duplicates(struct fmt_ipynb_conv *cv)
{
	const struct ana_cell **ac;
	struct fmt_ipynb_mapping *map = NULL;
	struct fmt_ipynb_strv all = { 0 }, fresh = { 0 }, dups = { 0 };
	struct fmt_ipynb_ren *ren = NULL;
	size_t i, j, k, nmap = 0, nth, counter, nren;
	char *cand;

	if (cv->ana == NULL || cv->n == 0)
		return;
	ac = xcalloc(cv->n, sizeof *ac);
	for (i = 0; i < cv->n; i++) {
		ac[i] = ana_cell(cv->ana, cv->v[i].src.ptr, cv->v[i].src.len);
		if (ac[i] != NULL && !ac[i]->parses)
			ac[i] = NULL;
	}
	/* Names in order of their first definition. */
	for (i = 0; i < cv->n; i++)
		for (j = 0; ac[i] != NULL && j < ac[i]->defs.n; j++)
			if (!fmt_ipynb_strv_has(&all, ac[i]->defs.v[j]))
				fmt_ipynb_strv_add(&all, ac[i]->defs.v[j],
				    strlen(ac[i]->defs.v[j]));
	for (k = 0; k < all.n; k++) {
		nth = 0;
		for (i = 0; i < cv->n; i++) {
			if (ac[i] == NULL ||
			    !ana_names_has(&ac[i]->defs, all.v[k]))
				continue;
			if (nth++ == 0)
				continue;
			counter = nth - 1;
			for (;;) {
				cand = xasprintf("%s_%zu", all.v[k], counter);
				if (!fmt_ipynb_strv_has(&all, cand) &&
				    !fmt_ipynb_strv_has(&fresh, cand))
					break;
				free(cand);
				counter++;
			}
			fmt_ipynb_strv_add(&fresh, cand, strlen(cand));
			map = xreallocarray(map, nmap + 1, sizeof *map);
			map[nmap].cell = i;
			map[nmap].name = all.v[k];
			map[nmap].to = cand;
			nmap++;
		}
		if (nth > 1)
			fmt_ipynb_strv_add(&dups, all.v[k], strlen(all.v[k]));
	}
	if (nmap == 0)
		goto done;
	/* The analyzer's results stay valid; the sources are about to
	 * change, so keep nothing that points into them. */
	for (i = 0; i < cv->n; i++)
		if (ac[i] != NULL)
			fmt_ipynb_aug_cell(&cv->v[i].src);
	ren = xcalloc(dups.n, sizeof *ren);
	for (i = 0; i < cv->n; i++) {
		if (ac[i] == NULL)
			continue;
		nren = 0;
		for (k = 0; k < dups.n; k++) {
			const char *before, *after;

			before = fmt_ipynb_mapping_find(map, nmap, dups.v[k], i);
			after = fmt_ipynb_mapping_find(map, nmap, dups.v[k],
			    i + 1);
			if (before == NULL && after == NULL)
				continue;
			ren[nren].name = dups.v[k];
			ren[nren].before = before;
			ren[nren].after = after;
			nren++;
		}
		fmt_ipynb_rename(&cv->v[i].src, ren, nren);
	}
done:
	for (i = 0; i < nmap; i++)
		free(map[i].to);
	free(map);
	free(ren);
	free(ac);
	fmt_ipynb_strv_release(&all);
	fmt_ipynb_strv_release(&dups);
	fmt_ipynb_strv_release(&fresh);
}

/*
 * PEP 723 blocks and "!pip install" packages.
 */

/* Find the first "# /// TYPE" ... "# ///" block (marimo's regex, with
 * its greedy body: the block ends at the last "# ///" of the run of
 * comment lines). Sets [*a, *b) and returns true when found. */
static bool
fmt_ipynb_pep723_find(const char *s, size_t len, size_t *a, size_t *b)
{
	size_t i = 0, j, k, end, closing;

	while (i < len) {
		end = i;
		while (end < len && s[end] != '\n')
			end++;
		if (end - i > 8 && memcmp(s + i, "# /// ", 6) == 0 &&
		    end < len) {
			for (k = i + 6; k < end && ((s[k] >= 'a' && s[k] <= 'z') ||
			    (s[k] >= 'A' && s[k] <= 'Z') ||
			    (s[k] >= '0' && s[k] <= '9') || s[k] == '-'); k++)
				;
			if (k == end) {
				/* Run of "#" / "# ..." lines after it. */
				closing = SIZE_MAX;
				j = end + 1;
				while (j < len && s[j] == '#' && (j + 1 >= len ||
				    s[j + 1] == '\n' || s[j + 1] == ' ')) {
					size_t le = j;

					while (le < len && s[le] != '\n')
						le++;
					if (le - j == 5 &&
					    memcmp(s + j, "# ///", 5) == 0 &&
					    j > end + 1)
						closing = le;
					if (le >= len)
						break;
					j = le + 1;
				}
				if (closing != SIZE_MAX) {
					*a = i;
					*b = closing;
					return true;
				}
			}
		}
		i = end + 1;
	}
	return false;
}

/* PEP 503 name of a requirement: "Foo_Bar[x]>=1" -> "foo-bar". */
static char *
fmt_ipynb_pkg_name(const char *pkg)
{
	struct buf b = BUF_INIT;
	const char *at = strstr(pkg, " @ "), *p, *e;
	bool dash = false;

	e = at ? at : pkg + strcspn(pkg, "=<>~[");
	p = pkg;
	while (p < e && fmt_ipynb_is_space((unsigned char)*p))
		p++;
	while (e > p && fmt_ipynb_is_space((unsigned char)e[-1]))
		e--;
	for (; p < e; p++) {
		char c = *p;

		if (c == '-' || c == '_' || c == '.') {
			dash = true;
			continue;
		}
		if (dash)
			buf_addc(&b, '-');
		dash = false;
		buf_addc(&b, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
	}
	if (dash)
		buf_addc(&b, '-');
	return buf_detach(&b, NULL);
}

/* marimo's package list when uv is absent: one entry per normalised
 * name (a "name @ url" keeps its url), sorted. */
static void
fmt_ipynb_pkg_resolve(struct fmt_ipynb_strv *out,
    const struct fmt_ipynb_strv *pkgs)
{
	struct fmt_ipynb_strv names = { 0 };
	size_t i, k;

	for (i = 0; i < pkgs->n; i++) {
		char *name = fmt_ipynb_pkg_name(pkgs->v[i]);
		const char *spec = strstr(pkgs->v[i], " @ ") ? pkgs->v[i] :
		    name;

		for (k = 0; k < names.n; k++)
			if (strcmp(names.v[k], name) == 0)
				break;
		if (k < names.n) {
			free(out->v[k]);
			out->v[k] = xstrdup(spec);
		} else {
			fmt_ipynb_strv_add(&names, name, strlen(name));
			fmt_ipynb_strv_add(out, spec, strlen(spec));
		}
		free(name);
	}
	fmt_ipynb_strv_release(&names);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, fmt_ipynb_strcmp_p);
}

static void
fmt_ipynb_toml_list(struct buf *out, const struct fmt_ipynb_strv *v)
{
	size_t i;
	const char *p;

	buf_adds(out, "# dependencies = [");
	for (i = 0; i < v->n; i++) {
		if (i > 0)
			buf_adds(out, ", ");
		buf_addc(out, '"');
		for (p = v->v[i]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(out, '\\');
			buf_addc(out, *p);
		}
		buf_addc(out, '"');
	}
	buf_addc(out, ']');
}

/*
 * header with the packages merged into its PEP 723 block (a new block
 * when it has none). The block's other lines are kept; its dependencies
 * become one sorted line.
 */
static void
fmt_ipynb_header_merge(struct buf *out, const char *header, size_t hlen,
    const struct fmt_ipynb_strv *pip)
{
	struct fmt_ipynb_strv deps = { 0 }, all = { 0 };
	size_t a, b, i, le, j;
	const char *s;
	bool placed = false;

	if (pip->n == 0) {
		buf_add(out, header, hlen);
		return;
	}
	if (!fmt_ipynb_pep723_find(header, hlen, &a, &b)) {
		fmt_ipynb_pkg_resolve(&all, pip);
		s = header;
		fmt_ipynb_strip(&s, &hlen);
		if (hlen > 0) {
			buf_add(out, s, hlen);
			buf_addc(out, '\n');
		}
		buf_adds(out, "# /// script\n");
		fmt_ipynb_toml_list(out, &all);
		buf_adds(out, "\n# ///");
		fmt_ipynb_strv_release(&all);
		return;
	}
	/* Existing dependencies: the quoted strings up to the "]". */
	for (i = a; i < b; i = le + 1) {
		for (le = i; le < b && header[le] != '\n'; le++)
			;
		if (le - i > 2 && fmt_ipynb_starts(header + i + 2, le - i - 2,
		    "dependencies")) {
			for (j = i; j < b && header[j] != ']'; j++) {
				char q = header[j];
				size_t k = j + 1;

				if (q != '"' && q != '\'')
					continue;
				while (k < b && header[k] != q)
					k++;
				fmt_ipynb_strv_add(&deps, header + j + 1,
				    k - j - 1);
				j = k;
			}
			break;
		}
		if (le >= b)
			break;
	}
	for (i = 0; i < pip->n; i++)
		fmt_ipynb_strv_add(&deps, pip->v[i], strlen(pip->v[i]));
	fmt_ipynb_pkg_resolve(&all, &deps);
	buf_add(out, header, a);
	for (i = a; i < b; i = le + 1) {
		for (le = i; le < b && header[le] != '\n'; le++)
			;
		s = header + i;
		if (le - i > 2 && fmt_ipynb_starts(s + 2, le - i - 2,
		    "dependencies")) {
			bool open = memchr(s, ']', le - i) == NULL;

			while (open && le < b) {
				i = le + 1;
				for (le = i; le < b && header[le] != '\n'; le++)
					;
				open = memchr(header + i, ']', le - i) == NULL;
			}
			fmt_ipynb_toml_list(out, &all);
			buf_addc(out, '\n');
			placed = true;
		} else if (le == b && !placed) {
			fmt_ipynb_toml_list(out, &all);
			buf_addc(out, '\n');
			buf_add(out, s, le - i);
		} else {
			buf_add(out, s, le - i);
			if (le < b)
				buf_addc(out, '\n');
		}
		if (le >= b)
			break;
	}
	buf_add(out, header + b, hlen - b);
	fmt_ipynb_strv_release(&deps);
	fmt_ipynb_strv_release(&all);
}

static int
fmt_ipynb_size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * marimo's _strip_paragraph_tags: bare <p> ... </p> around Jupyter
 * markdown (outside fenced code) is dropped, the </p> leaving a line
 * break; then runs of three or more line breaks shrink to two and the
 * text is stripped (always, tags or not).
 */
static void
fmt_ipynb_strip_p(struct buf *out, const char *s, size_t len)
{
	struct buf tmp = BUF_INIT;
	size_t *prot = NULL, nprot = 0, i, le, k, fence_len = 0, block = 0;
	size_t *stack = NULL, nstack = 0, *rm = NULL, nrm = 0;
	bool *rm_close = NULL;
	char fence = 0;
	const char *t;
	size_t tl, nl;

	/* Fenced code spans, as [start, end) pairs. */
	for (i = 0; i <= len; i = le + 1) {
		for (le = i; le < len && s[le] != '\n'; le++)
			;
		if (fence == 0) {
			if (le - i >= 3 && (s[i] == '`' || s[i] == '~')) {
				for (k = i; k < le && s[k] == s[i]; k++)
					;
				if (k - i >= 3) {
					fence = s[i];
					fence_len = k - i;
					block = i;
				}
			}
		} else {
			t = s + i;
			tl = le - i;
			fmt_ipynb_strip(&t, &tl);
			for (k = 0; k < tl && t[k] == fence; k++)
				;
			if (tl >= fence_len && k == tl) {
				prot = xreallocarray(prot, nprot + 2,
				    sizeof *prot);
				prot[nprot++] = block;
				prot[nprot++] = le;
				fence = 0;
			}
		}
		if (le >= len)
			break;
	}
	/* Pair <p ...> with </p>; remove pairs whose opener is bare. */
	stack = xcalloc(len / 3 + 1, sizeof *stack);
	for (i = 0; i + 2 < len + 1 && i < len; i++) {
		bool inside = false;

		if (s[i] != '<')
			continue;
		for (k = 0; k < nprot; k += 2)
			if (prot[k] <= i && i < prot[k + 1])
				inside = true;
		if (i + 1 < len && (s[i + 1] == 'p' || s[i + 1] == 'P')) {
			/* <p> or <p\s*> (bare), <p\s[^>]*> (with attrs). */
			k = i + 2;
			if (k < len && s[k] == '>') {
				if (!inside)
					stack[nstack++] = i << 1 | 1;
				continue;
			}
			if (k < len && fmt_ipynb_is_space((unsigned char)s[k])) {
				bool bare = true;

				while (k < len && s[k] != '>') {
					if (!fmt_ipynb_is_space((unsigned char)s[k]))
						bare = false;
					k++;
				}
				if (k < len && !inside)
					stack[nstack++] = i << 1 | (bare ? 1 : 0);
			}
			continue;
		}
		if (i + 3 < len && s[i + 1] == '/' && (s[i + 2] == 'p' ||
		    s[i + 2] == 'P') && s[i + 3] == '>' && !inside &&
		    nstack > 0) {
			size_t open = stack[--nstack];

			if (open & 1) {
				rm = xreallocarray(rm, nrm + 2, sizeof *rm);
				rm_close = xreallocarray(rm_close, nrm + 2,
				    sizeof *rm_close);
				rm[nrm] = open >> 1;
				rm_close[nrm++] = false;
				rm[nrm] = i;
				rm_close[nrm++] = true;
			}
		}
	}
	/* Sort the edits by position (encoded as pos << 1 | close). */
	for (k = 0; k < nrm; k++)
		rm[k] = rm[k] << 1 | (rm_close[k] ? 1 : 0);
	if (nrm > 1)
		qsort(rm, nrm, sizeof *rm, fmt_ipynb_size_cmp);
	for (k = 0; k < nrm; k++) {
		rm_close[k] = rm[k] & 1;
		rm[k] >>= 1;
	}
	for (i = 0, k = 0; k < nrm; k++) {
		buf_add(&tmp, s + i, rm[k] - i);
		if (rm_close[k]) {
			buf_addc(&tmp, '\n');
			i = rm[k] + 4;
		} else {
			i = rm[k] + 2;
			while (s[i] != '>')
				i++;
			i++;
		}
	}
	buf_add(&tmp, s + i, len - i);
	t = tmp.ptr;
	tl = tmp.len;
	fmt_ipynb_strip(&t, &tl);
	for (i = 0; i < tl; i++) {
		if (t[i] != '\n') {
			buf_addc(out, t[i]);
			continue;
		}
		for (nl = 0; i + nl < tl && t[i + nl] == '\n'; nl++)
			;
		buf_add(out, "\n\n", nl >= 3 ? 2 : nl);
		i += nl - 1;
	}
	buf_release(&tmp);
	free(prot);
	free(stack);
	free(rm);
	free(rm_close);
}

/*
 * Reading the JSON: every field is checked before use, and a field of the
 * wrong type is an error naming the file and the field.
 */

static int
fmt_ipynb_bad(const char *path, const char *field, const char *want)
{
	err_set("%s: %s: expected %s", path, field, want);
	return -1;
}

static const char *
fmt_ipynb_json_str(json_t *o, const char *key)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool
fmt_ipynb_md_prefix_ok(const char *p)
{
	size_t n = strlen(p), i;

	for (i = 0; i < n; i++)
		if (strchr("rRfFtTuUbB", p[i]) == NULL)
			return false;
	return n <= 2;
}

/* Check one cell's metadata; field is "cells[i].metadata". */
int
fmt_ipynb_check_meta(const char *path, json_t *meta, const char *field)
{
	json_t *v, *m, *cfg;
	const char *key;
	size_t i;
	char *f;
	int rc = -1;

	if (meta == NULL || json_is_null(meta))
		return 0;
	if (!json_is_object(meta))
		return fmt_ipynb_bad(path, field, "an object");
	f = NULL;
	v = json_object_get(meta, "tags");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_array(v)) {
			f = xasprintf("%s.tags", field);
			fmt_ipynb_bad(path, f, "a list of strings");
			goto done;
		}
		for (i = 0; i < json_array_size(v); i++)
			if (!json_is_string(json_array_get(v, i))) {
				f = xasprintf("%s.tags[%zu]", field, i);
				fmt_ipynb_bad(path, f, "a string");
				goto done;
			}
	}
	v = json_object_get(meta, "jupyter");
	if (v != NULL && !json_is_null(v) && !json_is_object(v)) {
		f = xasprintf("%s.jupyter", field);
		fmt_ipynb_bad(path, f, "an object");
		goto done;
	}
	m = json_object_get(meta, "marimo");
	if (m == NULL || json_is_null(m)) {
		rc = 0;
		goto done;
	}
	if (!json_is_object(m)) {
		f = xasprintf("%s.marimo", field);
		fmt_ipynb_bad(path, f, "an object");
		goto done;
	}
	json_object_foreach(m, key, v) {
		if ((strcmp(key, "name") == 0 || strcmp(key, "md_prefix") == 0) &&
		    !json_is_string(v)) {
			f = xasprintf("%s.marimo.%s", field, key);
			fmt_ipynb_bad(path, f, "a string");
			goto done;
		}
	}
	key = fmt_ipynb_json_str(m, "md_prefix");
	if (key != NULL && !fmt_ipynb_md_prefix_ok(key)) {
		err_set("%s: %s.marimo.md_prefix: \"%s\" is not a string prefix",
		    path, field, key);
		goto done;
	}
	cfg = json_object_get(m, "config");
	if (cfg != NULL && !json_is_null(cfg)) {
		if (!json_is_object(cfg)) {
			f = xasprintf("%s.marimo.config", field);
			fmt_ipynb_bad(path, f, "an object");
			goto done;
		}
		json_object_foreach(cfg, key, v) {
			if ((strcmp(key, "hide_code") == 0 ||
			    strcmp(key, "disabled") == 0) && !json_is_boolean(v)) {
				f = xasprintf("%s.marimo.config.%s", field, key);
				fmt_ipynb_bad(path, f, "true or false");
				goto done;
			}
			if (strcmp(key, "column") == 0 && !json_is_null(v) &&
			    (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 10000)) {
				f = xasprintf("%s.marimo.config.column", field);
				fmt_ipynb_bad(path, f,
				    "a column number (0 to 10000) or null");
				goto done;
			}
		}
	}
	rc = 0;
done:
	free(f);
	return rc;
}

/* App options from metadata.marimo.app_config. */
static int
fmt_ipynb_app_config(struct nb *nb, const char *path, json_t *cfg)
{
	static const char *const strkeys[] = { "width", "app_title",
	    "layout_file", "css_file", "html_head_file", "sql_output" };
	struct nb_app_options *o = nb_app_options(nb);
	char **slot[sizeof strkeys / sizeof strkeys[0]];
	const char *key;
	json_t *v;
	size_t k, i;

	if (cfg == NULL || json_is_null(cfg))
		return 0;
	if (!json_is_object(cfg))
		return fmt_ipynb_bad(path, "metadata.marimo.app_config",
		    "an object");
	slot[0] = &o->width;
	slot[1] = &o->app_title;
	slot[2] = &o->layout_file;
	slot[3] = &o->css_file;
	slot[4] = &o->html_head_file;
	slot[5] = &o->sql_output;
	json_object_foreach(cfg, key, v) {
		for (k = 0; k < sizeof strkeys / sizeof strkeys[0]; k++)
			if (strcmp(key, strkeys[k]) == 0)
				break;
		if (k < sizeof strkeys / sizeof strkeys[0]) {
			if (json_is_null(v))
				continue;
			if (!json_is_string(v)) {
				err_set("%s: metadata.marimo.app_config.%s: "
				    "expected a string", path, key);
				return -1;
			}
			free(*slot[k]);
			*slot[k] = xstrdup(json_string_value(v));
		} else if (strcmp(key, "auto_download") == 0) {
			if (!json_is_array(v)) {
				err_set("%s: metadata.marimo.app_config."
				    "auto_download: expected a list of strings",
				    path);
				return -1;
			}
			for (i = 0; i < json_array_size(v); i++)
				if (!json_is_string(json_array_get(v, i))) {
					err_set("%s: metadata.marimo.app_config."
					    "auto_download[%zu]: expected a "
					    "string", path, i);
					return -1;
				}
			for (i = 0; i < o->nauto_download; i++)
				free(o->auto_download[i]);
			free(o->auto_download);
			o->nauto_download = json_array_size(v);
			o->auto_download = xcalloc(o->nauto_download + 1,
			    sizeof *o->auto_download);
			for (i = 0; i < o->nauto_download; i++)
				o->auto_download[i] = xstrdup(
				    json_string_value(json_array_get(v, i)));
		} else
			nb_diag_add(nb, NB_DIAG_WARNING, 0, 0,
			    "unknown app option \"%s\" ignored", key);
	}
	return 0;
}

/* marimo's bind_cell_metadata: tags, hide flags, name and config. */
static void
fmt_ipynb_bind(struct fmt_ipynb_conv *cv, struct nb *nb)
{
	size_t i, k, j;

	for (i = 0; i < cv->n; i++) {
		struct fmt_ipynb_cell *c = &cv->v[i];
		struct fmt_ipynb_strv tags = { 0 };
		json_t *tv, *m, *cfg, *jup, *v;
		bool hide = c->hide, remove_input = false, hidden = false;
		const char *name;
		struct buf src = BUF_INIT;

		c->config = nb_cell_config_default;
		tv = json_is_object(c->meta) ? json_object_get(c->meta, "tags") :
		    NULL;
		for (k = 0; json_is_array(tv) && k < json_array_size(tv); k++) {
			const char *tag = json_string_value(json_array_get(tv,
			    k));

			if (tag == NULL || fmt_ipynb_strv_has(&tags, tag))
				continue;
			if (strcmp(tag, "remove-input") == 0)
				remove_input = true;
			else
				fmt_ipynb_strv_add(&tags, tag, strlen(tag));
		}
		jup = json_is_object(c->meta) ?
		    json_object_get(c->meta, "jupyter") : NULL;
		hidden = json_is_true(json_object_get(jup, "source_hidden"));
		m = json_is_object(c->meta) ? json_object_get(c->meta, "marimo") :
		    NULL;
		cfg = json_is_object(m) ? json_object_get(m, "config") : NULL;
		if (json_is_object(cfg) && (v = json_object_get(cfg,
		    "hide_code")) != NULL)
			hide = json_is_true(v);
		else if (fmt_ipynb_strv_has(&tags, "hide-cell")) {
			for (k = 0; k < tags.n; k++)
				if (strcmp(tags.v[k], "hide-cell") == 0) {
					free(tags.v[k]);
					for (j = k; j + 1 < tags.n; j++)
						tags.v[j] = tags.v[j + 1];
					tags.n--;
					break;
				}
			hide = true;
		} else if (remove_input || hidden)
			hide = true;
		else if (json_is_object(m))
			hide = false;
		c->config.hide_code = hide;
		if (json_is_object(cfg)) {
			v = json_object_get(cfg, "disabled");
			c->config.disabled = json_is_true(v);
			v = json_object_get(cfg, "column");
			if (json_is_integer(v))
				c->config.column = (int)json_integer_value(v);
		}
		name = fmt_ipynb_json_str(m, "name");
		if (name == NULL) {
			/* quire: jupytext's cell title, when it is an
			 * identifier, names the cell (py:percent markers). */
			name = fmt_ipynb_json_str(c->meta, "title");
			if (name != NULL && (cv->ana == NULL ||
			    !ana_is_identifier(cv->ana, name)))
				name = NULL;
		}
		if (name != NULL && name[0] == '*') {
			name++;
			c->derived = true;
		}
		if (name != NULL && strcmp(name, "_") != 0 &&
		    strcmp(name, "__") != 0) {
			if (cv->ana != NULL && !ana_is_identifier(cv->ana, name))
				nb_diag_add(nb, NB_DIAG_WARNING, 0, 0,
				    "cell %zu: name \"%s\" is not a Python "
				    "identifier; ignored", i + 1, name);
			else
				c->name = xstrdup(name);
		}
		if (tags.n > 0) {
			qsort(tags.v, tags.n, sizeof *tags.v,
			    fmt_ipynb_strcmp_p);
			buf_adds(&src, "# Cell tags: ");
			for (k = 0; k < tags.n; k++) {
				if (k > 0)
					buf_adds(&src, ", ");
				buf_adds(&src, tags.v[k]);
			}
			buf_addc(&src, '\n');
			buf_add(&src, c->src.ptr, c->src.len);
			buf_release(&c->src);
			c->src = src;
		}
		fmt_ipynb_strv_release(&tags);
	}
}

/* Does any line (of the stripped cell) satisfy the import test? */
static bool
fmt_ipynb_has_import_line(const struct buf *src, const char *what,
    bool marimo)
{
	const char *s = src->ptr, *p, *e, *nl;
	size_t len = src->len, n;

	if (!fmt_ipynb_contains(s, len, what))
		return false;
	fmt_ipynb_strip(&s, &len);
	for (p = s, e = s + len; p <= e; p = nl + 1) {
		const char *l = p;

		nl = memchr(p, '\n', (size_t)(e - p));
		n = nl ? (size_t)(nl - p) : (size_t)(e - p);
		if (!marimo) {
			fmt_ipynb_strip(&l, &n);
			if (fmt_ipynb_starts(l, n, what))
				return true;
		} else if (fmt_ipynb_starts(l, n, what) ||
		    ((fmt_ipynb_starts(l, n, "import ") ||
		    fmt_ipynb_starts(l, n, "from ")) &&
		    fmt_ipynb_contains(l, n, what)))
			return true;
		if (nl == NULL)
			break;
	}
	return false;
}

static void
fmt_ipynb_prepend(struct fmt_ipynb_conv *cv, const char *code)
{
	if (cv->n == cv->alloc) {
		cv->alloc = cv->alloc ? cv->alloc * 2 : 16;
		cv->v = xreallocarray(cv->v, cv->alloc, sizeof *cv->v);
	}
	memmove(cv->v + 1, cv->v, cv->n * sizeof *cv->v);
	memset(&cv->v[0], 0, sizeof cv->v[0]);
	buf_init(&cv->v[0].src);
	buf_adds(&cv->v[0].src, code);
	cv->v[0].config = nb_cell_config_default;
	cv->n++;
}

static void
fmt_ipynb_add_imports(struct fmt_ipynb_conv *cv)
{
	size_t i;
	bool has = false, uses = false;

	if (cv->needs_subprocess) {
		for (i = 0; i < cv->n && !has; i++)
			has = fmt_ipynb_has_import_line(&cv->v[i].src,
			    "import subprocess", false);
		if (!has)
			fmt_ipynb_prepend(cv, "import subprocess");
	}
	has = false;
	for (i = 0; i < cv->n && !has; i++)
		has = fmt_ipynb_has_import_line(&cv->v[i].src,
		    "import marimo as mo", true);
	for (i = 0; i < cv->n && !has && !uses; i++)
		uses = fmt_ipynb_starts(cv->v[i].src.ptr, cv->v[i].src.len,
		    "mo.md(") || fmt_ipynb_contains(cv->v[i].src.ptr,
		    cv->v[i].src.len, "mo.sql(");
	if (!has && uses)
		fmt_ipynb_prepend(cv, "import marimo as mo");
}

/* The if __name__ == "__main__": rewrite of 7.4. */
static void
fmt_ipynb_main_rewrite(struct buf *src)
{
	static const char pat[] = "if __name__ == \"__main__\":";
	struct buf out = BUF_INIT;
	const char *at = NULL, *b;
	size_t i, n, plen = sizeof pat - 1;

	for (i = 0; i + plen <= src->len; i++)
		if (memcmp(src->ptr + i, pat, plen) == 0) {
			at = src->ptr + i;
			break;
		}
	if (at == NULL)
		return;
	b = src->ptr;
	n = (size_t)(at - src->ptr);
	fmt_ipynb_strip(&b, &n);
	if (n > 0) {
		buf_add(&out, b, n);
		buf_adds(&out, "\n\n");
	}
	buf_adds(&out, "def _main_():");
	buf_add(&out, at + plen, src->len - (size_t)(at - src->ptr) - plen);
	buf_adds(&out, "\n\n_main_()");
	fmt_ipynb_buf_set(src, out.ptr, out.len);
	buf_release(&out);
}

static void
fmt_ipynb_conv_release(struct fmt_ipynb_conv *cv)
{
	size_t i;

	for (i = 0; i < cv->n; i++) {
		buf_release(&cv->v[i].src);
		free(cv->v[i].name);
	}
	free(cv->v);
	fmt_ipynb_strv_release(&cv->pip);
	memset(cv, 0, sizeof *cv);
}

int
fmt_ipynb_import(struct nb **out, const char *path, json_t *root,
    const char *header, bool main_rewrite, struct ana *ana)
{
	struct fmt_ipynb_conv cv;
	struct fmt_ipynb_strv imports = { 0 };
	struct buf src = BUF_INIT, inline_meta = BUF_INIT, hdr = BUF_INIT;
	struct nb *nb = NULL;
	json_t *cells, *meta, *mmeta = NULL, *cell, *v, *part;
	const char *stored = NULL, *type;
	bool have_inline = false, setup_done = false;
	size_t i, k, a, b;
	char *field = NULL;
	int rc = -1;

	memset(&cv, 0, sizeof cv);
	cv.path = path;
	cv.ana = ana;
	nb = nb_new();
	meta = json_object_get(root, "metadata");
	if (meta != NULL && !json_is_null(meta) && !json_is_object(meta)) {
		fmt_ipynb_bad(path, "metadata", "an object");
		goto done;
	}
	mmeta = json_object_get(meta, "marimo");
	if (mmeta != NULL && !json_is_null(mmeta)) {
		if (!json_is_object(mmeta)) {
			fmt_ipynb_bad(path, "metadata.marimo", "an object");
			goto done;
		}
		v = json_object_get(mmeta, "header");
		if (v != NULL && !json_is_null(v) && !json_is_string(v)) {
			fmt_ipynb_bad(path, "metadata.marimo.header", "a string");
			goto done;
		}
		stored = json_string_value(v);
		if (fmt_ipynb_app_config(nb, path, json_object_get(mmeta,
		    "app_config")) < 0)
			goto done;
	}
	cells = json_object_get(root, "cells");
	if (cells == NULL) {
		err_set("%s: cells: missing", path);
		goto done;
	}
	if (!json_is_array(cells)) {
		fmt_ipynb_bad(path, "cells", "a list");
		goto done;
	}
	json_array_foreach(cells, i, cell) {
		bool md;

		free(field);
		field = NULL;
		if (!json_is_object(cell)) {
			field = xasprintf("cells[%zu]", i);
			fmt_ipynb_bad(path, field, "an object");
			goto done;
		}
		v = json_object_get(cell, "cell_type");
		if (v == NULL) {
			err_set("%s: cells[%zu].cell_type: missing", path, i);
			goto done;
		}
		if (!json_is_string(v)) {
			field = xasprintf("cells[%zu].cell_type", i);
			fmt_ipynb_bad(path, field, "a string");
			goto done;
		}
		type = json_string_value(v);
		v = json_object_get(cell, "source");
		if (v == NULL) {
			err_set("%s: cells[%zu].source: missing", path, i);
			goto done;
		}
		buf_reset(&src);
		if (json_is_string(v))
			buf_add(&src, json_string_value(v),
			    json_string_length(v));
		else if (json_is_array(v)) {
			json_array_foreach(v, k, part) {
				if (!json_is_string(part)) {
					field = xasprintf("cells[%zu].source[%zu]",
					    i, k);
					fmt_ipynb_bad(path, field, "a string");
					goto done;
				}
				buf_add(&src, json_string_value(part),
				    json_string_length(part));
				if (src.len > FMT_IPYNB_MAX_SOURCE)
					break;
			}
		} else {
			field = xasprintf("cells[%zu].source", i);
			fmt_ipynb_bad(path, field,
			    "a string or a list of strings");
			goto done;
		}
		if (src.len > FMT_IPYNB_MAX_SOURCE) {
			err_set("%s: cells[%zu].source: cell of more than %u "
			    "bytes", path, i, FMT_IPYNB_MAX_SOURCE);
			goto done;
		}
		field = xasprintf("cells[%zu].metadata", i);
		if (fmt_ipynb_check_meta(path, json_object_get(cell,
		    "metadata"), field) < 0)
			goto done;
		md = strcmp(type, "markdown") == 0;
		if (md) {
			struct buf text = BUF_INIT;
			const char *prefix = fmt_ipynb_json_str(
			    json_object_get(json_object_get(cell, "metadata"),
			    "marimo"), "md_prefix");

			fmt_ipynb_strip_p(&text, src.ptr, src.len);
			buf_reset(&src);
			fmt_markdown_cell_code(&src, text.ptr, text.len,
			    prefix ? prefix : "r");
			buf_release(&text);
		} else if (!have_inline &&
		    fmt_ipynb_pep723_find(src.ptr, src.len, &a, &b)) {
			/* The first PEP 723 block of a code cell moves to
			 * the header; every copy of it leaves the cell. */
			struct buf rest = BUF_INIT;
			const char *r;
			size_t rl, j;

			have_inline = true;
			buf_add(&inline_meta, src.ptr + a, b - a);
			for (j = 0; j < src.len; ) {
				if (j + inline_meta.len <= src.len &&
				    memcmp(src.ptr + j, inline_meta.ptr,
				    inline_meta.len) == 0) {
					j += inline_meta.len;
					continue;
				}
				buf_addc(&rest, src.ptr[j++]);
			}
			r = rest.ptr;
			rl = rest.len;
			fmt_ipynb_strip(&r, &rl);
			fmt_ipynb_buf_set(&src, r, rl);
			buf_release(&rest);
		}
		if (src.len == 0)
			continue;
		if (cv.n == cv.alloc) {
			cv.alloc = cv.alloc ? cv.alloc * 2 : 16;
			cv.v = xreallocarray(cv.v, cv.alloc, sizeof *cv.v);
		}
		memset(&cv.v[cv.n], 0, sizeof cv.v[cv.n]);
		cv.v[cv.n].src = src;
		buf_init(&src);
		v = json_object_get(cell, "metadata");
		cv.v[cv.n].meta = json_is_object(v) ? v : NULL;
		cv.v[cv.n].hide = md;
		cv.n++;
	}
	free(field);
	field = NULL;

	/* The whole-notebook transforms, in marimo's order. */
	for (i = 0; i < cv.n; i++) {
		const char *s = cv.v[i].src.ptr;
		size_t n = cv.v[i].src.len;

		fmt_ipynb_strip(&s, &n);
		fmt_ipynb_buf_set(&cv.v[i].src, s, n);
	}
	for (i = 0; i < cv.n; i++)
		fmt_ipynb_magics_cell(&cv.v[i].src);
	for (i = 0; i < cv.n; i++)
		fmt_ipynb_bang_cell(&cv, &cv.v[i].src);
	for (i = 0; i < cv.n && ana != NULL; i++) {
		const struct ana_cell *ac = ana_cell(ana, cv.v[i].src.ptr,
		    cv.v[i].src.len);

		if (ac != NULL && ac->parses)
			fmt_ipynb_dedup_cell(&cv.v[i].src, &imports, ac);
	}
	fmt_ipynb_fixup_private(&cv);
	fmt_ipynb_rename_duplicates(&cv);
	fmt_ipynb_bind(&cv, nb);
	fmt_ipynb_add_imports(&cv);

	/* The header: marimo's stored one, else the reader's, else the
	 * PEP 723 block found in a cell; "!pip" packages merged in. */
	if (stored != NULL)
		buf_adds(&hdr, stored);
	else {
		if (header != NULL) {
			if (have_inline && !fmt_ipynb_pep723_find(header,
			    strlen(header), &a, &b)) {
				struct buf both = BUF_INIT;
				const char *h = header;
				size_t hl = strlen(header);

				fmt_ipynb_strip(&h, &hl);
				buf_add(&both, h, hl);
				if (hl > 0)
					buf_addc(&both, '\n');
				buf_add(&both, inline_meta.ptr, inline_meta.len);
				fmt_ipynb_header_merge(&hdr, both.ptr, both.len,
				    &cv.pip);
				buf_release(&both);
			} else
				fmt_ipynb_header_merge(&hdr, header,
				    strlen(header), &cv.pip);
		} else
			fmt_ipynb_header_merge(&hdr, inline_meta.ptr,
			    inline_meta.len, &cv.pip);
	}
	if (hdr.len > 0 || stored != NULL)
		nb_set_header(nb, hdr.ptr, hdr.len);

	/* Empty cells go; a notebook keeps at least one cell. */
	for (i = 0; i < cv.n; i++) {
		struct fmt_ipynb_cell *c = &cv.v[i];
		const char *s = c->src.ptr;
		size_t n = c->src.len;
		struct nb_cell *nc;

		fmt_ipynb_strip(&s, &n);
		if (n == 0)
			continue;
		if (main_rewrite)
			fmt_ipynb_main_rewrite(&c->src);
		nc = nb_cell_insert(nb, nb_ncells(nb), c->src.ptr, c->src.len);
		if (c->name != NULL) {
			nb_cell_set_name(nc, c->name);
			nb_cell_set_name_derived(nc, c->derived);
		}
		nb_cell_set_config(nc, c->config);
		if (!fmt_ipynb_parses(ana, c->src.ptr, c->src.len))
			nb_cell_set_kind(nc, NB_CELL_UNPARSABLE);
		else if (!setup_done && c->name != NULL &&
		    strcmp(c->name, "setup") == 0) {
			nb_cell_set_kind(nc, NB_CELL_SETUP);
			nb_cell_move(nb, nb_cell_id(nc), 0);
			setup_done = true;
		}
	}
	if (nb_ncells(nb) == 0)
		nb_cell_insert(nb, 0, "", 0);
	nb_set_load_status(nb, NB_LOAD_VALID);
	nb_set_dirty(nb, false);
	*out = nb;
	nb = NULL;
	rc = 0;
done:
	free(field);
	nb_free(nb);
	fmt_ipynb_conv_release(&cv);
	fmt_ipynb_strv_release(&imports);
	buf_release(&src);
	buf_release(&inline_meta);
	buf_release(&hdr);
	return rc;
}

int
fmt_ipynb_parse(struct nb **out, const char *path, const char *text,
    size_t len, struct ana *ana)
{
	json_error_t jerr;
	json_t *root, *v;
	int rc = -1;

	*out = NULL;
	if (path == NULL)
		path = "<ipynb>";
	root = json_loadb(text, len, 0, &jerr);
	if (root == NULL) {
		err_set("%s:%d:%d: invalid JSON: %s", path, jerr.line,
		    jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		err_set("%s: not a Jupyter notebook: the top level is not a "
		    "JSON object", path);
		goto done;
	}
	v = json_object_get(root, "nbformat");
	if (v == NULL) {
		err_set("%s: nbformat: missing (not a Jupyter notebook?)", path);
		goto done;
	}
	if (!json_is_integer(v)) {
		fmt_ipynb_bad(path, "nbformat", "an integer");
		goto done;
	}
	if (json_integer_value(v) != 4) {
		err_set("%s: nbformat %" JSON_INTEGER_FORMAT " is not supported "
		    "(only nbformat 4; convert it with "
		    "\"jupyter nbconvert --to notebook\")", path,
		    json_integer_value(v));
		goto done;
	}
	rc = fmt_ipynb_import(out, path, root, NULL, false, ana);
done:
	json_decref(root);
	return rc;
}

/*
 * Export (7.3).
 */

/* Python's str.splitlines(True), as nbformat stores a cell's source. */
static json_t *
fmt_ipynb_lines(const char *s, size_t len)
{
	json_t *a = json_array();
	size_t i = 0, start = 0, brk;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		brk = 0;
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			brk = 2;
		else if (c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
		    c == 0x1c || c == 0x1d || c == 0x1e)
			brk = 1;
		else if (c == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] == 0x85)
			brk = 2;
		else if (c == 0xe2 && i + 2 < len &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xa8 ||
		    (unsigned char)s[i + 2] == 0xa9))
			brk = 3;
		if (brk == 0) {
			i++;
			continue;
		}
		i += brk;
		json_array_append_new(a, json_stringn(s + start, i - start));
		start = i;
	}
	if (start < len)
		json_array_append_new(a, json_stringn(s + start, len - start));
	return a;
}

/* marimo's _convert_latex_delimiters_for_jupyter: \[..\] -> $$..$$ and
 * \(..\) -> $..$, the content stripped. */
static void
fmt_ipynb_latex(struct buf *out, const char *s, size_t len, int pass)
{
	char open = pass == 0 ? '[' : '(', close = pass == 0 ? ']' : ')';
	const char *dollars = pass == 0 ? "$$" : "$";
	size_t i = 0, j;

	while (i < len) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == open) {
			for (j = i + 2; j + 1 < len; j++)
				if (s[j] == '\\' && s[j + 1] == close)
					break;
			if (j + 1 < len) {
				const char *c = s + i + 2;
				size_t n = j - i - 2;

				fmt_ipynb_strip(&c, &n);
				buf_adds(out, dollars);
				buf_add(out, c, n);
				buf_adds(out, dollars);
				i = j + 2;
				continue;
			}
		}
		buf_addc(out, s[i++]);
	}
}

/* The string prefix of the first mo.md( call, lower-cased. */
static void
fmt_ipynb_md_prefix(struct buf *out, const char *s, size_t len)
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

/* Four letters for the cell at index idx (see the top of the file). */
static void
fmt_ipynb_cell_id(char id[FMT_IPYNB_ID_LEN + 1], size_t idx)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	const uint64_t mod = 52ull * 52 * 52 * 52;
	uint64_t v = ((uint64_t)idx * 2999999u + 1234567u) % mod;
	int i;

	for (i = FMT_IPYNB_ID_LEN - 1; i >= 0; i--) {
		id[i] = alpha[v % 52];
		v /= 52;
	}
	id[FMT_IPYNB_ID_LEN] = '\0';
}

static json_t *
fmt_ipynb_str(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *j;

	if (fmt_ipynb_utf8_valid(s, len))
		return json_stringn(s, len);
	fmt_conv_utf8_fix(&b, s, len);
	j = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return j;
}

static json_t *
fmt_ipynb_app_json(struct nb *nb)
{
	struct nb_app_options *o = nb_app_options(nb);
	json_t *a = json_object(), *l;
	size_t i;

	if (o->width != NULL && strcmp(o->width, "compact") != 0)
		json_object_set_new(a, "width", fmt_ipynb_str(o->width,
		    strlen(o->width)));
	if (o->app_title != NULL)
		json_object_set_new(a, "app_title", fmt_ipynb_str(o->app_title,
		    strlen(o->app_title)));
	if (o->layout_file != NULL)
		json_object_set_new(a, "layout_file",
		    fmt_ipynb_str(o->layout_file, strlen(o->layout_file)));
	if (o->css_file != NULL)
		json_object_set_new(a, "css_file", fmt_ipynb_str(o->css_file,
		    strlen(o->css_file)));
	if (o->html_head_file != NULL)
		json_object_set_new(a, "html_head_file",
		    fmt_ipynb_str(o->html_head_file, strlen(o->html_head_file)));
	if (o->nauto_download > 0) {
		l = json_array();
		for (i = 0; i < o->nauto_download; i++)
			json_array_append_new(l, fmt_ipynb_str(
			    o->auto_download[i], strlen(o->auto_download[i])));
		json_object_set_new(a, "auto_download", l);
	}
	if (o->sql_output != NULL && strcmp(o->sql_output, "auto") != 0)
		json_object_set_new(a, "sql_output",
		    fmt_ipynb_str(o->sql_output, strlen(o->sql_output)));
	return a;
}

int
fmt_ipynb_format(struct buf *out, struct nb *nb, struct ana *ana)
{
	json_t *root = json_object(), *cells = json_array(), *meta, *mm, *li;
	json_t *cm, *cfg, *node, *app;
	char id[FMT_IPYNB_ID_LEN + 1], *dump;
	const char *h, *ver;
	size_t i, len, hl;

	for (i = 0; i < nb_ncells(nb); i++) {
		struct nb_cell *c = nb_cell_at(nb, i);
		const char *src = nb_cell_source(c, &len);
		struct nb_cell_config conf = nb_cell_config(c);
		enum nb_cell_kind kind = nb_cell_kind(c);
		const struct ana_cell *ac = NULL;
		bool md = false;

		if (ana != NULL && kind != NB_CELL_UNPARSABLE &&
		    kind != NB_CELL_SETUP)
			ac = ana_cell(ana, src, len);
		md = ac != NULL && ac->parses && ac->is_markdown &&
		    ac->markdown != NULL && ac->defs.n == 0;
		node = json_object();
		if (kind == NB_CELL_SETUP)
			json_object_set_new(node, "id", json_string("setup"));
		else {
			fmt_ipynb_cell_id(id, i);
			json_object_set_new(node, "id", json_string(id));
		}
		cm = json_object();
		cfg = json_object();
		if (conf.column != NB_COLUMN_NONE)
			json_object_set_new(cfg, "column",
			    json_integer(conf.column));
		if (conf.disabled)
			json_object_set_new(cfg, "disabled", json_true());
		if (conf.hide_code)
			json_object_set_new(cfg, "hide_code", json_true());
		if (json_object_size(cfg) > 0)
			json_object_set(cm, "config", cfg);
		json_decref(cfg);
		if (nb_cell_is_named(c) || kind == NB_CELL_SETUP) {
			/* marimo marks a name taken from an @app.function or
			 * @app.class_definition statement with a "*". */
			struct buf nm = BUF_INIT;

			if (nb_cell_name_is_derived(c))
				buf_addc(&nm, '*');
			buf_adds(&nm, nb_cell_name(c));
			json_object_set_new(cm, "name", fmt_ipynb_str(nm.ptr,
			    nm.len));
			buf_release(&nm);
		}
		meta = json_object();
		if (md) {
			struct buf text = BUF_INIT, tmp = BUF_INIT;
			struct buf prefix = BUF_INIT;

			fmt_ipynb_latex(&tmp, ac->markdown,
			    strlen(ac->markdown), 0);
			fmt_ipynb_latex(&text, tmp.ptr, tmp.len, 1);
			fmt_ipynb_md_prefix(&prefix, src, len);
			json_object_set_new(cm, "md_prefix",
			    json_string(prefix.ptr));
			json_object_set_new(node, "cell_type",
			    json_string("markdown"));
			buf_reset(&tmp);
			fmt_conv_utf8_fix(&tmp, text.ptr, text.len);
			json_object_set_new(node, "source",
			    fmt_ipynb_lines(tmp.ptr, tmp.len));
			buf_release(&text);
			buf_release(&tmp);
			buf_release(&prefix);
		} else {
			struct buf tmp = BUF_INIT;

			json_object_set_new(node, "cell_type",
			    json_string("code"));
			json_object_set_new(node, "execution_count",
			    json_null());
			json_object_set_new(node, "outputs", json_array());
			fmt_conv_utf8_fix(&tmp, src, len);
			json_object_set_new(node, "source",
			    fmt_ipynb_lines(tmp.ptr, tmp.len));
			buf_release(&tmp);
			if (conf.hide_code) {
				json_object_set_new(meta, "jupyter",
				    json_pack("{s:b}", "source_hidden", 1));
				json_object_set_new(meta, "tags",
				    json_pack("[s]", "remove-input"));
			}
		}
		if (json_object_size(cm) > 0)
			json_object_set(meta, "marimo", cm);
		json_decref(cm);
		json_object_set_new(node, "metadata", meta);
		json_array_append_new(cells, node);
	}
	json_object_set_new(root, "cells", cells);
	meta = json_object();
	li = json_pack("{s:{s:s,s:i},s:s,s:s,s:s,s:s,s:s}",
	    "codemirror_mode", "name", "ipython", "version", 3,
	    "file_extension", ".py", "mimetype", "text/x-python",
	    "name", "python", "nbconvert_exporter", "python",
	    "pygments_lexer", "ipython3");
	json_object_set_new(meta, "language_info", li);
	mm = json_object();
	ver = nb_version(nb) != NULL ? nb_version(nb) : FMT_MARIMO_VERSION;
	json_object_set_new(mm, "marimo_version", fmt_ipynb_str(ver,
	    strlen(ver)));
	app = fmt_ipynb_app_json(nb);
	if (json_object_size(app) > 0)
		json_object_set(mm, "app_config", app);
	json_decref(app);
	h = nb_header(nb);
	hl = h != NULL ? strlen(h) : 0;
	while (hl > 0 && fmt_ipynb_is_space((unsigned char)h[hl - 1]))
		hl--;
	if (hl > 0) {
		/* What marimo keeps: the text up to "import marimo". */
		struct buf hb = BUF_INIT;

		fmt_conv_utf8_fix(&hb, h, hl);
		buf_adds(&hb, "\n\n");
		json_object_set_new(mm, "header", json_stringn(hb.ptr, hb.len));
		buf_release(&hb);
	}
	json_object_set_new(meta, "marimo", mm);
	json_object_set_new(root, "metadata", meta);
	json_object_set_new(root, "nbformat", json_integer(4));
	json_object_set_new(root, "nbformat_minor", json_integer(5));
	dump = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(root);
	if (dump == NULL) {
		err_set("ipynb: cannot encode the notebook as JSON");
		return -1;
	}
	buf_adds(out, dump);
	buf_addc(out, '\n');
	free(dump);
	return 0;
}
