d = {k1: v1, **extra}
s = {a, *b}
