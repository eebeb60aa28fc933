import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.function
def main():
    print("hello")


@app.cell
def _():
    def _main_():
        main()

    _main_()
    return


if __name__ == "__main__":
    app.run()
