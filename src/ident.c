/*
 * ident.c: the identity of the running process, read from the operating
 * system. The audit trail stamps it on every entry and `quire whoami`
 * prints it; roles are the policy module's. The real uid is the truth
 * (a setgid helper runs with another effective gid but the same real
 * uid); $USER, $LOGNAME and $SSH_CONNECTION are whatever the user set, so
 * only SSH_CONNECTION is recorded, and as a claim.
 */
#include "config.h"
#include "ident.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "xmalloc.h"

/* getgrouplist() is asked again with a bigger array up to this size. */
#define IDENT_MAX_GROUPS 65536

struct ident {
	uid_t uid;
	pid_t pid;
	char *user;
	gid_t *gids;
	char **groups;		/* names, owned; "1234" when a gid has none */
	size_t ngroups;
	char *tty;
	char *host;
	char *ssh;
	char *ssh_origin;
	char *boot_id;
	long long loginuid;
};

/*
 * Read a whole small file of the kernel's (/proc) into b, without the
 * trailing newline. Returns -1 when it cannot be read.
 */
static int
ident_read_small(struct buf *b, const char *path)
{
	char chunk[256];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	n = fread(chunk, 1, sizeof chunk, f);
	(void)fclose(f);
	buf_add(b, chunk, n);
	buf_rtrim(b);
	return b->len > 0 ? 0 : -1;
}

static char *
ident_group_name(gid_t gid)
{
	struct group gr, *res = NULL;
	struct buf scratch = BUF_INIT;
	char *name;
	int rc;

	buf_grow(&scratch, 1024);
	for (;;) {
		rc = getgrgid_r(gid, &gr, scratch.ptr, scratch.alloc, &res);
		if (rc != ERANGE || scratch.alloc > (1 << 20))
			break;
		buf_grow(&scratch, scratch.alloc * 2);
	}
	if (rc == 0 && res != NULL)
		name = xstrdup(res->gr_name);
	else
		name = xasprintf("%lu", (unsigned long)gid);
	buf_release(&scratch);
	return name;
}

static void
ident_load_groups(struct ident *id, const char *user, gid_t primary)
{
	int n = 32, want;
	gid_t *gids = NULL;
	size_t i;

	for (;;) {
		gids = xreallocarray(gids, (size_t)n, sizeof *gids);
		want = n;
		if (getgrouplist(user, primary, gids, &want) >= 0) {
			n = want;
			break;
		}
		if (want <= n || want > IDENT_MAX_GROUPS) {
			/* Fall back to the primary group alone. */
			gids[0] = primary;
			n = 1;
			break;
		}
		n = want;
	}
	id->gids = gids;
	id->ngroups = (size_t)n;
	id->groups = xcalloc(id->ngroups, sizeof *id->groups);
	for (i = 0; i < id->ngroups; i++)
		id->groups[i] = ident_group_name(gids[i]);
}

static char *
ident_find_tty(void)
{
	int fds[] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO };
	const char *name;
	size_t i;

	for (i = 0; i < sizeof fds / sizeof fds[0]; i++)
		if (isatty(fds[i]) && (name = ttyname(fds[i])) != NULL)
			return xstrdup(name);
	return NULL;
}

/* "client_addr client_port server_addr server_port" -> "addr port". */
static char *
ident_parse_ssh(const char *s)
{
	const char *sp1, *sp2;

	if ((sp1 = strchr(s, ' ')) == NULL || sp1 == s)
		return NULL;
	sp2 = strchr(sp1 + 1, ' ');
	if (sp2 == NULL)
		sp2 = sp1 + 1 + strlen(sp1 + 1);
	if (sp2 == sp1 + 1)
		return NULL;
	return xstrndup(s, (size_t)(sp2 - s));
}

int
ident_load(struct ident **out)
{
	struct ident *id;
	struct passwd pw, *res = NULL;
	struct buf scratch = BUF_INIT, tmp = BUF_INIT;
	const char *ssh;
	char host[HOST_NAME_MAX + 1];
	int rc;

	*out = NULL;
	id = xcalloc(1, sizeof *id);
	id->uid = getuid();
	id->pid = getpid();
	id->loginuid = -1;
	buf_grow(&scratch, 1024);
	for (;;) {
		rc = getpwuid_r(id->uid, &pw, scratch.ptr, scratch.alloc,
		    &res);
		if (rc != ERANGE || scratch.alloc > (1 << 20))
			break;
		buf_grow(&scratch, scratch.alloc * 2);
	}
	if (rc != 0 || res == NULL) {
		if (rc != 0)
			errno = rc;
		else
			errno = ENOENT;
		err_errno("no passwd entry for uid %lu",
		    (unsigned long)id->uid);
		buf_release(&scratch);
		ident_free(id);
		return -1;
	}
	id->user = xstrdup(pw.pw_name);
	ident_load_groups(id, pw.pw_name, pw.pw_gid);
	buf_release(&scratch);

	id->tty = ident_find_tty();
	if (gethostname(host, sizeof host) == 0) {
		host[sizeof host - 1] = '\0';
		id->host = xstrdup(host);
	} else
		id->host = xstrdup("unknown");
	if ((ssh = getenv("SSH_CONNECTION")) != NULL && *ssh != '\0') {
		id->ssh = xstrdup(ssh);
		id->ssh_origin = ident_parse_ssh(ssh);
	}
	if (ident_read_small(&tmp, "/proc/sys/kernel/random/boot_id") == 0)
		id->boot_id = buf_detach(&tmp, NULL);
	buf_release(&tmp);
	if (ident_read_small(&tmp, "/proc/self/loginuid") == 0) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(tmp.ptr, &end, 10);
		/* 4294967295 is the kernel's "unset". */
		if (errno == 0 && *end == '\0' && v >= 0 && v != 4294967295LL)
			id->loginuid = v;
	}
	buf_release(&tmp);
	*out = id;
	return 0;
}

void
ident_free(struct ident *id)
{
	size_t i;

	if (id == NULL)
		return;
	for (i = 0; i < id->ngroups; i++)
		free(id->groups[i]);
	free(id->groups);
	free(id->gids);
	free(id->user);
	free(id->tty);
	free(id->host);
	free(id->ssh);
	free(id->ssh_origin);
	free(id->boot_id);
	free(id);
}

uid_t
ident_uid(const struct ident *id)
{
	return id->uid;
}

const char *
ident_user(const struct ident *id)
{
	return id->user;
}

const char *const *
ident_groups(const struct ident *id, size_t *ngroups)
{
	*ngroups = id->ngroups;
	return (const char *const *)id->groups;
}

const gid_t *
ident_gids(const struct ident *id, size_t *ngroups)
{
	*ngroups = id->ngroups;
	return id->gids;
}

const char *
ident_tty(const struct ident *id)
{
	return id->tty;
}

const char *
ident_host(const struct ident *id)
{
	return id->host;
}

const char *
ident_ssh(const struct ident *id)
{
	return id->ssh;
}

const char *
ident_ssh_origin(const struct ident *id)
{
	return id->ssh_origin;
}

const char *
ident_boot_id(const struct ident *id)
{
	return id->boot_id;
}

long long
ident_loginuid(const struct ident *id)
{
	return id->loginuid;
}

pid_t
ident_pid(const struct ident *id)
{
	return id->pid;
}
