/*
 * main.c: the commands of the quire program, in quire-app.so (the
 * program's own main is tui/launch.c). Picks the subcommand and hands
 * over; each subcommand lives in its own tui/cli_*.c file. Nothing here
 * knows about notebooks.
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kern.h"

#define QUIRE_NOT_BUILT 2

struct main_cmd {
	const char *name;
	int (*fn)(int, char **);	/* NULL: not built yet */
	const char *usage;
};

static const struct main_cmd main_cmds[] = {
	{ "edit", cli_edit, "edit [-k plain|vi] [--no-probe] NB.py" },
	{ "view", cli_view, "view [-k plain|vi] [--no-probe] NB.py" },
	{ "run", cli_run, "run [--json] [--images] [--width N] [--color=WHEN] [--venv DIR] NB.py [-- ARGS]" },
	{ "check", cli_check, "check [--json] NB.py..." },
	{ "export", NULL, "export NB.py --to FORMAT [-o OUT]" },
	{ "convert", cli_convert, "convert [--to marimo|percent|ipynb|script] IN OUT" },
	{ "log", cli_log, "log [-n N] [--oneline] NB.py" },
	{ "diff", cli_diff, "diff [-U N] [--color=WHEN] NB.py [REV [REV]] | A B" },
	{ "show", cli_show, "show NB.py@REV" },
	{ "audit", cli_audit, "audit init|show|verify|export|status|prune" },
	{ "secrets", NULL, "secrets list|set|get|rm NAME" },
	{ "trust", NULL, "trust NB.py" },
	{ "whoami", cli_whoami, "whoami" },
	{ "doctor", cli_doctor, "doctor [--no-probe]" },
	{ NULL, NULL, NULL }
};

static void
main_usage(FILE *f)
{
	const struct main_cmd *c;

	fprintf(f, "usage: quire [edit] NB.py\n");
	for (c = main_cmds; c->name != NULL; c++)
		fprintf(f, "       quire %s\n", c->usage);
	fprintf(f, "       quire --help | --version\n");
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	const struct main_cmd *c;
	va_list ap;

	fprintf(stderr, "quire %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (c = main_cmds; c->name != NULL; c++)
		if (strcmp(c->name, cmd) == 0)
			fprintf(stderr, "usage: quire %s\n", c->usage);
	return 2;
}

static const struct main_cmd *
main_find(const char *name)
{
	const struct main_cmd *c;

	for (c = main_cmds; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* The program's main, in quire-app.so: tui/launch.c calls it. */
int
quire_main(int argc, char **argv)
{
	const struct main_cmd *c;

	kern_prestart_take();
	(void)setlocale(LC_ALL, "");
	if (argc < 2) {
		main_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("quire %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "quire: unknown option %s\n", argv[1]);
		main_usage(stderr);
		return 2;
	}
	c = main_find(argv[1]);
	if (c == NULL) {
		/* "quire NB.py" is "quire edit NB.py". */
		static char edit_name[] = "edit";
		char **args = calloc((size_t)argc + 1, sizeof *args);
		int status;

		if (args == NULL)
			return 1;
		c = main_find("edit");
		args[0] = edit_name;
		memcpy(args + 1, argv + 1, (size_t)(argc - 1) * sizeof *args);
		status = c->fn ? c->fn(argc, args) : -1;
		free(args);
		if (status >= 0)
			return status;
	}
	if (c->fn == NULL) {
		fprintf(stderr, "quire %s: not built yet in this version\n",
		    c->name);
		return QUIRE_NOT_BUILT;
	}
	return c->fn(argc - 1, argv + 1);
}
