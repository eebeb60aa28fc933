import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import asyncio

    return (asyncio,)


@app.cell
def _():
    first_long_dependency = 1
    second_long_dependency = 2
    third_long_dependency = 3
    return first_long_dependency, second_long_dependency, third_long_dependency


@app.cell
async def _(
    asyncio,
    first_long_dependency,
    second_long_dependency,
    third_long_dependency,
):
    await asyncio.sleep(0)
    sum_of_all = first_long_dependency + second_long_dependency + third_long_dependency
    return (sum_of_all,)


@app.cell
def _(sum_of_all):
    print(sum_of_all)
    return


if __name__ == "__main__":
    app.run()
