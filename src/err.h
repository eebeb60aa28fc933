/*
 * err.h: the last error of this thread. A function that fails returns -1
 * after err_set() recorded why; the caller reads err_last().
 */
#ifndef QUIRE_ERR_H
#define QUIRE_ERR_H

void err_set(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Like err_set, with ": strerror(errno)" appended. */
void err_errno(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Put "prefix: " in front of the current message. */
void err_prefix(const char *, ...) __attribute__((format(printf, 1, 2)));
const char *err_last(void);	/* "" when none; borrowed until next set */
void err_clear(void);

#endif
