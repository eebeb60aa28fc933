# Indentation with spaces, tabs and form feeds.
if x:
    a = 1
    if y:
	b = 2
        c = 3
  	  d = 4
    e = 5

  # a comment at an odd column
    f = 6
# a comment at column zero inside the block
    g = 7

h = 8
class C:
    def m(self):
        return (1 +
  2)


    x = 1
def deep():
  if 1:
    if 2:
      if 3:
        pass
z = 0
