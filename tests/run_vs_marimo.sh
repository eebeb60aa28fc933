#!/bin/sh
# run_vs_marimo.sh: quire run against real marimo, cell by cell. Each
# notebook runs through marimo's kernel (`marimo export ipynb
# --include-outputs`, which runs every cell under the editor's rules)
# and through `quire run --json`; for every cell the printed output
# (stdout) and the error kind must agree: the exception type for a cell
# that raised, marimo's tag otherwise ("Ancestor raised",
# "ancestor-stopped", "multiple-defs", "cycle", ...), none for a cell that
# ran. Differences quire makes on purpose are listed, with the reason, in
# tests/data/run/vs_marimo.known ("notebook.py INDEX reason").
#
# Needs QUIRE_TEST_VENV, a virtualenv with marimo and nbformat
# (tests/venv.sh makes one); SKIP without it. The notebooks: the corpus
# in tests/notebooks (made by marimo), tests/data/run/conform and the
# quire run fixtures whose faults marimo can survive.
set -u
: "${QUIRE:?QUIRE must name the built quire}"
venv=${QUIRE_TEST_VENV:-}
if [ -z "$venv" ] || ! "$venv/bin/python" -c 'import marimo, nbformat' \
    2>/dev/null; then
	echo "SKIP: QUIRE_TEST_VENV is not a virtualenv with marimo and nbformat"
	exit 77
fi
srcdir=${srcdir:-$(dirname "$0")/..}
case $srcdir in */tests) srcdir=${srcdir%/tests} ;; esac
: "${QUIRE_PYDIR:=$srcdir/python}"
export QUIRE_PYDIR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ls "$srcdir"/tests/notebooks/*.py "$srcdir"/tests/data/run/conform/*.py |
    grep -v -e make-corpus.py -e marimo-regen.py >"$tmp/list"
for f in basic ok missing_import stop multidef sys_exit recursion disabled \
    close_stdout; do
	echo "$srcdir/tests/data/run/$f.py"
done >>"$tmp/list"

# One notebook: both runs, side by side in $tmp/N.{ipynb,json}. Both run
# a copy in a directory of its own: marimo leaves a __marimo__ session
# cache beside the notebook it runs, and the source tree must stay clean.
one()
{
	nb=$1
	key=$(echo "$nb" | tr '/' '_')
	mkdir -p "$tmp/w/$key"
	cp "$nb" "$tmp/w/$key/"
	copy=$tmp/w/$key/$(basename "$nb")
	(cd "$tmp/w/$key" && timeout 300 "$venv/bin/marimo" -q export \
	    ipynb --include-outputs "$copy" -o "$tmp/$key.ipynb" \
	    >/dev/null 2>&1)
	(cd "$tmp/w/$key" && timeout 300 "$QUIRE" run --json \
	    --venv "$venv" "$copy" >"$tmp/$key.json" 2>/dev/null)
	echo "$nb $key" >>"$tmp/done"
}

: >"$tmp/done"
n=0
while read -r nb; do
	one "$nb" &
	# Two at a time: marimo takes seconds per notebook.
	n=$((n + 1))
	[ $((n % 2)) -eq 0 ] && wait
done <"$tmp/list"
wait

"$venv/bin/python" - "$tmp/done" "$srcdir/tests/data/run/vs_marimo.known" \
    <<'PYEOF'
import json, os, re, sys

done, known_path = sys.argv[1], sys.argv[2]
known = set()
for line in open(known_path):
    line = line.split("#")[0].split()
    if len(line) >= 2:
        known.add((line[0], int(line[1])))

ADDR = re.compile(r" at 0x[0-9a-f]+")

def marimo_cells(path):
    # Code cells only (mo.md cells become Markdown cells without
    # outputs), in marimo's export order, which is topological.
    nb = json.load(open(path))
    out = []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        src = c["source"]
        src = "".join(src) if isinstance(src, list) else src
        text, err = "", None
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stdout":
                t = o.get("text", "")
                text += "".join(t) if isinstance(t, list) else t
            elif o.get("output_type") == "error" and err is None:
                err = o.get("ename")
        out.append((src, ADDR.sub(" at 0x?", text), err))
    return out

def quire_kind(c):
    e = c.get("error")
    if e is None:
        return None
    kind = e["kind"]
    if kind == "exception":
        return e.get("type")
    return {"ancestor-raised": "Ancestor raised"}.get(kind, kind)

fails = checked = 0
for line in sorted(open(done)):
    nb, key = line.split()
    name = os.path.basename(nb)
    base = os.path.join(os.path.dirname(done), key)
    if not os.path.exists(base + ".ipynb"):
        print("SKIP %s: marimo could not export it" % name)
        continue
    try:
        q = json.load(open(base + ".json"))["cells"]
    except (OSError, ValueError, KeyError):
        print("FAIL %s: quire run --json gave no result" % name)
        fails += 1
        continue
    m = marimo_cells(base + ".ipynb")
    # quire's kernel sees Debian's site-packages (plus the venv), marimo
    # only its venv: a module importable on one side only says nothing
    # about either runtime.
    q_missing = sum(quire_kind(qc) == "ModuleNotFoundError" for qc in q)
    m_missing = sum(merr == "ModuleNotFoundError" for _, _, merr in m)
    if q_missing != m_missing:
        print("SKIP %s: a module is importable on one side only "
              "(marimo %d, quire %d ModuleNotFoundError)"
              % (name, m_missing, q_missing))
        continue
    by_code = {}
    for i, qc in enumerate(q):
        by_code.setdefault(qc["code"].strip(), []).append(i)
    for src, mtext, merr in m:
        idx = by_code.get(src.strip())
        if not idx:
            print("FAIL %s: no quire cell has the code %r" % (name, src[:60]))
            fails += 1
            continue
        i = idx.pop(0)
        qc = q[i]
        checked += 1
        if (name, i) in known:
            continue
        qtext = ADDR.sub(" at 0x?", qc["stdout"])
        qerr = quire_kind(qc)
        if mtext != qtext:
            print("FAIL %s cell %d: stdout marimo %r, quire %r"
                  % (name, i, mtext[:200], qtext[:200]))
            fails += 1
        if merr != qerr:
            print("FAIL %s cell %d: error marimo %r, quire %r (%s)"
                  % (name, i, merr, qerr, qc["status"]))
            fails += 1
print("run_vs_marimo: %d cells compared, %d differences" % (checked, fails))
sys.exit(1 if fails else 0)
PYEOF
