m = [x for x in range(3) for x in x]
