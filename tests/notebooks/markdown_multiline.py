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
    # Title

    Paragraph with `code`.

    - one
    - two
      - nested
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    first line
    second line indented
    third
    """)
    return


@app.cell
def _(mo):
    mo.md(r"""
    $$
    \int_0^1 x\,dx
    $$
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    trailing spaces
    kept?
    """)
    return


if __name__ == "__main__":
    app.run()
