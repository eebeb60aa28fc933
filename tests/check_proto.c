/*
 * check_proto.c: the kernel frame protocol. Round trips of every typed
 * message, the stream decoder fed byte by byte, and the malformed frames
 * a crashed or hostile kernel could send.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "proto.h"

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A raw frame: type, JSON text, body. */
static void
raw_frame(struct buf *out, unsigned type, const char *json, const char *body,
    size_t bodylen)
{
	unsigned char h[9];
	size_t jl = strlen(json);

	put32(h, (uint32_t)(5 + jl + bodylen));
	h[4] = (unsigned char)type;
	put32(h + 5, (uint32_t)jl);
	buf_add(out, h, 9);
	buf_add(out, json, jl);
	buf_add(out, body, bodylen);
}

START_TEST(test_proto_run_round_trip)
{
	static const char *const del[] = { "x", "df" };
	static const uint32_t after[] = { 3, 9 };
	struct proto_run in = { .cell = 7, .batch = 2,
		.code = "print(1)\n_x = 2", .codelen = 15,
		.filename = "<cell-7>", .no_expr = true, .del = del, .ndel = 2,
		.after = after, .nafter = 2 };
	struct proto_run r;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_run_encode(&b, &in), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(m.type, PROTO_RUN);
	ck_assert_int_eq(proto_run_parse(&r, &m), 0);
	ck_assert_uint_eq(r.cell, 7);
	ck_assert_uint_eq(r.batch, 2);
	ck_assert_uint_eq(r.codelen, 15);
	ck_assert(memcmp(r.code, "print(1)\n_x = 2", 15) == 0);
	ck_assert_str_eq(r.filename, "<cell-7>");
	ck_assert(r.no_expr);
	ck_assert_uint_eq(r.ndel, 2);
	ck_assert_str_eq(r.del[1], "df");
	ck_assert_uint_eq(r.nafter, 2);
	ck_assert_uint_eq(r.after[1], 9);
	proto_run_release(&r);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

/*
 * RUN and DONE have a binary layout: every shorter body is either refused
 * or read with everything it lends inside the body.
 */
START_TEST(test_proto_run_done_every_cut)
{
	static const char *const del[] = { "x", "df" };
	static const uint32_t after[] = { 3, 9 };
	struct proto_run in = { .cell = 7, .batch = 2, .code = "pass",
		.codelen = 4, .filename = "<cell-7>", .del = del, .ndel = 2,
		.after = after, .nafter = 2 }, r;
	struct proto_done din = { .cell = 7, .status = PROTO_STATUS_EXCEPTION,
		.exc_type = "E", .exc_msg = "m", .traceback = "tb",
		.traceback_len = 2 }, d;
	struct buf b = BUF_INIT, f = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;
	size_t cut, body, i;
	int k;

	for (k = 0; k < 2; k++) {
		buf_reset(&b);
		if (k == 0)
			ck_assert_int_eq(proto_run_encode(&b, &in), 0);
		else
			ck_assert_int_eq(proto_done_encode(&b, &din), 0);
		body = b.len - 9;
		for (cut = 0; cut <= body; cut++) {
			buf_reset(&f);
			raw_frame(&f, k == 0 ? PROTO_RUN : PROTO_DONE, "",
			    b.ptr + 9, cut);
			ck_assert_int_eq(proto_decode(&m, f.ptr, f.len, 0), 0);
			if (k == 0 && proto_run_parse(&r, &m) == 0) {
				ck_assert(r.code >= m.body && r.code + r.codelen
				    <= m.body + m.bodylen);
				for (i = 0; i < r.ndel; i++)
					ck_assert(r.del[i] > m.body &&
					    r.del[i] < m.body + m.bodylen);
				if (cut == body)
					ck_assert_uint_eq(r.codelen, 4);
				proto_run_release(&r);
			} else if (k == 1 && proto_done_parse(&d, &m) == 0) {
				ck_assert(d.traceback + d.traceback_len <=
				    m.body + m.bodylen);
				ck_assert_str_eq(d.exc_msg, "m");
			} else
				ck_assert_uint_lt(cut, body - (k == 0 ? 4 : 2));
			proto_msg_release(&m);
		}
	}
	buf_release(&b);
	buf_release(&f);
}
END_TEST

START_TEST(test_proto_stream_keeps_binary_bytes)
{
	static const char data[] = { 'a', 0, (char)0xff, '\n' };
	struct proto_stream in = { 4, PROTO_STDERR, data, sizeof data };
	struct proto_stream s;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_stream_encode(&b, &in), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_stream_parse(&s, &m), 0);
	ck_assert_uint_eq(s.cell, 4);
	ck_assert_int_eq(s.name, PROTO_STDERR);
	ck_assert_uint_eq(s.len, 4);
	ck_assert(memcmp(s.data, data, 4) == 0);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_display_items_split_body)
{
	struct proto_mime items[] = {
		{ "text/markdown", "# hi", 4 },
		{ "image/png", "\x89PNG\0\1", 6 },
		{ "text/plain", "hi", 2 },
	};
	struct proto_display in = { 5, PROTO_DISPLAY_APPEND, items, 3 };
	struct proto_display d;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_display_encode(&b, &in), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_display_parse(&d, &m), 0);
	ck_assert_int_eq(d.op, PROTO_DISPLAY_APPEND);
	ck_assert_uint_eq(d.nitems, 3);
	ck_assert_str_eq(d.items[1].mime, "image/png");
	ck_assert_uint_eq(d.items[1].len, 6);
	ck_assert(memcmp(d.items[1].data, "\x89PNG\0\1", 6) == 0);
	ck_assert(memcmp(d.items[2].data, "hi", 2) == 0);
	proto_display_release(&d);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_done_exception_fields)
{
	struct proto_done in = { 0 }, d;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	in.cell = 12;
	in.batch = 3;
	in.status = PROTO_STATUS_EXCEPTION;
	in.duration_us = 1500;
	in.exc_type = "ZeroDivisionError";
	in.exc_msg = "division by zero";
	in.traceback = "Traceback ...";
	in.traceback_len = 13;
	in.dropped_len = 77;
	ck_assert_int_eq(proto_done_encode(&b, &in), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_done_parse(&d, &m), 0);
	ck_assert_uint_eq(d.cell, 12);
	ck_assert_uint_eq(d.batch, 3);
	ck_assert_int_eq(d.status, PROTO_STATUS_EXCEPTION);
	ck_assert_uint_eq(d.duration_us, 1500);
	ck_assert_str_eq(d.exc_type, "ZeroDivisionError");
	ck_assert_str_eq(d.exc_msg, "division by zero");
	ck_assert_uint_eq(d.traceback_len, 13);
	ck_assert_uint_eq(d.dropped_len, 77);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_done_skipped_names_blocker)
{
	struct proto_done in = { 0 }, d;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	in.cell = 2;
	in.status = PROTO_STATUS_SKIPPED;
	in.blocker = 1;
	ck_assert_int_eq(proto_done_encode(&b, &in), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_done_parse(&d, &m), 0);
	ck_assert_int_eq(d.status, PROTO_STATUS_SKIPPED);
	ck_assert_uint_eq(d.blocker, 1);
	ck_assert_ptr_null(d.exc_type);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_invalid_utf8_is_repaired)
{
	struct proto_done in = { 0 }, d;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	in.cell = 1;
	in.status = PROTO_STATUS_EXCEPTION;
	in.exc_type = "ValueError";
	in.exc_msg = "bad \xff byte";
	ck_assert_int_eq(proto_done_encode(&b, &in), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_done_parse(&d, &m), 0);
	ck_assert_str_eq(d.exc_msg, "bad \xef\xbf\xbd byte");
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_other_messages_round_trip)
{
	static const char *const argv[] = { "--n", "3" };
	static const char *const names[] = { "get_n" };
	struct proto_config c = { argv, 2, "/tmp/nb.py", "run", 1000, 5,
	    (uint64_t)3 << 30 }, c2;
	struct proto_ready r = { 42, "3.11.2", "/usr/bin/python3", NULL }, r2;
	struct proto_error e = { "venv is Python 3.12", true }, e2;
	struct proto_state s = { 3, names, 1 }, s2;
	struct proto_delete dl = { 6, names, 1 }, dl2;
	struct proto_complete cp = { .id = 9, .code = "pri", .codelen = 3,
	    .pos = 3 }, cp2;
	struct proto_completions cs = { .id = 9, .replace_len = 3,
	    .items = names, .nitems = 1 }, cs2;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_config_encode(&b, &c), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_config_parse(&c2, &m), 0);
	ck_assert_uint_eq(c2.nargv, 2);
	ck_assert_str_eq(c2.argv[1], "3");
	ck_assert_str_eq(c2.notebook_path, "/tmp/nb.py");
	ck_assert_str_eq(c2.mode, "run");
	ck_assert_uint_eq(c2.output_max, 1000);
	ck_assert_uint_eq(c2.cpu_max_s, 5);
	ck_assert_uint_eq(c2.as_max, (uint64_t)3 << 30);
	proto_config_release(&c2);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_ready_encode(&b, &r), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_ready_parse(&r2, &m), 0);
	ck_assert_int_eq(r2.pid, 42);
	ck_assert_str_eq(r2.python, "3.11.2");
	ck_assert_ptr_null(r2.venv);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_error_encode(&b, &e), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_error_parse(&e2, &m), 0);
	ck_assert_str_eq(e2.message, "venv is Python 3.12");
	ck_assert(e2.fatal);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_state_encode(&b, &s), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_state_parse(&s2, &m), 0);
	ck_assert_uint_eq(s2.cell, 3);
	ck_assert_str_eq(s2.names[0], "get_n");
	proto_state_release(&s2);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_delete_encode(&b, &dl), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_delete_parse(&dl2, &m), 0);
	ck_assert_uint_eq(dl2.cell, 6);
	ck_assert_uint_eq(dl2.nnames, 1);
	proto_delete_release(&dl2);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_complete_encode(&b, &cp), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_complete_parse(&cp2, &m), 0);
	ck_assert_uint_eq(cp2.pos, 3);
	ck_assert_uint_eq(cp2.codelen, 3);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_completions_encode(&b, &cs), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_completions_parse(&cs2, &m), 0);
	ck_assert_uint_eq(cs2.replace_len, 3);
	ck_assert_str_eq(cs2.items[0], "get_n");
	proto_completions_release(&cs2);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_decoder_byte_by_byte)
{
	struct proto_stream s1 = { 1, PROTO_STDOUT, "one\n", 4 };
	struct proto_stream s2 = { 2, PROTO_STDOUT, "two\n", 4 };
	struct proto_dec *d = proto_dec_new(0);
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;
	size_t i;
	int got = 0, r;

	ck_assert_int_eq(proto_stream_encode(&b, &s1), 0);
	ck_assert_int_eq(proto_stream_encode(&b, &s2), 0);
	ck_assert_int_eq(proto_encode(&b, PROTO_SHUTDOWN, NULL, NULL, 0), 0);
	for (i = 0; i < b.len; i++) {
		proto_dec_feed(d, b.ptr + i, 1);
		while ((r = proto_dec_next(d, &m)) == 1) {
			got++;
			if (got == 2)
				ck_assert(memcmp(m.body, "two\n", 4) == 0);
			if (got == 3) {
				ck_assert_int_eq(m.type, PROTO_SHUTDOWN);
				ck_assert_uint_eq(m.bodylen, 0);
			}
			proto_msg_release(&m);
		}
		ck_assert_int_eq(r, 0);
	}
	ck_assert_int_eq(got, 3);
	ck_assert_uint_eq(proto_dec_pending(d), 0);
	proto_dec_free(d);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_rejects_huge_length_before_waiting)
{
	static const unsigned char hdr[] = { 0xff, 0xff, 0xff, 0xff, 65 };
	struct proto_dec *d = proto_dec_new(1024);
	struct proto_msg m = PROTO_MSG_INIT;

	proto_dec_feed(d, hdr, sizeof hdr);
	ck_assert_int_eq(proto_dec_next(d, &m), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "exceeds the 1024-byte"));
	/* The error sticks: a byte stream cannot resynchronise. */
	proto_dec_feed(d, "x", 1);
	ck_assert_int_eq(proto_dec_next(d, &m), -1);
	proto_dec_free(d);
}
END_TEST

START_TEST(test_proto_rejects_short_length)
{
	static const unsigned char f[] = { 0, 0, 0, 4, 65, 0, 0, 0 };
	struct proto_msg m = PROTO_MSG_INIT;

	ck_assert_int_eq(proto_decode(&m, f, sizeof f, 0), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "below the 5-byte"));
}
END_TEST

START_TEST(test_proto_rejects_json_longer_than_frame)
{
	struct buf b = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;
	unsigned char *p;

	raw_frame(&b, PROTO_STREAM, "{}", "", 0);
	p = (unsigned char *)b.ptr;
	put32(p + 5, 100);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "do not fit"));
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_rejects_bad_json_and_non_objects)
{
	struct buf b = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;

	raw_frame(&b, PROTO_STREAM, "{\"cell\": ", "", 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "stream fields"));
	buf_reset(&b);
	raw_frame(&b, PROTO_STREAM, "[1, 2]", "", 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "not a JSON object"));
	buf_reset(&b);
	raw_frame(&b, PROTO_STREAM, "{\"a\":1,\"a\":2}", "", 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), -1);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_rejects_unknown_type)
{
	struct buf b = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;

	raw_frame(&b, 200, "", "", 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "unknown message type 200"));
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_truncated_and_trailing_bytes)
{
	struct proto_stream s = { 1, PROTO_STDOUT, "abc", 3 };
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_stream_encode(&b, &s), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len - 1, 0), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "truncated"));
	buf_addc(&b, 'x');
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "after the frame"));
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_typed_parse_rejects_wrong_fields)
{
	struct buf b = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;
	struct proto_done d;
	struct proto_display dp;
	struct proto_run r;

	/* DONE's fixed fields (binary, J = 0), cut short. */
	raw_frame(&b, PROTO_DONE, "", "\0\x1f\0\0\0\1", 6);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_done_parse(&d, &m), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "cut short"));
	proto_msg_release(&m);
	buf_reset(&b);

	/* A status that is not one of the five. */
	raw_frame(&b, PROTO_DONE, "", "\0\x1f" "\0\0\0\1" "\0\0\0\1" "\x09"
	    "\0\0\0\0\0\0\0\0" "\0\0\0\0" "\0\0\0\0\0\0\0\0"
	    "\xff\xff\xff\xff" "\xff\xff\xff\xff", 39);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_done_parse(&d, &m), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "status"));
	proto_msg_release(&m);
	buf_reset(&b);

	/* An exception type claiming more bytes than the body holds. */
	raw_frame(&b, PROTO_DONE, "", "\0\x1f" "\0\0\0\1" "\0\0\0\1" "\x01"
	    "\0\0\0\0\0\0\0\0" "\0\0\0\0" "\0\0\0\0\0\0\0\0"
	    "\0\0\0\x63" "abc", 38);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_done_parse(&d, &m), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "past the body"));
	proto_msg_release(&m);
	buf_reset(&b);

	/* A display item claiming more bytes than the body holds. */
	raw_frame(&b, PROTO_DISPLAY,
	    "{\"op\":\"replace\",\"mimes\":[[\"text/plain\",99]]}", "ab", 2);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_display_parse(&dp, &m), -1);
	proto_msg_release(&m);
	buf_reset(&b);

	/* A RUN naming a million cells it depends on in 19 bytes. */
	raw_frame(&b, PROTO_RUN, "", "\0\x13" "\0\0\0\1" "\0\0\0\1" "\0"
	    "\0\0\0\0" "\0\x0f\x42\x40", 19);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_run_parse(&r, &m), -1);
	ck_assert_ptr_nonnull(strstr(err_last(), "than bytes"));
	proto_msg_release(&m);
	buf_reset(&b);

	/* A name to delete without its NUL. */
	raw_frame(&b, PROTO_RUN, "", "\0\x13" "\0\0\0\1" "\0\0\0\1" "\0"
	    "\0\0\0\1" "\0\0\0\0" "\0\0\0\1" "xy", 25);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_run_parse(&r, &m), -1);
	proto_msg_release(&m);
	buf_reset(&b);

	/* Parsing one type as another is refused. */
	raw_frame(&b, PROTO_STREAM, "{\"name\":\"stdout\"}", "", 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_done_parse(&d, &m), -1);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_variables_round_trip)
{
	static const char *const names[] = { "x", "df" };
	struct proto_variables q = { 7, names, 2 }, q2;
	struct proto_var vs[] = {
		{ "x", "int", "42" },
		{ "df", "list", "list, len 1000000" },
	};
	struct proto_vars a = { 7, vs, 2 }, a2;
	struct buf b = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;

	ck_assert_int_eq(proto_variables_encode(&b, &q), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_str_eq(proto_type_name(m.type), "variables");
	ck_assert_int_eq(proto_variables_parse(&q2, &m), 0);
	ck_assert_uint_eq(q2.id, 7);
	ck_assert_uint_eq(q2.nnames, 2);
	ck_assert_str_eq(q2.names[1], "df");
	proto_variables_release(&q2);
	proto_msg_release(&m);

	buf_reset(&b);
	ck_assert_int_eq(proto_vars_encode(&b, &a), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_str_eq(proto_type_name(m.type), "vars");
	ck_assert_int_eq(proto_vars_parse(&a2, &m), 0);
	ck_assert_uint_eq(a2.id, 7);
	ck_assert_uint_eq(a2.nvars, 2);
	ck_assert_str_eq(a2.vars[0].name, "x");
	ck_assert_str_eq(a2.vars[0].type, "int");
	ck_assert_str_eq(a2.vars[0].repr, "42");
	ck_assert_str_eq(a2.vars[1].repr, "list, len 1000000");
	proto_vars_release(&a2);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_vars_rejects_bad_items)
{
	static const char *const bad[] = {
		"{\"vars\":3}",
		"{\"vars\":[[\"x\",\"int\"]]}",
		"{\"vars\":[[\"x\",\"int\",42]]}",
		"{\"vars\":[\"x\"]}",
		"{\"id\":-1,\"vars\":[]}",
	};
	struct buf b = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;
	struct proto_vars v;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_reset(&b);
		raw_frame(&b, PROTO_VARS, bad[i], "", 0);
		ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
		ck_assert_int_eq(proto_vars_parse(&v, &m), -1);
		ck_assert_ptr_null(v.vars);
		proto_msg_release(&m);
	}
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_encode_refuses_oversized_body)
{
	struct buf b = BUF_INIT;
	static char dummy;

	ck_assert_int_eq(proto_encode(&b, PROTO_STREAM, NULL, &dummy,
	    (size_t)PROTO_FRAME_MAX), -1);
	ck_assert_uint_eq(b.len, 0);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_complete_hint_round_trip)
{
	static const char *const names[] = { "range" };
	struct proto_complete cp = { .id = 4, .code = "f(a, ", .codelen = 5,
	    .pos = 5, .hint = true }, cp2;
	struct proto_completions cs = { .id = 4, .items = names,
	    .nitems = 1, .signature = "f(a, b=2)", .doc = "Add b to a." },
	    cs2;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_complete_encode(&b, &cp), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_complete_parse(&cp2, &m), 0);
	ck_assert(cp2.hint);
	proto_msg_release(&m);
	buf_reset(&b);

	cp.hint = false;
	ck_assert_int_eq(proto_complete_encode(&b, &cp), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_complete_parse(&cp2, &m), 0);
	ck_assert(!cp2.hint);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_completions_encode(&b, &cs), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_completions_parse(&cs2, &m), 0);
	ck_assert_str_eq(cs2.signature, "f(a, b=2)");
	ck_assert_str_eq(cs2.doc, "Add b to a.");
	proto_completions_release(&cs2);
	proto_msg_release(&m);
	buf_reset(&b);

	/* Without a hint both are absent, not empty. */
	cs.signature = cs.doc = NULL;
	ck_assert_int_eq(proto_completions_encode(&b, &cs), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_completions_parse(&cs2, &m), 0);
	ck_assert_ptr_null(cs2.signature);
	ck_assert_ptr_null(cs2.doc);
	proto_completions_release(&cs2);
	proto_msg_release(&m);
	buf_reset(&b);

	raw_frame(&b, PROTO_COMPLETIONS, "{\"signature\":3}", "", 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_completions_parse(&cs2, &m), -1);
	proto_msg_release(&m);
	buf_reset(&b);
	raw_frame(&b, PROTO_COMPLETE, "{\"pos\":0,\"hint\":1}", "", 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_complete_parse(&cp2, &m), -1);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_widget_messages_round_trip)
{
	static const char *const names[] = { "sliders", "form" };
	static const char wjson[] = "{\"kind\":\"slider\",\"id\":\"ui-3\","
	    "\"label\":\"n\",\"value\":7}";
	struct proto_set_widget sw = { .id = 11, .cell = 4, .widget = "ui-3",
	    .value = "7", .valuelen = 1 }, sw2;
	struct proto_widget w = { .id = 11, .widget = "ui-3", .names = names,
	    .nnames = 2, .cell = 2, .json = wjson,
	    .jsonlen = sizeof wjson - 1 }, w2;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_set_widget_encode(&b, &sw), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_str_eq(proto_type_name(m.type), "set-widget");
	ck_assert_int_eq(proto_set_widget_parse(&sw2, &m), 0);
	ck_assert_uint_eq(sw2.id, 11);
	ck_assert_uint_eq(sw2.cell, 4);
	ck_assert_str_eq(sw2.widget, "ui-3");
	ck_assert_uint_eq(sw2.valuelen, 1);
	ck_assert(memcmp(sw2.value, "7", 1) == 0);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_widget_encode(&b, &w), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(m.type, PROTO_WIDGET);
	ck_assert_str_eq(proto_type_name(m.type), "widget");
	ck_assert_int_eq(proto_widget_parse(&w2, &m), 0);
	ck_assert_uint_eq(w2.id, 11);
	ck_assert_str_eq(w2.widget, "ui-3");
	ck_assert_uint_eq(w2.nnames, 2);
	ck_assert_str_eq(w2.names[1], "form");
	ck_assert_uint_eq(w2.cell, 2);
	ck_assert_ptr_null(w2.error);
	ck_assert_uint_eq(w2.jsonlen, sizeof wjson - 1);
	ck_assert(memcmp(w2.json, wjson, w2.jsonlen) == 0);
	proto_widget_release(&w2);
	ck_assert_ptr_null(w2.names);
	proto_msg_release(&m);
	buf_reset(&b);

	/* A refusal carries its reason and may have no JSON. */
	w.error = "no element ui-99";
	w.nnames = 0;
	w.json = NULL;
	w.jsonlen = 0;
	ck_assert_int_eq(proto_widget_encode(&b, &w), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_widget_parse(&w2, &m), 0);
	ck_assert_str_eq(w2.error, "no element ui-99");
	ck_assert_uint_eq(w2.nnames, 0);
	proto_widget_release(&w2);
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(test_proto_table_messages_round_trip)
{
	static const char tjson[] = "{\"columns\":[\"a\"],\"rows\":[[1]],"
	    "\"nrows\":1000000,\"offset\":500,\"table_id\":\"tbl-4\"}";
	struct proto_table_window q = { .id = 3, .table = "tbl-4",
	    .offset = 500, .limit = 1000, .col_offset = 2, .col_limit = 50,
	    .sort_column = "score", .descending = true }, q2;
	struct proto_table t = { .id = 3, .table = "tbl-4", .json = tjson,
	    .jsonlen = sizeof tjson - 1 }, t2;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf b = BUF_INIT;

	ck_assert_int_eq(proto_table_window_encode(&b, &q), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_str_eq(proto_type_name(m.type), "table-window");
	ck_assert_int_eq(proto_table_window_parse(&q2, &m), 0);
	ck_assert_uint_eq(q2.id, 3);
	ck_assert_str_eq(q2.table, "tbl-4");
	ck_assert_uint_eq(q2.offset, 500);
	ck_assert_uint_eq(q2.limit, 1000);
	ck_assert_uint_eq(q2.col_offset, 2);
	ck_assert_uint_eq(q2.col_limit, 50);
	ck_assert_str_eq(q2.sort_column, "score");
	ck_assert(q2.descending);
	proto_msg_release(&m);
	buf_reset(&b);

	q.sort_column = NULL;
	q.descending = false;
	ck_assert_int_eq(proto_table_window_encode(&b, &q), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_table_window_parse(&q2, &m), 0);
	ck_assert_ptr_null(q2.sort_column);
	ck_assert(!q2.descending);
	proto_msg_release(&m);
	buf_reset(&b);

	ck_assert_int_eq(proto_table_encode(&b, &t), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_str_eq(proto_type_name(m.type), "table");
	ck_assert_int_eq(proto_table_parse(&t2, &m), 0);
	ck_assert_uint_eq(t2.id, 3);
	ck_assert_str_eq(t2.table, "tbl-4");
	ck_assert_ptr_null(t2.error);
	ck_assert_uint_eq(t2.jsonlen, sizeof tjson - 1);
	proto_msg_release(&m);
	buf_reset(&b);

	t.error = "the table is gone";
	t.json = NULL;
	t.jsonlen = 0;
	ck_assert_int_eq(proto_table_encode(&b, &t), 0);
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	ck_assert_int_eq(proto_table_parse(&t2, &m), 0);
	ck_assert_str_eq(t2.error, "the table is gone");
	proto_msg_release(&m);
	buf_release(&b);
}
END_TEST

/* One raw frame of type t with fields json and body must fail to parse. */
static void
expect_refused(unsigned t, const char *json, const char *body)
{
	struct buf b = BUF_INIT;
	struct proto_msg m = PROTO_MSG_INIT;
	struct proto_set_widget sw;
	struct proto_widget w;
	struct proto_table_window q;
	struct proto_table tb;
	int r = 0;

	raw_frame(&b, t, json, body, strlen(body));
	ck_assert_int_eq(proto_decode(&m, b.ptr, b.len, 0), 0);
	switch (t) {
	case PROTO_SET_WIDGET:
		r = proto_set_widget_parse(&sw, &m);
		break;
	case PROTO_WIDGET:
		r = proto_widget_parse(&w, &m);
		ck_assert_ptr_null(w.names);
		break;
	case PROTO_TABLE_WINDOW:
		r = proto_table_window_parse(&q, &m);
		break;
	case PROTO_TABLE:
		r = proto_table_parse(&tb, &m);
		break;
	default:
		ck_abort();
	}
	ck_assert_msg(r == -1, "accepted %s %s", json, body);
	ck_assert_str_ne(err_last(), "");
	proto_msg_release(&m);
	buf_release(&b);
}

START_TEST(test_proto_widget_and_table_reject_bad_fields)
{
	/* No widget id, an id that is not one, a body that is not JSON. */
	expect_refused(PROTO_SET_WIDGET, "{\"id\":1}", "7");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":\"\"}", "7");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":\"ui 3\"}", "7");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":\"ui-3\\u001b\"}", "7");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":3}", "7");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":\"ui-3\"}", "");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":\"ui-3\"}", "[1,");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":\"ui-3\"}", "1 2");
	expect_refused(PROTO_SET_WIDGET, "{\"widget\":\"ui-3\",\"cell\":-2}",
	    "7");
	/* The answer: the JSON must be an object unless it is an error. */
	expect_refused(PROTO_WIDGET, "{\"widget\":\"ui-3\"}", "");
	expect_refused(PROTO_WIDGET, "{\"widget\":\"ui-3\"}", "[1]");
	expect_refused(PROTO_WIDGET, "{\"widget\":\"ui-3\",\"names\":[\"\"]}",
	    "{}");
	expect_refused(PROTO_WIDGET, "{\"widget\":\"ui-3\",\"names\":[1]}",
	    "{}");
	expect_refused(PROTO_WIDGET, "{\"widget\":\"ui-3\",\"names\":\"x\"}",
	    "{}");
	expect_refused(PROTO_WIDGET, "{\"widget\":\"ui-3\",\"error\":5}", "");
	expect_refused(PROTO_WIDGET,
	    "{\"widget\":\"ui-3\",\"error\":\"no\"}", "{");
	/* Windows: at most 1,000 rows and 50 columns. */
	expect_refused(PROTO_TABLE_WINDOW,
	    "{\"table\":\"tbl-1\",\"limit\":1001,\"col_limit\":50}", "");
	expect_refused(PROTO_TABLE_WINDOW,
	    "{\"table\":\"tbl-1\",\"limit\":10,\"col_limit\":51}", "");
	expect_refused(PROTO_TABLE_WINDOW,
	    "{\"table\":\"tbl-1\",\"col_limit\":5}", "");
	expect_refused(PROTO_TABLE_WINDOW,
	    "{\"limit\":10,\"col_limit\":5}", "");
	expect_refused(PROTO_TABLE_WINDOW, "{\"table\":\"tbl-1\",\"limit\":10,"
	    "\"col_limit\":5,\"offset\":-1}", "");
	expect_refused(PROTO_TABLE_WINDOW, "{\"table\":\"tbl-1\",\"limit\":10,"
	    "\"col_limit\":5,\"sort_column\":1}", "");
	expect_refused(PROTO_TABLE_WINDOW, "{\"table\":\"tbl-1\",\"limit\":10,"
	    "\"col_limit\":5,\"descending\":\"yes\"}", "");
	expect_refused(PROTO_TABLE, "{\"table\":\"tbl-1\"}", "");
	expect_refused(PROTO_TABLE, "{\"table\":\"tbl-1\"}", "\"rows\"");
	expect_refused(PROTO_TABLE, "{\"table\":\"../x\"}", "{}");
}
END_TEST

static Suite *
proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc;

	tc = tcase_create("messages");
	tcase_add_test(tc, test_proto_run_round_trip);
	tcase_add_test(tc, test_proto_run_done_every_cut);
	tcase_add_test(tc, test_proto_stream_keeps_binary_bytes);
	tcase_add_test(tc, test_proto_display_items_split_body);
	tcase_add_test(tc, test_proto_done_exception_fields);
	tcase_add_test(tc, test_proto_done_skipped_names_blocker);
	tcase_add_test(tc, test_proto_invalid_utf8_is_repaired);
	tcase_add_test(tc, test_proto_other_messages_round_trip);
	tcase_add_test(tc, test_proto_complete_hint_round_trip);
	tcase_add_test(tc, test_proto_widget_messages_round_trip);
	tcase_add_test(tc, test_proto_table_messages_round_trip);
	tcase_add_test(tc, test_proto_widget_and_table_reject_bad_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("decoder");
	tcase_add_test(tc, test_proto_decoder_byte_by_byte);
	tcase_add_test(tc, test_proto_rejects_huge_length_before_waiting);
	tcase_add_test(tc, test_proto_rejects_short_length);
	tcase_add_test(tc, test_proto_rejects_json_longer_than_frame);
	tcase_add_test(tc, test_proto_rejects_bad_json_and_non_objects);
	tcase_add_test(tc, test_proto_rejects_unknown_type);
	tcase_add_test(tc, test_proto_truncated_and_trailing_bytes);
	tcase_add_test(tc, test_proto_typed_parse_rejects_wrong_fields);
	tcase_add_test(tc, test_proto_encode_refuses_oversized_body);
	tcase_add_test(tc, test_proto_variables_round_trip);
	tcase_add_test(tc, test_proto_vars_rejects_bad_items);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(proto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
