import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    args = mo.cli_args()
    print(sorted(args.items()), mo.app_meta().mode)
    print(mo.notebook_dir().name)
    return


if __name__ == "__main__":
    app.run()
