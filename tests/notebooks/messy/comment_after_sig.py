import marimo

__generated_with = "0.8.0"
app = marimo.App()


@app.cell
def __():
    import numpy as np
    import pandas as pd
    return np, pd


@app.cell
def __(pd, np):   # my cell
    # load
    df = pd.DataFrame({"a": np.arange(3)})

    return df,
    # trailing note


@app.cell
def __(df):  # another
    df
    return
