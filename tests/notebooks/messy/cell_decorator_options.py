import marimo

__generated_with = "0.22.0"
app = marimo.App()


@app.cell(hide_code=True, disabled=False, column=None)
def _():
    x = 1
    return (x,)


@app.cell(disabled=True, column=1, hide_code=False)
def _(x):
    print(x)
    return


@app.cell()
def _():
    return


if __name__ == "__main__":
    app.run()
