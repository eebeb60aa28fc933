/*
 * fileio.h: writing files so that they last. One place for the loops and
 * the order of calls that a crash-safe write needs: write everything,
 * create directories, and replace a file whole through a temporary one.
 */
#ifndef QUIRE_FILEIO_H
#define QUIRE_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* fileio_replace flags. */
/* fsync the file before the rename and its directory after. A directory
 * that cannot be synced is not an error (the new file is in place by
 * then) unless FILEIO_STRICT_DIR is given too. */
#define FILEIO_DURABLE 0x1
#define FILEIO_STRICT_DIR 0x2
/* Replace what path stands for: a symbolic link's target is written in
 * the target's directory, an existing file keeps its mode and (where
 * the user may) its owner, and anything but a regular file is refused. */
#define FILEIO_KEEP 0x4

/*
 * write(2) all len bytes of p to fd, across short writes and signals.
 * Returns 0, or -1 with errno set (ENOSPC for a write that wrote nothing)
 * and err_last() "write: <reason>": callers name the file with
 * err_prefix().
 */
int fileio_write_all(int fd, const void *p, size_t len);

/*
 * mkdir -p: create path and its missing parents with mode (less the
 * umask, as mkdir(2) does). Existing directories are left as they are.
 * Returns 0, or -1 with err_last() "create directory DIR: <reason>",
 * also when a component exists and is not a directory.
 */
int fileio_mkdirs(const char *path, mode_t mode);

/*
 * fsync the directory holding path, so that a rename or a create in it
 * lasts. Returns 0, or -1 with err_last() "sync directory DIR: ...".
 */
int fileio_sync_dir(const char *path);

/*
 * Replace the file at path with the len bytes of p, or leave it exactly
 * as it was. The bytes go to a new temporary file beside it, named
 * ".NAME.XXXXXX" and created with O_EXCL (never an existing file or
 * link), which is closed and renamed over path once whole. A new file
 * gets mode less the umask, as open(2) gives it. Returns 0, or -1 with
 * err_last() beginning with path; the temporary file is removed.
 */
int fileio_replace(const char *path, const void *p, size_t len, mode_t mode,
    unsigned flags);

/*
 * As fileio_replace, but the new file stays open: on success *out is it,
 * open for reading and writing at its end, and the caller closes it.
 * *out is -1 on failure.
 */
int fileio_replace_open(int *out, const char *path, const void *p,
    size_t len, mode_t mode, unsigned flags);

#endif
