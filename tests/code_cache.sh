#!/bin/sh
# The kernel's code cache (python/quire/_kernel.py, _CodeCache): a warm
# `quire run` takes each cell's compiled code from
# $XDG_CACHE_HOME/quire/<notebook>.code instead of compiling it, and
# never trusts a file it could not have written: a changed byte, another
# Python or quire, a file or directory others could write are all
# ignored, and an edited cell is compiled again.
set -u
. "$(dirname "$0")/runlib.sh"
PY=${SYSTEM_PYTHON:-/usr/bin/python3}
XDG_CACHE_HOME=$tmp/cache
export XDG_CACHE_HOME
mkdir -p -m 700 "$tmp/cache/quire"

cat >"$tmp/nb.py" <<'NB'
import marimo

app = marimo.App()


@app.cell
def _():
    x = 1
    return (x,)


@app.cell
def _(x):
    _p = 2
    print("sum", _p + x)
    return


@app.cell
def _(x):
    x + 41
    return


if __name__ == "__main__":
    app.run()
NB

expect_real() {
	status 0
	line "sum 3"
	line "42"
	lacks "from the cache"
}
cache() {
	ls "$tmp/cache/quire/"*.code 2>/dev/null
}

run cold "$QUIRE" run "$tmp/nb.py"
expect_real
f=$(cache)
[ -n "$f" ] || bad "no cache file after a run"
[ "$(stat -c %a "$f")" = 600 ] || bad "cache file mode $(stat -c %a "$f")"
sum=$(cksum <"$f")

run warm "$QUIRE" run "$tmp/nb.py"
expect_real
[ "$(cksum <"$f")" = "$sum" ] || bad "a warm run rewrote the cache"

# poison FILE: the print cell's code replaced, the checksum made right:
# what only this user could do, and the proof that a warm run uses it.
poison() {
	"$PY" - "$1" <<'PY'
import marshal, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
n = 8 + 4 + 2 * 16   # format, magic, two files' size and time
table = marshal.loads(data[n + 4:])
for cell, entry in list(table.items()):
    if "sum" in entry[1]:
        body = compile('print("from the cache")', entry[0], "exec")
        table[cell] = entry[:3] + (body, None, False, (), ())
body = marshal.dumps(table)
open(path, "wb").write(data[:n] + zlib.crc32(body).to_bytes(4, "little") + body)
PY
}
poison "$f"
run poisoned "$QUIRE" run "$tmp/nb.py"
status 0
line "from the cache"

# A changed byte: the checksum no longer matches, the cells compile again
# and the file is written anew.
"$PY" -c 'import sys; p = sys.argv[1]; d = bytearray(open(p, "rb").read()); d[-5] ^= 0x55; open(p, "wb").write(bytes(d))' "$f"
run corrupted "$QUIRE" run "$tmp/nb.py"
expect_real
run rewritten "$QUIRE" run "$tmp/nb.py"
expect_real

# Another Python or another quire: the header differs.
poison "$f"
"$PY" -c 'import sys; p = sys.argv[1]; d = bytearray(open(p, "rb").read()); d[8] ^= 1; open(p, "wb").write(bytes(d))' "$f"
run other-python "$QUIRE" run "$tmp/nb.py"
expect_real

# Readable or writable by others: not trusted.
poison "$f"
chmod 644 "$f"
run other-readable "$QUIRE" run "$tmp/nb.py"
expect_real
poison "$f"
chmod 600 "$f"
chmod 770 "$tmp/cache/quire"
run shared-dir "$QUIRE" run "$tmp/nb.py"
expect_real
chmod 700 "$tmp/cache/quire"

# An edited cell is compiled from its new text.
run warm-again "$QUIRE" run "$tmp/nb.py"
sed -i 's/print("sum", _p + x)/print("total", _p + x)/' "$tmp/nb.py"
run edited "$QUIRE" run "$tmp/nb.py"
status 0
line "total 3"
lacks "sum 3"
exit $fail
