import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    scale = 3
    return (scale,)


@app.cell
def _(scale):
    def scaled(x):
        return x * scale

    return (scaled,)


@app.cell
def _(scaled):
    print(scaled(2))
    return


if __name__ == "__main__":
    app.run()
