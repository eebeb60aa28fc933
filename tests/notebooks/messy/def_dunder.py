import marimo

__generated_with = "0.3.2"
app = marimo.App(width="full")


@app.cell
def __():
    import marimo as mo
    return mo,


@app.cell
def __(mo):
    mo.md("# Old notebook")
    return


@app.cell
def __(mo):
    slider = mo.ui.slider(1, 10)
    slider
    return slider,


@app.cell
def __(slider):
    slider.value
    return


if __name__ == "__main__":
    app.run()
