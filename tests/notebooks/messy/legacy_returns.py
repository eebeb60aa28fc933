import marimo

__generated_with = "0.1.0"
app = marimo.App()


@app.cell
def one():
    a = 1
    return a,


@app.cell
def __():
    b = 2
    c = 3
    return b, c,


@app.cell
def __():
    d = 4
    return (d)


@app.cell
def __(a, b):
    e = a + b
    return (e,)


@app.cell
def __(c, d, e):
    print(c, d, e)


@app.cell
def __():
    return


@app.cell
def __(a):
    f = a

    return f,
