import marimo
__generated_with = "0"
app = marimo.App(app_title="a\nb", css_file="c:\\x")

@app.cell
def _():
    mo.md("a\\N{x}")
    return
