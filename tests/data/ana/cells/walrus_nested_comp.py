out = [[(w := a * b) for a in r1] for b in r2]
