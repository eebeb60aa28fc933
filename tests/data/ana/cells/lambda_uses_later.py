f = lambda: later
later = 1
