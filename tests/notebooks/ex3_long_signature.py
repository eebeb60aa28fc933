import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    alpha_coefficient, beta_coefficient = 1, 2
    gamma_coefficient, delta_coefficient = 3, 4
    return (
        alpha_coefficient,
        beta_coefficient,
        delta_coefficient,
        gamma_coefficient,
    )


@app.cell
def _(
    alpha_coefficient,
    beta_coefficient,
    delta_coefficient,
    gamma_coefficient,
):
    total = alpha_coefficient + beta_coefficient + gamma_coefficient + delta_coefficient
    return


if __name__ == "__main__":
    app.run()
