_tmp = load()
__ = 1
_ = 2
__dunder__ = 3
__x = 4
result = _tmp + __ + _
