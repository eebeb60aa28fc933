import marimo

__generated_with = "0.25.2"
app = marimo.App(width="columns")


@app.cell(expand_output=True)
def _():
    rows = list(range(100))
    return (rows,)


@app.cell(column=1, disabled=True, hide_code=True, expand_output=True)
def _(rows):
    print(rows)
    return


@app.function(expand_output=True)
def shown(x):
    return x


app._unparsable_cell(
    r"""
    broken = (
    """,
    column=None, disabled=False, hide_code=False, expand_output=True, name="broken"
)


@app.cell(expand_output=True)
def named_expanded(rows):
    rows
    return


if __name__ == "__main__":
    app.run()
