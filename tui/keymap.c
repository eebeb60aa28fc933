/*
 * keymap.c: the two keymaps as tables of key-name strings, parsed once
 * (tui/keys.c spells and parses key names), and the `:` line editor.
 * Tables are written as text so the help screen can print exactly what
 * is bound: nothing is bound anywhere else.
 */
#include "config.h"
#include "keymap.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keys.h"
#include "utf8.h"
#include "xmalloc.h"

struct keymap_spec {
	unsigned modes;		/* 1 << enum keymap_mode */
	const char *keys;	/* "g g", "C-s" */
	const char *cmd;
};

#define NAV (1u << KEYMAP_NAV)
#define EDIT (1u << KEYMAP_EDIT)
#define SIDE (1u << KEYMAP_SIDE)
#define ALL (NAV | EDIT | SIDE)

/* Keys every keymap shares; they come first in the help. */
static const struct keymap_spec keymap_common[] = {
	{ ALL, "F1", "help" },
	{ ALL, "C-r", "run-all" },
	{ ALL, "C-s", "save" },
	{ NAV | EDIT, "C-e", "edit" },
	{ ALL, "C-c", "interrupt" },
	{ ALL, "C-q", "quit" },
	{ NAV, "C-l", "log" },
	{ EDIT | SIDE, "C-l", "redraw" },
	{ NAV | EDIT, "F5", "run" },
	{ EDIT, "M-Enter", "run" },
	{ EDIT, "C-Enter", "run" },
	{ NAV, "F2", "rename" },
	{ NAV, "M-v", "view-code" },
	{ NAV, "]", "output-down" },
	{ NAV, "[", "output-up" },
	{ NAV, "F3", "variables" },
	{ NAV, "F4", "graph" },
	{ NAV, "F9", "audit" },
	{ NAV, "Tab", "output" },
	{ SIDE, "Esc", "close" },
	{ SIDE, "q", "close" },
	{ SIDE, "Up", "side-up" },
	{ SIDE, "Down", "side-down" },
	{ SIDE, "k", "side-up" },
	{ SIDE, "j", "side-down" },
	{ SIDE, "PgUp", "side-page-up" },
	{ SIDE, "PgDn", "side-page-down" },
	{ SIDE, "Enter", "side-select" },
	/* Inside a cell. */
	{ EDIT, "Esc", "leave" },
	{ EDIT, "Left", "left" },
	{ EDIT, "Right", "right" },
	{ EDIT, "Up", "up" },
	{ EDIT, "Down", "down" },
	{ EDIT, "Home", "home" },
	{ EDIT, "End", "end" },
	{ EDIT, "C-Left", "word-left" },
	{ EDIT, "C-Right", "word-right" },
	{ EDIT, "M-b", "word-left" },
	{ EDIT, "M-f", "word-right" },
	{ EDIT, "C-Home", "top" },
	{ EDIT, "C-End", "bottom" },
	{ EDIT, "PgUp", "page-up-text" },
	{ EDIT, "PgDn", "page-down-text" },
	{ EDIT, "S-Left", "select-left" },
	{ EDIT, "S-Right", "select-right" },
	{ EDIT, "S-Up", "select-up" },
	{ EDIT, "S-Down", "select-down" },
	{ EDIT, "S-Home", "select-home" },
	{ EDIT, "S-End", "select-end" },
	{ EDIT, "C-S-Left", "select-word-left" },
	{ EDIT, "C-S-Right", "select-word-right" },
	{ EDIT, "Enter", "newline" },
	{ EDIT, "Backspace", "backspace" },
	{ EDIT, "Delete", "delete-char" },
	{ EDIT, "Tab", "tab" },
	{ EDIT, "S-Tab", "dedent" },
	{ EDIT, "C-a", "select-all" },
	{ EDIT, "C-x", "cut" },
	{ EDIT, "M-c", "copy" },
	{ EDIT, "M-w", "copy" },
	{ EDIT, "C-v", "paste" },
	{ EDIT, "C-k", "cut" },
	{ EDIT, "C-z", "undo" },
	{ EDIT, "C-y", "redo" },
	{ EDIT, "M-s", "split" },
	{ EDIT, "M-x", "command" },
};

static const struct keymap_spec keymap_plain[] = {
	{ NAV, "Up", "cell-prev" },
	{ NAV, "Down", "cell-next" },
	{ NAV, "PgUp", "page-up" },
	{ NAV, "PgDn", "page-down" },
	{ NAV, "Home", "cell-first" },
	{ NAV, "End", "cell-last" },
	{ NAV, "Enter", "edit-cell" },
	{ NAV, "C-n", "add-below" },
	{ NAV, "M-n", "add-above" },
	{ NAV, "Delete", "delete" },
	{ NAV, "C-k", "delete" },
	{ NAV, "M-c", "yank" },
	{ NAV, "C-v", "paste" },
	{ NAV, "M-Up", "move-up" },
	{ NAV, "M-Down", "move-down" },
	{ NAV, "M-m", "merge" },
	{ NAV, "M-h", "hide-code" },
	{ NAV, "M-d", "disable" },
	{ NAV, "M-o", "collapse" },
	{ NAV, "M-e", "expand" },
	{ NAV, "C-z", "undo" },
	{ NAV, "C-y", "redo" },
	{ NAV, "C-f", "search" },
	{ NAV, "/", "search" },
	{ NAV, "F6", "search-next" },
	{ NAV, "C-g", "goto" },
	{ NAV, "C-o", "output" },
	{ NAV, "C-d", "diff" },
	{ NAV, ":", "command" },
	{ NAV, "M-x", "command" },
	{ NAV, "?", "help" },
	{ NAV, "Esc", "close" },
};

static const struct keymap_spec keymap_vi[] = {
	{ NAV, "j", "cell-next" },
	{ NAV, "k", "cell-prev" },
	{ NAV, "Down", "cell-next" },
	{ NAV, "Up", "cell-prev" },
	{ NAV, "g g", "cell-first" },
	{ NAV, "G", "cell-last" },
	{ NAV, "C-f", "page-down" },
	{ NAV, "C-b", "page-up" },
	{ NAV, "C-d", "page-down" },
	{ NAV, "C-u", "page-up" },
	{ NAV, "PgDn", "page-down" },
	{ NAV, "PgUp", "page-up" },
	{ NAV, "i", "edit-cell" },
	{ NAV, "a", "edit-cell" },
	{ NAV, "Enter", "edit-cell" },
	{ NAV, "o", "add-below" },
	{ NAV, "O", "add-above" },
	{ NAV, "d d", "delete" },
	{ NAV, "y y", "yank" },
	{ NAV, "p", "paste" },
	{ NAV, "P", "paste-above" },
	{ NAV, "u", "undo" },
	{ NAV, "U", "redo" },
	{ NAV, "C-y", "redo" },
	{ NAV, "J", "move-down" },
	{ NAV, "K", "move-up" },
	{ NAV, "g J", "merge" },
	{ NAV, "g s", "split" },
	{ NAV, "c w", "rename" },
	{ NAV, "z h", "hide-code" },
	{ NAV, "z x", "disable" },
	{ NAV, "z a", "collapse" },
	{ NAV, "z o", "expand" },
	{ NAV, "/", "search" },
	{ NAV, "n", "search-next" },
	{ NAV, "N", "search-prev" },
	{ NAV, "g o", "goto" },
	{ NAV, "g v", "variables" },
	{ NAV, "g d", "graph" },
	{ NAV, "g D", "diff" },
	{ NAV, ":", "command" },
	{ NAV, "?", "help" },
	{ NAV, "Esc", "close" },
	{ NAV, "Z Z", "wq" },
};

struct keymap {
	enum keymap_style style;
	struct keymap_binding *b[KEYMAP_NMODES];
	size_t nb[KEYMAP_NMODES];
	int pending[KEYMAP_SEQ_MAX];
	size_t npending;
};

static void
keymap_add(struct keymap *km, const struct keymap_spec *specs, size_t n)
{
	size_t i, m;

	for (i = 0; i < n; i++) {
		struct keymap_binding kb;
		char *copy = xstrdup(specs[i].keys), *tok, *save = NULL;
		int key;

		memset(&kb, 0, sizeof kb);
		kb.cmd = specs[i].cmd;
		for (tok = strtok_r(copy, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			key = keys_parse_name(tok);
			if (key < 0 || kb.nkeys == KEYMAP_SEQ_MAX)
				abort();	/* a typo in the tables */
			kb.keys[kb.nkeys++] = key;
		}
		free(copy);
		for (m = 0; m < KEYMAP_NMODES; m++) {
			if (!(specs[i].modes & (1u << m)))
				continue;
			km->b[m] = xreallocarray(km->b[m], km->nb[m] + 1,
			    sizeof *km->b[m]);
			km->b[m][km->nb[m]++] = kb;
		}
	}
}

struct keymap *
keymap_new(enum keymap_style style)
{
	struct keymap *km = xcalloc(1, sizeof *km);

	km->style = style;
	keymap_add(km, keymap_common, sizeof keymap_common /
	    sizeof keymap_common[0]);
	if (style == KEYMAP_VI)
		keymap_add(km, keymap_vi, sizeof keymap_vi /
		    sizeof keymap_vi[0]);
	else
		keymap_add(km, keymap_plain, sizeof keymap_plain /
		    sizeof keymap_plain[0]);
	return km;
}

void
keymap_free(struct keymap *km)
{
	size_t m;

	if (km == NULL)
		return;
	for (m = 0; m < KEYMAP_NMODES; m++)
		free(km->b[m]);
	free(km);
}

enum keymap_style
keymap_style(const struct keymap *km)
{
	return km->style;
}

const char *
keymap_style_name(enum keymap_style s)
{
	return s == KEYMAP_VI ? "vi" : "plain";
}

int
keymap_style_parse(const char *s)
{
	if (strcmp(s, "plain") == 0)
		return KEYMAP_PLAIN;
	if (strcmp(s, "vi") == 0)
		return KEYMAP_VI;
	return -1;
}

void
keymap_reset(struct keymap *km)
{
	km->npending = 0;
}

/* Look up pending + key: 1 match, 2 prefix, 0 nothing. */
static int
keymap_find(struct keymap *km, enum keymap_mode mode, const int *seq,
    size_t n, const char **cmd)
{
	size_t i, k;
	bool prefix = false;

	for (i = 0; i < km->nb[mode]; i++) {
		const struct keymap_binding *b = &km->b[mode][i];

		if (b->nkeys < n)
			continue;
		for (k = 0; k < n; k++)
			if (b->keys[k] != seq[k])
				break;
		if (k < n)
			continue;
		if (b->nkeys == n) {
			*cmd = b->cmd;
			return 1;
		}
		prefix = true;
	}
	return prefix ? 2 : 0;
}

enum keymap_result
keymap_feed(struct keymap *km, enum keymap_mode mode, int key,
    const char **cmd)
{
	int seq[KEYMAP_SEQ_MAX];
	size_t n;
	int r;

	*cmd = NULL;
	if (km->npending > 0 && km->npending < KEYMAP_SEQ_MAX) {
		memcpy(seq, km->pending, km->npending * sizeof *seq);
		n = km->npending;
		seq[n++] = key;
		r = keymap_find(km, mode, seq, n, cmd);
		if (r == 1) {
			km->npending = 0;
			return KEYMAP_MATCH;
		}
		if (r == 2) {
			memcpy(km->pending, seq, n * sizeof *seq);
			km->npending = n;
			return KEYMAP_PENDING;
		}
	}
	km->npending = 0;
	r = keymap_find(km, mode, &key, 1, cmd);
	if (r == 1)
		return KEYMAP_MATCH;
	if (r == 2) {
		km->pending[0] = key;
		km->npending = 1;
		return KEYMAP_PENDING;
	}
	return KEYMAP_NONE;
}

void
keymap_pending_name(const struct keymap *km, struct buf *out)
{
	char name[32];
	size_t i;

	for (i = 0; i < km->npending; i++) {
		(void)keys_name(km->pending[i], name, sizeof name);
		if (i > 0)
			buf_addc(out, ' ');
		buf_adds(out, name);
	}
}

size_t
keymap_nbindings(const struct keymap *km, enum keymap_mode mode)
{
	return km->nb[mode];
}

const struct keymap_binding *
keymap_binding(const struct keymap *km, enum keymap_mode mode, size_t idx)
{
	return idx < km->nb[mode] ? &km->b[mode][idx] : NULL;
}

void
keymap_binding_name(const struct keymap_binding *b, struct buf *out)
{
	char name[32];
	size_t i;

	for (i = 0; i < b->nkeys; i++) {
		(void)keys_name(b->keys[i], name, sizeof name);
		if (i > 0)
			buf_addc(out, ' ');
		buf_adds(out, name);
	}
}

bool
keymap_keys_for(const struct keymap *km, enum keymap_mode mode,
    const char *cmd, struct buf *out)
{
	size_t i;

	for (i = 0; i < km->nb[mode]; i++)
		if (strcmp(km->b[mode][i].cmd, cmd) == 0) {
			keymap_binding_name(&km->b[mode][i], out);
			return true;
		}
	return false;
}

/* The command line. */

#define KEYMAP_HISTORY_MAX 100

struct keymap_line {
	struct buf prompt;
	struct buf text;
	size_t cur;
	char **hist;
	size_t nhist;
	size_t hist_pos;	/* nhist: the line being typed */
};

struct keymap_line *
keymap_line_new(void)
{
	struct keymap_line *kl = xcalloc(1, sizeof *kl);

	buf_init(&kl->prompt);
	buf_init(&kl->text);
	return kl;
}

void
keymap_line_free(struct keymap_line *kl)
{
	size_t i;

	if (kl == NULL)
		return;
	buf_release(&kl->prompt);
	buf_release(&kl->text);
	for (i = 0; i < kl->nhist; i++)
		free(kl->hist[i]);
	free(kl->hist);
	free(kl);
}

void
keymap_line_open(struct keymap_line *kl, const char *prompt,
    const char *text)
{
	buf_reset(&kl->prompt);
	buf_adds(&kl->prompt, prompt);
	buf_reset(&kl->text);
	if (text != NULL)
		buf_adds(&kl->text, text);
	kl->cur = kl->text.len;
	kl->hist_pos = kl->nhist;
}

const char *
keymap_line_prompt(const struct keymap_line *kl)
{
	return kl->prompt.ptr;
}

const char *
keymap_line_text(const struct keymap_line *kl)
{
	return kl->text.ptr;
}

size_t
keymap_line_cursor(const struct keymap_line *kl)
{
	return kl->cur;
}

static void
keymap_line_insert(struct keymap_line *kl, const char *s, size_t len)
{
	buf_grow(&kl->text, len);
	memmove(kl->text.ptr + kl->cur + len, kl->text.ptr + kl->cur,
	    kl->text.len - kl->cur + 1);
	memcpy(kl->text.ptr + kl->cur, s, len);
	kl->text.len += len;
	kl->cur += len;
}

static size_t
keymap_line_prev(const struct keymap_line *kl, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)kl->text.ptr[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

static size_t
keymap_line_next(const struct keymap_line *kl, size_t pos)
{
	uint32_t cp;

	if (pos >= kl->text.len)
		return kl->text.len;
	return pos + utf8_next(kl->text.ptr + pos, kl->text.len - pos, &cp,
	    NULL);
}

static void
keymap_line_delete(struct keymap_line *kl, size_t from, size_t to)
{
	memmove(kl->text.ptr + from, kl->text.ptr + to,
	    kl->text.len - to + 1);
	kl->text.len -= to - from;
	if (kl->cur > to)
		kl->cur -= to - from;
	else if (kl->cur > from)
		kl->cur = from;
}

static void
keymap_line_history(struct keymap_line *kl, size_t pos)
{
	kl->hist_pos = pos;
	buf_reset(&kl->text);
	if (pos < kl->nhist)
		buf_adds(&kl->text, kl->hist[pos]);
	kl->cur = kl->text.len;
}

enum keymap_line_result
keymap_line_key(struct keymap_line *kl, int key)
{
	char u[4];
	size_t n, p;

	switch (key) {
	case KEYS_ENTER:
		return KEYMAP_LINE_DONE;
	case KEYS_ESC:
	case KEYS_CTRL('c'):
	case KEYS_CTRL('g'):
		return KEYMAP_LINE_CANCEL;
	case KEYS_TAB:
		return KEYMAP_LINE_COMPLETE;
	case KEYS_BACKSPACE:
		if (kl->cur == 0) {
			if (kl->text.len == 0)
				return KEYMAP_LINE_CANCEL;
			return KEYMAP_LINE_EDITING;
		}
		keymap_line_delete(kl, keymap_line_prev(kl, kl->cur), kl->cur);
		return KEYMAP_LINE_EDITING;
	case KEYS_DELETE:
	case KEYS_CTRL('d'):
		keymap_line_delete(kl, kl->cur, keymap_line_next(kl, kl->cur));
		return KEYMAP_LINE_EDITING;
	case KEYS_LEFT:
	case KEYS_CTRL('b'):
		kl->cur = keymap_line_prev(kl, kl->cur);
		return KEYMAP_LINE_EDITING;
	case KEYS_RIGHT:
	case KEYS_CTRL('f'):
		kl->cur = keymap_line_next(kl, kl->cur);
		return KEYMAP_LINE_EDITING;
	case KEYS_HOME:
	case KEYS_CTRL('a'):
		kl->cur = 0;
		return KEYMAP_LINE_EDITING;
	case KEYS_END:
	case KEYS_CTRL('e'):
		kl->cur = kl->text.len;
		return KEYMAP_LINE_EDITING;
	case KEYS_CTRL('u'):
		keymap_line_delete(kl, 0, kl->cur);
		return KEYMAP_LINE_EDITING;
	case KEYS_CTRL('k'):
		keymap_line_delete(kl, kl->cur, kl->text.len);
		return KEYMAP_LINE_EDITING;
	case KEYS_CTRL('w'):
		p = kl->cur;
		while (p > 0 && kl->text.ptr[p - 1] == ' ')
			p--;
		while (p > 0 && kl->text.ptr[p - 1] != ' ')
			p--;
		keymap_line_delete(kl, p, kl->cur);
		return KEYMAP_LINE_EDITING;
	case KEYS_UP:
		if (kl->hist_pos > 0)
			keymap_line_history(kl, kl->hist_pos - 1);
		return KEYMAP_LINE_EDITING;
	case KEYS_DOWN:
		if (kl->hist_pos < kl->nhist)
			keymap_line_history(kl, kl->hist_pos + 1);
		return KEYMAP_LINE_EDITING;
	}
	if (key >= 0x20 && key < KEYS_SPECIAL && key != 0x7f &&
	    (n = utf8_encode((uint32_t)key, u)) > 0)
		keymap_line_insert(kl, u, n);
	return KEYMAP_LINE_EDITING;
}

void
keymap_line_paste(struct keymap_line *kl, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' :
		    s[i];

		if ((unsigned char)c >= 0x20 && c != 0x7f)
			keymap_line_insert(kl, &c, 1);
	}
}

void
keymap_line_remember(struct keymap_line *kl)
{
	if (kl->text.len == 0 || (kl->nhist > 0 &&
	    strcmp(kl->hist[kl->nhist - 1], kl->text.ptr) == 0))
		return;
	if (kl->nhist == KEYMAP_HISTORY_MAX) {
		free(kl->hist[0]);
		memmove(kl->hist, kl->hist + 1,
		    (kl->nhist - 1) * sizeof *kl->hist);
		kl->nhist--;
	}
	kl->hist = xreallocarray(kl->hist, kl->nhist + 1, sizeof *kl->hist);
	kl->hist[kl->nhist++] = xstrdup(kl->text.ptr);
}

size_t
keymap_line_complete(struct keymap_line *kl, const char *const *words,
    size_t n, const char ***matches)
{
	size_t start = kl->cur, plen, i, nm = 0, common = 0;
	const char *prefix;

	while (start > 0 && kl->text.ptr[start - 1] != ' ')
		start--;
	prefix = kl->text.ptr + start;
	plen = kl->cur - start;
	*matches = xreallocarray(NULL, n + 1, sizeof **matches);
	for (i = 0; i < n; i++)
		if (strncmp(words[i], prefix, plen) == 0)
			(*matches)[nm++] = words[i];
	if (nm == 0)
		return 0;
	common = strlen((*matches)[0]);
	for (i = 1; i < nm; i++) {
		size_t k = 0;

		while (k < common && (*matches)[i][k] == (*matches)[0][k])
			k++;
		common = k;
	}
	if (common > plen)
		keymap_line_insert(kl, (*matches)[0] + plen, common - plen);
	if (nm == 1 && kl->cur == kl->text.len)
		keymap_line_insert(kl, " ", 1);
	return nm;
}
