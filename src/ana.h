/*
 * ana.h: static analysis of one cell's source, by marimo's rules (spec
 * notebook-format.md section 5). The analyzer parses with CPython's own
 * parser, embedded in the calling process and isolated (no site, no user
 * paths, no user code run), and walks the AST to find which names the
 * cell defines for other cells and which it reads from them.
 *
 * Results are cached by a hash of the source: asking twice for the same
 * text is a lookup, which is what makes re-analysing a whole notebook on
 * every save cheap.
 */
#ifndef QUIRE_ANA_H
#define QUIRE_ANA_H

#include <stdbool.h>
#include <stddef.h>

struct ana;

/* A set of names: sorted by code point, no duplicates. */
struct ana_names {
	char **v;
	size_t n;
};

/* A top-level annotated assignment (x: int = 1), first one per name. */
struct ana_annotation {
	char *name;
	char *text;		/* ast.unparse of the annotation, one line,
				   single quotes standardised to double */
	struct ana_names refs;	/* names the annotation reads */
};

enum ana_single {
	ANA_SINGLE_NONE,	/* not exactly one def/class statement */
	ANA_SINGLE_DEF,		/* one def or async def */
	ANA_SINGLE_CLASS	/* one class */
};

struct ana_cell {
	/* Syntax: parses is false when CPython rejects the source (after
	 * U+00A0 no-break spaces are read as spaces). */
	bool parses;
	char *error;		/* syntax error message, or NULL */
	size_t error_line;	/* 1-based line within the cell */
	size_t error_col;	/* 1-based column */
	bool import_star;	/* "from m import *" anywhere: marimo rejects
				   the cell (as unparsable) though CPython
				   parses it; parses stays true */
	size_t import_star_line;

	struct ana_names defs;	/* public names bound at top level; as in
				   marimo, tables/views/schemas/catalogs a
				   top-level SQL call creates are included */
	struct ana_names refs;	/* names read before bound (builtins
				   included; graph and writer filter them);
				   includes the SQL refs, which may be
				   dotted ("schema.table") */
	struct ana_names deleted_refs;	/* subset of refs: "del x", x unbound */
	struct ana_names private_defs;	/* _names bound at top level */
	/* Subset of defs whose last binding is SQL (table, view, schema,
	 * catalog). */
	struct ana_names sql_defs;
	/* Subset of refs read by SQL (FROM, JOIN, INSERT INTO, ...), in
	 * lower case. */
	struct ana_names sql_refs;
	struct ana_annotation *annotations;
	size_t nannotations;

	/* Facts the marimo writer needs (spec 4.3-4.5). */
	bool is_async;		/* needs top-level await/async for/with */
	size_t nstatements;	/* top-level statements */
	enum ana_single single;
	char *single_name;	/* name of that def/class, or NULL */
	size_t nbound;		/* distinct top-level names, privates too */
	/* For a single def/class: refs of its decorators, defaults,
	 * annotations and class-body level; else empty. */
	struct ana_names deftime_refs;
	bool ends_with_import_or_def;	/* last statement import/def/class */
	bool has_last_expr;	/* last statement is an expression, no ';' */
	bool is_markdown;	/* exactly mo.md("literal") (spec 4.4) */
	char *markdown;		/* the processed text M, when is_markdown */

	/* Added after the first version (fields only ever appended). */
	/* sql_defs as the SQL named them ("schema.table",
	 * "catalog.schema.table", lower case), to match qualified
	 * sql_refs. */
	struct ana_names sql_qualified_defs;
	/* Subset of defs whose first binding is SQL: marimo's writer leaves
	 * these out of return tuples (df = mo.sql("CREATE TABLE df ...") is
	 * in sql_first_defs, not in sql_defs). */
	struct ana_names sql_first_defs;
};

/*
 * Create an analyzer; starts the isolated interpreter if this process has
 * none yet. Returns NULL with err_last() set when Python cannot start.
 */
struct ana *ana_new(void);
/*
 * An analyzer that starts the interpreter only when it first needs it: a
 * cache miss in ana_cell(), ana_is_builtin(), ana_is_identifier(). Never
 * fails; if the interpreter cannot start then, ana_cell() returns NULL
 * (err_last()) and the two predicates return false.
 */
struct ana *ana_new_lazy(void);
void ana_free(struct ana *);	/* NULL is a no-op */

/*
 * Analyse len bytes of src (one cell's code). Never fails on bad Python:
 * a syntax error is a result (parses == false). Returns NULL only when
 * the interpreter itself fails (err_last() says why). The result is owned
 * by the analyzer's cache and stays valid until ana_free().
 */
const struct ana_cell *ana_cell(struct ana *, const char *src, size_t len);

/*
 * Put a result computed earlier (nbcache) into the cache, as if
 * ana_cell() had just computed it for src. Takes the allocations of *c
 * (each from malloc) and leaves *c zeroed; when src is cached already, *c
 * is released instead.
 */
void ana_cell_add(struct ana *, const char *src, size_t len,
    struct ana_cell *c);
/* Free what a result not owned by an analyzer holds; *c is zeroed. */
void ana_cell_release(struct ana_cell *c);

/* Is s a name in Python's builtins (plus __builtin__, __file__,
 * __builtins__, __class__)? */
bool ana_is_builtin(struct ana *, const char *s);
/* Is s private by marimo's rule (_, __, or one leading underscore)? */
bool ana_is_private(const char *s);
/* Is s a valid Python identifier (and not a keyword)? */
bool ana_is_identifier(struct ana *, const char *s);
/* Lookup helper for the sorted sets above. */
bool ana_names_has(const struct ana_names *, const char *s);

#endif
