/*
 * widthprobe.h: the start-up width probe (security.md 7.2.4). When both
 * ends are terminals, quire draws a few probe strings off-screen and
 * reads the cursor position after each (CSI 6 n); a class of characters
 * whose measured width differs from the width table is drawn as
 * <U+XXXX> markers for the session. This module holds the decisions
 * (whether to probe, what an answer means, which classes become
 * markers); the terminal I/O is the caller's.
 */
#ifndef QUIRE_TUI_WIDTHPROBE_H
#define QUIRE_TUI_WIDTHPROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum widthprobe_class {
	WIDTHPROBE_WIDE,	/* East Asian Wide: U+4E00 */
	WIDTHPROBE_EMOJI,	/* emoji presentation: U+1F600 */
	WIDTHPROBE_AMBIGUOUS,	/* East Asian Ambiguous: U+00A7 */
	WIDTHPROBE_COMBINING,	/* a base and a mark: e + U+0301 */
	WIDTHPROBE_NCLASSES
};

/* Milliseconds to wait for each answer. */
#define WIDTHPROBE_TIMEOUT_MS 300

/* The probe string of a class (UTF-8) and its name for messages. */
const char *widthprobe_string(enum widthprobe_class);
const char *widthprobe_name(enum widthprobe_class);

/*
 * Whether to probe: only with both ends terminals, without --no-probe,
 * and with display.unicode "auto" (NULL counts as "auto"; "ascii" draws
 * nothing but ASCII, so there is nothing to measure).
 */
bool widthprobe_wanted(bool in_tty, bool out_tty, bool no_probe,
    const char *display_unicode);

/*
 * Parse a cursor position report at the start of p: only a well-formed
 * ESC [ row ; col R (1-4 digits each, not 0) is accepted.
 * Returns 1 with *row, *col and *used (bytes) set, 0 when p is a proper
 * prefix of one (wait for more), -1 when p does not start with one.
 */
int widthprobe_parse_cpr(const char *p, size_t len, unsigned *row,
    unsigned *col, size_t *used);

/*
 * Which classes to draw as markers: bit (1 << class) is set when the
 * class was measured (measured[c] >= 0; -1 means no answer) and the
 * width differs from expected[c] (the width table's). A probe that got
 * no answer at all changes nothing.
 */
unsigned widthprobe_decide(const int measured[WIDTHPROBE_NCLASSES],
    const int expected[WIDTHPROBE_NCLASSES]);

/*
 * Measure: for each class write CR, the probe string and CSI 6 n to
 * out, and wait up to timeout_ms for a report on in; measured[c] is the
 * column reached minus one, or -1 without a well-formed answer. A
 * terminal that does not answer once is not asked again (the rest are
 * -1), so a late answer is never taken for the next class's and a
 * terminal without CSI 6 n costs one timeout. Every byte read is
 * consumed here (none becomes a key); the line is erased after. The
 * caller has put the terminal in raw mode.
 */
void widthprobe_measure(int in, int out, int timeout_ms,
    int measured[WIDTHPROBE_NCLASSES]);

/* The width table's width of a class's probe string. */
int widthprobe_expected(enum widthprobe_class);

/*
 * Tests only: QUIRE_TEST_WIDTHPROBE="wide=1,emoji=2" pretends the
 * terminal measured these widths (a disagreement tmux never shows).
 * Sets measured[c] and faked[c] for each well-formed "name=digit";
 * other items are ignored. spec may be NULL.
 */
void widthprobe_fake(const char *spec, int measured[WIDTHPROBE_NCLASSES],
    bool faked[WIDTHPROBE_NCLASSES]);

/*
 * Pictures (security.md 7.4). Symbols work everywhere, tmux included;
 * sixel and the kitty graphics protocol only on a terminal that takes
 * them, and never inside tmux (quire never asks it for passthrough).
 */
enum widthprobe_graphics {
	WIDTHPROBE_SYMBOLS,
	WIDTHPROBE_SIXEL,
	WIDTHPROBE_KITTY
};

/* What the environment says about the terminal, for the decision. */
struct widthprobe_env {
	const char *term;		/* $TERM, NULL: unset */
	const char *kitty_window_id;	/* $KITTY_WINDOW_ID */
	const char *tmux;		/* $TMUX */
	bool tty;			/* both ends are terminals */
	bool tmux_parent;		/* a process above this one is tmux
					   or screen (an emptied environment
					   still runs inside it) */
};
/* Fill from getenv(), isatty(in), isatty(out) and /proc. */
void widthprobe_env_get(struct widthprobe_env *, int in, int out);
/* Inside tmux (or screen): $TMUX set, TERM names tmux or screen, or
 * tmux_parent. */
bool widthprobe_in_tmux(const struct widthprobe_env *);

/*
 * Whether the start-up exchange should ask for the primary device
 * attributes (DA1, CSI c): only for display.graphics "auto" (NULL
 * counts as "auto") on a terminal outside tmux that is not kitty
 * (its protocol is known from the environment).
 */
bool widthprobe_da1_wanted(const struct widthprobe_env *,
    const char *display_graphics);

/*
 * Parse a DA1 answer at the start of p: only a well-formed
 * ESC [ ? Ps ; ... ; Ps c (1-5 digits each, at most 32 parameters) is
 * accepted. Returns 1 with *sixel (4 is among the parameters) and *used
 * set, 0 when p is a proper prefix of one, -1 when p does not start
 * with one.
 */
int widthprobe_parse_da1(const char *p, size_t len, bool *sixel,
    size_t *used);

/*
 * The way pictures are drawn: display.graphics "symbols", "sixel",
 * "kitty" or "auto" (NULL, or anything else, counts as "auto"). Inside
 * tmux, or when the ends are not terminals, always symbols. "auto"
 * takes kitty for TERM=xterm-kitty or a KITTY_WINDOW_ID, sixel when the
 * DA1 answer listed 4 (da1_sixel: 1; 0 it did not, -1 no answer), and
 * symbols otherwise.
 */
enum widthprobe_graphics widthprobe_graphics_decide(
    const struct widthprobe_env *, const char *display_graphics,
    int da1_sixel);
/* "symbols", "sixel" or "kitty". */
const char *widthprobe_graphics_name(enum widthprobe_graphics);

/*
 * Ask DA1 and wait up to timeout_ms for a well-formed answer: 1 when
 * it lists sixel, 0 when not, -1 without an answer. Every byte read is
 * consumed (none becomes a key). The caller has put the terminal in
 * raw mode.
 */
int widthprobe_da1(int in, int out, int timeout_ms);

/* What the probe found, for the editor and quire doctor. */
struct widthprobe_result {
	bool ran;		/* the terminal was asked */
	const char *why;	/* when !ran: why not (static text) */
	int measured[WIDTHPROBE_NCLASSES];	/* columns, -1: no answer */
	int expected[WIDTHPROBE_NCLASSES];	/* the width table's */
	bool faked[WIDTHPROBE_NCLASSES];	/* QUIRE_TEST_WIDTHPROBE */
	unsigned distrust;	/* bit 1 << class: drawn as markers */
	int da1_sixel;		/* 1, 0, -1: not asked or no answer */
	enum widthprobe_graphics graphics;	/* widthprobe_run_graphics */
};

/*
 * Run the probe on fds in and out when widthprobe_wanted() and the
 * locale is UTF-8: raw mode (termios) for the time of the probe, then
 * the terminal's settings back. Fills *r; never fails (a probe that
 * cannot run changes nothing).
 */
void widthprobe_run(struct widthprobe_result *r, int in, int out,
    bool no_probe, const char *display_unicode);

/*
 * widthprobe_run, and in the same raw-mode exchange DA1 when
 * widthprobe_da1_wanted (not with no_probe: nothing is asked then);
 * r->graphics is the decision for display_graphics.
 */
void widthprobe_run_graphics(struct widthprobe_result *r, int in, int out,
    bool no_probe, const char *display_unicode,
    const char *display_graphics);

/*
 * The editor's start-up, before curses takes the terminal: run the
 * probe on fds 0 and 1 and make the distrusted classes the sanitiser's
 * session default (sanitize_default_distrust_set). Returns true when
 * the screen must be ASCII only: with East Asian Ambiguous distrusted,
 * quire's own frame (box drawing, "…", "·") would be misdrawn too.
 */
bool widthprobe_session(bool no_probe, const char *display_unicode);
/* The same, also deciding how pictures are drawn (*graphics). */
bool widthprobe_session_graphics(bool no_probe, const char *display_unicode,
    const char *display_graphics, enum widthprobe_graphics *graphics);

#endif
