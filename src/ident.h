/*
 * ident.h: who is running quire, as the operating system says. The real
 * uid and its passwd name (never $USER), the groups, the terminal, the
 * host, the boot id and the SSH origin, which is only a claim: it comes
 * from the environment the user controls. The audit trail stamps these on
 * every entry; the policy module will map them to roles.
 */
#ifndef QUIRE_IDENT_H
#define QUIRE_IDENT_H

#include <stddef.h>
#include <sys/types.h>

struct ident;

/*
 * Read the identity of this process now. Fails (-1, err_last() says why)
 * only when the real uid has no passwd entry; missing facts (no terminal,
 * no SSH, no boot id) are NULL. Caller frees with ident_free().
 */
int ident_load(struct ident **out);
void ident_free(struct ident *);	/* NULL is a no-op */

uid_t ident_uid(const struct ident *);
const char *ident_user(const struct ident *);	/* passwd name */
/* Group names, primary group first; borrowed until ident_free(). */
const char *const *ident_groups(const struct ident *, size_t *ngroups);
const gid_t *ident_gids(const struct ident *, size_t *ngroups);
const char *ident_tty(const struct ident *);	/* NULL when none */
const char *ident_host(const struct ident *);
/* SSH_CONNECTION as set ("client port server port"); NULL when absent. */
const char *ident_ssh(const struct ident *);
/* The client address and port of SSH_CONNECTION, "addr port"; or NULL. */
const char *ident_ssh_origin(const struct ident *);
const char *ident_boot_id(const struct ident *);	/* NULL when unknown */
/* /proc/self/loginuid, or -1 when unset or unknown. */
long long ident_loginuid(const struct ident *);
pid_t ident_pid(const struct ident *);

#endif
