#!/bin/sh
# The 80x24 screen, character for character, after running a notebook
# with names, wide (CJK) and combining text, hidden code, a line too
# long for the pane and output: compared with a recorded screen (the
# user name and durations normalised).
. "${srcdir:-.}/tests/e2e/lib.sh"

expected="${srcdir:-.}/tests/data/tui/layout_80x24.screen"
cp "${srcdir:-.}/tests/data/tui/layout.py" "$T/layout.py"
start layout.py
wait_for '1/4'
keys C-r
wait_for '23.09999' 30
wait_for 'kernel idle'
screen | sed -e 's/· [^ ]* · kernel/· USER · kernel/' \
    -e 's/✓ [0-9]*\.[0-9][0-9]s/✓ 0.00s/g' >"$T/screen"
if ! cmp -s "$T/screen" "$expected"; then
	diff -u "$expected" "$T/screen"
	fail "the screen differs from $expected"
fi
exit 0
