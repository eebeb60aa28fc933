#!/bin/sh
# A terminal whose locale is not UTF-8: frames in ASCII, the focus
# still visible ('='), and every non-ASCII character shown as a
# <U+XXXX> marker, so nothing the terminal cannot show is sent.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 's = "Zürich 北京"' 'print(s)'
E2E_ENV=$(echo "$E2E_ENV" | sed 's/LANG=C.UTF-8 LC_ALL=C.UTF-8/LANG=C LC_ALL=C/')
start nb.py
wait_for '1/2'
wait_for '^ \+= 1 ='
wait_for '\| s = "Z<U\+00FC>rich <U\+5317><U\+4EAC>"'
wait_for '^ quire - nb.py - EDIT'
keys C-r
wait_for '\| Z<U\+00FC>rich <U\+5317><U\+4EAC> ' 30
tm capture-pane -p -t t | LC_ALL=C grep -q "$(printf '[\200-\377]')" &&
    fail "a non-ASCII byte reached the screen"
exit 0
