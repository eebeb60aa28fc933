#!/bin/sh
# A cell that kills the kernel: the editor survives, says what happened,
# marks the cell, keeps every edit, and the next run starts a new kernel.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'print("before")' 'import os, signal
os.kill(os.getpid(), signal.SIGKILL)' 'after = 1'
start nb.py
wait_for '1/3'
keys C-r
wait_for '✗ kernel died' 30
wait_for 'kernel dead|killed by signal 9'
wait_for '[│┃] before '
keys Enter
type_text '  # still editing'
keys Escape
wait_for '· EDIT ·'
wait_for '# still editing'
keys Down Down Enter BSpace
type_text '2'
keys F5
wait_for '✓ [0-9.]+s' 30
wait_for 'kernel idle'
exit 0
