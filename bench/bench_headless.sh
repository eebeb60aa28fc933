#!/bin/sh
# bench_headless.sh: what `quire run` spends printing rich outputs (the
# "Headless" part of "Rich outputs" in bench/README.md).
#
#   1. a 10,000-row, 8-column table: the notebook run with the table as
#      its output, against the same notebook showing nothing; the
#      difference is sending the first window and printing its first and
#      last rows;
#   2. a 1000 x 400 matplotlib plot printed as its one-line description
#      and as symbols (--images --width 100: 100 x 20 cells of a 100 x 24
#      box), against the same notebook showing nothing;
#   3. each example notebook under examples/, as a reader runs it.
#
# Times are medians of BENCH_RUNS (default 5) runs after one warm-up, in
# ms: wall-clock and CPU; output_* is a run's excess over the same
# notebook showing nothing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${top_builddir:-$(pwd)}
quire=$build/quire
PY=${SYSTEM_PYTHON:-/usr/bin/python3}
runs=${BENCH_RUNS:-5}
: "${QUIRE_PYDIR:=$here/../python}"
export QUIRE_PYDIR

if [ ! -x "$quire" ]; then
	echo "skipped: $quire is not built"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench-headless.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure CMD...: "WALL CPU", the median wall-clock and CPU (user +
# system of quire and its kernel, from /usr/bin/time) ms of $runs runs
# after a warm-up; "fail fail" if it fails. CPU time is what the work
# costs on a loaded machine, wall time what a person waits.
measure()
{
	"$@" >/dev/null 2>&1 || { echo "fail fail"; return; }
	i=0
	: >"$tmp/wall"
	: >"$tmp/cpu"
	while [ $i -lt "$runs" ]; do
		s=$(date +%s%N)
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f '%U %S' -o "$tmp/stat" "$@" \
			    >/dev/null 2>&1
			awk '{ print ($1 + $2) * 1000 }' "$tmp/stat" >>"$tmp/cpu"
		else
			"$@" >/dev/null 2>&1
			echo 0 >>"$tmp/cpu"
		fi
		e=$(date +%s%N)
		echo $(((e - s) / 1000)) >>"$tmp/wall"
		i=$((i + 1))
	done
	printf '%s %s\n' "$(median "$tmp/wall" 1000)" "$(median "$tmp/cpu" 1)"
}

# median FILE DIV: the median of the numbers in FILE, divided by DIV.
median()
{
	sort -n "$1" | awk -v d="$2" '{ v[NR] = $1 } END {
	    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    printf "%.0f", m / d }'
}

# nb FILE SETUP SHOW: a two-cell marimo notebook, SETUP then SHOW.
nb()
{
	{
		printf 'import marimo\n\n__generated_with = "0.25.2"\n'
		printf 'app = marimo.App()\n\n\n@app.cell\ndef _():\n'
		printf '%s\n' "$2" | sed 's/^/    /'
		printf '    return\n\n\n@app.cell\ndef _():\n'
		printf '    %s\n    return\n\n\n' "$3"
		printf 'if __name__ == "__main__":\n    app.run()\n'
	} >"$1"
}

# report WHAT BASE RESULT: one line, the result's wall and CPU ms and
# their excess over the base (both "WALL CPU").
report()
{
	set -- "$1" $2 $3
	awk -v w="$1" -v bw="$2" -v bc="$3" -v rw="$4" -v rc="$5" 'BEGIN {
	    if (rw == "fail" || bw == "fail") { print w " failed"; exit }
	    printf "%s wall_ms=%s cpu_ms=%s output_wall_ms=%d " \
	        "output_cpu_ms=%d\n", w, rw, rc, rw - bw, rc - bc }'
}

# The kernel imports nothing heavy here, so that the run's own noise is
# small beside what printing costs: the table is a list of dicts (what
# the kernel sends for it is the same table JSON as for a DataFrame) and
# the plot a PNG that matplotlib drew before the run.
table='global table
table = [{"id": i, "name": "customer %d" % i, "score": i * 0.37,
          "city": "北京" if i % 3 == 0 else "Lyon", "active": i % 2 == 0,
          "balance": (i * 7919) % 100000 / 100,
          "segment": ("retail", "corporate", "public")[i % 3],
          "note": "a longer note about account %d" % i}
         for i in range(10000)]'
nb "$tmp/t0.py" "$table" "_ = table"
nb "$tmp/t1.py" "$table" "table"
t0=$(measure "$quire" run "$tmp/t0.py")
t1=$(measure "$quire" run "$tmp/t1.py")
report "headless table rows=10000 cols=8" "$t0" "$t1"

if "$PY" - "$tmp/plot.png" <<'PYEOF' 2>/dev/null
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(10, 4))
ax.plot([i * i for i in range(100)], label="squares")
ax.plot([50 * i for i in range(100)], label="lines")
ax.legend()
fig.savefig(sys.argv[1], format="png")
PYEOF
then
	plot="import marimo as mo
global pic
pic = mo.image(open('$tmp/plot.png', 'rb').read(), alt='a plot')"
	nb "$tmp/p0.py" "$plot" "_ = pic"
	nb "$tmp/p1.py" "$plot" "pic"
	p0=$(measure "$quire" run "$tmp/p0.py")
	p1=$(measure "$quire" run "$tmp/p1.py")
	p2=$(measure "$quire" run --images --width 100 "$tmp/p1.py")
	report "headless plot 1000x400 line" "$p0" "$p1"
	report "headless plot 1000x400 symbols box=100x24" "$p0" "$p2"
else
	echo "headless plot: skipped (no matplotlib for $PY)"
fi

for f in "$here"/../examples/*.py; do
	[ -f "$f" ] || continue
	m=$(cd "$tmp" && measure "$quire" run "$f")
	echo "headless example $(basename "$f") wall_ms=${m% *}" \
	    "cpu_ms=${m#* }"
done
