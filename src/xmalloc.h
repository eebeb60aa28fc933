/*
 * xmalloc.h: allocation that never returns NULL. Running out of memory
 * aborts with a message; sizes that come from input are checked against
 * limits by their callers before they get here.
 */
#ifndef QUIRE_XMALLOC_H
#define QUIRE_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
