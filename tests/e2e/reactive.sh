#!/bin/sh
# Changing a cell reruns the cells that read its names when it is left
# (the dependent's output changes), and only those.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'base = 1' 'print("double", base * 2)' 'import time
print("stamp", time.monotonic_ns())'
start nb.py
wait_for '1/3'
keys C-r
wait_for '│ double 2 ' 30
stamp=$(screen | grep -o 'stamp [0-9]*')
keys Enter BSpace
type_text '5'
keys Escape
wait_for '│ double 10 ' 30
wait_for 'kernel idle'
[ "$(screen | grep -o 'stamp [0-9]*')" = "$stamp" ] ||
    fail "a cell that does not read base ran again"
exit 0
