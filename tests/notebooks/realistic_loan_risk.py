# /// script
# requires-python = ">=3.11"
# dependencies = ["marimo"]
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Loan risk")

with app.setup(hide_code=True):
    import marimo as mo
    import math
    import statistics


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Loan risk

    Scores applications and flags the risky ones.
    """)
    return


@app.cell
def _():
    threshold = mo.ui.slider(0, 100, value=30, label='cut-off')
    threshold
    return (threshold,)


@app.cell
def load():
    applications = [
        {'id': 1, 'income': 52000, 'debt': 12000},
        {'id': 2, 'income': 31000, 'debt': 29000},
        {'id': 3, 'income': 88000, 'debt': 5000},
    ]
    return (applications,)


@app.function
def score(app):
    ratio = app['debt'] / app['income']
    return round(100 * (1 - math.exp(-3 * ratio)))


@app.cell
def _(applications):
    scores = {a['id']: score(a) for a in applications}
    mean_score = statistics.mean(scores.values())
    return mean_score, scores


@app.cell
def flagged(scores, threshold):
    flagged = [i for i, s in scores.items() if s >= threshold.value]
    return (flagged,)


@app.cell
def _(flagged, mean_score, scores):
    mo.md(f"**{len(flagged)}** of {len(scores)} flagged (mean {mean_score:.1f})")
    return


@app.cell
def _(flagged, scores):
    _rows = [
        {'id': i, 'score': s, 'flag': i in flagged}
        for i, s in scores.items()
    ]
    mo.ui.table(_rows)
    return


if __name__ == "__main__":
    app.run()
