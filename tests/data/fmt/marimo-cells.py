#!/usr/bin/env python3
"""What marimo reads from notebook files, in the .cells format.

    $QUIRE_TEST_VENV/bin/python marimo-cells.py F.py...

Prints what marimo's loader (get_notebook_status) makes of each file in
the format of the .cells fixtures, without the diag lines and the line=
fields, which marimo does not report the same way. Compare with
`tests/check_fmt_marimo --dump F.py` after removing those. Expected
differences are listed in README.
"""
import logging
import os
import sys

if os.environ.get("MARIMO_SRC"):
    sys.path.insert(0, os.environ["MARIMO_SRC"])
logging.disable(logging.WARNING)
from marimo._ast.load import get_notebook_status
from marimo._schemas.serialization import UnparsableCell, FunctionCell, ClassCell, SetupCell
from marimo._ast.codegen import get_header_comments
out = []
for path in sys.argv[1:]:
    try:
        r = get_notebook_status(path)
    except BaseException as e:
        out.append("error %s\n" % type(e).__name__); continue
    if r.status == "invalid":
        out.append("error invalid\n"); continue
    out.append("status %s\n" % r.status)
    nb = r.notebook
    if nb is None:
        continue
    try:
        h = get_header_comments(path)
    except Exception:
        h = None
    if not h:
        h = nb.header.value if nb.header else None
    if h and h.rstrip():
        h = h.rstrip()
        out.append("header %d\n%s\n" % (len(h.encode()), h))
    out.append("version %s\n" % (nb.version if nb.version else "none"))
    o = nb.app.options
    app = "app"
    for k in ["width", "app_title", "layout_file", "css_file", "html_head_file", "sql_output"]:
        if isinstance(o.get(k), str): app += " %s=%s" % (k, o[k])
    if isinstance(o.get("auto_download"), list):
        for v in o["auto_download"]: app += " auto_download=%s" % v
    out.append(app + "\n")
    for c in nb.cells:
        kind = {UnparsableCell: "unparsable", FunctionCell: "function", ClassCell: "class", SetupCell: "setup"}.get(type(c), "cell")
        name = c.options.get("name", "_") if isinstance(c, UnparsableCell) else c.name
        if name == "__": name = "_"
        opts = c.options
        col = opts.get("column")
        out.append("cell %s %s derived=%d column=%s disabled=%d hide_code=%d expand_output=%d %d\n%s\n" % (kind, name, int(kind in ("function", "class")), "none" if col is None else col, int(bool(opts.get("disabled"))), int(bool(opts.get("hide_code"))), int(bool(opts.get("expand_output"))), len(c.code.encode()), c.code))
sys.stdout.write("".join(out))
