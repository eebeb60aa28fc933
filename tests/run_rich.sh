#!/bin/sh
# run_rich.sh: what `quire run` prints for rich outputs (issue 6): Markdown
# as formatted text, a long table as its first and last rows with a count,
# an image as one line (or symbols with --images), a widget as "label:
# value", anything else without its raw HTML; colours only for a terminal
# that wants them (NO_COLOR, TERM=dumb, --color), and --json's rendered
# text; the layout and text elements (mo.hstack, mo.callout, ...) and,
# with QUIRE_TEST_VENV, their signatures against marimo's. The fixtures
# need no Python package beyond the standard library.
set -u
. "$(dirname "$0")/runlib.sh"
nb=$srcdir/tests/data/run_rich/rich.py
PY=${SYSTEM_PYTHON:-python3}
esc=$(printf '\033')

run plain "$QUIRE" run "$nb"
status 0
# Markdown: heading underlined, emphasis gone, bullets, aligned table,
# the link numbered with its target at the end, math as its source.
line "Quarterly report"
line "════════════════"
line "Revenue grew by 12% in the quarter, see the dashboard[1]."
line "• north region"
line "north    1200"
line "[1] https://example.com/q3"
has 'Inline math $a^2 + b^2$ stays as written.'
lacks "**12%**"
lacks "# Quarterly"
# The cell's escape sequence is shown, never done; a pipe gets no SGR.
grep -q "$esc" "$tmp/out" && bad "an escape character reached stdout"
has "Escape ^[[31m sequences"
# A 100-row list of dicts: the first 10 and last 5 rows, a count between.
line "  1  row 1      0.5"
line " 10  row 10     5.0"
line "… 85 rows not shown"
line "100  row 100   50.0"
line "100 rows × 3 columns"
lacks "row 50 "
# An image is one line: its size and what the value says it is.
line "[image 40×20 PNG] <half black picture>"
# A widget: label and value.
line "cut-off: 30"
# HTML is never printed raw.
lacks "<script>"
lacks "<b>"

# Width: paragraphs wrap at --width.
run width "$QUIRE" run --width 30 "$nb"
status 0
"$PY" -c 'import sys
sys.exit(any(len(l) > 30 for l in open(sys.argv[1], encoding="utf-8")
             .read().splitlines() if not l.startswith("===")))' "$tmp/out" ||
    bad "a line is wider than 30 columns"
line "Revenue grew by 12% in the"

# --images: the picture as symbols within the width, black half blank
# and white half solid (shapes only in a pipe).
run images "$QUIRE" run --images --width 40 "$nb"
status 0
sed -n '/^=== cell 4 ===$/,/^=== cell 5 ===$/p' "$tmp/out" |
    sed '1d;$d' >"$tmp/img"
n=$(wc -l <"$tmp/img")
[ "$n" -ge 5 ] && [ "$n" -le 24 ] || bad "image is $n rows"
grep -Eq '^ {20}█{20}$' "$tmp/img" || bad "image rows are not half blank"
lacks "[image 40×20 PNG]"

# Colours: --color=always writes SGR; NO_COLOR keeps attributes only.
run color "$QUIRE" run --color=always "$nb"
status 0
grep -q "$esc\[" "$tmp/out" || bad "no SGR with --color=always"
run no_color env NO_COLOR=1 "$QUIRE" run --color=always "$nb"
status 0
grep -q "$esc\[0;1m" "$tmp/out" || bad "no bold heading under NO_COLOR"
grep -Eq "$esc\[[0-9;]*(3[0-9]|38;)" "$tmp/out" &&
    bad "a colour under NO_COLOR"
run bad_color "$QUIRE" run --color=sometimes "$nb"
status 2
grep -q "bad --color" "$tmp/err" || bad "no message for --color=sometimes"
run bad_width "$QUIRE" run --width 5 "$nb"
status 2

# A terminal gets colours by default, unless TERM=dumb.
if command -v script >/dev/null 2>&1; then
	run tty env TERM=xterm-256color script -qec \
	    "\"$QUIRE\" run \"$nb\"" /dev/null
	grep -q "$esc\[" "$tmp/out" || bad "no SGR on a terminal"
	run dumb env TERM=dumb script -qec "\"$QUIRE\" run \"$nb\"" /dev/null
	grep -q "$esc\[[0-9;]*m" "$tmp/out" && bad "SGR with TERM=dumb"
	has "Quarterly report"
fi

# --json keeps the outputs and adds what each looks like as text.
run json "$QUIRE" run --json "$nb"
status 0
"$PY" - "$tmp/out" <<'PYEOF' || bad "--json rendered is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["cells"]
assert c[1]["outputs"][0][0]["mime"] == "text/markdown"
r = c[1]["rendered"][0]
assert r["mime"] == "text/markdown", r
assert "Quarterly report\n════" in r["text"], r
assert c[2]["rendered"][0]["mime"].endswith("table+json")
assert "… 85 rows not shown" in c[2]["rendered"][0]["text"]
assert c[3]["outputs"][0][0]["mime"] == "image/png"
assert "base64" in c[3]["outputs"][0][0]
assert c[3]["rendered"][0]["text"] == \
    "[image 40×20 PNG] <half black picture>\n", c[3]["rendered"]
assert c[4]["rendered"][0] == {"mime": "application/vnd.quire.widget+json",
                               "text": "cut-off: 30\n"}, c[4]["rendered"]
assert c[0]["rendered"] == []
PYEOF
# Layouts (contract-s2 section 5): Markdown composed of the children,
# widgets embedded with their JSON, tables as their first rows and a
# count, objects quire cannot draw as one line, never raw HTML.
lay=$srcdir/tests/data/run_rich/layouts.py
run layouts "$QUIRE" run "$lay"
status 1
line "gain: 7   plain *text*   42"
line "revenue    uptime"
line "1,234,567  98%"
line "▲ +12%"
line "│ Warning: Careful"
line "│ Turn slowly:   gain: 7"
line "Lyon  9"
lacks "Lyon  10"
line "10 of 25 rows shown · 2 columns"
line "Hello there"
lacks "alert"
line "• b: None"
line '    "k": ['
line "[Animation]"
line "[iframe: 8 bytes of HTML]"
line "  a   b"
line "3.5"
line '[x] \[y\] $z$'
# A layout written into an f-string of mo.md is a block of its own, and
# the text around it is dedented as if it were not there.
line "left  right"
line "1     2"
line "Done, and not a code block."
grep -q "ValueError: Unsupported callout kind: 'purple'" "$tmp/err" ||
    bad "a callout of an unknown kind is not refused as marimo does"
run layouts_json "$QUIRE" run --json "$lay"
"$PY" - "$tmp/out" <<'PYEOF' || bad "layout bundles are wrong"
import json, sys
d = json.load(open(sys.argv[1]))
WS = "application/vnd.quire.widgets+json"
def items(i):
    return {o["mime"]: o["data"] for o in d["cells"][i]["outputs"][0]}
a = items(1)
assert list(a) == ["text/markdown", WS, "text/plain"], list(a)
assert a["text/markdown"].startswith(
    '<quire-widget id="knob-1">gain: 7</quire-widget>'), a
w = json.loads(a[WS])
assert [x["id"] for x in w] == ["knob-1"] and w[0]["value"] == 7, w
assert a["text/plain"] == "gain: 7   plain *text*   42", a
c = items(3)
assert json.loads(c[WS])[0]["id"] == "knob-1", c
assert "| city | n |" in c["text/markdown"], c
r = items(4)
assert WS not in r and "<" not in r["text/markdown"], r
PYEOF

# marimo's arguments are accepted: every parameter of marimo's own
# layout and text elements exists in quire's, of the same kind.
signatures accordion as_html audio callout carousel center download hstack \
    icon iframe image json lazy left md mermaid nav_menu pdf plain \
    plain_text right sidebar stat style tabs tree video vstack Html <<'PYEOF'
for m in ["callout", "center", "left", "right", "style", "batch"]:
    a = list(inspect.signature(getattr(marimo.Html, m)).parameters)
    b = list(inspect.signature(getattr(q.Html, m)).parameters)
    if a != b:
        print("Html.%s: marimo %s, quire %s" % (m, a, b))
        bad = 1
PYEOF
exit $fail
