@functools.cache
@register(name=label)
def compute(n: int) -> Result:
    return n * factor
