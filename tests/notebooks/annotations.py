import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    x: int = 1
    return (x,)


@app.cell
def _():
    import typing
    y: typing.Optional[int] = None
    return (y,)


@app.cell
def _():
    z: 'int' = 3
    return (z,)


@app.class_definition
class Frame:
    pass


@app.cell
def _():
    frame: Frame = Frame()
    return (frame,)


@app.cell
def _():
    w: list[dict[str, 'Frame']] = []
    return (w,)


@app.cell
def _():
    v: int
    return


@app.cell
def _(
    frame: Frame,
    w: list[dict[str, "Frame"]],
    x: int,
    y: "typing.Optional[int]",
    z: "int",
):
    print(x, y, z, frame, w)
    return


@app.cell
def _():
    v = 2
    return


if __name__ == "__main__":
    app.run()
