with ctx():
    body = 1
