/*
 * err.c: the per-thread error slot. Errors are translated into words
 * where they enter quire (errno, libgit2, SQLite, Python) so the message
 * a user finally sees names the file, line or field at fault.
 */
#include "config.h"
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

static _Thread_local struct buf err_msg = BUF_INIT;

void
err_set(const char *fmt, ...)
{
	va_list ap;

	buf_reset(&err_msg);
	va_start(ap, fmt);
	buf_vaddf(&err_msg, fmt, ap);
	va_end(ap);
}

void
err_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	buf_reset(&err_msg);
	va_start(ap, fmt);
	buf_vaddf(&err_msg, fmt, ap);
	va_end(ap);
	buf_addf(&err_msg, ": %s", strerror(saved));
	errno = saved;
}

void
err_prefix(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_adds(&b, ": ");
	buf_add(&b, err_msg.ptr, err_msg.len);
	buf_reset(&err_msg);
	buf_add(&err_msg, b.ptr, b.len);
	buf_release(&b);
}

const char *
err_last(void)
{
	return err_msg.ptr;
}

void
err_clear(void)
{
	buf_reset(&err_msg);
}
