import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    big = bytearray(10 * 1024 ** 3)
    return


@app.cell
def _():
    print("small", len(bytearray(1024)))
    return


if __name__ == "__main__":
    app.run()
