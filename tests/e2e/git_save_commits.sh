#!/bin/sh
# Saving a notebook in a git work tree commits that file and nothing
# else: git log shows the commit, git fsck is clean, other staged and
# unstaged changes stay as they were, the top bar and the gutter show
# what differs from HEAD. A commit that fails (the index locked) leaves
# the save standing and is tried again at the next save; with
# git.commit_message = prompt the message is asked; the audit trail
# records every save with the commit it made; outside any repository
# the first save asks whether to create one.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/git_lib.sh"

# An audit store: each save is recorded with the commit it made.
printf 'open sesame\n' >"$T/pass"
# shellcheck disable=SC2086
env -i PATH="$PATH" $E2E_ENV "$QUIRE" audit init --passphrase-file \
    "$T/pass" --kdf interactive >/dev/null || fail "audit init"
audit_show() {
	# shellcheck disable=SC2086
	env -i PATH="$PATH" $E2E_ENV "$QUIRE" audit show --passphrase-file \
	    "$T/pass" >"$T/audit" 2>&1 || { cat "$T/audit"; fail "audit"; }
}

R=$T/repo
mkrepo "$R"
mknb "$R/nb.py" 'x = 1'
printf 'one\n' >"$R/other.txt"
printf 'three\n' >"$R/third.txt"
git -C "$R" add nb.py other.txt third.txt
git -C "$R" commit -qm 'first version' || fail "git commit"
printf 'staged\n' >>"$R/other.txt"
git -C "$R" add other.txt
printf 'unstaged\n' >>"$R/third.txt"
head=$(short HEAD)

qstart repo/nb.py
wait_for '1/1'
wait_for '· git main · kernel'
keys Enter
type_text '0'
# The gutter follows typing: the line differs from HEAD's.
wait_for '^~┃ x = 10 '
keys Escape
wait_for '· git main \+1 · kernel'
keys C-s
wait_for 'saved repo/nb.py \(1 cells\), committed [0-9a-f]{7}'
wait_for '· git main · kernel'
wait_gone '^~'
[ "$(git -C "$R" log -1 --format=%s)" = \
    'quire: save nb.py (changed: cell 1)' ] ||
    fail "commit message: $(git -C "$R" log -1 --format=%s)"
[ "$(git -C "$R" log -1 --format='%an <%ae>')" = \
    'Alice Analyst <alice@bank.example>' ] || fail "author"
[ "$(git -C "$R" rev-parse --short=7 HEAD~1)" = "$head" ] ||
    fail "not a child of the first commit"
screen | grep -q "committed $(short HEAD)" || fail "another id shown"
[ "$(git -C "$R" show --name-only --format= HEAD)" = nb.py ] ||
    fail "the commit holds more than the notebook"
grep -q '^    x = 10$' "$R/nb.py" || fail "not saved"
git -C "$R" show HEAD:nb.py | grep -q '^    x = 10$' ||
    fail "the commit does not hold the save"
[ "$(git -C "$R" diff --cached --name-only)" = other.txt ] ||
    fail "staged changes touched: $(git -C "$R" diff --cached --name-only)"
[ "$(git -C "$R" diff --name-only)" = third.txt ] ||
    fail "unstaged changes touched: $(git -C "$R" diff --name-only)"
git -C "$R" show :other.txt | grep -q staged || fail "index lost a change"
[ -z "$(git -C "$R" status --porcelain nb.py)" ] ||
    fail "git status: $(git -C "$R" status --porcelain nb.py)"
fsck_clean

# A locked index: the save stands, the commit is said to have failed,
# and the next save commits.
touch "$R/.git/index.lock"
keys Enter
type_text '0'
keys Escape C-s
wait_for 'saved repo/nb.py, but not committed: .*lock'
grep -q '^    x = 100$' "$R/nb.py" || fail "the save did not stand"
[ "$(git -C "$R" rev-list --count HEAD)" = 2 ] || fail "committed anyway"
rm -f "$R/.git/index.lock"
keys C-s
wait_for 'committed [0-9a-f]{7}'
[ "$(git -C "$R" rev-list --count HEAD)" = 3 ] || fail "no retry"
git -C "$R" show HEAD:nb.py | grep -q '^    x = 100$' || fail "retry"
fsck_clean
keys C-q
wait_exit
stop

# git.commit_message = prompt: the message is asked for.
config 'git.commit_message = prompt'
qstart repo/nb.py
wait_for '1/1'
keys Enter
type_text '1'
keys Escape C-s
wait_for 'commit message'
type_text 'tune the threshold'
keys Enter
wait_for 'saved repo/nb.py, committed [0-9a-f]{7}'
[ "$(git -C "$R" log -1 --format=%s)" = 'tune the threshold' ] ||
    fail "prompted message: $(git -C "$R" log -1 --format=%s)"
prompted=$(git -C "$R" rev-parse HEAD)
# Esc: saved, not committed; the next save asks again.
keys Enter
type_text '2'
keys Escape C-s
wait_for 'commit message'
keys Escape
wait_for 'not committed'
[ "$(git -C "$R" rev-list --count HEAD)" = 4 ] || fail "Esc committed"
grep -q '^    x = 10012$' "$R/nb.py" || fail "Esc lost the save"
fsck_clean
keys C-q
wait_exit
stop
# The audit trail has every save, with its commit when it made one.
audit_show
for rev in HEAD~2 HEAD~1; do
	grep -q "NOTEBOOK_SAVE .*commit=$(git -C "$R" rev-parse $rev)" \
	    "$T/audit" || fail "commit $rev not audited: $(cat "$T/audit")"
done
grep -q "NOTEBOOK_SAVE .*commit=$prompted" "$T/audit" ||
    fail "prompted commit not audited"
# Five saves; the locked index and Esc left two without a commit.
[ "$(grep -c 'NOTEBOOK_SAVE' "$T/audit")" = 5 ] ||
    fail "saves audited: $(grep -c NOTEBOOK_SAVE "$T/audit")"
[ "$(grep 'NOTEBOOK_SAVE' "$T/audit" | grep -c 'commit=')" = 3 ] ||
    fail "saves audited with a commit"

# Outside any repository: asked once; y makes one and commits.
config ''
mkdir "$T/plain"
mknb "$T/plain/nb.py" 'a = 1'
qstart plain/nb.py
wait_for '1/1'
refute 'git '
keys Enter
type_text '2'
keys Escape C-s
wait_for 'create a git repository here\? \(y\)es, \(n\)o'
keys y
wait_for 'committed [0-9a-f]{7}'
wait_for '· git (main|master) · kernel'
[ "$(git -C "$T/plain" rev-list --count HEAD)" = 1 ] || fail "no commit"
fsck_clean "$T/plain"
keys C-q
wait_exit
stop

# n: no repository, and no more questions this session.
mkdir "$T/plain2"
mknb "$T/plain2/nb.py" 'b = 1'
qstart plain2/nb.py
wait_for '1/1'
keys Enter
type_text '2'
keys Escape C-s
wait_for 'create a git repository here\?'
keys n
wait_for 'no repository made'
[ -e "$T/plain2/.git" ] && fail "a repository was made"
grep -q '^    b = 12$' "$T/plain2/nb.py" || fail "not saved"
keys C-s
wait_for 'saved plain2/nb.py \(1 cells\)'
refute 'create a git'
exit 0
