import marimo

__generated_with = "0.6.0"
app = marimo.App()


@app.cell
def __():
    import marimo as mo
    return mo,


@app.cell
def __(mo):
    mo.md(
        """
        # Old style markdown

        Indented inside the string, as marimo wrote it before 0.12.
        """
    )
    return


@app.cell
def __(mo):
    mo.md(r'''
        Raw, single quotes: $\alpha$
    ''')
    return


@app.cell
def __(mo):
    mo.md(f"""
        f-string with {{braces}} but no placeholders
    """)
    return


@app.cell
def __(mo):
    mo.md("escaped \\n backslash")
    return
