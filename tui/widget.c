/*
 * widget.c: mo.ui elements as the editor keeps, draws and changes them.
 * The JSON object the kernel sent is kept whole (jansson) and read
 * field by field when drawing, so a kind with fields this file does not
 * use still round-trips; the element's value is a separate copy that
 * keys change at once, so the screen follows the keyboard while the
 * kernel is still answering. Children (array, dictionary, form) are
 * widgets of their own, with their own ids: the kernel sets a child
 * through its id (session contract section 3).
 */
#include "config.h"
#include "widget.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "keys.h"
#include "mdrender.h"
#include "pyrepr.h"
#include "richtext.h"
#include "sanitize.h"
#include "utf8.h"
#include "xmalloc.h"

/* Columns of a slider's bar and a text field's box. */
#define WIDGET_BAR_WIDTH 20
#define WIDGET_FIELD_WIDTH 24
/* Lines of a text area shown below its first (then "… N more"). */
#define WIDGET_AREA_ROWS 8
/* Text typed into a field is cut at this many bytes. */
#define WIDGET_EDIT_MAX 4096

struct widget {
	enum widget_kind kind;
	char *id;
	char *label;
	json_t *obj;		/* as last received; owned */
	json_t *value;		/* the local value; owned */
	struct widget *parent;
	struct widget **kids;
	size_t nkids;
	size_t cursor;		/* multiselect: option; range: handle */
	struct buf edit;	/* text, number: typed, not sent */
	bool editing;
	struct widget **stops;	/* widget_stops' answer */
	size_t nstops, stops_alloc;
	long tab;		/* a tabs element's child: its tab; else -1 */
};

static const char *const widget_kind_names[] = {
	[WIDGET_SLIDER] = "slider",
	[WIDGET_RANGE_SLIDER] = "range_slider",
	[WIDGET_NUMBER] = "number",
	[WIDGET_TEXT] = "text",
	[WIDGET_TEXT_AREA] = "text_area",
	[WIDGET_CHECKBOX] = "checkbox",
	[WIDGET_SWITCH] = "switch",
	[WIDGET_DROPDOWN] = "dropdown",
	[WIDGET_RADIO] = "radio",
	[WIDGET_MULTISELECT] = "multiselect",
	[WIDGET_BUTTON] = "button",
	[WIDGET_RUN_BUTTON] = "run_button",
	[WIDGET_DATE] = "date",
	[WIDGET_TABLE] = "table",
	[WIDGET_TABS] = "tabs",
	[WIDGET_FORM] = "form",
	[WIDGET_ARRAY] = "array",
	[WIDGET_DICTIONARY] = "dictionary",
	[WIDGET_REFRESH] = "refresh",
	[WIDGET_OTHER] = "widget",
};

const char *
widget_kind_name(enum widget_kind k)
{
	return k <= WIDGET_OTHER ? widget_kind_names[k] : "widget";
}

static enum widget_kind
widget_kind_parse(const char *s)
{
	size_t i;

	for (i = 0; i < WIDGET_OTHER; i++)
		if (strcmp(s, widget_kind_names[i]) == 0)
			return (enum widget_kind)i;
	return WIDGET_OTHER;
}

void
widget_free(struct widget *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nkids; i++)
		widget_free(w->kids[i]);
	free(w->kids);
	free(w->id);
	free(w->label);
	json_decref(w->obj);
	json_decref(w->value);
	buf_release(&w->edit);
	free(w->stops);
	free(w);
}

static const char *
widget_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static bool
widget_num(const json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

static void
widget_kids_free(struct widget *w)
{
	size_t i;

	for (i = 0; i < w->nkids; i++)
		widget_free(w->kids[i]);
	free(w->kids);
	w->kids = NULL;
	w->nkids = 0;
}

static struct widget *widget_from(json_t *o, struct widget *parent,
    int depth);
static void widget_dump(json_t *v, struct buf *out);

static void
widget_kid_add(struct widget *w, json_t *o, int depth)
{
	struct widget *k = widget_from(o, w, depth + 1);

	if (k == NULL)
		return;
	k->tab = -1;
	w->kids = xreallocarray(w->kids, w->nkids + 1, sizeof *w->kids);
	w->kids[w->nkids++] = k;
}

static void
widget_tab_kids(struct widget *w, json_t *child, long tab, int depth)
{
	json_t *e;
	size_t i, n = w->nkids;

	if (json_is_object(e = json_object_get(child, "widget")))
		widget_kid_add(w, e, depth);
	json_array_foreach(json_object_get(child, "widgets"), i, e)
		if (json_is_object(e))
			widget_kid_add(w, e, depth);
	for (; n < w->nkids; n++)
		w->kids[n]->tab = tab;
}

/* Take o's fields (o is already w's kind and id). */
static void
widget_take(struct widget *w, json_t *o, int depth)
{
	json_t *v, *e;
	size_t i;

	json_incref(o);
	json_decref(w->obj);
	w->obj = o;
	free(w->label);
	w->label = xstrdup(widget_str(o, "label"));
	json_decref(w->value);
	v = json_object_get(o, "value");
	w->value = v != NULL ? json_deep_copy(v) : json_null();
	widget_kids_free(w);
	if (depth >= WIDGET_MAX_DEPTH)
		return;
	switch (w->kind) {
	case WIDGET_FORM:
		if (json_is_object(e = json_object_get(o, "element")))
			widget_kid_add(w, e, depth);
		break;
	case WIDGET_ARRAY:
	case WIDGET_DICTIONARY:
		json_array_foreach(json_object_get(o, "elements"), i, e)
			if (json_is_object(e))
				widget_kid_add(w, e, depth);
		break;
	case WIDGET_TABS:
		/* A tab's elements: the one it shows ("widget"), or those
		 * its Markdown embeds ("widgets"). */
		json_array_foreach(json_object_get(o, "children"), i, e)
			widget_tab_kids(w, e, (long)i, depth);
		break;
	default:
		break;
	}
	if (w->kind == WIDGET_RANGE_SLIDER && w->cursor > 1)
		w->cursor = 1;
}

static struct widget *
widget_from(json_t *o, struct widget *parent, int depth)
{
	struct widget *w;
	const char *kind, *id;

	if (!json_is_object(o))
		return NULL;
	kind = json_string_value(json_object_get(o, "kind"));
	id = json_string_value(json_object_get(o, "id"));
	if (kind == NULL || id == NULL)
		return NULL;
	w = xcalloc(1, sizeof *w);
	w->kind = widget_kind_parse(kind);
	w->id = xstrdup(id);
	w->parent = parent;
	w->tab = -1;
	buf_init(&w->edit);
	widget_take(w, o, depth);
	return w;
}

int
widget_parse(struct widget **out, const char *json, size_t len)
{
	json_error_t je;
	json_t *o;

	*out = NULL;
	o = json_loadb(json, len, JSON_DECODE_ANY, &je);
	if (o == NULL) {
		err_set("widget JSON:%d:%d: %s", je.line, je.column, je.text);
		return -1;
	}
	*out = widget_from(o, NULL, 0);
	json_decref(o);
	if (*out == NULL) {
		err_set("widget JSON: not an object with kind and id");
		return -1;
	}
	return 0;
}

enum widget_kind
widget_kind(const struct widget *w)
{
	return w->kind;
}

const char *
widget_label(const struct widget *w)
{
	return w->label;
}

const char *
widget_id(const struct widget *w)
{
	return w->id;
}

struct widget *
widget_find(struct widget *w, const char *id)
{
	struct widget *r;
	size_t i;

	if (strcmp(w->id, id) == 0)
		return w;
	for (i = 0; i < w->nkids; i++)
		if ((r = widget_find(w->kids[i], id)) != NULL)
			return r;
	return NULL;
}

struct widget *
widget_parent(const struct widget *w)
{
	return w->parent;
}

struct widget *
widget_form(const struct widget *w)
{
	const struct widget *p;

	for (p = w->parent; p != NULL; p = p->parent)
		if (p->kind == WIDGET_FORM)
			return (struct widget *)p;
	return NULL;
}

double
widget_interval(const struct widget *w)
{
	double s;

	if (w->kind != WIDGET_REFRESH || !widget_num(w->obj, "interval_s",
	    &s) || !(s > 0))
		return 0;
	return s < 0.1 ? 0.1 : s;
}

int
widget_table_dump(const struct widget *w, struct buf *out)
{
	json_t *t;
	const char *sel;

	if (w->kind != WIDGET_TABLE || !json_is_object(t =
	    json_object_get(w->obj, "table")))
		return -1;
	t = json_deep_copy(t);
	sel = json_string_value(json_object_get(w->obj, "selection"));
	if (sel != NULL && json_object_get(t, "selection") == NULL)
		json_object_set_new(t, "selection", json_string(sel));
	if (json_is_array(w->value) && json_object_get(t, "selected") == NULL)
		json_object_set(t, "selected", w->value);
	widget_dump(t, out);
	json_decref(t);
	return 0;
}

static void widget_stops_push(struct widget *root, struct widget *w);
static long widget_index_of(const json_t *a, const json_t *v);

/* The index of the tab a tabs element shows (0 when its value names
 * none). */
static long
widget_tab_shown(const struct widget *w)
{
	long i = widget_index_of(json_object_get(w->obj, "tabs"), w->value);

	return i < 0 ? 0 : i;
}

static void
widget_stops_add(struct widget *root, struct widget *w)
{
	size_t i;

	switch (w->kind) {
	case WIDGET_ARRAY:
	case WIDGET_DICTIONARY:
		for (i = 0; i < w->nkids; i++)
			widget_stops_add(root, w->kids[i]);
		return;
	case WIDGET_FORM:
		for (i = 0; i < w->nkids; i++)
			widget_stops_add(root, w->kids[i]);
		break;
	case WIDGET_TABS:
		/* The tab bar, then the elements of the tab shown. */
		widget_stops_push(root, w);
		for (i = 0; i < w->nkids; i++)
			if (w->kids[i]->tab == widget_tab_shown(w))
				widget_stops_add(root, w->kids[i]);
		return;
	case WIDGET_OTHER:
		return;
	default:
		break;
	}
	widget_stops_push(root, w);
}

static void
widget_stops_push(struct widget *root, struct widget *w)
{
	if (root->nstops == root->stops_alloc) {
		root->stops_alloc = root->stops_alloc ? root->stops_alloc * 2 :
		    4;
		root->stops = xreallocarray(root->stops, root->stops_alloc,
		    sizeof *root->stops);
	}
	root->stops[root->nstops++] = w;
}

size_t
widget_stops(struct widget *w, struct widget ***out)
{
	w->nstops = 0;
	widget_stops_add(w, w);
	if (out != NULL)
		*out = w->stops;
	return w->nstops;
}

/*
 * Values.
 */

/* Do start and step say the values are whole numbers? */
static bool
widget_is_int(const struct widget *w)
{
	json_t *st = json_object_get(w->obj, "step");
	json_t *s0 = json_object_get(w->obj, "start");

	return (st == NULL || json_is_null(st) || json_is_integer(st)) &&
	    (s0 == NULL || json_is_null(s0) || json_is_integer(s0));
}

static json_t *
widget_number_json(const struct widget *w, double x)
{
	if (widget_is_int(w) && fabs(x) < 9e15)
		return json_integer((json_int_t)llround(x));
	return json_real(x);
}

static void
widget_dump(json_t *v, struct buf *out)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	if (s != NULL)
		buf_adds(out, s);
	else
		buf_adds(out, "null");
	free(s);
}

void
widget_value_json(const struct widget *w, struct buf *out)
{
	json_t *o, *v;
	size_t i;

	switch (w->kind) {
	case WIDGET_ARRAY:
		o = json_array();
		for (i = 0; i < w->nkids; i++)
			json_array_append_new(o,
			    json_deep_copy(w->kids[i]->value));
		widget_dump(o, out);
		json_decref(o);
		return;
	case WIDGET_DICTIONARY:
		o = json_object();
		for (i = 0; i < w->nkids; i++) {
			v = json_array_get(json_object_get(w->obj, "keys"), i);
			if (json_is_string(v))
				json_object_set_new(o, json_string_value(v),
				    json_deep_copy(w->kids[i]->value));
		}
		widget_dump(o, out);
		json_decref(o);
		return;
	default:
		widget_dump(w->value, out);
		return;
	}
}

/* A value as a person reads it in a field: Python's spelling of
 * constants, strings, lists and dicts bare at every depth. */
static void
widget_value_text(struct buf *out, const json_t *v)
{
	pyrepr_json_format(out, v, PYREPR_BARE_ALL | PYREPR_FLOAT_SHORT);
}

static void
widget_set_value(struct widget *w, json_t *v)
{
	json_decref(w->value);
	w->value = v;
}

/* The index of the string s in list a, or -1. */
static long
widget_index_of(const json_t *a, const json_t *s)
{
	size_t i;
	json_t *e;

	if (s == NULL)
		return -1;
	json_array_foreach(a, i, e)
		if (json_equal(e, (json_t *)s))
			return (long)i;
	return -1;
}

/* Slider: the value k steps away, within start and stop. */
static double
widget_slide(const struct widget *w, double x, long k)
{
	double start = 0, stop = 100, step = 1, n;

	(void)widget_num(w->obj, "start", &start);
	(void)widget_num(w->obj, "stop", &stop);
	if (!widget_num(w->obj, "step", &step) || !(step > 0))
		step = widget_is_int(w) ? 1 : (stop - start) / 100;
	if (!(step > 0))
		step = 1;
	n = floor((x - start) / step + 0.5) + (double)k;
	x = start + n * step;
	x = round(x * 1e9) / 1e9;
	if (x < start)
		x = start;
	if (x > stop)
		x = stop;
	return x;
}

/* A slider's value with steps given as a list: move k entries. */
static json_t *
widget_step_list(const json_t *steps, const json_t *cur, long k)
{
	long i = widget_index_of(steps, cur), n = (long)json_array_size(steps);

	if (n == 0)
		return NULL;
	if (i < 0)
		i = 0;
	i += k;
	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	return json_deep_copy(json_array_get(steps, (size_t)i));
}

static bool
widget_slider_move(struct widget *w, json_t **slot, long k)
{
	json_t *steps = json_object_get(w->obj, "steps"), *nv;
	double x;

	if (json_is_array(steps) && json_array_size(steps) > 0)
		nv = widget_step_list(steps, *slot, k);
	else {
		x = json_is_number(*slot) ? json_number_value(*slot) : 0;
		nv = widget_number_json(w, widget_slide(w, x, k));
	}
	if (nv == NULL)
		return false;
	if (*slot != NULL && json_equal(nv, *slot)) {
		json_decref(nv);
		return false;
	}
	json_decref(*slot);
	*slot = nv;
	return true;
}

static long
widget_page(const struct widget *w)
{
	json_t *steps = json_object_get(w->obj, "steps");
	double start = 0, stop = 100, step = 1;
	long n;

	if (json_is_array(steps))
		n = (long)json_array_size(steps) / 10;
	else {
		(void)widget_num(w->obj, "start", &start);
		(void)widget_num(w->obj, "stop", &stop);
		if (!widget_num(w->obj, "step", &step) || !(step > 0))
			step = 1;
		n = (long)((stop - start) / step / 10);
	}
	return n > 1 ? n : 1;
}

/* Dates as days: "YYYY-MM-DD" moved by k days, within start and stop. */
static bool
widget_date_move(struct widget *w, long k)
{
	const char *s = json_string_value(w->value);
	const char *lo = json_string_value(json_object_get(w->obj, "start"));
	const char *hi = json_string_value(json_object_get(w->obj, "stop"));
	struct tm tm;
	time_t t;
	char d[48];		/* "YYYY-MM-DD"; room for any int */
	int y, m, dd;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &y, &m, &dd) != 3)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = dd + (int)k;
	tm.tm_hour = 12;
	t = timegm(&tm);
	if (gmtime_r(&t, &tm) == NULL)
		return false;
	(void)snprintf(d, sizeof d, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	if (lo != NULL && strcmp(d, lo) < 0)
		(void)snprintf(d, sizeof d, "%.10s", lo);
	if (hi != NULL && strcmp(d, hi) > 0)
		(void)snprintf(d, sizeof d, "%.10s", hi);
	if (strcmp(d, s) == 0)
		return false;
	widget_set_value(w, json_string(d));
	return true;
}

/* The choices of a dropdown or radio, with None first when allowed. */
static long
widget_choice_count(const struct widget *w, bool *none)
{
	*none = json_is_true(json_object_get(w->obj, "allow_select_none"));
	return (long)json_array_size(json_object_get(w->obj, "options")) +
	    (*none ? 1 : 0);
}

static bool
widget_choose(struct widget *w, long k)
{
	json_t *opts = json_object_get(w->obj, "options");
	bool none;
	long n = widget_choice_count(w, &none), i;

	if (n == 0)
		return false;
	i = widget_index_of(opts, w->value);
	if (none)
		i = i < 0 ? 0 : i + 1;
	else if (i < 0)
		i = k > 0 ? -1 : n;
	i += k;
	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	if (none && i == 0) {
		if (json_is_null(w->value))
			return false;
		widget_set_value(w, json_null());
		return true;
	}
	i -= none ? 1 : 0;
	if (json_equal(json_array_get(opts, (size_t)i), w->value))
		return false;
	widget_set_value(w, json_deep_copy(json_array_get(opts, (size_t)i)));
	return true;
}

static bool
widget_multi_toggle(struct widget *w)
{
	json_t *opts = json_object_get(w->obj, "options"), *o, *nv, *e;
	double max = 0;
	size_t i;
	long at;
	bool on;

	if (w->cursor >= json_array_size(opts))
		return false;
	o = json_array_get(opts, w->cursor);
	if (!json_is_array(w->value))
		widget_set_value(w, json_array());
	at = widget_index_of(w->value, o);
	on = at < 0;
	if (on && widget_num(w->obj, "max_selections", &max) && max >= 0 &&
	    json_array_size(w->value) >= (size_t)max)
		return false;
	/* Keep the options' order, as marimo reports the value. */
	nv = json_array();
	json_array_foreach(opts, i, e)
		if ((widget_index_of(w->value, e) >= 0 && i != w->cursor) ||
		    (i == w->cursor && on))
			json_array_append(nv, e);
	widget_set_value(w, nv);
	return true;
}

static bool
widget_tab_move(struct widget *w, long k)
{
	json_t *tabs = json_object_get(w->obj, "tabs");
	long n = (long)json_array_size(tabs), i = widget_index_of(tabs,
	    w->value);

	if (n == 0)
		return false;
	if (i < 0)
		i = 0;
	i += k;
	if (i < 0 || i >= n)
		return false;
	widget_set_value(w, json_deep_copy(json_array_get(tabs, (size_t)i)));
	return true;
}

/* A number field's typed text as a value; false when it is not one. */
static bool
widget_number_commit(struct widget *w)
{
	double x, lo, hi;
	char *end;

	if (w->edit.len == 0) {
		widget_set_value(w, json_null());
		return true;
	}
	x = strtod(w->edit.ptr, &end);
	if (*end != '\0' || !isfinite(x))
		return false;
	if (widget_num(w->obj, "start", &lo) && x < lo)
		x = lo;
	if (widget_num(w->obj, "stop", &hi) && x > hi)
		x = hi;
	widget_set_value(w, x == floor(x) && fabs(x) < 9e15 ?
	    json_integer((json_int_t)x) : json_real(x));
	return true;
}

static void
widget_edit_start(struct widget *w)
{
	if (w->editing)
		return;
	buf_reset(&w->edit);
	if (w->kind == WIDGET_NUMBER) {
		if (!json_is_null(w->value))
			widget_value_text(&w->edit, w->value);
	} else if (json_is_string(w->value))
		buf_add(&w->edit, json_string_value(w->value),
		    json_string_length(w->value));
	w->editing = true;
}

static bool
widget_is_field(const struct widget *w)
{
	return w->kind == WIDGET_TEXT || w->kind == WIDGET_TEXT_AREA ||
	    w->kind == WIDGET_NUMBER;
}

enum widget_result
widget_type(struct widget *w, const char *s, size_t len)
{
	double max;
	size_t i;

	if (!widget_is_field(w))
		return WIDGET_IGNORED;
	widget_edit_start(w);
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 && !(s[i] == '\n' &&
		    w->kind == WIDGET_TEXT_AREA))
			continue;
		if (w->kind == WIDGET_NUMBER && strchr("0123456789.-+eE",
		    s[i]) == NULL)
			continue;
		if (w->edit.len >= WIDGET_EDIT_MAX)
			break;
		buf_addc(&w->edit, s[i]);
	}
	if (w->kind != WIDGET_NUMBER && widget_num(w->obj, "max_length",
	    &max) && max >= 0) {
		/* Cut at whole code points. */
		size_t off = 0, n = 0;
		uint32_t cp;

		while (off < w->edit.len && n < (size_t)max) {
			off += utf8_next(w->edit.ptr + off, w->edit.len - off,
			    &cp, NULL);
			n++;
		}
		buf_truncate(&w->edit, off);
	}
	return WIDGET_CHANGED;
}

static void
widget_backspace(struct widget *w)
{
	size_t off;

	widget_edit_start(w);
	if (w->edit.len == 0)
		return;
	off = w->edit.len - 1;
	while (off > 0 && ((unsigned char)w->edit.ptr[off] & 0xc0) == 0x80)
		off--;
	buf_truncate(&w->edit, off);
}

/* Put typed text into the value; true when there was any. */
static bool
widget_edit_commit(struct widget *w)
{
	if (!w->editing)
		return false;
	if (w->kind == WIDGET_NUMBER) {
		if (!widget_number_commit(w))
			return false;
	} else
		widget_set_value(w, json_stringn(w->edit.ptr, w->edit.len));
	w->editing = false;
	return true;
}

static enum widget_result
widget_send(struct widget *w, struct widget **target, struct buf *json)
{
	*target = w;
	widget_value_json(w, json);
	return WIDGET_SEND;
}

/* The key on w itself, before a form keeps it local. */
static enum widget_result
widget_key_own(struct widget *w, int key, struct widget **target,
    struct buf *json)
{
	bool fwd = key == KEYS_RIGHT || key == KEYS_UP || key == 'l' ||
	    key == 'k' || key == '+';
	bool back = key == KEYS_LEFT || key == KEYS_DOWN || key == 'h' ||
	    key == 'j' || key == '-';
	bool act = key == KEYS_ENTER || key == ' ';
	json_t *slot;
	long k = fwd ? 1 : back ? -1 : 0;
	json_int_t clicks;

	if (key == KEYS_PGUP)
		k = widget_page(w);
	else if (key == KEYS_PGDN)
		k = -widget_page(w);
	else if (key == KEYS_HOME)
		k = -(1L << 30);
	else if (key == KEYS_END)
		k = 1L << 30;
	switch (w->kind) {
	case WIDGET_SLIDER:
		if (k == 0 || !widget_slider_move(w, &w->value, k))
			return k == 0 ? WIDGET_IGNORED : WIDGET_CHANGED;
		return widget_send(w, target, json);
	case WIDGET_RANGE_SLIDER:
		if (act) {
			w->cursor = !w->cursor;
			return WIDGET_CHANGED;
		}
		if (k == 0)
			return WIDGET_IGNORED;
		if (!json_is_array(w->value) || json_array_size(w->value) < 2)
			widget_set_value(w, json_pack("[ii]", 0, 0));
		slot = json_array_get(w->value, w->cursor ? 1 : 0);
		json_incref(slot);
		if (!widget_slider_move(w, &slot, k)) {
			json_decref(slot);
			return WIDGET_CHANGED;
		}
		json_array_set_new(w->value, w->cursor ? 1 : 0, slot);
		/* The handles never cross. */
		if (json_number_value(json_array_get(w->value, 0)) >
		    json_number_value(json_array_get(w->value, 1)))
			json_array_set(w->value, w->cursor ? 0 : 1, slot);
		return widget_send(w, target, json);
	case WIDGET_NUMBER:
		if (key == KEYS_ENTER) {
			if (w->editing && !widget_edit_commit(w))
				return WIDGET_CHANGED;
			return widget_send(w, target, json);
		}
		if (key == KEYS_BACKSPACE) {
			widget_backspace(w);
			return WIDGET_CHANGED;
		}
		if (key == KEYS_UP || key == KEYS_DOWN || key == KEYS_PGUP ||
		    key == KEYS_PGDN) {
			w->editing = false;
			if (json_is_null(w->value))
				widget_set_value(w, json_integer(0));
			if (!widget_slider_move(w, &w->value, k))
				return WIDGET_CHANGED;
			return widget_send(w, target, json);
		}
		return WIDGET_IGNORED;
	case WIDGET_TEXT:
	case WIDGET_TEXT_AREA:
		if (key == KEYS_ENTER) {
			(void)widget_edit_commit(w);
			return widget_send(w, target, json);
		}
		if (key == KEYS_BACKSPACE) {
			widget_backspace(w);
			return WIDGET_CHANGED;
		}
		if (key == KEYS_CTRL('j') && w->kind == WIDGET_TEXT_AREA)
			return widget_type(w, "\n", 1);
		return WIDGET_IGNORED;
	case WIDGET_CHECKBOX:
	case WIDGET_SWITCH:
		if (!act)
			return WIDGET_IGNORED;
		widget_set_value(w, json_boolean(!json_is_true(w->value)));
		return widget_send(w, target, json);
	case WIDGET_DROPDOWN:
	case WIDGET_RADIO:
		if (k == 0)
			return WIDGET_IGNORED;
		if (!widget_choose(w, k))
			return WIDGET_CHANGED;
		return widget_send(w, target, json);
	case WIDGET_MULTISELECT:
		if (k != 0 && key != KEYS_PGUP && key != KEYS_PGDN) {
			size_t n = json_array_size(json_object_get(w->obj,
			    "options"));

			if (k < 0)
				w->cursor = w->cursor > 0 && k > -(1L << 30) ?
				    w->cursor - 1 : 0;
			else if (n > 0)
				w->cursor = k < (1L << 30) && w->cursor + 1 <
				    n ? w->cursor + 1 : n - 1;
			return WIDGET_CHANGED;
		}
		if (!act)
			return WIDGET_IGNORED;
		if (!widget_multi_toggle(w))
			return WIDGET_CHANGED;
		return widget_send(w, target, json);
	case WIDGET_BUTTON:
		if (!act)
			return WIDGET_IGNORED;
		clicks = json_integer_value(json_object_get(w->obj, "clicks"));
		json_object_set_new(w->obj, "clicks",
		    json_integer(clicks + 1));
		*target = w;
		buf_addf(json, "%lld", (long long)(clicks + 1));
		return WIDGET_SEND;
	case WIDGET_RUN_BUTTON:
		if (!act)
			return WIDGET_IGNORED;
		widget_set_value(w, json_true());
		return widget_send(w, target, json);
	case WIDGET_DATE:
		if (key == KEYS_PGUP || key == KEYS_PGDN)
			k = k > 0 ? 30 : -30;
		if (key == KEYS_HOME || key == KEYS_END || k == 0)
			return WIDGET_IGNORED;
		if (!widget_date_move(w, k))
			return WIDGET_CHANGED;
		return widget_send(w, target, json);
	case WIDGET_TABS:
		if (key != KEYS_LEFT && key != KEYS_RIGHT && key != 'h' &&
		    key != 'l')
			return WIDGET_IGNORED;
		if (!widget_tab_move(w, k))
			return WIDGET_CHANGED;
		return widget_send(w, target, json);
	case WIDGET_FORM:
		if (!act)
			return WIDGET_IGNORED;
		return WIDGET_SEND;	/* the caller submits */
	case WIDGET_REFRESH:
		if (!act)
			return WIDGET_IGNORED;
		*target = w;
		widget_tick_json(w, json);
		return WIDGET_SEND;
	default:
		return WIDGET_IGNORED;
	}
}

/* Submit form f: SET_WIDGET(form id, the inner element's value). */
static enum widget_result
widget_submit(struct widget *f, struct widget **target, struct buf *json)
{
	size_t i;

	for (i = 0; i < f->nkids; i++)
		(void)widget_edit_commit(f->kids[i]);
	buf_reset(json);
	*target = f;
	if (f->nkids > 0)
		widget_value_json(f->kids[0], json);
	else
		buf_adds(json, "null");
	json_object_set_new(f->obj, "submitted", json_true());
	return WIDGET_SEND;
}

enum widget_result
widget_key(struct widget *w, int key, struct widget **target,
    struct buf *json)
{
	struct widget *form = widget_form(w);
	enum widget_result r;

	*target = NULL;
	if (w->kind == WIDGET_FORM)
		return widget_key_own(w, key, target, json) == WIDGET_SEND ?
		    widget_submit(w, target, json) : WIDGET_IGNORED;
	r = widget_key_own(w, key, target, json);
	if (form == NULL)
		return r;
	/* Inside a form the value stays here until submit; Enter in a
	 * field submits, as in a browser. */
	if (key == KEYS_ENTER && (widget_is_field(w) || r == WIDGET_IGNORED))
		return widget_submit(form, target, json);
	if (r == WIDGET_SEND) {
		buf_reset(json);
		*target = NULL;
		return WIDGET_CHANGED;
	}
	return r;
}

enum widget_result
widget_leave(struct widget *w, struct widget **target, struct buf *json)
{
	*target = NULL;
	if (!w->editing || !widget_is_field(w))
		return WIDGET_IGNORED;
	if (!widget_edit_commit(w)) {
		w->editing = false;
		return WIDGET_CHANGED;
	}
	if (widget_form(w) != NULL)
		return WIDGET_CHANGED;
	return widget_send(w, target, json);
}

void
widget_tick_json(const struct widget *w, struct buf *json)
{
	json_int_t n = json_is_integer(w->value) ?
	    json_integer_value(w->value) : 0;

	buf_addf(json, "%lld", (long long)(n + 1));
}

int
widget_update(struct widget *w, const char *json, size_t len, bool keep_edit)
{
	json_error_t je;
	json_t *o;
	const char *id;
	struct buf typed = BUF_INIT;
	bool editing = w->editing && keep_edit;
	int depth = 0;
	struct widget *p;

	o = json_loadb(json, len, 0, &je);
	if (o == NULL) {
		err_set("widget JSON:%d:%d: %s", je.line, je.column, je.text);
		return -1;
	}
	id = json_string_value(json_object_get(o, "id"));
	if (id == NULL || strcmp(id, w->id) != 0) {
		err_set("widget JSON: another element (%s)", id ? id : "?");
		json_decref(o);
		return -1;
	}
	if (editing)
		buf_add(&typed, w->edit.ptr, w->edit.len);
	for (p = w->parent; p != NULL; p = p->parent)
		depth++;
	widget_take(w, o, depth);
	json_decref(o);
	w->editing = editing;
	buf_reset(&w->edit);
	buf_add(&w->edit, typed.ptr, typed.len);
	buf_release(&typed);
	return 0;
}

/*
 * Drawing.
 */

static enum richtext_role
widget_role(const struct widget *w, const struct widget_render_options *o)
{
	return o != NULL && o->focus == w ? RICHTEXT_CURSOR : RICHTEXT_WIDGET;
}

static void
widget_adds(struct richtext_line *l, const char *s, enum richtext_role role)
{
	richtext_line_add(l, SANITIZE_FIELD, s, strlen(s), role, 0);
}

static void
widget_addv(struct richtext_line *l, const json_t *v, enum richtext_role role)
{
	struct buf b = BUF_INIT;

	widget_value_text(&b, v);
	richtext_line_add(l, SANITIZE_FIELD, b.ptr, b.len, role, 0);
	buf_release(&b);
}

static void
widget_put_label(struct richtext_line *l, const struct widget *w)
{
	if (w->label[0] == '\0')
		return;
	richtext_line_add(l, SANITIZE_FIELD, w->label, strlen(w->label),
	    RICHTEXT_TEXT, 0);
	richtext_line_pad(l, 1, RICHTEXT_TEXT);
}

/* A bar of width columns with a knob (or two) at fractions a and b. */
static void
widget_bar(struct richtext_line *l, double a, double b, bool two,
    size_t width, enum richtext_role role, bool ascii, size_t active)
{
	size_t i, ka, kb;

	ka = (size_t)(a * (double)(width - 1) + 0.5);
	kb = (size_t)(b * (double)(width - 1) + 0.5);
	if (!two)
		kb = ka;
	widget_adds(l, "[", role);
	for (i = 0; i < width; i++) {
		uint32_t cp;

		if (i == ka || (two && i == kb))
			cp = ascii ? (two && i == (active ? kb : ka) ? 'O' :
			    'o') : (two && i == (active ? kb : ka) ?
			    0x25cf : 0x25cb);
		else if ((!two && i < ka) || (two && i > ka && i < kb))
			cp = ascii ? '=' : 0x2501;
		else
			cp = ascii ? '-' : 0x2500;
		if (!two && (i == ka))
			cp = ascii ? 'O' : 0x25cf;
		richtext_line_add_cp(l, cp, role, NULL);
	}
	widget_adds(l, "]", role);
}

static double
widget_frac(const struct widget *w, const json_t *v)
{
	json_t *steps = json_object_get(w->obj, "steps");
	double start = 0, stop = 100, x;
	long i, n;

	if (json_is_array(steps) && (n = (long)json_array_size(steps)) > 1) {
		i = widget_index_of(steps, v);
		return i < 0 ? 0 : (double)i / (double)(n - 1);
	}
	(void)widget_num(w->obj, "start", &start);
	(void)widget_num(w->obj, "stop", &stop);
	x = json_is_number(v) ? json_number_value(v) : start;
	if (!(stop > start))
		return 0;
	x = (x - start) / (stop - start);
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* The text shown in a field, and whether it is the placeholder. */
static bool
widget_field_text(const struct widget *w, struct buf *out)
{
	if (w->editing)
		buf_add(out, w->edit.ptr, w->edit.len);
	else if (w->kind == WIDGET_NUMBER) {
		if (!json_is_null(w->value))
			widget_value_text(out, w->value);
	} else if (json_is_string(w->value))
		buf_add(out, json_string_value(w->value),
		    json_string_length(w->value));
	if (out->len > 0)
		return false;
	buf_adds(out, widget_str(w->obj, "placeholder"));
	return true;
}

static void
widget_field(struct richtext_line *l, const struct widget *w,
    enum richtext_role role, bool ascii, bool focus, bool whole)
{
	struct richtext_line tmp, *t = &tmp;
	struct buf b = BUF_INIT;
	bool ph = widget_field_text(w, &b);
	size_t nl, width, avail = WIDGET_FIELD_WIDTH;

	/* One line: a text area shows its first line here. */
	for (nl = 0; nl < b.len && b.ptr[nl] != '\n'; nl++)
		;
	richtext_line_init(t);
	richtext_line_add(t, SANITIZE_FIELD, b.ptr, nl, ph ? RICHTEXT_DIM :
	    role, 0);
	if (nl < b.len && !whole)
		widget_adds(t, ascii ? " ..." : " \xe2\x80\xa6", RICHTEXT_DIM);
	widget_adds(l, "[", role);
	width = t->line.width;
	if (focus && w->editing)
		avail--;
	if (width > avail) {
		/* Show the end, where typing happens. */
		size_t off = richtext_line_col_off(t, width - avail + 1);

		widget_adds(l, ascii ? "<" : "\xe2\x80\xb9", RICHTEXT_DIM);
		richtext_line_append(l, t, off, t->line.len - off);
		width = avail;
	} else {
		richtext_line_append(l, t, 0, t->line.len);
	}
	if (focus && w->editing) {
		richtext_line_add_cp(l, ascii ? '_' : 0x2581, role, NULL);
		width++;
	}
	if (width < WIDGET_FIELD_WIDTH)
		richtext_line_pad(l, WIDGET_FIELD_WIDTH - width, role);
	widget_adds(l, "]", role);
	richtext_line_release(t);
	buf_release(&b);
}

/* One element, inline, appended to l (no width limit); whole: a text
 * area's further lines are drawn below by the caller. */
static void
widget_line_raw2(struct richtext_line *l, const struct widget *w,
    const struct widget_render_options *o, bool whole)
{
	enum richtext_role role = widget_role(w, o);
	bool ascii = o != NULL && o->ascii, none;
	json_t *opts = json_object_get(w->obj, "options"), *e;
	size_t i;
	long sel;

	switch (w->kind) {
	case WIDGET_SLIDER:
		widget_put_label(l, w);
		widget_bar(l, widget_frac(w, w->value), 0, false,
		    WIDGET_BAR_WIDTH, role, ascii, 0);
		richtext_line_pad(l, 1, RICHTEXT_TEXT);
		widget_addv(l, w->value, role);
		break;
	case WIDGET_RANGE_SLIDER:
		widget_put_label(l, w);
		widget_bar(l, widget_frac(w, json_array_get(w->value, 0)),
		    widget_frac(w, json_array_get(w->value, 1)), true,
		    WIDGET_BAR_WIDTH, role, ascii, w->cursor);
		richtext_line_pad(l, 1, RICHTEXT_TEXT);
		widget_addv(l, json_array_get(w->value, 0), role);
		widget_adds(l, ascii ? "-" : "\xe2\x80\x93", role);
		widget_addv(l, json_array_get(w->value, 1), role);
		break;
	case WIDGET_NUMBER:
	case WIDGET_TEXT:
	case WIDGET_TEXT_AREA:
		widget_put_label(l, w);
		widget_field(l, w, role, ascii, role == RICHTEXT_CURSOR,
		    whole && w->kind == WIDGET_TEXT_AREA);
		break;
	case WIDGET_CHECKBOX:
		widget_adds(l, json_is_true(w->value) ? "[x]" : "[ ]", role);
		richtext_line_pad(l, 1, RICHTEXT_TEXT);
		widget_put_label(l, w);
		break;
	case WIDGET_SWITCH:
		widget_put_label(l, w);
		widget_adds(l, json_is_true(w->value) ? (ascii ? "(on )" :
		    "(\xe2\x94\x80\xe2\x97\x8f) on") : (ascii ? "(off)" :
		    "(\xe2\x97\x8b\xe2\x94\x80) off"), role);
		break;
	case WIDGET_DROPDOWN:
		widget_put_label(l, w);
		widget_adds(l, "[", role);
		if (json_is_null(w->value))
			widget_adds(l, "--", role);
		else
			widget_addv(l, w->value, role);
		widget_adds(l, ascii ? " v]" : " \xe2\x96\xbe]", role);
		break;
	case WIDGET_RADIO:
		widget_put_label(l, w);
		(void)widget_choice_count(w, &none);
		sel = widget_index_of(opts, w->value);
		json_array_foreach(opts, i, e) {
			if (i > 0)
				richtext_line_pad(l, 2, RICHTEXT_TEXT);
			widget_adds(l, (long)i == sel ? (ascii ? "(*) " :
			    "(\xe2\x80\xa2) ") : "( ) ", (long)i == sel ?
			    role : RICHTEXT_TEXT);
			widget_addv(l, e, (long)i == sel ? role :
			    RICHTEXT_TEXT);
		}
		break;
	case WIDGET_MULTISELECT:
		widget_put_label(l, w);
		json_array_foreach(opts, i, e) {
			bool on = widget_index_of(w->value, e) >= 0;
			enum richtext_role r = role == RICHTEXT_CURSOR &&
			    i == w->cursor ? RICHTEXT_CURSOR : on ?
			    RICHTEXT_WIDGET : RICHTEXT_TEXT;

			if (i > 0)
				richtext_line_pad(l, 1, RICHTEXT_TEXT);
			widget_adds(l, on ? "[x] " : "[ ] ", r);
			widget_addv(l, e, r);
		}
		break;
	case WIDGET_BUTTON:
	case WIDGET_RUN_BUTTON:
		widget_adds(l, "[ ", role);
		if (w->kind == WIDGET_RUN_BUTTON)
			widget_adds(l, ascii ? "> " : "\xe2\x96\xb6 ", role);
		widget_adds(l, w->label[0] != '\0' ? w->label :
		    w->kind == WIDGET_RUN_BUTTON ? "Run" : "Click", role);
		widget_adds(l, " ]", role);
		break;
	case WIDGET_DATE:
		widget_put_label(l, w);
		widget_adds(l, "[", role);
		widget_addv(l, w->value, role);
		widget_adds(l, "]", role);
		break;
	case WIDGET_TABS:
		json_array_foreach(json_object_get(w->obj, "tabs"), i, e) {
			bool on = json_equal(e, w->value);

			widget_adds(l, on ? "[" : " ", on ? role :
			    RICHTEXT_TEXT);
			widget_addv(l, e, on ? role : RICHTEXT_DIM);
			widget_adds(l, on ? "]" : " ", on ? role :
			    RICHTEXT_TEXT);
		}
		break;
	case WIDGET_FORM:
		widget_adds(l, "[ ", role);
		widget_adds(l, widget_str(w->obj, "submit_label")[0] ?
		    widget_str(w->obj, "submit_label") : "Submit", role);
		widget_adds(l, " ]", role);
		if (json_is_true(json_object_get(w->obj, "submitted")))
			widget_adds(l, ascii ? " submitted" :
			    " \xe2\x9c\x93 submitted", RICHTEXT_DIM);
		break;
	case WIDGET_REFRESH:
		widget_adds(l, ascii ? "[ refresh" : "[ \xe2\x86\xbb", role);
		if (widget_interval(w) > 0) {
			struct buf b = BUF_INIT;

			buf_addf(&b, " every %gs", widget_interval(w));
			widget_adds(l, b.ptr, role);
			buf_release(&b);
		}
		widget_adds(l, " ]", role);
		break;
	default:
		/* array, dictionary, table, unknown: label: value */
		widget_adds(l, w->label[0] != '\0' ? w->label :
		    widget_kind_name(w->kind), RICHTEXT_TEXT);
		widget_adds(l, ": ", RICHTEXT_TEXT);
		widget_addv(l, w->value, RICHTEXT_WIDGET);
		break;
	}
}

static void
widget_line_raw(struct richtext_line *l, const struct widget *w,
    const struct widget_render_options *o)
{
	widget_line_raw2(l, w, o, false);
}

void
widget_line(struct richtext_line *out, const struct widget *w,
    const struct widget_render_options *o)
{
	struct richtext_line l;
	size_t width = o != NULL && o->width > 0 ? o->width : 80;

	richtext_line_init(&l);
	widget_line_raw(&l, w, o);
	(void)richtext_line_append_cut(out, &l, width, false);
	richtext_line_release(&l);
}

void
widget_text(struct buf *out, const struct widget *w, bool ascii)
{
	struct widget_render_options o = { 1000, ascii, NULL };
	struct richtext_line l;

	richtext_line_init(&l);
	widget_line_raw(&l, w, &o);
	buf_add(out, l.line.text, l.line.len);
	richtext_line_release(&l);
}

/* Append line l (cut to the width) indented, recording w's anchor. */
static void
widget_put(struct richtext *out, const struct richtext_line *l,
    const struct widget *w, size_t indent, size_t width)
{
	struct richtext_line *dst = richtext_add_line(out);
	size_t cols, idx;

	if (indent >= width)
		indent = 0;
	richtext_line_pad(dst, indent, RICHTEXT_TEXT);
	cols = richtext_line_append_cut(dst, l, width - indent, false);
	idx = richtext_anchor_add(out, RICHTEXT_ANCHOR_WIDGET, w->id,
	    strlen(w->id));
	richtext_span_add(out, RICHTEXT_ANCHOR_WIDGET, idx,
	    richtext_nlines(out) - 1, indent, cols);
}

static void widget_render_at(struct richtext *out, const struct widget *w,
    const struct widget_render_options *o, size_t indent);

/* mdrender's question inside a tab: the live text of an element the
 * tab's Markdown embeds. */
struct widget_tab_ctx {
	const struct widget *tabs;
	struct buf text;
	bool ascii;
};

static const char *
widget_tab_cb(void *arg, const char *id, size_t idlen, size_t *len)
{
	struct widget_tab_ctx *c = arg;
	const struct widget *k;
	size_t i;

	for (i = 0; i < c->tabs->nkids; i++) {
		k = c->tabs->kids[i];
		if (strlen(k->id) == idlen && memcmp(k->id, id, idlen) == 0) {
			buf_reset(&c->text);
			widget_text(&c->text, k, c->ascii);
			*len = c->text.len;
			return c->text.ptr;
		}
	}
	return NULL;
}

/*
 * A tab's content under the tab bar: the element it is (drawn as an
 * element, with the keys), or its Markdown (embedded elements drawn
 * live), or its plain text, as the kernel gave it.
 */
static void
widget_tab_content(struct richtext *out, const struct widget *w,
    const struct widget_render_options *o, size_t indent, size_t width)
{
	json_t *kids = json_object_get(w->obj, "children"), *c;
	long tab = widget_tab_shown(w);
	const char *text, *mime;
	struct mdrender_options mo;
	struct widget_tab_ctx ctx;
	size_t i;

	c = json_array_get(kids, (size_t)tab);
	if (json_is_object(json_object_get(c, "widget")))
		for (i = 0; i < w->nkids; i++)
			if (w->kids[i]->tab == tab) {
				widget_render_at(out, w->kids[i], o,
				    indent + 2);
				return;
			}
	text = json_string_value(json_object_get(c, "text"));
	mime = widget_str(c, "mime");
	if (text == NULL)
		return;
	if (strcmp(mime, "text/markdown") == 0) {
		memset(&mo, 0, sizeof mo);
		mo.width = width;
		mo.ascii = o->ascii;
		ctx.tabs = w;
		ctx.ascii = o->ascii;
		buf_init(&ctx.text);
		mo.widget_text = w->nkids > 0 ? widget_tab_cb : NULL;
		mo.widget_ctx = &ctx;
		mdrender_render(out, text, json_string_length(json_object_get(c,
		    "text")), &mo);
		buf_release(&ctx.text);
	} else {
		/* Plain text keeps its lines, each cut to the width. */
		struct richtext *plain = richtext_new();
		struct richtext_line *dst;

		(void)richtext_add_line(plain);
		richtext_add(plain, SANITIZE_TEXT, text, strlen(text),
		    RICHTEXT_TEXT, 0);
		for (i = 0; i < richtext_nlines(plain); i++) {
			dst = richtext_add_line(out);
			(void)richtext_line_append_cut(dst,
			    richtext_line(plain, i), width, false);
		}
		richtext_free(plain);
	}
}

/*
 * A text area not being typed in shows its further lines below the
 * first, in the field's column, at most WIDGET_AREA_ROWS of them, then
 * a line saying how many more there are.
 */
static void
widget_area_rows(struct richtext *out, const struct widget *w,
    const struct widget_render_options *o, size_t indent, size_t width)
{
	struct richtext_line l;
	struct buf b = BUF_INIT, note = BUF_INIT;
	size_t col = indent + 1, p, e, n = 0, more = 0;

	if (widget_field_text(w, &b)) {
		buf_release(&b);
		return;
	}
	if (w->label[0] != '\0') {
		richtext_line_init(&l);
		widget_put_label(&l, w);
		col += l.line.width;
		richtext_line_release(&l);
	}
	for (p = 0; p < b.len && b.ptr[p] != '\n'; p++)
		;
	richtext_line_init(&l);
	while (p < b.len) {
		p++;		/* the line break */
		for (e = p; e < b.len && b.ptr[e] != '\n'; e++)
			;
		if (n == WIDGET_AREA_ROWS) {
			more++;
			p = e;
			continue;
		}
		richtext_line_reset(&l);
		richtext_line_add(&l, SANITIZE_FIELD, b.ptr + p, e - p,
		    widget_role(w, o), 0);
		widget_put(out, &l, w, col, width);
		n++;
		p = e;
	}
	if (more > 0) {
		richtext_line_reset(&l);
		buf_addf(&note, "%s %zu more line%s", o->ascii ? "..." :
		    "\xe2\x80\xa6", more, more == 1 ? "" : "s");
		widget_adds(&l, note.ptr, RICHTEXT_DIM);
		widget_put(out, &l, w, col, width);
	}
	richtext_line_release(&l);
	buf_release(&note);
	buf_release(&b);
}

static void
widget_render_at(struct richtext *out, const struct widget *w,
    const struct widget_render_options *o, size_t indent)
{
	size_t width = o->width > 0 ? o->width : 80, i;
	struct richtext_line l;
	json_t *keys;

	richtext_line_init(&l);
	switch (w->kind) {
	case WIDGET_TABLE:
		break;
	case WIDGET_ARRAY:
	case WIDGET_DICTIONARY:
		if (w->label[0] != '\0') {
			widget_adds(&l, w->label, RICHTEXT_TEXT);
			widget_put(out, &l, w, indent, width);
		}
		keys = json_object_get(w->obj, "keys");
		for (i = 0; i < w->nkids; i++) {
			if (w->kind == WIDGET_DICTIONARY &&
			    json_is_string(json_array_get(keys, i)) &&
			    w->kids[i]->label[0] == '\0') {
				richtext_line_reset(&l);
				widget_adds(&l, json_string_value(
				    json_array_get(keys, i)), RICHTEXT_DIM);
				widget_adds(&l, ":", RICHTEXT_DIM);
				widget_put(out, &l, w, indent, width);
			}
			widget_render_at(out, w->kids[i], o, indent + 2);
		}
		break;
	case WIDGET_FORM:
		if (w->label[0] != '\0') {
			widget_adds(&l, w->label, RICHTEXT_TEXT);
			widget_put(out, &l, w, indent, width);
		}
		for (i = 0; i < w->nkids; i++)
			widget_render_at(out, w->kids[i], o, indent + 2);
		richtext_line_reset(&l);
		widget_line_raw(&l, w, o);
		widget_put(out, &l, w, indent + 2, width);
		break;
	case WIDGET_TABS:
		widget_line_raw(&l, w, o);
		widget_put(out, &l, w, indent, width);
		widget_tab_content(out, w, o, indent, width);
		break;
	case WIDGET_TEXT_AREA:
		/* With the keys it shows the end of the text on one line,
		 * where typing happens; else every line (up to a cap). */
		widget_line_raw2(&l, w, o, o->focus != w);
		widget_put(out, &l, w, indent, width);
		if (o->focus != w)
			widget_area_rows(out, w, o, indent, width);
		break;
	default:
		widget_line_raw(&l, w, o);
		widget_put(out, &l, w, indent, width);
		break;
	}
	richtext_line_release(&l);
}

void
widget_render(struct richtext *out, const struct widget *w,
    const struct widget_render_options *o)
{
	struct widget_render_options dflt = { 80, false, NULL };

	widget_render_at(out, w, o != NULL ? o : &dflt, 0);
}
