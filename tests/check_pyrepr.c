/*
 * check_pyrepr.c: JSON values in Python's spelling. With no flag, what
 * Python 3.11's repr() prints for the same value (the expectations were
 * taken from it): constants, integers past 2^53, floats at the edges of
 * positional notation, strings with quotes, controls, separators and
 * non-ASCII, nested and empty containers; then each flag alone, the
 * three callers' combinations, and a deeply nested list.
 */
#include "config.h"
#include "pyrepr.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"

/* The callers' combinations: richtext.c, tablerender.c, tui/widget.c. */
#define RICHTEXT_FLAGS (PYREPR_BARE | PYREPR_BARE_KEYS | PYREPR_NOESCAPE)
#define TABLE_FLAGS (PYREPR_BARE | PYREPR_JSON_CONTAINERS)
#define FIELD_FLAGS (PYREPR_BARE_ALL | PYREPR_FLOAT_SHORT)

/* v in the spelling flags ask for; takes ownership of v. */
static void
check_value(json_t *v, unsigned flags, const char *want)
{
	struct buf b = BUF_INIT;

	ck_assert_ptr_nonnull(v);
	pyrepr_json_format(&b, v, flags);
	ck_assert_str_eq(b.ptr, want);
	buf_release(&b);
	json_decref(v);
}

/* The JSON text json, parsed, in the spelling flags ask for. */
static void
check_json(const char *json, unsigned flags, const char *want)
{
	json_error_t e;
	json_t *v;

	v = json_loads(json, JSON_DECODE_ANY, &e);
	ck_assert_msg(v != NULL, "%s: %s", json, e.text);
	check_value(v, flags, want);
}

static void
check_float(double x, const char *want)
{
	struct buf b = BUF_INIT;

	pyrepr_float_format(&b, x);
	ck_assert_str_eq(b.ptr, want);
	buf_release(&b);
}

START_TEST(test_pyrepr_constants)
{
	struct buf b = BUF_INIT;

	check_json("null", 0, "None");
	check_json("true", 0, "True");
	check_json("false", 0, "False");
	check_json("[null, true, false]", 0, "[None, True, False]");
	/* A value a JSON object left out reads as None. */
	pyrepr_json_format(&b, NULL, 0);
	ck_assert_str_eq(b.ptr, "None");
	buf_reset(&b);
	pyrepr_json_format(&b, NULL, FIELD_FLAGS);
	ck_assert_str_eq(b.ptr, "None");
	buf_release(&b);
}
END_TEST

START_TEST(test_pyrepr_integers_past_2_53)
{
	check_json("0", 0, "0");
	check_json("-42", 0, "-42");
	/* Integers keep every digit: JSON's numbers are not doubles here. */
	check_json("9007199254740993", 0, "9007199254740993");
	check_json("9223372036854775807", 0, "9223372036854775807");
	check_json("-9223372036854775808", 0, "-9223372036854775808");
	check_value(json_integer(-9007199254740993LL), FIELD_FLAGS,
	    "-9007199254740993");
	/* A real beyond 2^53 was rounded when it was parsed. */
	check_json("9007199254740993.0", 0, "9007199254740992.0");
}
END_TEST

START_TEST(test_pyrepr_floats_as_repr)
{
	check_json("1.0", 0, "1.0");
	check_json("1e20", 0, "1e+20");
	check_json("1e16", 0, "1e+16");
	check_json("1e15", 0, "1000000000000000.0");
	check_json("0.1", 0, "0.1");
	check_json("0.0001", 0, "0.0001");
	check_json("1.5e-5", 0, "1.5e-05");
	check_json("-0.0", 0, "-0.0");
	check_json("123456.789", 0, "123456.789");
	check_json("5e-324", 0, "5e-324");
	check_json("1.7976931348623157e308", 0, "1.7976931348623157e+308");
	check_value(json_real(0.1 + 0.2), 0, "0.30000000000000004");
	check_value(json_real(1.0 / 3), 0, "0.3333333333333333");
	/* jansson holds no nan or inf; the float writer takes them. */
	check_float(NAN, "nan");
	check_float(-NAN, "nan");
	check_float(INFINITY, "inf");
	check_float(-INFINITY, "-inf");
	check_float(2.5, "2.5");
}
END_TEST

START_TEST(test_pyrepr_strings_quoted_as_repr)
{
	check_json("\"abc\"", 0, "'abc'");
	check_json("\"\"", 0, "''");
	/* A ' alone switches to "; both keep ' and escape it. */
	check_json("\"it's\"", 0, "\"it's\"");
	check_json("\"a'b\\\"c\"", 0, "'a\\'b\"c'");
	check_json("\"say \\\"hi\\\"\"", 0, "'say \"hi\"'");
	check_json("\"back\\\\slash\"", 0, "'back\\\\slash'");
}
END_TEST

START_TEST(test_pyrepr_strings_escape_controls)
{
	check_json("\"tab\\there\\nnl\\rcr\"", 0, "'tab\\there\\nnl\\rcr'");
	/* NUL, ESC, DEL, a C1 control, a no-break space. */
	check_value(json_stringn("\0\x1b\x7f\xc2\x85\xc2\xa0", 7), 0,
	    "'\\x00\\x1b\\x7f\\x85\\xa0'");
	/* Zero-width space, line separator, ideographic space, soft
	 * hyphen: invisible, so escaped as Python does. */
	check_json("\"\\u200b\\u2028\\u3000\\u00ad\"", 0,
	    "'\\u200b\\u2028\\u3000\\xad'");
	/* Private use, in the BMP and beyond it. */
	check_json("\"\\ue000\\udb80\\udc00\"", 0, "'\\ue000\\U000f0000'");
	/* A byte that is not UTF-8 (jansson would refuse it; a caller
	 * may not). */
	check_value(json_stringn_nocheck("a\xff" "b", 3), 0, "'a\\xffb'");
}
END_TEST

START_TEST(test_pyrepr_strings_keep_non_ascii)
{
	check_json("\"\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80\"", 0,
	    "'\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80'");
	check_json("\" \"", 0, "' '");
	check_json("{\"\xc3\xa9t\xc3\xa9\": \"\xe2\x82\xac\"}", 0,
	    "{'\xc3\xa9t\xc3\xa9': '\xe2\x82\xac'}");
}
END_TEST

START_TEST(test_pyrepr_containers)
{
	check_json("[]", 0, "[]");
	check_json("{}", 0, "{}");
	check_json("[[]]", 0, "[[]]");
	check_json("[1, [2, [3]], {\"a\": [true, null]}]", 0,
	    "[1, [2, [3]], {'a': [True, None]}]");
	check_json("{\"it's\": 1, \"b\": {\"c\": \"d\"}}", 0,
	    "{\"it's\": 1, 'b': {'c': 'd'}}");
	check_json("[\"x\", 1.0, -2]", 0, "['x', 1.0, -2]");
}
END_TEST

START_TEST(test_pyrepr_deep_nesting)
{
	struct buf json = BUF_INIT, want = BUF_INIT;
	size_t i, depth = 1000;

	/* jansson's parser stops at 2048 levels; the walk goes as deep. */
	for (i = 0; i < depth; i++)
		buf_addc(&json, '[');
	buf_adds(&json, "\"x\"");
	for (i = 0; i < depth; i++)
		buf_addc(&json, ']');
	buf_add(&want, json.ptr, json.len);
	want.ptr[depth] = '\'';
	want.ptr[depth + 2] = '\'';
	check_json(json.ptr, 0, want.ptr);
	/* Bare, the brackets go at every depth. */
	check_json(json.ptr, PYREPR_BARE, "x");
	buf_release(&json);
	buf_release(&want);
}
END_TEST

START_TEST(test_pyrepr_flag_bare)
{
	check_json("\"it's\"", PYREPR_BARE, "it's");
	check_json("[\"apple\", \"pear\"]", PYREPR_BARE, "apple, pear");
	/* Lists within a bare list are bare too. */
	check_json("[[\"a\"], [\"b\", 2]]", PYREPR_BARE, "a, b, 2");
	/* A dict's keys are bare, its values in full. */
	check_json("{\"a\": [1, 2.5], \"b\": null, \"c\": \"x\"}", PYREPR_BARE,
	    "a: [1, 2.5], b: None, c: 'x'");
	check_json("[{\"k\": \"v\"}]", PYREPR_BARE, "k: 'v'");
	check_json("[]", PYREPR_BARE, "");
	check_json("{}", PYREPR_BARE, "");
	check_json("7", PYREPR_BARE, "7");
}
END_TEST

START_TEST(test_pyrepr_flag_bare_all)
{
	check_json("{\"a\": {\"b\": \"c\"}, \"d\": [\"e\", 1]}",
	    PYREPR_BARE_ALL, "a: b: c, d: e, 1");
	check_json("\"it's\"", PYREPR_BARE_ALL, "it's");
	check_json("[[], {}]", PYREPR_BARE_ALL, ", ");
}
END_TEST

START_TEST(test_pyrepr_flag_bare_keys)
{
	check_json("{\"a\": {\"b c\": \"d\"}}", PYREPR_BARE_KEYS,
	    "{a: {b c: 'd'}}");
	check_json("[{\"a\": 1}]", PYREPR_BARE_KEYS, "[{a: 1}]");
}
END_TEST

START_TEST(test_pyrepr_flag_noescape)
{
	check_json("[\"it's\", \"a\\nb\", \"back\\\\\"]", PYREPR_NOESCAPE,
	    "['it's', 'a\nb', 'back\\']");
	check_json("{\"k'\": \"\\u001b\"}", PYREPR_NOESCAPE,
	    "{'k'': '\x1b'}");
}
END_TEST

START_TEST(test_pyrepr_flag_json_containers)
{
	check_json("[1, \"a\", null, true, 1.5]", PYREPR_JSON_CONTAINERS,
	    "[1,\"a\",null,true,1.5]");
	check_json("{\"a\": {\"b\": []}}", PYREPR_JSON_CONTAINERS,
	    "{\"a\":{\"b\":[]}}");
	/* Non-ASCII stays UTF-8. */
	check_json("[\"\xc3\xa9\"]", PYREPR_JSON_CONTAINERS,
	    "[\"\xc3\xa9\"]");
	/* Scalars keep Python's spelling. */
	check_json("null", PYREPR_JSON_CONTAINERS, "None");
	check_json("\"s\"", PYREPR_JSON_CONTAINERS, "'s'");
	check_json("1e20", PYREPR_JSON_CONTAINERS, "1e+20");
}
END_TEST

START_TEST(test_pyrepr_flag_float_short)
{
	check_json("3.0", PYREPR_FLOAT_SHORT, "3.0");
	check_json("2.5", PYREPR_FLOAT_SHORT, "2.5");
	check_json("-0.0", PYREPR_FLOAT_SHORT, "-0.0");
	check_value(json_real(1.0 / 3), PYREPR_FLOAT_SHORT, "0.3333333333");
	/* Where repr() goes positional to 1e16, a field stops at 1e15. */
	check_json("1e15", PYREPR_FLOAT_SHORT, "1e+15");
	check_json("1e14", PYREPR_FLOAT_SHORT, "100000000000000.0");
	check_json("1e20", PYREPR_FLOAT_SHORT, "1e+20");
	check_json("1.5e-5", PYREPR_FLOAT_SHORT, "1.5e-05");
	check_json("[0.1, 2.0]", PYREPR_FLOAT_SHORT, "[0.1, 2.0]");
}
END_TEST

START_TEST(test_pyrepr_callers)
{
	/* A widget's value in `quire run` (check_richtext agrees). */
	check_json("{\"a\": [1, 2.5], \"b\": null}", RICHTEXT_FLAGS,
	    "a: [1, 2.5], b: None");
	check_json("[\"apple\", \"pear\"]", RICHTEXT_FLAGS, "apple, pear");
	check_json("{\"a\": {\"b\": \"it's\"}}", RICHTEXT_FLAGS,
	    "a: {b: 'it's'}");
	/* A table cell. */
	check_json("\"row 1\"", TABLE_FLAGS, "row 1");
	check_json("5.0", TABLE_FLAGS, "5.0");
	check_json("[1, 2]", TABLE_FLAGS, "[1,2]");
	check_json("null", TABLE_FLAGS, "None");
	/* An editor field. */
	check_json("{\"a\": {\"b\": \"c\"}, \"n\": 3.0}", FIELD_FLAGS,
	    "a: b: c, n: 3.0");
	check_json("0.123456789012", FIELD_FLAGS, "0.123456789");
}
END_TEST

static Suite *
pyrepr_suite(void)
{
	Suite *s = suite_create("pyrepr");
	TCase *tc = tcase_create("repr");

	tcase_add_test(tc, test_pyrepr_constants);
	tcase_add_test(tc, test_pyrepr_integers_past_2_53);
	tcase_add_test(tc, test_pyrepr_floats_as_repr);
	tcase_add_test(tc, test_pyrepr_strings_quoted_as_repr);
	tcase_add_test(tc, test_pyrepr_strings_escape_controls);
	tcase_add_test(tc, test_pyrepr_strings_keep_non_ascii);
	tcase_add_test(tc, test_pyrepr_containers);
	tcase_add_test(tc, test_pyrepr_deep_nesting);
	suite_add_tcase(s, tc);
	tc = tcase_create("flags");
	tcase_add_test(tc, test_pyrepr_flag_bare);
	tcase_add_test(tc, test_pyrepr_flag_bare_all);
	tcase_add_test(tc, test_pyrepr_flag_bare_keys);
	tcase_add_test(tc, test_pyrepr_flag_noescape);
	tcase_add_test(tc, test_pyrepr_flag_json_containers);
	tcase_add_test(tc, test_pyrepr_flag_float_short);
	tcase_add_test(tc, test_pyrepr_callers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pyrepr_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
