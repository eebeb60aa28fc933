import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup:
    import os
    z = y


@app.cell
def _():
    y = 1
    return


if __name__ == "__main__":
    app.run()
