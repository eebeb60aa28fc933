/*
 * proto.h: the framed message protocol between quire and its kernel
 * process (doc/kernel-protocol.md). A frame is a length word, a type
 * byte, a JSON object of named fields and a raw body for bulk bytes
 * (cell code, output chunks, images, tracebacks), so binary data never
 * needs escaping and every field has a name that can grow.
 *
 * The decoder trusts nothing: every length is checked against the
 * configured limit before anything is allocated, and a malformed frame
 * is an error result, never a crash.
 */
#ifndef QUIRE_PROTO_H
#define QUIRE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct json_t;
struct proto_dec;

/* Bytes before the JSON part: length word (4), type (1), JSON length (4). */
#define PROTO_HEADER_LEN 9
/* Default limit for one frame, length word excluded. */
#define PROTO_FRAME_MAX (64u << 20)
/* The JSON part of a frame is never larger than this. */
#define PROTO_JSON_MAX (4u << 20)

enum proto_type {
	/* quire -> kernel */
	PROTO_CONFIG = 1,	/* argv, notebook path, limits */
	PROTO_RUN = 2,		/* run one cell; body: the code */
	PROTO_DELETE = 3,	/* delete a cell's names */
	PROTO_SET_WIDGET = 4,	/* a UI element's new value */
	PROTO_COMPLETE = 5,	/* completions at a position; body: code */
	PROTO_SHUTDOWN = 6,
	PROTO_VARIABLES = 7,	/* describe some globals */
	PROTO_TABLE_WINDOW = 8,	/* another window of a displayed table */
	/* kernel -> quire */
	PROTO_READY = 64,	/* interpreter started */
	PROTO_STREAM = 65,	/* body: a stdout/stderr chunk */
	PROTO_DISPLAY = 66,	/* body: one output, several mime types */
	PROTO_DONE = 67,	/* a RUN finished; body: the traceback */
	PROTO_ERROR = 68,	/* the kernel could not do what was asked */
	PROTO_COMPLETIONS = 69,
	PROTO_STATE = 70,	/* mo.state setters were called */
	PROTO_VARS = 71,	/* the answer to VARIABLES */
	PROTO_WIDGET = 72,	/* the answer to SET_WIDGET */
	PROTO_TABLE = 73	/* the answer to TABLE_WINDOW */
};

/* A decoded frame. Owns its JSON object and body. */
struct proto_msg {
	enum proto_type type;
	struct json_t *json;	/* an object, never NULL once decoded */
	char *body;		/* NUL-terminated copy; may hold NULs */
	size_t bodylen;		/* bytes */
};

#define PROTO_MSG_INIT { 0, NULL, NULL, 0 }

void proto_msg_release(struct proto_msg *);	/* back to PROTO_MSG_INIT */
/* "run", "done", ...; "unknown" for other values. */
const char *proto_type_name(enum proto_type);

/*
 * Append one frame to out. json may be NULL (an empty object is sent);
 * it is not consumed. Returns -1 (err_last()) only when the frame would
 * exceed PROTO_FRAME_MAX or the JSON part PROTO_JSON_MAX.
 */
int proto_encode(struct buf *out, enum proto_type, const struct json_t *json,
    const void *body, size_t bodylen);

/*
 * Stream decoder: bytes go in as they arrive, whole frames come out.
 * max_frame bounds one frame (length word excluded; 0 means
 * PROTO_FRAME_MAX). It holds at most one partial frame at a time.
 */
struct proto_dec *proto_dec_new(size_t max_frame);
void proto_dec_free(struct proto_dec *);	/* NULL is a no-op */
void proto_dec_feed(struct proto_dec *, const void *, size_t);
/* Bytes buffered but not yet returned as frames. */
size_t proto_dec_pending(const struct proto_dec *);
/*
 * Take the next whole frame into *out (caller releases it). Returns 1
 * when a frame was decoded, 0 when more bytes are needed, -1 when the
 * stream is malformed (err_last() says where); after -1 every call
 * fails again, because a byte stream cannot be resynchronised.
 */
int proto_dec_next(struct proto_dec *, struct proto_msg *out);

/* Decode exactly one frame from a buffer: the fuzzer's and tests' entry.
 * 0 on success, -1 (err_last()) on anything else, including trailing or
 * missing bytes. */
int proto_decode(struct proto_msg *out, const void *p, size_t len,
    size_t max_frame);

/*
 * Typed views of the messages. Encoders append a frame to out and
 * return 0, or -1 when the frame would be too large (out untouched);
 * parsers read a decoded message and return -1 (err_last()) when a field is
 * missing or has the wrong type. Strings in a view are borrowed from the
 * message and live as long as it does; arrays the parser allocates are
 * freed by the view's _release.
 */

struct proto_config {
	const char *const *argv;	/* mo.cli_args(), after "--" */
	size_t nargv;
	const char *notebook_path;	/* NULL when unsaved */
	const char *mode;		/* "edit", "run" (mo.app_meta) */
	uint64_t output_max;		/* bytes per cell, 0 no limit */
	uint32_t cpu_max_s;		/* CPU s per cell, 0 no limit */
	uint64_t as_max;		/* RLIMIT_AS bytes, 0 no limit */
};
int proto_config_encode(struct buf *, const struct proto_config *);
int proto_config_parse(struct proto_config *, const struct proto_msg *);
void proto_config_release(struct proto_config *);

struct proto_run {
	uint32_t cell;		/* cell id: private names become
				   _cell_<cell>_x */
	uint32_t batch;		/* one scheduler run; see after */
	const char *code;	/* the body */
	size_t codelen;
	const char *filename;	/* for tracebacks; NULL: "<cell-ID>" */
	bool no_expr;		/* the analyzer found no last expression:
				   the kernel may compile the text as is */
	const char *const *del;	/* globals to delete before running */
	size_t ndel;
	/* Cells this one depends on that were sent before it: if the latest
	 * run of one of them did not succeed, or this batch was interrupted,
	 * the kernel does not run this cell and answers DONE with status
	 * "skipped". This lets the scheduler send cells ahead. */
	const uint32_t *after;
	size_t nafter;
};
int proto_run_encode(struct buf *, const struct proto_run *);
int proto_run_parse(struct proto_run *, const struct proto_msg *);
void proto_run_release(struct proto_run *);

struct proto_delete {
	uint32_t cell;		/* also forgets its kept private names */
	const char *const *names;
	size_t nnames;
};
int proto_delete_encode(struct buf *, const struct proto_delete *);
int proto_delete_parse(struct proto_delete *, const struct proto_msg *);
void proto_delete_release(struct proto_delete *);

struct proto_complete {
	uint32_t id;		/* echoed in the answer */
	const char *code;	/* body */
	size_t codelen;
	size_t pos;		/* byte offset of the cursor in code */
	bool hint;		/* also the signature and doc of the call
				   the cursor is inside, f(a, | */
};
int proto_complete_encode(struct buf *, const struct proto_complete *);
int proto_complete_parse(struct proto_complete *, const struct proto_msg *);

struct proto_ready {
	int64_t pid;
	const char *python;	/* "3.11.2" */
	const char *executable;
	const char *venv;	/* NULL when none */
};
int proto_ready_encode(struct buf *, const struct proto_ready *);
int proto_ready_parse(struct proto_ready *, const struct proto_msg *);

enum proto_stream_name { PROTO_STDOUT = 1, PROTO_STDERR = 2 };

struct proto_stream {
	uint32_t cell;
	enum proto_stream_name name;
	const char *data;	/* the body; any bytes */
	size_t len;
};
int proto_stream_encode(struct buf *, const struct proto_stream *);
int proto_stream_parse(struct proto_stream *, const struct proto_msg *);

enum proto_display_op {
	PROTO_DISPLAY_REPLACE,	/* the cell's output becomes this item */
	PROTO_DISPLAY_APPEND,	/* add an item (mo.output.append) */
	PROTO_DISPLAY_CLEAR	/* no items (mo.output.clear) */
};

/* One representation of an output, richest first in a display. */
struct proto_mime {
	const char *mime;	/* "text/plain", "text/markdown", "image/png",
				   "application/vnd.quire.table+json" */
	const char *data;	/* borrowed from the body */
	size_t len;
};

struct proto_display {
	uint32_t cell;
	enum proto_display_op op;
	struct proto_mime *items;	/* allocated by the parser */
	size_t nitems;
};
int proto_display_encode(struct buf *, const struct proto_display *);
int proto_display_parse(struct proto_display *, const struct proto_msg *);
void proto_display_release(struct proto_display *);

enum proto_status {
	PROTO_STATUS_OK,
	PROTO_STATUS_EXCEPTION,
	PROTO_STATUS_STOPPED,		/* mo.stop */
	PROTO_STATUS_INTERRUPTED,	/* SIGINT reached the cell */
	PROTO_STATUS_SKIPPED		/* not run: see proto_run.after */
};
const char *proto_status_name(enum proto_status);

struct proto_done {
	uint32_t cell;
	uint32_t batch;
	enum proto_status status;
	uint64_t duration_us;	/* wall clock of the cell's code */
	const char *exc_type;	/* "ValueError"; NULL unless exception */
	const char *exc_msg;	/* str(exception); NULL unless exception */
	const char *traceback;	/* the body, private names de-mangled */
	size_t traceback_len;
	uint32_t blocker;	/* skipped: the cell that did not succeed,
				   0 when the batch was interrupted */
	uint64_t dropped_len;	/* output bytes over the limit, dropped */
};
int proto_done_encode(struct buf *, const struct proto_done *);
int proto_done_parse(struct proto_done *, const struct proto_msg *);

/*
 * The spill area: shared memory (a memfd the editor creates and passes
 * to the kernel) where the kernel collects DONE frames and sends them
 * in batches, a few milliseconds apart, instead of one write and one
 * wake-up of the editor per cell. When the kernel dies, what it never
 * sent is still here: the editor reads the whole frames in data[0, len)
 * before it decides which cell the death belongs to.
 */
#define PROTO_SPILL_SIZE 65536
struct proto_spill {
	_Atomic uint32_t len;	/* bytes of whole frames in data */
	uint32_t reserved;
	char data[PROTO_SPILL_SIZE - 8];
};

struct proto_error {
	const char *message;
	bool fatal;		/* the kernel exits after sending it */
};
int proto_error_encode(struct buf *, const struct proto_error *);
int proto_error_parse(struct proto_error *, const struct proto_msg *);

struct proto_completions {
	uint32_t id;
	size_t replace_len;	/* bytes before pos the items replace */
	const char *const *items;
	size_t nitems;
	/* Asked with hint: "name(signature)" and the first paragraph of the
	 * docstring of the call the cursor is inside; NULL when none.
	 * Untrusted text: sanitise (FIELD, TEXT) before showing. */
	const char *signature;
	const char *doc;
};
int proto_completions_encode(struct buf *, const struct proto_completions *);
int proto_completions_parse(struct proto_completions *,
    const struct proto_msg *);
void proto_completions_release(struct proto_completions *);

/* Global names bound to mo.state objects whose setter ran in cell. */
struct proto_state {
	uint32_t cell;		/* the cell that ran the setter, 0 none */
	const char *const *names;
	size_t nnames;
};
int proto_state_encode(struct buf *, const struct proto_state *);
int proto_state_parse(struct proto_state *, const struct proto_msg *);
void proto_state_release(struct proto_state *);

/* Ask for the type and a short repr of these globals (those absent from
 * the globals are left out of the answer). */
struct proto_variables {
	uint32_t id;		/* echoed in the answer */
	const char *const *names;
	size_t nnames;
};
int proto_variables_encode(struct buf *, const struct proto_variables *);
int proto_variables_parse(struct proto_variables *,
    const struct proto_msg *);
void proto_variables_release(struct proto_variables *);

struct proto_var {
	const char *name;
	const char *type;	/* type(value).__name__ */
	const char *repr;	/* short, one line; untrusted: sanitise */
};

struct proto_vars {
	uint32_t id;
	struct proto_var *vars;	/* allocated by the parser */
	size_t nvars;
};
int proto_vars_encode(struct buf *, const struct proto_vars *);
int proto_vars_parse(struct proto_vars *, const struct proto_msg *);
void proto_vars_release(struct proto_vars *);

/*
 * Widgets and tables (doc/kernel-protocol.md, doc/rich-outputs.md).
 * Widget ids ("ui-3") and table ids ("tbl-4") are at most
 * PROTO_ID_MAX bytes of [A-Za-z0-9_.-]; the parsers refuse others.
 */
#define PROTO_ID_MAX 64
/* Rows and data columns one TABLE_WINDOW may ask for. */
#define PROTO_TABLE_ROWS_MAX 1000
#define PROTO_TABLE_COLS_MAX 50

/* quire -> kernel: a UI element's new value. */
struct proto_set_widget {
	uint32_t id;		/* echoed in the WIDGET answer */
	uint32_t cell;		/* cell whose output shows the element, 0
				   unknown */
	const char *widget;	/* the element's id, "ui-3" */
	const char *value;	/* the body: the new value as JSON text */
	size_t valuelen;	/* bytes */
};
int proto_set_widget_encode(struct buf *, const struct proto_set_widget *);
/* Also -1 when the body is not one JSON value. */
int proto_set_widget_parse(struct proto_set_widget *,
    const struct proto_msg *);

/* kernel -> quire: the answer to SET_WIDGET, after .value changed and
 * on_change ran. */
struct proto_widget {
	uint32_t id;
	const char *widget;
	const char *const *names;	/* globals bound to the element, or to
					   the array/dictionary/form holding
					   it: the cells that read them rerun */
	size_t nnames;
	uint32_t cell;		/* the cell that defined those names, 0
				   unknown */
	const char *error;	/* NULL, or why the value was refused
				   (unknown element, wrong type); nothing
				   reruns then */
	const char *json;	/* the body: the element's widget JSON
				   (doc/rich-outputs.md) after the change;
				   may be empty with an error */
	size_t jsonlen;		/* bytes */
};
int proto_widget_encode(struct buf *, const struct proto_widget *);
/* Also -1 when a non-empty body is not a JSON object. */
int proto_widget_parse(struct proto_widget *, const struct proto_msg *);
void proto_widget_release(struct proto_widget *);

/* quire -> kernel: another window of a displayed table. */
struct proto_table_window {
	uint32_t id;		/* echoed in the TABLE answer */
	const char *table;	/* "tbl-4": table_id of the table JSON */
	uint64_t offset, limit;		/* rows; limit <= 1000 */
	uint64_t col_offset, col_limit;	/* data columns; col_limit <= 50 */
	const char *sort_column;	/* NULL: the table's own order */
	bool descending;
};
int proto_table_window_encode(struct buf *,
    const struct proto_table_window *);
int proto_table_window_parse(struct proto_table_window *,
    const struct proto_msg *);

/* kernel -> quire: the answer to TABLE_WINDOW. */
struct proto_table {
	uint32_t id;
	const char *table;
	const char *error;	/* NULL, or why not (the table is gone) */
	const char *json;	/* the body: table JSON of the window */
	size_t jsonlen;		/* bytes */
};
int proto_table_encode(struct buf *, const struct proto_table *);
/* Also -1 when a non-empty body is not a JSON object. */
int proto_table_parse(struct proto_table *, const struct proto_msg *);

#endif
