/*
 * check_auditlog.c: what quire records. Each test points the process at
 * a store of its own in a scratch directory (QUIRE_AUDIT_STORE, or the
 * config file), records through src/auditlog.c as quire does, and reads
 * the entries back as the auditor would: the right types in order, with
 * the fields security.md 2.1 asks for. Without a store nothing fails;
 * with a store that cannot be written an export is refused and a local
 * action is reported once and goes on.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "audit.h"
#include "auditlog.h"
#include "buf.h"
#include "err.h"
#include "loop.h"
#include "nb.h"
#include "sched.h"

#define PASS "auditor passphrase"

/* A scratch directory in the build tree, with HOME and XDG inside. */
static char *scratch;

static int
scratch_rm(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static char *
in_scratch(const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", scratch, name);
	return buf_detach(&b, NULL);
}

static void
setup(void)
{
	char tmpl[] = "check_auditlog.XXXXXX";
	char *d = mkdtemp(tmpl), *p;

	ck_assert_ptr_nonnull(d);
	scratch = realpath(d, NULL);
	ck_assert_ptr_nonnull(scratch);
	p = in_scratch("home");
	ck_assert_int_eq(mkdir(p, 0700), 0);
	setenv("HOME", p, 1);
	free(p);
	p = in_scratch("config");
	ck_assert_int_eq(mkdir(p, 0700), 0);
	setenv("XDG_CONFIG_HOME", p, 1);
	free(p);
	p = in_scratch("state");
	setenv("XDG_STATE_HOME", p, 1);
	free(p);
	p = in_scratch("debug.log");
	setenv("QUIRE_DEBUG_LOG", p, 1);
	free(p);
	unsetenv("QUIRE_AUDIT_STORE");
	unsetenv("QUIRE_AUDIT_SYSLOG");
}

static void
teardown(void)
{
	if (scratch != NULL)
		nftw(scratch, scratch_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(scratch);
	scratch = NULL;
}

/* A store at path, quick to unlock. */
static void
make_store(const char *path)
{
	struct audit_init_opts o;

	memset(&o, 0, sizeof o);
	o.passphrase = PASS;
	o.passphrase_len = strlen(PASS);
	o.kdf_ops = crypto_pwhash_OPSLIMIT_MIN;
	o.kdf_mem = crypto_pwhash_MEMLIMIT_MIN;
	ck_assert_msg(audit_store_init(path, &o) == 0, "init: %s", err_last());
}

/* A store where QUIRE_AUDIT_STORE says; its path, caller frees. */
static char *
env_store(void)
{
	char *path = in_scratch("audit.db");

	make_store(path);
	setenv("QUIRE_AUDIT_STORE", path, 1);
	return path;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static char *
read_file(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return strdup("");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	(void)fclose(f);
	return buf_detach(&b, NULL);
}

/* The entries as the auditor reads them: type, outcome, fields. */
struct entries {
	json_t *v;	/* [{"type", "outcome", "fields"}...] */
};

static int
entries_add(const struct audit_row *row, void *arg)
{
	struct entries *e = arg;
	json_t *o = json_object();
	json_t *fields = json_loadb(row->fields, row->fields_len, 0, NULL);

	ck_assert_ptr_nonnull(fields);
	json_object_set_new(o, "type", json_string(row->type));
	json_object_set_new(o, "outcome", json_string(row->outcome));
	json_object_set_new(o, "fields", fields);
	json_array_append_new(e->v, o);
	return 0;
}

/* Every entry after AUDIT_INIT, read without recording the read. */
static json_t *
read_entries(const char *path)
{
	struct audit_filter f;
	struct entries e = { json_array() };
	struct audit *a;

	memset(&f, 0, sizeof f);
	ck_assert_msg(audit_log_open(&a, path, 0) == 0, "%s", err_last());
	ck_assert_msg(audit_log_unlock(a, NULL, PASS, strlen(PASS)) == 0,
	    "%s", err_last());
	ck_assert_msg(audit_query(a, &f, NULL, entries_add, &e) == 0, "%s",
	    err_last());
	audit_log_close(a);
	ck_assert_uint_ge(json_array_size(e.v), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(e.v,
	    0), "type")), "AUDIT_INIT");
	json_array_remove(e.v, 0);
	return e.v;
}

static const char *
entry_type(json_t *v, size_t i)
{
	return json_string_value(json_object_get(json_array_get(v, i),
	    "type"));
}

static const char *
entry_outcome(json_t *v, size_t i)
{
	return json_string_value(json_object_get(json_array_get(v, i),
	    "outcome"));
}

static json_t *
entry_field(json_t *v, size_t i, const char *name)
{
	return json_object_get(json_object_get(json_array_get(v, i),
	    "fields"), name);
}

static const char *
entry_str(json_t *v, size_t i, const char *name)
{
	json_t *f = entry_field(v, i, name);

	return f != NULL ? json_string_value(f) : NULL;
}

/* Count the lines of the debug log holding s. */
static size_t
debug_lines(const char *s)
{
	char *log = read_file(getenv("QUIRE_DEBUG_LOG")), *p = log;
	size_t n = 0;

	while ((p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	free(log);
	return n;
}

struct reports {
	size_t n;
	char last[512];
};

static void
report(const char *msg, void *arg)
{
	struct reports *r = arg;

	r->n++;
	(void)snprintf(r->last, sizeof r->last, "%s", msg);
}

START_TEST(test_auditlog_no_store_records_nothing_and_never_fails)
{
	struct reports r = { 0, "" };
	char *nbp = in_scratch("nb.py"), *store;
	struct stat st;

	write_file(nbp, "x = 1\n");
	auditlog_set_report(report, &r);
	ck_assert(!auditlog_is_active());
	ck_assert_int_eq(auditlog_session_start("run"), 0);
	ck_assert_int_eq(auditlog_notebook_open(nbp, NULL), 0);
	ck_assert_int_eq(auditlog_cell_run(NULL, 1, "a", NULL, 10, AUDIT_OK,
	    NULL), 0);
	/* Nothing is audited, so nothing is blocked. */
	ck_assert_int_eq(auditlog_export(NULL, "ipynb", "out.ipynb", 10,
	    NULL), 0);
	ck_assert_int_eq(auditlog_session_end(), 0);
	ck_assert_int_eq(auditlog_session_start("run"), 0);
	ck_assert_uint_eq(r.n, 0);
	/* Said once, in the debug log, naming where it looked. */
	ck_assert_uint_eq(debug_lines("no audit store at "), 1);
	store = in_scratch("state/quire/audit.db");
	ck_assert_uint_eq(debug_lines(store), 1);
	ck_assert_int_eq(stat(store, &st), -1);
	free(store);
	free(nbp);
}
END_TEST

/*
 * No store is looked for again on every event, only every second or so,
 * but one made meanwhile (quire audit init while the editor runs) is
 * found and written to.
 */
START_TEST(test_auditlog_store_made_meanwhile_is_found)
{
	char *path = in_scratch("audit.db");
	json_t *v;

	setenv("QUIRE_AUDIT_STORE", path, 1);
	ck_assert_int_eq(auditlog_session_start("edit"), 0);
	ck_assert_int_eq(auditlog_cell_run(NULL, 1, "a", NULL, 10, AUDIT_OK,
	    NULL), 0);
	make_store(path);
	usleep(1200 * 1000);
	ck_assert_int_eq(auditlog_cell_run(NULL, 2, "b", NULL, 10, AUDIT_OK,
	    NULL), 0);
	ck_assert_int_eq(auditlog_session_end(), 0);
	v = read_entries(path);
	/* The cell run after the store appeared, then the session's end. */
	ck_assert_uint_eq(json_array_size(v), 2);
	ck_assert_str_eq(entry_type(v, 0), "CELL_RUN");
	ck_assert_str_eq(entry_str(v, 0, "cell_id"), "2");
	ck_assert_str_eq(entry_type(v, 1), "SESSION_END");
	json_decref(v);
	free(path);
}
END_TEST

START_TEST(test_auditlog_records_a_session_with_its_fields)
{
	char *store = env_store(), *nbp = in_scratch("nb.py");
	char hash[AUDITLOG_HASH_HEX_LEN + 1], code[AUDITLOG_HASH_HEX_LEN + 1];
	struct nb *nb = nb_new();
	struct nb_cell *c1, *c2;
	json_t *v;
	size_t i;

	write_file(nbp, "import marimo\n");
	auditlog_hash(hash, "import marimo\n", strlen("import marimo\n"));
	c1 = nb_cell_insert(nb, 0, "x = 1", 5);
	c2 = nb_cell_insert(nb, 1, "y = x / 0", 9);
	nb_cell_set_name(c2, "divide");
	auditlog_hash(code, "y = x / 0", 9);

	ck_assert(auditlog_is_active());
	ck_assert_int_eq(auditlog_session_start("run"), 0);
	ck_assert_int_eq(auditlog_notebook_open(nbp, NULL), 0);
	ck_assert_int_eq(auditlog_cell_run_nb(NULL, nb, nb_cell_id(c1), 1500,
	    AUDIT_OK, NULL), 0);
	ck_assert_int_eq(auditlog_cell_run_nb(NULL, nb, nb_cell_id(c2), 42,
	    AUDIT_FAILED, "ZeroDivisionError"), 0);
	ck_assert_int_eq(auditlog_kernel_crash(NULL, "the kernel was killed "
	    "by signal 9 (Killed); it may have run out of memory"), 0);
	ck_assert_int_eq(auditlog_kernel_restart(NULL, "the kernel was "
	    "restarted"), 0);
	ck_assert_int_eq(auditlog_notebook_save(nbp, NULL, "0123abcd"), 0);
	ck_assert_int_eq(auditlog_export(NULL, "ipynb", "-", 1234, NULL), 0);
	ck_assert_int_eq(auditlog_denial("export", nbp, "role analyst"), 0);
	ck_assert_int_eq(auditlog_session_end(), 0);

	v = read_entries(store);
	ck_assert_uint_eq(json_array_size(v), 10);
	ck_assert_str_eq(entry_type(v, 0), "SESSION_START");
	ck_assert_str_eq(entry_str(v, 0, "command"), "run");
	ck_assert_ptr_nonnull(entry_str(v, 0, "user"));
	ck_assert_ptr_nonnull(entry_field(v, 0, "uid"));

	ck_assert_str_eq(entry_type(v, 1), "NOTEBOOK_OPEN");
	ck_assert_str_eq(entry_str(v, 1, "notebook"), nbp);
	ck_assert_str_eq(entry_str(v, 1, "content_hash"), hash);

	ck_assert_str_eq(entry_type(v, 2), "CELL_RUN");
	ck_assert_str_eq(entry_outcome(v, 2), "ok");
	ck_assert_str_eq(entry_str(v, 2, "notebook"), nbp);
	ck_assert_ptr_null(entry_field(v, 2, "cell_name"));	/* anonymous */
	ck_assert_str_eq(entry_str(v, 2, "cell_index"), "1");
	ck_assert_int_eq(json_integer_value(entry_field(v, 2, "duration_us")),
	    1500);

	ck_assert_str_eq(entry_type(v, 3), "CELL_RUN");
	ck_assert_str_eq(entry_outcome(v, 3), "failed");
	ck_assert_str_eq(entry_str(v, 3, "cell_name"), "divide");
	ck_assert_str_eq(entry_str(v, 3, "cell_index"), "2");
	ck_assert_str_eq(entry_str(v, 3, "code_hash"), code);
	ck_assert_str_eq(entry_str(v, 3, "reason"), "ZeroDivisionError");
	ck_assert_int_eq(atoi(entry_str(v, 3, "cell_id")),
	    (int)nb_cell_id(c2));

	/* What the kernel last printed is not ours to keep. */
	ck_assert_str_eq(entry_type(v, 4), "KERNEL_CRASH");
	ck_assert_str_eq(entry_outcome(v, 4), "failed");
	ck_assert_str_eq(entry_str(v, 4, "reason"),
	    "the kernel was killed by signal 9 (Killed)");
	ck_assert_str_eq(entry_type(v, 5), "KERNEL_RESTART");

	ck_assert_str_eq(entry_type(v, 6), "NOTEBOOK_SAVE");
	ck_assert_str_eq(entry_str(v, 6, "commit"), "0123abcd");
	ck_assert_str_eq(entry_str(v, 6, "content_hash"), hash);

	ck_assert_str_eq(entry_type(v, 7), "EXPORT_ALLOWED");
	ck_assert_str_eq(entry_str(v, 7, "format"), "ipynb");
	ck_assert_str_eq(entry_str(v, 7, "target"), "-");
	ck_assert_str_eq(entry_str(v, 7, "dlp"), "none");
	ck_assert_str_eq(entry_str(v, 7, "notebook"), nbp);
	ck_assert_int_eq(json_integer_value(entry_field(v, 7, "size")), 1234);

	ck_assert_str_eq(entry_type(v, 8), "AUTHZ_DENY");
	ck_assert_str_eq(entry_outcome(v, 8), "denied");
	ck_assert_str_eq(entry_str(v, 8, "permission"), "export");

	ck_assert_str_eq(entry_type(v, 9), "SESSION_END");
	for (i = 0; i < json_array_size(v); i++)
		ck_assert_ptr_nonnull(entry_str(v, i, "host"));
	json_decref(v);
	nb_free(nb);
	free(nbp);
	free(store);
}
END_TEST

START_TEST(test_auditlog_relative_paths_become_absolute)
{
	char *store = env_store(), *nbp = in_scratch("rel.py"), *want;
	json_t *v;

	write_file(nbp, "x = 1\n");
	ck_assert_int_eq(chdir(scratch), 0);
	ck_assert_int_eq(auditlog_notebook_open("rel.py", NULL), 0);
	ck_assert_int_eq(auditlog_export("rel.py", "marimo", "out/x.py", 5,
	    NULL), 0);
	auditlog_close();
	v = read_entries(store);
	ck_assert_str_eq(entry_str(v, 0, "notebook"), nbp);
	want = in_scratch("out/x.py");
	ck_assert_str_eq(entry_str(v, 1, "target"), want);
	json_decref(v);
	free(want);
	free(nbp);
	free(store);
}
END_TEST

START_TEST(test_auditlog_store_from_the_config_file)
{
	char *store = in_scratch("cfg.db"), *cfg = in_scratch("config/quire");
	struct buf text = BUF_INIT, path = BUF_INIT;
	json_t *v;

	make_store(store);
	ck_assert_int_eq(mkdir(cfg, 0700), 0);
	buf_addf(&text, "[audit]\nstore = %s\n", store);
	buf_addf(&path, "%s/config", cfg);
	write_file(path.ptr, text.ptr);
	buf_reset(&path);
	ck_assert_int_eq(auditlog_store_path(&path, NULL), 0);
	ck_assert_str_eq(path.ptr, store);
	ck_assert_int_eq(auditlog_session_start("edit"), 0);
	auditlog_close();
	v = read_entries(store);
	ck_assert_uint_eq(json_array_size(v), 1);
	ck_assert_str_eq(entry_str(v, 0, "command"), "edit");
	json_decref(v);
	/* The environment wins over the file, as for quire audit. */
	setenv("QUIRE_AUDIT_STORE", "/elsewhere/a.db", 1);
	ck_assert_int_eq(auditlog_store_path(&path, NULL), 0);
	ck_assert_str_eq(path.ptr, "/elsewhere/a.db");
	buf_release(&text);
	buf_release(&path);
	free(cfg);
	free(store);
}
END_TEST

START_TEST(test_auditlog_syslog_from_config_or_environment)
{
	char *cfg = in_scratch("config/quire"), *file;
	struct config *c;

	ck_assert(!auditlog_syslog_wanted(NULL));
	ck_assert_int_eq(mkdir(cfg, 0700), 0);
	file = in_scratch("config/quire/config");
	write_file(file, "audit.syslog = yes\n");
	c = config_load(file);
	ck_assert_msg(c != NULL, "%s", err_last());
	ck_assert(auditlog_syslog_wanted(c));
	setenv("QUIRE_AUDIT_SYSLOG", "0", 1);
	ck_assert(!auditlog_syslog_wanted(c));
	setenv("QUIRE_AUDIT_SYSLOG", "1", 1);
	ck_assert(auditlog_syslog_wanted(NULL));
	config_free(c);
	free(file);
	free(cfg);
}
END_TEST

START_TEST(test_auditlog_export_blocked_when_recording_fails)
{
	char *store = env_store(), *writer;
	struct reports r = { 0, "" };

	/* The writer key is gone: the store can no longer be appended to. */
	writer = in_scratch("audit.db.writer");
	ck_assert_int_eq(unlink(writer), 0);
	auditlog_set_report(report, &r);
	ck_assert_int_eq(auditlog_export("nb.py", "html", "out.html", 99,
	    NULL), -1);
	ck_assert_msg(strstr(err_last(), "not exported: the audit trail "
	    "cannot record it") != NULL, "%s", err_last());
	/* The caller tells the user; the report is for local actions. */
	ck_assert_uint_eq(r.n, 0);
	free(writer);
	free(store);
}
END_TEST

START_TEST(test_auditlog_local_failure_reported_once)
{
	char *store = env_store(), *writer, *saved;
	struct reports r = { 0, "" };
	json_t *v;
	int i;

	ck_assert_int_eq(auditlog_session_start("run"), 0);
	auditlog_close();
	writer = in_scratch("audit.db.writer");
	saved = in_scratch("writer.saved");
	ck_assert_int_eq(rename(writer, saved), 0);
	auditlog_set_report(report, &r);
	/* Every call says it failed; the user hears it once. */
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(auditlog_cell_run(NULL, 1, "a", NULL, 1,
		    AUDIT_OK, NULL), -1);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_msg(strstr(r.last, "audit trail: CELL_RUN not recorded")
	    != NULL, "%s", r.last);
	/* Recording works again, and the next failure is news. */
	ck_assert_int_eq(rename(saved, writer), 0);
	ck_assert_int_eq(auditlog_cell_run(NULL, 1, "a", NULL, 1, AUDIT_OK,
	    NULL), 0);
	auditlog_close();
	ck_assert_int_eq(rename(writer, saved), 0);
	ck_assert_int_eq(auditlog_session_end(), -1);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_int_eq(rename(saved, writer), 0);
	/* The first append that works says what went wrong before it. */
	v = read_entries(store);
	ck_assert_uint_eq(json_array_size(v), 3);
	ck_assert_str_eq(entry_type(v, 0), "SESSION_START");
	ck_assert_str_eq(entry_type(v, 1), "AUDIT_FAIL");
	ck_assert_str_eq(entry_outcome(v, 1), "failed");
	ck_assert_ptr_nonnull(strstr(entry_str(v, 1, "reason"), "writer"));
	ck_assert_str_eq(entry_type(v, 2), "CELL_RUN");
	json_decref(v);
	free(saved);
	free(writer);
	free(store);
}
END_TEST

START_TEST(test_auditlog_sched_results)
{
	char *store = env_store();
	struct nb *nb = nb_new();
	struct nb_cell *c = nb_cell_insert(nb, 0, "f()", 3);
	struct sched_cell_info i;
	json_t *v;

	memset(&i, 0, sizeof i);
	i.id = nb_cell_id(c);
	i.message = i.exc_type = i.traceback = "";
	i.result = SCHED_SUCCESS;
	i.duration_us = 7;
	ck_assert_int_eq(auditlog_cell_sched("nb.py", nb, &i), 0);
	/* Never started: nothing to record. */
	i.result = SCHED_CANCELLED;
	i.error = SCHED_ERR_ANCESTOR_RAISED;
	ck_assert_int_eq(auditlog_cell_sched("nb.py", nb, &i), 0);
	i.result = SCHED_MARIMO_ERROR;
	i.error = SCHED_ERR_CYCLE;
	ck_assert_int_eq(auditlog_cell_sched("nb.py", nb, &i), 0);
	i.result = SCHED_EXCEPTION;
	i.error = SCHED_ERR_EXCEPTION;
	i.exc_type = "KeyError";
	i.message = "KeyError: '4111 1111 1111 1111'";
	ck_assert_int_eq(auditlog_cell_sched("nb.py", nb, &i), 0);
	i.result = SCHED_KILLED;
	i.error = SCHED_ERR_KERNEL_DIED;
	i.message = "The kernel died while this cell was running: the kernel "
	    "exited with status 3: secret last words";
	ck_assert_int_eq(auditlog_cell_sched("nb.py", nb, &i), 0);
	auditlog_close();

	v = read_entries(store);
	ck_assert_uint_eq(json_array_size(v), 4);
	ck_assert_str_eq(entry_outcome(v, 0), "ok");
	ck_assert_int_eq(json_integer_value(entry_field(v, 0, "duration_us")),
	    7);
	ck_assert_str_eq(entry_outcome(v, 1), "failed");
	ck_assert_str_eq(entry_str(v, 1, "reason"), "KeyError");
	ck_assert_str_eq(entry_str(v, 2, "reason"), "the kernel died");
	ck_assert_str_eq(entry_type(v, 3), "KERNEL_CRASH");
	ck_assert_str_eq(entry_str(v, 3, "reason"),
	    "the kernel exited with status 3");
	json_decref(v);
	nb_free(nb);
	free(store);
}
END_TEST

START_TEST(test_auditlog_policy_hash_stamped_after_load)
{
	char *store = env_store();
	json_t *v;

	ck_assert_int_eq(auditlog_session_start("run"), 0);
	ck_assert_int_eq(auditlog_policy_load("/etc/quire/policy", "abcdef01",
	    AUDIT_OK, NULL), 0);
	ck_assert_int_eq(auditlog_session_end(), 0);
	ck_assert_int_eq(auditlog_session_start("run"), 0);
	auditlog_close();
	v = read_entries(store);
	ck_assert_uint_eq(json_array_size(v), 4);
	ck_assert_ptr_null(entry_field(v, 0, "policy"));
	ck_assert_str_eq(entry_type(v, 1), "POLICY_LOAD");
	ck_assert_str_eq(entry_str(v, 1, "object"), "/etc/quire/policy");
	ck_assert_str_eq(entry_str(v, 1, "policy"), "abcdef01");
	/* A handle opened later stamps it too. */
	ck_assert_str_eq(entry_str(v, 3, "policy"), "abcdef01");
	json_decref(v);
	free(store);
}
END_TEST

START_TEST(test_auditlog_exc_name)
{
	struct buf b = BUF_INIT;

	ck_assert_str_eq(auditlog_exc_name(&b, "ValueError: x=3"),
	    "ValueError");
	ck_assert_str_eq(auditlog_exc_name(&b, "json.decoder.JSONDecodeError:"
	    " y"), "json.decoder.JSONDecodeError");
	ck_assert_str_eq(auditlog_exc_name(&b, "KeyboardInterrupt"),
	    "KeyboardInterrupt");
	ck_assert_ptr_null(auditlog_exc_name(&b, "This cell is in a cycle"));
	ck_assert_ptr_null(auditlog_exc_name(&b, "3x: no"));
	ck_assert_ptr_null(auditlog_exc_name(&b, ""));
	ck_assert_ptr_null(auditlog_exc_name(&b, NULL));
	buf_release(&b);
}
END_TEST

START_TEST(test_auditlog_hash_file_matches_bytes)
{
	char *p = in_scratch("h.py");
	char a[AUDITLOG_HASH_HEX_LEN + 1], b[AUDITLOG_HASH_HEX_LEN + 1];

	write_file(p, "abc");
	ck_assert_int_eq(auditlog_hash_file(a, p), 0);
	auditlog_hash(b, "abc", 3);
	ck_assert_str_eq(a, b);
	/* BLAKE2b-256 of "abc", as in RFC 7693's family of vectors. */
	ck_assert_str_eq(a, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e4"
	    "27262c8c068d52319");
	ck_assert_int_eq(auditlog_hash_file(a, scratch), -1);
	free(p);
}
END_TEST

/* How many entries after AUDIT_INIT another reader sees now. */
static size_t
count_entries(const char *store)
{
	json_t *v = read_entries(store);
	size_t n = json_array_size(v);

	json_decref(v);
	return n;
}

START_TEST(test_auditlog_local_events_written_soon_in_order)
{
	char *store = env_store();
	json_t *v;

	ck_assert_int_eq(auditlog_session_start("run"), 0);
	ck_assert_int_eq(auditlog_cell_run("nb.py", 1, "a", NULL, 5, AUDIT_OK,
	    NULL), 0);
	/* Queued: a thousand cells must not cost a thousand fsyncs. */
	ck_assert_uint_eq(count_entries(store), 0);
	ck_assert_int_eq(usleep(150 * 1000), 0);
	auditlog_tick();
	ck_assert_uint_eq(count_entries(store), 2);
	/* An export never waits, and what came before is written first. */
	ck_assert_int_eq(auditlog_cell_run(NULL, 2, "b", NULL, 5, AUDIT_OK,
	    NULL), 0);
	ck_assert_int_eq(auditlog_export(NULL, "ipynb", "-", 1, NULL), 0);
	v = read_entries(store);
	ck_assert_uint_eq(json_array_size(v), 4);
	ck_assert_str_eq(entry_type(v, 2), "CELL_RUN");
	ck_assert_str_eq(entry_str(v, 2, "cell_name"), "b");
	ck_assert_str_eq(entry_type(v, 3), "EXPORT_ALLOWED");
	json_decref(v);
	free(store);
}
END_TEST

START_TEST(test_auditlog_loop_flushes_on_time)
{
	char *store = env_store();
	struct loop *l = loop_new();
	uint64_t start;

	ck_assert_ptr_nonnull(l);
	auditlog_tick_every(l, AUDITLOG_TICK_MS);
	ck_assert_int_eq(auditlog_session_start("edit"), 0);
	ck_assert_uint_eq(count_entries(store), 0);
	start = loop_now_ms();
	while (loop_now_ms() - start < 1000 && count_entries(store) == 0)
		ck_assert_int_eq(loop_once(l, 50), 0);
	ck_assert_uint_eq(count_entries(store), 1);
	ck_assert_uint_lt(loop_now_ms() - start, 1000);
	ck_assert_int_eq(auditlog_session_end(), 0);
	ck_assert_uint_eq(count_entries(store), 2);
	loop_free(l);
	free(store);
}
END_TEST

static Suite *
auditlog_suite(void)
{
	Suite *s = suite_create("auditlog");
	TCase *tc;

	tc = tcase_create("record");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_auditlog_no_store_records_nothing_and_never_fails);
	tcase_add_test(tc, test_auditlog_records_a_session_with_its_fields);
	tcase_add_test(tc, test_auditlog_store_made_meanwhile_is_found);
	tcase_add_test(tc, test_auditlog_relative_paths_become_absolute);
	tcase_add_test(tc, test_auditlog_store_from_the_config_file);
	tcase_add_test(tc, test_auditlog_syslog_from_config_or_environment);
	tcase_add_test(tc, test_auditlog_sched_results);
	tcase_add_test(tc, test_auditlog_policy_hash_stamped_after_load);
	tcase_add_test(tc, test_auditlog_local_events_written_soon_in_order);
	tcase_add_test(tc, test_auditlog_loop_flushes_on_time);
	suite_add_tcase(s, tc);

	tc = tcase_create("failures");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_auditlog_export_blocked_when_recording_fails);
	tcase_add_test(tc, test_auditlog_local_failure_reported_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_auditlog_exc_name);
	tcase_add_test(tc, test_auditlog_hash_file_matches_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(auditlog_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
