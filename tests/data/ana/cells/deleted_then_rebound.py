del x
x = 1
