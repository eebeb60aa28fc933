/*
 * fuzz_config.c: the settings-file parser on any bytes, strictly and
 * leniently. Beyond "no crash": what the strict parser accepts, the
 * lenient one accepts without a warning and with the same values; every
 * value either parser keeps passes the schema again (so a caller can
 * trust config_get); and the first line, read as a :set argument, never
 * leaves a value the schema rejects.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_config_valid(const struct config *c)
{
	const struct config_key *k = NULL;
	const char *v;
	size_t n, i;

	k = config_schema(&n);
	for (i = 0; i < n; i++) {
		v = config_get(c, k[i].name, NULL);
		if (v != NULL && config_check(k[i].name, v) < 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct config *strict, *lenient, *set;
	struct buf warnings = BUF_INIT;
	const struct config_key *k;
	const char *a, *b;
	char *line;
	size_t n, i;

	strict = config_parse("fuzz", p, size, false, NULL);
	lenient = config_parse("fuzz", p, size, true, &warnings);
	if (strict != NULL) {
		if (lenient == NULL || warnings.len != 0)
			abort();
		k = config_schema(&n);
		for (i = 0; i < n; i++) {
			a = config_get(strict, k[i].name, NULL);
			b = config_get(lenient, k[i].name, NULL);
			if ((a == NULL) != (b == NULL) ||
			    (a != NULL && strcmp(a, b) != 0))
				abort();
		}
		fuzz_config_valid(strict);
	}
	if (lenient != NULL)
		fuzz_config_valid(lenient);
	/* The first line as typed after :set. */
	for (n = 0; n < size && p[n] != '\n' && p[n] != '\0'; n++)
		;
	line = xstrndup(p, n);
	set = config_new();
	(void)config_set_arg(set, line);
	fuzz_config_valid(set);
	config_free(set);
	free(line);
	config_free(strict);
	config_free(lenient);
	buf_release(&warnings);
	return 0;
}
