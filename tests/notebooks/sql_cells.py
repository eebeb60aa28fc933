import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import duckdb

    return (mo,)


@app.cell
def _(mo):
    limit = mo.ui.slider(1, 10)
    return (limit,)


@app.cell
def _(limit, mo):
    df = mo.sql(f"SELECT {limit.value} AS n")
    return (df,)


@app.cell
def _(df, limit, mo):
    result = mo.sql(
        f"""
        SELECT * FROM df LIMIT {limit.value}
        """
    )
    return (result,)


@app.cell
def _(mo):
    _ = mo.sql(
        f"""
        CREATE OR REPLACE TABLE things AS SELECT 1 AS id
        """
    )
    return


@app.cell
def _(df, mo, things):
    mo.sql(
        f"""
        SELECT * FROM things JOIN df ON true
        """
    )
    return


@app.cell
def _(mo):
    mo.sql(
        f"""
        SELECT * FROM analytics.events
        """
    )
    return


@app.cell
def _(result):
    print(result)
    return


if __name__ == "__main__":
    app.run()
