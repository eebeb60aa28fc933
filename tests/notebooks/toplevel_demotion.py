import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup:
    import math


@app.cell
def _():
    scale = 10
    return (scale,)


@app.cell
def _(scale):
    def scaled(x):
        return x * scale

    return (scaled,)


@app.cell
def _(scale):
    def with_default(x=scale):
        return x

    return (with_default,)


@app.cell
def _():
    def _private(x):
        return x

    return


@app.cell
def _():
    def commented(x):
        return x
    # trailing comment
    return (commented,)


@app.cell
def _():
    def two(x):
        return x


    TWO = 2
    return TWO, two


@app.cell
def _(scaled):
    def calls_scaled(x):
        return scaled(x)

    return (calls_scaled,)


@app.function
def root(x):
    return math.sqrt(abs(x))


@app.cell
def _(TWO, calls_scaled, commented, scaled, two, with_default):
    print(scaled(1), with_default(), commented(1), two(1), TWO, calls_scaled(2), root(4))
    return


if __name__ == "__main__":
    app.run()
