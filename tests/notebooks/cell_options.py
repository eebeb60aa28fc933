import marimo

__generated_with = "0.25.2"
app = marimo.App(width="columns")


@app.cell(hide_code=True)
def _():
    a = 1
    return (a,)


@app.cell(disabled=True)
def _(a):
    b = a
    return (b,)


@app.cell(column=0)
def _(b):
    c = b
    return (c,)


@app.cell(column=1)
def _(c):
    d = c
    return (d,)


@app.cell(column=1, disabled=True)
def _(d):
    e = d
    return (e,)


@app.cell(column=2, disabled=True, hide_code=True)
def _(e):
    f = e
    return (f,)


@app.cell(disabled=True, hide_code=True)
def _(f):
    g = f
    return (g,)


@app.cell(hide_code=True)
def named_and_hidden(g):
    print(g)
    return


if __name__ == "__main__":
    app.run()
