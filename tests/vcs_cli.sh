#!/bin/sh
# vcs_cli.sh: quire log, quire diff and quire show end to end, in a
# repository made with git: output against tests/data/vcs, git difftool
# -x and a diff=quire attribute, colour only when asked, sanitised
# repository text, and the exit status of every kind of mistake.
set -u
: "${QUIRE:?}"
srcdir=${srcdir:-$(dirname "$0")/..}
data=$srcdir/tests/data/vcs
if ! git --version >/dev/null 2>&1; then
	echo "vcs_cli.sh: no git program: skipped"
	exit 77
fi
fail=0
pass=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-vcs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# Never find a repository above tmp, nor the user's git config.
GIT_CEILING_DIRECTORIES=$(dirname "$tmp")
HOME=$tmp XDG_CONFIG_HOME=$tmp GIT_CONFIG_NOSYSTEM=1 GIT_PAGER=cat
export GIT_CEILING_DIRECTORIES HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM \
    GIT_PAGER
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
    GIT_COMMITTER_EMAIL NO_COLOR GIT_DIR GIT_WORK_TREE

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# expect STATUS PATTERN CMD...: exit status and a line matching PATTERN.
expect() {
	want=$1 pat=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "$*: exit $got, want $want"; cat "$tmp/out"
	elif ! grep -Eq -- "$pat" "$tmp/out"; then
		bad "$*: output does not match /$pat/"; cat "$tmp/out"
	else
		ok
	fi
}

repo=$tmp/repo
mkdir "$repo" && cd "$repo" || exit 1
git init -q -b main . && git config user.name 'Alice Analyst' &&
    git config user.email alice@bank.example || exit 1
cp "$data/loan_risk_v1.py" loan_risk.py
git add loan_risk.py && git commit -qm 'first version' && git tag v1
cp "$data/loan_risk_v2.py" loan_risk.py
git commit -qam 'second version' && git tag v2
echo other > other.txt && git add other.txt && git commit -qm 'not the notebook'

# Two files: exactly the recorded cell-aware diff.
cp "$data/loan_risk_v1.py" "$data/loan_risk_v2.py" "$tmp/"
(cd "$tmp" && "$QUIRE" diff loan_risk_v1.py loan_risk_v2.py) >"$tmp/out" 2>&1
if cmp -s "$tmp/out" "$data/loan_risk.diff"; then ok; else
	bad "diff of two files differs from loan_risk.diff"
	diff -u "$data/loan_risk.diff" "$tmp/out"
fi

# Revisions: HEAD~1 against HEAD is the same diff with other labels.
"$QUIRE" diff loan_risk.py HEAD~2 HEAD >"$tmp/out" 2>&1
sed 1,2d "$tmp/out" >"$tmp/body"
sed 1,2d "$data/loan_risk.diff" >"$tmp/want"
if cmp -s "$tmp/body" "$tmp/want"; then ok; else
	bad "diff HEAD~2 HEAD"; diff -u "$tmp/want" "$tmp/body"
fi
expect 0 '^--- a/loan_risk.py@HEAD~2$' "$QUIRE" diff loan_risk.py HEAD~2 HEAD
expect 0 '^\+\+\+ b/loan_risk.py@HEAD$' "$QUIRE" diff loan_risk.py HEAD~2 HEAD
# The working copy against HEAD: clean, then one edit.
expect 0 '^no cell changed$' "$QUIRE" diff loan_risk.py
sed 's/cutoff = 0.40/cutoff = 0.35/' loan_risk.py >"$tmp/x" &&
    cat "$tmp/x" >loan_risk.py
expect 0 '^## cell 2 threshold: changed$' "$QUIRE" diff loan_risk.py
expect 0 '^\+cutoff = 0.35$' "$QUIRE" diff loan_risk.py
expect 0 '^-cutoff = 0.40$' "$QUIRE" diff loan_risk.py v1
expect 0 '^@@ -1,1 \+1,1 @@$' "$QUIRE" diff -U0 loan_risk.py
git checkout -q loan_risk.py

# git difftool -x and an external diff driver (the man page's recipe).
git difftool -y -x "$QUIRE diff" HEAD~2 HEAD -- loan_risk.py >"$tmp/out" 2>&1
if grep -q '^## cell 3 load: changed$' "$tmp/out" &&
    grep -q '^+df = pd.read_csv("loans_2026.csv")$' "$tmp/out"; then ok; else
	bad "git difftool -x 'quire diff'"; cat "$tmp/out"
fi
echo '*.py diff=quire' >.gitattributes
git -c diff.quire.command="$QUIRE diff" diff HEAD~2 HEAD -- loan_risk.py \
    >"$tmp/out" 2>&1
if grep -q '^--- a/loan_risk.py$' "$tmp/out" &&
    grep -q '^## cell 2 threshold: moved (was cell 3)$' "$tmp/out"; then
	ok
else
	bad "diff=quire driver"; cat "$tmp/out"
fi
# A file that is not a notebook gets a plain line diff.
printf 'x = 1\n' >plain.py && git add plain.py && git commit -qm plain
printf 'x = 2\n' >plain.py
git -c diff.quire.command="$QUIRE diff" diff -- plain.py >"$tmp/out" 2>&1
if grep -q '^+x = 2$' "$tmp/out" && ! grep -q '^##' "$tmp/out"; then ok
else bad "plain script through the driver"; cat "$tmp/out"; fi
git checkout -q plain.py
rm .gitattributes
# A new file (git passes /dev/null as the old side).
cp "$data/loan_risk_v1.py" new.py && git add -N new.py
GIT_EXTERNAL_DIFF="$QUIRE diff" git diff --ext-diff -- new.py >"$tmp/out" 2>&1
if grep -q '^## cell 5: added$' "$tmp/out"; then ok; else
	bad "external diff of a new file"; cat "$tmp/out"
fi
git rm -q --cached new.py && rm new.py

# log: the notebook's commits only, newest first, with cells changed.
expect 0 '^Cells:  changed: load, flagged, summary; moved: threshold$' \
    "$QUIRE" log loan_risk.py
expect 0 '^Author: Alice Analyst <alice@bank.example>$' \
    "$QUIRE" log loan_risk.py
"$QUIRE" log --oneline loan_risk.py >"$tmp/out" 2>&1
second="^$(git rev-parse --short=7 v2) .* Alice Analyst: second version"
second="$second \\[changed: load, flagged, summary; moved: threshold\\]\$"
first='first version \[added: cell 1, load, threshold, flagged, cell 5\]$'
if [ "$(wc -l <"$tmp/out")" -eq 2 ] && grep -q "$second" "$tmp/out" &&
    grep -q "$first" "$tmp/out"
then ok; else bad "log --oneline"; cat "$tmp/out"; fi
expect 0 'second version' "$QUIRE" log -n 1 loan_risk.py
"$QUIRE" log -n 1 --oneline loan_risk.py >"$tmp/out"
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ok || bad "log -n 1"

# show: the notebook at a revision, byte for byte.
"$QUIRE" show loan_risk.py@HEAD~3 >"$tmp/out"
if cmp -s "$tmp/out" "$data/loan_risk_v1.py"; then ok; else
	bad "show @HEAD~3"; diff -u "$data/loan_risk_v1.py" "$tmp/out"
fi
"$QUIRE" show "loan_risk.py@$(git rev-parse v2)" >"$tmp/out"
cmp -s "$tmp/out" "$data/loan_risk_v2.py" && ok || bad "show @hash"
"$QUIRE" show loan_risk.py@v1 >"$tmp/out"
cmp -s "$tmp/out" "$data/loan_risk_v1.py" && ok || bad "show @tag"
"$QUIRE" show loan_risk.py >"$tmp/out"
cmp -s "$tmp/out" "$data/loan_risk_v2.py" && ok || bad "show (HEAD)"

# Colour: never on a pipe unless asked; NO_COLOR and --color=never win.
esc=$(printf '\033')
"$QUIRE" diff loan_risk.py v1 >"$tmp/out"
grep -q "$esc" "$tmp/out" && bad "colour on a pipe" || ok
"$QUIRE" diff --color=always loan_risk.py v1 >"$tmp/out"
grep -q "$esc\[7m" "$tmp/out" && ok || bad "--color=always: no word marks"
NO_COLOR=1 "$QUIRE" diff --color=never loan_risk.py v1 >"$tmp/out"
grep -q "$esc" "$tmp/out" && bad "--color=never" || ok

# Repository text never reaches the terminal raw.
printf '\n\n@app.cell\ndef _():\n    x = "\033]0;pwned\007"\n    return\n' \
    >>loan_risk.py
git -c user.name="$(printf 'Mallory\033[2J')" commit -qam \
    "$(printf 'title \033]0;owned\007 here')"
"$QUIRE" log loan_risk.py >"$tmp/out" 2>&1
"$QUIRE" diff loan_risk.py HEAD~1 >>"$tmp/out" 2>&1
"$QUIRE" diff --color=always loan_risk.py HEAD~1 >>"$tmp/out" 2>&1
if grep -q "$esc\]" "$tmp/out" || grep -q "$esc\[2J" "$tmp/out" ||
    grep -q "$(printf '\007')" "$tmp/out"; then
	bad "control sequences from the repository were printed"
	cat -v "$tmp/out"
else
	ok
fi

# Mistakes.
expect 2 'no such revision' "$QUIRE" show loan_risk.py@nope
expect 2 'no such revision' "$QUIRE" diff loan_risk.py nope
expect 2 'is not in' "$QUIRE" show other.txt@v2
mkdir "$tmp/norepo" && cp "$data/loan_risk_v1.py" "$tmp/norepo/nb.py"
expect 2 'not in a git work tree' "$QUIRE" log "$tmp/norepo/nb.py"
expect 2 'usage: quire log' "$QUIRE" log
expect 2 'usage: quire diff' "$QUIRE" diff
expect 2 'unknown option --frob' "$QUIRE" diff --frob loan_risk.py
expect 2 '--color takes' "$QUIRE" diff --color=sometimes loan_risk.py
expect 2 'usage: quire show' "$QUIRE" show
expect 2 "$tmp/missing.py" "$QUIRE" diff "$tmp/missing.py" "$tmp/norepo/nb.py"

cd "$repo" && git fsck --no-dangling >/dev/null 2>&1 && ok || bad "git fsck"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
