import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    print("\x1b]0;pwned\x07title \x1b[31mred\x1b[0m done")
    "\x1b[2J"
    return


if __name__ == "__main__":
    app.run()
