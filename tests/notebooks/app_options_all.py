import marimo

__generated_with = "0.25.2"
app = marimo.App(
    width="columns",
    app_title="All options",
    layout_file="layouts/all.slides.json",
    css_file="all.css",
    html_head_file="all-head.html",
    auto_download=["markdown"],
    sql_output="pandas",
)


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell
def _(mo):
    mo.md("""
    # Every option
    """)
    return


if __name__ == "__main__":
    app.run()
