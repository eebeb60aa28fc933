import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell
def _():
    s = 'source as one string'
    return (s,)


app._unparsable_cell(
    r"""
    raw text
    """,
    name="_"
)


@app.cell
def _(s):
    print(s)
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""

    """)
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    Unicode: 日本語 🎉
    """)
    return


if __name__ == "__main__":
    app.run()
