msg = f"{name!r} has {count:>{width}} items"
