#!/bin/sh
# conformance.sh: real marimo must write the same bytes as quire.
#
# quire writes notebooks four ways here: fresh from cell lists and edited
# after loading (both with tests/nbedit, which drives the library),
# converted from py:percent and .ipynb (quire convert), and normalised
# from messy files (quire convert). Real marimo, from the test virtualenv
# ($QUIRE_TEST_VENV, made by tests/venv.sh from tests/requirements.txt),
# loads every one of them as its editor does and saves it again
# (tests/notebooks/marimo-regen.py). marimo's bytes must equal quire's,
# apart from the __generated_with line, which marimo always rewrites.
# Each difference is reported with the file and its first differing line.
#
# Without QUIRE_TEST_VENV the test is skipped (exit 77), except under CI
# (CI=true), where the reference is required and its absence fails.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
QUIRE=${QUIRE:-$top_builddir/quire}
NBEDIT=${NBEDIT:-$top_builddir/tests/nbedit}
nbdir=$top_srcdir/tests/notebooks
limit=${QUIRE_CORPUS_TIMEOUT:-120}

venv=${QUIRE_TEST_VENV:-}
if [ -z "$venv" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: conformance: QUIRE_TEST_VENV not set: the marimo test" \
		    "virtualenv is missing (tests/venv.sh makes it; ./quickstart" \
		    "check exports it)"
		exit 1
	fi
	echo "SKIP: conformance: QUIRE_TEST_VENV not set (needs marimo from PyPI)"
	exit 77
fi
vpy=$venv/bin/python
want=$(sed -n 's/^marimo==//p' "$top_srcdir/tests/requirements.txt")
have=$("$vpy" -c 'import marimo; print(marimo.__version__)' 2>/dev/null)
if [ -z "$have" ]; then
	echo "FAIL: conformance: $vpy cannot import marimo (QUIRE_TEST_VENV=$venv)"
	exit 1
fi
if [ "$have" != "$want" ]; then
	echo "FAIL: conformance: the test virtualenv has marimo $have," \
	    "tests/requirements.txt pins $want (rerun tests/venv.sh)"
	exit 1
fi
for p in "$QUIRE" "$NBEDIT"; do
	if [ ! -x "$p" ]; then
		echo "conformance: $p is not built"
		exit 99
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-conformance.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/scripts" "$tmp/written"

npass=0
nfail=0
fail()
{
	nfail=$((nfail + 1))
	echo "FAIL: $*"
}

first_diff()
{
	awk -v gotf="$2" '
	{
		if ((getline g < gotf) <= 0) g = "<end of file>"
		if ($0 != g) {
			printf "line %d: quire wrote \"%s\", marimo \"%s\"\n", NR, $0, g
			found = 1
			exit
		}
	}
	END {
		if (!found) {
			if ((getline g < gotf) > 0)
				printf "line %d: quire wrote <end of file>, marimo \"%s\"\n", NR + 1, g
			else
				print "files differ (line endings or final newline)"
		}
	}' "$1"
}

# script NAME: the nbedit script on stdin; its notebook is saved as
# written/NAME.py (the script's last line saves it).
# marimo sees the names an SQL string reads only with sqlglot installed
# (tests/requirements.txt has it); without it, it would rewrite the
# return tuples of SQL notebooks, which says nothing about quire.
if "$vpy" -c 'import sqlglot' 2>/dev/null; then
	have_sqlglot=1
else
	have_sqlglot=0
	echo "conformance: no sqlglot in $QUIRE_TEST_VENV: SQL notebooks skipped"
fi

script()
{
	case $1 in
	*sql*)
		[ "$have_sqlglot" = 1 ] || { cat >/dev/null; return 0; }
		;;
	esac
	{
		cat
		echo "save $tmp/written/$1.py"
	} >"$tmp/scripts/$1"
}

# --- fresh notebooks, made from cell lists --------------------------------

script fresh_basic <<'EOF'
new
cell : import marimo as mo
cell : mo.md("# Hello")
cell : x = 1
cell : print(x)
EOF

script fresh_setup_toplevel <<'EOF'
new
cell name=setup : import math\nimport dataclasses
cell : def area(r):\n    return math.pi * r**2
cell : @dataclasses.dataclass\nclass Point:\n    x: float\n    y: float
cell : data = [1, 2, 3]
cell : def total():\n    return sum(data)
cell : area(2) + total() + Point(1, 2).x
EOF

script fresh_setup_hidden_async <<'EOF'
new
cell name=setup hide_code : import asyncio\nawait asyncio.sleep(0)
cell : await asyncio.sleep(0)\nvalue = 1
cell : print(value)
EOF

script fresh_unparsable <<'EOF'
new
cell hide_code : x = (
cell disabled column=1 : y = 1
cell name=broken : s = """a"""\nt = (
cell : path = r"C:\\temp\\" +
EOF

script fresh_markdown <<'EOF'
new
cell : import marimo as mo
cell hide_code : mo.md(r"""\n# Title\n\nSome $\\alpha$ text.\n""")
cell : # a comment\nmo.md(f"no {{placeholders}}")  # trailing
cell : mo.md('Say ""hi""')
cell : mo.md(\n    """\n    indented\n      more\n    """\n)
EOF

script fresh_long_names <<'EOF'
new
cell : alpha_coefficient, beta_coefficient = 1, 2\ngamma_coefficient, delta_coefficient = 3, 4
cell : total = alpha_coefficient + beta_coefficient + gamma_coefficient + delta_coefficient
cell name=a_cell_with_a_rather_long_name_for_wrapping : print(alpha_coefficient, beta_coefficient, gamma_coefficient)
EOF

script fresh_annotations <<'EOF'
new
cell : import typing\nx: int = 1
cell : y: typing.Optional[int] = None
cell : z: 'int' = 3
cell : print(x, y, z)
EOF

script fresh_text <<'EOF'
new
cell : café = 'crème'\n漢字 = '中文'\nemoji = '🎉🐍'
cell : def f(x):\n\treturn x\n\n\nprint(café, 漢字, emoji, f(1))
cell : s = """\nunder-indented\n  string\n"""\nprint(s)
EOF

script fresh_header_options <<'EOF'
new
header : # /// script\n# dependencies = ["marimo"]\n# ///
width medium
title : A rather long title for a notebook that overflows the line
cell : x = 1
cell column=1 : print(x)
EOF

script fresh_builtins_private <<'EOF'
new
cell : len = 3\n_tmp = 1\nvalue = _tmp + len
cell : print(len, value, sorted([2, 1]))
cell : import os\n\ndef helper():\n    return os.sep
EOF

script fresh_sql <<'EOF'
new
cell : import marimo as mo
cell : limit = mo.ui.slider(1, 10)
cell : df = mo.sql(f"SELECT {limit.value} AS n")
cell : result = mo.sql(\n    f"""\n    SELECT * FROM df\n    """\n)
cell : print(result)
EOF

# --- edited notebooks: load what marimo wrote, change it, save ------------

script edit_returns <<EOF
load $nbdir/ex2_return_filtering.py
set 1 : print(x, y, z)
EOF

script edit_insert_delete_move <<EOF
load $nbdir/anonymous_cells.py
insert 1 : w = x * 10
set 4 : x, y, z, w
delete 2
move 0 3
EOF

script edit_rename_options <<EOF
load $nbdir/named_cells.py
rename 2 total_cell
rename 0 _
rename 4 now_named
hide 1
disable 2
column 3 2
move 3 0
EOF

script edit_toggle_options <<EOF
load $nbdir/cell_options.py
hide 0
disable 1
column 2 -1
hide 7
disable 6
EOF

script edit_demote_function <<EOF
load $nbdir/toplevel_functions.py
insert 1 : offset = 1
set 2 : def add(a, b):\n    return a + b + offset
EOF

script edit_promote_function <<EOF
load $nbdir/toplevel_demotion.py
set 0 : import math\nscale = 10
delete 1
EOF

script edit_markdown <<EOF
load $nbdir/markdown_comments.py
set 1 : # changed\nmo.md(r"now *raw*")   # kept
insert 2 : mo.md(f"""\n    inserted {{markdown}}\n""")
EOF

script edit_shadow_builtin <<EOF
load $nbdir/unshadowed_builtins.py
insert 0 : len = 5\nmax = 6
EOF

script edit_long_signature <<EOF
load $nbdir/long_signatures.py
set 0 : first_input_frame = 1\nsecond_input_frame = 2\nthird_input_frame = 3\nfourth_input_frame = 4\nanother_rather_long_name = 5
set 1 : combined = first_input_frame + second_input_frame + third_input_frame + fourth_input_frame + another_rather_long_name
EOF

script edit_unparsable <<EOF
load $nbdir/unparsable_raw.py
set 0 : x = 1
set 3 : y = (
set 4 : print(y, x)
EOF

script edit_setup <<EOF
load $nbdir/setup_block.py
set 0 : import marimo as mo\nimport math\nRADIUS = 3
set 1 : radius = RADIUS
EOF

script edit_async <<EOF
load $nbdir/async_long_signature.py
set 3 : await asyncio.sleep(0)\nprint(sum_of_all)
EOF

script edit_header_options <<EOF
load $nbdir/app_options_79_columns.py
title : Title of exactly the right size plus a bit
header : """A docstring header."""
EOF

script edit_text <<EOF
load $nbdir/unicode.py
set 1 : print(café, π, '日本語', '🍣')
insert 0 : # コメント
EOF

script edit_sql <<EOF
load $nbdir/sql_cells.py
set 2 : df = mo.sql(f"SELECT {limit.value} AS n, 2 AS m")
delete 4
EOF

script edit_realistic <<EOF
load $nbdir/realistic_loan_risk.py
set 6 : flagged = [i for i, s in scores.items() if s >= threshold.value]\nn_flagged = len(flagged)
insert 9 : print(n_flagged, mean_score)
hide 8
EOF

pairs=
for s in "$tmp"/scripts/*; do
	n=$(basename "$s")
	if ! timeout -k 5 "$limit" "$NBEDIT" "$s" >"$tmp/nbedit.err" 2>&1; then
		fail "nbedit $n: $(head -n 3 "$tmp/nbedit.err")"
		continue
	fi
	pairs="$pairs $tmp/written/$n.py $tmp/written/$n.marimo"
done

# --- converted and normalised by quire convert --------------------------------

convert_to_marimo()
{
	_in=$1
	_out=$tmp/written/$2.py
	if ! timeout -k 5 "$limit" "$QUIRE" convert --to marimo "$_in" "$_out" \
	    >"$tmp/convert.err" 2>&1; then
		fail "quire convert --to marimo $_in: $(head -n 3 "$tmp/convert.err")"
		return
	fi
	pairs="$pairs $_out $tmp/written/$2.marimo"
}
for f in "$nbdir"/convert/*.py "$nbdir"/convert/*.ipynb; do
	case $f in *.expected.py|*.expected2.py) continue ;; esac
	# Not a fixed point of marimo's own load and save: see messy below.
	[ -f "${f%.*}.expected2.py" ] && continue
	b=$(basename "$f")
	convert_to_marimo "$f" "convert_${b%.*}_${b##*.}"
done
for f in "$nbdir"/messy/*.py; do
	case $f in *.expected.py|*.expected2.py) continue ;; esac
	# Where marimo's normal form is not its own fixed point, marimo
	# would change even its own output: nothing to compare.
	[ -f "${f%.py}.expected2.py" ] && continue
	convert_to_marimo "$f" "messy_$(basename "$f" .py)"
done
# marimo -> ipynb -> marimo and marimo -> percent -> marimo.
for f in ex4_setup_function_header named_cells cell_options toplevel_functions \
    app_options_all realistic_loan_risk unparsable_config; do
	for to in ipynb percent; do
		ext=$to
		[ $to = percent ] && ext=py
		if timeout -k 5 "$limit" "$QUIRE" convert --to $to "$nbdir/$f.py" \
		    "$tmp/$f.$to.$ext" >"$tmp/convert.err" 2>&1; then
			convert_to_marimo "$tmp/$f.$to.$ext" "via_${to}_$f"
		else
			fail "quire convert --to $to $f.py: $(head -n 3 "$tmp/convert.err")"
		fi
	done
done

# --- marimo loads and saves every one ------------------------------------------

if [ -n "$pairs" ]; then
	# shellcheck disable=SC2086
	"$vpy" "$nbdir/marimo-regen.py" $pairs 2>"$tmp/regen.err"
	set -- $pairs
	while [ $# -ge 2 ]; do
		q=$1
		m=$2
		shift 2
		n=$(basename "$q")
		if [ ! -f "$m" ]; then
			fail "$n: marimo could not load what quire wrote:" \
			    "$(grep -F "$q" "$tmp/regen.err" | head -n 2)"
			continue
		fi
		sed '/^__generated_with = /d' "$q" >"$tmp/q"
		sed '/^__generated_with = /d' "$m" >"$tmp/m"
		if cmp -s "$tmp/q" "$tmp/m"; then
			npass=$((npass + 1))
		else
			fail "$n: marimo rewrites quire's file: $(first_diff "$tmp/q" "$tmp/m")"
			if [ -n "${QUIRE_CONFORMANCE_KEEP:-}" ]; then
				mkdir -p "$QUIRE_CONFORMANCE_KEEP"
				cp "$q" "$m" "$QUIRE_CONFORMANCE_KEEP"/
			fi
		fi
	done
fi

echo "conformance: checked against marimo $have"
echo "conformance: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
