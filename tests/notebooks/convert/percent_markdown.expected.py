import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    # A percent notebook

    With a markdown cell and *emphasis*.
    """)
    return


@app.cell
def _():
    values = [1, 2, 3]
    return (values,)


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    Total of the values:
    """)
    return


@app.cell
def _(values):
    total = sum(values)
    total
    return


if __name__ == "__main__":
    app.run()
