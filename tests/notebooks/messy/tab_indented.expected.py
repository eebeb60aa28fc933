import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x = 1
    if x:
    	y = 2
    return x, y


@app.cell
def _(x, y):
    print(x, y)
    return


if __name__ == "__main__":
    app.run()
