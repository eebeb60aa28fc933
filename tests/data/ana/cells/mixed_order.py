print(total)
total = 0
for v in values:
    total += v
