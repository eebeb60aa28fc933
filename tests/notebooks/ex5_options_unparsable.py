import marimo

__generated_with = "0.25.2"
app = marimo.App()


app._unparsable_cell(
    r"""
    x = (
    """,
    column=None, disabled=False, hide_code=True, expand_output=False, name="_"
)


@app.cell(column=1, disabled=True)
def _():
    y = 1
    return


app._unparsable_cell(
    """
    s = \"\"\"a\"\"\"
    t = (
    """,
    name="broken"
)


if __name__ == "__main__":
    app.run()
