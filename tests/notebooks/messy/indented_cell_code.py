import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
        # indented comment
    return


app._unparsable_cell(
    r"""
        x = 1
    """,
    name="_"
)


@app.cell
def _():
      # two spaces
    y = 2
    return


if __name__ == "__main__":
    app.run()
