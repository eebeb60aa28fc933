/*
 * cli_audit.c: `quire audit init|show|verify|export|status|prune`. Reads
 * the options and the auditor's passphrase (from --passphrase-file or
 * the terminal, never from an argument), calls the audit module, prints.
 * Exit status: 0 success, 1 a failure (verification failed, wrong
 * passphrase, store unusable), 2 a usage error. The store is --store,
 * else $QUIRE_AUDIT_STORE, else audit.store in the config file, else the
 * default location; prune's retention is --retention, else
 * audit.retention_days.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "auditlog.h"
#include "buf.h"
#include "cli.h"
#include "config.h"
#include "err.h"

/* A passphrase file holds one line; anything longer is not one. */
#define CLI_AUDIT_PASS_MAX 4096

struct cli_audit_opts {
	const char *sub;
	const char *store;
	struct config *config;	/* the user's settings, or NULL */
	const char *pass_file;
	const char *key_file;
	const char *anchor;
	const char *output;
	const char *format;
	const char *kdf;
	bool no_pass;
	unsigned retention_days;
	bool retention_set;		/* --retention given */
	unsigned long long epoch_seconds, epoch_entries;
	struct audit_filter filter;
};

static const char cli_audit_usage_text[] =
    "usage: quire audit init [--store PATH] [--passphrase-file FILE]\n"
    "                        [--kdf interactive|moderate|sensitive]\n"
    "       quire audit show [--store PATH] [--passphrase-file FILE]\n"
    "                        [--since T] [--until T] [--user U] [--type T]\n"
    "                        [--notebook NB]\n"
    "       quire audit verify [--store PATH] [--passphrase-file FILE |\n"
    "                        --no-passphrase] [--anchor FILE]\n"
    "       quire audit export [--format jsonl|csv] [-o FILE] [filters]\n"
    "       quire audit status [--store PATH]\n"
    "       quire audit prune [--store PATH] [--retention DAYS]\n";

static int cli_audit_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
cli_audit_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "quire audit: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(cli_audit_usage_text, stderr);
	return 2;
}

static int
cli_audit_fail(const char *what)
{
	fprintf(stderr, "quire audit %s: %s\n", what, err_last());
	return 1;
}

static int
cli_audit_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    *out > max ? -1 : 0;
}

/*
 * Parse argv after the subcommand. Options take their value as the next
 * argument or after '='.
 */
static int
cli_audit_parse(struct cli_audit_opts *o, int argc, char **argv)
{
	static const char *const with_value[] = { "--store",
		"--passphrase-file", "--key", "--anchor", "--output", "-o",
		"--format", "--kdf", "--retention", "--since", "--until",
		"--user", "--type", "--notebook", "--epoch-seconds",
		"--epoch-entries", NULL };
	struct buf name = BUF_INIT;
	unsigned long long n;
	const char *arg, *val, *eq;
	size_t i;
	int k, rc = 2;

	for (k = 2; k < argc; k++) {
		arg = argv[k];
		val = NULL;
		buf_reset(&name);
		if ((eq = strchr(arg, '=')) != NULL && arg[0] == '-') {
			buf_add(&name, arg, (size_t)(eq - arg));
			val = eq + 1;
		} else
			buf_adds(&name, arg);
		if (strcmp(name.ptr, "--no-passphrase") == 0 && val == NULL) {
			o->no_pass = true;
			continue;
		}
		for (i = 0; with_value[i] != NULL; i++)
			if (strcmp(name.ptr, with_value[i]) == 0)
				break;
		if (with_value[i] == NULL) {
			if (arg[0] == '-')
				cli_audit_usage("unknown option %s", arg);
			else
				cli_audit_usage("unexpected argument %s", arg);
			goto done;
		}
		if (val == NULL) {
			if (k + 1 >= argc) {
				cli_audit_usage("%s needs a value", arg);
				goto done;
			}
			val = argv[++k];
		}
		if (strcmp(name.ptr, "--store") == 0)
			o->store = val;
		else if (strcmp(name.ptr, "--passphrase-file") == 0)
			o->pass_file = val;
		else if (strcmp(name.ptr, "--key") == 0)
			o->key_file = val;
		else if (strcmp(name.ptr, "--anchor") == 0)
			o->anchor = val;
		else if (strcmp(name.ptr, "--output") == 0 ||
		    strcmp(name.ptr, "-o") == 0)
			o->output = val;
		else if (strcmp(name.ptr, "--format") == 0)
			o->format = val;
		else if (strcmp(name.ptr, "--kdf") == 0)
			o->kdf = val;
		else if (strcmp(name.ptr, "--retention") == 0) {
			if (cli_audit_uint(val, 1000000, &n) < 0) {
				cli_audit_usage("bad --retention %s", val);
				goto done;
			}
			o->retention_days = (unsigned)n;
			o->retention_set = true;
		} else if (strcmp(name.ptr, "--epoch-seconds") == 0) {
			if (cli_audit_uint(val, 1ULL << 40, &n) < 0 || n == 0) {
				cli_audit_usage("bad --epoch-seconds %s", val);
				goto done;
			}
			o->epoch_seconds = n;
		} else if (strcmp(name.ptr, "--epoch-entries") == 0) {
			if (cli_audit_uint(val, 1ULL << 40, &n) < 0 || n == 0) {
				cli_audit_usage("bad --epoch-entries %s", val);
				goto done;
			}
			o->epoch_entries = n;
		} else if (strcmp(name.ptr, "--since") == 0 ||
		    strcmp(name.ptr, "--until") == 0) {
			int64_t *t = name.ptr[2] == 's' ? &o->filter.since_us :
			    &o->filter.until_us;

			if (audit_time_parse(val, t) < 0) {
				cli_audit_usage("%s", err_last());
				goto done;
			}
		} else if (strcmp(name.ptr, "--user") == 0)
			o->filter.user = val;
		else if (strcmp(name.ptr, "--notebook") == 0)
			o->filter.notebook = val;
		else if (strcmp(name.ptr, "--type") == 0) {
			if (audit_type_parse(val, &o->filter.type) < 0) {
				cli_audit_usage("%s", err_last());
				goto done;
			}
			o->filter.by_type = true;
		}
	}
	rc = 0;
done:
	buf_release(&name);
	return rc;
}

/* Read a passphrase from FILE ("-": standard input), one line. */
static int
cli_audit_pass_file(struct buf *out, const char *path)
{
	char chunk[512];
	ssize_t n;
	int fd;

	fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
	    open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_errno("passphrase file %s", path);
		return -1;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(out, chunk, (size_t)n);
		if (out->len > CLI_AUDIT_PASS_MAX)
			break;
	}
	sodium_memzero(chunk, sizeof chunk);
	if (fd != STDIN_FILENO)
		(void)close(fd);
	if (n < 0) {
		err_errno("passphrase file %s", path);
		return -1;
	}
	if (out->len > CLI_AUDIT_PASS_MAX) {
		err_set("passphrase file %s: too long", path);
		return -1;
	}
	if (out->len > 0 && out->ptr[out->len - 1] == '\n')
		out->len--;
	if (out->len > 0 && out->ptr[out->len - 1] == '\r')
		out->len--;
	out->ptr[out->len] = '\0';
	if (memchr(out->ptr, '\n', out->len) != NULL) {
		err_set("passphrase file %s: more than one line", path);
		return -1;
	}
	return 0;
}

/* Ask on the terminal with echo off. 1 when there is no terminal. */
static int
cli_audit_pass_prompt(struct buf *out, const char *prompt)
{
	struct termios old, quiet;
	int fd, c;
	char ch;
	ssize_t n;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0)
		return 1;
	if (tcgetattr(fd, &old) < 0) {
		(void)close(fd);
		return 1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	(void)write(fd, prompt, strlen(prompt));
	(void)tcsetattr(fd, TCSAFLUSH, &quiet);
	for (;;) {
		n = read(fd, &ch, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || ch == '\n')
			break;
		c = (unsigned char)ch;
		if (out->len < CLI_AUDIT_PASS_MAX)
			buf_addc(out, (char)c);
	}
	ch = 0;
	(void)tcsetattr(fd, TCSAFLUSH, &old);
	(void)write(fd, "\n", 1);
	(void)close(fd);
	return 0;
}

/*
 * The passphrase for a command: from --passphrase-file, else asked on the
 * terminal. Returns 1 when none is to be had (no file, no terminal).
 */
static int
cli_audit_passphrase(struct buf *out, const struct cli_audit_opts *o,
    const char *prompt)
{
	if (o->pass_file != NULL)
		return cli_audit_pass_file(out, o->pass_file);
	return cli_audit_pass_prompt(out, prompt);
}

static int
cli_audit_open(struct audit **a, const struct cli_audit_opts *o,
    unsigned flags)
{
	if (auditlog_syslog_wanted(o->config))
		flags |= AUDIT_OPEN_SYSLOG;
	return audit_log_open(a, o->store, flags);
}

/*
 * Open for writing when the writer key is there, so the command itself
 * is recorded; an auditor reading a copy has only the store.
 */
static int
cli_audit_open_best(struct audit **a, const struct cli_audit_opts *o)
{
	struct buf why = BUF_INIT;

	if (cli_audit_open(a, o, AUDIT_OPEN_WRITE) == 0)
		return 0;
	buf_adds(&why, err_last());
	if (cli_audit_open(a, o, 0) < 0) {
		buf_release(&why);
		return -1;
	}
	fprintf(stderr, "quire audit: note: this command is not recorded: "
	    "%s\n", why.ptr);
	buf_release(&why);
	return 0;
}

static int
cli_audit_unlock(struct audit *a, const struct cli_audit_opts *o,
    bool optional)
{
	struct buf pass = BUF_INIT;
	int rc;

	if (optional && o->no_pass)
		return 0;
	rc = cli_audit_passphrase(&pass, o, optional ?
	    "auditor passphrase (empty: check without MACs): " :
	    "auditor passphrase: ");
	if (rc == 1 || (rc == 0 && optional && pass.len == 0 &&
	    o->pass_file == NULL)) {
		buf_wipe(&pass);
		if (optional)
			return 0;
		err_set("no passphrase: give --passphrase-file FILE or run on "
		    "a terminal");
		return -1;
	}
	if (rc == 0)
		rc = audit_log_unlock(a, o->key_file, pass.ptr, pass.len);
	buf_wipe(&pass);
	return rc;
}

static int
cli_audit_init(struct cli_audit_opts *o)
{
	struct audit_init_opts io;
	struct buf pass = BUF_INIT, again = BUF_INIT, path = BUF_INIT;
	int rc = 1;

	memset(&io, 0, sizeof io);
	if (o->kdf == NULL || strcmp(o->kdf, "moderate") == 0) {
		io.kdf_ops = crypto_pwhash_OPSLIMIT_MODERATE;
		io.kdf_mem = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (strcmp(o->kdf, "interactive") == 0) {
		io.kdf_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		io.kdf_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else if (strcmp(o->kdf, "sensitive") == 0) {
		io.kdf_ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
		io.kdf_mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
	} else
		return cli_audit_usage("unknown --kdf %s (want interactive, "
		    "moderate or sensitive)", o->kdf);
	io.epoch_seconds = (int64_t)o->epoch_seconds;
	io.epoch_entries = o->epoch_entries;
	if (audit_store_path(&path, o->store) < 0)
		return cli_audit_fail("init");
	if (o->pass_file != NULL) {
		if (cli_audit_pass_file(&pass, o->pass_file) < 0)
			goto fail;
	} else {
		if (cli_audit_pass_prompt(&pass,
		    "new auditor passphrase: ") == 1) {
			rc = cli_audit_usage("%s", "no terminal to ask the "
			    "passphrase on: give --passphrase-file FILE");
			goto done;
		}
		(void)cli_audit_pass_prompt(&again, "same passphrase again: ");
		if (pass.len != again.len ||
		    memcmp(pass.ptr, again.ptr, pass.len) != 0) {
			err_set("the passphrases differ");
			goto fail;
		}
	}
	if (pass.len == 0) {
		err_set("the passphrase is empty");
		goto fail;
	}
	io.passphrase = pass.ptr;
	io.passphrase_len = pass.len;
	if (audit_store_init(path.ptr, &io) < 0)
		goto fail;
	printf("created audit store %s\n", path.ptr);
	printf("auditor key: %s.key (keep it, and its passphrase, with the "
	    "auditor)\n", path.ptr);
	printf("public key:  %s.pub\n", path.ptr);
	rc = 0;
	goto done;
fail:
	rc = cli_audit_fail("init");
done:
	buf_wipe(&pass);
	buf_wipe(&again);
	buf_release(&path);
	return rc;
}

struct cli_audit_out {
	FILE *f;
	enum audit_format fmt;
	struct buf line;
	uint64_t n;
	bool error;
};

static int
cli_audit_row(const struct audit_row *row, void *arg)
{
	struct cli_audit_out *out = arg;

	buf_reset(&out->line);
	audit_row_format(&out->line, row, out->fmt);
	if (fwrite(out->line.ptr, 1, out->line.len, out->f) != out->line.len) {
		out->error = true;
		return 1;
	}
	out->n++;
	return 0;
}

static int
cli_audit_read(struct cli_audit_opts *o, bool export)
{
	struct cli_audit_out out = { stdout, AUDIT_FORMAT_TEXT, BUF_INIT, 0,
		false };
	struct audit *a = NULL;
	struct buf head = BUF_INIT;
	const char *what = export ? "export" : "show";
	int rc = 1, fd;

	if (export) {
		if (audit_format_parse(o->format != NULL ? o->format : "jsonl",
		    &out.fmt) < 0 || out.fmt == AUDIT_FORMAT_TEXT)
			return cli_audit_usage("unknown --format %s (want "
			    "jsonl or csv)", o->format);
	} else if (o->format != NULL || o->output != NULL)
		return cli_audit_usage("%s", "--format and --output are for "
		    "export");
	if (cli_audit_open_best(&a, o) < 0 || cli_audit_unlock(a, o,
	    false) < 0) {
		rc = cli_audit_fail(what);
		goto done;
	}
	if (o->output != NULL) {
		fd = open(o->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0600);
		if (fd < 0 || (out.f = fdopen(fd, "w")) == NULL) {
			err_errno("%s", o->output);
			if (fd >= 0)
				(void)close(fd);
			out.f = stdout;
			rc = cli_audit_fail(what);
			goto done;
		}
	}
	audit_format_header(&head, out.fmt);
	if (fwrite(head.ptr, 1, head.len, out.f) != head.len)
		out.error = true;
	if (!out.error && audit_query(a, &o->filter, export ? (out.fmt ==
	    AUDIT_FORMAT_CSV ? "csv" : "jsonl") : NULL, cli_audit_row,
	    &out) < 0) {
		rc = cli_audit_fail(what);
		goto done;
	}
	if (fflush(out.f) != 0 || out.error) {
		fprintf(stderr, "quire audit %s: write error: %s\n", what,
		    strerror(errno));
		goto done;
	}
	if (export && o->output != NULL)
		fprintf(stderr, "quire audit export: %llu entries to %s\n",
		    (unsigned long long)out.n, o->output);
	rc = 0;
done:
	if (out.f != stdout)
		(void)fclose(out.f);
	audit_log_close(a);
	buf_release(&out.line);
	buf_release(&head);
	return rc;
}

static int
cli_audit_verify(struct cli_audit_opts *o)
{
	struct audit_verify_opts vo = { o->anchor, true };
	struct audit_verify_report r;
	struct audit *a = NULL;
	int rc = 1;

	if (cli_audit_open_best(&a, o) < 0) {
		/* A store that cannot even be opened does not verify. */
		printf("quire audit verify: FAILED: %s\n", err_last());
		return 1;
	}
	if (cli_audit_unlock(a, o, true) < 0) {
		rc = cli_audit_fail("verify");
		goto done;
	}
	if (audit_verify(a, &vo, &r) < 0) {
		rc = cli_audit_fail("verify");
		goto done;
	}
	if (r.ok) {
		printf("quire audit verify: OK: %llu %s (seq %llu..%llu), "
		    "%llu epoch%s, %llu checkpoint%s",
		    (unsigned long long)r.nentries,
		    r.nentries == 1 ? "entry" : "entries",
		    (unsigned long long)r.first_seq,
		    (unsigned long long)r.last_seq,
		    (unsigned long long)r.nepochs, r.nepochs == 1 ? "" : "s",
		    (unsigned long long)r.ncheckpoints,
		    r.ncheckpoints == 1 ? "" : "s");
		if (o->anchor != NULL)
			printf(", %llu anchors",
			    (unsigned long long)r.nanchors);
		printf("; %s\n", r.macs_checked ? "MACs and payloads checked" :
		    "MACs not checked (no auditor passphrase): chain, seals "
		    "and signatures only");
		rc = 0;
	} else {
		if (r.bad_seq > 0)
			printf("quire audit verify: FAILED at seq %llu: %s\n",
			    (unsigned long long)r.bad_seq, r.problem);
		else
			printf("quire audit verify: FAILED: %s\n", r.problem);
		rc = 1;
	}
	audit_verify_report_release(&r);
done:
	audit_log_close(a);
	return rc;
}

static void
cli_audit_hex(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
}

static int
cli_audit_status(struct cli_audit_opts *o)
{
	struct audit_status s;
	struct audit *a = NULL;
	struct buf t = BUF_INIT;
	int rc = 1;

	if (cli_audit_open(&a, o, 0) < 0 || audit_log_status(a, &s) < 0) {
		rc = cli_audit_fail("status");
		goto done;
	}
	printf("store:        %s\n", audit_log_path(a));
	printf("log id:       %s\n", s.log_id);
	audit_time_format(&t, s.created_us);
	printf("created:      %s\n", t.ptr);
	printf("entries:      %llu (seq %llu..%llu)\n",
	    (unsigned long long)s.nentries, (unsigned long long)s.first_seq,
	    (unsigned long long)s.last_seq);
	buf_reset(&t);
	audit_time_format(&t, s.last_ts_us);
	printf("head:         seq %llu, epoch %llu, %s, hash ",
	    (unsigned long long)s.last_seq, (unsigned long long)s.epoch, t.ptr);
	cli_audit_hex(s.head, sizeof s.head);
	printf("\ncheckpoints:  %llu\n", (unsigned long long)s.ncheckpoints);
	printf("prunes:       %llu\n", (unsigned long long)s.nprunes);
	if (s.has_verify) {
		buf_reset(&t);
		audit_time_format(&t, s.verify_ts_us);
		printf("last verify:  %s %s\n", t.ptr,
		    s.verify_ok ? "ok" : "FAILED");
	} else
		printf("last verify:  never\n");
	printf("size:         %lld bytes", (long long)s.db_bytes);
	if (s.nentries > 0)
		printf(" (%lld bytes per entry)",
		    (long long)(s.db_bytes / (int64_t)s.nentries));
	printf("\nkeys:         writer %s, auditor %s, public %s\n",
	    s.has_writer_key ? "yes" : "no", s.has_auditor_key ? "yes" : "no",
	    s.has_pub ? "yes" : "no");
	rc = 0;
done:
	audit_log_close(a);
	buf_release(&t);
	return rc;
}

static int
cli_audit_prune(struct cli_audit_opts *o)
{
	struct audit *a = NULL;
	uint64_t n = 0;
	unsigned days = o->retention_days;
	int rc = 1;

	if (days < AUDIT_RETENTION_MIN_DAYS) {
		fprintf(stderr, "quire audit: retention of %u days is below "
		    "the minimum of %d days\n", days, AUDIT_RETENTION_MIN_DAYS);
		return 2;
	}
	if (cli_audit_open(&a, o, AUDIT_OPEN_WRITE) < 0 ||
	    audit_prune(a, days, &n) < 0) {
		rc = cli_audit_fail("prune");
		goto done;
	}
	printf("quire audit prune: removed %llu entries older than %u days\n",
	    (unsigned long long)n, days);
	rc = 0;
done:
	audit_log_close(a);
	return rc;
}

/*
 * Read the config file for the store and the retention. A bad line is a
 * warning, not a failure: the audit commands must work for the auditor
 * whatever the user's settings say.
 */
static void
cli_audit_config(struct cli_audit_opts *o)
{
	struct buf warn = BUF_INIT;
	const char *env = getenv("QUIRE_AUDIT_STORE");

	o->config = config_load_lenient(NULL, &warn);
	if (o->config == NULL)
		fprintf(stderr, "quire audit: config ignored: %s\n",
		    err_last());
	else if (warn.len > 0)
		fprintf(stderr, "quire audit: config: %s", warn.ptr);
	buf_release(&warn);
	if (o->store == NULL && (env == NULL || *env == '\0'))
		o->store = config_get(o->config, "audit.store", NULL);
	if (!o->retention_set)
		o->retention_days = (unsigned)config_get_long(o->config,
		    "audit.retention_days", AUDIT_RETENTION_MIN_DAYS, 36500,
		    AUDIT_RETENTION_DEFAULT_DAYS);
}

int
cli_audit(int argc, char **argv)
{
	struct cli_audit_opts o;
	bool filters;
	int status;

	memset(&o, 0, sizeof o);
	if (argc < 2)
		return cli_usage_error("audit", "no subcommand");
	o.sub = argv[1];
	if (strcmp(o.sub, "--help") == 0 || strcmp(o.sub, "-h") == 0) {
		fputs(cli_audit_usage_text, stdout);
		return 0;
	}
	if (cli_audit_parse(&o, argc, argv) != 0)
		return 2;
	filters = o.filter.since_us || o.filter.until_us || o.filter.user ||
	    o.filter.by_type || o.filter.notebook;
	if (filters && strcmp(o.sub, "show") != 0 &&
	    strcmp(o.sub, "export") != 0)
		return cli_audit_usage("filters are for show and export, not "
		    "%s", o.sub);
	if (o.anchor != NULL && strcmp(o.sub, "verify") != 0)
		return cli_audit_usage("%s", "--anchor is for verify");
	if (strcmp(o.sub, "prune") != 0 && o.retention_set)
		return cli_audit_usage("%s", "--retention is for prune");
	if (strcmp(o.sub, "init") != 0 && (o.kdf != NULL ||
	    o.epoch_seconds > 0 || o.epoch_entries > 0))
		return cli_audit_usage("%s",
		    "--kdf and --epoch-* are for init");
	if (sodium_init() < 0) {
		fprintf(stderr, "quire audit: libsodium failed to start\n");
		return 1;
	}
	if (strcmp(o.sub, "init") != 0 && strcmp(o.sub, "show") != 0 &&
	    strcmp(o.sub, "export") != 0 && strcmp(o.sub, "verify") != 0 &&
	    strcmp(o.sub, "status") != 0 && strcmp(o.sub, "prune") != 0)
		return cli_audit_usage("unknown subcommand %s", o.sub);
	cli_audit_config(&o);
	if (strcmp(o.sub, "init") == 0)
		status = cli_audit_init(&o);
	else if (strcmp(o.sub, "show") == 0)
		status = cli_audit_read(&o, false);
	else if (strcmp(o.sub, "export") == 0)
		status = cli_audit_read(&o, true);
	else if (strcmp(o.sub, "verify") == 0)
		status = cli_audit_verify(&o);
	else if (strcmp(o.sub, "status") == 0)
		status = cli_audit_status(&o);
	else
		status = cli_audit_prune(&o);
	config_free(o.config);
	return status;
}
