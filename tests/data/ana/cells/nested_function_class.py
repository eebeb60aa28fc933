def make():
    class Local:
        attr = outer_value
        def m(self):
            return late
    return Local

late = 1
