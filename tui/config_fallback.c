/*
 * config_fallback.c: a stand-in for src/config.c while it is not in the
 * build: reads "key = value" lines, with "[section]" lines prefixing
 * "section." to the keys after them, and '#' comments; bad lines are
 * errors naming file and line. The definitions are weak, so the real
 * ones win as soon as libquire.a provides them (nothing else changes),
 * and this file goes once it does.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "xmalloc.h"

struct config {
	char **keys;
	char **values;
	size_t n;
};

static void
config_trim(struct buf *b)
{
	size_t i = 0;

	buf_rtrim(b);
	while (i < b->len && (b->ptr[i] == ' ' || b->ptr[i] == '\t'))
		i++;
	memmove(b->ptr, b->ptr + i, b->len - i + 1);
	b->len -= i;
}

__attribute__((weak)) struct config *
config_load(const char *path)
{
	struct config *c = xcalloc(1, sizeof *c);
	struct buf file = BUF_INIT, line = BUF_INIT, section = BUF_INIT;
	struct buf key = BUF_INIT, val = BUF_INIT;
	const char *home, *xdg;
	FILE *f;
	char *eq;
	int ch;
	size_t lineno = 0;

	if (path == NULL) {
		xdg = getenv("XDG_CONFIG_HOME");
		home = getenv("HOME");
		if (xdg != NULL && xdg[0] == '/')
			buf_addf(&file, "%s/quire/config", xdg);
		else if (home != NULL)
			buf_addf(&file, "%s/.config/quire/config", home);
		else
			return c;
		path = file.ptr;
	}
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			err_errno("%s", path);
			free(c);
			c = NULL;
		}
		buf_release(&file);
		return c;
	}
	for (;;) {
		buf_reset(&line);
		while ((ch = getc(f)) != EOF && ch != '\n')
			buf_addc(&line, (char)ch);
		if (ch == EOF && line.len == 0)
			break;
		lineno++;
		if ((eq = memchr(line.ptr, '#', line.len)) != NULL)
			buf_truncate(&line, (size_t)(eq - line.ptr));
		config_trim(&line);
		if (line.len == 0)
			continue;
		if (line.ptr[0] == '[' && line.ptr[line.len - 1] == ']') {
			buf_reset(&section);
			buf_add(&section, line.ptr + 1, line.len - 2);
			config_trim(&section);
			continue;
		}
		if ((eq = strchr(line.ptr, '=')) == NULL) {
			err_set("%s:%zu: expected key = value", path, lineno);
			(void)fclose(f);
			config_free(c);
			c = NULL;
			break;
		}
		buf_reset(&key);
		if (section.len > 0)
			buf_addf(&key, "%s.", section.ptr);
		buf_add(&key, line.ptr, (size_t)(eq - line.ptr));
		buf_rtrim(&key);
		buf_reset(&val);
		buf_adds(&val, eq + 1);
		config_trim(&val);
		if (val.len >= 2 && val.ptr[0] == '"' &&
		    val.ptr[val.len - 1] == '"') {
			memmove(val.ptr, val.ptr + 1, val.len - 2);
			buf_truncate(&val, val.len - 2);
		}
		c->keys = xreallocarray(c->keys, c->n + 1, sizeof *c->keys);
		c->values = xreallocarray(c->values, c->n + 1,
		    sizeof *c->values);
		c->keys[c->n] = xstrdup(key.ptr);
		c->values[c->n] = xstrdup(val.ptr);
		c->n++;
	}
	if (c != NULL)
		(void)fclose(f);
	buf_release(&file);
	buf_release(&line);
	buf_release(&section);
	buf_release(&key);
	buf_release(&val);
	return c;
}

__attribute__((weak)) void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->keys[i]);
		free(c->values[i]);
	}
	free(c->keys);
	free(c->values);
	free(c);
}

__attribute__((weak)) const char *
config_get(const struct config *c, const char *key, const char *dflt)
{
	size_t i;

	if (c == NULL)
		return dflt;
	/* The last setting wins, as in most config files. */
	for (i = c->n; i-- > 0;)
		if (strcmp(c->keys[i], key) == 0)
			return c->values[i];
	return dflt;
}
