/*
 * fuzz_termreply.c: the terminal's answers quire parses at start-up
 * (tui/widthprobe.c): the cursor position report ESC [ row ; col R of
 * the width probe, the DA1 answer ESC [ ? Ps ; ... c of the graphics
 * choice, and the QUIRE_TEST_WIDTHPROBE setting. Whatever the terminal
 * (or a program writing to it) sends:
 *
 * - an accepted report uses no more bytes than given, ends in its final
 *   byte, and its row and column are 1-9999;
 * - the answer for every prefix agrees with the whole: a proper prefix
 *   of an accepted report asks for more (0), a refused prefix stays
 *   refused, and an accepted one stays accepted the same way;
 * - "wait for more" (0) is said only when some completion would be
 *   accepted, so a stray reply never makes the probe wait for nothing
 *   until its timeout.
 *
 * Byte 0 picks the parser; the rest is the reply.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/widthprobe.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_termreply_result {
	int rc;
	unsigned row, col;
	bool sixel;
	size_t used;
};

static void
fuzz_termreply_parse(int which, const char *p, size_t len,
    struct fuzz_termreply_result *r)
{
	memset(r, 0, sizeof *r);
	if (which == 0)
		r->rc = widthprobe_parse_cpr(p, len, &r->row, &r->col,
		    &r->used);
	else
		r->rc = widthprobe_parse_da1(p, len, &r->sixel, &r->used);
	if (r->rc < -1 || r->rc > 1)
		abort();
	if (r->rc != 1) {
		if (r->used != 0)
			abort();
		return;
	}
	if (r->used < 4 || r->used > len)
		abort();
	if (p[r->used - 1] != (which == 0 ? 'R' : 'c'))
		abort();
	if (which == 0 && (r->row < 1 || r->row > 9999 || r->col < 1 ||
	    r->col > 9999))
		abort();
}

/* Some completion of p[0..len) is accepted. */
static bool
fuzz_termreply_completes(int which, const char *p, size_t len)
{
	static const char *const cpr[] = { "\x1b[1;1R", "[1;1R", "1;1R",
		";1R", "1R", "R", NULL };
	static const char *const da1[] = { "\x1b[?1c", "[?1c", "?1c", "1c",
		"c", NULL };
	const char *const *c = which == 0 ? cpr : da1;
	struct fuzz_termreply_result r;
	char buf[64];
	size_t n;

	if (len + 8 > sizeof buf)
		return true;	/* too long to try here; the prefix rules
				   still hold */
	for (; *c != NULL; c++) {
		memcpy(buf, p, len);
		n = strlen(*c);
		memcpy(buf + len, *c, n);
		fuzz_termreply_parse(which, buf, len + n, &r);
		if (r.rc == 1 && r.used == len + n)
			return true;
	}
	return false;
}

static void
fuzz_termreply_one(int which, const char *p, size_t len)
{
	struct fuzz_termreply_result whole, pre;
	size_t k;

	fuzz_termreply_parse(which, p, len, &whole);
	if (whole.rc == 0 && !fuzz_termreply_completes(which, p, len))
		abort();
	for (k = 0; k < len && k < 256; k++) {
		fuzz_termreply_parse(which, p, k, &pre);
		if (pre.rc == -1 && whole.rc != -1)
			abort();
		if (pre.rc == 1 && (whole.rc != 1 || whole.used != pre.used ||
		    whole.row != pre.row || whole.col != pre.col ||
		    whole.sixel != pre.sixel))
			abort();
		if (whole.rc == 1 && k < whole.used && pre.rc != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int measured[WIDTHPROBE_NCLASSES];
	bool faked[WIDTHPROBE_NCLASSES];
	char *spec;
	size_t i;

	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
	case 1:
		fuzz_termreply_one(data[0] % 3, (const char *)data + 1,
		    size - 1);
		break;
	case 2:
		spec = malloc(size);
		if (spec == NULL)
			return 0;
		memcpy(spec, data + 1, size - 1);
		spec[size - 1] = '\0';
		for (i = 0; i < WIDTHPROBE_NCLASSES; i++) {
			measured[i] = -1;
			faked[i] = false;
		}
		widthprobe_fake(spec, measured, faked);
		for (i = 0; i < WIDTHPROBE_NCLASSES; i++)
			if (measured[i] < -1 || measured[i] > 9 ||
			    faked[i] != (measured[i] >= 0))
				abort();
		(void)widthprobe_decide(measured, measured);
		free(spec);
		break;
	}
	return 0;
}
