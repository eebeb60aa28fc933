#!/bin/sh
# bench/run.sh: every benchmark of quire, one section each (`make bench`).
#
#   bench/run.sh [BUILDDIR]
#
# BUILDDIR holds the built bench programs (default: $top_builddir, else
# the current directory). A section whose program is missing says so and
# is skipped. Sections:
#
#   Notebook core   parse + analyse + graph for generated notebooks of
#                   100, 1,000 and 10,000 cells (bench/gen-notebook.py),
#                   quire (bench_load) beside marimo (bench/marimo_load.py
#                   in $QUIRE_TEST_VENV, when set) in the same run, with
#                   the ratio; target: 1,000 cells under 100 ms and 30 MB
#   then every other bench/bench_* program and bench/bench_*.sh script.
#
# BENCH_SIZES="100 1000" and BENCH_RUNS=5 override the defaults. Above
# 1,000 cells marimo gets only its cold run, and at most
# BENCH_MARIMO_TIMEOUT seconds (300; then ">300000" ms is shown, a lower
# bound): its graph build is quadratic on a chain of cells (every
# register_cell walks the new cell's ancestors), so 10,000 cells take it
# about four CPU-minutes.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${top_builddir:-.}}
build=$(cd "$build" && pwd)
sizes=${BENCH_SIZES:-100 1000 10000}
runs=${BENCH_RUNS:-5}
PY=${SYSTEM_PYTHON:-/usr/bin/python3}
venv=${QUIRE_TEST_VENV:-}
# The venv ./quickstart check makes, when nobody named one.
[ -z "$venv" ] && [ -x "$build/.venv-test/bin/python" ] &&
    venv=$build/.venv-test
status=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# field LINE KEY: the value of KEY=VALUE in a bench output line.
field()
{
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

echo "== Notebook core: open a notebook (parse + analyse + graph)"
if [ ! -x "$build/bench/bench_load" ]; then
	echo "skipped: $build/bench/bench_load is not built"
else
	marimo=
	if [ -n "$venv" ] && "$venv/bin/python" -c 'import marimo' 2>/dev/null
	then
		marimo=$("$venv/bin/python" -c 'import marimo; print(marimo.__version__)')
	else
		echo "(no marimo column: QUIRE_TEST_VENV is not set and there" \
		    "is no $build/.venv-test; tests/venv.sh makes it)"
	fi
	printf '%-7s %10s %10s %8s | %10s %10s %8s | %6s\n' cells \
	    quire_cold quire_med q_rss_MB marimo_cold marimo_med m_rss_MB ratio
	phases=
	for n in $sizes; do
		nb=$tmp/cells_$n.py
		"$PY" "$here/gen-notebook.py" --cells "$n" --format marimo >"$nb"
		if ! q=$("$build/bench/bench_load" "$nb" "$runs"); then
			echo "$n: bench_load failed"
			status=1
			continue
		fi
		mc=- mm=- mr=- ratio=-
		if [ -n "$marimo" ]; then
			mruns=$runs
			[ "$n" -gt 1000 ] && mruns=0
			mlimit=${BENCH_MARIMO_TIMEOUT:-300}
			if m=$(timeout "$mlimit" "$venv/bin/python" \
			    "$here/marimo_load.py" "$nb" "$mruns"); then
				mc=$(field "$m" cold_ms)
				mm=$(field "$m" median_ms)
				mr=$(field "$m" peak_rss_mb)
				ratio=$(awk -v a="$mm" -v b="$(field "$q" median_ms)" \
				    'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')
			elif [ $? -eq 124 ]; then
				# Out of time: what we know is a lower bound.
				mc=">${mlimit}000"
				mm=$mc
				ratio=$(awk -v a="${mlimit}000" -v b="$(field "$q" median_ms)" \
				    'BEGIN { if (b > 0) printf ">%.0fx", a / b; else print "-" }')
			fi
		fi
		phases="$phases
  $n cells: parse $(field "$q" parse_ms), analyse $(field "$q" analyse_ms), graph $(field "$q" graph_ms)"
		printf '%-7s %10s %10s %8s | %10s %10s %8s | %6s\n' "$n" \
		    "$(field "$q" cold_ms)" "$(field "$q" median_ms)" \
		    "$(field "$q" peak_rss_mb)" "$mc" "$mm" "$mr" "$ratio"
		if [ "$n" -eq 1000 ]; then
			verdict=$(awk -v t="$(field "$q" median_ms)" \
			    -v m="$(field "$q" peak_rss_mb)" \
			    'BEGIN { print (t < 100 && m < 30) ? "met" : "MISSED" }')
			target="target for 1,000 cells (< 100 ms, < 30 MB): $verdict"
		fi
	done
	echo "times in ms (cold: first run in the process; med: median of" \
	    "$runs after a warm-up), peak RSS in MB; ratio = marimo/quire median"
	echo "quire's median by phase (fmt_load, deps_sync, graph_topo_order), ms:$phases"
	[ -n "$marimo" ] && echo "marimo $marimo from $venv"
	[ -n "${target:-}" ] && echo "$target"
fi

# Every other benchmark, each in its own section, run from the build
# directory with the usual test variables, so a program's default paths
# (./quire) work. The known ones are named even when missing.
top_srcdir=$(dirname "$here")
top_builddir=$build
QUIRE=$build/quire
export top_srcdir top_builddir QUIRE SYSTEM_PYTHON=$PY
[ -n "$venv" ] && export QUIRE_TEST_VENV="$venv"
cd "$build" || exit 1
others=
for p in bench_graph bench_audit bench_run.sh bench_editor; do
	others="$others $p"
done
for p in "$build"/bench/bench_* "$here"/bench_*.sh; do
	[ -e "$p" ] || continue
	b=$(basename "$p")
	case $b in
	bench_load|*.o|*.c) continue ;;
	esac
	case " $others " in
	*" $b "*) ;;
	*) others="$others $b" ;;
	esac
done
for b in $others; do
	echo
	echo "== $b"
	if [ -x "$build/bench/$b" ]; then
		"$build/bench/$b"
	elif [ -f "$here/$b" ]; then
		sh "$here/$b"
	else
		echo "skipped: not built (no bench/$b here)"
		continue
	fi
	st=$?
	if [ "$st" -ne 0 ]; then
		echo "$b failed (exit $st)"
		status=1
	fi
done
exit $status
