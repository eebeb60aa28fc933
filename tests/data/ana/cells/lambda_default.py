fns = [lambda i=i: i * k for i in range(3)]
