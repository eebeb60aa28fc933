#!/bin/sh
# A matplotlib figure renders as symbols inside its pane at 80x24:
# block and line symbols, no "[image" placeholder, no raw bytes.
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || {
	echo "Debian's python3-matplotlib is not installed"
	exit 77
}
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([1, 2, 3], [1, 4, 9])
fig'
start nb.py
wait_for '1/1'
keys C-r
wait_for '✓' 60
# At least five rows of the pane hold symbols of libchafa's set.
n=0
while [ $n -lt 40 ]; do
	c=$(screen | grep -c '┃.*[▁▂▃▄▅▆▇█▔▕▏▌▐╴╵╶╷─│┌┐└┘━┃]\{3\}')
	[ "$c" -ge 5 ] && break
	sleep 0.25
	n=$((n + 1))
done
[ "$c" -ge 5 ] || fail "no plot drawn as symbols ($c rows)"
refute 'image/png'
refute 'Figure size'
exit 0
