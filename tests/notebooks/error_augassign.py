import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    count = 0
    return


@app.cell
def _():
    count += 1
    return


if __name__ == "__main__":
    app.run()
