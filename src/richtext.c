/*
 * richtext.c: styled lines for rendered rich output, and the headless
 * rendering of a display bundle. Owns the line form the renderers share
 * (a sanitize_line plus a role per run), the anchors of links and
 * widgets, the plain and ANSI writers used by `quire run`, and the
 * choice of representation when there is no screen. The renderers
 * themselves are mdrender.c, tablerender.c and imgrender.c; drawing on
 * a screen is tui/'s.
 *
 * The idea to hold first: text enters a line only through the
 * sanitiser (richtext_line_add, richtext_add) or one checked code point
 * at a time (richtext_line_add_cp), and every other operation copies
 * bytes that are already in a line. So whatever the renderers do, a line
 * holds only printable code points, and its width is the sum of the
 * widths the sanitiser measured.
 */
#include "config.h"
#include "richtext.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "imgrender.h"
#include "mdrender.h"
#include "pyrepr.h"
#include "tablerender.h"
#include "utf8.h"
#include "xmalloc.h"

static char richtext_empty[1];

static const char *const richtext_role_names[RICHTEXT_NROLES] = {
	[RICHTEXT_TEXT] = "text",
	[RICHTEXT_HEADING] = "heading",
	[RICHTEXT_CODE] = "code",
	[RICHTEXT_KEYWORD] = "syntax.keyword",
	[RICHTEXT_BUILTIN] = "syntax.builtin",
	[RICHTEXT_STRING] = "syntax.string",
	[RICHTEXT_NUMBER] = "syntax.number",
	[RICHTEXT_COMMENT] = "syntax.comment",
	[RICHTEXT_OPERATOR] = "syntax.operator",
	[RICHTEXT_LINK] = "link",
	[RICHTEXT_MATH] = "math",
	[RICHTEXT_QUOTE] = "quote",
	[RICHTEXT_BULLET] = "bullet",
	[RICHTEXT_RULE] = "rule",
	[RICHTEXT_HEADER] = "table.header",
	[RICHTEXT_INDEX] = "table.index",
	[RICHTEXT_NULL] = "table.null",
	[RICHTEXT_DIM] = "dim",
	[RICHTEXT_SELECTED] = "table.selected",
	[RICHTEXT_CURSOR] = "table.cursor",
	[RICHTEXT_WIDGET] = "widget",
	[RICHTEXT_IMAGE] = "image",
	[RICHTEXT_MARKER] = "marker",
};

const char *
richtext_role_name(enum richtext_role r)
{
	if ((unsigned)r >= RICHTEXT_NROLES)
		return "?";
	return richtext_role_names[r];
}

/*
 * Lines.
 */

static const struct sanitize_style richtext_plain = {
	0, SANITIZE_COLOR_DEFAULT, SANITIZE_COLOR_DEFAULT
};
static const struct sanitize_style richtext_marker_style = {
	SANITIZE_MARKER, SANITIZE_COLOR_DEFAULT, SANITIZE_COLOR_DEFAULT
};

void
richtext_line_init(struct richtext_line *l)
{
	memset(l, 0, sizeof *l);
	l->line.text = richtext_empty;
}

void
richtext_line_release(struct richtext_line *l)
{
	if (l->line.text_alloc > 0)
		free(l->line.text);
	free(l->line.runs);
	free(l->roles);
	richtext_line_init(l);
}

void
richtext_line_reset(struct richtext_line *l)
{
	l->line.len = 0;
	l->line.width = 0;
	l->line.nruns = 0;
	if (l->line.text_alloc > 0)
		l->line.text[0] = '\0';
}

static void
richtext_line_reserve(struct richtext_line *l, size_t nbytes)
{
	struct sanitize_line *s = &l->line;
	size_t want = s->len + nbytes + 1;

	if (want > s->text_alloc) {
		size_t n = s->text_alloc ? s->text_alloc * 2 : 32;
		char *t;

		while (n < want)
			n *= 2;
		t = xmalloc(n);
		memcpy(t, s->text, s->len + 1);
		if (s->text_alloc > 0)
			free(s->text);
		s->text = t;
		s->text_alloc = n;
	}
	if (s->nruns == s->runs_alloc) {
		s->runs_alloc = s->runs_alloc ? s->runs_alloc * 2 : 4;
		s->runs = xreallocarray(s->runs, s->runs_alloc,
		    sizeof *s->runs);
		l->roles = xreallocarray(l->roles, s->runs_alloc,
		    sizeof *l->roles);
	}
}

static bool
richtext_style_eq(const struct sanitize_style *a,
    const struct sanitize_style *b)
{
	return a->flags == b->flags && a->fg == b->fg && a->bg == b->bg;
}

/*
 * Append n bytes of text that is already printable (it came out of the
 * sanitiser or a line), width columns. It joins the last run when style
 * and role agree, except that markers stay runs of their own, as the
 * sanitiser keeps them.
 */
static void
richtext_line_put(struct richtext_line *l, const char *p, size_t n,
    size_t width, const struct sanitize_style *st, enum richtext_role role)
{
	struct sanitize_line *s = &l->line;
	struct sanitize_run *r;

	if (n == 0)
		return;
	if (st->flags & SANITIZE_MARKER)
		role = RICHTEXT_MARKER;
	richtext_line_reserve(l, n);
	memcpy(s->text + s->len, p, n);
	r = s->nruns ? &s->runs[s->nruns - 1] : NULL;
	if (r != NULL && richtext_style_eq(&r->style, st) &&
	    l->roles[s->nruns - 1] == role &&
	    !(st->flags & SANITIZE_MARKER))
		r->len += n;
	else {
		r = &s->runs[s->nruns];
		r->off = s->len;
		r->len = n;
		r->style = *st;
		r->src_off = 0;
		l->roles[s->nruns++] = (uint8_t)role;
	}
	s->len += n;
	s->text[s->len] = '\0';
	s->width += width;
}

/* Append the runs of one sanitised line in role and flags. */
static void
richtext_line_put_sline(struct richtext_line *l,
    const struct sanitize_line *sl, enum richtext_role role, uint8_t flags)
{
	size_t i;

	for (i = 0; i < sl->nruns; i++) {
		const struct sanitize_run *r = &sl->runs[i];
		struct sanitize_style st = r->style;

		if (!(st.flags & SANITIZE_MARKER))
			st.flags |= flags;
		richtext_line_put(l, sl->text + r->off, r->len,
		    utf8_str_width(sl->text + r->off, r->len), &st, role);
	}
}

static struct sanitize *
richtext_sanitize(enum sanitize_context ctx, bool sgr, const char *p,
    size_t len)
{
	struct sanitize_options o;
	struct sanitize *s;

	o.context = ctx;
	o.sgr = sgr;
	o.tab_width = 4;
	s = sanitize_new(&o);
	sanitize_feed(s, p, len);
	sanitize_finish(s);
	return s;
}

void
richtext_line_add(struct richtext_line *l, enum sanitize_context ctx,
    const char *p, size_t len, enum richtext_role role, uint8_t flags)
{
	const struct sanitize_line *sl;
	struct sanitize *s;
	size_t i, n;

	if (len == 0)
		return;
	s = richtext_sanitize(ctx, false, p, len);
	sl = sanitize_lines(s, &n);
	for (i = 0; i < n; i++) {
		if (i > 0)
			richtext_line_put(l, " ", 1, 1, &richtext_plain, role);
		richtext_line_put_sline(l, &sl[i], role, flags);
	}
	sanitize_free(s);
}

void
richtext_line_add_cp(struct richtext_line *l, uint32_t cp,
    enum richtext_role role, const struct sanitize_style *style)
{
	char u[4];
	size_t n;
	int w;

	if (style == NULL)
		style = &richtext_plain;
	w = utf8_width(cp);
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (w != 1 && w != 2) ||
	    utf8_class(cp) != UTF8_CLASS_PRINT ||
	    (n = utf8_encode(cp, u)) == 0) {
		richtext_line_put(l, "?", 1, 1, &richtext_marker_style,
		    RICHTEXT_MARKER);
		return;
	}
	if (style->flags & SANITIZE_MARKER) {
		struct sanitize_style st = *style;

		/* Only the sanitiser makes markers. */
		st.flags &= (uint8_t)~SANITIZE_MARKER;
		richtext_line_put(l, u, n, (size_t)w, &st, role);
		return;
	}
	richtext_line_put(l, u, n, (size_t)w, style, role);
}

void
richtext_line_pad(struct richtext_line *l, size_t n,
    enum richtext_role role)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;

		richtext_line_put(l, spaces, k, k, &richtext_plain, role);
		n -= k;
	}
}

void
richtext_line_append(struct richtext_line *dst,
    const struct richtext_line *src, size_t off, size_t len)
{
	const struct sanitize_line *s = &src->line;
	size_t i, end = off + len;

	assert(end <= s->len);
	for (i = 0; i < s->nruns && len > 0; i++) {
		const struct sanitize_run *r = &s->runs[i];
		size_t a = r->off > off ? r->off : off;
		size_t b = r->off + r->len < end ? r->off + r->len : end;

		if (a >= b)
			continue;
		richtext_line_put(dst, s->text + a, b - a,
		    utf8_str_width(s->text + a, b - a), &r->style,
		    (enum richtext_role)src->roles[i]);
	}
}

/* The run of l holding byte off (l has text there). */
static size_t
richtext_line_run_at(const struct richtext_line *l, size_t off)
{
	size_t i;

	for (i = 0; i + 1 < l->line.nruns; i++)
		if (off < l->line.runs[i].off + l->line.runs[i].len)
			return i;
	return i;
}

/*
 * The byte offset where the code point that would make the width pass
 * max columns starts (combining marks stay with their base), and the
 * columns before it in *width.
 */
static size_t
richtext_line_fit(const struct richtext_line *l, size_t max, size_t *width)
{
	const char *t = l->line.text;
	size_t off = 0, w = 0, n;
	uint32_t cp;
	int cw;

	while (off < l->line.len) {
		n = utf8_next(t + off, l->line.len - off, &cp, NULL);
		cw = utf8_width(cp);
		if (cw < 0)
			cw = 0;
		if (w + (size_t)cw > max)
			break;
		w += (size_t)cw;
		off += n;
	}
	*width = w;
	return off;
}

size_t
richtext_line_append_cut(struct richtext_line *dst,
    const struct richtext_line *src, size_t ncols, bool marker)
{
	size_t off, w;
	enum richtext_role role;
	struct sanitize_style st;

	if (src->line.width <= ncols) {
		richtext_line_append(dst, src, 0, src->line.len);
		return src->line.width;
	}
	if (ncols == 0)
		return 0;
	off = richtext_line_fit(src, ncols - 1, &w);
	richtext_line_append(dst, src, 0, off);
	richtext_line_pad(dst, ncols - 1 - w, RICHTEXT_TEXT);
	if (marker || src->line.nruns == 0) {
		st = richtext_marker_style;
		role = RICHTEXT_MARKER;
	} else {
		size_t i = richtext_line_run_at(src, off < src->line.len ?
		    off : src->line.len - 1);

		st = src->line.runs[i].style;
		st.flags &= (uint8_t)~SANITIZE_MARKER;
		role = (enum richtext_role)src->roles[i];
		if (role == RICHTEXT_MARKER)
			role = RICHTEXT_TEXT;
	}
	richtext_line_put(dst, "\xe2\x80\xa6", 3, 1, &st, role);
	return ncols;
}

void
richtext_line_set_role(struct richtext_line *l, size_t first,
    enum richtext_role role)
{
	size_t i;

	for (i = first; i < l->line.nruns; i++)
		if (l->roles[i] != RICHTEXT_MARKER)
			l->roles[i] = (uint8_t)role;
}

size_t
richtext_line_col_off(const struct richtext_line *l, size_t col)
{
	const char *t = l->line.text;
	size_t off = 0, w = 0, n;
	uint32_t cp;
	int cw;

	while (off < l->line.len && w < col) {
		n = utf8_next(t + off, l->line.len - off, &cp, NULL);
		cw = utf8_width(cp);
		w += cw > 0 ? (size_t)cw : 0;
		off += n;
	}
	/* Marks that sit on the last base stay with it. */
	while (off < l->line.len) {
		n = utf8_next(t + off, l->line.len - off, &cp, NULL);
		if (utf8_width(cp) > 0)
			break;
		off += n;
	}
	return off;
}

/*
 * Blocks.
 */

struct richtext_target {
	enum richtext_anchor_kind kind;
	char *p;
	size_t len;
	size_t index;		/* among the targets of its kind */
};

struct richtext {
	struct richtext_line *lines;
	size_t nlines, alines;
	struct richtext_target *targets;
	size_t ntargets, atargets;
	size_t nkind[2];
	struct richtext_span *spans;
	size_t nspans, aspans;
};

struct richtext *
richtext_new(void)
{
	return xcalloc(1, sizeof(struct richtext));
}

void
richtext_clear(struct richtext *rt)
{
	size_t i;

	for (i = 0; i < rt->nlines; i++)
		richtext_line_release(&rt->lines[i]);
	rt->nlines = 0;
	for (i = 0; i < rt->ntargets; i++)
		free(rt->targets[i].p);
	rt->ntargets = 0;
	rt->nkind[0] = rt->nkind[1] = 0;
	rt->nspans = 0;
}

void
richtext_free(struct richtext *rt)
{
	if (rt == NULL)
		return;
	richtext_clear(rt);
	free(rt->lines);
	free(rt->targets);
	free(rt->spans);
	free(rt);
}

size_t
richtext_nlines(const struct richtext *rt)
{
	return rt->nlines;
}

const struct richtext_line *
richtext_line(const struct richtext *rt, size_t i)
{
	assert(i < rt->nlines);
	return &rt->lines[i];
}

size_t
richtext_width(const struct richtext *rt)
{
	size_t i, w = 0;

	for (i = 0; i < rt->nlines; i++)
		if (rt->lines[i].line.width > w)
			w = rt->lines[i].line.width;
	return w;
}

struct richtext_line *
richtext_add_line(struct richtext *rt)
{
	if (rt->nlines == rt->alines) {
		rt->alines = rt->alines ? rt->alines * 2 : 16;
		rt->lines = xreallocarray(rt->lines, rt->alines,
		    sizeof *rt->lines);
	}
	richtext_line_init(&rt->lines[rt->nlines]);
	return &rt->lines[rt->nlines++];
}

struct richtext_line *
richtext_last_line(struct richtext *rt)
{
	if (rt->nlines == 0)
		return richtext_add_line(rt);
	return &rt->lines[rt->nlines - 1];
}

/* richtext_add, with SGR honoured when sgr says so. */
static void
richtext_add_sgr(struct richtext *rt, enum sanitize_context ctx, bool sgr,
    const char *p, size_t len, enum richtext_role role, uint8_t flags)
{
	const struct sanitize_line *sl;
	struct sanitize *s;
	size_t i, n;

	if (len == 0) {
		(void)richtext_last_line(rt);
		return;
	}
	s = richtext_sanitize(ctx, sgr, p, len);
	sl = sanitize_lines(s, &n);
	for (i = 0; i < n; i++)
		richtext_line_put_sline(i == 0 ? richtext_last_line(rt) :
		    richtext_add_line(rt), &sl[i], role, flags);
	sanitize_free(s);
}

void
richtext_add(struct richtext *rt, enum sanitize_context ctx, const char *p,
    size_t len, enum richtext_role role, uint8_t flags)
{
	richtext_add_sgr(rt, ctx, false, p, len, role, flags);
}

void
richtext_add_terminal(struct richtext *rt, const char *p, size_t len)
{
	richtext_add_sgr(rt, SANITIZE_TEXT, true, p, len, RICHTEXT_TEXT, 0);
}

size_t
richtext_anchor_add(struct richtext *rt, enum richtext_anchor_kind kind,
    const char *target, size_t len)
{
	struct richtext_target *t;

	assert(kind == RICHTEXT_ANCHOR_LINK || kind == RICHTEXT_ANCHOR_WIDGET);
	if (rt->ntargets == rt->atargets) {
		rt->atargets = rt->atargets ? rt->atargets * 2 : 8;
		rt->targets = xreallocarray(rt->targets, rt->atargets,
		    sizeof *rt->targets);
	}
	t = &rt->targets[rt->ntargets++];
	t->kind = kind;
	t->p = xmalloc(len + 1);
	if (len > 0)
		memcpy(t->p, target, len);
	t->p[len] = '\0';
	t->len = len;
	t->index = rt->nkind[kind]++;
	return t->index;
}

void
richtext_span_add(struct richtext *rt, enum richtext_anchor_kind kind,
    size_t index, size_t line, size_t col, size_t width)
{
	struct richtext_span *s;

	if (width == 0)
		return;
	if (rt->nspans == rt->aspans) {
		rt->aspans = rt->aspans ? rt->aspans * 2 : 8;
		rt->spans = xreallocarray(rt->spans, rt->aspans,
		    sizeof *rt->spans);
	}
	s = &rt->spans[rt->nspans++];
	s->kind = kind;
	s->index = index;
	s->line = line;
	s->col = col;
	s->width = width;
}

size_t
richtext_nanchors(const struct richtext *rt, enum richtext_anchor_kind kind)
{
	assert(kind == RICHTEXT_ANCHOR_LINK || kind == RICHTEXT_ANCHOR_WIDGET);
	return rt->nkind[kind];
}

const char *
richtext_anchor(const struct richtext *rt, enum richtext_anchor_kind kind,
    size_t i, size_t *len)
{
	size_t k;

	for (k = 0; k < rt->ntargets; k++)
		if (rt->targets[k].kind == kind && rt->targets[k].index == i) {
			if (len != NULL)
				*len = rt->targets[k].len;
			return rt->targets[k].p;
		}
	if (len != NULL)
		*len = 0;
	return NULL;
}

size_t
richtext_nspans(const struct richtext *rt)
{
	return rt->nspans;
}

const struct richtext_span *
richtext_span(const struct richtext *rt, size_t i)
{
	assert(i < rt->nspans);
	return &rt->spans[i];
}

const struct richtext_span *
richtext_span_at(const struct richtext *rt, size_t line, size_t col)
{
	size_t i;

	for (i = 0; i < rt->nspans; i++) {
		const struct richtext_span *s = &rt->spans[i];

		if (s->line == line && col >= s->col &&
		    col < s->col + s->width)
			return s;
	}
	return NULL;
}

void
richtext_append(struct richtext *dst, const struct richtext *src)
{
	size_t base = dst->nlines, i;
	size_t kbase[2];

	kbase[0] = dst->nkind[0];
	kbase[1] = dst->nkind[1];
	for (i = 0; i < src->nlines; i++) {
		const struct richtext_line *l = &src->lines[i];

		richtext_line_append(richtext_add_line(dst), l, 0,
		    l->line.len);
	}
	for (i = 0; i < src->ntargets; i++)
		(void)richtext_anchor_add(dst, src->targets[i].kind,
		    src->targets[i].p, src->targets[i].len);
	for (i = 0; i < src->nspans; i++) {
		const struct richtext_span *s = &src->spans[i];

		richtext_span_add(dst, s->kind, kbase[s->kind] + s->index,
		    base + s->line, s->col, s->width);
	}
}

/*
 * Writers.
 */

void
richtext_format_plain(const struct richtext *rt, struct buf *out)
{
	size_t i, n;

	for (i = 0; i < rt->nlines; i++) {
		const struct sanitize_line *l = &rt->lines[i].line;

		n = l->len;
		while (n > 0 && l->text[n - 1] == ' ')
			n--;
		buf_add(out, l->text, n);
		buf_addc(out, '\n');
	}
}

/* The look a role has when quire writes to a terminal without a theme:
 * attributes and a colour of the basic eight (-1: none). */
static const struct {
	uint8_t flags;
	int8_t fg;
} richtext_role_look[RICHTEXT_NROLES] = {
	[RICHTEXT_TEXT] = { 0, -1 },
	[RICHTEXT_HEADING] = { SANITIZE_BOLD, 4 },
	[RICHTEXT_CODE] = { 0, 6 },
	[RICHTEXT_KEYWORD] = { SANITIZE_BOLD, 5 },
	[RICHTEXT_BUILTIN] = { 0, 6 },
	[RICHTEXT_STRING] = { 0, 2 },
	[RICHTEXT_NUMBER] = { 0, 3 },
	[RICHTEXT_COMMENT] = { SANITIZE_DIM, -1 },
	[RICHTEXT_OPERATOR] = { 0, -1 },
	[RICHTEXT_LINK] = { SANITIZE_UNDERLINE, 4 },
	[RICHTEXT_MATH] = { 0, 3 },
	[RICHTEXT_QUOTE] = { SANITIZE_DIM, -1 },
	[RICHTEXT_BULLET] = { 0, -1 },
	[RICHTEXT_RULE] = { SANITIZE_DIM, -1 },
	[RICHTEXT_HEADER] = { SANITIZE_BOLD, -1 },
	[RICHTEXT_INDEX] = { SANITIZE_DIM, -1 },
	[RICHTEXT_NULL] = { SANITIZE_DIM, -1 },
	[RICHTEXT_DIM] = { SANITIZE_DIM, -1 },
	[RICHTEXT_SELECTED] = { SANITIZE_BOLD, 2 },
	[RICHTEXT_CURSOR] = { SANITIZE_REVERSE, -1 },
	[RICHTEXT_WIDGET] = { SANITIZE_UNDERLINE, -1 },
	[RICHTEXT_IMAGE] = { 0, -1 },
	[RICHTEXT_MARKER] = { SANITIZE_REVERSE, -1 },
};

/* The red, green and blue of entry n of the xterm 256-colour palette. */
static void
richtext_palette_rgb(int n, int *r, int *g, int *b)
{
	static const int base[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 },
		{ 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 },
		{ 0, 255, 0 }, { 255, 255, 0 }, { 92, 92, 255 },
		{ 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int cube[6] = { 0, 95, 135, 175, 215, 255 };

	if (n < 16) {
		*r = base[n][0];
		*g = base[n][1];
		*b = base[n][2];
	} else if (n < 232) {
		n -= 16;
		*r = cube[n / 36];
		*g = cube[n / 6 % 6];
		*b = cube[n % 6];
	} else
		*r = *g = *b = 8 + (n - 232) * 10;
}

/* The palette entry in [lo, hi) nearest to r, g, b. */
static int
richtext_palette_nearest(int r, int g, int b, int lo, int hi)
{
	int i, best = lo, pr, pg, pb;
	long d, bestd = -1;

	for (i = lo; i < hi; i++) {
		richtext_palette_rgb(i, &pr, &pg, &pb);
		d = (long)(r - pr) * (r - pr) + (long)(g - pg) * (g - pg) +
		    (long)(b - pb) * (b - pb);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/* Append the SGR parameters for colour c as foreground (base 30) or
 * background (base 40), for a terminal with ncolors. */
static void
richtext_sgr_color(struct buf *out, int32_t c, int base, int ncolors)
{
	int r, g, b, n;

	if (c == SANITIZE_COLOR_DEFAULT || ncolors < 8)
		return;
	if (c & SANITIZE_COLOR_RGB) {
		r = (c >> 16) & 0xff;
		g = (c >> 8) & 0xff;
		b = c & 0xff;
		if (ncolors >= RICHTEXT_TRUECOLOR) {
			buf_addf(out, ";%d;2;%d;%d;%d", base + 8, r, g, b);
			return;
		}
		n = richtext_palette_nearest(r, g, b, ncolors >= 256 ? 16 : 0,
		    ncolors >= 256 ? 256 : ncolors >= 16 ? 16 : 8);
	} else
		n = c & 0xff;
	if (n >= ncolors) {
		richtext_palette_rgb(n, &r, &g, &b);
		n = richtext_palette_nearest(r, g, b, 0,
		    ncolors >= 16 ? 16 : 8);
	}
	if (n < 8)
		buf_addf(out, ";%d", base + n);
	else if (n < 16)
		buf_addf(out, ";%d", base + 60 + n - 8);
	else
		buf_addf(out, ";%d;5;%d", base + 8, n);
}

/* Bytes of l without the trailing spaces nothing would show: a space
 * with a background, reverse video or an underline stays. */
static size_t
richtext_trimmed_len(const struct richtext_line *rl)
{
	const struct sanitize_line *l = &rl->line;
	const struct sanitize_style *st;
	size_t n = l->len, k = l->nruns;
	int role;

	while (n > 0 && l->text[n - 1] == ' ') {
		while (k > 0 && l->runs[k - 1].off >= n)
			k--;
		if (k == 0)
			break;
		st = &l->runs[k - 1].style;
		role = rl->roles[k - 1];
		if (st->bg != SANITIZE_COLOR_DEFAULT || st->flags &
		    (SANITIZE_REVERSE | SANITIZE_UNDERLINE) ||
		    role == RICHTEXT_CURSOR || role == RICHTEXT_MARKER ||
		    role == RICHTEXT_SELECTED)
			break;
		n--;
	}
	return n;
}

void
richtext_format_ansi(const struct richtext *rt, struct buf *out,
    int ncolors)
{
	size_t i, k, n;

	for (i = 0; i < rt->nlines; i++) {
		const struct richtext_line *rl = &rt->lines[i];
		const struct sanitize_line *l = &rl->line;
		struct buf prev = BUF_INIT, sgr = BUF_INIT;

		n = richtext_trimmed_len(rl);
		for (k = 0; k < l->nruns && l->runs[k].off < n; k++) {
			const struct sanitize_run *r = &l->runs[k];
			enum richtext_role role = rl->roles[k];
			uint8_t f = r->style.flags |
			    richtext_role_look[role].flags;
			int32_t fg = r->style.fg, bg = r->style.bg;
			size_t end = r->off + r->len < n ? r->off + r->len : n;

			if (fg == SANITIZE_COLOR_DEFAULT &&
			    richtext_role_look[role].fg >= 0)
				fg = richtext_role_look[role].fg;
			buf_reset(&sgr);
			buf_adds(&sgr, "\033[0");
			if (f & SANITIZE_BOLD)
				buf_adds(&sgr, ";1");
			if (f & SANITIZE_DIM)
				buf_adds(&sgr, ";2");
			if (f & SANITIZE_ITALIC)
				buf_adds(&sgr, ";3");
			if (f & SANITIZE_UNDERLINE)
				buf_adds(&sgr, ";4");
			if (f & SANITIZE_REVERSE || role == RICHTEXT_MARKER)
				buf_adds(&sgr, ";7");
			richtext_sgr_color(&sgr, fg, 30, ncolors);
			richtext_sgr_color(&sgr, bg, 40, ncolors);
			buf_addc(&sgr, 'm');
			if (prev.len != sgr.len ||
			    memcmp(prev.ptr, sgr.ptr, sgr.len) != 0) {
				buf_add(out, sgr.ptr, sgr.len);
				buf_reset(&prev);
				buf_add(&prev, sgr.ptr, sgr.len);
			}
			buf_add(out, l->text + r->off, end - r->off);
		}
		if (prev.len > 0)
			buf_adds(out, "\033[0m");
		buf_addc(out, '\n');
		buf_release(&prev);
		buf_release(&sgr);
	}
}

/*
 * Headless rendering of a display bundle.
 */

static const struct richtext_mime *
richtext_bundle_find(const struct richtext_mime *items, size_t n,
    const char *mime)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (items[i].mime != NULL && strcmp(items[i].mime, mime) == 0)
			return &items[i];
	return NULL;
}

/* A widget description as "label: value": the value in Python's
 * spelling, strings bare at the top, lists joined by commas. */
static int
richtext_widget(struct richtext *out, const char *p, size_t len)
{
	json_t *root, *label, *kind, *display, *value;
	struct richtext_line *l;
	struct buf b = BUF_INIT;
	json_error_t e;
	const char *name;

	root = json_loadb(p, len, 0, &e);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return -1;
	}
	label = json_object_get(root, "label");
	kind = json_object_get(root, "kind");
	display = json_object_get(root, "display");
	value = json_object_get(root, "value");
	name = json_string_value(label);
	if (name == NULL || *name == '\0')
		name = json_string_value(kind);
	if (name == NULL || *name == '\0')
		name = "widget";
	l = richtext_add_line(out);
	richtext_line_add(l, SANITIZE_FIELD, name, strlen(name),
	    RICHTEXT_TEXT, 0);
	richtext_line_add(l, SANITIZE_FIELD, ": ", 2, RICHTEXT_TEXT, 0);
	if (json_is_string(display))
		buf_add(&b, json_string_value(display),
		    json_string_length(display));
	else if (value != NULL)
		pyrepr_json_format(&b, value,
		    PYREPR_BARE | PYREPR_BARE_KEYS | PYREPR_NOESCAPE);
	richtext_line_add(l, SANITIZE_FIELD, b.ptr, b.len, RICHTEXT_WIDGET, 0);
	buf_release(&b);
	json_decref(root);
	return 0;
}

static int
richtext_image(struct richtext *out, const struct richtext_mime *it,
    const struct richtext_mime *alt, const struct richtext_bundle_options *o,
    size_t width)
{
	struct imgrender_options io;
	struct imgrender *img;
	struct richtext_line text, *l;
	struct buf b = BUF_INIT;
	size_t nl;

	if (imgrender_load(&img, it->data, it->len) < 0)
		return -1;
	if (o->images && imgrender_is_shown(img)) {
		memset(&io, 0, sizeof io);
		io.cols = width;
		io.rows = o->image_rows ? o->image_rows : 24;
		io.ncolors = o->ncolors;
		io.symbols = o->ascii ? IMGRENDER_ASCII : IMGRENDER_BLOCKS;
		io.zoom = true;
		io.ascii = o->ascii;
		imgrender_render(out, img, &io);
		imgrender_free(img);
		return 0;
	}
	imgrender_describe(&b, img, o->ascii);
	imgrender_free(img);
	richtext_line_init(&text);
	richtext_line_add(&text, SANITIZE_FIELD, b.ptr, b.len, RICHTEXT_DIM,
	    0);
	if (alt != NULL && alt->len > 0) {
		/* The first line of the value's text says what it is. */
		for (nl = 0; nl < alt->len && alt->data[nl] != '\n'; nl++)
			;
		richtext_line_pad(&text, 1, RICHTEXT_TEXT);
		richtext_line_add(&text, SANITIZE_FIELD, alt->data, nl,
		    RICHTEXT_TEXT, 0);
	}
	l = richtext_add_line(out);
	(void)richtext_line_append_cut(l, &text, width, false);
	richtext_line_release(&text);
	buf_release(&b);
	return 0;
}

static int
richtext_table(struct richtext *out, const struct richtext_mime *it,
    const struct richtext_bundle_options *o, size_t width)
{
	struct tablerender_options to;
	struct tablerender *t;

	if (tablerender_parse(&t, it->data, it->len) < 0)
		return -1;
	memset(&to, 0, sizeof to);
	to.width = width;
	to.cursor = TABLERENDER_NONE;
	to.footer = true;
	to.ascii = o->ascii;
	to.head = o->table_head || o->table_tail ? o->table_head : 10;
	to.tail = o->table_head || o->table_tail ? o->table_tail : 5;
	if (to.head == 0)
		to.head = 1;
	tablerender_render(out, t, &to, NULL);
	tablerender_free(t);
	return 0;
}

int
richtext_bundle_render(struct richtext *out, const struct richtext_mime *items,
    size_t n, const struct richtext_bundle_options *o)
{
	static const char *const order[] = { RICHTEXT_MIME_WIDGET,
		"text/markdown", RICHTEXT_MIME_TABLE, "image/png",
		"image/jpeg", "text/plain", "text/html", NULL };
	const struct richtext_mime *it, *alt;
	struct mdrender_options mo;
	struct richtext_line *l;
	size_t width = o->width ? o->width : 80, i;
	const char *m;

	alt = richtext_bundle_find(items, n, "text/plain");
	for (i = 0; order[i] != NULL; i++) {
		if ((it = richtext_bundle_find(items, n, order[i])) == NULL)
			continue;
		m = order[i];
		if (strcmp(m, RICHTEXT_MIME_WIDGET) == 0) {
			if (richtext_widget(out, it->data, it->len) < 0)
				continue;
		} else if (strcmp(m, "text/markdown") == 0 ||
		    strcmp(m, "text/html") == 0) {
			memset(&mo, 0, sizeof mo);
			mo.width = width;
			mo.links = MDRENDER_LINKS_FOOTNOTES;
			mo.ascii = o->ascii;
			mo.plain = true;
			mdrender_render(out, it->data, it->len, &mo);
		} else if (strcmp(m, RICHTEXT_MIME_TABLE) == 0) {
			if (richtext_table(out, it, o, width) < 0)
				continue;
		} else if (strncmp(m, "image/", 6) == 0) {
			if (richtext_image(out, it, alt, o, width) < 0)
				continue;
		} else if (strcmp(m, "text/plain") == 0)
			richtext_add_terminal(out, it->data, it->len);
		return (int)(it - items);
	}
	l = richtext_add_line(out);
	m = n > 0 && items[0].mime != NULL ? items[0].mime : "empty";
	richtext_line_add(l, SANITIZE_FIELD, "[", 1, RICHTEXT_DIM, 0);
	richtext_line_add(l, SANITIZE_FIELD, m, strlen(m), RICHTEXT_DIM, 0);
	richtext_line_add(l, SANITIZE_FIELD, " output]", 8, RICHTEXT_DIM, 0);
	return -1;
}
