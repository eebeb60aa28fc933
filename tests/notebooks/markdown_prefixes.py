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
    plain
    """)
    return


@app.cell
def _(mo):
    mo.md(r"""
    raw \d+
    """)
    return


@app.cell
def _(mo):
    mo.md(f"""
    f-string without placeholders {{braces}}
    """)
    return


@app.cell
def _(mo):
    mo.md(rf"""
    raw f-string \w {{x}}
    """)
    return


@app.cell
def _(mo):
    mo.md(fr"""
    fr order kept
    """)
    return


@app.cell
def _(mo):
    mo.md(R"""
    upper R
    """)
    return


@app.cell
def _(mo):
    mo.md(F"""
    upper F
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    single quotes
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    triple single
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    implicit concatenation
    """)
    return


if __name__ == "__main__":
    app.run()
