class K:
    pass

k = K()
