#!/bin/sh
# Bracketed paste is text: inside a cell it goes in as it is (no
# auto-indent doubling the indentation, control characters kept as
# text and shown as markers); between cells it runs nothing.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1'
start nb.py
wait_for '1/1'
tm set-buffer -b p "$(printf ':q\rdef f():\n    return 1')"
tm paste-buffer -p -b p -t t
wait_for 'paste: edit a cell first'
keys Enter End
tm set-buffer -b p "$(printf '\ndef f():\n    return 1\n\021q')"
tm paste-buffer -p -b p -t t
wait_for '┃ def f\(\): '
wait_for '┃     return 1 '
wait_for '┃ \^Qq '
refute 'quire exited'
refute 'save changes before quitting'
exit 0
