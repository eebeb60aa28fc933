r = [v for v in v]
