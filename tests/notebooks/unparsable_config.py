import marimo

__generated_with = "0.25.2"
app = marimo.App()


app._unparsable_cell(
    r"""
    x = (
    """,
    column=None, disabled=False, hide_code=True, expand_output=False, name="_"
)


app._unparsable_cell(
    r"""
    y = (
    """,
    column=None, disabled=True, hide_code=False, expand_output=False, name="_"
)


app._unparsable_cell(
    r"""
    z = (
    """,
    column=2, disabled=False, hide_code=False, expand_output=False, name="_"
)


app._unparsable_cell(
    r"""
    w = (
    """,
    name="named_broken"
)


app._unparsable_cell(
    r"""
    v = (
    """,
    column=None, disabled=True, hide_code=True, expand_output=False, name="both"
)


@app.cell(column=2)
def _():
    ok = 1
    return


if __name__ == "__main__":
    app.run()
