import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    # A hidden markdown cell
    """)
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    ## Raw, hidden
    """)
    return


if __name__ == "__main__":
    app.run()
