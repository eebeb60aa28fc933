def show():
    global shared
    print(shared)
