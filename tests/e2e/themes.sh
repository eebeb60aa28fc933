#!/bin/sh
# Themes come from themes/NAME.theme: light draws in colour, monochrome
# draws none, and a theme that cannot be found is named in the bottom
# bar while the built-in one is used. A bad setting is reported with its
# file and line, and the editor still opens.
. "${srcdir:-.}/tests/e2e/lib.sh"

esc=$(printf '\033')
mknb "$T/nb.py" 'x = "s"  # c'
config 'theme = light'
start nb.py
wait_for '1/1'
tm capture-pane -e -p -t t >"$T/esc"
grep -q "$esc\[[0-9;]*\(3[0-7]\|38;5;[0-9]*\|38;2;[0-9;]*\)m" "$T/esc" ||
    fail "the light theme drew no colour"
stop
config 'theme = monochrome'
start nb.py
wait_for '1/1'
tm capture-pane -e -p -t t >"$T/esc"
grep -q "$esc\[[0-9;]*\(3[0-7]\|38;5;[0-9]*\|38;2;[0-9;]*\)m" "$T/esc" &&
    fail "the monochrome theme drew colours"
stop
config 'theme = nosuchtheme'
start nb.py
wait_for 'theme: .*nosuchtheme'
wait_for '┃ x = "s"'
stop
config '[editor]
keymap = emacs'
start nb.py
wait_for 'config:2: .*emacs|config:2:.*keymap'
wait_for '┃ x = "s"'
stop
# Under a deep $XDG_CONFIG_HOME the warning still shows where and what.
deep=$T/a-configuration-directory-deep-enough/to-push-the-warning-off/an-eighty-column-bar
mkdir -p "$deep/quire"
cp "$T/config/quire/config" "$deep/quire/config"
start XDG_CONFIG_HOME="$deep" nb.py
wait_for 'quire/config:2:.*keymap'
wait_for '┃ x = "s"'
exit 0
