import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x = 1
    # before return
    return (x,)


@app.cell
def _(x):
    print(x)

    # comment then blank
    return


if __name__ == "__main__":
    app.run()
