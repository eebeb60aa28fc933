#!/bin/sh
# C-s saves atomically in marimo's format; reopening shows the edit.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1'
chmod 640 "$T/nb.py"
start nb.py
wait_for '1/1'
keys Enter
type_text '0'
keys Escape
wait_for 'nb.py \[\+\]'
keys C-s
wait_for 'saved .*nb.py \(1 cells\)'
refute 'nb.py \[\+\]'
grep -q '^    x = 10$' "$T/nb.py" || fail "file does not hold the edit"
grep -q '^@app.cell' "$T/nb.py" || fail "not marimo format"
[ "$(stat -c %a "$T/nb.py")" = 640 ] || fail "mode not kept"
[ "$(ls -A "$T" | grep -v '^\(nb.py\|.nb.py.quire-lock\|home\|config\|state\|tmp\)$')" = "" ] ||
    fail "a temporary file was left: $(ls -A "$T")"
keys C-q
wait_exit
stop
start nb.py
wait_for '┃ x = 10 '
exit 0
