#!/bin/sh
# A Markdown output renders formatted: a heading underlined, list items
# with bullets, a GFM table aligned under its header rule, a link as
# its text (the target only in the bottom bar, on demand).
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo' 'mo.md("""
# Results
See [the docs](https://example.com/docs).

- first **point**
- second

| name | score |
|------|------:|
| ann  | 1 |
| bob  | 22 |
""")'
start -s 80x40 nb.py
wait_for '1/2'
keys C-r
wait_for '│ Results ' 30
wait_for '│ ═══════ '
wait_for '│ • first point '
wait_for '│ • second '
wait_for '│ name  +score '
wait_for '│ ann  +1 '
wait_for '│ bob  +22 '
wait_for '│ See the docs\. '
refute 'link: https'
# The link's target shows on demand: focus the output, the link is its
# only element.
keys Down Tab
wait_for 'link: https://example.com/docs'
keys Escape
wait_gone 'OUTPUT'
exit 0
