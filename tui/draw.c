/*
 * draw.c: the one file that hands text to curses (spec security.md 7.3).
 * Everything on screen arrives here as draw cells that other files built
 * from sanitised text; each cell is checked once more (printable, width
 * 1 or 2, the width the C library gives, which is what curses places by)
 * and a failing cell is drawn as '?' in the marker role. Curses keeps the
 * screen image and sends only what changed, so a frame redrawn in full
 * costs the terminal nothing when it looks the same.
 *
 * Keys are not read through curses: fd 0 belongs to tui/keys.c, so
 * curses' own escape-sequence guessing never sees input. The only bytes
 * written here besides what curses generates are the fixed strings that
 * switch bracketed paste and mouse reports on and off, and pictures
 * (sixel or kitty sequences libchafa made from pixels, placed with a
 * cursor save, a cursor position and a restore; security.md 7.4).
 */
#include "config.h"
#include "draw.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <sys/ioctl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "err.h"
#include "render.h"
#include "sanitize.h"
#include "theme.h"
#include "utf8.h"
#include "xmalloc.h"

#define DRAW_PASTE_ON "\033[?2004h"
#define DRAW_PASTE_OFF "\033[?2004l"
#define DRAW_MOUSE_ON "\033[?1000h\033[?1006h"
#define DRAW_MOUSE_OFF "\033[?1006l\033[?1000l"
/* Delete every kitty picture on screen, answer nothing. */
#define DRAW_KITTY_CLEAR "\033_Ga=d,q=2\033\\"

/* A picture placed in a frame (draw_graphics). */
struct draw_pic {
	int y, x, rows, cols;
	const char *seq;	/* this frame's only */
	size_t len;
	uint64_t id;
	bool kitty;
};

static const char *const draw_role_names[DRAW_NROLES] = {
	[DRAW_TEXT] = "text",
	[DRAW_DIM] = "dim",
	[DRAW_BAR] = "bar",
	[DRAW_BAR_KEY] = "bar.key",
	[DRAW_MODE] = "bar.mode",
	[DRAW_BORDER] = "border",
	[DRAW_BORDER_FOCUS] = "border.focus",
	[DRAW_TITLE] = "title",
	[DRAW_TITLE_FOCUS] = "title.focus",
	[DRAW_MARKER] = "marker",
	[DRAW_SELECTION] = "selection",
	[DRAW_KEYWORD] = "syntax.keyword",
	[DRAW_BUILTIN] = "syntax.builtin",
	[DRAW_STRING] = "syntax.string",
	[DRAW_NUMBER] = "syntax.number",
	[DRAW_COMMENT] = "syntax.comment",
	[DRAW_OPERATOR] = "syntax.operator",
	[DRAW_BRACKET] = "syntax.bracket",
	[DRAW_ERROR] = "error",
	[DRAW_STDERR] = "output.stderr",
	[DRAW_STATE_OK] = "state.ok",
	[DRAW_STATE_RUNNING] = "state.running",
	[DRAW_STATE_QUEUED] = "state.queued",
	[DRAW_STATE_STALE] = "state.stale",
	[DRAW_STATE_ERROR] = "state.error",
	[DRAW_STATE_DISABLED] = "state.disabled",
	[DRAW_SEARCH] = "search",
	[DRAW_GUTTER] = "gutter",
	[DRAW_GUTTER_ADD] = "gutter_add",
	[DRAW_GUTTER_REMOVE] = "gutter_remove",
	[DRAW_HEADING] = "heading",
	[DRAW_CODE] = "code",
	[DRAW_LINK] = "link",
	[DRAW_MATH] = "math",
	[DRAW_QUOTE] = "quote",
	[DRAW_BULLET] = "bullet",
	[DRAW_RULE] = "rule",
	[DRAW_TABLE_HEADER] = "table.header",
	[DRAW_TABLE_INDEX] = "table.index",
	[DRAW_TABLE_NULL] = "table.null",
	[DRAW_TABLE_SELECTED] = "table.selected",
	[DRAW_TABLE_CURSOR] = "table.cursor",
	[DRAW_WIDGET] = "widget",
	[DRAW_WIDGET_FOCUS] = "widget.focus",
	[DRAW_IMAGE] = "image",
};

struct draw {
	SCREEN *scr;
	bool open, suspended;
	bool color;		/* colours in use */
	bool truecolor;
	int ncolors;
	bool utf8;
	bool mouse;
	bool has_rev, has_sitm;
	struct theme_look looks[THEME_NROLES];
	int role_theme[DRAW_NROLES];	/* enum theme_role of each role */
	attr_t role_attr[DRAW_NROLES];
	int role_pair[DRAW_NROLES];
	char *theme_error;
	int cur_y, cur_x;
	struct draw_pic *pics, *shown;	/* this frame's; on screen */
	size_t npics, apics, nshown, ashown;
	bool pics_lost;		/* the screen was cleared under them */
};

const char *
draw_role_name(enum draw_role r)
{
	return r < DRAW_NROLES ? draw_role_names[r] : "text";
}

void
draw_cell_set(struct draw_cell *c, uint32_t cp, int width,
    enum draw_role role)
{
	memset(c, 0, sizeof *c);
	c->cp = cp;
	c->width = (uint8_t)(width == 2 ? 2 : 1);
	c->role = (uint8_t)role;
	c->fg = SANITIZE_COLOR_DEFAULT;
	c->bg = SANITIZE_COLOR_DEFAULT;
}

static void
draw_send(const char *s)
{
	(void)putp(s);
	(void)fflush(stdout);
}

/* Theme attribute bits as curses attributes this terminal can show. */
static attr_t
draw_attrs(const struct draw *d, unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & THEME_ATTR_BOLD)
		r |= A_BOLD;
	if (a & THEME_ATTR_DIM)
		r |= A_DIM;
	if ((a & THEME_ATTR_ITALIC) && d->has_sitm)
		r |= A_ITALIC;
	if (a & THEME_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_ATTR_REVERSE)
		r |= d->has_rev ? A_REVERSE : A_STANDOUT;
	return r;
}

static int
draw_pair(const struct draw *d, int32_t fg, int32_t bg)
{
	int p;

	if (!d->color || (fg < 0 && bg < 0))
		return 0;
	p = alloc_pair(fg, bg);
	return p > 0 ? p : 0;
}

/* Resolve the theme for this terminal and give every role its look. */
static void
draw_setup_roles(struct draw *d, const char *name, bool no_color)
{
	struct theme *t = theme_load(name, NULL);
	int i, tr;

	if (t == NULL) {
		d->theme_error = xasprintf("theme: %s (the built-in theme is "
		    "used)", err_last());
		t = theme_builtin();
	}
	theme_resolve(d->looks, t, d->ncolors, d->truecolor, no_color);
	theme_free(t);
	for (i = 0; i < DRAW_NROLES; i++) {
		tr = theme_role_find(draw_role_names[i]);
		if (tr < 0)
			tr = THEME_TEXT;
		d->role_theme[i] = tr;
		d->role_attr[i] = draw_attrs(d, d->looks[tr].attrs);
		d->role_pair[i] = draw_pair(d, d->looks[tr].fg,
		    d->looks[tr].bg);
	}
}

static bool
draw_has_cap(const char *cap)
{
	char *s = tigetstr(cap);

	return s != NULL && s != (char *)-1;
}

struct draw *
draw_open(const struct draw_opts *opts)
{
	struct draw *d;
	const char *nc = getenv("NO_COLOR");
	const char *cs;
	bool no_color;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		err_set("not a terminal");
		return NULL;
	}
	d = xcalloc(1, sizeof *d);
	d->scr = newterm(NULL, stdout, stdin);
	if (d->scr == NULL) {
		err_set("cannot use terminal type %s",
		    getenv("TERM") ? getenv("TERM") : "(unset)");
		free(d);
		return NULL;
	}
	d->open = true;
	(void)raw();
	(void)noecho();
	(void)nonl();
	(void)intrflush(stdscr, FALSE);
	(void)leaveok(stdscr, FALSE);
	(void)scrollok(stdscr, FALSE);
	(void)idlok(stdscr, TRUE);
	cs = nl_langinfo(CODESET);
	d->utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0) && !(opts != NULL && opts->ascii);
	d->has_rev = draw_has_cap("rev");
	d->has_sitm = draw_has_cap("sitm");
	no_color = (nc != NULL && nc[0] != '\0') ||
	    (opts != NULL && opts->no_color) || !has_colors();
	if (!no_color) {
		(void)start_color();
		(void)use_default_colors();
		d->ncolors = COLORS;
		d->color = d->ncolors >= 8;
		d->truecolor = d->ncolors >= 0x1000000 ||
		    tigetflag("RGB") > 0 || tigetflag("Tc") > 0;
		no_color = !d->color;
	}
	draw_setup_roles(d, opts != NULL ? opts->theme : NULL, no_color);
	d->mouse = opts != NULL && opts->mouse;
	draw_send(DRAW_PASTE_ON);
	if (d->mouse)
		draw_send(DRAW_MOUSE_ON);
	(void)curs_set(0);
	d->cur_y = -1;
	return d;
}

const char *
draw_theme_error(const struct draw *d)
{
	return d->theme_error;
}

void
draw_close(struct draw *d)
{
	if (d == NULL)
		return;
	if (d->open && !d->suspended) {
		if (d->mouse)
			draw_send(DRAW_MOUSE_OFF);
		draw_send(DRAW_PASTE_OFF);
		(void)curs_set(1);
		(void)endwin();
	}
	if (d->scr != NULL)
		delscreen(d->scr);
	free(d->theme_error);
	free(d->pics);
	free(d->shown);
	free(d);
}

void
draw_suspend(struct draw *d)
{
	if (d->suspended)
		return;
	if (d->mouse)
		draw_send(DRAW_MOUSE_OFF);
	draw_send(DRAW_PASTE_OFF);
	(void)def_prog_mode();
	(void)curs_set(1);
	(void)endwin();
	d->suspended = true;
}

void
draw_resume(struct draw *d)
{
	if (!d->suspended)
		return;
	(void)reset_prog_mode();
	d->suspended = false;
	draw_send(DRAW_PASTE_ON);
	if (d->mouse)
		draw_send(DRAW_MOUSE_ON);
	(void)clearok(curscr, TRUE);
	(void)refresh();
	d->pics_lost = true;
}

void
draw_size(const struct draw *d, int *rows, int *cols)
{
	(void)d;
	*rows = LINES;
	*cols = COLS;
}

void
draw_resize(struct draw *d)
{
	struct winsize ws;

	(void)d;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		(void)resize_term(ws.ws_row, ws.ws_col);
	(void)clearok(curscr, TRUE);
	d->pics_lost = true;
}

void
draw_cell_pixels(const struct draw *d, int *width, int *height)
{
	struct winsize ws;

	(void)d;
	*width = *height = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && ws.ws_xpixel > 0 && ws.ws_ypixel > 0) {
		*width = ws.ws_xpixel / ws.ws_col;
		*height = ws.ws_ypixel / ws.ws_row;
	}
}

int
draw_ncolors(const struct draw *d)
{
	return d->color ? d->ncolors : 0;
}

bool
draw_utf8(const struct draw *d)
{
	return d->utf8;
}

bool
draw_truecolor(const struct draw *d)
{
	return d->color && d->truecolor;
}

void
draw_erase(struct draw *d)
{
	d->npics = 0;
	(void)d;
	(void)werase(stdscr);
}

/* Is this cell safe to hand to curses as it is? */
static bool
draw_cell_ok(const struct draw_cell *c)
{
	size_t i;

	if (c->cp < 0x20 || (c->cp >= 0x7f && c->cp <= 0x9f) ||
	    c->cp > 0x10ffff || (c->width != 1 && c->width != 2))
		return false;
	if (wcwidth((wchar_t)c->cp) != (int)c->width)
		return false;
	for (i = 0; i < DRAW_MARKS && c->marks[i] != 0; i++)
		if (c->marks[i] < 0x300 || wcwidth((wchar_t)c->marks[i]) != 0)
			return false;
	return true;
}

static void
draw_make(struct draw *d, cchar_t *cc, const struct draw_cell *c)
{
	wchar_t wch[DRAW_MARKS + 2];
	enum draw_role role = c->role < DRAW_NROLES ?
	    (enum draw_role)c->role : DRAW_MARKER;
	attr_t attr;
	int pair, n = 0;
	size_t i;

	if (!draw_cell_ok(c)) {
		role = DRAW_MARKER;
		wch[n++] = L'?';
	} else {
		wch[n++] = (wchar_t)c->cp;
		for (i = 0; i < DRAW_MARKS && c->marks[i] != 0; i++)
			wch[n++] = (wchar_t)c->marks[i];
	}
	wch[n] = L'\0';
	attr = d->role_attr[role];
	pair = d->role_pair[role];
	if (role != DRAW_MARKER && (c->flags != 0 ||
	    c->fg != SANITIZE_COLOR_DEFAULT ||
	    c->bg != SANITIZE_COLOR_DEFAULT)) {
		/* Output's own colours: mapped to this terminal, and kept
		 * from looking like quire's reserved roles (theme.c). */
		struct theme_look lk = theme_map_rgb(d->looks,
		    (enum theme_role)d->role_theme[role], c->fg, c->bg,
		    c->flags, d->ncolors, d->truecolor, !d->color);

		attr = draw_attrs(d, lk.attrs);
		pair = draw_pair(d, lk.fg, lk.bg);
	}
	(void)setcchar(cc, wch, attr, 0, &pair);
}

int
draw_cells(struct draw *d, int y, int x, int maxcols,
    const struct draw_cell *cells, size_t n)
{
	cchar_t buf[256];
	int limit = x + maxcols, col = x, nb = 0, start = x;
	size_t i;

	if (y < 0 || y >= LINES || x < 0 || maxcols <= 0)
		return 0;
	if (limit > COLS)
		limit = COLS;
	for (i = 0; i < n && col < limit; i++) {
		struct draw_cell sp;
		const struct draw_cell *c = &cells[i];
		int w = draw_cell_ok(c) ? c->width : 1;

		if (col + w > limit) {
			/* A wide cell that does not fit: a space. */
			draw_cell_set(&sp, ' ', 1, (enum draw_role)(c->role <
			    DRAW_NROLES ? c->role : DRAW_TEXT));
			c = &sp;
			w = 1;
		}
		draw_make(d, &buf[nb++], c);
		col += w;
		if (nb == (int)(sizeof buf / sizeof buf[0])) {
			(void)mvwadd_wchnstr(stdscr, y, start, buf, nb);
			start = col;
			nb = 0;
		}
	}
	if (nb > 0)
		(void)mvwadd_wchnstr(stdscr, y, start, buf, nb);
	return col - x;
}

int
draw_text(struct draw *d, int y, int x, int maxcols, enum draw_role role,
    const char *s, size_t len)
{
	struct render_line l;
	struct draw_cell ell;
	size_t i, w = 0;
	int used;

	if (maxcols <= 0)
		return 0;
	render_line_init(&l);
	render_line_adds(&l, s, len, role);
	if (!d->utf8) {
		/* Non-ASCII in an ASCII screen: markers (render did UTF-8). */
		struct render_line a;

		render_line_init(&a);
		for (i = 0; i < l.n; i++)
			if (l.cells[i].cp < 0x80)
				render_line_add(&a, l.cells[i].cp,
				    (enum draw_role)l.cells[i].role, 0);
			else
				render_line_add(&a, '?', DRAW_MARKER, 0);
		render_line_release(&l);
		l = a;
	}
	if (l.width <= (size_t)maxcols) {
		used = draw_cells(d, y, x, maxcols, l.cells, l.n);
		render_line_release(&l);
		return used;
	}
	for (i = 0; i < l.n && w + l.cells[i].width < (size_t)maxcols; i++)
		w += l.cells[i].width;
	used = draw_cells(d, y, x, (int)w, l.cells, i);
	draw_cell_set(&ell, d->utf8 ? 0x2026 : '>', 1, role);
	used += draw_cells(d, y, x + used, 1, &ell, 1);
	render_line_release(&l);
	return used;
}

int
draw_str(struct draw *d, int y, int x, int maxcols, enum draw_role role,
    const char *s)
{
	return draw_text(d, y, x, maxcols, role, s, strlen(s));
}

void
draw_fill(struct draw *d, int y, int x, int cols, enum draw_role role)
{
	struct draw_cell c[64];
	int i, n;

	for (i = 0; i < 64; i++)
		draw_cell_set(&c[i], ' ', 1, role);
	while (cols > 0) {
		n = cols < 64 ? cols : 64;
		(void)draw_cells(d, y, x, n, c, (size_t)n);
		x += n;
		cols -= n;
	}
}

void
draw_glyph(struct draw *d, int y, int x, int glyph, int count,
    enum draw_role role)
{
	static const uint32_t uni[DRAW_G_NGLYPHS] = { 0x2500, 0x2502, 0x250c,
		0x2510, 0x2514, 0x2518, 0x251c, 0x2524 };
	static const uint32_t heavy[DRAW_G_NGLYPHS] = { 0x2501, 0x2503,
		0x250f, 0x2513, 0x2517, 0x251b, 0x2523, 0x252b };
	static const char ascii[DRAW_G_NGLYPHS] = { '-', '|', '+', '+', '+',
		'+', '+', '+' };
	struct draw_cell c[64];
	int g = glyph & 0xff, i, n;
	bool hv = (glyph & DRAW_G_HEAVY) != 0;
	uint32_t cp;

	if (g < 0 || g >= DRAW_G_NGLYPHS)
		return;
	if (d->utf8)
		cp = hv ? heavy[g] : uni[g];
	else
		cp = hv && g == DRAW_G_HLINE ? '=' : (uint32_t)ascii[g];
	for (i = 0; i < 64; i++)
		draw_cell_set(&c[i], cp, 1, role);
	while (count > 0) {
		n = count < 64 ? count : 64;
		(void)draw_cells(d, y, x, n, c, (size_t)n);
		x += n;
		count -= n;
	}
}

void
draw_cursor(struct draw *d, int y, int x)
{
	d->cur_y = y;
	d->cur_x = x;
}

void
draw_graphics(struct draw *d, int y, int x, int rows, int cols,
    const char *seq, size_t len, uint64_t id, bool kitty)
{
	struct draw_pic *p;

	if (seq == NULL || len == 0 || y < 0 || x < 0 || rows <= 0 ||
	    cols <= 0 || y + rows > LINES || x + cols > COLS)
		return;
	if (d->npics == d->apics) {
		d->apics = d->apics ? d->apics * 2 : 4;
		d->pics = xreallocarray(d->pics, d->apics, sizeof *d->pics);
	}
	p = &d->pics[d->npics++];
	p->y = y;
	p->x = x;
	p->rows = rows;
	p->cols = cols;
	p->seq = seq;
	p->len = len;
	p->id = id;
	p->kitty = kitty;
}

/* Do this frame's pictures differ from those on screen? */
static bool
draw_pics_changed(const struct draw *d)
{
	size_t i;

	if (d->npics != d->nshown)
		return true;
	for (i = 0; i < d->npics; i++)
		if (d->pics[i].y != d->shown[i].y ||
		    d->pics[i].x != d->shown[i].x ||
		    d->pics[i].rows != d->shown[i].rows ||
		    d->pics[i].cols != d->shown[i].cols ||
		    d->pics[i].id != d->shown[i].id)
			return true;
	return false;
}

/* After curses sent the frame: the pictures over their symbols. */
static void
draw_pics_flush(struct draw *d)
{
	char cup[32];
	size_t i;
	bool kitty = false;

	if (!d->pics_lost && !draw_pics_changed(d))
		return;
	for (i = 0; i < d->nshown; i++)
		kitty = kitty || d->shown[i].kitty;
	for (i = 0; i < d->npics; i++)
		kitty = kitty || d->pics[i].kitty;
	/* Old pictures go: kitty's by deleting them, sixel's pixels by
	 * repainting every cell (done already when they were lost). */
	if (kitty && d->nshown > 0)
		draw_send(DRAW_KITTY_CLEAR);
	if (d->nshown > 0 && !d->pics_lost) {
		(void)clearok(curscr, TRUE);
		(void)wnoutrefresh(stdscr);
		(void)doupdate();
	}
	for (i = 0; i < d->npics; i++) {
		(void)snprintf(cup, sizeof cup, "\0337\033[%d;%dH",
		    d->pics[i].y + 1, d->pics[i].x + 1);
		(void)fputs(cup, stdout);
		(void)fwrite(d->pics[i].seq, 1, d->pics[i].len, stdout);
		(void)fputs("\0338", stdout);
	}
	(void)fflush(stdout);
	if (d->ashown < d->npics) {
		d->ashown = d->npics;
		d->shown = xreallocarray(d->shown, d->ashown,
		    sizeof *d->shown);
	}
	if (d->npics > 0)
		memcpy(d->shown, d->pics, d->npics * sizeof *d->shown);
	for (i = 0; i < d->npics; i++)
		d->shown[i].seq = NULL;
	d->nshown = d->npics;
	d->pics_lost = false;
}

void
draw_flush(struct draw *d)
{
	if (d->suspended)
		return;
	if (d->cur_y >= 0 && d->cur_y < LINES && d->cur_x >= 0 &&
	    d->cur_x < COLS) {
		(void)wmove(stdscr, d->cur_y, d->cur_x);
		(void)curs_set(1);
	} else {
		(void)curs_set(0);
		(void)wmove(stdscr, LINES - 1, COLS - 1);
	}
	(void)wnoutrefresh(stdscr);
	(void)doupdate();
	if (d->npics > 0 || d->nshown > 0)
		draw_pics_flush(d);
	d->pics_lost = false;
}

void
draw_discard_input(struct draw *d)
{
	(void)d;
	(void)flushinp();
}

void
draw_repaint(struct draw *d)
{
	(void)clearok(curscr, TRUE);
	d->pics_lost = true;
}

int
draw_terminfo_colors(bool *rgb)
{
	TERMINAL *saved = cur_term;
	int err = 0, n;

	*rgb = false;
	/* A terminal of its own, so an open screen's stays as it was. */
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return -1;
	n = tigetnum("colors");
	*rgb = tigetflag("RGB") > 0 || tigetflag("Tc") > 0;
	(void)del_curterm(cur_term);
	(void)set_curterm(saved);
	return n > 0 ? n : 0;
}
