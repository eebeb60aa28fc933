x = 1
def f(x=x):
    return x
