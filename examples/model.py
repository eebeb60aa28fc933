import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="An epidemic model with sliders")


@app.cell
def _():
    import marimo as mo
    import matplotlib.pyplot as plt
    import numpy as np

    return mo, np, plt


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    # How fast does an outbreak spread?

    The SIR model splits a population into the **s**usceptible, the
    **i**nfected and the **r**ecovered. Each day an infected person meets
    enough people to infect $\beta$ of the susceptible ones, and recovers
    after $1/\gamma$ days:

    $$
    \frac{dS}{dt} = -\beta \frac{S I}{N}, \quad
    \frac{dI}{dt} = \beta \frac{S I}{N} - \gamma I, \quad
    \frac{dR}{dt} = \gamma I
    $$

    Move the controls: every cell below that reads them runs again.
    """)
    return


@app.cell
def controls(mo):
    r0 = mo.ui.slider(0.5, 5.0, step=0.1, value=2.5,
                      label="basic reproduction number R0")
    infectious_days = mo.ui.slider(2, 21, value=7, label="days infectious")
    measures = mo.ui.dropdown(
        {"none": 1.0, "masks": 0.8, "distancing": 0.6, "lockdown": 0.35},
        value="none", label="measures")
    population = mo.ui.number(1_000, 100_000_000, step=1_000,
                              value=1_000_000, label="population")
    mo.vstack([r0, infectious_days, measures, population])
    return infectious_days, measures, population, r0


@app.function
def simulate(beta, gamma, population, days=365, infected=10):
    """Susceptible, infected and recovered counts, day by day."""
    s, i, r = population - infected, float(infected), 0.0
    rows = []
    for day in range(days + 1):
        rows.append((day, s, i, r))
        new = beta * s * i / population
        recovered = gamma * i
        s, i, r = s - new, i + new - recovered, r + recovered
    return rows


@app.cell
def run(infectious_days, measures, np, population, r0):
    gamma = 1 / infectious_days.value
    beta = r0.value * gamma * measures.value
    curve = np.array(simulate(beta, gamma, population.value))
    day, susceptible, infected, recovered = curve.T
    return beta, day, gamma, infected, recovered, susceptible


@app.cell
def _(beta, day, gamma, infected, mo, population, recovered):
    _peak = int(infected.argmax())
    _share = recovered[-1] / population.value
    mo.hstack([
        mo.stat(f"{beta / gamma:.2f}", label="effective R",
                caption="above 1, the outbreak grows",
                direction="increase" if beta > gamma else "decrease",
                target_direction="decrease"),
        mo.stat(f"{infected[_peak]:,.0f}", label="infected at the peak",
                caption=f"on day {int(day[_peak])}"),
        mo.stat(f"{_share:.0%}", label="ever infected",
                caption="after a year"),
    ], justify="start")
    return


@app.cell
def _(day, infected, plt, population, recovered, susceptible):
    fig, _ax = plt.subplots(figsize=(8, 3.5))
    _ax.plot(day, susceptible / population.value, label="susceptible")
    _ax.plot(day, infected / population.value, label="infected")
    _ax.plot(day, recovered / population.value, label="recovered")
    _ax.set_xlabel("day")
    _ax.set_ylabel("share of the population")
    _ax.legend(loc="center right")
    _ax.grid(alpha=0.3)
    fig
    return


@app.cell
def _(day, infected, recovered):
    [
        {"week": int(d) // 7, "infected": round(i), "recovered": round(r)}
        for d, i, r in zip(day, infected, recovered)
        if int(d) % 28 == 0
    ]
    return


@app.cell(hide_code=True)
def _(beta, gamma, mo):
    _msg = (
        "Each case causes fewer than one new case: the outbreak dies out."
        if beta <= gamma
        else "Each case causes more than one new case: the outbreak grows "
        "until enough people have recovered."
    )
    mo.callout(mo.md(_msg), kind="success" if beta <= gamma else "warn")
    return


if __name__ == "__main__":
    app.run()
