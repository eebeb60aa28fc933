class A(**kw):
    pass
