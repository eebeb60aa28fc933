#!/bin/sh
# corpus.sh: quire convert and quire check over the notebook corpus in
# tests/notebooks/ (see tests/notebooks/make-corpus.py for where the
# files come from).
#
#   round trip   every canonical NB.py (written by real marimo): quire
#                convert NB.py OUT.py gives the same bytes
#   messy        messy/X.py converts to messy/X.expected.py (what marimo
#                writes after loading X), __generated_with aside, and
#                the result converts to itself
#   convert      convert/X.py (percent) and convert/X.ipynb convert to
#                marimo as marimo converts them, and back: marimo ->
#                ipynb -> marimo and marimo -> percent -> marimo keep the
#                notebook
#   analysis     quire check --json agrees with the parameters and
#                return tuples marimo wrote (tests/corpus_oracle.py)
#   findings     quire check prints NB.check.txt (exit 1) for the
#                notebooks that have one, nothing (exit 0) for the others
#   bad input    tests/notebooks/bad/ and two big generated files: exit
#                0, 1 or 2, a message naming the file, no crash, no hang
#
# Every failure prints the file and the first differing line. Ends with
# "N passed, N failed".
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
QUIRE=${QUIRE:-$top_builddir/quire}
PY=${SYSTEM_PYTHON:-/usr/bin/python3}
nbdir=$top_srcdir/tests/notebooks
limit=${QUIRE_CORPUS_TIMEOUT:-300}

if [ ! -x "$QUIRE" ]; then
	echo "corpus: $QUIRE is not built"
	exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-corpus.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

npass=0
nfail=0
pass()
{
	npass=$((npass + 1))
}
fail()
{
	nfail=$((nfail + 1))
	echo "FAIL: $*"
}

# first_diff EXPECTED GOT: "line N: expected '...', got '...'".
first_diff()
{
	awk -v gotf="$2" '
	{
		if ((getline g < gotf) <= 0) g = "<end of file>"
		if ($0 != g) {
			printf "line %d: expected \"%s\", got \"%s\"\n", NR, $0, g
			found = 1
			exit
		}
	}
	END {
		if (!found) {
			if ((getline g < gotf) > 0)
				printf "line %d: expected <end of file>, got \"%s\"\n", NR + 1, g
			else
				print "files differ (line endings or final newline)"
		}
	}' "$1"
}

# run_q OUT ERR ARGS...: run quire with a time limit; sets rc. A crash
# (signal) or a hang is always a failure, reported here.
run_q()
{
	_out=$1
	_err=$2
	shift 2
	timeout -k 5 "$limit" "$QUIRE" "$@" >"$_out" 2>"$_err"
	rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		fail "quire $*: no answer within ${limit}s"
		return 1
	fi
	if [ "$rc" -ge 128 ]; then
		fail "quire $*: killed by signal $((rc - 128))"
		return 1
	fi
	return 0
}

noversion()
{
	sed '/^__generated_with = /d' "$1" >"$2"
}

canonical=$(cd "$nbdir" && ls ./*.py | sed 's|^\./||' |
    grep -v -e '^make-corpus\.py$' -e '^marimo-regen\.py$')

# 1. Round trip of what marimo wrote.
for f in $canonical; do
	run_q "$tmp/out.py" "$tmp/err" convert "$nbdir/$f" "$tmp/out.py" ||
	    continue
	if [ "$rc" -ne 0 ]; then
		fail "round trip $f: quire convert exit $rc: $(head -n 3 "$tmp/err")"
	elif cmp -s "$nbdir/$f" "$tmp/out.py"; then
		pass
	else
		fail "round trip $f: $(first_diff "$nbdir/$f" "$tmp/out.py")"
	fi
done

# 2. Messy and legacy files: marimo's normal form, then a fixed point.
for f in "$nbdir"/messy/*.py; do
	case $f in *.expected.py|*.expected2.py) continue ;; esac
	b=$(basename "$f" .py)
	run_q "$tmp/out.py" "$tmp/err" convert "$f" "$tmp/out.py" || continue
	if [ "$rc" -ne 0 ]; then
		fail "messy/$b.py: quire convert exit $rc: $(head -n 3 "$tmp/err")"
		continue
	fi
	noversion "$nbdir/messy/$b.expected.py" "$tmp/want"
	noversion "$tmp/out.py" "$tmp/got"
	if cmp -s "$tmp/want" "$tmp/got"; then
		pass
	else
		fail "messy/$b.py (expected: messy/$b.expected.py," \
		    "__generated_with aside): $(first_diff "$tmp/want" "$tmp/got")"
		continue
	fi
	# Converting again changes nothing, unless marimo's own second
	# round changes something too (messy/X.expected2.py).
	second=$nbdir/messy/$b.expected2.py
	[ -f "$second" ] || second=$nbdir/messy/$b.expected.py
	run_q "$tmp/again.py" "$tmp/err" convert "$tmp/out.py" \
	    "$tmp/again.py" || continue
	noversion "$second" "$tmp/want"
	noversion "$tmp/again.py" "$tmp/got"
	if [ "$rc" -eq 0 ] && cmp -s "$tmp/want" "$tmp/got"; then
		pass
	else
		fail "messy/$b.py, converted twice (expected:" \
		    "${second#"$nbdir"/}): $(first_diff "$tmp/want" "$tmp/got")"
	fi
done

# 3. Conversions. percent and ipynb -> marimo as marimo converts them.
for f in "$nbdir"/convert/*.py "$nbdir"/convert/*.ipynb; do
	case $f in *.expected.py|*.expected2.py) continue ;; esac
	n=convert/$(basename "$f")
	b=${f%.*}
	run_q "$tmp/m.py" "$tmp/err" convert --to marimo "$f" "$tmp/m.py" ||
	    continue
	if [ "$rc" -ne 0 ]; then
		fail "$n: quire convert --to marimo exit $rc: $(head -n 3 "$tmp/err")"
		continue
	fi
	noversion "$b.expected.py" "$tmp/want"
	noversion "$tmp/m.py" "$tmp/got"
	if cmp -s "$tmp/want" "$tmp/got"; then
		pass
	else
		fail "$n -> marimo (expected: ${b#"$nbdir"/}.expected.py):" \
		    "$(first_diff "$tmp/want" "$tmp/got")"
	fi
done

# ... and back: marimo -> ipynb -> marimo is lossless (spec 7.3), and so
# are the cells through marimo -> percent -> marimo for quire's percent
# writer, which keeps names and options in the marker line (App options
# have no place in a percent file: notebooks with some skip that leg).
# Markdown cells with comments are the one documented loss of ipynb, so
# no notebook here has one.
roundtrip_via()
{
	_to=$1
	_f=$2
	_ext=$3
	run_q "$tmp/x.$_ext" "$tmp/err" convert --to "$_to" "$_f" \
	    "$tmp/x.$_ext" || return
	if [ "$rc" -ne 0 ]; then
		fail "$_f -> $_to: exit $rc: $(head -n 3 "$tmp/err")"
		return
	fi
	run_q "$tmp/back.py" "$tmp/err" convert --to marimo "$tmp/x.$_ext" \
	    "$tmp/back.py" || return
	if [ "$rc" -ne 0 ]; then
		fail "$_f -> $_to -> marimo: exit $rc: $(head -n 3 "$tmp/err")"
		return
	fi
	# Reading the file is marimo's load: where that is not a fixed point
	# of marimo's, its second round (X.expected2.py) is the reference.
	_want=$_f
	[ -f "${_f%.expected.py}.expected2.py" ] &&
	    _want=${_f%.expected.py}.expected2.py
	noversion "$_want" "$tmp/want"
	noversion "$tmp/back.py" "$tmp/got"
	if cmp -s "$tmp/want" "$tmp/got"; then
		pass
	else
		fail "${_f#"$nbdir"/} -> $_to -> marimo:" \
		    "$(first_diff "$tmp/want" "$tmp/got")"
	fi
}
for f in "$nbdir"/convert/*.expected.py "$nbdir"/ex1_import_markdown.py \
    "$nbdir"/ex4_setup_function_header.py "$nbdir"/named_cells.py \
    "$nbdir"/cell_options.py "$nbdir"/toplevel_functions.py \
    "$nbdir"/app_options_all.py "$nbdir"/pep723_header.py \
    "$nbdir"/unicode.py "$nbdir"/realistic_loan_risk.py; do
	roundtrip_via ipynb "$f" ipynb
	if grep -q '^app = marimo.App()$' "$f"; then
		roundtrip_via percent "$f" py
	fi
done

# 4. Analysis against marimo's own parameters and returns.
oracle_files=
for f in $canonical; do
	oracle_files="$oracle_files $nbdir/$f"
done
for f in "$nbdir"/messy/*.expected.py "$nbdir"/convert/*.expected.py; do
	oracle_files="$oracle_files $f"
done
# shellcheck disable=SC2086
run_q "$tmp/check.json" "$tmp/err" check --json $oracle_files
if [ "$rc" -ge 0 ] && [ "$rc" -le 1 ]; then
	if "$PY" "$top_srcdir/tests/corpus_oracle.py" "$tmp/check.json" \
	    $oracle_files >"$tmp/oracle" 2>&1; then
		pass
	else
		fail "quire check --json disagrees with marimo's parameters" \
		    "and returns ($(wc -l <"$tmp/oracle") findings):"
		sed 's/^/  /' "$tmp/oracle" | head -n 40
	fi
elif [ "$rc" -lt 124 ]; then
	fail "quire check --json on the corpus: exit $rc: $(head -n 3 "$tmp/err")"
fi

# 5. Findings: NB.check.txt is the expected text output, paths relative
# to tests/notebooks/; no such file means a clean notebook.
for f in $canonical; do
	b=${f%.py}
	want=$nbdir/$b.check.txt
	(cd "$nbdir" && timeout -k 5 "$limit" "$QUIRE" check "$f") \
	    >"$tmp/got" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ge 124 ]; then
		fail "quire check $f: exit $rc (crash or hang)"
		continue
	fi
	if [ -f "$want" ]; then
		if [ "$rc" -ne 1 ]; then
			fail "quire check $f: exit $rc, expected 1 (findings):" \
			    "$(head -n 2 "$tmp/err")"
		elif cmp -s "$want" "$tmp/got"; then
			pass
		else
			fail "quire check $f (expected: $b.check.txt):" \
			    "$(first_diff "$want" "$tmp/got")"
		fi
	elif [ "$rc" -ne 0 ] || [ -s "$tmp/got" ]; then
		fail "quire check $f: exit $rc, expected a clean notebook:" \
		    "$(head -n 2 "$tmp/got") $(head -n 2 "$tmp/err")"
	else
		pass
	fi
done

# 6. Bad input: never a crash or a hang; a message names the file.
"$PY" - "$tmp" <<'EOF'
import sys
d = sys.argv[1]
# One line of 10 MB: a cell holding a long string, and plain garbage.
with open(d + "/long_line.py", "w") as f:
    f.write('import marimo\n\n__generated_with = "0.25.2"\n'
            'app = marimo.App()\n\n\n@app.cell\ndef _():\n'
            '    s = "' + "x" * (10 * 1024 * 1024) + '"\n    return\n\n\n'
            'if __name__ == "__main__":\n    app.run()\n')
with open(d + "/long_garbage.py", "w") as f:
    f.write("(" + "a," * (5 * 1024 * 1024))
EOF
"$PY" "$top_srcdir/bench/gen-notebook.py" --cells 50000 --format marimo \
    >"$tmp/cells_50000.py"
for f in "$nbdir"/bad/* "$tmp/long_line.py" "$tmp/long_garbage.py" \
    "$tmp/cells_50000.py"; do
	b=$(basename "$f")
	for cmd in check convert; do
		if [ $cmd = check ]; then
			run_q "$tmp/bad.out" "$tmp/bad.err" check "$f" || continue
		else
			run_q "$tmp/bad.out" "$tmp/bad.err" convert --to marimo \
			    "$f" - || continue
		fi
		case $rc in
		0) pass ;;
		1|2)
			if grep -qF "$b" "$tmp/bad.err" "$tmp/bad.out"; then
				pass
			else
				fail "quire $cmd $b: exit $rc without naming the file:" \
				    "$(head -n 2 "$tmp/bad.err")"
			fi
			;;
		*) fail "quire $cmd $b: exit $rc (expected 0, 1 or 2)" ;;
		esac
	done
done
# The 50,000 cells are canonical: they must survive the round trip too.
run_q "$tmp/out.py" "$tmp/err" convert "$tmp/cells_50000.py" "$tmp/out.py" &&
if [ "$rc" -eq 0 ] && cmp -s "$tmp/cells_50000.py" "$tmp/out.py"; then
	pass
else
	fail "round trip of 50,000 generated cells (exit $rc):" \
	    "$(first_diff "$tmp/cells_50000.py" "$tmp/out.py")"
fi

echo "corpus: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
