import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    mo.stop(True, mo.md("stopped here"))
    z = 1
    return (z,)


@app.cell
def _(z):
    print(z)
    return


if __name__ == "__main__":
    app.run()
