/*
 * kernel.c: the kernel process. Owns the embedded interpreter that runs
 * user code, the notebook's one globals dict, the socket to the editor,
 * and everything that keeps the protocol intact while arbitrary code
 * runs: fd 1 and 2 point at pipes a thread drains into STREAM frames,
 * so print() from C, os.write(1, ...) and child processes cannot corrupt
 * the framing; output per cell is capped; SIGINT becomes
 * KeyboardInterrupt in the running cell; a forked child never speaks on
 * the socket. Compiling cells and rendering values is Python work and
 * lives in python/quire/_kernel.py; the editor's side is kern.c.
 *
 * The one idea: the kernel answers every RUN with exactly one DONE, and
 * the only way it fails to is by dying, which the editor sees at once.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "config.h"
#include "kernel.h"

#ifndef QUIRE_SRCDIR
#define QUIRE_SRCDIR "."
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "proto.h"
#include "xmalloc.h"

#define KERNEL_READ_CHUNK 65536
/* The oldest DONE in the spill area goes out after this long. Short
 * enough that the editor (quire run) handles one batch while the kernel
 * runs the next: the last batch is all it has left to do after the last
 * cell, and at 2 ms that was a millisecond of a 1,000-cell run. */
#define KERNEL_SPILL_US 500
/* After the CPU limit's first SIGXCPU the cell gets this many more
 * seconds of CPU to unwind before the kernel kills itself. */
#define KERNEL_CPU_GRACE_S 3

struct kernel {
	int sock;
	pid_t pid;		/* sent in READY */
	int log_fd;		/* our stderr from kern.c: crash reports */
	int out_r, out_w;	/* pipe behind fd 1 */
	int err_r, err_w;	/* pipe behind fd 2 */
	pthread_t drainer;
	pthread_mutex_t send_lock;	/* one frame at a time on sock */
	struct proto_spill *spill;	/* DONE frames not sent yet, or NULL */
	uint64_t spill_since;	/* when the oldest of them was added */
	int wake_fd;		/* eventfd: the drainer has a deadline */
	pthread_mutex_t drain_lock;	/* one reader of the pipes */

	/* Accounting of the running (or last) cell; under send_lock. */
	_Atomic uint32_t cell;
	uint64_t out_len;	/* bytes sent for this cell */
	uint64_t dropped;	/* bytes over output_max, not sent */
	bool noted;		/* the "output dropped" note was sent */
	uint64_t output_max;	/* 0: no limit */
	uint32_t cpu_max_s;	/* 0: no limit */

	/* The current batch: an interrupt skips the rest of it. */
	uint32_t batch;
	bool batch_interrupted;
	bool std_closed;	/* a cell closed fd 1 or 2: redirect again */
	uint32_t *failed;	/* cells whose latest run did not succeed */
	size_t nfailed, failed_alloc;

	bool widgets_armed;	/* a run_button waits to be reset */

	PyObject *globals;	/* __main__.__dict__, borrowed */
	PyObject *mod;		/* quire._kernel */
	PyObject *stop_cls;	/* quire._kernel.StopCell */
	PyObject *fn_prepare, *fn_finish;	/* called for every cell */
	struct proto_dec *dec;
};

/*
 * The one kernel of this process. File-scope because a fork handler, a
 * signal handler and the _quire module's functions must reach it and
 * none of them takes an argument.
 */
static struct kernel *kernel_self;
static volatile sig_atomic_t kernel_forked;
static volatile sig_atomic_t kernel_xcpu_count;

/* Sending */

static void
kernel_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* The editor is gone: nobody is left to run for. */
			_exit(0);
		}
		p += n;
		len -= (size_t)n;
	}
}

static uint64_t
kernel_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Send the DONE frames waiting in the spill area; call with send_lock. */
static void
kernel_spill_flush(struct kernel *k)
{
	uint32_t len;

	if (k->spill == NULL || kernel_forked)
		return;
	len = atomic_load_explicit(&k->spill->len, memory_order_relaxed);
	if (len == 0)
		return;
	kernel_write_all(k->sock, k->spill->data, len);
	atomic_store_explicit(&k->spill->len, 0, memory_order_release);
}

/* One frame, after the DONEs before it; call with send_lock. */
static void
kernel_write_frame(struct kernel *k, const char *p, size_t len)
{
	kernel_spill_flush(k);
	kernel_write_all(k->sock, p, len);
}

static void
kernel_send(struct kernel *k, const struct buf *frame)
{
	if (kernel_forked)
		return;
	pthread_mutex_lock(&k->send_lock);
	kernel_write_frame(k, frame->ptr, frame->len);
	pthread_mutex_unlock(&k->send_lock);
}

/*
 * A DONE waits in the spill area, so a run of quick cells costs one
 * write (and one wake-up of the editor) per KERNEL_SPILL_US, not one
 * per cell; the drainer thread sends it when nothing else has by then.
 */
static void
kernel_send_done(struct kernel *k, const struct proto_done *d)
{
	struct buf frame = BUF_INIT;
	uint64_t one = 1;
	uint32_t len;
	bool wake = false;

	if (kernel_forked || proto_done_encode(&frame, d) < 0) {
		buf_release(&frame);
		return;
	}
	pthread_mutex_lock(&k->send_lock);
	if (k->spill == NULL || frame.len > sizeof k->spill->data)
		kernel_write_frame(k, frame.ptr, frame.len);
	else {
		len = atomic_load_explicit(&k->spill->len,
		    memory_order_relaxed);
		if (frame.len > sizeof k->spill->data - len) {
			kernel_spill_flush(k);
			len = 0;
		}
		memcpy(k->spill->data + len, frame.ptr, frame.len);
		/* Whole frames only: the editor may read this after our
		 * death. */
		atomic_store_explicit(&k->spill->len, len +
		    (uint32_t)frame.len, memory_order_release);
		if (len == 0) {
			k->spill_since = kernel_now_us();
			wake = true;
		} else if (kernel_now_us() - k->spill_since >= KERNEL_SPILL_US)
			kernel_spill_flush(k);
	}
	pthread_mutex_unlock(&k->send_lock);
	if (wake && k->wake_fd >= 0)
		(void)!write(k->wake_fd, &one, sizeof one);
	buf_release(&frame);
}

/*
 * Output of the current cell, counted against output_max. What goes over
 * the limit is dropped, with one note on stderr so the user sees why.
 */
static uint64_t
kernel_take_quota(struct kernel *k, uint64_t len, bool *note)
{
	uint64_t room;

	*note = false;
	if (k->output_max == 0) {
		k->out_len += len;
		return len;
	}
	room = k->out_len < k->output_max ? k->output_max - k->out_len : 0;
	if (len > room) {
		k->dropped += len - room;
		if (!k->noted) {
			k->noted = true;
			*note = true;
		}
		len = room;
	}
	k->out_len += len;
	return len;
}

static void
kernel_stream(struct kernel *k, enum proto_stream_name name, const char *p,
    size_t len)
{
	struct proto_stream s;
	struct buf frame = BUF_INIT;
	uint64_t keep;
	bool note;

	if (kernel_forked) {
		kernel_write_all(name == PROTO_STDERR ? 2 : 1, p, len);
		return;
	}
	while (len > 0) {
		/* Frames stay well under the limit: chunk big writes. */
		size_t n = len > (1u << 20) ? (1u << 20) : len;

		pthread_mutex_lock(&k->send_lock);
		keep = kernel_take_quota(k, n, &note);
		s.cell = atomic_load(&k->cell);
		if (keep > 0) {
			s.name = name;
			s.data = p;
			s.len = (size_t)keep;
			buf_reset(&frame);
			if (proto_stream_encode(&frame, &s) == 0)
				kernel_write_frame(k, frame.ptr, frame.len);
		}
		if (note) {
			struct buf msg = BUF_INIT;

			buf_addf(&msg, "\n[quire: this cell's output reached "
			    "the limit of %" PRIu64 " bytes; the rest is "
			    "dropped]\n", k->output_max);
			s.name = PROTO_STDERR;
			s.data = msg.ptr;
			s.len = msg.len;
			buf_reset(&frame);
			if (proto_stream_encode(&frame, &s) == 0)
				kernel_write_frame(k, frame.ptr, frame.len);
			buf_release(&msg);
		}
		pthread_mutex_unlock(&k->send_lock);
		p += n;
		len -= n;
	}
	buf_release(&frame);
}

static void
kernel_send_error(struct kernel *k, const char *message, bool fatal)
{
	struct proto_error e = { message, fatal };
	struct buf frame = BUF_INIT;

	if (proto_error_encode(&frame, &e) == 0)
		kernel_send(k, &frame);
	buf_release(&frame);
}

/* The pipes behind fd 1 and 2 */

/* Read what the pipes hold now and send it; call with drain_lock. A
 * short read has emptied the pipe. */
static bool
kernel_drain_once(struct kernel *k, int fd, enum proto_stream_name name)
{
	char chunk[KERNEL_READ_CHUNK];
	ssize_t n;
	bool any = false;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return any;
		kernel_stream(k, name, chunk, (size_t)n);
		any = true;
		if ((size_t)n < sizeof chunk)
			return any;
	}
}

static void *
kernel_drainer(void *arg)
{
	struct kernel *k = arg;
	struct pollfd pfd[3];
	uint64_t age, count;
	sigset_t all;
	int timeout;

	/* Signals are for the main thread, where Python handles them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pfd[0].fd = k->out_r;
	pfd[0].events = POLLIN;
	pfd[1].fd = k->err_r;
	pfd[1].events = POLLIN;
	pfd[2].fd = k->wake_fd;
	pfd[2].events = POLLIN;
	for (;;) {
		/* DONEs in the spill area have a deadline. */
		timeout = -1;
		pthread_mutex_lock(&k->send_lock);
		if (k->spill != NULL && atomic_load_explicit(&k->spill->len,
		    memory_order_relaxed) > 0) {
			age = kernel_now_us() - k->spill_since;
			if (age >= KERNEL_SPILL_US)
				kernel_spill_flush(k);
			else
				timeout = (int)((KERNEL_SPILL_US - age + 999) /
				    1000);
		}
		pthread_mutex_unlock(&k->send_lock);
		if (poll(pfd, k->wake_fd >= 0 ? 3 : 2, timeout) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (k->wake_fd >= 0 && (pfd[2].revents & POLLIN))
			(void)!read(k->wake_fd, &count, sizeof count);
		pthread_mutex_lock(&k->drain_lock);
		if (pfd[0].revents)
			(void)kernel_drain_once(k, k->out_r, PROTO_STDOUT);
		if (pfd[1].revents)
			(void)kernel_drain_once(k, k->err_r, PROTO_STDERR);
		pthread_mutex_unlock(&k->drain_lock);
	}
}

/* Everything written to fd 1 and 2 so far goes out before DONE. */
static void
kernel_drain(struct kernel *k)
{
	struct pollfd pfd[4] = { { k->out_r, POLLIN, 0 },
		{ k->err_r, POLLIN, 0 }, { 1, 0, 0 }, { 2, 0, 0 } };

	(void)fflush(stdout);
	(void)fflush(stderr);
	pthread_mutex_lock(&k->drain_lock);
	/* One poll for the usual cell that wrote nothing to fd 1 or 2; it
	 * also tells whether the cell closed one of them (POLLNVAL). */
	if (poll(pfd, 4, 0) < 0)
		pfd[0].revents = pfd[1].revents = POLLIN;
	if ((pfd[2].revents | pfd[3].revents) & POLLNVAL)
		k->std_closed = true;
	if (pfd[0].revents != 0)
		(void)kernel_drain_once(k, k->out_r, PROTO_STDOUT);
	if (pfd[1].revents != 0)
		(void)kernel_drain_once(k, k->err_r, PROTO_STDERR);
	pthread_mutex_unlock(&k->drain_lock);
}

static int
kernel_pipe(int *r, int *w)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) < 0)
		return -1;
	*r = p[0];
	*w = p[1];
	return 0;
}

/*
 * Point fd 1 and 2 at the pipes: at the start, and before the next cell
 * when one was closed (kernel_drain sees it). One that a cell pointed
 * elsewhere (dup2, or closed and reopened) stays so, as it would in a
 * python3 script: two dup2 calls a cell were a fifth of its time.
 */
static void
kernel_redirect(struct kernel *k)
{
	(void)dup2(k->out_w, 1);
	(void)dup2(k->err_w, 2);
}

static void
kernel_atfork_child(void)
{
	/* The child of a cell's fork() must never write frames: the socket
	 * belongs to the parent. Its output still reaches fd 1 and 2. */
	kernel_forked = 1;
	if (kernel_self != NULL && kernel_self->sock >= 0)
		(void)close(kernel_self->sock);
}

static void
kernel_on_xcpu(int sig)
{
	static const char msg[] = "quire kernel: the cell did not stop at "
	    "its CPU limit; killing the kernel\n";

	(void)sig;
	if (++kernel_xcpu_count == 1) {
		(void)PyErr_SetInterruptEx(SIGINT);
		return;
	}
	if (kernel_xcpu_count > KERNEL_CPU_GRACE_S) {
		if (kernel_self != NULL)
			(void)!write(kernel_self->log_fd, msg, sizeof msg - 1);
		(void)signal(SIGKILL, SIG_DFL);
		(void)kill(getpid(), SIGKILL);
	}
}

static void
kernel_cpu_limit(struct kernel *k, bool on)
{
	struct rlimit rl;
	struct rusage ru;

	if (k->cpu_max_s == 0)
		return;
	if (getrlimit(RLIMIT_CPU, &rl) < 0)
		return;
	if (on) {
		if (getrusage(RUSAGE_SELF, &ru) < 0)
			return;
		rl.rlim_cur = (rlim_t)ru.ru_utime.tv_sec +
		    (rlim_t)ru.ru_stime.tv_sec + 1 + k->cpu_max_s;
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
			rl.rlim_cur = rl.rlim_max;
	} else
		rl.rlim_cur = rl.rlim_max;
	kernel_xcpu_count = 0;
	(void)setrlimit(RLIMIT_CPU, &rl);
}

/* The _quire module: what quire/_kernel.py calls back into */

static PyObject *
kernel_py_write(PyObject *self, PyObject *args)
{
	int fd;
	PyObject *data, *bytes = NULL;
	const char *p;
	Py_ssize_t len;

	(void)self;
	if (!PyArg_ParseTuple(args, "iO:write", &fd, &data))
		return NULL;
	if (PyUnicode_Check(data)) {
		bytes = PyUnicode_AsEncodedString(data, "utf-8",
		    "surrogateescape");
		if (bytes == NULL)
			return NULL;
	} else if (PyBytes_Check(data))
		bytes = Py_NewRef(data);
	else {
		PyErr_SetString(PyExc_TypeError, "write() takes str or bytes");
		return NULL;
	}
	p = PyBytes_AS_STRING(bytes);
	len = PyBytes_GET_SIZE(bytes);
	Py_BEGIN_ALLOW_THREADS
	kernel_stream(kernel_self, fd == 2 ? PROTO_STDERR : PROTO_STDOUT, p,
	    (size_t)len);
	Py_END_ALLOW_THREADS
	Py_DECREF(bytes);
	Py_RETURN_NONE;
}

static PyObject *
kernel_py_display(PyObject *self, PyObject *args)
{
	struct kernel *k = kernel_self;
	const char *op;
	PyObject *items, *seq = NULL;
	struct proto_display d = { 0 };
	struct buf frame = BUF_INIT;
	Py_ssize_t i, n;
	uint64_t total = 0, keep;
	bool note;

	(void)self;
	if (!PyArg_ParseTuple(args, "sO:display", &op, &items))
		return NULL;
	if (strcmp(op, "replace") == 0)
		d.op = PROTO_DISPLAY_REPLACE;
	else if (strcmp(op, "append") == 0)
		d.op = PROTO_DISPLAY_APPEND;
	else if (strcmp(op, "clear") == 0)
		d.op = PROTO_DISPLAY_CLEAR;
	else {
		PyErr_Format(PyExc_ValueError, "unknown display op %s", op);
		return NULL;
	}
	seq = PySequence_Fast(items, "display items must be a sequence");
	if (seq == NULL)
		return NULL;
	n = PySequence_Fast_GET_SIZE(seq);
	if (n > 0)
		d.items = xreallocarray(NULL, (size_t)n, sizeof *d.items);
	for (i = 0; i < n; i++) {
		PyObject *it = PySequence_Fast_GET_ITEM(seq, i);
		const char *mime, *data;
		Py_ssize_t len;

		if (!PyArg_ParseTuple(it, "sy#", &mime, &data, &len))
			goto fail;
		d.items[i].mime = mime;
		d.items[i].data = data;
		d.items[i].len = (size_t)len;
		total += (uint64_t)len;
	}
	d.nitems = (size_t)n;
	if (kernel_forked)
		goto done;
	pthread_mutex_lock(&k->send_lock);
	d.cell = atomic_load(&k->cell);
	keep = kernel_take_quota(k, total, &note);
	if (keep == total && proto_display_encode(&frame, &d) == 0)
		kernel_write_frame(k, frame.ptr, frame.len);
	else if (keep < total)
		k->out_len -= keep;	/* an image is all or nothing */
	pthread_mutex_unlock(&k->send_lock);
	if (note) {
		static const char msg[] = "\n[quire: this cell's output "
		    "reached its limit; an output was dropped]\n";

		kernel_stream(k, PROTO_STDERR, msg, sizeof msg - 1);
	}
done:
	free(d.items);
	Py_DECREF(seq);
	buf_release(&frame);
	Py_RETURN_NONE;
fail:
	free(d.items);
	Py_DECREF(seq);
	return NULL;
}

static PyObject *
kernel_py_cell(PyObject *self, PyObject *args)
{
	(void)self;
	(void)args;
	return PyLong_FromUnsignedLong(atomic_load(&kernel_self->cell));
}

/* set_cell(id): the cell output is counted for and sent as, until set
 * back; returns the previous one. For on_change callbacks, which write
 * to the console of the cell that made their element. */
static PyObject *
kernel_py_set_cell(PyObject *self, PyObject *args)
{
	unsigned long cell;

	(void)self;
	if (!PyArg_ParseTuple(args, "k:set_cell", &cell))
		return NULL;
	if (cell > UINT32_MAX) {
		PyErr_SetString(PyExc_ValueError, "cell id out of range");
		return NULL;
	}
	return PyLong_FromUnsignedLong(atomic_exchange(&kernel_self->cell,
	    (uint32_t)cell));
}

static PyMethodDef kernel_py_methods[] = {
	{ "write", kernel_py_write, METH_VARARGS,
	    "write(fd, data): send stdout (1) or stderr (2) output" },
	{ "display", kernel_py_display, METH_VARARGS,
	    "display(op, [(mime, bytes), ...]): send a cell output" },
	{ "cell", kernel_py_cell, METH_NOARGS,
	    "cell(): id of the running (or last) cell" },
	{ "set_cell", kernel_py_set_cell, METH_VARARGS,
	    "set_cell(id): send output as this cell's; returns the last" },
	{ NULL, NULL, 0, NULL }
};

static struct PyModuleDef kernel_py_module = {
	PyModuleDef_HEAD_INIT, "_quire",
	"The C side of quire's kernel (src/kernel.c).", -1,
	kernel_py_methods, NULL, NULL, NULL, NULL
};

static PyObject *
kernel_py_init(void)
{
	return PyModule_Create(&kernel_py_module);
}

/* Python helpers */

/* err_set() from the pending Python exception, cleared. */
static void
kernel_py_err(const char *what)
{
	PyObject *type, *value, *tb, *s = NULL;

	PyErr_Fetch(&type, &value, &tb);
	if (value != NULL)
		s = PyObject_Str(value);
	err_set("%s: %s%s%s", what,
	    type != NULL ? ((PyTypeObject *)type)->tp_name : "error",
	    s != NULL ? ": " : "", s != NULL ? PyUnicode_AsUTF8(s) : "");
	if (PyErr_Occurred())
		PyErr_Clear();
	Py_XDECREF(s);
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
}

/* fn(args...), the arguments built from fmt as Py_BuildValue does; new
 * reference or NULL (Python exception set). */
static PyObject *
kernel_vcall(PyObject *fn, const char *fmt, va_list ap)
{
	PyObject *args, *r;

	args = Py_VaBuildValue(fmt, ap);
	if (args == NULL)
		return NULL;
	if (!PyTuple_Check(args)) {
		PyObject *t = PyTuple_Pack(1, args);

		Py_DECREF(args);
		args = t;
		if (args == NULL)
			return NULL;
	}
	r = PyObject_Call(fn, args, NULL);
	Py_DECREF(args);
	return r;
}

/* Call quire._kernel.name(args...); new reference or NULL (Python
 * exception set). */
static PyObject *
kernel_call(struct kernel *k, const char *name, const char *fmt, ...)
{
	PyObject *fn, *r;
	va_list ap;

	fn = PyObject_GetAttrString(k->mod, name);
	if (fn == NULL)
		return NULL;
	va_start(ap, fmt);
	r = kernel_vcall(fn, fmt, ap);
	va_end(ap);
	Py_DECREF(fn);
	return r;
}

/*
 * fn(args...) for the two helpers every cell calls, looked up once:
 * arguments as they are, no tuple built from a format. New reference or
 * NULL (Python exception set); the arguments may be NULL when making
 * one failed (its exception set).
 */
static PyObject *
kernel_call_hot(PyObject *fn, PyObject *const *args, size_t nargs)
{
	size_t i;

	if (fn == NULL)
		return NULL;
	for (i = 0; i < nargs; i++)
		if (args[i] == NULL)
			return NULL;
	return PyObject_Vectorcall(fn, args, nargs, NULL);
}

/* Run a helper whose result does not matter; a failure is reported on
 * the cell's stderr, never fatal. */
static void
kernel_call_quiet(struct kernel *k, const char *name, const char *fmt, ...)
{
	PyObject *fn, *args, *r;
	va_list ap;

	fn = PyObject_GetAttrString(k->mod, name);
	if (fn == NULL)
		goto fail;
	va_start(ap, fmt);
	args = Py_VaBuildValue(fmt, ap);
	va_end(ap);
	if (args == NULL) {
		Py_DECREF(fn);
		goto fail;
	}
	if (!PyTuple_Check(args)) {
		PyObject *t = PyTuple_Pack(1, args);

		Py_DECREF(args);
		args = t;
	}
	r = args != NULL ? PyObject_Call(fn, args, NULL) : NULL;
	Py_DECREF(fn);
	Py_XDECREF(args);
	if (r != NULL) {
		Py_DECREF(r);
		return;
	}
fail:
	kernel_py_err(name);
	{
		struct buf msg = BUF_INIT;

		buf_addf(&msg, "[quire: %s]\n", err_last());
		kernel_stream(k, PROTO_STDERR, msg.ptr, msg.len);
		buf_release(&msg);
	}
}

/* Interpreter start */

static bool
kernel_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory holding the quire package: -1 if none is found. */
static int
kernel_find_pydir(struct buf *out, const char *given)
{
	struct buf exe = BUF_INIT, p = BUF_INIT;
	const char *env = getenv("QUIRE_PYDIR");
	char *slash;
	ssize_t n;
	int r = -1;

	if (given != NULL || (env != NULL && *env != '\0')) {
		buf_adds(out, given != NULL ? given : env);
		buf_addf(&p, "%s/quire/_kernel.py", out->ptr);
		if (access(p.ptr, R_OK) == 0)
			r = 0;
		else
			err_set("no quire Python package in %s", out->ptr);
		goto done;
	}
	buf_addf(&p, "%s/python/quire/_kernel.py", QUIRE_DATADIR);
	if (access(p.ptr, R_OK) == 0) {
		buf_addf(out, "%s/python", QUIRE_DATADIR);
		r = 0;
		goto done;
	}
	/* Uninstalled: next to the binary, or in the source tree above. */
	buf_grow(&exe, 4096);
	n = readlink("/proc/self/exe", exe.ptr, exe.alloc - 1);
	if (n > 0) {
		exe.len = (size_t)n;
		exe.ptr[n] = '\0';
		if ((slash = strrchr(exe.ptr, '/')) != NULL)
			buf_truncate(&exe, (size_t)(slash - exe.ptr));
		buf_reset(&p);
		buf_addf(&p, "%s/python/quire/_kernel.py", exe.ptr);
		if (access(p.ptr, R_OK) == 0) {
			buf_addf(out, "%s/python", exe.ptr);
			r = 0;
			goto done;
		}
	}
	/* A build directory beside the sources (./quickstart's build/). */
	buf_reset(&p);
	buf_addf(&p, "%s/python/quire/_kernel.py", QUIRE_SRCDIR);
	if (access(p.ptr, R_OK) == 0) {
		buf_addf(out, "%s/python", QUIRE_SRCDIR);
		r = 0;
		goto done;
	}
	err_set("cannot find quire's Python package (looked in %s/python, "
	    "beside the program and in %s/python; set QUIRE_PYDIR to the "
	    "python/ directory of a quire source tree)", QUIRE_DATADIR,
	    QUIRE_SRCDIR);
done:
	buf_release(&exe);
	buf_release(&p);
	return r;
}

/*
 * The Python version a virtualenv was made with, from its pyvenv.cfg
 * ("version = 3.11.2" or "version_info = 3.11.2.final.0"): "3.11".
 */
static int
kernel_venv_version(struct buf *out, const char *dir)
{
	struct buf path = BUF_INIT, line = BUF_INIT;
	FILE *f;
	int c, r = -1;

	buf_addf(&path, "%s/pyvenv.cfg", dir);
	f = fopen(path.ptr, "r");
	if (f == NULL) {
		err_errno("virtualenv %s: cannot read %s", dir, path.ptr);
		buf_release(&path);
		return -1;
	}
	for (;;) {
		c = fgetc(f);
		if (c != EOF && c != '\n') {
			if (line.len < 4096)
				buf_addc(&line, (char)c);
			continue;
		}
		{
			const char *p = line.ptr, *v;
			size_t klen;

			while (*p == ' ' || *p == '\t')
				p++;
			klen = strcspn(p, " \t=");
			if ((klen == 7 && strncmp(p, "version", 7) == 0) ||
			    (klen == 12 &&
			    strncmp(p, "version_info", 12) == 0)) {
				v = strchr(p, '=');
				if (v != NULL) {
					size_t dots = 0, i;

					v++;
					while (*v == ' ' || *v == '\t')
						v++;
					for (i = 0; v[i] != '\0'; i++)
						if (v[i] == '.' && ++dots == 2)
							break;
					buf_add(out, v, i);
					buf_rtrim(out);
					r = 0;
					break;
				}
			}
		}
		buf_reset(&line);
		if (c == EOF)
			break;
	}
	(void)fclose(f);
	if (r < 0)
		err_set("virtualenv %s: %s names no Python version", dir,
		    path.ptr);
	buf_release(&path);
	buf_release(&line);
	return r;
}

/* Check a virtualenv's version; its site-packages directory into out. */
static int
kernel_venv_check(struct buf *out, const char *dir)
{
	struct buf ver = BUF_INIT, want = BUF_INIT;
	int r = -1;

	if (!kernel_is_dir(dir)) {
		err_set("virtualenv %s: not a directory", dir);
		return -1;
	}
	if (kernel_venv_version(&ver, dir) < 0)
		goto done;
	buf_addf(&want, "%d.%d", PY_MAJOR_VERSION, PY_MINOR_VERSION);
	if (strcmp(ver.ptr, want.ptr) != 0) {
		err_set("virtualenv %s is Python %s, but quire's kernel "
		    "embeds Python %s; make one with python%s -m venv",
		    dir, ver.ptr, want.ptr, want.ptr);
		goto done;
	}
	buf_addf(out, "%s/lib/python%s/site-packages", dir, want.ptr);
	if (!kernel_is_dir(out->ptr)) {
		err_set("virtualenv %s has no %s", dir, out->ptr);
		goto done;
	}
	r = 0;
done:
	buf_release(&ver);
	buf_release(&want);
	return r;
}

/* Run a few lines of Python in a scratch namespace with name=value. */
static int
kernel_run_snippet(const char *code, const char *name, const char *value)
{
	PyObject *ns, *v, *r;

	ns = PyDict_New();
	if (ns == NULL)
		return -1;
	v = PyUnicode_DecodeFSDefault(value);
	if (v == NULL || PyDict_SetItemString(ns, name, v) < 0 ||
	    PyDict_SetItemString(ns, "__builtins__",
	    PyEval_GetBuiltins()) < 0) {
		Py_XDECREF(v);
		Py_DECREF(ns);
		return -1;
	}
	Py_DECREF(v);
	r = PyRun_String(code, Py_file_input, ns, ns);
	Py_DECREF(ns);
	if (r == NULL)
		return -1;
	Py_DECREF(r);
	return 0;
}

static int
kernel_start_python(struct kernel *k, const struct kernel_opts *o,
    struct buf *venv_site)
{
	PyConfig config;
	PyStatus st;
	PyObject *main_mod;
	struct buf pydir = BUF_INIT;
	int r = -1;

	if (kernel_find_pydir(&pydir, o->pydir) < 0)
		goto done;
	if (PyImport_AppendInittab("_quire", kernel_py_init) < 0) {
		err_set("python: cannot register the _quire module");
		goto done;
	}
	PyConfig_InitPythonConfig(&config);
	config.parse_argv = 0;
	config.install_signal_handlers = 1;
	/* sys.executable must be a real interpreter: multiprocessing and
	 * subprocess calls in user code start it. */
	st = PyConfig_SetBytesString(&config, &config.program_name,
	    QUIRE_PYTHON);
	if (!PyStatus_Exception(st))
		st = Py_InitializeFromConfig(&config);
	PyConfig_Clear(&config);
	if (PyStatus_Exception(st)) {
		err_set("python: %s", st.err_msg != NULL ? st.err_msg :
		    "cannot start");
		goto done;
	}
	if (venv_site->len > 0 && kernel_run_snippet(
	    "import site, sys\n"
	    "before = list(sys.path)\n"
	    "site.addsitedir(path)\n"
	    "new = [p for p in sys.path if p not in before]\n"
	    "rest = [p for p in sys.path if p in before]\n"
	    "i = next((n for n, p in enumerate(rest)\n"
	    "          if p.endswith(('site-packages', 'dist-packages'))),\n"
	    "         len(rest))\n"
	    "sys.path[:] = rest[:i] + new + rest[i:]\n",
	    "path", venv_site->ptr) < 0) {
		kernel_py_err("virtualenv");
		goto done;
	}
	if (kernel_run_snippet("import sys\nsys.path.insert(0, path)\n",
	    "path", pydir.ptr) < 0) {
		kernel_py_err("python");
		goto done;
	}
	k->mod = PyImport_ImportModule("quire._kernel");
	if (k->mod == NULL) {
		kernel_py_err("quire._kernel");
		goto done;
	}
	k->stop_cls = PyObject_GetAttrString(k->mod, "StopCell");
	k->fn_prepare = PyObject_GetAttrString(k->mod, "prepare");
	k->fn_finish = PyObject_GetAttrString(k->mod, "finish");
	main_mod = PyImport_AddModule("__main__");
	if (k->stop_cls == NULL || k->fn_prepare == NULL ||
	    k->fn_finish == NULL || main_mod == NULL) {
		kernel_py_err("quire._kernel");
		goto done;
	}
	/* The notebook lives in __main__, so pickle finds its classes. */
	k->globals = PyModule_GetDict(main_mod);
	buf_reset(&pydir);
	buf_addf(&pydir, "%d", k->log_fd);
	if (kernel_run_snippet("import faulthandler\n"
	    "faulthandler.enable(file=int(fd), all_threads=True)\n", "fd",
	    pydir.ptr) < 0)
		PyErr_Clear();
	r = 0;
done:
	buf_release(&pydir);
	return r;
}

/* Messages */


static bool kernel_has_failed(const struct kernel *, uint32_t);

static void
kernel_mark_failed(struct kernel *k, uint32_t cell)
{
	if (kernel_has_failed(k, cell))
		return;
	if (k->nfailed == k->failed_alloc) {
		k->failed_alloc = k->failed_alloc ? 2 * k->failed_alloc : 16;
		k->failed = xreallocarray(k->failed, k->failed_alloc,
		    sizeof *k->failed);
	}
	k->failed[k->nfailed++] = cell;
}

/* The cell's latest run succeeded: it no longer blocks others. */
static void
kernel_mark_ok(struct kernel *k, uint32_t cell)
{
	size_t i;

	for (i = 0; i < k->nfailed; i++)
		if (k->failed[i] == cell) {
			k->failed[i] = k->failed[--k->nfailed];
			return;
		}
}

static bool
kernel_has_failed(const struct kernel *k, uint32_t cell)
{
	size_t i;

	for (i = 0; i < k->nfailed; i++)
		if (k->failed[i] == cell)
			return true;
	return false;
}

/* Delete names from the globals; absent names are fine. */
static void
kernel_delete_names(struct kernel *k, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (PyDict_DelItemString(k->globals, names[i]) < 0)
			PyErr_Clear();
}

/* Evaluate one code object; awaits it when the cell is async. */
static PyObject *
kernel_eval(struct kernel *k, PyObject *code, bool is_async)
{
	PyObject *r = PyEval_EvalCode(code, k->globals, k->globals);

	if (r != NULL && is_async && PyCoro_CheckExact(r)) {
		PyObject *done = kernel_call(k, "run_coroutine", "(O)", r);

		Py_DECREF(r);
		r = done;
	}
	return r;
}

/* A fork() in a cell returns here in the child too: it must not go on
 * to read the parent's socket. */
static void
kernel_child_exit(struct kernel *k)
{
	/* Set by kernel_atfork_child: no system call per cell. */
	if (!kernel_forked)
		return;
	PyErr_Clear();
	kernel_call_quiet(k, "flush_streams", "()");
	(void)fflush(stdout);
	(void)fflush(stderr);
	_exit(0);
}

/* "<cell-N>" in out (32 bytes), without printf: every cell's. */
static const char *
kernel_cell_filename(char *out, uint32_t cell)
{
	char digits[10];
	size_t n = 0, i = 0;

	do
		digits[n++] = (char)('0' + cell % 10);
	while ((cell /= 10) != 0);
	memcpy(out, "<cell-", 6);
	i = 6;
	while (n > 0)
		out[i++] = digits[--n];
	out[i++] = '>';
	out[i] = '\0';
	return out;
}

static void
kernel_run(struct kernel *k, const struct proto_run *run)
{
	struct proto_done done = { 0 };
	char filename[32];
	PyObject *src = NULL, *prep = NULL, *value = NULL, *states = NULL;
	PyObject *type = NULL, *exc = NULL, *tb = NULL, *desc = NULL;
	PyObject *cell = NULL, *fname = NULL, *body, *expr;
	uint64_t t0;
	size_t i;
	int is_async = 0;
	bool cpu_hit;

	done.cell = run->cell;
	done.batch = run->batch;
	if (run->batch != k->batch) {
		k->batch = run->batch;
		k->batch_interrupted = false;
	}
	/* A skipped cell loses its old names too, as a cancelled one does
	 * in marimo: nothing stale is left for others to read. */
	kernel_delete_names(k, run->del, run->ndel);
	if (k->batch_interrupted) {
		done.status = PROTO_STATUS_SKIPPED;
		kernel_mark_failed(k, run->cell);
		kernel_send_done(k, &done);
		return;
	}
	for (i = 0; i < run->nafter; i++)
		if (kernel_has_failed(k, run->after[i])) {
			done.status = PROTO_STATUS_SKIPPED;
			done.blocker = run->after[i];
			kernel_mark_failed(k, run->cell);
			kernel_send_done(k, &done);
			return;
		}

	pthread_mutex_lock(&k->send_lock);
	atomic_store(&k->cell, run->cell);
	k->out_len = 0;
	k->dropped = 0;
	k->noted = false;
	pthread_mutex_unlock(&k->send_lock);
	if (run->filename != NULL)
		fname = PyUnicode_DecodeUTF8(run->filename,
		    (Py_ssize_t)strlen(run->filename), "replace");
	else
		fname = PyUnicode_FromString(kernel_cell_filename(filename,
		    run->cell));
	cell = PyLong_FromUnsignedLong(run->cell);
	if (k->std_closed) {
		kernel_redirect(k);
		k->std_closed = false;
	}

	/* A SIGINT that arrived while idle is not meant for this cell. */
	if (PyErr_CheckSignals() < 0)
		PyErr_Clear();
	kernel_cpu_limit(k, true);
	t0 = kernel_now_us();
	src = PyUnicode_DecodeUTF8(run->code, (Py_ssize_t)run->codelen,
	    "replace");
	{
		PyObject *args[] = { cell, src, fname, k->globals,
		    run->no_expr ? Py_False : Py_True };

		prep = kernel_call_hot(k->fn_prepare, args, 5);
	}
	/* (body, expr or None, is_async), as prepare() returns it. */
	if (prep != NULL && (!PyTuple_Check(prep) ||
	    PyTuple_GET_SIZE(prep) != 3)) {
		PyErr_SetString(PyExc_TypeError, "prepare() returned no triple");
		Py_CLEAR(prep);
	}
	if (prep != NULL && (is_async = PyObject_IsTrue(
	    PyTuple_GET_ITEM(prep, 2))) >= 0) {
		body = PyTuple_GET_ITEM(prep, 0);
		expr = PyTuple_GET_ITEM(prep, 1);
		value = kernel_eval(k, body, is_async);
		kernel_child_exit(k);
		if (value != NULL && expr != Py_None) {
			Py_DECREF(value);
			value = kernel_eval(k, expr, is_async);
			kernel_child_exit(k);
		}
	}
	done.duration_us = kernel_now_us() - t0;
	cpu_hit = kernel_xcpu_count > 0;
	kernel_cpu_limit(k, false);

	if (value != NULL && !PyErr_Occurred()) {
		done.status = PROTO_STATUS_OK;
		kernel_mark_ok(k, run->cell);
		if (value != Py_None)
			kernel_call_quiet(k, "show", "(O)", value);
	} else {
		PyErr_Fetch(&type, &exc, &tb);
		PyErr_NormalizeException(&type, &exc, &tb);
		if (exc != NULL && tb != NULL)
			(void)PyException_SetTraceback(exc, tb);
		if (exc != NULL && PyErr_GivenExceptionMatches(exc,
		    PyExc_KeyboardInterrupt) && !cpu_hit) {
			done.status = PROTO_STATUS_INTERRUPTED;
			k->batch_interrupted = true;
		} else if (exc != NULL && PyObject_IsInstance(exc,
		    k->stop_cls) == 1) {
			PyObject *out = PyObject_GetAttrString(exc, "output");

			done.status = PROTO_STATUS_STOPPED;
			if (out != NULL && out != Py_None)
				kernel_call_quiet(k, "show", "(O)", out);
			else
				PyErr_Clear();
			Py_XDECREF(out);
		} else {
			done.status = PROTO_STATUS_EXCEPTION;
			if (exc != NULL && PyErr_GivenExceptionMatches(exc,
			    PyExc_KeyboardInterrupt)) {
				/* The CPU limit interrupted it. */
				Py_DECREF(exc);
				exc = PyObject_CallFunction(PyExc_TimeoutError,
				    "s", "the cell used up its CPU time limit");
				if (exc == NULL)
					PyErr_Clear();
			}
			if (exc != NULL)
				desc = kernel_call(k, "describe", "(OO)", exc,
				    fname);
			if (desc != NULL && PyArg_ParseTuple(desc, "sss#",
			    &done.exc_type, &done.exc_msg, &done.traceback,
			    &done.traceback_len)) {
				/* Borrowed from desc until it is released. */
			} else {
				PyErr_Clear();
				done.exc_type = exc != NULL ?
				    Py_TYPE(exc)->tp_name : "Error";
				done.exc_msg = "the exception could not be "
				    "described";
			}
		}
		kernel_mark_failed(k, run->cell);
	}
	{
		PyObject *args[] = { k->globals, cell };

		states = kernel_call_hot(k->fn_finish, args, 2);
	}
	if (states != NULL && PyList_Check(states) &&
	    PyList_GET_SIZE(states) > 0) {
		struct proto_state s = { run->cell, NULL, 0 };
		struct buf frame = BUF_INIT;
		const char **names;
		Py_ssize_t j, n = PyList_GET_SIZE(states);

		names = xreallocarray(NULL, (size_t)n, sizeof *names);
		for (j = 0; j < n; j++) {
			names[s.nnames] = PyUnicode_AsUTF8(
			    PyList_GET_ITEM(states, j));
			if (names[s.nnames] != NULL)
				s.nnames++;
			else
				PyErr_Clear();
		}
		s.names = names;
		if (proto_state_encode(&frame, &s) == 0)
			kernel_send(k, &frame);
		buf_release(&frame);
		free(names);
	}
	if (states == NULL)
		PyErr_Clear();
	/* A SIGINT during the bookkeeping above is not the user's error. */
	if (PyErr_Occurred())
		PyErr_Clear();
	kernel_drain(k);
	pthread_mutex_lock(&k->send_lock);
	done.dropped_len = k->dropped;
	pthread_mutex_unlock(&k->send_lock);
	kernel_send_done(k, &done);

	Py_XDECREF(states);
	Py_XDECREF(desc);
	Py_XDECREF(type);
	Py_XDECREF(exc);
	Py_XDECREF(tb);
	Py_XDECREF(value);
	Py_XDECREF(prep);
	Py_XDECREF(src);
	Py_XDECREF(fname);
	Py_XDECREF(cell);
}

static void
kernel_config(struct kernel *k, const struct proto_config *c)
{
	PyObject *argv;
	size_t i;

	k->output_max = c->output_max;
	k->cpu_max_s = c->cpu_max_s;
	if (c->as_max > 0) {
		struct rlimit rl;

		/* Before any cell runs: CONFIG comes first. */
		rl.rlim_cur = rl.rlim_max = (rlim_t)c->as_max;
		if (setrlimit(RLIMIT_AS, &rl) < 0)
			kernel_send_error(k, "the memory limit could not be "
			    "set", false);
	}
	argv = PyList_New(0);
	for (i = 0; argv != NULL && i < c->nargv; i++) {
		PyObject *s = PyUnicode_DecodeFSDefault(c->argv[i]);

		if (s == NULL || PyList_Append(argv, s) < 0) {
			Py_XDECREF(s);
			Py_CLEAR(argv);
			break;
		}
		Py_DECREF(s);
	}
	if (argv == NULL) {
		kernel_py_err("config");
		kernel_send_error(k, err_last(), false);
		return;
	}
	kernel_call_quiet(k, "configure", "(Ozz)", argv, c->notebook_path,
	    c->mode);
	Py_DECREF(argv);
}

/* A str result item as UTF-8, or NULL (None, or not a string). */
static const char *
kernel_py_utf8(PyObject *o)
{
	const char *p;

	if (o == NULL || !PyUnicode_Check(o))
		return NULL;
	p = PyUnicode_AsUTF8(o);
	if (p == NULL)
		PyErr_Clear();
	return p;
}

static void
kernel_complete(struct kernel *k, const struct proto_complete *c)
{
	struct proto_completions out = { .id = c->id };
	struct buf frame = BUF_INIT;
	PyObject *r, *items = NULL;
	const char **v = NULL;
	Py_ssize_t n, i;

	r = kernel_call(k, "complete", "(y#nOO)", c->code,
	    (Py_ssize_t)c->codelen, (Py_ssize_t)c->pos, k->globals,
	    c->hint ? Py_True : Py_False);
	if (r != NULL && PyTuple_Check(r) && PyTuple_GET_SIZE(r) >= 2) {
		n = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 0));
		items = PyTuple_GET_ITEM(r, 1);
		if (n >= 0 && PyList_Check(items)) {
			out.replace_len = (size_t)n;
			n = PyList_GET_SIZE(items);
			v = xreallocarray(NULL, (size_t)n + 1, sizeof *v);
			for (i = 0; i < n; i++) {
				v[out.nitems] = kernel_py_utf8(
				    PyList_GET_ITEM(items, i));
				if (v[out.nitems] != NULL)
					out.nitems++;
			}
			out.items = v;
		}
		if (PyTuple_GET_SIZE(r) >= 4) {
			out.signature = kernel_py_utf8(PyTuple_GET_ITEM(r, 2));
			out.doc = kernel_py_utf8(PyTuple_GET_ITEM(r, 3));
		}
	}
	PyErr_Clear();
	if (proto_completions_encode(&frame, &out) == 0)
		kernel_send(k, &frame);
	buf_release(&frame);
	free(v);
	Py_XDECREF(r);
}

/*
 * Widgets and tables. SET_WIDGET and TABLE_WINDOW are answered at once,
 * between cells; the work is Python's (quire/_kernel.py set_widget and
 * table_window). A failure of that Python code is an answer with an
 * error, never a kernel error.
 */

/* A list of str as a C array borrowed from it; *n counts. */
static const char **
kernel_py_strs(PyObject *list, size_t *n)
{
	const char **v;
	Py_ssize_t i, len;

	*n = 0;
	if (list == NULL || !PyList_Check(list))
		return NULL;
	len = PyList_GET_SIZE(list);
	v = xreallocarray(NULL, (size_t)len + 1, sizeof *v);
	for (i = 0; i < len; i++)
		if ((v[*n] = kernel_py_utf8(PyList_GET_ITEM(list, i))) != NULL)
			(*n)++;
	return v;
}

static void
kernel_set_widget(struct kernel *k, const struct proto_set_widget *q)
{
	struct proto_widget w = { .id = q->id, .widget = q->widget,
	    .cell = q->cell };
	struct proto_state st = { 0 };
	struct buf frame = BUF_INIT;
	PyObject *r, *names = NULL, *wjson = NULL, *states = NULL;
	PyObject *error = NULL;
	const char **nv = NULL, **sv = NULL;
	unsigned long cell = 0;
	int armed = 0;
	Py_ssize_t jlen = 0;

	r = kernel_call(k, "set_widget", "(ss#OI)", q->widget, q->value,
	    (Py_ssize_t)q->valuelen, k->globals, k->batch);
	if (r == NULL || !PyArg_ParseTuple(r, "OkOOOp", &names, &cell, &error,
	    &wjson, &states, &armed)) {
		kernel_py_err("set_widget");
		w.error = err_last();
	} else {
		w.cell = (uint32_t)cell;
		w.names = nv = kernel_py_strs(names, &w.nnames);
		if (error != Py_None)
			w.error = kernel_py_utf8(error);
		if (error != Py_None && w.error == NULL)
			w.error = "the value was refused";
		if (PyUnicode_Check(wjson)) {
			w.json = PyUnicode_AsUTF8AndSize(wjson, &jlen);
			w.jsonlen = w.json != NULL ? (size_t)jlen : 0;
		}
		st.names = sv = kernel_py_strs(states, &st.nnames);
		if (armed)
			k->widgets_armed = true;
	}
	PyErr_Clear();
	/* mo.state setters that on_change called: their readers rerun. Cell
	 * 0: no cell ran the setter, so none is spared. STATE goes first:
	 * once the WIDGET answer is in, the scheduler has all it needs. */
	if (st.nnames > 0 && proto_state_encode(&frame, &st) == 0)
		kernel_send(k, &frame);
	buf_reset(&frame);
	if (proto_widget_encode(&frame, &w) == 0)
		kernel_send(k, &frame);
	buf_release(&frame);
	free(nv);
	free(sv);
	Py_XDECREF(r);
}

/* Before a RUN while a run_button is set: reset it once its readers'
 * batch is over (see before_run in quire/_kernel.py). */
static void
kernel_widgets_before_run(struct kernel *k, uint32_t batch)
{
	PyObject *r;

	if (!k->widgets_armed)
		return;
	r = kernel_call(k, "before_run", "(I)", batch);
	k->widgets_armed = r != NULL && PyObject_IsTrue(r) == 1;
	PyErr_Clear();
	Py_XDECREF(r);
}

static void
kernel_table_window(struct kernel *k, const struct proto_table_window *q)
{
	struct proto_table t = { .id = q->id, .table = q->table };
	struct buf frame = BUF_INIT;
	PyObject *r, *error = NULL, *json = NULL;
	Py_ssize_t jlen = 0;

	r = kernel_call(k, "table_window", "(sKKKKzO)", q->table,
	    (unsigned long long)q->offset, (unsigned long long)q->limit,
	    (unsigned long long)q->col_offset,
	    (unsigned long long)q->col_limit, q->sort_column,
	    q->descending ? Py_True : Py_False);
	if (r == NULL || !PyArg_ParseTuple(r, "OO", &error, &json)) {
		kernel_py_err("table_window");
		t.error = err_last();
	} else {
		if (error != Py_None)
			t.error = kernel_py_utf8(error);
		if (error != Py_None && t.error == NULL)
			t.error = "the window could not be made";
		if (t.error == NULL && PyUnicode_Check(json)) {
			t.json = PyUnicode_AsUTF8AndSize(json, &jlen);
			t.jsonlen = t.json != NULL ? (size_t)jlen : 0;
		}
		if (t.error == NULL && t.jsonlen == 0)
			t.error = "the window could not be made";
	}
	PyErr_Clear();
	if (proto_table_encode(&frame, &t) < 0) {
		/* Too large to send: say so instead. */
		struct proto_table e = { .id = q->id, .table = q->table,
		    .error = "the window is too large to send" };

		buf_reset(&frame);
		if (proto_table_encode(&frame, &e) == 0)
			kernel_send(k, &frame);
	} else
		kernel_send(k, &frame);
	buf_release(&frame);
	Py_XDECREF(r);
}

/* VARIABLES: the type and a short repr of each named global, computed by
 * _kernel.describe_vars (reprlib with limits, errors caught). */
static void
kernel_variables(struct kernel *k, const struct proto_variables *q)
{
	struct proto_vars out = { q->id, NULL, 0 };
	struct buf frame = BUF_INIT;
	PyObject *names, *r, *item;
	Py_ssize_t n, i;
	size_t j;

	if ((names = PyList_New(0)) == NULL) {
		PyErr_Clear();
		return;
	}
	for (j = 0; j < q->nnames; j++) {
		PyObject *s = PyUnicode_FromString(q->names[j]);

		if (s == NULL || PyList_Append(names, s) < 0)
			PyErr_Clear();
		Py_XDECREF(s);
	}
	r = kernel_call(k, "describe_vars", "(OO)", names, k->globals);
	Py_DECREF(names);
	if (r != NULL && PyList_Check(r)) {
		n = PyList_GET_SIZE(r);
		out.vars = xreallocarray(NULL, (size_t)n + 1,
		    sizeof *out.vars);
		for (i = 0; i < n; i++) {
			struct proto_var *v = &out.vars[out.nvars];

			item = PyList_GET_ITEM(r, i);
			if (!PyArg_ParseTuple(item, "sss", &v->name, &v->type,
			    &v->repr)) {
				PyErr_Clear();
				continue;
			}
			out.nvars++;
		}
	}
	PyErr_Clear();
	if (proto_vars_encode(&frame, &out) == 0)
		kernel_send(k, &frame);
	buf_release(&frame);
	free(out.vars);
	Py_XDECREF(r);
}

/* Block until one whole frame arrives; -1 at EOF or on a bad frame. */
static int
kernel_read_frame(struct kernel *k, struct proto_msg *m)
{
	char chunk[KERNEL_READ_CHUNK];
	ssize_t n;
	int r;

	for (;;) {
		r = proto_dec_next(k->dec, m);
		if (r != 0)
			return r > 0 ? 0 : -1;
		/* Nothing more to run: what finished goes out now. */
		pthread_mutex_lock(&k->send_lock);
		kernel_spill_flush(k);
		pthread_mutex_unlock(&k->send_lock);
		/* Threads the cells started run while the kernel waits. */
		Py_BEGIN_ALLOW_THREADS
		n = read(k->sock, chunk, sizeof chunk);
		Py_END_ALLOW_THREADS
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_set("editor closed the connection");
			return -1;
		}
		proto_dec_feed(k->dec, chunk, (size_t)n);
	}
}

static int
kernel_loop(struct kernel *k)
{
	struct proto_msg m = PROTO_MSG_INIT;

	for (;;) {
		if (kernel_read_frame(k, &m) < 0) {
			if (strcmp(err_last(), "editor closed the connection")
			    == 0)
				return 0;
			kernel_send_error(k, err_last(), true);
			return 3;
		}
		switch (m.type) {
		case PROTO_CONFIG: {
			struct proto_config c;

			if (proto_config_parse(&c, &m) < 0)
				kernel_send_error(k, err_last(), false);
			else {
				kernel_config(k, &c);
				proto_config_release(&c);
			}
			break;
		}
		case PROTO_RUN: {
			struct proto_run r;

			if (proto_run_parse(&r, &m) < 0)
				kernel_send_error(k, err_last(), false);
			else {
				/* The last cell it has: what finished goes out
				 * now, so the editor sends more while this one
				 * runs. */
				if (proto_dec_pending(k->dec) == 0) {
					pthread_mutex_lock(&k->send_lock);
					kernel_spill_flush(k);
					pthread_mutex_unlock(&k->send_lock);
				}
				kernel_widgets_before_run(k, r.batch);
				kernel_run(k, &r);
				proto_run_release(&r);
			}
			break;
		}
		case PROTO_DELETE: {
			struct proto_delete d;

			if (proto_delete_parse(&d, &m) < 0)
				kernel_send_error(k, err_last(), false);
			else {
				kernel_delete_names(k, d.names, d.nnames);
				kernel_call_quiet(k, "forget", "(OI)",
				    k->globals, d.cell);
				proto_delete_release(&d);
			}
			break;
		}
		case PROTO_COMPLETE: {
			struct proto_complete c;

			if (proto_complete_parse(&c, &m) < 0)
				kernel_send_error(k, err_last(), false);
			else
				kernel_complete(k, &c);
			break;
		}
		case PROTO_VARIABLES: {
			struct proto_variables q;

			if (proto_variables_parse(&q, &m) < 0)
				kernel_send_error(k, err_last(), false);
			else {
				kernel_variables(k, &q);
				proto_variables_release(&q);
			}
			break;
		}
		case PROTO_SET_WIDGET: {
			struct proto_set_widget w;

			if (proto_set_widget_parse(&w, &m) < 0)
				kernel_send_error(k, err_last(), false);
			else
				kernel_set_widget(k, &w);
			break;
		}
		case PROTO_TABLE_WINDOW: {
			struct proto_table_window t;

			if (proto_table_window_parse(&t, &m) < 0)
				kernel_send_error(k, err_last(), false);
			else
				kernel_table_window(k, &t);
			break;
		}
		case PROTO_SHUTDOWN:
			/* As a script's exit would: atexit handlers run and the
			 * notebook's objects go, so files it left open are
			 * flushed. Threads it left running are not waited
			 * for. */
			kernel_call_quiet(k, "shutdown", "(O)", k->globals);
			proto_msg_release(&m);
			return 0;
		default:
			kernel_send_error(k, "the kernel does not handle "
			    "this message", false);
			break;
		}
		proto_msg_release(&m);
	}
}

static void
kernel_send_ready(struct kernel *k, const char *venv)
{
	struct proto_ready r = { 0 };
	struct buf frame = BUF_INIT, ver = BUF_INIT;
	PyObject *exe;

	buf_add(&ver, Py_GetVersion(), strcspn(Py_GetVersion(), " "));
	r.pid = (int64_t)k->pid;
	r.python = ver.ptr;
	r.venv = venv;
	exe = PySys_GetObject("executable");
	if (exe != NULL && PyUnicode_Check(exe))
		r.executable = PyUnicode_AsUTF8(exe);
	PyErr_Clear();
	if (proto_ready_encode(&frame, &r) == 0)
		kernel_send(k, &frame);
	buf_release(&frame);
	buf_release(&ver);
}

/* Stop with a reason the editor shows and a person reading stderr sees. */
static int
kernel_fatal(struct kernel *k, int status)
{
	struct buf msg = BUF_INIT;

	buf_addf(&msg, "quire kernel: %s\n", err_last());
	kernel_send_error(k, err_last(), true);
	(void)!write(k->log_fd, msg.ptr, msg.len);
	buf_release(&msg);
	return status;
}

/* The spill area kern.c shares with us; without it, DONEs go at once. */
static void
kernel_spill_map(struct kernel *k, int fd)
{
	struct stat st;
	void *p;

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof *k->spill) {
		p = mmap(NULL, sizeof *k->spill, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
		if (p != MAP_FAILED)
			k->spill = p;
	}
	(void)close(fd);
	if (k->spill == NULL)
		return;
	k->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (k->wake_fd < 0) {
		(void)munmap(k->spill, sizeof *k->spill);
		k->spill = NULL;
	}
}

int
kernel_main(const struct kernel_opts *o)
{
	static struct kernel kern;
	struct kernel *k = &kern;
	struct buf venv_site = BUF_INIT;
	const char *venv = o->venv;
	int status = 0;

	memset(k, 0, sizeof *k);
	k->sock = o->fd;
	k->wake_fd = -1;
	kernel_spill_map(k, o->spill_fd);
	k->pid = getpid();
	k->dec = proto_dec_new(0);
	kernel_self = k;
	pthread_mutex_init(&k->send_lock, NULL);
	pthread_mutex_init(&k->drain_lock, NULL);
	(void)fcntl(k->sock, F_SETFD, FD_CLOEXEC);
	(void)signal(SIGPIPE, SIG_IGN);
	/* Keep the stderr kern.c gave us for crash reports, then point fd 1
	 * and 2 at pipes of our own. */
	k->log_fd = fcntl(2, F_DUPFD_CLOEXEC, 10);
	if (k->log_fd < 0)
		return 2;
	if (kernel_pipe(&k->out_r, &k->out_w) < 0 ||
	    kernel_pipe(&k->err_r, &k->err_w) < 0) {
		err_errno("pipe");
		return kernel_fatal(k, 2);
	}
	kernel_redirect(k);
	(void)pthread_atfork(NULL, NULL, kernel_atfork_child);
	if (pthread_create(&k->drainer, NULL, kernel_drainer, k) != 0) {
		err_set("cannot start the output thread");
		return kernel_fatal(k, 2);
	}

	if (venv == NULL || *venv == '\0')
		venv = getenv("VIRTUAL_ENV");
	if (venv != NULL && *venv == '\0')
		venv = NULL;
	if (venv != NULL && kernel_venv_check(&venv_site, venv) < 0)
		return kernel_fatal(k, 2);
	if (kernel_start_python(k, o, &venv_site) < 0)
		return kernel_fatal(k, 2);
	buf_release(&venv_site);
	(void)signal(SIGXCPU, kernel_on_xcpu);
	kernel_call_quiet(k, "setup", "(O)", k->globals);
	kernel_send_ready(k, venv);
	status = kernel_loop(k);
	/* No Py_Finalize: it would wait for threads user code left running,
	 * and the process is about to end anyway. */
	kernel_call_quiet(k, "flush_streams", "()");
	kernel_drain(k);
	pthread_mutex_lock(&k->send_lock);
	kernel_spill_flush(k);
	pthread_mutex_unlock(&k->send_lock);
	return status;
}
