#!/bin/sh
# Editing a cell: Enter opens the cell editor (INSERT in the top bar),
# typed text appears at the cursor, Esc leaves and the notebook is
# marked modified.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1' 'y = 2'
start nb.py
wait_for '1/2'
keys Enter
wait_for '· INSERT ·'
type_text ' + 41'
wait_for '┃ x = 1 \+ 41 '
row 24 | grep -q '1:11' || fail "cursor position in the bottom bar"
keys Enter
type_text 'z = x'
wait_for '┃ z = x '
keys Escape
wait_for '· EDIT ·'
row 1 | grep -q 'nb.py \[+\]' || fail "not marked modified"
screen | grep -q '┃ x = 1 + 41 ' || fail "text lost on leaving"
exit 0
