#!/bin/sh
# An exception shows its traceback in the cell, the title says error,
# the gutter marks the cell line that raised, and dependents are
# blocked.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'a = 1
b = 0
c = a / b' 'print(c)'
start nb.py
wait_for '1/2'
keys C-r
wait_for 'ZeroDivisionError' 30
wait_for '✗ error'
screen | grep -q '^▶│ c = a / b\|^▶┃ c = a / b' || fail "error line not marked"
screen | grep -q 'line 3' || fail "traceback names the line"
wait_for '✗ blocked|✗ error.*\n.*print' 5
exit 0
