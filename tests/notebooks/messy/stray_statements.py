import marimo

__generated_with = "0.11.0"
app = marimo.App()

print("a stray statement before the cells")


@app.cell
def _():
    x = 1
    return (x,)


y = 2


def undecorated():
    return 3


@app.cell
def _(x):
    print(x)
    return


if __name__ == "__main__":
    app.run()

print("after the run guard: dropped")
