import marimo

__generated_with = '0.1.0'
app = marimo.App(width="medium", sql_output="auto", unknown_key=1, app_title="Old")


@app.cell
def _():
    x = 1
    return (x,)


if __name__ == "__main__":
    app.run()
