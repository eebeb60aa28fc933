/*
 * check_keys.c: quire's key decoder (tui/keys.c) and keymaps
 * (tui/keymap.c): known sequences become keys, split sequences wait,
 * terminal replies are dropped whole, bracketed paste is text, and the
 * keymaps find single keys and sequences.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keymap.h"
#include "keys.h"

/* Feed s, then return the keys decoded (0-terminated, at most 15). */
static void
keys_all(struct keys *k, const char *s, size_t len, int *out)
{
	struct keys_event ev;
	int n = 0;

	keys_feed(k, s, len);
	while (n < 15 && keys_next(k, &ev) == 1)
		out[n++] = ev.kind == KEYS_EV_KEY ? ev.key : -1;
	out[n] = 0;
}

#define FEED(k, s, out) keys_all((k), (s), sizeof(s) - 1, (out))

START_TEST(test_keys_text_and_controls)
{
	struct keys *k = keys_new();
	int out[16];

	FEED(k, "a\xc3\xa9\x13\r\x7f\t", out);
	ck_assert_int_eq(out[0], 'a');
	ck_assert_int_eq(out[1], 0xe9);
	ck_assert_int_eq(out[2], KEYS_CTRL('s'));
	ck_assert_int_eq(out[3], KEYS_ENTER);
	ck_assert_int_eq(out[4], KEYS_BACKSPACE);
	ck_assert_int_eq(out[5], KEYS_TAB);
	ck_assert_int_eq(out[6], 0);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_cursor_and_function_keys)
{
	struct keys *k = keys_new();
	int out[16];

	FEED(k, "\x1b[A\x1bOB\x1b[1;5C\x1b[1;2D\x1b[5~\x1b[3;3~\x1bOP"
	    "\x1b[15~\x1b[Z\x1b[H\x1b[4~", out);
	ck_assert_int_eq(out[0], KEYS_UP);
	ck_assert_int_eq(out[1], KEYS_DOWN);
	ck_assert_int_eq(out[2], KEYS_RIGHT | KEYS_MOD_CTRL);
	ck_assert_int_eq(out[3], KEYS_LEFT | KEYS_MOD_SHIFT);
	ck_assert_int_eq(out[4], KEYS_PGUP);
	ck_assert_int_eq(out[5], KEYS_DELETE | KEYS_MOD_ALT);
	ck_assert_int_eq(out[6], KEYS_F(1));
	ck_assert_int_eq(out[7], KEYS_F(5));
	ck_assert_int_eq(out[8], KEYS_BTAB);
	ck_assert_int_eq(out[9], KEYS_HOME);
	ck_assert_int_eq(out[10], KEYS_END);
	ck_assert_int_eq(out[11], 0);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_split_sequence_waits)
{
	struct keys *k = keys_new();
	struct keys_event ev;

	keys_feed(k, "\x1b[1;", 4);
	ck_assert_int_eq(keys_next(k, &ev), 0);
	ck_assert(keys_waiting(k));
	keys_feed(k, "5A", 2);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.key, KEYS_UP | KEYS_MOD_CTRL);
	/* A UTF-8 character split between reads. */
	keys_feed(k, "\xe2\x82", 2);
	ck_assert_int_eq(keys_next(k, &ev), 0);
	keys_feed(k, "\xac", 1);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.key, 0x20ac);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_lone_escape_after_timeout)
{
	struct keys *k = keys_new();
	struct keys_event ev;

	keys_feed(k, "\x1b", 1);
	ck_assert_int_eq(keys_next(k, &ev), 0);
	ck_assert(keys_waiting(k));
	keys_timeout(k);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.key, KEYS_ESC);
	ck_assert(!keys_waiting(k));
	/* ESC and a letter in one read: Alt. */
	keys_feed(k, "\x1bx", 2);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.key, 'x' | KEYS_MOD_ALT);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_replies_are_dropped)
{
	struct keys *k = keys_new();
	int out[16];

	/* Cursor position report, device attributes, a title report, a
	 * DECRQSS answer, focus events, an OSC 52 clipboard answer: none
	 * may become a key, and the text after them survives. */
	FEED(k, "\x1b[12;40R\x1b[?1;2c\x1b]l" "evil\x1b\\\x1bP1$r0m\x1b\\"
	    "\x1b[I\x1b[O\x1b]52;c;ZXZpbA==\x07ok", out);
	ck_assert_int_eq(out[0], 'o');
	ck_assert_int_eq(out[1], 'k');
	ck_assert_int_eq(out[2], 0);
	ck_assert_uint_ge(keys_ndropped(k), 7);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_unterminated_reply_dropped_on_timeout)
{
	struct keys *k = keys_new();
	struct keys_event ev;

	keys_feed(k, "\x1b]11;rgb:0000/0000", 18);
	ck_assert_int_eq(keys_next(k, &ev), 0);
	keys_timeout(k);
	ck_assert_int_eq(keys_next(k, &ev), 0);
	ck_assert(!keys_waiting(k));
	keys_feed(k, "q", 1);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.key, 'q');
	keys_free(k);
}
END_TEST

START_TEST(test_keys_c1_is_never_a_key)
{
	struct keys *k = keys_new();
	int out[16];

	/* U+009B (CSI as UTF-8) and a raw 0x9B byte. */
	FEED(k, "\xc2\x9b" "2J\x9b" "x", out);
	ck_assert_int_eq(out[0], '2');
	ck_assert_int_eq(out[1], 'J');
	ck_assert_int_eq(out[2], 'x');
	ck_assert_int_eq(out[3], 0);
	/* Nor with Alt (ESC before it), nor as a modifyOtherKeys code
	 * point (found by fuzz_keys). */
	FEED(k, "\x1b\xc2\x85" "a\x1b[133;3u\x1b[27;5;155~b", out);
	ck_assert_int_eq(out[0], 'a');
	ck_assert_int_eq(out[1], 'b');
	ck_assert_int_eq(out[2], 0);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_ctrl_at_is_ctrl_space)
{
	struct keys *k = keys_new();
	int out[16];

	/* NUL is C-Space however it comes, never key 0 (found by
	 * fuzz_keys). */
	FEED(k, "\0\x1b[64;5u\x1b[27;5;64~\x1b\0", out);
	ck_assert_int_eq(out[0], KEYS_CSPACE);
	ck_assert_int_eq(out[1], KEYS_CSPACE);
	ck_assert_int_eq(out[2], KEYS_CSPACE);
	ck_assert_int_eq(out[3], KEYS_CSPACE | KEYS_MOD_ALT);
	ck_assert_int_eq(out[4], 0);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_bracketed_paste_is_text)
{
	struct keys *k = keys_new();
	struct keys_event ev;
	static const char in[] = "\x1b[200~print(1)\r\x1b[A\x03\x1b[201~z";

	keys_feed(k, in, 10);
	ck_assert_int_eq(keys_next(k, &ev), 0);
	keys_feed(k, in + 10, sizeof in - 1 - 10);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.kind, KEYS_EV_PASTE);
	ck_assert_uint_eq(ev.paste_len, 13);
	ck_assert(memcmp(ev.paste, "print(1)\r\x1b[A\x03", 13) == 0);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.kind, KEYS_EV_KEY);
	ck_assert_int_eq(ev.key, 'z');
	keys_free(k);
}
END_TEST

START_TEST(test_keys_sgr_mouse)
{
	struct keys *k = keys_new();
	struct keys_event ev;

	keys_feed(k, "\x1b[<0;10;5M\x1b[<65;1;1M\x1b[<35;3;3M", 29);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.kind, KEYS_EV_MOUSE);
	ck_assert_int_eq(ev.mouse, KEYS_MOUSE_PRESS);
	ck_assert_int_eq(ev.col, 9);
	ck_assert_int_eq(ev.row, 4);
	ck_assert_int_eq(keys_next(k, &ev), 1);
	ck_assert_int_eq(ev.mouse, KEYS_MOUSE_WHEEL_DOWN);
	/* Motion was never asked for: dropped. */
	ck_assert_int_eq(keys_next(k, &ev), 0);
	keys_free(k);
}
END_TEST

START_TEST(test_keys_names_round_trip)
{
	static const char *const names[] = { "C-s", "M-x", "S-Up",
		"C-S-Left", "F1", "F12", "Enter", "Esc", "S-Tab", "a", "?",
		"M-Enter", "C-Home", "C-Space", NULL };
	char buf[32];
	size_t i;
	int key;

	for (i = 0; names[i] != NULL; i++) {
		key = keys_parse_name(names[i]);
		ck_assert_int_ge(key, 0);
		(void)keys_name(key, buf, sizeof buf);
		ck_assert_str_eq(buf, names[i]);
	}
	ck_assert_int_eq(keys_parse_name("C-s"), KEYS_CTRL('s'));
	ck_assert_int_eq(keys_parse_name("nonsense"), -1);
	ck_assert_int_eq(keys_parse_name(""), -1);
}
END_TEST

START_TEST(test_keymap_sequences)
{
	struct keymap *km = keymap_new(KEYMAP_VI);
	const char *cmd;

	ck_assert_int_eq(keymap_feed(km, KEYMAP_NAV, 'j', &cmd),
	    KEYMAP_MATCH);
	ck_assert_str_eq(cmd, "cell-next");
	ck_assert_int_eq(keymap_feed(km, KEYMAP_NAV, 'g', &cmd),
	    KEYMAP_PENDING);
	ck_assert_int_eq(keymap_feed(km, KEYMAP_NAV, 'g', &cmd),
	    KEYMAP_MATCH);
	ck_assert_str_eq(cmd, "cell-first");
	ck_assert_int_eq(keymap_feed(km, KEYMAP_NAV, 'd', &cmd),
	    KEYMAP_PENDING);
	/* A key that does not continue the sequence is taken alone. */
	ck_assert_int_eq(keymap_feed(km, KEYMAP_NAV, 'k', &cmd),
	    KEYMAP_MATCH);
	ck_assert_str_eq(cmd, "cell-prev");
	ck_assert_int_eq(keymap_feed(km, KEYMAP_NAV, KEYS_CTRL('r'), &cmd),
	    KEYMAP_MATCH);
	ck_assert_str_eq(cmd, "run-all");
	ck_assert_int_eq(keymap_feed(km, KEYMAP_EDIT, 'j', &cmd),
	    KEYMAP_NONE);
	ck_assert_int_eq(keymap_feed(km, KEYMAP_EDIT, KEYS_ESC, &cmd),
	    KEYMAP_MATCH);
	ck_assert_str_eq(cmd, "leave");
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_both_share_the_global_keys)
{
	static const int keys[] = { KEYS_CTRL('r'), KEYS_CTRL('s'),
		KEYS_CTRL('e'), KEYS_CTRL('c'), KEYS_CTRL('q'), KEYS_F(1) };
	static const char *const cmds[] = { "run-all", "save", "edit",
		"interrupt", "quit", "help" };
	const char *cmd;
	size_t i;
	int s;

	for (s = KEYMAP_PLAIN; s <= KEYMAP_VI; s++) {
		struct keymap *km = keymap_new((enum keymap_style)s);

		for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			ck_assert_int_eq(keymap_feed(km, KEYMAP_NAV, keys[i],
			    &cmd), KEYMAP_MATCH);
			ck_assert_str_eq(cmd, cmds[i]);
			ck_assert_int_eq(keymap_feed(km, KEYMAP_EDIT, keys[i],
			    &cmd), KEYMAP_MATCH);
			ck_assert_str_eq(cmd, cmds[i]);
		}
		keymap_free(km);
	}
}
END_TEST

START_TEST(test_keymap_line_editing_and_completion)
{
	struct keymap_line *kl = keymap_line_new();
	static const char *const words[] = { "rename", "redo", "run",
		"run-all" };
	const char **m = NULL;
	size_t n;

	keymap_line_open(kl, ":", NULL);
	ck_assert_int_eq(keymap_line_key(kl, 'r'), KEYMAP_LINE_EDITING);
	ck_assert_int_eq(keymap_line_key(kl, 'u'), KEYMAP_LINE_EDITING);
	ck_assert_int_eq(keymap_line_key(kl, KEYS_TAB), KEYMAP_LINE_COMPLETE);
	n = keymap_line_complete(kl, words, 4, &m);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(keymap_line_text(kl), "run");
	free(m);
	(void)keymap_line_key(kl, '-');
	n = keymap_line_complete(kl, words, 4, &m);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(keymap_line_text(kl), "run-all ");
	free(m);
	ck_assert_int_eq(keymap_line_key(kl, KEYS_ENTER), KEYMAP_LINE_DONE);
	keymap_line_remember(kl);
	keymap_line_open(kl, ":", NULL);
	(void)keymap_line_key(kl, KEYS_UP);
	ck_assert_str_eq(keymap_line_text(kl), "run-all ");
	(void)keymap_line_key(kl, KEYS_CTRL('u'));
	ck_assert_str_eq(keymap_line_text(kl), "");
	keymap_line_paste(kl, "a\nb\x1b", 4);
	ck_assert_str_eq(keymap_line_text(kl), "a b");
	ck_assert_int_eq(keymap_line_key(kl, KEYS_ESC), KEYMAP_LINE_CANCEL);
	keymap_line_free(kl);
}
END_TEST

static Suite *
keys_suite(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("decoder");

	tcase_add_test(tc, test_keys_text_and_controls);
	tcase_add_test(tc, test_keys_cursor_and_function_keys);
	tcase_add_test(tc, test_keys_split_sequence_waits);
	tcase_add_test(tc, test_keys_lone_escape_after_timeout);
	tcase_add_test(tc, test_keys_replies_are_dropped);
	tcase_add_test(tc, test_keys_unterminated_reply_dropped_on_timeout);
	tcase_add_test(tc, test_keys_c1_is_never_a_key);
	tcase_add_test(tc, test_keys_ctrl_at_is_ctrl_space);
	tcase_add_test(tc, test_keys_bracketed_paste_is_text);
	tcase_add_test(tc, test_keys_sgr_mouse);
	tcase_add_test(tc, test_keys_names_round_trip);
	suite_add_tcase(s, tc);
	tc = tcase_create("keymap");
	tcase_add_test(tc, test_keymap_sequences);
	tcase_add_test(tc, test_keymap_both_share_the_global_keys);
	tcase_add_test(tc, test_keymap_line_editing_and_completion);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(keys_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
