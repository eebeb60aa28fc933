_cache = {}
def get(k):
    return _cache.get(k)
