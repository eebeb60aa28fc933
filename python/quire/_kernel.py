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
import re
import sys
import time

import _quire

# ast, symtable, json, traceback and linecache are imported where they
# are needed: many notebooks never need some of them, and the kernel's
# start-up time is the user's wait. (linecache pulls in tokenize; the
# lines of the cells wait in _lines until something imports it.)

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


class _LinecacheLoader:
    """linecache's own loader, then the cells' lines kept so far."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        module.cache.update(_lines)
        _lines.clear()

    def __getattr__(self, name):
        return getattr(self._loader, name)


def _linecache_spec():
    spec = importlib.machinery.PathFinder.find_spec("linecache")
    if spec is not None and spec.loader is not None:
        spec.loader = _LinecacheLoader(spec.loader)
    return spec


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


_MANGLED = None  # compiled by demangle() when first needed

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
        compiled = _compile(code, cell, filename, maybe_expr)
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
    global _MANGLED
    if "_cell_" not in text:
        return text
    if _MANGLED is None:
        import re
        _MANGLED = re.compile(r"(?<!\w)_cell_\d+(_\w*)")
    return _MANGLED.sub(r"\1", text)


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


def _json_cell(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) \
            else str(v)
    return str(v)


def _table(columns, rows, nrows):
    import json
    return json.dumps({
        "columns": [str(c) for c in columns],
        "rows": [[_json_cell(v) for v in r] for r in rows],
        "nrows": nrows,
        "truncated": nrows > len(rows),
    }, ensure_ascii=False)


def _type_is(obj, module_prefix, names):
    t = type(obj)
    for k in t.__mro__:
        if (k.__module__ or "").startswith(module_prefix) and \
                k.__name__ in names:
            return True
    return False


def _as_table(obj):
    if _type_is(obj, "pandas", ("DataFrame",)):
        head = obj.head(TABLE_MAX_ROWS)
        rows = head.itertuples(index=False, name=None)
        cols = [str(c) for c in head.columns]
        if not _type_is(head.index, "pandas", ("RangeIndex",)):
            cols = [str(head.index.name or "")] + cols
            rows = ([i] + list(r) for i, r in zip(head.index, rows))
        return _table(cols, list(rows), len(obj))
    if _type_is(obj, "polars", ("DataFrame",)):
        head = obj.head(TABLE_MAX_ROWS)
        return _table(head.columns, head.rows(), obj.height)
    if (isinstance(obj, list) and obj and len(obj) <= 100000
            and all(isinstance(r, dict) for r in obj)):
        cols = []
        seen = set()
        for r in obj[:TABLE_MAX_ROWS]:
            for k in r:
                if k not in seen:
                    seen.add(k)
                    cols.append(k)
        rows = [[r.get(c) for c in cols] for r in obj[:TABLE_MAX_ROWS]]
        return _table(cols, rows, len(obj))
    return None


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


_TAG = re.compile(r"<[^>]*>")


def _html_text(html):
    import html as h
    return h.unescape(_TAG.sub("", html)).strip()


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

_TOKEN = re.compile(r"[A-Za-z_][\w.]*$|$")


def complete(code, pos, glbls):
    """(bytes of code before pos to replace, candidate replacements)."""
    import rlcompleter
    text = code[:pos].decode("utf-8", "replace")
    token = _TOKEN.search(text).group(0)
    if not token:
        return 0, []
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
    return len(token.encode("utf-8")), items


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
