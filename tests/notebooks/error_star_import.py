import marimo

__generated_with = "0.25.2"
app = marimo.App()


app._unparsable_cell(
    r"""
    from math import *
    """,
    name="_"
)


@app.cell
def _(pi):
    print(pi)
    return


if __name__ == "__main__":
    app.run()
