async def g():
    await h()
