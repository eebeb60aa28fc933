#!/bin/sh
# quire run starts its kernel before the program has loaded its commands
# (tui/launch.c, kern_prestart) and hands it over in the environment:
# the cells never see that variable, and a forged one names nothing that
# quire then kills or closes. The kernel process holds none of the
# editor's libraries (they are quire-app.so's, which it never loads).
# Where the program has CPython linked in (configure: static-python),
# neither the kernel nor the editor maps the shared libpython as well,
# and every symbol quire-app.so needs resolves against the program.
# The kernel's locale is python3's for the same environment (LC_CTYPE
# from it, LC_NUMERIC and the rest "C"), whatever the editor's is.
set -u
. "$(dirname "$0")/runlib.sh"
PY=${SYSTEM_PYTHON:-/usr/bin/python3}

cat >"$tmp/nb.py" <<'NB'
import marimo

app = marimo.App()


@app.cell
def _():
    import os
    import sys
    print("handover:", os.environ.get("QUIRE_KERNEL_PRESTART"))
    print("stderr", file=sys.stderr)
    with open("/proc/self/maps") as f:
        held = sorted({l.split("/")[-1].split(".so")[0] for l in f
                       if any(n in l for n in ("libgit2", "libncurses",
                                               "libsqlite3", "libchafa",
                                               "quire-app"))})
    print("editor libraries:", ", ".join(held) or "none")

    def pythons(pid):
        with open("/proc/%s/maps" % pid) as f:
            return ", ".join(sorted({l.split("/")[-1].strip() for l in f
                                     if "libpython" in l})) or "none"
    print("kernel libpython:", pythons("self"))
    print("editor libpython:", pythons(os.getppid()))
    return


if __name__ == "__main__":
    app.run()
NB

run prestarted "$QUIRE" run "$tmp/nb.py"
status 0
line "handover: None"
line "editor libraries: none"
errhas "stderr"
if ldd "$QUIRE" | grep -q libpython; then
	matches "^kernel libpython: libpython3[.0-9]*\.so"
	matches "^editor libpython: libpython3[.0-9]*\.so"
else
	line "kernel libpython: none"
	line "editor libpython: none"
fi

cat >"$tmp/loc_nb.py" <<'NB'
import marimo

app = marimo.App()


@app.cell
def _():
    import locale
    for name in ("LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE"):
        print(name, locale.setlocale(getattr(locale, name)))
    return


if __name__ == "__main__":
    app.run()
NB
# The cell's code as python3 itself runs it, for the expected lines.
sed -n '/^    import locale/,/^    return/p' "$tmp/loc_nb.py" |
    sed -e 's/^    //' -e '/^return/d' >"$tmp/loc_script.py"
LC_ALL=C.UTF-8 "$PY" "$tmp/loc_script.py" >"$tmp/locale.want"
grep -q "^LC_NUMERIC C$" "$tmp/locale.want" ||
	bad "python3 itself: $(cat "$tmp/locale.want")"
run locale env LC_ALL=C.UTF-8 "$QUIRE" run "$tmp/loc_nb.py"
status 0
while read -r want; do
	line "$want"
done <"$tmp/locale.want"

run bind-now env LD_BIND_NOW=1 "$QUIRE" --version
status 0
has "quire"

# A forged hand-over (pid 1, the standard descriptors) where no kernel
# was started ahead (--venv): ignored, nothing closed, pid 1 untouched.
if "$PY" -m venv --without-pip "$tmp/venv" 2>/dev/null; then
	run forged env QUIRE_KERNEL_PRESTART="1 0 1 2" \
	    "$QUIRE" run --venv "$tmp/venv" "$tmp/nb.py"
	status 0
	line "handover: None"
	errhas "stderr"
else
	echo "SKIP: no venv module for the forged hand-over"
fi
exit $fail
