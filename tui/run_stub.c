/*
 * run_stub.c: the runner for a build without the scheduler. Every
 * request fails with a message the editor shows, so editing, saving and
 * everything else work while running does not.
 */
#include "config.h"
#include "run.h"

#include <stdlib.h>

#include "err.h"
#include "xmalloc.h"

struct run {
	int unused;
};

struct run *
run_new(struct nb *nb, struct ana *a, struct loop *l,
    const struct run_opts *opts, run_event_cb cb, void *arg)
{
	(void)nb;
	(void)a;
	(void)l;
	(void)opts;
	(void)cb;
	(void)arg;
	return xcalloc(1, sizeof(struct run));
}

void
run_free(struct run *r)
{
	free(r);
}

static int
run_none(void)
{
	err_set("running cells is not built in this version");
	return -1;
}

void
run_set_lazy(struct run *r, bool lazy)
{
	(void)r;
	(void)lazy;
}

int
run_load(struct run *r)
{
	(void)r;
	return 0;
}

int
run_cells(struct run *r, const uint32_t *ids, size_t n)
{
	(void)r;
	(void)ids;
	(void)n;
	return run_none();
}

int
run_all(struct run *r)
{
	(void)r;
	return run_none();
}

int
run_stale(struct run *r)
{
	(void)r;
	return run_none();
}

int
run_delete_cell(struct run *r, uint32_t id)
{
	(void)r;
	(void)id;
	return 0;
}

int
run_config_changed(struct run *r, uint32_t id)
{
	(void)r;
	(void)id;
	return 0;
}

int
run_interrupt(struct run *r)
{
	(void)r;
	return run_none();
}

int
run_restart(struct run *r)
{
	(void)r;
	return run_none();
}

bool
run_is_busy(const struct run *r)
{
	(void)r;
	return false;
}

const char *
run_kernel_state(const struct run *r)
{
	(void)r;
	return "none";
}

bool
run_cell_info(struct run *r, uint32_t id, struct run_info *out)
{
	(void)r;
	(void)id;
	(void)out;
	return false;
}

void
run_shutdown(struct run *r, int timeout_ms)
{
	(void)r;
	(void)timeout_ms;
}
