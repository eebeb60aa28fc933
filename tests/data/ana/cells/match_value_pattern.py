match code:
    case Status.OK:
        ok = True
    case _:
        ok = False
