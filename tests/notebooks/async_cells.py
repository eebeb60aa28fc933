import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import asyncio

    return (asyncio,)


@app.cell
async def _(asyncio):
    await asyncio.sleep(0)
    x = 1
    return (x,)


@app.cell
async def _():
    async def gen():
        yield 1


    values = [v async for v in gen()]
    return (values,)


@app.class_definition
class CM:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *a):
        return False


@app.cell
async def _(x):
    async with CM() as cm:
        y = x + 1
    return cm, y


@app.cell
async def _(asyncio, y):
    result = await asyncio.gather(asyncio.sleep(0, result=y))
    return (result,)


@app.cell
def _(cm, result, values):
    print(values, result, cm)
    return


if __name__ == "__main__":
    app.run()
