@deco
def f():
    pass

def deco(fn):
    return fn
