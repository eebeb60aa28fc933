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
import itertools
import sys
import time

import _quire

# ast, symtable, json, traceback, linecache and re are imported where
# they are needed: many notebooks never need some of them, and the
# kernel's start-up time is the user's wait (re alone is 3 ms of it).
# linecache pulls in tokenize; the lines of the cells wait in _lines
# until something imports it. Patterns are compiled by _re() on first
# use.

STDOUT = 1
STDERR = 2

# Rows of a table sent for display; the rest are counted, not sent.
TABLE_MAX_ROWS = 1000
# Characters of a repr() sent as text/plain.
REPR_MAX = 1 << 20
TABLE_MIME = "application/vnd.quire.table+json"


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
# cell id -> (code, filename, compiled tuple): reruns skip compiling.
_compiled = {}
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
    first = not _kept and not _compiled
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

class _CodeCache:
    """Compiled cells of one notebook, kept between kernels.

    A warm run unmarshals each cell instead of compiling it (a tenth of
    the time). One file per notebook in quire's private cache directory
    ($XDG_CACHE_HOME/quire, as the editor's notebook cache): a header
    (format, Python's bytecode magic, the size and time of this file,
    whose compiling rules it caches), a BLAKE2b digest of the body, and
    the marshalled {(cell, filename, code, maybe_expr): compiled}. A
    file that fails any check is ignored; nothing here ever stops a run.
    """

    FORMAT = b"QUIREC1\n"
    MAX_BYTES = 32 << 20
    MAX_ENTRIES = 8192

    def __init__(self):
        self.path = None
        self.table = {}
        self.used = set()
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
        st = os.stat(__file__)
        return (self.FORMAT + _frozen_importlib_external.MAGIC_NUMBER +
                st.st_size.to_bytes(8, "little") +
                st.st_mtime_ns.to_bytes(8, "little"))

    def open(self, notebook):
        self.path = None
        self.table = {}
        self.used = set()
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
            self.table = self._read(self.path)
        except Exception:
            self.table = {}

    def _read(self, path):
        import marshal
        import os
        import stat
        import _blake2
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
        if data[:n] != head or len(data) < n + 32:
            return {}
        body = data[n + 32:]
        if _blake2.blake2b(body, digest_size=32).digest() != data[n:n + 32]:
            return {}
        table = marshal.loads(body)
        return table if type(table) is dict else {}

    def get(self, key):
        hit = self.table.get(key)
        if hit is not None:
            self.used.add(key)
        return hit

    def put(self, key, compiled):
        if self.path is None:
            return
        self.table[key] = compiled
        self.used.add(key)
        self.dirty = True

    def save(self):
        """Write the table if this kernel compiled anything new."""
        if self.path is None or not self.dirty:
            return
        self.dirty = False
        try:
            import marshal
            import os
            import _blake2
            table = self.table
            if len(table) > self.MAX_ENTRIES:
                table = {k: v for k, v in table.items() if k in self.used}
            body = marshal.dumps(table)
            data = (self._header() +
                    _blake2.blake2b(body, digest_size=32).digest() + body)
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


def reset_streams():
    """Give each cell working stdout/stderr, even if the last one closed
    or replaced them."""
    out = _streams.get(STDOUT)
    err = _streams.get(STDERR)
    if (out is not None and err is not None and sys.stdout is out
            and sys.__stdout__ is out and sys.stderr is err
            and sys.__stderr__ is err and not out.closed
            and not err.closed and type(sys.stdin) is _Stdin):
        return
    for fd, name in ((STDOUT, "stdout"), (STDERR, "stderr")):
        s = _streams.get(fd)
        if s is None or s.closed:
            s = _streams[fd] = _Stream(fd)
        setattr(sys, name, s)
        setattr(sys, "__%s__" % name, s)
    if not isinstance(sys.stdin, _Stdin):
        sys.stdin = _Stdin()


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
        if name == "linecache" and _lines:
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
    module.cache.update(_lines)
    _lines.clear()


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


# filename -> linecache entry of each cell run before linecache was
# imported (by traceback, warnings, pdb or the user).
_lines = {}


def _register_lines(filename, code):
    """Make the cell's lines what tracebacks and warnings quote."""
    entry = (len(code), None, code.splitlines(True), filename)
    lc = sys.modules.get("linecache")
    if lc is not None:
        lc.cache[filename] = entry
    else:
        _lines[filename] = entry


def setup(glbls):
    """Called once by the C kernel with the notebook's globals."""
    sys.meta_path.insert(0, _MarimoFinder())
    import builtins
    glbls.setdefault("__name__", "__main__")
    # As in marimo's kernel: the builtins' dict, not the module.
    glbls["__builtins__"] = builtins.__dict__
    reset_streams()


# --- compiling a cell --------------------------------------------------

def _is_private(name):
    """marimo's rule: _ and __, or one leading underscore but not two."""
    return name in ("_", "__") or (name.startswith("_")
                                   and not name.startswith("__"))


def _maybe_private(code):
    """Is there a "_" that does not follow a word character or a dot
    (what the regex (?<![\\w.])_ finds)? Without re, whose import is a
    tenth of the kernel's start-up."""
    i = code.find("_")
    while i >= 0:
        if i == 0:
            return True
        c = code[i - 1]
        if not (c.isalnum() or c == "_" or c == "."):
            return True
        i = code.find("_", i + 1)
    return False


_RES = {}


def _re(pattern):
    """pattern compiled, once, when first needed."""
    r = _RES.get(pattern)
    if r is None:
        import re
        r = _RES[pattern] = re.compile(pattern)
    return r

_SCOPE_NAMES = {
    "Lambda": "lambda",
    "ListComp": "listcomp",
    "SetComp": "setcomp",
    "DictComp": "dictcomp",
    "GeneratorExp": "genexpr",
}


class _Mangler:
    """Rename private names that resolve to the notebook's globals.

    An occurrence is renamed when CPython's own symbol table says it is
    global in its scope, so parameters and locals of nested functions and
    comprehension variables keep their names, as in marimo. A private
    name bound only by an import without "as" (``import _thread``,
    ``from m import _c``) keeps its raw name: the user cannot rename a
    module's symbol. Names read from inside a function, lambda or class
    are collected: those must outlive the run.
    """

    def __init__(self, code, filename, prefix):
        self.prefix = prefix
        self.top = symtable.symtable(code, filename, "exec")
        self.children = {}
        self.raw = set()
        self.mangled = set()
        self.closed = set()

    def children_of(self, table):
        d = self.children.get(id(table))
        if d is None:
            d = collections.defaultdict(collections.deque)
            for c in table.get_children():
                d[(c.get_name(), c.get_lineno())].append(c)
            self.children[id(table)] = d
        return d

    def child(self, table, name, lineno):
        q = self.children_of(table).get((name, lineno))
        return q.popleft() if q else None

    def resolves_global(self, table, name):
        if table is self.top:
            return True
        try:
            return table.lookup(name).is_global()
        except KeyError:
            return True

    def rename(self, table, name, nested, binding):
        if not _is_private(name) or not self.resolves_global(table, name):
            return name
        if not binding and name in self.raw and name not in self.mangled:
            new = name
        else:
            new = self.prefix + name
            if table is self.top or binding:
                self.mangled.add(name)
        if nested:
            self.closed.add(new)
        return new

    def find_raw_imports(self, tree):
        def walk(stmts):
            for s in stmts:
                if isinstance(s, (ast.Import, ast.ImportFrom)):
                    for a in s.names:
                        if a.asname is None:
                            base = a.name.split(".")[0]
                            if _is_private(base):
                                self.raw.add(base)
                elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef,
                                    ast.ClassDef)):
                    continue
                else:
                    for field in ("body", "orelse", "finalbody"):
                        walk(getattr(s, field, []) or [])
                    for h in getattr(s, "handlers", []) or []:
                        walk(h.body)
                    for c in getattr(s, "cases", []) or []:
                        walk(c.body)
        walk(tree.body)

    def visit(self, node, table, nested):
        """Walk node in the scope table; nested: inside a def/lambda/class."""
        if isinstance(node, ast.Name):
            node.id = self.rename(table, node.id, nested,
                                  not isinstance(node.ctx, ast.Load))
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in node.decorator_list:
                self.visit(d, table, nested)
            self.visit_args_outer(node.args, table, nested)
            if node.returns is not None:
                self.visit(node.returns, table, nested)
            inner = self.child(table, node.name, node.lineno)
            node.name = self.rename(table, node.name, nested, True)
            if inner is not None:
                self.visit_args_inner(node.args, inner)
                for s in node.body:
                    self.visit(s, inner, True)
            return
        if isinstance(node, ast.ClassDef):
            for d in node.decorator_list:
                self.visit(d, table, nested)
            for b in node.bases:
                self.visit(b, table, nested)
            for k in node.keywords:
                self.visit(k.value, table, nested)
            inner = self.child(table, node.name, node.lineno)
            node.name = self.rename(table, node.name, nested, True)
            if inner is not None:
                for s in node.body:
                    self.visit(s, inner, True)
            return
        if isinstance(node, ast.Lambda):
            self.visit_args_outer(node.args, table, nested)
            inner = self.child(table, "lambda", node.lineno)
            if inner is not None:
                self.visit_args_inner(node.args, inner)
                self.visit(node.body, inner, True)
            return
        if type(node).__name__ in _SCOPE_NAMES:
            gens = node.generators
            # The first iterable is evaluated in the enclosing scope.
            self.visit(gens[0].iter, table, nested)
            inner = self.child(table, _SCOPE_NAMES[type(node).__name__],
                               node.lineno)
            if inner is None:
                return
            for i, g in enumerate(gens):
                self.visit(g.target, inner, nested)
                if i > 0:
                    self.visit(g.iter, inner, nested)
                for cond in g.ifs:
                    self.visit(cond, inner, nested)
            if isinstance(node, ast.DictComp):
                self.visit(node.key, inner, nested)
                self.visit(node.value, inner, nested)
            else:
                self.visit(node.elt, inner, nested)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                if a.asname is not None:
                    a.asname = self.rename(table, a.asname, nested, True)
            return
        if isinstance(node, ast.Global):
            node.names = [self.rename(self.top, n, nested, True)
                          for n in node.names]
            return
        if isinstance(node, ast.ExceptHandler) and node.name:
            node.name = self.rename(table, node.name, nested, True)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            node.name = self.rename(table, node.name, nested, True)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            node.rest = self.rename(table, node.rest, nested, True)
        for child in ast.iter_child_nodes(node):
            self.visit(child, table, nested)

    def visit_args_outer(self, args, table, nested):
        for d in args.defaults:
            self.visit(d, table, nested)
        for d in args.kw_defaults:
            if d is not None:
                self.visit(d, table, nested)
        for a in args.posonlyargs + args.args + args.kwonlyargs:
            if a.annotation is not None:
                self.visit(a.annotation, table, nested)
        for a in (args.vararg, args.kwarg):
            if a is not None and a.annotation is not None:
                self.visit(a.annotation, table, nested)

    def visit_args_inner(self, args, inner):
        pass  # parameters are local to the function: never renamed


def _ends_with_semicolon(code):
    if ";" not in code:
        return False
    import tokenize
    last = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type not in (tokenize.COMMENT, tokenize.NL,
                                tokenize.NEWLINE, tokenize.ENDMARKER,
                                tokenize.INDENT, tokenize.DEDENT):
                last = tok
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"


_FLAGS = 0x2000  # ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
_CO_COROUTINE = 0x80


def _compile(code, cell, filename, maybe_expr=True):
    if not maybe_expr and not _maybe_private(code):
        # Nothing to rename and no value to show (the editor's analysis
        # says so): compile the text as it is, no AST round trip.
        body = compile(code, filename, "exec", flags=_FLAGS,
                       dont_inherit=True)
        return body, None, bool(body.co_flags & _CO_COROUTINE), [], []
    # Module globals from here on: _Mangler uses them too.
    global ast, collections, symtable
    import ast
    import collections
    import symtable
    tree = ast.parse(code, filename, "exec")
    temporaries = []
    closed = set()
    if _maybe_private(code):
        m = _Mangler(code, filename, "_cell_%d" % cell)
        m.find_raw_imports(tree)
        for s in tree.body:
            m.visit(s, m.top, False)
        temporaries = sorted({m.prefix + n for n in m.mangled} | m.raw)
        closed = m.closed
    expr = None
    if (tree.body and isinstance(tree.body[-1], ast.Expr)
            and not _ends_with_semicolon(code)):
        last = tree.body.pop()
        expr = ast.Expression(last.value)
        ast.copy_location(expr, last)
    body = compile(tree, filename, "exec", flags=_FLAGS, dont_inherit=True)
    if expr is not None:
        expr = compile(expr, filename, "eval", flags=_FLAGS,
                       dont_inherit=True)
    is_async = bool(body.co_flags & _CO_COROUTINE or
                    (expr is not None and expr.co_flags & _CO_COROUTINE))
    drop = [n for n in temporaries if n not in closed]
    keep = [n for n in temporaries if n in closed]
    return body, expr, is_async, drop, keep


def forget(glbls, cell):
    """Delete what a cell kept from its last run (rerun or deletion)."""
    for name in _kept.pop(cell, ()):
        glbls.pop(name, None)
    if cell in _cell_outputs:
        _outputs_forget(cell)


def delete(glbls, cell, names):
    for name in names:
        glbls.pop(name, None)
    forget(glbls, cell)


def prepare(cell, code, filename, glbls, maybe_expr=True):
    """Compile one cell: (body, expr or None, is_async). Raises
    SyntaxError for code that does not compile. maybe_expr False: the
    cell is known to end in a statement, not an expression."""
    reset_streams()
    forget(glbls, cell)
    _register_lines(filename, code)
    hit = _compiled.get(cell)
    if hit is not None and hit[0] == code and hit[1] == filename:
        compiled = hit[2]
    else:
        key = (cell, filename, code, bool(maybe_expr))
        compiled = _code_cache.get(key)
        if compiled is None:
            compiled = _compile(code, cell, filename, maybe_expr)
            _code_cache.put(key, compiled)
        _compiled[cell] = (code, filename, compiled)
    _prepared[0] = (cell, compiled)
    return compiled[0], compiled[1], compiled[2]


_prepared = [None]


def finish(glbls, cell):
    """After a run: drop private names nobody closes over; return the
    global names bound to mo.state objects whose setter ran."""
    flush_streams()
    prep = _prepared[0]
    _prepared[0] = None
    if prep is not None and prep[0] == cell:
        _, _, _, drop, keep = prep[1]
        for name in drop:
            glbls.pop(name, None)
        if keep:
            _kept[cell] = keep
    return state_names(glbls)


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


# --- exceptions --------------------------------------------------------

def demangle(text):
    if "_cell_" not in text:
        return text
    return _re(r"(?<!\w)_cell_\d+(_\w*)").sub(r"\1", text)


def describe(exc, filename):
    """(type name, message, traceback) of an exception from a cell.

    Frames before the cell's own (the asyncio runner's, for an async
    cell) are dropped; private names read as the user wrote them.
    """
    import traceback
    if isinstance(exc, SyntaxError):
        # Raised while compiling: the frames are quire's, not the cell's.
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return type(exc).__name__, demangle(str(exc)), demangle(text)
    tb = exc.__traceback__
    t = tb
    while t is not None and t.tb_frame.f_code.co_filename != filename:
        t = t.tb_next
    if t is not None:
        tb = t
    try:
        text = "".join(traceback.format_exception(type(exc), exc, tb))
    except Exception:
        text = "%s: (traceback unavailable)\n" % type(exc).__name__
    try:
        msg = str(exc)
    except Exception:
        msg = "(message unavailable)"
    return type(exc).__name__, demangle(msg), demangle(text)


# --- values to display ---------------------------------------------------

def _plain(obj):
    try:
        text = repr(obj)
    except Exception as e:
        text = "<repr failed: %s: %s>" % (type(e).__name__, e)
    if len(text) > REPR_MAX:
        text = text[:REPR_MAX] + "..."
    return text


def _type_is(obj, module_prefix, names):
    t = type(obj)
    for k in t.__mro__:
        if (k.__module__ or "").startswith(module_prefix) and \
                k.__name__ in names:
            return True
    return False


def _as_table(obj):
    """Table JSON text of obj's first window, or None; the table is kept
    for TABLE_WINDOW until the displaying cell reruns."""
    src = table_source(obj)
    if src is None:
        return None
    _outputs_keep(src, src)
    import json
    return json.dumps(src.window(0, None, 0, None, None, False, first=True),
                      ensure_ascii=False)


def _as_png(obj):
    fig = None
    if _type_is(obj, "matplotlib", ("Figure",)):
        fig = obj
    elif _type_is(obj, "matplotlib", ("Axes", "_AxesBase", "Artist")):
        fig = getattr(obj, "figure", None)
    elif (isinstance(obj, list) and obj and
          all(_type_is(o, "matplotlib", ("Artist",)) for o in obj)):
        fig = getattr(obj[0], "figure", None)
    if fig is not None:
        b = io.BytesIO()
        fig.savefig(b, format="png", bbox_inches="tight")
        return b.getvalue()
    if _type_is(obj, "PIL", ("Image",)):
        b = io.BytesIO()
        obj.save(b, format="PNG")
        return b.getvalue()
    return None




def _html_text(html):
    import html as h
    return h.unescape(_re(r"<[^>]*>").sub("", html)).strip()


def bundle(obj):
    """Display forms of obj, richest first, ending in text/plain;
    [] for None. Each item is (mime, bytes)."""
    if obj is None:
        return []
    items = []
    mime = getattr(obj, "_quire_mime_", None)
    if callable(mime):
        for m, data in mime():
            items.append((m, data.encode("utf-8", "surrogateescape")
                          if isinstance(data, str) else bytes(data)))
        _add_widgets_item(items)
        return items
    try:
        table = _as_table(obj)
    except Exception:
        table = None
    if table is not None:
        items.append((TABLE_MIME, table.encode("utf-8")))
    try:
        png = _as_png(obj)
    except Exception:
        png = None
    if png is None:
        f = getattr(obj, "_repr_png_", None)
        if callable(f):
            try:
                png = f()
            except Exception:
                png = None
    if isinstance(png, (bytes, bytearray)):
        items.append(("image/png", bytes(png)))
    text = None
    for attr, m in (("_repr_markdown_", "text/markdown"),
                    ("_repr_html_", "text/html")):
        f = getattr(obj, attr, None)
        if not callable(f) or isinstance(obj, type):
            continue
        try:
            r = f()
        except Exception:
            continue
        if isinstance(r, tuple):
            r = r[0]
        if isinstance(r, str):
            items.append((m, r.encode("utf-8", "surrogateescape")))
            if m == "text/html" and text is None:
                text = _html_text(r)
    plain = _plain(obj)
    # An object whose only rich form is HTML reads better as that HTML's
    # text than as "<Foo object at 0x...>".
    if text and type(obj).__repr__ is object.__repr__:
        plain = text
    items.append(("text/plain", plain.encode("utf-8", "surrogateescape")))
    _add_widgets_item(items)
    return items


def show(obj, op="replace"):
    """Send obj as the cell's output (op: replace, append, clear)."""
    if op == "clear":
        _quire.display("clear", [])
        return
    items = bundle(obj)
    if items or op == "replace":
        _quire.display(op, items)


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


# --- completion --------------------------------------------------------



def complete(code, pos, glbls, want_hint=False):
    """(bytes of code before pos to replace, candidate replacements,
    signature, doc); with want_hint, the last two describe the call the
    cursor is inside (else None)."""
    import rlcompleter
    text = code[:pos].decode("utf-8", "replace")
    sig = doc = None
    if want_hint:
        try:
            sig, doc = hint(text, glbls)
        except Exception:
            sig = doc = None
    token = _re(r"[A-Za-z_][\w.]*$|$").search(text).group(0)
    if not token:
        return 0, [], sig, doc
    c = rlcompleter.Completer(glbls)
    items = []
    for i in range(200):
        try:
            s = c.complete(token, i)
        except Exception:
            break
        if s is None:
            break
        if s not in items:
            items.append(s)
    return len(token.encode("utf-8")), items, sig, doc


# --- variables ---------------------------------------------------------

_VAR_REPR_MAX = 60
_SMALL_SHOWN = (list, tuple, dict, set, frozenset)


def _short_repr(value):
    """A one-line repr of at most _VAR_REPR_MAX characters, never slow."""
    import reprlib
    t = type(value)
    # Sized containers are described by their length: their repr could
    # walk millions of items (reprlib sorts a whole dict's keys). Only a
    # small built-in container is shown.
    if t not in (str, bytes, bytearray) and hasattr(t, "__len__"):
        try:
            n = len(value)
            if t not in _SMALL_SHOWN or n > 20:
                return "%s, len %d" % (t.__name__, n)
        except Exception:
            pass
    r = reprlib.Repr()
    r.maxstring = _VAR_REPR_MAX
    r.maxother = _VAR_REPR_MAX
    r.maxlong = _VAR_REPR_MAX
    try:
        text = r.repr(value)
    except BaseException as e:  # noqa: B902 - a repr may raise anything
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        return "<repr failed: %s>" % type(e).__name__
    if not isinstance(text, str):
        text = "<repr is not a string>"
    text = " ".join(text.split())
    if len(text) > _VAR_REPR_MAX:
        text = text[:_VAR_REPR_MAX - 3] + "..."
    return text


def describe_vars(names, glbls):
    """[(name, type name, short repr)] for the names the globals hold."""
    out = []
    for name in names:
        if name not in glbls:
            continue
        value = glbls[name]
        try:
            tname = type(value).__name__
            if not isinstance(tname, str):
                tname = "?"
        except Exception:
            tname = "?"
        out.append((name, tname, _short_repr(value)))
    return out


# --- displayed outputs kept alive ----------------------------------------

# cell id -> [object, ...]: tables and UI elements a cell displayed, held
# until that cell reruns or is deleted, so TABLE_WINDOW and SET_WIDGET
# find them even when no global holds them (mo.md(f"{mo.ui.slider()}")).
_cell_outputs = {}
# table id -> table source, for TABLE_WINDOW.
_tables = {}


def _outputs_keep(obj, table=None):
    cell = _quire.cell()
    kept = _cell_outputs.setdefault(cell, [])
    if not any(o is obj for o in kept):
        kept.append(obj)
    if table is not None:
        _tables[table.id] = table


def _outputs_forget(cell):
    for obj in _cell_outputs.pop(cell, ()):
        if isinstance(obj, _TableSource) and not any(
                o is obj for kept in _cell_outputs.values() for o in kept):
            _tables.pop(obj.id, None)


def keep_shown(element):
    """A UI element was displayed (or embedded in Markdown) by the running
    cell: keep it, and its table, until the cell reruns."""
    t = getattr(element, "_quire_table_", None)
    src = t() if callable(t) else None
    _outputs_keep(element, src)


# --- tables ---------------------------------------------------------------

TABLE_MAX_COLS = 50
TABLE_TAIL_ROWS = 5
_table_ids = itertools.count(1)
# Sorted views one table keeps, most recent last.
_SORT_CACHE = 4


def _json_cell(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -(1 << 63) <= v < (1 << 63) else str(v)
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) \
            else str(v)
    try:
        return str(v)
    except Exception:
        return "<%s>" % type(v).__name__


def _module_of(obj):
    return type(obj).__module__ or ""


def _sort_positions(values, descending):
    """Positions of values in sorted order, missing values last; values
    that do not compare sort by their text."""
    def missing(v):
        return v is None or (isinstance(v, float) and v != v)
    n = len(values)
    present = [i for i in range(n) if not missing(values[i])]
    absent = [i for i in range(n) if missing(values[i])]
    try:
        present.sort(key=values.__getitem__, reverse=descending)
    except TypeError:
        present.sort(key=lambda i: (type(values[i]).__name__,
                                    str(values[i])), reverse=descending)
    return present + absent


class _TableSource:
    """A displayed table: its shape, and windows of rows and columns in
    its own order or sorted by a column. Holds the user's object (never
    changed: sorting computes an order of positions, cached)."""

    def __init__(self, obj):
        self.id = "tbl-%d" % next(_table_ids)
        self.obj = obj
        self.index_names = []   # names of the index columns
        self.columns = []       # names of the data columns
        self.dtypes = None      # one per index + data column, or None
        self.nrows = 0
        self._sorted = []       # [((column, descending), positions)]

    # Subclasses: rows(positions, c0, c1) -> [[index..., data...], ...]
    # for positions (a range or a list), data columns c0..c1; and
    # sort_values(name) -> the column's values as a list, or None.

    def order(self, column, descending):
        key = (column, descending)
        for k, v in self._sorted:
            if k == key:
                return v
        values = self.sort_values(column)
        if values is None:
            return None
        pos = self.sort_order(values, descending)
        self._sorted.append((key, pos))
        del self._sorted[:-_SORT_CACHE]
        return pos

    def sort_order(self, values, descending):
        return _sort_positions(values, descending)

    def window(self, offset, limit, col_offset, col_limit, sort_column,
               descending, selection=None, selected=None, first=False):
        """The table JSON (a dict) of one window."""
        if limit is None:
            limit = TABLE_MAX_ROWS
        if col_limit is None:
            col_limit = TABLE_MAX_COLS
        limit = max(0, min(limit, TABLE_MAX_ROWS))
        col_limit = max(0, min(col_limit, TABLE_MAX_COLS))
        offset = max(0, min(offset, self.nrows))
        ncols = len(self.columns)
        c0 = max(0, min(col_offset, ncols))
        c1 = min(ncols, c0 + col_limit)
        end = min(self.nrows, offset + limit)
        order = None
        if sort_column is not None:
            order = self.order(sort_column, descending)
            if order is None:
                raise ValueError("the table has no column %r"
                                 % sort_column)
        if order is not None:
            positions = [int(p) for p in order[offset:end]]
        else:
            positions = range(offset, end)
        out = {
            "table_id": self.id,
            "columns": [str(c) for c in self.index_names]
            + [str(c) for c in self.columns[c0:c1]],
            "index_columns": len(self.index_names),
            "nrows": self.nrows,
            "offset": offset,
            "rows": self.rows(positions, c0, c1),
            "ncols": ncols,
            "col_offset": c0,
            "truncated": self.nrows > end - offset,
        }
        if self.dtypes is not None:
            ni = len(self.index_names)
            out["dtypes"] = self.dtypes[:ni] + self.dtypes[ni + c0:ni + c1]
        if order is not None:
            out["sort"] = {"column": sort_column, "descending": descending}
            out["row_ids"] = list(positions)
        if first and order is None and self.nrows > end:
            tail = max(end, self.nrows - TABLE_TAIL_ROWS)
            out["tail"] = {"offset": tail,
                           "rows": self.rows(range(tail, self.nrows), c0,
                                             c1)}
        if selection is not None:
            out["selection"] = selection
            out["selected"] = [int(i) for i in (selected or [])]
        return out


class _PandasSource(_TableSource):
    def __init__(self, df):
        super().__init__(df)
        index = df.index
        self.default_index = _type_is(index, "pandas", ("RangeIndex",))
        if not self.default_index:
            self.index_names = [n if n is not None else ""
                                for n in index.names]
        self.columns = list(df.columns)
        self.dtypes = ["object"] * len(self.index_names) + \
            [str(t) for t in df.dtypes]
        self.nrows = len(df)

    def rows(self, positions, c0, c1):
        df = self.obj
        if isinstance(positions, range):
            sub = df.iloc[positions.start:positions.stop, c0:c1]
        else:
            sub = df.iloc[positions, c0:c1]
        cols = [sub.iloc[:, j].tolist() for j in range(sub.shape[1])]
        if self.index_names:
            idx = sub.index.tolist()
            if len(self.index_names) > 1:
                cols = [[t[k] for t in idx]
                        for k in range(len(self.index_names))] + cols
            else:
                cols = [idx] + cols
        n = len(sub)
        return [[_json_cell(c[i]) for c in cols] for i in range(n)]

    def _series(self, column):
        df = self.obj
        for j, c in enumerate(self.columns):
            if str(c) == column:
                return df.iloc[:, j]
        for k, name in enumerate(self.index_names):
            if str(name) == column:
                return df.index.get_level_values(k).to_series()
        return None

    def sort_values(self, column):
        return self._series(column)

    def sort_order(self, series, descending):
        s = series.reset_index(drop=True)
        try:
            s = s.sort_values(ascending=not descending, kind="mergesort",
                              na_position="last")
        except TypeError:
            s = s.astype(str).sort_values(ascending=not descending,
                                          kind="mergesort")
        return s.index.to_numpy()


class _PolarsSource(_TableSource):
    def __init__(self, df):
        super().__init__(df)
        self.columns = list(df.columns)
        self.dtypes = [str(t) for t in df.dtypes]
        self.nrows = df.height

    def rows(self, positions, c0, c1):
        df = self.obj.select(self.columns[c0:c1])
        if isinstance(positions, range):
            sub = df.slice(positions.start, len(positions))
        else:
            sub = df[list(positions)]
        return [[_json_cell(v) for v in r] for r in sub.rows()]

    def sort_values(self, column):
        if column not in self.columns:
            return None
        return self.obj[column].to_list()


class _RecordsSource(_TableSource):
    """A list of dicts: columns are the keys in first-seen order."""

    def __init__(self, rows):
        super().__init__(rows)
        self.nrows = len(rows)
        self._seen = set()
        self._add_keys(rows[:TABLE_MAX_ROWS])

    def _add_keys(self, rows):
        for r in rows:
            if isinstance(r, dict):
                for k in r:
                    if k not in self._seen:
                        self._seen.add(k)
                        self.columns.append(k)

    def rows(self, positions, c0, c1):
        data = self.obj
        picked = [data[i] for i in positions]
        self._add_keys(picked)
        keys = self.columns[c0:c1]
        return [[_json_cell(r.get(k)) if isinstance(r, dict) else None
                 for k in keys] for r in picked]

    def sort_values(self, column):
        for k in self.columns:
            if str(k) == column:
                return [r.get(k) if isinstance(r, dict) else None
                        for r in self.obj]
        return None


class _ColumnsSource(_TableSource):
    """A dict of lists (or a 1-D or 2-D numpy array as columns)."""

    def __init__(self, obj, names, columns, dtypes=None):
        super().__init__(obj)
        self.columns = names
        self._cols = columns
        self.dtypes = dtypes
        self.nrows = max((len(c) for c in columns), default=0)

    def rows(self, positions, c0, c1):
        cols = self._cols[c0:c1]
        out = []
        for i in positions:
            out.append([_json_cell(c[i]) if i < len(c) else None
                        for c in cols])
        return out

    def sort_values(self, column):
        for j, k in enumerate(self.columns):
            if str(k) == column:
                c = self._cols[j]
                return list(c) + [None] * (self.nrows - len(c))
        return None


class _NumpySource(_TableSource):
    """A 1-D array as column "0", a 2-D one as columns "0", "1"..."""

    def __init__(self, a):
        super().__init__(a)
        self._a = a.reshape(-1, 1) if a.ndim == 1 else a
        self.columns = [str(j) for j in range(self._a.shape[1])]
        self.dtypes = [str(a.dtype)] * len(self.columns)
        self.nrows = self._a.shape[0]

    def rows(self, positions, c0, c1):
        if isinstance(positions, range):
            sub = self._a[positions.start:positions.stop, c0:c1]
        else:
            sub = self._a[list(positions), c0:c1]
        return [[_json_cell(v) for v in r] for r in sub.tolist()]

    def sort_values(self, column):
        if column not in self.columns:
            return None
        return self._a[:, int(column)]

    def sort_order(self, values, descending):
        import numpy
        try:
            pos = numpy.argsort(values, kind="stable")
        except TypeError:
            return _sort_positions(values.tolist(), descending)
        return pos[::-1] if descending else pos


def table_source(obj):
    """A _TableSource for obj when it is a table quire draws, else
    None."""
    if _type_is(obj, "pandas", ("DataFrame",)):
        return _PandasSource(obj)
    if _type_is(obj, "pandas", ("Series",)):
        return _PandasSource(obj.to_frame(
            obj.name if obj.name is not None else "value"))
    if _type_is(obj, "polars", ("DataFrame",)):
        return _PolarsSource(obj)
    if _type_is(obj, "numpy", ("ndarray",)) and obj.ndim in (1, 2):
        return _NumpySource(obj)
    if isinstance(obj, list) and obj and isinstance(obj[0], dict) and \
            all(isinstance(r, dict) for r in obj[:TABLE_MAX_ROWS]):
        return _RecordsSource(obj)
    if isinstance(obj, dict) and obj and all(
            isinstance(v, (list, tuple)) for v in obj.values()):
        return _ColumnsSource(obj, list(obj), [list(v) for v in
                                               obj.values()])
    return None


def table_window(table_id, offset, limit, col_offset, col_limit,
                 sort_column, descending):
    """TABLE_WINDOW: (error or None, table JSON text or None)."""
    import json
    src = _tables.get(table_id)
    selection = selected = None
    # A mo.ui.table's window carries its selection, however the table
    # was found: a sorted window must stay selectable.
    from quire.mo import ui
    for el in list(ui._registry.values()):
        t = getattr(el, "_table", None)
        if t is not None and t.id == table_id:
            src = src if src is not None else t
            selection = el._selection or "none"
            selected = el._frontend
            break
    if src is None:
        return ("the table %s is gone (its cell reran or was deleted)"
                % table_id, None)
    try:
        w = src.window(offset, limit, col_offset, col_limit, sort_column,
                       descending, selection=selection, selected=selected)
        return None, json.dumps(w, ensure_ascii=False, allow_nan=False)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e), None


# --- widgets --------------------------------------------------------------

WIDGET_MIME = "application/vnd.quire.widget+json"
WIDGETS_MIME = "application/vnd.quire.widgets+json"
# run_button elements set since the last runs: element -> the batch of
# the readers' run (None until it starts). See before_run().
_armed = {}
_last_batch = [0]


def _add_widgets_item(items):
    """A bundle whose Markdown embeds widgets gets their widget JSON."""
    if any(m == WIDGETS_MIME for m, _ in items):
        return
    for i, (m, data) in enumerate(items):
        if m != "text/markdown" or b"<quire-widget" not in data:
            continue
        from quire.mo import ui
        import json
        found = []
        for wid in dict.fromkeys(
                _re(rb'<quire-widget id="([A-Za-z0-9_.-]+)">').findall(data)):
            el = ui.find(wid.decode())
            if el is not None:
                try:
                    found.append(el._quire_widget_())
                except Exception:
                    pass
        if found:
            items.insert(i + 1, (WIDGETS_MIME, json.dumps(
                found, ensure_ascii=False).encode("utf-8")))
        return


def _bound_names(glbls, chain):
    """Globals bound to an element of chain (the element, then the
    containers holding it), and the cell that made the outermost one
    with a name."""
    names = []
    cell = chain[0]._cell
    for el in chain:
        found = sorted(n for n, v in list(glbls.items()) if v is el)
        if found:
            names.extend(found)
            cell = el._cell
    return sorted(set(names)), cell


def set_widget(widget_id, text, glbls, batch=0):
    """SET_WIDGET: (names, cell, error or None, widget JSON text, state
    names, armed). on_change runs with the defining cell's console.
    batch: the batch of the latest RUN (see before_run)."""
    import json
    from quire.mo import ui
    _last_batch[0] = batch
    el = ui.find(widget_id)
    if el is None:
        return ([], 0, "no element %s (its cell reran or was deleted)"
                % widget_id, "", [], False)
    try:
        value = json.loads(text)
    except ValueError as e:
        return [], el._cell, "the value is not JSON: %s" % e, "", [], False
    reset_streams()
    prev = _quire.set_cell(el._cell)
    error = None
    try:
        el._quire_set_(value)
    except (ValueError, TypeError, KeyError) as e:
        error = str(e) or type(e).__name__
    except Exception:
        # on_change raised: the value is set, the traceback goes to the
        # defining cell's console, the readers still rerun (marimo).
        import traceback
        sys.stderr.write(demangle(traceback.format_exc()))
    finally:
        flush_streams()
        _quire.set_cell(prev)
    chain = [el]
    while chain[-1]._parent is not None:
        chain.append(chain[-1]._parent)
    names, cell = _bound_names(glbls, chain)
    armed = False
    if error is None:
        for e in chain:
            if isinstance(e, ui.run_button) and e._value:
                if names:
                    _armed[e] = None
                    armed = True
                else:
                    e._reset()  # nothing reads it
    try:
        w = json.dumps(el._quire_widget_(), ensure_ascii=False,
                       allow_nan=False)
    except Exception as e:
        w = json.dumps({"kind": el._kind, "id": el._id, "label": el._label,
                        "value": None, "display": "<%s>" %
                        type(e).__name__})
    if error is not None:
        names = []
    return names, cell, error, w, state_names(glbls), armed


def before_run(batch):
    """Called by the kernel before a RUN while a run_button is armed:
    the button stays true through the first batch of runs after the
    click (its readers) and is false from the next one on (marimo's
    _on_update_completion). Returns whether any is still armed."""
    for el in list(_armed):
        b = _armed[el]
        if b is None:
            if batch != _last_batch[0]:
                _armed[el] = batch
        elif batch != b:
            el._reset()
            del _armed[el]
    return bool(_armed)


# --- completion hints ------------------------------------------------------

_DOC_MAX = 2000


def _callee(text):
    """The dotted name of the call the end of text is inside, or None."""
    import tokenize
    stack = []
    prev = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                name = None
                if tok.string == "(" and prev and \
                        prev[-1].type == tokenize.NAME:
                    parts = [prev[-1].string]
                    k = len(prev) - 2
                    while k >= 1 and prev[k].string == "." and \
                            prev[k - 1].type == tokenize.NAME:
                        parts.insert(0, prev[k - 1].string)
                        k -= 2
                    name = ".".join(parts)
                stack.append(name)
            elif tok.type == tokenize.OP and tok.string in ")]}":
                if stack:
                    stack.pop()
            if tok.type not in (tokenize.NL, tokenize.NEWLINE,
                                tokenize.COMMENT):
                prev.append(tok)
                del prev[:-64]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return stack[-1] if stack else None


def _static_lookup(dotted, glbls):
    """The object a dotted name names, found without running user code:
    the globals or builtins first, then inspect.getattr_static."""
    import builtins
    import inspect
    import types
    parts = dotted.split(".")
    if parts[0] in glbls:
        obj = glbls[parts[0]]
    elif parts[0] in builtins.__dict__:
        obj = builtins.__dict__[parts[0]]
    else:
        return None, False
    bound = False
    for p in parts[1:]:
        owner = obj
        try:
            obj = inspect.getattr_static(obj, p)
        except AttributeError:
            return None, False
        # A function found on an instance's class is a method of it.
        bound = isinstance(obj, classmethod) or (
            not isinstance(owner, (type, types.ModuleType)) and
            isinstance(obj, types.FunctionType))
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
    return obj, bound


def _first_paragraph(doc):
    import inspect
    if not isinstance(doc, str):
        return None
    doc = inspect.cleandoc(doc).strip()
    if not doc:
        return None
    para = doc.split("\n\n", 1)[0].strip()
    return para[:_DOC_MAX]


def hint(code_before, glbls):
    """(signature, doc) of the call the cursor is inside, or (None,
    None). Only functions, builtins, classes with a Python __init__ and
    bound methods are described: anything else could run user code (a
    property, __getattr__, a metaclass __signature__)."""
    import inspect
    import types
    name = _callee(code_before)
    if not name:
        return None, None
    obj, drop_first = _static_lookup(name, glbls)
    if obj is None:
        return None, None
    target = obj
    if isinstance(obj, types.MethodType):
        target = obj.__func__
        drop_first = True
    elif isinstance(obj, type):
        init = None
        for k in type.__dict__["__mro__"].__get__(obj):
            if "__init__" in k.__dict__:
                init = k.__dict__["__init__"]
                break
        if isinstance(init, types.FunctionType):
            target = init
            drop_first = True
        else:
            target = None
    if not isinstance(target, (types.FunctionType,
                               types.BuiltinFunctionType)):
        target = None
    sig = None
    if target is not None:
        try:
            s = inspect.signature(target, follow_wrapped=False)
            params = list(s.parameters.values())
            if drop_first and params:
                params = params[1:]
            sig = name.rsplit(".", 1)[-1] + str(s.replace(
                parameters=params))
        except (TypeError, ValueError):
            sig = None
    doc = None
    try:
        if isinstance(obj, type):
            d = obj.__dict__.get("__doc__")
        elif isinstance(obj, (types.FunctionType, types.MethodType,
                              types.BuiltinFunctionType, types.ModuleType)):
            d = obj.__doc__
        else:
            d = None
        doc = _first_paragraph(d)
    except Exception:
        doc = None
    return sig, doc
