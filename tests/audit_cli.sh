#!/bin/sh
# audit_cli.sh: `quire audit` end to end: init with a passphrase file,
# show, verify, tampering found and named by its sequence number, export
# as JSON Lines and CSV, status, prune, and the usage errors (exit 2).
set -u
fail=0
: "${QUIRE:=./quire}"
sql=${top_builddir:-.}/tests/audit_sql
tmp=$(mktemp -d "${TMPDIR:-/tmp}/audit_cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# Never the user's own store, never a prompt.
HOME=$tmp/home
export HOME
unset QUIRE_AUDIT_STORE XDG_STATE_HOME QUIRE_AUDIT_SYSLOG XDG_CONFIG_HOME

# expect STATUS PATTERN CMD...: run CMD, check its exit status and that
# its combined output matches PATTERN (grep -E).
expect() {
	want=$1 pat=$2
	shift 2
	"$@" >"$tmp/out" 2>&1 </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $*: exit $got, want $want"; cat "$tmp/out"; fail=1
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$tmp/out"; then
		echo "FAIL: $*: output does not match /$pat/"; cat "$tmp/out"
		fail=1
	fi
}

if [ ! -x "$sql" ]; then
	echo "SKIP: $sql is not built"
	exit 77
fi
store=$tmp/state/audit.db
pass=$tmp/pass
printf 'open sesame\n' >"$pass"
printf 'not it\n' >"$tmp/wrong"
A="$QUIRE audit"

# Usage errors.
expect 2 'no subcommand' $A
expect 2 'unknown subcommand frob' $A frob
expect 2 'unknown option --bogus' $A show --bogus
expect 2 '--store needs a value' $A status --store
expect 2 'bad time' $A show --since yesterday
expect 2 "unknown event type" $A show --type NOPE
expect 2 'below the minimum of 180 days' $A prune --store "$store" \
    --retention 30
expect 2 'filters are for show and export' $A verify --user alice
expect 2 'unknown --kdf' $A init --kdf weak
expect 2 'unexpected argument' $A status extra
expect 0 'quire audit init' $A --help

# No store yet.
expect 1 'no audit store' $A status --store "$store"
expect 1 'FAILED.*no audit store' $A verify --store "$store"

# Init, with the default location under $HOME when --store is absent.
expect 0 'created audit store' $A init --store "$store" \
    --passphrase-file "$pass" --kdf interactive
expect 1 'already exists' $A init --store "$store" --passphrase-file "$pass"
for f in "$store" "$store.key" "$store.writer" "$store.head"; do
	mode=$(stat -c %a "$f")
	[ "$mode" = 600 ] || { echo "FAIL: $f has mode $mode"; fail=1; }
done
[ -f "$store.pub" ] || { echo "FAIL: no $store.pub"; fail=1; }
expect 0 "created audit store $HOME/.local/state/quire/audit.db" \
    $A init --passphrase-file "$pass" --kdf interactive
QUIRE_AUDIT_STORE=$tmp/env.db expect 0 "created audit store $tmp/env.db" \
    $A init --passphrase-file "$pass" --kdf interactive

# The config file names the store when nothing else does, and a bad line
# in it is only a warning.
mkdir -p "$HOME/.config/quire"
printf 'audit.store = %s\naudit.frobs = 1\n' "$tmp/cfg.db" \
    >"$HOME/.config/quire/config"
expect 0 "created audit store $tmp/cfg.db" $A init --passphrase-file \
    "$pass" --kdf interactive
expect 0 "store: +$tmp/cfg.db" $A status
expect 0 'config: .*audit.frobs' $A status
QUIRE_AUDIT_STORE=$tmp/env.db expect 0 "store: +$tmp/env.db" $A status
printf 'audit.retention_days = 400\n' >"$HOME/.config/quire/config"
expect 0 'older than 400 days' $A prune --store "$tmp/cfg.db"
expect 2 'below the minimum' $A prune --store "$tmp/cfg.db" --retention 0
rm "$HOME/.config/quire/config"

# Verify, show, status.
expect 0 'OK: 1 entry .*MACs and payloads checked' $A verify \
    --store "$store" --passphrase-file "$pass"
expect 0 'OK: 2 entries .*MACs not checked' $A verify --store "$store" \
    --no-passphrase
expect 1 'wrong passphrase' $A show --store "$store" --passphrase-file \
    "$tmp/wrong"
expect 1 'passphrase file' $A show --store "$store" --passphrase-file \
    "$tmp/missing"
expect 0 '^1 .* AUDIT_INIT ok' $A show --store "$store" \
    --passphrase-file "$pass"
expect 0 '^2 .* AUDIT_VERIFY ok .*macs=checked' $A show --store "$store" \
    --passphrase-file "$pass" --type audit_verify
expect 0 '' $A show --store "$store" --passphrase-file "$pass" \
    --user no-such-user
[ -s "$tmp/out" ] && { echo "FAIL: --user no-such-user shows entries"; fail=1; }
expect 0 'AUDIT_READ' $A show --store "$store" --passphrase-file "$pass" \
    --since 1d --until @4102444800
expect 0 'entries: +[0-9]+ \(seq 1\.\.[0-9]+\)' $A status --store "$store"
expect 0 'last verify: +[0-9T:.-]+Z ok' $A status --store "$store"
expect 0 'keys: +writer yes, auditor yes, public yes' $A status \
    --store "$store"

# Export.
expect 0 '' $A export --store "$store" --passphrase-file "$pass" \
    --format jsonl -o "$tmp/out.jsonl"
if ! grep -q '^{"seq":1,"time":"[^"]*","ts_us":[0-9]*,"epoch":0,"type":"AUDIT_INIT","outcome":"ok","hash":"[0-9a-f]\{64\}","fields":{' "$tmp/out.jsonl"
then
	echo "FAIL: jsonl export:"; cat "$tmp/out.jsonl"; fail=1
fi
expect 0 '^seq,time,epoch,type,outcome,user' $A export --store "$store" \
    --passphrase-file "$pass" --format csv
expect 0 'AUDIT_EXPORT' $A show --store "$store" --passphrase-file "$pass" \
    --type AUDIT_EXPORT
expect 2 'unknown --format xml' $A export --store "$store" \
    --passphrase-file "$pass" --format xml

# Prune: nothing is older than 180 days; the prune itself is recorded.
expect 0 'removed 0 entries older than 180 days' $A prune --store "$store"
expect 0 'AUDIT_PRUNE ok' $A show --store "$store" --passphrase-file "$pass"

# The triggers stop plain changes ...
expect 1 'append-only' "$sql" "$store" \
    "UPDATE entries SET outcome = 'failed' WHERE seq = 2"
# ... and anyone who drops them is found out, at the right entry.
expect 0 '' "$sql" "$store" "DROP TRIGGER entries_no_update;
    UPDATE entries SET outcome = 'failed' WHERE seq = 2"
expect 1 'FAILED at seq 2: ' $A verify --store "$store" \
    --passphrase-file "$pass"
expect 1 'FAILED at seq 2: hash chain broken' $A verify --store "$store" \
    --no-passphrase
expect 0 'last verify: .* FAILED' $A status --store "$store"
# Put it back: the chain is whole again. Then remove the newest entry.
expect 0 '' "$sql" "$store" "UPDATE entries SET outcome = 'ok' WHERE seq = 2"
expect 0 'OK: ' $A verify --store "$store" --passphrase-file "$pass"
last=$("$sql" "$store" "SELECT max(seq) FROM entries")
expect 0 '' "$sql" "$store" "DROP TRIGGER entries_no_delete;
    DELETE FROM entries WHERE seq = $last"
expect 1 "FAILED at seq $last: .*removed" $A verify --store "$store" \
    --no-passphrase

# whoami prints the identity the entries carry.
expect 0 "^user: +$(id -un) \\(uid $(id -u)\\)" "$QUIRE" whoami
expect 2 'usage: quire whoami' "$QUIRE" whoami --bogus
exit $fail
