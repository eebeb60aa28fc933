import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import sys
    sys.exit()
    return


@app.cell
def _():
    print("independent")
    return


if __name__ == "__main__":
    app.run()
