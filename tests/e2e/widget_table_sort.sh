#!/bin/sh
# A sorted mo.ui.table: the row selected is the one under the cursor in
# the sorted order (the window's row_ids), not the row at that position
# in the table's own order; the ✓ follows it. SKIP without Debian's
# pandas.
/usr/bin/python3 -c 'import pandas' 2>/dev/null || {
	echo "Debian's python3-pandas is not installed"
	exit 77
}
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo
import pandas as pd' 't = mo.ui.table(pd.DataFrame({"x": [30, 10, 20]}), selection="multi")
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
exit 0
