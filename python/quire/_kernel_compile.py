"""Compiling a cell by marimo's rules, for quire._kernel.

Only a cell the code cache does not hold comes here: a warm kernel
never imports this module, nor ast and symtable.
"""

import io

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


def compile_cell(code, cell, filename, maybe_expr=True):
    """(body, expr or None, is_async, drop, keep): the cell compiled,
    private names mangled, the last expression split off."""
    if not maybe_expr and not _maybe_private(code):
        # Nothing to rename and no value to show (the editor's analysis
        # says so): compile the text as it is, no AST round trip.
        body = compile(code, filename, "exec", flags=_FLAGS,
                       dont_inherit=True)
        return body, None, bool(body.co_flags & _CO_COROUTINE), (), ()
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
    drop = tuple(n for n in temporaries if n not in closed)
    keep = tuple(n for n in temporaries if n in closed)
    return body, expr, is_async, drop, keep
