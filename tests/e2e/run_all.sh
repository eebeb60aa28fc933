#!/bin/sh
# C-r runs every cell: states become ✓ with a duration, printed output
# and the last expression's value show under the code.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 20' 'print("x is", x)' 'x * 2 + 2'
start nb.py
wait_for '1/3'
refute '✓'
keys C-r
wait_for '│ x is 20 ' 30
wait_for '│ 42 ' 30
[ "$(screen | grep -c '✓ [0-9.]*s')" -eq 3 ] || fail "three cells ran"
wait_for 'kernel idle'
exit 0
