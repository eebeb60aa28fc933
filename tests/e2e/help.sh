#!/bin/sh
# F1 (and ? between cells) opens help listing the live keymap; it
# changes with the keymap, and Esc closes it.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1'
start nb.py
wait_for '1/1'
keys F1
wait_for 'keys \(plain\)'
wait_for 'Between cells'
wait_for 'C-r  *run every cell'
wait_for 'C-s  *save the notebook'
keys Escape
wait_gone 'Between cells'
keys :
type_text 'keymap vi'
keys Enter
wait_for 'keymap: vi'
keys ?
wait_for 'keys \(vi\)'
keys PageDown PageDown
wait_for 'd d  *delete the cell'
keys q
wait_gone 'keys \(vi\)'
exit 0
