/*
 * cli_kernel.c: `quire --kernel --fd N [--spill-fd N] [--venv DIR]
 * [--pydir DIR]`, the kernel process kern.c spawns (fork+exec of this
 * same binary). Not a command for people: it speaks frames on fd N and
 * batches DONEs through the shared memory of --spill-fd
 * (doc/kernel-protocol.md).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kernel.h"

int
cli_kernel(int argc, char **argv)
{
	struct kernel_opts o = { -1, NULL, NULL, -1 };
	char *end;
	long fd;
	int i, status;

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc) {
			fprintf(stderr, "quire --kernel: %s needs a value\n",
			    argv[i]);
			return 2;
		}
		if (strcmp(argv[i], "--fd") == 0) {
			fd = strtol(argv[++i], &end, 10);
			if (*end != '\0' || fd < 0 || fd > 65535) {
				fprintf(stderr, "quire --kernel: bad fd %s\n",
				    argv[i]);
				return 2;
			}
			o.fd = (int)fd;
		} else if (strcmp(argv[i], "--spill-fd") == 0) {
			fd = strtol(argv[++i], &end, 10);
			if (*end != '\0' || fd < 0 || fd > 65535) {
				fprintf(stderr, "quire --kernel: bad fd %s\n",
				    argv[i]);
				return 2;
			}
			o.spill_fd = (int)fd;
		} else if (strcmp(argv[i], "--venv") == 0)
			o.venv = argv[++i];
		else if (strcmp(argv[i], "--pydir") == 0)
			o.pydir = argv[++i];
		else {
			fprintf(stderr, "quire --kernel: unknown option %s\n",
			    argv[i]);
			return 2;
		}
	}
	if (o.fd < 0) {
		fprintf(stderr, "quire --kernel: internal mode for the editor; "
		    "it needs --fd N\n");
		return 2;
	}
	/* Never return into exit(): threads user code left running must
	 * not keep the process alive, nor atexit handlers run twice. */
	status = kernel_main(&o);
	(void)fflush(NULL);
	_exit(status);
}
