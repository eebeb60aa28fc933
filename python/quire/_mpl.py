"""matplotlib backend of quire's kernel.

Figures draw with Agg, so no display is needed. ``plt.show()`` shows
every open figure below the running cell's output and closes them, as
marimo's backend does; a figure left as the cell's last expression is
shown by the kernel like any other value. The kernel selects this
backend when matplotlib is imported, unless MPLBACKEND names another.
"""

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def show(*args, **kwargs):
    import matplotlib.pyplot as plt
    from quire.mo import output

    for num in plt.get_fignums():
        output.append(plt.figure(num))
    plt.close("all")
