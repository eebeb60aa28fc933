import marimo

__generated_with = "0.25.2"
app = marimo.App(width="columns")


@app.function(hide_code=True)
def shown(x):
    return x


@app.class_definition(disabled=True, hide_code=True)
class Hidden:
    pass


@app.function(column=1)
def in_column(x):
    return x


@app.cell(column=1)
def _():
    print(shown, Hidden, in_column)
    return


if __name__ == "__main__":
    app.run()
