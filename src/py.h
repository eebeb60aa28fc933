/*
 * py.h: starting and stopping the CPython interpreter quire embeds.
 *
 * A process embeds at most one interpreter, started in one of two ways:
 * isolated (the editor process, which only parses cells and must never
 * import from the user's paths or run user code) or, later, for the
 * kernel process (user site-packages, a virtualenv). Whichever starts
 * first wins; the other returns 0 without restarting it, so a module that
 * needs "some interpreter" can call py_init_isolated() safely.
 */
#ifndef QUIRE_PY_H
#define QUIRE_PY_H

/*
 * Start CPython isolated: no site import, no user site directory, no
 * PYTHON* environment variables, no script directory on sys.path, no
 * signal handlers, warnings ignored, the standard library of the
 * interpreter quire was built against. Idempotent. Returns 0, or -1 with
 * err_last() set when Python cannot start.
 */
int py_init_isolated(void);

/* Is an interpreter running in this process? */
int py_is_running(void);

/*
 * Stop the interpreter if one is running (objects created by quire modules
 * must be released first); otherwise a no-op.
 */
void py_finalize(void);

/*
 * Turn the pending Python exception into err_set("what: Type: message")
 * and clear it (with no exception pending: "what: unknown Python
 * error"). Always returns -1, so callers can write
 * "return py_error_to_err(...)".
 */
int py_error_to_err(const char *what);

#endif
