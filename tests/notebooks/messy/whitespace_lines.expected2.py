import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    a = 1
  
    b = 2

    c = 3

    d = 4
    return


if __name__ == "__main__":
    app.run()
