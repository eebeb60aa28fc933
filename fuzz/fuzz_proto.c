/*
 * fuzz_proto.c: the kernel frame decoder on any bytes, as a kernel that
 * crashed mid-write or a cell scribbling on the socket could send them.
 * The first byte picks how the rest is cut into reads, so frames split
 * at every boundary are tried; every decoded frame then goes through the
 * typed parser of its type. Beyond "no crash": a parser that accepts a
 * message must hand back views that lie inside it, and a stream decoder
 * that fails must keep failing.
 */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_proto_inside(const struct proto_msg *m, const char *p, size_t len)
{
	assert(len == 0 || (p >= m->body && p + len <= m->body + m->bodylen));
}

static void
fuzz_proto_typed(const struct proto_msg *m)
{
	switch (m->type) {
	case PROTO_CONFIG: {
		struct proto_config c;

		if (proto_config_parse(&c, m) == 0)
			proto_config_release(&c);
		break;
	}
	case PROTO_RUN: {
		struct proto_run r;

		if (proto_run_parse(&r, m) == 0) {
			size_t i;

			fuzz_proto_inside(m, r.code, r.codelen);
			/* The binary layout lends its strings too. */
			if (r.filename != NULL)
				fuzz_proto_inside(m, r.filename,
				    strlen(r.filename) + 1);
			for (i = 0; i < r.ndel; i++)
				fuzz_proto_inside(m, r.del[i],
				    strlen(r.del[i]) + 1);
			proto_run_release(&r);
		}
		break;
	}
	case PROTO_DELETE: {
		struct proto_delete d;

		if (proto_delete_parse(&d, m) == 0)
			proto_delete_release(&d);
		break;
	}
	case PROTO_COMPLETE: {
		struct proto_complete c;

		if (proto_complete_parse(&c, m) == 0)
			assert(c.pos <= c.codelen);
		break;
	}
	case PROTO_READY: {
		struct proto_ready r;

		(void)proto_ready_parse(&r, m);
		break;
	}
	case PROTO_STREAM: {
		struct proto_stream s;

		if (proto_stream_parse(&s, m) == 0)
			fuzz_proto_inside(m, s.data, s.len);
		break;
	}
	case PROTO_DISPLAY: {
		struct proto_display d;
		size_t i;

		if (proto_display_parse(&d, m) == 0) {
			for (i = 0; i < d.nitems; i++)
				fuzz_proto_inside(m, d.items[i].data,
				    d.items[i].len);
			proto_display_release(&d);
		}
		break;
	}
	case PROTO_DONE: {
		struct proto_done d;

		if (proto_done_parse(&d, m) == 0) {
			fuzz_proto_inside(m, d.traceback, d.traceback_len);
			if (d.exc_type != NULL)
				fuzz_proto_inside(m, d.exc_type,
				    strlen(d.exc_type) + 1);
			if (d.exc_msg != NULL)
				fuzz_proto_inside(m, d.exc_msg,
				    strlen(d.exc_msg) + 1);
		}
		break;
	}
	case PROTO_ERROR: {
		struct proto_error e;

		(void)proto_error_parse(&e, m);
		break;
	}
	case PROTO_COMPLETIONS: {
		struct proto_completions c;

		if (proto_completions_parse(&c, m) == 0)
			proto_completions_release(&c);
		break;
	}
	case PROTO_STATE: {
		struct proto_state s;

		if (proto_state_parse(&s, m) == 0)
			proto_state_release(&s);
		break;
	}
	case PROTO_VARIABLES: {
		struct proto_variables v;

		if (proto_variables_parse(&v, m) == 0)
			proto_variables_release(&v);
		break;
	}
	case PROTO_VARS: {
		struct proto_vars v;
		size_t i;

		if (proto_vars_parse(&v, m) == 0) {
			for (i = 0; i < v.nvars; i++)
				if (v.vars[i].name == NULL ||
				    v.vars[i].type == NULL ||
				    v.vars[i].repr == NULL)
					abort();
			proto_vars_release(&v);
		}
		break;
	}
	case PROTO_SET_WIDGET: {
		struct proto_set_widget w;

		if (proto_set_widget_parse(&w, m) == 0) {
			assert(w.widget != NULL && *w.widget != '\0');
			assert(w.valuelen > 0);
			fuzz_proto_inside(m, w.value, w.valuelen);
		}
		break;
	}
	case PROTO_WIDGET: {
		struct proto_widget w;
		size_t i;

		if (proto_widget_parse(&w, m) == 0) {
			assert(w.widget != NULL);
			for (i = 0; i < w.nnames; i++)
				assert(w.names[i] != NULL &&
				    *w.names[i] != '\0');
			fuzz_proto_inside(m, w.json, w.jsonlen);
			proto_widget_release(&w);
		}
		break;
	}
	case PROTO_TABLE_WINDOW: {
		struct proto_table_window t;

		if (proto_table_window_parse(&t, m) == 0)
			assert(t.table != NULL &&
			    t.limit <= PROTO_TABLE_ROWS_MAX &&
			    t.col_limit <= PROTO_TABLE_COLS_MAX);
		break;
	}
	case PROTO_TABLE: {
		struct proto_table t;

		if (proto_table_parse(&t, m) == 0) {
			assert(t.table != NULL);
			assert(t.error != NULL || t.jsonlen > 0);
			fuzz_proto_inside(m, t.json, t.jsonlen);
		}
		break;
	}
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_dec *d;
	struct proto_msg m = PROTO_MSG_INIT;
	size_t chunk, off, n;
	int r = 0;

	if (size == 0)
		return 0;
	chunk = (size_t)data[0] % 17 + 1;
	data++;
	size--;

	if (proto_decode(&m, data, size, 1 << 20) == 0) {
		fuzz_proto_typed(&m);
		proto_msg_release(&m);
	}

	d = proto_dec_new(1 << 20);
	for (off = 0; off < size && r >= 0; off += n) {
		n = size - off < chunk ? size - off : chunk;
		proto_dec_feed(d, data + off, n);
		while ((r = proto_dec_next(d, &m)) == 1) {
			fuzz_proto_typed(&m);
			proto_msg_release(&m);
		}
	}
	if (r < 0) {
		/* A broken stream stays broken. */
		proto_dec_feed(d, "\0\0\0\5\1\0\0\0\0", 9);
		assert(proto_dec_next(d, &m) == -1);
	}
	proto_dec_free(d);
	return 0;
}
