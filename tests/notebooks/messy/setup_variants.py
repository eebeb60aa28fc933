import marimo

__generated_with = "0.14.0"
app = marimo.App()

with app.setup():
    import math
    pass


@app.cell
def _():
    print(math.pi)
    return


if __name__ == "__main__":
    app.run()
