import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    z = 1

    return (z,)


@app.cell
def _(z):
    print(z)
    return


app._unparsable_cell(
    r"""
    return 5
    """,
    name="_"
)


@app.cell
def _():
    a = 1

    b = 2

    print(a, b)
    return


if __name__ == "__main__":
    app.run()
