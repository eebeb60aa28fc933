class Point:
    x: int = 0
    y: int = 0

    def norm(self):
        return math.hypot(self.x, self.y)
