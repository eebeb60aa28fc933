import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell(hide_code=True)
def _():
    a = 1
    return (a,)


@app.cell(hide_code=True)
def _(a):
    b = a + 1
    return (b,)


@app.cell(hide_code=True)
def _(b):
    c = b + 1
    return (c,)


@app.cell
def _(c):
    # Cell tags: alpha, zeta
    print(c)
    return


if __name__ == "__main__":
    app.run()
