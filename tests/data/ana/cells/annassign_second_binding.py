x = 1
x: int = 2
y: float = x
