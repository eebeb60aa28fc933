# Brackets across lines, with comments and blank lines inside.
result = call(a,  # first argument
              [1, 2,
               3],

              {'k': (4,
                     5)},  # closing
              )
x = [
    # a comment line inside brackets
    1,
]
y = (1 +
     2) \
    + 3
if a and \
        b:
    pass
z = {
}[
0]
