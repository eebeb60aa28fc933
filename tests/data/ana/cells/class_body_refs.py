class Config(Base, metaclass=Meta):
    size = DEFAULT_SIZE
    twice = size * 2

    def method(self):
        return helper(self)
