#!/bin/sh
# The audit trail in the editor: with a store, running cells, a kernel
# crash and :restart are recorded; F9 (or :audit) asks the auditor's
# passphrase without showing it, refuses a wrong one, then lists the
# entries newest first under verify's verdict, filters them by type and
# user, and q gives the notebook back. Quitting records the session's
# end, which `quire audit show` lists.
. "${srcdir:-.}/tests/e2e/lib.sh"

printf 'open sesame\n' >"$T/pass"
# shellcheck disable=SC2086
env -i PATH="$PATH" $E2E_ENV "$QUIRE" audit init --passphrase-file \
    "$T/pass" --kdf interactive >/dev/null || fail "audit init"

mknb "$T/nb.py" 'x = 1' 'print("seen", x)' "$(printf 'import os\nos._exit(3)')"
start nb.py
wait_for '1/3'
keys C-r
wait_for '│ seen 1 ' 30
wait_for 'exited with status 3' 30
keys :
type_text 'restart'
keys Enter
wait_for 'kernel restarted'

# A wrong passphrase is refused; nothing typed is ever on screen.
keys F9
wait_for 'auditor passphrase:'
type_text 'not it'
refute 'not it'
keys Enter
wait_for 'wrong passphrase' 30
wait_for 'auditor passphrase:'
type_text 'open sesame'
refute 'sesame'
keys Enter
wait_for 'verify: OK, [0-9]+ entries .*MACs checked' 30
wait_for 'time \(UTC\) +user +type +notebook +cell +outcome'
wait_for 'AUDIT_READ'
wait_for 'KERNEL_RESTART'
wait_for 'KERNEL_CRASH +nb.py .*failed'
wait_for 'CELL_RUN +nb.py +#3 +failed'
wait_for 'CELL_RUN +nb.py +#2 +ok'
wait_for 'NOTEBOOK_OPEN +nb.py'
wait_for 'SESSION_START'
above 'KERNEL_RESTART' 'KERNEL_CRASH' || fail "not newest first"
above 'KERNEL_CRASH' 'SESSION_START' || fail "not newest first"
# The selected entry's details under the list.
wait_for 'Z seq [0-9]+ host='

# t steps through the types the entries hold, newest first; a: all.
keys t
wait_for 'type AUDIT_READ · user all · 2 of'
refute 'CELL_RUN'
# The refused passphrase was an access too.
wait_for 'AUDIT_READ +denied'
keys Down
wait_for 'reason=wrong passphrase'
keys a
wait_for 'type all · user all'
wait_for 'CELL_RUN'
keys u
wait_for 'type all · user [^a]'
wait_for 'CELL_RUN'

keys q
wait_gone 'audit trail'
wait_for '│ seen 1 '
keys :
type_text 'audit'
keys Enter
wait_for 'auditor passphrase:'
keys Escape
wait_gone 'auditor passphrase:'
wait_for 'audit view closed'

keys C-q
wait_exit
# shellcheck disable=SC2086
env -i PATH="$PATH" $E2E_ENV "$QUIRE" audit show --passphrase-file \
    "$T/pass" >"$T/show" 2>&1 || fail "audit show: $(cat "$T/show")"
grep -q ' SESSION_START ok .*command=edit' "$T/show" ||
    fail "no SESSION_START: $(cat "$T/show")"
grep -q ' AUDIT_VERIFY ok ' "$T/show" ||
    fail "the view's verify is not recorded"
grep -q ' SESSION_END ok .*command=edit' "$T/show" ||
    fail "no SESSION_END: $(cat "$T/show")"
grep -q ' KERNEL_CRASH failed .*reason="the kernel exited with status 3"' \
    "$T/show" || fail "no KERNEL_CRASH: $(cat "$T/show")"
grep -q ' AUDIT_READ denied .*reason=".*wrong passphrase' "$T/show" ||
    fail "the refused passphrase is not recorded: $(cat "$T/show")"
exit 0
