/*
 * celledit.h: the editor inside a cell pane. Holds the cell's text while
 * it is being edited (src/text.c: grouped undo and redo, line index), a
 * cursor and a selection as byte offsets, and knows Python well enough
 * (src/pytok.c) to indent, match brackets and highlight. It draws
 * nothing: the editor asks it for lines, roles and positions.
 */
#ifndef QUIRE_TUI_CELLEDIT_H
#define QUIRE_TUI_CELLEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct celledit;
struct text;

#define CELLEDIT_TAB_WIDTH 8	/* columns a tab character takes */
#define CELLEDIT_INDENT 4	/* spaces one indent level inserts */
#define CELLEDIT_INDENT_MAX 16

struct celledit *celledit_new(const char *src, size_t len);
void celledit_free(struct celledit *);	/* NULL is a no-op */
/* Spaces one indent level takes (1-16; default CELLEDIT_INDENT). */
void celledit_set_indent(struct celledit *, unsigned);

/* The text, NUL-terminated; borrowed until the next edit. */
const char *celledit_bytes(const struct celledit *, size_t *len);
/* The text and its line index (borrowed). */
struct text *celledit_text(struct celledit *);
/* Changed since opened (undoing back to it makes it unchanged). */
bool celledit_is_modified(const struct celledit *);
/* Bumped by every change of text, cursor or selection. */
unsigned long celledit_version(const struct celledit *);
/* Bumped by changes of the text only. */
unsigned long celledit_text_version(const struct celledit *);

size_t celledit_cursor(const struct celledit *);
/* Put the cursor at pos (clamped to a character start); extend keeps
 * or starts a selection from the old cursor. */
void celledit_set_cursor(struct celledit *, size_t pos, bool extend);
/* The selection as [start, end), false when none. */
bool celledit_selection(const struct celledit *, size_t *start, size_t *end);
void celledit_select_all(struct celledit *);
void celledit_select_none(struct celledit *);
/* 0-based line of the cursor. */
size_t celledit_line(struct celledit *);

enum celledit_move {
	CELLEDIT_LEFT,
	CELLEDIT_RIGHT,
	CELLEDIT_UP,
	CELLEDIT_DOWN,
	CELLEDIT_HOME,		/* first non-blank, then column 0 */
	CELLEDIT_END,
	CELLEDIT_WORD_LEFT,
	CELLEDIT_WORD_RIGHT,
	CELLEDIT_TOP,
	CELLEDIT_BOTTOM
};

/*
 * Move the cursor (count times for UP and DOWN). Returns false when it
 * could not move at all: UP on the first line, DOWN on the last, LEFT at
 * the start, RIGHT at the end (the editor then goes to the next cell).
 */
bool celledit_move(struct celledit *, enum celledit_move, bool extend,
    size_t count);

/* Typed text: replaces the selection; one undo step per word. */
void celledit_insert(struct celledit *, const char *s, size_t len);
/* Pasted text: replaces the selection, one undo step, no indenting. */
void celledit_paste(struct celledit *, const char *s, size_t len);
/* Enter: a line break and the indentation Python wants next. */
void celledit_newline(struct celledit *);
/* Backspace (back to the previous indent stop in leading blanks) and
 * Delete; with a selection both delete it. */
void celledit_backspace(struct celledit *);
void celledit_delete(struct celledit *);
/* Does Tab indent here (a selection, or only blanks before the cursor)?
 * Otherwise the editor completes the name before the cursor. */
bool celledit_tab_indents(struct celledit *);
/* Tab: indent the selected lines, or insert spaces to the next stop.
 * Shift-Tab: dedent the cursor's or the selected lines. */
void celledit_indent(struct celledit *);
void celledit_dedent(struct celledit *);
/* Copy the selection (or, with none, the cursor's line) into clip;
 * cut also deletes it. False when there was nothing. */
bool celledit_copy(struct celledit *, struct buf *clip);
bool celledit_cut(struct celledit *, struct buf *clip);
/* The identifier just before the cursor (for completion): its start. */
size_t celledit_word_start(struct celledit *);
/*
 * The innermost call the cursor is inside, f(a, | : the offset of its
 * '(' in *open and of the dotted name before it in *name. Brackets in
 * strings and comments do not count. False when the cursor is in no
 * call, or in brackets with no name before them ("(1, |", "x[|").
 */
bool celledit_call(struct celledit *, size_t *open, size_t *name);
/* Replace bytes [start, cursor) with s (a completion). */
void celledit_complete(struct celledit *, size_t start, const char *s,
    size_t len);

/* Close the current undo group. */
void celledit_snapshot(struct celledit *);
bool celledit_undo(struct celledit *);
bool celledit_redo(struct celledit *);

/* The bracket matching the one at or before the cursor: its offset in
 * *match and the cursor's bracket in *at; false when none. */
bool celledit_bracket(struct celledit *, size_t *at, size_t *match);

/* Syntax roles (enum draw_role) per byte of the text; borrowed until
 * the next edit. */
const uint8_t *celledit_roles(struct celledit *);

/*
 * Highlight len bytes of Python source: one enum draw_role per byte
 * into roles (len entries).
 */
void celledit_highlight(const char *src, size_t len, uint8_t *roles);

#endif
