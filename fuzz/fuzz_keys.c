/*
 * fuzz_keys.c: the key decoder (tui/keys.c) on any bytes from the
 * terminal, fed in chunks whose sizes come from the input, with a
 * timeout now and then as a slow terminal would cause. Beyond "no
 * crash":
 *
 * - every event is well formed: a key is a code point (no surrogate,
 *   no C1 control, never NUL: that is C-Space) or one of the special
 *   keys, with only the modifier bits on top; a mouse event has its
 *   position on a screen of at most 10000 x 10000 cells, a known kind
 *   and a button 0-2; a paste holds at most KEYS_PASTE_MAX bytes;
 * - the decoder holds back only what it promises: after the bytes are
 *   decoded, something is held only when an ESC came within the last
 *   KEYS_STRING_MAX + 2 bytes (the longest reply it reads to its end)
 *   or the last bytes may begin a UTF-8 character; after a timeout
 *   nothing is held;
 * - every key has a name, and a name it gives is no longer than asked.
 *
 * The terminal's answers parsed at start-up (tui/widthprobe.c: the
 * cursor position report and DA1) have their own target,
 * fuzz_termreply.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static volatile unsigned fuzz_keys_sink;

/* keys.c's longest string reply read to its end. */
#define FUZZ_KEYS_HOLD_MAX (4096 + 2)

static void
fuzz_keys_event_ok(const struct keys_event *ev)
{
	int base;
	char name[32];
	size_t n, i;

	switch (ev->kind) {
	case KEYS_EV_KEY:
		if (ev->key & ~(KEYS_MOD_MASK | 0x1FFFFF))
			abort();
		base = KEYS_BASE(ev->key);
		if (base <= 0 || (base >= 0xD800 && base <= 0xDFFF) ||
		    (base >= 0x80 && base < 0xA0))
			abort();
		if (base >= KEYS_SPECIAL && (base <= KEYS_SPECIAL ||
		    base >= KEYS_SPECIAL_END))
			abort();
		n = keys_name(ev->key, name, sizeof name);
		if (n == 0 || n >= sizeof name || strlen(name) != n)
			abort();
		n = keys_name(ev->key, name, 4);
		if (n > 3 || strlen(name) != n)
			abort();
		break;
	case KEYS_EV_PASTE:
		if (ev->paste_len > KEYS_PASTE_MAX ||
		    (ev->paste_len > 0 && ev->paste == NULL))
			abort();
		/* Borrowed bytes: every one of them readable. */
		for (i = 0; i < ev->paste_len; i++)
			fuzz_keys_sink += (unsigned char)ev->paste[i];
		break;
	case KEYS_EV_MOUSE:
		if (ev->row < 0 || ev->col < 0 || ev->row >= 10000 ||
		    ev->col >= 10000 || ev->button < 0 || ev->button > 2)
			abort();
		if (ev->mouse != KEYS_MOUSE_PRESS &&
		    ev->mouse != KEYS_MOUSE_RELEASE &&
		    ev->mouse != KEYS_MOUSE_WHEEL_UP &&
		    ev->mouse != KEYS_MOUSE_WHEEL_DOWN)
			abort();
		break;
	default:
		abort();
	}
}

/* Take every event out; returns how many. */
static size_t
fuzz_keys_drain(struct keys *k)
{
	struct keys_event ev;
	size_t n = 0;

	while (keys_next(k, &ev) == 1) {
		fuzz_keys_event_ok(&ev);
		/* Each event takes bytes: a loop without end is a hang. */
		if (++n > 1u << 20)
			abort();
	}
	return n;
}

/* May the decoder hold something back after data[0..end)? */
static bool
fuzz_keys_may_hold(const uint8_t *data, size_t end)
{
	size_t i, from = end > FUZZ_KEYS_HOLD_MAX ? end - FUZZ_KEYS_HOLD_MAX :
	    0;

	for (i = from; i < end; i++)
		if (data[i] == 0x1B)
			return true;
	for (i = end > 3 ? end - 3 : 0; i < end; i++)
		if (data[i] >= 0xC2 && data[i] <= 0xF4)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keys *k;
	unsigned seed;
	size_t off, n;

	if (size < 1)
		return 0;
	seed = data[0];
	data++;
	size--;
	k = keys_new();
	for (off = 0; off < size; off += n) {
		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % 16;
		if (n > size - off)
			n = size - off;
		keys_feed(k, (const char *)data + off, n);
		(void)fuzz_keys_drain(k);
		if (keys_waiting(k) &&
		    !fuzz_keys_may_hold(data, off + n))
			abort();
		if ((seed >> 8 & 0x1F) == 0) {
			/* The terminal went quiet: what is held is done. */
			keys_timeout(k);
			(void)fuzz_keys_drain(k);
			if (keys_waiting(k))
				abort();
		}
	}
	keys_timeout(k);
	(void)fuzz_keys_drain(k);
	if (keys_waiting(k))
		abort();
	if (keys_ndropped(k) > size)
		abort();
	if ((seed & 0x100) != 0) {
		keys_feed(k, (const char *)data, size);
		keys_discard(k);
		if (keys_waiting(k) || fuzz_keys_drain(k) != 0)
			abort();
	}
	keys_free(k);
	return 0;
}
