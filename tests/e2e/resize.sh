#!/bin/sh
# Resizing at any time: down to 40x10 everything is still drawn, below
# it a notice says how much room is needed, and growing back restores
# the full screen.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'alpha = "a long line of code that is wider than forty columns, surely"' 'beta = 2'
start nb.py
wait_for '1/2'
tm resize-window -t t -x 40 -y 10
wait_for '^ quire · nb.py'
wait_for '1/2 *$'
row 2 | grep -q '^ ┏━ 1 ━*┓$' || fail "frame at 40 columns"
[ "$(row 3 | wc -m)" -le 41 ] || fail "a row is wider than 40 columns"
tm resize-window -t t -x 30 -y 8
wait_for 'quire needs 40x10 \(now 30x8\)'
tm resize-window -t t -x 80 -y 24
wait_for '│ beta = 2 '
wait_for 'F1 help'
row 2 | grep -q '^ ┏━ 1 ━' || fail "frame after growing back"
exit 0
