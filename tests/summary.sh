#!/bin/sh
# summary.sh BUILDDIR...: the totals of every test run in those build
# trees, as one last line "N passed, N failed". automake's harness keeps
# each program's output in a .log beside a .trs; a Check program's log
# holds Check's own count ("Checks: 9, Failures: 0, Errors: 0"), so each
# Check test case counts once, and any other test (shell, e2e) counts as
# one by its .trs result. A Check program that crashed before printing
# its count counts as one failure. A failure's last words are shown
# under its name, so a CI log tells why.
set -u
passed=0
failed=0
skipped=0
for dir in "$@"; do
	for trs in $(find "$dir" -name '*.trs' -not -path '*/_build/*' 2>/dev/null | sort); do
		log=${trs%.trs}.log
		res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		counts=$(sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log" 2>/dev/null | tail -n 1)
		if [ -n "$counts" ]; then
			read -r n f e <<EOT
$counts
EOT
			passed=$((passed + n - f - e))
			failed=$((failed + f + e))
			if [ $((f + e)) -ne 0 ]; then
				echo "failed: ${trs%.trs}"
				grep -E ':[EF]:' "$log" | head -n 20 | sed 's/^/  | /'
			fi
			continue
		fi
		case $res in
		PASS|XFAIL) passed=$((passed + 1)) ;;
		SKIP) skipped=$((skipped + 1)) ;;
		*)
			failed=$((failed + 1))
			echo "failed: ${trs%.trs}"
			tail -n 30 "$log" 2>/dev/null | sed 's/^/  | /'
			;;
		esac
	done
done
[ "$skipped" -eq 0 ] || echo "$skipped skipped"
echo "$passed passed, $failed failed"
