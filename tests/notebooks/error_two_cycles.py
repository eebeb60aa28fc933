import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _(q):
    p = q
    return (p,)


@app.cell
def _(p):
    q = p
    return (q,)


@app.cell
def _(s):
    r = s
    return (r,)


@app.cell
def _(r):
    s = r
    return (s,)


if __name__ == "__main__":
    app.run()
