/*
 * fuzz_marimo.c: marimo's .py reader and writer on any bytes. Reading may
 * fail (a script that is no notebook, a syntax error before the first
 * cell), but what reads must write, and what quire writes must read
 * back: the writer never produces a file its own reader refuses. And a
 * read that may take the fast path (an analyzer at hand) makes what a
 * read through CPython's tree makes. A broken promise aborts, which
 * libFuzzer reports as a crash.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* The fast path's read and CPython's agree on everything the model
 * holds that a reader sets. */
static void
fuzz_marimo_same_as_cpython(const uint8_t *data, size_t size,
    struct nb *fast, const struct buf *fast_out)
{
	struct nb *slow = NULL;
	struct buf out = BUF_INIT;
	size_t i, n, m;
	const char *a, *b;

	if (fmt_marimo_parse(&slow, "fuzz.py", (const char *)data, size,
	    NULL) < 0)
		abort();
	if (fmt_marimo_format(&out, slow, fuzz_marimo_ana) < 0 ||
	    out.len != fast_out->len ||
	    memcmp(out.ptr, fast_out->ptr, out.len) != 0 ||
	    nb_load_status(slow) != nb_load_status(fast) ||
	    nb_ndiags(slow) != nb_ndiags(fast) ||
	    nb_ncells(slow) != nb_ncells(fast))
		abort();
	for (i = 0; i < nb_ncells(slow); i++) {
		a = nb_cell_source(nb_cell_at(slow, i), &n);
		b = nb_cell_source(nb_cell_at(fast, i), &m);
		if (n != m || memcmp(a, b, n) != 0 ||
		    nb_cell_line(nb_cell_at(slow, i)) !=
		    nb_cell_line(nb_cell_at(fast, i)))
			abort();
	}
	nb_free(slow);
	buf_release(&out);
}

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
	if (fmt_marimo_fast_accepts((const char *)data, size))
		fuzz_marimo_same_as_cpython(data, size, nb, &out);
	if (fmt_marimo_parse(&back, "back.py", out.ptr, out.len,
	    fuzz_marimo_ana) < 0 || back == NULL)
		abort();
	nb_free(back);
	nb_free(nb);
	buf_release(&out);
	return 0;
}
