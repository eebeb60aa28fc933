import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def setup_data():
    rows = [("北京", 21.5), ("Zürich", 0.4), ("café", 1.2)]
    return (rows,)


@app.cell
def report(rows):
    for city, pop in rows:
        print(f"{city:<8}|{pop:>6.1f}")
    return


@app.cell(hide_code=True)
def _():
    note = "this cell's code is hidden; its output is not"
    print(note)
    return


@app.cell
def _(rows):
    total = sum(p for _, p in rows)  # a comment long enough to run past the right edge of the pane
    total
    return


if __name__ == "__main__":
    app.run()
