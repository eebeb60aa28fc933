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
    # Title
    Some text
    """)
    return


@app.cell
def _():
    import math
    r = 2
    return math, r


@app.cell
def _(math, r):
    area = math.pi * r**2
    area
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    Closing remark with \"\"\"triple quotes\"\"\".
    """)
    return


if __name__ == "__main__":
    app.run()
