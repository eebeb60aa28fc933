/*
 * nbcache.h: a persistent cache of what opening a notebook computes (the
 * notebook model and each cell's analysis), so that opening an unchanged
 * file again, as `quire run` does on every run, needs no editor-side
 * interpreter at all.
 *
 * An entry is keyed by a hash of the file's bytes, the path it was
 * opened by, quire's version and the Python version; it lives in
 * $XDG_CACHE_HOME/quire (else ~/.cache/quire), a 0700 directory of 0600
 * files, one file per notebook, replaced atomically. A cache entry is
 * outside input: it is checked (owner, mode, size, key, checksum, every
 * length and count) and anything wrong makes it a miss, never an error.
 */
#ifndef QUIRE_NBCACHE_H
#define QUIRE_NBCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "fmt.h"

struct ana;
struct buf;
struct nb;

/* Bytes of an entry's key (BLAKE2b-256). */
#define NBCACHE_KEY_LEN 32
/* An entry larger than this is not read. */
#define NBCACHE_MAX_LEN ((size_t)512 * 1024 * 1024)

/*
 * Open the notebook at path as fmt_load(out, kind, path, ana) does, and
 * with the same results: through the cache when it holds this file,
 * else by fmt_parse(), storing what it read for next time. A hit puts
 * every cell's analysis into ana (ana_cell_add), so a lazy analyzer
 * (ana_new_lazy) never starts its interpreter. *hit (may be NULL) says
 * whether the cache answered. Returns 0, or -1 with err_last() set, as
 * fmt_load would; a cache that cannot be read or written is not an
 * error.
 */
int nbcache_load(struct nb **out, enum fmt_kind kind, const char *path,
    struct ana *ana, bool *hit);

/*
 * fmt_parse(out, kind, path, text, len, ana) through the cache, for a
 * caller that has read the file itself (the editor). As nbcache_load
 * otherwise.
 */
int nbcache_parse(struct nb **out, enum fmt_kind kind, const char *path,
    const char *text, size_t len, struct ana *ana, bool *hit);

/*
 * The directory of the entries into out: $XDG_CACHE_HOME/quire when that
 * is an absolute path, else $HOME/.cache/quire. -1 (err_last()) when
 * neither can be found.
 */
int nbcache_dir(struct buf *out);

/* The key of an entry for these bytes, opened as kind by path. */
void nbcache_key(unsigned char key[NBCACHE_KEY_LEN], enum fmt_kind kind,
    const char *path, const void *text, size_t len);

/*
 * Append to out an entry holding nb and the analysis of each of its
 * cells (computed through ana when not cached there). -1 (err_last())
 * when an analysis fails or the notebook cannot be stored.
 */
int nbcache_encode(struct buf *out, const unsigned char key[NBCACHE_KEY_LEN],
    const struct nb *nb, struct ana *ana);

/*
 * Read an entry: 0 and a new notebook in *out (caller frees with nb_free)
 * with each cell's analysis added to ana; -1 (err_last() says why) when
 * p is not a sound entry for key, with *out NULL and ana untouched.
 */
int nbcache_decode(struct nb **out, struct ana *ana,
    const unsigned char key[NBCACHE_KEY_LEN], const void *p, size_t len);

/* Wrap body as an entry for key (header and checksum): what
 * nbcache_encode does last; for tests and the fuzzer. */
void nbcache_wrap(struct buf *out, const unsigned char key[NBCACHE_KEY_LEN],
    const void *body, size_t len);

#endif
