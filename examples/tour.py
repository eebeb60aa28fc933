import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="quire tour")


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    # A tour of quire

    quire edits **reactive** Python notebooks in the terminal. Each cell
    below is a pane; change one and every cell that reads its names runs
    again. This file is a plain marimo notebook: marimo opens it too.
    """)
    return


@app.cell
def controls(mo):
    rate_pct = mo.ui.slider(1.0, 8.0, step=0.25, value=3.5, label="rate (%)")
    rate_pct
    return (rate_pct,)


@app.cell
def inputs(rate_pct):
    rate = rate_pct.value / 100
    years = 10
    principal = 250_000
    return principal, rate, years


@app.function
def monthly_payment(principal, rate, years):
    """Annuity payment for a fixed-rate loan."""
    n = years * 12
    r = rate / 12
    return principal * r / (1 - (1 + r) ** -n)


@app.cell
def payment(principal, rate, years):
    payment = monthly_payment(principal, rate, years)
    print(f"monthly payment: {payment:,.2f}")
    return (payment,)


@app.cell
def interest(payment, principal, years):
    _months = years * 12
    total_interest = payment * _months - principal
    total_interest
    return (total_interest,)


@app.cell
def _(mo, total_interest, years):
    mo.md(
        f"""
        Over **{years} years** the loan costs **{total_interest:,.0f}** in interest.
        Move the rate slider (Tab enters its output, then the arrows) or
        edit `years` in the inputs cell, and this sentence follows.
        """
    )
    return


if __name__ == "__main__":
    app.run()
