import marimo

__generated_with = "0.20.0"
app = marimo.App()


@app.cell
def _():
    scale = 3
    return (scale,)


@app.function
def scaled(x):
    return x * scale


@app.cell
def _():
    print(scaled(2))
    return


if __name__ == "__main__":
    app.run()
