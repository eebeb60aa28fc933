import marimo

__generated_with = "0.9.14"
app = marimo.App(width="medium")


@app.cell
def __():
    import marimo as mo
    return (mo,)


@app.cell
def __(mo):
    mo.md(
        r"""
        # Title

        @app.cell
        def fake():
            return
        """
    )
    return


@app.cell(hide_code=True)
def __(mo):
    slider = mo.ui.slider(0, 100, value=30, label="cut-off")
    slider
    return (slider,)


if __name__ == "__main__":
    app.run()
