def bump():
    global n
    n = n + 1

n = 0
