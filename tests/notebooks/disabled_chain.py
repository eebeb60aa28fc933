import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    source = 1
    return (source,)


@app.cell(disabled=True)
def _(source):
    middle = source + 1
    return (middle,)


@app.cell
def _(middle):
    sink = middle * 2
    return (sink,)


@app.cell
def _(sink):
    print(sink)
    return


if __name__ == "__main__":
    app.run()
