assert check(x), message
if bad:
    raise Custom(err_msg)
