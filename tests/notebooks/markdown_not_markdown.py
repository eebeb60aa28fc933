import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell
def _():
    a = 1
    return (a,)


@app.cell
def _(mo):
    x = mo.md("assigned")
    return (x,)


@app.cell
def _(a, mo):
    mo.md(f"{a}")
    return


@app.cell
def _(mo):
    mo.md("one")
    mo.md("two")
    return


@app.cell
def _():
    text = 'hi'
    return (text,)


@app.cell
def _(mo, text):
    mo.md(text)
    return


@app.cell
def _(mo):
    mo.md("")
    return


@app.cell
def _(mo):
    mo.md("""
    with arg
    """)
    return


@app.cell
def _(mo, x):
    print(x)
    mo.md("last")
    return


if __name__ == "__main__":
    app.run()
