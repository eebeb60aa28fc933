#!/bin/sh
# Cell operations: add below and above, delete and undo it, move down,
# rename, hide code.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'first = 1' 'second = 2'
start nb.py
wait_for '1/2'
keys C-n
wait_for '2/3'
type_text 'middle = 3'
keys Escape
wait_for '│ second = 2 '
above 'first = 1' 'middle = 3' && above 'middle = 3' 'second = 2' ||
    fail "order after add below"
keys Delete
wait_for 'cell deleted'
refute 'middle = 3'
keys C-z
wait_for 'middle = 3'
keys M-Down
wait_for '3/3'
above 'second = 2' 'middle = 3' || fail "move down"
keys F2
wait_for 'rename cell:'
type_text 'mid'
keys Enter
wait_for '┏━ 3 mid ━'
keys M-h
wait_for 'code hidden'
refute 'middle = 3'
keys M-n
wait_for '3/4'
keys Escape
exit 0
