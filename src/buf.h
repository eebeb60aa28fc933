/*
 * buf.h: the one growable byte buffer, after git's strbuf.
 *
 * Invariants: ptr is never NULL and always NUL-terminated; len is the
 * truth (the bytes may hold NUL). BUF_INIT needs no allocation.
 * Growth failure aborts (xmalloc), so appends return void.
 */
#ifndef QUIRE_BUF_H
#define QUIRE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;	/* bytes in use, not counting the NUL */
	size_t alloc;	/* 0 while ptr points at the shared empty string */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void buf_init(struct buf *);
void buf_release(struct buf *);	/* back to BUF_INIT */
void buf_wipe(struct buf *);	/* zero the bytes, then release */
void buf_reset(struct buf *);	/* empty, keep memory */
void buf_grow(struct buf *, size_t extra);
void buf_add(struct buf *, const void *, size_t);
void buf_adds(struct buf *, const char *);
void buf_addc(struct buf *, char);
void buf_addf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *, const char *, va_list);
void buf_truncate(struct buf *, size_t len);
void buf_rtrim(struct buf *);	/* drop trailing ASCII whitespace */
/*
 * Append the whole regular file at path to b, at most max bytes. Returns
 * 0; 1 when there is no such file (nothing appended); -1 with err_last()
 * naming the path when it cannot be read, is not a regular file, or is
 * larger than max ("PATH: larger than MAX bytes: not a WHAT"). A FIFO
 * never blocks it.
 */
int buf_read_file(struct buf *b, const char *path, size_t max,
    const char *what);
/* Hand the bytes to the caller (free with free()); b is reset. */
char *buf_detach(struct buf *, size_t *len);

#endif
