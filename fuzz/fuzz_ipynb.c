/*
 * fuzz_ipynb.c: the Jupyter importer on any bytes. It must fail cleanly
 * (-1 with a message naming the file) or give a notebook with at least
 * one cell that every writer of this module can write; the notebook's
 * own ipynb export must read back. A broken promise aborts, which
 * libFuzzer reports as a crash.
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

/* One analyzer for the whole run: starting Python is the slow part. */
static struct ana *fuzz_ipynb_ana;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nb *nb = NULL, *back = NULL;
	struct buf out = BUF_INIT;

	if (fuzz_ipynb_ana == NULL && (fuzz_ipynb_ana = ana_new()) == NULL)
		abort();
	if (fmt_ipynb_parse(&nb, "fuzz.ipynb", (const char *)data, size,
	    fuzz_ipynb_ana) < 0) {
		if (nb != NULL || strncmp(err_last(), "fuzz.ipynb", 10) != 0)
			abort();
		return 0;
	}
	if (nb == NULL || nb_ncells(nb) == 0)
		abort();
	if (fmt_ipynb_format(&out, nb, fuzz_ipynb_ana) < 0)
		abort();
	if (fmt_ipynb_parse(&back, "back.ipynb", out.ptr, out.len,
	    fuzz_ipynb_ana) < 0)
		abort();
	buf_reset(&out);
	if (fmt_percent_format(&out, nb, fuzz_ipynb_ana) < 0)
		abort();
	buf_reset(&out);
	(void)fmt_script_format(&out, nb, fuzz_ipynb_ana);
	nb_free(back);
	nb_free(nb);
	buf_release(&out);
	return 0;
}
