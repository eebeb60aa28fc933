import marimo

__generated_with = "0.9.0"
app = marimo.App()


@app.cell
def __():
    x = 1
    y = 2
    return x, y


@app.cell
def compute(
    x,  # the first input
    # a comment on its own line
    y: int,
) -> int:
    z = x + y
    return z,


@app.cell
def __(z: "int"):
    print(z)
    return


@app.cell
def __(x,
       y):
    w = x * y
    return (w,)


@app.cell
def __(w): v = w; return
