/*
 * replay.c: a main() for libFuzzer targets, so that `make check` runs
 * every corpus as a regression test with the ordinary compiler and no
 * libFuzzer. Linked with one fuzz/fuzz_<name>.c, it becomes
 * fuzz/replay_<name> and feeds LLVMFuzzerTestOneInput() every file of
 * its corpus, one call per file, each in a buffer of exactly the file's
 * size so that a sanitizer build catches a read past the end.
 *
 * Usage: replay_<name> [file-or-directory...]
 *
 * Without arguments it replays $srcdir/fuzz/corpus/<name>/ (the test
 * harness sets srcdir), else the corpus of the source tree it was built
 * from; <name> comes from the program's own name. With arguments (a
 * crash file libFuzzer left behind, another corpus) it replays those.
 * A crash or abort in the target fails the test; an empty or missing
 * corpus fails it too, since it would prove nothing.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static int
replay_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_file(const char *path, size_t *nfiles)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	uint8_t *data;
	size_t got;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, got);
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(fp);
		buf_release(&b);
		return -1;
	}
	fclose(fp);

	/* Exactly the file's bytes, no terminating NUL to lean on. */
	data = xmalloc(b.len ? b.len : 1);
	memcpy(data, b.ptr, b.len);
	(void)LLVMFuzzerTestOneInput(data, b.len);
	free(data);
	buf_release(&b);
	(*nfiles)++;
	return 0;
}

static int
replay_path(const char *path, size_t *nfiles)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t nnames = 0, i;
	DIR *d;
	int rc = 0;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, nfiles);

	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, nnames + 1, sizeof *names);
		names[nnames++] = xasprintf("%s/%s", path, de->d_name);
	}
	closedir(d);
	/* Sorted, so a failure names the same file on every run. */
	qsort(names, nnames, sizeof *names, replay_cmp);
	for (i = 0; i < nnames; i++) {
		if (rc == 0 && replay_path(names[i], nfiles) == -1)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *base, *srcdir, *name;
	char *corpus;
	size_t nfiles = 0;
	int i, rc = 0;

	base = strrchr(argv[0], '/');
	base = base != NULL ? base + 1 : argv[0];
	name = strncmp(base, "replay_", 7) == 0 ? base + 7 : base;

	if (LLVMFuzzerInitialize != NULL)
		(void)LLVMFuzzerInitialize(&argc, &argv);

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay_path(argv[i], &nfiles) == -1)
				rc = -1;
		printf("replay %s: %zu files\n", name, nfiles);
		return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}

	if ((srcdir = getenv("srcdir")) != NULL && *srcdir != '\0')
		corpus = xasprintf("%s/fuzz/corpus/%s", srcdir, name);
	else
		corpus = xasprintf("%s/%s", FUZZ_CORPUS_DIR, name);
	rc = replay_path(corpus, &nfiles);
	if (rc == 0 && nfiles == 0) {
		fprintf(stderr, "replay: %s: empty corpus\n", corpus);
		rc = -1;
	}
	printf("replay %s: %zu files from %s\n", name, nfiles, corpus);
	free(corpus);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
