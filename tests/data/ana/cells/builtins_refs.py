n = len(items)
print(n, max(items), sorted(items))
data = list(range(10))
