import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import sys
    chunk = "x" * (1 << 20) + "\n"
    for _ in range(200):
        sys.stdout.write(chunk)
    return


@app.cell
def _():
    print("next cell")
    return


if __name__ == "__main__":
    app.run()
