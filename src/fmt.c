/*
 * fmt.c: the front door of the notebook formats. Owns choosing a format
 * (by suffix, then by content), reading a file whole, writing one
 * atomically, and marimo's fixed_dedent, which every reader of indented
 * cell bodies shares. The formats themselves live in fmt_marimo.c,
 * fmt_percent.c and fmt_ipynb.c, reached through fmt_int.h.
 *
 * The one idea: a save either replaces the whole file with the new bytes
 * or leaves the old file exactly as it was. Bytes go to a temporary file
 * beside the target, are synced, and only then renamed over it.
 */
#include "config.h"
#include "fmt.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "fileio.h"
#include "fmt_int.h"
#include "nb.h"
#include "pytok.h"
#include "utf8.h"
#include "xmalloc.h"

/* Larger files are refused: no notebook is this big, and a mistaken
 * path to a disk image should not be read into memory. */
#define FMT_MAX_FILE_LEN ((size_t)256 * 1024 * 1024)

static const char *const fmt_kind_names[] = {
	[FMT_UNKNOWN] = "unknown",
	[FMT_MARIMO] = "marimo",
	[FMT_PERCENT] = "percent",
	[FMT_IPYNB] = "ipynb",
	[FMT_SCRIPT] = "script",
};

const char *
fmt_kind_name(enum fmt_kind kind)
{
	if ((size_t)kind >= sizeof fmt_kind_names / sizeof *fmt_kind_names)
		return "unknown";
	return fmt_kind_names[kind];
}

enum fmt_kind
fmt_kind_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return FMT_UNKNOWN;
	for (i = FMT_MARIMO; i < sizeof fmt_kind_names / sizeof *fmt_kind_names;
	    i++)
		if (strcmp(s, fmt_kind_names[i]) == 0)
			return (enum fmt_kind)i;
	return FMT_UNKNOWN;
}

/* Does path end in suffix (ASCII case ignored)? */
static bool
fmt_path_has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n > m && strcasecmp(path + n - m, suffix) == 0;
}

enum fmt_kind
fmt_guess(const char *path, const char *text, size_t len)
{
	if (path == NULL)
		return FMT_UNKNOWN;
	if (fmt_path_has_suffix(path, ".ipynb"))
		return FMT_IPYNB;
	if (!fmt_path_has_suffix(path, ".py"))
		return FMT_UNKNOWN;
	/* A .py file we are about to create is a marimo notebook. */
	if (text == NULL || fmt_marimo_detect(text, len))
		return FMT_MARIMO;
	if (fmt_percent_detect(text, len))
		return FMT_PERCENT;
	return FMT_SCRIPT;
}

int
fmt_parse(struct nb **out, enum fmt_kind kind, const char *path,
    const char *text, size_t len, struct ana *ana)
{
	const char *name = path != NULL ? path : "<notebook>";

	*out = NULL;
	if (kind == FMT_UNKNOWN)
		kind = fmt_guess(name, text, len);
	switch (kind) {
	case FMT_MARIMO:
		return fmt_marimo_parse(out, name, text, len, ana);
	case FMT_PERCENT:
		return fmt_percent_parse(out, name, text, len, ana);
	case FMT_SCRIPT:
		return fmt_script_parse(out, name, text, len, ana);
	case FMT_IPYNB:
		return fmt_ipynb_parse(out, name, text, len, ana);
	case FMT_UNKNOWN:
		break;
	}
	err_set("%s: unknown notebook format (expected .py or .ipynb)", name);
	return -1;
}

/*
 * Read the whole regular file at path into out. Sizes come from outside,
 * so the limit is checked before anything is allocated.
 */
static int
fmt_read_file(struct buf *out, const char *path)
{
	struct stat st;
	char chunk[65536];
	ssize_t r;
	int fd, error = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_errno("%s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		err_errno("%s", path);
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		err_set("%s: is a directory", path);
		goto done;
	}
	if (S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > FMT_MAX_FILE_LEN)
			goto toolarge;
		buf_grow(out, (size_t)st.st_size);
	}
	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err_errno("%s", path);
			goto done;
		}
		if (r == 0)
			break;
		if (out->len + (size_t)r > FMT_MAX_FILE_LEN)
			goto toolarge;
		buf_add(out, chunk, (size_t)r);
	}
	error = 0;
	goto done;
toolarge:
	err_set("%s: file too large (more than %zu MB)", path,
	    FMT_MAX_FILE_LEN / (1024 * 1024));
done:
	(void)close(fd);
	return error;
}

int
fmt_load(struct nb **out, enum fmt_kind kind, const char *path,
    struct ana *ana)
{
	struct buf text = BUF_INIT;
	int error;

	*out = NULL;
	if (fmt_read_file(&text, path) < 0) {
		buf_release(&text);
		return -1;
	}
	error = fmt_parse(out, kind, path, text.ptr, text.len, ana);
	buf_release(&text);
	return error;
}

int
fmt_format(struct buf *out, struct nb *nb, enum fmt_kind kind,
    struct ana *ana)
{
	switch (kind) {
	case FMT_MARIMO:
		return fmt_marimo_format(out, nb, ana);
	case FMT_PERCENT:
		return fmt_percent_format(out, nb, ana);
	case FMT_SCRIPT:
		return fmt_script_format(out, nb, ana);
	case FMT_IPYNB:
		return fmt_ipynb_format(out, nb, ana);
	case FMT_UNKNOWN:
		break;
	}
	err_set("cannot write notebooks of unknown format");
	return -1;
}

int
fmt_save(struct nb *nb, enum fmt_kind kind, const char *path,
    struct ana *ana)
{
	struct buf data = BUF_INIT;
	int error = -1;

	if (kind == FMT_UNKNOWN)
		kind = fmt_guess(path, NULL, 0);
	if (kind == FMT_UNKNOWN) {
		err_set("%s: unknown notebook format (expected .py or .ipynb)",
		    path);
		goto done;
	}
	if (fmt_format(&data, nb, kind, ana) < 0) {
		err_prefix("%s", path);
		goto done;
	}
	error = fmt_write_atomic(path, data.ptr, data.len);
done:
	buf_release(&data);
	return error;
}

int
fmt_write_atomic(const char *path, const char *data, size_t len)
{
	/*
	 * FILEIO_KEEP: saving through a symbolic link writes the file it
	 * names, and the old file's mode and owner carry over. Its errors
	 * begin with path, as fmt's do.
	 */
	return fileio_replace(path, data, len, 0666,
	    FILEIO_DURABLE | FILEIO_KEEP);
}

/*
 * fixed_dedent, spec 3.6, after marimo's marimo/_ast/dedent.py. Lines are
 * (offset, length) pairs into the text; lengths exclude the line break.
 * "Whitespace" below is Python's str.isspace(), because the reference
 * uses str.strip() and str.lstrip(); only spaces and tabs are removed.
 */

struct fmt_line {
	size_t off, len;
};

size_t
fmt_py_space(const char *p, size_t len)
{
	unsigned char c = (unsigned char)p[0];
	uint32_t cp;
	size_t n;

	if (c < 0x80)
		return (c == ' ' || (c >= '\t' && c <= '\r') ||
		    (c >= 0x1C && c <= 0x1F)) ? 1 : 0;
	n = utf8_next(p, len, &cp, NULL);
	if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000)
		return n;
	return 0;
}

/* Leading whitespace of a line: bytes (*bytes) and characters (return). */
static size_t
fmt_lead_space(const char *p, size_t len, size_t *bytes)
{
	size_t i = 0, k, chars = 0;

	while (i < len && (k = fmt_py_space(p + i, len - i)) > 0) {
		i += k;
		chars++;
	}
	if (bytes)
		*bytes = i;
	return chars;
}

static bool
fmt_is_blank(const char *p, size_t len)
{
	size_t b;

	(void)fmt_lead_space(p, len, &b);
	return b == len;
}

/* Split at "\r\n", "\r" or "\n" (never at other separators). */
static struct fmt_line *
fmt_split_lines(const char *text, size_t len, size_t *n)
{
	struct fmt_line *v = NULL;
	size_t nv = 0, alloc = 0, i, start = 0;

	for (i = 0;; i++) {
		if (i == len || text[i] == '\n' || text[i] == '\r') {
			if (nv == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				v = xreallocarray(v, alloc, sizeof *v);
			}
			v[nv].off = start;
			v[nv].len = i - start;
			nv++;
			if (i == len)
				break;
			if (text[i] == '\r' && i + 1 < len &&
			    text[i + 1] == '\n')
				i++;
			start = i + 1;
		}
	}
	*n = nv;
	return v;
}

/*
 * Would Python's tokenize module raise on this text? pytok recovers where
 * tokenize raises: an unterminated multi-line string (one ERRORTOKEN of
 * more than a quote to the end), an unbalanced bracket or a backslash
 * continuation at the end, and a dedent to a column no block used (a
 * DEDENT directly followed by an INDENT).
 */
static bool
fmt_py_tok_raises(const char *text, size_t len, const struct pytok *t, size_t n)
{
	size_t i, end;
	long depth = 0;
	char c;

	for (i = 0; i < n; i++) {
		if (t[i].type == PYTOK_ERRORTOKEN && t[i].len > 1 &&
		    t[i].off + t[i].len >= len)
			return true;
		if (t[i].type == PYTOK_DEDENT && i + 1 < n &&
		    t[i + 1].type == PYTOK_INDENT)
			return true;
		if (t[i].type == PYTOK_OP && t[i].len == 1) {
			c = text[t[i].off];
			if (c == '(' || c == '[' || c == '{')
				depth++;
			else if (c == ')' || c == ']' || c == '}')
				depth--;
		}
	}
	/* tokenize lets a stray closer take the depth below zero, and any
	 * depth but zero at the end is "EOF in multi-line statement". */
	if (depth != 0)
		return true;
	/* A backslash continuation as the last thing in the text. */
	end = len;
	while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' ||
	    text[end - 1] == ' ' || text[end - 1] == '\t' ||
	    text[end - 1] == '\f'))
		end--;
	if (end > 0 && text[end - 1] == '\\') {
		for (i = 0; i < n; i++)
			if (t[i].off < end && t[i].off + t[i].len >= end &&
			    t[i].len > 0)
				return false;
		return true;
	}
	return false;
}

/*
 * Mark the lines inside multi-line string literals: for a string token
 * from line a to line b > a (1-based), lines a+1..b. With tokens == NULL
 * (tokenizing failed) nothing is protected.
 */
static bool *
fmt_protected_lines(const char *text, const struct pytok *t, size_t nt,
    size_t nlines)
{
	bool *prot = xcalloc(nlines + 1, sizeof *prot);
	size_t i, l;

	for (i = 0; t != NULL && i < nt; i++) {
		if (t[i].type != PYTOK_STRING || t[i].end_line <= t[i].line)
			continue;
		if (memchr(text + t[i].off, '\n', t[i].len) == NULL &&
		    memchr(text + t[i].off, '\r', t[i].len) == NULL)
			continue;
		for (l = t[i].line + 1; l <= t[i].end_line; l++)
			if (l - 1 < nlines)
				prot[l - 1] = true;
	}
	return prot;
}

/*
 * Python's textwrap.dedent: lines of only spaces and tabs become empty,
 * then the longest common leading run of spaces and tabs of the lines
 * with content is removed. text has "\n" line breaks only.
 */
static void
fmt_textwrap_dedent(struct buf *out, const char *text, size_t len)
{
	struct buf t = BUF_INIT;
	const char *margin = NULL;
	size_t mlen = 0, i, j, s, e, k;

	/* Pass 1: drop whitespace-only lines' spaces and tabs. */
	for (s = 0; s <= len; s = e + 1) {
		e = s;
		while (e < len && text[e] != '\n')
			e++;
		for (k = s; k < e && (text[k] == ' ' || text[k] == '\t'); k++)
			;
		if (!(k == e && e > s))
			buf_add(&t, text + s, e - s);
		if (e < len)
			buf_addc(&t, '\n');
		if (e >= len)
			break;
	}
	/* Pass 2: the margin. */
	for (s = 0; s <= t.len; s = e + 1) {
		e = s;
		while (e < t.len && t.ptr[e] != '\n')
			e++;
		for (k = s; k < e && (t.ptr[k] == ' ' || t.ptr[k] == '\t'); k++)
			;
		if (k < e) {
			if (margin == NULL) {
				margin = t.ptr + s;
				mlen = k - s;
			} else if (k - s >= mlen &&
			    memcmp(t.ptr + s, margin, mlen) == 0)
				;
			else if (k - s < mlen &&
			    memcmp(margin, t.ptr + s, k - s) == 0)
				mlen = k - s;
			else {
				for (j = 0; j < mlen && j < k - s; j++)
					if (margin[j] != t.ptr[s + j])
						break;
				mlen = j;
			}
		}
		if (e >= t.len)
			break;
	}
	if (mlen == 0) {
		buf_add(out, t.ptr, t.len);
		buf_release(&t);
		return;
	}
	/* Pass 3: remove the margin where a line starts with it. */
	for (s = 0; s <= t.len; s = e + 1) {
		e = s;
		while (e < t.len && t.ptr[e] != '\n')
			e++;
		i = s;
		if (e - s >= mlen && memcmp(t.ptr + s, margin, mlen) == 0)
			i = s + mlen;
		buf_add(out, t.ptr + i, e - i);
		if (e < t.len)
			buf_addc(out, '\n');
		if (e >= t.len)
			break;
	}
	buf_release(&t);
}

/* marimo's smart_dedent of code (lines joined by "\n"). */
static void
fmt_smart_dedent(struct buf *out, const char *code, size_t len)
{
	struct pytok *t;
	struct fmt_line *lines;
	bool *prot, *keep;
	size_t nt, nl, i, j, lead, minind = SIZE_MAX, bmin, b, k;

	t = pytok_scan(code, len, &nt, NULL);
	if (fmt_py_tok_raises(code, len, t, nt)) {
		free(t);
		fmt_textwrap_dedent(out, code, len);
		return;
	}
	lines = fmt_split_lines(code, len, &nl);
	prot = fmt_protected_lines(code, t, nt, nl);
	free(t);
	for (i = 0; i < nl; i++) {
		if (prot[i] || fmt_is_blank(code + lines[i].off, lines[i].len))
			continue;
		lead = fmt_lead_space(code + lines[i].off, lines[i].len, NULL);
		if (lead < minind)
			minind = lead;
	}
	if (minind == 0 || minind == SIZE_MAX) {
		buf_add(out, code, len);
		goto done;
	}
	/* Runs of protected lines indented less than the shift stay put. */
	keep = xcalloc(nl + 1, sizeof *keep);
	for (i = 0; i < nl;) {
		if (!prot[i]) {
			i++;
			continue;
		}
		bmin = SIZE_MAX;
		for (j = i; j < nl && prot[j]; j++) {
			if (fmt_is_blank(code + lines[j].off, lines[j].len))
				continue;
			lead = fmt_lead_space(code + lines[j].off,
			    lines[j].len, NULL);
			if (lead < bmin)
				bmin = lead;
		}
		if (bmin != SIZE_MAX && bmin < minind)
			for (k = i; k < j; k++)
				keep[k] = true;
		i = j;
	}
	for (i = 0; i < nl; i++) {
		const char *p = code + lines[i].off;
		size_t n = lines[i].len;

		b = 0;
		if (!keep[i])
			while (b < minind && b < n && (p[b] == ' ' ||
			    p[b] == '\t'))
				b++;
		buf_add(out, p + b, n - b);
		if (i + 1 < nl)
			buf_addc(out, '\n');
	}
	free(keep);
done:
	free(prot);
	free(lines);
}

void
fmt_fixed_dedent(struct buf *out, const char *text, size_t len)
{
	struct buf code = BUF_INIT, norm = BUF_INIT;
	struct fmt_line *lines;
	struct pytok *t;
	bool *prot;
	size_t nt, nl, n, i, ind = 0, indlen = 0, b;
	bool found = false;

	t = pytok_scan(text, len, &nt, NULL);
	if (fmt_py_tok_raises(text, len, t, nt)) {
		free(t);
		t = NULL;
		nt = 0;
	}
	lines = fmt_split_lines(text, len, &nl);
	prot = fmt_protected_lines(text, t, nt, nl);
	free(t);

	n = nl;
	if (n > 1 && lines[n - 1].len == 0)
		n--;
	for (i = 0; i < n; i++) {
		if (prot[i])
			continue;
		(void)fmt_lead_space(text + lines[i].off, lines[i].len, &b);
		if (b < lines[i].len) {
			ind = lines[i].off;
			indlen = b;
			found = true;
			break;
		}
	}
	if (!found) {
		/* All blank: textwrap.dedent of the text, "\n" breaks. */
		for (i = 0; i < nl; i++) {
			buf_add(&norm, text + lines[i].off, lines[i].len);
			if (i + 1 < nl)
				buf_addc(&norm, '\n');
		}
		fmt_textwrap_dedent(out, norm.ptr, norm.len);
		goto done;
	}
	/* Refill: lines that do not start with the indent get it. */
	for (i = 0; i < n; i++) {
		const char *p = text + lines[i].off;

		if (!prot[i] && (lines[i].len < indlen ||
		    memcmp(p, text + ind, indlen) != 0))
			buf_add(&code, text + ind, indlen);
		buf_add(&code, p, lines[i].len);
		if (i + 1 < n)
			buf_addc(&code, '\n');
	}
	fmt_smart_dedent(out, code.ptr, code.len);
done:
	buf_release(&code);
	buf_release(&norm);
	free(prot);
	free(lines);
}
