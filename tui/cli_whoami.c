/*
 * cli_whoami.c: `quire whoami`, the identity quire records in the audit
 * trail: user and uid, groups, terminal, host and the SSH origin (a claim
 * from the environment). Roles come with the policy module.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "err.h"
#include "ident.h"

/* Environment-borne text may hold terminal controls: show them as '?'. */
static void
cli_whoami_put(const char *label, const char *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		buf_addc(&b, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	printf("%-8s %s\n", label, b.ptr);
	buf_release(&b);
}

int
cli_whoami(int argc, char **argv)
{
	struct ident *id;
	struct buf b = BUF_INIT;
	const char *const *groups;
	size_t i, n;

	(void)argv;
	if (argc > 1)
		return cli_usage_error("whoami", "unexpected argument %s",
		    argv[1]);
	if (ident_load(&id) < 0) {
		fprintf(stderr, "quire whoami: %s\n", err_last());
		return 1;
	}
	buf_addf(&b, "%s (uid %lu)", ident_user(id),
	    (unsigned long)ident_uid(id));
	cli_whoami_put("user:", b.ptr);
	buf_reset(&b);
	groups = ident_groups(id, &n);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", groups[i]);
	cli_whoami_put("groups:", b.ptr);
	cli_whoami_put("tty:", ident_tty(id) != NULL ? ident_tty(id) :
	    "none");
	cli_whoami_put("host:", ident_host(id));
	buf_reset(&b);
	if (ident_ssh_origin(id) != NULL)
		buf_addf(&b, "%s (claimed by SSH_CONNECTION)",
		    ident_ssh_origin(id));
	else
		buf_adds(&b, "none (not an SSH session)");
	cli_whoami_put("ssh:", b.ptr);
	if (ident_loginuid(id) >= 0) {
		buf_reset(&b);
		buf_addf(&b, "%lld", ident_loginuid(id));
		cli_whoami_put("loginuid:", b.ptr);
	}
	cli_whoami_put("role:", "owner (no system policy: the local user "
	    "holds every role)");
	buf_release(&b);
	ident_free(id);
	return 0;
}
