/*
 * fmt_md.c: markdown text as a marimo cell (spec notebook-format.md 7.1),
 * the one piece every importer shares: a Jupyter markdown cell, a
 * py:percent "# %% [markdown]" cell and anything else that arrives as
 * prose becomes mo.md(r"""...""") code. Which cells are markdown on the
 * way out is the analyzer's call (ana_cell's is_markdown), not this file's.
 */
#include "config.h"
#include "fmt_int.h"

#include <string.h>

#include "buf.h"

/*
 * marimo's markdown_to_marimo: every """ is escaped as \"\"\" so the text
 * cannot close the literal, and an empty text becomes one space because
 * six quotes in a row would not parse as intended.
 */
void
fmt_markdown_cell_code(struct buf *out, const char *md, size_t len,
    const char *prefix)
{
	size_t i;

	buf_adds(out, "mo.md(");
	buf_adds(out, prefix ? prefix : "r");
	buf_adds(out, "\"\"\"\n");
	if (len == 0)
		buf_addc(out, ' ');
	for (i = 0; i < len; i++) {
		if (i + 3 <= len && memcmp(md + i, "\"\"\"", 3) == 0) {
			buf_adds(out, "\\\"\\\"\\\"");
			i += 2;
		} else
			buf_addc(out, md[i]);
	}
	buf_adds(out, "\n\"\"\")");
}
