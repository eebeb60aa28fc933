# runlib.sh: shared by the tests of what `quire run` prints
# (tests/run_rich.sh, mo_api.sh, examples.sh, run_mpl.sh), as
# tests/e2e/lib.sh is by the editor's. Sourcing it skips (77) when quire
# is not built, sets srcdir to the source tree and exports QUIRE_PYDIR
# (its python/ unless set), makes $tmp (removed on exit) and sets fail=0;
# the test ends with `exit $fail`.
#
#	set -u
#	. "$(dirname "$0")/runlib.sh"
#	run plain "$QUIRE" run "$nb"	# $tmp/out, $tmp/err, status $st
#	status 0
#	line "Quarterly report"	# a whole line of stdout
#	has "12%"			# somewhere in stdout; lacks: nowhere
#	errhas "Summing"		# somewhere in stderr; errlacks: nowhere
#	signatures hstack status.spinner </dev/null	# against marimo's
#
# A failed check says which run ($cur) and what, shows the start of
# stdout and stderr, and sets fail=1; the test goes on. run_timeout
# (seconds, 120) and out_max (bytes of stdout shown, 3000) may be set.

: "${QUIRE:?QUIRE must name the built quire}"
[ -x "$QUIRE" ] || { echo "SKIP: $QUIRE not built"; exit 77; }
srcdir=${srcdir:-$(dirname "$0")/..}
case $srcdir in */tests) srcdir=${srcdir%/tests} ;; esac
: "${QUIRE_PYDIR:=$srcdir/python}"
export QUIRE_PYDIR
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() {
	cur=$1
	shift
	timeout "${run_timeout:-120}" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
}
bad() {
	echo "FAIL: $cur: $*"
	echo "--- stdout"; head -c "${out_max:-3000}" "$tmp/out"
	echo "--- stderr"; head -c 2000 "$tmp/err"
	fail=1
}
status() {
	[ "$st" -eq "$1" ] || bad "exit $st, want $1"
}
has() {
	grep -Fq -- "$1" "$tmp/out" || bad "stdout lacks '$1'"
}
line() {
	grep -Fxq -- "$1" "$tmp/out" || bad "stdout lacks the line '$1'"
}
lacks() {
	grep -Fq -- "$1" "$tmp/out" && bad "stdout has '$1'"
}
matches() {
	grep -Eq -- "$1" "$tmp/out" || bad "stdout does not match /$1/"
}
errhas() {
	grep -Fq -- "$1" "$tmp/err" || bad "stderr lacks '$1'"
}
errlacks() {
	grep -Fq -- "$1" "$tmp/err" && bad "stderr has '$1'"
}

# signatures NAME...: with QUIRE_TEST_VENV (a virtualenv with marimo),
# every parameter of marimo's mo.NAME exists in quire's mo.NAME, of the
# same kind, with a default where marimo's has one; a dotted NAME reaches
# into modules and classes (status.spinner.__enter__). Python read from
# stdin (</dev/null for none) runs after, with marimo, q (quire's mo), E
# (no default) and bad (set it to 1 on a difference) defined. A
# difference fails as run "signatures"; without the venv it says SKIP.
signatures() {
	venv=${QUIRE_TEST_VENV:-}
	if [ -z "$venv" ] ||
	    ! "$venv/bin/python" -c 'import marimo' 2>/dev/null; then
		echo "SKIP: signatures (no QUIRE_TEST_VENV with marimo)"
		return 0
	fi
	cur=signatures
	{
		cat <<'PYEOF'
import inspect, sys
import marimo
sys.path.insert(0, sys.argv[1])
from quire import mo as q
E = inspect.Parameter.empty
def get(mod, n):
    for part in n.split("."):
        mod = getattr(mod, part)
    return mod
bad = 0
for n in sys.argv[2:]:
    theirs = inspect.signature(get(marimo, n)).parameters
    ours = inspect.signature(get(q, n)).parameters
    for p in theirs.values():
        o = ours.get(p.name)
        if o is None or o.kind != p.kind or \
                (o.default is E) != (p.default is E):
            print("mo.%s: %s: marimo %s, quire %s" % (n, p.name, p, o))
            bad = 1
PYEOF
		cat
		echo 'sys.exit(bad)'
	} >"$tmp/signatures.py"
	"$venv/bin/python" "$tmp/signatures.py" "$QUIRE_PYDIR" "$@" \
	    >"$tmp/out" 2>&1 || bad "quire's signatures differ from marimo's"
}
