match command:
    case Point(x=px, y=0):
        where = px
    case [first, *rest]:
        n = len(rest)
    case {'k': v, **kw}:
        pass
    case str() as s:
        pass
    case other:
        pass
