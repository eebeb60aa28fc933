def outer(a):
    def inner(b):
        return a + b + c
    return inner

c = 10
