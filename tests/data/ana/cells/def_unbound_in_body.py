def f():
    return undefined_name + len(x)
