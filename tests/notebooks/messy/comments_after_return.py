import marimo

__generated_with = "0.19.0"
app = marimo.App()


@app.cell
def _():
    x = 1
    # before return
    return (x,)
    # after return
    # also dropped


@app.cell
def _(x):
    print(x)

    # comment then blank
    return
