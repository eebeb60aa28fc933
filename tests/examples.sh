#!/bin/sh
# examples.sh: the notebooks under examples/ run and read well. Each runs
# with `quire run` and must exit 0 and show the lines a reader looks for
# (headings, the table counts, widgets as "label: value", stats, callouts,
# the plot's one-line description). The exploration and the model need
# pandas, numpy and matplotlib (Debian's python3-* packages, which
# ./quickstart check installs); without them their first cell must fail
# with a clear ModuleNotFoundError and the notebook's other cells say why
# they did not run (quire itself needs none of them).
#
# With QUIRE_TEST_VENV (a virtualenv with marimo, tests/venv.sh), real
# marimo must load each example and save the same bytes (apart from
# __generated_with), and run it as a script when it has the packages.
set -u
. "$(dirname "$0")/runlib.sh"
ex=$srcdir/examples
SYSPY=/usr/bin/python3
out_max=4000

# Here run's arguments are quire run's: each example runs in the
# scratch directory, with time for pandas and matplotlib to load.
run() {
	cur=$1
	shift
	(cd "$tmp" && timeout 300 "$QUIRE" run "$@") >"$tmp/out" 2>"$tmp/err"
	st=$?
}
no_markup() {
	# What a reader sees is text: no Markdown syntax, no HTML, no
	# widget tags.
	grep -Eq -- '<quire-widget|</?(div|span|b|p)>|^#+ |\*\*' "$tmp/out" &&
	    bad "raw markup in the output"
}

# The Markdown report needs only the standard library.
run report "$ex/report.py"
status 0
line "Operations report, 2024"
line "═══════════════════════"
line "8.72M                 27.9%             14,725                88%"
matches '^▲ \+45% from Q1 to Q4 +of revenue +▼ -22% over the year +▲ in Q4$'
line "quarter  revenue  costs  result  margin"
line "Q4          2.64   1.79    0.85     32%"
has 'The margin of a quarter is $m = (r - c) / r$'
line "1. the new enterprise plan took over from the old licences in Q2;"
line "[x] a status page for outages (Q3)"
line "[ ] a knowledge base in three languages (planned for 2025)"
line "│ Warning: Staffing"
line "▸ Definitions"
line "  ◦ 'Q4: Oct-Dec'"
line "│ Success: Decision"
no_markup

if "$SYSPY" -c 'import pandas, numpy, matplotlib' 2>/dev/null; then
	run explore "$ex/explore.py"
	status 0
	line "Bike trips in a year"
	matches '^date +temp_c +rain_mm +weekend +rides$'
	line "… 351 rows not shown"
	line "366 rows × 5 columns"
	matches '^month +days +mean_temp +rain_days +rides +per_day$'
	matches '^Jul +31 '
	# (the month index is a column or not, by the kernel's version)
	matches '^12 rows × [56] columns$'
	matches '^The busiest month is [A-Z][a-z]{2} with [0-9,]+ rides'
	matches '^\[image [0-9]+×[0-9]+ PNG\] <Figure size 1000x400 with 2 Axes>$'
	matches '^heavy rain +[0-9]+ +[0-9.]+ +[0-9.]+$'
	matches '^heavy rain +weekend +rides in 2024$'
	matches '^▼ rides per day vs a dry day +▼ rides per day vs a weekday'
	line "│ Info"
	no_markup

	# The plot as symbols: rows of block elements within the width.
	run explore_images --images --width 60 "$ex/explore.py"
	status 0
	n=$(sed -n '/^=== cell 8 ===$/,/^=== cell 9 ===$/p' "$tmp/out" |
	    grep -c '[█▀▄▌▐]')
	[ "$n" -ge 8 ] || bad "the plot is $n rows of symbols"

	run model "$ex/model.py"
	status 0
	line "How fast does an outbreak spread?"
	line "basic reproduction number R0: 2.5"
	line "days infectious: 7"
	line "measures: none"
	matches '^population: 1,?000,?000$'
	matches '^effective R +infected at the peak +ever infected$'
	matches '^2\.50 +[0-9,]+ +[0-9]+%$'
	matches '^▲ above 1, the outbreak grows +on day [0-9]+ +after a year$'
	matches '^\[image [0-9]+×[0-9]+ PNG\] <Figure size 800x350 with 1 Axes>$'
	matches '^week +infected +recovered$'
	line "│ Warning"
	no_markup
else
	# quire works without them: the import cell fails, clearly.
	for nb in explore model; do
		run "$nb-without-packages" "$ex/$nb.py"
		status 1
		errhas "cell 1: ModuleNotFoundError: No module named"
		errhas "An ancestor raised an exception (ModuleNotFoundError)"
	done
fi

venv=${QUIRE_TEST_VENV:-}
if [ -n "$venv" ] && "$venv/bin/python" -c 'import marimo' 2>/dev/null; then
	vpy=$venv/bin/python
	for nb in explore model report; do
		echo "$ex/$nb.py $tmp/$nb.regen.py"
	done | tr '\n' ' ' >"$tmp/pairs"
	# shellcheck disable=SC2046
	if ! "$vpy" "$srcdir/tests/notebooks/marimo-regen.py" \
	    $(cat "$tmp/pairs") 2>"$tmp/regen.err"; then
		echo "FAIL: marimo cannot load an example"; cat "$tmp/regen.err"
		fail=1
	fi
	for nb in explore model report; do
		[ -f "$tmp/$nb.regen.py" ] || continue
		if ! diff -u "$ex/$nb.py" "$tmp/$nb.regen.py" \
		    -I '^__generated_with' >"$tmp/diff"; then
			echo "FAIL: marimo saves examples/$nb.py differently"
			head -40 "$tmp/diff"
			fail=1
		fi
	done
	# Run each in marimo as a script where its packages import: the
	# venv's own, or Debian's when the venv is of the same Python.
	pp=
	if [ "$("$vpy" -c 'import sys; print(sys.version_info[:2])')" = \
	    "$("$SYSPY" -c 'import sys; print(sys.version_info[:2])' \
	    2>/dev/null)" ]; then
		pp=$("$SYSPY" -c 'import pandas, os; print(os.path.dirname(
		    os.path.dirname(pandas.__file__)))' 2>/dev/null)
	fi
	for nb in report explore model; do
		if [ "$nb" != report ] && ! PYTHONPATH=$pp "$vpy" -c \
		    'import pandas, numpy, matplotlib' 2>/dev/null; then
			continue
		fi
		if ! (cd "$tmp" && PYTHONPATH=$pp MPLBACKEND=Agg timeout 300 \
		    "$vpy" "$ex/$nb.py") >"$tmp/m.out" 2>&1; then
			echo "FAIL: marimo cannot run examples/$nb.py"
			tail -20 "$tmp/m.out"
			fail=1
		fi
	done
fi
exit $fail
