def f(a, b=default, *args, c=kw, **kwargs):
    return a + b + helper(c)
