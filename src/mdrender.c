/*
 * mdrender.c: Markdown to styled lines. cmark-gfm parses (with the
 * table, strikethrough, autolink and tasklist extensions); this file
 * walks the tree and lays the blocks out at a width: prefixes for block
 * quotes and list items, word wrapping by display width, code blocks
 * with Python highlighted by pytok's token classes, tables through
 * tablerender.c, links as text plus anchors. Drawing is the editor's
 * (or richtext.c's writers, headless).
 *
 * Two ideas to hold first. Math is not Markdown to cmark-gfm, so `$x*y$`
 * would lose its stars to emphasis: a pre-pass finds the math spans
 * ($...$, $$...$$, \(...\), \[...\]) outside code and puts a sentinel
 * in their place (U+E000, the span's number, U+E001), which cmark
 * passes through untouched; every text the tree gives back is expanded
 * again, so math shows as its source, in the math role where it is text
 * and verbatim where it landed in code. A literal U+E000 in the input
 * is a span of its own, so it can never be taken for a sentinel.
 *
 * And layout is two steps: the inline content of a paragraph, heading
 * or table cell is first collected into unwrapped lines (one per hard
 * break) with the links and widgets in it marked by byte ranges; then
 * those lines are wrapped at the width left after the prefixes of the
 * enclosing quotes and list items, and the marks become anchor spans by
 * column. The tree is walked with cmark's iterator, never by recursion,
 * so nesting depth costs heap, not stack, and prefixes stop growing
 * once they would leave too little room for text.
 */
#include "config.h"
#include "mdrender.h"

#include <assert.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "buf.h"
#include "pytok.h"
#include "richtext.h"
#include "tablerender.h"
#include "utf8.h"
#include "xmalloc.h"

#define MD_NONE ((size_t)-1)
#define MD_SENT_OPEN "\xee\x80\x80"	/* U+E000 */
#define MD_SENT_CLOSE "\xee\x80\x81"	/* U+E001 */
#define MD_SENT_LEN 3
#define MD_CODE_INDENT 2
#define MD_TAB_WIDTH 4

struct md_math {
	size_t off, len;	/* source bytes, delimiters included */
	bool display;		/* $$...$$ or \[...\] */
	bool literal;		/* a U+E000 that was in the input */
};

enum md_box_kind {
	MD_BOX_QUOTE,
	MD_BOX_ITEM
};

/* A container whose prefix goes in front of each line inside it. */
struct md_box {
	enum md_box_kind kind;
	struct richtext_line first;	/* the first line's (a bullet) */
	struct richtext_line rest;	/* the others' (as wide) */
	bool used;		/* the first line was drawn */
	bool tight;		/* an item of a tight list */
};

struct md_list {
	bool ordered, tight, first;
	long next;		/* number of the next item */
	size_t numwidth;	/* columns of the widest number */
	char delim;		/* '.' or ')' */
	size_t depth;		/* bullet lists around this one */
};

/* A link or widget inside the collected inline lines. */
struct md_mark {
	enum richtext_anchor_kind kind;
	size_t index;
	size_t line, off;	/* first byte: inline line, offset */
	size_t eline, eoff;	/* just past the last byte */
};

struct md {
	const struct mdrender_options *opt;
	size_t width;
	struct richtext *out;
	const char *orig;
	size_t origlen;
	struct buf src;		/* orig with math as sentinels */
	struct md_math *math;
	size_t nmath, amath;
	struct md_box *boxes;
	size_t nboxes, aboxes;
	struct md_list *lists;
	size_t nlists, alists;
	bool blank;		/* a block ended: blank line before the next */
	/* The inline content being collected. */
	struct richtext_line *il;
	size_t nil, ail;
	struct md_mark *marks;
	size_t nmarks, amarks;
	/* Links numbered "[n]", for the footnotes. */
	size_t *numbered;
	size_t nnumbered, anumbered;
};

/*
 * The math pre-pass.
 */

enum md_math_kind {
	MD_MATH_DOLLAR,
	MD_MATH_DDOLLAR,
	MD_MATH_PAREN,
	MD_MATH_BRACKET,
	MD_MATH_NKINDS
};

static size_t
mdrender_math_add(struct md *md, size_t off, size_t len, bool display,
    bool literal)
{
	struct md_math *m;

	if (md->nmath == md->amath) {
		md->amath = md->amath ? md->amath * 2 : 8;
		md->math = xreallocarray(md->math, md->amath, sizeof *md->math);
	}
	m = &md->math[md->nmath];
	m->off = off;
	m->len = len;
	m->display = display;
	m->literal = literal;
	buf_adds(&md->src, MD_SENT_OPEN);
	buf_addf(&md->src, "%zu", md->nmath);
	buf_adds(&md->src, MD_SENT_CLOSE);
	return md->nmath++;
}

/* Is the line starting at i blank (spaces and tabs only)? */
static bool
mdrender_is_blank(const char *s, size_t len, size_t i)
{
	for (; i < len && s[i] != '\n'; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/*
 * Does the line at i open or close a code fence? Block quote markers
 * and list markers in front of it are skipped, as is indentation of up
 * to three spaces. The fence character and its count go to *ch, *n.
 */
static bool
mdrender_fence_at(const char *s, size_t len, size_t i, char *ch, size_t *n)
{
	size_t j = i, k, sp;

	for (;;) {
		for (sp = 0; j < len && s[j] == ' ' && sp < 4; j++)
			sp++;
		if (j < len && s[j] == '>') {
			j++;
			continue;
		}
		if (j + 1 < len && (s[j] == '-' || s[j] == '*' ||
		    s[j] == '+') && s[j + 1] == ' ') {
			j += 2;
			continue;
		}
		for (k = j; k < len && k - j < 9 &&
		    isdigit((unsigned char)s[k]); k++)
			;
		if (k > j && k + 1 < len && (s[k] == '.' || s[k] == ')') &&
		    s[k + 1] == ' ') {
			j = k + 2;
			continue;
		}
		break;
	}
	if (j >= len || (s[j] != '`' && s[j] != '~'))
		return false;
	for (k = j; k < len && s[k] == s[j]; k++)
		;
	if (k - j < 3)
		return false;
	*ch = s[j];
	*n = k - j;
	return true;
}

/* Does the line at i open a fence? A backtick fence's info string has
 * no backtick (else the line is inline code). */
static bool
mdrender_opens_fence(const char *s, size_t len, size_t i, char *ch,
    size_t *n)
{
	size_t k;

	if (!mdrender_fence_at(s, len, i, ch, n))
		return false;
	if (*ch == '~')
		return true;
	for (k = i; k < len && s[k] != '`'; k++)
		;
	for (k += *n; k < len && s[k] != '\n'; k++)
		if (s[k] == '`')
			return false;
	return true;
}

/*
 * Find the closer of a math span of kind whose content starts at from.
 * The search stops at a blank line or a fence line (a span never
 * crosses a block), and *stop says where. Returns the closer's offset
 * or MD_NONE.
 */
static size_t
mdrender_math_close(const char *s, size_t len, size_t from,
    enum md_math_kind kind, size_t *stop)
{
	size_t i;
	char ch;
	size_t n;

	for (i = from; i < len; i++) {
		if (s[i] == '\n') {
			if (i + 1 >= len || mdrender_is_blank(s, len, i + 1) ||
			    mdrender_fence_at(s, len, i + 1, &ch, &n))
				break;
			continue;
		}
		if (s[i] == '\\') {
			if (i + 1 < len && ((kind == MD_MATH_PAREN &&
			    s[i + 1] == ')') || (kind == MD_MATH_BRACKET &&
			    s[i + 1] == ']')))
				return i;
			if (i + 1 < len && s[i + 1] != '\n')
				i++;
			continue;
		}
		if (s[i] != '$')
			continue;
		if (kind == MD_MATH_DDOLLAR && i + 1 < len && s[i + 1] == '$' &&
		    i > from)
			return i;
		if (kind == MD_MATH_DOLLAR && i > from &&
		    !isspace((unsigned char)s[i - 1]) &&
		    (i + 1 >= len || !isdigit((unsigned char)s[i + 1])))
			return i;
	}
	*stop = i;
	return MD_NONE;
}

/* Find a run of exactly n backticks from i, within the block. */
static size_t
mdrender_ticks_close(const char *s, size_t len, size_t i, size_t n,
    size_t *stop)
{
	size_t k;
	char ch;
	size_t fn;

	while (i < len) {
		if (s[i] == '\n') {
			if (i + 1 >= len || mdrender_is_blank(s, len, i + 1) ||
			    mdrender_fence_at(s, len, i + 1, &ch, &fn))
				break;
			i++;
			continue;
		}
		if (s[i] != '`') {
			i++;
			continue;
		}
		for (k = i; k < len && s[k] == '`'; k++)
			;
		if (k - i == n)
			return i;
		i = k;
	}
	*stop = i;
	return MD_NONE;
}

/*
 * Copy orig into md->src with every math span replaced by a sentinel.
 * A failed search for a closer remembers where it stopped: no opener of
 * the same kind before that point can find one either (whether a closer
 * is valid does not depend on its opener), so the pass stays linear.
 */
static void
mdrender_prepass(struct md *md)
{
	const char *s = md->orig;
	size_t len = md->origlen, i = 0, k, close, stop, n;
	size_t fail[MD_MATH_NKINDS] = { 0 }, tickfail[32] = { 0 };
	size_t fence_n = 0;
	char fence = 0, ch;
	bool bol = true;

	while (i < len) {
		if (bol) {
			bol = false;
			if (fence != 0 || mdrender_opens_fence(s, len, i, &ch,
			    &n)) {
				if (fence == 0) {
					fence = ch;
					fence_n = n;
				} else if (mdrender_fence_at(s, len, i, &ch,
				    &n) && ch == fence && n >= fence_n)
					fence = 0;
				for (k = i; k < len && s[k] != '\n'; k++)
					;
				if (k < len)
					k++;
				buf_add(&md->src, s + i, k - i);
				i = k;
				bol = true;
				continue;
			}
		}
		if (s[i] == '\n') {
			buf_addc(&md->src, '\n');
			i++;
			bol = true;
			continue;
		}
		if (s[i] == '\\' && i + 1 < len) {
			enum md_math_kind kind = s[i + 1] == '(' ?
			    MD_MATH_PAREN : MD_MATH_BRACKET;

			if ((s[i + 1] == '(' || s[i + 1] == '[') &&
			    i >= fail[kind] && (close = mdrender_math_close(s,
			    len, i + 2, kind, &stop)) != MD_NONE) {
				mdrender_math_add(md, i, close + 2 - i,
				    kind == MD_MATH_BRACKET, false);
				i = close + 2;
				continue;
			}
			if ((s[i + 1] == '(' || s[i + 1] == '[') &&
			    i >= fail[kind])
				fail[kind] = stop;
			buf_addc(&md->src, s[i++]);
			if (s[i] != '\n')
				buf_addc(&md->src, s[i++]);
			continue;
		}
		if (s[i] == '`') {
			for (k = i; k < len && s[k] == '`'; k++)
				;
			n = k - i;
			if (k >= tickfail[n < 32 ? n : 31] &&
			    (close = mdrender_ticks_close(s, len, k, n,
			    &stop)) != MD_NONE) {
				buf_add(&md->src, s + i, close + n - i);
				i = close + n;
				continue;
			}
			if (k >= tickfail[n < 32 ? n : 31])
				tickfail[n < 32 ? n : 31] = stop;
			buf_add(&md->src, s + i, n);
			i = k;
			continue;
		}
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '$') {
			if (i >= fail[MD_MATH_DDOLLAR] &&
			    (close = mdrender_math_close(s, len, i + 2,
			    MD_MATH_DDOLLAR, &stop)) != MD_NONE) {
				mdrender_math_add(md, i, close + 2 - i, true,
				    false);
				i = close + 2;
				continue;
			}
			if (i >= fail[MD_MATH_DDOLLAR])
				fail[MD_MATH_DDOLLAR] = stop;
			buf_add(&md->src, "$$", 2);
			i += 2;
			continue;
		}
		if (s[i] == '$' && i + 1 < len &&
		    !isspace((unsigned char)s[i + 1])) {
			if (i >= fail[MD_MATH_DOLLAR] &&
			    (close = mdrender_math_close(s, len, i + 1,
			    MD_MATH_DOLLAR, &stop)) != MD_NONE) {
				mdrender_math_add(md, i, close + 1 - i, false,
				    false);
				i = close + 1;
				continue;
			}
			if (i >= fail[MD_MATH_DOLLAR])
				fail[MD_MATH_DOLLAR] = stop;
		}
		if (len - i >= MD_SENT_LEN &&
		    memcmp(s + i, MD_SENT_OPEN, MD_SENT_LEN) == 0) {
			mdrender_math_add(md, i, MD_SENT_LEN, false, true);
			i += MD_SENT_LEN;
			continue;
		}
		buf_addc(&md->src, s[i++]);
	}
}

/*
 * If p (len bytes) starts with a sentinel, its math span and the
 * sentinel's length; else NULL.
 */
static const struct md_math *
mdrender_sentinel(const struct md *md, const char *p, size_t len,
    size_t *slen)
{
	size_t i = MD_SENT_LEN, idx = 0;

	if (len < 2 * MD_SENT_LEN + 1 ||
	    memcmp(p, MD_SENT_OPEN, MD_SENT_LEN) != 0)
		return NULL;
	while (i < len && isdigit((unsigned char)p[i]) && i < 24) {
		idx = idx * 10 + (size_t)(p[i] - '0');
		i++;
	}
	if (i == MD_SENT_LEN || len - i < MD_SENT_LEN ||
	    memcmp(p + i, MD_SENT_CLOSE, MD_SENT_LEN) != 0 ||
	    idx >= md->nmath)
		return NULL;
	*slen = i + MD_SENT_LEN;
	return &md->math[idx];
}

/* Append p with every sentinel replaced by its source again. */
static void
mdrender_expand(const struct md *md, const char *p, size_t len,
    struct buf *out)
{
	const struct md_math *m;
	size_t i = 0, a = 0, sl;

	while (i < len) {
		if ((unsigned char)p[i] == 0xEE &&
		    (m = mdrender_sentinel(md, p + i, len - i, &sl)) != NULL) {
			buf_add(out, p + a, i - a);
			buf_add(out, md->orig + m->off, m->len);
			i += sl;
			a = i;
			continue;
		}
		i++;
	}
	buf_add(out, p + a, len - a);
}

/*
 * Boxes, lists and blank lines.
 */

/* Columns the prefixes may take: enough is left for text. */
static size_t
mdrender_prefix_max(const struct md *md)
{
	if (md->width > 20)
		return md->width - 10;
	return md->width >= 4 ? md->width / 2 : 0;
}

/*
 * Append the prefixes of the enclosing boxes to l; the first line of an
 * item shows its bullet (a blank line never does, nor uses it up).
 * Returns the columns used.
 */
static size_t
mdrender_prefix(struct md *md, struct richtext_line *l, bool blank)
{
	size_t i, w = 0, max = mdrender_prefix_max(md);

	for (i = 0; i < md->nboxes; i++) {
		struct md_box *b = &md->boxes[i];
		const struct richtext_line *p = !blank && !b->used ?
		    &b->first : &b->rest;

		if (!blank)
			b->used = true;
		if (w + p->line.width > max)
			continue;
		richtext_line_append(l, p, 0, p->line.len);
		w += p->line.width;
	}
	return w;
}

/* The columns mdrender_prefix would use. */
static size_t
mdrender_prefix_width(const struct md *md)
{
	size_t i, w = 0, max = mdrender_prefix_max(md);

	for (i = 0; i < md->nboxes; i++)
		if (w + md->boxes[i].rest.line.width <= max)
			w += md->boxes[i].rest.line.width;
	return w;
}

/* Drop trailing spaces (never part of a marker) from l. */
static void
mdrender_rtrim(struct richtext_line *l)
{
	struct sanitize_line *s = &l->line;

	while (s->nruns > 0 && s->len > 0 && s->text[s->len - 1] == ' ' &&
	    l->roles[s->nruns - 1] != RICHTEXT_MARKER) {
		struct sanitize_run *r = &s->runs[s->nruns - 1];

		s->len--;
		s->width--;
		s->text[s->len] = '\0';
		if (--r->len == 0)
			s->nruns--;
	}
}

static void
mdrender_blank_line(struct md *md)
{
	struct richtext_line *l = richtext_add_line(md->out);

	(void)mdrender_prefix(md, l, true);
	mdrender_rtrim(l);
}

/* A block starts: the blank line owed by the one before, unless both
 * sit in an item of a tight list. */
static void
mdrender_block_start(struct md *md)
{
	bool tight = md->nboxes > 0 &&
	    md->boxes[md->nboxes - 1].kind == MD_BOX_ITEM &&
	    md->boxes[md->nboxes - 1].tight;

	if (md->blank && !tight)
		mdrender_blank_line(md);
	md->blank = false;
}

static struct md_box *
mdrender_box_push(struct md *md, enum md_box_kind kind)
{
	struct md_box *b;

	if (md->nboxes == md->aboxes) {
		md->aboxes = md->aboxes ? md->aboxes * 2 : 8;
		md->boxes = xreallocarray(md->boxes, md->aboxes,
		    sizeof *md->boxes);
	}
	b = &md->boxes[md->nboxes++];
	b->kind = kind;
	richtext_line_init(&b->first);
	richtext_line_init(&b->rest);
	b->used = false;
	b->tight = false;
	return b;
}

static void
mdrender_box_pop(struct md *md)
{
	struct md_box *b;

	assert(md->nboxes > 0);
	b = &md->boxes[--md->nboxes];
	richtext_line_release(&b->first);
	richtext_line_release(&b->rest);
}

static void
mdrender_glyph(struct md *md, struct richtext_line *l, uint32_t cp,
    char ascii, enum richtext_role role)
{
	richtext_line_add_cp(l, md->opt->ascii ? (uint32_t)ascii : cp, role,
	    NULL);
}

static void
mdrender_quote_enter(struct md *md)
{
	struct md_box *b;

	mdrender_block_start(md);
	b = mdrender_box_push(md, MD_BOX_QUOTE);
	mdrender_glyph(md, &b->first, 0x2502, '>', RICHTEXT_QUOTE);
	richtext_line_pad(&b->first, 1, RICHTEXT_QUOTE);
	mdrender_glyph(md, &b->rest, 0x2502, '>', RICHTEXT_QUOTE);
	richtext_line_pad(&b->rest, 1, RICHTEXT_QUOTE);
}

static void
mdrender_list_enter(struct md *md, cmark_node *node)
{
	struct md_list *l;
	cmark_node *c;
	size_t depth = 0, i, count = 0;
	long last;
	char num[32];

	mdrender_block_start(md);
	for (i = 0; i < md->nlists; i++)
		if (!md->lists[i].ordered)
			depth++;
	if (md->nlists == md->alists) {
		md->alists = md->alists ? md->alists * 2 : 8;
		md->lists = xreallocarray(md->lists, md->alists,
		    sizeof *md->lists);
	}
	l = &md->lists[md->nlists++];
	l->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
	l->tight = cmark_node_get_list_tight(node) != 0;
	l->first = true;
	l->next = cmark_node_get_list_start(node);
	l->delim = cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ?
	    ')' : '.';
	l->depth = depth;
	for (c = cmark_node_first_child(node); c != NULL;
	    c = cmark_node_next(c))
		count++;
	last = l->next + (long)(count > 0 ? count - 1 : 0);
	l->numwidth = (size_t)snprintf(num, sizeof num, "%ld", last);
}

static void
mdrender_item_enter(struct md *md, cmark_node *node)
{
	struct md_list *l;
	struct md_box *b;
	bool task = strcmp(cmark_node_get_type_string(node), "tasklist") == 0;
	static const uint32_t bullets[] = { 0x2022, 0x25E6, 0x25AA };
	static const char abullets[] = { '*', '-', '+' };
	char num[40];
	int n;

	assert(md->nlists > 0);
	l = &md->lists[md->nlists - 1];
	if (!l->first && !l->tight)
		mdrender_blank_line(md);
	l->first = false;
	md->blank = false;
	b = mdrender_box_push(md, MD_BOX_ITEM);
	b->tight = l->tight;
	if (l->ordered) {
		n = snprintf(num, sizeof num, "%*ld%c ", (int)l->numwidth,
		    l->next, l->delim);
		richtext_line_add(&b->first, SANITIZE_FIELD, num, (size_t)n,
		    RICHTEXT_BULLET, 0);
		l->next++;
	} else if (!task) {
		mdrender_glyph(md, &b->first, bullets[l->depth % 3],
		    abullets[l->depth % 3], RICHTEXT_BULLET);
		richtext_line_pad(&b->first, 1, RICHTEXT_BULLET);
	}
	if (task) {
		bool done;

		done = cmark_gfm_extensions_get_tasklist_item_checked(node);
		richtext_line_add(&b->first, SANITIZE_FIELD, done ? "[x] " :
		    "[ ] ", 4, RICHTEXT_BULLET, 0);
	}
	richtext_line_pad(&b->rest, b->first.line.width, RICHTEXT_TEXT);
}

static void
mdrender_item_exit(struct md *md)
{
	struct md_box *b = &md->boxes[md->nboxes - 1];

	if (!b->used) {
		/* An empty item still shows its bullet. */
		struct richtext_line *l = richtext_add_line(md->out);

		(void)mdrender_prefix(md, l, false);
		mdrender_rtrim(l);
	}
	mdrender_box_pop(md);
	md->blank = true;
}

/*
 * Inline content.
 */

static struct richtext_line *
mdrender_il_cur(struct md *md)
{
	return &md->il[md->nil - 1];
}

static void
mdrender_il_break(struct md *md)
{
	if (md->nil == md->ail) {
		md->ail = md->ail ? md->ail * 2 : 4;
		md->il = xreallocarray(md->il, md->ail, sizeof *md->il);
	}
	richtext_line_init(&md->il[md->nil++]);
}

static void
mdrender_il_reset(struct md *md)
{
	size_t i;

	for (i = 0; i < md->nil; i++)
		richtext_line_release(&md->il[i]);
	md->nil = 0;
	md->nmarks = 0;
	mdrender_il_break(md);
}

static size_t
mdrender_mark_open(struct md *md, enum richtext_anchor_kind kind,
    size_t index)
{
	struct md_mark *m;

	if (md->nmarks == md->amarks) {
		md->amarks = md->amarks ? md->amarks * 2 : 8;
		md->marks = xreallocarray(md->marks, md->amarks,
		    sizeof *md->marks);
	}
	m = &md->marks[md->nmarks];
	m->kind = kind;
	m->index = index;
	m->line = m->eline = md->nil - 1;
	m->off = m->eoff = mdrender_il_cur(md)->line.len;
	return md->nmarks++;
}

static void
mdrender_mark_close(struct md *md, size_t mark)
{
	md->marks[mark].eline = md->nil - 1;
	md->marks[mark].eoff = mdrender_il_cur(md)->line.len;
}

/* Text from the tree: math sentinels become math, the rest is text. */
static void
mdrender_text(struct md *md, const char *p, size_t len,
    enum richtext_role role, uint8_t flags)
{
	const struct md_math *m;
	size_t i = 0, a = 0, sl;

	while (i < len) {
		if ((unsigned char)p[i] == 0xEE &&
		    (m = mdrender_sentinel(md, p + i, len - i, &sl)) != NULL) {
			richtext_line_add(mdrender_il_cur(md), SANITIZE_TEXT,
			    p + a, i - a, role, flags);
			richtext_line_add(mdrender_il_cur(md), SANITIZE_TEXT,
			    md->orig + m->off, m->len, m->literal ? role :
			    RICHTEXT_MATH, m->literal ? flags : 0);
			i += sl;
			a = i;
			continue;
		}
		i++;
	}
	richtext_line_add(mdrender_il_cur(md), SANITIZE_TEXT, p + a, len - a,
	    role, flags);
}

/* The value of attribute name in an HTML tag, or NULL. */
static const char *
mdrender_html_attr(const char *tag, const char *name, size_t *len)
{
	size_t nl = strlen(name);
	const char *p = tag, *e;
	char q;

	while ((p = strstr(p, name)) != NULL) {
		if (p > tag && (p[-1] == ' ' || p[-1] == '\t' ||
		    p[-1] == '\n') && p[nl] == '=') {
			p += nl + 1;
			q = *p;
			if (q == '"' || q == '\'') {
				p++;
				if ((e = strchr(p, q)) == NULL)
					return NULL;
			} else
				for (e = p; *e != '\0' && *e != ' ' &&
				    *e != '>' && *e != '/'; e++)
					;
			*len = (size_t)(e - p);
			return p;
		}
		p += nl;
	}
	return NULL;
}

/* Does tag (HTML) start with the element name el? */
static bool
mdrender_html_is(const char *tag, const char *el)
{
	size_t n = strlen(el);

	return strncasecmp(tag, el, n) == 0 && (tag[n] == '>' ||
	    tag[n] == ' ' || tag[n] == '/' || tag[n] == '\t' ||
	    tag[n] == '\n');
}

/* Inline state while walking one node's inline content. */
struct md_inline {
	int emph, strong, strike;
	size_t links[8];	/* open link marks, innermost last */
	size_t nlinks;
	size_t link_from[8];	/* line and offset where each began */
	size_t link_line[8];
	size_t widget;		/* open widget mark, or MD_NONE */
	bool suppress;		/* the widget's own text replaces this */
	bool cell;		/* in a table cell: no line breaks */
};

static void
mdrender_html_inline(struct md *md, struct md_inline *st, const char *tag)
{
	const char *id, *text;
	size_t idlen, tlen, index;

	if (mdrender_html_is(tag, "<br")) {
		if (st->cell)
			richtext_line_pad(mdrender_il_cur(md), 1,
			    RICHTEXT_TEXT);
		else
			mdrender_il_break(md);
		return;
	}
	if (mdrender_html_is(tag, "<quire-widget") && st->widget == MD_NONE) {
		id = mdrender_html_attr(tag, "id", &idlen);
		if (id == NULL) {
			id = "";
			idlen = 0;
		}
		index = richtext_anchor_add(md->out, RICHTEXT_ANCHOR_WIDGET,
		    id, idlen);
		st->widget = mdrender_mark_open(md, RICHTEXT_ANCHOR_WIDGET,
		    index);
		if (md->opt->widget_text != NULL &&
		    (text = md->opt->widget_text(md->opt->widget_ctx, id, idlen,
		    &tlen)) != NULL) {
			richtext_line_add(mdrender_il_cur(md), SANITIZE_FIELD,
			    text, tlen, RICHTEXT_WIDGET, 0);
			st->suppress = true;
		}
		return;
	}
	if (mdrender_html_is(tag, "</quire-widget") && st->widget != MD_NONE) {
		mdrender_mark_close(md, st->widget);
		st->widget = MD_NONE;
		st->suppress = false;
	}
	/* Any other tag is dropped: quire never shows raw HTML. */
}

/* The visible text of a link equals its target (an autolink). */
static bool
mdrender_link_is_url(struct md *md, size_t line, size_t off,
    const char *url, size_t ulen)
{
	const struct richtext_line *l = mdrender_il_cur(md);
	size_t n;

	static const char *const schemes[] = { "", "http://", "https://",
		"mailto:", NULL };
	size_t i, sl;

	if (line != md->nil - 1)
		return false;
	n = l->line.len - off;
	for (i = 0; schemes[i] != NULL; i++) {
		sl = strlen(schemes[i]);
		if (ulen == n + sl && strncmp(url, schemes[i], sl) == 0 &&
		    memcmp(l->line.text + off, url + sl, n) == 0)
			return true;
	}
	return false;
}

static void
mdrender_link_exit(struct md *md, struct md_inline *st, cmark_node *node)
{
	struct buf url = BUF_INIT;
	const char *u = cmark_node_get_url(node);
	size_t mark = st->links[--st->nlinks];
	char num[32];
	int n;

	mdrender_mark_close(md, mark);
	if (md->opt->links == MDRENDER_LINKS_TEXT)
		return;
	if (u != NULL)
		mdrender_expand(md, u, strlen(u), &url);
	if (!mdrender_link_is_url(md, st->link_line[st->nlinks],
	    st->link_from[st->nlinks], url.ptr, url.len)) {
		if (md->nnumbered == md->anumbered) {
			md->anumbered = md->anumbered ? md->anumbered * 2 : 8;
			md->numbered = xreallocarray(md->numbered,
			    md->anumbered, sizeof *md->numbered);
		}
		md->numbered[md->nnumbered++] = md->marks[mark].index;
		n = snprintf(num, sizeof num, "[%zu]", md->nnumbered);
		richtext_line_add(mdrender_il_cur(md), SANITIZE_FIELD, num,
		    (size_t)n, RICHTEXT_DIM, 0);
	}
	buf_release(&url);
}

static void
mdrender_link_enter(struct md *md, struct md_inline *st, cmark_node *node,
    bool image)
{
	struct buf url = BUF_INIT;
	const char *u = cmark_node_get_url(node);
	size_t index;

	if (u != NULL)
		mdrender_expand(md, u, strlen(u), &url);
	index = richtext_anchor_add(md->out, RICHTEXT_ANCHOR_LINK, url.ptr,
	    url.len);
	buf_release(&url);
	if (image)
		richtext_line_add(mdrender_il_cur(md), SANITIZE_FIELD,
		    "[image: ", 8, RICHTEXT_LINK, 0);
	if (st->nlinks < sizeof st->links / sizeof st->links[0]) {
		st->link_line[st->nlinks] = md->nil - 1;
		st->link_from[st->nlinks] = mdrender_il_cur(md)->line.len;
		st->links[st->nlinks++] = mdrender_mark_open(md,
		    RICHTEXT_ANCHOR_LINK, index);
	}
}

/*
 * Collect the inline content of node (a paragraph, heading or table
 * cell) into md->il and md->marks, in role with flags.
 */
static void
mdrender_inlines(struct md *md, cmark_node *node, enum richtext_role role,
    uint8_t flags, bool cell)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	struct md_inline st;
	struct buf code = BUF_INIT;

	memset(&st, 0, sizeof st);
	st.widget = MD_NONE;
	st.cell = cell;
	mdrender_il_reset(md);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		enum richtext_role r = st.widget != MD_NONE ? RICHTEXT_WIDGET :
		    st.nlinks > 0 ? RICHTEXT_LINK : role;
		uint8_t f = flags | (st.emph > 0 ? SANITIZE_ITALIC : 0) |
		    (st.strong > 0 ? SANITIZE_BOLD : 0) |
		    (st.strike > 0 ? SANITIZE_DIM : 0) |
		    (st.nlinks > 0 ? SANITIZE_UNDERLINE : 0);
		const char *lit;

		if (n == node)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(n);
			if (!st.suppress && lit != NULL)
				mdrender_text(md, lit, strlen(lit), r, f);
			break;
		case CMARK_NODE_SOFTBREAK:
			if (!st.suppress)
				richtext_line_pad(mdrender_il_cur(md), 1, r);
			break;
		case CMARK_NODE_LINEBREAK:
			if (st.suppress)
				break;
			if (cell)
				richtext_line_pad(mdrender_il_cur(md), 1, r);
			else
				mdrender_il_break(md);
			break;
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			if (st.suppress || lit == NULL)
				break;
			buf_reset(&code);
			if (md->opt->plain)
				buf_addc(&code, '`');
			mdrender_expand(md, lit, strlen(lit), &code);
			if (md->opt->plain)
				buf_addc(&code, '`');
			richtext_line_add(mdrender_il_cur(md), SANITIZE_TEXT,
			    code.ptr, code.len, st.nlinks > 0 ? r :
			    RICHTEXT_CODE, f);
			break;
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(n);
			if (lit != NULL)
				mdrender_html_inline(md, &st, lit);
			break;
		case CMARK_NODE_EMPH:
			st.emph += enter ? 1 : -1;
			break;
		case CMARK_NODE_STRONG:
			st.strong += enter ? 1 : -1;
			break;
		case CMARK_NODE_LINK:
			if (enter)
				mdrender_link_enter(md, &st, n, false);
			else if (st.nlinks > 0)
				mdrender_link_exit(md, &st, n);
			break;
		case CMARK_NODE_IMAGE:
			if (enter)
				mdrender_link_enter(md, &st, n, true);
			else if (st.nlinks > 0) {
				richtext_line_add(mdrender_il_cur(md),
				    SANITIZE_FIELD, "]", 1, RICHTEXT_LINK, 0);
				mdrender_link_exit(md, &st, n);
			}
			break;
		default:
			if (strcmp(cmark_node_get_type_string(n),
			    "strikethrough") == 0)
				st.strike += enter ? 1 : -1;
			break;
		}
	}
	if (st.widget != MD_NONE)
		mdrender_mark_close(md, st.widget);
	while (st.nlinks > 0)
		mdrender_mark_close(md, st.links[--st.nlinks]);
	buf_release(&code);
	cmark_iter_free(it);
}

/*
 * Wrapping.
 */

/* Emit bytes [a, b) of inline line li as one output row. */
static void
mdrender_row(struct md *md, const struct richtext_line *src, size_t li,
    size_t a, size_t b, size_t indent, bool trim, size_t *maxw)
{
	struct richtext_line *l = richtext_add_line(md->out);
	size_t pw, row = richtext_nlines(md->out) - 1, i;
	const char *t = src->line.text;

	if (trim)
		while (b > a && t[b - 1] == ' ')
			b--;
	pw = mdrender_prefix(md, l, false);
	richtext_line_pad(l, indent, RICHTEXT_TEXT);
	pw += indent;
	richtext_line_append(l, src, a, b - a);
	mdrender_rtrim(l);
	/* Trimming may have eaten into the prefix (an empty row). */
	if (maxw != NULL && l->line.width > pw && l->line.width - pw > *maxw)
		*maxw = l->line.width - pw;
	if (li == MD_NONE)
		return;
	for (i = 0; i < md->nmarks; i++) {
		const struct md_mark *m = &md->marks[i];
		size_t ms, me;

		if (li < m->line || li > m->eline)
			continue;
		ms = m->line == li ? m->off : 0;
		me = m->eline == li ? m->eoff : src->line.len;
		if (ms < a)
			ms = a;
		if (me > b)
			me = b;
		if (ms >= me)
			continue;
		richtext_span_add(md->out, m->kind, m->index, row,
		    pw + utf8_str_width(t + a, ms - a),
		    utf8_str_width(t + ms, me - ms));
	}
}

/*
 * Wrap line src into rows of at most avail columns after the prefixes
 * and indent columns. words: break at spaces (dropping them) and around
 * wide characters, else anywhere (code). A line that would take more
 * than MDRENDER_MAX_ROWS rows ends with a note of the columns left out.
 */
static void
mdrender_wrap(struct md *md, const struct richtext_line *src, size_t li,
    size_t avail, size_t indent, bool words, size_t *maxw)
{
	const char *t = src->line.text;
	size_t len = src->line.len, off = 0, start = 0, w = 0, run = 0;
	size_t brk = MD_NONE, brk_next = 0, w_after = 0, rows = 0, end, n;
	bool prev_space = false;
	uint32_t cp, cp2;
	int cw;

	if (avail == 0)
		avail = 1;
	while (off < len) {
		n = utf8_next(t + off, len - off, &cp, NULL);
		end = off + n;
		while (end < len) {
			size_t n2 = utf8_next(t + end, len - end, &cp2, NULL);

			if (utf8_width(cp2) != 0)
				break;
			end += n2;
		}
		cw = utf8_width(cp);
		if (cw < 0)
			cw = 0;
		while (run + 1 < src->line.nruns &&
		    off >= src->line.runs[run].off + src->line.runs[run].len)
			run++;
		if (words && cp == ' ' && src->roles[run] != RICHTEXT_MARKER) {
			if (off == start && (rows > 0 || (li != MD_NONE &&
			    li > 0))) {
				/* No row after a break starts with spaces. */
				start = off = end;
				continue;
			}
			if (!prev_space)
				brk = off;
			brk_next = end;
			w_after = 0;
			prev_space = true;
			if (w + (size_t)cw > avail) {
				if (rows >= MDRENDER_MAX_ROWS)
					break;
				mdrender_row(md, src, li, start, brk, indent,
				    true, maxw);
				rows++;
				start = end;
				w = 0;
				brk = MD_NONE;
				prev_space = false;
				off = end;
				continue;
			}
			w += (size_t)cw;
			off = end;
			continue;
		}
		prev_space = false;
		if (words && cw == 2 && w > 0) {
			brk = off;
			brk_next = off;
			w_after = 0;
		}
		if (w + (size_t)cw > avail && w > 0) {
			if (rows >= MDRENDER_MAX_ROWS)
				break;
			if (words && brk != MD_NONE && brk > start) {
				mdrender_row(md, src, li, start, brk, indent,
				    true, maxw);
				start = brk_next;
				w = w_after;
			} else {
				mdrender_row(md, src, li, start, off, indent,
				    words, maxw);
				start = off;
				w = 0;
			}
			rows++;
			brk = MD_NONE;
		}
		w += (size_t)cw;
		w_after += (size_t)cw;
		if (words && cw == 2) {
			brk = end;
			brk_next = end;
			w_after = 0;
		}
		off = end;
	}
	if (rows >= MDRENDER_MAX_ROWS && start < len) {
		struct richtext_line note, cut;
		struct buf b = BUF_INIT;

		buf_addf(&b, "\xe2\x80\xa6 [+%zu columns]",
		    utf8_str_width(t + start, len - start));
		richtext_line_init(&note);
		richtext_line_init(&cut);
		richtext_line_add(&note, SANITIZE_FIELD, b.ptr, b.len,
		    RICHTEXT_DIM, 0);
		(void)richtext_line_append_cut(&cut, &note, avail, false);
		mdrender_row(md, &cut, MD_NONE, 0, cut.line.len, indent,
		    false, NULL);
		richtext_line_release(&note);
		richtext_line_release(&cut);
		buf_release(&b);
		return;
	}
	if (start < len || rows == 0)
		mdrender_row(md, src, li, start, len, indent, words, maxw);
}

/* Wrap every collected inline line; returns the widest row's text. */
static size_t
mdrender_flow(struct md *md)
{
	size_t i, pw = mdrender_prefix_width(md), maxw = 0;
	size_t avail = md->width > pw ? md->width - pw : 1;

	for (i = 0; i < md->nil; i++)
		mdrender_wrap(md, &md->il[i], i, avail, 0, true, &maxw);
	return maxw;
}

/*
 * Blocks.
 */

/* Is the paragraph only a display math span? Then its span. */
static const struct md_math *
mdrender_display_math(struct md *md, cmark_node *para)
{
	cmark_node *c = cmark_node_first_child(para);
	const struct md_math *m;
	const char *lit;
	size_t sl, len;

	if (c == NULL || cmark_node_next(c) != NULL ||
	    cmark_node_get_type(c) != CMARK_NODE_TEXT ||
	    (lit = cmark_node_get_literal(c)) == NULL)
		return NULL;
	len = strlen(lit);
	m = mdrender_sentinel(md, lit, len, &sl);
	return m != NULL && sl == len && m->display ? m : NULL;
}

/* The indent of code and display math: less when the width is tiny,
 * so that two columns are left, room for a wide character. */
static size_t
mdrender_code_indent(const struct md *md, size_t pw)
{
	if (md->width >= pw + MD_CODE_INDENT + 2)
		return MD_CODE_INDENT;
	return md->width > pw + 2 ? md->width - pw - 2 : 0;
}

/* Lines of text in role, each hard-wrapped, indented under the
 * prefixes (display math, and code without highlighting). */
static void
mdrender_source_lines(struct md *md, const char *p, size_t len,
    enum richtext_role role)
{
	struct richtext_line l;
	size_t a = 0, i, pw = mdrender_prefix_width(md);
	size_t indent = mdrender_code_indent(md, pw);
	size_t avail = md->width > pw + indent ? md->width - pw - indent : 1;

	richtext_line_init(&l);
	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != '\n')
			continue;
		richtext_line_reset(&l);
		richtext_line_add(&l, SANITIZE_CODE, p + a, i - a, role, 0);
		mdrender_wrap(md, &l, MD_NONE, avail, indent, false, NULL);
		a = i + 1;
	}
	richtext_line_release(&l);
}

static void
mdrender_paragraph(struct md *md, cmark_node *node)
{
	const struct md_math *m;

	mdrender_block_start(md);
	if ((m = mdrender_display_math(md, node)) != NULL)
		mdrender_source_lines(md, md->orig + m->off, m->len,
		    RICHTEXT_MATH);
	else {
		mdrender_inlines(md, node, RICHTEXT_TEXT, 0, false);
		(void)mdrender_flow(md);
	}
	md->blank = true;
}

static void
mdrender_heading(struct md *md, cmark_node *node)
{
	int level = cmark_node_get_heading_level(node);
	struct richtext_line *l;
	size_t w, i;

	mdrender_block_start(md);
	mdrender_inlines(md, node, RICHTEXT_HEADING, SANITIZE_BOLD, false);
	w = mdrender_flow(md);
	if (level <= 2 && w > 0) {
		l = richtext_add_line(md->out);
		(void)mdrender_prefix(md, l, false);
		for (i = 0; i < w; i++)
			mdrender_glyph(md, l, level == 1 ? 0x2550 : 0x2500,
			    level == 1 ? '=' : '-', RICHTEXT_HEADING);
	}
	md->blank = true;
}

static void
mdrender_thematic_break(struct md *md)
{
	struct richtext_line *l;
	size_t pw, i;

	mdrender_block_start(md);
	l = richtext_add_line(md->out);
	pw = mdrender_prefix(md, l, false);
	for (i = pw; i < md->width; i++)
		mdrender_glyph(md, l, 0x2500, '-', RICHTEXT_RULE);
	md->blank = true;
}

static const char *const mdrender_builtins[] = {
	"abs", "all", "any", "bool", "bytes", "dict", "dir", "enumerate",
	"filter", "float", "format", "getattr", "hasattr", "id", "input",
	"int", "isinstance", "issubclass", "iter", "len", "list", "map",
	"max", "min", "next", "object", "open", "print", "range", "repr",
	"reversed", "round", "set", "setattr", "sorted", "str", "sum",
	"super", "tuple", "type", "zip", "self", "Exception", "ValueError",
	"TypeError", "KeyError", "IndexError", "RuntimeError", NULL
};

/* A role per byte of Python source, by pytok's token classes, as the
 * cell editor colours cells. */
static void
mdrender_highlight(const char *src, size_t len, uint8_t *roles)
{
	struct pytok *toks;
	size_t n, i, j, k;

	memset(roles, RICHTEXT_CODE, len);
	if (len == 0)
		return;
	toks = pytok_scan(src, len, &n, NULL);
	for (i = 0; i < n; i++) {
		const struct pytok *t = &toks[i];
		enum richtext_role r = RICHTEXT_CODE;

		switch (t->type) {
		case PYTOK_NAME:
			if (pytok_is_keyword(src + t->off, t->len))
				r = RICHTEXT_KEYWORD;
			else
				for (k = 0; mdrender_builtins[k] != NULL; k++)
					if (strlen(mdrender_builtins[k]) ==
					    t->len && memcmp(src + t->off,
					    mdrender_builtins[k], t->len) == 0)
						r = RICHTEXT_BUILTIN;
			break;
		case PYTOK_NUMBER:
			r = RICHTEXT_NUMBER;
			break;
		case PYTOK_STRING:
			r = RICHTEXT_STRING;
			break;
		case PYTOK_COMMENT:
			r = RICHTEXT_COMMENT;
			break;
		case PYTOK_OP:
			r = RICHTEXT_OPERATOR;
			break;
		case PYTOK_ERRORTOKEN:
			if (t->len > 1 || (t->len == 1 &&
			    (src[t->off] == '"' || src[t->off] == '\'')))
				r = RICHTEXT_STRING;
			break;
		default:
			break;
		}
		for (j = t->off; j < t->off + t->len && j < len; j++)
			roles[j] = (uint8_t)r;
	}
	free(toks);
}

static bool
mdrender_is_python(const char *info)
{
	static const char *const names[] = { "python", "py", "python3",
		"py3", "ipython", "ipython3", "pycon", NULL };
	size_t n, i;

	if (info == NULL)
		return false;
	while (*info == ' ')
		info++;
	for (n = 0; info[n] != '\0' && info[n] != ' ' && info[n] != '{' &&
	    info[n] != ','; n++)
		;
	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n &&
		    strncasecmp(info, names[i], n) == 0)
			return true;
	return false;
}

static void
mdrender_code_block(struct md *md, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	struct buf code = BUF_INIT;
	struct richtext_line l;
	uint8_t *roles;
	size_t a = 0, i, j, k, pw, avail, indent;

	mdrender_block_start(md);
	if (lit != NULL)
		mdrender_expand(md, lit, strlen(lit), &code);
	if (code.len > 0 && code.ptr[code.len - 1] == '\n')
		buf_truncate(&code, code.len - 1);
	roles = xmalloc(code.len + 1);
	if (mdrender_is_python(cmark_node_get_fence_info(node)))
		mdrender_highlight(code.ptr, code.len, roles);
	else
		memset(roles, RICHTEXT_CODE, code.len + 1);
	pw = mdrender_prefix_width(md);
	indent = mdrender_code_indent(md, pw);
	avail = md->width > pw + indent ? md->width - pw - indent : 1;
	richtext_line_init(&l);
	for (i = 0; i <= code.len; i++) {
		if (i < code.len && code.ptr[i] != '\n')
			continue;
		richtext_line_reset(&l);
		for (j = a; j < i; j = k) {
			for (k = j; k < i && roles[k] == roles[j] &&
			    code.ptr[k] != '\t'; k++)
				;
			/* Never cut a character in two. */
			while (k < i && ((unsigned char)code.ptr[k] & 0xC0) ==
			    0x80)
				k++;
			if (k > j)
				richtext_line_add(&l, SANITIZE_CODE,
				    code.ptr + j, k - j,
				    (enum richtext_role)roles[j], 0);
			if (k < i && code.ptr[k] == '\t') {
				richtext_line_pad(&l, MD_TAB_WIDTH -
				    l.line.width % MD_TAB_WIDTH, RICHTEXT_CODE);
				k++;
			}
		}
		mdrender_wrap(md, &l, MD_NONE, avail, indent, false, NULL);
		a = i + 1;
	}
	richtext_line_release(&l);
	free(roles);
	buf_release(&code);
	md->blank = true;
}

/*
 * An HTML block as text: tags dropped (a <br>, <p> or <div> boundary
 * is a line break), comments and script/style bodies left out, the
 * common entities decoded. Paragraphs are the runs of non-blank lines.
 */
static void
mdrender_html_text(const char *p, size_t len, struct buf *out)
{
	static const struct {
		const char *name, *text;
	} ents[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" },
		{ "quot", "\"" }, { "apos", "'" }, { "nbsp", "\xc2\xa0" },
	};
	size_t i = 0, k, e;
	const char *end;

	while (i < len) {
		if (p[i] == '<') {
			if (len - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
				end = memmem(p + i + 4, len - i - 4, "-->", 3);
				i = end != NULL ? (size_t)(end - p) + 3 : len;
				continue;
			}
			for (k = i; k < len && p[k] != '>'; k++)
				;
			if (k - i >= 7 && (strncasecmp(p + i, "<script", 7) ==
			    0 || strncasecmp(p + i, "<style", 6) == 0)) {
				const char *close = strncasecmp(p + i,
				    "<script", 7) == 0 ? "</script" : "</style";

				for (; k < len; k++)
					if (len - k >= strlen(close) &&
					    strncasecmp(p + k, close,
					    strlen(close)) == 0)
						break;
				for (; k < len && p[k] != '>'; k++)
					;
			} else if (len - i > 2 && (strncasecmp(p + i, "<br",
			    3) == 0 || strncasecmp(p + i, "</p", 3) == 0 ||
			    strncasecmp(p + i, "</div", 5) == 0 ||
			    strncasecmp(p + i, "<p", 2) == 0))
				buf_addc(out, '\n');
			i = k < len ? k + 1 : len;
			continue;
		}
		if (p[i] == '&') {
			for (e = 0; e < sizeof ents / sizeof ents[0]; e++) {
				size_t n = strlen(ents[e].name);

				if (len - i > n + 1 &&
				    strncmp(p + i + 1, ents[e].name, n) == 0 &&
				    p[i + 1 + n] == ';')
					break;
			}
			if (e < sizeof ents / sizeof ents[0]) {
				buf_adds(out, ents[e].text);
				i += strlen(ents[e].name) + 2;
				continue;
			}
			if (len - i > 3 && p[i + 1] == '#') {
				unsigned long cp = 0;
				bool hex = p[i + 2] == 'x' || p[i + 2] == 'X';
				char u[4];
				size_t nd = 0, un;

				for (k = i + (hex ? 3 : 2); k < len && nd < 8;
				    k++, nd++) {
					int c = (unsigned char)p[k];

					if (hex && isxdigit(c))
						cp = cp * 16 + (unsigned long)(
						    isdigit(c) ? c - '0' :
						    (c | 0x20) - 'a' + 10);
					else if (!hex && isdigit(c))
						cp = cp * 10 +
						    (unsigned long)(c - '0');
					else
						break;
				}
				if (nd > 0 && k < len && p[k] == ';') {
					un = utf8_encode(cp <= 0x10FFFF ?
					    (uint32_t)cp : UTF8_REPLACEMENT, u);
					if (un == 0)
						un = utf8_encode(
						    UTF8_REPLACEMENT, u);
					buf_add(out, u, un);
					i = k + 1;
					continue;
				}
			}
		}
		buf_addc(out, p[i++]);
	}
}

static void
mdrender_html_block(struct md *md, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	struct buf raw = BUF_INIT, text = BUF_INIT, para = BUF_INIT;
	size_t a = 0, i, s, e;

	if (lit != NULL)
		mdrender_expand(md, lit, strlen(lit), &raw);
	mdrender_html_text(raw.ptr, raw.len, &text);
	for (i = 0; i <= text.len; i++) {
		if (i < text.len && text.ptr[i] != '\n')
			continue;
		for (s = a; s < i && isspace((unsigned char)text.ptr[s]); s++)
			;
		for (e = i; e > s && isspace((unsigned char)text.ptr[e - 1]);
		    e--)
			;
		if (e > s) {
			if (para.len > 0)
				buf_addc(&para, ' ');
			buf_add(&para, text.ptr + s, e - s);
		}
		if ((e == s || i == text.len) && para.len > 0) {
			mdrender_block_start(md);
			mdrender_il_reset(md);
			richtext_line_add(mdrender_il_cur(md), SANITIZE_TEXT,
			    para.ptr, para.len, RICHTEXT_TEXT, 0);
			(void)mdrender_flow(md);
			md->blank = true;
			buf_reset(&para);
		}
		a = i + 1;
	}
	buf_release(&raw);
	buf_release(&text);
	buf_release(&para);
}

/* The inline content of a table cell as one line, in l. */
static void
mdrender_cell(struct md *md, cmark_node *cell, struct richtext_line *l,
    enum richtext_role role, uint8_t flags)
{
	size_t i;

	mdrender_inlines(md, cell, role, flags, true);
	richtext_line_reset(l);
	for (i = 0; i < md->nil; i++) {
		if (i > 0)
			richtext_line_pad(l, 1, role);
		richtext_line_append(l, &md->il[i], 0, md->il[i].line.len);
	}
}

static void
mdrender_table_note(struct md *md, size_t n, const char *what, size_t width)
{
	struct richtext_line note, cut;
	struct buf b = BUF_INIT;

	buf_adds(&b, md->opt->ascii ? "... " : "\xe2\x80\xa6 ");
	tablerender_count_format(&b, n);
	buf_adds(&b, what);
	richtext_line_init(&note);
	richtext_line_init(&cut);
	richtext_line_add(&note, SANITIZE_FIELD, b.ptr, b.len, RICHTEXT_DIM,
	    0);
	(void)richtext_line_append_cut(&cut, &note, width, false);
	mdrender_row(md, &cut, MD_NONE, 0, cut.line.len, 0, false, NULL);
	richtext_line_release(&note);
	richtext_line_release(&cut);
	buf_release(&b);
}

static void
mdrender_table(struct md *md, cmark_node *node)
{
	struct tablerender *t = tablerender_new();
	struct tablerender_options o;
	struct tablerender_view view;
	struct richtext *rt = richtext_new();
	struct richtext_line cell;
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(node);
	uint8_t *align = cmark_gfm_extensions_get_table_alignments(node);
	cmark_node *row, *c;
	size_t col, i, pw, dropped = 0;
	bool header;

	mdrender_block_start(md);
	richtext_line_init(&cell);
	row = cmark_node_first_child(node);
	for (c = row != NULL ? cmark_node_first_child(row) : NULL, col = 0;
	    c != NULL && col < ncols; c = cmark_node_next(c), col++) {
		enum tablerender_align a = TABLERENDER_LEFT;

		if (align != NULL)
			a = align[col] == 'r' ? TABLERENDER_RIGHT :
			    align[col] == 'c' ? TABLERENDER_CENTER :
			    TABLERENDER_LEFT;
		mdrender_cell(md, c, &cell, RICHTEXT_HEADER, 0);
		tablerender_column_add(t, &cell, a);
	}
	for (row = row != NULL ? cmark_node_next(row) : NULL; row != NULL;
	    row = cmark_node_next(row)) {
		header = cmark_gfm_extensions_get_table_row_is_header(row);
		if (header)
			continue;
		if (!tablerender_row_add(t)) {
			dropped++;
			continue;
		}
		for (c = cmark_node_first_child(row), col = 0; c != NULL &&
		    col < ncols; c = cmark_node_next(c), col++) {
			mdrender_cell(md, c, &cell, RICHTEXT_TEXT, 0);
			tablerender_cell_set(t, col, &cell, false);
		}
	}
	pw = mdrender_prefix_width(md);
	memset(&o, 0, sizeof o);
	o.width = md->width > pw ? md->width - pw : 1;
	o.cursor = TABLERENDER_NONE;
	o.ascii = md->opt->ascii;
	tablerender_render(rt, t, &o, &view);
	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *src = richtext_line(rt, i);

		mdrender_row(md, src, MD_NONE, 0, src->line.len, 0, false,
		    NULL);
	}
	/* A Markdown table does not scroll: say what did not fit. */
	if (dropped > 0)
		mdrender_table_note(md, dropped, " more rows not shown",
		    o.width);
	if (view.ncols < tablerender_ncols(t))
		mdrender_table_note(md, tablerender_ncols(t) - view.ncols,
		    " more columns not shown", o.width);
	richtext_line_release(&cell);
	richtext_free(rt);
	tablerender_free(t);
	md->blank = true;
}

static void
mdrender_footnotes(struct md *md)
{
	struct richtext_line l;
	const char *url;
	size_t i, len;
	char num[32];
	int n;

	if (md->nnumbered == 0)
		return;
	md->blank = true;
	mdrender_block_start(md);
	richtext_line_init(&l);
	for (i = 0; i < md->nnumbered; i++) {
		url = richtext_anchor(md->out, RICHTEXT_ANCHOR_LINK,
		    md->numbered[i], &len);
		richtext_line_reset(&l);
		n = snprintf(num, sizeof num, "[%zu] ", i + 1);
		richtext_line_add(&l, SANITIZE_FIELD, num, (size_t)n,
		    RICHTEXT_DIM, 0);
		richtext_line_add(&l, SANITIZE_FIELD, url, len, RICHTEXT_LINK,
		    0);
		mdrender_wrap(md, &l, MD_NONE, md->width, 0, false, NULL);
	}
	richtext_line_release(&l);
}

static void
mdrender_walk(struct md *md, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	const char *ts;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;

		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_DOCUMENT:
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			if (enter)
				mdrender_quote_enter(md);
			else {
				mdrender_box_pop(md);
				md->blank = true;
			}
			break;
		case CMARK_NODE_LIST:
			if (enter)
				mdrender_list_enter(md, n);
			else {
				md->nlists--;
				md->blank = true;
			}
			break;
		case CMARK_NODE_ITEM:
			if (enter)
				mdrender_item_enter(md, n);
			else
				mdrender_item_exit(md);
			break;
		case CMARK_NODE_PARAGRAPH:
			mdrender_paragraph(md, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_HEADING:
			mdrender_heading(md, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_CODE_BLOCK:
			mdrender_code_block(md, n);
			break;
		case CMARK_NODE_HTML_BLOCK:
			mdrender_html_block(md, n);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			mdrender_thematic_break(md);
			break;
		default:
			ts = cmark_node_get_type_string(n);
			if (enter && strcmp(ts, "table") == 0) {
				mdrender_table(md, n);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			} else if (strcmp(ts, "tasklist") == 0) {
				if (enter)
					mdrender_item_enter(md, n);
				else
					mdrender_item_exit(md);
			}
			break;
		}
	}
	cmark_iter_free(it);
}

void
mdrender_render(struct richtext *out, const char *text, size_t len,
    const struct mdrender_options *opt)
{
	static const char *const exts[] = { "table", "strikethrough",
		"autolink", "tasklist" };
	cmark_parser *parser;
	cmark_node *doc;
	struct md md;
	size_t i, cut = 0;

	memset(&md, 0, sizeof md);
	md.opt = opt;
	md.width = opt->width ? opt->width : 80;
	md.out = out;
	if (len > MDRENDER_MAX_LEN) {
		cut = len - MDRENDER_MAX_LEN;
		len = MDRENDER_MAX_LEN;
	}
	md.orig = text;
	md.origlen = len;
	buf_init(&md.src);
	mdrender_prepass(&md);
	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		cmark_syntax_extension *e;

		e = cmark_find_syntax_extension(exts[i]);

		if (e != NULL)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, md.src.ptr, md.src.len);
	doc = cmark_parser_finish(parser);
	mdrender_walk(&md, doc);
	if (opt->links == MDRENDER_LINKS_FOOTNOTES)
		mdrender_footnotes(&md);
	if (cut > 0) {
		struct buf b = BUF_INIT;
		struct richtext_line *l;

		md.blank = true;
		mdrender_block_start(&md);
		buf_adds(&b, "\xe2\x80\xa6 ");
		tablerender_count_format(&b, cut);
		buf_adds(&b, " more bytes of Markdown not shown");
		l = richtext_add_line(out);
		richtext_line_add(l, SANITIZE_FIELD, b.ptr, b.len,
		    RICHTEXT_DIM, 0);
		buf_release(&b);
	}
	cmark_node_free(doc);
	cmark_parser_free(parser);
	while (md.nboxes > 0)
		mdrender_box_pop(&md);
	for (i = 0; i < md.nil; i++)
		richtext_line_release(&md.il[i]);
	free(md.il);
	free(md.marks);
	free(md.boxes);
	free(md.lists);
	free(md.math);
	free(md.numbered);
	buf_release(&md.src);
}
