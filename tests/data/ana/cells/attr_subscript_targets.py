obj.attr = 1
d[k] = v
obj.attr.sub.deep = w
