#!/usr/bin/env python3
"""Write writer_cases.json: cell lists and what marimo writes for them.

Run by hand with the marimo pinned in tests/requirements.txt (0.25.2):

    $QUIRE_TEST_VENV/bin/python make-writer-cases.py

(MARIMO_SRC=/path/to/a/marimo/checkout puts another marimo first.)

Each case is a cell list (codes, names, derived names, configs, App
options, header) and "expected", the text marimo's generate_filecontents
returns with its version set to "0.0.0". Where quire departs from marimo
on purpose the case carries "note" and marimo's own text in "marimo".
The cases come from marimo's tests/_ast/test_codegen.py (markdown edge
cases), spec section 4.7, and edge cases of quire's own.
"""
import json
import logging
import os
import sys

if os.environ.get("MARIMO_SRC"):
    sys.path.insert(0, os.environ["MARIMO_SRC"])
logging.disable(logging.WARNING)
import marimo._ast.codegen as cg  # noqa: E402
from marimo._ast.app_config import _AppConfig  # noqa: E402
from marimo._ast.cell import CellConfig  # noqa: E402

cg.__version__ = "0.0.0"

cases = []
def add(codes, names=None, configs=None, derived=None, app=None, header=None):
    names = names or ["_"] * len(codes)
    derived = derived or [False] * len(codes)
    configs = configs or [[None, False, False]] * len(codes)
    mnames = [("*" + n if d else n) for n, d in zip(names, derived)]
    cc = [CellConfig(column=g[0], disabled=g[1], hide_code=g[2], **({"expand_output": g[3]} if len(g) > 3 else {})) for g in configs]
    cfg = _AppConfig(**app) if app else None
    try:
        out = cg.generate_filecontents(list(codes), mnames, cc, config=cfg, header_comments=header)
    except Exception as e:
        return
    cases.append(dict(codes=codes, names=names, derived=derived, configs=configs, app=app or {}, header=header, expected=out))

M = "import marimo as mo"
# test_codegen markdown cases
md = ['mo.md("Unclosed string)', 'mo.md("Unclosed call"', 'mo.md("""some text """ and more)', 'mo.md("""content """ extra stuff""")',
 'mo.md(f"""value {x} """ broken)', 'mo.md("""text with """ in middle""")', 'mo.md("some """ text")', 'mo.md(f"value {"""test"""} more")',
 'mo.md(f"text """ {x}")', 'mo.md(f"""start """ middle {y}""")', 'mo.md(f"text {$$$}")', '"""unclosed docstring\nwith """ content',
 'f"value {x} with """', '"string content """', '''mo.md("
            r"""some text"""
        )''',
 "mo.md('has \"\"\"')", "mo.md('has \"\"\"\\\"\\')", "mo.md('\"\"\"followed by text')", "mo.md('text followed by\"\"\"')", "mo.md('\"\"\"')",
 "mo.md('first\"\"\" middle \"\"\"end')", "mo.md('Text with \"\"\"\"more')", "mo.md('Text with \"\"\"\"\"more')", "mo.md('Text with \"\"\"\"\"\"more')",
 "mo.md('Text with \\\\\"\"\"\"\"more')", "mo.md(' \"\"\" ')", "mo.md('Use `\"\"\"` for docstrings')", "mo.md('{\"key\": \"\"\"value\"\"\"}')",
 "mo.md('a\"\"\"b')", "mo.md('Text \" \"\" \"\"\" \"\"\"')", "mo.md('Text with \"\" quotes')", "mo.md('Text with \"\"\"\"\"\"\" quotes')",
 'mo.md("text with \\"\\"\\" here")', 'mo.md("""content with \\"\\"\\" inside""")', "mo.md('- item with \"\"\"\\n- another item')",
 "mo.md('Run: echo \"\"\"hello\"\"\"\\'')", "mo.md('Python docstrings use triple quotes:\\n\"\"\"\\nThis is a docstring\\n\"\"\"')",
 "mo.md('```python\\nprint(\"\"\" hello \"\"\")\\n```')",
 'mo.md("# Hi")', '# intro\nmo.md(\n    r"""\n    ## Results\n\n    See `C:\\data`.\n    """\n)', 'mo.md("a" r"b\\n")', 'mo.md(f"{{x}}")', 'mo.md(f"a{{b}}" "c")',
 'mo.md("x")  # note', '  # c1\n# c2\nmo.md("""\n    x\n      y\n""")', 'mo.md("a\\tb")', 'mo.md(rf"x{{")', 'mo.md(Rf"""X""")', 'mo.md(fR"Z")',
 'mo.md("")', 'mo.md("   ")', 'mo.md(f"")', 'x = mo.md("a")', 'mo.md(text)', 'mo.md("a", b=1)', 'mo.md("a"); 1', 'mo.md("""\nmo.md(\n""")',
 'mo.md(u"unicode")', 'mo.md(b"bytes")', 'mo.md("a\\N{BULLET}b")', 'mo.md("ends with backslash \\\\")', 'mo.md("\\\\N{x}")',
 'mo.md((("paren")))', 'mo.md(\n"a"\n"b"\n)  # c\n# d', 'mo.md("{") ', "mo.md('''single ''' )", 'mo.md("tab\tinside")',
]
for c in md:
    add([c, M, "x = 1\ny = 2\na = 1; b = 2\nz = 3\nc = 4"])
# spec examples
add(["import marimo as mo", 'mo.md("# Hi")'])
add(["_scale = 3\nz = 5\ny = 1\nx = _scale * 2", "print(x, y)"])
add(["alpha_coefficient, beta_coefficient = 1, 2\ngamma_coefficient, delta_coefficient = 3, 4", "total = alpha_coefficient + beta_coefficient + gamma_coefficient + delta_coefficient"])
add(["import math", "def area(r):\n    return math.pi * r**2", "data = [1, 2, 3]", "def total():\n    return sum(data)", "area(2) + total()"], names=["setup","_","_","_","_"], configs=[[None,False,True]]+[[None,False,False]]*4, header='# /// script\n# dependencies = ["marimo"]\n# ///')
add(["x = (", "y = 1", 's = """a"""\nt = ('], names=["_","_","broken"], configs=[[None,False,True],[1,True,False],[None,False,False]])
add(["x = 1"], app=dict(width="medium", app_title="Sales", auto_download=["html"], sql_output="auto"))
add([], app=dict(app_title="test_title", width="full", css_file=r"a\b.css"))
add([], app=dict(width="medium", app_title="A rather long title for a notebook that overflows"))
add(["x=1"], app=dict(width="columns", layout_file="l.json", html_head_file="h.html", auto_download=["html", "markdown", "ipynb"], sql_output="polars"))
add([])
# names / configs
add(["x = 1", "y = x", "z = y"], names=["one", "setup", "__"])
add(["x = 1", "print(x)"], configs=[[0, True, True], [3, False, True]])
add(["x = 1", "print(x)"], configs=[[None, True, False], [12, False, False]])
add(["x = 1", "print(x)", "y = (", "def f(): pass"], configs=[[None, False, False, True], [2, True, True, True], [None, False, False, True], [None, False, False, True]])
add(["mo.md('x')  # note", "  # a\n\t# b\n  mo.md('y')", "(mo.md('z'))  # c\n", "# c\n\nmo.md(\n  'w'\n)\n\n# d", "mo.md(f'{{a}}' 'b')   ", M])
add(["def f(): pass"], names=["_"], configs=[[None, False, True]])
add(["class A: pass"], configs=[[2, True, True]])
add(["def f(x):\n    return x", "y = f(1)"], names=["f", "_"], derived=[True, False])
add(["def f(x):\n    return x + a", "a = 1", "y = f(1)"], names=["f", "_", "_"], derived=[True, False, False])
add(["def f(:", "y = 1"], names=["f", "_"], derived=[True, False])
add(["x = 1", "x = 2"], names=["bad name", "class"])
# annotations
add(["x: int = 1", "y = x"])
add(["import polars as pl", "df: pl.DataFrame = pl.DataFrame()", "df"])
add(["df: 'pl.DataFrame' = 1", "df"])
add(["x: dict[str, 'int'] = {}", "x"])
add(['x: Literal["a", \'b\'] = "a"', "x"])
add(["from typing import Literal", 'x: Literal["a"] = "a"', "x"])
# toplevel functions
add(["import math", "def f(x):\n    return math.sqrt(x)", "def g(y):\n    return f(y) * 2", "g(3)"], names=["setup","_","_","_"])
add(["def f(x):\n    return g(x)", "def g(x):\n    return f(x)", "f(1)"])
add(["def f(x):\n    return g(x)", "def g(x):\n    return h + x", "h = 1", "f(1)"])
add(["@dataclasses.dataclass\nclass P:\n    x: int", "import dataclasses"])
add(["import dataclasses", "@dataclasses.dataclass\nclass P:\n    x: int"], names=["setup", "_"])
add(["def f():\n    pass\n# comment"])
add(["def f():\n    pass\n    # indented comment"])
add(["def app():\n    pass", "def __name__(): pass", "def _private(): pass"])
add(["def f(x=len):\n    return x", "def g(x=y):\n    return x", "y = 1"])
add(["def test_one():\n    assert True", "def test_two():\n    assert 1 == 1"])
add(["async def f():\n    await g()", "async def g():\n    pass"])
add(["lambda_ = 1", "f = lambda: 1"])
add(["def f():\n    return 1", "def f():\n    return 2"])
add(["def helper(): return x", "def helper(): return y", "x = 1\ny = 2"])
add(["class A:\n    y = B\n", "class B:\n    pass"])
add(["class B:\n    pass", "class A:\n    y = B"])
# blank line before return
add(["import os"]); add(["import os  # comment"]); add(["import os\n# trailing"]); add(["def f():\n    pass\n\n"]); add(["x = 1\nimport os"]); add(["from a import (\n  b,\n)"])
add(["import os\n\n"]); add(["import os\n   "]); add(["class A:\n    '''doc'''"])
# whitespace, tabs, special chars
add(["x = 1\n\n\ny = 2", "\n\nx = 1\n\n", "   ", "", "# only\n# comments", "\t# tab comment"])
add(["if True:\n\tx = 1\nelse:\n\tx = 2", "x"])
add(["x = '''\nnot indented\n  two\n'''", "x"])
add(["s = 'a\x0cb'\nt = 1", "x = 1\x0c", "y = 1  \x0b"])
add(["x\u00a0= 1", "y = '\u00a0'"])
add(["a\u2028b = 1"])
add(["x = '\\u2028'"])
add(["données = 1", "print(données)"])
add(["très_long_nom_de_variable_numéro_un = 1\ntrès_long_nom_de_variable_numéro_deux = 2\ntrès_long_nom_de_variable_numéro_trois = 3", "print(très_long_nom_de_variable_numéro_un, très_long_nom_de_variable_numéro_deux, très_long_nom_de_variable_numéro_trois)"])
add(["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 1", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
add(["a = 1\nb = 2", "print(a)"], names=["x" * 70, "y" * 72])
add(["from __future__ import annotations", "x: int = 1"])
add(["return 1", "yield 2", "break", "nonlocal q", "await x", "x = await y"])
add(["from m import *"])
add(["import a.b.c", "a.b"]); add(["import a.b as c", "c"])
add(["for i in range(3): pass", "i"]); add(["with open('f') as fh: pass", "fh"])
add(["global g\ng = 1", "g"]); add(["del x", "x = 1"])
add(["type = 1", "type"]); add(["print = 2", "print(1)"]); add(["__file__", "__builtins__"])
add(['x = """\n  a\n"""\ny = 1', 'r"""raw \\ """'])
add(["x = 1 \\\n  + 2"])
add(['code = """\n  \\"\\"\\"\n"""'])
add(["x = (\n  1,\n)"], names=["_"], configs=[[None, False, True]])
add(['s = """a\\\\b"""\nt = ('])
add(['x = "\\\\"""'])
add(['x = ("""\n'])
add(["\n\nx = (\n\n"])
add(["_ = 1", "__ = 2", "___ = 3", "___"])


# quire's intentional departures (see README).
for c in cases:
    if 'name="*' in c["expected"]:
        c["marimo"] = c["expected"]
        c["expected"] = c["expected"].replace('name="*f"', 'name="_"')
        c["note"] = ("quire differs from marimo on purpose: a derived "
                     "name is written as _, not *f")
    elif c["codes"][:2] == ["def helper(): return x", "def helper(): return y"]:
        c["marimo"] = c["expected"]
        c["expected"] = c["expected"].replace("def helper(x):", "def _(x):")
        c["note"] = ("quire differs from marimo on purpose: a demoted "
                     "cell keeps its stored name even when another cell "
                     "defines the same function")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "writer_cases.json"), "w", encoding="utf-8") as f:
    json.dump(cases, f, indent=1, ensure_ascii=False)
