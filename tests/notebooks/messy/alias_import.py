import marimo as mo

__generated_with = "0.13.0"
app = mo.App(app_title="Aliased")


@app.cell
def _():
    import marimo as mo
    return (mo,)


@app.cell
def _(mo):
    mo.md("aliased import of marimo")
    return
