/*
 * check_buf.c: the buffer and error slot every module leans on.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"

START_TEST(test_buf_init_is_empty_string)
{
	struct buf b = BUF_INIT;

	ck_assert_ptr_nonnull(b.ptr);
	ck_assert_str_eq(b.ptr, "");
	ck_assert_uint_eq(b.len, 0);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_add_keeps_nul_bytes)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "a\0b", 3);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_int_eq(memcmp(b.ptr, "a\0b", 3), 0);
	ck_assert_int_eq(b.ptr[3], '\0');
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_addf_grows)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i);
	ck_assert_uint_eq(b.len, strlen(b.ptr));
	ck_assert_int_eq(strncmp(b.ptr, "0,1,2,", 6), 0);
	ck_assert_int_eq(strcmp(b.ptr + b.len - 4, "999,"), 0);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_rtrim_and_detach)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t n;

	buf_adds(&b, "x = 1 \n\t\n");
	buf_rtrim(&b);
	s = buf_detach(&b, &n);
	ck_assert_str_eq(s, "x = 1");
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(b.len, 0);
	free(s);
}
END_TEST

START_TEST(test_err_prefix_names_file)
{
	err_set("line %d: unclosed string", 3);
	err_prefix("nb.py");
	ck_assert_str_eq(err_last(), "nb.py: line 3: unclosed string");
	err_clear();
	ck_assert_str_eq(err_last(), "");
}
END_TEST

START_TEST(test_buf_read_file_limits)
{
	char dir[] = "/tmp/check_buf_XXXXXX";
	struct buf b = BUF_INIT, path = BUF_INIT;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	buf_addf(&path, "%s/f", dir);
	ck_assert_int_eq(buf_read_file(&b, path.ptr, 10, "test"), 1);
	f = fopen(path.ptr, "w");
	ck_assert_ptr_nonnull(f);
	fputs("hello", f);
	fclose(f);
	buf_adds(&b, ">");
	ck_assert_int_eq(buf_read_file(&b, path.ptr, 10, "test"), 0);
	ck_assert_str_eq(b.ptr, ">hello");
	/* Too large: nothing appended, and the message names the file. */
	ck_assert_int_eq(buf_read_file(&b, path.ptr, 4, "test"), -1);
	ck_assert_str_eq(b.ptr, ">hello");
	ck_assert(strstr(err_last(), "larger than 4 bytes: not a test") !=
	    NULL);
	ck_assert_int_eq(buf_read_file(&b, dir, 10, "test"), -1);
	ck_assert(strstr(err_last(), "not a regular file") != NULL);
	unlink(path.ptr);
	rmdir(dir);
	buf_release(&b);
	buf_release(&path);
}
END_TEST

static Suite *
buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_buf_init_is_empty_string);
	tcase_add_test(tc, test_buf_add_keeps_nul_bytes);
	tcase_add_test(tc, test_buf_addf_grows);
	tcase_add_test(tc, test_buf_rtrim_and_detach);
	tcase_add_test(tc, test_err_prefix_names_file);
	tcase_add_test(tc, test_buf_read_file_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(buf_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
