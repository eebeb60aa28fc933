/*
 * check_audit_writer.c: the pipe to quire-audit-writer (src/auditwire.c)
 * and the helper itself (tui/audit_writer.c): malformed messages are
 * refused with a reason and the helper goes on; what the store records
 * as the user comes from the helper's real uid, never from the message;
 * every message is acked; a missing helper fails.
 */
#include "config.h"

#include <check.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "audit.h"
#include "auditwire.h"
#include "buf.h"
#include "err.h"

#define PASS "auditor words"

/* --- the parser ----------------------------------------------------- */

static void
field(struct buf *b, unsigned tag, const char *s, size_t n)
{
	buf_addc(b, (char)tag);
	buf_addc(b, (char)(n >> 8));
	buf_addc(b, (char)n);
	buf_add(b, s, n);
}

/* A RECORD header: kind, type, outcome, duration, size. */
static void
header(struct buf *b, unsigned type, unsigned outcome)
{
	static const char zero[16];

	buf_addc(b, AUDITWIRE_RECORD);
	buf_addc(b, (char)type);
	buf_addc(b, (char)outcome);
	buf_add(b, zero, sizeof zero);
}

static int
decode(const struct buf *b)
{
	struct auditwire_msg m;
	int rc;

	err_clear();
	rc = auditwire_decode(&m, (const unsigned char *)b->ptr, b->len);
	auditwire_msg_release(&m);
	return rc;
}

static void
refused(const struct buf *b, const char *why)
{
	ck_assert_int_eq(decode(b), -1);
	ck_assert_msg(strstr(err_last(), why) != NULL, "%s", err_last());
}

START_TEST(test_audit_writer_round_trip)
{
	const char *params[] = { "x' OR 1=1 --", "42" };
	struct audit_kv kv[] = { { "via", "move" } };
	struct audit_event ev = { .type = AUDIT_SQL_EXEC,
	    .outcome = AUDIT_FAILED, .reason = "OperationalError",
	    .notebook = "/tmp/nb.py", .sql = "select ?, ?",
	    .sql_params = params, .nsql_params = 2, .duration_us = 1234,
	    .size = 99, .extra = kv, .nextra = 1 };
	struct auditwire_msg m;
	struct buf f = BUF_INIT;

	ck_assert_int_eq(auditwire_encode(&f, &ev), 0);
	ck_assert_uint_eq(((unsigned char)f.ptr[2] << 8 |
	    (unsigned char)f.ptr[3]), f.len - 4);
	ck_assert_int_eq(auditwire_decode(&m, (unsigned char *)f.ptr + 4,
	    f.len - 4), 0);
	ck_assert_int_eq(m.kind, AUDITWIRE_RECORD);
	ck_assert_int_eq(m.ev.type, AUDIT_SQL_EXEC);
	ck_assert_int_eq(m.ev.outcome, AUDIT_FAILED);
	ck_assert_str_eq(m.ev.reason, "OperationalError");
	ck_assert_str_eq(m.ev.sql, "select ?, ?");
	ck_assert_uint_eq(m.ev.nsql_params, 2);
	ck_assert_str_eq(m.ev.sql_params[0], "x' OR 1=1 --");
	ck_assert_str_eq(m.ev.sql_params[1], "42");
	ck_assert_uint_eq(m.ev.nextra, 1);
	ck_assert_str_eq(m.ev.extra[0].key, "via");
	ck_assert_str_eq(m.ev.extra[0].value, "move");
	ck_assert_int_eq(m.ev.duration_us, 1234);
	ck_assert_uint_eq(m.ev.size, 99);
	ck_assert_ptr_null(m.ev.target);
	auditwire_msg_release(&m);
	buf_release(&f);
}
END_TEST

START_TEST(test_audit_writer_refuses_malformed)
{
	struct buf b = BUF_INIT;

	refused(&b, "0 bytes");
	buf_addc(&b, 9);
	refused(&b, "unknown kind");
	buf_reset(&b);
	buf_add(&b, "\2\0", 2);
	refused(&b, "a tick has no body");
	buf_reset(&b);
	buf_add(&b, "\1\0\0\0", 4);
	refused(&b, "cut short");
	buf_reset(&b);
	header(&b, AUDIT_EPOCH_SEAL, AUDIT_OK);
	refused(&b, "not accepted");
	buf_reset(&b);
	header(&b, AUDIT_NTYPES, AUDIT_OK);
	refused(&b, "not accepted");
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, 7);
	refused(&b, "unknown outcome");
	/* A length that runs past the frame is never believed. */
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	buf_add(&b, "\2\xff\xff" "abc", 6);
	refused(&b, "past the end");
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	buf_add(&b, "\2\0", 2);
	refused(&b, "field header cut short");
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	field(&b, 2, "a\0b", 3);
	refused(&b, "NUL");
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	field(&b, 2, "a", 1);
	field(&b, 2, "b", 1);
	refused(&b, "twice");
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	field(&b, 99, "a", 1);
	refused(&b, "unknown field");
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	field(&b, 31, "via", 3);
	refused(&b, "a key without its value");
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	field(&b, 32, "move", 4);
	refused(&b, "a value without its key");
	/* Still fine after all that: a plain record and a tick. */
	buf_reset(&b);
	header(&b, AUDIT_CELL_RUN, AUDIT_OK);
	field(&b, 2, "/tmp/nb.py", 10);
	ck_assert_int_eq(decode(&b), 0);
	buf_reset(&b);
	buf_addc(&b, AUDITWIRE_TICK);
	ck_assert_int_eq(decode(&b), 0);
	buf_release(&b);
}
END_TEST

START_TEST(test_audit_writer_frame_length_bounded)
{
	int p[2];
	struct buf b = BUF_INIT;

	ck_assert_int_eq(pipe(p), 0);
	/* Claims 16 MiB: refused before any of it is read. */
	ck_assert_int_eq(write(p[1], "\1\0\0\0" "x", 5), 5);
	(void)close(p[1]);
	ck_assert_int_eq(auditwire_read_frame(p[0], &b, AUDITWIRE_FRAME_MAX),
	    -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "refused"));
	(void)close(p[0]);
	buf_release(&b);
}
END_TEST

/* --- the helper ----------------------------------------------------- */

static char *
helper_path(void)
{
	const char *top = getenv("top_builddir");
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/quire-audit-writer", top != NULL ? top : ".");
	return buf_detach(&b, NULL);
}

static char *
store_new(void)
{
	char tmpl[] = "/tmp/check_audit_writer.XXXXXX";
	struct audit_init_opts o;
	struct buf b = BUF_INIT;

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	buf_addf(&b, "%s/audit.db", tmpl);
	memset(&o, 0, sizeof o);
	o.passphrase = PASS;
	o.passphrase_len = strlen(PASS);
	o.kdf_ops = crypto_pwhash_OPSLIMIT_MIN;
	o.kdf_mem = crypto_pwhash_MEMLIMIT_MIN;
	ck_assert_msg(audit_store_init(b.ptr, &o) == 0, "%s", err_last());
	return buf_detach(&b, NULL);
}

static int
rows_collect(const struct audit_row *row, void *arg)
{
	audit_row_format(arg, row, AUDIT_FORMAT_JSONL);
	return 0;
}

/* The store's entries as JSON lines. */
static void
store_read(const char *store, struct buf *out)
{
	struct audit *a;

	ck_assert_int_eq(audit_log_open(&a, store, 0), 0);
	ck_assert_int_eq(audit_log_unlock(a, NULL, PASS, strlen(PASS)), 0);
	ck_assert_int_eq(audit_query(a, NULL, NULL, rows_collect, out), 0);
	audit_log_close(a);
}

START_TEST(test_audit_writer_stamps_real_identity)
{
	char *helper = helper_path(), *store = store_new();
	struct audit_kv lie[] = { { "uid", "0" }, { "user", "root" } };
	struct passwd *pw = getpwuid(getuid());
	struct auditwire *w;
	struct buf rows = BUF_INIT, want = BUF_INIT;
	struct audit_verify_report rep;
	struct audit *a;

	ck_assert_msg(access(helper, X_OK) == 0, "%s not built", helper);
	ck_assert_msg(auditwire_open(&w, helper, store) == 0, "%s",
	    err_last());
	ck_assert_msg(auditwire_record(w, &(struct audit_event){
	    .type = AUDIT_CELL_RUN, .notebook = "/tmp/nb.py",
	    .cell_name = "load", .extra = lie, .nextra = 2 }) == 0, "%s",
	    err_last());
	ck_assert_int_eq(auditwire_tick(w), 0);
	auditwire_close(w);
	store_read(store, &rows);
	ck_assert_ptr_nonnull(strstr(rows.ptr, "\"CELL_RUN\""));
	buf_addf(&want, "\"uid\":%ld", (long)getuid());
	ck_assert_msg(strstr(rows.ptr, want.ptr) != NULL, "%s", rows.ptr);
	buf_reset(&want);
	buf_addf(&want, "\"user\":\"%s\"", pw->pw_name);
	ck_assert_msg(strstr(rows.ptr, want.ptr) != NULL, "%s", rows.ptr);
	if (getuid() != 0)
		ck_assert_ptr_null(strstr(rows.ptr, "\"uid\":0,"));
	ck_assert_ptr_nonnull(strstr(rows.ptr, "\"extra_uid\":\"0\""));
	ck_assert_int_eq(audit_log_open(&a, store, 0), 0);
	ck_assert_int_eq(audit_verify(a, &(struct audit_verify_opts){ 0 },
	    &rep), 0);
	ck_assert_msg(rep.ok, "%s", rep.problem);
	audit_verify_report_release(&rep);
	audit_log_close(a);
	buf_release(&rows);
	buf_release(&want);
	free(helper);
	free(store);
}
END_TEST

/* Raw frames to the helper: each gets an ack, a bad one a refusal. */
START_TEST(test_audit_writer_acks_each_message)
{
	char *helper = helper_path(), *store = store_new();
	int to[2], from[2], st;
	struct buf f = BUF_INIT, ack = BUF_INIT;
	pid_t pid;

	ck_assert_msg(access(helper, X_OK) == 0, "%s not built", helper);
	ck_assert_int_eq(pipe(to), 0);
	ck_assert_int_eq(pipe(from), 0);
	if ((pid = fork()) == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		close(from[0]);
		execl(helper, "quire-audit-writer", "--store", store,
		    (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	/* A frame that decodes to nothing sensible. */
	buf_add(&f, "\0\0\0\2\1\0", 6);
	ck_assert_int_eq(auditwire_write_all(to[1], f.ptr, f.len), 0);
	ck_assert_int_eq(auditwire_read_frame(from[0], &ack, 4096), 1);
	ck_assert_int_eq((unsigned char)ack.ptr[0], AUDITWIRE_ACK_REFUSED);
	ck_assert_ptr_nonnull(strstr(ack.ptr + 1, "cut short"));
	/* Then a good one: written. */
	buf_reset(&f);
	ck_assert_int_eq(auditwire_encode(&f, &(struct audit_event){
	    .type = AUDIT_SESSION_START }), 0);
	ck_assert_int_eq(auditwire_write_all(to[1], f.ptr, f.len), 0);
	ck_assert_int_eq(auditwire_read_frame(from[0], &ack, 4096), 1);
	ck_assert_int_eq((unsigned char)ack.ptr[0], AUDITWIRE_ACK_OK);
	/* A length past the limit: refused, and the helper stops. */
	ck_assert_int_eq(auditwire_write_all(to[1], "\x7f\0\0\0", 4), 0);
	ck_assert_int_eq(auditwire_read_frame(from[0], &ack, 4096), 1);
	ck_assert_int_eq((unsigned char)ack.ptr[0], AUDITWIRE_ACK_REFUSED);
	close(to[1]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	close(from[0]);
	buf_release(&f);
	buf_release(&ack);
	free(helper);
	free(store);
}
END_TEST

START_TEST(test_audit_writer_missing_helper_fails)
{
	struct auditwire *w;

	ck_assert_int_eq(auditwire_open(&w, "/nonexistent/quire-audit-writer",
	    "/tmp/x.db"), -1);
	ck_assert_ptr_null(w);
	ck_assert_ptr_nonnull(strstr(err_last(), "unavailable"));
}
END_TEST

START_TEST(test_audit_writer_store_failure_is_acked)
{
	char *helper = helper_path();
	struct auditwire *w;

	ck_assert_msg(access(helper, X_OK) == 0, "%s not built", helper);
	ck_assert_int_eq(auditwire_open(&w, helper,
	    "/nonexistent/dir/audit.db"), 0);
	ck_assert_int_eq(auditwire_record(w, &(struct audit_event){
	    .type = AUDIT_SESSION_START }), -1);
	ck_assert_msg(strstr(err_last(), "cannot be written") != NULL, "%s",
	    err_last());
	auditwire_close(w);
	free(helper);
}
END_TEST

static Suite *
audit_writer_suite(void)
{
	Suite *s = suite_create("audit_writer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_audit_writer_round_trip);
	tcase_add_test(tc, test_audit_writer_refuses_malformed);
	tcase_add_test(tc, test_audit_writer_frame_length_bounded);
	tcase_add_test(tc, test_audit_writer_stamps_real_identity);
	tcase_add_test(tc, test_audit_writer_acks_each_message);
	tcase_add_test(tc, test_audit_writer_missing_helper_fails);
	tcase_add_test(tc, test_audit_writer_store_failure_is_acked);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(audit_writer_suite());
	int nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
