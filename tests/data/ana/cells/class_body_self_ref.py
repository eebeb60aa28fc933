class A:
    x = x
    y = x + 1
