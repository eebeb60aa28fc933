def f():
    global _p
    _p = 1
