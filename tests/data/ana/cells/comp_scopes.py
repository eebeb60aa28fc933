squares = {k: k * k for k in range(n)}
s = {q for q in qs if q > lo}
g = (t for t in ts)
print(k)
