async def fetch(url):
    async with session.get(url) as r:
        return await r.json()
