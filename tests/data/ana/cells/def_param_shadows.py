def f(data, *, scale=2):
    data = data * scale
    return data
