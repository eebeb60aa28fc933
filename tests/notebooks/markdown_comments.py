import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell
def _(mo):
    # a comment before
    mo.md("""
    after a comment
    """)
    return


@app.cell
def _(mo):
    # one
    # two
    mo.md("""
    two comments
    """)
    return


@app.cell
def _(mo):
    mo.md("""
    trailing comment
    """)  # note
    return


@app.cell
def _(mo):
    mo.md("""
    trailing comment, one space
    """) # note
    return


@app.cell
def _(mo):
    # before
    mo.md("""
    both
    """)  # after
    return


@app.cell
def _(mo):

    # blank line first
    mo.md("""
    x
    """)
    return


if __name__ == "__main__":
    app.run()
