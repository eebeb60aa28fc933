class T:
    base = 2
    vals = [base * i for i in range(3)]
