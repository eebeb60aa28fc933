if (n := len(items)) > 3:
    big = n
