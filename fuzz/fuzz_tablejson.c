/*
 * fuzz_tablejson.c: the table JSON reader on any bytes, and the layout
 * of every table it accepts. A parse either fails with a message or
 * gives a model within the limits (at most TABLERENDER_MAX_ROWS rows
 * and TABLERENDER_MAX_COLS columns held); rendering it at several
 * widths, windows and offsets gives lines no wider than the width, of
 * printable code points only, and a view inside the table.
 *
 * The first byte picks the width, window and offsets; the rest is JSON.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "richtext.h"
#include "tablerender.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_tablejson_render(const struct tablerender *t,
    const struct tablerender_options *o)
{
	struct richtext *rt = richtext_new();
	struct tablerender_view v;
	size_t i, off;
	uint32_t cp;

	tablerender_render(rt, t, o, &v);
	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *l = richtext_line(rt, i);

		if (l->line.width > o->width && o->width >= 2)
			abort();
		if (l->line.width != utf8_str_width(l->line.text, l->line.len))
			abort();
		for (off = 0; off < l->line.len;) {
			off += utf8_next(l->line.text + off, l->line.len - off,
			    &cp, NULL);
			if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				abort();
		}
	}
	if (o->head == 0 && tablerender_nrows(t) > 0 &&
	    (v.first_row >= tablerender_nrows(t) ||
	    v.nrows > TABLERENDER_MAX_ROWS))
		abort();
	if (v.ncols > TABLERENDER_MAX_COLS)
		abort();
	richtext_free(rt);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t widths[] = { 80, 1, 2, 9, 30, 200 };
	struct tablerender_options o;
	struct tablerender *t;
	size_t off, n;

	if (size == 0)
		return 0;
	if (tablerender_parse(&t, (const char *)data + 1, size - 1) < 0) {
		if (*err_last() == '\0')
			abort();
		return 0;
	}
	tablerender_window(t, &off, &n);
	if (n > TABLERENDER_MAX_ROWS || off + n > tablerender_nrows(t))
		abort();
	memset(&o, 0, sizeof o);
	o.width = widths[data[0] % 6];
	o.cursor = data[0] & 0x40 ? off : TABLERENDER_NONE;
	o.footer = true;
	o.ascii = (data[0] & 0x80) != 0;
	fuzz_tablejson_render(t, &o);
	o.first_row = off + (data[0] >> 3 & 7);
	o.max_rows = 5;
	o.first_col = data[0] >> 5 & 3;
	fuzz_tablejson_render(t, &o);
	o.first_row = tablerender_nrows(t) + 10;
	fuzz_tablejson_render(t, &o);
	o.head = 1 + (data[0] & 3);
	o.tail = data[0] >> 2 & 3;
	fuzz_tablejson_render(t, &o);
	(void)tablerender_select(t, off, true);
	tablerender_free(t);
	return 0;
}
