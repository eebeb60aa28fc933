z = 1
del z
