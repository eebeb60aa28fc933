/*
 * kern.c: the editor's side of the kernel. Owns the child process, the
 * socket's send queue and receive decoder, and the bookkeeping of its
 * death; what the messages mean is the scheduler's (sched.c), and the
 * child's own loop is kernel.c.
 *
 * The one idea: nothing here may block or grow without bound, because
 * the editor must stay responsive and alive whatever the kernel does:
 * writes are queued until the socket takes them, reads stop at one
 * frame, and a kernel that breaks the protocol is killed, not trusted.
 */
#include "config.h"
#include "kern.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "xmalloc.h"

#define KERN_READ_CHUNK 65536
#define KERN_LOG_MAX 8192
/* How long a kernel that closed its socket gets to exit by itself. */
#define KERN_EXIT_GRACE_MS 200
/* The fd numbers the kernel finds its connection and spill area on. */
#define KERN_CHILD_FD 3
#define KERN_CHILD_SPILL_FD 4

struct kern {
	/* Options, owned copies. */
	char *exe;
	char **argv;		/* NULL-terminated, or NULL */
	char *venv;
	uint64_t as_max;
	uint32_t cpu_max_s;
	uint64_t output_max;
	size_t frame_max;
	char **cli_args;
	size_t ncli_args;
	char *notebook_path;
	char *mode;

	pid_t pid;		/* -1 when not running */
	int sock;
	int pidfd;
	int log_fd;		/* read end of the kernel's stderr */
	bool alive;
	bool exited;		/* reaped, socket maybe not yet drained */
	int wstatus;
	unsigned generation;

	struct proto_spill *spill;	/* shared with the kernel, or NULL */
	bool salvaged;		/* its unsent DONEs were read after death */
	bool deaf;		/* it closed its socket but lived on */
	bool shutdown_sent;	/* SHUTDOWN is on its way */

	struct buf out;		/* frames queued for the kernel */
	size_t out_off;		/* bytes of out already written */
	struct proto_dec *dec;

	struct buf death;	/* why it ended, "" while alive */
	int exit_status;
	int term_signal;
	struct buf fatal;	/* message of a fatal ERROR frame */
	struct buf log;		/* tail of its stderr */
	bool stopped_by_us;
};

static char **
kern_strv_dup(const char *const *v, size_t n)
{
	char **out;
	size_t i;

	out = xreallocarray(NULL, n + 1, sizeof *out);
	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	out[n] = NULL;
	return out;
}

static void
kern_strv_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void kern_spill_free(struct kern *);

struct kern *
kern_new(const struct kern_opts *o)
{
	struct kern *k = xcalloc(1, sizeof *k);
	size_t n = 0;

	if (o->exe != NULL)
		k->exe = xstrdup(o->exe);
	if (o->argv != NULL) {
		while (o->argv[n] != NULL)
			n++;
		k->argv = kern_strv_dup(o->argv, n);
	}
	if (o->venv != NULL)
		k->venv = xstrdup(o->venv);
	k->as_max = o->as_max;
	k->cpu_max_s = o->cpu_max_s;
	k->output_max = o->output_max;
	k->frame_max = o->frame_max;
	if (o->ncli_args > 0)
		k->cli_args = kern_strv_dup(o->cli_args, o->ncli_args);
	k->ncli_args = o->ncli_args;
	if (o->notebook_path != NULL)
		k->notebook_path = xstrdup(o->notebook_path);
	k->mode = xstrdup(o->mode != NULL ? o->mode : "edit");
	k->pid = -1;
	k->sock = -1;
	k->pidfd = -1;
	k->log_fd = -1;
	k->exit_status = -1;
	buf_init(&k->out);
	buf_init(&k->death);
	buf_init(&k->fatal);
	buf_init(&k->log);
	return k;
}

void
kern_free(struct kern *k)
{
	if (k == NULL)
		return;
	kern_stop(k);
	free(k->exe);
	kern_strv_free(k->argv);
	free(k->venv);
	kern_strv_free(k->cli_args);
	free(k->notebook_path);
	free(k->mode);
	buf_release(&k->out);
	buf_release(&k->death);
	buf_release(&k->fatal);
	buf_release(&k->log);
	proto_dec_free(k->dec);
	kern_spill_free(k);
	free(k);
}

/* A descriptor above the standard three, so dup2 onto 0-3 in the
 * child cannot clobber it. */
static int
kern_fd_high(int fd)
{
	int high;

	if (fd < 0 || fd > KERN_CHILD_SPILL_FD)
		return fd;
	high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	(void)close(fd);
	return high;
}

static void
kern_close(int *fd)
{
	if (*fd >= 0)
		(void)close(*fd);
	*fd = -1;
}

static void
kern_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/*
 * In the child, between vfork and exec. It shares the parent's memory
 * until exec, so it only makes system calls on what the parent prepared,
 * and no handler of the parent's may run in it: the parent blocked every
 * signal before vfork, and the child sets each handled one to its
 * default before unblocking (as posix_spawn does).
 */
static void __attribute__((noreturn))
kern_child(char *const *argv, int sock, int logw,
    int devnull, int spill, pid_t parent)
{
	static const char fail[] = "quire: cannot run the kernel program\n";
	struct sigaction sa, dfl;
	sigset_t none;
	int sig;

	/* Its own session: no controlling terminal (opening /dev/tty
	 * fails), a ^C at the terminal is the editor's to forward, and the
	 * kernel dies with the editor. */
	(void)setsid();
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	if (dup2(sock, KERN_CHILD_FD) < 0 || dup2(devnull, 0) < 0 ||
	    dup2(devnull, 1) < 0 || dup2(logw, 2) < 0 ||
	    (spill >= 0 && dup2(spill, KERN_CHILD_SPILL_FD) < 0))
		_exit(127);
	/* Every signal as a fresh process has it, SIGPIPE too. */
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP &&
		    sigaction(sig, NULL, &sa) == 0 &&
		    sa.sa_handler != SIG_DFL)
			(void)sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	execv(argv[0], argv);
	(void)!write(2, fail, sizeof fail - 1);
	_exit(127);
}

/*
 * vfork: the parent waits the fraction of a millisecond to the child's
 * exec, instead of copying its page tables for a child that throws them
 * away and then taking a copy-on-write fault on every page it writes
 * while the kernel starts (1-3 ms of both starts). The parent's signals
 * stay blocked until the child has left its memory.
 */
static pid_t __attribute__((noinline))
kern_vfork(char *const *argv, int sock, int logw, int devnull, int spill,
    pid_t parent)
{
	sigset_t all, old;
	pid_t pid;
	int saved;

	sigfillset(&all);
	(void)pthread_sigmask(SIG_BLOCK, &all, &old);
	pid = vfork();
	if (pid == 0)
		kern_child(argv, sock, logw, devnull, spill, parent);
	saved = errno;
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return pid;
}

/*
 * The spill area (proto.h): shared memory where the kernel keeps the
 * DONE frames it has not sent yet. Without one (no memfd here), the
 * kernel sends each DONE at once.
 */
static int
kern_spill_new(struct kern *k)
{
	int fd;
	void *p;

	fd = memfd_create("quire-spill", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)sizeof *k->spill) < 0 ||
	    (p = mmap(NULL, sizeof *k->spill, PROT_READ | PROT_WRITE,
	    MAP_SHARED, fd, 0)) == MAP_FAILED) {
		(void)close(fd);
		return -1;
	}
	k->spill = p;
	return fd;
}

static void
kern_spill_free(struct kern *k)
{
	if (k->spill != NULL)
		(void)munmap(k->spill, sizeof *k->spill);
	k->spill = NULL;
}

/*
 * The kernel closed its socket. Once it is surely gone (killed if it is
 * still alive after a grace period: deaf), the DONEs it never sent are
 * read from the spill area as if they had arrived, so the cells that
 * finished are reported as finished and the death is the running one's.
 * True when that added frames to the decoder. A DONE that did reach us
 * (the kernel died between its write and clearing the area) comes twice;
 * the scheduler ignores a DONE for a cell no longer in flight.
 */
static bool kern_wait_exit(struct kern *, int);
static void kern_kill(struct kern *);

static bool
kern_salvage(struct kern *k)
{
	uint32_t len;

	if (k->salvaged)
		return false;
	k->salvaged = true;
	if (!kern_wait_exit(k, KERN_EXIT_GRACE_MS)) {
		k->deaf = true;
		kern_kill(k);
	}
	if (k->spill == NULL)
		return false;
	len = atomic_load_explicit(&k->spill->len, memory_order_acquire);
	if (len == 0 || len > sizeof k->spill->data)
		return false;
	proto_dec_feed(k->dec, k->spill->data, len);
	atomic_store_explicit(&k->spill->len, 0, memory_order_relaxed);
	return true;
}

static void
kern_reset_death(struct kern *k)
{
	buf_reset(&k->death);
	buf_reset(&k->fatal);
	buf_reset(&k->log);
	k->exit_status = -1;
	k->term_signal = 0;
	k->exited = false;
	k->stopped_by_us = false;
	k->salvaged = false;
	k->deaf = false;
	k->shutdown_sent = false;
}

static int
kern_queue_config(struct kern *k)
{
	struct proto_config c = { 0 };
	struct buf frame = BUF_INIT;
	int r;

	c.argv = (const char *const *)k->cli_args;
	c.nargv = k->ncli_args;
	c.notebook_path = k->notebook_path;
	c.mode = k->mode;
	c.output_max = k->output_max;
	c.cpu_max_s = k->cpu_max_s;
	c.as_max = k->as_max;
	r = proto_config_encode(&frame, &c);
	if (r == 0)
		r = kern_send_frame(k, frame.ptr, frame.len);
	buf_release(&frame);
	return r;
}

/* k now runs the process pid, connected by sock, its stderr on log_fd. */
static void
kern_running(struct kern *k, pid_t pid, int sock, int log_fd)
{
	k->pid = pid;
	k->sock = sock;
	k->log_fd = log_fd;
	kern_set_nonblock(k->sock);
	kern_set_nonblock(k->log_fd);
#ifdef SYS_pidfd_open
	k->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (k->pidfd >= 0)
		(void)fcntl(k->pidfd, F_SETFD, FD_CLOEXEC);
#else
	k->pidfd = -1;
#endif
	k->alive = true;
	k->generation++;
	buf_reset(&k->out);
	k->out_off = 0;
	proto_dec_free(k->dec);
	k->dec = proto_dec_new(k->frame_max);
}

/* Start the process; the spill area's fd goes to *spill_keep when it is
 * not NULL (a kernel handed over), else it is closed. */
static int
kern_spawn(struct kern *k, int *spill_keep)
{
	char **argv = NULL;
	size_t n = 0, i = 0;
	int sv[2] = { -1, -1 }, logp[2] = { -1, -1 }, devnull = -1;
	int spill = -1;
	pid_t pid, parent = getpid();
	int r = -1;

	if (k->argv != NULL)
		while (k->argv[n] != NULL)
			n++;
	argv = xreallocarray(NULL, n + 10, sizeof *argv);
	if (k->argv != NULL)
		for (i = 0; i < n; i++)
			argv[i] = k->argv[i];
	else {
		argv[i++] = k->exe != NULL ? k->exe : "/proc/self/exe";
		argv[i++] = "--kernel";
	}
	if (k->argv != NULL && k->exe != NULL)
		argv[0] = k->exe;
	argv[i++] = "--fd";
	argv[i++] = "3";
	kern_spill_free(k);
	spill = kern_fd_high(kern_spill_new(k));
	if (spill >= 0) {
		argv[i++] = "--spill-fd";
		argv[i++] = "4";
	}
	if (k->venv != NULL) {
		argv[i++] = "--venv";
		argv[i++] = k->venv;
	}
	argv[i] = NULL;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		err_errno("kernel: socketpair");
		goto done;
	}
	if (pipe2(logp, O_CLOEXEC) < 0) {
		err_errno("kernel: pipe");
		goto done;
	}
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	sv[0] = kern_fd_high(sv[0]);
	sv[1] = kern_fd_high(sv[1]);
	logp[0] = kern_fd_high(logp[0]);
	logp[1] = kern_fd_high(logp[1]);
	devnull = kern_fd_high(devnull);
	if (devnull < 0 || sv[0] < 0 || sv[1] < 0 || logp[0] < 0 ||
	    logp[1] < 0) {
		err_errno("kernel: descriptors");
		goto done;
	}
	pid = kern_vfork(argv, sv[1], logp[1], devnull, spill, parent);
	if (pid < 0) {
		err_errno("kernel: fork");
		goto done;
	}

	kern_running(k, pid, sv[0], logp[0]);
	sv[0] = -1;
	logp[0] = -1;
	r = 0;
	if (spill_keep != NULL) {
		*spill_keep = spill;
		spill = -1;
	}
done:
	kern_close(&sv[0]);
	kern_close(&sv[1]);
	kern_close(&logp[0]);
	kern_close(&logp[1]);
	kern_close(&devnull);
	kern_close(&spill);
	free(argv);
	return r;
}

/*
 * A kernel started before its options were known (tui/launch.c, for
 * quire run: its interpreter starts while the program loads the rest of
 * itself), handed over in the environment as "pid sock log spill" and
 * taken once, by the first kern_start of a kernel with the default
 * program and virtualenv. The options that matter before exec are those
 * two; the rest come in CONFIG.
 */
#define KERN_PRESTART_ENV "QUIRE_KERNEL_PRESTART"
static char kern_prestarted[64];

void
kern_prestart(void)
{
	struct kern_opts o = { 0 };
	struct kern *k = kern_new(&o);
	char handoff[sizeof kern_prestarted];
	int spill = -1;

	if (kern_spawn(k, &spill) == 0 &&
	    (size_t)snprintf(handoff, sizeof handoff, "%d %d %d %d",
	    (int)k->pid, k->sock, k->log_fd, spill) < sizeof handoff &&
	    setenv(KERN_PRESTART_ENV, handoff, 1) == 0) {
		/* Kept open and running for the taker. */
		k->sock = k->log_fd = -1;
		k->pid = -1;
		k->alive = false;
	} else
		kern_close(&spill);
	kern_close(&k->pidfd);
	kern_free(k);
}

void
kern_prestart_take(void)
{
	const char *v = getenv(KERN_PRESTART_ENV);

	if (v != NULL && strlen(v) < sizeof kern_prestarted)
		(void)snprintf(kern_prestarted, sizeof kern_prestarted, "%s",
		    v);
	(void)unsetenv(KERN_PRESTART_ENV);
}

/* Adopt the kernel kern_prestart_take() took, if it suits k. */
static bool
kern_adopt(struct kern *k)
{
	struct stat st;
	int pid, sock, log_fd, spill, wst;
	bool ok;
	void *p;

	if (kern_prestarted[0] == '\0')
		return false;
	ok = sscanf(kern_prestarted, "%d %d %d %d", &pid, &sock, &log_fd,
	    &spill) == 4;
	kern_prestarted[0] = '\0';
	/* Only our own live child: anything else is left alone. */
	if (!ok || pid <= 0 || waitpid(pid, &wst, WNOHANG) != 0)
		return false;
	ok = k->argv == NULL && k->exe == NULL && k->venv == NULL &&
	    fstat(sock, &st) == 0 && S_ISSOCK(st.st_mode) &&
	    fstat(log_fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    fstat(spill, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size >= (off_t)sizeof *k->spill;
	p = ok ? mmap(NULL, sizeof *k->spill, PROT_READ | PROT_WRITE,
	    MAP_SHARED, spill, 0) : MAP_FAILED;
	kern_close(&spill);
	if (p == MAP_FAILED) {
		/* Not the kernel this one wants: it never ran anything. */
		(void)kill(pid, SIGKILL);
		while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
			;
		kern_close(&sock);
		kern_close(&log_fd);
		return false;
	}
	kern_spill_free(k);
	k->spill = p;
	kern_running(k, pid, sock, log_fd);
	return true;
}

int
kern_start(struct kern *k)
{
	if (k->alive) {
		err_set("the kernel is already running");
		return -1;
	}
	kern_reset_death(k);
	if (!kern_adopt(k) && kern_spawn(k, NULL) < 0)
		return -1;
	return kern_queue_config(k);
}

/* Keep the last KERN_LOG_MAX bytes the kernel wrote to stderr. */
static void
kern_read_log(struct kern *k)
{
	char chunk[4096];
	ssize_t n;

	if (k->log_fd < 0)
		return;
	for (;;) {
		n = read(k->log_fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf_add(&k->log, chunk, (size_t)n);
		if (k->log.len > KERN_LOG_MAX) {
			size_t cut = k->log.len - KERN_LOG_MAX;

			memmove(k->log.ptr, k->log.ptr + cut, KERN_LOG_MAX);
			buf_truncate(&k->log, KERN_LOG_MAX);
		}
	}
}

/* The process has been reaped with wstatus: write the obituary. */
static void
kern_record_exit(struct kern *k, int wstatus)
{
	k->exited = true;
	k->wstatus = wstatus;
	if (WIFSIGNALED(wstatus)) {
		k->term_signal = WTERMSIG(wstatus);
		k->exit_status = -1;
	} else if (WIFEXITED(wstatus)) {
		k->exit_status = WEXITSTATUS(wstatus);
		k->term_signal = 0;
	}
}

/*
 * What the kernel's stderr says about its end. After a crash,
 * faulthandler printed the Python stack, innermost first; the first
 * frame in a pseudo-file ("<cell-3>") is where the user's code was.
 * Otherwise its last line, which is quire's own message when it gave
 * up (a CPU limit, an exec failure).
 */
static void
kern_last_words(struct kern *k)
{
	struct buf tail = BUF_INIT;
	const char *p, *q, *nl;

	if (k->log.len == 0)
		return;
	buf_add(&tail, k->log.ptr, k->log.len);
	buf_rtrim(&tail);
	if ((p = strstr(tail.ptr, "Fatal Python error")) != NULL) {
		q = strstr(p, "File \"<");
		if (q == NULL)
			q = strstr(p, "File \"");
		if (q != NULL) {
			/* 'File "<cell-2>", line 3 in <module>' becomes
			 * '<cell-2>, line 3 in <module>'. */
			q += strlen("File \"");
			nl = strchr(q, '\n');
			p = strstr(q, "\", line");
			buf_adds(&k->death, "; Python was in ");
			if (p != NULL && (nl == NULL || p < nl)) {
				buf_add(&k->death, q, (size_t)(p - q));
				q = p + 1;
			}
			buf_add(&k->death, q, nl != NULL ? (size_t)(nl - q) :
			    strlen(q));
		}
	} else {
		nl = strrchr(tail.ptr, '\n');
		buf_addf(&k->death, ": %s", nl != NULL ? nl + 1 : tail.ptr);
	}
	buf_release(&tail);
}

static void
kern_bury(struct kern *k, const char *why)
{
	kern_read_log(k);
	kern_close(&k->sock);
	kern_close(&k->pidfd);
	kern_close(&k->log_fd);
	k->alive = false;
	k->pid = -1;
	buf_reset(&k->out);
	k->out_off = 0;
	buf_reset(&k->death);
	if (why != NULL)
		buf_adds(&k->death, why);
	else if (k->stopped_by_us)
		buf_adds(&k->death, "the kernel was stopped");
	else if (k->term_signal != 0) {
		buf_addf(&k->death, "the kernel was killed by signal %d (%s)",
		    k->term_signal, strsignal(k->term_signal));
		if (k->term_signal == SIGKILL)
			buf_adds(&k->death, "; it may have run out of memory");
	} else if (k->exit_status >= 0)
		buf_addf(&k->death, "the kernel exited with status %d",
		    k->exit_status);
	else
		buf_adds(&k->death, "the kernel ended");
	if (k->fatal.len > 0)
		buf_addf(&k->death, ": %s", k->fatal.ptr);
	else if (why == NULL && !k->stopped_by_us)
		kern_last_words(k);
	err_set("%s", k->death.ptr);
}

/* Wait for the process for up to ms; true once reaped. */
static bool
kern_wait_exit(struct kern *k, int ms)
{
	int st, waited = 0;
	pid_t r;

	if (k->exited)
		return true;
	for (;;) {
		r = waitpid(k->pid, &st, WNOHANG);
		if (r == k->pid) {
			kern_record_exit(k, st);
			return true;
		}
		if (r < 0 && errno != EINTR) {
			/* Someone else reaped it (a SIGCHLD handler). */
			k->exited = true;
			return true;
		}
		if (waited >= ms)
			return false;
		if (k->pidfd >= 0) {
			struct pollfd p = { k->pidfd, POLLIN, 0 };

			(void)poll(&p, 1, ms - waited);
			waited = ms;
		} else {
			struct timespec ts = { 0, 1000000 };

			(void)nanosleep(&ts, NULL);
			waited++;
		}
	}
}

static void
kern_kill(struct kern *k)
{
	int st;

	if (k->pid <= 0 || k->exited)
		return;
	(void)kill(k->pid, SIGKILL);
	while (waitpid(k->pid, &st, 0) < 0)
		if (errno != EINTR) {
			k->exited = true;
			return;
		}
	kern_record_exit(k, st);
}

void
kern_stop(struct kern *k)
{
	if (!k->alive)
		return;
	k->stopped_by_us = true;
	kern_kill(k);
	kern_bury(k, NULL);
	err_clear();
}

int
kern_restart(struct kern *k)
{
	kern_stop(k);
	return kern_start(k);
}

void
kern_shutdown_begin(struct kern *k)
{
	if (!k->alive || k->shutdown_sent)
		return;
	k->shutdown_sent = true;
	(void)kern_send(k, PROTO_SHUTDOWN, NULL, NULL, 0);
	(void)kern_flush(k);
}

void
kern_shutdown(struct kern *k, int timeout_ms)
{
	if (!k->alive)
		return;
	kern_shutdown_begin(k);
	if (kern_wait_exit(k, timeout_ms)) {
		k->stopped_by_us = true;
		kern_bury(k, NULL);
		err_clear();
		return;
	}
	kern_stop(k);
}

bool
kern_is_alive(const struct kern *k)
{
	return k->alive;
}

pid_t
kern_pid(const struct kern *k)
{
	return k->alive ? k->pid : -1;
}

unsigned
kern_generation(const struct kern *k)
{
	return k->generation;
}

int
kern_fd(const struct kern *k)
{
	return k->alive ? k->sock : -1;
}

int
kern_pidfd(const struct kern *k)
{
	return k->alive ? k->pidfd : -1;
}

bool
kern_wants_write(const struct kern *k)
{
	return k->alive && k->out_off < k->out.len;
}

int
kern_send_frame(struct kern *k, const void *frame, size_t len)
{
	if (!k->alive) {
		err_set("the kernel is not running");
		return -1;
	}
	buf_add(&k->out, frame, len);
	(void)kern_flush(k);
	return 0;
}

int
kern_send(struct kern *k, enum proto_type type, const struct json_t *json,
    const void *body, size_t bodylen)
{
	struct buf frame = BUF_INIT;
	int r;

	if (!k->alive) {
		err_set("the kernel is not running");
		return -1;
	}
	r = proto_encode(&frame, type, json, body, bodylen);
	if (r == 0)
		r = kern_send_frame(k, frame.ptr, frame.len);
	buf_release(&frame);
	return r;
}

int
kern_flush(struct kern *k)
{
	ssize_t n;

	if (!k->alive)
		return -1;
	while (k->out_off < k->out.len) {
		n = send(k->sock, k->out.ptr + k->out_off,
		    k->out.len - k->out_off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0) {
			/* EPIPE: the reader will see EOF and bury it. */
			k->out_off = k->out.len;
			break;
		}
		k->out_off += (size_t)n;
	}
	buf_reset(&k->out);
	k->out_off = 0;
	return 0;
}

bool
kern_reap(struct kern *k)
{
	if (!k->alive)
		return true;
	return kern_wait_exit(k, 0);
}

/* EOF on the socket: it is dying or has closed its end. */
static void
kern_on_eof(struct kern *k)
{
	if (k->deaf || !kern_wait_exit(k, KERN_EXIT_GRACE_MS)) {
		/* Alive but deaf (a cell closed the socket): useless. */
		kern_kill(k);
		kern_bury(k, "the kernel closed its connection and was "
		    "stopped");
		return;
	}
	kern_bury(k, NULL);
}

int
kern_next(struct kern *k, struct proto_msg *out)
{
	char chunk[KERN_READ_CHUNK];
	struct buf why = BUF_INIT;
	ssize_t n;
	int r;

	if (!k->alive) {
		err_set("%s", k->death.len > 0 ? k->death.ptr :
		    "the kernel is not running");
		return -1;
	}
	for (;;) {
		r = proto_dec_next(k->dec, out);
		if (r == 1) {
			if (out->type == PROTO_ERROR) {
				struct proto_error e;

				if (proto_error_parse(&e, out) == 0 &&
				    e.fatal) {
					buf_reset(&k->fatal);
					buf_adds(&k->fatal, e.message);
				}
			}
			return 1;
		}
		if (r < 0) {
			buf_addf(&why, "the kernel broke the protocol (%s) and "
			    "was stopped", err_last());
			kern_kill(k);
			kern_bury(k, why.ptr);
			buf_release(&why);
			return -1;
		}
		n = read(k->sock, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0) {
			proto_dec_feed(k->dec, chunk, (size_t)n);
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			if (kern_salvage(k))
				continue;
			kern_on_eof(k);
			return -1;
		}
		/* Nothing to read. Dead with the socket held open by a
		 * grandchild is still dead. */
		if (k->exited) {
			if (kern_salvage(k))
				continue;
			kern_bury(k, NULL);
			return -1;
		}
		return 0;
	}
}

int
kern_wait(struct kern *k, struct proto_msg *out, int timeout_ms)
{
	struct pollfd p[2];
	struct timespec start, now;
	int r, left, np, elapsed;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		r = kern_next(k, out);
		if (r != 0)
			return r;
		left = -1;
		if (timeout_ms >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			elapsed = (int)((now.tv_sec - start.tv_sec) * 1000 +
			    (now.tv_nsec - start.tv_nsec) / 1000000);
			if (elapsed >= timeout_ms)
				return 0;
			left = timeout_ms - elapsed;
		}
		p[0].fd = k->sock;
		p[0].events = POLLIN | (kern_wants_write(k) ? POLLOUT : 0);
		p[0].revents = 0;
		np = 1;
		if (k->pidfd >= 0) {
			p[1].fd = k->pidfd;
			p[1].events = POLLIN;
			p[1].revents = 0;
			np = 2;
		} else if (left < 0 || left > 100)
			left = 100;	/* no pidfd: look with waitpid */
		if (poll(p, (nfds_t)np, left) < 0 && errno != EINTR) {
			err_errno("kernel: poll");
			return -1;
		}
		if (p[0].revents & POLLOUT)
			(void)kern_flush(k);
		if (np == 1 || (p[1].revents & POLLIN))
			(void)kern_reap(k);
	}
}

int
kern_interrupt(struct kern *k)
{
	if (!k->alive || k->exited) {
		err_set("the kernel is not running");
		return -1;
	}
	if (kill(k->pid, SIGINT) < 0) {
		err_errno("kernel: interrupt");
		return -1;
	}
	return 0;
}

const char *
kern_death(const struct kern *k)
{
	return k->alive || k->death.len == 0 ? NULL : k->death.ptr;
}

int
kern_exit_status(const struct kern *k)
{
	return k->exit_status;
}

int
kern_term_signal(const struct kern *k)
{
	return k->term_signal;
}

const char *
kern_log(const struct kern *k)
{
	return k->log.ptr;
}
