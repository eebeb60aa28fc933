#!/bin/sh
# A name that does not exist yet opens an empty notebook; it is written
# only when saved, in marimo's format.
. "${srcdir:-.}/tests/e2e/lib.sh"

start fresh.py
wait_for 'new notebook'
wait_for '1/1'
[ -e "$T/fresh.py" ] && fail "file created before saving"
keys Enter
type_text 'answer = 42'
keys Escape C-s
wait_for 'saved'
grep -q 'answer = 42' "$T/fresh.py" || fail "not saved"
grep -q 'app = marimo.App' "$T/fresh.py" || fail "not a marimo notebook"
exit 0
