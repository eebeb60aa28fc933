#!/bin/sh
# The mouse, with real SGR mouse reports written to quire's terminal
# (what a terminal sends with modes 1000 and 1006 on): a click on a pane
# focuses its cell, a click in a cell's code edits it with the cursor
# where the click was, a click in another cell while editing moves the
# edit there, and the wheel scrolls the column.
. "${srcdir:-.}/tests/e2e/lib.sh"

# where TEXT: "ROW COL" of TEXT's first character, 1-based, as the
# terminal counts (the frame is one column per character).
where() {
	screen | /usr/bin/python3 -c '
import sys
t = sys.argv[1]
for r, line in enumerate(sys.stdin.read().split("\n"), 1):
    c = line.find(t)
    if c >= 0:
        print(r, c + 1)
        break
' "$1"
}

# mouse B COL ROW [M|m]: one SGR report, press (M) unless told.
mouse() {
	tm send-keys -t t -l "$(printf '\033[<%s;%s;%s%s' "$1" "$2" "$3" \
	    "${4:-M}")"
}

# click COL ROW: press and release of the left button.
click() {
	mouse 0 "$1" "$2" M
	mouse 0 "$1" "$2" m
}

mknb "$T/nb.py" 'alpha = 1' 'beta = 2' 'gamma = 3
delta = gamma + 40' 'c4 = 4' 'c5 = 5' 'c6 = 6' 'c7 = 7' 'c8 = 8' \
    'last_cell = 9'
start nb.py
wait_for ' 1/9( |$)'

# A click on the third pane's title row focuses it, without editing.
set -- $(where 'gamma = 3')
[ -n "$1" ] || fail "no gamma"
click 10 $(($1 - 1))
wait_for ' 3/9( |$)'
refute 'INSERT'

# A click on the 'l' of "delta" edits the cell with the cursor there.
set -- $(where 'delta = gamma')
click $(($2 + 2)) "$1"
wait_for 'INSERT'
wait_for ' 2:3 *$'
type_text 'X'
wait_for 'deXlta = gamma'

# A click in another cell's code moves the edit (committing this one).
set -- $(where 'beta = 2')
click $(($2 + 5)) "$1"
wait_for ' 2/9( |$)'
wait_for ' 1:6 *$'
wait_for 'INSERT'
keys Escape
wait_for 'deXlta = gamma'

# A click past the end of a line puts the cursor at its end.
set -- $(where 'alpha = 1')
click 70 "$1"
wait_for ' 1/9( |$)'
wait_for ' 1:10 *$'
keys Escape
wait_gone 'INSERT'

# The wheel scrolls the column: the last cell comes into view and the
# first goes out of it, and back.
refute 'last_cell'
for i in 1 2 3 4 5 6; do
	mouse 65 40 12
done
wait_for 'last_cell = 9'
refute 'alpha = 1'
for i in 1 2 3 4 5 6 7 8; do
	mouse 64 40 12
done
wait_for 'alpha = 1'
refute 'last_cell'

# A click below the last pane or on the bars does nothing.
click 40 24
click 40 1
wait_for ' 1/9( |$)'
refute 'INSERT'
stop

# Wrapped lines: a click on a line's second row lands in its second row.
config 'editor.wrap = true'
long="w = '$(printf '%070d' 0)abcdefghij'"
mknb "$T/wrap.py" "$long" 'z = 1'
start wrap.py
wait_for ' 1/2( |$)'
set -- $(where 'abcdefghij')
[ -n "$1" ] || fail "the long line is not wrapped"
click $(($2 + 3)) "$1"
wait_for 'INSERT'
type_text 'Y'
wait_for "abcYdefghij'"
# The view mode edits nothing: a click only focuses.
stop
start view nb.py
wait_for 'run this notebook now'
keys n
keys M-v
wait_for 'beta = 2'
set -- $(where 'beta = 2')
click $(($2 + 2)) "$1"
wait_for ' 2/9( |$)'
refute 'INSERT'
type_text 'Q'
refute 'Qbeta|bQeta|beQta'
exit 0
