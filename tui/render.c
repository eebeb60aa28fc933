/*
 * render.c: sanitised text to draw cells. The sanitiser's output holds
 * only printable code points in styled runs; this file walks them,
 * attaches combining marks to their base, gives every cell a role and
 * remembers the source byte each cell came from.
 *
 * For cell source the sanitiser sees one line at a time, and the source
 * offset of each output code point is found by walking input and output
 * side by side from the start of each run (runs carry their input
 * offset): an equal code point is the same character, a tab owns the
 * spaces up to its stop, and an input code point with no counterpart was
 * dropped (a ZWJ between emoji, a VS16).
 */
#include "config.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "utf8.h"
#include "xmalloc.h"

void
render_line_init(struct render_line *l)
{
	memset(l, 0, sizeof *l);
}

void
render_line_release(struct render_line *l)
{
	free(l->cells);
	free(l->src);
	render_line_init(l);
}

void
render_line_reset(struct render_line *l)
{
	l->n = 0;
	l->width = 0;
}

static struct draw_cell *
render_line_push(struct render_line *l, size_t src)
{
	struct draw_cell *c;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		l->cells = xreallocarray(l->cells, l->alloc, sizeof *l->cells);
		l->src = xreallocarray(l->src, l->alloc, sizeof *l->src);
	}
	c = &l->cells[l->n];
	l->src[l->n] = src;
	l->n++;
	return c;
}

static void
render_put(struct render_line *l, uint32_t cp, int width, enum draw_role role,
    uint8_t flags, int32_t fg, int32_t bg, size_t src)
{
	struct draw_cell *c = render_line_push(l, src);

	draw_cell_set(c, cp, width, role);
	c->flags = flags;
	c->fg = fg;
	c->bg = bg;
	l->width += (size_t)c->width;
}

/* A code point as "<U+XXXX>" marker cells (ASCII screen). */
static void
render_put_marker(struct render_line *l, uint32_t cp, size_t src)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_addf(&b, "<U+%04X>", (unsigned)cp);
	for (i = 0; i < b.len; i++)
		render_put(l, (unsigned char)b.ptr[i], 1, DRAW_MARKER, 0,
		    SANITIZE_COLOR_DEFAULT, SANITIZE_COLOR_DEFAULT, src);
	buf_release(&b);
}

/* Put a mark on the last cell; false when there is no room for it. */
static bool
render_add_mark(struct render_line *l, uint32_t cp)
{
	struct draw_cell *c;
	size_t i;

	if (l->n == 0)
		return false;
	c = &l->cells[l->n - 1];
	for (i = 0; i < DRAW_MARKS; i++)
		if (c->marks[i] == 0) {
			c->marks[i] = cp;
			return true;
		}
	return false;
}

void
render_line_add(struct render_line *l, uint32_t cp, enum draw_role role,
    size_t src)
{
	int w = utf8_width(cp);

	render_put(l, cp, w == 2 ? 2 : 1, role, 0, SANITIZE_COLOR_DEFAULT,
	    SANITIZE_COLOR_DEFAULT, src);
}

/* Append one sanitised code point; src is its source offset. */
static void
render_cp(struct render_line *l, uint32_t cp, enum draw_role role,
    const struct sanitize_style *st, bool ascii, size_t src)
{
	int w;

	if (ascii && cp >= 0x80) {
		if (utf8_class(cp) == UTF8_CLASS_MARK && l->n > 0)
			return;	/* its base is a marker already */
		render_put_marker(l, cp, src);
		return;
	}
	if (utf8_class(cp) == UTF8_CLASS_MARK) {
		if (!render_add_mark(l, cp) && l->n == 0) {
			/* A mark with no base sits on a dotted circle. */
			render_put(l, 0x25cc, 1, role, st ? st->flags : 0,
			    st ? st->fg : SANITIZE_COLOR_DEFAULT,
			    st ? st->bg : SANITIZE_COLOR_DEFAULT, src);
			(void)render_add_mark(l, cp);
		}
		return;
	}
	w = utf8_width(cp);
	if (w < 1 || w > 2) {
		render_put(l, '?', 1, DRAW_MARKER, 0, SANITIZE_COLOR_DEFAULT,
		    SANITIZE_COLOR_DEFAULT, src);
		return;
	}
	render_put(l, cp, w, role, st ? st->flags : 0,
	    st ? st->fg : SANITIZE_COLOR_DEFAULT,
	    st ? st->bg : SANITIZE_COLOR_DEFAULT, src);
}

void
render_line_adds(struct render_line *l, const char *s, size_t len,
    enum draw_role role)
{
	struct sanitize_options opt = { SANITIZE_FIELD, false, 8 };
	struct sanitize *san = sanitize_new(&opt);
	const struct sanitize_line *sl;
	size_t n;

	sanitize_feed(san, s, len);
	sanitize_finish(san);
	sl = sanitize_lines(san, &n);
	if (n > 0)
		render_sline(l, &sl[0], role, false);
	sanitize_free(san);
}

void
render_sline(struct render_line *out, const struct sanitize_line *sl,
    enum draw_role role, bool ascii)
{
	size_t r, i, used;
	uint32_t cp;

	for (r = 0; r < sl->nruns; r++) {
		const struct sanitize_run *run = &sl->runs[r];
		enum draw_role rr = (run->style.flags & SANITIZE_MARKER) ?
		    DRAW_MARKER : role;
		struct sanitize_style st = run->style;

		st.flags &= (uint8_t)~SANITIZE_MARKER;
		for (i = run->off; i < run->off + run->len && i < sl->len;
		    i += used) {
			used = utf8_next(sl->text + i, sl->len - i, &cp, NULL);
			render_cp(out, cp, rr, rr == DRAW_MARKER ? NULL : &st,
			    ascii, i);
		}
	}
}

void
render_code(struct render_line *out, const char *line, size_t len,
    size_t base, const uint8_t *roles, unsigned tab_width, bool ascii)
{
	struct sanitize_options opt = { SANITIZE_CODE, false, tab_width };
	struct sanitize *san;
	const struct sanitize_line *sl;
	size_t nl, r, i, ip, used, iused, col = 0, tw;
	uint32_t cp, icp;

	tw = tab_width ? tab_width : 8;
	san = sanitize_new(&opt);
	sanitize_feed(san, line, len);
	sanitize_finish(san);
	sl = sanitize_lines(san, &nl);
	if (nl == 0) {
		sanitize_free(san);
		return;
	}
	for (r = 0; r < sl[0].nruns; r++) {
		const struct sanitize_run *run = &sl[0].runs[r];
		size_t iend = r + 1 < sl[0].nruns ? sl[0].runs[r + 1].src_off :
		    len;
		bool marker = (run->style.flags & SANITIZE_MARKER) != 0;

		ip = run->src_off < len ? run->src_off : len;
		if (iend > len)
			iend = len;
		for (i = run->off; i < run->off + run->len && i < sl[0].len;
		    i += used) {
			enum draw_role role;
			size_t before = out->n;

			used = utf8_next(sl[0].text + i, sl[0].len - i, &cp,
			    NULL);
			if (!marker) {
				/* Find the input code point this one is. */
				while (ip < iend) {
					iused = utf8_next(line + ip, len - ip,
					    &icp, NULL);
					if (icp == cp)
						break;
					if (icp == '\t' && cp == ' ')
						break;
					ip += iused;	/* dropped */
				}
			}
			if (marker)
				role = DRAW_MARKER;
			else if (roles != NULL && ip < len)
				role = (enum draw_role)roles[ip];
			else
				role = DRAW_TEXT;
			render_cp(out, cp, role, NULL, ascii,
			    base + (ip < len ? ip : len));
			if (out->n > before)
				col += out->cells[out->n - 1].width;
			if (!marker && ip < iend) {
				iused = utf8_next(line + ip, len - ip, &icp,
				    NULL);
				/* A tab owns the spaces up to its stop. */
				if (!(icp == '\t' && col % tw != 0))
					ip += iused;
			}
		}
	}
	sanitize_free(san);
}

size_t
render_wrap_rows(const struct render_line *l, int cols, size_t max)
{
	size_t rows = 1, w = 0, i;

	if (cols <= 0)
		return 1;
	for (i = 0; i < l->n; i++) {
		if (w + l->cells[i].width > (size_t)cols) {
			if (max > 0 && rows >= max)
				return max;
			rows++;
			w = 0;
		}
		w += l->cells[i].width;
	}
	return rows;
}

size_t
render_wrap_start(const struct render_line *l, int cols, size_t row)
{
	size_t rows = 0, w = 0, i;

	if (row == 0 || cols <= 0)
		return 0;
	for (i = 0; i < l->n; i++) {
		if (w + l->cells[i].width > (size_t)cols) {
			if (++rows == row)
				return i;
			w = 0;
		}
		w += l->cells[i].width;
	}
	return l->n;
}

size_t
render_sline_rows(const struct sanitize_line *sl, int cols, size_t max)
{
	size_t rows = 1, w = 0, i, used;
	uint32_t cp;
	int cw;

	if (cols <= 0 || sl->width <= (size_t)cols)
		return 1;
	for (i = 0; i < sl->len; i += used) {
		used = utf8_next(sl->text + i, sl->len - i, &cp, NULL);
		cw = utf8_width(cp);
		if (cw <= 0)
			continue;
		if (w + (size_t)cw > (size_t)cols) {
			if (max > 0 && rows >= max)
				return max;
			rows++;
			w = 0;
		}
		w += (size_t)cw;
	}
	return rows;
}

size_t
render_col_of(const struct render_line *l, size_t idx)
{
	size_t col = 0, i;

	for (i = 0; i < idx && i < l->n; i++)
		col += l->cells[i].width;
	return col;
}

size_t
render_col_of_src(const struct render_line *l, size_t off)
{
	size_t col = 0, i;

	for (i = 0; i < l->n; i++) {
		if (l->src[i] >= off)
			return col;
		col += l->cells[i].width;
	}
	return col;
}

size_t
render_src_at_col(const struct render_line *l, size_t col)
{
	size_t c = 0, i;

	for (i = 0; i < l->n; i++) {
		if (col < c + l->cells[i].width)
			return l->src[i];
		c += l->cells[i].width;
	}
	return (size_t)-1;
}

int
render_draw_cells(struct draw *d, int y, int x, int cols,
    const struct render_line *l, size_t from, size_t to)
{
	if (to > l->n)
		to = l->n;
	if (from >= to)
		return 0;
	return draw_cells(d, y, x, cols, l->cells + from, to - from);
}

int
render_draw(struct draw *d, int y, int x, int cols,
    const struct render_line *l, size_t skip)
{
	size_t col = 0, i = 0;
	int used = 0;

	if (cols <= 0)
		return 0;
	while (i < l->n && col + l->cells[i].width <= skip)
		col += l->cells[i++].width;
	if (i < l->n && col < skip) {
		/* A wide cell cut by the left edge. */
		draw_fill(d, y, x, 1, (enum draw_role)l->cells[i].role);
		used = 1;
		i++;
	}
	used += render_draw_cells(d, y, x + used, cols - used, l, i, l->n);
	return used;
}
