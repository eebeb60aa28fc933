import marimo

__generated_with = "0.10.0"
app = marimo.App()


@app.cell
def __():
    def add(a, b):
        return a + b
    return add,


@app.cell
def __():
    class Point:
        x = 0
    return Point,


@app.cell
def __(Point, add):
    add(Point.x, 1)
    return


if __name__ == "__main__":
    app.run()
