import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    a = 1
    return (a,)


@app.cell
def _():
    return


@app.cell
def _(a):
    b = a + 1
    return (b,)


@app.cell
def _():
    return


@app.cell
def _():
    return


@app.cell
def _(b):
    print(b)
    return


if __name__ == "__main__":
    app.run()
