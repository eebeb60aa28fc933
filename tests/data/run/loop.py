import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    print("looping", flush=True)
    while True:
        pass
    return


@app.cell
def _():
    print("after loop")
    return


if __name__ == "__main__":
    app.run()
