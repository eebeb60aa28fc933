#!/bin/sh
# F3 lists the variables with the cells that define and read them; F4
# shows the focused cell's parents and children; Enter on a line goes
# to that cell.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'rate = 0.05' 'years = 10' 'total = (1 + rate) ** years' 'print(total)'
start -s 120x30 nb.py
wait_for '1/4'
keys F3
wait_for 'variables'
wait_for 'rate = 1 -> 3'
wait_for 'total = 3 -> 4'
keys F3
wait_gone 'rate = 1 -> 3'
keys Down Down F4
wait_for 'dependencies'
wait_for 'cell 3'
wait_for '1: rate'
wait_for '2: years'
wait_for '4: total'
keys Down Down Down Down Down Down Down Enter
wait_for '4/4'
exit 0
