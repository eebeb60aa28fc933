#!/bin/sh
# A second quire on the same notebook is told who has it open and may
# edit anyway, view it read-only, or quit.
. "${srcdir:-.}/tests/e2e/lib.sh"

# wait2 PATTERN: the second session shows it (10 s at most).
wait2() {
	n=200
	until tm capture-pane -p -t t2 | grep -Eq -- "$1"; do
		n=$((n - 1))
		[ $n -gt 0 ] || { tm capture-pane -p -t t2; fail "never saw: $1"; }
		sleep 0.05
	done
}

mknb "$T/nb.py" 'x = 1'
start nb.py
wait_for '1/1'
tm new-session -d -s t2 -x 80 -y 24 "cd '$T' && env -i PATH='$PATH' $E2E_ENV '$QUIRE' nb.py; echo '[second exited]'; sleep 600"
wait2 'in use by .*@'
tm capture-pane -p -t t2 | grep -q "pid $(tm display -p -t t '#{pane_pid}' | xargs ps -o pid= --ppid | tr -d ' '): (e)dit anyway, (v)iew only, (q)uit?" ||
    fail "the warning names the holder"
tm send-keys -t t2 v
wait2 'read-only'
tm send-keys -t t2 Enter
wait2 'view mode: edit-cell is not available'
tm capture-pane -p -t t2 | grep -q 'INSERT' && fail "edited in view only"
tm send-keys -t t2 C-q
wait2 'second exited'
keys C-q
wait_exit
ls -A "$T" | grep -q 'quire-lock' && fail "lock left behind"
exit 0
