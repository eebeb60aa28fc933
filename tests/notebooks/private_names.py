import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    _tmp = 1
    public = _tmp + 1
    return (public,)


@app.cell
def _(public):
    _tmp = 2
    other = _tmp * public
    return (other,)


@app.cell
def _():
    __all__ = ['public']
    __version__ = '1'
    return __all__, __version__


@app.cell
def _(__all__, __version__, other):
    print(__all__, __version__, other)
    return


@app.cell
def _():
    from os import _exit
    _ = 1
    __ = 2
    print(_exit)
    return


@app.cell
def _(public):
    def _helper():
        return public


    helped = _helper()
    return (helped,)


@app.cell
def _(helped):
    print(helped)
    return


if __name__ == "__main__":
    app.run()
