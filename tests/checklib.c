/*
 * checklib.c: helpers more than one Check suite needs: locking and
 * counting a scratch directory (check_fileio, check_fmt_marimo) and
 * notebooks written as strings (check_celldiff, check_diffview). What
 * each suite tests stays in its own file.
 */
#include "config.h"
#include "checklib.h"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/fs.h>
#endif

#include "nb.h"

bool
checklib_dir_lock(const char *dir, bool on)
{
#ifdef FS_IOC_SETFLAGS
	int fd, flags, rc = -1;
#endif

	if (geteuid() != 0)
		return chmod(dir, on ? 0555 : 0700) == 0;
#ifdef FS_IOC_SETFLAGS
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		return false;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
		if (on)
			flags |= FS_IMMUTABLE_FL;
		else
			flags &= ~FS_IMMUTABLE_FL;
		rc = ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	(void)close(fd);
	return rc == 0;
#else
	return false;
#endif
}

size_t
checklib_dir_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	(void)closedir(d);
	return n;
}

struct nb *
checklib_nb_new(const char *const *cells, size_t n)
{
	struct nb *nb = nb_new();
	struct nb_cell *c;
	const char *bar;
	char *name;
	size_t i;

	for (i = 0; i < n; i++) {
		bar = strstr(cells[i], "=|");
		if (bar != NULL) {
			name = strndup(cells[i], (size_t)(bar - cells[i]));
			ck_assert_ptr_nonnull(name);
			c = nb_cell_insert(nb, i, bar + 2, strlen(bar + 2));
			ck_assert_ptr_nonnull(c);
			nb_cell_set_name(c, name);
			free(name);
		} else
			c = nb_cell_insert(nb, i, cells[i], strlen(cells[i]));
		ck_assert_ptr_nonnull(c);
	}
	return nb;
}
