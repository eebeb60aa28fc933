/*
 * nb.h: the notebook model. A notebook is an ordered list of cells plus
 * the file-level facts marimo's format keeps (header, version string, App
 * options) and what the reader noticed (diagnostics, load status). Cells
 * have stable ids for the life of the process: other modules (graph,
 * scheduler, editor) refer to cells by id, never by pointer or index.
 *
 * The setup cell, when present, is an ordinary cell named "setup" with
 * kind NB_CELL_SETUP, kept first in the list.
 */
#ifndef QUIRE_NB_H
#define QUIRE_NB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nb;
struct nb_cell;

/* How a cell was stored in the file it came from (or would be written). */
enum nb_cell_kind {
	NB_CELL_CODE,		/* @app.cell */
	NB_CELL_FUNCTION,	/* @app.function */
	NB_CELL_CLASS,		/* @app.class_definition */
	NB_CELL_UNPARSABLE,	/* app._unparsable_cell(...) */
	NB_CELL_SETUP		/* with app.setup: */
};

#define NB_COLUMN_NONE (-1)

struct nb_cell_config {
	int column;		/* NB_COLUMN_NONE when unset */
	bool disabled;
	bool hide_code;
	bool expand_output;	/* marimo 0.25: show the output expanded */
};

/* The App(...) keyword arguments; NULL strings mean the default/None. */
struct nb_app_options {
	char *width;		/* default "compact" */
	char *app_title;
	char *layout_file;
	char *css_file;
	char *html_head_file;
	char **auto_download;	/* default empty */
	size_t nauto_download;
	char *sql_output;	/* default "auto" */
};

enum nb_load_status {
	NB_LOAD_VALID,
	NB_LOAD_HAS_WARNINGS,	/* fixed silently on save */
	NB_LOAD_HAS_ERRORS,	/* opens, but saving may drop statements */
	NB_LOAD_INVALID,	/* not a marimo notebook */
	NB_LOAD_EMPTY
};

enum nb_diag_severity { NB_DIAG_WARNING, NB_DIAG_ERROR };

/* Something the reader noticed, with a 1-based file line and column. */
struct nb_diag {
	enum nb_diag_severity severity;
	size_t line, col;
	char *message;
};

/* Notebook */
struct nb *nb_new(void);
void nb_free(struct nb *);		/* NULL is a no-op; frees the cells */
size_t nb_ncells(const struct nb *);
/* The cell at display position idx (NULL when out of range); borrowed. */
struct nb_cell *nb_cell_at(const struct nb *, size_t idx);
/* The cell with this id, or NULL. */
struct nb_cell *nb_cell_find(const struct nb *, uint32_t id);
/* Display position of cell id, or (size_t)-1. */
size_t nb_cell_index(const struct nb *, uint32_t id);
/* The setup cell or NULL. */
struct nb_cell *nb_setup_cell(const struct nb *);

/*
 * Insert a new cell with a copy of src at position idx (clamped to the
 * end) and return it (borrowed; owned by the notebook). Its id is new.
 */
struct nb_cell *nb_cell_insert(struct nb *, size_t idx, const char *src,
    size_t len);
/* Remove and free the cell; -1 if no such id. */
int nb_cell_remove(struct nb *, uint32_t id);
/* Move cell id to display position idx (clamped); -1 if no such id. */
int nb_cell_move(struct nb *, uint32_t id, size_t idx);

const char *nb_header(const struct nb *);	/* NULL when none */
void nb_set_header(struct nb *, const char *, size_t);
const char *nb_version(const struct nb *);	/* NULL when none */
void nb_set_version(struct nb *, const char *);
struct nb_app_options *nb_app_options(struct nb *);
void nb_app_options_release(struct nb_app_options *);

enum nb_load_status nb_load_status(const struct nb *);
void nb_set_load_status(struct nb *, enum nb_load_status);
void nb_diag_add(struct nb *, enum nb_diag_severity, size_t line,
    size_t col, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
size_t nb_ndiags(const struct nb *);
const struct nb_diag *nb_diag_at(const struct nb *, size_t idx);

bool nb_is_dirty(const struct nb *);
void nb_set_dirty(struct nb *, bool);

/* Cell */
uint32_t nb_cell_id(const struct nb_cell *);
/* Source text (no trailing newline normally), NUL-terminated; borrowed. */
const char *nb_cell_source(const struct nb_cell *, size_t *len);
void nb_cell_set_source(struct nb_cell *, const char *, size_t);
/* Cell name; "_" for an anonymous cell. Borrowed. */
const char *nb_cell_name(const struct nb_cell *);
bool nb_cell_is_named(const struct nb_cell *);	/* name is not "_" */
void nb_cell_set_name(struct nb_cell *, const char *);
/*
 * True when the name came from an @app.function / @app.class_definition
 * statement rather than from the user: a demoted cell reverts to "_".
 */
bool nb_cell_name_is_derived(const struct nb_cell *);
void nb_cell_set_name_derived(struct nb_cell *, bool);
struct nb_cell_config nb_cell_config(const struct nb_cell *);
void nb_cell_set_config(struct nb_cell *, struct nb_cell_config);
enum nb_cell_kind nb_cell_kind(const struct nb_cell *);
void nb_cell_set_kind(struct nb_cell *, enum nb_cell_kind);
/* 1-based file line of the cell's first code line when read; 0 if new. */
size_t nb_cell_line(const struct nb_cell *);
void nb_cell_set_line(struct nb_cell *, size_t);

extern const struct nb_cell_config nb_cell_config_default;
bool nb_cell_config_is_default(struct nb_cell_config);

#endif
