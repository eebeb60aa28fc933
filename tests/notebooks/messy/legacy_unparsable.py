import marimo

__generated_with = "0.1.0"
app = marimo.App()


app._unparsable_cell(r"""x = (""", name="__")


app._unparsable_cell(
    r"""
    y = (
    """,
    name="old_name"
)


app._unparsable_cell("""z = (\n  1""", name="__")


@app.cell
def __():
    ok = 1
    return ok,


if __name__ == "__main__":
    app.run()
