import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    def f(n):
        return f(n + 1)
    f(0)
    return


@app.cell
def _():
    print("after recursion")
    return


if __name__ == "__main__":
    app.run()
