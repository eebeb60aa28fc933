#!/bin/sh
# cli.sh: the quire program's command line: help, version, usage errors
# and commands that are not built yet all end the way the manual says.
set -u
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS PATTERN CMD...: run CMD, check exit status and that the
# combined output matches PATTERN (a grep -E expression).
expect() {
	want=$1 pat=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $*: exit $got, want $want"; cat "$tmp/out"; fail=1
	elif ! grep -Eq -- "$pat" "$tmp/out"; then
		echo "FAIL: $*: output does not match /$pat/"; cat "$tmp/out"; fail=1
	fi
}

expect 0 '^usage: quire \[edit\] NB.py' "$QUIRE" --help
expect 0 '^quire [0-9]+\.[0-9]+' "$QUIRE" --version
expect 2 'usage: quire' "$QUIRE"
expect 2 'unknown option --frobnicate' "$QUIRE" --frobnicate
expect 2 'quire check: unknown option --bogus' "$QUIRE" check --bogus x.py
expect 2 'usage: quire check' "$QUIRE" check
expect 2 'usage: quire convert' "$QUIRE" convert only-one.py
expect 2 'unknown format' "$QUIRE" convert --to docx a.py b.py
for cmd in view export log diff secrets trust; do
	if "$QUIRE" "$cmd" >"$tmp/out" 2>&1; then :; fi
	if grep -q 'not built yet' "$tmp/out"; then
		expect 2 "quire $cmd: not built yet" "$QUIRE" "$cmd" nb.py
	fi
done
# Run from its build directory with nothing installed and no QUIRE_PYDIR
# (as ./quickstart does), quire still finds its Python package.
expect 0 'monthly payment: 2,472.15' env -u QUIRE_PYDIR -u QUIRE_DATADIR \
    "$QUIRE" run "$top_srcdir/examples/tour.py"
# A missing notebook is unusable input for check: status 2, file named.
expect 2 "$tmp/missing.py" "$QUIRE" check "$tmp/missing.py"
exit $fail
