import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell
def _(mo):
    slider = mo.ui.slider(1, 10)
    checkbox = mo.ui.checkbox()
    dropdown = mo.ui.dropdown(['a', 'b'])
    text = mo.ui.text()
    number = mo.ui.number(0, 5)
    button = mo.ui.button()
    return button, checkbox, dropdown, number, slider, text


@app.cell
def _(button, checkbox, dropdown, mo, number, slider, text):
    mo.hstack([slider, checkbox, dropdown, text, number, button])
    return


@app.cell
def _(checkbox, dropdown, mo, number, slider, text):
    mo.md(f'{slider.value} {checkbox.value} {dropdown.value} {text.value} {number.value}')
    return


@app.cell
def _(checkbox, mo):
    mo.stop(not checkbox.value)
    print('checked')
    return


if __name__ == "__main__":
    app.run()
