async with lock:
    n = 1
