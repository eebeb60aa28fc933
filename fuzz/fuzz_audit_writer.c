/*
 * fuzz_audit_writer.c: the parser quire-audit-writer runs on every
 * message from quire (src/auditwire.c), on any bytes: a hostile user
 * controls the pipe. Beyond "no crash, no read past the frame": a
 * refusal says why; what is accepted, encoded again, decodes again,
 * and a second encoding is the same bytes (the two sides agree).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auditwire.h"
#include "buf.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct auditwire_msg m, m2;
	struct buf a = BUF_INIT, b = BUF_INIT;
	unsigned char *copy;

	/* An exact-size copy, so a read past the end is caught. */
	copy = malloc(size > 0 ? size : 1);
	if (copy == NULL)
		return 0;
	if (size > 0)
		memcpy(copy, data, size);
	if (auditwire_decode(&m, copy, size) < 0) {
		if (err_last() == NULL || *err_last() == '\0')
			abort();
	} else if (m.kind == AUDITWIRE_RECORD) {
		if (auditwire_encode(&a, &m.ev) < 0)
			abort();
		if (auditwire_decode(&m2, (unsigned char *)a.ptr + 4,
		    a.len - 4) < 0)
			abort();
		if (auditwire_encode(&b, &m2.ev) < 0 || a.len != b.len ||
		    memcmp(a.ptr, b.ptr, a.len) != 0)
			abort();
		auditwire_msg_release(&m2);
	}
	auditwire_msg_release(&m);
	buf_release(&a);
	buf_release(&b);
	free(copy);
	err_clear();
	return 0;
}
