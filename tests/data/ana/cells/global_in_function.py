def setup():
    global counter
    counter = 0
