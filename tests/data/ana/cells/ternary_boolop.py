v = a if cond else b
w = p and q or not r
