/*
 * widget.h: live mo.ui elements in the editor. A widget is parsed from
 * the widget JSON the kernel sends (application/vnd.quire.widget+json,
 * doc/rich-outputs.md and the kind table of the session contract): a
 * tree, since an array, a dictionary or a form holds other elements. The
 * editor keeps the tree, draws it with its current value always visible,
 * changes it with keys, and asks for the JSON of the value to send in a
 * SET_WIDGET message; the kernel's answer updates it again.
 *
 * Nothing here talks to the kernel or the screen: keys come in, styled
 * lines (struct richtext) and JSON text go out, so a Check suite drives
 * every kind. Every string from the JSON reaches a line through the
 * sanitiser (richtext_line_add, FIELD or TEXT context).
 */
#ifndef QUIRE_TUI_WIDGET_H
#define QUIRE_TUI_WIDGET_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct richtext;
struct richtext_line;
struct widget;

enum widget_kind {
	WIDGET_SLIDER,
	WIDGET_RANGE_SLIDER,
	WIDGET_NUMBER,
	WIDGET_TEXT,
	WIDGET_TEXT_AREA,
	WIDGET_CHECKBOX,
	WIDGET_SWITCH,
	WIDGET_DROPDOWN,
	WIDGET_RADIO,
	WIDGET_MULTISELECT,
	WIDGET_BUTTON,
	WIDGET_RUN_BUTTON,
	WIDGET_DATE,
	WIDGET_TABLE,
	WIDGET_TABS,
	WIDGET_FORM,
	WIDGET_ARRAY,
	WIDGET_DICTIONARY,
	WIDGET_REFRESH,
	WIDGET_OTHER		/* a kind this build does not know: shown as
				   "label: value", not focusable */
};

/* Elements nested deeper than this are shown as text. */
#define WIDGET_MAX_DEPTH 8

/*
 * Parse len bytes of widget JSON. Returns 0 and the tree in *out
 * (caller frees with widget_free), or -1 with err_last() for bad JSON
 * or an object without "kind" and "id".
 */
int widget_parse(struct widget **out, const char *json, size_t len);
void widget_free(struct widget *);	/* NULL is a no-op */

enum widget_kind widget_kind(const struct widget *);
/* The kind's name as the JSON spells it ("range_slider"). */
const char *widget_kind_name(enum widget_kind);
/* The element's label ("" none); borrowed. */
const char *widget_label(const struct widget *);
/* The element's id ("ui-3"); borrowed. */
const char *widget_id(const struct widget *);
/* The element with this id in the tree (the root itself, a child), or
 * NULL; borrowed. */
struct widget *widget_find(struct widget *, const char *id);
/* The element's parent, NULL for a root. */
struct widget *widget_parent(const struct widget *);
/* The form holding this element (as inner element, at any depth), or
 * NULL: its changes stay local until the form is submitted. */
struct widget *widget_form(const struct widget *);
/* refresh: seconds between ticks, 0 when it does not tick. */
double widget_interval(const struct widget *);
/* table: append the table JSON (with table_id), with the element's
 * selection mode and selected rows filled in; -1 for other kinds. */
int widget_table_dump(const struct widget *, struct buf *out);

/*
 * The elements that take keys, in the order Tab visits them: a plain
 * element is one stop; an array or dictionary its children's stops; a
 * form its inner element's stops, then the form itself (its submit
 * button). Returns how many; *out (may be NULL) gets a borrowed array
 * valid until the tree changes.
 */
size_t widget_stops(struct widget *, struct widget ***out);

/* The value as JSON text to send (compact); appended to out. */
void widget_value_json(const struct widget *, struct buf *out);

/*
 * Replace the element's state from the kernel's answer (widget JSON of
 * the same id). Returns 0, or -1 with err_last() for bad JSON or another
 * id. Text being typed (text, number) is kept when keep_edit is true.
 */
int widget_update(struct widget *, const char *json, size_t len,
    bool keep_edit);

/* What a key did to an element. */
enum widget_result {
	WIDGET_IGNORED,		/* not a key for this element */
	WIDGET_CHANGED,		/* the picture changed; nothing to send */
	WIDGET_SEND		/* send *target's value (widget_send_json) */
};

/*
 * Apply a key (tui/keys.h codes) to element w. On WIDGET_SEND, *target
 * is the element whose id the SET_WIDGET names (w, or its form on
 * submit) and json gets the body to send (the new value; clicks + 1 for
 * a button; the inner value for a form). A text field sends on Enter
 * only; widget_leave sends what was typed when the focus leaves.
 */
enum widget_result widget_key(struct widget *w, int key,
    struct widget **target, struct buf *json);
/* Insert typed or pasted text into a text or number field. */
enum widget_result widget_type(struct widget *w, const char *s, size_t len);
/* The focus leaves w: a text field with unsent typing sends it. */
enum widget_result widget_leave(struct widget *w, struct widget **target,
    struct buf *json);
/* refresh: the next tick's value (counter + 1). */
void widget_tick_json(const struct widget *, struct buf *json);

struct widget_render_options {
	size_t width;		/* columns; 0: 80 */
	bool ascii;		/* ASCII glyphs only */
	const struct widget *focus;	/* the element that has the keys,
					   drawn in the cursor role; NULL */
};

/*
 * Append the element as lines, its current value always visible:
 * sliders as a bar with the value, choices with the chosen one, boxes
 * as [x], fields with their text, tabs as a bar over the selected
 * tab's content, a form with its submit button, arrays and dictionaries
 * as their children. Each element's text is recorded as a widget anchor
 * with its id. A table element appends nothing (the caller draws it
 * with tablerender).
 */
void widget_render(struct richtext *out, const struct widget *,
    const struct widget_render_options *);
/* The element on one line (for Markdown that embeds it), at most width
 * columns; sanitised. */
void widget_line(struct richtext_line *out, const struct widget *,
    const struct widget_render_options *);
/* The element on one line as plain text (the mdrender callback's
 * answer; the renderer sanitises it). */
void widget_text(struct buf *out, const struct widget *, bool ascii);

#endif
