import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    # just a comment
    return


@app.cell
def _():
    # first line
    # second line

    # after a blank line
    return


@app.cell
def _():
    x = 1  # trailing comment
    return (x,)


@app.cell
def _(x):
    # comment before code
    y = x
    return (y,)


@app.cell
def _(y):
    y
    # comment after code
    return


if __name__ == "__main__":
    app.run()
