import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup:
    import marimo as mo
    import math


@app.cell
def _():
    radius = 2
    return (radius,)


@app.cell
def _(radius):
    mo.md(f'area: {math.pi * radius**2}')
    return


if __name__ == "__main__":
    app.run()
