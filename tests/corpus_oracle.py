#!/usr/bin/python3
"""corpus_oracle.py: check quire's analysis against what marimo wrote.

    corpus_oracle.py CHECK.json NB.py [NB.py ...]

CHECK.json holds the output of `quire check --json NB.py ...`: one JSON
object per notebook, {"file", "cells": [{"id", "name", "kind", "line",
"defs", "refs"}], "findings": [...]}. Each NB.py was written by real
marimo, so its parameter lists and return tuples are marimo's own
analysis, made with the rules of spec section 4.3: they are a free oracle
for quire's defs and refs. For every notebook this checks that

* quire sees the same cells, in file order, of the same kind and name,
  starting on the same line;
* each @app.cell's parameters equal its refs minus its own defs, the
  setup cell's defs, the builtins no cell shadows, the names of
  @app.function / @app.class_definition cells and non-identifiers;
* each @app.cell's returned names are among its defs, and every def
  another cell reads is returned (SQL tables, which marimo never returns,
  are allowed as extra defs of a cell that calls .sql());
* an @app.function / @app.class_definition cell reads nothing but the
  setup cell's names, builtins and other such cells;
* the setup cell reads no other cell's names.

The notebook is parsed here with this interpreter's own `ast` (Debian's
python3, the one quire embeds), independently of quire. Prints one line
per disagreement, "NB.py:LINE: cell N (NAME): what", and exits 1 if there
was any, 0 otherwise, 2 on bad usage or unreadable input.
"""

import ast
import builtins
import json
import os
import sys

BUILTINS = set(dir(builtins)) | {
    "__builtin__", "__file__", "__builtins__", "__class__"}


def is_app_attr(node, names):
    """Is node `app.X` or `app.X(...)` with X in names?"""
    if isinstance(node, ast.Call):
        node = node.func
    return (isinstance(node, ast.Attribute) and node.attr in names and
            isinstance(node.value, ast.Name) and node.value.id == "app")


def marimo_decorator(fn):
    for d in fn.decorator_list:
        for kind, attr in (("cell", "cell"), ("function", "function"),
                           ("class", "class_definition")):
            if is_app_attr(d, (attr,)):
                return kind, d
    return None, None


def header_end(lines, fn):
    """1-based line of the ':' that ends a def's signature (canonical
    files only: the first line from the def on that ends with ':')."""
    i = fn.lineno
    while i <= len(lines) and not lines[i - 1].rstrip().endswith(":"):
        i += 1
    return i


def return_names(fn):
    last = fn.body[-1] if fn.body else None
    if not isinstance(last, ast.Return) or last.value is None:
        return []
    v = last.value
    if isinstance(v, ast.Tuple):
        return [e.id for e in v.elts if isinstance(e, ast.Name)]
    if isinstance(v, ast.Name):
        return [v.id]
    return None


def file_cells(path):
    """The cells marimo wrote into path, in order, as dicts."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    mod = ast.parse(text, path)
    cells = []
    for st in mod.body:
        if isinstance(st, (ast.With, ast.AsyncWith)) and \
                len(st.items) == 1 and \
                is_app_attr(st.items[0].context_expr, ("setup",)):
            cells.append({"kind": "setup", "name": "setup",
                          "line": st.lineno + 1})
        elif isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef)):
            kind, dec = marimo_decorator(st)
            if kind is None:
                continue
            c = {"kind": kind, "name": st.name}
            if kind == "cell":
                end = header_end(lines, st)
                c["line"] = end + 1
                c["params"] = [a.arg for a in st.args.posonlyargs +
                               st.args.args + st.args.kwonlyargs]
                c["returns"] = return_names(st)
                # An empty cell has no code line to point at.
                c["empty"] = (len(st.body) == 1 and
                              st.body[0].lineno == end + 1 and
                              isinstance(st.body[0], ast.Return))
                c["sql"] = ".sql(" in "\n".join(
                    lines[end:st.end_lineno])
            else:
                c["line"] = dec.end_lineno + 1
            cells.append(c)
        elif isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) \
                and is_app_attr(st.value, ("_unparsable_cell",)):
            call = st.value
            name = "_"
            for kw in call.keywords:
                if kw.arg == "name" and isinstance(kw.value, ast.Constant):
                    name = kw.value.value
            line = call.args[0].lineno + 1 if call.args else st.lineno
            cells.append({"kind": "unparsable", "name": name, "line": line})
        elif isinstance(st, ast.If):
            break
    return cells


def read_reports(path):
    """The JSON objects in path (one per notebook, any whitespace)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    dec = json.JSONDecoder()
    out = []
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = dec.raw_decode(text, i)
        out.append(obj)


def check(path, report, complain):
    fc = file_cells(path)
    qc = report.get("cells", [])
    if len(fc) != len(qc):
        complain(path, 1, "marimo wrote %d cells, quire sees %d"
                 % (len(fc), len(qc)))
        return
    for i, (f, q) in enumerate(zip(fc, qc)):
        label = "cell %d (%s)" % (i + 1, f["name"])
        if q.get("kind") != f["kind"]:
            complain(path, f["line"], "%s: kind %s, quire says %s"
                     % (label, f["kind"], q.get("kind")))
        if q.get("name") != f["name"]:
            complain(path, f["line"], "%s: quire names it %r"
                     % (label, q.get("name")))
        if not f.get("empty") and q.get("line") != f["line"]:
            complain(path, f["line"], "%s: code starts on line %d, quire "
                     "says %s" % (label, f["line"], q.get("line")))

    def names(q, key):
        return set(q.get(key) or [])

    setup_defs = set()
    all_defs, used, top = set(), set(), set()
    for f, q in zip(fc, qc):
        if f["kind"] == "setup":
            setup_defs |= names(q, "defs")
            continue
        all_defs |= names(q, "defs")
        used |= names(q, "refs")
        if f["kind"] in ("function", "class"):
            top.add(f["name"])
    allowed = setup_defs | (BUILTINS - all_defs) | top

    for i, (f, q) in enumerate(zip(fc, qc)):
        label = "cell %d (%s)" % (i + 1, f["name"])
        defs, refs = names(q, "defs"), names(q, "refs")
        if f["kind"] == "cell":
            want = sorted(r for r in refs if r not in allowed and
                          r not in defs and r.isidentifier())
            if want != f["params"]:
                complain(path, f["line"], "%s: marimo's parameters %s, "
                         "quire's refs give %s" % (label, f["params"], want))
            got = f["returns"]
            if got is None:
                complain(path, f["line"], "%s: return is not a tuple of "
                         "names" % label)
                continue
            # Every returned name is a def; every def another cell reads
            # is returned. A returned def no other cell reads is one the
            # cell reads itself before binding it (`y = x + 1; x = 2`):
            # the JSON's refs leave out the cell's own defs, so it cannot
            # be told apart here.
            notdef = sorted(set(got) - defs)
            missing = sorted(d for d in defs if d in used and d not in got)
            if f["sql"]:
                missing = []   # SQL tables are defs marimo never returns
            if notdef:
                complain(path, f["line"], "%s: marimo returns %s, which "
                         "quire's defs lack" % (label, notdef))
            if missing:
                complain(path, f["line"], "%s: quire's defs %s are read by "
                         "other cells, but marimo does not return them"
                         % (label, missing))
        elif f["kind"] in ("function", "class"):
            bad = sorted(r for r in refs if r not in allowed and
                         r != f["name"] and r.isidentifier())
            if bad:
                complain(path, f["line"], "%s: marimo made it a top-level "
                         "%s, but quire says it reads %s"
                         % (label, f["kind"], bad))
        elif f["kind"] == "setup":
            bad = sorted(refs & all_defs)
            reported = any(x.get("kind") == "setup-refs"
                           for x in report.get("findings", []))
            if bad and not reported:
                complain(path, f["line"], "%s: setup reads %s, and quire "
                         "check does not say so" % (label, bad))


def main(argv):
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        reports = read_reports(argv[0])
    except (OSError, ValueError) as e:
        print("corpus_oracle: %s: %s" % (argv[0], e), file=sys.stderr)
        return 2
    by_file = {}
    for r in reports:
        by_file[os.path.realpath(str(r.get("file", "")))] = r
    problems = []

    def complain(path, line, msg):
        problems.append("%s:%s: %s" % (path, line, msg))

    for path in argv[1:]:
        r = by_file.get(os.path.realpath(path))
        if r is None:
            complain(path, 1, "no report from quire check --json")
            continue
        try:
            check(path, r, complain)
        except (OSError, SyntaxError, ValueError) as e:
            complain(path, 1, "cannot read: %s" % e)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
