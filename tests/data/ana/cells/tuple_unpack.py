a, (b, c), *d = f()
[e, g] = h
