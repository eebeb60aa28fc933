/*
 * sanitize.c: the output sanitiser (spec security.md 7.2). Bytes are
 * decoded first (src/utf8.c, so a continuation byte is never mistaken for
 * a C1 control), then a state machine after the DEC parser tmux uses runs
 * on code points, then each code point is classified and appended to a
 * line model of runs. Nothing from the input is copied to the output
 * except printable code points; everything else becomes a marker that
 * spells what it was. Linear time, no recursion, no regular expressions.
 */
#include "config.h"
#include "sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

#define SANITIZE_CSI_MAX_CPS 64
#define SANITIZE_CSI_HARD_CPS 512	/* past this a CSI is cut, not kept */
#define SANITIZE_CSI_MAX_PARAMS 32
#define SANITIZE_STRING_MAX_CPS 4096
#define SANITIZE_SELECTOR_MAX 8
#define SANITIZE_MAX_MARKS 4
#define SANITIZE_LINE_MAX (1024 * 1024)
#define SANITIZE_NO_CP 0xFFFFFFFF

enum sanitize_state {
	SANITIZE_GROUND,
	SANITIZE_ESC,		/* after ESC */
	SANITIZE_CSI,
	SANITIZE_NF,		/* ESC + intermediates */
	SANITIZE_STRING		/* OSC, DCS, SOS, PM, APC body */
};

struct sanitize {
	struct sanitize_options opt;
	struct sanitize_line *lines;
	size_t nlines, alloc;
	struct sanitize_style sgr;	/* the item's current SGR state */
	size_t nshown;
	size_t src_off;		/* input offset of the next byte */
	char pend[4];		/* a UTF-8 character split across feeds */
	size_t npend;
	bool started;		/* a code point has been seen */

	enum sanitize_state state;
	uint32_t c1;		/* the C1 code point that began it, or 0 */
	uint32_t intro;		/* the 7-bit introducer ('[', ']'...), or 0 */
	struct buf seq;		/* CSI/nF bytes after the introducer */
	size_t seq_cps;
	size_t seq_src;		/* input offset where the sequence began */
	/* String sequences. */
	struct buf sel;		/* selector */
	bool sel_done;
	size_t body_cps, rest_len;
	bool string_esc;	/* saw ESC inside a string: ST or a cut? */

	/* Line model. */
	bool cr_pending;	/* CR seen; LF next would make it one break */
	bool restart;		/* STREAM: the next write replaces the line */
	bool have_base;		/* the last thing drawn takes combining marks */
	unsigned nmarks;	/* marks on the current base */
	size_t extra_marks;	/* marks dropped beyond the limit */
	uint32_t last_cp;	/* last base drawn, for the emoji rules */
	bool zwj_pending;	/* ZWJ after an emoji, waiting to see what
				   follows */
	bool last_ri;		/* the last thing drawn was a flag letter */
	unsigned distrust;	/* SANITIZE_DISTRUST_*: shown as markers */

	/* sanitize_record_seqs(): what :inspect lists. */
	bool record;
	struct sanitize_seq *seqs;
	size_t nseqs, seqs_alloc;
};

/* The session's distrusted classes (sanitize.h says why this one
 * setting is process-wide); written once at start-up. */
static unsigned sanitize_distrust_session;

static const struct sanitize_style sanitize_plain = {
	0, SANITIZE_COLOR_DEFAULT, SANITIZE_COLOR_DEFAULT
};
static const struct sanitize_style sanitize_marker_style = {
	SANITIZE_MARKER, SANITIZE_COLOR_DEFAULT, SANITIZE_COLOR_DEFAULT
};

static void sanitize_cp(struct sanitize *, uint32_t cp, size_t src);

/*
 * Lines and runs.
 */

static struct sanitize_line *
sanitize_cur(struct sanitize *s)
{
	return &s->lines[s->nlines - 1];
}

static void
sanitize_new_line(struct sanitize *s)
{
	struct sanitize_line *l;

	if (s->nlines == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 8;
		s->lines = xreallocarray(s->lines, s->alloc, sizeof *s->lines);
	}
	l = &s->lines[s->nlines++];
	memset(l, 0, sizeof *l);
	l->text_alloc = 16;
	l->text = xmalloc(l->text_alloc);
	l->text[0] = '\0';
	s->have_base = false;
	s->nmarks = 0;
	s->last_cp = SANITIZE_NO_CP;
}

static void
sanitize_line_clear(struct sanitize_line *l)
{
	l->len = 0;
	l->text[0] = '\0';
	l->width = 0;
	l->nruns = 0;
	l->rewrites++;
}

static bool
sanitize_style_eq(struct sanitize_style a, struct sanitize_style b)
{
	return a.flags == b.flags && a.fg == b.fg && a.bg == b.bg;
}

/*
 * Append n bytes of printable text, width columns, in style st. Text
 * joins the previous run of the same style; each marker is a run of its
 * own (so two markers side by side stay two), unless join says it
 * continues the one before (the letters of a flag).
 */
static void
sanitize_put_run(struct sanitize *s, const char *p, size_t n, size_t width,
    struct sanitize_style st, size_t src, bool join)
{
	struct sanitize_line *l;
	struct sanitize_run *r;

	if (s->restart) {
		sanitize_line_clear(sanitize_cur(s));
		s->restart = false;
	}
	l = sanitize_cur(s);
	if (l->len + n > SANITIZE_LINE_MAX) {
		sanitize_new_line(s);
		l = sanitize_cur(s);
	}
	if (l->len + n + 1 > l->text_alloc) {
		l->text_alloc = l->text_alloc * 2 > l->len + n + 1 ?
		    l->text_alloc * 2 : l->len + n + 1;
		l->text = xrealloc(l->text, l->text_alloc);
	}
	memcpy(l->text + l->len, p, n);
	r = l->nruns ? &l->runs[l->nruns - 1] : NULL;
	if (r != NULL && r->off + r->len == l->len &&
	    sanitize_style_eq(r->style, st) &&
	    (join || !(st.flags & SANITIZE_MARKER)))
		r->len += n;
	else {
		if (l->nruns == l->runs_alloc) {
			l->runs_alloc = l->runs_alloc ? l->runs_alloc * 2 : 4;
			l->runs = xreallocarray(l->runs, l->runs_alloc,
			    sizeof *l->runs);
		}
		r = &l->runs[l->nruns++];
		r->off = l->len;
		r->len = n;
		r->style = st;
		r->src_off = src;
	}
	l->len += n;
	l->text[l->len] = '\0';
	l->width += width;
}

static void
sanitize_put(struct sanitize *s, const char *p, size_t n, size_t width,
    struct sanitize_style st, size_t src)
{
	sanitize_put_run(s, p, n, width, st, src, false);
}

static void
sanitize_put_cp(struct sanitize *s, uint32_t cp, size_t width,
    struct sanitize_style st, size_t src)
{
	char u[4];
	size_t n = utf8_encode(cp, u);

	if (n > 0)
		sanitize_put(s, u, n, width, st, src);
}

/* Flush the "<+N>" marker for combining marks beyond the limit. */
static void
sanitize_flush_marks(struct sanitize *s, size_t src)
{
	char m[32];

	if (s->extra_marks == 0)
		return;
	(void)snprintf(m, sizeof m, "<+%zu>", s->extra_marks);
	s->extra_marks = 0;
	sanitize_put(s, m, strlen(m), strlen(m), sanitize_marker_style, src);
}

/* A marker: ASCII (and the odd "…") in quire's marker attribute. */
static void
sanitize_marker(struct sanitize *s, const char *text, size_t src)
{
	sanitize_flush_marks(s, src);
	sanitize_put(s, text, strlen(text), utf8_str_width(text, strlen(text)),
	    sanitize_marker_style, src);
	s->have_base = false;
	s->last_cp = SANITIZE_NO_CP;
}

static void
sanitize_marker_cp(struct sanitize *s, uint32_t cp, size_t src)
{
	char m[16];

	(void)snprintf(m, sizeof m, "<U+%04X>", (unsigned)cp);
	sanitize_marker(s, m, src);
}

static void
sanitize_line_break(struct sanitize *s, size_t src)
{
	sanitize_flush_marks(s, src);
	if (s->restart) {
		/* "progress\r\n": the CR then the LF; the line stays. */
		s->restart = false;
	}
	sanitize_new_line(s);
}

/*
 * Markers for what is shown, not executed.
 */

/* The caret spelling of a C0 control or DEL: ^@ .. ^_, ^?. */
static void
sanitize_caret(char out[3], uint32_t cp)
{
	out[0] = '^';
	out[1] = cp == 0x7F ? '?' : (char)('@' + cp);
	out[2] = '\0';
}

static void
sanitize_show_intro(struct buf *b, const struct sanitize *s);

/* Remember one sequence (text is already printable) for :inspect. */
static void
sanitize_record(struct sanitize *s, const char *text, const char *fate)
{
	struct sanitize_seq *q;

	if (!s->record)
		return;
	if (s->nseqs == s->seqs_alloc) {
		s->seqs_alloc = s->seqs_alloc ? s->seqs_alloc * 2 : 8;
		s->seqs = xreallocarray(s->seqs, s->seqs_alloc,
		    sizeof *s->seqs);
	}
	q = &s->seqs[s->nseqs++];
	q->off = s->seq_src;
	q->text = xstrdup(text);
	q->fate = fate;
}

/* Record the CSI sequence collected so far as done, not shown. */
static void
sanitize_record_done(struct sanitize *s, const char *fate)
{
	struct buf m = BUF_INIT;

	if (!s->record)
		return;
	sanitize_show_intro(&m, s);
	buf_add(&m, s->seq.ptr, s->seq.len);
	sanitize_record(s, m.ptr, fate);
	buf_release(&m);
}

void
sanitize_record_seqs(struct sanitize *s)
{
	s->record = true;
}

const struct sanitize_seq *
sanitize_seqs(const struct sanitize *s, size_t *n)
{
	*n = s->nseqs;
	return s->seqs;
}

static void
sanitize_show_intro(struct buf *b, const struct sanitize *s)
{
	if (s->c1)
		buf_addf(b, "<U+%04X>", (unsigned)s->c1);
	else {
		buf_adds(b, "^[");
		if (s->intro != 0)
			buf_addc(b, (char)s->intro);
	}
}

/* Show the CSI or nF sequence collected so far in caret form. */
static void
sanitize_show_seq(struct sanitize *s)
{
	struct buf m = BUF_INIT;

	sanitize_show_intro(&m, s);
	buf_add(&m, s->seq.ptr, s->seq.len);
	sanitize_marker(s, m.ptr, s->seq_src);
	sanitize_record(s, m.ptr, "shown as text");
	buf_release(&m);
	s->nshown++;
	s->state = SANITIZE_GROUND;
}

static void
sanitize_show_string(struct sanitize *s, const char *term)
{
	struct buf m = BUF_INIT;

	sanitize_show_intro(&m, s);
	if (s->sel.len <= SANITIZE_SELECTOR_MAX)
		buf_add(&m, s->sel.ptr, s->sel.len);
	/* "…" is East Asian Ambiguous: three dots where that is distrusted. */
	buf_addf(&m, "%s[%zu B%s]",
	    (s->distrust & SANITIZE_DISTRUST_AMBIGUOUS) ? "..." :
	    "\xe2\x80\xa6", s->rest_len, term ? "" : ", unterminated");
	if (term)
		buf_adds(&m, term);
	sanitize_marker(s, m.ptr, s->seq_src);
	sanitize_record(s, m.ptr, "shown as text");
	buf_release(&m);
	s->nshown++;
	s->state = SANITIZE_GROUND;
}

/* Begin a sequence; src is where its first byte (ESC or C1) was. */
static void
sanitize_start_seq(struct sanitize *s, enum sanitize_state st, uint32_t intro,
    uint32_t c1, size_t src)
{
	s->state = st;
	s->intro = intro;
	s->c1 = c1;
	s->seq_src = src;
	buf_reset(&s->seq);
	s->seq_cps = 0;
	buf_reset(&s->sel);
	s->sel_done = false;
	s->body_cps = 0;
	s->rest_len = 0;
	s->string_esc = false;
}

/*
 * SGR: parameters split on ';' (groups) and ':' (sub-parameters).
 */

struct sanitize_param {
	long v;			/* -1: empty */
	bool colon;		/* joined to the previous one by ':' */
};

/* Parse the CSI parameter bytes; false when they are not plain SGR. */
static bool
sanitize_sgr_parse(const char *p, size_t len, struct sanitize_param *out,
    size_t *n)
{
	size_t i, digits = 0;
	bool colon = false;

	*n = 0;
	out[0].v = -1;
	out[0].colon = false;
	for (i = 0; i < len; i++) {
		char c = p[i];

		if (c >= '0' && c <= '9') {
			if (++digits > 5)
				return false;
			out[*n].v = (out[*n].v < 0 ? 0 : out[*n].v * 10) +
			    (c - '0');
		} else if (c == ';' || c == ':') {
			if (++*n >= SANITIZE_CSI_MAX_PARAMS)
				return false;
			colon = c == ':';
			out[*n].v = -1;
			out[*n].colon = colon;
			digits = 0;
		} else
			return false;
	}
	(*n)++;
	return true;
}

static long
sanitize_pv(const struct sanitize_param *p)
{
	return p->v < 0 ? 0 : p->v;
}

/* Extended colour at params[i] (38 or 48); returns params consumed. */
static size_t
sanitize_sgr_color(const struct sanitize_param *p, size_t i, size_t n,
    int32_t *color)
{
	size_t j = i + 1;
	long mode, r, g, b;

	if (j >= n)
		return 1;
	mode = sanitize_pv(&p[j]);
	if (mode == 5) {
		if (j + 1 >= n)
			return n - i;
		if (sanitize_pv(&p[j + 1]) <= 255)
			*color = (int32_t)sanitize_pv(&p[j + 1]);
		return j + 2 - i;
	}
	if (mode == 2) {
		/* 38:2::r:g:b carries a colour-space id before r. */
		if (p[j].colon && j + 4 < n && p[j + 4].colon &&
		    p[j + 1].v < 0)
			j++;
		if (j + 3 >= n)
			return n - i;
		r = sanitize_pv(&p[j + 1]);
		g = sanitize_pv(&p[j + 2]);
		b = sanitize_pv(&p[j + 3]);
		if (r <= 255 && g <= 255 && b <= 255)
			*color = (int32_t)(SANITIZE_COLOR_RGB |
			    (r << 16) | (g << 8) | b);
		return j + 4 - i;
	}
	return 2;
}

static void
sanitize_sgr_apply(struct sanitize *s, const struct sanitize_param *p,
    size_t n)
{
	struct sanitize_style *st = &s->sgr;
	size_t i = 0;

	while (i < n) {
		long v = sanitize_pv(&p[i]);
		size_t used = 1;

		/* Skip sub-parameters of codes that do not take them. */
		if (v == 0)
			*st = sanitize_plain;
		else if (v == 1)
			st->flags |= SANITIZE_BOLD;
		else if (v == 2)
			st->flags |= SANITIZE_DIM;
		else if (v == 22)
			st->flags &= ~(SANITIZE_BOLD | SANITIZE_DIM);
		else if (v == 3)
			st->flags |= SANITIZE_ITALIC;
		else if (v == 23)
			st->flags &= ~SANITIZE_ITALIC;
		else if (v == 4) {
			if (i + 1 < n && p[i + 1].colon) {
				if (sanitize_pv(&p[i + 1]) == 0)
					st->flags &= ~SANITIZE_UNDERLINE;
				else if (sanitize_pv(&p[i + 1]) <= 5)
					st->flags |= SANITIZE_UNDERLINE;
				used = 2;
			} else
				st->flags |= SANITIZE_UNDERLINE;
		} else if (v == 24)
			st->flags &= ~SANITIZE_UNDERLINE;
		else if (v == 7)
			st->flags |= SANITIZE_REVERSE;
		else if (v == 27)
			st->flags &= ~SANITIZE_REVERSE;
		else if (v >= 30 && v <= 37)
			st->fg = (int32_t)(v - 30);
		else if (v >= 90 && v <= 97)
			st->fg = (int32_t)(v - 90 + 8);
		else if (v == 39)
			st->fg = SANITIZE_COLOR_DEFAULT;
		else if (v >= 40 && v <= 47)
			st->bg = (int32_t)(v - 40);
		else if (v >= 100 && v <= 107)
			st->bg = (int32_t)(v - 100 + 8);
		else if (v == 49)
			st->bg = SANITIZE_COLOR_DEFAULT;
		else if (v == 38)
			used = sanitize_sgr_color(p, i, n, &st->fg);
		else if (v == 48)
			used = sanitize_sgr_color(p, i, n, &st->bg);
		else if (v == 58)	/* underline colour: ignored, skip args */
			used = sanitize_sgr_color(p, i, n, &(int32_t){ 0 });
		while (i + used < n && p[i + used].colon)
			used++;
		i += used;
	}
	/* Text in its own background colour would be hidden. */
	if (st->fg == st->bg && st->fg != SANITIZE_COLOR_DEFAULT)
		st->fg = SANITIZE_COLOR_DEFAULT;
}

/* A complete CSI: act on SGR or EL where allowed, else show it. */
static void
sanitize_csi_done(struct sanitize *s)
{
	struct sanitize_param params[SANITIZE_CSI_MAX_PARAMS + 1];
	const char *p = s->seq.ptr;
	size_t len = s->seq.len, n;
	char final = len ? p[len - 1] : 0;

	if (s->c1) {
		sanitize_show_seq(s);
		return;
	}
	if (final == 'm' && s->opt.sgr &&
	    (s->opt.context == SANITIZE_STREAM ||
	    s->opt.context == SANITIZE_TEXT) &&
	    sanitize_sgr_parse(p, len - 1, params, &n)) {
		sanitize_record_done(s, "style applied (SGR)");
		sanitize_sgr_apply(s, params, n);
		s->state = SANITIZE_GROUND;
		return;
	}
	if (final == 'K' && s->opt.context == SANITIZE_STREAM &&
	    (len == 1 || (len == 2 && (p[0] == '0' || p[0] == '2')))) {
		struct sanitize_line *l = sanitize_cur(s);

		sanitize_record_done(s, "erased the line (EL)");
		/* The write position is the end of the line unless a CR
		 * put it back at the start: either way EL 0 and EL 2 leave
		 * what was before it, which with CR is nothing. */
		if (s->restart || (len == 2 && p[0] == '2')) {
			sanitize_line_clear(l);
			s->restart = false;
		} else
			l->rewrites++;
		s->state = SANITIZE_GROUND;
		return;
	}
	sanitize_show_seq(s);
}

/*
 * The parser, one code point at a time.
 */

static bool
sanitize_is_string_intro(uint32_t c)
{
	return c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_';
}

static uint32_t
sanitize_c1_intro(uint32_t cp)
{
	switch (cp) {
	case 0x9B:
		return '[';
	case 0x9D:
		return ']';
	case 0x90:
		return 'P';
	case 0x98:
		return 'X';
	case 0x9E:
		return '^';
	case 0x9F:
		return '_';
	}
	return 0;
}

/* Collect one code point of a string body. */
static void
sanitize_string_cp(struct sanitize *s, uint32_t cp)
{
	char u[4];
	size_t n = utf8_encode(cp, u);

	s->body_cps++;
	if (!s->sel_done) {
		bool ok;

		if (s->intro == ']')
			ok = (cp >= '0' && cp <= '9') ||
			    (cp == ';' && s->sel.len > 0);
		else if (s->intro == 'P')
			ok = cp >= 0x20 && cp <= 0x7E;
		else
			ok = false;
		if (ok && s->sel.len < SANITIZE_SELECTOR_MAX + 1) {
			buf_add(&s->sel, u, n);
			if ((s->intro == ']' && cp == ';') ||
			    (s->intro == 'P' && cp >= 0x40))
				s->sel_done = true;
			return;
		}
		s->sel_done = true;
		if (s->intro == ']' && (s->sel.len == 0 ||
		    s->sel.ptr[s->sel.len - 1] != ';')) {
			/* Digits not followed by ';' are not a selector. */
			s->rest_len += s->sel.len;
			buf_reset(&s->sel);
		}
	}
	if (s->sel.len > SANITIZE_SELECTOR_MAX) {
		s->rest_len += s->sel.len;
		buf_reset(&s->sel);
	}
	s->rest_len += n;
}

static void
sanitize_string(struct sanitize *s, uint32_t cp, size_t src)
{
	if (s->string_esc) {
		s->string_esc = false;
		if (cp == '\\') {
			sanitize_show_string(s, "^[\\");
			return;
		}
		/* ESC not followed by '\': cut, and the ESC starts anew. */
		sanitize_show_string(s, NULL);
		sanitize_start_seq(s, SANITIZE_ESC, 0, 0, src);
		sanitize_cp(s, cp, src);
		return;
	}
	if (cp == 0x07) {
		sanitize_show_string(s, "^G");
		return;
	}
	if (cp == 0x9C) {
		sanitize_show_string(s, "<U+009C>");
		return;
	}
	if (cp == 0x1B) {
		s->string_esc = true;
		return;
	}
	if (cp < 0x20 || (cp >= 0x80 && cp < 0xA0)) {
		/* LF, CAN, SUB and other controls cut the string and are
		 * then themselves shown or acted on. */
		sanitize_show_string(s, NULL);
		sanitize_cp(s, cp, src);
		return;
	}
	sanitize_string_cp(s, cp);
	if (s->body_cps >= SANITIZE_STRING_MAX_CPS)
		sanitize_show_string(s, NULL);
}

static void
sanitize_seq_add(struct sanitize *s, uint32_t cp)
{
	buf_addc(&s->seq, (char)cp);
	s->seq_cps++;
}

static void
sanitize_csi(struct sanitize *s, uint32_t cp, size_t src)
{
	if (cp >= 0x20 && cp <= 0x7E) {
		sanitize_seq_add(s, cp);
		if (cp >= 0x40) {
			/* Too long to act on: shown whole (sanitize_csi_done
			 * refuses more than SANITIZE_CSI_MAX_PARAMS). */
			if (s->seq_cps > SANITIZE_CSI_MAX_CPS)
				sanitize_show_seq(s);
			else
				sanitize_csi_done(s);
			return;
		}
		if (s->seq_cps >= SANITIZE_CSI_HARD_CPS)
			sanitize_show_seq(s);
		return;
	}
	/* Anything else ends it malformed; then it is handled itself. */
	sanitize_show_seq(s);
	sanitize_cp(s, cp, src);
}

static void
sanitize_nf(struct sanitize *s, uint32_t cp, size_t src)
{
	if (cp >= 0x20 && cp <= 0x2F && s->seq_cps < SANITIZE_CSI_MAX_CPS) {
		sanitize_seq_add(s, cp);
		return;
	}
	if (cp >= 0x30 && cp <= 0x7E) {
		sanitize_seq_add(s, cp);
		sanitize_show_seq(s);
		return;
	}
	sanitize_show_seq(s);
	sanitize_cp(s, cp, src);
}

static void
sanitize_esc(struct sanitize *s, uint32_t cp, size_t src)
{
	if (cp == '[') {
		sanitize_start_seq(s, SANITIZE_CSI, cp, 0, s->seq_src);
		return;
	}
	if (sanitize_is_string_intro(cp)) {
		sanitize_start_seq(s, SANITIZE_STRING, cp, 0, s->seq_src);
		return;
	}
	if (cp >= 0x20 && cp <= 0x2F) {
		s->state = SANITIZE_NF;
		s->intro = 0;
		sanitize_seq_add(s, cp);
		return;
	}
	if (cp >= 0x30 && cp <= 0x7E) {
		s->intro = 0;
		sanitize_seq_add(s, cp);
		sanitize_show_seq(s);
		return;
	}
	/* A lone ESC: shown on its own, then cp as usual. */
	s->intro = 0;
	sanitize_show_seq(s);
	sanitize_cp(s, cp, src);
}

/*
 * Ground state: one code point of text.
 */

static const char *
sanitize_bidi_name(uint32_t cp)
{
	switch (cp) {
	case 0x202A:
		return "<LRE>";
	case 0x202B:
		return "<RLE>";
	case 0x202C:
		return "<PDF>";
	case 0x202D:
		return "<LRO>";
	case 0x202E:
		return "<RLO>";
	case 0x2066:
		return "<LRI>";
	case 0x2067:
		return "<RLI>";
	case 0x2068:
		return "<FSI>";
	case 0x2069:
		return "<PDI>";
	case 0x200E:
		return "<LRM>";
	case 0x200F:
		return "<RLM>";
	case 0x061C:
		return "<ALM>";
	}
	return NULL;
}

static bool
sanitize_is_odd_space(uint32_t cp)
{
	return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static bool
sanitize_is_blank_letter(uint32_t cp)
{
	return cp == 0x115F || cp == 0x1160 || cp == 0x3164 ||
	    cp == 0xFFA0 || cp == 0x034F || cp == 0x2028 || cp == 0x2029;
}

/* Draw cp as a base character, in the item's SGR style. */
static void
sanitize_base(struct sanitize *s, uint32_t cp, int width, size_t src)
{
	sanitize_flush_marks(s, src);
	sanitize_put_cp(s, cp, (size_t)width, s->sgr, src);
	s->have_base = true;
	s->nmarks = 0;
	s->last_cp = cp;
}

static void
sanitize_tab(struct sanitize *s, size_t src)
{
	unsigned tw = s->opt.tab_width ? s->opt.tab_width : 8;
	size_t col, n;

	if (s->opt.context != SANITIZE_CODE)
		tw = 8;
	if (s->restart) {
		sanitize_line_clear(sanitize_cur(s));
		s->restart = false;
	}
	col = sanitize_cur(s)->width;
	n = tw - col % tw;
	while (n-- > 0)
		sanitize_put(s, " ", 1, 1, s->sgr, src);
	s->have_base = false;
}

static void
sanitize_control(struct sanitize *s, uint32_t cp, size_t src)
{
	enum sanitize_context ctx = s->opt.context;
	char caret[3];

	s->last_ri = false;
	if (cp == '\n' && ctx != SANITIZE_FIELD) {
		sanitize_line_break(s, src);
		return;
	}
	if (cp == '\r' && (ctx == SANITIZE_STREAM || ctx == SANITIZE_TEXT)) {
		s->cr_pending = true;
		return;
	}
	if (cp == '\t' && ctx != SANITIZE_FIELD) {
		sanitize_tab(s, src);
		return;
	}
	if (cp >= 0x80) {
		sanitize_marker_cp(s, cp, src);
		return;
	}
	sanitize_caret(caret, cp);
	sanitize_marker(s, caret, src);
}

/* Is cp, drawn width columns wide, in a class the terminal may draw at
 * another width (the start-up probe said so)? */
static bool
sanitize_is_distrusted(const struct sanitize *s, uint32_t cp, int width)
{
	if (s->distrust == 0 || cp < 0xA1)
		return false;
	/* Skin tones are Sk, not So, but drawn as emoji. */
	if (width == 2)
		return (s->distrust & (utf8_is_emoji(cp) ||
		    (cp >= 0x1F3FB && cp <= 0x1F3FF) ?
		    SANITIZE_DISTRUST_EMOJI : SANITIZE_DISTRUST_WIDE)) != 0;
	return (s->distrust & SANITIZE_DISTRUST_AMBIGUOUS) != 0 &&
	    utf8_is_ambiguous(cp);
}

static void
sanitize_mark(struct sanitize *s, uint32_t cp, size_t src)
{
	if (s->distrust & SANITIZE_DISTRUST_COMBINING) {
		sanitize_marker_cp(s, cp, src);
		return;
	}
	if (!s->have_base) {
		/* A mark with nothing to sit on goes on a dotted circle. */
		sanitize_base(s, 0x25CC, 1, src);
	}
	if (s->nmarks >= SANITIZE_MAX_MARKS) {
		s->extra_marks++;
		return;
	}
	s->nmarks++;
	sanitize_put_cp(s, cp, 0, s->sgr, src);
}

static void
sanitize_text_cp(struct sanitize *s, uint32_t cp, size_t src)
{
	enum sanitize_context ctx = s->opt.context;
	enum utf8_class cls;
	const char *name;
	int w;

	if (s->zwj_pending) {
		s->zwj_pending = false;
		if (!utf8_is_emoji(cp))
			sanitize_marker_cp(s, 0x200D, src);
	}
	if (!(cp >= 0x1F1E6 && cp <= 0x1F1FF))
		s->last_ri = false;
	if (cp == 0xFEFF && !s->started) {
		s->started = true;
		return;
	}
	s->started = true;
	/* Emoji presentation selectors are marks to Unicode, but they are
	 * dropped after a base so widths stay those ncurses expects. */
	if ((cp == 0xFE0E || cp == 0xFE0F) && s->have_base)
		return;
	cls = utf8_class(cp);
	if (cls == UTF8_CLASS_MARK && !(cp >= 0xFE00 && cp <= 0xFE0F) &&
	    !(cp >= 0xE0100 && cp <= 0xE01EF)) {
		sanitize_mark(s, cp, src);
		return;
	}
	if ((name = sanitize_bidi_name(cp)) != NULL) {
		sanitize_marker(s, name, src);
		return;
	}
	if (cp == 0x200D && s->have_base && utf8_is_emoji(s->last_cp)) {
		s->zwj_pending = true;
		return;
	}
	if (cp >= 0x1F3FB && cp <= 0x1F3FF && s->have_base &&
	    utf8_is_emoji(s->last_cp))
		return;
	if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
		char letter = (char)('A' + (cp - 0x1F1E6));
		bool join = s->last_ri;

		/* A flag's letters make one marker: NO for Norway. */
		sanitize_flush_marks(s, src);
		sanitize_put_run(s, &letter, 1, 1, sanitize_marker_style, src,
		    join);
		s->have_base = false;
		s->last_cp = SANITIZE_NO_CP;
		s->last_ri = true;
		return;
	}
	if (sanitize_is_odd_space(cp)) {
		if (ctx == SANITIZE_STREAM || ctx == SANITIZE_TEXT)
			sanitize_base(s, ' ', 1, src);
		else
			sanitize_marker_cp(s, cp, src);
		return;
	}
	w = utf8_width(cp);
	if (cls != UTF8_CLASS_PRINT || sanitize_is_blank_letter(cp) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F) ||
	    (cp >= 0xE0100 && cp <= 0xE01EF) || w < 1) {
		sanitize_marker_cp(s, cp, src);
		return;
	}
	if (sanitize_is_distrusted(s, cp, w)) {
		sanitize_marker_cp(s, cp, src);
		return;
	}
	sanitize_base(s, cp, w, src);
}

static void
sanitize_cp(struct sanitize *s, uint32_t cp, size_t src)
{
	uint32_t intro;

	switch (s->state) {
	case SANITIZE_ESC:
		sanitize_esc(s, cp, src);
		return;
	case SANITIZE_CSI:
		sanitize_csi(s, cp, src);
		return;
	case SANITIZE_NF:
		sanitize_nf(s, cp, src);
		return;
	case SANITIZE_STRING:
		sanitize_string(s, cp, src);
		return;
	case SANITIZE_GROUND:
		break;
	}
	if (s->cr_pending) {
		s->cr_pending = false;
		if (cp == '\n') {
			sanitize_line_break(s, src);
			return;
		}
		if (s->opt.context == SANITIZE_STREAM)
			s->restart = true;
		else
			sanitize_marker(s, "^M", src);
	}
	if (cp == 0x1B) {
		sanitize_start_seq(s, SANITIZE_ESC, 0, 0, src);
		return;
	}
	if ((intro = sanitize_c1_intro(cp)) != 0) {
		sanitize_start_seq(s, intro == '[' ? SANITIZE_CSI :
		    SANITIZE_STRING, intro, cp, src);
		return;
	}
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
		sanitize_control(s, cp, src);
		return;
	}
	sanitize_text_cp(s, cp, src);
}

/* FIELD context shows each ill-formed byte as \xNN. */
static void
sanitize_bad_bytes(struct sanitize *s, const unsigned char *p, size_t n,
    size_t src)
{
	char m[8];
	size_t i;

	if (s->state != SANITIZE_GROUND) {
		/* Ill-formed bytes inside a sequence end it. */
		if (s->state == SANITIZE_STRING)
			sanitize_show_string(s, NULL);
		else
			sanitize_show_seq(s);
	}
	if (s->cr_pending)
		sanitize_cp(s, 0xFFFD, src);	/* resolve the CR first */
	if (s->opt.context != SANITIZE_FIELD &&
	    (s->distrust & SANITIZE_DISTRUST_AMBIGUOUS)) {
		/* U+FFFD is East Asian Ambiguous: its width may differ. */
		sanitize_marker_cp(s, 0xFFFD, src);
		return;
	}
	if (s->opt.context != SANITIZE_FIELD) {
		/* One U+FFFD per maximal subpart, in the marker attribute. */
		sanitize_flush_marks(s, src);
		sanitize_put(s, "\xef\xbf\xbd", 3, 1, sanitize_marker_style,
		    src);
		s->have_base = false;
		s->last_cp = SANITIZE_NO_CP;
		return;
	}
	for (i = 0; i < n; i++) {
		(void)snprintf(m, sizeof m, "\\x%02X", p[i]);
		sanitize_marker(s, m, src + i);
	}
}

/*
 * Public interface.
 */

struct sanitize *
sanitize_new(const struct sanitize_options *opt)
{
	struct sanitize *s = xcalloc(1, sizeof *s);

	s->opt = *opt;
	s->distrust = sanitize_distrust_session;
	s->sgr = sanitize_plain;
	buf_init(&s->seq);
	buf_init(&s->sel);
	sanitize_new_line(s);
	return s;
}

void
sanitize_default_distrust_set(unsigned classes)
{
	sanitize_distrust_session = classes & SANITIZE_DISTRUST_ALL;
}

unsigned
sanitize_default_distrust(void)
{
	return sanitize_distrust_session;
}

void
sanitize_distrust_set(struct sanitize *s, unsigned classes)
{
	s->distrust = classes & SANITIZE_DISTRUST_ALL;
}

void
sanitize_free(struct sanitize *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nlines; i++) {
		free(s->lines[i].text);
		free(s->lines[i].runs);
	}
	free(s->lines);
	for (i = 0; i < s->nseqs; i++)
		free(s->seqs[i].text);
	free(s->seqs);
	buf_release(&s->seq);
	buf_release(&s->sel);
	free(s);
}

static void
sanitize_decode(struct sanitize *s, const char *p, size_t len, size_t base)
{
	size_t off = 0, n;
	uint32_t cp;
	bool ok;

	while (off < len) {
		n = utf8_next(p + off, len - off, &cp, &ok);
		if (ok)
			sanitize_cp(s, cp, base + off);
		else
			sanitize_bad_bytes(s, (const unsigned char *)p + off, n,
			    base + off);
		off += n;
	}
}

/* Length of an incomplete but so far valid UTF-8 tail of p. */
static size_t
sanitize_partial_tail(const char *p, size_t len)
{
	size_t i, back = len < 3 ? len : 3;

	for (i = 1; i <= back; i++) {
		unsigned char c = (unsigned char)p[len - i];
		size_t need;

		if (c < 0x80)
			return 0;
		if (c < 0xC0)
			continue;
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		return need > i ? i : 0;
	}
	return 0;
}

void
sanitize_feed(struct sanitize *s, const char *p, size_t len)
{
	size_t tail, take;

	if (s->npend > 0) {
		/* Complete the character split at the last feed. */
		char tmp[8];
		size_t have = s->npend;

		take = len < 4 - have ? len : 4 - have;
		memcpy(tmp, s->pend, have);
		memcpy(tmp + have, p, take);
		tail = sanitize_partial_tail(tmp, have + take);
		if (tail == have + take && take == len) {
			memcpy(s->pend, tmp, have + take);
			s->npend = have + take;
			return;
		}
		{
			uint32_t cp;
			bool ok;
			size_t n = utf8_next(tmp, have + take, &cp, &ok);

			if (ok)
				sanitize_cp(s, cp, s->src_off - have);
			else
				sanitize_bad_bytes(s, (unsigned char *)tmp, n,
				    s->src_off - have);
			s->npend = 0;
			/* n covers the pending bytes and n - have of p. */
			if (n >= have) {
				p += n - have;
				len -= n - have;
				s->src_off += n - have;
			} else {
				/* Only part of the pending bytes formed a
				 * subpart; the rest are decoded again. */
				sanitize_decode(s, tmp + n, have - n,
				    s->src_off - have + n);
			}
		}
	}
	tail = sanitize_partial_tail(p, len);
	sanitize_decode(s, p, len - tail, s->src_off);
	memcpy(s->pend, p + len - tail, tail);
	s->npend = tail;
	s->src_off += len;
}

void
sanitize_finish(struct sanitize *s)
{
	size_t src = s->src_off;

	if (s->npend > 0) {
		sanitize_bad_bytes(s, (unsigned char *)s->pend, s->npend,
		    src - s->npend);
		s->npend = 0;
	}
	switch (s->state) {
	case SANITIZE_STRING:
		if (s->string_esc) {
			s->string_esc = false;
			sanitize_show_string(s, NULL);
			sanitize_start_seq(s, SANITIZE_ESC, 0, 0, src);
			sanitize_show_seq(s);
		} else
			sanitize_show_string(s, NULL);
		break;
	case SANITIZE_CSI:
	case SANITIZE_NF:
		sanitize_show_seq(s);
		break;
	case SANITIZE_ESC:
		s->intro = 0;
		sanitize_show_seq(s);
		break;
	case SANITIZE_GROUND:
		break;
	}
	if (s->cr_pending) {
		s->cr_pending = false;
		if (s->opt.context == SANITIZE_STREAM) {
			/* "50%\r" at the very end: the line stays as is. */
			sanitize_cur(s)->rewrites++;
		} else
			sanitize_marker(s, "^M", src);
	}
	if (s->zwj_pending) {
		s->zwj_pending = false;
		sanitize_marker_cp(s, 0x200D, src);
	}
	sanitize_flush_marks(s, src);
	s->restart = false;
}

const struct sanitize_line *
sanitize_lines(const struct sanitize *s, size_t *n)
{
	*n = s->nlines;
	return s->lines;
}

size_t
sanitize_nshown(const struct sanitize *s)
{
	return s->nshown;
}

void
sanitize_to_buf(struct buf *out, enum sanitize_context ctx, const char *p,
    size_t len)
{
	struct sanitize_options opt = { ctx, false, 8 };
	struct sanitize *s = sanitize_new(&opt);
	const struct sanitize_line *l;
	size_t i, n;
	bool quote;

	sanitize_feed(s, p, len);
	sanitize_finish(s);
	l = sanitize_lines(s, &n);
	/* A FIELD that is empty or has edge spaces is shown quoted, so
	 * "a" and "a " never look the same. */
	quote = ctx == SANITIZE_FIELD && (l[0].len == 0 ||
	    l[0].text[0] == ' ' || l[0].text[l[0].len - 1] == ' ');
	if (quote)
		buf_addc(out, '\'');
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(out, '\n');
		buf_add(out, l[i].text, l[i].len);
	}
	if (quote)
		buf_addc(out, '\'');
	sanitize_free(s);
}
