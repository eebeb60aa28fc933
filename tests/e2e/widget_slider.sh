#!/bin/sh
# A slider moved with the keyboard: Tab takes the keys into the output,
# Right steps the value (drawn at once), the kernel reruns the cell that
# reads it and the screen shows the new result; the defining cell keeps
# its value. Esc gives the keys back.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo' 's = mo.ui.slider(0, 10, value=3, label="cut")
s' 'print("double", s.value * 2)'
start nb.py
wait_for '1/3'
keys C-r
wait_for 'double 6' 30
wait_for 'cut \[.*\] 3 '
keys Down Tab
wait_for 'OUTPUT'
keys Right Right
wait_for 'cut \[.*\] 5 '
wait_for 'double 10' 20
keys Left
wait_for 'double 8' 20
keys Escape
wait_gone 'OUTPUT'
# Keys are the cells' again.
keys Down
wait_for '3/3'
exit 0
