/*
 * cli_convert.c: `quire convert [--to FORMAT] IN OUT`. Reads IN in
 * whatever format it is and writes OUT in the format --to names, or the
 * one OUT's suffix implies (.ipynb: Jupyter; .py: marimo). OUT "-" is
 * standard output. marimo to marimo is the round trip: a file marimo
 * wrote comes out byte for byte.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ana.h"
#include "auditlog.h"
#include "buf.h"
#include "cli.h"
#include "err.h"
#include "fmt.h"
#include "nb.h"

static enum fmt_kind
convert_out_kind(const char *path)
{
	size_t n = strlen(path);

	if (n >= 6 && strcmp(path + n - 6, ".ipynb") == 0)
		return FMT_IPYNB;
	return FMT_MARIMO;
}

static int
convert_write_stdout(const struct buf *b)
{
	size_t off = 0;

	while (off < b->len) {
		ssize_t w = write(STDOUT_FILENO, b->ptr + off, b->len - off);

		if (w < 0) {
			err_errno("write to standard output");
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

int
cli_convert(int argc, char **argv)
{
	enum fmt_kind to = FMT_UNKNOWN;
	const char *in = NULL, *out = NULL;
	struct buf text = BUF_INIT;
	struct nb *nb = NULL;
	struct ana *a = NULL;
	int i, status = 2;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--to") == 0 && i + 1 < argc) {
			to = fmt_kind_parse(argv[++i]);
			if (to == FMT_UNKNOWN)
				return cli_usage_error("convert",
				    "unknown format %s (marimo, percent, "
				    "ipynb or script)", argv[i]);
		} else if (strncmp(argv[i], "--to=", 5) == 0) {
			to = fmt_kind_parse(argv[i] + 5);
			if (to == FMT_UNKNOWN)
				return cli_usage_error("convert",
				    "unknown format %s (marimo, percent, "
				    "ipynb or script)", argv[i] + 5);
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error("convert", "unknown option %s",
			    argv[i]);
		else if (in == NULL)
			in = argv[i];
		else if (out == NULL)
			out = argv[i];
		else
			return cli_usage_error("convert", "too many arguments");
	}
	if (in == NULL || out == NULL)
		return cli_usage_error("convert", "need IN and OUT");
	if (to == FMT_UNKNOWN)
		to = strcmp(out, "-") == 0 ? FMT_MARIMO : convert_out_kind(out);
	if ((a = ana_new()) == NULL)
		goto fail;
	if (fmt_load(&nb, FMT_UNKNOWN, in, a) < 0)
		goto fail;
	if (fmt_format(&text, nb, to, a) < 0) {
		if (strcmp(out, "-") != 0)
			err_prefix("%s", out);
		goto fail;
	}
	/* What is written leaves quire: audited first, or not written. */
	if (auditlog_export(in, fmt_kind_name(to), out, text.len, NULL) < 0) {
		status = 1;
		goto fail;
	}
	if (strcmp(out, "-") == 0 ? convert_write_stdout(&text) < 0 :
	    fmt_write_atomic(out, text.ptr, text.len) < 0)
		goto fail;
	status = 0;
	goto done;
fail:
	fprintf(stderr, "quire convert: %s\n", err_last());
done:
	buf_release(&text);
	nb_free(nb);
	ana_free(a);
	return status;
}
