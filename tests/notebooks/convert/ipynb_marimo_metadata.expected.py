# a header comment

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Meta")


@app.cell(hide_code=True)
def _():
    import marimo as mo

    return (mo,)


@app.cell(column=1)
def define_x():
    x = 1
    return (x,)


@app.cell(disabled=True)
def _(x):
    print(x)
    return


@app.cell
def _(mo):
    mo.md(r"""
    raw prefix
    """)
    return


if __name__ == "__main__":
    app.run()
