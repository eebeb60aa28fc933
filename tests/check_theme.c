/*
 * check_theme.c: colour themes. The shipped themes parse and define
 * every role; colours degrade to the nearest the terminal has; without
 * colour only bold, underline and reverse remain; and in every theme and
 * every mode the marker, status bar, selection and trust banner stay
 * apart from text and from each other, also against output SGR.
 */
#include "config.h"
#include "theme.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "sanitize.h"

static const char *const shipped[] = {
	"dark", "light", "high-contrast", "monochrome",
};

#define NSHIPPED (sizeof shipped / sizeof shipped[0])

/* The roles the editor issue names; every shipped theme sets them. */
static const enum theme_role required[] = {
	THEME_TEXT, THEME_BORDER, THEME_BORDER_FOCUS, THEME_TITLE,
	THEME_TITLE_FOCUS, THEME_STATUS_BAR, THEME_MESSAGE, THEME_ERROR,
	THEME_MARKER, THEME_SELECTION, THEME_LINE_NUMBER, THEME_GUTTER_ADD,
	THEME_GUTTER_CHANGE, THEME_GUTTER_REMOVE, THEME_STATE_IDLE,
	THEME_STATE_QUEUED, THEME_STATE_RUNNING, THEME_STATE_STALE,
	THEME_STATE_ERROR, THEME_STATE_DISABLED, THEME_KEYWORD, THEME_NAME,
	THEME_STRING, THEME_NUMBER, THEME_COMMENT, THEME_OPERATOR,
	THEME_BUILTIN, THEME_DEFINITION,
};

/* Terminal modes: colours, truecolour, NO_COLOR. */
static const struct {
	int ncolors;
	bool truecolor, no_color;
	const char *what;
} modes[] = {
	{ 256, true, false, "truecolour" },
	{ 256, false, false, "256" },
	{ 88, false, false, "88" },
	{ 16, false, false, "16" },
	{ 8, false, false, "8" },
	{ 2, false, false, "monochrome terminal" },
	{ 256, true, true, "NO_COLOR" },
};

#define NMODES (sizeof modes / sizeof modes[0])

static const enum theme_role reserved[] = {
	THEME_TEXT, THEME_STATUS_BAR, THEME_MARKER, THEME_SELECTION,
	THEME_TRUST_BANNER,
};

#define NRESERVED (sizeof reserved / sizeof reserved[0])

static char *
datadir(void)
{
	const char *top = getenv("top_srcdir");

	return top != NULL ? (char *)top : (char *)"..";
}

static struct theme *
parse(const char *text)
{
	return theme_parse("t.theme", text, strlen(text));
}

static bool
look_eq(struct theme_look a, struct theme_look b)
{
	return a.fg == b.fg && a.bg == b.bg &&
	    (a.attrs & THEME_ATTR_MONO) == (b.attrs & THEME_ATTR_MONO);
}

static void
assert_reserved_apart(const struct theme_look *lk, const char *theme,
    const char *mode)
{
	size_t i, k;

	for (i = 0; i < NRESERVED; i++)
		for (k = i + 1; k < NRESERVED; k++)
			ck_assert_msg(!look_eq(lk[reserved[i]],
			    lk[reserved[k]]), "%s, %s: %s looks like %s",
			    theme, mode, theme_role_name(reserved[i]),
			    theme_role_name(reserved[k]));
}

START_TEST(test_theme_shipped_themes_set_every_role)
{
	struct theme *t;
	size_t i, k;

	for (i = 0; i < NSHIPPED; i++) {
		t = theme_load(shipped[i], datadir());
		ck_assert_msg(t != NULL, "%s: %s", shipped[i], err_last());
		ck_assert_str_eq(theme_name(t), shipped[i]);
		for (k = 0; k < sizeof required / sizeof required[0]; k++)
			ck_assert_msg(theme_role_is_set(t, required[k]),
			    "%s leaves out %s", shipped[i],
			    theme_role_name(required[k]));
		theme_free(t);
	}
}
END_TEST

START_TEST(test_theme_builtin_is_dark_file)
{
	struct theme *a = theme_builtin(), *b = theme_load("dark", datadir());
	struct buf fa = BUF_INIT, fb = BUF_INIT;

	ck_assert_ptr_nonnull(a);
	ck_assert_msg(b != NULL, "%s", err_last());
	theme_format(&fa, a);
	theme_format(&fb, b);
	ck_assert_str_eq(fa.ptr, fb.ptr);
	theme_free(a);
	theme_free(b);
	buf_release(&fa);
	buf_release(&fb);
}
END_TEST

START_TEST(test_theme_reserved_roles_apart_in_every_mode)
{
	struct theme_look lk[THEME_NROLES];
	struct theme *t;
	size_t i, m, r;

	for (i = 0; i < NSHIPPED; i++) {
		ck_assert_ptr_nonnull(t = theme_load(shipped[i], datadir()));
		for (m = 0; m < NMODES; m++) {
			theme_resolve(lk, t, modes[m].ncolors,
			    modes[m].truecolor, modes[m].no_color);
			assert_reserved_apart(lk, shipped[i], modes[m].what);
			for (r = 0; r < THEME_NROLES; r++)
				ck_assert_msg(lk[r].fg < 0 ||
				    lk[r].fg != lk[r].bg,
				    "%s, %s: %s is invisible", shipped[i],
				    modes[m].what, theme_role_name(r));
		}
		theme_free(t);
	}
}
END_TEST

START_TEST(test_theme_no_color_keeps_bold_underline_reverse)
{
	struct theme_look lk[THEME_NROLES];
	struct theme *t = theme_load("dark", datadir());
	size_t r;

	ck_assert_ptr_nonnull(t);
	theme_resolve(lk, t, 256, true, true);
	for (r = 0; r < THEME_NROLES; r++) {
		ck_assert_int_eq(lk[r].fg, -1);
		ck_assert_int_eq(lk[r].bg, -1);
		ck_assert_int_eq(lk[r].attrs & ~THEME_ATTR_MONO, 0);
	}
	/* The marker is reverse; the status bar too; they differ. */
	ck_assert(lk[THEME_MARKER].attrs & THEME_ATTR_REVERSE);
	ck_assert(lk[THEME_STATUS_BAR].attrs & THEME_ATTR_REVERSE);
	ck_assert(lk[THEME_SELECTION].attrs & THEME_ATTR_REVERSE);
	ck_assert_int_eq(lk[THEME_TEXT].attrs, 0);
	/* "/ underline" chose the stale state's look without colour. */
	ck_assert_int_eq(lk[THEME_STATE_STALE].attrs, THEME_ATTR_UNDERLINE);
	/* A terminal with two colours is the same as NO_COLOR. */
	theme_resolve(lk, t, 2, false, false);
	ck_assert_int_eq(lk[THEME_KEYWORD].fg, -1);
	ck_assert_int_eq(lk[THEME_KEYWORD].attrs, THEME_ATTR_BOLD);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_clashing_reserved_roles_are_forced_apart)
{
	struct theme_look lk[THEME_NROLES];
	struct theme *t = parse("text = white black\n"
	    "status_bar = white black\n"
	    "marker = white black\n"
	    "selection = white black reverse\n"
	    "trust_banner = white black reverse\n");
	size_t m;

	ck_assert_msg(t != NULL, "%s", err_last());
	for (m = 0; m < NMODES; m++) {
		theme_resolve(lk, t, modes[m].ncolors, modes[m].truecolor,
		    modes[m].no_color);
		assert_reserved_apart(lk, "clash", modes[m].what);
	}
	/* Even with text itself in reverse. */
	theme_free(t);
	t = parse("text = default default reverse bold underline\n"
	    "marker = default default reverse bold underline\n");
	ck_assert_ptr_nonnull(t);
	theme_resolve(lk, t, 0, false, true);
	assert_reserved_apart(lk, "reverse text", "mono");
	theme_free(t);
}
END_TEST

START_TEST(test_theme_colors_parse)
{
	struct theme *t = parse("text = Red default\n"
	    "dim = bright_blue #1A2b3C\n"
	    "border = brightred color200\n"
	    "title = grey colour7 bold underline\n"
	    "title_focus = default default\n");
	struct theme_style st;

	ck_assert_msg(t != NULL, "%s", err_last());
	st = theme_style(t, THEME_TEXT);
	ck_assert_int_eq(st.fg, 1);
	ck_assert_int_eq(st.bg, THEME_COLOR_DEFAULT);
	st = theme_style(t, THEME_DIM);
	ck_assert_int_eq(st.fg, 12);
	ck_assert_int_eq(st.bg, THEME_COLOR_RGB | 0x1a2b3c);
	st = theme_style(t, THEME_BORDER);
	ck_assert_int_eq(st.fg, 9);
	ck_assert_int_eq(st.bg, 200);
	st = theme_style(t, THEME_TITLE);
	ck_assert_int_eq(st.fg, 8);
	ck_assert_int_eq(st.bg, 7);
	ck_assert_int_eq(st.attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	ck_assert_int_eq(st.mono, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_attributes_alone_and_mono)
{
	struct theme *t = parse("keyword = bold\n"
	    "comment = #808080 dim italic / none\n"
	    "marker = magenta default reverse / reverse bold\n");
	struct theme_style st;

	ck_assert_msg(t != NULL, "%s", err_last());
	st = theme_style(t, THEME_KEYWORD);
	ck_assert_int_eq(st.fg, THEME_COLOR_DEFAULT);
	ck_assert_int_eq(st.attrs, THEME_ATTR_BOLD);
	st = theme_style(t, THEME_COMMENT);
	ck_assert_int_eq(st.attrs, THEME_ATTR_DIM | THEME_ATTR_ITALIC);
	ck_assert_int_eq(st.mono, 0);
	st = theme_style(t, THEME_MARKER);
	ck_assert_int_eq(st.attrs, THEME_ATTR_REVERSE);
	ck_assert_int_eq(st.mono, THEME_ATTR_REVERSE | THEME_ATTR_BOLD);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_missing_roles_inherit)
{
	struct theme *t = parse("text = white blue\ntitle = yellow\n");
	struct theme_style st;

	ck_assert_msg(t != NULL, "%s", err_last());
	ck_assert(!theme_role_is_set(t, THEME_TITLE_FOCUS));
	st = theme_style(t, THEME_TITLE_FOCUS);
	ck_assert_int_eq(st.fg, 3);
	ck_assert_int_eq(st.attrs, THEME_ATTR_BOLD);
	/* definition <- name (bold) <- text */
	st = theme_style(t, THEME_DEFINITION);
	ck_assert_int_eq(st.fg, 7);
	ck_assert_int_eq(st.bg, 4);
	ck_assert_int_eq(st.attrs, THEME_ATTR_BOLD);
	/* comment <- dim <- text, dim added */
	st = theme_style(t, THEME_COMMENT);
	ck_assert_int_eq(st.attrs, THEME_ATTR_DIM);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_role_names_and_aliases)
{
	size_t i;

	for (i = 0; i < THEME_NROLES; i++)
		ck_assert_int_eq(theme_role_find(theme_role_name(i)), (int)i);
	ck_assert_int_eq(theme_role_find("border.focus"), THEME_BORDER_FOCUS);
	ck_assert_int_eq(theme_role_find("syntax.keyword"), THEME_KEYWORD);
	ck_assert_int_eq(theme_role_find("state.ok"), THEME_STATE_IDLE);
	ck_assert_int_eq(theme_role_find("bar"), THEME_STATUS_BAR);
	ck_assert_int_eq(theme_role_find("bar.key"), THEME_STATUS_KEY);
	ck_assert_int_eq(theme_role_find("output.stderr"), THEME_STDERR);
	ck_assert_int_eq(theme_role_find("gutter"), THEME_GUTTER_CHANGE);
	ck_assert_int_eq(theme_role_find("nonsense"), -1);
	ck_assert_str_eq(theme_role_name(THEME_NROLES), "text");
}
END_TEST

START_TEST(test_theme_errors_name_line_and_column)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "text = default\nbordr = red\n",
		    "t.theme:2:1: unknown role 'bordr'" },
		{ "text = purpel\n",
		    "t.theme:1:8: unknown colour or attribute 'purpel'" },
		{ "text red\n", "t.theme:1:6: expected = after the role" },
		{ "text = red blue green\n",
		    "t.theme:1:17: a third colour 'green'" },
		{ "text = red /\n",
		    "t.theme:1:13: attributes (or none) expected after /" },
		{ "text = red / blue\n",
		    "t.theme:1:14: not an attribute 'blue'" },
		{ "text = red / bold / bold\n", "t.theme:1:19: a second /" },
		{ "text = #12345\n",
		    "t.theme:1:8: unknown colour or attribute '#12345'" },
		{ "text = color256\n",
		    "t.theme:1:8: unknown colour or attribute 'color256'" },
		{ "= red\n", "t.theme:1:1: expected role = colours" },
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(parse(bad[i].text) == NULL, "accepted %s",
		    bad[i].text);
		ck_assert_str_eq(err_last(), bad[i].msg);
	}
}
END_TEST

START_TEST(test_theme_comments)
{
	struct theme *t = parse("# a theme\n"
	    "  text = #102030 default # dark blue\n"
	    "\n"
	    "keyword = red bold #\n");

	ck_assert_msg(t != NULL, "%s", err_last());
	ck_assert_int_eq(theme_style(t, THEME_TEXT).fg,
	    THEME_COLOR_RGB | 0x102030);
	ck_assert_int_eq(theme_style(t, THEME_KEYWORD).attrs,
	    THEME_ATTR_BOLD);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_palette_rgb)
{
	ck_assert_uint_eq(theme_palette_rgb(1), 0xcd0000);
	ck_assert_uint_eq(theme_palette_rgb(16), 0x000000);
	ck_assert_uint_eq(theme_palette_rgb(196), 0xff0000);
	ck_assert_uint_eq(theme_palette_rgb(231), 0xffffff);
	ck_assert_uint_eq(theme_palette_rgb(232), 0x080808);
	ck_assert_uint_eq(theme_palette_rgb(255), 0xeeeeee);
	ck_assert_uint_eq(theme_palette_rgb(67), 0x5f87af);
}
END_TEST

START_TEST(test_theme_color_map_nearest)
{
	int32_t red = THEME_COLOR_RGB | 0xff0000;
	int32_t grey = THEME_COLOR_RGB | 0x808080;

	/* Truecolour keeps RGB; ANSI 0-7 stay the user's palette. */
	ck_assert_int_eq(theme_color_map(red, 256, true), 0xff0000);
	ck_assert_int_eq(theme_color_map(3, 256, true), 3);
	ck_assert_int_eq(theme_color_map(196, 256, true), 0xff0000);
	ck_assert_int_eq(theme_color_map(THEME_COLOR_RGB | 0x000003, 256,
	    true), 8);
	/* 256: the cube and the grey ramp. */
	ck_assert_int_eq(theme_color_map(red, 256, false), 196);
	ck_assert_int_eq(theme_color_map(grey, 256, false), 244);
	ck_assert_int_eq(theme_color_map(THEME_COLOR_RGB | 0x5f87af, 256,
	    false), 67);
	ck_assert_int_eq(theme_color_map(200, 256, false), 200);
	ck_assert_int_eq(theme_color_map(9, 256, false), 9);
	/* 88: a 4x4x4 cube. */
	ck_assert_int_eq(theme_color_map(red, 88, false), 64);
	ck_assert_int_eq(theme_color_map(196, 88, false), 64);
	/* 16 and 8. */
	ck_assert_int_eq(theme_color_map(red, 16, false), 9);
	ck_assert_int_eq(theme_color_map(red, 8, false), 1);
	ck_assert_int_eq(theme_color_map(9, 8, false), 1);
	ck_assert_int_eq(theme_color_map(12, 8, false), 4);
	ck_assert_int_eq(theme_color_map(8, 8, false), 7);
	ck_assert_int_eq(theme_color_map(THEME_COLOR_RGB | 0x264f78, 8,
	    false), 4);
	/* Default stays default; no colours, none. */
	ck_assert_int_eq(theme_color_map(THEME_COLOR_DEFAULT, 256, false), -1);
	ck_assert_int_eq(theme_color_map(red, 0, false), -1);
	ck_assert_int_eq(theme_color_map(300, 256, false), -1);
}
END_TEST

START_TEST(test_theme_colours_that_meet_stay_readable)
{
	struct theme_look lk[THEME_NROLES];
	/* Two near-blacks are one black in 8 colours. */
	struct theme *t = parse("text = #101010 #000000\n"
	    "title = #f0f0f0 #ffffff\n");

	ck_assert_ptr_nonnull(t);
	theme_resolve(lk, t, 8, false, false);
	ck_assert_int_eq(lk[THEME_TEXT].bg, 0);
	ck_assert_int_eq(lk[THEME_TEXT].fg, 7);
	ck_assert_int_eq(lk[THEME_TITLE].bg, 7);
	ck_assert_int_eq(lk[THEME_TITLE].fg, 0);
	/* In truecolour they stay as written. */
	theme_resolve(lk, t, 256, true, false);
	ck_assert_int_eq(lk[THEME_TEXT].fg, 0x101010);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_map_rgb_equal_colours_hide_nothing)
{
	struct theme_look lk[THEME_NROLES], o;
	struct theme *t = theme_load("dark", datadir());

	ck_assert_ptr_nonnull(t);
	theme_resolve(lk, t, 256, false, false);
	/* Red on red: the foreground becomes the default. */
	o = theme_map_rgb(lk, THEME_TEXT, 1, 1, 0, 256, false, false);
	ck_assert_int_eq(o.fg, -1);
	ck_assert_int_eq(o.bg, 1);
	/* Two RGBs that meet in 8 colours. */
	theme_resolve(lk, t, 8, false, false);
	o = theme_map_rgb(lk, THEME_TEXT, SANITIZE_COLOR_RGB | 0x0000f0,
	    SANITIZE_COLOR_RGB | 0x0000e0, SANITIZE_BOLD, 8, false, false);
	ck_assert_int_eq(o.fg, -1);
	ck_assert_int_eq(o.bg, 4);
	ck_assert_int_eq(o.attrs, THEME_ATTR_BOLD);
	/* Default colours are the role's. */
	o = theme_map_rgb(lk, THEME_STRING, SANITIZE_COLOR_DEFAULT,
	    SANITIZE_COLOR_DEFAULT, 0, 8, false, false);
	ck_assert(look_eq(o, lk[THEME_STRING]));
	theme_free(t);
}
END_TEST

/*
 * Map every SGR colour pair and attribute set in one theme and mode;
 * describe the first forged reserved look or hidden text in fail. One
 * assertion at the end: Check makes each one slow.
 */
static void
try_every_sgr(char *fail, size_t size, const struct theme *t, size_t m)
{
	struct theme_look lk[THEME_NROLES], o;
	unsigned flags;
	size_t k;
	int fg, bg;

	theme_resolve(lk, t, modes[m].ncolors, modes[m].truecolor,
	    modes[m].no_color);
	for (fg = -1; fg < 16; fg++)
		for (bg = -1; bg < 16; bg++)
			for (flags = 0; flags < 0x20 && fail[0] == '\0';
			    flags++) {
				o = theme_map_rgb(lk, THEME_TEXT, fg, bg, flags,
				    modes[m].ncolors, modes[m].truecolor,
				    modes[m].no_color);
				for (k = 2; k < NRESERVED; k++)
					if (look_eq(o, lk[reserved[k]]))
						snprintf(fail, size, "%s, %s: "
						    "sgr %d/%d/%x is %s",
						    theme_name(t),
						    modes[m].what, fg, bg,
						    flags, theme_role_name(
						    reserved[k]));
				if (o.fg >= 0 && o.fg == o.bg)
					snprintf(fail, size, "%s, %s: sgr "
					    "%d/%d hides", theme_name(t),
					    modes[m].what, fg, bg);
			}
}

START_TEST(test_theme_map_rgb_never_forges_reserved_looks)
{
	struct theme_look lk[THEME_NROLES], o;
	struct theme *t = theme_load("dark", datadir());
	char fail[160] = "";
	size_t i, m;

	ck_assert_ptr_nonnull(t);
	/* The marker attribute gives the marker, whatever else. */
	theme_resolve(lk, t, 256, false, false);
	o = theme_map_rgb(lk, THEME_TEXT, 2, 3, SANITIZE_MARKER, 256, false,
	    false);
	ck_assert(look_eq(o, lk[THEME_MARKER]));
	/* SGR copying the status bar (black on white) moves one step. */
	o = theme_map_rgb(lk, THEME_TEXT, 0, 7, 0, 256, false, false);
	ck_assert_int_eq(o.fg, 0);
	ck_assert_int_eq(o.bg, 8);
	/* Magenta reverse, the marker's look, moves too. */
	o = theme_map_rgb(lk, THEME_TEXT, 5, SANITIZE_COLOR_DEFAULT,
	    SANITIZE_REVERSE, 256, false, false);
	ck_assert(!look_eq(o, lk[THEME_MARKER]));
	theme_free(t);
	/* Every theme and mode, against the marker, selection and trust
	 * banner (the status bar's line is its own: output keeps plain
	 * reverse). */
	for (i = 0; i < NSHIPPED; i++) {
		ck_assert_ptr_nonnull(t = theme_load(shipped[i], datadir()));
		for (m = 0; m < NMODES; m++)
			try_every_sgr(fail, sizeof fail, t, m);
		theme_free(t);
	}
	ck_assert_msg(fail[0] == '\0', "%s", fail);
}
END_TEST

START_TEST(test_theme_map_rgb_without_colour)
{
	struct theme_look lk[THEME_NROLES], o;
	struct theme *t = theme_load("dark", datadir());

	ck_assert_ptr_nonnull(t);
	theme_resolve(lk, t, 256, true, true);
	o = theme_map_rgb(lk, THEME_TEXT, SANITIZE_COLOR_RGB | 0xff0000, 4,
	    SANITIZE_UNDERLINE | SANITIZE_ITALIC | SANITIZE_DIM, 256, true,
	    true);
	ck_assert_int_eq(o.fg, -1);
	ck_assert_int_eq(o.bg, -1);
	ck_assert_int_eq(o.attrs, THEME_ATTR_UNDERLINE);
	/* Reverse alone is kept: it is not a reserved look there. */
	o = theme_map_rgb(lk, THEME_TEXT, 1, 2, SANITIZE_REVERSE, 256, true,
	    true);
	ck_assert_int_eq(o.attrs, THEME_ATTR_REVERSE);
	/* Reverse and bold would be the marker: the reverse goes. */
	o = theme_map_rgb(lk, THEME_TEXT, 1, 2, SANITIZE_REVERSE |
	    SANITIZE_BOLD, 256, true, true);
	ck_assert_int_eq(o.attrs, THEME_ATTR_BOLD);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_format_round_trips)
{
	struct theme *a, *b;
	struct buf fa = BUF_INIT, fb = BUF_INIT;
	size_t i;

	for (i = 0; i < NSHIPPED; i++) {
		ck_assert_ptr_nonnull(a = theme_load(shipped[i], datadir()));
		buf_reset(&fa);
		buf_reset(&fb);
		theme_format(&fa, a);
		b = theme_parse(shipped[i], fa.ptr, fa.len);
		ck_assert_msg(b != NULL, "%s", err_last());
		theme_format(&fb, b);
		ck_assert_str_eq(fa.ptr, fb.ptr);
		theme_free(a);
		theme_free(b);
	}
	buf_release(&fa);
	buf_release(&fb);
}
END_TEST

/* Search order: the user's directory, then the data directory. */
START_TEST(test_theme_load_searches_user_then_data_dir)
{
	char dir[] = "tmp-check_theme-XXXXXX", cwd[4096];
	struct buf p = BUF_INIT;
	struct theme *t;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	buf_addf(&p, "%s/%s/quire", cwd, dir);
	ck_assert_int_eq(mkdir(p.ptr, 0700), 0);
	buf_adds(&p, "/themes");
	ck_assert_int_eq(mkdir(p.ptr, 0700), 0);
	buf_adds(&p, "/dark.theme");
	ck_assert_ptr_nonnull(f = fopen(p.ptr, "w"));
	fputs("text = red\n", f);
	ck_assert_int_eq(fclose(f), 0);
	buf_reset(&p);
	buf_addf(&p, "%s/%s", cwd, dir);
	ck_assert_int_eq(setenv("XDG_CONFIG_HOME", p.ptr, 1), 0);
	/* The user's dark shadows the shipped one. */
	ck_assert_ptr_nonnull(t = theme_load("dark", datadir()));
	ck_assert_int_eq(theme_style(t, THEME_TEXT).fg, 1);
	theme_free(t);
	/* Others come from the data directory... */
	ck_assert_ptr_nonnull(t = theme_load("light", datadir()));
	theme_free(t);
	/* ...or $QUIRE_DATADIR when none is given. */
	ck_assert_int_eq(setenv("QUIRE_DATADIR", datadir(), 1), 0);
	ck_assert_ptr_nonnull(t = theme_load("monochrome", NULL));
	theme_free(t);
	/* Not found names where it looked, the source tree last. */
	ck_assert_ptr_null(theme_load("nope", "/nowhere"));
	buf_reset(&p);
	buf_addf(&p, "theme nope: not found (looked for %s/%s/quire/themes/"
	    "nope.theme, /nowhere/themes/nope.theme, %s/themes/nope.theme)",
	    cwd, dir, QUIRE_SRCDIR);
	ck_assert_str_eq(err_last(), p.ptr);
	/* A file by path. */
	buf_reset(&p);
	buf_addf(&p, "%s/quire/themes/dark.theme", dir);
	ck_assert_ptr_nonnull(t = theme_load(p.ptr, NULL));
	ck_assert_int_eq(theme_style(t, THEME_TEXT).fg, 1);
	theme_free(t);
	/* Names never climb out of the directories. */
	ck_assert_ptr_null(theme_load("..", NULL));
	ck_assert_ptr_null(theme_load(".hidden", NULL));
	buf_reset(&p);
	buf_addf(&p, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(p.ptr), 0);
	buf_release(&p);
}
END_TEST

START_TEST(test_theme_parse_errors_in_files_name_the_file)
{
	char dir[] = "tmp-check_theme-XXXXXX";
	struct buf p = BUF_INIT;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	buf_addf(&p, "%s/bad.theme", dir);
	ck_assert_ptr_nonnull(f = fopen(p.ptr, "w"));
	fputs("text = default\n\nmarker = magneta\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ptr_null(theme_load(p.ptr, NULL));
	buf_adds(&p, ":3:10: unknown colour or attribute 'magneta'");
	ck_assert_str_eq(err_last(), p.ptr);
	buf_reset(&p);
	buf_addf(&p, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(p.ptr), 0);
	buf_release(&p);
}
END_TEST

static Suite *
theme_suite(void)
{
	Suite *s = suite_create("theme");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_theme_shipped_themes_set_every_role);
	tcase_add_test(tc, test_theme_builtin_is_dark_file);
	tcase_add_test(tc, test_theme_format_round_trips);
	tcase_add_test(tc, test_theme_load_searches_user_then_data_dir);
	tcase_add_test(tc, test_theme_parse_errors_in_files_name_the_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("syntax");
	tcase_add_test(tc, test_theme_colors_parse);
	tcase_add_test(tc, test_theme_attributes_alone_and_mono);
	tcase_add_test(tc, test_theme_missing_roles_inherit);
	tcase_add_test(tc, test_theme_role_names_and_aliases);
	tcase_add_test(tc, test_theme_errors_name_line_and_column);
	tcase_add_test(tc, test_theme_comments);
	suite_add_tcase(s, tc);

	tc = tcase_create("degrade");
	tcase_add_test(tc, test_theme_palette_rgb);
	tcase_add_test(tc, test_theme_color_map_nearest);
	tcase_add_test(tc, test_theme_colours_that_meet_stay_readable);
	tcase_add_test(tc, test_theme_reserved_roles_apart_in_every_mode);
	tcase_add_test(tc, test_theme_no_color_keeps_bold_underline_reverse);
	tcase_add_test(tc, test_theme_clashing_reserved_roles_are_forced_apart);
	tcase_add_test(tc, test_theme_map_rgb_equal_colours_hide_nothing);
	tcase_add_test(tc, test_theme_map_rgb_never_forges_reserved_looks);
	tcase_add_test(tc, test_theme_map_rgb_without_colour);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(theme_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
