#!/bin/sh
# Split a cell at the cursor, merge it back, disable a cell, collapse
# and expand a long output.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'a = 1
b = 2' 'for i in range(30):
    print("line", i)'
start nb.py
wait_for '1/2'
keys Enter C-Home Down M-s
wait_for '2/3'
wait_for '┃ b = 2 '
above '│ a = 1 ' '┃ b = 2 ' || fail "split order"
keys Escape Up
wait_for '1/3'
keys M-m
wait_for '1/2'
wait_for '┃ b = 2 '
keys Down C-r
wait_for 'line 8 ' 30
wait_for '⋯ 21 more lines \(expand shows all\)'
refute 'line 29 '
keys ]
wait_for '⋯ 8 lines above'
wait_for 'line 15 '
keys [
wait_gone 'lines above'
keys M-e
wait_for 'line 13 '
keys PageDown
wait_for 'line 29 '
keys M-o
wait_for 'output collapsed \(30 lines\)'
keys M-d
wait_for 'disabled'
exit 0
