/*
 * fuzz_theme.c: the theme parser on any bytes. Beyond "no crash": a theme
 * it accepts resolves in every terminal mode with the reserved looks
 * (status bar, marker, selection, trust banner) apart from text and from
 * each other and no role drawn in its own background; its formatted form
 * parses back to the same theme; and output SGR mapped through it never
 * takes a reserved look.
 */
#include "config.h"
#include "theme.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct {
	int ncolors;
	bool truecolor, no_color;
} fuzz_theme_modes[] = {
	{ 256, true, false }, { 256, false, false }, { 88, false, false },
	{ 16, false, false }, { 8, false, false }, { 0, false, true },
};

static const enum theme_role fuzz_theme_reserved[] = {
	THEME_TEXT, THEME_STATUS_BAR, THEME_MARKER, THEME_SELECTION,
	THEME_TRUST_BANNER,
};

static bool
fuzz_theme_eq(struct theme_look a, struct theme_look b)
{
	return a.fg == b.fg && a.bg == b.bg &&
	    (a.attrs & THEME_ATTR_MONO) == (b.attrs & THEME_ATTR_MONO);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme_look lk[THEME_NROLES], o;
	struct buf f1 = BUF_INIT, f2 = BUF_INIT;
	struct theme *t, *t2;
	size_t m, i, k;
	int32_t fg, bg;

	if ((t = theme_parse("fuzz", (const char *)data, size)) == NULL)
		return 0;
	for (m = 0; m < sizeof fuzz_theme_modes / sizeof fuzz_theme_modes[0];
	    m++) {
		theme_resolve(lk, t, fuzz_theme_modes[m].ncolors,
		    fuzz_theme_modes[m].truecolor,
		    fuzz_theme_modes[m].no_color);
		for (i = 0; i < 5; i++)
			for (k = i + 1; k < 5; k++)
				if (fuzz_theme_eq(lk[fuzz_theme_reserved[i]],
				    lk[fuzz_theme_reserved[k]]))
					abort();
		for (i = 0; i < THEME_NROLES; i++)
			if (lk[i].fg >= 0 && lk[i].fg == lk[i].bg)
				abort();
		/* Output colours taken from the input's bytes. */
		for (i = 0; i + 2 < size && i < 48; i += 3) {
			fg = data[i] == 0xff ? SANITIZE_COLOR_DEFAULT :
			    data[i] & 1 ? SANITIZE_COLOR_RGB |
			    (int32_t)(data[i] << 16 | data[i + 1] << 8) :
			    data[i + 1];
			bg = data[i + 2] == 0xff ? SANITIZE_COLOR_DEFAULT :
			    data[i + 2];
			o = theme_map_rgb(lk, (enum theme_role)(data[i] %
			    THEME_NROLES), fg, bg, data[i + 1] & 0x1f,
			    fuzz_theme_modes[m].ncolors,
			    fuzz_theme_modes[m].truecolor,
			    fuzz_theme_modes[m].no_color);
			if (o.fg >= 0 && o.fg == o.bg)
				abort();
			for (k = 2; k < 5; k++)
				if (fuzz_theme_eq(o,
				    lk[fuzz_theme_reserved[k]]))
					abort();
		}
	}
	theme_format(&f1, t);
	if ((t2 = theme_parse("fuzz", f1.ptr, f1.len)) == NULL)
		abort();
	theme_format(&f2, t2);
	if (strcmp(f1.ptr, f2.ptr) != 0)
		abort();
	theme_free(t);
	theme_free(t2);
	buf_release(&f1);
	buf_release(&f2);
	return 0;
}
