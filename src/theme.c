/*
 * theme.c: colour themes, read from plain-text files and resolved for a
 * terminal. Owns the theme syntax, the roles' inheritance, the xterm
 * palettes and the nearest-colour mapping; curses and the choice of
 * theme belong to tui/. The one idea: a theme is written once, for the
 * best terminal, and degrades by pure functions (truecolour, 256, 88,
 * 16, 8 colours, none), checked so that the looks quire reserves for
 * itself (marker, status bar, selection, trust banner) never coincide
 * with text, with each other, or with what a program's SGR can produce.
 */
#include "config.h"
#include "theme.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "sanitize.h"
#include "xmalloc.h"

#ifndef QUIRE_SRCDIR
#define QUIRE_SRCDIR "."
#endif
#ifndef QUIRE_DATADIR
#define QUIRE_DATADIR "/usr/local/share/quire"
#endif

/* A theme is a page of text. */
#define THEME_FILE_MAX (256 << 10)

struct theme {
	char *name;
	struct theme_style styles[THEME_NROLES];
	bool set[THEME_NROLES];
};

/* How a role the file leaves out is derived: from parent, plus attrs. */
struct theme_role_def {
	const char *name;
	int parent;		/* an earlier role, or -1 */
	uint8_t add;		/* attributes added when inherited */
};

#define B THEME_ATTR_BOLD
#define D THEME_ATTR_DIM
#define U THEME_ATTR_UNDERLINE
#define R THEME_ATTR_REVERSE

static const struct theme_role_def theme_roles[THEME_NROLES] = {
	[THEME_TEXT] = { "text", -1, 0 },
	[THEME_DIM] = { "dim", THEME_TEXT, D },
	[THEME_BORDER] = { "border", THEME_TEXT, 0 },
	[THEME_BORDER_FOCUS] = { "border_focus", THEME_BORDER, B },
	[THEME_TITLE] = { "title", THEME_TEXT, 0 },
	[THEME_TITLE_FOCUS] = { "title_focus", THEME_TITLE, B },
	[THEME_STATUS_BAR] = { "status_bar", THEME_TEXT, R },
	[THEME_STATUS_KEY] = { "status_key", THEME_STATUS_BAR, B },
	[THEME_STATUS_MODE] = { "status_mode", THEME_STATUS_BAR, B },
	[THEME_MESSAGE] = { "message", THEME_TEXT, 0 },
	[THEME_ERROR] = { "error", THEME_TEXT, B },
	[THEME_STDERR] = { "stderr", THEME_ERROR, 0 },
	[THEME_MARKER] = { "marker", THEME_TEXT, R },
	[THEME_SELECTION] = { "selection", THEME_TEXT, R },
	[THEME_SEARCH] = { "search", THEME_SELECTION, U },
	[THEME_TRUST_BANNER] = { "trust_banner", THEME_STATUS_BAR, B },
	[THEME_LINE_NUMBER] = { "line_number", THEME_DIM, 0 },
	[THEME_GUTTER_ADD] = { "gutter_add", THEME_TEXT, B },
	[THEME_GUTTER_CHANGE] = { "gutter_change", THEME_TEXT, B },
	[THEME_GUTTER_REMOVE] = { "gutter_remove", THEME_TEXT, B },
	[THEME_STATE_IDLE] = { "state_idle", THEME_TEXT, 0 },
	[THEME_STATE_QUEUED] = { "state_queued", THEME_STATE_IDLE, 0 },
	[THEME_STATE_RUNNING] = { "state_running", THEME_STATE_IDLE, B },
	[THEME_STATE_STALE] = { "state_stale", THEME_STATE_IDLE, U },
	[THEME_STATE_ERROR] = { "state_error", THEME_ERROR, 0 },
	[THEME_STATE_DISABLED] = { "state_disabled", THEME_DIM, 0 },
	[THEME_STATE_BLOCKED] = { "state_blocked", THEME_STATE_DISABLED, 0 },
	[THEME_KEYWORD] = { "keyword", THEME_TEXT, B },
	[THEME_NAME] = { "name", THEME_TEXT, 0 },
	[THEME_STRING] = { "string", THEME_TEXT, 0 },
	[THEME_NUMBER] = { "number", THEME_TEXT, 0 },
	[THEME_COMMENT] = { "comment", THEME_DIM, 0 },
	[THEME_OPERATOR] = { "operator", THEME_TEXT, 0 },
	[THEME_BUILTIN] = { "builtin", THEME_TEXT, 0 },
	[THEME_DEFINITION] = { "definition", THEME_NAME, B },
	[THEME_BRACKET] = { "bracket", THEME_TEXT, B | U },
	[THEME_HEADING] = { "heading", THEME_TEXT, B },
	[THEME_CODE] = { "code", THEME_STRING, 0 },
	[THEME_LINK] = { "link", THEME_TEXT, U },
	[THEME_MATH] = { "math", THEME_CODE, 0 },
	[THEME_QUOTE] = { "quote", THEME_DIM, 0 },
	[THEME_BULLET] = { "bullet", THEME_TEXT, B },
	[THEME_RULE] = { "rule", THEME_BORDER, 0 },
	[THEME_TABLE_HEADER] = { "table_header", THEME_TEXT, B },
	[THEME_TABLE_INDEX] = { "table_index", THEME_DIM, 0 },
	[THEME_TABLE_NULL] = { "table_null", THEME_DIM, 0 },
	[THEME_TABLE_SELECTED] = { "table_selected", THEME_TEXT, B },
	[THEME_TABLE_CURSOR] = { "table_cursor", THEME_TEXT, U },
	[THEME_WIDGET] = { "widget", THEME_TITLE, 0 },
	[THEME_WIDGET_FOCUS] = { "widget_focus", THEME_WIDGET, B | U },
	[THEME_IMAGE] = { "image", THEME_TEXT, 0 },
};

/* Other spellings of role names: tui/draw.c's, and old habits. */
static const struct {
	const char *alias;
	enum theme_role role;
} theme_aliases[] = {
	{ "bar", THEME_STATUS_BAR },
	{ "bar_key", THEME_STATUS_KEY },
	{ "bar_mode", THEME_STATUS_MODE },
	{ "status", THEME_STATUS_BAR },
	{ "state_ok", THEME_STATE_IDLE },
	{ "output_stderr", THEME_STDERR },
	{ "gutter", THEME_GUTTER_CHANGE },
	{ "trust", THEME_TRUST_BANNER },
};

/*
 * The roles quire reserves, in order of precedence, with the attributes
 * that set each apart when colours cannot: distinct from one another
 * and from anything without reverse.
 */
static const struct {
	enum theme_role role;
	uint8_t attrs;
} theme_reserved[] = {
	{ THEME_STATUS_BAR, R },
	{ THEME_MARKER, R | B },
	{ THEME_SELECTION, R | U },
	{ THEME_TRUST_BANNER, R | B | U },
};

#define THEME_NRESERVED (sizeof theme_reserved / sizeof theme_reserved[0])

static const char *const theme_color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan",
	"white", "bright_black", "bright_red", "bright_green",
	"bright_yellow", "bright_blue", "bright_magenta", "bright_cyan",
	"bright_white",
};

static const struct {
	const char *name;
	uint8_t bit;
} theme_attr_names[] = {
	{ "bold", B },
	{ "dim", D },
	{ "italic", THEME_ATTR_ITALIC },
	{ "underline", U },
	{ "reverse", R },
};

/*
 * The built-in theme: themes/dark.theme, kept equal to it by
 * test_theme_builtin_is_dark_file, for when no theme file is installed.
 */
static const char theme_builtin_text[] =
    "# dark: for terminals with a dark background (quire's default).\n"
    "# role = FG [BG] [ATTR ...] [/ MONO-ATTR ...]; see quire-config(5).\n"
    "text = default default\n"
    "dim = default default dim\n"
    "border = grey default\n"
    "border_focus = cyan default bold\n"
    "title = default default\n"
    "title_focus = bright_cyan default bold / bold underline\n"
    "status_bar = black white / reverse\n"
    "status_key = blue white bold / reverse bold\n"
    "status_mode = bright_white blue bold / reverse bold\n"
    "message = default default\n"
    "error = bright_red default bold\n"
    "stderr = red default\n"
    "marker = magenta default reverse / reverse bold\n"
    "selection = bright_white #264f78 / reverse underline\n"
    "search = black yellow / underline\n"
    "trust_banner = bright_white red bold / reverse bold underline\n"
    "line_number = #6c6c6c default / none\n"
    "gutter_add = green default bold\n"
    "gutter_change = yellow default bold\n"
    "gutter_remove = red default bold\n"
    "state_idle = green default\n"
    "state_queued = cyan default\n"
    "state_running = bright_yellow default bold\n"
    "state_stale = yellow default / underline\n"
    "state_error = bright_red default bold / bold reverse\n"
    "state_disabled = grey default dim / none\n"
    "state_blocked = grey default / none\n"
    "keyword = magenta default bold\n"
    "name = default default\n"
    "string = green default\n"
    "number = yellow default\n"
    "comment = #8a8a8a default italic / none\n"
    "operator = default default\n"
    "builtin = cyan default\n"
    "definition = bright_blue default bold\n"
    "bracket = bright_yellow default bold underline\n";

/* xterm's first 16 colours, as its default resources set them. */
static const uint32_t theme_ansi_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
	0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
	0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

/* The 256-colour cube's levels, and the 88-colour palette's. */
static const uint8_t theme_cube6[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };
static const uint8_t theme_cube4[4] = { 0x00, 0x8b, 0xcd, 0xff };
static const uint8_t theme_grey88[8] = {
	0x2e, 0x5c, 0x73, 0x8b, 0xa2, 0xb9, 0xd0, 0xe7,
};

const char *
theme_role_name(enum theme_role r)
{
	if ((int)r < 0 || r >= THEME_NROLES)
		return "text";
	return theme_roles[r].name;
}

int
theme_role_find(const char *name)
{
	struct buf n = BUF_INIT;
	const char *p;
	size_t i;
	int r = -1;

	/* "border.focus" is "border_focus"; "syntax.keyword" "keyword". */
	for (p = name; *p != '\0'; p++)
		buf_addc(&n, *p == '.' || *p == '-' ? '_' :
		    (char)tolower((unsigned char)*p));
	p = n.ptr;
	if (strncmp(p, "syntax_", 7) == 0)
		p += 7;
	for (i = 0; i < THEME_NROLES && r < 0; i++)
		if (strcmp(p, theme_roles[i].name) == 0)
			r = (int)i;
	for (i = 0; i < sizeof theme_aliases / sizeof theme_aliases[0] &&
	    r < 0; i++)
		if (strcmp(p, theme_aliases[i].alias) == 0)
			r = (int)theme_aliases[i].role;
	buf_release(&n);
	return r;
}

uint32_t
theme_palette_rgb(int idx)
{
	int i;

	if (idx < 0 || idx > 255)
		return 0;
	if (idx < 16)
		return theme_ansi_rgb[idx];
	if (idx < 232) {
		i = idx - 16;
		return (uint32_t)theme_cube6[i / 36] << 16 |
		    (uint32_t)theme_cube6[i / 6 % 6] << 8 |
		    theme_cube6[i % 6];
	}
	i = 8 + (idx - 232) * 10;
	return (uint32_t)i << 16 | (uint32_t)i << 8 | (uint32_t)i;
}

/* The RGB of entry idx of the 88-colour palette. */
static uint32_t
theme_palette88_rgb(int idx)
{
	int i, g;

	if (idx < 16)
		return theme_ansi_rgb[idx];
	if (idx < 80) {
		i = idx - 16;
		return (uint32_t)theme_cube4[i / 16] << 16 |
		    (uint32_t)theme_cube4[i / 4 % 4] << 8 | theme_cube4[i % 4];
	}
	g = theme_grey88[(idx - 80) & 7];
	return (uint32_t)g << 16 | (uint32_t)g << 8 | (uint32_t)g;
}

/* Perceptual-ish distance: the eye weighs green most, blue least. */
static uint32_t
theme_rgb_distance(uint32_t a, uint32_t b)
{
	int dr = (int)(a >> 16 & 0xff) - (int)(b >> 16 & 0xff);
	int dg = (int)(a >> 8 & 0xff) - (int)(b >> 8 & 0xff);
	int db = (int)(a & 0xff) - (int)(b & 0xff);

	return (uint32_t)(3 * dr * dr + 4 * dg * dg + 2 * db * db);
}

/* Is rgb a grey, or nearly? */
static bool
theme_is_grey(uint32_t rgb)
{
	int r = (int)(rgb >> 16 & 0xff), g = (int)(rgb >> 8 & 0xff);
	int b = (int)(rgb & 0xff);
	int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
	int lo = r < g ? (r < b ? r : b) : (g < b ? g : b);

	return hi - lo < 24;
}

/*
 * The nearest entry of [from, to) of a palette to rgb. Among the 8 or 16
 * ANSI colours a grey goes to a grey (black, white, bright black or
 * white): by distance alone 50% grey is nearer yellow than white.
 */
static int
theme_nearest(uint32_t rgb, int from, int to, bool p88)
{
	uint32_t d, best = UINT32_MAX;
	int i, besti = from;
	bool greys = to <= 16 && theme_is_grey(rgb);

	for (i = from; i < to; i++) {
		if (greys && i != 0 && i != 7 && i != 8 && i != 15)
			continue;
		d = theme_rgb_distance(rgb, p88 ? theme_palette88_rgb(i) :
		    theme_palette_rgb(i));
		if (d < best) {
			best = d;
			besti = i;
		}
	}
	return besti;
}

int32_t
theme_color_map(int32_t c, int ncolors, bool truecolor)
{
	uint32_t rgb;
	int idx;

	if (c < 0 || ncolors < 8)
		return -1;
	if (c & THEME_COLOR_RGB)
		rgb = (uint32_t)c & 0xffffff;
	else if (c <= 255)
		rgb = theme_palette_rgb((int)c);
	else
		return -1;
	if (truecolor) {
		/*
		 * Direct colour: the eight ANSI colours stay indices (the
		 * user's palette), anything else is an RGB value, moved off
		 * the eight values that would read as indices.
		 */
		if (!(c & THEME_COLOR_RGB) && c < 8)
			return c;
		return rgb < 8 ? 8 : (int32_t)rgb;
	}
	if (!(c & THEME_COLOR_RGB)) {
		idx = (int)c;
		/* An ANSI colour is the user's to define: keep it. */
		if (idx < 16 && ncolors >= 16)
			return idx;
		if (idx < 8)
			return idx;
		if (ncolors >= 256)
			return idx;
	}
	/* RGB, or an index the terminal does not have. */
	if (ncolors >= 256)
		return theme_nearest(rgb, 16, 256, false);
	if (ncolors >= 88)
		return theme_nearest(rgb, 16, 88, true);
	if (ncolors >= 16)
		return theme_nearest(rgb, 0, 16, false);
	return theme_nearest(rgb, 0, 8, false);
}

/* The luminance of a resolved colour, 0-255, or -1 for default. */
static int
theme_luma(int32_t c, int ncolors, bool truecolor)
{
	uint32_t rgb;

	if (c < 0)
		return -1;
	if (truecolor && c >= 8)
		rgb = (uint32_t)c;
	else if (ncolors == 88)
		rgb = theme_palette88_rgb(c);
	else
		rgb = theme_palette_rgb(c);
	return (int)((299 * (rgb >> 16 & 0xff) + 587 * (rgb >> 8 & 0xff) +
	    114 * (rgb & 0xff)) / 1000);
}

static bool
theme_look_eq(const struct theme_look *a, const struct theme_look *b,
    uint8_t attrmask)
{
	return a->fg == b->fg && a->bg == b->bg &&
	    (a->attrs & attrmask) == (b->attrs & attrmask);
}

/*
 * Is out[r] distinct from text and from the reserved roles before it,
 * and not plain (default colours, no attribute), which output could
 * copy without any SGR at all?
 */
static bool
theme_reserved_distinct(const struct theme_look *out, size_t k)
{
	const struct theme_look *lk = &out[theme_reserved[k].role];
	size_t j;

	if (lk->fg < 0 && lk->bg < 0 && (lk->attrs & THEME_ATTR_MONO) == 0)
		return false;

	if (theme_look_eq(&out[theme_reserved[k].role], &out[THEME_TEXT],
	    THEME_ATTR_MONO))
		return false;
	for (j = 0; j < k; j++)
		if (theme_look_eq(&out[theme_reserved[k].role],
		    &out[theme_reserved[j].role], THEME_ATTR_MONO))
			return false;
	return true;
}

void
theme_resolve(struct theme_look *out, const struct theme *t, int ncolors,
    bool truecolor, bool no_color)
{
	bool mono = no_color || ncolors < 8;
	struct theme_look *lk;
	size_t i, k;
	int luma;
	unsigned combo;

	for (i = 0; i < THEME_NROLES; i++) {
		const struct theme_style *st = &t->styles[i];

		lk = &out[i];
		if (mono) {
			lk->fg = lk->bg = -1;
			lk->attrs = st->mono & THEME_ATTR_MONO;
			continue;
		}
		lk->fg = theme_color_map(st->fg, ncolors, truecolor);
		lk->bg = theme_color_map(st->bg, ncolors, truecolor);
		lk->attrs = st->attrs;
		/*
		 * Two colours the theme kept apart may meet in a small
		 * palette: write in black or white, whichever shows.
		 */
		if (lk->fg >= 0 && lk->fg == lk->bg) {
			luma = theme_luma(lk->bg, ncolors, truecolor);
			lk->fg = luma >= 128 ? 0 : 7;
			if (lk->fg == lk->bg)
				lk->fg = lk->fg == 0 ? 7 : 0;
		}
	}
	/*
	 * The reserved looks must stay apart from text and each other:
	 * first add their own attributes, then take those alone, then any
	 * combination of bold, underline and reverse (eight, for five
	 * looks, so one always fits).
	 */
	for (k = 0; k < THEME_NRESERVED; k++) {
		lk = &out[theme_reserved[k].role];
		if (theme_reserved_distinct(out, k))
			continue;
		lk->attrs |= theme_reserved[k].attrs;
		if (theme_reserved_distinct(out, k))
			continue;
		lk->fg = lk->bg = -1;
		lk->attrs = theme_reserved[k].attrs;
		for (combo = 1; !theme_reserved_distinct(out, k) && combo < 8;
		    combo++)
			lk->attrs = (uint8_t)((combo & 1 ? B : 0) |
			    (combo & 2 ? U : 0) | (combo & 4 ? R : 0));
		assert(theme_reserved_distinct(out, k));
	}
}

/*
 * One step along the palette, for a colour that must move. Two steps
 * never lead back to the start: callers step twice when the first lands
 * on the other colour of the pair.
 */
static int32_t
theme_color_step(int32_t c, int ncolors, bool truecolor)
{
	int32_t next;

	if (truecolor && c >= 8) {
		/* The next blue, kept off the values that read as indices. */
		next = (c & 0xffff00) | ((c + 1) & 0xff);
		return next < 8 ? 8 : next;
	}
	if (truecolor)
		return (c + 1) % 8;
	return (c + 1) % (ncolors < 256 ? ncolors : 256);
}

/*
 * Make lk differ from an attribute-only look it equals by dropping one
 * attribute the two share: reverse first, the one output needs least.
 */
static void
theme_drop_attr(struct theme_look *lk)
{
	if (lk->attrs & R)
		lk->attrs &= (uint8_t)~R;
	else if (lk->attrs & U)
		lk->attrs &= (uint8_t)~U;
	else
		lk->attrs &= (uint8_t)~B;
}

struct theme_look
theme_map_rgb(const struct theme_look *roles, enum theme_role base,
    int32_t fg, int32_t bg, unsigned flags, int ncolors, bool truecolor,
    bool no_color)
{
	const struct theme_look *b = &roles[(int)base >= 0 &&
	    base < THEME_NROLES ? base : THEME_TEXT];
	struct theme_look lk;
	const struct theme_look *rl;
	size_t k, tries;
	bool moved, mono = no_color || ncolors < 8;

	if (flags & SANITIZE_MARKER)
		return roles[THEME_MARKER];
	lk.attrs = (uint8_t)(b->attrs | (flags & (B | D |
	    THEME_ATTR_ITALIC | U | R)));
	if (mono) {
		lk.fg = lk.bg = -1;
		lk.attrs &= THEME_ATTR_MONO;
	} else {
		lk.fg = fg == SANITIZE_COLOR_DEFAULT ? b->fg :
		    theme_color_map(fg, ncolors, truecolor);
		lk.bg = bg == SANITIZE_COLOR_DEFAULT ? b->bg :
		    theme_color_map(bg, ncolors, truecolor);
		/* Text in its background's colour hides (7.2.3). */
		if (lk.fg >= 0 && lk.fg == lk.bg)
			lk.fg = -1;
	}
	/*
	 * Never the look of a reserved role. Against a look with colours,
	 * the same colours and reverse are a copy: the background moves
	 * one palette step (the foreground, if the background is the
	 * default). Against a look of attributes alone (every look without
	 * colour), the same attributes are a copy: one is dropped. The
	 * status bar is exempt from the latter, since it only ever fills
	 * its own line and output keeps plain reverse video that way.
	 */
	for (tries = 0; tries < 4 * THEME_NRESERVED; tries++) {
		moved = false;
		for (k = 0; k < THEME_NRESERVED; k++) {
			rl = &roles[theme_reserved[k].role];
			if (rl->fg < 0 && rl->bg < 0) {
				if (theme_reserved[k].role ==
				    THEME_STATUS_BAR || !theme_look_eq(&lk, rl,
				    THEME_ATTR_MONO))
					continue;
				theme_drop_attr(&lk);
				moved = true;
				continue;
			}
			if (!theme_look_eq(&lk, rl, R))
				continue;
			if (lk.bg >= 0)
				lk.bg = theme_color_step(lk.bg, ncolors,
				    truecolor);
			else
				lk.fg = theme_color_step(lk.fg, ncolors,
				    truecolor);
			if (lk.fg >= 0 && lk.fg == lk.bg)
				lk.bg = theme_color_step(lk.bg, ncolors,
				    truecolor);
			moved = true;
		}
		if (!moved)
			break;
	}
	return lk;
}

/* The defaults a theme starts from: every role inherits. */
static void
theme_inherit(struct theme *t)
{
	size_t i;
	const struct theme_role_def *d;

	for (i = 0; i < THEME_NROLES; i++) {
		d = &theme_roles[i];
		if (t->set[i])
			continue;
		if (d->parent < 0) {
			t->styles[i].fg = THEME_COLOR_DEFAULT;
			t->styles[i].bg = THEME_COLOR_DEFAULT;
			t->styles[i].attrs = 0;
			t->styles[i].mono = 0;
			continue;
		}
		t->styles[i] = t->styles[d->parent];
		t->styles[i].attrs |= d->add;
		t->styles[i].mono |= (uint8_t)(d->add & THEME_ATTR_MONO);
	}
}

static int
theme_hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* A colour word, or -2 when it is not one. */
static int32_t
theme_parse_color(const char *w, size_t n)
{
	char tmp[32];
	size_t i;
	int32_t v = 0;
	int h;
	const char *p;
	char *end;
	long idx;

	if (n == 0 || n >= sizeof tmp)
		return -2;
	for (i = 0; i < n; i++)
		tmp[i] = w[i] == '-' ? '_' : (char)tolower((unsigned char)w[i]);
	tmp[n] = '\0';
	if (tmp[0] == '#') {
		if (n != 7)
			return -2;
		for (i = 1; i < 7; i++) {
			if ((h = theme_hexval(tmp[i])) < 0)
				return -2;
			v = v << 4 | h;
		}
		return THEME_COLOR_RGB | v;
	}
	if (strcmp(tmp, "default") == 0)
		return THEME_COLOR_DEFAULT;
	if (strcmp(tmp, "grey") == 0 || strcmp(tmp, "gray") == 0)
		return 8;
	for (i = 0; i < 16; i++) {
		if (strcmp(tmp, theme_color_names[i]) == 0)
			return (int32_t)i;
		/* "brightred" as well as "bright_red". */
		if (i >= 8 && strncmp(tmp, "bright", 6) == 0 &&
		    strcmp(tmp + 6, theme_color_names[i - 8]) == 0)
			return (int32_t)i;
	}
	p = NULL;
	if (strncmp(tmp, "color", 5) == 0)
		p = tmp + 5;
	else if (strncmp(tmp, "colour", 6) == 0)
		p = tmp + 6;
	if (p != NULL && isdigit((unsigned char)*p) && strlen(p) <= 3) {
		idx = strtol(p, &end, 10);
		if (*end == '\0' && idx >= 0 && idx <= 255)
			return (int32_t)idx;
	}
	return -2;
}

static int
theme_parse_attr(const char *w, size_t n)
{
	size_t i;

	if (n == 4 && strncmp(w, "none", 4) == 0)
		return 0;
	for (i = 0; i < sizeof theme_attr_names / sizeof theme_attr_names[0];
	    i++)
		if (strlen(theme_attr_names[i].name) == n &&
		    strncmp(w, theme_attr_names[i].name, n) == 0)
			return theme_attr_names[i].bit;
	return -1;
}

static bool
theme_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/*
 * One line: "role = FG [BG] [ATTR ...] [/ MONO ...]". A '#' that is
 * not a colour (followed by a blank or the end) starts a comment.
 */
static int
theme_parse_line(struct theme *t, const char *file, size_t lineno,
    const char *s, size_t len)
{
	struct theme_style st;
	struct buf word = BUF_INIT;
	size_t i = 0, start, ncolors = 0;
	bool slash = false, mono_given = false;
	int role, a, rc = -1;
	int32_t c;

	while (i < len && theme_is_space(s[i]))
		i++;
	if (i == len || s[i] == '#')
		return 0;
	start = i;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
	    s[i] == '.' || s[i] == '-'))
		i++;
	if (i == start) {
		err_set("%s:%zu:%zu: expected role = colours", file, lineno,
		    start + 1);
		return -1;
	}
	buf_add(&word, s + start, i - start);
	if ((role = theme_role_find(word.ptr)) < 0) {
		err_set("%s:%zu:%zu: unknown role '%s'", file, lineno,
		    start + 1, word.ptr);
		goto done;
	}
	while (i < len && theme_is_space(s[i]))
		i++;
	if (i == len || s[i] != '=') {
		err_set("%s:%zu:%zu: expected = after the role", file, lineno,
		    i + 1);
		goto done;
	}
	i++;
	st.fg = st.bg = THEME_COLOR_DEFAULT;
	st.attrs = st.mono = 0;
	for (;;) {
		while (i < len && theme_is_space(s[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !theme_is_space(s[i]))
			i++;
		if (s[start] == '#' && i - start == 1)
			break;
		if (s[start] == '/' && i - start == 1) {
			if (slash) {
				err_set("%s:%zu:%zu: a second /", file, lineno,
				    start + 1);
				goto done;
			}
			slash = true;
			continue;
		}
		if ((a = theme_parse_attr(s + start, i - start)) >= 0) {
			if (slash) {
				st.mono |= (uint8_t)a;
				mono_given = true;
			} else
				st.attrs |= (uint8_t)a;
			continue;
		}
		buf_reset(&word);
		buf_add(&word, s + start, i - start);
		if (memchr(word.ptr, '\0', word.len) != NULL)
			buf_truncate(&word, strlen(word.ptr));
		c = theme_parse_color(s + start, i - start);
		if (c == -2 || slash) {
			err_set("%s:%zu:%zu: %s '%s'", file, lineno, start + 1,
			    slash ? "not an attribute" :
			    "unknown colour or attribute", word.ptr);
			goto done;
		}
		if (ncolors == 2) {
			err_set("%s:%zu:%zu: a third colour '%s'", file,
			    lineno, start + 1, word.ptr);
			goto done;
		}
		if (ncolors++ == 0)
			st.fg = c;
		else
			st.bg = c;
	}
	/* "/ none" sets none; a bare "/" is a slip. */
	if (slash && !mono_given) {
		err_set("%s:%zu:%zu: attributes (or none) expected after /",
		    file, lineno, len + 1);
		goto done;
	}
	if (!slash)
		st.mono = st.attrs & THEME_ATTR_MONO;
	st.mono &= THEME_ATTR_MONO;
	t->styles[role] = st;
	t->set[role] = true;
	rc = 0;
done:
	buf_release(&word);
	return rc;
}

/* The name of a theme from its file: "dark" for ".../dark.theme". */
static char *
theme_name_of(const char *file)
{
	const char *base = strrchr(file, '/');
	size_t n;

	base = base != NULL ? base + 1 : file;
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
		n -= 6;
	return xstrndup(base, n);
}

struct theme *
theme_parse(const char *file, const char *p, size_t len)
{
	struct theme *t = xcalloc(1, sizeof *t);
	const char *nl;
	size_t off = 0, n, lineno = 0;

	if (file == NULL)
		file = "(theme)";
	t->name = theme_name_of(file);
	while (off < len) {
		lineno++;
		nl = memchr(p + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (p + off)) : len - off;
		if (theme_parse_line(t, file, lineno, p + off, n) < 0) {
			theme_free(t);
			return NULL;
		}
		off += n + (nl != NULL);
	}
	theme_inherit(t);
	return t;
}

struct theme *
theme_builtin(void)
{
	struct theme *t = theme_parse("dark", theme_builtin_text,
	    sizeof theme_builtin_text - 1);

	/* A broken built-in theme is a broken build. */
	assert(t != NULL);
	return t;
}

void
theme_free(struct theme *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t);
}

const char *
theme_name(const struct theme *t)
{
	return t->name;
}

struct theme_style
theme_style(const struct theme *t, enum theme_role r)
{
	if ((int)r < 0 || r >= THEME_NROLES)
		r = THEME_TEXT;
	return t->styles[r];
}

bool
theme_role_is_set(const struct theme *t, enum theme_role r)
{
	return (int)r >= 0 && r < THEME_NROLES && t->set[r];
}

/* Read a theme file; 1 when it does not exist. */
static int
theme_read_file(struct buf *out, const char *path)
{
	return buf_read_file(out, path, THEME_FILE_MAX, "theme");
}

static bool
theme_name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '.')
		return false;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.')
			return false;
	return true;
}

/* The user's theme directory, $XDG_CONFIG_HOME/quire/themes. */
static void
theme_user_dir(struct buf *out)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (xdg != NULL && xdg[0] == '/') {
		buf_addf(out, "%s/quire/themes", xdg);
		return;
	}
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home != NULL && home[0] == '/')
		buf_addf(out, "%s/.config/quire/themes", home);
}

struct theme *
theme_load(const char *name, const char *datadir)
{
	struct buf path = BUF_INIT, text = BUF_INIT, dir = BUF_INIT;
	struct buf tried = BUF_INIT;
	struct theme *t = NULL;
	const char *dirs[2];
	size_t i;
	int rc;

	if (name == NULL)
		name = "dark";
	if (strchr(name, '/') != NULL) {
		rc = theme_read_file(&text, name);
		if (rc == 1)
			err_set("%s: no such theme file", name);
		if (rc == 0)
			t = theme_parse(name, text.ptr, text.len);
		goto done;
	}
	if (!theme_name_ok(name)) {
		err_set("theme '%s': a theme name is letters, digits, '-', "
		    "'_' and '.'", name);
		goto done;
	}
	if (datadir == NULL && (datadir = getenv("QUIRE_DATADIR")) != NULL &&
	    datadir[0] == '\0')
		datadir = NULL;
	if (datadir == NULL)
		datadir = QUIRE_DATADIR;
	theme_user_dir(&dir);
	dirs[0] = dir.len > 0 ? dir.ptr : NULL;
	dirs[1] = NULL;
	/*
	 * The user's directory, the installed one, then the source tree
	 * quire was built from: a quire run from its build directory (as
	 * ./quickstart does) finds its themes before it is installed.
	 */
	for (i = 0; i < 3; i++) {
		buf_reset(&path);
		if (i == 0 && dirs[0] == NULL)
			continue;
		if (i == 0)
			buf_addf(&path, "%s/%s.theme", dirs[0], name);
		else if (i == 1)
			buf_addf(&path, "%s/themes/%s.theme", datadir, name);
		else
			buf_addf(&path, "%s/themes/%s.theme", QUIRE_SRCDIR, name);
		buf_reset(&text);
		rc = theme_read_file(&text, path.ptr);
		if (rc < 0)
			goto done;
		if (rc == 0) {
			t = theme_parse(path.ptr, text.ptr, text.len);
			if (t != NULL) {
				free(t->name);
				t->name = xstrdup(name);
			}
			goto done;
		}
		buf_addf(&tried, "%s%s", tried.len > 0 ? ", " : "", path.ptr);
	}
	err_set("theme %s: not found (looked for %s)", name, tried.ptr);
done:
	buf_release(&path);
	buf_release(&text);
	buf_release(&dir);
	buf_release(&tried);
	return t;
}

static void
theme_format_color(struct buf *out, int32_t c)
{
	if (c < 0)
		buf_adds(out, "default");
	else if (c & THEME_COLOR_RGB)
		buf_addf(out, "#%06x", (unsigned)(c & 0xffffff));
	else if (c < 16)
		buf_adds(out, theme_color_names[c]);
	else
		buf_addf(out, "color%d", (int)c);
}

static void
theme_format_attrs(struct buf *out, uint8_t attrs)
{
	size_t i;

	for (i = 0; i < sizeof theme_attr_names / sizeof theme_attr_names[0];
	    i++)
		if (attrs & theme_attr_names[i].bit)
			buf_addf(out, " %s", theme_attr_names[i].name);
}

void
theme_format(struct buf *out, const struct theme *t)
{
	const struct theme_style *st;
	size_t i;

	buf_addf(out, "# %s\n", t->name);
	for (i = 0; i < THEME_NROLES; i++) {
		st = &t->styles[i];
		buf_addf(out, "%s = ", theme_roles[i].name);
		theme_format_color(out, st->fg);
		buf_addc(out, ' ');
		theme_format_color(out, st->bg);
		theme_format_attrs(out, st->attrs);
		buf_adds(out, " /");
		if (st->mono == 0)
			buf_adds(out, " none");
		else
			theme_format_attrs(out, st->mono);
		buf_addc(out, '\n');
	}
}
