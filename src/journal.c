/*
 * journal.c: the recovery journal, the lock file and the on-disk
 * snapshot of an open notebook (see journal.h). Owns the journal's file
 * format, its replay, and the lock protocol; saving the notebook is the
 * formats' job and asking the user what to do the editor's.
 *
 * The one idea: the journal is a log of a small model (the cells in
 * order, each with its source, name and config, and the position it
 * had in the file the journal started from). The writer applies each
 * edit to that model and appends it as a record; the reader replays the
 * records onto the same model, stopping at the first record that is
 * short or fails its checksum; recovery then makes the reloaded
 * notebook equal to the model. Because the writer holds the model, it
 * can also rewrite a grown journal as one snapshot of it.
 *
 * File format, all integers little-endian:
 *
 *	"QJOURNL1"				8 bytes of magic
 *	record*
 *	record = u32 body length, u32 CRC-32C of body, body
 *	body   = u8 type, u64 time (ns since the epoch), u32 cell id,
 *		 u32 position, u32 base position, u8 flags, i32 column,
 *		 u32 name length, name, u32 source length, source
 *
 * Types: 'H' header (name: the notebook's absolute path; source: the
 * snapshot of the file the journal starts from; position: how many
 * cells the starting model has), then 'C' one cell of the starting
 * model per record, then the edits: 'S' new source, 'I' insert, 'D'
 * delete, 'M' move, 'N' rename, 'F' config. Every edit record carries
 * the cell's id, position and name as they are after it. Recovery
 * trusts a journal only once its starting model is complete, and stops
 * at the first record that is short, fails its checksum or does not
 * fit the model.
 */
#include "config.h"
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "err.h"
#include "fileio.h"
#include "nb.h"
#include "xmalloc.h"

#define JOURNAL_MAGIC "QJOURNL1"
#define JOURNAL_MAGIC_LEN 8
#define JOURNAL_FRAME_LEN 8		/* length and checksum */
#define JOURNAL_FIXED_LEN 34		/* body without name and source */
#define JOURNAL_STAT_LEN 65		/* a struct journal_stat, encoded */
#define JOURNAL_NOBASE UINT32_MAX
/* A journal is rewritten as a snapshot past this size and four times
 * the model's. */
#define JOURNAL_COMPACT_MIN (1u << 20)
/* A lock file that cannot be read yet may be one being written. */
#define JOURNAL_LOCK_GRACE_S 5
/* mtimes this close to the snapshot cannot prove the file unchanged
 * (the clock ticks coarser than writes; git's "racy" entries). */
#define JOURNAL_RACY_NS (2 * 1000000000LL)

enum journal_type {
	JOURNAL_HEADER = 'H',
	JOURNAL_CELL = 'C',
	JOURNAL_SOURCE = 'S',
	JOURNAL_INSERT = 'I',
	JOURNAL_DELETE = 'D',
	JOURNAL_MOVE = 'M',
	JOURNAL_RENAME = 'N',
	JOURNAL_CONFIG = 'F'
};

#define JOURNAL_F_DISABLED	0x01
#define JOURNAL_F_HIDE_CODE	0x02

/* One cell of the model. */
struct journal_cell {
	uint32_t id;		/* the editor's id (the writer's) */
	uint32_t base;		/* position in the starting file, or NOBASE */
	char *name;
	struct buf src;
	int column;
	uint8_t flags;		/* JOURNAL_F_* */
};

struct journal_model {
	struct journal_cell *cells;
	size_t n, alloc;
	size_t bytes;		/* sources and names, for compaction */
};

/* One decoded record; name and src point into the bytes read. */
struct journal_rec {
	uint8_t type;
	int64_t time_ns;
	uint32_t id, pos, base;
	uint8_t flags;
	int32_t column;
	const char *name;
	size_t name_len;
	const char *src;
	size_t src_len;
};

struct journal {
	char *nb_path;
	char *path;		/* the journal file */
	int fd;			/* -1 until the first flush */
	uint64_t file_len;	/* bytes in the file */
	struct journal_stat base;
	struct journal_model model;
	struct buf pending;	/* encoded records not yet written */
	size_t npending_ops;	/* edit records among them */
	size_t last_off;	/* where the last queued record starts */
	uint32_t last_source_id; /* its cell when it is 'S', else 0 */
	bool last_is_source;
};

struct journal_lock {
	char *path;
	long pid;
	int64_t started;
};

/* CRC-32C (Castagnoli), bitwise: journals are small. */
static uint32_t
journal_crc32c(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint32_t crc = 0xffffffffu;
	int k;

	while (len-- > 0) {
		crc ^= *s++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
	}
	return ~crc;
}

static void
journal_put_u32(struct buf *b, uint32_t v)
{
	unsigned char c[4];

	c[0] = (unsigned char)v;
	c[1] = (unsigned char)(v >> 8);
	c[2] = (unsigned char)(v >> 16);
	c[3] = (unsigned char)(v >> 24);
	buf_add(b, c, 4);
}

static void
journal_put_u64(struct buf *b, uint64_t v)
{
	journal_put_u32(b, (uint32_t)v);
	journal_put_u32(b, (uint32_t)(v >> 32));
}

static uint32_t
journal_get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
journal_get_u64(const unsigned char *p)
{
	return (uint64_t)journal_get_u32(p) |
	    (uint64_t)journal_get_u32(p + 4) << 32;
}

static int64_t
journal_now_ns(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Append one framed record to out. */
static void
journal_encode(struct buf *out, const struct journal_rec *r)
{
	struct buf body = BUF_INIT;

	buf_addc(&body, (char)r->type);
	journal_put_u64(&body, (uint64_t)r->time_ns);
	journal_put_u32(&body, r->id);
	journal_put_u32(&body, r->pos);
	journal_put_u32(&body, r->base);
	buf_addc(&body, (char)r->flags);
	journal_put_u32(&body, (uint32_t)r->column);
	journal_put_u32(&body, (uint32_t)r->name_len);
	buf_add(&body, r->name, r->name_len);
	journal_put_u32(&body, (uint32_t)r->src_len);
	buf_add(&body, r->src, r->src_len);
	journal_put_u32(out, (uint32_t)body.len);
	journal_put_u32(out, journal_crc32c(body.ptr, body.len));
	buf_add(out, body.ptr, body.len);
	buf_release(&body);
}

/*
 * Decode the record at p[*off]; 0 and *off past it, or -1 when what is
 * there is short, too long, or fails its checksum.
 */
static int
journal_decode(struct journal_rec *r, const char *p, size_t len, size_t *off)
{
	const unsigned char *u = (const unsigned char *)p + *off;
	size_t left = len - *off;
	uint32_t blen, crc;

	if (left < JOURNAL_FRAME_LEN)
		return -1;
	blen = journal_get_u32(u);
	crc = journal_get_u32(u + 4);
	if (blen < JOURNAL_FIXED_LEN || blen > JOURNAL_RECORD_MAX ||
	    blen > left - JOURNAL_FRAME_LEN)
		return -1;
	u += JOURNAL_FRAME_LEN;
	if (journal_crc32c(u, blen) != crc)
		return -1;
	r->type = u[0];
	r->time_ns = (int64_t)journal_get_u64(u + 1);
	r->id = journal_get_u32(u + 9);
	r->pos = journal_get_u32(u + 13);
	r->base = journal_get_u32(u + 17);
	r->flags = u[21];
	r->column = (int32_t)journal_get_u32(u + 22);
	r->name_len = journal_get_u32(u + 26);
	if (r->name_len > blen - JOURNAL_FIXED_LEN)
		return -1;
	r->name = (const char *)u + 30;
	r->src_len = journal_get_u32(u + 30 + r->name_len);
	if (r->src_len != blen - JOURNAL_FIXED_LEN - r->name_len)
		return -1;
	r->src = (const char *)u + 34 + r->name_len;
	*off += JOURNAL_FRAME_LEN + blen;
	return 0;
}

static void
journal_stat_encode(struct buf *out, const struct journal_stat *s)
{
	buf_addc(out, (char)(s->exists ? 1 : 0));
	journal_put_u64(out, s->dev);
	journal_put_u64(out, s->ino);
	journal_put_u64(out, s->size);
	journal_put_u64(out, (uint64_t)s->mtime_ns);
	buf_add(out, s->hash, JOURNAL_HASH_LEN);
}

static int
journal_stat_decode(struct journal_stat *s, const char *p, size_t len)
{
	const unsigned char *u = (const unsigned char *)p;

	if (len != JOURNAL_STAT_LEN)
		return -1;
	memset(s, 0, sizeof *s);
	s->exists = u[0] != 0;
	s->dev = journal_get_u64(u + 1);
	s->ino = journal_get_u64(u + 9);
	s->size = journal_get_u64(u + 17);
	s->mtime_ns = (int64_t)journal_get_u64(u + 25);
	memcpy(s->hash, u + 33, JOURNAL_HASH_LEN);
	return 0;
}

/* The model. */

static void
journal_model_release(struct journal_model *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->cells[i].name);
		buf_release(&m->cells[i].src);
	}
	free(m->cells);
	memset(m, 0, sizeof *m);
}

static size_t
journal_model_find(const struct journal_model *m, uint32_t id)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->cells[i].id == id)
			return i;
	return SIZE_MAX;
}

static int
journal_model_insert(struct journal_model *m, uint32_t id, size_t pos,
    uint32_t base, const char *name, size_t name_len, const char *src,
    size_t src_len)
{
	struct journal_cell *c;

	if (journal_model_find(m, id) != SIZE_MAX) {
		err_set("journal: cell %u is already there", (unsigned)id);
		return -1;
	}
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 16;
		m->cells = xreallocarray(m->cells, m->alloc, sizeof *m->cells);
	}
	if (pos > m->n)
		pos = m->n;
	memmove(m->cells + pos + 1, m->cells + pos,
	    (m->n - pos) * sizeof *m->cells);
	m->n++;
	c = &m->cells[pos];
	memset(c, 0, sizeof *c);
	c->id = id;
	c->base = base;
	c->name = xstrndup(name != NULL ? name : "_", name != NULL ?
	    name_len : 1);
	buf_init(&c->src);
	buf_add(&c->src, src, src_len);
	c->column = NB_COLUMN_NONE;
	m->bytes += src_len + name_len + 64;
	return 0;
}

static void
journal_model_remove_at(struct journal_model *m, size_t i)
{
	free(m->cells[i].name);
	buf_release(&m->cells[i].src);
	memmove(m->cells + i, m->cells + i + 1,
	    (m->n - i - 1) * sizeof *m->cells);
	m->n--;
}

static void
journal_model_move(struct journal_model *m, size_t from, size_t to)
{
	struct journal_cell c = m->cells[from];

	memmove(m->cells + from, m->cells + from + 1,
	    (m->n - from - 1) * sizeof *m->cells);
	if (to > m->n - 1)
		to = m->n - 1;
	memmove(m->cells + to + 1, m->cells + to,
	    (m->n - 1 - to) * sizeof *m->cells);
	m->cells[to] = c;
}

static void
journal_model_from_nb(struct journal_model *m, const struct nb *nb)
{
	struct nb_cell_config cfg;
	const struct nb_cell *c;
	const char *src, *name;
	size_t i, len;

	journal_model_release(m);
	for (i = 0; nb != NULL && i < nb_ncells(nb); i++) {
		c = nb_cell_at(nb, i);
		src = nb_cell_source(c, &len);
		name = nb_cell_name(c);
		(void)journal_model_insert(m, nb_cell_id(c), i, (uint32_t)i,
		    name, strlen(name), src, len);
		cfg = nb_cell_config(c);
		m->cells[i].column = cfg.column;
		m->cells[i].flags = (uint8_t)((cfg.disabled ?
		    JOURNAL_F_DISABLED : 0) | (cfg.hide_code ?
		    JOURNAL_F_HIDE_CODE : 0));
	}
}

/*
 * Apply one edit record to the model: what both the writer (after
 * queueing) and the reader (replaying) do. -1 when it does not fit the
 * model (an unknown cell): for the reader, corruption.
 */
static int
journal_model_apply(struct journal_model *m, const struct journal_rec *r)
{
	size_t i = journal_model_find(m, r->id);
	struct journal_cell *c;

	if (r->type == JOURNAL_INSERT || r->type == JOURNAL_CELL) {
		if (journal_model_insert(m, r->id, r->pos, r->type ==
		    JOURNAL_CELL ? r->base : JOURNAL_NOBASE, r->name,
		    r->name_len, r->src, r->src_len) < 0)
			return -1;
		c = &m->cells[journal_model_find(m, r->id)];
		if (r->type == JOURNAL_CELL) {
			c->column = r->column;
			c->flags = r->flags &
			    (JOURNAL_F_DISABLED | JOURNAL_F_HIDE_CODE);
		}
		return 0;
	}
	if (i == SIZE_MAX) {
		err_set("journal: no cell %u", (unsigned)r->id);
		return -1;
	}
	c = &m->cells[i];
	switch (r->type) {
	case JOURNAL_SOURCE:
		m->bytes -= c->src.len < m->bytes ? c->src.len : m->bytes;
		buf_reset(&c->src);
		buf_add(&c->src, r->src, r->src_len);
		m->bytes += r->src_len;
		return 0;
	case JOURNAL_DELETE:
		journal_model_remove_at(m, i);
		return 0;
	case JOURNAL_MOVE:
		journal_model_move(m, i, r->pos);
		return 0;
	case JOURNAL_RENAME:
		free(c->name);
		c->name = xstrndup(r->name, r->name_len);
		return 0;
	case JOURNAL_CONFIG:
		c->column = r->column;
		c->flags = r->flags &
		    (JOURNAL_F_DISABLED | JOURNAL_F_HIDE_CODE);
		return 0;
	default:
		err_set("journal: record type %u", (unsigned)r->type);
		return -1;
	}
}

/* Files and names. */

/* The absolute form of path, also for a file that does not exist yet. */
static int
journal_abspath(struct buf *out, const char *path)
{
	struct buf dir = BUF_INIT;
	const char *slash = strrchr(path, '/');
	char *real;

	buf_reset(out);
	if ((real = realpath(path, NULL)) != NULL) {
		buf_adds(out, real);
		free(real);
		return 0;
	}
	if (slash == NULL)
		buf_adds(&dir, ".");
	else if (slash == path)
		buf_adds(&dir, "/");
	else
		buf_add(&dir, path, (size_t)(slash - path));
	if ((real = realpath(dir.ptr, NULL)) == NULL) {
		err_errno("%s", dir.ptr);
		buf_release(&dir);
		return -1;
	}
	buf_addf(out, "%s/%s", strcmp(real, "/") == 0 ? "" : real,
	    slash != NULL ? slash + 1 : path);
	free(real);
	buf_release(&dir);
	return 0;
}

/*
 * The file beside the notebook (".NB.py<suffix>") when its directory is
 * writable (or beside_only), else in the state directory.
 */
static int
journal_place(struct buf *out, const char *nb_path, const char *suffix,
    bool make_dirs)
{
	struct buf abs = BUF_INIT, dir = BUF_INIT;
	unsigned char h[8];
	const char *base, *xdg, *home;
	struct passwd *pw;
	size_t i;
	int rc = -1;

	buf_reset(out);
	if (journal_abspath(&abs, nb_path) < 0)
		goto done;
	base = strrchr(abs.ptr, '/') + 1;
	buf_add(&dir, abs.ptr, (size_t)(base - abs.ptr));
	if (access(dir.ptr, W_OK) == 0) {
		buf_addf(out, "%s.%s%s", dir.ptr, base, suffix);
		rc = 0;
		goto done;
	}
	buf_reset(&dir);
	xdg = getenv("XDG_STATE_HOME");
	if (xdg != NULL && xdg[0] == '/')
		buf_addf(&dir, "%s/quire/journal", xdg);
	else {
		home = getenv("HOME");
		if (home == NULL || home[0] != '/') {
			pw = getpwuid(getuid());
			home = pw != NULL ? pw->pw_dir : NULL;
		}
		if (home == NULL || home[0] != '/') {
			err_set("%s: directory not writable and no home "
			    "directory for the journal", nb_path);
			goto done;
		}
		buf_addf(&dir, "%s/.local/state/quire/journal", home);
	}
	if (make_dirs && fileio_mkdirs(dir.ptr, 0700) < 0)
		goto done;
	/* The absolute path names the notebook; its hash keeps the file
	 * name short and free of slashes. */
	crypto_generichash(h, sizeof h, (const unsigned char *)abs.ptr,
	    abs.len, NULL, 0);
	buf_addf(out, "%s/%s-", dir.ptr, base);
	for (i = 0; i < sizeof h; i++)
		buf_addf(out, "%02x", h[i]);
	buf_adds(out, suffix);
	rc = 0;
done:
	buf_release(&abs);
	buf_release(&dir);
	return rc;
}

int
journal_path(struct buf *out, const char *nb_path)
{
	return journal_place(out, nb_path, ".quire-journal", false);
}

/* Snapshots. */

static int
journal_hash_fd(unsigned char *out, int fd, const char *path)
{
	crypto_generichash_state st;
	unsigned char chunk[65536];
	ssize_t n;

	crypto_generichash_init(&st, NULL, 0, JOURNAL_HASH_LEN);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_errno("%s", path);
			return -1;
		}
		if (n == 0)
			break;
		crypto_generichash_update(&st, chunk, (size_t)n);
	}
	crypto_generichash_final(&st, out, JOURNAL_HASH_LEN);
	return 0;
}

int
journal_stat_snapshot(struct journal_stat *out, const char *path)
{
	struct stat st;
	int fd;

	memset(out, 0, sizeof *out);
	if (sodium_init() < 0) {
		err_set("libsodium cannot start");
		return -1;
	}
	out->taken_ns = journal_now_ns();
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		if (errno == ENOENT)
			return 0;
		err_errno("%s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		err_errno("%s", path);
		(void)close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set("%s: not a regular file", path);
		(void)close(fd);
		return -1;
	}
	out->exists = true;
	out->dev = (uint64_t)st.st_dev;
	out->ino = (uint64_t)st.st_ino;
	out->size = (uint64_t)st.st_size;
	out->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
	if (journal_hash_fd(out->hash, fd, path) < 0) {
		(void)close(fd);
		return -1;
	}
	(void)close(fd);
	return 0;
}

int
journal_changed_on_disk(const struct journal_stat *s, const char *path)
{
	struct journal_stat now;
	struct stat st;
	int64_t mtime;

	if (stat(path, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return s->exists ? 1 : 0;
		err_errno("%s", path);
		return -1;
	}
	if (!s->exists)
		return 1;
	mtime = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
	/* Same file, same size, same time, and the time is old enough to
	 * have ticked since: unchanged without reading it. */
	if ((uint64_t)st.st_dev == s->dev && (uint64_t)st.st_ino == s->ino &&
	    (uint64_t)st.st_size == s->size && mtime == s->mtime_ns &&
	    s->taken_ns - s->mtime_ns > JOURNAL_RACY_NS)
		return 0;
	if (journal_stat_snapshot(&now, path) < 0)
		return -1;
	if (!now.exists)
		return 1;
	return now.size == s->size &&
	    sodium_memcmp(now.hash, s->hash, JOURNAL_HASH_LEN) == 0 ? 0 : 1;
}

/* The writer. */

/* Queue the header and the model as the journal's first records. */
static void
journal_queue_start(struct journal *j)
{
	struct journal_rec r;
	struct buf st = BUF_INIT;
	struct journal_cell *c;
	size_t i;

	buf_reset(&j->pending);
	buf_add(&j->pending, JOURNAL_MAGIC, JOURNAL_MAGIC_LEN);
	journal_stat_encode(&st, &j->base);
	memset(&r, 0, sizeof r);
	r.type = JOURNAL_HEADER;
	r.time_ns = journal_now_ns();
	r.pos = (uint32_t)j->model.n;	/* the snapshot's cells */
	r.base = JOURNAL_NOBASE;
	r.name = j->nb_path;
	r.name_len = strlen(j->nb_path);
	r.src = st.ptr;
	r.src_len = st.len;
	journal_encode(&j->pending, &r);
	for (i = 0; i < j->model.n; i++) {
		c = &j->model.cells[i];
		r.type = JOURNAL_CELL;
		r.id = c->id;
		r.pos = (uint32_t)i;
		r.base = c->base;
		r.flags = c->flags;
		r.column = c->column;
		r.name = c->name;
		r.name_len = strlen(c->name);
		r.src = c->src.ptr;
		r.src_len = c->src.len;
		journal_encode(&j->pending, &r);
	}
	buf_release(&st);
	j->npending_ops = 0;
	j->last_is_source = false;
}

struct journal *
journal_open(const char *nb_path, const struct nb *nb)
{
	struct journal *j;
	struct buf path = BUF_INIT, abs = BUF_INIT;

	if (journal_place(&path, nb_path, ".quire-journal", true) < 0 ||
	    journal_abspath(&abs, nb_path) < 0) {
		buf_release(&path);
		buf_release(&abs);
		return NULL;
	}
	j = xcalloc(1, sizeof *j);
	j->fd = -1;
	j->nb_path = buf_detach(&abs, NULL);
	j->path = buf_detach(&path, NULL);
	buf_init(&j->pending);
	if (journal_stat_snapshot(&j->base, nb_path) < 0) {
		journal_free(j);
		return NULL;
	}
	journal_model_from_nb(&j->model, nb);
	journal_queue_start(j);
	return j;
}

void
journal_free(struct journal *j)
{
	if (j == NULL)
		return;
	if (j->fd >= 0)
		(void)close(j->fd);
	journal_model_release(&j->model);
	buf_release(&j->pending);
	free(j->nb_path);
	free(j->path);
	free(j);
}

const char *
journal_file(const struct journal *j)
{
	return j->path;
}

/* Apply an edit to the model and queue it, with the cell as it is now. */
static int
journal_queue(struct journal *j, struct journal_rec *r)
{
	size_t i;
	struct journal_cell *c;

	if (journal_model_apply(&j->model, r) < 0)
		return -1;
	r->time_ns = journal_now_ns();
	if ((i = journal_model_find(&j->model, r->id)) != SIZE_MAX) {
		c = &j->model.cells[i];
		r->pos = (uint32_t)i;
		r->base = c->base;
		r->name = c->name;
		r->name_len = strlen(c->name);
		if (r->type == JOURNAL_CONFIG || r->type == JOURNAL_INSERT) {
			r->flags = c->flags;
			r->column = c->column;
		}
	}
	/* Typing rewrites one cell many times a second: keep the last. */
	if (r->type == JOURNAL_SOURCE && j->last_is_source &&
	    j->last_source_id == r->id && j->npending_ops > 0) {
		buf_truncate(&j->pending, j->last_off);
		j->npending_ops--;
	}
	j->last_off = j->pending.len;
	j->last_is_source = r->type == JOURNAL_SOURCE;
	j->last_source_id = r->id;
	journal_encode(&j->pending, r);
	j->npending_ops++;
	return 0;
}

static void
journal_rec_init(struct journal_rec *r, uint8_t type, uint32_t id)
{
	memset(r, 0, sizeof *r);
	r->type = type;
	r->id = id;
	r->base = JOURNAL_NOBASE;
	r->column = NB_COLUMN_NONE;
	r->name = "";
	r->src = "";
}

int
journal_cell_source(struct journal *j, uint32_t id, const char *src,
    size_t len)
{
	struct journal_rec r;

	journal_rec_init(&r, JOURNAL_SOURCE, id);
	r.src = src;
	r.src_len = len;
	return journal_queue(j, &r);
}

int
journal_cell_insert(struct journal *j, uint32_t id, size_t pos,
    const char *name, const char *src, size_t len)
{
	struct journal_rec r;

	journal_rec_init(&r, JOURNAL_INSERT, id);
	r.pos = pos > UINT32_MAX ? UINT32_MAX : (uint32_t)pos;
	if (name == NULL)
		name = "_";
	r.name = name;
	r.name_len = strlen(name);
	r.src = src;
	r.src_len = len;
	return journal_queue(j, &r);
}

int
journal_cell_delete(struct journal *j, uint32_t id)
{
	struct journal_rec r;
	size_t i = journal_model_find(&j->model, id);

	if (i == SIZE_MAX) {
		err_set("journal: no cell %u", (unsigned)id);
		return -1;
	}
	/* The record names the cell as it was: encode, then apply. */
	journal_rec_init(&r, JOURNAL_DELETE, id);
	r.pos = (uint32_t)i;
	r.name = j->model.cells[i].name;
	r.name_len = strlen(r.name);
	r.time_ns = journal_now_ns();
	j->last_off = j->pending.len;
	j->last_is_source = false;
	journal_encode(&j->pending, &r);
	j->npending_ops++;
	journal_model_remove_at(&j->model, i);
	return 0;
}

int
journal_cell_move(struct journal *j, uint32_t id, size_t pos)
{
	struct journal_rec r;

	journal_rec_init(&r, JOURNAL_MOVE, id);
	r.pos = pos > UINT32_MAX ? UINT32_MAX : (uint32_t)pos;
	return journal_queue(j, &r);
}

int
journal_cell_rename(struct journal *j, uint32_t id, const char *name)
{
	struct journal_rec r;

	journal_rec_init(&r, JOURNAL_RENAME, id);
	if (name == NULL || name[0] == '\0')
		name = "_";
	r.name = name;
	r.name_len = strlen(name);
	return journal_queue(j, &r);
}

int
journal_cell_set_config(struct journal *j, uint32_t id,
    const struct nb_cell_config *cfg)
{
	struct journal_rec r;

	journal_rec_init(&r, JOURNAL_CONFIG, id);
	r.column = cfg->column;
	r.flags = (uint8_t)((cfg->disabled ? JOURNAL_F_DISABLED : 0) |
	    (cfg->hide_code ? JOURNAL_F_HIDE_CODE : 0));
	return journal_queue(j, &r);
}

bool
journal_is_pending(const struct journal *j)
{
	return j->npending_ops > 0;
}

/*
 * Rewrite the journal as the header and one snapshot of the model:
 * written beside it, synced, and renamed over it, so a crash leaves
 * either journal whole.
 */
static int
journal_compact(struct journal *j)
{
	struct buf saved = BUF_INIT;
	int fd, rc = -1;

	saved = j->pending;
	buf_init(&j->pending);
	journal_queue_start(j);
	if (fileio_replace_open(&fd, j->path, j->pending.ptr, j->pending.len,
	    0600, FILEIO_DURABLE) < 0)
		goto done;
	(void)close(j->fd);
	j->fd = fd;
	j->file_len = j->pending.len;
	rc = 0;
done:
	buf_release(&j->pending);
	j->pending = saved;
	return rc;
}

int
journal_flush(struct journal *j)
{
	bool created = false;

	if (j->npending_ops == 0)
		return 0;
	if (j->fd < 0) {
		/* O_TRUNC: an older journal was either recovered or
		 * declined before we were opened. */
		j->fd = open(j->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0600);
		if (j->fd < 0) {
			err_errno("%s", j->path);
			return -1;
		}
		j->file_len = 0;
		created = true;
	}
	if (lseek(j->fd, (off_t)j->file_len, SEEK_SET) < 0) {
		err_errno("%s", j->path);
		return -1;
	}
	if (fileio_write_all(j->fd, j->pending.ptr, j->pending.len) < 0) {
		err_prefix("%s", j->path);
		goto fail;
	}
	if (fdatasync(j->fd) < 0) {
		err_errno("%s: fdatasync", j->path);
		goto fail;
	}
	if (created)
		(void)fileio_sync_dir(j->path);
	j->file_len += j->pending.len;
	buf_reset(&j->pending);
	j->npending_ops = 0;
	j->last_is_source = false;
	if (j->file_len > JOURNAL_COMPACT_MIN &&
	    j->file_len > 4 * (uint64_t)j->model.bytes)
		(void)journal_compact(j);
	return 0;
fail:
	/* Cut what was half written, so later records stay reachable;
	 * the records stay queued for the next try. */
	(void)ftruncate(j->fd, (off_t)j->file_len);
	return -1;
}

int
journal_discard(struct journal *j, const struct nb *nb)
{
	int rc = 0;

	if (j->fd >= 0) {
		(void)close(j->fd);
		j->fd = -1;
	}
	if (unlink(j->path) < 0 && errno != ENOENT) {
		err_errno("%s", j->path);
		rc = -1;
	}
	j->file_len = 0;
	if (journal_stat_snapshot(&j->base, j->nb_path) < 0)
		rc = -1;
	journal_model_from_nb(&j->model, nb);
	journal_queue_start(j);
	return rc;
}

/* The reader. */

struct journal_parsed {
	struct journal_stat base;
	bool has_base;		/* header and whole snapshot read */
	size_t nsnap;		/* cells the header announced */
	struct journal_model model;
	size_t nops;
	int64_t time_ns;
	bool truncated;
};

static void
journal_parsed_release(struct journal_parsed *ps)
{
	journal_model_release(&ps->model);
}

/* Decode and replay records onto the model until the first bad one. */
static int
journal_parse(struct journal_parsed *ps, const char *p, size_t len)
{
	struct journal_rec r;
	size_t off = JOURNAL_MAGIC_LEN, nrec = 0;
	bool in_ops = false, header = false, whole = false;

	memset(ps, 0, sizeof *ps);
	if (len < JOURNAL_MAGIC_LEN ||
	    memcmp(p, JOURNAL_MAGIC, JOURNAL_MAGIC_LEN) != 0) {
		err_set("not a quire journal");
		return -1;
	}
	/* Any record that is short, fails its checksum or does not fit
	 * the model ends the replay: what follows it cannot be trusted. */
	while (off < len) {
		if (journal_decode(&r, p, len, &off) < 0)
			goto stop;
		if (nrec++ == 0) {
			if (r.type != JOURNAL_HEADER ||
			    journal_stat_decode(&ps->base, r.src,
			    r.src_len) < 0)
				goto stop;
			ps->nsnap = r.pos;
			ps->time_ns = r.time_ns;
			header = true;
			whole = ps->nsnap == 0;
			continue;
		}
		if (r.type == JOURNAL_HEADER)
			goto stop;
		if (r.type == JOURNAL_CELL) {
			if (whole || r.pos != ps->model.n)
				goto stop;
		} else {
			/* Edits apply to the whole snapshot only. */
			if (!whole)
				goto stop;
			in_ops = true;
		}
		if (journal_model_apply(&ps->model, &r) < 0)
			goto stop;
		if (!in_ops && ps->model.n == ps->nsnap)
			whole = true;
		if (r.type != JOURNAL_CELL)
			ps->nops++;
		if (r.time_ns > ps->time_ns)
			ps->time_ns = r.time_ns;
	}
	goto done;
stop:
	ps->truncated = true;
done:
	/* A snapshot cut short says nothing about the notebook. */
	ps->has_base = header && whole;
	err_clear();
	return 0;
}

static bool
journal_cfg_eq(struct nb_cell_config a, struct nb_cell_config b)
{
	return a.column == b.column && a.disabled == b.disabled &&
	    a.hide_code == b.hide_code;
}

static struct nb_cell_config
journal_cell_cfg(const struct journal_cell *c)
{
	struct nb_cell_config cfg;

	cfg.column = c->column;
	cfg.disabled = (c->flags & JOURNAL_F_DISABLED) != 0;
	cfg.hide_code = (c->flags & JOURNAL_F_HIDE_CODE) != 0;
	return cfg;
}

/* Cells that kept their relative order: a longest increasing run of
 * their old positions (patience sorting); the rest moved. */
static size_t
journal_count_moved(const size_t *old, size_t n)
{
	size_t *tails = xcalloc(n + 1, sizeof *tails);
	size_t len = 0, i, lo, hi, mid;

	for (i = 0; i < n; i++) {
		lo = 0;
		hi = len;
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (tails[mid] < old[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		tails[lo] = old[i];
		if (lo == len)
			len++;
	}
	free(tails);
	return n - len;
}

/* Make nb's cells those of the model; fill in what changed. */
static void
journal_apply_nb(struct journal_recovery *rec, const struct journal_model *m,
    bool by_base, struct nb *nb)
{
	size_t nold = nb_ncells(nb), i, k, len, nkept = 0;
	uint32_t *old = xcalloc(nold + 1, sizeof *old);
	bool *used = xcalloc(nold + 1, sizeof *used);
	uint32_t *target = xcalloc(m->n + 1, sizeof *target);
	bool *paired = xcalloc(m->n + 1, sizeof *paired);
	size_t *oldpos = xcalloc(m->n + 1, sizeof *oldpos);
	const struct journal_cell *jc;
	struct nb_cell *c;
	const char *src;
	size_t match;

	for (i = 0; i < nold; i++)
		old[i] = nb_cell_id(nb_cell_at(nb, i));
	/* Pair each model cell with a cell of the loaded notebook. */
	for (i = 0; i < m->n; i++) {
		jc = &m->cells[i];
		match = SIZE_MAX;
		if (by_base && jc->base != JOURNAL_NOBASE && jc->base < nold &&
		    !used[jc->base])
			match = jc->base;
		for (k = 0; !by_base && match == SIZE_MAX && k < nold; k++) {
			src = nb_cell_source(nb_cell_at(nb, k), &len);
			if (!used[k] && len == jc->src.len &&
			    memcmp(src, jc->src.ptr, len) == 0)
				match = k;
		}
		if (match != SIZE_MAX) {
			used[match] = true;
			paired[i] = true;
			target[i] = old[match];
			oldpos[nkept++] = match;
		}
	}
	rec->nmoved = journal_count_moved(oldpos, nkept);
	for (i = 0; i < nold; i++)
		if (!used[i]) {
			(void)nb_cell_remove(nb, old[i]);
			rec->ndeleted++;
		}
	for (i = 0; i < m->n; i++) {
		jc = &m->cells[i];
		if (!paired[i]) {
			c = nb_cell_insert(nb, i, jc->src.ptr, jc->src.len);
			nb_cell_set_name(c, jc->name);
			nb_cell_set_config(c, journal_cell_cfg(jc));
			target[i] = nb_cell_id(c);
			rec->ninserted++;
			rec->cells[rec->ncells++] = target[i];
			continue;
		}
		c = nb_cell_find(nb, target[i]);
		(void)nb_cell_move(nb, target[i], i);
		src = nb_cell_source(c, &len);
		if (len != jc->src.len || memcmp(src, jc->src.ptr, len) != 0) {
			nb_cell_set_source(c, jc->src.ptr, jc->src.len);
			rec->nchanged++;
			rec->cells[rec->ncells++] = target[i];
		}
		if (strcmp(nb_cell_name(c), jc->name) != 0 ||
		    !journal_cfg_eq(nb_cell_config(c), journal_cell_cfg(jc))) {
			nb_cell_set_name(c, jc->name);
			nb_cell_set_config(c, journal_cell_cfg(jc));
			rec->nrenamed++;
		}
	}
	free(old);
	free(used);
	free(target);
	free(paired);
	free(oldpos);
}

static int
journal_apply_parsed(struct journal_recovery **out,
    const struct journal_parsed *ps, const struct journal_stat *base,
    struct nb *nb)
{
	struct journal_recovery *rec;
	bool by_base;

	/*
	 * No edit records is no reason to stop: a compacted journal is a
	 * snapshot alone, and so is one restarted from recovered work.
	 * Only a difference from the notebook makes something to recover.
	 */
	*out = NULL;
	if (!ps->has_base)
		return 0;
	/* Positions mean something only in the very file the journal
	 * started from; otherwise cells are recognised by content. */
	by_base = base != NULL && ps->has_base &&
	    base->exists == ps->base.exists && base->size == ps->base.size &&
	    memcmp(base->hash, ps->base.hash, JOURNAL_HASH_LEN) == 0;
	rec = xcalloc(1, sizeof *rec);
	rec->cells = xcalloc(ps->model.n + 1, sizeof *rec->cells);
	rec->time_ns = ps->time_ns;
	rec->nrecords = ps->nops;
	rec->truncated = ps->truncated;
	rec->base_changed = !by_base;
	journal_apply_nb(rec, &ps->model, by_base, nb);
	if (rec->nchanged + rec->ninserted + rec->ndeleted + rec->nmoved +
	    rec->nrenamed == 0) {
		/* The edits came back to what the file holds. */
		journal_recovery_free(rec);
		return 0;
	}
	nb_set_dirty(nb, true);
	*out = rec;
	return 0;
}

int
journal_replay(struct journal_recovery **out, const char *p, size_t len,
    const struct journal_stat *base, struct nb *nb)
{
	struct journal_parsed ps;
	int rc;

	*out = NULL;
	if (len == 0)
		return 0;
	if (journal_parse(&ps, p, len) < 0)
		return -1;
	rc = journal_apply_parsed(out, &ps, base, nb);
	journal_parsed_release(&ps);
	return rc;
}

/* Read a journal file; 1 when there is none. */
static int
journal_read_file(struct buf *out, const char *path, int64_t *mtime_ns)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		err_errno("%s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		err_errno("%s", path);
		(void)close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set("%s: not a regular file", path);
		(void)close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > JOURNAL_FILE_MAX) {
		err_set("%s: larger than %u bytes: not a journal", path,
		    JOURNAL_FILE_MAX);
		(void)close(fd);
		return -1;
	}
	*mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_errno("%s", path);
			(void)close(fd);
			return -1;
		}
		if (n == 0 || out->len + (size_t)n > JOURNAL_FILE_MAX)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	(void)close(fd);
	return 0;
}

int
journal_recover(struct journal_recovery **out, const char *nb_path,
    struct nb *nb)
{
	struct buf beside = BUF_INIT, state = BUF_INIT, text = BUF_INIT;
	struct buf abs = BUF_INIT, other = BUF_INIT;
	struct journal_stat cur;
	struct journal_parsed ps;
	const char *file = NULL;
	int64_t mt = 0, mt2 = 0;
	int rc = -1, r1 = 1, r2 = 1;

	*out = NULL;
	memset(&ps, 0, sizeof ps);
	if (journal_abspath(&abs, nb_path) < 0)
		goto done;
	/* The journal may be in either place: the directory may have
	 * become writable or read-only since. */
	buf_addf(&beside, "%.*s.%s.quire-journal",
	    (int)(strrchr(abs.ptr, '/') + 1 - abs.ptr), abs.ptr,
	    strrchr(abs.ptr, '/') + 1);
	if ((r1 = journal_read_file(&text, beside.ptr, &mt)) < 0)
		goto done;
	if (r1 == 0)
		file = beside.ptr;
	if (journal_place(&state, nb_path, ".quire-journal", false) == 0 &&
	    strcmp(state.ptr, beside.ptr) != 0) {
		if ((r2 = journal_read_file(&other, state.ptr, &mt2)) < 0)
			goto done;
		if (r2 == 0 && (file == NULL || mt2 > mt)) {
			buf_release(&text);
			text = other;
			buf_init(&other);
			file = state.ptr;
		}
	}
	if (file == NULL || text.len == 0) {
		rc = 0;
		goto done;
	}
	if (journal_stat_snapshot(&cur, nb_path) < 0)
		goto done;
	if (journal_parse(&ps, text.ptr, text.len) < 0) {
		err_prefix("%s", file);
		goto done;
	}
	/* Saved after the last edit: the journal has nothing newer. */
	if (cur.exists && cur.mtime_ns > ps.time_ns) {
		rc = 0;
		goto done;
	}
	rc = journal_apply_parsed(out, &ps, &cur, nb);
	if (*out != NULL)
		(*out)->file = xstrdup(file);
done:
	journal_parsed_release(&ps);
	buf_release(&beside);
	buf_release(&state);
	buf_release(&text);
	buf_release(&abs);
	buf_release(&other);
	return rc;
}

void
journal_recovery_free(struct journal_recovery *rec)
{
	if (rec == NULL)
		return;
	free(rec->file);
	free(rec->cells);
	free(rec);
}

/* The lock file. */

static void
journal_lock_holder_init(struct journal_lock_holder *h)
{
	h->pid = 0;
	h->user = xstrdup("");
	h->host = xstrdup("");
	h->started = 0;
}

void
journal_lock_holder_release(struct journal_lock_holder *h)
{
	if (h == NULL)
		return;
	free(h->user);
	free(h->host);
	h->user = h->host = NULL;
}

static void
journal_hostname(struct buf *out)
{
	char host[HOST_NAME_MAX + 1];

	if (gethostname(host, sizeof host) < 0)
		host[0] = '\0';
	host[sizeof host - 1] = '\0';
	buf_adds(out, host);
}

/* Parse "key value" lines; 0 when pid, host and start were found. */
static int
journal_lock_parse(struct journal_lock_holder *h, const char *p, size_t len)
{
	const char *nl, *sp;
	size_t off = 0, n;
	bool got_pid = false, got_host = false;
	char *end;
	struct buf v = BUF_INIT;

	if (len < 11 || memcmp(p, "quire-lock\n", 11) != 0)
		return -1;
	off = 11;
	while (off < len) {
		nl = memchr(p + off, '\n', len - off);
		if (nl == NULL)
			break;	/* a last line without newline is unfinished */
		n = (size_t)(nl - (p + off));
		sp = memchr(p + off, ' ', n);
		if (sp != NULL) {
			buf_reset(&v);
			buf_add(&v, sp + 1, (size_t)(nl - sp - 1));
			if ((size_t)(sp - (p + off)) == 3 &&
			    memcmp(p + off, "pid", 3) == 0) {
				h->pid = strtol(v.ptr, &end, 10);
				got_pid = *end == '\0' && h->pid > 0;
			} else if ((size_t)(sp - (p + off)) == 4 &&
			    memcmp(p + off, "user", 4) == 0) {
				free(h->user);
				h->user = xstrdup(v.ptr);
			} else if ((size_t)(sp - (p + off)) == 4 &&
			    memcmp(p + off, "host", 4) == 0) {
				free(h->host);
				h->host = xstrdup(v.ptr);
				got_host = true;
			} else if ((size_t)(sp - (p + off)) == 7 &&
			    memcmp(p + off, "started", 7) == 0)
				h->started = strtoll(v.ptr, NULL, 10);
		}
		off += n + 1;
	}
	buf_release(&v);
	return got_pid && got_host ? 0 : -1;
}

/*
 * Read who holds the lock at path. 1: stale (dead pid here, or an
 * unreadable file old enough), 0: held, -1: error; ENOENT gives 2
 * (gone meanwhile: try again).
 */
static int
journal_lock_inspect(struct journal_lock_holder *h, const char *path)
{
	struct buf text = BUF_INIT, host = BUF_INIT;
	char chunk[1024];
	struct stat st;
	ssize_t n;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		if (errno == ENOENT)
			return 2;
		err_errno("%s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		err_errno("%s", path);
		(void)close(fd);
		return -1;
	}
	while (text.len < 8192 && (n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&text, chunk, (size_t)n);
	(void)close(fd);
	if (journal_lock_parse(h, text.ptr, text.len) < 0) {
		/* Perhaps being written this instant: wait a little. */
		rc = time(NULL) - st.st_mtime > JOURNAL_LOCK_GRACE_S ? 1 : 0;
		goto done;
	}
	journal_hostname(&host);
	if (strcmp(h->host, host.ptr) != 0) {
		rc = 0;		/* another machine's process: assume alive */
		goto done;
	}
	rc = kill((pid_t)h->pid, 0) < 0 && errno == ESRCH ? 1 : 0;
done:
	buf_release(&text);
	buf_release(&host);
	return rc;
}

int
journal_lock(struct journal_lock **out, struct journal_lock_holder *holder,
    const char *nb_path, bool force)
{
	struct journal_lock_holder h;
	struct buf path = BUF_INIT, body = BUF_INIT;
	struct passwd *pw;
	struct journal_lock *l;
	int fd, tries, st, rc = -1;
	int64_t started = (int64_t)time(NULL);

	*out = NULL;
	if (holder != NULL)
		memset(holder, 0, sizeof *holder);
	journal_lock_holder_init(&h);
	if (journal_place(&path, nb_path, ".quire-lock", true) < 0)
		goto done;
	pw = getpwuid(geteuid());
	buf_addf(&body, "quire-lock\npid %ld\nuser ", (long)getpid());
	if (pw != NULL)
		buf_adds(&body, pw->pw_name);
	else
		buf_addf(&body, "%ld", (long)geteuid());
	buf_adds(&body, "\nhost ");
	journal_hostname(&body);
	buf_addf(&body, "\nstarted %lld\n", (long long)started);
	for (tries = 0; tries < 4; tries++) {
		fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0644);
		if (fd >= 0) {
			if (fileio_write_all(fd, body.ptr, body.len) < 0) {
				err_prefix("%s", path.ptr);
				(void)close(fd);
				(void)unlink(path.ptr);
				goto done;
			}
			(void)close(fd);
			l = xcalloc(1, sizeof *l);
			l->path = buf_detach(&path, NULL);
			l->pid = (long)getpid();
			l->started = started;
			*out = l;
			rc = 0;
			goto done;
		}
		if (errno != EEXIST) {
			err_errno("%s", path.ptr);
			goto done;
		}
		journal_lock_holder_release(&h);
		journal_lock_holder_init(&h);
		if ((st = journal_lock_inspect(&h, path.ptr)) < 0)
			goto done;
		if (st == 0 && !force) {
			if (holder != NULL) {
				*holder = h;
				journal_lock_holder_init(&h);
			}
			rc = JOURNAL_LOCKED;
			goto done;
		}
		/* Stale, forced, or gone: remove it and try again. */
		if (st != 2 && unlink(path.ptr) < 0 && errno != ENOENT) {
			err_errno("%s", path.ptr);
			goto done;
		}
	}
	err_set("%s: lock keeps changing hands", path.ptr);
done:
	journal_lock_holder_release(&h);
	buf_release(&path);
	buf_release(&body);
	return rc;
}

void
journal_unlock(struct journal_lock *l)
{
	struct journal_lock_holder h;

	if (l == NULL)
		return;
	journal_lock_holder_init(&h);
	/* Only our own lock: after a forced takeover it is someone
	 * else's. */
	if (journal_lock_inspect(&h, l->path) == 0 && h.pid == l->pid &&
	    h.started == l->started)
		(void)unlink(l->path);
	journal_lock_holder_release(&h);
	free(l->path);
	free(l);
}

const char *
journal_lock_file(const struct journal_lock *l)
{
	return l->path;
}
