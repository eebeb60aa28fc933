#!/bin/sh
# bench_run.sh: the "Kernel and run" section of `make bench`.
#
#   1. `quire run` on generated chain notebooks (50 and 1,000 small cells,
#      bench/gen-notebook.py) against python3 running the same code as a
#      plain script, in one run: the ratio (target <= 1.15x) and the
#      per-cell overhead, the slope between the two sizes beyond the
#      script's own slope (target < 50 us);
#   2. the peers on the same notebooks, when present: marimo running the
#      notebook as a script (python NB.py, from $QUIRE_TEST_VENV or the
#      build's .venv-test) and `jupyter nbconvert --execute` on the .ipynb;
#   3. rerun latency: edit the first cell of a 200-cell chain and time
#      until the last cell's output arrives, minus the Python work the
#      kernel measured (bench/rerun_latency).
#
# Times are medians of BENCH_RUNS (default 5) wall-clock runs, in ms.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${top_builddir:-$(pwd)}
quire=$build/quire
PY=${SYSTEM_PYTHON:-/usr/bin/python3}
runs=${BENCH_RUNS:-5}
venv=${QUIRE_TEST_VENV:-}
[ -z "$venv" ] && [ -x "$build/.venv-test/bin/python" ] &&
    venv=$build/.venv-test
: "${QUIRE_PYDIR:=$here/../python}"
export QUIRE_PYDIR

if [ ! -x "$quire" ]; then
	echo "skipped: $quire is not built"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# median_ms CMD...: median wall time of $runs runs (after one warm-up),
# or "fail" if the command fails.
median_ms()
{
	"$@" >/dev/null 2>&1 || { echo fail; return; }
	i=0
	: >"$tmp/times"
	while [ $i -lt "$runs" ]; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s%N)
		echo $(( (e - s) / 1000 )) >>"$tmp/times"
		i=$((i + 1))
	done
	sort -n "$tmp/times" | awk -v n="$runs" \
	    'NR == int((n + 1) / 2) { printf "%.1f", $1 / 1000 }'
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "fail" || b == "fail" || a == "-" || b == "-" || b <= 0)
			print "-"; else printf "%.2fx", a / b }'
}

marimo=
if [ -n "$venv" ] && "$venv/bin/python" -c 'import marimo' 2>/dev/null; then
	marimo=$venv/bin/python
fi
nbconvert=$(command -v jupyter-nbconvert || true)
[ -n "$nbconvert" ] && ! "$PY" -c 'import ipykernel' 2>/dev/null &&
    nbconvert=

echo "quire run vs python3 running the same cells as a script (ms)"
printf '%-6s %8s %8s %7s %8s %7s %9s %7s\n' cells python3 quire ratio \
    marimo m/quire nbconvert n/quire
for n in 50 1000; do
	for f in marimo script ipynb; do
		ext=py
		[ $f = ipynb ] && ext=ipynb
		"$PY" "$here/gen-notebook.py" --cells "$n" --format $f \
		    >"$tmp/chain$n.$f.$ext"
	done
	p=$(median_ms "$PY" "$tmp/chain$n.script.py")
	q=$(median_ms "$quire" run "$tmp/chain$n.marimo.py")
	m=-
	[ -n "$marimo" ] && m=$(median_ms "$marimo" "$tmp/chain$n.marimo.py")
	j=-
	[ -n "$nbconvert" ] && j=$(median_ms "$nbconvert" --to notebook \
	    --execute --output "$tmp/out$n.ipynb" "$tmp/chain$n.ipynb.ipynb")
	printf '%-6s %8s %8s %7s %8s %7s %9s %7s\n' "$n" "$p" "$q" \
	    "$(ratio "$q" "$p")" "$m" "$(ratio "$m" "$q")" "$j" \
	    "$(ratio "$j" "$q")"
	eval "p$n=\$p q$n=\$q"
done
awk -v p50="$p50" -v p1k="$p1000" -v q50="$q50" -v q1k="$q1000" 'BEGIN {
	if (q50 == "fail" || q1k == "fail") { print "quire run failed"; exit }
	slope = ((q1k - q50) - (p1k - p50)) / 950 * 1000
	printf "per-cell overhead beyond the script: %.0f us (target < 50 us)\n",
	    slope
	r = q1k / p1k
	printf "ratio at 1,000 cells: %.2fx (target <= 1.15x): %s\n", r,
	    r <= 1.15 ? "met" : "MISSED"
}'
[ -z "$marimo" ] && echo "(no marimo column: set QUIRE_TEST_VENV or run" \
    "tests/venv.sh)"
[ -z "$nbconvert" ] && echo "(no nbconvert column: install" \
    "jupyter-nbconvert and python3-ipykernel)"

echo
echo "rerun latency: first cell of a 200-cell chain edited, until the" \
    "last cell's output"
if [ -x "$build/bench/rerun_latency" ]; then
	"$build/bench/rerun_latency" "$quire" 200 20
else
	echo "skipped: bench/rerun_latency is not built"
fi
