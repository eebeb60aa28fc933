#!/bin/sh
# :inspect shows the focused cell's output as bytes, in hex with offsets
# and ASCII, and lists the escape sequences the sanitiser found with what
# it did to each (security.md 7.3).
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'print("\x1b]0;x\x07", end="")' 'print("\x1b[1mbold\x1b[0m")'
start -s 120x30 nb.py
wait_for '1/2'
keys C-r
wait_for 'kernel idle' 30
keys :
type_text 'inspect'
keys Enter
wait_for 'inspect output'
wait_for 'stdout, 6 bytes'
wait_for '00000000  1b 5d 30 3b 78 07'
wait_for '00000000 \^\[\]0;…\[1 B\]\^G: shown as text'
keys :
type_text 'inspect'
keys Enter
wait_gone 'inspect output'
keys Down
wait_for '2/2'
keys :
type_text 'inspect'
keys Enter
wait_for 'stdout, 13 bytes'
wait_for '1b 5b 31 6d 62 6f 6c 64'
wait_for '00000008 \^\[\[0m: style applied \(SGR\)'
exit 0
