import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.function
def add(a, b):
    return a + b


@app.class_definition
class Point:
    x = 0


@app.cell
def _():
    add(Point.x, 1)
    return


if __name__ == "__main__":
    app.run()
