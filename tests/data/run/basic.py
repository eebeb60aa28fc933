import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    x = 1
    print("hello", x)
    return mo, x


@app.cell
def _(x):
    y = x / 0
    return (y,)


@app.cell
def _(y):
    print("never", y)
    return


@app.cell
def _(mo):
    mo.md("""
    # Title
    """)
    return


@app.cell
def _(x):
    print("independent", x + 1)
    [{"a": 1}]
    return


if __name__ == "__main__":
    app.run()
