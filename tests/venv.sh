#!/bin/sh
# venv.sh [DIR]: create, or reuse, the test-only virtualenv with real
# marimo (tests/requirements.txt) and print its path on stdout.
#
# DIR defaults to $top_builddir/.venv-test (or ./.venv-test). The venv is
# made with Debian's python3 (the interpreter quire embeds), never the
# first python3 on PATH. It is reused while it was built from the same
# requirements file; otherwise it is made again. Progress goes to stderr,
# so `QUIRE_TEST_VENV=$(tests/venv.sh)` works. Exit 1 when it cannot be
# made (no python3-venv, PyPI unreachable).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
req=$here/requirements.txt
dir=${1:-${top_builddir:-.}/.venv-test}
py=${SYSTEM_PYTHON:-/usr/bin/python3}

mkdir -p "$(dirname "$dir")"
dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")

stamp=$dir/.quire-requirements
if [ -x "$dir/bin/python" ] && [ -f "$stamp" ] && cmp -s "$req" "$stamp" &&
    "$dir/bin/python" -c 'import marimo' 2>/dev/null; then
	echo "$dir"
	exit 0
fi

echo "venv.sh: making $dir with $py and tests/requirements.txt" >&2
rm -rf "$dir"
if ! "$py" -m venv "$dir" >&2; then
	echo "venv.sh: '$py -m venv' failed (apt-get install python3-venv)" >&2
	exit 1
fi
if ! "$dir/bin/python" -m pip install -q --disable-pip-version-check \
    -r "$req" >&2; then
	echo "venv.sh: pip could not install $req" >&2
	rm -rf "$dir"
	exit 1
fi
cp "$req" "$stamp"
echo "$dir"
