class C:
    def f(self):
        return f
    def g(self):
        return self.f()
