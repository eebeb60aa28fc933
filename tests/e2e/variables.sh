#!/bin/sh
# The variables view (F3) shows each name's type and a short value from
# the kernel once cells have run: after the run ends, and when it opens.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 42' 'big = list(range(10**6))' 'y = x + 1'
start -s 120x30 nb.py
wait_for '1/3'
keys F3
wait_for 'variables'
wait_for 'x = 1 -> 3'
keys C-r
wait_for 'kernel idle' 30
wait_for 'x int 42 = 1 -> 3' 30
wait_for 'big list list, len 1000000 = 2'
keys F3
wait_gone 'x int 42'
keys F3
wait_for 'x int 42 = 1 -> 3'
exit 0
