#!/bin/sh
# The call hint: after "(" or "," inside a call, the bottom bar shows the
# callee's signature and the first line of its doc, as the live kernel
# knows them; it stays while arguments are typed and goes on ")" or Esc.
# A def in a cell that never ran keeps the notebook's own hint.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import json' 'x = 0' 'raise RuntimeError("stop")
def later(a, b=2):
    """Doc of later."""
    return a'
start nb.py
wait_for ' 1/3( |$)'
keys C-r
wait_for 'kernel idle' 30
keys Down Enter End Enter
type_text 'y = json.dumps('
wait_for 'dumps\(obj, \*, skipkeys=False'
# The hint sits in the bottom bar, not over the line being typed.
row 24 | grep -q 'dumps(obj' || fail "the hint is not in the bottom bar"
wait_for 'y = json\.dumps\( '
type_text '1, '
wait_for 'dumps\(obj, \*, skipkeys=False'
type_text 'indent=2'
wait_for 'dumps\(obj, \*, skipkeys=False'
type_text ')'
wait_gone 'skipkeys'
# A method of a module's class, from the kernel; Esc takes it away.
keys Enter
type_text 'd = json.JSONDecoder('
wait_for 'JSONDecoder\((\*, )?object_hook=None'
keys Escape
wait_gone 'object_hook'
# Never ran: the notebook's def stands, after the kernel's answer too.
keys Enter
wait_for 'INSERT'
type_text ')'
keys Enter
type_text 'z = later('
wait_for '^ later\(a, b=2\)  Doc of later\.'
sleep 1
type_text '1, '
wait_for '^ later\(a, b=2\)  Doc of later\.'
type_text '3)'
wait_gone '^ later\(a, b=2\)'
exit 0
