/*
 * widthprobe.c: the start-up width probe; see widthprobe.h. It runs
 * before curses takes the terminal, with its own raw mode (termios, no
 * curses: only tui/draw.c may use that), and its only output is the
 * fixed probe strings, CSI 6 n and, for pictures, the DA1 query CSI c
 * (security.md 7.4). What it decides reaches the screen through the
 * sanitiser's session default, and the way pictures are drawn.
 */
#include "config.h"
#include "widthprobe.h"

#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "sanitize.h"
#include "utf8.h"

/* The classes' bits are the sanitiser's. */
_Static_assert((1u << WIDTHPROBE_WIDE) == SANITIZE_DISTRUST_WIDE &&
    (1u << WIDTHPROBE_EMOJI) == SANITIZE_DISTRUST_EMOJI &&
    (1u << WIDTHPROBE_AMBIGUOUS) == SANITIZE_DISTRUST_AMBIGUOUS &&
    (1u << WIDTHPROBE_COMBINING) == SANITIZE_DISTRUST_COMBINING,
    "widthprobe classes and sanitiser distrust bits differ");

static const char *const widthprobe_strings[WIDTHPROBE_NCLASSES] = {
	[WIDTHPROBE_WIDE] = "\xe4\xb8\x80",		/* U+4E00 */
	[WIDTHPROBE_EMOJI] = "\xf0\x9f\x98\x80",	/* U+1F600 */
	[WIDTHPROBE_AMBIGUOUS] = "\xc2\xa7",		/* U+00A7 */
	[WIDTHPROBE_COMBINING] = "e\xcc\x81",		/* e U+0301 */
};

static const char *const widthprobe_names[WIDTHPROBE_NCLASSES] = {
	[WIDTHPROBE_WIDE] = "wide",
	[WIDTHPROBE_EMOJI] = "emoji",
	[WIDTHPROBE_AMBIGUOUS] = "ambiguous",
	[WIDTHPROBE_COMBINING] = "combining",
};

const char *
widthprobe_string(enum widthprobe_class c)
{
	return (unsigned)c < WIDTHPROBE_NCLASSES ? widthprobe_strings[c] : "";
}

const char *
widthprobe_name(enum widthprobe_class c)
{
	return (unsigned)c < WIDTHPROBE_NCLASSES ? widthprobe_names[c] : "";
}

bool
widthprobe_wanted(bool in_tty, bool out_tty, bool no_probe,
    const char *display_unicode)
{
	if (!in_tty || !out_tty || no_probe)
		return false;
	return display_unicode == NULL || strcmp(display_unicode, "auto") == 0;
}

/* Digits at p[*i], at most 4, value 1-9999; -1 when none or too many,
 * 0 when the input ends inside them. */
static int
widthprobe_number(const char *p, size_t len, size_t *i, unsigned *out)
{
	size_t start = *i;
	unsigned v = 0;

	while (*i < len && p[*i] >= '0' && p[*i] <= '9') {
		if (*i - start == 4)
			return -1;
		v = v * 10 + (unsigned)(p[*i] - '0');
		(*i)++;
	}
	if (*i == len)
		/* More may come, unless four zeros already rule it out. */
		return *i - start == 4 && v == 0 ? -1 : 0;
	if (*i == start || v == 0)
		return -1;
	*out = v;
	return 1;
}

int
widthprobe_parse_cpr(const char *p, size_t len, unsigned *row,
    unsigned *col, size_t *used)
{
	size_t i = 0;
	int r;

	*used = 0;
	if (len == 0)
		return 0;
	if (p[0] != '\x1b')
		return -1;
	if (len == 1)
		return 0;
	if (p[1] != '[')
		return -1;
	i = 2;
	if ((r = widthprobe_number(p, len, &i, row)) <= 0)
		return r;
	if (p[i] != ';')
		return -1;
	i++;
	if ((r = widthprobe_number(p, len, &i, col)) <= 0)
		return r;
	if (p[i] != 'R')
		return -1;
	*used = i + 1;
	return 1;
}

unsigned
widthprobe_decide(const int measured[WIDTHPROBE_NCLASSES],
    const int expected[WIDTHPROBE_NCLASSES])
{
	unsigned mask = 0, c;

	for (c = 0; c < WIDTHPROBE_NCLASSES; c++)
		if (measured[c] >= 0 && measured[c] != expected[c])
			mask |= 1u << c;
	return mask;
}

static int64_t
widthprobe_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
widthprobe_write(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read until a report comes or the time is up; -1 without one. */
static int
widthprobe_answer(int in, int timeout_ms)
{
	char b[64];
	size_t len = 0, used;
	unsigned row, col;
	int64_t end = widthprobe_now_ms() + timeout_ms;
	int64_t left;
	struct pollfd pfd;
	ssize_t n;
	int r;

	for (;;) {
		/* Drop whatever cannot begin a report. */
		while (len > 0 && (r = widthprobe_parse_cpr(b, len, &row,
		    &col, &used)) != 0) {
			if (r == 1)
				return (int)col - 1;
			memmove(b, b + 1, --len);
		}
		if ((left = end - widthprobe_now_ms()) <= 0)
			return -1;
		pfd.fd = in;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if ((r = poll(&pfd, 1, (int)left)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n = read(in, b + len, sizeof b - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		len += (size_t)n;
	}
}

int
widthprobe_parse_da1(const char *p, size_t len, bool *sixel, size_t *used)
{
	static const char head[] = "\x1b[?";
	size_t i, digits = 0, nparams = 0;
	unsigned v = 0;

	*used = 0;
	*sixel = false;
	for (i = 0; i < 3; i++) {
		if (i == len)
			return 0;
		if (p[i] != head[i])
			return -1;
	}
	for (; i < len; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			if (++digits > 5)
				return -1;
			v = v * 10 + (unsigned)(p[i] - '0');
			continue;
		}
		if (digits == 0 || (p[i] != ';' && p[i] != 'c'))
			return -1;
		if (++nparams > 32)
			return -1;
		if (v == 4)
			*sixel = true;
		if (p[i] == 'c') {
			*used = i + 1;
			return 1;
		}
		digits = 0;
		v = 0;
	}
	*sixel = false;
	return 0;
}

int
widthprobe_da1(int in, int out, int timeout_ms)
{
	char b[256];
	size_t len = 0, used;
	int64_t end = widthprobe_now_ms() + timeout_ms, left;
	struct pollfd pfd;
	bool sixel;
	ssize_t n;
	int r;

	if (widthprobe_write(out, "\x1b[c", 3) < 0)
		return -1;
	for (;;) {
		/* Drop whatever cannot begin an answer. */
		while (len > 0 && (r = widthprobe_parse_da1(b, len, &sixel,
		    &used)) != 0) {
			if (r == 1)
				return sixel ? 1 : 0;
			memmove(b, b + 1, --len);
		}
		if (len == sizeof b)
			len = 0;	/* a prefix this long is no answer */
		if ((left = end - widthprobe_now_ms()) <= 0)
			return -1;
		pfd.fd = in;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if ((r = poll(&pfd, 1, (int)left)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n = read(in, b + len, sizeof b - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		len += (size_t)n;
	}
}

/* Is a process above this one (up to 64 levels) tmux or screen? Linux
 * /proc; elsewhere false. */
static bool
widthprobe_tmux_parent(void)
{
	char path[64], b[512], *p;
	long pid = (long)getppid(), ppid;
	FILE *f;
	size_t n;
	int depth;

	for (depth = 0; depth < 64 && pid > 1; depth++) {
		(void)snprintf(path, sizeof path, "/proc/%ld/stat", pid);
		if ((f = fopen(path, "r")) == NULL)
			return false;
		n = fread(b, 1, sizeof b - 1, f);
		(void)fclose(f);
		b[n] = '\0';
		/* pid (comm) state ppid ...: comm may hold anything, so the
		 * fields after it are found from its last ')'. */
		if ((p = strchr(b, '(')) == NULL)
			return false;
		if (strncmp(p + 1, "tmux", 4) == 0 ||
		    strncmp(p + 1, "screen", 6) == 0)
			return true;
		if ((p = strrchr(b, ')')) == NULL ||
		    sscanf(p + 1, " %*c %ld", &ppid) != 1)
			return false;
		pid = ppid;
	}
	return false;
}

void
widthprobe_env_get(struct widthprobe_env *e, int in, int out)
{
	e->term = getenv("TERM");
	e->kitty_window_id = getenv("KITTY_WINDOW_ID");
	e->tmux = getenv("TMUX");
	e->tty = isatty(in) && isatty(out);
	e->tmux_parent = e->tty && widthprobe_tmux_parent();
}

bool
widthprobe_in_tmux(const struct widthprobe_env *e)
{
	if ((e->tmux != NULL && e->tmux[0] != '\0') || e->tmux_parent)
		return true;
	return e->term != NULL && (strncmp(e->term, "tmux", 4) == 0 ||
	    strncmp(e->term, "screen", 6) == 0);
}

static bool
widthprobe_is_kitty(const struct widthprobe_env *e)
{
	return (e->term != NULL && strcmp(e->term, "xterm-kitty") == 0) ||
	    (e->kitty_window_id != NULL && e->kitty_window_id[0] != '\0');
}

static bool
widthprobe_graphics_auto(const char *g)
{
	return g == NULL || (strcmp(g, "symbols") != 0 &&
	    strcmp(g, "sixel") != 0 && strcmp(g, "kitty") != 0);
}

bool
widthprobe_da1_wanted(const struct widthprobe_env *e,
    const char *display_graphics)
{
	return e->tty && widthprobe_graphics_auto(display_graphics) &&
	    !widthprobe_in_tmux(e) && !widthprobe_is_kitty(e) &&
	    (e->term == NULL || strcmp(e->term, "dumb") != 0);
}

enum widthprobe_graphics
widthprobe_graphics_decide(const struct widthprobe_env *e,
    const char *display_graphics, int da1_sixel)
{
	if (!e->tty || widthprobe_in_tmux(e))
		return WIDTHPROBE_SYMBOLS;
	if (!widthprobe_graphics_auto(display_graphics))
		return strcmp(display_graphics, "sixel") == 0 ?
		    WIDTHPROBE_SIXEL : strcmp(display_graphics, "kitty") ==
		    0 ? WIDTHPROBE_KITTY : WIDTHPROBE_SYMBOLS;
	if (widthprobe_is_kitty(e))
		return WIDTHPROBE_KITTY;
	return da1_sixel == 1 ? WIDTHPROBE_SIXEL : WIDTHPROBE_SYMBOLS;
}

const char *
widthprobe_graphics_name(enum widthprobe_graphics g)
{
	switch (g) {
	case WIDTHPROBE_SIXEL:
		return "sixel";
	case WIDTHPROBE_KITTY:
		return "kitty";
	case WIDTHPROBE_SYMBOLS:
		break;
	}
	return "symbols";
}

void
widthprobe_measure(int in, int out, int timeout_ms,
    int measured[WIDTHPROBE_NCLASSES])
{
	unsigned c;
	const char *s;

	for (c = 0; c < WIDTHPROBE_NCLASSES; c++) {
		s = widthprobe_strings[c];
		measured[c] = -1;
		if (widthprobe_write(out, "\r", 1) < 0 ||
		    widthprobe_write(out, s, strlen(s)) < 0 ||
		    widthprobe_write(out, "\x1b[6n", 4) < 0)
			break;
		if ((measured[c] = widthprobe_answer(in, timeout_ms)) < 0) {
			c++;
			break;
		}
	}
	for (; c < WIDTHPROBE_NCLASSES; c++)
		measured[c] = -1;
	(void)widthprobe_write(out, "\r\x1b[K", 4);
}

int
widthprobe_expected(enum widthprobe_class c)
{
	const char *s = widthprobe_string(c);

	return (int)utf8_str_width(s, strlen(s));
}

void
widthprobe_fake(const char *spec, int measured[WIDTHPROBE_NCLASSES],
    bool faked[WIDTHPROBE_NCLASSES])
{
	const char *p = spec, *eq, *end;
	size_t len;
	unsigned c;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && end - eq == 2 && eq[1] >= '0' &&
		    eq[1] <= '9') {
			len = (size_t)(eq - p);
			for (c = 0; c < WIDTHPROBE_NCLASSES; c++)
				if (strlen(widthprobe_names[c]) == len &&
				    memcmp(widthprobe_names[c], p, len) == 0) {
					measured[c] = eq[1] - '0';
					faked[c] = true;
				}
		}
		p = *end == ',' ? end + 1 : end;
	}
}

void
widthprobe_run_graphics(struct widthprobe_result *r, int in, int out,
    bool no_probe, const char *display_unicode, const char *display_graphics)
{
	struct termios saved, raw;
	struct widthprobe_env env;
	const char *cs;
	unsigned c;
	bool probe, da1;

	memset(r, 0, sizeof *r);
	r->da1_sixel = -1;
	for (c = 0; c < WIDTHPROBE_NCLASSES; c++) {
		r->measured[c] = -1;
		r->expected[c] = widthprobe_expected((enum widthprobe_class)c);
	}
	widthprobe_env_get(&env, in, out);
	probe = widthprobe_wanted(isatty(in), isatty(out), no_probe,
	    display_unicode);
	if (!probe)
		r->why = no_probe ? "--no-probe" :
		    !isatty(in) || !isatty(out) ? "not a terminal" :
		    "display.unicode is ascii";
	cs = nl_langinfo(CODESET);
	if (probe && (cs == NULL || (strcmp(cs, "UTF-8") != 0 &&
	    strcmp(cs, "utf8") != 0))) {
		r->why = "the locale is not UTF-8";
		probe = false;
	}
	/* --no-probe asks the terminal nothing at all. */
	da1 = !no_probe && widthprobe_da1_wanted(&env, display_graphics);
	if ((probe || da1) && tcgetattr(in, &saved) < 0) {
		if (probe)
			r->why = "the terminal's settings cannot be read";
		probe = da1 = false;
	}
	if (probe || da1) {
		/* Raw for the exchange: no echo of the answers, no line
		 * editing, and no signal from a key typed meanwhile (it is
		 * discarded). */
		raw = saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
		raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(in, TCSANOW, &raw) < 0) {
			if (probe)
				r->why = "the terminal cannot be put in raw "
				    "mode";
			probe = da1 = false;
		}
	}
	if (probe) {
		widthprobe_measure(in, out, WIDTHPROBE_TIMEOUT_MS,
		    r->measured);
		r->ran = true;
	}
	/* A terminal that answered no cursor report is not asked more. */
	if (da1 && (!probe || r->measured[0] >= 0))
		r->da1_sixel = widthprobe_da1(in, out, WIDTHPROBE_TIMEOUT_MS);
	if (probe || da1)
		(void)tcsetattr(in, TCSANOW, &saved);
	if (probe) {
		widthprobe_fake(getenv("QUIRE_TEST_WIDTHPROBE"), r->measured,
		    r->faked);
		r->distrust = widthprobe_decide(r->measured, r->expected);
	}
	r->graphics = widthprobe_graphics_decide(&env, display_graphics,
	    r->da1_sixel);
}

void
widthprobe_run(struct widthprobe_result *r, int in, int out,
    bool no_probe, const char *display_unicode)
{
	widthprobe_run_graphics(r, in, out, no_probe, display_unicode,
	    "symbols");
}

bool
widthprobe_session_graphics(bool no_probe, const char *display_unicode,
    const char *display_graphics, enum widthprobe_graphics *graphics)
{
	struct widthprobe_result r;

	widthprobe_run_graphics(&r, STDIN_FILENO, STDOUT_FILENO, no_probe,
	    display_unicode, display_graphics);
	sanitize_default_distrust_set(r.distrust);
	if (graphics != NULL)
		*graphics = r.graphics;
	return (r.distrust & (1u << WIDTHPROBE_AMBIGUOUS)) != 0;
}

bool
widthprobe_session(bool no_probe, const char *display_unicode)
{
	return widthprobe_session_graphics(no_probe, display_unicode,
	    "symbols", NULL);
}
