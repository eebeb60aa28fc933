#!/bin/sh
# quire view: asks before running, shows outputs only, refuses edits
# and saving.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'secret_code = 1' 'print("shown", secret_code + 1)'
cp "$T/nb.py" "$T/orig.py"
start view nb.py
wait_for 'run this notebook now\? \(y\)es, \(n\)o'
wait_for '· VIEW ·'
refute 'secret_code'
keys y
wait_for '│ shown 2 |┃ shown 2 ' 30
refute 'secret_code'
keys M-v
wait_for 'secret_code = 1'
keys M-v
wait_gone 'secret_code = 1'
keys Enter
refute 'INSERT'
keys :
type_text 'add-below'
keys Enter
wait_for 'view mode: add-below is not available'
keys C-s
wait_for 'view mode'
keys C-q
wait_exit
cmp -s "$T/nb.py" "$T/orig.py" || fail "view mode changed the file"
exit 0
