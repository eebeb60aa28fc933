import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import no_such_module_for_quire_tests as nsm

    return (nsm,)


@app.cell
def _(nsm):
    value = nsm.f()
    return


@app.cell
def _():
    print("still runs")
    return


if __name__ == "__main__":
    app.run()
