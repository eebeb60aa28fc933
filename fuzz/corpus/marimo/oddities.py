import marimo
app = marimo.App()

@app.cell
def f(): xyz = 1; return xyz

@app.cell
def _():
    x = 1
    return

@app.function
def g(x=h):
    return x

@app.cell
def h():
    return
