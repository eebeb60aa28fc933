#!/bin/sh
# C-e opens the focused cell in $VISUAL (here a script that rewrites
# it); on return the cell holds the new text and it and its dependents
# rerun.
. "${srcdir:-.}/tests/e2e/lib.sh"

cat >"$T/ed.sh" <<'SH'
#!/bin/sh
sed -i 's/base = 1/base = 21/' "$1"
SH
chmod +x "$T/ed.sh"
mknb "$T/nb.py" 'base = 1' 'print("twice", base * 2)'
E2E_ENV="$E2E_ENV EDITOR=$T/ed.sh"
start nb.py
wait_for '1/2'
keys C-r
wait_for 'twice 2 ' 30
keys C-e
wait_for '┃ base = 21 '
wait_for 'cell updated from'
wait_for 'twice 42 ' 30
ls "$T/tmp" | grep -q quire-cell && fail "temporary file left"
exit 0
