import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell(hide_code=True)
def _():
    x = 1
    return (x,)


@app.cell(column=1, disabled=True)
def _(x):
    print(x)
    return


@app.cell
def _():
    return


if __name__ == "__main__":
    app.run()
