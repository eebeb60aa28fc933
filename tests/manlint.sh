#!/bin/sh
# manlint.sh: the manual pages pass mandoc's linter (warnings and worse).
command -v mandoc >/dev/null 2>&1 || { echo "SKIP: mandoc not installed"; exit 77; }
status=0
for page in "$top_srcdir"/doc/*.[1-9]; do
	mandoc -Tlint -Wwarning "$page" || status=1
done
exit $status
