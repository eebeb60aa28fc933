async for item in stream():
    seen.append(item)
