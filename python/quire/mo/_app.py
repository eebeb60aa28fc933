"""marimo.App: enough of it that a notebook file imports as a module.

Importing a marimo notebook runs its top level: ``app = marimo.App(...)``,
the ``@app.cell`` functions (registered, not run), ``@app.function`` and
``@app.class_definition`` (real module attributes), and ``with
app.setup:``. ``app.run()`` runs the cells in file order, passing each the
names earlier cells returned, and returns (outputs, defs).
"""

import ast
import inspect
import textwrap


class _Setup:
    """``with app.setup:`` and ``with app.setup(hide_code=True):``."""

    def __call__(self, **kwargs):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _returned_names(fn):
    try:
        src = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(src)
    except (OSError, TypeError, SyntaxError):
        return []
    body = tree.body[0].body if tree.body else []
    for stmt in reversed(body):
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            v = stmt.value
            elts = v.elts if isinstance(v, ast.Tuple) else [v]
            return [e.id for e in elts if isinstance(e, ast.Name)]
        if isinstance(stmt, ast.Return):
            return []
    return []


class App:
    def __init__(self, **kwargs):
        self._options = kwargs
        self._cells = []
        self.setup = _Setup()

    def cell(self, fn=None, **kwargs):
        """@app.cell and @app.cell(hide_code=..., disabled=...)."""
        def register(f):
            self._cells.append((f, kwargs))
            return f
        return register if fn is None else register(fn)

    def function(self, fn=None, **kwargs):
        return (lambda f: f) if fn is None else fn

    def class_definition(self, cls=None, **kwargs):
        return (lambda c: c) if cls is None else cls

    def _unparsable_cell(self, code, name=None, **kwargs):
        pass

    def run(self):
        defs = {}
        outputs = []
        for fn, opts in self._cells:
            if opts.get("disabled"):
                outputs.append(None)
                continue
            params = inspect.signature(fn).parameters
            ret = fn(*[defs[p] for p in params])
            names = _returned_names(fn)
            if names and isinstance(ret, tuple) and len(ret) == len(names):
                defs.update(zip(names, ret))
            outputs.append(None)
        return outputs, defs
