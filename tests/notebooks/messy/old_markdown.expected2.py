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
    # Old style markdown

    Indented inside the string, as marimo wrote it before 0.12.
    """)
    return


@app.cell
def _(mo):
    mo.md(r"""
    Raw, single quotes: $\alpha$
    """)
    return


@app.cell
def _(mo):
    mo.md(f"""
    f-string with {{braces}} but no placeholders
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    escaped
     backslash
    """)
    return


if __name__ == "__main__":
    app.run()
