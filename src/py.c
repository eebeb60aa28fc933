/*
 * py.c: the embedded CPython interpreter's life cycle. Owns starting it
 * (isolated, for the editor process), stopping it, and translating Python
 * exceptions into quire's error slot. What runs inside is other modules'
 * business: ana.c parses cells with it, the kernel runs them.
 *
 * The one idea: the editor process must be able to parse any notebook
 * without executing a byte of the user's Python, so the interpreter is
 * started with nothing that reads the user's environment: no site module
 * (which would run .pth files and sitecustomize), no PYTHON* variables, no
 * current directory on sys.path, and its prefix derived from the
 * interpreter quire was built against rather than whatever python3 comes
 * first on PATH.
 */
#include "config.h"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "py.h"

#include "buf.h"
#include "err.h"

#ifndef QUIRE_PYTHON
#define QUIRE_PYTHON "/usr/bin/python3"
#endif

static int
py_status_to_err(PyStatus st)
{
	err_set("python: cannot start the interpreter: %s",
	    st.err_msg != NULL ? st.err_msg : "unknown error");
	return -1;
}

int
py_init_isolated(void)
{
	PyPreConfig pre;
	PyConfig config;
	PyStatus st;

	if (Py_IsInitialized())
		return 0;

	/*
	 * UTF-8 mode makes the file-system and stdio encodings independent
	 * of the locale the editor set for curses; configure_locale = 0
	 * (the isolated default) leaves that locale alone.
	 */
	PyPreConfig_InitIsolatedConfig(&pre);
	pre.utf8_mode = 1;
	st = Py_PreInitialize(&pre);
	if (PyStatus_Exception(st))
		return py_status_to_err(st);

	PyConfig_InitIsolatedConfig(&config);
	config.isolated = 1;
	config.site_import = 0;
	config.user_site_directory = 0;
	config.use_environment = 0;
	config.safe_path = 1;
	config.install_signal_handlers = 0;
	config.configure_c_stdio = 0;
	config.buffered_stdio = 0;
	config.write_bytecode = 0;
	config.parse_argv = 0;
	config.pathconfig_warnings = 0;
	config.faulthandler = 0;

	/* The prefix (and so the standard library) follows program_name. */
	st = PyConfig_SetBytesString(&config, &config.program_name,
	    QUIRE_PYTHON);
	if (PyStatus_Exception(st))
		goto fail;
	/*
	 * compile() warns about odd escapes and "is" with literals; those
	 * warnings would go to the terminal, and src/ never prints.
	 */
	st = PyWideStringList_Append(&config.warnoptions, L"ignore");
	if (PyStatus_Exception(st))
		goto fail;
	st = Py_InitializeFromConfig(&config);
	if (PyStatus_Exception(st))
		goto fail;
	PyConfig_Clear(&config);
	return 0;
fail:
	PyConfig_Clear(&config);
	return py_status_to_err(st);
}

int
py_is_running(void)
{
	return Py_IsInitialized();
}

void
py_finalize(void)
{
	if (Py_IsInitialized())
		(void)Py_FinalizeEx();
}

/*
 * Append str(o) to b; an object whose str() itself fails is named by its
 * type so the message is never empty.
 */
static void
py_str_add(struct buf *b, PyObject *o)
{
	PyObject *s;
	const char *p;
	Py_ssize_t n;

	s = PyObject_Str(o);
	if (s == NULL) {
		PyErr_Clear();
		buf_addf(b, "<%s>", Py_TYPE(o)->tp_name);
		return;
	}
	p = PyUnicode_AsUTF8AndSize(s, &n);
	if (p == NULL) {
		PyErr_Clear();
		buf_addf(b, "<%s>", Py_TYPE(o)->tp_name);
	} else
		buf_add(b, p, (size_t)n);
	Py_DECREF(s);
}

int
py_error_to_err(const char *what)
{
	PyObject *type, *value, *tb;
	struct buf msg = BUF_INIT;

	PyErr_Fetch(&type, &value, &tb);
	if (type == NULL) {
		err_set("%s: unknown Python error", what);
		return -1;
	}
	PyErr_NormalizeException(&type, &value, &tb);
	buf_addf(&msg, "%s: %s", what, ((PyTypeObject *)type)->tp_name);
	if (value != NULL) {
		buf_adds(&msg, ": ");
		py_str_add(&msg, value);
	}
	err_set("%s", msg.ptr);
	buf_release(&msg);
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
	return -1;
}
