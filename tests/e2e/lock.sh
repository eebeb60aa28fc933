#!/bin/sh
# A second quire on the same notebook is told who has it open and may
# edit anyway, view it read-only, or quit.
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'x = 1'
start nb.py
wait_for '1/1'
tm new-session -d -s t2 -x 80 -y 24 "cd '$T' && env -i PATH='$PATH' $E2E_ENV '$QUIRE' nb.py; echo '[second exited]'; sleep 600"
n=100
until tm capture-pane -p -t t2 | grep -q 'in use by .*@'; do
	n=$((n - 1))
	[ $n -gt 0 ] || { tm capture-pane -p -t t2; fail "no lock warning"; }
	sleep 0.1
done
tm capture-pane -p -t t2 | grep -q "pid $(tm display -p -t t '#{pane_pid}' | xargs ps -o pid= --ppid | tr -d ' '): (e)dit anyway, (v)iew only, (q)uit?" ||
    fail "the warning names the holder"
tm send-keys -t t2 v
sleep 0.5
tm capture-pane -p -t t2 | grep -q 'read-only' || fail "view only"
tm send-keys -t t2 Enter
sleep 0.3
tm capture-pane -p -t t2 | grep -q 'INSERT' && fail "edited in view only"
tm send-keys -t t2 C-q
sleep 0.5
tm capture-pane -p -t t2 | grep -q 'second exited' || fail "second did not quit"
keys C-q
wait_exit
ls -A "$T" | grep -q 'quire-lock' && fail "lock left behind"
exit 0
