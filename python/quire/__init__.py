"""quire's Python API for notebook cells.

Cells running in quire's kernel can ``import quire``; ``import marimo``
resolves to ``quire.mo``, quire's implementation of marimo's API. This
package holds only what Python code calls; the kernel itself is C
(src/kernel.c), and ``quire._kernel`` is the small Python half it calls
to compile cells and turn values into displayable forms.
"""

__all__ = ["in_kernel", "notebook_dir", "cli_args"]


def in_kernel():
    """True when running inside quire's kernel process."""
    try:
        import _quire  # noqa: F401  (built into the kernel binary)
    except ImportError:
        return False
    return True


def notebook_dir():
    """The directory of the running notebook (a pathlib.Path), or None."""
    from quire import mo

    return mo.notebook_dir()


def cli_args():
    """The arguments after ``--`` on the command line, parsed as marimo does."""
    from quire import mo

    return mo.cli_args()
