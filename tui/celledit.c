/*
 * celledit.c: the cell editor's text operations. Positions are byte
 * offsets into the text and always sit on a character boundary; the
 * cursor steps over a base character and its combining marks as one.
 * Columns are measured only to move up and down, by rendering the line
 * the way the screen will (tui/render.c), so wide characters, tabs and
 * markers agree with what the user sees.
 *
 * Undo steps: typing groups into words (a blank after a non-blank closes
 * the group), any cursor movement closes it, a paste or an indent is a
 * step of its own.
 */
#include "config.h"
#include "celledit.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "pytok.h"
#include "render.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

enum celledit_last {
	CELLEDIT_LAST_NONE,
	CELLEDIT_LAST_INSERT,
	CELLEDIT_LAST_DELETE
};

struct celledit {
	struct text *t;
	size_t cur;
	size_t anchor;		/* selection start, or TEXT_EPOS */
	size_t goal_col;	/* column kept by up/down, or TEXT_EPOS */
	enum celledit_last last;
	unsigned long version, text_version;
	uint8_t *roles;
	size_t roles_len;
	unsigned long roles_version;
	size_t indent;		/* spaces per level */
};

struct celledit *
celledit_new(const char *src, size_t len)
{
	struct celledit *ce = xcalloc(1, sizeof *ce);

	ce->t = text_new(src, len);
	ce->anchor = TEXT_EPOS;
	ce->goal_col = TEXT_EPOS;
	ce->version = 1;
	ce->text_version = 1;
	ce->indent = CELLEDIT_INDENT;
	return ce;
}

void
celledit_set_indent(struct celledit *ce, unsigned n)
{
	if (n >= 1 && n <= CELLEDIT_INDENT_MAX)
		ce->indent = n;
}

void
celledit_free(struct celledit *ce)
{
	if (ce == NULL)
		return;
	text_free(ce->t);
	free(ce->roles);
	free(ce);
}

const char *
celledit_bytes(const struct celledit *ce, size_t *len)
{
	return text_bytes(ce->t, len);
}

struct text *
celledit_text(struct celledit *ce)
{
	return ce->t;
}

bool
celledit_is_modified(const struct celledit *ce)
{
	return text_is_modified(ce->t);
}

unsigned long
celledit_version(const struct celledit *ce)
{
	return ce->version;
}

unsigned long
celledit_text_version(const struct celledit *ce)
{
	return ce->text_version;
}

size_t
celledit_cursor(const struct celledit *ce)
{
	return ce->cur;
}

static bool
celledit_is_mark(const char *p, size_t len, size_t pos)
{
	uint32_t cp;

	if (pos >= len)
		return false;
	(void)utf8_next(p + pos, len - pos, &cp, NULL);
	return utf8_class(cp) == UTF8_CLASS_MARK;
}

/* The start of the character (base plus marks) holding pos. */
static size_t
celledit_char_start(const struct celledit *ce, size_t pos)
{
	size_t len;
	const char *p = text_bytes(ce->t, &len);

	if (pos >= len)
		return len;
	while (pos > 0 && ((unsigned char)p[pos] & 0xc0) == 0x80)
		pos--;
	while (pos > 0 && celledit_is_mark(p, len, pos)) {
		pos--;
		while (pos > 0 && ((unsigned char)p[pos] & 0xc0) == 0x80)
			pos--;
	}
	return pos;
}

static size_t
celledit_next_char(const struct celledit *ce, size_t pos)
{
	size_t len;
	const char *p = text_bytes(ce->t, &len);
	uint32_t cp;

	if (pos >= len)
		return len;
	pos += utf8_next(p + pos, len - pos, &cp, NULL);
	while (pos < len && celledit_is_mark(p, len, pos))
		pos += utf8_next(p + pos, len - pos, &cp, NULL);
	return pos;
}

static size_t
celledit_prev_char(const struct celledit *ce, size_t pos)
{
	if (pos == 0)
		return 0;
	return celledit_char_start(ce, pos - 1);
}

static void
celledit_changed(struct celledit *ce)
{
	ce->version++;
}

static void
celledit_text_changed(struct celledit *ce)
{
	ce->version++;
	ce->text_version++;
}

void
celledit_set_cursor(struct celledit *ce, size_t pos, bool extend)
{
	size_t len = text_len(ce->t);

	if (pos > len)
		pos = len;
	pos = celledit_char_start(ce, pos);
	if (extend && ce->anchor == TEXT_EPOS)
		ce->anchor = ce->cur;
	else if (!extend)
		ce->anchor = TEXT_EPOS;
	if (ce->anchor == pos)
		ce->anchor = extend ? pos : TEXT_EPOS;
	ce->cur = pos;
	if (ce->last != CELLEDIT_LAST_NONE) {
		text_snapshot(ce->t);
		ce->last = CELLEDIT_LAST_NONE;
	}
	celledit_changed(ce);
}

bool
celledit_selection(const struct celledit *ce, size_t *start, size_t *end)
{
	if (ce->anchor == TEXT_EPOS || ce->anchor == ce->cur)
		return false;
	*start = ce->anchor < ce->cur ? ce->anchor : ce->cur;
	*end = ce->anchor < ce->cur ? ce->cur : ce->anchor;
	return true;
}

void
celledit_select_all(struct celledit *ce)
{
	ce->anchor = 0;
	ce->cur = text_len(ce->t);
	celledit_changed(ce);
}

void
celledit_select_none(struct celledit *ce)
{
	ce->anchor = TEXT_EPOS;
	celledit_changed(ce);
}

size_t
celledit_line(struct celledit *ce)
{
	return text_line_of(ce->t, ce->cur);
}

/* The display column of pos on its line. */
static size_t
celledit_col(struct celledit *ce, size_t pos)
{
	struct render_line rl;
	size_t line = text_line_of(ce->t, pos), start, end, col;
	const char *p = text_bytes(ce->t, NULL);

	start = text_line_start(ce->t, line);
	end = text_line_end(ce->t, line);
	render_line_init(&rl);
	render_code(&rl, p + start, end - start, start, NULL,
	    CELLEDIT_TAB_WIDTH, false);
	col = render_col_of_src(&rl, pos);
	render_line_release(&rl);
	return col;
}

/* The offset on line shown at column col (its end when shorter). */
static size_t
celledit_at_col(struct celledit *ce, size_t line, size_t col)
{
	struct render_line rl;
	size_t start, end, off;
	const char *p = text_bytes(ce->t, NULL);

	start = text_line_start(ce->t, line);
	end = text_line_end(ce->t, line);
	render_line_init(&rl);
	render_code(&rl, p + start, end - start, start, NULL,
	    CELLEDIT_TAB_WIDTH, false);
	off = render_src_at_col(&rl, col);
	render_line_release(&rl);
	if (off == (size_t)-1 || off > end)
		off = end;
	return off;
}

static bool
celledit_is_word(const char *p, size_t len, size_t pos)
{
	unsigned char c;

	if (pos >= len)
		return false;
	c = (unsigned char)p[pos];
	return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool
celledit_move(struct celledit *ce, enum celledit_move m, bool extend,
    size_t count)
{
	size_t len, pos = ce->cur, line, nlines, start, i, col;
	const char *p = text_bytes(ce->t, &len);
	bool keep_goal = false;

	if (!extend && (m == CELLEDIT_LEFT || m == CELLEDIT_RIGHT)) {
		size_t s, e;

		/* Leaving a selection sideways goes to its edge. */
		if (celledit_selection(ce, &s, &e)) {
			celledit_set_cursor(ce, m == CELLEDIT_LEFT ? s : e,
			    false);
			ce->goal_col = TEXT_EPOS;
			return true;
		}
	}
	if (count == 0)
		count = 1;
	switch (m) {
	case CELLEDIT_LEFT:
		if (pos == 0)
			return false;
		pos = celledit_prev_char(ce, pos);
		break;
	case CELLEDIT_RIGHT:
		if (pos >= len)
			return false;
		pos = celledit_next_char(ce, pos);
		break;
	case CELLEDIT_UP:
	case CELLEDIT_DOWN:
		line = text_line_of(ce->t, pos);
		nlines = text_nlines(ce->t);
		if ((m == CELLEDIT_UP && line == 0) ||
		    (m == CELLEDIT_DOWN && line + 1 >= nlines))
			return false;
		if (ce->goal_col == TEXT_EPOS)
			ce->goal_col = celledit_col(ce, pos);
		if (m == CELLEDIT_UP)
			line = line >= count ? line - count : 0;
		else
			line = line + count < nlines ? line + count :
			    nlines - 1;
		pos = celledit_at_col(ce, line, ce->goal_col);
		keep_goal = true;
		break;
	case CELLEDIT_HOME:
		line = text_line_of(ce->t, pos);
		start = text_line_start(ce->t, line);
		i = start;
		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		pos = pos == i ? start : i;
		break;
	case CELLEDIT_END:
		pos = text_line_end(ce->t, text_line_of(ce->t, pos));
		break;
	case CELLEDIT_WORD_LEFT:
		if (pos == 0)
			return false;
		while (pos > 0 && !celledit_is_word(p, len, pos - 1))
			pos--;
		while (pos > 0 && celledit_is_word(p, len, pos - 1))
			pos--;
		pos = celledit_char_start(ce, pos);
		break;
	case CELLEDIT_WORD_RIGHT:
		if (pos >= len)
			return false;
		while (pos < len && !celledit_is_word(p, len, pos))
			pos++;
		while (pos < len && celledit_is_word(p, len, pos))
			pos++;
		break;
	case CELLEDIT_TOP:
		pos = 0;
		break;
	case CELLEDIT_BOTTOM:
		pos = len;
		break;
	}
	col = ce->goal_col;
	celledit_set_cursor(ce, pos, extend);
	ce->goal_col = keep_goal ? col : TEXT_EPOS;
	return true;
}

/* Delete the selection if there is one; true when it did. */
static bool
celledit_delete_selection(struct celledit *ce)
{
	size_t s, e;

	if (!celledit_selection(ce, &s, &e))
		return false;
	text_delete(ce->t, s, e - s);
	ce->cur = s;
	ce->anchor = TEXT_EPOS;
	celledit_text_changed(ce);
	return true;
}

static void
celledit_group(struct celledit *ce, enum celledit_last kind)
{
	if (ce->last != kind && ce->last != CELLEDIT_LAST_NONE)
		text_snapshot(ce->t);
	ce->last = kind;
}

void
celledit_insert(struct celledit *ce, const char *s, size_t len)
{
	size_t tlen;
	const char *p;

	if (ce->anchor != TEXT_EPOS && ce->anchor != ce->cur) {
		text_snapshot(ce->t);
		(void)celledit_delete_selection(ce);
	}
	celledit_group(ce, CELLEDIT_LAST_INSERT);
	p = text_bytes(ce->t, &tlen);
	/* A blank after a word closes the word's undo step. */
	if (len > 0 && (s[0] == ' ' || s[0] == '\t') && ce->cur > 0 &&
	    p[ce->cur - 1] != ' ' && p[ce->cur - 1] != '\t')
		text_snapshot(ce->t);
	text_insert(ce->t, ce->cur, s, len);
	ce->cur += len;
	ce->anchor = TEXT_EPOS;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
}

void
celledit_paste(struct celledit *ce, const char *s, size_t len)
{
	text_snapshot(ce->t);
	(void)celledit_delete_selection(ce);
	text_insert(ce->t, ce->cur, s, len);
	ce->cur += len;
	text_snapshot(ce->t);
	ce->last = CELLEDIT_LAST_NONE;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
}

/* Leading blanks of the line holding pos, as columns of spaces. */
static size_t
celledit_indent_of(struct celledit *ce, size_t line, size_t upto)
{
	const char *p = text_bytes(ce->t, NULL);
	size_t i = text_line_start(ce->t, line), col = 0;

	for (; i < upto && (p[i] == ' ' || p[i] == '\t'); i++)
		col = p[i] == '\t' ? (col / CELLEDIT_TAB_WIDTH + 1) *
		    CELLEDIT_TAB_WIDTH : col + 1;
	return col;
}

static bool
celledit_line_is(const char *p, size_t start, size_t end, const char *kw)
{
	size_t n = strlen(kw);

	while (start < end && (p[start] == ' ' || p[start] == '\t'))
		start++;
	if (end - start < n || memcmp(p + start, kw, n) != 0)
		return false;
	return end - start == n || p[start + n] == ' ' || p[start + n] == '(';
}

void
celledit_newline(struct celledit *ce)
{
	struct buf b = BUF_INIT;
	const char *p;
	size_t line, start, end, indent, i;

	text_snapshot(ce->t);
	(void)celledit_delete_selection(ce);
	p = text_bytes(ce->t, NULL);
	line = text_line_of(ce->t, ce->cur);
	start = text_line_start(ce->t, line);
	indent = celledit_indent_of(ce, line, ce->cur);
	end = ce->cur;
	while (end > start && (p[end - 1] == ' ' || p[end - 1] == '\t'))
		end--;
	if (end > start && p[end - 1] == ':')
		indent += ce->indent;
	else if (celledit_line_is(p, start, end, "return") ||
	    celledit_line_is(p, start, end, "pass") ||
	    celledit_line_is(p, start, end, "break") ||
	    celledit_line_is(p, start, end, "continue") ||
	    celledit_line_is(p, start, end, "raise"))
		indent = indent >= ce->indent ? indent - ce->indent :
		    0;
	buf_addc(&b, '\n');
	for (i = 0; i < indent; i++)
		buf_addc(&b, ' ');
	/* Blanks right of the cursor would follow the new indent. */
	for (i = ce->cur; i < text_len(ce->t) && p[i] == ' '; i++)
		;
	if (i > ce->cur)
		text_delete(ce->t, ce->cur, i - ce->cur);
	text_insert(ce->t, ce->cur, b.ptr, b.len);
	ce->cur += b.len;
	ce->last = CELLEDIT_LAST_INSERT;
	ce->goal_col = TEXT_EPOS;
	ce->anchor = TEXT_EPOS;
	celledit_text_changed(ce);
	buf_release(&b);
}

void
celledit_backspace(struct celledit *ce)
{
	const char *p;
	size_t line, start, prev, col, i;

	if (celledit_delete_selection(ce))
		return;
	if (ce->cur == 0)
		return;
	celledit_group(ce, CELLEDIT_LAST_DELETE);
	p = text_bytes(ce->t, NULL);
	line = text_line_of(ce->t, ce->cur);
	start = text_line_start(ce->t, line);
	for (i = start; i < ce->cur && p[i] == ' '; i++)
		;
	if (i == ce->cur && ce->cur > start) {
		/* Only spaces before the cursor: back to an indent stop. */
		col = ce->cur - start;
		prev = (col - 1) / ce->indent * ce->indent;
		text_delete(ce->t, start + prev, col - prev);
		ce->cur = start + prev;
	} else {
		prev = celledit_prev_char(ce, ce->cur);
		text_delete(ce->t, prev, ce->cur - prev);
		ce->cur = prev;
	}
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
}

void
celledit_delete(struct celledit *ce)
{
	size_t next;

	if (celledit_delete_selection(ce))
		return;
	if (ce->cur >= text_len(ce->t))
		return;
	celledit_group(ce, CELLEDIT_LAST_DELETE);
	next = celledit_next_char(ce, ce->cur);
	text_delete(ce->t, ce->cur, next - ce->cur);
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
}

bool
celledit_tab_indents(struct celledit *ce)
{
	const char *p = text_bytes(ce->t, NULL);
	size_t s, e, i;

	if (celledit_selection(ce, &s, &e))
		return true;
	i = text_line_start(ce->t, text_line_of(ce->t, ce->cur));
	for (; i < ce->cur; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

/* The lines a selection (or the cursor) covers. */
static void
celledit_lines(struct celledit *ce, size_t *first, size_t *last)
{
	size_t s, e;

	if (celledit_selection(ce, &s, &e)) {
		*first = text_line_of(ce->t, s);
		*last = text_line_of(ce->t, e);
		if (*last > *first && e == text_line_start(ce->t, *last))
			(*last)--;
	} else
		*first = *last = text_line_of(ce->t, ce->cur);
}

void
celledit_indent(struct celledit *ce)
{
	static const char spaces[CELLEDIT_INDENT_MAX + 1] = "                ";
	size_t s, e, first, last, line, n;
	bool sel = celledit_selection(ce, &s, &e);

	text_snapshot(ce->t);
	if (!sel) {
		n = ce->indent - celledit_indent_of(ce,
		    text_line_of(ce->t, ce->cur), ce->cur) % ce->indent;
		text_insert(ce->t, ce->cur, spaces, n);
		ce->cur += n;
	} else {
		celledit_lines(ce, &first, &last);
		for (line = first; line <= last; line++) {
			size_t at = text_line_start(ce->t, line);

			if (text_line_end(ce->t, line) == at)
				continue;	/* blank lines stay empty */
			text_insert(ce->t, at, spaces, ce->indent);
			if (ce->anchor >= at)
				ce->anchor += ce->indent;
			if (ce->cur >= at)
				ce->cur += ce->indent;
		}
	}
	text_snapshot(ce->t);
	ce->last = CELLEDIT_LAST_NONE;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
}

void
celledit_dedent(struct celledit *ce)
{
	const char *p;
	size_t first, last, line, n, at;

	text_snapshot(ce->t);
	celledit_lines(ce, &first, &last);
	for (line = first; line <= last; line++) {
		p = text_bytes(ce->t, NULL);
		at = text_line_start(ce->t, line);
		for (n = 0; n < ce->indent && p[at + n] == ' '; n++)
			;
		if (n == 0 && p[at] == '\t')
			n = 1;
		if (n == 0)
			continue;
		text_delete(ce->t, at, n);
		if (ce->anchor != TEXT_EPOS && ce->anchor > at)
			ce->anchor = ce->anchor - at >= n ? ce->anchor - n : at;
		if (ce->cur > at)
			ce->cur = ce->cur - at >= n ? ce->cur - n : at;
	}
	text_snapshot(ce->t);
	ce->last = CELLEDIT_LAST_NONE;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
}

bool
celledit_copy(struct celledit *ce, struct buf *clip)
{
	const char *p = text_bytes(ce->t, NULL);
	size_t s, e, line;

	buf_reset(clip);
	if (celledit_selection(ce, &s, &e)) {
		buf_add(clip, p + s, e - s);
		return true;
	}
	line = text_line_of(ce->t, ce->cur);
	s = text_line_start(ce->t, line);
	e = text_line_end(ce->t, line);
	buf_add(clip, p + s, e - s);
	buf_addc(clip, '\n');
	return true;
}

bool
celledit_cut(struct celledit *ce, struct buf *clip)
{
	size_t s, e, line, len;

	(void)celledit_copy(ce, clip);
	text_snapshot(ce->t);
	if (celledit_selection(ce, &s, &e))
		(void)celledit_delete_selection(ce);
	else {
		line = text_line_of(ce->t, ce->cur);
		s = text_line_start(ce->t, line);
		e = text_line_end(ce->t, line);
		len = text_len(ce->t);
		if (e < len)
			e++;	/* the line break too */
		else if (s > 0)
			s--;
		text_delete(ce->t, s, e - s);
		ce->cur = s < text_len(ce->t) ? s : text_len(ce->t);
		ce->cur = celledit_char_start(ce, ce->cur);
	}
	text_snapshot(ce->t);
	ce->last = CELLEDIT_LAST_NONE;
	ce->anchor = TEXT_EPOS;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
	return true;
}

size_t
celledit_word_start(struct celledit *ce)
{
	size_t len, pos = ce->cur;
	const char *p = text_bytes(ce->t, &len);

	while (pos > 0 && (celledit_is_word(p, len, pos - 1) ||
	    p[pos - 1] == '.'))
		pos--;
	return pos;
}

bool
celledit_call(struct celledit *ce, size_t *open, size_t *name)
{
	const uint8_t *roles = celledit_roles(ce);
	size_t len, pos = ce->cur, depth = 0, n;
	const char *p = text_bytes(ce->t, &len);
	bool found = false;

	/* Back to the innermost bracket left open before the cursor. */
	while (pos > 0 && !found) {
		pos--;
		if (roles[pos] == DRAW_STRING || roles[pos] == DRAW_COMMENT)
			continue;
		if (p[pos] == ')' || p[pos] == ']' || p[pos] == '}')
			depth++;
		else if (p[pos] == '(' || p[pos] == '[' || p[pos] == '{') {
			if (depth == 0 && p[pos] != '(')
				return false;
			if (depth == 0)
				found = true;
			else
				depth--;
		}
	}
	if (!found)
		return false;
	n = pos;
	while (n > 0 && (celledit_is_word(p, len, n - 1) || p[n - 1] == '.'))
		n--;
	/* A name, not a number or a bare dot. */
	if (n == pos || p[n] == '.' || (p[n] >= '0' && p[n] <= '9'))
		return false;
	*open = pos;
	*name = n;
	return true;
}

void
celledit_complete(struct celledit *ce, size_t start, const char *s,
    size_t len)
{
	if (start > ce->cur)
		return;
	text_snapshot(ce->t);
	text_delete(ce->t, start, ce->cur - start);
	text_insert(ce->t, start, s, len);
	ce->cur = start + len;
	text_snapshot(ce->t);
	ce->last = CELLEDIT_LAST_NONE;
	ce->anchor = TEXT_EPOS;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
}

void
celledit_snapshot(struct celledit *ce)
{
	text_snapshot(ce->t);
	ce->last = CELLEDIT_LAST_NONE;
}

bool
celledit_undo(struct celledit *ce)
{
	size_t cur;

	text_snapshot(ce->t);
	ce->last = CELLEDIT_LAST_NONE;
	if (!text_undo(ce->t, &cur))
		return false;
	ce->cur = celledit_char_start(ce, cur);
	ce->anchor = TEXT_EPOS;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
	return true;
}

bool
celledit_redo(struct celledit *ce)
{
	size_t cur;

	if (!text_redo(ce->t, &cur))
		return false;
	ce->cur = celledit_char_start(ce, cur);
	ce->anchor = TEXT_EPOS;
	ce->goal_col = TEXT_EPOS;
	celledit_text_changed(ce);
	return true;
}

static bool
celledit_is_open(char c)
{
	return c == '(' || c == '[' || c == '{';
}

static bool
celledit_is_close(char c)
{
	return c == ')' || c == ']' || c == '}';
}

bool
celledit_bracket(struct celledit *ce, size_t *at, size_t *match)
{
	size_t len, n, i, j, k = (size_t)-1;
	const char *p = text_bytes(ce->t, &len);
	struct pytok *toks;
	bool found = false;

	if (len == 0)
		return false;
	toks = pytok_scan(p, len, &n, NULL);
	/* The bracket under the cursor, else the one just before it. */
	for (i = 0; i < n; i++)
		if (toks[i].type == PYTOK_OP && toks[i].len == 1 &&
		    (celledit_is_open(p[toks[i].off]) ||
		    celledit_is_close(p[toks[i].off]))) {
			if (toks[i].off == ce->cur) {
				k = i;
				break;
			}
			if (toks[i].off + 1 == ce->cur)
				k = i;
		}
	if (k != (size_t)-1) {
		char c = p[toks[k].off];

		if (celledit_is_open(c)) {
			for (j = k + 1; j < n; j++)
				if (toks[j].type == PYTOK_OP &&
				    toks[j].len == 1 &&
				    celledit_is_close(p[toks[j].off]) &&
				    toks[j].depth == toks[k].depth + 1) {
					found = true;
					break;
				}
		} else {
			for (j = k; j-- > 0;)
				if (toks[j].type == PYTOK_OP &&
				    toks[j].len == 1 &&
				    celledit_is_open(p[toks[j].off]) &&
				    toks[j].depth == toks[k].depth - 1) {
					found = true;
					break;
				}
		}
		if (found) {
			*at = toks[k].off;
			*match = toks[j].off;
		}
	}
	free(toks);
	return found;
}

static const char *const celledit_builtins[] = {
	"abs", "all", "any", "bool", "bytes", "dict", "dir", "enumerate",
	"filter", "float", "format", "getattr", "hasattr", "id", "input",
	"int", "isinstance", "issubclass", "iter", "len", "list", "map",
	"max", "min", "next", "object", "open", "print", "range", "repr",
	"reversed", "round", "set", "setattr", "sorted", "str", "sum",
	"super", "tuple", "type", "zip", "self", "Exception", "ValueError",
	"TypeError", "KeyError", "IndexError", "RuntimeError", NULL
};

static bool
celledit_is_builtin(const char *s, size_t len)
{
	size_t i;

	for (i = 0; celledit_builtins[i] != NULL; i++)
		if (strlen(celledit_builtins[i]) == len &&
		    memcmp(celledit_builtins[i], s, len) == 0)
			return true;
	return false;
}

void
celledit_highlight(const char *src, size_t len, uint8_t *roles)
{
	struct pytok *toks;
	size_t n, i, j;

	memset(roles, DRAW_TEXT, len);
	if (len == 0)
		return;
	toks = pytok_scan(src, len, &n, NULL);
	for (i = 0; i < n; i++) {
		const struct pytok *t = &toks[i];
		enum draw_role r = DRAW_TEXT;

		switch (t->type) {
		case PYTOK_NAME:
			if (pytok_is_keyword(src + t->off, t->len))
				r = DRAW_KEYWORD;
			else if (celledit_is_builtin(src + t->off, t->len))
				r = DRAW_BUILTIN;
			break;
		case PYTOK_NUMBER:
			r = DRAW_NUMBER;
			break;
		case PYTOK_STRING:
			r = DRAW_STRING;
			break;
		case PYTOK_COMMENT:
			r = DRAW_COMMENT;
			break;
		case PYTOK_OP:
			r = DRAW_OPERATOR;
			break;
		case PYTOK_ERRORTOKEN:
			if (t->len > 0 && (src[t->off] == '"' ||
			    src[t->off] == '\'' || t->len > 1))
				r = DRAW_STRING;
			break;
		default:
			break;
		}
		for (j = t->off; j < t->off + t->len && j < len; j++)
			roles[j] = (uint8_t)r;
	}
	free(toks);
}

const uint8_t *
celledit_roles(struct celledit *ce)
{
	size_t len;
	const char *p = text_bytes(ce->t, &len);

	if (ce->roles_version != ce->text_version || ce->roles == NULL) {
		free(ce->roles);
		ce->roles = xmalloc(len + 1);
		celledit_highlight(p, len, ce->roles);
		ce->roles_len = len;
		ce->roles_version = ce->text_version;
	}
	return ce->roles;
}
