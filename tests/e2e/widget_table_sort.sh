#!/bin/sh
# A sorted mo.ui.table: the row selected is the one under the cursor in
# the sorted order (the window's row_ids), not the row at that position
# in the table's own order; the ✓ follows it. Then > moves the column
# cursor to the second column and s sorts by it: the rows on screen
# follow that column and its header carries the indicator. SKIP without
# Debian's pandas.
/usr/bin/python3 -c 'import pandas' 2>/dev/null || {
	echo "Debian's python3-pandas is not installed"
	exit 77
}
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo
import pandas as pd' 't = mo.ui.table(pd.DataFrame({"x": [30, 10, 20],
    "y": ["b", "c", "a"]}), selection="multi")
t' 'print("picked", list(t.value["x"]))'
start -s 80x30 nb.py
wait_for '1/3'
keys C-r
wait_for 'picked \[\]' 30
keys Down Tab
wait_for 'OUTPUT'
# Sort by x, ascending: 10, 20, 30 (rows 1, 2, 0 of the frame).
keys s
wait_for 'x ?▲' 20
# The cursor is on the first row shown: 10, which is row 1.
keys Space
wait_for 'picked \[10\]' 20
screen | grep -Eq '✓ +10' || fail "the selected row (10) has no ✓"
screen | grep -Eq '✓ +30' && fail "row 30 is marked, 10 was selected"
# Two down: 30, row 0 of the frame.
keys Down Down Space
wait_for 'picked \[30, 10\]|picked \[10, 30\]' 20
screen | grep -Eq '✓ +30' || fail "the selected row (30) has no ✓"
screen | grep -Eq '✓ +20' && fail "row 20 is marked, it was not selected"
# The column cursor: on x, its header drawn in the table cursor's role
# (underlined in the default theme, reverse video in some).
E=$(printf '\033')
header() {
	n=$(screen | grep -n -m1 -E ' x( [▲▼])? +y( |$)' | cut -d: -f1)
	[ -n "$n" ] && tm capture-pane -e -p -t t | sed -n "${n}p"
}
# marked NAME: NAME is underlined or reversed on the header line.
marked() {
	header | grep -Eq "$E\\[([0-9;]*;)?[47](;[0-9;]*)?m($E\\[[0-9;]*m)* *$1"
}
marked x || fail "the header of x (the column cursor) is not highlighted"
# wait_order A B C: the rows come (the kernel's window) in this order.
wait_order() {
	n=400
	until above "$1" "$2" && above "$2" "$3"; do
		n=$((n - 1))
		[ $n -gt 0 ] || fail "the rows are not in the order $*"
		sleep 0.05
	done
}
# > to y, s: sorted by y, ascending: a, b, c (x 20, 30, 10).
keys '>'
wait_for 'column +s sort \(y\)'
marked y || fail "the header of y (the column cursor) is not highlighted"
marked x && fail "x is still highlighted, the cursor is on y"
keys s
wait_for 'y ?▲' 20
refute 'x ?[▲▼]'
wait_order '20  *a' '30  *b' '10  *c'
# s again: descending, c, b, a.
keys s
wait_for 'y ?▼' 20
refute 'x ?[▲▼]'
wait_order '10  *c' '30  *b' '20  *a'
# The selection still follows the rows: 30 and 10 keep their ✓.
screen | grep -Eq '✓ +30' || fail "the selected row (30) lost its ✓"
exit 0
