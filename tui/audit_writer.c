/*
 * audit_writer.c: quire-audit-writer, the helper that owns the system
 * audit store (security spec 2.3). Installed set-gid quire-audit by
 * `make install-audit-helper`, it is the only way a user's quire can
 * append to /var/lib/quire/audit.db: quire starts it with a pipe each
 * way and sends events (src/auditwire.h); the helper checks every
 * message, appends it with the store's own identity stamp (the real
 * uid, never anything the message says), and acks each one so that
 * exports fail closed when it could not.
 *
 * Set-gid gives secure mode: the loader ignores LD_PRELOAD and the
 * process is not dumpable. After the store is open the helper also
 * marks itself not dumpable, clears its environment, and refuses
 * --store (a store of the user's choosing in the group's directory)
 * while it runs with a group other than the user's own. The group is
 * kept: each append rewrites the store's head mark and WAL.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "auditwire.h"
#include "buf.h"
#include "err.h"

#define AUDIT_WRITER_STORE "/var/lib/quire/audit.db"

static void
audit_writer_usage(void)
{
	fprintf(stderr, "usage: quire-audit-writer [--store file]\n"
	    "quire starts it in audit.mode = system; it reads audit events "
	    "on standard input.\n");
}

/* Answer one frame; -1 only when the pipe to quire is gone. */
static int
audit_writer_answer(struct audit *a, const struct buf *frame)
{
	struct auditwire_msg m;
	struct buf ack = BUF_INIT;
	int rc;

	if (auditwire_decode(&m, (const unsigned char *)frame->ptr,
	    frame->len) < 0)
		auditwire_encode_ack(&ack, AUDITWIRE_ACK_REFUSED, err_last());
	else if ((m.kind == AUDITWIRE_TICK ? audit_tick(a) :
	    audit_record(a, &m.ev)) < 0)
		auditwire_encode_ack(&ack, AUDITWIRE_ACK_FAILED, err_last());
	else
		auditwire_encode_ack(&ack, AUDITWIRE_ACK_OK, NULL);
	auditwire_msg_release(&m);
	err_clear();
	rc = auditwire_write_all(1, ack.ptr, ack.len);
	buf_release(&ack);
	return rc;
}

int
main(int argc, char **argv)
{
	struct audit *a = NULL;
	struct buf frame = BUF_INIT;
	const char *store = AUDIT_WRITER_STORE;
	bool privileged = getegid() != getgid() || geteuid() != getuid();
	int r;

	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)signal(SIGPIPE, SIG_IGN);
	(void)umask(007);
	if (argc == 3 && strcmp(argv[1], "--store") == 0) {
		if (privileged) {
			fprintf(stderr, "quire-audit-writer: --store is "
			    "refused when set-gid\n");
			return 2;
		}
		store = argv[2];
	} else if (argc != 1) {
		audit_writer_usage();
		return 2;
	}
	if (getpwuid(getuid()) == NULL) {
		fprintf(stderr, "quire-audit-writer: uid %ld has no "
		    "passwd entry\n", (long)getuid());
		return 1;
	}
	if (audit_log_open(&a, store, AUDIT_OPEN_WRITE) < 0) {
		/* Every event is answered "failed", so quire fails closed
		 * and says why. */
		struct buf why = BUF_INIT;

		buf_addf(&why, "the system audit store cannot be written: %s",
		    err_last());
		while ((r = auditwire_read_frame(0, &frame,
		    AUDITWIRE_FRAME_MAX)) > 0) {
			struct buf ack = BUF_INIT;

			auditwire_encode_ack(&ack, AUDITWIRE_ACK_FAILED,
			    why.ptr);
			r = auditwire_write_all(1, ack.ptr, ack.len);
			buf_release(&ack);
			if (r < 0)
				break;
		}
		buf_release(&why);
		buf_release(&frame);
		return 1;
	}
	(void)clearenv();
	while ((r = auditwire_read_frame(0, &frame, AUDITWIRE_FRAME_MAX)) > 0)
		if (audit_writer_answer(a, &frame) < 0)
			break;
	if (r < 0) {
		/* A frame we cannot even delimit: say so and stop. */
		struct buf ack = BUF_INIT;

		auditwire_encode_ack(&ack, AUDITWIRE_ACK_REFUSED, err_last());
		(void)auditwire_write_all(1, ack.ptr, ack.len);
		buf_release(&ack);
	}
	audit_log_close(a);
	buf_release(&frame);
	return r < 0 ? 1 : 0;
}
