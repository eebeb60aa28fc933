/*
 * check_utf8.c: decoding by maximal subparts, and display widths.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Decode all of s, writing the code points to out; returns how many. */
static size_t
decode_all(const char *s, size_t len, uint32_t *out)
{
	size_t off = 0, n = 0;

	while (off < len)
		off += utf8_next(s + off, len - off, &out[n++], NULL);
	return n;
}

START_TEST(test_utf8_ascii_and_multibyte)
{
	uint32_t cp[8];

	ck_assert_uint_eq(decode_all("a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80",
	    10, cp), 4);
	ck_assert_uint_eq(cp[0], 'a');
	ck_assert_uint_eq(cp[1], 0xE9);
	ck_assert_uint_eq(cp[2], 0x4E2D);
	ck_assert_uint_eq(cp[3], 0x1F600);
}
END_TEST

START_TEST(test_utf8_maximal_subparts)
{
	uint32_t cp[8];
	bool ok;

	/* Overlong C0 80: two replacement characters, one per byte. */
	ck_assert_uint_eq(decode_all("\xc0\x80", 2, cp), 2);
	ck_assert_uint_eq(cp[0], UTF8_REPLACEMENT);
	/* Truncated 3-byte sequence then ASCII: one U+FFFD, then 'x'. */
	ck_assert_uint_eq(decode_all("\xe4\xb8x", 3, cp), 2);
	ck_assert_uint_eq(cp[0], UTF8_REPLACEMENT);
	ck_assert_uint_eq(cp[1], 'x');
	/* Surrogate ED A0 80: ED alone is the subpart, then two strays. */
	ck_assert_uint_eq(decode_all("\xed\xa0\x80", 3, cp), 3);
	/* Above U+10FFFF. */
	ck_assert_uint_eq(utf8_next("\xf4\x90\x80\x80", 4, cp, &ok), 1);
	ck_assert(!ok);
	/* A C1 byte is never a control: it is ill-formed on its own. */
	ck_assert_uint_eq(utf8_next("\x9b", 1, cp, &ok), 1);
	ck_assert(!ok);
	ck_assert_uint_eq(cp[0], UTF8_REPLACEMENT);
}
END_TEST

START_TEST(test_utf8_never_reads_past_len)
{
	uint32_t cp;
	char *p = malloc(1);

	p[0] = '\xf0';
	ck_assert_uint_eq(utf8_next(p, 1, &cp, NULL), 1);
	ck_assert_uint_eq(cp, UTF8_REPLACEMENT);
	free(p);
}
END_TEST

START_TEST(test_utf8_encode_round_trip)
{
	uint32_t samples[] = { 0x41, 0xE9, 0x800, 0xFFFD, 0x10000, 0x10FFFF };
	char out[4];
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		n = utf8_encode(samples[i], out);
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_eq(utf8_next(out, n, &cp, NULL), n);
		ck_assert_uint_eq(cp, samples[i]);
	}
	ck_assert_uint_eq(utf8_encode(0xD800, out), 0);
	ck_assert_uint_eq(utf8_encode(0x110000, out), 0);
}
END_TEST

START_TEST(test_utf8_widths)
{
	ck_assert_int_eq(utf8_width('a'), 1);
	ck_assert_int_eq(utf8_width(0x1B), -1);
	ck_assert_int_eq(utf8_width(0x9B), -1);
	ck_assert_int_eq(utf8_width(0x7F), -1);
	ck_assert_int_eq(utf8_width(0x301), 0);		/* combining acute */
	ck_assert_int_eq(utf8_width(0x200B), 0);	/* zero width space */
	ck_assert_int_eq(utf8_width(0x202E), 0);	/* RLO: format */
	ck_assert_int_eq(utf8_width(0xFE0F), 0);	/* VS16 */
	ck_assert_int_eq(utf8_width(0x4E2D), 2);	/* CJK */
	ck_assert_int_eq(utf8_width(0xFF21), 2);	/* fullwidth A */
	ck_assert_int_eq(utf8_width(0x1F600), 2);	/* emoji */
	ck_assert_int_eq(utf8_width(0xE9), 1);
	ck_assert_uint_eq(utf8_str_width("e\xcc\x81\xe4\xb8\xad", 6), 3);
}
END_TEST

START_TEST(test_utf8_valid)
{
	ck_assert(utf8_valid("h\xc3\xa9llo", 6));
	ck_assert(!utf8_valid("h\xc3llo", 5));
	ck_assert(utf8_valid("", 0));
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_utf8_ascii_and_multibyte);
	tcase_add_test(tc, test_utf8_maximal_subparts);
	tcase_add_test(tc, test_utf8_never_reads_past_len);
	tcase_add_test(tc, test_utf8_encode_round_trip);
	tcase_add_test(tc, test_utf8_widths);
	tcase_add_test(tc, test_utf8_valid);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(utf8_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
