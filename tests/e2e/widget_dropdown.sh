#!/bin/sh
# A dropdown changed with the arrows reruns its reader; a checkbox
# toggled with Space does too (Tab between them inside one output).
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo' 'd = mo.ui.dropdown(["apple", "pear", "fig"], value="pear", label="fruit")
c = mo.ui.checkbox(label="loud")
mo.md(f"{d} {c}")' 'print("got", d.value.upper() if c.value else d.value)'
start nb.py
wait_for '1/3'
keys C-r
wait_for 'got pear' 30
keys Down Tab
wait_for 'OUTPUT'
keys Right
wait_for 'fruit \[fig' 10
wait_for 'got fig' 20
keys Tab Space
wait_for '\[x\] loud'
wait_for 'got FIG' 20
exit 0
