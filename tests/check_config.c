/*
 * check_config.c: the settings file. What a user writes in
 * ~/.config/quire/config either takes effect or is reported with file,
 * line and column; the schema's defaults hold when the file is silent;
 * the :set forms work; and the manual lists every key the schema has.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"

static char scratch[64];

static void
setup(void)
{
	snprintf(scratch, sizeof scratch, "tmp-check_config-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(scratch));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
	ck_assert_int_eq(system(cmd), 0);
}

/* Write text to scratch/name; the path into out. */
static void
put_file(struct buf *out, const char *name, const char *text)
{
	FILE *f;

	buf_reset(out);
	buf_addf(out, "%s/%s", scratch, name);
	ck_assert_ptr_nonnull(f = fopen(out->ptr, "w"));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static struct config *
parse(const char *text)
{
	return config_parse("cfg", text, strlen(text), false, NULL);
}

/* Parsing text fails with exactly msg. */
static void
assert_error(const char *text, const char *msg)
{
	struct config *c = parse(text);

	ck_assert_msg(c == NULL, "accepted: %s", text);
	ck_assert_str_eq(err_last(), msg);
}

static const char *
fixture(struct buf *out, const char *name)
{
	const char *srcdir = getenv("srcdir");

	buf_reset(out);
	buf_addf(out, "%s/tests/data/config/%s", srcdir != NULL ? srcdir :
	    ".", name);
	return out->ptr;
}

START_TEST(test_config_missing_file_gives_defaults)
{
	struct buf path = BUF_INIT;
	struct config *c;

	buf_addf(&path, "%s/none", scratch);
	ck_assert_ptr_nonnull(c = config_load(path.ptr));
	ck_assert_str_eq(config_path(c), path.ptr);
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "plain");
	ck_assert_str_eq(config_get(c, "theme", NULL), "dark");
	ck_assert_int_eq(config_get_bool(c, "editor.wrap", 1), 0);
	ck_assert_int_eq(config_get_long(c, "editor.tab_width", 1, 16, 8),
	    4);
	ck_assert_int_eq(config_get_long(c, "audit.retention_days", 0,
	    100000, 1), 180);
	ck_assert_int_eq(config_get_long(c, "editor.autosave_seconds", 0,
	    86400, 5), 0);
	/* No default: the caller's. */
	ck_assert_ptr_null(config_get(c, "audit.store", NULL));
	ck_assert_str_eq(config_get(c, "audit.store", "x"), "x");
	/* A key outside the schema: the caller's too. */
	ck_assert_str_eq(config_get(c, "no.such", "d"), "d");
	ck_assert_ptr_null(config_origin(c, "editor.keymap"));
	config_free(c);
	/* NULL config and NULL free are harmless. */
	ck_assert_str_eq(config_get(NULL, "theme", "z"), "z");
	config_free(NULL);
	buf_release(&path);
}
END_TEST

START_TEST(test_config_sections_prefix_keys)
{
	struct config *c = parse("# quire\n"
	    "theme = light\n"
	    "[editor]\n"
	    "keymap = vi\n"
	    "  wrap=yes   # soft wrap\n"
	    "[ run ]\n"
	    "on_change = lazy\n"
	    "[kernel]\n"
	    "memory_mb = 2048\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(config_get(c, "theme", NULL), "light");
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "vi");
	ck_assert_str_eq(config_get(c, "editor.wrap", NULL), "true");
	ck_assert_int_eq(config_get_bool(c, "editor.wrap", 0), 1);
	ck_assert_str_eq(config_get(c, "run.on_change", NULL), "lazy");
	ck_assert_int_eq(config_get_long(c, "kernel.memory_mb", 0, 1 << 20,
	    0), 2048);
	ck_assert_str_eq(config_origin(c, "editor.keymap"), "cfg:4");
	ck_assert_str_eq(config_origin(c, "kernel.memory_mb"), "cfg:9");
	config_free(c);
}
END_TEST

START_TEST(test_config_dotted_keys_at_top_level)
{
	struct config *c = parse("editor.tab_width = 8\n"
	    "[git]\ncommit_message = prompt\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(config_get_long(c, "editor.tab_width", 1, 16, 4), 8);
	ck_assert_str_eq(config_get(c, "git.commit_message", NULL), "prompt");
	config_free(c);
}
END_TEST

START_TEST(test_config_quoted_values_and_escapes)
{
	struct config *c = parse("theme = \"my \\\"odd\\\" \\\\ theme\"  "
	    "# quoted\n"
	    "audit.store = \"/var/q # not a comment\"\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(config_get(c, "theme", NULL),
	    "my \"odd\" \\ theme");
	ck_assert_str_eq(config_get(c, "audit.store", NULL),
	    "/var/q # not a comment");
	config_free(c);
}
END_TEST

START_TEST(test_config_comments_need_a_blank_before)
{
	struct config *c = parse("theme = a#b\r\n"
	    "audit.store = /x/y # where\r\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(config_get(c, "theme", NULL), "a#b");
	ck_assert_str_eq(config_get(c, "audit.store", NULL), "/x/y");
	config_free(c);
}
END_TEST

START_TEST(test_config_values_are_normalized)
{
	struct config *c = parse("[editor]\nwrap = ON\nkeymap = VI\n"
	    "tab_width = +08\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(config_get(c, "editor.wrap", NULL), "true");
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "vi");
	ck_assert_str_eq(config_get(c, "editor.tab_width", NULL), "8");
	config_free(c);
}
END_TEST

START_TEST(test_config_last_setting_wins)
{
	struct config *c = parse("theme = light\ntheme = high-contrast\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(config_get(c, "theme", NULL), "high-contrast");
	ck_assert_str_eq(config_origin(c, "theme"), "cfg:2");
	config_free(c);
}
END_TEST

START_TEST(test_config_syntax_errors_name_line_and_column)
{
	assert_error("theme = dark\njust words\n",
	    "cfg:2:6: expected = after the key");
	assert_error("= dark\n", "cfg:1:1: expected key = value");
	assert_error("[editor\n", "cfg:1:8: expected ] after the section "
	    "name");
	assert_error("[]\n", "cfg:1:2: expected a section name, as in "
	    "[editor]");
	assert_error("[editor] x\n", "cfg:1:10: unexpected text after ]");
	assert_error("\n\ntheme = \"dark\n", "cfg:3:14: unterminated string");
	assert_error("theme = \"a\\nb\"\n",
	    "cfg:1:11: unknown escape (only \\\" and \\\\)");
	assert_error("theme = \"dark\" light\n",
	    "cfg:1:16: unexpected text after the closing quote");
	assert_error("theme = da\"rk\n",
	    "cfg:1:9: a quote inside an unquoted value");
	assert_error(".theme = dark\n", "cfg:1:1: bad key name");
}
END_TEST

START_TEST(test_config_unknown_key_suggests_the_right_one)
{
	assert_error("[editor]\nkeymep = vi\n",
	    "cfg:2:1: no setting editor.keymep (did you mean "
	    "editor.keymap?)");
	assert_error("tab_width = 4\n",
	    "cfg:1:1: no setting tab_width (did you mean editor.tab_width?)");
	assert_error("[run]\ntab_width = 4\n", "cfg:2:1: no setting "
	    "run.tab_width (did you mean editor.tab_width?)");
	assert_error("frobnicate = 1\n", "cfg:1:1: no setting frobnicate");
}
END_TEST

START_TEST(test_config_bad_values_are_errors)
{
	assert_error("[editor]\n\ntab_width = 40\n",
	    "cfg:3:13: editor.tab_width: 40 is not in 1-16");
	assert_error("editor.tab_width = 0\n",
	    "cfg:1:20: editor.tab_width: 0 is not in 1-16");
	assert_error("editor.tab_width = four\n",
	    "cfg:1:20: editor.tab_width: 'four' is not a number");
	assert_error("editor.tab_width = 4x\n",
	    "cfg:1:20: editor.tab_width: '4x' is not a number");
	assert_error("editor.tab_width = 99999999999999999999999\n",
	    "cfg:1:20: editor.tab_width: 99999999999999999999999 is not in "
	    "1-16");
	assert_error("editor.keymap = emacs\n",
	    "cfg:1:17: editor.keymap: 'emacs' is not one of plain, vi");
	assert_error("editor.wrap = maybe\n",
	    "cfg:1:15: editor.wrap: 'maybe' is not true or false");
	assert_error("audit.retention_days = 30\n",
	    "cfg:1:24: audit.retention_days: 30 is not in 180-36500");
	assert_error("editor.wrap =\n",
	    "cfg:1:14: editor.wrap: '' is not true or false");
	assert_error("theme = \"\"\n", "cfg:1:9: theme: empty theme name");
}
END_TEST

START_TEST(test_config_lenient_collects_warnings)
{
	struct buf w = BUF_INIT;
	const char *text = "editor.keymap = vi\n"
	    "editor.tab_width = 99\n"
	    "typo = 1\n"
	    "run.on_open = no\n";
	struct config *c = config_parse("cfg", text, strlen(text), true, &w);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(w.ptr,
	    "cfg:2:20: editor.tab_width: 99 is not in 1-16\n"
	    "cfg:3:1: no setting typo\n");
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "vi");
	ck_assert_str_eq(config_get(c, "editor.tab_width", NULL), "4");
	ck_assert_str_eq(config_get(c, "run.on_open", NULL), "no");
	config_free(c);
	/* A syntax error still fails. */
	ck_assert_ptr_null(config_parse("cfg", "x\n", 2, true, &w));
	buf_release(&w);
}
END_TEST

START_TEST(test_config_get_long_applies_callers_range)
{
	struct config *c = parse("editor.tab_width = 16\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(config_get_long(c, "editor.tab_width", 1, 8, 4), 4);
	ck_assert_int_eq(config_get_long(c, "editor.tab_width", 1, 16, 4),
	    16);
	/* Not a number (a choice): the default. */
	ck_assert_int_eq(config_get_long(c, "editor.keymap", 0, 9, 7), 7);
	ck_assert_int_eq(config_get_bool(c, "editor.keymap", -1), -1);
	config_free(c);
}
END_TEST

START_TEST(test_config_set_validates_and_keeps_old_value)
{
	struct config *c = config_new();

	ck_assert_int_eq(config_set(c, "editor.keymap", "vi"), 0);
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "vi");
	ck_assert_str_eq(config_origin(c, "editor.keymap"), "set");
	ck_assert_int_eq(config_set(c, "editor.keymap", "emacs"), -1);
	ck_assert_str_eq(err_last(),
	    "editor.keymap: 'emacs' is not one of plain, vi");
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "vi");
	ck_assert_int_eq(config_set(c, "editor.tabwidth", "4"), -1);
	ck_assert_str_eq(err_last(), "no setting editor.tabwidth (did you "
	    "mean editor.tab_width?)");
	ck_assert_int_eq(config_check("editor.tab_width", "17"), -1);
	ck_assert_int_eq(config_check("editor.tab_width", "16"), 0);
	config_free(c);
}
END_TEST

START_TEST(test_config_set_arg_forms)
{
	struct config *c = config_new();

	ck_assert_int_eq(config_set_arg(c, "editor.wrap"), 0);
	ck_assert_int_eq(config_get_bool(c, "editor.wrap", 0), 1);
	ck_assert_int_eq(config_set_arg(c, "noeditor.wrap"), 0);
	ck_assert_int_eq(config_get_bool(c, "editor.wrap", 1), 0);
	ck_assert_int_eq(config_set_arg(c, " editor.tab_width = 2 "), 0);
	ck_assert_int_eq(config_get_long(c, "editor.tab_width", 1, 16, 4), 2);
	ck_assert_int_eq(config_set_arg(c, "theme=\"high-contrast\""), 0);
	ck_assert_str_eq(config_get(c, "theme", NULL), "high-contrast");
	ck_assert_int_eq(config_set_arg(c, "editor.keymap"), -1);
	ck_assert_str_eq(err_last(),
	    "set: editor.keymap needs a value (editor.keymap = ...)");
	ck_assert_int_eq(config_set_arg(c, "editor.keymap vi"), -1);
	ck_assert_str_eq(err_last(), "set: expected editor.keymap = value");
	ck_assert_int_eq(config_set_arg(c, ""), -1);
	config_free(c);
}
END_TEST

START_TEST(test_config_paths_expand_home)
{
	struct config *c;

	ck_assert_int_eq(setenv("HOME", "/home/alice", 1), 0);
	ck_assert_ptr_nonnull(c = parse("audit.store = ~/audit.db\n"));
	ck_assert_str_eq(config_get(c, "audit.store", NULL),
	    "/home/alice/audit.db");
	config_free(c);
}
END_TEST

START_TEST(test_config_default_path_follows_xdg)
{
	struct buf path = BUF_INIT, dir = BUF_INIT;
	struct config *c;
	char cwd[4096];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	buf_addf(&dir, "%s/%s/xdg/quire", cwd, scratch);
	ck_assert_int_eq(mkdir(dir.ptr, 0700) < 0 && errno == ENOENT, 1);
	buf_truncate(&dir, dir.len - 6);
	ck_assert_int_eq(mkdir(dir.ptr, 0700), 0);
	buf_adds(&dir, "/quire");
	ck_assert_int_eq(mkdir(dir.ptr, 0700), 0);
	put_file(&path, "xdg/quire/config", "[editor]\nkeymap = vi\n");
	buf_truncate(&dir, dir.len - 6);
	ck_assert_int_eq(setenv("XDG_CONFIG_HOME", dir.ptr, 1), 0);
	ck_assert_ptr_nonnull(c = config_load(NULL));
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "vi");
	buf_adds(&dir, "/quire/config");
	ck_assert_str_eq(config_path(c), dir.ptr);
	config_free(c);
	/* A relative XDG_CONFIG_HOME is ignored (XDG spec): $HOME's. */
	ck_assert_int_eq(setenv("XDG_CONFIG_HOME", "rel", 1), 0);
	ck_assert_int_eq(setenv("HOME", "/nonexistent-home", 1), 0);
	ck_assert_ptr_nonnull(c = config_load(NULL));
	ck_assert_str_eq(config_path(c),
	    "/nonexistent-home/.config/quire/config");
	ck_assert_str_eq(config_get(c, "editor.keymap", NULL), "plain");
	config_free(c);
	buf_release(&path);
	buf_release(&dir);
}
END_TEST

START_TEST(test_config_load_reports_file_errors)
{
	struct buf path = BUF_INIT;

	put_file(&path, "config", "[editor]\nkeymap = emacs\n");
	ck_assert_ptr_null(config_load(path.ptr));
	ck_assert_str_eq(strstr(err_last(), ":2:10: "),
	    ":2:10: editor.keymap: 'emacs' is not one of plain, vi");
	ck_assert_int_eq(strncmp(err_last(), path.ptr, path.len), 0);
	/* A directory is not a config file. */
	ck_assert_ptr_null(config_load(scratch));
	ck_assert_ptr_nonnull(strstr(err_last(), "not a regular file"));
	buf_release(&path);
}
END_TEST

START_TEST(test_config_nul_bytes_are_errors)
{
	static const char text[] = "theme = da\0rk\n";
	struct config *c = config_parse("cfg", text, sizeof text - 1, false,
	    NULL);

	ck_assert_ptr_null(c);
	ck_assert_str_eq(err_last(), "cfg:1:9: NUL byte in value");
}
END_TEST

START_TEST(test_config_sample_file_sets_every_key)
{
	struct buf path = BUF_INIT;
	const struct config_key *k;
	struct config *c;
	size_t n, i;

	c = config_load(fixture(&path, "full.config"));
	ck_assert_msg(c != NULL, "%s", err_last());
	k = config_schema(&n);
	for (i = 0; i < n; i++)
		ck_assert_msg(config_origin(c, k[i].name) != NULL,
		    "full.config leaves out %s", k[i].name);
	config_free(c);
	buf_release(&path);
}
END_TEST

START_TEST(test_config_schema_defaults_pass_the_schema)
{
	const struct config_key *k;
	size_t n, i;

	k = config_schema(&n);
	ck_assert_uint_ge(n, 16);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_eq(config_key_find(k[i].name), &k[i]);
		if (k[i].dflt != NULL)
			ck_assert_msg(config_check(k[i].name, k[i].dflt) == 0,
			    "%s", err_last());
		ck_assert_ptr_nonnull(k[i].help);
	}
}
END_TEST

START_TEST(test_config_manual_lists_every_key)
{
	const char *top = getenv("top_srcdir");
	const struct config_key *k;
	struct buf path = BUF_INIT, text = BUF_INIT, want = BUF_INIT;
	char chunk[4096];
	size_t n, i, got;
	FILE *f;

	buf_addf(&path, "%s/doc/quire-config.5", top != NULL ? top : "..");
	ck_assert_ptr_nonnull(f = fopen(path.ptr, "r"));
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&text, chunk, got);
	(void)fclose(f);
	k = config_schema(&n);
	for (i = 0; i < n; i++) {
		buf_reset(&want);
		buf_addf(&want, ".It Cm %s", k[i].name);
		ck_assert_msg(strstr(text.ptr, want.ptr) != NULL,
		    "quire-config.5 does not document %s", k[i].name);
	}
	buf_release(&path);
	buf_release(&text);
	buf_release(&want);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("syntax");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_config_missing_file_gives_defaults);
	tcase_add_test(tc, test_config_sections_prefix_keys);
	tcase_add_test(tc, test_config_dotted_keys_at_top_level);
	tcase_add_test(tc, test_config_quoted_values_and_escapes);
	tcase_add_test(tc, test_config_comments_need_a_blank_before);
	tcase_add_test(tc, test_config_values_are_normalized);
	tcase_add_test(tc, test_config_last_setting_wins);
	tcase_add_test(tc, test_config_syntax_errors_name_line_and_column);
	tcase_add_test(tc, test_config_nul_bytes_are_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("schema");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_config_unknown_key_suggests_the_right_one);
	tcase_add_test(tc, test_config_bad_values_are_errors);
	tcase_add_test(tc, test_config_lenient_collects_warnings);
	tcase_add_test(tc, test_config_get_long_applies_callers_range);
	tcase_add_test(tc, test_config_schema_defaults_pass_the_schema);
	tcase_add_test(tc, test_config_manual_lists_every_key);
	tcase_add_test(tc, test_config_sample_file_sets_every_key);
	suite_add_tcase(s, tc);

	tc = tcase_create("set");
	tcase_add_test(tc, test_config_set_validates_and_keeps_old_value);
	tcase_add_test(tc, test_config_set_arg_forms);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_config_paths_expand_home);
	tcase_add_test(tc, test_config_default_path_follows_xdg);
	tcase_add_test(tc, test_config_load_reports_file_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
