res = fn(*args, **kwargs)
