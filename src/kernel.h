/*
 * kernel.h: the kernel process, `quire --kernel`. It embeds CPython with
 * the user's site-packages (not isolated: this is where user code runs),
 * keeps the notebook's globals, and answers the frames kern.c sends over
 * a socketpair (doc/kernel-protocol.md). The editor side is kern.h.
 */
#ifndef QUIRE_KERNEL_H
#define QUIRE_KERNEL_H

struct kernel_opts {
	int fd;			/* the connected socket */
	const char *venv;	/* --venv DIR, or NULL ($VIRTUAL_ENV counts) */
	const char *pydir;	/* where python/quire lives, or NULL: search
				   $QUIRE_PYDIR, then the installed copy */
	int spill_fd;		/* the spill area (proto.h), or -1 */
};

/*
 * Run the kernel until the editor says shutdown or goes away. Returns
 * the process exit status: 0 after a shutdown or EOF, 2 when the
 * interpreter cannot start (a mismatched virtualenv, a missing quire
 * package; the reason is sent as a fatal ERROR frame first, and written
 * to stderr), 3 when the editor sends a malformed frame. Only ever
 * called once per process, in the child kern.c spawned.
 */
int kernel_main(const struct kernel_opts *);

#endif
