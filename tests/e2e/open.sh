#!/bin/sh
# Opening a notebook: every cell is a pane, the first has focus (heavy
# border), the bars name the file, the mode and the position.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1' 'y = x + 1' 'print(y)'
start nb.py
wait_for '1/3'
row 1 | grep -q 'quire · nb.py · EDIT' || fail "top bar"
row 2 | grep -q '^ ┏━ 1 ━' || fail "first cell not focused"
row 3 | grep -q '┃ x = 1 ' || fail "first cell's code"
screen | grep -q '┌─ 2 ─' || fail "second pane"
screen | grep -q '│ y = x + 1 ' || fail "second cell's code"
screen | grep -q '│ print(y) ' || fail "third cell's code"
row 24 | grep -q 'F1 help' || fail "bottom bar hints"
row 24 | grep -q 'C-s save' || fail "bottom bar hints"
refute 'not bound'
exit 0
