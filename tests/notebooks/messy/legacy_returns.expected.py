import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def one():
    a = 1
    return (a,)


@app.cell
def _():
    b = 2
    c = 3
    return b, c


@app.cell
def _():
    d = 4
    return (d,)


@app.cell
def _(a, b):
    e = a + b
    return (e,)


@app.cell
def _(c, d, e):
    print(c, d, e)
    return


@app.cell
def _():
    return


@app.cell
def _(a):
    f = a
    return


if __name__ == "__main__":
    app.run()
