import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import sys
    for i in range(3):
        print("line", i)
    print("to stderr", file=sys.stderr)
    return


@app.cell
def _():
    import marimo as mo
    mo.output.append("appended")
    print("after append")
    return


@app.cell
def _():
    print("a", "b", sep="-", end="!\n")
    return


if __name__ == "__main__":
    app.run()
