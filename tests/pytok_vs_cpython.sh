#!/bin/sh
# pytok_vs_cpython.sh: src/pytok.c against CPython 3.11's own tokenize
# module, token by token, over real Python files.
#
# Files: every tests/data/pytok/*.py, and 30 files of the interpreter's
# standard library, chosen deterministically: of the sorted list of
# $stdlib/*.py, every k-th, k = count / 30. A stdlib file with a coding
# cookie other than utf-8 is left out: tokenize decodes it first, pytok
# works on bytes, so their columns cannot agree.
#
# What is compared, per token: start and end "line,column" and the exact
# type name as `python3 -m tokenize -e` prints them (so an operator is
# LPAR, EQUAL...: tests/pytok_dump names them the same way). The token
# text is not compared (repr() of non-ASCII is not worth copying; with
# positions and types equal the texts are equal). tests/pytok_dump
# normalises two things, see its header: columns in code points, and the
# implicit NEWLINE's end column (tokenize reports one past the end).
#
# Where tokenize raises (EOF in a multi-line string or statement, bad
# dedent), pytok goes on; then only the tokens tokenize gave before the
# error are compared.
#
# Known, deliberate differences never exercised here (see src/pytok.c):
# lone "\r" line breaks, non-ASCII characters outside identifiers.
#
# Exits 77 (SKIP) when the system interpreter is not Python 3.11.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
py=${SYSTEM_PYTHON:-/usr/bin/python3}
dump=$top_builddir/tests/pytok_dump
nsample=30

if ! [ -x "$py" ] ||
    [ "$("$py" -c 'import sys; print(sys.version_info[:2] == (3, 11))' 2>/dev/null)" != True ]; then
	echo "SKIP: $py is not Python 3.11"
	exit 77
fi
if ! [ -x "$dump" ]; then
	echo "FAIL: $dump not built"
	exit 1
fi
stdlib=$("$py" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pytok.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# The sample of the standard library.
LC_ALL=C ls "$stdlib"/*.py 2>/dev/null | LC_ALL=C sort >"$tmp/all"
count=$(wc -l <"$tmp/all")
step=$((count / nsample))
[ "$step" -ge 1 ] || step=1
awk -v step="$step" -v n="$nsample" \
    '(NR - 1) % step == 0 && taken < n { print; taken++ }' "$tmp/all" |
while read -r f; do
	# PEP 263: a cookie on line 1 or 2.
	if head -n 2 "$f" | grep -Eq '^[ \t\f]*#.*coding[:=][ \t]*([-_.a-zA-Z0-9]+)' &&
	    ! head -n 2 "$f" | grep -Eiq 'coding[:=][ \t]*utf[-_]?8'; then
		continue
	fi
	echo "$f"
done >"$tmp/files"
ls "$top_srcdir"/tests/data/pytok/*.py >>"$tmp/files"

failed=0
checked=0
while read -r f; do
	checked=$((checked + 1))
	"$py" -m tokenize -e "$f" >"$tmp/py.out" 2>"$tmp/py.err"
	pyrc=$?
	"$dump" "$f" >"$tmp/c.out" 2>"$tmp/c.err"
	if [ $? -gt 1 ]; then
		echo "FAIL: $f: pytok_dump: $(cat "$tmp/c.err")"
		failed=$((failed + 1))
		continue
	fi
	awk '{ print $1, $2 }' "$tmp/py.out" >"$tmp/py.tok"
	awk '{ print $1, $2 }' "$tmp/c.out" >"$tmp/c.tok"
	if [ "$pyrc" -ne 0 ]; then
		# tokenize raised. Given a file name it prints nothing; from
		# standard input it prints the tokens before the error (and
		# no ENCODING token). Compare those.
		PYTHONIOENCODING=utf-8 "$py" -m tokenize -e <"$f" \
		    2>/dev/null | awk '{ print $1, $2 }' >"$tmp/py.tok"
		n=$(wc -l <"$tmp/py.tok")
		sed 1d "$tmp/c.tok" | head -n "$n" >"$tmp/c.head"
		mv "$tmp/c.head" "$tmp/c.tok"
	fi
	if ! cmp -s "$tmp/py.tok" "$tmp/c.tok"; then
		echo "FAIL: $f differs from tokenize (< tokenize, > pytok):"
		diff "$tmp/py.tok" "$tmp/c.tok" | head -n 20
		failed=$((failed + 1))
	fi
done <"$tmp/files"

echo "$checked files compared, $failed differ"
[ "$checked" -ge 20 ] || { echo "FAIL: only $checked files"; exit 1; }
[ "$failed" -eq 0 ]
