for i, j in pairs:
    total = i + j
with open(path) as fh, lock as (l1, l2):
    data = fh.read()
