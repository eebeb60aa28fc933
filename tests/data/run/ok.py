import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    n = 3
    return mo, n


@app.cell
def _(n):
    print("n is", n)
    return


@app.cell
def _(mo, n):
    mo.md(f"**{n * 2}**")
    return


@app.cell
def _(n):
    _private = 5
    _private * n
    return


if __name__ == "__main__":
    app.run()
