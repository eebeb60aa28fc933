#!/bin/sh
# Moving between cells with the arrows, End and Home; the focus and the
# position follow, and the column scrolls to keep the focus in view.
. "${srcdir:-.}/tests/e2e/lib.sh"

cells=
i=1
set --
while [ $i -le 12 ]; do
	set -- "$@" "v$i = $i"
	i=$((i + 1))
done
mknb "$T/nb.py" "$@"
start nb.py
wait_for ' 1/12 *$'
keys Down Down
wait_for ' 3/12 *$'
screen | grep -q '┏━ 3 ━' || fail "cell 3 not focused"
keys End
wait_for ' 12/12 *$'
screen | grep -q '┃ v12 = 12 ' || fail "last cell not in view"
refute 'v1 = 1 '
keys Home
wait_for ' 1/12 *$'
screen | grep -q '┃ v1 = 1 ' || fail "first cell not in view"
keys PageDown
wait_gone ' 1/12 *$'
refute '┃ v1 = 1 '
exit 0
