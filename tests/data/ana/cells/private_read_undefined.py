value = _missing + 1
