#!/bin/sh
# no_curses_outside_draw.sh: tui/draw.c is the only file that hands text
# to curses (security.md 7.3), and src/ never includes curses (STYLE.md).
# Every other source file is searched for calls of the curses text
# functions and for curses headers.
top=${top_srcdir:-$(dirname "$0")/..}
cd "$top" || exit 99

# The text functions of security.md 7.3, their mv/w/n/ins relatives,
# and the raw terminal writers.
funcs='(mv)?(w)?(add|ins)(n)?(str|ch|wstr|nwstr|_wch|_wchstr|_wchnstr|chstr|chnstr)'
funcs="$funcs|(mv)?(w)?printw|vw?_?printw|(w)?echo(char|_wchar)|putp|tputs|tigetstr"
pat="(^|[^A-Za-z0-9_])($funcs)[[:space:]]*\\("
fail=0

# The search must find what draw.c does, or it proves nothing.
if ! grep -Eq "$pat" tui/draw.c; then
	echo "no_curses_outside_draw: the pattern finds nothing in tui/draw.c"
	exit 99
fi

for f in tui/*.c tui/*.h src/*.c src/*.h; do
	[ "$f" = tui/draw.c ] && continue
	[ -f "$f" ] || continue
	if grep -En "$pat" "$f" | grep -Ev '^[0-9]+:[[:space:]]*(/?\*|//)'; then
		echo "$f: calls a curses text function (only tui/draw.c may)"
		fail=1
	fi
	if grep -En '#[[:space:]]*include[[:space:]]*[<"](n?curses(w)?/)?(n?curses|term|panel|form|menu)\.h[>"]' "$f"; then
		echo "$f: includes curses (only tui/draw.c may)"
		fail=1
	fi
done
exit $fail
