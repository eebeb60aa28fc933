try:
    r = risky()
except ValueError as e:
    msg = str(e)
except (KeyError, OSError):
    msg = fallback
else:
    msg = 'ok'
finally:
    done = True
