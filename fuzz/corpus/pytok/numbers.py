# Numbers, as tokenize cuts them.
a = 0 00 0_0 1 1_000 123_456_789
b = 0x1F 0XdeadBEEF 0x_ff 0o17 0O7_7 0b1010 0B_1
c = 1.5 1. .5 1.5e10 1e-3 1E+3 1_0.0_1e1_0 0.0 00.5
d = 3j 3J 1.5j .5j 1e3j 1_0j
e = 0777 1e 1_ 0x 0b2 1__0 1if 1else 0b1e 1.e 1.j
f = x.real .5.real 1..real 1 .real ...
g = [1,2,3][1:2] 1+2-3*4/5//6%7**8@9
h = a**=b//=c>>=d<<=e->f:=g!=h<>i
