#!/bin/sh
# quire view is an app: outputs and widgets only, no code; Tab walks the
# widgets of the whole notebook, across cells, and they work.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo' 'secret_a = mo.ui.slider(0, 10, value=2, label="speed")
secret_a' 'print("speed is", secret_a.value)' 'secret_b = mo.ui.checkbox(label="fast")
secret_b' 'print("fast is", secret_b.value)'
start view nb.py
wait_for 'run this notebook now\? \(y\)es, \(n\)o'
keys y
wait_for 'speed is 2' 30
wait_for 'fast is False'
refute 'secret_'
refute 'mo\.ui'
keys Tab
wait_for 'OUTPUT'
keys Right
wait_for 'speed is 3' 20
# The next Tab leaves this cell's only widget for the next cell's.
keys Tab Space
wait_for 'fast is True' 20
keys Tab
keys Left
wait_for 'speed is 2' 20
refute 'secret_'
keys Escape C-q
wait_exit
exit 0
