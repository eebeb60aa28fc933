#!/bin/sh
# Output carrying terminal escapes (OSC 52 clipboard, window title,
# cursor motion, clear screen, a DECRQSS query, C1 controls) is shown
# as harmless markers: the bars and the frame stay intact, nothing is
# cleared, and the footer counts what was shown instead of done.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'print("A\x1b]52;c;ZXZpbA==\x07B")
print("T\x1b]0;pwned\x07U")
print("C\x1b[2J\x1b[HD\x1b[5;5HE")
print("Q\x1bP$qm\x1b\\R")
print("F\x9b31mG")
print("\x1b[31mred\x1b[0m plain")'
start nb.py
wait_for '1/1'
keys C-r
wait_for 'plain' 30
wait_for '✓ [0-9.]+s'
screen | grep -q 'A\^\[\]52;…\[10 B\]\^GB' || fail "OSC 52 not shown as a marker"
screen | grep -q 'T\^\[\]0;…\[5 B\]\^GU' || fail "title not shown as a marker"
screen | grep -q 'C\^\[\[2J\^\[\[HD\^\[\[5;5HE' || fail "cursor escapes"
screen | grep -q 'Q\^\[P\$q…\[1 B\]\^\[\\R' || fail "DECRQSS"
screen | grep -q 'F<U+009B>31mG' || fail "C1 CSI"
screen | grep -q '┃ red plain ' || fail "SGR should colour, not show"
screen | grep -q 'control sequences shown as text' || fail "footer"
row 1 | grep -q '^ quire · nb.py' || fail "top bar overwritten"
row 2 | grep -q '^ ┏━ 1 ━' || fail "frame overwritten"
tm display -p -t t '#{pane_title}' | grep -q pwned && fail "title was set"
exit 0
