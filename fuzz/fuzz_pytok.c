/*
 * fuzz_pytok.c: the Python tokenizer on any bytes. Beyond "no crash, no
 * read past the end", every token list must keep the invariants callers
 * walk by: tokens in order and inside the text, line and column agreeing
 * with the offsets, brackets never negative, INDENTs and DEDENTs
 * balanced, one ENDMARKER last. A broken invariant aborts, which
 * libFuzzer reports as a crash.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pytok.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t *
fuzz_pytok_line_starts(const char *src, size_t len, size_t *nlines)
{
	size_t *starts, n, i;

	n = 1;
	for (i = 0; i < len; i++)
		if (src[i] == '\n' || (src[i] == '\r' &&
		    (i + 1 == len || src[i + 1] != '\n')))
			n++;
	starts = xreallocarray(NULL, n, sizeof *starts);
	n = 0;
	starts[n++] = 0;
	for (i = 0; i < len; i++) {
		if (src[i] == '\r' && i + 1 < len && src[i + 1] == '\n')
			continue;
		if (src[i] == '\n' || src[i] == '\r')
			starts[n++] = i + 1;
	}
	*nlines = n;
	return starts;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct pytok *toks;
	const struct pytok *t;
	size_t *starts, nlines, n, i, last, pfx;
	long indents;
	bool ok;

	toks = pytok_scan(src, size, &n, &ok);
	starts = fuzz_pytok_line_starts(src, size, &nlines);
	if (n == 0 || toks[n - 1].type != PYTOK_ENDMARKER)
		abort();
	indents = 0;
	last = 0;
	for (i = 0; i < n; i++) {
		t = &toks[i];
		if (t->type == PYTOK_ENDMARKER && i != n - 1)
			abort();
		if (t->off > size || t->len > size - t->off || t->off < last)
			abort();
		if (t->depth < 0 || t->line < 1 || t->end_line < t->line)
			abort();
		last = t->off + t->len;
		if (t->type == PYTOK_INDENT)
			indents++;
		if (t->type == PYTOK_DEDENT && --indents < 0)
			abort();
		if (t->type == PYTOK_NAME)
			(void)pytok_is_keyword(src + t->off, t->len);
		if (t->type == PYTOK_STRING) {
			pfx = pytok_string_prefix_len(src + t->off, t->len);
			if (pfx > 2 || pfx >= t->len)
				abort();
		}
		if (t->off == size && t->len == 0)
			continue;	/* the tokens after the text */
		if (t->line > nlines || starts[t->line - 1] + t->col != t->off)
			abort();
		if (t->end_line > nlines ||
		    starts[t->end_line - 1] + t->end_col != t->off + t->len)
			abort();
	}
	if (indents != 0)
		abort();
	free(starts);
	free(toks);
	return 0;
}
