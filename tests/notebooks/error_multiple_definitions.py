import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x = 1
    return (x,)


@app.cell
def _():
    x = 2
    return (x,)


@app.cell
def _(x):
    y = x
    return


@app.cell
def _():
    import os

    return


@app.function
def os():
    pass


if __name__ == "__main__":
    app.run()
