/*
 * fileio.c: writing files so that they last. Owns the write loop, mkdir
 * -p and the replace-through-a-temporary-file dance that the notebook
 * save, the journal, the notebook cache and the audit key files share;
 * what goes in the files, and where, is theirs.
 *
 * The one idea: a reader sees the old file or the new one, never a part.
 * The new bytes go to a temporary file in the same directory (rename(2)
 * is atomic only within one file system), are synced when asked, and
 * only then renamed over the old name; the directory is synced last, so
 * the rename itself survives a crash.
 */
#include "config.h"
#include "fileio.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"

/* Random characters in a temporary name, and names tried before giving
 * up: glibc's mkstemp makes the same choice. */
#define FILEIO_TMP_RANDOM_LEN 6
#define FILEIO_TMP_TRIES 100

int
fileio_write_all(int fd, const void *p, size_t len)
{
	const char *q = p;
	ssize_t n;

	while (len > 0) {
		n = write(fd, q, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* A regular file that takes nothing is full. */
			if (n == 0)
				errno = ENOSPC;
			err_errno("write");
			return -1;
		}
		q += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fileio_mkdirs(const char *path, mode_t mode)
{
	struct buf p = BUF_INIT;
	struct stat st;
	size_t i;
	int rc = 0;

	buf_adds(&p, path);
	for (i = 1; i <= p.len && rc == 0; i++) {
		if (i < p.len && p.ptr[i] != '/')
			continue;
		p.ptr[i] = '\0';
		if (mkdir(p.ptr, mode) < 0) {
			/* EEXIST is fine for a directory only: a file in
			 * the way is named here, not left to fail later. */
			if (errno == EEXIST && stat(p.ptr, &st) == 0)
				errno = S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
			if (errno != 0) {
				err_errno("create directory %s", p.ptr);
				rc = -1;
			}
		}
		if (i < p.len)
			p.ptr[i] = '/';
	}
	buf_release(&p);
	return rc;
}

/* The directory holding path: "." for a bare name, "/" at the root. */
static void
fileio_dir_of(struct buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');

	buf_reset(out);
	if (slash == NULL)
		buf_adds(out, ".");
	else if (slash == path)
		buf_adds(out, "/");
	else
		buf_add(out, path, (size_t)(slash - path));
}

/* fsync dir; -1 with errno set, for callers to report or not. */
static int
fileio_dir_fsync(const char *dir)
{
	int fd, rc = 0, saved;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (fsync(fd) < 0) {
		saved = errno;
		rc = -1;
	}
	(void)close(fd);
	if (rc < 0)
		errno = saved;
	return rc;
}

int
fileio_sync_dir(const char *path)
{
	struct buf dir = BUF_INIT;
	int rc = 0;

	fileio_dir_of(&dir, path);
	if (fileio_dir_fsync(dir.ptr) < 0) {
		err_errno("sync directory %s", dir.ptr);
		rc = -1;
	}
	buf_release(&dir);
	return rc;
}

/*
 * Fill the last FILEIO_TMP_RANDOM_LEN bytes of name with letters and
 * digits. O_EXCL, not the randomness, keeps an attacker's file or link
 * out; the randomness keeps a planted name from blocking the write.
 */
static void
fileio_tmp_fill(struct buf *name)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[FILEIO_TMP_RANDOM_LEN];
	struct timespec ts;
	char *p = name->ptr + name->len - FILEIO_TMP_RANDOM_LEN;
	size_t i;

	if (getentropy(r, sizeof r) < 0) {
		/* Not expected on Linux; any spread will do. */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)(((uint64_t)ts.tv_nsec >>
			    (i * 5)) ^ ((uint64_t)getpid() >> i));
	}
	for (i = 0; i < sizeof r; i++)
		p[i] = set[r[i] % (sizeof set - 1)];
}

/*
 * Create a new temporary file for target in dir: ".NAME.XXXXXX", never
 * an existing name. On success tmp holds its name.
 */
static int
fileio_tmp_open(struct buf *tmp, const char *dir, const char *base,
    mode_t mode)
{
	int fd, tries;

	buf_reset(tmp);
	buf_addf(tmp, "%s/.%s.%.*s", dir, base, FILEIO_TMP_RANDOM_LEN,
	    "XXXXXXXXXXXXXXXX");
	for (tries = 0; tries < FILEIO_TMP_TRIES; tries++) {
		fileio_tmp_fill(tmp);
		fd = open(tmp->ptr, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
		    mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/*
 * The replace. With out NULL the file is closed before the rename, so
 * that an error close(2) reports (NFS flushes there) leaves the old file.
 */
static int
fileio_replace_fd(int *out, const char *path, const void *p, size_t len,
    mode_t mode, unsigned flags)
{
	struct buf target = BUF_INIT, tmp = BUF_INIT, dir = BUF_INIT;
	struct stat st;
	const char *slash;
	char *real = NULL;
	bool have_old = false;
	int fd = -1, rc = -1;

	if (out != NULL)
		*out = -1;
	buf_adds(&target, path);
	if (flags & FILEIO_KEEP) {
		/* Renaming over a link would replace it with a copy. */
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
			if ((real = realpath(path, NULL)) == NULL) {
				err_errno("%s", path);
				goto done;
			}
			buf_reset(&target);
			buf_adds(&target, real);
		}
		if (stat(target.ptr, &st) == 0) {
			if (!S_ISREG(st.st_mode)) {
				err_set("%s: not a regular file", path);
				goto done;
			}
			have_old = true;
		} else if (errno != ENOENT) {
			err_errno("%s", path);
			goto done;
		}
	}
	fileio_dir_of(&dir, target.ptr);
	slash = strrchr(target.ptr, '/');
	/* Created private: the old file's mode is set once it is whole. */
	fd = fileio_tmp_open(&tmp, dir.ptr, slash != NULL ? slash + 1 :
	    target.ptr, have_old ? 0600 : mode);
	if (fd < 0) {
		err_errno("%s: create %s", path, tmp.ptr);
		buf_reset(&tmp);
		goto done;
	}
	if (fileio_write_all(fd, p, len) < 0) {
		err_errno("%s: write %s", path, tmp.ptr);
		goto done;
	}
	if ((flags & FILEIO_DURABLE) && fsync(fd) < 0) {
		err_errno("%s: sync %s", path, tmp.ptr);
		goto done;
	}
	if (have_old) {
		if (fchmod(fd, st.st_mode & 07777) < 0) {
			err_errno("%s: set the mode of %s", path, tmp.ptr);
			goto done;
		}
		/* The owner too where we may (we usually may not). */
		if (st.st_uid != geteuid() || st.st_gid != getegid())
			(void)fchown(fd, st.st_uid, st.st_gid);
	}
	if (out == NULL) {
		rc = close(fd);
		fd = -1;
		if (rc < 0) {
			err_errno("%s: close %s", path, tmp.ptr);
			goto done;
		}
		rc = -1;
	}
	if (rename(tmp.ptr, target.ptr) < 0) {
		err_errno("%s: rename %s over it", path, tmp.ptr);
		goto done;
	}
	buf_reset(&tmp);
	if (flags & FILEIO_DURABLE) {
		/*
		 * The new file is in place whatever happens here, and some
		 * file systems cannot sync a directory (EINVAL): only a
		 * caller that must know asks for the failure.
		 */
		if (fileio_dir_fsync(dir.ptr) < 0 &&
		    (flags & FILEIO_STRICT_DIR)) {
			err_errno("%s: sync directory %s", path, dir.ptr);
			goto done;
		}
	}
	if (out != NULL) {
		*out = fd;
		fd = -1;
	}
	rc = 0;
done:
	if (fd >= 0)
		(void)close(fd);
	if (tmp.len > 0)
		(void)unlink(tmp.ptr);
	free(real);
	buf_release(&target);
	buf_release(&tmp);
	buf_release(&dir);
	return rc;
}

int
fileio_replace_open(int *out, const char *path, const void *p, size_t len,
    mode_t mode, unsigned flags)
{
	return fileio_replace_fd(out, path, p, len, mode, flags);
}

int
fileio_replace(const char *path, const void *p, size_t len, mode_t mode,
    unsigned flags)
{
	return fileio_replace_fd(NULL, path, p, len, mode, flags);
}
