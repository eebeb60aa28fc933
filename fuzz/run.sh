#!/bin/sh
# fuzz/run.sh NAME BINARY SECONDS SRCDIR: run one libFuzzer target for
# SECONDS on a scratch corpus (fuzz/work/NAME, in the build tree: the
# source tree's seed corpus fuzz/corpus/NAME is read, never written), with
# the dictionary fuzz/NAME.dict and the extra flags of fuzz/NAME.options
# and $FUZZ_FLAGS. Called by `make fuzz` (mk/fuzz.am).
#
# Leaves fuzz/fuzz_NAME.log (libFuzzer's output) and fuzz/fuzz_NAME.trs
# (":test-result: PASS" or FAIL, as automake's test harness writes them,
# so tests/summary.sh counts each target as one test). A crash, a
# sanitizer report, a leak or an input slower than 10 s fails; libFuzzer
# writes the input to fuzz/artifacts/NAME-*, which
# `fuzz/replay_NAME fuzz/artifacts/NAME-...` replays under gdb.
set -u
if [ $# -ne 4 ]; then
	echo "usage: run.sh name binary seconds srcdir" >&2
	exit 2
fi
name=$1
bin=$2
seconds=$3
srcdir=$4
seeds=$srcdir/fuzz/corpus/$name
log=fuzz/fuzz_$name.log
trs=fuzz/fuzz_$name.trs

mkdir -p "fuzz/work/$name" fuzz/artifacts || exit 2
set -- -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="fuzz/artifacts/$name-"
[ -f "$srcdir/fuzz/$name.dict" ] && set -- "$@" -dict="$srcdir/fuzz/$name.dict"
if [ -f "$srcdir/fuzz/$name.options" ]; then
	# shellcheck disable=SC2046
	set -- "$@" $(cat "$srcdir/fuzz/$name.options")
fi
# shellcheck disable=SC2086
set -- "$@" ${FUZZ_FLAGS:-}

echo "  FUZZ     $name (${seconds}s)"
if [ ! -d "$seeds" ]; then
	echo "$seeds: no seed corpus" >"$log"
	rc=1
else
	ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	    "$bin" "$@" "fuzz/work/$name" "$seeds" >"$log" 2>&1
	rc=$?
fi

if [ "$rc" -eq 0 ]; then
	result=PASS
else
	result=FAIL
	echo "FAIL: fuzz target $name (exit $rc); the end of $log:" >&2
	tail -n 30 "$log" >&2
fi
{
	echo ":test-result: $result"
	echo ":global-test-result: $result"
	echo ":recheck: no"
	echo ":copy-in-global-log: no"
} >"$trs"
[ "$result" = PASS ]
