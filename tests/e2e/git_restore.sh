#!/bin/sh
# Restoring from git is an ordinary edit: :restore REV brings the
# focused cell back as REV has it and C-z takes it away again (C-y
# redoes it); :restore-all REV makes the whole notebook REV's in one
# undo step; r in the diff view restores the selected cell. :blame says
# who last changed the cell.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/git_lib.sh"

R=$T/repo
mkrepo "$R"
mknb "$R/nb.py" 'a = 1' 'b = a + 1'
git -C "$R" add nb.py && git -C "$R" commit -qm 'first version' ||
    fail "git commit"
mknb "$R/nb.py" 'a = 100' 'b = a + 1'
git -C "$R" -c user.name='Bob Builder' -c user.email=bob@bank.example \
    commit -qam 'a hundred' || fail "git commit"
mknb "$R/nb.py" 'a = 100' 'b = a + 1' 'c = 3'
git -C "$R" commit -qam 'a third cell' || fail "git commit"
c1=$(short HEAD~2)
cp "$R/nb.py" "$T/orig.py"

qstart repo/nb.py
wait_for '1/3'
wait_for '┃ a = 100 '

# One cell, and undo.
keys :
type_text 'restore HEAD~2'
keys Enter
wait_for "restored cell 1 from HEAD~2 \($c1\) \(C-z undoes\)"
wait_for '┃ a = 1 '
wait_for 'nb.py \[\+\]'
wait_for '^~┃ a = 1 '
wait_for '· git main \+1 · kernel'
keys C-z
wait_for '┃ a = 100 '
wait_for '· git main · kernel'
keys C-y
wait_for '┃ a = 1 '
keys C-z
wait_for '┃ a = 100 '

# The whole notebook, one undo step.
keys :
type_text 'restore-all HEAD~2'
keys Enter
wait_for "restored the notebook from HEAD~2 \($c1\)"
wait_for '2/2|1/2'
wait_gone 'c = 3'
wait_for 'a = 1 '
wait_for '· git main \+2 · kernel'
keys C-z
wait_for 'c = 3'
wait_for '┃ a = 100 |│ a = 100 '
wait_for '/3 *$'
wait_for '· git main · kernel'

# r in the diff view.
keys Home Down Enter End
type_text '0'
keys Escape
wait_for 'b = a \+ 10 '
keys C-d
wait_for '^~┏━ 2 .* changed'
keys r
wait_for 'restored cell 2 from HEAD'
wait_for 'no difference'
keys q
wait_for '┃ b = a \+ 1 '
keys C-z
wait_for 'b = a \+ 10 '

# A revision without the cell, and one that does not exist.
keys Home :
type_text 'restore nosuchrev'
keys Enter
wait_for 'restore: .*nosuchrev'
keys End :
type_text 'restore HEAD~1'
keys Enter
wait_for 'restore: cell 3 has no counterpart in HEAD~1'

# Blame: who last changed the focused cell, and when.
keys Home :
type_text 'blame'
keys Enter
b=$(short HEAD~1)
wait_for "cell 1: last changed by Bob Builder, [0-9-]+ [0-9:]+, $b a hundred"
keys Down :
type_text 'blame'
keys Enter
wait_for 'cell 2: changed since the last commit'

# Nothing was written: restoring is editing.
cmp -s "$R/nb.py" "$T/orig.py" || fail "the file changed without a save"
exit 0
