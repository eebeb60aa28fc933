/*
 * editor_hint.c: the call hint of the cell editor. After "(" or "," in
 * a call, the editor asks the kernel (COMPLETE with hint, contract s2
 * section 1) for the signature and doc of the call the cursor is
 * inside, f(a, |, and shows "name(signature)  first line of the doc" in
 * the bottom bar, so it never covers the text being typed. It stays
 * there while the cursor is inside that call and goes on ")" (the call
 * closed) or Esc. Until the kernel knows the name, and when it never
 * will (a def in a cell not run yet), the notebook's own hint from
 * editor_signature_hint() stands.
 *
 * The kernel's text is untrusted: it is sanitised as a FIELD here, and
 * again by draw_text() on its way to the screen.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celledit.h"
#include "err.h"
#include "keys.h"
#include "run.h"
#include "sanitize.h"
#include "xmalloc.h"

#include "editor_int.h"

/* Hint requests share COMPLETE's id space with completion: this bit
 * tells their answers apart. */
#define EDITOR_HINT_ID 0x80000000u

void
editor_hint_clear(struct editor *ed)
{
	free(ed->hint_text);
	ed->hint_text = NULL;
	ed->hint_cell = 0;
	ed->hint_open = 0;
	ed->hint_pending = 0;
}

/* Ask the kernel; nothing happens when it is not running or busy (the
 * notebook's own hint, if any, stays). */
static void
editor_hint_request(struct editor *ed)
{
	const char *src;
	size_t len;
	uint32_t id;

	src = celledit_bytes(ed->ce, &len);
	id = EDITOR_HINT_ID | (++ed->hint_seq & ~EDITOR_HINT_ID);
	if (run_complete_hint(ed->run, id, src, len,
	    celledit_cursor(ed->ce)) == 0)
		ed->hint_pending = id;
	else
		err_clear();
}

void
editor_hint_after_key(struct editor *ed, int key)
{
	size_t open, name;

	if (ed->ce == NULL || key == KEYS_ESC ||
	    !celledit_call(ed->ce, &open, &name)) {
		editor_hint_clear(ed);
		return;
	}
	if (ed->hint_cell == ed->ce_cell && ed->hint_open == open) {
		/* Still in the call: the bar keeps showing it. */
		if (ed->hint_text != NULL && ed->msg.len == 0)
			editor_message(ed, false, "%s", ed->hint_text);
		return;
	}
	editor_hint_clear(ed);
	if (key != '(' && key != ',')
		return;
	ed->hint_cell = ed->ce_cell;
	ed->hint_open = open;
	/* The notebook's def of the name, found after "(", until the
	 * kernel knows better. */
	if (key == '(' && ed->msg.len > 0 && !ed->msg_error)
		ed->hint_text = xstrdup(ed->msg.ptr);
	editor_hint_request(ed);
}

bool
editor_hint_answer(struct editor *ed, const struct run_event *ev)
{
	struct buf b = BUF_INIT;
	size_t open, name, n;

	if (!(ev->complete_id & EDITOR_HINT_ID))
		return false;
	if (ev->complete_id != ed->hint_pending || ed->ce == NULL ||
	    ed->hint_cell != ed->ce_cell ||
	    !celledit_call(ed->ce, &open, &name) || open != ed->hint_open)
		return true;	/* the user moved on */
	ed->hint_pending = 0;
	if (ev->signature == NULL || ev->signature[0] == '\0')
		return true;
	sanitize_to_buf(&b, SANITIZE_FIELD, ev->signature,
	    strlen(ev->signature));
	if (ev->doc != NULL) {
		/* The doc's first line, without its edge blanks. */
		n = strcspn(ev->doc, "\n");
		while (n > 0 && (ev->doc[n - 1] == ' ' ||
		    ev->doc[n - 1] == '\t' || ev->doc[n - 1] == '\r'))
			n--;
		if (n > 0) {
			buf_adds(&b, "  ");
			sanitize_to_buf(&b, SANITIZE_FIELD, ev->doc, n);
		}
	}
	free(ed->hint_text);
	ed->hint_text = buf_detach(&b, NULL);
	editor_message(ed, false, "%s", ed->hint_text);
	ed->dirty_screen = true;
	return true;
}
