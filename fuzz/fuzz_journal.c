/*
 * fuzz_journal.c: the recovery journal's reader on any bytes, as a crash,
 * a full disk or a stray write could leave a journal. Each input is
 * replayed twice onto a three-cell notebook: once with the file's
 * snapshot unknown (cells matched by content) and once as if the
 * notebook were the empty file the seed journals started from (cells
 * matched by position). Beyond "no crash": what recovery reports must
 * name cells the notebook has, and a journal that is not one fails
 * cleanly. The seeds in corpus/journal/ were written by journal.c itself
 * over an empty notebook file.
 */
#include "config.h"
#include "journal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "nb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct nb *
fuzz_journal_nb(void)
{
	static const char *const src[] = { "a = 1", "b = a + 1", "print(b)" };
	struct nb *nb = nb_new();
	size_t i;

	for (i = 0; i < 3; i++)
		(void)nb_cell_insert(nb, i, src[i], strlen(src[i]));
	return nb;
}

static void
fuzz_journal_one(const uint8_t *data, size_t size,
    const struct journal_stat *base)
{
	struct journal_recovery *rec = NULL;
	struct nb *nb = fuzz_journal_nb();
	size_t i;

	if (journal_replay(&rec, (const char *)data, size, base, nb) < 0) {
		if (rec != NULL)
			abort();
	} else if (rec != NULL) {
		if (rec->ncells > nb_ncells(nb))
			abort();
		for (i = 0; i < rec->ncells; i++)
			if (nb_cell_find(nb, rec->cells[i]) == NULL)
				abort();
		if (!nb_is_dirty(nb))
			abort();
	}
	journal_recovery_free(rec);
	nb_free(nb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal_stat empty;

	memset(&empty, 0, sizeof empty);
	empty.exists = true;
	if (sodium_init() < 0)
		abort();
	crypto_generichash(empty.hash, sizeof empty.hash, NULL, 0, NULL, 0);
	fuzz_journal_one(data, size, NULL);
	fuzz_journal_one(data, size, &empty);
	return 0;
}
