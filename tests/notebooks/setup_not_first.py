import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup:
    import os


@app.cell
def _():
    y = 2
    return (y,)


@app.cell
def _(y):
    print(os.sep, y)
    return


if __name__ == "__main__":
    app.run()
