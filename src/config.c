/*
 * config.c: the user's settings file. Owns its syntax (key = value lines,
 * [section] headers, comments, quoted strings) and the schema of the
 * keys quire knows; what each setting does belongs to the module that
 * reads it (the editor, the kernel, git, audit). The one idea: every
 * value is checked against the schema when it is read, so a setting is
 * either valid or reported with file, line and column, and callers never
 * parse a raw value themselves.
 *
 * The schema also gives each key's default, so config_get() answers
 * alike whether or not the file mentions a key, and the manual
 * (doc/quire-config.5) lists the same rows.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "err.h"
#include "xmalloc.h"

/* A settings file is a page of text; more is not a settings file. */
#define CONFIG_FILE_MAX (1 << 20)

#define CONFIG_STR2(x) #x
#define CONFIG_STR(x) CONFIG_STR2(x)

static const struct config_key config_keys[] = {
	{ "editor.keymap", CONFIG_CHOICE, "plain", 0, 0, "plain|vi",
	    "key bindings: plain (arrows, Ctrl keys) or vi" },
	{ "editor.wrap", CONFIG_BOOL, "false", 0, 0, NULL,
	    "wrap long lines instead of scrolling sideways" },
	{ "editor.tab_width", CONFIG_LONG, "4", 1, 16, NULL,
	    "columns a Tab indents by" },
	{ "editor.autosave_seconds", CONFIG_LONG, "0", 0, 86400, NULL,
	    "save after this many idle seconds; 0 is off" },
	{ "editor.mouse", CONFIG_BOOL, "true", 0, 0, NULL,
	    "ask the terminal for mouse reports" },
	{ "run.on_change", CONFIG_CHOICE, "autorun", 0, 0, "autorun|lazy",
	    "rerun dependent cells (autorun) or mark them stale (lazy)" },
	{ "run.on_open", CONFIG_CHOICE, "ask", 0, 0, "ask|yes|no",
	    "run a trusted notebook when it opens" },
	{ "theme", CONFIG_STRING, "dark", 0, 0, NULL,
	    "colour theme: a name from the themes directories, or a file" },
	{ "display.unicode", CONFIG_CHOICE, "auto", 0, 0, "auto|ascii",
	    "line drawing and symbols: from the locale (auto), or ASCII" },
	{ "display.graphics", CONFIG_CHOICE, "auto", 0, 0,
	    "auto|symbols|sixel|kitty",
	    "pictures: sixel or kitty where the terminal takes them (auto)" },
	{ "kernel.memory_mb", CONFIG_LONG, "0", 0, 16777216, NULL,
	    "address space of the kernel in MiB; 0 is no limit" },
	{ "kernel.cpu_seconds", CONFIG_LONG, "0", 0, 604800, NULL,
	    "CPU seconds one cell may use; 0 is no limit" },
	{ "kernel.output_bytes", CONFIG_LONG, "0", 0, 1099511627776L, NULL,
	    "output bytes kept per cell; 0 is the built-in limit" },
	{ "git.auto_init", CONFIG_CHOICE, "ask", 0, 0, "ask|yes|no",
	    "create a git repository for a notebook outside one" },
	{ "git.commit_message", CONFIG_CHOICE, "generated", 0, 0,
	    "generated|prompt", "commit messages on save: generated or asked" },
	{ "audit.store", CONFIG_PATH, NULL, 0, 0, NULL,
	    "the audit store; unset: the default location" },
	{ "audit.retention_days", CONFIG_LONG,
	    CONFIG_STR(AUDIT_RETENTION_DEFAULT_DAYS),
	    AUDIT_RETENTION_MIN_DAYS, 36500, NULL,
	    "days audit entries are kept before quire audit prune" },
	{ "audit.syslog", CONFIG_BOOL, "false", 0, 0, NULL,
	    "copy each audit entry's digest to syslog (authpriv)" },
	{ "audit.mode", CONFIG_CHOICE, "personal", 0, 0, "personal|system",
	    "record to the user's own store, or through quire-audit-writer" },
};

#define CONFIG_NKEYS (sizeof config_keys / sizeof config_keys[0])

struct config {
	char *path;			/* the file, or "" */
	char *values[CONFIG_NKEYS];	/* NULL: the default */
	char *origins[CONFIG_NKEYS];	/* "FILE:LINE", "set", NULL */
};

/* What the parser is working through. */
struct config_parser {
	struct config *c;
	const char *file;
	const char *p;			/* the text */
	size_t len;
	size_t line;			/* 1-based */
	bool lenient;
	struct buf *warnings;
};

const struct config_key *
config_schema(size_t *n)
{
	*n = CONFIG_NKEYS;
	return config_keys;
}

static int
config_key_index(const char *key)
{
	size_t i;

	for (i = 0; i < CONFIG_NKEYS; i++)
		if (strcmp(config_keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

const struct config_key *
config_key_find(const char *key)
{
	int i = config_key_index(key);

	return i < 0 ? NULL : &config_keys[i];
}

/* Edit distance, for "did you mean"; keys are short. */
static size_t
config_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	size_t *row, prev, tmp;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	row = xcalloc(lb + 1, sizeof *row);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

/* The known key a mistyped one most likely meant, or NULL. */
static const char *
config_suggest(const char *key)
{
	const char *best = NULL, *dot;
	size_t i, d, bestd = 3;

	for (i = 0; i < CONFIG_NKEYS; i++) {
		d = config_distance(key, config_keys[i].name);
		/* "tab_width" alone, or under the wrong section. */
		dot = strrchr(config_keys[i].name, '.');
		if (dot != NULL && (strcmp(key, dot + 1) == 0 ||
		    (strrchr(key, '.') != NULL &&
		    strcmp(strrchr(key, '.'), dot) == 0)))
			d = d < 2 ? d : 2;
		if (d < bestd) {
			bestd = d;
			best = config_keys[i].name;
		}
	}
	return best;
}

static void
config_unknown_key(const char *key)
{
	const char *s = config_suggest(key);

	if (s != NULL)
		err_set("no setting %s (did you mean %s?)", key, s);
	else
		err_set("no setting %s", key);
}

static bool
config_word_eq(const char *a, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < blen; i++)
		if (a[i] == '\0' || tolower((unsigned char)a[i]) !=
		    tolower((unsigned char)b[i]))
			return false;
	return a[blen] == '\0';
}

/*
 * Check value against k and put its canonical spelling in out ("yes" ->
 * "true", "+04" -> "4", a choice in lower case, ~/ expanded). -1 with
 * err_last() naming the key.
 */
static int
config_normalize(struct buf *out, const struct config_key *k,
    const char *value)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	struct buf list = BUF_INIT;
	const char *p, *bar, *home;
	char *end;
	long n;
	size_t i;

	buf_reset(out);
	if (memchr(value, '\n', strlen(value)) != NULL) {
		err_set("%s: a value is one line", k->name);
		return -1;
	}
	switch (k->type) {
	case CONFIG_BOOL:
		for (i = 0; i < 4; i++) {
			if (config_word_eq(value, yes[i], strlen(yes[i]))) {
				buf_adds(out, "true");
				return 0;
			}
			if (config_word_eq(value, no[i], strlen(no[i]))) {
				buf_adds(out, "false");
				return 0;
			}
		}
		err_set("%s: '%s' is not true or false", k->name, value);
		return -1;
	case CONFIG_LONG:
		errno = 0;
		p = value;
		if (*p == '+')
			p++;
		if (!isdigit((unsigned char)*p) && !(*p == '-' &&
		    isdigit((unsigned char)p[1]))) {
			err_set("%s: '%s' is not a number", k->name, value);
			return -1;
		}
		n = strtol(p, &end, 10);
		if (*end != '\0') {
			err_set("%s: '%s' is not a number", k->name, value);
			return -1;
		}
		if (errno == ERANGE || n < k->min || n > k->max) {
			err_set("%s: %s is not in %ld-%ld", k->name, value,
			    k->min, k->max);
			return -1;
		}
		buf_addf(out, "%ld", n);
		return 0;
	case CONFIG_CHOICE:
		for (p = k->choices;; p = bar + 1) {
			bar = strchr(p, '|');
			if (bar == NULL)
				bar = p + strlen(p);
			if (config_word_eq(value, p, (size_t)(bar - p))) {
				buf_add(out, p, (size_t)(bar - p));
				return 0;
			}
			if (*bar == '\0')
				break;
		}
		/* The choices as words: "plain, vi". */
		for (p = k->choices; *p != '\0'; p++) {
			if (*p == '|')
				buf_adds(&list, ", ");
			else
				buf_addc(&list, *p);
		}
		err_set("%s: '%s' is not one of %s", k->name, value, list.ptr);
		buf_release(&list);
		return -1;
	case CONFIG_PATH:
		if (value[0] == '\0') {
			err_set("%s: empty file name", k->name);
			return -1;
		}
		if (value[0] == '~' && (value[1] == '/' || value[1] == '\0') &&
		    (home = getenv("HOME")) != NULL && home[0] == '/') {
			buf_adds(out, home);
			buf_adds(out, value + 1);
		} else
			buf_adds(out, value);
		return 0;
	case CONFIG_STRING:
		/* The theme names a file: no empty name, no control bytes. */
		if (strcmp(k->name, "theme") == 0) {
			if (value[0] == '\0') {
				err_set("%s: empty theme name", k->name);
				return -1;
			}
			for (p = value; *p != '\0'; p++)
				if ((unsigned char)*p < 0x20 || *p == 0x7f) {
					err_set("%s: control character in "
					    "theme name", k->name);
					return -1;
				}
		}
		buf_adds(out, value);
		return 0;
	}
	err_set("%s: bad schema type", k->name);
	return -1;
}

int
config_check(const char *key, const char *value)
{
	const struct config_key *k = config_key_find(key);
	struct buf tmp = BUF_INIT;
	int rc;

	if (k == NULL) {
		config_unknown_key(key);
		return -1;
	}
	rc = config_normalize(&tmp, k, value);
	buf_release(&tmp);
	return rc;
}

/* Set a known key's value and where it came from; takes nothing. */
static void
config_store(struct config *c, size_t i, const char *value,
    const char *origin)
{
	free(c->values[i]);
	free(c->origins[i]);
	c->values[i] = xstrdup(value);
	c->origins[i] = origin != NULL ? xstrdup(origin) : NULL;
}

struct config *
config_new(void)
{
	struct config *c = xcalloc(1, sizeof *c);

	c->path = xstrdup("");
	return c;
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < CONFIG_NKEYS; i++) {
		free(c->values[i]);
		free(c->origins[i]);
	}
	free(c->path);
	free(c);
}

const char *
config_path(const struct config *c)
{
	return c->path;
}

const char *
config_get(const struct config *c, const char *key, const char *dflt)
{
	int i;

	if (c == NULL || (i = config_key_index(key)) < 0)
		return dflt;
	if (c->values[i] != NULL)
		return c->values[i];
	if (config_keys[i].dflt != NULL)
		return config_keys[i].dflt;
	return dflt;
}

int
config_get_bool(const struct config *c, const char *key, int dflt)
{
	const char *v = config_get(c, key, NULL);

	if (v == NULL)
		return dflt;
	if (strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "false") == 0)
		return 0;
	return dflt;
}

long
config_get_long(const struct config *c, const char *key, long min,
    long max, long dflt)
{
	const char *v = config_get(c, key, NULL);
	char *end;
	long n;

	if (v == NULL || v[0] == '\0')
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*end != '\0' || errno == ERANGE || n < min || n > max)
		return dflt;
	return n;
}

const char *
config_origin(const struct config *c, const char *key)
{
	int i;

	if (c == NULL || (i = config_key_index(key)) < 0)
		return NULL;
	return c->origins[i];
}

int
config_set(struct config *c, const char *key, const char *value)
{
	struct buf v = BUF_INIT;
	int i;

	if ((i = config_key_index(key)) < 0) {
		config_unknown_key(key);
		return -1;
	}
	if (config_normalize(&v, &config_keys[i], value) < 0) {
		buf_release(&v);
		return -1;
	}
	config_store(c, (size_t)i, v.ptr, "set");
	buf_release(&v);
	return 0;
}

static bool
config_is_key_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '-' ||
	    ch == '.';
}

static bool
config_is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

int
config_set_arg(struct config *c, const char *arg)
{
	struct buf key = BUF_INIT, val = BUF_INIT;
	const struct config_key *k;
	const char *p = arg;
	int rc = -1;

	while (config_is_space(*p))
		p++;
	while (config_is_key_char(*p))
		buf_addc(&key, *p++);
	while (config_is_space(*p))
		p++;
	if (key.len == 0) {
		err_set("set: expected a setting name");
		goto done;
	}
	if (*p == '\0') {
		/* ":set wrap" and ":set nowrap", as in vi. */
		if ((k = config_key_find(key.ptr)) != NULL &&
		    k->type == CONFIG_BOOL)
			rc = config_set(c, key.ptr, "true");
		else if (strncmp(key.ptr, "no", 2) == 0 &&
		    (k = config_key_find(key.ptr + 2)) != NULL &&
		    k->type == CONFIG_BOOL)
			rc = config_set(c, key.ptr + 2, "false");
		else if (k != NULL)
			err_set("set: %s needs a value (%s = ...)", key.ptr,
			    key.ptr);
		else
			config_unknown_key(key.ptr);
		goto done;
	}
	if (*p != '=') {
		err_set("set: expected %s = value", key.ptr);
		goto done;
	}
	p++;
	while (config_is_space(*p))
		p++;
	buf_adds(&val, p);
	buf_rtrim(&val);
	if (val.len >= 2 && val.ptr[0] == '"' && val.ptr[val.len - 1] == '"') {
		struct buf un = BUF_INIT;
		size_t i;

		for (i = 1; i + 1 < val.len; i++) {
			if (val.ptr[i] == '\\' && i + 2 < val.len &&
			    (val.ptr[i + 1] == '"' || val.ptr[i + 1] == '\\'))
				i++;
			buf_addc(&un, val.ptr[i]);
		}
		buf_release(&val);
		val = un;
	}
	rc = config_set(c, key.ptr, val.ptr);
done:
	buf_release(&key);
	buf_release(&val);
	return rc;
}

/*
 * Report a problem at column col of the current line. Syntax errors
 * always fail; a bad key or value is a warning when lenient.
 */
static int
config_report(struct config_parser *ps, size_t col, bool syntax,
    const char *what)
{
	if (!syntax && ps->lenient) {
		if (ps->warnings != NULL)
			buf_addf(ps->warnings, "%s:%zu:%zu: %s\n", ps->file,
			    ps->line, col, what);
		return 0;
	}
	err_set("%s:%zu:%zu: %s", ps->file, ps->line, col, what);
	return -1;
}

/*
 * Read a double-quoted string starting at s[*i] == '"' into out. -1
 * with the column of the fault in *col and why in *why.
 */
static int
config_parse_quoted(const char *s, size_t len, size_t *i, struct buf *out,
    const char **why)
{
	size_t j = *i + 1;

	for (; j < len; j++) {
		if (s[j] == '"') {
			*i = j + 1;
			return 0;
		}
		if (s[j] == '\\') {
			if (j + 1 < len && (s[j + 1] == '"' ||
			    s[j + 1] == '\\')) {
				buf_addc(out, s[++j]);
				continue;
			}
			*i = j;
			*why = "unknown escape (only \\\" and \\\\)";
			return -1;
		}
		buf_addc(out, s[j]);
	}
	*i = j;
	*why = "unterminated string";
	return -1;
}

/* One line, without its newline. */
static int
config_parse_line(struct config_parser *ps, const char *s, size_t len,
    struct buf *section)
{
	struct buf key = BUF_INIT, val = BUF_INIT, norm = BUF_INIT;
	struct buf msg = BUF_INIT;
	const char *why = NULL;
	size_t i = 0, keycol, valcol, start;
	int idx, rc = 0;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	while (i < len && config_is_space(s[i]))
		i++;
	if (i == len || s[i] == '#')
		goto done;
	if (s[i] == '[') {
		i++;
		while (i < len && config_is_space(s[i]))
			i++;
		start = i;
		while (i < len && config_is_key_char(s[i]))
			i++;
		buf_reset(section);
		buf_add(section, s + start, i - start);
		while (i < len && config_is_space(s[i]))
			i++;
		if (section->len == 0 || section->ptr[0] == '.' ||
		    section->ptr[section->len - 1] == '.') {
			rc = config_report(ps, start + 1, true,
			    "expected a section name, as in [editor]");
			goto done;
		}
		if (i == len || s[i] != ']') {
			rc = config_report(ps, i + 1, true,
			    "expected ] after the section name");
			goto done;
		}
		i++;
		while (i < len && config_is_space(s[i]))
			i++;
		if (i < len && s[i] != '#')
			rc = config_report(ps, i + 1, true,
			    "unexpected text after ]");
		goto done;
	}
	keycol = i + 1;
	if (section->len > 0)
		buf_addf(&key, "%s.", section->ptr);
	start = i;
	while (i < len && config_is_key_char(s[i]))
		i++;
	if (i == start || s[start] == '.' || s[i - 1] == '.') {
		rc = config_report(ps, keycol, true,
		    i == start ? "expected key = value" : "bad key name");
		goto done;
	}
	buf_add(&key, s + start, i - start);
	while (i < len && config_is_space(s[i]))
		i++;
	if (i == len || s[i] != '=') {
		rc = config_report(ps, i + 1, true, "expected = after the key");
		goto done;
	}
	i++;
	while (i < len && config_is_space(s[i]))
		i++;
	valcol = i + 1;
	if (i < len && s[i] == '"') {
		if (config_parse_quoted(s, len, &i, &val, &why) < 0) {
			rc = config_report(ps, i + 1, true, why);
			goto done;
		}
		while (i < len && config_is_space(s[i]))
			i++;
		if (i < len && s[i] != '#') {
			rc = config_report(ps, i + 1, true,
			    "unexpected text after the closing quote");
			goto done;
		}
	} else {
		/* A '#' after a blank starts a comment. */
		start = i;
		while (i < len && !(s[i] == '#' && i > 0 &&
		    config_is_space(s[i - 1])))
			i++;
		buf_add(&val, s + start, i - start);
		buf_rtrim(&val);
		if (memchr(val.ptr, '"', val.len) != NULL) {
			rc = config_report(ps, valcol, true,
			    "a quote inside an unquoted value");
			goto done;
		}
	}
	if (memchr(val.ptr, '\0', val.len) != NULL) {
		rc = config_report(ps, valcol, true, "NUL byte in value");
		goto done;
	}
	if ((idx = config_key_index(key.ptr)) < 0) {
		config_unknown_key(key.ptr);
		buf_adds(&msg, err_last());
		rc = config_report(ps, keycol, false, msg.ptr);
		goto done;
	}
	if (config_normalize(&norm, &config_keys[idx], val.ptr) < 0) {
		buf_adds(&msg, err_last());
		rc = config_report(ps, valcol, false, msg.ptr);
		goto done;
	}
	buf_reset(&msg);
	buf_addf(&msg, "%s:%zu", ps->file, ps->line);
	config_store(ps->c, (size_t)idx, norm.ptr, msg.ptr);
done:
	buf_release(&key);
	buf_release(&val);
	buf_release(&norm);
	buf_release(&msg);
	return rc;
}

/* The parser over text in memory; file names it in messages. */
static struct config *
config_parse_text(const char *file, const char *p, size_t len,
    bool lenient, struct buf *warnings)
{
	struct config_parser ps;
	struct buf section = BUF_INIT;
	const char *nl;
	size_t off = 0, n;

	memset(&ps, 0, sizeof ps);
	ps.c = config_new();
	free(ps.c->path);
	ps.c->path = xstrdup(file);
	ps.file = file;
	ps.p = p;
	ps.len = len;
	ps.lenient = lenient;
	ps.warnings = warnings;
	while (off < len) {
		ps.line++;
		nl = memchr(p + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (p + off)) : len - off;
		if (config_parse_line(&ps, p + off, n, &section) < 0) {
			buf_release(&section);
			config_free(ps.c);
			return NULL;
		}
		off += n + (nl != NULL);
	}
	buf_release(&section);
	return ps.c;
}

struct config *
config_parse(const char *file, const char *p, size_t len, bool lenient,
    struct buf *warnings)
{
	return config_parse_text(file != NULL ? file : "(config)", p, len,
	    lenient, warnings);
}

/* The default file name: $XDG_CONFIG_HOME/quire/config. */
static int
config_default_path(struct buf *out)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct passwd *pw;

	/* The XDG spec: a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg != NULL && xdg[0] == '/') {
		buf_addf(out, "%s/quire/config", xdg);
		return 0;
	}
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] != '/') {
		err_set("no home directory for the config file");
		return -1;
	}
	buf_addf(out, "%s/.config/quire/config", home);
	return 0;
}

/* Read path into out; 1 when it does not exist. */
static int
config_read_file(struct buf *out, const char *path)
{
	return buf_read_file(out, path, CONFIG_FILE_MAX, "config file");
}

static struct config *
config_load_any(const char *path, bool lenient, struct buf *warnings)
{
	struct buf name = BUF_INIT, text = BUF_INIT;
	struct config *c = NULL;
	int rc;

	if (path == NULL) {
		if (config_default_path(&name) < 0)
			goto done;
		path = name.ptr;
	}
	rc = config_read_file(&text, path);
	if (rc < 0)
		goto done;
	if (rc == 1) {
		c = config_new();
		free(c->path);
		c->path = xstrdup(path);
		goto done;
	}
	c = config_parse_text(path, text.ptr, text.len, lenient, warnings);
done:
	buf_release(&name);
	buf_release(&text);
	return c;
}

struct config *
config_load(const char *path)
{
	return config_load_any(path, false, NULL);
}

struct config *
config_load_lenient(const char *path, struct buf *warnings)
{
	return config_load_any(path, true, warnings);
}
