/*
 * journal.h: not losing work. Three things guard an open notebook:
 *
 * - The recovery journal, a file beside the notebook (.NB.py.quire-journal,
 *   or under $XDG_STATE_HOME/quire/journal/ when the notebook's directory
 *   is not writable). It starts with the notebook as loaded or last saved
 *   and then records every cell edit as an appended, length-prefixed,
 *   checksummed record. Records are queued in memory and written with one
 *   write(2) and an fdatasync by journal_flush(), which the editor calls
 *   from a one-second timer: kill -9 or a power cut loses at most the last
 *   second. A record cut short by a crash is ignored on recovery, never
 *   fatal. The file is created at the first edit, removed by
 *   journal_discard() after a save, and rewritten in place of itself when
 *   it grows past a few times the notebook's size.
 * - The lock file, .NB.py.quire-lock, made with O_EXCL and holding pid,
 *   user, host and start time, so a second quire on the same notebook can
 *   say who has it open. A lock whose process is gone on this host is
 *   stale and taken over.
 * - A snapshot of the file as loaded or saved (mtime, size, inode and a
 *   BLAKE2b hash of its bytes), so a save can tell whether someone else
 *   changed the file meanwhile.
 *
 * The journal refers to cells by their id in the editor's notebook (ids
 * live as long as the process, see nb.h); on recovery, in a new process,
 * it matches its cells to the reloaded notebook by position in the file
 * it started from.
 */
#ifndef QUIRE_JOURNAL_H
#define QUIRE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct nb;
struct nb_cell_config;
struct journal;
struct journal_lock;

/* Largest record the reader accepts: a bigger length is corruption. */
#define JOURNAL_RECORD_MAX	(64u << 20)
/* Largest journal file recovery reads. */
#define JOURNAL_FILE_MAX	(512u << 20)
#define JOURNAL_HASH_LEN	32

/* A notebook file as it was on disk. */
struct journal_stat {
	bool exists;		/* false: there was no file */
	uint64_t dev, ino;
	uint64_t size;		/* bytes */
	int64_t mtime_ns;	/* since the epoch */
	unsigned char hash[JOURNAL_HASH_LEN];	/* BLAKE2b of the bytes */
	int64_t taken_ns;	/* when the snapshot was taken */
};

/*
 * Take a snapshot of path (after loading it, and again after each save).
 * A missing file gives exists = false and 0; another failure -1 with
 * err_last().
 */
int journal_stat_snapshot(struct journal_stat *out, const char *path);
/*
 * Has path changed since the snapshot? 1 when it was replaced, removed,
 * created or its bytes differ; 0 when it is the same (equal mtime, size
 * and inode, or different ones but the same bytes: a touch, a checkout
 * of the same content); -1 with err_last() when it cannot be read.
 */
int journal_changed_on_disk(const struct journal_stat *, const char *path);

/*
 * The journal file for the notebook at nb_path, into out: beside the
 * notebook when its directory is writable, else under
 * $XDG_STATE_HOME/quire/journal/ (default ~/.local/state) as
 * "NB.py-HASH.quire-journal", HASH from the absolute path. 0 or -1.
 */
int journal_path(struct buf *out, const char *nb_path);

/*
 * Start journalling the notebook at nb_path, whose cells are now those
 * of nb (as loaded, or new). Nothing is written until the first record.
 * A journal left by an earlier process is replaced at that point, so
 * call journal_recover() first. NULL with err_last() when no place for
 * the journal can be found. Caller frees with journal_free.
 */
struct journal *journal_open(const char *nb_path, const struct nb *nb);
/* Close without flushing or removing the file (as a crash would).
 * NULL is a no-op. */
void journal_free(struct journal *);
/* The journal file's name; borrowed. */
const char *journal_file(const struct journal *);

/*
 * Record an edit of the editor's notebook, by cell id. Each queues one
 * record; a later source record of the same cell before the next flush
 * replaces the queued one. -1 with err_last() for an id the journal does
 * not know (the edit is not recorded), else 0.
 */
int journal_cell_source(struct journal *, uint32_t id, const char *src,
    size_t len);
int journal_cell_insert(struct journal *, uint32_t id, size_t pos,
    const char *name, const char *src, size_t len);
int journal_cell_delete(struct journal *, uint32_t id);
int journal_cell_move(struct journal *, uint32_t id, size_t pos);
int journal_cell_rename(struct journal *, uint32_t id, const char *name);
int journal_cell_set_config(struct journal *, uint32_t id,
    const struct nb_cell_config *);

/* Are records waiting for journal_flush? */
bool journal_is_pending(const struct journal *);
/*
 * Write the queued records with one write(2), then fdatasync. Cheap
 * when nothing is queued. -1 with err_last() on a write error (disk
 * full); the records stay queued for the next try.
 */
int journal_flush(struct journal *);
/*
 * The notebook was saved and its cells are now those of nb: remove the
 * journal file and start again from nb. 0, or -1 with err_last() when
 * the file cannot be removed.
 */
int journal_discard(struct journal *, const struct nb *nb);

/* What recovery did to the notebook. */
struct journal_recovery {
	char *file;		/* the journal read */
	int64_t time_ns;	/* time of its last record */
	size_t nrecords;	/* edit records replayed */
	bool truncated;		/* a torn or corrupt tail was ignored */
	/* The file on disk is not the one the journal started from; cells
	 * were matched by content instead of position. */
	bool base_changed;
	size_t nchanged;	/* cells whose source changed */
	size_t ninserted;	/* cells added */
	size_t ndeleted;	/* cells removed */
	size_t nmoved;		/* cells in another place */
	size_t nrenamed;	/* names or configs changed */
	uint32_t *cells;	/* ids (in nb) of changed and added cells */
	size_t ncells;
};

/*
 * Look for a journal of the notebook at nb_path and, when its last
 * record is newer than the file, replay it onto nb (the notebook just
 * loaded from nb_path; an empty one when the file is gone), which then
 * holds the unsaved work. *out tells what changed, for the editor to
 * offer (to decline, reload the file and call journal_discard). 0 with
 * *out NULL when there is nothing to recover (no journal, no edits, or
 * the file was saved after the last record); -1 with err_last() when a
 * journal exists but cannot be read. Caller frees *out with
 * journal_recovery_free.
 */
int journal_recover(struct journal_recovery **out, const char *nb_path,
    struct nb *nb);
/*
 * The replay itself, over len bytes of journal: what journal_recover
 * does after reading the file (and what the fuzzer drives). base is the
 * snapshot of the file nb came from (NULL: unknown, match by content).
 * 0 with *out NULL when the bytes hold no edits; -1 with err_last()
 * when they are not a journal at all (bad magic).
 */
int journal_replay(struct journal_recovery **out, const char *p, size_t len,
    const struct journal_stat *base, struct nb *nb);
void journal_recovery_free(struct journal_recovery *);	/* NULL no-op */

/* Who holds a lock, as its lock file says: anyone who can write the
 * notebook's directory wrote it, so sanitise it before showing it. */
struct journal_lock_holder {
	long pid;		/* 0 when the lock file was unreadable */
	char *user;		/* owned; "" when unknown */
	char *host;		/* owned; "" when unknown */
	int64_t started;	/* seconds since the epoch */
};

#define JOURNAL_LOCKED 1

/*
 * Lock the notebook at nb_path for this process. 0 with *out set when
 * taken (a stale lock, whose pid is gone on this host, is taken over);
 * JOURNAL_LOCKED with *holder filled when another live quire holds it
 * (or a quire on another host, which cannot be checked), unless force,
 * which takes it anyway; -1 with err_last() on failure. holder may be
 * NULL; it is zeroed unless JOURNAL_LOCKED, and
 * journal_lock_holder_release frees it either way.
 */
int journal_lock(struct journal_lock **out, struct journal_lock_holder *holder,
    const char *nb_path, bool force);
/* Remove the lock file if it is still this process's, and free. NULL is
 * a no-op. */
void journal_unlock(struct journal_lock *);
/* The lock file's name; borrowed. */
const char *journal_lock_file(const struct journal_lock *);
void journal_lock_holder_release(struct journal_lock_holder *);

#endif
