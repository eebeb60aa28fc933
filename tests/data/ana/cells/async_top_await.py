import asyncio
await asyncio.sleep(0)
result = await fetch(u)
