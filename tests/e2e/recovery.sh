#!/bin/sh
# After kill -9 of quire, reopening offers the unsaved work from the
# journal, losing at most the last second of typing: keep brings it
# back (modified, not saved); discard drops it. A save or a deliberate
# quit leaves nothing to recover.
. "${srcdir:-.}/tests/e2e/lib.sh"

# wait_journal TEXT: until the recovery journal holds TEXT, which the
# editor flushes within a second of the edit (longer on a loaded host).
wait_journal() {
	n=200
	while [ $n -gt 0 ]; do
		if grep -aqF -- "$1" "$T/.nb.py.quire-journal" 2>/dev/null; then
			return 0
		fi
		sleep 0.05
		n=$((n - 1))
	done
	fail "the journal never held: $1"
}

# The pid of quire in the pane (the pane runs sh, which runs quire).
quire_pid() {
	ps -o pid= --ppid "$(tm display -p -t t '#{pane_pid}')" | tr -d ' '
}

mknb "$T/nb.py" 'first = 1' 'second = 2'
cp "$T/nb.py" "$T/orig.py"
start nb.py
wait_for '1/2'
keys Enter
type_text ' + 41  # typed'
wait_for 'typed'
keys Escape Down C-n
type_text 'third = 3'
wait_for 'third = 3'
wait_journal 'third = 3'
pid=$(quire_pid)
[ -n "$pid" ] || fail "no quire process"
kill -9 "$pid"
wait_exit
cmp -s "$T/nb.py" "$T/orig.py" || fail "the file changed without a save"
stop
start nb.py
wait_for 'recovered unsaved work of [0-9:]+ \(2 cells\): \(k\)eep, \(d\)iscard\?'
keys k
wait_for 'recovered work kept \(1 changed, 1 added, 0 removed\)'
wait_for 'first = 1 \+ 41  # typed'
wait_for 'third = 3'
row 1 | grep -q 'nb.py \[+\]' || fail "recovered work should be unsaved"
keys C-q
wait_for 'save changes before quitting'
keys n
wait_exit
stop
# Quitting without saving on purpose: nothing to recover.
start nb.py
wait_for '1/2'
refute 'recovered'
refute 'typed'
keys Enter
type_text '0'
wait_for 'first = 10'
wait_journal 'first = 10'
kill -9 "$(quire_pid)"
wait_exit
stop
start nb.py
wait_for 'recovered'
keys d
wait_for 'recovered work discarded'
wait_for '┃ first = 1 *┃'
keys C-s
wait_for 'saved'
keys C-q
wait_exit
ls -A "$T" | grep -q 'quire-journal\|quire-lock' && fail "journal or lock left"
exit 0
