import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x = 1
    return (x,)


@app.cell
def _(x):
    y = x + 1
    return (y,)


@app.cell
def _(x, y):
    z = x + y
    return (z,)


@app.cell
def _(x, y, z):
    x, y, z
    return


if __name__ == "__main__":
    app.run()
