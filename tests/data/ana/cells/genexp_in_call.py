total = sum(x * w for x in xs)
