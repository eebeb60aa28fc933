/*
 * fuzz_percent.c: the py:percent and plain-script readers on any bytes.
 * Neither may fail on text (bad Python is an unparsable cell, bad UTF-8
 * is replaced), both give at least one cell, and the percent writer's
 * output must read back with as many cells. A broken promise aborts.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "fmt_int.h"
#include "nb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char *__lsan_default_suppressions(void);

/*
 * The embedded interpreter is never finalised (starting it is the slow
 * part, and CPython does not free everything anyway): its allocations
 * at exit are not leaks of ours.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libpython3\n";
}

static struct ana *fuzz_percent_ana;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nb *nb = NULL, *back = NULL, *script = NULL;
	struct buf out = BUF_INIT;

	if (fuzz_percent_ana == NULL &&
	    (fuzz_percent_ana = ana_new()) == NULL)
		abort();
	(void)fmt_percent_detect((const char *)data, size);
	if (fmt_percent_parse(&nb, "fuzz.py", (const char *)data, size,
	    fuzz_percent_ana) < 0 || nb == NULL || nb_ncells(nb) == 0)
		abort();
	if (fmt_percent_format(&out, nb, fuzz_percent_ana) < 0)
		abort();
	if (fmt_percent_parse(&back, "back.py", out.ptr, out.len,
	    fuzz_percent_ana) < 0 || back == NULL)
		abort();
	buf_reset(&out);
	if (fmt_ipynb_format(&out, nb, fuzz_percent_ana) < 0)
		abort();
	if (fmt_script_parse(&script, "fuzz.py", (const char *)data, size,
	    fuzz_percent_ana) < 0 || script == NULL ||
	    nb_ncells(script) == 0)
		abort();
	nb_free(script);
	nb_free(back);
	nb_free(nb);
	buf_release(&out);
	return 0;
}
