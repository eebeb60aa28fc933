/*
 * fuzz_marimo.c: marimo's .py reader and writer on any bytes. Reading may
 * fail (a script that is no notebook, a syntax error before the first
 * cell), but what reads must write, and what quire writes must read
 * back: the writer never produces a file its own reader refuses. A
 * broken promise aborts, which libFuzzer reports as a crash.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "ana.h"
#include "buf.h"
#include "fmt.h"
#include "fmt_int.h"
#include "nb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char *__lsan_default_suppressions(void);

/* The embedded interpreter is never finalised; what it holds at exit is
 * not a leak of ours. */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libpython3\n";
}

static struct ana *fuzz_marimo_ana;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nb *nb = NULL, *back = NULL;
	struct buf out = BUF_INIT;

	if (fuzz_marimo_ana == NULL &&
	    (fuzz_marimo_ana = ana_new()) == NULL)
		abort();
	(void)fmt_marimo_detect((const char *)data, size);
	if (fmt_marimo_parse(&nb, "fuzz.py", (const char *)data, size,
	    fuzz_marimo_ana) < 0) {
		if (nb != NULL)
			abort();
		return 0;
	}
	if (nb == NULL || nb_ncells(nb) == 0)
		abort();
	if (fmt_marimo_format(&out, nb, fuzz_marimo_ana) < 0)
		abort();
	if (fmt_marimo_parse(&back, "back.py", out.ptr, out.len,
	    fuzz_marimo_ana) < 0 || back == NULL)
		abort();
	nb_free(back);
	nb_free(nb);
	buf_release(&out);
	return 0;
}
