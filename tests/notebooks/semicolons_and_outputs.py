import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x = 1;
    return (x,)


@app.cell
def _(x):
    x;
    return


@app.cell
def _(x):
    x; y = 2
    return (y,)


@app.cell
def _(y):
    y  # last expression
    return


@app.cell
def _(x, y):
    print(x); print(y)
    return


if __name__ == "__main__":
    app.run()
