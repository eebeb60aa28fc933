#!/bin/sh
# / searches the cells' code and moves the focus to the match, n finds
# the next one; C-g goes to a cell by name or number.
. "${srcdir:-.}/tests/e2e/lib.sh"

set --
i=1
while [ $i -le 9 ]; do
	set -- "$@" "v$i = $i"
	i=$((i + 1))
done
mknb "$T/nb.py" "$@" 'needle = 1' 'other = 2' 'x = needle'
start nb.py
wait_for ' 1/12 *$'
keys /
wait_for '^/'
type_text 'needle'
keys Enter
wait_for ' 10/12 *$'
wait_for 'cell 10, line 1'
keys F6
wait_for ' 12/12 *$'
keys C-g
wait_for 'go to cell:'
type_text '3'
keys Enter
wait_for ' 3/12 *$'
keys :
type_text 'rename target'
keys Enter
keys End C-g
type_text 'tar'
keys Tab
wait_for 'go to cell: target'
keys Enter
wait_for ' 3/12 *$'
exit 0
