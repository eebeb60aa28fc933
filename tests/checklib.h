/*
 * checklib.h: helpers more than one Check suite needs, linked into those
 * programs through their _SOURCES (tests/checklib.c). Each asserts with
 * ck_assert where it cannot do its job, so a test reads straight on.
 */
#ifndef QUIRE_CHECKLIB_H
#define QUIRE_CHECKLIB_H

#include <stdbool.h>
#include <stddef.h>

struct nb;

/*
 * Make dir refuse new files (on) or take them again (off): mode 0555 or
 * 0700, or for root (whom modes do not stop) the immutable flag where
 * the file system has one. False when neither works, and the test has
 * nothing to check.
 */
bool checklib_dir_lock(const char *dir, bool on);

/* Entries of dir other than . and .. (dir must open). */
size_t checklib_dir_count(const char *dir);

/*
 * A notebook of n cells from "name=|source" strings (a string without
 * "=|" is an anonymous cell's source). Caller frees with nb_free.
 */
struct nb *checklib_nb_new(const char *const *cells, size_t n);

/* checklib_nb_new over its arguments: CHECKLIB_NB("x = 1", "f=|x"). */
#define CHECKLIB_NB(...)                                                  \
	checklib_nb_new((const char *const[]){ __VA_ARGS__ },             \
	    sizeof((const char *const[]){ __VA_ARGS__ }) /                \
		sizeof(const char *))

#endif
