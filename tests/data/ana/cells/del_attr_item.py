del obj.attr
del d[k]
