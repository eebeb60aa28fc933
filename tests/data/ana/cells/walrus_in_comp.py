vals = [y := f(v) for v in seq]
last = y
