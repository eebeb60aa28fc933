#!/bin/sh
# bench_run.sh: the "Kernel and run" section of `make bench`.
#
#   1. `quire run` on generated chain notebooks (50 and 1,000 small cells,
#      bench/gen-notebook.py) against python3 running the same code as a
#      plain script, in one run: the ratio (target <= 1.15x) and the
#      per-cell overhead, the slope between the two sizes beyond the
#      script's own slope (target < 50 us). quire twice: cold (an empty
#      cache before every run, so the editor side parses and analyses
#      the file and the kernel compiles every cell) and warm (the cache
#      holds the notebook and the compiled cells, as on every run after
#      the first). The three are timed in rounds, one
#      run of each per round, so the load of a shared machine falls on
#      all of them alike;
#   2. the peers on the same notebooks, when present: marimo running the
#      notebook as a script (python NB.py, from $QUIRE_TEST_VENV or the
#      build's .venv-test) and `jupyter nbconvert --execute` on the .ipynb;
#   3. rerun latency: edit the first cell of a 200-cell chain and time
#      until the last cell's output arrives, minus the Python work the
#      kernel measured (bench/rerun_latency).
#
# Times are medians of BENCH_RUNS (default 5) wall-clock runs, in ms.
# A column whose program is missing is "-", and a line below the table
# names what to install.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${top_builddir:-$(pwd)}
quire=$build/quire
walltime=$build/bench/walltime
PY=${SYSTEM_PYTHON:-/usr/bin/python3}
runs=${BENCH_RUNS:-5}
venv=${QUIRE_TEST_VENV:-}
[ -z "$venv" ] && [ -x "$build/.venv-test/bin/python" ] &&
    venv=$build/.venv-test
: "${QUIRE_PYDIR:=$here/../python}"
export QUIRE_PYDIR

if [ ! -x "$quire" ] || [ ! -x "$walltime" ]; then
	echo "skipped: $quire or $walltime is not built"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# wall KEY CMD...: CMD's wall-clock time, taken by bench/walltime
# around the spawn and the wait as hyperfine does (perf stat's own
# start, about 10 ms, or two date processes around the command, 1.7 ms,
# would land on every command alike and flatter the ratios; a python3
# timing it would leave python3's code hot in the caches for python3's
# own runs), in us to $tmp/wall.KEY. $fresh, when set, names a command
# run before it (untimed).
wall()
{
	k=$1
	shift
	${fresh:+$fresh}
	"$walltime" "$@" >>"$tmp/wall.$k"
}

# cpu KEY CMD...: CMD's CPU time (user + system of the command and the
# processes it waited for, from perf stat or else getrusage through
# /usr/bin/time), in ms to $tmp/cpu.KEY; $fresh as for wall. CPU time
# says what the work costs on a loaded machine, where wall time says
# how long a person waits. Taken in rounds of their own: perf's start
# just before a timed run slowed the run.
cpu()
{
	k=$1
	shift
	${fresh:+$fresh}
	if [ -n "$perf" ]; then
		"$perf" stat -x, -o "$tmp/stat" -e task-clock "$@" \
		    >/dev/null 2>&1
		grep task-clock "$tmp/stat" | cut -d, -f1 >>"$tmp/cpu.$k"
	elif [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S' -o "$tmp/stat" "$@" >/dev/null 2>&1
		awk '{ print ($1 + $2) * 1000 }' "$tmp/stat" >>"$tmp/cpu.$k"
	else
		"$@" >/dev/null 2>&1
		echo - >>"$tmp/cpu.$k"
	fi
}

# median KEY: "WALL CPU", the medians of what wall and cpu KEY collected,
# in ms.
median()
{
	w=$(sort -n "$tmp/wall.$1" | awk -v n="$runs" \
	    'NR == int((n + 1) / 2) { printf "%.1f", $1 / 1000 }')
	c=$(sort -n "$tmp/cpu.$1" | awk -v n="$runs" \
	    'NR == int((n + 1) / 2) { if ($1 == "-") print "-";
	        else printf "%.1f", $1 }')
	echo "$w $c"
}

# measure CMD...: run it $runs times (after one warm-up) and print
# median; "fail fail" if the command fails.
measure()
{
	"$@" >/dev/null 2>&1 || { echo "fail fail"; return; }
	: >"$tmp/wall.m"
	: >"$tmp/cpu.m"
	i=0
	while [ $i -lt "$runs" ]; do
		wall m "$@"
		i=$((i + 1))
	done
	i=0
	while [ $i -lt "$runs" ]; do
		cpu m "$@"
		i=$((i + 1))
	done
	median m
}

# core N: python3 on the script and quire run cold and warm on the
# notebook of N cells, in rounds (one run of each per round, after a
# warm-up of each), so that a change in the machine's load falls on all
# three alike, first for the wall clock and then for CPU time; sets pw pc (python3), kw kc (cold), qw qc (warm). Cold
# runs get an empty cache (removed before each run, untimed); warm ones
# the cache the warm-ups filled.
core()
{
	nb=$tmp/chain$1.marimo.py
	sc=$tmp/chain$1.script.py
	pw=fail pc=fail kw=fail kc=fail qw=fail qc=fail
	for k in p k q; do
		: >"$tmp/wall.$k"
		: >"$tmp/cpu.$k"
	done
	"$PY" "$sc" >/dev/null 2>&1 || return
	XDG_CACHE_HOME=$tmp/cache-cold
	"$quire" run "$nb" >/dev/null 2>&1 || return
	XDG_CACHE_HOME=$tmp/cache-warm
	"$quire" run "$nb" >/dev/null 2>&1 || return
	"$quire" run "$nb" >/dev/null 2>&1 || return
	for how in wall cpu; do
		i=0
		while [ $i -lt "$runs" ]; do
			$how p "$PY" "$sc"
			XDG_CACHE_HOME=$tmp/cache-cold
			fresh=cold_cache
			$how k "$quire" run "$nb"
			fresh=
			XDG_CACHE_HOME=$tmp/cache-warm
			$how q "$quire" run "$nb"
			i=$((i + 1))
		done
	done
	set -- $(median p)
	pw=$1 pc=$2
	set -- $(median k)
	kw=$1 kc=$2
	set -- $(median q)
	qw=$1 qc=$2
}

cold_cache()
{
	rm -rf "$tmp/cache-cold"
}
fresh=

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "fail" || b == "fail" || a == "-" || b == "-" || b <= 0)
			print "-"; else printf "%.2fx", a / b }'
}

perf=$(command -v perf || true)
[ -n "$perf" ] && ! "$perf" stat -e task-clock true >/dev/null 2>&1 && perf=

marimo=
if [ -n "$venv" ] && "$venv/bin/python" -c 'import marimo' 2>/dev/null; then
	marimo=$venv/bin/python
fi
# jupyter nbconvert --execute needs the program and a Python kernel.
nbconvert=$(command -v jupyter-nbconvert || true)
nbmissing=
[ -z "$nbconvert" ] && nbmissing="jupyter-nbconvert"
if ! "$PY" -c 'import ipykernel' 2>/dev/null; then
	nbmissing="${nbmissing:+$nbmissing and }python3-ipykernel"
	nbconvert=
fi

# The cache (notebook and compiled cells): warm keeps it between runs,
# cold empties it.
XDG_CACHE_HOME=$tmp/cache-warm
export XDG_CACHE_HOME

echo "quire run vs python3 running the same cells as a script"
echo "(wall ms / CPU ms, medians of $runs; quire cold: empty cache;" \
    "warm: cached; ratio: warm over python3, wall then CPU)"
printf '%-6s %13s %13s %13s %13s %15s %7s %15s %7s\n' cells python3 \
    quire_cold quire_warm ratio marimo m/quire nbconvert n/quire
for n in 50 1000; do
	for f in marimo script ipynb; do
		ext=py
		[ $f = ipynb ] && ext=ipynb
		"$PY" "$here/gen-notebook.py" --cells "$n" --format $f \
		    >"$tmp/chain$n.$f.$ext"
	done
	core "$n"
	mw=- mc=-
	if [ -n "$marimo" ]; then
		set -- $(measure "$marimo" "$tmp/chain$n.marimo.py")
		mw=$1 mc=$2
	fi
	jw=- jc=-
	if [ -n "$nbconvert" ]; then
		set -- $(measure "$nbconvert" --to notebook --execute \
		    --output "$tmp/out$n.ipynb" "$tmp/chain$n.ipynb.ipynb")
		jw=$1 jc=$2
	fi
	printf '%-6s %13s %13s %13s %13s %15s %7s %15s %7s\n' "$n" \
	    "$pw/$pc" "$kw/$kc" "$qw/$qc" \
	    "$(ratio "$qw" "$pw")/$(ratio "$qc" "$pc")" \
	    "$mw/$mc" "$(ratio "$mw" "$qw")" "$jw/$jc" "$(ratio "$jw" "$qw")"
	eval "pw$n=\$pw qw$n=\$qw pc$n=\$pc qc$n=\$qc kw$n=\$kw kc$n=\$kc"
done
# overhead NAME Q50 Q1K CQ50 CQ1K: the per-cell slope beyond the script's.
overhead()
{
	awk -v name="$1" -v p50="$pw50" -v p1k="$pw1000" -v q50="$2" \
	    -v q1k="$3" -v cp50="$pc50" -v cp1k="$pc1000" -v cq50="$4" \
	    -v cq1k="$5" 'BEGIN {
		if (q50 == "fail" || q1k == "fail") {
			print "quire run failed (" name ")"
			exit
		}
		slope = ((q1k - q50) - (p1k - p50)) / 950 * 1000
		printf "per-cell overhead beyond the script, %s: wall %.0f us",
		    name, slope
		if (cq1k != "-") {
			cslope = ((cq1k - cq50) - (cp1k - cp50)) / 950 * 1000
			printf ", CPU %.0f us", cslope
		}
		printf " (target < 50 us): %s\n", slope < 50 ? "met" : "MISSED"
		r = q1k / p1k
		printf "ratio at 1,000 cells, %s, wall: %.2fx (target <= " \
		    "1.15x): %s\n", name, r, r <= 1.15 ? "met" : "MISSED"
	}'
}
overhead cold "$kw50" "$kw1000" "$kc50" "$kc1000"
overhead warm "$qw50" "$qw1000" "$qc50" "$qc1000"
[ -z "$marimo" ] && echo "(no marimo column: set QUIRE_TEST_VENV or run" \
    "tests/venv.sh)"
[ -n "$nbmissing" ] && echo "(no nbconvert column: install $nbmissing)"

echo
echo "rerun latency: first cell of a 200-cell chain edited, until the" \
    "last cell's output"
if [ -x "$build/bench/rerun_latency" ]; then
	"$build/bench/rerun_latency" "$quire" 200 20
else
	echo "skipped: bench/rerun_latency is not built"
fi
