import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    x = 1
    return (x,)


@app.cell
def _(x):
    y = x + 1
    print("y", y)
    return (y,)


@app.cell
def _(y):
    z = y * 10
    print("z", z)
    return (z,)


@app.cell
def _(x, y, z):
    print("sum", x + y + z)
    return


if __name__ == "__main__":
    app.run()
