import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    a = 1
    return


@app.cell
def _():
    a = 2
    return


@app.cell
def _():
    print("fine")
    return


if __name__ == "__main__":
    app.run()
