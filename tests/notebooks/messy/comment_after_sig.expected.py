import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import numpy as np
    import pandas as pd

    return np, pd


@app.cell
def _(np, pd):
    # load
    df = pd.DataFrame({"a": np.arange(3)})
    return (df,)


@app.cell
def _(df):
    df
    return


if __name__ == "__main__":
    app.run()
