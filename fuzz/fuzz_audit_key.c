/*
 * fuzz_audit_key.c: the auditor key file's parser (PATH.key, read by
 * audit_akey_load() before any cryptography) on any bytes, as a
 * truncated copy, a stray edit or a hostile file could leave it. Beyond
 * "no crash": every refusal names the file and the line; and what the
 * parser accepts, written out again in the file's own form, parses to
 * the same fields (the writer and the reader agree).
 */
#include "config.h"
#include "audit_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_hex(struct buf *b, const char *name, const unsigned char *p, size_t n)
{
	size_t i;

	buf_addf(b, "%s ", name);
	for (i = 0; i < n; i++)
		buf_addf(b, "%02x", p[i]);
	buf_addc(b, '\n');
}

/* The key file as audit_akey_save() writes it. */
static void
fuzz_akey_write(struct buf *b, const struct audit_akey *k)
{
	buf_adds(b, "quire-audit-key 1\n");
	fuzz_hex(b, "log_id", k->log_id, sizeof k->log_id);
	fuzz_hex(b, "box_pk", k->box_pk, sizeof k->box_pk);
	fuzz_hex(b, "sign_pk", k->sign_pk, sizeof k->sign_pk);
	buf_adds(b, "alg argon2id13\n");
	buf_addf(b, "ops %llu\n", (unsigned long long)k->ops);
	buf_addf(b, "mem %llu\n", (unsigned long long)k->mem);
	fuzz_hex(b, "salt", k->salt, sizeof k->salt);
	fuzz_hex(b, "kek_nonce", k->kek_nonce, sizeof k->kek_nonce);
	fuzz_hex(b, "kek", k->kek, sizeof k->kek);
	fuzz_hex(b, "sk_nonce", k->sk_nonce, sizeof k->sk_nonce);
	fuzz_hex(b, "box_sk", k->box_sk, sizeof k->box_sk);
	buf_adds(b, "end 1\n");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audit_akey k, again;
	struct buf b = BUF_INIT;

	if (audit_akey_parse(&k, "fuzz.key", (const char *)data, size) < 0) {
		if (strncmp(err_last(), "fuzz.key:", 9) != 0)
			abort();
		err_clear();
		return 0;
	}
	fuzz_akey_write(&b, &k);
	if (audit_akey_parse(&again, "again.key", b.ptr, b.len) < 0 ||
	    memcmp(&k, &again, sizeof k) != 0)
		abort();
	buf_release(&b);
	return 0;
}
