#!/bin/sh
# The start-up width probe (security.md 7.2.4) in tmux, which answers
# CSI 6 n from its own width model: quire doctor reports every class as
# agreeing and the editor draws CJK as characters. A disagreement faked
# with QUIRE_TEST_WIDTHPROBE (tests only) turns CJK into <U+XXXX> markers
# for the session; --no-probe and display.unicode = ascii skip the probe.
. "${srcdir:-.}/tests/e2e/lib.sh"

start doctor
wait_exit
wait_for '^\[quire exited 0\]'
wait_for '^tmux +yes'
wait_for '^width probe ran'
wait_for '^  wide +U\+4E00 +2 +2 +2  ok$'
wait_for '^  emoji +U\+1F600 +2 +2 +2  ok$'
wait_for '^  ambiguous +U\+00A7 +1 +1 +1  ok$'
wait_for '^  combining +e U\+0301 +1 +1 +1  ok$'
wait_for '^markers +none'
# The probe erased its line: the report starts at the top.
row 1 | grep -q '^TERM +tmux-256color$' || row 1 | grep -Eq '^TERM +tmux' ||
    fail "the probe left something on the first line"
stop

start QUIRE_TEST_WIDTHPROBE=wide=1 doctor
wait_exit
wait_for '^  wide +U\+4E00 +2 +2 +1  differs: markers \(faked\)$'
wait_for '^markers +wide drawn as <U\+XXXX>$'
stop

start doctor --no-probe
wait_exit
wait_for '^width probe not run: --no-probe'
stop

mknb "$T/nb.py" 's = "漢字 ok"'
start nb.py
wait_for '1/1'
wait_for 's = "漢字 ok"'
refute '<U\+6F22>'
stop

start QUIRE_TEST_WIDTHPROBE=wide=1 nb.py
wait_for '1/1'
wait_for 's = "<U\+6F22><U\+5B57> ok"'
refute '漢'
# The frame is still drawn with line-drawing characters.
wait_for '┃ s = '
# The cursor steps over a marker (8 columns) as over one character.
keys Enter End Left Left Left Left
wait_for ' 1:22 *$'
keys Left
wait_for ' 1:14 *$'
keys Left
wait_for ' 1:6 *$'
stop

# Without the probe there is nothing to disagree with.
start QUIRE_TEST_WIDTHPROBE=wide=1 edit --no-probe nb.py
wait_for '1/1'
wait_for 's = "漢字 ok"'
stop

# Ambiguous characters drawn wide: the whole screen goes ASCII.
start QUIRE_TEST_WIDTHPROBE=ambiguous=2 nb.py
wait_for '1/1'
wait_for 's = "<U\+6F22><U\+5B57> ok"'
refute '┃'
stop

config 'display.unicode = ascii'
start doctor
wait_exit
wait_for '^width probe not run: display.unicode is ascii'
wait_for '^markers +everything but ASCII \(display.unicode = ascii\)$'
stop
config ''

start QUIRE_TEST_WIDTHPROBE=ambiguous=2 doctor
wait_exit
wait_for '^markers +ambiguous drawn as <U\+XXXX>; the screen is ASCII only$'
exit 0
