y = 2
y;  # hidden
