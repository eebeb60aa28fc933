import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def one():
    return


@app.cell
def f():
    x = 1; 
    return (x,)


@app.cell
def _(x):
    z = x; 
    return


@app.cell
def _(x):
    y = x; 
    return


if __name__ == "__main__":
    app.run()
