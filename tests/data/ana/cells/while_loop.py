i = 0
while i < limit:
    i += step
