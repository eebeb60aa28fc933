#!/usr/bin/env python3
"""marimo_load.py: how long marimo takes to open a notebook.

    marimo_load.py NOTEBOOK [RUNS]

The same work as bench/bench_load.c does with quire: parse the notebook
file (marimo's load_app, which reads the .py statically and compiles
every cell, marimo's analysis) and build the dataflow graph with its
topological order (InternalApp(app).execution_order, which registers every
cell in marimo's DirectedGraph and sorts it). The first run is the cold
one (marimo itself is already imported, as quire's interpreter is already
linked in); then one warm-up and the median of RUNS runs (default 5).
RUNS 0 times the cold run only, and reports it as the median too (for
sizes where marimo takes minutes).
Prints, like bench_load:

    load nb.py cells=1000 cold_ms=412.0 median_ms=380.3 peak_rss_mb=98.1

Run it with the test virtualenv's python (tests/venv.sh).
"""

import logging
import resource
import statistics
import sys
import time


def load_once(path):
    from marimo._ast.app import InternalApp
    from marimo._ast.load import load_app

    t0 = time.perf_counter()
    app = load_app(path)
    order = InternalApp(app).execution_order
    ms = (time.perf_counter() - t0) * 1e3
    return ms, len(order)


def main(argv):
    if not 1 <= len(argv) <= 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path = argv[0]
    runs = max(0, int(argv[1])) if len(argv) == 2 else 5
    logging.disable(logging.WARNING)
    import marimo  # noqa: F401  (import time is not load time)

    cold, n = load_once(path)
    times = [cold]
    if runs > 0:
        load_once(path)
        times = sorted(load_once(path)[0] for _ in range(runs))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("load %s cells=%d cold_ms=%.1f median_ms=%.1f peak_rss_mb=%.1f"
          % (path, n, cold, statistics.median(times), rss))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
