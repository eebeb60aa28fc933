/*
 * cli_doctor.c: `quire doctor`, the facts about this terminal that
 * decide how the editor draws: TERM and its colours, the locale, tmux,
 * the display.unicode setting, and the start-up width probe's result per
 * class of characters (security.md 7.2.4), each with the width table's
 * and the C library's width beside the one the terminal measured. It
 * changes nothing and always exits 0; a question it cannot answer is
 * printed as such.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "buf.h"
#include "cli.h"
#include "draw.h"
#include "err.h"
#include "sanitize.h"
#include "widthprobe.h"

/* A value from the environment or the system, as a FIELD: it may hold
 * anything. NULL is "(unset)". */
static void
cli_doctor_put(const char *label, const char *value, const char *note)
{
	struct buf b = BUF_INIT;

	if (value == NULL)
		buf_adds(&b, "(unset)");
	else
		sanitize_to_buf(&b, SANITIZE_FIELD, value, strlen(value));
	printf("%-12s%s%s\n", label, b.ptr, note != NULL ? note : "");
	buf_release(&b);
}

/* What the C library (and so curses) says the probe string takes. */
static int
cli_doctor_libc_width(const char *s)
{
	wchar_t w[8];
	size_t n;

	n = mbstowcs(w, s, sizeof w / sizeof w[0] - 1);
	if (n == (size_t)-1)
		return -1;
	w[n] = L'\0';
	return wcswidth(w, n);
}

/* all_markers: why every non-ASCII character is a marker anyway, or
 * NULL. */
static void
cli_doctor_probe(const struct widthprobe_result *r, const char *all_markers)
{
	static const char *const cps[WIDTHPROBE_NCLASSES] = {
		[WIDTHPROBE_WIDE] = "U+4E00",
		[WIDTHPROBE_EMOJI] = "U+1F600",
		[WIDTHPROBE_AMBIGUOUS] = "U+00A7",
		[WIDTHPROBE_COMBINING] = "e U+0301",
	};
	struct buf b = BUF_INIT, line = BUF_INIT;
	unsigned c;

	if (!r->ran)
		printf("%-12snot run: %s\n", "width probe", r->why);
	else
		printf("%-12sran (CSI 6 n, %d ms per class)\n", "width probe",
		    WIDTHPROBE_TIMEOUT_MS);
	printf("  %-10s %-9s %5s %5s %9s\n", "class", "probe", "table",
	    "libc", "terminal");
	for (c = 0; c < WIDTHPROBE_NCLASSES; c++) {
		enum widthprobe_class k = (enum widthprobe_class)c;

		buf_reset(&b);
		if (r->measured[c] >= 0)
			buf_addf(&b, "%d", r->measured[c]);
		else
			buf_adds(&b, "-");
		buf_reset(&line);
		buf_addf(&line, "  %-10s %-9s %5d %5d %9s  %s%s",
		    widthprobe_name(k), cps[c], r->expected[c],
		    cli_doctor_libc_width(widthprobe_string(k)), b.ptr,
		    !r->ran ? "" : r->measured[c] < 0 ? "no answer" :
		    (r->distrust & (1u << c)) ? "differs: markers" : "ok",
		    r->faked[c] ? " (faked)" : "");
		buf_rtrim(&line);
		printf("%s\n", line.ptr);
	}
	buf_release(&line);
	buf_reset(&b);
	for (c = 0; c < WIDTHPROBE_NCLASSES; c++)
		if (r->distrust & (1u << c))
			buf_addf(&b, "%s%s", b.len > 0 ? ", " : "",
			    widthprobe_name((enum widthprobe_class)c));
	if (all_markers != NULL)
		printf("%-12severything but ASCII (%s)\n", "markers",
		    all_markers);
	else if (b.len == 0)
		printf("%-12snone: every class is drawn as characters\n",
		    "markers");
	else
		printf("%-12s%s drawn as <U+XXXX>%s\n", "markers", b.ptr,
		    (r->distrust & (1u << WIDTHPROBE_AMBIGUOUS)) ?
		    "; the screen is ASCII only" : "");
	buf_release(&b);
}

int
cli_doctor(int argc, char **argv)
{
	struct widthprobe_result r;
	struct config *cfg;
	struct buf warn = BUF_INIT, note = BUF_INIT;
	const char *cs, *unicode, *term, *v, *tmux = getenv("TMUX");
	const char *nc = getenv("NO_COLOR");
	bool no_probe = false, rgb, utf8;
	int i, ncolors;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-probe") == 0)
			no_probe = true;
		else
			return cli_usage_error("doctor", "unexpected argument "
			    "%s", argv[i]);
	}
	if ((cfg = config_load_lenient(NULL, &warn)) == NULL) {
		buf_addf(&warn, "%s", err_last());
		cfg = config_new();
	}
	unicode = config_get(cfg, "display.unicode", "auto");
	/* The probe first: it wants the cursor on a line of its own. */
	widthprobe_run(&r, STDIN_FILENO, STDOUT_FILENO, no_probe, unicode);

	cli_doctor_put("TERM", getenv("TERM"), NULL);
	ncolors = getenv("TERM") != NULL ? draw_terminfo_colors(&rgb) : -1;
	if (ncolors < 0)
		buf_adds(&note, "terminfo does not know this terminal type");
	else
		buf_addf(&note, "%d (terminfo), truecolour %s", ncolors,
		    rgb ? "yes" : "no");
	if (nc != NULL && nc[0] != '\0')
		buf_adds(&note, "; NO_COLOR is set: none drawn");
	cli_doctor_put("colours", note.ptr, NULL);
	cs = nl_langinfo(CODESET);
	utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
	buf_reset(&note);
	buf_addf(&note, ", codeset %s", cs != NULL ? cs : "?");
	cli_doctor_put("locale", setlocale(LC_CTYPE, NULL), note.ptr);
	/* TMUX is the sure sign; TERM is what is left under env -i. */
	term = getenv("TERM");
	if (tmux != NULL && tmux[0] != '\0')
		v = "yes (TMUX is set): the probe measures tmux's widths";
	else if (term != NULL && strncmp(term, "tmux", 4) == 0)
		v = "yes (TERM; TMUX unset): the probe measures tmux's widths";
	else
		v = "no";
	cli_doctor_put("tmux", v, NULL);
	cli_doctor_put("terminal", isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO) ? "standard input and output" :
	    "not both of standard input and output", NULL);
	buf_reset(&note);
	buf_addf(&note, "display.unicode = %s", unicode);
	cli_doctor_put("display", note.ptr, NULL);
	cli_doctor_probe(&r, strcmp(unicode, "ascii") == 0 ?
	    "display.unicode = ascii" : !utf8 ? "the locale is not UTF-8" :
	    NULL);
	buf_rtrim(&warn);
	if (warn.len > 0)
		cli_doctor_put("config", warn.ptr, NULL);
	buf_release(&warn);
	buf_release(&note);
	config_free(cfg);
	return 0;
}
