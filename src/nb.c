/*
 * nb.c: the notebook model. Owns the cells (their text, name and config)
 * and the file-level facts of marimo's format; knows nothing of files,
 * Python or the screen. Cells live in an array in display order; ids are
 * handed out from a counter and never reused within a process, so a stale
 * id finds nothing rather than the wrong cell.
 */
#include "config.h"
#include "nb.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

struct nb_cell {
	uint32_t id;
	char *source;		/* NUL-terminated; may hold NUL bytes */
	size_t len;		/* bytes of source */
	char *name;		/* NULL means "_" */
	bool name_derived;
	struct nb_cell_config config;
	enum nb_cell_kind kind;
	size_t line;
};

struct nb {
	struct nb_cell **cells;	/* display order */
	size_t ncells;
	size_t alloc;
	uint32_t next_id;
	char *header;
	char *version;
	struct nb_app_options app;
	enum nb_load_status status;
	struct nb_diag *diags;
	size_t ndiags;
	bool dirty;
};

const struct nb_cell_config nb_cell_config_default = {
	NB_COLUMN_NONE, false, false, false
};

bool
nb_cell_config_is_default(struct nb_cell_config c)
{
	return c.column == NB_COLUMN_NONE && !c.disabled && !c.hide_code &&
	    !c.expand_output;
}

struct nb *
nb_new(void)
{
	struct nb *nb = xcalloc(1, sizeof *nb);

	nb->next_id = 1;
	nb->status = NB_LOAD_VALID;
	return nb;
}

static void
nb_cell_free(struct nb_cell *c)
{
	if (c == NULL)
		return;
	free(c->source);
	free(c->name);
	free(c);
}

void
nb_app_options_release(struct nb_app_options *o)
{
	size_t i;

	free(o->width);
	free(o->app_title);
	free(o->layout_file);
	free(o->css_file);
	free(o->html_head_file);
	for (i = 0; i < o->nauto_download; i++)
		free(o->auto_download[i]);
	free(o->auto_download);
	free(o->sql_output);
	memset(o, 0, sizeof *o);
}

void
nb_free(struct nb *nb)
{
	size_t i;

	if (nb == NULL)
		return;
	for (i = 0; i < nb->ncells; i++)
		nb_cell_free(nb->cells[i]);
	free(nb->cells);
	free(nb->header);
	free(nb->version);
	nb_app_options_release(&nb->app);
	for (i = 0; i < nb->ndiags; i++)
		free(nb->diags[i].message);
	free(nb->diags);
	free(nb);
}

size_t
nb_ncells(const struct nb *nb)
{
	return nb->ncells;
}

struct nb_cell *
nb_cell_at(const struct nb *nb, size_t idx)
{
	return idx < nb->ncells ? nb->cells[idx] : NULL;
}

size_t
nb_cell_index(const struct nb *nb, uint32_t id)
{
	size_t i;

	/*
	 * Ids are handed out in order, so until cells are added in the
	 * middle, moved or deleted, cell N sits at index N-1: quire run
	 * looks a cell up per run. Otherwise a linear scan: notebooks have
	 * at most tens of thousands of cells and the editor looks cells up
	 * once per user action, not per frame.
	 */
	if (id >= 1 && id - 1 < nb->ncells && nb->cells[id - 1]->id == id)
		return id - 1;
	for (i = 0; i < nb->ncells; i++)
		if (nb->cells[i]->id == id)
			return i;
	return (size_t)-1;
}

struct nb_cell *
nb_cell_find(const struct nb *nb, uint32_t id)
{
	size_t i = nb_cell_index(nb, id);

	return i == (size_t)-1 ? NULL : nb->cells[i];
}

struct nb_cell *
nb_setup_cell(const struct nb *nb)
{
	size_t i;

	for (i = 0; i < nb->ncells; i++)
		if (nb->cells[i]->kind == NB_CELL_SETUP)
			return nb->cells[i];
	return NULL;
}

struct nb_cell *
nb_cell_insert(struct nb *nb, size_t idx, const char *src, size_t len)
{
	struct nb_cell *c = xcalloc(1, sizeof *c);

	c->id = nb->next_id++;
	c->source = xstrndup(src ? src : "", src ? len : 0);
	c->len = src ? len : 0;
	c->config = nb_cell_config_default;
	c->kind = NB_CELL_CODE;
	if (nb->ncells == nb->alloc) {
		nb->alloc = nb->alloc ? nb->alloc * 2 : 16;
		nb->cells = xreallocarray(nb->cells, nb->alloc,
		    sizeof *nb->cells);
	}
	if (idx > nb->ncells)
		idx = nb->ncells;
	memmove(nb->cells + idx + 1, nb->cells + idx,
	    (nb->ncells - idx) * sizeof *nb->cells);
	nb->cells[idx] = c;
	nb->ncells++;
	nb->dirty = true;
	return c;
}

int
nb_cell_remove(struct nb *nb, uint32_t id)
{
	size_t i = nb_cell_index(nb, id);

	if (i == (size_t)-1)
		return -1;
	nb_cell_free(nb->cells[i]);
	memmove(nb->cells + i, nb->cells + i + 1,
	    (nb->ncells - i - 1) * sizeof *nb->cells);
	nb->ncells--;
	nb->dirty = true;
	return 0;
}

int
nb_cell_move(struct nb *nb, uint32_t id, size_t idx)
{
	size_t i = nb_cell_index(nb, id);
	struct nb_cell *c;

	if (i == (size_t)-1)
		return -1;
	if (idx >= nb->ncells)
		idx = nb->ncells - 1;
	if (idx == i)
		return 0;
	c = nb->cells[i];
	if (idx < i)
		memmove(nb->cells + idx + 1, nb->cells + idx,
		    (i - idx) * sizeof *nb->cells);
	else
		memmove(nb->cells + i, nb->cells + i + 1,
		    (idx - i) * sizeof *nb->cells);
	nb->cells[idx] = c;
	nb->dirty = true;
	return 0;
}

const char *
nb_header(const struct nb *nb)
{
	return nb->header;
}

void
nb_set_header(struct nb *nb, const char *s, size_t len)
{
	free(nb->header);
	nb->header = s ? xstrndup(s, len) : NULL;
}

const char *
nb_version(const struct nb *nb)
{
	return nb->version;
}

void
nb_set_version(struct nb *nb, const char *s)
{
	free(nb->version);
	nb->version = s ? xstrdup(s) : NULL;
}

struct nb_app_options *
nb_app_options(struct nb *nb)
{
	return &nb->app;
}

enum nb_load_status
nb_load_status(const struct nb *nb)
{
	return nb->status;
}

void
nb_set_load_status(struct nb *nb, enum nb_load_status s)
{
	nb->status = s;
}

void
nb_diag_add(struct nb *nb, enum nb_diag_severity sev, size_t line,
    size_t col, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	struct nb_diag *d;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	nb->diags = xreallocarray(nb->diags, nb->ndiags + 1,
	    sizeof *nb->diags);
	d = &nb->diags[nb->ndiags++];
	d->severity = sev;
	d->line = line;
	d->col = col;
	d->message = buf_detach(&msg, NULL);
}

size_t
nb_ndiags(const struct nb *nb)
{
	return nb->ndiags;
}

const struct nb_diag *
nb_diag_at(const struct nb *nb, size_t idx)
{
	return idx < nb->ndiags ? &nb->diags[idx] : NULL;
}

bool
nb_is_dirty(const struct nb *nb)
{
	return nb->dirty;
}

void
nb_set_dirty(struct nb *nb, bool dirty)
{
	nb->dirty = dirty;
}

uint32_t
nb_cell_id(const struct nb_cell *c)
{
	return c->id;
}

const char *
nb_cell_source(const struct nb_cell *c, size_t *len)
{
	if (len)
		*len = c->len;
	return c->source;
}

void
nb_cell_set_source(struct nb_cell *c, const char *s, size_t len)
{
	char *copy = xstrndup(s, len);

	free(c->source);
	c->source = copy;
	c->len = len;
}

const char *
nb_cell_name(const struct nb_cell *c)
{
	return c->name ? c->name : "_";
}

bool
nb_cell_is_named(const struct nb_cell *c)
{
	return c->name != NULL;
}

void
nb_cell_set_name(struct nb_cell *c, const char *name)
{
	free(c->name);
	c->name = NULL;
	/* "__" is the legacy anonymous name (spec 2.9). */
	if (name != NULL && *name != '\0' && strcmp(name, "_") != 0 &&
	    strcmp(name, "__") != 0)
		c->name = xstrdup(name);
}

bool
nb_cell_name_is_derived(const struct nb_cell *c)
{
	return c->name_derived;
}

void
nb_cell_set_name_derived(struct nb_cell *c, bool derived)
{
	c->name_derived = derived;
}

struct nb_cell_config
nb_cell_config(const struct nb_cell *c)
{
	return c->config;
}

void
nb_cell_set_config(struct nb_cell *c, struct nb_cell_config config)
{
	c->config = config;
}

enum nb_cell_kind
nb_cell_kind(const struct nb_cell *c)
{
	return c->kind;
}

void
nb_cell_set_kind(struct nb_cell *c, enum nb_cell_kind kind)
{
	c->kind = kind;
}

size_t
nb_cell_line(const struct nb_cell *c)
{
	return c->line;
}

void
nb_cell_set_line(struct nb_cell *c, size_t line)
{
	c->line = line;
}
