s = 'a\
b\
c'
t = "x\
y
