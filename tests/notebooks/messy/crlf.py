import marimo

__generated_with = "0.12.0"
app = marimo.App()


@app.cell
def _():
    x = 1
    s = """line one
line two
"""
    return (x,)


@app.cell
def _(x):
    print(x)
    return


if __name__ == "__main__":
    app.run()
