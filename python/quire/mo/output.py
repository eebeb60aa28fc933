"""mo.output: set a cell's output imperatively, while it runs."""


def _show(obj, op):
    try:
        from quire import _kernel
    except ImportError:
        if obj is not None:
            print(obj)
        return
    # From a mo.Thread: to the cell that created the thread.
    from quire.mo._thread import as_own_cell
    as_own_cell(_kernel.show, obj, op)


def append(value):
    """Add value below the cell's current output."""
    _show(value, "append")


def replace(value):
    """Make value the cell's whole output."""
    _show(value, "replace")


def clear():
    """Remove the cell's output."""
    _show(None, "clear")


def replace_at_index(value, idx):
    # The terminal front end keeps a list; without it, replace all.
    _show(value, "replace")
