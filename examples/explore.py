import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Bike trips: a data exploration")


@app.cell
def _():
    import marimo as mo
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    return mo, np, pd, plt


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    # Bike trips in a year

    A city bike-share scheme counts its rides every day. How much do the
    weather and the day of the week move the numbers? The data below is
    generated in the notebook (a fixed seed, so every run shows the same
    figures): one row per day of 2024 with the mean temperature, the rain
    and the number of rides.
    """)
    return


@app.cell
def data(np, pd):
    rng = np.random.default_rng(2024)
    days = pd.date_range("2024-01-01", "2024-12-31", freq="D")
    _season = np.sin(2 * np.pi * (days.dayofyear.to_numpy() - 110) / 366)
    _temp = 11 + 9 * _season + rng.normal(0, 2.5, len(days))
    _wet = rng.random(len(days)) < 0.4
    _rain = np.where(_wet, rng.gamma(0.8, 5.0, len(days)), 0.0)
    _weekend = days.dayofweek >= 5
    _rides = (2600 + 110 * _temp - 70 * _rain - 650 * _weekend
              + rng.normal(0, 220, len(days)))
    trips = pd.DataFrame({
        "date": days,
        "temp_c": _temp.round(1),
        "rain_mm": _rain.round(1),
        "weekend": _weekend,
        "rides": _rides.clip(150).round().astype(int),
    })
    trips
    return (trips,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    ## A first look

    The usual summary: counts, means, spread and quartiles of each
    numeric column.
    """)
    return


@app.cell
def _(trips):
    trips.describe().round(1)
    return


@app.cell
def monthly(trips):
    monthly = (
        trips.groupby(trips["date"].dt.month_name().str[:3], sort=False)
        .agg(days=("rides", "size"), mean_temp=("temp_c", "mean"),
             rain_days=("rain_mm", lambda r: int((r > 0).sum())),
             rides=("rides", "sum"), per_day=("rides", "mean"))
        .round(1)
        .rename_axis("month")
    )
    monthly
    return (monthly,)


@app.cell
def _(mo, monthly, trips):
    _best = monthly["rides"].idxmax()
    _worst = monthly["rides"].idxmin()
    _r = trips["temp_c"].corr(trips["rides"])
    mo.md(f"""
    The busiest month is **{_best}** with {monthly.loc[_best, "rides"]:,.0f}
    rides, the quietest **{_worst}** with {monthly.loc[_worst, "rides"]:,.0f}.
    Temperature and rides move together: their correlation is
    **{_r:.2f}**.
    """)
    return


@app.cell
def _(monthly, plt, trips):
    fig, (_left, _right) = plt.subplots(1, 2, figsize=(10, 4))
    _left.bar(monthly.index, monthly["per_day"],
              color="#4c72b0")
    _left.set_title("Rides per day, by month")
    _left.tick_params(axis="x", rotation=45)
    for _weekend, _color in ((False, "#4c72b0"), (True, "#dd8452")):
        _days = trips[trips["weekend"] == _weekend]
        _right.scatter(_days["temp_c"], _days["rides"], s=8, alpha=0.6,
                       color=_color,
                       label="weekend" if _weekend else "weekday")
    _right.set_xlabel("mean temperature (°C)")
    _right.set_ylabel("rides")
    _right.legend()
    _right.set_title("Warmer days, more rides")
    fig.tight_layout()
    fig
    return


@app.cell
def _(pd, trips):
    _kind = pd.cut(trips["rain_mm"], [-1, 0, 5, 1000],
                   labels=["dry", "light rain", "heavy rain"])
    rain_effect = (
        trips.groupby(_kind, observed=True)["rides"]
        .agg(["count", "mean", "median"])
        .round(0)
        .rename(columns={"count": "days"})
    )
    rain_effect
    return (rain_effect,)


@app.cell
def _(mo, rain_effect, trips):
    _dry = rain_effect.loc["dry", "mean"]
    _heavy = rain_effect.loc["heavy rain", "mean"]
    _weekday = trips.loc[~trips["weekend"], "rides"].mean()
    _weekend = trips.loc[trips["weekend"], "rides"].mean()
    mo.vstack([
        mo.md("## What moves the numbers"),
        mo.hstack([
            mo.stat(f"{_heavy / _dry - 1:+.0%}", label="heavy rain",
                    caption="rides per day vs a dry day",
                    direction="decrease"),
            mo.stat(f"{_weekend / _weekday - 1:+.0%}", label="weekend",
                    caption="rides per day vs a weekday",
                    direction="decrease"),
            mo.stat(f"{trips['rides'].sum():,}", label="rides in 2024",
                    caption=f"{len(trips)} days"),
        ], justify="start"),
        mo.callout(mo.md(
            "Rain costs more riders than the weekend does: plan "
            "maintenance for wet weekdays."), kind="info"),
    ])
    return


if __name__ == "__main__":
    app.run()
