#!/bin/sh
# If the file changed on disk since it was read, saving asks: overwrite,
# reload or save elsewhere.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'mine = 1'
start nb.py
wait_for '1/1'
keys Enter
type_text '0'
keys Escape
sleep 1.1
mknb "$T/nb.py" 'theirs = 2'
keys C-s
wait_for 'the file changed on disk: \(o\)verwrite, \(r\)eload, \(s\)ave as, \(c\)ancel\?'
keys c
wait_for 'not saved'
grep -q 'theirs = 2' "$T/nb.py" || fail "cancel wrote the file"
keys C-s
wait_for 'the file changed on disk'
keys r
wait_for '┃ theirs = 2 '
wait_for 'reloaded'
keys Enter
type_text '0'
keys Escape C-s
wait_for 'saved'
grep -q 'theirs = 20' "$T/nb.py" || fail "save after reload"
mknb "$T/nb.py" 'third = 3'
keys Enter
type_text '9'
keys Escape C-s
wait_for 'the file changed on disk'
keys o
wait_for 'saved'
grep -q 'theirs = 209' "$T/nb.py" || fail "overwrite"
exit 0
