import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x = len([1, 2])
    y = sorted(range(x))
    print(x, y, __file__)
    return (y,)


@app.cell
def _(y):
    z = max(y) + min(y) + abs(-1)
    print(z, __builtins__)
    return


if __name__ == "__main__":
    app.run()
