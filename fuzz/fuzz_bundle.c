/*
 * fuzz_bundle.c: the headless rendering of one DISPLAY bundle
 * (richtext_bundle_render in src/richtext.c, used by quire run): 1 to 4
 * representations of one value, each of a MIME type the input picks
 * (text/plain, text/markdown, text/html, the table JSON, the widget
 * JSON, image/png, image/jpeg or one quire does not know), any bytes in
 * each. Beyond "no crash":
 *
 * - the item it says it used is one of them, of a type it renders; -1
 *   only with its one-line fallback;
 * - every line holds printable code points only and its width is the
 *   sum of theirs; the renderers that lay out to a width (Markdown,
 *   HTML, tables, images) keep within it (text/plain is the kernel's
 *   own lines, and a widget or the fallback one line, as quire run
 *   prints them);
 * - the plain and ANSI writers take the result: plain text holds no
 *   ESC, ANSI only quire's own SGR.
 *
 * Byte 0: the number of items (bits 0-1), ASCII (bit 2), images as
 * symbols (bit 3), the colour mode (bits 4-6). Byte 1: the width. Then
 * the items, separated by "\x00QI\x00", each starting with a byte that
 * picks its type.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "richtext.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_BUNDLE_SEP "\x00QI\x00"
#define FUZZ_BUNDLE_SEPLEN 4

static const char *const fuzz_bundle_mimes[] = {
	"text/plain", "text/markdown", "text/html", RICHTEXT_MIME_TABLE,
	RICHTEXT_MIME_WIDGET, "image/png", "image/jpeg",
	"application/x-unknown",
};

#define FUZZ_BUNDLE_NMIMES \
	(sizeof fuzz_bundle_mimes / sizeof fuzz_bundle_mimes[0])

static bool
fuzz_bundle_laid_out(const char *mime)
{
	return strcmp(mime, "text/markdown") == 0 ||
	    strcmp(mime, "text/html") == 0 ||
	    strcmp(mime, RICHTEXT_MIME_TABLE) == 0 ||
	    strncmp(mime, "image/", 6) == 0;
}

static void
fuzz_bundle_lines_ok(const struct richtext *rt, size_t width, bool laid_out)
{
	size_t i, off;
	uint32_t cp;
	bool ok;

	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *l = richtext_line(rt, i);

		for (off = 0; off < l->line.len;) {
			off += utf8_next(l->line.text + off, l->line.len - off,
			    &cp, &ok);
			if (!ok || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				abort();
		}
		if (l->line.width != utf8_str_width(l->line.text, l->line.len))
			abort();
		if (laid_out && width >= 2 && l->line.width > width)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int colors[] = { 0, 8, 16, 256, RICHTEXT_TRUECOLOR };
	static const size_t widths[] = { 80, 1, 2, 7, 20, 40, 120, 0 };
	struct richtext_mime items[4];
	struct richtext_bundle_options o;
	struct richtext *rt;
	struct buf b = BUF_INIT;
	const char *p, *end, *sep;
	size_t n, want, i, width;
	int used;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof o);
	want = 1 + (data[0] & 3);
	o.ascii = (data[0] & 4) != 0;
	o.images = (data[0] & 8) != 0;
	o.ncolors = colors[(data[0] >> 4 & 7) % 5];
	o.width = widths[data[1] & 7];
	o.image_rows = data[1] >> 3 & 15;
	o.table_head = data[1] >> 7;
	width = o.width ? o.width : 80;

	p = (const char *)data + 2;
	end = (const char *)data + size;
	for (n = 0; n < want && p < end; n++) {
		items[n].mime = fuzz_bundle_mimes[(unsigned char)*p++ %
		    FUZZ_BUNDLE_NMIMES];
		sep = memmem(p, (size_t)(end - p), FUZZ_BUNDLE_SEP,
		    FUZZ_BUNDLE_SEPLEN);
		items[n].data = p;
		items[n].len = (size_t)((sep != NULL ? sep : end) - p);
		p = sep != NULL ? sep + FUZZ_BUNDLE_SEPLEN : end;
	}

	rt = richtext_new();
	used = richtext_bundle_render(rt, items, n, &o);
	if (used < -1 || used >= (int)n)
		abort();
	if (used == -1 && richtext_nlines(rt) != 1)
		abort();
	if (used >= 0 && strcmp(items[used].mime,
	    "application/x-unknown") == 0)
		abort();
	fuzz_bundle_lines_ok(rt, width,
	    used >= 0 && fuzz_bundle_laid_out(items[used].mime));

	richtext_format_plain(rt, &b);
	for (i = 0; i < b.len; i++)
		if (b.ptr[i] == '\x1b')
			abort();
	buf_reset(&b);
	richtext_format_ansi(rt, &b, o.ncolors);
	for (i = 0; i < b.len; i++) {
		/* Every ESC starts an SGR quire wrote: ESC [ digits m. */
		if (b.ptr[i] != '\x1b')
			continue;
		if (i + 1 >= b.len || b.ptr[i + 1] != '[')
			abort();
		for (i += 2; i < b.len && ((b.ptr[i] >= '0' &&
		    b.ptr[i] <= '9') || b.ptr[i] == ';'); i++)
			;
		if (i >= b.len || b.ptr[i] != 'm')
			abort();
	}
	buf_release(&b);
	richtext_free(rt);
	return 0;
}
