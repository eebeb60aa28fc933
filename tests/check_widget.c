/*
 * check_widget.c: the editor's mo.ui elements (tui/widget.c): parsing
 * the widget JSON of each kind, keys changing the value and the JSON
 * sent for it, forms keeping changes until submit, the kernel's answer
 * replacing the state, Tab stops of containers, and the value always
 * drawn, the focused element in the cursor role.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keys.h"
#include "richtext.h"
#include "widget.h"

static struct widget *
parse(const char *json)
{
	struct widget *w = NULL;

	ck_assert_int_eq(widget_parse(&w, json, strlen(json)), 0);
	return w;
}

/* The element as one line of plain text. */
static char *
text(const struct widget *w)
{
	struct buf b = BUF_INIT;

	widget_text(&b, w, true);
	return buf_detach(&b, NULL);
}

/* Press key; assert it sends body for target id. */
static void
press_sends(struct widget *w, int key, const char *id, const char *body)
{
	struct widget *target = NULL;
	struct buf json = BUF_INIT;

	ck_assert_int_eq(widget_key(w, key, &target, &json), WIDGET_SEND);
	ck_assert_ptr_nonnull(target);
	ck_assert_str_eq(widget_id(target), id);
	ck_assert_str_eq(json.ptr, body);
	buf_release(&json);
}

static enum widget_result
press(struct widget *w, int key)
{
	struct widget *target = NULL;
	struct buf json = BUF_INIT;
	enum widget_result r = widget_key(w, key, &target, &json);

	buf_release(&json);
	return r;
}

START_TEST(test_widget_slider_steps_and_sends)
{
	struct widget *w = parse("{\"kind\":\"slider\",\"id\":\"ui-1\","
	    "\"label\":\"cut\",\"value\":3,\"start\":0,\"stop\":10,"
	    "\"step\":1,\"steps\":null}");
	char *t;

	press_sends(w, KEYS_RIGHT, "ui-1", "4");
	press_sends(w, KEYS_LEFT, "ui-1", "3");
	press_sends(w, KEYS_END, "ui-1", "10");
	/* At the end: nothing more to send. */
	ck_assert_int_eq(press(w, KEYS_RIGHT), WIDGET_CHANGED);
	t = text(w);
	ck_assert_ptr_nonnull(strstr(t, "cut ["));
	ck_assert_ptr_nonnull(strstr(t, "] 10"));
	free(t);
	widget_free(w);
}
END_TEST

START_TEST(test_widget_slider_float_and_steps_list)
{
	struct widget *w = parse("{\"kind\":\"slider\",\"id\":\"a\","
	    "\"value\":0.5,\"start\":0.0,\"stop\":1.0,\"step\":0.1}");
	struct widget *s = parse("{\"kind\":\"slider\",\"id\":\"b\","
	    "\"value\":2,\"start\":1,\"stop\":100,\"step\":1,"
	    "\"steps\":[1,2,5,10,100]}");

	press_sends(w, KEYS_RIGHT, "a", "0.59999999999999998");
	press_sends(s, KEYS_RIGHT, "b", "5");
	press_sends(s, KEYS_HOME, "b", "1");
	widget_free(w);
	widget_free(s);
}
END_TEST

START_TEST(test_widget_range_slider_moves_the_active_end)
{
	struct widget *w = parse("{\"kind\":\"range_slider\",\"id\":\"r\","
	    "\"value\":[2,5],\"start\":0,\"stop\":9,\"step\":1}");

	press_sends(w, KEYS_RIGHT, "r", "[3,5]");
	ck_assert_int_eq(press(w, ' '), WIDGET_CHANGED);
	press_sends(w, KEYS_RIGHT, "r", "[3,6]");
	widget_free(w);
}
END_TEST

START_TEST(test_widget_choices)
{
	struct widget *d = parse("{\"kind\":\"dropdown\",\"id\":\"d\","
	    "\"label\":\"fruit\",\"value\":\"pear\",\"options\":[\"apple\","
	    "\"pear\",\"fig\"],\"allow_select_none\":true}");
	struct widget *m = parse("{\"kind\":\"multiselect\",\"id\":\"m\","
	    "\"value\":[\"b\"],\"options\":[\"a\",\"b\",\"c\"]}");
	char *t;

	press_sends(d, KEYS_DOWN, "d", "\"apple\"");
	press_sends(d, KEYS_DOWN, "d", "null");
	t = text(d);
	ck_assert_ptr_nonnull(strstr(t, "fruit [--"));
	free(t);
	press_sends(d, KEYS_RIGHT, "d", "\"apple\"");
	/* Multiselect: arrows move, Space toggles, options' order kept. */
	ck_assert_int_eq(press(m, KEYS_RIGHT), WIDGET_CHANGED);
	ck_assert_int_eq(press(m, KEYS_RIGHT), WIDGET_CHANGED);
	press_sends(m, ' ', "m", "[\"b\",\"c\"]");
	ck_assert_int_eq(press(m, KEYS_HOME), WIDGET_CHANGED);
	press_sends(m, ' ', "m", "[\"a\",\"b\",\"c\"]");
	widget_free(d);
	widget_free(m);
}
END_TEST

START_TEST(test_widget_boxes_buttons_dates)
{
	struct widget *c = parse("{\"kind\":\"checkbox\",\"id\":\"c\","
	    "\"label\":\"loud\",\"value\":false}");
	struct widget *b = parse("{\"kind\":\"button\",\"id\":\"b\","
	    "\"label\":\"go\",\"value\":null,\"clicks\":2}");
	struct widget *r = parse("{\"kind\":\"run_button\",\"id\":\"r\","
	    "\"value\":false,\"clicks\":0}");
	struct widget *d = parse("{\"kind\":\"date\",\"id\":\"t\","
	    "\"value\":\"2024-02-28\",\"start\":null,"
	    "\"stop\":\"2024-03-01\"}");
	char *t;

	press_sends(c, ' ', "c", "true");
	t = text(c);
	ck_assert_str_eq(t, "[x] loud ");
	free(t);
	press_sends(b, KEYS_ENTER, "b", "3");
	press_sends(b, ' ', "b", "4");
	press_sends(r, KEYS_ENTER, "r", "true");
	press_sends(d, KEYS_RIGHT, "t", "\"2024-02-29\"");
	press_sends(d, KEYS_RIGHT, "t", "\"2024-03-01\"");
	ck_assert_int_eq(press(d, KEYS_RIGHT), WIDGET_CHANGED);
	widget_free(c);
	widget_free(b);
	widget_free(r);
	widget_free(d);
}
END_TEST

START_TEST(test_widget_text_sends_on_enter_or_leave)
{
	struct widget *w = parse("{\"kind\":\"text\",\"id\":\"x\","
	    "\"label\":\"name\",\"value\":\"\",\"placeholder\":\"who\","
	    "\"max_length\":3}");
	struct widget *target;
	struct buf json = BUF_INIT;
	char *t;

	t = text(w);
	ck_assert_ptr_nonnull(strstr(t, "name [who"));
	free(t);
	ck_assert_int_eq(widget_type(w, "ad\x1b" "ax", 5), WIDGET_CHANGED);
	t = text(w);
	ck_assert_ptr_nonnull(strstr(t, "name [ada"));	/* max 3, no ESC */
	free(t);
	ck_assert_int_eq(press(w, KEYS_BACKSPACE), WIDGET_CHANGED);
	ck_assert_int_eq(widget_leave(w, &target, &json), WIDGET_SEND);
	ck_assert_str_eq(json.ptr, "\"ad\"");
	buf_reset(&json);
	/* Nothing typed since: leaving sends nothing. */
	ck_assert_int_eq(widget_leave(w, &target, &json), WIDGET_IGNORED);
	ck_assert_int_eq(widget_type(w, "a", 1), WIDGET_CHANGED);
	press_sends(w, KEYS_ENTER, "x", "\"ada\"");
	buf_release(&json);
	widget_free(w);
}
END_TEST

START_TEST(test_widget_form_submits_inner_value)
{
	struct widget *f = parse("{\"kind\":\"form\",\"id\":\"f\","
	    "\"value\":null,\"submit_label\":\"Go\",\"submitted\":false,"
	    "\"element\":{\"kind\":\"slider\",\"id\":\"s\",\"value\":1,"
	    "\"start\":0,\"stop\":5,\"step\":1}}");
	struct widget **stops;
	struct widget *s;

	ck_assert_int_eq(widget_stops(f, &stops), 2);
	s = stops[0];
	ck_assert_str_eq(widget_id(s), "s");
	ck_assert_ptr_eq(widget_form(s), f);
	/* The inner element changes here only. */
	ck_assert_int_eq(press(s, KEYS_RIGHT), WIDGET_CHANGED);
	ck_assert_int_eq(press(s, KEYS_RIGHT), WIDGET_CHANGED);
	press_sends(stops[1], KEYS_ENTER, "f", "3");
	widget_free(f);
}
END_TEST

START_TEST(test_widget_containers_stop_at_children)
{
	struct widget *a = parse("{\"kind\":\"array\",\"id\":\"a\","
	    "\"label\":\"\",\"value\":[1,true],\"elements\":["
	    "{\"kind\":\"number\",\"id\":\"n\",\"value\":1,\"start\":null,"
	    "\"stop\":null,\"step\":1},"
	    "{\"kind\":\"switch\",\"id\":\"w\",\"value\":true}]}");
	struct widget **stops;
	struct buf v = BUF_INIT;

	ck_assert_int_eq(widget_stops(a, &stops), 2);
	press_sends(stops[0], KEYS_UP, "n", "2");
	ck_assert_ptr_eq(widget_find(a, "w"), stops[1]);
	ck_assert_ptr_eq(widget_parent(stops[1]), a);
	widget_value_json(a, &v);
	ck_assert_str_eq(v.ptr, "[2,true]");
	/* A number field takes typing; Enter sends it. */
	ck_assert_int_eq(widget_type(stops[0], "x7", 2), WIDGET_CHANGED);
	press_sends(stops[0], KEYS_ENTER, "n", "27");
	buf_release(&v);
	widget_free(a);
}
END_TEST

START_TEST(test_widget_update_from_answer)
{
	struct widget *w = parse("{\"kind\":\"slider\",\"id\":\"u\","
	    "\"value\":1,\"start\":0,\"stop\":10,\"step\":1}");
	const char *ans = "{\"kind\":\"slider\",\"id\":\"u\",\"value\":7,"
	    "\"start\":0,\"stop\":10,\"step\":1}";
	const char *other = "{\"kind\":\"slider\",\"id\":\"v\",\"value\":7}";
	char *t;

	ck_assert_int_eq(widget_update(w, ans, strlen(ans), true), 0);
	t = text(w);
	ck_assert_ptr_nonnull(strstr(t, "] 7"));
	free(t);
	ck_assert_int_eq(widget_update(w, other, strlen(other), true), -1);
	ck_assert_int_eq(widget_update(w, "{", 1, true), -1);
	widget_free(w);
}
END_TEST

START_TEST(test_widget_bad_json_is_refused)
{
	struct widget *w = NULL;

	ck_assert_int_eq(widget_parse(&w, "[1,2]", 5), -1);
	ck_assert_ptr_null(w);
	ck_assert_int_eq(widget_parse(&w, "{\"kind\":\"slider\"}", 17), -1);
	ck_assert_int_eq(widget_parse(&w, "\xff", 1), -1);
	/* An unknown kind is kept as text, not focusable. */
	w = parse("{\"kind\":\"chart\",\"id\":\"z\",\"label\":\"c\","
	    "\"value\":{\"a\":1}}");
	ck_assert_int_eq(widget_kind(w), WIDGET_OTHER);
	ck_assert_int_eq(widget_stops(w, NULL), 0);
	widget_free(w);
}
END_TEST

START_TEST(test_widget_render_marks_focus_and_sanitises)
{
	struct widget *w = parse("{\"kind\":\"checkbox\",\"id\":\"c\","
	    "\"label\":\"a\\u001b[2Jb\",\"value\":true}");
	struct widget_render_options o = { 40, false, NULL };
	struct richtext *rt = richtext_new();
	const struct richtext_line *l;
	size_t i;
	bool cursor = false;

	o.focus = w;
	widget_render(rt, w, &o);
	ck_assert_uint_eq(richtext_nlines(rt), 1);
	l = richtext_line(rt, 0);
	for (i = 0; i < l->line.nruns; i++)
		if (l->roles[i] == RICHTEXT_CURSOR)
			cursor = true;
	ck_assert(cursor);
	/* The escape is shown as a marker, never kept as ESC. */
	ck_assert_ptr_null(strchr(l->line.text, 0x1b));
	ck_assert_ptr_nonnull(strstr(l->line.text, "^[[2J"));
	ck_assert_uint_eq(richtext_nanchors(rt, RICHTEXT_ANCHOR_WIDGET), 1);
	ck_assert_uint_le(l->line.width, 40);
	richtext_free(rt);
	widget_free(w);
}
END_TEST

START_TEST(test_widget_tabs_show_selected_content)
{
	struct widget *w = parse("{\"kind\":\"tabs\",\"id\":\"t\","
	    "\"value\":\"A\",\"tabs\":[\"A\",\"B\"],\"children\":["
	    "{\"mime\":\"text/markdown\",\"text\":\"# alpha\"},"
	    "{\"mime\":\"text/plain\",\"text\":\"beta\"}]}");
	struct widget_render_options o = { 40, true, NULL };
	struct richtext *rt = richtext_new();
	struct buf b = BUF_INIT;

	widget_render(rt, w, &o);
	richtext_format_plain(rt, &b);
	ck_assert_ptr_nonnull(strstr(b.ptr, "[A] B"));
	ck_assert_ptr_nonnull(strstr(b.ptr, "alpha"));
	press_sends(w, KEYS_RIGHT, "t", "\"B\"");
	richtext_clear(rt);
	buf_reset(&b);
	widget_render(rt, w, &o);
	richtext_format_plain(rt, &b);
	ck_assert_ptr_nonnull(strstr(b.ptr, "beta"));
	ck_assert_ptr_null(strstr(b.ptr, "alpha"));
	buf_release(&b);
	richtext_free(rt);
	widget_free(w);
}
END_TEST

/* The plain text of w rendered at 40 columns, focus on f. */
static char *
rendered(const struct widget *w, const struct widget *f, size_t *nlines)
{
	struct widget_render_options o = { 40, true, NULL };
	struct richtext *rt = richtext_new();
	struct buf b = BUF_INIT;
	size_t i;

	o.focus = f;
	widget_render(rt, w, &o);
	for (i = 0; i < richtext_nlines(rt); i++)
		ck_assert_uint_le(richtext_line(rt, i)->line.width, 40);
	if (nlines != NULL)
		*nlines = richtext_nlines(rt);
	richtext_format_plain(rt, &b);
	buf_addc(&b, '\0');
	richtext_free(rt);
	return buf_detach(&b, NULL);
}

START_TEST(test_widget_text_area_shows_its_lines_unless_focused)
{
	struct widget *w = parse("{\"kind\":\"text_area\",\"id\":\"ta\","
	    "\"label\":\"notes\",\"value\":\"one\\ntwo\\u001b[2J\\nthree\","
	    "\"placeholder\":\"\",\"max_length\":null}");
	struct widget *big;
	struct buf v = BUF_INIT;
	size_t n, i;
	char *t;

	t = rendered(w, NULL, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_nonnull(strstr(t, "notes [one"));
	ck_assert_ptr_nonnull(strstr(t, "two^[[2J"));
	ck_assert_ptr_nonnull(strstr(t, "three"));
	ck_assert_ptr_null(strstr(t, "..."));
	/* Later lines start in the field's column, under "one". */
	ck_assert_ptr_nonnull(strstr(t, "\n       two"));
	free(t);
	/* With the keys: one line, the end of the text, where typing
	 * happens. */
	t = rendered(w, w, &n);
	ck_assert_uint_eq(n, 1);
	free(t);
	/* Many lines: the first nine, then how many more. */
	buf_adds(&v, "{\"kind\":\"text_area\",\"id\":\"tb\",\"label\":\"\","
	    "\"value\":\"");
	for (i = 0; i < 20; i++)
		buf_addf(&v, "%sline%zu", i > 0 ? "\\n" : "", i);
	buf_adds(&v, "\"}");
	big = parse(v.ptr);
	t = rendered(big, NULL, &n);
	ck_assert_uint_eq(n, 10);
	ck_assert_ptr_nonnull(strstr(t, "line8"));
	ck_assert_ptr_null(strstr(t, "line9"));
	ck_assert_ptr_nonnull(strstr(t, "... 11 more lines"));
	free(t);
	buf_release(&v);
	widget_free(big);
	widget_free(w);
}
END_TEST

START_TEST(test_widget_tabs_children_take_the_keys)
{
	struct widget *w = parse("{\"kind\":\"tabs\",\"id\":\"t\",\"label\":\"\","
	    "\"value\":\"A\",\"tabs\":[\"A\",\"B\"],\"children\":["
	    "{\"mime\":\"text/plain\",\"text\":\"n: 1\",\"widget\":"
	    "{\"kind\":\"slider\",\"id\":\"ui-1\",\"label\":\"n\",\"value\":1,"
	    "\"start\":0,\"stop\":9,\"step\":1,\"steps\":null}},"
	    "{\"mime\":\"text/markdown\",\"text\":\"x <quire-widget id=\\\"ui-2\\\">"
	    "ok: False</quire-widget> y\",\"widgets\":[{\"kind\":\"checkbox\","
	    "\"id\":\"ui-2\",\"label\":\"ok\",\"value\":false}]}]}");
	static const char off[] = "{\"kind\":\"checkbox\",\"id\":\"ui-2\","
	    "\"label\":\"ok\",\"value\":false}";
	struct widget **stops, *k;
	size_t n;
	char *t;

	/* The bar, then the shown tab's element. */
	n = widget_stops(w, &stops);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(widget_id(stops[0]), "t");
	ck_assert_str_eq(widget_id(stops[1]), "ui-1");
	ck_assert_ptr_eq(widget_parent(stops[1]), w);
	t = rendered(w, stops[1], NULL);
	ck_assert_ptr_nonnull(strstr(t, "[A] B"));
	ck_assert_ptr_nonnull(strstr(t, "\n  n ["));	/* under the bar */
	free(t);
	k = stops[1];
	press_sends(k, KEYS_RIGHT, "ui-1", "2");
	t = rendered(w, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "] 2"));
	free(t);
	/* Tab B: its Markdown, with the live checkbox, which Tab reaches. */
	press_sends(w, KEYS_RIGHT, "t", "\"B\"");
	n = widget_stops(w, &stops);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(widget_id(stops[1]), "ui-2");
	press_sends(stops[1], ' ', "ui-2", "true");
	t = rendered(w, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "x [x] ok"));
	ck_assert_ptr_null(strstr(t, "False"));
	free(t);
	/* The kernel's answer for the child reaches it by id. */
	k = widget_find(w, "ui-2");
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(widget_update(k, off, strlen(off), true), 0);
	t = rendered(w, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(t, "x [ ] ok"));
	free(t);
	widget_free(w);
}
END_TEST

static Suite *
widget_suite(void)
{
	Suite *s = suite_create("widget");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, test_widget_slider_steps_and_sends);
	tcase_add_test(tc, test_widget_slider_float_and_steps_list);
	tcase_add_test(tc, test_widget_range_slider_moves_the_active_end);
	tcase_add_test(tc, test_widget_choices);
	tcase_add_test(tc, test_widget_boxes_buttons_dates);
	tcase_add_test(tc, test_widget_text_sends_on_enter_or_leave);
	tcase_add_test(tc, test_widget_form_submits_inner_value);
	tcase_add_test(tc, test_widget_containers_stop_at_children);
	tcase_add_test(tc, test_widget_update_from_answer);
	tcase_add_test(tc, test_widget_bad_json_is_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("render");
	tcase_add_test(tc, test_widget_render_marks_focus_and_sanitises);
	tcase_add_test(tc, test_widget_tabs_show_selected_content);
	tcase_add_test(tc,
	    test_widget_text_area_shows_its_lines_unless_focused);
	tcase_add_test(tc, test_widget_tabs_children_take_the_keys);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(widget_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
