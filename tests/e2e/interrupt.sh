#!/bin/sh
# A long run keeps the editor responsive (keys move the focus while it
# runs); C-c interrupts the running cell and the title says so.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import time
print("started", flush=True)
while True:
    time.sleep(0.05)' 'after = 1'
start nb.py
wait_for '1/2'
keys C-r
wait_for '● running' 30
wait_for '│ started |┃ started ' 30
wait_for 'kernel busy'
keys Down
wait_for '2/2' 2
keys Up
wait_for '1/2' 2
keys C-c
wait_for '✗ interrupted' 10
wait_for 'kernel idle' 10
exit 0
