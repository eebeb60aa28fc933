import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    x = 41
    print("x set")
    return (x,)


@app.cell
def _(x):
    import ctypes
    ctypes.string_at(0)
    crashed = x
    return (crashed,)


@app.cell
def _(crashed):
    print("after crash", crashed)
    return


@app.cell
def _(x):
    print("independent", x + 1)
    return


if __name__ == "__main__":
    app.run()
