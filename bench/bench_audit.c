/*
 * bench_audit.c: what the audit trail costs, beside appending the same
 * events to a plain SQLite table (WAL, synchronous=FULL) in the same run:
 * durable single-append latency, batched appends per second, verify
 * throughput, bytes per entry. One line per figure, with the issue's
 * target and a ratio that is always the audit store's cost over the plain
 * table's (time per entry, or bytes): 2.00 means twice the cost. Run
 * by bench/run.sh (`make bench`); never by `make check`.
 *
 *	bench_audit [NBATCHED [NDURABLE]]	(defaults 20000 and 200)
 */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "buf.h"
#include "err.h"

#define BENCH_PASS "bench passphrase"
#define BENCH_BATCH 1000
#define BENCH_CODE_HASH \
	"e6c1191483d0a9cec302e67d9715839fed2d9ef12c9f5289d9d59393101aa309"

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this process: what the code costs, whatever the load. */
static double
bench_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
bench_loadavg(void)
{
	char line[128] = "?";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f != NULL) {
		if (fgets(line, sizeof line, f) == NULL)
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, " ")] = '\0';
	printf("loadavg_1min=%s cores=%ld (wall-clock figures suffer when "
	    "the load exceeds the cores; cpu figures do not)\n", line,
	    sysconf(_SC_NPROCESSORS_ONLN));
}

static int
bench_cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

static double
bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long long
bench_size(const char *path)
{
	struct buf p = BUF_INIT;
	struct stat st;
	long long n = 0;

	if (stat(path, &st) == 0)
		n += st.st_size;
	buf_addf(&p, "%s-wal", path);
	if (stat(p.ptr, &st) == 0)
		n += st.st_size;
	buf_release(&p);
	return n;
}

static void
bench_die(const char *what)
{
	fprintf(stderr, "bench_audit: %s: %s\n", what, err_last());
	exit(1);
}

/* The event both sides record: a cell run, as the editor will. */
static struct audit_event
bench_event(char *id, size_t idlen, size_t i)
{
	snprintf(id, idlen, "cell-%zu", i);
	return (struct audit_event){ .type = AUDIT_CELL_RUN,
		.notebook = "/home/alice/nb/loan_risk.py", .cell_id = id,
		.cell_name = "threshold", .code_hash = BENCH_CODE_HASH,
		.duration_us = (int64_t)(i % 1000) * 7 };
}

/*
 * The same fields in clear, as a plain logger would write them: who,
 * where, when, what (the audit store adds the same identity itself).
 */
static void
bench_plain_payload(struct buf *b, size_t i)
{
	buf_reset(b);
	buf_addf(b, "{\"uid\":1000,\"user\":\"alice\",\"host\":\"jump1\","
	    "\"tty\":\"/dev/pts/3\",\"pid\":%d,\"boot\":"
	    "\"dba3184f-2bb8-4fc4-9d45-a072249f6825\",\"mono_us\":%zu,"
	    "\"notebook\":\"/home/alice/nb/loan_risk.py\",\"cell_id\":"
	    "\"cell-%zu\",\"cell_name\":\"threshold\",\"code_hash\":"
	    "\"" BENCH_CODE_HASH "\",\"duration_us\":%zu}", (int)getpid(),
	    i * 1000, i, (i % 1000) * 7);
}

struct plain {
	sqlite3 *db;
	sqlite3_stmt *ins;
	struct buf payload;
	size_t seq;
};

static void
plain_open(struct plain *p, const char *path)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->payload);
	if (sqlite3_open(path, &p->db) != SQLITE_OK ||
	    sqlite3_exec(p->db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "CREATE TABLE log(seq INTEGER PRIMARY KEY, ts_utc INTEGER NOT NULL,"
	    " event_type TEXT NOT NULL, outcome TEXT NOT NULL,"
	    " payload TEXT NOT NULL) STRICT;", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(p->db, "INSERT INTO log VALUES (?,?,?,?,?)", -1,
	    &p->ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_audit: plain table: %s\n",
		    sqlite3_errmsg(p->db));
		exit(1);
	}
}

static void
plain_insert(struct plain *p)
{
	bench_plain_payload(&p->payload, p->seq);
	sqlite3_reset(p->ins);
	sqlite3_bind_int64(p->ins, 1, (sqlite3_int64)++p->seq);
	sqlite3_bind_int64(p->ins, 2, (sqlite3_int64)(bench_now() * 1e6));
	sqlite3_bind_text(p->ins, 3, "CELL_RUN", -1, SQLITE_STATIC);
	sqlite3_bind_text(p->ins, 4, "ok", -1, SQLITE_STATIC);
	sqlite3_bind_text(p->ins, 5, p->payload.ptr, (int)p->payload.len,
	    SQLITE_STATIC);
	if (sqlite3_step(p->ins) != SQLITE_DONE) {
		fprintf(stderr, "bench_audit: plain insert: %s\n",
		    sqlite3_errmsg(p->db));
		exit(1);
	}
}

static void
plain_close(struct plain *p)
{
	sqlite3_finalize(p->ins);
	sqlite3_exec(p->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
	    NULL);
	sqlite3_close(p->db);
	buf_release(&p->payload);
}

static int
bench_rm(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static const char *
bench_verdict(int met)
{
	return met ? "met" : "MISSED";
}

int
main(int argc, char **argv)
{
	struct audit_init_opts io;
	struct audit_verify_opts vo = { NULL, false };
	struct audit_verify_report r;
	struct audit_event ev[BENCH_BATCH];
	char ids[BENCH_BATCH][32];
	struct buf dir = BUF_INIT, store = BUF_INIT, plain_path = BUF_INIT;
	const char *tmp = getenv("TMPDIR");
	struct audit *a;
	struct plain p;
	size_t nbatched = 20000, ndurable = 200, i, k, done;
	double *lat_a, *lat_p, t0, ta, tp, med_a, med_p, vps, vps_nopass;
	double scan, c0, ca, vcpu;
	long long bytes_a, bytes_p;
	sqlite3 *db;
	sqlite3_stmt *st;

	if (argc > 1)
		nbatched = (size_t)strtoul(argv[1], NULL, 10);
	if (argc > 2)
		ndurable = (size_t)strtoul(argv[2], NULL, 10);
	if (nbatched < BENCH_BATCH || ndurable < 3 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_audit [NBATCHED >= %d "
		    "[NDURABLE >= 3]]\n", BENCH_BATCH);
		return 2;
	}
	buf_addf(&dir, "%s/quire-bench-audit.XXXXXX", tmp != NULL ? tmp :
	    "/tmp");
	if (mkdtemp(dir.ptr) == NULL) {
		perror("bench_audit: mkdtemp");
		return 1;
	}
	buf_addf(&store, "%s/audit.db", dir.ptr);
	buf_addf(&plain_path, "%s/plain.db", dir.ptr);
	memset(&io, 0, sizeof io);
	io.passphrase = BENCH_PASS;
	io.passphrase_len = strlen(BENCH_PASS);
	io.kdf_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	io.kdf_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (audit_store_init(store.ptr, &io) < 0)
		bench_die("init");
	if (audit_log_open(&a, store.ptr, AUDIT_OPEN_WRITE) < 0)
		bench_die("open");
	plain_open(&p, plain_path.ptr);
	bench_loadavg();

	/* Durable single appends, interleaved so both see the same disk. */
	lat_a = calloc(ndurable, sizeof *lat_a);
	lat_p = calloc(ndurable, sizeof *lat_p);
	for (i = 0; i < ndurable; i++) {
		ev[0] = bench_event(ids[0], sizeof ids[0], i);
		t0 = bench_now();
		if (audit_record(a, &ev[0]) < 0)
			bench_die("append");
		lat_a[i] = (bench_now() - t0) * 1e3;
		t0 = bench_now();
		plain_insert(&p);
		lat_p[i] = (bench_now() - t0) * 1e3;
	}
	med_a = bench_median(lat_a, ndurable);
	med_p = bench_median(lat_p, ndurable);
	printf("durable_append_median_ms=%.3f plain=%.3f ratio=%.2f "
	    "n=%zu (target < 5 ms: %s)\n", med_a, med_p, med_a / med_p,
	    ndurable, bench_verdict(med_a < 5.0));

	/* Batches of 1,000 in one transaction each. */
	ta = 0;
	tp = 0;
	ca = 0;
	for (done = 0; done < nbatched; done += BENCH_BATCH) {
		for (k = 0; k < BENCH_BATCH; k++)
			ev[k] = bench_event(ids[k], sizeof ids[k], done + k);
		t0 = bench_now();
		c0 = bench_cpu();
		if (audit_record_batch(a, ev, BENCH_BATCH) < 0)
			bench_die("batch");
		ta += bench_now() - t0;
		ca += bench_cpu() - c0;
		t0 = bench_now();
		sqlite3_exec(p.db, "BEGIN", NULL, NULL, NULL);
		for (k = 0; k < BENCH_BATCH; k++)
			plain_insert(&p);
		sqlite3_exec(p.db, "COMMIT", NULL, NULL, NULL);
		tp += bench_now() - t0;
	}
	printf("batched_appends_per_s=%.0f plain=%.0f ratio=%.2f n=%zu "
	    "batch=%d cpu=%.0f/s (target >= 20,000/s: %s)\n",
	    (double)done / ta, (double)done / tp, ta / tp, done, BENCH_BATCH,
	    (double)done / ca, bench_verdict((double)done / ta >= 20000));
	audit_log_close(a);
	plain_close(&p);
	if (sqlite3_open(store.ptr, &db) == SQLITE_OK) {
		sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
		    NULL);
		sqlite3_close(db);
	}

	/* Verify: with the passphrase (MACs, payloads) and without. */
	if (audit_log_open(&a, store.ptr, 0) < 0 ||
	    audit_log_unlock(a, NULL, BENCH_PASS, strlen(BENCH_PASS)) < 0)
		bench_die("open for verify");
	t0 = bench_now();
	c0 = bench_cpu();
	if (audit_verify(a, &vo, &r) < 0 || !r.ok)
		bench_die("verify");
	vps = (double)r.nentries / (bench_now() - t0);
	vcpu = (double)r.nentries / (bench_cpu() - c0);
	audit_verify_report_release(&r);
	audit_log_close(a);
	if (audit_log_open(&a, store.ptr, 0) < 0)
		bench_die("open for verify");
	t0 = bench_now();
	if (audit_verify(a, &vo, &r) < 0 || !r.ok)
		bench_die("verify");
	vps_nopass = (double)r.nentries / (bench_now() - t0);
	k = (size_t)r.nentries;
	audit_verify_report_release(&r);
	audit_log_close(a);
	/* The plain table's nearest thing: read every row back. */
	if (sqlite3_open(plain_path.ptr, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT seq, ts_utc, event_type, outcome,"
	    " payload FROM log ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_audit: plain read\n");
		return 1;
	}
	t0 = bench_now();
	i = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		i += (size_t)sqlite3_column_bytes(st, 4) > 0;
	scan = (double)i / (bench_now() - t0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	printf("verify_entries_per_s=%.0f plain_scan=%.0f ratio=%.2f n=%zu "
	    "cpu=%.0f/s (MACs and payloads checked; target >= 100,000/s: "
	    "%s)\n", vps, scan, scan / vps, k, vcpu,
	    bench_verdict(vps >= 100000));
	printf("verify_no_passphrase_entries_per_s=%.0f plain_scan=%.0f "
	    "ratio=%.2f n=%zu (chain, seals, signatures)\n", vps_nopass, scan,
	    scan / vps_nopass, k);

	bytes_a = bench_size(store.ptr);
	bytes_p = bench_size(plain_path.ptr);
	printf("bytes_per_entry=%.0f plain=%.0f ratio=%.2f (file size after "
	    "checkpoint / entries)\n", (double)bytes_a / (double)k,
	    (double)bytes_p / (double)p.seq,
	    ((double)bytes_a / (double)k) / ((double)bytes_p / (double)p.seq));

	nftw(dir.ptr, bench_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(lat_a);
	free(lat_p);
	buf_release(&dir);
	buf_release(&store);
	buf_release(&plain_path);
	return 0;
}
