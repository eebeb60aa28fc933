#!/bin/sh
# The vi keymap, chosen in the config file: j/k/G/gg between cells,
# i to insert and Esc to leave, dd deletes and u undoes, o opens a cell
# below, yy/p copy a cell.
. "${srcdir:-.}/tests/e2e/lib.sh"

config '[editor]
keymap = vi'
mknb "$T/nb.py" 'one = 1' 'two = 2' 'three = 3'
start nb.py
wait_for '1/3'
keys j
wait_for '2/3'
keys G
wait_for '3/3'
keys g g
wait_for '1/3'
keys i
wait_for '· INSERT ·'
type_text '1'
keys Escape
wait_for '┃ one = 11 '
keys j d d
wait_for '2/2'
refute 'two = 2'
keys u
wait_for 'two = 2'
keys y y p
wait_for '3/4'
[ "$(screen | grep -c 'two = 2')" -eq 2 ] || fail "yy p"
keys o
wait_for '· INSERT ·'
wait_for '4/5'
keys Escape
# j and k are text inside a cell.
keys i
type_text 'jk'
wait_for '┃ jk '
keys Escape
exit 0
