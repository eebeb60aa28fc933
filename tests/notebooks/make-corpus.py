#!/usr/bin/env python3
"""Regenerate quire's notebook corpus with real marimo.

Run by hand, with a Python that has the marimo pinned in
tests/requirements.txt (tests/venv.sh makes one):

    $VENV/bin/python tests/notebooks/make-corpus.py

and commit what it writes. Nothing in `make check` runs it: the files it
writes are the data the tests compare quire against.

It writes:

* tests/notebooks/NAME.py for every notebook in NOTEBOOKS below, made by
  marimo's own code generator (marimo._ast.codegen.generate_filecontents)
  from a list of cells, so each file is exactly what marimo writes. Each
  one is also checked to be a fixed point of marimo's load and save, which
  is what makes it a round-trip fixture (quire convert NB.py OUT.py must
  give the same bytes).
* tests/notebooks/messy/X.expected.py for every hand-written
  tests/notebooks/messy/X.py: what marimo writes when it loads X and saves
  it again; and X.expected2.py when loading and saving X.expected.py
  changes it once more (marimo's normal form is not always a fixed point).
* tests/notebooks/convert/X.expected.py for every percent or ipynb input
  tests/notebooks/convert/X.{py,ipynb}: marimo's own conversion
  (`marimo convert`); and X.expected2.py as for messy files.

The cell lists are data; the only marimo code this calls is the public
generator and loader of the pinned version.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import marimo  # noqa: E402
from marimo._ast.app_config import _AppConfig  # noqa: E402
from marimo._ast.cell import CellConfig  # noqa: E402
from marimo._ast.codegen import generate_filecontents  # noqa: E402

import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "marimo_regen", os.path.join(HERE, "marimo-regen.py"))
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

PINNED = "0.25.2"


class C:
    """One cell: code, name, config."""

    def __init__(self, code, name="_", **config):
        self.code = code
        self.name = name
        self.config = config


NOTEBOOKS = {}


MESSY = {}


def nb(name, cells, app=None, header=None, messy=False):
    """A notebook; messy=True: marimo writes it, but its load and save
    changes it (it goes to messy/ with the expected result beside it)."""
    assert name not in NOTEBOOKS and name not in MESSY, name
    (MESSY if messy else NOTEBOOKS)[name] = (cells, app or {}, header)


# --- spec 4.7 worked examples -------------------------------------------

nb("ex1_import_markdown", [
    C("import marimo as mo"),
    C('mo.md("# Hi")'),
])

nb("ex2_return_filtering", [
    C("_scale = 3\nz = 5\ny = 1\nx = _scale * 2"),
    C("print(x, y)"),
])

nb("ex3_long_signature", [
    C("alpha_coefficient, beta_coefficient = 1, 2\n"
      "gamma_coefficient, delta_coefficient = 3, 4"),
    C("total = alpha_coefficient + beta_coefficient + gamma_coefficient"
      " + delta_coefficient"),
])

nb("ex4_setup_function_header", [
    C("import math", "setup", hide_code=True),
    C("def area(r):\n    return math.pi * r**2"),
    C("data = [1, 2, 3]"),
    C("def total():\n    return sum(data)"),
    C("area(2) + total()"),
], header='# /// script\n# dependencies = ["marimo"]\n# ///')

nb("ex5_options_unparsable", [
    C("x = (", hide_code=True),
    C("y = 1", disabled=True, column=1),
    C('s = """a"""\nt = (', "broken"),
])

nb("ex7_markdown_raw_comment", [
    C("import marimo as mo"),
    C('# intro\nmo.md(\n    r"""\n    ## Results\n\n    See `C:\\data`.\n'
      '    """\n)'),
])

nb("ex8_app_options", [
    C("x = 1"),
], app={"width": "medium", "app_title": "Sales",
        "auto_download": ["html"], "sql_output": "auto"})

# --- file layout ----------------------------------------------------------

# Loading a notebook without cells gives it one empty cell.
nb("empty_notebook", [], messy=True)

nb("single_empty_cell", [C("")])

nb("single_cell", [C("print('hello, world')")])

nb("empty_cells_between", [
    C("a = 1"),
    C(""),
    C("b = a + 1"),
    C(""),
    C(""),
    C("print(b)"),
])

nb("named_cells", [
    C("import marimo as mo", "imports"),
    C("rows = [1, 2, 3]", "load_rows"),
    C("total = sum(rows)", "summarise"),
    C("mo.md(f'total: {total}')", "report"),
    C("anonymous_value = total * 2"),
    C("print(anonymous_value)", "__"),
    C("print(rows)", "cell_with_digits_2"),
])

nb("anonymous_cells", [
    C("x = 1"),
    C("y = x + 1"),
    C("z = x + y"),
    C("x, y, z"),
])

nb("comment_only_cells", [
    C("# just a comment"),
    C("# first line\n# second line\n\n# after a blank line"),
    C("x = 1  # trailing comment"),
    C("# comment before code\ny = x"),
    C("y\n# comment after code"),
])

# Indented code is dedented when read back.
nb("indented_cell_code", [
    C("    # indented comment"),
    C("    x = 1"),
    C("  # two spaces\ny = 2"),
], messy=True)

nb("blank_before_return", [
    C("import os"),
    C("from pathlib import Path"),
    C("import json\nimport sys"),
    C("def helper(a):\n    return a + os.sep"),
    C("class Box:\n    size = 1"),
    C("async def fetch():\n    return 1"),
    C("import re  # trailing comment on the import"),
    C("import csv\n# a comment after the import"),
    C("def f():\n    return Path('.')\n\n\nx = f()"),
    C("def g():\n    return json.dumps(sys.argv)\n"),
    C("print(helper, Box, fetch, re, csv, x, g)"),
])

nb("long_returns", [
    C("a_rather_long_variable_name_number_one = 1\n"
      "a_rather_long_variable_name_number_two = 2"),
    C("print(a_rather_long_variable_name_number_one,"
      " a_rather_long_variable_name_number_two)"),
    C("this_is_an_extremely_long_variable_name_that_goes_on_and_on_and_on_x"
      " = 1"),
    C("print(this_is_an_extremely_long_variable_name_that_goes_on_and_on_and"
      "_on_x)"),
    # The one-line return is exactly 79 columns: stays on one line.
    C("abcdefghijklmnopqr, bcdefghijklmnopqrs, cdefghijklmnopqrst = 1, 2, 3\n"
      "defghijklmnopqrstu = 4"),
    C("print(abcdefghijklmnopqr, bcdefghijklmnopqrs, cdefghijklmnopqrst,"
      " defghijklmnopqrstu)"),
    # ... and one character more wraps it.
    C("abcdefghijklmnopqrz, bcdefghijklmnopqrs2, cdefghijklmnopqrst2 = 1, 2,"
      " 3\ndefghijklmnopqrstu2 = 4"),
    C("print(abcdefghijklmnopqrz, bcdefghijklmnopqrs2, cdefghijklmnopqrst2,"
      " defghijklmnopqrstu2)"),
])

nb("long_signatures", [
    C("first_input_frame = 1\nsecond_input_frame = 2\n"
      "third_input_frame = 3\nfourth_input_frame = 4"),
    C("combined = first_input_frame + second_input_frame +"
      " third_input_frame + fourth_input_frame"),
    # Exactly at the boundary: `def _(...):` of 79 and 80 columns.
    C("p_aaaaaaaaaaaaaaaa = 1\np_bbbbbbbbbbbbbbbb = 2\np_cccccccccccccccc = 3\n"
      "p_ddddddddddddddddd = 4\nq_aaaaaaaaaaaaaaaa = 5\n"
      "q_bbbbbbbbbbbbbbbb = 6\nq_cccccccccccccccc = 7\n"
      "q_dddddddddddddddddd = 8"),
    C("print(p_aaaaaaaaaaaaaaaa, p_bbbbbbbbbbbbbbbb, p_cccccccccccccccc,"
      " p_ddddddddddddddddd)"),
    C("print(q_aaaaaaaaaaaaaaaa, q_bbbbbbbbbbbbbbbb, q_cccccccccccccccc,"
      " q_dddddddddddddddddd)"),
    C("print(combined)", "a_named_cell_with_a_signature_that_is_long"),
])

# --- App options --------------------------------------------------------

nb("app_options_each_width", [C("x = 1")], app={"width": "full"})

nb("app_options_title", [C("x = 1")], app={"app_title": "Quarterly report"})

nb("app_options_files", [C("x = 1")], app={
    "layout_file": "layouts/nb.grid.json",
    "css_file": "custom.css",
})

nb("app_options_backslash", [C("x = 1")], app={
    "css_file": "C:\\styles\\nb.css",
    "html_head_file": "head.html",
})

nb("app_options_auto_download", [C("x = 1")], app={
    "auto_download": ["html", "markdown", "ipynb"],
})

nb("app_options_sql_output", [C("x = 1")], app={"sql_output": "polars"})

nb("app_options_defaults", [C("x = 1")], app={
    "width": "compact", "sql_output": "auto", "auto_download": [],
    "app_title": None,
})

# One-line form: `app = marimo.App(width="medium", app_title="...")`
# is 79 characters here, and 80 (so wrapped) in the next one.
nb("app_options_79_columns", [C("x = 1")], app={
    "width": "medium", "app_title": "Title of exactly the right siz",
})

nb("app_options_80_columns", [C("x = 1")], app={
    "width": "medium", "app_title": "Title of exactly the right size",
})

nb("app_options_all", [
    C("import marimo as mo"),
    C("mo.md('# Every option')"),
], app={
    "width": "columns", "app_title": "All options",
    "layout_file": "layouts/all.slides.json", "css_file": "all.css",
    "html_head_file": "all-head.html", "auto_download": ["markdown"],
    "sql_output": "pandas",
})

# --- headers --------------------------------------------------------------

nb("pep723_header", [
    C("import marimo as mo"),
    C("import polars as pl"),
    C("pl.DataFrame({'a': [1, 2]})"),
], header=(
    "# /// script\n"
    '# requires-python = ">=3.12"\n'
    "# dependencies = [\n"
    '#     "marimo",\n'
    '#     "polars==1.9.0",\n'
    "# ]\n"
    "# ///"))

nb("docstring_header", [
    C("x = 1"),
], header='"""A notebook with a docstring.\n\nIt spans lines.\n"""')

nb("comment_header", [
    C("x = 1"),
], header=(
    "# Copyright 2026 Example Bank. All rights reserved.\n"
    "# ruff: noqa: B018\n"
    "\n"
    '"""Docstring after comments."""\n'
    "\n"
    "# /// script\n"
    '# dependencies = ["marimo"]\n'
    "# ///"))

# --- setup block ----------------------------------------------------------

nb("setup_block", [
    C("import marimo as mo\nimport math", "setup"),
    C("radius = 2"),
    C("mo.md(f'area: {math.pi * radius**2}')"),
])

nb("setup_hide_code", [
    C("import math", "setup", hide_code=True),
    C("print(math.tau)"),
])

nb("setup_async", [
    C("import asyncio\nawait asyncio.sleep(0)", "setup"),
    C("print(asyncio.get_event_loop)"),
])

nb("setup_comments_only", [
    C("# nothing to set up yet\n# (a comment-only setup block)", "setup"),
    C("x = 1"),
])

nb("setup_not_first", [
    C("y = 2"),
    C("import os", "setup"),
    C("print(os.sep, y)"),
])

# --- @app.function and @app.class_definition ------------------------------

nb("toplevel_functions", [
    C("import functools\nimport dataclasses", "setup"),
    C("def add(a, b):\n    return a + b"),
    C("@functools.cache\ndef fib(n):\n"
      "    return n if n < 2 else fib(n - 1) + fib(n - 2)"),
    C("@dataclasses.dataclass\nclass Point:\n    x: float\n    y: float"),
    C("@dataclasses.dataclass(frozen=True)\n@functools.total_ordering\n"
      "class Version:\n    major: int\n    minor: int\n\n"
      "    def __lt__(self, other):\n"
      "        return (self.major, self.minor) < (other.major, other.minor)"),
    C("async def tick(n):\n    return n"),
    C("def uses_add(x):\n    return add(x, fib(3))"),
    C("p = Point(add(1, 2), 3)\nprint(uses_add(1), Version(1, 2), tick)"),
])

nb("toplevel_demotion", [
    C("import math", "setup"),
    C("scale = 10"),
    # Reads a cell's variable: stays @app.cell.
    C("def scaled(x):\n    return x * scale"),
    # Default value reads a cell's variable: stays @app.cell.
    C("def with_default(x=scale):\n    return x"),
    # Private name: stays @app.cell.
    C("def _private(x):\n    return x"),
    # Ends with a comment at column 0: stays @app.cell.
    C("def commented(x):\n    return x\n# trailing comment"),
    # Two statements: stays @app.cell.
    C("def two(x):\n    return x\n\n\nTWO = 2"),
    # Refers to a demoted function: stays @app.cell.
    C("def calls_scaled(x):\n    return scaled(x)"),
    # Only the setup and builtins: promoted.
    C("def root(x):\n    return math.sqrt(abs(x))"),
    C("print(scaled(1), with_default(), commented(1), two(1), TWO,"
      " calls_scaled(2), root(4))"),
])

nb("toplevel_recursion", [
    C("def is_even(n):\n    return n == 0 or is_odd(n - 1)"),
    C("def is_odd(n):\n    return n != 0 and is_even(n - 1)"),
    C("class Node:\n    def children(self):\n        return [Leaf()]"),
    C("class Leaf(Node):\n    pass"),
    C("class Tree:\n    root = Node"),
    C("print(is_even(4), Tree.root, Leaf)"),
])

nb("toplevel_pytest", [
    C("import pytest", "setup"),
    C("def inc(x):\n    return x + 1"),
    C("def test_inc():\n    assert inc(3) == 4"),
    C("@pytest.mark.parametrize('x, y', [(1, 2), (2, 3)])\n"
      "def test_inc_many(x, y):\n    assert inc(x) == y"),
    C("class TestGroup:\n    def test_one(self):\n"
      "        assert inc(0) == 1"),
])

nb("toplevel_options", [
    C("def shown(x):\n    return x", hide_code=True),
    C("class Hidden:\n    pass", hide_code=True, disabled=True),
    C("def in_column(x):\n    return x", column=1),
    C("print(shown, Hidden, in_column)", column=1),
], app={"width": "columns"})

# --- unparsable cells -------------------------------------------------------

nb("unparsable_raw", [
    C("x = ("),
    C("def broken(:\n    pass"),
    C("path = r'C:\\temp' +"),
    C("y = 1"),
    C("print(y"),
    C("return 5"),
    C("yield 1"),
])

nb("unparsable_escaped", [
    C('s = """triple"""\nt = ('),
    C('doc = """has a \\\\ backslash and "quotes" """ +'),
    C('"""\n\n    indented inside\n"""\n)'),
])

nb("unparsable_config", [
    C("x = (", hide_code=True),
    C("y = (", disabled=True),
    C("z = (", column=2),
    C("w = (", "named_broken"),
    C("v = (", "both", hide_code=True, disabled=True),
    C("ok = 1", column=2),
])

# --- markdown cells ----------------------------------------------------------

nb("markdown_prefixes", [
    C("import marimo as mo"),
    C('mo.md("plain")'),
    C('mo.md(r"raw \\d+")'),
    C('mo.md(f"f-string without placeholders {{braces}}")'),
    C('mo.md(rf"raw f-string \\w {{x}}")'),
    C('mo.md(fr"fr order kept")'),
    C('mo.md(R"upper R")'),
    C('mo.md(F"upper F")'),
    C("mo.md('single quotes')"),
    C("mo.md('''triple single''')"),
    C('mo.md("implicit " "concatenation")'),
])

nb("markdown_multiline", [
    C("import marimo as mo"),
    C('mo.md(\n    """\n    # Title\n\n    Paragraph with `code`.\n\n'
      '    - one\n    - two\n      - nested\n    """\n)'),
    C('mo.md("""first line\n    second line indented\n    third""")'),
    C('mo.md(r"""\n$$\n\\int_0^1 x\\,dx\n$$\n""")'),
    C("mo.md('''\n    trailing spaces   \n    kept?\n''')"),
])

nb("markdown_comments", [
    C("import marimo as mo"),
    C('# a comment before\nmo.md("after a comment")'),
    C('# one\n# two\nmo.md("two comments")'),
    C('mo.md("trailing comment")  # note'),
    C('mo.md("trailing comment, one space") # note'),
    C('# before\nmo.md("both")  # after'),
    C('\n# blank line first\nmo.md("x")'),
], app={"width": "medium"})

nb("markdown_quotes", [
    C("import marimo as mo"),
    C("mo.md('Say \"\"hi\"\"')"),
    C("mo.md('''A \"\"\" inside''')"),
    C("mo.md('tab\\there')"),
    C("mo.md('ends with a quote\"')"),
])

nb("markdown_not_markdown", [
    C("import marimo as mo"),
    C("a = 1"),
    C('x = mo.md("assigned")'),
    C('mo.md(f"{a}")'),
    C('mo.md("one")\nmo.md("two")'),
    C("text = 'hi'"),
    C("mo.md(text)"),
    C('mo.md("")'),
    C('mo.md("with arg", )'),
    C('print(x)\nmo.md("last")'),
])

nb("markdown_hidden", [
    C("import marimo as mo"),
    C('mo.md("# A hidden markdown cell")', hide_code=True),
    C('mo.md(r"""\n## Raw, hidden\n""")', hide_code=True),
])

# --- cell options -----------------------------------------------------------

nb("cell_options", [
    C("a = 1", hide_code=True),
    C("b = a", disabled=True),
    C("c = b", column=0),
    C("d = c", column=1),
    C("e = d", column=1, disabled=True),
    C("f = e", column=2, disabled=True, hide_code=True),
    C("g = f", disabled=True, hide_code=True),
    C("print(g)", "named_and_hidden", hide_code=True),
], app={"width": "columns"})

# expand_output is new in marimo 0.25 (doc/marimo-versions.md).
nb("cell_expand_output", [
    C("rows = list(range(100))", expand_output=True),
    C("print(rows)", column=1, disabled=True, hide_code=True,
      expand_output=True),
    C("def shown(x):\n    return x", expand_output=True),
    C("broken = (", "broken", expand_output=True),
    C("rows", "named_expanded", expand_output=True),
], app={"width": "columns"})

nb("disabled_chain", [
    C("source = 1"),
    C("middle = source + 1", disabled=True),
    C("sink = middle * 2"),
    C("print(sink)"),
])

# --- async -------------------------------------------------------------------

nb("async_cells", [
    C("import asyncio"),
    C("await asyncio.sleep(0)\nx = 1"),
    C("async def gen():\n    yield 1\n\n\nvalues = [v async for v in gen()]"),
    C("class CM:\n    async def __aenter__(self):\n        return self\n\n"
      "    async def __aexit__(self, *a):\n        return False"),
    C("async with CM() as cm:\n    y = x + 1"),
    C("result = await asyncio.gather(asyncio.sleep(0, result=y))"),
    C("print(values, result, cm)"),
])

nb("async_long_signature", [
    C("import asyncio"),
    C("first_long_dependency = 1\nsecond_long_dependency = 2\n"
      "third_long_dependency = 3"),
    C("await asyncio.sleep(0)\nsum_of_all = first_long_dependency +"
      " second_long_dependency + third_long_dependency"),
    C("print(sum_of_all)"),
])

# --- analysis ---------------------------------------------------------------

nb("annotations", [
    C("x: int = 1"),
    C("import typing\ny: typing.Optional[int] = None"),
    C("z: 'int' = 3"),
    C("class Frame:\n    pass"),
    C("frame: Frame = Frame()"),
    C("w: list[dict[str, 'Frame']] = []"),
    C("v: int"),
    C("print(x, y, z, frame, w)"),
    C("v = 2"),
])

nb("shadowed_builtins", [
    C("print = lambda *a: None"),
    C("len = 3"),
    C("print(len)\nx = list(range(3))"),
    C("sorted_values = sorted([3, 1, 2])"),
    C("print(x, sorted_values)"),
])

nb("unshadowed_builtins", [
    C("x = len([1, 2])\ny = sorted(range(x))\nprint(x, y, __file__)"),
    C("z = max(y) + min(y) + abs(-1)\nprint(z, __builtins__)"),
])

nb("private_names", [
    C("_tmp = 1\npublic = _tmp + 1"),
    C("_tmp = 2\nother = _tmp * public"),
    C("__all__ = ['public']\n__version__ = '1'"),
    C("print(__all__, __version__, other)"),
    C("from os import _exit\n_ = 1\n__ = 2\nprint(_exit)"),
    C("def _helper():\n    return public\n\n\nhelped = _helper()"),
    C("print(helped)"),
])

nb("scoping_rules", [
    C("a = 1\nb = 2"),
    C("y = x_later + 1\nx_later = 2"),
    C("def f():\n    return k\n\n\nk = 3"),
    C("def g(p=a):\n    return p + b"),
    C("squares = [v for v in range(a)]\nlam = lambda q: q + b"),
    C("total = 0\nfor item in range(3):\n    total += item"),
    C("if (n := a + 1) > 0:\n    pass"),
    C("with open(__file__) as fh:\n    first = fh.readline()"),
    C("try:\n    1 / 0\nexcept ZeroDivisionError as err:\n    print(err)"),
    C("class K:\n    attr = a\n    def m(self):\n        return b"),
    C("def setter():\n    global counter\n    counter = 1"),
    C("match a:\n    case [first_item, *rest]:\n        pass\n"
      "    case {'k': val, **others}:\n        pass\n"
      "    case int(captured):\n        pass"),
    C("import os.path\nimport collections.abc as cabc\n"
      "from json import dumps as to_json, loads"),
    C("print(y, f, g, squares, lam, total, n, first, K, setter, counter,"
      " first_item, rest, val, others, captured, os, cabc, to_json, loads)"),
])

nb("class_cells", [
    C("import dataclasses"),
    C("factor = 2"),
    C("@dataclasses.dataclass\nclass Row:\n    value: int = factor"),
    C("class Scaled(Row):\n    def double(self):\n"
      "        return self.value * factor"),
    C("Scaled(3).double()"),
])

nb("sql_cells", [
    C("import marimo as mo\nimport duckdb"),
    C("limit = mo.ui.slider(1, 10)"),
    C("df = mo.sql(f\"SELECT {limit.value} AS n\")"),
    C('result = mo.sql(\n    f"""\n    SELECT * FROM df LIMIT {limit.value}\n'
      '    """\n)'),
    C('_ = mo.sql(\n    f"""\n    CREATE OR REPLACE TABLE things AS SELECT 1 AS id\n'
      '    """\n)'),
    C('mo.sql(\n    f"""\n    SELECT * FROM things JOIN df ON true\n    """\n)'),
    C('mo.sql(\n    f"""\n    SELECT * FROM analytics.events\n    """\n)'),
    C("print(result)"),
])

# --- text ---------------------------------------------------------------------

nb("multiline_strings", [
    C('query = """\nSELECT *\n  FROM t\nWHERE x = 1\n"""'),
    C('doc = """\n    indented like the code\n    two lines\n"""'),
    C('mixed = """first\n  less indented\n        more indented\n"""\n'
      'print(query, doc, mixed)'),
    C("def f():\n    text = '''\nnot indented at all\n'''\n    return text"),
    C("fs = f'''\n{f()}\n  under\n'''"),
    C("print(fs)"),
])

nb("tabs", [
    C("def f(x):\n\treturn x\n\n\ny = f(1)"),
    C("s = 'a\tb'\nprint(y, s)"),
    C("if True:\n\tz = 1"),
    C("print(z)\t# tab before comment"),
])

nb("unicode", [
    C("café = 'crème brûlée'\nπ = 3.14159"),
    C("print(café, π)"),
    C("漢字 = '中文字符串'\nprint(漢字)"),
    C("emoji = '🎉🐍✨'\nflag = '🇩🇪'\nprint(emoji, flag)"),
    C("# コメント: 日本語のコメント\nx = '한국어'"),
    C("print(x)  # ¿qué?"),
    C("combining = 'e\u0301'\nprint(combining)"),
])

nb("unicode_markdown", [
    C("import marimo as mo"),
    C('mo.md("# Überschrift — 見出し 🎯")'),
    C("mo.md(r\"\"\"\n| Name | 名前 |\n|---|---|\n| Ω | 🍣 |\n\"\"\")"),
])

nb("long_lines", [
    C("x = " + " + ".join(str(i) for i in range(200))),
    C("s = '" + "long string " * 60 + "'"),
    C("print(x, s)  # " + "comment " * 40),
    C("def very_long_function_name_that_keeps_going_and_going(argument_one, "
      "argument_two, argument_three):\n    return argument_one"),
    C("print(very_long_function_name_that_keeps_going_and_going)"),
])

nb("trailing_whitespace", [
    C("x = 1   \ny = 2\t"),
    C("z = x + y"),
    C("\n\nw = z"),
    C("print(w)\n  \nprint(z)"),
])

# Trailing blank lines and leading blank lines of an unparsable cell are
# not kept.
nb("trailing_blank_lines", [
    C("z = 1\n\n\n"),
    C("print(z)\n    \n"),
    C("\n\nreturn 5\n"),
    C("a = 1\n    \nb = 2\n        \nprint(a, b)"),
], messy=True)

nb("semicolons_and_outputs", [
    C("x = 1;"),
    C("x;"),
    C("x; y = 2"),
    C("y  # last expression"),
    C("print(x); print(y)"),
])

# --- findings for quire check ------------------------------------------------

nb("error_multiple_definitions", [
    C("x = 1"),
    C("x = 2"),
    C("y = x"),
    C("import os"),
    C("def os():\n    pass"),
])

nb("error_cycle", [
    C("a = b + 1"),
    C("b = c + 1"),
    C("c = a + 1"),
    C("d = 1"),
])

nb("error_two_cycles", [
    C("p = q"),
    C("q = p"),
    C("r = s"),
    C("s = r"),
])

nb("error_delete", [
    C("shared = [1, 2]"),
    C("print(shared)"),
    C("del shared"),
])

nb("error_star_import", [
    C("from math import *"),
    C("print(pi)"),
])

nb("error_syntax", [
    C("x = 1"),
    C("y = (x"),
    C("def f(:\n    pass"),
    C("print(x)"),
])

nb("error_augassign", [
    C("count = 0"),
    C("count += 1"),
])

nb("error_setup_refs", [
    C("y = 1"),
    C("import os\nz = y", "setup"),
])

# --- a realistic notebook ---------------------------------------------------------

nb("realistic_loan_risk", [
    C("import marimo as mo\nimport math\nimport statistics", "setup",
      hide_code=True),
    C('mo.md(\n    r"""\n    # Loan risk\n\n    Scores applications and flags'
      ' the risky ones.\n    """\n)', hide_code=True),
    C("threshold = mo.ui.slider(0, 100, value=30, label='cut-off')\nthreshold"),
    C("applications = [\n    {'id': 1, 'income': 52000, 'debt': 12000},\n"
      "    {'id': 2, 'income': 31000, 'debt': 29000},\n"
      "    {'id': 3, 'income': 88000, 'debt': 5000},\n]", "load"),
    C("def score(app):\n    ratio = app['debt'] / app['income']\n"
      "    return round(100 * (1 - math.exp(-3 * ratio)))"),
    C("scores = {a['id']: score(a) for a in applications}\n"
      "mean_score = statistics.mean(scores.values())"),
    C("flagged = [i for i, s in scores.items() if s >= threshold.value]",
      "flagged"),
    C("mo.md(f\"**{len(flagged)}** of {len(scores)} flagged (mean {mean_score:.1f})\")"),
    C("_rows = [\n    {'id': i, 'score': s, 'flag': i in flagged}\n"
      "    for i, s in scores.items()\n]\nmo.ui.table(_rows)"),
], app={"width": "medium", "app_title": "Loan risk"},
   header="# /// script\n# requires-python = \">=3.11\"\n"
          "# dependencies = [\"marimo\"]\n# ///")

nb("ui_widgets", [
    C("import marimo as mo"),
    C("slider = mo.ui.slider(1, 10)\ncheckbox = mo.ui.checkbox()\n"
      "dropdown = mo.ui.dropdown(['a', 'b'])\ntext = mo.ui.text()\n"
      "number = mo.ui.number(0, 5)\nbutton = mo.ui.button()"),
    C("mo.hstack([slider, checkbox, dropdown, text, number, button])"),
    C("mo.md(f'{slider.value} {checkbox.value} {dropdown.value}"
      " {text.value} {number.value}')"),
    C("mo.stop(not checkbox.value)\nprint('checked')"),
])


# --- generation -------------------------------------------------------------------


def configs(cells):
    return [CellConfig(**c.config) for c in cells]


def generate(cells, app, header):
    return generate_filecontents(
        [c.code for c in cells],
        [c.name for c in cells],
        configs(cells),
        config=_AppConfig.from_untrusted_dict(app),
        header_comments=header,
    )


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    if marimo.__version__ != PINNED:
        print("make-corpus: marimo %s, expected %s (tests/requirements.txt)"
              % (marimo.__version__, PINNED), file=sys.stderr)
        return 1
    status = 0
    for name, (cells, app, header) in NOTEBOOKS.items():
        text = generate(cells, app, header)
        path = os.path.join(HERE, name + ".py")
        write(path, text)
        again = regen.load_and_save(path)
        if again != text:
            print("make-corpus: %s.py is not a fixed point of marimo's "
                  "load and save: %s" % (name, regen.first_diff(text, again)),
                  file=sys.stderr)
            status = 1
    messy = os.path.join(HERE, "messy")
    for name, (cells, app, header) in MESSY.items():
        write(os.path.join(messy, name + ".py"), generate(cells, app, header))
    for fn in sorted(os.listdir(messy)):
        if not fn.endswith(".py") or ".expected" in fn:
            continue
        path = os.path.join(messy, fn)
        expected = regen.load_and_save(path)
        write(path[:-3] + ".expected.py", expected)
        # Where marimo's own output is not a fixed point of its load and
        # save, X.expected2.py is what the second round gives.
        again = regen.load_and_save(path[:-3] + ".expected.py")
        second = path[:-3] + ".expected2.py"
        if again != expected:
            write(second, again)
        elif os.path.exists(second):
            os.unlink(second)
    conv = os.path.join(HERE, "convert")
    for fn in sorted(os.listdir(conv)):
        path = os.path.join(conv, fn)
        if fn.endswith(".ipynb"):
            out = regen.from_ipynb(path)
        elif fn.endswith(".py") and ".expected" not in fn:
            out = regen.from_percent(path)
        else:
            continue
        base = os.path.splitext(path)[0]
        write(base + ".expected.py", out)
        again = regen.load_and_save(base + ".expected.py")
        if again != out:
            write(base + ".expected2.py", again)
        elif os.path.exists(base + ".expected2.py"):
            os.unlink(base + ".expected2.py")
    print("make-corpus: %d canonical notebooks" % len(NOTEBOOKS))
    return status


if __name__ == "__main__":
    sys.exit(main())
