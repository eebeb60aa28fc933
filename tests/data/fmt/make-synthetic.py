#!/usr/bin/env python3
"""Write synthetic_N.py: the notebooks of spec 9.5 as the pinned marimo writes them.

    $QUIRE_TEST_VENV/bin/python make-synthetic.py 10 100 1000

The cell list is the spec's generator (tests/check_fmt_marimo.c builds
the same list in C); the text is marimo's generate_filecontents with its
version set to "0.24.0".
"""
import logging
import os
import sys

if os.environ.get("MARIMO_SRC"):
    sys.path.insert(0, os.environ["MARIMO_SRC"])
logging.disable(logging.WARNING)
import marimo._ast.codegen as cg  # noqa: E402
from marimo._ast.cell import CellConfig  # noqa: E402

cg.__version__ = "0.24.0"


def synthetic(n):
    codes, names, configs = [], [], []

    def add(code, name="_", **cfg):
        codes.append(code)
        names.append(name)
        configs.append(CellConfig(**cfg))

    for i in range(n):
        if i == 0:
            code = "import marimo as mo\nimport math"
        elif i == 1:
            code = "v1 = 0"
        else:
            p = 1 + (i * 7919) % (i - 1)
            code = [
                f"v{i} = v{p} + 1",
                f"_t = {i}\nv{i} = v{p} * _t",
                f"v{i} = sum(math.sqrt(x) for x in range({i % 17})) + v{p}",
                f"def f{i}(x):\n    return x + v{p}\n\nv{i} = f{i}(1)",
            ][i % 4]
        name = f"c{i}" if i > 0 and i % 37 == 0 else "_"
        cfg = dict(disabled=True) if i > 0 and i % 53 == 0 else {}
        add(code, name, **cfg)
        if i > 0 and i % 10 == 0:
            add(f'mo.md("""\nSection {i}\n""")', hide_code=True)
        if i > 0 and i % 101 == 0:
            add("x = (", f"broken{i}")
    return cg.generate_filecontents(codes, names, configs)


here = os.path.dirname(os.path.abspath(__file__))
for arg in sys.argv[1:]:
    with open(os.path.join(here, f"synthetic_{arg}.py"), "w",
              encoding="utf-8", newline="") as f:
        f.write(synthetic(int(arg)))
