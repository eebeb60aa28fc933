/*
 * config.h: two headers in one name.
 *
 * Every .c file of quire starts with #include "config.h", meaning the
 * header configure generates (PACKAGE_VERSION, QUIRE_PYTHON, the
 * _GNU_SOURCE family). This file lives in src/, which the build puts on
 * the quote search path (-iquote), so it shadows that header for every
 * file: it therefore includes the generated one first, with angle
 * brackets, which skip the quote path and find it through the -I of the
 * build directory. Keep that line first, and keep what follows free of
 * system headers, since it lands in every translation unit.
 *
 * What follows is quire's user settings (src/config.c): the file
 * $XDG_CONFIG_HOME/quire/config (default ~/.config/quire/config), plain
 * "key = value" lines, '#' comments, "[section]" headers that prefix
 * "section." to the keys under them, values optionally double-quoted
 * with \" and \\ escapes. A built-in schema names every key quire knows,
 * its type, allowed values and default, so a typo in a key or a value
 * out of range is reported with file and line (doc/quire-config.5).
 */
#include <config.h>

#ifndef QUIRE_CONFIG_H
#define QUIRE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct config;

enum config_type {
	CONFIG_STRING,		/* any text */
	CONFIG_BOOL,		/* true/false, yes/no, on/off, 1/0 */
	CONFIG_LONG,		/* a decimal integer within min..max */
	CONFIG_CHOICE,		/* one of choices, "plain|vi" */
	CONFIG_PATH		/* a file name; a leading ~/ is $HOME */
};

/* One key the schema knows. */
struct config_key {
	const char *name;	/* dotted: "editor.keymap" */
	enum config_type type;
	const char *dflt;	/* default as text; NULL: unset */
	long min, max;		/* CONFIG_LONG bounds, inclusive */
	const char *choices;	/* CONFIG_CHOICE: '|'-separated */
	const char *help;	/* one line, for :set and the manual */
};

/* The schema, in manual order; borrowed, static. */
const struct config_key *config_schema(size_t *n);
/* The schema entry for key, or NULL when quire has no such key. */
const struct config_key *config_key_find(const char *key);

/*
 * Read the config file at path (NULL: $XDG_CONFIG_HOME/quire/config, or
 * ~/.config/quire/config). A missing file gives the defaults. Returns
 * NULL with err_last() "FILE:LINE: message" on a syntax error, a key the
 * schema does not know, or a value its schema rejects; on an unreadable
 * file "FILE: reason". Caller frees with config_free.
 */
struct config *config_load(const char *path);
/*
 * As config_load, but an unknown key or a rejected value is appended to
 * warnings ("FILE:LINE: message\n", one a line) and skipped, so the
 * setting keeps its default; only syntax and I/O errors give NULL.
 * warnings may be NULL.
 */
struct config *config_load_lenient(const char *path, struct buf *warnings);
/*
 * Parse len bytes of config text (what config_load does after reading
 * the file; the fuzzer drives it); file names the source in messages.
 * lenient and warnings as config_load_lenient (false: as config_load).
 */
struct config *config_parse(const char *file, const char *p, size_t len,
    bool lenient, struct buf *warnings);
/* The defaults alone. */
struct config *config_new(void);
void config_free(struct config *);	/* NULL is a no-op */

/* The file read, or that would have been read; borrowed. */
const char *config_path(const struct config *);

/*
 * The value of key: the one set (file or config_set), else the schema's
 * default, else dflt (a key the schema does not know, or one without a
 * default such as audit.store). Borrowed until the key is set again.
 * A NULL config gives dflt.
 */
const char *config_get(const struct config *, const char *key,
    const char *dflt);
/* The value as a boolean (1 or 0); dflt when unset or not a boolean. */
int config_get_bool(const struct config *, const char *key, int dflt);
/* The value as an integer; dflt when unset, not a number, or outside
 * min..max. */
long config_get_long(const struct config *, const char *key, long min,
    long max, long dflt);
/* Where key was set: "FILE:LINE", "set" after config_set, or NULL when
 * it has its default. Borrowed. */
const char *config_origin(const struct config *, const char *key);

/*
 * Set key to value as the schema allows (the :set command). 0, or -1
 * with err_last() ("editor.tab_width: 0 is not in 1-16", "no setting
 * editor.tabwidth (did you mean editor.tab_width?)"), the old value kept.
 */
int config_set(struct config *, const char *key, const char *value);
/*
 * Parse what follows ":set": "key=value", "key = value", "key" (a
 * boolean set true) or "nokey" (false), with or without quotes; then
 * config_set. 0 or -1 as config_set.
 */
int config_set_arg(struct config *, const char *arg);

/* Check a value for key against the schema without setting it: 0, or
 * -1 with err_last() as config_set. */
int config_check(const char *key, const char *value);

#endif
