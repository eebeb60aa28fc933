import marimo

__generated_with = "0.25.2"
app = marimo.App()


app._unparsable_cell(
    r"""
    x = (
    """,
    name="_"
)


app._unparsable_cell(
    r"""
    y = (
    """,
    name="old_name"
)


app._unparsable_cell(
    r"""
    z = (
      1
    """,
    name="_"
)


@app.cell
def _():
    ok = 1
    return


if __name__ == "__main__":
    app.run()
