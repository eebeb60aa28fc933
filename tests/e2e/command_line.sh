#!/bin/sh
# The : command line: Tab completes command names and shows the choices,
# Enter runs, unknown commands are named, Up recalls history.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1'
start nb.py
wait_for '1/1'
keys :
wait_for '^:'
type_text 'ren'
keys Tab
wait_for '^:rename *$'
type_text 'totals'
keys Enter
wait_for '┏━ 1 totals ━'
keys :
type_text 'run-'
keys Tab
wait_for 'run-all run-stale'
keys C-u
type_text 'frobnicate'
keys Enter
wait_for 'unknown command: frobnicate'
keys :
keys Up
wait_for '^:frobnicate'
keys Escape
wait_for 'F1 help'
exit 0
