/*
 * text.c: contiguous bytes plus an undo log. Each undo step is a list of
 * primitive changes (insert or delete of some bytes at a position);
 * undoing applies their inverses in reverse order. The modified flag is
 * a count of steps from the clean state, so undoing back to the saved
 * text makes the cell clean again.
 */
#include "config.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

struct text_change {
	bool insert;		/* else a deletion */
	size_t pos;
	char *bytes;		/* what was inserted or deleted */
	size_t len;
};

struct text_step {
	struct text_change *v;
	size_t n;
};

struct text_steps {
	struct text_step *v;
	size_t n;
};

struct text {
	struct buf b;
	struct text_steps undo, redo;
	bool group_open;	/* edits join the last undo step */
	long clean;		/* undo.n at the clean state; -1 if lost */
	size_t *lines;		/* start offset of each line */
	size_t nlines;		/* 0 when the index is stale */
};

static void
text_step_release(struct text_step *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].bytes);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static void
text_steps_release(struct text_steps *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		text_step_release(&st->v[i]);
	free(st->v);
	memset(st, 0, sizeof *st);
}

struct text *
text_new(const char *s, size_t len)
{
	struct text *t = xcalloc(1, sizeof *t);

	buf_init(&t->b);
	buf_add(&t->b, s, len);
	return t;
}

void
text_free(struct text *t)
{
	if (t == NULL)
		return;
	buf_release(&t->b);
	text_steps_release(&t->undo);
	text_steps_release(&t->redo);
	free(t->lines);
	free(t);
}

const char *
text_bytes(const struct text *t, size_t *len)
{
	if (len)
		*len = t->b.len;
	return t->b.ptr;
}

size_t
text_len(const struct text *t)
{
	return t->b.len;
}

static void
text_raw_insert(struct text *t, size_t pos, const char *s, size_t n)
{
	buf_grow(&t->b, n);
	memmove(t->b.ptr + pos + n, t->b.ptr + pos, t->b.len - pos + 1);
	memcpy(t->b.ptr + pos, s, n);
	t->b.len += n;
	t->nlines = 0;
}

static void
text_raw_delete(struct text *t, size_t pos, size_t n)
{
	memmove(t->b.ptr + pos, t->b.ptr + pos + n, t->b.len - pos - n + 1);
	t->b.len -= n;
	t->nlines = 0;
}

/* Record a change in the open undo step, opening one if needed. */
static void
text_record(struct text *t, bool insert, size_t pos, const char *s,
    size_t n)
{
	struct text_step *st;
	struct text_change *c;

	text_steps_release(&t->redo);
	if (!t->group_open || t->undo.n == 0) {
		t->undo.v = xreallocarray(t->undo.v, t->undo.n + 1,
		    sizeof *t->undo.v);
		memset(&t->undo.v[t->undo.n++], 0, sizeof *t->undo.v);
		t->group_open = true;
		if (t->clean >= (long)t->undo.n)
			t->clean = -1;	/* the clean state is unreachable */
	}
	st = &t->undo.v[t->undo.n - 1];
	/* Typing a run of characters is one change, not one per byte. */
	if (st->n > 0) {
		c = &st->v[st->n - 1];
		if (insert && c->insert && c->pos + c->len == pos) {
			c->bytes = xrealloc(c->bytes, c->len + n);
			memcpy(c->bytes + c->len, s, n);
			c->len += n;
			return;
		}
	}
	st->v = xreallocarray(st->v, st->n + 1, sizeof *st->v);
	c = &st->v[st->n++];
	c->insert = insert;
	c->pos = pos;
	c->bytes = xmalloc(n ? n : 1);
	memcpy(c->bytes, s, n);
	c->len = n;
}

void
text_insert(struct text *t, size_t pos, const char *s, size_t n)
{
	if (pos > t->b.len)
		pos = t->b.len;
	if (n == 0)
		return;
	text_record(t, true, pos, s, n);
	text_raw_insert(t, pos, s, n);
}

void
text_delete(struct text *t, size_t pos, size_t n)
{
	if (pos >= t->b.len || n == 0)
		return;
	if (n > t->b.len - pos)
		n = t->b.len - pos;
	text_record(t, false, pos, t->b.ptr + pos, n);
	text_raw_delete(t, pos, n);
}

void
text_set(struct text *t, const char *s, size_t len)
{
	text_snapshot(t);
	text_delete(t, 0, t->b.len);
	text_insert(t, 0, s, len);
	text_snapshot(t);
}

void
text_snapshot(struct text *t)
{
	t->group_open = false;
}

/* Apply change c forwards (redo) or backwards (undo). */
static void
text_apply(struct text *t, const struct text_change *c, bool forward)
{
	if (c->insert == forward)
		text_raw_insert(t, c->pos, c->bytes, c->len);
	else
		text_raw_delete(t, c->pos, c->len);
}

static bool
text_move_step(struct text *t, struct text_steps *from,
    struct text_steps *to, bool forward, size_t *cursor)
{
	struct text_step st;
	size_t i;

	t->group_open = false;
	if (from->n == 0)
		return false;
	st = from->v[--from->n];
	if (forward)
		for (i = 0; i < st.n; i++)
			text_apply(t, &st.v[i], true);
	else
		for (i = st.n; i-- > 0;)
			text_apply(t, &st.v[i], false);
	if (cursor != NULL && st.n > 0) {
		const struct text_change *c = forward ? &st.v[st.n - 1] :
		    &st.v[0];

		*cursor = c->pos + (forward == c->insert ? c->len : 0);
	}
	to->v = xreallocarray(to->v, to->n + 1, sizeof *to->v);
	to->v[to->n++] = st;
	return true;
}

bool
text_undo(struct text *t, size_t *cursor)
{
	return text_move_step(t, &t->undo, &t->redo, false, cursor);
}

bool
text_redo(struct text *t, size_t *cursor)
{
	return text_move_step(t, &t->redo, &t->undo, true, cursor);
}

bool
text_is_modified(const struct text *t)
{
	return t->clean != (long)t->undo.n;
}

void
text_mark_clean(struct text *t)
{
	t->group_open = false;
	t->clean = (long)t->undo.n;
}

static void
text_index(struct text *t)
{
	size_t i, n = 1;

	if (t->nlines != 0)
		return;
	for (i = 0; i < t->b.len; i++)
		if (t->b.ptr[i] == '\n')
			n++;
	t->lines = xreallocarray(t->lines, n, sizeof *t->lines);
	t->lines[0] = 0;
	n = 1;
	for (i = 0; i < t->b.len; i++)
		if (t->b.ptr[i] == '\n')
			t->lines[n++] = i + 1;
	t->nlines = n;
}

size_t
text_nlines(struct text *t)
{
	text_index(t);
	return t->nlines;
}

size_t
text_line_start(struct text *t, size_t line)
{
	text_index(t);
	if (line >= t->nlines)
		return t->b.len;
	return t->lines[line];
}

size_t
text_line_end(struct text *t, size_t line)
{
	text_index(t);
	if (line + 1 >= t->nlines)
		return t->b.len;
	return t->lines[line + 1] - 1;
}

size_t
text_line_of(struct text *t, size_t pos)
{
	size_t lo = 0, hi;

	text_index(t);
	hi = t->nlines;
	if (pos > t->b.len)
		pos = t->b.len;
	/* The last line start <= pos. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->lines[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
