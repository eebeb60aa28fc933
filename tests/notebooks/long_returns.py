import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    a_rather_long_variable_name_number_one = 1
    a_rather_long_variable_name_number_two = 2
    return (
        a_rather_long_variable_name_number_one,
        a_rather_long_variable_name_number_two,
    )


@app.cell
def _(
    a_rather_long_variable_name_number_one,
    a_rather_long_variable_name_number_two,
):
    print(a_rather_long_variable_name_number_one, a_rather_long_variable_name_number_two)
    return


@app.cell
def _():
    this_is_an_extremely_long_variable_name_that_goes_on_and_on_and_on_x = 1
    return (
        this_is_an_extremely_long_variable_name_that_goes_on_and_on_and_on_x,
    )


@app.cell
def _(this_is_an_extremely_long_variable_name_that_goes_on_and_on_and_on_x):
    print(this_is_an_extremely_long_variable_name_that_goes_on_and_on_and_on_x)
    return


@app.cell
def _():
    abcdefghijklmnopqr, bcdefghijklmnopqrs, cdefghijklmnopqrst = 1, 2, 3
    defghijklmnopqrstu = 4
    return (
        abcdefghijklmnopqr,
        bcdefghijklmnopqrs,
        cdefghijklmnopqrst,
        defghijklmnopqrstu,
    )


@app.cell
def _(
    abcdefghijklmnopqr,
    bcdefghijklmnopqrs,
    cdefghijklmnopqrst,
    defghijklmnopqrstu,
):
    print(abcdefghijklmnopqr, bcdefghijklmnopqrs, cdefghijklmnopqrst, defghijklmnopqrstu)
    return


@app.cell
def _():
    abcdefghijklmnopqrz, bcdefghijklmnopqrs2, cdefghijklmnopqrst2 = 1, 2, 3
    defghijklmnopqrstu2 = 4
    return (
        abcdefghijklmnopqrz,
        bcdefghijklmnopqrs2,
        cdefghijklmnopqrst2,
        defghijklmnopqrstu2,
    )


@app.cell
def _(
    abcdefghijklmnopqrz,
    bcdefghijklmnopqrs2,
    cdefghijklmnopqrst2,
    defghijklmnopqrstu2,
):
    print(abcdefghijklmnopqrz, bcdefghijklmnopqrs2, cdefghijklmnopqrst2, defghijklmnopqrstu2)
    return


if __name__ == "__main__":
    app.run()
