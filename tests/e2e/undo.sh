#!/bin/sh
# Undo inside a cell (C-z, C-y) and of a whole edit after leaving it.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'a = 1'
start nb.py
wait_for '1/1'
keys Enter
type_text ' + 2'
wait_for '┃ a = 1 \+ 2 '
keys C-z
wait_for '┃ a = 1 \+ *┃'
keys C-y
wait_for '┃ a = 1 \+ 2 '
keys Escape
wait_for '· EDIT ·'
# Between cells, undo takes back the whole edit of the cell.
keys C-z
wait_for '┃ a = 1 *┃'
keys C-y
wait_for '┃ a = 1 \+ 2 '
exit 0
