import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Quarterly operations report")


@app.cell
def _():
    import marimo as mo

    return (mo,)


@app.cell
def figures():
    quarters = ["Q1", "Q2", "Q3", "Q4"]
    revenue = [1.82, 1.95, 2.31, 2.64]  # millions
    costs = [1.41, 1.47, 1.62, 1.79]
    tickets = [4120, 3890, 3505, 3210]
    resolved_in_a_day = [0.71, 0.76, 0.83, 0.88]
    return costs, quarters, resolved_in_a_day, revenue, tickets


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    # Operations report, 2024

    *Prepared for the steering committee. Every figure in this report is
    computed by the notebook from the table in its second cell: change a
    number there and the text follows.*

    ## Summary
    """)
    return


@app.cell(hide_code=True)
def _(costs, mo, resolved_in_a_day, revenue, tickets):
    _margin = 1 - sum(costs) / sum(revenue)
    _growth = revenue[-1] / revenue[0] - 1
    mo.hstack([
        mo.stat(f"{sum(revenue):.2f}M", label="revenue",
                caption=f"{_growth:+.0%} from Q1 to Q4",
                direction="increase"),
        mo.stat(f"{_margin:.1%}", label="operating margin",
                caption="of revenue"),
        mo.stat(f"{sum(tickets):,}", label="support tickets",
                caption=f"{tickets[-1] / tickets[0] - 1:+.0%} over the year",
                direction="decrease", target_direction="decrease"),
        mo.stat(f"{resolved_in_a_day[-1]:.0%}", label="solved in a day",
                caption="in Q4", direction="increase"),
    ], justify="start")
    return


@app.cell(hide_code=True)
def _(costs, mo, quarters, revenue):
    _rows = "\n".join(
        f"| {q} | {r:.2f} | {c:.2f} | {r - c:.2f} | {(r - c) / r:.0%} |"
        for q, r, c in zip(quarters, revenue, costs)
    )
    mo.md(f"""
    ## Revenue and costs

    Figures in millions. The margin of a quarter is
    $m = (r - c) / r$ for revenue $r$ and costs $c$.

    | quarter | revenue | costs | result | margin |
    | :--- | ---: | ---: | ---: | ---: |
    {_rows}

    Revenue grew every quarter, faster than costs:

    1. the new enterprise plan took over from the old licences in Q2;
    2. two large customers renewed for three years in Q3;
    3. costs grew with the support team, by two people in Q3.
    """)
    return


@app.cell(hide_code=True)
def _(mo, quarters, resolved_in_a_day, tickets):
    _worst = max(range(4), key=lambda i: tickets[i])
    mo.vstack([
        mo.md(f"""
        ## Support

        Tickets fell from **{tickets[0]:,}** in Q1 to **{tickets[-1]:,}**
        in Q4, while the share solved within a day rose to
        **{resolved_in_a_day[-1]:.0%}**.

        - [x] self-service password resets (Q2)
        - [x] a status page for outages (Q3)
        - [ ] a knowledge base in three languages (planned for 2025)
        """),
        mo.callout(mo.md(
            f"The busiest quarter was **{quarters[_worst]}**: "
            "staff holidays should avoid the first weeks of the year."),
            kind="warn", title="Staffing"),
    ])
    return


@app.cell(hide_code=True)
def _(mo):
    mo.accordion({
        "Method": mo.md("""
            Revenue is invoiced revenue, costs are operating costs
            without depreciation. Tickets count every request opened in
            the quarter, solved or not.
            """),
        "Definitions": mo.tree({
            "margin": "(revenue - costs) / revenue",
            "solved in a day": "closed within 24 hours of opening",
            "quarters": ["Q1: Jan-Mar", "Q2: Apr-Jun", "Q3: Jul-Sep",
                         "Q4: Oct-Dec"],
        }),
    })
    return


@app.cell(hide_code=True)
def _(mo):
    mo.callout(mo.md("""
        **Next steps.** Keep the support team at its Q4 size, publish the
        knowledge base, and review prices of the enterprise plan in Q2.
        """), kind="success", title="Decision")
    return


if __name__ == "__main__":
    app.run()
