vals = [await g(x) for x in xs]
