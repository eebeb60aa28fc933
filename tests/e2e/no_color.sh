#!/bin/sh
# NO_COLOR: no colour attribute reaches the terminal, the focus still
# shows (heavy frame), and TERM=vt100 (no colours at all) works too.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = "text"  # comment' 'y = 2'
start NO_COLOR=1 nb.py
wait_for '1/2'
tm capture-pane -e -p -t t >"$T/esc"
grep -q "$(printf '\033')\[[0-9;]*3[0-7]m\|$(printf '\033')\[[0-9;]*38;5" "$T/esc" &&
    fail "a colour was drawn under NO_COLOR"
grep -q '┏' "$T/esc" || fail "focus not visible"
stop
E2E_TERM=vt100
E2E_ENV=$(echo "$E2E_ENV" | sed 's/TERM=[^ ]*/TERM=vt100/')
start nb.py
wait_for '1/2'
wait_for 'F1 help'
screen | grep -q 'x = "text"  # comment' || fail "code under vt100"
exit 0
