/*
 * nbcache.c: the notebook cache. Owns the entry format, its reading and
 * checking, and the files in $XDG_CACHE_HOME/quire; parsing notebooks is
 * fmt's and analysing cells ana's, whose results an entry only stores.
 *
 * The one idea: an entry replays a load, it never replaces one. Its key
 * covers everything a load depends on (the bytes, the path they were
 * opened by, quire's and Python's versions, the sizes of the structures
 * stored), so an entry either reproduces exactly what fmt_parse and
 * ana_cell would compute, or is not used. It is read like any outside
 * input: a bad length, count, string, order or checksum is a miss.
 *
 * An entry, integers little-endian:
 *
 *	0	8	"QUIRENBC"
 *	8	4	format version (NBCACHE_FORMAT)
 *	12	32	key (nbcache_key)
 *	44	32	environment: the key's part that is not the file
 *	76	8	body length n
 *	84	n	body: the notebook, then each cell's analysis
 *	84+n	32	BLAKE2b-256 of bytes 0 .. 84+n
 *
 * An entry of the same environment but other contents (the notebook was
 * edited) still lends the analyses of the cells that did not change.
 *
 * In the body a string is a 4-byte length and its bytes (0xffffffff: no
 * string), a name set a 4-byte count and its strings in strict byte
 * order, as ana keeps them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "config.h"
#include "nbcache.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "fileio.h"
#include "fmt.h"
#include "nb.h"
#include "xmalloc.h"

#define NBCACHE_MAGIC "QUIRENBC"
#define NBCACHE_MAGIC_LEN 8
/* Bump when the body changes shape. */
#define NBCACHE_FORMAT 2
#define NBCACHE_HEADER_LEN (NBCACHE_MAGIC_LEN + 4 + 2 * NBCACHE_KEY_LEN + 8)
#define NBCACHE_SUM_LEN 32
#define NBCACHE_NONE UINT32_MAX
/* Same bound as fmt's reader: a larger notebook is not read at all. */
#define NBCACHE_NOTEBOOK_MAX ((size_t)256 * 1024 * 1024)
/* Hex digits of the file name: 128 bits of the notebook's path. */
#define NBCACHE_NAME_BYTES 16
/* Entries kept: the least recently used go when a write passes this. */
#define NBCACHE_MAX_ENTRIES 256
/* A temporary file this old was left by a writer that died. */
#define NBCACHE_STALE_TMP_S 3600

/* Encoding */

static void
nbcache_put_u8(struct buf *b, unsigned v)
{
	buf_addc(b, (char)(v & 0xff));
}

static void
nbcache_put_u32(struct buf *b, uint32_t v)
{
	unsigned char p[4];

	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
	p[2] = v >> 16 & 0xff;
	p[3] = v >> 24 & 0xff;
	buf_add(b, p, sizeof p);
}

static void
nbcache_put_u64(struct buf *b, uint64_t v)
{
	nbcache_put_u32(b, (uint32_t)(v & 0xffffffff));
	nbcache_put_u32(b, (uint32_t)(v >> 32));
}

static void
nbcache_put_bytes(struct buf *b, const char *p, size_t len)
{
	assert(len < NBCACHE_NONE);
	nbcache_put_u32(b, (uint32_t)len);
	buf_add(b, p, len);
}

/* A C string or none. */
static void
nbcache_put_str(struct buf *b, const char *s)
{
	if (s == NULL)
		nbcache_put_u32(b, NBCACHE_NONE);
	else
		nbcache_put_bytes(b, s, strlen(s));
}

static void
nbcache_put_names(struct buf *b, const struct ana_names *ns)
{
	size_t i;

	nbcache_put_u32(b, (uint32_t)ns->n);
	for (i = 0; i < ns->n; i++)
		nbcache_put_str(b, ns->v[i]);
}

static void
nbcache_put_ana(struct buf *b, const struct ana_cell *c)
{
	size_t i;

	nbcache_put_u8(b, c->parses);
	nbcache_put_str(b, c->error);
	nbcache_put_u64(b, c->error_line);
	nbcache_put_u64(b, c->error_col);
	nbcache_put_u8(b, c->import_star);
	nbcache_put_u64(b, c->import_star_line);
	nbcache_put_names(b, &c->defs);
	nbcache_put_names(b, &c->refs);
	nbcache_put_names(b, &c->deleted_refs);
	nbcache_put_names(b, &c->private_defs);
	nbcache_put_names(b, &c->sql_defs);
	nbcache_put_names(b, &c->sql_refs);
	nbcache_put_u32(b, (uint32_t)c->nannotations);
	for (i = 0; i < c->nannotations; i++) {
		nbcache_put_str(b, c->annotations[i].name);
		nbcache_put_str(b, c->annotations[i].text);
		nbcache_put_names(b, &c->annotations[i].refs);
	}
	nbcache_put_u8(b, c->is_async);
	nbcache_put_u64(b, c->nstatements);
	nbcache_put_u8(b, (unsigned)c->single);
	nbcache_put_str(b, c->single_name);
	nbcache_put_u64(b, c->nbound);
	nbcache_put_names(b, &c->deftime_refs);
	nbcache_put_u8(b, c->ends_with_import_or_def);
	nbcache_put_u8(b, c->has_last_expr);
	nbcache_put_u8(b, c->is_markdown);
	nbcache_put_str(b, c->markdown);
	nbcache_put_names(b, &c->sql_qualified_defs);
	nbcache_put_names(b, &c->sql_first_defs);
}

/*
 * The sizes of the structures an entry stores. A field added to one of
 * them is a field this file does not store yet: the cache then stays
 * off (never read, never written) until it learns the field and this
 * list is updated; check_nbcache fails meanwhile.
 */
#define NBCACHE_ANA_CELL_SIZE 264
#define NBCACHE_APP_OPTIONS_SIZE 64
#define NBCACHE_CELL_CONFIG_SIZE 8

static bool
nbcache_layout_known(void)
{
	if (sizeof(struct ana_cell) != NBCACHE_ANA_CELL_SIZE ||
	    sizeof(struct nb_app_options) != NBCACHE_APP_OPTIONS_SIZE ||
	    sizeof(struct nb_cell_config) != NBCACHE_CELL_CONFIG_SIZE) {
		err_set("nbcache: the notebook structures changed; the cache "
		    "is off until nbcache.c stores the new fields");
		return false;
	}
	return true;
}

int
nbcache_encode(struct buf *out, const unsigned char key[NBCACHE_KEY_LEN],
    const struct nb *cnb, struct ana *ana)
{
	/* nb_app_options() takes no const notebook. */
	struct nb *nb = (struct nb *)cnb;
	const struct nb_app_options *app = nb_app_options(nb);
	struct buf body = BUF_INIT;
	size_t i, n = nb_ncells(nb);
	int rc = -1;

	if (!nbcache_layout_known())
		return -1;
	nbcache_put_u32(&body, (uint32_t)n);
	for (i = 0; i < n; i++) {
		const struct nb_cell *c = nb_cell_at(nb, i);
		struct nb_cell_config cfg = nb_cell_config(c);
		const struct ana_cell *a;
		const char *src;
		size_t len;

		src = nb_cell_source(c, &len);
		if (len >= NBCACHE_NONE) {
			err_set("nbcache: a cell is too large to store");
			goto done;
		}
		/* A load that numbered cells otherwise (a reader that
		 * dropped one) cannot be replayed with the same ids. */
		if (nb_cell_id(c) != i + 1) {
			err_set("nbcache: cell ids not in display order");
			goto done;
		}
		if ((a = ana_cell(ana, src, len)) == NULL)
			goto done;
		nbcache_put_u32(&body, nb_cell_id(c));
		nbcache_put_bytes(&body, src, len);
		nbcache_put_str(&body, nb_cell_is_named(c) ? nb_cell_name(c) :
		    NULL);
		nbcache_put_u8(&body, nb_cell_name_is_derived(c));
		nbcache_put_u32(&body, (uint32_t)(int32_t)cfg.column);
		nbcache_put_u8(&body, cfg.disabled);
		nbcache_put_u8(&body, cfg.hide_code);
		nbcache_put_u8(&body, cfg.expand_output);
		nbcache_put_u8(&body, (unsigned)nb_cell_kind(c));
		nbcache_put_u64(&body, nb_cell_line(c));
		nbcache_put_ana(&body, a);
	}
	if (nb_header(nb) != NULL)
		nbcache_put_bytes(&body, nb_header(nb), strlen(nb_header(nb)));
	else
		nbcache_put_u32(&body, NBCACHE_NONE);
	nbcache_put_str(&body, nb_version(nb));
	nbcache_put_str(&body, app->width);
	nbcache_put_str(&body, app->app_title);
	nbcache_put_str(&body, app->layout_file);
	nbcache_put_str(&body, app->css_file);
	nbcache_put_str(&body, app->html_head_file);
	nbcache_put_u32(&body, (uint32_t)app->nauto_download);
	for (i = 0; i < app->nauto_download; i++)
		nbcache_put_str(&body, app->auto_download[i]);
	nbcache_put_str(&body, app->sql_output);
	nbcache_put_u8(&body, (unsigned)nb_load_status(nb));
	nbcache_put_u32(&body, (uint32_t)nb_ndiags(nb));
	for (i = 0; i < nb_ndiags(nb); i++) {
		const struct nb_diag *d = nb_diag_at(nb, i);

		nbcache_put_u8(&body, (unsigned)d->severity);
		nbcache_put_u64(&body, d->line);
		nbcache_put_u64(&body, d->col);
		nbcache_put_str(&body, d->message);
	}
	nbcache_put_u8(&body, nb_is_dirty(nb));
	nbcache_wrap(out, key, body.ptr, body.len);
	rc = 0;
done:
	buf_release(&body);
	return rc;
}

/* What a load depends on besides the file: the environment's part of a
 * key, NUL-separated. */
static void
nbcache_env_text(struct buf *out)
{
	buf_addf(out, "quire nbcache %d%c%s%c%s%c%zu %zu %zu%c",
	    NBCACHE_FORMAT, 0, PACKAGE_VERSION, 0, Py_GetVersion(), 0,
	    sizeof(struct ana_cell), sizeof(struct nb_app_options),
	    sizeof(struct nb_cell_config), 0);
}

static void
nbcache_env(unsigned char env[NBCACHE_KEY_LEN])
{
	struct buf t = BUF_INIT;

	nbcache_env_text(&t);
	crypto_generichash(env, NBCACHE_KEY_LEN,
	    (const unsigned char *)t.ptr, t.len, NULL, 0);
	buf_release(&t);
}

void
nbcache_wrap(struct buf *out, const unsigned char key[NBCACHE_KEY_LEN],
    const void *body, size_t len)
{
	unsigned char sum[NBCACHE_SUM_LEN], env[NBCACHE_KEY_LEN];
	size_t start = out->len;

	nbcache_env(env);
	buf_add(out, NBCACHE_MAGIC, NBCACHE_MAGIC_LEN);
	nbcache_put_u32(out, NBCACHE_FORMAT);
	buf_add(out, key, NBCACHE_KEY_LEN);
	buf_add(out, env, NBCACHE_KEY_LEN);
	nbcache_put_u64(out, len);
	buf_add(out, body, len);
	crypto_generichash(sum, sizeof sum,
	    (const unsigned char *)out->ptr + start, out->len - start, NULL, 0);
	buf_add(out, sum, sizeof sum);
}

/* Decoding: a cursor that fails once and stays failed */

struct nbcache_rd {
	const unsigned char *p;
	size_t len, off;
	const char *why;	/* first problem, NULL while sound */
};

static void
nbcache_bad(struct nbcache_rd *r, const char *why)
{
	if (r->why == NULL)
		r->why = why;
	r->off = r->len;
}

static bool
nbcache_need(struct nbcache_rd *r, size_t n)
{
	if (r->why != NULL)
		return false;
	if (r->len - r->off < n) {
		nbcache_bad(r, "truncated");
		return false;
	}
	return true;
}

static unsigned
nbcache_u8(struct nbcache_rd *r)
{
	if (!nbcache_need(r, 1))
		return 0;
	return r->p[r->off++];
}

static bool
nbcache_bool(struct nbcache_rd *r)
{
	unsigned v = nbcache_u8(r);

	if (v > 1)
		nbcache_bad(r, "bad flag");
	return v == 1;
}

static uint32_t
nbcache_u32(struct nbcache_rd *r)
{
	const unsigned char *p;

	if (!nbcache_need(r, 4))
		return 0;
	p = r->p + r->off;
	r->off += 4;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
nbcache_u64(struct nbcache_rd *r)
{
	uint64_t lo = nbcache_u32(r);

	return lo | (uint64_t)nbcache_u32(r) << 32;
}

static size_t
nbcache_size(struct nbcache_rd *r)
{
	uint64_t v = nbcache_u64(r);

	if (v > SIZE_MAX / 2) {
		nbcache_bad(r, "bad number");
		return 0;
	}
	return (size_t)v;
}

/* A count of items of at least min_len bytes each: bounded by what is
 * left, so nothing is allocated for items that cannot be there. */
static size_t
nbcache_count(struct nbcache_rd *r, size_t min_len)
{
	uint32_t n = nbcache_u32(r);

	if (r->why == NULL && (size_t)n > (r->len - r->off) / min_len) {
		nbcache_bad(r, "bad count");
		return 0;
	}
	return n;
}

/* Bytes borrowed from the input; *none when absent. */
static const char *
nbcache_bytes(struct nbcache_rd *r, size_t *len, bool *none)
{
	uint32_t n = nbcache_u32(r);
	const char *p;

	*len = 0;
	*none = n == NBCACHE_NONE;
	if (r->why != NULL || *none)
		return NULL;
	if (!nbcache_need(r, n))
		return NULL;
	p = (const char *)r->p + r->off;
	r->off += n;
	*len = n;
	return p;
}

/* A C string (no NUL inside), copied; NULL when absent or bad. */
static char *
nbcache_str(struct nbcache_rd *r, bool may_be_none)
{
	const char *p;
	size_t len;
	bool none;

	p = nbcache_bytes(r, &len, &none);
	if (r->why != NULL)
		return NULL;
	if (none) {
		if (!may_be_none)
			nbcache_bad(r, "missing string");
		return NULL;
	}
	if (memchr(p, '\0', len) != NULL) {
		nbcache_bad(r, "NUL in a string");
		return NULL;
	}
	return xstrndup(p, len);
}

static void
nbcache_names(struct nbcache_rd *r, struct ana_names *out)
{
	size_t i, n = nbcache_count(r, 4);

	out->v = NULL;
	out->n = 0;
	if (n == 0)
		return;
	out->v = xreallocarray(NULL, n, sizeof *out->v);
	for (i = 0; i < n; i++) {
		char *s = nbcache_str(r, false);

		if (s == NULL)
			return;
		if (out->n > 0 && strcmp(out->v[out->n - 1], s) >= 0) {
			free(s);
			nbcache_bad(r, "names out of order");
			return;
		}
		out->v[out->n++] = s;
	}
}

static void
nbcache_ana(struct nbcache_rd *r, struct ana_cell *c)
{
	size_t i, n;
	unsigned single;

	memset(c, 0, sizeof *c);
	c->parses = nbcache_bool(r);
	c->error = nbcache_str(r, true);
	c->error_line = nbcache_size(r);
	c->error_col = nbcache_size(r);
	c->import_star = nbcache_bool(r);
	c->import_star_line = nbcache_size(r);
	nbcache_names(r, &c->defs);
	nbcache_names(r, &c->refs);
	nbcache_names(r, &c->deleted_refs);
	nbcache_names(r, &c->private_defs);
	nbcache_names(r, &c->sql_defs);
	nbcache_names(r, &c->sql_refs);
	n = nbcache_count(r, 12);
	if (n > 0) {
		c->annotations = xcalloc(n, sizeof *c->annotations);
		for (i = 0; i < n && r->why == NULL; i++) {
			c->annotations[i].name = nbcache_str(r, false);
			c->annotations[i].text = nbcache_str(r, false);
			nbcache_names(r, &c->annotations[i].refs);
			c->nannotations = i + 1;
		}
	}
	c->is_async = nbcache_bool(r);
	c->nstatements = nbcache_size(r);
	single = nbcache_u8(r);
	if (single > ANA_SINGLE_CLASS)
		nbcache_bad(r, "bad kind of statement");
	c->single = (enum ana_single)single;
	c->single_name = nbcache_str(r, true);
	c->nbound = nbcache_size(r);
	nbcache_names(r, &c->deftime_refs);
	c->ends_with_import_or_def = nbcache_bool(r);
	c->has_last_expr = nbcache_bool(r);
	c->is_markdown = nbcache_bool(r);
	c->markdown = nbcache_str(r, true);
	nbcache_names(r, &c->sql_qualified_defs);
	nbcache_names(r, &c->sql_first_defs);
}

/* A cell as read, before it goes into the notebook. */
struct nbcache_cell {
	uint32_t id;
	const char *src;	/* borrowed from the input */
	size_t len;
	char *name;
	bool derived;
	struct nb_cell_config cfg;
	enum nb_cell_kind kind;
	size_t line;
};

static void
nbcache_app(struct nbcache_rd *r, struct nb *nb)
{
	struct nb_app_options *app = nb_app_options(nb);
	size_t i, n;

	nb_app_options_release(app);
	app->width = nbcache_str(r, true);
	app->app_title = nbcache_str(r, true);
	app->layout_file = nbcache_str(r, true);
	app->css_file = nbcache_str(r, true);
	app->html_head_file = nbcache_str(r, true);
	n = nbcache_count(r, 4);
	if (n > 0) {
		app->auto_download = xcalloc(n, sizeof *app->auto_download);
		for (i = 0; i < n && r->why == NULL; i++) {
			app->auto_download[i] = nbcache_str(r, false);
			app->nauto_download = i + 1;
		}
	}
	app->sql_output = nbcache_str(r, true);
}

static void
nbcache_body(struct nbcache_rd *r, struct nb *nb, struct ana_cell **anas,
    size_t *nanas)
{
	struct nbcache_cell *v = NULL;
	const char *p;
	size_t i, n, len;
	unsigned u;
	bool none;

	n = nbcache_count(r, 16);
	if (n > 0) {
		v = xcalloc(n, sizeof *v);
		*anas = xcalloc(n, sizeof **anas);
	}
	for (i = 0; i < n && r->why == NULL; i++) {
		v[i].id = nbcache_u32(r);
		v[i].src = nbcache_bytes(r, &v[i].len, &none);
		if (none)
			nbcache_bad(r, "missing source");
		v[i].name = nbcache_str(r, true);
		v[i].derived = nbcache_bool(r);
		v[i].cfg.column = (int)(int32_t)nbcache_u32(r);
		v[i].cfg.disabled = nbcache_bool(r);
		v[i].cfg.hide_code = nbcache_bool(r);
		v[i].cfg.expand_output = nbcache_bool(r);
		if (v[i].cfg.column < NB_COLUMN_NONE)
			nbcache_bad(r, "bad column");
		u = nbcache_u8(r);
		if (u > NB_CELL_SETUP)
			nbcache_bad(r, "bad cell kind");
		v[i].kind = (enum nb_cell_kind)u;
		v[i].line = nbcache_size(r);
		nbcache_ana(r, &(*anas)[i]);
		*nanas = i + 1;
	}
	/* nb numbers cells 1, 2, ... as they are inserted; only notebooks
	 * read that way are stored (nbcache_encode). */
	for (i = 0; i < n && r->why == NULL; i++) {
		struct nb_cell *c = nb_cell_insert(nb, i, v[i].src, v[i].len);

		if (nb_cell_id(c) != v[i].id) {
			nbcache_bad(r, "bad cell id");
			break;
		}
		nb_cell_set_name(c, v[i].name);
		nb_cell_set_name_derived(c, v[i].derived);
		nb_cell_set_config(c, v[i].cfg);
		nb_cell_set_kind(c, v[i].kind);
		nb_cell_set_line(c, v[i].line);
	}
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	if (r->why != NULL)
		return;
	p = nbcache_bytes(r, &len, &none);
	if (r->why == NULL && !none)
		nb_set_header(nb, p, len);
	{
		char *version = nbcache_str(r, true);

		if (version != NULL)
			nb_set_version(nb, version);
		free(version);
	}
	nbcache_app(r, nb);
	u = nbcache_u8(r);
	if (u > NB_LOAD_EMPTY)
		nbcache_bad(r, "bad load status");
	nb_set_load_status(nb, (enum nb_load_status)u);
	n = nbcache_count(r, 21);
	for (i = 0; i < n && r->why == NULL; i++) {
		unsigned sev = nbcache_u8(r);
		size_t line = nbcache_size(r), col = nbcache_size(r);
		char *msg = nbcache_str(r, false);

		if (sev > NB_DIAG_ERROR)
			nbcache_bad(r, "bad severity");
		if (r->why == NULL)
			nb_diag_add(nb, (enum nb_diag_severity)sev, line, col,
			    "%s", msg);
		free(msg);
	}
	nb_set_dirty(nb, nbcache_bool(r));
	if (r->why == NULL && r->off != r->len)
		nbcache_bad(r, "trailing bytes");
}

/*
 * Check an entry's envelope: magic, format, environment, length and
 * checksum. 0 with the body in *body, *bodylen; -1 (err_last()) when
 * it is not a sound entry of this environment. *same says whether its
 * key is key.
 */
static int
nbcache_envelope(const unsigned char *b, size_t len,
    const unsigned char key[NBCACHE_KEY_LEN], const unsigned char **body,
    size_t *bodylen, bool *same)
{
	unsigned char sum[NBCACHE_SUM_LEN], env[NBCACHE_KEY_LEN];
	struct nbcache_rd r = { 0 };
	uint64_t n;

	if (!nbcache_layout_known())
		return -1;
	if (len < NBCACHE_HEADER_LEN + NBCACHE_SUM_LEN ||
	    memcmp(b, NBCACHE_MAGIC, NBCACHE_MAGIC_LEN) != 0) {
		err_set("nbcache: not a cache entry");
		return -1;
	}
	r.p = b + NBCACHE_MAGIC_LEN;
	r.len = len - NBCACHE_MAGIC_LEN;
	if (nbcache_u32(&r) != NBCACHE_FORMAT) {
		err_set("nbcache: an entry of another format");
		return -1;
	}
	nbcache_env(env);
	if (memcmp(b + NBCACHE_MAGIC_LEN + 4 + NBCACHE_KEY_LEN, env,
	    NBCACHE_KEY_LEN) != 0) {
		err_set("nbcache: an entry of another quire or Python");
		return -1;
	}
	r.off += 2 * NBCACHE_KEY_LEN;
	n = nbcache_u64(&r);
	if (n != len - NBCACHE_HEADER_LEN - NBCACHE_SUM_LEN) {
		err_set("nbcache: the entry's length is wrong");
		return -1;
	}
	crypto_generichash(sum, sizeof sum, b, len - NBCACHE_SUM_LEN, NULL, 0);
	if (sodium_memcmp(sum, b + len - NBCACHE_SUM_LEN, sizeof sum) != 0) {
		err_set("nbcache: the entry's checksum is wrong");
		return -1;
	}
	*same = memcmp(b + NBCACHE_MAGIC_LEN + 4, key, NBCACHE_KEY_LEN) == 0;
	*body = b + NBCACHE_HEADER_LEN;
	*bodylen = (size_t)n;
	return 0;
}

/* Parse a body into a new notebook and add the analyses to ana; -1
 * (err_last()) with nothing changed when it is not sound. */
static int
nbcache_read_body(struct nb **out, struct ana *ana, const unsigned char *p,
    size_t len)
{
	struct nbcache_rd r = { 0 };
	struct ana_cell *anas = NULL;
	struct nb *nb = nb_new();
	size_t i, nanas = 0;

	r.p = p;
	r.len = len;
	nbcache_body(&r, nb, &anas, &nanas);
	if (r.why != NULL) {
		err_set("nbcache: %s at byte %zu", r.why,
		    NBCACHE_HEADER_LEN + r.off);
		for (i = 0; i < nanas; i++)
			ana_cell_release(&anas[i]);
		free(anas);
		nb_free(nb);
		return -1;
	}
	for (i = 0; i < nanas; i++) {
		size_t srclen;
		const char *src = nb_cell_source(nb_cell_at(nb, i), &srclen);

		ana_cell_add(ana, src, srclen, &anas[i]);
	}
	free(anas);
	*out = nb;
	return 0;
}

int
nbcache_decode(struct nb **out, struct ana *ana,
    const unsigned char key[NBCACHE_KEY_LEN], const void *p, size_t len)
{
	const unsigned char *body;
	size_t bodylen;
	bool same;

	*out = NULL;
	if (nbcache_envelope(p, len, key, &body, &bodylen, &same) < 0)
		return -1;
	if (!same) {
		err_set("nbcache: an entry for other contents");
		return -1;
	}
	return nbcache_read_body(out, ana, body, bodylen);
}

/*
 * The notebook changed since the entry was written: its cells' analyses
 * still hold for the cells whose text did not change (an analysis
 * depends on the text alone, and the environment is the same), so they
 * go into ana, and only the edited cells are analysed again.
 */
static void
nbcache_seed(struct ana *ana, const unsigned char key[NBCACHE_KEY_LEN],
    const struct buf *entry)
{
	const unsigned char *body;
	struct nb *old = NULL;
	size_t bodylen;
	bool same;

	if (nbcache_envelope((const unsigned char *)entry->ptr, entry->len,
	    key, &body, &bodylen, &same) == 0 &&
	    nbcache_read_body(&old, ana, body, bodylen) == 0)
		nb_free(old);
	err_clear();
}

/* Keys and files */

void
nbcache_key(unsigned char key[NBCACHE_KEY_LEN], enum fmt_kind kind,
    const char *path, const void *text, size_t len)
{
	crypto_generichash_state st;
	struct buf head = BUF_INIT;

	/* Everything a load depends on besides the bytes, NUL-separated. */
	nbcache_env_text(&head);
	buf_addf(&head, "%d%c%s%c", (int)kind, 0, path, 0);
	crypto_generichash_init(&st, NULL, 0, NBCACHE_KEY_LEN);
	crypto_generichash_update(&st, (const unsigned char *)head.ptr,
	    head.len);
	crypto_generichash_update(&st, text, len);
	crypto_generichash_final(&st, key, NBCACHE_KEY_LEN);
	buf_release(&head);
}

int
nbcache_dir(struct buf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	/* The XDG spec: a relative path is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		buf_addf(out, "%s/quire", xdg);
	else if (home != NULL && home[0] == '/')
		buf_addf(out, "%s/.cache/quire", home);
	else {
		err_set("nbcache: neither XDG_CACHE_HOME nor HOME is set");
		return -1;
	}
	return 0;
}

/* Is the directory ours alone? A shared or foreign one is not used. */
static int
nbcache_dir_check(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) < 0) {
		err_errno("nbcache: %s", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0) {
		err_set("nbcache: %s is not a private directory of this user",
		    dir);
		return -1;
	}
	return 0;
}

/* The entry's file for the notebook at path. */
static int
nbcache_file(struct buf *out, const char *path)
{
	unsigned char h[NBCACHE_NAME_BYTES];
	char *real = realpath(path, NULL);
	const char *name = real != NULL ? real : path;
	size_t i;

	if (nbcache_dir(out) < 0) {
		free(real);
		return -1;
	}
	crypto_generichash(h, sizeof h, (const unsigned char *)name,
	    strlen(name), NULL, 0);
	free(real);
	buf_addc(out, '/');
	for (i = 0; i < sizeof h; i++)
		buf_addf(out, "%02x", h[i]);
	buf_adds(out, ".nbc");
	return 0;
}

/* Read an entry that only this user could have written. */
static int
nbcache_read(struct buf *out, const char *file)
{
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		err_errno("nbcache: %s", file);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		err_errno("nbcache: %s", file);
		goto done;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0 || (uintmax_t)st.st_size >
	    NBCACHE_MAX_LEN) {
		err_set("nbcache: %s is not a private file of this user",
		    file);
		goto done;
	}
	buf_grow(out, (size_t)st.st_size);
	while (out->len < (size_t)st.st_size) {
		n = read(fd, out->ptr + out->len, (size_t)st.st_size -
		    out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_set("nbcache: %s: cannot read", file);
			goto done;
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
	}
	rc = 0;
done:
	(void)close(fd);
	return rc;
}

struct nbcache_old {
	char *name;
	struct timespec mtime;
};

static int
nbcache_old_cmp(const void *a, const void *b)
{
	const struct nbcache_old *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Keep the directory bounded: entries of notebooks long gone would
 * otherwise stay for ever. A hit refreshes its entry's time (see
 * nbcache_parse), so what goes is what was least recently used; a
 * writer's temporary file older than an hour goes too. Only names this
 * file makes are touched. Failures are ignored: it is housekeeping.
 */
static void
nbcache_prune(const char *dir, size_t keep)
{
	struct nbcache_old *v = NULL;
	struct dirent *de;
	struct stat st;
	struct timespec now;
	size_t n = 0, alloc = 0, i, len;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	while ((de = readdir(d)) != NULL) {
		bool tmp;

		len = strlen(de->d_name);
		tmp = len > 11 && strstr(de->d_name, ".nbc.") != NULL;
		if (!tmp && (len < 5 ||
		    strcmp(de->d_name + len - 4, ".nbc") != 0))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) <
		    0 || !S_ISREG(st.st_mode))
			continue;
		if (tmp) {
			if (now.tv_sec - st.st_mtim.tv_sec >
			    NBCACHE_STALE_TMP_S)
				(void)unlinkat(dirfd(d), de->d_name, 0);
			continue;
		}
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			v = xreallocarray(v, alloc, sizeof *v);
		}
		v[n].name = xstrdup(de->d_name);
		v[n].mtime = st.st_mtim;
		n++;
	}
	if (n > keep) {
		qsort(v, n, sizeof *v, nbcache_old_cmp);
		for (i = 0; i < n - keep; i++)
			(void)unlinkat(dirfd(d), v[i].name, 0);
	}
	(void)closedir(d);
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* Replace the entry atomically: a private temporary file, renamed. */
static int
nbcache_write(const char *file, const struct buf *entry)
{
	struct buf dir = BUF_INIT;
	int rc = -1;

	if (nbcache_dir(&dir) < 0)
		goto done;
	if (fileio_mkdirs(dir.ptr, 0700) < 0) {
		err_prefix("nbcache");
		goto done;
	}
	if (nbcache_dir_check(dir.ptr) < 0)
		goto done;
	if (fileio_replace(file, entry->ptr, entry->len, 0600, 0) < 0) {
		err_prefix("nbcache");
		goto done;
	}
	rc = 0;
	nbcache_prune(dir.ptr, NBCACHE_MAX_ENTRIES);
done:
	buf_release(&dir);
	return rc;
}

int
nbcache_parse(struct nb **out, enum fmt_kind kind, const char *path,
    const char *text, size_t len, struct ana *ana, bool *hit)
{
	unsigned char key[NBCACHE_KEY_LEN];
	struct buf file = BUF_INIT, entry = BUF_INIT, dir = BUF_INIT;
	int rc = -1;

	*out = NULL;
	if (hit != NULL)
		*hit = false;
	if (sodium_init() < 0)
		return fmt_parse(out, kind, path, text, len, ana);
	nbcache_key(key, kind, path, text, len);
	if (nbcache_file(&file, path) == 0 && nbcache_dir(&dir) == 0 &&
	    nbcache_dir_check(dir.ptr) == 0 &&
	    nbcache_read(&entry, file.ptr) == 0 &&
	    nbcache_decode(out, ana, key, entry.ptr, entry.len) == 0) {
		if (hit != NULL)
			*hit = true;
		/* Recently used: the last to be pruned. */
		(void)utimensat(AT_FDCWD, file.ptr, NULL, AT_SYMLINK_NOFOLLOW);
		rc = 0;
		goto done;
	}
	err_clear();
	if (entry.len > 0)
		nbcache_seed(ana, key, &entry);
	if (fmt_parse(out, kind, path, text, len, ana) < 0)
		goto done;
	rc = 0;
	buf_reset(&entry);
	if (file.len > 0 && nbcache_encode(&entry, key, *out, ana) == 0)
		(void)nbcache_write(file.ptr, &entry);
	err_clear();
done:
	buf_release(&file);
	buf_release(&entry);
	buf_release(&dir);
	return rc;
}

int
nbcache_load(struct nb **out, enum fmt_kind kind, const char *path,
    struct ana *ana, bool *hit)
{
	struct buf text = BUF_INIT;
	int rc;

	*out = NULL;
	if (hit != NULL)
		*hit = false;
	/* Anything unusual about the file: fmt_load says it its way. */
	if (buf_read_file(&text, path, NBCACHE_NOTEBOOK_MAX, "notebook") !=
	    0) {
		buf_release(&text);
		err_clear();
		return fmt_load(out, kind, path, ana);
	}
	rc = nbcache_parse(out, kind, path, text.ptr, text.len, ana, hit);
	buf_release(&text);
	return rc;
}
