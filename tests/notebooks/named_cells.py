import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def imports():
    import marimo as mo

    return (mo,)


@app.cell
def load_rows():
    rows = [1, 2, 3]
    return (rows,)


@app.cell
def summarise(rows):
    total = sum(rows)
    return (total,)


@app.cell
def report(mo, total):
    mo.md(f'total: {total}')
    return


@app.cell
def _(total):
    anonymous_value = total * 2
    return (anonymous_value,)


@app.cell
def _(anonymous_value):
    print(anonymous_value)
    return


@app.cell
def cell_with_digits_2(rows):
    print(rows)
    return


if __name__ == "__main__":
    app.run()
