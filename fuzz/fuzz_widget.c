/*
 * fuzz_widget.c: the editor's widget JSON reader (tui/widget.c) on any
 * bytes, and everything a person can then do to what it accepts. The
 * JSON comes from the kernel, which runs user code, so it is outside
 * input. Beyond "no crash": every line drawn is no wider than asked and
 * holds only printable code points; every value the editor would send
 * is valid JSON; the kernel's answer carrying the element's own JSON
 * again is taken.
 *
 * The first byte picks the width and ASCII mode, the next eight the
 * keys pressed on each element; the rest is the widget JSON.
 */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/keys.h"
#include "../tui/widget.h"
#include "buf.h"
#include "richtext.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int fuzz_widget_keys[] = {
	KEYS_RIGHT, KEYS_LEFT, KEYS_UP, KEYS_DOWN, KEYS_HOME, KEYS_END,
	KEYS_PGUP, KEYS_PGDN, KEYS_ENTER, ' ', KEYS_BACKSPACE, KEYS_DELETE,
	KEYS_TAB, KEYS_BTAB, 'x', '7',
};

#define FUZZ_WIDGET_NKEYS \
	(sizeof fuzz_widget_keys / sizeof fuzz_widget_keys[0])

static void
fuzz_widget_lines_ok(const struct richtext *rt, size_t width)
{
	size_t i, off;
	uint32_t cp;

	for (i = 0; i < richtext_nlines(rt); i++) {
		const struct richtext_line *l = richtext_line(rt, i);

		if (width >= 2 && l->line.width > width)
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
}

static void
fuzz_widget_json_ok(const struct buf *b)
{
	json_t *j = json_loadb(b->ptr, b->len, JSON_DECODE_ANY, NULL);

	if (j == NULL)
		abort();
	json_decref(j);
}

static void
fuzz_widget_draw(const struct widget *w, const struct widget *focus,
    size_t width, bool ascii)
{
	struct widget_render_options o = { width, ascii, focus };
	struct richtext *rt = richtext_new();
	struct buf text = BUF_INIT;

	widget_render(rt, w, &o);
	fuzz_widget_lines_ok(rt, width);
	richtext_free(rt);
	widget_text(&text, w, ascii);
	buf_release(&text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t widths[] = { 80, 1, 2, 12, 40, 200 };
	struct widget *w, *target, **stops;
	struct buf json = BUF_INIT, value = BUF_INIT;
	size_t width, nstops, i, k;
	bool ascii;

	if (size < 9)
		return 0;
	width = widths[data[0] % (sizeof widths / sizeof widths[0])];
	ascii = (data[0] & 0x80) != 0;
	if (widget_parse(&w, (const char *)data + 9, size - 9) < 0)
		return 0;
	fuzz_widget_draw(w, NULL, width, ascii);

	nstops = widget_stops(w, &stops);
	for (i = 0; i < nstops && i < 16; i++) {
		struct widget *s;

		/* The tree may change under a key: look the stop up again. */
		nstops = widget_stops(w, &stops);
		if (i >= nstops)
			break;
		s = stops[i];
		for (k = 1; k < 9; k++) {
			buf_reset(&json);
			target = NULL;
			if (widget_key(s, fuzz_widget_keys[data[k] %
			    FUZZ_WIDGET_NKEYS], &target, &json) ==
			    WIDGET_SEND) {
				if (target == NULL)
					abort();
				fuzz_widget_json_ok(&json);
			}
		}
		(void)widget_type(s, (const char *)data + 1, 8);
		buf_reset(&json);
		target = NULL;
		if (widget_leave(s, &target, &json) == WIDGET_SEND)
			fuzz_widget_json_ok(&json);
		buf_reset(&value);
		widget_value_json(s, &value);
		fuzz_widget_json_ok(&value);
		fuzz_widget_draw(w, s, width, ascii);
	}
	/* The kernel's answer: the element's own JSON again. */
	if (widget_update(w, (const char *)data + 9, size - 9, true) < 0)
		abort();
	fuzz_widget_draw(w, NULL, width, ascii);
	if (widget_interval(w) > 0) {
		buf_reset(&json);
		widget_tick_json(w, &json);
		fuzz_widget_json_ok(&json);
	}
	buf_release(&json);
	buf_release(&value);
	widget_free(w);
	return 0;
}
