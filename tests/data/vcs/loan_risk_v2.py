import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import pandas as pd
    return (pd,)


@app.cell
def threshold():
    cutoff = 0.40
    return (cutoff,)


@app.cell
def load(pd):
    df = pd.read_csv("loans_2026.csv")
    df = df.dropna()
    return (df,)


@app.cell
def flagged(cutoff, df):
    ratio = df.debt / df.income
    flagged = df[ratio >= cutoff]
    return (flagged,)


@app.cell
def summary(flagged):
    share = len(flagged) / 100
    share
    return


if __name__ == "__main__":
    app.run()
