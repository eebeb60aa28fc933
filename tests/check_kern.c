/*
 * check_kern.c: the kernel process through its editor-side handle. Each
 * test spawns the built `quire --kernel` ($QUIRE, set by the harness;
 * SKIP without it), runs cells and checks what comes back: streams,
 * displays, DONE statuses, tracebacks, and deaths.
 */
#include "config.h"

#include <check.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "kern.h"
#include "proto.h"

#define WAIT_MS 20000

/* Everything one RUN produced. */
struct result {
	struct buf out, err, display;
	struct proto_done done;
	struct buf exc_type, exc_msg, traceback;
	struct buf states;
	int ndisplays;
	int nstreams_before_done;
	bool got_done;
};

static void
result_init(struct result *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->out);
	buf_init(&r->err);
	buf_init(&r->display);
	buf_init(&r->exc_type);
	buf_init(&r->exc_msg);
	buf_init(&r->traceback);
	buf_init(&r->states);
}

static void
result_release(struct result *r)
{
	buf_release(&r->out);
	buf_release(&r->err);
	buf_release(&r->display);
	buf_release(&r->exc_type);
	buf_release(&r->exc_msg);
	buf_release(&r->traceback);
	buf_release(&r->states);
}

static const char *
quire_exe(void)
{
	const char *q = getenv("QUIRE");

	return q != NULL && access(q, X_OK) == 0 ? q : NULL;
}

static struct kern *
start_with(struct kern_opts *o)
{
	struct kern *k;

	o->exe = quire_exe();
	k = kern_new(o);
	ck_assert_msg(kern_start(k) == 0, "start: %s", err_last());
	return k;
}

static struct kern *
start(void)
{
	struct kern_opts o = { 0 };

	return start_with(&o);
}

static void
send_run(struct kern *k, uint32_t cell, uint32_t batch, const char *code,
    const uint32_t *after, size_t nafter, const char *const *del,
    size_t ndel)
{
	struct proto_run r = { 0 };
	struct buf f = BUF_INIT;

	r.cell = cell;
	r.batch = batch;
	r.code = code;
	r.codelen = strlen(code);
	r.after = after;
	r.nafter = nafter;
	r.del = del;
	r.ndel = ndel;
	ck_assert_int_eq(proto_run_encode(&f, &r), 0);
	ck_assert_int_eq(kern_send_frame(k, f.ptr, f.len), 0);
	buf_release(&f);
}

/* Take messages until the DONE of cell (or death: returns -1). */
static int
collect(struct kern *k, uint32_t cell, struct result *r)
{
	struct proto_msg m = PROTO_MSG_INIT;
	int n;

	result_init(r);
	for (;;) {
		n = kern_wait(k, &m, WAIT_MS);
		if (n < 0)
			return -1;
		ck_assert_msg(n == 1, "timed out waiting for cell %u", cell);
		if (m.type == PROTO_STREAM) {
			struct proto_stream s;

			ck_assert_int_eq(proto_stream_parse(&s, &m), 0);
			buf_add(s.name == PROTO_STDOUT ? &r->out : &r->err,
			    s.data, s.len);
			r->nstreams_before_done++;
		} else if (m.type == PROTO_DISPLAY) {
			struct proto_display d;
			size_t i;

			ck_assert_int_eq(proto_display_parse(&d, &m), 0);
			buf_addf(&r->display, "%s:",
			    d.op == PROTO_DISPLAY_APPEND ? "append" :
			    d.op == PROTO_DISPLAY_CLEAR ? "clear" : "replace");
			for (i = 0; i < d.nitems; i++) {
				buf_addf(&r->display, "[%s]", d.items[i].mime);
				buf_add(&r->display, d.items[i].data,
				    d.items[i].len);
			}
			buf_addc(&r->display, '\n');
			r->ndisplays++;
			proto_display_release(&d);
		} else if (m.type == PROTO_STATE) {
			struct proto_state s;
			size_t i;

			ck_assert_int_eq(proto_state_parse(&s, &m), 0);
			for (i = 0; i < s.nnames; i++)
				buf_addf(&r->states, "%u:%s ", s.cell,
				    s.names[i]);
			proto_state_release(&s);
		} else if (m.type == PROTO_DONE) {
			ck_assert_int_eq(proto_done_parse(&r->done, &m), 0);
			if (r->done.cell == cell) {
				if (r->done.exc_type != NULL)
					buf_adds(&r->exc_type,
					    r->done.exc_type);
				if (r->done.exc_msg != NULL)
					buf_adds(&r->exc_msg, r->done.exc_msg);
				buf_add(&r->traceback, r->done.traceback,
				    r->done.traceback_len);
				r->done.exc_type = r->done.exc_msg = NULL;
				r->done.traceback = NULL;
				r->got_done = true;
				proto_msg_release(&m);
				return 0;
			}
		}
		proto_msg_release(&m);
	}
}

/* Run one cell in a batch of its own and collect it. */
static int
run(struct kern *k, uint32_t cell, const char *code, struct result *r)
{
	static uint32_t batch = 1000;

	send_run(k, cell, ++batch, code, NULL, 0, NULL, 0);
	return collect(k, cell, r);
}

/* Run code and expect success with text/plain output want. */
static void
expect_value(struct kern *k, uint32_t cell, const char *code,
    const char *want)
{
	struct result r;
	struct buf exp = BUF_INIT;

	ck_assert_int_eq(run(k, cell, code, &r), 0);
	ck_assert_msg(r.done.status == PROTO_STATUS_OK, "%s: %s: %s", code,
	    r.exc_type.ptr, r.traceback.ptr);
	buf_addf(&exp, "[text/plain]%s\n", want);
	ck_assert_msg(strstr(r.display.ptr, exp.ptr) != NULL,
	    "%s: display %s, want %s", code, r.display.ptr, want);
	buf_release(&exp);
	result_release(&r);
}

static void
skip_without_quire(void)
{
	if (quire_exe() == NULL) {
		fprintf(stderr, "QUIRE is not set: skipping\n");
		exit(77);
	}
}

START_TEST(test_kern_ready_names_python)
{
	struct kern *k = start();
	struct proto_msg m = PROTO_MSG_INIT;
	struct proto_ready rd;

	ck_assert_int_eq(kern_wait(k, &m, WAIT_MS), 1);
	ck_assert_int_eq(m.type, PROTO_READY);
	ck_assert_int_eq(proto_ready_parse(&rd, &m), 0);
	ck_assert_int_eq(rd.pid, kern_pid(k));
	ck_assert(strncmp(rd.python, "3.", 2) == 0);
	ck_assert_ptr_nonnull(rd.executable);
	ck_assert_ptr_nonnull(strstr(rd.executable, "python"));
	proto_msg_release(&m);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_print_streams_before_done)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "print('hello')\nprint('world')", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	ck_assert_str_eq(r.out.ptr, "hello\nworld\n");
	ck_assert_int_eq(r.ndisplays, 0);
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_output_streams_while_cell_runs)
{
	struct kern *k = start();
	struct proto_msg m = PROTO_MSG_INIT;
	struct timespec t0, t1;
	double first_ms = -1, done_ms = -1, ms;

	send_run(k, 1, 1, "import time\nprint('early')\ntime.sleep(0.5)\n"
	    "print('late')", NULL, 0, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (done_ms < 0) {
		ck_assert_int_eq(kern_wait(k, &m, WAIT_MS), 1);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (m.type == PROTO_STREAM && first_ms < 0)
			first_ms = ms;
		if (m.type == PROTO_DONE)
			done_ms = ms;
		proto_msg_release(&m);
	}
	ck_assert(first_ms >= 0);
	/* "early" came while the cell slept, not with the DONE. */
	ck_assert_msg(done_ms - first_ms > 300, "first %.0f done %.0f",
	    first_ms, done_ms);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_last_expression_is_output)
{
	struct kern *k = start();
	struct result r;

	expect_value(k, 1, "x = 20\nx + 1", "21");
	/* A trailing semicolon hides it, as in marimo. */
	ck_assert_int_eq(run(k, 2, "x + 1;", &r), 0);
	ck_assert_int_eq(r.ndisplays, 0);
	result_release(&r);
	/* None shows nothing. */
	ck_assert_int_eq(run(k, 3, "None", &r), 0);
	ck_assert_int_eq(r.ndisplays, 0);
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_traceback_has_cell_line_numbers)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 7, "a = 1\nb = 2\nraise ValueError('boom')",
	    &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_EXCEPTION);
	ck_assert_str_eq(r.exc_type.ptr, "ValueError");
	ck_assert_str_eq(r.exc_msg.ptr, "boom");
	ck_assert_ptr_nonnull(strstr(r.traceback.ptr,
	    "File \"<cell-7>\", line 3"));
	ck_assert_ptr_nonnull(strstr(r.traceback.ptr, "raise ValueError"));
	ck_assert_ptr_null(strstr(r.traceback.ptr, "_kernel.py"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_syntax_error_names_cell_line)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 4, "x = 1\ny = (", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_EXCEPTION);
	ck_assert_str_eq(r.exc_type.ptr, "SyntaxError");
	ck_assert_ptr_nonnull(strstr(r.traceback.ptr, "<cell-4>\", line 2"));
	ck_assert_ptr_null(strstr(r.traceback.ptr, "_kernel.py"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_private_names_are_cell_local)
{
	struct kern *k = start();
	struct result r;

	expect_value(k, 1, "_a = 1\n_a + 1", "2");
	ck_assert_int_eq(run(k, 2, "_a", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_EXCEPTION);
	ck_assert_str_eq(r.exc_type.ptr, "NameError");
	/* De-mangled for the user. */
	ck_assert_str_eq(r.exc_msg.ptr, "name '_a' is not defined");
	ck_assert_ptr_null(strstr(r.traceback.ptr, "_cell_"));
	result_release(&r);
	/* Deleted after the run. */
	expect_value(k, 3, "[n for n in globals() if n.startswith('_cell')]",
	    "[]");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_private_closed_over_survives_run)
{
	struct kern *k = start();
	static const char *const del[] = { "g" };

	expect_value(k, 1, "_k = 2\n_unused = 3\ndef g():\n    return _k\n"
	    "g()", "2");
	expect_value(k, 2, "g() * 10", "20");
	expect_value(k, 3, "sorted(n for n in globals() if "
	    "n.startswith('_cell'))", "['_cell_1_k']");
	/* Rerunning cell 1 drops what it kept. */
	send_run(k, 1, 99, "x = 1", NULL, 0, del, 1);
	{
		struct result r;

		ck_assert_int_eq(collect(k, 1, &r), 0);
		result_release(&r);
	}
	expect_value(k, 4, "[n for n in globals() if n.startswith('_cell') "
	    "or n == 'g']", "[]");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_private_params_and_locals_untouched)
{
	struct kern *k = start();

	expect_value(k, 5, "def f(_p, q=1):\n    _l = _p + q\n    return _l\n"
	    "[f(_i) for _i in range(3)]", "[1, 2, 3]");
	expect_value(k, 6, "import _thread\ncallable(_thread.get_ident)",
	    "True");
	expect_value(k, 7, "class C:\n    _z = 5\nC._z", "5");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_delete_message_removes_names)
{
	struct kern *k = start();
	static const char *const names[] = { "x" };
	struct proto_delete d = { 1, names, 1 };
	struct buf f = BUF_INIT;
	struct result r;

	expect_value(k, 1, "x = 5\nx", "5");
	ck_assert_int_eq(proto_delete_encode(&f, &d), 0);
	ck_assert_int_eq(kern_send_frame(k, f.ptr, f.len), 0);
	ck_assert_int_eq(run(k, 2, "x", &r), 0);
	ck_assert_str_eq(r.exc_type.ptr, "NameError");
	result_release(&r);
	buf_release(&f);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_run_deletes_listed_names_first)
{
	struct kern *k = start();
	static const char *const del[] = { "old" };
	struct result r;

	expect_value(k, 1, "old = 1\nold", "1");
	send_run(k, 1, 50, "'old' in globals()", NULL, 0, del, 1);
	ck_assert_int_eq(collect(k, 1, &r), 0);
	ck_assert_ptr_nonnull(strstr(r.display.ptr, "False"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_interrupt_raises_in_cell)
{
	struct kern *k = start();
	struct result r;

	send_run(k, 1, 1, "while True:\n    pass", NULL, 0, NULL, 0);
	usleep(300000);
	ck_assert_int_eq(kern_interrupt(k), 0);
	ck_assert_int_eq(collect(k, 1, &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_INTERRUPTED);
	result_release(&r);
	ck_assert(kern_is_alive(k));
	expect_value(k, 2, "'still here'", "'still here'");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_interrupt_skips_rest_of_batch)
{
	struct kern *k = start();
	struct result r;

	send_run(k, 1, 7, "import time\nwhile True:\n    time.sleep(0.01)",
	    NULL, 0, NULL, 0);
	send_run(k, 2, 7, "print('must not run')", NULL, 0, NULL, 0);
	usleep(300000);
	ck_assert_int_eq(kern_interrupt(k), 0);
	ck_assert_int_eq(collect(k, 1, &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_INTERRUPTED);
	result_release(&r);
	ck_assert_int_eq(collect(k, 2, &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_SKIPPED);
	ck_assert_uint_eq(r.done.blocker, 0);
	ck_assert_uint_eq(r.out.len, 0);
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_idle_interrupt_does_not_hit_next_cell)
{
	struct kern *k = start();

	expect_value(k, 1, "1", "1");
	ck_assert_int_eq(kern_interrupt(k), 0);
	usleep(100000);
	expect_value(k, 2, "import time\ntime.sleep(0.05)\n2", "2");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_failed_dependency_skips_cell)
{
	struct kern *k = start();
	static const uint32_t after1[] = { 1 };
	struct result r;

	send_run(k, 1, 3, "1/0", NULL, 0, NULL, 0);
	send_run(k, 2, 3, "print('dependent')", after1, 1, NULL, 0);
	send_run(k, 3, 3, "print('independent')", NULL, 0, NULL, 0);
	ck_assert_int_eq(collect(k, 1, &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_EXCEPTION);
	result_release(&r);
	ck_assert_int_eq(collect(k, 2, &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_SKIPPED);
	ck_assert_uint_eq(r.done.blocker, 1);
	result_release(&r);
	ck_assert_int_eq(collect(k, 3, &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	ck_assert_str_eq(r.out.ptr, "independent\n");
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_segfault_is_reported_death)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import ctypes\nctypes.string_at(0)", &r),
	    -1);
	ck_assert(!kern_is_alive(k));
	ck_assert_int_eq(kern_term_signal(k), SIGSEGV);
	ck_assert_ptr_nonnull(strstr(kern_death(k), "signal 11"));
	/* faulthandler's report names the cell's line. */
	ck_assert_ptr_nonnull(strstr(kern_log(k), "<cell-1>"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_os_exit_status_reported)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import os\nos._exit(3)", &r), -1);
	ck_assert_int_eq(kern_exit_status(k), 3);
	ck_assert_ptr_nonnull(strstr(kern_death(k), "exited with status 3"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_restart_gives_fresh_kernel)
{
	struct kern *k = start();
	struct result r;
	unsigned gen = kern_generation(k);

	expect_value(k, 1, "x = 1\nx", "1");
	ck_assert_int_eq(run(k, 2, "import os\nos._exit(1)", &r), -1);
	result_release(&r);
	ck_assert_int_eq(kern_restart(k), 0);
	ck_assert_uint_eq(kern_generation(k), gen + 1);
	ck_assert_ptr_null(kern_death(k));
	ck_assert_int_eq(run(k, 3, "x", &r), 0);
	ck_assert_str_eq(r.exc_type.ptr, "NameError");
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_sys_exit_is_cell_exception)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import sys\nsys.exit(4)", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_EXCEPTION);
	ck_assert_str_eq(r.exc_type.ptr, "SystemExit");
	result_release(&r);
	expect_value(k, 2, "'alive'", "'alive'");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_output_limit_drops_excess)
{
	struct kern_opts o = { 0 };
	struct kern *k;
	struct result r;

	o.output_max = 1000;
	k = start_with(&o);
	ck_assert_int_eq(run(k, 1, "for i in range(100):\n    print('x' * 99)",
	    &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	ck_assert_uint_le(r.out.len, 1000);
	ck_assert_uint_eq(r.done.dropped_len, 10000 - r.out.len);
	ck_assert_ptr_nonnull(strstr(r.err.ptr, "limit of 1000 bytes"));
	result_release(&r);
	/* The next cell starts with a fresh allowance. */
	ck_assert_int_eq(run(k, 2, "print('ok')", &r), 0);
	ck_assert_str_eq(r.out.ptr, "ok\n");
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_fd_writes_are_captured)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import os, ctypes\n"
	    "os.write(1, b'raw1\\n')\n"
	    "os.write(2, b'raw2\\n')\nlibc = ctypes.CDLL(None)\n"
	    "libc.puts(b'from C')", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	ck_assert_ptr_nonnull(strstr(r.out.ptr, "raw1\n"));
	ck_assert_ptr_nonnull(strstr(r.out.ptr, "from C\n"));
	ck_assert_str_eq(r.err.ptr, "raw2\n");
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_closed_stdout_comes_back)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import sys, os\nsys.stdout.close()\n"
	    "os.close(1)", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	result_release(&r);
	ck_assert_int_eq(run(k, 2, "import os\nprint('back')\n"
	    "os.write(1, b'fd back\\n')", &r), 0);
	ck_assert_ptr_nonnull(strstr(r.out.ptr, "back\nfd back\n"));
	result_release(&r);
	kern_free(k);
}
END_TEST

/* As in a python3 script: fd 1 pointed at a file stays so for later
 * cells; only a closed one is given back. */
START_TEST(test_kern_stdout_pointed_elsewhere_stays)
{
	struct kern *k = start();
	struct result r;
	char path[] = "/tmp/quire-check-kern-XXXXXX", got[64] = "";
	char code[256];
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	(void)close(fd);
	(void)snprintf(code, sizeof code, "import os\nfd = os.open('%s', "
	    "os.O_WRONLY)\nos.dup2(fd, 1)\nos.close(fd)", path);
	ck_assert_int_eq(run(k, 1, code, &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	result_release(&r);
	ck_assert_int_eq(run(k, 2, "import os\nprint('shown')\n"
	    "os.write(1, b'to the file\\n')", &r), 0);
	ck_assert_str_eq(r.out.ptr, "shown\n");
	result_release(&r);
	kern_free(k);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(got, sizeof got, f));
	(void)fclose(f);
	(void)unlink(path);
	ck_assert_str_eq(got, "to the file\n");
}
END_TEST

START_TEST(test_kern_forked_child_stays_quiet)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import os\npid = os.fork()\nif pid == 0:\n"
	    "    print('child says hi')\nelse:\n    os.waitpid(pid, 0)\n"
	    "pid > 0", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	ck_assert_ptr_nonnull(strstr(r.out.ptr, "child says hi"));
	/* One value, from the parent. */
	ck_assert_str_eq(r.display.ptr, "replace:[text/plain]True\n");
	result_release(&r);
	expect_value(k, 2, "'parent still serves'", "'parent still serves'");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_threads_left_running_do_not_block_shutdown)
{
	struct kern *k = start();
	struct timespec t0, t1;
	double ms;

	expect_value(k, 1, "import threading, time\n"
	    "t = threading.Thread(target=lambda: time.sleep(1000))\n"
	    "t.start()\nt.is_alive()", "True");
	expect_value(k, 2, "threading.active_count() >= 2", "True");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kern_shutdown(k, 5000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	ck_assert_msg(ms < 2000, "shutdown took %.0f ms", ms);
	ck_assert_int_eq(kern_exit_status(k), 0);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_recursion_overflow_is_exception)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "def f(n):\n    return f(n + 1)\nf(0)", &r),
	    0);
	ck_assert_str_eq(r.exc_type.ptr, "RecursionError");
	result_release(&r);
	expect_value(k, 2, "'ok'", "'ok'");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_memory_limit_gives_memory_error)
{
	struct kern_opts o = { 0 };
	struct kern *k;
	struct result r;

#ifdef __SANITIZE_ADDRESS__
	/* ASan's shadow memory alone is bigger than any such limit. */
	return;
#endif
	o.as_max = (uint64_t)2 << 30;
	k = start_with(&o);
	ck_assert_int_eq(run(k, 1, "b = bytearray(10 * 1024 ** 3)", &r), 0);
	ck_assert_str_eq(r.exc_type.ptr, "MemoryError");
	result_release(&r);
	expect_value(k, 2, "'ok'", "'ok'");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_cpu_limit_stops_cell)
{
	struct kern_opts o = { 0 };
	struct kern *k;
	struct result r;

	o.cpu_max_s = 1;
	k = start_with(&o);
	ck_assert_int_eq(run(k, 1, "while True:\n    pass", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_EXCEPTION);
	ck_assert_str_eq(r.exc_type.ptr, "TimeoutError");
	result_release(&r);
	expect_value(k, 2, "'ok'", "'ok'");
	kern_free(k);
}
END_TEST

static char *
make_venv(const char *version, bool with_module)
{
	char tmpl[] = "/tmp/quire-venv-XXXXXX";
	char *dir = mkdtemp(tmpl);
	struct buf p = BUF_INIT;
	FILE *f;

	ck_assert_ptr_nonnull(dir);
	buf_addf(&p, "%s/pyvenv.cfg", dir);
	f = fopen(p.ptr, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "home = /usr/bin\nversion = %s\n", version);
	fclose(f);
	buf_reset(&p);
	buf_addf(&p, "mkdir -p %s/lib/python3.11/site-packages", dir);
	ck_assert_int_eq(system(p.ptr), 0);
	if (with_module) {
		buf_reset(&p);
		buf_addf(&p, "%s/lib/python3.11/site-packages/venvmod.py", dir);
		f = fopen(p.ptr, "w");
		fprintf(f, "WHERE = 'venv'\n");
		fclose(f);
	}
	buf_release(&p);
	return strdup(dir);
}

START_TEST(test_kern_venv_version_mismatch_is_clear_error)
{
	struct kern_opts o = { 0 };
	struct kern *k;
	struct proto_msg m = PROTO_MSG_INIT;
	char *dir = make_venv("3.99.1", false);
	int r;

	o.venv = dir;
	k = start_with(&o);
	while ((r = kern_wait(k, &m, WAIT_MS)) == 1)
		proto_msg_release(&m);
	ck_assert_int_eq(r, -1);
	ck_assert_int_eq(kern_exit_status(k), 2);
	ck_assert_ptr_nonnull(strstr(kern_death(k), "is Python 3.99"));
	ck_assert_ptr_nonnull(strstr(kern_death(k), "embeds Python 3."));
	kern_free(k);
	free(dir);
}
END_TEST

START_TEST(test_kern_venv_adds_site_packages)
{
	struct kern_opts o = { 0 };
	struct kern *k;
	char *dir = make_venv("3.11.2", true);

	o.venv = dir;
	k = start_with(&o);
	expect_value(k, 1, "import venvmod\nvenvmod.WHERE", "'venv'");
	kern_free(k);
	free(dir);
}
END_TEST

START_TEST(test_kern_import_marimo_is_quire)
{
	struct kern *k = start();
	struct result r;

	expect_value(k, 1, "import marimo as mo\nmo.__name__", "'quire.mo'");
	ck_assert_int_eq(run(k, 2, "mo.md('# Title')", &r), 0);
	ck_assert_str_eq(r.display.ptr,
	    "replace:[text/markdown]# Title[text/plain]# Title\n");
	result_release(&r);
	expect_value(k, 3, "import marimo.ui\nmarimo.ui.slider(0, 10).value",
	    "0");
	ck_assert_int_eq(run(k, 4, "import marimo._runtime.nope", &r), 0);
	ck_assert_str_eq(r.exc_type.ptr, "ModuleNotFoundError");
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_mo_stop_sets_output)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import marimo as mo\n"
	    "mo.stop(True, mo.md('halted'))\nprint('not reached')", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_STOPPED);
	ck_assert_uint_eq(r.out.len, 0);
	ck_assert_ptr_nonnull(strstr(r.display.ptr, "halted"));
	result_release(&r);
	ck_assert_int_eq(run(k, 2, "mo.stop(False)\n3", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_mo_state_setter_reports_names)
{
	struct kern *k = start();
	struct result r;

	expect_value(k, 1, "import marimo as mo\nget_n, set_n = mo.state(1)\n"
	    "get_n()", "1");
	ck_assert_int_eq(run(k, 2, "set_n(lambda v: v + 4)", &r), 0);
	ck_assert_str_eq(r.states.ptr, "2:get_n ");
	result_release(&r);
	expect_value(k, 3, "get_n()", "5");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_mo_output_append_and_clear)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "import marimo as mo\n"
	    "mo.output.append('a')\nmo.output.append(mo.md('b'))\n"
	    "mo.output.clear()", &r), 0);
	ck_assert_str_eq(r.display.ptr, "append:[text/plain]'a'\n"
	    "append:[text/markdown]b[text/plain]b\nclear:\n");
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_cli_args_and_notebook_dir)
{
	static const char *const args[] = { "--size", "10", "--name=x",
		"--flag" };
	struct kern_opts o = { 0 };
	struct kern *k;

	o.cli_args = args;
	o.ncli_args = 4;
	o.notebook_path = "/tmp/somewhere/nb.py";
	o.mode = "script";
	k = start_with(&o);
	expect_value(k, 1, "import marimo as mo\ndict(mo.cli_args())",
	    "{'size': 10, 'name': 'x', 'flag': ''}");
	expect_value(k, 2, "str(mo.notebook_dir())", "'/tmp/somewhere'");
	expect_value(k, 3, "mo.app_meta().mode", "'script'");
	expect_value(k, 4, "__file__", "'/tmp/somewhere/nb.py'");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_async_cell_awaits)
{
	struct kern *k = start();

	expect_value(k, 1, "import asyncio\nawait asyncio.sleep(0)\n"
	    "x = await asyncio.sleep(0, result=42)\nx", "42");
	kern_free(k);
}
END_TEST

START_TEST(test_kern_table_and_markdown_forms)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "[{'a': 1, 'b': 'x'}, {'a': 2}]", &r), 0);
	ck_assert_ptr_nonnull(strstr(r.display.ptr,
	    "[application/vnd.quire.table+json]{\"table_id\": \"tbl-"));
	ck_assert_ptr_nonnull(strstr(r.display.ptr,
	    "\"columns\": [\"a\", \"b\"], \"index_columns\": 0, "
	    "\"nrows\": 2, \"offset\": 0, "
	    "\"rows\": [[1, \"x\"], [2, null]]"));
	ck_assert_ptr_nonnull(strstr(r.display.ptr, "[text/plain][{'a': 1"));
	result_release(&r);
	ck_assert_int_eq(run(k, 2, "class M:\n    def _repr_markdown_(self):\n"
	    "        return '*md*'\nM()", &r), 0);
	ck_assert_ptr_nonnull(strstr(r.display.ptr, "[text/markdown]*md*"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_completion_from_globals)
{
	struct kern *k = start();
	struct proto_complete c = { .id = 5, .code = "x = alp", .codelen = 7,
	    .pos = 7 };
	struct proto_completions cs;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf f = BUF_INIT;
	size_t i;
	bool found = false;

	expect_value(k, 1, "alpha_value = 1\nalpha_value", "1");
	ck_assert_int_eq(proto_complete_encode(&f, &c), 0);
	ck_assert_int_eq(kern_send_frame(k, f.ptr, f.len), 0);
	ck_assert_int_eq(kern_wait(k, &m, WAIT_MS), 1);
	ck_assert_int_eq(m.type, PROTO_COMPLETIONS);
	ck_assert_int_eq(proto_completions_parse(&cs, &m), 0);
	ck_assert_uint_eq(cs.id, 5);
	ck_assert_uint_eq(cs.replace_len, 3);
	for (i = 0; i < cs.nitems; i++)
		if (strcmp(cs.items[i], "alpha_value") == 0)
			found = true;
	ck_assert(found);
	proto_completions_release(&cs);
	proto_msg_release(&m);
	buf_release(&f);
	kern_free(k);
}
END_TEST

/* Ask for completions with a hint at the end of code; *out parsed. */
static void
complete_hint(struct kern *k, const char *code, struct proto_msg *m,
    struct proto_completions *out)
{
	struct proto_complete c = { .id = 8, .code = code,
	    .codelen = strlen(code), .pos = strlen(code), .hint = true };
	struct buf f = BUF_INIT;

	ck_assert_int_eq(proto_complete_encode(&f, &c), 0);
	ck_assert_int_eq(kern_send_frame(k, f.ptr, f.len), 0);
	ck_assert_int_eq(kern_wait(k, m, WAIT_MS), 1);
	ck_assert_int_eq(m->type, PROTO_COMPLETIONS);
	ck_assert_int_eq(proto_completions_parse(out, m), 0);
	buf_release(&f);
}

START_TEST(test_kern_completion_hint_never_runs_user_code)
{
	struct kern *k = start();
	struct proto_completions cs;
	struct proto_msg m = PROTO_MSG_INIT;

	expect_value(k, 1, "def scale(x, *, by=2):\n"
	    "    \"\"\"Multiply x.\n\n    More text.\"\"\"\n    return x * by\n"
	    "class Box:\n    \"A box.\"\n    def __init__(self, w, h=1):\n"
	    "        pass\n    @property\n    def trap(self):\n"
	    "        print('RAN')\n        return len\n"
	    "b = Box(1)\n1", "1");
	complete_hint(k, "scale(3, ", &m, &cs);
	ck_assert_str_eq(cs.signature, "scale(x, *, by=2)");
	ck_assert_str_eq(cs.doc, "Multiply x.");
	proto_completions_release(&cs);
	proto_msg_release(&m);
	complete_hint(k, "y = Box(", &m, &cs);
	ck_assert_str_eq(cs.signature, "Box(w, h=1)");
	ck_assert_str_eq(cs.doc, "A box.");
	proto_completions_release(&cs);
	proto_msg_release(&m);
	/* A property is not called to find what it returns: had it run, its
	 * print would have come as a STREAM before the answer. */
	complete_hint(k, "b.trap(", &m, &cs);
	ck_assert_ptr_null(cs.signature);
	proto_completions_release(&cs);
	proto_msg_release(&m);
	complete_hint(k, "len(scale(1), ", &m, &cs);
	ck_assert_str_eq(cs.signature, "len(obj, /)");
	proto_completions_release(&cs);
	proto_msg_release(&m);
	kern_free(k);
}
END_TEST

static const struct proto_var *
find_var(const struct proto_vars *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nvars; i++)
		if (strcmp(v->vars[i].name, name) == 0)
			return &v->vars[i];
	return NULL;
}

START_TEST(test_kern_variables_type_and_short_repr)
{
	static const char *const names[] = { "x", "big", "bad", "absent" };
	struct kern *k = start();
	struct proto_variables q = { 9, names, 4 };
	struct proto_vars v;
	const struct proto_var *e;
	struct proto_msg m = PROTO_MSG_INIT;
	struct buf f = BUF_INIT;
	struct result r;
	struct timespec t0, t1;
	double secs;

	ck_assert_int_eq(run(k, 1, "class Bad:\n"
	    "    def __repr__(self):\n"
	    "        raise RuntimeError('no')\n"
	    "x = 42\n"
	    "big = list(range(10**6))\n"
	    "bad = Bad()\n", &r), 0);
	ck_assert_int_eq(r.done.status, PROTO_STATUS_OK);
	result_release(&r);
	ck_assert_int_eq(proto_variables_encode(&f, &q), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(kern_send_frame(k, f.ptr, f.len), 0);
	ck_assert_int_eq(kern_wait(k, &m, WAIT_MS), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(secs < 0.5, "the answer took %.3f s", secs);
	ck_assert_int_eq(m.type, PROTO_VARS);
	ck_assert_int_eq(proto_vars_parse(&v, &m), 0);
	ck_assert_uint_eq(v.id, 9);
	ck_assert_uint_eq(v.nvars, 3);
	ck_assert_ptr_null(find_var(&v, "absent"));
	ck_assert_ptr_nonnull(e = find_var(&v, "x"));
	ck_assert_str_eq(e->type, "int");
	ck_assert_str_eq(e->repr, "42");
	ck_assert_ptr_nonnull(e = find_var(&v, "big"));
	ck_assert_str_eq(e->type, "list");
	ck_assert_str_eq(e->repr, "list, len 1000000");
	ck_assert_ptr_nonnull(e = find_var(&v, "bad"));
	ck_assert_str_eq(e->type, "Bad");
	/* Whatever it says, it says it in one short line. */
	ck_assert_ptr_nonnull(strstr(e->repr, "Bad"));
	ck_assert_uint_le(strlen(e->repr), 60);
	proto_vars_release(&v);
	proto_msg_release(&m);
	buf_release(&f);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_garbage_on_socket_kills_kernel)
{
	struct kern *k = start();
	struct result r;

	/* The kernel's socket is fd 3; a frame claiming 4 GiB is refused. */
	ck_assert_int_eq(run(k, 1, "import os\n"
	    "os.write(3, b'\\xff\\xff\\xff\\xff\\x41garbage')\n"
	    "import time\ntime.sleep(10)", &r), -1);
	ck_assert_ptr_nonnull(strstr(kern_death(k), "broke the protocol"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_input_fails_clearly)
{
	struct kern *k = start();
	struct result r;

	ck_assert_int_eq(run(k, 1, "input('name? ')", &r), 0);
	ck_assert_str_eq(r.exc_type.ptr, "OSError");
	ck_assert_ptr_nonnull(strstr(r.exc_msg.ptr, "stdin"));
	result_release(&r);
	kern_free(k);
}
END_TEST

START_TEST(test_kern_not_started_refuses_send)
{
	struct kern_opts o = { 0 };
	struct kern *k = kern_new(&o);
	struct proto_msg m = PROTO_MSG_INIT;

	ck_assert(!kern_is_alive(k));
	ck_assert_int_eq(kern_fd(k), -1);
	ck_assert_int_eq(kern_send(k, PROTO_SHUTDOWN, NULL, NULL, 0), -1);
	ck_assert_int_eq(kern_next(k, &m), -1);
	ck_assert_int_eq(kern_interrupt(k), -1);
	ck_assert_ptr_null(kern_death(k));
	kern_free(k);
}
END_TEST

START_TEST(test_kern_missing_program_is_death)
{
	struct kern_opts o = { 0 };
	struct kern *k;
	struct proto_msg m = PROTO_MSG_INIT;

	o.exe = "/nonexistent/quire";
	k = kern_new(&o);
	ck_assert_int_eq(kern_start(k), 0);
	ck_assert_int_eq(kern_wait(k, &m, WAIT_MS), -1);
	ck_assert_int_eq(kern_exit_status(k), 127);
	ck_assert_ptr_nonnull(strstr(kern_death(k), "cannot run the kernel"));
	kern_free(k);
}
END_TEST

static Suite *
kern_suite(void)
{
	Suite *s = suite_create("kern");
	TCase *tc;

	tc = tcase_create("run");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_kern_ready_names_python);
	tcase_add_test(tc, test_kern_print_streams_before_done);
	tcase_add_test(tc, test_kern_output_streams_while_cell_runs);
	tcase_add_test(tc, test_kern_last_expression_is_output);
	tcase_add_test(tc, test_kern_traceback_has_cell_line_numbers);
	tcase_add_test(tc, test_kern_syntax_error_names_cell_line);
	tcase_add_test(tc, test_kern_private_names_are_cell_local);
	tcase_add_test(tc, test_kern_private_closed_over_survives_run);
	tcase_add_test(tc, test_kern_private_params_and_locals_untouched);
	tcase_add_test(tc, test_kern_delete_message_removes_names);
	tcase_add_test(tc, test_kern_run_deletes_listed_names_first);
	tcase_add_test(tc, test_kern_failed_dependency_skips_cell);
	tcase_add_test(tc, test_kern_async_cell_awaits);
	tcase_add_test(tc, test_kern_table_and_markdown_forms);
	tcase_add_test(tc, test_kern_completion_from_globals);
	tcase_add_test(tc, test_kern_completion_hint_never_runs_user_code);
	tcase_add_test(tc, test_kern_variables_type_and_short_repr);
	tcase_add_test(tc, test_kern_input_fails_clearly);
	suite_add_tcase(s, tc);

	tc = tcase_create("marimo");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_kern_import_marimo_is_quire);
	tcase_add_test(tc, test_kern_mo_stop_sets_output);
	tcase_add_test(tc, test_kern_mo_state_setter_reports_names);
	tcase_add_test(tc, test_kern_mo_output_append_and_clear);
	tcase_add_test(tc, test_kern_cli_args_and_notebook_dir);
	suite_add_tcase(s, tc);

	tc = tcase_create("faults");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_kern_interrupt_raises_in_cell);
	tcase_add_test(tc, test_kern_interrupt_skips_rest_of_batch);
	tcase_add_test(tc, test_kern_idle_interrupt_does_not_hit_next_cell);
	tcase_add_test(tc, test_kern_segfault_is_reported_death);
	tcase_add_test(tc, test_kern_os_exit_status_reported);
	tcase_add_test(tc, test_kern_restart_gives_fresh_kernel);
	tcase_add_test(tc, test_kern_sys_exit_is_cell_exception);
	tcase_add_test(tc, test_kern_output_limit_drops_excess);
	tcase_add_test(tc, test_kern_fd_writes_are_captured);
	tcase_add_test(tc, test_kern_closed_stdout_comes_back);
	tcase_add_test(tc, test_kern_stdout_pointed_elsewhere_stays);
	tcase_add_test(tc, test_kern_forked_child_stays_quiet);
	tcase_add_test(tc,
	    test_kern_threads_left_running_do_not_block_shutdown);
	tcase_add_test(tc, test_kern_recursion_overflow_is_exception);
	tcase_add_test(tc, test_kern_memory_limit_gives_memory_error);
	tcase_add_test(tc, test_kern_cpu_limit_stops_cell);
	tcase_add_test(tc, test_kern_venv_version_mismatch_is_clear_error);
	tcase_add_test(tc, test_kern_venv_adds_site_packages);
	tcase_add_test(tc, test_kern_garbage_on_socket_kills_kernel);
	tcase_add_test(tc, test_kern_not_started_refuses_send);
	tcase_add_test(tc, test_kern_missing_program_is_death);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	skip_without_quire();
#ifdef __SANITIZE_ADDRESS__
	/* A crashing cell must die by its signal, as without ASan. */
	setenv("ASAN_OPTIONS", "handle_segv=0:detect_leaks=0", 1);
#endif
	sr = srunner_create(kern_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
