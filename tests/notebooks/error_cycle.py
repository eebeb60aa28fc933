import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _(b):
    a = b + 1
    return (a,)


@app.cell
def _(c):
    b = c + 1
    return (b,)


@app.cell
def _(a):
    c = a + 1
    return (c,)


@app.cell
def _():
    d = 1
    return


if __name__ == "__main__":
    app.run()
