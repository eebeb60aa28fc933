import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell(disabled=True)
def _():
    q = 1
    return


@app.cell
def _():
    print('enabled cell')
    return


if __name__ == "__main__":
    app.run()
