#!/bin/sh
# A progress line rewritten with \r shows its last state only, in place,
# with a mark in the gutter.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import sys
for i in range(0, 101, 25):
    sys.stdout.write("\rprogress %3d%%" % i)
    sys.stdout.flush()
print()
print("done")'
start nb.py
wait_for '1/1'
keys C-r
wait_for '┃ done ' 30
screen | grep -q '^↻┃ progress 100% ' || fail "last state with the gutter mark"
refute 'progress  25%'
[ "$(screen | grep -c '┃ progress *[0-9]*% ')" -eq 1 ] ||
    fail "one progress line"
exit 0
