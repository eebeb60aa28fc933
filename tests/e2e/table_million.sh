#!/bin/sh
# A 1,000,000-row DataFrame scrolls inside its pane: the editor holds
# one window and asks the kernel for the rows it shows (TABLE_WINDOW),
# so jumping to the end shows the last rows and quire's memory stays
# under 100 MB. SKIP without Debian's pandas.
/usr/bin/python3 -c 'import pandas' 2>/dev/null || {
	echo "Debian's python3-pandas is not installed"
	exit 77
}
. "${srcdir:-.}/tests/e2e/lib.sh"

mknb "$T/nb.py" 'import pandas as pd
big = pd.DataFrame({"n": range(1000000), "sq": [i * i for i in range(1000000)]})
big'
start nb.py
wait_for '1/1'
keys C-r
wait_for 'of 1,000,000' 90
keys Tab
wait_for 'OUTPUT'
keys PgDn PgDn
wait_for 'rows 21-30 of 1,000,000'
keys End
wait_for 'rows 999,991-1,000,000 of 1,000,000'
wait_for ' 999999  +999998000001 ' 30
keys Home
wait_for ' 0  +0 ' 30
# Scrolling through many windows keeps one.
i=0
while [ $i -lt 30 ]; do
	keys PgDn PgDn PgDn PgDn PgDn PgDn PgDn PgDn PgDn PgDn
	i=$((i + 1))
done
wait_for 'rows 3,001-3,010 of 1,000,000' 20
pid=$(tm list-panes -t t -F '#{pane_pid}')
qpid=$(pgrep -P "$pid" -x quire | head -1)
[ -n "$qpid" ] || qpid=$(pgrep -P "$pid" | head -1)
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$qpid/status")
[ -n "$rss" ] || fail "no RSS for quire ($qpid)"
[ "$rss" -lt 102400 ] || fail "quire's RSS is $rss kB"
exit 0
