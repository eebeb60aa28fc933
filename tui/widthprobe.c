/*
 * widthprobe.c: the start-up width probe; see widthprobe.h. It runs
 * before curses takes the terminal, with its own raw mode (termios, no
 * curses: only tui/draw.c may use that), and its only output is the
 * fixed probe strings and CSI 6 n (security.md 7.4). What it decides
 * reaches the screen through the sanitiser's session default.
 */
#include "config.h"
#include "widthprobe.h"

#include <errno.h>
#include <langinfo.h>
#include <poll.h>
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
		return 0;
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
widthprobe_run(struct widthprobe_result *r, int in, int out,
    bool no_probe, const char *display_unicode)
{
	struct termios saved, raw;
	const char *cs;
	unsigned c;

	memset(r, 0, sizeof *r);
	for (c = 0; c < WIDTHPROBE_NCLASSES; c++) {
		r->measured[c] = -1;
		r->expected[c] = widthprobe_expected((enum widthprobe_class)c);
	}
	if (!widthprobe_wanted(isatty(in), isatty(out), no_probe,
	    display_unicode)) {
		r->why = no_probe ? "--no-probe" :
		    !isatty(in) || !isatty(out) ? "not a terminal" :
		    "display.unicode is ascii";
		return;
	}
	cs = nl_langinfo(CODESET);
	if (cs == NULL || (strcmp(cs, "UTF-8") != 0 &&
	    strcmp(cs, "utf8") != 0)) {
		r->why = "the locale is not UTF-8";
		return;
	}
	if (tcgetattr(in, &saved) < 0) {
		r->why = "the terminal's settings cannot be read";
		return;
	}
	/* Raw for the probe: no echo of the report, no line editing, and
	 * no signal from a key typed meanwhile (it is discarded). */
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(in, TCSANOW, &raw) < 0) {
		r->why = "the terminal cannot be put in raw mode";
		return;
	}
	widthprobe_measure(in, out, WIDTHPROBE_TIMEOUT_MS, r->measured);
	(void)tcsetattr(in, TCSANOW, &saved);
	r->ran = true;
	widthprobe_fake(getenv("QUIRE_TEST_WIDTHPROBE"), r->measured,
	    r->faked);
	r->distrust = widthprobe_decide(r->measured, r->expected);
}

bool
widthprobe_session(bool no_probe, const char *display_unicode)
{
	struct widthprobe_result r;

	widthprobe_run(&r, STDIN_FILENO, STDOUT_FILENO, no_probe,
	    display_unicode);
	sanitize_default_distrust_set(r.distrust);
	return (r.distrust & (1u << WIDTHPROBE_AMBIGUOUS)) != 0;
}
