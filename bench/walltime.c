/*
 * walltime.c: the wall-clock time of one command, in microseconds, for
 * bench/bench_run.sh: the clock starts before the spawn and stops when
 * the command has been waited for, as hyperfine times a command. A
 * program of its own, not python3 around subprocess: a python3 that has
 * just started leaves its own code and data hot in the CPU's caches,
 * which flattered python3's own runs (1.35x where this says 1.12x).
 *
 *	walltime CMD [ARG...]
 *
 * CMD's output goes to /dev/null; walltime exits 1, printing nothing,
 * when CMD could not be run.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long
walltime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	long long t0, t1;
	pid_t pid;
	int st;

	if (argc < 2) {
		fprintf(stderr, "usage: walltime CMD [ARG...]\n");
		return 2;
	}
	if (posix_spawn_file_actions_init(&fa) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
	    0) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
	    0) != 0)
		return 1;
	t0 = walltime_us();
	if (posix_spawnp(&pid, argv[1], &fa, NULL, argv + 1, environ) != 0)
		return 1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	t1 = walltime_us();
	posix_spawn_file_actions_destroy(&fa);
	printf("%lld\n", t1 - t0);
	return 0;
}
