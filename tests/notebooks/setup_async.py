import marimo

__generated_with = "0.25.2"
app = marimo.App()

async with app.setup:
    import asyncio
    await asyncio.sleep(0)


@app.cell
def _():
    print(asyncio.get_event_loop)
    return


if __name__ == "__main__":
    app.run()
