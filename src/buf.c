/*
 * buf.c: growable byte buffers. Every text quire builds (paths, messages,
 * frames, files) goes through here, so the invariants in buf.h hold
 * everywhere and nobody writes a fixed-size char array for user data.
 */
#include "config.h"
#include "buf.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "xmalloc.h"

char buf_empty[1];

void
buf_init(struct buf *b)
{
	b->ptr = buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void
buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->ptr);
	buf_init(b);
}

void
buf_wipe(struct buf *b)
{
	if (b->alloc) {
		volatile char *p = b->ptr;
		size_t i;

		for (i = 0; i < b->alloc; i++)
			p[i] = 0;
	}
	buf_release(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->ptr[0] = '\0';
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t want;

	if (extra > (size_t)-1 - b->len - 1)
		abort();
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	if (want < b->alloc * 2)
		want = b->alloc * 2;
	if (want < 64)
		want = 64;
	if (b->alloc == 0) {
		b->ptr = xmalloc(want);
		b->ptr[0] = '\0';
	} else
		b->ptr = xrealloc(b->ptr, want);
	b->alloc = want;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memmove(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, b->alloc ? b->alloc - b->len : 0,
	    fmt, cp);
	va_end(cp);
	if (n < 0)
		abort();
	if ((size_t)n + 1 > (b->alloc ? b->alloc - b->len : 0)) {
		buf_grow(b, (size_t)n);
		n = vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void
buf_rtrim(struct buf *b)
{
	size_t n = b->len;

	while (n > 0 && (b->ptr[n - 1] == ' ' || b->ptr[n - 1] == '\t' ||
	    b->ptr[n - 1] == '\n' || b->ptr[n - 1] == '\r' ||
	    b->ptr[n - 1] == '\f' || b->ptr[n - 1] == '\v'))
		n--;
	buf_truncate(b, n);
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->alloc == 0)
		p = xstrdup("");
	else
		p = b->ptr;
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}

int
buf_read_file(struct buf *b, const char *path, size_t max, const char *what)
{
	struct stat st;
	char chunk[4096];
	size_t start = b->len;
	ssize_t n;
	int fd, error = -1;

	/* O_NONBLOCK: a FIFO named where a file should be must not hang. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		err_errno("%s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		err_errno("%s", path);
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set("%s: not a regular file", path);
		goto done;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_errno("%s", path);
			goto done;
		}
		if (n == 0)
			break;
		if (b->len - start + (size_t)n > max) {
			err_set("%s: larger than %zu bytes: not a %s", path, max,
			    what);
			goto done;
		}
		buf_add(b, chunk, (size_t)n);
	}
	error = 0;
done:
	if (error < 0)
		buf_truncate(b, start);
	(void)close(fd);
	return error;
}
