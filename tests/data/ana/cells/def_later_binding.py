def f():
    return k

k = 3
