import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell
def _(mo):
    mo.md("""
    Say "\"hi"\"
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    A "\"" inside
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    tab	here
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    ends with a quote"
    """)
    return


if __name__ == "__main__":
    app.run()
