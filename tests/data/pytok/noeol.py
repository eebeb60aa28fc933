def f():
    if x:
        return 1  # no line break at the end