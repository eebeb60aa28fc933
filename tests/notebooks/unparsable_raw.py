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
    def broken(:
        pass
    """,
    name="_"
)


app._unparsable_cell(
    r"""
    path = r'C:\temp' +
    """,
    name="_"
)


@app.cell
def _():
    y = 1
    return


app._unparsable_cell(
    r"""
    print(y
    """,
    name="_"
)


app._unparsable_cell(
    r"""
    return 5
    """,
    name="_"
)


app._unparsable_cell(
    r"""
    yield 1
    """,
    name="_"
)


if __name__ == "__main__":
    app.run()
