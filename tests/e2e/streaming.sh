#!/bin/sh
# Output streams in while the cell runs: the first line shows before
# the cell has finished.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import time
for i in range(3):
    print("tick", i, flush=True)
    time.sleep(0.6)'
start nb.py
wait_for '1/1'
keys C-r
wait_for '┃ tick 0 ' 30
screen | grep -q '● running' || fail "tick 0 came only after the end"
refute 'tick 2'
wait_for '┃ tick 2 ' 10
wait_for '✓ [0-9.]+s'
exit 0
