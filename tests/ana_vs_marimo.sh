#!/bin/sh
# ana_vs_marimo.sh: compare quire's cell analysis (tests/ana_dump) with
# real marimo's (marimo._ast.compiler.compile_cell) on every cell of
# tests/data/ana/cells/*.py, one cell per file.
#
# Needs the test-only virtualenv with marimo (tests/venv.sh) named by
# QUIRE_TEST_VENV; without it the test is skipped (exit 77). Compared per
# cell: parses (and the error's position), defs, refs, deleted refs, private
# names, SQL defs and refs, annotations, async, statement count, the
# single def/class and its definition-time refs, bound-name count, last
# expression, markdown. A file listed in tests/data/ana/known-differences
# is skipped for the fields named there, with the reason written beside.
# Prints one line per disagreement and exits 1 if there was any.
set -eu

if [ -z "${QUIRE_TEST_VENV:-}" ]; then
	echo "ana_vs_marimo: QUIRE_TEST_VENV unset, skipping" >&2
	exit 77
fi
py=$QUIRE_TEST_VENV/bin/python
if ! "$py" -c 'import marimo' 2>/dev/null; then
	echo "ana_vs_marimo: no marimo in $QUIRE_TEST_VENV, skipping" >&2
	exit 77
fi
srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-.}
dump=$builddir/tests/ana_dump
[ -x "$dump" ] || { echo "ana_vs_marimo: $dump not built" >&2; exit 99; }

exec "$py" - "$dump" "$srcdir/tests/data/ana" <<'EOF'
import json
import os
import subprocess
import sys
import warnings

warnings.simplefilter("ignore")

from marimo._ast import compiler
from marimo._ast.errors import ImportStarError
from marimo._ast.variables import is_local, unmangle_local

dump, data = sys.argv[1], sys.argv[2]
celldir = os.path.join(data, "cells")
known = {}
kpath = os.path.join(data, "known-differences")
if os.path.exists(kpath):
    for line in open(kpath, encoding="utf-8"):
        line = line.split("#", 1)[0].split()
        if line:
            known[line[0]] = set(line[1:])

try:
    import duckdb  # noqa: F401
    import sqlglot  # noqa: F401
    have_sql = True
except ImportError:
    have_sql = False


def demangle(name):
    return unmangle_local(name).name if name.startswith("_cell_") else name


def marimo_facts(code):
    """What marimo says about one cell, in ana_dump's keys."""
    out = {}
    try:
        cell = compiler.compile_cell(code, cell_id="0")
    except ImportStarError:
        return {"import_star": True}
    except SyntaxError as e:
        return {"parses": False, "error_line": e.lineno or 1,
                "error_col": e.offset or 1}
    except Exception:
        return None  # marimo itself fails (e.g. sqlglot's TokenError)
    out["parses"] = True
    out["import_star"] = False
    out["defs"] = sorted(cell.defs)
    out["refs"] = sorted(cell.refs)
    out["deleted_refs"] = sorted(cell.deleted_refs)
    out["private_defs"] = sorted({demangle(t) for t in cell.temporaries})
    out["sql_refs"] = sorted(cell.sql_refs)
    out["sql_defs"] = sorted(
        n for n, vs in cell.variable_data.items()
        if vs[-1].language == "sql")
    out["sql_first_defs"] = sorted(
        n for n, vs in cell.variable_data.items()
        if vs[0].language == "sql")
    anns = {}
    for name, vs in cell.variable_data.items():
        ad = vs[0].annotation_data
        if ad is not None:
            anns[name] = {"text": ad.repr,
                          "refs": sorted({demangle(r) for r in ad.refs})}
    out["annotations"] = anns
    out["is_async"] = cell.is_coroutine()
    body = cell.mod.body
    out["nstatements"] = len(body)
    out["nbound"] = len(cell.defs | cell.temporaries)
    import ast
    single, sname = "none", None
    if len(body) == 1 and isinstance(
            body[0], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        single = "class" if isinstance(body[0], ast.ClassDef) else "def"
        sname = body[0].name
    out["single"] = single
    if sname is not None:
        out["single_name"] = sname
    var = cell.toplevel_variable
    if var is not None and var.kind != "temporary":
        out["deftime_refs"] = sorted(var.unbounded_refs - {"_lambda"})
    out["ends_with_import_or_def"] = bool(body) and isinstance(
        body[-1], (ast.Import, ast.ImportFrom, ast.FunctionDef,
                   ast.AsyncFunctionDef, ast.ClassDef))
    out["has_last_expr"] = bool(body) and isinstance(
        body[-1], ast.Expr) and not compiler.ends_with_semicolon(code)
    out["is_markdown"] = bool(cell.markdown)
    if cell.markdown:
        out["markdown"] = cell.markdown
    return out


SQL_KEYS = {"sql_defs", "sql_refs", "sql_first_defs"}
bad = 0
names = sorted(f for f in os.listdir(celldir) if f.endswith(".py"))
for f in names:
    path = os.path.join(celldir, f)
    with open(path, encoding="utf-8", newline="") as fp:
        code = fp.read()
    if code.endswith("\n"):
        code = code[:-1]  # a cell file ends with one newline
    q = subprocess.run([dump], input=code.encode("utf-8"),
                       capture_output=True)
    if q.returncode != 0:
        print(f"{f}: ana_dump failed: {q.stderr.decode()}")
        bad += 1
        continue
    mine = json.loads(q.stdout)
    theirs = marimo_facts(code)
    if theirs is None:
        print(f"{f}: marimo cannot analyse this cell, not compared",
              file=sys.stderr)
        continue
    skip = known.get(f, set())
    uses_sql = ".sql(" in code or ".execute(" in code
    for key, want in sorted(theirs.items()):
        if key in skip:
            continue
        if not have_sql and uses_sql and key in {"refs", "defs", "nbound"} | SQL_KEYS:
            continue
        if key == "deftime_refs" and mine.get("single") == "none":
            continue
        got = mine.get(key)
        if got != want:
            print(f"{f}: {key}: quire {json.dumps(got)}, "
                  f"marimo {json.dumps(want)}")
            bad += 1
print(f"ana_vs_marimo: {len(names)} cells, {bad} differences"
      + ("" if have_sql else " (no duckdb/sqlglot: SQL not compared)"),
      file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
