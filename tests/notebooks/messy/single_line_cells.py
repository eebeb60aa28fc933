import marimo

__generated_with = "0.2.0"
app = marimo.App()


@app.cell
def one(): return


@app.cell
def f(): x = 1; return x,


@app.cell
def __(x): z = x; return z,


@app.cell
def __(x):
    y = x; return y,


if __name__ == "__main__":
    app.run()
