import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    base = 2
    return (base,)


app._unparsable_cell(
    r"""
    broken = (base
    """,
    name="_"
)


@app.cell
def _(broken):
    print("uses broken", broken)
    return


@app.cell
def _(base):
    print("independent", base)
    return


if __name__ == "__main__":
    app.run()
