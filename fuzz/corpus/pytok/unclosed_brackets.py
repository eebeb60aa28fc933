f(a, [b, {c: (d,
# c
\
