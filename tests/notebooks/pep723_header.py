# /// script
# requires-python = ">=3.12"
# dependencies = [
#     "marimo",
#     "polars==1.9.0",
# ]
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    return


@app.cell
def _():
    import polars as pl

    return (pl,)


@app.cell
def _(pl):
    pl.DataFrame({'a': [1, 2]})
    return


if __name__ == "__main__":
    app.run()
