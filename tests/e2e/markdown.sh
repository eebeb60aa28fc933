#!/bin/sh
# mo.md output renders simply: headings without '#', bullets, no
# emphasis markers.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo' 'mo.md("""
# Results
- first **point**
- second `code`
""")'
start nb.py
wait_for '1/2'
keys C-r
wait_for '│ Results ' 30
wait_for '│ • first point '
wait_for '│ • second code '
exit 0
