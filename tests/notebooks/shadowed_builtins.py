import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    print = lambda *a: None
    return (print,)


@app.cell
def _():
    len = 3
    return (len,)


@app.cell
def _(len, print):
    print(len)
    x = list(range(3))
    return (x,)


@app.cell
def _():
    sorted_values = sorted([3, 1, 2])
    return (sorted_values,)


@app.cell
def _(print, sorted_values, x):
    print(x, sorted_values)
    return


if __name__ == "__main__":
    app.run()
