/*
 * fuzz_mdrender.c: the Markdown renderer on any bytes. Beyond "no crash,
 * no hang": at every width tried, each line is at most that wide (from
 * two columns up, where a wide character fits), holds only printable
 * code points, its width is the sum of its code points' widths, its
 * runs cover its text in order with known roles (markers in the marker
 * role), and every anchor span lies on a line, within its width.
 *
 * The first byte picks the width and the options; the rest is Markdown.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdrender.h"
#include "richtext.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_mdrender_check(const struct richtext *rt, size_t width)
{
	size_t i, k, off, end;
	uint32_t cp;

	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *l = richtext_line(rt, i);

		if (l->line.width > width && width >= 2)
			abort();
		if (l->line.width != utf8_str_width(l->line.text, l->line.len))
			abort();
		if (strlen(l->line.text) != l->line.len)
			abort();
		for (off = 0; off < l->line.len;) {
			bool ok;

			off += utf8_next(l->line.text + off, l->line.len - off,
			    &cp, &ok);
			if (!ok || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				abort();
		}
		end = 0;
		for (k = 0; k < l->line.nruns; k++) {
			const struct sanitize_run *r = &l->line.runs[k];

			if (r->off != end || r->len == 0)
				abort();
			end = r->off + r->len;
			if (l->roles[k] >= RICHTEXT_NROLES)
				abort();
			if ((r->style.flags & SANITIZE_MARKER) &&
			    l->roles[k] != RICHTEXT_MARKER)
				abort();
		}
		if (end != l->line.len)
			abort();
	}
	for (i = 0; i < richtext_nspans(rt); i++) {
		const struct richtext_span *s = richtext_span(rt, i);

		if (s->line >= richtext_nlines(rt) || s->index >=
		    richtext_nanchors(rt, s->kind))
			abort();
	}
}

static const char *
fuzz_mdrender_widget(void *ctx, const char *id, size_t idlen, size_t *len)
{
	(void)ctx;
	if (idlen > 0 && id[0] == 'w') {
		*len = 9;
		return "[widget\033]";
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t widths[] = { 80, 1, 2, 7, 20, 33, 120, 3 };
	struct mdrender_options o;
	struct richtext *rt;

	if (size == 0)
		return 0;
	memset(&o, 0, sizeof o);
	o.width = widths[data[0] & 7];
	o.links = (enum mdrender_links)((data[0] >> 3) % 3);
	o.ascii = (data[0] & 0x20) != 0;
	o.plain = (data[0] & 0x40) != 0;
	if (data[0] & 0x80)
		o.widget_text = fuzz_mdrender_widget;
	rt = richtext_new();
	mdrender_render(rt, (const char *)data + 1, size - 1, &o);
	fuzz_mdrender_check(rt, o.width);
	richtext_free(rt);
	return 0;
}
