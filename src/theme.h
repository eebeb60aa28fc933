/*
 * theme.h: colour themes. A theme is a plain-text file (themes/NAME.theme)
 * giving each role on screen (text, borders, bars, cell states, syntax
 * classes, ...) a foreground, a background and attributes, as written for
 * a truecolour terminal. theme_resolve() then maps that, without curses,
 * to what a given terminal can show: truecolour, the 256 or 88 colour
 * palette, 16 or 8 colours, or none (NO_COLOR, a monochrome terminal),
 * where only bold, underline and reverse remain. The roles quire keeps
 * for itself (marker, status bar, selection, trust banner) stay
 * distinguishable from text and from one another in every mode.
 *
 * The file format (doc/quire-config.5):
 *
 *	# comment
 *	role = FG [BG] [ATTR ...] [/ MONO-ATTR ...]
 *
 * Colours are "default", the 16 ANSI names (black red green yellow blue
 * magenta cyan white, bright_black ... bright_white, grey = bright_black),
 * a palette index "color0" to "color255", or "#rrggbb". Attributes are
 * bold, dim, italic, underline, reverse (or "none"). After "/" come the
 * attributes used when there is no colour; without it, the colour
 * attributes less dim and italic.
 */
#ifndef QUIRE_THEME_H
#define QUIRE_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct theme;

/* Roles, in the order of the theme files. */
enum theme_role {
	THEME_TEXT,		/* code and output text */
	THEME_DIM,		/* hints, placeholders */
	THEME_BORDER,
	THEME_BORDER_FOCUS,
	THEME_TITLE,
	THEME_TITLE_FOCUS,
	THEME_STATUS_BAR,	/* top and bottom bars: reserved */
	THEME_STATUS_KEY,	/* key names in the bottom bar */
	THEME_STATUS_MODE,	/* EDIT / VIEW / INSERT */
	THEME_MESSAGE,		/* messages in the bottom bar */
	THEME_ERROR,		/* tracebacks, error messages */
	THEME_STDERR,		/* a cell's stderr */
	THEME_MARKER,		/* "this was not text": reserved */
	THEME_SELECTION,	/* reserved */
	THEME_SEARCH,		/* search matches */
	THEME_TRUST_BANNER,	/* untrusted notebook banner: reserved */
	THEME_LINE_NUMBER,
	THEME_GUTTER_ADD,	/* git gutter: + */
	THEME_GUTTER_CHANGE,	/* ~ */
	THEME_GUTTER_REMOVE,	/* - */
	THEME_STATE_IDLE,	/* cell states in the title bar */
	THEME_STATE_QUEUED,
	THEME_STATE_RUNNING,
	THEME_STATE_STALE,
	THEME_STATE_ERROR,
	THEME_STATE_DISABLED,
	THEME_STATE_BLOCKED,
	THEME_KEYWORD,		/* syntax classes */
	THEME_NAME,
	THEME_STRING,
	THEME_NUMBER,
	THEME_COMMENT,
	THEME_OPERATOR,
	THEME_BUILTIN,
	THEME_DEFINITION,
	THEME_BRACKET,		/* the bracket matching the cursor's */
	THEME_HEADING,		/* rich output (doc/rich-outputs.md) */
	THEME_CODE,
	THEME_LINK,
	THEME_MATH,
	THEME_QUOTE,
	THEME_BULLET,
	THEME_RULE,
	THEME_TABLE_HEADER,
	THEME_TABLE_INDEX,
	THEME_TABLE_NULL,
	THEME_TABLE_SELECTED,
	THEME_TABLE_CURSOR,	/* the table row under the cursor */
	THEME_WIDGET,		/* a live widget */
	THEME_WIDGET_FOCUS,	/* the widget that has the keys */
	THEME_IMAGE,		/* image cells: their colours are the image's */
	THEME_NROLES
};

/* Attributes; the same bits as SANITIZE_BOLD ... in src/sanitize.h. */
#define THEME_ATTR_BOLD		0x01
#define THEME_ATTR_DIM		0x02
#define THEME_ATTR_ITALIC	0x04
#define THEME_ATTR_UNDERLINE	0x08
#define THEME_ATTR_REVERSE	0x10
/* What survives without colour. */
#define THEME_ATTR_MONO \
	(THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE | THEME_ATTR_REVERSE)

/*
 * A colour as written: THEME_COLOR_DEFAULT, a palette index 0-255 (0-15
 * are the ANSI colours), or THEME_COLOR_RGB | 0xRRGGBB. The same
 * encoding as SANITIZE_COLOR_* in src/sanitize.h.
 */
#define THEME_COLOR_DEFAULT	(-1)
#define THEME_COLOR_RGB		0x1000000

/* A role as the theme file wrote it. */
struct theme_style {
	int32_t fg, bg;		/* THEME_COLOR_* encoding */
	uint8_t attrs;		/* THEME_ATTR_BOLD ... with colour */
	uint8_t mono;		/* without colour */
};

/*
 * A role as a terminal shows it. fg and bg are -1 for the terminal's
 * default or a colour number for curses: a palette index below ncolors,
 * or in truecolour 0xRRGGBB (what ncurses' direct-colour mode takes;
 * the eight ANSI colours stay 0-7 there, as xterm-direct defines).
 */
struct theme_look {
	int32_t fg, bg;
	uint8_t attrs;		/* THEME_ATTR_BOLD ... */
};

/* The role's name in theme files ("border_focus"); "text" if out of
 * range. */
const char *theme_role_name(enum theme_role);
/*
 * The role a name means, or -1. Accepts the file names and the dotted
 * spellings tui/ uses: "border.focus", "syntax.keyword", "state.ok"
 * (idle), "bar" (status_bar), "bar.key", "bar.mode", "output.stderr",
 * "gutter" (gutter_change).
 */
int theme_role_find(const char *name);

/*
 * Find and read a theme. name_or_path holding a '/' is a file; else
 * NAME is looked up as $XDG_CONFIG_HOME/quire/themes/NAME.theme (or
 * ~/.config/quire/themes/NAME.theme), then DATADIR/themes/NAME.theme,
 * where DATADIR is datadir, else $QUIRE_DATADIR, else the installed
 * $(pkgdatadir). NULL: "dark". Returns NULL with err_last() ("FILE:LINE:
 * unknown colour 'purpel'", "theme NAME: not found in A, B") on failure.
 * Caller frees with theme_free.
 */
struct theme *theme_load(const char *name_or_path, const char *datadir);
/* Parse len bytes of theme text; file names the source in messages.
 * NULL with err_last() on a bad line. */
struct theme *theme_parse(const char *file, const char *p, size_t len);
/* The built-in theme (dark), for when no file can be found. */
struct theme *theme_builtin(void);
void theme_free(struct theme *);	/* NULL is a no-op */

/* The theme's name (file name without .theme); borrowed. */
const char *theme_name(const struct theme *);
/* A role as written; a role the file left out inherits from its
 * parent (title_focus from title, ..., text from the defaults). */
struct theme_style theme_style(const struct theme *, enum theme_role);
/* Did the file set this role itself? */
bool theme_role_is_set(const struct theme *, enum theme_role);

/*
 * Resolve every role for a terminal with ncolors colours (curses'
 * COLORS; 0 or 1: monochrome), truecolor when terminfo has RGB or Tc,
 * no_color under NO_COLOR or the monochrome theme. out has THEME_NROLES
 * entries. Pure: the same input always gives the same looks.
 */
void theme_resolve(struct theme_look *out, const struct theme *,
    int ncolors, bool truecolor, bool no_color);

/*
 * One colour (THEME_COLOR_* encoding) as a curses colour number for the
 * terminal: -1 for default, else as struct theme_look. Nearest colour:
 * truecolour -> the 256 palette's 6x6x6 cube and grey ramp -> the 88
 * palette's 4x4x4 cube and greys -> 16 -> 8.
 */
int32_t theme_color_map(int32_t color, int ncolors, bool truecolor);

/*
 * The look of a run of output text whose SGR gave fg, bg (SANITIZE_COLOR_*)
 * and flags (SANITIZE_BOLD ...), drawn in role base, given the looks of
 * theme_resolve (roles, THEME_NROLES entries). Default colours take the
 * role's; colours map as theme_color_map; a foreground equal to the
 * background becomes the default; SANITIZE_MARKER gives the marker's
 * look. Without colour only bold, underline and reverse remain
 * (security.md 7.2.3). The result never copies a reserved look (marker,
 * selection, trust banner, status bar): colours equal to one, with the
 * same reverse, have the background moved one palette step (the
 * foreground when the background is the default); attributes equal to a
 * look without colour lose one, reverse first. The status bar is exempt
 * from the latter, so output keeps plain reverse video without colour.
 */
struct theme_look theme_map_rgb(const struct theme_look *roles,
    enum theme_role base, int32_t fg, int32_t bg, unsigned flags,
    int ncolors, bool truecolor, bool no_color);

/* The RGB of palette entry idx (0-255) as xterm defines it, 0xRRGGBB. */
uint32_t theme_palette_rgb(int idx);

/* Append the theme in file syntax (for `quire theme dump`). */
void theme_format(struct buf *out, const struct theme *);

#endif
