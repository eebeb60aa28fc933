# lib.sh: shared by the end-to-end tests of the editor (tests/e2e/*.sh).
# Each test sources it, writes a notebook, starts quire in a private
# tmux server, sends keys and asserts what a person would see on the
# screen. The server dies with the test (trap), and a test without tmux
# is skipped (77).
#
#	. "${srcdir:-.}/tests/e2e/lib.sh"
#	mknb "$T/nb.py" 'x = 1' 'y = x + 1'
#	start "$T/nb.py"
#	wait_for '1/2'
#	keys Down
#	wait_for '2/2'

command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
if [ -z "$QUIRE" ] || [ ! -x "$QUIRE" ]; then
	echo "QUIRE must name the quire binary"
	exit 99
fi
case "$QUIRE" in /*) ;; *) QUIRE=$(pwd)/$QUIRE ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/quire-e2e.XXXXXX") || exit 99
SOCK=quire-$$
E2E_NAME=$(basename "$0" .sh)
mkdir -p "$T/home" "$T/config/quire" "$T/state" "$T/tmp"

tm() {
	tmux -L "$SOCK" -f /dev/null "$@"
}

e2e_cleanup() {
	tm kill-server >/dev/null 2>&1
	# quire may still be writing its journal as it goes (SIGHUP).
	n=0
	until rm -rf "$T" 2>/dev/null || [ $n -ge 20 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
trap e2e_cleanup EXIT
trap 'exit 1' INT TERM HUP

# The environment quire runs in: nothing from the user's own set-up.
E2E_ENV="HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state \
TMPDIR=$T/tmp LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=${E2E_TERM:-tmux-256color} \
QUIRE_PYDIR=${QUIRE_PYDIR:-} QUIRE_DATADIR=$(cd "${srcdir:-.}" && pwd) \
VISUAL= EDITOR=${E2E_EDITOR:-false}"

# mknb FILE CELL...: a marimo notebook with these cells (one argument
# each, lines separated by newlines).
mknb() {
	f=$1
	shift
	{
		printf 'import marimo\n\n__generated_with = "0.24.0"\n'
		printf 'app = marimo.App()\n\n'
		for cell in "$@"; do
			printf '\n@app.cell\ndef _():\n'
			printf '%s\n' "$cell" | sed 's/^\(.\)/    \1/'
			printf '    return\n\n'
		done
		printf '\nif __name__ == "__main__":\n    app.run()\n'
	} >"$f"
}

# start [-s WxH] [VAR=value...] ARGS...: run quire ARGS in the session.
# When quire ends, "[quire exited N]" starts a line of its own: a quire
# killed with the terminal in its mode leaves output processing off, so
# a plain newline would not return the carriage and the marker would
# start where the shell's "Killed" message stopped, and wrap.
start() {
	size=80x24
	if [ "$1" = -s ]; then
		size=$2
		shift 2
	fi
	extra=
	while :; do
		case "$1" in
		*=*) extra="$extra $1"; shift ;;
		*) break ;;
		esac
	done
	args=
	for a in "$@"; do
		args="$args '$a'"
	done
	tm new-session -d -s t -x "${size%x*}" -y "${size#*x}" \
	    "cd '$T' && env -i PATH='$PATH' $E2E_ENV $extra '$QUIRE' $args; \
st=\$?; stty sane 2>/dev/null; \
printf '\\r\\n[quire exited %s]\\r\\n' \"\$st\"; sleep 600" || exit 99
}

screen() {
	tm capture-pane -p -t t
}

# Fail with a message and the screen as it is.
fail() {
	echo "FAIL ($E2E_NAME): $*"
	echo "--- screen ---"
	screen
	echo "--------------"
	exit 1
}

# wait_for PATTERN [SECONDS]: until a screen line matches (grep -E).
wait_for() {
	n=$(( ${2:-10} * 20 ))
	while [ $n -gt 0 ]; do
		if screen | grep -Eq -- "$1"; then
			return 0
		fi
		sleep 0.05
		n=$((n - 1))
	done
	fail "never saw: $1"
}

# wait_gone PATTERN [SECONDS]: until no line matches.
wait_gone() {
	n=$(( ${2:-10} * 20 ))
	while [ $n -gt 0 ]; do
		if ! screen | grep -Eq -- "$1"; then
			return 0
		fi
		sleep 0.05
		n=$((n - 1))
	done
	fail "still see: $1"
}

# refute PATTERN: nothing on screen matches now.
refute() {
	if screen | grep -Eq -- "$1"; then
		fail "should not see: $1"
	fi
}

# keys KEY...: tmux key names (Enter, Escape, C-s, Down...). A lone
# Escape is followed by a pause, as a person's would be, so the next key
# is not read as Alt+key.
keys() {
	for k in "$@"; do
		tm send-keys -t t "$k"
		case "$k" in Escape) sleep 0.15 ;; esac
	done
}

# type TEXT: literal text.
type_text() {
	tm send-keys -t t -l -- "$1"
}

# row N: line N (1-based) of the screen.
row() {
	screen | sed -n "${1}p"
}

# config TEXT: the user's config file.
config() {
	printf '%s\n' "$1" >"$T/config/quire/config"
}

# above A B: the first line matching A is above the first matching B.
above() {
	a=$(screen | grep -n -m1 -- "$1" | cut -d: -f1)
	b=$(screen | grep -n -m1 -- "$2" | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

# stop: end the tmux server (and quire with it) before a new start.
stop() {
	tm kill-server >/dev/null 2>&1
	n=50
	while tm has-session -t t >/dev/null 2>&1 && [ $n -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	sleep 0.2
}

# exited: quire has ended (the pane says so).
wait_exit() {
	wait_for '\[quire exited [0-9]+\]' "${1:-10}"
}
