import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    shared = [1, 2]
    return (shared,)


@app.cell
def _(shared):
    print(shared)
    return


@app.cell
def _(shared):
    del shared
    return


if __name__ == "__main__":
    app.run()
