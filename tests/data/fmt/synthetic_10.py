import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import math

    return (math,)


@app.cell
def _():
    v1 = 0
    return (v1,)


@app.cell
def _(math, v1):
    v2 = sum(math.sqrt(x) for x in range(2)) + v1
    return (v2,)


@app.cell
def _(v2):
    def f3(x):
        return x + v2

    v3 = f3(1)
    return (v3,)


@app.cell
def _(v3):
    v4 = v3 + 1
    return (v4,)


@app.cell
def _(v4):
    _t = 5
    v5 = v4 * _t
    return (v5,)


@app.cell
def _(math, v5):
    v6 = sum(math.sqrt(x) for x in range(6)) + v5
    return (v6,)


@app.cell
def _(v6):
    def f7(x):
        return x + v6

    v7 = f7(1)
    return


@app.cell
def _(v3):
    v8 = v3 + 1
    return (v8,)


@app.cell
def _(v8):
    _t = 9
    v9 = v8 * _t
    return


if __name__ == "__main__":
    app.run()
