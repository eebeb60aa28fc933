import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    get_n, set_n = mo.state(0)
    return get_n, set_n


@app.cell
def _(get_n):
    print("reader sees", get_n())
    return


@app.cell
def _(set_n):
    set_n(5)
    print("setter ran")
    return


if __name__ == "__main__":
    app.run()
