vals = [x async for x in agen()]
