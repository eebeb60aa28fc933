/*
 * nbedit.c: make and edit notebooks through the library, for the
 * conformance test (tests/conformance.sh). It reads a script of edits and
 * saves the notebook with quire's marimo writer, so the test can ask real
 * marimo whether it would have written the same bytes. It is a test
 * driver: it prints, and it exits 2 on a bad script.
 *
 *	nbedit SCRIPT
 *
 * One command per line; blank lines and lines starting with '#' are
 * skipped. CODE and TEXT are the rest of the line with C escapes (\n, \t,
 * \\, \xHH); IDX is a 0-based display position.
 *
 *	new			start an empty notebook
 *	load PATH		read a marimo notebook
 *	cell [OPT...] : CODE	append a cell; OPT: name=NAME hide_code
 *				disabled column=K
 *	insert IDX : CODE	insert a cell at IDX
 *	set IDX : CODE		replace a cell's code
 *	delete IDX		remove a cell
 *	move IDX TO		move a cell to position TO
 *	rename IDX NAME		give a cell a name ("_" for none)
 *	hide IDX		toggle hide_code
 *	disable IDX		toggle disabled
 *	column IDX K		set the column (-1: none)
 *	header : TEXT		set the header (before import marimo)
 *	width VALUE		set the App's width option
 *	title : TEXT		set the App's app_title option
 *	save PATH		write the notebook as marimo .py
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"
#include "xmalloc.h"

struct nbedit {
	const char *script;
	size_t lineno;
	struct nb *nb;
	struct ana *ana;
};

static void
nbedit_die(struct nbedit *e, const char *what)
{
	fprintf(stderr, "nbedit: %s:%zu: %s\n", e->script, e->lineno, what);
	exit(2);
}

/* Decode the C escapes of s into out. */
static void
nbedit_unescape(struct nbedit *e, struct buf *out, const char *s)
{
	char hex[3];

	buf_reset(out);
	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			buf_addc(out, *s);
			continue;
		}
		switch (*++s) {
		case 'n':
			buf_addc(out, '\n');
			break;
		case 't':
			buf_addc(out, '\t');
			break;
		case 'r':
			buf_addc(out, '\r');
			break;
		case '\\':
			buf_addc(out, '\\');
			break;
		case 'x':
			if (s[1] == '\0' || s[2] == '\0')
				nbedit_die(e, "short \\x escape");
			hex[0] = s[1];
			hex[1] = s[2];
			hex[2] = '\0';
			buf_addc(out, (char)strtol(hex, NULL, 16));
			s += 2;
			break;
		default:
			nbedit_die(e, "unknown escape");
		}
	}
}

static size_t
nbedit_index(struct nbedit *e, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || (*end != '\0' && *end != ' '))
		nbedit_die(e, "bad cell index");
	if (e->nb == NULL || v >= nb_ncells(e->nb))
		nbedit_die(e, "no such cell");
	return v;
}

static struct nb_cell *
nbedit_cell(struct nbedit *e, const char *s)
{
	return nb_cell_at(e->nb, nbedit_index(e, s));
}

/* The text after " : ", the CODE or TEXT argument. */
static const char *
nbedit_text(struct nbedit *e, const char *args)
{
	const char *p = strstr(args, ": ");

	if (p == NULL) {
		if ((p = strstr(args, ":")) != NULL && p[1] == '\0')
			return p + 1;
		nbedit_die(e, "missing ' : CODE'");
	}
	return p + 2;
}

static void
nbedit_add_cell(struct nbedit *e, char *args, struct buf *code)
{
	struct nb_cell_config cfg = nb_cell_config_default;
	struct nb_cell *c;
	const char *name = NULL;
	char *opt, *next;

	nbedit_unescape(e, code, nbedit_text(e, args));
	for (opt = args; opt != NULL && *opt != ':'; opt = next) {
		next = strchr(opt, ' ');
		if (next != NULL)
			*next++ = '\0';
		if (*opt == '\0')
			continue;
		if (strncmp(opt, "name=", 5) == 0)
			name = opt + 5;
		else if (strcmp(opt, "hide_code") == 0)
			cfg.hide_code = true;
		else if (strcmp(opt, "disabled") == 0)
			cfg.disabled = true;
		else if (strncmp(opt, "column=", 7) == 0)
			cfg.column = atoi(opt + 7);
		else
			nbedit_die(e, "unknown cell option");
	}
	c = nb_cell_insert(e->nb, nb_ncells(e->nb), code->ptr, code->len);
	nb_cell_set_config(c, cfg);
	if (name != NULL) {
		nb_cell_set_name(c, name);
		if (strcmp(name, "setup") == 0) {
			nb_cell_set_kind(c, NB_CELL_SETUP);
			(void)nb_cell_move(e->nb, nb_cell_id(c), 0);
		}
	}
}

static void
nbedit_set_option(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

static void
nbedit_command(struct nbedit *e, char *line, struct buf *text)
{
	struct nb_cell_config cfg;
	struct nb_cell *c;
	char *cmd = line, *args;
	size_t idx;

	args = strchr(line, ' ');
	if (args != NULL)
		*args++ = '\0';
	else
		args = line + strlen(line);

	if (strcmp(cmd, "new") == 0) {
		nb_free(e->nb);
		e->nb = nb_new();
		return;
	}
	if (strcmp(cmd, "load") == 0) {
		nb_free(e->nb);
		e->nb = NULL;
		if (fmt_load(&e->nb, FMT_MARIMO, args, e->ana) == -1)
			nbedit_die(e, err_last());
		return;
	}
	if (e->nb == NULL)
		nbedit_die(e, "no notebook: 'new' or 'load' first");

	if (strcmp(cmd, "cell") == 0) {
		nbedit_add_cell(e, args, text);
	} else if (strcmp(cmd, "insert") == 0) {
		idx = strtoul(args, NULL, 10);
		nbedit_unescape(e, text, nbedit_text(e, args));
		(void)nb_cell_insert(e->nb, idx, text->ptr, text->len);
	} else if (strcmp(cmd, "set") == 0) {
		c = nbedit_cell(e, args);
		nbedit_unescape(e, text, nbedit_text(e, args));
		nb_cell_set_source(c, text->ptr, text->len);
	} else if (strcmp(cmd, "delete") == 0) {
		c = nbedit_cell(e, args);
		if (nb_cell_remove(e->nb, nb_cell_id(c)) == -1)
			nbedit_die(e, "delete failed");
	} else if (strcmp(cmd, "move") == 0) {
		c = nbedit_cell(e, args);
		if (strchr(args, ' ') == NULL)
			nbedit_die(e, "move IDX TO");
		idx = strtoul(strchr(args, ' ') + 1, NULL, 10);
		if (nb_cell_move(e->nb, nb_cell_id(c), idx) == -1)
			nbedit_die(e, "move failed");
	} else if (strcmp(cmd, "rename") == 0) {
		c = nbedit_cell(e, args);
		if (strchr(args, ' ') == NULL)
			nbedit_die(e, "rename IDX NAME");
		nb_cell_set_name(c, strchr(args, ' ') + 1);
		nb_cell_set_name_derived(c, false);
	} else if (strcmp(cmd, "hide") == 0 || strcmp(cmd, "disable") == 0 ||
	    strcmp(cmd, "column") == 0) {
		c = nbedit_cell(e, args);
		cfg = nb_cell_config(c);
		if (cmd[0] == 'h')
			cfg.hide_code = !cfg.hide_code;
		else if (cmd[0] == 'd')
			cfg.disabled = !cfg.disabled;
		else if (strchr(args, ' ') == NULL)
			nbedit_die(e, "column IDX K");
		else
			cfg.column = atoi(strchr(args, ' ') + 1);
		if (cfg.column < 0)
			cfg.column = NB_COLUMN_NONE;
		nb_cell_set_config(c, cfg);
	} else if (strcmp(cmd, "header") == 0) {
		nbedit_unescape(e, text, nbedit_text(e, args));
		nb_set_header(e->nb, text->ptr, text->len);
	} else if (strcmp(cmd, "width") == 0) {
		nbedit_set_option(&nb_app_options(e->nb)->width, args);
	} else if (strcmp(cmd, "title") == 0) {
		nbedit_unescape(e, text, nbedit_text(e, args));
		nbedit_set_option(&nb_app_options(e->nb)->app_title, text->ptr);
	} else if (strcmp(cmd, "save") == 0) {
		if (fmt_save(e->nb, FMT_MARIMO, args, e->ana) == -1)
			nbedit_die(e, err_last());
	} else {
		nbedit_die(e, "unknown command");
	}
	nb_set_dirty(e->nb, true);
}

int
main(int argc, char **argv)
{
	struct nbedit e = { 0 };
	struct buf text = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: nbedit SCRIPT\n");
		return 2;
	}
	e.script = argv[1];
	if ((f = fopen(e.script, "r")) == NULL) {
		fprintf(stderr, "nbedit: %s: %s\n", e.script, strerror(errno));
		return 2;
	}
	if ((e.ana = ana_new()) == NULL) {
		fprintf(stderr, "nbedit: %s\n", err_last());
		fclose(f);
		return 2;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		e.lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		nbedit_command(&e, line, &text);
	}
	free(line);
	fclose(f);
	buf_release(&text);
	nb_free(e.nb);
	ana_free(e.ana);
	return 0;
}
