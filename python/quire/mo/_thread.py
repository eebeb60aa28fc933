"""mo.Thread: a thread whose output belongs to the cell that made it.

As in marimo, ``print`` in a ``mo.Thread`` (the notebook's ``print``,
which the first ``mo.Thread`` replaces with a routing one, as marimo
does) and ``mo.output.append``/``replace`` go to the cell that created
the thread, even while another cell runs. ``should_exit`` turns true
when that cell reruns or is deleted.

Limits of quire's kernel (doc/rich-outputs.md, "Threads"): the kernel
tags output with one "current cell" for the whole process, so the
thread's output is sent by switching that tag for the length of one
write; output that the main thread or C code writes in that instant
goes to the thread's cell too. Text written to ``sys.stdout`` directly
(not through ``print``), by C code or by subprocesses is the running
cell's. Threads keep running between cells (the kernel lets go of the
interpreter lock while it waits for the next request); an interrupt
does not set ``should_exit``. ``quire run`` prints a cell once it ends, so there a
thread's output goes with the running cell instead.
"""

import builtins
import sys
import threading
import weakref

__all__ = ["Thread", "current_thread"]


def _quire():
    try:
        import _quire
    except ImportError:
        return None
    return _quire


def _kernel():
    try:
        from quire import _kernel
    except ImportError:
        return None
    return _kernel


def own_cell():
    """The cell of the mo.Thread running this code, or None. None under
    ``quire run`` too: it prints a cell when the cell ends and nothing
    of it after that, so a thread's later output is kept by showing it
    with the running cell, as a plain thread's is."""
    t = threading.current_thread()
    if not isinstance(t, Thread):
        return None
    k = _kernel()
    if k is not None and k.config.get("mode") == "script":
        return None
    return t._quire_cell


def as_own_cell(fn, *args):
    """fn(*args) with output counted and sent as the current mo.Thread's
    cell (just fn(*args) outside one)."""
    cell = own_cell()
    q = _quire()
    if not cell or q is None:
        return fn(*args)
    prev = q.set_cell(cell)
    try:
        return fn(*args)
    finally:
        now = q.set_cell(prev)
        if now != cell:
            # The kernel started another cell meanwhile: keep its tag.
            q.set_cell(now)


def _print(*args, sep=" ", end="\n", file=None, flush=False):
    """The notebook's print once a mo.Thread exists: in a mo.Thread, to
    the thread's cell; elsewhere builtins.print."""
    q = _quire()
    cell = own_cell()
    stream = sys.stdout if file is None else file
    fd = 2 if stream is sys.stderr else 1
    if (not cell or q is None or
            (stream is not sys.stdout and stream is not sys.stderr)):
        return builtins.print(*args, sep=sep, end=end, file=file,
                              flush=flush)
    sep = " " if sep is None else sep
    end = "\n" if end is None else end
    text = sep.join(str(a) for a in args) + end
    try:
        # What the stream holds so far belongs to the running cell.
        stream.flush()
    except Exception:
        pass
    as_own_cell(q.write, fd, text)


class _Token:
    """Kept by the kernel with the cell's outputs: dropped (and so
    finalised) when the cell reruns or is deleted."""


class Thread(threading.Thread):
    """threading.Thread whose print and mo.output calls go to the cell
    that created it; ``should_exit`` says when that cell reran or was
    deleted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._exit_event = threading.Event()
        q = _quire()
        self._quire_cell = q.cell() if q is not None else 0
        k = _kernel()
        if k is None or q is None:
            return
        token = _Token()
        weakref.finalize(token, self._exit_event.set)
        try:
            k._outputs_keep(token)
        except Exception:
            pass
        # As marimo: the notebook's print routes a thread's output.
        glbls = sys.modules["__main__"].__dict__
        if "print" not in glbls:
            glbls["print"] = _print

    @property
    def should_exit(self):
        """True once the cell that created the thread reran or was
        deleted: the thread should clean up and return."""
        return self._exit_event.is_set()


def current_thread():
    """The mo.Thread running this code (RuntimeError in any other)."""
    t = threading.current_thread()
    if not isinstance(t, Thread):
        raise RuntimeError("mo.current_thread() must be called from a "
                           "thread created with mo.Thread.")
    return t
