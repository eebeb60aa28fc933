import marimo

__generated_with = "0.25.2"
app = marimo.App()


app._unparsable_cell(
    """
    s = \"\"\"triple\"\"\"
    t = (
    """,
    name="_"
)


app._unparsable_cell(
    """
    doc = \"\"\"has a \\\\ backslash and \"quotes\" \"\"\" +
    """,
    name="_"
)


app._unparsable_cell(
    """
    \"\"\"

        indented inside
    \"\"\"
    )
    """,
    name="_"
)


if __name__ == "__main__":
    app.run()
