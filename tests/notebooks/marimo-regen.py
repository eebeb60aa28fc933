#!/usr/bin/env python3
"""What real marimo writes for a notebook: the reference of the tests.

    marimo-regen.py [--from-ipynb | --from-percent] IN OUT [IN OUT ...]

Without an option, marimo loads each IN as its editor does (load_app) and
saves it as its editor does, into OUT instead of over IN. With
--from-ipynb or --from-percent, OUT is marimo's own conversion of IN
(`marimo convert`). One process handles many files, because importing
marimo is the slow part. Exit 0, or 1 if marimo failed on a file (the
reason goes to stderr and OUT is not written).

Run it with the test virtualenv's python (tests/venv.sh); it uses only
what the marimo pinned in tests/requirements.txt provides. Used by
tests/conformance.sh and tests/notebooks/make-corpus.py.
"""

import logging
import os
import sys
from pathlib import Path


def _quiet():
    # marimo warns (unknown App keys, violations) on stderr; the tests
    # compare bytes and say themselves what differs.
    logging.disable(logging.WARNING)


def load_and_save(path):
    """marimo's editor: load the notebook file, then save it (no write)."""
    from marimo._session.notebook.file_manager import AppFileManager

    p = Path(path).resolve()
    fm = AppFileManager(p)
    return fm._save_file(p, notebook=fm.app.to_ir(), persist=False)


def from_ipynb(path):
    from marimo._convert.converters import MarimoConvert

    with open(path, encoding="utf-8") as f:
        return MarimoConvert.from_ipynb(f.read()).to_py()


def from_percent(path):
    from marimo._convert.converters import MarimoConvert

    with open(path, encoding="utf-8") as f:
        return MarimoConvert.from_non_marimo_python_script(f.read()).to_py()


def first_diff(a, b):
    """'line N: -A / +B' for the first line where a and b differ."""
    la, lb = a.split("\n"), b.split("\n")
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else "<end of file>"
        y = lb[i] if i < len(lb) else "<end of file>"
        if x != y:
            return "line %d: %r != %r" % (i + 1, x, y)
    return "identical"


def main(argv):
    _quiet()
    fn = load_and_save
    if argv and argv[0] == "--from-ipynb":
        fn, argv = from_ipynb, argv[1:]
    elif argv and argv[0] == "--from-percent":
        fn, argv = from_percent, argv[1:]
    if not argv or len(argv) % 2:
        print("usage: marimo-regen.py [--from-ipynb | --from-percent] "
              "IN OUT [IN OUT ...]", file=sys.stderr)
        return 2
    status = 0
    for src, dst in zip(argv[0::2], argv[1::2]):
        try:
            text = fn(src)
        except Exception as e:  # report, and go on with the next file
            print("%s: marimo failed: %s: %s" % (src, type(e).__name__, e),
                  file=sys.stderr)
            status = 1
            continue
        with open(dst, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
