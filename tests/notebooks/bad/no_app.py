import marimo

__generated_with = "0.25.2"


@app.cell
def _():
    return
