#!/bin/sh
# C-q with unsaved changes asks; c cancels, n quits without saving.
# Without changes it just quits.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1'
cp "$T/nb.py" "$T/orig.py"
start nb.py
wait_for '1/1'
keys Enter
type_text '9'
# Keys sent with the one that asks cannot answer: the question needs a
# key pressed after it is on screen.
keys Escape
tm send-keys -t t C-q n
wait_for 'save changes before quitting\? \(y\)es, \(n\)o, \(c\)ancel'
sleep 0.3
refute 'quire exited'
keys c
wait_for 'quit cancelled'
keys C-q
wait_for 'save changes before quitting'
keys n
wait_exit
cmp -s "$T/nb.py" "$T/orig.py" || fail "file changed although not saved"
stop
start nb.py
wait_for '1/1'
keys C-q
wait_exit
exit 0
