/*
 * view_audit.c: the audit trail in the editor. Records what the editor
 * does through src/auditlog.c (its session, the notebook opened and
 * saved, each cell run once its result is in, kernel crashes and
 * restarts), and draws the :audit view: the auditor's passphrase asked
 * without echo, then every entry the store holds, newest first, with
 * `quire audit verify`'s verdict at the top and filters by event type
 * and by user.
 *
 * The view holds its own handle on the store, unlocked only while the
 * view is open: closing it wipes the auditor's keys. Opening it is an
 * audited read (AUDIT_VERIFY, AUDIT_READ) when the store can be written.
 * Every field is user data as far as the screen is concerned (a notebook
 * path can hold escape sequences), so each goes through the sanitiser's
 * FIELD rules before it is kept, and draw.c checks it again.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "audit.h"
#include "auditlog.h"
#include "buf.h"
#include "draw.h"
#include "err.h"
#include "journal.h"
#include "keys.h"
#include "run.h"
#include "sanitize.h"
#include "utf8.h"
#include "xmalloc.h"

#include "editor_int.h"
#include "scrollview.h"
#include "view_audit.h"

/* Bytes of passphrase the prompt takes; a longer one is not typed. */
#define VIEW_AUDIT_PASS_MAX 1024
/* Entries the view keeps, the newest; `quire audit show` has them all. */
#define VIEW_AUDIT_ROWS_MAX 100000

/* Rows of the list screen that are not entries: title, verify,
 * filters, header above; detail and keys below. */
#define VIEW_AUDIT_ABOVE 4
#define VIEW_AUDIT_BELOW 2

enum view_audit_state {
	VIEW_AUDIT_CLOSED,
	VIEW_AUDIT_PASS,		/* asking the passphrase */
	VIEW_AUDIT_LIST
};

/* One entry as shown; every string sanitised, owned. */
struct view_audit_row {
	char *when;		/* "11-23 13:43:35", UTC */
	char *user;
	char *type;
	char *notebook;		/* its last component */
	char *cell;		/* name, or "#id" */
	char *outcome;
	char *detail;		/* the line under the list */
};

struct view_audit {
	enum view_audit_state state;

	/* Recording: cells that started and wait for their result. */
	uint32_t *started;
	size_t nstarted, started_alloc;

	/* The view. */
	struct audit *a;		/* open while the view is */
	bool recorded;			/* writable: reading it is audited */
	char *store;			/* sanitised, for the title */
	char *pass;			/* sodium_malloc'd, PASS_MAX */
	size_t pass_len;
	char *error;			/* on the passphrase screen */
	char *verify;			/* verify's verdict */
	bool verify_ok;
	char *note;			/* a problem reading entries */
	struct view_audit_row *rows;	/* a ring, oldest at head */
	size_t nrows, head, rows_alloc;
	size_t *shown;			/* rows that pass the filters,
					   newest first */
	size_t nshown;
	char *f_type, *f_user;		/* filters; NULL: all */
	struct scrollview sv;		/* over shown */
};

/* Recording */

void
view_audit_report_cli(const char *msg, void *arg)
{
	struct buf t = BUF_INIT;

	sanitize_to_buf(&t, SANITIZE_FIELD, msg, strlen(msg));
	(void)fflush(stdout);
	fprintf(stderr, "%s: %s\n", arg != NULL ? (const char *)arg :
	    "quire", t.ptr);
	buf_release(&t);
}

static void
view_audit_report_editor(const char *msg, void *arg)
{
	editor_message(arg, true, "%s", msg);
}

static struct view_audit *
view_audit_get(struct editor *ed)
{
	if (ed->audit == NULL) {
		ed->audit = xcalloc(1, sizeof *ed->audit);
		scrollview_init(&ed->audit->sv, SCROLLVIEW_HOME_END |
		    SCROLLVIEW_LETTERS | SCROLLVIEW_SPACE);
	}
	return ed->audit;
}

/* The hash of the file as the editor last read or wrote it. */
static const char *
view_audit_disk_hash(struct editor *ed, char hex[AUDITLOG_HASH_HEX_LEN + 1])
{
	if (ed->disk == NULL || !ed->disk->exists)
		return NULL;	/* auditlog hashes the file itself */
	(void)sodium_bin2hex(hex, AUDITLOG_HASH_HEX_LEN + 1, ed->disk->hash,
	    sizeof ed->disk->hash);
	return hex;
}

void
view_audit_session_start(struct editor *ed)
{
	char hex[AUDITLOG_HASH_HEX_LEN + 1];

	(void)view_audit_get(ed);
	auditlog_set_report(view_audit_report_editor, ed);
	(void)auditlog_session_start(ed->view_only ? "view" : "edit");
	if (!ed->is_new)
		(void)auditlog_notebook_open(ed->path,
		    view_audit_disk_hash(ed, hex));
	auditlog_tick_every(ed->loop, AUDITLOG_TICK_MS);
}

void
view_audit_session_end(struct editor *ed)
{
	(void)ed;
	/* The screen is gone: a failure now is told on stderr. */
	auditlog_set_report(view_audit_report_cli, "quire");
	(void)auditlog_session_end();
	auditlog_set_report(NULL, NULL);
}

void
view_audit_on_save(struct editor *ed, const char *commit)
{
	char hex[AUDITLOG_HASH_HEX_LEN + 1];

	(void)auditlog_notebook_save(ed->path, view_audit_disk_hash(ed, hex),
	    commit);
}

static void
view_audit_started(struct view_audit *va, uint32_t id)
{
	size_t i;

	for (i = 0; i < va->nstarted; i++)
		if (va->started[i] == id)
			return;
	if (va->nstarted == va->started_alloc) {
		va->started_alloc = va->started_alloc ? va->started_alloc * 2 :
		    16;
		va->started = xreallocarray(va->started, va->started_alloc,
		    sizeof *va->started);
	}
	va->started[va->nstarted++] = id;
}

/* Was the cell started (and is no longer waited for)? */
static bool
view_audit_finished(struct view_audit *va, uint32_t id)
{
	size_t i;

	for (i = 0; i < va->nstarted; i++)
		if (va->started[i] == id) {
			va->started[i] = va->started[--va->nstarted];
			return true;
		}
	return false;
}

static void
view_audit_record_run(struct editor *ed, uint32_t id)
{
	enum audit_outcome outcome = AUDIT_FAILED;
	struct buf exc = BUF_INIT;
	struct run_info info;
	const char *reason = NULL;

	if (!run_cell_info(ed->run, id, &info))
		return;
	switch (info.result) {
	case RUN_OK:
		outcome = AUDIT_OK;
		break;
	case RUN_STOPPED:
		outcome = AUDIT_OK;
		reason = "mo.stop";
		break;
	case RUN_ERROR:
		/* The exception's name, never its text: that may hold data. */
		reason = auditlog_exc_name(&exc, info.message);
		if (reason == NULL)
			reason = "error";
		break;
	case RUN_INTERRUPTED:
		reason = "interrupted";
		break;
	case RUN_KILLED:
		reason = "the kernel died";
		break;
	default:
		reason = "not run";
		break;
	}
	(void)auditlog_cell_run_nb(ed->path, ed->nb, id, info.duration_us,
	    outcome, reason);
	buf_release(&exc);
}

void
view_audit_on_run(struct editor *ed, const struct run_event *ev)
{
	struct view_audit *va = view_audit_get(ed);
	char *msg;

	switch (ev->type) {
	case RUN_EV_START:
		view_audit_started(va, ev->cell);
		break;
	case RUN_EV_DONE:
		/* Cancelled and blocked cells are done without starting:
		 * nothing ran, nothing to record. */
		if (view_audit_finished(va, ev->cell))
			view_audit_record_run(ed, ev->cell);
		break;
	case RUN_EV_KERNEL:
		msg = xstrndup(ev->data != NULL ? ev->data : "", ev->len);
		if (strcmp(run_kernel_state(ed->run), "dead") == 0)
			(void)auditlog_kernel_crash(ed->path, msg);
		else if (strstr(msg, "restarted") != NULL)
			(void)auditlog_kernel_restart(ed->path, msg);
		free(msg);
		break;
	case RUN_EV_IDLE:
		/* Whatever was in flight when the kernel died never ends. */
		va->nstarted = 0;
		break;
	default:
		break;
	}
}

/* The view: entries */

static char *
view_audit_clean(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	/* The sanitiser shows an empty field as ''; a column stays blank. */
	if (len == 0)
		return xstrdup("");
	sanitize_to_buf(&b, SANITIZE_FIELD, s, len);
	return buf_detach(&b, NULL);
}

static char *
view_audit_cleans(const char *s)
{
	return view_audit_clean(s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

/* A field as text ("" when absent): strings as they are, numbers in
 * decimal. */
static void
view_audit_field(struct buf *out, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	buf_reset(out);
	if (json_is_string(v))
		buf_add(out, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		buf_addf(out, "%lld", (long long)json_integer_value(v));
	else if (json_is_true(v))
		buf_adds(out, "true");
	else if (json_is_false(v))
		buf_adds(out, "false");
}

static void
view_audit_row_free(struct view_audit_row *r)
{
	free(r->when);
	free(r->user);
	free(r->type);
	free(r->notebook);
	free(r->cell);
	free(r->outcome);
	free(r->detail);
	memset(r, 0, sizeof *r);
}

/* What the line under the list tells of the selected entry. */
static const char *const view_audit_detail_keys[] = {
	"notebook", "cell_index", "cell_id", "duration_us", "reason",
	"command", "format", "target", "size", "dlp", "commit",
	"permission", "object", "decision", "host", "tty", "ssh", NULL
};

static int
view_audit_on_row(const struct audit_row *row, void *arg)
{
	struct view_audit *va = arg;
	struct view_audit_row r, *slot;
	struct buf v = BUF_INIT, d = BUF_INIT;
	json_t *obj = json_loadb(row->fields, row->fields_len, 0, NULL);
	char when[32];
	struct tm tm;
	time_t t;
	const char *base;
	size_t i;

	memset(&r, 0, sizeof r);
	t = (time_t)(row->ts_us / 1000000);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof when, "%m-%d %H:%M:%S", &tm) == 0)
		(void)snprintf(when, sizeof when, "?");
	r.when = xstrdup(when);
	r.type = view_audit_cleans(row->type);
	r.outcome = view_audit_cleans(row->outcome);
	view_audit_field(&v, obj, "user");
	if (v.len == 0)
		view_audit_field(&v, obj, "uid");
	r.user = view_audit_clean(v.ptr, v.len);
	view_audit_field(&v, obj, "notebook");
	base = strrchr(v.ptr, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : v.ptr;
	r.notebook = view_audit_cleans(base);
	/* A cell is its name, else its position: ids are per session. */
	view_audit_field(&v, obj, "cell_name");
	if (v.len == 0) {
		view_audit_field(&v, obj, "cell_index");
		if (v.len > 0) {
			buf_reset(&d);
			buf_addf(&d, "#%s", v.ptr);
			buf_reset(&v);
			buf_add(&v, d.ptr, d.len);
		}
	}
	r.cell = view_audit_clean(v.ptr, v.len);
	buf_reset(&d);
	audit_time_format(&d, row->ts_us);
	buf_addf(&d, " seq %llu", (unsigned long long)row->seq);
	for (i = 0; view_audit_detail_keys[i] != NULL; i++) {
		view_audit_field(&v, obj, view_audit_detail_keys[i]);
		if (v.len > 0)
			buf_addf(&d, " %s=%s", view_audit_detail_keys[i],
			    v.ptr);
	}
	r.detail = view_audit_clean(d.ptr, d.len);
	json_decref(obj);
	buf_release(&v);
	buf_release(&d);

	if (va->nrows < VIEW_AUDIT_ROWS_MAX) {
		if (va->nrows == va->rows_alloc) {
			va->rows_alloc = va->rows_alloc ? va->rows_alloc * 2 :
			    256;
			if (va->rows_alloc > VIEW_AUDIT_ROWS_MAX)
				va->rows_alloc = VIEW_AUDIT_ROWS_MAX;
			va->rows = xreallocarray(va->rows, va->rows_alloc,
			    sizeof *va->rows);
		}
		va->rows[va->nrows++] = r;
	} else {
		/* Full: the oldest makes room. */
		slot = &va->rows[va->head];
		view_audit_row_free(slot);
		*slot = r;
		va->head = (va->head + 1) % va->nrows;
	}
	return 0;
}

/* The i-th entry, oldest first. */
static struct view_audit_row *
view_audit_row(struct view_audit *va, size_t i)
{
	return &va->rows[(va->head + i) % va->nrows];
}

static void
view_audit_rows_clear(struct view_audit *va)
{
	size_t i;

	for (i = 0; i < va->nrows; i++)
		view_audit_row_free(&va->rows[i]);
	free(va->rows);
	free(va->shown);
	va->rows = NULL;
	va->shown = NULL;
	va->nrows = va->head = va->rows_alloc = va->nshown = 0;
	scrollview_set_rows(&va->sv, 0);
	scrollview_reset(&va->sv);
}

static void
view_audit_filter(struct view_audit *va)
{
	struct view_audit_row *r;
	size_t i;

	free(va->shown);
	va->shown = xreallocarray(NULL, va->nrows + 1, sizeof *va->shown);
	va->nshown = 0;
	for (i = va->nrows; i-- > 0;) {
		r = view_audit_row(va, i);
		if (va->f_type != NULL && strcmp(r->type, va->f_type) != 0)
			continue;
		if (va->f_user != NULL && strcmp(r->user, va->f_user) != 0)
			continue;
		va->shown[va->nshown++] = i;
	}
	scrollview_set_rows(&va->sv, va->nshown);
	scrollview_reset(&va->sv);
}

/*
 * The next value of a filter: the values the entries hold, newest
 * first, then NULL (all) again.
 */
static char *
view_audit_next(struct view_audit *va, const char *cur, bool user)
{
	const char **seen = NULL;
	size_t nseen = 0, i, k;
	char *next = NULL;
	bool take = cur == NULL;

	seen = xreallocarray(NULL, va->nrows + 1, sizeof *seen);
	for (i = va->nrows; i-- > 0;) {
		const char *v = user ? view_audit_row(va, i)->user :
		    view_audit_row(va, i)->type;

		for (k = 0; k < nseen; k++)
			if (strcmp(seen[k], v) == 0)
				break;
		if (k < nseen || *v == '\0')
			continue;
		seen[nseen++] = v;
		if (take) {
			next = xstrdup(v);
			break;
		}
		if (strcmp(v, cur) == 0)
			take = true;
	}
	free(seen);
	return next;
}

static void
view_audit_load(struct view_audit *va)
{
	struct audit_verify_opts vo = { NULL, true };
	struct audit_verify_report r;
	struct audit_filter f;
	struct buf b = BUF_INIT;

	/* The editor's own queued entries first, so the view shows them. */
	(void)auditlog_flush();
	view_audit_rows_clear(va);
	free(va->verify);
	free(va->note);
	va->note = NULL;
	if (audit_verify(va->a, &vo, &r) < 0) {
		buf_addf(&b, "verify: could not run: %s", err_last());
		va->verify_ok = false;
	} else {
		va->verify_ok = r.ok;
		if (r.ok)
			buf_addf(&b, "verify: OK, %llu %s (seq %llu..%llu), "
			    "%s", (unsigned long long)r.nentries,
			    r.nentries == 1 ? "entry" : "entries",
			    (unsigned long long)r.first_seq,
			    (unsigned long long)r.last_seq, r.macs_checked ?
			    "MACs checked" : "MACs not checked");
		else if (r.bad_seq > 0)
			buf_addf(&b, "verify: FAILED at seq %llu: %s",
			    (unsigned long long)r.bad_seq, r.problem);
		else
			buf_addf(&b, "verify: FAILED: %s", r.problem);
		audit_verify_report_release(&r);
	}
	va->verify = view_audit_clean(b.ptr, b.len);
	memset(&f, 0, sizeof f);
	if (audit_query(va->a, &f, NULL, view_audit_on_row, va) < 0) {
		buf_reset(&b);
		buf_addf(&b, "entries: %s", err_last());
		va->note = view_audit_clean(b.ptr, b.len);
	}
	view_audit_filter(va);
	buf_release(&b);
}

static void
view_audit_pass_wipe(struct view_audit *va)
{
	if (va->pass != NULL) {
		sodium_memzero(va->pass, VIEW_AUDIT_PASS_MAX);
		sodium_free(va->pass);
	}
	va->pass = NULL;
	va->pass_len = 0;
}

static void
view_audit_close(struct view_audit *va)
{
	view_audit_pass_wipe(va);
	audit_log_close(va->a);		/* wipes the auditor's keys */
	va->a = NULL;
	view_audit_rows_clear(va);
	free(va->store);
	free(va->error);
	free(va->verify);
	free(va->note);
	free(va->f_type);
	free(va->f_user);
	va->store = va->error = va->verify = va->note = NULL;
	va->f_type = va->f_user = NULL;
	va->state = VIEW_AUDIT_CLOSED;
}

void
view_audit_cmd(struct editor *ed, const char *arg)
{
	struct view_audit *va = view_audit_get(ed);
	struct buf path = BUF_INIT, why = BUF_INIT;
	unsigned flags = AUDIT_OPEN_WRITE;
	struct stat st;

	(void)arg;
	if (va->state != VIEW_AUDIT_CLOSED)
		return;
	if (auditlog_store_path(&path, ed->cfg) < 0) {
		editor_message(ed, true, "audit: %s", err_last());
		goto done;
	}
	if (stat(path.ptr, &st) < 0 && errno == ENOENT) {
		editor_message(ed, true, "audit: no audit store at %s (quire "
		    "audit init makes one)", path.ptr);
		goto done;
	}
	if (auditlog_syslog_wanted(ed->cfg))
		flags |= AUDIT_OPEN_SYSLOG;
	/* A copy without the writer key is read, but the read is not
	 * recorded; the view says so. */
	va->recorded = true;
	if (audit_log_open(&va->a, path.ptr, flags) < 0) {
		buf_adds(&why, err_last());
		va->recorded = false;
		if (audit_log_open(&va->a, path.ptr, 0) < 0) {
			editor_message(ed, true, "audit: %s", err_last());
			goto done;
		}
	}
	va->pass = sodium_malloc(VIEW_AUDIT_PASS_MAX);
	if (va->pass == NULL)
		abort();
	va->pass_len = 0;
	va->store = view_audit_clean(path.ptr, path.len);
	va->state = VIEW_AUDIT_PASS;
	ed->dirty_screen = true;
done:
	buf_release(&path);
	buf_release(&why);
}

bool
view_audit_is_open(const struct editor *ed)
{
	return ed->audit != NULL && ed->audit->state != VIEW_AUDIT_CLOSED;
}

static void
view_audit_unlock(struct editor *ed, struct view_audit *va)
{
	int rc;

	free(va->error);
	va->error = xstrdup("checking the passphrase...");
	editor_draw(ed);	/* Argon2id takes a moment: say so first */
	rc = audit_log_unlock(va->a, NULL, va->pass, va->pass_len);
	view_audit_pass_wipe(va);
	free(va->error);
	va->error = NULL;
	if (rc < 0) {
		va->error = view_audit_cleans(err_last());
		/* A refused read is an access to the log too (PCI DSS
		 * 10.2.1): recorded when the store can be written. */
		if (va->recorded)
			(void)audit_record(va->a, &(struct audit_event){
			    .type = AUDIT_AUDIT_READ, .outcome = AUDIT_DENIED,
			    .reason = va->error });
		err_clear();
		va->pass = sodium_malloc(VIEW_AUDIT_PASS_MAX);
		if (va->pass == NULL)
			abort();
		return;
	}
	va->state = VIEW_AUDIT_LIST;
	view_audit_load(va);
}

/* Text typed or pasted into the prompt, up to the first line end. */
static void
view_audit_pass_add(struct view_audit *va, const char *p, size_t len)
{
	const char *nl = memchr(p, '\n', len), *cr = memchr(p, '\r', len);

	if (nl != NULL)
		len = (size_t)(nl - p);
	if (cr != NULL && (size_t)(cr - p) < len)
		len = (size_t)(cr - p);
	if (len > VIEW_AUDIT_PASS_MAX - va->pass_len)
		return;		/* no silent cut: the unlock fails instead */
	memcpy(va->pass + va->pass_len, p, len);
	va->pass_len += len;
}

static void
view_audit_pass_key(struct editor *ed, struct view_audit *va,
    const struct keys_event *ev)
{
	char u[4];
	int key = ev->key;

	if (ev->kind == KEYS_EV_PASTE) {
		view_audit_pass_add(va, ev->paste, ev->paste_len);
		return;
	}
	if (ev->kind != KEYS_EV_KEY)
		return;
	if (key == KEYS_ESC || key == KEYS_CTRL('c') || key == KEYS_CTRL('g') ||
	    key == KEYS_CTRL('q')) {
		view_audit_close(va);
		editor_message(ed, false, "audit view closed");
		return;
	}
	if (key == KEYS_ENTER) {
		view_audit_unlock(ed, va);
		return;
	}
	if (key == KEYS_BACKSPACE || key == KEYS_CTRL('h')) {
		size_t was = va->pass_len;

		/* One character: step back over its continuation bytes. */
		while (va->pass_len > 0 &&
		    ((unsigned char)va->pass[--va->pass_len] & 0xc0) == 0x80)
			;
		sodium_memzero(va->pass + va->pass_len, was - va->pass_len);
		return;
	}
	if (key == KEYS_CTRL('u')) {
		sodium_memzero(va->pass, VIEW_AUDIT_PASS_MAX);
		va->pass_len = 0;
		return;
	}
	if (key >= 0x20 && key < KEYS_SPECIAL && key != 0x7f)
		view_audit_pass_add(va, u, utf8_encode((uint32_t)key, u));
	sodium_memzero(u, sizeof u);
}

static size_t
view_audit_page(struct editor *ed)
{
	int rows, cols;

	draw_size(ed->draw, &rows, &cols);
	rows -= VIEW_AUDIT_ABOVE + VIEW_AUDIT_BELOW;
	return rows > 1 ? (size_t)rows : 1;
}

static void
view_audit_list_key(struct editor *ed, struct view_audit *va,
    const struct keys_event *ev)
{
	char *next;

	scrollview_set_page(&va->sv, view_audit_page(ed));
	if (ev->kind == KEYS_EV_MOUSE) {
		if (ev->mouse == KEYS_MOUSE_WHEEL_UP)
			scrollview_move(&va->sv, -3);
		else if (ev->mouse == KEYS_MOUSE_WHEEL_DOWN)
			scrollview_move(&va->sv, 3);
		return;
	}
	if (ev->kind != KEYS_EV_KEY || scrollview_key(&va->sv, ev->key))
		return;
	switch (ev->key) {
	case 't':
	case 'u':
		next = view_audit_next(va, ev->key == 't' ? va->f_type :
		    va->f_user, ev->key == 'u');
		if (ev->key == 't') {
			free(va->f_type);
			va->f_type = next;
		} else {
			free(va->f_user);
			va->f_user = next;
		}
		view_audit_filter(va);
		break;
	case 'a':
		free(va->f_type);
		free(va->f_user);
		va->f_type = va->f_user = NULL;
		view_audit_filter(va);
		break;
	case 'r':
		view_audit_load(va);
		break;
	case 'q':
	case KEYS_ESC:
	case KEYS_CTRL('c'):
	case KEYS_CTRL('g'):
	case KEYS_CTRL('q'):
		view_audit_close(va);
		editor_message(ed, false, "audit view closed");
		break;
	default:
		break;
	}
}

bool
view_audit_key(struct editor *ed, const struct keys_event *ev)
{
	struct view_audit *va = ed->audit;

	if (!view_audit_is_open(ed))
		return false;
	if (va->state == VIEW_AUDIT_PASS)
		view_audit_pass_key(ed, va, ev);
	else
		view_audit_list_key(ed, va, ev);
	ed->dirty_screen = true;
	return true;
}

/* The view: drawing */

/* A bar: text in the bar role across the whole row. */
static void
view_audit_bar(struct editor *ed, int y, int cols, const char *text)
{
	draw_fill(ed->draw, y, 0, cols, DRAW_BAR);
	(void)draw_str(ed->draw, y, 0, cols, DRAW_BAR, text);
}

/* The key hints: "KEY what" pairs, keys in their own role. */
static void
view_audit_keys(struct editor *ed, int y, int cols,
    const char *const *pairs)
{
	int x = 1;
	size_t i;

	draw_fill(ed->draw, y, 0, cols, DRAW_BAR);
	for (i = 0; pairs[i] != NULL && pairs[i + 1] != NULL && x < cols;
	    i += 2) {
		x += draw_str(ed->draw, y, x, cols - x, DRAW_BAR_KEY, pairs[i]);
		x += draw_str(ed->draw, y, x, cols - x, DRAW_BAR, " ");
		x += draw_str(ed->draw, y, x, cols - x, DRAW_BAR, pairs[i + 1]);
		x += draw_str(ed->draw, y, x, cols - x, DRAW_BAR, "  ");
	}
}

static void
view_audit_draw_pass(struct editor *ed, struct view_audit *va, int rows,
    int cols)
{
	static const char *const keys[] = { "Enter", "unlock", "Esc",
		"cancel", NULL };
	static const char prompt[] = "auditor passphrase: ";
	struct buf t = BUF_INIT;
	int x;

	buf_addf(&t, " audit trail · %s", va->store);
	view_audit_bar(ed, 0, cols, t.ptr);
	(void)draw_str(ed->draw, 2, 2, cols - 4, DRAW_TEXT,
	    "The entries open with the auditor's passphrase.");
	(void)draw_str(ed->draw, 3, 2, cols - 4, DRAW_DIM,
	    "Nothing is shown as you type.");
	x = 2 + draw_str(ed->draw, 5, 2, cols - 4, DRAW_TITLE, prompt);
	if (va->error != NULL)
		(void)draw_str(ed->draw, 7, 2, cols - 4, DRAW_ERROR, va->error);
	if (!va->recorded)
		(void)draw_str(ed->draw, 8, 2, cols - 4, DRAW_DIM, "a copy "
		    "without the writer key: this reading is not recorded");
	view_audit_keys(ed, rows - 1, cols, keys);
	draw_cursor(ed->draw, 5, x);
	buf_release(&t);
}

/* Column widths for the list at this width. */
struct view_audit_cols {
	int when, user, type, notebook, cell, outcome;
};

static void
view_audit_widths(struct view_audit_cols *c, int cols)
{
	int rest;

	c->when = 14;
	c->user = 10;
	c->type = 15;
	c->outcome = 7;
	/* One space before each column. */
	rest = cols - (c->when + c->user + c->type + c->outcome) - 6;
	if (rest < 8)
		rest = 8;
	c->cell = rest / 3;
	c->notebook = rest - c->cell;
}

static void
view_audit_line(struct editor *ed, int y, const struct view_audit_cols *c,
    const char *const *v, enum draw_role role, enum draw_role outcome_role)
{
	const int w[6] = { c->when, c->user, c->type, c->notebook, c->cell,
		c->outcome };
	int x = 1, i;

	for (i = 0; i < 6; i++) {
		(void)draw_str(ed->draw, y, x, w[i], i == 5 ? outcome_role :
		    role, v[i]);
		x += w[i] + 1;
	}
}

static void
view_audit_draw_list(struct editor *ed, struct view_audit *va, int rows,
    int cols)
{
	static const char *const keys[] = { "t", "type", "u", "user", "a",
		"all", "r", "reload", "q", "close", NULL };
	static const char *const head[] = { "time (UTC)", "user", "type",
		"notebook", "cell", "outcome" };
	struct view_audit_cols c;
	struct view_audit_row *r;
	struct buf t = BUF_INIT;
	size_t first, end, i;
	enum draw_role role;
	int y;

	buf_addf(&t, " audit trail · %s", va->store);
	view_audit_bar(ed, 0, cols, t.ptr);
	(void)draw_str(ed->draw, 1, 1, cols - 2, va->verify_ok ?
	    DRAW_STATE_OK : DRAW_ERROR, va->verify != NULL ? va->verify : "");
	buf_reset(&t);
	buf_addf(&t, "type %s · user %s · %zu of %zu entries, newest first",
	    va->f_type != NULL ? va->f_type : "all",
	    va->f_user != NULL ? va->f_user : "all", va->nshown, va->nrows);
	if (!va->recorded)
		buf_adds(&t, " · this reading is not recorded");
	(void)draw_str(ed->draw, 2, 1, cols - 2, DRAW_DIM, t.ptr);
	view_audit_widths(&c, cols);
	draw_fill(ed->draw, 3, 0, cols, DRAW_TITLE);
	view_audit_line(ed, 3, &c, head, DRAW_TITLE, DRAW_TITLE);

	scrollview_set_page(&va->sv, view_audit_page(ed));
	scrollview_visible_range(&va->sv, &first, &end);
	for (i = first; i < end; i++) {
		const char *v[6];

		r = view_audit_row(va, va->shown[i]);
		y = VIEW_AUDIT_ABOVE + (int)(i - first);
		role = i == va->sv.sel ? DRAW_SELECTION : DRAW_TEXT;
		if (role == DRAW_SELECTION)
			draw_fill(ed->draw, y, 0, cols, role);
		v[0] = r->when;
		v[1] = r->user;
		v[2] = r->type;
		v[3] = r->notebook;
		v[4] = r->cell;
		v[5] = r->outcome;
		view_audit_line(ed, y, &c, v, role, role == DRAW_TEXT &&
		    strcmp(r->outcome, "ok") != 0 ? DRAW_STATE_ERROR : role);
	}
	if (va->nshown == 0)
		(void)draw_str(ed->draw, VIEW_AUDIT_ABOVE, 1, cols - 2,
		    DRAW_DIM, va->nrows == 0 ? "no entries" :
		    "no entries pass the filters (a: all)");
	if (va->note != NULL)
		(void)draw_str(ed->draw, rows - 2, 1, cols - 2, DRAW_ERROR,
		    va->note);
	else if (va->sv.sel < va->nshown)
		(void)draw_str(ed->draw, rows - 2, 1, cols - 2, DRAW_DIM,
		    view_audit_row(va, va->shown[va->sv.sel])->detail);
	view_audit_keys(ed, rows - 1, cols, keys);
	draw_cursor(ed->draw, -1, -1);
	buf_release(&t);
}

void
view_audit_draw(struct editor *ed)
{
	struct view_audit *va = ed->audit;
	int rows, cols, y;

	if (!view_audit_is_open(ed))
		return;
	draw_size(ed->draw, &rows, &cols);
	for (y = 0; y < rows; y++)
		draw_fill(ed->draw, y, 0, cols, DRAW_TEXT);
	if (va->state == VIEW_AUDIT_PASS)
		view_audit_draw_pass(ed, va, rows, cols);
	else
		view_audit_draw_list(ed, va, rows, cols);
}

void
view_audit_free(struct editor *ed)
{
	struct view_audit *va = ed->audit;

	if (va == NULL)
		return;
	view_audit_close(va);
	free(va->started);
	free(va);
	ed->audit = NULL;
}
