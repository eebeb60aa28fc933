/*
 * output.c: a cell's output items. Streams are fed to a STREAM-context
 * sanitiser chunk by chunk as the kernel sends them; displayed values
 * and tracebacks are TEXT items with SGR honoured (they are terminal
 * text), Markdown is TEXT without SGR, and quire's own notes are FIELD
 * lines. The item list answers "line i" through a table of first lines,
 * rebuilt only when an item is added, so drawing a pane touches only the
 * lines it shows.
 */
#include "config.h"
#include "output.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "xmalloc.h"

struct output_item {
	enum output_kind kind;
	struct sanitize *san;
	bool finished;
	uint8_t *headings;	/* MARKDOWN: per line, 1 for a heading */
	size_t nheadings;
	struct buf raw;		/* the bytes fed, for :inspect */
	bool sgr;
};

struct output {
	struct output_item *items;
	size_t nitems, alloc;
	size_t kept;		/* bytes fed to sanitisers */
	size_t dropped;		/* bytes over OUTPUT_CELL_MAX */
	unsigned long version;
	/* First global line of each item, valid for index_version. */
	size_t *first;
	size_t nfirst;
	unsigned long index_version;
	size_t nlines;
};

struct output *
output_new(void)
{
	struct output *o = xcalloc(1, sizeof *o);

	o->version = 1;
	return o;
}

void
output_clear(struct output *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++) {
		sanitize_free(o->items[i].san);
		free(o->items[i].headings);
		buf_release(&o->items[i].raw);
	}
	o->nitems = 0;
	o->kept = 0;
	o->dropped = 0;
	o->version++;
}

void
output_free(struct output *o)
{
	if (o == NULL)
		return;
	output_clear(o);
	free(o->items);
	free(o->first);
	free(o);
}

void
output_clear_values(struct output *o)
{
	size_t i, j = 0;

	for (i = 0; i < o->nitems; i++) {
		enum output_kind k = o->items[i].kind;

		if (k == OUTPUT_STDOUT || k == OUTPUT_STDERR)
			o->items[j++] = o->items[i];
		else {
			sanitize_free(o->items[i].san);
			free(o->items[i].headings);
			buf_release(&o->items[i].raw);
		}
	}
	o->nitems = j;
	o->version++;
}

static struct output_item *
output_item_new(struct output *o, enum output_kind kind, bool sgr)
{
	struct sanitize_options opt = { SANITIZE_TEXT, sgr, 8 };
	struct output_item *it;

	if (kind == OUTPUT_STDOUT || kind == OUTPUT_STDERR)
		opt.context = SANITIZE_STREAM;
	if (o->nitems == o->alloc) {
		o->alloc = o->alloc ? o->alloc * 2 : 4;
		o->items = xreallocarray(o->items, o->alloc, sizeof *o->items);
	}
	it = &o->items[o->nitems++];
	it->kind = kind;
	it->san = sanitize_new(&opt);
	it->finished = false;
	it->headings = NULL;
	it->nheadings = 0;
	buf_init(&it->raw);
	it->sgr = sgr;
	return it;
}

/* Feed within the per-cell limit; what is over it is only counted. */
static void
output_feed(struct output *o, struct output_item *it, const char *p,
    size_t len)
{
	size_t room = o->kept < OUTPUT_CELL_MAX ? OUTPUT_CELL_MAX - o->kept : 0;

	if (len > room) {
		o->dropped += len - room;
		len = room;
	}
	if (len > 0) {
		sanitize_feed(it->san, p, len);
		buf_add(&it->raw, p, len);
	}
	o->kept += len;
	o->version++;
}

void
output_stream(struct output *o, enum output_kind kind, const char *p,
    size_t len)
{
	struct output_item *it = NULL;

	if (o->nitems > 0 && o->items[o->nitems - 1].kind == kind &&
	    !o->items[o->nitems - 1].finished)
		it = &o->items[o->nitems - 1];
	else {
		if (o->nitems > 0 && !o->items[o->nitems - 1].finished &&
		    (o->items[o->nitems - 1].kind == OUTPUT_STDOUT ||
		    o->items[o->nitems - 1].kind == OUTPUT_STDERR)) {
			/* The other stream's line is complete only at a
			 * line break; cutting here keeps the order. */
			sanitize_finish(o->items[o->nitems - 1].san);
			o->items[o->nitems - 1].finished = true;
		}
		it = output_item_new(o, kind, true);
	}
	output_feed(o, it, p, len);
}

/* Strip HTML tags and decode the common entities: a value that only
 * has an HTML form still reads as text. */
static void
output_html_text(struct buf *out, const char *p, size_t len)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&nbsp;", ' ' } };
	size_t i, k;
	bool tag = false;

	for (i = 0; i < len; i++) {
		if (tag) {
			if (p[i] == '>')
				tag = false;
			continue;
		}
		if (p[i] == '<') {
			tag = true;
			if (len - i >= 3 && (strncmp(p + i, "<br", 3) == 0 ||
			    strncmp(p + i, "<p>", 3) == 0 ||
			    strncmp(p + i, "</p", 3) == 0 ||
			    strncmp(p + i, "<tr", 3) == 0 ||
			    strncmp(p + i, "<li", 3) == 0 ||
			    strncmp(p + i, "</h", 3) == 0))
				buf_addc(out, '\n');
			continue;
		}
		if (p[i] == '&') {
			for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
				size_t el = strlen(ents[k].ent);

				if (len - i >= el &&
				    memcmp(p + i, ents[k].ent, el) == 0) {
					buf_addc(out, ents[k].c);
					i += el - 1;
					break;
				}
			}
			if (k < sizeof ents / sizeof ents[0])
				continue;
		}
		buf_addc(out, p[i]);
	}
}

/* Drop inline emphasis and code markers: "**a**", "__a__", "`a`". */
static void
output_md_inline(struct buf *out, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((p[i] == '*' || p[i] == '_') && i + 1 < len &&
		    p[i + 1] == p[i]) {
			i++;
			continue;
		}
		if (p[i] == '`')
			continue;
		buf_addc(out, p[i]);
	}
}

/*
 * Markdown, simply: headings lose their '#' and are remembered to be
 * drawn as titles, list items get a bullet, emphasis and code markers
 * go. Everything else is shown as written (the rich-output work will
 * render it properly). Whatever the text holds is still sanitised after.
 */
static void
output_markdown(struct output_item *it, struct buf *out, const char *p,
    size_t len)
{
	size_t i = 0, e, h, lines = 0;

	while (i <= len) {
		e = i;
		while (e < len && p[e] != '\n')
			e++;
		it->headings = xreallocarray(it->headings, lines + 1, 1);
		it->headings[lines] = 0;
		for (h = i; h < e && h - i < 6 && p[h] == '#'; h++)
			;
		if (h > i && h < e && p[h] == ' ') {
			it->headings[lines] = 1;
			i = h + 1;
		} else {
			size_t b = i;

			while (b < e && p[b] == ' ')
				b++;
			if (b + 1 < e && (p[b] == '-' || p[b] == '*') &&
			    p[b + 1] == ' ') {
				buf_add(out, p + i, b - i);
				buf_adds(out, "\xe2\x80\xa2 ");
				i = b + 2;
			}
		}
		output_md_inline(out, p + i, e - i);
		lines++;
		if (e >= len)
			break;
		buf_addc(out, '\n');
		i = e + 1;
	}
	it->nheadings = lines;
}

void
output_add(struct output *o, enum output_kind kind, const char *mime,
    const char *p, size_t len)
{
	struct output_item *it;
	struct buf b = BUF_INIT;
	bool sgr = kind == OUTPUT_TRACEBACK ||
	    (kind == OUTPUT_VALUE && mime != NULL &&
	    strcmp(mime, "text/plain") == 0);

	if (kind == OUTPUT_NOTE)
		sgr = false;
	it = output_item_new(o, kind, sgr);
	if (mime != NULL && strcmp(mime, "text/html") == 0) {
		output_html_text(&b, p, len);
		output_feed(o, it, b.ptr, b.len);
	} else if (kind == OUTPUT_MARKDOWN) {
		output_markdown(it, &b, p, len);
		output_feed(o, it, b.ptr, b.len);
	} else
		output_feed(o, it, p, len);
	sanitize_finish(it->san);
	it->finished = true;
	buf_release(&b);
}

void
output_finish(struct output *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		if (!o->items[i].finished) {
			sanitize_finish(o->items[i].san);
			o->items[i].finished = true;
		}
	o->version++;
}

bool
output_is_empty(const struct output *o)
{
	return o->nitems == 0 && o->dropped == 0;
}

unsigned long
output_version(const struct output *o)
{
	return o->version;
}

/* Lines of an item that are shown: a stream's last line is dropped
 * while empty (the text so far ended with a line break). */
static size_t
output_item_lines(const struct output_item *it)
{
	const struct sanitize_line *l;
	size_t n;

	l = sanitize_lines(it->san, &n);
	if (n > 0 && l[n - 1].len == 0 && (n > 1 ||
	    it->kind == OUTPUT_STDOUT || it->kind == OUTPUT_STDERR))
		n--;
	return n;
}

static void
output_index(struct output *o)
{
	size_t i, total = 0;

	if (o->index_version == o->version)
		return;
	if (o->nfirst < o->nitems + 1) {
		o->first = xreallocarray(o->first, o->nitems + 1,
		    sizeof *o->first);
		o->nfirst = o->nitems + 1;
	}
	for (i = 0; i < o->nitems; i++) {
		o->first[i] = total;
		total += output_item_lines(&o->items[i]);
	}
	o->first[o->nitems] = total;
	o->nlines = total;
	o->index_version = o->version;
}

size_t
output_nlines(struct output *o)
{
	output_index(o);
	return o->nlines;
}

static enum draw_role
output_role(const struct output_item *it, size_t idx)
{
	switch (it->kind) {
	case OUTPUT_STDERR:
		return DRAW_STDERR;
	case OUTPUT_TRACEBACK:
		return DRAW_ERROR;
	case OUTPUT_NOTE:
		return DRAW_DIM;
	case OUTPUT_MARKDOWN:
		return idx < it->nheadings && it->headings[idx] ?
		    DRAW_TITLE_FOCUS : DRAW_TEXT;
	default:
		return DRAW_TEXT;
	}
}

const struct sanitize_line *
output_line(struct output *o, size_t idx, enum draw_role *role)
{
	static const struct sanitize_line none;
	size_t lo = 0, hi, n;
	const struct sanitize_line *l;

	output_index(o);
	*role = DRAW_TEXT;
	if (idx >= o->first[o->nitems])
		return &none;
	hi = o->nitems;
	/* The item whose first line is the last one <= idx. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (o->first[mid] <= idx)
			lo = mid;
		else
			hi = mid;
	}
	while (lo + 1 < o->nitems && o->first[lo + 1] <= idx)
		lo++;
	l = sanitize_lines(o->items[lo].san, &n);
	idx -= o->first[lo];
	if (idx >= n)
		return &none;
	*role = output_role(&o->items[lo], idx);
	return &l[idx];
}

size_t
output_nshown(const struct output *o)
{
	size_t i, n = 0;

	for (i = 0; i < o->nitems; i++)
		n += sanitize_nshown(o->items[i].san);
	return n;
}

size_t
output_ndropped(const struct output *o)
{
	return o->dropped;
}

void
output_text(struct output *o, struct buf *out)
{
	enum draw_role role;
	size_t i, n = output_nlines(o);

	for (i = 0; i < n; i++) {
		const struct sanitize_line *l = output_line(o, i, &role);

		buf_add(out, l->text, l->len);
		buf_addc(out, '\n');
	}
}

size_t
output_nitems(const struct output *o)
{
	return o->nitems;
}

const char *
output_item_bytes(const struct output *o, size_t i, enum output_kind *kind,
    size_t *len)
{
	if (i >= o->nitems) {
		*len = 0;
		return NULL;
	}
	*kind = o->items[i].kind;
	*len = o->items[i].raw.len;
	return o->items[i].raw.ptr != NULL ? o->items[i].raw.ptr : "";
}

struct sanitize *
output_item_inspect(const struct output *o, size_t i)
{
	struct sanitize_options opt = { SANITIZE_TEXT, false, 8 };
	const struct output_item *it;
	struct sanitize *s;

	if (i >= o->nitems)
		return NULL;
	it = &o->items[i];
	opt.sgr = it->sgr;
	if (it->kind == OUTPUT_STDOUT || it->kind == OUTPUT_STDERR)
		opt.context = SANITIZE_STREAM;
	s = sanitize_new(&opt);
	sanitize_record_seqs(s);
	sanitize_feed(s, it->raw.ptr != NULL ? it->raw.ptr : "", it->raw.len);
	sanitize_finish(s);
	return s;
}
