/*
 * keymap.h: which key does what. Two keymaps, plain (arrows and Ctrl
 * keys) and vi (a normal mode between cells, insert inside one), each a
 * table of key sequences to command names per mode; the editor runs the
 * command by name, so a key, the `:` command line and the help screen
 * all go through the same table. Also the `:` command line's editing,
 * history and completion.
 */
#ifndef QUIRE_TUI_KEYMAP_H
#define QUIRE_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct keymap;

enum keymap_style {
	KEYMAP_PLAIN,
	KEYMAP_VI
};

enum keymap_mode {
	KEYMAP_NAV,		/* between cells */
	KEYMAP_EDIT,		/* inside a cell */
	KEYMAP_SIDE,		/* a side view has the keys */
	KEYMAP_NMODES
};

#define KEYMAP_SEQ_MAX 3

struct keymap_binding {
	int keys[KEYMAP_SEQ_MAX];
	size_t nkeys;
	const char *cmd;	/* command line, e.g. "cell-next" */
};

struct keymap *keymap_new(enum keymap_style);
void keymap_free(struct keymap *);	/* NULL is a no-op */
enum keymap_style keymap_style(const struct keymap *);
/* "plain" / "vi", and back (-1 when neither). */
const char *keymap_style_name(enum keymap_style);
int keymap_style_parse(const char *);

enum keymap_result {
	KEYMAP_NONE,		/* not bound (in EDIT: text to insert) */
	KEYMAP_PENDING,		/* the start of a longer sequence */
	KEYMAP_MATCH		/* *cmd is the command */
};

/*
 * Feed one key in a mode. A pending sequence that the key does not
 * continue is dropped, and the key is looked up on its own.
 */
enum keymap_result keymap_feed(struct keymap *, enum keymap_mode, int key,
    const char **cmd);
/* Forget a pending sequence (the mode changed). */
void keymap_reset(struct keymap *);
/* Keys typed so far of a pending sequence, as names ("g"). */
void keymap_pending_name(const struct keymap *, struct buf *out);

/* The bindings of a mode, in table order (help). */
size_t keymap_nbindings(const struct keymap *, enum keymap_mode);
const struct keymap_binding *keymap_binding(const struct keymap *,
    enum keymap_mode, size_t idx);
/* Append the names of the keys bound to cmd in mode ("C-s"), the
 * first one only; false when unbound. */
bool keymap_keys_for(const struct keymap *, enum keymap_mode,
    const char *cmd, struct buf *out);
/* A binding's key sequence as text ("g g", "C-r"). */
void keymap_binding_name(const struct keymap_binding *, struct buf *out);

/*
 * The command line: an editable line with history and completion. The
 * editor owns one; keys go to keymap_line_key().
 */
struct keymap_line;
struct keymap_line *keymap_line_new(void);
void keymap_line_free(struct keymap_line *);	/* NULL is a no-op */
/* Start editing with prompt (":", "/", "rename: ") and initial text. */
void keymap_line_open(struct keymap_line *, const char *prompt,
    const char *text);
const char *keymap_line_prompt(const struct keymap_line *);
const char *keymap_line_text(const struct keymap_line *);
size_t keymap_line_cursor(const struct keymap_line *);	/* byte offset */

enum keymap_line_result {
	KEYMAP_LINE_EDITING,	/* still typing */
	KEYMAP_LINE_DONE,	/* Enter: the text is the answer */
	KEYMAP_LINE_CANCEL,	/* Esc or C-c or C-g */
	KEYMAP_LINE_COMPLETE	/* Tab: the caller completes */
};
enum keymap_line_result keymap_line_key(struct keymap_line *, int key);
/* Insert pasted text (its line breaks become spaces). */
void keymap_line_paste(struct keymap_line *, const char *s, size_t len);
/* Record the text in the history (for Up/Down). */
void keymap_line_remember(struct keymap_line *);

/*
 * Complete the last word of the line from words (n of them): the
 * longest common extension is inserted; matches (borrowed pointers into
 * words) are listed into *matches (caller frees the array) and counted.
 */
size_t keymap_line_complete(struct keymap_line *, const char *const *words,
    size_t n, const char ***matches);

#endif
