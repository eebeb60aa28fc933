/*
 * celldiff.h: the cell-aware diff of two notebooks. Cells of the old and
 * the new notebook are paired first (by id when the caller says the two
 * sides share ids, then by name, then by identical text, then by line
 * similarity, then by character similarity between paired neighbours),
 * each pair or lone cell becomes one entry (added, removed, moved,
 * changed, unchanged), and every entry carries its line script: the
 * cell's lines marked equal, removed or added (Myers' O(ND) diff, linear
 * space, written here), with word-level spans inside changed lines.
 *
 * The diff copies what it shows: it stays valid after either notebook
 * changes or is freed. Splits and merges are described in celldiff.c's
 * opening comment and on the entry flags below.
 */
#ifndef QUIRE_CELLDIFF_H
#define QUIRE_CELLDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct celldiff;
struct nb;

#define CELLDIFF_NONE ((size_t)-1)	/* "no such cell" for an index */

enum celldiff_kind {
	CELLDIFF_UNCHANGED,	/* same text, name and config, same place */
	CELLDIFF_MOVED,		/* same text, name and config, other place */
	CELLDIFF_CHANGED,	/* text, name or config differ (may also have
				   moved: see CELLDIFF_F_MOVED) */
	CELLDIFF_ADDED,		/* only in the new notebook */
	CELLDIFF_REMOVED	/* only in the old notebook */
};

/* Entry flags. */
#define CELLDIFF_F_MOVED	0x01	/* order changed against its
					   neighbours (not in the longest run
					   of cells kept in order) */
#define CELLDIFF_F_RENAMED	0x02	/* name differs */
#define CELLDIFF_F_CONFIG	0x04	/* the cell's config (hide_code,
					   disabled, column, ...) differs */
#define CELLDIFF_F_WHITESPACE	0x08	/* the texts differ in whitespace
					   only */
#define CELLDIFF_F_SPLIT	0x10	/* ADDED: most of its lines came from
					   old cell other_idx; CHANGED: lines
					   of it went to another new cell */
#define CELLDIFF_F_MERGED	0x20	/* REMOVED: most of its lines went to
					   new cell other_idx; CHANGED: it took
					   in lines of another old cell */

enum celldiff_op {
	CELLDIFF_EQUAL = ' ',
	CELLDIFF_DEL = '-',
	CELLDIFF_ADD = '+'
};

/* A byte range of a line that differs from its counterpart. */
struct celldiff_span {
	size_t off, len;
};

struct celldiff_line {
	enum celldiff_op op;
	size_t old_lineno;	/* 1-based line in the old cell; 0 if ADD */
	size_t new_lineno;	/* 1-based line in the new cell; 0 if DEL */
	const char *text;	/* the line without its '\n'; borrowed */
	size_t len;		/* bytes */
	/* Word-level highlights: the spans of text that differ from the
	 * paired line on the other side (a DEL and an ADD of one change
	 * are paired in order). None when the line has no partner or the
	 * two have too little in common to be worth marking. */
	const struct celldiff_span *spans;
	size_t nspans;
	bool ws_only;		/* paired line differs in whitespace only */
};

/* A hunk: lines [first, first + n) of the entry, with context. */
struct celldiff_hunk {
	size_t first, n;
	size_t old_start, old_count;	/* 1-based, as in a unified diff */
	size_t new_start, new_count;
};

struct celldiff_entry {
	enum celldiff_kind kind;
	unsigned flags;			/* CELLDIFF_F_* */
	size_t old_idx, new_idx;	/* positions, or CELLDIFF_NONE */
	uint32_t old_id, new_id;	/* cell ids, or 0 */
	const char *old_name, *new_name;	/* borrowed; NULL if absent */
	size_t other_idx;	/* SPLIT from / MERGED into (see flags):
				   the old (ADDED) or new (REMOVED) index */
	/* Every line of the cell (all EQUAL when the text is the same,
	 * all ADD for an added cell, all DEL for a removed one). */
	const struct celldiff_line *lines;
	size_t nlines;
	/* Changed lines with context (none when the text is the same). */
	const struct celldiff_hunk *hunks;
	size_t nhunks;
	size_t nadded, nremoved;	/* lines */
};

struct celldiff_options {
	bool ids_shared;	/* both notebooks come from one model, so equal
				   cell ids mean the same cell (two notebooks
				   loaded separately do NOT share ids) */
	unsigned context;	/* lines of context in hunks; 0 means 3 */
	bool no_context;	/* really no context lines (hunks = changes) */
};

/*
 * Diff old against new (either may be NULL: an empty notebook). opts may
 * be NULL for the defaults. Never fails; the caller frees the result
 * with celldiff_free().
 */
struct celldiff *celldiff_new(const struct nb *old, const struct nb *new,
    const struct celldiff_options *opts);
/*
 * Line diff of two texts as one CHANGED (or UNCHANGED) entry: for a
 * cell's gutter, or any two strings. Caller frees with celldiff_free().
 */
struct celldiff *celldiff_text(const char *old, size_t oldlen,
    const char *new, size_t newlen, const struct celldiff_options *opts);
void celldiff_free(struct celldiff *);	/* NULL is a no-op */

/*
 * The entries in display order: the new notebook's order, each removed
 * cell placed after the entry of its nearest kept predecessor in the old
 * notebook. Borrowed until celldiff_free().
 */
size_t celldiff_nentries(const struct celldiff *);
const struct celldiff_entry *celldiff_entry_at(const struct celldiff *,
    size_t idx);
/* The entry of old cell idx / new cell idx, or NULL. */
const struct celldiff_entry *celldiff_entry_old(const struct celldiff *,
    size_t old_idx);
const struct celldiff_entry *celldiff_entry_new(const struct celldiff *,
    size_t new_idx);

/* True when no cell was added, removed, moved or changed, and the file
 * header (PEP 723 block, version) is the same. */
bool celldiff_is_empty(const struct celldiff *);
/* Whether the header text or the __generated_with version differ. */
bool celldiff_header_changed(const struct celldiff *);
/* How many entries have this kind; MOVED counts moved-only entries. */
size_t celldiff_count(const struct celldiff *, enum celldiff_kind);

/*
 * Append "changed: load, flagged; added: summary; removed: cell 4;
 * moved: setup" to out: cell names, or "cell N" (1-based position) for
 * unnamed cells, at most max names per group (0: no limit) then "+K
 * more". Appends nothing when the diff is empty; "header" is listed
 * under changed when only the header changed.
 */
void celldiff_summary(const struct celldiff *, struct buf *out,
    size_t max);

/* "unchanged", "moved", "changed", "added", "removed". */
const char *celldiff_kind_name(enum celldiff_kind);

#endif
