#!/bin/sh
# run_faults.sh: `quire run` end to end on the notebooks in tests/data/run:
# per-cell headers and outputs in display order, exit statuses, --json,
# -- ARGS, and the faults a cell can commit (segfault, os._exit,
# sys.exit, an endless loop, a 10 GB allocation, 200 MB of output, a
# closed stdout, raw fd writes, threads left running, recursion, fork).
# Each must end in a clear cell result with quire alive and bounded.
set -u
: "${QUIRE:?QUIRE must name the built quire}"
[ -x "$QUIRE" ] || { echo "SKIP: $QUIRE not built"; exit 77; }
srcdir=${srcdir:-$(dirname "$0")/..}
case $srcdir in */tests) srcdir=${srcdir%/tests} ;; esac
data=$srcdir/tests/data/run
[ -d "$data" ] || data=$(dirname "$0")/data/run
: "${QUIRE_PYDIR:=$srcdir/python}"
export QUIRE_PYDIR
PY=${SYSTEM_PYTHON:-python3}
# A sanitizer build: crashes must still be signals, and the address
# space limit cannot hold ASan's shadow memory.
asan=0
if ldd "$QUIRE" 2>/dev/null | grep -q libasan; then
	asan=1
	ASAN_OPTIONS=handle_segv=0:detect_leaks=0
	export ASAN_OPTIONS
fi
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME ARGS...: quire run ARGS, stdout in $tmp/out, stderr in $tmp/err,
# status in $st.
run() {
	name=$1
	shift
	timeout 120 "$QUIRE" run "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	cur=$name
}
bad() {
	echo "FAIL: $cur: $*"
	echo "--- stdout"; head -c 2000 "$tmp/out"
	echo "--- stderr"; head -c 2000 "$tmp/err"
	fail=1
}
status() {
	[ "$st" -eq "$1" ] || bad "exit $st, want $1"
}
out_has() {
	grep -Fq -- "$1" "$tmp/out" || bad "stdout lacks '$1'"
}
err_has() {
	grep -Fq -- "$1" "$tmp/err" || bad "stderr lacks '$1'"
}

run basic "$data/basic.py"
status 1
out_has "=== cell 1 ==="
out_has "hello 1"
out_has "=== cell 2 [exception] ==="
out_has "=== cell 3 [cancelled] ==="
out_has "Title"
out_has "═════"	# Markdown is formatted, not raw
out_has "independent 2"
err_has "cell 2: ZeroDivisionError: division by zero"
err_has 'File "<cell-2>", line 1'
err_has "cell 3: An ancestor raised an exception (ZeroDivisionError) in cell 2"
grep -q never "$tmp/out" && bad "a cancelled cell ran"
# Headers come in display order.
[ "$(grep -o '^=== cell [0-9]' "$tmp/out" | tr -d '= ' | tr '\n' ' ')" = \
    "cell1 cell2 cell3 cell4 cell5 " ] || bad "headers out of order"

run json --json "$data/basic.py"
status 1
"$PY" - "$tmp/out" <<'PYEOF' || bad "--json is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False
st = [c["status"] for c in d["cells"]]
assert st == ["success", "exception", "cancelled", "success", "success"], st
c2 = d["cells"][1]
assert c2["error"]["type"] == "ZeroDivisionError", c2
assert "<cell-2>" in c2["error"]["traceback"]
assert d["cells"][2]["error"]["kind"] == "ancestor-raised"
assert d["cells"][2]["error"]["cell_index"] == 1
assert d["cells"][0]["stdout"] == "hello 1\n"
assert d["cells"][3]["outputs"][0][0]["mime"] == "text/markdown"
assert d["cells"][4]["outputs"][0][0]["mime"].endswith("table+json")
PYEOF

run ok "$data/ok.py"
status 0
out_has "n is 3"
grep -qx 6 "$tmp/out" || bad "Markdown **6** is not printed as 6"
out_has "15"

run missing_import "$data/missing_import.py"
status 1
err_has "cell 1: ModuleNotFoundError: No module named 'no_such_module_for_quire_tests'"
err_has "cell 2: An ancestor raised an exception (ModuleNotFoundError)"
out_has "still runs"

run segfault "$data/segfault.py"
status 1
out_has "x set"
out_has "=== cell 2 [killed] ==="
err_has "signal 11 (Segmentation fault)"
err_has "<cell-2>, line 2"
err_has "cell 3: This cell wasn't run because an ancestor crashed the kernel"
err_has "the kernel was restarted"
out_has "independent 42"

run os_exit "$data/os_exit.py"
status 1
err_has "the kernel exited with status 3"
out_has "independent"

run sys_exit "$data/sys_exit.py"
status 1
err_has "cell 1: SystemExit"
out_has "independent"

run cpu_loop --cpu-limit 1 "$data/loop.py"
status 1
err_has "TimeoutError"
out_has "after loop"

# An endless loop stopped by ^C: the cell is interrupted, the rest too.
# timeout --foreground passes the signal to quire once (without it, to
# the whole process group as well: a second ^C).
timeout --foreground 60 "$QUIRE" run "$data/loop.py" >"$tmp/out" \
    2>"$tmp/err" &
pid=$!
i=0
while ! grep -q looping "$tmp/out" 2>/dev/null && [ $i -lt 200 ]; do
	sleep 0.1; i=$((i + 1))
done
sleep 0.3
kill -INT $pid
wait $pid
st=$?
cur=sigint_loop
status 1
out_has "=== cell 1 [interrupted] ==="
err_has "This cell was interrupted and needs to be re-run"
grep -q "after loop" "$tmp/out" && bad "a cell ran after the interrupt"

if [ $asan -eq 0 ]; then
	run bigalloc --memory-limit 2G "$data/bigalloc.py"
	status 1
	err_has "cell 1: MemoryError"
	out_has "small 1024"
fi

if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$tmp/rss" timeout 120 "$QUIRE" run \
	    "$data/print200mb.py" >"$tmp/out" 2>"$tmp/err"
	st=$?
	rss=$(tail -n 1 "$tmp/rss")
else
	run print200mb "$data/print200mb.py"
	rss=0
fi
cur=print200mb
status 0
err_has "output reached the limit of 16777216 bytes"
out_has "next cell"
size=$(wc -c <"$tmp/out")
[ "$size" -lt 17500000 ] || bad "stdout is $size bytes"
maxrss=204800
[ $asan -eq 1 ] && maxrss=614400	# ASan's quarantine and shadow
[ "$rss" -lt $maxrss ] || bad "quire run used $rss kB"

run close_stdout "$data/close_stdout.py"
status 0
out_has "stdout is back"

run fd1 "$data/fd1.py"
status 0
out_has "raw fd 1"
out_has "from C puts"
err_has "raw fd 2"

start=$(date +%s)
run threads "$data/threads.py"
status 0
out_has "main done"
[ $(( $(date +%s) - start )) -lt 10 ] || bad "threads kept quire waiting"

run recursion "$data/recursion.py"
status 1
err_has "RecursionError: maximum recursion depth exceeded"
out_has "after recursion"

run fork "$data/fork.py"
status 0
[ "$(grep -c 'child here' "$tmp/out")" -eq 1 ] || bad "child printed not once"
out_has "parent here"
out_has "after fork"

run cli_args "$data/cli_args.py" -- --n 5 --name=z --flag
status 0
out_has "[('flag', ''), ('n', 5), ('name', 'z')] script"
out_has "run"

run escapes "$data/escapes.py"
status 0
out_has "title"
esc=$(printf '\033')
grep -q "$esc" "$tmp/out" "$tmp/err" && bad "an escape byte reached stdout"

run stop "$data/stop.py"
status 0
out_has "stopped here"
err_has "ancestor was stopped with \`mo.stop\`"

run multidef "$data/multidef.py"
status 1
err_has "The variable 'a' was defined by another cell"
out_has "fine"

run disabled "$data/disabled.py"
status 0
out_has "=== cell 1 [disabled] ==="
out_has "enabled cell"

# Unusable input: status 2 and a message.
mkdir -p "$tmp/venv312"
echo 'version = 3.12.1' >"$tmp/venv312/pyvenv.cfg"
run bad_venv --venv "$tmp/venv312" "$data/ok.py"
status 2
err_has "virtualenv $tmp/venv312 is Python 3.12"
grep -q "=== cell" "$tmp/out" && bad "cells reported for a dead kernel"
run missing "$tmp/nope.py"
status 2
err_has "nope.py"
run directory "$tmp"
status 2
echo 'not a notebook' >"$tmp/notes.txt"
run not_notebook "$tmp/notes.txt"
status 2
run usage
status 2
err_has "usage: quire run"
run option --bogus "$data/ok.py"
status 2
err_has "unknown option --bogus"

exit $fail
