#!/bin/sh
# audit_run.sh: what `quire run` and `quire convert` leave in the audit
# trail, read back with `quire audit show` as an auditor would: the
# session, the notebook opened with its content hash, one CELL_RUN per
# cell that ran with its outcome, a kernel crash and restart, and the
# export recorded before the file is written (and no file when it cannot
# be recorded). Without a store both commands work and record nothing.
set -u
: "${QUIRE:?QUIRE must name the built quire}"
[ -x "$QUIRE" ] || { echo "SKIP: $QUIRE not built"; exit 77; }
srcdir=${srcdir:-$(dirname "$0")/..}
case $srcdir in */tests) srcdir=${srcdir%/tests} ;; esac
: "${QUIRE_PYDIR:=$srcdir/python}"
export QUIRE_PYDIR
# A sanitizer build: CPython keeps memory until exit by design, so leak
# reports say nothing about quire (as in run_faults.sh).
if ldd "$QUIRE" 2>/dev/null | grep -q libasan; then
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	export ASAN_OPTIONS
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/audit_run.XXXXXX") || exit 99
tmp=$(cd "$tmp" && pwd -P)	# paths are recorded resolved
trap 'rm -rf "$tmp"' EXIT
fail=0

# Never the user's own store or settings.
HOME=$tmp/home
XDG_STATE_HOME=$tmp/state
XDG_CONFIG_HOME=$tmp/config
QUIRE_DEBUG_LOG=$tmp/debug.log
export HOME XDG_STATE_HOME XDG_CONFIG_HOME QUIRE_DEBUG_LOG
unset QUIRE_AUDIT_STORE QUIRE_AUDIT_SYSLOG
mkdir -p "$HOME" "$XDG_CONFIG_HOME"

bad() {
	echo "FAIL: $*"
	fail=1
}

# has PATTERN FILE: a line of FILE matches (grep -E).
has() {
	grep -Eq -- "$1" "$2" || { bad "no line matches /$1/"; cat "$2"; }
}

nb=$tmp/two.py
cat >"$nb" <<'EOF'
import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def load():
    x = 1
    return (x,)


@app.cell
def _(x):
    y = x / 0
    return


@app.cell
def _(y):
    z = y + 1
    return


if __name__ == "__main__":
    app.run()
EOF

# No store: the run is as ever, and the debug log says why nothing is
# recorded.
timeout 120 "$QUIRE" run "$nb" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 1 ] || bad "run without a store: exit $st, want 1"
grep -q 'audit' "$tmp/err" && bad "run without a store mentions audit"
has 'no audit store at .*/state/quire/audit.db' "$QUIRE_DEBUG_LOG"
"$QUIRE" convert "$nb" "$tmp/none.ipynb" || bad "convert without a store"
[ -s "$tmp/none.ipynb" ] || bad "convert without a store wrote nothing"

printf 'auditor words\n' >"$tmp/pass"
"$QUIRE" audit init --passphrase-file "$tmp/pass" --kdf interactive \
    >/dev/null || { echo "FAIL: audit init"; exit 1; }

timeout 120 "$QUIRE" run "$nb" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 1 ] || { bad "run: exit $st, want 1"; cat "$tmp/err"; }
"$QUIRE" convert "$nb" "$tmp/out.ipynb" || bad "convert with a store"
size=$(wc -c <"$tmp/out.ipynb")

show() {
	"$QUIRE" audit show --passphrase-file "$tmp/pass" "$@" \
	    >"$tmp/show" 2>&1 || { bad "audit show $*"; cat "$tmp/show"; }
}
show
hash=$(b2sum -l 256 "$nb" 2>/dev/null | cut -d' ' -f1)
has ' SESSION_START ok .* command=run' "$tmp/show"
[ -n "$hash" ] || hash='[0-9a-f]{64}'
has " NOTEBOOK_OPEN ok .* notebook=$nb content_hash=$hash" "$tmp/show"
has ' CELL_RUN ok .* cell_id=[0-9]+ cell_name=load code_hash=[0-9a-f]{64} '\
'duration_us=[0-9]+ cell_index=1' "$tmp/show"
has ' CELL_RUN failed .* reason=ZeroDivisionError .*cell_index=2' \
    "$tmp/show"
# The third cell never ran (its parent raised): nothing to record.
grep -q 'cell_index=3' "$tmp/show" && bad "a cancelled cell was recorded"
has ' SESSION_END ok .* command=run' "$tmp/show"
has " EXPORT_ALLOWED ok .* notebook=$nb format=ipynb "\
"target=$tmp/out.ipynb size=$size dlp=none" "$tmp/show"
# In the order things happened.
types='SESSION_START|NOTEBOOK_OPEN|CELL_RUN|SESSION_END|EXPORT_ALLOWED'
order=$(grep -Eo " ($types) " "$tmp/show" | tr -d ' ' | tr '\n' ' ')
want='SESSION_START NOTEBOOK_OPEN CELL_RUN CELL_RUN SESSION_END EXPORT_ALLOWED '
[ "$order" = "$want" ] || bad "entries out of order: $order"
show --type CELL_RUN --notebook two.py
[ "$(grep -c ' CELL_RUN ' "$tmp/show")" -eq 2 ] || bad "--type CELL_RUN"
"$QUIRE" audit verify --passphrase-file "$tmp/pass" >"$tmp/verify" 2>&1 ||
    { bad "verify"; cat "$tmp/verify"; }

# A cell that kills the kernel: the crash, then the restart quire run
# makes to go on with the cell that does not depend on it.
crash=$tmp/crash.py
cat >"$crash" <<'EOF'
import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def boom():
    import os
    os._exit(3)
    return


@app.cell
def after():
    w = 2
    return


if __name__ == "__main__":
    app.run()
EOF
timeout 120 "$QUIRE" run "$crash" >"$tmp/out" 2>"$tmp/err"
show --notebook crash.py
has ' CELL_RUN failed .* reason="the kernel died" .*cell_name=boom' \
    "$tmp/show"
has ' KERNEL_CRASH failed .* reason="the kernel exited with status 3"' \
    "$tmp/show"
has ' KERNEL_RESTART ok ' "$tmp/show"
has ' CELL_RUN ok .*cell_name=after' "$tmp/show"

# A store that cannot be written: the export is not made (exit 1), the
# run goes on and says once why it is not recorded.
mv "$XDG_STATE_HOME/quire/audit.db.writer" "$tmp/writer"
"$QUIRE" convert "$nb" "$tmp/blocked.ipynb" 2>"$tmp/err"
st=$?
[ "$st" -eq 1 ] || bad "convert to a broken store: exit $st, want 1"
[ -e "$tmp/blocked.ipynb" ] && bad "convert wrote a file it could not audit"
has 'not exported: the audit trail cannot record it' "$tmp/err"
"$QUIRE" convert "$nb" - >"$tmp/stdout" 2>"$tmp/err"
[ -s "$tmp/stdout" ] && bad "convert to stdout wrote what it could not audit"
timeout 120 "$QUIRE" run "$nb" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 1 ] || bad "run with a broken store: exit $st, want 1"
has '=== cell 1 \(load\) ===' "$tmp/out"
[ "$(grep -c 'audit trail: .* not recorded' "$tmp/err")" -eq 1 ] ||
    { bad "the run should say once that it is not recorded"; cat "$tmp/err"; }
mv "$tmp/writer" "$XDG_STATE_HOME/quire/audit.db.writer"
"$QUIRE" audit verify --no-passphrase >"$tmp/verify" 2>&1 ||
    { bad "verify after the failures"; cat "$tmp/verify"; }

exit $fail
