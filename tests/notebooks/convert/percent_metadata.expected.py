import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell(hide_code=True)
def _():
    hidden = 1
    return (hidden,)


@app.cell
def _(hidden):
    # Cell tags: keep, parameters
    shown = hidden + 1
    return (shown,)


@app.cell
def _(shown):
    print(shown)
    return


if __name__ == "__main__":
    app.run()
