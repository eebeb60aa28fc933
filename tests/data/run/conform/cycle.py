import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _(q):
    p = q + 1
    return (p,)


@app.cell
def _(p):
    q = p + 1
    return (q,)


@app.cell
def _(p):
    print("reads the cycle", p)
    return


@app.cell
def _():
    print("outside the cycle")
    return


if __name__ == "__main__":
    app.run()
