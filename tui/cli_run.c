/*
 * cli_run.c: `quire run [options] NB.py [-- ARGS]`. Runs the notebook in a
 * kernel by the editor's rules (every cell is reported, not stopped at
 * the first error), prints each cell's output in display order under a
 * header, and exits 0 when every cell succeeded, 1 when any failed, 2 on
 * unusable input. If a cell kills the kernel, the scheduler starts a new
 * one and goes on with the cells that do not depend on it.
 *
 * A displayed value is printed by the headless renderer (richtext.c):
 * Markdown formatted, tables aligned, images as one line or symbols,
 * widgets as "label: value"; with SGR sequences only when stdout is a
 * terminal that wants them (doc/rich-outputs.md, "Headless output").
 *
 * Everything user code printed passes the sanitiser before it reaches
 * our stdout or stderr (security.md 7.3): no escape sequence of the
 * cell's own gets through, to a terminal or a pipe.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ana.h"
#include "auditlog.h"
#include "buf.h"
#include "cli.h"
#include "err.h"
#include "fmt.h"
#include "kern.h"
#include "nb.h"
#include "nbcache.h"
#include "proto.h"
#include "richtext.h"
#include "sanitize.h"
#include "sched.h"
#include "xmalloc.h"
#include "view_audit.h"

#define RUN_OK 0
#define RUN_FAILED 1
#define RUN_UNUSABLE 2
#define RUN_ABORTED 130

/* Cells sent ahead of the running one (the editor keeps 8). */
#define RUN_WINDOW 1024

/* Default per-cell output limit: enough for any table a person reads. */
#define RUN_OUTPUT_MAX ((uint64_t)16 << 20)

/* One cell's run as we report it. */
struct run_cell {
	uint32_t id;
	size_t index;		/* display position, 0-based */
	struct buf streams;	/* chunks: kind byte, 8-byte length, data */
	json_t *outputs;	/* [[{"mime","data"|"base64"}...]...] */
	bool started;
	bool settled;		/* its turn in this run is over */
	bool printed;
	bool rerun;		/* running again after it was printed */
	unsigned printed_restarts;	/* kernel restarts when printed */
};

struct run_ctx {
	struct nb *nb;
	struct sched *sched;
	struct run_cell *cells;
	size_t ncells;
	size_t *index_of;	/* cell id -> display index (nb is fixed) */
	size_t nindex;
	size_t next_print;	/* display index of the next cell to print */
	bool json;
	unsigned restarts;
	struct richtext_bundle_options ropt;	/* how outputs are drawn */
	bool ansi;		/* stdout takes SGR sequences */
	bool tty;		/* stdout is a terminal: flushed per cell */
	int ncolors;		/* for them: as richtext_format_ansi */
};

static volatile sig_atomic_t run_sigint;

static void
run_on_sigint(int sig)
{
	(void)sig;
	run_sigint++;
}

static size_t
run_index(const struct run_ctx *r, uint32_t id)
{
	return id < r->nindex ? r->index_of[id] : (size_t)-1;
}

static struct run_cell *
run_find(struct run_ctx *r, uint32_t id)
{
	size_t i = run_index(r, id);

	return i < r->ncells ? &r->cells[i] : NULL;
}

/* Sizes: 123, 64k, 512M, 4G; "none" or 0 for no limit. */
static int
run_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	if (strcmp(s, "none") == 0) {
		*out = 0;
		return 0;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K':
		mul = 1024;
		end++;
		break;
	case 'm': case 'M':
		mul = 1024 * 1024;
		end++;
		break;
	case 'g': case 'G':
		mul = 1024 * 1024 * 1024;
		end++;
		break;
	}
	if (*end != '\0' || (mul > 1 && v > UINT64_MAX / mul))
		return -1;
	*out = (uint64_t)v * mul;
	return 0;
}

/* Three quarters of the machine's memory: a runaway allocation becomes a
 * MemoryError in the cell, not the OOM killer's choice. */
static uint64_t
run_default_as(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

#ifdef __SANITIZE_ADDRESS__
	/* An ASan build's kernel maps terabytes of shadow memory. */
	return 0;
#endif
	if (pages <= 0 || size <= 0)
		return 0;
	return (uint64_t)pages * (uint64_t)size / 4 * 3;
}

/* Events */

static void
run_add_stream(struct run_cell *c, int kind, const char *p, size_t len)
{
	uint64_t n = len;

	buf_addc(&c->streams, (char)kind);
	buf_add(&c->streams, &n, sizeof n);
	buf_add(&c->streams, p, len);
}

static const char run_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *
run_base64(const unsigned char *p, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;
	uint32_t v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		buf_addc(&b, run_b64[v >> 18 & 63]);
		buf_addc(&b, run_b64[v >> 12 & 63]);
		buf_addc(&b, run_b64[v >> 6 & 63]);
		buf_addc(&b, run_b64[v & 63]);
	}
	if (i < len) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		buf_addc(&b, run_b64[v >> 18 & 63]);
		buf_addc(&b, run_b64[v >> 12 & 63]);
		buf_addc(&b, i + 1 < len ? run_b64[v >> 6 & 63] : '=');
		buf_addc(&b, '=');
	}
	return buf_detach(&b, NULL);
}

/* A JSON string of bytes that should be UTF-8: invalid bytes become
 * U+FFFD. Controls stay, escaped by the JSON writer. */
static json_t *
run_jstr(const char *p, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *j;
	size_t i;

	if ((j = json_stringn(p, len)) != NULL)
		return j;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x80 && c != 0)
			buf_addc(&b, (char)c);
		else if (c == 0)
			buf_adds(&b, "\xef\xbf\xbd");
		else {
			size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ?
			    2 : 1;
			json_t *t = n > 1 && i + n <= len ?
			    json_stringn(p + i, n) : NULL;

			if (t != NULL) {
				buf_add(&b, p + i, n);
				json_decref(t);
				i += n - 1;
			} else
				buf_adds(&b, "\xef\xbf\xbd");
		}
	}
	j = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return j != NULL ? j : json_string("");
}

static bool
run_is_text(const char *mime)
{
	return strncmp(mime, "text/", 5) == 0 || strstr(mime, "json") != NULL;
}

static void
run_add_display(struct run_cell *c, const struct proto_display *d)
{
	json_t *item = json_array();
	size_t i;

	if (d->op == PROTO_DISPLAY_CLEAR || d->op == PROTO_DISPLAY_REPLACE)
		json_array_clear(c->outputs);
	if (d->op == PROTO_DISPLAY_CLEAR) {
		json_decref(item);
		return;
	}
	for (i = 0; i < d->nitems; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "mime", json_string(d->items[i].mime));
		if (run_is_text(d->items[i].mime))
			json_object_set_new(o, "data",
			    run_jstr(d->items[i].data, d->items[i].len));
		else {
			char *b64 = run_base64((const unsigned char *)
			    d->items[i].data, d->items[i].len);

			json_object_set_new(o, "base64", json_string(b64));
			free(b64);
		}
		json_array_append_new(item, o);
	}
	json_array_append_new(c->outputs, item);
}

static void run_print_ready(struct run_ctx *);
static void run_print_cell(struct run_ctx *, struct run_cell *);

static void
run_on_event(const struct sched_event *ev, void *arg)
{
	struct run_ctx *r = arg;
	struct run_cell *c = ev->cell != 0 ? run_find(r, ev->cell) : NULL;

	switch (ev->type) {
	case SCHED_EV_START:
		if (c == NULL)
			break;
		/* A cell that runs again after it was printed: a mo.state
		 * setter reran it, and it is shown again; but after a kernel
		 * restart it only replays what was shown, and is not. */
		if (c->printed && c->printed_restarts != r->restarts)
			break;
		if (c->printed)
			c->rerun = true;
		buf_reset(&c->streams);
		json_array_clear(c->outputs);
		c->started = true;
		break;
	case SCHED_EV_STREAM:
		if (c != NULL && (!c->printed || c->rerun))
			run_add_stream(c, ev->stream->name, ev->stream->data,
			    ev->stream->len);
		break;
	case SCHED_EV_DISPLAY:
		if (c != NULL && (!c->printed || c->rerun))
			run_add_display(c, ev->display);
		break;
	case SCHED_EV_DONE:
		if (c == NULL)
			break;
		c->settled = true;
		if (c->started)
			(void)auditlog_cell_sched(NULL, r->nb,
			    sched_cell_info(r->sched, c->id));
		if (c->rerun) {
			run_print_cell(r, c);
			c->rerun = false;
		} else
			run_print_ready(r);
		break;
	case SCHED_EV_KERNEL:
		/* A death is told with the cell that caused it; a restart
		 * is news. */
		if (strstr(ev->message, "restarted") == NULL)
			break;
		r->restarts++;
		(void)auditlog_kernel_restart(NULL, ev->message);
		if (!r->json) {
			struct buf t = BUF_INIT;

			(void)fflush(stdout);
			sanitize_to_buf(&t, SANITIZE_FIELD, ev->message,
			    strlen(ev->message));
			fprintf(stderr, "quire run: %s\n", t.ptr);
			buf_release(&t);
		}
		break;
	default:
		break;
	}
}

/* Reporting */

static bool
run_result_failed(const struct sched_cell_info *i)
{
	switch (i->result) {
	case SCHED_EXCEPTION:
	case SCHED_INTERRUPTED:
	case SCHED_MARIMO_ERROR:
	case SCHED_KILLED:
		return true;
	case SCHED_CANCELLED:
		/* Below a mo.stop is where the author meant to stop. */
		return i->error != SCHED_ERR_ANCESTOR_STOPPED;
	default:
		return false;
	}
}

static const char *
run_result_name(enum sched_result r)
{
	switch (r) {
	case SCHED_NONE:
		return "not-run";
	case SCHED_SUCCESS:
		return "success";
	case SCHED_EXCEPTION:
		return "exception";
	case SCHED_STOPPED:
		return "stopped";
	case SCHED_CANCELLED:
		return "cancelled";
	case SCHED_INTERRUPTED:
		return "interrupted";
	case SCHED_MARIMO_ERROR:
		return "error";
	case SCHED_DISABLED:
		return "disabled";
	case SCHED_KILLED:
		return "killed";
	}
	return "unknown";
}

static const char *
run_error_kind(enum sched_error e)
{
	switch (e) {
	case SCHED_ERR_NONE:
		return NULL;
	case SCHED_ERR_MULTIPLE_DEFS:
		return "multiple-defs";
	case SCHED_ERR_CYCLE:
		return "cycle";
	case SCHED_ERR_SETUP_REFS:
		return "setup-refs";
	case SCHED_ERR_IMPORT_STAR:
		return "import-star";
	case SCHED_ERR_SYNTAX:
		return "syntax";
	case SCHED_ERR_EXCEPTION:
		return "exception";
	case SCHED_ERR_ANCESTOR_RAISED:
		return "ancestor-raised";
	case SCHED_ERR_ANCESTOR_STOPPED:
		return "ancestor-stopped";
	case SCHED_ERR_INTERRUPTION:
		return "interruption";
	case SCHED_ERR_KERNEL_DIED:
		return "kernel-died";
	case SCHED_ERR_ANCESTOR_DIED:
		return "ancestor-died";
	case SCHED_ERR_KERNEL_START:
		return "kernel-start";
	}
	return "unknown";
}

/* "cell 3" or "cell 3 (load_data)", sanitised. */
static void
run_label(struct buf *out, struct run_ctx *r, uint32_t id)
{
	size_t i = run_index(r, id);
	struct nb_cell *nc = i < r->ncells ? nb_cell_at(r->nb, i) : NULL;

	if (nc == NULL) {
		buf_addf(out, "cell #%" PRIu32, id);
		return;
	}
	buf_addf(out, "cell %zu", i + 1);
	if (nb_cell_is_named(nc)) {
		buf_adds(out, " (");
		sanitize_to_buf(out, SANITIZE_FIELD, nb_cell_name(nc),
		    strlen(nb_cell_name(nc)));
		buf_adds(out, ")");
	}
}

static void
run_write(FILE *f, const char *p, size_t len)
{
	if (len > 0)
		(void)fwrite(p, 1, len, f);
}

/* Write a cell's streams, each run of one kind sanitised as a whole so a
 * sequence split across chunks is still caught. */
static void
run_print_streams(const struct run_cell *c)
{
	struct buf run = BUF_INIT, clean = BUF_INIT;
	const char *p = c->streams.ptr, *end = p + c->streams.len;
	int kind = 0;
	uint64_t n;

	while (p < end || run.len > 0) {
		int k = p < end ? (unsigned char)*p : -1;

		if (k != kind && run.len > 0) {
			FILE *f = kind == PROTO_STDERR ? stderr : stdout;

			buf_reset(&clean);
			sanitize_to_buf(&clean, SANITIZE_STREAM, run.ptr,
			    run.len);
			(void)fflush(kind == PROTO_STDERR ? stdout : stderr);
			run_write(f, clean.ptr, clean.len);
			if (clean.len > 0 && clean.ptr[clean.len - 1] != '\n')
				fputc('\n', f);
			(void)fflush(f);
			buf_reset(&run);
		}
		if (p >= end)
			break;
		kind = k;
		memcpy(&n, p + 1, sizeof n);
		buf_add(&run, p + 1 + sizeof n, (size_t)n);
		p += 1 + sizeof n + n;
	}
	buf_release(&run);
	buf_release(&clean);
}

/* Output rendering */

static int
run_unbase64_digit(char c)
{
	const char *p = c != '\0' ? strchr(run_b64, c) : NULL;

	return p != NULL ? (int)(p - run_b64) : -1;
}

/* Decode what run_base64 wrote; stops at the first byte that is not a
 * digit (the padding). */
static void
run_unbase64(struct buf *out, const char *p)
{
	uint32_t v = 0;
	int d, bits = 0;

	for (; (d = run_unbase64_digit(*p)) >= 0; p++) {
		v = v << 6 | (uint32_t)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(out, (char)(v >> bits & 0xff));
		}
	}
}

/*
 * Render one output (the representations of one value, as stored by
 * run_add_display) with the headless renderer. Returns the index of the
 * representation used, or -1 (out then holds a line naming the type).
 */
static int
run_render_output(const struct run_ctx *r, json_t *item,
    struct richtext *out)
{
	struct richtext_mime *items;
	struct buf *bins;
	json_t *o;
	size_t i, n = json_array_size(item);
	int used;

	items = xcalloc(n + 1, sizeof *items);
	bins = xcalloc(n + 1, sizeof *bins);
	json_array_foreach(item, i, o) {
		json_t *data = json_object_get(o, "data");
		const char *b64;

		items[i].mime = json_string_value(json_object_get(o, "mime"));
		if (items[i].mime == NULL)
			items[i].mime = "";
		buf_init(&bins[i]);
		if (data != NULL) {
			items[i].data = json_string_value(data);
			items[i].len = json_string_length(data);
		} else {
			b64 = json_string_value(json_object_get(o, "base64"));
			run_unbase64(&bins[i], b64 != NULL ? b64 : "");
			items[i].data = bins[i].ptr;
			items[i].len = bins[i].len;
		}
		if (items[i].data == NULL)
			items[i].data = "";
	}
	used = richtext_bundle_render(out, items, n, &r->ropt);
	for (i = 0; i < n; i++)
		buf_release(&bins[i]);
	free(bins);
	free(items);
	return used;
}

/* Write a rendered block as the terminal or the pipe wants it. */
static void
run_write_rendered(const struct run_ctx *r, const struct richtext *rt)
{
	struct buf b = BUF_INIT;

	if (r->ansi)
		richtext_format_ansi(rt, &b, r->ncolors);
	else
		richtext_format_plain(rt, &b);
	run_write(stdout, b.ptr, b.len);
	buf_release(&b);
}

static void
run_print_outputs(const struct run_ctx *r, const struct run_cell *c)
{
	struct richtext *rt = richtext_new();
	json_t *item;
	size_t i;

	json_array_foreach(c->outputs, i, item) {
		richtext_clear(rt);
		(void)run_render_output(r, item, rt);
		run_write_rendered(r, rt);
	}
	richtext_free(rt);
}

/* --json: what each output looks like as text, and which representation
 * that is. */
static json_t *
run_json_rendered(const struct run_ctx *r, const struct run_cell *c)
{
	struct richtext *rt = richtext_new();
	json_t *list = json_array(), *item;
	struct buf b = BUF_INIT;
	size_t i;
	int used;

	json_array_foreach(c->outputs, i, item) {
		json_t *o = json_object();
		const char *m;

		richtext_clear(rt);
		buf_reset(&b);
		used = run_render_output(r, item, rt);
		richtext_format_plain(rt, &b);
		m = used >= 0 ? json_string_value(json_object_get(
		    json_array_get(item, (size_t)used), "mime")) : NULL;
		json_object_set_new(o, "mime", m != NULL ? json_string(m) :
		    json_null());
		json_object_set_new(o, "text", run_jstr(b.ptr, b.len));
		json_array_append_new(list, o);
	}
	buf_release(&b);
	richtext_free(rt);
	return list;
}

static void
run_print_cell(struct run_ctx *r, struct run_cell *c)
{
	const struct sched_cell_info *i = sched_cell_info(r->sched, c->id);
	struct buf label = BUF_INIT, t = BUF_INIT;

	c->printed = true;
	c->printed_restarts = r->restarts;
	/* A kernel that could not start is said once, at the end. */
	if (r->json || (i != NULL && i->error == SCHED_ERR_KERNEL_START))
		return;
	run_label(&label, r, c->id);
	if (c->rerun)
		buf_adds(&label, ", run again");
	if (i == NULL || i->result == SCHED_SUCCESS)
		printf("=== %s ===\n", label.ptr);
	else
		printf("=== %s [%s] ===\n", label.ptr,
		    run_result_name(i->result));
	run_print_streams(c);
	run_print_outputs(r, c);
	if (r->tty)
		(void)fflush(stdout);
	if (i != NULL && (run_result_failed(i) ||
	    i->error == SCHED_ERR_ANCESTOR_STOPPED)) {
		(void)fflush(stdout);
		sanitize_to_buf(&t, SANITIZE_TEXT, i->message,
		    strlen(i->message));
		fprintf(stderr, "quire run: %s: %s", label.ptr, t.ptr);
		if (i->blamed != 0 && i->error != SCHED_ERR_MULTIPLE_DEFS &&
		    i->error != SCHED_ERR_CYCLE) {
			buf_reset(&label);
			run_label(&label, r, i->blamed);
			fprintf(stderr, " in %s", label.ptr);
		} else if (i->blamed != 0) {
			buf_reset(&label);
			run_label(&label, r, i->blamed);
			fprintf(stderr, " (with %s)", label.ptr);
		}
		fputc('\n', stderr);
		if (*i->traceback != '\0') {
			buf_reset(&t);
			sanitize_to_buf(&t, SANITIZE_TEXT, i->traceback,
			    strlen(i->traceback));
			fputs(t.ptr, stderr);
			if (t.len > 0 && t.ptr[t.len - 1] != '\n')
				fputc('\n', stderr);
		}
		(void)fflush(stderr);
	}
	buf_release(&label);
	buf_release(&t);
}

/* Is the cell's turn over? Blocked and disabled cells never run. */
static bool
run_is_settled(struct run_ctx *r, struct run_cell *c)
{
	const struct sched_cell_info *i = sched_cell_info(r->sched, c->id);

	if (c->settled)
		return true;
	return i == NULL || (i->state == SCHED_IDLE &&
	    (i->result == SCHED_MARIMO_ERROR || i->result == SCHED_DISABLED));
}

/* Print cells in display order as far as they are settled. */
static void
run_print_ready(struct run_ctx *r)
{
	while (r->next_print < r->ncells &&
	    run_is_settled(r, &r->cells[r->next_print])) {
		run_print_cell(r, &r->cells[r->next_print]);
		r->next_print++;
	}
}

static json_t *
run_json(struct run_ctx *r, const char *path, bool ok)
{
	json_t *root = json_object(), *cells = json_array();
	size_t k;

	json_object_set_new(root, "notebook", json_string(path));
	json_object_set_new(root, "ok", json_boolean(ok));
	json_object_set_new(root, "kernel_restarts",
	    json_integer(r->restarts));
	for (k = 0; k < r->ncells; k++) {
		struct run_cell *c = &r->cells[k];
		const struct sched_cell_info *i = sched_cell_info(r->sched,
		    c->id);
		struct nb_cell *nc = nb_cell_at(r->nb, k);
		struct buf out = BUF_INIT, err = BUF_INIT, t = BUF_INIT;
		const char *p = c->streams.ptr, *end = p + c->streams.len;
		json_t *o = json_object();
		uint64_t n;

		while (p < end) {
			memcpy(&n, p + 1, sizeof n);
			buf_add(*p == PROTO_STDERR ? &err : &out,
			    p + 1 + sizeof n, (size_t)n);
			p += 1 + sizeof n + n;
		}
		json_object_set_new(o, "id", json_integer(c->id));
		json_object_set_new(o, "index", json_integer((json_int_t)k));
		json_object_set_new(o, "name", json_string(nb_cell_name(nc)));
		{
			size_t len;
			const char *code = nb_cell_source(nc, &len);

			json_object_set_new(o, "code", run_jstr(code, len));
		}
		json_object_set_new(o, "status", json_string(i != NULL ?
		    run_result_name(i->result) : "not-run"));
		if (i != NULL && c->started && (i->result == SCHED_SUCCESS ||
		    i->result == SCHED_EXCEPTION ||
		    i->result == SCHED_STOPPED ||
		    i->result == SCHED_INTERRUPTED))
			json_object_set_new(o, "duration_ms", json_real(
			    (double)i->duration_us / 1000.0));
		/* Raw text: the JSON writer escapes every control. */
		json_object_set_new(o, "stdout", run_jstr(out.ptr, out.len));
		json_object_set_new(o, "stderr", run_jstr(err.ptr, err.len));
		json_object_set(o, "outputs", c->outputs);
		json_object_set_new(o, "rendered", run_json_rendered(r, c));
		if (i != NULL && i->error != SCHED_ERR_NONE) {
			json_t *e = json_object();

			json_object_set_new(e, "kind", json_string(
			    run_error_kind(i->error)));
			json_object_set_new(e, "message", json_string(
			    i->message));
			if (*i->exc_type != '\0')
				json_object_set_new(e, "type", json_string(
				    i->exc_type));
			if (*i->traceback != '\0')
				json_object_set_new(e, "traceback",
				    json_string(i->traceback));
			if (i->blamed != 0)
				json_object_set_new(e, "cell_index",
				    json_integer((json_int_t)run_index(r,
				    i->blamed)));
			json_object_set_new(o, "error", e);
		}
		if (i != NULL && i->dropped_len > 0)
			json_object_set_new(o, "dropped_bytes", json_integer(
			    (json_int_t)i->dropped_len));
		json_array_append_new(cells, o);
		buf_release(&out);
		buf_release(&err);
		buf_release(&t);
	}
	json_object_set_new(root, "cells", cells);
	return root;
}

/* Columns of the terminal on stdout, or 0. */
static size_t
run_term_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/*
 * How outputs are drawn: SGR sequences only for a terminal (or
 * --color=always), never under TERM=dumb; NO_COLOR keeps the attributes
 * (bold headings) and drops the colours. color: -1 auto, 0 never, 1
 * always. width: --width, or 0 for the terminal's (80 for a pipe).
 */
static void
run_output_setup(struct run_ctx *r, int color, size_t width, bool images)
{
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");
	const char *ct = getenv("COLORTERM"), *cs;
	bool tty = isatty(STDOUT_FILENO);

	/* Into a pipe or file stdout goes a buffer at a time, flushed
	 * before stderr is written and each time the run waits: a
	 * terminal sees each cell as it finishes. */
	r->tty = tty;
	if (!tty)
		(void)setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	memset(&r->ropt, 0, sizeof r->ropt);
	if (color < 0)
		r->ansi = tty && term != NULL && *term != '\0' &&
		    strcmp(term, "dumb") != 0;
	else
		r->ansi = color == 1;
	if (!r->ansi || (nc != NULL && *nc != '\0'))
		r->ncolors = 0;
	else if (ct != NULL && (strcmp(ct, "truecolor") == 0 ||
	    strcmp(ct, "24bit") == 0))
		r->ncolors = RICHTEXT_TRUECOLOR;
	else if (term != NULL && strstr(term, "256") != NULL)
		r->ncolors = 256;
	else
		r->ncolors = 8;
	if (width == 0 && tty)
		width = run_term_width();
	r->ropt.width = width > 0 ? width : 80;
	r->ropt.images = images;
	r->ropt.ncolors = r->ncolors;
	/* A terminal in another encoding gets ASCII rules and bullets; a
	 * pipe gets UTF-8 whatever the locale says. */
	cs = nl_langinfo(CODESET);
	r->ropt.ascii = tty && (cs == NULL || (strcmp(cs, "UTF-8") != 0 &&
	    strcmp(cs, "utf8") != 0));
}

int
cli_run(int argc, char **argv)
{
	struct kern_opts ko = { 0 };
	struct run_ctx r = { 0 };
	struct ana *ana = NULL;
	struct nb *nb = NULL;
	struct kern *kern = NULL;
	struct sigaction sa, old_int;
	bool handler = false;
	const char *path = NULL;
	char *real = NULL;
	uint64_t as_max = run_default_as(), output_max = RUN_OUTPUT_MAX;
	uint64_t cpu = 0;
	size_t i, nfailed = 0, width = 0;
	int k, status = RUN_UNUSABLE, color = -1;
	bool ok = true, aborted = false, images = false;

	for (k = 1; k < argc; k++) {
		const char *a = argv[k];

		if (strcmp(a, "--") == 0) {
			ko.cli_args = (const char *const *)argv + k + 1;
			ko.ncli_args = (size_t)(argc - k - 1);
			break;
		} else if (strcmp(a, "--json") == 0)
			r.json = true;
		else if (strcmp(a, "--images") == 0)
			images = true;
		else if (strncmp(a, "--color", 7) == 0 && (a[7] == '\0' ||
		    a[7] == '=')) {
			const char *w = a[7] == '=' ? a + 8 : "always";

			if (strcmp(w, "auto") == 0)
				color = -1;
			else if (strcmp(w, "always") == 0)
				color = 1;
			else if (strcmp(w, "never") == 0)
				color = 0;
			else
				return cli_usage_error("run", "bad --color %s "
				    "(auto, always or never)", w);
		} else if (strcmp(a, "--width") == 0 && k + 1 < argc) {
			uint64_t w;

			if (run_parse_size(argv[++k], &w) < 0 || w < 20 ||
			    w > 1000)
				return cli_usage_error("run", "bad width %s "
				    "(20 to 1000 columns)", argv[k]);
			width = (size_t)w;
		}
		else if (strcmp(a, "--venv") == 0 && k + 1 < argc)
			ko.venv = argv[++k];
		else if (strcmp(a, "--memory-limit") == 0 && k + 1 < argc) {
			if (run_parse_size(argv[++k], &as_max) < 0)
				return cli_usage_error("run", "bad size %s",
				    argv[k]);
		} else if (strcmp(a, "--output-limit") == 0 && k + 1 < argc) {
			if (run_parse_size(argv[++k], &output_max) < 0)
				return cli_usage_error("run", "bad size %s",
				    argv[k]);
		} else if (strcmp(a, "--cpu-limit") == 0 && k + 1 < argc) {
			if (run_parse_size(argv[++k], &cpu) < 0 ||
			    cpu > UINT32_MAX)
				return cli_usage_error("run", "bad number of "
				    "seconds %s", argv[k]);
		} else if (a[0] == '-' && a[1] != '\0')
			return cli_usage_error("run", "unknown option %s", a);
		else if (path != NULL)
			return cli_usage_error("run", "one notebook at a time "
			    "(%s)", a);
		else
			path = a;
	}
	if (path == NULL)
		return cli_usage_error("run", "no notebook given");
	run_output_setup(&r, color, width, images);
	auditlog_set_report(view_audit_report_cli, "quire run");
	(void)auditlog_session_start("run");

	real = realpath(path, NULL);
	ko.notebook_path = real != NULL ? real : path;
	ko.mode = "script";
	ko.as_max = as_max;
	ko.output_max = output_max;
	ko.cpu_max_s = (uint32_t)cpu;
	kern = kern_new(&ko);
	/* The kernel's interpreter starts while this one reads the
	 * notebook: on two cores the two start-ups overlap. */
	if (real != NULL && kern_start(kern) < 0) {
		fprintf(stderr, "quire run: %s\n", err_last());
		goto done;
	}
	/* An unchanged notebook comes from the cache with its analysis:
	 * then no interpreter starts on this side at all. */
	ana = ana_new_lazy();
	if (nbcache_load(&nb, FMT_UNKNOWN, path, ana, NULL) < 0) {
		fprintf(stderr, "quire run: %s\n", err_last());
		goto done;
	}
	(void)auditlog_notebook_open(path, NULL);
	if (nb_load_status(nb) == NB_LOAD_INVALID) {
		fprintf(stderr, "quire run: %s: not a notebook quire can run\n",
		    path);
		goto done;
	}
	r.nb = nb;
	r.ncells = nb_ncells(nb);
	r.cells = xcalloc(r.ncells + 1, sizeof *r.cells);
	for (i = 0; i < r.ncells; i++)
		if (nb_cell_id(nb_cell_at(nb, i)) >= r.nindex)
			r.nindex = nb_cell_id(nb_cell_at(nb, i)) + 1;
	r.index_of = xreallocarray(NULL, r.nindex + 1, sizeof *r.index_of);
	for (i = 0; i < r.nindex; i++)
		r.index_of[i] = (size_t)-1;
	for (i = 0; i < r.ncells; i++) {
		r.cells[i].id = nb_cell_id(nb_cell_at(nb, i));
		r.index_of[r.cells[i].id] = i;
		r.cells[i].index = i;
		buf_init(&r.cells[i].streams);
		r.cells[i].outputs = json_array();
	}
	r.sched = sched_new(nb, ana, kern);
	sched_set_callback(r.sched, run_on_event, &r);
	sched_set_restart_on_death(r.sched, true);
	/* Nobody edits while quire run runs: send far ahead, so cells go
	 * out many to a write and the kernel never waits for the next. */
	sched_set_window(r.sched, RUN_WINDOW);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = run_on_sigint;
	sigemptyset(&sa.sa_mask);
	handler = sigaction(SIGINT, &sa, &old_int) == 0;
	if (sched_run_all(r.sched) < 0) {
		fprintf(stderr, "quire run: %s\n", err_last());
		goto done;
	}
	/* Wait in short slices so ^C is seen: once interrupts the running
	 * cell, twice stops the kernel. */
	while (sched_wait(r.sched, 100) == 1 || sched_is_busy(r.sched)) {
		(void)fflush(stdout);
		auditlog_tick();	/* queued entries written on time */
		if (run_sigint == 1 && !aborted) {
			aborted = true;
			(void)sched_interrupt(r.sched);
		} else if (run_sigint > 1) {
			/* The cell ignores interrupts: stop for good. */
			sched_set_restart_on_death(r.sched, false);
			kern_stop(kern);
			(void)sched_pump(r.sched);
			fprintf(stderr, "quire run: stopped\n");
			status = RUN_ABORTED;
			goto done;
		}
	}
	/* A kernel that cannot start (a virtualenv of another Python) is
	 * unusable input, said once, not a failure of every cell. */
	for (i = 0; i < r.ncells; i++) {
		const struct sched_cell_info *inf = sched_cell_info(r.sched,
		    r.cells[i].id);

		if (inf != NULL && inf->error == SCHED_ERR_KERNEL_START) {
			fprintf(stderr, "quire run: %s\n", inf->message);
			goto done;
		}
	}
	/* Nothing more to run: the kernel ends (atexit handlers, the
	 * notebook's objects) while the rest is printed. */
	kern_shutdown_begin(kern);
	for (i = 0; i < r.ncells; i++)
		r.cells[i].settled = true;
	run_print_ready(&r);
	for (i = 0; i < r.ncells; i++) {
		const struct sched_cell_info *inf = sched_cell_info(r.sched,
		    r.cells[i].id);

		if (inf != NULL && run_result_failed(inf)) {
			ok = false;
			nfailed++;
		}
	}
	if (r.json) {
		json_t *j = run_json(&r, path, ok);
		char *s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_INDENT(1) |
		    JSON_ENSURE_ASCII);

		if (s != NULL) {
			puts(s);
			free(s);
		}
		json_decref(j);
	} else if (!ok)
		fprintf(stderr, "quire run: %zu of %zu cells failed\n",
		    nfailed, r.ncells);
	status = ok ? RUN_OK : RUN_FAILED;
	if (fflush(stdout) != 0)
		status = RUN_UNUSABLE;
done:
	if (handler)
		(void)sigaction(SIGINT, &old_int, NULL);
	/* Freed while the kernel ends (kern_shutdown_begin above). */
	sched_free(r.sched);
	for (i = 0; i < r.ncells; i++) {
		buf_release(&r.cells[i].streams);
		json_decref(r.cells[i].outputs);
	}
	free(r.cells);
	free(r.index_of);
	nb_free(nb);
	ana_free(ana);
	if (kern != NULL && status == RUN_UNUSABLE)
		kern_stop(kern);
	else if (kern != NULL)
		kern_shutdown(kern, 2000);
	kern_free(kern);
	(void)auditlog_session_end();
	free(real);
	return status;
}
