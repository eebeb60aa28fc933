#!/bin/sh
# Widths: CJK and emoji take two columns, combining marks none, and the
# frame stays straight on every row; invisible and bidi characters in
# code show as markers; the cursor steps over a wide character as one.
. "${srcdir:-.}/tests/e2e/lib.sh"

acute=$(printf 'e\314\201')	# e and a combining acute accent
mknb "$T/nb.py" "s = \"漢字 😀 $acute\"" 'r = "a‮b​c"'
start nb.py
wait_for '1/2'
wait_for "┃ s = \"漢字 😀 $acute\" "
wait_for '<RLO>'
wait_for '<U\+200B>'
# Every frame row ends at column 80.
screen | sed -n '2,7p' | while IFS= read -r line; do
	w=$(printf '%s' "$line" | /usr/bin/python3 -c 'import sys,unicodedata
s=sys.stdin.read()
print(sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))')
	[ "$w" -eq 80 ] || { echo "width $w: $line"; exit 1; }
done || fail "a frame row is not 80 columns"
keys Enter Home Right Right Right Right Right
wait_for ' 1:6 *$'
keys Right
wait_for ' 1:8 *$'
exit 0
