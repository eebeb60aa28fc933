"""The Python half of quire's kernel (the C half is src/kernel.c).

The C kernel owns the process: the socket, frames, signals, limits, the
globals dict, executing code objects and classifying how a cell ended.
It calls this module for the parts that are about Python source and
Python values:

* ``prepare``: compile a cell by marimo's rules: private names mangled to
  ``_cell_<id>_x`` (spec 5.2), the last expression split off (spec 5.5),
  lines registered with ``linecache`` so tracebacks show the cell's code;
* ``finish``: delete the cell's private names unless a function, lambda or
  class of the cell closes over them, and report ``mo.state`` setters;
* ``show`` and ``bundle``: turn a value into display forms, richest first;
* ``describe``: exception type, message and traceback, de-mangled;
* the writers that replace ``sys.stdout`` / ``sys.stderr``, the import
  hook that makes ``import marimo`` load ``quire.mo``, and completion.

``_quire`` is the C module built into the kernel binary.
"""

import importlib
import importlib.machinery
import _thread
import io
import sys
import time

import _quire

# What a kernel needs for every cell is here; the rest waits in modules
# of its own until first used, since a kernel's start-up is the user's
# wait: quire._kernel_compile (compiling a cell the code cache does not
# hold: ast, symtable) and quire._kernel_view (exceptions, values to
# display, tables, widgets, completion, the variables view; json,
# traceback, re). Their names read as this module's (__getattr__ at the
# end), which is how the C kernel and quire.mo find them. linecache
# pulls in tokenize; the lines of the cells wait in _lines until
# something imports it.

STDOUT = 1
STDERR = 2

class StopCell(BaseException):
    """Raised by mo.stop(): ends the cell quietly, output replaced.

    A BaseException, as in marimo, so ``except Exception`` in user code
    does not swallow it.
    """

    def __init__(self, output=None):
        super().__init__()
        self.output = output


config = {"argv": [], "notebook": None, "mode": "edit"}

# cell id -> private (mangled) names kept after the run because a
# function, lambda or class of the cell reads them; deleted on rerun.
_kept = {}
# [state object, ...] whose setter ran since the last finish().
_pending_states = []
_pending_lock = _thread.allocate_lock()


def configure(argv, notebook, mode):
    config["argv"] = list(argv)
    config["notebook"] = notebook
    config["mode"] = mode or "edit"
    sys.argv = [notebook or ""] + list(argv)
    main = sys.modules["__main__"]
    if notebook:
        import os
        main.__file__ = notebook
        # As in marimo and in `python nb.py`: modules next to the
        # notebook import.
        d = os.path.dirname(os.path.abspath(notebook))
        if d not in sys.path:
            sys.path.insert(0, d)
    elif hasattr(main, "__file__"):
        del main.__file__
    import gc
    first = not _kept and not _code_table
    if first:
        # Before any cell ran: the interpreter's own objects, quire's
        # and the cached code stay out of every collection, the last
        # one at exit included. The notebook's objects are collected as
        # under python3. Frozen before the cache is read, so its
        # thousands of new tuples do not set off a full collection.
        gc.freeze()
    was = gc.isenabled()
    gc.disable()
    try:
        _code_cache.open(notebook)
    finally:
        if was:
            gc.enable()
    if first:
        gc.freeze()


# --- the code cache -----------------------------------------------------

# cell -> entry, the table _CodeCache reads, writes and prepare() looks in.
_code_table = {}


class _CodeCache:
    """Compiled cells of one notebook, kept between kernels.

    A warm run unmarshals each cell instead of compiling it (a tenth of
    the time). One file per notebook in quire's private cache directory
    ($XDG_CACHE_HOME/quire, as the editor's notebook cache): a header
    (format, Python's bytecode magic, the size and time of this file and
    of quire._kernel_compile, whose compiling rules it caches), the
    CRC-32 of the body (against a damaged file: whoever can write the
    file could fix any digest as well) and the marshalled {cell: entry},
    an entry being (filename, code, maybe_expr, body, expr, is_async,
    drop, keep) for the cell's last text: looked up by the cell's id,
    with no key to build and hash, and its text compared. A file that
    fails any check is ignored; nothing here ever stops a run. The table
    is also the kernel's memory of what it compiled: a rerun of an
    unchanged cell compiles nothing.
    """

    FORMAT = b"QUIREC2\n"
    MAX_BYTES = 32 << 20
    MAX_ENTRIES = 8192

    def __init__(self):
        self.path = None
        self.dirty = False

    @staticmethod
    def _dir():
        import os
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        home = os.environ.get("HOME", "")
        if xdg.startswith("/"):
            return os.path.join(xdg, "quire")
        if home.startswith("/"):
            return os.path.join(home, ".cache", "quire")
        return None

    def _header(self):
        import os
        import _frozen_importlib_external
        head = self.FORMAT + _frozen_importlib_external.MAGIC_NUMBER
        # This module and the one that compiles: the rules cached.
        for path in (__file__, os.path.join(os.path.dirname(__file__),
                                            "_kernel_compile.py")):
            st = os.stat(path)
            head += (st.st_size.to_bytes(8, "little") +
                     st.st_mtime_ns.to_bytes(8, "little"))
        return head

    def open(self, notebook):
        self.path = None
        _code_table.clear()
        self.dirty = False
        if not notebook:
            return
        try:
            import os
            import stat
            import _blake2
            d = self._dir()
            if d is None:
                return
            if not os.path.lexists(d):
                os.makedirs(d, mode=0o700, exist_ok=True)
            st = os.lstat(d)
            if (not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid()
                    or st.st_mode & 0o077):
                return
            name = _blake2.blake2b(os.path.realpath(notebook).encode(
                "utf-8", "surrogateescape"), digest_size=16).hexdigest()
            self.path = os.path.join(d, name + ".code")
            _code_table.update(self._read(self.path))
        except Exception:
            _code_table.clear()

    def _read(self, path):
        import marshal
        import os
        import stat
        import zlib
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return {}
        with open(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if (not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid()
                    or st.st_mode & 0o077 or st.st_size > self.MAX_BYTES):
                return {}
            data = f.read()
        head = self._header()
        n = len(head)
        if data[:n] != head or len(data) < n + 4:
            return {}
        body = data[n + 4:]
        if zlib.crc32(body).to_bytes(4, "little") != data[n:n + 4]:
            return {}
        table = marshal.loads(body)
        return table if type(table) is dict else {}

    def put(self, cell, entry):
        _code_table[cell] = entry
        self.dirty = True

    def save(self):
        """Write the table if this kernel compiled anything new."""
        if self.path is None or not self.dirty:
            return
        self.dirty = False
        try:
            import marshal
            import os
            import zlib
            table = _code_table
            if len(table) > self.MAX_ENTRIES:
                # New cells get new ids: the oldest ids go first.
                table = {c: table[c] for c in
                         sorted(table)[-self.MAX_ENTRIES:]}
            body = marshal.dumps(table)
            data = (self._header() +
                    zlib.crc32(body).to_bytes(4, "little") + body)
            if len(data) > self.MAX_BYTES:
                return
            tmp = "%s.%d.tmp" % (self.path, os.getpid())
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL |
                         os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                with open(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except Exception:
            pass


_code_cache = _CodeCache()


# --- streams ---------------------------------------------------------

class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr: text goes to quire as STREAM frames.

    Writes are collected until a newline, 8 KiB, or 50 ms, so a print()
    is one frame, not two, and a long line still streams.
    """

    def __init__(self, fd):
        super().__init__()
        self._fd = fd
        self._parts = []
        self._size = 0
        self._since = 0.0
        self._lock = _thread.allocate_lock()

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "surrogateescape"

    @property
    def name(self):
        return "<stdout>" if self._fd == STDOUT else "<stderr>"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self._fd

    def write(self, s):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s"
                            % type(s).__name__)
        if not s:
            return 0
        with self._lock:
            if not self._parts:
                self._since = time.monotonic()
            self._parts.append(s)
            self._size += len(s)
            if ("\n" in s or self._size >= 8192
                    or time.monotonic() - self._since > 0.05):
                self._flush_locked()
        return len(s)

    def _flush_locked(self):
        if self._parts:
            data = "".join(self._parts)
            self._parts = []
            self._size = 0
            _quire.write(self._fd, data)

    def flush(self):
        if self.closed:
            return
        with self._lock:
            self._flush_locked()

    def close(self):
        if not self.closed:
            self.flush()
        super().close()


class _Stdin(io.TextIOBase):
    """There is no terminal behind a cell: input() fails clearly."""

    def readable(self):
        return True

    def readline(self, size=-1):
        raise OSError("this cell cannot read from stdin: quire's kernel "
                      "has no terminal (use mo.ui.text for input)")

    def read(self, size=-1):
        return self.readline()


_streams = {}
# The pair reset_streams() last put in place; prepare() checks it is
# still there (module globals: the check is every cell's).
_out = _err = None


def _streams_intact():
    s = sys
    return (s.stdout is _out and s.stderr is _err and s.__stdout__ is _out
            and s.__stderr__ is _err and type(s.stdin) is _Stdin
            and not _out.closed and not _err.closed)


def reset_streams():
    """Give each cell working stdout/stderr, even if the last one closed
    or replaced them."""
    global _out, _err
    if _out is not None and _streams_intact():
        return
    for fd, name in ((STDOUT, "stdout"), (STDERR, "stderr")):
        s = _streams.get(fd)
        if s is None or s.closed:
            s = _streams[fd] = _Stream(fd)
        setattr(sys, name, s)
        setattr(sys, "__%s__" % name, s)
    if not isinstance(sys.stdin, _Stdin):
        sys.stdin = _Stdin()
    _out, _err = _streams[STDOUT], _streams[STDERR]


def flush_streams():
    for s in _streams.values():
        if not s._parts:
            continue
        try:
            s.flush()
        except Exception:
            pass


# --- import marimo ---------------------------------------------------

# Plain classes, not importlib.abc's: importing importlib.abc pulls in
# importlib.resources, pathlib and tempfile, a third of the kernel's
# start-up time.
class _AliasLoader:
    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class _MarimoFinder:
    """``import marimo[.x]`` loads ``quire.mo[.x]``, installed or not."""

    def find_spec(self, name, path=None, target=None):
        if name == "linecache":
            return _linecache_spec()
        if name == "matplotlib":
            return _matplotlib_spec()
        if name != "marimo" and not name.startswith("marimo."):
            return None
        target_name = "quire.mo" + name[len("marimo"):]
        try:
            module = importlib.import_module(target_name)
        except ModuleNotFoundError as e:
            if e.name != target_name:
                raise
            raise ModuleNotFoundError(
                "No module named %r (quire implements marimo's public API, "
                "not its internals)" % name, name=name) from None
        return importlib.machinery.ModuleSpec(name, _AliasLoader(module))


class _AfterLoader:
    """A module's own loader, then after(module): what quire adds to a
    module it does not own, once the module is loaded."""

    def __init__(self, loader, after):
        self._loader = loader
        self._after = after

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._after(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


def _spec_after(name, after):
    spec = importlib.machinery.PathFinder.find_spec(name)
    if spec is not None and spec.loader is not None:
        spec.loader = _AfterLoader(spec.loader, after)
    return spec


def _linecache_loaded(module):
    """The cells' lines kept until linecache was imported."""
    for filename, code in _lines.items():
        module.cache[filename] = _lines_entry(filename, code)
    _lines.clear()
    _linecache[0] = module


def _linecache_spec():
    return _spec_after("linecache", _linecache_loaded)


def _matplotlib_loaded(module):
    """quire's backend chosen (plt.show() shows the figures in the
    cell), unless MPLBACKEND says otherwise. Setting MPLBACKEND in the
    kernel's environment instead would break matplotlib in the
    subprocesses cells start, which cannot import quire."""
    import os
    if not os.environ.get("MPLBACKEND"):
        try:
            module.use("module://quire._mpl")
        except Exception:
            pass


def _matplotlib_spec():
    return _spec_after("matplotlib", _matplotlib_loaded)


# filename -> code of each cell run before linecache was imported (by
# traceback, warnings, pdb or the user); then linecache itself.
_lines = {}
_linecache = [None]


def _lines_entry(filename, code):
    return (len(code), None, code.splitlines(True), filename)


def setup(glbls):
    """Called once by the C kernel with the notebook's globals."""
    sys.meta_path.insert(0, _MarimoFinder())
    import builtins
    glbls.setdefault("__name__", "__main__")
    # As in marimo's kernel: the builtins' dict, not the module.
    glbls["__builtins__"] = builtins.__dict__
    # Imported before the import hook was there (not by python3 itself).
    _linecache[0] = sys.modules.get("linecache")
    reset_streams()


# cell id -> [object, ...]: tables and UI elements a cell displayed,
# held until it reruns or is deleted (quire._kernel_view keeps them).
cell_outputs = {}


def forget(glbls, cell):
    """Delete what a cell kept from its last run (rerun or deletion)."""
    if _kept:
        for name in _kept.pop(cell, ()):
            glbls.pop(name, None)
    if cell_outputs and cell in cell_outputs:
        from quire._kernel_view import outputs_forget
        outputs_forget(cell)


def delete(glbls, cell, names):
    for name in names:
        glbls.pop(name, None)
    forget(glbls, cell)


def prepare(cell, code, filename, glbls, maybe_expr=True):
    """Compile one cell: (body, expr or None, is_async). Raises
    SyntaxError for code that does not compile. maybe_expr False: the
    cell is known to end in a statement, not an expression.

    Every cell comes here and to finish(): each line is paid for every
    cell of every run, hence the checks written out in place."""
    if not _streams_intact():
        reset_streams()
    if _kept or cell_outputs:
        forget(glbls, cell)
    # Make the cell's lines what tracebacks and warnings quote.
    lc = _linecache[0]
    if lc is None:
        _lines[filename] = code
    else:
        lc.cache[filename] = _lines_entry(filename, code)
    maybe_expr = bool(maybe_expr)
    entry = _code_table.get(cell)
    if (entry is None or entry[1] != code or entry[0] != filename
            or entry[2] is not maybe_expr):
        entry = ((filename, code, maybe_expr) +
                 _compiler()(code, cell, filename, maybe_expr))
        _code_cache.put(cell, entry)
    _prepared[0] = (cell, entry)
    return entry[3], entry[4], entry[5]


_prepared = [None]
_compile_cell = None


def _compiler():
    """quire._kernel_compile.compile_cell, imported on the first cell the
    cache lacks (an import statement on each was 6,000 instructions)."""
    global _compile_cell
    if _compile_cell is None:
        from quire._kernel_compile import compile_cell
        _compile_cell = compile_cell
    return _compile_cell


def finish(glbls, cell):
    """After a run: drop private names nobody closes over; return the
    global names bound to mo.state objects whose setter ran (None when
    none did)."""
    if _out._parts or _err._parts:
        flush_streams()
    prep = _prepared[0]
    _prepared[0] = None
    if prep is not None and prep[0] == cell:
        entry = prep[1]
        for name in entry[6]:
            glbls.pop(name, None)
        if entry[7]:
            _kept[cell] = entry[7]
    if _pending_states:
        return state_names(glbls)
    return None


def state_changed(state):
    with _pending_lock:
        _pending_states.append(state)


def state_names(glbls):
    if not _pending_states:
        return []
    with _pending_lock:
        pending = list(_pending_states)
        _pending_states.clear()
    if not pending:
        return []
    names = []
    for name, value in list(glbls.items()):
        if any(value is s for s in pending):
            names.append(name)
    return sorted(names)


# --- async cells --------------------------------------------------------

_loop = [None]


def run_coroutine(coro):
    """Run a top-level-await cell to completion on the kernel's loop."""
    import asyncio
    loop = _loop[0]
    if loop is None or loop.is_closed():
        loop = _loop[0] = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop.run_until_complete(coro)


# --- the end -------------------------------------------------------------

def shutdown(glbls):
    """Before the kernel exits: what a script's exit would do, short of
    waiting for threads."""
    _code_cache.save()
    import atexit
    import gc
    try:
        atexit._run_exitfuncs()
    except BaseException:
        pass
    for name in [n for n in glbls if not n.startswith("__")]:
        glbls.pop(name, None)
    gc.collect()
    flush_streams()


def __getattr__(name):
    """The view's names, as if defined here (the module loads on first
    use)."""
    if name.startswith("__"):
        raise AttributeError(name)
    from quire import _kernel_view
    try:
        return getattr(_kernel_view, name)
    except AttributeError:
        raise AttributeError("module %r has no attribute %r" %
                             (__name__, name)) from None
