/*
 * launch.c: the quire program's main. The program itself only runs the
 * kernel, `quire --kernel`, which the editor and `quire run` start for
 * every run and which needs libpython and jansson alone: loading the
 * editor's libraries as well (curses, libgit2, SQLite, libsodium, chafa,
 * cmark-gfm and theirs, two dozen in all) cost each kernel about 5 ms of
 * its start. Every other command is in quire-app.so, loaded from beside
 * the program (a build tree) or from $(pkglibdir) (an installed quire).
 */
#include "config.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kern.h"

#ifndef QUIRE_PKGLIBDIR
#define QUIRE_PKGLIBDIR "/usr/local/lib/quire"
#endif

#define LAUNCH_APP "quire-app.so"

/* Where quire-app.so is: beside the program when it is there. */
static void
launch_app_path(char *out, size_t size)
{
	char exe[PATH_MAX];
	char *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			if ((size_t)snprintf(out, size, "%s/%s", exe,
			    LAUNCH_APP) < size && access(out, R_OK) == 0)
				return;
		}
	}
	(void)snprintf(out, size, "%s/%s", QUIRE_PKGLIBDIR, LAUNCH_APP);
}

/*
 * quire run starts a kernel first thing: started here, its interpreter
 * comes up while the program loads quire-app.so. Not with --venv, which
 * the kernel needs before it starts (the program's own default is to
 * use $VIRTUAL_ENV, which the kernel reads itself).
 */
static bool
launch_wants_kernel(int argc, char **argv)
{
	int i;

	if (argc < 3 || strcmp(argv[1], "run") != 0)
		return false;
	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--venv") == 0 ||
		    strcmp(argv[i], "--help") == 0)
			return false;
	return true;
}

int
main(int argc, char **argv)
{
	char path[PATH_MAX + sizeof LAUNCH_APP + 1];
	int (*app_main)(int, char **);
	void *app;

	/* No setlocale here (quire_main has its own): the kernel's locale
	 * is python3's, LC_CTYPE from the environment, which CPython sets,
	 * and the rest (LC_NUMERIC...) "C", as C extensions expect. */
	if (argc > 1 && strcmp(argv[1], "--kernel") == 0)
		return cli_kernel(argc - 1, argv + 1);
	if (launch_wants_kernel(argc, argv))
		kern_prestart();
	launch_app_path(path, sizeof path);
	app = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (app == NULL) {
		fprintf(stderr, "quire: cannot load the program's commands: "
		    "%s (is quire installed whole?)\n", dlerror());
		return 2;
	}
	*(void **)&app_main = dlsym(app, "quire_main");
	if (app_main == NULL) {
		fprintf(stderr, "quire: %s: %s\n", path, dlerror());
		return 2;
	}
	return app_main(argc, argv);
}
