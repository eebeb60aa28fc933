import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x = 1
    y = 2
    return x, y


@app.cell
def compute(x, y):
    z = x + y
    return (z,)


@app.cell
def _(z):
    print(z)
    return


@app.cell
def _(x, y):
    w = x * y
    return (w,)


@app.cell
def _(w):
    v = w; 
    return


if __name__ == "__main__":
    app.run()
