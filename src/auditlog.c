/*
 * auditlog.c: quire's actions into the audit trail. Owns the process's
 * one writing handle on the store (src/audit.h does the storing), finds
 * the store the way `quire audit` does, turns each kind of action into
 * an audit_event with the fields security.md 2.1 asks for, and decides
 * what a failure to record means: an action that leaves quire does not
 * happen (the caller is told), any other is reported once and goes on.
 *
 * The handle lives in file-scope state, like the error slot: it belongs
 * to the process, not to any object, and every command (run, convert,
 * the editor) records through it without passing it around. It is
 * opened at the first event, closed at session end or exit, and never
 * used by a child that inherited it through fork().
 *
 * Local events are queued and written in one transaction at most
 * AUDITLOG_FLUSH_MS after the first of them (or when AUDITLOG_QUEUE_MAX
 * wait): a durable append costs a few milliseconds of fsync, which a
 * thousand-cell run would pay a thousand times. What gates an action
 * (an export) is never queued: the queue is written first, then the
 * export alone, durably, before the caller goes on. A kill -9 can lose
 * at most the queue; the store itself never forks or breaks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "auditlog.h"
#include "auditwire.h"
#include "buf.h"
#include "err.h"
#include "loop.h"
#include "nb.h"
#include "sched.h"
#include "xmalloc.h"

/* A notebook bigger than this is hashed no further: it is not one. */
#define AUDITLOG_HASH_FILE_MAX ((off_t)1 << 30)
/* Reasons are short: a cut keeps an entry readable. */
#define AUDITLOG_REASON_MAX 200
/* Local events wait at most this long, or until this many wait. */
#define AUDITLOG_FLUSH_MS 100
/* With no store, how often to look whether one was made meanwhile
 * (quire audit init while the editor runs): not on every event. */
#define AUDITLOG_RECHECK_MS 1000
#define AUDITLOG_QUEUE_MAX 256

static struct {
	struct audit *a;
	struct auditwire *w;	/* audit.mode = system: the helper */
	bool system;
	pid_t pid;		/* the process that opened a or w */
	char *path;		/* the store, once found; "" none */
	bool syslog;
	bool said_no_store;	/* the debug log was told */
	uint64_t no_store_ms;	/* when a look found none; 0 never */
	bool failing;		/* reported; nothing recorded since */
	bool atexit_set;
	auditlog_report_fn report;
	void *report_arg;
	char *notebook;		/* last opened or saved, absolute */
	char *command;		/* of the session */
	char *policy_hash;
	char *open_failed;	/* why the store did not open, until told */
	/* Local events not yet written; every string owned. */
	struct audit_event *queue;
	size_t nqueue, queue_alloc;
	uint64_t queued_ms;	/* when the first of them was queued */
	/* The editor's loop, for the flush and tick timers. */
	struct loop *loop;
	uint64_t flush_timer, tick_timer;
	uint64_t tick_ms;
	uint64_t ticked_ms;	/* last audit_tick() */
} auditlog;

static int auditlog_flush_queue(void);

/* The debug log: $QUIRE_DEBUG_LOG, appended to, when it names a file. */
static void auditlog_debug(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
auditlog_debug(const char *fmt, ...)
{
	const char *path = getenv("QUIRE_DEBUG_LOG");
	struct buf b = BUF_INIT;
	va_list ap;
	ssize_t n;
	int fd;

	if (path == NULL || *path == '\0')
		return;
	buf_addf(&b, "quire[%ld] auditlog: ", (long)getpid());
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_addc(&b, '\n');
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		n = write(fd, b.ptr, b.len);
		(void)n;
		(void)close(fd);
	}
	buf_release(&b);
}

void
auditlog_set_report(auditlog_report_fn fn, void *arg)
{
	auditlog.report = fn;
	auditlog.report_arg = arg;
}

int
auditlog_store_path(struct buf *out, const struct config *cfg)
{
	struct config *own = NULL;
	const char *env = getenv("QUIRE_AUDIT_STORE"), *store = NULL;
	int rc;

	if (env == NULL || *env == '\0') {
		if (cfg == NULL)
			cfg = own = config_load_lenient(NULL, NULL);
		err_clear();	/* a broken config only loses its settings */
		store = config_get(cfg, "audit.store", NULL);
	}
	rc = audit_store_path(out, store);
	config_free(own);
	return rc;
}

static bool
auditlog_yes(const char *s)
{
	return strcmp(s, "1") == 0 || strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "true") == 0 || strcasecmp(s, "on") == 0;
}

bool
auditlog_syslog_wanted(const struct config *cfg)
{
	const char *env = getenv("QUIRE_AUDIT_SYSLOG");

	if (env != NULL && *env != '\0')
		return auditlog_yes(env);
	return config_get_bool(cfg, "audit.syslog", 0) == 1;
}

/* Find the store and the syslog setting once, from one reading of the
 * config file. */
static void
auditlog_locate(void)
{
	struct config *cfg;
	struct buf p = BUF_INIT;

	if (auditlog.path != NULL)
		return;
	cfg = config_load_lenient(NULL, NULL);
	err_clear();
	if (auditlog_store_path(&p, cfg) < 0) {
		auditlog_debug("%s", err_last());
		err_clear();
		buf_reset(&p);
	}
	auditlog.syslog = auditlog_syslog_wanted(cfg);
	auditlog.system = strcmp(config_get(cfg, "audit.mode", "personal"),
	    "system") == 0;
	config_free(cfg);
	auditlog.path = buf_detach(&p, NULL);
}

static void
auditlog_at_exit(void)
{
	/* A child that inherited the handle through fork() leaves it be:
	 * the connection and the chain are its parent's. */
	if ((auditlog.a != NULL || auditlog.w != NULL) &&
	    auditlog.pid == getpid())
		auditlog_close();
}

/* Append n events durably, to the store or through the helper. */
static int
auditlog_put(const struct audit_event *ev, size_t n)
{
	if (auditlog.w != NULL)
		return auditwire_record_batch(auditlog.w, ev, n);
	if (n == 1)
		return audit_record(auditlog.a, ev);
	return audit_record_batch(auditlog.a, ev, n);
}

/*
 * No store where it should be. Looked for at most every
 * AUDITLOG_RECHECK_MS: quire audit init may make one while the editor
 * runs, but a stat for every cell run was a fifth of quire run's own
 * work a cell.
 */
static bool
auditlog_no_store(void)
{
	struct stat st;
	uint64_t now = loop_now_ms();

	if (*auditlog.path == '\0')
		return true;
	if (auditlog.no_store_ms != 0 &&
	    now - auditlog.no_store_ms < AUDITLOG_RECHECK_MS)
		return true;
	if (stat(auditlog.path, &st) < 0 && errno == ENOENT) {
		auditlog.no_store_ms = now;
		return true;
	}
	auditlog.no_store_ms = 0;
	return false;
}

/*
 * Have a handle: 1 open, 0 no store (nothing to record, not an error),
 * -1 a store that cannot be written (err_last()).
 */
static int
auditlog_ready(void)
{
	unsigned flags = AUDIT_OPEN_WRITE;

	if (auditlog.a != NULL || auditlog.w != NULL) {
		if (auditlog.pid == getpid())
			return 1;
		auditlog.a = NULL;	/* the parent's; never ours to close */
		auditlog.w = NULL;
		return 0;
	}
	auditlog_locate();
	if (auditlog.system) {
		/* The helper owns the system store: $QUIRE_AUDIT_STORE
		 * names another only for an unprivileged helper (tests). */
		const char *env = getenv("QUIRE_AUDIT_STORE");

		if (auditwire_open(&auditlog.w, NULL, env != NULL &&
		    *env != '\0' ? env : NULL) < 0) {
			free(auditlog.open_failed);
			auditlog.open_failed = xstrdup(err_last());
			return -1;
		}
	} else if (auditlog_no_store()) {
		if (!auditlog.said_no_store)
			auditlog_debug("no audit store%s%s: nothing is "
			    "recorded (quire audit init creates one)",
			    *auditlog.path != '\0' ? " at " : "",
			    auditlog.path);
		auditlog.said_no_store = true;
		return 0;
	}
	if (auditlog.syslog)
		flags |= AUDIT_OPEN_SYSLOG;
	if (auditlog.w == NULL &&
	    audit_log_open(&auditlog.a, auditlog.path, flags) < 0) {
		free(auditlog.open_failed);
		auditlog.open_failed = xstrdup(err_last());
		return -1;
	}
	auditlog.pid = getpid();
	if (auditlog.policy_hash != NULL && auditlog.a != NULL)
		audit_log_set_policy_hash(auditlog.a, auditlog.policy_hash);
	/*
	 * The store keeps a failed append for its next one; a store that
	 * did not even open is ours to tell (PCI DSS 10.2.1). If this
	 * append fails too, the handle keeps it.
	 */
	if (auditlog.open_failed != NULL) {
		(void)auditlog_put(&(struct audit_event){
		    .type = AUDIT_AUDIT_FAIL, .outcome = AUDIT_FAILED,
		    .reason = auditlog.open_failed }, 1);
		err_clear();
		free(auditlog.open_failed);
		auditlog.open_failed = NULL;
	}
	if (!auditlog.atexit_set && atexit(auditlog_at_exit) == 0)
		auditlog.atexit_set = true;
	auditlog_debug("recording to %s", auditlog.w != NULL ?
	    "the audit helper" : auditlog.path);
	return 1;
}

bool
auditlog_is_active(void)
{
	int r = auditlog_ready();

	err_clear();
	return r == 1;
}

void
auditlog_close(void)
{
	(void)auditlog_flush_queue();
	if (auditlog.a != NULL && auditlog.pid == getpid())
		audit_log_close(auditlog.a);
	if (auditlog.w != NULL && auditlog.pid == getpid())
		auditwire_close(auditlog.w);
	auditlog.a = NULL;
	auditlog.w = NULL;
	auditlog.no_store_ms = 0;
}

/* Tell the first failure of a run of them; err_last() is kept. */
static void
auditlog_failed(enum audit_type type, size_t n)
{
	struct buf msg = BUF_INIT, why = BUF_INIT, what = BUF_INIT;

	buf_adds(&why, err_last());
	buf_adds(&what, audit_type_name(type));
	if (n > 1)
		buf_addf(&what, " and %zu more entr%s", n - 1,
		    n == 2 ? "y" : "ies");
	auditlog_debug("%s not recorded: %s", what.ptr, why.ptr);
	if (!auditlog.failing && auditlog.report != NULL) {
		buf_addf(&msg, "audit trail: %s not recorded: %s", what.ptr,
		    why.ptr);
		auditlog.report(msg.ptr, auditlog.report_arg);
	}
	auditlog.failing = true;
	err_set("%s", why.ptr);
	buf_release(&msg);
	buf_release(&why);
	buf_release(&what);
}

static char *
auditlog_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A queued copy of ev: the caller's strings are borrowed for the call. */
static void
auditlog_event_copy(struct audit_event *dst, const struct audit_event *src)
{
	struct audit_kv *kv = NULL;
	const char **params = NULL;
	size_t i;

	*dst = *src;
	dst->reason = auditlog_dup(src->reason);
	dst->notebook = auditlog_dup(src->notebook);
	dst->content_hash = auditlog_dup(src->content_hash);
	dst->commit = auditlog_dup(src->commit);
	dst->cell_id = auditlog_dup(src->cell_id);
	dst->cell_name = auditlog_dup(src->cell_name);
	dst->code_hash = auditlog_dup(src->code_hash);
	dst->sql = auditlog_dup(src->sql);
	dst->format = auditlog_dup(src->format);
	dst->target = auditlog_dup(src->target);
	dst->dlp = auditlog_dup(src->dlp);
	dst->permission = auditlog_dup(src->permission);
	dst->object = auditlog_dup(src->object);
	dst->decision = auditlog_dup(src->decision);
	dst->secret = auditlog_dup(src->secret);
	dst->fingerprint = auditlog_dup(src->fingerprint);
	dst->trust = auditlog_dup(src->trust);
	if (src->sql_params != NULL && src->nsql_params > 0) {
		params = xreallocarray(NULL, src->nsql_params,
		    sizeof *params);
		for (i = 0; i < src->nsql_params; i++)
			params[i] = auditlog_dup(src->sql_params[i]);
	}
	dst->sql_params = params;
	if (src->extra != NULL && src->nextra > 0) {
		kv = xreallocarray(NULL, src->nextra, sizeof *kv);
		for (i = 0; i < src->nextra; i++) {
			kv[i].key = auditlog_dup(src->extra[i].key);
			kv[i].value = auditlog_dup(src->extra[i].value);
		}
	}
	dst->extra = kv;
}

static void
auditlog_event_free(struct audit_event *e)
{
	size_t i;

	free((void *)e->reason);
	free((void *)e->notebook);
	free((void *)e->content_hash);
	free((void *)e->commit);
	free((void *)e->cell_id);
	free((void *)e->cell_name);
	free((void *)e->code_hash);
	free((void *)e->sql);
	free((void *)e->format);
	free((void *)e->target);
	free((void *)e->dlp);
	free((void *)e->permission);
	free((void *)e->object);
	free((void *)e->decision);
	free((void *)e->secret);
	free((void *)e->fingerprint);
	free((void *)e->trust);
	for (i = 0; e->sql_params != NULL && i < e->nsql_params; i++)
		free((void *)e->sql_params[i]);
	free((void *)e->sql_params);
	for (i = 0; e->extra != NULL && i < e->nextra; i++) {
		free((void *)e->extra[i].key);
		free((void *)e->extra[i].value);
	}
	free((void *)e->extra);
}

/*
 * Write what is queued, in one transaction. A failure is reported (the
 * entries are lost; the store records AUDIT_FAIL on its next append).
 */
static int
auditlog_flush_queue(void)
{
	size_t i, n = auditlog.nqueue;
	int rc = 0;

	if (auditlog.flush_timer != 0 && auditlog.loop != NULL)
		loop_cancel_timer(auditlog.loop, auditlog.flush_timer);
	auditlog.flush_timer = 0;
	if (n == 0)
		return 0;
	if ((auditlog.a == NULL && auditlog.w == NULL) ||
	    auditlog.pid != getpid())
		;	/* a forked child's copy: its parent writes them */
	else if (auditlog_put(auditlog.queue, n) == 0)
		auditlog.failing = false;
	else {
		auditlog_failed(auditlog.queue[0].type, n);
		rc = -1;
	}
	for (i = 0; i < n; i++)
		auditlog_event_free(&auditlog.queue[i]);
	auditlog.nqueue = 0;
	return rc;
}

static void
auditlog_on_flush(struct loop *l, uint64_t id, void *arg)
{
	(void)l;
	(void)id;
	(void)arg;
	auditlog.flush_timer = 0;
	(void)auditlog_flush_queue();
}

/*
 * Record one event of a local action: queued, reported when it cannot
 * be written, never blocking the action. -1 at once when the store
 * cannot even be opened.
 */
static int
auditlog_record(const struct audit_event *ev)
{
	int r = auditlog_ready();
	uint64_t now = loop_now_ms();

	if (r == 0)
		return 0;
	if (r < 0) {
		auditlog_failed(ev->type, 1);
		return -1;
	}
	if (auditlog.nqueue == auditlog.queue_alloc) {
		auditlog.queue_alloc = auditlog.queue_alloc ?
		    auditlog.queue_alloc * 2 : 16;
		auditlog.queue = xreallocarray(auditlog.queue,
		    auditlog.queue_alloc, sizeof *auditlog.queue);
	}
	auditlog_event_copy(&auditlog.queue[auditlog.nqueue++], ev);
	if (auditlog.nqueue == 1) {
		auditlog.queued_ms = now;
		if (auditlog.loop != NULL)
			auditlog.flush_timer = loop_add_timer(auditlog.loop,
			    AUDITLOG_FLUSH_MS, auditlog_on_flush, NULL);
	}
	if (auditlog.nqueue >= AUDITLOG_QUEUE_MAX ||
	    now - auditlog.queued_ms >= AUDITLOG_FLUSH_MS)
		return auditlog_flush_queue();
	return 0;
}

int
auditlog_flush(void)
{
	return auditlog_flush_queue();
}

/* libsodium picks its implementations once; without it, nothing works. */
static void
auditlog_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

void
auditlog_hash(char out[AUDITLOG_HASH_HEX_LEN + 1], const void *p,
    size_t len)
{
	unsigned char h[AUDITLOG_HASH_HEX_LEN / 2];

	auditlog_sodium();
	crypto_generichash(h, sizeof h, p, len, NULL, 0);
	(void)sodium_bin2hex(out, AUDITLOG_HASH_HEX_LEN + 1, h, sizeof h);
}

int
auditlog_hash_file(char out[AUDITLOG_HASH_HEX_LEN + 1], const char *path)
{
	crypto_generichash_state st;
	unsigned char h[AUDITLOG_HASH_HEX_LEN / 2], chunk[65536];
	struct stat sb;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		err_errno("%s", path);
		return -1;
	}
	if (fstat(fd, &sb) < 0) {
		err_errno("%s", path);
		goto done;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > AUDITLOG_HASH_FILE_MAX) {
		err_set("%s: not a file of a notebook's size", path);
		goto done;
	}
	auditlog_sodium();
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_errno("%s", path);
			goto done;
		}
		crypto_generichash_update(&st, chunk, (size_t)n);
	}
	crypto_generichash_final(&st, h, sizeof h);
	(void)sodium_bin2hex(out, AUDITLOG_HASH_HEX_LEN + 1, h, sizeof h);
	rc = 0;
done:
	(void)close(fd);
	return rc;
}

/* path made absolute (symbolic links resolved when it exists). */
static char *
auditlog_abspath(const char *path)
{
	char *r, *cwd;

	if ((r = realpath(path, NULL)) != NULL)
		return r;
	if (path[0] == '/' || (cwd = getcwd(NULL, 0)) == NULL)
		return xstrdup(path);
	r = xasprintf("%s/%s", cwd, path);
	free(cwd);
	return r;
}

/* The notebook an event names: given, else the one opened last. */
static const char *
auditlog_nb(const char *given, char **own)
{
	*own = NULL;
	if (given == NULL)
		return auditlog.notebook;
	return *own = auditlog_abspath(given);
}

static void
auditlog_remember(const char *abs)
{
	if (auditlog.notebook != NULL && strcmp(auditlog.notebook, abs) == 0)
		return;
	free(auditlog.notebook);
	auditlog.notebook = xstrdup(abs);
}

/* A reason cut to a readable length, at a character boundary. */
static const char *
auditlog_reason(struct buf *out, const char *reason)
{
	size_t n;

	if (reason == NULL || *reason == '\0')
		return NULL;
	n = strlen(reason);
	if (n <= AUDITLOG_REASON_MAX)
		return reason;
	n = AUDITLOG_REASON_MAX;
	while (n > 0 && ((unsigned char)reason[n] & 0xc0) == 0x80)
		n--;
	buf_reset(out);
	buf_add(out, reason, n);
	buf_adds(out, "...");
	return out->ptr;
}

int
auditlog_session_start(const char *command)
{
	struct audit_kv kv[2];
	size_t n = 0;

	free(auditlog.command);
	auditlog.command = command != NULL ? xstrdup(command) : NULL;
	if (command != NULL)
		kv[n++] = (struct audit_kv){ "command", command };
	kv[n++] = (struct audit_kv){ "version", PACKAGE_VERSION };
	return auditlog_record(&(struct audit_event){
	    .type = AUDIT_SESSION_START, .extra = kv, .nextra = n });
}

int
auditlog_session_end(void)
{
	struct audit_kv kv[1];
	size_t n = 0;
	int rc;

	if (auditlog.command != NULL)
		kv[n++] = (struct audit_kv){ "command", auditlog.command };
	rc = auditlog_record(&(struct audit_event){
	    .type = AUDIT_SESSION_END, .extra = kv, .nextra = n });
	if (auditlog_flush_queue() < 0)
		rc = -1;
	auditlog_loop_detach();
	auditlog_close();
	return rc;
}

static int
auditlog_notebook(enum audit_type type, const char *path,
    const char *content_hash, const char *commit)
{
	char hex[AUDITLOG_HASH_HEX_LEN + 1];
	char *abs;
	const char *why = NULL;
	int rc;

	abs = auditlog_abspath(path);
	auditlog_remember(abs);
	if (content_hash == NULL) {
		if (auditlog_hash_file(hex, path) == 0)
			content_hash = hex;
		else
			why = err_last();
	}
	rc = auditlog_record(&(struct audit_event){ .type = type,
	    .notebook = abs, .content_hash = content_hash, .commit = commit,
	    .reason = why });
	free(abs);
	return rc;
}

int
auditlog_notebook_open(const char *path, const char *content_hash)
{
	return auditlog_notebook(AUDIT_NOTEBOOK_OPEN, path, content_hash,
	    NULL);
}

int
auditlog_notebook_save(const char *path, const char *content_hash,
    const char *commit)
{
	return auditlog_notebook(AUDIT_NOTEBOOK_SAVE, path, content_hash,
	    commit != NULL && *commit != '\0' ? commit : NULL);
}

static int
auditlog_cell(const char *notebook, uint32_t cell_id, size_t index,
    const char *name, const char *code_hash, uint64_t duration_us,
    enum audit_outcome outcome, const char *reason)
{
	struct audit_kv kv[1];
	struct buf r = BUF_INIT;
	char id[16], pos[24];
	char *own;
	size_t n = 0;
	int rc;

	(void)snprintf(id, sizeof id, "%u", (unsigned)cell_id);
	if (index != (size_t)-1) {
		(void)snprintf(pos, sizeof pos, "%zu", index + 1);
		kv[n++] = (struct audit_kv){ "cell_index", pos };
	}
	if (name != NULL && strcmp(name, "_") == 0)
		name = NULL;
	rc = auditlog_record(&(struct audit_event){ .type = AUDIT_CELL_RUN,
	    .outcome = outcome, .reason = auditlog_reason(&r, reason),
	    .notebook = auditlog_nb(notebook, &own), .cell_id = id,
	    .cell_name = name, .code_hash = code_hash,
	    .duration_us = duration_us > INT64_MAX ? INT64_MAX :
	    (int64_t)duration_us, .extra = kv, .nextra = n });
	free(own);
	buf_release(&r);
	return rc;
}

int
auditlog_cell_run(const char *notebook, uint32_t cell_id, const char *name,
    const char *code_hash, uint64_t duration_us, enum audit_outcome outcome,
    const char *reason)
{
	return auditlog_cell(notebook, cell_id, (size_t)-1, name, code_hash,
	    duration_us, outcome, reason);
}

int
auditlog_cell_run_nb(const char *notebook, const struct nb *nb,
    uint32_t cell_id, uint64_t duration_us, enum audit_outcome outcome,
    const char *reason)
{
	char hex[AUDITLOG_HASH_HEX_LEN + 1];
	struct nb_cell *c = nb != NULL ? nb_cell_find(nb, cell_id) : NULL;
	const char *src;
	size_t len;

	if (c == NULL) {
		err_set("audit: no cell %u in the notebook", (unsigned)cell_id);
		return -1;
	}
	/* Nothing to record to: no hash for nobody (a cell of every run).
	 * An open store is checked once, in auditlog_record. */
	if (auditlog.a == NULL && auditlog.w == NULL && auditlog_ready() == 0)
		return 0;
	src = nb_cell_source(c, &len);
	auditlog_hash(hex, src, len);
	return auditlog_cell(notebook, cell_id, nb_cell_index(nb, cell_id),
	    nb_cell_name(c), hex, duration_us, outcome, reason);
}

const char *
auditlog_exc_name(struct buf *out, const char *message)
{
	size_t n = 0;

	if (message == NULL)
		return NULL;
	while (message[n] == '_' || message[n] == '.' ||
	    (message[n] >= 'a' && message[n] <= 'z') ||
	    (message[n] >= 'A' && message[n] <= 'Z') ||
	    (n > 0 && message[n] >= '0' && message[n] <= '9'))
		n++;
	if (n == 0 || n > 100 || (message[n] != ':' && message[n] != '\0'))
		return NULL;
	buf_reset(out);
	buf_add(out, message, n);
	return out->ptr;
}

/*
 * How the kernel died, without what it printed last (kern.c appends the
 * last line of its log, which is the cell's to say): up to the first
 * ':' or ';' of the death after "...running: ".
 */
static const char *
auditlog_death(struct buf *out, const char *message)
{
	const char *p = message, *q;

	if (p == NULL || *p == '\0')
		return "the kernel died";
	if ((q = strstr(p, "running: ")) != NULL)
		p = q + strlen("running: ");
	buf_reset(out);
	buf_add(out, p, strcspn(p, ":;"));
	buf_rtrim(out);
	return out->len > 0 ? out->ptr : "the kernel died";
}

int
auditlog_cell_sched(const char *notebook, const struct nb *nb,
    const struct sched_cell_info *i)
{
	enum audit_outcome outcome = AUDIT_FAILED;
	struct buf r = BUF_INIT;
	const char *reason = NULL;
	int rc;

	if (i == NULL)
		return 0;
	switch (i->result) {
	case SCHED_SUCCESS:
		outcome = AUDIT_OK;
		break;
	case SCHED_STOPPED:
		outcome = AUDIT_OK;
		reason = "mo.stop";
		break;
	case SCHED_EXCEPTION:
		reason = *i->exc_type != '\0' ? i->exc_type : "exception";
		break;
	case SCHED_INTERRUPTED:
		if (i->error != SCHED_ERR_INTERRUPTION || i->nruns == 0)
			return 0;
		reason = "interrupted";
		break;
	case SCHED_KILLED:
		if (i->error != SCHED_ERR_KERNEL_DIED)
			return 0;
		reason = "the kernel died";
		break;
	default:
		/* Never started: blocked, cancelled, disabled. */
		return 0;
	}
	rc = auditlog_cell_run_nb(notebook, nb, i->id, i->duration_us, outcome,
	    reason);
	if (i->result == SCHED_KILLED && auditlog_kernel_crash(notebook,
	    auditlog_death(&r, i->message)) < 0)
		rc = -1;
	buf_release(&r);
	return rc;
}

static int
auditlog_kernel(enum audit_type type, const char *notebook,
    const char *reason)
{
	struct buf r = BUF_INIT;
	char *own;
	int rc;

	rc = auditlog_record(&(struct audit_event){ .type = type,
	    .outcome = type == AUDIT_KERNEL_CRASH ? AUDIT_FAILED : AUDIT_OK,
	    .notebook = auditlog_nb(notebook, &own),
	    .reason = type == AUDIT_KERNEL_CRASH ?
	    auditlog_death(&r, reason) : auditlog_reason(&r, reason) });
	free(own);
	buf_release(&r);
	return rc;
}

int
auditlog_kernel_crash(const char *notebook, const char *reason)
{
	return auditlog_kernel(AUDIT_KERNEL_CRASH, notebook, reason);
}

int
auditlog_kernel_restart(const char *notebook, const char *reason)
{
	return auditlog_kernel(AUDIT_KERNEL_RESTART, notebook, reason);
}

int
auditlog_export(const char *notebook, const char *format,
    const char *target, uint64_t size, const char *dlp)
{
	struct buf why = BUF_INIT;
	char *own = NULL, *dest;
	int r, rc = 0;

	if ((r = auditlog_ready()) == 0)
		return 0;
	/* What happened before the export is written before it. */
	(void)auditlog_flush_queue();
	dest = target == NULL || strcmp(target, "-") == 0 ?
	    xstrdup("-") : auditlog_abspath(target);
	if (r < 0 || auditlog_put(&(struct audit_event){
	    .type = AUDIT_EXPORT_ALLOWED, .notebook = auditlog_nb(notebook,
	    &own), .format = format, .target = dest, .size = size,
	    .dlp = dlp != NULL ? dlp : "none", .decision = "allow" }, 1) < 0) {
		buf_adds(&why, err_last());
		auditlog_debug("EXPORT_ALLOWED not recorded: %s", why.ptr);
		err_set("not exported: the audit trail cannot record it (%s)",
		    why.ptr);
		auditlog.failing = true;
		rc = -1;
	} else
		auditlog.failing = false;
	free(own);
	free(dest);
	buf_release(&why);
	return rc;
}

int
auditlog_denial(const char *permission, const char *object,
    const char *reason)
{
	struct buf r = BUF_INIT;
	int rc;

	rc = auditlog_record(&(struct audit_event){ .type = AUDIT_AUTHZ_DENY,
	    .outcome = AUDIT_DENIED, .permission = permission,
	    .object = object, .decision = "deny",
	    .reason = auditlog_reason(&r, reason) });
	buf_release(&r);
	return rc;
}

int
auditlog_policy_load(const char *path, const char *policy_hash,
    enum audit_outcome outcome, const char *reason)
{
	struct buf r = BUF_INIT;
	int rc;

	if (outcome == AUDIT_OK && policy_hash != NULL) {
		/* What happened under the old policy is stamped with it. */
		(void)auditlog_flush_queue();
		free(auditlog.policy_hash);
		auditlog.policy_hash = xstrdup(policy_hash);
		if (auditlog.a != NULL)
			audit_log_set_policy_hash(auditlog.a, policy_hash);
	}
	rc = auditlog_record(&(struct audit_event){ .type = AUDIT_POLICY_LOAD,
	    .outcome = outcome, .reason = auditlog_reason(&r, reason),
	    .object = path });
	buf_release(&r);
	return rc;
}

void
auditlog_tick(void)
{
	uint64_t now = loop_now_ms();

	if ((auditlog.a == NULL && auditlog.w == NULL) ||
	    auditlog.pid != getpid())
		return;
	if (auditlog.nqueue > 0 &&
	    now - auditlog.queued_ms >= AUDITLOG_FLUSH_MS)
		(void)auditlog_flush_queue();
	if (now - auditlog.ticked_ms < AUDITLOG_TICK_MS)
		return;
	auditlog.ticked_ms = now;
	if ((auditlog.w != NULL ? auditwire_tick(auditlog.w) :
	    audit_tick(auditlog.a)) == 0)
		auditlog.failing = false;
	else
		auditlog_failed(AUDIT_EPOCH_SEAL, 1);
}

static void
auditlog_on_tick(struct loop *l, uint64_t id, void *arg)
{
	(void)id;
	(void)arg;
	auditlog.ticked_ms = 0;		/* due: the timer says so */
	auditlog_tick();
	auditlog.tick_timer = loop_add_timer(l, auditlog.tick_ms,
	    auditlog_on_tick, NULL);
}

void
auditlog_tick_every(struct loop *l, uint64_t ms)
{
	auditlog_loop_detach();
	auditlog.loop = l;
	auditlog.tick_ms = ms > 0 ? ms : AUDITLOG_TICK_MS;
	auditlog.tick_timer = loop_add_timer(l, auditlog.tick_ms,
	    auditlog_on_tick, NULL);
}

void
auditlog_loop_detach(void)
{
	if (auditlog.loop == NULL)
		return;
	if (auditlog.tick_timer != 0)
		loop_cancel_timer(auditlog.loop, auditlog.tick_timer);
	if (auditlog.flush_timer != 0)
		loop_cancel_timer(auditlog.loop, auditlog.flush_timer);
	auditlog.tick_timer = auditlog.flush_timer = 0;
	auditlog.loop = NULL;
}
