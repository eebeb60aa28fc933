/*
 * auditwire.h: the pipe between quire and quire-audit-writer, the
 * set-gid helper that owns the system audit store (security spec 2.3).
 *
 * Every message, both ways, is a frame: a 4-byte big-endian length N
 * (1 to AUDITWIRE_FRAME_MAX) and N bytes. quire sends one of
 *
 *	RECORD	u8 kind=1, u8 type, u8 outcome, u64be duration_us,
 *		u64be size, then fields: u8 tag, u16be length, bytes
 *	TICK	u8 kind=2 (seal an epoch or checkpoint that is due)
 *
 * and the helper answers each with an ack frame: u8 status (0 written,
 * 1 refused, 2 the store failed) and a one-line reason. Identity, time
 * and policy hash are never in a message: the helper's store stamps
 * them. The parser trusts no length: every field is checked against
 * what is left of the frame, text holds no NUL byte, a one-time field
 * comes once, and the counts are bounded.
 *
 *	struct auditwire *w;
 *
 *	if (auditwire_open(&w, helper, store) < 0)
 *		... fail closed ...
 *	if (auditwire_record(w, &ev) < 0)
 *		... err_last() says why ...
 *	auditwire_close(w);
 */
#ifndef QUIRE_AUDITWIRE_H
#define QUIRE_AUDITWIRE_H

#include <stddef.h>
#include <stdint.h>

#include "audit.h"

struct auditwire;
struct buf;

#define AUDITWIRE_FRAME_MAX	(256 * 1024)
#define AUDITWIRE_FIELD_MAX	(64 * 1024 - 1)
#define AUDITWIRE_PARAMS_MAX	256
#define AUDITWIRE_EXTRA_MAX	64

enum auditwire_kind {
	AUDITWIRE_RECORD = 1,
	AUDITWIRE_TICK = 2
};

enum auditwire_status {
	AUDITWIRE_ACK_OK = 0,
	AUDITWIRE_ACK_REFUSED = 1,
	AUDITWIRE_ACK_FAILED = 2
};

/* A decoded message; ev's strings point into storage it owns. */
struct auditwire_msg {
	enum auditwire_kind kind;
	struct audit_event ev;
	/* owned */
	char *text;
	const char **params;
	struct audit_kv *extra;
};

/*
 * Append the frame of a RECORD for ev to out. -1 when a field is longer
 * than AUDITWIRE_FIELD_MAX, holds a NUL byte in a counted string, or
 * the frame would be too long.
 */
int auditwire_encode(struct buf *out, const struct audit_event *);
/* Append the frame of a TICK. */
void auditwire_encode_tick(struct buf *out);
/* Append an ack frame. */
void auditwire_encode_ack(struct buf *out, enum auditwire_status,
    const char *reason);

/*
 * Decode the body of one frame (without its length prefix). -1 with a
 * message naming the byte offset for anything malformed. Release with
 * auditwire_msg_release() whether or not it worked.
 */
int auditwire_decode(struct auditwire_msg *out, const unsigned char *p,
    size_t len);
void auditwire_msg_release(struct auditwire_msg *);

/*
 * Read one frame's body from fd into out (reset first): 1 a frame,
 * 0 end of input before any byte, -1 an error, a short frame or a
 * length out of range (max: the most accepted).
 */
int auditwire_read_frame(int fd, struct buf *out, size_t max);
/* Write all of p; -1 with err_last(). */
int auditwire_write_all(int fd, const void *p, size_t len);

/*
 * Start the helper (fork and exec of the program at helper, its
 * environment cleared, argv fixed: the program name, and "--store"
 * store when store is not NULL) with a pipe each way.
 */
int auditwire_open(struct auditwire **out, const char *helper,
    const char *store);
/* Send one event, wait for its ack: 0 once it is durable. */
int auditwire_record(struct auditwire *, const struct audit_event *);
/* Send n events, each acked; stops at the first that fails. */
int auditwire_record_batch(struct auditwire *, const struct audit_event *,
    size_t n);
/* Ask the helper to seal an epoch or checkpoint that is due. */
int auditwire_tick(struct auditwire *);
/* Close the pipes and wait for the helper. NULL is a no-op. */
void auditwire_close(struct auditwire *);

/*
 * The helper's path: $QUIRE_AUDIT_WRITER when set, else the installed
 * one (QUIRE_LIBEXECDIR/quire-audit-writer).
 */
const char *auditwire_helper_path(void);

#endif
