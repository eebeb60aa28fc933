#!/bin/sh
# A form: typing into its field changes nothing until submit; Enter
# submits (SET_WIDGET with the inner value) and the reader reruns.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo' 'f = mo.ui.text(label="name").form()
f' 'print("form gave", f.value)'
start nb.py
wait_for '1/3'
keys C-r
wait_for 'form gave None' 30
keys Down Tab
wait_for 'OUTPUT'
type_text 'ada'
wait_for 'name \[ada'
sleep 0.5
refute 'form gave ada'
keys Enter
wait_for 'form gave ada' 20
wait_for 'submitted'
exit 0
