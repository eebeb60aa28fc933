list = [1, 2]
filter = None
