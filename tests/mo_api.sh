#!/bin/sh
# mo_api.sh: the marimo names quire's mo added last (spec notebook-format.md
# section 8): mo.status.progress_bar and spinner (one stderr line rewritten
# with \r, at most ten writes a second, only the last state in `quire run`),
# mo.persistent_cache (decorator and with-block, on disk across runs),
# mo.ui.matrix (text, and an array of numbers in the widget JSON), the
# tier-3 elements (one line each, marimo's empty values), mo.Thread (its
# output routed to its cell in the editor), and, with QUIRE_TEST_VENV,
# their signatures against marimo's.
set -u
. "$(dirname "$0")/runlib.sh"
PY=${SYSTEM_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
# The cache goes beside the notebook: a copy, never the source tree.
cp "$srcdir/tests/data/mo_api/api.py" "$tmp/api.py"
nb=$tmp/api.py

run first "$QUIRE" run "$nb"
status 0
# Progress: the report on stdout has none of it; stderr ends in the
# last state of each bar, the completion title replacing the title.
line "total 435"
line "bar at 4 of 4"
lacks "Summing"
lacks "[####"
errhas "Summing [####################] 30/30 (100%)"
errhas "Steps done [####################] 4/4 (100%)"
errhas "- step 3"
# A spinner is removed on exit unless remove_on_exit=False.
line "spinner done"
errlacks "Loading data"
errhas "Kept spinner"
# persistent_cache: a first run computes and stores.
line "square 49 49 calls 2 hits 0"
line "block ran"
line "cached 4950"
ls "$tmp"/__marimo__/cache/block/Q_*.pickle >/dev/null 2>&1 ||
	bad "no entry under __marimo__/cache/block"
ls "$tmp"/__marimo__/cache/square/Q_*.pickle >/dev/null 2>&1 ||
	bad "no entry under __marimo__/cache/square"
# mo.ui.matrix: its value as marimo's, shown as text.
line "M: [[1, 2], [3, 4]]"
line "matrix value [[1, 2], [3, 4]]"
# Tier 3: marimo's empty values, one line each, in a layout too.
line "values [] [] [] [] {'x': 'a'} [1, 2] {}"
for what in "mo.ui.plotly: interactive Plotly charts are" \
    "mo.ui.chat: the chat interface is" \
    "mo.ui.altair_chart: interactive Altair charts are" \
    "mo.ui.anywidget: anywidgets (JavaScript) are" \
    "mo.ui.dataframe: the dataframe transformer is" \
    "mo.ui.data_explorer: the data explorer is"; do
	line "[$what not shown in the terminal]"
done
# mo.Thread: print and mo.output from the thread, current_thread().
line "from the thread"
line "current is me: True"
line "should_exit False"
line "thread output"

run second "$QUIRE" run "$nb"
status 0
# The second run reads what the first stored: no call, no block.
line "square 49 49 calls 0 hits 2"
lacks "block ran"
line "cached 4950"

# --json keeps stderr raw: the rewrites are few (ten a second at most),
# and the matrix's widget JSON is an array of arrays of numbers.
run json "$QUIRE" run --json "$nb"
status 0
"$PY" - "$tmp/out" >"$tmp/check" 2>&1 <<'PYEOF' || { cur=json; bad "$(cat "$tmp/check")"; }
import json, sys
doc = json.load(open(sys.argv[1]))
cells = doc["cells"]
err = cells[1]["stderr"] + cells[2]["stderr"]
n = err.count("\r")
assert 2 <= n <= 8, "%d rewrites of the progress lines" % n
w = None
for c in cells:
    for bundle in c["outputs"]:
        for item in bundle:
            if item["mime"] == "application/vnd.quire.widget+json":
                w = json.loads(item["data"])
assert w is not None, "no widget JSON"
assert w["kind"] == "array" and w["label"] == "M", w
assert w["value"] == [[1, 2], [3, 4]], w["value"]
rows = w["elements"]
assert [r["kind"] for r in rows] == ["array", "array"], rows
cells0 = rows[0]["elements"]
assert [e["kind"] for e in cells0] == ["number", "number"], cells0
assert [e["value"] for e in cells0] == [1, 2], cells0
PYEOF

# mo.Thread in the editor: print and mo.output.append of a thread go
# to the cell that made it, even after another cell became current
# (a fake _quire records the cell each write is sent as).
cur=thread
"$PY" - "$QUIRE_PYDIR" >"$tmp/out" 2>&1 <<'PYEOF' || bad "routing"
import sys, types
sys.path.insert(0, sys.argv[1])
sent = []
q = types.ModuleType("_quire")
q.current = 3
def set_cell(c):
    prev, q.current = q.current, c
    return prev
q.cell = lambda: q.current
q.set_cell = set_cell
q.write = lambda fd, data: sent.append((q.current, fd, data))
q.display = lambda op, items: sent.append((q.current, op, items))
sys.modules["_quire"] = q
from quire import _kernel
_kernel.config["mode"] = "edit"
import quire.mo as mo
glb = sys.modules["__main__"].__dict__
def work():
    q.current = 7          # the kernel runs cell 7 meanwhile
    glb["print"]("hello from 3")
    mo.output.append("shown in 3")
t = mo.Thread(target=work)
t.start()
t.join()
assert q.current == 7, "the running cell's tag was not restored"
assert (3, 1, "hello from 3\n") in sent, sent
assert any(s[0] == 3 and s[1] == "append" for s in sent), sent
print("ok")
PYEOF

signatures status.spinner status.progress_bar status.toast persistent_cache \
    Thread current_thread ui.matrix ui.chat ui.plotly ui.altair_chart \
    ui.anywidget ui.dataframe ui.data_explorer ai.ChatMessage \
    ai.ChatModelConfig ai.ChatAttachment ai.llm.openai ai.llm.anthropic \
    ai.llm.google ai.llm.groq ai.llm.bedrock ai.llm.pydantic_ai \
    status.progress_bar.__enter__ status.spinner.__enter__ <<'PYEOF'
# The progress objects' update methods.
from marimo._plugins.stateless.status import _progress as mp
for cls, m in (("ProgressBar", "update"), ("Spinner", "update")):
    a = list(inspect.signature(getattr(getattr(mp, cls), m)).parameters)
    b = list(inspect.signature(getattr(getattr(q.status, cls), m))
             .parameters)
    if a != b:
        print("%s.%s: marimo %s, quire %s" % (cls, m, a, b))
        bad = 1
# Default values of the tier-3 elements and the matrix, as marimo's.
for mk in (lambda m: m.ui.matrix([[1, 2], [3, 4]]),
           lambda m: m.ui.matrix([1, 2.5]),
           lambda m: m.ui.chat(lambda msgs, cfg: "x")):
    a, b = mk(marimo).value, mk(q).value
    if a != b:
        print("value: marimo %r, quire %r" % (a, b))
        bad = 1
PYEOF

exit $fail
