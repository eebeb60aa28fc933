#!/bin/sh
# run_mpl.sh: matplotlib in the kernel (issue 6). plt.show() shows every
# open figure in the running cell and closes them; MPLBACKEND, when the
# user sets it, wins; a subprocess a cell starts keeps matplotlib's own
# backend choice (quire's backend is chosen inside the kernel, never
# through the environment). SKIP without Debian's python3-matplotlib.
set -u
. "$(dirname "$0")/runlib.sh"
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null ||
    { echo "SKIP: no python3-matplotlib"; exit 77; }
nb=$srcdir/tests/data/run_mpl/show.py

run default env -u MPLBACKEND "$QUIRE" run "$nb"
[ "$st" -eq 0 ] || bad "quire run failed"
# Cell 1: one figure; cell 2: two, then none left open.
awk '/^=== cell 1/ { c = 1 } /^=== cell 2/ { c = 2 } /^=== cell 3/ { c = 3 }
    /^\[image [0-9]+×[0-9]+ PNG\] <Figure/ { n[c]++ }
    END { exit !(n[1] == 1 && n[2] == 2 && n[3] == 0) }' "$tmp/out" ||
    bad "plt.show() should show 1 figure in cell 1 and 2 in cell 2"
grep -Fxq "open figures after show: 0" "$tmp/out" ||
    bad "plt.show() should close the figures it showed"
grep -q "^subprocess backend: [Aa]gg$" "$tmp/out" ||
    bad "a subprocess should keep matplotlib's own backend"

# The user's MPLBACKEND wins: Agg's show() shows nothing.
run agg env MPLBACKEND=agg "$QUIRE" run "$nb"
[ "$st" -eq 0 ] || bad "quire run with MPLBACKEND=agg failed"
grep -q "<Figure" "$tmp/out" && bad "MPLBACKEND=agg should be honoured"

[ $fail -eq 0 ] && echo "run_mpl: ok"
exit $fail
