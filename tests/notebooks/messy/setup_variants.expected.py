import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup:
    import math


@app.cell
def _():
    print(math.pi)
    return


if __name__ == "__main__":
    app.run()
