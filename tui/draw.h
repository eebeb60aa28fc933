/*
 * draw.h: the screen. tui/draw.c is the only file that talks to curses
 * (spec security.md 7.3): the rest of tui/ builds rows of draw cells,
 * each one printable code point with its combining marks, a width of 1
 * or 2 and a role from quire's own table, and hands them over here.
 * This header includes no curses, so nothing else can call it.
 */
#ifndef QUIRE_TUI_DRAW_H
#define QUIRE_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct draw;

/* What a cell on screen is, for colours and attributes (the theme). */
enum draw_role {
	DRAW_TEXT,		/* code and output text */
	DRAW_DIM,		/* hints, placeholders */
	DRAW_BAR,		/* top and bottom bars */
	DRAW_BAR_KEY,		/* key names in the bottom bar */
	DRAW_MODE,		/* EDIT / VIEW / INSERT in the top bar */
	DRAW_BORDER,
	DRAW_BORDER_FOCUS,
	DRAW_TITLE,
	DRAW_TITLE_FOCUS,
	DRAW_MARKER,		/* "this was not text": reserved */
	DRAW_SELECTION,		/* reserved */
	DRAW_KEYWORD,
	DRAW_BUILTIN,
	DRAW_STRING,
	DRAW_NUMBER,
	DRAW_COMMENT,
	DRAW_OPERATOR,
	DRAW_BRACKET,		/* the bracket matching the cursor's */
	DRAW_ERROR,		/* tracebacks, error line, error messages */
	DRAW_STDERR,
	DRAW_STATE_OK,
	DRAW_STATE_RUNNING,
	DRAW_STATE_QUEUED,
	DRAW_STATE_STALE,
	DRAW_STATE_ERROR,
	DRAW_STATE_DISABLED,
	DRAW_SEARCH,		/* search matches */
	DRAW_GUTTER,		/* gutter marks; git: a changed line */
	DRAW_GUTTER_ADD,	/* git: an added line (+) */
	DRAW_GUTTER_REMOVE,	/* git: removed lines (-) */
	DRAW_HEADING,		/* rich output: one per richtext role */
	DRAW_CODE,
	DRAW_LINK,
	DRAW_MATH,
	DRAW_QUOTE,
	DRAW_BULLET,
	DRAW_RULE,
	DRAW_TABLE_HEADER,
	DRAW_TABLE_INDEX,
	DRAW_TABLE_NULL,
	DRAW_TABLE_SELECTED,
	DRAW_TABLE_CURSOR,
	DRAW_WIDGET,
	DRAW_WIDGET_FOCUS,	/* the widget that has the keys */
	DRAW_IMAGE,		/* colours are the image's own */
	DRAW_NROLES
};

/* The theme's name for a role ("border.focus"). */
const char *draw_role_name(enum draw_role);

#define DRAW_MARKS 4

struct draw_cell {
	uint32_t cp;			/* base code point */
	uint32_t marks[DRAW_MARKS];	/* combining marks; 0 ends them */
	uint8_t width;			/* columns: 1 or 2 */
	uint8_t role;			/* enum draw_role */
	uint8_t flags;			/* SANITIZE_BOLD ... from output SGR */
	int32_t fg, bg;			/* SANITIZE_COLOR_*; DEFAULT: role's */
};

/* Set c to one code point of width 1 or 2 in a role, default colours. */
void draw_cell_set(struct draw_cell *c, uint32_t cp, int width,
    enum draw_role role);

/* How the screen may look, decided at start-up. */
struct draw_opts {
	bool no_color;		/* draw without colours (NO_COLOR is read
				   here too) */
	const char *theme;	/* theme name or file, NULL: the default */
	bool mouse;		/* ask the terminal for mouse reports */
	bool ascii;		/* ASCII only, whatever the locale */
};

/*
 * Take the terminal: curses on stdout, raw mode, bracketed paste on.
 * Keys are not read through curses (tui/keys.c reads fd 0). Returns
 * NULL with err_last() set when the terminal cannot be used.
 */
struct draw *draw_open(const struct draw_opts *);
/* Give the terminal back as it was. NULL is a no-op. */
void draw_close(struct draw *);
/* Why the theme asked for could not be used (the built-in one is), or
 * NULL. Borrowed. */
const char *draw_theme_error(const struct draw *);
/* Leave curses for a while (an external editor), and come back. */
void draw_suspend(struct draw *);
void draw_resume(struct draw *);

/* Screen size in rows and columns, after draw_resize() on SIGWINCH. */
void draw_size(const struct draw *, int *rows, int *cols);
void draw_resize(struct draw *);
/* Colours the terminal shows (0: none). */
int draw_ncolors(const struct draw *);
/* Does the locale take UTF-8 (else only ASCII is drawn)? */
bool draw_utf8(const struct draw *);
/* Does the terminal take 24-bit colour (terminfo RGB or Tc)? */
bool draw_truecolor(const struct draw *);

/* Start a frame: everything not drawn again is blank. */
void draw_erase(struct draw *);
/*
 * Draw n cells at row y from column x, never past column x + maxcols
 * or the screen's edge. Each cell is checked again: a control, a C1
 * code point or a width that is not 1 or 2 (or that the C library,
 * which curses follows, disagrees with) is drawn as '?' in the marker
 * role. Returns the columns used.
 */
int draw_cells(struct draw *, int y, int x, int maxcols,
    const struct draw_cell *, size_t n);
/*
 * Draw len bytes of UTF-8 text as one line in a role, sanitised as a
 * FIELD (security.md 7.2: names, messages, labels; nothing in it can
 * move the cursor), cut to maxcols with "…" when longer. Returns the
 * columns used.
 */
int draw_text(struct draw *, int y, int x, int maxcols, enum draw_role,
    const char *s, size_t len);
/* draw_text of a NUL-terminated string. */
int draw_str(struct draw *, int y, int x, int maxcols, enum draw_role,
    const char *s);
/* Fill cols columns with spaces in a role. */
void draw_fill(struct draw *, int y, int x, int cols, enum draw_role);

/* Box pieces, in line-drawing glyphs or ASCII. */
enum draw_glyph {
	DRAW_G_HLINE,
	DRAW_G_VLINE,
	DRAW_G_ULCORNER,
	DRAW_G_URCORNER,
	DRAW_G_LLCORNER,
	DRAW_G_LRCORNER,
	DRAW_G_LTEE,
	DRAW_G_RTEE,
	DRAW_G_NGLYPHS
};
/* Or'ed into a glyph: the heavy form (the focused pane), '=' in ASCII. */
#define DRAW_G_HEAVY 0x100
void draw_glyph(struct draw *, int y, int x, int glyph, int count,
    enum draw_role);

/*
 * Pictures as sixel or kitty graphics (security.md 7.4: the sequence is
 * libchafa's, made from decoded pixels; the caller decided that the
 * terminal takes it and is not tmux). Call during a frame, after the
 * picture's symbols were drawn in the same cells (curses keeps those,
 * so a redraw without graphics is still right): seq, borrowed until
 * draw_flush, draws it at row y, column x over rows x cols cells; id
 * changes whenever the sequence does. draw_flush sends the frame, then
 * the pictures, only when they differ from the last frame's (then the
 * screen is cleared and repainted first, kitty's pictures deleted, so
 * none is left where its cells moved), or after a resize or repaint.
 */
void draw_graphics(struct draw *, int y, int x, int rows, int cols,
    const char *seq, size_t len, uint64_t id, bool kitty);
/* Pixels of a cell from the terminal's window size; 0 x 0 unknown. */
void draw_cell_pixels(const struct draw *, int *width, int *height);

/* Where the terminal's cursor rests after the frame; y < 0 hides it. */
void draw_cursor(struct draw *, int y, int x);
/* Send the frame: only what changed goes to the terminal. */
void draw_flush(struct draw *);
/* Throw away input the terminal has queued and nobody has read yet
 * (a question that decides something was just drawn). */
void draw_discard_input(struct draw *);
/* Forget what the terminal shows and repaint all of it (C-l). */
void draw_repaint(struct draw *);

/*
 * What terminfo says of $TERM, without taking the terminal (quire
 * doctor): the colours it offers (0: none), -1 when terminfo does not
 * know the type; *rgb: it declares 24-bit colour (RGB or Tc).
 */
int draw_terminfo_colors(bool *rgb);

#endif
