#!/bin/sh
# audit_system.sh: audit.mode = system end to end. quire run records
# through quire-audit-writer (run unprivileged here, as the same user,
# on a test store), and quire audit verify and show see the entries;
# without the helper an export (quire convert) fails closed and writes
# nothing.
set -u
: "${QUIRE:?QUIRE must name the built quire}"
[ -x "$QUIRE" ] || { echo "SKIP: $QUIRE not built"; exit 77; }
helper=${top_builddir:-$(dirname "$QUIRE")}/quire-audit-writer
[ -x "$helper" ] || { echo "SKIP: $helper not built"; exit 77; }
srcdir=${srcdir:-$(dirname "$0")/..}
case $srcdir in */tests) srcdir=${srcdir%/tests} ;; esac
: "${QUIRE_PYDIR:=$srcdir/python}"
export QUIRE_PYDIR
if ldd "$QUIRE" 2>/dev/null | grep -q libasan; then
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	export ASAN_OPTIONS
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/audit_system.XXXXXX") || exit 99
tmp=$(cd "$tmp" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
fail=0

HOME=$tmp/home
XDG_STATE_HOME=$tmp/state
XDG_CONFIG_HOME=$tmp/config
QUIRE_DEBUG_LOG=$tmp/debug.log
QUIRE_AUDIT_STORE=$tmp/sys/audit.db
QUIRE_AUDIT_WRITER=$helper
export HOME XDG_STATE_HOME XDG_CONFIG_HOME QUIRE_DEBUG_LOG \
    QUIRE_AUDIT_STORE QUIRE_AUDIT_WRITER
unset QUIRE_AUDIT_SYSLOG
mkdir -p "$HOME" "$XDG_CONFIG_HOME/quire"
printf '[audit]\nmode = system\n' >"$XDG_CONFIG_HOME/quire/config"

bad() {
	echo "FAIL: $*"
	fail=1
}

has() {
	grep -Eq -- "$1" "$2" || { bad "no line matches /$1/"; cat "$2"; }
}

nb=$tmp/one.py
cat >"$nb" <<'PY'
import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def load():
    x = 1
    return (x,)


if __name__ == "__main__":
    app.run()
PY

printf 'auditor words\n' >"$tmp/pass"
"$QUIRE" audit init --passphrase-file "$tmp/pass" --kdf interactive \
    >/dev/null || { echo "FAIL: audit init"; exit 1; }

timeout 120 "$QUIRE" run "$nb" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 0 ] || { bad "run: exit $st, want 0"; cat "$tmp/err"; }
grep -q 'audit' "$tmp/err" && { bad "run mentions audit"; cat "$tmp/err"; }
has 'recording to the audit helper' "$QUIRE_DEBUG_LOG"
"$QUIRE" convert "$nb" "$tmp/out.ipynb" 2>"$tmp/err" ||
    { bad "convert through the helper"; cat "$tmp/err"; }

"$QUIRE" audit verify --passphrase-file "$tmp/pass" >"$tmp/verify" 2>&1 ||
    { bad "verify"; cat "$tmp/verify"; }
"$QUIRE" audit show --passphrase-file "$tmp/pass" >"$tmp/show" 2>&1 ||
    { bad "audit show"; cat "$tmp/show"; }
has ' SESSION_START ok .* command=run' "$tmp/show"
has " NOTEBOOK_OPEN ok .* notebook=$nb" "$tmp/show"
has ' CELL_RUN ok .* cell_name=load' "$tmp/show"
has ' SESSION_END ok .* command=run' "$tmp/show"
has " EXPORT_ALLOWED ok .* target=$tmp/out.ipynb" "$tmp/show"
has " $(id -un) " "$tmp/show"

# The helper is gone: the export fails closed and says why.
QUIRE_AUDIT_WRITER=$tmp/no-such-helper
"$QUIRE" convert "$nb" "$tmp/blocked.ipynb" 2>"$tmp/err"
st=$?
[ "$st" -eq 1 ] || bad "convert without the helper: exit $st, want 1"
[ -e "$tmp/blocked.ipynb" ] && bad "convert wrote a file it could not audit"
has 'not exported: the audit trail cannot record it' "$tmp/err"
has 'audit helper .*no-such-helper is unavailable' "$tmp/err"

exit $fail
