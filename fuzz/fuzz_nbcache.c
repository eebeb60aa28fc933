/*
 * fuzz_nbcache.c: the notebook cache's entry reader on any bytes, as a
 * disk error, a crash during a write or a hand-edited file could leave
 * them. The input is tried twice: as a whole entry (header, key and
 * checksum checked first), and as the body of an entry with a sound
 * header and checksum, which is what reaches the body's parser. Beyond
 * "no crash": an accepted entry must write back as an entry that is
 * accepted again, and give the same cells.
 */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "nb.h"
#include "nbcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_nbcache_again(const unsigned char *key, struct nb *nb, struct ana *ana)
{
	struct buf e = BUF_INIT;
	struct ana *lazy = ana_new_lazy();
	struct nb *back = NULL;
	size_t i, la, lb;

	/* Every analysis is in ana: encoding starts no interpreter. */
	assert(nbcache_encode(&e, key, nb, ana) == 0);
	assert(nbcache_decode(&back, lazy, key, e.ptr, e.len) == 0);
	assert(nb_ncells(back) == nb_ncells(nb));
	for (i = 0; i < nb_ncells(nb); i++) {
		const char *a = nb_cell_source(nb_cell_at(nb, i), &la);
		const char *b = nb_cell_source(nb_cell_at(back, i), &lb);

		assert(la == lb && memcmp(a, b, la) == 0);
		assert(nb_cell_id(nb_cell_at(nb, i)) ==
		    nb_cell_id(nb_cell_at(back, i)));
	}
	nb_free(back);
	ana_free(lazy);
	buf_release(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[NBCACHE_KEY_LEN] = { 'q', 'n', 'b' };
	struct ana *ana = ana_new_lazy();
	struct nb *nb = NULL;
	struct buf e = BUF_INIT;

	if (nbcache_decode(&nb, ana, key, data, size) == 0) {
		fuzz_nbcache_again(key, nb, ana);
		nb_free(nb);
	}
	nbcache_wrap(&e, key, data, size);
	if (nbcache_decode(&nb, ana, key, e.ptr, e.len) == 0) {
		fuzz_nbcache_again(key, nb, ana);
		nb_free(nb);
	}
	buf_release(&e);
	ana_free(ana);
	return 0;
}
