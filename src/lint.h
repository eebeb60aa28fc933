/*
 * lint.h: what `quire check` reports about a notebook: the reader's
 * diagnostics, cells that do not parse, star imports, names defined by
 * several cells, cycles, a setup cell with references, and `del` of a
 * name another cell defines. Every finding carries a 1-based file line
 * and column so editors can jump to it.
 */
#ifndef QUIRE_LINT_H
#define QUIRE_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ana;
struct graph;
struct lint;
struct nb;

struct lint_finding {
	size_t line, col;	/* 1-based, in the file */
	const char *kind;	/* "parse", "syntax", "import-star",
				   "multiple-defs", "cycle", "setup-refs",
				   "delete" */
	char *message;
	uint32_t cell;		/* the cell it is about, or 0 */
	bool warning;		/* soft: does not make the check fail */
};

/*
 * Check the notebook; g must be in step with nb (deps_sync). Returns 0
 * and a report in *out (caller frees with lint_free), or -1 when the
 * analyzer fails (err_last()).
 */
int lint_notebook(struct lint **out, const struct nb *nb, struct ana *a,
    struct graph *g);
void lint_free(struct lint *);	/* NULL is a no-op */
/* Findings sorted by line then column; borrowed until lint_free. */
size_t lint_nfindings(const struct lint *);
const struct lint_finding *lint_finding_at(const struct lint *, size_t idx);
/* Findings that are not warnings. */
size_t lint_nerrors(const struct lint *);

#endif
