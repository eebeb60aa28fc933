import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import dataclasses

    return (dataclasses,)


@app.cell
def _():
    factor = 2
    return (factor,)


@app.cell
def _(dataclasses, factor):
    @dataclasses.dataclass
    class Row:
        value: int = factor

    return (Row,)


@app.cell
def _(Row, factor):
    class Scaled(Row):
        def double(self):
            return self.value * factor

    return (Scaled,)


@app.cell
def _(Scaled):
    Scaled(3).double()
    return


if __name__ == "__main__":
    app.run()
