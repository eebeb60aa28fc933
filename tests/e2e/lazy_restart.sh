#!/bin/sh
# Lazy mode (run.on_change = lazy in the config) marks dependents stale
# instead of running them; :restart starts a new kernel.
. "${srcdir:-.}/tests/e2e/lib.sh"

config 'run.on_change = lazy'
mknb "$T/nb.py" 'base = 1' 'print("val", base)'
start nb.py
wait_for '1/2'
wait_for 'lazy'
keys C-r
wait_for '│ val 1 ' 30
keys Enter BSpace
type_text '7'
keys F5
wait_for '● stale' 10
keys Escape
refute '│ val 7 '
keys :
type_text 'run-stale'
keys Enter
wait_for '│ val 7 ' 30
keys :
type_text 'restart'
keys Enter
wait_for 'kernel restarted'
keys C-r
wait_for '│ val 7 ' 30
wait_for 'kernel idle'
exit 0
