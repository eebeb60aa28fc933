"""mo.persistent_cache: results kept on disk, across kernel restarts.

Two forms, as in marimo:

* a decorator (``@mo.persistent_cache``, ``@mo.persistent_cache(
  save_path=...)``): a call whose function source, arguments and the
  values of the globals the function reads were seen before returns the
  stored result without running;
* a context manager (``with mo.persistent_cache("name"):``) around a
  block of a cell: when the block's code and the values of the names it
  reads are those of a stored run, the names it defines are restored and
  the block is skipped (through a frame trace function, as marimo does);
  otherwise it runs and its names are stored.

Entries are pickles under the notebook's ``__marimo__/cache/<name>/``
(``save_path`` replaces ``__marimo__/cache``), written atomically. Their
names start with ``Q_`` so marimo's own loader, which keeps a different
format in the same directory, never reads quire's entries. A value that
does not pickle is not cached (a note on stderr says so); an argument or
global read that does not pickle is hashed by its type and repr.
"""

import functools
import os
import sys

# hashlib and pickle are imported when a cache is first used: most
# notebooks import marimo and never cache to disk.

__all__ = ["persistent_cache"]


def _save_dir(save_path):
    if save_path is not None:
        return os.path.abspath(os.fspath(save_path))
    from quire import mo
    root = mo.notebook_dir()
    base = os.fspath(root) if root is not None else os.getcwd()
    return os.path.join(base, "__marimo__", "cache")


def _note(text):
    try:
        sys.stderr.write("mo.persistent_cache: %s\n" % text)
    except Exception:
        pass


def _digest_value(h, v, depth=0):
    """Feed v's content into h: pickled when it pickles, a function by
    its code, a module by its name, else type and repr."""
    import pickle
    import types
    if isinstance(v, types.ModuleType):
        h.update(b"module:" + v.__name__.encode())
        return
    code = getattr(v, "__code__", None)
    if isinstance(code, types.CodeType) and depth < 4:
        h.update(b"function:")
        _digest_code(h, code, depth + 1)
        for d in getattr(v, "__defaults__", None) or ():
            _digest_value(h, d, depth + 1)
        return
    try:
        h.update(b"pickle:" + pickle.dumps(v, protocol=4))
        return
    except Exception:
        pass
    try:
        text = repr(v)
    except Exception:
        text = ""
    h.update(("repr:%s.%s:%s" % (type(v).__module__, type(v).__qualname__,
                                 text)).encode("utf-8", "replace"))


def _digest_code(h, code, depth=0):
    import types
    h.update(code.co_code)
    h.update(repr(code.co_names).encode())
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            if depth < 8:
                _digest_code(h, c, depth + 1)
        else:
            h.update(repr(c).encode("utf-8", "replace"))


def _store(path, obj):
    """Pickle obj to path atomically; False when it does not pickle."""
    import pickle
    try:
        data = pickle.dumps(obj, protocol=4)
    except Exception as e:
        _note("not saved: %s: %s" % (type(e).__name__, e))
        return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        _note("not saved: %s" % e)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


_MISS = object()


def _load(path):
    import pickle
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return _MISS
    except Exception as e:
        _note("ignored %s: %s: %s" % (path, type(e).__name__, e))
        return _MISS


class _cache_call:
    """A function whose results persist on disk, keyed by its code, its
    arguments and the globals it reads."""

    def __init__(self, fn, save_path=None, method="pickle",
                 pin_modules=False):
        functools.update_wrapper(self, fn)
        self.__wrapped__ = fn
        self._fn = fn
        self._save_path = save_path
        self.method = method
        self.hits = 0
        self.misses = 0

    def _key(self, args, kwargs):
        import hashlib
        fn = self._fn
        h = hashlib.sha256()
        code = getattr(fn, "__code__", None)
        if code is not None:
            _digest_code(h, code)
            glb = getattr(fn, "__globals__", {})
            for name in sorted(set(code.co_names)):
                if name in glb:
                    h.update(b"global:" + name.encode())
                    _digest_value(h, glb[name])
        else:
            h.update(repr(fn).encode("utf-8", "replace"))
        for a in args:
            _digest_value(h, a)
        for k in sorted(kwargs):
            h.update(b"kw:" + k.encode())
            _digest_value(h, kwargs[k])
        return h.hexdigest()[:32]

    def _path(self, key):
        name = getattr(self._fn, "__name__", "function")
        return os.path.join(_save_dir(self._save_path), name,
                            "Q_%s.pickle" % key)

    def __call__(self, *args, **kwargs):
        path = self._path(self._key(args, kwargs))
        hit = _load(path)
        if hit is not _MISS and isinstance(hit, dict) and "value" in hit:
            self.hits += 1
            return hit["value"]
        self.misses += 1
        value = self._fn(*args, **kwargs)
        _store(path, {"value": value})
        return value

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self, obj)

    def cache_info(self):
        import collections
        info = collections.namedtuple(
            "CacheInfo", ["hits", "misses", "maxsize", "currsize"])
        return info(self.hits, self.misses, None, None)


class _SkipBlock(Exception):
    pass


def _block(frame):
    """(source text, names read, names defined) of the ``with`` block
    the frame is entering, or None when its source is not at hand."""
    import ast
    import linecache
    lines = linecache.getlines(frame.f_code.co_filename,
                               frame.f_globals)
    if not lines:
        return None
    first = frame.f_code.co_firstlineno
    src = "".join(lines)
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return None
    line = frame.f_lineno
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.With, ast.AsyncWith)) and node.body and \
                node.lineno <= line < node.body[0].lineno:
            if found is None or node.lineno >= found.lineno:
                found = node
    del first
    if found is None:
        return None
    body = found.body
    start = body[0].lineno - 1
    end = body[-1].end_lineno
    text = "".join(lines[start:end])
    reads, defs = set(), set()
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name):
                (defs if isinstance(node.ctx, (ast.Store, ast.Del))
                 else reads).add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                   ast.ClassDef)):
                defs.add(node.name)
            elif isinstance(node, ast.alias):
                defs.add((node.asname or node.name).split(".")[0])
    return text, reads, defs


def _global_name(frame, name):
    """The name a cell's private _x has in the globals (quire's kernel
    renames it _cell_<id>_x)."""
    if name.startswith("_") and not name.startswith("__"):
        for n in frame.f_code.co_names:
            if n.startswith("_cell_") and n.endswith(name) and \
                    n[len("_cell_"):-len(name)].isdigit():
                return n
    return name


class _cache_context:
    """``with mo.persistent_cache("name"):``."""

    def __init__(self, name, save_path=None, method="pickle",
                 pin_modules=False):
        self.name = name
        self._save_path = save_path
        self.method = method
        self.hit = False
        self._frame = None
        self._path = None
        self._defs = ()
        self._old_trace = None

    def __enter__(self):
        frame = sys._getframe(1)
        self._frame = frame
        self.hit = False
        self._path = None
        # Only a block at a cell's top level, whose names are globals,
        # can be restored; elsewhere it simply runs.
        if frame.f_locals is not frame.f_globals:
            return self
        block = _block(frame)
        if block is None:
            return self
        text, reads, defs = block
        import hashlib
        h = hashlib.sha256(text.encode("utf-8", "surrogateescape"))
        glb = frame.f_globals
        for name in sorted(reads):
            g = _global_name(frame, name)
            if g in glb and g != "__builtins__":
                h.update(b"read:" + name.encode())
                _digest_value(h, glb[g])
        key = h.hexdigest()[:32]
        safe = "".join(c if c.isalnum() or c in "-_." else "_"
                       for c in str(self.name)) or "cache"
        self._path = os.path.join(_save_dir(self._save_path), safe,
                                  "Q_%s.pickle" % key)
        self._defs = sorted(defs)
        hit = _load(self._path)
        if hit is _MISS or not isinstance(hit, dict):
            return self
        for name, value in hit.items():
            glb[_global_name(frame, name)] = value
        self.hit = True
        # Skip the body: a trace function raises at its first line and
        # __exit__ swallows that exception.
        self._old_trace = sys.gettrace()
        sys.settrace(lambda *a: None)
        frame.f_trace = self._skip
        return self

    def _skip(self, frame, event, arg):
        raise _SkipBlock()

    def __exit__(self, exc_type, exc, tb):
        frame = self._frame
        self._frame = None
        if self.hit:
            sys.settrace(self._old_trace)
            if frame is not None:
                frame.f_trace = None
            return exc_type is _SkipBlock
        if exc_type is not None or frame is None or self._path is None:
            return False
        glb = frame.f_globals
        values = {}
        for name in self._defs:
            g = _global_name(frame, name)
            if g in glb:
                values[name] = glb[g]
        _store(self._path, values)
        return False


def persistent_cache(name=None, save_path=None, method="pickle",
                     store=None, fn=None, *args, pin_modules=False,
                     _internal_interface_not_for_external_use=None,
                     **kwargs):
    """Cache a function's results, or a block's variables, on disk under
    the notebook's __marimo__/cache directory."""
    if fn is not None:
        return _cache_call(fn, save_path, method, pin_modules)
    if callable(name):
        return _cache_call(name, save_path, method, pin_modules)
    if name is None:
        return lambda f: _cache_call(f, save_path, method, pin_modules)
    if not isinstance(name, str):
        raise TypeError("persistent_cache: name must be a string, not %s"
                        % type(name).__name__)
    return _cache_context(name, save_path, method, pin_modules)
