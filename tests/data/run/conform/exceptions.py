import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.class_definition
class MyError(Exception):
    pass


@app.cell
def _():
    def boom():
        raise MyError("custom")
    print("before")
    boom()
    return


@app.cell
def _():
    d = {}
    d["missing"]
    return


@app.cell
def _():
    assert 1 == 2, "math"
    return


@app.cell
def _():
    print("fine", MyError.__name__)
    return


if __name__ == "__main__":
    app.run()
