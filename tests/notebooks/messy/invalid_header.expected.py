# a comment

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    y = 1
    return


if __name__ == "__main__":
    app.run()
