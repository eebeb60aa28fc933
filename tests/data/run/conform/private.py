import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    _t = 1
    a = _t + 1
    print("a", a)
    return (a,)


@app.cell
def _():
    _t = 10
    b = _t * 2
    print("b", b)
    return


@app.cell
def _():
    _k = 3
    def times_k(v):
        return v * _k
    print(times_k(2))
    return (times_k,)


@app.cell
def _(a, times_k):
    print(times_k(a))
    return


@app.cell
def _():
    print(_k)
    return


if __name__ == "__main__":
    app.run()
