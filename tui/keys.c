/*
 * keys.c: the key decoder. A small state machine over the bytes the
 * terminal sends: UTF-8 text, C0 controls, ESC-prefixed Alt keys, CSI
 * and SS3 key sequences in the forms xterm, tmux, screen and the Linux
 * console use, SGR mouse reports and bracketed paste. Anything else that
 * starts with ESC is read to its end by the generic rules (CSI final
 * byte, string terminator) and dropped whole, so the bytes of a terminal
 * reply never leak out as typed letters.
 */
#include "config.h"
#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

#define KEYS_CSI_MAX 64		/* longer CSI: malformed, dropped */
#define KEYS_STRING_MAX 4096	/* OSC/DCS/APC replies */

struct keys {
	struct buf in;		/* bytes not yet decoded */
	size_t pos;		/* decoded up to here */
	struct buf paste;	/* bracketed paste being collected */
	bool pasting;
	bool paste_ready;	/* paste complete, to be returned */
	bool timed_out;		/* treat what is held as complete */
	size_t ndropped;
};

struct keys *
keys_new(void)
{
	struct keys *k = xcalloc(1, sizeof *k);

	buf_init(&k->in);
	buf_init(&k->paste);
	return k;
}

void
keys_free(struct keys *k)
{
	if (k == NULL)
		return;
	buf_release(&k->in);
	buf_release(&k->paste);
	free(k);
}

void
keys_feed(struct keys *k, const char *p, size_t len)
{
	if (k->pos > 0 && k->pos == k->in.len) {
		buf_reset(&k->in);
		k->pos = 0;
	} else if (k->pos > 4096) {
		memmove(k->in.ptr, k->in.ptr + k->pos, k->in.len - k->pos);
		buf_truncate(&k->in, k->in.len - k->pos);
		k->pos = 0;
	}
	buf_add(&k->in, p, len);
	k->timed_out = false;
}

bool
keys_waiting(const struct keys *k)
{
	return k->pos < k->in.len;
}

void
keys_timeout(struct keys *k)
{
	k->timed_out = true;
}

void
keys_discard(struct keys *k)
{
	buf_reset(&k->in);
	k->pos = 0;
	buf_reset(&k->paste);
	k->pasting = false;
	k->paste_ready = false;
}

size_t
keys_ndropped(const struct keys *k)
{
	return k->ndropped;
}

/* xterm's modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4 | meta 8). */
static int
keys_mods(long m)
{
	int mods = 0;

	if (m < 2 || m > 16)
		return 0;
	m--;
	if (m & 1)
		mods |= KEYS_MOD_SHIFT;
	if (m & (2 | 8))
		mods |= KEYS_MOD_ALT;
	if (m & 4)
		mods |= KEYS_MOD_CTRL;
	return mods;
}

/* The key for a CSI or SS3 final letter, or 0. */
static int
keys_letter(int c)
{
	switch (c) {
	case 'A':
		return KEYS_UP;
	case 'B':
		return KEYS_DOWN;
	case 'C':
		return KEYS_RIGHT;
	case 'D':
		return KEYS_LEFT;
	case 'H':
		return KEYS_HOME;
	case 'F':
		return KEYS_END;
	case 'P':
		return KEYS_F(1);
	case 'Q':
		return KEYS_F(2);
	case 'S':
		return KEYS_F(4);
	}
	return 0;
}

/* The key for "CSI n ~", or 0. */
static int
keys_tilde(long n)
{
	switch (n) {
	case 1:
	case 7:
		return KEYS_HOME;
	case 2:
		return KEYS_INSERT;
	case 3:
		return KEYS_DELETE;
	case 4:
	case 8:
		return KEYS_END;
	case 5:
		return KEYS_PGUP;
	case 6:
		return KEYS_PGDN;
	case 11:
	case 12:
	case 13:
	case 14:
	case 15:
		return KEYS_F((int)n - 10);
	case 17:
	case 18:
	case 19:
	case 20:
	case 21:
		return KEYS_F((int)n - 11);
	case 23:
	case 24:
		return KEYS_F((int)n - 12);
	}
	return 0;
}

/*
 * A key given by code point with modifiers (xterm modifyOtherKeys
 * "CSI 27 ; m ; c ~" and "CSI c ; m u"): keep what a plain terminal
 * would send for it, so Ctrl-s stays C-s.
 */
static int
keys_other(long cp, int mods)
{
	if (cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	if (cp >= 0x80 && cp < 0xa0)
		return -1;		/* a C1 control is never a key */
	if ((mods & KEYS_MOD_CTRL) && cp >= 0x40 && cp < 0x80) {
		cp = KEYS_CTRL(cp);
		mods &= ~KEYS_MOD_CTRL;
	} else if (cp >= 0x20 && cp != 0x7f)
		mods &= ~KEYS_MOD_SHIFT;	/* the text already says it */
	if (cp == 0)
		cp = KEYS_CSPACE;	/* C-@ is NUL, as a plain terminal
					   sends it: C-Space */
	return (int)cp | mods;
}

/*
 * Parse the parameters of a CSI (bytes p[0..n), between "ESC [" and the
 * final byte) as up to 4 decimal numbers separated by ';'. Returns the
 * count, or -1 when they hold anything else (private markers, ':').
 */
static int
keys_params(const char *p, size_t n, long *v, int max)
{
	int count = 0;
	size_t i;

	if (n == 0)
		return 0;
	v[0] = 0;
	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			if (v[count] > 100000)
				return -1;
			v[count] = v[count] * 10 + (p[i] - '0');
		} else if (p[i] == ';') {
			if (++count >= max)
				return -1;
			v[count] = 0;
		} else
			return -1;
	}
	return count + 1;
}

/*
 * Decode one complete CSI: params p[0..n), final byte f. Fills *ev and
 * returns 1 for a key or mouse event, 0 for something to drop, 2 for
 * the start of a bracketed paste.
 */
static int
keys_csi(struct keys *k, const char *p, size_t n, int f,
    struct keys_event *ev)
{
	long v[4] = { 0, 0, 0, 0 };
	int np, key, mods = 0;

	if (f == 'M' || f == 'm') {
		/* SGR mouse: CSI < b ; x ; y M|m */
		long b;

		if (n < 1 || p[0] != '<' ||
		    keys_params(p + 1, n - 1, v, 4) != 3)
			return 0;
		if (v[1] < 1 || v[2] < 1 || v[1] > 10000 || v[2] > 10000)
			return 0;
		b = v[0];
		ev->kind = KEYS_EV_MOUSE;
		ev->row = (int)v[2] - 1;
		ev->col = (int)v[1] - 1;
		ev->button = (int)(b & 3);
		if (b & 32)
			return 0;	/* motion: not asked for */
		if (b & 64) {
			if ((b & 3) > 1)
				return 0;
			ev->mouse = (b & 1) ? KEYS_MOUSE_WHEEL_DOWN :
			    KEYS_MOUSE_WHEEL_UP;
		} else
			ev->mouse = f == 'M' ? KEYS_MOUSE_PRESS :
			    KEYS_MOUSE_RELEASE;
		if ((b & 3) == 3 && !(b & 64))
			return 0;
		return 1;
	}
	np = keys_params(p, n, v, 4);
	if (np < 0)
		return 0;
	ev->kind = KEYS_EV_KEY;
	if (f == '~') {
		if (np >= 1 && v[0] == 200)
			return np == 1 ? 2 : 0;
		if (np == 3 && v[0] == 27) {
			key = keys_other(v[2], keys_mods(v[1]));
			if (key < 0)
				return 0;
			ev->key = key;
			return 1;
		}
		if (np < 1 || np > 2 || (key = keys_tilde(v[0])) == 0)
			return 0;
		if (np == 2)
			mods = keys_mods(v[1]);
		ev->key = key | mods;
		return 1;
	}
	if (f == 'u') {
		if (np < 1 || np > 2)
			return 0;
		key = keys_other(v[0], np == 2 ? keys_mods(v[1]) : 0);
		if (key < 0)
			return 0;
		ev->key = key;
		return 1;
	}
	if (f == 'Z' && np == 0) {
		ev->key = KEYS_BTAB;
		return 1;
	}
	if ((key = keys_letter(f)) == 0 || f == 'P' || f == 'Q' || f == 'S') {
		/* F1, F2, F4 come as CSI only with modifiers (CSI 1;2P);
		 * a bare CSI P is DCH, never a key. CSI R (F3) is left
		 * out: it is the cursor position report's final. */
		if (key == 0 || np != 2 || v[0] != 1)
			return 0;
	}
	if (np > 2 || (np >= 1 && v[0] > 1))
		return 0;
	if (np == 2)
		mods = keys_mods(v[1]);
	ev->key = key | mods;
	return 1;
}

/*
 * Try to decode an ESC sequence at p[0..len) (p[0] is ESC). Returns the
 * bytes it takes and sets *result (1 key event, 0 dropped, 2 paste
 * start), or 0 when more bytes are needed.
 */
static size_t
keys_esc(struct keys *k, const char *p, size_t len, struct keys_event *ev,
    int *result)
{
	size_t i;
	uint32_t cp;
	bool ok;

	if (len < 2)
		return 0;
	switch (p[1]) {
	case '[':
		for (i = 2; i < len; i++) {
			unsigned char c = (unsigned char)p[i];

			if (c >= 0x40 && c <= 0x7e) {
				*result = keys_csi(k, p + 2, i - 2, c, ev);
				return i + 1;
			}
			if (c < 0x20 || c > 0x7e) {
				/* Not a CSI after all: drop what was read
				 * and leave this byte to be decoded. */
				*result = 0;
				return i;
			}
			if (i >= KEYS_CSI_MAX) {
				*result = 0;
				return i + 1;
			}
		}
		return 0;
	case 'O':
		if (len < 3)
			return 0;
		*result = 0;
		if (keys_letter(p[2]) != 0) {
			ev->kind = KEYS_EV_KEY;
			ev->key = keys_letter(p[2]);
			*result = 1;
		} else if (p[2] == 'R') {
			ev->kind = KEYS_EV_KEY;
			ev->key = KEYS_F(3);
			*result = 1;
		} else if (p[2] == 'M') {
			ev->kind = KEYS_EV_KEY;
			ev->key = KEYS_ENTER;
			*result = 1;
		}
		return 3;
	case ']':
	case 'P':
	case '_':
	case '^':
	case 'X':
		/* A string reply (OSC, DCS, APC, PM, SOS): read to ST or
		 * BEL and drop it, however it ends. */
		for (i = 2; i < len; i++) {
			if (p[i] == '\a') {
				*result = 0;
				return i + 1;
			}
			if (p[i] == '\x1b') {
				if (i + 1 >= len)
					return 0;
				*result = 0;
				return p[i + 1] == '\\' ? i + 2 : i;
			}
			if (i >= KEYS_STRING_MAX) {
				*result = 0;
				return i + 1;
			}
		}
		return 0;
	case '\x1b':
		/* ESC ESC: the first is the Escape key; the second starts
		 * whatever follows. */
		ev->kind = KEYS_EV_KEY;
		ev->key = KEYS_ESC;
		*result = 1;
		return 1;
	}
	if ((unsigned char)p[1] >= 0x20 && (unsigned char)p[1] <= 0x2f) {
		/* nF escape (ESC ( B and the like): a reply, dropped. */
		for (i = 2; i < len; i++)
			if ((unsigned char)p[i] >= 0x30) {
				*result = 0;
				return i + 1;
			}
		return 0;
	}
	/* Alt + a key. */
	if ((unsigned char)p[1] < 0x80) {
		ev->kind = KEYS_EV_KEY;
		if (p[1] == '\n')
			ev->key = KEYS_ENTER | KEYS_MOD_ALT;
		else if (p[1] == '\b')
			ev->key = KEYS_BACKSPACE | KEYS_MOD_ALT;
		else if (p[1] == '\0')
			ev->key = KEYS_CSPACE | KEYS_MOD_ALT;
		else
			ev->key = (unsigned char)p[1] | KEYS_MOD_ALT;
		*result = 1;
		return 2;
	}
	i = utf8_next(p + 1, len - 1, &cp, &ok);
	if (!ok && 1 + i >= len && !k->timed_out)
		return 0;	/* maybe a truncated character */
	/* A C1 control as UTF-8 is never a key, with Alt or without. */
	*result = ok && !(cp >= 0x80 && cp < 0xa0);
	ev->kind = KEYS_EV_KEY;
	ev->key = (int)cp | KEYS_MOD_ALT;
	return 1 + i;
}

/* Collect paste bytes until ESC [ 201 ~. */
static void
keys_paste(struct keys *k)
{
	static const char end[] = "\x1b[201~";
	const size_t endlen = sizeof end - 1;
	const char *p = k->in.ptr + k->pos;
	size_t len = k->in.len - k->pos, i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\x1b') {
			size_t m = len - i < endlen ? len - i : endlen;

			if (memcmp(p + i, end, m) == 0) {
				if (m < endlen)
					break;	/* maybe the end, split */
				k->pos += i + endlen;
				k->pasting = false;
				k->paste_ready = true;
				return;
			}
		}
		if (k->paste.len < KEYS_PASTE_MAX)
			buf_addc(&k->paste, p[i]);
	}
	k->pos += i;
}

int
keys_next(struct keys *k, struct keys_event *ev)
{
	const char *p;
	size_t len, used;
	uint32_t cp;
	bool ok;
	int result;

	memset(ev, 0, sizeof *ev);
	for (;;) {
		if (k->pasting)
			keys_paste(k);
		if (k->pasting) {
			if (k->timed_out)
				k->pos = k->in.len;
			return 0;
		}
		if (k->paste_ready) {
			k->paste_ready = false;
			ev->kind = KEYS_EV_PASTE;
			ev->paste = k->paste.ptr;
			ev->paste_len = k->paste.len;
			return 1;
		}
		if (k->pos > 0 && k->paste.len > 0)
			buf_reset(&k->paste);
		p = k->in.ptr + k->pos;
		len = k->in.len - k->pos;
		if (len == 0)
			return 0;
		if (p[0] == '\x1b') {
			result = 0;
			used = keys_esc(k, p, len, ev, &result);
			if (used == 0) {
				if (!k->timed_out)
					return 0;
				k->timed_out = false;
				if (len == 1) {
					k->pos++;
					ev->kind = KEYS_EV_KEY;
					ev->key = KEYS_ESC;
					return 1;
				}
				/* An incomplete sequence that never ended. */
				k->pos = k->in.len;
				k->ndropped++;
				continue;
			}
			k->pos += used;
			if (result == 2) {
				k->pasting = true;
				buf_reset(&k->paste);
				continue;
			}
			if (result == 1)
				return 1;
			k->ndropped++;
			memset(ev, 0, sizeof *ev);
			continue;
		}
		used = utf8_next(p, len, &cp, &ok);
		if (!ok) {
			if (used == len && len < 4 && !k->timed_out &&
			    (unsigned char)p[0] >= 0xc2 &&
			    (unsigned char)p[0] <= 0xf4)
				return 0;	/* wait for the rest */
			k->pos += used;
			k->ndropped++;
			continue;
		}
		k->pos += used;
		if (cp >= 0x80 && cp < 0xa0) {
			k->ndropped++;	/* C1 as UTF-8: never a key */
			continue;
		}
		ev->kind = KEYS_EV_KEY;
		if (cp == '\n')
			cp = KEYS_ENTER;
		else if (cp == '\b')
			cp = KEYS_BACKSPACE;
		else if (cp == 0)
			cp = KEYS_CSPACE;
		ev->key = (int)cp;
		return 1;
	}
}

static const struct {
	int key;
	const char *name;
} keys_names[] = {
	{ KEYS_UP, "Up" },
	{ KEYS_DOWN, "Down" },
	{ KEYS_LEFT, "Left" },
	{ KEYS_RIGHT, "Right" },
	{ KEYS_HOME, "Home" },
	{ KEYS_END, "End" },
	{ KEYS_PGUP, "PgUp" },
	{ KEYS_PGDN, "PgDn" },
	{ KEYS_INSERT, "Insert" },
	{ KEYS_DELETE, "Delete" },
	{ KEYS_BTAB, "S-Tab" },
	{ KEYS_TAB, "Tab" },
	{ KEYS_ENTER, "Enter" },
	{ KEYS_ESC, "Esc" },
	{ KEYS_BACKSPACE, "Backspace" },
	{ ' ', "Space" },
	{ KEYS_CSPACE, "C-Space" },
};

size_t
keys_name(int key, char *out, size_t outlen)
{
	struct buf b = BUF_INIT;
	int base = KEYS_BASE(key);
	size_t i, n;
	char u[4];

	if (key & KEYS_MOD_CTRL)
		buf_adds(&b, "C-");
	if (key & KEYS_MOD_ALT)
		buf_adds(&b, "M-");
	if (key & KEYS_MOD_SHIFT)
		buf_adds(&b, "S-");
	for (i = 0; i < sizeof keys_names / sizeof keys_names[0]; i++)
		if (keys_names[i].key == base) {
			buf_adds(&b, keys_names[i].name);
			goto done;
		}
	if (base >= KEYS_F1 && base <= KEYS_F12)
		buf_addf(&b, "F%d", base - KEYS_F1 + 1);
	else if (base > 0 && base < 0x20)
		buf_addf(&b, "C-%c", base + 'a' - 1);
	else if (base >= 0x20 && base < KEYS_SPECIAL && base != 0x7f &&
	    (n = utf8_encode((uint32_t)base, u)) > 0)
		buf_add(&b, u, n);
	else
		buf_adds(&b, "?");
done:
	n = b.len < outlen ? b.len : outlen - 1;
	memcpy(out, b.ptr, n);
	out[n] = '\0';
	buf_release(&b);
	return n;
}

int
keys_parse_name(const char *s)
{
	int mods = 0, key = -1;
	size_t i, n;
	uint32_t cp;
	bool ok;

	for (;;) {
		if (strncmp(s, "C-", 2) == 0 && s[2] != '\0')
			mods |= KEYS_MOD_CTRL;
		else if (strncmp(s, "M-", 2) == 0 && s[2] != '\0')
			mods |= KEYS_MOD_ALT;
		else if (strncmp(s, "S-", 2) == 0 && s[2] != '\0' &&
		    strcmp(s, "S-Tab") != 0)
			mods |= KEYS_MOD_SHIFT;
		else
			break;
		s += 2;
	}
	for (i = 0; i < sizeof keys_names / sizeof keys_names[0]; i++)
		if (strcmp(s, keys_names[i].name) == 0)
			key = keys_names[i].key;
	if (key < 0 && s[0] == 'F' && s[1] >= '1' && s[1] <= '9') {
		int f = atoi(s + 1);

		if (f >= 1 && f <= 12)
			key = KEYS_F(f);
	}
	if (key < 0) {
		n = strlen(s);
		if (n == 0)
			return -1;
		i = utf8_next(s, n, &cp, &ok);
		if (!ok || i != n || cp < 0x20 || cp == 0x7f)
			return -1;
		key = (int)cp;
	}
	if ((mods & KEYS_MOD_CTRL) && key >= 0x40 && key < 0x80) {
		key = KEYS_CTRL(key);
		mods &= ~KEYS_MOD_CTRL;
	}
	return key | mods;
}
