#!/bin/sh
# widgets_vs_marimo.sh: every mo.ui element's default .value and its
# value after a change, in quire's implementation and in real marimo
# (the test virtualenv named by QUIRE_TEST_VENV; SKIP without it).
if [ -z "$QUIRE_TEST_VENV" ] || [ ! -x "$QUIRE_TEST_VENV/bin/python" ]; then
	echo "QUIRE_TEST_VENV is not set: skipping"
	exit 77
fi
srcdir=${srcdir:-$(dirname "$0")/..}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
PYTHONPATH="$srcdir/python" /usr/bin/python3 \
    "$srcdir/tests/widgets_vs_marimo.py" quire >"$tmp/quire" 2>&1 || {
	cat "$tmp/quire"; exit 1; }
"$QUIRE_TEST_VENV/bin/python" "$srcdir/tests/widgets_vs_marimo.py" \
    marimo >"$tmp/marimo" 2>&1 || { cat "$tmp/marimo"; exit 1; }
if ! diff -u "$tmp/marimo" "$tmp/quire"; then
	echo "quire's mo.ui values differ from marimo's (- marimo, + quire)"
	exit 1
fi
echo "$(grep -c '^  default' "$tmp/quire") elements agree with marimo"
