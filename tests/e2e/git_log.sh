#!/bin/sh
# The log view (C-l, :log): the notebook's commits newest first with
# hash, date, author and message, never a commit that left it alone;
# the selected one's author address and the cells it changed. Enter
# shows a commit against the working copy, two marked commits against
# each other; q comes back. Repository text reaches the screen
# sanitised: an escape sequence in a message cannot retitle the pane.
. "${srcdir:-.}/tests/e2e/lib.sh"
. "${srcdir:-.}/tests/e2e/git_lib.sh"

R=$T/repo
mkrepo "$R"
mknb "$R/nb.py" 'rate = 0.05' 'years = 10'
git -C "$R" add nb.py && git -C "$R" commit -qm 'first version' ||
    fail "git commit"
mknb "$R/nb.py" 'rate = 0.07' 'years = 10'
git -C "$R" -c user.name='Bob Builder' -c user.email=bob@bank.example \
    commit -qam 'raise the rate' || fail "git commit"
printf 'x\n' >"$R/other.txt"
git -C "$R" add other.txt && git -C "$R" commit -qm 'not the notebook'
mknb "$R/nb.py" 'rate = 0.07' 'years = 10' 'total = rate * years'
git -C "$R" commit -qam "$(printf 'add a total\033]2;pwned\007 cell')" ||
    fail "git commit"
c1=$(short HEAD~3)
c2=$(short HEAD~2)
c3=$(short HEAD)

qstart repo/nb.py
wait_for '1/3'
keys C-l
wait_for 'log · nb.py · 3 commits'
wait_for "^ +$c3  [0-9-]+ [0-9:]+  Alice Analyst +add a total"
wait_for "^ +$c2  [0-9-]+ [0-9:]+  Bob Builder +raise the rate"
wait_for "^ +$c1  [0-9-]+ [0-9:]+  Alice Analyst +first version"
above "$c3" "$c2" || fail "not newest first"
above "$c2" "$c1" || fail "not newest first"
refute 'not the notebook'
# The selected commit in full: address and cells.
wait_for "$c3  Alice Analyst <alice@bank.example>"
wait_for 'added: cell 3'
refute pwned
wait_for 'add a total\^\[\]2;.*\^G cell'
[ "$(tm display -p '#{pane_title}')" != pwned ] ||
    fail "a commit message retitled the pane"
keys j
wait_for "$c2  Bob Builder <bob@bank.example>"
wait_for 'changed: cell 1'

# Enter: that commit against the working copy.
keys Enter
wait_for "diff · $c2 → working copy · 1 added"
wait_for '^\+┏━ 3 .* added ━┓'
wait_for '^\+┃ total = rate \* years '
keys q
wait_for 'log · nb.py · 3 commits'

# Two marked: the older against the newer, whichever was marked first.
keys Space k Space
wait_for '2 marked'
keys Enter
wait_for "diff · $c2 → $c3 · 1 added"
keys q
wait_for 'log · nb.py'
# Space unmarks the newest; marking the oldest pairs it with the second.
keys Space
wait_for '1 marked'
keys j j Space
wait_for '2 marked'
keys Enter
wait_for "diff · $c1 → $c2 · 1 changed"
wait_for '^-┃ rate = 0\.05 '
wait_for '^\+┃ rate = 0\.07 '
keys q q
wait_for '1/3'
wait_gone 'log · nb.py'

# :log too; q gives the notebook back untouched.
keys :
type_text 'log'
keys Enter
wait_for 'log · nb.py · 3 commits'
keys Escape
wait_for '1/3'
refute 'nb.py \[\+\]'
exit 0
