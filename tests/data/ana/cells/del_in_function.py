def f():
    del g
