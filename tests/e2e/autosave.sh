#!/bin/sh
# editor.autosave_seconds: after that many idle seconds the notebook is
# saved by itself.
. "${srcdir:-.}/tests/e2e/lib.sh"

config 'editor.autosave_seconds = 1'
mknb "$T/nb.py" 'x = 1'
start nb.py
wait_for '1/1'
keys Enter
type_text '23'
keys Escape
wait_for 'saved .*nb.py' 5
grep -q '^    x = 123$' "$T/nb.py" || fail "not saved"
refute 'nb.py \[\+\]'
exit 0
