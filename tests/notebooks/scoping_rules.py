import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    a = 1
    b = 2
    return a, b


@app.cell
def _():
    y = x_later + 1
    x_later = 2
    return x_later, y


@app.cell
def _():
    def f():
        return k


    k = 3
    return (f,)


@app.cell
def _(a, b):
    def g(p=a):
        return p + b

    return (g,)


@app.cell
def _(a, b):
    squares = [v for v in range(a)]
    lam = lambda q: q + b
    return lam, squares


@app.cell
def _():
    total = 0
    for item in range(3):
        total += item
    return (total,)


@app.cell
def _(a):
    if (n := a + 1) > 0:
        pass
    return (n,)


@app.cell
def _():
    with open(__file__) as fh:
        first = fh.readline()
    return (first,)


@app.cell
def _():
    try:
        1 / 0
    except ZeroDivisionError as err:
        print(err)
    return


@app.cell
def _(a, b):
    class K:
        attr = a
        def m(self):
            return b

    return (K,)


@app.cell
def _():
    def setter():
        global counter
        counter = 1

    return counter, setter


@app.cell
def _(a):
    match a:
        case [first_item, *rest]:
            pass
        case {'k': val, **others}:
            pass
        case int(captured):
            pass
    return captured, first_item, others, rest, val


@app.cell
def _():
    import os.path
    import collections.abc as cabc
    from json import dumps as to_json, loads

    return cabc, loads, os, to_json


@app.cell
def _(
    K,
    cabc,
    captured,
    counter,
    f,
    first,
    first_item,
    g,
    lam,
    loads,
    n,
    os,
    others,
    rest,
    setter,
    squares,
    to_json,
    total,
    val,
    y,
):
    print(y, f, g, squares, lam, total, n, first, K, setter, counter, first_item, rest, val, others, captured, os, cabc, to_json, loads)
    return


if __name__ == "__main__":
    app.run()
