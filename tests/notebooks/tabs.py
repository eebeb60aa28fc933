import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    def f(x):
    	return x


    y = f(1)
    return (y,)


@app.cell
def _(y):
    s = 'a	b'
    print(y, s)
    return


@app.cell
def _():
    if True:
    	z = 1
    return (z,)


@app.cell
def _(z):
    print(z)	# tab before comment
    return


if __name__ == "__main__":
    app.run()
