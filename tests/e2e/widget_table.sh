#!/bin/sh
# mo.ui.table: rows selected with Space (SET_WIDGET with the row
# indices) rerun the cell that reads the selection. SKIP without
# Debian's pandas.
/usr/bin/python3 -c 'import pandas' 2>/dev/null || {
	echo "Debian's python3-pandas is not installed"
	exit 77
}
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import marimo as mo
import pandas as pd' 't = mo.ui.table(pd.DataFrame({"x": [10, 20, 30]}), selection="multi")
t' 'print("picked", list(t.value["x"]))'
start -s 80x30 nb.py
wait_for '1/3'
keys C-r
wait_for 'picked \[\]' 30
keys Down Tab
wait_for 'OUTPUT'
keys Down Space
wait_for 'picked \[20\]' 20
keys Down Space
wait_for 'picked \[20, 30\]' 20
keys Space
wait_for 'picked \[20\]' 20
exit 0
