# /// script
# dependencies = ["marimo"]
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup(hide_code=True):
    import math


@app.function
def area(r):
    return math.pi * r**2


@app.cell
def _():
    data = [1, 2, 3]
    return (data,)


@app.cell
def _(data):
    def total():
        return sum(data)

    return (total,)


@app.cell
def _(total):
    area(2) + total()
    return


if __name__ == "__main__":
    app.run()
