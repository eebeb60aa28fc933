/*
 * keys.h: quire's own key decoder. Bytes read from the terminal go in,
 * key, paste and mouse events come out. Only sequences quire knows are
 * turned into events; everything else the terminal may send (replies to
 * queries, focus reports, OSC and DCS strings, unknown CSI) is dropped,
 * so an answer injected through the terminal can never act as a key
 * (spec security.md 7.4). Bracketed paste arrives as one PASTE event
 * whose text is inserted, never run as commands.
 */
#ifndef QUIRE_TUI_KEYS_H
#define QUIRE_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct keys;

/*
 * A key is a Unicode code point (text, and the C0 controls for Ctrl
 * keys: Ctrl-A is 1), or one of the special values below, with modifier
 * bits on top.
 */
#define KEYS_CTRL(c)	((c) & 0x1f)
#define KEYS_TAB	0x09
#define KEYS_ENTER	0x0d
#define KEYS_ESC	0x1b
#define KEYS_BACKSPACE	0x7f

#define KEYS_SPECIAL	0x110000
enum keys_special {
	KEYS_UP = KEYS_SPECIAL + 1,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_HOME,
	KEYS_END,
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_INSERT,
	KEYS_DELETE,
	KEYS_BTAB,		/* Shift-Tab */
	KEYS_F1,		/* F1 ... F12 follow in order */
	KEYS_F12 = KEYS_F1 + 11,
	KEYS_CSPACE,		/* Ctrl-Space (NUL): set the mark */
	KEYS_SPECIAL_END
};
#define KEYS_F(n)	(KEYS_F1 + (n) - 1)

#define KEYS_MOD_SHIFT	0x1000000
#define KEYS_MOD_ALT	0x2000000
#define KEYS_MOD_CTRL	0x4000000
#define KEYS_MOD_MASK	0x7000000
#define KEYS_BASE(k)	((k) & ~KEYS_MOD_MASK)

enum keys_kind {
	KEYS_EV_KEY,
	KEYS_EV_PASTE,
	KEYS_EV_MOUSE
};

enum keys_mouse {
	KEYS_MOUSE_PRESS,
	KEYS_MOUSE_RELEASE,
	KEYS_MOUSE_WHEEL_UP,
	KEYS_MOUSE_WHEEL_DOWN
};

struct keys_event {
	enum keys_kind kind;
	int key;		/* KEYS_EV_KEY */
	const char *paste;	/* KEYS_EV_PASTE: the text, borrowed until the
				   next keys_next(); may hold NUL bytes */
	size_t paste_len;	/* bytes */
	enum keys_mouse mouse;	/* KEYS_EV_MOUSE */
	int button;		/* 0 left, 1 middle, 2 right */
	int row, col;		/* 0-based screen position */
};

/* Largest paste kept; the rest of a longer one is dropped. */
#define KEYS_PASTE_MAX (16u << 20)

struct keys *keys_new(void);
void keys_free(struct keys *);	/* NULL is a no-op */

/* Bytes as read from the terminal. */
void keys_feed(struct keys *, const char *p, size_t len);
/*
 * The next event into *ev. Returns 1 for an event, 0 when more bytes are
 * needed (keys_waiting() then says whether a lone ESC or a partial
 * sequence is being held back).
 */
int keys_next(struct keys *, struct keys_event *ev);
/* Is an incomplete sequence held, waiting for more bytes or a timeout? */
bool keys_waiting(const struct keys *);
/* The wait is over: a lone ESC becomes the Escape key, anything else
 * held is dropped. Call keys_next() again afterwards. */
void keys_timeout(struct keys *);
/* Drop everything queued (a prompt that decides something opens). */
void keys_discard(struct keys *);
/* Sequences dropped so far (for tests and the debug log). */
size_t keys_ndropped(const struct keys *);

/*
 * The name of a key as the help screen and keymaps spell it ("C-s",
 * "M-x", "S-Up", "F1", "Enter", "a"), appended to out as UTF-8. Returns
 * bytes written (at most outlen - 1, NUL-terminated).
 */
size_t keys_name(int key, char *out, size_t outlen);
/* Parse such a name; -1 when it is not one. */
int keys_parse_name(const char *);

#endif
