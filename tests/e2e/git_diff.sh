#!/bin/sh
# The diff view (C-d, :diff [REV [REV]]): the notebook's cells as panes
# marked changed, added, removed or unchanged, a changed cell's lines
# with - and + in the gutter and the changed words in reverse video;
# n and p go from change to change, Enter goes to the cell, and two
# revisions compare with each other.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/git_lib.sh"

R=$T/repo
mkrepo "$R"
mknb "$R/nb.py" 'import math' "$(printf 'rate = 0.05\nyears = 10')" \
    'total = rate * years' 'print("old")'
git -C "$R" add nb.py && git -C "$R" commit -qm 'first version' ||
    fail "git commit"
mknb "$R/nb.py" 'import math' "$(printf 'rate = 0.07\nyears = 10')" \
    'total = rate * years' 'print("old")'
git -C "$R" commit -qam 'raise the rate' || fail "git commit"
c1=$(short HEAD~1)
c2=$(short HEAD)

qstart repo/nb.py
wait_for '1/4'
# Change cell 3, delete cell 4, add a cell.
keys Down Down Enter End
type_text ' * 2'
keys Escape Down Delete
wait_for 'cell deleted'
keys C-n
type_text 'print(total)'
keys Escape
wait_for '· git main \+3 · kernel'

keys C-d
kinds='1 changed, 1 added, 1 removed'
wait_for "diff · HEAD \($c2\) → working copy · $kinds"
# The first change is selected (heavy) at the top.
wait_for '^~┏━ 3 .* changed \+1 -1 ━┓'
wait_for '^-┃ total = rate \* years  '
wait_for '^\+┃ total = rate \* years \* 2 '
# Only the new words are in reverse video (tmux spells it SGR 7).
tm capture-pane -e -p -t t | grep '^.*total = rate' | tail -1 >"$T/line"
grep -q "years$(printf '\033')\\[7m \\* 2" "$T/line" ||
    fail "the new words are not in reverse video: $(cat -v "$T/line")"
# n and p: from change to change (a removed cell after the cell it
# followed).
keys n
wait_for '^-┏━ 4 .* removed ━┓'
keys n
wait_for '^\+┏━ 4 .* added ━┓'
wait_for '^\+┃ print\(total\) '
keys n
wait_for 'no later change'
keys p p
wait_for '^~┏━ 3 .* changed'
# Unchanged cells are one dim line, not their text.
keys g
wait_for '^ ┏━ 1 .* unchanged ━┓'
wait_for '1 line unchanged'
refute 'import math'
keys a
wait_for 'whole cells'
wait_for '┃ import math '
keys a
keys n
wait_for '^~┏━ 3 .* changed'

# Enter: to the cell in the notebook.
keys Enter
wait_for '3/4'
wait_gone 'diff ·'
wait_for '^ ┏━ 3 '

# Two revisions.
keys :
type_text 'diff HEAD~1 HEAD'
keys Enter
wait_for "diff · HEAD~1 \($c1\) → HEAD \($c2\) · 1 changed"
wait_for '^~┏━ 2 .* changed \+1 -1 ━┓'
wait_for '^-┃ rate = 0\.05 '
wait_for '^\+┃ rate = 0\.07 '
wait_for '^ ┃ years = 10 '
keys Enter
wait_for 'both sides are commits'
keys q
wait_gone 'diff ·'

# A revision that does not exist is said so; nothing opens.
keys :
type_text 'diff nosuchrev'
keys Enter
wait_for 'diff: .*nosuchrev'
refute 'diff ·'
wait_for '3/4'
exit 0
