#!/bin/sh
# Pictures inside tmux are always symbols (security.md 7.4): with
# display.graphics = auto and a terminal that claims to be kitty (TERM,
# KITTY_WINDOW_ID, an environment without TMUX), and with sixel asked
# for by name, the bytes quire writes to the pane hold the image's
# symbols and no kitty (ESC _ G) or sixel (ESC P ... q) sequence, and
# no DA1 query.
# A terminal type that names neither tmux nor screen (lib.sh reads it).
E2E_TERM=xterm-256color
. "${srcdir:-.}/tests/e2e/lib.sh"

cp "${srcdir:-.}/tests/data/rich/quad.png" "$T/quad.png" || exit 99
mknb "$T/nb.py" 'import marimo as mo' \
    'mo.image(open("quad.png", "rb").read())'

blocks='▀▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▐░▒▓▔▕▖▗▘▙▚▛▜▝▞▟'

check_symbols() {
	keys C-r
	n=0
	while [ $n -lt 60 ]; do
		c=$(screen | grep -c "[$blocks]")
		[ "$c" -ge 1 ] && break
		sleep 0.25
		n=$((n + 1))
	done
	[ "$c" -ge 1 ] || fail "no image drawn as symbols ($1)"
	sleep 0.5
	# The symbols went out to the pane ...
	grep -q "[$blocks]" "$T/raw" ||
	    fail "no symbols in the bytes ($1)"
	# ... and no picture sequence, no passthrough, no DA1 query.
	if LC_ALL=C grep -q "$(printf '\033')_G" "$T/raw"; then
		fail "a kitty graphics sequence was written in tmux ($1)"
	fi
	if LC_ALL=C grep -Eq "$(printf '\033')P[0-9;]*q" "$T/raw"; then
		fail "a sixel sequence was written in tmux ($1)"
	fi
	if LC_ALL=C grep -q "$(printf '\033')Ptmux;" "$T/raw"; then
		fail "tmux passthrough was asked for ($1)"
	fi
	if LC_ALL=C grep -q "$(printf '\033')\\[c" "$T/raw"; then
		fail "DA1 was asked inside tmux ($1)"
	fi
}

config '[display]
graphics = auto'
: >"$T/raw"
start KITTY_WINDOW_ID=1 nb.py
tm pipe-pane -o -t t "cat >>'$T/raw'"
wait_for '1/2'
check_symbols "auto, KITTY_WINDOW_ID set"
stop

config '[display]
graphics = sixel'
: >"$T/raw"
start -s 80x24 nb.py
tm pipe-pane -o -t t "cat >>'$T/raw'"
wait_for '1/2'
check_symbols "sixel asked for"
exit 0
