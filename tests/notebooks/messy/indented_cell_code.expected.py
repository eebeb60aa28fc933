import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    # indented comment
    return


@app.cell
def _():
    x = 1
    return


app._unparsable_cell(
    r"""
    # two spaces
        y = 2
    """,
    name="_"
)


if __name__ == "__main__":
    app.run()
