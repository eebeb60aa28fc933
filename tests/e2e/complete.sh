#!/bin/sh
# Tab after a name completes it: from the notebook's own definitions
# before anything ran, and from the live kernel's namespace (attributes
# after a dot) once it runs. Tab in leading blanks indents.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import collections
long_variable_name = 1
def payment(rate, years=10):
    """Monthly payment of a loan."""
    return rate / years' 'x = 0'
start nb.py
wait_for '1/2'
keys Down Enter End Enter
type_text 'y = long_v'
keys Tab
wait_for '┃ y = long_variable_name '
keys Escape C-r
wait_for 'kernel idle' 30
keys Enter End Enter
type_text 'z = collections.Ordere'
keys Tab
wait_for '┃ z = collections.OrderedDict\( '
keys Enter Tab
type_text 'w'
wait_for '┃     w '
# Typing "name(" of a def in the notebook shows its signature.
type_text ' = payment('
wait_for 'payment\(rate, years=10\)  Monthly payment of a loan\.'
exit 0
