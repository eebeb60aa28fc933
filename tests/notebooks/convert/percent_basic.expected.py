import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import math

    return (math,)


@app.cell
def _(math):
    radius = 2
    area = math.pi * radius**2
    return (area,)


@app.cell
def _(area):
    print(area)
    return


if __name__ == "__main__":
    app.run()
